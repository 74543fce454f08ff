/* Which formulas, graphs and plots have more out of sight, for agm.css's fade at the edge.

   A formula wider than the column scrolls sideways (a display formula by the theme, an
   inline one by agm.css), and a phone shows no scroll bar until it is touched: the
   formula seemed to end at the column's edge. Each formula's scroll box gets the class
   agm-more-right while some of it lies right of what is shown, agm-more-left while some
   lies left, updated as it scrolls and as the window changes size. Run once MathJax has
   typeset the page. A graph or a plot too wide for a phone's column scrolls in its box
   (docs/build.py's graph_boxes) and ended at the column's edge as if cut: its box is
   marked the same way. A picture's box that scrolls is a Tab stop of Chromium, a region
   named by its picture (docs/build.py's graph_boxes); one that fits is no stop, and
   stays no region: the APG keeps landmarks to what is worth going to, and each graph
   of a page was one, at 1,000 px as on a phone. A block of code or a printed table
   wider than the column scrolls too, and is marked the same way: the home page's
   "make demo   # trains 3Blue1Brown's kind of digit network …" ended at the column's
   edge in a 1,000 px window, its last words out of sight with no sign of them (as did
   about half the code cells on a phone). The standalone pages run this script too
   (docs/build.py's standalone). */
"use strict";
(() => {
  const FORMULAS = ".bd-article div.math mjx-container, .bd-article span.math";
  const CODE = ".bd-article pre"; // code, and printed tables (agm-table), that scroll
  const PICTURES = ".agm-graph"; // the site's articles' and the standalone pages'
  const names = new WeakMap();  // a picture's box -> the region name graph_boxes gave it
  const mark = (box) => {
    const hidden = box.scrollWidth - box.clientWidth;
    box.classList.toggle("agm-more-right", hidden > 1 && box.scrollLeft < hidden - 1);
    box.classList.toggle("agm-more-left", hidden > 1 && box.scrollLeft > 1);
    const name = names.get(box);
    if (name && hidden > 1) {
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", name);
    } else if (name) {
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  };
  const start = () => {
    const resized = new ResizeObserver((entries) => entries.forEach((e) => mark(e.target)));
    for (const box of document.querySelectorAll(PICTURES)) {
      if (box.getAttribute("role") === "region") names.set(box, box.getAttribute("aria-label"));
    }
    for (const box of document.querySelectorAll(`${FORMULAS}, ${PICTURES}, ${CODE}`)) {
      mark(box);
      box.addEventListener("scroll", () => mark(box), { passive: true });
      resized.observe(box);
    }
  };
  window.addEventListener("load", () => {
    const typeset = window.MathJax && MathJax.startup && MathJax.startup.promise;
    Promise.resolve(typeset).then(start);
  });
})();
