"""fit refuses to write nan or inf into a model, and misuse gets an error that says where.

Issue 9, items 4, 5 and 12 (the nn side). Oracles: freshly built models with the same
seed (the weights before training), one step of gradient descent worked out with the
engine alone, and the numbers in the messages.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

import nn
from autograd_mini import Value
from nn.data import moons

X20, Y20 = moons(20, noise=0.1, seed=0)


def _model() -> nn.MLP:
    return nn.MLP(2, [3, 1], activation="tanh", seed=7)


def _weights(model: nn.Module) -> list[float]:
    return [p.data for p in model.parameters()]


# ------------------------------------------------------------------ item 4: non-finite steps


@pytest.mark.parametrize("compiled", [False, True])
def test_a_step_that_would_make_a_weight_infinite_is_refused(compiled: bool) -> None:
    """Inputs of size ~10³ give gradients ≫ 1, so η = 1e308 overflows at the first step:
    fit stops there, names epoch 1 batch 1 and the parameter, and keeps the start."""
    model = _model()
    opt = nn.SGD(model.parameters(), lr=1e308)
    with pytest.raises(nn.TrainingDiverged) as info:
        nn.fit(model, X20 * 1000.0, Y20, optimizer=opt, epochs=3, batch_size=5,
               seed=0, progress=False, compiled=compiled)  # fmt: skip
    message = str(info.value)
    assert message.startswith("fit: epoch 1 of 3, batch 1 of 4: ")
    assert "would make parameter layers." in message and "inf" in message
    assert "smaller" in message and "lr = 1e+308" in message
    assert (info.value.epoch, info.value.batch) == (1, 1)
    assert _weights(model) == _weights(_model())  # untouched
    assert opt.steps == 0 and info.value.history.loss == []
    assert all(math.isfinite(v) for v in nn.predict(model, X20).ravel())


@pytest.mark.parametrize("compiled", [False, True])
def test_fit_stops_at_the_step_that_diverges_and_keeps_the_step_before(compiled: bool) -> None:
    """lr(0) = 0.1, then 1e308: batch 1 trains, batch 2 is refused. The weights must be
    exactly one plain gradient step from the start, worked out here with the engine."""
    X = X20 * 1000.0

    def linear() -> nn.MLP:  # no squashing: every gradient grows with the inputs
        return nn.MLP(2, [3, 1], activation="linear", seed=7)

    oracle = linear()
    cost = nn.squared_error([oracle(x) for x in X[:10].tolist()], Y20[:10].tolist())
    cost.backward()
    expected = [p.data - 0.1 * p.grad for p in oracle.parameters()]

    model = linear()
    opt = nn.SGD(model.parameters(), lr=lambda k: 0.1 if k == 0 else 1e308)
    with pytest.raises(nn.TrainingDiverged, match=r"epoch 1 of 2, batch 2 of 2: ") as info:
        nn.fit(model, X, Y20, optimizer=opt, epochs=2, batch_size=10, shuffle=False,
               progress=False, compiled=compiled)  # fmt: skip
    assert info.value.batch == 2
    np.testing.assert_allclose(_weights(model), expected, rtol=1e-12)
    assert opt.steps == 1


@pytest.mark.parametrize("compiled", [False, True])
def test_an_infinite_loss_stops_fit_before_the_step(compiled: bool) -> None:
    """λ = 1e308: λ/2·ΣW² overflows on the very first batch."""
    model = _model()
    with pytest.raises(nn.TrainingDiverged, match=r"epoch 1 of 1, batch 1 of 1: the loss") as info:
        nn.fit(model, X20, Y20, epochs=1, batch_size=None, progress=False,
               compiled=compiled, l2=1e308)  # fmt: skip
    assert "smaller" in str(info.value)
    assert _weights(model) == _weights(_model())


def test_the_failing_epoch_is_named_and_finished_epochs_kept() -> None:
    """Two epochs of one batch: lr(1) blows up, so epoch 2 batch 1 is named."""
    model = _model()
    opt = nn.SGD(model.parameters(), lr=lambda k: 0.01 if k == 0 else 1e308)
    with pytest.raises(nn.TrainingDiverged, match=r"epoch 2 of 4, batch 1 of 1") as info:
        nn.fit(model, X20 * 1000.0, Y20, optimizer=opt, epochs=4, batch_size=None,
               progress=False)  # fmt: skip
    assert len(info.value.history.loss) == 1


@pytest.mark.parametrize("compiled", [False, True])
def test_a_custom_update_rule_that_writes_inf_is_refused(compiled: bool) -> None:
    """An optimizer's own rule is its update(); step() checks what it made, for eager and
    compiled training alike, and puts nothing non-finite into the model."""

    class Wild(nn.SGD):
        def update(self, data: Any, grad: Any, lr: float) -> None:
            data[2] = math.inf  # what a careless update rule might do

    model = _model()
    with pytest.raises(nn.TrainingDiverged, match=r"the step would make parameter \S+ inf"):
        nn.fit(model, X20, Y20, optimizer=Wild(model.parameters()), progress=False,
               compiled=compiled)  # fmt: skip
    assert _weights(model) == _weights(_model())


# ------------------------------------------------------------------ item 5: fit misuse


@pytest.mark.parametrize("l2", [-1.0, "a", math.nan, math.inf, True])
def test_l2_is_checked_once_for_eager_and_compiled(l2: Any) -> None:
    messages = []
    for compiled in (False, True):
        model = _model()
        with pytest.raises(ValueError, match=r"^fit: l2 must be a finite number ≥ 0") as info:
            nn.fit(model, X20, Y20, progress=False, compiled=compiled, l2=l2)
        messages.append(str(info.value))
        assert _weights(model) == _weights(_model())
    assert messages[0] == messages[1]


@pytest.mark.parametrize("compiled", [False, True])
def test_an_optimizer_on_another_models_parameters_is_refused(compiled: bool) -> None:
    model, other = _model(), _model()
    opt = nn.SGD(other.parameters(), lr=0.5)
    with pytest.raises(ValueError, match=r"13 of 13 Values that are not a parameter of the model"):
        nn.fit(model, X20, Y20, optimizer=opt, progress=False, compiled=compiled)
    assert _weights(other) == _weights(_model())
    with pytest.raises(TypeError, match=r"optimizer must be an nn\.Optimizer"):
        nn.fit(model, X20, Y20, optimizer="sgd", progress=False)  # type: ignore[arg-type]


# ------------------------------------------------------------------ item 12: messages


@pytest.mark.parametrize("compiled", [False, True])
def test_missing_or_ragged_targets_are_named(compiled: bool) -> None:
    model = nn.MLP(2, [2], seed=0)
    with pytest.raises(ValueError, match=r"^fit: y is None; give one target per row of X$"):
        nn.fit(model, X20, None, progress=False, compiled=compiled)
    ragged: list[Any] = [[1.0, 0.0]] * 20
    ragged[3] = [1.0]
    with pytest.raises(ValueError, match=r"fit: y is ragged: target 3 is a row of 1 number but"):
        nn.fit(model, X20, ragged, progress=False, compiled=compiled)
    with pytest.raises(ValueError, match=r"fit: validation y is None"):
        nn.fit(model, X20, Y20, validation=(X20, None), progress=False, compiled=compiled)
    with pytest.raises(ValueError, match=r"fit: y must hold one target per sample, got the single"):
        nn.fit(model, X20, 1, progress=False, compiled=compiled)


def test_a_bad_reduction_is_reported_as_such() -> None:
    with pytest.raises(ValueError, match=r"^SquaredError: reduction must be 'mean' or 'sum', got"):
        nn.SquaredError(reduction="avg")
    for cls in (nn.CrossEntropy, nn.BCEWithLogits, nn.Hinge):
        with pytest.raises(ValueError, match=rf"^{cls.__name__}: reduction must be"):
            cls(reduction="total")

    class Custom(nn.Loss):  # a reduction set as a class attribute is checked by fit
        reduction = "avg"

        def sample(self, output: Any, target: Any) -> Value:
            return nn.SquaredError().sample(output, target)

    for compiled in (False, True):
        with pytest.raises(ValueError, match=r"^fit: Custom: reduction must be 'mean' or 'sum'"):
            nn.fit(_model(), X20, Y20, Custom(), progress=False, compiled=compiled)


def test_a_negative_seed_is_named() -> None:
    with pytest.raises(ValueError, match=r"^fit: seed must be an int ≥ 0.*got -1$"):
        nn.fit(_model(), X20, Y20, seed=-1, progress=False)
    with pytest.raises(ValueError, match=r"^MLP: seed must be an int ≥ 0"):
        nn.MLP(2, [3], seed=-1)
    with pytest.raises(ValueError, match=r"^moons: seed must be an int ≥ 0"):
        moons(10, seed=-5)
    with pytest.raises(TypeError, match=r"^fit: seed must be an int ≥ 0, a numpy Generator"):
        nn.fit(_model(), X20, Y20, seed=1.5, progress=False)  # type: ignore[arg-type]
    a, b = nn.MLP(2, [3], seed=np.int64(4)), nn.MLP(2, [3], seed=4)  # numpy ints are ints
    assert _weights(a) == _weights(b)


def test_an_infinite_gradient_stops_fit_before_the_step() -> None:
    """s = (w·10³⁰⁰)·10³⁰⁰ at w = 10⁻³⁰⁰ is 10³⁰⁰ and the hinge loss 1 + 10³⁰⁰ is finite,
    but ∂L/∂w = 10⁶⁰⁰ is not. Whether the engine refuses it in backward or the optimizer
    refuses the gradient, fit names the batch and w keeps its value. (Compiled training
    meets this gradient in its setup check, before any epoch: the engine's side.)"""

    class Tiny(nn.Module):
        def __init__(self) -> None:
            self.w = Value(1e-300)

        def own_parameters(self) -> list[tuple[str, Value]]:
            return [("w", self.w)]

        def forward(self, x: list[Any]) -> list[Value]:
            return [(self.w * 1e300) * 1e300 + 0.0 * x[0]]

    model = Tiny()
    with pytest.raises(
        nn.TrainingDiverged, match=r"epoch 1 of 1, batch 1 of 1: the (loss or its )?gradient"
    ):
        nn.fit(model, X20[:4], [-1.0] * 4, "hinge", epochs=1, batch_size=None, progress=False)
    assert model.w.data == 1e-300
