"""A model of one linear neuron, w = 1.5 and b = 0, for the tests of a gradient that
overflows: with λ = 1.5e308 the L2 cost λ/2·w² = 1.7e308 is finite and its gradient
λ·w = 2.25e308 is not (tests/test_fit_guards.py, tests/test_fit_gradients.py)."""

from __future__ import annotations

from typing import Any

import nn
from autograd_mini import Value


class OneNeuron(nn.Module):
    def __init__(self) -> None:
        self.n = nn.Neuron(1, "linear", seed=0)
        self.n.w[0].data, self.n.b.data = 1.5, 0.0

    def named_children(self) -> list[tuple[str, nn.Module]]:
        return [("n", self.n)]

    def forward(self, x: list[Any]) -> list[Value]:
        return [self.n.fire([x[0]])]
