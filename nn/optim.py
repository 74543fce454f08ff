"""Optimizers: turn the gradients left by ``backward()`` into parameter updates.

Updates are plain float arithmetic on ``p.data`` — no graph is built, so an update
costs a few multiplications per parameter. The learning rate η may be a number or a
schedule: a function of the step number k = 0, 1, 2, … (micrograd's demo decays it as
η_k = 1.0 − 0.9·k/100, which is ``linear_decay(1.0, 0.1, 100)``).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable

from autograd_mini import Value

__all__ = ["SGD", "Adam", "Optimizer", "Schedule", "linear_decay"]

Schedule = Callable[[int], float]


def linear_decay(start: float, end: float, steps: int) -> Schedule:
    """η_k = start − (start − end)·k/steps: from ``start`` at k = 0 to ``end`` at k = steps.

    Kept at ``end`` after that. ``linear_decay(1.0, 0.1, 100)`` is micrograd's schedule.
    """
    if steps < 1:
        raise ValueError(f"linear_decay: steps must be ≥ 1, got {steps!r}")

    def schedule(k: int) -> float:
        return start - (start - end) * min(k, steps) / steps

    return schedule


def _check_number(x: object, name: str, where: str, low: float = 0.0) -> float:
    if isinstance(x, bool) or not isinstance(x, numbers.Real) or not math.isfinite(x) or x < low:
        raise ValueError(f"{where}: {name} must be a finite number ≥ {low}, got {x!r}")
    return float(x)


class Optimizer:
    """Holds the parameters, the step counter k and the learning-rate rule."""

    def __init__(self, params: Iterable[Value], lr: float | Schedule) -> None:
        where = type(self).__name__
        self.params = list(params)
        if not self.params:
            raise ValueError(f"{where}: got no parameters to optimise")
        bad = [p for p in self.params if not isinstance(p, Value)]
        if bad:
            raise ValueError(f"{where}: parameters must be Values, got {type(bad[0]).__name__}")
        if not callable(lr):
            _check_number(lr, "lr", where)
        self.lr = lr
        self.steps = 0

    @property
    def current_lr(self) -> float:
        """η for the next step: ``lr`` itself, or ``lr(k)`` for a schedule."""
        if callable(self.lr):
            return _check_number(self.lr(self.steps), f"lr({self.steps})", type(self).__name__)
        return float(self.lr)

    def zero_grad(self) -> None:
        """Set every parameter's ``grad`` to 0.0 (gradients accumulate across backward calls)."""
        for p in self.params:
            p.grad = 0.0

    def step(self) -> None:
        """Apply one update with the current gradients, then advance k."""
        self._update(self.current_lr)
        self.steps += 1

    def _update(self, lr: float) -> None:
        raise NotImplementedError


class SGD(Optimizer):
    """Gradient descent: W ← W − η·(∂C/∂W + λ·W), optionally with momentum μ.

    With momentum a velocity v ← μ·v + g accumulates past gradients and W ← W − η·v.
    ``weight_decay`` λ adds the gradient of the L2 term λ/2·ΣW² to every parameter it
    is given (pass ``model.weights()`` to leave biases alone, as the seeds do).
    """

    def __init__(
        self,
        params: Iterable[Value],
        lr: float | Schedule = 0.1,
        momentum: float = 0.0,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr)
        self.momentum = _check_number(momentum, "momentum", "SGD")
        if self.momentum >= 1.0:
            raise ValueError(f"SGD: momentum must be < 1, got {momentum!r}")
        self.weight_decay = _check_number(weight_decay, "weight_decay", "SGD")
        self.velocity = [0.0] * len(self.params)

    def _update(self, lr: float) -> None:
        mu, wd = self.momentum, self.weight_decay
        if mu == 0.0 and wd == 0.0:
            for p in self.params:
                p.data -= lr * p.grad
            return
        v = self.velocity
        for i, p in enumerate(self.params):
            g = p.grad + wd * p.data
            v[i] = mu * v[i] + g
            p.data -= lr * v[i]


class Adam(Optimizer):
    """Adam: per-parameter steps scaled by running gradient moments.

    m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  m̂ = m/(1−β₁ᵗ),  v̂ = v/(1−β₂ᵗ),
    W ← W − η·m̂/(√v̂ + ε). Dividing by √v̂ makes the step size nearly independent of the
    gradient's scale, which is why Adam needs little tuning of η.
    """

    def __init__(
        self,
        params: Iterable[Value],
        lr: float | Schedule = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr)
        b1, b2 = betas
        for name, b in (("beta1", b1), ("beta2", b2)):
            _check_number(b, name, "Adam")
            if b >= 1.0:
                raise ValueError(f"Adam: {name} must be < 1, got {b!r}")
        self.betas = (float(b1), float(b2))
        self.eps = _check_number(eps, "eps", "Adam")
        self.weight_decay = _check_number(weight_decay, "weight_decay", "Adam")
        self.m = [0.0] * len(self.params)
        self.v = [0.0] * len(self.params)

    def _update(self, lr: float) -> None:
        b1, b2 = self.betas
        t = self.steps + 1
        c1 = 1.0 - b1**t
        c2 = 1.0 - b2**t
        m, v, eps, wd = self.m, self.v, self.eps, self.weight_decay
        for i, p in enumerate(self.params):
            g = p.grad + wd * p.data
            m[i] = b1 * m[i] + (1.0 - b1) * g
            v[i] = b2 * v[i] + (1.0 - b2) * g * g
            p.data -= lr * (m[i] / c1) / (math.sqrt(v[i] / c2) + eps)
