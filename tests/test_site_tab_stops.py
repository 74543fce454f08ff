"""What a keyboard meets on the site's pages and the standalone ones: every Tab stop of a
page's text has a role and a name, a formula is no Tab stop (unless it scrolls) yet is read
as maths, and no two regions of a page share a name.

Built once for the session (tests/site_build.py) and checked in headless Chromium. Oracles:
Chromium's own Tab order and accessibility tree, and names written by hand.
"""

from __future__ import annotations

import contextlib
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat
import pytest
from browser import on_every_view, open_typeset, tab_stops, wait_for_tab_stops

from docs import build

NOTEBOOKS = build.discover()

#: The focused element: its kind, whether it scrolls sideways, whether it is in the page's
#: text (not its menus and header).
FOCUSED = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const kind = e.matches('mjx-container, span.math') ? 'formula'
        : e.matches('.jp-Cell-inputWrapper, .jp-OutputArea-output, .jp-MarkdownOutput')
        ? 'cell' : e.tagName;
    return {kind, scrolls: e.scrollWidth > e.clientWidth,
            article: !!e.closest('.bd-article, .jp-Notebook'), text: e.innerText.slice(0, 40)};
}"""

#: A formula box's name while it scrolls, by the page's language.
FORMULA_NAME = {
    "en": re.compile(r"Formula [1-9][0-9]*, scrolls sideways"),
    "zh": re.compile(r"公式 [1-9][0-9]*，可横向滚动"),
}

#: A table box's name while it scrolls, by the page's language.
TABLE_NAME = {
    "en": re.compile(r"Table [1-9][0-9]*, scrolls sideways"),
    "zh": re.compile(r"表格 [1-9][0-9]*，可横向滚动"),
}

#: The formulas of the page's text.
FORMULAS = "(text) => document.querySelectorAll(`${text} mjx-container`).length"


def _page(where: str, lang: str, site: Path, server: str) -> tuple[str, str]:
    """Notebook 06 (the most formulas) in ``lang``: its URL and its text's selector."""
    nb = next(n for n in NOTEBOOKS if n.lang == lang and n.slug.startswith("06"))
    if where == "site":
        return server + f"{nb.docname}.html", ".bd-article"
    folder = site / "standalone" / ("zh" if lang == "zh" else "")
    return (folder / f"{nb.slug}.html").as_uri(), ".jp-Notebook"


@on_every_view
def test_every_tab_stop_is_named_and_a_formula_is_none_unless_it_scrolls(
    where: str, lang: str, width: int, site: Path, server: str, page: Any
) -> None:
    """Every formula was a Tab stop with no name (MathJax's "Include in Tab Order": 216 of
    them on notebook 06, between a keyboard and the next link), and on the standalone pages
    every cell's input and output box was one too (nbconvert's tabindex: a box with no
    role, read out whole). A formula is no Tab stop, but still read as maths (MathJax's
    hidden MathML: a "math" in Chromium's tree for each); one that scrolls sideways is
    Chromium's Tab stop, as a block of code is, a region named "Formula 4, scrolls
    sideways"; no cell's box is a stop; every stop of the text has a role and a name."""
    url, text = _page(where, lang, site, server)
    tab, log = open_typeset(page, url)
    tab.set_viewport_size({"width": width, "height": 900})
    wait_for_tab_stops(tab)
    stops = tab_stops(tab, FOCUSED)
    assert stops, f"{url} at {width} px: no Tab stop in the text"
    unnamed = [s for s in stops if s["role"] in ("", "generic", "none") or not s["name"]]
    assert not unnamed, f"{url} at {width} px: {len(unnamed)} of {len(stops)}: {unnamed[:5]}"
    assert not [s for s in stops if s["kind"] == "cell"], stops
    formulas = [s for s in stops if s["kind"] == "formula"]
    wrong = [
        s
        for s in formulas
        if not s["scrolls"] or s["role"] != "region" or not FORMULA_NAME[lang].fullmatch(s["name"])
    ]
    assert not wrong, f"{url} at {width} px: {wrong}"
    # each formula is maths to a screen reader, its symbols said: the step h is "h"
    maths = re.findall(r"^\s*- math: (.*)$", tab.locator(text).aria_snapshot(), re.M)
    assert len(maths) == tab.evaluate(FORMULAS, text) > 100, maths[:10]
    assert "h" in maths, maths[:20]
    assert not log.problems(), log.problems()


#: The names the Chinese home page's three README pictures have on a phone, by hand: the
#: heads of their alts (README.zh-CN.md), each saying what its picture shows.
README_NEURONS = [
    "o = tanh(x1·w1 + x2·w2 + b) 的前向计算图",
    "同一个神经元的反向计算图",
    "反向遍历的第 4 步",
]


@pytest.mark.parametrize("width", [360, 1000])
@pytest.mark.parametrize(
    "rel",
    [
        "index.html",
        "zh/index.html",
        "notebooks/06_gradient_checking_and_second_derivatives.html",
        "zh/notebooks/05_watching_backpropagation.html",
    ],
)
def test_no_two_regions_of_a_page_share_a_name(
    rel: str, width: int, server: str, page: Any
) -> None:
    """On a phone the Chinese home page's three pictures of the README's neuron were three
    regions named alike, "README 里的神经元" (their alt text to its first comma): a
    screen reader's list of landmarks told them apart by nothing. Their alts now say what
    each shows (README.zh-CN.md), and pictures whose names are alike would each carry
    their number among them; no two regions of a page share a name."""
    tab, log = open_typeset(page, server + rel)
    tab.set_viewport_size({"width": width, "height": 900})
    wait_for_tab_stops(tab)
    tab.wait_for_function(  # a picture's box is a region exactly when it scrolls
        """() => [...document.querySelectorAll('.agm-graph')].every((b) =>
            !b.getAttribute('aria-label') || b.scrollWidth > b.clientWidth)""",
        timeout=10_000,
    )
    regions = re.findall(
        r'^\s*- region "([^"]*)"', tab.locator(".bd-article").aria_snapshot(), re.M
    )
    twice = sorted({n for n in regions if regions.count(n) > 1})
    assert not twice, f"{rel} at {width} px: {twice} in {regions}"
    if rel == "zh/index.html" and width == 360:
        assert [n for n in regions if n in README_NEURONS] == README_NEURONS
    assert not log.problems(), log.problems()


#: Each display formula box of the page that scrolls: its region name and whether it fades.
SCROLLING_FORMULAS = """() => [...document.querySelectorAll('.bd-article div.math mjx-container')]
    .filter((e) => e.scrollWidth > e.clientWidth)
    .map((e) => ({name: e.getAttribute('role') === 'region' ? e.getAttribute('aria-label') : null,
                  fades: e.classList.contains('agm-more-right'), old: !!e.agmOld}))"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_formula_typeset_again_keeps_its_name(
    lang: str, site: Path, server: str, page: Any
) -> None:
    """MathJax typesets the page's formulas again when a reader changes its menu's renderer
    or scale (its document's rerender): each display formula's box is a new element, and
    those that scroll were again Tab stops with no name that did not fade. Each is the
    region it was, under the same name, and fades again."""
    url, _ = _page("site", lang, site, server)
    tab, log = open_typeset(page, url)
    tab.set_viewport_size({"width": 360, "height": 900})
    wait_for_tab_stops(tab)
    tab.wait_for_function(f"() => ({SCROLLING_FORMULAS})().every((f) => f.name)")
    before = tab.evaluate(SCROLLING_FORMULAS)
    assert before and all(FORMULA_NAME[lang].fullmatch(f["name"]) for f in before), before
    tab.evaluate(
        """async () => {
            document.querySelectorAll('mjx-container').forEach((e) => { e.agmOld = true; });
            await MathJax.startup.document.rerender();
        }"""
    )
    tab.wait_for_function(  # typeset again: no box of before is on the page
        "() => ![...document.querySelectorAll('mjx-container')].some((e) => e.agmOld)"
    )
    from playwright.sync_api import TimeoutError as Timeout

    with contextlib.suppress(Timeout):  # on a timeout, the assertions below say which
        tab.wait_for_function(
            f"() => ({SCROLLING_FORMULAS})().every((f) => f.name)", timeout=10_000
        )
    after = tab.evaluate(SCROLLING_FORMULAS)
    assert [f["name"] for f in after] == [f["name"] for f in before], after
    assert all(f["fades"] for f in after), after
    assert not log.problems(), log.problems()


#: Each Markdown table of the page: whether it is wider than its Markdown cell's column
#: (the cell's width less its padding), and the name and role of the box around it.
MARKDOWN_TABLES = """() => [...document.querySelectorAll('.jp-MarkdownOutput table')].map((t) => {
    const cell = t.closest('.jp-MarkdownOutput'), style = getComputedStyle(cell);
    const column = cell.clientWidth - parseFloat(style.paddingLeft)
        - parseFloat(style.paddingRight);
    const box = t.parentElement;
    return {wide: t.offsetWidth > column, role: box.getAttribute('role'),
            name: box.getAttribute('aria-label'), text: t.innerText.slice(0, 40)};
})"""


@pytest.mark.parametrize("width", [360, 1000])
@pytest.mark.parametrize(("lang", "number"), [("en", "04"), ("zh", "07"), ("en", "07")])
def test_a_wide_markdown_table_scrolls_in_a_named_box_not_its_cell(
    lang: str, number: str, width: int, site: Path, page: Any
) -> None:
    """On a standalone page a Markdown table wider than the column made its whole Markdown
    cell scroll (the lab template's overflow: auto), a Tab stop of Chromium named by all
    the cell's text (notebook 07's summary table in Chinese on a phone; notebook 04's in
    English by 2 px). The table scrolls in a box of its own, a region named "Table 1,
    scrolls sideways", "表格 1，可横向滚动", as the site's tables are; no Markdown cell
    is a Tab stop. At 360 px notebook 07's Chinese table is wider than the column."""
    nb = next(n for n in NOTEBOOKS if n.lang == lang and n.slug.startswith(number))
    url = (site / "standalone" / ("zh" if lang == "zh" else "") / f"{nb.slug}.html").as_uri()
    tab, log = open_typeset(page, url)
    tab.set_viewport_size({"width": width, "height": 900})
    wait_for_tab_stops(tab)
    stops = tab_stops(tab, FOCUSED)
    cells = [s for s in stops if s["kind"] == "cell"]
    assert not cells, f"{url} at {width} px: {cells}"
    unnamed = [s for s in stops if s["role"] in ("", "generic", "none") or not s["name"]]
    assert not unnamed, f"{url} at {width} px: {len(unnamed)} of {len(stops)}: {unnamed[:5]}"
    tables = tab.evaluate(MARKDOWN_TABLES)
    assert tables, f"{url}: no Markdown table"
    wrong = [
        t
        for t in tables
        if t["wide"] != (t["role"] == "region")
        or (t["wide"] and not TABLE_NAME[lang].fullmatch(t["name"] or ""))
    ]
    assert not wrong, f"{url} at {width} px: {wrong}"
    if (lang, number, width) == ("zh", "07", 360):
        assert any(t["wide"] for t in tables), tables
    assert not log.problems(), log.problems()


class _Boxes(HTMLParser):
    """An HTML page read as a tree: the class of the element each ``<table>`` sits in
    directly, each end tag that closed something else than the element open (a box cut
    into a table's rows), each table cell outside any table, and each comment's text."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, str]] = []
        self.tables: list[str] = []
        self.misplaced: list[str] = []
        self.loose: list[int] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append(self.open[-1][1] if self.open else "")
        if tag in ("tr", "td", "th") and all(t != "table" for t, _ in self.open):
            self.loose.append(self.getpos()[0])
        if tag not in self.VOID:
            self.open.append((tag, dict(attrs).get("class") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:  # nbconvert's <meta …></meta>
            return
        if self.open and self.open[-1][0] == tag:
            self.open.pop()
        else:
            self.misplaced.append(f"</{tag}> in <{self.open[-1][0] if self.open else ''}>")

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def test_only_a_markdown_table_is_boxed_and_the_box_holds_it_whole() -> None:
    """The box a standalone page puts round a Markdown table was written by a pattern
    over the cell's HTML (from ``<table`` to the first ``</table>``): a comment that named
    ``<table>`` took the box's opening into itself, leaving its close to end the Markdown
    cell early, and a table written in HTML inside another closed the box inside the outer
    table's row. Now Markdown's own table is boxed as it is written, whole; what the cell
    writes in HTML is left as written (as the site leaves it), code stays code. Oracle:
    the page read by Python's HTML parser."""
    cell = (
        "<!-- an example of a <table> -->\n\n"
        "| pipe | table |\n|---|---|\n| 1 | 2 |\n\n"
        "<table><tr><td><table><tr><td>inner</td></tr></table></td><td>outer</td></tr></table>\n\n"
        "`<table>` in code, and $a<table$ in a formula\n"
    )
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(cell)])
    page, _ = build._standalone_exporter(template_name="lab").from_notebook_node(notebook)
    boxes = _Boxes()
    boxes.feed(page)
    assert not boxes.misplaced, boxes.misplaced
    assert not boxes.loose, f"table cells outside any table, on the page's lines {boxes.loose}"
    assert not [c for c in boxes.comments if "agm-table-box" in c], boxes.comments
    assert boxes.tables.count("agm-table-box") == 1, boxes.tables
    assert len(boxes.tables) == 3, boxes.tables
