"""Notebooks 04 and 05's checks refuse the library's own work and tell *which* slip was made.

A student review (both editions) found: ``check_my_backward`` took the steps of
``backward_steps`` (taught in §3 of the notebook) for a pass of one's own, and told a
student who had called ``gradients()`` that they had called ``backward()``;
``check_sgd_step`` took ``nn.SGD(params, lr).step()``, its own oracle, for a step written
by hand. The right numbers here are written from closed forms, independently of the
checks, whose oracle is the engine.
"""

from __future__ import annotations

import math
import re
import sys
from collections import deque
from collections.abc import Callable
from pathlib import Path
from types import FrameType, SimpleNamespace
from typing import Any

import editions
import numpy as np
import pytest
from exercise_cases import assert_named, expected_and_got, mistake, passes

import nn
from autograd_mini import (
    Value,
    backward_steps,
    grad,
    gradients,
    hessian,
    jacobian,
    topological_order,
)
from autograd_mini.backward import backward as imported_backward


def _nodes(root: Value) -> list[Value]:
    order = topological_order(root)
    return list(
        {root: None, **{n: None for n in order}, **{p: None for n in order for p in n.parents}}
    )


def _my_backward(root: Value) -> dict[Value, float]:
    grads = {root: 1.0}
    for node in topological_order(root):
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            grads[parent] = grads.get(parent, 0.0) + local * grads[node]
    return grads


def _sgd(params: Any, lr: float) -> None:
    for p in params:
        p.data -= lr * p.grad


# ------------------------------------------------------------- the library's own work


def _by_steps(root: Value) -> dict[Value, float]:
    """§3's replay: every step's parent_grad_after is the engine's sum so far."""
    return {root: 1.0, **{st.parent: st.parent_grad_after for st in backward_steps(root)}}


def _by_value_backward(root: Value) -> dict[Value, float]:
    root.backward()
    return {n: n.grad for n in _nodes(root)}


def _by_imported_backward(root: Value) -> dict[Value, float]:
    imported_backward(root)
    return {n: n.grad for n in _nodes(root)}


def _by_gradients(root: Value) -> dict[Value, float]:
    nodes = _nodes(root)
    return dict(zip(nodes, gradients(root, nodes), strict=True))


@pytest.mark.parametrize(
    ("answer", "called"),
    [
        (_by_steps, "backward_steps()"),
        (_by_value_backward, "backward()"),
        (_by_imported_backward, "backward()"),
        (_by_gradients, "gradients()"),
    ],
    ids=["backward_steps", "C.backward", "imported-backward", "gradients"],
)
def test_the_library_s_own_pass_is_refused_naming_what_was_called(
    answer: Callable[[Value], dict[Value, float]], called: str
) -> None:
    """backward_steps' numbers were taken for the student's own; gradients() was told
    "called backward()", a function the student had not called."""
    assert_named(
        "nb05.check_my_backward",
        answer,
        f"my_backward(C) called {called}: the exercise asks for the pass written by hand",
        f"my_backward(C) 调用了 {called}：这道练习要你亲手写出这一遍反向传播",
        where="start",
    )


def test_the_library_s_optimizer_is_refused_as_an_sgd_step() -> None:
    def by_the_library(params: Any, lr: float) -> None:
        nn.SGD(params, lr=lr).step()

    assert_named(
        "nb04.check_sgd_step",
        by_the_library,
        "sgd_step(params, 0.3) called SGD.step(), the library's optimizer: the exercise "
        "asks for the update written by hand",
        "sgd_step(params, 0.3) 调用了库里现成的优化器 SGD.step()：这道练习要你亲手写出这一步更新",
        where="start",
    )
    for lang in editions.LANGS:
        assert passes(lang, "nb04.check_sgd_step", _sgd)


def test_the_watch_leaves_a_profiler_set_before_it_in_place_and_running() -> None:
    """The checks watch the student's calls with a profile hook in this thread; one the
    notebook had set (%prun) is called on meanwhile, and is in place again after."""
    seen: list[str] = []

    def profiler(frame: FrameType, event: str, arg: Any) -> None:
        if event == "call":
            seen.append(frame.f_code.co_name)

    sys.setprofile(profiler)
    try:
        assert passes("en", "nb05.check_my_backward", _my_backward)
        assert sys.getprofile() is profiler
    finally:
        sys.setprofile(None)
    assert "_my_backward" in seen


# ------------------------------------------------------------- graphs a wrong pass gets wrong


def _breadth_first(root: Value) -> dict[Value, float]:
    """The reviewer's pass: a queue, each node's gradient passed on when it is dequeued."""
    grads, seen, queue = {root: 1.0}, {root}, deque([root])
    while queue:
        node = queue.popleft()
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            grads[parent] = grads.get(parent, 0.0) + local * grads[node]
            if parent not in seen:
                seen.add(parent)
                queue.append(parent)
    return grads


def _distinct_parents(root: Value) -> dict[Value, float]:
    grads = {root: 1.0}
    for node in topological_order(root):
        for parent, local in dict(zip(node.parents, node.local_grads, strict=True)).items():
            grads[parent] = grads.get(parent, 0.0) + local * grads[node]
    return grads


def test_a_breadth_first_pass_is_caught_where_two_paths_differ_in_length() -> None:
    """The fan-out graph's two paths into a have one length: a breadth-first pass, which
    passes h's gradient on before the longer path's part arrives, passed. On
    C = h + tanh(2h), h = tanh(x), at x = 0.7 it gives ∂C/∂x = 1 − t² (t = tanh 0.7), the
    short path's part only; the right one is (1 − t²)(1 + 2(1 − tanh²(2t)))."""
    t = math.tanh(0.7)
    right, short_path_only = (1 - t * t) * (1 + 2 * (1 - math.tanh(2 * t) ** 2)), 1 - t * t
    for lang, start, hint in (
        (
            "en",
            "∂C/∂x in C = h + tanh(u), u = 2h, h = tanh(x): expected",
            "(a node's gradient was passed on before all of it had arrived (a breadth-first "
            "walk): go through topological_order(C), which comes to a node only after every "
            "node that uses it)",
        ),
        (
            "zh",
            "∂C/∂x（C = h + tanh(u)，u = 2h，h = tanh(x)）：应为",
            "（一个节点的梯度还没收齐就往下传了（按广度优先遍历）：按 topological_order(C) "
            "的顺序走，它保证先走完使用某个节点的所有节点，才轮到这个节点）",
        ),
    ):
        said = mistake(lang, "nb05.check_my_backward", _breadth_first)
        assert said.startswith(start) and said.endswith(hint), said
        expected, got = expected_and_got(lang, said)
        assert expected == pytest.approx(right, rel=1e-9)
        assert got == pytest.approx(short_path_only, rel=1e-9)


def test_a_parent_used_twice_counts_twice() -> None:
    """dict(zip(node.parents, node.local_grads)) keeps one of x·x's two edges: 0.7 for
    ∂(x·x)/∂x = 2x = 1.4 at x = 0.7, told "exactly half: a factor 2 is missing"."""
    for lang, start, hint in (
        (
            "en",
            "∂C/∂x in C = x·x: expected 1.4, got 0.7 (x·x lists x twice in node.parents",
            "a dict or a set of the parents keeps one of the two)",
        ),
        (
            "zh",
            "∂C/∂x（C = x·x）：应为 1.4，实际得到 0.7（x·x 的 node.parents 里 x 出现了两次",
            "把父节点放进字典或集合，两份就只剩一份）",
        ),
    ):
        said = mistake(lang, "nb05.check_my_backward", _distinct_parents)
        assert said.startswith(start) and said.endswith(hint), said


# ------------------------------------------------------------- no parameter moved: why


def _zeroed_first(params: Any, lr: float) -> None:
    for p in params:
        p.grad = 0.0
        p.data -= lr * p.grad


def _stepping_the_gradient(params: Any, lr: float) -> None:
    for p in params:
        p.grad -= lr * p.grad


def _rebinding(params: Any, lr: float) -> None:
    for p in params:
        p -= lr * p.grad  # the slip under test: the name p is rebound


def _returning_new_values(params: Any, lr: float) -> list[Value]:
    return [Value(p.data - lr * p.grad) for p in params]


def _returning_new_numbers(params: Any, lr: float) -> list[float]:
    return [p.data - lr * p.grad for p in params]  # the slip under test: nothing rebound


def _returning_0d_arrays(params: Any, lr: float) -> list[Any]:
    # the new numbers as numpy's 0-d arrays, read as numbers as every check reads them
    return [np.array(p.data - lr * p.grad) for p in params]


def _returning_uphill_numbers(params: Any, lr: float) -> list[float]:
    return [p.data + lr * p.grad for p in params]


def _returning_the_parameters(params: Any, lr: float) -> Any:
    for p in params:
        p -= lr * p.grad  # the name p is rebound, and params comes back as it was
    return params


def _returning_a_generator(params: Any, lr: float) -> Any:
    return (p.data - lr * p.grad for p in params)  # never run: nothing moves


@pytest.mark.parametrize(
    ("wrong", "en", "zh"),
    [
        (
            _zeroed_first,
            "no parameter changed, and every p.grad is now 0: the gradient was set to 0 "
            "before the step read it",
            "没有一个参数改变，而每个 p.grad 现在都是 0：梯度在这一步读取它之前就被清零了",
        ),
        (
            _stepping_the_gradient,
            "no parameter changed, but p.grad did: the step moved the gradient, not the parameter",
            "没有一个参数改变，p.grad 却变了：这一步移动的是梯度而不是参数",
        ),
        (
            _rebinding,
            "no parameter changed: the step must change each p.data in place (p.data -= lr "
            "* p.grad); `p -= …` only gives the name p a new Value",
            "没有一个参数改变：这一步要原地修改每个 p.data（p.data -= lr * p.grad）；"
            "`p -= …` 只是让名字 p 指向一个新的 Value",
        ),
        (
            _returning_new_values,
            "(p.data -= lr * p.grad); it returned a list of 17 new Values instead: they are "
            "not the model's parameters, the Values in params are",
            "；它返回的是由 17 个新 Value 组成的列表：它们不是模型里的参数",
        ),
        (
            _returning_new_numbers,
            "(p.data -= lr * p.grad); it returned a list of 17 new numbers (the right ones) "
            "instead, and nothing reads what the step returns: the model's parameters are the "
            "Values in params, so write each new number into its p.data",
            "；它返回的是由 17 个新数值组成的列表（数值是对的），而没有谁会读这一步的返回值："
            "模型的参数是传进来的那些 Value，要把每个新数值写进对应的 p.data",
        ),
        (
            _returning_0d_arrays,
            "(p.data -= lr * p.grad); it returned a list of 17 new numbers (the right ones) "
            "instead, and nothing reads what the step returns",
            "；它返回的是由 17 个新数值组成的列表（数值是对的），而没有谁会读这一步的返回值",
        ),
        (
            _returning_uphill_numbers,
            "(p.data -= lr * p.grad); it returned a list of 17 new numbers instead",
            "；它返回的是由 17 个新数值组成的列表，而没有谁会读",
        ),
        (
            _returning_the_parameters,
            "(p.data -= lr * p.grad); `p -= …` only gives the name p a new Value",
            "（p.data -= lr * p.grad）；`p -= …` 只是让名字 p 指向一个新的 Value",
        ),
        (
            _returning_a_generator,
            "(p.data -= lr * p.grad); it returned <generator object",
            "（p.data -= lr * p.grad）；它返回的是 生成器 "
            "_returning_a_generator.<locals>.<genexpr>，而没有谁会读",
        ),
    ],
    ids=[
        "zeroed-first",
        "grad-stepped",
        "rebinding",
        "returned-values",
        "returned-numbers",
        "returned-0d-arrays",
        "returned-wrong-numbers",
        "returned-params",
        "returned-generator",
    ],
)
def test_no_parameter_moved_is_told_by_what_changed(
    wrong: Callable[..., Any], en: str, zh: str
) -> None:
    """Zeroing p.grad before using it, or stepping p.grad instead of p.data, was told
    "`p -= …` only gives the name p a new Value": a slip the student had not made; and so
    was returning the new numbers, [p.data - lr * p.grad for p in params], with "the list
    it returned is not the model's parameters" after it. Now what the step returned is
    told for what it is: new numbers (said to be the right ones when they are p.data −
    lr·p.grad), new Values, or nothing (a name rebound). Oracle: the network's 17
    parameters by hand, 2·4 + 4 weights and biases into the hidden layer, 4 + 1 out."""
    rebound = (_rebinding, _returning_the_parameters)
    for said in assert_named("nb04.check_sgd_step", wrong, en, zh).values():
        if wrong not in rebound:
            assert "p -= …" not in said, said
        else:  # params given back as they came are the model's parameters
            assert said.endswith(("a new Value", "指向一个新的 Value")), said
        if wrong is _returning_a_generator and "生成器" in said:  # Python's English was there
            editions.assert_chinese(said)
        elif wrong is _returning_a_generator:  # its repr whole (cut mid-address, then mid-name)
            assert re.search(r"at 0x[0-9a-f]+> ", said), said
            assert "<generator object _returning_a_generator.<locals>.<genexpr> at 0x" in said
        if wrong is _returning_uphill_numbers:
            assert "right ones" not in said and "数值是对的" not in said, said


# ------------------------------------------------------------- slips told by name


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def _sigmoid_prime(z: float) -> float:
    return _sigmoid(z) * (1 - _sigmoid(z))


def _sgd_with(update: Callable[[float, float, float], float]) -> Callable[..., None]:
    def step(params: Any, lr: float) -> None:
        for p in params:
            p.data = update(p.data, p.grad, lr)

    return step


def _pass_with(term: Callable[[Value, Value, float, dict[Value, float]], float]) -> Any:
    """A hand pass in topological order whose term for the edge node → parent is ``term``."""

    def my_backward(root: Value) -> dict[Value, float]:
        grads = {root: 1.0}
        for node in topological_order(root):
            for parent, local in zip(node.parents, node.local_grads, strict=True):
                grads[parent] = grads.get(parent, 0.0) + term(node, parent, local, grads)
        return grads

    return my_backward


def _overwriting(root: Value) -> dict[Value, float]:
    grads = {root: 1.0}
    for node in topological_order(root):
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            grads[parent] = local * grads[node]
    return grads


def _no_seed(root: Value) -> dict[Value, float]:
    grads: dict[Value, float] = {}
    for node in topological_order(root):
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            grads[parent] = grads.get(parent, 0.0) + local * grads[node]
    return grads


def _reverse(factor: Callable[[float], float], *, only: int | None = None) -> Any:
    def reverse_neuron(z: float, ws: Any, upstream: Any) -> float:
        pairs = list(zip(ws, upstream, strict=True))
        if only is not None:
            pairs = pairs[only : only + 1]
        return factor(z) * sum(w * u for w, u in pairs)

    return reverse_neuron


def _only_weights(params: Any, lr: float) -> None:
    for p in params[:-1]:  # the output neuron's bias is left out
        p.data -= lr * p.grad


def _largest_path(zero: bool) -> Any:
    """A hand pass that keeps the largest of the terms reaching a node (max where the sum is
    due), starting from 0 (``zero``) or from the first term."""

    def my_backward(root: Value) -> dict[Value, float]:
        grads = {root: 1.0}
        for node in topological_order(root):
            for parent, local in zip(node.parents, node.local_grads, strict=True):
                term = local * grads[node]
                if zero or parent in grads:
                    term = max(grads.get(parent, 0.0), term)
                grads[parent] = term
        return grads

    return my_backward


def _largest_neuron(z: float, ws: Any, upstream: Any) -> float:
    return _sigmoid_prime(z) * max(w * u for w, u in zip(ws, upstream, strict=True))


# (check, wrong answer, English hint, Chinese hint): each message ends with the hint
NAMED: list[tuple[str, Callable[..., Any], str, str]] = [
    (
        "nb04.check_sgd_step",
        _sgd_with(lambda d, g, lr: d + lr * g),
        "(uphill: the step went along the gradient; it goes against it, p.data -= lr * p.grad)",
        "（方向反了：这一步顺着梯度走，是上坡；应逆着梯度走，p.data -= lr * p.grad）",
    ),
    (
        "nb04.check_sgd_step",
        _sgd_with(lambda d, g, lr: d - g),
        "(the learning rate is missing: the step is lr times the gradient, p.data -= lr * p.grad)",
        "（少了学习率：这一步是学习率乘以梯度，p.data -= lr * p.grad）",
    ),
    (
        "nb04.check_sgd_step",
        _sgd_with(lambda d, g, lr: d - lr**2 * g),
        "(the learning rate is squared: the step is lr times the gradient, once, "
        "p.data -= lr * p.grad)",
        "（学习率被平方了：这一步是学习率乘以梯度，只乘一次，p.data -= lr * p.grad）",
    ),
    (
        "nb04.check_sgd_step",
        _sgd_with(lambda d, g, lr: d - lr / 2 * g),
        "(half a step: the step is lr times the gradient, not lr/2 times it, "
        "p.data -= lr * p.grad)",
        "（只走了半步：这一步是学习率乘以梯度，不是 lr/2 乘以梯度，p.data -= lr * p.grad）",
    ),
    (
        "nb04.check_sgd_step",
        _only_weights,
        "(parameter 16 (layers.1.neurons.0.b, a bias) did not move: every parameter in "
        "params takes the step, biases included)",
        "（参数 16（layers.1.neurons.0.b，是一个偏置）没有移动：传进来的每个参数都要走这一步，"
        "偏置也不例外）",
    ),
    (
        "nb04.check_sgd_step",
        _sgd_with(lambda d, g, lr: -lr * g),
        "(p.data was replaced by −lr · p.grad: the step subtracts from it, "
        "p.data -= lr * p.grad (-=, not =))",
        "（p.data 被换成了 −lr · p.grad：这一步是从它里面减去，"
        "p.data -= lr * p.grad（是 -=，不是 =））",
    ),
    (
        "nb05.check_my_backward",
        _overwriting,
        "(one path's term only: a node used by several nodes collects a term from each use; "
        "add them (grads[p] = grads.get(p, 0.0) + …), never overwrite)",
        "（只有一条路径的贡献：一个节点被几个节点使用时，每次使用都送来一份贡献；"
        "要把它们加起来（grads[p] = grads.get(p, 0.0) + …），不要覆盖）",
    ),
    (  # local × node.data gave exactly half of ∂C/∂a′ and was told "a factor 2 is missing"
        "nb05.check_my_backward",
        _pass_with(lambda node, parent, local, grads: local * node.data),
        "(node.data in place of ∂C/∂node: each term is the local derivative times the "
        "gradient that reached the node, not its value)",
        "（把 node.data 当成了 ∂C/∂节点：每一份贡献是局部导数乘以传到这个节点的梯度，"
        "而不是乘以它的值）",
    ),
    (
        "nb05.check_my_backward",
        _pass_with(lambda node, parent, local, grads: grads[node]),
        "(the local derivative is missing: each term is local × ∂C/∂node, with local from "
        "node.local_grads)",
        "（少了局部导数：每一份贡献都是 局部导数 × ∂C/∂节点，局部导数取自 node.local_grads）",
    ),
    (
        "nb05.check_my_backward",
        _largest_path(zero=False),
        "(the largest path's term only (max where a sum is due): a node used by several nodes "
        "collects a term from each use, and its gradient is their sum, "
        "grads[p] = grads.get(p, 0.0) + …)",
        "（只取了最大的那条路径的贡献（该求和的地方用了 max()）：一个节点被几个节点使用时，"
        "每次使用都送来一份贡献，它的梯度是这些贡献之和，grads[p] = grads.get(p, 0.0) + …）",
    ),
    (
        "nb05.check_my_backward",
        _largest_path(zero=True),
        "(the largest path's term only (max where a sum is due): a node used by several nodes "
        "collects a term from each use, and its gradient is their sum, "
        "grads[p] = grads.get(p, 0.0) + …)",
        "（只取了最大的那条路径的贡献（该求和的地方用了 max()）：一个节点被几个节点使用时，"
        "每次使用都送来一份贡献，它的梯度是这些贡献之和，grads[p] = grads.get(p, 0.0) + …）",
    ),
    (
        "nb05.check_reverse_neuron",
        _largest_neuron,
        "(the largest term only (max over j, or one neuron j only): a feeds every neuron of "
        "the next layer, and ∂C/∂z sums w_j·∂C/∂z_j over every j)",
        "（只取了最大的一项（对 j 取了 max()，或者只算了一个神经元 j）：a 送往下一层的"
        "每一个神经元，∂C/∂z 要对每个 j 把 w_j·∂C/∂z_j 加起来）",
    ),
    (
        "nb05.check_my_backward",
        _no_seed,
        "my_backward(C) raised KeyError on C itself: ∂C/∂C = 1 is missing, the seed the pass "
        "starts from; start the dictionary with {root: 1.0}",
        "my_backward(C) 在 C 本身上抛出了 KeyError：少了 ∂C/∂C = 1，反向传播要从这个起点出发；"
        "字典一开始就要有 C 自己这一项，值为 1.0",
    ),
    (
        "nb05.check_reverse_neuron",
        _reverse(lambda z: 1.0),
        "(the factor σ′(z) is missing: the error goes back through a = σ(z), "
        "∂C/∂z = σ′(z)·Σ_j w_j·∂C/∂z_j)",
        "（少了因子 σ′(z)：误差要穿过 a = σ(z) 传回来，∂C/∂z = σ′(z)·Σ_j w_j·∂C/∂z_j）",
    ),
    (
        "nb05.check_reverse_neuron",
        _reverse(_sigmoid),
        "(σ(z) in place of σ′(z) = σ(z)(1 − σ(z)))",
        "（把 σ(z) 当成了 σ′(z) = σ(z)(1 − σ(z))）",
    ),
    (
        "nb05.check_reverse_neuron",
        _reverse(lambda z: _sigmoid_prime(_sigmoid(z))),
        "(σ′ was taken at a = σ(z); it is σ′(z), at z)",
        "（σ′ 是在 a = σ(z) 处求的；应在 z 处求 σ′(z)）",
    ),
    (
        "nb05.check_reverse_neuron",
        _reverse(_sigmoid_prime, only=0),
        "(one of the next layer's neurons only: a feeds them all, and ∂C/∂z sums "
        "w_j·∂C/∂z_j over every j)",
        "（只算了下一层的一个神经元：a 送往它们每一个，∂C/∂z 要对每个 j 把 w_j·∂C/∂z_j 加起来）",
    ),
]


@pytest.mark.parametrize(
    ("qualified", "wrong", "en", "zh"),
    NAMED,
    ids=[f"{case[0]}-{k}" for k, case in enumerate(NAMED)],
)
def test_a_known_slip_is_told_by_name_in_both_editions(
    qualified: str, wrong: Callable[..., Any], en: str, zh: str
) -> None:
    assert_named(qualified, wrong, en, zh, where="end")


def test_reverse_neuron_s_numbers_are_the_closed_form_s() -> None:
    """Without σ′(z) the answer is Σ_j w_j·u_j, σ′(z) = σ(z)(1 − σ(z)) times too large:
    the message's two numbers are in that ratio at z = 0.3."""
    for lang in editions.LANGS:
        said = mistake(lang, "nb05.check_reverse_neuron", _reverse(lambda z: 1.0))
        expected, got = expected_and_got(lang, said)
        assert expected == pytest.approx(_sigmoid_prime(0.3) * got, rel=1e-9)


def _dividing_by_the_parents(root: Value) -> dict[Value, float]:
    """Each term divided by how many parents the node has: C = (a′ − 1)² + (a″ − 0)² gives
    each square half of ∂C/∂C, so a′ gets half of ∂C/∂a′."""
    grads = {root: 1.0}
    for node in topological_order(root):
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            grads[parent] = grads.get(parent, 0.0) + local * grads[node] / len(node.parents)
    return grads


def test_a_halving_pass_is_not_named_node_data_for_gradient() -> None:
    """On the fan-out graph node.data of a′ − 1 is a′ − 1, exactly half of ∂C/∂a′ =
    2(a′ − 1): any pass that halves ∂C/∂a′ was told "node.data in place of ∂C/∂node", a
    slip the student had not made. Now a slip is named only if the answer is that slip
    at every node; this one is told "exactly half". Oracle: a′ by hand, z = 0.8·1.5 +
    (−0.6)(−0.5) + 0.1 = 1.6, z′ = 1.2·σ(1.6) − 0.3, a′ = σ(z′); ∂C/∂a′ = 2(a′ − 1), and
    the answer's a′ − 1."""
    a1 = _sigmoid(1.2 * _sigmoid(1.6) - 0.3)
    words = {
        "en": ("∂C/∂a': expected", "(exactly half: a factor 2 is missing, or a ½ too many)"),
        "zh": ("∂C/∂a'：应为", "（正好是一半：少了因子 2，或者多了 ½）"),
    }
    for lang in editions.LANGS:
        said = mistake(lang, "nb05.check_my_backward", _dividing_by_the_parents)
        assert said.startswith(words[lang][0]) and said.endswith(words[lang][1]), said
        expected, got = expected_and_got(lang, said)
        assert expected == pytest.approx(2 * (a1 - 1), rel=1e-9)
        assert got == pytest.approx(a1 - 1, rel=1e-9)


# ------------------------------------------------------------- names on Python 3.10


def _square(v: Any) -> Any:
    return v * v


@pytest.mark.parametrize(
    ("made", "called"),
    [
        (lambda: grad(_square), "grad()"),
        (lambda: hessian(_square), "hessian()"),
        (lambda: jacobian(lambda v: [_square(v)], mode="forward"), "jacobian()"),
        (lambda: gradients, "gradients()"),
        (lambda: imported_backward, "backward()"),
    ],
    ids=["grad", "hessian", "jacobian", "gradients", "backward"],
)
def test_the_watch_names_a_library_closure_without_co_qualname(
    made: Callable[[], Callable[..., Any]], called: str
) -> None:
    """Python 3.10's code objects have no co_qualname: the closure grad(f) returns was
    named by its own name, "called gradient_of_f()", where 3.11 says "called grad()".
    Given a code object without it (as 3.10's), the watch reads the qualified name off the
    library's functions and says the same as 3.11."""
    import autograd_mini

    watch = editions.module("en", "watch")
    home = Path(autograd_mini.__file__).resolve().parent
    code = made().__code__
    as_on_310 = SimpleNamespace(
        co_name=code.co_name, co_filename=code.co_filename, co_firstlineno=code.co_firstlineno
    )
    assert not hasattr(as_on_310, "co_qualname")
    assert watch.function_name(code, home) == called
    assert watch.function_name(as_on_310, home) == called
