"""Rarer slips of notebooks 02, 03, 05 and 07, each once a bare number, now named.

z = w + b for w·a + b (notebook 02, both exercises), g's entries in reverse (03), a mean
over j where ∂C/∂z sums (05), g1 and g2 swapped in Cramer's rule (07): each said only
"expected …, got …". Each answer is a student's code written from the formulas with one
slip, apart from the checks (whose oracle is the engine); the message must end with that
slip's words, in each edition.
"""

from __future__ import annotations

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
