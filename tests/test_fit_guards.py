"""fit refuses to write nan or inf into a model, and misuse gets an error that says where.

Issue 9, items 4, 5 and 12 (the nn side). Oracles: freshly built models with the same
seed (the weights before training), one step of gradient descent worked out with the
engine alone, and the numbers in the messages.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from moons_model import X20, Y20
from moons_model import moons_model as _model
from moons_model import weights as _weights
from one_neuron import OneNeuron

import nn
from autograd_mini import TraceMismatchError, UntraceableRead, Value, no_grad
from autograd_mini.value import DivisionByZero, DomainError, OpOverflow
from nn.data import moons
from nn.losses import Target

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
    # no step was taken: λ, not the learning rate, made the loss overflow
    assert "the learning rate is not the cause" in str(info.value)
    assert "lr =" not in str(info.value)
    assert _weights(model) == _weights(_model())


@pytest.mark.parametrize("compiled", [False, True])
def test_an_l2_gradient_that_overflows_is_refused_as_a_gradient(compiled: bool) -> None:
    """λ = 1.5e308 and one weight w = 1.5 (bias 0, inputs and targets 0): the cost
    λ/2·w² = 1.7e308 is finite, but its gradient λ·w = 2.25e308 is not. Eager training
    meets it in backward; compiled training adds λ·W to the replay's gradient after the
    replay checked it, so the step must check the sum again: refused as a gradient
    (not as the step's -inf) naming the parameter, with w kept."""

    model = OneNeuron()
    with pytest.raises(nn.TrainingDiverged, match=r"batch 1 of 1: the gradient") as info:
        nn.fit(model, np.zeros((4, 1)), np.zeros(4), optimizer=nn.SGD(model.parameters()),
               l2=1.5e308, batch_size=None, progress=False, compiled=compiled)  # fmt: skip
    assert "n.w.0" in str(info.value) and "would make" not in str(info.value)
    assert (model.n.w[0].data, model.n.b.data) == (1.5, 0.0)


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


@pytest.mark.parametrize("listed", [False, True], ids=["array", "lists"])
def test_targets_of_three_axes_are_named_by_their_shape(listed: bool) -> None:
    """y of shape (20, 2, 1) — a column per target, as a reshape can leave it — was
    refused as "fit: y: squared_error: target 0 holds [0.0], expected finite numbers",
    as though a number in it were nan; so were the loss functions' and accuracy's. Each
    now says the shape."""
    deep = nn.data.one_hot(Y20, 2)[:, :, None]
    y: Any = deep.tolist() if listed else deep
    model = nn.MLP(2, [2], seed=0)
    shape = (
        r"must be one entry per sample — numbers, shape \(n,\), or rows of numbers, "
        r"shape \(n, k\) — got shape \(20, 2, 1\)$"
    )
    with pytest.raises(ValueError, match=r"^fit: y " + shape):
        nn.fit(model, X20, y, epochs=1, progress=False)
    with pytest.raises(ValueError, match=r"^fit: validation y " + shape):
        nn.fit(model, X20, Y20, epochs=1, validation=(X20, y), progress=False)
    with pytest.raises(ValueError, match=r"^evaluate: y " + shape):
        nn.evaluate(model, X20, y, loss="mse")
    if not listed:  # lists of lists reach these entry by entry: "holds [1.0]" says which
        outputs = [model(x) for x in X20.tolist()]
        with pytest.raises(ValueError, match=r"^squared_error: targets " + shape):
            nn.squared_error(outputs, y)
        with pytest.raises(ValueError, match=r"^accuracy: targets " + shape):
            nn.accuracy(nn.predict(model, X20), y)
        with pytest.raises(ValueError, match=r"^accuracy: outputs " + shape):
            nn.accuracy(nn.predict(model, X20)[:, :, None], Y20)


def test_lists_of_lists_of_lists_are_refused_as_rows_of_rows_by_losses_and_accuracy() -> None:
    """fit names targets of three axes by their shape, lists or array; the losses and
    accuracy did so for an array only: the same targets as lists were "target 0 holds
    [0.0], expected finite numbers" (as though a number were bad), [[1]] for two outputs
    "a row of 1 number for 2 outputs", [[1]] for one "[1], expected a number", and
    outputs as lists "output 0 holds [0.27…], expected finite numbers". Each now says
    what the array's refusal says, and which sample holds the row."""
    model = nn.MLP(2, [2], seed=0)
    one = nn.MLP(2, [1], seed=0)
    outputs = [model(x) for x in X20.tolist()]
    outputs1 = [[one(x)] for x in X20.tolist()]
    deep = nn.data.one_hot(Y20, 2)[:, :, None].tolist()  # [[[1.0], [0.0]], …]
    column = Y20.astype(int)[:, None, None].tolist()  # [[[1]], [[0]], …]
    rows = (
        r"must be one entry per sample — numbers, shape \(n,\), or rows of numbers, "
        r"shape \(n, k\) — "
    )

    def refused(where: str, what: str, inner: str) -> Any:
        return pytest.raises(ValueError, match=f"^{where} {rows}{what} 0 holds a row, {inner}$")

    first = re.escape(str(deep[0][0]))
    with refused("squared_error: targets", "target", first):
        nn.squared_error(outputs, deep)
    with refused("hinge: targets", "target", first):
        nn.hinge(outputs, deep)
    with refused("softmax_cross_entropy: targets", "target", r"\[1\]"):
        nn.softmax_cross_entropy(outputs, column)
    with refused("squared_error: targets", "target", r"\[1\]"):
        nn.squared_error(outputs1, column)
    with refused("accuracy: targets", "target", first):
        nn.accuracy(nn.predict(model, X20), deep)
    with refused("accuracy: targets", "target", r"\[1\]"):
        nn.accuracy(nn.predict(model, X20), column)
    with refused("accuracy: targets", "target", r"\[1\]"):
        nn.accuracy(nn.predict(one, X20), column, threshold=0.5)
    with refused("accuracy: targets", "target", first):
        nn.accuracy(nn.predict(model, X20), deep, per_label=True, threshold=0.5)
    deep_out = nn.predict(model, X20)[:, :, None]
    with refused("accuracy: outputs", "output", re.escape(str(deep_out[0, 0].tolist()))):
        nn.accuracy(deep_out.tolist(), Y20.astype(int))


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


@pytest.mark.parametrize("compiled", [False, True])
def test_a_loss_whose_sample_gives_a_number_is_refused_by_fit(compiled: bool) -> None:
    """A loss whose sample() gives 0.5: eager fit trained on a batch loss of constants
    (loss [0.5], every gradient 0) without a word; compiled fit said "trace: output 0 is
    float". Both now name the loss's sample() before the first step."""

    class Half(nn.Loss):
        def sample(self, output: Any, target: Any) -> Any:
            return 0.5

    model = _model()
    before = _weights(model)
    want = r"^Half\.sample\(output, target\) for sample 0 returned the number 0\.5, not a Value"
    with pytest.raises(TypeError, match=want):
        nn.fit(model, X20, Y20, Half(), epochs=1, progress=False, compiled=compiled)
    assert _weights(model) == before


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
    meets this gradient in its setup check and then trains on the eager engine.)"""

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


# ------------------------------------------------------------------ review of 2026-12-03


@pytest.mark.parametrize("compiled", [False, True])
def test_fit_inside_no_grad_is_refused(compiled: bool) -> None:
    """With gradient recording off the eager engine records no graph: fit would return
    having trained nothing. Both ways refuse, and the weights stay."""
    from autograd_mini import NoGraph, no_grad

    model = _model()
    with no_grad(), pytest.raises(NoGraph, match=r"fit: gradient recording is off"):
        nn.fit(model, X20, Y20, epochs=1, progress=False, compiled=compiled)
    assert _weights(model) == _weights(_model())


def test_numerical_gradient_of_a_function_that_trains() -> None:
    """numerical_gradient runs f inside no_grad() to save time and runs it again
    recording when f refuses with NoGraph; fit refused with a plain RuntimeError, so a
    validation loss as a function of λ could not be differentiated numerically. Oracle:
    the central difference written out, calling the function with plain floats."""
    from autograd_mini import numerical_gradient

    def val_loss(lam: Value) -> float:
        model = _model()
        nn.fit(model, X20, Y20, l2=float(lam.data), epochs=2, progress=False)
        return float(nn.evaluate(model, X20, Y20)[0])

    lo, hi = 0.1 - 1e-4, 0.1 + 1e-4
    by_hand = (val_loss(Value(hi)) - val_loss(Value(lo))) / (hi - lo)
    assert numerical_gradient(val_loss, 0.1, eps=1e-4) == [pytest.approx(by_hand, rel=1e-12)]


@pytest.mark.parametrize("compiled", [False, True])
def test_outputs_of_row_0_that_overflow_are_named(compiled: bool) -> None:
    """fit runs row 0 once to count the model's outputs: w = 1e308 times x = 10 overflows
    there, and the error says which row."""
    model = nn.MLP(2, [1], activation="linear", output_activation="linear", seed=0)
    model.parameters()[0].data = 1e308
    X = X20.copy()
    X[0] = [10.0, 10.0]
    with pytest.raises(ValueError, match=r"outputs for X row 0 cannot be computed .*overflows"):
        nn.fit(model, X, Y20, epochs=1, progress=False, compiled=compiled)


def test_a_row_that_overflows_stops_compiled_training_where_eager_stops() -> None:
    """Row 31 of 40 is 1e200: w·x overflows there. Unshuffled batches of 10 put it in
    batch 4. Compiled training meets it first while checking its trace against the eager
    engine (row 31 is one of the sixteen probed rows) and then trains eagerly, so both
    stop at batch 4, after the same three steps."""
    X = np.ones((40, 1))
    X[31, 0] = 1e200
    y = np.zeros(40)
    got = []
    for compiled in (False, True):
        model = nn.MLP(1, [1], activation="linear", output_activation="linear", seed=0)
        with pytest.raises(nn.TrainingDiverged) as info:
            nn.fit(model, X, y, optimizer=nn.SGD(model.parameters(), lr=1e-3), epochs=1,
                   batch_size=10, shuffle=False, progress=False, compiled=compiled)  # fmt: skip
        assert (info.value.epoch, info.value.batch) == (1, 4)
        assert "the loss cannot be computed (dot of 1 product gives inf" in str(info.value)
        got.append(_weights(model))
    # three steps on rows of ones: closed form of w, b ← w − η·2(w + b), b − η·2(w + b)
    w, b = _weights(nn.MLP(1, [1], activation="linear", output_activation="linear", seed=0))
    for _ in range(3):
        r = 2.0 * (w + b)
        w, b = w - 1e-3 * r, b - 1e-3 * r
    for weights in got:
        np.testing.assert_allclose(weights, [w, b], rtol=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "says"),
    [
        ({"batch_size": 2.5}, "fit: batch_size must be a positive integer, or None"),
        ({"batch_size": 0}, "fit: batch_size must be a positive integer, or None"),
        ({"batch_size": True}, "fit: batch_size must be a positive integer, or None"),
        ({"validation": (X20, Y20, Y20)}, r"validation must be a pair .*, got tuple of 3"),
        ({"validation": {"X": X20}}, r"fit: validation must be a pair \(X_val, y_val\), got dict"),
    ],
)  # fmt: skip
def test_bad_batch_size_and_validation_are_named_before_anything_runs(
    kwargs: dict[str, Any], says: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # refused before the data checks and the trace: tracing would fail the test
    import nn.train

    def no_trace(*args: Any, **kw: Any) -> None:
        raise AssertionError("traced before the arguments were checked")

    monkeypatch.setattr(nn.train, "trace", no_trace)
    with pytest.raises(ValueError, match=says):
        nn.fit(_model(), X20, Y20, epochs=1, progress=False, compiled=True, **kwargs)


def test_numpy_integers_are_integers() -> None:
    a, b = _model(), _model()
    ha = nn.fit(a, X20, Y20, epochs=np.int64(2), batch_size=np.int64(5), progress=False)
    hb = nn.fit(b, X20, Y20, epochs=2, batch_size=5, progress=False)
    assert ha.loss == hb.loss and _weights(a) == _weights(b)
    rate = nn.linear_decay(0.1, 0.0, np.int64(10))
    assert rate(5) == pytest.approx(0.05)


@pytest.mark.parametrize(
    ("X", "y", "says"),
    [
        (X20, Y20 > 0.5, r"fit: y holds booleans"),
        (X20 + 0j, Y20, r"fit: X holds complex numbers"),
        (X20, Y20 + 0j, r"fit: y holds complex numbers"),
    ],
)
def test_booleans_and_complex_numbers_are_refused_by_name(X: Any, y: Any, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        nn.fit(_model(), X, y, epochs=1, progress=False)
    if np.iscomplexobj(X):
        with pytest.raises(ValueError, match="predict: X holds complex numbers"):
            nn.predict(_model(), X)


def test_a_kept_trainingdiverged_does_not_keep_the_batchs_graph() -> None:
    """A notebook keeps the last error (sys.last_value): through its tracebacks' frames it
    kept the failing batch's whole graph (5,442 Values, 16 MB at 784-16-16-10, batch 64).
    The frames' locals are cleared: what stays alive is about the model itself."""
    import gc

    def values() -> int:
        gc.collect()
        return sum(1 for o in gc.get_objects() if type(o) is Value)

    model = nn.MLP(2, [16, 16, 1], activation="linear", seed=7)
    X = np.full((64, 2), 1e160)  # the first forward pass overflows
    before = values()
    with pytest.raises(nn.TrainingDiverged) as info:
        nn.fit(model, X, np.zeros(64), "squared_error", nn.SGD(model.parameters(), lr=0.1),
               epochs=1, batch_size=None, progress=False)  # fmt: skip
    kept = values() - before
    assert info.value.batch == 1
    assert kept < 100, kept  # a batch's graph is thousands


def test_predict_and_evaluate_convert_a_row_at_a_time() -> None:
    """X.tolist() at once made a Python float of every entry first: ten times X (a
    reviewer's predict on 20,000 × 784 grew by 610 MB)."""
    import tracemalloc

    model = nn.MLP(50, [2, 1], seed=0)
    X = np.random.default_rng(0).random((4000, 50))  # 200,000 floats: 6 MB as a list
    tracemalloc.start()
    try:
        nn.predict(model, X)
        nn.evaluate(model, X, np.zeros(4000), loss="squared_error")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4_000_000, peak


def test_an_error_in_a_models_own_code_keeps_its_locals_for_a_debugger() -> None:
    """Only a divergence (TrainingDiverged) gives up its frames' locals: a bug in a
    model's forward keeps them, for %debug or pdb.post_mortem, and so does an exception
    that was being handled around the fit call."""

    class Broken(nn.MLP):
        calls = 0

        def forward(self, x: Any) -> Any:
            Broken.calls += 1
            if Broken.calls < 5:  # fit's set-up runs the model once: the bug comes later
                return super().forward(x)
            important = "look here"  # noqa: F841 - what a debugger should still see
            raise KeyError("a bug")

    def frames(tb: Any) -> list[Any]:
        out = []
        while tb is not None:
            out.append(tb.tb_frame)
            tb = tb.tb_next
        return out

    try:
        raise LookupError("outer")
    except LookupError as outer:
        with pytest.raises(KeyError) as info:
            nn.fit(Broken(2, [3, 1], seed=0), X20, Y20, epochs=1, progress=False)
        assert any(f.f_code.co_name == "_step" for f in frames(info.tb))  # in training
        assert any(f.f_locals.get("important") == "look here" for f in frames(info.tb))
        assert frames(outer.__traceback__)[0].f_locals  # the test's own frame, untouched


def test_a_kept_ctrl_c_does_not_keep_the_batchs_graph() -> None:
    """Ctrl-C during a step (here, inside the optimizer's update), kept by a notebook:
    its frames held the batch's graph (4,290 Values in a reviewer's run)."""
    import gc

    class Stopped(nn.SGD):
        def update(self, data: Any, grad: Any, lr: float) -> None:
            raise KeyboardInterrupt

    def values() -> int:
        gc.collect()
        return sum(1 for o in gc.get_objects() if type(o) is Value)

    model = nn.MLP(2, [16, 16, 1], seed=7)
    X, y = np.random.default_rng(0).random((64, 2)), np.zeros(64)
    before = values()
    with pytest.raises(KeyboardInterrupt) as info:
        nn.fit(model, X, y, "squared_error", Stopped(model.parameters(), lr=0.1), epochs=1,
               batch_size=None, progress=False)  # fmt: skip
    kept = values() - before
    assert info.value is not None and kept < 100, kept


@pytest.mark.parametrize("kind", [str, object])
def test_x_of_strings_is_refused_not_converted(kind: type) -> None:
    """np.asarray(X).astype(float) turned "0.5" into 0.5 without a word (an object array
    is what a pandas column of strings becomes)."""
    X = np.full((20, 2), "0.1").astype(kind)
    want = r"^fit: X row 0 column 0 is the string '0\.1'; give numbers"
    with pytest.raises(ValueError, match=want):
        nn.fit(_model(), X, Y20, epochs=1, progress=False)
    numbers_as_objects = X20.astype(object)  # numbers in an object array still train
    nn.fit(_model(), numbers_as_objects, Y20, epochs=1, progress=False)


def test_a_numpy_float32_parameter_trains_as_the_float_it_equals() -> None:
    """np.float32 written into p.data by hand: eager fit failed ("__float__ returned
    non-float"); it trains as the Python float of the same value."""
    a, b = _model(), _model()
    for p, q in zip(a.parameters(), b.parameters(), strict=True):
        p.data = np.float32(p.data)
        q.data = float(np.float32(q.data))
    ha = nn.fit(a, X20, Y20, epochs=2, batch_size=5, progress=False)
    hb = nn.fit(b, X20, Y20, epochs=2, batch_size=5, progress=False)
    assert ha.loss == hb.loss and _weights(a) == _weights(b)


@pytest.mark.parametrize(
    ("loss", "says"),
    [
        (lambda out, t: out, r"write a subclass of nn\.Loss with sample"),
        (nn.squared_error, r"function squared_error: give loss='squared_error' or nn\.SquaredErr"),
        (nn.SquaredError, r"a class: give an instance, SquaredError\(\)"),
    ],
)  # fmt: skip
def test_a_function_or_class_given_as_the_loss_is_told_what_to_give(loss: Any, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        nn.fit(_model(), X20, Y20, loss=loss, epochs=1, progress=False)


def test_compiled_fit_of_a_branching_model_says_to_train_eagerly() -> None:
    class Branchy(nn.MLP):
        def forward(self, x: Any) -> Any:
            out = super().forward(x)
            return out if x[0] > 0 else [o * 2 for o in out]  # a branch on the data

    X = np.r_[X20, -X20]
    with pytest.raises(TraceMismatchError, match="train this model with compiled=False"):
        nn.fit(Branchy(2, [3, 1], seed=0), X, np.r_[Y20, Y20], epochs=1, progress=False,
               compiled=True)  # fmt: skip


class _WeightNormed(nn.Module):
    """z = (w/‖w‖)·x + b with ‖w‖ read as a number: right eagerly (‖w‖ is read afresh on
    every sample), while a trace would keep the ‖w‖ of the starting weights."""

    def __init__(self) -> None:
        self.w = [Value(0.5, label="w0"), Value(-0.3, label="w1")]
        self.b = Value(0.1, label="b")

    def own_parameters(self) -> list[tuple[str, Value]]:
        return [("w.0", self.w[0]), ("w.1", self.w[1]), ("b", self.b)]

    def forward(self, x: Any) -> Any:
        norm = math.sqrt(sum(float(w) ** 2 for w in self.w))
        return [sum((w * (xi / norm) for w, xi in zip(self.w, x, strict=True)), self.b)]


class _ClippedInput(nn.MLP):
    """A ReLU written as Python's if on the input: the branch is chosen per sample."""

    def forward(self, x: Any) -> Any:
        return super().forward([xi if xi > 0 else 0.0 for xi in x])


def test_compiled_fit_refuses_a_model_that_reads_a_parameter_as_a_number() -> None:
    """fit(compiled=True) trained this model without a word and ended far from the eager
    run (w ≈ (0.50, −1.57) against (2.16, −2.64) after 5 epochs): the replay kept
    ‖w‖ = 0.583 from the starting weights. The sixteen-sample check runs at the starting
    weights, where the two agree. Now refused when traced, naming the read."""
    X, y = moons(64, seed=0)
    eager = _WeightNormed()
    nn.fit(eager, X, 2 * y - 1, loss="hinge", optimizer=nn.SGD(eager.parameters(), lr=0.5),
           epochs=5, batch_size=8, progress=False)  # fmt: skip
    # the eager engine read ‖w‖ afresh: its first step, by hand, moved w off (0.5, −0.3)
    assert _weights(eager)[:2] != [0.5, -0.3]
    compiled = _WeightNormed()
    with pytest.raises(UntraceableRead, match=r"reads node 'w0' \(data 0\.5\).*float\(\)") as c:
        nn.fit(compiled, X, 2 * y - 1, loss="hinge", epochs=5, batch_size=8, progress=False,
               optimizer=nn.SGD(compiled.parameters(), lr=0.5), compiled=True)  # fmt: skip
    assert _weights(compiled) == [0.5, -0.3, 0.1]  # refused before any step
    # fit's words added, the error's fields kept: the node read, the kind of read
    assert c.value.node is compiled.parameters()[0] and c.value.kind == "number"


def test_compiled_fit_refuses_a_weight_norm_computed_inside_no_grad() -> None:
    """The same weight-normalised neuron with ‖w‖ computed inside no_grad(): its Values
    had no parents, so the read looked like a constant's, and compiled training ended at
    w ≈ (0.14, −0.70) where eager training reaches (41.8, 13.7) over 20 epochs, without
    a word. no_grad() while a trace records is refused."""

    class NoGradNorm(_WeightNormed):
        def forward(self, x: Any) -> Any:
            with no_grad():
                norm = float((self.w[0] ** 2 + self.w[1] ** 2).sqrt())
            return [sum((w * (xi / norm) for w, xi in zip(self.w, x, strict=True)), self.b)]

    X, y = moons(64, seed=0)
    model = NoGradNorm()
    with pytest.raises(UntraceableRead, match=r"no_grad\(\).*train this model with compiled=False"):
        nn.fit(model, X, 2 * y - 1, loss="hinge", epochs=1, batch_size=8, progress=False,
               optimizer=nn.SGD(model.parameters(), lr=0.5), compiled=True)  # fmt: skip
    assert _weights(model) == [0.5, -0.3, 0.1]
    nn.fit(model, X, 2 * y - 1, loss="hinge", epochs=1, batch_size=8, progress=False,
           optimizer=nn.SGD(model.parameters(), lr=0.5))  # fmt: skip
    assert _weights(model)[:2] != [0.5, -0.3]  # eager training reads ‖w‖ afresh


@pytest.mark.parametrize("where", ["a row the check does not look at", "the validation data"])
def test_compiled_fit_refuses_a_branch_on_the_input_that_the_check_would_not_meet(
    where: str,
) -> None:
    """The check compares sixteen training rows: a branch only row 3 of 100 takes (or only
    the validation data, which is never checked) replayed the example's path, and the
    history's losses differed from the eager run's (val_loss 0.341 against 0.397) with no
    error. The comparison is refused when traced, whatever the data."""
    rng = np.random.default_rng(0)
    X = rng.uniform(0.1, 1.0, size=(100, 2))
    y = (X[:, 0] > X[:, 1]).astype(float)
    val = None
    if where == "the validation data":
        val = (rng.uniform(-1.0, 1.0, size=(40, 2)), np.ones(40))
    else:
        X[3] = (-5.0, -5.0)
    model = _ClippedInput(2, [4, 1], seed=0)
    with pytest.raises(
        UntraceableRead, match=r"a comparison >.*train this model with compiled=False"
    ):
        nn.fit(model, X, y, loss="bce_with_logits", epochs=1, progress=False, compiled=True,
               validation=val)  # fmt: skip
    history = nn.fit(model, X, y, loss="bce_with_logits", epochs=1, progress=False,
                     validation=val)  # fmt: skip
    assert math.isfinite(history.loss[0])  # the eager engine trains it


def test_a_value_of_a_value_says_why_and_what_to_write_under_a_trace() -> None:
    """A model that wraps its inputs (Value(x[0]) + 0.0) trains eagerly, where x holds
    floats, and failed under fit(compiled=True), where the trace's inputs are Values,
    with "expected a real number, got a Value (use it directly)" — which named neither
    the Value nor the trace. The message now shows it and says what to write."""

    class Wrapping(nn.MLP):
        def forward(self, x: Any) -> Any:
            return super().forward([Value(xi) for xi in x])

    X, y = moons(8, seed=0)
    assert nn.fit(Wrapping(2, [1], seed=0), X, y, epochs=1, progress=False).loss  # eager
    with pytest.raises(TypeError, match=re.escape("write x[i], not Value(x[i])")) as err:
        nn.fit(Wrapping(2, [1], seed=0), X, y, epochs=1, progress=False, compiled=True)
    assert "Value(data=" in str(err.value) and "cut off from v's" in str(err.value)


@pytest.mark.parametrize(
    ("loss", "squash"), [("bce_with_logits", "sigmoid"), ("cross_entropy", "softmax")]
)
def test_a_squashing_output_before_a_loss_on_logits_is_warned_about(loss: str, squash: str) -> None:
    """σ(σ(z)): binary cross-entropy stuck at log 2 on the digits, every sample one class,
    without a word. A warning (the model may mean it); none for a linear output."""
    nout = 1 if loss == "bce_with_logits" else 2
    y = Y20 if nout == 1 else Y20.astype(int)
    sig = nn.MLP(2, [3, nout], output_activation="sigmoid", seed=0)
    with pytest.warns(UserWarning, match=f"applies the {squash} itself") as record:
        nn.fit(sig, X20, y, loss, epochs=1, progress=False)
    assert record[0].filename == __file__  # at the user's fit call (shown again per call)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nn.fit(nn.MLP(2, [3, nout], seed=0), X20, y, loss, epochs=1, progress=False)


@pytest.mark.parametrize(
    ("loss", "squash"), [("bce_with_logits", "sigmoid"), ("cross_entropy", "softmax")]
)
def test_evaluate_warns_of_a_squashing_output_before_a_loss_on_logits(
    loss: str, squash: str
) -> None:
    """fit warned of σ(σ(z)); evaluate(model, X, y, loss="bce_with_logits") on a sigmoid
    output did not, and scored its probabilities as logits: each is above 0, so every
    sample was class 1 and the accuracy the share of positives (here 0.5), without a
    word. By hand: at the logits' threshold 0, every probability in (0, 1) is class 1."""
    nout = 1 if loss == "bce_with_logits" else 2
    y = Y20 if nout == 1 else Y20.astype(int)
    sig = nn.MLP(2, [3, nout], output_activation="sigmoid", seed=0)
    with pytest.warns(UserWarning, match=f"^evaluate: .* applies the {squash} itself") as record:
        _, accuracy = nn.evaluate(sig, X20, y, loss=loss)
    assert record[0].filename == __file__
    if nout == 1:  # every output a probability > 0, every sample class 1
        assert accuracy == float(np.mean(Y20 == 1))
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nn.evaluate(nn.MLP(2, [3, nout], seed=0), X20, y, loss=loss)
        nn.evaluate(sig, X20, y, loss="squared_error")


@pytest.mark.parametrize("compiled", [False, True])
def test_a_sum_that_overflows_into_nan_is_called_an_overflow(compiled: bool) -> None:
    """A linear model diverging at lr 0.3: a neuron's Σ w·a passes ±1.8e308 and meets its
    opposite, inf − inf = nan. Eager training said it overflows; the compiled replay
    said an input was outside the op's domain (a DomainError), which dot has none of."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    y = X @ [1.0, 2.0, 3.0] + 0.5
    model = nn.MLP(3, [4, 1], activation="linear", seed=0)
    with pytest.raises(nn.TrainingDiverged, match=r"epoch \d of 5, batch \d of 5") as info:
        nn.fit(model, X, y, epochs=5, batch_size=8, optimizer=nn.SGD(model.parameters(), lr=0.3),
               seed=0, progress=False, compiled=compiled)  # fmt: skip
    cause = info.value.__cause__
    assert isinstance(cause, OpOverflow), repr(cause)
    assert "dot" in str(cause) and "overflows a float" in str(cause)
    assert "domain" not in str(info.value)


def test_a_forward_that_returns_one_value_is_named() -> None:
    """forward(x) returning a bare Value (as micrograd's modules, and nn's own __call__
    for one output, do) met a TypeError deep inside fit, predict and evaluate ("object
    of type 'Value' has no len()"); each now says what forward must return."""
    from autograd_mini import dot

    class Lin(nn.Module):
        def __init__(self) -> None:
            self.w, self.b = [Value(0.3), Value(-0.2)], Value(0.1)

        def own_parameters(self) -> list[tuple[str, Value]]:
            return [("w.0", self.w[0]), ("w.1", self.w[1]), ("b", self.b)]

        def forward(self, x: Any) -> Value:
            return dot(self.w, list(x), self.b)

    # the sample named too: X row 0 (fit, predict, evaluate), sample 0 of the batch, or
    # the traced sample of compiled fit
    want = r"Lin\.forward\(x\) for (X row|sample|the traced sample).* returned Value, expected a "
    want += "list of Values"
    for call in (
        lambda: nn.fit(Lin(), X20, Y20, epochs=1, progress=False),
        lambda: nn.fit(Lin(), X20, Y20, epochs=1, progress=False, compiled=True),
        lambda: nn.predict(Lin(), X20),
        lambda: nn.evaluate(Lin(), X20, Y20, loss="squared_error"),
    ):
        with pytest.raises(TypeError, match=want):
            call()


class _Numbers(nn.Module):
    """A model whose forward gives a plain number, x₀·1.0, where a Value belongs: on rows
    whose first input exceeds ``above`` (all rows by default), a Value of its weight
    elsewhere."""

    def __init__(self, above: float = -math.inf) -> None:
        self.w, self.above = Value(0.5), above

    def own_parameters(self) -> list[tuple[str, Value]]:
        return [("w.0", self.w)]

    def forward(self, x: Any) -> list[Any]:
        return [x[0] * 1.0] if x[0] > self.above else [self.w * x[0]]


@pytest.mark.parametrize("compiled", [False, True])
def test_a_forward_that_gives_a_number_is_refused_by_fit(compiled: bool) -> None:
    """forward(x) giving [x₀·1.0], a float: eager fit failed in the loss ("'float'
    object is not iterable"), and compiled fit, whose trace fed x₀ as a Value, trained
    without a word on a loss no parameter took part in."""
    X, y = [[0.25], [2.0]], [1.0, 0.0]
    want = (
        r"^fit: _Numbers\.forward\(x\) for X row 0 returned \[0\.25\], whose output 0 is "
        r"the number 0\.25, not a Value: a plain number carries no gradient"
    )
    with pytest.raises(TypeError, match=want):
        nn.fit(_Numbers(), X, y, epochs=1, progress=False, compiled=compiled)
    with pytest.raises(TypeError, match=r"^fit: _Numbers.* for validation X row 0 returned"):
        nn.fit(_Numbers(1.0), X[:1], y[:1], validation=(X[1:], y[1:]), progress=False,
               compiled=compiled)  # fmt: skip


def test_a_number_among_the_outputs_of_a_later_sample_is_named_in_its_batch() -> None:
    """Row 0 gives a Value, row 2 a float: eager training names the sample in its batch."""
    X, y = [[0.5], [0.75], [2.0]], [1.0, 0.0, 1.0]
    model = _Numbers(above=1.0)
    want = r"^fit: _Numbers\.forward\(x\) for sample 2 of the batch returned \[2\.0\], whose "
    with pytest.raises(TypeError, match=want + r"output 0 is the number 2\.0, not a Value"):
        nn.fit(model, X, y, epochs=1, batch_size=None, shuffle=False, progress=False)
    assert model.w.data == 0.5  # refused before the step


@pytest.mark.parametrize("call", ["predict", "evaluate"])
def test_predict_and_evaluate_take_a_plain_number_among_the_outputs(call: str) -> None:
    """predict raised AttributeError ("'float' object has no attribute 'data'") and
    evaluate TypeError from the loss; then both refused it, saying "a plain number carries
    no gradient, so no parameter could learn from it" — but nothing learns in predict or
    evaluate, and a constant output is a prediction as good as any. Now it is taken
    (fit still refuses it); one that is not finite, or an int no float holds, is refused
    naming the row. Oracle: row 0 gives w·x₀ = 0.5·0.5, row 1 gives x₀·1.0 = 2.0."""
    model = _Numbers(above=1.0)
    X = [[0.5], [2.0]]
    if call == "predict":
        assert nn.predict(model, X).tolist() == [[0.25], [2.0]]
        assert nn.predict(lambda x: [1.0], [[1.0, 2.0]]).tolist() == [[1.0]]
    else:  # squared error against (1, 0): ((0.25 − 1)² + 2²) / 2
        assert nn.evaluate(model, X, [1.0, 0.0], loss="squared_error")[0] == (0.75**2 + 4.0) / 2
    for bad, shown in ((math.nan, "nan"), (math.inf, "inf"), (2**53 + 1, "9007199254740993")):
        f = lambda x, bad=bad: [x[0], bad] if x[0].data > 1.0 else [x[0], 0.0]  # noqa: E731
        want = rf"^{call}: <lambda>\(x\) for X row 1 returned .*, whose output 1 is {shown}"
        with pytest.raises(ValueError, match=want + ", not a finite number a float holds$"):
            nn.predict(f, X) if call == "predict" else nn.evaluate(
                f, X, [[1.0, 0.0]] * 2, loss="squared_error"
            )


@pytest.mark.parametrize("call", ["predict", "evaluate"])
def test_predict_and_evaluate_name_the_row_an_engine_error_met(call: str) -> None:
    """predict(lambda x: [x[0] / x[1]], X) with x₁ = 0 in row 1 raised the engine's bare
    DivisionByZero, which names no row (fit names it); now the same class, its message
    after the row. log of −1 and exp(1000) alike."""
    X = [[1.0, 2.0], [0.5, 0.0], [-1.0, 1000.0]]
    cases = [
        (lambda x: [x[0] / x[1]], DivisionByZero, 1),
        (lambda x: [x[0].log()], DomainError, 2),
        (lambda x: [x[1].exp()], OpOverflow, 2),
    ]
    for f, cls, row in cases:
        with pytest.raises(cls, match=rf"^{call}: <lambda>\(x\) for X row {row}: ") as caught:
            nn.predict(f, X) if call == "predict" else nn.evaluate(
                f, X, [0.0] * 3, loss="squared_error"
            )
        assert type(caught.value) is cls and isinstance(caught.value.__cause__, cls)
    with pytest.raises(ZeroDivisionError):  # a DivisionByZero is one, as the engine's was
        nn.predict(lambda x: [x[0] / 0], X)


def test_evaluate_names_the_row_whose_loss_the_engine_refuses() -> None:
    """An engine error in evaluate's model named the row ("for X row i"); one raised by
    the loss — log 0, a division by zero, a square that overflows — escaped bare, naming
    no row. Now the same class, chained, after the loss and the row. Oracle: the row
    planted, the only one whose term is −log 0, (a − y)/0 or (1e200)²; two terms of
    (1e154)² = 1e308 each, finite alone, overflow only summed (no row to name)."""

    class NegLog(nn.Loss):  # −y·log p, p the output
        def sample(self, output: list[Value], target: list[Value]) -> Value:
            return -output[0].log() * target[0]

    class Relative(nn.Loss):  # (a − y)/y: a target of 0 divides by zero
        def sample(self, output: list[Value], target: list[Value]) -> Value:
            return (output[0] - target[0]) / target[0]

    X = [[0.5], [0.25], [0.0], [1e200]]
    cases: list[tuple[Any, list[float], type[Exception], int]] = [
        (NegLog(), [1.0, 1.0, 1.0, 1.0], DomainError, 2),
        (Relative(), [1.0, 0.0, 2.0, 1.0], DivisionByZero, 1),
        ("squared_error", [0.0, 0.0, 0.0, 0.0], OpOverflow, 3),
    ]
    for loss, y, cls, row in cases:
        name = loss if isinstance(loss, str) else type(loss).__name__
        with pytest.raises(cls, match=rf"^evaluate: the loss {name} for X row {row}: ") as caught:
            nn.evaluate(lambda x: [x[0]], X, y, loss=loss)
        assert type(caught.value) is cls and isinstance(caught.value.__cause__, cls)
    with pytest.raises(OpOverflow, match=r"^evaluate: the loss squared_error over all 2 rows"):
        nn.evaluate(lambda x: [x[0]], [[1e154], [1e154]], [0.0, 0.0], loss="squared_error")


@pytest.mark.parametrize("given", [[], [True], [Value(1.0), None]])
def test_a_forward_that_gives_no_outputs_or_not_values_is_named(given: list[Any]) -> None:
    """An empty list made predict give an array of no columns; a bool or None among the
    outputs met an error inside the loss or predict's ``.data``."""

    class Gives(_Numbers):
        def forward(self, x: Any) -> list[Any]:
            return given

    what = "no outputs" if not given else f"whose output {len(given) - 1} is"
    for call in (nn.predict, lambda m, X: nn.fit(m, X, [1.0], progress=False)):
        name = "predict" if call is nn.predict else "fit"
        with pytest.raises(TypeError, match=rf"^{name}: Gives.* X row 0 .*{what}"):
            call(Gives(), [[1.0]])


def test_an_output_of_constants_is_a_value_and_the_models_business() -> None:
    """Only what is not a Value is refused: a Value of constants alone goes through."""

    class Constant(_Numbers):
        def forward(self, x: Any) -> list[Any]:
            return [Value(2.0) + 0.5, self.w * 0.0]

    assert nn.predict(Constant(), [[1.0], [3.0]]).tolist() == [[2.5, 0.0], [2.5, 0.0]]
    # squared error of the outputs (2.5, 0) against the row (1, 0): 1.5² = 2.25 each
    assert (
        nn.evaluate(Constant(), [[1.0], [3.0]], [[1.0, 0.0]] * 2, loss="squared_error")[0] == 2.25
    )


@pytest.mark.parametrize("call", ["predict", "evaluate"])
def test_predict_and_evaluate_name_themselves_for_a_model_that_is_not_a_module(
    call: str,
) -> None:
    """nn.predict(None, X) said "fit: NoneType has no forward(x) method"."""
    want = rf"^{call}: model must be an nn\.Module or a function f\(x\) .*got NoneType$"
    with pytest.raises(TypeError, match=want):
        nn.predict(None, X20) if call == "predict" else nn.evaluate(None, X20, Y20)  # type: ignore[arg-type]


@pytest.mark.parametrize("call", ["fit", "predict", "evaluate"])
def test_a_module_with_call_and_no_forward_is_told_to_name_it_forward(call: str) -> None:
    """A subclass written as micrograd's modules are, with __call__ and no forward, was
    told only "has no forward(x) method", though it has the method under another name."""
    w = Value(0.5)

    class Micro(nn.Module):
        def __call__(self, x: Any) -> Any:
            return [w * x[0]]

        def own_parameters(self) -> list[tuple[str, Value]]:
            return [("w.0", w)]

    calls = {
        "fit": lambda: nn.fit(Micro(), X20, Y20, epochs=1, progress=False),
        "predict": lambda: nn.predict(Micro(), X20),
        "evaluate": lambda: nn.evaluate(Micro(), X20, Y20, loss="squared_error"),
    }
    with pytest.raises(TypeError) as caught:
        calls[call]()
    assert str(caught.value) == (
        f"{call}: Micro has no forward(x) method (it defines __call__; {call} calls forward: "
        f"name the method forward, and model(x) still calls it)"
    )


def test_predict_and_evaluate_take_a_plain_function_of_values() -> None:
    """predict and evaluate refused anything but an nn.Module ("model must be an
    nn.Module, got function"), though they only call it: a student's f(list of Values)
    → list of Values is a model to score too. It is called with each row as Values
    (x[0].tanh() works), and its outputs are checked as a Module's are. The outputs
    here are worked out by hand: tanh(x₀) and x₀·x₁ + 1."""
    w = Value(2.0)

    def f(x: list[Value]) -> list[Value]:
        return [x[0].tanh(), x[0] * x[1] + w * 0.5]

    X = [[0.5, 2.0], [-1.0, 3.0]]
    expected = [[math.tanh(0.5), 2.0], [math.tanh(-1.0), -2.0]]
    assert nn.predict(f, X).tolist() == expected
    # squared error against (0, 0) per row: Σ outputs², the mean over the two rows
    loss, _ = nn.evaluate(f, X, [[0.0, 0.0]] * 2, loss="squared_error")
    assert loss == pytest.approx(sum(a * a + b * b for a, b in expected) / 2, rel=1e-15)
    assert nn.predict(lambda x: [x[0] + x[1]], X).tolist() == [[2.5], [2.0]]

    def g(x: list[Value]) -> Value:
        return x[0]

    with pytest.raises(TypeError, match=r"^predict: g\(x\) for X row 0 returned Value, expected"):
        nn.predict(g, X)
    with pytest.raises(TypeError, match=r"^predict: model must be an nn\.Module or a .*got int$"):
        nn.predict(3, X)  # type: ignore[arg-type]


def test_evaluate_reads_ragged_targets_as_fit_does() -> None:
    """evaluate passed numpy's "inhomogeneous shape" error on, and the loss's "2 outputs but
    3 targets" for X and y of different lengths; fit's reading names the row."""
    model = nn.MLP(2, [2], seed=0)
    X = [[0.0, 1.0], [1.0, 0.0]]
    want = r"^evaluate: y is ragged: target 1 is a row of 1 number but target 0 is a row of 2 "
    with pytest.raises(ValueError, match=want + "numbers"):
        nn.evaluate(model, X, [[1, 0], [1]], "cross_entropy")
    with pytest.raises(ValueError, match=r"^evaluate: y is None; give one target per row of X$"):
        nn.evaluate(model, X, None, "cross_entropy")
    want = r"^evaluate: y has 3 targets for X's 2 rows: give one target per row of X$"
    with pytest.raises(ValueError, match=want):
        nn.evaluate(model, X, [0, 1, 1], "cross_entropy")
    with pytest.raises(ValueError, match=r"^evaluate: X holds no samples \(shape \(0, 2\)\)"):
        nn.evaluate(model, np.zeros((0, 2)), [], "cross_entropy")


# ------------------------------------------------------------------ data numpy holds as objects
# A list mixing numbers with a Fraction, a None or an int beyond int64 is an object array:
# fit's check sorted it for the distinct targets (a None does not compare) and called
# tolist() on a Fraction (AttributeError), and converting X raised a bare OverflowError
# or turned a None into nan. evaluate, which the losses check sample by sample, is the
# oracle for what is accepted and how a refusal is worded.


def _objects(values: Any, at: int, value: Any) -> np.ndarray:
    """``values`` as an object array, with ``value`` at row ``at``."""
    a = np.array(values, dtype=object)
    a[at] = value
    return a


@pytest.mark.parametrize("compiled", [False, True])
@pytest.mark.parametrize("case", ["fractions", "decimals", "object class indices", "fraction rows"])
def test_targets_numpy_holds_as_objects_train_as_the_numbers_they_are(
    case: str, compiled: bool
) -> None:
    """Fractions are real numbers: a fit on them is the fit on the floats they equal,
    step for step (and so is one on class indices that happen to sit in an object
    array); validation targets alike, and evaluate. Decimals too, as X's cells are read
    (they were refused as targets: "Decimal('0.25'), expected a number")."""
    if case == "decimals":
        model = lambda: nn.MLP(2, [3, 1], activation="tanh", seed=7)  # noqa: E731
        y = [Decimal("0.25") if v else Decimal("-0.75") for v in Y20]
        twin = np.array([0.25 if v else -0.75 for v in Y20])
        loss = "squared_error"
    elif case == "fractions":
        model = lambda: nn.MLP(2, [3, 1], activation="tanh", seed=7)  # noqa: E731
        y: Any = [Fraction(1, 3) if v else Fraction(2, 3) for v in Y20]
        y[5] = 1  # an int among them
        twin: Any = np.array([1 / 3 if v else 2 / 3 for v in Y20])
        twin[5] = 1.0
        loss = "squared_error"
    elif case == "object class indices":
        model = lambda: nn.MLP(2, [3, 3], seed=7)  # noqa: E731
        twin = (np.arange(20) % 3).astype(np.int64)
        y = twin.astype(object)
        loss = "cross_entropy"
    else:
        model = lambda: nn.MLP(2, [3, 2], seed=7)  # noqa: E731
        y = [[Fraction(1, 4), Fraction(3, 4)] if v else [1, 0] for v in Y20]
        twin = np.array([[0.25, 0.75] if v else [1.0, 0.0] for v in Y20])
        loss = "cross_entropy"
    runs = []
    for targets in (y, twin):
        m = model()
        h = nn.fit(m, X20, targets, loss, epochs=2, batch_size=8, progress=False,
                   compiled=compiled, validation=(X20[:6], targets[:6]))  # fmt: skip
        runs.append((h.loss, h.accuracy, h.val_loss, h.val_accuracy, _weights(m),
                     nn.evaluate(m, X20, targets, loss)))  # fmt: skip
    assert runs[0] == runs[1]
    assert runs[0][0][0] > 0  # it trained on something


def test_evaluate_scores_labels_given_as_fractions_where_fit_does() -> None:
    """±1 labels as Fractions: fit scores a one-output model at their midpoint, 0 (it
    converts them first); evaluate read the object array as no two values and scored at
    0.5, so the same model and labels got another accuracy. Oracle: the outputs
    (predict) against 0, counted here."""
    model = nn.MLP(2, [3, 1], activation="tanh", output_activation="tanh", seed=3)
    labels = np.where(Y20 > 0, 1, -1)
    out = nn.predict(model, X20)[:, 0]
    assert ((out > 0) & (out < 0.5)).any()  # where the two thresholds disagree
    by_hand = float(np.mean((out > 0) == (labels > 0)))
    for y in ([Fraction(int(v)) for v in labels], [Decimal(int(v)) for v in labels], labels):
        assert nn.evaluate(model, X20, y, loss="squared_error")[1] == by_hand


@pytest.mark.parametrize("compiled", [False, True])
def test_a_string_among_numbers_is_named_where_it_is(compiled: bool) -> None:
    """numpy makes every entry of [0.0, 'a', 1.0] a string: fit and evaluate named target
    0 (the number 0.0, shown as '0.0') instead of target 1, and X's error quoted a number
    as the string it had been made."""
    y: list[Any] = Y20.tolist()
    y[1] = "a"
    says = "squared_error: target 1 is 'a', expected a number or a row of them"
    with pytest.raises(ValueError, match=f"^evaluate: y: {re.escape(says)}"):
        nn.evaluate(_model(), X20, y, loss="squared_error")
    with pytest.raises(ValueError, match=f"^fit: y: {re.escape(says)}"):
        nn.fit(_model(), X20, y, epochs=1, progress=False, compiled=compiled)
    X: list[Any] = X20.tolist()
    X[3] = [0.5, "b"]
    for call in (
        lambda: nn.fit(_model(), X, Y20, epochs=1, progress=False, compiled=compiled),
        lambda: nn.evaluate(_model(), X, Y20, loss="squared_error"),
    ):
        with pytest.raises(ValueError, match=r"X row 3 column 1 is the string 'b'; give numbers"):
            call()


@pytest.mark.parametrize("compiled", [False, True])
@pytest.mark.parametrize(
    ("loss", "y", "says"),
    [
        ("squared_error", _objects(Y20, 1, None),
         "squared_error: target 1 is None, expected a number or a row of them"),
        ("squared_error", _objects(Y20, 2, 10**400),
         "squared_error: target 2 holds an integer of 401 digits, expected finite numbers"),
        ("squared_error", _objects(Y20, 0, Decimal("NaN")),
         "squared_error: target 0 holds Decimal('NaN'), expected finite numbers"),
        ("squared_error", _objects(Y20, 9, Decimal("1e400")),
         "squared_error: target 9 holds Decimal('1E+400'), beyond a float (±1.8e308; "
         "finite as a Decimal, inf as a float)"),
        ("squared_error", _objects(Y20, 4, Decimal("sNaN")),
         "squared_error: target 4 holds Decimal('sNaN'), expected finite numbers"),
        ("squared_error", _objects(Y20, 1, b"a"),
         "squared_error: target 1 is b'a', expected a number or a row of them"),
        ("squared_error", [[v] for v in [*Y20[:3], None, *Y20[4:]]],
         "squared_error: target 3 holds None, expected finite numbers"),
        ("cross_entropy", _objects(np.arange(20) % 2, 4, 2**70),
         "softmax_cross_entropy: target 4 is 1180591620717411303424, which is no class: a "
         "class index is a whole number 0 ≤ class < 2; or give a row of 2 numbers"),
        ("cross_entropy", _objects(np.arange(20) % 2, 6, Fraction(1)),
         "softmax_cross_entropy: target 6 is the single number Fraction(1, 1) for 2 outputs"),
    ],
    ids=["None", "10**400", "Decimal nan", "Decimal 1e400", "Decimal sNaN", "bytes",
         "None in a row", "class 2**70",
         "Fraction as a class"],
)  # fmt: skip
def test_a_target_numpy_holds_as_an_object_is_refused_by_its_row(
    loss: str, y: Any, says: str, compiled: bool
) -> None:
    """A target the loss refuses is named by its row, in the words evaluate uses
    (before: AttributeError 'Fraction' object has no attribute 'tolist', TypeError '<'
    not supported between float and NoneType, axis not supported for dtype object)."""
    model = nn.MLP(2, [3, 2 if loss == "cross_entropy" else 1], seed=0)
    with pytest.raises(ValueError) as evaluated:
        nn.evaluate(model, X20, y, loss)
    assert str(evaluated.value).startswith(f"evaluate: y: {says}")
    with pytest.raises(ValueError) as info:
        nn.fit(model, X20, y, loss, epochs=1, progress=False, compiled=compiled)
    # the same words, each after its caller's name and the argument
    said = str(evaluated.value).removeprefix("evaluate: y: ")
    assert str(info.value) == f"fit: y: {said}"
    with pytest.raises(ValueError, match=rf"^fit: validation y: {re.escape(says)}"):
        nn.fit(model, X20, np.arange(20) % 2 if loss == "cross_entropy" else Y20, loss,
               validation=(X20, y), progress=False, compiled=compiled)  # fmt: skip


def _cells(row: int, column: int, value: Any) -> np.ndarray:
    """X20 as an object array, with ``value`` in one cell."""
    X = X20.astype(object)
    X[row, column] = value
    return X


@pytest.mark.parametrize(
    ("X", "says"),
    [
        (_cells(0, 0, 10**400), r"X row 0 column 0 is an integer of 401 digits, beyond a float \("),
        (_cells(3, 1, None), r"X row 3 column 1 is None, not a number$"),
        (_cells(2, 0, True), r"X row 2 column 0 is the boolean True — a boolean is no number"),
        (_cells(5, 1, Fraction(10**400, 3)),
         r"X row 5 column 1 is Fraction\(1000\d+…, beyond a float \("),
        (_cells(4, 0, math.nan), r"X row 4 column 0 is nan$"),
        (_cells(6, 1, Decimal("1e400")),
         r"X row 6 column 1 is Decimal\('1E\+400'\), beyond a float \("),
        (_cells(6, 0, Decimal("-Infinity")), r"X row 6 column 0 is -inf$"),
        (_cells(7, 1, {}), r"X row 7 column 1 is \{\}, not a number$"),
        ([[0.5, 1], [10**400, 2]],
         r"X row 1 column 0 is an integer of 401 digits, beyond a float \("),
        (_cells(2, 1, "x" * 50),  # its first 20 were shown as if they were all of it
         r"X row 2 column 1 is the string 'x{20}'… \(50 characters\); give numbers \("),
        (_cells(2, 1, "z" * 20), r"X row 2 column 1 is the string 'z{20}'; give numbers \("),
        (_cells(2, 1, b"y" * 21), r"X row 2 column 1 is the bytes b'y{20}'… \(21 bytes\); give "),
        (_cells(2, 1, b"ab"), r"X row 2 column 1 is the bytes b'ab'; give numbers \(bytes"),
        ([[0.5, 0.5], [0.5, "b"]], r"X row 1 column 1 is the string 'b'; give numbers \("),
        (np.where(np.arange(40).reshape(20, 2) == 9, np.nan, X20), r"X row 4 column 1 is nan$"),
        (np.where(np.arange(40).reshape(20, 2) == 2, -np.inf, X20).astype(np.float32),
         r"X row 1 column 0 is -inf$"),
        ([[0.5, 2**53 + 1]], r"X row 0 column 1 is the integer 9007199254740993, which no "),
        (_cells(3, 0, np.timedelta64(5, "s")),
         r"X row 3 column 0 is np\.timedelta64\(5,'s'\): a numpy timedelta64 is a duration"),
        (_cells(1, 1, np.datetime64("2020-01-01")),
         r"X row 1 column 1 is np\.datetime64\('2020-01-01'\): a numpy datetime64 is a date"),
    ],
    ids=["10**400", "None", "True", "a huge Fraction", "nan", "Decimal 1e400", "Decimal -inf",
         "a dict", "a list with 10**400", "a long string", "a string of 20",
         "long bytes", "bytes", "a list with a string",
         "a float64 array's nan", "a float32 array's -inf", "an int no float holds",
         "a timedelta64", "a datetime64"],
)  # fmt: skip
def test_a_cell_of_x_that_is_not_a_number_is_named_by_row_and_column(X: Any, says: str) -> None:
    """As a nan in X is named (a None was "X row 3 column 1 is nan": numpy's conversion
    made it one; 10**400 a bare OverflowError), in fit, predict and evaluate alike — and
    as nn.WrongInput, as the model's own refusal of a sample that is no numbers is (a
    string or a nan cell was a plain ValueError), in the same words from all four."""
    model = nn.MLP(2, [3, 1], seed=0)
    n = len(X)
    with pytest.raises(nn.WrongInput, match=rf"^fit: {says}") as fitted:
        nn.fit(model, X, np.zeros(n), epochs=1, progress=False)
    with pytest.raises(nn.WrongInput, match=rf"^predict: {says}") as predicted:
        nn.predict(model, X)
    with pytest.raises(nn.WrongInput, match=rf"^evaluate: {says}") as evaluated:
        nn.evaluate(model, X, np.zeros(n), loss="squared_error")
    with pytest.raises(nn.WrongInput, match=rf"^fit: validation {says}") as validated:
        nn.fit(model, X20, Y20, validation=(X, np.zeros(n)), progress=False)
    said = {
        str(fitted.value).removeprefix("fit: "),
        str(predicted.value).removeprefix("predict: "),
        str(evaluated.value).removeprefix("evaluate: "),
        str(validated.value).removeprefix("fit: validation "),
    }
    assert len(said) == 1


@pytest.mark.parametrize(
    ("X", "says"),
    [
        (["a", 1.0], r"X must be a 2-D array, one row per sample, got shape \(2,\)"),
        ([[[1.0, b"z"]]], r"X must be a 2-D array, one row per sample, got shape \(1, 1, 2\)"),
    ],
    ids=["1-D", "3-D"],
)
def test_text_in_an_x_that_is_no_table_is_told_the_shape(X: Any, says: str) -> None:
    """A string in a 1-D or 3-D X was "predict: X is the string 'a'", of a list that is
    not one, then "X[0] is the string 'a'", an nn.WrongInput where the same X of numbers
    is a plain ValueError naming its shape: the shape is told first now, as for numbers,
    in all four calls (the cell, once X is a table, by its row and column)."""
    model = nn.MLP(2, [3, 1], seed=0)
    runs = {
        "fit: ": lambda: nn.fit(model, X, np.zeros(2), epochs=1, progress=False),
        "predict: ": lambda: nn.predict(model, X),
        "evaluate: ": lambda: nn.evaluate(model, X, np.zeros(2), loss="squared_error"),
        "fit: validation ": lambda: nn.fit(
            model, X20, Y20, validation=(X, np.zeros(2)), progress=False
        ),
    }
    for where, run in runs.items():
        with pytest.raises(ValueError, match=f"^{re.escape(where)}{says}") as caught:
            run()
        assert not isinstance(caught.value, nn.WrongInput)


@pytest.mark.parametrize(
    ("X", "says"),
    [
        (X20 > 0.5, r"X holds booleans; a boolean is no number here: give numbers"),
        (X20 + 0j, r"X holds complex numbers; the model computes with reals$"),
        ((X20 * 1000).astype("m8[s]"), r"X holds numpy durations \(timedelta64\), not numbers: "),
        ((X20 * 1000).astype("M8[D]"), r"X holds numpy dates \(datetime64\), not numbers$"),
    ],
    ids=["booleans", "complex numbers", "durations", "dates"],
)
def test_an_x_all_of_a_kind_that_is_no_real_number_is_a_wrong_input(X: Any, says: str) -> None:
    """An X that is all booleans, complex numbers, numpy durations or dates (an array of
    that dtype) was a plain ValueError, as a bad cell was: it is nn.WrongInput, as a
    cell of those kinds is, in fit, predict, evaluate and fit's validation set alike, in
    the same words. Oracle: the dtype the test gave X."""
    model = nn.MLP(2, [3, 1], seed=0)
    n = len(X)
    runs = {
        "fit: ": lambda: nn.fit(model, X, np.zeros(n), epochs=1, progress=False),
        "predict: ": lambda: nn.predict(model, X),
        "evaluate: ": lambda: nn.evaluate(model, X, np.zeros(n), loss="squared_error"),
        "fit: validation ": lambda: nn.fit(
            model, X20, Y20, validation=(X, np.zeros(n)), progress=False
        ),
    }
    for where, run in runs.items():
        with pytest.raises(nn.WrongInput, match=f"^{re.escape(where)}{says}"):
            run()


def test_fractions_in_x_train_as_the_floats_they_equal() -> None:
    """The slower cell-by-cell path of an object X gives the numbers numpy's did."""
    X = X20.astype(object)
    X[::3, 0] = Fraction(1, 3)
    floats = np.array(X.tolist(), dtype=float)
    a, b = _model(), _model()
    ha = nn.fit(a, X, Y20, epochs=2, batch_size=5, progress=False, compiled=True)
    hb = nn.fit(b, floats, Y20, epochs=2, batch_size=5, progress=False, compiled=True)
    assert ha.loss == hb.loss and _weights(a) == _weights(b)
    assert floats[0, 0] == 1 / 3


@pytest.mark.parametrize("name", ["shuffle", "compiled", "progress"])
@pytest.mark.parametrize("given", ["no", None, 0, 1.0])
def test_a_flag_that_is_not_true_or_false_is_refused_by_fit(name: str, given: Any) -> None:
    """fit(shuffle="no") trained shuffled ("no" is truthy) and compiled="no" compiled;
    after nn.data's batches began to check its own shuffle, fit's said "batches:"."""
    with pytest.raises(TypeError, match=rf"^fit: {name} must be True or False, got "):
        nn.fit(_model(), X20, Y20, epochs=1, **{"progress": False, name: given})
    nn.fit(_model(), X20, Y20, epochs=1, **{"progress": False, name: np.bool_(False)})


# ------------------------------------------- what the learning rate does and does not make


@pytest.mark.parametrize("compiled", [False, True])
def test_adam_with_a_gradient_whose_square_overflows_trains(compiled: bool) -> None:
    """X = [[1, 0]], y = [1.2e154], Adam(lr=0, betas=(0.9, 0.0)): the gradient 2·(ŷ − y)
    ≈ −2.4e154 is finite, but its square was not, and fit stopped saying "The learning
    rate is probably too large … (lr = 0): try a smaller one" — v does not depend on lr.
    Adam keeps √v now, which holds it: the epoch trains, with lr = 0 leaving the weights
    as they were and the loss (ŷ − y)², ŷ = w₀·1 + w₁·0 + b, worked out here."""
    X, y = np.array([[1.0, 0.0]]), np.array([1.2e154])
    model = nn.MLP(2, [1], seed=0)
    start = _weights(model)
    opt = nn.Adam(model.parameters(), lr=0.0, betas=(0.9, 0.0))
    history = nn.fit(model, X, y, loss="squared_error", optimizer=opt, epochs=1,
                     progress=False, compiled=compiled)  # fmt: skip
    (w0, w1), b = start[:2], start[2]
    assert history.loss == [pytest.approx((w0 * 1.0 + w1 * 0.0 + b - 1.2e154) ** 2, rel=1e-15)]
    assert _weights(model) == start and opt.steps == 1


# ------------------------------------------------------------------ review of 2026-12-05


@pytest.mark.filterwarnings("ignore:the matrix subclass:PendingDeprecationWarning")
@pytest.mark.parametrize("compiled", [False, True])
def test_empty_ragged_and_matrix_data_are_named_or_read(compiled: bool) -> None:
    """No samples said "one row per target, got shapes (0, 2), (0,)"; a ragged X gave
    numpy's "inhomogeneous shape" text with no row; an np.matrix X met a bare TypeError
    ("only 0-dimensional arrays…") in the finiteness test. The oracle for the matrix:
    the same training on the plain array, which the matrix holds."""
    model = nn.MLP(2, [3, 1], seed=0)
    with pytest.raises(ValueError, match=r"^fit: X holds no samples \(shape \(0, 2\)\)"):
        nn.fit(model, np.zeros((0, 2)), np.zeros(0), progress=False, compiled=compiled)
    with pytest.raises(ValueError, match=r"^fit: validation X holds no samples"):
        nn.fit(model, X20, Y20, validation=(X20[:0], Y20[:0]), progress=False,
               compiled=compiled)  # fmt: skip
    with pytest.raises(ValueError, match=r"^fit: y holds no targets \(shape \(0,\)\) for X's 20"):
        nn.fit(model, X20, [], progress=False, compiled=compiled)
    ragged = [[1.0, 2.0], [3.0, 4.0], [5.0], [6.0, 7.0]]
    with pytest.raises(
        ValueError, match=r"^fit: X is ragged: row 2 has 1 number but row 0 has 2 numbers; "
    ):
        nn.fit(model, ragged, [0, 1, 0, 1], progress=False, compiled=compiled)
    runs = []
    for X in (X20, np.matrix(X20)):
        model = nn.MLP(2, [3, 1], seed=0)
        runs.append(nn.fit(model, X, Y20, epochs=2, progress=False, compiled=compiled).loss)
    assert runs[1] == runs[0]


@pytest.mark.filterwarnings("ignore:the matrix subclass:PendingDeprecationWarning")
def test_all_finite_reads_a_matrix_as_its_numbers() -> None:
    """np.vdot of two np.matrix is a 1×1 matrix, which math.isfinite refused."""
    from autograd_mini.finite import all_finite, all_finite_each

    assert all_finite(np.matrix([[1.0, 2.0], [3.0, 4.0]]))
    assert not all_finite(np.matrix([[1.0, np.inf]]))
    assert not all_finite_each([np.ones(2), np.matrix([[np.nan]])])


@pytest.mark.parametrize(
    ("name", "cls"),
    [("binary_cross_entropy_with_logits", nn.BCEWithLogits),
     ("softmax_cross_entropy", nn.CrossEntropy)],
)  # fmt: skip
def test_the_loss_functions_names_in_the_readme_are_accepted(name: str, cls: type) -> None:
    """README's table of losses lists binary_cross_entropy_with_logits; loss= refused it
    (only 'bce_with_logits' was known). Both names give the class."""
    assert type(nn.losses.get_loss(name)) is cls
    k = 1 if cls is nn.BCEWithLogits else 2
    model = nn.MLP(2, [3, k], seed=0)
    assert len(nn.fit(model, X20, Y20, loss=name, epochs=1, progress=False).loss) == 1


def test_fit_names_what_is_wrong_with_x_cells_and_the_model() -> None:
    """A string in X said "X holds strings ('2.0', …)" with no place, while a None cell
    was named by row and column; a generator X said "X must hold numbers only (float()
    argument … not 'generator')"; a module with no parameters said "SGD: got no
    parameters to optimise", an optimizer the call had made; cross-entropy on a
    one-output model was reported as a fault of y ("fit: y: … 1 logit")."""
    model = nn.MLP(2, [3, 1], seed=0)
    X: list[Any] = [[1.0, 2.0], [3.0, 4.0], [5.0, "2.0"]]
    with pytest.raises(ValueError, match=r"^fit: X row 2 column 1 is the string '2\.0'; give"):
        nn.fit(model, X, [0, 1, 0], progress=False)
    rows = (r for r in [[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(ValueError, match=r"^fit: X is a generator; pass a list or an array"):
        nn.fit(model, rows, [0, 1], progress=False)

    class Fixed(nn.Module):
        def __call__(self, x: list[Any]) -> list[Any]:
            return x

    with pytest.raises(ValueError, match=r"^fit: the model \(Fixed\) has no parameters"):
        nn.fit(Fixed(), np.zeros((2, 2)), [0, 1], progress=False)
    want = r"^fit: the model gives 1 output per sample, but CrossEntropy needs at least 2"
    for compiled in (False, True):
        with pytest.raises(ValueError, match=want):
            nn.fit(model, np.zeros((2, 2)), [0, 1], loss="cross_entropy", progress=False,
                   compiled=compiled)  # fmt: skip


class _Pairwise(nn.Loss):
    """A loss of a pair of outputs that refuses a target of fewer than two numbers in
    check_target, without declaring min_outputs = 2."""

    name = "pairwise"

    def check_target(self, target: list[float], i: int) -> None:
        if len(target) < 2:
            raise ValueError(f"pairwise: target {i} has {len(target)} number; a pair needs 2")

    def sample(self, output: Sequence[Value], target: Target) -> Value:
        return (output[0] - output[1] - target[0] + target[1]) ** 2


class _Inside(nn.Loss):
    """Squared error on targets strictly between 0 and 1 (probabilities, smoothed
    labels): it refuses every plain target (0, 1, −1, one-hot) at any size."""

    name = "inside"

    def check_target(self, target: list[float], i: int) -> None:
        if not all(0.0 < t < 1.0 for t in target):
            raise ValueError(f"target {i} ({target}) must be strictly between 0 and 1")

    def sample(self, output: Sequence[Value], target: Target) -> Value:
        return (output[0] - target[0]) ** 2


@pytest.mark.parametrize("call", ["fit", "evaluate"])
def test_a_target_a_loss_refuses_is_not_blamed_on_the_outputs(call: str) -> None:
    """A loss whose valid targets are none of the plain ones (0, 1, −1, one-hot), given
    a y with 1.5 in row 3: fit and evaluate, finding every plain target refused, told
    the user that the model needs another number of outputs. The model's count is
    blamed now only when the loss takes a plain target of another size; this one takes
    none, so the loss's own words about row 3 are what is said. Oracle: the loss's
    rule, 0 < t < 1, and the row that breaks it."""
    model = nn.MLP(2, [3, 1], seed=0)
    y = np.full(len(X20), 0.5)
    y[3] = 1.5
    with pytest.raises(ValueError) as caught:
        if call == "fit":
            nn.fit(model, X20, y, loss=_Inside(), progress=False)
        else:
            nn.evaluate(model, X20, y, loss=_Inside())
    said = str(caught.value)
    assert "output" not in said, said
    assert "target 3 ([1.5]) must be strictly between 0 and 1" in said, said
    if call == "fit":
        assert said.startswith("fit: y: "), said
    y[3] = 0.25
    assert math.isfinite(nn.evaluate(model, X20, y, loss=_Inside())[0])


def test_evaluate_and_fit_name_the_models_outputs_a_loss_cannot_take() -> None:
    """evaluate with cross-entropy on a one-output model gave the loss's words
    ("softmax_cross_entropy: output 0 has 1 logit"), where fit names the model's output
    count; a Loss refusing one output in check_target without declaring min_outputs was
    blamed on y by fit ("fit: y: pairwise: target 0 …") and by evaluate. Both now say the
    model gives 1 output, which no y could put right; a target the loss refuses for what
    it is (hinge's 0.5) is still y's fault."""
    model = nn.MLP(2, [3, 1], seed=0)
    X, y = X20, Y20
    want = r"^evaluate: the model gives 1 output per sample, but CrossEntropy needs at least 2"
    with pytest.raises(ValueError, match=want):
        nn.evaluate(model, X, y, loss="cross_entropy")
    for call in ("fit", "evaluate"):
        with pytest.raises(ValueError) as caught:
            if call == "fit":
                nn.fit(model, X, y, loss=_Pairwise(), progress=False)
            else:
                nn.evaluate(model, X, y, loss=_Pairwise())
        said = str(caught.value)
        assert said.startswith(
            f"{call}: the model gives 1 output per sample, and the loss _Pairwise refuses every "
            f"target of 1 number"
        ), said
        assert "but takes one of 2" in said
        assert "pairwise: target 0 has 1 number; a pair needs 2" in said
    two = nn.MLP(2, [3, 2], seed=0)
    pairs = np.stack([y, 1 - y], axis=1)
    assert math.isfinite(nn.evaluate(two, X, pairs, loss=_Pairwise())[0])  # two: taken
    halves = np.where(y == 1, 1.0, 0.5)
    with pytest.raises(ValueError, match=r"^fit: y: hinge"):
        nn.fit(model, X, halves, loss="hinge", progress=False)


class _Positive(nn.Loss):
    """(a − y)² for a target y > 0 only: its rule refuses another (a check of its own
    kept in sample, not check_target)."""

    def sample(self, output: Sequence[Value], target: Target) -> Value:
        if isinstance(target[0], float) and not target[0] > 0:
            raise ValueError(f"a target must be positive, got {target[0]!r}")
        return (output[0] - target[0]) ** 2


@pytest.mark.parametrize(
    ("loss", "k", "y", "words"),
    [
        ("squared_error", 1, [*Y20[:2], math.nan, *Y20[3:]],
         "squared_error: target 2 holds nan, expected finite numbers"),
        ("cross_entropy", 3, [0, 1, 2, 5, *[0] * 16],
         "softmax_cross_entropy: target 3 is 5, which is no class: a class index is a whole "
         "number 0 ≤ class < 3; or give a row of 3 numbers"),
        ("cross_entropy", 3, [0.0, 1.0, 1.5, *[0.0] * 17],
         "softmax_cross_entropy: target 2 is 1.5, which is no class"),
        ("bce_with_logits", 1, [*Y20[:4], 2.0, *Y20[5:]],
         "binary_cross_entropy_with_logits: target 4 is 2.0, expected a value in [0, 1]"),
        ("hinge", 1, [*[1.0, -1.0] * 3, 0.5, *[1.0] * 13],
         "hinge: target 6 is 0.5, expected -1 or +1"),
        (_Positive(), 1, [*[1.0] * 3, -2.0, *[1.0] * 16],
         "target 3 is refused: a target must be positive, got -2.0"),
    ],
    ids=["nan", "class 5", "class 1.5", "bce 2.0", "hinge 0.5", "rule"],
)  # fmt: skip
def test_evaluate_names_itself_and_y_when_the_loss_refuses_a_target(
    loss: Any, k: int, y: list[Any], words: str
) -> None:
    """evaluate's refusal of a target gave the loss's words alone ("squared_error: target 2
    holds nan"), naming neither the call nor its argument, where fit's say "fit: y: …".
    Both now start with the caller and y, then the loss's own words (oracle: the loss's
    words written out here, the row planted); a refusal of the loss's rule names the row
    (it said "fit: the target of row 3 is refused", not which argument)."""
    model = nn.MLP(2, [3, k], seed=0)
    with pytest.raises(ValueError) as evaluated:
        nn.evaluate(model, X20, y, loss)
    assert str(evaluated.value).startswith(f"evaluate: y: {words}")
    with pytest.raises(ValueError) as fitted:
        nn.fit(model, X20, y, loss, epochs=1, progress=False)
    assert str(fitted.value).startswith(f"fit: y: {words}")
    good = {"cross_entropy": np.arange(20) % k, "hinge": 2 * Y20 - 1}.get(str(loss), Y20)
    good = np.ones(20) if isinstance(loss, _Positive) else good
    with pytest.raises(ValueError, match=f"^fit: validation y: {re.escape(words)}"):
        nn.fit(model, X20, good, loss, validation=(X20, y), progress=False)


def test_a_loss_undefined_at_output_zero_is_not_blamed_on_the_target() -> None:
    """fit asks the loss about each distinct target with outputs of 0 made up; a loss
    the engine refuses there (−y·log p, undefined at p = 0) had every target refused:
    "fit: the target of row 0 is refused: log of 0.0", so fit could not train it at all
    (and evaluate, asking the same, could not score it). An engine refusal at made-up
    outputs says nothing of the target: taken. Oracle: −y·log p at the model's p, by
    math.log, averaged over the rows."""

    class NegLog(nn.Loss):
        def sample(self, output: Sequence[Value], target: Target) -> Value:
            return -output[0].log() * target[0]

    model = nn.MLP(1, [1], output_activation="sigmoid", seed=0)
    X, y = [[0.5], [0.25], [-1.0]], [1.0, 0.5, 1.0]
    p = nn.predict(model, X)[:, 0]
    loss, _ = nn.evaluate(model, X, y, NegLog())
    assert loss == pytest.approx(
        sum(-t * math.log(q) for q, t in zip(p, y, strict=True)) / 3, rel=1e-12
    )
    nn.fit(model, X, y, NegLog(), epochs=2, progress=False)  # trains, refusing nothing
    assert nn.evaluate(model, X, y, NegLog())[0] < loss


def test_a_target_the_loss_cannot_take_at_any_output_is_refused_before_training() -> None:
    """The relative error ((o − t)/t)² cannot be computed for t = 0 at any output: fit
    refused that target before training ("the target of row 11 is refused: division by
    zero"); taking every engine refusal at the made-up outputs of 0 as saying nothing
    of the target, it trained, then blamed the learning rate or the inputs. It is asked
    at a second made-up output (0.5), and refused when the engine refuses both (evaluate,
    which computes the rule at the model's outputs, names the row with the engine's
    error, as test_evaluate_names_the_row_whose_loss_the_engine_refuses has it). Oracle:
    the row planted."""

    class Relative(nn.Loss):
        def sample(self, output: Sequence[Value], target: Target) -> Value:
            return ((output[0] - target[0]) / target[0]) ** 2

    X = np.linspace(-1.0, 1.0, 24).reshape(12, 2)
    y = np.linspace(1.0, 2.0, 12)
    y[11] = 0.0
    model = nn.MLP(2, [3, 1], seed=0)
    before = [p.data for p in model.parameters()]
    refused = r"target 11 is refused: .*division by zero|target 11 is refused"
    with pytest.raises(ValueError, match=rf"^fit: y: {refused}"):
        nn.fit(model, X, y, Relative(), epochs=1, batch_size=4, progress=False)
    assert [p.data for p in model.parameters()] == before  # before any step
    with pytest.raises(ValueError, match=r"^evaluate: the loss Relative for X row 11: "):
        nn.evaluate(model, X, y, Relative())


def test_a_loss_refused_at_both_made_up_outputs_is_asked_at_the_models_own() -> None:
    """log(o − 0.5) cannot be computed at the made-up outputs 0 and 0.5 (the interval
    losses −log(o₁ − o₀) neither: made-up outputs are all equal), but is at this model's
    outputs (about 3): refusing every target there stopped fit from training a loss
    evaluate scores. The rule is asked at the target's row's own outputs then. Oracle:
    the loss by math.log at the model's outputs, and a step that lowers it."""

    class Shifted(nn.Loss):
        def sample(self, output: Sequence[Value], target: Target) -> Value:
            return ((output[0] - 0.5).log() - target[0]) ** 2

    model = nn.MLP(2, [1], activation="linear", seed=0)
    for w in model.parameters():
        w.data = 0.01
    model.parameters()[-1].data = 3.0  # the bias: outputs near 3
    X = np.linspace(-1.0, 1.0, 16).reshape(8, 2)
    y = np.linspace(0.5, 1.0, 8)
    o = nn.predict(model, X)[:, 0]
    by_hand = float(np.mean((np.log(o - 0.5) - y) ** 2))
    loss, _ = nn.evaluate(model, X, y, Shifted())
    assert loss == pytest.approx(by_hand, rel=1e-12)
    nn.fit(model, X, y, Shifted(), epochs=3, progress=False,
           optimizer=nn.SGD(model.parameters(), lr=0.01))  # fmt: skip
    assert nn.evaluate(model, X, y, Shifted())[0] < loss


def test_an_optimizer_class_is_told_to_be_an_instance() -> None:
    """fit(optimizer=nn.SGD) said "got ABCMeta": the class, with how to make one."""
    model = nn.MLP(2, [1], seed=0)
    X, y = np.zeros((4, 2)), np.zeros(4)
    with pytest.raises(TypeError) as info:
        nn.fit(model, X, y, optimizer=nn.SGD, progress=False)  # type: ignore[arg-type]
    assert str(info.value) == (
        "fit: optimizer must be an nn.Optimizer, got the class SGD: give an instance, "
        "SGD(model.parameters(), lr=...)"
    )
    with pytest.raises(TypeError, match=r"got str$"):
        nn.fit(model, X, y, optimizer="sgd", progress=False)  # type: ignore[arg-type]


@pytest.mark.parametrize("call", ["fit", "predict", "evaluate"])
def test_rows_of_another_width_are_said_of_x_by_every_call(call: str) -> None:
    """fit said "fit: X: MLP: expected 2 inputs, got 3"; predict and evaluate gave the
    model's words alone ("MLP: expected 2 inputs, got 3"), naming neither the call nor
    X. Each now says it as fit does."""
    model, X, y = nn.MLP(2, [1], seed=0), np.ones((3, 3)), np.ones(3)
    calls = {
        "fit": lambda: nn.fit(model, X, y, epochs=1, progress=False),
        "predict": lambda: nn.predict(model, X),
        "evaluate": lambda: nn.evaluate(model, X, y, loss="squared_error"),
    }
    with pytest.raises(nn.layers.WrongInput, match=rf"^{call}: X: MLP: expected 2 inputs, got 3$"):
        calls[call]()


@pytest.mark.parametrize(
    ("X", "y", "said"),
    [
        (
            {0: [1.0, 2.0], 1: [3.0, 4.0]}, [0, 1],
            r"^fit: X is a dict; pass a list or an array of rows \(list\(X\.values\(\)\) makes",
        ),
        ("ab", [0, 1], r"^fit: X is a string \('ab'\), not rows of numbers; pass a list or an"),
        (b"ab", [0, 1], r"^fit: X is bytes \(b'ab'\), not rows of numbers"),
        # its first 20 characters were shown as if they were all of it
        ("x" * 30, [0, 1], r"^fit: X is a string \('x{20}'…, 30 characters\), not rows of"),
        (b"x" * 21, [0, 1], r"^fit: X is bytes \(b'x{20}'…, 21 bytes\), not rows of"),
        ({(1.0, 2.0), (3.0, 4.0)}, [0, 1], r"^fit: X is a set, which keeps no order"),
        ([[1.0, 2.0], [3.0, 4.0]], (t for t in [0, 1]), r"^fit: y is a generator; pass a list or"),
        ([[1.0, 2.0], [3.0, 4.0]], {0, 1}, r"^fit: y is a set, which keeps no order"),
        ([[1.0, 2.0], [3.0, 4.0]], {0: 0, 1: 1}, r"^fit: y is a dict; pass .* \(list\(y\.values"),
        ([[1.0, 2.0], [3.0, 4.0]], "ab", r"^fit: y is a string \('ab'\), not targets of numbers"),
    ],
)  # fmt: skip
def test_data_that_is_no_sequence_of_rows_or_targets_is_named(X: Any, y: Any, said: str) -> None:
    """A dict X was told "list(X) makes one" (its keys), a str X the same (its letters);
    a set, whose order is not the samples', too. A generator, set, dict or str y said
    "y must hold one target per sample, got the single <generator object …>", as though
    it were one target. Each is now told what it is, and the way to a list where there
    is one."""
    with pytest.raises(ValueError, match=said):
        nn.fit(nn.MLP(2, [2], seed=0), X, y, "cross_entropy", epochs=1, progress=False)


@pytest.mark.parametrize("kind", ["list", "tuple", "generator"])
@pytest.mark.parametrize("call", ["fit", "predict"])
def test_mini_batches_given_as_x_are_named_as_such(kind: str, call: str) -> None:
    """A practitioner's loop hands over mini-batches: list(nn.data.batches(…)) was
    refused in numpy's words ("setting an array element with a sequence. The requested
    array has an inhomogeneous shape after 2 dimensions…"), and the generator itself
    was told "list(X) makes one" — a list of pairs, refused in turn. Both are now named
    as (X_batch, y_batch) pairs, with the way to give the rows."""
    X, y = nn.data.spirals(10, seed=0)
    made = nn.data.batches(X, y, 8, seed=0)
    count = -(-len(X) // 8)  # batches of 8 rows, the last one smaller
    given: Any = {"list": list, "tuple": tuple, "generator": lambda g: g}[kind](made)
    what = {
        "list": f"a list of {count} pairs",
        "tuple": f"a tuple of {count} pairs",
        "generator": "the generator nn.data.batches returns",
    }[kind]
    with pytest.raises(ValueError) as caught:
        if call == "fit":
            nn.fit(nn.MLP(2, [3], seed=0), given, y, "cross_entropy", progress=False)
        else:
            nn.predict(nn.MLP(2, [3], seed=0), given)
    assert str(caught.value) == (
        f"{call}: X is {what}: mini-batches, (X_batch, y_batch) pairs, not rows; give the "
        f"rows themselves, all of them, as one list or array (fit makes the batches, of "
        f"its batch_size), and their targets as y"
    )


@pytest.mark.parametrize(
    ("X", "said"),
    [
        ([[b"1", 0.5], [0.5, 0.5]], " row 0 column 0 is the bytes b'1'; give numbers (bytes are"),
        (np.array([[b"1", b"2"], [b"3", b"4"]]), " row 0 column 0 is the bytes b'1'; give numbers"),
        ([[0.5, b"ab"], [0.5, b"cd"]], " row 0 column 1 is the bytes b'ab'; give numbers (bytes a"),
        ([[0.5, "x"], [0.5, 0.5]], " row 0 column 1 is the string 'x'; give numbers (strings are"),
    ],
)  # fmt: skip
def test_a_cell_of_bytes_is_called_bytes(X: Any, said: str) -> None:
    """A cell b'1' was "the string \"b'1'\"" (numpy's str() of the bytes, quoted
    again), in an error that said strings are not read; it is named as bytes now."""
    for call in ("fit", "predict"):
        with pytest.raises(ValueError) as caught:
            if call == "fit":
                nn.fit(nn.MLP(2, [2], seed=0), X, [0, 1], "cross_entropy", progress=False)
            else:
                nn.predict(nn.MLP(2, [2], seed=0), X)
        assert str(caught.value).startswith(f"{call}: X{said}"), caught.value


@pytest.mark.parametrize("compiled", [False, True])
def test_a_target_too_large_for_the_loss_is_told_so(compiled: bool) -> None:
    """y[7] = 1e200 under squared error: (o − 1e200)² overflows at any output o of
    ordinary size (1e400 > 1.8e308). fit said "the target of row 7 is refused: dot of 1
    product gives inf: …", the engine's words on a node the user never wrote; now it
    names the loss and the target, says it overflows and to scale y."""
    X = np.random.default_rng(0).normal(size=(40, 2))
    y = X[:, 0].copy()
    y[7] = 1e200
    with pytest.raises(ValueError) as info:
        nn.fit(nn.MLP(2, [4, 1], seed=0), X, y, "mse", epochs=1, progress=False,
               compiled=compiled)  # fmt: skip
    assert str(info.value).startswith(
        "fit: y: target 7 is refused: the loss SquaredError cannot be computed "
        "for 1e+200 at any output tried (0, 0.5, the model's own): a target this large "
        "overflows it; scale the targets (standardise y) — dot of 1 product gives inf"
    ), str(info.value)


@pytest.mark.parametrize("call", ["fit", "evaluate"])
@pytest.mark.parametrize("y", [np.array(1.0), np.array(1)], ids=["float", "int"])
def test_a_0d_array_y_is_one_target_not_a_collection(call: str, y: np.ndarray) -> None:
    """A 0-d array is Iterable by its type, and the words for a generator or a map y
    told the user "y is a ndarray; … (list(y) makes one)", though list() of it is
    refused ("iteration over a 0-d array"): it holds one target, and says so."""
    model = nn.MLP(2, [2], seed=0)
    X = [[0.1, 0.2], [0.3, 0.4]]
    with pytest.raises(ValueError) as info:
        if call == "fit":
            nn.fit(model, X, y, "cross_entropy", epochs=1, progress=False)
        else:
            nn.evaluate(model, X, y, loss="cross_entropy")
    assert str(info.value) == f"{call}: y must hold one target per sample, got the single {y!r}"
    with pytest.raises(TypeError, match="iteration over a 0-d array"):
        list(y)


@pytest.mark.parametrize("arg", ["X", "y"])
def test_an_array_of_a_generator_is_named(arg: str) -> None:
    """np.array(row for row in rows) is a 0-d array of one object, the generator: X said
    "X is a ndarray; … (list(X) makes one)", and list() of a 0-d array is refused; y
    "got the single array(<generator object …>, dtype=object)". Each now says what the
    array holds and what makes a list of it."""
    rows, targets = [[0.1, 0.2], [0.3, 0.4]], [0, 1]
    X = np.array(r for r in rows) if arg == "X" else rows
    y = np.array(t for t in targets) if arg == "y" else targets
    with pytest.raises(ValueError) as info:
        nn.fit(nn.MLP(2, [2], seed=0), X, y, "cross_entropy", epochs=1, progress=False)
    each = "rows" if arg == "X" else "targets"
    assert str(info.value) == (
        f"fit: {arg} is a 0-d array holding one generator (np.array of a generator holds it "
        f"as one object, not its items); pass a list or an array of {each} (list() of the "
        f"generator makes one)"
    )
    with pytest.raises(TypeError, match="iteration over a 0-d array"):
        list(X if arg == "X" else y)
