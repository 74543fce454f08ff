"""Notebook 00's "about sixty lines" holds for a student who writes notes in the engine.

The count read every non-blank line of the engine's methods, comments too, and asserted
55 to 65: a student who added six lines of notes to ``backward`` (as the notebook invites
one to, running it cell by cell) stopped the notebook with an AssertionError of its own.
Lines that are only a comment are not code, and are not counted now.
"""

from __future__ import annotations

import inspect
import linecache
from pathlib import Path

import jupytext
import pytest
from exercise_cases import NOTEBOOKS, prelude

NOTES = "".join(f"    # my note {k}: the gradient flows from the output back\n" for k in range(6))


@pytest.mark.parametrize("name", ["00_build_your_own_value", "zh/00_build_your_own_value"])
def test_a_students_notes_in_backward_are_not_counted(name: str) -> None:
    namespace = prelude(name)
    counted = namespace["n_lines"]
    source = inspect.getsource(namespace["Value"].backward)  # its decorator, then the def
    at = source.index("def backward(self)")
    head, body = source[at:].split("\n", 1)
    decorated = source[:at] + head + "\n" + NOTES + body
    filename = f"{name} backward with notes"
    linecache.cache[filename] = (len(decorated), None, decorated.splitlines(True), filename)
    try:
        exec(compile(decorated, filename, "exec"), namespace)
        assert inspect.getsource(namespace["Value"].backward).count("my note") == 6
        (count,) = [
            cell.source
            for cell in jupytext.read(Path(NOTEBOOKS) / f"{name}.py").cells
            if cell.cell_type == "code" and "n_lines = len(lines) + 2" in cell.source
        ]
        exec(compile(count, f"{name} count", "exec"), namespace)  # its assert holds
    finally:
        linecache.cache.pop(filename, None)
    assert namespace["n_lines"] == counted  # the same count as without the notes
