"""Slips of notebooks 02 and 04 that a reader of the exercises made and got as bare numbers.

Notebook 02's first exercise asks for "not the three links of section 2, but the three
products they make": a student who returned the links themselves, (a_prev, σ′(z),
2(a − y)), or the products with ∂C₀/∂b left as its link ∂z/∂b = 1, was told only
"expected -0.09006004647, got 0.6" (or "got 1"). Notebook 04's count with one bias per
layer (notebook 02's chain had one neuron, so one bias, a layer) was told "expected
13002, got 12963". Each answer is a student's code, written apart from the checks (whose
oracle is the engine, or nn.MLP's count); the message must end with the slip's words in
each edition.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from exercise_cases import assert_named, passes, sigmoid, sigmoid_prime


def _output_layer(slip: str) -> Callable[[float, float, float, float], tuple[float, ...]]:
    """A student's output_layer_gradients: the three links, or one product left a link."""

    def answer(w: float, b: float, a_prev: float, y: float) -> tuple[float, ...]:
        z = w * a_prev + b
        a = sigmoid(z)
        if slip == "links":  # ∂z/∂w, ∂a/∂z, ∂C₀/∂a: the three links of section 2
            return a_prev, sigmoid_prime(z), 2 * (a - y)
        dz = sigmoid_prime(z) * 2 * (a - y)
        return a_prev * dz, 1.0 if slip == "db link" else dz, w * dz

    return answer


@pytest.mark.parametrize(
    ("slip", "en", "zh"),
    [
        (
            "links",
            "that is the link ∂z/∂w = a_prev alone: ∂C₀/∂w is the product of the three "
            "links, ∂z/∂w · ∂a/∂z · ∂C₀/∂a = a_prev·σ′(z)·2(a − y))",
            "这只是一环 ∂z/∂w = a_prev：∂C₀/∂w 是三环的乘积，"
            "∂z/∂w · ∂a/∂z · ∂C₀/∂a = a_prev·σ′(z)·2(a − y)）",
        ),
        (
            "db link",
            "that is the link ∂z/∂b = 1 alone: ∂C₀/∂b is the product of the three "
            "links, ∂z/∂b · ∂a/∂z · ∂C₀/∂a = 1·σ′(z)·2(a − y))",
            "这只是一环 ∂z/∂b = 1：∂C₀/∂b 是三环的乘积，"
            "∂z/∂b · ∂a/∂z · ∂C₀/∂a = 1·σ′(z)·2(a − y)）",
        ),
    ],
)
def test_a_link_returned_for_its_product_is_told_so(slip: str, en: str, zh: str) -> None:
    assert_named("nb02.check_output_layer", _output_layer(slip), en, zh, "end")


def test_the_right_products_still_pass() -> None:
    for lang in ("en", "zh"):
        assert passes(lang, "nb02.check_output_layer", _output_layer(""))
