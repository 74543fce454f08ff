"""A display formula's last mark says how the sentence goes on, the same in both editions.

Notebook 07 ended its reverse pass's formulas with a comma, "… \\bar b = \\bar z,$$", and
the next paragraph began a new sentence, "That is both derivatives in one pass" (in
Chinese the same comma before "一遍就得到了两个导数"): a sentence that never went on.
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
ENGLISH = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py"))
DISPLAY = re.compile(r"\$\$(.*?)\$\$", re.S)


def _ends(path: Path) -> list[tuple[str, str]]:
    """Each display formula's last character, and the words after it (to the cell's end)."""
    found = []
    for cell in jupytext.read(path).cells:
        if cell.cell_type != "markdown":
            continue
        for formula in DISPLAY.finditer(cell.source):
            body = formula.group(1).rstrip()
            found.append((body[-1:], cell.source[formula.end() :].lstrip()[:40]))
    return found


@pytest.mark.parametrize("path", ENGLISH, ids=lambda p: p.stem[:2])
def test_a_formula_ending_in_a_comma_goes_on_in_words(path: Path) -> None:
    """After a comma the sentence goes on: "where …", "whose gradient …", not "That …"."""
    stops = [after for end, after in _ends(path) if end == "," and after[:1].isupper()]
    assert not stops, f"{path.name}: a formula ending in ',' followed by {stops}"


@pytest.mark.parametrize("path", ENGLISH, ids=lambda p: p.stem[:2])
def test_the_chinese_formulas_end_as_the_english_ones(path: Path) -> None:
    english = [end for end, _ in _ends(path)]
    chinese = [end for end, _ in _ends(NOTEBOOKS / "zh" / path.name)]
    assert chinese == english, path.name
