"""fit warns, once a call, of an epoch that changed no parameter at lr ≠ 0.

A practitioner trained moons with its features ×1000 and ×0.001: after epoch 1 every
ReLU was dead, every gradient exactly 0, the loss ln 2 and the accuracy 0.5 every
epoch — and fit said nothing. Oracles: the parameters' numbers copied before the call
(compared exactly), ln 2 (two equal logits), and the epoch the test killed the net in.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

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
    """Every hidden bias 1e5 (the hidden weights as drawn, |w| ≤ 1): each hidden unit's
    z is within 1e5 ± 3,000 on X_BAD, where σ(z) and tanh(z) are 1.0 exactly (flat: its
    slope rounds to 0); the output layer all 0, so the two logits are 0 and 0, and over
    128 samples of each class their gradients cancel exactly; every other gradient has
    a 0 weight or a flat unit as a factor. (Zeroing every weight, as this did, made the
    zero start the cause: it is said as that now.)"""
    last = f"layers.{len(model.layers) - 1}."
    for name, p in model.named_parameters():
        if name.startswith(last):
            p.data = 0.0
        elif name.endswith(".b"):
            p.data = 1e5


@pytest.mark.parametrize(
    ("hidden", "mixed", "said"),
    [
        ("sigmoid", None, "saturated sigmoids? standardise X"),
        ("tanh", None, "saturated tanh units? standardise X"),
        ("sigmoid", "tanh", "saturated sigmoids or tanh units? standardise X"),
    ],
)
def test_the_advice_names_the_model_s_activations(
    hidden: str, mixed: str | None, said: str
) -> None:
    """A saturated sigmoid or tanh network was told "dead ReLUs? … activation=
    'leaky_relu'": the advice is worded by the activations the model's neurons compute
    (a mix gets words for both). Oracle: σ(1e5 − 3,000) = tanh(1e5 − 3,000) = 1.0 as
    floats (so each unit's slope is 0) and the parameters compared exactly before and
    after."""
    assert 1 / (1 + math.exp(-(1e5 - 3000))) == 1.0 and math.tanh(1e5 - 3000) == 1.0
    assert np.abs(X_BAD).sum(axis=1).max() < 3000  # |w·x| < 3,000 for |w| ≤ 1
    model = nn.MLP(2, [16, 16, 2], activation=hidden, seed=0)
    if mixed is not None:
        model.layers[0].activation = mixed
    _saturate(model)
    start = _numbers(model)
    with pytest.warns(UserWarning, match=r"^fit: epoch 1 changed no parameter") as record:
        _fit(model, False, epochs=2)
    (ours,) = [str(w.message) for w in record if "changed no parameter" in str(w.message)]
    assert said in ours, ours
    assert "ReLU" not in ours and "every weight is 0" not in ours, ours
    assert _numbers(model) == start


def _told(
    model: nn.Module, y: np.ndarray, loss: str, compiled: bool = False, data: np.ndarray = X
) -> str:
    """fit's one warning of an epoch that changed nothing, for two full-batch epochs of
    ``data`` (moons, not scaled) at lr = 0.01."""
    with pytest.warns(UserWarning, match=r"^fit: epoch 1 changed no ") as record:
        nn.fit(
            model,
            data,
            y,
            loss=loss,
            optimizer=nn.SGD(model.parameters(), lr=0.01),
            epochs=2,
            batch_size=None,
            progress=False,
            compiled=compiled,
        )
    (ours,) = [str(w.message) for w in record if "changed no" in str(w.message)]
    return ours


@pytest.mark.parametrize("compiled", [False, True])
@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_a_zero_start_is_told_as_one(activation: str, compiled: bool) -> None:
    """A ReLU network started from all-zero weights was told "dead ReLUs? … activation=
    'leaky_relu'", a tanh one "saturated tanh units? … smaller initial weights": neither
    is true (relu(0) = tanh(0) = 0 with the biases 0: every hidden unit outputs 0 for
    every sample, and the zero weights above pass no gradient back), and leaky ReLUs or
    smaller weights start as stuck. Oracle: by hand, every hidden unit's output is
    f(0·x + 0) = 0, so every weight's gradient has a 0 factor; the weights are 0.0
    before and after."""
    model = nn.MLP(2, [16, 16, 2], activation=activation, init="zeros", seed=0)
    assert all(w.data == 0.0 for w in model.weights())
    ours = _told(model, Y, "cross_entropy", compiled)
    assert "every weight is 0" in ours and "start from random weights" in ours, ours
    assert "ReLU" not in ours and "saturated" not in ours and "leaky" not in ours, ours
    assert all(w.data == 0.0 for w in model.weights())


def test_a_single_layer_s_zero_start_is_not_blamed() -> None:
    """Zero weights are a fine start for one layer (logistic regression starts there):
    its weights' gradient is δ·x. A single sigmoid neuron whose bias is 1e5 is flat,
    and is told so, not of its zero weights. Oracle: σ(1e5 ± 3) = 1.0 exactly."""
    assert 1 / (1 + math.exp(-(1e5 - 3))) == 1.0
    model = nn.MLP(2, [1], output_activation="sigmoid", init="zeros", bias_init=1e5)
    ours = _told(model, Y, "squared_error")
    assert "a saturated sigmoid output? standardise X" in ours, ours
    assert "every weight is 0" not in ours and "ReLU" not in ours, ours


def _relu_under_sigmoid() -> nn.MLP:
    return nn.MLP(2, [16, 16, 1], activation="relu", output_activation="sigmoid", seed=0)


@pytest.mark.parametrize("compiled", [False, True])
def test_dead_relus_under_a_sigmoid_output_are_told_dead_relus(compiled: bool) -> None:
    """ReLU hidden layers under a sigmoid output got the generic words ("dead or
    saturated units (a ReLU at 0, a sigmoid or tanh flat)?"). Here every ReLU is dead
    (first-layer biases −1e7: z < 0 for every sample; second-layer −1: it sees 0) and
    the output's bias moves (σ(1) is not flat and the targets do not balance it), so the
    sigmoid output is not what stalls the weights: the words are the ReLUs'. Oracle: the
    weights compared exactly before and after, the output bias not."""
    model = _relu_under_sigmoid()
    for name, p in model.named_parameters():
        if name.endswith(".b"):
            p.data = {"0": -1e7, "1": -1.0, "2": 1.0}[name.split(".")[1]]
    weights = [w.data for w in model.weights()]
    ours = _told(model, Y, "squared_error", compiled)
    assert ours.startswith("fit: epoch 1 changed no weight (only biases moved)"), ours
    assert "dead ReLUs? standardise X" in ours and "activation='leaky_relu'" in ours, ours
    assert "saturated" not in ours, ours
    assert [w.data for w in model.weights()] == weights
    assert model.layers[2].neurons[0].b.data != 1.0


def test_a_saturated_sigmoid_output_over_relus_names_both() -> None:
    """The same network with live ReLUs and an output bias of 1e5: σ is 1.0 for every
    sample, flat, and nothing moves — the output is saturated, and whether a ReLU below
    is dead cannot be seen, so both are named, each with its cure. It was told the
    generic words. Oracle: σ(1e5 − |w·a|) = 1.0 for the hidden outputs' size here."""
    model = _relu_under_sigmoid()
    model.layers[2].neurons[0].b.data = 1e5
    a = X
    for layer in model.layers[:2]:  # the hidden outputs, by numpy
        w = np.array([[v.data for v in n.w] for n in layer.neurons])
        a = np.maximum(a @ w.T + np.array([n.b.data for n in layer.neurons]), 0.0)
    reach = np.abs(a).sum(axis=1).max()  # |w·a| ≤ Σ|a| for |w| ≤ 1
    assert 1 / (1 + math.exp(-(1e5 - reach))) == 1.0
    ours = _told(model, Y, "squared_error")
    assert "dead ReLUs or a saturated sigmoid output? standardise X" in ours, ours
    assert "smaller initial weights" in ours and "activation='leaky_relu'" in ours, ours


@pytest.mark.parametrize("compiled", [False, True])
def test_a_tied_weight_is_counted_once_in_the_advice(compiled: bool) -> None:
    """A 2-16-16-2 ReLU network, its first layer's neurons 1–15 tying their first weight
    to neuron 0's (one Value, listed sixteen times): the advice said "for all 320
    weights", counting the tied one sixteen times; the model has 305 (2·16 + 16·16 + 16·2
    = 320, less the 15 first weights that are neuron 0's). Oracle: that count by hand,
    and the distinct Values' ids."""
    model = nn.MLP(2, [16, 16, 2], activation="relu", seed=0)
    shared = model.layers[0].neurons[0].w[0]
    for neuron in model.layers[0].neurons[1:]:
        neuron.w[0] = shared
    _kill(model)
    model.layers[2].neurons[0].b.data = 1.0  # the output biases move: only they do
    distinct = len({id(p) for p in model.parameters()})
    assert distinct == 2 * 16 + 16 + 16 * 16 + 16 + 16 * 2 + 2 - 15
    ours = _told(model, Y, "cross_entropy", compiled)
    assert "for all 305 weights" in ours, ours


_XOR = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
_XOR_Y = np.array([0.0, 1.0, 1.0, 0.0])


def test_a_sigmoid_neuron_at_its_best_point_is_not_called_saturated() -> None:
    """One sigmoid neuron from a zero start on XOR's four points: σ(0) = ½ for every
    sample, and the squared error's gradients Σ(½ − y)·σ'(0)·x and Σ(½ − y)·σ'(0) are 0
    by hand (the ±½ cancel over the points), so nothing moves — but σ'(0) = ¼ is no
    flat slope: it was told "a saturated sigmoid output? … smaller initial weights". A
    unit whose weights are all 0 sees its bias alone, so its slope is known: the
    advice now says no unit is flat and the gradients cancelled. Oracle: those sums by
    hand, σ'(0) = σ(0)(1 − σ(0)) = ¼."""
    assert (0.5 - _XOR_Y).sum() == 0 and ((0.5 - _XOR_Y)[:, None] * _XOR).sum(axis=0).tolist() == [
        0,
        0,
    ]
    model = nn.MLP(2, [1], output_activation="sigmoid", init="zeros")
    ours = _told(model, _XOR_Y, "squared_error", data=_XOR)
    assert "no unit is flat" in ours and "the gradients cancelled over the samples" in ours, ours
    assert "saturated" not in ours and "smaller initial weights" not in ours, ours


def test_zero_weight_units_are_named_only_when_flat_at_their_bias() -> None:
    """A random first layer of ReLUs under layers whose weights are all 0 (biases 0):
    each unit above the first layer sees its bias, 0, on every sample. A ReLU's slope
    at 0 is 0 (flat: dead), a sigmoid's is ¼ (not saturated); it was told "dead ReLUs
    or a saturated sigmoid output?". Now only the ReLUs are named. Oracle: σ'(0) = ¼ by
    hand, and the output's bias gradient Σ(σ(0) − y)·¼ = 0 for 128 samples of each
    class."""
    assert (Y == 0).sum() == (Y == 1).sum() == 128
    model = nn.MLP(2, [16, 16, 1], activation="relu", output_activation="sigmoid", seed=0)
    for layer in model.layers[1:]:
        for neuron in layer.neurons:
            for w in neuron.w:
                w.data = 0.0
    ours = _told(model, Y, "squared_error")
    assert "dead ReLUs? standardise X" in ours, ours
    assert "saturated" not in ours and "smaller initial weights" not in ours, ours
    assert "activation='leaky_relu'" in ours, ours


def test_a_zero_weight_unit_flat_at_its_bias_is_still_named() -> None:
    """The same zero layers with the output's bias 1e5: σ(1e5) = 1.0 and its slope 0
    (by hand: σ'(z) = σ(z)(1 − σ(z)) = 0 in floats), so the sigmoid output is flat and
    named, with the ReLUs (flat at 0) below it."""
    assert 1 / (1 + math.exp(-1e5)) == 1.0
    model = nn.MLP(2, [16, 16, 1], activation="relu", output_activation="sigmoid", seed=0)
    for layer in model.layers[1:]:
        for neuron in layer.neurons:
            for w in neuron.w:
                w.data = 0.0
    model.layers[2].neurons[0].b.data = 1e5
    ours = _told(model, Y, "squared_error")
    assert "dead ReLUs or a saturated sigmoid output? standardise X" in ours, ours


_CENTRED = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])


def _linear_at_xor_s_best() -> nn.Module:
    """One linear neuron, weights 0 and bias ½: XOR's least-squares fit (by hand, the
    residuals ½ − y = ±½ sum to 0 over the points, and so do they times each input)."""
    neuron = nn.Neuron(2, activation="linear")
    for w in neuron.w:
        w.data = 0.0
    neuron.b.data = 0.5
    return neuron


def _linear_mlp_at_xor_s_best() -> nn.Module:
    model = nn.MLP(2, [1], output_activation="linear", init="zeros")
    model.layers[0].neurons[0].b.data = 0.5
    return model


def _sigmoid_whose_bias_moves() -> nn.Module:
    return nn.Neuron(2, activation="sigmoid", init="zeros")


@pytest.mark.parametrize(
    ("make", "data", "y", "what"),
    [
        (_linear_at_xor_s_best, _XOR, _XOR_Y, "parameter"),
        (_linear_mlp_at_xor_s_best, _XOR, _XOR_Y, "parameter"),
        (_sigmoid_whose_bias_moves, _CENTRED, np.ones(4), "weight (only biases moved)"),
    ],
    ids=["a linear neuron", "a linear MLP", "a sigmoid whose bias moves"],
)
def test_a_model_with_no_unit_that_could_be_flat_is_not_told_of_dead_units(
    make: Callable[[], nn.Module], data: np.ndarray, y: np.ndarray, what: str
) -> None:
    """The advice named a zero-weight unit only where its slope at its bias is 0, and
    said the gradients cancelled when no unit could be flat — but only counted
    zero-weight units: a linear unit (slope 1 everywhere) or one whose bias moved (a
    slope on some sample) is no more flat, yet a linear neuron at XOR's least-squares
    fit, and a sigmoid neuron whose bias moves while the centred inputs cancel its
    weights' gradients, were told "dead or saturated units (a ReLU at 0, a sigmoid or
    tanh flat)? standardise X …". Now they are told that no unit is flat. Oracle: the
    sums by hand — Σ(½ − y) = 0 and Σ(½ − y)·x = 0 on XOR; the centred columns sum to 0,
    so Σ δ·x = 0 for one δ shared by the four samples."""
    assert (0.5 - _XOR_Y).sum() == 0 and not ((0.5 - _XOR_Y)[:, None] * _XOR).sum(axis=0).any()
    assert not _CENTRED.sum(axis=0).any()
    ours = _told(make(), y, "squared_error", data=data)
    assert ours.startswith(f"fit: epoch 1 changed no {what}: every step's gradient was 0"), ours
    assert "no unit is flat" in ours and "the gradients cancelled over the samples" in ours, ours
    assert "dead" not in ours and "saturated" not in ours and "standardise X" not in ours, ours


@pytest.mark.parametrize(
    ("bias", "compiled", "dtype"),
    [(745.0, False, "float64"), (740.0, True, "float64"), (120.0, True, "float32")],
    ids=["float64 eager", "float64 compiled", "float32 compiled"],
)
def test_a_slope_training_s_floats_lose_is_flat(bias: float, compiled: bool, dtype: str) -> None:
    """One sigmoid neuron, weights 0, its bias far out on XOR: σ'(745) ≈ 5e-324,
    σ'(740) ≈ 4e-322 and, for float32, σ'(120) ≈ 8e-53 are slopes float64 can hold, so
    the advice said "no unit is flat … the gradients cancelled" — but training's floats
    lose them (below the smallest normal number the gradients came out 0): the neuron
    is saturated, and said to be. Oracle: e^-745, e^-740 and e^-120 by hand against each
    dtype's smallest normal, and the gradients fit left (0, as the warning says)."""
    assert 0 < math.exp(-745) < math.exp(-740) < np.finfo(np.float64).tiny
    assert math.exp(-120) < np.finfo(np.float32).tiny
    model = nn.Neuron(2, activation="sigmoid", init="zeros")
    model.b.data = bias
    with pytest.warns(UserWarning, match=r"^fit: epoch 1 changed no parameter") as record:
        nn.fit(
            model,
            _XOR,
            _XOR_Y,
            loss="squared_error",
            optimizer=nn.SGD(model.parameters(), lr=0.01),
            epochs=2,
            batch_size=None,
            progress=False,
            compiled=compiled,
            dtype=dtype,
        )
    assert all(p.grad == 0 for p in model.parameters())
    (ours,) = [str(w.message) for w in record if "changed no" in str(w.message)]
    assert "a saturated sigmoid output? standardise X" in ours, ours
    assert "no unit is flat" not in ours, ours
