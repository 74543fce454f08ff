"""Rarer slips of notebooks 02, 03, 05, 06 and 07, each once a bare number, now named.

z = w + b for w·a + b (notebook 02, both exercises), g's entries in reverse (03), a mean
over j where ∂C/∂z sums (05), g1 and g2 swapped in Cramer's rule (07): each said only
"expected …, got …". A wrong softplus derivative (06) was answered with the right formula,
σ(x), which the exercise asks the student to work out: it is now told what is wrong with
the student's own, and σ is not named. Each answer is a student's code written from the
formulas with one slip, apart from the checks (whose oracle is the engine or a closed
form); the message must end with that slip's words, in each edition.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import editions
import numpy as np
import pytest
from exercise_cases import mistake, prelude, sigmoid, sigmoid_prime, student_chain


def _output_layer_w_plus_b(w: float, b: float, a_prev: float, y: float) -> tuple[float, ...]:
    """output_layer_gradients with z = w + b, the layer's input left out of z."""
    z = w + b
    dz = sigmoid_prime(z) * 2 * (sigmoid(z) - y)
    return a_prev * dz, dz, w * dz


def _g_reversed(y_hat: Any, y: Any) -> Any:
    """g_of with its entries in reverse order."""
    return (y_hat * (1 - y_hat) * (y - y_hat))[::-1]


def _reverse_neuron_mean(z: float, ws: Sequence[float], upstream: Sequence[float]) -> float:
    """reverse_neuron with a mean over j where the formula sums."""
    return sigmoid_prime(z) * float(np.mean([w * u for w, u in zip(ws, upstream, strict=True)]))


NAMED: list[tuple[str, Callable[..., Any], str, str]] = [
    (
        "nb02.check_output_layer",
        _output_layer_w_plus_b,
        "(the input is missing from z: z = w·a_prev + b, not w + b)",
        "（z 里少了输入：z = w·a_prev + b，不是 w + b）",
    ),
    (
        "nb02.check_chain_gradients",
        student_chain("w + b"),
        "(the input is missing from z: z^(l) = w^(l)·a^(l−1) + b^(l), not w^(l) + b^(l))",
        "（z 里少了输入：z^(l) = w^(l)·a^(l−1) + b^(l)，不是 w^(l) + b^(l)）",
    ),
    (
        "nb03.check_g_j",
        _g_reversed,
        "(g's entries in reversed order: g_j belongs to output j, the j-th entries of y_hat "
        "and y, so g_1 comes first)",
        "（g 的各项顺序反了：g_j 属于第 j 个输出，对应 y_hat 和 y 的第 j 项，所以 g_1 在最前面）",
    ),
    (
        "nb05.check_reverse_neuron",
        _reverse_neuron_mean,
        "(a mean over j, the sum divided by 3: ∂C/∂z sums w_j·∂C/∂z_j over every j, each "
        "neuron's error comes back whole)",
        "（对 j 取了平均，即总和除以 3：∂C/∂z 要对每个 j 把 w_j·∂C/∂z_j 加起来，"
        "每个神经元的误差都完整地传回来）",
    ),
]


@pytest.mark.parametrize(("qualified", "answer", "en", "zh"), NAMED, ids=[row[0] for row in NAMED])
def test_a_rare_slip_is_named(qualified: str, answer: Callable[..., Any], en: str, zh: str) -> None:
    for lang, words in (("en", en), ("zh", zh)):
        said = mistake(lang, qualified, answer)
        assert said.endswith(words), said
        (editions.assert_english if lang == "en" else editions.assert_chinese)(said)


def test_g_reversed_in_one_entry_only_is_not_called_reversed() -> None:
    """g's first entry where its second is due, the second right: a slip of one entry,
    not the order, is not told "reversed"."""

    def g_of(y_hat: Any, y: Any) -> Any:
        g = y_hat * (1 - y_hat) * (y - y_hat)
        return np.array([g[1], g[1]])

    said = mistake("en", "nb03.check_g_j", g_of)
    assert "reversed" not in said, said


@pytest.fixture(scope="module")
def cost07() -> Callable[..., Any]:
    cost: Callable[..., Any] = prelude("07_forward_or_reverse")["C2"]
    return cost


def test_newton_step_with_g1_and_g2_swapped_is_named(cost07: Callable[..., Any]) -> None:
    """w − H⁻¹∇C with ∂C/∂w1 and ∂C/∂w2 swapped in Cramer's rule, H and ∇C from the
    engine as the exercise asks."""
    from autograd_mini import grad, hessian

    def newton_step(cost: Callable[..., Any], w: Any) -> tuple[float, float]:
        (h11, h12), (h21, h22) = hessian(cost, argnums=(0, 1))(*w)
        g2, g1 = grad(cost, argnums=(0, 1))(*w)  # the slip: the pair unpacked the wrong way
        det = h11 * h22 - h12 * h21
        return (w[0] - (h22 * g1 - h12 * g2) / det, w[1] - (h11 * g2 - h21 * g1) / det)

    words = {
        "en": "(g1 and g2 swapped in Cramer's rule: ∂C/∂w1 = g1 goes with h22 in the first "
        "entry, (h22·g1 − h12·g2)/det(H); the new point is w − H⁻¹∇C",
        "zh": "（克拉默法则里 g1 与 g2 互换了：第一项里与 h22 相乘的是 ∂C/∂w1 = g1，"
        "即 (h22·g1 − h12·g2)/det(H)；新的点是 w − H⁻¹∇C",
    }
    for lang, said_here in words.items():
        said = mistake(lang, "nb07.check_newton_step", newton_step, cost07)
        assert said_here in said, said
        (editions.assert_english if lang == "en" else editions.assert_chinese)(said)


# (a wrong softplus derivative as a student writes it, the words its message ends with)
SOFTPLUS: list[tuple[str, Callable[[float, float], float], str, str]] = [
    (
        "1/(1 + eˣ)",
        lambda x, s: 1 / (1 + math.exp(x)),
        "either ln u's derivative 1/u, u = 1 + eˣ, without the chain rule's inner factor "
        "du/dx, or a sign of x flipped)",
        "要么是 ln u 的导数 1/u（u = 1 + eˣ）少了链式法则的内层因子 du/dx，要么是 x 的符号写反了）",
    ),
    (
        "e^−x/(1 + e^−x)",
        lambda x, s: math.exp(-x) / (1 + math.exp(-x)),
        "or a sign of x flipped)",
        "要么是 x 的符号写反了）",
    ),
    (
        "eˣ/(1 + eˣ)²",
        lambda x, s: math.exp(x) / (1 + math.exp(x)) ** 2,
        "(that is eˣ/(1 + eˣ)² at every x: the denominator is squared once too often; ln u's "
        "derivative is 1/u, not 1/u²)",
        "（这正是每个 x 处的 eˣ/(1 + eˣ)²：分母多平方了一次；ln u 的导数是 1/u，不是 1/u²）",
    ),
    (
        "eˣ",
        lambda x, s: math.exp(x),
        "(eˣ is du/dx alone, u = 1 + eˣ: the outer factor, ln u's derivative 1/u, is missing)",
        "（eˣ 只是 du/dx（u = 1 + eˣ）：少了外层的因子，即 ln u 的导数 1/u）",
    ),
    (
        "1/s",
        lambda x, s: 1 / s,
        "(1/s = 1/ln(1 + eˣ): ln's derivative 1/u is taken at its input u = 1 + eˣ, not at "
        "its output s)",
        "（1/s = 1/ln(1 + eˣ)：ln 的导数 1/u 要在它的输入 u = 1 + eˣ 处取，不是在它的输出 s 处）",
    ),
    (
        "eˢ/(1 + eˢ)",
        lambda x, s: math.exp(s) / (1 + math.exp(s)),
        "(that is 1/(1 + e⁻ˢ): the output s where the input x belongs)",
        "（这是 1/(1 + e⁻ˢ)：把输出 s 放在了输入 x 的位置上）",
    ),
    (
        "s(1 − s)",
        lambda x, s: s * (1 - s),
        "softplus's output s has no such rule: work d/dx ln(1 + eˣ) out by the chain rule)",
        "softplus 的输出 s 没有这样的规则：请用链式法则算出 ln(1 + eˣ) 对 x 的导数）",
    ),
    (
        "1 + eˣ",
        lambda x, s: 1 + math.exp(x),
        "(that is u = 1 + eˣ, the inside of ln u, not a derivative)",
        "（这是 ln u 里面的 u = 1 + eˣ，不是导数）",
    ),
    (
        "−1/(1 + e⁻ˣ)",
        lambda x, s: -1 / (1 + math.exp(-x)),
        "(opposite sign: softplus rises everywhere, so its slope is positive)",
        "（符号相反：softplus 处处上升，所以它的斜率是正的）",
    ),
]


@pytest.mark.parametrize(("name", "answer", "en", "zh"), SOFTPLUS, ids=[r[0] for r in SOFTPLUS])
def test_a_wrong_softplus_derivative_is_told_its_slip_not_the_answer(
    name: str, answer: Callable[[float, float], float], en: str, zh: str
) -> None:
    """The message names what is wrong with the student's derivative; it shows the right
    number (by hand and by central differences) but not the formula the exercise asks
    for: neither σ nor 1/(1 + e⁻ˣ) nor eˣ/(1 + eˣ) is in it."""
    for lang, words in (("en", en), ("zh", zh)):
        said = mistake(lang, "nb06.check_softplus_derivative", answer)
        assert said.endswith(words), said
        assert "σ(x)" not in said and "1/(1 + e⁻ˣ)" not in said, said
        assert "eˣ/(1 + eˣ)" not in said.replace("eˣ/(1 + eˣ)²", ""), said
        (editions.assert_english if lang == "en" else editions.assert_chinese)(said)


def test_a_softplus_derivative_right_at_one_point_only_is_not_named() -> None:
    """s itself at x = −3, something else at the other points: one number alone could be
    any formula's, and is told with no slip's words."""

    def softplus_derivative(x: float, s: float) -> float:
        return s if x == -3.0 else 0.25

    said = mistake("en", "nb06.check_softplus_derivative", softplus_derivative)
    assert said.endswith("central differences give 0.04742587318"), said
