"""README's bound on how far an eager and a compiled Adam run can drift apart.

Adam divides a step by √v̂ + ε, so a gradient that is 0 in exact arithmetic and a rounding
error in either run moves a parameter by a step whose sign is the rounding's; with
``weight_decay`` the decay's pull on such a parameter is scaled up to steps of η. The
README states the mechanism and its bound (each step widens the gap by at most 2η), and
that without weight decay the gap stays at rounding size: both checked here on the
README's own example.
"""

from __future__ import annotations

import numpy as np
import pytest

import nn

LR = 0.01


def _weights(compiled: bool, weight_decay: float, epochs: int) -> np.ndarray:
    X, y = nn.data.moons(12, noise=0.1, seed=0)
    model = nn.MLP(2, [3, 1], activation="linear", seed=3)
    opt = nn.Adam(model.parameters(), lr=LR, weight_decay=weight_decay)
    nn.fit(
        model, X, 2 * y - 1, loss="hinge", optimizer=opt, epochs=epochs,
        batch_size=None, shuffle=False, compiled=compiled, progress=False,
    )  # fmt: skip
    return np.array([p.data for p in model.parameters()])


@pytest.mark.parametrize("weight_decay", [0.0, 1e-3])
def test_eager_and_compiled_adam_stay_within_the_readme_bound(weight_decay: float) -> None:
    epochs = 30  # full batch: one step an epoch
    gap = np.abs(_weights(False, weight_decay, epochs) - _weights(True, weight_decay, epochs))
    assert gap.max() <= 2 * LR * epochs
    if weight_decay == 0.0:
        assert gap.max() < 1e-8  # rounding-sized steps only
