"""The notebooks' markdown renders as written: every * of emphasis pairs with the one meant.

A reader of the Chinese notebook 01 saw 40 characters in italics: "*一个常见的失误：*这样写出的
…让输出*远离* 1". In CommonMark a * can close emphasis only if it is right-flanking: after
a punctuation mark (the full-width colon "：") it must be followed by a space or a
punctuation mark, and "这" is neither. So the second * opened instead of closing, the
third closed it, and the fourth closed the first: one emphasis inside another. The site
renders the notebooks with MyST (markdown-it-py); these tests parse every markdown cell
of both editions with the same parser and the site's extensions, and refuse emphasis
nested in emphasis and any * left over as a literal character.
"""

# ruff: noqa: RUF001, RUF002 (the Chinese text it reads has full-width punctuation)

from __future__ import annotations

from pathlib import Path

import jupytext
import pytest
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SOURCES = [
    *sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py")),
    *sorted((NOTEBOOKS / "zh").glob("[0-9][0-9]_*.py")),
]
# docs/conf.py's myst_enable_extensions: $…$ and $$…$$ are mathematics, not emphasis
PARSER = create_md_parser(MdParserConfig(enable_extensions={"dollarmath", "amsmath"}), RendererHTML)
EMPHASIS = {"em_open": "em_close", "strong_open": "strong_close"}


def misread_emphasis(markdown: str) -> list[str]:
    """The places where ``markdown`` renders emphasis other than as its * pairs say: an
    emphasis opened inside another, or a * shown as a literal character."""
    found = []
    for token in PARSER.parse(markdown):
        if token.type != "inline":
            continue
        open_ = 0
        for child in token.children or []:
            if child.type in EMPHASIS:
                if open_:
                    found.append(f"emphasis inside emphasis: {token.content!r}")
                open_ += 1
            elif child.type in EMPHASIS.values():
                open_ -= 1
            elif child.type == "text" and "*" in child.content:
                found.append(f"a literal *: {child.content!r} in {token.content!r}")
    return found


def test_the_reader_sees_a_star_that_cannot_close() -> None:
    wrong = "*一个常见的失误：*这样写出的“loss”并不是损失，把它变小反而让输出*远离* 1。"
    right = "*一个常见的失误*：这样写出的“loss”并不是损失，把它变小反而让输出*远离* 1。"
    assert misread_emphasis(wrong) and misread_emphasis("**注意：**这里") != []
    assert misread_emphasis(right) == []
    assert misread_emphasis("*A common slip:* written so, it moves *away* from 1") == []
    assert misread_emphasis("$a * b$ and $$x^* = 1$$ and `a * b`") == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_emphasis_renders_as_written(path: Path) -> None:
    cells = [c.source for c in jupytext.read(path).cells if c.cell_type == "markdown"]
    found = [place for source in cells for place in misread_emphasis(source)]
    assert found == [], f"{path.name}: {found}"
