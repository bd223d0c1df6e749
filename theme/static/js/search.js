// Starts Pagefind's search box on the search page; reads ?q= so a search can be linked to.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || typeof PagefindUI === "undefined") {
    return;
  }
  var bundle = new URL(box.dataset.bundle, document.baseURI);
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: bundle.pathname,
    // Pagefind stores result paths from the language folder, where its bundle lives.
    baseUrl: new URL("../", bundle).pathname,
    translations: JSON.parse(box.dataset.translations || "{}"),
    showImages: false,
    showSubResults: true,
    autofocus: false
  });
  // Pagefind's box has no label of its own: tie it to the page's visible one.
  var input = box.querySelector("input");
  var label = document.querySelector("label[for='search-input']");
  if (input && label) {
    input.id = "search-input";
    label.hidden = false;
  }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
