"""The small model and data set the tests of fit's refusals train: moons(20) and a
2-3-1 tanh MLP, seeded (tests/test_fit_guards.py, tests/test_diagnose.py)."""

from __future__ import annotations

import nn
from nn.data import moons

X20, Y20 = moons(20, noise=0.1, seed=0)


def moons_model() -> nn.MLP:
    return nn.MLP(2, [3, 1], activation="tanh", seed=7)


def weights(model: nn.Module) -> list[float]:
    return [p.data for p in model.parameters()]
