"""A graph whose leaves were given new numbers after it was computed is refused.

The classic loop that forgets to compute the loss again (``loss.backward(); step();
loss.backward()``) got the old point's gradients without a word: the local derivatives
stored on the nodes belong to the numbers they were computed from. Every expected
gradient below is a closed form evaluated by hand at the point the graph was computed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import nn
from autograd_mini import (
    StaleGraph,
    Value,
    backward_steps,
    gradients,
    step_player,
    trace,
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
