"""Checks for notebook 06 (gradient checking and second derivatives).

The expected values come from closed forms (derivatives worked out by hand), never from
the student's function itself; ``autograd_mini`` is used only where the exercise is about
it (``gradcheck`` for a hand-written local derivative, ``grad`` for Newton's method).
"""

from __future__ import annotations

import functools
import math
import sys
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

from autograd_mini import GradcheckError, Value, gradcheck, numerical_gradient

from . import (
    Mistake,
    Stopped,
    Verdict,
    _lost_by_a_float,
    _past_a_float,
    _slip,
    call,
    check,
    expect_close,
    more_than,
    msg,
    probe,
    probed_once,
    read_once,
    stopped,
)
from .hessian_shape import call_minding_hessian
from .limit import TooLong, time_limit
from .reading import (
    entries,
    is_close,
    length,
    numpy_form,
    numpy_kind,
    read_number,
    real_number,
    slip_rel,
)
from .shown import short
from .slips import Option, factor_slips, gives

__all__ = ["check_newton", "check_second_difference", "check_softplus_derivative"]

#: The centred second difference, as the checks' messages write it
_CENTRED = "(f(x + h) − 2f(x) + f(x − h))/h²"

EPS = sys.float_info.epsilon  # the spacing of floats near 1, ε ≈ 2.2e-16
_F32_EPS = float(np.finfo(np.float32).eps)  # float32's, 2⁻²³ ≈ 1.2e-7


def check_second_difference(second_difference: Callable[..., Any]) -> Verdict:
    """Exercise 1: (f(x + h) − 2f(x) + f(x − h)) / h².

    The expected values are the second difference's exact values at the step given, by
    hand: (x + h)³ − 2x³ + (x − h)³ = 6xh², so 6x for x³ at any h; sin(x + h) + sin(x − h)
    = 2 sin x cos h and 2 − 2 cos h = 4 sin²(h/2), so −sin x·(2 sin(h/2)/h)² for sin; and
    e^x·(2 sinh(h/2)/h)² for eˣ. At a small step they are all but f''(x); at a large one
    (eˣ at h = 0.5, sin at h = 0.1) they are 2 % and 0.08 % away from it, so an answer that
    ignores h (a fixed step of its own, or h/2) is told apart from one that uses it.

    Two slips are named wherever they show first: a step of its own (the function gives
    the same number at two large steps, :func:`_ignores_h`; a fixed 1e-5 failed at x³ with
    a bare "expected 9, got 9.000000745"), and the one-sided difference
    (f(x + 2h) − 2f(x + h) + f(x))/h², the centred one at x + h, by its number. So are
    the slips with h/2 in them (:func:`_half_step_slips`): the step h/2 throughout, a
    quarter ((2h)², or x ± h/2 over h²) and four times ((h/2)²), and the step 2h
    throughout; 2h² by its denominator (it was "exactly half"); the forward or backward
    difference for f′; two slips at once, one in the sum and one in its divisor
    (:func:`_two_slips`); and a number none of them gives is said to be none
    (:func:`_none_known`), where it was a bare number — unless it is within float32's
    rounding of the terms (:func:`_float32_rounding`): a right answer computed in float32
    and given back as a float is told so, as a float32 answer is. A slip's number is
    compared at its own rounding (:func:`_told_apart`): the slips' numbers near 0 were
    one at the case's tolerance.
    """

    def one_sided(centre: str) -> str:
        """A one-sided second difference, (f(x + 2h) − 2f(x + h) + f(x))/h² or its mirror:
        the centred one at x ± h, told by its number (the closed form there)."""
        forward = centre == "x + h"
        formula = "f(x + 2h) − 2f(x + h) + f(x)" if forward else "f(x) − 2f(x − h) + f(x − 2h)"
        return msg(
            en=f"one-sided: ({formula})/h² is the second difference centred at {centre}: it "
            f"approximates f''({centre}), so f''(x) only to first order in h; centre it at x: "
            f"{_CENTRED}",
            zh=f"这是单侧的 ({formula})/h²，即以 {centre} 为中心的二阶差分：它近似的是 "
            f"f''({centre})，对 f''(x) 只准到 h 的一阶；请以 x 为中心：{_CENTRED}",
        )

    def attempt() -> None:
        for name, point, f, x, h, expected, f2 in _SECOND_DIFFERENCE_CASES:
            what = _second_difference_what(name, point, x, h)
            got = call(what, second_difference, f, x, h)
            # Rounding, as notebook 06 states it: the three values of f carry errors of
            # about ε|f| each, divided by h², so about 4ε|f|/h² — 1e-7 relative at h = 1e-4,
            # whatever order the terms are added in. The student's roundings may add up:
            # 10 × the bound covers them, and 8ε|expected| the closed form's own; a wrong
            # formula (/h, 2h, a sign, a step other than h) misses by far more.
            left, fx, right = f(x - h), f(x), f(x + h)  # the three values the formula takes
            size = max(abs(left), abs(fx), abs(right))
            tolerance = 10 * 4 * EPS * size / h**2 + 8 * EPS * abs(expected)
            # the answer as expect_close reads it: np.float32, np.longdouble, a 0-d array
            # (read as Python's int and float alone, they lost the hints below)
            number = read_number(got)
            single = 4 * _F32_EPS * size / h**2
            exact = _SECOND_DIFFERENCES[name]
            slips = [
                (exact(x + h, h), one_sided("x + h")),
                (exact(x - h, h), one_sided("x − h")),
                *_half_step_slips(exact(x, h / 2), exact(x, h), exact(x, 2 * h)),
                *_formula_slips(fx, expected, h),
                *_other_point_slips(left, right, expected, h),
                *_first_difference_slips(left, fx, right, h),
            ]
            # two slips at once, one in the sum above the line and one below it (named
            # only where they give the answer: gives, at the answer's own precision)
            slips += _two_slips(left, fx, right, expected, h, got)
            # a slip's number computed in float64 and given back as float32
            # (np.float32(… / (2 * h))): that number at float32's rounding of it, told by its
            # slip first — at x³'s h = 1e-3 float32's rounding of f'' is 1.6, and the slip's
            # 0.0045, 5.6 × that away from 9, was told "compute in float64"
            if _single_precision(got) and number is not None:
                cast = _told_apart(number, slips, expected, tolerance, rel=_F32_EPS)
                hint = _slip(number, expected, cast, rel=_F32_EPS, abs_tol=tolerance)
                if hint and not math.isclose(number, expected, rel_tol=0, abs_tol=tolerance):
                    raise Mistake(
                        msg(
                            en=f"{what}: expected {expected:.10g}, got {number:.10g}{hint}",
                            zh=f"{what}：应为 {expected:.10g}，实际得到 {number:.10g}{hint}",
                        )
                    )
            # a float32 answer missing by float32's rounding (10 × it, as the tolerance
            # allows float64's): told so; one missing by more has a slip of its own, told
            # below ("compute in float64" was said of f'' itself at h = 0.5, 2 % off)
            if (
                _single_precision(got)
                and number is not None
                and not math.isclose(number, expected, rel_tol=0, abs_tol=tolerance)
                and math.isclose(number, expected, rel_tol=0, abs_tol=tolerance + 10 * single)
            ):
                raise Mistake(
                    msg(
                        en=f"{what}: expected {expected:.10g}, got {number:.10g}, a float32 "
                        f"number: its rounding, 4ε|f|/h² with float32's ε, is about "
                        f"{single:.2g} here; compute in float64",
                        zh=f"{what}：应为 {expected:.10g}，实际得到 {number:.10g}，"
                        f"是 float32 的数：它的舍入误差 4ε|f|/h²（ε 取 float32 的）在这里约为 "
                        f"{single:.2g}；请用 float64 计算",
                    )
                )
            large = abs(expected - f2) > 1e3 * tolerance  # a step where the two differ
            if large and number is not None and math.isclose(number, f2, rel_tol=1e-4):
                raise Mistake(
                    msg(
                        en=f"{what}: expected {expected:.10g}, got {number:.10g}, which is "
                        f"f''({x}) = {f2:.10g} itself: at the step h = {h} the second "
                        "difference is not f'' yet; does your code use the h it is given?",
                        zh=f"{what}：应为 {expected:.10g}，实际得到 {number:.10g}，这正是 "
                        f"f''({x}) = {f2:.10g} 本身：步长 h = {h} 时，二阶差分还不等于 f''；"
                        "你的代码用到了传进来的 h 吗？",
                    )
                )
            # a number past a float is no number h is ignored by: expect_close tells it
            fixed = None if number is None else _ignores_h(second_difference)
            if (
                fixed is not None
                and number is not None
                and not math.isclose(number, expected, rel_tol=0, abs_tol=tolerance)
            ):
                a, b = (_exp_second_difference(0.3, step) for step in _PROBE_STEPS)
                raise Mistake(
                    msg(
                        en=f"{what}: expected {expected:.10g}, got {number:.10g}; your function "
                        f"gives the same number whatever h it is given (for eˣ at x = 0.3, "
                        f"{fixed:.10g} at h = {_PROBE_STEPS[0]} and at h = {_PROBE_STEPS[1]}, "
                        f"where the second difference is {a:.6g} and {b:.6g}"
                        f"{_own_step(fixed)}): does your code use the h it is given?",
                        zh=f"{what}：应为 {expected:.10g}，实际得到 {number:.10g}；不管传进来的 h "
                        "是多少，你的函数都给出同一个数（对 x = 0.3 处的 eˣ，"
                        f"h = {_PROBE_STEPS[0]} 和 h = {_PROBE_STEPS[1]} 时都是 {fixed:.10g}，"
                        "而二阶差分分别是 "
                        f"{a:.6g} 和 {b:.6g}{_own_step(fixed)}）：你的代码用到了传进来的 h 吗？",
                    )
                )
            if number is not None:
                slips = _told_apart(number, slips, expected, tolerance)
            # a right answer computed in float32 and given back as a float (float() of
            # numpy's float32 arithmetic, .item()) says no float32 of itself: "none of the
            # slips the check knows" sent the student hunting a formula error not there. A
            # miss within float32's rounding of the terms is told so, after every slip
            rounding = _float32_rounding(left, fx, right, expected, h)
            rounded = (
                number is not None
                and not _single_precision(got)
                and math.isfinite(number)
                and abs(number - expected) <= tolerance + rounding
            )
            expect_close(
                what,
                got,
                expected,
                rel=0,
                abs_tol=tolerance,
                float32_hint=False,
                slips=slips,
                unmatched=_float32_said(rounding) if rounded else _none_known(),
            )
            # at a small step the difference approximates f'' (truncation h²/12·|f''''|)
            assert large or math.isclose(expected, f2, rel_tol=1e-5), (name, expected, f2)

    return check(msg(en="the second difference", zh="二阶差分"), attempt)


def _formula_slips(fx: float, expected: float, h: float) -> list[tuple[float, str]]:
    """What (f(x + h) − 2f(x) + f(x − h))/h² gives with a slip in its formula, from f(x)
    (``fx``), the right value and h, and the slip (in this copy's language): each was a
    bare "expected 9, got 0.009". /(2h) and …/ 2*h take the denominator of f′'s central
    difference (f(x + h) − f(x − h))/(2h) for the second difference's h²; no denominator
    at all gives …/h*h's number, and is told both."""
    return [
        (
            expected * h,
            msg(
                en=f"divided by h, not by h²: {_CENTRED}",
                zh=f"除以的是 h 而不是 h²：{_CENTRED}",
            ),
        ),
        (
            expected / 2,
            msg(
                en="divided by 2h²: the 2 belongs to the middle term, −2f(x), and the second "
                f"difference divides by h² alone: {_CENTRED}",
                zh=f"除以的是 2h²：2 属于中间那一项 −2f(x)，二阶差分只除以 h²：{_CENTRED}",
            ),
        ),
        (
            expected * h / 2,
            msg(
                en="divided by 2h, the denominator of the first derivative's central "
                f"difference (f(x + h) − f(x − h))/(2h); the second difference divides by h²: "
                f"{_CENTRED}",
                zh="除以的是 2h，这是求一阶导数的中心差分 (f(x + h) − f(x − h))/(2h) 的分母；"
                f"二阶差分要除以 h²：{_CENTRED}",
            ),
        ),
        (
            expected * h**3 / 2,
            msg(
                en="…/ 2*h divides by 2, then multiplies by h: Python reads a / 2*h as "
                "(a / 2) * h; and 2h is the denominator of the first derivative's central "
                f"difference: the second difference divides by h², / h**2, {_CENTRED}",
                zh="…/ 2*h 是先除以 2、再乘以 h：a / 2*h 是按 (a / 2) * h 计算的；而且 2h "
                "是求一阶导数的中心差分的分母：二阶差分要除以 h²，写成 / h**2，"
                f"即 {_CENTRED}",
            ),
        ),
        (
            expected * h**4,
            msg(
                en=f"multiplied by h²: the second difference divides by h², / h**2, {_CENTRED}",
                zh=f"乘以了 h²：二阶差分要除以 h²，写成 / h**2，即 {_CENTRED}",
            ),
        ),
        (
            expected * h * h,
            msg(
                en="not divided by h² (…/h*h divides by h, then multiplies by h): write "
                f"/ h**2 or / (h * h), {_CENTRED}",
                zh="没有除以 h²（…/h*h 是先除以 h、再乘以 h）：请写成 / h**2 或 / (h * h)，"
                f"即 {_CENTRED}",
            ),
        ),
        (
            expected * h * 2,
            msg(
                en="…/h*2 divides by h, then multiplies by 2: Python reads a / h * 2 as "
                f"(a / h) * 2; the second difference divides by h², / h**2, {_CENTRED}",
                zh="…/h*2 是先除以 h、再乘以 2：a / h * 2 是按 (a / h) * 2 计算的；"
                f"二阶差分要除以 h²，写成 / h**2，即 {_CENTRED}",
            ),
        ),
        (
            expected * h**4 / 2,
            msg(
                en="…/ 2 * h**2 divides by 2, then multiplies by h²: the second difference "
                f"divides by h² alone, {_CENTRED}",
                zh=f"…/ 2 * h**2 是先除以 2、再乘以 h²：二阶差分只除以 h²，即 {_CENTRED}",
            ),
        ),
        (
            expected + fx / h**2,
            msg(
                en=f"f(x) subtracted once; the middle point counts twice, −2f(x): {_CENTRED}",
                zh=f"f(x) 只减了一次；中间的点要算两次，即 −2f(x)：{_CENTRED}",
            ),
        ),
        (
            expected + 4 * fx / h**2,
            msg(
                en=f"+2f(x): the middle term is subtracted, −2f(x): {_CENTRED}",
                zh=f"+2f(x)：中间那一项是减去的，−2f(x)：{_CENTRED}",
            ),
        ),
    ]


def _first_difference_slips(
    f_left: float, fx: float, f_right: float, h: float
) -> list[tuple[float, str]]:
    """A first derivative's one-sided difference given for the second difference, from
    f(x − h), f(x), f(x + h) and h, and the slip (in this copy's language): the forward
    (f(x + h) − f(x))/h was a bare "expected 9, got 6.754501"."""
    return [
        (
            (f_right - fx) / h,
            msg(
                en="that is the forward difference for f′, (f(x + h) − f(x))/h, a first "
                "derivative: the second difference takes three points, the outer two added "
                f"and 2f(x) taken off, over h², {_CENTRED}",
                zh="这是求 f′ 的前向差分 (f(x + h) − f(x))/h，是一阶导数：二阶差分要用三个点，"
                f"两端的点相加，再减去 2f(x)，然后除以 h²，即 {_CENTRED}",
            ),
        ),
        (
            (fx - f_left) / h,
            msg(
                en="that is the backward difference for f′, (f(x) − f(x − h))/h, a first "
                "derivative: the second difference takes three points, the outer two added "
                f"and 2f(x) taken off, over h², {_CENTRED}",
                zh="这是求 f′ 的后向差分 (f(x) − f(x − h))/h，是一阶导数：二阶差分要用三个点，"
                f"两端的点相加，再减去 2f(x)，然后除以 h²，即 {_CENTRED}",
            ),
        ),
    ]


def _two_slips(
    f_left: float, fx: float, f_right: float, expected: float, h: float, got: Any
) -> list[tuple[float, str]]:
    """Two slips at once, one in the sum f(x + h) − 2f(x) + f(x − h) and one in what it
    is divided by, each pair's number from the sum by hand (``expected``·h², the closed
    form) and f's values: named only where the pair gives ``got`` (``gives``: at rel 1e-9,
    or float32's rounding for a float32 answer). "divided by 2h² with f(x) subtracted
    once" was a bare "expected 9, got 1687504.5". Each slip in the sum adds a multiple of
    f, so the pair's number carries the rounding of f, not of the small sum."""
    sum_slips: list[Option] = [
        (
            "sum",
            "−f(x)",
            None,
            msg(en="f(x) subtracted once, where −2f(x) is due", zh="f(x) 只减了一次，应为 −2f(x)"),
        ),
        (
            "sum",
            "+2f(x)",
            None,
            msg(en="+2f(x), where −2f(x) is due", zh="写成了 +2f(x)，应为 −2f(x)"),
        ),
        (
            "sum",
            "−f(x − h)",
            None,
            msg(
                en="−f(x − h), where both outer points are added",
                zh="写成了 −f(x − h)，两端的点都是加上的",
            ),
        ),
        (
            "sum",
            "−f(x + h)",
            None,
            msg(
                en="−f(x + h), where both outer points are added",
                zh="写成了 −f(x + h)，两端的点都是加上的",
            ),
        ),
    ]
    below: list[Option] = [
        ("below", "h", None, msg(en="divided by h, not by h²", zh="除以的是 h 而不是 h²")),
        ("below", "2h", None, msg(en="divided by 2h, not by h²", zh="除以的是 2h 而不是 h²")),
        ("below", "2h²", None, msg(en="divided by 2h², not by h²", zh="除以的是 2h² 而不是 h²")),
        (
            "below",
            "(2h)²",
            None,
            msg(en="divided by (2h)², not by h²", zh="除以的是 (2h)² 而不是 h²"),
        ),
        ("below", "1", None, msg(en="not divided by h² at all", zh="根本没有除以 h²")),
    ]
    sums = {
        "−f(x)": fx,
        "+2f(x)": 4 * fx,
        "−f(x − h)": -2 * f_left,
        "−f(x + h)": -2 * f_right,
    }
    divisors = {"h": h, "2h": 2 * h, "2h²": 2 * h**2, "(2h)²": (2 * h) ** 2, "1": 1.0}

    def number(chosen: dict[str, str]) -> float:
        top = expected * h**2 + sums.get(chosen.get("sum", ""), 0.0)
        return top / divisors.get(chosen.get("below", ""), h**2)

    _, pairs = factor_slips([*sum_slips, *below], number, gives(got, number))
    return pairs


def _float32_rounding(f_left: float, fx: float, f_right: float, expected: float, h: float) -> float:
    """How far float32 arithmetic may put (f(x + h) − 2f(x) + f(x − h))/h² from its value
    ``expected``, from f's three values and h (Higham's bounds, u = 2⁻²⁴ float32's unit
    roundoff, γₙ = nu/(1 − nu)): each value rounded to float32 and summed in any order of
    up to three additions (f(x + h) − f(x) − f(x) + f(x − h) has three) is off by at most
    γ₄·(|f(x + h)| + 2|f(x)| + |f(x − h)|); h rounded, squared, and the sum divided by it
    are four roundings more, a factor (1 + θ₄), |θ₄| ≤ γ₄, of the quotient. So at most
    γ₄(1 + γ₄)·Σ|f|/h² + γ₄·|expected|. A point x ± h itself computed in float32 moves f
    by its slope as well, which this leaves out."""
    u = 2.0**-24
    gamma = 4 * u / (1 - 4 * u)
    terms = abs(f_right) + 2 * abs(fx) + abs(f_left)
    return gamma * (1 + gamma) * terms / h**2 + gamma * abs(expected)


def _float32_said(rounding: float) -> str:
    """What a float answer that misses by no more than float32's rounding
    (:func:`_float32_rounding`, ``rounding``) is told, in this copy's language: said as a
    float32 answer is, where "none of the slips" sent the student to look for a slip."""
    return msg(
        en=f" (within float32's rounding: f's three values and their sum rounded to float32 "
        f"are off by up to {rounding:.2g} here; was it computed in float32 and given back "
        "as a float, by float(…) or .item()? compute in float64)",
        zh=f"（差距没有超出 float32 的舍入误差：f 的三个值及其求和按 float32 舍入，这里最多会差 "
        f"{rounding:.2g}；是不是用 float32 算完，再用 float(…) 或 .item() 转成普通的数返回的？"
        "请用 float64 计算）",
    )


def _none_known() -> str:
    """What a miss no slip the check knows explains is (in this copy's language): said
    plainly, where a bare number left the student to guess whether it was one."""
    return msg(
        en=f" (this number is none of the slips the check knows, alone or two at once: "
        f"compare your code with {_CENTRED} term by term)",
        zh=f"（本检查认得的错误，无论单独一处还是两处同时，都给不出这个数："
        f"请把你的代码和 {_CENTRED} 逐项对照）",
    )


def _other_point_slips(
    f_left: float, f_right: float, expected: float, h: float
) -> list[tuple[float, str]]:
    """What the second difference gives with a slip in its outer points, from f(x − h)
    (``f_left``), f(x + h) (``f_right``), the right value and h, and the slip (in this
    copy's language): the first derivative's central difference, and f(x − h) or f(x + h)
    subtracted, each was a bare "expected 9, got 6.750001"."""
    return [
        (
            (f_right - f_left) / (2 * h),
            msg(
                en="that is the central difference for f′, (f(x + h) − f(x − h))/(2h): the "
                f"second difference adds the outer points and takes 2f(x) off, {_CENTRED}",
                zh="这是求 f′ 的中心差分 (f(x + h) − f(x − h))/(2h)：二阶差分要把两端的点"
                f"加起来，再减去 2f(x)，即 {_CENTRED}",
            ),
        ),
        (
            expected - 2 * f_left / h**2,
            msg(
                en=f"−f(x − h): both outer points are added, {_CENTRED}",
                zh=f"写成了 −f(x − h)：两端的点都是加上的：{_CENTRED}",
            ),
        ),
        (
            expected - 2 * f_right / h**2,
            msg(
                en=f"−f(x + h): both outer points are added, {_CENTRED}",
                zh=f"写成了 −f(x + h)：两端的点都是加上的：{_CENTRED}",
            ),
        ),
    ]


def _told_apart(
    number: float,
    slips: list[tuple[float, str]],
    expected: float,
    tolerance: float,
    *,
    rel: float = 1e-9,
) -> list[tuple[float, str]]:
    """The slips whose number ``number`` is, each compared at its own rounding: a slip
    that is the second difference times a factor below 1 (/h, /(2h), …/ 2 * h**2) is
    computed by the student's code with the right one's rounding times that factor, so it
    is compared at ``tolerance`` times it. At the case's own tolerance (3e-8 for x³ at
    h = 0.001) every number below it was one: * h**2's 9e-12 and …/ 2*h's 4.5e-9 were
    told …/ 2 * h**2's hint, the first of them, and a 0 would have been too. ``rel`` is
    the relative rounding of the answer's own type: float32's ε for a slip computed in
    float64 and given back as float32."""
    if expected == 0:
        return slips
    return [
        (slip, said)
        for slip, said in slips
        if math.isclose(
            number, slip, rel_tol=rel, abs_tol=tolerance * min(1.0, abs(slip / expected))
        )
    ]


def _half_step_slips(at_half: float, at_h: float, at_2h: float) -> list[tuple[float, str]]:
    """What a second difference with h/2 or 2h in it gives, from the closed forms at the
    step h/2 (``at_half``), h (``at_h``) and 2h (``at_2h``), and the slip (in this copy's
    language): the points x ± h/2 over (h/2)²; a quarter, the points x ± h over (2h)² or
    x ± h/2 over h² (the two are one number for x³, whose second difference is 6x at any
    step); and four times the right one, the points x ± h over (h/2)² or x ± 2h over h²
    (one number for x³ too: the points x ± 2h were told "divided by (h/2)²")."""
    quarter = msg(
        en="a quarter of the second difference: divided by (2h)² where the points x ± h "
        "call for h², or the points x ± h/2 over h²; take the points x ± h and divide by h²: "
        f"{_CENTRED}",
        zh="正好是二阶差分的四分之一：点取的是 x ± h 却除以了 (2h)²，或者点取的是 x ± h/2 "
        f"却除以了 h²；请取 x ± h 这两个点并除以 h²：{_CENTRED}",
    )
    four_h = msg(
        en=f"four times the second difference: divided by (h/2)² where the points x ± h call "
        f"for h², {_CENTRED}",
        zh=f"正好是二阶差分的四倍：点取的是 x ± h，却除以了 (h/2)²，应当除以 h²：{_CENTRED}",
    )
    four_2h = msg(
        en=f"four times the second difference at the step 2h: the points x ± 2h over h²; "
        f"take the points x ± h, {_CENTRED}",
        zh=f"正好是步长为 2h 的二阶差分的四倍：点取的是 x ± 2h，却除以了 h²；"
        f"请取 x ± h 这两个点：{_CENTRED}",
    )
    four_either = msg(
        en="four times the second difference: either divided by (h/2)² where the points "
        "x ± h call for h², or the points x ± 2h over h² (here the two give one number); "
        f"take the points x ± h and divide by h², {_CENTRED}",
        zh="正好是二阶差分的四倍：要么点取的是 x ± h 却除以了 (h/2)²，要么点取的是 x ± 2h "
        "却除以了 h²（这里两者给出同一个数）；请取 x ± h 这两个点并除以 h²，"
        f"即 {_CENTRED}",
    )
    return [
        (
            at_half,
            msg(
                en="a step of h/2: (f(x + h/2) − 2f(x) + f(x − h/2))/(h/2)² is the second "
                "difference at the step h/2, not at the h given; use h itself: "
                f"{_CENTRED}",
                zh="步长成了 h/2：(f(x + h/2) − 2f(x) + f(x − h/2))/(h/2)² 是步长为 h/2 的"
                f"二阶差分，不是传进来的 h 的；请直接用 h：{_CENTRED}",
            ),
        ),
        (
            at_2h,
            msg(
                en="a step of 2h: (f(x + 2h) − 2f(x) + f(x − 2h))/(2h)² is the second "
                "difference at the step 2h, not at the h given; use h itself: "
                f"{_CENTRED}",
                zh="步长成了 2h：(f(x + 2h) − 2f(x) + f(x − 2h))/(2h)² 是步长为 2h 的"
                f"二阶差分，不是传进来的 h 的；请直接用 h：{_CENTRED}",
            ),
        ),
        (at_h / 4, quarter),
        (at_half / 4, quarter),
        *(
            [(4 * at_h, four_either)]
            if math.isclose(at_h, at_2h, rel_tol=1e-12)
            else [(4 * at_h, four_h), (4 * at_2h, four_2h)]
        ),
    ]


def _sin_second_difference(x: float, h: float) -> float:
    """(sin(x + h) − 2 sin x + sin(x − h))/h², exactly: −sin x·(2 sin(h/2)/h)²."""
    return -math.sin(x) * (2 * math.sin(h / 2) / h) ** 2


def _exp_second_difference(x: float, h: float) -> float:
    """(e^(x + h) − 2eˣ + e^(x − h))/h², exactly: eˣ·(2 sinh(h/2)/h)²."""
    return math.exp(x) * (2 * math.sinh(h / 2) / h) ** 2


def _cube(x: float) -> float:
    return x**3


# f's name -> its second difference at (x, h), by hand: 6x for x³ at any step
_SECOND_DIFFERENCES: dict[str, Callable[[float, float], float]] = {
    "x³": lambda x, h: 6 * x,
    "sin": _sin_second_difference,
    "eˣ": _exp_second_difference,
}
# two large steps at which eˣ's second difference at 0.3 differs by 1.6 %: an answer the
# same at both does not use its h
_PROBE_STEPS = (0.5, 0.25)


def _ignores_h(second_difference: Callable[..., Any]) -> float | None:
    """The number ``second_difference`` gives for eˣ at 0.3 at both probe steps, when it
    gives the same one (to 1e-12): a step of its own, not the h it is given. None when the
    answers differ, or are not numbers, or it raises (the cases say what is wrong then)."""
    answers = []
    for step in _PROBE_STEPS:
        try:
            with time_limit():
                answers.append(second_difference(math.exp, 0.3, step))
        except (TooLong, KeyboardInterrupt) as error:  # stopped as call() stops it
            raise stopped(_second_difference_what("eˣ", "x = 0.3", 0.3, step), error) from None
        except Exception:
            return None  # the student's code failing: the cases report it, through call()
    # read as the check reads an answer (np.float32, np.longdouble, a 0-d array too)
    a, b = (read_number(v) for v in answers)
    if a is None or b is None:
        return None
    return a if math.isclose(a, b, rel_tol=1e-12) else None


def _second_difference_what(name: str, point: str, x: float, h: float) -> str:
    """The call of second_difference at one case, as its messages name it."""
    return msg(
        en=f"second_difference(f, {x}, {h}) for f = {name} at {point}",
        zh=f"second_difference(f, {x}, {h})（f = {name}，{point}）",
    )


def _own_step(fixed: float) -> str:
    """What the number ``fixed`` a function gives for eˣ at 0.3 whatever its h is: f''(0.3)
    itself (to 1e-4: a small step of its own, its rounding in the last digits), or the
    second difference at the one step s that gives it, eˣ·(2 sinh(s/2)/s)² rising with s
    from f''; "" below f'' (no step gives it: the formula is wrong too). It was shown as
    a bare number."""
    exact = math.exp(0.3)
    if math.isclose(fixed, exact, rel_tol=1e-4):
        return msg(
            en=f": that is f''(0.3) = e^0.3 = {exact:.10g} itself, the second difference at a "
            "small step of its own",
            zh=f"：这正是 f''(0.3) = e^0.3 = {exact:.10g} 本身，即用它自己的一个很小的步长"
            "算出的二阶差分",
        )
    if not exact < fixed < _exp_second_difference(0.3, 20.0):
        return ""
    low, high = 0.0, 20.0
    for _ in range(100):  # bisection: the difference rises with the step
        middle = (low + high) / 2
        low, high = (middle, high) if _exp_second_difference(0.3, middle) < fixed else (low, middle)
    return msg(
        en=f": that is the second difference at the step {high:.2g}, a step of its own",
        zh=f"：这是步长为 {high:.2g} 时的二阶差分，用的是它自己的步长",
    )


# f's name, the point, f, x, h, the second difference at that h by hand, f''(x) by hand.
# x³ first, at x = 1.5, where f' = 6.75 and f'' = 9 differ: at x = 2 both are 12, and a
# first derivative read "expected 12, got 12.000001", like rounding.
_SECOND_DIFFERENCE_CASES: list[
    tuple[str, str, Callable[[float], float], float, float, float, float]
] = [
    ("x³", "x = 1.5", _cube, 1.5, 1e-3, 6 * 1.5, 6 * 1.5),
    ("sin", "x = 1", math.sin, 1.0, 1e-4, _sin_second_difference(1.0, 1e-4), -math.sin(1.0)),
    ("eˣ", "x = −0.5", math.exp, -0.5, 1e-4, _exp_second_difference(-0.5, 1e-4), math.exp(-0.5)),
    # large steps, where the second difference is 2 % and 0.08 % away from f'': an answer
    # that does not use h (a step of its own, or h/2) misses them
    ("eˣ", "x = 0.3", math.exp, 0.3, 0.5, _exp_second_difference(0.3, 0.5), math.exp(0.3)),
    ("sin", "x = 2", math.sin, 2.0, 0.1, _sin_second_difference(2.0, 0.1), -math.sin(2.0)),
]


def _single_precision(got: Any) -> bool:
    """A float32 answer: a numpy number or 0-d array that says so itself."""
    return numpy_form(got) == ((), np.dtype(np.float32))  # read off numpy's types


def check_softplus_derivative(softplus_derivative: Callable[..., Any]) -> Verdict:
    """Exercise 2: d/dx ln(1 + eˣ) = σ(x), checked by gradcheck and by value.

    gradcheck runs on the softplus op with the student's rule, as notebook 06 §4 runs it on
    sigmoid_op: its analytical gradient is the student's derivative itself, its numerical
    one a central difference of ln(1 + eˣ). A failure shows both, and σ(x) by hand.

    The exercise asks for the derivative by hand, so the value is compared at rounding's
    tolerance (:func:`softplus_rounding`): a central difference of ln(1 + eˣ), 1e-11 off
    at best for one step at all the points, passed at rel 1e-9, and at UFLDL's step 1e-4
    was asked about float32. An answer that is not a number (None, a list, a Value) is
    told so before gradcheck takes float() of it.
    """

    # the student's derivative at the point gradcheck runs at, as the check read it (by
    # its type, through call()): float(softplus_derivative(…)) in op ran the student's
    # function again outside call(), and a class(float)'s own __float__, whose error
    # stopped the check as "stopped with RuntimeError (the error above …)" and whose
    # number (not the float it holds, which the check had read) gradcheck was given
    derivative = math.nan

    def op(x: Value) -> Value:
        out = x.softplus()
        if out.parents:
            out.local_grads = (derivative,)
        return out

    def attempt() -> None:
        nonlocal derivative
        for x in _SOFTPLUS_POINTS:
            s = math.log1p(math.exp(x))
            sigma = 1 / (1 + math.exp(-x))
            what = f"softplus_derivative({x}, {s:.6g})"
            got = call(what, softplus_derivative, x, s)
            rel = softplus_rounding(x)
            near = _softplus_by_differences()
            # None, [σ], a Value, a string, 10**400 (past a float), nan or ±inf (the
            # engine refuses it as a derivative in gradcheck, whose error stopped the check
            # as the checker's): said as such
            # (read as a float first: np.isfinite of an int past int64, 2**70, raised
            # TypeError, and a class(float)'s own __float__ ran in numpy); read as
            # expect_close reads it: a right 0-d array, which it passes, was given to
            # gradcheck as nan and stopped the check with InfiniteDerivative
            number = read_number(got)
            if number is None or not math.isfinite(number):
                expect_close(what, got, sigma, rel=rel, abs_tol=0, near_hint=near)
            derivative = math.nan if number is None else number  # what op gives gradcheck
            # First as gradcheck sees it (rtol 1e-3), then exactly against σ(x) by hand.
            try:
                gradcheck(op, x)
            except GradcheckError:
                # The numbers gradcheck compared, and the right one, in the student's language.
                leaf = Value(x)
                op(leaf).backward()
                numerical = numerical_gradient(op, x)[0]
                # the number by hand, not its formula: the exercise asks the student for it
                said = _softplus_slip(softplus_derivative)
                hint = msg(en=f" ({said})", zh=f"（{said}）") if said else ""
                raise Mistake(
                    msg(
                        en=f"gradcheck of softplus at x = {x} failed: your derivative gives "
                        f"{leaf.grad:.10g}, where the derivative of ln(1 + eˣ) is "
                        f"{sigma:.10g}; central differences give {numerical:.10g}{hint}",
                        zh=f"softplus 在 x = {x} 处没有通过 gradcheck：你的局部导数给出 "
                        f"{leaf.grad:.10g}，而 ln(1 + eˣ) 的导数是 {sigma:.10g}；"
                        f"中心差分得到 {numerical:.10g}{hint}",
                    )
                ) from None
            expect_close(what, got, sigma, rel=rel, abs_tol=0, float32_hint=False, near_hint=near)

    return check(msg(en="softplus's local derivative", zh="softplus 的局部导数"), attempt)


# the points check_softplus_derivative runs gradcheck at
_SOFTPLUS_POINTS = (-3.0, -0.4, 0.0, 0.9, 5.0)


def _softplus_slips() -> list[tuple[Callable[[float, float], float], str]]:
    """Wrong derivatives of softplus a student writes, as functions of (x, s), and what is
    wrong with each (in this copy's language), without the right formula: the exercise
    asks the student to work it out. One number, two ways to it: 1/(1 + eˣ) is ln u's 1/u
    without the inner factor, or a sign of x flipped, and both are said."""
    return [
        (
            lambda x, s: 1 / (1 + math.exp(x)),
            msg(
                en="that is 1/(1 + eˣ) at every x, which falls as x grows while softplus "
                "gets steeper: either ln u's derivative 1/u, u = 1 + eˣ, without the chain "
                "rule's inner factor du/dx, or a sign of x flipped",
                zh="这正是每个 x 处的 1/(1 + eˣ)，它随 x 增大而变小，而 softplus 越来越陡："
                "要么是 ln u 的导数 1/u（u = 1 + eˣ）少了链式法则的内层因子 du/dx，"
                "要么是 x 的符号写反了",
            ),
        ),
        (
            lambda x, s: math.exp(x) / (1 + math.exp(x)) ** 2,
            msg(
                en="that is eˣ/(1 + eˣ)² at every x: the denominator is squared once too "
                "often; ln u's derivative is 1/u, not 1/u²",
                zh="这正是每个 x 处的 eˣ/(1 + eˣ)²：分母多平方了一次；ln u 的导数是 1/u，不是 1/u²",
            ),
        ),
        (
            lambda x, s: math.exp(x),
            msg(
                en="eˣ is du/dx alone, u = 1 + eˣ: the outer factor, ln u's derivative 1/u, "
                "is missing",
                zh="eˣ 只是 du/dx（u = 1 + eˣ）：少了外层的因子，即 ln u 的导数 1/u",
            ),
        ),
        (
            lambda x, s: s,
            msg(
                en="that is softplus itself, s = ln(1 + eˣ), not its derivative",
                zh="这是 softplus 本身 s = ln(1 + eˣ)，不是它的导数",
            ),
        ),
        (
            lambda x, s: 1 + math.exp(x),
            msg(
                en="that is u = 1 + eˣ, the inside of ln u, not a derivative",
                zh="这是 ln u 里面的 u = 1 + eˣ，不是导数",
            ),
        ),
        (
            lambda x, s: 1 / s,
            msg(
                en="1/s = 1/ln(1 + eˣ): ln's derivative 1/u is taken at its input "
                "u = 1 + eˣ, not at its output s",
                zh="1/s = 1/ln(1 + eˣ)：ln 的导数 1/u 要在它的输入 u = 1 + eˣ 处取，"
                "不是在它的输出 s 处",
            ),
        ),
        (
            lambda x, s: math.exp(x) / s,
            msg(
                en="that is eˣ/s = eˣ/ln(1 + eˣ) at every x: du/dx = eˣ is right, but ln's "
                "derivative 1/u is taken at its input u = 1 + eˣ, not at its output s",
                zh="这正是每个 x 处的 eˣ/s = eˣ/ln(1 + eˣ)：du/dx = eˣ 是对的，但 ln 的导数 1/u "
                "要在它的输入 u = 1 + eˣ 处取，不是在它的输出 s 处",
            ),
        ),
        (
            lambda x, s: 1 / (1 + math.exp(-s)),
            msg(
                en="that is 1/(1 + e⁻ˢ): the output s where the input x belongs",
                zh="这是 1/(1 + e⁻ˢ)：把输出 s 放在了输入 x 的位置上",
            ),
        ),
        (
            lambda x, s: s * (1 - s),
            msg(
                en="s(1 − s) is the sigmoid's rule, σ′ = σ(1 − σ) written with its output; "
                "softplus's output s has no such rule: work d/dx ln(1 + eˣ) out by the "
                "chain rule",
                zh="s(1 − s) 是 sigmoid 的规则，即用输出写成的 σ′ = σ(1 − σ)；softplus 的输出 s "
                "没有这样的规则：请用链式法则算出 ln(1 + eˣ) 对 x 的导数",
            ),
        ),
        (
            lambda x, s: -1 / (1 + math.exp(-x)),
            msg(
                en="opposite sign: softplus rises everywhere, so its slope is positive",
                zh="符号相反：softplus 处处上升，所以它的斜率是正的",
            ),
        ),
    ]


def _softplus_slip(softplus_derivative: Callable[..., Any]) -> str | None:
    """What is wrong with ``softplus_derivative``, where it gives one slip's number at
    every point the check runs gradcheck at (to rel 1e-9): one number alone could be
    another formula's by chance. None where no slip gives them all, or where it raises or
    returns something else at a point (the check says so where it gets there)."""
    answers = []
    for x in _SOFTPLUS_POINTS:
        s = math.log1p(math.exp(x))
        try:
            with time_limit():
                got = softplus_derivative(x, s)
        except (TooLong, KeyboardInterrupt) as error:  # stopped as call() stops it
            raise stopped(f"softplus_derivative({x}, {s:.6g})", error) from None
        except Exception:  # told by call() where the check reaches that point
            return None
        value = read_number(got)  # as the check reads it: a 0-d array too
        if value is None:  # or a number past a float: the check tells it
            return None
        answers.append((x, s, value, slip_rel(got)))  # float32's rounding for a float32
    for slip, said in _softplus_slips():
        if all(math.isclose(got, slip(x, s), rel_tol=rel) for x, s, got, rel in answers):
            return said
    return None


def softplus_rounding(x: float) -> float:
    """The relative tolerance of σ(x) = d/dx ln(1 + eˣ) written by hand: rounding's, bounded.

    First order, each operation's rounding taken as ε: σ(x) from x (1/(1 + e⁻ˣ),
    eˣ/(1 + eˣ), ½ + ½ tanh(x/2), e^(x − s)) takes a handful of operations, within 8ε of
    the exact value. Written from s = ln(1 + eˣ) as 1 − e⁻ˢ (or 1 − 1/eˢ, (eˢ − 1)/eˢ), it
    subtracts e⁻ˢ = 1 − σ from 1: that rounding, ε(1 − σ) absolute, is ε(1 − σ)/σ = εe⁻ˣ
    relative to σ, twice for the two operations on e⁻ˢ. The closed form the check
    computes is within the same bound: twice it. tests/test_exercises_nb00_nb06.py measures
    right answers written those ways against mpmath; a central difference with one step
    for every point is at least 1e-11 off, a five-point one 1e-13.
    """
    return 2 * (8 + 2 * math.exp(-x)) * EPS


def _plain_number(got: Any) -> bool:
    """A real number as a check compares it: a float or int, or a 0-d numpy one."""
    if isinstance(got, bool):
        return False
    if isinstance(got, (int, float)):
        return True
    return numpy_kind(got) in ("i", "u", "f")  # read off numpy's types, not the student's


def _softplus_by_differences() -> str:
    """What σ(x) right to 3 digits, not to rounding, means: a difference quotient."""
    return msg(
        en=" (close, but not to rounding: a finite difference? The exercise asks for the "
        "derivative worked out by hand, a formula in x or s, exact to rounding; a difference "
        "quotient is a few digits short)",
        zh="（很接近，但差距超出了舍入误差：是不是用了有限差分？练习要的是手算出的导数，"
        "一个用 x 或 s 写出的公式，只差舍入误差；差商则要少几位有效数字）",
    )


def check_newton(newton: Callable[..., Any]) -> Verdict:
    """Exercise 3: Newton iterates x ← x − f'(x)/f''(x).

    Against the iterates by hand, f' and f'' worked out: on x⁴ − 2x² from 2 (to the
    minimum 1) and from 0.3, where f'' < 0 and Newton goes to the maximum 0 (notebook 06
    §5 shows it), and on eˣ − 2x. The tolerance is rounding's (:func:`newton_rounding`):
    f'' as a central difference of grad(f), 1e-10 off, passed at rel 1e-9. A step
    x − f'/|f''| (a descent direction, not Newton's) is named by its number, and so are
    the steps of x⁴ − 2x² on eˣ − 2x: §5's loop copied with its global df and d2f.
    """

    def quartic(x: Any) -> Any:
        return x**4 - 2 * x**2

    def exp_minus_2x(x: Any) -> Any:
        return x.exp() - 2 * x

    def d1_quartic(x: float) -> float:
        return 4 * x**3 - 4 * x

    def d2_quartic(x: float) -> float:
        return 12 * x**2 - 4

    # f's name, f, x0, f' and f'' by hand
    cases: list[
        tuple[str, Callable[[Any], Any], float, Callable[[float], float], Callable[[float], float]]
    ] = [
        ("x⁴ − 2x²", quartic, 2.0, d1_quartic, d2_quartic),
        ("x⁴ − 2x²", quartic, 0.3, d1_quartic, d2_quartic),
        ("eˣ − 2x", exp_minus_2x, 1.5, lambda x: math.exp(x) - 2, math.exp),
    ]
    absolute = msg(
        en="x − f′/|f″|? Newton's step divides by f″ itself, sign and all: where f″ < 0 it "
        "goes towards a maximum (from 0.3 on x⁴ − 2x² to 0, as section 5 shows), and that "
        "is Newton's method",
        zh="是不是用了 x − f′/|f″|？牛顿法的一步除以 f″ 本身，连同它的符号：f″ < 0 的地方"
        "它走向极大值点（在 x⁴ − 2x² 上从 0.3 出发走到 0，第 5 节演示过），牛顿法本来就是这样",
    )

    # §5's loop copied, with its global df and d2f (or grad of the global f): right on
    # x⁴ − 2x², §5's own f, and the steps of x⁴ − 2x² on eˣ − 2x
    own = msg(
        en="the step for x⁴ − 2x², section 5's f, instead: does newton use the function f "
        "it is given?",
        zh="得到的却是 x⁴ − 2x²（第 5 节的 f）的牛顿步：newton() 用的是传给它的函数 f 吗？",
    )

    # hessian(f)(x) is [[f″(x)]]: x − f′/hessian(f)(x) divides a number by a list
    one_entry = msg(
        en="take its one entry, hessian(f)(x)[0][0], or use grad(grad(f))(x) as section 5 does",
        zh="取出它唯一的元素 hessian(f)(x)[0][0]，或者像第 5 节那样用 grad(grad(f))(x)",
    )

    from_x0 = msg(
        en="that is x1 again, the step from x0: each step starts from the last iterate, "
        "x_k = x_(k−1) − f′(x_(k−1))/f″(x_(k−1)), xs[-1] and not xs[0]",
        zh="这又是 x1，即从 x0 出发的那一步：每一步都从上一个迭代值出发，"
        "x_k = x_(k−1) − f′(x_(k−1))/f″(x_(k−1))，用 xs[-1] 而不是 xs[0]",
    )

    def descends(f: Callable[[Any], Any], rate: float) -> bool:
        """Whether newton's first step on another f of the cases is x − rate·f′(x) too:
        one number is x − η·f′ for a round η by chance (x1 = 1.4 from 2 on x⁴ − 2x² is
        x − f′/f″ with f″ written 12x² − 4x, η = 0.025), two are a learning rate. An
        answer that fails there, in any way, confirms nothing. Its iterates are read as
        the check reads them: an array, np.float32 numbers (read as a list or a tuple of
        Python's int and float alone, they confirmed nothing)."""
        name, other, x0, d1, _ = cases[2] if f is quartic else cases[0]
        where = msg(en=f"newton(f, {x0}, 1) for f = {name}", zh=f"newton(f, {x0}, 1)（f = {name}）")
        # a list's, a tuple's or an array's entries, read without the student's code (a
        # class(list) of theirs whose __len__ raised stopped the check as the checker's
        # error); its length first, off its type
        got = probed_once(where, probe(where, newton, other, x0, 1), 2)  # a generator too
        read = entries(got) if length(got) == 2 else None
        step = None if read is None else read_number(read[1])
        if step is None:
            return False  # not two iterates, or not a number there: confirms nothing
        want = x0 - rate * d1(x0)  # 10**400 is near nothing (it stopped the check)
        return is_close(step, want, rel=1e-9, abs_tol=newton_rounding(abs(x0)))

    def attempt() -> None:
        iterates: list[Any] = []
        for name, f, x0, d1, d2 in cases:
            # One step first, so a wrong step is named before it can diverge.
            for steps in (1, 6):
                what = msg(
                    en=f"newton(f, {x0}, {steps}) for f = {name}",
                    zh=f"newton(f, {x0}, {steps})（f = {name}）",
                )
                try:
                    got = call_minding_hessian(what, one_entry, newton, f, x0, steps)
                    # a generator of the iterates (yield x each step), a map: read once,
                    # its code the student's, inside this try (an OverflowError there too)
                    # (as far as one iterate more than due: it may never end)
                    once = read_once(what, got, steps + 1)
                    got = got if once is None else once
                except Stopped:
                    raise
                except Mistake as mistake:
                    # the student's code past a float (a Value's OpOverflow, float's **):
                    # told with the step where the iterates diverge, from shorter runs
                    if isinstance(mistake.__context__, OverflowError):
                        raise _overflowed(mistake, newton, name, f, x0, steps, d1, d2) from None
                    raise
                # each item as it is: float() of it would take "1.45" or a Value's .data;
                # a list, a tuple or an array, never a student's iterable's own code (a
                # raising __iter__ was the checker's error); its length first, off its
                # type: a range(10**8)'s entries were built (untimed C code) to be counted
                size = length(got)  # None exactly where entries() reads none
                if size is None:
                    raise _not_a_list(what, got, steps)
                if size != steps + 1:
                    count, count_zh = (
                        (f"{size}", f"有 {size}")
                        if once is None
                        else more_than(once, steps + 1, True)
                    )
                    raise Mistake(
                        msg(
                            en=f"{what}: expected {steps + 1} iterates x0 … x{steps}, got {count}",
                            zh=f"{what}：应有 {steps + 1} 个迭代值 x0 … x{steps}，"
                            f"实际{count_zh} 个",
                        )
                    )
                iterates = entries(got) or []
                x, previous, scale = x0, x0, 0.0
                for k, got_k in enumerate(iterates):
                    where = msg(en=f"{what}: iterate x{k}", zh=f"{what}的迭代值 x{k}")
                    scale = max(scale, abs(x))
                    slips = [(previous - d1(previous) / abs(d2(previous)), absolute)] if k else []
                    if k:
                        slips += _newton_slips(
                            previous, f(Value(previous)).data, d1(previous), d2(previous)
                        )
                    if k >= 2:  # every step from x0: xs[0] where xs[-1] is due
                        slips.append((x0 - d1(x0) / d2(x0), from_x0))
                    if k and f is not quartic:  # the step of §5's f, x⁴ − 2x², instead
                        slips.append((previous - d1_quartic(previous) / d2_quartic(previous), own))
                    if k:  # x − η·f′, §5's gradient descent, last: a rarer slip's number first
                        slips += _descent_slips(
                            previous, d1(previous), x, got_k, functools.partial(descends, f)
                        )
                    expect_close(
                        where,
                        got_k,
                        x,
                        rel=0,
                        abs_tol=newton_rounding(scale),
                        float32_hint=False,
                        near_hint=_by_differences(),
                        slips=slips,
                        beyond_hint=_diverged(k, previous) if k else "",
                    )
                    previous, x = x, x - d1(x) / d2(x)
        where = msg(
            en="newton(eˣ − 2x, 1.5, 6)[-1], the minimum ln 2",
            zh="newton(eˣ − 2x, 1.5, 6)[-1]，即极小值点 ln 2",
        )
        expect_close(where, iterates[-1], math.log(2), float32_hint=False)

    return check(msg(en="Newton's method", zh="牛顿法"), attempt)


def _not_a_list(what: str, got: Any, steps: int) -> Mistake:
    """The Mistake of newton's answer where the list [x0, …, x_steps] is due, said in the
    student's words: one Value node (shown by its .data, not as its repr
    ``Value(data=…, grad=…)``) or one number, each the last iterate alone, with the list
    asked for, of numbers (a Value's .data)."""
    listed = "[x0, x1]" if steps == 1 else f"[x0, x1, …, x{steps}]"
    due = msg(
        en=f"return the list {listed} of every iterate, x0 included",
        zh=f"请返回由包括 x0 在内的每个迭代值组成的列表 {listed}",
    )
    if isinstance(got, Value):
        return Mistake(
            msg(
                en=f"{what}: expected a list of {steps + 1} numbers, got one Value node "
                f"(.data = {got.data:.10g}): {due}, each a float, a Value's .data, not the node",
                zh=f"{what}：应返回由 {steps + 1} 个数组成的列表，得到的却只是一个 Value 节点"
                f"（.data = {got.data:.10g}）：{due}，每一项都是浮点数，即 Value 的 .data，"
                "而不是节点",
            )
        )
    if _plain_number(got) or type(got) is Fraction:
        shown = _one_number(got)
        return Mistake(
            msg(
                en=f"{what}: expected a list of {steps + 1} numbers, got one number, "
                f"{shown}: {due}",
                zh=f"{what}：应返回由 {steps + 1} 个数组成的列表，得到的却只是一个数 "
                f"{shown}：{due}",
            )
        )
    return Mistake(
        msg(
            en=f"{what}: expected a list of {steps + 1} numbers, got {short(got)}: {due}",
            zh=f"{what}：应返回由 {steps + 1} 个数组成的列表，得到的是 {short(got)}：{due}",
        )
    )


def _one_number(got: Any) -> str:
    """One real number of the student's, to 10 digits, or by its size where a float does
    not hold it: 10**400 (its float() overflows), Fraction(1, 10**400) and a numpy
    longdouble of 1e-4000, whose float() is 0 ("got one number, 0"), and a longdouble of
    1e4000, whose float() is inf; and one whose float() is subnormal and not the number
    (1/10**320, whose float, 9.99988867e-321, keeps 5 digits: it read "9.999888672e-321")."""
    beyond = _past_a_float(got)
    if beyond is not None:
        return beyond
    real = real_number(got)  # a class(float) of the student's: its number, not its __float__
    number = float(got if real is None else real)
    return _lost_by_a_float(real, number) or f"{number:.10g}"


def _newton_slips(x: float, fx: float, d1: float, d2: float) -> list[tuple[float, str]]:
    """What one Newton step from ``x`` gives with a slip, from f(x) = ``fx``, f′(x) =
    ``d1`` and f″(x) = ``d2``, and the slip (in this copy's language): each was a bare
    "expected 1.454545455, got -22"."""
    step = msg(en="Newton's step is x − f′(x)/f″(x)", zh="牛顿法的一步是 x − f′(x)/f″(x)")
    # x − f/f′, Newton's step for a root of f: the minimum is a root of f′
    root = (
        []
        if d1 == 0
        else [
            (
                x - fx / d1,
                msg(
                    en=f"x − f(x)/f′(x) is Newton's step to a zero of f; the minimum is a zero "
                    f"of f′, so f′ and f″ take the places of f and f′; {step}",
                    zh=f"x − f(x)/f′(x) 是求 f 的零点的牛顿步；极小值点是 f′ 的零点，所以要用 "
                    f"f′ 和 f″ 代替 f 和 f′；{step}",
                ),
            )
        ]
    )
    upside_down = (
        []
        if d1 == 0  # at the minimum: f″/f′ is no number, and no answer gives it
        else [
            (
                x - d2 / d1,
                msg(
                    en=f"x − f″/f′: the ratio is upside down; {step}",
                    zh=f"x − f″/f′：比值上下颠倒了；{step}",
                ),
            )
        ]
    )
    return [
        *upside_down,
        *root,
        (
            x + d1 / d2,
            msg(
                en=f"x + f′/f″: the step goes the wrong way; {step}",
                zh=f"x + f′/f″：这一步走反了；{step}",
            ),
        ),
        (
            x - d1,
            msg(
                en=f"x − f′(x), a gradient descent step: f′ is not divided by f″; {step}",
                zh=f"x − f′(x)，这是梯度下降的一步：f′ 没有除以 f″；{step}",
            ),
        ),
        (
            x - d1 * d2,
            msg(
                en=f"x − f′·f″: f′ is multiplied by f″, not divided; {step}",
                zh=f"x − f′·f″：f′ 乘上了 f″，应当是除以；{step}",
            ),
        ),
    ]


def _descent_slips(
    x: float, d1: float, expected: float, got: Any, descends: Callable[[float], bool]
) -> list[tuple[float, str]]:
    """x − η·f′(x), a gradient descent step (section 5's, η = 0.05) where Newton's step,
    ``expected``, is due, for the learning rate η the answer ``got`` would have: named only
    where that η is a rate a student writes, of one or two significant digits (0.05, 0.1,
    0.25, and 2 or 1.5 above 1, once left unnamed; 1 is "x − f′(x)"), the step
    x − η·f′(x) with it is the answer, and
    ``descends(η)``: the student's function takes a step of that η elsewhere too. Any
    answer is x − η·f′ for some η, and at x = 2 on x⁴ − 2x² (f′ = 24) one round answer
    in eleven of one decimal has a round η: one number alone tells no learning rate."""
    number = read_number(got)  # as expect_close reads it: np.float32 too
    if d1 == 0 or number is None:  # a bool, an int past a float: expect_close tells it
        return []
    rate = (x - number) / d1
    if not (rate > 0 and math.isfinite(rate)):
        return []
    written = float(f"{rate:.2g}")  # the rate as a student writes it
    if written == 1 or not math.isclose(rate, written, rel_tol=1e-6):
        return []  # η = 1 is x − f′(x), a slip of _newton_slips
    # a step of that rate within rounding of Newton's is no slip (_slip passes it over)
    if math.isclose(x - written * d1, expected, rel_tol=1e-6) or not descends(written):
        return []
    step = msg(en="Newton's step is x − f′(x)/f″(x)", zh="牛顿法的一步是 x − f′(x)/f″(x)")
    return [
        (
            x - written * d1,
            msg(
                en=f"x − η·f′(x) with η = {written:g}, a gradient descent step: Newton's step "
                f"has no learning rate, it divides f′ by f″; {step}",
                zh=f"x − η·f′(x)，η = {written:g}，这是梯度下降的一步：牛顿法没有学习率，"
                f"它用 f′ 除以 f″；{step}",
            ),
        )
    ]


def _overflowed(
    mistake: Mistake,
    newton: Callable[..., Any],
    name: str,
    f: Callable[[Any], Any],
    x0: float,
    steps: int,
    d1: Callable[[float], float],
    d2: Callable[[float], float],
) -> Mistake:
    """``mistake``, newton(f, x0, steps) raising an OverflowError (a number past a float
    in the student's code), with the step where its iterates diverge: the longest shorter
    run that returns its iterates (each run a :func:`probe`: its prints, already shown by
    the first run, left out; a Ctrl-C there stops the check) is compared with the
    iterates by hand, f′ and f″ given, and its first wrong iterate named — or, all of
    them right, the step after its last. ``mistake`` as it is where no shorter run
    returns a list of numbers."""
    due = [x0]
    for _ in range(steps):
        due.append(due[-1] - d1(due[-1]) / d2(due[-1]))
    for k in range(steps - 1, 0, -1):
        what = msg(
            en=f"newton(f, {x0}, {k}) for f = {name}", zh=f"newton(f, {x0}, {k})（f = {name}）"
        )
        answer = probe(what, newton, f, x0, k)  # its prints shown once: the first run's
        answer = probed_once(what, answer, k + 1)  # a generator of iterates, read as a list
        # read by list's and tuple's own iteration, not a class(list)'s of the student's,
        # and an array's or np.float32 numbers as the check reads them (read as a list or
        # a tuple of Python's int and float alone, they named no step)
        got = entries(answer) if length(answer) == k + 1 else None
        if got is None:
            continue
        read = [read_number(v) for v in got]  # None past a float: 10**400, told by its size
        if not all(
            n is not None or real_number(v) is not None for n, v in zip(read, got, strict=True)
        ):
            continue
        scale = max(abs(v) for v in due[: k + 1])
        wrong = next(
            (
                j
                for j in range(1, k + 1)
                if not is_close(read[j], due[j], rel=0, abs_tol=newton_rounding(scale))
            ),
            None,
        )
        if wrong is None:  # every iterate right: the next step is the one that overflows
            said = msg(
                en=f"the iterates grew past a float at step {k + 1}: {what} gives x{k} = "
                f"{due[k]:.10g}, which is right, and the step from there overflowed, where "
                f"x{k + 1} = {due[k + 1]:.10g} is due",
                zh=f"迭代值在第 {k + 1} 步超出了浮点数的范围：{what}给出的 x{k} = {due[k]:.10g} "
                f"是对的，从它出发的这一步却溢出了，应得的 x{k + 1} = {due[k + 1]:.10g}",
            )
        else:
            shown = _past_a_float(got[wrong]) or f"{read[wrong]:.10g}"  # 10**400: its size
            said = msg(
                en=f"the iterates diverge at step {wrong}: {what} gives x{wrong} = {shown}, "
                f"where {due[wrong]:.10g} is due, from x{wrong - 1} = {due[wrong - 1]:.10g}, "
                "which is right",
                zh=f"迭代在第 {wrong} 步发散了：{what}给出的 x{wrong} = {shown}，"
                f"应为 {due[wrong]:.10g}，这一步的出发点 x{wrong - 1} = "
                f"{due[wrong - 1]:.10g} 是对的",
            )
        return Mistake(f"{mistake}\n{said}")
    return mistake


def _diverged(k: int, previous: float) -> str:
    """What iterate x_k past the largest float (or infinite) means, x_(k−1) =
    ``previous`` being right (the check reached x_k): the student's step from there
    diverged (in this copy's language)."""
    return msg(
        en=f": the iterates diverge at step {k}, from x{k - 1} = {previous:.10g}, which is right",
        zh=f"：迭代在第 {k} 步发散了，这一步的出发点 x{k - 1} = {previous:.10g} 是对的",
    )


def newton_rounding(scale: float) -> float:
    """The absolute tolerance of a Newton iterate, the iterates so far at most ``scale``.

    One step x − f'(x)/f''(x), with f' and f'' from grad (exact to a few ε relative, the
    chain rule's roundings) or by hand, is within a few ε·scale of the same step exactly:
    f' near a stationary point loses its digits to cancellation (4x³ − 4x, eˣ − 2) but is
    small there, and the step with it. The map x ↦ x − f'/f'' has slope f'f'''/f''², below
    1 in size along the checked paths, so the roundings of six steps do not grow: 16ε·scale
    covers them (right answers written several ways are within 1ε·scale,
    tests/test_exercises_nb00_nb06.py). f'' as a central difference of grad(f) is 1e5
    ε·scale off, a five-point one 200.
    """
    return 16 * EPS * scale


def _by_differences() -> str:
    """What a Newton iterate right to 3 digits, not to rounding, means: f′ or f″ taken by a
    finite difference (right to 5–10 digits), where grad gives them exact to rounding."""
    return msg(
        en=" (close, but not to rounding: did you take f′ or f″ by finite differences? Take "
        "both with grad(f) and grad(grad(f)): the chain rule gives them exact to rounding, "
        "a difference quotient to a few digits fewer)",
        zh="（很接近，但差距超出了舍入误差：f′ 或 f″ 是不是用有限差分算的？请用 grad(f) 和 "
        "grad(grad(f)) 求这两个导数：链式法则给出的导数只差舍入误差，差商则要少几位有效数字）",
    )
