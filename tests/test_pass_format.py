"""One number format per backward pass: draw_graph(view="backward") and the step frames
of the same graph write the same data the same way (chosen in two places before, the
backward view read "mul=0.00003000" where a frame read "mul=3.000e-05")."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pytest

import nn
from autograd_mini import Value, draw_graph
from autograd_mini.steps import frames

#: a value's data as a backward picture writes it: after its name and "=" ("mul=6",
#: "relu=0.2302", "z=-4.127e-01"), or alone in bold (an unlabelled leaf's name)
_DATA = re.compile(
    r"(?:<B>|<TD>|>)(?:[^<>=:]*=)?(-?\d[\d.]*(?:e[+-]\d+)?)(?=</B>|: ×)",
)


def _data_strings(source: str) -> list[str]:
    return sorted(_DATA.findall(source))


def _written(x: float, scientific: bool) -> str:
    """The test's own rule: four significant digits, all positional or all
    scientific (Python's format spec; Decimal keeps the trailing zeros)."""
    if x == 0.0:
        return "0"
    if scientific:
        return f"{x:.3e}"
    return format(Decimal(f"{x:.3e}"), "f")


def _products() -> Value:
    """x·3 + y·2 at x = 1e-5: the one number below 1e-4 is the first product's data,
    shown only after its shared name ("mul"), so every number on the page is
    scientific (gradients 3 and 2, the seed 1)."""
    x, y = Value(1e-5, label="x"), Value(3.0, label="y")
    return x * 3.0 + y * 2.0


def _large() -> Value:
    """a·b + c·d with a·b = 1e7: gradients and local derivatives are below 1e4, the
    product alone (after its shared name) is too large to write positionally."""
    a, b = Value(4000.0, label="a"), Value(2500.0, label="b")
    c, d = Value(3.0, label="c"), Value(2.0, label="d")
    return a * b + c * d


def _mlp(x0: float) -> Callable[[], Value]:
    def make() -> Value:
        model = nn.MLP(2, [3, 1], seed=0)
        return (model([Value(x0), Value(-0.5)]) - 1.0) ** 2

    return make


def _every_data(root: Value) -> list[float]:
    seen: dict[Value, None] = {}
    stack = [root]
    while stack:
        v = stack.pop()
        if v not in seen:
            seen[v] = None
            stack.extend(v.parents)
    return [v.data for v in seen]


@pytest.mark.parametrize(
    ("make", "scientific"),
    [(_products, True), (_large, True), (_mlp(1e-5), True), (_mlp(0.5), False)],
    ids=["x=1e-5 products", "1e7 product", "2-3-1 at x=1e-5", "2-3-1 at x=0.5"],
)
def test_backward_view_and_frames_write_data_alike(
    make: Callable[[], Value], scientific: bool
) -> None:
    root = make()
    view = _data_strings(draw_graph(root, view="backward").source)
    frame = _data_strings(frames(root, view="backward")[-1].source)
    assert view, "no data found in the backward view: the pattern is stale"
    assert view == frame
    data = _every_data(root)
    for text in view:  # each string is some value's data, written by the test's rule
        x = min(data, key=lambda d: abs(d - float(text)))
        assert text == _written(x, scientific), (text, x)
