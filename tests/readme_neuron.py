"""The README's neuron, o = tanh(x1·w1 + x2·w2 + b) with b chosen so that o = 0.7071
(tanh⁻¹ of 1/√2): the pictures' tests draw it as the README does."""

from __future__ import annotations

from autograd_mini import Value


def readme_neuron() -> Value:
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    o = (x1 * w1 + x2 * w2 + b).tanh()
    o.label = "o"
    return o
