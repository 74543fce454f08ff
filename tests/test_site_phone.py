"""The course website as a phone shows it, and what its buttons and its search give.

Built once for the session (tests/site_build.py) and checked in headless Chromium at a
phone's width (390 px): every formula can be read to its end; a formula that scrolls
says so. The download button gives the repository's notebook; the Chinese search finds
the 术语表 by each name it gives a term and quotes text, not TeX or buttons. Oracles:
the pictures' own SVG width, the repository's files, the glossary's text, Unicode's East
Asian widths, labels set by hand.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import quote

import nbformat
import pytest
from browser import open_typeset, wait_for_quotes

from autograd_mini import Value, draw_graph
from docs import build
from docs.alt import graph_alt
from docs.typeset import math_pieces

NOTEBOOKS = build.discover()
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def viewport() -> dict[str, int]:
    """A phone's window (the shared ``page`` fixture uses it)."""
    return PHONE


def _open(page: Any, url: str) -> Any:
    """``url`` in a fresh tab once MathJax has typeset it and its fonts are in."""
    tab, _ = open_typeset(page, url)
    tab.wait_for_timeout(200)  # agm-formulas.js marks the formulas after the load event
    return tab


#: Every formula of the article: the box it is shown in (a display formula's
#: mjx-container, which scrolls; an inline formula's span.math) and the width MathJax drew
#: it at (its <svg>).
FORMULAS = """() => {
    const column = document.querySelector('.bd-article').getBoundingClientRect();
    return [...document.querySelectorAll('.bd-article mjx-container')].map((f) => {
        const display = f.getAttribute('display') === 'true';
        const box = display ? f : f.closest('span.math');
        const drawn = f.querySelector('svg').getBoundingClientRect().width;
        const style = getComputedStyle(box);
        const rect = box.getBoundingClientRect();
        return {
            display,
            drawn,
            shown: box.clientWidth,
            scrollWidth: box.scrollWidth,
            scrolls: ['auto', 'scroll'].includes(style.overflowX),
            right: rect.right - column.right,
            cue: box.classList.contains('agm-more-right'),
            mask: style.maskImage || style.webkitMaskImage || 'none',
            text: (f.querySelector('mjx-assistive-mml') || f).textContent.slice(0, 50),
        };
    });
}"""


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda nb: nb.docname)
def test_every_formula_can_be_read_to_its_end_on_a_phone(
    nb: build.Notebook, server: str, page: Any
) -> None:
    """At 390 px the theme cut inline formulas at the column's edge, with no way to see
    the rest: notebook 01's Taylor series (472 px of 358), notebook 07's "(784 + 1)·16 + …
    = 13,002" without the "= 13,002" its heading is about. A formula is now shown whole,
    or scrolls to its end and, while its end is out of sight, fades there (a phone shows
    no scroll bar): some 40 display formulas an edition ended at the edge as if
    complete. No inline formula needs to scroll: a long one breaks after its = and +."""
    tab = _open(page, server + nb.docname + ".html")
    formulas = tab.evaluate(FORMULAS)
    assert formulas, f"{nb.docname}: no formula"
    problems = []
    for f in formulas:
        where = f"{'display' if f['display'] else 'inline'} {f['text']!r}"
        if f["right"] > 1:
            problems.append(f"{where}: its box ends {f['right']:.0f} px past the column")
        if f["drawn"] <= f["shown"] + 1:
            continue
        if not f["display"]:
            problems.append(f"{where}: {f['drawn']:.0f} px drawn, {f['shown']} px shown")
        elif not (f["scrolls"] and f["scrollWidth"] >= f["drawn"] - 1):
            problems.append(f"{where}: cut at {f['shown']} px of {f['drawn']:.0f}, no scroll")
        elif not (f["cue"] and "gradient" in f["mask"]):
            problems.append(f"{where}: scrolls with no sign of more ({f['mask']})")
    assert not problems, f"{nb.docname} at 390 px:\n" + "\n".join(problems)


def test_a_scrolled_formula_fades_on_the_side_that_has_more(server: str, page: Any) -> None:
    """Scrolled to its end, a display formula fades on its left, no more on its right."""
    nb = next(nb for nb in NOTEBOOKS if nb.slug.startswith("02"))
    tab = _open(page, server + nb.docname + ".html")
    classes = tab.evaluate(
        """async () => {
            const box = [...document.querySelectorAll('.bd-article mjx-container[display]')]
                .find((f) => f.scrollWidth > f.clientWidth + 20);
            const before = [...box.classList];
            box.scrollLeft = box.scrollWidth;
            await new Promise((done) => setTimeout(done, 100));
            return [before, [...box.classList]];
        }"""
    )
    before, after = classes
    assert "agm-more-right" in before and "agm-more-left" not in before
    assert "agm-more-left" in after and "agm-more-right" not in after


#: Every picture's box (docs/build.py's graph_boxes) that has more than it shows: its
#: marks and its mask before and after it is scrolled to its end.
SCROLLED_PICTURES = """async () => {
    const marks = (box) => [box.classList.contains('agm-more-left'),
                            box.classList.contains('agm-more-right'),
                            getComputedStyle(box).maskImage || 'none'];
    const out = [];
    for (const box of document.querySelectorAll('.bd-article .agm-graph')) {
        if (box.scrollWidth <= box.clientWidth + 1) continue;
        const before = marks(box);
        box.scrollLeft = box.scrollWidth;
        await new Promise((done) => setTimeout(done, 100));
        out.push({src: box.querySelector('img').src.split('/').pop().slice(0, 16),
                  more: box.scrollWidth - box.clientWidth, before, after: marks(box)});
    }
    return out;
}"""


@pytest.mark.parametrize("edition", ["", "zh/"])
def test_a_picture_that_scrolls_fades_on_the_side_that_has_more(
    edition: str, server: str, page: Any
) -> None:
    """At 390 px notebook 00's graphs (drawn 813-867 px wide, shown no narrower than 0.9
    of that) and 05's reverse network scroll in their boxes, and ended at the column's edge
    mid-box, a value's "data 0.5000" cut in two, with nothing to say there was more (a
    phone shows no scroll bar until it is touched). Such a box fades where more of it is
    out of sight, as a formula does: on its right first, on its left once scrolled."""
    problems, seen = [], 0
    for slug in ("00", "05"):
        nb = next(nb for nb in NOTEBOOKS if nb.slug.startswith(slug))
        tab = _open(page, f"{server}{edition}notebooks/{nb.slug}.html")
        for p in tab.evaluate(SCROLLED_PICTURES):
            seen += 1
            where = f"{edition}{nb.slug}: {p['src']} ({p['more']} px more)"
            left, right, mask = p["before"]
            if left or not right or "gradient" not in mask:
                problems.append(f"{where}: at its start {p['before']}")
            left, right, mask = p["after"]
            if not left or right or "gradient" not in mask:
                problems.append(f"{where}: scrolled to its end {p['after']}")
    assert seen >= 3, f"{seen} pictures scroll at 390 px"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "tex",
    [
        r"f(x+h) = f(x) + h f'(x) + \tfrac{h^2}{2} f''(x) + \tfrac{h^3}{6} f'''(x) + \dots",
        r"C(W - \eta\, g) \approx C(W) - \eta\, g\cdot g = C(W) - \eta\,\lVert g\rVert^2",
        r"(784 + 1)\cdot 16 + (16 + 1)\cdot 16 + (16 + 1)\cdot 10 = 13{,}002",
        r"x = -y + \left(a + b\right) - \frac{1 - c}{2}",
    ],
)
def test_a_long_inline_formula_breaks_after_its_relations_and_binary_signs(tex: str) -> None:
    """Cut where TeX may end a line in a formula: after =, ≈ and a binary + or −, never
    inside brackets or braces, never after a sign that starts a term ("= −y")."""
    expected = {
        r"f(x+h) = f(x) + h f'(x) + \tfrac{h^2}{2} f''(x) + \tfrac{h^3}{6} f'''(x) + \dots": [
            "f(x+h) =",
            "f(x) +",
            "h f'(x) +",
            r"\tfrac{h^2}{2} f''(x) +",
            r"\tfrac{h^3}{6} f'''(x) +",
            r"\dots",
        ],
        r"C(W - \eta\, g) \approx C(W) - \eta\, g\cdot g = C(W) - \eta\,\lVert g\rVert^2": [
            r"C(W - \eta\, g) \approx",
            "C(W) -",
            r"\eta\, g\cdot g =",
            "C(W) -",
            r"\eta\,\lVert g\rVert^2",
        ],
        r"(784 + 1)\cdot 16 + (16 + 1)\cdot 16 + (16 + 1)\cdot 10 = 13{,}002": [
            r"(784 + 1)\cdot 16 +",
            r"(16 + 1)\cdot 16 +",
            r"(16 + 1)\cdot 10 =",
            "13{,}002",
        ],
        r"x = -y + \left(a + b\right) - \frac{1 - c}{2}": [
            "x =",
            "-y +",
            r"\left(a + b\right) -",
            r"\frac{1 - c}{2}",
        ],
    }[tex]
    pieces = math_pieces(tex)
    # each piece but the last ends with {}: its sign keeps a binary sign's spacing
    assert all(p.endswith("{}") for p in pieces[:-1]) and not pieces[-1].endswith("{}")
    assert [p.removesuffix("{}").strip() for p in pieces] == expected
    # nothing lost, nothing added but the {}
    assert "".join("".join(p.removesuffix("{}") for p in pieces).split()) == "".join(tex.split())


# ---------------------------------------------------------------------------------------------
# the download button


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda nb: nb.docname)
def test_the_download_button_gives_the_repository_s_notebook(
    nb: build.Notebook, site: Path
) -> None:
    """The button gave Sphinx's staged copy: the language line as a MyST directive with
    HTML in it (shown as text in Jupyter, a link to a .md file), the site's note that the
    checks say "not written yet" (wrong in Jupyter), every output. It gives the notebook
    as the repository has it, and the page says where it runs."""
    page = site / f"{nb.docname}.html"
    text = page.read_text(encoding="utf-8")
    hrefs = re.findall(r'<a href="([^"]+)"[^>]*\s+class="[^"]*btn-download-source-button', text)
    assert len(hrefs) == 1, f"{nb.docname}: download links {hrefs}"
    served = (page.parent / hrefs[0]).resolve()
    assert served.read_bytes() == nb.path.read_bytes(), f"{served} is not {nb.path}"
    cells = nbformat.read(served, as_version=4).cells
    assert all("agm-lang-switch" not in c.source for c in cells)
    folder = "notebooks/zh/" if nb.lang == "zh" else "notebooks/"
    said = f'<code class="docutils literal notranslate"><span class="pre">{folder}</span></code>'
    assert said in text, f"{nb.docname}: the page does not say the notebook runs in {folder}"
    words = ["下载按钮", "文件夹"] if nb.lang == "zh" else ["download button", "folder"]
    assert all(w in text for w in words), f"{nb.docname}: nothing said about the download"


# ---------------------------------------------------------------------------------------------
# the Chinese search


def _index(site: Path, edition: str) -> dict[str, Any]:
    text = (site / edition / "searchindex.js").read_text(encoding="utf-8")
    index: dict[str, Any] = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    return index


def _docs_with(index: dict[str, Any], word: str) -> set[str]:
    found = index["terms"].get(word, [])
    return {index["docnames"][i] for i in ([found] if isinstance(found, int) else found)}


def test_the_chinese_search_knows_every_name_the_glossary_gives_a_term(site: Path) -> None:
    """The 术语表 says 周志华 calls backpropagation 误差逆传播 and UFLDL's Chinese
    translation calls the error term 残差: jieba, told only the first column's terms, cut
    误差逆传播 into 误差 / 逆 / 传播, and its search led to notebook 01 (which never says
    it) first and to the 术语表 last. Each such name is one word of the index now, found
    on the pages that say it and no other."""
    index = _index(site, "zh")
    glossary = (build.DOCS / "glossary.zh-CN.md").read_text(encoding="utf-8")
    for name in ("误差逆传播", "残差", "免海森矩阵"):
        assert name in glossary
        pages = _docs_with(index, name)
        assert "glossary" in pages, f"{name}: {sorted(pages)}"
        for doc in pages:  # each page found says it
            source = (
                build.ROOT / "README.zh-CN.md"
                if doc == "index"
                else build.DOCS / "glossary.zh-CN.md"
                if doc == "glossary"
                else build.ZH_NOTEBOOKS / f"{doc.removeprefix('notebooks/')}.py"
            )
            assert name in source.read_text(encoding="utf-8"), f"{name} found on {doc}"


@pytest.mark.parametrize(
    ("edition", "query"), [("zh/", "误差逆传播"), ("zh/", "导数"), ("", "sigmoid")]
)
def test_a_search_result_quotes_text_not_tex_or_buttons(
    edition: str, query: str, server: str, page: Any
) -> None:
    """A result quoted the page's main block as text: the theme's buttons ("跟随系统 亮色
    暗色") and each formula as MathJax's TeX ("\\(\\sigma'(z) …"). 误差逆传播 finds the
    pages that say it, the 术语表 first (Sphinx sorted it last, its title being Chinese),
    and not notebook 01."""
    tab = _open(page, f"{server}{edition}search.html?q={quote(query)}")
    wait_for_quotes(tab)
    hits = tab.evaluate(
        """() => [...document.querySelectorAll('#search-results ul.search li')]
            .map(li => [li.querySelector('a').getAttribute('href'),
                        li.querySelector('.context')?.innerText || ''])"""
    )
    assert hits, f"{query}: nothing found"
    for href, quoted in hits:
        assert quoted, f"{href}: no text quoted"
        for junk in ("\\(", "\\)", "\\[", "\\frac", "跟随系统", "亮色", "System", "Light"):
            assert junk not in quoted, f"{href} quotes {junk!r}: {quoted}"
    if query == "误差逆传播":  # the page that says what it is first, pages without it never
        docs = [href.split("?")[0] for href, _ in hits]
        assert docs[0].endswith("glossary.html"), docs
        assert not any("01_derivatives" in d for d in docs), docs


# ---------------------------------------------------------------------------------------------
# alt text and a printed table


@pytest.mark.parametrize(("lang", "word"), [("en", "tangent"), ("zh", "切向量")], ids=["en", "zh"])
def test_a_forward_mode_picture_is_described_by_its_names_and_tangents(
    lang: str, word: str
) -> None:
    """Notebook 07 labels each value "name: tangent …": the description named the graph
    "C: 切向量 -0.1782 的计算图" and said its boxes showed data only."""
    w, b = Value(2.0, label=f"w: {word} ẇ = 1"), Value(0.5, label=f"b: {word} ḃ = 0")
    z = w * 3.0 + b
    z.label = f"z: {word} 3.0000"
    alt = graph_alt(draw_graph(z, show_grad=False).svg(), lang)
    assert alt is not None
    if lang == "zh":
        assert alt.startswith("z 的计算图："), alt
        assert f"z（{word} 3.0000）" in alt and f"w（{word} ẇ = 1）" in alt, alt
        assert alt.endswith(f"每个方框写着值的 data，名字后面写着它的{word}。"), alt
    else:
        assert alt.startswith("Computation graph of z:"), alt
        assert f"z with {word} 3.0000" in alt and f"w with {word} ẇ = 1" in alt, alt
        assert alt.endswith(f"each box shows a value's data, and after its name its {word}."), alt


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_notebook_04_s_digits_are_described_as_digits(lang: str, site: Path) -> None:
    """The figure of ten training digits was described as "“5. …”一节的图。": its
    titles come from str(label), which the code does not say. The cell gives its own."""
    nb = next(nb for nb in NOTEBOOKS if nb.lang == lang and nb.slug.startswith("04"))
    cell = next(
        c for c in nbformat.read(nb.path, as_version=4).cells if "nn.data.digits()" in c.source
    )
    alt = cell.metadata["mystnb"]["image"]["alt"]
    assert ("8 by 8" if lang == "en" else "8×8") in alt and ("digits" in alt or "数字" in alt)
    page = (site / f"{nb.docname}.html").read_text(encoding="utf-8")
    assert f'alt="{alt}"' in page


def _columns(text: str) -> int:
    """Terminal columns of ``text``: a wide (W) or full-width (F) character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_notebook_07_s_timing_table_keeps_its_columns(lang: str) -> None:
    """The Chinese table padded 全部用时 as four characters, not eight columns: it ended
    two columns right of the "s" under it (a four-space pad after each "s" hid the rest)."""
    nb = next(nb for nb in NOTEBOOKS if nb.lang == lang and nb.slug.startswith("07"))
    executed = build.execute_all([nb], log=False)[nb]
    heads = ("遍数", "全部用时") if lang == "zh" else ("passes", "all 13,002")
    printed = "".join(
        o.get("text", "")
        for c in executed.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
    )
    lines = printed.splitlines()
    top = next(i for i, line in enumerate(lines) if heads[1] in line)
    head = lines[top]
    ends = [_columns(head[: head.index(h) + len(h)]) for h in heads]
    rows = lines[top + 1 : top + 4]
    assert len(rows) == 3
    for row in rows:
        # the number of passes and the seconds with their "s", under their headings
        found = re.search(r"^(.*?\S)\s+([\d,]+)\s+[\d.]+ s(?= )", row)
        assert found, row
        passes_end = _columns(row[: found.end(2)])
        seconds_end = _columns(row[: found.end()])
        assert [passes_end, seconds_end] == ends, f"{head!r}\n{row!r}"


#: The short names a graph's box is given, by hand: the head of its alt text.
BOX_NAMES = {
    "en": ("Computation graph of out", "Computation graph of y"),
    "zh": ("out 的计算图", "y 的计算图"),
}


@pytest.mark.parametrize("width", [1000, 360])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_picture_s_box_is_a_region_named_short_only_where_it_scrolls(
    lang: str, width: int, page: Any, tmp_path: Path
) -> None:
    """A graph's box (build.graph_boxes) that scrolls is a Tab stop of Chromium: it was an
    unnamed one, then a region named by the picture's whole alt text, which a screen
    reader said twice (the region's name, then the image's). It is a region named by the
    head of its alt, and a box that fits (no Tab stop) is no region: the APG keeps
    landmarks few. Oracle: names written by hand, the alt text (docs/alt.py), what
    Chromium hands a screen reader (its focus and aria tree) at 1,000 and 360 px."""
    page.set_viewport_size({"width": width, "height": 800})
    xs = [Value(0.1 * i, label=f"x{i}") for i in range(16)]
    out = xs[0]
    for x in xs[1:]:
        out = (out + x).tanh()
    out.label = "out"
    small = Value(2.0, label="x") * 3
    small.label = "y"
    alts, tags = [], []
    for name, value, rankdir in (("wide", out, "LR"), ("small", small, "TB")):
        svg = draw_graph(value, rankdir=rankdir).svg()
        (tmp_path / f"{name}.svg").write_text(svg, encoding="utf-8")
        alt = graph_alt(svg, lang)
        assert alt is not None
        alts.append(alt)
        tags.append(f'<p><img alt="{html.escape(alt)}" src="{name}.svg"></p>')
    article = build.graph_boxes("".join(tags), tmp_path, lang)
    static = Path(build.__file__).parent / "_static"
    (tmp_path / "page.html").write_text(
        f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
        f'<meta charset="utf-8"><link rel="stylesheet" href="{(static / "agm.css").as_uri()}">'
        f'<script src="{(static / "agm-formulas.js").as_uri()}"></script></head><body>'
        f'<button>before</button><div class="bd-article">{article}</div>'
        "<button>after</button></body></html>",
        encoding="utf-8",
    )
    page.goto((tmp_path / "page.html").as_uri())
    page.wait_for_timeout(200)  # agm-formulas.js marks the boxes after the load event
    scrolls = page.evaluate(
        "[...document.querySelectorAll('.agm-graph')].map((b) => b.scrollWidth > b.clientWidth)"
    )
    assert scrolls == [True, False], scrolls  # the long chain scrolls, y = 3x fits
    roles = page.evaluate(
        """[...document.querySelectorAll('.agm-graph')].map((b) =>
        [b.getAttribute('role'), b.getAttribute('aria-label')])"""
    )
    assert roles == [["region", BOX_NAMES[lang][0]], [None, None]], roles
    stops = []
    for _ in range(3):
        page.keyboard.press("Tab")
        stops.append(
            page.evaluate(
                """() => [document.activeElement.classList.contains('agm-graph')
                    ? 'agm-graph' : document.activeElement.textContent,
                document.activeElement.getAttribute('role'),
                document.activeElement.getAttribute('aria-label')]"""
            )
        )
    wide_name, _ = BOX_NAMES[lang]
    assert stops == [
        ["before", None, None],
        ["agm-graph", "region", wide_name],
        ["after", None, None],
    ]
    tree = page.locator("body").aria_snapshot()
    regions = re.findall(r"""^ *- '?region "([^"]*)\"""", tree, re.M)
    assert regions == [wide_name], tree
    for alt in alts:  # each picture's description is said once: its image's
        said = alt.split(";")[0]  # (the tree's YAML doubles the apostrophe of "value's")
        assert tree.count(said) == 1, (said, tree)


#: Three pictures with one author's alt and one with another: their boxes' names, by hand.
NUMBERED = {
    "en": ["The neuron, picture 1", "The neuron, picture 2", "Another", "The neuron, picture 3"],
    "zh": ["神经元，第 1 幅", "神经元，第 2 幅", "另一个", "神经元，第 3 幅"],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pictures_named_alike_are_numbered_in_the_html(lang: str, tmp_path: Path) -> None:
    """Pictures whose alt has the same head were numbered by agm-formulas.js only: without
    JavaScript each was a region of the same name. graph_boxes writes the numbered names,
    in the page's language; a name no other picture has stays as it is."""
    svg = draw_graph(Value(2.0, label="x") * 3).svg()
    (tmp_path / "g.svg").write_text(svg, encoding="utf-8")
    heads = ["The neuron", "The neuron", "Another", "The neuron"]
    if lang == "zh":
        heads = ["神经元", "神经元", "另一个", "神经元"]
    tags = "".join(f'<p><img alt="{h}, drawn" src="g.svg"></p>' for h in heads)
    article = build.graph_boxes(tags, tmp_path, lang)
    names = [html.unescape(n) for n in re.findall(r'role="region" aria-label="([^"]*)"', article)]
    assert names == NUMBERED[lang], article


#: The regions of a page of four pictures (three with one head: one that always fits, one
#: that scrolls on a phone only, one that always scrolls; and another) at 360 and 1,000 px,
#: by hand: only the pictures that are regions are numbered, and one alone is not.
NUMBERED_REGIONS = {
    "en": {
        360: ["The neuron, picture 1", "Another", "The neuron, picture 2"],
        1000: ["Another", "The neuron"],
    },
    "zh": {360: ["神经元，第 1 幅", "另一个", "神经元，第 2 幅"], 1000: ["另一个", "神经元"]},
}


def _chain(n: int) -> Value:
    """tanh(…tanh(x0 + x1)… + x(n-1)): a graph as wide as ``n`` steps drawn sideways."""
    out = Value(0.0, label="x0")
    for i in range(1, n):
        out = (out + Value(0.1 * i, label=f"x{i}")).tanh()
    out.label = "out"
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_only_the_pictures_that_are_regions_are_numbered(
    lang: str, page: Any, tmp_path: Path
) -> None:
    """With JavaScript a picture that fits is no region (agm-formulas.js), but the build
    numbers pictures named alike among all of them: a listener's landmarks held "第 2 幅"
    with no "第 1 幅", or one region "第 3 幅" alone. The script numbers the pictures of a
    head that are regions among themselves, and names one alone by its head, at every
    width the window takes. Oracle: names written by hand, Chromium's aria tree at 360 and
    1,000 px, the window resized between them."""
    small = Value(2.0, label="x") * 3
    drawn = {"small": (small, "TB"), "medium": (_chain(2), "LR"), "wide": (_chain(16), "LR")}
    for name, (value, rankdir) in drawn.items():
        svg = draw_graph(value, rankdir=rankdir).svg()
        (tmp_path / f"{name}.svg").write_text(svg, encoding="utf-8")
    head, other = ("神经元", "另一个") if lang == "zh" else ("The neuron", "Another")
    pictures = [(head, "small"), (head, "medium"), (other, "wide"), (head, "wide")]
    tags = "".join(f'<p><img alt="{h}, drawn" src="{src}.svg"></p>' for h, src in pictures)
    article = build.graph_boxes(tags, tmp_path, lang)
    static = Path(build.__file__).parent / "_static"
    (tmp_path / "page.html").write_text(
        f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
        f'<meta charset="utf-8"><link rel="stylesheet" href="{(static / "agm.css").as_uri()}">'
        f'<script src="{(static / "agm-formulas.js").as_uri()}"></script></head><body>'
        f'<div class="bd-article">{article}</div></body></html>',
        encoding="utf-8",
    )
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto((tmp_path / "page.html").as_uri())
    seen = []
    for width in (360, 1000, 360):
        page.set_viewport_size({"width": width, "height": 800})
        page.wait_for_timeout(300)  # the script marks the boxes after the load event, on resize
        scrolls = page.evaluate(
            "[...document.querySelectorAll('.agm-graph')].map((b) => b.scrollWidth > b.clientWidth)"
        )
        # the pictures are as the names by hand suppose: at 360 px all but the first scroll
        assert scrolls == [False, width == 360, True, True], (width, scrolls)
        tree = page.locator("body").aria_snapshot()
        seen.append(re.findall(r"""^ *- '?region "([^"]*)\"""", tree, re.M))
    expected = NUMBERED_REGIONS[lang]
    assert seen == [expected[360], expected[1000], expected[360]], seen


def test_the_site_shows_a_graph_that_fits_as_an_image_and_one_too_wide_as_before() -> None:
    """Jupyter is offered every graph as HTML too (the SVG inline in a named box), and
    myst-nb shows HTML first: the site's graphs would have left its own boxes and alt
    text (graph_boxes, docs/alt.py). Oracle: the outputs' formats, chosen by hand."""
    x = Value(2.0, label="x")
    out = (x * 3).tanh()
    out.backward()
    fits, wide = draw_graph(out), draw_graph(out, column=100.0)
    node = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("draw_graph(out)")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data=graph._repr_mimebundle_())
        for graph in (fits, wide)
    ]
    node.cells = [cell]
    build._pictures_as_images(node)
    assert set(cell.outputs[0]["data"]) == {"image/svg+xml", "text/plain"}
    assert set(cell.outputs[1]["data"]) == {"text/html", "image/svg+xml", "text/plain"}
