// Starts Pagefind's search box on the search page; reads ?q= so a search can be linked to.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || typeof PagefindUI === "undefined") {
    return;
  }
  var bundle = new URL(box.dataset.bundle, document.baseURI);
  // Pagefind stores result paths from the language folder, where its bundle lives.
  var baseUrl = new URL("../", bundle).pathname;
  var excerptLength = 12; // the search box's, given to every part of the index alike
  // A metadata field the index searches but readers need not see (newsdesk/pelican/search_folds.py).
  var hiddenMeta = box.dataset.hiddenMeta;
  // Letters the index does not fold ("đ": "d"); the words found through them are marked here.
  var foldLetters = JSON.parse(box.dataset.foldLetters || "{}");
  var query = "";

  function holdsFoldLetter(text) {
    return Object.keys(foldLetters).some(function (letter) {
      return text.indexOf(letter) !== -1;
    });
  }

  function fold(word) {
    var plain = Array.from(word, function (char) {
      return Object.prototype.hasOwnProperty.call(foldLetters, char) ? foldLetters[char] : char;
    }).join("");
    return plain.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }

  // Pagefind marks the words it matched; a word matched through a letter it does not fold
  // ("dong" for "đồng") is marked the same way. Tags and character references are left alone.
  function markFolded(excerpt) {
    var terms = query.split(/\s+/).map(fold).filter(Boolean);
    if (!excerpt || !terms.length) {
      return excerpt;
    }
    var last = terms[terms.length - 1];
    var marked = 0;
    return excerpt.split(/(<[^>]*>)/).map(function (piece) {
      if (piece.charAt(0) === "<") {
        marked += /^<mark\b/i.test(piece) ? 1 : /^<\/mark>/i.test(piece) ? -1 : 0;
        return piece;
      }
      if (marked > 0) {
        return piece;
      }
      return piece.replace(/&[#\w]+;|[\p{L}\p{M}\p{N}]+/gu, function (word) {
        if (word.charAt(0) === "&" || !holdsFoldLetter(word)) {
          return word;
        }
        var folded = fold(word);
        var found = terms.indexOf(folded) !== -1 || folded.indexOf(last) === 0;
        return found ? "<mark>" + word + "</mark>" : word;
      });
    }).join("");
  }

  var ui = new PagefindUI({
    element: "#search",
    bundlePath: bundle.pathname,
    baseUrl: baseUrl,
    excerptLength: excerptLength,
    translations: JSON.parse(box.dataset.translations || "{}"),
    showImages: false,
    showSubResults: true,
    autofocus: false,
    processResult: function (result) {
      if (hiddenMeta && result.meta) {
        delete result.meta[hiddenMeta];
      }
      result.excerpt = markFolded(result.excerpt);
      (result.sub_results || []).forEach(function (sub) {
        sub.excerpt = markFolded(sub.excerpt);
      });
      return result;
    }
  });
  // Pagefind's box has no label of its own: tie it to the page's visible one.
  var input = box.querySelector("input");
  var label = document.getElementById("search-label");
  if (input && label) {
    input.id = "search-input";
    label.htmlFor = "search-input";
    label.hidden = false;
  }

  // A query typed without marks ("ha noi") may mean any spelling (Hà Nội, hạ nói, ...): all
  // count alike, or pages full of a near spelling (nói, nơi) outrank the one meant. Pagefind
  // still ranks the exact spelling of a query with marks first. (Pagefind keeps a weight that
  // a ranking leaves out, so one ranking serves every query.)
  var ranking = { diacriticSimilarity: 0 };
  var options = { baseUrl: baseUrl, excerptLength: excerptLength, ranking: ranking };

  // The index comes in parts (newsdesk/site/search_parts.py): the main bundle, and the others
  // listed in its parts.json, merged into it with the same options.
  var parts = fetch(new URL("parts.json", bundle)).then(function (response) {
    return response.ok ? response.json() : { parts: [] };
  });
  // Load the index at once, so that the first search finds every part ready.
  var ready = Promise.all([import(bundle.pathname + "pagefind.js"), parts]).then(function (found) {
    var module = found[0];
    module.options(options);
    module.init();
    var merged = found[1].parts.map(function (part) {
      return module.mergeIndex(new URL(part, bundle).pathname, options);
    });
    // Set after init too, which would otherwise put back the default ranking.
    return Promise.all([module.options({ ranking: ranking })].concat(merged)).then(function () {
      return module.filters(); // once every part has loaded
    });
  }).then(function () {
    box.dataset.ready = "true";
  });
  box.addEventListener("input", function (event) {
    query = event.target.value || "";
  });

  var linked = new URLSearchParams(window.location.search).get("q");
  if (linked) {
    query = linked;
    ready.then(function () {
      ui.triggerSearch(linked);
    });
  }
})();
