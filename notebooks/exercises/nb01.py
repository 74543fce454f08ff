"""Checks for notebook 01's exercises: a central difference, and a new op's local derivative."""

from __future__ import annotations

import math
import sys
from collections.abc import Callable

from autograd_mini import Value

from . import Mistake, Verdict, call, check, expect_close, msg, probe
from .reading import as_float, is_close

__all__ = ["check_central_difference", "check_local_derivative"]

Scalar = Callable[[float], float]
EPS = sys.float_info.epsilon  # the spacing of floats near 1, ε ≈ 2.2e-16


def check_central_difference(
    central_difference: Callable[[Scalar, float, float], float],
) -> Verdict:
    """``central_difference(f, x, h)`` must be (f(x + h) − f(x − h)) / 2h.

    For x³ the central difference is exactly 3x² + h² (the x³ terms cancel), the forward
    one 3x² + 3xh + h²: the cases tell the two apart, and h is used as given.
    """

    def attempt() -> None:
        cases: list[tuple[str, Scalar, float, float, float]] = [
            ("x³", lambda x: x**3, 1.0, 1e-2, 3.0 + 1e-4),
            ("x³", lambda x: x**3, 2.0, 0.1, 12.0 + 0.01),
            ("sin", math.sin, 0.5, 1e-3, (math.sin(0.501) - math.sin(0.499)) / 2e-3),
        ]
        for name, f, x, h, expected in cases:
            what = f"central_difference({name}, x={x:g}, h={h:g})"
            got = call(what, central_difference, f, x, h)
            if name == "x³":
                _which_difference_of_a_cube(what, got, x, h, expected)
            # (f(x + h) − f(x − h)) / 2 * h is ((…) / 2) · h: the quotient times h²
            precedence = msg(
                en="(f(x + h) − f(x − h)) / 2 * h divides by 2, then multiplies by h: "
                "write / (2 * h)",
                zh="(f(x + h) − f(x − h)) / 2 * h 是先除以 2、再乘以 h：请写成 / (2 * h)",
            )
            # the points x ± h/2, h apart, over 2h: half a central difference at h/2
            apart = msg(
                en="the points x ± h/2 are h apart, not 2h: the central difference takes "
                "x ± h, (f(x + h) − f(x − h))/2h",
                zh="x ± h/2 这两个点相距 h，不是 2h：中心差分取的是 x ± h，"
                "(f(x + h) − f(x − h))/2h",
            )
            slips = [
                (expected * h * h, precedence),
                ((f(x + h / 2) - f(x - h / 2)) / (2 * h), apart),
            ]
            expect_close(what, got, expected, rel=1e-9, slips=slips)

    return check(msg(en="the central difference", zh="中心差分"), attempt)


def _which_difference_of_a_cube(what: str, got: object, x: float, h: float, want: float) -> None:
    """Name what a wrong number for x³ is, by hand: (x ± h)³ = x³ ± 3x²h + 3xh² ± h³, so
    the forward difference is 3x² + 3xh + h², the backward one 3x² − 3xh + h², and the
    central one exactly 3x² + h², 3x² + h'² with another step h' (the derivative 3x²
    itself as h' → 0)."""
    value = as_float(got)
    if value is None:
        return  # not a number, or one past the largest float: expect_close says so
    if math.isclose(value, want, rel_tol=1e-6):
        return  # right, or right to float32's 7 digits: expect_close says which
    slope = 3 * x**2
    shown = f"{value:.10g}"
    central = msg(
        en=f"the central difference (f(x + h) − f(x − h))/2h is 3x² + h² = {want:.10g}",
        zh=f"中心差分 (f(x + h) − f(x − h))/2h 是 3x² + h² = {want:.10g}",
    )
    for sign, side in ((1, msg(en="forward", zh="前向")), (-1, msg(en="backward", zh="后向"))):
        if math.isclose(value, slope + sign * 3 * x * h + h**2, rel_tol=1e-9):
            formula = "(f(x + h) − f(x))/h" if sign > 0 else "(f(x) − f(x − h))/h"
            terms = "3x² + 3xh + h²" if sign > 0 else "3x² − 3xh + h²"
            raise Mistake(
                msg(
                    en=f"{what}: expected {want:.10g}, got {shown}, which is the {side} "
                    f"(one-sided) difference {formula}: for x³ it is {terms}, while {central}",
                    zh=f"{what}：应为 {want:.10g}，实际得到 {shown}，这是{side}（单侧）差分 "
                    f"{formula}：对 x³ 它等于 {terms}，而{central}",
                )
            )
    extra = value - slope  # h'² for a central difference with a step h' of its own
    exact = msg(
        en=f"for x³ the central difference is exactly 3x² + h² (the x³ and 3xh² terms "
        f"cancel), {want:.10g} with the h given (h = {h:g})",
        zh=f"x³ 的中心差分恰好是 3x² + h²（x³ 项和 3xh² 项相互抵消），"
        f"用传进来的 h（h = {h:g}）算就是 {want:.10g}",
    )
    if abs(extra) <= 1e-3 * h**2:
        raise Mistake(
            msg(
                en=f"{what}: expected {want:.10g}, got {shown}: {exact}; {shown} is 3x² "
                "itself, the derivative, or a central difference with a much smaller step: "
                "use the h you are given",
                zh=f"{what}：应为 {want:.10g}，实际得到 {shown}：{exact}；{shown} 就是 3x² 本身，"
                "也就是导数，或者是用小得多的步长算出的中心差分：请用传进来的 h",
            )
        )
    if 0 < extra <= 100 * h**2:
        raise Mistake(
            msg(
                en=f"{what}: expected {want:.10g}, got {shown} = 3x² + {extra:.3g}: {exact}; "
                f"yours is a central difference with the step h = {math.sqrt(extra):.3g}: "
                "use the h you are given",
                zh=f"{what}：应为 {want:.10g}，实际得到 {shown} = 3x² + {extra:.3g}：{exact}；"
                f"你的结果是步长 h = {math.sqrt(extra):.3g} 的中心差分：请用传进来的 h",
            )
        )


def silu(a: float) -> float:
    """The op of the exercise, y = a·σ(a) (also called swish), as a plain float."""
    return a / (1.0 + math.exp(-a))


def silu_tolerance(a: float) -> float:
    """The relative rounding error of dy/da = σ(a) + a·σ(a)(1 − σ(a)) at a, bounded.

    First order, each operation's rounding taken as ε (twice the unit roundoff): σ(a),
    however it is written — 1/(1 + e⁻ᵃ), eᵃ/(1 + eᵃ), (1 + tanh(a/2))/2, or y/a — is off
    by at most 4ε (absolute: it lies in (0, 1)); 1 − σ by that plus ε, and σ(−a) written
    directly by 4ε too; the product a·σ·(1 − σ) (or y·(1 − σ), y = a·σ) then carries
    their relative errors, 4ε/σ + 5ε/(1 − σ), plus 2ε for its two multiplications; the
    sum σ + a·σ(1 − σ) adds ε of itself. Relative to dy/da, which is smaller than its two
    terms where they have opposite signs (a < 0): 9–190ε at the check's points. Any order
    of these operations stays inside it, the student's and the engine's (the oracle),
    which tests/test_exercises.py measures against mpmath. A central difference with
    h = 1e-5 is off by about 1e-11 relative, 30 or more times the bound.
    """
    s = 1 / (1 + math.exp(-a))
    term = a * s * (1 - s)
    slope = s + term
    sigma = 4 * EPS
    product = abs(term) * (sigma / s + (sigma + EPS) / (1 - s) + 2 * EPS)
    return (sigma + product + EPS * abs(slope)) / abs(slope)


def check_local_derivative(silu_local: Callable[[float, float], float]) -> Verdict:
    """``silu_local(a, y)`` must be dy/da for y = a·σ(a), as the engine finds it.

    Like a row of autograd_mini's op table it gets the input a and the output y, so
    the answer may use either. The oracle is the engine differentiating a·σ(a) built
    from its own ops. The rule is exact to rounding, so the tolerance is rounding's:
    :func:`silu_tolerance` for the student's value plus the same for the engine's. A
    difference quotient is a few digits short of that and is told so.
    """

    def attempt() -> None:
        for a in SILU_POINTS:
            node = Value(a)
            (node * node.sigmoid()).backward()
            y = silu(a)
            what = f"silu_local({a:g}, {y:.6g})"
            got = call(what, silu_local, a, y, known=[(ZeroDivisionError, _sigma_from_a())])
            where = msg(en=f"dy/da at a = {a:g}", zh=f"a = {a:g} 处的 dy/da")
            if a == 0 and math.isnan(as_float(got) or 0.0):  # numpy's 0/0
                raise Mistake(
                    msg(
                        en=f"{what}: expected {node.grad:g}, got nan ({_sigma_from_a()})",
                        zh=f"{what}：应为 {node.grad:g}，实际得到 nan（{_sigma_from_a()}）",
                    )
                )
            rel = 2 * silu_tolerance(a)
            s = 1 / (1 + math.exp(-a))
            slips = _product_rule_slips(a, s)
            if not is_close(got, node.grad, rel=rel):
                slips = [*_sigma_of_minus_a(silu_local, a), *slips]
            expect_close(
                where,
                got,
                node.grad,
                rel=rel,
                abs_tol=0,
                near_hint=_by_differences(),
                slips=slips,
            )

    return check(msg(en="the local derivative of y = a·σ(a)", zh="y = a·σ(a) 的局部导数"), attempt)


#: The points check_local_derivative asks silu_local at.
SILU_POINTS = (-3.0, -0.5, 0.0, 0.7, 2.5)


def _sigma_of_minus_a(
    silu_local: Callable[[float, float], float], a: float
) -> list[tuple[float, str]]:
    """The product rule right with σ(−a) = 1/(1 + eᵃ) for σ(a) (the exponent's sign lost),
    as (its number at ``a``, what it is), where ``silu_local`` gives that formula's number at
    every point of :data:`SILU_POINTS` (one number alone could be any slip's); else none.
    Written either way the rule is written: σ + y(1 − σ) or σ + a·σ(1 − σ)."""
    formulas: list[Callable[[float, float, float], float]] = [
        lambda a, y, m: m + y * (1 - m),  # m = σ(−a) for σ(a)
        lambda a, y, m: m + a * m * (1 - m),
    ]
    answers = []
    for point in SILU_POINTS:
        y = silu(point)
        value = as_float(probe(f"silu_local({point:g}, {y:.6g})", silu_local, point, y))
        if value is None:  # failed, not a number, or one past a float: the check tells it
            return []
        answers.append((point, y, 1 / (1 + math.exp(point)), value))
    said = msg(
        en="σ(−a) = 1/(1 + eᵃ) in place of σ(a) = 1/(1 + e^(−a)), at every a checked: the "
        "exponent's minus sign is missing; the product rule is right",
        zh="在检验的每个 a 处都用了 σ(−a) = 1/(1 + eᵃ) 而不是 σ(a) = 1/(1 + e^(−a))："
        "指数里少了负号；乘积法则本身是对的",
    )
    for formula in formulas:
        if all(math.isclose(got, formula(p, y, m), rel_tol=1e-9) for p, y, m, got in answers):
            return [(formula(a, silu(a), 1 / (1 + math.exp(a))), said)]
    return []


def _product_rule_slips(a: float, s: float) -> list[tuple[float, str]]:
    """The numbers of the product rule of y = a·σ(a) half applied, at a with σ(a) = s,
    and what each means: dy/da = σ(a) + a·σ′(a), σ′(a) = σ(a)(1 − σ(a)). Only a slip that
    the point tells apart: at a = 0 the term a·σ′(a) alone is 0, which is what a division
    by a guarded with 0 gives there, and it is told as that."""
    rule = msg(
        en="the product rule gives dy/da = σ(a) + a·σ′(a), σ′(a) = σ(a)(1 − σ(a))",
        zh="乘积法则给出 dy/da = σ(a) + a·σ′(a)，其中 σ′(a) = σ(a)(1 − σ(a))",
    )
    if a == 0:
        # a·σ′(a) = 0 here, as is anything times a: an answer of 0 names no term of the
        # rule, but a division by a, guarded (the student's formula was right at a ≠ 0)
        alone = (
            0.0,
            msg(
                en="0 at a = 0, where dy/da = σ(0) = ½: does the answer divide by a "
                "(σ(a) = y/a) and put 0 where a = 0? y/a is 0/0 there: compute σ(a) from a "
                "directly, 1/(1 + e^(−a))",
                zh="在 a = 0 处得 0，而那里 dy/da = σ(0) = ½：答案是不是除以了 a"
                "（σ(a) = y/a），在 a = 0 处用 0 代替？y/a 在那里是 0/0：请直接由 a 计算 "
                "σ(a)，即 1/(1 + e^(−a))",
            ),
        )
    else:
        alone = (a * s * (1 - s), msg(en=f"a·σ′(a) alone: {rule}", zh=f"只有 a·σ′(a)：{rule}"))
    return [
        (s, msg(en=f"σ(a) alone: {rule}", zh=f"只有 σ(a)：{rule}")),
        alone,
        (
            s + s * (1 - s),
            msg(
                en=f"σ(a) + σ′(a), without the factor a: {rule}",
                zh=f"σ(a) + σ′(a)，少了因子 a：{rule}",
            ),
        ),
        (
            s * (1 - s),
            msg(
                en=f"σ′(a) = σ(a)(1 − σ(a)) alone, the sigmoid's derivative: y = a·σ(a) is a "
                f"product; {rule}",
                zh=f"只有 σ′(a) = σ(a)(1 − σ(a))，这是 sigmoid 的导数：y = a·σ(a) 是一个乘积；"
                f"{rule}",
            ),
        ),
        (
            s + a * s,
            msg(
                en=f"σ(a) + a·σ(a): the second term has σ′(a), not σ(a); {rule}",
                zh=f"σ(a) + a·σ(a)：第二项里是 σ′(a)，不是 σ(a)；{rule}",
            ),
        ),
        (
            s + a * s * (1 + s),
            msg(
                en=f"σ(a)(1 + σ(a)) for σ′(a): its second factor is 1 − σ(a); {rule}",
                zh=f"把 σ′(a) 写成了 σ(a)(1 + σ(a))：第二个因子是 1 − σ(a)；{rule}",
            ),
        ),
        (
            s - a * s * (1 - s),
            msg(en=f"σ(a) − a·σ′(a), a sign: {rule}", zh=f"σ(a) − a·σ′(a)，符号错了：{rule}"),
        ),
        (
            a * s * (1 - a * s),
            msg(
                en="y(1 − y), the sigmoid row's local derivative: it holds where y = σ(a), "
                f"and here y = a·σ(a); {rule}",
                zh="y(1 − y)，这是 sigmoid 那一行的局部导数：它只在 y = σ(a) 时成立，"
                f"而这里 y = a·σ(a)；{rule}",
            ),
        ),
        # the sum right, its second term the sigmoid row's y(1 − y) where y(1 − σ(a)) is due
        (
            s + (a * s) * (1 - a * s),
            msg(
                en="σ(a) + y(1 − y): the second term is a·σ′(a) = a·σ(a)(1 − σ(a)) = "
                "y(1 − σ(a)), with 1 − σ(a), not 1 − y; y(1 − y) is the sigmoid row's, right "
                f"only where y = σ(a); {rule}",
                zh="σ(a) + y(1 − y)：第二项是 a·σ′(a) = a·σ(a)(1 − σ(a)) = y(1 − σ(a))，"
                "括号里是 1 − σ(a)，不是 1 − y；y(1 − y) 是 sigmoid 那一行的写法，只在 "
                f"y = σ(a) 时成立；{rule}",
            ),
        ),
        # the product rule right, with the sigmoid row's y(1 − y) (or y itself) for σ
        (
            s + a * (a * s) * (1 - a * s),
            msg(
                en="σ(a) + a·y(1 − y): σ′(a) written as the sigmoid row's y(1 − y), which is "
                f"σ′ only where y = σ(a); here y = a·σ(a), so σ′(a) = σ(a)(1 − σ(a)); {rule}",
                zh="σ(a) + a·y(1 − y)：把 σ′(a) 写成了 sigmoid 那一行的 y(1 − y)，它只在 "
                f"y = σ(a) 时才等于 σ′(a)；这里 y = a·σ(a)，所以要写成 σ′(a) = σ(a)(1 − σ(a))；"
                f"{rule}",
            ),
        ),
        (
            a * s + a * (a * s) * (1 - a * s),
            msg(
                en="y + a·y(1 − y): y in place of σ(a), as in the sigmoid's row; here "
                f"y = a·σ(a) is SiLU's output, not σ(a): compute σ(a) from a; {rule}",
                zh="y + a·y(1 − y)：像 sigmoid 那一行一样用 y 代替了 σ(a)；这里 y = a·σ(a) "
                f"是这个运算的输出，不是 σ(a)：请直接由 a 计算 σ(a)；{rule}",
            ),
        ),
    ]


def _sigma_from_a() -> str:
    """σ(a) = y/a, right wherever a ≠ 0, divides by zero at a = 0, a point the check tries."""
    return msg(
        en="σ(a) = y/a is 0/0 at a = 0: compute σ(a) from a directly, 1/(1 + e^(−a))",
        zh="σ(a) = y/a 在 a = 0 处是 0/0：请直接由 a 计算 σ(a)，即 1/(1 + e^(−a))",
    )


def _by_differences() -> str:
    """What dy/da right to 3 digits, not to rounding, means: a difference quotient."""
    return msg(
        en=" (close, but not to rounding: a finite difference? The product rule gives dy/da "
        "exact to rounding; a difference quotient is a few digits short)",
        zh="（很接近，但差距超出了舍入误差：是不是用了有限差分？按乘积法则算出的 dy/da "
        "只差舍入误差，差商则要少几位有效数字）",
    )
