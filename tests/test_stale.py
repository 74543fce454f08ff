"""A graph whose leaves were given new numbers after it was computed is refused.

The classic loop that forgets to compute the loss again (``loss.backward(); step();
loss.backward()``) got the old point's gradients without a word: the local derivatives
stored on the nodes belong to the numbers they were computed from. Every expected
gradient below is a closed form evaluated by hand at the point the graph was computed.
"""

from __future__ import annotations

import copy
import math
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import nn
from autograd_mini import (
    StaleGraph,
    Value,
    backward_steps,
    draw_graph,
    gradients,
    jvp,
    no_grad,
    step_player,
    trace,
    vjp,
)


def _loss(w: Value, x: Value) -> Value:
    return (w * x) ** 2  # ∂/∂w = 2·w·x², ∂/∂x = 2·w²·x


PASSES: dict[str, Callable[[Value], Any]] = {
    "backward": lambda root: root.backward(),
    "backward(create_graph=True)": lambda root: root.backward(create_graph=True),
    "gradients": lambda root: gradients(root, list(root.parents[0].parents)),
    "backward_steps": lambda root: list(backward_steps(root)),
    "step_player": lambda root: step_player(root),
}


@pytest.mark.parametrize("name", list(PASSES))
def test_a_pass_over_a_graph_whose_leaf_was_written_is_refused(name: str) -> None:
    w, x = Value(2.0, label="w"), Value(3.0, label="x")
    loss = _loss(w, x)
    loss.backward()
    assert (w.grad, x.grad) == (2 * 2.0 * 3.0**2, 2 * 2.0**2 * 3.0)
    w.data -= 0.01 * w.grad  # a student's own step: w = 2 − 0.36
    who = name.split("(")[0]
    with pytest.raises(StaleGraph, match=rf"^{who}: node 'w' \(leaf\) was given a new") as info:
        PASSES[name](loss)
    assert info.value.node is w
    assert (w.grad, x.grad) == (36.0, 24.0)  # nothing added by the refused pass
    w.zero_grad()
    x.zero_grad()
    again = _loss(w, x)  # computed again: the new point's gradient
    again.backward()
    new = 2.0 - 0.36
    assert w.grad == pytest.approx(2 * new * 3.0**2, rel=1e-15)
    assert x.grad == pytest.approx(2 * new**2 * 3.0, rel=1e-15)


def test_an_optimizer_step_makes_the_old_loss_stale() -> None:
    """fit's loop written out by hand, with the forward pass left out of the loop."""
    model = nn.MLP(2, [3, 1], seed=0)
    opt = nn.SGD(model.parameters(), lr=0.1)
    loss = nn.squared_error([model([1.0, 2.0])], [1.0])
    loss.backward()
    opt.step()
    with pytest.raises(StaleGraph, match=r"^backward: .*a new forward pass"):
        loss.backward()
    opt.zero_grad()
    nn.squared_error([model([1.0, 2.0])], [1.0]).backward()  # computed again: fine
    assert any(p.grad != 0.0 for p in model.parameters())


def test_a_trace_writing_its_parameters_makes_an_older_graph_stale() -> None:
    w = Value(0.5, label="w")
    loss = _loss(w, Value(3.0))
    traced = trace(lambda xs: xs[0] * w, [1.0], params=[w])
    traced.set_param_values(np.array([0.25]))
    with pytest.raises(StaleGraph, match=r"node 'w'"):
        loss.backward()


def test_writes_to_other_leaves_or_before_the_root_are_no_error() -> None:
    """Only a leaf below the root written after it counts: the usual loop (step, then a
    new forward pass) and a write to a Value the graph does not use pass."""
    w, x, other = Value(2.0, label="w"), Value(3.0, label="x"), Value(1.0, label="other")
    w.data = 1.5  # before the root: part of the point it is computed at
    loss = _loss(w, x)
    other.data = 7.0  # after the root, but not below it
    loss.backward()
    assert (w.grad, x.grad) == (2 * 1.5 * 3.0**2, 2 * 1.5**2 * 3.0)  # exact in binary
    leaf = Value(4.0, label="leaf")
    leaf.data = 5.0
    leaf.backward()  # a root that is itself a leaf: its gradient is the seed, nothing stored
    assert leaf.grad == 1.0


def test_a_write_back_to_the_old_number_is_refused_too() -> None:
    """The count of writes cannot tell a number put back from a new one: recompute."""
    w = Value(2.0, label="w")
    loss = _loss(w, Value(3.0))
    w.data = 2.5
    w.data = 2.0
    with pytest.raises(StaleGraph):
        loss.backward()


def test_another_threads_writes_leave_this_threads_graph_alone() -> None:
    """Thread B trains its own model while thread A computes and differentiates: every
    write of B's sends A's passes the long way (a look at A's leaves), never to an error."""
    stop = threading.Event()

    def train_other() -> None:
        ps = [Value(float(k)) for k in range(50)]
        opt = nn.SGD(ps, lr=0.0)
        while not stop.is_set():
            opt.step()

    b = threading.Thread(target=train_other)
    b.start()
    try:
        for k in range(200):
            w, x = Value(1.0 + k / 100), Value(3.0)
            loss = _loss(w, x)
            loss.backward()
            assert w.grad == pytest.approx(2 * (1.0 + k / 100) * 9.0, rel=1e-15)
    finally:
        stop.set()
        b.join()


def test_a_computed_node_has_no_number_of_its_own_to_write() -> None:
    w = Value(2.0, label="w")
    z = w * 3.0
    z.label = "z"
    with pytest.raises(AttributeError, match=r"^node 'z' is computed \(mul of its parents\)"):
        z.data = 1.0
    assert z.data == 6.0
    with pytest.raises(ValueError, match=r"^SGD: params\[1\] is computed \(mul of its parents\)"):
        nn.SGD([w, z], lr=0.1)


def test_a_term_computed_before_the_loop_is_refused_in_the_loop() -> None:
    """An L2 penalty computed once, added to each step's new loss: the new root is newer
    than every write, but the penalty's nodes are not (a reviewer's loop: the gradient
    was off by 0.29 at the second step, 0.69 at the third, without a word)."""
    model = nn.MLP(2, [3, 1], seed=0)
    params = model.parameters()
    opt = nn.SGD(params, lr=0.1)
    penalty = nn.l2_penalty(params, 0.2)  # before the loop
    first = (model([1.0, 2.0]) - 1.0) ** 2 + penalty
    first.backward()  # step 0: every number is the current one
    opt.step()
    second = (model([1.0, 2.0]) - 1.0) ** 2 + penalty
    with pytest.raises(StaleGraph, match=r"a penalty computed before the loop"):
        second.backward()
    opt.zero_grad()
    fresh = (model([1.0, 2.0]) - 1.0) ** 2 + nn.l2_penalty(params, 0.2)
    fresh.backward()  # every term computed again
    for p in params:  # ∂/∂p of 0.1·p² (l2_penalty's λ/2·Σp²) is 0.2·p, beside the error's
        assert p.grad - 0.2 * p.data == pytest.approx(
            gradients((model([1.0, 2.0]) - 1.0) ** 2, [p])[0], rel=1e-12, abs=1e-15
        )


def test_a_pullback_or_a_gradient_graph_kept_past_a_write_is_refused() -> None:
    """vjp's pullback and backward(create_graph=True)'s grad_graph hold the graph of
    the numbers they were made at: used after a write, each gave the old point's
    derivative (4 where 9 was right; 12 added to w.grad)."""
    p = Value(2.0, label="p")
    _, pullback = vjp(lambda x: x * p * p, 1.0)
    p.data = 3.0
    with pytest.raises(StaleGraph, match=r"node 'p'"):
        pullback(1.0)
    w = Value(2.0, label="w")
    (w**3).backward(create_graph=True)
    g = w.grad_graph
    assert g is not None and g.data == 3 * 2.0**2
    w.data = 3.0
    with pytest.raises(StaleGraph, match=r"node 'w'"):
        (g * 1.0).backward()


def test_the_backward_picture_of_a_stale_graph_is_refused() -> None:
    """It drew w's new number beside the gradient of its old one."""
    w = Value(2.0, label="w")
    y = w * w
    w.data = 3.0
    with pytest.raises(StaleGraph, match=r"^draw_graph: node 'w'"):
        draw_graph(y, view="backward")
    # the forward view too: it drew w = 3 into y = 4 and ∂y/∂w = 4 (2·w at w = 2)
    with pytest.raises(StaleGraph, match=r"^draw_graph: node 'w'"):
        draw_graph(y)


def test_numbers_put_back_leave_no_mark_of_a_write() -> None:
    """A refused optimizer step, and a checked trace call that lends the parameters other
    numbers, write the old numbers back: a graph computed before either is still the
    graph of the parameters' numbers (both were refused as stale)."""
    w = Value(1.0, label="w")
    loss = w * w * 1e10
    opt = nn.SGD([w], lr=1e308)
    (w * w * 1e10).backward()
    with pytest.raises(nn.NonFiniteStep):
        opt.step()
    v = Value(2.0, label="v")
    before = v * 3.0
    traced = trace(lambda xs: xs[0] * v, [1.0], params=[v], check=True)
    traced.forward(np.array([[1.0]]), param_values=[5.0])
    assert (w.data, v.data) == (1.0, 2.0)
    loss.backward()
    before.backward()
    assert (w.grad, v.grad) == (2 * 2e10, 3.0)  # 2·w·1e10 twice over (two passes), and 3


def test_a_copied_graph_orders_its_nodes_after_their_parents() -> None:
    """A graph pickled in one process and loaded in another kept the first process's
    creation numbers, larger than the second's: a node built on the copy came before
    it in backward's order, and no gradient reached the copy's leaves."""
    code = (
        "import pickle, sys\n"
        "from autograd_mini import Value\n"
        "w = Value(2.0, label='w')\n"
        "for _ in range(10_000):\n"
        "    w * 1.0\n"  # this process's count runs ahead
        "sys.stdout.buffer.write(pickle.dumps(w * w))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    blob = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, check=True, env=env
    ).stdout
    y = pickle.loads(blob)  # our own bytes, made just above
    z = y * 3.0  # a node of this process, built on the copy
    assert z.seq > y.seq
    z.backward()
    (w,) = set(y.parents)
    assert w.grad == 3.0 * 2 * 2.0  # ∂(3w²)/∂w at w = 2
    y.zero_grad()
    copied = copy.deepcopy(y)
    (copied * 3.0).backward()
    (cw,) = set(copied.parents)
    assert cw is not w and cw.grad == 12.0


def test_a_copy_keeps_the_order_of_its_graph_gradient_graphs_included() -> None:
    """backward(create_graph=True) links a node to its consumer through grad_graph, so
    copying visits some nodes before their parents: copies renumbered in the order
    they were made gave a node a smaller seq than its parent, and the second
    derivative of the copy came out 0.0 (a reviewer's probe)."""
    x = Value(0.5)
    z = x * 2.0
    y = z.tanh()
    y.backward(create_graph=True)
    # ∂/∂x of ∂y/∂z = 1 − tanh²(2x) is −4·tanh(2x)·(1 − tanh²(2x)), by hand
    t = math.tanh(1.0)
    want = -4.0 * t * (1.0 - t * t)
    assert z.grad_graph is not None
    assert gradients(z.grad_graph, [x])[0] == pytest.approx(want, rel=1e-14)
    for copied in (copy.deepcopy(y), pickle.loads(pickle.dumps(y))):  # our own bytes
        zc = copied.parents[0]
        (xc,) = zc.parents
        assert zc.grad_graph is not None
        assert gradients(zc.grad_graph, [xc])[0] == pytest.approx(want, rel=1e-14)


def test_a_copy_keeps_a_subclass_own_state_and_a_leafs_write() -> None:
    class Tagged(Value):
        __slots__ = ("tag",)

        def __init__(self, x: float, tag: str) -> None:
            super().__init__(x)
            self.tag = tag

    assert copy.deepcopy(Tagged(1.0, "hello")).tag == "hello"
    w = Value(2.0, label="w")
    y = w * w
    w.data = 3.0
    with pytest.raises(StaleGraph, match=r"node 'w'"):  # the copy is as stale as y
        copy.deepcopy(y).backward()


def test_a_leaf_made_inside_no_grad_is_stamped_when_written() -> None:
    """A weight initialised inside no_grad is a leaf marked untracked: its writes were
    not stamped, and the loop that forgot to compute the loss again went unnoticed."""
    with no_grad():
        w = Value(1.0, label="w") * 0.5
    w.label = "w"
    loss = _loss(w, Value(3.0))
    loss.backward()
    w.data -= 0.1 * w.grad
    with pytest.raises(StaleGraph, match=r"node 'w'"):
        loss.backward()


def test_forward_mode_over_a_stale_graph_is_refused() -> None:
    """jvp and forward-mode jacobians carry tangents by the stored local derivatives:
    they gave the old point's derivative (4 where 9 was right) while reverse mode
    refused the same function."""
    p = Value(2.0, label="p")
    pre = p * p
    p.data = 3.0
    with pytest.raises(StaleGraph, match=r"^jvp: node 'p'"):
        jvp(lambda x: x * pre, (1.0,), (1.0,))
