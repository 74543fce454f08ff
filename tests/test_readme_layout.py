"""The README's Layout table names every module of the two packages, and only files there are.

The table had fallen behind the code: twelve modules of ``autograd_mini`` (``reals.py``,
``spoken.py``, ``value_backend.py``, …) and the command's own ``cli.py`` were in no row, so
a reader looking for where a refusal's words or a picture's screen-reader text come from
found no pointer. The oracle is the folder itself: every ``*.py`` of ``autograd_mini/``
(and every sub-package, as ``name/``) is quoted in a row that starts with
``autograd_mini/``, and every ``nn/*.py`` by its name in the ``nn/`` row; each ``.py`` a
row quotes exists. ``__init__.py`` and ``__main__.py`` are the packages themselves. The
Chinese table quotes the same code (tests/test_readme_editions.py), so it is read too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TABLES = {"README.md": "Layout", "README.zh-CN.md": "目录结构"}
CODE = re.compile(r"`([^`]+)`")
DUNDER = {"__init__", "__main__"}


def _rows(readme: str) -> list[list[str]]:
    """The code quoted in each row's two cells (first cell first) of the Layout table."""
    text = (ROOT / readme).read_text(encoding="utf-8")
    section = text.split(f"\n## {TABLES[readme]}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert rows, f"{readme}: no Layout table under ## {TABLES[readme]}"
    return [CODE.findall(row) for row in rows]


def _engine_names(rows: list[list[str]]) -> set[str]:
    """What the ``autograd_mini/`` rows name, as a path under autograd_mini/."""
    named: set[str] = set()
    for quoted in rows:
        if quoted[0].startswith("autograd_mini/"):
            named |= {q.removeprefix("autograd_mini/") for q in quoted if q.endswith((".py", "/"))}
    return named


@pytest.mark.parametrize("readme", sorted(TABLES))
def test_every_engine_module_is_in_a_row(readme: str) -> None:
    named = _engine_names(_rows(readme))
    there = {p.name for p in (ROOT / "autograd_mini").glob("*.py") if p.stem not in DUNDER}
    there |= {
        f"{p.name}/" for p in (ROOT / "autograd_mini").iterdir() if (p / "__init__.py").is_file()
    }
    assert there - named == set(), f"{readme}: the Layout table lacks {sorted(there - named)}"


@pytest.mark.parametrize("readme", sorted(TABLES))
def test_every_file_a_row_names_is_there(readme: str) -> None:
    named = _engine_names(_rows(readme))
    gone = sorted(n for n in named if not (ROOT / "autograd_mini" / n).exists())
    assert gone == [], f"{readme}: the Layout table names files that are not there: {gone}"


@pytest.mark.parametrize("readme", sorted(TABLES))
def test_every_nn_module_is_in_the_nn_row(readme: str) -> None:
    (row,) = [quoted for quoted in _rows(readme) if quoted[0] == "nn/"]
    there = {p.stem for p in (ROOT / "nn").glob("*.py") if p.stem not in DUNDER}
    assert there - set(row) == set(), f"{readme}: the nn/ row lacks {sorted(there - set(row))}"
