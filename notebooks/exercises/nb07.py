"""Checks for notebook 07, "Forward or reverse?".

Each check calls the student's function on a few inputs and compares with the engine
(``jvp``, ``hessian``, ``grad``) or with the rule the notebook derived; see
``exercises/__init__.py`` for what a student sees.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from typing import Any, cast

from autograd_mini import Value, grad, hessian, jvp
from autograd_mini.backward import backward, gradients
from autograd_mini.forward import tangent_pass

from . import (
    Mistake,
    Verdict,
    call,
    check,
    expect_close,
    expect_close_all,
    fit,
    limit,
    listed_once,
    msg,
    probe,
    probed_once,
    stopped,
)
from .hessian_shape import call_minding_hessian
from .reading import as_float, entries, is_close, length, numpy_form, read_number, slip_rel
from .shown import short
from .slips import negated_everywhere
from .watch import LIBRARY, first_calls

__all__ = ["check_cheaper_mode", "check_neuron_tangent", "check_newton_step"]

# (w, b, x, y, ẇ, ḃ): both signs of z, a target above and below a, both seeds and a mix
TANGENT_POINTS = [
    (0.8, -0.3, 1.5, 1.0, 1.0, 0.0),
    (0.8, -0.3, 1.5, 1.0, 0.0, 1.0),
    (-1.2, 0.4, 2.0, 0.0, 0.5, -2.0),
    (0.3, 1.1, -0.7, 0.25, -1.0, 3.0),
]
EPS = sys.float_info.epsilon  # the spacing of floats near 1, ε ≈ 2.2e-16

#: The engine's passes, forward (every jvp, hvp, hessian and forward jacobian runs a
#: tangent pass) and reverse (grad, vjp, Value.backward run backward or gradients): a
#: neuron_tangent that runs either is refused, naming what it called and the mode.
FORWARD_PASSES = {tangent_pass.__code__}
REVERSE_PASSES = {backward.__code__, gradients.__code__}


def tangent_tolerance(w: float, b: float, x: float, y: float, w_dot: float, b_dot: float) -> float:
    """The relative rounding error of Ċ = 2(a − y)·σ′(z)·(x·ẇ + ḃ), z = w·x + b, bounded.

    First order, each operation's rounding taken as ε (twice the unit roundoff) and carried
    to Ċ by hand: z = w·x + b is off by at most ε(|wx| + |z|); a = σ(z) by σ′(z) times
    that plus 4ε·a (exp, +, /); a − y by that plus ε|a − y|, relative to |a − y|; σ′(z),
    written a(1 − a) or σ(z)σ(−z), by |Δz| + 4ε/min(a, 1 − a) + 8ε relative; ż = x·ẇ + ḃ
    by ε(|xẇ| + |ż|)/|ż|; the last products by 6ε. Any order of these operations stays
    inside it (the student's and the engine's, the oracle): at TANGENT_POINTS it is
    40–60ε, where they are 2ε or less from the exact value (tests/test_exercises_nb07.py
    computes that with mpmath). A central difference of C, right to 5–10 digits, is not.
    """
    z = w * x + b
    a = 1 / (1 + math.exp(-z))
    z_dot = x * w_dot + b_dot
    dz = EPS * (abs(w * x) + abs(z))
    da = a * (1 - a) * dz + 4 * EPS * a
    residual = (da + EPS * abs(a - y)) / abs(a - y)
    sigma_prime = dz + 4 * EPS / min(a, 1 - a) + 8 * EPS
    tangent = EPS * (abs(x * w_dot) + abs(z_dot)) / abs(z_dot)
    return residual + sigma_prime + tangent + 6 * EPS


def check_neuron_tangent(neuron_tangent: Callable[..., Any]) -> Verdict:
    """Ċ for C = (σ(w·x + b) − y)² against one jvp of the engine, at several points.

    The hand formula is exact to rounding, so the tolerance is rounding's: the bound of
    :func:`tangent_tolerance` for the student's value plus the same for the engine's.
    """

    def attempt() -> None:
        # an answer of 0 where x·ẇ left out of ż gives 0 (ḃ = 0, the first point), told
        # bare if a placeholder's, or named at the point where that slip shows
        zero: Mistake | None = None
        for k, (w, b, x, y, w_dot, b_dot) in enumerate(TANGENT_POINTS):

            def cost(wv: Any, bv: Any, x: float = x, y: float = y) -> Any:
                return ((wv * x + bv).sigmoid() - y) ** 2

            _, want = jvp(cost, (w, b), (w_dot, b_dot))
            what = f"neuron_tangent(w={w}, b={b}, x={x}, y={y}, ẇ={w_dot}, ḃ={b_dot})"
            # called through first_calls: call() sees that only
            fit(what, neuron_tangent, w, b, x, y, w_dot, b_dot)
            returned, (forward, reverse) = call(
                what,
                first_calls,
                [FORWARD_PASSES, REVERSE_PASSES],
                LIBRARY,
                neuron_tangent,
                w,
                b,
                x,
                y,
                w_dot,
                b_dot,
            )
            if forward is not None:
                # jvp of C is the oracle itself: the exercise is to write that pass
                raise Mistake(
                    msg(
                        en=f"{what} called {forward}, the engine's forward mode: that is the "
                        "answer the check compares with; the exercise asks you to write that "
                        "pass by hand, ż, then ȧ, then Ċ, with plain numbers",
                        zh=f"{what} 调用了 {forward}，即引擎的前向模式：检验拿来对照的正是它的"
                        "结果；这道练习要你亲手写出这一遍，只用普通的数，依次算出 ż、ȧ、Ċ",
                    )
                )
            if reverse is not None:
                # ẇ·∂C/∂w + ḃ·∂C/∂b from grad is Ċ to rounding: right, and reverse mode
                raise Mistake(
                    msg(
                        en=f"{what} called {reverse}, which takes a gradient with the engine: "
                        "that is reverse mode; the exercise asks for forward mode by hand, "
                        "ż, then ȧ, then Ċ, with plain numbers",
                        zh=f"{what} 调用了 {reverse}，用引擎求了梯度：那是反向模式；"
                        "这道练习要你用前向模式手算，只用普通的数，依次算出 ż、ȧ、Ċ",
                    )
                )
            rel = 2 * tangent_tolerance(w, b, x, y, w_dot, b_dot)
            if (
                isinstance(returned, (tuple, list))
                and len(returned) == 2
                and all(read_number(v) is not None for v in returned)
                and _is_close(returned[1], want, rel)
            ):  # (C, Ċ), as jvp returns them: told as the pair it is, not "a number"
                raise Mistake(
                    msg(
                        en=f"{what}: expected Ċ = {want:.10g}, one number; got the pair "
                        f"{short(tuple(returned))}, (C, Ċ) as jvp returns them: return Ċ alone",
                        zh=f"{what}：应为 Ċ = {want:.10g}，一个数；得到的却是一对 "
                        f"{short(tuple(returned))}，即 'jvp' 返回的 (C, Ċ)：只返回 Ċ",
                    )
                )
            if (
                isinstance(returned, (tuple, list))
                and len(returned) == 3
                and _is_close(returned[-1], want, rel)
            ):  # (ż, ȧ, Ċ), section 1's forward_by_hand: told which entry is the answer
                raise Mistake(
                    msg(
                        en=f"{what}: expected Ċ = {want:.10g}, one number; got three, "
                        f"{short(tuple(returned))}, (ż, ȧ, Ċ) as section 1's forward_by_hand "
                        "returns them: the last is Ċ, the answer; return it alone",
                        zh=f"{what}：应为 Ċ = {want:.10g}，一个数；得到的却是三个数 "
                        f"{short(tuple(returned))}，即第 1 节 forward_by_hand 返回的 (ż, ȧ, Ċ)："
                        "最后一个 Ċ 才是答案；请只返回它",
                    )
                )
            slips = _tangent_slips(w, b, x, y, w_dot, b_dot, passed=k > 0)
            if (
                isinstance(returned, (tuple, list))
                and len(returned) == 3
                and all(read_number(v) is not None for v in returned)  # three real numbers
            ):
                _three_numbers(what, tuple(returned), want, rel, (w, b, x, y, w_dot, b_dot), slips)
            gradient = _gradient(w, b, x, y)
            if (
                isinstance(returned, (tuple, list))
                and len(returned) == 2
                and all(_is_close(v, g, rel) for v, g in zip(returned, gradient, strict=True))
            ):  # (∂C/∂w, ∂C/∂b), what reverse mode gives: the seeds ẇ, ḃ not used
                raise Mistake(
                    msg(
                        en=f"{what}: expected Ċ = {want:.10g}, one number; got the pair "
                        f"{short(tuple(returned))}, the gradient (∂C/∂w, ∂C/∂b), which reverse "
                        "mode gives: forward mode carries the one direction (ẇ, ḃ) it is given, "
                        "ż, then ȧ, then Ċ",
                        zh=f"{what}：应为 Ċ = {want:.10g}，一个数；得到的却是一对 "
                        f"{short(tuple(returned))}，即梯度 (∂C/∂w, ∂C/∂b)，那是反向模式给出的："
                        "前向模式只沿给定的一个方向 (ẇ, ḃ) 往前算，依次算出 ż、ȧ、Ċ",
                    )
                )
            if zero is not None:
                # x·ẇ left out is right where ẇ = 0, and named where it is not
                left_out = [_each_tangent_slip(w, b, x, y, w_dot, b_dot)[X_W_DOT_LEFT_OUT]]
                if not _is_close(returned, left_out[0][0], rel):
                    raise zero  # not that slip: the first point's answer, told bare
                slips = left_out
            elif _is_close(returned, 0.0, 0.0) and _is_close(
                _each_tangent_slip(w, b, x, y, w_dot, b_dot)[X_W_DOT_LEFT_OUT][0], 0.0, 0.0
            ):
                try:
                    expect_close(what, returned, want, rel=rel, abs_tol=0, float32_hint=False)
                except Mistake as said:  # told once the next points say whose 0 it is
                    zero = said
                    continue
            if _is_close(returned, -want, rel) and negated_everywhere(
                neuron_tangent, _tangent_cases()
            ):
                slips = [(-want, _zhou_sign()), *slips]
            expect_close(
                what,
                returned,
                want,
                rel=rel,
                abs_tol=0,
                float32_hint=False,
                near_hint=_by_differences(),
                slips=slips,
            )
        if zero is not None:
            raise zero

    return check(msg(en="Ċ by forward mode, by hand", zh="用前向模式手算 Ċ"), attempt)


def _tangent_cases() -> list[tuple[str, tuple[float, ...], float]]:
    """Every point of :data:`TANGENT_POINTS` as (the call, its arguments, Ċ by one jvp of
    the engine)."""
    cases: list[tuple[str, tuple[float, ...], float]] = []
    for w, b, x, y, w_dot, b_dot in TANGENT_POINTS:

        def cost(wv: Any, bv: Any, x: float = x, y: float = y) -> Any:
            return ((wv * x + bv).sigmoid() - y) ** 2

        _, want = jvp(cost, (w, b), (w_dot, b_dot))
        what = f"neuron_tangent(w={w}, b={b}, x={x}, y={y}, ẇ={w_dot}, ḃ={b_dot})"
        cases.append((what, (w, b, x, y, w_dot, b_dot), float(want)))
    return cases


def _zhou_sign() -> str:
    """The opposite sign at every point, named by its likely cause: 2(y − a), the order
    of 周志华's gradient term g_j = ŷ_j(1 − ŷ_j)(y_j − ŷ_j), which is −∂E/∂z."""
    return msg(
        en="opposite sign at every point checked: 2(y − a) in place of 2(a − y)? C = (a − y)², "
        "so dC/da = 2(a − y); y − ŷ is the order of Zhou Zhihua's gradient term g_j, which is "
        "−∂E/∂z (its minus is the descent's), not a derivative of the cost",
        zh="在检验的每个点上符号都相反：是不是把 2(a − y) 写成了 2(y − a)？C = (a − y)²，"
        "所以 dC/da = 2(a − y)；y − ŷ 这个顺序来自周志华的梯度项 g_j，而 g_j 是 −∂E/∂z"
        "（这个负号来自梯度下降），不是代价的导数",
    )


def _three_numbers(
    what: str,
    returned: tuple[float, float, float],
    want: float,
    rel: float,
    point: tuple[float, float, float, float, float, float],
    slips: list[tuple[float, str]],
) -> None:
    """The Mistake of three numbers where Ċ alone is due and the last is not Ċ (that one
    is told as section 1's (ż, ȧ, Ċ) before): one of the others is Ċ (the triple in
    another order) and is named; or the first two are ż and ȧ at this point, each to
    rounding, and the last, Ċ, is wrong — told with its slip, if one gives it; or three
    numbers, Ċ not among them. ``point`` is (w, b, x, y, ẇ, ḃ)."""
    w, b, x, _, w_dot, b_dot = point
    shown = short(returned)
    for j, ordinal, ordinal_zh in ((0, "first", "第一个"), (1, "second", "第二个")):
        if _is_close(returned[j], want, rel):
            raise Mistake(
                msg(
                    en=f"{what}: expected Ċ = {want:.10g}, one number; got three, {shown}, "
                    f"whose {ordinal} is Ċ, the answer: return it alone",
                    zh=f"{what}：应为 Ċ = {want:.10g}，一个数；得到的却是三个数 {shown}，"
                    f"其中{ordinal_zh}是答案 Ċ：请只返回它",
                )
            )
    a = 1 / (1 + math.exp(-(w * x + b)))
    z_dot = x * w_dot + b_dot
    a_dot = a * (1 - a) * z_dot
    if _is_close(returned[0], z_dot, rel) and _is_close(returned[1], a_dot, rel):
        last = msg(
            en=f"{what}: three numbers, (ż, ȧ, Ċ) as section 1's forward_by_hand returns "
            f"them, {shown}: ż and ȧ are right, Ċ is not (and is to be returned alone); Ċ",
            zh=f"{what}：得到三个数 {shown}，即第 1 节 forward_by_hand 返回的 (ż, ȧ, Ċ)："
            "ż 和 ȧ 是对的，Ċ 不对（而且只应返回 Ċ）；Ċ",
        )
        expect_close(last, returned[2], want, rel=rel, abs_tol=0, float32_hint=False, slips=slips)
    raise Mistake(
        msg(
            en=f"{what}: expected Ċ = {want:.10g}, one number; got three, {shown}, none of "
            "them Ċ: return Ċ alone",
            zh=f"{what}：应为 Ċ = {want:.10g}，一个数；得到的却是三个数 {shown}，"
            "其中没有一个是 Ċ：请只返回 Ċ",
        )
    )


def _gradient(w: float, b: float, x: float, y: float) -> tuple[float, float]:
    """(∂C/∂w, ∂C/∂b) of C = (σ(w·x + b) − y)², by hand: to name an answer that is it."""
    a = 1 / (1 + math.exp(-(w * x + b)))
    dz = 2 * (a - y) * a * (1 - a)
    return x * dz, dz


def _is_close(got: Any, number: float, rel: float) -> bool:
    """Is ``got`` a real number as expect_close reads it (:func:`~.reading.read_number`:
    numpy's numbers and 0-d arrays too, not a bool) within ``rel`` of ``number`` (equal
    to 0)? Read as Python's int and float alone, an answer of numpy numbers got the
    verdict and lost its hint. An int past the largest float is near no float. A float32
    answer is compared at float32's rounding (:func:`~.reading.slip_rel`): at ``rel`` its
    (C, Ċ) or −Ċ was told as a bare number."""
    value = read_number(got)
    return value is not None and is_close(value, number, slip_rel(got, rel))


#: Where "x·ẇ is left out of ż" stands in :func:`_each_tangent_slip`'s list.
X_W_DOT_LEFT_OUT = 2


def _tangent_slips(
    w: float, b: float, x: float, y: float, w_dot: float, b_dot: float, passed: bool
) -> list[tuple[float, str]]:
    """What Ċ = 2(a − y)·σ′(z)·ż, ż = x·ẇ + ḃ, gives with one slip, and the slip (in
    this copy's language): each was a bare "expected -0.1781998981, got -0.09503994568".

    A slip that gives 0 at this point (x·ẇ left out where ḃ = 0) is left out unless an
    earlier point ``passed``: there any answer of 0 (a ż that multiplies x·ẇ·ḃ, a
    placeholder 0) was told "x·ẇ is left out of ż". After a point passed, a 0 is the
    slip's: ḃ left out is right at the first point (ḃ = 0) and 0 at the second (ẇ = 0),
    and was never named. x·ẇ left out, 0 at the first point, is told by the check at a
    later point where it is neither 0 nor right."""
    return [
        (number, said)
        for number, said in _each_tangent_slip(w, b, x, y, w_dot, b_dot)
        if number != 0 or passed
    ]


def _each_tangent_slip(
    w: float, b: float, x: float, y: float, w_dot: float, b_dot: float
) -> list[tuple[float, str]]:
    """:func:`_tangent_slips`' slips, a 0 among them."""
    z = w * x + b
    a = 1 / (1 + math.exp(-z))
    prime = a * (1 - a)
    z_dot = x * w_dot + b_dot
    chain = msg(
        en="ż = x·ẇ + ḃ, ȧ = σ′(z)·ż, Ċ = 2(a − y)·ȧ",
        zh="ż = x·ẇ + ḃ，ȧ = σ′(z)·ż，Ċ = 2(a − y)·ȧ",
    )
    x_missing = msg(
        en="ż = ẇ + ḃ: x is missing, z = w·x + b carries ẇ times x",
        zh="写成了 ż = ẇ + ḃ：少了 x，z = w·x + b 中 ẇ 要乘以 x",
    )
    if w_dot + b_dot == 1:  # both seeds: ż = ẇ + ḃ = 1 and ȧ without ż are one number
        x_missing = msg(
            en="either x is missing from ż (ż = ẇ + ḃ) or ż from ȧ (ȧ = σ′(z)): here the two "
            "give one number",
            zh="要么 ż 里少了 x（ż = ẇ + ḃ），要么 ȧ 里少了 ż（ȧ = σ′(z)）：这里两者给出同一个数",
        )
    return [
        (
            2 * (a - y) * prime * (w * w_dot + b_dot),
            msg(
                en=f"ż with w·ẇ: z = w·x + b carries ẇ times x, the input, not times w; {chain}",
                zh=f"ż 里写成了 w·ẇ：z = w·x + b 中 ẇ 乘的是输入 x，不是 w；{chain}",
            ),
        ),
        (
            2 * (a - y) * prime * (x * w_dot),
            msg(en=f"ḃ is left out of ż; {chain}", zh=f"ż 里漏了 ḃ；{chain}"),
        ),
        (
            2 * (a - y) * prime * b_dot,
            msg(en=f"x·ẇ is left out of ż; {chain}", zh=f"ż 里漏了 x·ẇ；{chain}"),
        ),
        (
            2 * (a - y) * z_dot,
            msg(
                en=f"the factor σ′(z) is missing; {chain}",
                zh=f"少了因子 σ′(z)；{chain}",
            ),
        ),
        (
            2 * (a - y) * (1 / (1 + math.exp(-a))) * (1 - 1 / (1 + math.exp(-a))) * z_dot,
            msg(
                en=f"σ′ was taken at a = σ(z); it is σ′(z), at z; {chain}",
                zh=f"σ′ 是在 a = σ(z) 处求的；应在 z 处求 σ′(z)；{chain}",
            ),
        ),
        (
            2 * (a - y) * a * z_dot,
            msg(
                en=f"σ(z) in place of σ′(z) = σ(z)(1 − σ(z)); {chain}",
                zh=f"把 σ(z) 当成了 σ′(z) = σ(z)(1 − σ(z))；{chain}",
            ),
        ),
        (
            2 * (a - y) * z * (1 - z) * z_dot,
            msg(
                en=f"z(1 − z) is not σ′(z): σ′(z) = σ(z)(1 − σ(z)) = a(1 − a); {chain}",
                zh=f"z(1 − z) 不是 σ′(z)：σ′(z) = σ(z)(1 − σ(z)) = a(1 − a)；{chain}",
            ),
        ),
        (
            2 * (z - y) * prime * z_dot,
            msg(
                en=f"z − y where the cost has a − y, a = σ(z); {chain}",
                zh=f"写成了 z − y，而代价里是 a − y，a = σ(z)；{chain}",
            ),
        ),
        (
            2 * (a - y) * prime * (w_dot + b_dot),
            msg(en=f"{x_missing}; {chain}", zh=f"{x_missing}；{chain}"),
        ),
        (
            2 * (a - y) * prime,
            msg(
                en=f"ȧ = σ′(z) without ż: the tangent of σ(z) is σ′(z) times ż; {chain}",
                zh=f"ȧ 写成了 σ′(z)，少了 ż：σ(z) 的切向量是 σ′(z) 乘以 ż；{chain}",
            ),
        ),
        (
            prime * z_dot,
            msg(
                en=f"that is ȧ: Ċ = 2(a − y)·ȧ is one step further; {chain}",
                zh=f"这是 ȧ：还差一步，Ċ = 2(a − y)·ȧ；{chain}",
            ),
        ),
        (
            (a - y) ** 2,
            msg(
                en=f"that is C = (a − y)² itself, not its tangent Ċ; {chain}",
                zh=f"这是 C = (a − y)² 本身，不是它的切向量 Ċ；{chain}",
            ),
        ),
        # the seeds ẇ, ḃ given not used: ż for seeds of one's own (the first point's 1, 0)
        *(
            (
                2 * (a - y) * prime * (x * mine_w + mine_b),
                msg(
                    en=f"that is Ċ for the seeds ẇ = {mine_w:g}, ḃ = {mine_b:g} (ż = {z_said}), "
                    f"not for the ẇ = {w_dot:g}, ḃ = {b_dot:g} given: ż = x·ẇ + ḃ takes the "
                    f"seeds it is given; {chain}",
                    zh=f"这是种子 ẇ = {mine_w:g}、ḃ = {mine_b:g}（ż = {z_said}）的 Ċ，"
                    f"不是给定的 ẇ = {w_dot:g}、ḃ = {b_dot:g} 的：ż = x·ẇ + ḃ 要用传进来的种子；"
                    f"{chain}",
                ),
            )
            for mine_w, mine_b, z_said in ((1.0, 0.0, "x"), (1.0, 1.0, "x + 1"))
        ),
    ]


def _by_differences() -> str:
    """What Ċ right to 3 digits, not to rounding, means: a difference quotient of C."""
    return msg(
        en=" (close, but not to rounding: a finite difference of C? Forward mode carries ż, "
        "then ȧ, then Ċ by the chain rule, exact to rounding; a difference quotient is a few "
        "digits short)",
        zh="（很接近，但差距超出了舍入误差：是不是对 C 做了有限差分？前向模式按链式法则依次算出 "
        "ż、ȧ、Ċ，只差舍入误差；差商则要少几位有效数字）",
    )


# (n_in inputs, n_out outputs) -> the passes of the cheaper mode; at n_in = n_out both
# modes need n_in
MODE_CASES = [(13_002, 1), (1, 10), (3, 5), (784, 10), (10, 1000), (7, 7)]


def check_cheaper_mode(cheaper_mode: Callable[[int, int], Any]) -> Verdict:
    """("forward", n_in) when n_in < n_out, ("reverse", n_out) when n_out < n_in; either
    when n_in = n_out."""

    def attempt() -> None:
        for n_in, n_out in MODE_CASES:
            got = call(f"cheaper_mode({n_in}, {n_out})", cheaper_mode, n_in, n_out)
            if not isinstance(got, (tuple, list)) or len(got) != 2:
                tie = ""
                if got is None and n_in == n_out:  # if n_in < n_out … elif n_in > n_out …
                    tie = msg(
                        en=f" (at n_in = n_out = {n_in} no branch returned: there both modes "
                        f"make {n_in} passes, and either is an answer)",
                        zh=f"（n_in = n_out = {n_in} 时没有一个分支返回：这时两种模式都需要 "
                        f"{n_in} 遍，返回哪一种都可以）",
                    )
                raise Mistake(
                    msg(
                        en=f"cheaper_mode({n_in}, {n_out}): expected a pair (mode, passes), "
                        f"got {short(got)}{tie}",
                        zh=f"cheaper_mode({n_in}, {n_out})：应返回一对（模式，遍数），"
                        f"得到的是 {short(got)}{tie}",
                    )
                )
            mode, passes = got
            allowed = (
                {"forward", "reverse"}
                if n_in == n_out
                else {"forward" if n_in < n_out else "reverse"}
            )
            # a str first: a list's ['reverse'] cannot be looked up in a set (TypeError)
            if not isinstance(mode, str) or mode not in allowed:
                said = _mode_said(mode, n_in, n_out)
                raise Mistake(
                    msg(
                        en=f"cheaper_mode({n_in}, {n_out}): expected mode "
                        f"{' or '.join(map(repr, sorted(allowed)))}, got {short(mode)}{said}",
                        zh=f"cheaper_mode({n_in}, {n_out})：模式应为 "
                        f"{' 或 '.join(map(repr, sorted(allowed)))}，得到的是 {short(mode)}{said}",
                    )
                )
            want = n_in if mode == "forward" else n_out
            mode_zh = "前向" if mode == "forward" else "反向"
            if isinstance(passes, Value):  # read "got <Value object>", its number hidden
                raise Mistake(
                    msg(
                        en=f"cheaper_mode({n_in}, {n_out}): {mode} mode makes {want} "
                        f"pass{'' if want == 1 else 'es'}, got a Value node (.data = "
                        f"{passes.data:.10g}){_passes_a_node(want, passes)}",
                        zh=f"cheaper_mode({n_in}, {n_out})：{mode_zh}模式需要 {want} 遍，"
                        f"得到的却是一个 Value 节点（.data = {passes.data:.10g}）"
                        f"{_passes_a_node(want, passes)}",
                    )
                )
            if passes != want:
                swapped = ""
                if n_in != n_out and passes == n_in * n_out and passes in (n_in, n_out):
                    # where one size is 1 the other size is n_in·n_out too: two slips, each
                    # told by itself
                    swapped = _two_slips(mode, passes)
                elif n_in != n_out and passes == (n_out if mode == "forward" else n_in):
                    # the other size: one pass per input is forward's, one per output reverse's
                    swapped = msg(
                        en=" (the other size: forward mode makes one pass per input, n_in; "
                        "reverse mode one per output, n_out)",
                        zh="（取成了另一个维数：前向模式每个输入一遍，共 n_in 遍；"
                        "反向模式每个输出一遍，共 n_out 遍）",
                    )
                elif passes == n_in * n_out:  # the Jacobian's entries
                    whole = msg(
                        en="one pass gives a whole column (forward) or row (reverse)",
                        zh="一遍就能得到一整列（前向）或一整行（反向）",
                    )
                    swapped = msg(
                        en=f" (n_in·n_out, the Jacobian's entries: {whole}, so forward mode "
                        "makes n_in passes and reverse mode n_out)",
                        zh=f"（取成了 n_in·n_out，即雅可比矩阵的元素个数：{whole}，所以前向模式"
                        "需要 n_in 遍，反向模式需要 n_out 遍）",
                    )
                raise Mistake(
                    msg(
                        en=f"cheaper_mode({n_in}, {n_out}): {mode} mode makes {want} "
                        f"pass{'' if want == 1 else 'es'}, got {short(passes)}{swapped}",
                        zh=f"cheaper_mode({n_in}, {n_out})：{mode_zh}模式需要 {want} 遍，"
                        f"得到的是 {short(passes)}{swapped}",
                    )
                )

    return check(
        msg(en="the cheaper mode and its number of passes", zh="开销更小的模式及其所需遍数"),
        attempt,
    )


def _two_slips(mode: str, passes: int) -> str:
    """What ``passes`` means for ``mode`` where it is both the other size and n_in·n_out
    (one of the sizes is 1), in this copy's language: each of the two slips in a sentence
    of its own, with the count the mode makes. They were one sentence, "the other size:
    …; or n_in·n_out, the Jacobian's entries, the same number here: …", which read as if
    the two were one slip."""
    if mode == "forward":  # passes is n_out: reverse mode's count, or the entries
        return msg(
            en=f" (here {passes} is both n_out and n_in·n_out, and either slip gives it. "
            "Taking n_out: that is reverse mode's count, one pass per output; forward mode "
            "makes one pass per input, n_in. Counting the Jacobian's n_in·n_out entries: one "
            "forward pass gives a whole column of the Jacobian, so forward mode makes n_in "
            "passes)",
            zh=f"（这里 {passes} 既是 n_out，也是 n_in·n_out，两种错误都会得到它。若取的是 "
            "n_out：那是反向模式的遍数，每个输出一遍；前向模式每个输入一遍，共 n_in 遍。"
            "若数的是雅可比矩阵的 n_in·n_out 个元素：一遍前向遍历就得到雅可比矩阵的一整列，"
            "所以前向模式需要 n_in 遍）",
        )
    return msg(
        en=f" (here {passes} is both n_in and n_in·n_out, and either slip gives it. Taking "
        "n_in: that is forward mode's count, one pass per input; reverse mode makes one pass "
        "per output, n_out. Counting the Jacobian's n_in·n_out entries: one reverse pass "
        "gives a whole row of the Jacobian, so reverse mode makes n_out passes)",
        zh=f"（这里 {passes} 既是 n_in，也是 n_in·n_out，两种错误都会得到它。若取的是 n_in："
        "那是前向模式的遍数，每个输入一遍；反向模式每个输出一遍，共 n_out 遍。若数的是"
        "雅可比矩阵的 n_in·n_out 个元素：一遍反向遍历就得到雅可比矩阵的一整行，所以反向"
        "模式需要 n_out 遍）",
    )


def _passes_a_node(want: int, passes: Value) -> str:
    """What a Value node as the number of passes means (in this copy's language): its
    ``.data`` is the count due (a count kept in a Value), or the count is a plain int."""
    if passes.data == want:
        return msg(
            en=": its .data is the number of passes; return that number (v.data), not the node",
            zh="：它的 .data 正是遍数；请返回这个数（v.data），而不是节点",
        )
    return msg(
        en=": the number of passes is a plain int, as in ('reverse', 1); return a number, "
        "not a node",
        zh="：遍数是一个普通的整数，就像 ('reverse', 1) 里那样；请返回一个数，而不是节点",
    )


#: The two modes as the Chinese notebook's prose names them: a student of that edition
#: answers in its words.
_CHINESE_MODES = {
    **dict.fromkeys(("前向", "正向", "前向模式", "正向模式"), "forward"),
    **dict.fromkeys(("反向", "逆向", "反向模式", "逆向模式"), "reverse"),
}


def _mode_said(mode: Any, n_in: int, n_out: int) -> str:
    """What a wrong mode is (in this copy's language, "" if nothing known): the other of
    the two, the right word capitalised, or backward() taken for the mode's name; a
    capitalised or "backward" name of the other mode is told both."""
    passes = msg(
        en="forward mode makes one pass per input, reverse mode one per output",
        zh="前向模式每个输入一遍，反向模式每个输出一遍",
    )
    fewer = msg(en="inputs", zh="输入") if n_in < n_out else msg(en="outputs", zh="输出")
    why = msg(
        en=f"{passes}, so the cheaper one is the mode of the fewer, here the {fewer}: "
        f"n_in = {n_in}, n_out = {n_out}",
        zh=f"{passes}，所以开销更小的是数目较少的那一边，这里是{fewer}：n_in = {n_in}，"
        f"n_out = {n_out}",
    )
    if not isinstance(mode, str):
        # numpy's ['reverse'] == 'reverse' is elementwise: "in" read it as the other mode
        # (or raised for two entries), and a class of the student's ran its own __eq__
        return ""
    if mode in ("forward", "reverse"):
        return msg(en=f" (the other mode: {why})", zh=f"（选成了另一种模式：{why}）")
    if (name := mode.strip().lower()) in ("forward", "reverse"):
        # 'Forward' where 'reverse' is due: not only the case is wrong, nor is the name
        other = name != ("forward" if n_in < n_out else "reverse") and n_in != n_out
        if other:
            return msg(
                en=f" (the modes are named in lower case, without spaces, and {name!r} is "
                f"the other mode: {why})",
                zh=f"（模式的名字用小写、不带空格，而且 {name!r} 是另一种模式：{why}）",
            )
        return msg(
            en=f" (the modes are named in lower case, without spaces: {name!r})",
            zh=f"（模式的名字用小写、不带空格：{name!r}）",
        )
    if (english := _CHINESE_MODES.get(mode.strip())) is not None:
        # '反向': the mode in the Chinese notebook's words, where the code spells it in English
        if english != ("forward" if n_in < n_out else "reverse") and n_in != n_out:
            return msg(
                en=f" (the modes are named in English, as 'jacobian(mode=…)' spells them, and "
                f"{mode.strip()!r} is {english!r}, the other mode: {why})",
                zh=f"（模式的名字用英文写，和 'jacobian(mode=…)' 里的一样；而且 {mode.strip()!r} "
                f"就是 {english!r}，是另一种模式：{why}）",
            )
        return msg(
            en=f" (the modes are named in English, as 'jacobian(mode=…)' spells them: {english!r})",
            zh=f"（模式的名字用英文写，和 'jacobian(mode=…)' 里的一样：{english!r}）",
        )
    if mode.strip().lower() == "backward":
        if n_in < n_out:  # reverse mode by another name, where forward is due
            return msg(
                en=" (the mode is called 'reverse', backward() is the engine's reverse pass, "
                f"and it is the other mode: {why})",
                zh="（这种模式叫作 'reverse'，backward() 是引擎的反向传播，而且它是另一种"
                f"模式：{why}）",
            )
        return msg(
            en=" (the mode is called 'reverse': backward() is the engine's reverse pass)",
            zh="（这种模式叫作 'reverse'：backward() 是引擎的反向传播）",
        )
    return ""


NEWTON_POINTS = [(0.0, 0.0), (1.5, -0.5), (-2.0, 1.0)]


def quadratic(w1: Any, w2: Any) -> Any:
    """q(w) = (w1 − 1)² + (w1 − 1)(w2 + 2) + 2(w2 + 2)², its minimum at (1, −2) by hand.

    ∇q = (2(w1 − 1) + (w2 + 2), (w1 − 1) + 4(w2 + 2)) is 0 only at (1, −2), and
    H = [[2, 1], [1, 4]] (det 7 > 0) is the same everywhere: the quadratic model of q is q
    itself, so one Newton step from any point lands on (1, −2).
    """
    return (w1 - 1) ** 2 + (w1 - 1) * (w2 + 2) + 2 * (w2 + 2) ** 2


QUADRATIC_MINIMUM = (1.0, -2.0)


def _engine_h_g(
    cost: Callable[..., Any], w: tuple[float, float]
) -> tuple[tuple[float, float, float, float], tuple[float, float], float]:
    """The engine's Hessian (h11, h12, h21, h22) and gradient (g1, g2) of ``cost`` at
    ``w``, and det(H), for Cramer's rule: what the step, its slips and the entrywise
    answer are worked out from."""
    (h11, h12), (h21, h22) = hessian(cost, argnums=(0, 1))(*w)
    g1, g2 = grad(cost, argnums=(0, 1))(*w)
    return (h11, h12, h21, h22), (g1, g2), h11 * h22 - h12 * h21


def _step_defined(what: str, cost: Callable[..., Any], w: tuple[float, float]) -> None:
    """A Mistake naming the cost when its Hessian at ``w`` is singular (det(H) = 0): no
    Newton step exists there, whatever newton_step does. The check's own Cramer's rule
    divided by det H = 0 and was told "stopped with ZeroDivisionError (… did a function
    forget to return …?)", and a right newton_step "raised ZeroDivisionError".

    The cost runs here before the student's step, under the same time limit: a cost
    still running, or interrupted, stops the check as :func:`call` says it; one that
    fails at ``w`` (log of 0, a float() of its input) is left to the student's call,
    which tells it as before ("newton_step(cost, (0.0, 0.0)): raised DomainError: …"),
    not as the checker's "stopped with DomainError"."""
    try:
        with limit.time_limit():
            (h11, h12, h21, h22), _, det = _engine_h_g(cost, w)
    except (limit.TooLong, KeyboardInterrupt) as error:
        raise stopped(what, error) from None
    except Exception:  # the cost's own error: told where newton_step meets it
        return
    if det != 0:
        return
    shown = f"[[{h11:.6g}, {h12:.6g}], [{h21:.6g}, {h22:.6g}]]"
    raise Mistake(
        msg(
            en=f"{what}: the cost given has a singular Hessian at w = {w}, H = {shown} "
            "(det(H) = 0): H⁻¹ does not exist there, so no Newton step w − H⁻¹∇C does, "
            "whatever newton_step does; the notebook's C2 has λ·I in its Hessian, which "
            "keeps det(H) > 0: is the cost passed the notebook's C2?",
            zh=f"{what}：传入的代价函数在 w = {w} 处的海森矩阵是奇异的，H = {shown}"
            "（det(H) = 0）：那里 H⁻¹ 不存在，所以牛顿步 w − H⁻¹∇C 也不存在，"
            "与 newton_step 怎么写无关；笔记本里的 C2 的海森矩阵含有 λ·I，保证 det(H) > 0："
            "传入的是笔记本里的 C2 吗？",
        )
    )


def _engine_step(cost: Callable[..., Any], w: tuple[float, float]) -> list[float]:
    """w − H⁻¹∇C with H and ∇C from the engine, the 2×2 system solved by Cramer's rule."""
    (h11, h12, h21, h22), (g1, g2), det = _engine_h_g(cost, w)
    return [w[0] - (h22 * g1 - h12 * g2) / det, w[1] - (h11 * g2 - h21 * g1) / det]


def _newton_step_slips(
    cost: Callable[..., Any], w: tuple[float, float]
) -> list[tuple[list[float], str]]:
    """What w − H⁻¹∇C gives with one slip, from the engine's H and ∇C, and the slip (in
    this copy's language): each was a bare "expected 0.2919751075, got 0.175"."""
    (h11, h12, h21, h22), (g1, g2), det = _engine_h_g(cost, w)
    d1, d2 = (h22 * g1 - h12 * g2) / det, (h11 * g2 - h21 * g1) / det  # H⁻¹∇C
    step = msg(
        en="the new point is w − H⁻¹∇C, H⁻¹ = [[h22, −h12], [−h21, h11]]/det(H)",
        zh="新的点是 w − H⁻¹∇C，H⁻¹ = [[h22, −h12], [−h21, h11]]/det(H)",
    )
    uphill = msg(en="w + H⁻¹∇C: the step goes the wrong way", zh="w + H⁻¹∇C：这一步走反了")
    alone = msg(
        en="−H⁻¹∇C, the step alone: return the new point, w plus the step",
        zh="−H⁻¹∇C，只有这一步本身：要返回的是新的点，即 w 加上这一步",
    )
    if w == (0.0, 0.0):  # the two are one number here
        both = msg(en=" (or −H⁻¹∇C, the step alone)", zh="（或者只返回了这一步 −H⁻¹∇C）")
        uphill += both
    then = msg(en="; ", zh="；")
    return [
        ([w[0] + d1, w[1] + d2], f"{uphill}{then}{step}"),
        ([-d1, -d2], f"{alone}{then}{step}"),
        (
            [w[0] - g1, w[1] - g2],
            msg(
                en=f"w − ∇C, a gradient descent step: ∇C is not multiplied by H⁻¹; {step}",
                zh=f"w − ∇C，这是梯度下降的一步：∇C 没有乘上 H⁻¹；{step}",
            ),
        ),
        (
            [w[0] - (h11 * g1 + h12 * g2), w[1] - (h21 * g1 + h22 * g2)],
            msg(
                en=f"w − H·∇C: H itself where its inverse is due; {step}",
                zh=f"w − H·∇C：用了 H 本身，而应当用它的逆；{step}",
            ),
        ),
        *(
            # H's diagonal alone, where it has no 0 (a cost whose h11 is 0 has no such step)
            [
                (
                    [w[0] - g1 / h11, w[1] - g2 / h22],
                    msg(
                        en=f"H's diagonal only, ∂C/∂w1 / h11 and ∂C/∂w2 / h22: h12 couples "
                        f"them; {step}",
                        zh=f"只用了 H 的对角线，∂C/∂w1 / h11 和 ∂C/∂w2 / h22：h12 把两者联系"
                        f"在一起；{step}",
                    ),
                )
            ]
            if h11 != 0 and h22 != 0
            else []
        ),
        (
            [w[0] - det * d1, w[1] - det * d2],
            msg(
                en=f"Cramer's rule without the division by det(H); {step}",
                zh=f"克拉默法则少了除以 det(H) 这一步；{step}",
            ),
        ),
        (
            [w[0] - (h11 * g1 - h12 * g2) / det, w[1] - (h22 * g2 - h21 * g1) / det],
            msg(
                en=f"h11 and h22 swapped in Cramer's rule; {step}",
                zh=f"克拉默法则里 h11 与 h22 互换了；{step}",
            ),
        ),
        (
            [w[0] - (h22 * g2 - h12 * g1) / det, w[1] - (h11 * g1 - h21 * g2) / det],
            msg(
                en="g1 and g2 swapped in Cramer's rule: ∂C/∂w1 = g1 goes with h22 in the first "
                f"entry, (h22·g1 − h12·g2)/det(H); {step}",
                zh="克拉默法则里 g1 与 g2 互换了：第一项里与 h22 相乘的是 ∂C/∂w1 = g1，"
                f"即 (h22·g1 − h12·g2)/det(H)；{step}",
            ),
        ),
        (
            [w[0] - (h22 * g1 + h12 * g2) / det, w[1] - (h11 * g2 + h21 * g1) / det],
            msg(
                en=f"+h12 and +h21 in H⁻¹: its off-diagonal entries are −h12 and −h21; {step}",
                zh=f"H⁻¹ 里写成了 +h12 和 +h21：它的非对角元素是 −h12 和 −h21；{step}",
            ),
        ),
        *(
            # det(H) with + where the cross term is subtracted (none where h12·h21 = 0)
            [
                (
                    [w[0] - det * d1 / plus, w[1] - det * d2 / plus],
                    msg(
                        en=f"det(H) = h11·h22 − h12·h21, not h11·h22 + h12·h21; {step}",
                        zh=f"det(H) = h11·h22 − h12·h21，不是 h11·h22 + h12·h21；{step}",
                    ),
                )
            ]
            if (plus := h11 * h22 + h12 * h21) != 0 and h12 * h21 != 0
            else []
        ),
    ]


def _entrywise(got: Any, cost: Callable[..., Any], w: tuple[float, float]) -> str | None:
    """What a 2×2 answer is when it is w − inv(H) * ∇C with numpy's ``*``, entry by entry
    (∇C broadcast along H⁻¹'s rows, or down its columns as a column vector), where the
    matrix product ``@`` is due (in this copy's language); None for any other answer. H⁻¹
    and ∇C are the engine's, H⁻¹ by Cramer's rule."""
    form = numpy_form(got)  # numpy's own 2×2 array: not a student's class's .shape
    if form is None or form[0] != (2, 2):
        return None
    (h11, h12, h21, h22), g, det = _engine_h_g(cost, w)
    inverse = [[h22 / det, -h12 / det], [-h21 / det, h11 / det]]
    rows = [[w[j] - inverse[i][j] * g[j] for j in range(2)] for i in range(2)]
    columns = [[w[j] - inverse[i][j] * g[i] for j in range(2)] for i in range(2)]
    # numpy's or a library's rows and numbers, never a student's class's __getitem__
    rows_got = [entries(row) for row in entries(got) or []]
    read = [[as_float(number) for number in row or []] for row in rows_got]
    if [len(row) for row in read] != [2, 2] or any(None in row for row in read):
        return None
    numbers = cast(list[list[float]], read)
    if not any(
        all(
            math.isclose(numbers[i][j], wrong[i][j], rel_tol=1e-8, abs_tol=1e-12)
            for i in range(2)
            for j in range(2)
        )
        for wrong in (rows, columns)
    ):
        return None
    return msg(
        en="that is w − inv(H) * g: numpy's * multiplies entry by entry, and broadcasts g "
        "against H⁻¹ into a 2×2 array; H⁻¹∇C is a matrix times a vector, inv(H) @ g, "
        "or Cramer's rule as the exercise asks",
        zh="这是 w − inv(H) * g：数组的 * 是逐个元素相乘，g 与 H⁻¹ 经广播相乘，"
        "得到一个 2×2 数组；H⁻¹∇C 是矩阵乘以向量，应写 inv(H) @ g，或者按练习的要求用克拉默法则",
    )


def _unmoved(newton_step: Callable[[Any, Any], Any], cost: Callable[..., Any]) -> bool:
    """Does ``newton_step`` return its point unchanged at every point of
    :data:`NEWTON_POINTS`? At the first, (0, 0), that answer read "got 0" alone. A
    generator or a map of the point is read as its list (:func:`probed_once`), as the
    check reads it: one was told a bare "got 0"."""
    for w in NEWTON_POINTS:
        what = f"newton_step(cost, {w})"
        got = probed_once(what, probe(what, newton_step, cost, w), 2)
        if not _matching_slips(got, [(list(w), "")]):
            return False
    return True


def _unmoved_said() -> str:
    """What :func:`_unmoved` means, in this copy's language."""
    return msg(
        en="that is w itself, unchanged, at every point checked: a Newton step returns the "
        "new point w − H⁻¹∇C, not the point it started from",
        zh="在检验的每个点上得到的都是 w 本身，没有变：牛顿法的一步返回新的点 w − H⁻¹∇C，"
        "而不是出发的那个点",
    )


def _matching_slips(
    got: Any, slips: list[tuple[list[float], str]]
) -> list[tuple[list[float], str]]:
    """The slips whose new point is ``got``, both of its entries: a slip is a formula for
    the whole point, and :func:`expect_close_all` matches an entry at a time, so an answer
    whose first entry went uphill and whose second was something else (a sign slip in one
    row of H⁻¹) was told "w + H⁻¹∇C: the step goes the wrong way". Its entries are read
    as the check reads them (:func:`~.reading.read_number`): read as Python's int and
    float alone, a point of np.float32 numbers lost its hints."""
    # a list, a tuple or an array of two numbers (an int past a float, a class of the
    # student's: none), read without their code; expect_close_all tells the rest
    held = (entries(got) or []) if length(got) == 2 else []  # a range(10**8): not built
    numbers = [read_number(v) for v in held]
    if len(numbers) != 2 or not all(v is not None and math.isfinite(v) for v in numbers):
        return []
    return [
        (point, said)
        for point, said in slips
        if all(
            math.isclose(v, p, rel_tol=1e-8, abs_tol=1e-12)
            for v, p in zip(cast(list[float], numbers), point, strict=True)
        )
    ]


def check_newton_step(newton_step: Callable[[Any, Any], Any], cost: Callable[..., Any]) -> Verdict:
    """w − H⁻¹∇C for the notebook's ``cost`` (against the engine's H and ∇C, Cramer's rule),
    then for :func:`quadratic`, whose step lands on its minimum (1, −2), by hand: a
    newton_step that ignores its cost argument and uses the notebook's C2 passed the first
    alone."""

    # H is [[h11, h12], [h21, h22]]: w − ∇C/H divides numbers by a list
    unpacking = msg(
        en="unpack its entries, (h11, h12), (h21, h22) = H, and solve the 2×2 system by "
        "Cramer's rule",
        zh="先拆出它的元素，(h11, h12), (h21, h22) = H，再用克拉默法则解这个 2×2 方程组",
    )
    # grad(cost) and hessian(cost) differentiate w1 only: section 4 passes argnums=(0, 1)
    as_section_4 = msg(en=", as section 4 does", zh="，第 4 节就是这样写的")

    def attempt() -> None:
        for w in NEWTON_POINTS:
            what = f"newton_step(cost, {w})"
            _step_defined(what, cost, w)  # before the step: a singular H is the cost's
            got = call_minding_hessian(
                what, unpacking, newton_step, cost, w, argnums_as=as_section_4
            )
            got = listed_once(what, got, 2)  # a generator: read as its list
            slips = _newton_step_slips(cost, w)
            if _matching_slips(got, [(list(w), "")]) and _unmoved(newton_step, cost):
                slips = [(list(w), _unmoved_said()), *slips]
            expect_close_all(
                what,
                got,
                _engine_step(cost, w),
                rel=1e-8,
                abs_tol=1e-12,
                slips=_matching_slips(got, slips),
                shape_hint=_entrywise(got, cost, w),
            )
        for w in NEWTON_POINTS:
            what = msg(
                en=f"for q(w1, w2) = (w1 − 1)² + (w1 − 1)(w2 + 2) + 2(w2 + 2)², whose minimum "
                f"is (1, −2): newton_step(q, {w})",
                zh=f"q(w1, w2) = (w1 − 1)² + (w1 − 1)(w2 + 2) + 2(w2 + 2)² 的极小值点是 "
                f"(1, −2)：newton_step(q, {w})",
            )
            got = call_minding_hessian(
                what, unpacking, newton_step, quadratic, w, argnums_as=as_section_4
            )
            got = listed_once(what, got, 2)  # a generator: read as its list
            other = _engine_step(cost, w)
            # read as a list, a tuple or an array of numbers: never a student's object's
            # __iter__ or __float__, whose error was the checker's
            held = (entries(got) or []) if length(got) == len(other) else []  # not range(10**8)
            read = [as_float(g) for g in held]
            if len(read) == len(other) and all(
                g is not None and math.isclose(g, o, rel_tol=1e-8)
                for g, o in zip(read, other, strict=True)
            ):
                raise Mistake(
                    msg(
                        en=f"{what}: expected (1, −2), got the step for the notebook's "
                        "cost instead: does newton_step use the cost it is given?",
                        zh=f"{what}：应为 (1, −2)，得到的却是笔记本里那个代价的牛顿步："
                        "newton_step 用的是传给它的代价函数吗？",
                    )
                )
            expect_close_all(what, got, QUADRATIC_MINIMUM, rel=1e-8, abs_tol=1e-12)

    return check(msg(en="one Newton step", zh="牛顿法的一步"), attempt)
