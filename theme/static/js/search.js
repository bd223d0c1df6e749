// Starts Pagefind's search box on the search page; reads ?q= so a search can be linked to.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || typeof PagefindUI === "undefined") {
    return;
  }
  var bundle = new URL(box.dataset.bundle, document.baseURI);
  // A metadata field the index searches but readers need not see (plugins/search_folds).
  var hiddenMeta = box.dataset.hiddenMeta;
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: bundle.pathname,
    // Pagefind stores result paths from the language folder, where its bundle lives.
    baseUrl: new URL("../", bundle).pathname,
    translations: JSON.parse(box.dataset.translations || "{}"),
    showImages: false,
    showSubResults: true,
    autofocus: false,
    processResult: function (result) {
      if (hiddenMeta && result.meta) {
        delete result.meta[hiddenMeta];
      }
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
  // count alike, or pages full of a near spelling (nói, nơi) outrank the one meant. A query
  // with marks keeps Pagefind's default, which ranks the exact spelling first.
  var pagefind = import(bundle.pathname + "pagefind.js");
  var hasMarks = /[\u0300-\u036f\u0110\u0111]/;
  function rankFor(text) {
    var ranking = hasMarks.test(text.normalize("NFD")) ? {} : { diacriticSimilarity: 0 };
    return pagefind.then(function (module) {
      // Set after init, which would otherwise put back the default ranking.
      return module.init().then(function () {
        return module.options({ ranking: ranking });
      });
    });
  }
  // Load the index at once, so that a query's ranking is set before its (debounced) search runs.
  var ready = rankFor("").then(function () {
    box.dataset.ready = "true";
  });
  box.addEventListener("input", function (event) {
    rankFor(event.target.value || "");
  });

  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ready.then(function () {
      return rankFor(query);
    }).then(function () {
      ui.triggerSearch(query);
    });
  }
})();
