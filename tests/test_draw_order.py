"""Operands stand in the order they are written: in x1·w1 + x2·w2, x1's box is left of
x2's when the graph is drawn upright and above it when drawn sideways, in the forward and
the backward view alike (and the first hidden neuron of a hand-made 2-2-1 network beside
the inputs before the second's). They stood reversed: x2 over x1, b2 left of b1, as a
teacher's slide of the formula never writes them. Read from the SVG's text positions.
"""

from __future__ import annotations

import re

import pytest

from autograd_mini import Value, draw_graph, draw_step


def _neuron() -> Value:
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(0.5, label="b")
    return (x1 * w1 + x2 * w2 + b).tanh()


def _two_two_one() -> Value:
    x1, x2 = Value(1.0, label="x1"), Value(0.5, label="x2")
    h1 = (x1 * Value(0.2) + x2 * Value(-0.4)).sigmoid()
    h1.label = "h1"
    h2 = (x1 * Value(0.3) + x2 * Value(0.1)).sigmoid()
    h2.label = "h2"
    return (h1 * Value(0.5) + h2 * Value(-0.3)).sigmoid()


def _where(svg: str, label: str) -> tuple[float, float]:
    """The (x, y) of the bold label ``label``'s text in an SVG (y grows downwards)."""
    found = re.findall(
        r'<text[^>]*?x="(-?[\d.]+)" y="(-?[\d.]+)"[^>]*>' + re.escape(label) + "</text>", svg
    )
    assert len(found) == 1, (label, found)
    return float(found[0][0]), float(found[0][1])


@pytest.mark.parametrize("view", ["forward", "backward"])
@pytest.mark.parametrize("rankdir", ["TB", "LR"])
@pytest.mark.parametrize(
    ("make", "first", "second"), [(_neuron, "x1", "x2"), (_two_two_one, "h1", "h2")]
)
def test_the_first_operand_comes_first(
    view: str, rankdir: str, make, first: str, second: str
) -> None:
    svg = draw_graph(make(), view=view, rankdir=rankdir, size="natural").svg()
    (x1, y1), (x2, y2) = _where(svg, first), _where(svg, second)
    if rankdir == "TB":
        assert x1 < x2, (first, x1, second, x2)  # left of it
    else:
        assert y1 < y2, (first, y1, second, y2)  # above it


def test_a_step_frame_keeps_the_order() -> None:
    svg = draw_step(_neuron(), 0, rankdir="TB", size="natural").svg()
    assert _where(svg, "x1")[0] < _where(svg, "x2")[0]
