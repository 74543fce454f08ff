"""The text a search result quotes for a formula: docs/search_index.py's plain_tex, which
the build gives each formula of a page as its data-agm-text (formulas_with_text), and
docs/_static/agm-search-text.js, which quotes that text instead of the TeX.

The script is checked in headless Chromium on strings (no site build): alone in a blank
page, after a stand-in for Sphinx's ``Search`` whose htmlToText gives the text of the
page it is handed, as Sphinx's does. The expected quotes are written by hand from the
TeX.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from docs.search_index import formulas_with_text, plain_tex
from docs.typeset import break_math

SCRIPT = Path(__file__).resolve().parent.parent / "docs" / "_static" / "agm-search-text.js"
#: Sphinx's Search as far as the script uses it: the text of a page's HTML.
SEARCH = """var Search = {htmlToText: (html, anchor) =>
  new DOMParser().parseFromString(html, "text/html").body.textContent};"""


@pytest.fixture
def quote(page: Any) -> Any:
    """``quote(html)``: the text the script has Sphinx's htmlToText quote of ``html``."""
    page.set_content(
        f"<!DOCTYPE html><html><head><script>{SEARCH}</script></head><body></body></html>"
    )
    page.add_script_tag(content=SCRIPT.read_text(encoding="utf-8"))
    page.evaluate("() => window.dispatchEvent(new Event('DOMContentLoaded'))")

    def quoted(html: str) -> str:
        return " ".join(str(page.evaluate("(html) => Search.htmlToText(html)", html)).split())

    return quoted


QUOTES = [
    ("1 - 2\\sigma(t) = -\\tanh(t/2)", "1 - 2σ(t) = -tanh(t/2)"),
    ("\\operatorname{softplus}(x) = \\ln(1 + e^x)", "softplus(x) = ln(1 + e^x)"),
    ("\\cos x\\,\\dfrac{\\sin h}{h}", "cos x (sin h)/h"),
    ("\\max(0, z)", "max(0, z)"),
    ("x_{k+1}", "x_(k+1)"),
    ("\\tanh x", "tanh x"),
    ("\\frac{1}{1 + e^{-x}}", "1/(1 + e^(-x))"),
    ("\\frac{\\partial C}{\\partial w}", "∂C/∂w"),
    ("\\tfrac12 x", "1/2 x"),
    ("a\\;b\\ c", "a b c"),
    # the notebooks' and the glossary's own
    ("\\Delta \\leftarrow \\Delta + \\tau d", "Δ ← Δ + τd"),
    (
        "-\\sum_{j=1}^{l}\\frac{\\partial E}{\\partial\\beta_j}"
        "\\frac{\\partial\\beta_j}{\\partial b_h}",
        "-Σ_(j=1)^l ∂E/∂β_j ∂β_j/∂b_h",
    ),
    (
        "\\lvert g_a - g_n\\rvert / \\max\\big(\\lvert g_a\\rvert, \\lvert g_n\\rvert\\big)",
        "|g_a - g_n| / max(|g_a|, |g_n|)",
    ),
    ("\\delta_i = f'(z_i)\\sum_j W_{ji}\\delta_j", "δ_i = f'(z_i)Σ_j W_ji δ_j"),
    ("J_k = \\tfrac12\\lVert a^{(N)} - y\\rVert^2", "J_k = 1/2‖a^(N) - y‖^2"),
    ("\\bar y^\\top J", "ȳ^\u22a4 J"),  # y-bar, superscript T (the transpose)
]


@pytest.mark.parametrize(("tex", "quoted"), QUOTES)
def test_a_formula_reads_as_written(tex: str, quoted: str) -> None:
    """A function's name stays ("-(t/2)" was -tanh(t/2)), a fraction of several tokens
    keeps its brackets, a subscript of several tokens stays grouped, \\, \\; and \\  are
    spaces."""
    assert plain_tex(f"\\({tex}\\)") == quoted


def test_a_cut_formula_reads_as_the_formula(quote: Any) -> None:
    """break_math cuts a long formula into formulas side by side; the search result
    quoted them "f(x+h) =f(x) +h f'(x)". The whole quote through the script's hook on
    Sphinx's htmlToText, as the search runs it, of the HTML the build writes."""
    tex = "f(x+h) = f(x) + h f'(x) + \\tfrac{h^2}{2} f''(x)"
    html = break_math(f'<p>So <span class="math notranslate nohighlight">\\({tex}\\)</span>.</p>')
    assert html.count('class="math') > 1
    quoted = quote(formulas_with_text(html))
    assert quoted == "So f(x+h) = f(x) + h f'(x) + h^2/2 f''(x)."


def test_a_result_quotes_each_formula_as_it_reads_not_its_tex(quote: Any) -> None:
    """An inline and a display formula as Sphinx writes them, the buttons above the
    article left out."""
    html = formulas_with_text(
        '<div class="bd-header-article">System Light Dark</div>'
        '<p>The slope <span class="math notranslate nohighlight">'
        "\\(\\frac{\\partial C}{\\partial w}\\)</span> is</p>\n"
        '<div class="math notranslate nohighlight">\n\\[\\nabla_w C = x \\cdot \\delta\\]\n</div>'
    )
    assert quote(html) == "The slope ∂C/∂w is ∇_w C = x · δ"


def test_a_labelled_formula_quotes_as_it_reads(quote: Any) -> None:
    """A labelled display formula, as Sphinx's mathjax writes it: its id after the
    class, its number and link before the TeX. formulas_with_text read only a class
    then ">", so it got no data-agm-text and the result quoted its TeX."""
    html = formulas_with_text(
        '<p>So</p>\n<div class="math notranslate nohighlight" id="equation-grad">\n'
        '<span class="eqno">(1)<a class="headerlink" href="#equation-grad" '
        'title="Link to this equation">#</a></span>'
        "\\[\\frac{\\partial C}{\\partial w} = a\\,\\delta\\]</div>"
    )
    assert 'id="equation-grad" data-agm-text="∂C/∂w = a δ"' in html
    assert quote(html) == "So ∂C/∂w = a δ"
