"""Slips of notebooks 01, 06 and 07 that got no hint: each named now, in both editions.

SiLU's derivative as σ(a) + y(1 − y), the sigmoid row's y(1 − y) for the second term
y(1 − σ(a)) (01); a gradient descent step x − η·f′ with η above 1 where Newton's step is
due, named for η below 1 only (06: tests/test_exercise_slips_first_year_nb00_nb07.py
names it; here, that one number alone, not confirmed by the step the same function takes
on the other f, is not named); three numbers where Ċ alone is due and the last is not Ċ
(07: Ċ first, or (ż, ȧ, Ċ) with a wrong Ċ, or none of them Ċ). And hints the checks
gave a list of Python's floats alone, where the check itself reads more: a descent step
in an array (06), w unchanged as a generator, a map or numpy's numbers (07). Oracles:
the closed forms by hand (σ, σ′, ż = x·ẇ + ḃ, ȧ = σ′(z)·ż, Ċ = 2(a − y)·ȧ), written here.
"""

from __future__ import annotations

import math
from typing import Any

import editions
import numpy as np
import pytest
from exercise_cases import assert_named, expected_and_got, mistake

from autograd_mini import grad


def _in_both(said: dict[str, str]) -> None:
    editions.assert_english(said["en"])
    editions.assert_chinese(said["zh"])


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def test_silu_with_y_1_minus_y_as_its_second_term_is_named() -> None:
    def silu_local(a: float, y: float) -> float:
        return _sigmoid(a) + y * (1 - y)

    said = assert_named(
        "nb01.check_local_derivative",
        silu_local,
        "(σ(a) + y(1 − y): the second term is a·σ′(a) = a·σ(a)(1 − σ(a)) = y(1 − σ(a))",
        "（σ(a) + y(1 − y)：第二项是 a·σ′(a) = a·σ(a)(1 − σ(a)) = y(1 − σ(a))",
    )
    _in_both(said)
    a = -3.0  # the check's first point
    s = _sigmoid(a)
    assert expected_and_got("en", said["en"]) == pytest.approx(
        (s + a * s * (1 - s), s + a * s * (1 - a * s))
    )


def test_a_rate_above_1_seen_on_one_f_only_is_not_named() -> None:
    """x − 2·f′ on x⁴ − 2x² but Newton's step, wrongly, elsewhere: one number is no
    learning rate."""

    def newton(f: Any, x0: float, steps: int) -> list[float]:
        xs = [x0]
        for _ in range(steps):
            x = xs[-1]
            xs.append(x - 2 * grad(f)(x) if x0 == 2.0 else x - 3 * grad(f)(x) / 7)
        return xs

    for lang in editions.LANGS:
        said = mistake(lang, "nb06.check_newton", newton)
        assert "η" not in said, said


# the check's first point (w, b, x, y, ẇ, ḃ) and its numbers by hand
W, B, X, Y, W_DOT, B_DOT = 0.8, -0.3, 1.5, 1.0, 1.0, 0.0
A = _sigmoid(W * X + B)
Z_DOT = X * W_DOT + B_DOT
A_DOT = A * (1 - A) * Z_DOT
C_DOT = 2 * (A - Y) * A_DOT
WHAT = "neuron_tangent(w=0.8, b=-0.3, x=1.5, y=1.0, ẇ=1.0, ḃ=0.0)"


def _tangent(returned: Any) -> Any:
    def neuron_tangent(w: float, b: float, x: float, y: float, w_dot: float, b_dot: float) -> Any:
        return returned

    return neuron_tangent


def test_three_numbers_with_c_dot_first_name_it() -> None:
    triple = (C_DOT, A_DOT, Z_DOT)
    said = assert_named(
        "nb07.check_neuron_tangent",
        _tangent(triple),
        f"{WHAT}: expected Ċ = {C_DOT:.10g}, one number; got three, {triple!r}, whose first is "
        "Ċ, the answer: return it alone",
        f"{WHAT}：应为 Ċ = {C_DOT:.10g}，一个数；得到的却是三个数 {triple!r}，其中第一个是答案 Ċ："
        "请只返回它",
        "start",
    )
    _in_both(said)


def test_z_dot_a_dot_right_and_c_dot_wrong_is_told_which() -> None:
    """(ż, ȧ, (a − y)·ȧ): the factor 2 left out of the last."""
    triple = (Z_DOT, A_DOT, (A - Y) * A_DOT)
    said = assert_named(
        "nb07.check_neuron_tangent",
        _tangent(triple),
        f"{WHAT}: three numbers, (ż, ȧ, Ċ) as section 1's forward_by_hand returns them, "
        f"{triple!r}: ż and ȧ are right, Ċ is not (and is to be returned alone); Ċ: expected "
        f"{C_DOT:.10g}, got {triple[2]:.10g} (exactly half",
        f"{WHAT}：得到三个数 {triple!r}，即第 1 节 forward_by_hand 返回的 (ż, ȧ, Ċ)："
        f"ż 和 ȧ 是对的，Ċ 不对（而且只应返回 Ċ）；Ċ：应为 {C_DOT:.10g}，"
        f"实际得到 {triple[2]:.10g}（正好是一半",
        "start",
    )
    _in_both(said)


def test_three_numbers_none_of_them_c_dot_are_told_so() -> None:
    """(z, a, 3Ċ): neither Ċ nor (ż, ȧ, …): told what is due, no slip guessed."""
    triple = (W * X + B, A, 3 * C_DOT)
    said = assert_named(
        "nb07.check_neuron_tangent",
        _tangent(triple),
        f"{WHAT}: expected Ċ = {C_DOT:.10g}, one number; got three, {triple!r}, none of them "
        "Ċ: return Ċ alone",
        f"{WHAT}：应为 Ċ = {C_DOT:.10g}，一个数；得到的却是三个数 {triple!r}，其中没有一个是 Ċ："
        "请只返回 Ċ",
        "start",
    )
    _in_both(said)


# ------------------------------------- read as the check reads them (06, 07)


def test_a_descent_step_in_an_array_is_named() -> None:
    """newton returning its iterates as an array of x − η·f′ steps was told a bare
    "expected 1.454545455, got 0.8": the check read the array, the probe confirming η on
    the other f read a list or a tuple alone, so confirmed nothing. Oracle: f′(2) = 24
    for x⁴ − 2x², f″(2) = 44, by hand."""

    def newton(f: Any, x0: float, steps: int) -> Any:
        xs = [x0]
        for _ in range(steps):
            xs.append(xs[-1] - 0.05 * grad(f)(xs[-1]))
        return np.array(xs)

    said = assert_named(
        "nb06.check_newton",
        newton,
        "(x − η·f′(x) with η = 0.05, a gradient descent step",
        "（x − η·f′(x)，η = 0.05，这是梯度下降的一步",
    )
    _in_both(said)
    assert expected_and_got("en", said["en"]) == pytest.approx((2 - 24 / 44, 2 - 0.05 * 24))


def _cost(w1: Any, w2: Any) -> Any:
    return (w1 - 1) ** 2 + (w1 * w2 - 0.5) ** 2 + (w2 + 1) ** 4


@pytest.mark.parametrize(
    "unmoved",
    [
        lambda cost, w: (v for v in w),
        lambda cost, w: map(float, w),
        lambda cost, w: [np.float32(v) for v in w],
        lambda cost, w: np.array(w, np.float32),
        lambda cost, w: [np.int64(v) if v == int(v) else v for v in w],
    ],
    ids=["generator", "map", "float32 entries", "float32 array", "int64 entries"],
)
def test_a_newton_step_returning_w_is_told_so_however_it_is_held(unmoved: Any) -> None:
    """newton_step returning w unchanged is told so as a list (tests of nb07's slips);
    as a generator or a map, the probes at the other points read none of it, and as
    np.float32 or np.int64 numbers, which the check reads, the hint read Python's int
    and float alone: each was a bare "expected 0.8695652174, got 0". The points checked
    (0, 0), (1.5, −0.5), (−2, 1) are float32 numbers exactly."""
    said = assert_named(
        "nb07.check_newton_step",
        unmoved,
        "got 0 (that is w itself, unchanged, at every point checked",
        "实际得到 0（在检验的每个点上得到的都是 w 本身，没有变",
        extra=(_cost,),
    )
    _in_both(said)
