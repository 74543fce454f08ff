"""Slips of notebooks 02 and 03 that the checks still gave as bare numbers, now named.

Two slips at once (the bias left out and σ(z) for σ′(z)); C₀ = (a − y)² or E_j itself
where its derivative was asked; the learning rate η a notebook holds (notebook 03:
``eta = 0.5``) multiplied into a gradient, which was told "exactly half: … no ½"; g_j
with y_j² for y_j, with one factor of ŷ_j(1 − ŷ_j) dropped or doubled; e_h summed over
every h. And, from being a student a while longer: σ applied to a_prev again for ∂z/∂w;
∂C₀/∂b's sign flipped alone (told "∂C₀/∂a = 2(a − y), not 2(y − a)", which would have
flipped ∂C₀/∂w too, and ∂C₀/∂w was right); the previous layer's σ′ in ∂C₀/∂a_prev;
act_prime taken at the layer's input a^(l−1) or at z^(l−1); ws[k + 1] past the end of ws
(a bare IndexError); g_j with the target's y_j(1 − y_j); δ^(l) with two slips. Each
answer is a student's code, written from the formulas with its slips, apart from the
checks (whose oracle is the engine); the message must end with those slips' words in
each edition. Answers wrong in other ways must not be given a slip's name they did not
make, and the right ones (one reading ``eta`` for nothing) pass.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable, Collection, Sequence
from typing import Any

import editions
import numpy as np
import pytest
from exercise_cases import f_prime, mistake, passes, sigmoid, sigmoid_prime

eta = 0.5  # notebook 03's learning rate, a global a student's function can read
lr = 0.1


def _output_layer(slips: Collection[str]) -> Callable[[float, float, float, float], tuple]:
    """A student's output_layer_gradients with ``slips``."""

    def answer(w: float, b: float, a_prev: float, y: float) -> tuple[float, ...]:
        z = w * a_prev if "no bias" in slips else w * a_prev + b
        a = sigmoid(z)
        prime = a if "sigma" in slips else sigmoid_prime(z)
        if "C0" in slips:
            dC_da = (a - y) ** 2
        elif "sign" in slips:
            dC_da = 2 * (y - a)
        elif "half" in slips:
            dC_da = a - y
        else:
            dC_da = 2 * (a - y)
        if "tanh" in slips:  # not a slip of the table: another activation's derivative
            prime = 1 - math.tanh(z) ** 2
        if "3" in slips:  # nor this: a cube's derivative for the square's
            dC_da = 3 * (a - y) ** 2
        dz = prime * dC_da
        dw = a_prev * dz
        if "dw w" in slips:
            dw = w * dz
        if "σ(a_prev)" in slips:
            dw = sigmoid(a_prev) * dz
        da = w * dz * (sigmoid_prime(a_prev) if "σ′ below" in slips else 1.0)
        if "eta" in slips:
            return eta * dw, eta * dz, eta * da
        return dw, -dz if "db sign" in slips else dz, da

    return answer


def _chain(slips: Collection[str]) -> Callable[..., list[float]]:
    """A student's chain_gradients with ``slips`` (the notebook's letters: a[0] = x)."""

    def answer(
        ws: Sequence[float],
        bs: Sequence[float],
        x: float,
        y: float,
        act: Callable[[float], float],
        act_prime: Callable[[float], float],
    ) -> list[float]:
        a, z = [x], []
        for w, b in zip(ws, bs, strict=True):
            z.append(w * a[-1] if "no bias" in slips else w * a[-1] + b)
            a.append(act(z[-1]))
        if "C0" in slips:
            dC_da = (a[-1] - y) ** 2
        elif "sign" in slips:
            dC_da = 2 * (y - a[-1])
        elif "mean" in slips:  # not a slip of the table: divided by the number of layers
            dC_da = 2 * (a[-1] - y) / len(ws)
        else:
            dC_da = 2 * (a[-1] - y)
        grads = [0.0] * len(ws)
        for layer in reversed(range(len(ws))):
            at = z[layer]
            if "prime at input" in slips:
                at = a[layer]
            if "prime below" in slips:
                at = z[layer - 1]
            prime = act(at) if "act for prime" in slips else act_prime(at)
            dC_dz = prime * dC_da
            grads[layer] = (lr if "lr" in slips else 1.0) * a[layer] * dC_dz
            if "no w back" in slips:
                dC_da = dC_dz
            else:
                dC_da = ws[layer + 1 if "ws[k + 1]" in slips else layer] * dC_dz
        return grads

    return answer


def _g(slips: Collection[str]) -> Callable[[Any, Any], Any]:
    """A student's g_of with ``slips``."""

    def g_of(y_hat: Any, y: Any) -> Any:
        prime = y_hat * (1 - y_hat)
        if "drop 1 - y_hat" in slips:
            prime = y_hat
        if "drop y_hat" in slips:
            prime = 1 - y_hat
        if "doubled" in slips:
            prime = (y_hat * (1 - y_hat)) ** 2
        diff = (y**2 if "y**2" in slips else y) - y_hat
        if "E" in slips:
            diff = 0.5 * (y - y_hat) ** 2
        if "3" in slips:  # not a slip of the table
            diff = 3 * (y - y_hat) ** 3
        g = prime * diff
        if "sign" in slips:
            g = -g
        return eta * g if "eta" in slips else g

    return g_of


def _e(slips: Collection[str]) -> Callable[[Any, Any, Any], Any]:
    """A student's e_of with ``slips``."""

    def e_of(b: Any, W: Any, g: Any) -> Any:
        back = W @ g
        if "all h" in slips:  # Σ over h as well as j: one number for every h
            back = np.sum(W @ g) * np.ones_like(b)
        if "g summed" in slips:  # not a slip of the table: Σ_j w_hj times Σ_j g_j
            back = W.sum(axis=1) * g.sum()
        prime = b if "drop 1 - b" in slips else b * (1 - b)
        e = prime * back
        if "sign" in slips:
            e = -e
        return eta * e if "eta" in slips else e

    return e_of


def _delta_eta(W: Any, z: Any, delta_next: Any) -> Any:
    return eta * (W.T @ delta_next) * f_prime(z)


NO_BIAS = ("the bias is missing: z = w·a_prev + b", "少了偏置：z = w·a_prev + b")
SIGMA = ("σ(z) in place of σ′(z) = σ(z)(1 − σ(z))", "把 σ(z) 当成了 σ′(z) = σ(z)(1 − σ(z))")
COST = (
    "C₀ = (a − y)² itself in place of its derivative ∂C₀/∂a = 2(a − y)",
    "用了 C₀ = (a − y)² 本身，而不是它的导数 ∂C₀/∂a = 2(a − y)",
)
CHAIN_COST = (
    "C₀ = (a^(4) − y)² itself in place of its derivative ∂C₀/∂a^(4) = 2(a^(4) − y)",
    "用了 C₀ = (a^(4) − y)² 本身，而不是它的导数 ∂C₀/∂a^(4) = 2(a^(4) − y)",
)


def _two(first: tuple[str, str], second: tuple[str, str]) -> tuple[str, str]:
    # 以及 is spaced from a formula or a Latin word, not from Chinese
    gap = "" if "\u3400" <= second[1][0] <= "\u9fff" else " "
    return (
        f"(two slips: {first[0]}; and {second[0]})",
        f"（两处错误：{first[1]}；以及{gap}{second[1]}）",
    )


def _one(words: tuple[str, str]) -> tuple[str, str]:
    return f"({words[0]})", f"（{words[1]}）"


def _rate(name: str, rate: float, cost: str, asked: str) -> tuple[str, str]:
    return (
        f"({name} = {rate:g} times the right number: the learning rate belongs in the update "
        f"Δp = −η·∂{cost}/∂p, not in {asked})",
        f"（是正确值的 {name} = {rate:g} 倍：学习率只属于更新量 Δp = −η·∂{cost}/∂p，"
        f"不属于 {asked}）",
    )


G_FORMULA = "g_j = −∂E/∂β_j = ŷ_j(1 − ŷ_j)(y_j − ŷ_j)"
E_SIGN = (
    "the sign: e_h = b_h(1 − b_h) Σ_j w_hj g_j, with g as given",
    "符号：e_h = b_h(1 − b_h) Σ_j w_hj g_j，g 直接用给定的",
)
ALL_H = (
    "Σ_j w_hj g_j was summed over every h too: e_h takes its own h's, Σ_j w_hj g_j, the h-th "
    "entry of W @ g",
    "Σ_j w_hj g_j 又对所有 h 求了和：e_h 只用它自己那个 h 的 Σ_j w_hj g_j，即 W @ g 的第 h 项",
)
DROP_ONE_MINUS_B = (
    "the factor (1 − b_h) of f′ = b_h(1 − b_h) is missing",
    "少了 f′ = b_h(1 − b_h) 中的因子 (1 − b_h)",
)

# (check, the student's answer, the message's end in English, in Chinese)
NAMED: list[tuple[str, Callable[..., Any], str, str]] = [
    ("nb02.check_output_layer", _output_layer({"no bias", "sigma"}), *_two(NO_BIAS, SIGMA)),
    (
        "nb02.check_output_layer",
        _output_layer({"no bias", "sign"}),
        *_two(
            ("the sign: ∂C₀/∂a = 2(a − y), not 2(y − a)", "符号：∂C₀/∂a = 2(a − y)，不是 2(y − a)"),
            NO_BIAS,
        ),
    ),
    (
        "nb02.check_output_layer",
        _output_layer({"half", "sigma"}),
        *_two(
            (
                "a factor 2 missing: C₀ = (a − y)² has no ½, so ∂C₀/∂a = 2(a − y)",
                "少了因子 2：C₀ = (a − y)² 前面没有 ½，所以 ∂C₀/∂a = 2(a − y)",
            ),
            SIGMA,
        ),
    ),
    (
        "nb02.check_output_layer",
        _output_layer({"sigma", "dw w"}),
        *_two(SIGMA, ("∂z/∂w = a_prev, not w", "∂z/∂w = a_prev，不是 w")),
    ),
    ("nb02.check_output_layer", _output_layer({"C0"}), *_one(COST)),
    ("nb02.check_output_layer", _output_layer({"C0", "no bias"}), *_two(NO_BIAS, COST)),
    ("nb02.check_output_layer", _output_layer({"eta"}), *_rate("eta", 0.5, "C₀", "∂C₀/∂w")),
    (
        "nb02.check_chain_gradients",
        _chain({"no bias", "sign"}),
        *_two(
            (
                "the bias is missing: z^(l) = w^(l)·a^(l−1) + b^(l)",
                "少了偏置：z^(l) = w^(l)·a^(l−1) + b^(l)",
            ),
            (
                "the sign: the recursion starts from ∂C₀/∂a^(4) = 2(a^(4) − y), not 2(y − a^(4))",
                "符号：递推的起点是 ∂C₀/∂a^(4) = 2(a^(4) − y)，不是 2(y − a^(4))",
            ),
        ),
    ),
    (
        "nb02.check_chain_gradients",
        _chain({"act for prime", "C0"}),
        *_two(("act(z) in place of act_prime(z)", "把 act(z) 当成了 act_prime(z)"), CHAIN_COST),
    ),
    ("nb02.check_chain_gradients", _chain({"C0"}), *_one(CHAIN_COST)),
    ("nb02.check_chain_gradients", _chain({"lr"}), *_rate("lr", 0.1, "C₀", "∂C₀/∂w^(4)")),
    (
        "nb03.check_g_j",
        _g({"y**2"}),
        f"(y_j² in place of y_j: {G_FORMULA})",
        f"（把 y_j 写成了 y_j²：{G_FORMULA}）",
    ),
    (
        "nb03.check_g_j",
        _g({"drop 1 - y_hat"}),
        "(the factor (1 − ŷ_j) of f′ = ŷ_j(1 − ŷ_j) is missing)",
        "（少了 f′ = ŷ_j(1 − ŷ_j) 中的因子 (1 − ŷ_j)）",
    ),
    (
        "nb03.check_g_j",
        _g({"drop y_hat"}),
        "(the factor ŷ_j of f′ = ŷ_j(1 − ŷ_j) is missing)",
        "（少了 f′ = ŷ_j(1 − ŷ_j) 中的因子 ŷ_j）",
    ),
    (
        "nb03.check_g_j",
        _g({"doubled"}),
        f"(ŷ_j(1 − ŷ_j) twice: f′(β_j − θ_j) = ŷ_j(1 − ŷ_j) is in {G_FORMULA} once)",
        f"（ŷ_j(1 − ŷ_j) 乘了两次：f′(β_j − θ_j) = ŷ_j(1 − ŷ_j) 在 {G_FORMULA} 里只出现一次）",
    ),
    (
        "nb03.check_g_j",
        _g({"sign", "drop y_hat"}),
        *_two(
            (f"the sign: {G_FORMULA}", f"符号：{G_FORMULA}"),
            (
                "the factor ŷ_j of f′ = ŷ_j(1 − ŷ_j) is missing",
                "少了 f′ = ŷ_j(1 − ŷ_j) 中的因子 ŷ_j",
            ),
        ),
    ),
    (
        "nb03.check_g_j",
        _g({"E"}),
        "(E_j = ½(ŷ_j − y_j)² itself in place of its derivative: −∂E/∂ŷ_j = y_j − ŷ_j)",
        "（用了 E_j = ½(ŷ_j − y_j)² 本身，而不是它的导数：−∂E/∂ŷ_j = y_j − ŷ_j）",
    ),
    ("nb03.check_g_j", _g({"eta"}), *_rate("eta", 0.5, "E", "g_j")),
    ("nb03.check_e_h", _e({"all h"}), *_one(ALL_H)),
    ("nb03.check_e_h", _e({"all h", "sign"}), *_two(E_SIGN, ALL_H)),
    ("nb03.check_e_h", _e({"drop 1 - b"}), *_one(DROP_ONE_MINUS_B)),
    ("nb03.check_e_h", _e({"drop 1 - b", "sign"}), *_two(E_SIGN, DROP_ONE_MINUS_B)),
    ("nb03.check_e_h", _e({"eta"}), *_rate("eta", 0.5, "E", "e_h")),
    ("nb03.check_delta_step", _delta_eta, *_rate("eta", 0.5, "J", "δ^(3)")),
    # found being a student of both notebooks a while longer
    (
        "nb02.check_output_layer",
        _output_layer({"σ(a_prev)"}),
        "(∂z/∂w = a_prev, not σ(a_prev): a_prev is already the previous layer's activation, "
        "σ applied)",
        "（∂z/∂w = a_prev，不是 σ(a_prev)：a_prev 已经是前一层的激活值，σ 已经用过了）",
    ),
    (
        "nb02.check_output_layer",
        _output_layer({"db sign"}),
        "(opposite sign, in ∂C₀/∂b alone: ∂z/∂b = 1: z = w·a_prev + b adds its bias; ∂C₀/∂w, "
        "which is right, has the same ∂C₀/∂z)",
        "（只有 ∂C₀/∂b 的符号相反：∂z/∂b = 1：z = w·a_prev + b 是加上偏置；∂C₀/∂w 是对的，"
        "它的 ∂C₀/∂z 与此相同）",
    ),
    (
        "nb02.check_output_layer",
        _output_layer({"σ′ below"}),
        "(∂C₀/∂a_prev = w·∂C₀/∂z stops at a_prev: a σ′ of the previous layer belongs to the "
        "next step back, to ∂C₀/∂z_prev)",
        "（∂C₀/∂a_prev = w·∂C₀/∂z 到 a_prev 为止：前一层的 σ′ 属于再往回的一步，即 ∂C₀/∂z_prev）",
    ),
    (
        "nb02.check_chain_gradients",
        _chain({"prime at input"}),
        "(act_prime was taken at the layer's input a^(l−1); it is taken at z^(l))",
        "（act_prime 是在这一层的输入 a^(l−1) 处求的；应在 z^(l) 处求）",
    ),
    (
        "nb02.check_chain_gradients",
        _chain({"prime below"}),
        "(act_prime was taken at z^(l−1), the previous layer's; it is taken at the layer's "
        "own z^(l))",
        "（act_prime 是在前一层的 z^(l−1) 处求的；应在这一层自己的 z^(l) 处求）",
    ),
    (
        "nb03.check_g_j",
        lambda y_hat, y: y * (1 - y) * (y - y_hat),
        "(y_j(1 − y_j) in place of ŷ_j(1 − ŷ_j): f′ is the output's, f′(β_j − θ_j) = "
        "ŷ_j(1 − ŷ_j), not the target's)",
        "（把 ŷ_j(1 − ŷ_j) 写成了 y_j(1 − y_j)：f′ 属于输出，f′(β_j − θ_j) = ŷ_j(1 − ŷ_j)，"
        "与目标值无关）",
    ),
    (
        "nb03.check_delta_step",
        lambda W, z, delta_next: -0.5 * (W.T @ delta_next) * f_prime(z),
        "(two slips: the sign: δ^(3) = (W^(3)ᵀ δ^(4)) ⊙ f′(z^(3)), with δ^(4) as given; and a ½ "
        "too many; δ^(3) = (W^(3)ᵀ δ^(4)) ⊙ f′(z^(3)) has no ½)",
        "（两处错误：符号：δ^(3) = (W^(3)ᵀ δ^(4)) ⊙ f′(z^(3))，δ^(4) 直接用给定的；以及"
        "多了一个 ½；δ^(3) = (W^(3)ᵀ δ^(4)) ⊙ f′(z^(3)) 里没有 ½）",
    ),
    (
        "nb03.check_delta_step",
        lambda W, z, delta_next: -(W.T @ delta_next),
        "(two slips: the sign: δ^(3) = (W^(3)ᵀ δ^(4)) ⊙ f′(z^(3)), with δ^(4) as given; and the "
        "factor f′(z^(l)) is missing)",
        "（两处错误：符号：δ^(3) = (W^(3)ᵀ δ^(4)) ⊙ f′(z^(3))，δ^(4) 直接用给定的；以及"
        "少了因子 f′(z^(l))）",
    ),
]

# (check, an answer wrong in a way no slip of the checks' tables is)
UNNAMED: list[tuple[str, Callable[..., Any]]] = [
    ("nb02.check_output_layer", _output_layer({"tanh"})),
    ("nb02.check_output_layer", _output_layer({"3"})),
    ("nb02.check_output_layer", _output_layer({"3", "sigma"})),
    ("nb02.check_chain_gradients", _chain({"mean"})),
    ("nb02.check_chain_gradients", _chain({"mean", "no bias"})),
    ("nb03.check_g_j", _g({"3"})),
    ("nb03.check_g_j", _g({"3", "eta"})),  # reads eta, and is wrong in another way too
    ("nb03.check_e_h", _e({"g summed"})),
    ("nb03.check_e_h", _e({"g summed", "sign"})),
]


@pytest.mark.parametrize(
    ("qualified", "answer", "en", "zh"), NAMED, ids=[f"{row[0]}-{k}" for k, row in enumerate(NAMED)]
)
def test_the_slips_are_named(qualified: str, answer: Callable[..., Any], en: str, zh: str) -> None:
    for lang, words in (("en", en), ("zh", zh)):
        said = mistake(lang, qualified, answer)
        assert said.endswith(words), said
        (editions.assert_english if lang == "en" else editions.assert_chinese)(said)


@pytest.mark.parametrize(
    ("qualified", "answer"), UNNAMED, ids=[f"{row[0]}-{k}" for k, row in enumerate(UNNAMED)]
)
def test_an_answer_wrong_in_another_way_is_given_no_slips_name(
    qualified: str, answer: Callable[..., Any]
) -> None:
    """The message ends with the number the answer gave: no hint in parentheses."""
    for lang, bare in (("en", r"got -?[\d.e+-]+$"), ("zh", r"实际得到 -?[\d.e+-]+$")):
        said = mistake(lang, qualified, answer)
        assert re.search(bare, said), said


def test_the_right_answers_pass_and_a_global_eta_read_for_nothing_names_nothing() -> None:
    def g_reads_eta(y_hat: Any, y: Any) -> Any:
        assert eta == 0.5  # reads the learning rate, and uses it for nothing
        return y_hat * (1 - y_hat) * (y - y_hat)

    for lang in editions.LANGS:
        assert passes(lang, "nb02.check_output_layer", _output_layer(()))
        assert passes(lang, "nb02.check_chain_gradients", _chain(()))
        assert passes(lang, "nb03.check_g_j", _g(()))
        assert passes(lang, "nb03.check_g_j", g_reads_eta)
        assert passes(lang, "nb03.check_e_h", _e(()))


def test_half_the_right_number_from_a_function_that_reads_no_rate_is_not_told_eta() -> None:
    """Only a rate the function reads is named: ``0.5 * …`` written out is a ½ too many."""

    def g_of(y_hat: Any, y: Any) -> Any:
        return 0.5 * y_hat * (1 - y_hat) * (y - y_hat)

    said = mistake("en", "nb03.check_g_j", g_of)
    assert "eta" not in said, said
    assert said.endswith("(exactly half: a factor 2 is missing, or a ½ too many)"), said


def test_an_index_past_the_end_of_ws_is_told_what_the_lists_hold() -> None:
    """ws[k + 1] for layer k + 1's weight raised a bare "IndexError: list index out of
    range"; the message says how long ws and a are and which weight goes back."""
    for lang, words in (
        ("en", "layer l takes ∂C₀/∂z^(l) back with its own weight w^(l) = ws[l − 1])"),
        ("zh", "第 l 层用它自己的权重 w^(l) = ws[l − 1] 把 ∂C₀/∂z^(l) 传回去）"),
    ):
        said = mistake(lang, "nb02.check_chain_gradients", _chain({"ws[k + 1]"}))
        assert "IndexError" in said and words in said, said
        assert "ws[0] … ws[3]" in said and "a[0] … a[4]" in said, said
        (editions.assert_english if lang == "en" else editions.assert_chinese)(said)


def test_both_signs_flipped_are_still_told_the_sign_of_dc_da() -> None:
    """∂C₀/∂b's sign alone is told as its own; every place's flipped is ∂C₀/∂a's."""

    def answer(w: float, b: float, a_prev: float, y: float) -> tuple[float, ...]:
        dC_dz = sigmoid_prime(w * a_prev + b) * 2 * (y - sigmoid(w * a_prev + b))
        return a_prev * dC_dz, dC_dz, w * dC_dz

    said = mistake("en", "nb02.check_output_layer", answer)
    assert said.endswith("(opposite sign: ∂C₀/∂a = 2(a − y), not 2(y − a))"), said


@pytest.mark.parametrize(
    "answer",
    [
        # (y − a) for 2(a − y): at y = 1 it is σ(z)·(a − y)², "σ(z) for σ′(z); and C₀"
        lambda z, y: sigmoid_prime(z) * (y - sigmoid(z)),
        # 1 − σ(z) for σ′(z), and (y − a): at y = 1, "σ′ missing; and C₀"
        lambda z, y: (1 - sigmoid(z)) * (y - sigmoid(z)),
        # 1 − σ(z) for σ′(z), and 2a: at y = 1, "the sign; and σ(z) for σ′(z)"
        lambda z, y: (1 - sigmoid(z)) * 2 * sigmoid(z),
    ],
)
def test_two_slips_are_named_only_where_they_give_the_answer_at_every_case(
    answer: Callable[[float, float], float],
) -> None:
    """The first case has y = 1, where 1 − a = −(a − y): a pair of the table gave these
    answers there, and was named, though the student made neither of its slips (at the
    second case, y = 0, the pair's numbers are not the answer's)."""

    def output_layer_gradients(w: float, b: float, a_prev: float, y: float) -> tuple:
        dC_dz = answer(w * a_prev + b, y)
        return a_prev * dC_dz, dC_dz, w * dC_dz

    for lang, bare in (("en", r"got -?[\d.e+-]+$"), ("zh", r"实际得到 -?[\d.e+-]+$")):
        said = mistake(lang, "nb02.check_output_layer", output_layer_gradients)
        assert re.search(bare, said), said


def test_an_attribute_named_lr_is_not_the_notebooks_learning_rate() -> None:
    """``co_names`` holds attribute names too: a function reading ``self.lr`` (1 here)
    beside the notebook's ``lr = 0.1`` and a wrong factor 0.1 of its own was told "lr =
    0.1 times the right number", a learning rate it never read."""
    assert lr == 0.1  # this module's: the notebook's learning rate, never read below

    class Layer:
        lr = 1.0

        def gradients(self, w: float, b: float, a_prev: float, y: float) -> tuple:
            z = w * a_prev + b
            dC_dz = 0.1 * sigmoid_prime(z) * 2 * (sigmoid(z) - y) * self.lr
            return a_prev * dC_dz, dC_dz, w * dC_dz

        def g_of(self, y_hat: Any, y: Any) -> Any:
            return 0.1 * y_hat * (1 - y_hat) * (y - y_hat) * self.lr

    for lang, bare in (("en", r"got -?[\d.e+-]+$"), ("zh", r"实际得到 -?[\d.e+-]+$")):
        for qualified, answer in (
            ("nb02.check_output_layer", Layer().gradients),
            ("nb03.check_g_j", Layer().g_of),
        ):
            said = mistake(lang, qualified, answer)
            assert re.search(bare, said), said


def test_a_right_chain_is_checked_without_trying_every_pair(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two slips are looked for only where an answer is wrong: ≈ 200 pairs, a recursion
    each, made checking a right chain_gradients 0.4 → 24 ms."""

    def every_pair(count: int) -> list:
        raise AssertionError("the pairs were tried for a right answer")

    monkeypatch.setattr(editions.module("en", "nb02"), "_chain_pairs", every_pair)
    assert passes("en", "nb02.check_chain_gradients", _chain(()))


def test_a_complex_answer_is_told_complex_without_a_warning_from_the_check() -> None:
    """Looking for two slips cast a complex array to float: numpy's "ComplexWarning:
    Casting complex values to real discards the imaginary part" came from the check's own
    code, above its message."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for lang in editions.LANGS:
            said = mistake(
                lang,
                "nb03.check_g_j",
                lambda y_hat, y: (2 * y_hat * (1 - y_hat) * (y - y_hat)).astype(complex),
            )
            assert "0.02078246313+0j" in said, said
            said = mistake(
                lang, "nb03.check_e_h", lambda b, W, g: (b * (1 - b) * (W @ g)).astype(complex)
            )
            assert "+0j" in said, said


def test_a_rate_read_by_a_function_nested_in_the_answer_is_named() -> None:
    """The rate is read where the student wrote it, here in a helper defined inside the
    answer (its own code object, a constant of the answer's): told as ``eta`` too, not as
    "exactly half"."""

    def g_of(y_hat: Any, y: Any) -> Any:
        def scaled(v: Any) -> Any:
            return eta * v

        return scaled(y_hat * (1 - y_hat) * (y - y_hat))

    for lang, words in zip(editions.LANGS, _rate("eta", 0.5, "E", "g_j"), strict=True):
        said = mistake(lang, "nb03.check_g_j", g_of)
        assert said.endswith(words), said
