"""The op table's elementary functions on numpy arrays: one call handles a whole batch.

The rules in :mod:`autograd_mini.ops` are written against a backend ``m``. Handing them
this backend instead of the float one evaluates the very same formula — tanh's
``4σ(2a)σ(−2a)``, sigmoid's ``σ(a)σ(−a)`` — on arrays, element by element. That is what
lets :mod:`autograd_mini.trace` replay a recorded scalar graph on a batch without a
second copy of any derivative.

Every function matches its float twin in :class:`~autograd_mini.ops.FloatBackend`
element by element, including the conventions at the kinks (``step(0) = 0``,
``sign(0) = 0``) and the overflow-free sigmoid.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd_mini.ops import Backend

__all__ = ["NUMPY", "NumpyBackend"]


def _sigmoid(x: Any) -> Any:
    """σ(x) = 1/(1+e⁻ˣ) for x ≥ 0 and eˣ/(1+eˣ) below: e^(−|x|) never overflows."""
    e = np.exp(-np.abs(x))
    d = 1.0 + e
    return np.where(np.greater_equal(x, 0.0), 1.0 / d, e / d)


def _softplus(x: Any) -> Any:
    """log(1 + eˣ) as logaddexp(0, x): no overflow for large x, no log(0) for small."""
    return np.logaddexp(0.0, x)


def _relu(x: Any) -> Any:
    """max(x, 0), with 0.0 (not −0.0 or x) wherever x ≤ 0, as the float rule gives."""
    return np.where(np.greater(x, 0.0), x, 0.0)


def _step(x: Any) -> Any:
    """1.0 where x > 0 else 0.0 (a constant: the derivative of relu)."""
    return np.greater(x, 0.0).astype(np.float64)


def _leaky_relu(x: Any, s: Any) -> Any:
    """x where x > 0 else s·x."""
    return np.where(np.greater(x, 0.0), x, np.multiply(s, x))


def _xlogy(x: Any, a: Any) -> Any:
    """x·ln a, 0 where x = 0 (as the float rule): −inf·x at a = 0, nan for a < 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.equal(x, 0.0), 0.0, np.multiply(x, np.log(a)))


def _xpowy(x: Any, a: Any, e: Any) -> Any:
    """x·aᵉ, 0 where x = 0 (as the float rule): ±inf at the pole a = 0, e < 0."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.where(np.equal(x, 0.0), 0.0, np.multiply(x, np.power(a, e)))


class NumpyBackend(Backend):
    """Elementary functions on numpy arrays (and numpy scalars), element by element."""

    exp = staticmethod(np.exp)
    log = staticmethod(np.log)
    sqrt = staticmethod(np.sqrt)
    sin = staticmethod(np.sin)
    cos = staticmethod(np.cos)
    tanh = staticmethod(np.tanh)
    sigmoid = staticmethod(_sigmoid)
    softplus = staticmethod(_softplus)
    relu = staticmethod(_relu)
    abs = staticmethod(np.abs)
    pow = staticmethod(np.power)
    leaky_relu = staticmethod(_leaky_relu)
    step = staticmethod(_step)
    sign = staticmethod(np.sign)
    xlogy = staticmethod(_xlogy)
    xpowy = staticmethod(_xpowy)


NUMPY = NumpyBackend()
