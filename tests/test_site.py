"""The course website, built once per test run and checked in headless Chromium.

The site is built into a temporary folder with ``docs.build`` (the notebooks' executions
come from its cache when nothing they read has changed, so a second run costs only Sphinx),
served on a local port, and every page is opened: nothing may fail or be fetched from
elsewhere, formulas must be typeset, every plot and graph drawn with a size, the step player
must move, and the Chinese pages must be Chinese and find their font.
"""

from __future__ import annotations

import re
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat
import pytest
from browser import open_typeset, search_results
from columns import MIN_TEXT_PX, SITE_COLUMN_PX

from autograd_mini.words import Words
from docs import build

CJK = re.compile(r"[\u4e00-\u9fff]")
NOTEBOOKS = build.discover()
EN = [nb for nb in NOTEBOOKS if nb.lang == "en"]
ZH = [nb for nb in NOTEBOOKS if nb.lang == "zh"]


# ``site`` and ``server``: tests/site_build.py (one build for the session)


@pytest.fixture
def viewport() -> dict[str, int]:
    """The site at a desktop browser's width (the shared ``page`` fixture uses it)."""
    return {"width": 1280, "height": 900}


def test_pages_here_are_a_desktop_browser_wide(page: Any) -> None:
    """This module's viewport replaces the shared one (1,200 px, a notebook window)."""
    assert page.viewport_size == {"width": 1280, "height": 900}


def _content_pages(site: Path) -> list[str]:
    """Every page of both editions (the Chinese one is a project of its own in zh/)."""
    pages = sorted(p.relative_to(site) for p in site.rglob("*.html"))
    skip = {"genindex.html", "search.html"}
    return [
        p.as_posix()
        for p in pages
        if p.name not in skip
        and p.parts[0] != "standalone"
        and not any(part.startswith("_") for part in p.parts)
    ]


def _local(url: str, base: str) -> bool:
    return url.startswith((base, "data:", "blob:", "about:"))


# ---------------------------------------------------------------------------------------------


def test_the_site_has_every_page(site: Path) -> None:
    pages = set(_content_pages(site))
    for nb in NOTEBOOKS:
        assert f"{nb.docname}.html" in pages
        standalone = site / "standalone" / ("zh" if nb.lang == "zh" else "") / f"{nb.slug}.html"
        assert standalone.is_file()
    assert {"index.html", "benchmarks/README.html"} <= pages
    assert {"zh/index.html", "zh/glossary.html"} <= pages
    # MathJax is served by the site, not a CDN, in each edition's project.
    for folder in (site, site / "zh"):
        assert (folder / "_static" / "mathjax" / "tex-svg-full.js").stat().st_size > 1_000_000
    # Nothing points at a server on the reader's own machine (zh/index linked to
    # http://localhost:8000/, the address of `python -m http.server`).
    for rel in _content_pages(site):
        hrefs = re.findall(r"""href=["']([^"']*)""", (site / rel).read_text(encoding="utf-8"))
        assert not [h for h in hrefs if re.search(r"//(localhost|127\.0\.0\.1)\b", h)], rel
    for rel in ("index.html", f"{EN[0].docname}.html"):
        html = (site / rel).read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']https?://""", _strip_anchors(html)), rel
    assert "_static/mathjax/tex-svg-full.js" in html  # a notebook page has formulas


def _strip_anchors(html: str) -> str:
    """Links people click (<a href>) may point outside; nothing loaded may."""
    return re.sub(r"<a\s[^>]*>", "", html)


def test_every_page_loads_cleanly_and_fetches_nothing_from_outside(
    site: Path, server: str, page: Any
) -> None:
    problems = []
    for rel in _content_pages(site):
        tab, log = open_typeset(page, server + rel)
        problems += [f"{rel}: {p}" for p in log.problems()]
        problems += [f"{rel}: fetched {u}" for u in log.requests if not _local(u, server)]
        text = tab.evaluate(
            """() => {
                // a cut formula's <noscript> (docs/typeset.py) is TeX no one sees here
                const body = document.body.cloneNode(true);
                body.querySelectorAll('pre, code, script, style, noscript, mjx-container, textarea')
                    .forEach(e => e.remove());
                return body.innerText;
            }"""
        )
        for raw in ("$$", "\\frac", "\\partial", "\\begin{"):
            if raw in text:
                problems.append(f"{rel}: raw TeX {raw!r} left in the text")
        problems += [f"{rel}: TeX that did not typeset: {bad}" for bad in tab.evaluate(TEX_ERRORS)]
    assert not problems, "\n".join(problems)


# What MathJax draws instead of a formula it cannot read: a parse error ("Missing \right")
# is an merror node carrying data-mjx-error; an unknown macro (\vecc) is drawn as its own
# name in red (the noundefined package of the full build). The site colours no formula.
TEX_ERRORS = """() => [...document.querySelectorAll('mjx-container')]
    .filter(e => e.querySelector('[data-mjx-error], [data-mml-node="merror"], [fill="red"]'))
    .map(e => (e.querySelector('[data-mjx-error]') || e).getAttribute('data-mjx-error')
              || e.getAttribute('aria-label') || e.textContent || 'a formula drawn in red')"""


def _expected_pictures(node: nbformat.NotebookNode) -> int:
    """How many PNG plots and SVG graphs the executed notebook displayed."""
    count = 0
    for cell in node.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "image/png" in data or "image/svg+xml" in data:
                count += 1
    return count


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda nb: nb.docname)
def test_notebook_page_shows_its_plots_graphs_and_formulas(
    nb: build.Notebook, site: Path, server: str, page: Any
) -> None:
    executed = nbformat.read(site.parent / ".site-work" / "docs-src" / f"{nb.docname}.ipynb", 4)
    expected = _expected_pictures(executed)
    for url in (server + nb.docname + ".html", _standalone_url(site, nb)):
        tab, log = open_typeset(page, url)
        assert not log.problems(), log.problems()
        sizes = tab.evaluate(
            """() => {
                const out = [];
                const areas = document.querySelectorAll('.cell_output, .jp-OutputArea');
                for (const area of areas) {
                    for (const el of area.querySelectorAll('img, svg')) {
                        if (el.closest('mjx-container')) continue;          // formulas
                        if (el.parentElement.closest('svg')) continue;       // nested
                        if (el.closest('[id^="agm-player-"]')) continue;     // player frames
                        const r = el.getBoundingClientRect();
                        out.push([el.tagName, r.width, r.height,
                                  el.tagName === 'IMG' ? el.naturalWidth : 1]);
                    }
                }
                return out;
            }"""
        )
        assert len(sizes) >= expected, f"{url}: {len(sizes)} pictures, expected {expected}"
        for tag, width, height, natural in sizes:
            assert width > 50 and height > 20 and natural > 0, f"{url}: empty {tag}"
        formulas = tab.evaluate("() => document.querySelectorAll('mjx-container svg').length")
        if "$" in "".join(c.source for c in executed.cells if c.cell_type == "markdown"):
            assert formulas > 0, f"{url}: no typeset formula"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda nb: nb.docname)
def test_every_formula_fits_a_1000_px_window(nb: build.Notebook, server: str, page: Any) -> None:
    """A display formula wider than the text column is cut at its edge, its scroll bar
    hidden: in notebook 02 the cross-entropy line ended "∂C/∂z = … = a −" at 1,000 px,
    the y that is its point out of sight."""
    tab, _ = open_typeset(page, server + nb.docname + ".html")
    tab.set_viewport_size({"width": 1000, "height": 900})
    tab.wait_for_timeout(300)  # the layout at the new width
    wide = tab.evaluate(
        """() => [...document.querySelectorAll('mjx-container[display="true"]')]
            .filter(e => e.scrollWidth > e.clientWidth + 1)
            .map(e => [e.scrollWidth, e.clientWidth])"""
    )
    assert wide == [], f"{nb.docname}: display formulas wider than the column: {wide}"


@pytest.mark.parametrize("rel", ["index.html"] + [f"{nb.docname}.html" for nb in NOTEBOOKS])
def test_pictures_have_the_column_their_text_sizes_were_worked_out_for(
    rel: str, server: str, page: Any
) -> None:
    """tests/test_figures.py and tests/test_readme_pictures.py work out how big the text of
    a plot or a README picture looks from the column it is shown in (SITE_COLUMN_PX at a
    1,000 px window): each picture here has at least that much room, and is shown at its
    own width or, when wider, at the column's."""
    tab, _ = open_typeset(page, server + rel)
    tab.set_viewport_size({"width": 1000, "height": 900})
    tab.wait_for_timeout(300)  # the layout at the new width
    pictures = tab.evaluate(
        """() => [...document.querySelectorAll('article img')].map(img => {
            const box = img.parentElement, style = getComputedStyle(box);
            const room = box.clientWidth - parseFloat(style.paddingLeft)
                - parseFloat(style.paddingRight);
            return [img.src.split('/').pop().slice(0, 40), img.naturalWidth,
                    img.getBoundingClientRect().width, room];
        })"""
    )
    assert pictures or rel != "index.html", "the home page shows no picture"
    for src, natural, shown, room in pictures:
        assert room >= SITE_COLUMN_PX - 0.5, f"{rel}: {src} has {room:.0f} px of column"
        assert shown >= min(natural, SITE_COLUMN_PX) - 0.5, f"{rel}: {src} shown at {shown} px"


#: Every picture as shown (``images``: a selector; ``column``: the element each must end
#: in, its nearest one around it or the page's first): for a Graphviz SVG (found by what
#: is in the file, not by where it is), its smallest text as drawn, in CSS px; for every
#: picture, whether it ends inside the column or inside a box within the column that
#: scrolls sideways. A player's hidden frames are not shown, so not counted.
PICTURES_AS_SHOWN = """async ([images, columns]) => {
    const out = [];
    for (const img of document.querySelectorAll(images)) {
        if (!img.getClientRects().length) continue;
        const around = img.closest(columns) || document.querySelector(columns);
        const column = around.getBoundingClientRect();
        const r = img.getBoundingClientRect();
        let box = img.parentElement;
        while (box && box !== around && getComputedStyle(box).overflowX !== 'auto') {
            box = box.parentElement;
        }
        const scroller = box && box !== around ? box.getBoundingClientRect() : null;
        const shown = {src: img.src.split('/').pop().slice(-24), natural: img.naturalWidth,
                       width: r.width, height: r.height, naturalHeight: img.naturalHeight,
                       inColumn: r.right <= column.right + 0.5,
                       inScroller: scroller !== null && scroller.right <= column.right + 0.5,
                       graph: false, minText: null};
        if (img.src.includes('.svg') || img.src.startsWith('data:image/svg')) {
            const text = await (await fetch(img.src)).text();
            if (text.includes('<!-- Generated by graphviz')) {
                const holder = document.createElement('div');
                holder.style.cssText = 'position:absolute;left:0;top:0;visibility:hidden';
                holder.innerHTML = text.slice(text.indexOf('<svg'));
                document.body.appendChild(holder);
                const svg = holder.querySelector('svg');
                svg.setAttribute('width', r.width);
                svg.setAttribute('height', r.height);
                const sizes = [...svg.querySelectorAll('text')].map(t =>
                    parseFloat(t.getAttribute('font-size') || '14') * t.getScreenCTM().a);
                holder.remove();
                shown.graph = true;
                shown.minText = Math.min(...sizes);
            }
        }
        out.push(shown);
    }
    return out;
}"""
SITE_PICTURES = ["article img", "article.bd-article"]
STANDALONE_PICTURES = [".jp-OutputArea-output img", ".jp-OutputArea-output"]

#: How far a phone may shrink a graph below the size its notebook drew it at.
GRAPH_SCALE = 0.9
#: The smallest text of a plot on a phone, in CSS px.
MIN_PLOT_TEXT_PX = 9.0
GRAPH_PAGES = ["index.html", "zh/index.html"] + [f"{nb.docname}.html" for nb in NOTEBOOKS]


def _pictures_problems(pictures: list[dict[str, Any]], width: int, page: str) -> list[str]:
    """What is wrong with the pictures of ``page`` as shown in a ``width`` px window.

    A graph: text of 11 px or more; on a phone at least GRAPH_SCALE of the size its
    notebook drew it at; wider than the column only where its text is at the 11 px floor
    (on a phone, or at 0.9); never cut at the column's edge. A plot: tests/test_figures.py
    checks its text is 11 px or more when it is shown min(its width, SITE_COLUMN_PX) wide,
    so shown ``width`` px wide its text is 11 × width / that or more: 9 px or more, and
    in the column from 1,000 px."""
    problems = []
    for p in pictures:
        where = f"{page} at {width} px: {p['src']} ({p['natural']} px)"
        if abs(p["width"] / p["height"] - p["natural"] / p["naturalHeight"]) >= 0.02:
            problems.append(f"{where}: squeezed to {p['width']:.0f} × {p['height']:.0f}")
        if not (p["inColumn"] or p["inScroller"]):
            problems.append(f"{where}: cut at the column's edge")
        if p["graph"]:
            if p["minText"] < MIN_TEXT_PX - 0.05:
                problems.append(f"{where}: text {p['minText']:.2f} px")
            if width < 600 and p["width"] < GRAPH_SCALE * p["natural"] - 0.5:
                problems.append(f"{where}: shrunk to {p['width']:.0f} px on a phone")
            if width >= 600 and not p["inColumn"] and p["minText"] > MIN_TEXT_PX + 0.1:
                problems.append(f"{where}: scrolls with its text at {p['minText']:.2f} px")
        else:
            text = MIN_TEXT_PX * p["width"] / min(p["natural"], SITE_COLUMN_PX)
            if text < MIN_PLOT_TEXT_PX - 0.05:
                problems.append(f"{where}: a plot shown {p['width']:.0f} px wide, text {text:.1f}")
            if width >= 1000 and not p["inColumn"]:
                problems.append(f"{where}: a plot wider than the column")
    return problems


@pytest.mark.parametrize("rel", GRAPH_PAGES)
def test_a_graph_or_plot_keeps_readable_text_and_scrolls_where_it_cannot_fit(
    rel: str, site: Path, server: str, page: Any
) -> None:
    """At 390 px the site shrank the notebooks' and the home pages' graphs to 0.36–0.47
    of the size they were drawn at (labels 5.4 px), and every plot to the 358 px column
    (notebook 05's reverse network, 795 px, its labels at 5 px): the notebooks draw a
    graph fitted to a 1,000 px column, text no smaller than 11 px, and promise a scroll
    box rather than shrinking. On a phone a graph is shown at no less than 0.9 of that
    size and a plot with text of 9 px or more, each in a box that scrolls sideways within
    the column. At 1,000 px a graph shrinks to fit while its text stays 11 px or more
    (notebook 0's graphs scrolled at 0.9 of their size, their text at 13.9 px) and a plot
    fits the column."""
    staged = site.parent / ".site-work" / "docs-src" / rel.replace(".html", ".ipynb")
    drawn = not staged.is_file() or "image/svg+xml" in staged.read_text(encoding="utf-8")
    problems = []
    for width in (1000, 390):
        tab, _ = open_typeset(page, server + rel)
        tab.set_viewport_size({"width": width, "height": 900})
        tab.wait_for_timeout(300)
        pictures = tab.evaluate(PICTURES_AS_SHOWN, SITE_PICTURES)
        graphs = [p for p in pictures if p["graph"]]
        assert bool(graphs) == drawn, f"{rel}: {len(graphs)} graphs"
        problems += _pictures_problems(pictures, width, rel)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda nb: nb.docname)
def test_a_standalone_page_shows_graphs_and_plots_as_the_site_does(
    nb: build.Notebook, site: Path, page: Any
) -> None:
    """The standalone pages shrank every graph and plot to its output, as the site did
    before it kept their text readable: graph labels of 5 px on a phone. They follow the
    site's rule (see the test above), each picture inside its output or inside a box
    within it that scrolls sideways."""
    problems = []
    for width in (1000, 390):
        tab, _ = open_typeset(page, _standalone_url(site, nb))
        tab.set_viewport_size({"width": width, "height": 900})
        tab.wait_for_timeout(300)
        pictures = tab.evaluate(PICTURES_AS_SHOWN, STANDALONE_PICTURES)
        assert pictures, f"{nb.docname}: no pictures on its standalone page"
        problems += _pictures_problems(pictures, width, f"standalone {nb.docname}")
        if nb.slug.startswith("05") and width == 390:
            tab.screenshot(path=str(site.parent / f"standalone-{nb.lang}05-phone.png"))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_standalone_page_makes_regions_of_the_picture_boxes_that_scroll_only(
    lang: str, site: Path, page: Any
) -> None:
    """The site keeps a picture's region (a named landmark) to a box that scrolls, a Tab
    stop; the standalone pages made one of every box, each graph of notebook 00 a
    landmark at 1,000 px where none scrolls. Oracle: what each box's size says in
    Chromium at 1,000 and 360 px, and the short names written by hand."""
    nb = next(n for n in NOTEBOOKS if n.lang == lang and n.slug.startswith("00"))
    for width in (1000, 360):
        tab, _ = open_typeset(page, _standalone_url(site, nb))
        tab.set_viewport_size({"width": width, "height": 900})
        tab.wait_for_timeout(300)
        boxes = tab.evaluate(
            """() => [...document.querySelectorAll('.agm-graph')].map((b) =>
            [b.scrollWidth > b.clientWidth, b.getAttribute('role'),
             b.getAttribute('aria-label')])"""
        )
        assert len(boxes) == 3, boxes
        for scrolls, role, name in boxes:
            assert (role == "region") == scrolls, (width, boxes)
            assert name is None or re.fullmatch(
                r"Computation graph of \w+" if lang == "en" else r"\w+ 的计算图", name
            ), name
        if width == 1000:
            assert not any(scrolls for scrolls, _, _ in boxes), boxes
        else:
            assert all(scrolls for scrolls, _, _ in boxes), boxes


#: The printed outputs wider than their box, and how many characters of code a line of
#: a code cell holds (its box's width inside the padding, over a character's advance).
PRINTED_AND_CODE = """() => {
    const printed = [...document.querySelectorAll('.cell_output .output pre')]
        .filter(p => p.scrollWidth > p.clientWidth + 1)
        .filter(p => !p.classList.contains('agm-table')
                     || getComputedStyle(p).overflowX !== 'auto')
        .map(p => p.innerText.split('\\n').reduce((a, b) => a.length >= b.length ? a : b));
    const pre = document.querySelector('.cell_input pre');
    const style = getComputedStyle(pre);
    const probe = document.createElement('span');
    probe.textContent = '0'.repeat(100);
    pre.appendChild(probe);
    const advance = probe.getBoundingClientRect().width / 100;
    probe.remove();
    const room = pre.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return {printed, size: parseFloat(style.fontSize), characters: room / advance};
}"""


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda nb: nb.docname)
def test_printed_text_wraps_and_a_code_line_holds_90_characters_at_1000_px(
    nb: build.Notebook, server: str, page: Any
) -> None:
    """At 1,000 px 35 printed outputs were wider than the column and scrolled sideways,
    their message cut at its edge ("… fill in the cell above and run it agai"), and 158 of
    306 code cells scrolled: a line of 14 px code held 83 characters, ruff allows 100.
    Printed text (streams, plain text) wraps in the column, a printed table scrolls (see
    test_a_printed_table_keeps_its_columns); code is set smaller (12.5 px, not below 11),
    a line holding 90 characters or more."""
    tab, _ = open_typeset(page, server + nb.docname + ".html")
    tab.set_viewport_size({"width": 1000, "height": 900})
    tab.wait_for_timeout(300)
    seen = tab.evaluate(PRINTED_AND_CODE)
    assert seen["printed"] == [], f"{nb.docname}: printed lines cut: {seen['printed']}"
    assert MIN_TEXT_PX <= seen["size"] <= 14, seen
    assert seen["characters"] >= 90, seen


#: Where each column of the gradient-check report's rows starts: [line's start, x] for
#: each word of a row that follows a gap of two spaces or more; and whether a prose
#: output (no gap of two spaces inside a line) is wider than its box.
REPORT_COLUMNS = """(pre) => {
    const rows = [];
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    let text = '', nodes = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        nodes.push([n, text.length]);
        text += n.textContent;
    }
    const at = (i) => {
        const [n, start] = nodes.filter(([, s]) => s <= i).pop();
        const r = document.createRange();
        r.setStart(n, i - start);
        r.setEnd(n, i - start + 1);
        return r.getBoundingClientRect();
    };
    let offset = 0;
    for (const line of text.split('\\n')) {
        if (line.includes('MISMATCH')) {
            const starts = [...line.matchAll(/ {2,}(\\S)/g)]
                .map(m => at(offset + m.index + m[0].length - 1));
            rows.push({starts: starts.map(r => r.left), tops: starts.map(r => Math.round(r.top))});
        }
        offset += line.length + 1;
    }
    return {rows, overflow: getComputedStyle(pre).overflowX};
}"""


@pytest.mark.parametrize("width", [1000, 390])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_printed_table_keeps_its_columns(lang: str, width: int, server: str, page: Any) -> None:
    """Notebook 06's gradient-check report (a row per input: "input 0: x = 0.3 …
    numerical … analytical … MISMATCH") wrapped at 1,000 px and at 390 px, each row broken
    at a different place: its columns were lost. A printed table scrolls sideways, each
    row on one line, its columns starting at the same place in every row; prose still
    wraps (test_printed_text_wraps_and_a_code_line_holds_90_characters_at_1000_px)."""
    nb = next(nb for nb in NOTEBOOKS if nb.lang == lang and nb.slug.startswith("06"))
    tab, _ = open_typeset(page, server + nb.docname + ".html")
    tab.set_viewport_size({"width": width, "height": 900})
    tab.wait_for_timeout(300)
    pre = tab.locator(".cell_output pre", has_text="MISMATCH").first
    seen = pre.evaluate(REPORT_COLUMNS)
    rows = seen["rows"]
    assert len(rows) == 3 and all(len(r["starts"]) == len(rows[0]["starts"]) for r in rows), rows
    assert len(rows[0]["starts"]) >= 3, rows
    for row in rows:
        assert len(set(row["tops"])) == 1, f"a row broken over lines: {row}"
    for column in zip(*(r["starts"] for r in rows), strict=True):
        assert max(column) - min(column) < 1, f"a column out of line at {width} px: {column}"
    assert seen["overflow"] == "auto"


def test_what_is_a_printed_table() -> None:
    """docs/typeset.py's test: columns that start at the same place after a gap of two
    spaces in two lines (a hanzi counted as two columns), or box drawing; not prose, not
    an indent, not one line's own gaps."""
    from docs.typeset import is_table

    report = (
        "gradcheck failed for cost (eps=1e-06):\n"
        "  input 0: x = 0.3     numerical -0.09     analytical 0.32      MISMATCH\n"
        "  input 1: x = -1.2    numerical 0.044     analytical -0.15     MISMATCH\n"
    )
    assert is_table(report)
    assert is_table("有限差分  12 遍\n方法      遍数\n")  # 有限差分 is 8 columns wide, 方法 4
    assert not is_table("有限差分  12 遍\n方法    遍数\n")
    assert is_table("┌───┐\n│ a │\n└───┘\n")
    prose = "… Newton's method: not written yet — fill in the cell above and run it again.\n"
    assert not is_table(prose * 3)
    assert not is_table("    indented code\n    indented more\n")
    assert not is_table("one  two  three\nsingle spaced line here\n")


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda nb: nb.docname)
def test_a_notebook_page_says_where_its_exercises_run(nb: build.Notebook, site: Path) -> None:
    """On the site each check prints "not written yet" and False: the page says it is read
    only, where to run the notebook and where the solutions are, in its language."""
    staged = nbformat.read(site.parent / ".site-work" / "docs-src" / f"{nb.docname}.ipynb", 4)
    first = staged.cells[0].source
    source = f"notebooks/{'zh/' if nb.lang == 'zh' else ''}{nb.slug}.ipynb"
    assert f"`{source}`" in first and "`notebooks/solutions/`" in first
    assert ("本页只能阅读" if nb.lang == "zh" else "This page is read only") in first


def _standalone_url(site: Path, nb: build.Notebook) -> str:
    folder = site / "standalone" / ("zh" if nb.lang == "zh" else "")
    return (folder / f"{nb.slug}.html").as_uri()


PLAYER_PAGES = [
    nb
    for nb in NOTEBOOKS
    if "step_player("
    in "".join(c.source for c in nbformat.read(nb.path, 4).cells if c.cell_type == "code")
]


@pytest.mark.parametrize("nb", PLAYER_PAGES, ids=lambda nb: nb.docname)
def test_step_player_moves_with_buttons_and_keys(
    nb: build.Notebook, site: Path, server: str, page: Any
) -> None:
    words = Words(nb.lang)  # the Chinese notebook's player names its buttons in Chinese
    for url in (server + nb.docname + ".html", _standalone_url(site, nb)):
        tab, log = open_typeset(page, url)
        player = tab.locator('[id^="agm-player-"]').first
        player.scroll_into_view_if_needed()
        caption = player.locator('[class$="-caption"]')
        slider = player.locator('input[type="range"]')

        def state(player: Any = player, caption: Any = caption, slider: Any = slider) -> Any:
            visible = player.evaluate(
                """root => [...root.querySelectorAll('[class$="-frame"]')]
                    .findIndex(f => f.style.display !== 'none')"""
            )
            return caption.inner_text(), slider.input_value(), visible

        first = state()
        assert first[1] == "0" and first[2] == 0 and first[0]
        player.get_by_role("button", name=words("next_step")).click()
        second = state()
        assert second[1] == "1" and second[2] == 1 and second[0] != first[0]
        frame = player.locator('[class$="-frame"]').nth(1).locator("svg").first
        box = frame.bounding_box()
        assert box is not None and box["width"] > 50 and box["height"] > 20
        slider.focus()
        tab.keyboard.press("ArrowRight")
        third = state()
        assert third[1] == "2" and third[2] == 2 and third[0] not in (first[0], second[0])
        tab.keyboard.press("ArrowLeft")
        assert state() == second
        player.get_by_role("button", name=words("previous_step")).click()
        assert state() == first
        assert not log.problems(), log.problems()


def test_language_switch_links_both_ways(site: Path, server: str, page: Any) -> None:
    tab, _ = open_typeset(page, server + "index.html")
    tab.get_by_role("link", name="中文", exact=True).first.click()
    tab.wait_for_load_state("load")
    assert tab.url.endswith("zh/index.html")
    assert tab.evaluate("document.documentElement.lang") == "zh-CN"
    for nb in ZH:
        tab, _ = open_typeset(page, server + f"notebooks/{nb.slug}.html")
        tab.get_by_role("link", name="中文", exact=True).first.click()
        tab.wait_for_load_state("load")
        assert tab.url.endswith(f"{nb.docname}.html")
        tab.get_by_role("link", name="English", exact=True).first.click()
        tab.wait_for_load_state("load")
        assert tab.url.endswith(f"notebooks/{nb.slug}.html") and "/zh/" not in tab.url


@pytest.mark.parametrize(
    "nb",
    [ZH[0], *(nb for nb in NOTEBOOKS if nb.slug == ZH[0].slug and nb.lang == "en")],
    ids=lambda nb: nb.docname,
)
def test_the_language_line_is_set_apart_as_agm_css_says(
    nb: build.Notebook, server: str, page: Any
) -> None:
    """agm.css sets the page's first lines (the language switch and the read-only note)
    apart — a rule on the left, the surface colour behind — but the rule never applied:
    myst-nb gives a Markdown cell's tags no class. They are now a box of that class."""
    tab, _ = open_typeset(page, server + f"{nb.docname}.html")
    box = tab.evaluate(
        """() => {
            const d = document.querySelector('article.bd-article .agm-lang-switch');
            if (!d) return null;
            return {width: getComputedStyle(d).borderLeftWidth, text: d.innerText};
        }"""
    )
    assert box is not None, "no element of class agm-lang-switch"
    assert box["width"] == "3px"
    assert "English" in box["text"] and "中文" in box["text"]
    assert ("本页只能阅读" if nb.lang == "zh" else "This page is read only") in box["text"]


ZH_PAGES = ["zh/index.html", "zh/glossary.html"] + [f"{nb.docname}.html" for nb in ZH]


@pytest.mark.parametrize("rel", ZH_PAGES)
def test_chinese_page_is_chinese_and_uses_the_served_font(
    rel: str, site: Path, server: str, page: Any
) -> None:
    tab, log = open_typeset(page, server + rel)
    assert not log.problems(), log.problems()
    assert tab.evaluate("document.documentElement.lang") == "zh-CN"
    text = tab.evaluate("document.querySelector('main, article, body').innerText")
    assert len(CJK.findall(text)) > 200, f"{rel}: hardly any Chinese"
    # The CJK face was requested from the site and loaded (no system font needed).
    assert any(u.endswith("agm-noto-sans-sc.woff") for u in log.requests)
    loaded = tab.evaluate(
        """() => [...document.fonts].filter(f => f.family.includes('AGM Noto Sans SC'))
                .map(f => f.status)"""
    )
    assert "loaded" in loaded
    # Every hanzi on the page is in the subset the site serves.
    from fontTools.ttLib import TTFont

    cmap = TTFont(site / "_static" / "fonts" / "agm-noto-sans-sc.woff").getBestCmap()
    absent = sorted({ch for ch in CJK.findall(text) if ord(ch) not in cmap})
    assert not absent, f"{rel}: not in the served font: {''.join(absent)}"
    assert "missing from font" not in text


@pytest.mark.parametrize("nb", ZH, ids=lambda nb: nb.docname)
def test_chinese_standalone_page_opens_from_the_file_system(
    nb: build.Notebook, site: Path, page: Any
) -> None:
    tab, log = open_typeset(page, _standalone_url(site, nb))
    assert not log.problems(), log.problems()
    assert all(u.startswith(("file:", "data:")) for u in log.requests), log.requests
    assert tab.evaluate("document.documentElement.lang") == "zh"
    markdown = "".join(
        c.source for c in nbformat.read(nb.path, as_version=4).cells if c.cell_type == "markdown"
    )
    assert "$" in markdown  # every notebook writes its formulas in TeX (tests/test_notation.py)
    assert tab.evaluate("document.querySelectorAll('mjx-container svg').length") > 0
    assert tab.evaluate(
        """() => [...document.fonts].some(f => f.family.includes('AGM Noto Sans SC')
                                                && f.status === 'loaded')"""
    )


def test_chinese_in_a_picture_comes_with_its_own_face(site: Path) -> None:
    """A page shows an SVG output as an <img> (a data: URI on a standalone page), which
    cannot use the page's fonts: every picture with Chinese in it (the Chinese notebooks'
    graph titles), on the site and on the standalone pages, carries a face of its own as
    a data: URI, holding a glyph for each of its Chinese characters."""
    import base64
    import io

    from fontTools.ttLib import TTFont

    pictures = {
        p.relative_to(site).as_posix(): p.read_text("utf-8")
        for folder in (site / "_images", site / "zh" / "_images")
        for p in folder.glob("*.svg")
    }
    for page in (site / "standalone" / "zh").glob("*.html"):  # images as data: URIs there
        found = re.findall(
            r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', page.read_text("utf-8")
        )
        pictures |= {f"{page.name}#{i}": base64.b64decode(b).decode() for i, b in enumerate(found)}
    with_chinese = {name: svg for name, svg in pictures.items() if CJK.search(svg)}
    assert any("#" in name for name in with_chinese), "no standalone picture with Chinese"
    assert any("#" not in name for name in with_chinese), "no site picture with Chinese"
    for name, svg in with_chinese.items():
        face = re.search(r'url\("data:font/woff;base64,([A-Za-z0-9+/=]+)"\)', svg)
        assert face is not None and "AGM Noto Sans SC" in svg, name
        cmap = TTFont(io.BytesIO(base64.b64decode(face[1]))).getBestCmap()
        absent = {ch for ch in CJK.findall(svg) if ord(ch) not in cmap}
        assert not absent, f"{name}: no glyph for {''.join(sorted(absent))}"


def _english_titles() -> list[str]:
    """The English notebooks' titles, from their own first heading (not from the site)."""
    titles = []
    for nb in EN:
        title = build._title(nbformat.read(nb.path, as_version=4))
        assert title is not None
        titles.append(title.split("·")[-1].strip())
    return titles


def _frame(tab: Any) -> dict[str, Any]:
    """The theme's words and links around the page's text: its menu, search box and
    previous/next links (the article itself is left out)."""
    return tab.evaluate(
        """() => {
            const menu = document.querySelector('.bd-sidebar-primary');
            const prevNext = [...document.querySelectorAll('.prev-next-area a')];
            const search = document.querySelector('.search-button-field, .search-button__button');
            return {
                menuText: menu.innerText,
                menuLinks: [...menu.querySelectorAll('a[href]')].map(a => [a.innerText, a.href]),
                search: search ? search.innerText : '',
                prevNext: prevNext.map(a => [a.innerText, a.href]),
            };
        }"""
    )


@pytest.mark.parametrize("rel", ZH_PAGES)
def test_a_chinese_page_has_a_chinese_frame(rel: str, server: str, page: Any) -> None:
    """The Chinese pages' menu, search box and previous/next were English ("Notebooks",
    "Search", "Previous"), the menu listed the English notebooks first, and zh/index's
    "Previous" led to the English Benchmarks page: the Chinese edition is its own project."""
    tab, log = open_typeset(page, server + rel)
    assert not log.problems(), log.problems()
    frame = _frame(tab)
    words = frame["menuText"] + frame["search"] + " ".join(t for t, _ in frame["prevNext"])
    english = [w for w in ("Notebooks", "More", "Search", "Previous", "Next") if w in words]
    assert not english, f"{rel}: English words in the frame: {english}"
    assert "搜索" in frame["search"]
    leaked = [t for t in _english_titles() if t in frame["menuText"]]
    assert not leaked, f"{rel}: English notebooks in the Chinese menu: {leaked}"
    for text, href in frame["menuLinks"] + frame["prevNext"]:
        if "/zh/" not in href:  # only the one link to the other edition leaves it
            assert text.startswith("autograd-mini (English)") and href == server + "index.html"
    for text, href in frame["prevNext"]:
        assert "/zh/" in href, f"{rel}: {text!r} leads out of the Chinese edition to {href}"
        assert CJK.search(text), f"{rel}: previous/next says {text!r}"


EN_PAGES = ["index.html", "benchmarks/README.html"] + [f"{nb.docname}.html" for nb in EN]


def _chinese_home_title() -> str:
    """The Chinese edition's home page title: README.zh-CN.md's first heading."""
    first = (build.ROOT / "README.zh-CN.md").read_text(encoding="utf-8").splitlines()[0]
    return first.removeprefix("# ").strip()


@pytest.mark.parametrize("rel", EN_PAGES)
def test_an_english_page_lists_the_english_edition(rel: str, server: str, page: Any) -> None:
    """The English menu lists the English pages and, once, the Chinese edition's home,
    by the title that page has: the menu said 中文版 (Chinese edition) and took the reader
    to a page whose title says 中文说明 (Chinese README)."""
    tab, _ = open_typeset(page, server + rel)
    frame = _frame(tab)
    outside = [(t, h) for t, h in frame["menuLinks"] + frame["prevNext"] if "/zh/" in h]
    assert outside == [(_chinese_home_title(), server + "zh/index.html")], outside
    assert all(t in frame["menuText"] for t in _english_titles())


@pytest.mark.parametrize("width", [1000, 390])
@pytest.mark.parametrize(
    "rel", ["index.html", "zh/index.html", "zh/notebooks/00_build_your_own_value.html"]
)
def test_a_page_starts_with_its_own_header_and_has_one_search_box(
    rel: str, width: int, server: str, page: Any
) -> None:
    """pydata-sphinx-theme 0.20 put a header of its own above every page (sphinx-book-theme
    leaves it empty): at 1,000 px a 54 px band holding a second 搜索 box over the
    sidebar's, on a phone an empty strip above the menu's buttons."""
    page.set_viewport_size({"width": width, "height": 900})
    tab, log = open_typeset(page, server + rel)
    assert not log.problems(), log.problems()
    seen = tab.evaluate(
        """() => {
            const shown = e => e.getClientRects().length > 0
                && getComputedStyle(e).visibility !== 'hidden';
            const header = document.querySelector('.bd-header-article');
            return {
                top: header.getBoundingClientRect().top,
                fields: [...document.querySelectorAll('button.search-button-field')]
                    .filter(shown).length,
            };
        }"""
    )
    assert seen["top"] == 0, f"{rel} at {width} px: something {seen['top']} px tall above it"
    assert seen["fields"] <= 1, f"{rel} at {width} px: {seen['fields']} search boxes"


@pytest.mark.parametrize("rel", ZH_PAGES)
def test_the_chinese_frame_says_print_as_the_mainland_does(rel: str, site: Path) -> None:
    """The theme's download menu said "列印成 PDF", Taiwan's word (sphinx-book-theme's
    zh_CN catalog has its zh_TW text): the Chinese edition's is "打印为 PDF"."""
    html = (site / rel).read_text(encoding="utf-8")
    assert "列印" not in html
    assert 'title="打印为 PDF"' in html


@pytest.mark.parametrize("edition", ["", "zh/"])
def test_previous_and_next_lead_through_the_course_and_end_at_its_last_notebook(
    edition: str, server: str, page: Any
) -> None:
    """The "Next" of the English notebook 07 led to Benchmarks, a 52,000 px developers' log,
    and from the Chinese one to the 术语表: each edition's chain went on past the course
    into its reference pages. It now runs from the home page through the notebooks and
    ends at the last one; the reference pages stay in the menu, with no previous/next."""
    notebooks = ZH if edition else EN
    chain = ["index.html"] + [f"notebooks/{nb.slug}.html" for nb in notebooks]
    for i, rel in enumerate(chain):
        tab, _ = open_typeset(page, server + edition + rel)
        links = tab.evaluate(
            """() => [...document.querySelectorAll('.prev-next-area a')]
                .map(a => [a.className, a.href])"""
        )
        expected = []
        if i > 0:
            expected.append(["left-prev", server + edition + chain[i - 1]])
        if i + 1 < len(chain):
            expected.append(["right-next", server + edition + chain[i + 1]])
        assert links == expected, f"{edition}{rel}: {links}"
    reference = server + edition + ("glossary.html" if edition else "benchmarks/README.html")
    assert reference in [href for _, href in _frame(tab)["menuLinks"]]  # the last notebook's
    tab, _ = open_typeset(page, reference)
    assert tab.evaluate("() => document.querySelectorAll('.prev-next-area a').length") == 0


@pytest.mark.parametrize(
    ("edition", "query", "expect", "least"),
    [
        ("zh/", "梯度", "梯度", 2),
        ("zh/", "反向传播", "反向", 2),
        # words a reader types whole that jieba cut in two (二阶 导数), with a character
        # the index has no word for (逆), or Latin and Chinese together, in full width too
        ("zh/", "二阶导数", "二阶", 2),
        ("zh/", "多层感知机", "感知机", 2),
        ("zh/", "误差逆传播", "误差", 2),
        ("zh/", "BP算法", "BP", 2),
        ("zh/", "ＢＰ算法", "BP", 2),
        # words Sphinx keeps only among the titles' words, where a page's title has them
        ("zh/", "扇出", "扇出", 1),
        ("zh/", "交叉熵", "交叉熵", 1),
        # what the course never says finds nothing, not the pages of its first half (梯度)
        ("zh/", "梯度爆炸", "", 0),
        ("", "gradient", "gradient", 2),
    ],
)
def test_each_edition_searches_its_own_pages(
    edition: str, query: str, expect: str, least: int, server: str, page: Any
) -> None:
    """Under Sphinx 9.0 every search on the Chinese pages failed with a ReferenceError
    (ChineseStemmer) and showed nothing; before the editions were split, Chinese words
    were indexed as whole sentences and a word like 梯度 found no page."""
    hits = search_results(page, server, edition, query)
    if least == 0:
        assert hits == [], f"{edition}search.html?q={query}: {hits}"
        return
    assert len(hits) >= least, f"{edition}search.html?q={query}: {hits}"
    for href, _ in hits:
        assert href.startswith(server + edition) and ("/zh/" in href) == (edition == "zh/")
    assert any(expect.lower() in text.lower() for _, text in hits)


@pytest.mark.parametrize("rel", ["index.html", "zh/index.html"])
def test_the_home_pages_tables_fit_a_1000_px_window(rel: str, server: str, page: Any) -> None:
    """The Chinese home page's table of notebooks had a column of file paths
    (notebooks/zh/06_gradient_checking_and_second_derivatives.ipynb) that cannot wrap:
    wider than the column at 1,000 px, its last column cut."""
    tab, _ = open_typeset(page, server + rel)
    tab.set_viewport_size({"width": 1000, "height": 900})
    tab.wait_for_timeout(300)
    wide = tab.evaluate(
        """() => [...document.querySelectorAll('article table')]
            .map(t => [t.scrollWidth, t.parentElement.clientWidth])
            .filter(([w, c]) => w > c + 1)"""
    )
    assert wide == [], f"{rel}: tables wider than the column: {wide}"


@pytest.mark.parametrize("rel", ["index.html", "zh/index.html"])
def test_a_table_with_no_column_names_shows_no_empty_header_row(
    rel: str, server: str, page: Any
) -> None:
    """The README's API tables have no column names (Markdown's ``| | |`` over
    ``|---|---|``): at 1,000 px each home page showed an empty grey band with a rule above
    them, a header row of empty cells a screen reader read as two unnamed columns. A table
    shows a header row only where it has a name to show; those that do keep it."""
    tab, _ = open_typeset(page, server + rel)
    tab.set_viewport_size({"width": 1000, "height": 900})
    heads = tab.evaluate(
        """() => [...document.querySelectorAll('article table')].map(t =>
            [...t.querySelectorAll('thead th')].map(th => th.innerText.trim()))"""
    )
    assert len(heads) >= 4, f"{rel}: {len(heads)} tables"
    named = [cells for cells in heads if any(cells)]
    assert named, f"{rel}: no table with column names"
    empty = [cells for cells in heads if cells and not any(cells)]
    assert not empty, f"{rel}: {len(empty)} header rows of empty cells"


def test_an_empty_header_row_is_left_out_and_a_named_one_kept() -> None:
    body = "<tbody><tr><td>a</td></tr></tbody>"
    empty = f"<table><thead><tr><th><p></p></th><th> </th></tr></thead>{body}</table>"
    named = f"<table><thead><tr><th><p></p></th><th>x</th></tr></thead>{body}</table>"
    assert build.without_empty_heads(empty) == f"<table>{body}</table>"
    assert build.without_empty_heads(named) == named


TABLE_PAGES = [
    "index.html",
    "zh/index.html",
    "zh/glossary.html",
    "benchmarks/README.html",
    *(f"{nb.docname}.html" for nb in NOTEBOOKS if nb.slug.startswith(("00", "04", "07"))),
]

#: Each table of the article: whether it is wider than its box, its column names, and
#: for each cell its width, the lines its text takes and the name shown above it.
TABLES_AS_SHOWN = """() => [...document.querySelectorAll('article table')].map(t => {
    const box = t.parentElement;
    const cells = [...t.querySelectorAll('tbody td')].map(td => {
        const label = getComputedStyle(td, '::before').content;
        const text = td.innerText.trim();
        const first = td.cellIndex === 0;
        const lineHeight = parseFloat(getComputedStyle(td).lineHeight) || 24;
        const p = td.querySelector('p') || td;
        return {text: text.slice(0, 30), label, first, width: td.getBoundingClientRect().width,
                lines: Math.round(p.getBoundingClientRect().height / lineHeight)};
    });
    return {wide: t.scrollWidth > box.clientWidth + 1, cells,
            head: [...t.querySelectorAll('th')].map(h => h.innerText.trim()).join('|')};
})"""


@pytest.mark.parametrize("rel", TABLE_PAGES)
def test_on_a_phone_a_table_is_read_row_by_row(rel: str, server: str, page: Any) -> None:
    """At 390 px the tables of the home pages (the API, nn, the notebooks), the 术语表,
    notebook 07's summary and the benchmarks were wider than the phone: their last
    columns cut at the screen's edge, the glossary's terms squeezed to two or three
    characters a line (链式法 / 则), a file name or a call in code unable to break. On a
    phone a table is read row by row: each cell a block of the full width, under the name
    of its column; no table is wider than the screen."""
    tab, _ = open_typeset(page, server + rel)
    tab.set_viewport_size(PHONE)
    tab.wait_for_timeout(300)
    tables = tab.evaluate(TABLES_AS_SHOWN)
    assert tables, f"{rel}: no table"
    for table in tables:
        where = f"{rel}: the table {table['head'][:40]!r}"
        assert not table["wide"], f"{where} is wider than the phone"
        for cell in table["cells"]:
            assert cell["width"] >= 300, f"{where}: {cell['text']!r} in {cell['width']} px"
        heads = [h for h in table["head"].split("|") if h]
        labels = {c["label"].strip('"') for c in table["cells"]}
        assert set(heads) <= labels, f"{where}: cells labelled {labels}"
    if rel == "zh/glossary.html":
        terms = [c for c in tables[0]["cells"] if c["first"]]
        assert len(terms) > 20 and all(c["lines"] == 1 for c in terms), terms


def test_the_standalone_index_lists_every_notebook_by_title(site: Path, page: Any) -> None:
    """site/standalone/index.html was a bare list of file names (zh/06_gradient_…html):
    it names each notebook by its title, under its language, and opens from the file
    system with the Chinese face it needs."""
    tab, log = open_typeset(page, (site / "standalone" / "index.html").as_uri())
    assert not log.problems(), log.problems()
    links = tab.evaluate(
        """() => [...document.querySelectorAll('section')].map(s => [s.lang,
            [...s.querySelectorAll('a')].map(a => [a.innerText, a.getAttribute('href')])])"""
    )
    expected = {
        code: [
            (
                build._title(nbformat.read(nb.path, 4)),
                f"{'zh/' if lang == 'zh' else ''}{nb.slug}.html",
            )
            for nb in NOTEBOOKS
            if nb.lang == lang
        ]
        for lang, code in (("en", "en"), ("zh", "zh-CN"))
    }
    assert {code: [tuple(x) for x in items] for code, items in links} == expected
    for _, items in links:
        for _, href in items:
            assert (site / "standalone" / href).is_file()
    # Every hanzi on it has a glyph in the face it carries (the intro's did not).
    import base64
    import io

    from fontTools.ttLib import TTFont

    source = (site / "standalone" / "index.html").read_text(encoding="utf-8")
    face = re.search(r'url\("data:font/woff;base64,([A-Za-z0-9+/=]+)"\)', source)
    assert face is not None
    cmap = TTFont(io.BytesIO(base64.b64decode(face[1]))).getBestCmap()
    text = tab.evaluate("document.body.innerText")
    assert not {ch for ch in CJK.findall(text) if ord(ch) not in cmap}
    assert tab.evaluate(
        """() => [...document.fonts].some(f => f.family.includes('AGM Noto Sans SC')
                                                && f.status === 'loaded')"""
    )


@pytest.mark.parametrize("nb", [nb for nb in ZH if nb in PLAYER_PAGES], ids=lambda nb: nb.docname)
def test_chinese_in_an_svg_inside_a_page_uses_the_pages_face(
    nb: build.Notebook, site: Path, server: str, page: Any
) -> None:
    """The step player's frames are SVG inside the page, each text naming its own font
    families (graphviz's), none with Chinese: its 种子 came out as boxes on a machine
    with no Chinese font. Every such text starts its families with the served face, which
    has its glyphs."""
    from fontTools.ttLib import TTFont

    cmap = TTFont(site / "zh" / "_static" / "fonts" / "agm-noto-sans-sc.woff").getBestCmap()
    for url in (server + nb.docname + ".html", _standalone_url(site, nb)):
        tab, _ = open_typeset(page, url)
        texts = tab.evaluate(
            """() => [...document.querySelectorAll('.cell_output svg text,' +
                    ' .jp-OutputArea svg text')]
                .filter(t => !t.closest('mjx-container'))
                .map(t => [t.textContent, getComputedStyle(t).fontFamily])"""
        )
        chinese = [(text, family) for text, family in texts if CJK.search(text)]
        assert chinese, f"{url}: no Chinese in the player's pictures"
        for text, family in chinese:
            # first: listed after graphviz's own families, the face loaded too late for
            # Chromium, which kept the boxes it had drawn
            assert family.startswith('"AGM Noto Sans SC"'), f"{url}: {text!r} in {family}"
            if url.startswith(server):
                assert all(ord(ch) in cmap for ch in CJK.findall(text)), text


def test_the_chinese_search_messages_have_their_glyphs(site: Path, server: str, page: Any) -> None:
    """The search's own words (您的搜索没有匹配到 …, 搜索完成) are written as \\uXXXX in
    its script: left out of the served face, they showed as blanks with no Chinese font
    on the machine."""
    from fontTools.ttLib import TTFont

    cmap = TTFont(site / "zh" / "_static" / "fonts" / "agm-noto-sans-sc.woff").getBestCmap()
    tab, _ = open_typeset(page, server + "zh/search.html?q=" + "qqzzxxnothing")
    tab.wait_for_function(
        # not 搜索 alone: "正在搜索中" (Searching) is there from the query's start
        "() => /没有匹配/.test(document.querySelector('#search-results')?.innerText || '')",
        timeout=20_000,
    )
    said = tab.evaluate("document.querySelector('#search-results').innerText")
    assert CJK.search(said), said
    assert not [ch for ch in CJK.findall(said) if ord(ch) not in cmap], said


def test_chinese_emphasis_is_bold_not_slanted(server: str, page: Any) -> None:
    """Emphasis (*…*) on a Chinese page was set in italics: a synthesized slant of the
    hanzi, which Chinese typesetting does not use."""
    tab, _ = open_typeset(page, server + "zh/notebooks/00_build_your_own_value.html")
    styles = tab.evaluate(
        """() => [...document.querySelectorAll('article em')]
            .map(e => [getComputedStyle(e).fontStyle, getComputedStyle(e).fontWeight])"""
    )
    assert styles, "no emphasis on the page"
    assert all(style == "normal" and int(weight) >= 600 for style, weight in styles), styles
    tab, _ = open_typeset(page, server + "notebooks/00_build_your_own_value.html")
    english = tab.evaluate(
        "() => [...document.querySelectorAll('article em')].map(e => getComputedStyle(e).fontStyle)"
    )
    assert english and set(english) == {"italic"}


#: The style of every piece of code (a code cell's highlighted tokens) with Chinese in it,
#: and of every comment: [its text, font-style].
CODE_STYLES = """() => {
    const hanzi = /[\\u4e00-\\u9fff]/;
    const out = {chinese: [], comments: []};
    for (const e of document.querySelectorAll('.highlight pre span')) {
        if (e.children.length) continue;
        const style = getComputedStyle(e).fontStyle;
        if (hanzi.test(e.textContent)) out.chinese.push([e.textContent.slice(0, 30), style]);
        if (['c', 'c1', 'ch', 'cm', 'cs'].includes(e.className)) {  // Pygments' comments
            out.comments.push([e.textContent, style]);
        }
    }
    return out;
}"""


def test_chinese_in_code_is_upright_and_english_comments_keep_their_slant(
    site: Path, server: str, page: Any
) -> None:
    """A comment in a Chinese standalone page's code cell (# 末尾“轮到你了”各练习的检验)
    was set in italics, JupyterLab's style for comments: slanted hanzi, which Chinese type
    has not (emphasis is bold on these pages). Every piece of code with Chinese in it is
    upright, on the standalone page and on the site (whose theme sets comments upright);
    the English standalone page's comments stay slanted."""
    nb = next(nb for nb in ZH if nb.slug.startswith("00"))
    english = next(e for e in EN if e.slug == nb.slug)
    for url in (server + nb.docname + ".html", _standalone_url(site, nb)):
        tab, _ = open_typeset(page, url)
        seen = tab.evaluate(CODE_STYLES)
        assert len(seen["chinese"]) > 5, f"{url}: {seen}"
        slanted = [text for text, style in seen["chinese"] if style != "normal"]
        assert not slanted, f"{url}: {slanted}"
    tab, _ = open_typeset(page, _standalone_url(site, english))
    comments = tab.evaluate(CODE_STYLES)["comments"]
    assert comments and {style for _, style in comments} == {"italic"}, comments


@pytest.mark.parametrize("rel", ZH_PAGES)
def test_the_chinese_frame_s_tooltips_and_labels_are_chinese(rel: str, site: Path) -> None:
    """The frame's tooltips, labels and placeholders (outside the article) were English on
    the Chinese pages: "Search...", "Color mode", "System Settings", "Toggle primary
    sidebar", the menu's and the page contents' landmarks "Main" and "Page"; and so was
    the footer, "autograd-mini developers" and "© Copyright autograd-mini developers."."""
    page = (site / rel).read_text(encoding="utf-8")
    frame = re.sub(r"<article.*?</article>|<script.*?</script>", "", page, flags=re.S)
    said = re.findall(r'(?:title|aria-label|placeholder)="([^"]*)"', frame)
    english = {
        s
        for s in said
        if re.search(r"[A-Za-z]{3,}", s)
        and not CJK.search(s)
        and s != "English"  # the name of the menu section that links to the English edition
    }
    assert not english, f"{rel}: {sorted(english)}"
    footer = re.search(r'<footer class="bd-footer-content">(.*?)</footer>', page, re.S)
    assert footer is not None, rel
    words = re.sub(r"<[^>]*>", " ", footer[1])
    assert CJK.search(words), f"{rel}: the footer says {' '.join(words.split())!r}"
    english_words = set(re.findall(r"[A-Za-z]{3,}", words.replace("autograd-mini", "")))
    assert not english_words, f"{rel}: the footer says {' '.join(words.split())!r}"


# --------------------------------------------------------------------------- the look


def _hanzi_cmap(site: Path) -> dict[int, str]:
    from fontTools.ttLib import TTFont

    cmap: dict[int, str] = TTFont(site / "zh" / "_static" / "fonts" / FONT_FILE).getBestCmap()
    return cmap


FONT_FILE = "agm-noto-sans-sc.woff"
SITE_FACE = '"AGM Noto Sans SC"'


def test_the_chinese_frame_s_tooltips_and_menus_are_in_the_served_face(
    site: Path, server: str, page: Any
) -> None:
    """Bootstrap's tooltips name their own fonts (--bs-font-sans-serif), not the site's:
    hovering ☰, the page's contents or the colour button showed 显示或隐藏目录栏 … as
    boxes on a machine with no Chinese font. Every tooltip, menu and the search dialog
    is set in the served face, which has a glyph for each of their characters."""
    cmap = _hanzi_cmap(site)
    tab, _ = open_typeset(page, server + "zh/notebooks/05_watching_backpropagation.html")
    tab.set_viewport_size({"width": 1000, "height": 900})
    tab.wait_for_timeout(300)
    # the families Bootstrap's components (tooltip, popover, dropdown, kbd …) are given
    families = tab.evaluate(
        """() => { const s = getComputedStyle(document.body);
            return ['--bs-font-sans-serif', '--bs-body-font-family', '--bs-font-monospace']
                .map(v => [v, s.getPropertyValue(v).trim()]); }"""
    )
    for name, family in families:
        if name == "--bs-font-monospace":  # the code fonts: hanzi in the served face at 120 %
            assert family.startswith(CJK_MONO) and '"AGM Noto Sans SC Mono"' in family, family
        else:
            assert family.startswith(SITE_FACE), f"{name}: {family}"
    # pydata-sphinx-theme 0.16 and later: the colour button opens a menu (light, dark,
    # system), its tooltip "Color mode"; before (0.15, what pip installs on Python 3.10)
    # it cycles the modes on click, its tooltip "light/dark", and there is no menu.
    colour_menu = tab.locator(".theme-switch-button ~ .dropdown-menu").count() > 0
    colour_words = "颜色模式" if colour_menu else "亮色/暗色"
    said = []
    triggers = tab.locator('[data-bs-toggle="tooltip"]')
    for i in range(triggers.count()):
        trigger = triggers.nth(i)
        if not trigger.is_visible():
            continue
        trigger.hover()
        tab.wait_for_selector(".tooltip.show .tooltip-inner")
        text, family = tab.evaluate(
            """() => { const t = document.querySelector('.tooltip.show .tooltip-inner');
                return [t.innerText, getComputedStyle(t).fontFamily]; }"""
        )
        said.append(text)
        assert family.startswith(SITE_FACE), f"tooltip {text!r} in {family}"
        assert not [ch for ch in CJK.findall(text) if ord(ch) not in cmap], text
        if text == "显示或隐藏本页目录":
            tab.screenshot(path=str(site.parent / "tooltip-zh.png"))
        tab.mouse.move(500, 800)
        tab.wait_for_selector(".tooltip", state="detached")
    assert {"显示或隐藏目录栏", "显示或隐藏本页目录", colour_words} <= set(said), said
    # the colour menu (where the button opens one) and the search dialog
    if colour_menu:
        tab.locator(".theme-switch-button:visible").first.click()
        menu = tab.locator(".dropdown-menu.show").first
        assert menu.evaluate("m => getComputedStyle(m).fontFamily").startswith(SITE_FACE)
        tab.keyboard.press("Escape")
    # the search field opens in a <dialog> from 0.16, in a shown wrapper before
    dialog = "#pst-search-dialog"
    if tab.locator(dialog).count() == 0:
        dialog = ".search-button__wrapper"
    tab.locator(".search-button__button:visible").first.click()
    field = tab.locator(f"{dialog} input[type=search]")
    field.wait_for(state="visible")
    assert field.evaluate("f => getComputedStyle(f).fontFamily").startswith(SITE_FACE)


#: Monospace faces whose hanzi are two columns of their Latin (1 em to 0.5 em), before
#: the theme's own code fonts on a Chinese page.
CJK_MONO = '"Sarasa Mono SC", "Noto Sans Mono CJK SC", "Source Han Mono SC"'


@pytest.mark.parametrize(
    "nb", [nb for nb in ZH if nb.slug.startswith("07")], ids=lambda nb: nb.docname
)
def test_a_chinese_output_table_keeps_its_columns(
    nb: build.Notebook, server: str, page: Any
) -> None:
    """The notebooks pad a hanzi as two columns of a printed table (方法 / 有限差分 /
    前向模式 … in notebook 07), but the site's code font drew it 1 em wide, 1.67 columns of
    its 0.6 em Latin: the columns after a Chinese word stood left of the ones above. A
    Chinese page's code and outputs name the CJK monospace faces first (their hanzi are
    two columns of their Latin), and where none is installed, as here, the served face
    drawn at 120 % (two columns of the theme's 0.6 em code fonts): every row of the table
    starts its columns at the same place."""
    tab, _ = open_typeset(page, server + nb.docname + ".html")
    tab.set_viewport_size({"width": 1000, "height": 900})
    tab.wait_for_timeout(300)
    seen = tab.evaluate(
        """() => {
            const pre = [...document.querySelectorAll('.cell_output pre')]
                .find(p => p.textContent.includes('有限差分') && p.textContent.includes('遍数'));
            const families = [pre, document.querySelector('.cell_input pre')]
                .map(e => getComputedStyle(e).fontFamily);
            const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
            const x = (n, i) => {
                const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
                return r.getBoundingClientRect().left;
            };
            const starts = [];  // for each line of the table, where its last column begins
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                let offset = 0;
                for (const line of n.textContent.split('\\n')) {
                    const before = line.match(/^(.*\\s{2,})\\S/);  // up to the last gap
                    if (/^(有限差分|前向模式|反向模式|方法)/.test(line) && before) {
                        starts.push([line.slice(0, 12), x(n, offset + before[1].length)]);
                    }
                    offset += line.length + 1;
                }
            }
            return {families, starts};
        }"""
    )
    assert len(seen["starts"]) == 4, seen["starts"]
    lefts = [left for _, left in seen["starts"]]
    assert max(lefts) - min(lefts) < 1, seen["starts"]
    for family in seen["families"]:
        assert family.startswith(CJK_MONO) and "AGM Noto Sans SC Mono" in family, family


PHONE = {"width": 390, "height": 844}


def _every_page(site: Path, server: str) -> list[str]:
    """Every page of both editions and every standalone page, as URLs."""
    standalone = sorted((site / "standalone").rglob("*.html"))
    return [server + rel for rel in _content_pages(site)] + [p.as_uri() for p in standalone]


def test_no_page_scrolls_sideways_on_a_phone(site: Path, server: str, page: Any) -> None:
    """At 390 px most notebook pages were 404–547 px wide: a file path in inline code
    (notebooks/zh/06_gradient_checking_and_second_derivatives.ipynb in the read-only note,
    benchmarks/compare_engine.py) cannot break, nor could "backpropagation#" (a heading's
    last word and its anchor link); the page scrolled sideways and the header bar stopped
    at 390 px, a white strip beside it. Every page fits the phone's width."""
    wide = []
    for url in _every_page(site, server):
        tab, _ = open_typeset(page, url)
        tab.set_viewport_size(PHONE)
        tab.wait_for_timeout(200)
        width = tab.evaluate("() => document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide.append(f"{url.removeprefix(server)}: {width} px")
        if url.endswith("zh/notebooks/06_gradient_checking_and_second_derivatives.html"):
            tab.screenshot(path=str(site.parent / "phone-zh06.png"))
    assert not wide, "\n".join(wide)


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda nb: nb.docname)
def test_previous_and_next_are_whole_on_a_phone(nb: build.Notebook, server: str, page: Any) -> None:
    """At 390 px each of the two links at a page's foot had 45 % of the width: notebook
    04's "Next 5 · Watching backpropagation" was cut to "Ne… backpropagatio", notebook
    06's "Previous …" too (a word longer than its half, cut where the link hides what
    overflows). On a phone the two links are one above the other; every (Latin) word of
    their titles is whole and on the screen."""
    tab, _ = open_typeset(page, server + nb.docname + ".html")
    tab.set_viewport_size(PHONE)
    tab.wait_for_timeout(300)
    links = tab.evaluate(
        """() => [...document.querySelectorAll('.prev-next-area a')].map(a => {
            const title = a.querySelector('.prev-next-title');
            const words = [];
            const walker = document.createTreeWalker(title, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                for (const m of n.textContent.matchAll(/[A-Za-z]+/g)) {
                    const r = document.createRange();
                    r.setStart(n, m.index);
                    r.setEnd(n, m.index + m[0].length);
                    words.push([m[0], r.getClientRects().length, r.getBoundingClientRect().right]);
                }
            }
            return {text: a.innerText.replace(/\\s+/g, ' '), words,
                    clipped: a.scrollWidth > a.clientWidth + 1,
                    right: a.getBoundingClientRect().right};
        })"""
    )
    assert links, f"{nb.docname}: no previous/next links"
    for link in links:
        assert not link["clipped"] and link["right"] <= PHONE["width"], link
        for word, pieces, right in link["words"]:
            assert pieces == 1 and right <= PHONE["width"], f"{nb.docname}: {word!r} in {link}"


#: Every word of a heading (a run of Latin letters, digits and the marks of code) that
#: is split over two lines, with "|" where the second begins.
HEADING_WORDS_SPLIT = """() => {
    const out = [];
    for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
        const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
        const texts = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            if (!n.parentElement.closest('.headerlink, .anchor-link')) texts.push(n);
        }
        // a word may run over several text nodes (<wbr> in code): join them
        const chars = [];
        for (const n of texts) {
            for (let i = 0; i < n.textContent.length; i++) chars.push([n, i, n.textContent[i]]);
            chars.push([null, 0, ' ']);
        }
        let word = [];
        const flush = () => {
            let previous = null, shown = '';
            for (const [n, i, c] of word) {
                const r = document.createRange();
                r.setStart(n, i);
                r.setEnd(n, i + 1);
                const top = Math.round(r.getBoundingClientRect().top);
                if (previous !== null && top > previous + 2) shown += '|';
                shown += c;
                previous = top;
            }
            if (shown.includes('|')) out.push(shown);
            word = [];
        };
        for (const item of chars) {
            if (/[A-Za-z0-9_.()=,\\-]/.test(item[2]) && item[0]) word.push(item);
            else flush();
        }
        flush();
    }
    return out;
}"""


def test_a_heading_breaks_a_word_only_after_a_hyphen_or_a_mark_of_code(
    site: Path, server: str, page: Any
) -> None:
    """At 390 px the benchmarks' heading "nn.fit(compiled=True) on MNIST-shaped data"
    broke its code as "nn.fit(compiled=Tru" / "e)": a run of code that long is given
    break points (docs/typeset.py) after its / _ ( =, which Chromium takes first. On every
    page of both editions and every standalone page, a word of a heading is whole on one
    line or broken right after a hyphen or one of those marks."""
    broken = []
    for url in _every_page(site, server):
        tab, _ = open_typeset(page, url)
        tab.set_viewport_size(PHONE)
        tab.wait_for_timeout(200)
        for word in tab.evaluate(HEADING_WORDS_SPLIT):
            if any(part[-1:] not in "-/_(=" for part in word.split("|")[:-1]):
                broken.append(f"{url.removeprefix(server)}: {word}")
    assert not broken, "\n".join(broken)


def test_a_word_of_inline_code_stays_whole_at_1000_px(site: Path, server: str, page: Any) -> None:
    """Inline code may break where a line cannot hold it, not sooner: with
    overflow-wrap: anywhere on all of it the home page's table squeezed its column of code
    to "nn.Neuro" / "n" at 1,000 px, and a word Sphinx keeps whole (--no-memory) broke at
    its hyphens once it could wrap. No word of inline code shorter than a long path
    (docs/typeset.py's LONG) is broken at 1,000 px."""
    from docs.typeset import LONG

    broken = []
    for rel in _content_pages(site):
        tab, _ = open_typeset(page, server + rel)
        tab.set_viewport_size({"width": 1000, "height": 900})
        tab.wait_for_timeout(200)
        words = tab.evaluate(
            """(long) => [...document.querySelectorAll('article code span.pre')]
                .filter(s => s.textContent.length < long && s.getClientRects().length > 1)
                .map(s => s.textContent)""",
            LONG,
        )
        broken += [f"{rel}: {w}" for w in words]
    assert not broken, "\n".join(broken)


def test_a_long_path_breaks_after_its_slashes_and_underscores_only() -> None:
    """The break points docs/typeset.py gives a long path: none after its last / or _
    (the comma after `notebooks/zh/solutions/checks/` would start a line), none in a short
    one or in a <pre> block."""
    from docs.typeset import breakable

    note = '<code class="literal"><span class="pre">{}</span></code>，'
    assert breakable(note.format("notebooks/zh/solutions/checks/")) == note.format(
        '<span class="agm-long">notebooks/<wbr>zh/<wbr>solutions/<wbr>checks/</span>'
    )
    link = '<a href="http://x.org/a_b">http://ufldl.stanford.edu/wiki/Gradient_checking</a>）'
    assert breakable(link) == link.replace(
        ">http://ufldl.stanford.edu/wiki/Gradient_checking<",
        ">http://<wbr>ufldl.stanford.edu/<wbr>wiki/<wbr>Gradient_<wbr>checking<",
    )
    call = '<code class="literal"><span class="pre">{}</span></code>'
    assert breakable(call.format("nn.fit(compiled=True)")) == call.format(
        '<span class="agm-long">nn.fit(<wbr>compiled=<wbr>True)</span>'
    )
    for kept in (
        "<code>grad_fn</code>",
        "<pre><code>notebooks/zh/06_gradient_checking</code></pre>",
    ):
        assert breakable(kept) == kept


#: Marks no line may start with (a Chinese line never starts with 。，、；：）either).
CLOSING = ".,;:!?)]。，、；：！？）】」』》”’"

#: Every text node that starts with a closing mark and starts a line: its first character
#: is below the last box of what comes before it (an inline formula, say).
LINE_STARTS_WITH_A_MARK = """(marks) => {
    const out = [];
    const root = document.querySelector('article, .jp-Notebook') || document.body;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent;
        if (!text || !marks.includes(text[0])) continue;
        if (node.parentElement.closest('pre, code, script, style, mjx-container, svg')) continue;
        let before = node.previousSibling, up = node.parentElement;
        while (!before && up && up !== root) { before = up.previousSibling; up = up.parentElement; }
        if (!before) continue;
        let box;
        if (before.nodeType === Node.TEXT_NODE) {
            if (!before.textContent.length) continue;
            const r = document.createRange();
            r.setStart(before, before.textContent.length - 1);
            r.setEnd(before, before.textContent.length);
            box = r.getBoundingClientRect();
        } else if (before.nodeType === Node.ELEMENT_NODE) {
            const rects = before.getClientRects();
            if (!rects.length) continue;
            box = rects[rects.length - 1];
        } else continue;
        const r = document.createRange();
        r.setStart(node, 0);
        r.setEnd(node, 1);
        const mark = r.getBoundingClientRect();
        if (!mark.height || !box.height) continue;
        if (mark.top >= box.bottom - 2) {
            const said = (before.textContent || '').slice(-25) + ' | ' + text.slice(0, 15);
            out.push(said.replace(/\\s+/g, ' '));
        }
    }
    return out;
}"""


@pytest.mark.parametrize("width", [1000, 390])
def test_no_line_starts_with_a_full_stop_or_comma(
    width: int, site: Path, server: str, page: Any
) -> None:
    """The full stop or comma after an inline formula started a new line (14 times at
    1,000 px: "… $x$" / ". And"; a Chinese comma or full stop at a line's start too):
    Chromium breaks after a formula's box, whatever follows. A formula keeps the marks
    around it on its line, on the site and on the standalone pages."""
    found = []
    for url in _every_page(site, server):
        tab, _ = open_typeset(page, url)
        tab.set_viewport_size({"width": width, "height": 900})
        tab.wait_for_timeout(200)
        found += [
            f"{url.removeprefix(server)}: {s}"
            for s in tab.evaluate(LINE_STARTS_WITH_A_MARK, CLOSING)
        ]
    assert not found, "\n".join(found)


def test_a_formula_is_tied_to_the_marks_around_it_only() -> None:
    """docs/typeset.py's tie: the brackets before and the marks after an inline formula,
    in one unbreakable span; a formula with none is left alone; display maths too."""
    from docs.typeset import tie_math

    math = '<span class="math notranslate nohighlight">\\(x\\)</span>'
    assert tie_math(f"为（{math}）。下一句") == f'为<span class="agm-tie">（{math}）。</span>下一句'
    assert tie_math(f"so {math}, and") == f'so <span class="agm-tie">{math},</span> and'
    assert tie_math(f"a {math} b") == f"a {math} b"
    display = '<div class="math notranslate nohighlight">\\[x\\]</div>.'
    assert tie_math(display) == display


def test_chinese_emphasis_is_bold_on_the_standalone_pages_too(site: Path, page: Any) -> None:
    """The site sets a Chinese page's emphasis bold (agm.css); the standalone pages set
    it as slanted hanzi."""
    nb = next(nb for nb in ZH if nb.slug.startswith("00"))
    tab, _ = open_typeset(page, _standalone_url(site, nb))
    styles = tab.evaluate(
        """() => [...document.querySelectorAll('.jp-MarkdownOutput em')]
            .map(e => [getComputedStyle(e).fontStyle, getComputedStyle(e).fontWeight])"""
    )
    assert styles, "no emphasis on the page"
    assert all(style == "normal" and int(weight) >= 600 for style, weight in styles), styles
    em = tab.locator(".jp-MarkdownOutput em").first
    em.scroll_into_view_if_needed()
    box = em.bounding_box()
    assert box is not None
    tab.screenshot(
        path=str(site.parent / "standalone-zh-em.png"),
        clip={"x": 0, "y": max(0, box["y"] - 60), "width": 1280, "height": 160},
    )
    english = next(e for e in EN if e.slug == nb.slug)
    tab, _ = open_typeset(page, _standalone_url(site, english))
    styles = tab.evaluate(
        """() => [...document.querySelectorAll('.jp-MarkdownOutput em')]
            .map(e => getComputedStyle(e).fontStyle)"""
    )
    assert styles and set(styles) == {"italic"}


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda nb: nb.docname)
def test_a_standalone_page_says_where_its_exercises_run(
    nb: build.Notebook, site: Path, page: Any
) -> None:
    """A standalone page showed "… not written yet" and False under each "your turn"
    check with no word why: it opens with the site's read-only note, in its language."""
    tab, _ = open_typeset(page, _standalone_url(site, nb))
    first = tab.evaluate(
        "() => document.querySelector('.jp-Notebook .jp-Cell').innerText.replace(/\\s+/g, ' ')"
    )
    source = f"notebooks/{'zh/' if nb.lang == 'zh' else ''}{nb.slug}.ipynb"
    assert source in first and "notebooks/solutions/" in first, first
    assert ("本页只能阅读" if nb.lang == "zh" else "This page is read only") in first, first
    if nb.slug.startswith("06"):
        tab.set_viewport_size({"width": 1000, "height": 900})
        tab.screenshot(path=str(site.parent / f"standalone-note-{nb.lang}.png"))


# ---------------------------------------------------------------------------------------------
# alt text, headings and code on a phone


class _Images(HTMLParser):
    """Every <img> of a page: its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images.append(dict(attrs))


#: An alt that is a file's name or path, or nbconvert's stand-in for none.
FILE_NAME = re.compile(r"^\S*\.(svg|png|jpe?g|gif|webp)$|^[0-9a-f]{32,}|^data:", re.I)
NO_DESCRIPTION = "No description has been provided for this image"


def test_every_picture_says_what_it_shows(site: Path) -> None:
    """myst-nb gave a notebook's picture its file's name as alt text
    ("../_images/1bc85983…d90a1ff93d8c414c8296368.svg"), and nbconvert none, or "No
    description has been provided for this image": a screen reader read a hash. Every
    <img> of every page of both editions and every standalone page has an alt that says
    something (docs/alt.py: a graph's root, values and operations; a plot's titles and
    axes), in the page's language: on a Chinese page it is Chinese. (No picture is
    decorative: none has alt="" on purpose.)"""
    pages = [site / rel for rel in _content_pages(site)]
    pages += sorted((site / "standalone").rglob("*.html"))
    seen, bad = 0, []
    for path in pages:
        rel = path.relative_to(site).as_posix()
        chinese = rel.startswith(("zh/", "standalone/zh/"))
        parser = _Images()
        parser.feed(path.read_text(encoding="utf-8"))
        for image in parser.images:
            seen += 1
            alt = " ".join((image.get("alt") or "").split())
            src = (image.get("src") or "")[:60]
            if not alt or FILE_NAME.search(alt) or alt == NO_DESCRIPTION:
                bad.append(f"{rel}: {src}: alt {alt[:70]!r}")
            elif chinese and not CJK.search(alt):
                bad.append(f"{rel}: {src}: alt not Chinese: {alt[:70]!r}")
    assert seen > 100, f"only {seen} pictures found"
    assert not bad, f"{len(bad)} of {seen}:\n" + "\n".join(bad)


#: Each heading's lines at the page's width: its visible characters grouped by line (a
#: character whose top is at or below the line's bottom starts the next), and its
#: computed text-wrap-style; and whether the served Chinese face is in use.
HEADING_LINES = """() => {
    const headings = [];
    for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
        const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
        const chars = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            if (n.parentElement.closest('.headerlink, .anchor-link')) continue;
            for (let i = 0; i < n.textContent.length; i++) {
                if (/\\s/.test(n.textContent[i])) continue;
                const r = document.createRange();
                r.setStart(n, i);
                r.setEnd(n, i + 1);
                const box = r.getBoundingClientRect();
                if (box.width > 0) chars.push([n.textContent[i], box.top, box.bottom]);
            }
        }
        if (!chars.length || h.getBoundingClientRect().width === 0) continue;
        const lines = [''];
        let bottom = chars[0][2];
        for (const [c, top, b] of chars) {
            if (top >= bottom - 2 && lines[lines.length - 1]) {
                lines.push('');
                bottom = b;
            }
            lines[lines.length - 1] += c;
            bottom = Math.max(bottom, b);
        }
        const style = getComputedStyle(h);
        headings.push({lines, wrap: style.textWrapStyle || style.textWrap});
    }
    const face = [...document.fonts].some(
        f => f.family.includes('AGM Noto Sans SC') && f.status === 'loaded');
    return {headings, face};
}"""
HANZI = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]$")


def test_a_chinese_heading_leaves_no_character_alone_on_its_last_line(
    site: Path, server: str, page: Any
) -> None:
    """At 390 px notebook 02's title broke as "2 · 每层一个神经" / "元": Chinese may break
    between any two characters, and the browser filled the first line and left the last
    character alone. Headings are balanced (text-wrap: balance, agm.css and the
    standalone template; Chromium 114+): on every Chinese page and Chinese standalone
    page, no heading of two lines or more ends with a line of one hanzi.

    The lines are measured in the served face (the machine has no Chinese font of its
    own; a page whose face did not load would measure the boxes of missing glyphs, so
    the face is required), and every heading must compute text-wrap-style: balance, so
    that the rule holds for headings no page breaks today."""
    urls = [server + rel for rel in ZH_PAGES]
    urls += [_standalone_url(site, nb) for nb in ZH]
    lone, unbalanced, wrapped = [], [], 0
    for url in urls:
        tab, _ = open_typeset(page, url)
        tab.set_viewport_size(PHONE)
        tab.wait_for_timeout(200)
        seen = tab.evaluate(HEADING_LINES)
        where = url.removeprefix(server)
        assert seen["face"], f"{where}: the Chinese face did not load"
        for heading in seen["headings"]:
            if heading["wrap"] != "balance":
                unbalanced.append(f"{where}: {''.join(heading['lines'])} ({heading['wrap']})")
            if len(heading["lines"]) > 1:
                wrapped += 1
                if HANZI.match(heading["lines"][-1]):
                    lone.append(f"{where}: {' / '.join(heading['lines'])}")
        if url.endswith("zh/notebooks/02_one_neuron_per_layer.html"):
            tab.screenshot(path=str(site.parent / "phone-zh02-title.png"))
    assert wrapped > 10, f"only {wrapped} headings take two lines at 390 px"
    assert not lone, "\n".join(lone)
    assert not unbalanced, "\n".join(unbalanced)


#: Every block of code or printed text on a standalone page whose lines are wider than
#: its box, and does not scroll: what it does with the rest.
CODE_CUT = """() => [...document.querySelectorAll('.jp-InputArea pre, .jp-OutputArea pre')]
    .filter(pre => pre.scrollWidth > pre.clientWidth + 1)
    .filter(pre => !['auto', 'scroll'].includes(getComputedStyle(pre).overflowX))
    .map(pre => `${pre.scrollWidth} px in ${pre.clientWidth} px, overflow-x `
                + `${getComputedStyle(pre).overflowX}: `
                + pre.innerText.split('\\n').reduce((a, b) => a.length >= b.length ? a : b))"""


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda nb: nb.docname)
def test_a_standalone_pages_code_scrolls_rather_than_being_cut_on_a_phone(
    nb: build.Notebook, site: Path, page: Any
) -> None:
    """At 390 px a standalone page cut every line of code longer than the column at its
    edge (nbconvert's lab template hides what overflows an input area), with no way to
    read the rest: notebook 04's had 25 such cells. A block of code or printed text
    wider than its box scrolls sideways, as on the site."""
    tab, _ = open_typeset(page, _standalone_url(site, nb))
    tab.set_viewport_size(PHONE)
    tab.wait_for_timeout(200)
    cut = tab.evaluate(CODE_CUT)
    if nb.slug.startswith("04") and nb.lang == "en":
        tab.locator(".jp-CodeCell").nth(3).scroll_into_view_if_needed()
        tab.screenshot(path=str(site.parent / "standalone-en04-code-phone.png"))
    assert not cut, f"{nb.docname}: {len(cut)} cut:\n" + "\n".join(cut)


def _page_titles(site: Path) -> dict[str, str]:
    """Each content page's <title>, as a tab and a screen reader read it."""
    titles = {}
    for rel in _content_pages(site):
        found = re.search(r"<title>(.*?)</title>", (site / rel).read_text(encoding="utf-8"), re.S)
        assert found, rel
        titles[rel] = re.sub(r"\s+", " ", html_unescape(found.group(1))).strip()
    return titles


def test_a_page_title_names_the_site_once(site: Path) -> None:
    """The English home page's title read "autograd-mini — autograd-mini" and the Chinese
    one's "autograd-mini (中文说明) — autograd-mini" (in full-width brackets): Sphinx adds
    the site's name to every title, the home pages' own titles included. Other pages keep
    it after their own."""
    titles = _page_titles(site)
    for rel, title in titles.items():
        assert title.count("autograd-mini") == 1, (rel, title)
    assert titles["index.html"] == "autograd-mini"
    assert titles["zh/index.html"] == "autograd-mini（中文说明）"
    assert titles["benchmarks/README.html"] == "Benchmarks — autograd-mini"
    # the search pages too, which read "Search - autograd-mini", "搜索 - autograd-mini"
    for rel, words in (("search.html", "Search"), ("zh/search.html", "搜索")):
        found = re.search(r"<title>(.*?)</title>", (site / rel).read_text(encoding="utf-8"))
        assert found and html_unescape(found[1]) == f"{words} — autograd-mini", rel


#: Names the Chinese formula menu keeps as they are: formats, programs, keys.
MENU_NAMES = {"MathML", "TeX", "MathJax", "CHTML", "SVG", "Alt", "Command", "Ctrl", "Shift"}
MENU_NAMES |= {"Tab", "Mathspeak", "Clearspeak", "ChromeVox"}

MENU_WORDS = """() => {
    const words = [];
    const walk = (menu) => {
        for (const item of menu.items || []) {
            if (typeof item.content === "string") words.push(item.content);
            if (item.submenu) walk(item.submenu);
        }
    };
    walk(MathJax.startup.document.menu.menu);
    return words;
}"""


def _formula_menu(tab: Any) -> tuple[list[str], str, str]:
    """Every item's words of MathJax's formula menu once a right click on the first
    formula has opened it (MathJax names "Original Form" anew then: "TeX Commands"); the
    menu as shown, and its font."""
    formula = tab.locator("mjx-container").first
    formula.scroll_into_view_if_needed()
    formula.click(button="right")
    shown = tab.locator(".CtxtMenu_Menu").first
    shown.wait_for(state="visible")
    words = tab.evaluate(MENU_WORDS)
    text, family = shown.evaluate("m => [m.innerText, getComputedStyle(m).fontFamily]")
    return words, text, family


@pytest.mark.parametrize("where", ["site", "standalone"])
def test_the_chinese_formula_menu_is_chinese(
    where: str, site: Path, server: str, page: Any
) -> None:
    """A right click on a formula of a Chinese page opened MathJax's menu in English:
    "Show Math As", "Copy to Clipboard", "Math Settings", "Accessibility", "About
    MathJax", and so were its submenus. Its words are Chinese, but for the names of
    formats, programs and keys; they are drawn in the served face, which has their glyphs.
    So are the items MathJax names anew each time it opens the menu: "Show Math As" and
    "Copy to Clipboard" read "TeX Commands" once it had opened. The English pages' menu
    stays MathJax's own."""
    nb = next(nb for nb in ZH if nb.slug.startswith("01"))
    url = server + f"{nb.docname}.html" if where == "site" else _standalone_url(site, nb)
    tab, log = open_typeset(page, url)
    words, text, family = _formula_menu(tab)
    assert len(words) > 60, words  # MathJax 3.2's menu and its submenus
    english = {w for item in words for w in re.findall(r"[A-Za-z]{2,}", item)} - MENU_NAMES
    assert not english, sorted(english)
    assert "公式显示为" in text and "复制到剪贴板" in text and "Show" not in text, text
    assert family.startswith(SITE_FACE), family
    if where == "site":
        cmap = _hanzi_cmap(site)
        assert not [ch for ch in set(CJK.findall(" ".join(words))) if ord(ch) not in cmap]
    assert not log.problems(), log.problems()
    english_nb = next(e for e in NOTEBOOKS if e.lang == "en" and e.slug == nb.slug)
    tab, _ = open_typeset(page, server + f"{english_nb.docname}.html")
    _, text, _ = _formula_menu(tab)
    assert "Show Math As" in text, text


#: Each shown menu's items, as drawn: (greyed out, aria-disabled).
SHOWN_ITEMS = """() => [...document.querySelectorAll('.CtxtMenu_Menu')].map((m) =>
    [...m.querySelectorAll(':scope > .CtxtMenu_MenuItem')].map((i) =>
        [i.classList.contains('CtxtMenu_MenuDisabled'), i.getAttribute('aria-disabled')]))"""


def _shown_items(tab: Any) -> list[Any]:
    """The formula menu's items as drawn, then each submenu's that opens from it."""
    formula = tab.locator("mjx-container").first
    formula.scroll_into_view_if_needed()
    formula.click(button="right")
    tab.locator(".CtxtMenu_Menu").first.wait_for(state="visible")
    shown = [tab.evaluate(SHOWN_ITEMS)[0]]
    items = tab.locator(".CtxtMenu_ContextMenu > .CtxtMenu_MenuItem")
    for index in range(items.count()):
        items.nth(index).dispatch_event("mouseover")  # the pointer over it
        tab.wait_for_timeout(150)
        menus = tab.evaluate(SHOWN_ITEMS)
        shown.append(menus[1] if len(menus) > 1 else None)
    return shown


@pytest.mark.parametrize("where", ["site", "standalone"])
def test_the_chinese_formula_menu_greys_out_what_it_cannot_do(
    where: str, site: Path, server: str, page: Any
) -> None:
    """On a Chinese page, the formula menu's items MathJax turns off ("Language", and
    "Speech", "Highlight", "Magnification", "Semantic Info", "Auto Collapse" under
    "Accessibility": no speech is loaded) were drawn in black like the rest, and announced
    as enabled: putting in the Chinese words redrew each item without its greying. Oracle:
    the English page's menu, which MathJax draws with no words of ours: item for item, the
    Chinese one is greyed out, and says so, where the English one is."""
    nb = next(nb for nb in ZH if nb.slug.startswith("01"))
    english_nb = next(e for e in NOTEBOOKS if e.lang == "en" and e.slug == nb.slug)
    urls = {
        e.lang: server + f"{e.docname}.html" if where == "site" else _standalone_url(site, e)
        for e in (nb, english_nb)
    }
    tab, _ = open_typeset(page, urls["en"])
    english = _shown_items(tab)
    tab, log = open_typeset(page, urls["zh"])
    chinese = _shown_items(tab)
    greyed = [i for menu in english if menu for i in menu if i[0]]
    assert greyed and all(i == [True, "true"] for i in greyed), english  # "Language" and more
    assert chinese == english
    assert not log.problems(), log.problems()


@pytest.mark.parametrize("rel", ["index.html", "zh/index.html"])
def test_a_block_of_code_that_scrolls_fades_on_the_side_that_has_more(
    rel: str, server: str, page: Any
) -> None:
    """In a 1,000 px window the home page's "make demo   # trains 3Blue1Brown's kind of
    digit network …" ran past the column and ended at its edge as if complete: no scroll
    bar is shown until the block is touched, and the code block, unlike a formula or a
    picture, did not fade. Each block that scrolls fades at the side with more, one that
    fits does not."""
    tab, _ = open_typeset(page, server + rel)
    tab.set_viewport_size({"width": 1000, "height": 900})
    tab.wait_for_timeout(300)
    blocks = tab.evaluate(
        """() => [...document.querySelectorAll('.bd-article pre')].map((b, i) => ({
            i, more: b.scrollWidth - b.clientWidth,
            mask: getComputedStyle(b).maskImage || getComputedStyle(b).webkitMaskImage }))"""
    )
    wide = [b for b in blocks if b["more"] > 1]
    fits = [b for b in blocks if b["more"] <= 0]
    assert wide and fits, blocks
    for b in wide:
        assert "linear-gradient" in b["mask"], b
    for b in fits:
        assert b["mask"] == "none", b
    # scrolled to its end, the first one fades on its left only
    first = tab.locator(".bd-article pre").nth(wide[0]["i"])
    first.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    tab.wait_for_timeout(200)
    classes = first.evaluate("b => [...b.classList]")
    assert "agm-more-left" in classes and "agm-more-right" not in classes, classes
