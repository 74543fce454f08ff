/* The text a search result quotes from a page (both editions).

   Sphinx's search quotes the text of the page's [role="main"]: in this theme the buttons
   above the article too ("跟随系统 亮色 暗色", "System Light Dark") and every formula as
   the TeX MathJax reads ("\(\sigma'(z) …\)"). The quoted text leaves the buttons out and
   gives each formula as it reads: the text docs/build.py gave it as data-agm-text
   (docs/search_index.py's plain_tex, the words the search index holds for it: Greek
   letters and operators as their characters, a function as its name, a fraction as a/b,
   no backslash, brace or delimiter). Sphinx's own htmlToText does the rest (anchors,
   scripts, the main block). */
"use strict";
window.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined" || !Search.htmlToText) return;
  const quoted = Search.htmlToText;
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(".bd-header-article").forEach((e) => e.remove());
    // a cut formula's whole TeX for readers without JavaScript (docs/typeset.py): a
    // parsed page runs no scripts, so its <noscript> is read, the formula a second time
    page.querySelectorAll("noscript").forEach((e) => e.remove());
    for (const math of page.querySelectorAll(".math[data-agm-text]")) {
      math.replaceWith(page.createTextNode(math.dataset.agmText));
    }
    return quoted(page.documentElement.outerHTML, anchor);
  };
});
