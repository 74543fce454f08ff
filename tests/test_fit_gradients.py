"""What fit leaves in each parameter's grad: the gradient of the last step it took.

Eager training leaves it by construction (zero_grad, backward, step, batch after
batch); compiled training computes the gradient on arrays, in the replay's order, and
must put it back into the Values as it puts back the weights. A fit that stops early —
a refused step, Ctrl-C — leaves the gradient of its last step taken, as it leaves that
step's weights (before any step: what the gradients were before the call).

Oracles: a training loop written here on the engine alone (forward, backward,
p.data -= η·p.grad by hand), the gradient of one batch worked out the same way, and
eager training from the same start.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from interrupts import interrupted
from one_neuron import OneNeuron

import nn
from autograd_mini import vsum
from nn.data import moons

_rng = np.random.default_rng(0)
X23 = _rng.normal(size=(23, 2))
Y23 = (X23[:, 0] > 0).astype(float)
STALE = 123.0  # written into every grad by hand before fit: it must not survive


def _grads(model: nn.Module) -> list[float]:
    return [p.grad for p in model.parameters()]


def _stale(model: nn.Module) -> nn.Module:
    for p in model.parameters():
        p.grad = STALE
    return model


def _by_hand(
    model: nn.MLP, X: np.ndarray, y: np.ndarray, lr: float, epochs: int, size: int
) -> None:
    """Mini-batch gradient descent in order on the engine alone, mean squared error:
    the grads it leaves are those of its last batch, at the weights before its step."""
    for _ in range(epochs):
        for start in range(0, len(X), size):
            Xb, yb = X[start : start + size], y[start : start + size]
            model.zero_grad()
            cost = nn.squared_error([model(x) for x in Xb.tolist()], yb.tolist())
            cost.backward()
            for p in model.parameters():
                p.data -= lr * p.grad


@pytest.mark.parametrize("compiled", [False, True])
def test_fit_leaves_the_gradient_of_its_last_batch(compiled: bool) -> None:
    """23 rows in batches of 8 (the last one of 7), two epochs, no shuffling: each
    parameter's grad after fit is the gradient of the last batch's cost at the weights
    before its step — compiled training left the 123.0 written there before the call."""
    oracle = nn.MLP(2, [3, 1], seed=0)
    _by_hand(oracle, X23, Y23, lr=0.1, epochs=2, size=8)
    model = _stale(nn.MLP(2, [3, 1], seed=0))
    nn.fit(model, X23, Y23, optimizer=nn.SGD(model.parameters(), lr=0.1), epochs=2,
           batch_size=8, shuffle=False, progress=False, compiled=compiled)  # fmt: skip
    np.testing.assert_allclose([p.data for p in model.parameters()],
                               [p.data for p in oracle.parameters()], rtol=1e-12)  # fmt: skip
    np.testing.assert_allclose(_grads(model), _grads(oracle), rtol=1e-9, atol=1e-12)
    assert STALE not in _grads(model) and any(_grads(model))
    assert all(type(g) is float for g in _grads(model))
    assert all(p.grad_graph is None for p in model.parameters())


class _ClipInPlace(nn.Optimizer):
    """SGD on gradients clipped to ±c in place: the rule writes into the grad array it
    is given, which eager training lets it do (step() reads the Values into an array of
    its own). The gradient fit leaves is the unclipped one all the same."""

    def __init__(self, params: Any, lr: float, clip: float) -> None:
        super().__init__(params, lr)
        self.clip = clip

    def update(self, data: np.ndarray, grad: np.ndarray, lr: float) -> None:
        np.clip(grad, -self.clip, self.clip, out=grad)
        data -= lr * grad


def _config(name: str) -> tuple[nn.MLP, Any, Callable[[nn.MLP], nn.Optimizer], float, np.ndarray]:
    """(model, loss, optimizer factory, l2, targets) of one training set-up."""
    if name == "cross-entropy, 3 classes":
        model = nn.MLP(2, [4, 3], activation="tanh", output_activation="linear", seed=2)
        labels = (X23[:, 0] > 0).astype(int) + (X23[:, 1] > 0.5).astype(int)
        return model, "cross_entropy", lambda m: nn.SGD(m.parameters(), lr=0.3), 0.0, labels
    model = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=2)
    make: Callable[[nn.MLP], nn.Optimizer] = {
        "momentum and l2": lambda m: nn.SGD(m.parameters(), lr=0.5, momentum=0.9),
        # over the weights only: compiled training steps a copy of their columns
        "Adam on the weights": lambda m: nn.Adam(m.weights(), lr=0.05),
        "a rule that clips in place": lambda m: _ClipInPlace(m.parameters(), lr=0.5, clip=0.01),
    }[name]
    return model, "squared_error", make, 1e-2 if name == "momentum and l2" else 0.0, Y23


@pytest.mark.parametrize(
    "name",
    ["momentum and l2", "Adam on the weights", "a rule that clips in place",
     "cross-entropy, 3 classes"],
)  # fmt: skip
def test_compiled_fit_leaves_the_gradients_eager_fit_leaves(name: str) -> None:
    """Eager training is the oracle: from the same start with the same batches, each
    parameter's grad after compiled training is the eager one, to rounding — with an
    L2 term (its λ·W is part of the gradient), an optimizer over some parameters only
    (the others' grads too: backward gives every parameter one), a rule that clips the
    gradient it is given in place (the grad left is the gradient, not the clipped
    copy), several outputs."""
    grads = []
    for compiled in (False, True):
        model, loss, make, l2, y = _config(name)
        _stale(model)
        nn.fit(model, X23, y, loss, make(model), epochs=3, batch_size=8, shuffle=False,
               progress=False, compiled=compiled, l2=l2)  # fmt: skip
        grads.append(_grads(model))
    eager, fast = grads
    np.testing.assert_allclose(fast, eager, rtol=1e-9, atol=1e-12)
    assert STALE not in eager and any(eager)
    if name == "a rule that clips in place":  # the clip did act on the gradients
        assert max(map(abs, eager)) > 0.01


def test_a_float32_replay_leaves_float_gradients_close_to_eager_ones() -> None:
    """dtype='float32' computes the gradient in single precision: grad holds it as the
    Python float it equals (a numpy float32 there would make later arithmetic float32)."""
    grads = []
    for compiled, dtype in ((False, "float64"), (True, "float32")):
        model = _stale(nn.MLP(2, [4, 1], activation="tanh", seed=3))
        nn.fit(model, X23, Y23, epochs=2, batch_size=8, shuffle=False, progress=False,
               compiled=compiled, dtype=dtype)  # fmt: skip
        grads.append(_grads(model))
    assert all(type(g) is float for g in grads[1])
    np.testing.assert_allclose(grads[1], grads[0], rtol=1e-4, atol=1e-6)
    assert STALE not in grads[1]


# ------------------------------------------------------------------ a fit that stops early

X20, Y20 = moons(20, noise=0.1, seed=0)


def _linear() -> nn.MLP:  # no squashing: every gradient grows with the inputs
    return nn.MLP(2, [3, 1], activation="linear", seed=7)


@pytest.mark.parametrize("compiled", [False, True])
def test_a_refused_step_leaves_the_gradient_of_the_step_before(compiled: bool) -> None:
    """lr(0) = 0.1, then 1e308: batch 1 trains, batch 2's step is refused. The model
    keeps batch 1's weights, and batch 1's gradient at the start, worked out here on the
    engine (eager training left batch 2's, which no step used; compiled, the 123.0)."""
    X = X20 * 1000.0
    oracle = _linear()
    nn.squared_error([oracle(x) for x in X[:10].tolist()], Y20[:10].tolist()).backward()
    model = _stale(_linear())
    opt = nn.SGD(model.parameters(), lr=lambda k: 0.1 if k == 0 else 1e308)
    with pytest.raises(nn.TrainingDiverged, match=r"epoch 1 of 2, batch 2 of 2: the step"):
        nn.fit(model, X, Y20, optimizer=opt, epochs=2, batch_size=10, shuffle=False,
               progress=False, compiled=compiled)  # fmt: skip
    assert opt.steps == 1
    np.testing.assert_allclose(_grads(model), _grads(oracle), rtol=1e-12)


STOPS = ["refused step", "infinite loss", "gradient overflow"]


def _stopping(stop: str) -> tuple[nn.Module, np.ndarray, np.ndarray, dict[str, Any], str]:
    """A model, data and fit's arguments whose first step stops as ``stop`` says, and
    the words of fit's error for it."""
    model: nn.Module
    if stop == "gradient overflow":
        model = OneNeuron()  # backward stops partway: λ·w overflows after other paths added
        return model, np.ones((4, 1)), np.full(4, 2.0), {"l2": 1.5e308}, "the gradient"
    model = _linear()
    if stop == "refused step":
        args: dict[str, Any] = {"optimizer": nn.SGD(model.parameters(), lr=1e308)}
        return model, X20 * 1000.0, Y20, args, "the step"
    return model, X20 * 1000.0, Y20, {"l2": 1e308}, "the loss"


@pytest.mark.parametrize("compiled", [False, True])
@pytest.mark.parametrize("stop", STOPS)
def test_a_fit_stopped_before_any_step_leaves_the_gradients_it_found(
    stop: str, compiled: bool
) -> None:
    """No step taken, nothing changed: the weights and the grads are those of before
    the call. Eager training had set the grads to 0 for the step (and a backward that
    stopped partway left the sum of some paths only)."""
    model, X, y, args, says = _stopping(stop)
    _stale(model)
    before = [p.data for p in model.parameters()]
    with pytest.raises(nn.TrainingDiverged, match=rf"epoch 1 of 1, batch 1 of 1: {says}"):
        nn.fit(model, X, y, epochs=1, batch_size=None, progress=False, compiled=compiled,
               **args)  # fmt: skip
    assert [p.data for p in model.parameters()] == before
    assert _grads(model) == [STALE] * len(before)


@pytest.mark.parametrize("compiled", [False, True])
@pytest.mark.parametrize("stop", STOPS)
def test_a_fit_stopped_before_any_step_keeps_the_gradient_graphs_it_found(
    stop: str, compiled: bool
) -> None:
    """A backward(create_graph=True) before fit gives each parameter a grad_graph (the
    gradient as a graph, for a second derivative). A fit that takes no step leaves it, as
    it leaves grad: eager training's zero_grad had dropped it for good."""
    model, X, y, args, says = _stopping(stop)
    params = model.parameters()
    cost = vsum([p * p * p for p in params])  # ∂/∂p = 3p², as a graph
    cost.backward(create_graph=True)
    graphs = [p.grad_graph for p in params]
    assert all(g is not None for g in graphs)
    grads = [3 * p.data**2 for p in params]  # by hand
    with pytest.raises(nn.TrainingDiverged, match=rf"epoch 1 of 1, batch 1 of 1: {says}"):
        nn.fit(model, X, y, epochs=1, batch_size=None, progress=False, compiled=compiled,
               **args)  # fmt: skip
    assert all(p.grad_graph is g for p, g in zip(params, graphs, strict=True))
    np.testing.assert_allclose(_grads(model), grads, rtol=1e-15)


@pytest.mark.parametrize("compiled", [False, True])
def test_an_epoch_that_fails_at_once_leaves_the_last_epochs_gradient(compiled: bool) -> None:
    """Epoch 1 (two batches) trains; epoch 2's first step is refused: the grads are
    those of epoch 1's last batch, as an eager fit of one epoch leaves them."""
    X = X20 * 1000.0
    oracle = _linear()
    nn.fit(oracle, X, Y20, optimizer=nn.SGD(oracle.parameters(), lr=1e-9), epochs=1,
           batch_size=10, shuffle=False, progress=False)  # fmt: skip
    model = _stale(_linear())
    opt = nn.SGD(model.parameters(), lr=lambda k: 1e-9 if k < 2 else 1e308)
    with pytest.raises(nn.TrainingDiverged, match=r"epoch 2 of 2, batch 1 of 2"):
        nn.fit(model, X, Y20, optimizer=opt, epochs=2, batch_size=10, shuffle=False,
               progress=False, compiled=compiled)  # fmt: skip
    np.testing.assert_allclose(_grads(model), _grads(oracle), rtol=1e-9)


@pytest.mark.parametrize("compiled", [False, True])
def test_an_interrupt_anywhere_leaves_the_gradient_of_the_last_step_taken(
    compiled: bool,
) -> None:
    """Ctrl-C at the 1st, 2nd, 3rd … point of training where CPython checks for
    signals (see tests/interrupts.py): in fit's loop, in the optimizer and — eager
    training — inside backward, whose grads hold a partial sum until it ends. After
    every interrupt, for the optimizer's step count k, the weights and the grads are
    those of k uninterrupted eager steps (for k = 0, the 123.0 written before the call).
    One tanh neuron, two batches of two: backward's loop has a few hundred points."""
    X, y = X20[:4], Y20[:4]

    def build() -> tuple[nn.MLP, nn.SGD]:
        model = _stale(nn.MLP(2, [1], output_activation="tanh", seed=4))
        return model, nn.SGD(model.parameters(), lr=0.5)

    def train(model: nn.MLP, opt: nn.SGD, rows: int, compiled: bool) -> None:
        nn.fit(model, X[:rows], y[:rows], optimizer=opt, epochs=1, batch_size=2,
               shuffle=False, progress=False, compiled=compiled)  # fmt: skip

    oracle = []
    for k in (0, 1, 2):
        model, opt = build()
        if k:
            train(model, opt, 2 * k, compiled=False)
        oracle.append(([p.data for p in model.parameters()], _grads(model)))
    assert oracle[1][1] != oracle[2][1] != oracle[0][1]
    epoch = (nn.train._CompiledRun if compiled else nn.train._EagerRun).epoch.__code__
    modules = (
        "nn.train",
        "nn.metrics",
        "nn.inputs",
        "nn.optim",
        "nn.data",
        "autograd_mini.backward",
    )
    reached: set[tuple[int, str]] = set()  # (steps taken, module) of each interrupt
    for n in itertools.count(1):
        model, opt = build()
        run = lambda m=model, o=opt: train(m, o, 4, compiled)  # noqa: E731
        hit = interrupted(run, n, modules, after=epoch)
        if hit is None:
            break
        assert hit.where is not None
        reached.add((opt.steps, hit.where[0]))
        weights, grads = oracle[opt.steps]
        np.testing.assert_allclose([p.data for p in model.parameters()], weights, rtol=1e-12,
                                   err_msg=f"point {n}")  # fmt: skip
        np.testing.assert_allclose(_grads(model), grads, rtol=1e-9, atol=1e-15,
                                   err_msg=f"point {n}")  # fmt: skip
        del hit  # checked while the interrupt and its traceback were alive
    assert opt.steps == 2
    np.testing.assert_allclose(_grads(model), oracle[2][1], rtol=1e-9, atol=1e-15)
    # the interrupts reached into both steps: the optimizer's code, and eager, backward's
    # (a count of points would differ between Python versions, which check less or more)
    inside = ["nn.optim"] if compiled else ["nn.optim", "autograd_mini.backward"]
    assert {(k, m) for k in (0, 1) for m in inside} <= reached, reached
