"""CONTRIBUTING.md's examples, run as written: a loss defined only by its per-sample rule
and an optimizer defined only by its rule on vectors.

Each is checked against closed forms (the loss's value and gradient, one step of gradient
descent, the optimizer's updates worked out by hand) and trains eager and compiled to
the same weights. The code is read from CONTRIBUTING.md, so the document cannot drift
from what works.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import nn
from autograd_mini import Value
from nn.data import moons

_GUIDE = Path(__file__).resolve().parent.parent / "CONTRIBUTING.md"


def _example(section: str) -> dict[str, Any]:
    """The names defined by the python block of CONTRIBUTING.md's ``## {section}``."""
    text = _GUIDE.read_text(encoding="utf-8")
    body = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", body, flags=re.DOTALL)
    assert len(blocks) == 1, f"{section}: expected one python block, found {len(blocks)}"
    names: dict[str, Any] = {}
    exec(compile(blocks[0], f"CONTRIBUTING.md ({section})", "exec"), names)  # our own file
    return names


@pytest.fixture(scope="module")
def absolute_error() -> Any:
    """The class the example defines."""
    return _example("How to add a loss")["AbsoluteError"]


@pytest.fixture(scope="module")
def clipped_sgd() -> Any:
    """The class the example defines."""
    return _example("How to add an optimizer")["ClippedSGD"]


X, Y = moons(30, noise=0.1, seed=4)


# ------------------------------------------------------------------ the loss


def test_the_example_loss_is_the_l1_formula(absolute_error: Any) -> None:
    a = np.array([[0.2, 0.9], [0.6, -0.1], [1.5, 0.5]])
    y = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    for reduction, n in (("mean", len(a)), ("sum", 1)):
        loss = absolute_error()
        loss.reduction = reduction
        outs = [[Value(v) for v in row] for row in a.tolist()]
        value = loss(outs, y.tolist())
        assert value.data == pytest.approx(np.abs(a - y).sum() / n, rel=1e-12)
        value.backward()
        np.testing.assert_allclose([[v.grad for v in row] for row in outs], np.sign(a - y) / n)


@pytest.mark.parametrize("compiled", [False, True])
def test_one_step_with_the_example_loss_is_the_closed_form(
    absolute_error: Any, compiled: bool
) -> None:
    """A linear neuron a = w·x + b, one full-batch step of gradient descent on the mean
    L1 loss: w ← w − η·(1/n) Σᵢ sign(aᵢ − yᵢ)·xᵢ, b ← b − η·(1/n) Σᵢ sign(aᵢ − yᵢ)."""
    neuron = nn.Neuron(2, activation="linear", seed=2)
    w, b = np.array([p.data for p in neuron.w]), neuron.b.data
    s = np.sign(X @ w + b - Y)
    lr = 0.2
    want = [*(w - lr * (s @ X) / len(Y)), b - lr * s.mean()]
    opt = nn.SGD(neuron.parameters(), lr=lr)
    nn.fit(neuron, X, Y, absolute_error(), opt, epochs=1, batch_size=None, progress=False,
           compiled=compiled)  # fmt: skip
    np.testing.assert_allclose([p.data for p in neuron.parameters()], want, rtol=1e-12)


def test_the_example_loss_trains_compiled_like_eager(absolute_error: Any) -> None:
    runs = []
    for compiled in (False, True):
        model = nn.MLP(2, [5, 1], activation="tanh", output_activation="sigmoid", seed=3)
        history = nn.fit(model, X, Y, absolute_error(), nn.SGD(model.parameters(), lr=0.5),
                         epochs=4, batch_size=7, progress=False, compiled=compiled,
                         validation=(X[::3], Y[::3]))  # fmt: skip
        runs.append((history, [p.data for p in model.parameters()]))
    (eager, w_eager), (fast, w_fast) = runs
    assert fast.loss == pytest.approx(eager.loss, rel=1e-9)
    assert fast.accuracy == eager.accuracy
    assert fast.val_loss == pytest.approx(eager.val_loss, rel=1e-9)
    np.testing.assert_allclose(w_fast, w_eager, rtol=1e-9, atol=1e-12)
    start = nn.MLP(2, [5, 1], activation="tanh", output_activation="sigmoid", seed=3)
    assert not np.allclose(w_eager, [p.data for p in start.parameters()])  # it did train


# ------------------------------------------------------------------ the optimizer


def test_the_example_optimizer_by_hand(clipped_sgd: Any) -> None:
    """c = 1, μ = 0.5, η = 0.1. Step 1, g = (3, −0.5): clip → (1, −0.5) = v, so
    W = (1, 2) − 0.1·v = (0.9, 2.05). Step 2, g = (−2, 0.2): v = 0.5·(1, −0.5) + (−1, 0.2)
    = (−0.5, −0.05), so W = (0.95, 2.055)."""
    ps = [Value(1.0), Value(2.0)]
    opt = clipped_sgd(ps, lr=0.1, clip=1.0, momentum=0.5)
    for grads, want in (((3.0, -0.5), (0.9, 2.05)), ((-2.0, 0.2), (0.95, 2.055))):
        for p, g in zip(ps, grads, strict=True):
            p.grad = g
        opt.step()
        assert [p.data for p in ps] == pytest.approx(want, rel=1e-14)
    assert opt.velocity.tolist() == pytest.approx([-0.5, -0.05], rel=1e-14)
    assert opt.steps == 2
    with pytest.raises(ValueError, match=r"^ClippedSGD: momentum must be < 1, got 1\.0"):
        clipped_sgd(ps, momentum=1.0)


def test_the_example_optimizer_trains_compiled_like_eager(clipped_sgd: Any) -> None:
    """Its velocity too: compiled training reorders the optimizer's per-parameter arrays
    while an epoch runs and must put them back aligned with ``params``."""
    runs = []
    for compiled in (False, True):
        model = nn.MLP(2, [4, 3, 1], activation="tanh", output_activation="sigmoid", seed=6)
        opt = clipped_sgd(model.parameters(), lr=0.5, clip=0.05, momentum=0.8)
        history = nn.fit(model, X, Y, "squared_error", opt, epochs=3, batch_size=8,
                         progress=False, compiled=compiled)  # fmt: skip
        runs.append((history.loss, [p.data for p in model.parameters()], opt.velocity.copy()))
    (loss_e, w_e, v_e), (loss_c, w_c, v_c) = runs
    assert loss_c == pytest.approx(loss_e, rel=1e-9)
    np.testing.assert_allclose(w_c, w_e, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(v_c, v_e, rtol=1e-9, atol=1e-12)
    assert np.abs(v_e).max() <= 0.05 / (1 - 0.8)  # Σₖ μᵏ·c bounds a clipped velocity
    start = nn.MLP(2, [4, 3, 1], activation="tanh", output_activation="sigmoid", seed=6)
    assert not np.allclose(w_e, [p.data for p in start.parameters()])  # it did train


class _ListScaled(nn.Optimizer):
    """A rule of one's own (not SGD's nor Adam's) whose per-parameter scales are a plain
    Python list: W ← W − η·sᵢ·g."""

    def __init__(self, params: Any, lr: float, scales: list[float]) -> None:
        super().__init__(params, lr)
        self.scales = scales

    def update(self, data: np.ndarray, grad: np.ndarray, lr: float) -> None:
        for i in range(len(data)):
            data[i] -= lr * self.scales[i] * grad[i]


@pytest.mark.parametrize("compiled", [False, True])
def test_a_python_list_of_per_parameter_state_follows_params(compiled: bool) -> None:
    """CONTRIBUTING said compiled training reorders such axes and that a Python list of
    one number per parameter "is not recognised: use an array"; the code hands any rule
    but SGD's and Adam's its parameters in params' order, so a list lines up. Oracle: the
    same full-batch descent by hand in numpy on a linear 2-3 layer (C = (1/n)·Σ‖o − y‖²,
    ∂C/∂Wⱼ = (2/n)·Σᵢ (oᵢⱼ − yᵢⱼ)·xᵢ, ∂C/∂bⱼ = (2/n)·Σᵢ (oᵢⱼ − yᵢⱼ)); params' order is
    neuron by neuron, w.0, w.1, b, while the replay's columns put a layer's weights before
    its biases."""
    guide = _GUIDE.read_text(encoding="utf-8")
    assert "is not recognised" not in guide and "a Python\nlist of one number" in guide
    rng = np.random.default_rng(4)
    Xs, Ys = rng.normal(size=(12, 2)), rng.normal(size=(12, 3))
    model = nn.MLP(2, [3], seed=2)
    P = np.array([p.data for p in model.parameters()]).reshape(3, 3)  # rows: w0, w1, b
    scales = [0.0, 1.0, 2.0, 0.5, 0.0, 3.0, 1.5, 0.25, 0.0]
    S = np.array(scales).reshape(3, 3)
    nn.fit(model, Xs, Ys, "squared_error", _ListScaled(model.parameters(), 0.05, scales),
           epochs=4, batch_size=None, progress=False, compiled=compiled)  # fmt: skip
    for _ in range(4):
        err = Xs @ P[:, :2].T + P[:, 2] - Ys  # (n, 3)
        G = np.hstack([2 / len(Xs) * err.T @ Xs, 2 / len(Xs) * err.sum(0)[:, None]])
        P = P - 0.05 * S * G
    np.testing.assert_allclose([p.data for p in model.parameters()], P.ravel(), rtol=1e-12)
