"""What ``trace`` takes as numbers: the example inputs, the batches, ``param_values``.

The rules are the function transforms' (:func:`~autograd_mini.arguments.tangent_number`):
a real number, not a bool, text or a complex number; a 0-d numpy array is its one
number; an integer no float holds (2**53 + 1) is refused, named by its place
(:func:`~autograd_mini.value.whole_float`), not rounded to 9007199254740992.0 without a
word. A float array, the replay's every call, is taken as it is: no test is added to it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from autograd_mini.backward import RUNNING
from autograd_mini.finite import FLOAT_EXACT, first_unheld_int, refuse_masked
from autograd_mini.holders import holder_hint
from autograd_mini.reals import is_real, not_real_hint, scalar_of
from autograd_mini.value import Value, whole_float

__all__ = ["example_numbers", "real_array"]

Array = npt.NDArray[np.float64]


#: Why a Value is no number here: hessian(lambda x: traced.forward([[x]])[0]) said only
#: "batch 0 row 0 column 0 is Value(...), expected a real number".
_VALUE_HINT = (
    " — a replay computes on numpy floats and hands no derivative to an outer grad, jvp "
    "or hessian: inside those, call the traced function itself"
)
_EXAMPLE_VALUE_HINT = " — trace makes the input Values itself from numbers: pass v.data"
#: Outside any transform (set_param_values(model.parameters()), a batch of Values) the
#: replay wants their numbers: the hint above named an outer grad there was none of.
_NUMBERS_HINT = " — a replay computes on numpy floats: pass the numbers, v.data"


def _number(v: object, what: str, example: bool = False) -> float:
    """``v`` as a float (maybe not finite), if a float holds it: a TypeError or
    ValueError naming ``what`` otherwise (a Value: why it is no number there, for an
    ``example`` input, or a batch's or a parameter's cell, where a transform runs, that
    a replay gives it no derivative)."""
    v = scalar_of(v)  # np.array(2.0), as grad and jvp take it
    if not is_real(v):
        hint = not_real_hint(v) or holder_hint(v, several=False)
        if isinstance(v, Value):
            hint = (
                _EXAMPLE_VALUE_HINT if example else _VALUE_HINT if RUNNING.get() else _NUMBERS_HINT
            )
        raise TypeError(f"trace: {what} is {v!r:.60}, expected a real number{hint}")
    try:
        f = float(v)
    except OverflowError:
        raise ValueError(f"trace: {what} is an integer too large for a float") from None
    whole_float(v, f, "trace", what)
    return f


def example_numbers(x: object, i: int) -> list[float]:
    """Example input ``i`` as floats: a sequence of finite real numbers."""
    if isinstance(x, (str, bytes)) or not isinstance(x, (Sequence, np.ndarray)):
        raise TypeError(
            f"trace: example input {i} must be a sequence of numbers, got {type(x).__name__}"
        )
    out = []
    for j, v in enumerate(x):
        f = _number(v, f"example input {i}[{j}]", example=True)
        if not math.isfinite(f):
            raise ValueError(f"trace: example input {i}[{j}] is {f!r}, expected a finite number")
        out.append(f)
    return out


def _cell(what: str, index: tuple[int, ...]) -> str:
    """A cell's place: ``batch 0 row 2 column 1`` (as a non-finite one is named),
    ``param_values[3]``."""
    if len(index) == 2:
        return f"{what} row {index[0]} column {index[1]}"
    if len(index) == 1:
        return f"{what}[{index[0]}]"
    return f"{what} at index {index}"


def _cells(raw: npt.NDArray[np.object_], what: str) -> Array:
    """An array of Python objects as floats, cell by cell (:func:`_number`)."""
    out = np.empty(raw.shape, np.float64)
    for index, v in np.ndenumerate(raw):
        out[index] = _number(v, _cell(what, tuple(int(k) for k in index)))
    return out


def real_array(values: object, what: str) -> Array:
    """``values`` as a float64 array, if they are real numbers a float holds: floats or
    integers. numpy would also turn complex numbers (dropping the imaginary part with
    only a warning), text such as "1.5" and booleans into floats; those are refused, as
    in examples. An integer array is tested once for a number beyond ±2⁵³ (its max and
    min); an array of Python objects (an int beyond int64's range makes one) cell by cell,
    and so is a list that numpy made floats of if one is beyond ±2⁵³ (its ints were
    rounded with its floats)."""
    refuse_masked(values, f"trace: {what}")
    raw = np.asarray(values)
    kind = raw.dtype.kind
    if kind == "f":
        if not isinstance(values, np.ndarray) and np.abs(raw).max(initial=0.0) >= FLOAT_EXACT:
            # a list whose floats made numpy round its ints: [[2.0], [2**53 + 1]]
            _cells(np.asarray(values, dtype=object), what)
        return raw.astype(np.float64, copy=False)
    if kind in "iu":
        index = first_unheld_int(raw)
        if index is not None:
            n = raw[index]
            whole_float(n, float(n), "trace", _cell(what, index))
        return raw.astype(np.float64)
    if kind == "O":
        return _cells(raw, what)
    described = "booleans" if kind == "b" else f"{raw.dtype} entries"
    raise TypeError(f"trace: {what} holds {described}, expected real numbers (floats or ints)")
