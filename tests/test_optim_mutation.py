"""Optimizer rules the mutation round of nn/optim.py found unpinned: each test kills a
hand-made mutant that tests/test_optim.py let through, against a closed form or the
rule's own documented contract (never against the code under test)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hand_steps import HandRule

import nn
from autograd_mini import Value


def test_last_lr_before_any_step_is_the_rate_of_step_0() -> None:
    """``last_lr`` is η of the last step taken, and of the next one before any step:
    η_k = 1 − 0.9·k/10 for linear_decay(1.0, 0.1, 10) read by hand at k = 0, 0, 1.
    Asking a schedule for lr(steps − 1) without the floor at 0 asked it for k = −1,
    which linear_decay refuses and a plain 0.1/(k + 1) divides by zero at."""
    opt = nn.SGD([Value(0.5)], lr=nn.linear_decay(1.0, 0.1, 10))
    assert opt.last_lr == 1.0
    opt.params[0].grad = 1.0
    opt.step()
    assert opt.last_lr == 1.0  # the step taken was k = 0
    opt.step()
    assert opt.last_lr == pytest.approx(1.0 - 0.9 * 1 / 10, rel=1e-15)
    plain = nn.Adam([Value(0.5)], lr=lambda k: 0.1 / (k + 1))
    assert plain.last_lr == 0.1


@pytest.mark.parametrize("g", [1e-157, 1e-156, 3e-155])
def test_adam_takes_the_formulas_first_step_where_the_square_is_subnormal(g: float) -> None:
    """The first Adam step is η·m̂/(√v̂ + ε) = η·g/(|g| + ε) (m̂ = g, √v̂ = |g|): −η to
    the last digits when ε = 1e-300 ≪ |g|. At these gradients (1−β₂)·g² is 1e-317 to
    9e-313, a subnormal float that has lost digits (to 5e-7 relative at the first);
    the rule must recompute √v there (np.hypot) and not take the rounded square's root.
    A threshold lowered from 2^-1000 to 2^-1060 (8e-320) let these through."""
    (p,) = [Value(0.0)]
    p.grad = g
    nn.Adam([p], lr=1e-3, eps=1e-300).step()
    assert p.data == pytest.approx(-1e-3, rel=1e-14)
    data = np.zeros(1)
    nn.Adam([Value(0.0)], lr=1e-3, eps=1e-300).step_arrays(data, np.array([-g]))
    assert data[0] == pytest.approx(1e-3, rel=1e-14)


@pytest.mark.parametrize("make", [nn.SGD, nn.Adam], ids=["SGD", "Adam"])
def test_a_refusal_without_weight_decay_never_names_a_decayed_gradient(make: type) -> None:
    """NonFiniteStep's ``"decayed gradient"`` is g + λ·W, with λ the weight decay: with
    λ = 0 there is none, so a parameter handed to step_arrays already infinite is
    refused as the parameter (inf − η·g is inf). Computing g + 0·W anyway made 0·inf =
    nan and blamed a decayed gradient of nan that the step never used."""
    opt = make([Value(0.0), Value(0.0)], lr=0.1)
    data = np.array([1.0, math.inf])
    with pytest.raises(nn.NonFiniteStep) as refused:
        opt.step_arrays(data, np.array([0.5, 0.5]))
    assert (refused.value.index, refused.value.what) == (1, "parameter")
    assert "decay" not in str(refused.value)
    assert data.tolist() == [1.0, math.inf] and opt.steps == 0


# A 2-2-1 tanh MLP trained full-batch on four points. Oracle: its mean squared error
# written again in numpy over its nine numbers, the gradient by central differences, and
# SGD's momentum and Adam's moments applied to those numbers by hand.
_X = np.array([[0.3, -0.7], [1.1, 0.4], [-0.5, 0.9], [0.8, 0.2]])
_Y = np.array([0.5, -0.2, 0.1, 0.9])
_NAMES = [f"layers.0.neurons.{j}.{p}" for j in (0, 1) for p in ("w.0", "w.1", "b")] + [
    "layers.1.neurons.0.w.0",
    "layers.1.neurons.0.w.1",
    "layers.1.neurons.0.b",
]


def _loss(t: np.ndarray) -> float:
    a0, a1, b0, c0, c1, b1, u0, u1, d = t
    h0 = np.tanh(a0 * _X[:, 0] + a1 * _X[:, 1] + b0)
    h1 = np.tanh(c0 * _X[:, 0] + c1 * _X[:, 1] + b1)
    return float(np.mean((u0 * h0 + u1 * h1 + d - _Y) ** 2))


def _gradient(t: np.ndarray, h: float = 1e-6) -> np.ndarray:
    e = np.eye(len(t)) * h
    return np.array([(_loss(t + e[i]) - _loss(t - e[i])) / (2 * h) for i in range(len(t))])


@pytest.mark.parametrize("kind", ["momentum", "adam"])
def test_compiled_training_leaves_the_optimizers_state_aligned_with_its_params(kind: str) -> None:
    """fit(compiled=True) runs SGD's and Adam's rules in the replay's own order of the
    parameters, their velocity, m and rms reordered with them for the epoch and put back
    after it. After three full-batch epochs, velocity[i] (m[i], rms[i]) must be the hand
    rule's number for opt.params[i], and an eager step after the fit must go on from
    there: state left in the replay's order paired each parameter with another's
    momentum."""
    model = nn.MLP(2, [2, 1], activation="tanh", seed=3)
    named = dict(model.named_parameters())
    assert list(named) == _NAMES
    opt: nn.SGD | nn.Adam
    if kind == "momentum":
        opt = nn.SGD(model.parameters(), lr=0.3, momentum=0.9)
    else:
        opt = nn.Adam(model.parameters(), lr=0.05)
    t = np.array([named[n].data for n in _NAMES])
    rule = HandRule(kind, 9)
    for k in range(1, 5):  # the oracle: three epochs, then one eager step
        t = rule.step(t, _gradient(t))
        if k == 3:
            state = (rule.vel.copy(), rule.m.copy(), np.sqrt(rule.v))
    nn.fit(model, _X, _Y, loss="squared_error", optimizer=opt, epochs=3, batch_size=None,
           progress=False, compiled=True)  # fmt: skip
    assert opt.params == [named[n] for n in _NAMES]
    if isinstance(opt, nn.SGD):
        assert opt.velocity is not None
        np.testing.assert_allclose(opt.velocity, state[0], rtol=1e-6, atol=1e-9)
    else:
        np.testing.assert_allclose(opt.m, state[1], rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(opt.rms, state[2], rtol=1e-6, atol=1e-9)
    opt.zero_grad()
    outs = [model(list(x)) for x in _X.tolist()]
    loss = sum(((o - y) ** 2 for o, y in zip(outs, _Y.tolist(), strict=True)), Value(0.0))
    (loss / len(_X)).backward()
    opt.step()
    np.testing.assert_allclose([named[n].data for n in _NAMES], t, rtol=1e-7, atol=1e-9)
