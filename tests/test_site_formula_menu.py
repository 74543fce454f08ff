"""MathJax's formula menu (a right click on a formula) and each of its submenus lie inside
the window, on a phone (360 px) and at 1,000 px, light and dark, on the site and on the
standalone pages, in both editions.

MathJax 3 placed a menu from its width before the menu was on the page (0 px), so on a
phone the menu ran off the right edge and "Show Math As", "Math Settings" … opened out
of sight; at 1,000 px a submenu near the right edge was cut (docs/_static/
agm-mathjax-menu.js). Oracle: the window's size, and each menu's box as Chromium lays it
out. The formula right-clicked is the one whose right edge is nearest the window's right
edge, at its right end: where a menu has the least room.
"""

from __future__ import annotations

from typing import Any

import pytest
from browser import open_typeset

MARGIN = 0  # px: a menu may touch the window's edge, not cross it

#: (page under the site, window width, colour mode)
CASES = [
    ("notebooks/01_derivatives_and_chain_rule.html", 360, "light"),
    ("notebooks/01_derivatives_and_chain_rule.html", 360, "dark"),
    ("notebooks/01_derivatives_and_chain_rule.html", 1000, "light"),
    ("zh/notebooks/01_derivatives_and_chain_rule.html", 360, "dark"),
    ("zh/notebooks/01_derivatives_and_chain_rule.html", 1000, "dark"),
    ("standalone/01_derivatives_and_chain_rule.html", 360, "light"),
    ("standalone/zh/01_derivatives_and_chain_rule.html", 1000, "dark"),
]

#: Right-click the formula whose right edge is nearest the window's right edge (inside
#: it), 2 px from that edge; returns the point, or null where the page has no formula.
RIGHT_CLICK_POINT = """() => {
    const width = document.documentElement.clientWidth;
    let best = null;
    for (const f of document.querySelectorAll('mjx-container')) {
        const r = f.getBoundingClientRect();
        if (r.width < 4 || r.height < 4 || r.right > width) continue;
        if (!best || r.right > best.right) best = r;
    }
    return best && {x: best.right - 2, y: (best.top + best.bottom) / 2, top: best.top};
}"""

#: Each posted menu's box in the window, with its first item's words.
MENU_BOXES = """() => [...document.querySelectorAll('.CtxtMenu_Menu')].map((m) => {
    const r = m.getBoundingClientRect();
    return {words: m.innerText.split('\\n')[0], left: r.left, top: r.top,
            right: r.right, bottom: r.bottom};
})"""


def _open_menu(page: Any, url: str, mode: str) -> Any:
    tab, _ = open_typeset(page, url)
    tab.evaluate(f"() => document.documentElement.setAttribute('data-theme', '{mode}')")
    point = tab.evaluate(RIGHT_CLICK_POINT)
    assert point is not None, f"{url}: no formula"
    # the formula in the window's middle row, so a menu's height is what is tested below
    tab.evaluate(f"() => window.scrollBy(0, {point['top']} - innerHeight / 3)")
    tab.wait_for_timeout(100)
    point = tab.evaluate(RIGHT_CLICK_POINT)
    tab.mouse.click(point["x"], point["y"], button="right")
    tab.wait_for_selector(".CtxtMenu_Menu")
    return tab


def _outside(boxes: list[dict[str, Any]], width: int, height: int) -> list[str]:
    return [
        f"{b['words']!r} at left {b['left']:.0f}, top {b['top']:.0f}, right {b['right']:.0f},"
        f" bottom {b['bottom']:.0f} in a {width} x {height} window"
        for b in boxes
        if b["left"] < MARGIN
        or b["top"] < MARGIN
        or b["right"] > width - MARGIN
        or b["bottom"] > height - MARGIN
    ]


@pytest.mark.parametrize(("path", "width", "mode"), CASES)
def test_formula_menu_and_submenus_inside_window(
    chromium: Any, server: str, path: str, width: int, mode: str
) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    height = 740
    context = chromium.new_context(viewport={"width": width, "height": height}, color_scheme=mode)
    context.add_init_script(f"localStorage.setItem('mode', '{mode}')")
    try:
        page = context.new_page()
        tab = _open_menu(page, server + path, mode)
        items = tab.locator(".CtxtMenu_ContextMenu > .CtxtMenu_MenuItem[aria-haspopup='true']")
        count = items.count()
        assert count >= 3, f"{path}: the menu has {count} submenus"
        problems = _outside(tab.evaluate(MENU_BOXES), width, height)
        opened = []
        for index in range(count):
            if index:  # a fresh menu for each submenu: an open one may cover the next item
                tab = _open_menu(page, server + path, mode)
            item = tab.locator(
                ".CtxtMenu_ContextMenu > .CtxtMenu_MenuItem[aria-haspopup='true']"
            ).nth(index)
            if item.get_attribute("aria-disabled") == "true":
                continue
            item.dispatch_event("mouseover")  # the pointer over it: MathJax opens it
            try:
                tab.wait_for_function(
                    "() => document.querySelectorAll('.CtxtMenu_Menu').length > 1", timeout=3000
                )
            except PlaywrightTimeout:  # "Language" with no speech loaded has nothing to show
                continue
            boxes = tab.evaluate(MENU_BOXES)
            opened.append(item.inner_text().split("\n")[0])
            problems += _outside(boxes, width, height)
        assert len(opened) >= 3, f"{path}: only {opened} opened"
        assert not problems, f"{path} ({mode}): menus out of the window: {problems}"
    finally:
        context.close()
