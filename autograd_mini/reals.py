"""What a real number is, for every reader of one (engine, ``nn``, the checkers).

A real number is a ``numbers.Real`` — an int, a float, a Fraction, numpy's integers and
floats — that is not a bool (``True`` is an int to Python, never a meant 1; numpy's
``np.True_`` likewise) and not numpy's ``timedelta64``: numpy registers that duration
as a ``numbers.Integral`` (it subclasses ``np.signedinteger``), so ``Value(np.timedelta64(5))``
was 5.0 without a word and ``np.timedelta64(5, 's')`` met a bare TypeError from
``float()``. A ``datetime64`` (a date), a complex number (``np.complex128``'s
``float()`` drops the imaginary part with a mere warning), a str, a Decimal and an object
with only ``__float__`` or ``__index__`` are no real numbers here either; a reader that
takes a Decimal (a size or tolerance argument, a cell of nn's data) says so itself.

A 0-d numpy array is its one number: :func:`scalar_of` gives its numpy scalar (``a[()]``, not
``a.item()``, which turns a 0-d timedelta64 into a plain int and a datetime64 into a
date); :func:`as_lists` is an array's ``tolist()`` with a duration's or a date's cells
kept as numpy's (``tolist()`` made them ints or ``datetime`` objects). :func:`not_real_hint`
is what a refusal adds after "got …" for the inputs that look like numbers and are not;
:func:`beyond_a_float` tells a number finite in its own type that ``float()`` makes ±inf
(a numpy longdouble 1e400), and :func:`beyond_words` what every reader says of it;
:func:`described` names a refused argument after "is" ("the boolean np.True_"), and
:func:`boolean_hint` is what follows a boolean's.
"""

from __future__ import annotations

import datetime
import decimal
import math
import numbers
from typing import Any, TypeGuard, cast

import numpy as np

__all__ = [
    "as_lists",
    "beyond_a_float",
    "beyond_words",
    "boolean_hint",
    "described",
    "is_beyond_a_float",
    "is_integer",
    "is_real",
    "is_time",
    "not_real_hint",
    "scalar_of",
]

#: numpy's time types: numbers to numpy's type tree (a timedelta64 is an integer),
#: never to a reader of a real number
_TIMES = (np.timedelta64, np.datetime64)

#: what numpy's or Python's type tree counts as a number and a reader does not: a bool,
#: a duration, a date (one tuple, made once: ``(bool, np.bool_, *_TIMES)`` written in
#: the test built it on every call, and made ``v * np.float64(2.0)`` 20% slower)
_NOT_NUMBERS = (bool, np.bool_, *_TIMES)


def is_real(x: object) -> TypeGuard[numbers.Real]:
    """Whether ``x`` is a real number (the module's docstring says which); a 0-d array is
    not one here: pass it through :func:`scalar_of` first."""
    if type(x) is float or type(x) is int:  # the common cases, without the ABC check
        return True
    if isinstance(x, float):  # np.float64 (a float subclass): ``v * np.float64(2.0)`` was
        return True  # 13% slower than before this module through the ABC and tuple checks
    return isinstance(x, numbers.Real) and not isinstance(x, _NOT_NUMBERS)


def is_integer(x: object) -> TypeGuard[int | np.integer[Any]]:
    """Whether ``x`` is an integer (a ``numbers.Integral``: a Python or numpy int), not a
    bool, not numpy's timedelta64 (an ``np.signedinteger`` to numpy: ``argnums`` or a
    count of ``np.timedelta64(1)`` was read as 1)."""
    if type(x) is int:
        return True
    if isinstance(x, float):  # np.float64 too: no ABC check for the commonest non-integer
        return False  # (a model's input list of np.float64 was read 2.8× slower through it)
    return isinstance(x, numbers.Integral) and not isinstance(x, _NOT_NUMBERS)


def is_time(x: object) -> bool:
    """Whether ``x`` (or the one value a 0-d array holds) is numpy's timedelta64 or
    datetime64: a duration or a date, which numpy's own conversions read as a count."""
    return isinstance(scalar_of(x), _TIMES)


def scalar_of(x: object) -> object:
    """The numpy scalar a 0-d array holds (``np.array(2.0)`` is ``np.float64(2.0)``), else
    ``x`` itself."""
    if isinstance(x, np.ndarray) and x.ndim == 0:
        return x[()]
    return x


def as_lists(a: np.ndarray) -> Any:
    """``a.tolist()`` — Python's numbers in nested lists, a 0-d array's one number — but
    a duration's or a date's cells kept as numpy's timedelta64 and datetime64, for a reader
    to refuse by :func:`is_real`: ``tolist()`` made ``np.timedelta64(5)`` the int 5 (a
    sample, a target or an output taken as 5.0 without a word) and one in seconds a
    ``datetime.timedelta``."""
    if a.dtype.kind not in "mM":
        return a.tolist()
    if a.ndim == 0:
        return a[()]
    return [as_lists(row) for row in a] if a.ndim > 1 else list(a)


def not_real_hint(x: object) -> str:
    """What a refusal of ``x`` adds after naming it, for the inputs that look like a
    number and are not one (a duration, a date, a complex number, a Decimal); "" for
    any other."""
    if isinstance(x, np.timedelta64):
        return (
            ": a numpy timedelta64 is a duration, not a number — pass a float of it in the "
            "unit meant, e.g. td / np.timedelta64(1, 's') for seconds"
        )
    if isinstance(x, np.datetime64):
        return ": a numpy datetime64 is a date, not a number"
    # Python's own, and what numpy hands on for a timedelta64 or datetime64 array's cell
    # where it mixes the array with objects (m8_array @ values is each cell times a
    # Value): "got timedelta (datetime.timedelta(seconds=2))" said nothing more
    if isinstance(x, datetime.timedelta):
        return (
            ": a datetime.timedelta is a duration, not a number — pass a float of it in the "
            "unit meant, e.g. td.total_seconds() for seconds (numpy hands an array of "
            "durations on as these: durations / np.timedelta64(1, 's') is its seconds)"
        )
    if isinstance(x, datetime.date):  # a datetime.datetime too
        return f": a datetime.{type(x).__name__} is a date, not a number"
    if isinstance(x, (complex, np.complexfloating)):
        return (
            ": a complex number is not taken for a real one (float() would drop its "
            "imaginary part) — pass z.real if its imaginary part is meant to be 0"
        )
    if isinstance(x, decimal.Decimal):
        return ": a Decimal is not taken for a float without a word — pass float(d)"
    return ""


def beyond_a_float(x: object, value: float) -> bool:
    """Whether ``x`` is a finite number of a wider type that float() made ±inf (a numpy
    longdouble 1e400, Decimal('1e400')): ``value`` is its float(). Refused as beyond a
    float's range, not as the 'inf' it was not (Decimal('Infinity') is an infinity of its
    own: False). An int beyond a float (10**400) never comes here: its float() is an
    OverflowError. (``abs(x) < inf`` asks it without the warning x − x would raise in
    numpy.)"""
    if value not in (math.inf, -math.inf):
        return False
    try:
        return bool(abs(cast(Any, x)) < math.inf)
    except (TypeError, ArithmeticError):
        return False


def is_beyond_a_float(x: object) -> bool:
    """:func:`beyond_a_float` of ``x`` and its float(), for a reader that has not taken
    the float already; False for anything float() does not read to ±inf."""
    try:
        value = float(cast(Any, x))
    except (TypeError, ValueError, OverflowError):
        return False
    return beyond_a_float(x, value)


def beyond_words(x: object) -> str:
    """What every reader says of ``x``, a number :func:`beyond_a_float` (after naming it
    and its value): it is too large for a float, and finite in its own type. It read
    "got inf" in the checkers and "a constant is inf" in a model's call: the inf was
    float()'s, not the number given."""
    kind = f"numpy's {type(x).__name__}" if isinstance(x, np.generic) else f"a {type(x).__name__}"
    return f"beyond a float (±1.8e308; finite as {kind}, inf as a float)"


def _boolean(x: object) -> bool | np.bool_ | None:
    """``x``'s boolean, where it is one (a 0-d array of one too), else None."""
    flag = scalar_of(x)
    return flag if isinstance(flag, (bool, np.bool_)) else None


def described(x: object) -> str:
    """``x`` as a refusal names it after "is": a boolean (a 0-d array of one too) as
    "the boolean np.True_" — numpy names np.bool_ "bool", and "bool (np.True_)" read as
    a type and a note — anything else by its type and its repr, cut to 60 characters
    with "…" (cut without it, ``str ('aaa…'`` read as the whole repr, its quote open)."""
    flag = _boolean(x)
    if flag is not None:
        return f"the boolean {flag!r}"
    r = repr(x)
    return f"{type(x).__name__} ({r if len(r) <= 60 else r[:59] + '…'})"


def boolean_hint(x: object) -> str:
    """What a refusal adds after naming ``x`` where it is a boolean given for a number
    (True is a slip, never a meant 1): "" for anything else."""
    return " — a boolean is no number here: pass 1.0 or 0.0" if _boolean(x) is not None else ""
