"""An exercise names the notebook's helpers its solution calls.

zh/05's exercise 2 asks for σ′(z)·Σⱼ wⱼ·∂C/∂zⱼ and its solution calls ``sigma_prime``, a
function the notebook defines 170 lines earlier in its fan-out section, but neither
edition said so: a first-year student, used to notebook 2 ("`sigma` and `sigma_prime`
above may be used"), wrote ``sigma(z)`` and met ``NameError: name 'sigma' is not
defined``. Every function a notebook defines (``def``, outside an exercise) that a
solution reads must be named in backticks in the text above the exercise, or be written
in the exercise cell itself (nb00's ``@add_to_class(Value)``). Oracle: the solutions in
notebooks/solutions/, read with ast.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import jupytext
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
SOURCES = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py"))
EDITIONS = [p for source in SOURCES for p in (source, NOTEBOOKS / "zh" / source.name)]


def _tag(cell: object, kind: str) -> str | None:
    for tag in getattr(cell, "metadata", {}).get("tags", []):
        if tag.startswith(f"{kind}:"):
            return str(tag.split(":", 1)[1])
    return None


def _helpers(cells: list[object]) -> set[str]:
    """The functions the notebook's own cells define, exercises left out."""
    return {
        node.name
        for cell in cells
        if getattr(cell, "cell_type", "") == "code" and _tag(cell, "exercise") is None
        for node in ast.parse(getattr(cell, "source", "")).body
        if isinstance(node, ast.FunctionDef)
    }


def _read_from_outside(source: str) -> set[str]:
    """The names a solution reads that it does not bind itself."""
    tree = ast.parse(source)
    nodes = list(ast.walk(tree))
    bound = {n.name for n in nodes if isinstance(n, ast.FunctionDef)}
    bound |= {n.id for n in nodes if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    bound |= {a.arg for n in nodes if isinstance(n, ast.arguments) for a in n.args}
    read = {n.id for n in nodes if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return read - bound


@pytest.mark.parametrize(
    "path", EDITIONS, ids=[p.relative_to(NOTEBOOKS).as_posix() for p in EDITIONS]
)
def test_an_exercise_names_the_helpers_its_solution_calls(path: Path) -> None:
    cells = jupytext.read(path).cells
    solutions = {
        ident: cell.source
        for cell in jupytext.read(NOTEBOOKS / "solutions" / path.name).cells
        if (ident := _tag(cell, "solution")) is not None
    }
    helpers = _helpers(cells)
    unnamed = []
    for i, cell in enumerate(cells):
        ident = _tag(cell, "exercise")
        if ident is None:
            continue
        text = next(c.source for c in reversed(cells[:i]) if c.cell_type == "markdown")
        used = _read_from_outside(solutions[ident]) & helpers
        unnamed += [
            (ident, name)
            for name in sorted(used)
            if f"`{name}`" not in text and not re.search(rf"\b{name}\b", cell.source)
        ]
    assert not unnamed, f"{path.name}: say where these come from (exercise, helper): {unnamed}"
