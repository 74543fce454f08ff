"""A box of the site that scrolls sideways (a block of code, a printed output, a table),
as the keyboard meets it.

Built once for the session (tests/site_build.py) and checked in headless Chromium. A box
that scrolls is a Tab stop (the theme gives it tabindex 0; Chromium makes any box that
scrolls one): it must be a region with a name in the page's language, as a picture's
box is (docs/_static/agm-formulas.js). Oracles: the names written by hand,
Chromium's own accessibility tree and Tab order, and each box's size in Chromium.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from browser import open_typeset

from docs import build

NOTEBOOKS = build.discover()

#: What a screen reader is to hear of a box that scrolls, by the page's language.
NAMES = {
    "en": {
        "code": "Code, scrolls sideways",
        "output": "Output, scrolls sideways",
        "table": "Table, scrolls sideways",
    },
    "zh": {"code": "代码，可横向滚动", "output": "输出，可横向滚动", "table": "表格，可横向滚动"},
}

#: The focused element: its kind by its place in the page, whether it scrolls, whether
#: it is in the page's text (not its menus and header).
FOCUSED = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const kind = e.matches('.pst-scrollable-table-container') ? 'table'
        : e.tagName !== 'PRE' ? 'other'
        : e.closest('.cell_output, .jp-OutputArea-output') ? 'output' : 'code';
    return {kind, scrolls: e.scrollWidth - e.clientWidth > 1, mask: getComputedStyle(e).maskImage,
            article: !!e.closest('.bd-article, .jp-Notebook'),
            text: e.innerText.slice(0, 60)};
}"""


def _tab_stops(tab: Any, limit: int = 400) -> list[dict[str, Any]]:
    """Every Tab stop of the page's text once round, each with the role and the name
    Chromium's accessibility tree gives it (what a screen reader is handed)."""
    cdp = tab.context.new_cdp_session(tab)
    stops: list[dict[str, Any]] = []
    tab.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    first = None
    for _ in range(limit):
        tab.keyboard.press("Tab")
        handle = tab.evaluate_handle("() => document.activeElement")
        if tab.evaluate("(e) => e === document.body", handle):
            continue
        if first is None:
            first = handle
        elif tab.evaluate("([a, b]) => a === b", [first, handle]):
            break
        info = tab.evaluate(FOCUSED)
        if not info["article"]:
            continue
        found = cdp.send("Runtime.evaluate", {"expression": "document.activeElement"})
        node = cdp.send("DOM.describeNode", {"objectId": found["result"]["objectId"]})["node"]
        ax = cdp.send(
            "Accessibility.getPartialAXTree",
            {"backendNodeId": node["backendNodeId"], "fetchRelatives": False},
        )["nodes"][0]
        info["role"] = ax.get("role", {}).get("value", "")
        info["name"] = ax.get("name", {}).get("value", "")
        stops.append(info)
    return stops


@pytest.mark.parametrize("width", [360, 650, 1000])
@pytest.mark.parametrize("rel", ["index.html", "zh/index.html", "benchmarks/README.html"])
def test_a_box_that_scrolls_is_a_tab_stop_named_in_the_pages_language(
    rel: str, width: int, server: str, page: Any
) -> None:
    """A block of code, a table that scrolled was a Tab stop a screen reader announced
    with no role and no name of its own (the home page's "make demo   # trains …" at
    1,000 px, 15 blocks of code on a phone, the benchmarks' tables at 650 px): each is a
    region, named in the page's language by what it holds and that it scrolls. A table
    that scrolls fades at its edge, as a block of code does (it ended there as if whole)."""
    lang = "zh" if rel.startswith("zh/") else "en"
    tab, log = open_typeset(page, server + rel)
    tab.set_viewport_size({"width": width, "height": 900})
    tab.wait_for_timeout(600)  # the theme sets its Tab stops 300 ms after a resize
    stops = [s for s in _tab_stops(tab) if s["kind"] != "other"]
    scrolling = [s for s in stops if s["scrolls"]]
    assert scrolling, f"{rel} at {width} px: no box that scrolls is a Tab stop: {stops}"
    wrong = [s for s in scrolling if (s["role"], s["name"]) != ("region", NAMES[lang][s["kind"]])]
    assert not wrong, f"{rel} at {width} px: {wrong}"
    if width == 650 and rel != "zh/index.html":  # the English tables are wider there
        tables = [s for s in scrolling if s["kind"] == "table"]
        assert tables and all("linear-gradient" in s["mask"] for s in tables), tables
    assert not log.problems(), log.problems()


def _regions(tree: str, name: str) -> int:
    """How many regions named ``name`` an accessibility snapshot holds."""
    return len(re.findall(rf'^\s*- region "{re.escape(name)}"', tree, re.M))


SCROLLING = """(sel) => [...document.querySelectorAll(sel)]
    .filter((b) => b.scrollWidth - b.clientWidth > 1).length"""


@pytest.mark.parametrize("width", [360, 1000])
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("where", ["site", "standalone"])
def test_a_notebooks_code_and_output_that_scroll_are_named_regions(
    where: str, lang: str, width: int, site: Path, server: str, page: Any
) -> None:
    """Notebook 06 on a phone: its code cells and its printed tables (the gradient check's
    report) that scroll were Tab stops with no name, on the site and on the standalone
    pages. In the accessibility snapshot each is a region named "Code, scrolls
    sideways" or "Output, scrolls sideways" (in Chinese on a Chinese page); no box that
    fits is a region."""
    nb = next(n for n in NOTEBOOKS if n.lang == lang and n.slug.startswith("06"))
    if where == "site":
        url, text = server + f"{nb.docname}.html", ".bd-article"
        code, output = ".cell_input pre", ".cell_output pre"
    else:
        folder = site / "standalone" / ("zh" if lang == "zh" else "")
        url, text = (folder / f"{nb.slug}.html").as_uri(), ".jp-Notebook"
        code, output = ".jp-InputArea pre", ".jp-OutputArea-output pre"
    tab, _ = open_typeset(page, url)
    tab.set_viewport_size({"width": width, "height": 900})
    tab.wait_for_timeout(600)
    tree = tab.locator(text).aria_snapshot()
    codes, outputs = tab.evaluate(SCROLLING, code), tab.evaluate(SCROLLING, output)
    if width == 360:
        assert codes > 5 and outputs > 0, (codes, outputs)
    assert _regions(tree, NAMES[lang]["code"]) == codes, tree
    assert _regions(tree, NAMES[lang]["output"]) == outputs, tree
