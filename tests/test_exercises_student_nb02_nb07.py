"""A student's slips in notebooks 02, 04–07 that the checks gave as bare numbers, and a
Chinese message that ran a Latin name into the characters around it.

Each answer is a student's code written from the formulas with its one slip, apart from
the checks (whose oracle is the engine or the library); the message must name that slip
in both editions, and the Chinese one hold no bare English word. The numbers a slip
gives are worked out here by hand where the message shows them.
"""

from __future__ import annotations

import itertools
from typing import Any

import editions
import numpy as np
import pytest
from exercise_cases import assert_named, mistake, prelude, sigmoid, sigmoid_prime, student_chain

from autograd_mini import grad, hessian


def _told(qualified: str, answer: Any, en: str, zh: str, *extra: Any) -> dict[str, str]:
    """Both editions' messages for ``answer``, each holding its words, the Chinese one with
    no English word outside code and quotes."""
    said = assert_named(qualified, answer, en, zh, extra=extra)
    editions.assert_english(said["en"])
    editions.assert_chinese(said["zh"])
    return said


# ---------------------------------------------------------------- notebook 02


def _output_layer(prime_at: str = "z", b_link: str = "1") -> Any:
    def output_layer_gradients(w: float, b: float, a_prev: float, y: float) -> Any:
        z = w * a_prev + b
        dz = sigmoid_prime(a_prev if prime_at == "a_prev" else z) * 2 * (sigmoid(z) - y)
        return a_prev * dz, (a_prev if b_link == "a_prev" else 1.0) * dz, w * dz

    return output_layer_gradients


def test_sigma_prime_at_the_layer_s_input_is_named() -> None:
    """σ′(a_prev) for σ′(z) was a bare "expected -0.09006004647, got -0.09231754405"."""
    _told(
        "nb02.check_output_layer",
        _output_layer(prime_at="a_prev"),
        "(σ′ was taken at a_prev, the layer's input; the link ∂a/∂z is σ′(z)",
        "（σ′ 是在这一层的输入 a_prev 处求的",
    )


def test_a_prev_for_the_bias_link_is_named() -> None:
    """∂C₀/∂b with ∂C₀/∂w's link a_prev (copied from the line above) was bare."""
    said = _told(
        "nb02.check_output_layer",
        _output_layer(b_link="a_prev"),
        "(∂z/∂b = 1, not a_prev",
        "（∂z/∂b = 1，不是 a_prev",
    )
    assert said["en"].startswith("∂C₀/∂b (w=0.8"), said


def test_act_prime_left_out_of_what_goes_back_is_named_in_layer_3() -> None:
    """dC_da = ws[k]·dC_da (∂C₀/∂a passed back, act_prime left out of it): the output
    layer is right, layer 3 was a bare "expected -0.01187022511, got -0.05241721371"."""
    said = _told(
        "nb02.check_chain_gradients",
        student_chain("w·∂C/∂a"),
        "w^(l)·∂C₀/∂a^(l) leaves it out)",
        "w^(l)·∂C₀/∂a^(l) 把它漏掉了）",
    )
    assert "∂C₀/∂w^(3)" in said["en"], said


def test_act_of_x_as_the_first_activation_is_named() -> None:
    said = _told(
        "nb02.check_chain_gradients",
        student_chain("act(x)"),
        "(a^(0) = x, the input itself, not act(x)",
        "（a^(0) = x 就是输入本身，不是 act(x)",
    )
    assert "∂C₀/∂w^(4)" in said["en"], said


# ---------------------------------------------------------------- notebook 03


def _e_of(slip: str) -> Any:
    """e_of by loops, e_h = b_h(1 − b_h) Σ_j w_hj g_j, with one ``slip``."""

    def e_of(b: Any, W: Any, g: Any) -> Any:
        out = [0.0] * (len(g) if slip == "own list" else len(b))
        for h in range(len(b)):
            total = 0.0
            for j in range(len(b) if slip == "j over h" else len(g)):
                term = W[h][j] * g[j]
                total = term if slip == "= for +=" else total + term
                if slip == "return in loop":
                    break
            out[h] = b[h] * (1 - b[h]) * total
        return np.array(out)

    return e_of


@pytest.mark.parametrize(
    ("slip", "en", "zh"),
    [
        (
            "return in loop",
            "(only the first output's term, w_h1 g_1",
            "（只有第一个输出的那一项 w_h1 g_1",
        ),
        (
            "= for +=",
            "(only the last output's term, w_hl g_l",
            "（只有最后一个输出的那一项 w_hl g_l",
        ),
    ],
    ids=["return in loop", "= for +="],
)
def test_a_sum_over_j_that_keeps_one_term_is_named(slip: str, en: str, zh: str) -> None:
    """A loop over j that stops at its first term or keeps its last was a bare number."""
    _told("nb03.check_e_h", _e_of(slip), en, zh)


def test_an_index_error_of_the_student_s_own_list_is_not_told_w_or_g_lacks_it() -> None:
    """A result list of length l where q is due, written past its end, was told "an index
    that W or g does not have"; it is told with the shapes, and W read past its end (j over
    the q hidden neurons) still gets the hint."""
    for lang, hint in (
        ("en", "an index that W or g does not have"),
        ("zh", "用了 W 或 g 没有的下标"),
    ):
        own = mistake(lang, "nb03.check_e_h", _e_of("own list"))
        assert "IndexError" in own and hint not in own, own
        past = mistake(lang, "nb03.check_e_h", _e_of("j over h"))
        assert "IndexError" in past and hint in past, past


# ---------------------------------------------------------------- notebook 04


def test_the_output_layer_s_biases_left_out_are_named() -> None:
    """Σ (n_in + 1)·n_out less the last n_out: 13002 − 10 = 12992 was bare."""
    said = _told(
        "nb04.check_count_parameters",
        lambda sizes: sum((n + 1) * m for n, m in itertools.pairwise(sizes)) - sizes[-1],
        "expected 13002, got 12992 (the output layer's biases are missing",
        "应为 13002，实际得到 12992（漏了输出层的偏置",
    )
    assert said


# ---------------------------------------------------------------- notebook 05


def test_a_key_error_on_a_labelled_node_sets_its_name_apart_in_chinese() -> None:
    """A pass in the wrong order reads a node's gradient before it has one: the Chinese
    message ran the label into the characters, "在z上抛出了 KeyError"."""
    from autograd_mini.backward import topological_order

    def my_backward(root: Any) -> Any:
        grads = {root: 1.0}
        for node in reversed(topological_order(root)):
            for parent, local in zip(node.parents, node.local_grads, strict=True):
                grads[parent] = grads.get(parent, 0.0) + grads[node] * local
        return grads

    said = _told(
        "nb05.check_my_backward",
        my_backward,
        "raised KeyError on z:",
        "在 z 上抛出了 KeyError",
    )
    assert said


def test_the_sum_of_the_weights_times_the_sum_of_the_errors_is_named() -> None:
    """σ′(z)·Σw_j·Σ∂C/∂z_j, the sum of the products read as a product of sums, was a bare
    "expected -0.1038865058, got -0.02511165265"."""
    _told(
        "nb05.check_reverse_neuron",
        lambda z, ws, upstream: sigmoid_prime(z) * sum(ws) * sum(upstream),
        "(Σ_j w_j times Σ_j ∂C/∂z_j: the sum is of products",
        "（写成了 Σ_j w_j 乘以 Σ_j ∂C/∂z_j：求和的是乘积",
    )


# ---------------------------------------------------------------- notebook 06


@pytest.mark.parametrize(
    ("answer", "en", "zh"),
    [
        (
            lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h),
            "got 6.750001 (that is the central difference for f′, (f(x + h) − f(x − h))/(2h)",
            "实际得到 6.750001（这是求 f′ 的中心差分",
        ),
        (
            lambda f, x, h: (f(x + h) - 2 * f(x) - f(x - h)) / h**2,
            "(−f(x − h): both outer points are added",
            "（写成了 −f(x − h)：两端的点都是加上的",
        ),
    ],
    ids=["first difference", "minus f(x - h)"],
)
def test_a_second_difference_slip_in_the_outer_points_is_named(
    answer: Any, en: str, zh: str
) -> None:
    """At x³, x = 1.5, h = 1e-3: (f(x + h) − f(x − h))/(2h) = 3x² + h² = 6.750001 by hand."""
    _told("nb06.check_second_difference", answer, en, zh)


def test_newton_s_step_to_a_zero_of_f_is_named() -> None:
    """x − f/f′ from x0 = 2 on x⁴ − 2x²: 2 − 8/24 = 5/3 by hand, was a bare number."""

    def newton(f: Any, x0: float, steps: int) -> list[float]:
        xs = [x0]
        for _ in range(steps):
            xs.append(xs[-1] - f(xs[-1]) / grad(f)(xs[-1]))
        return xs

    said = _told(
        "nb06.check_newton",
        newton,
        "(x − f(x)/f′(x) is Newton's step to a zero of f",
        "（x − f(x)/f′(x) 是求 f 的零点的牛顿步",
    )
    assert f"got {5 / 3:.10g}" in said["en"], said


# ---------------------------------------------------------------- notebook 07


def _tangent(slip: str) -> Any:
    def neuron_tangent(w: float, b: float, x: float, y: float, wd: float, bd: float) -> Any:
        z = w * x + b
        a = sigmoid(z)
        z_dot = wd + bd if slip == "no x" else x * wd + bd
        a_dot = a * (1 - a) * (1.0 if slip == "no ż" else z_dot)
        return {"ȧ": a_dot, "C": (a - y) ** 2}.get(slip, 2 * (a - y) * a_dot)

    return neuron_tangent


@pytest.mark.parametrize(
    ("slip", "en", "zh"),
    [
        ("ȧ", "(that is ȧ: Ċ = 2(a − y)·ȧ is one step further", "（这是 ȧ：还差一步"),
        ("C", "(that is C = (a − y)² itself, not its tangent Ċ", "（这是 C = (a − y)² 本身"),
        (
            "no x",
            "(either x is missing from ż (ż = ẇ + ḃ) or ż from ȧ (ȧ = σ′(z)): here the two give "
            "one number",
            "（要么 ż 里少了 x（ż = ẇ + ḃ），要么 ȧ 里少了 ż（ȧ = σ′(z)）",
        ),
        ("no ż", "(either x is missing from ż", "（要么 ż 里少了 x"),
    ],
    ids=["a_dot", "C", "no x", "no z_dot"],
)
def test_a_tangent_slip_is_named(slip: str, en: str, zh: str) -> None:
    """Each was a bare number at the first point (ẇ = 1, ḃ = 0). There ż = ẇ + ḃ = 1, and
    ȧ with no ż are one number, so both are told, as "either … or"."""
    said = _told("nb07.check_neuron_tangent", _tangent(slip), en, zh)
    assert said["en"].startswith("neuron_tangent(w=0.8, b=-0.3, x=1.5, y=1.0, ẇ=1.0, ḃ=0.0)")


def _newton_step(slip: str) -> Any:
    def newton_step(cost: Any, w: Any) -> Any:
        (h11, h12), (h21, h22) = hessian(cost, argnums=(0, 1))(*w)
        g1, g2 = grad(cost, argnums=(0, 1))(*w)
        sign = 1 if slip == "+h12" else -1
        det = h11 * h22 + (h12 * h21 if slip == "+det" else -h12 * h21)
        return (
            w[0] - (h22 * g1 + sign * h12 * g2) / det,
            w[1] - (h11 * g2 + sign * h21 * g1) / det,
        )

    return newton_step


@pytest.mark.parametrize(
    ("slip", "en", "zh"),
    [
        (
            "+h12",
            "(+h12 and +h21 in H⁻¹: its off-diagonal entries are −h12 and −h21",
            "（H⁻¹ 里写成了 +h12 和 +h21",
        ),
        (
            "+det",
            "(det(H) = h11·h22 − h12·h21, not h11·h22 + h12·h21",
            "（det(H) = h11·h22 − h12·h21，不是 h11·h22 + h12·h21",
        ),
    ],
    ids=["+h12", "+det"],
)
def test_a_cramer_s_rule_sign_slip_is_named(slip: str, en: str, zh: str) -> None:
    c2 = prelude("07_forward_or_reverse")["C2"]
    said = _told("nb07.check_newton_step", _newton_step(slip), en, zh, c2)
    assert said["en"].startswith("newton_step(cost, (0.0, 0.0))[0]"), said


def test_the_jacobian_s_entries_for_the_passes_are_named() -> None:
    """n_in·n_out passes: at (13002, 1) it is n_in, the other size too, and was told "the
    other size" alone; both are told there, each in a sentence of its own (they were one,
    "; or n_in·n_out, the Jacobian's entries, the same number here"), and n_in·n_out alone
    at (3, 5), where it is 15 (was a bare "got 15")."""

    def cheaper_mode(n_in: int, n_out: int) -> tuple[str, int]:
        return ("forward" if n_in <= n_out else "reverse"), n_in * n_out

    said = _told(
        "nb07.check_cheaper_mode",
        cheaper_mode,
        ". Counting the Jacobian's n_in·n_out entries: one reverse pass gives a whole row of "
        "the Jacobian, so reverse mode makes n_out passes)",
        "。若数的是雅可比矩阵的 n_in·n_out 个元素：一遍反向遍历就得到雅可比矩阵的一整行，"
        "所以反向模式需要 n_out 遍）",
    )
    assert said["en"].startswith("cheaper_mode(13002, 1)"), said
    assert "the same number here" not in said["en"], said
    assert "这里两者相同" not in said["zh"], said

    def later(n_in: int, n_out: int) -> tuple[str, int]:
        mode, passes = cheaper_mode(n_in, n_out)
        return mode, passes if min(n_in, n_out) > 1 else min(n_in, n_out)

    said = _told(
        "nb07.check_cheaper_mode",
        later,
        "cheaper_mode(3, 5): forward mode makes 3 passes, got 15 (n_in·n_out, the Jacobian's "
        "entries",
        "得到的是 15（取成了 n_in·n_out，即雅可比矩阵的元素个数",
    )
