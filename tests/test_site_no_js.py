"""The course's pages with JavaScript off: a formula is its TeX, once and whole.

docs/typeset.py's break_math cuts a long inline formula into formulas side by side, so
that a phone's line may end after its "=" or "+". Without JavaScript MathJax typesets
nothing and the reader reads the TeX: the cut formula read as several "\\(…{}\\)" side
by side where the notebook wrote one. Checked in headless Chromium with JavaScript
disabled, on the site built once for the session (tests/site_build.py) and its
standalone pages, both editions, at a phone's width and a laptop's. Oracle: the
notebooks' own Markdown (the formula as written), not the HTML the build made of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import nbformat
import pytest
from test_site_tab_stops import README_NEURONS

from docs import build
from docs.typeset import LONG_MATH, math_pieces

NOTEBOOKS = build.discover()
_INLINE = re.compile(r"(?<![$\\])\$(?!\$)(.+?)(?<!\\)\$")


def _long_inline_formulas(nb: build.Notebook) -> list[str]:
    """The TeX of the notebook's inline formulas that break_math cuts, from its Markdown."""
    node = nbformat.read(nb.path, as_version=4)
    found = []
    for cell in node.cells:
        if cell.cell_type != "markdown":
            continue
        for tex in _INLINE.findall(cell.source):
            if len("".join(tex.split())) >= LONG_MATH and len(math_pieces(tex)) > 1:
                found.append(tex)
    return found


CUT = [nb for nb in NOTEBOOKS if _long_inline_formulas(nb)]


@pytest.fixture
def no_js(chromium: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A page with JavaScript disabled, ``request.param`` px wide."""
    context = chromium.new_context(
        java_script_enabled=False, viewport={"width": request.param, "height": 900}
    )
    try:
        yield context.new_page()
    finally:
        context.close()


def test_some_notebooks_have_a_formula_break_math_cuts() -> None:
    assert {nb.lang for nb in CUT} == {"en", "zh"}


def _url(nb: build.Notebook, kind: str) -> str:
    """The notebook's page on the site, or its standalone page (``site/standalone/``)."""
    if kind == "site":
        return f"{nb.docname}.html"
    return f"standalone/{'zh/' if nb.lang == 'zh' else ''}{nb.slug}.html"


@pytest.mark.parametrize("kind", ["site", "standalone"])
@pytest.mark.parametrize("no_js", [390, 1000], indirect=True, ids=["phone", "laptop"])
@pytest.mark.parametrize("nb", CUT, ids=lambda nb: nb.docname)
def test_without_javascript_a_cut_formula_reads_once_as_written(
    nb: build.Notebook, kind: str, server: str, no_js: Any
) -> None:
    """Each long formula's TeX is in the page's text whole, as the notebook wrote it
    (spaces aside), as often as the notebook writes it; no piece ("…{}\\)") is shown."""
    no_js.goto(server + _url(nb, kind), wait_until="load")
    text = "".join(no_js.inner_text("article" if kind == "site" else "main").split())
    # Sphinx writes an inline formula as \(…\), the standalone pages' renderer as $…$
    opens, closes = ("\\(", "\\)") if kind == "site" else ("$", "$")
    assert "{}" + closes not in text
    for tex in set(_long_inline_formulas(nb)):
        written = opens + "".join(tex.split()) + closes
        times = _long_inline_formulas(nb).count(tex)
        assert text.count(written) == times, (tex, text.count(written), times)


@pytest.mark.parametrize("no_js", [390, 1000], indirect=True, ids=["phone", "laptop"])
@pytest.mark.parametrize(
    "rel",
    ["zh/index.html", "index.html", "standalone/zh/05_watching_backpropagation.html"],
)
def test_without_javascript_no_two_pictures_share_a_name(rel: str, server: str, no_js: Any) -> None:
    """A picture's box is a region named by its alt's head (docs/build.py's graph_boxes),
    and the script numbered the pictures named alike: without JavaScript (or before the
    scripts ran) the Chinese home page's three README pictures were three regions
    "README 里的神经元". The build writes the numbered names (and the README's alts now
    say what each picture shows). Oracle: Chromium's accessibility tree with JavaScript
    off, the names written by hand."""
    no_js.goto(server + rel, wait_until="load")
    tree = no_js.locator("body").aria_snapshot()
    regions = re.findall(r"""^ *- '?region "([^"]*)\"""", tree, re.M)
    assert regions, f"{rel}: no region"
    twice = sorted({n for n in regions if regions.count(n) > 1})
    assert not twice, f"{rel}: {twice} in {regions}"
    if rel == "zh/index.html":
        assert [n for n in regions if n in README_NEURONS] == README_NEURONS
