"""Whether a numpy array holds only finite numbers, in one pass without a temporary, and
whether all its numbers are there (not hidden behind a mask); and a sum of floats whose
running float sum passed ±1.8e308 on the way, redone exactly (:func:`exact_sum`).

The replay checks every batch's outputs and gradient, and the optimizers every step's
gradient and new parameters: on a network of 13,002 parameters that test runs a few
thousand times an epoch, so it is written to be as cheap as numpy allows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "FLOAT_EXACT",
    "all_finite",
    "all_finite_each",
    "exact_sum",
    "first_unheld_int",
    "held",
    "refuse_masked",
    "rounded",
]

#: Every integer up to this size is a float exactly (2⁵³); beyond, only some are.
FLOAT_EXACT = 2**53


def refuse_masked(x: object, where: str) -> None:
    """A ValueError when ``x`` is a numpy masked array with an entry masked.

    ``np.asarray`` (and every computation that is not ``np.ma``'s own) reads the numbers
    under the mask as if they were data: a sample whose missing feature was masked
    trained with whatever number sat there, and ``.tolist()`` made it None. A masked
    array with nothing masked is its numbers, and is taken. A list or tuple is looked
    into one level: rows of a data set given as a list of masked arrays.
    """
    if isinstance(x, (list, tuple)):
        for i, row in enumerate(x):
            if isinstance(row, np.ma.MaskedArray):  # np.ma.masked is one too
                refuse_masked(row, f"{where}[{i}]")
        return
    if x is np.ma.masked:  # numpy's masked constant: one missing number, in a list
        raise ValueError(
            f"{where} is numpy's masked constant (np.ma.masked), a missing number: numpy "
            f"would compute with 0.0 or nan in its place. Fill it or drop that sample first"
        )
    if isinstance(x, np.ma.MaskedArray):
        hidden = np.ma.getmaskarray(x)
        if hidden.any():
            count = int(hidden.sum())
            at = ", ".join(str(int(i)) for i in np.argwhere(hidden)[0])
            raise ValueError(
                f"{where} is a numpy masked array with {count} masked "
                f"entr{'y' if count == 1 else 'ies'} (the first at [{at}]): numpy would "
                f"compute with the numbers under the mask. Fill them (x.filled(value)) or "
                f"drop those samples first"
            )


def all_finite(x: npt.NDArray[np.floating]) -> bool:
    """Every entry of the float array ``x`` finite. x·x over its entries (``np.vdot``:
    one BLAS call, and no temporary array when x's memory is one block; ``np.isfinite``
    writes a mask as large as x) is finite when every entry is, as a nan or inf makes it
    nan or inf. Only when it is not — an entry beyond 1.3e154 (float64) or 1.8e19
    (float32) overflows the square too — does the exact test run. Call it with numpy's
    overflow warning off. A subclass of ndarray is read as its numbers: ``np.vdot`` of an
    ``np.matrix`` is a 1×1 matrix, which is no number."""
    if type(x) is not np.ndarray:
        x = np.asarray(x)
    return math.isfinite(np.vdot(x, x)) or bool(np.isfinite(x).all())


def all_finite_each(xs: Sequence[npt.NDArray[np.floating]]) -> bool:
    """:func:`all_finite` of every array in ``xs``, with one finiteness test of the
    summed squares for all of them (the replay checks a few small arrays a batch)."""
    xs = [x if type(x) is np.ndarray else np.asarray(x) for x in xs]
    return math.isfinite(sum(map(np.vdot, xs, xs))) or all(bool(np.isfinite(x).all()) for x in xs)


def first_unheld_int(raw: npt.NDArray[Any]) -> tuple[int, ...] | None:
    """The index of the first cell of an integer array that no float holds (2**53 + 1
    would be rounded), or None — for an array of any other dtype too. The usual data set
    costs one look at its max and min; only an array beyond ±2⁵³ gets a second pass: an
    integer m·2ᵏ (m odd) is a float exactly when |m| < 2⁵³, asked of the magnitudes (as
    uint64, so that −2⁶³ has one). Integers of 32 bits or fewer are all floats."""
    if raw.dtype.kind not in "iu" or raw.dtype.itemsize < 8 or raw.size == 0:
        return None
    if raw.max() <= FLOAT_EXACT and raw.min() >= -FLOAT_EXACT:
        return None
    u = raw.astype(np.uint64)  # a negative one: 2⁶⁴ − |n|, so ~u + 1 is |n|
    mag = np.where(raw < 0, ~u + np.uint64(1), u) if raw.dtype.kind == "i" else u
    low = mag & (~mag + np.uint64(1))  # the lowest bit set (0 for a 0)
    odd = mag // np.maximum(low, np.uint64(1))
    bad = odd >= np.uint64(FLOAT_EXACT)
    if not bad.any():
        return None
    return tuple(int(k) for k in np.unravel_index(int(np.argmax(bad)), raw.shape))


def exact_sum(numbers: Iterable[float], products: Iterable[tuple[float, float]] = ()) -> float:
    """Σ numbers + Σ a·b of finite floats computed exactly and rounded once, ±inf where
    that is beyond a float. A partial sum can overflow where the result does not —
    1e308 + 1e308 − 1e308 is 1e308 — so every sum whose float running sum is not finite
    is redone here before it is refused: vsum's and dot's number, and the accumulations
    of gradients and tangents (backward, gradients, forward mode). A product that
    overflows alone (1e200·1e200 − 1e200·1e200 = 0) is exact here too. (math.fsum raises
    'intermediate overflow' on 1e308 + 1e308 − 1e308.) Each float is an integer times a
    power of two, so the sum is one integer over a common power of two: shifts and
    integer additions, 4–10× faster than adding Fractions (each reduced by a gcd), and
    rounded once by Fraction's exact division. Only the overflow paths call it: the
    float sums stay as they are while they are finite."""
    terms = [_scaled(x) for x in numbers]
    for a, b in products:
        (ma, ea), (mb, eb) = _scaled(a), _scaled(b)
        terms.append((ma * mb, ea + eb))
    if not terms:
        return 0.0
    low = min(e for _, e in terms)
    total = sum(m << (e - low) for m, e in terms)
    return rounded(Fraction(total, 1 << -low) if low < 0 else Fraction(total << low))


def rounded(exact: Fraction) -> float:
    """The float nearest ``exact`` (rounded once), ±inf where that is beyond a float."""
    try:
        return float(exact)
    except OverflowError:
        return math.inf if exact > 0 else -math.inf


def held(exact: float | Fraction) -> float | Fraction:
    """The float nearest ``exact``, or ``exact`` itself where no float holds it: beyond
    ±1.8e308, or rounded to 0 though it is not (a float: itself). What a picture shows
    of a number it computed exactly (a folded derivative, a step's term)."""
    if not isinstance(exact, Fraction):
        return exact
    near = rounded(exact)
    return near if near - near == 0.0 and (near != 0.0 or exact == 0) else exact


def _scaled(x: float) -> tuple[int, int]:
    """``x`` as (m, e) with x = m·2ᵉ exactly, m an int of at most 53 bits."""
    mantissa, exponent = math.frexp(x)
    return int(mantissa * 2**53), exponent - 53
