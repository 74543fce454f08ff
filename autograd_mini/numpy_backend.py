"""The op table's elementary functions on numpy arrays: one call handles a whole batch.

The rules in :mod:`autograd_mini.ops` are written against a backend ``m``. Handing them
this backend instead of the float one evaluates the very same formula — tanh's
``4σ′(2a)``, σ′'s ``−y·tanh(a/2)`` — on arrays, element by element. That is what
lets :mod:`autograd_mini.trace` replay a recorded scalar graph on a batch without a
second copy of any derivative.

The functions named after ops come from each row's ``Kernels.array``; only the rule
helpers that are not ops are written here. Every function matches its float twin in
:class:`~autograd_mini.ops.FloatBackend` element by element, including the conventions
at the kinks (``relu(0) = 0``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograd_mini.ops import (
    _NORMAL,
    Backend,
    Op,
    _sigmoid_quiet,
    _sigmoid_slope_quiet,
    exponent_rounds,
    flips_sign,
    slope_overflows_only_inside,
)

__all__ = ["NUMPY", "QUIET_NUMPY", "NumpyBackend", "QuietNumpyBackend"]


def _pow_exponent_slope_quiet(a: Any, b: Any, y: Any) -> Any:
    """pow's ∂y/∂b = y·ln a, 0 where y = 0 and a ≥ 0 (as the float rule): −inf·y at
    a = 0, nan for a < 0 (y = 0 included: ln a is nan there, and so is 0·nan). ``b`` is
    not needed (y = aᵇ holds it)."""
    zero = np.logical_and(np.equal(y, 0.0), np.logical_not(np.less(a, 0.0)))  # as `not a < 0`
    return np.where(zero, 0.0, np.multiply(y, np.log(a)))


def _pow_exponent_slope(a: Any, b: Any, y: Any) -> Any:
    with np.errstate(divide="ignore", invalid="ignore"):
        return _pow_exponent_slope_quiet(a, b, y)


def _pow_slope_quiet(a: Any, b: Any, y: Any = None) -> Any:
    """b·aᵇ⁻¹, 0 where b = 0 (as the float rule): ±inf at the pole a = 0, b < 1; a float
    where only aᵇ⁻¹ overflows (:func:`~autograd_mini.ops.slope_overflows_only_inside`).
    Given y = aᵇ, b·y/a wherever y and a are normal floats and b − 1.0 is rounded, as
    the float rule."""
    slope = _pow_slope_formula(a, b)
    if y is None:
        return slope
    quick = np.multiply(b, np.divide(y, a))
    finite = np.abs(quick) < np.inf
    use = (np.abs(y) >= _NORMAL) & (np.abs(y) < np.inf) & (np.abs(a) >= _NORMAL)
    use &= finite & np.not_equal(quick, 0.0) & np.not_equal(b, 0.0) & exponent_rounds(b)
    return np.where(use, quick, slope)


def _pow_slope_formula(a: Any, b: Any) -> Any:
    """b·a^(b − 1.0), the slope without y."""
    if type(b) is float:  # a constant exponent (pow's ∂/∂a of x ** 2): no mask
        if b == 0.0:
            return 0.0
        slope = np.multiply(b, np.power(a, b - 1.0))
        if -1.0 < b < 1.0:
            slope = _inside(a, b, slope)
        if b - (b - 1.0) == 1.0:  # b − 1 is exact (every b but the largest even ones)
            return slope
    else:
        slope = np.where(np.equal(b, 0.0), 0.0, np.multiply(b, np.power(a, b - 1.0)))
        slope = _inside(a, b, slope)
    return np.where(flips_sign(a, b), -slope, slope)


def _inside(a: Any, b: Any, slope: Any) -> Any:
    """``slope`` with (b·h)·h, h = a^((b − 1)/2), where b·aᵇ⁻¹ overflowed only inside:
    one test of the whole array when nothing did (the usual case)."""
    over = np.isinf(slope)
    if not over.any():
        return slope
    h = np.power(a, np.divide(np.subtract(b, 1.0), 2.0))
    return np.where(over & slope_overflows_only_inside(a, b), np.multiply(b, h) * h, slope)


def _pow_slope(a: Any, b: Any, y: Any = None) -> Any:
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return _pow_slope_quiet(a, b, y)


def _sigmoid_gap_quiet(a: Any, b: Any) -> Any:
    """σ(a − b), sigmoid's own array kernel; where a − b overflows to ±inf, 1.0 or 0.0."""
    return _sigmoid_quiet(np.subtract(a, b))


def _sigmoid_gap(a: Any, b: Any) -> Any:
    with np.errstate(over="ignore"):
        return _sigmoid_gap_quiet(a, b)


def _sigmoid_slope_scaled_quiet(k: float, a: Any) -> Any:
    """σ′(k·a), the σ′ op's own array kernel; where k·a overflows to ±inf, 0.0."""
    return _sigmoid_slope_quiet(np.multiply(k, a))


def _sigmoid_slope_scaled(k: float, a: Any) -> Any:
    with np.errstate(over="ignore"):
        return _sigmoid_slope_scaled_quiet(k, a)


class NumpyBackend(Backend):
    """Elementary functions on numpy arrays (and numpy scalars), element by element."""

    pow_exponent_slope = staticmethod(_pow_exponent_slope)
    pow_slope = staticmethod(_pow_slope)
    sigmoid_gap = staticmethod(_sigmoid_gap)
    sigmoid_slope_scaled = staticmethod(_sigmoid_slope_scaled)

    @classmethod
    def kernel(cls, op: Op) -> Callable[..., Any] | None:
        return None if op.kernels is None else op.kernels.array


class QuietNumpyBackend(NumpyBackend):
    """The same functions without the ``np.errstate`` some of them set: each such
    function is written as its formula (``_quiet``) and a wrapper that silences the
    warning; this backend takes the formula (an op's :attr:`Kernels.quiet`).

    For a caller that has turned numpy's warnings off already and checks every result
    for nan and infinity itself: the trace's replay runs each batch inside one
    ``errstate(all="ignore")``. Entering an errstate costs 1–2 µs, and a batch of a
    sigmoid network calls σ and σ′ six times; the numbers are the same."""

    pow_exponent_slope = staticmethod(_pow_exponent_slope_quiet)
    pow_slope = staticmethod(_pow_slope_quiet)
    sigmoid_gap = staticmethod(_sigmoid_gap_quiet)
    sigmoid_slope_scaled = staticmethod(_sigmoid_slope_scaled_quiet)

    @classmethod
    def kernel(cls, op: Op) -> Callable[..., Any] | None:
        if op.kernels is None:
            return None
        return op.kernels.quiet or op.kernels.array


NUMPY = NumpyBackend()
#: Only inside ``np.errstate(all="ignore")``, with every result checked (see the class).
QUIET_NUMPY = QuietNumpyBackend()
