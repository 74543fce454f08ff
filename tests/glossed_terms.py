"""English course terms left bare in Chinese prose, wherever a Chinese reader meets them.

The terms are read from the English column of the glossary's term table
(docs/glossary.zh-CN.md): in Chinese prose the English may follow the Chinese as a gloss in
full-width parentheses, 「反向过程（backward pass）」, but not stand alone. zh/05 named
李宏毅's slide 「的“backward pass”部分」 where its introduction had said
「“反向过程”（backward pass）」. A cell may name several terms, "cost (function) / loss
(function)"; what it puts in parentheses is not part of a term: an abbreviation, "(BP)",
"(`hvp`)" (周志华 writes BP in Chinese), or a word the term may go without, "(function)".

What is not prose is set aside first: formulas, code in backticks, a bare link, a gloss, an
English title (in italics or in Chinese quotes). A Markdown link's text is prose, read like
the words around it: 「[epoch](url)」 in a Chinese sentence is an English term, and a
Chinese link says 「[轮](url)」; an English title may still be a link's text, written as
a title, 「[*Neural Networks and Deep Learning*](url)」. The link's address is not prose.
"""

from __future__ import annotations

import re
from pathlib import Path

GLOSSARY = Path(__file__).resolve().parent.parent / "docs" / "glossary.zh-CN.md"


def glossary_rows(glossary: str) -> list[list[str]]:
    """The cells of each row of the glossary's "## 术语" table, its header left out."""
    table = glossary.split("\n## 术语\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1:-1] for line in table.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row] for row in rows[1:]]


def glossary_terms(glossary: str) -> list[str]:
    cells = [re.sub(r"\s*\([^)]*\)", "", row[1]).strip() for row in glossary_rows(glossary)]
    return [term.strip() for cell in cells for term in cell.split(" / ")]


GLOSSED_ONLY = glossary_terms(GLOSSARY.read_text(encoding="utf-8"))

NOT_PROSE = [
    re.compile(r"\$\$.+?\$\$", re.S),  # formulas
    re.compile(r"\$[^$\n]+\$"),
    re.compile(r"`[^`\n]*`"),  # code
    re.compile(r"<https?://[^>\s]+>"),  # links
    re.compile(r"(?<=\])\([^()\s]*\)"),  # a Markdown link's address: [text](address)
    re.compile(r"（[^（）]*）"),  # a gloss, in full-width parentheses
    re.compile(r"\*[A-Z][^*\n]*\*"),  # a title: *ML Lecture 7: Backpropagation*
    re.compile(r"“[A-Z][^”]*”"),  # a quoted English title: “Backpropagation calculus”
]


# A term's words may be split by a hyphen or a line break, and take a plural s; it is bounded
# by Latin letters and digits only: a Chinese character is a word character to `\w`, so a
# term written against one, 「的backward pass部分」, would otherwise pass.
def _term_pattern(term: str) -> re.Pattern[str]:
    words = r"[\s-]+".join(re.escape(word) for word in re.split(r"[ -]", term))
    return re.compile(rf"(?<![A-Za-z0-9_-]){words}s?(?![A-Za-z0-9_-])", re.IGNORECASE)


BARE_TERMS = [_term_pattern(term) for term in GLOSSED_ONLY]


def bare_terms(prose: str) -> list[str]:
    """The glossary's English terms that stand alone in Chinese ``prose`` (Markdown)."""
    for pattern in NOT_PROSE:
        prose = pattern.sub(" ", prose)
    return [found for term in BARE_TERMS for found in term.findall(prose)]
