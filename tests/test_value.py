"""`Value` itself: construction, presentation, errors, stability, no_grad, memory."""

from __future__ import annotations

import datetime
import gc
import math
import operator
import re
import sys
import threading
import warnings
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from micrograd.engine import Value as MgValue

import autograd_mini.floor_refusal as floor_refusal
from autograd_mini import (
    ClipRefused,
    DivisionByZero,
    DomainError,
    UntraceableRead,
    Value,
    dot,
    grad,
    hessian,
    is_grad_enabled,
    jvp,
    no_grad,
    trace,
    vsum,
)
from autograd_mini import apply as apply_op
from autograd_mini.ops import Constant, DotArg, SumArg

# --------------------------------------------------------------------------- construction


@pytest.mark.parametrize(
    ("raw", "want"),
    [(3, 3.0), (-2.5, -2.5), (np.float64(1.25), 1.25), (np.int64(7), 7.0), (Fraction(1, 4), 0.25)],
)
def test_accepts_real_numbers(raw: object, want: float) -> None:
    v = Value(raw)
    assert type(v.data) is float and v.data == want
    assert v.grad == 0.0 and v.label == "" and v.op == ""
    assert v.parents == () and v.local_grads == ()


@pytest.mark.parametrize(
    ("raw", "type_name"),
    [
        (True, "bool"),
        (np.bool_(False), "bool"),
        (1 + 2j, "complex"),
        ("1.0", "str"),
        (None, "NoneType"),
    ],
)
def test_rejects_non_real_data_naming_the_type(raw: object, type_name: str) -> None:
    with pytest.raises(TypeError, match=f"Value.*{type_name}"):
        Value(raw)


def test_rejects_value_label_and_non_finite() -> None:
    with pytest.raises(TypeError, match="Value"):
        Value(Value(1.0))
    with pytest.raises(TypeError, match="label"):
        Value(1.0, label=3)
    for bad in (math.nan, math.inf, -math.inf, np.float64("nan")):
        with pytest.raises(ValueError, match=r"Value: got (nan|inf|-inf)"):
            Value(bad)
    with pytest.raises(OverflowError, match="Value: int too large"):
        Value(10**400)


@pytest.mark.parametrize("bad", [3, None, ["a"], b"x"])
def test_a_label_written_later_is_checked_as_the_constructors(bad: object) -> None:
    # v.label = 3 was taken and failed in the drawing (a TypeError deep in draw.py);
    # v.label = ['a'] turned a later DomainError into "unhashable type: 'list'"
    v = Value(2.0, label="v")
    with pytest.raises(TypeError, match=f"Value.label must be a str, got {type(bad).__name__}"):
        v.label = bad  # type: ignore[assignment]
    assert v.label == "v"
    v.label = "w"
    with pytest.raises(ValueError, match="node 'w'"):
        (v - 3).log()


@pytest.mark.parametrize("bad", [True, 1j, "2", None, [1.0]])
@pytest.mark.parametrize(
    ("symbol", "apply"),
    [
        (r"\+", lambda v, o: v + o),
        (r"\+", lambda v, o: o + v),
        ("-", lambda v, o: v - o),
        ("-", lambda v, o: o - v),
        (r"\*", lambda v, o: v * o),
        (r"\*", lambda v, o: o * v),
        ("/", lambda v, o: v / o),
        ("/", lambda v, o: o / v),
        (r"\*\*", lambda v, o: v**o),
        (r"\*\*", lambda v, o: o**v),
        ("leaky_relu", lambda v, o: v.leaky_relu(o)),
        ("vsum", lambda v, o: vsum([v, o])),
        ("dot", lambda v, o: dot([v], [o])),
        ("comparison", lambda v, o: v < o),
    ],
)
def test_rejects_non_real_operands(symbol: str, apply, bad: object) -> None:
    with pytest.raises(TypeError, match=f"{symbol}: expected a real number or a Value, got"):
        apply(Value(2.0), bad)


def test_non_finite_operands_are_refused() -> None:
    x = Value(1.0, label="x")
    for apply in (
        lambda o: x + o,
        lambda o: x - o,
        lambda o: x * o,
        lambda o: o * x,
        lambda o: x / o,
        lambda o: x**o,
        lambda o: x.leaky_relu(o),
        lambda o: vsum([x, o]),
        lambda o: dot([x], [o]),
    ):
        for bad in (math.nan, math.inf):
            with pytest.raises(ValueError, match=r"nan|inf"):
                apply(bad)


# --------------------------------------------------------------------------- written by hand


@pytest.mark.parametrize("field", ["data", "grad"])
@pytest.mark.parametrize(
    ("raw", "want"),
    [(3, 3.0), (np.float32(0.1), 0.10000000149011612), (np.float64(1.25), 1.25),
     (np.int64(-7), -7.0), (Fraction(1, 4), 0.25), (2.5, 2.5)],
)  # fmt: skip
def test_a_number_written_by_hand_is_kept_as_the_float_it_equals(
    field: str, raw: object, want: float
) -> None:
    """``p.data = np.float32(x)`` (a weight read from a float32 array) made every node
    computed from p a float32 without a word, to float32's 7 digits; now p holds the
    float64 that equals the float32, and what is computed from it is float64."""
    v = Value(1.0, label="w")
    setattr(v, field, raw)
    got = getattr(v, field)
    assert type(got) is float and got == want
    if field == "data":
        y = v * 3.0 + 1e-9  # float32 arithmetic would round the 1e-9 away
        assert type(y.data) is float and y.data == want * 3.0 + 1e-9


@pytest.mark.parametrize("field", ["data", "grad"])
@pytest.mark.parametrize(
    ("raw", "error", "says"),
    [(np.array([1.0]), TypeError, r"w\.{f} = array\(\[1\.\]\): expected a real number, got "
      r"ndarray"),
     (np.zeros(3), TypeError, r"got ndarray"),
     (1 + 2j, TypeError, r"w\.{f} = \(1\+2j\): expected a real number, got complex"),
     ("0.5", TypeError, r"w\.{f} = '0\.5': expected a real number, got str"),
     (True, TypeError, r"got a boolean"), (np.bool_(True), TypeError, r"got a boolean"),
     ([1.0], TypeError, r"got list"),
     (Value(2.0), TypeError, r"got a Value \(its number is its \.data: w\.{f} = \(…\)\.data\)"),
     (math.nan, DomainError, r"w\.{f} = nan: expected a finite number"),
     (-math.inf, DomainError, r"w\.{f} = -inf: expected a finite number"),
     (np.float32("inf"), DomainError, r"expected a finite number"),
     (10**400, OverflowError, r"w\.{f} = an integer of 401 digits: too large for a float")],
)  # fmt: skip
def test_what_is_not_a_finite_real_number_is_refused_where_it_is_written(
    field: str, raw: object, error: type[Exception], says: str
) -> None:
    """Refused at the assignment, naming the node, and nothing is changed. Before, each
    went in and was found later, or never: a one-element array or a complex gradient
    came out of backward as an array or a complex; a str failed inside the next op as
    "unsupported operand type(s) for -: 'str' and 'str'"; a nan parameter was found by
    fit (not by a hand-written loop)."""
    w = Value(0.5, label="w")
    (w * 4.0).backward()
    with pytest.raises(error, match=r"^node 'w': .*" + says.format(f=field)):
        setattr(w, field, raw)
    assert (w.data, w.grad) == (0.5, 4.0)


_BOOLEAN = " — a boolean is no number here: pass 1.0 or 0.0"


@pytest.mark.parametrize(
    ("flag", "shown"),
    [(True, "True"), (np.True_, "np.True_"), (np.array(False), "np.False_")],
    ids=["bool", "np.bool_", "0-d"],
)
@pytest.mark.parametrize(
    ("call", "refusal"),
    [
        (lambda b: Value(b), "Value: expected a real number or a Value, got the boolean {}"),
        (lambda b: Value(1.0) + b, "+: expected a real number or a Value, got the boolean {}"),
        (lambda b: Value(1.0) * b, "*: expected a real number or a Value, got the boolean {}"),
        (lambda b: Value(1.0).leaky_relu(b),
         "leaky_relu: expected a real number or a Value, got the boolean {}"),
        (lambda b: setattr(Value(1.0), "data", b),
         "an unlabelled leaf: v.data = {!r}: expected a real number, got a boolean"),
    ],
    ids=["Value", "v + b", "v * b", "slope", "v.data = b"],
)  # fmt: skip
def test_a_boolean_is_refused_in_the_transforms_words(
    call: Any, refusal: str, flag: Any, shown: str
) -> None:
    """Value(True) said "got bool (True)" (np.True_ "got bool (np.True_)", a type and a
    note) where grad, jacobian, hessian and jvp say "the boolean np.True_ … a boolean is no
    number here": the same words now, with the same advice, for Value, the operators and a
    written v.data (which said "got bool" only)."""
    with pytest.raises(TypeError) as caught:
        call(flag)
    expected = refusal.format(flag if "!r" in refusal else shown) + _BOOLEAN
    assert str(caught.value) == expected


_NO_FLOOR = "a Value has no // (floor division): the engine has no floor-division op"
_NO_REMAINDER = "a Value has no % (remainder): the engine has no remainder op"


@pytest.mark.parametrize(
    ("call", "written", "says", "number"),
    [
        (lambda v, w: v // 2, "v // 2", _NO_FLOOR, "v.data // 2"),
        (lambda v, w: 2 // v, "2 // v", _NO_FLOOR, "2 // v.data"),
        (lambda v, w: v // w, "v // w", _NO_FLOOR, "v.data // w.data"),
        (lambda v, w: v % 2, "v % 2", _NO_REMAINDER, "v.data % 2"),
        (lambda v, w: 2.5 % v, "2.5 % v", _NO_REMAINDER, "2.5 % v.data"),
        (lambda v, w: w % v, "w % v", _NO_REMAINDER, "w.data % v.data"),
        (lambda v, w: divmod(v, 2), "divmod(v, 2)", "a Value has no divmod", "divmod(v.data, 2)"),
        (lambda v, w: divmod(2, v), "divmod(2, v)", "a Value has no divmod", "divmod(2, v.data)"),
        (lambda v, w: np.floor_divide(v, 2), "v // 2", _NO_FLOOR, "v.data // 2"),
        (lambda v, w: np.remainder(v, 2), "v % 2", _NO_REMAINDER, "v.data % 2"),
        (lambda v, w: np.array([3.0]) // v, "3.0 // v", _NO_FLOOR, "3.0 // v.data"),
        (lambda v, w: v % np.array([3.0]), "v % 3.0", _NO_REMAINDER, "v.data % 3.0"),
    ],
    ids=["v // 2", "2 // v", "v // w", "v % 2", "2.5 % v", "w % v", "divmod", "rdivmod",
         "np.floor_divide", "np.remainder", "array // v", "v % array"],
)  # fmt: skip
def test_floor_division_and_remainder_are_refused_saying_why_and_what_to_write(
    call: Any, written: str, says: str, number: str
) -> None:
    """``v // 2``, ``v % 2`` and ``divmod(v, 2)`` met Python's bare "unsupported operand
    type(s) for //: 'Value' and 'int'" (numpy's floor_divide and remainder the same): the
    engine has no op for them, and now says so — why (⌊a/b⌋ is flat between jumps: no
    gradient flows through it; a % b jumps) and the number to write instead."""
    v, w = Value(2.5, label="v"), Value(1.5)  # w unlabelled: named as the second Value
    with pytest.raises(TypeError) as caught:
        call(v, w)
    message = str(caught.value)
    assert message.startswith(f"{written}: {says}"), message
    assert f"write {number}" in message, message


@pytest.mark.parametrize(("a", "b"), [(2.5, 2.0), (-2.5, 2.0), (7.0, 1.5), (7.0, -1.5)])
def test_the_remainder_written_as_advised_has_its_derivative(a: float, b: float) -> None:
    """The refusal of ``%`` advises a − b·(a.data // b.data): Python's remainder, with
    PyTorch's derivative of it, 1 in a and −⌊a/b⌋ in b (central differences away from its
    jumps, the oracle)."""
    x, y = Value(a), Value(b)
    r = x - y * (x.data // y.data)
    r.backward()
    assert r.data == pytest.approx(a % b, abs=1e-12)
    h = 1e-6
    assert x.grad == pytest.approx(((a + h) % b - (a - h) % b) / (2 * h), abs=1e-6)
    assert y.grad == pytest.approx((a % (b + h) - a % (b - h)) / (2 * h), abs=1e-6)


@pytest.mark.parametrize(
    ("call", "symbol", "got"),
    [
        (lambda v: v // Decimal("2"), "//", "Decimal"),
        (lambda v: Decimal("2") % v, "%", "Decimal"),
        (lambda v: divmod(v, Decimal("2")), "divmod", "Decimal"),
        (lambda v: v % None, "%", "NoneType"),
        (lambda v: v // "2", "//", "str"),
        (lambda v: [2] // v, "//", "list"),
        (lambda v: v % True, "%", "the boolean True"),
        (lambda v: datetime.timedelta(days=1) // v, "//", "timedelta"),
    ],
    ids=["v // Decimal", "Decimal % v", "divmod Decimal", "v % None", "v // str", "list // v",
         "v % True", "timedelta // v"],
)  # fmt: skip
def test_floor_division_beside_what_is_no_number_is_refused_as_the_operators_refuse_it(
    call: Any, symbol: str, got: str
) -> None:
    """``v // Decimal("2")`` was told "For the number, write v.data // Decimal('2')", which
    Python refuses (a float and a Decimal do not mix; ``timedelta(days=1) // v.data`` too),
    ``v % None`` to write
    ``v.data % None``: an operand that is no real number is refused as ``v * Decimal("2")``
    and ``v * None`` are, naming it (with the Decimal's and the boolean's hints), before
    any advice built on it."""
    with pytest.raises(TypeError) as caught:
        call(Value(7.5, label="v"))
    message = str(caught.value)
    assert message.startswith(f"{symbol}: expected a real number or a Value, got {got}"), message
    assert "write" not in message or "float(d)" in message, message


@pytest.mark.parametrize(
    ("call", "written"),
    [
        (lambda v: np.divmod(v, 2), "divmod(v, 2)"),
        (lambda v: divmod(np.float64(2.0), v), "divmod(2.0, v)"),
        (lambda v: divmod(v, np.array([2.0, 3.0])), "divmod(v, array([2., 3.]))"),
        (lambda v: np.divmod(np.array([2.0]), v), "divmod(array([2.]), v)"),
    ],
    ids=["np.divmod", "divmod of np.float64", "divmod(v, array)", "np.divmod(array, v)"],
)
def test_numpys_divmod_of_a_value_is_refused_as_divmod_is(call: Any, written: str) -> None:
    """``divmod(v, 2)`` says a Value has no divmod and why; numpy's ``np.divmod(v, 2)``,
    ``divmod(np.float64(2.0), v)`` (numpy's scalar asks np.divmod) and ``divmod(v, array)``
    said "np.divmod: the engine has no op 'divmod' … register an op named 'divmod'" — an
    op gives one number, divmod two: the same refusal now, whichever way it came."""
    with pytest.raises(TypeError) as caught:
        call(Value(7.5, label="v"))
    message = str(caught.value)
    assert message.startswith(f"{written}: a Value has no divmod"), message
    assert "register" not in message, message


@pytest.mark.parametrize(
    ("modulo", "says"),
    [
        (Value(3.0), "pow(v, 2, w): a Value has no power taken modulo a number"),
        (Decimal("3"), "pow: expected a real number or a Value, got Decimal"),
    ],
    ids=["Value", "Decimal"],
)
def test_a_power_modulo_a_value_or_a_decimal_is_advised_what_runs(modulo: Any, says: str) -> None:
    """pow(v, 2, w) was advised "(v.data ** 2) % Value(data=3.0, grad=0.0)" (refused again
    when written) and pow(v, 2, Decimal('3')) "(v.data ** 2) % Decimal('3')" (a float and a
    Decimal do not mix): the modulo is named and checked as the other operands are."""
    v = Value(2.0, label="v")
    with pytest.raises(TypeError) as caught:
        pow(v, 2, modulo)
    message = str(caught.value)
    assert message.startswith(says), message
    assert "Value(data" not in message and "% Decimal" not in message, message
    if isinstance(modulo, Value):
        assert "write (v.data ** 2) % w.data" in message, message


@pytest.mark.parametrize("name", ["modf", "frexp"])
def test_numpys_functions_of_two_results_are_not_advised_an_op(name: str) -> None:
    """np.modf(v) and np.frexp(v) were advised to "register an op named 'modf'", which no op
    can be: each gives two numbers, an op one (np.divmod is refused as divmod is)."""
    with pytest.raises(TypeError) as caught:
        getattr(np, name)(Value(7.5))
    message = str(caught.value)
    assert message.startswith(f"np.{name}: the engine has no op {name!r}"), message
    assert "register" not in message and "gives 2 numbers, an op one" in message, message
    # "write it with Value ops" was said of both, and neither can be written so whole
    assert "write it with Value ops" not in message, message


def test_modf_is_told_the_fractional_part_that_runs_and_frexp_to_read_the_number() -> None:
    """np.modf(v)'s refusal gives the fractional part as a Value (derivative 1: central
    differences of math.modf the oracle); np.frexp(v)'s says to read the number, and
    what it writes runs."""
    with pytest.raises(TypeError) as caught:
        np.modf(Value(7.25))
    rewrite = re.search(r"its fractional part is the Value (.+?) \(", str(caught.value))
    assert rewrite is not None and rewrite[1] == "x - np.trunc(x.data)", str(caught.value)
    for a in (7.25, -2.5, 0.75):
        x = Value(a)
        frac = x - np.trunc(x.data)
        frac.backward()
        h = 1e-6
        assert frac.data == math.modf(a)[0]
        assert x.grad == pytest.approx((math.modf(a + h)[0] - math.modf(a - h)[0]) / (2 * h))
    with pytest.raises(TypeError) as caught:
        np.frexp(Value(6.0))
    assert "read the number, np.frexp(x.data)" in str(caught.value), str(caught.value)
    x = Value(6.0)
    assert np.frexp(x.data) == (0.75, 3)


@pytest.mark.parametrize(
    ("call", "written", "number", "rewrite"),
    [
        (lambda v: np.fmod(v, 2), "np.fmod(v, 2)", "np.fmod(v.data, 2)",
         "v - 2 * np.trunc(v.data / 2)"),
        (lambda v: np.fmod(7.5, v), "np.fmod(7.5, v)", "np.fmod(7.5, v.data)",
         "7.5 - v * np.trunc(7.5 / v.data)"),
        (lambda v: np.fmod(v, np.float64(2.0)), "np.fmod(v, 2.0)", "np.fmod(v.data, 2.0)",
         "v - 2.0 * np.trunc(v.data / 2.0)"),
    ],
    ids=["np.fmod(v, 2)", "np.fmod(7.5, v)", "np.fmod(v, float64)"],
)  # fmt: skip
def test_fmod_is_refused_as_the_remainder_is(
    call: Any, written: str, number: str, rewrite: str
) -> None:
    """``np.fmod(v, 2)`` was told "the engine has no op 'fmod' … register one": the
    truncated remainder jumps at every multiple of b as ``%`` does, and is refused as
    ``%`` is, saying what to write (the number, and a Value with fmod's derivative)."""
    with pytest.raises(TypeError) as caught:
        call(Value(-3.5, label="v"))
    message = str(caught.value)
    assert message.startswith(f"{written}: a Value has no fmod"), message
    assert "register" not in message, message
    assert f"write {number};" in message, message
    assert f"(PyTorch's), {rewrite} (trunc(a/b)" in message, message


@pytest.mark.parametrize(
    ("call", "a", "b"),
    [
        (lambda v: np.fmod(v, 0), -3.5, 0),
        (lambda v: np.fmod(v, 0.0), -3.5, 0.0),
        (lambda v: np.fmod(v, -0.0), -3.5, -0.0),
        (lambda v: np.fmod(v, np.float32(0.0)), -3.5, 0.0),
        (lambda v: np.fmod(7.5, Value(0.0)), 7.5, 0.0),
        (lambda v: np.fmod(v, Value(0.0, label="w")), -3.5, 0.0),
    ],
    ids=["int 0", "0.0", "-0.0", "float32 0", "7.5 by a Value at 0", "a Value by a Value at 0"],
)  # fmt: skip
def test_fmod_by_zero_is_told_it_is_nan_not_a_formula_that_divides_by_zero(
    call: Any, a: float, b: float
) -> None:
    """``np.fmod(v, 0)`` advised ``v - 0 * np.trunc(v.data / 0)``, which raises Python's
    ZeroDivisionError: fmod(a, 0) has no number to write. The refusal says it is nan, as
    numpy gives it (with its warning; math.fmod raises), both checked here on the
    numbers; a rewrite, given only for a Value divisor, is for its number not 0."""
    with pytest.warns(RuntimeWarning, match="invalid value encountered in fmod"):
        assert math.isnan(np.fmod(a, b))
    with pytest.raises(ValueError):
        math.fmod(a, b)
    with pytest.raises(TypeError) as caught:
        call(Value(-3.5, label="v"))
    message = str(caught.value)
    assert message.startswith("np.fmod(") and "a Value has no fmod" in message, message
    assert "fmod(a, 0) is nan" in message and "invalid value encountered in fmod" in message
    assert not re.search(r"/ -?0(\.0)?\)", message), message  # no division by a zero
    if "np.trunc(" in message:
        assert re.search(r"where \w\.data is not 0, ", message), message


@pytest.mark.parametrize(
    ("call", "numbers", "head"),
    [
        (lambda v: v % 0, lambda a: a % 0, "v % 0: a Value has no %"),
        (lambda v: v % 0.0, lambda a: a % 0.0, "v % 0.0: "),
        (lambda v: v % -0.0, lambda a: a % -0.0, "v % -0.0: "),
        (lambda v: v % Fraction(0), lambda a: a % Fraction(0), "v % Fraction(0"),
        (lambda v: np.remainder(v, 0), lambda a: a % 0, "v % 0: "),
        (lambda v: v % Value(0.0, label="w"), lambda a: a % 0.0, "v % w: "),
        (lambda v: 7 % Value(0.0, label="w"), lambda a: 7 % 0.0, "7 % w: "),
        (lambda v: v // 0, lambda a: a // 0, "v // 0: a Value has no //"),
        (lambda v: v // Value(0, label="w"), lambda a: a // 0.0, "v // w: "),
        (lambda v: divmod(v, 0), lambda a: divmod(a, 0), "divmod(v, 0): "),
        (lambda v: divmod(v, Value(0.0, label="w")), lambda a: divmod(a, 0.0), "divmod(v, w)"),
        (lambda v: pow(v, 2, 0), lambda a: (a**2) % 0, "pow(v, 2, 0): "),
        (lambda v: pow(v, 2, Value(0.0, label="w")), lambda a: (a**2) % 0.0, "pow(v, 2, w)"),
    ],
    ids=["v % 0", "v % 0.0", "v % -0.0", "v % Fraction(0)", "np.remainder(v, 0)",
         "v % Value(0)", "7 % Value(0)", "v // 0", "v // Value(0)", "divmod(v, 0)",
         "divmod(v, Value(0))", "pow(v, 2, 0)", "pow(v, 2, Value(0))"],
)  # fmt: skip
def test_a_remainder_by_zero_is_told_it_has_no_number_not_a_formula_that_divides_by_zero(
    call: Any, numbers: Callable[[float], object], head: str
) -> None:
    """``v % 0`` advised ``v.data % 0`` and ``v - 0 * (v.data // 0)``, and ``v // 0``,
    ``divmod(v, 0)`` and ``pow(v, 2, 0)`` their numbers' expression: each Python's
    ZeroDivisionError the moment a student typed it (checked here on the float, the
    oracle). The refusal says a division by 0 has no number, that Python's expression
    raises ZeroDivisionError, and a Value holds no nan; for a Value divisor the usual
    advice is given, where its number is not 0, and for a number divisor none."""
    with pytest.raises(ZeroDivisionError):
        numbers(-3.5)
    with pytest.raises(TypeError) as caught:
        call(Value(-3.5, label="v"))
    message = str(caught.value)
    assert message.startswith(head), message
    assert "0) has no number" in message or "0 has no number" in message, message
    assert "raises ZeroDivisionError, and a Value holds no " in message, message
    said, _, advised = message.partition(" is not 0, write ")
    assert "For the number" not in said, message  # no advice before "where … is not 0"
    if advised:
        assert re.search(r"where \w\.data$", said), message
        assert not re.search(r"(%|//) -?0(\.0)?\b", advised), message
    else:
        assert not re.search(r"\bw\b", head), message  # a Value divisor is given advice


def test_a_remainder_by_a_numpy_zero_is_told_numpy_s_nan() -> None:
    """``v % np.float64(0.0)``'s numbers' expression is numpy's, not Python's: nan with a
    RuntimeWarning (checked on the floats); the refusal says so, not ZeroDivisionError."""
    with pytest.warns(RuntimeWarning, match="invalid value encountered in scalar remainder"):
        assert math.isnan(-3.5 % np.float64(0.0))
    with pytest.raises(TypeError) as caught:
        Value(-3.5) % np.float64(0.0)
    message = str(caught.value)
    assert "gives nan with a RuntimeWarning ('invalid value encountered in scalar " in message
    assert "ZeroDivisionError" not in message and "For the number" not in message


def _numbers_do(numbers: Callable[[], object]) -> str:
    """The oracle of what the numbers' own expression does, run here as a student would
    (the test's own warnings record, in one thread): "raises X", or "gives y" with the
    first RuntimeWarning's words."""
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        try:
            got = numbers()
        except ArithmeticError as error:
            return f"raises {type(error).__name__}"
    said = (
        f"({', '.join(repr(float(g)) for g in got)})"
        if isinstance(got, tuple)
        else repr(float(got))  # type: ignore[arg-type]
    )
    return f"gives {said}" + (f" with a RuntimeWarning ('{warned[0].message}')" if warned else "")


@pytest.mark.parametrize("state", ["default", "raise", "ignore"])
@pytest.mark.parametrize(
    ("call", "written", "numbers"),
    [
        (lambda v: v % np.float64(0.0), "v.data % np.float64(0.0)",
         lambda: -3.5 % np.float64(0.0)),
        (lambda v: v % np.float32(0.0), "v.data % np.float32(0.0)",
         lambda: -3.5 % np.float32(0.0)),
        (lambda v: v % np.int64(0), "v.data % np.int64(0)", lambda: -3.5 % np.int64(0)),
        (lambda v: v // np.float64(0.0), "v.data // np.float64(0.0)",
         lambda: -3.5 // np.float64(0.0)),
        (lambda v: divmod(v, np.float64(0.0)), "divmod(v.data, np.float64(0.0))",
         lambda: divmod(-3.5, np.float64(0.0))),
        (lambda v: pow(v, 2, np.float64(0.0)), "(v.data ** 2) % np.float64(0.0)",
         lambda: (-3.5**2) % np.float64(0.0)),
        (lambda v: v % 0.0, "v.data % 0.0", lambda: -3.5 % 0.0),
    ],
    ids=["% float64", "% float32", "% int64", "// float64", "divmod", "pow", "% 0.0"],
)  # fmt: skip
def test_a_division_by_zero_is_told_what_its_numbers_do_under_the_caller_s_errstate(
    call: Any, written: str, numbers: Callable[[], object], state: str
) -> None:
    """The refusal of v % np.float64(0.0) (v // …, divmod, pow's modulo) says what the
    numbers' own expression does — numpy's nan with its RuntimeWarning's words, its
    FloatingPointError under np.errstate(all="raise"), a bare nan under "ignore",
    Python's ZeroDivisionError for a float — as the student's numpy does it (oracle:
    the expression run here, its warnings recorded). The words stayed the same when the
    refusal stopped learning them through the process-wide warnings filters."""
    errstate = {} if state == "default" else {"all": state}
    with np.errstate(**errstate):  # type: ignore[arg-type]
        try:
            outcome = _numbers_do(numbers)
        except FloatingPointError:
            outcome = "raises FloatingPointError"
        with pytest.raises(TypeError) as caught:
            call(Value(-3.5, label="v"))
    assert f"Python's {written} {outcome}, and a Value holds no " in str(caught.value)


def _mod_seen_by(seen: dict[str, object]) -> Callable[[object, object], object]:
    """The numbers' % for the refusal to run, which notes the warnings filters while it
    runs and has another thread set a filter of its own meanwhile, as a library used from
    threads at once would."""

    def mod(a: object, b: object) -> object:
        if "during" not in seen:  # the first run (the refusal may run the numbers again)
            seen["during"] = list(warnings.filters)
            other = threading.Thread(
                target=warnings.filterwarnings,
                args=("error",),
                kwargs={"message": "other thread"},
            )
            other.start()
            other.join()
        return operator.mod(a, b)

    return mod


def test_a_division_by_zero_s_refusal_leaves_the_warnings_filters_to_other_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The refusal of v % np.float64(0.0) ran the numbers under warnings.catch_warnings,
    which replaces the warnings filters of the whole process: while it ran, every thread
    saw the filter "always" and its warnings were recorded there, and a filter another
    thread set meanwhile was undone on its exit. The filters are now the caller's while
    the numbers run, and another thread's filter stays; the caller's own
    simplefilter("error") is neither changed nor met (the refusal is a TypeError, not
    the RuntimeWarning raised)."""
    seen: dict[str, object] = {}
    monkeypatch.setitem(floor_refusal._ON_NUMBERS, "%", _mod_seen_by(seen))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        before = list(warnings.filters)
        with pytest.raises(TypeError, match=r"gives nan with a RuntimeWarning \('invalid"):
            Value(-3.5) % np.float64(0.0)
        assert seen["during"] == before  # the caller's filters while the numbers ran
        after = list(warnings.filters)
    assert after[1:] == before and after[0][0] == "error"  # the other thread's, kept
    assert after[0][1] is not None and after[0][1].pattern == "other thread"


_FMOD_PAST = Fraction(2**1100, 3)


@pytest.mark.parametrize(
    ("call", "head", "numbers"),
    [
        (lambda v: np.fmod(v, _FMOD_PAST), "numpy's np.fmod(v.data, Fraction(",
         lambda: np.fmod(2.0, _FMOD_PAST)),
        (lambda v: np.fmod(_FMOD_PAST, v), "numpy's np.fmod(Fraction(",
         lambda: np.fmod(_FMOD_PAST, 2.0)),
        (lambda v: np.fmod(v, 2**1100), "numpy's np.fmod(v.data, 1358",
         lambda: np.fmod(2.0, 2**1100)),
        (lambda v: v % _FMOD_PAST, "Python's v.data % Fraction(", lambda: 2.0 % _FMOD_PAST),
        (lambda v: v // 2**1100, "Python's v.data // 1358", lambda: 2.0 // 2**1100),
    ],
    ids=["np.fmod(v, Fraction)", "np.fmod(Fraction, v)", "np.fmod(v, int)", "v % Fraction",
         "v // int"],
)  # fmt: skip
def test_a_number_past_a_float_is_told_what_its_numbers_do(
    call: Any, head: str, numbers: Callable[[], object]
) -> None:
    """np.fmod(v, Fraction(2**1100, 3)) said "Python's np.fmod(v.data, Fraction(…))
    raises OverflowError too": np.fmod is numpy's, and numpy's loop for objects calls a
    method fmod a float (a Fraction) has not, AttributeError. Each is told whose it is
    and what it raises, in its words (oracle: the expression run here)."""
    with pytest.raises((OverflowError, AttributeError)) as numbers_do:
        numbers()
    with pytest.raises(TypeError) as caught:
        call(Value(2.0, label="v"))
    message = str(caught.value)
    said = f"raises {type(numbers_do.value).__name__} too ({numbers_do.value})"
    assert f" {said}" in message and f"and {head}" in message, message
    assert message.endswith(said) and "Python's np." not in message, message


@pytest.mark.parametrize(
    ("divisor", "state"),
    [(Fraction(0), "default"), (0.0, "raise"), (0.0, "ignore"), (Value(0.0, label="w"), "raise")],
    ids=["Fraction(0)", "0.0, errstate raise", "0.0, errstate ignore", "a Value, raise"],
)
def test_fmod_by_zero_is_told_what_numpy_s_and_math_s_fmod_do(divisor: Any, state: str) -> None:
    """np.fmod(v, Fraction(0)) was told numpy's np.fmod "gives nan with a RuntimeWarning":
    numpy's loop for objects raises AttributeError there; under np.errstate(all="raise")
    numpy raises FloatingPointError, and under "ignore" warns of nothing. Each is told as
    numpy's and math's fmod do it (oracle: both run here on the numbers)."""
    b = 0.0 if isinstance(divisor, Value) else divisor
    with np.errstate(all=None if state == "default" else state):  # type: ignore[arg-type]
        try:
            outcome = _numbers_do(lambda: np.fmod(-3.5, b))
        except (AttributeError, FloatingPointError) as error:
            outcome = f"raises {type(error).__name__}"
        with pytest.raises(ValueError):
            math.fmod(-3.5, b)
        with pytest.raises(TypeError) as caught:
            np.fmod(Value(-3.5, label="v"), divisor)
    assert f") {outcome}, math.fmod raises ValueError, and a Value holds no nan" in str(
        caught.value
    ), str(caught.value)


@pytest.mark.parametrize(("a", "b"), [(7.5, 2.0), (-7.5, 2.0), (7.0, -1.5), (-3.5, 2.0)])
def test_fmod_written_as_advised_has_its_derivative(a: float, b: float) -> None:
    """The refusal's rewrite, a − b·np.trunc(a.data / b.data), is np.fmod with its
    derivative, 1 in a and −trunc(a/b) in b (PyTorch's): central differences of
    math.fmod, away from its jumps, the oracle."""
    x, y = Value(a), Value(b)
    r = x - y * np.trunc(x.data / y.data)
    r.backward()
    assert r.data == pytest.approx(math.fmod(a, b), abs=1e-12)
    h = 1e-6
    assert x.grad == pytest.approx((math.fmod(a + h, b) - math.fmod(a - h, b)) / (2 * h))
    assert y.grad == pytest.approx((math.fmod(a, b + h) - math.fmod(a, b - h)) / (2 * h))


@pytest.mark.parametrize(
    "call",
    [lambda v: v // (2**53 + 1), lambda v: (2**53 + 1) % v, lambda v: divmod(v, 2**53 + 1)],
    ids=["//", "%", "divmod"],
)
def test_floor_division_by_an_unheld_integer_is_told_the_value_has_none(call: Any) -> None:
    """``v // (2**53 + 1)`` was refused for the integer no float holds ("pass
    float(9007199254740993) if that rounding is meant") before it was told a Value has
    no // — and with float() it then was: the operator's refusal comes first, and the
    advice's integer is Python's, exact."""
    with pytest.raises(TypeError, match="a Value has no") as caught:
        call(Value(7.5, label="v"))
    assert "9007199254740993" in str(caught.value) and "rounded" not in str(caught.value)


_HUGE = 2**1100


@pytest.mark.parametrize(
    ("call", "head", "numbers"),
    [
        (lambda v: v // _HUGE, "v // 1358", lambda x: x // _HUGE),
        (lambda v: _HUGE // v, "1358", lambda x: _HUGE // x),
        (lambda v: v % -_HUGE, "v % -1358", lambda x: x % -_HUGE),
        (lambda v: divmod(v, _HUGE), "divmod(v, 1358", lambda x: divmod(x, _HUGE)),
        (lambda v: pow(v, 2, _HUGE), "pow(v, 2, 1358", lambda x: (x**2) % _HUGE),
        (lambda v: np.fmod(v, _HUGE), "np.fmod(v, 1358", lambda x: np.fmod(x, _HUGE)),
        (lambda v: v // Fraction(10**400), "v // Fraction(", lambda x: x // Fraction(10**400)),
    ],
    ids=["v // 2**1100", "2**1100 // v", "v % -2**1100", "divmod", "pow", "np.fmod",
         "Fraction"],
)  # fmt: skip
def test_floor_division_by_a_number_past_a_float_is_told_the_value_has_none_first(
    call: Any, head: str, numbers: Callable[[float], object]
) -> None:
    """``Value(2.0) // 2**1100`` said "OverflowError //: int too large for a float" before it
    said a Value has no // at all; as for ``v // 2``, the operator's refusal comes first.
    Its advice for the number, ``v.data // 2**1100``, is itself Python's OverflowError
    (checked here on the float): it says so, instead of advising it."""
    with pytest.raises(OverflowError):
        numbers(2.0)
    with pytest.raises(TypeError) as caught:
        call(Value(2.0, label="v"))
    message = str(caught.value)
    assert message.startswith(head) and ": a Value has no " in message, message
    assert "too large for a float" in message and "raises OverflowError too" in message
    assert "For the number, write" not in message, message


@pytest.mark.parametrize(
    ("call", "written"),
    [
        (lambda v: v // 2, "v // 2: "),
        (lambda v: setattr(v, "data", "1"), "node 'in': v.data = '1'"),
    ],
    ids=["v // 2", "v.data = '1'"],
)
def test_a_node_labelled_with_a_keyword_is_written_v_in_code(call: Any, written: str) -> None:
    """A node labelled 'in' (an input) was advised "write in.data // 2", and "in.data =" was
    how a written number was told: a keyword is no name in code, so such a node is v there,
    as an unlabelled one is."""
    with pytest.raises(TypeError) as caught:
        call(Value(7.5, label="in"))
    message = str(caught.value)
    assert written in message and "in.data" not in message, message


def test_a_power_of_a_number_by_a_value_modulo_a_number_is_refused_as_pow_v_is() -> None:
    """Python 3.14's ``pow(2, v, 3)`` calls ``v.__rpow__(2, 3)`` (before 3.14, ternary pow
    never asked the right operand), which said "Value.__rpow__() takes 2 positional
    arguments but 3 were given" where ``pow(v, 2, 3)`` is refused saying why."""
    v = Value(2.0, label="v")
    with pytest.raises(TypeError) as caught:
        v.__rpow__(2, 3)  # what pow(2, v, 3) calls from Python 3.14 on
    message = str(caught.value)
    assert message.startswith("pow(2, v, 3): a Value has no power taken modulo a number")
    assert "write (2 ** v.data) % 3" in message and "for the power, 2 ** v" in message
    assert v.__rpow__(2).data == 4.0  # two arguments: the power, as before


@pytest.mark.parametrize("readme", ["README.md", "README.zh-CN.md"])
def test_the_readme_gives_the_remainders_rewrite_the_refusal_gives(readme: str) -> None:
    """Both READMEs said only that ⌊a/b⌋ passes no gradient and to write v.data // 2, as if
    % had no derivative either: they give the refusal's own rewrite for a Value, whose
    derivative is the remainder's (1 in v)."""
    with pytest.raises(TypeError) as caught:
        Value(7.3, label="v") % 2
    rewrite = re.search(r"\(PyTorch's\), (.+?) \(⌊a/b⌋", str(caught.value))
    assert rewrite is not None and rewrite[1] == "v - 2 * (v.data // 2)", str(caught.value)
    text = (Path(__file__).resolve().parent.parent / readme).read_text(encoding="utf-8")
    assert f"`{rewrite[1]}`" in text
    assert grad(lambda v: v - 2 * (v.data // 2))(7.3) == 1.0


def test_a_power_modulo_a_number_is_refused_as_the_remainder_is() -> None:
    """pow(v, 2, 3) said "Value.__pow__() takes 2 positional arguments but 3 were given",
    naming no reason: the third argument is a remainder, which the engine has no op for."""
    v = Value(2.0, label="v")
    with pytest.raises(TypeError) as caught:
        pow(v, 2, 3)
    message = str(caught.value)
    assert message.startswith("pow(v, 2, 3): a Value has no power taken modulo a number")
    assert "write (v.data ** 2) % 3" in message and "for the power, v ** 2" in message
    assert pow(v, 2).data == 4.0  # two arguments: the power, as before


@pytest.mark.parametrize("reader", ["mean", "stdev", "variance", "harmonic_mean"])
def test_statistics_of_values_is_refused_saying_what_to_write(reader: str) -> None:
    """statistics.mean([v, w]) stopped at Python's bare "can't convert type 'Value' to
    numerator/denominator": it reads each number as an exact ratio (as_integer_ratio), and a
    Value has none to give; the refusal now says so and what to write. (fmean reads floats
    and median compares: they are as before.)"""
    import statistics

    values = [Value(1.0), Value(2.0)]
    with pytest.raises(TypeError) as caught:
        getattr(statistics, reader)(values)
    message = str(caught.value)
    assert "a Value has no ratio of ints to give" in message, message
    assert "sum(vs) / len(vs)" in message and "statistics.mean(v.data for v in vs)" in message
    assert statistics.fmean(values) == 1.5


def test_a_values_exact_ratio_is_refused_naming_fraction_too() -> None:
    """From Python 3.14, ``Fraction(v)`` reads ``v.as_integer_ratio()`` too, and the refusal
    named statistics alone (and advised sum(vs) / len(vs), the mean, as if for any of
    them): it names Fraction and what to write for it, and the mean as the mean."""
    v = Value(0.5)
    with pytest.raises(TypeError) as caught:
        v.as_integer_ratio()
    message = str(caught.value)
    assert "Fraction(v)" in message and "Fraction(v.data)" in message, message
    assert "For the mean as a Value, with its gradient, write sum(vs) / len(vs)" in message
    assert Fraction(v.data) == Fraction(1, 2)
    if sys.version_info >= (3, 14):
        with pytest.raises(TypeError, match=r"Fraction\(v\.data\)"):
            Fraction(v)


def test_a_gradient_set_to_none_is_refused_with_what_to_do_instead() -> None:
    """``w.grad = None`` is how PyTorch clears a gradient; here it is refused, saying
    what does the same (it failed inside the next backward pass)."""
    w, x = Value(2.0, label="w"), Value(3.0)
    y = (w * x).tanh()
    y.backward()
    with pytest.raises(TypeError, match=r"w\.grad = 0\.0, or call zero_grad\(\)"):
        w.grad = None  # type: ignore[assignment]  # refused on purpose
    w.grad = 0.0
    y.backward()
    assert w.grad == pytest.approx(3.0 * (1.0 - math.tanh(6.0) ** 2), rel=1e-12)
    unlabelled = Value(1.0)
    with pytest.raises(TypeError, match=r"^an unlabelled leaf: v\.grad = None"):
        unlabelled.grad = None  # type: ignore[assignment]


def test_a_write_names_an_unlabelled_node_by_its_op_as_every_short_name_does() -> None:
    """Writing the number of a computed node said "unlabelled node is computed", a leaf's
    bad write "unlabelled node: v.grad = None": the op (or that it is a leaf) was left
    out, where a tangent's overflow said "an unlabelled 'mul' node". One wording now."""
    y = Value(2.0) * Value(3.0)
    with pytest.raises(AttributeError, match=r"^an unlabelled 'mul' node is computed \(mul of"):
        y.data = 1.0
    with pytest.raises(DomainError, match=r"^an unlabelled leaf: v\.data = nan"):
        Value(1.0).data = math.nan
    with pytest.raises(DomainError, match=r"^node 'x': x\.data = nan"):
        Value(1.0, label="x").data = math.nan


def test_a_hand_written_step_that_goes_non_finite_is_refused_at_that_line() -> None:
    """A student's own SGD step, ``p.data -= η·p.grad``, with an η that overflows: the
    line that makes the inf raises, naming the parameter, and the parameter keeps its
    number (it went on as inf into the next forward pass)."""
    w = Value(1.0, label="w1")
    (w * 1e300).backward()
    with pytest.raises(DomainError, match=r"^node 'w1': w1\.data = -inf"):
        w.data -= 1e10 * w.grad
    assert w.data == 1.0


@pytest.mark.parametrize("x", [0.0, -0.0, 1.0, -2.5, 5e-324, 1e308])
def test_truth_is_the_numbers(x: float) -> None:
    """``if v:`` reads the number as a float would: ``Value(0.0)`` was true, as any
    object is unless its class says otherwise."""
    v = Value(x) * 1.0  # an inner node too
    assert bool(v) is bool(x) and bool(Value(x)) is bool(x)
    assert (not v) is (not x)
    assert ("yes" if v else "no") == ("yes" if x else "no")


class _Scalar:
    def __float__(self) -> float:
        return 2.0


@pytest.mark.parametrize(
    "compare",
    [lambda v: v == 2.0, lambda v: 2.0 == v, lambda v: v != 2,  # noqa: SIM300  # both sides
     lambda v: np.float64(2.0) == v,
     lambda v: v in (0.0, 2.0), lambda v: v == Fraction(2), lambda v: v == _Scalar()],
)  # fmt: skip
def test_equality_with_a_number_is_refused(compare: Any) -> None:
    # (_Scalar: an object that converts to a number, as a torch tensor does)
    """``Value(2.0) == 2.0`` was False, silently (== was identity, as in micrograd, while
    ``<`` and ``if v:`` read the number): ``if x == 0:`` never ran its branch."""
    with pytest.raises(
        TypeError, match=r"between a Value and a number: compare the number, v\.data"
    ):
        compare(Value(2.0))


@pytest.mark.parametrize(
    "lookup",
    [lambda v: v in [0.0, 2.0], lambda v: [0.0, 2.0].index(v), lambda v: [0.0, 2.0].count(v)],
)
def test_a_lookup_of_a_value_among_numbers_says_it_compared_with_equals(lookup: Any) -> None:
    """``Value(1.5) in [0.0, 1.5]`` was refused as "== between a Value and a number" —
    the user wrote ``in`` (or list.index, list.count), no ==: the message now says those
    compare with ==, and how to look the number up instead."""
    with pytest.raises(TypeError) as caught:
        lookup(Value(2.0))
    message = str(caught.value)
    assert "`in`, list.index and list.count compare with ==" in message
    assert "v.data in [...]" in message


def test_equality_between_values_is_identity_for_sets_and_dicts() -> None:
    v, w = Value(2.0), Value(2.0)
    assert v == v and v != w and (v == w) is False
    assert v in [w, v] and [w, v].index(v) == 1 and {v: 1, w: 2}[v] == 1
    assert (v == None) is False and v != "2.0"  # noqa: E711  # not a number: as any object
    assert len({v, w, v}) == 2


# --------------------------------------------------------------------------- presentation


def test_repr_float_format_and_comparisons() -> None:
    x = Value(1.5, label="x")
    x.grad = -0.25
    assert repr(x) == "Value(data=1.5, grad=-0.25, label='x')"
    y = x * 2
    assert repr(y) == "Value(data=3.0, grad=0.0, op='mul')"
    assert float(y) == 3.0
    assert format(Value(math.pi), ".3f") == "3.142"
    assert f"{Value(2.0):>6.1f}" == "   2.0"
    a, b = Value(1.0), Value(2.0)
    assert a < b and a <= b and b > a and b >= a and a <= 1.0 and a >= 1
    lo, hi = 0.5, 3
    assert lo < a and hi > a  # reflected comparisons: the number on the left
    assert not (a > b) and not (b < 1.5)
    assert a != Value(1.0)  # equality is identity: Values are dict keys in the backward pass
    assert len({a, b, a}) == 2
    assert sorted([b, a])[0] is a


def test_constants_fold_into_one_node() -> None:
    x = Value(4.0)
    s = x - 2
    assert (s.op, s.parents, s.arg, s.data) == ("sub", (x,), (1, 2.0), 2.0)
    r = 2 - x
    assert (r.op, r.parents, r.arg, r.data) == ("sub", (x,), (0, 2.0), -2.0)
    n = -x
    assert (n.op, n.local_grads, n.data) == ("neg", (-1.0,), -4.0)
    h = x / 2
    assert (h.op, h.local_grads, h.arg, h.data) == ("div", (0.5,), (1, 2.0), 2.0)
    third = Value(1.0) / 3  # divided, not multiplied by a rounded 1/3
    assert third.data == 1.0 / 3.0
    p = x**2
    assert (p.op, p.parents, p.local_grads) == ("pow", (x,), (8.0,))


def test_arg_has_a_named_shape_for_each_kind_of_node() -> None:
    x, w = Value(4.0), Value(0.5)
    assert (x * w).arg is None and x.tanh().arg is None and x.arg is None
    c = (2.0**x).arg
    assert isinstance(c, Constant) and (c.position, c.value) == (0, 2.0)
    s = vsum([x, w, 3.0]).arg
    assert isinstance(s, SumArg) and s.offset == 3.0
    d = dot([w, 2.0], [x, x], 1.5).arg  # w·x is a pair, 2·x a constant term, 1.5 the offset
    assert isinstance(d, DotArg) and (d.pairs, d.consts, d.offset) == (1, (2.0,), 1.5)


def test_vsum_and_dot_make_one_node_with_value_parents_only() -> None:
    ws = [Value(float(i)) for i in range(1, 5)]
    xs = [0.5, -1.0, 2.0, 0.25]
    b = Value(0.1)
    z = dot(ws, xs, b)
    assert z.op == "dot" and z.parents == (*ws, b)
    assert z.local_grads == (*xs, 1.0)
    assert z.data == pytest.approx(0.5 - 2 + 6 + 1 + 0.1)
    s = vsum([*ws, 3.0])
    assert s.op == "sum" and s.parents == tuple(ws) and s.local_grads == (1.0,) * 4
    assert s.data == 13.0
    assert vsum([]).data == 0.0 and dot([], []).data == 0.0
    assert vsum(v for v in ws).data == 10.0  # any iterable


@pytest.mark.parametrize(
    "kind", ["floats", "ints", "ints_and_floats", "numpy_floats", "values", "values_and_floats"]
)
def test_a_neuron_s_dot_with_every_kind_of_input(kind: str) -> None:
    """z = Σ wᵢxᵢ + b for each kind of input list a layer may get (its fast paths count
    the types): the value in closed form, the parents (the weights, the Value inputs,
    the bias), ∂z/∂wᵢ = xᵢ as a float, ∂z/∂xᵢ = wᵢ for Value inputs; and an empty
    list, which leaves z = b."""
    nums = [0.5, -1.0, 2.0, 0.25, 3.0]
    xs: list[Any] = {
        "floats": nums,
        "ints": [1, -2, 3, 0, 5],
        "ints_and_floats": [1, -1.0, 2, 0.25, 3],
        "numpy_floats": [np.float64(v) for v in nums],
        "values": [Value(v) for v in nums],
        "values_and_floats": [Value(0.5), -1.0, Value(2.0), 0.25, Value(3.0)],
    }[kind]
    ws = [Value(float(i)) for i in range(1, 6)]
    b = Value(0.1)
    plain = [float(x.data) if isinstance(x, Value) else float(x) for x in xs]
    z = dot(ws, xs, b)
    assert z.data == sum(w.data * x for w, x in zip(ws, plain, strict=True)) + 0.1
    value_xs = [x for x in xs if isinstance(x, Value)]
    if kind == "values":
        assert z.parents == (*ws, *xs, b)
    else:  # a Value input among numbers is a term of its own: only the set is fixed
        assert (
            set(z.parents) == {*ws, *value_xs, b} and len(z.parents) == len(ws) + len(value_xs) + 1
        )
    z.backward()
    assert [w.grad for w in ws] == plain and b.grad == 1.0
    assert all(type(d) is float for d in z.local_grads)
    for x, w in zip(xs, ws, strict=True):
        if isinstance(x, Value):
            assert x.grad == w.data
    with no_grad():  # the same number without a graph
        assert dot(ws, xs, b).data == z.data
    empty = dot([], [], b)
    assert empty.data == 0.1 and empty.parents == (b,) and empty.local_grads == (1.0,)


# --------------------------------------------------------------------------- error messages


def _labelled(x: float, name: str = "x") -> Value:
    return Value(x, label=name)


@pytest.mark.parametrize(
    ("build", "error", "pattern"),
    [
        (lambda: _labelled(-2.0).log(), DomainError, r"log of -2\.0.*\(node 'x'\)"),
        (lambda: _labelled(0.0).log(), DomainError, r"log of 0\.0.*\(node 'x'\)"),
        (lambda: _labelled(-1.0).sqrt(), DomainError, r"sqrt of -1\.0.*\(node 'x'\)"),
        (
            lambda: Value(-1.0).sqrt(),
            DomainError,
            r"sqrt of -1\.0.*\(unlabelled node \(leaf, value -1\.0\)\)",
        ),
        # an intermediate: its op, its value and the labelled nodes it came from, as a
        # backward error names it (it said "(unlabelled node)" and nothing more)
        (
            lambda: (_labelled(1.0) * 1000).exp(),
            OverflowError,
            r"exp of 1000\.0 overflows .*\(unlabelled node \(op 'mul', value 1000\.0\) "
            r"computed from node 'x'\)$",
        ),
        (
            lambda: ((_labelled(1.0) + _labelled(2.0, "w")) * 400).exp(),
            OverflowError,
            r"\(unlabelled node \(op 'mul', value 1200\.0\) computed from nodes 'x', 'w'\)$",
        ),
        (lambda: _labelled(-8.0) ** (1 / 3), DomainError, r"pow of -8\.0.*0\.333.*node 'x'"),
        (lambda: _labelled(0.0) ** -1, DivisionByZero, r"pow of 0\.0.*-1.*node 'x'"),
        (lambda: (-2.0) ** _labelled(0.5, "e"), DomainError, r"pow of -2\.0.*0\.5.*node 'e'"),
        (lambda: _labelled(10.0) ** 400, OverflowError, r"pow of 10\.0.*400.*overflows"),
        (
            lambda: _labelled(1.0) / _labelled(0.0, "y"),
            DivisionByZero,
            r"division by zero: 1\.0 / 0\.0 \(node 'x', node 'y'\)",
        ),
        (lambda: _labelled(3.0) / 0, ZeroDivisionError, r"division by zero: 3\.0 / 0.*node 'x'"),
        (lambda: 5 / _labelled(0.0), ZeroDivisionError, r"division by zero: 5\.0 / 0\.0.*node 'x'"),
        (lambda: _labelled(1000.0).exp(), OverflowError, r"exp of 1000\.0 overflows.*node 'x'"),
        (
            lambda: _labelled(1e200) * Value(1e200),
            OverflowError,
            r"mul of 1e\+200 and 1e\+200 gives inf.*node 'x'",
        ),
        (lambda: _labelled(1e308) + 1e308, OverflowError, r"add of 1e\+308 and 1e\+308.*inf"),
        (
            lambda: vsum([Value(1.0), 2.0, Value(1.7e308, label="big"), Value(1e308)]),
            OverflowError,
            r"vsum of 4 terms gives inf: .*the largest term is 1\.7e\+308, term 2 \(node 'big'\)$",
        ),
        (
            lambda: dot([1.0, _labelled(1e200), 3.0], [Value(1.0), 1e200, Value(2.0)]),
            OverflowError,
            r"dot of 3 products gives inf: .*the largest product is term 1, 1e\+200 × "
            r"1e\+200 \(node 'x'\)$",
        ),
        (
            lambda: dot([_labelled(1e200)] * 2, [_labelled(1e200)] * 2),
            OverflowError,
            r"dot of 2 products gives inf: .*term 0, 1e\+200 × 1e\+200 \(node 'x', node 'x'\)$",
        ),
        (
            lambda: (lambda d: dot([d], [d]))(_labelled(1e200, "d")),  # a square: d named once
            OverflowError,
            r"dot of 1 product gives inf: .*term 0, 1e\+200 × 1e\+200 \(node 'd'\)$",
        ),
        (lambda: dot([Value(1.0)], [1.0, 2.0]), ValueError, r"dot: lengths differ \(1 weights, 2"),
        (lambda: _labelled(1.0) - math.nan, ValueError, r"sub of 1\.0 and nan.*node 'x'"),
        (lambda: _labelled(2.0) / math.inf, ValueError, r"division of 2\.0 by inf.*node 'x'"),
    ],
)
def test_errors_name_the_op_the_value_and_the_node(build, error, pattern: str) -> None:
    with pytest.raises(error, match=pattern):
        build()


@given(st.floats(-1e300, 0.0), st.text(min_size=1, max_size=8))
@settings(max_examples=40, deadline=None)
def test_domain_errors_for_any_bad_input(x: float, label: str) -> None:
    """Any x ≤ 0 is refused by log, any x < 0 by sqrt and by x**0.5; the message carries
    the exact number and the label."""
    where = re.escape(f"(node {label!r})")
    with pytest.raises(DomainError, match=rf"log of {re.escape(repr(x))}.*{where}"):
        Value(x, label=label).log()
    if x < 0:
        with pytest.raises(DomainError, match=rf"sqrt of {re.escape(repr(x))}.*{where}"):
            Value(x, label=label).sqrt()
        with pytest.raises(DomainError, match=rf"pow of {re.escape(repr(x))}.*{where}"):
            Value(x, label=label) ** 0.5
    with pytest.raises(DivisionByZero, match=rf"division by zero: {re.escape(repr(x))}"):
        Value(x, label=label) / Value(0.0)


def test_error_classes() -> None:
    assert issubclass(DomainError, ValueError)
    assert issubclass(DivisionByZero, ZeroDivisionError) and issubclass(DivisionByZero, ValueError)


# --------------------------------------------------------------------------- stability

huge = st.floats(-1e308, 1e308, allow_nan=False, allow_infinity=False)


@given(huge)
@settings(max_examples=100, deadline=None)
def test_sigmoid_and_tanh_stable_for_huge_inputs(x: float) -> None:
    """No overflow, no nan; derivatives finite, ≥ 0 (both functions increase), and
    close to the exact values σ(x)σ(−x) and sech²(x) from mpmath."""
    v = Value(x)
    s, t = v.sigmoid(), v.tanh()
    (s + t).backward()
    assert 0.0 <= s.data <= 1.0 and -1.0 <= t.data <= 1.0
    ds, dt = s.local_grads[0], t.local_grads[0]
    assert math.isfinite(v.grad) and 0.0 <= ds <= 0.25 and 0.0 <= dt <= 1.0
    m = mpmath.mpf(x)
    exact_s = 1 / (1 + mpmath.exp(-m))
    assert s.data == pytest.approx(float(exact_s), rel=1e-14, abs=1e-300)
    assert t.data == pytest.approx(float(mpmath.tanh(m)), rel=1e-14, abs=1e-300)
    assert ds == pytest.approx(float(exact_s * (1 - exact_s)), abs=1e-15)
    assert dt == pytest.approx(float(mpmath.sech(m) ** 2), abs=1e-15)


def test_sigmoid_and_tanh_at_the_extremes() -> None:
    for x, s_want, t_want in ((1e308, 1.0, 1.0), (-1e308, 0.0, -1.0)):
        v = Value(x)
        y = v.sigmoid() + v.tanh()
        y.backward()
        assert y.data == s_want + t_want
        assert v.grad == 0.0  # exact derivative underflows to +0: finite, right sign


# --------------------------------------------------------------------------- no_grad


def _records_nothing(make) -> None:
    v = make()
    assert v.parents == () and v.local_grads == () and v.op == ""


def test_no_grad_context_records_no_parents() -> None:
    x, w = Value(2.0), Value(3.0)
    assert is_grad_enabled()
    with no_grad():
        assert not is_grad_enabled()
        for make in (
            lambda: x * w + 1,
            lambda: x.tanh(),
            lambda: 2**x,
            lambda: x.leaky_relu(w),
            lambda: vsum([x, w]),
            lambda: dot([x, w], [w, 1.0], x),
        ):
            _records_nothing(make)
        assert (x * w).data == 6.0  # the numbers are still computed
    assert is_grad_enabled()
    assert (x * w).parents == (x, w)


def test_no_grad_nests_and_restores_on_exception() -> None:
    with no_grad():
        with no_grad():
            assert not is_grad_enabled()
        assert not is_grad_enabled()
    assert is_grad_enabled()
    with pytest.raises(DomainError), no_grad():
        Value(-1.0).log()
    assert is_grad_enabled()
    guard = no_grad()  # one object, reused and re-entered
    with guard, guard:
        assert not is_grad_enabled()
    assert is_grad_enabled()


def test_no_grad_decorator() -> None:
    @no_grad()
    def update(p: Value) -> Value:
        """Docstring kept."""
        assert not is_grad_enabled()
        if p.data > 100:
            raise RuntimeError("boom")
        return p * 0.5

    p = Value(4.0)
    q = update(p)
    assert q.data == 2.0 and q.parents == ()
    assert update.__doc__ == "Docstring kept." and update.__name__ == "update"
    assert is_grad_enabled()
    with pytest.raises(RuntimeError):
        update(Value(1000.0))
    assert is_grad_enabled()


def test_no_grad_decorator_without_parentheses() -> None:
    @no_grad
    def halve(p: Value) -> Value:
        assert not is_grad_enabled()
        return p * 0.5

    q = halve(Value(4.0))
    assert q.data == 2.0 and q.parents == () and halve.__name__ == "halve"
    assert is_grad_enabled()
    with pytest.raises(TypeError, match="no_grad takes no arguments, got int"):
        no_grad(3)  # type: ignore[call-overload]  # wrong on purpose


# --------------------------------------------------------------------------- memory


def _live_values() -> int:
    return sum(1 for o in gc.get_objects() if type(o) is Value)


def _build_graph() -> Value:
    x = Value(0.5, label="x")
    w = [Value(0.1 * i) for i in range(5)]
    h = dot(w, [x, 1.0, x * x, 2.0, x.exp()], x).tanh()
    y = vsum([h, h * x, x.sigmoid(), (x + 1).log(), x**2.0, 2**x, h.leaky_relu(x)])
    y = abs(y / (x + 3)) + y.sin() * y.cos() - (y.relu() + x.sqrt())
    y.backward()
    return y


def test_dropping_the_output_frees_the_graph_without_gc() -> None:
    """With the cycle collector off, only reference counting can free the nodes: the
    count of live Values goes back to where it was exactly when there are no cycles."""
    gc.collect()
    gc.disable()
    try:
        before = _live_values()
        y = _build_graph()
        assert _live_values() > before + 20
        del y
        assert _live_values() == before
        # The detector itself works: a deliberate cycle (a leaf holding a node built
        # from it) keeps its nodes alive until the collector runs.
        x = Value(1.0)
        x.grad_graph = x * 2
        del x
        assert _live_values() == before + 2
    finally:
        gc.enable()
        gc.collect()
    assert _live_values() == before


def test_grad_of_grad_leaves_no_cycles() -> None:
    from autograd_mini import grad

    gc.collect()
    gc.disable()
    try:
        before = _live_values()
        assert grad(grad(lambda x: x.tanh() * x))(0.3) != 0.0
        assert _live_values() == before
    finally:
        gc.enable()


# --------------------------------------------------------------------------- micrograd style


def micrograd_script(V):
    """Written for micrograd: labels set as attributes, floats on both sides,
    .relu(), backward(), then .data and .grad read back."""
    a = V(2.0)
    a.label = "a"
    b = V(-3.0)
    b.label = "b"
    c = a * b + 10.0
    c.label = "c"
    f = V(-2.0)
    d = (c * f + 1.5 * a) / 4 - b**2
    e = (d + 20).relu() * a + (1 - d) * 0.5
    e.backward()
    return e.data, a.grad, b.grad, f.grad, c.data


def test_micrograd_script_runs_unchanged() -> None:
    data, ga, gb, gf, c_data = micrograd_script(Value)
    assert (data, ga, gb, gf, c_data) == pytest.approx(micrograd_script(MgValue), rel=1e-12)
    # by hand: c = 4, d = (−8 + 3)/4 − 9 = −10.25, e = 9.75·2 + 11.25·0.5 = 25.125
    assert c_data == 4.0 and data == pytest.approx(25.125)
    # de/dd = a − 0.5 = 1.5; dd/da = (b·f + 1.5)/4 = 1.875; de/da = (d + 20) + 1.5·1.875
    assert ga == pytest.approx(9.75 + 1.5 * 1.875)
    # dd/db = a·f/4 − 2b = −1 + 6 = 5 → de/db = 1.5·5; dd/df = c/4 = 1 → de/df = 1.5
    assert gb == pytest.approx(7.5) and gf == pytest.approx(1.5)


def test_regressions_found_while_writing_these_tests() -> None:
    # 0 ** 0 = 1 with derivative 0 (the rule b·aᵇ⁻¹ used to evaluate 0.0 ** −1)
    x = Value(0.0)
    y = x**0
    y.backward()
    assert (y.data, x.grad) == (1.0, 0.0)
    # x⁻¹ at a tiny x: the value fits a float, its derivative −x⁻² does not — an error
    # when a gradient has to flow through it (tests/test_nonfinite.py), not before
    y = Value(1e-300) ** -1.0
    assert y.data == pytest.approx(1e300) and y.local_grads == (-math.inf,)
    # x / inf used to give 0 silently; 1 ** inf and 1 ** nan used to give 1
    with pytest.raises(ValueError, match="not finite"):
        Value(1.0) / math.inf
    with pytest.raises(ValueError, match="nan or infinite"):
        Value(1.0) ** math.inf


@pytest.mark.parametrize(
    "make",
    [lambda x: apply_op("div", x, math.inf), lambda x: apply_op("leaky_relu", x, math.nan),
     lambda x: apply_op("leaky_relu", x, math.inf), lambda x: apply_op("pow", x, math.inf),
     lambda x: apply_op("mul", math.nan, x)],
)  # fmt: skip
def test_a_non_finite_constant_is_refused_by_every_entry_point(make: Any) -> None:
    """Value's operators refused these; the op table's generic entry point did not: x/∞
    gave 0 and a nan slope passed for x > 0 (review of 2026-12-03)."""
    x = Value(0.5, label="x")
    with pytest.raises(DomainError, match=r"an operand is nan or infinite \(node 'x'"):
        make(x)


def test_dot_names_an_integer_constant_too_large_for_a_float() -> None:
    """As `x * 10**400` does ("*: int too large for a float"); dot said only Python's
    "int too large to convert to float" on its fast paths (review of 2026-12-03)."""
    x = Value(1.0)
    for call in (lambda: dot([x], [10**400]), lambda: dot([x], [10**400], Value(0.0))):
        with pytest.raises(OverflowError, match=r"^dot: int too large for a float"):
            call()


def test_an_odd_int_exponent_beyond_2_53_is_refused_not_rounded_to_an_even_one() -> None:
    """Every float beyond 2⁵³ is even: x ** (2**53 + 1) computed x to the power 2⁵³, so
    (−1)ⁿ came out 1.0 (exact int arithmetic: −1) and d/dx xⁿ at −1 −9007199254740992.0
    (exact: n·(−1)ⁿ⁻¹ = +9007199254740993). Refused, naming the op, the int and the node;
    an int that is a float, or rounds to one of its own parity, is computed (the exact
    value rounded)."""
    from autograd_mini import grad

    n = 2**53 + 1
    assert (-1) ** n == -1 and float(n) % 2 == 0  # the oracle, and why the float cannot say
    x = Value(-1.0, label="x")
    for call in (
        lambda: x**n,
        lambda: apply_op("pow", x, n),
        lambda: x ** np.int64(n),
        lambda: x**-n,
        lambda: grad(lambda t: t**n)(-1.0),
    ):
        with pytest.raises(DomainError, match=rf"pow of -1\.0 to the power -?{n}: an odd int"):
            call()
    for m in (3, 2**53, 2**53 + 2, 2**54 + 2, 10**20, -(2**60)):
        # exact int arithmetic: abs(), since (-1) ** -k is float arithmetic in Python
        assert (x**m).data == float((-1) ** abs(m))
        assert grad(lambda t, m=m: t**m)(-1.0) == float(m * (-1) ** abs(m - 1))
    assert (Value(-2.0) ** 3).data == -8.0


def test_refusals_of_a_decimal_a_wide_float_and_a_repeated_node_say_what_happened() -> None:
    """Value(Decimal("1.5")) said only 'expected a real number … got Decimal'; a numpy
    longdouble 1e400, a finite number (np.isfinite), was refused as 'got inf'; x·x's
    overflow named its node twice, '(node 'x', node 'x')'."""
    import warnings
    from decimal import Decimal

    from autograd_mini import OpOverflow

    for call in (lambda: Value(Decimal("1.5")), lambda: Value(1.0) * Decimal("1.5")):
        with pytest.raises(TypeError, match=r"got Decimal \(Decimal\('1\.5'\)\).*float\(d\)"):
            call()
    w = Value(1.0, label="w")
    with pytest.raises(TypeError, match=r"w\.data = Decimal\('1\.5'\).*pass float\(d\)"):
        w.data = Decimal("1.5")  # type: ignore[assignment]
    wide = np.longdouble("1e400")
    if not np.isfinite(wide):
        pytest.skip("this platform's longdouble is a double")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and no RuntimeWarning from asking
        for call in (lambda: Value(wide), lambda: Value(-wide), lambda: Value(2.0) * wide):
            with pytest.raises(OverflowError, match=r"e\+400'\) is beyond a float \(±1\.8e308;"):
                call()
        with pytest.raises(OverflowError, match=r"w\.data = .*1e\+400'\): beyond a float \("):
            w.data = wide  # type: ignore[assignment]
        for infinite in (np.longdouble("inf"), np.float32("inf"), math.inf):
            with pytest.raises(DomainError, match="got inf, expected a finite number"):
                Value(infinite)
    x = Value(1e200, label="x")
    with pytest.raises(OpOverflow) as caught:
        x * x
    assert str(caught.value).endswith("overflows a float (node 'x')")
    with pytest.raises(OpOverflow, match=r"\(node 'x', node 'y'\)$"):
        x * Value(1e200, label="y")


def test_float_of_a_value_is_its_number_and_leaves_the_graph_as_the_readme_says() -> None:
    """README: float(v), math.exp(v), np.float64(v) are plain numbers with no graph (no
    gradient reaches v through them); np.exp(v) calls v.exp(), a node (d/dv eᵛ = eᵛ)."""
    v = Value(1.0)
    for number in (float(v), math.exp(v), math.tanh(v), np.float64(v)):
        assert not isinstance(number, Value)
    assert (math.exp(v), float(v)) == (math.e, 1.0)
    y = np.exp(v)
    assert isinstance(y, Value) and y.op == "exp"
    y.backward()
    assert v.grad == math.e


@pytest.mark.parametrize(
    ("make", "given"),
    [
        (lambda: Value(2**53 + 1), 2**53 + 1),
        (lambda: Value(1.0) + (2**53 + 1), 2**53 + 1),
        (lambda: (2**62 + 1) * Value(1.0), 2**62 + 1),
        (lambda: Value(1.0) * np.int64(2**62 + 1), 2**62 + 1),
        (lambda: dot([Value(1.0)], [2**53 + 3]), 2**53 + 3),
        (lambda: dot([Value(1.0), Value(2.0)], [2**53 + 1, 3]), 2**53 + 1),
        (lambda: dot([Value(1.0)], [-(2**53) - 1]), -(2**53) - 1),
    ],
)
def test_an_integer_no_float_holds_is_refused_not_rounded(make: Any, given: int) -> None:
    """Value(2**53 + 1) stored 9007199254740992.0, and x + (2**53 + 1) added that: an
    integer beyond 2⁵³ that no float holds was rounded without a word (the transforms
    already refused it as an argument)."""
    assert float(given) != given  # the oracle: Python's own int/float comparison is exact
    with pytest.raises(ValueError, match=f"the integer {given}, which no float holds"):
        make()


def test_integers_a_float_holds_and_pow_exponents_are_taken() -> None:
    """Beyond 2⁵³ a float still holds every even integer up to 2⁵⁴ and 2⁶⁰ exactly; a
    positive base's power of an odd exponent beyond 2⁵³ is within rounding of the
    rounded exponent's (or overflows either way), so pow takes it."""
    assert Value(2**53 + 2).data == 2**53 + 2
    assert Value(2**60).data == 2**60
    assert (Value(1.0) ** (2**53 + 1)).data == 1.0
    with mpmath.workdps(40):
        root = float(mpmath.sqrt(2**53 + 1))  # the exact integer's root, rounded once
    assert ((2**53 + 1) ** Value(0.5)).data == root
    assert dot([Value(1.0)], [2**53]).data == 2**53


def test_a_0d_array_is_a_number_on_either_side() -> None:
    """x * np.array(2.0) was a TypeError while np.array(2.0) * x gave a Value."""
    x = Value(3.0)
    assert (x * np.array(2.0)).data == 6.0
    assert (np.array(2.0) * x).data == 6.0
    assert (x + np.array(2)).data == 5.0
    (made,) = x * np.array([2.0])  # an array of one number: numpy's array of one Value
    assert made.data == 6.0


def test_a_node_is_described_without_walking_all_it_came_from() -> None:
    """describe() named an unlabelled node's nearest labelled ancestors by walking
    everything it was computed from; a derivative's graph describes a term's slope as it
    builds it, so grad of grad over 3,000 nodes took 8.5 s where it took 0.08 s. Oracle:
    the nodes looked at, counted through the parents' property."""
    from autograd_mini.value import NEAREST_LOOKS, describe

    x = Value(1.0, label="x")
    wide = vsum([x * float(k) for k in range(1, 2000)])
    far = wide
    for _ in range(200):
        far = far * 1.0
    looked: list[int] = []
    real = Value.parents

    class Counting:
        def __get__(self, v: Value, owner: type) -> object:
            looked.append(1)
            return real.__get__(v, owner)

    Value.parents = Counting()  # type: ignore[assignment,method-assign]
    try:
        said = describe(far)
    finally:
        Value.parents = real  # type: ignore[method-assign]
    assert said.startswith("unlabelled node (op 'mul', value ") and "computed from" not in said
    assert len(looked) <= NEAREST_LOOKS + 2, len(looked)
    near = describe(x * 2.0)
    assert near == "unlabelled node (op 'mul', value 2.0) computed from node 'x'"


def test_describe_is_imported_from_the_module_it_lives_in() -> None:
    """value_backend.py and steps.py took describe (value.py's) through backward.py's
    re-export: backward no longer re-exports it, and every module that imports it
    imports it from value.py."""
    import ast

    import autograd_mini
    from autograd_mini import backward

    assert "describe" not in backward.__all__
    package = Path(autograd_mini.__file__).parent
    importers = {}
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        sources = [
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and any(a.name == "describe" for a in node.names)
        ]
        if sources:
            importers[path.name] = sources
    # (steps.py no longer names nodes with it: any module that imports it, from value.py)
    assert "value_backend.py" in importers, importers
    assert all(s == ["autograd_mini.value"] for s in importers.values()), importers


@pytest.mark.parametrize(
    ("call", "rewrite"),
    [
        (np.log1p, r"\(1 \+ x\)\.log\(\)"),
        (np.expm1, r"x\.exp\(\) - 1"),
        (np.tan, r"x\.sin\(\) / x\.cos\(\)"),
        (np.arctan, r"write it with Value ops, or register"),
        (np.cosh, r"\(x\.exp\(\) \+ \(-x\)\.exp\(\)\) / 2"),
        (np.sinh, r"\(x\.exp\(\) - \(-x\)\.exp\(\)\) / 2"),
        (np.exp2, r"2 \*\* x"),
        # numpy has no loop for objects for these: it said "ufunc 'isfinite' not supported
        # for the input types, and the inputs could not be safely coerced ..."
        (np.isfinite, r"math\.isfinite\(x\.data\)"),
        (np.isnan, r"math\.isnan\(x\.data\)"),
        (np.isinf, r"math\.isinf\(x\.data\)"),
    ],
)
def test_a_numpy_function_with_no_op_is_refused_naming_a_rewrite(call: Any, rewrite: str) -> None:
    # numpy said "loop of ufunc does not support argument 0 of type Value which has no
    # callable log1p method"
    x = Value(0.7, label="x")
    with pytest.raises(TypeError) as caught:
        call(x)
    text = str(caught.value)
    assert text.startswith(f"np.{call.__name__}: the engine has no op '{call.__name__}'")
    assert re.search(rewrite, text)
    assert "np.exp, " in text and "np.multiply" in text  # what a Value goes through


@pytest.mark.parametrize(
    "call", [lambda x: np.heaviside(x, 0.5), lambda x: np.copysign(1.0, x), np.signbit]
)
def test_a_numpy_function_with_no_loop_for_objects_is_refused_as_one_with_no_op(
    call: Any,
) -> None:
    """numpy has no loop for Python objects for these, and said only "ufunc 'heaviside'
    not supported for the input types, and the inputs could not be safely coerced to any
    supported types according to the casting rule ''safe''"."""
    with pytest.raises(TypeError, match=r"^np\.(heaviside|copysign|signbit): the engine has no"):
        call(Value(0.7))


def _listed_on_refusal() -> set[np.ufunc]:
    """The numpy functions a refusal (np.log1p of a Value) says a Value goes through."""
    with pytest.raises(TypeError) as caught:
        np.log1p(Value(0.5))
    found = re.search(r"a Value goes through: (.*?), and those numpy", str(caught.value))
    assert found is not None, str(caught.value)
    names = found.group(1).split(", ")
    assert all(n.startswith("np.") for n in names), names
    return {getattr(np, n.removeprefix("np.")) for n in names}


def test_a_refusal_names_every_operator_of_the_table_and_every_numpy_op() -> None:
    """The refusal listed Python's operators by hand beside the table call_ufunc routes
    by (np.subtract, np.multiply, np.divide, np.negative: not np.less and the other
    comparisons, which np.less(v, 1.0) answers). Generated from the table: an arithmetic
    operator added to it and not to the message fails here, whatever numpy name the
    message gives it (np.pow is np.power); a comparison is not named (it gives a bool,
    no derivative; np.equal of a Value and a number is refused)."""
    from autograd_mini.ops import OPS
    from autograd_mini.ufuncs import _ARITHMETIC, _COMPARISONS, _OPERATORS

    assert _OPERATORS == {**_ARITHMETIC, **_COMPARISONS}  # one table, in two parts
    listed = _listed_on_refusal()
    for name in _ARITHMETIC:
        assert getattr(np, name) in listed, name
    for name in _COMPARISONS:
        assert getattr(np, name) not in listed, name
    for name in OPS:
        if isinstance(getattr(np, name, None), np.ufunc):
            assert getattr(np, name) in listed, name


def test_the_operators_pairs_are_written_once_and_read_both_ways() -> None:
    """value.py's symbol → ufunc (``v * array``) and ufuncs.py's ufunc → methods
    (``np.multiply(2.0, v)``) stated the same pairs twice, by hand: an operator added to
    one and not the other went one way only. Both are read from operators.ARITHMETIC;
    each table the code reads is checked against Python and numpy on floats (an
    independent oracle: what the symbol, the ufunc and the methods do to 1.5 and 0.75,
    and to 0.75 and -1.5). A unary one at 1.5 and -1.5: at -1.5 alone, np.negative
    paired with __abs__ passed (-(-1.5) = |-1.5|), and the tables compared with the
    comprehension they are built by could not fail."""
    import operator as python_operator

    from autograd_mini.operators import ARITHMETIC
    from autograd_mini.ufuncs import _ARITHMETIC
    from autograd_mini.value import _UFUNC_OF

    binary = {
        "+": python_operator.add,
        "-": python_operator.sub,
        "*": python_operator.mul,
        "/": python_operator.truediv,
        "**": python_operator.pow,
    }
    a, b = 1.5, 0.75
    assert set(_UFUNC_OF) == set(binary) == {o.symbol for o in ARITHMETIC if o.symbol}
    for symbol, ufunc in _UFUNC_OF.items():
        for x, y in ((a, b), (b, -a)):
            assert ufunc(x, y) == binary[symbol](x, y), symbol
    unary = {"negative": python_operator.neg, "positive": python_operator.pos, "absolute": abs}
    by_name = {"add": "+", "subtract": "-", "multiply": "*", "divide": "/", "power": "**"}
    assert set(_ARITHMETIC) == set(by_name) | set(unary) == {o.ufunc for o in ARITHMETIC}
    for name, methods in _ARITHMETIC.items():
        ufunc = getattr(np, name)
        if name in by_name:
            left, right = methods
            for x, y in ((a, b), (b, -a)):
                expected = binary[by_name[name]](x, y)
                assert ufunc(x, y) == expected, name
                assert getattr(x, left)(y) == expected, name
                assert getattr(y, right)(x) == expected, name  # y's reflected method: x ∘ y
        else:
            (method,) = methods
            for x in (a, -a):
                assert ufunc(x) == getattr(x, method)() == unary[name](x), name


def test_every_numpy_function_a_refusal_names_gives_a_value_with_its_derivative() -> None:
    """The refusal of np.cbrt(v) named np.equal and np.not_equal (refused with a number)
    and np.less and the other comparisons (a bool: no derivative) among "numpy functions
    a Value goes through". Each one named, called on a Value (and the number 1.3 for a
    second operand), against numpy's value and a central difference of numpy on floats."""
    x, c, h = 0.7, 1.3, 1e-6
    for ufunc in sorted(_listed_on_refusal(), key=lambda u: u.__name__):
        v = Value(x)
        y = ufunc(v) if ufunc.nin == 1 else ufunc(v, c)
        assert isinstance(y, Value), ufunc.__name__

        def on_floats(t: float, u: np.ufunc = ufunc) -> float:
            return float(u(t) if u.nin == 1 else u(t, c))

        y.backward()
        slope = (on_floats(x + h) - on_floats(x - h)) / (2 * h)
        assert y.data == pytest.approx(on_floats(x), rel=1e-12), ufunc.__name__
        assert v.grad == pytest.approx(slope, rel=1e-6, abs=1e-9), ufunc.__name__


def test_np_positive_of_a_value_is_the_value_as_plus_is() -> None:
    """np.positive(v) said "bad operand type for unary +: 'Value'" (Python's, of +v).
    Oracle: d/dx (+x)·x = 2x by hand, and +2.0 is 2.0 for a float."""
    v = Value(3.0)
    assert +v is v and np.positive(v) is v  # nothing recorded, as +2.0 is 2.0
    assert grad(lambda x: np.positive(x) * x)(3.0) == 6.0
    assert grad(lambda x: +x * x)(3.0) == 6.0
    row = np.positive(np.array([v, Value(-1.0)], dtype=object))
    assert [r.data for r in row] == [3.0, -1.0]


@pytest.mark.parametrize(
    "call",
    [
        lambda v, o: np.negative(v, out=o),
        lambda v, o: np.negative(v, o),  # positionally: numpy hands it on as out=
        lambda v, o: np.add(v, 2.0, out=o),
        lambda v, o: np.negative(2.0, out=o),  # a Value only as out
        lambda v, o: np.exp(v, out=(o,)),
    ],
)
def test_a_value_as_out_is_refused_saying_what_to_write(call: Any) -> None:
    """np.negative(Value(1.0), out=Value(0.0)) raised RecursionError: numpy's loop for
    objects handed the Value in out= back to the Value's __array_ufunc__, again and
    again."""
    with pytest.raises(TypeError, match=r"^np\.(negative|add|exp): out= is a Value") as caught:
        call(Value(1.0), Value(0.0))
    assert "take the result instead, y = np." in str(caught.value)
    assert str(caught.value).endswith("without out=")
    into = np.empty(1, dtype=object)  # an array of objects is still written into
    np.negative(Value(1.0), out=into)
    assert into[0].data == -1.0


def test_each_operator_of_the_table_gives_what_numpy_gives_on_floats() -> None:
    """Each numpy operator call_ufunc routes by its table, with a Value on the left and on
    the right, against numpy's own answer on the floats (np.equal and np.not_equal of a
    Value and a number are refused as == is, and are left out)."""
    from autograd_mini.ufuncs import _OPERATORS

    a, b = 2.0, 3.0
    for name, methods in _OPERATORS.items():
        ufunc = getattr(np, name)
        if len(methods) == 1:
            for x in (-a, a):
                got = ufunc(Value(x))
                assert isinstance(got, Value) and got.data == ufunc(x), name
            continue
        if name in ("equal", "not_equal"):
            continue
        for got in (ufunc(Value(a), np.float64(b)), ufunc(np.float64(a), Value(b))):
            want = ufunc(a, b)
            read = got.data if isinstance(got, Value) else got
            assert type(read) is type(want.item()) and read == pytest.approx(want), name


def test_the_rewrites_a_refusal_names_are_the_functions() -> None:
    """Each rewrite evaluated on Values, against numpy's own function on the float (a
    test of the number, as np.isfinite, gives a bool: numpy's own)."""
    from autograd_mini.ufuncs import _REWRITES

    for name, text in _REWRITES.items():
        got = eval(text, {"math": math}, {"x": Value(0.7)})  # our own strings
        if isinstance(got, bool):
            assert got is bool(getattr(np, name)(0.7)), name
            continue
        assert got.data == pytest.approx(float(getattr(np, name)(0.7)), rel=1e-14), name


def test_numpy_functions_of_ops_and_operators_on_a_value_are_the_ops() -> None:
    """np.exp(v) and np.float64(2) * v give nodes, as before; np.logaddexp and np.sign,
    ops of the table under numpy's names, too. Oracle: math on the floats."""
    x = Value(0.7, label="x")
    assert np.exp(x).data == math.exp(0.7) and np.exp(x).op == "exp"
    y = np.logaddexp(x, 1.0)
    assert y.op == "logaddexp" and y.data == pytest.approx(math.log(math.exp(0.7) + math.e))
    for made, want, op in [
        (np.float64(2) * x, 1.4, "mul"),
        (np.float32(2) + x, 2.7, "add"),
        (np.float64(2) - x, 2.0 - 0.7, "sub"),
        (np.float64(2) / x, 2.0 / 0.7, "div"),
        (np.float64(2) ** x, 2.0**0.7, "pow"),
        (np.array(2.0) * x, 1.4, "mul"),
        (np.int64(3) * x, 3 * 0.7, "mul"),
    ]:
        assert isinstance(made, Value) and made.op == op and made.data == want
    assert (np.float64(2) < x) is False and (np.float64(0.5) < x) is True
    with pytest.raises(ValueError, match="the integer 4611686018427387905, which no float"):
        np.int64(2**62 + 1) * x


def _sig(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


@pytest.mark.parametrize(
    ("call", "value", "slope"),
    [
        # numpy's loop for objects, as before the ufunc routing: array on the left
        (lambda x: np.sum(np.array([1.0, 2.0]) * x), lambda a: 3 * a, lambda a: 3.0),
        (lambda x: (np.array([x, x]) * x).sum(), lambda a: 2 * a * a, lambda a: 4 * a),
        (lambda x: np.add([1.0, 2.0], x).sum(), lambda a: 3 + 2 * a, lambda a: 2.0),
        (lambda x: (np.ones((2, 2)) * x).sum(), lambda a: 4 * a, lambda a: 4.0),
        (lambda x: np.sum((np.asarray([1.0, 2.0]) - x) ** 2),
         lambda a: (1 - a) ** 2 + (2 - a) ** 2, lambda a: 2 * (a - 1) + 2 * (a - 2)),
        (lambda x: (np.array([1.0, 2.0]) / x).sum(), lambda a: 3 / a, lambda a: -3 / a**2),
        (lambda x: (np.array([2.0, 3.0]) ** x).sum(), lambda a: 2**a + 3**a,
         lambda a: math.log(2) * 2**a + math.log(3) * 3**a),
        (lambda x: np.maximum(np.array([1.0, 2.0]), x).sum(), lambda a: a + 2, lambda a: 1.0),
        # an op of the table, each number with the Value (numpy has no loop for it)
        (lambda x: np.logaddexp(np.array([0.0, 1.0]), x).sum(),
         lambda a: math.log(1 + math.exp(a)) + math.log(math.e + math.exp(a)),
         lambda a: _sig(a) + _sig(a - 1)),
        # the Value on the left: the same arrays (it was refused)
        (lambda x: (x * np.array([1.0, 2.0])).sum(), lambda a: 3 * a, lambda a: 3.0),
        (lambda x: (x + np.array([1.0, 2.0])).sum(), lambda a: 2 * a + 3, lambda a: 2.0),
        (lambda x: (x - np.array([1.0, 2.0])).sum(), lambda a: 2 * a - 3, lambda a: 2.0),
        (lambda x: (x / np.array([2.0, 4.0])).sum(), lambda a: 0.75 * a, lambda a: 0.75),
        (lambda x: (x ** np.array([2.0, 3.0])).sum(), lambda a: a**2 + a**3,
         lambda a: 2 * a + 3 * a**2),
        (lambda x: (x * np.ones((2, 2), dtype=np.float32)).sum(), lambda a: 4 * a,
         lambda a: 4.0),
        (lambda x: (x * np.array([x, x])).sum(), lambda a: 2 * a * a, lambda a: 4 * a),
        # a 0-d array holding a Value is that Value, either side (it was refused: "*:
        # expected a real number or a Value, got Value", and np.polyval(p, x) with it)
        (lambda x: x * np.asarray(x), lambda a: a * a, lambda a: 2 * a),
        (lambda x: np.asarray(x * x) - x, lambda a: a * a - a, lambda a: 2 * a - 1),
        (lambda x: x ** np.asarray(x), lambda a: a**a, lambda a: a**a * (math.log(a) + 1)),
        (lambda x: np.polyval([1.0, 2.0, 3.0], x), lambda a: a * a + 2 * a + 3,
         lambda a: 2 * a + 2),
    ],
)  # fmt: skip
def test_an_array_beside_a_value_gives_the_array_of_values_either_way_round(
    call: Any, value: Any, slope: Any
) -> None:
    """np.array([1., 2.]) * x gave an array of Values (numpy's loop for objects) until
    the ufunc routing refused it, and a custom Loss's np.sum((np.asarray(t) - out[0])**2)
    with it; x * np.array(...) was refused all along. Both ways give the array of
    Values, as a float gives the array of floats. Oracle: the closed form and its
    derivative."""
    x = Value(1.5, label="x")
    y = call(x)
    assert isinstance(y, Value) and y.data == pytest.approx(value(1.5), rel=1e-14)
    y.backward()
    assert x.grad == pytest.approx(slope(1.5), rel=1e-14)
    assert grad(call)(1.5) == pytest.approx(slope(1.5), rel=1e-14)


def test_an_array_beside_a_value_keeps_numpy_s_shape_and_compares_number_by_number() -> None:
    x = Value(1.5)
    for made in (x * np.ones((2, 3)), np.ones((2, 3)) * x, x + np.zeros((2, 3))):
        assert made.shape == (2, 3) and made.dtype == object
        assert all(isinstance(v, Value) and v.data == 1.5 for v in made.ravel())
    for got in (x < np.array([1.0, 2.0]), np.array([1.0, 2.0]) > x):
        assert got.tolist() == [False, True]
    assert (x >= np.array([1.5, 2.0])).tolist() == [True, False]


@pytest.mark.parametrize(
    ("call", "says"),
    [
        (lambda x: apply_op("add", x, np.array([1.0, 2.0])), r"^add: .*got ndarray"),
        (lambda x: x.leaky_relu(np.array([0.1, 0.2])), r"^leaky_relu: .*got ndarray"),
        (lambda x: x.logaddexp(np.array([0.1, 0.2])), r"^logaddexp: .*got ndarray"),
        (lambda x: x * [1.0, 2.0], r"^\*: .*got list"),  # as 1.5 * [1.0, 2.0] is
        (lambda x: Value(np.array([1.0, 2.0])), r"^Value: .*got ndarray"),
        # a 0-d array holding a Value: not "expected a real number or a Value, got Value"
        (lambda x: x.logaddexp(np.asarray(x)), r"^logaddexp: got a 0-d numpy array holding "),
        (lambda x: x.leaky_relu(np.asarray(x)), r"^leaky_relu: got a 0-d numpy array holding"),
        (lambda x: x < np.asarray(x), r"^comparison: got a 0-d numpy array holding Value"),
    ],
)
def test_one_number_is_still_what_an_op_s_own_entry_takes(call: Any, says: str) -> None:
    """Only the operators give numpy's array: apply, a Value method and Value() take one
    number."""
    with pytest.raises(TypeError, match=says):
        call(Value(0.7))


class _Sub(Value):
    pass


class _Slotted(Value):
    __slots__ = ("extra",)


@pytest.mark.parametrize("kind", [_Sub, _Slotted])
@pytest.mark.parametrize(
    ("call", "value", "slope"),
    [
        (lambda x: np.multiply(x, x), 2.25, 3.0),
        (lambda x: np.multiply(x, Value(2.0)), 3.0, 2.0),
        (lambda x: np.subtract(x, np.float64(1)), 0.5, 1.0),
        (lambda x: np.subtract(np.float64(1), x), -0.5, -1.0),
        (lambda x: np.add(x, 1), 2.5, 1.0),
        (lambda x: np.power(x, 2), 2.25, 3.0),
        (lambda x: np.multiply(x, 2.0), 3.0, 2.0),
        (lambda x: np.maximum(x, 0), 1.5, 1.0),
        (lambda x: np.exp(x), math.exp(1.5), math.exp(1.5)),
    ],
)
def test_numpy_functions_take_a_value_subclass_as_a_value(
    kind: type[Value], call: Any, value: float, slope: float
) -> None:
    """A subclass of Value fell past the routing's `type(a) is Value`: np.multiply(x, x)
    was a TypeError ("expected a real number or a Value, got V"), np.subtract(x,
    np.float64(1)) a RecursionError, np.add(x, 1) numpy's "all returned NotImplemented"."""
    x = kind(1.5)
    y = call(x)
    assert isinstance(y, Value) and y.data == pytest.approx(value, rel=1e-15)
    y.backward()
    assert x.grad == pytest.approx(slope, rel=1e-15)
    assert np.less(x, 1.0) is False and np.greater(x, 1.0) is True


def test_a_numpy_scalar_that_is_no_number_is_named_by_its_type() -> None:
    """np.multiply(v, np.datetime64(1, 'D')) said "got date (datetime.date(1970, 1, 2))":
    numpy's .item() of it, a type the student never wrote."""
    v = Value(1.5)
    for call in (lambda: np.multiply(v, np.datetime64(1, "D")),
                 lambda: v * np.array(np.datetime64(1, "D"))):  # fmt: skip
        with pytest.raises(TypeError, match=r"^\*: .*got datetime64 \("):
            call()


def test_numpy_s_maximum_and_minimum_of_a_value_are_numpy_s_picks() -> None:
    """np.maximum(x, 0) (a ReLU written with numpy) keeps the first operand unless the
    second is larger, as numpy's loop for objects does: the Value itself, or the 0 — as
    a Value of the ``clip`` op on x (it was the plain int 0: no Value, no graph)."""
    x, n = Value(1.5), Value(-1.5)
    assert np.maximum(x, 0) is x and np.minimum(n, 0) is n
    for picked, held, number in (
        (np.maximum(n, 0), n, 0.0),
        (np.maximum(0, n), n, 0.0),
        (np.minimum(x, 0.5), x, 0.5),
        (np.maximum(x, np.float64(2.0)), x, 2.0),
    ):
        assert isinstance(picked, Value) and picked.op == "clip"
        assert picked.data == number and type(picked.data) is float
        assert picked.parents == (held,)
    assert np.maximum(x, x) is x


_PICKERS = [np.maximum, np.minimum, np.fmax, np.fmin]


def _is_one_sided_slope(slope: float, f: Callable[[float], Any], a: float) -> bool:
    """Whether ``slope`` is f's left or right difference quotient at a (its slope on one
    side of a kink), to the quotients' rounding."""
    h = 1e-6
    sides = ((float(f(a)) - float(f(a - h))) / h, (float(f(a + h)) - float(f(a))) / h)
    return any(abs(slope - side) < 1e-6 for side in sides)


@pytest.mark.parametrize("pick", _PICKERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    ("number", "at"),
    [(5.0, 2.0), (-1.0, 2.0), (2, 2.0), (np.float64(0.25), -0.5), (-3, -0.5)],
    ids=["5.0 above", "-1.0 below", "int 2 at a tie", "float64 above", "int below"],
)
@pytest.mark.parametrize("value_first", [True, False], ids=["f(v, c)", "f(c, v)"])
def test_numpy_s_pick_of_a_value_and_a_number_is_a_value_with_its_slope(
    pick: np.ufunc, number: Any, at: float, value_first: bool
) -> None:
    """np.maximum(5.0, v) was the plain float 5.0 (numpy's loop gives the operand it
    picks), and so were np.minimum, np.fmax and np.fmin where they picked the number: no
    Value, no graph, nothing to call .backward() on. Each is a Value now, numpy's number
    on the floats (the oracle), with the slope of numpy's function of floats by central
    differences off the kink. At a tie the first operand is picked, as before (Python's
    max and numpy's loop for objects pick it), and gets the whole gradient: 1 if it is
    the Value, 0 if the number; pinned here as one of the one-sided slopes (the central
    difference there is 0.5, PyTorch's torch.maximum's split)."""
    args = (lambda u: (u, number)) if value_first else (lambda u: (number, u))

    def f(t: float) -> float:
        return float(pick(*args(t)))

    v = Value(at, label="v")
    y = pick(*args(v))
    assert isinstance(y, Value) and type(y.data) is float
    assert y.data == f(at)
    y.backward()
    if float(number) != at:
        central = (f(at + 1e-6) - f(at - 1e-6)) / 2e-6
        assert v.grad == pytest.approx(central, abs=1e-9)
    else:
        assert v.grad == (1.0 if value_first else 0.0)
        assert _is_one_sided_slope(v.grad, f, at)
    assert grad(lambda t: pick(*args(t)))(at) == v.grad


@pytest.mark.parametrize("pick", _PICKERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(("a", "b"), [(2.0, 2.0), (3.0, 1.0), (1.0, 3.0)])
def test_numpy_s_pick_of_two_values_at_a_tie_gives_the_first_the_gradient(
    pick: np.ufunc, a: float, b: float
) -> None:
    """Two Values at a tie: the first is picked, its gradient 1, the second's 0 — one
    subgradient (each operand's one-sided slopes, checked by differences of numpy's own
    function of floats); PyTorch's torch.maximum gives each 0.5. Off the tie each gets
    numpy's central-difference slope."""
    x, w = Value(a), Value(b)
    y = pick(x, w)
    assert isinstance(y, Value) and y.data == pick(a, b)
    y.backward()
    for got, f, at in ((x.grad, lambda t: pick(t, b), a), (w.grad, lambda t: pick(a, t), b)):
        if a != b:
            assert got == pytest.approx((f(at + 1e-6) - f(at - 1e-6)) / 2e-6, abs=1e-9)
        else:
            assert _is_one_sided_slope(got, f, at)
    if a == b:
        assert (x.grad, w.grad) == (1.0, 0.0)


@pytest.mark.parametrize(
    ("call", "numbers"),
    [
        (lambda v: np.clip(0.5, v, None), lambda t: np.clip(0.5, t, None)),
        (lambda v: np.clip(0.5, None, v), lambda t: np.clip(0.5, None, t)),
        (lambda v: np.clip(-0.5, v, None), lambda t: np.clip(-0.5, t, None)),
        (lambda v: np.clip(-0.5, None, v), lambda t: np.clip(-0.5, None, t)),
    ],
    ids=["0.5, v, None", "0.5, None, v", "-0.5, v, None", "-0.5, None, v"],
)
def test_numpy_s_clip_of_a_number_by_one_value_bound_is_a_value(call: Any, numbers: Any) -> None:
    """np.clip(0.5, Value(0.2), None) was the plain 0.5 though the README promises np.clip
    of a Value is a Value even where it clips: numpy hands np.clip with a None bound on
    to np.maximum (np.minimum), which gave the number it picked. A Value, numpy's number,
    and the slope to the bound by central differences (1 where the bound is picked)."""
    for at in (0.2, 0.9, -0.9):
        v = Value(at, label="v")
        y = call(v)
        assert isinstance(y, Value) and y.data == float(numbers(at))
        y.backward()
        central = (float(numbers(at + 1e-6)) - float(numbers(at - 1e-6))) / 2e-6
        assert v.grad == pytest.approx(central, abs=1e-9)


def test_numpy_s_pick_beside_an_array_is_a_value_in_each_cell() -> None:
    """np.maximum(v, np.array([5.0, 1.0])) was [5.0, v]: the plain 5.0 in its cell."""
    for pick in _PICKERS:
        v = Value(2.0)
        for got in (pick(v, np.array([5.0, 1.0])), pick([5.0, 1.0], v)):
            assert all(isinstance(c, Value) for c in got)
            assert [c.data for c in got] == pick(np.array([5.0, 1.0]), 2.0).tolist()
        got.sum().backward()
        assert v.grad == 1.0  # the cell that picked v; the other's slope is 0


@pytest.mark.parametrize(
    "keywords",
    [{"where": True}, {"where": 1}, {"dtype": object}, {"dtype": None}, {"casting": "unsafe"}],
    ids=["where=True", "where=1", "dtype=object", "dtype=None", "casting="],
)
def test_numpy_s_pick_with_keywords_that_change_nothing_is_a_value(keywords: Any) -> None:
    """np.maximum(5.0, v, where=True) (dtype=object, casting=) went to numpy's loop and
    was the plain 5.0, as np.clip(5.0, v, None, where=True) was, which numpy hands on to
    np.maximum — where=True changes nothing, the README says. Each is now the Value of
    the pick without them: numpy's number of floats, slope 0 to v; out= an array of
    objects is written it."""
    for pick in _PICKERS:
        v = Value(2.0)
        want = float(pick(5.0, 2.0))  # numpy's, on floats
        got = pick(5.0, v, **keywords)
        assert isinstance(got, Value) and got.data == want
        got.backward()
        assert v.grad == (1.0 if want == 2.0 else 0.0)
    v = Value(2.0)
    assert isinstance(np.clip(5.0, v, None, **keywords), Value)
    assert isinstance(np.clip(0.5, None, v, **keywords), Value)
    out = np.empty(2, dtype=object)
    assert np.maximum(v, np.array([5.0, 1.0]), out=out, **keywords) is out
    assert all(isinstance(c, Value) for c in out) and [c.data for c in out] == [5.0, 2.0]


_READ_AS_FALSE = [False, 0, None, np.False_, np.array(False)]


@pytest.mark.parametrize(
    "where", _READ_AS_FALSE, ids=["False", "0", "None", "np.False_", "0-d array False"]
)
def test_numpy_s_pick_refuses_a_where_numpy_reads_as_false_as_np_clip_does(where: Any) -> None:
    """np.maximum(5.0, v, where=False) (np.minimum, np.fmax, np.fmin; where=0, None,
    np.False_, array(False)) went to numpy's loop, which wrote no cell: None, with numpy's
    warning of uninitialised memory — and so did np.clip(5.0, v, None, where=False), which
    numpy hands on to np.maximum, where np.clip(v, 5.0, None, where=False) was refused.
    Each is refused as np.clip's, by ClipRefused (a ValueError numpy lets through), in its
    words. Oracle: numpy's own pick of floats writes no cell for each of these where=."""
    for pick in _PICKERS:
        cell = np.full(1, 9.0)
        pick(np.array([5.0]), 2.0, out=cell, where=where)
        assert cell[0] == 9.0  # numpy writes no cell
    v = Value(2.0)
    with pytest.raises(ClipRefused) as clip_s:
        np.clip(v, 5.0, None, where=where)
    told = str(clip_s.value).split(" — ")[1].split(": y = ")[0]
    assert told.endswith("leave np.clip out"), told
    for pick in _PICKERS:
        name = f"np.{pick.__name__}"
        for args, out in (
            ((5.0, v), None),
            ((v, 5.0), None),
            ((v, Value(1.0)), None),
            ((np.float64(5.0), v), None),
            ((5.0, v), np.empty((), dtype=object)),
        ):
            with pytest.raises(ClipRefused) as caught:
                pick(*args, where=where, out=out)
            said = str(caught.value)
            assert said.startswith(f"{name} of a Value: where= is numpy's, for arrays"), said
            assert f" — {told.replace('np.clip', name)}: y = {name}(a, b)" in said, said
    for call in (
        lambda: np.clip(5.0, v, None, where=where),  # numpy's np.maximum(5.0, v)
        lambda: np.clip(5.0, None, v, where=where),  # numpy's np.minimum(5.0, v)
        lambda: np.clip(np.float64(5.0), v, None, where=where),
        lambda: np.clip(np.array(5.0), v, None, where=where),
    ):
        with pytest.raises(ClipRefused, match="no cell"):
            call()


def test_numpy_s_pick_refuses_a_where_mask_as_np_clip_does() -> None:
    """A where= mask beside a Value: numpy's loop gave the plain number picked in a True
    cell (np.maximum(5.0, v, where=np.array([True])) was [5.0]: no Value, no graph) and
    None in a False one without out=; into out= of objects, the plain 5.0 too. Refused as
    np.clip refuses a mask, advising np.where."""
    v = Value(2.0)
    mask = np.array([True, False])
    for pick in _PICKERS:
        name = f"np.{pick.__name__}"
        for args, where, out in (
            ((5.0, v), np.array([True]), None),
            ((v, np.array([5.0, 1.0])), mask, None),
            ((np.array([5.0, 1.0]), v), mask, np.empty(2, dtype=object)),
            ((v, 5.0), [True, False], None),
        ):
            with pytest.raises(ClipRefused) as caught:
                pick(*args, where=where, out=out)
            said = str(caught.value)
            assert said.startswith(f"{name} of a Value: where= is numpy's"), said
            assert f" — for a mask: np.where(mask, {name}(a, b), other): " in said, said
    with pytest.raises(ClipRefused, match=r"^np\.maximum of a Value: where= is numpy's"):
        np.clip(np.array([5.0, 1.0]), v, None, where=mask)


@pytest.mark.parametrize(
    ("keywords", "named"),
    [
        ({"dtype": float}, "dtype= is"),
        ({"dtype": int}, "dtype= is"),
        ({"dtype": float, "casting": "unsafe"}, "dtype= is"),
        ({"signature": "dd->d"}, "signature= is"),
        ({"signature": ("O", "O", "d")}, "signature= is"),
        ({"out": np.empty(())}, "out= is"),
        ({"out": np.empty(()), "casting": "unsafe"}, "out= is"),
        ({"where": np.array(1)}, "where= is"),
    ],
    ids=["dtype=float", "dtype=int", "dtype=float unsafe", "signature=dd->d",
         "signature=(O, O, d)", "out= floats", "out= floats unsafe", "where=array(1)"],
)  # fmt: skip
def test_numpy_s_pick_refuses_numpy_s_keywords_for_numbers_as_np_clip_does(
    keywords: dict[str, Any], named: str
) -> None:
    """np.maximum(v, 5.0, dtype=float) (np.minimum, np.fmax, np.fmin; signature='dd->d',
    out= an array of floats) was numpy's "Cannot cast ufunc 'maximum' input 0 from
    dtype('O') to dtype('float64') with casting rule 'same_kind'", words of numpy's loops
    a student never wrote; casting='unsafe' beside dtype=float or out= was the plain 5.0
    picked, no Value, without a word; where=np.array(1) numpy's
    "Cannot cast scalar" after a warning of uninitialised memory. Each is refused as
    np.clip refuses it, naming the function and the keyword, by ClipRefused — through
    np.clip(5.0, v, None) too, which numpy hands on to np.maximum."""
    for pick in _PICKERS:
        name = f"np.{pick.__name__}"
        for args in ((Value(2.0), 5.0), (5.0, Value(2.0)), (Value(2.0), Value(1.0))):
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # numpy's warning of uninitialised memory
                with pytest.raises(ClipRefused) as caught:
                    pick(*args, **keywords)
            said = str(caught.value)
            assert said.startswith(f"{name} of a Value: {named} numpy's, for arrays of"), said
            assert f": y = {name}(a, b)" in said and "dtype('O')" not in said, said
    with pytest.raises(ClipRefused, match=rf"^np\.maximum of a Value: {named} numpy's"):
        np.clip(5.0, Value(2.0), None, **keywords)


@pytest.mark.parametrize(
    "signature",
    ["OO->O", ("O", "O", "O"), (object, None, None), (None, None, np.dtype(object))],
    ids=["OO->O", "(O, O, O)", "(object, None, None)", "(None, None, dtype O)"],
)
def test_numpy_s_pick_takes_the_objects_signature_as_dtype_object(signature: Any) -> None:
    """np.maximum(v, 1.0, signature='OO->O') names numpy's loop for objects, the one
    dtype=object picks, which is taken: it was refused by ClipRefused (and before that
    was the plain number picked). Oracles: numpy's own pick of the floats (as the
    signature's loop picks them: it is accepted for an array of objects) and the
    derivative of the picked operand, 1 for the Value, 0 for the number."""
    objects = np.array([2.0, 1.0], dtype=object)
    numpy_s = np.maximum(objects, 1.5, signature=signature)  # the signature is numpy's own
    for pick in _PICKERS:
        for a, number in ((2.0, 1.5), (1.0, 1.5)):
            v = Value(a)
            y = pick(v, number, signature=signature)
            expected = pick(a, number)
            assert isinstance(y, Value) and y.data == expected
            y.backward()
            assert v.grad == (1.0 if expected == a else 0.0)
    assert numpy_s.tolist() == [2.0, 1.5]
    v = Value(2.0)
    y = np.clip(v, 0, 1, signature=("O",) * 4 if isinstance(signature, tuple) else "OOO->O")
    assert isinstance(y, Value) and y.data == 1.0


def test_numpy_s_pick_tells_a_where_numpy_refuses_in_numpy_s_words() -> None:
    """where=np.array(1) is no boolean, and numpy refuses it for floats too: the refusal
    quotes numpy's own words for floats (the oracle), as np.clip's does."""
    with pytest.raises(TypeError) as numpy_s:
        np.maximum(np.ones(1), 5.0, out=np.zeros(1), where=np.array(1))
    with pytest.raises(ClipRefused) as caught:
        np.maximum(Value(2.0), 5.0, where=np.array(1))
    assert f"numpy refuses where=array(1) for an array of floats too: {numpy_s.value}" in str(
        caught.value
    )


@pytest.mark.parametrize(
    ("number", "got"),
    [
        (True, "the boolean True"),
        (np.True_, "the boolean True"),
        (np.array(False), "the boolean False"),
        (np.array([2.0, True], dtype=object), "the boolean True"),
        ("a", "str ('a')"),
        (None, "NoneType (None)"),
        (np.timedelta64(5), "timedelta64 (np.timedelta64(5))"),
    ],
    ids=["True", "np.True_", "0-d array False", "array with True", "str", "None", "duration"],
)
def test_numpy_s_pick_of_an_operand_that_is_no_number_names_the_function(
    number: Any, got: str
) -> None:
    """np.maximum(v, True) (np.minimum, np.fmax, np.fmin, either side, a cell of an array
    beside the Value) was refused as "comparison: expected a real number or a Value, got
    the boolean True": a comparison the student never wrote. It is np.maximum's refusal,
    a TypeError, naming what it got; Python's max(v, True) is still its comparison's."""
    for pick in _PICKERS:
        for args in ((Value(2.0), number), (number, Value(2.0))):
            with pytest.raises(TypeError) as caught:
                pick(*args)
            said = str(caught.value)
            assert said.startswith(
                f"np.{pick.__name__}: expected a real number or a Value, got {got}"
            ), said
            # np.clip, which the student never called, is not brought in
            assert "clip" not in said, said
    with pytest.raises(TypeError, match=r"^np\.maximum: expected .* the boolean True"):
        np.clip(True, Value(2.0), None)  # numpy hands it on to np.maximum
    with pytest.raises(TypeError, match=r"^comparison: expected .* the boolean True"):
        max(Value(2.0), True)


def test_numpy_s_clip_into_objects_beside_a_mask_names_the_mask_alone() -> None:
    """np.clip(v, lo, hi, where=mask, out=objects) was told "out=, where= are numpy's",
    though the README takes out= an array of objects: the mask alone is numpy's."""
    with pytest.raises(ClipRefused, match=r"^np\.clip of a Value: where= is numpy's"):
        np.clip(Value(2.0), 0, 1, where=np.array([True]), out=np.empty(1, dtype=object))


def test_numpy_s_pick_with_a_nan_number_is_numpy_s_or_refused() -> None:
    """A nan beside a Value: numpy's fmax and fmin of floats take the other operand, and
    so they do of a Value (numpy's loop for objects gave the nan, or the Value, by which
    side it stood); maximum and minimum give nan, which a Value cannot hold: refused."""
    v = Value(2.0)
    for pick in (np.fmax, np.fmin):
        assert pick(2.0, np.nan) == pick(np.nan, 2.0) == 2.0  # numpy's, on floats
        assert pick(v, np.nan) is v and pick(np.nan, v) is v
    for pick in (np.maximum, np.minimum):
        with np.errstate(invalid="ignore"):
            assert math.isnan(pick(2.0, np.nan)) and math.isnan(pick(np.nan, 2.0))
        for args in ((v, np.nan), (np.nan, v)):
            with pytest.raises(DomainError, match=rf"^np\.{pick.__name__}: an operand is nan"):
                pick(*args)


def test_python_s_max_of_a_number_and_a_value_stays_python_s() -> None:
    """Python's max asks no hook of the Value: max(5.0, v) is Python's 5.0, as before."""
    v = Value(2.0)
    assert max(5.0, v) == 5.0 and type(max(5.0, v)) is float and min(5.0, v) is v


def test_the_functions_every_op_runs_keep_no_closure_cells() -> None:
    """A generator in _binary's rare ZeroDivisionError handler made ad, bd and y closure
    cells, read through a cell on every op: x * y took 12% longer (old and new timed
    interleaved, by hand). Not a timing: the structure that cost it."""
    from autograd_mini import value

    hot = [value._binary, value._unary, value._node, value._leaf, value.as_real, value.apply]
    hot += [getattr(Value, f"__{name}__") for name in ("add", "radd", "sub", "rsub", "mul",
            "rmul", "truediv", "rtruediv", "pow", "rpow", "neg")]  # fmt: skip
    for function in hot:
        assert function.__code__.co_cellvars == (), function.__qualname__


class _Named(Value):
    label = "w"  # a class attribute of a subclass: a default


class _SlotLabel(Value):
    __slots__ = ("label",)


def test_a_subclass_s_own_label_holds_what_value_is_given() -> None:
    """Since label became a property, Value.__init__ wrote the engine's slot past a
    subclass's own label: a class attribute label = "w" was every instance's label
    (label="x" given), a __slots__ label was never set (AttributeError). As before: the
    label given, in the subclass's own attribute, which pictures and messages read."""
    import copy
    import pickle

    from autograd_mini.value import short_name

    for kind in (_Named, _SlotLabel):
        v = kind(1.0, label="x")
        assert v.label == "x" and (v * 2).parents[0].label == "x"
        assert short_name(v) == "node 'x'"  # what error messages call it
        v.label = "y"
        assert v.label == "y"
        assert copy.deepcopy(v).label == "y" and pickle.loads(pickle.dumps(v)).label == "y"
    assert _SlotLabel(1.0).label == ""
    assert _Named(1.0).label == ""  # Value's default, as before


def test_a_property_label_under_a_subclass_with_its_own_label_reads_its_own_slot() -> None:
    """A subclass with a label of its own (a class attribute) forwards the engine's slot
    to it; a subclass of that one with a label property reading the engine's slot read
    the forwarding, which read the property: RecursionError at its first Value."""

    class Default(Value):
        label = "w"

    class Loud(Default):
        @property  # type: ignore[override]
        def label(self) -> str:
            return self._label.upper()

        @label.setter
        def label(self, text: str) -> None:
            self._label = text

    v = Loud(1.0, label="abc")
    assert v.label == "ABC"
    v.label = "z"
    assert v.label == "Z" and Default(1.0, label="x").label == "x"


@pytest.mark.parametrize(
    "call",
    [
        lambda x: np.arctan2(x, 1.0),
        lambda x: np.arctan2(1.0, x),
        lambda x: np.hypot(np.array([1.0, 2.0]), x),
    ],
)
def test_a_two_input_numpy_function_with_no_op_is_refused_as_one_input_ones_are(
    call: Any,
) -> None:
    """np.arctan2(x, 1.0) raised numpy's bare "'Value' object has no attribute 'arctan2'"
    (np.log1p(x) was told the engine has no such op, and what to write)."""
    with pytest.raises(TypeError, match=r"^np\.(arctan2|hypot): the engine has no op"):
        call(Value(0.5))


def test_numpy_s_variance_of_values_is_the_variance_and_its_gradient() -> None:
    """np.var and np.std of an array of Values asked each for conjugate(), which a float
    has and a Value had not. Oracle: var(x·[1, 2, 3]) = x²·var([1, 2, 3]) = (2/3)·x²,
    d/dx = (4/3)·x; std = |x|·√(2/3)."""
    from autograd_mini import grad

    a = np.array([1.0, 2.0, 3.0])
    assert grad(lambda x: np.var(x * a))(1.5) == pytest.approx(4 / 3 * 1.5, rel=1e-14)
    assert grad(lambda x: np.std(x * a))(1.5) == pytest.approx(math.sqrt(2 / 3), rel=1e-14)
    x = Value(2.0)
    assert x.conjugate() is x


@pytest.mark.parametrize(
    "pick, name",
    [
        (lambda u, v: max(u, v), "max"),
        (lambda u, v: min(u, v), "min"),
        (np.maximum, "np.maximum"),
        (np.minimum, "np.minimum"),
        (lambda u, v: np.max(np.array([u, v], dtype=object)), "np.max"),
        (lambda u, v: np.min(np.array([u, v], dtype=object)), "np.min"),
    ],
    ids=lambda p: p if isinstance(p, str) else "",
)
def test_a_tie_in_max_or_min_gives_the_whole_gradient_to_the_first_operand(
    pick: Any, name: str
) -> None:
    """The README's rule (a subgradient choice): at a tie max and min give back their
    first operand, so f = 3·pick(x, y) + y² at x = y = 2 has, by hand, ∂f/∂x = 3 and
    ∂f/∂y = 2y = 4 (the second operand's share of the 3 is 0); with the operands the other
    way round, pick(y, x), ∂f/∂x = 0 and ∂f/∂y = 3 + 4 = 7. Away from a tie the larger
    (smaller) one gets it, as the derivative says: at x = 3, y = 2, max gives ∂f/∂x = 3."""
    x, y = Value(2.0), Value(2.0)
    f = 3.0 * pick(x, y) + y * y
    f.backward()
    assert (x.grad, y.grad) == (3.0, 4.0), name
    x, y = Value(2.0), Value(2.0)
    f = 3.0 * pick(y, x) + y * y
    f.backward()
    assert (x.grad, y.grad) == (0.0, 7.0), name
    bigger = "max" in name
    x, y = Value(3.0 if bigger else 1.0), Value(2.0)
    f = 3.0 * pick(x, y) + y * y
    f.backward()
    assert (x.grad, y.grad) == (3.0, 4.0), name
    assert grad(lambda u, v: max(u, v), argnums=(0, 1))(2.0, 2.0) == (1.0, 0.0)  # README's


@pytest.mark.parametrize(
    ("make", "advice"),
    [
        (
            lambda v: v // Fraction(10**45 + 1, 3),
            "v.data // Fraction(100000000000000000000000000000…",
        ),
        (lambda v: v // np.asarray(Value(2.0, label="w")), "v.data // w.data"),
        (lambda v: v % np.asarray(2.0), "v.data % np.float64(2.0)"),
    ],
    ids=["a long repr is cut with an ellipsis", "a 0-d array of a Value", "a 0-d float array"],
)
def test_floor_division_advice_shows_its_operand_whole_or_cut_visibly(
    make: Callable[[Value], object], advice: str
) -> None:
    """The advice pastes the other operand: cut at 40 characters without a mark, a long
    one read as code to type with its bracket open; a 0-d array was pasted as its repr
    (``array(Value(data=2.0, …``, cut), where everywhere else it is its one cell."""
    with pytest.raises(TypeError) as caught:
        make(Value(5.0))
    assert advice in str(caught.value)


def _clamp(a: float, low: float, high: float) -> float:
    """The oracle: clamp written with Python's comparisons, no numpy."""
    return low if a < low else high if a > high else a


@pytest.mark.parametrize("a", [-2.0, -1e-3, 0.0, 0.25, 0.999, 1.0, 1.5, 1e300])
def test_numpy_s_clip_of_a_value_is_a_value_with_clamp_s_derivative(a: float) -> None:
    """``np.clip(v, 0, 1)`` gave the bound itself when it clipped (the int 1: no Value,
    no graph, ``.backward()`` an AttributeError). It is a Value now, of numpy's number,
    with PyTorch's clamp's derivative: 1 strictly inside (central differences, the
    oracle), 0 outside (likewise), and 1 at a bound itself — PyTorch's clamp_backward
    is ``where((x >= min) & (x <= max), grad, 0)``, the bounds included."""
    v = Value(a)
    y = np.clip(v, 0, 1)
    assert isinstance(y, Value) and y.data == _clamp(a, 0.0, 1.0) == np.clip(a, 0, 1)
    y.backward()
    if a in (0.0, 1.0):
        assert v.grad == 1.0
    else:
        h = 1e-7 * max(1.0, abs(a))
        slope = (_clamp(a + h, 0.0, 1.0) - _clamp(a - h, 0.0, 1.0)) / (2 * h)
        assert v.grad == pytest.approx(slope, abs=1e-9)


@pytest.mark.parametrize(
    ("call", "data", "grads"),
    [
        (lambda v, w: np.clip(v, None, 1), 1.0, (0.0, 0.0)),
        (lambda v, w: np.clip(v, 3, None), 3.0, (0.0, 0.0)),
        (lambda v, w: np.clip(v, min=0, max=1), 1.0, (0.0, 0.0)),
        (lambda v, w: np.clip(v, 0.0, w), 0.5, (0.0, 1.0)),
        (lambda v, w: np.clip(2.0, w, 1.0), 1.0, (0.0, 0.0)),
        (lambda v, w: np.clip(0.75, w, 1.0), 0.75, (0.0, 0.0)),
        (lambda v, w: np.clip(0.25, w, 1.0), 0.5, (0.0, 1.0)),
        (lambda v, w: np.clip(v, np.float64(0.0), np.array(2.0)), 2.0, (1.0, 0.0)),
    ],
    ids=["no low", "no high", "min=, max=", "Value bound", "number above", "number inside",
         "Value bound chosen", "numpy's bounds"],
)  # fmt: skip
def test_numpy_s_clip_beside_a_value_is_a_value_each_way(
    call: Any, data: float, grads: tuple[float, float]
) -> None:
    """Each way np.clip meets a Value — a bound left out, numpy 2's min=/max=, a Value as
    a bound (chosen: its gradient 1, as PyTorch's clamp gives the bound's), a number
    clipped by a Value (the ufunc's path) — gives a Value, whose gradient reaches every
    Value given (0 where it was not chosen)."""
    v, w = Value(2.0), Value(0.5)
    y = call(v, w)
    assert isinstance(y, Value) and y.data == data
    y.backward()
    assert (v.grad, w.grad) == grads


def test_numpy_s_clip_of_a_value_with_an_array_clips_each_number() -> None:
    """``np.clip(v, array, 3)``: numpy's array of each number's clip, each a Value."""
    v = Value(-2.0)
    ys = np.clip(v, np.array([0.0, -3.0]), 3)
    assert [y.data for y in ys] == [0.0, -2.0] and all(isinstance(y, Value) for y in ys)
    (ys[0] + ys[1]).backward()
    assert v.grad == 1.0


def test_numpy_s_clip_of_a_value_goes_through_every_transform() -> None:
    """grad, jvp and hessian give clamp's derivatives (0 and 1 by central differences of
    the float clamp; the second derivative of clip(x²) inside is 2); a trace refuses it
    as it refuses np.maximum: the replay would keep the example's branch."""
    f = lambda x: np.clip(x * x, 0.0, 1.0) * 3.0  # noqa: E731
    for a in (-2.0, 0.5, 0.75, 2.0):
        h = 1e-6
        slope = (3 * _clamp((a + h) ** 2, 0.0, 1.0) - 3 * _clamp((a - h) ** 2, 0.0, 1.0)) / (2 * h)
        assert grad(f)(a) == pytest.approx(slope, abs=1e-6)
        assert jvp(f, (a,), (1.0,))[1] == pytest.approx(slope, abs=1e-6)
    assert hessian(lambda x: np.clip(x * x, 0.0, 1.0))(0.5) == [[2.0]]
    assert hessian(lambda x: np.clip(x * x, 0.0, 1.0))(2.0) == [[0.0]]
    with pytest.raises(UntraceableRead, match="a comparison"):
        trace(lambda a: np.clip(a[0], 0.0, 1.0), [0.5])


@pytest.mark.parametrize(
    ("f", "lo", "hi"),
    [
        (lambda a: np.clip(a[0], 0.0, 1.0), 0.0, 1.0),
        (lambda a: np.clip(2.0 * a[0], None, 1.0), None, 1.0),
        (lambda a: np.clip(a[0], None, 1.0), None, 1.0),
        (lambda a: np.clip(a[0], 0.0, None), 0.0, None),
        (lambda a: a[0].clip(-1.0, None), -1.0, None),
        (lambda a: np.clip(Value(0.5), a[0], 1.0), 0.5, 1.0),
        (lambda a: np.clip(0.5, a[0], 1.0), 0.5, 1.0),
        (lambda a: np.clip(np.array([0.5, 2.0]), a[0], 1.0)[1], 0.5, 1.0),
    ],
    ids=["np.clip(x, 0, 1)", "np.clip(2x, None, 1)", "np.clip(x, None, 1)", "np.clip(x, 0, None)",
         "x.clip(-1, None)", "a Value bound", "a number clipped", "an array clipped"],
)  # fmt: skip
def test_a_trace_of_numpy_s_clip_is_refused_naming_clip_and_what_traces(
    f: Any, lo: float | None, hi: float | None
) -> None:
    """A trace refuses np.clip of an input (the replay would keep the example's branch),
    and it said "as a number (a comparison >=) … instead of Python's if, <, float() and
    max()": a comparison the student never wrote, nothing said of np.clip or of what a
    trace can replay. The refusal names np.clip and the clip made of ops it replays, for
    the bounds given: with a bound None it named ``lo + (v - lo).relu() - (v - hi).relu()``
    all the same, a bound that is not there. Each rewrite is checked against numpy's
    np.clip of floats on samples either side of the bounds given (and its message's relu
    form is the one tested), and its derivative with PyTorch clamp's, the README's: 1 from
    lo to hi, the bounds included, 0 outside — lo + (v - lo).relu() gave 0 at lo."""
    with pytest.raises(UntraceableRead) as caught:
        trace(f, [0.5])
    said = str(caught.value)
    assert "a comparison" in said
    assert caught.value.kind == "branch"
    form: Callable[[Value], Value]
    if lo is None:
        assert hi is not None
        h = hi
        assert "np.clip(v, None, hi)" in said and "v - (v - hi).relu() clips alike" in said
        form = lambda v: v - (v - h).relu()  # noqa: E731
    elif hi is None:
        low = lo
        assert "np.clip(v, lo, None)" in said and "v + (lo - v).relu() clips alike" in said
        form = lambda v: v + (low - v).relu()  # noqa: E731
    else:
        (low, h) = (lo, hi)
        assert "np.clip(v, lo, hi)" in said
        assert "v + (lo - v).relu() - (v - hi).relu() clips alike" in said
        form = lambda v: v + (low - v).relu() - (v - h).relu()  # noqa: E731
    named = said.split(" clips alike")[0].rsplit("; ", 1)[1]  # the form: no bound not given
    assert ("lo" in named, "hi" in named) == (lo is not None, hi is not None)
    rewritten = trace(lambda a: form(a[0]), [0.5])
    edges = [b for b in (lo, hi) if b is not None]
    xs = np.array(sorted({-3.0, 3.0, *(b + d for b in edges for d in (-0.25, 0.0, 0.25))}))
    np.testing.assert_array_equal(rewritten.forward(xs[:, None]), np.clip(xs, lo, hi))
    for x in xs.tolist():
        inside = (lo is None or lo <= x) and (hi is None or x <= hi)
        assert grad(form)(x) == (1.0 if inside else 0.0)


@pytest.mark.parametrize(
    ("f", "name"),
    [
        (lambda x: np.maximum(x[0], x[1]), "maximum"),
        (lambda x: np.minimum(x[0], x[1]), "minimum"),
        (lambda x: np.fmax(x[0], x[1]), "fmax"),
        (lambda x: np.fmin(x[0], x[1]), "fmin"),
        (lambda x: np.maximum(0.5, x[0]), "maximum"),
        (lambda x: np.minimum(x[1], np.array([0.5, 2.0]))[0], "minimum"),
        (lambda x: np.clip(0.5, x[0], None), "maximum"),
        (lambda x: np.clip(0.5, None, x[0]), "minimum"),
    ],
    ids=["np.maximum", "np.minimum", "np.fmax", "np.fmin", "np.maximum(0.5, x)",
         "np.minimum(x, array)", "np.clip(0.5, x, None)", "np.clip(0.5, None, x)"],
)  # fmt: skip
def test_a_trace_of_numpy_s_maximum_is_refused_naming_it_and_what_traces(f: Any, name: str) -> None:
    """A trace refuses np.maximum of an input (numpy's pick compares the operands: the
    replay would keep the example's pick), and it said "as a number (a comparison >=) …
    instead of Python's if, <, float() and max()", a comparison the student never wrote
    and advice for a max() never called. The refusal names numpy's function (np.clip of a
    number with one bound None is numpy's maximum or minimum: named so) and the same pick
    made of ops; each form is checked against numpy's own function of floats with the
    larger operand on either side, and at a tie — its derivative too: the pick's, all to
    the operand numpy picks, the first at a tie (the README's rule). The larger was written
    b + (a - b).relu(), whose derivative at a tie went to b (relu's slope at 0 is 0)."""
    with pytest.raises(UntraceableRead) as caught:
        trace(f, [1.0, 2.0])
    said = str(caught.value)
    assert caught.value.kind == "branch" and "a comparison >" not in said
    larger = name in ("maximum", "fmax")
    form_said = (
        "a + (b - a).relu() is the larger" if larger else "a - (a - b).relu() is the smaller"
    )
    assert f"np.{name}(a, b), a comparison of a with b; {form_said} alike" in said
    # the tail names the function again, not Python's max() (it said "… float() and max()")
    assert said.endswith(f"Use that form, made of the Value's ops, in place of np.{name}")
    assert "max()" not in said
    form = (lambda a, b: a + (b - a).relu()) if larger else (lambda a, b: a - (a - b).relu())
    rewritten = trace(lambda x: form(x[0], x[1]), [1.0, 2.0])
    ab = np.array([[3.0, -1.0], [-1.0, 3.0], [0.25, 0.25], [-2.0, -0.5], [-0.5, -2.0]])
    np.testing.assert_array_equal(rewritten.forward(ab), getattr(np, name)(ab[:, 0], ab[:, 1]))
    for a, b in ab.tolist():
        first = a >= b if larger else a <= b  # numpy's pick of floats: a at a tie
        assert grad(form, argnums=(0, 1))(a, b) == ((1.0, 0.0) if first else (0.0, 1.0))


@pytest.mark.parametrize("name", ["fmax", "fmin"])
@pytest.mark.parametrize("nan", [math.nan, np.float64("nan"), np.array(np.nan)])
def test_a_trace_of_np_fmax_with_a_nan_takes_the_value_as_numpy_does(name: str, nan: Any) -> None:
    """np.fmax(x[0], nan) in a trace was refused and advised ``a + (b - a).relu()``, which
    is nan there, though eagerly np.fmax(v, nan) is v, nothing compared. The trace
    replays what numpy's own np.fmax and np.fmin of floats give (the oracle: the other
    operand, on either side), with the derivative 1 of the operand kept."""
    pick = getattr(np, name)
    rows = np.array([[3.0, 4.0], [-1.0, 7.0], [0.0, -0.0]])
    for f in (lambda x: pick(x[0], nan), lambda x: pick(nan, x[0])):
        traced = trace(f, [1.0, 2.0])
        np.testing.assert_array_equal(traced.forward(rows), pick(rows[:, 0], np.nan))
    assert grad(lambda a: pick(a, nan))(2.5) == 1.0
    assert grad(lambda a: pick(nan, a))(-2.5) == 1.0
    # an array of nans: each cell compares nothing either (it was refused, though
    # eagerly np.fmax(Value(1.0), np.array([np.nan])) is [Value(1.0)])
    nans = np.full((1, 2), np.nan)
    for g in (lambda x: pick(x[0], nans)[0, 1], lambda x: pick(nans, x[0])[0, 0]):
        traced = trace(g, [1.0, 2.0])
        np.testing.assert_array_equal(traced.forward(rows), pick(rows[:, 0], np.nan))


def test_a_trace_of_python_s_max_is_refused_as_a_comparison() -> None:
    """Python's max(v, w) asks no hook of the Value, only its comparison: the refusal
    names that comparison, as before (np.maximum's names numpy's function)."""
    with pytest.raises(UntraceableRead, match=r"\(a comparison >\)") as caught:
        trace(lambda x: max(x[0], x[1]), [1.0, 2.0])
    assert "np.maximum" not in str(caught.value)
    assert str(caught.value).endswith("instead of Python's if, <, float() and max()")


@pytest.mark.parametrize("name", ["maximum", "minimum", "fmax", "fmin"])
def test_a_trace_of_numpy_s_pick_of_the_whole_input_is_refused_as_the_readme_says(
    name: str,
) -> None:
    """np.maximum of the whole input list is numpy's own loop over its Values, which asks
    no Value's hook: it is refused in a comparison's words with np.maximum unnamed, as
    np.clip's is, where the README said the refusal names the function. The README says
    so now (both halves held here), and to pick each x[i], whose refusal names it."""
    readme = " ".join((Path(__file__).parents[1] / "README.md").read_text().split())
    assert "of the whole input (`np.maximum(x, 0.0)`, numpy's own loop over its Values)" in readme
    assert "in a comparison's words (np.maximum unnamed): pick each `x[i]`" in readme
    pick = getattr(np, name)
    with pytest.raises(UntraceableRead, match=r"\(a comparison [<>]=\)") as caught:
        trace(lambda x: pick(x, 0.0).sum(), [1.0, 2.0])
    assert f"np.{name}" not in str(caught.value)
    with pytest.raises(UntraceableRead, match=re.escape(f"in place of np.{name}")):
        trace(lambda x: sum(pick(xi, 0.0) for xi in x), [1.0, 2.0])


def test_numpy_s_pick_of_an_array_of_values_is_as_the_readme_says() -> None:
    """np.maximum of an array of Values is numpy's own loop, which asks no Value: a cell
    where it picks the number is the plain number, which the README said of np.clip only.
    It says so of np.maximum too, with the workarounds it gives, which are Values whose
    derivative is the pick's (0 where the number is picked, 1 where the Value is: by hand)."""
    readme = " ".join((Path(__file__).parents[1] / "README.md").read_text().split())
    assert "`np.maximum(xs, 0.0)` is 0.0 where a Value is below 0" in readme
    workaround = "`np.frompyfunc(lambda x: np.maximum(x, 0.0), 1, 1)(xs)`"
    assert f"{workaround} or `[np.maximum(x, 0.0) for x in xs]`" in readme
    xs = np.array([Value(-1.0), Value(2.0)], dtype=object)
    plain = np.maximum(xs, 0.0)
    assert type(plain[0]) is float and plain[0] == 0.0 and plain[1] is xs[1]
    for picked in (
        np.frompyfunc(lambda x: np.maximum(x, 0.0), 1, 1)(xs),
        [np.maximum(x, 0.0) for x in xs],
    ):
        for x in xs:
            x.grad = 0.0
        assert all(isinstance(y, Value) for y in picked)
        total = picked[0] + picked[1]
        total.backward()
        assert (total.data, xs[0].grad, xs[1].grad) == (2.0, 0.0, 1.0)


def test_numpy_s_fmax_of_an_array_of_values_and_nan_is_nan_as_the_readme_says() -> None:
    """np.fmax(xs, np.nan) of an array of Values is numpy's loop for objects, which gives
    nan in every cell (a RuntimeWarning only), though np.fmax(v, np.nan) of one Value is v:
    the README said nothing of it. Each edition says so now, and its workarounds keep the
    Values (numpy's np.fmax of floats, the oracle: the other operand)."""
    for name in ("README.md", "README.zh-CN.md"):
        readme = " ".join((Path(__file__).parents[1] / name).read_text().split())
        assert "`np.fmax(xs, np.nan)`" in readme and "`[np.fmax(x, c) for x in xs]`" in readme
    english = " ".join((Path(__file__).parents[1] / "README.md").read_text().split())
    assert "of an array of Values is nan in every cell" in english
    data = [1.0, -2.0]
    for pick in (np.fmax, np.fmin):
        xs = np.array([Value(d) for d in data], dtype=object)
        with pytest.warns(RuntimeWarning):
            plain = pick(xs, np.nan)
        assert all(type(c) is float and math.isnan(c) for c in plain)
        oracle = pick(np.array(data), np.nan)
        for picked in (
            [pick(x, np.nan) for x in xs],
            np.frompyfunc(lambda x, p=pick: p(x, np.nan), 1, 1)(xs),
        ):
            assert [c.data for c in picked] == oracle.tolist()
            assert all(isinstance(c, Value) for c in picked)


def test_a_trace_of_numpy_s_clip_of_the_whole_input_is_refused_as_the_readme_says() -> None:
    """The README said a trace names the relu form of np.clip; np.clip of the whole input
    list is numpy's own loop over its Values, which asks no Value's clip, and is refused
    in a comparison's words with np.clip unnamed: the README says so, and to clip each
    x[i], whose refusal names the form. Both halves of that sentence are held here."""
    readme = " ".join((Path(__file__).parents[1] / "README.md").read_text().split())
    assert "np.clip of the whole input (`np.clip(x, 0.0, 1.0)`" in readme
    assert "refused in a comparison's words (`a comparison >=`, np.clip unnamed)" in readme
    with pytest.raises(UntraceableRead, match=r"\(a comparison >=\)") as caught:
        trace(lambda x: np.clip(x, 0.0, 1.0), [0.5])
    assert "np.clip" not in str(caught.value)
    with pytest.raises(UntraceableRead, match=re.escape("v + (lo - v).relu() - (v - hi)")) as each:
        trace(lambda x: [np.clip(xi, 0.0, 1.0) for xi in x], [0.5])
    assert str(each.value).endswith("in place of np.clip") and "max()" not in str(each.value)


@pytest.mark.parametrize(
    "call",
    [
        lambda v: np.clip(v, np.nan, 1.0),
        lambda v: np.clip(v, 0.0, np.nan),
        lambda v: np.clip(v, np.float32("nan"), None),
        lambda v: v.clip(None, float("nan")),
        lambda v: np.clip(np.array([0.5, np.nan]), v, 1.0)[1],
        lambda v: np.clip(v, np.longdouble("nan"), 1.0),
        lambda v: np.clip(v, None, np.float16("nan")),
        lambda v: np.clip(np.longdouble("nan"), v, 1.0),
    ],
    ids=["nan low", "nan high", "float32 nan low", "v.clip nan high", "nan clipped by v",
         "longdouble nan low", "float16 nan high", "longdouble nan clipped"],
)  # fmt: skip
def test_numpy_s_clip_with_a_nan_bound_is_refused_naming_clip(call: Any) -> None:
    """numpy's clip gives nan wherever a bound is nan (``np.clip(0.5, np.nan, 1.0)`` is
    nan), which no Value holds: ``np.clip(v, np.nan, 1.0)`` was Value(1.0) without a word
    (the comparisons with nan all False), and a nan upper bound was refused as an "add of
    0.0 and nan" the student never wrote; a nan clipped by a Value bound was the bound.
    Each is refused as np.clip's."""
    assert math.isnan(np.clip(0.5, np.nan, 1.0)) and math.isnan(np.clip(0.5, 0.0, np.nan))
    assert math.isnan(np.clip(np.nan, 0.0, 1.0))
    # numpy's longdouble nan was taken past (np.clip(v, np.longdouble("nan"), 1.0) was
    # Value(1.0)): a longdouble is no float, and its .item() stays a longdouble
    assert np.isnan(np.clip(0.5, np.longdouble("nan"), 1.0))
    with pytest.raises(DomainError, match=r"^np\.clip: (a bound|the number clipped) is nan"):
        call(Value(0.5))


@pytest.mark.parametrize(
    ("low", "high", "error", "says"),
    [
        (np.inf, np.inf, DomainError, "got inf, expected a finite number"),
        (-np.inf, -np.inf, DomainError, "got -inf, expected a finite number"),
        (2**1100, None, OverflowError, "int too large for a float"),
        (0, 2**53 + 1, ValueError, "the integer 9007199254740993, which no float holds"),
    ],
    ids=["inf", "-inf", "2**1100", "2**53 + 1"],
)
def test_numpy_s_clip_to_a_bound_no_value_holds_is_refused_naming_clip(
    low: Any, high: Any, error: type[Exception], says: str
) -> None:
    """A chosen bound no Value can hold (±inf, an integer beyond a float or none holds
    exactly) was refused by the "+" joining it to the graph, a sum the student never
    wrote ("+: int too large for a float", "add of 0.0 and inf"): np.clip names it."""
    with pytest.raises(error, match=r"^np\.clip: ") as caught:
        np.clip(Value(1e17), low, high)
    assert says in str(caught.value), str(caught.value)
    assert np.clip(Value(0.5), -np.inf, np.inf).data == 0.5  # an unchosen ±inf is fine


@pytest.mark.parametrize(
    "call",
    [
        lambda v: np.clip(v, 0, 1, out=np.empty((), dtype=object))[()],
        lambda v: np.clip(v, 0, 1, dtype=object),
        lambda v: np.clip(v, 0, 1, out=np.empty((), dtype=object), dtype=object)[()],
        lambda v: v.clip(0, 1, out=np.empty((), dtype=object))[()],
        lambda v: np.clip(v, 0, 1, dtype=None, casting="unsafe"),
    ],
    ids=["out= objects", "dtype=object", "both", "v.clip(out=)", "dtype=None, casting="],
)
def test_numpy_s_clip_with_an_array_of_objects_as_out_is_a_value(call: Any) -> None:
    """numpy's np.clip catches a TypeError from ``Value.clip`` and clips ``np.asarray(v)``
    its own way: ``np.clip(v, 0, 1, out=o)`` (o an array of objects) and ``dtype=object``
    still gave the bound itself, the plain int 1 — Value.clip's refusal of out= was never
    seen. An array of objects as out= is written the Value (and returned, as numpy
    returns out); dtype=object is the Value's own."""
    v = Value(3.5)
    y = call(v)
    assert isinstance(y, Value) and y.data == 1.0
    y.backward()
    assert v.grad == 0.0
    inside = Value(0.25)
    o = np.empty((), dtype=object)
    assert np.clip(inside, 0, 1, out=o) is o and o[()] is inside


def test_numpy_s_clip_into_a_float_array_is_refused() -> None:
    """out= an array of floats would hold the number without its graph: refused in the
    Value's words, through np.clip as called as a method (np.clip answered numpy's "Cannot
    cast ufunc 'clip' output", having caught the Value's refusal as a TypeError)."""
    with pytest.raises(ClipRefused, match=r"^np\.clip of a Value: out= is numpy's"):
        np.clip(Value(3.5), 0, 1, out=np.empty(()))
    with pytest.raises(ClipRefused, match=r"^np\.clip of a Value: out=, signature= are numpy's"):
        Value(3.5).clip(0, 1, out=np.empty(()), signature="ddd->d")


@pytest.mark.parametrize(
    ("a", "where"),
    [(2.0, True), (2.0, np.True_), (2.0, np.array(True)), (0.5, True), (-1.0, True), (2.0, 1),
     (-1.0, 1), (2.0, 2.5)],
    ids=["True", "np.True_", "0-d array True", "inside", "below", "where=1", "where=1 below",
         "where=2.5"],
)  # fmt: skip
def test_numpy_s_clip_takes_where_true_as_every_cell(a: float, where: Any) -> None:
    """``where=True`` is numpy's default, every cell written: nothing to one number. It
    was refused by a TypeError that numpy's np.clip caught, clipping ``np.asarray(v)`` its
    own way: ``np.clip(Value(2.0), 0, 1, where=True)`` was the plain int 1, no graph.
    Now the Value np.clip(v, 0, 1) is (oracle: numpy's clip of the float, clamp's
    derivative, 1 inside and 0 outside)."""
    v = Value(a)
    y = np.clip(v, 0, 1, where=where)
    assert isinstance(y, Value) and y.data == np.clip(a, 0.0, 1.0)
    y.backward()
    assert v.grad == (1.0 if 0.0 <= a <= 1.0 else 0.0)


@pytest.mark.parametrize(
    ("call", "says"),
    [
        (lambda v, w: np.clip(v, 0, 1, where=False), "where= is"),
        (lambda v, w: np.clip(v, 0, 1, where=np.array([True, False])), "where= is"),
        (lambda v, w: np.clip(v, 0, 1, signature="ddd->d"), "signature= is"),
        (lambda v, w: np.clip(v, 0, 1, dtype=float), "dtype= is"),
        (lambda v, w: np.clip(2.0, w, 1, where=False), "where= is"),
    ],
    ids=["where=False", "where= a mask", "signature=", "dtype=float", "number, where=False"],
)
def test_numpy_s_clip_refuses_numpy_s_keywords_itself(call: Any, says: str) -> None:
    """np.clip's keywords for arrays of numbers are refused through ``np.clip(...)`` — not
    only ``v.clip(...)`` — naming np.clip: numpy's np.clip catches a TypeError from
    ``Value.clip`` and answers with its own loop, so ``where=False`` gave None and
    ``signature='OOO->O'`` the int 1 without a word. ClipRefused is no TypeError, for
    numpy to let it through."""
    assert not issubclass(ClipRefused, TypeError) and issubclass(ClipRefused, ValueError)
    with pytest.raises(ClipRefused, match=rf"^np\.clip of a Value: {says} numpy's"):
        call(Value(2.0), Value(0.5))


def test_numpy_reads_these_where_values_as_the_clip_test_takes_them() -> None:
    """The oracle for the where= tests around: numpy's own clip of floats writes every cell
    for where=1 and 2.5 (read as True), none for None, 0 and False, and refuses a 0-d int
    array (it casts where= safely)."""
    for where, written in [(1, True), (2.5, True), (None, False), (0, False), (False, False)]:
        out = np.full(2, 9.0)
        np.clip(np.array([0.5, 2.0]), 0.0, 1.0, out=out, where=where)
        assert out.tolist() == ([0.5, 1.0] if written else [9.0, 9.0])
    with pytest.raises(TypeError):
        np.clip(np.array([0.5, 2.0]), 0.0, 1.0, out=np.zeros(2), where=np.array(1))


@pytest.mark.parametrize(
    ("where", "said", "not_said"),
    [
        (False, "where=False writes no cell: leave np.clip out", "reads"),
        (np.False_, "where=False writes no cell: leave np.clip out", "reads"),
        (np.array(False), "where=False writes no cell: leave np.clip out", "reads"),
        (None, "numpy reads where=None as False, no cell written: leave np.clip out",
         "where=False"),
        (0, "numpy reads where=0 as False, no cell written: leave np.clip out", "where=False"),
        (np.array(1), "numpy refuses where=array(1) for an array of floats too: Cannot cast",
         "no cell"),
    ],
    ids=["False", "np.False_", "0-d array False", "None", "0", "0-d int array"],
)  # fmt: skip
def test_numpy_s_clip_tells_a_where_as_numpy_reads_it(where: Any, said: str, not_said: str) -> None:
    """where=None and where=0 were told "where=False writes no cell" (a False never given),
    and where=1, which numpy reads as True, was refused as False: each 0-d where= is told
    as numpy reads it for an array of floats (the test above), or as numpy refuses it."""
    for call in (
        lambda: np.clip(Value(2.0), 0, 1, where=where),
        lambda: Value(2.0).clip(0, 1, where=where),
        lambda: np.clip(2.0, Value(0.5), 1, where=where),
    ):
        with pytest.raises(ClipRefused) as caught:
            call()
        assert f" — {said}" in str(caught.value)
        assert not_said not in str(caught.value).split(" — ")[1]


class _Truth:
    """A where= numpy reads by its truth (False), counting the reads."""

    def __init__(self) -> None:
        self.reads = 0

    def __bool__(self) -> bool:
        self.reads += 1
        return False

    def __repr__(self) -> str:
        return "truth"


def test_numpy_s_clip_reads_a_where_once_as_numpy_does() -> None:
    """np.clip of a Value read a 0-d where= through numpy twice on its refusal path (once
    to ask whether it is True, once more to say how numpy reads it), where numpy's own
    clip of floats reads it once (counted here, the oracle): an object's ``__bool__`` ran
    twice, and a where= read otherwise the second time would be told as numpy never read
    it. It is read once, and told as that read."""
    numpy_s = _Truth()
    np.clip(np.ones(1), 0.0, 1.0, out=np.zeros(1), where=numpy_s)
    for call in (
        lambda w: np.clip(Value(2.0), 0, 1, where=w),
        lambda w: Value(2.0).clip(0, 1, where=w),
        lambda w: np.clip(2.0, Value(0.5), 1, where=w),
    ):
        where = _Truth()
        with pytest.raises(ClipRefused, match="numpy reads where=truth as False"):
            call(where)
        assert where.reads == numpy_s.reads == 1


class _Arrayed:
    """A where= numpy reads through ``__array__`` (as the 0-d boolean ``truth``),
    counting its reads."""

    def __init__(self, truth: bool) -> None:
        self.truth = truth
        self.reads = 0

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        self.reads += 1
        return np.array(self.truth)

    def __repr__(self) -> str:
        return "arrayed"


@pytest.mark.parametrize("truth", [True, False])
def test_np_clip_and_np_maximum_read_an_array_like_where_once_as_numpy_does(truth: bool) -> None:
    """A where= with ``__array__`` was read twice by np.clip and np.maximum of a Value (its
    dimensions asked of the object, then its truth), where numpy's own np.clip and
    np.maximum of floats read it once (counted here, the oracle): it is read once, taken
    (True) or refused (False) as numpy read it."""
    for numpy_s in (
        lambda w: np.clip(np.ones(1), 0.0, 1.0, out=np.zeros(1), where=w),
        lambda w: np.maximum(np.ones(1), 0.0, out=np.zeros(1), where=w),
    ):
        counted = _Arrayed(truth)
        numpy_s(counted)
        assert counted.reads == 1
    for call in (
        lambda w: np.clip(Value(2.0), 0, 1, where=w),
        lambda w: Value(2.0).clip(0, 1, where=w),
        lambda w: np.clip(2.0, Value(0.5), 1, where=w),
        lambda w: np.maximum(Value(2.0), 0.0, where=w),
        lambda w: np.fmin(0.0, Value(2.0), where=w),
    ):
        where = _Arrayed(truth)
        if truth:
            assert isinstance(call(where), Value)
        else:
            with pytest.raises(ClipRefused, match="numpy reads where=arrayed as False"):
                call(where)
        assert where.reads == 1


def test_numpy_s_clip_refuses_a_keyword_numpy_has_not_as_numpy_does() -> None:
    """``np.clip(Value(2.0), 0, 1, bogus=3)`` was told "bogus= is numpy's, for arrays of
    numbers", though numpy has no such keyword: numpy's clip of floats raises a TypeError
    naming it, and so does np.clip of a Value (numpy's own words, as its loop answers);
    ``v.clip(0, 1, bogus=3)`` says np.clip takes no keyword bogus=."""
    with pytest.raises(TypeError) as numpy_s:
        np.clip(np.array([0.5, 2.0]), 0.0, 1.0, bogus=3)  # type: ignore[call-overload]
    with pytest.raises(TypeError) as caught:
        np.clip(Value(2.0), 0, 1, bogus=3)  # type: ignore[call-overload]
    assert str(caught.value) == str(numpy_s.value)
    assert not isinstance(caught.value, ClipRefused)
    with pytest.raises(TypeError, match=r"^np\.clip takes no keyword bogus=, axis= \(") as own:
        Value(2.0).clip(0, 1, bogus=3, axis=0)
    assert "numpy's," not in str(own.value)


@pytest.mark.parametrize(
    ("keywords", "advice"),
    [
        ({"where": False}, "where=False writes no cell: leave np.clip out"),
        ({"where": np.array([True])}, "for a mask: np.where(mask, np.clip(v, lo, hi), other)"),
        (
            {"signature": "ddd->d"},
            "signature= picks one of numpy's loops, and a Value is clipped by the engine, in "
            "none of them (the objects' 'OOO->O' is taken, as dtype=object is)",
        ),
        ({"dtype": float}, None),
    ],
    ids=["where=False", "where= a mask", "signature=", "dtype=float"],
)
def test_numpy_s_clip_advises_for_the_keyword_given(
    keywords: dict[str, Any], advice: str | None
) -> None:
    """Each refused keyword is told what fits it alone: a mask's np.where was advised to
    dtype=float and to where=False (no mask) alike."""
    with pytest.raises(ClipRefused) as caught:
        np.clip(Value(2.0), 0, 1, **keywords)  # type: ignore[call-overload]
    said = str(caught.value)
    advices = ["no cell", "for a mask", "signature= picks"]
    assert [a for a in advices if a in said] == [a for a in advices if advice and a in advice]
    assert advice is None or f" — {advice}: y = np.clip(v, lo, hi)" in said


@pytest.mark.parametrize(
    ("call", "got"),
    [
        (lambda v, w: np.clip(v, True, 1), "the boolean True"),
        (lambda v, w: np.clip(v, 0, np.True_), "the boolean True"),
        (lambda v, w: np.clip(v, "a", 1), "str ('a')"),
        (lambda v, w: np.clip(v, np.array(["a", "b"]), 1), "str ('a')"),
        (lambda v, w: np.clip(2.0, w, True), "the boolean True"),
        (lambda v, w: v.clip(None, "a"), "str ('a')"),
    ],
    ids=["True low", "np.True_ high", "str low", "array of str", "number by w, True", "v.clip"],
)
def test_numpy_s_clip_of_a_bound_that_is_no_number_is_refused_naming_clip(
    call: Any, got: str
) -> None:
    """A boolean or a str as a bound was refused as a "comparison: expected a real number
    …" — the comparison inside numpy's own loop, which np.clip fell back to on the
    TypeError of Value.clip; it is np.clip's refusal, naming what it got."""
    with pytest.raises(ClipRefused, match=r"^np\.clip: expected a real number") as caught:
        call(Value(2.0), Value(0.5))
    assert f"got {got}" in str(caught.value), str(caught.value)


@pytest.mark.xfail(
    strict=True,
    reason="numpy's clip of an array of objects compares the cells with the bounds in its "
    "own loop, asking no Value's clip or __array_ufunc__: a clipped cell is the plain "
    "bound (README: clip each, np.frompyfunc)",
)
def test_numpy_s_clip_of_an_array_of_values_gives_values() -> None:
    """``np.clip(xs, 0, 1)`` of an array of Values is ``array([1, 1])`` where every cell
    clips: ``np.sum`` of it the int 2, no Value to call ``.backward()`` on. Strict: this
    fails the day numpy (or the engine) asks, for the README's sentence to go."""
    ys = np.clip(np.array([Value(2.0), Value(3.0)], dtype=object), 0, 1)
    assert all(isinstance(y, Value) for y in ys)


@pytest.mark.xfail(
    strict=True,
    reason="a Value inside an array of objects as a bound is no operand of np.clip: numpy's "
    "loop clips without asking the Value's hook, and a number it chooses is plain (README)",
)
def test_numpy_s_clip_by_an_array_of_objects_holding_a_value_gives_values() -> None:
    """``np.clip(xs, np.array([w, 0.0], dtype=object), 1)``: every cell clipped to the
    high bound is the int 1 (numpy's loop: ``min(max(x, lo), hi)``), no Value among them.
    Strict: this fails the day numpy (or the engine) asks, for the README's word to go."""
    xs = np.array([Value(2.0), Value(3.0)], dtype=object)
    ys = np.clip(xs, np.array([Value(0.5), 0.0], dtype=object), 1)
    assert all(isinstance(y, Value) for y in ys)


def test_numpy_s_clip_of_each_value_of_an_array_as_the_readme_writes() -> None:
    """The README's way round numpy's loop, ``np.frompyfunc(lambda x: np.clip(x, lo,
    hi), 1, 1)(xs)``: each cell a Value, clamp's gradient to each (0 clipped, 1 inside)."""
    xs = np.array([Value(2.0), Value(0.5)], dtype=object)
    ys = np.frompyfunc(lambda x: np.clip(x, 0, 1), 1, 1)(xs)
    assert all(isinstance(y, Value) for y in ys) and [y.data for y in ys] == [1.0, 0.5]
    np.sum(ys).backward()
    assert [x.grad for x in xs] == [0.0, 1.0]


@pytest.mark.parametrize(
    "call",
    [
        lambda w: np.clip(2.0, w, 1, out=np.empty((), dtype=object))[()],
        lambda w: np.clip(2.0, w, 1, dtype=object),
        lambda w: np.clip(np.array([2.0]), w, 1, out=np.empty(1, dtype=object))[0],
    ],
    ids=["out=", "dtype=object", "array, out="],
)
def test_numpy_s_clip_of_a_number_by_a_value_bound_takes_out_too(call: Any) -> None:
    """``np.clip(2.0, w, 1, out=o)`` reaches the Value's ufunc hook with out= (numpy
    clips ``np.asarray(2.0)``), and numpy's loop for objects gave the bound itself, the
    int 1: it is the Value np.clip(2.0, w, 1) is, written into o."""
    w = Value(0.5)
    y = call(w)
    assert isinstance(y, Value) and y.data == 1.0
    y.backward()
    assert w.grad == 0.0


def test_fmod_of_an_array_of_values_is_refused_as_of_one() -> None:
    """``np.fmod(xs, 2)`` of an array of Values is numpy's loop for objects, which calls
    each cell's ``fmod`` method: it stopped with Python's bare "'Value' object has no
    attribute 'fmod'" where ``np.fmod(v, 2)`` and ``np.remainder(xs, 2)`` say why and
    what to write; the cell's refusal now, as ``np.fmod(v, 2)``'s."""
    xs = np.array([Value(-3.5, label="v"), Value(1.0)], dtype=object)
    with pytest.raises(TypeError, match=r"^np\.fmod\(v, 2\): a Value has no fmod") as caught:
        np.fmod(xs, 2)
    assert "v - 2 * np.trunc(v.data / 2)" in str(caught.value)


@pytest.mark.xfail(
    strict=True,
    raises=AttributeError,
    reason="np.fmod(2, xs) has no Value as an operand, so no hook is asked: numpy's loop "
    "for objects calls the int's fmod method, which it has not (README, beside np.fmod)",
)
def test_fmod_of_a_number_by_an_array_of_values_is_refused_as_of_one() -> None:
    """``np.fmod(2, xs)``, the mirror of ``np.fmod(xs, 2)``: numpy's loop asks the int 2
    for ``fmod`` and says only "'int' object has no attribute 'fmod'". Strict: it fails
    the day this says why, as np.fmod(2, v) does, for the README's sentence to go."""
    with pytest.raises(TypeError, match=r"a Value has no fmod"):
        np.fmod(2, np.array([Value(1.0)], dtype=object))


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="np.divmod(xs, 2) has no Value as an operand and numpy no loop for objects: "
    "numpy's own 'ufunc divmod not supported for the input types' (README, beside np.fmod)",
)
def test_divmod_of_an_array_of_values_is_refused_as_of_one() -> None:
    """``np.divmod(xs, 2)`` of an array of Values says numpy's "ufunc 'divmod' not
    supported for the input types …", where ``np.divmod(v, 2)`` says a Value has no
    divmod and what to write. Strict: it fails the day the engine says so here too."""
    with pytest.raises(TypeError) as caught:
        np.divmod(np.array([Value(-3.5), Value(1.0)], dtype=object), 2)
    assert "a Value has no divmod" in str(caught.value), str(caught.value)


@pytest.mark.parametrize(
    ("call", "data"),
    [
        (lambda v: v.clip(min=0, max=1), 1.0),
        (lambda v: v.clip(max=1), 1.0),
        (lambda v: v.clip(min=4.0), 4.0),
        (lambda v: v.clip(0, max=2.5), 2.5),
    ],
    ids=["min=, max=", "max=", "min=", "a_min, max="],
)
def test_a_value_s_clip_takes_min_and_max_as_pytorch_and_numpy_name_them(
    call: Any, data: float
) -> None:
    """``v.clip(min=0, max=1)`` — the names of PyTorch's ``Tensor.clip`` and of numpy
    2's ``ndarray.clip`` — was refused as "out= and the other keywords (min, max) are
    numpy's, for arrays": they are the bounds (oracle: numpy's clip of the number)."""
    v = Value(3.0)
    y = call(v)
    assert isinstance(y, Value) and y.data == data == call(np.array(3.0))


def test_a_value_s_clip_given_a_bound_twice_is_refused() -> None:
    """A bound given by position and by name is refused, as Python refuses an argument
    given twice (numpy's ``np.clip(3.0, 0, 1, min=0)`` is refused too)."""
    with pytest.raises(TypeError, match=r"^Value\.clip: the low bound is given twice"):
        Value(3.0).clip(0, 1, min=0)


_GOT = "expected a real number or a Value, got"
_MANY = (
    "which holds 2 entries: a Value holds one number; for an array of numbers, make a Value "
    "of each: np.array([Value(x) for x in xs]), or the list [Value(x) for x in xs]"
)


@pytest.mark.parametrize(
    ("call", "said"),
    [
        (lambda: Value(np.array([0.5])), f"Value: {_GOT} ndarray (array([0.5])) — an array of "
         f"shape (1,) holding one: give its number, xs.item()"),
        (lambda: Value(np.array([[0.5]])), f"Value: {_GOT} ndarray (array([[0.5]])) — an "
         f"array of shape (1, 1) holding one: give its number, xs.item()"),
        (lambda: Value([0.5]), f"Value: {_GOT} list ([0.5]) — a list holding one: give its "
         f"number, xs[0]"),
        (lambda: Value((0.5,)), f"Value: {_GOT} tuple ((0.5,)) — a tuple holding one: give "
         f"its number, xs[0]"),
        (lambda: operator.add(Value(1.0), [0.5]), f"+: {_GOT} list ([0.5]) — a list holding "
         f"one: give its number, xs[0]"),
        (lambda: Value(np.array([0.5, 0.25])), f"Value: {_GOT} ndarray (array([0.5 , 0.25])) "
         f"— an array of shape (2,), {_MANY}"),
        (lambda: Value([1.0, 2.0]), f"Value: {_GOT} list ([1.0, 2.0]) — a list, {_MANY}"),
        (lambda: Value(np.array([True])), f"Value: {_GOT} ndarray (array([ True]))"),
        (lambda: Value(["a"]), f"Value: {_GOT} list (['a'])"),
        (lambda: Value([]), f"Value: {_GOT} list ([])"),
    ],
    ids=["array-1", "array-1x1", "list-1", "tuple-1", "add-list-1", "array-2", "list-2",
         "array-bool", "list-str", "list-empty"],
)  # fmt: skip
def test_a_holder_of_numbers_given_for_a_value_is_told_how_to_give_one(
    call: Callable[[], object], said: str
) -> None:
    """Value(np.array([0.5])), Value([0.5]) and Value(np.array([[0.5]])) said only
    "Value: expected a real number or a Value, got ndarray (array([0.5]))", of what looks
    like a number: how to give its one number (xs.item(), xs[0] of a list) is now said,
    in load_state_dict's words, and of several that a Value holds one number. A holder
    with no number, or one that is no number, is told as before."""
    with pytest.raises(TypeError) as info:
        call()
    assert str(info.value) == said


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        (np.array([0.5]), "node 'w': w.data = array([0.5]): expected a real number, got "
         "ndarray — an array of shape (1,) holding one: give its number, xs.item()"),
        ([0.5], "node 'w': w.data = [0.5]: expected a real number, got list — a list holding "
         "one: give its number, xs[0]"),
        (np.zeros(2), "node 'w': w.data = array([0., 0.]): expected a real number, got "
         "ndarray"),  # data is one number: no word of making Values
    ],
    ids=["array-1", "list-1", "array-2"],
)  # fmt: skip
def test_a_holder_of_one_number_written_into_data_is_told_how_to_give_it(
    raw: object, said: str
) -> None:
    """``w.data = np.array([0.5])`` said only "expected a real number, got ndarray"; it is
    now told how to give the number, as Value(...) is. Nothing is written."""
    w = Value(0.25, label="w")
    with pytest.raises(TypeError) as info:
        w.data = raw
    assert str(info.value) == said
    assert w.data == 0.25
    w.data = np.array([0.5]).item()  # the advice works
    assert w.data == 0.5
