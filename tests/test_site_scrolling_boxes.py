"""A box of the site that scrolls sideways (a block of code, a printed output, a table),
as the keyboard meets it and as it prints.

Built once for the session (tests/site_build.py) and checked in headless Chromium. A box
that scrolls is a Tab stop (the theme gives it tabindex 0; Chromium makes any box that
scrolls one): it must be a region with a name in the page's language, as a picture's
box is (docs/_static/agm-formulas.js). On paper nothing scrolls: no box may fade or be
cut at the page's edge (docs/_static/agm.css). Oracles: the names written by hand,
Chromium's own accessibility tree and Tab order, and each box's size in Chromium.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from browser import on_every_view, open_typeset, tab_stops, wait_for_tab_stops

from docs import build, typeset

NOTEBOOKS = build.discover()

#: What a screen reader is to hear of a box that scrolls, by the page's language: its kind,
#: its number among the page's boxes of that kind (so that no two regions share a name), and
#: that it scrolls.
NAMES = {
    "en": {
        "code": "Code {n}, scrolls sideways",
        "output": "Output {n}, scrolls sideways",
        "table": "Table {n}, scrolls sideways",
        "formula": "Formula {n}, scrolls sideways",
    },
    "zh": {
        "code": "代码 {n}，可横向滚动",
        "output": "输出 {n}，可横向滚动",
        "table": "表格 {n}，可横向滚动",
        "formula": "公式 {n}，可横向滚动",
    },
}


def _named(lang: str, kind: str) -> re.Pattern[str]:
    """The names a box of ``kind`` may have on a page in ``lang``."""
    said = re.escape(NAMES[lang][kind]).replace(re.escape("{n}"), "[1-9][0-9]*")
    return re.compile(said)


def _twice(names: list[str]) -> list[str]:
    """The names given to more than one region."""
    return sorted({n for n in names if names.count(n) > 1})


#: The focused element: its kind by its place in the page, whether it scrolls (from its
#: first pixel out of sight, as the theme makes it a Tab stop), whether
#: it is in the page's text (not its menus and header).
FOCUSED = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const kind = e.matches('.pst-scrollable-table-container') ? 'table'
        : e.tagName !== 'PRE' ? 'other'
        : e.closest('.cell_output, .jp-OutputArea-output') ? 'output' : 'code';
    return {kind, scrolls: e.scrollWidth > e.clientWidth,
            article: !!e.closest('.bd-article, .jp-Notebook'),
            text: e.innerText.slice(0, 60)};
}"""


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
    wait_for_tab_stops(tab)
    stops = [s for s in tab_stops(tab, FOCUSED) if s["kind"] != "other"]
    scrolling = [s for s in stops if s["scrolls"]]
    assert scrolling, f"{rel} at {width} px: no box that scrolls is a Tab stop: {stops}"
    wrong = [
        s
        for s in scrolling
        if s["role"] != "region" or not _named(lang, s["kind"]).fullmatch(s["name"])
    ]
    assert not wrong, f"{rel} at {width} px: {wrong}"
    # one name said for every block in a screen reader's list of landmarks tells none apart
    assert not _twice([s["name"] for s in scrolling]), f"{rel} at {width} px: {scrolling}"
    if width == 650 and rel != "zh/index.html":  # the English tables are wider there
        # read with the keyboard away: a box it is on does not fade (its focus ring shows)
        masks = tab.evaluate(
            """() => { document.activeElement?.blur();
                return [...document.querySelectorAll('.bd-article .pst-scrollable-table-container')]
                    .filter((e) => e.scrollWidth > e.clientWidth)
                    .map((e) => getComputedStyle(e).maskImage); }"""
        )
        assert masks and all("linear-gradient" in m for m in masks), masks
    assert not log.problems(), log.problems()


#: A block of code of the page that fits, made 1 px narrower than its text (its id set to
#: "agm-1px"): whether it could be.
ONE_PX_OVER = """() => {
    const e = [...document.querySelectorAll('.bd-article div.highlight pre')]
        .find((p) => p.scrollWidth <= p.clientWidth && p.textContent.trim().length > 20);
    if (!e) return false;
    e.id = 'agm-1px';
    e.style.width = 'max-content';
    for (let w = Math.ceil(e.getBoundingClientRect().width); w > 0; w--) {
        e.style.width = `${w}px`;
        const over = e.scrollWidth - e.clientWidth;
        if (over === 1) return true;
        if (over > 1) return false;
    }
    return false;
}"""


def test_a_block_one_px_too_wide_is_a_named_region(server: str, page: Any) -> None:
    """A block of code 1 px wider than its box ("nb07.check_newton_step(newton_step, C2)"
    in Chinese on a phone) is a Tab stop of the theme and of Chromium (scrollWidth >
    clientWidth), but agm-formulas.js named only a box with more than 1 px out of sight:
    a Tab stop with no name. It is a named region too (no fade: 1 px is not worth one)."""
    tab, log = open_typeset(page, server + "index.html")
    tab.set_viewport_size({"width": 1000, "height": 900})
    tab.wait_for_timeout(300)
    assert tab.evaluate(ONE_PX_OVER), "no block of code could be made 1 px too wide"
    tab.evaluate("() => window.dispatchEvent(new Event('resize'))")  # the theme's Tab stops
    wait_for_tab_stops(tab)
    box = tab.evaluate(
        """() => { const e = document.getElementById('agm-1px');
            return {tab: e.tabIndex, role: e.getAttribute('role'),
                    name: e.getAttribute('aria-label'), over: e.scrollWidth - e.clientWidth,
                    mask: getComputedStyle(e).maskImage}; }"""
    )
    assert box["over"] == 1 and box["tab"] == 0, box
    assert box["role"] == "region" and _named("en", "code").fullmatch(box["name"] or ""), box
    assert box["mask"] == "none", box
    assert not log.problems(), log.problems()


def _regions(tree: str, name: re.Pattern[str]) -> list[str]:
    """The names of the regions of an accessibility snapshot that ``name`` matches."""
    found = re.findall(r'^\s*- region "([^"]*)"', tree, re.M)
    return [n for n in found if name.fullmatch(n)]


SCROLLING = """(sel) => [...document.querySelectorAll(sel)]
    .filter((b) => b.scrollWidth > b.clientWidth).length"""


@on_every_view
def test_a_notebooks_code_and_output_that_scroll_are_named_regions(
    where: str, lang: str, width: int, site: Path, server: str, page: Any
) -> None:
    """Notebook 06 on a phone: its code cells and its printed tables (the gradient check's
    report) that scroll were Tab stops with no name, on the site and on the standalone
    pages. In the accessibility snapshot each is a region named "Code 3, scrolls
    sideways" or "Output 2, scrolls sideways" (in Chinese on a Chinese page), no two alike
    (34 regions of one name on the benchmarks page told a screen reader's list of
    landmarks nothing); no box that fits is a region."""
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
    wait_for_tab_stops(tab)
    tree = tab.locator(text).aria_snapshot()
    codes, outputs = tab.evaluate(SCROLLING, code), tab.evaluate(SCROLLING, output)
    if width == 360:
        assert codes > 5 and outputs > 0, (codes, outputs)
    named_codes, named_outputs = (
        _regions(tree, _named(lang, "code")),
        _regions(tree, _named(lang, "output")),
    )
    assert len(named_codes) == codes, tree
    assert len(named_outputs) == outputs, tree
    assert not _twice(named_codes + named_outputs), tree


#: Every box of the page's text that fades (a mask) or is wider than it is shown.
FADED_OR_CUT = """() => [...document.querySelectorAll(
        '.bd-article :is(pre, .agm-graph, span.math, div.math mjx-container,'
        + ' .pst-scrollable-table-container)')]
    .map((b) => ({tag: b.tagName, classes: b.className, text: b.innerText.slice(0, 50),
                  mask: getComputedStyle(b).maskImage || getComputedStyle(b).webkitMaskImage,
                  cut: b.scrollWidth - b.clientWidth}))
    .filter((b) => b.mask !== 'none' || b.cut > 1)"""

#: Each box the screen marked to fade (agm-more-left, agm-more-right), its marks noted.
KEEP_MARKS = """() => {
    const marked = [...document.querySelectorAll('.agm-more-left, .agm-more-right')];
    marked.forEach((b) => { b.dataset.agmMarks = b.className; });
    return marked.length;
}"""

#: The noted boxes, their screen's marks put back, that fade: read in the same task, before
#: agm-formulas.js can mark them again.
MARKED_AGAIN_FADES = """() => [...document.querySelectorAll('[data-agm-marks]')]
    .map((b) => { b.className = b.dataset.agmMarks; return b; })
    .map((b) => ({tag: b.tagName, classes: b.className, text: b.innerText.slice(0, 50),
                  mask: getComputedStyle(b).maskImage}))
    .filter((b) => b.mask !== 'none')"""

#: A4's width less 1 cm margins, in CSS px (96 to the inch): what a printed page holds.
A4_TEXT_PX = round((210 - 20) / 25.4 * 96)


@pytest.mark.parametrize(
    "rel",
    [
        "index.html",
        "zh/index.html",
        "notebooks/01_derivatives_and_chain_rule.html",
        "zh/notebooks/06_gradient_checking_and_second_derivatives.html",
    ],
)
def test_in_print_no_box_fades_or_is_cut(rel: str, server: str, page: Any) -> None:
    """Printed, a block of code kept the fade it had on the screen (the last 2.5 em of its
    line faded out on paper, where nothing scrolls), and a block of code, a printed table
    or a graph wider than the page was cut at its edge (12 blocks of the home page on A4,
    23 px of notebook 01's graph). In print nothing fades and nothing is cut: the page as
    the screen left it (the marks of a 1,000 px window), then at a page's width."""
    tab, _ = open_typeset(page, server + rel)
    tab.set_viewport_size({"width": 1000, "height": 900})
    tab.wait_for_timeout(300)
    marked = tab.evaluate(KEEP_MARKS)
    assert marked, "nothing scrolls at 1,000 px: the test needs a page where something does"
    tab.emulate_media(media="print")
    # the marks the screen left, as a printout keeps them (the script's ResizeObserver
    # took them off here as the print layout fitted each box, before the CSS was read)
    faded = tab.evaluate(MARKED_AGAIN_FADES)
    assert not faded, faded
    tab.set_viewport_size({"width": A4_TEXT_PX, "height": 1000})
    tab.wait_for_timeout(300)
    assert not tab.evaluate(FADED_OR_CUT), tab.evaluate(FADED_OR_CUT)
    tab.emulate_media(media="screen")  # on a screen, a block still fades where it scrolls
    fades = "() => [...document.querySelectorAll('.agm-more-right')].some((b) => b.offsetWidth)"
    tab.wait_for_function(fades, timeout=10_000)  # once the ResizeObserver has marked it
    assert [b for b in tab.evaluate(FADED_OR_CUT) if b["mask"] != "none"]


#: Each printed table of the page's text: its first line, how many lines it has and on how
#: many it is shown, its font size and how far it is cut at its box's edge.
TABLE_LINES = """() => [...document.querySelectorAll('.bd-article pre.agm-table')].map((p) => {
    const text = p.textContent.replace(/\\n$/, '');
    const range = document.createRange();
    range.selectNodeContents(p);
    const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0)
        .map((r) => Math.round(r.top)));
    return {head: text.split('\\n')[0].slice(0, 50), lines: text.split('\\n').length,
            shown: tops.size, size: parseFloat(getComputedStyle(p).fontSize),
            cut: p.scrollWidth - p.clientWidth};
})"""


@pytest.mark.parametrize(
    "rel",
    [
        "notebooks/00_build_your_own_value.html",
        "notebooks/06_gradient_checking_and_second_derivatives.html",
        "zh/notebooks/06_gradient_checking_and_second_derivatives.html",
    ],
)
def test_a_printed_table_prints_each_row_on_one_line(rel: str, server: str, page: Any) -> None:
    """Printed, a table of numbers wrapped at the page's edge: each row of notebook 06's
    gradient-check report (119 columns) broke in two, notebook 00's table of σ' (84
    columns, 83 fit A4) put each row's last number on a line of its own, and the Chinese
    table of errors broke numbers at their exponent's minus ("9.1e-" above "11"). A
    printed table is set smaller instead, each row on one line, its text 8 px or more."""
    tab, _ = open_typeset(page, server + rel)
    tab.emulate_media(media="print")
    tab.set_viewport_size({"width": A4_TEXT_PX, "height": 1000})
    tables = tab.evaluate(TABLE_LINES)
    assert tables, f"{rel} prints no table"
    wrong = [t for t in tables if t["shown"] != t["lines"] or t["cut"] > 1 or t["size"] < 8]
    assert not wrong, wrong
    assert any(t["size"] < 12.5 for t in tables), tables  # one needed setting smaller


def test_a_printed_tables_width_counts_a_hanzi_as_two_columns() -> None:
    """The width agm.css fits a printed table to the page by: its widest line's columns,
    a hanzi two (as the code fonts draw it), markup and entities not counted."""
    rows = "w1  相对误差 9.5e-11\nw2  相对误差 4.6e-10  &lt;ok&gt;"
    html = f'<div class="output stream"><div class="highlight"><pre>{rows}</pre></div></div>'
    assert '<pre class="agm-table" style="--agm-columns: 26">' in typeset.printed_tables(html)


#: The boxes that scroll and fade at an edge, by page and window width: a block of code
#: (the home page's "make demo   # trains …", in both widths), a display formula (notebook
#: 06's first on a phone), a printed table (06's gradient check), a table (the
#: benchmarks' between 600 and 700 px) and a graph (notebook 00's first on a phone).
FADED_BOXES = [
    ("index.html", 1000, ".bd-article pre"),
    ("index.html", 360, ".bd-article pre"),
    (
        "notebooks/06_gradient_checking_and_second_derivatives.html",
        360,
        ".bd-article div.math mjx-container",
    ),
    (
        "notebooks/06_gradient_checking_and_second_derivatives.html",
        360,
        ".bd-article pre.agm-table",
    ),
    ("benchmarks/README.html", 650, ".bd-article .pst-scrollable-table-container"),
    ("notebooks/00_build_your_own_value.html", 360, ".bd-article .agm-graph"),
    # and a standalone page's, which fade by the same rule (docs/_static/agm-fade.css)
    *(
        ("standalone/zh/07_forward_or_reverse.html", 360, f".jp-Notebook {box}")
        for box in (".jp-InputArea pre", "pre.agm-table", ".agm-table-box", ".agm-graph")
    ),
]


def _ring_sides(
    shot: bytes, box: dict[str, float], colour: tuple[int, int, int]
) -> dict[str, float]:
    """For each side of ``box`` (its place in the screenshot ``shot``), the largest share
    of a line along that side, within 5 px of its edge either way, painted ``colour``."""
    from PIL import Image

    image = Image.open(io.BytesIO(shot)).convert("RGB")
    px = image.load()
    assert px is not None

    def near(p: float | tuple[int, ...]) -> bool:
        return isinstance(p, tuple) and all(
            abs(a - b) <= 40 for a, b in zip(p, colour, strict=True)
        )

    left, top = round(box["x"]), round(box["y"])
    right, bottom = round(box["x"] + box["width"]) - 1, round(box["y"] + box["height"]) - 1
    xs = range(max(left, 0), min(right, image.width - 1) + 1)
    ys = range(max(top, 0), min(bottom, image.height - 1) + 1)

    def share(line: list[tuple[int, int]]) -> float:
        inside = [(x, y) for x, y in line if 0 <= x < image.width and 0 <= y < image.height]
        return sum(near(px[x, y]) for x, y in inside) / max(len(inside), 1)

    return {
        "left": max(share([(x, y) for y in ys]) for x in range(left - 5, left + 6)),
        "right": max(share([(x, y) for y in ys]) for x in range(right - 5, right + 6)),
        "top": max(share([(x, y) for x in xs]) for y in range(top - 5, top + 6)),
        "bottom": max(share([(x, y) for x in xs]) for y in range(bottom - 5, bottom + 6)),
    }


@pytest.mark.parametrize(("rel", "width", "box"), FADED_BOXES)
def test_a_faded_box_shows_its_focus_ring(
    rel: str, width: int, box: str, site: Path, server: str, page: Any
) -> None:
    """A box that scrolls and fades at its edge (mask-image) showed no focus ring when the
    keyboard reached it: its outline was computed solid, 3 px, but the mask, which covers
    the box's border box only, hid the ring outside it, and a formula's box clipped by its
    div.math hid its sides (WCAG 2.4.7, focus visible). While the keyboard is on it the
    box does not fade and the ring is drawn on all four sides. Oracle: the screenshot's
    pixels, in the outline colour Chromium computes, along each side of the box."""
    # a standalone page is opened as a reader opens it, from the file system
    url = (site / rel).as_uri() if rel.startswith("standalone/") else server + rel
    tab, log = open_typeset(page, url)
    tab.set_viewport_size({"width": width, "height": 1600})
    wait_for_tab_stops(tab)
    faded = tab.locator(f"{box}:is(.agm-more-left, .agm-more-right)").first
    faded.scroll_into_view_if_needed()
    tab.keyboard.press("Shift")  # the last input is a key: focus from here on is visible
    place = faded.bounding_box()
    assert place and place["height"] < 1500, place
    unfocused = tab.screenshot()
    faded.focus()
    style = faded.evaluate(
        """(e) => ({visible: e.matches(':focus-visible'), outline: getComputedStyle(e).outlineStyle,
                   colour: getComputedStyle(e).outlineColor})"""
    )
    # the theme's ring is solid; a standalone page's is Chromium's own ("auto")
    assert style["visible"] and style["outline"] in {"solid", "auto"}, style
    red, green, blue = (int(c) for c in re.findall(r"\d+", style["colour"])[:3])
    assert faded.bounding_box() == place, "focusing the box moved it"
    before = _ring_sides(unfocused, place, (red, green, blue))
    assert not all(share > 0.9 for share in before.values()), before  # no ring unfocused
    sides = _ring_sides(tab.screenshot(), place, (red, green, blue))
    assert all(share > 0.9 for share in sides.values()), f"{rel} at {width} px, {box}: {sides}"
    assert not log.problems(), log.problems()


def _ink_beside_ring(shot: bytes, box: dict[str, float], side: str) -> int:
    """How many pixels of dark ink (a glyph's, every channel under 120: the ring's colour
    and the page are brighter) lie in the 2 px just inside a 3 px ring drawn within
    ``box`` (its place in ``shot``), along ``side`` ("left", "right", "top" or "bottom")."""
    from PIL import Image

    image = Image.open(io.BytesIO(shot)).convert("RGB")
    px = image.load()
    assert px is not None
    left, top = round(box["x"]), round(box["y"])
    right, bottom = round(box["x"] + box["width"]) - 1, round(box["y"] + box["height"]) - 1
    if side in ("top", "bottom"):
        ys = range(top + 3, top + 5) if side == "top" else range(bottom - 4, bottom - 2)
        band = [(x, y) for x in range(left + 3, right - 2) for y in ys]
    else:
        xs = range(left + 3, left + 5) if side == "left" else range(right - 4, right - 2)
        band = [(x, y) for x in xs for y in range(top + 3, bottom - 5)]
    dark = 0
    for x, y in band:
        pixel = px[x, y]
        assert isinstance(pixel, tuple)
        dark += max(pixel) < 120
    return dark


@pytest.mark.parametrize("where", ["site", "standalone"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_focused_formula_ring_clears_its_glyphs(
    lang: str, where: str, site: Path, server: str, page: Any
) -> None:
    """A display formula that scrolls has its focus ring drawn 3 px inside its edge (it is
    clipped beside it), and the ring covered the glyphs at the box's edges: notebook 06's
    first "ż" on a phone lost its left side and its dot under the ring, and scrolled to
    the end, the last comma. The box keeps its glyphs clear of the ring: no dark pixel in
    the 2 px inside the ring, on its left at the start, on its right at the end, and along
    its top and its foot; on a standalone page too, where a formula that scrolls (it was
    shrunk to the column) had Chromium's own ring over the foot of its subscripts.
    Oracle: the screenshot's pixels."""
    nb = next(n for n in NOTEBOOKS if n.lang == lang and n.slug.startswith("06"))
    if where == "site":
        url = server + f"{nb.docname}.html"
    else:
        url = (site / "standalone" / ("zh" if lang == "zh" else "") / f"{nb.slug}.html").as_uri()
    tab, log = open_typeset(page, url)
    tab.set_viewport_size({"width": 360, "height": 900})
    wait_for_tab_stops(tab)
    formula = tab.locator("mjx-container[display='true'][role='region']").first
    formula.scroll_into_view_if_needed()
    tab.keyboard.press("Shift")  # the last input is a key: focus from here on is visible
    formula.focus()
    assert formula.evaluate("(e) => e.matches(':focus-visible')")
    place = formula.bounding_box()
    assert place, formula
    start = tab.screenshot()
    formula.evaluate("(e) => { e.scrollLeft = e.scrollWidth; }")
    tab.wait_for_function(
        "(e) => e.scrollLeft > 0 && e.scrollLeft + e.clientWidth >= e.scrollWidth - 1",
        arg=formula.element_handle(),
    )
    end = tab.screenshot()
    ink = {
        "left at the start": _ink_beside_ring(start, place, "left"),
        "top at the start": _ink_beside_ring(start, place, "top"),
        "foot at the start": _ink_beside_ring(start, place, "bottom"),
        "right at the end": _ink_beside_ring(end, place, "right"),
        "top at the end": _ink_beside_ring(end, place, "top"),
        "foot at the end": _ink_beside_ring(end, place, "bottom"),
    }
    assert not any(ink.values()), f"{url}: {ink}"
    # and the ring is there: its colour along the left side
    colour = formula.evaluate("(e) => getComputedStyle(e).outlineColor")
    red, green, blue = (int(c) for c in re.findall(r"\d+", colour)[:3])
    assert _ring_sides(start, place, (red, green, blue))["left"] > 0.9
    assert not log.problems(), log.problems()


#: A display formula's width as MathJax drew it (its picture), without its box's padding.
DRAWN_WIDTH = "(e) => e.firstElementChild.getBoundingClientRect().width"

#: Until the formula's box is ``width`` wide inside and the script has marked it (Chromium
#: runs a ResizeObserver's callbacks before the next frame is drawn).
MARKED_AT = """async ([e, width]) => {
    while (e.clientWidth !== width) await new Promise((r) => requestAnimationFrame(r));
    for (let i = 0; i < 3; i++) await new Promise((r) => requestAnimationFrame(r));
}"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_formula_that_fits_once_the_window_widens_is_no_region(
    lang: str, server: str, page: Any
) -> None:
    """A display formula that scrolls gets 5 px of padding each side (its focus ring clears
    its glyphs), and agm-formulas.js read the padding as part of what scrolls: notebook
    06's first formula, a region on a phone, stayed one when the window widened until it
    fitted with 4 px to spare, with 6 px to scroll, a fade and a Tab stop, where the same
    width loaded afresh has none. Oracle: the formula's drawn width against its box's."""
    nb = next(n for n in NOTEBOOKS if n.lang == lang and n.slug.startswith("06"))
    tab, log = open_typeset(page, server + f"{nb.docname}.html")
    tab.set_viewport_size({"width": 360, "height": 900})
    wait_for_tab_stops(tab)
    formula = tab.locator(".bd-article div.math mjx-container[role='region']").first
    drawn = formula.evaluate(DRAWN_WIDTH)
    inside = formula.evaluate("(e) => e.clientWidth")
    assert drawn > inside, (drawn, inside)
    roomy = round(drawn) + 4  # the formula fits with room to spare, not the padding too
    handle = formula.element_handle()
    tab.set_viewport_size({"width": 360 + roomy - inside, "height": 900})
    tab.evaluate(MARKED_AT, [handle, roomy])
    state = handle.evaluate(
        "(e) => ({role: e.getAttribute('role'), hidden: e.scrollWidth - e.clientWidth,"
        " marks: [...e.classList].filter((c) => c.startsWith('agm-'))})"
    )
    assert drawn <= roomy
    assert state == {"role": None, "hidden": 0, "marks": []}, f"{nb.docname}: {state}"
    assert not log.problems(), log.problems()


#: A5's width less 1 cm margins, in CSS px: a smaller page.
A5_TEXT_PX = round((148 - 20) / 25.4 * 96)

#: Each box of a standalone page's text whose overflow hides what it cannot show, and
#: that has something out of sight: its tag, classes, how far it is cut and its first words
#: (not a formula's MathML for screen readers, drawn nowhere by design).
STANDALONE_CUT = """() => [...document.querySelectorAll('.jp-Notebook :not(mjx-assistive-mml)')]
    .filter((e) =>
    getComputedStyle(e).overflowX !== 'visible' && e.offsetWidth
    && e.scrollWidth > e.clientWidth + 1)
    .map((e) => [e.tagName, e.className, e.scrollWidth - e.clientWidth,
                 e.innerText.slice(0, 40)])"""


@pytest.mark.parametrize("width", [A4_TEXT_PX, A5_TEXT_PX])
@pytest.mark.parametrize(("lang", "number"), [("zh", "07"), ("en", "04"), ("en", "06")])
def test_a_printed_standalone_page_cuts_nothing(
    lang: str, number: str, width: int, site: Path, page: Any
) -> None:
    """The standalone pages had no print rules: on A4 every line of code longer than the
    column was cut at its box's edge (23 blocks of notebook 04, up to 197 px), and on A5
    notebook 07's Chinese summary table lost 8 px in its new box, where its
    Markdown cell had held it. On paper nothing scrolls, as on the site: code wraps, a
    table's cells wrap, a printed table is set smaller. Oracle: each box's size in
    Chromium's print layout at the page's width."""
    nb = next(n for n in NOTEBOOKS if n.lang == lang and n.slug.startswith(number))
    url = (site / "standalone" / ("zh" if lang == "zh" else "") / f"{nb.slug}.html").as_uri()
    tab, log = open_typeset(page, url)
    tab.emulate_media(media="print")
    tab.set_viewport_size({"width": width, "height": 1000})
    tab.wait_for_timeout(300)
    cut = tab.evaluate(STANDALONE_CUT)
    assert not cut, f"{url} at {width} px: {len(cut)} cut: {cut[:5]}"
    assert not log.problems(), log.problems()


#: Each box of a standalone page's text the script marked as having more out of sight:
#: which kind it is and the mask it is drawn with.
STANDALONE_MARKED = """() => [...document.querySelectorAll(
        '.jp-Notebook :is(.agm-more-left, .agm-more-right)')]
    .map((e) => ({kind: e.matches('.agm-table-box') ? 'table'
                     : e.matches('.agm-graph') ? 'picture'
                     : e.matches('pre.agm-table') ? 'printed table' : 'code',
                  mask: getComputedStyle(e).maskImage || getComputedStyle(e).webkitMaskImage,
                  text: e.innerText.slice(0, 40)}))"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_standalone_box_that_scrolls_fades_at_its_edge(lang: str, site: Path, page: Any) -> None:
    """On a standalone page a table, a block of code, a printed table or a graph that
    scrolls ended flat at the column's edge, where the site's pages fade it: the script
    marked it (agm-more-right) but the fade was agm.css's, which only the site loads. The
    rule is one (docs/_static/agm-fade.css), on both. Oracle: Chromium's computed mask of
    each marked box, notebook 07 on a phone (it has a box of each kind that scrolls)."""
    nb = next(n for n in NOTEBOOKS if n.lang == lang and n.slug.startswith("07"))
    rel = f"standalone/{'zh/' if lang == 'zh' else ''}{nb.slug}.html"
    tab, log = open_typeset(page, (site / rel).as_uri())
    tab.set_viewport_size({"width": 360, "height": 900})
    wait_for_tab_stops(tab)
    marked = tab.evaluate(STANDALONE_MARKED)
    assert {m["kind"] for m in marked} == {"table", "picture", "printed table", "code"}, marked
    flat = [m for m in marked if "gradient" not in m["mask"]]
    assert not flat, f"{rel}: {len(flat)} of {len(marked)} do not fade: {flat[:4]}"
    assert not log.problems(), log.problems()


#: Each display formula of a standalone page: the width MathJax drew it at (its picture),
#: its box's width and what it scrolls, its role and name, whether it fades at its right
#: edge, its padding.
STANDALONE_FORMULAS = """() => [...document.querySelectorAll(
        '.jp-Notebook mjx-container[display="true"]')].map((f) => {
        const style = getComputedStyle(f);
        const mask = style.maskImage || style.webkitMaskImage || 'none';
        return {drawn: f.querySelector('svg').getBoundingClientRect().width,
                shown: f.clientWidth, scrollWidth: f.scrollWidth,
                role: f.getAttribute('role'), name: f.getAttribute('aria-label'),
                fades: f.classList.contains('agm-more-right') && mask.includes('gradient'),
                padding: [style.paddingTop, style.paddingRight, style.paddingBottom,
                          style.paddingLeft],
                text: f.textContent.slice(0, 40)};
    })"""


@pytest.mark.parametrize(("lang", "number"), [("en", "01"), ("zh", "03"), ("en", "07")])
def test_a_standalone_formula_keeps_its_size_and_scrolls(
    lang: str, number: str, site: Path, page: Any
) -> None:
    """On a standalone page a display formula wider than a phone's column was shrunk to it
    (JupyterLab's max-width: 100% on its picture): 3–9 a notebook at 0.50–0.65 of their
    size, text of about 8 px, where the site's pages scroll them. A formula keeps the size
    it has in a 1,000 px window, where each fits; one wider than the column scrolls, a
    region named in the page's language, faded at the edge that has more, padded clear of
    its focus ring as on the site (docs/_static/agm-formula-boxes.css). Oracle: each
    formula's drawn width in Chromium at 1,000 px, names written by hand."""
    nb = next(n for n in NOTEBOOKS if n.lang == lang and n.slug.startswith(number))
    url = (site / "standalone" / ("zh" if lang == "zh" else "") / f"{nb.slug}.html").as_uri()
    tab, log = open_typeset(page, url)
    tab.set_viewport_size({"width": 1000, "height": 900})
    wait_for_tab_stops(tab)
    wide = tab.evaluate(STANDALONE_FORMULAS)
    assert all(f["scrollWidth"] <= f["shown"] for f in wide), wide  # each fits at 1,000 px
    tab.set_viewport_size({"width": 360, "height": 900})
    wait_for_tab_stops(tab)
    phone = tab.evaluate(STANDALONE_FORMULAS)
    shrunk = [
        (f["text"], round(f["drawn"]), round(w["drawn"]))
        for f, w in zip(phone, wide, strict=True)
        if f["drawn"] < w["drawn"] - 0.5
    ]
    assert not shrunk, f"{url}: shrunk at 360 px (text, px, px at 1,000 px): {shrunk}"
    scrolls = [f for f in phone if f["drawn"] > f["shown"]]
    assert len(scrolls) >= 3, phone
    named = _named(lang, "formula")
    wrong = [
        f
        for f in scrolls
        if f["role"] != "region"
        or not named.fullmatch(f["name"] or "")
        or not f["fades"]
        or f["padding"] != ["5px"] * 4
        or f["scrollWidth"] < f["drawn"]
    ]
    assert not wrong, f"{url}: {len(wrong)} of {len(scrolls)}: {wrong[:3]}"
    assert not log.problems(), log.problems()


#: A box of each kind the script marks, as the screen left it: faded at one edge or, scrolled
#: part way, at both (agm-more-left and agm-more-right at once).
MARKED_BOXES = """<!doctype html><html lang="en"><head><style>{css}</style></head>
<body><div class="bd-article">
<pre class="agm-more-right">right</pre><pre class="agm-more-left">left</pre>
<pre class="agm-more-left agm-more-right">both</pre>
<span class="agm-graph agm-more-left agm-more-right">both</span>
<div class="math"><mjx-container class="agm-more-left agm-more-right">both</mjx-container></div>
</div></body></html>"""


@pytest.mark.parametrize("css", ["site", "standalone"])
def test_a_box_scrolled_part_way_prints_without_its_fade(css: str, page: Any) -> None:
    """A box scrolled part way on the screen (faded at both edges) kept both fades on
    paper, on the site's pages and the standalone pages alike: the print rule
    (:is(.agm-more-left, .agm-more-right), one class) lost to the screen's rule for both
    edges (.agm-more-left.agm-more-right, two), as it did in agm.css before (there by
    four classes to three). Oracle: Chromium's computed mask in print, and on screen."""
    fade = (build.DOCS / "_static" / build.FADE_CSS).read_text(encoding="utf-8")
    site_css = (build.DOCS / "_static" / "agm.css").read_text(encoding="utf-8") + "\n" + fade
    page.set_content(MARKED_BOXES.format(css=site_css if css == "site" else fade))
    masks = """() => [...document.querySelectorAll('.agm-more-left, .agm-more-right')]
        .map((e) => getComputedStyle(e).maskImage)"""
    page.emulate_media(media="screen")
    assert all("gradient" in m for m in page.evaluate(masks)), page.evaluate(masks)
    page.emulate_media(media="print")
    assert set(page.evaluate(masks)) == {"none"}, page.evaluate(masks)
