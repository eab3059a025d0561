/* The search page's enhancement: load Pagefind's UI from this site (the index
   is built into pagefind/ after Pelican runs) and start it. Every URL is
   derived from the page's own address, so search works under any sub-path.
   Without JavaScript the page's text points to the entity index instead.
   Opened from disk (file://) the browser may not fetch the index, and Pagefind
   would say "Searching..." forever: the page says to serve the site instead. */
(function () {
  "use strict";
  var box = document.getElementById("search");
  var fallback = document.getElementById("search-fallback");
  var offline = document.getElementById("search-offline");
  if (!box) { return; }
  if (window.location.protocol === "file:") {
    if (offline) { offline.hidden = false; }
    if (fallback) { fallback.hidden = true; }
    return;
  }
  var root = new URL(box.getAttribute("data-site-root") || "../", document.baseURI);
  var bundle = new URL("pagefind/", root);

  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = new URL("pagefind-ui.css", bundle).href;
  document.head.appendChild(style);

  var script = document.createElement("script");
  script.src = new URL("pagefind-ui.js", bundle).href;
  script.onload = function () {
    /* global PagefindUI */
    new PagefindUI({
      element: "#search",
      bundlePath: bundle.pathname,
      baseUrl: root.pathname,
      showImages: false,
      showSubResults: true,
      autofocus: false,
      /* A briefing is long and an entity page short: without this, Pagefind's length bias ranks
         short pages that merely quote a name above the briefing that discusses it. The templates
         weigh the rest: aliases up, quoted sentences on entity pages down, a briefing's people up. */
      ranking: { pageLength: 0.2 }
    });
    labelInput();
    if (fallback) { fallback.hidden = true; }
  };
  script.onerror = function () {
    if (fallback) {
      fallback.insertAdjacentText("afterbegin", "The search index could not be loaded. ");
    }
  };
  document.head.appendChild(script);

  /* Pagefind's box has only a placeholder and a title: give it a visible label. */
  function labelInput() {
    var input = box.querySelector("input");
    if (!input) { window.setTimeout(labelInput, 50); return; }
    input.id = "search-input";
    var label = document.createElement("label");
    label.className = "search-label";
    label.htmlFor = input.id;
    label.textContent = "Words to search for";
    box.parentNode.insertBefore(label, box);
  }
}());
