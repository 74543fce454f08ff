"""A first-year student's slips that passed, or got only "expected …, got …".

Notebook 05's pass adding into ``.grad`` without zeroing it passed every fresh graph of
the check and was wrong on the notebook's own C after its ``backward()``. The other
answers below, each the student's code with one slip, were told a bare number or the
library's English words; each hint is confirmed (the slip's number at every place the
check looks), and asked of both editions: English in one, Chinese without English in the
other.
"""

from __future__ import annotations

import math
import time
from typing import Any

import editions
import pytest
from exercise_cases import assert_named, check_of, expected_and_got, mistake, passes

from autograd_mini import Value, topological_order


def _in_both(said: dict[str, str]) -> None:
    editions.assert_english(said["en"])
    editions.assert_chinese(said["zh"])


# ---------------------------------------------------------------- notebook 05


def _adding_into_grad(root: Value) -> dict[Value, float]:
    """micrograd's pass, read back into a dictionary: right on a graph whose .grad are 0."""
    root.grad = 1.0
    for node in topological_order(root):
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            parent.grad += local * node.grad
    return {n: n.grad for node in topological_order(root) for n in (node, *node.parents)}


def _zeroing_first(root: Value) -> dict[Value, float]:
    """The same pass, every .grad set to 0 first: right whatever the graph held."""
    order = topological_order(root)
    every = {n for node in order for n in (node, *node.parents)}
    for node in every:
        node.grad = 0.0
    return _adding_into_grad(root)


def _notebooks_c() -> tuple[Value, Value]:
    """Notebook 05's fan-out C (its numbers), and its w1."""
    w1, w2, b, w3, w4 = Value(0.8), Value(-0.6), Value(0.1), Value(1.2), Value(-0.9)
    a = (w1 * 1.5 + w2 * -0.5 + b).sigmoid()
    a1, a2 = (w3 * a - 0.3).sigmoid(), (w4 * a + 0.2).sigmoid()
    return (a1 - 1.0) ** 2 + a2**2, w1


def test_a_pass_adding_into_grad_is_wrong_after_backward_and_told_so() -> None:
    """Passed: the check's graphs were new, their .grad all 0; on the notebook's own C after
    C.backward() it gives ∂C/∂w1 = −0.553 where −0.0691 is due."""
    C, w1 = _notebooks_c()
    C.backward()
    want = w1.grad
    # the oracle by hand: σ'(z) = a(1 − a) down both paths into a, then × x₁ = 1.5
    s = lambda t: 1 / (1 + math.exp(-t))  # noqa: E731
    a = s(0.8 * 1.5 - 0.6 * -0.5 + 0.1)
    a1, a2 = s(1.2 * a - 0.3), s(-0.9 * a + 0.2)
    da = 2 * (a1 - 1) * a1 * (1 - a1) * 1.2 + 2 * a2 * a2 * (1 - a2) * -0.9
    assert math.isclose(want, da * a * (1 - a) * 1.5, rel_tol=1e-12)
    assert not math.isclose(_adding_into_grad(C)[w1], want, rel_tol=1e-3)  # the slip, seen
    said = assert_named(
        "nb05.check_my_backward",
        _adding_into_grad,
        "(my_backward(C) after C.backward()): expected",
        "（先 C.backward() 再 my_backward(C)）：应为",
    )
    _in_both(said)
    assert "adds into node.grad without setting it to 0 first" in said["en"], said
    assert "没有先把它清零" in said["zh"], said
    # was "累加到一个从空开始的自己的字典里", English word order
    assert "或者改为累加到你自己新建的一个空字典里" in said["zh"], said
    for lang in editions.LANGS:
        expected, got = expected_and_got(lang, said[lang])
        # ∂C/∂a′ = 2(a′ − 1), the first node under C's own terms; the pass's is 4 times it
        assert math.isclose(expected, 2 * (a1 - 1), rel_tol=1e-9), said[lang]
        assert math.isclose(got, 4 * expected, rel_tol=1e-9), said[lang]


def test_a_pass_zeroing_grad_first_passes() -> None:
    for lang in editions.LANGS:
        assert passes(lang, "nb05.check_my_backward", _zeroing_first)


def _zeroing_topological_order_only(root: Value) -> dict[Value, float]:
    """The pass zeroing the nodes topological_order lists: inner nodes, not the leaves."""
    order = topological_order(root)
    for node in order:
        node.grad = 0.0
    root.grad = 1.0
    for node in order:
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            parent.grad += local * node.grad
    return {n: n.grad for node in order for n in (node, *node.parents)}


def test_a_pass_zeroing_the_inner_nodes_only_is_told_the_leaves() -> None:
    """Was "expected -0.06913989987, got -0.1382797997 (exactly twice: a factor 2 too many,
    or a ½ missing); on a new graph of the same shape your pass was right, …": a factor
    2 in a pass right on new graphs. Each leaf's gradient is C.backward()'s plus its own."""
    C, w1 = _notebooks_c()
    assert all(node.parents for node in topological_order(C))  # inner nodes only, indeed
    said = assert_named(
        "nb05.check_my_backward",
        _zeroing_topological_order_only,
        "(your pass sets .grad to 0 for the nodes topological_order(C) lists, and that list "
        "holds the inner nodes only, not the leaves",
        "（你的反向传播只把 topological_order(C) 列出的节点的 .grad 设为 0，而这个列表里只有"
        "内部节点，没有叶子节点",
    )
    _in_both(said)
    assert "factor 2" not in said["en"] and "因子 2" not in said["zh"], said
    assert "或者改为累加到你自己新建的一个空字典里" in said["zh"], said
    C.backward()
    for lang in editions.LANGS:
        expected, got = expected_and_got(lang, said[lang])
        assert math.isclose(expected, w1.grad, rel_tol=1e-9), said[lang]  # ∂C/∂w1, first leaf
        assert math.isclose(got, 2 * expected, rel_tol=1e-9), said[lang]


def _own_dict_plus_one_where_grad_is_set(root: Value) -> dict[Value, float]:
    """Right on a new graph; adds 1 wherever .grad holds something: ∂C/∂C = 2 after
    C.backward(), twice the 1 due, from no factor of any formula."""
    grads = {root: 1.0}
    for node in topological_order(root):
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            grads[parent] = grads.get(parent, 0.0) + local * grads[node]
    return {n: g + (1.0 if n.grad else 0.0) for n, g in grads.items()}


def test_a_pass_right_on_new_graphs_is_not_told_a_factor() -> None:
    """Was "expected 1, got 2 (exactly twice: a factor 2 too many, or a ½ missing); on a
    new graph of the same shape your pass was right, …"."""
    said = assert_named(
        "nb05.check_my_backward",
        _own_dict_plus_one_where_grad_is_set,
        "∂C/∂C (my_backward(C) after C.backward()): expected 1, got 2 (on a new graph of the "
        "same shape your pass was right, so its answer depends on what node.grad held",
        "∂C/∂C（先 C.backward() 再 my_backward(C)）：应为 1，实际得到 2（在一张形状相同的"
        "新图上你的结果是对的，所以它取决于运行前 node.grad 里已有的值",
    )
    _in_both(said)
    assert "factor" not in said["en"] and "因子" not in said["zh"], said
    assert said["en"].count("on a new graph") == 1, said
    # was "对它的 C 调用的：是不是读取了或累加到了 node.grad？请从 0 开始，或者用一个自己的字典"
    assert (
        "之后才对它的 C 调用你的函数的：你的函数是不是读取了 node.grad，或者往上面累加了？"
        "请从 0 开始累加，或者改用你自己新建的字典"
    ) in said["zh"], said


# ---------------------------------------------------------------- notebook 02


def _output_da_for_every_layer(ws, bs, x, y, act, act_prime):  # type: ignore[no-untyped-def]
    """The recursion without its last line: ∂C₀/∂a is never carried down a layer."""
    a, z = [x], []
    for w, b in zip(ws, bs, strict=True):
        z.append(w * a[-1] + b)
        a.append(act(z[-1]))
    grads = [0.0] * len(ws)
    dC_da = 2 * (a[-1] - y)
    for layer in reversed(range(len(ws))):
        grads[layer] = a[layer] * act_prime(z[layer]) * dC_da
    return grads


def test_the_outputs_dC_da_for_every_layer_is_named() -> None:
    """Was a bare "∂C₀/∂w^(3): expected -0.01187022511, got -0.06552151714"."""
    said = assert_named(
        "nb02.check_chain_gradients",
        _output_da_for_every_layer,
        "(every layer took the output's ∂C₀/∂a^(L) = 2(a^(L) − y)",
        "（每一层都用了输出层的 ∂C₀/∂a^(L) = 2(a^(L) − y)",
    )
    _in_both(said)
    # was "每一层用传到它的那一个" (the one that reached it): which one, said
    assert "每一层用的是传回到这一层的 ∂C₀/∂a^(l)" in said["zh"], said
    # the slip's number by hand at layer 3: a^(2)·σ′(z^(3))·2(a^(4) − y)
    s = lambda t: 1 / (1 + math.exp(-t))  # noqa: E731
    a = [0.6]
    for w, b in zip([0.9, -1.2, 1.5, 0.8], [0.1, 0.3, -0.4, 0.2], strict=True):
        a.append(s(w * a[-1] + b))
    slip = a[2] * a[3] * (1 - a[3]) * 2 * (a[4] - 1.0)
    for lang in editions.LANGS:
        assert math.isclose(expected_and_got(lang, said[lang])[1], slip, rel_tol=1e-9)


def test_one_layers_number_alone_is_not_named_the_outputs_dC_da() -> None:
    """Right everywhere but layer 3, where it has the slip's number: not the slip."""

    def once(ws, bs, x, y, act, act_prime):  # type: ignore[no-untyped-def]
        right = _output_da_for_every_layer(ws, bs, x, y, act, act_prime)
        grads = list(right)
        grads[:2] = [0.5, 0.5]  # layers 1 and 2 anything else
        return grads

    said = mistake("en", "nb02.check_chain_gradients", once)
    assert "∂C₀/∂w^(3): expected" in said, said
    assert "∂C₀/∂a^(L) = 2(a^(L) − y): ∂C₀/∂a is carried" not in said, said


# ---------------------------------------------------------------- notebook 04


def _value_into_data(params: list[Value], lr: float) -> None:
    for p in params:
        p.data = p - lr * p.grad


def _value_into_grad(params: list[Value], lr: float) -> None:
    for p in params:
        p.grad = p - lr * p.grad


def test_a_value_written_into_data_is_told_in_the_checkers_words() -> None:
    """Was the library's English words alone, quoted in 「…」 in the Chinese edition."""
    said = assert_named(
        "nb04.check_sgd_step",
        _value_into_data,
        "(p.data holds a number, and what was written into it is a Value",
        "（p.data 里放的是一个数，而写进去的却是一个 Value",
    )
    for lang in editions.LANGS:
        assert "p.data -= lr * p.grad" in said[lang], said[lang]
    # was "（p - lr * p.grad 就是：p 本身是 Value）", a sentence without its predicate
    assert "（p - lr * p.grad 就是一个 Value，因为 p 本身是 Value）" in said["zh"], said
    # the hint, after the library's quoted words, has no English (the call's own
    # parameter name, sgd_step(params, 0.3), is the notebook's code)
    editions.assert_chinese(said["zh"].rpartition("」")[2])
    editions.assert_english(said["en"])


def test_a_value_written_into_grad_is_not_told_the_data_hint() -> None:
    """Only the library's refusal of a Value for .data is told so."""
    said = mistake("en", "nb04.check_sgd_step", _value_into_grad)
    assert "p.data holds a number" not in said, said


# ---------------------------------------------------------------- signs: 05 and 07


def _sigma_prime(z: float) -> float:
    s = 1 / (1 + math.exp(-z))
    return s * (1 - s)


def _reverse_neuron_e_h(z: float, ws: list[float], upstream: list[float]) -> float:
    """周志华's e_h = −∂E/∂z where the exercise's ∂C/∂z is due."""
    return -_sigma_prime(z) * sum(w * u for w, u in zip(ws, upstream, strict=True))


def _reverse_neuron_negative_once(z: float, ws: list[float], upstream: list[float]) -> float:
    """Negative at the first z (0.3) only: one number's sign, not a convention."""
    right = -_reverse_neuron_e_h(z, ws, upstream)
    return -right if z > 0 else 2 * right


def _tangent_y_minus_a(w: float, b: float, x: float, y: float, w_dot: float, b_dot: float) -> float:
    s = 1.0 / (1.0 + math.exp(-(w * x + b)))
    return 2 * (y - s) * s * (1.0 - s) * (x * w_dot + b_dot)


def _tangent_negative_once(
    w: float, b: float, x: float, y: float, w_dot: float, b_dot: float
) -> float:
    right = -_tangent_y_minus_a(w, b, x, y, w_dot, b_dot)
    return -right if (w_dot, b_dot) == (1.0, 0.0) else 3 * right


def test_e_h_for_dC_dz_names_the_convention() -> None:
    """Was "opposite sign: check the sign of the formula" alone."""
    said = assert_named(
        "nb05.check_reverse_neuron",
        _reverse_neuron_e_h,
        "(opposite sign at every z checked: −∂C/∂z is Zhou Zhihua's convention",
        "（在检验的每个 z 处符号都相反：−∂C/∂z 是周志华的约定",
    )
    _in_both(said)
    # δ and its formula were two items of a list ("即笔记本 3 的 δ，σ′(z)·…"): one is the other
    assert "即笔记本 3 的 δ = σ′(z)·Σ_j w_j·∂C/∂z_j，不带负号" in said["zh"], said
    z = 0.3  # the slip's number at the first z, by hand (engine's ∂C/∂z is checked above)
    for lang in editions.LANGS:
        expected, got = expected_and_got(lang, said[lang])
        assert got == -expected and expected != 0, said[lang]
        assert math.isclose(got, _reverse_neuron_e_h(z, [1.2, -0.9, 0.4], _upstream(z)))


def _upstream(z0: float) -> list[float]:
    """∂C/∂z_j of the check's three outputs at z0, by hand (targets 1, 0, 1)."""
    a = 1 / (1 + math.exp(-z0))
    out = []
    for j, (w, t) in enumerate(zip([1.2, -0.9, 0.4], (1.0, 0.0, 1.0), strict=True)):
        o = 1 / (1 + math.exp(-(w * a + 0.1 * j)))
        out.append(2 * (o - t) * o * (1 - o))
    return out


def test_y_minus_a_in_the_tangent_names_the_convention() -> None:
    said = assert_named(
        "nb07.check_neuron_tangent",
        _tangent_y_minus_a,
        "(opposite sign at every point checked: 2(y − a) in place of 2(a − y)?",
        "（在检验的每个点上符号都相反：是不是把 2(a − y) 写成了 2(y − a)？",
    )
    _in_both(said)
    # was "y − ŷ 是周志华的梯度项 g_j 里的顺序 …（负号属于梯度下降）"
    assert (
        "y − ŷ 这个顺序来自周志华的梯度项 g_j，而 g_j 是 −∂E/∂z（这个负号来自梯度下降）"
    ) in said["zh"], said


def test_a_sign_wrong_at_one_point_only_is_not_named_a_convention() -> None:
    """The convention is named only where every case checked is the negative."""
    for qualified, answer in (
        ("nb05.check_reverse_neuron", _reverse_neuron_negative_once),
        ("nb07.check_neuron_tangent", _tangent_negative_once),
    ):
        said = mistake("en", qualified, answer)
        assert "opposite sign" in said and "Zhou" not in said, said


@pytest.mark.parametrize(
    ("qualified", "answer", "en", "zh"),
    [
        (
            "nb05.check_reverse_neuron",
            lambda z, ws, upstream: 10**400,
            "∂C/∂z at z = 0.3: expected ",
            "z = 0.3 处的 ∂C/∂z：应为 ",
        ),
        ("nb05.check_my_backward", lambda C: {C: 10**400}, "∂C/∂C: expected 1,", "∂C/∂C：应为 1，"),
    ],
    ids=["reverse_neuron", "my_backward"],
)
def test_a_number_past_a_float_is_told_so_not_stopped_on(
    qualified: str, answer: Any, en: str, zh: str
) -> None:
    """10**400 (an int: float() of it raises OverflowError) stopped both of notebook 05's
    checks with the checker's own "stopped with OverflowError": the opposite-sign probe
    and the slips' comparison took float() of it. It is told as expect_close tells it,
    with its size (oracle: written out)."""
    said = assert_named(qualified, answer, en, zh, "start")
    assert said["en"].endswith(", got ≈ 1.000e+400, past the largest float (1.798e+308)"), said
    assert said["zh"].endswith("，实际得到 ≈ 1.000e+400，超出了浮点数能表示的最大值（1.798e+308）")


def test_a_number_past_a_float_after_an_opposite_sign_confirms_no_convention() -> None:
    """The opposite sign at z = 0.3, then 10**400 at z = −1.7: the sign probe took float()
    of it and stopped the check with the checker's own OverflowError. It confirms
    nothing, and the first point's number is told as it is (oracle: σ′(z)·Σ wⱼ·uⱼ by
    hand)."""

    def reverse_neuron(z: float, ws: list[float], upstream: list[float]) -> Any:
        s = 1 / (1 + math.exp(-z))
        right = s * (1 - s) * sum(w * u for w, u in zip(ws, upstream, strict=True))
        return -right if z == 0.3 else 10**400

    for lang in editions.LANGS:
        said = mistake(lang, "nb05.check_reverse_neuron", reverse_neuron)
        expected, got = expected_and_got(lang, said)
        assert got == -expected != 0, said
        assert "Zhou" not in said and "周志华" not in said, said


# ---------------------------------------------------------------- other bare numbers


def _own_dict_read_from_grad(root: Value) -> dict[Value, float]:
    """A right pass into a dictionary of its own, returned as {n: n.grad}."""
    grads = {root: 1.0}
    for node in topological_order(root):
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            grads[parent] = grads.get(parent, 0.0) + local * grads[node]
    return {n: n.grad for n in grads}


def test_a_dictionary_read_back_from_grad_is_told_so() -> None:
    """Was "∂C/∂C: expected 1, got 0", as if the seed had been forgotten."""
    said = assert_named(
        "nb05.check_my_backward",
        _own_dict_read_from_grad,
        "the dictionary was filled from node.grad, not from the gradients your pass computed",
        "字典是从 node.grad 里取的数，而不是你的反向传播算出的梯度",
    )
    _in_both(said)


def _cost(w1: Any, w2: Any) -> Any:
    return (w1 - 1) ** 2 + (w1 * w2 - 0.5) ** 2 + (w2 + 1) ** 4


def test_a_newton_step_returning_w_is_told_so() -> None:
    """Was "newton_step(cost, (0.0, 0.0))[0]: expected 0.8695652174, got 0"."""
    said = assert_named(
        "nb07.check_newton_step",
        lambda cost, w: w,
        "got 0 (that is w itself, unchanged, at every point checked",
        "实际得到 0（在检验的每个点上得到的都是 w 本身，没有变",
        extra=(_cost,),
    )
    _in_both(said)
    # H = [[2, −1], [−1, 12]] and ∇C = (−2 + 0, 4) at (0, 0): w − H⁻¹∇C by hand
    g1, g2 = -2.0, 4.0
    det = 2 * 12 - 1
    step = (-(12 * g1 + g2) / det, -(g1 + 2 * g2) / det)
    assert f"expected {step[0]:.10g}, got 0 " in said["en"], said["en"]


def test_a_newton_step_returning_w_at_the_first_point_only_is_not_told_so() -> None:
    def first_only(cost: Any, w: tuple[float, float]) -> tuple[float, float]:
        return w if w == (0.0, 0.0) else (9.0, 9.0)

    said = mistake("en", "nb07.check_newton_step", first_only, _cost)
    assert "got 0" in said and "w itself" not in said, said


def test_softplus_as_e_to_the_x_over_s_is_named() -> None:
    said = assert_named(
        "nb06.check_softplus_derivative",
        lambda x, s: math.exp(x) / s,
        "(that is eˣ/s = eˣ/ln(1 + eˣ) at every x",
        "（这正是每个 x 处的 eˣ/s = eˣ/ln(1 + eˣ)",
    )
    _in_both(said)


def _silu_sigma_of_minus_a(a: float, y: float) -> float:
    m = 1 / (1 + math.exp(a))  # σ(−a), the exponent's minus lost
    return m + y * (1 - m)


def test_silu_with_sigma_of_minus_a_is_named() -> None:
    said = assert_named(
        "nb01.check_local_derivative",
        _silu_sigma_of_minus_a,
        "(σ(−a) = 1/(1 + eᵃ) in place of σ(a) = 1/(1 + e^(−a)), at every a checked",
        "（在检验的每个 a 处都用了 σ(−a) = 1/(1 + eᵃ) 而不是 σ(a) = 1/(1 + e^(−a))",
    )
    _in_both(said)
    a = -3.0
    m = 1 / (1 + math.exp(a))
    y = a / (1 + math.exp(-a))
    assert math.isclose(expected_and_got("en", said["en"])[1], m + y * (1 - m), rel_tol=1e-9)


def test_silu_with_sigma_of_minus_a_at_one_point_only_is_not_named() -> None:
    def once(a: float, y: float) -> float:
        s = 1 / (1 + math.exp(-a))
        return _silu_sigma_of_minus_a(a, y) if a == -3.0 else 7.0 * (s + y * (1 - s))

    said = mistake("en", "nb01.check_local_derivative", once)
    assert "σ(−a)" not in said, said


def test_a_negative_zero_is_shown_as_0() -> None:
    """ḃ left out of ż gives −0.0 at the point ẇ = 0: it read "got -0"."""

    def no_b_dot(w: float, b: float, x: float, y: float, w_dot: float, b_dot: float) -> float:
        s = 1.0 / (1.0 + math.exp(-(w * x + b)))
        return 2 * (s - y) * s * (1.0 - s) * (x * w_dot)

    assert math.copysign(1.0, no_b_dot(0.8, -0.3, 1.5, 1.0, 0.0, 1.0)) < 0  # −0.0 indeed
    said = assert_named(
        "nb07.check_neuron_tangent", no_b_dot, "got 0 (ḃ is left out of ż", "实际得到 0（ż 里漏了 ḃ"
    )
    assert "-0 " not in said["en"] and "-0（" not in said["zh"], said


# ---------------------------------------------------------------- the checker's own fault


def _singular_at_0(w1: Any, w2: Any) -> Any:
    """H = [[2, 2], [2, 2]] at (0, 0), by hand: (w1 + w2)² has det H = 4 − 4 = 0 there."""
    return (w1 + w2) ** 2 + (w1 + w2) ** 4


def _pinv_step(cost: Any, w: tuple[float, float]) -> tuple[float, ...]:
    """A step that never divides by det H: the pseudo-inverse."""
    import numpy as np

    from autograd_mini import grad, hessian

    H = np.array(hessian(cost, argnums=(0, 1))(*w), dtype=float)
    g = np.array(grad(cost, argnums=(0, 1))(*w), dtype=float)
    return tuple(np.asarray(w) - np.linalg.pinv(H) @ g)


def test_a_cost_with_a_singular_hessian_is_told_as_the_costs() -> None:
    """The check's own Cramer's rule divided by det H = 0: "stopped with ZeroDivisionError
    (… did a function forget to return …?)", the checker's fault read as the student's."""
    said = assert_named(
        "nb07.check_newton_step",
        _pinv_step,
        "newton_step(cost, (0.0, 0.0)): the cost given has a singular Hessian at w = (0.0, 0.0), "
        "H = [[2, 2], [2, 2]] (det(H) = 0)",
        "newton_step(cost, (0.0, 0.0))：传入的代价函数在 w = (0.0, 0.0) 处的海森矩阵是奇异的，"
        "H = [[2, 2], [2, 2]]（det(H) = 0）",
        where="start",
        extra=(_singular_at_0,),
    )
    _in_both(said)
    assert "ZeroDivisionError" not in said["en"] and "forget" not in said["en"], said


# ---------------------------------------------------------------- inputs written into


def _reverse_neuron_in_place(z: float, ws: list[float], upstream: list[float]) -> float:
    """∂C/∂z right, the products wⱼ·∂C/∂zⱼ kept in ws itself (the caller's list)."""
    for j, u in enumerate(upstream):
        ws[j] *= u
    return _sigma_prime(z) * sum(ws)


def _e_h_in_place(z: float, ws: list[float], upstream: list[float]) -> float:
    """周志华's e_h, computed in place as above."""
    return -_reverse_neuron_in_place(z, ws, upstream)


def test_a_right_reverse_neuron_writing_into_ws_passes() -> None:
    """Passed before the convention's probe, which built every case's graph from one ws
    before the first call and passed the same list to each: the second z was asked with
    the products the first had left in ws ("∂C/∂z at z = -1.7: expected -0.0752274356,
    got 0.001866822725")."""
    for lang in editions.LANGS:
        assert passes(lang, "nb05.check_reverse_neuron", _reverse_neuron_in_place)


def test_e_h_written_into_ws_names_the_convention() -> None:
    """The probe asks every case again: a copy of the inputs each time, so the negative
    is seen at every z."""
    said = assert_named(
        "nb05.check_reverse_neuron",
        _e_h_in_place,
        "(opposite sign at every z checked: −∂C/∂z is Zhou Zhihua's convention",
        "（在检验的每个 z 处符号都相反：−∂C/∂z 是周志华的约定",
    )
    _in_both(said)


# ---------------------------------------------------------------- the cost's own failures


def _log_at_0(w1: Any, w2: Any) -> Any:
    """log(w1) at the first point checked, (0, 0): log of 0."""
    return (w1 - 1) ** 2 + (w2 + 1) ** 2 + w1.log()


def test_a_cost_failing_at_a_point_is_told_as_the_call_s_error() -> None:
    """The singular-Hessian check ran the cost before the student's step, outside call():
    "one Newton step: stopped with DomainError (… did a function forget to return …?)"
    where the step's call told "newton_step(cost, (0.0, 0.0)): raised DomainError"."""
    said = assert_named(
        "nb07.check_newton_step",
        _pinv_step,
        "newton_step(cost, (0.0, 0.0)): raised DomainError: log of 0.0",
        "newton_step(cost, (0.0, 0.0))：",
        where="start",
        extra=(_log_at_0,),
    )
    assert "forget" not in said["en"] and "stopped with" not in said["en"], said
    assert "DomainError" in said["zh"] and "忘了" not in said["zh"], said


def test_a_cost_that_never_returns_is_stopped(short_limit: float) -> None:
    """The singular-Hessian check ran the cost with no time limit: a cost that never
    returns never ended the cell (the step's call had stopped it after the limit). Here
    its first evaluation, the check's own, runs 2 s of CPU, far past the limit, and every
    later one returns at once: stopped, not passed after 2 s."""
    for lang in editions.LANGS:
        with pytest.raises(editions.package(lang).Stopped):
            check_of(lang, "nb07.check_newton_step")(_pinv_step, _slow_once())


def _slow_once() -> Any:
    """A cost whose first evaluation runs 2 s of CPU, each later one at once."""
    runs: list[float] = []

    def slow_once(w1: Any, w2: Any) -> Any:
        if not runs:
            runs.append(time.process_time())
            while time.process_time() - runs[0] < 2.0:
                pass
        return _cost(w1, w2)

    return slow_once
