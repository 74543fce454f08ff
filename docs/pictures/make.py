"""Regenerate the README's pictures: ``.venv/bin/python docs/pictures/make.py``.

One of each view of the README neuron o = tanh(x1·w1 + x2·w2 + b): the forward graph,
the backward graph, and one frame of the step player (step 3, on the backward view).
"""

from __future__ import annotations

from pathlib import Path

from autograd_mini import Value, draw_graph, draw_step

HERE = Path(__file__).parent


def neuron() -> Value:
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    o = (x1 * w1 + x2 * w2 + b).tanh()
    o.label = "o"
    o.backward()
    return o


def main() -> None:
    o = neuron()
    draw_graph(o).save(HERE / "neuron_forward.svg")
    draw_graph(o, view="backward").save(HERE / "neuron_backward.svg")
    draw_step(o, 3).save(HERE / "neuron_step.svg")


if __name__ == "__main__":
    main()
