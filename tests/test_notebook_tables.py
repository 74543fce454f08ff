"""The tables of notebooks in README.md, README.zh-CN.md and notebooks/README.md say what
each notebook asks of the student, as the notebook does.

Before: every table's row for notebook 00 named none of its two exercises (`exp`, powers),
every row for 03 three of its four (the four updates of one example were missing),
notebooks/README.md's row for 06 none of its three; and the rows for 02 averaged "over n
examples" where the notebook writes m for their number ("Here and in every later notebook
$m$ is the number of training examples").
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
# (the table, how its rows name the exercises, what separates them)
TABLES = [
    (ROOT / "README.md", r"\*Your turn:\*\s*(.*?)\.?\s*\|", ";"),
    (ROOT / "notebooks" / "README.md", r"\*Your turn:\*\s*(.*?)\.?\s*\|", ";"),
    (ROOT / "README.zh-CN.md", r"轮到你了：(.*?)\s*\|", "；"),  # noqa: RUF001
]


def _row(table: Path, notebook: Path) -> str:
    rows = [line for line in table.read_text().splitlines() if f"{notebook.stem}.ipynb" in line]
    assert len(rows) == 1, f"{table.name}: {len(rows)} rows link {notebook.stem}.ipynb"
    return rows[0]


def _exercises(notebook: Path) -> int:
    tags = [t for c in jupytext.read(notebook).cells for t in c.metadata.get("tags", [])]
    return sum(tag.startswith("exercise:") for tag in tags)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem[:2] for p in NOTEBOOKS])
@pytest.mark.parametrize("table, named, between", TABLES, ids=["en", "notebooks", "zh"])
def test_a_row_names_every_exercise_of_its_notebook(
    notebook: Path, table: Path, named: str, between: str
) -> None:
    row = _row(table, notebook)
    found = re.search(named, row)
    assert found, f"{table.name}, {notebook.stem}: the row names no exercise"
    items = [item for item in found[1].split(between) if item.strip()]
    assert len(items) == _exercises(notebook), (table.name, notebook.stem, items)


@pytest.mark.parametrize("table", [t for t, _, _ in TABLES], ids=["en", "notebooks", "zh"])
def test_the_number_of_examples_is_m_as_in_the_notebooks(table: Path) -> None:
    row = _row(table, ROOT / "notebooks" / "02_one_neuron_per_layer.py")
    assert "over m examples" in row or "对 m 个样本" in row, row
