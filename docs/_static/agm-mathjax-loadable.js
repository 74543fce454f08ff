/* MathJax's formula menu offers only what the build ships.

   The build ships one MathJax file, tex-svg-full.js (docs/build.py), which holds the TeX
   input, the SVG output, the menu and the hidden MathML a screen reader reads. Three of
   the menu's settings make MathJax fetch a part it does not hold: Accessibility ▸
   Activate (the explorer: a11y/explorer, a11y/sre.js, input/mml.js), Accessibility ▸
   Collapsible Math (a11y/complexity, the same parts) and Math Settings ▸ Math Renderer ▸
   CHTML (output/chtml.js). MathJax keeps a chosen setting in localStorage
   ('MathJax-Menu-Settings', its Menu.MENU_STORAGE) and, on every later page of the site,
   waits for those parts before it typesets anything: they were 404s (file:///a11y/sre.js
   … on a standalone page), and from then on no formula of either edition was typeset —
   raw \(w\) everywhere — until the reader cleared the site's data.

   MathJax 3.2 has no option for this: a page's menuOptions settings are defaults that
   the stored ones override, and MathJax turns these items off only where it has no
   loader, which tex-svg-full.js holds. So, before MathJax starts (this script runs before
   MathJax's: the site defers MathJax, the standalone pages put this first), those three
   are dropped from the stored settings, which brings back a reader already caught; and
   once MathJax has built its menu, their items are turned off as MathJax turns off an
   item it cannot do (greyed, aria-disabled "true"; agm-mathjax-zh.js keeps them so under
   their Chinese words). Every other stored setting stays the reader's. */
"use strict";
(() => {
  const STORAGE = "MathJax-Menu-Settings"; // MathJax 3's Menu.MENU_STORAGE
  // the stored settings that make MathJax fetch a part the build does not ship
  const FETCHING = ["explorer", "collapsible", "renderer"];
  // their items' ids in MathJax's menu (Accessibility ▸ Activate, Collapsible; Math
  // Settings ▸ Math Renderer ▸ CHTML), and Accessibility ▸ Auto Collapse, which MathJax
  // already turns off
  const ITEMS = new Set(["Activate", "Collapsible", "CHTML"]);
  try {
    const stored = localStorage.getItem(STORAGE);
    const settings = stored === null ? null : JSON.parse(stored);
    if (settings && typeof settings === "object" && FETCHING.some((s) => s in settings)) {
      for (const name of FETCHING) delete settings[name];
      if (Object.keys(settings).length) localStorage.setItem(STORAGE, JSON.stringify(settings));
      else localStorage.removeItem(STORAGE); // as MathJax leaves no settings it has none
    }
  } catch (error) {
    // no localStorage (a browser that refuses it to the page), or words MathJax cannot
    // read either: MathJax logs that and keeps its defaults
  }
  // each menu's items, once MathJax has built the menu (agm-mathjax-menu.js, loaded first)
  window.agmEachMathJaxMenu((menu) => {
    for (const item of menu.items || []) {
      if (ITEMS.has(item.id) && typeof item.disable === "function") item.disable();
    }
  });
})();
