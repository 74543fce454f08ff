"""Misuse refused with errors that say what was expected (issue 9, items 6, 10, 12).

Each of these used to give a plausible wrong answer (``grad`` of a function that forgets
to ``return`` was 0.0), or fail in the wrong way (a traceback and exit status 1, a
ZeroDivisionError from deep inside ``gradcheck``).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

from autograd_mini import (
    Value,
    dot,
    draw_graph,
    grad,
    gradcheck,
    gradients,
    numerical_gradient,
    trace,
    vsum,
)

# --------------------------------------------------------------------------- item 6: grad


def _forgets_to_return(x: Value) -> None:
    x * x  # the bug under test: the result is dropped


@pytest.mark.parametrize(
    ("f", "pattern"),
    [
        (_forgets_to_return, r"_forgets_to_return must return one number.*NoneType.*forget"),
        (lambda x: "x*x", r"got str \('x\*x'\)"),
        (lambda x: [x * x], r"got list"),
        (lambda x: x.data > 0, r"got bool"),
    ],
)
def test_grad_refuses_outputs_that_are_not_one_number(f, pattern: str) -> None:
    with pytest.raises(TypeError, match=pattern):
        grad(f)(3.0)


def test_grad_still_gives_zero_for_a_genuine_constant() -> None:
    """d/dx of the constant function 3 is 0: a plain number is a fine output."""
    assert grad(lambda x: 3.0)(1.0) == 0.0
    assert grad(lambda x: 2)(1.0) == 0.0


def test_grad_refuses_repeated_argnums() -> None:
    """The issue's case gave (0.0, 2.0) for ∂(xy)/∂x = y = 2 listed twice."""
    f = lambda x, y: x * y  # noqa: E731
    with pytest.raises(ValueError, match=r"argnums \[0, 0\] lists 0 twice"):
        grad(f, argnums=[0, 0])(3.0, 2.0)
    with pytest.raises(ValueError, match=r"argnums 1 and -1 are the same argument"):
        grad(f, argnums=(1, -1))(3.0, 2.0)
    assert grad(f, argnums=[0, 1])(3.0, 2.0) == (2.0, 3.0)  # ∂/∂x = y, ∂/∂y = x


@pytest.mark.parametrize(
    ("argnums", "error", "pattern"),
    [
        ("0", TypeError, "argnums must be an int or a sequence of ints"),
        ([0, 1.0], TypeError, r"argnums must hold ints, got 1\.0"),
        ([True], TypeError, "argnums must hold ints"),
        ((), ValueError, "argnums is empty"),
        (None, TypeError, "argnums must be an int or a sequence"),
    ],
)
def test_grad_refuses_bad_argnums(argnums: object, error: type, pattern: str) -> None:
    with pytest.raises(error, match=pattern):
        grad(lambda x, y: x * y, argnums=argnums)(3.0, 2.0)  # type: ignore[arg-type]


def test_grad_refuses_a_non_function() -> None:
    with pytest.raises(TypeError, match="f must be a function, got int"):
        grad(3)  # type: ignore[arg-type]


def test_gradients_refuses_wrt_that_is_not_a_list_of_values() -> None:
    x = Value(2.0)
    y = x * x
    with pytest.raises(TypeError, match=r"wrt\[0\] is float \(1\.0\), expected a Value"):
        gradients(y, [1.0])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"wrt must be a list of Values, got Value.*\[x\]"):
        gradients(y, x)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="root must be a Value, got float"):
        gradients(4.0, [x])  # type: ignore[arg-type]
    assert gradients(y, [x]) == [4.0]


@pytest.mark.parametrize(
    ("wrt", "kind"), [(lambda x: (w for w in [x]), "generator"), (lambda x: {x}, "set")]
)
def test_gradients_refuses_wrt_that_is_no_sequence(wrt, kind: str) -> None:
    """A generator or a set is no list of Values: refused naming its type. (Read as one, a
    generator is used up by the check of its items and gradients answers [] — no
    gradient at all, with no word; a set has no order to give the answers in.)"""
    x = Value(2.0)
    y = x * x
    with pytest.raises(TypeError, match=f"^gradients: wrt must be a list of Values, got {kind}$"):
        gradients(y, wrt(x))


@pytest.mark.parametrize("seed", [[1.0], [1.0, 2.0], (1.0,), Value(1.0)])
def test_a_gradient_seed_must_be_one_number(seed: object) -> None:
    x = Value(2.0)
    y = x * x
    for call in (lambda: y.backward(seed), lambda: gradients(y, [x], seed)):  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="gradient must be one real number"):
            call()
    assert x.grad == 0.0


# --------------------------------------------------------------------------- item 12


@pytest.mark.parametrize("eps", [0, 0.0, -1e-6, float("nan"), float("inf")])
def test_gradcheck_refuses_a_step_that_is_not_positive(eps: float) -> None:
    with pytest.raises(ValueError, match=r"gradcheck: eps must be a finite number > 0"):
        gradcheck(lambda x: x * x, 2.0, eps=eps)
    with pytest.raises(ValueError, match=r"^numerical_gradient: eps must be a finite number > 0"):
        numerical_gradient(lambda x: x * x, 2.0, eps=eps)


@pytest.mark.parametrize(
    "eps", [np.array(1e-6), Decimal("0.000001"), Fraction(1, 10**6), np.float32(1e-3)]
)
def test_a_step_is_read_as_a_pictures_column_is(eps: object) -> None:
    """A step of numpy's as a 0-d array, or a Decimal, was refused as "eps must be a real
    number, got ndarray" (a column of the same number is drawn): read as one. Oracle:
    d(x³)/dx = 3x² = 12 at x = 2, to the central difference's O(ε²)."""
    (slope,) = numerical_gradient(lambda x: x * x * x, 2.0, eps=eps)  # type: ignore[arg-type]
    assert slope == pytest.approx(12.0, abs=1e-5)
    gradcheck(lambda x: x * x * x, 2.0, eps=eps)  # type: ignore[arg-type]


def test_a_step_beyond_a_float_is_refused_naming_it() -> None:
    """eps=10**400 raised Python's "int too large to convert to float", naming no
    argument (OverflowError, not the ValueError of every other step out of range)."""
    with pytest.raises(ValueError, match=r"^numerical_gradient: eps must be a finite number > 0, "
                       r"got an integer of 401 digits$"):  # fmt: skip
        numerical_gradient(lambda x: x * x, 2.0, eps=10**400)
    # its sign said: "got an integer of 401 digits" left out what is wrong with it
    with pytest.raises(ValueError, match=r"^gradcheck: atol must be a finite number ≥ 0, "
                       r"got a negative integer of 401 digits$"):  # fmt: skip
        gradcheck(lambda x: x * x, 2.0, atol=-(10**400))


@pytest.mark.parametrize(
    "x",
    [np.array(12.5), Decimal("12.5"), Fraction(25, 2), np.int64(12),
     pytest.param(10**400, id="1e400"), Decimal("sNaN"),
     True, np.array(True), np.bool_(True), "0.5", None, float("nan"), -1.0, 0.0],
)  # fmt: skip
def test_a_step_and_a_column_are_one_reading(x: object) -> None:
    """gradcheck's eps and draw_graph's column are positive sizes, read alike: a number
    one takes the other takes (the other's messages are its own), but a column below
    11 px, no room for text (test_slide_fit's test_a_box_too_small_for_any_text_is_refused)."""
    from autograd_mini.draw import check_room

    def takes(check: Any) -> bool:
        try:
            check()
        except (TypeError, ValueError):
            return False
        return True

    step = takes(lambda: numerical_gradient(lambda v: v * v, 2.0, eps=x))
    assert step == takes(lambda: check_room(x, "column", "draw_graph")), x


@pytest.mark.parametrize(
    ("x", "shown"),
    [("a", "'a'"), (True, "True"), (np.bool_(True), "np.True_"), (-5, "-5"),
     (float("nan"), "nan"), (10**400, "an integer of 401 digits"),
     (Decimal("sNaN"), "Decimal('sNaN')"), (None, "None")],
)  # fmt: skip
def test_a_column_keeps_its_own_words_read_as_a_step_is(x: object, shown: str) -> None:
    """draw_graph's column and height are read by the step's reading (real_number), in
    their own words: every refusal a ValueError, "must be a number of px above 0"."""
    from autograd_mini.draw import check_room

    said = f"draw_graph: column must be a number of px above 0, got {shown}"
    with pytest.raises(ValueError) as caught:
        check_room(x, "column", "draw_graph")
    assert str(caught.value) == said


@pytest.mark.parametrize(
    ("eps", "shown"),
    [(Decimal("1E-400"), "Decimal('1E-400')"), (Fraction(1, 10**400), "Fraction(1, 1"),
     (np.array(Fraction(1, 10**400), dtype=object), "array(")],
)  # fmt: skip
def test_a_positive_eps_that_rounds_to_0_says_so(eps: object, shown: str) -> None:
    """eps=Decimal('1E-400') was refused "must be a finite number > 0", which it is: it
    rounds to 0.0 as a float. The refusal says so. Oracle: the number is above 0 in
    exact arithmetic and 0.0 as a float."""
    exact = eps[()] if isinstance(eps, np.ndarray) else eps
    assert exact > 0 and float(exact) == 0.0  # type: ignore[operator, arg-type]
    with pytest.raises(ValueError) as caught:
        gradcheck(lambda x: x * x, 2.0, eps=eps)  # type: ignore[arg-type]
    said = str(caught.value)
    assert said.startswith(f"gradcheck: eps must be a finite number > 0, got {shown}"), said
    assert said.endswith(", which rounds to 0 as a float"), said
    with pytest.raises(ValueError) as zero:  # a 0 is not said to round
        gradcheck(lambda x: x * x, 2.0, eps=Decimal(0))
    assert str(zero.value) == "gradcheck: eps must be a finite number > 0, got Decimal('0')"


def test_gradcheck_refuses_bad_tolerances_and_a_step_below_float_spacing() -> None:
    with pytest.raises(TypeError, match="eps must be a real number, got str"):
        gradcheck(lambda x: x * x, 2.0, eps="1e-6")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="atol must be a finite number ≥ 0"):
        gradcheck(lambda x: x * x, 2.0, atol=-1.0)
    with pytest.raises(ValueError, match="rtol must be"):
        gradcheck(lambda x: x * x, 2.0, rtol=float("nan"))
    # 1e16 + 1e-6 == 1e16 as floats: the quotient would be 0/2e-6 = 0, a wrong slope
    with pytest.raises(ValueError, match=r"eps=1e-06 is below the spacing of floats at input 0"):
        gradcheck(lambda x: x * x, 1e16)
    # numerical_gradient's own errors name it, not gradcheck (which the user never called)
    with pytest.raises(ValueError, match=r"^numerical_gradient: eps=1e-06 is below the spacing"):
        numerical_gradient(lambda x: x * x, 1e16)
    with pytest.raises(TypeError, match=r"^numerical_gradient: eps must be a real number"):
        numerical_gradient(lambda x: x * x, 2.0, eps="1e-6")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^numerical_gradient: input 1 is inf, expected a fin"):
        numerical_gradient(lambda x, y: x * y, 2.0, float("inf"))
    with pytest.raises(ValueError, match=r"^gradcheck: input 0 is nan, expected a finite"):
        gradcheck(lambda x: x * x, float("nan"))
    with pytest.raises(
        TypeError,
        match=r"^numerical_gradient: f's value at the probe point .* must be a real number",
    ):
        numerical_gradient(lambda x: "a", 2.0)  # what f returned
    assert gradcheck(lambda x: x * x, 2.0, atol=0.0)


# --------------------------------------------------------------------------- item 10: the CLI


def _cli(*args: str, close_stdout: bool = False) -> subprocess.CompletedProcess[str]:
    code = "import sys; from autograd_mini.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, "graph", *args],
        stdout=subprocess.DEVNULL if close_stdout else subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
        # close_fds cannot close fd 1; a preexec hook closes it in the child
        preexec_fn=(lambda: os.close(1)) if close_stdout else None,
    )


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("(-8)**0.5", "pow of -8.0 to the non-integer power 0.5 is not a real number"),
        ("(-8)**(1/3)", "non-integer power"),
        ("0**(-1)", "pow of 0.0 to the power -1.0: division by zero"),
        ("10**400", "pow of 10.0 to the power 400.0 overflows"),
    ],
)
@pytest.mark.parametrize("close_stdout", [False, True])
def test_constant_powers_without_a_real_value_are_one_line_errors(
    expression: str, message: str, close_stdout: bool
) -> None:
    result = _cli(expression, close_stdout=close_stdout)
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.strip().splitlines()
    prefix = f"autograd-mini graph: error: cannot evaluate {expression} at column 1: pow of "
    assert line.startswith(prefix), line
    assert message in line


def test_a_constant_power_that_exists_still_draws() -> None:
    result = _cli("(-8)**2 + 0**0.5")
    assert result.returncode == 0, result.stderr
    assert "<svg" in result.stdout


def test_closed_stdout_is_a_one_line_error() -> None:
    result = _cli("2*x", "--set", "x=1", close_stdout=True)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "autograd-mini graph: error: standard output is closed: write the picture to a "
        "file with -o FILE"
    ]


def test_a_reader_that_goes_away_leaves_nothing_to_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader gone (`| head -1`): BrokenPipeError, which the command ends on quietly
    (tests/test_cli_ends.py), and standard output pointed at /dev/null so that the
    interpreter's flush at exit has nothing left to fail on."""
    from autograd_mini import cli_graph

    read, write = os.pipe()
    os.close(read)  # the reader is gone: writing raises BrokenPipeError (SIGPIPE ignored)
    stream = io.TextIOWrapper(io.FileIO(write, "w"))
    monkeypatch.setattr(sys, "stdout", stream)
    with pytest.raises(BrokenPipeError):
        cli_graph._write_stdout("x" * 100)
    stream.write("more")  # the descriptor now points at /dev/null: nothing left to fail
    stream.flush()
    stream.close()


# --------------------------------------------------------------------------- flags


def _squared() -> tuple[Value, Value]:
    a = Value(2.0, label="a")
    return a, a * a


@pytest.mark.parametrize("bad", ["False", "no", 0.0, None])
@pytest.mark.parametrize(
    ("where", "name", "call"),
    [
        (
            "gradients",
            "create_graph",
            lambda f: gradients(_squared()[1], [Value(1.0)], create_graph=f),
        ),
        ("backward", "create_graph", lambda f: _squared()[1].backward(create_graph=f)),
        ("trace", "check", lambda f: trace(lambda x: x[0] * 2, [1.0], check=f)),
        ("trace", "fuse", lambda f: trace(lambda x: x[0] * 2, [1.0], fuse=f)),
        ("draw_graph", "show_grad", lambda f: draw_graph(_squared()[1], show_grad=f)),
        ("draw_graph", "color_grads", lambda f: draw_graph(_squared()[1], color_grads=f)),
        (
            "draw_graph",
            "show_local_grads",
            lambda f: draw_graph(_squared()[1], show_local_grads=f),
        ),
    ],
)
def test_flags_are_true_or_false_as_fits_are(where: str, name: str, call, bad: object) -> None:
    # create_graph='False' is a true str: gradients returned a graph, draw_graph hid
    # nothing for show_grad='no'; nn's fit refused the same slip with these words
    with pytest.raises(TypeError, match=f"^{where}: {name} must be True or False, got {bad!r}"):
        call(bad)


# --------------------------------------------------------------------------- raw errors


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: dot(None, None),
            r"^dot: weights and inputs must be lists .* NoneType and NoneType",
        ),
        (
            lambda: dot((v for v in [Value(1.0)]), [1.0]),
            r"^dot: .*got generator and list: list\(\.\.\.\) it first",
        ),
        (lambda: vsum(None), r"^vsum: expected a list of numbers or Values, got NoneType"),
        (lambda: trace(3, [1.0]), r"^trace: expected a function to trace, got int \(3\)"),
    ],
)
def test_what_is_no_list_or_no_function_is_named(call, message: str) -> None:
    # Python's own words, naming no argument: "object of type 'NoneType' has no len()",
    # "'int' object is not callable" (raised where trace called fn)
    with pytest.raises(TypeError, match=message):
        call()
