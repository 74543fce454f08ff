"""Slips of notebooks 02 and 03 that the checks gave as bare numbers, each now named.

A student of notebooks 02 and 03 (both editions) fed the checks some 50 wrong answers.
The bias left out of z, x used as every layer's input, σ(z) or z(1 − z) for σ′(z), ∂z/∂b
taken as 0 or b, act_prime or w^(l) left out of the recursion, the wrong layer's input
or weight, ∂C₀/∂w^(l) passed back for ∂C₀/∂a^(l−1), every layer's a compared with y,
∂C₀/∂b^(l) returned for ∂C₀/∂w^(l), f′ taken at b_h in e_h: each said only "expected …,
got …". The four updates returned in another order were asked "broadcasting?". Each
answer here is a student's code, written from the formulas with one slip, apart from the
checks (whose oracle is the engine); the message must end with that slip's words, in
each edition, and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import editions
import numpy as np
import pytest
from exercise_cases import f_prime, mistake, sigmoid, sigmoid_prime


def _output_layer(slip: str) -> Callable[[float, float, float, float], tuple[float, ...]]:
    """A student's output_layer_gradients with one slip."""

    def answer(w: float, b: float, a_prev: float, y: float) -> tuple[float, ...]:
        z = w * a_prev if slip == "no bias" else w * a_prev + b
        a = sigmoid(z)
        prime = {"sigma": a, "z(1-z)": z * (1 - z)}.get(slip, sigmoid_prime(z))
        dz = prime * 2 * (a - y)
        db = {"db 0": 0.0, "db b": b}.get(slip, 1.0) * dz
        return a_prev * dz, db, w * dz

    return answer


def _chain(slip: str) -> Callable[..., list[float]]:
    """A student's chain_gradients with one slip (the notebook's letters: a[0] = x)."""

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
            into = x if slip in ("x forward", "x input") else a[-1]
            z.append(w * into if slip == "no bias" else w * into + b)
            a.append(act(z[-1]))
        grads, dC_da = [0.0] * len(ws), 2 * (a[-1] - y)
        for layer in reversed(range(len(ws))):
            if slip == "as output":
                dC_da = 2 * (a[layer + 1] - y)
            if slip == "no prime":
                dC_dz = dC_da
            elif slip == "act for prime":
                dC_dz = act(z[layer]) * dC_da
            else:
                dC_dz = act_prime(z[layer]) * dC_da
            if slip == "x input":
                grads[layer] = x * dC_dz
            elif slip == "two back":
                grads[layer] = a[layer - 1] * dC_dz
            elif slip == "last for x":  # outs[k - 1] of a list of the outputs alone (no x):
                grads[layer] = (a[layer] if layer else a[-1]) * dC_dz  # outs[-1] at k = 0
            elif slip == "dC/db":
                grads[layer] = dC_dz
            else:
                grads[layer] = a[layer] * dC_dz
            if slip == "no w back":
                dC_da = dC_dz
            elif slip == "w below":
                dC_da = ws[layer - 1] * dC_dz
            elif slip == "grad back":
                dC_da = grads[layer]
            else:
                dC_da = ws[layer] * dC_dz
        return grads

    return answer


X_LAYER_1 = (
    "x is the input of layer 1 only: layer l's input is a^(l−1), the output of layer l − 1)",
    "x 只是第 1 层的输入：第 l 层的输入是 a^(l−1)，即第 l − 1 层的输出）",
)
# x for a^(l−1) in the forward pass alone, and there and in ∂z^(l)/∂w^(l): two slips, each
# told its own (they were one message)
X_FORWARD = (
    "(the forward pass computed every layer's z^(l) from x, w^(l)·x + b^(l); " + X_LAYER_1[0],
    "（前向计算时每一层的 z^(l) 都是用 x 算的，即 w^(l)·x + b^(l)；" + X_LAYER_1[1],
)
X_INPUT = (
    "(x in place of a^(l−1) twice, in z^(l) and as ∂z^(l)/∂w^(l): the backward pass too "
    "takes the layer's own input, ∂z^(l)/∂w^(l) = a^(l−1); " + X_LAYER_1[0],
    "（z^(l) 和 ∂z^(l)/∂w^(l) 两处都用 x 代替了 a^(l−1)：反向传播时也要用这一层"
    "自己的输入，∂z^(l)/∂w^(l) = a^(l−1)；" + X_LAYER_1[1],
)
# (check, the student's answer, the message's end in English, in Chinese)
NAMED: list[tuple[str, Callable[..., Any], str, str]] = [
    (
        "nb02.check_output_layer",
        _output_layer("no bias"),
        "(the bias is missing: z = w·a_prev + b)",
        "（少了偏置：z = w·a_prev + b）",
    ),
    (
        "nb02.check_output_layer",
        _output_layer("sigma"),
        "(σ(z) in place of σ′(z) = σ(z)(1 − σ(z)))",
        "（把 σ(z) 当成了 σ′(z) = σ(z)(1 − σ(z))）",
    ),
    (
        "nb02.check_output_layer",
        _output_layer("z(1-z)"),
        "(z(1 − z) is not σ′(z): σ′(z) = σ(z)(1 − σ(z)), σ(z) in both factors)",
        "（z(1 − z) 不是 σ′(z)：σ′(z) = σ(z)(1 − σ(z))，两个因子里都是 σ(z)）",
    ),
    (
        "nb02.check_output_layer",
        _output_layer("db 0"),
        "(∂z/∂b = 1, not 0)",
        "（∂z/∂b = 1，不是 0）",
    ),
    (
        "nb02.check_output_layer",
        _output_layer("db b"),
        "(∂z/∂b = 1, not b)",
        "（∂z/∂b = 1，不是 b）",
    ),
    (
        "nb02.check_chain_gradients",
        _chain("no bias"),
        "(the bias is missing: z^(l) = w^(l)·a^(l−1) + b^(l))",
        "（少了偏置：z^(l) = w^(l)·a^(l−1) + b^(l)）",
    ),
    ("nb02.check_chain_gradients", _chain("x forward"), *X_FORWARD),
    ("nb02.check_chain_gradients", _chain("x input"), *X_INPUT),
    (
        "nb02.check_chain_gradients",
        _chain("no prime"),
        "(the link ∂a^(l)/∂z^(l) = act_prime(z^(l)) is missing)",
        "（少了一环 ∂a^(l)/∂z^(l) = act_prime(z^(l))）",
    ),
    (
        "nb02.check_chain_gradients",
        _chain("act for prime"),
        "(act(z) in place of act_prime(z))",
        "（把 act(z) 当成了 act_prime(z)）",
    ),
    (
        "nb02.check_chain_gradients",
        _chain("two back"),
        "(∂z^(l)/∂w^(l) is the layer's input a^(l−1), not a^(l−2))",
        "（∂z^(l)/∂w^(l) 是这一层的输入 a^(l−1)，不是 a^(l−2)）",
    ),
    (
        "nb02.check_chain_gradients",
        _chain("dC/db"),
        "(that is ∂C₀/∂b^(l): ∂C₀/∂w^(l) has the factor ∂z^(l)/∂w^(l) = a^(l−1))",
        "（这是 ∂C₀/∂b^(l)：∂C₀/∂w^(l) 还有因子 ∂z^(l)/∂w^(l) = a^(l−1)）",
    ),
    (
        "nb02.check_chain_gradients",
        _chain("no w back"),
        "(the link ∂z^(l)/∂a^(l−1) = w^(l) is missing: ∂C₀/∂a^(l−1) = w^(l)·∂C₀/∂z^(l))",
        "（少了一环 ∂z^(l)/∂a^(l−1) = w^(l)：∂C₀/∂a^(l−1) = w^(l)·∂C₀/∂z^(l)）",
    ),
    (
        "nb02.check_chain_gradients",
        _chain("w below"),
        "(∂C₀/∂a^(l−1) = w^(l)·∂C₀/∂z^(l), with layer l's own weight, not w^(l−1))",
        "（∂C₀/∂a^(l−1) = w^(l)·∂C₀/∂z^(l)，用的是第 l 层自己的权重，不是 w^(l−1)）",
    ),
    (
        "nb02.check_chain_gradients",
        _chain("grad back"),
        "(what goes back to layer l − 1 is ∂C₀/∂a^(l−1) = w^(l)·∂C₀/∂z^(l), not "
        "∂C₀/∂w^(l) = a^(l−1)·∂C₀/∂z^(l))",
        "（传回第 l − 1 层的是 ∂C₀/∂a^(l−1) = w^(l)·∂C₀/∂z^(l)，不是 "
        "∂C₀/∂w^(l) = a^(l−1)·∂C₀/∂z^(l)）",
    ),
    (
        "nb02.check_chain_gradients",
        _chain("as output"),
        "(only the output a^(L) is compared with y: layer l gets ∂C₀/∂a^(l) from the layer "
        "above, w^(l+1)·∂C₀/∂z^(l+1))",
        "（只有输出 a^(L) 与 y 比较：第 l 层的 ∂C₀/∂a^(l) 来自下一层（第 l + 1 层），"
        "即 w^(l+1)·∂C₀/∂z^(l+1)）",
    ),
    (
        "nb03.check_e_h",
        lambda b, W, g: f_prime(b) * (W @ g),
        "(f′ was taken at b_h; b_h(1 − b_h) is already f′(α_h − γ_h))",
        "（f′ 是在 b_h 处求的；b_h(1 − b_h) 本身就是 f′(α_h − γ_h)）",
    ),
    (
        "nb03.check_updates",
        lambda x, b, g, e, eta: (eta * np.outer(b, g), eta * np.outer(x, e), -eta * g, -eta * e),
        "in the place of Δθ is an array of shape (3, 4), the shape of ΔV: the 4 come in the "
        "order (ΔW, Δθ, ΔV, Δγ); if yours do, Δθ has the shape of θ, one per output, l = 2: "
        "Δθ_j = −η g_j is -eta * g",
        "在 Δθ 的位置上返回的数组形状是 (3, 4)，那是 ΔV 的形状：这 4 个量的顺序是 (ΔW, Δθ, ΔV, Δγ)"
        "；若顺序无误，Δθ 与 θ 同形，每个输出一个，l = 2：Δθ_j = −η g_j 就是 -eta * g",
    ),
]


@pytest.mark.parametrize(
    ("qualified", "answer", "en", "zh"), NAMED, ids=[f"{row[0]}-{k}" for k, row in enumerate(NAMED)]
)
def test_a_slip_that_was_a_bare_number_is_named(
    qualified: str, answer: Callable[..., Any], en: str, zh: str
) -> None:
    for lang, words in (("en", en), ("zh", zh)):
        said = mistake(lang, qualified, answer)
        assert said.endswith(words), said
        (editions.assert_english if lang == "en" else editions.assert_chinese)(said)


def test_the_first_layer_the_chain_reports_is_the_output_layer_where_the_slip_shows() -> None:
    """Slips of the forward pass and of ∂z/∂w show at the output layer, ∂C₀/∂w^(4); slips
    of what goes back show one layer below, ∂C₀/∂w^(3), where they are made."""
    for slip, layer in [("no bias", 4), ("x forward", 4), ("two back", 4), ("no w back", 3)]:
        said = mistake("en", "nb02.check_chain_gradients", _chain(slip))
        assert "sigmoid chain (ws=[0.9, -1.2, 1.5, 0.8]" in said, said
        assert f"): ∂C₀/∂w^({layer}): expected" in said, said


def test_the_students_without_a_slip_pass() -> None:
    """The answers above with no slip are right: the slips, not the students' code, are
    what the checks name (and a right answer is called right)."""
    for lang in editions.LANGS:
        module = editions.module(lang, "nb02")
        assert editions.verdict(module.check_output_layer(_output_layer("")))
        assert editions.verdict(module.check_chain_gradients(_chain("")))


def test_updates_in_order_with_one_wrong_shape_are_told_the_shape_not_the_order() -> None:
    """Δθ = −η e (e_h where g_j is due) has Δγ's shape but the four shapes are not the
    four due in another order: it is told Δθ's shape, not the order."""
    said = mistake(
        "en",
        "nb03.check_updates",
        lambda x, b, g, e, eta: (eta * np.outer(b, g), -eta * e, eta * np.outer(x, e), -eta * e),
    )
    assert "Δθ: expected a vector of length 2, got an array of shape (4,)" in said, said
    assert "order" not in said, said


def test_a_slip_is_named_only_in_the_first_layer_where_it_shows() -> None:
    """The a^(l−2) slip gives a^(L) at layer 1 (a list index wrapping): a student keeping
    the outputs alone (no x) and taking layer k's input as ``outs[k − 1]``, right
    in every layer above, whose layer 1 took the last output for x, was told "not
    a^(l−2)". A slip of the table is named only where it first shows; this one is told
    for what it is."""
    said = mistake("en", "nb02.check_chain_gradients", _chain("last for x"))
    assert "): ∂C₀/∂w^(1): expected" in said, said
    assert "a^(l−2)" not in said, said
    assert said.endswith(
        "(layer 1's input is x: a list of the outputs alone indexed [k − 1] gives, at k = 0, "
        "its last entry a^(L))"
    ), said
    said = mistake("zh", "nb02.check_chain_gradients", _chain("last for x"))
    assert "a^(l−2)" not in said, said
    assert said.endswith("k = 0 时取到的是最后一项 a^(L)）"), said
    editions.assert_chinese(said)


def test_formulas_of_the_two_layers_mixed_up_in_order_are_told_the_formula() -> None:
    """Δθ = −η e and Δγ = −η g in the right order have the shapes of Δγ and Δθ: told
    the order only, a student whose order is right had no pointer to the formula."""
    said = mistake(
        "en",
        "nb03.check_updates",
        lambda x, b, g, e, eta: (eta * np.outer(b, g), -eta * e, eta * np.outer(x, e), -eta * g),
    )
    assert said.endswith(
        "if yours do, Δθ has the shape of θ, one per output, l = 2: Δθ_j = −η g_j is -eta * g"
    ), said
