"""Argument checks shared by the ``nn`` modules: one rule, one wording of its error.

An optimizer's hyper-parameters and ``fit``'s ``l2`` are the same kind of argument — a
finite real number in a range — and are refused with the same message, naming the
argument and who was given it. Arrays of numbers (a data set, a gradient vector) are
tested for nan and infinity with :func:`all_finite`.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import numpy.typing as npt

__all__ = ["all_finite", "check_number"]


def all_finite(x: npt.NDArray[np.floating]) -> bool:
    """Every entry of the float array ``x`` finite. x·x over its entries is one BLAS call
    without a temporary array (``np.isfinite`` writes a mask as large as x): finite when
    every entry is, as a nan or inf makes it nan or inf. Only when it is not — an entry
    beyond 1.3e154 (float64) or 1.8e19 (float32) overflows the square too — does the
    exact test run. Call it with numpy's overflow warning off."""
    v = x.ravel(order="K")  # a view whenever x's memory is one block, in any order
    return math.isfinite(v @ v) or bool(np.isfinite(v).all())


def check_number(
    x: object, name: str, where: str, low: float = 0.0, high: float | None = None
) -> float:
    """``x`` as a float when it is a finite real in [low, high) (high=None: no upper end),
    else a ValueError naming ``name`` and ``where``.

    A bool is refused although Python counts it as an int: ``lr=True`` is a slip, never a
    learning rate of 1.
    """
    if isinstance(x, bool) or not isinstance(x, numbers.Real) or not math.isfinite(x) or x < low:
        raise ValueError(f"{where}: {name} must be a finite number ≥ {low:g}, got {x!r}")
    value = float(x)
    if high is not None and value >= high:
        raise ValueError(f"{where}: {name} must be < {high:g}, got {x!r}")
    return value
