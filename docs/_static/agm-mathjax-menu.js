/* MathJax's formula menu (a right click, or a long press, on a formula) and its
   submenus kept inside the window.

   MathJax 3's menu (mj-context-menu) decides where a menu goes from the menu's
   offsetWidth before it has put the menu on the page: a menu not on the page is 0 px
   wide, so the test "does it fit left of the window's right edge?" always said yes. The
   menu opened where the finger or the pointer was, and a submenu always opened right of
   its item: on a 360 px phone the menu ran off the right edge and "Show Math As", "Math
   Settings" … opened wholly out of sight; at 1,000 px a submenu of a menu near the right
   edge was cut by the window. Nor does MathJax look at the window's bottom: "Math
   Settings" opened below it on a phone. No MathJax option sets where a menu goes, and no
   style can (MathJax writes each menu's left and top on the element).

   So once MathJax has put a menu where it meant to, it is moved, if it must be, into
   the window (5 px from each edge, MathJax's own margin): a submenu that does not fit
   right of its menu opens left of it, as MathJax meant it to, and where it fits neither
   side (a phone) it overlaps its menu; a menu too near the bottom is moved up. A menu
   taller or wider than the window keeps its top or left edge in sight. The standalone
   pages run this script too (docs/build.py's standalone). */
"use strict";
/* f(menu) for MathJax's formula menu and each of its submenus, once MathJax has built
   them; also used by the Chinese words (agm-mathjax-zh.js, loaded after this script), so
   that where MathJax keeps its menu, and when, is said once. */
window.agmEachMathJaxMenu = (f) => {
  const each = (menu) => {
    f(menu);
    for (const item of menu.items || []) {
      if (item.submenu) each(item.submenu);
    }
  };
  const start = () => {
    const startup = window.MathJax && MathJax.startup;
    if (!startup || !startup.promise) return;
    startup.promise.then(() => {
      const menu = startup.document && startup.document.menu && startup.document.menu.menu;
      if (menu) each(menu);
    });
  };
  // MathJax's startup is there by the page's load (the site defers MathJax's script)
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
};
(() => {
  const MARGIN = 5; // px, as mj-context-menu keeps a menu from the body's right edge
  const shift = (html, dx, dy) => {
    if (dx) html.style.left = `${(parseFloat(html.style.left) || 0) + dx}px`;
    if (dy) html.style.top = `${(parseFloat(html.style.top) || 0) + dy}px`;
  };
  // How far to move [start, end] so it lies within [MARGIN, size - MARGIN]; a box
  // bigger than that keeps its start in sight.
  const into = (start, end, size) => {
    if (end > size - MARGIN) return Math.max(MARGIN, size - MARGIN - (end - start)) - start;
    if (start < MARGIN) return MARGIN - start;
    return 0;
  };
  const fit = (menu) => {
    const html = menu.html;
    if (!html || !html.isConnected) return;
    const width = document.documentElement.clientWidth;
    const height = document.documentElement.clientHeight;
    let box = html.getBoundingClientRect();
    const parent = menu.anchor && menu.anchor.menu && menu.anchor.menu.html;
    if (menu.anchor && parent && parent.isConnected && box.right > width - MARGIN) {
      // a submenu out on the right: left of its menu instead (MathJax's own overlap of
      // 4 px), where there is room
      const left = parent.getBoundingClientRect().left - box.width + 4;
      if (left >= MARGIN) {
        shift(html, left - box.left, 0);
        box = html.getBoundingClientRect();
      }
    }
    shift(html, into(box.left, box.right, width), into(box.top, box.bottom, height));
  };
  // Each class of menu that has a post() of its own (the formula's menu, a submenu):
  // after MathJax's post, the menu is fitted.
  const patched = new Set();
  const patch = (menu) => {
    let proto = Object.getPrototypeOf(menu);
    while (proto && !Object.prototype.hasOwnProperty.call(proto, "post")) {
      proto = Object.getPrototypeOf(proto);
    }
    if (!proto || patched.has(proto)) return;
    patched.add(proto);
    const post = proto.post;
    proto.post = function (...args) {
      const result = post.apply(this, args);
      fit(this);
      return result;
    };
  };
  window.agmEachMathJaxMenu(patch);
})();
