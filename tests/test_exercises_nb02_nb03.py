"""Notebooks 02 and 03's checks tell a student *which* slip they made, in both editions.

A student review fed the checks some 45 wrong answers. A flipped sign or a factor 2 said
only "expected 0.0104, got -0.0104"; an answer that was one number, None, a string or a
dict stopped the check with a bare TypeError from its own ``list(...)``; the chain was
compared from layer 1 up, so a slip made at the output was reported four layers away;
a shape numpy refused (``W.T @ g``) was numpy's English words alone, in the Chinese
edition too; entries were numbered from 0 (``g_of(...)[0]``) against formulas that
number from 1 (g_1). The right numbers here are written from the formulas (周志华 §5.3,
3Blue1Brown's chain), independently of the checks, whose oracle is the engine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import editions
import numpy as np
import pytest
from exercise_cases import (
    assert_named,
    chain,
    expected_and_got,
    f,
    f_prime,
    mistake,
    sigmoid,
    sigmoid_prime,
)


def _output_layer(w: float, b: float, a_prev: float, y: float, *, start: float = 2.0) -> Any:
    """3Blue1Brown's three derivatives, with ∂C₀/∂a = start·(a − y) (2 is right)."""
    z = w * a_prev + b
    dz = sigmoid_prime(z) * start * (sigmoid(z) - y)
    return a_prev * dz, dz, w * dz


# (check, wrong answer, ratio got/expected or None, English hint, Chinese hint)
SLIPS: list[tuple[str, Callable[..., Any], float | None, str, str]] = [
    (
        "nb02.check_output_layer",
        lambda w, b, a, y: _output_layer(w, b, a, y, start=-2.0),
        -1.0,
        "(opposite sign: ∂C₀/∂a = 2(a − y), not 2(y − a))",
        "（符号相反：∂C₀/∂a = 2(a − y)，不是 2(y − a)）",
    ),
    (
        "nb02.check_output_layer",
        lambda w, b, a, y: _output_layer(w, b, a, y, start=1.0),
        0.5,
        "(exactly half: C₀ = (a − y)² has no ½, so ∂C₀/∂a = 2(a − y))",
        "（正好是一半：C₀ = (a − y)² 前面没有 ½，所以 ∂C₀/∂a = 2(a − y)）",
    ),
    (
        "nb02.check_chain_gradients",
        lambda *args: chain(*args, start=-2.0),
        -1.0,
        "(opposite sign: the recursion starts from ∂C₀/∂a^(4) = 2(a^(4) − y), not 2(y − a^(4)))",
        "（符号相反：递推的起点是 ∂C₀/∂a^(4) = 2(a^(4) − y)，不是 2(y − a^(4))）",
    ),
    (
        "nb02.check_chain_gradients",
        lambda *args: chain(*args, start=1.0),
        0.5,
        "(exactly half: C₀ = (a^(4) − y)² has no ½, so the recursion starts from 2(a^(4) − y))",
        "（正好是一半：C₀ = (a^(4) − y)² 前面没有 ½，所以递推的起点是 2(a^(4) − y)）",
    ),
    (
        "nb03.check_g_j",
        lambda y_hat, y: y_hat * (1 - y_hat) * (y_hat - y),
        -1.0,
        "(opposite sign: g_j = −∂E/∂β_j = ŷ_j(1 − ŷ_j)(y_j − ŷ_j))",
        "（符号相反：g_j = −∂E/∂β_j = ŷ_j(1 − ŷ_j)(y_j − ŷ_j)）",
    ),
    (
        "nb03.check_g_j",
        lambda y_hat, y: 2 * y_hat * (1 - y_hat) * (y - y_hat),
        2.0,
        "(exactly twice: E = ½ Σ_j (ŷ_j − y_j)² has the ½, so no factor 2)",
        "（正好是两倍：E = ½ Σ_j (ŷ_j − y_j)² 带着 ½，所以没有因子 2）",
    ),
    (
        "nb03.check_e_h",
        lambda b, W, g: -b * (1 - b) * (W @ g),
        -1.0,
        "(opposite sign: e_h = b_h(1 − b_h) Σ_j w_hj g_j, with g as given)",
        "（符号相反：e_h = b_h(1 − b_h) Σ_j w_hj g_j，g 直接用给定的）",
    ),
    (
        "nb03.check_delta_step",
        lambda W, z, d: -(W.T @ d) * f_prime(z),
        -1.0,
        "(opposite sign: δ^(3) = (W^(3)ᵀ δ^(4)) ⊙ f′(z^(3)), with δ^(4) as given)",
        "（符号相反：δ^(3) = (W^(3)ᵀ δ^(4)) ⊙ f′(z^(3))，δ^(4) 直接用给定的）",
    ),
    (  # σ′ written with z where σ(z) is due: f(z)(1 − z)
        "nb03.check_delta_step",
        lambda W, z, d: (W.T @ d) * f(z) * (1 - z),
        None,
        "(f(z)(1 − z) is not f′(z): f′(z) = f(z)(1 − f(z)), f(z) in both factors)",
        "（f(z)(1 − z) 不是 f′(z)：f′(z) = f(z)(1 − f(z))，两个因子里都是 f(z)）",
    ),
    (
        "nb03.check_updates",
        lambda x, b, g, e, eta: (eta * np.outer(b, g), -eta * g, eta * np.outer(x, e), eta * e),
        -1.0,
        # γ_h is the hidden layer's threshold, subtracted from α_h (it was told f(β_j − θ_j))
        "(opposite sign: Δγ_h = −η e_h; a threshold is subtracted, f(α_h − γ_h), so its "
        "update has the other sign)",
        "（符号相反：Δγ_h = −η e_h；阈值是被减去的，f(α_h − γ_h)，所以它的更新带相反的符号）",
    ),
    (
        "nb03.check_updates",
        lambda x, b, g, e, eta: (eta * np.outer(b, g), eta * g, eta * np.outer(x, e), -eta * e),
        -1.0,
        "(opposite sign: Δθ_j = −η g_j; a threshold is subtracted, f(β_j − θ_j), so its "
        "update has the other sign)",
        "（符号相反：Δθ_j = −η g_j；阈值是被减去的，f(β_j − θ_j)，所以它的更新带相反的符号）",
    ),
]


@pytest.mark.parametrize(
    ("qualified", "wrong", "ratio", "en", "zh"),
    SLIPS,
    ids=[f"{case[0]}-{k}" for k, case in enumerate(SLIPS)],
)
def test_a_flipped_sign_a_factor_2_or_a_known_slip_is_told(
    qualified: str, wrong: Callable[..., Any], ratio: float | None, en: str, zh: str
) -> None:
    said = assert_named(qualified, wrong, en, zh, where="end")
    if ratio is not None:  # the hint is what the two numbers shown say
        for lang, text in said.items():
            expected, got = expected_and_got(lang, text)
            assert got == pytest.approx(ratio * expected, rel=1e-9)


def test_expect_close_tells_minus_one_half_and_twice_of_a_nonzero_number() -> None:
    for lang in editions.LANGS:
        package = editions.package(lang)
        for got, en, zh in (
            (-0.3, "opposite sign", "符号相反"),
            (0.15, "exactly half", "正好是一半"),
            (0.6, "exactly twice", "正好是两倍"),
        ):
            with pytest.raises(package.Mistake) as raised:
                package.expect_close("x", got, 0.3)
            assert (en if lang == "en" else zh) in str(raised.value)
        with pytest.raises(package.Mistake) as raised:  # another miss: no such hint
            package.expect_close("x", 0.31, 0.3)
        assert str(raised.value) == (
            "x: expected 0.3, got 0.31" if lang == "en" else "x：应为 0.3，实际得到 0.31"
        )
        with pytest.raises(package.Mistake) as raised:  # 0 has no half, no opposite
            package.expect_close("x", 0.5, 0.0)
        assert str(raised.value).endswith("0.5")


# ------------------------------------------------------------- what came back, not a list


def _right_output_layer(w: float, b: float, a: float, y: float) -> Any:
    return _output_layer(w, b, a, y)


NOT_A_SEQUENCE = [
    (
        "nb02.check_output_layer",
        lambda w, b, a, y: None,
        "output_layer_gradients(w=0.8, b=0.2, a_prev=0.6, y=1): expected 3 numbers (∂C₀/∂w, "
        "∂C₀/∂b, ∂C₀/∂a_prev), got None: does the function end with 'return …'?",
        "output_layer_gradients(w=0.8, b=0.2, a_prev=0.6, y=1)：应返回 3 个数（∂C₀/∂w, "
        "∂C₀/∂b, ∂C₀/∂a_prev），得到的是 None：函数末尾是不是忘了写 'return …'？",
    ),
    (
        "nb02.check_output_layer",
        lambda w, b, a, y: _output_layer(w, b, a, y)[0],
        "output_layer_gradients(w=0.8, b=0.2, a_prev=0.6, y=1): expected 3 numbers (∂C₀/∂w, "
        "∂C₀/∂b, ∂C₀/∂a_prev) in a tuple or a list, got -0.0900",
        "output_layer_gradients(w=0.8, b=0.2, a_prev=0.6, y=1)：应以元组或列表返回 3 个数"
        "（∂C₀/∂w, ∂C₀/∂b, ∂C₀/∂a_prev），得到的却只是 -0.0900",
    ),
    (
        "nb02.check_output_layer",
        lambda w, b, a, y: "a_prev*d",
        "in a tuple or a list, got 'a_prev*d' alone",
        "），得到的却只是 'a_prev*d'",
    ),
    (
        "nb02.check_output_layer",
        lambda w, b, a, y: dict(zip("wba", _output_layer(w, b, a, y), strict=True)),
        "in a tuple or a list, got a dict {'w': ",
        "得到的是一个字典 {'w': ",
    ),
    (
        "nb02.check_chain_gradients",
        lambda *args: chain(*args)[-1],
        "chain_gradients([0.9, -1.2, 1.5, 0.8], [0.1, 0.3, -0.4, 0.2], 0.6, 1, sigmoid, "
        "sigmoid_prime): expected 4 gradients [∂C₀/∂w^(1), …, ∂C₀/∂w^(4)] in a tuple or a "
        "list, got -0.0851",
        "chain_gradients([0.9, -1.2, 1.5, 0.8], [0.1, 0.3, -0.4, 0.2], 0.6, 1, sigmoid, "
        "sigmoid_prime)：应以元组或列表返回 4 个梯度 [∂C₀/∂w^(1), …, ∂C₀/∂w^(4)]，"
        "得到的却只是 -0.0851",
    ),
    (
        "nb02.check_chain_gradients",
        lambda *args: None,
        "sigmoid_prime): expected 4 gradients [∂C₀/∂w^(1), …, ∂C₀/∂w^(4)], got None",
        "sigmoid_prime)：应返回 4 个梯度 [∂C₀/∂w^(1), …, ∂C₀/∂w^(4)]，得到的是 None",
    ),
    (
        "nb03.check_updates",
        lambda x, b, g, e, eta: None,
        "eta=0.3): expected 4 arrays (ΔW, Δθ, ΔV, Δγ), got None",
        "eta=0.3)：应返回 4 个数组（ΔW, Δθ, ΔV, Δγ），得到的是 None",
    ),
]


@pytest.mark.parametrize(
    ("qualified", "wrong", "en", "zh"),
    NOT_A_SEQUENCE,
    ids=[f"{case[0]}-{k}" for k, case in enumerate(NOT_A_SEQUENCE)],
)
def test_an_answer_that_is_not_a_list_is_told_what_came_back(
    qualified: str, wrong: Callable[..., Any], en: str, zh: str
) -> None:
    for said in assert_named(qualified, wrong, en, zh).values():
        assert "TypeError" not in said, said


# ------------------------------------------------------------- where the chain goes wrong


def test_the_chain_is_compared_from_the_output_down_and_names_its_inputs() -> None:
    """∂C₀/∂w^(l) with a^(l) for a^(l−1): wrong in every layer, so compared from layer 1
    up it was reported at layer 1, far from the output where the recursion starts."""

    def own_output(ws: Any, bs: Any, x: float, y: float, act: Any, act_prime: Any) -> Any:
        a = [x]
        for w, b in zip(ws, bs, strict=True):
            a.append(act(w * a[-1] + b))
        right = chain(ws, bs, x, y, act, act_prime)
        return [g / a[k] * a[k + 1] for k, g in enumerate(right)]  # a^(l) for a^(l−1)

    shown = "ws=[0.9, -1.2, 1.5, 0.8], bs=[0.1, 0.3, -0.4, 0.2], x=0.6, y=1"
    for lang, start in (
        ("en", f"sigmoid chain ({shown}): ∂C₀/∂w^(4): expected"),
        ("zh", f"sigmoid 链（{shown}）上的 ∂C₀/∂w^(4)：应为"),
    ):
        said = mistake(lang, "nb02.check_chain_gradients", own_output)
        assert said.startswith(start), said
    reversed_order = mistake("en", "nb02.check_chain_gradients", lambda *args: chain(*args)[::-1])
    assert "(the list is in reverse order: that is ∂C₀/∂w^(1);" in reversed_order


# ------------------------------------------------------------- shapes and entry names


def test_a_shape_numpy_refuses_is_told_with_the_shapes_in_the_student_s_language() -> None:
    said = mistake("zh", "nb03.check_e_h", lambda b, W, g: b * (1 - b) * (W.T @ g))
    assert "：形状对不上：b 的长度 q = 4，W 的形状 (q, l) = (4, 2)，g 的长度 l = 2；" in said
    assert "对每个 h 求 Σ_j w_hj g_j，就是 W @ g（抛出了 ValueError「matmul" in said
    said = mistake("zh", "nb03.check_delta_step", lambda W, z, d: (W @ d) * f_prime(z))
    assert said.startswith(
        "delta_step(W^(3), z^(3), δ^(4))：形状对不上：W^(3) 的形状 (S_4, S_3) = (2, 3)，"
    ), said
    said = mistake("en", "nb03.check_delta_step", lambda W, z, d: (W @ d) * f_prime(z))
    assert "the shapes do not fit together: W^(3) has shape (S_4, S_3) = (2, 3)" in said
    # a transposed ΔW: numpy is happy, the check says which shape and how to get it
    said = mistake(
        "zh",
        "nb03.check_updates",
        lambda x, b, g, e, eta: (eta * np.outer(g, b), -eta * g, eta * np.outer(x, e), -eta * e),
    )
    assert said.endswith(
        "返回的 ΔW：应为形状 (4, 2) 的数组，得到形状 (2, 4) 的数组；ΔW 与 W 同形，"
        "(q, l) = (4, 2)：Δw_hj = η g_j b_h 就是 eta * np.outer(b_hidden, g)"
    ), said


@pytest.mark.parametrize(
    ("qualified", "wrong", "en", "zh"),
    [
        (
            "nb03.check_g_j",
            lambda y_hat, y: y_hat * (1 - y_hat) * (y - y_hat) * np.array([1.0, 3.0]),
            "g_of(y_hat=[0.892072, 0.438017], y=[1, 0]), g_2: expected",
            "g_of(y_hat=[0.892072, 0.438017], y=[1, 0]) 的 g_2：应为",
        ),
        (
            "nb03.check_delta_step",
            lambda W, z, d: (W.T @ d) * f_prime(z) * np.array([1.0, 1.0, 3.0]),
            "δ^(3)_3: expected",
            "δ^(3)_3：应为",
        ),
        (
            "nb03.check_updates",
            lambda x, b, g, e, eta: (
                eta * np.outer(b, g) * np.array([[1.0, 1.0]] * 3 + [[1.0, 3.0]]),
                -eta * g,
                eta * np.outer(x, e),
                -eta * e,
            ),
            "eta=0.3): ΔW, Δw_hj at h = 4, j = 2: expected",
            "eta=0.3) 返回的 ΔW 中的 Δw_hj（h = 4，j = 2）：应为",
        ),
    ],
    ids=["g_j", "delta_step", "updates"],
)
def test_an_entry_is_named_as_the_formulas_number_it_from_1(
    qualified: str, wrong: Callable[..., Any], en: str, zh: str
) -> None:
    for said in assert_named(qualified, wrong, en, zh).values():
        assert "[0]" not in said and "[1]" not in said, said


# ------------------------------------------------------------- the four updates


def test_the_updates_are_zhou_s_and_gradient_descent_s() -> None:
    """周志华 (5.11)–(5.14): Δw_hj = η g_j b_h, Δθ_j = −η g_j, Δv_ih = η e_h x_i,
    Δγ_h = −η e_h; the check's oracle is −η ∂E/∂p from the engine. Here the θ part is
    checked once more by a central difference of E, a third way."""

    def updates(x: Any, b: Any, g: Any, e: Any, eta: float) -> Any:
        return eta * np.outer(b, g), -eta * g, eta * np.outer(x, e), -eta * e

    for lang in editions.LANGS:
        assert editions.verdict(editions.module(lang, "nb03").check_updates(updates)) is True
    rng = np.random.default_rng(5)
    x, V, gamma = rng.uniform(-1, 1, 3), rng.normal(0, 0.8, (3, 4)), rng.normal(0, 0.5, 4)
    W, theta, y = rng.normal(0, 0.8, (4, 2)), rng.normal(0, 0.5, 2), np.array([0.3, 0.8])

    def error(theta_: Any) -> float:
        y_hat = f(f(x @ V - gamma) @ W - theta_)
        return float(0.5 * np.sum((y_hat - y) ** 2))

    b = f(x @ V - gamma)
    y_hat = f(b @ W - theta)
    g = y_hat * (1 - y_hat) * (y - y_hat)
    h = 1e-6
    for j in range(2):
        step = np.eye(2)[j] * h
        slope = (error(theta + step) - error(theta - step)) / (2 * h)
        assert -0.5 * slope == pytest.approx(updates(x, b, g, g, 0.5)[1][j], rel=1e-7)


# ------------------------------------------------------------- what the exercises ask


def test_notebook_02_s_first_exercise_asks_for_what_its_check_checks() -> None:
    """Its title said "the output layer's three links" / 「输出层的三个因子」, the words
    section 2 uses for ∂z/∂w, ∂a/∂z and ∂C₀/∂a, while the check (titled "the output
    layer's three derivatives" / 「输出层的三个偏导数」) wants the three products."""
    notebooks = editions.NOTEBOOKS
    for path, title in (
        (
            notebooks / "02_one_neuron_per_layer.py",
            "**Exercise 1 — the output layer's three derivatives.**",
        ),
        (notebooks / "zh" / "02_one_neuron_per_layer.py", "**练习 1 —— 输出层的三个偏导数。**"),
    ):
        text = path.read_text(encoding="utf-8")
        assert title in text and "three links.**" not in text and "三个因子。**" not in text
