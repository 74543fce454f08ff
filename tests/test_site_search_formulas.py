"""What the site's search finds in a formula: the words a reader sees, not its TeX.

Sphinx indexed a formula as its TeX: a search for "frac", "cdot" or "mathbb" listed every
page with a fraction, a product or an absolute value, and "τ", which notebook 07 shows
only in its formulas, found nothing. docs/search_index.py indexes each formula as it
reads, and the text a result quotes of it is the same reading (data-agm-text). A
mathematical sign (∂, ∇) is a word of its own. Checked in headless Chromium on the site
built once for the session (tests/site_build.py), both editions. Oracles: the pages' own
HTML (the TeX is there, the word is not anywhere else; the pages that show a sign).
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from browser import open_typeset, search_results, wait_for_quotes

EDITIONS = ["", "zh/"]
#: TeX commands the course's formulas use whose names no page shows
TEX_NAMES = [
    "frac",
    "tfrac",
    "cdot",
    "odot",
    "mathrm",
    "mathbb",
    "qquad",
    "varepsilon",
    "underbrace",
]
_MATH = re.compile(r'<(span|div) class="math\b[^"]*"[^>]*>.*?</\1>', re.S)


def _hits(page: Any, server: str, edition: str, query: str) -> list[str]:
    """The pages the edition's search lists for ``query`` (their URLs)."""
    return [href for href, _ in search_results(page, server, edition, query)]


def _hit_paths(page: Any, server: str, edition: str, query: str) -> set[str]:
    """The pages the edition's search lists for ``query``, as :func:`_pages` names
    them (their URL paths, without a fragment or a query)."""
    return {
        h.removeprefix(server).split("#")[0].split("?")[0]
        for h in _hits(page, server, edition, query)
    }


def _pages(site: Path, edition: str) -> dict[str, str]:
    """The edition's pages Sphinx indexes, by URL path: their HTML."""
    root = site / edition
    return {
        path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*.html"))
        if path.relative_to(root).parts[0] not in ("zh", "standalone", "_static", "_sources")
        and path.name not in ("search.html", "genindex.html")
    }


_HIDDEN = re.compile(r"<(script|style|noscript)\b.*?</\1>", re.S)


def _shown_outside_formulas(html: str) -> str:
    """The page's text but its formulas, scripts and styles (lower case)."""
    text = re.sub(r"<[^>]*>", " ", _MATH.sub(" ", _HIDDEN.sub(" ", html)))
    return unescape(text).lower()


@pytest.mark.parametrize("edition", EDITIONS, ids=["en", "zh"])
@pytest.mark.parametrize("name", TEX_NAMES)
def test_a_tex_command_s_name_finds_only_pages_that_show_it(
    name: str, edition: str, site: Path, server: str, page: Any
) -> None:
    """Some page uses the command (the search had something to find in its TeX); every
    page the search lists shows the word outside its formulas ("frac" in "fraction":
    Sphinx matches part of a word too), none is listed for its TeX."""
    pages = _pages(site, edition)
    assert any(f"\\{name}" in unescape(html) for html in pages.values()), name
    hits = _hits(page, server, edition, name)
    for hit in hits:
        path = hit.removeprefix(server).split("#")[0].split("?")[0]
        assert name in _shown_outside_formulas(pages[path]), f"{name}: {hit}"


def test_a_greek_letter_only_a_formula_shows_finds_its_page(
    site: Path, server: str, page: Any
) -> None:
    """Notebook 07 writes τ in its formulas only (\\tau): the search for τ finds it."""
    seven = next((site / "notebooks").glob("07_*.html"))
    html = seven.read_text(encoding="utf-8")
    outside = _MATH.sub("", html)
    assert "\\tau" in html and "τ" not in outside
    hits = _hits(page, server, "", "τ")
    assert any(h.endswith(f"notebooks/{seven.name}") for h in hits), hits


def test_a_word_in_a_formula_s_text_finds_its_page(site: Path, server: str, page: Any) -> None:
    """A formula's \\text{…} reads as its word: "upstream" (notebook 05's
    \\text{upstream}) still finds the page."""
    pages = [path for path, html in _pages(site, "").items() if "\\text{upstream}" in html]
    assert pages
    hits = _hits(page, server, "", "upstream")
    for path in pages:
        assert any(h.endswith(path) for h in hits), (path, hits)


_OPEN_MATH = re.compile(r'<(?:span|div) class="math\b[^>]*>')


@pytest.mark.parametrize("edition", EDITIONS, ids=["en", "zh"])
def test_a_result_quotes_each_formula_as_it_reads(
    edition: str, site: Path, server: str, page: Any
) -> None:
    """Every formula of every page carries the text a result quotes of it
    (data-agm-text), and the results for ∂ quote the signs, not their TeX ("\\partial",
    "\\frac", "\\(")."""
    for path, html in _pages(site, edition).items():
        bare = [tag for tag in _OPEN_MATH.findall(html) if "data-agm-text=" not in tag]
        assert not bare, (path, bare[:3])
    tab, _ = open_typeset(page, f"{server}{edition}search.html?q=%E2%88%82")
    wait_for_quotes(tab)
    quotes = tab.evaluate(
        """() => [...document.querySelectorAll('#search-results ul.search li')]
            .map(li => li.querySelector('.context')?.innerText || '')"""
    )
    assert len(quotes) >= 2 and any("∂" in q for q in quotes), quotes
    for quoted in quotes:
        for tex in ("\\partial", "\\frac", "\\(", "\\["):
            assert tex not in quoted, quoted


#: a Greek letter and the TeX that shows it, either case (the index is lower case: Σ,
#: \Sigma's letter and \sum's sign, is found as σ, as A is as a)
GREEK = [("η", ("η", "\\eta")), ("σ", ("σ", "Σ", "\\sigma", "\\Sigma", "\\sum"))]


@pytest.mark.parametrize("edition", EDITIONS, ids=["en", "zh"])
@pytest.mark.parametrize(("letter", "shown_by"), GREEK, ids=[g[0] for g in GREEK])
def test_a_greek_letter_finds_the_pages_whose_formulas_show_it(
    letter: str, shown_by: tuple[str, ...], edition: str, site: Path, server: str, page: Any
) -> None:
    """η (the learning rate) and σ are on most pages of both editions, in formulas; the
    Chinese index kept no one-character word, so there they found nothing. Every page
    the search lists shows the letter, and each notebook that shows it is listed."""
    pages = {path: unescape(html) for path, html in _pages(site, edition).items()}
    showing = {
        path
        for path, html in pages.items()
        if "notebooks/" in path and any(s in html for s in shown_by)
    }
    assert len(showing) >= 2
    hits = _hit_paths(page, server, edition, letter)
    assert showing <= hits, sorted(showing - hits)
    for path in hits:
        assert any(s in pages[path] for s in shown_by), path


#: mathematical signs the course's formulas show (docs/search_index.py's is_sign) and
#: the TeX that shows each; the course's text writes ∂ and ∇ as characters too
SIGNS = [
    ("∂", ("∂", "\\partial")),
    ("∇", ("∇", "\\nabla")),
    ("√", ("√", "\\sqrt")),
    ("≈", ("≈", "\\approx")),
]


@pytest.mark.parametrize("edition", EDITIONS, ids=["en", "zh"])
@pytest.mark.parametrize(("sign", "shown_by"), SIGNS, ids=["partial", "nabla", "sqrt", "approx"])
def test_a_sign_finds_the_pages_that_show_it(
    sign: str, shown_by: tuple[str, ...], edition: str, site: Path, server: str, page: Any
) -> None:
    """∂ and ∇ are not letters, and Sphinx's index and query took a word to be letters,
    digits and _ only: a search for ∂ or ∇ found nothing in either edition. Every page
    the search lists shows the sign; each notebook that shows it is listed."""
    pages = {path: unescape(html) for path, html in _pages(site, edition).items()}
    showing = {
        path
        for path, html in pages.items()
        if "notebooks/" in path and any(s in html for s in shown_by)
    }
    assert showing
    hits = _hit_paths(page, server, edition, sign)
    assert showing <= hits, sorted(showing - hits)
    for path in hits:
        assert any(s in pages[path] for s in shown_by), path


#: ∂C/∂w as a notebook's text writes it or as its TeX does (\frac{\partial C}{\partial w})
_DC_DW = re.compile(r"∂C\s*/\s*∂w|\\partial\s*C\s*\}?\s*(?:/|\}\s*\{)\s*\\partial\s*w")


@pytest.mark.parametrize("edition", EDITIONS, ids=["en", "zh"])
def test_a_partial_derivative_as_typed_finds_the_pages_that_show_it(
    edition: str, site: Path, server: str, page: Any
) -> None:
    """A student types ∂C/∂w: it found the pages with a C and a w in English (∂ was
    no word), nothing in Chinese (the Chinese index kept no word of one letter). Each
    notebook that shows ∂C/∂w is listed, and every page listed shows a ∂."""
    pages = {path: unescape(html) for path, html in _pages(site, edition).items()}
    showing = {path for path, html in pages.items() if "notebooks/" in path and _DC_DW.search(html)}
    assert len(showing) >= 2
    hits = _hit_paths(page, server, edition, "∂C/∂w")
    assert showing <= hits, sorted(showing - hits)
    for path in hits:
        assert "∂" in pages[path] or "\\partial" in pages[path], path


def test_a_short_word_of_the_query_is_on_every_page_listed(
    site: Path, server: str, page: Any
) -> None:
    """Sphinx lists a page that has a query's long words and none of its words of one
    or two characters, taking those for words its index does not hold; the Chinese
    index holds x, w, η, so 学习率 x listed 10 pages, 3 of them without 学习率. Every
    page listed shows 学习率 and x; each notebook that shows both is listed."""
    pages = {path: unescape(html) for path, html in _pages(site, "zh/").items()}
    both = {
        path
        for path, html in pages.items()
        if "notebooks/" in path and "学习率" in html and re.search(r"\bx\b", html)
    }
    assert both
    hits = _hit_paths(page, server, "zh/", "学习率 x")
    assert both <= hits, sorted(both - hits)
    for path in hits:
        assert "学习率" in _shown_outside_formulas(pages[path]), path


@pytest.mark.parametrize("edition", EDITIONS, ids=["en", "zh"])
def test_the_summation_sign_finds_the_pages_whose_formulas_sum(
    edition: str, site: Path, server: str, page: Any
) -> None:
    """∑ (U+2211), what an input method gives for 求和, found nothing: the index holds
    \\sum as the letter Σ (σ in lower case). Each notebook whose formulas write \\sum
    is listed, and every page listed shows a Σ, a σ or a sum."""
    pages = {path: unescape(html) for path, html in _pages(site, edition).items()}
    summing = {path for path, html in pages.items() if "notebooks/" in path and "\\sum" in html}
    assert len(summing) >= 2
    hits = _hit_paths(page, server, edition, "∑")
    assert summing <= hits, sorted(summing - hits)
    for path in hits:
        assert any(s in pages[path] for s in ("Σ", "σ", "\\sum", "\\sigma", "\\Sigma")), path


@pytest.mark.parametrize("edition", EDITIONS, ids=["en", "zh"])
def test_a_partial_derivative_s_results_quote_a_partial_derivative(
    edition: str, server: str, page: Any
) -> None:
    """A result quotes the page from near the last of the query's words it has: for
    ∂C/∂w that was the first w of the page, in any word (the "w" of "Benchmarks"'s
    contents), and 19 of 20 quotes showed no ∂. Every quote shows one."""
    tab, _ = open_typeset(page, f"{server}{edition}search.html?q=%E2%88%82C%2F%E2%88%82w")
    wait_for_quotes(tab)
    quotes = tab.evaluate(
        """() => [...document.querySelectorAll('#search-results ul.search li')]
            .map(li => li.querySelector('.context').innerText)"""
    )
    assert len(quotes) >= 2
    for quoted in quotes:
        assert "∂" in quoted, quoted


@pytest.mark.parametrize("edition", EDITIONS, ids=["en", "zh"])
def test_a_query_s_letter_is_not_marked_inside_words(edition: str, server: str, page: Any) -> None:
    """Sphinx marks a query's word wherever a result's title and quote have it: the C
    and w of ∂C/∂w were marked inside every word ("Ben[c]hmarks", "mi[c]rograd"). No
    mark is a letter between letters; the ∂ is still marked."""
    tab, _ = open_typeset(page, f"{server}{edition}search.html?q=%E2%88%82C%2F%E2%88%82w")
    wait_for_quotes(tab)
    marks = tab.evaluate(
        """() => [...document.querySelectorAll('#search-results .highlighted')].map(s =>
            [(s.previousSibling?.textContent || '').slice(-1), s.textContent,
             (s.nextSibling?.textContent || '').slice(0, 1)])"""
    )
    assert any(mark == "∂" for _, mark, _ in marks), marks
    inside = [m for m in marks if all(c.isalpha() for c in m) and len(m[1]) == 1]
    assert not inside, inside[:5]
