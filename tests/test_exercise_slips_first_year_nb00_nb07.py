"""A first-year student's slips in notebooks 00–07 that got a bare number or no word.

Each answer below is the student's code, written from the formulas with one slip, apart
from the checks (whose oracle is the engine or a closed form): SiLU's derivative with the
sigmoid row's y(1 − y) for σ′ (01); the output layer's ∂C/∂z used for every layer, and
the weight of the layer above passed back (02); Σ_j g_j without the weights (03); the
gradient that reached a node left out, and the gradients written into .grad with an empty
dictionary returned (05); /h*2 for /h² and a gradient descent step for Newton's (06);
(ż, ȧ, Ċ) returned and the seeds not used (07). Notebook 00's division by x at x = 0 was
told by pointing at notebook 01, which the student has not reached. Each message is asked
of both editions: the slip's words where they stand, and a Chinese one without English.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import editions
import numpy as np
import pytest
from exercise_cases import assert_named, expected_and_got, mistake, prelude, sigmoid
from test_exercise_slips_nb00_nb03 import _pow
from test_exercise_slips_review_nb00_nb07 import _run_00

from autograd_mini import Value, grad, topological_order


def _in_both(said: dict[str, str]) -> None:
    editions.assert_english(said["en"])
    editions.assert_chinese(said["zh"])


# ---------------------------------------------------------------- notebook 01


def _silu_sigma_row_prime(a: float, y: float) -> float:
    """The product rule, with σ′(a) written as the sigmoid row's y(1 − y)."""
    return sigmoid(a) + a * y * (1 - y)


def _silu_y_for_sigma(a: float, y: float) -> float:
    """The sigmoid row's habit throughout: y for σ(a), in both terms."""
    return y + a * y * (1 - y)


@pytest.mark.parametrize(
    ("answer", "en", "zh"),
    [
        (
            _silu_sigma_row_prime,
            "(σ(a) + a·y(1 − y): σ′(a) written as the sigmoid row's y(1 − y)",
            "（σ(a) + a·y(1 − y)：把 σ′(a) 写成了 sigmoid 那一行的 y(1 − y)",
        ),
        (
            _silu_y_for_sigma,
            "(y + a·y(1 − y): y in place of σ(a), as in the sigmoid's row",
            "（y + a·y(1 − y)：像 sigmoid 那一行一样用 y 代替了 σ(a)",
        ),
    ],
    ids=["σ(a) + a·y(1−y)", "y + a·y(1−y)"],
)
def test_silu_with_the_sigmoid_rows_rule_is_named(
    answer: Callable[[float, float], float], en: str, zh: str
) -> None:
    """Each was a bare "expected -0.08810410602, got 0.5349874948": the product rule
    applied, with the sigmoid row's y(1 − y) for σ′ (or y for σ)."""
    said = assert_named("nb01.check_local_derivative", answer, en, zh)
    _in_both(said)
    a = -3.0  # the check's first point; the slip's number, by hand
    s = 1 / (1 + math.exp(-a))
    y = a * s
    want = s + a * s * (1 - s)
    expected, got = expected_and_got("en", said["en"])
    assert math.isclose(expected, want, rel_tol=1e-9)
    assert math.isclose(got, answer(a, y), rel_tol=1e-9)


# ---------------------------------------------------------------- notebook 02


def _chain(slip: str) -> Callable[..., list[float]]:
    """chain_gradients by the recursion ∂C₀/∂a^(l−1) = w^(l)·∂C₀/∂z^(l), with ``slip``:
    "output dz" (the output layer's ∂C₀/∂z^(L) for every layer) or "w above" (w^(l+1)
    passed back, the top layer's own weight where ws[L] would be past the end)."""

    def chain_gradients(ws: Any, bs: Any, x: float, y: float, act: Any, act_prime: Any) -> Any:
        count = len(ws)
        a, z = [x], []
        for w, b in zip(ws, bs, strict=True):
            z.append(w * a[-1] + b)
            a.append(act(z[-1]))
        grads = [0.0] * count
        dC_da = 2 * (a[-1] - y)
        dC_dz_top = act_prime(z[-1]) * dC_da
        for k in reversed(range(count)):
            dC_dz = dC_dz_top if slip == "output dz" else act_prime(z[k]) * dC_da
            grads[k] = a[k] * dC_dz
            weight = ws[k + 1] if slip == "w above" and k + 1 < count else ws[k]
            dC_da = weight * dC_dz
        return grads

    return chain_gradients


@pytest.mark.parametrize(
    ("slip", "layer", "en", "zh"),
    [
        (
            "output dz",
            3,
            "(every layer took the output layer's ∂C₀/∂z^(L): each layer has its own",
            "（每一层都用了输出层的 ∂C₀/∂z^(L)：每一层有它自己的",
        ),
        (
            "w above",
            2,
            "not w^(l+1), the weight of the layer above",
            "不是下一层（第 l + 1 层）的 w^(l+1)",
        ),
    ],
)
def test_a_chain_with_another_layers_link_is_named(slip: str, layer: int, en: str, zh: str) -> None:
    """The output layer's ∂C/∂z for every layer said only "∂C₀/∂w^(3): expected
    −0.01187, got −0.05979"; the weight of the layer above, a bare number at ∂C₀/∂w^(2)."""
    said = assert_named("nb02.check_chain_gradients", _chain(slip), en, zh)
    _in_both(said)
    assert f"∂C₀/∂w^({layer}): expected" in said["en"]
    assert said["en"].endswith(")") and said["zh"].endswith("）")


def test_layer_l_plus_1_is_the_next_layer_in_chinese() -> None:
    """The Chinese edition calls layer l + 1 下一层 and layer l − 1 上一层 (zh/05: a
    neuron's inputs are 「上一层的一个激活值」, z′ and z″ 「下一层」's neurons; nb02's
    "each as output" message: 「来自下一层」, layer l + 1). "w above" said 「不是上一层的
    w^(l+1)」, the layer before for a Chinese reader, naming w^(l+1) all the same."""
    slips = editions.module("zh", "nb02")._chain_slips()
    up_next = re.compile(r"上一层[^；：，。]{0,12}(l \+ 1|l\+1)")
    wrong = {name: said for name, said in slips.items() if up_next.search(said)}
    assert not wrong, wrong
    assert "下一层（第 l + 1 层）的 w^(l+1)" in slips["w above"], slips["w above"]


# ---------------------------------------------------------------- notebook 03


def test_e_h_without_the_weights_is_named() -> None:
    """Σ_j g_j for Σ_j w_hj g_j was a bare "e_1: expected 0.004938237009, got -0.02435695728"."""
    said = assert_named(
        "nb03.check_e_h",
        lambda b, W, g: b * (1 - b) * np.sum(g),
        "(Σ_j g_j without the weights: g_j comes back to h through the weight w_hj",
        "（Σ_j g_j 少了权重：g_j 要经过从 h 到 j 的权重 w_hj 才传回 h",
    )
    _in_both(said)


# ---------------------------------------------------------------- notebook 05


def _without_upstream(root: Value) -> dict[Value, float]:
    grads = {root: 1.0}
    for node in topological_order(root):
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            grads[parent] = grads.get(parent, 0.0) + local
    return grads


def _into_grad(root: Value) -> dict[Value, float]:
    """The pass right, written into .grad as micrograd does; the dictionary left empty."""
    root.grad = 1.0
    for node in topological_order(root):
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            parent.grad += local * node.grad
    return {}


def test_a_pass_without_the_upstream_gradient_is_named() -> None:
    """Was "∂C/∂a′: expected −0.664, got 1", no word of what was left out."""
    said = assert_named(
        "nb05.check_my_backward",
        _without_upstream,
        "(the gradient that reached the node is missing: each term is local × ∂C/∂node",
        "（少了传到这个节点的梯度：每一份贡献都是 局部导数 × ∂C/∂节点",
    )
    _in_both(said)


def test_gradients_written_into_grad_with_an_empty_dictionary_are_told_so() -> None:
    """Was "∂C/∂C: missing from the dictionary returned (the seed …)", as if the seed alone
    had been forgotten: the dictionary is empty, and the gradients went into .grad."""
    said = assert_named(
        "nb05.check_my_backward",
        _into_grad,
        "my_backward(C) returned an empty dictionary",
        "my_backward(C) 返回了一个空字典",
        where="start",
    )
    _in_both(said)
    assert said["en"].endswith("not into .grad, which the check does not read"), said["en"]
    assert said["zh"].endswith("而不是写进 .grad，检验不读 .grad"), said["zh"]


def test_an_empty_dictionary_without_grad_written_says_nothing_of_grad() -> None:
    said = assert_named(
        "nb05.check_my_backward",
        lambda root: {},
        "my_backward(C) returned an empty dictionary",
        "my_backward(C) 返回了一个空字典",
        where="start",
    )
    assert ".grad" not in said["en"] and ".grad" not in said["zh"], said


# ---------------------------------------------------------------- notebook 06


def test_a_second_difference_over_h_times_2_is_named() -> None:
    """/h*2 (divided by h, then multiplied by 2) was a bare "expected 9, got 0.018"."""
    said = assert_named(
        "nb06.check_second_difference",
        lambda f, x, h: (f(x + h) - 2 * f(x) + f(x - h)) / h * 2,
        "(…/h*2 divides by h, then multiplies by 2",
        "（…/h*2 是先除以 h、再乘以 2",
    )
    _in_both(said)
    # x³ at 1.5, h = 0.001: the second difference is 6x = 9 at any h; /h*2 gives 9·h·2
    assert expected_and_got("en", said["en"]) == pytest.approx((9.0, 9 * 0.001 * 2), rel=1e-6)


@pytest.mark.parametrize("rate", [0.05, 0.1, 0.01, 2.0, 1.5, 10.0])
def test_newton_as_a_gradient_descent_step_is_named(rate: float) -> None:
    """x − η·f′(x), section 5's descent (η = 0.05 there) where x − f′/f″ is due, was a bare
    "expected 1.454545455, got 0.8"; with η above 1 (2, 1.5, 10) it was still a bare
    "expected 1.454545455, got -46"."""

    def newton(f: Any, x0: float, steps: int) -> list[float]:
        xs = [x0]
        for _ in range(steps):
            xs.append(xs[-1] - rate * grad(f)(xs[-1]))
        return xs

    said = assert_named(
        "nb06.check_newton",
        newton,
        f"(x − η·f′(x) with η = {rate:g}, a gradient descent step",
        f"（x − η·f′(x)，η = {rate:g}，这是梯度下降的一步",
    )
    _in_both(said)
    # x⁴ − 2x² from 2: f′(2) = 4·8 − 4·2 = 24
    assert expected_and_got("en", said["en"]) == pytest.approx((2 - 24 / 44, 2 - rate * 24))


def test_a_wrong_newton_step_with_no_round_rate_is_not_called_descent() -> None:
    """Any x1 is x0 − η·f′(x0) for some η: one that is no rate a student writes is not
    named a learning rate."""

    def newton(f: Any, x0: float, steps: int) -> list[float]:
        xs = [x0]
        for _ in range(steps):
            xs.append(xs[-1] - 0.0123456 * grad(f)(xs[-1]))
        return xs

    for lang in editions.LANGS:
        said = mistake(lang, "nb06.check_newton", newton)
        assert "η" not in said, said


def test_a_newton_step_whose_x1_has_a_round_rate_by_chance_is_not_called_descent() -> None:
    """f″ of x⁴ − 2x² written 12x² − 4x (d/dx of −4x taken as −4x): x1 = 2 − 24/40 = 1.4
    from 2, which is also 2 − 0.025·f′(2), f′(2) = 24. It was told "x − η·f′(x) with
    η = 0.025, a gradient descent step: Newton's step has no learning rate" of a function
    that has none; a learning rate is named only where the same η is the step on another
    f too (the test above: every descent is)."""

    def newton(f: Any, x0: float, steps: int) -> list[float]:
        xs = [x0]
        for _ in range(steps):
            x = xs[-1]
            xs.append(x - (4 * x**3 - 4 * x) / (12 * x**2 - 4 * x))
        return xs

    for lang in editions.LANGS:
        said = mistake(lang, "nb06.check_newton", newton)
        assert "η" not in said, said
        # by hand: Newton's step from 2, and the step with that f″, with nothing after it
        found = re.search(r"(?:expected|应为) (\S+?)[,，] ?(?:got|实际得到) (\S+)$", said)
        assert found, said
        assert (float(found[1]), float(found[2])) == pytest.approx((2 - 24 / 44, 1.4)), said


# ---------------------------------------------------------------- notebook 07


def _tangent(seeds: tuple[float, float] | None = None, triple: bool = False) -> Any:
    """neuron_tangent by the chain ż, ȧ, Ċ; with ``seeds`` of its own in place of the ẇ, ḃ
    given, or returning (ż, ȧ, Ċ) as section 1's forward_by_hand does."""

    def neuron_tangent(w: float, b: float, x: float, y: float, w_dot: float, b_dot: float) -> Any:
        if seeds is not None:
            w_dot, b_dot = seeds
        z = w * x + b
        a = sigmoid(z)
        z_dot = x * w_dot + b_dot
        a_dot = a * (1 - a) * z_dot
        C_dot = 2 * (a - y) * a_dot
        return (z_dot, a_dot, C_dot) if triple else C_dot

    return neuron_tangent


def test_the_triple_of_forward_by_hand_is_told_its_last_entry_is_c_dot() -> None:
    """Was "expected a number, got (1.5, 0.308…, −0.178…)", no word that the last is Ċ."""
    said = assert_named(
        "nb07.check_neuron_tangent",
        _tangent(triple=True),
        "(ż, ȧ, Ċ) as section 1's forward_by_hand returns them: the last is Ċ, the answer",
        "即第 1 节 forward_by_hand 返回的 (ż, ȧ, Ċ)：最后一个 Ċ 才是答案",
    )
    _in_both(said)


@pytest.mark.parametrize(
    ("seeds", "en", "zh"),
    [
        (
            (1.0, 0.0),
            "Ċ for the seeds ẇ = 1, ḃ = 0 (ż = x), not for the ẇ = 0, ḃ = 1 given",
            "这是种子 ẇ = 1、ḃ = 0（ż = x）的 Ċ，不是给定的 ẇ = 0、ḃ = 1 的",
        ),
        (
            (1.0, 1.0),
            "Ċ for the seeds ẇ = 1, ḃ = 1 (ż = x + 1), not for the ẇ = 1, ḃ = 0 given",
            "这是种子 ẇ = 1、ḃ = 1（ż = x + 1）的 Ċ，不是给定的 ẇ = 1、ḃ = 0 的",
        ),
    ],
    ids=["ż = x", "ż = x + 1"],
)
def test_a_tangent_that_ignores_the_seeds_is_named(
    seeds: tuple[float, float], en: str, zh: str
) -> None:
    """ż = x (the seeds ẇ = 1, ḃ = 0 always: ∂C/∂w) or x + 1 (both 1) whatever the seeds
    given: a bare "expected −0.1188, got −0.1782"."""
    said = assert_named("nb07.check_neuron_tangent", _tangent(seeds=seeds), en, zh)
    _in_both(said)
    assert "ż = x·ẇ + ḃ 要用传进来的种子" in said["zh"], said["zh"]


# ---------------------------------------------------------------- notebook 00


@pytest.fixture(scope="module")
def nb00() -> dict[str, Any]:
    return prelude("00_build_your_own_value")


def test_a_division_by_x_at_0_is_told_in_place(nb00: dict[str, Any]) -> None:
    """The hint said "notebook 1's exercise 2 says the same of y/a": a notebook the
    student of notebook 00 has not reached. It now says why, where it is."""
    said = {lang: _run_00(lang, nb00, _pow("k * out.data / self.data")) for lang in editions.LANGS}
    _in_both(said)
    assert "notebook 1" not in said["en"] and "笔记本 1" not in said["zh"], said
    assert "x^k/x equals x^(k − 1) wherever x ≠ 0, but at x = 0 it is 0/0" in said["en"], said
    assert "x ≠ 0 时 x^k/x 等于 x^(k − 1)，但 x = 0 时它是 0/0" in said["zh"], said
