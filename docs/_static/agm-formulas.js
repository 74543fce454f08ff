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
   about half the code cells on a phone). So is a table that scrolls (the theme's
   scrollable table box: the home page's and the benchmarks' tables between 600 and
   700 px), and a Markdown table of a standalone page (its box, docs/build.py's
   Renderer.table). The standalone pages run this script too (docs/build.py's standalone).

   A block of code, a printed output or a table that scrolls is a Tab stop too (the
   theme's addTabStopsToScrollableElements gives it tabindex 0, and Chromium makes any
   box that scrolls one): a screen reader met a focusable box with no name and no role,
   some 20 of them a notebook on a phone. While it scrolls it is a region named in the
   page's language, as a picture's box is: "Code 3, scrolls sideways", "代码 3，可横向滚动",
   numbered among the page's blocks of its kind (all of them, so a name stays as the
   window changes size): named alike, a phone's 34 regions of the benchmarks page were one
   name said 34 times in a screen reader's list of landmarks (axe's landmark-unique). A
   box is a region while anything of it is out of sight, as the theme and Chromium make it
   a Tab stop (scrollWidth > clientWidth): a block 1 px too wide (notebook 07's
   "nb07.check_newton_step(newton_step, C2)" in Chinese on a phone) was a stop with no
   name. It fades only where more than 1 px is out of sight. A picture's name is written
   into the page by the build, numbered there among pictures named alike ("神经元，第 2
   幅": docs/build.py's graph_boxes), so that a reader without JavaScript hears no name
   twice either; here they are numbered again among those that are regions.

   A formula is no Tab stop (MathJax's inTabOrder is off: docs/conf.py), but one that
   scrolls is Chromium's, as a block of code is: it is a region "Formula 4, scrolls
   sideways", "公式 4，可横向滚动", numbered among the page's formulas, while it scrolls.
   So is a standalone page's (docs/_static/agm-formula-boxes.css): JupyterLab's style
   shrank it to the column. */
"use strict";
(() => {
  // the site's formulas and the standalone pages' (docs/_static/agm-formula-boxes.css)
  const DISPLAY = ".bd-article div.math mjx-container, "
    + '.jp-RenderedHTMLCommon mjx-container[display="true"]';
  const FORMULAS = `${DISPLAY}, .bd-article span.math, .jp-RenderedHTMLCommon span.math`;
  // code, and printed tables (agm-table), that scroll; the standalone pages' too
  const CODE = ".bd-article pre, .jp-Notebook pre";
  // the theme's box of a table, and the standalone pages' (docs/build.py's Renderer.table)
  const TABLES = ".bd-article .pst-scrollable-table-container, .jp-Notebook .agm-table-box";
  const PICTURES = ".agm-graph"; // the site's articles' and the standalone pages'
  // a box -> its region name: a picture's, the one graph_boxes gave it; code's, a table's
  // and a printed output's, these (the site's Chinese pages are "zh-CN", the standalone's "zh")
  const names = new WeakMap();
  const SAID = document.documentElement.lang.startsWith("zh")
    ? { code: (n) => `代码 ${n}，可横向滚动`, output: (n) => `输出 ${n}，可横向滚动`,
        table: (n) => `表格 ${n}，可横向滚动`, formula: (n) => `公式 ${n}，可横向滚动`,
        picture: (head, n) => `${head}，第 ${n} 幅` }
    : { code: (n) => `Code ${n}, scrolls sideways`, output: (n) => `Output ${n}, scrolls sideways`,
        table: (n) => `Table ${n}, scrolls sideways`,
        formula: (n) => `Formula ${n}, scrolls sideways`,
        picture: (head, n) => `${head}, picture ${n}` };
  // Pictures named alike (docs/build.py's graph_boxes numbered them among all of them and
  // wrote their head as data-agm-head): a head -> its boxes, in the page's order. Only the
  // boxes that are regions are numbered, among themselves, and one alone is named by its
  // head: a picture that fits is no region, and a listener heard "第 2 幅" with no "第 1 幅"
  // in the page's landmarks.
  const alike = new Map();
  const numberAlike = (head) => {
    const regions = alike.get(head).filter((b) => b.getAttribute("role") === "region");
    regions.forEach((b, i) => b.setAttribute("aria-label",
      regions.length > 1 ? SAID.picture(head, i + 1) : head));
  };
  const kind = (box) => box.matches(TABLES) ? "table" : box.matches(FORMULAS) ? "formula"
    : box.closest(".cell_output, .jp-OutputArea-output") ? "output" : "code";
  // A display formula's box has padding while it is a region (agm-formula-boxes.css: its
  // focus ring clears its glyphs), which widens what it scrolls: whether it scrolls is read without it. Read
  // with it, a formula that fits, made a region at a narrower width, stayed one when the
  // window widened, with 6 px to scroll and a Tab stop (notebook 06's first one at 506 px).
  const padding = (box) => {
    if (!box.matches(DISPLAY)) return 0;
    const style = getComputedStyle(box);
    return parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
  };
  const mark = (box) => {
    const hidden = box.scrollWidth - box.clientWidth;
    const scrolls = hidden - padding(box) > 0;
    box.classList.toggle("agm-more-right", scrolls && hidden > 1 && box.scrollLeft < hidden - 1);
    box.classList.toggle("agm-more-left", scrolls && hidden > 1 && box.scrollLeft > 1);
    const name = names.get(box);
    if (name && scrolls) {
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", name);
    } else if (name) {
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
    if (name && box.dataset.agmHead) numberAlike(box.dataset.agmHead);
  };
  const start = () => {
    const resized = new ResizeObserver((entries) => entries.forEach((e) => mark(e.target)));
    // a picture's name is the one graph_boxes wrote (numbered there among names alike)
    for (const box of document.querySelectorAll(PICTURES)) {
      if (box.getAttribute("role") !== "region") continue;
      names.set(box, box.getAttribute("aria-label"));
      const head = box.dataset.agmHead;
      if (head) alike.set(head, [...(alike.get(head) || []), box]);
    }
    const counted = { code: 0, output: 0, table: 0, formula: 0 };
    for (const box of document.querySelectorAll(`${CODE}, ${TABLES}, ${FORMULAS}`)) {
      const k = kind(box);
      names.set(box, SAID[k](++counted[k]));
    }
    const adopt = (box) => {
      mark(box);
      box.addEventListener("scroll", () => mark(box), { passive: true });
      resized.observe(box);
    };
    document.querySelectorAll(`${FORMULAS}, ${PICTURES}, ${CODE}, ${TABLES}`).forEach(adopt);
    // MathJax typesets a formula again when a reader changes its menu's renderer or scale
    // (its document's rerender), and a display formula's box is then a new one: it was a
    // Tab stop with no name that did not fade. The new box takes its number among the
    // page's formulas, as the one it replaces had (the same place in the page).
    new MutationObserver((changes) => {
      const added = changes.flatMap((c) => [...c.addedNodes])
        .filter((node) => node instanceof Element && node.matches(FORMULAS) && !names.has(node));
      if (!added.length) return;
      const formulas = [...document.querySelectorAll(FORMULAS)];
      for (const box of added) {
        names.set(box, SAID.formula(formulas.indexOf(box) + 1));
        adopt(box);
      }
    }).observe(document.body, { childList: true, subtree: true });
  };
  window.addEventListener("load", () => {
    const typeset = window.MathJax && MathJax.startup && MathJax.startup.promise;
    Promise.resolve(typeset).then(start);
  });
})();
