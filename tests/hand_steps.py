"""The optimisers' update written by hand, numpy only: the oracle that tests/test_optim.py
and tests/test_optim_mutation.py compare nn.SGD (with and without momentum) and nn.Adam
with. It was written out twice, in each file; one copy keeps the two oracles one rule."""

from __future__ import annotations

import numpy as np

#: the step sizes the tests give: nn.SGD(lr=0.3, momentum=0.9), nn.Adam(lr=0.05)
SGD_LR, MOMENTUM, ADAM_LR = 0.3, 0.9, 0.05


class HandRule:
    """One optimiser's rule over a vector of numbers: ``kind`` is "sgd", "momentum"
    (PyTorch's velocity, v ← μv + g, t ← t − lr·v) or "adam" (β = 0.9, 0.999, ε = 1e-8,
    bias-corrected); its state (``vel``, ``m``, ``v``) is kept for the tests to compare."""

    def __init__(self, kind: str, n: int) -> None:
        if kind not in ("sgd", "momentum", "adam"):
            raise ValueError(f"no hand rule named {kind!r}")
        self.kind = kind
        self.vel, self.m, self.v = np.zeros(n), np.zeros(n), np.zeros(n)
        self.k = 0  # steps taken

    def step(self, t: np.ndarray, g: np.ndarray) -> np.ndarray:
        """The numbers ``t`` after one step down the gradient ``g``."""
        self.k += 1
        if self.kind == "sgd":
            return t - SGD_LR * g
        if self.kind == "momentum":
            self.vel = MOMENTUM * self.vel + g
            return t - SGD_LR * self.vel
        self.m = 0.9 * self.m + 0.1 * g
        self.v = 0.999 * self.v + 0.001 * g * g
        m_hat = self.m / (1 - 0.9**self.k)
        v_hat = self.v / (1 - 0.999**self.k)
        return t - ADAM_LR * m_hat / (np.sqrt(v_hat) + 1e-8)
