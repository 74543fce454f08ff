"""Slips of notebooks 02 to 04 that a reader of the exercises made and got as bare numbers.

Notebook 02's first exercise asks for "not the three links of section 2, but the three
products they make": a student who returned the links themselves, (a_prev, σ′(z),
2(a − y)), or the products with ∂C₀/∂b left as its link ∂z/∂b = 1, was told only
"expected -0.09006004647, got 0.6" (or "got 1"). Notebook 04's count with one bias per
layer (notebook 02's chain had one neuron, so one bias, a layer) was told "expected
13002, got 12963". Notebook 03's δ step with f′ taken at W^(l)ᵀ δ^(l+1), the number
to hand, for f′(z^(l)) was a bare number too. Each answer is a student's code, written
apart from the checks (whose oracle is the engine, or nn.MLP's count); the message must
end with the slip's words in each edition.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

import editions
import pytest
from exercise_cases import Where, assert_named, f_prime, passes, sigmoid, sigmoid_prime


def _named(check: str, answer: Any, en: str, zh: str, where: Where) -> dict[str, str]:
    """assert_named's messages; the slip's words of each are in its edition's language."""
    editions.assert_english(en)
    editions.assert_chinese(zh)
    return assert_named(check, answer, en, zh, where)


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
    _named("nb02.check_output_layer", _output_layer(slip), en, zh, "end")


def test_the_right_products_still_pass() -> None:
    for lang in ("en", "zh"):
        assert passes(lang, "nb02.check_output_layer", _output_layer(""))


def _count_one_bias_a_layer(sizes: Sequence[int]) -> int:
    """A student's count: every weight, and a bias for each layer after the input."""
    return sum(n_in * n_out + 1 for n_in, n_out in itertools.pairwise(sizes))


def test_one_bias_a_layer_is_told_a_bias_is_a_neuron_s() -> None:
    said = _named(
        "nb04.check_count_parameters",
        _count_one_bias_a_layer,
        "one bias a layer: notebook 2's layers had one neuron each, but here a layer "
        "has n_out neurons and each has its own bias; each neuron of a layer has n_in "
        "weights and 1 bias, Σ (n_in + 1)·n_out over 'zip(sizes, sizes[1:])')",
        "每层只数了一个偏置：笔记本 2 的每层只有一个神经元，这里一层有 n_out 个神经元，"
        "各有自己的偏置；每层的每个神经元有 n_in 个权重和 1 个偏置，"
        "对 'zip(sizes, sizes[1:])' 求和 Σ (n_in + 1)·n_out）",
        "end",
    )
    assert "got 12963" in said["en"] and "实际得到 12963" in said["zh"]


def _delta_step_prime_of_what_comes_back(W: Any, z: Any, delta_next: Any) -> Any:
    """A student's delta_step taking f′ at W^(l)ᵀ δ^(l+1) (the number to hand) for z^(l)."""
    back = W.T @ delta_next
    return back * f_prime(back)


def test_f_prime_taken_at_what_comes_back_is_told_where_it_is_taken() -> None:
    _named(
        "nb03.check_delta_step",
        _delta_step_prime_of_what_comes_back,
        "f′ was taken at W^(3)ᵀ δ^(4), what comes back from layer 4; it is f′(z^(3)), at "
        "layer 3's own weighted input z)",
        "f′ 是在从第 4 层传回来的 W^(3)ᵀ δ^(4) 处求的；应在第 3 层自己的加权输入 z 处求 "
        "f′(z^(3))）",
        "end",
    )


def _sgd_step_reading_grad_as_a_tensor(attribute: str) -> Callable[[Sequence[Any], float], None]:
    """A student's sgd_step reading p.grad as PyTorch's (p.grad.data, p.grad.item())."""

    def sgd_step(params: Sequence[Any], lr: float) -> None:
        for p in params:
            grad = p.grad.data if attribute == "data" else p.grad.item()
            p.data -= lr * grad

    return sgd_step


@pytest.mark.parametrize("attribute", ["data", "item"])
def test_a_gradient_read_as_a_tensor_is_told_it_is_a_number(attribute: str) -> None:
    _named(
        "nb04.check_sgd_step",
        _sgd_step_reading_grad_as_a_tensor(attribute),
        "p.grad is already a number, a float, not a Value or a torch.Tensor, so it has "
        "no .data or .item(): use it as it is, p.data -= lr * p.grad)",
        "p.grad 本身已经是一个数，属于类 float，不是 Value，也不是 torch.Tensor，所以它没有 "
        ".data 或 .item()：直接用它，p.data -= lr * p.grad）",
        "in",
    )
