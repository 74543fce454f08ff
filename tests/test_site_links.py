"""The site's pages made from the READMEs say what the READMEs say: docs/build.py's
``_links`` changes where a link goes (or drops a link the site has no page for), never
the words. No site is built: the staging step's function is called on the sources.

The oracle is markdown-it (the parser MyST reads the pages with), not the build's own
pattern: the text a reader sees, link targets aside, is the same before and after.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from docs import build

ROOT = Path(__file__).resolve().parent.parent

# (source, its folder in the repository, the staged document it becomes)
SOURCES = [
    ("README.md", "", "index.md"),
    ("README.zh-CN.md", "", "zh/index.md"),
    ("benchmarks/README.md", "benchmarks", "benchmarks/README.md"),
    ("docs/glossary.zh-CN.md", "docs", "zh/glossary.md"),
]

# The repository paths the build stages (docs/build.py's stage), for every notebook.
SLUGS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PAGES = {f"notebooks/{s}.ipynb": f"notebooks/{s}.ipynb" for s in SLUGS}
PAGES |= {f"notebooks/zh/{s}.ipynb": f"zh/notebooks/{s}.ipynb" for s in SLUGS}
PAGES |= {f"notebooks/zh/{s}.py": f"zh/notebooks/{s}.ipynb" for s in SLUGS}
PAGES |= {
    "benchmarks/README.md": "benchmarks/README.md",
    "README.md": "index.md",
    "README.zh-CN.md": "zh/index.md",
    "docs/glossary.zh-CN.md": "zh/glossary.md",
}


def _words(markdown: str) -> str:
    """The text and code a reader sees, in order (link targets and HTML tags left out)."""
    md = MarkdownIt("commonmark").enable("table")
    seen = []
    for token in md.parse(markdown):
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                seen.append(child.content)
        if token.type in ("fence", "code_block"):
            seen.append(token.content)
    return "".join(seen)


@pytest.mark.parametrize("source, here, doc", SOURCES, ids=[s for s, _, _ in SOURCES])
def test_a_readme_page_keeps_every_word_of_its_readme(source: str, here: str, doc: str) -> None:
    """README.zh-CN.md's "betas 是 [0, 1) 中的一对数" read "betas 是 0, 1) 中的一对数" on the
    Chinese home page and "[CONTRIBUTING.md](CONTRIBUTING.md) 两种都有示例" read
    "[CONTRIBUTING.md 两种都有示例": the link pattern took the 28,000 characters from
    "[0, 1)" to "CONTRIBUTING.md]" for one link's words, and, the site having no page for
    CONTRIBUTING.md, kept them without its first "[" and last "]"."""
    text = (ROOT / source).read_text(encoding="utf-8")
    staged = build._links(text, here, doc, PAGES)
    assert _words(staged) == _words(text)


def test_a_bracket_that_opens_no_link_is_kept() -> None:
    text = "betas in [0, 1), eps > 0 (see [CONTRIBUTING.md](CONTRIBUTING.md))."
    assert build._links(text, "", "index.md", {}) == (
        "betas in [0, 1), eps > 0 (see CONTRIBUTING.md)."
    )


def test_a_link_s_words_may_run_onto_the_next_line() -> None:
    text = "see [the notebook on\nbackpropagation](notebooks/05_x.ipynb) first"
    pages = {"notebooks/05_x.ipynb": "notebooks/05_x.ipynb"}
    assert build._links(text, "", "index.md", pages) == (
        "see [the notebook on\nbackpropagation](notebooks/05_x.ipynb) first"
    )


def test_a_link_s_target_may_hold_parentheses() -> None:
    """A target with parentheses ended at the first ")": "[ops](autograd_mini/a_(b).py)"
    became "ops.py)" on the page, where the README shows "ops"."""
    text = "see [ops](autograd_mini/a_(b).py) and [nb](notebooks/05_(x).ipynb) end"
    pages = {"notebooks/05_(x).ipynb": "notebooks/05_(x).ipynb"}
    staged = build._links(text, "", "index.md", pages)
    assert _words(staged) == _words(text) == "see ops and nb end"
    assert "[nb](notebooks/05_(x).ipynb)" in staged


NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")) + sorted(
    (ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb")
)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_notebook_page_keeps_every_word_of_its_markdown(path: Path) -> None:
    """The same for each notebook's Markdown cells (docs/build.py's stage)."""
    import nbformat

    folder = str(path.parent.relative_to(ROOT))
    doc = ("zh/" if folder.endswith("zh") else "") + f"notebooks/{path.stem}.ipynb"
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            staged = build._links(cell.source, folder, doc, PAGES)
            assert _words(staged) == _words(cell.source), cell.source[:80]
