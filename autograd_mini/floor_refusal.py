"""Why a Value refuses ``//``, ``%``, ``divmod``, ``np.fmod`` and ``pow(a, b, m)``, and
what to write instead.

The engine has no floor-division or remainder op, on purpose: ⌊a/b⌋ is flat between its
jumps (its derivative is 0 wherever it has one: no gradient would flow through it), and
a % b = a − b·⌊a/b⌋ jumps at every multiple of b. Python's own refusal named no reason
("unsupported operand type(s) for //"), so each of these is refused here with the why
and the code to write — the number's ``.data`` for the number, and for ``%`` the Value
a − b·⌊a/b⌋ with ⌊a/b⌋ a constant, whose derivative is PyTorch's remainder's.

A refusal whose advice would fail too (a divisor of 0, a number past a float) runs the
numbers' own expression, under the caller's np.errstate, to say what it does.

Its own module: about 300 lines of words that run only when a Value is refused, kept out
of :mod:`autograd_mini.value`, the engine. This module imports value.py, and value.py
imports it inside one function, ``_no_floor``, which the Value's methods (``__floordiv__``,
``__mod__``, ``__divmod__`` and their reflections, ``fmod``, ``__pow__``'s modulo) call
only to refuse — as ``Value.clip`` imports :mod:`autograd_mini.ufuncs`: no operator that
computes pays for it. :mod:`autograd_mini.ufuncs` refuses ``np.fmod`` and ``np.divmod``
with it.
"""

from __future__ import annotations

import contextlib
import math
import operator
from collections.abc import Callable, Sequence
from typing import Literal, NoReturn, cast

import numpy as np

from autograd_mini.value import Value, _code_name, as_real, integer_size

__all__ = ["no_floor"]


#: Why a Value has no ``//``, ``%`` or ``divmod`` (:func:`no_floor`): the engine has no
#: op for either — each said Python's bare "unsupported operand type(s) for //".
_FLAT = (
    "⌊a/b⌋ is flat between its jumps, so its derivative is 0 wherever it has one and no "
    "gradient would flow through it (PyTorch's floor_divide has no derivative either)"
)
_JUMPS = "a % b = a − b·⌊a/b⌋ jumps at every multiple of b"
_TRUNCATED = "fmod(a, b) = a − b·trunc(a/b) jumps at every multiple of b"


def _code_shown(x: object) -> str:
    """A number as the refusal's advice writes it: its repr, or, when longer than 40
    characters, cut with "…" — a cut without it (``Fraction(1000…0001``) read as code to
    type, its bracket open."""
    r = repr(x)
    return r if len(r) <= 40 else r[:39] + "…"


def no_floor(symbol: str, a: object, b: object, modulo: object = None) -> NoReturn:
    """The refusal of ``a // b``, ``a % b``, ``divmod(a, b)``, ``np.fmod(a, b)`` or
    ``pow(a, b, modulo)`` (``symbol``: "//", "%", "divmod", "fmod" or "pow"), one or both
    a Value: the engine has no
    floor-division or remainder op, and says why and what to write — the number's
    ``.data`` for the number, and for ``%`` the Value a − b·⌊a/b⌋ with ⌊a/b⌋ a constant,
    whose derivative (1 in a, −⌊a/b⌋ in b) is PyTorch's remainder's. A Value is named by
    its label, else v (w for a second one). An operand that is no real number (a Decimal,
    None, a str, a boolean) is refused first, as ``v * x`` refuses it: the advice built on
    it (``v.data // Decimal('2')``) would fail or be the slip itself. (An array, numpy's
    np.divmod's, is left as it is: Python's divmod of the number takes it.) pow's modulo
    is one of the operands so (a Value as modulo is named, its number written .data).
    A real number past a float (``2**1100``) is refused as the operator, as ``v // 2`` is,
    not as "int too large for a float" first; the advice for the number, which would fail
    too (Python's OverflowError, a float and that number; numpy's np.fmod of a Fraction
    an AttributeError), says what it raises instead, run to learn it."""
    operands: tuple[object, ...] = (a, b, modulo) if symbol == "pow" else (a, b)
    # a 0-d array is its one cell, as elsewhere (v // np.asarray(w) was advised
    # "v.data // array(Value(data=2.0, …", cut)
    operands = tuple(x[()] if isinstance(x, np.ndarray) and x.ndim == 0 else x for x in operands)
    for x in operands:
        if not isinstance(x, (Value, np.ndarray)):
            # a number no float holds passes: the refusal is of the operator, whatever
            # the number (v // (2**53 + 1) was told of the rounding, and v // 2**1100
            # "//: int too large for a float", before either was told a Value has no //)
            with contextlib.suppress(OverflowError):
                as_real(x, symbol, exact=False)
    labels = [x.label if isinstance(x, Value) and _code_name(x.label) else "" for x in operands]
    names = iter(n for n in ("v", "w", "u") if n not in labels)
    shown = [
        (label or next(names)) if isinstance(x, Value) else _code_shown(x)
        for x, label in zip(operands, labels, strict=True)
    ]
    number = [
        f"{n}.data" if isinstance(x, Value) else n for x, n in zip(operands, shown, strict=True)
    ]
    written = f"{shown[0]} {symbol} {shown[1]}"
    rewrite = ""  # the Value with the remainder's derivative (PyTorch's), where there is one
    if symbol == "divmod":
        refused = (
            f"divmod({shown[0]}, {shown[1]}): a Value has no divmod (floor division and "
            f"remainder): the engine has no op for either — {_FLAT}, and {_JUMPS}"
        )
        numbers = f"divmod({number[0]}, {number[1]})"
    elif symbol == "fmod":  # np.fmod(a, b): C's remainder, of the quotient truncated
        refused = (
            f"np.fmod({shown[0]}, {shown[1]}): a Value has no fmod (the remainder of the "
            f"quotient truncated toward 0): the engine has no remainder op — {_TRUNCATED}"
        )
        numbers = f"np.fmod({number[0]}, {number[1]})"
        rewrite = (
            f"{shown[0]} - {shown[1]} * np.trunc({number[0]} / {number[1]}) (trunc(a/b) a "
            f"constant there: a trace would keep the example's)"
        )
    elif symbol == "pow":  # pow(a, b, modulo): Python's modular power, (a ** b) % modulo
        refused = (
            f"pow({shown[0]}, {shown[1]}, {shown[2]}): a Value has no power taken modulo "
            f"a number (pow's third argument is a remainder, %): the engine has no remainder "
            f"op — {_JUMPS}"
        )
        numbers = f"({number[0]} ** {number[1]}) % {number[2]}"
    elif symbol == "//":
        refused = (
            f"{written}: a Value has no // (floor division): the engine has no floor-division "
            f"op — {_FLAT}"
        )
        numbers = f"{number[0]} // {number[1]}"
    else:
        refused = (
            f"{written}: a Value has no % (remainder): the engine has no remainder op — {_JUMPS}"
        )
        numbers = f"{number[0]} % {number[1]}"
        rewrite = (
            f"{shown[0]} - {shown[1]} * ({number[0]} // {number[1]}) (⌊a/b⌋ a constant there: "
            f"a trace would keep the example's)"
        )
    huge = next((i for i, x in enumerate(operands) if _past_a_float(x)), None)
    if huge is not None:
        # the advice's numbers met Python's OverflowError too (v.data // 2**1100): a float
        # and a number float() cannot make
        # (numpy's np.fmod of a Fraction raises AttributeError, its loop for objects
        # calling a method fmod: each told as its expression does, asked of it)
        x = operands[huge]
        size = integer_size(x) if isinstance(x, int) else f"a {type(x).__name__}"
        whose_numbers = "numpy's" if symbol == "fmod" else "Python's"
        raise TypeError(
            f"{refused}. For the number: {shown[huge]} is {size}, too large for a float, "
            f"and {whose_numbers} {numbers} {_told(symbol, operands, words=True)}"
        )
    whose = "fmod's" if symbol == "fmod" else "the remainder's"
    if symbol == "fmod" and _is_zero(operands[1]):
        # the rewrite divided by 0 (np.trunc(v.data / 0): Python's ZeroDivisionError)
        other = f"; for a Value with {whose} derivative where {number[1]} is not 0, {rewrite}"
        # numpy's and math's fmod asked, as the message tells them: np.fmod of a Fraction
        # was told "gives nan", where it raises AttributeError
        raise TypeError(
            f"{refused}. fmod(a, 0) is nan, no number: numpy's {numbers} "
            f"{_told(symbol, operands)}, math.fmod {_told('math.fmod', operands)}, and a "
            f"Value holds no nan — take the remainder by a b that is not 0"
            f"{other if isinstance(operands[1], Value) else ''}"
        )
    divisor = 2 if symbol == "pow" else 1
    if symbol != "fmod" and _is_zero(operands[divisor]):
        # the advice divided by 0 (v.data % 0, v - 0 * (v.data // 0): Python's
        # ZeroDivisionError the moment a student typed it)
        raise TypeError(f"{refused}. {_by_zero(symbol, operands, shown, number, numbers)}")
    if symbol == "divmod":
        raise TypeError(f"{refused}. For the numbers, write {numbers}")
    if symbol == "pow":
        raise TypeError(
            f"{refused}. For the number, write {numbers} (pow's third argument takes ints "
            f"only); for the power, {shown[0]} ** {shown[1]}"
        )
    if rewrite:
        rewrite = f"; for a Value with {whose} derivative (PyTorch's), {rewrite}"
    raise TypeError(f"{refused}. For the number, write {numbers}{rewrite}")


#: what :func:`_by_zero` says of each refusal: the expression of a 0 divisor, what to
#: do instead, and what a Value holds not that numpy's loop gives there
_BY_ZERO: dict[str, tuple[str, str, str]] = {
    "%": ("a % 0", "take the remainder by a b that is not 0", "nan"),
    "//": ("a // 0", "divide by a b that is not 0", "inf or nan"),
    "divmod": ("divmod(a, 0)", "divide by a b that is not 0", "inf or nan"),
    "pow": ("pow(a, b, 0)", "take the power modulo a number that is not 0", "nan"),
}

#: the numbers' own expression of each refusal (``numbers`` in :func:`no_floor`)
_ON_NUMBERS: dict[str, Callable[..., object]] = {
    "%": operator.mod,
    "//": operator.floordiv,
    "divmod": divmod,
    "pow": lambda a, b, m: (a**b) % m,
    "fmod": np.fmod,
    "math.fmod": math.fmod,
}

#: numpy's floating-point errors, each with its bit in the flags its errstate's call=
#: hook is given (np.seterrcall's documentation: divide + 2·over + 4·under + 8·invalid)
_FPE_BITS = (("divide", 1), ("over", 2), ("under", 4), ("invalid", 8))


def _numbers_do(
    compute: Callable[..., object], numbers: Sequence[object]
) -> tuple[object, Exception | None, str]:
    """What ``compute(*numbers)`` does where the caller would type it, under the caller's
    np.errstate: its result, or the exception it raises (Python's ZeroDivisionError,
    numpy's FloatingPointError where the caller's errstate raises), and the words of
    numpy's RuntimeWarning where it warns ('invalid value encountered in scalar
    remainder'), else "".

    Learnt without the warnings filters: ``warnings.catch_warnings`` replaced them for the
    whole process while it ran — a filter another thread set meanwhile was undone on its
    exit, and that thread's warnings were recorded here and never shown. numpy 2's
    np.errstate is the running thread's own (a context variable): numpy's flags are
    heard through its ``call=`` hook, and the first warning's words read from the
    FloatingPointError numpy raises in its place, running the numbers once more."""
    caller: dict[str, str] = {kind: str(mode) for kind, mode in np.geterr().items()}
    flags = 0

    def heard(_kind: str, flag: int) -> None:
        nonlocal flags
        flags |= flag

    def quiet(kind: str) -> Literal["ignore", "call"]:
        return "ignore" if caller[kind] == "ignore" else "call"

    try:
        with np.errstate(
            call=heard,
            divide=quiet("divide"),
            over=quiet("over"),
            under=quiet("under"),
            invalid=quiet("invalid"),
        ):
            got = compute(*numbers)
    except (ArithmeticError, AttributeError, TypeError, ValueError) as error:
        return None, error, ""
    flagged = [kind for kind, bit in _FPE_BITS if flags & bit]
    raised = [kind for kind in flagged if caller[kind] == "raise"]
    warned = [kind for kind in flagged if caller[kind] == "warn"]
    if not raised and not warned:
        return got, None, ""
    # numpy's FloatingPointError in a warning's place: the one the caller's errstate
    # raises, else the first warned, whose words are the warning's
    kind = (raised or warned)[0]

    def alone(other: str) -> Literal["ignore", "raise"]:
        return "raise" if other == kind else "ignore"

    try:
        with np.errstate(
            divide=alone("divide"),
            over=alone("over"),
            under=alone("under"),
            invalid=alone("invalid"),
        ):
            compute(*numbers)
    except FloatingPointError as words:
        if raised:
            return None, words, ""
        return got, None, str(words)
    return got, None, ""  # (numpy flagged it once, and not again: no words to tell)


def _told(symbol: str, operands: Sequence[object], *, words: bool = False) -> str:
    """What the numbers' own expression of ``symbol`` (:data:`_ON_NUMBERS`, the Values'
    numbers for the Values of ``operands``) does, run (:func:`_numbers_do`) as the
    refusal tells it: "raises ZeroDivisionError" (with the error's words, ``words``), or
    "gives nan" (with numpy's RuntimeWarning). A claim written by hand was false where
    the numbers took another path: np.fmod of a Fraction raises AttributeError (numpy's
    loop for objects calls a method fmod), told "raises OverflowError" and "gives nan"."""
    held = [x._data if isinstance(x, Value) else x for x in operands]
    got, error, warned = _numbers_do(_ON_NUMBERS[symbol], held)
    if error is not None:
        name = type(error).__name__
        return f"raises {name} too ({error})" if words else f"raises {name}"
    said = (
        f"({', '.join(repr(float(cast(float, g))) for g in got)})"
        if isinstance(got, tuple)
        else repr(float(cast(float, got)))
    )
    return f"gives {said}" + (f" with a RuntimeWarning ('{warned}')" if warned else "")


def _by_zero(
    symbol: str, operands: tuple[object, ...], shown: list[str], number: list[str], numbers: str
) -> str:
    """What :func:`no_floor` says of ``v % 0`` (``v // 0``, ``divmod(v, 0)``, ``pow(v, 2,
    0)``, a Value divisor at 0): it advised ``v.data % 0`` and ``v - 0 * (v.data // 0)``,
    each Python's ZeroDivisionError. A division by 0 has no number: said so, with what
    the numbers' own expression does, asked of Python (ZeroDivisionError for floats; a
    numpy float64 divisor gives nan or inf with numpy's RuntimeWarning), which no Value
    holds. For a Value divisor the usual advice is given, said to hold where its number is
    not 0."""
    form, instead, lacks = _BY_ZERO[symbol]
    outcome = _told(symbol, operands)  # ZeroDivisionError, or numpy's nan or inf
    plural = "s" if symbol == "divmod" else ""
    told = (
        f"{form} has no number{plural}: Python's {numbers} {outcome}, and a Value holds no "
        f"{lacks} — {instead}"
    )
    divisor = 2 if symbol == "pow" else 1
    if not isinstance(operands[divisor], Value):
        return told
    where = f"where {number[divisor]} is not 0"
    if symbol == "%":
        return (
            f"{told}; {where}, write {numbers} for the number, and {shown[0]} - {shown[1]} "
            f"* ({number[0]} // {number[1]}) for a Value with the remainder's derivative "
            f"(PyTorch's)"
        )
    return f"{told}; {where}, write {numbers} for the number{'s' * (symbol == 'divmod')}"


def _past_a_float(x: object) -> bool:
    """Whether ``x`` (an operand :func:`no_floor` checked) is a number whose float() is
    Python's OverflowError (an int or a Fraction beyond ±1.8e308)."""
    if isinstance(x, (Value, np.ndarray)):
        return False
    try:
        float(cast(float, x))
    except OverflowError:
        return True
    return False


def _is_zero(x: object) -> bool:
    """Whether ``x``, a real number or a Value (an operand :func:`no_floor` checked), is
    0; an array, numpy's np.fmod's operand, is not asked (its cells are numpy's)."""
    if isinstance(x, Value):
        return x._data == 0.0
    return not isinstance(x, np.ndarray) and bool(x == 0)
