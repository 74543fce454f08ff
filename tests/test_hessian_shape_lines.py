"""The failing expression of a student's line, read without Python's columns (3.10).

The matrix advice of notebooks 06 and 07 (notebooks/exercises/hessian_shape.py) reads the
expression that raised. Python 3.11 on keeps its columns (``co_positions``); 3.10 keeps
only the line, and the advice fell back to "If this comes from using hessian's
matrix as a number…" where 3.11 said what happened. Now the expression is found in the
line's source, the k-th instruction of a kind being the k-th expression of that kind
in the order Python runs them. Oracle: the expressions of each line, written by hand in
that order (and, on 3.11 on, Python's own columns)."""

from __future__ import annotations

import dis
import itertools
import linecache
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "notebooks"))

from exercises import hessian_shape

SOURCE = """\
def step(xs, H, g, x, w, g1, g2):
    a = xs[-1] - g(xs[-1]) / H(xs[-1])
    b = -H
    x /= H
    (p, q), r = H
    return w[0] - (H[0][0] * g1 + H[1][2] * g2)
def spread(H):
    return [1 / h for h in H]
def mixed(H, w, x, d, seen, f, args):
    y = 0 < x < H or x in seen
    w[0][1] = H[0][0]
    z = {H[0]: H[1], H[2]: H[3]}
    return f(*args) + H(x)
"""

#: Per line: each expression an instruction of the line runs (a read of an entry, a
#: call, an operator, an unpacking), and its first column, in the order Python runs them.
EXPECTED = {
    2: [
        ("xs[-1]", 8),
        ("xs[-1]", 19),
        ("g(xs[-1])", 17),
        ("xs[-1]", 31),
        ("H(xs[-1])", 29),
        ("g(xs[-1]) / H(xs[-1])", 17),
        ("xs[-1] - g(xs[-1]) / H(xs[-1])", 8),
    ],
    3: [("-H", 8)],
    4: [("x /= H", 4)],
    5: [("(p, q), r", 4), ("(p, q)", 4)],
    6: [
        ("w[0]", 11),
        ("H[0]", 19),
        ("H[0][0]", 19),
        ("H[0][0] * g1", 19),
        ("H[1]", 34),
        ("H[1][2]", 34),
        ("H[1][2] * g2", 34),
        ("H[0][0] * g1 + H[1][2] * g2", 19),
        ("w[0] - (H[0][0] * g1 + H[1][2] * g2)", 11),
    ],
}


@pytest.fixture(scope="module")
def cell() -> dict[str, Any]:
    name = "<ipython-input-3-lines>"
    linecache.cache[name] = (len(SOURCE), None, SOURCE.splitlines(True), name)
    namespace: dict[str, Any] = {}
    exec(compile(SOURCE, name, "exec"), namespace)
    yield namespace
    linecache.cache.pop(name, None)


def _read(code: Any, namespace: dict[str, Any]) -> dict[int, list[tuple[str, int, int]]]:
    """Per line, the expression read for each instruction, its column and offset."""
    lines = SOURCE.splitlines()
    read: dict[int, list[tuple[str, int, int]]] = {}
    for instruction in dis.get_instructions(code):
        position = hessian_shape._position_on_the_line(code, instruction.offset, namespace)
        if position is None:
            continue
        start, end, col, end_col = position
        assert start == end
        text = lines[start - 1].encode()[col:end_col].decode()
        read.setdefault(start, []).append((text, col, instruction.offset))
    return read


def _check(
    code: Any, namespace: dict[str, Any], expected: dict[int, list[tuple[str, int]]]
) -> None:
    read = _read(code, namespace)
    assert {line: [(t, c) for t, c, _ in got] for line, got in read.items()} == expected
    if hasattr(code, "co_positions"):  # Python's own columns, where it keeps them
        for got in read.values():
            for text, col, offset in got:
                position = next(itertools.islice(code.co_positions(), offset // 2, None))
                assert position[2] == col and position[3] == col + len(text.encode())


def test_each_failing_expression_is_read_off_its_line(cell: dict[str, Any]) -> None:
    _check(cell["step"].__code__, cell, EXPECTED)


def test_code_of_its_own_on_the_line_is_not_guessed(cell: dict[str, Any]) -> None:
    """A comprehension's division runs in code of its own (3.10, 3.11) or inside the
    function's (3.12 on): either way it is not matched to an expression of the line."""
    spread = cell["spread"].__code__
    codes = [spread, *(c for c in spread.co_consts if hasattr(c, "co_code"))]
    assert all(not _read(code, cell) for code in codes)


#: Lines whose expressions ast lists in another order than Python runs them (a dict's
#: keys and values, an assignment's value and targets), a chain of comparisons (one
#: instruction per operator, none for ``in``), a call with ``*args`` (an instruction of
#: another kind). Oracle: written by hand (3.10 read ``x in seen`` for ``x < H``,
#: ``w[0]`` for ``H[0]``, ``H[2]`` for ``H[1]``, and did not read ``H(x)``).
MIXED = {
    10: [("0 < x < H", 8), ("0 < x < H", 8)],
    11: [("H[0]", 14), ("H[0][0]", 14), ("w[0]", 4)],
    12: [("H[0]", 9), ("H[1]", 15), ("H[2]", 21), ("H[3]", 27)],
    13: [("H(x)", 22), ("f(*args) + H(x)", 11)],
}


def test_expressions_run_in_another_order_than_written(cell: dict[str, Any]) -> None:
    _check(cell["mixed"].__code__, cell, MIXED)
