"""A setting of MathJax's formula menu can never stop the formulas being typeset.

Accessibility ▸ Activate (an item MathJax 3.2 drew as enabled) saved {"explorer": true}
in localStorage; from then on, on every page of the site and of the standalone pages,
MathJax asked for a11y/sre.js and input/mml.js, which the build does not ship (404s,
file:///a11y/sre.js), and typeset no formula: raw \\(w\\) everywhere, in both editions,
until the reader cleared the site's data. Accessibility ▸ Collapsible Math and Math
Settings ▸ Math Renderer ▸ CHTML (output/chtml.js) did the same. A reader already caught
gets the formulas back (docs/_static/agm-mathjax-loadable.js drops those settings before
MathJax reads them; any other setting stays the reader's), and the three items are
turned off as MathJax turns off what it cannot do.

Oracles: the page's text (no TeX left outside code: every formula's source replaced by
MathJax's output), the requests Chromium saw fail, and the menu as drawn (greyed out, and
aria-disabled "true", as the English page draws "Auto Collapse", which MathJax turns off).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from browser import watch

#: (page, under the site or the standalone folder)
PAGES = [
    ("notebooks/01_derivatives_and_chain_rule.html", "site"),
    ("zh/notebooks/01_derivatives_and_chain_rule.html", "site"),
    ("01_derivatives_and_chain_rule.html", "standalone"),
    ("zh/01_derivatives_and_chain_rule.html", "standalone"),
]

#: What each item saves in localStorage once chosen (MathJax's Menu.saveUserSettings:
#: the settings that differ from the page's), with a setting of the reader's that stays.
STORED = {
    "Activate": {"explorer": True, "zoom": "Click"},
    "Collapsible": {"collapsible": True},
    "CHTML": {"renderer": "CHTML", "zoom": "Click"},
}
STORAGE = "MathJax-Menu-Settings"  # MathJax 3's Menu.MENU_STORAGE

#: The page's formulas: how many MathJax drew, the TeX left as text outside code (a
#: formula not typeset), and the formulas' elements with no MathJax output in them.
FORMULAS = r"""() => {
    const raw = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode()) {
        const skip = 'pre, code, script, style, noscript, textarea, mjx-container';
        if (/\\\(|\\\[|\$/.test(node.data) && !node.parentElement.closest(skip)) {
            raw.push(node.data.trim().slice(0, 60));
        }
    }
    const bare = [...document.querySelectorAll('.math')]
        .filter((m) => !m.closest('noscript') && !m.querySelector('mjx-container'))
        .map((m) => m.textContent.slice(0, 60));
    return {typeset: document.querySelectorAll('mjx-container svg').length, raw, bare};
}"""

#: MathJax's startup, or 10 s: with a part missing it never typesets.
STARTED = """async () => {
    const started = window.MathJax && MathJax.startup && MathJax.startup.promise;
    await Promise.race([started, new Promise((done) => setTimeout(done, 10000))]);
    await document.fonts.ready;
}"""

#: Open a submenu of the formula menu by its items' ids (MathJax's ids, the same in both
#: editions), as the pointer does; return the last id's item as drawn, once shown.
ITEM = """async (ids) => {
    const menu = MathJax.startup.document.menu.menu;
    for (let n = 1; n < ids.length; n++) {
        const item = menu.findID(...ids.slice(0, n));
        item.html.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
        for (let wait = 0; wait < 40 && !item.submenu.html.isConnected; wait++) {
            await new Promise((done) => setTimeout(done, 50));
        }
    }
    const html = menu.findID(...ids).html;
    html.setAttribute('data-agm-test', ids.join('/'));
    return {shown: html.isConnected && html.getClientRects().length > 0, words: html.innerText,
            greyed: html.classList.contains('CtxtMenu_MenuDisabled'),
            ariaDisabled: html.getAttribute('aria-disabled')};
}"""

#: Where each item is in MathJax's menu (Menu.ts's ids)
PATHS = {
    "Activate": ["Accessibility", "Activate"],
    "Collapsible": ["Accessibility", "Collapsible"],
    "AutoCollapse": ["Accessibility", "AutoCollapse"],  # MathJax turns it off itself
    "CHTML": ["Settings", "Renderer", "CHTML"],
}


def _url(site: Path, server: str, path: str, where: str) -> str:
    if where == "site":
        return server + path
    return (site / "standalone" / path).as_uri()


def _load(context: Any, url: str) -> tuple[Any, Any]:
    """``url`` in a fresh tab of ``context``, MathJax done (or given up on); (tab, log)."""
    for old in context.pages:
        old.close()
    tab = context.new_page()
    log = watch(tab)
    tab.goto(url, wait_until="load")
    tab.wait_for_load_state("networkidle")
    tab.evaluate(STARTED)
    return tab, log


def _right_click_first_formula(tab: Any) -> None:
    formula = tab.locator("mjx-container").first
    formula.scroll_into_view_if_needed()
    formula.click(button="right")
    tab.locator(".CtxtMenu_Menu").first.wait_for(state="visible")


@pytest.mark.parametrize("item", sorted(STORED))
@pytest.mark.parametrize(("path", "where"), PAGES)
def test_a_stored_menu_setting_never_stops_the_formulas(
    chromium: Any, site: Path, server: str, path: str, where: str, item: str
) -> None:
    """A reader who chose the item once (its setting in localStorage) opens the page: every
    formula is typeset, nothing is asked for that the build does not ship, the setting is
    gone from localStorage and the reader's other setting (Zoom Trigger: Click) stays."""
    url = _url(site, server, path, where)
    context = chromium.new_context(viewport={"width": 1000, "height": 800})
    # stored before any script of the page runs (set from another tab, it may reach this
    # one's localStorage late)
    setting = json.dumps(json.dumps(STORED[item]))
    context.add_init_script(f"localStorage.setItem('{STORAGE}', {setting})")
    try:
        tab, log = _load(context, url)
        formulas = tab.evaluate(FORMULAS)
        assert not log.failed_requests, f"{item}: {log.failed_requests}"
        assert not formulas["raw"] and not formulas["bare"], f"{item}: {formulas}"
        assert formulas["typeset"] > 20, formulas
        stored = tab.evaluate(f"() => JSON.parse(localStorage.getItem('{STORAGE}'))")
        kept = {k: v for k, v in STORED[item].items() if k == "zoom"}
        assert stored == (kept or None), stored
    finally:
        context.close()


@pytest.mark.parametrize(("path", "where"), PAGES)
def test_the_menu_turns_off_what_would_stop_the_formulas(
    chromium: Any, site: Path, server: str, path: str, where: str
) -> None:
    """Accessibility ▸ Activate and Collapsible Math, Math Settings ▸ Math Renderer ▸ CHTML
    are drawn greyed out and announced as disabled, as MathJax draws Auto Collapse; a
    click on Activate saves nothing, and the next page is typeset."""
    url = _url(site, server, path, where)
    context = chromium.new_context(viewport={"width": 1000, "height": 800})
    try:
        tab, log = _load(context, url)
        drawn = {}
        for name, ids in PATHS.items():
            _right_click_first_formula(tab)
            drawn[name] = tab.evaluate(ITEM, ids)
            tab.keyboard.press("Escape")
        for name, item in drawn.items():
            assert item["shown"], (name, item)
            assert item["greyed"] and item["ariaDisabled"] == "true", (name, item)
        # the others under Math Settings ▸ Math Renderer stay as they were: SVG, chosen
        _right_click_first_formula(tab)
        svg = tab.evaluate(ITEM, ["Settings", "Renderer", "SVG"])
        assert svg["shown"] and not svg["greyed"] and svg["ariaDisabled"] != "true", svg
        tab.keyboard.press("Escape")
        _right_click_first_formula(tab)
        tab.evaluate(ITEM, PATHS["Activate"])
        tab.locator("[data-agm-test='Accessibility/Activate']").click(force=True)
        tab.wait_for_timeout(500)
        assert tab.evaluate(f"() => localStorage.getItem('{STORAGE}')") is None
        assert not log.failed_requests, log.failed_requests
        tab, log = _load(context, url)
        formulas = tab.evaluate(FORMULAS)
        assert not formulas["raw"] and not formulas["bare"] and not log.failed_requests
    finally:
        context.close()
