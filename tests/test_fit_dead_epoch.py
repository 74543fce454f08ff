"""fit warns, once a call, of an epoch that changed no parameter at lr ≠ 0.

A practitioner trained moons with its features ×1000 and ×0.001: after epoch 1 every
ReLU was dead, every gradient exactly 0, the loss ln 2 and the accuracy 0.5 every
epoch — and fit said nothing. Oracles: the parameters' numbers copied before the call
(compared exactly), ln 2 (two equal logits), and the epoch the test killed the net in.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import nn
from nn.data import moons

X, Y = moons(256, noise=0.1, seed=0)  # 128 of each class: the mean of ±½ is exact
X_BAD = X * np.array([1000.0, 0.001])  # features of very different sizes


def _kill(model: nn.MLP) -> None:
    """Every first-layer ReLU dead on X_BAD (|w·x| ≤ a few thousand ≪ 10⁷), the second
    layer's too (it sees 0, and its biases are −1), so the two logits are the output
    biases, 0 and 0: with 128 samples of each class the full batch's gradients of those
    cancel exactly, and every other gradient has a dead ReLU's 0 as a factor."""
    for name, p in model.named_parameters():
        if name.startswith("layers.0.") and name.endswith(".b"):
            p.data = -1e7
        elif name.startswith("layers.1.") and name.endswith(".b"):
            p.data = -1.0
        elif name.startswith("layers.2.") and name.endswith(".b"):
            p.data = 0.0


def _numbers(model: nn.MLP) -> list[float]:
    return [p.data for p in model.parameters()]


def _fit(model: nn.MLP, compiled: bool, lr: float = 0.01, **kw: object) -> nn.History:
    opt = nn.SGD(model.parameters(), lr=lr)
    return nn.fit(
        model,
        X_BAD,
        Y,
        loss="cross_entropy",
        optimizer=opt,
        batch_size=None,
        progress=False,
        compiled=compiled,
        **kw,
    )  # type: ignore[arg-type]


@pytest.mark.parametrize("compiled", [False, True])
def test_a_dead_network_warns_once_naming_the_epoch(compiled: bool) -> None:
    """Epoch 1 trains (the net is alive); the callback kills it; epochs 2–4 change no
    parameter: one warning, naming epoch 2, pointing at this test's line."""
    model = nn.MLP(2, [16, 16, 2], activation="relu", seed=0)
    start = _numbers(model)
    dead: list[float] = []

    def kill_after_first(h: nn.History) -> None:
        if len(h.loss) == 1:
            assert _numbers(model) != start  # epoch 1 did change the parameters
            _kill(model)
            dead.extend(_numbers(model))

    with pytest.warns(
        UserWarning,
        match=r"^fit: epoch 2 changed no parameter: every step's "
        r"gradient was 0 .* dead ReLUs\? standardise X",
    ) as record:
        history = _fit(model, compiled, epochs=4, callback=kill_after_first)
    ours = [w for w in record if "changed no parameter" in str(w.message)]
    assert len(ours) == 1
    assert ours[0].filename == __file__  # the user's line, not fit's
    assert _numbers(model) == dead  # exactly: nothing moved in epochs 2–4
    assert history.loss[1:] == pytest.approx([math.log(2)] * 3, rel=1e-12)
    assert history.accuracy[1:] == [0.5] * 3


@pytest.mark.parametrize("compiled", [False, True])
def test_a_healthy_training_does_not_warn(compiled: bool) -> None:
    model = nn.MLP(2, [16, 16, 2], activation="relu", seed=0)
    start = _numbers(model)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nn.fit(model, X, Y, loss="cross_entropy", epochs=3, progress=False, compiled=compiled)
    assert _numbers(model) != start


@pytest.mark.parametrize("compiled", [False, True])
def test_lr_zero_changes_nothing_and_does_not_warn(compiled: bool) -> None:
    """lr = 0 asks for no change: none is warned of, on a dead net or a live one."""
    for kill in (False, True):
        model = nn.MLP(2, [16, 16, 2], activation="relu", seed=0)
        if kill:
            _kill(model)
        start = _numbers(model)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            _fit(model, compiled, lr=0.0, epochs=2)
        assert _numbers(model) == start


@pytest.mark.parametrize("compiled", [False, True])
def test_the_practitioners_run_warns_once_naming_the_epoch(compiled: bool) -> None:
    """The practitioner's run as it came: mini-batches of 32, whose classes are not
    balanced, so the output biases still move after the ReLUs die in epoch 1; every
    weight stays as it is from epoch 2 on (recorded by a callback after each epoch)."""
    Xm, Ym = moons(200, noise=0.1, seed=0)
    model = nn.MLP(2, [16, 16, 2], activation="relu", seed=0)
    seen: list[list[float]] = []

    def record_weights(h: nn.History) -> None:
        seen.append([w.data for w in model.weights()])

    opt = nn.SGD(model.parameters(), lr=0.01)
    with pytest.warns(
        UserWarning,
        match=r"^fit: epoch 2 changed no weight \(only biases "
        r"moved\): every step's gradient was 0 .*dead ReLUs\?",
    ) as record:
        history = nn.fit(
            model,
            Xm * np.array([1000.0, 0.001]),
            Ym,
            loss="cross_entropy",
            optimizer=opt,
            epochs=5,
            progress=False,
            compiled=compiled,
            callback=record_weights,
        )
    assert len([w for w in record if "changed no" in str(w.message)]) == 1
    assert record[0].filename == __file__
    assert history.loss[0] > 1e3  # epoch 1 blew up …
    assert all(s == seen[0] for s in seen[1:])  # … and killed every ReLU
    assert history.loss[1:] == pytest.approx([math.log(2)] * 4, abs=1e-3)


def _saturate(model: nn.MLP) -> None:
    """Every weight 0 and every hidden bias 1000: each hidden unit's σ(1000) or
    tanh(1000) is 1.0 exactly (flat: its slope rounds to 0), the two logits are the
    output biases, 0 and 0, and over 128 samples of each class their gradients cancel
    exactly; every other gradient has a 0 weight or a flat unit as a factor."""
    last = f"layers.{len(model.layers) - 1}."
    for name, p in model.named_parameters():
        p.data = 0.0 if ".w." in name or name.startswith(last) else 1000.0


@pytest.mark.parametrize(
    ("hidden", "mixed", "said"),
    [
        ("sigmoid", None, "saturated sigmoids? standardise X"),
        ("tanh", None, "saturated tanh units? standardise X"),
        ("sigmoid", "tanh", "saturated sigmoids or tanh units? standardise X"),
        ("relu", None, "dead ReLUs? standardise X"),
        ("relu", "sigmoid", "dead or saturated units (a ReLU at 0, a sigmoid or tanh flat)?"),
    ],
)
def test_the_advice_names_the_model_s_activations(
    hidden: str, mixed: str | None, said: str
) -> None:
    """A saturated sigmoid or tanh network was told "dead ReLUs? … activation=
    'leaky_relu'": the advice is worded by the activations the model's neurons compute
    (a mix gets words for both). Oracle: σ(1000) = tanh(1000) = 1.0 as floats (so each
    unit's slope is 0) and the parameters compared exactly before and after."""
    assert 1 / (1 + math.exp(-1000)) == 1.0 and math.tanh(1000) == 1.0
    model = nn.MLP(2, [16, 16, 2], activation=hidden, seed=0)
    if mixed is not None:
        model.layers[0].activation = mixed
    _saturate(model)
    start = _numbers(model)
    with pytest.warns(UserWarning, match=r"^fit: epoch 1 changed no parameter") as record:
        _fit(model, False, epochs=2)
    (ours,) = [str(w.message) for w in record if "changed no parameter" in str(w.message)]
    assert said in ours, ours
    assert ("ReLU" in ours) == (hidden == "relu"), ours  # no ReLU named where none is
    assert _numbers(model) == start
