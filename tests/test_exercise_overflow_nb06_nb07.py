"""A Newton iterate past the largest float is told as the student's divergence.

An iterate of 10**400 (an int: ``float()`` of it raises OverflowError) stopped nb06's and
nb07's checks with the checker's own error, "stopped with OverflowError (the error above
says where and why; did a function forget to return …?)"; a student's newton whose
iterates grew past a float inside its own code (a Value's OpOverflow) was told in the
library's words alone, with no step. Each is now told with the step and the value.
Oracle: the iterates by hand, x ← x − f′/f″ with f′ = 4x³ − 4x, f″ = 12x² − 4 for
x⁴ − 2x² from 2.
"""

# ruff: noqa: RUF001 (the Chinese messages it reads have full-width punctuation)

from __future__ import annotations

from typing import Any

import editions
import pytest
from exercise_cases import assert_named, newton_diverging_at_step_2, prelude

from autograd_mini import grad


def _by_hand(steps: int) -> list[float]:
    xs = [2.0]
    for _ in range(steps):
        x = xs[-1]
        xs.append(x - (4 * x**3 - 4 * x) / (12 * x**2 - 4))
    return xs


X = _by_hand(6)


@pytest.fixture(scope="module")
def cost() -> Any:
    """Notebook 07's C2, the cost its Newton step is checked on: its prelude runs once
    (≈ 3 s, the notebook's timings)."""
    return prelude("07_forward_or_reverse")["C2"]


def test_an_iterate_past_a_float_is_told_with_its_step() -> None:
    def newton(f: Any, x0: float, steps: int) -> list[Any]:
        return [x0, *[10**400] * steps]

    said = assert_named(
        "nb06.check_newton",
        newton,
        f"newton(f, 2.0, 1) for f = x⁴ − 2x²: iterate x1: expected {X[1]:.10g}, got "
        "≈ 1.000e+400, past the largest float (1.798e+308): the iterates diverge at step 1, "
        "from x0 = 2, which is right",
        f"newton(f, 2.0, 1)（f = x⁴ − 2x²）的迭代值 x1：应为 {X[1]:.10g}，实际得到 ≈ 1.000e+400，"
        "超出了浮点数能表示的最大值（1.798e+308）：迭代在第 1 步发散了，"
        "这一步的出发点 x0 = 2 是对的",
        "start",
    )
    editions.assert_english(said["en"])
    editions.assert_chinese(said["zh"])


def test_an_infinite_iterate_after_right_ones_is_told_with_its_step() -> None:
    """x2 = inf (a float grown past the largest), and every iterate after it, after a
    right x1."""

    def newton(f: Any, x0: float, steps: int) -> list[Any]:
        xs = [x0]
        for k in range(steps):
            x = xs[-1]
            xs.append(x - grad(f)(x) / grad(grad(f))(x) if k == 0 else float("inf"))
        return xs

    assert_named(
        "nb06.check_newton",
        newton,
        f"iterate x2: expected {X[2]:.10g}, got inf: the iterates diverge at step 2, from "
        f"x1 = {X[1]:.10g}, which is right",
        f"的迭代值 x2：应为 {X[2]:.10g}，实际得到 inf：迭代在第 2 步发散了，这一步的出发点 "
        f"x1 = {X[1]:.10g} 是对的",
    )


def test_a_student_s_overflow_is_told_at_the_step_the_iterates_diverge() -> None:
    """A wrong second step, −1e200: the six-step run overflows in the student's code (x⁴
    of 1e200); the two-step run shows where."""
    said = assert_named(
        "nb06.check_newton",
        newton_diverging_at_step_2(),
        f"\nthe iterates diverge at step 2: newton(f, 2.0, 2) for f = x⁴ − 2x² gives x2 = "
        f"1e+200, where {X[2]:.10g} is due, from x1 = {X[1]:.10g}, which is right",
        f"\n迭代在第 2 步发散了：newton(f, 2.0, 2)（f = x⁴ − 2x²）给出的 x2 = 1e+200，应为 "
        f"{X[2]:.10g}，这一步的出发点 x1 = {X[1]:.10g} 是对的",
        "end",
    )
    assert said["en"].startswith("newton(f, 2.0, 6) for f = x⁴ − 2x²: raised OpOverflow"), said


def test_an_iterate_past_a_float_in_a_shorter_run_is_told_by_its_size() -> None:
    """x2 = 10**400 (an int), then float() of it overflows in the six-step run: the
    two-step run's x2 was shown "inf", a number the student never gave; it is shown by its
    size, as every check shows an answer past a float."""

    def newton(f: Any, x0: float, steps: int) -> list[Any]:
        xs: list[Any] = [x0]
        for k in range(steps):
            x = float(xs[-1])
            xs.append(10**400 if k == 1 else x - grad(f)(x) / grad(grad(f))(x))
        return xs

    assert_named(
        "nb06.check_newton",
        newton,
        f"\nthe iterates diverge at step 2: newton(f, 2.0, 2) for f = x⁴ − 2x² gives x2 = "
        f"≈ 1.000e+400, where {X[2]:.10g} is due, from x1 = {X[1]:.10g}, which is right",
        f"\n迭代在第 2 步发散了：newton(f, 2.0, 2)（f = x⁴ − 2x²）给出的 x2 = ≈ 1.000e+400，"
        f"应为 {X[2]:.10g}，这一步的出发点 x1 = {X[1]:.10g} 是对的",
        "end",
    )


def test_an_overflow_after_right_iterates_names_the_step_after_them() -> None:
    """Right iterates to x3, then a step from x3·1e300 overflows (x⁴ of it)."""

    def newton(f: Any, x0: float, steps: int) -> list[Any]:
        xs = [x0]
        for k in range(steps):
            x = xs[-1] * (1e300 if k == 3 else 1)
            xs.append(x - grad(f)(x) / grad(grad(f))(x))
        return xs

    assert_named(
        "nb06.check_newton",
        newton,
        f"\nthe iterates grew past a float at step 4: newton(f, 2.0, 3) for f = x⁴ − 2x² gives "
        f"x3 = {X[3]:.10g}, which is right, and the step from there overflowed, where "
        f"x4 = {X[4]:.10g} is due",
        f"\n迭代值在第 4 步超出了浮点数的范围：newton(f, 2.0, 3)（f = x⁴ − 2x²）给出的 "
        f"x3 = {X[3]:.10g} 是对的，从它出发的这一步却溢出了，应得的 x4 = {X[4]:.10g}",
        "end",
    )


def test_nb07_a_new_point_past_a_float_is_told_so(cost: Any) -> None:

    def newton_step(cost: Any, w: Any) -> list[Any]:
        return [10**400, 0.0]

    said = assert_named(
        "nb07.check_newton_step",
        newton_step,
        "newton_step(cost, (0.0, 0.0))[0]: expected ",
        "newton_step(cost, (0.0, 0.0))[0]：应为 ",
        "start",
        extra=(cost,),
    )
    assert said["en"].endswith(", got ≈ 1.000e+400, past the largest float (1.798e+308)"), said
    assert said["zh"].endswith("，实际得到 ≈ 1.000e+400，超出了浮点数能表示的最大值（1.798e+308）")


def test_an_iterate_past_a_float_in_the_descent_probe_confirms_nothing() -> None:
    """x − 2·f′ on x⁴ − 2x² (η = 2: a rate above 1, named since η > 1 is) is confirmed a
    learning rate by the step on eˣ − 2x, where this newton gives 10**400: comparing it
    stopped the check with OverflowError when η > 1 was first named (no η above 1 was
    probed before). It confirms nothing, and the answer is told by its number."""

    def newton(f: Any, x0: float, steps: int) -> list[Any]:
        xs: list[Any] = [x0]
        for _ in range(steps):
            xs.append(xs[-1] - 2 * grad(f)(xs[-1]) if x0 == 2.0 else 10**400)
        return xs

    said = assert_named(
        "nb06.check_newton",
        newton,
        f"newton(f, 2.0, 1) for f = x⁴ − 2x²: iterate x1: expected {X[1]:.10g}, got -46",
        f"newton(f, 2.0, 1)（f = x⁴ − 2x²）的迭代值 x1：应为 {X[1]:.10g}，实际得到 -46",
        "start",
    )
    assert "η" not in said["en"]


def test_a_number_past_a_float_is_sized_whatever_the_decimal_context(cost: Any) -> None:
    """Its size was an exact Decimal division in the student's decimal context: a context
    trapping Inexact (set in the notebook: ``decimal.getcontext()`` is the kernel's) stopped
    the check with the checker's own "stopped with Inexact", and an int of a million digits
    took 26 s there before stopping it with decimal.Overflow. Oracle: the sizes written out
    (10**400/3 = 3.333…e399)."""
    import decimal
    from fractions import Fraction

    for number, shown, en, zh in (
        (
            Fraction(-(10**400), 3),
            "≈ -3.333e+399",
            "below the most negative float (-1.798e+308)",
            "比浮点数能表示的最小负数（-1.798e+308）还要小",
        ),
        (
            10**10**6,
            "≈ 1.000e+1000000",
            "past the largest float (1.798e+308)",
            "超出了浮点数能表示的最大值（1.798e+308）",
        ),
    ):

        def newton_step(cost: Any, w: Any, number: Any = number) -> list[Any]:
            return [number, 0.0]

        with decimal.localcontext() as context:
            context.traps[decimal.Inexact] = True
            said = assert_named(
                "nb07.check_newton_step",
                newton_step,
                "newton_step(cost, (0.0, 0.0))[0]: expected ",
                "newton_step(cost, (0.0, 0.0))[0]：应为 ",
                "start",
                extra=(cost,),
            )
        assert f", got {shown}, {en}" in said["en"], said
        assert f"，实际得到 {shown}，{zh}" in said["zh"], said


def test_nb07_an_answer_past_a_float_is_told_not_stopped_on() -> None:
    """neuron_tangent giving 10**400, alone or first of three numbers: comparing it with
    Ċ (math.isclose) stopped the check with the checker's own OverflowError ("stopped
    with OverflowError … did a function forget to return"); three numbers with 10**400
    first were told as a tuple before the three-number hints came. Oracle: the first
    point's call, written out."""
    what = "neuron_tangent(w=0.8, b=-0.3, x=1.5, y=1.0, ẇ=1.0, ḃ=0.0)"

    def alone(*args: Any) -> Any:
        return 10**400

    said = assert_named(
        "nb07.check_neuron_tangent",
        alone,
        ", got ≈ 1.000e+400, past the largest float (1.798e+308)",
        "，实际得到 ≈ 1.000e+400，超出了浮点数能表示的最大值（1.798e+308）",
        "end",
    )
    assert said["en"].startswith(f"{what}: expected "), said

    def three(*args: Any) -> Any:
        return (10**400, 2.0, 3.0)

    said = assert_named("nb07.check_neuron_tangent", three, f"{what}: ", f"{what}：", "start")
    assert "OverflowError" not in said["en"] + said["zh"], said
