"""Training: micrograd's moons demo, the digit networks' accuracy, fit's mechanics."""

from __future__ import annotations

import itertools
import operator
import pickle
import re
import sys
import warnings
from typing import Any

import numpy as np
import pytest
from interrupts import interrupted

import nn
from autograd_mini import TraceMismatchError, UntraceableRead, Value, is_grad_enabled, no_grad
from nn.data import digits, moons, spirals, train_test_split


@pytest.mark.slow
def test_micrograd_moons_demo_reaches_full_training_accuracy() -> None:
    """micrograd's demo: 100 moons (noise 0.1), MLP(2, [16, 16, 1]), hinge + 1e-4·Σp²,
    100 full-batch SGD steps with lr = 1.0 − 0.9·k/100."""
    X, y01 = moons(100, noise=0.1, seed=0)
    y = (2 * y01 - 1).tolist()  # labels ±1 for the hinge
    Xl = X.tolist()
    model = nn.MLP(2, [16, 16, 1], seed=0)
    opt = nn.SGD(model.parameters(), lr=lambda k: 1.0 - 0.9 * k / 100)
    for _ in range(100):
        scores = model(Xl)
        # micrograd's alpha·Σp² over all parameters is λ/2·Σp² with λ = 2·alpha
        loss = nn.hinge(scores, y) + nn.l2_penalty(model.parameters(), 2e-4)
        model.zero_grad()
        loss.backward()
        opt.step()
    with no_grad():
        scores = model(Xl)
    correct = sum((s.data > 0) == (t > 0) for s, t in zip(scores, y, strict=True))
    assert correct == 100


@pytest.fixture(scope="module")
def digit_split() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    X, y = digits()
    return train_test_split(X, y, test_size=0.2, seed=0)


def _test_accuracy(model: nn.MLP, X: np.ndarray, y: np.ndarray) -> float:
    scores = nn.predict(model, X)
    return float((scores.argmax(axis=1) == y).mean())


@pytest.mark.slow
def test_digits_sigmoid_squared_error_sgd_reaches_90_percent(
    digit_split: tuple[np.ndarray, ...],
) -> None:
    X_tr, X_te, y_tr, y_te = digit_split
    model = nn.MLP(64, [16, 16, 10], activation="sigmoid", output_activation="sigmoid", seed=0)
    steps = 6 * -(-len(y_tr) // 10)
    opt = nn.SGD(model.parameters(), lr=nn.linear_decay(3.0, 0.3, steps))
    nn.fit(model, X_tr, y_tr, "squared_error", opt, epochs=6, batch_size=10, progress=False)
    assert _test_accuracy(model, X_te, y_te) >= 0.90


@pytest.mark.slow
def test_digits_cross_entropy_adam_reaches_95_percent(
    digit_split: tuple[np.ndarray, ...],
) -> None:
    X_tr, X_te, y_tr, y_te = digit_split
    model = nn.MLP(
        64, [16, 16, 10], activation="sigmoid", output_activation="linear", init="xavier", seed=0
    )
    steps = 8 * -(-len(y_tr) // 16)
    opt = nn.Adam(model.parameters(), lr=nn.linear_decay(0.02, 0.001, steps))
    nn.fit(model, X_tr, y_tr, "cross_entropy", opt, epochs=8, batch_size=16, progress=False)
    assert _test_accuracy(model, X_te, y_te) >= 0.95


def test_one_fit_step_moves_parameters_against_the_numerical_gradient() -> None:
    """Full batch, one epoch: ΔW = −η·∂C/∂W with C = mean cost + λ/2·ΣW² (weights only)."""
    X = np.array([[0.5, -1.0], [1.0, 0.3], [-0.4, 0.8]])
    y = np.array([1, 0, 1])
    model = nn.MLP(2, [3, 2], activation="tanh", output_activation="sigmoid", seed=1)
    lam, lr = 0.05, 0.3
    weights = {id(w) for w in model.weights()}

    def cost() -> float:
        with no_grad():
            outs = [model.forward(x) for x in X.tolist()]
            data = nn.squared_error(outs, y.tolist()).data
        return data + lam / 2 * sum(w.data**2 for w in model.weights())

    eps = 1e-6
    expected = []
    for p in model.parameters():
        old = p.data
        p.data = old + eps
        up = cost()
        p.data = old - eps
        down = cost()
        p.data = old
        expected.append(old - lr * (up - down) / (2 * eps))
    assert any(id(p) not in weights for p in model.parameters())  # biases are in the test
    opt = nn.SGD(model.parameters(), lr)
    nn.fit(model, X, y, optimizer=opt, epochs=1, batch_size=None, progress=False, l2=lam)
    got = [p.data for p in model.parameters()]
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("compiled", [False, True])
@pytest.mark.parametrize("kind", ["sgd", "adam"])
def test_a_pickled_model_and_optimizer_resume_as_the_run_would_have_gone_on(
    kind: str, compiled: bool
) -> None:
    """A checkpoint: (model, optimizer) pickled after 2 of 4 epochs and read back trains
    the last 2 to the very numbers of an uninterrupted 4-epoch run (momentum, Adam's
    moments and step count, and the schedule's step k all carried over). With
    ``lr=nn.linear_decay(...)``, micrograd's schedule, the optimizer could not be
    pickled at all: "Can't pickle local object 'linear_decay.<locals>.schedule'"."""
    X, y = moons(40, noise=0.1, seed=0)

    def new() -> tuple[nn.MLP, nn.Optimizer]:
        model = nn.MLP(2, [4, 1], seed=0)
        rate = nn.linear_decay(0.2 if kind == "sgd" else 0.02, 0.01, 12)
        opt = (
            nn.SGD(model.parameters(), lr=rate, momentum=0.9)
            if kind == "sgd"
            else nn.Adam(model.parameters(), lr=rate)
        )
        return model, opt

    def run(model: nn.MLP, opt: nn.Optimizer, rng: np.random.Generator) -> None:
        nn.fit(model, X, y, optimizer=opt, epochs=2, batch_size=8, seed=rng, progress=False,
               compiled=compiled)  # fmt: skip

    whole, whole_opt = new()
    rng = np.random.default_rng(3)
    run(whole, whole_opt, rng)
    run(whole, whole_opt, rng)
    half, half_opt = new()
    rng = np.random.default_rng(3)
    run(half, half_opt, rng)
    resumed, resumed_opt = pickle.loads(pickle.dumps((half, half_opt)))
    run(resumed, resumed_opt, rng)
    assert resumed_opt.steps == whole_opt.steps == 20
    assert [p.data for p in resumed.parameters()] == [p.data for p in whole.parameters()]


@pytest.mark.parametrize("compiled", [False, True])
def test_a_checkpoint_a_callback_pickles_resumes_with_its_generator(compiled: bool) -> None:
    """README: a checkpoint pickled by a callback inside a call resumes the run's batch
    orders only when the call's seed is a Generator pickled with it and given to the
    resumed call; an int seed starts a chain of its own from the checkpoint's weights
    (the README said the pickled (model, opt) "trains on as the run would have gone on",
    whatever the seed: with the default seed=0 a callback's checkpoint of a 4-epoch
    call, resumed for 2, ended elsewhere). Oracle: the uninterrupted 4-epoch call."""
    X, y = moons(40, noise=0.1, seed=0)

    def new() -> tuple[nn.MLP, nn.Optimizer]:
        model = nn.MLP(2, [4, 1], seed=0)
        return model, nn.SGD(model.parameters(), lr=nn.linear_decay(0.2, 0.01, 12), momentum=0.9)

    for seed in ("generator", 3):
        saved: list[bytes] = []
        model, opt = new()
        rng = np.random.default_rng(3) if seed == "generator" else 3

        def checkpoint(history: nn.History) -> None:
            if len(history.loss) == 2:
                saved.append(pickle.dumps((model, opt, rng)))  # noqa: B023 (this loop's run)

        nn.fit(model, X, y, optimizer=opt, epochs=4, batch_size=8, seed=rng, progress=False,
               compiled=compiled, callback=checkpoint)  # fmt: skip
        resumed, resumed_opt, resumed_rng = pickle.loads(saved[0])
        nn.fit(resumed, X, y, optimizer=resumed_opt, epochs=2, batch_size=8, seed=resumed_rng,
               progress=False, compiled=compiled)  # fmt: skip
        assert resumed_opt.steps == opt.steps == 20
        same = [p.data for p in resumed.parameters()] == [p.data for p in model.parameters()]
        assert same == (seed == "generator"), seed


def test_fit_history_reproducibility_and_validation() -> None:
    X, y = moons(60, noise=0.1, seed=2)

    def run() -> tuple[nn.History, nn.MLP]:
        model = nn.MLP(2, [8, 1], activation="tanh", seed=3)
        hist = nn.fit(
            model,
            X,
            y,
            loss="bce_with_logits",
            optimizer=nn.Adam(model.parameters(), lr=0.05),
            epochs=15,
            batch_size=16,
            seed=4,
            progress=False,
            validation=(X, y),
        )
        return hist, model

    h1, m1 = run()
    h2, m2 = run()
    assert h1.loss == h2.loss and m1.state_dict() == m2.state_dict()
    assert len(h1.loss) == len(h1.accuracy) == len(h1.val_loss) == len(h1.val_accuracy) == 15
    assert h1.loss[-1] < h1.loss[0]
    assert h1.val_accuracy[-1] > 0.8
    # validation numbers are the model's actual loss/accuracy, recomputed independently
    logits = nn.predict(m1, X)[:, 0]
    bce = np.mean(np.logaddexp(0.0, logits) - y * logits)
    assert h1.val_loss[-1] == pytest.approx(bce, rel=1e-9)
    assert h1.val_accuracy[-1] == pytest.approx(np.mean((logits > 0) == (y == 1)))
    assert h1.lr == [0.05] * 15 and h1.seconds > 0


@pytest.mark.parametrize("compiled", [False, True])
def test_validation_loss_counts_the_l2_term_as_the_training_loss_does(compiled: bool) -> None:
    # with lr = 0 the weights never move: on the training set itself, the validation
    # cost must equal the training cost, C₀ + λ/2·ΣW² (it left out λ/2·ΣW²: 0.77 against
    # 5.74 here, a gap between training and validation that was not there)
    X, y = moons(40, noise=0.1, seed=1)
    t = 2.0 * y - 1.0
    model = nn.MLP(2, [8, 1], seed=0)
    lam = 1.0
    h = nn.fit(model, X, t, loss="hinge", optimizer=nn.SGD(model.parameters(), lr=0.0),
               epochs=1, batch_size=None, l2=lam, validation=(X, t), progress=False,
               compiled=compiled)  # fmt: skip
    scores = nn.predict(model, X)[:, 0]
    c0 = np.mean(np.maximum(0.0, 1.0 - t * scores))  # hinge by hand
    w = np.array([p.data for p in model.weights()])
    cost = c0 + lam / 2 * float(w @ w)
    assert h.loss == pytest.approx([cost], rel=1e-12)
    assert h.val_loss == pytest.approx([cost], rel=1e-12)


def test_progress_bar_and_silence(capsys: pytest.CaptureFixture[str]) -> None:
    X, y = moons(20, seed=0)
    model = nn.MLP(2, [4, 2], seed=0)
    nn.fit(model, X, y, epochs=2, batch_size=10, progress=False)
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""
    nn.fit(model, X, y, epochs=2, batch_size=10, progress=True)
    assert "epoch 2/2" in capsys.readouterr().err  # tqdm writes to stderr


def test_progress_falls_back_without_tqdm(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    X, y = moons(20, seed=0)
    nn.fit(nn.MLP(2, [4, 2], seed=0), X, y, epochs=3, batch_size=10, progress=True)
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(":")[0] for line in lines] == ["epoch 1", "epoch 2", "epoch 3"]


def test_a_large_loss_is_shown_in_powers_of_ten(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A diverging run's progress line printed the loss with four decimals: 1e246 took
    251 characters. Large losses are shown as 1.2346e+16 (small ones as before)."""
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    X = np.array([[1.0], [2.0]])
    model = nn.MLP(1, [1], activation="linear", seed=0)
    nn.fit(model, X, [1e8, -1e8], epochs=1, batch_size=2, progress=True,
           optimizer=nn.SGD(model.parameters(), lr=0.0))  # fmt: skip
    (line,) = capsys.readouterr().err.splitlines()
    shown = float(line.split("loss ")[1])
    assert re.fullmatch(r"epoch 1: epoch 1/1 loss \d\.\d{4}e\+16", line), line
    w, b = model.layers[0].neurons[0].w[0].data, model.layers[0].neurons[0].b.data
    want = ((w + b - 1e8) ** 2 + (2 * w + b + 1e8) ** 2) / 2  # mean squared error, by hand
    assert shown == pytest.approx(want, rel=1e-4)
    nn.fit(model, X, [0.5, 0.25], epochs=1, batch_size=2, progress=True,
           optimizer=nn.SGD(model.parameters(), lr=0.0))  # fmt: skip
    assert re.fullmatch(r"epoch 1: epoch 1/1 loss \d+\.\d{4}", capsys.readouterr().err.strip())


def test_bad_fit_arguments_are_named() -> None:
    X, y = moons(10, seed=0)
    model = nn.MLP(2, [2], seed=0)
    with pytest.raises(ValueError, match="epochs must be a positive integer"):
        nn.fit(model, X, y, epochs=0)
    with pytest.raises(ValueError, match="2-D array"):
        nn.fit(model, X[:, 0], y)
    with pytest.raises(TypeError, match=r"nn\.Module"):
        nn.fit(object(), X, y)  # type: ignore[arg-type]  # wrong type on purpose
    bad = X.copy()
    bad[7, 1] = np.nan
    for compiled in (False, True):
        with pytest.raises(ValueError, match=r"fit: X row 7 column 1 is nan"):
            nn.fit(model, bad, y, progress=False, compiled=compiled)
        with pytest.raises(ValueError, match=r"^fit: X row 0 column 0 is the string 'a'; give"):
            nn.fit(model, [["a", "b"]] * 10, y, progress=False, compiled=compiled)
    big = np.zeros((9000, 2))  # the first bad number past the first slice of 4,096 rows
    big[[5000, 8000], [1, 0]] = [-np.inf, np.nan]
    with pytest.raises(ValueError, match=r"fit: X row 5000 column 1 is -inf"):
        nn.fit(model, big, np.zeros(9000, dtype=int), progress=False)
    labels = y.copy()  # (this was inside the block above, after the raise: never run)
    labels[6] = 5  # the model has 2 outputs: classes 0 and 1 only
    for compiled in (False, True):  # named by its row: it said "row 6 … target 0 is class 5"
        with pytest.raises(
            ValueError,
            match=r"^fit: y: \w+: target 6 is 5, which is no class: a class index is a whole "
            r"number 0 ≤ class < 2; or give a row of 2 numbers$",
        ):
            nn.fit(model, X, labels, progress=False, compiled=compiled)


# ---------------------------------------------------------------- compiled (traced) training
# The oracle is the eager engine: the same seed gives the same sample order, so the
# traced replay must reproduce every epoch's loss and accuracy and the final weights.

_X3, _Y3 = moons(23, noise=0.1, seed=3)  # 23 samples: batches of 5 leave a ragged last one
_PM = (_Y3 * 2 - 1).astype(float)  # ±1 labels


@pytest.mark.parametrize(
    ("case", "nouts", "act", "out_act", "loss", "y", "make_opt", "batch", "l2"),
    [
        ("se-sgd", [4, 2], "sigmoid", "sigmoid", "squared_error", _Y3,
         lambda m: nn.SGD(m.parameters(), lr=0.5), 5, 0.0),
        ("half-sum-momentum-l2", [4, 2], "tanh", "sigmoid",
         nn.SquaredError(half=True, reduction="sum"), _Y3,
         lambda m: nn.SGD(m.parameters(), lr=0.1, momentum=0.9, weight_decay=0.01), 5, 1e-3),
        ("ce-adam", [5, 3], "relu", "linear", "cross_entropy", _Y3,
         lambda m: nn.Adam(m.parameters(), lr=0.05), 4, 0.0),
        ("bce-batch1", [3, 1], "leaky_relu", "linear", "bce_with_logits", _Y3,
         lambda m: nn.SGD(m.parameters(), lr=0.2), 1, 0.0),
        ("hinge-full-batch-schedule", [6, 6, 1], "relu", "linear", "hinge", _PM,
         lambda m: nn.SGD(m.parameters(), lr=nn.linear_decay(1.0, 0.1, 6)), None, 1e-4),
        ("weights-only-optimizer", [4, 1], "tanh", "linear", "hinge", _PM,
         lambda m: nn.SGD(m.weights(), lr=0.3), 8, 0.0),
    ],
)  # fmt: skip
def test_compiled_training_reproduces_eager_training(
    case: str,
    nouts: list[int],
    act: str,
    out_act: str,
    loss: Any,
    y: np.ndarray,
    make_opt: Any,
    batch: int | None,
    l2: float,
) -> None:
    results = []
    for compiled in (False, True):
        model = nn.MLP(2, nouts, activation=act, output_activation=out_act, seed=5)
        history = nn.fit(
            model, _X3, y, loss, make_opt(model), epochs=3, batch_size=batch,
            seed=1, progress=False, compiled=compiled, l2=l2, validation=(_X3[::2], y[::2]),
        )  # fmt: skip
        results.append((history, np.array([p.data for p in model.parameters()])))
    (eager, w_eager), (fast, w_fast) = results
    assert fast.loss == pytest.approx(eager.loss, rel=1e-9, abs=1e-12), case
    assert fast.accuracy == eager.accuracy, case
    assert fast.val_loss == pytest.approx(eager.val_loss, rel=1e-9, abs=1e-12), case
    assert fast.val_accuracy == eager.val_accuracy, case
    assert fast.lr == eager.lr
    np.testing.assert_allclose(w_fast, w_eager, rtol=1e-9, atol=1e-12)
    start = nn.MLP(2, nouts, activation=act, output_activation=out_act, seed=5)
    assert not np.allclose(w_eager, [p.data for p in start.parameters()])  # it did train


@pytest.mark.slow
def test_compiled_training_reaches_the_eager_accuracy_on_digits(
    digit_split: tuple[np.ndarray, ...],
) -> None:
    X_tr, X_te, y_tr, y_te = digit_split
    accs = []
    for compiled in (False, True):
        model = nn.MLP(64, [16, 16, 10], activation="sigmoid", output_activation="sigmoid", seed=0)
        steps = 6 * -(-len(y_tr) // 10)
        opt = nn.SGD(model.parameters(), lr=nn.linear_decay(3.0, 0.3, steps))
        nn.fit(model, X_tr, y_tr, "squared_error", opt, epochs=6, batch_size=10, progress=False,
               compiled=compiled)  # fmt: skip
        accs.append(_test_accuracy(model, X_te, y_te))
    assert accs[0] >= 0.90
    assert accs[1] == accs[0]


def test_compiled_training_refuses_what_it_cannot_trace() -> None:
    X, y = moons(12, seed=0)

    class Branchy(nn.Module):
        """Python control flow on the input's number: a trace keeps one path only."""

        def __init__(self) -> None:
            self.inner = nn.MLP(2, [3, 1], seed=0)

        def named_children(self) -> list[tuple[str, nn.Module]]:
            return [("inner", self.inner)]

        def forward(self, x: list[Any]) -> list[Value]:
            out = self.inner.forward(x)
            return [out[0] * 2.0] if float(x[0]) > 0.5 else out

    # float() of an input is refused while the model is traced (it was caught by the
    # check's replay, when the sixteen samples it compares took both paths)
    with pytest.raises(UntraceableRead, match=r"reads node 'input0\[0\]' .* \(float\(\), as math"):
        nn.fit(Branchy(), X, y, epochs=1, batch_size=12, progress=False, compiled=True)

    class BranchyLoss(nn.Loss):
        """A per-sample rule that reads a number: one graph per class, not one rule."""

        def sample(self, output: Any, target: Any) -> Value:
            d = output[0] - target[0]
            return d * d if float(target[0]) > 0.5 else d.relu()

    model = nn.MLP(2, [2, 1], seed=0)
    assert nn.fit(model, X, y, BranchyLoss(), epochs=1, progress=False).loss  # eager: fine
    with pytest.raises(UntraceableRead, match=r"reads node 'input1\[0\]' .* \(float\(\), as math"):
        nn.fit(model, X, y, BranchyLoss(), epochs=1, progress=False, compiled=True)
    stranger = nn.SGD([Value(1.0), *model.parameters()], lr=0.1)
    with pytest.raises(ValueError, match="not a parameter of the model"):
        nn.fit(model, X, y, optimizer=stranger, progress=False, compiled=True)
    with pytest.raises(ValueError, match="expected -1 or \\+1"):
        nn.fit(model, X, y, "hinge", progress=False, compiled=True)  # labels are 0/1


def test_cross_entropy_sample_rule_is_stable_and_exact() -> None:
    """The one rule (eager and traced) folds log Σ e^z with logaddexp nodes; the closed form
    log Σ e^z − z_c from numpy's logaddexp is the oracle, far beyond exp's range, and the
    gradient is softmax − onehot, with the largest logit first, last or in the middle."""
    cases = [([0.3, -1.2, 2.0], 2), ([800.0, -100.0, 0.0], 1), ([-800.0, -790.0], 0)]
    cases += [([800.0, -800.0], 1), ([5.0, 5.0, 5.0], 0), ([-1e5, 3.0, 1e5], 2)]
    cases += [([-30.0, 2.0, 40.0, -5.0], 3), ([1e300, 0.0], 0), ([0.0, 1e300], 0)]
    for logits, c in cases:
        zs = [Value(z) for z in logits]
        got = nn.CrossEntropy().sample(zs, [1.0 if j == c else 0.0 for j in range(len(zs))])
        want = float(np.logaddexp.reduce(logits)) - logits[c]
        assert got.data == pytest.approx(want, rel=1e-12)
        got.backward()
        soft = np.exp(np.array(logits) - np.logaddexp.reduce(logits))
        onehot = np.eye(len(zs))[c]
        assert [z.grad for z in zs] == pytest.approx(list(soft - onehot), abs=1e-12)


def test_what_would_make_compiled_training_differ_cannot_be_defined() -> None:
    """Compiled training replays a loss's sample() and calls an optimizer's update(): a
    Loss with a __call__ of its own, or an optimizer with its own step(), step_arrays() or
    the _checked_update() that compiled training calls, would train something else when
    compiled. Each is refused when its class is created, saying what to define instead."""
    with pytest.raises(TypeError, match=r"^Triple defines __call__.* Define sample\(output, t"):

        class Triple(nn.SquaredError):
            def __call__(self, outputs: Any, targets: Any) -> Value:
                return nn.squared_error(outputs, targets) * 3.0

    with pytest.raises(TypeError, match=r"^NoRule defines __call__"):

        class NoRule(nn.Loss):
            def __call__(self, outputs: Any, targets: Any) -> Value:
                return nn.squared_error(outputs, targets)

    class NoSample(nn.Loss):
        pass

    with pytest.raises(TypeError, match=r"abstract method '?sample"):
        NoSample()  # type: ignore[abstract]

    for method in ("step", "step_arrays", "_checked_step", "_checked_update"):
        with pytest.raises(
            TypeError, match=rf"^Clipped defines {method}\(\).* put the rule in update\(data,"
        ):
            type("Clipped", (nn.SGD,), {method: lambda self, *args: None})

    class NoUpdate(nn.Optimizer):
        pass

    with pytest.raises(TypeError, match=r"abstract method '?update"):
        NoUpdate([Value(1.0)], lr=0.1)  # type: ignore[abstract]


@pytest.mark.parametrize("compiled", [False, True])
def test_validation_data_is_checked_like_training_data(compiled: bool) -> None:
    X, y = moons(20, seed=1)
    model = nn.MLP(2, [3, 1], seed=0)
    pm = 2.0 * y - 1
    with pytest.raises(
        ValueError, match=r"validation y: hinge: target 0 is 0\.0, expected -1 or \+1"
    ):
        nn.fit(model, X, pm, "hinge", validation=(X, y), progress=False, compiled=compiled)
    bad = X.copy()
    bad[3, 0] = np.inf
    with pytest.raises(ValueError, match=r"validation X row 3 column 0 is inf"):
        nn.fit(model, X, pm, "hinge", validation=(bad, pm), progress=False, compiled=compiled)
    wide = np.hstack([X, X[:, :1]])  # rows of 3 for a model of 2 inputs: it named no X
    with pytest.raises(ValueError, match=r"^fit: validation X: MLP: expected 2 inputs, got 3$"):
        nn.fit(model, X, pm, "hinge", validation=(wide, pm), progress=False, compiled=compiled)


def test_tied_parameters_train_compiled_like_eager() -> None:
    """A module listing one Value twice (a tied weight) trains the same both ways."""
    X, y = moons(16, seed=2)

    class Tied(nn.Module):
        def __init__(self) -> None:
            self.inner = nn.MLP(2, [3, 1], seed=4)
            self.shared = self.inner.layers[0].neurons[0].w[0]

        def named_children(self) -> list[tuple[str, nn.Module]]:
            return [("inner", self.inner)]

        def own_parameters(self) -> list[tuple[str, Value]]:
            return [("shared", self.shared)]  # also inner's first weight

        def forward(self, x: list[Any]) -> list[Value]:
            return self.inner.forward(x)

    weights = []
    for compiled in (False, True):
        model = Tied()
        opt = nn.SGD(model.parameters(), lr=0.2)
        nn.fit(model, X, y, optimizer=opt, epochs=2, batch_size=4, progress=False,
               compiled=compiled)  # fmt: skip
        weights.append([p.data for p in model.parameters()])
    np.testing.assert_allclose(weights[1], weights[0], rtol=1e-12)


def test_summed_loss_history_is_the_batch_total() -> None:
    """reduction="sum", full batch: the epoch's loss is the cost of the whole set before
    the step, which evaluate() recomputes on a fresh copy of the starting weights."""
    X, y = moons(12, seed=3)
    total = nn.SquaredError(reduction="sum")
    for compiled in (False, True):
        model = nn.MLP(2, [3, 1], seed=1)
        want, _ = nn.evaluate(nn.MLP(2, [3, 1], seed=1), X, y, total)
        h = nn.fit(model, X, y, total, epochs=1, batch_size=None, progress=False,
                   compiled=compiled)  # fmt: skip
        assert h.loss[0] == pytest.approx(want, rel=1e-12)


# ---------------------------------------------------------------- float32 replay (issue 11)


def _train_moons(dtype: str | np.dtype[Any], X: np.ndarray) -> tuple[nn.History, np.ndarray]:
    model = nn.MLP(2, [8, 8, 2], activation="sigmoid", output_activation="sigmoid", seed=2)
    opt = nn.SGD(model.parameters(), lr=0.5, momentum=0.5)
    history = nn.fit(model, X, _YM, "squared_error", opt, epochs=3, batch_size=16, seed=4,
                     progress=False, compiled=True, dtype=dtype)  # fmt: skip
    return history, np.array([p.data for p in model.parameters()])


_XM, _YM = moons(200, noise=0.1, seed=8)


def test_float32_replay_follows_the_float64_run() -> None:
    """The oracle is the float64 replay (itself checked against the eager engine above):
    float32 rounding (≈6e-8 relative) may move the weights by ~1e-5 after 3 epochs of
    SGD, never by as much as training does."""
    h64, w64 = _train_moons("float64", _XM)
    h32, w32 = _train_moons("float32", _XM)
    assert not np.array_equal(w32, w64)  # float32 really ran
    np.testing.assert_allclose(w32, w64, rtol=0, atol=1e-4 * float(np.abs(w64).max()))
    assert h32.loss == pytest.approx(h64.loss, rel=1e-4)
    start = nn.MLP(2, [8, 8, 2], activation="sigmoid", output_activation="sigmoid", seed=2)
    moved = np.abs(w64 - np.array([p.data for p in start.parameters()])).max()
    assert moved > 100 * np.abs(w32 - w64).max()


def test_a_parameter_beyond_float32_is_refused_by_name_before_a_float32_run() -> None:
    """1e39 is a finite float64 but beyond float32's ±3.4e38 (numpy's cast would only
    warn and make it inf): a float32 run refuses it by the model's name for it, before
    training, and the model keeps its weights."""
    model = nn.MLP(2, [4, 2], activation="tanh", output_activation="sigmoid", seed=1)
    model.parameters()[4].data = 1e39  # neuron 0: w.0, w.1, b; neuron 1: w.0, w.1
    before = [p.data for p in model.parameters()]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(
            ValueError, match=r"parameter layers\.0\.neurons\.1\.w\.1 is 1e\+39, beyond float32"
        ):
            nn.fit(model, _XM, _YM, epochs=1, batch_size=8, progress=False, compiled=True,
                   dtype="float32")  # fmt: skip
    assert [p.data for p in model.parameters()] == before


def test_a_step_beyond_float32_is_refused_at_that_step_in_a_float32_run() -> None:
    """w = 1, b = 0, one sample x = 1, target 0, squared error: the gradient of w is
    2·(w·x + b − 0)·x = 2, so lr = 1e39 would make w = 1 − 2e39, finite in float64 but
    beyond float32. That step (batch 1) is refused, naming the weight, and the model
    and the optimizer keep what they had (float64 takes the same step without a word)."""

    def model_and_opt() -> tuple[nn.MLP, nn.SGD]:
        model = nn.MLP(1, [1], activation="linear", output_activation="linear", seed=0)
        w, b = model.parameters()
        w.data, b.data = 1.0, 0.0
        return model, nn.SGD(model.parameters(), lr=1e39, momentum=0.5)

    X, y = np.ones((1, 1)), np.zeros(1)
    model, opt = model_and_opt()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(nn.TrainingDiverged) as info:
            nn.fit(model, X, y, optimizer=opt, epochs=1, batch_size=1, shuffle=False,
                   progress=False, compiled=True, dtype="float32")  # fmt: skip
    assert (info.value.epoch, info.value.batch) == (1, 1)
    assert re.search(
        r"parameter layers\.0\.neurons\.0\.w\.0 -2e\+39, beyond float32", str(info.value)
    )
    assert [p.data for p in model.parameters()] == [1.0, 0.0]
    assert opt.steps == 0 and opt.velocity is not None and not opt.velocity.any()
    model, opt = model_and_opt()
    nn.fit(model, X, y, optimizer=opt, epochs=1, batch_size=1, shuffle=False, progress=False,
           compiled=True)  # fmt: skip
    assert model.parameters()[0].data == pytest.approx(1.0 - 2e39)


def test_a_float32_target_beyond_range_is_refused_like_an_input() -> None:
    """A target of 1e39 would be inf in a float32 replay: refused by its row before
    training, as an input beyond float32 is."""
    y = np.array([0.0, 1.0, 1e39, 0.0])
    model = nn.MLP(2, [1], activation="linear", output_activation="linear", seed=0)
    with pytest.raises(ValueError, match=r"fit: y target 2 is 1e\+39, beyond float32"):
        nn.fit(model, _XM[:4], y, epochs=1, progress=False, compiled=True, dtype="float32")


# lr = 1e-40 is meant to leave the weight where it is (the cost is what is tested):
# fit's warning that the epoch changed no weight is true, and expected
@pytest.mark.filterwarnings("ignore:fit. epoch 1 changed no weight:UserWarning")
def test_a_float32_batch_cost_is_summed_in_float64() -> None:
    """64 samples, each with loss (w·x)² = (3.16e18)² ≈ 1e37, finite in float32: the
    mean is 1e37 too, but their float32 sum (6.4e38) would overflow. The float32 run
    reports the mean like the float64 run, to float32 rounding."""
    X, y = np.ones((64, 1)), np.zeros(64)
    losses = []
    for dtype in ("float64", "float32"):
        model = nn.MLP(1, [1], activation="linear", output_activation="linear", seed=0)
        w, b = model.parameters()
        w.data, b.data = 3.1622776e18, 0.0
        h = nn.fit(model, X, y, optimizer=nn.SGD(model.parameters(), lr=1e-40), epochs=1,
                   batch_size=None, progress=False, compiled=True, dtype=dtype)  # fmt: skip
        losses.append(h.loss[0])
    assert losses[0] == pytest.approx(3.1622776e18**2, rel=1e-15)
    assert losses[1] == pytest.approx(losses[0], rel=1e-6)


@pytest.mark.parametrize("compiled", [False, True])
def test_a_tied_weight_is_one_weight_in_the_l2_term(compiled: bool) -> None:
    """One neuron listed under two names: its weights are penalised once in λ/2·ΣW².
    One full-batch SGD step against the closed form: residual r = Xw + b − y,
    C = mean(r²) + λ/2·w·w, ∂C/∂w = 2Xᵀr/m + λw, ∂C/∂b = 2·mean(r)."""

    class Tied(nn.Module):
        def __init__(self) -> None:
            self.a = nn.Neuron(2, "linear", seed=0)

        def named_children(self) -> list[tuple[str, nn.Module]]:
            return [("first", self.a), ("second", self.a)]

        def forward(self, x: list[Any]) -> list[Value]:
            return [self.a.fire(list(x))]

    X = np.array([[1.0, 2.0], [0.5, -1.0], [2.0, 0.0]])
    y = np.array([1.0, 0.0, 0.5])
    model = Tied()
    assert model.weights() == model.a.w  # each weight once
    w, b = np.array([p.data for p in model.a.w]), model.a.b.data
    lam, lr = 1.0, 0.1
    r = X @ w + b - y
    want_loss = float(np.mean(r**2) + lam / 2 * w @ w)
    want = [*(w - lr * (2 * X.T @ r / len(y) + lam * w)), b - lr * 2 * r.mean()]
    opt = nn.SGD(list(dict.fromkeys(model.parameters())), lr=lr)
    h = nn.fit(model, X, y, optimizer=opt, epochs=1, batch_size=None, l2=lam, shuffle=False,
               progress=False, compiled=compiled)  # fmt: skip
    assert h.loss[0] == pytest.approx(want_loss, rel=1e-12)
    np.testing.assert_allclose([*(p.data for p in model.a.w), model.a.b.data], want, rtol=1e-12)


def test_float32_accuracy_reads_the_targets_in_float64() -> None:
    """A one-output model, threshold 0.5: a target of 0.5 + 1e-9 is a 1 (it is above
    0.5), though in float32 it rounds to 0.5, which is not. The output 0.9 (w = 0,
    b = 0.9) is a 1 too, so every sample is right: accuracy 1.0, eager and float32."""
    X, y = np.ones((8, 1)), np.full(8, 0.5 + 1e-9)
    for compiled, dtype in ((False, "float64"), (True, "float32")):
        model = nn.MLP(1, [1], activation="linear", output_activation="linear", seed=0)
        w, b = model.parameters()
        w.data, b.data = 0.0, 0.9
        h = nn.fit(model, X, y, optimizer=nn.SGD(model.parameters(), lr=1e-9), epochs=1,
                   batch_size=4, progress=False, compiled=compiled, dtype=dtype)  # fmt: skip
        assert h.accuracy == [1.0]


def test_a_float32_overflow_inside_the_model_says_float32() -> None:
    """(w·x)·1e39·1e-39 is about w·x in float64, but w·x·1e39 overflows float32: the
    float32 run stops at batch 1 and says that float32 is why; float64 trains."""

    class Scaled(nn.Module):
        def __init__(self) -> None:
            self.n = nn.Neuron(1, "linear", seed=0)

        def named_children(self) -> list[tuple[str, nn.Module]]:
            return [("n", self.n)]

        def forward(self, x: list[Any]) -> list[Value]:
            return [(self.n.fire(list(x)) * 1e39) * 1e-39]

    X, y = np.array([[0.1], [0.2], [0.3]]), np.array([0.0, 1.0, 0.5])
    nn.fit(Scaled(), X, y, epochs=1, batch_size=None, progress=False, compiled=True)
    with pytest.raises(nn.TrainingDiverged, match=r"batch 1 of 1: .* in float32, whose numbers"):
        nn.fit(Scaled(), X, y, epochs=1, batch_size=None, progress=False, compiled=True,
               dtype="float32")  # fmt: skip


def test_a_float32_sum_overflow_names_float32s_range_not_float64s() -> None:
    """A target of 1e30 fits float32, but its squared error 1e60 (a one-term dot in the
    loss) does not: the replay's words for that sum said it "passes ±1.8e308" and blamed
    the order of its terms, float64's range and the eager engine's exact sums, neither
    of which is why. It names float32's ±3.4e38; float64 trains on the same data."""
    X, y = _XM[:8], np.r_[np.zeros(7), 1e30]
    nn.fit(nn.MLP(2, [1], seed=0), X, y, epochs=1, batch_size=None, progress=False,
           compiled=True)  # fmt: skip
    with pytest.raises(nn.TrainingDiverged) as info:
        nn.fit(nn.MLP(2, [1], seed=0), X, y, epochs=1, batch_size=None, progress=False,
               compiled=True, dtype="float32")  # fmt: skip
    message = str(info.value)
    assert "at X row 7" in message
    assert "passes ±3.4e38 in float32 — the result overflows a float32" in message
    assert "a float32 (±3.4e38)" not in message, message  # (it said the range twice)
    assert "1.8e308" not in message and "eager engine" not in message


def test_float32_data_trains_like_the_same_numbers_in_float64() -> None:
    """X given as float32 is used as is (no float64 copy of the data set), converted a
    batch at a time: the same numbers in a float64 array give the same training."""
    X32 = _XM.astype(np.float32)
    h_a, w_a = _train_moons("float64", X32)
    h_b, w_b = _train_moons("float64", X32.astype(np.float64))
    assert h_a.loss == h_b.loss and h_a.accuracy == h_b.accuracy
    np.testing.assert_array_equal(w_a, w_b)


def test_dtype_is_checked() -> None:
    model = nn.MLP(2, [3, 1], seed=0)
    with pytest.raises(ValueError, match="dtype must be 'float64' or 'float32'"):
        nn.fit(model, _XM, _YM, progress=False, compiled=True, dtype="float16")
    with pytest.raises(ValueError, match="needs compiled=True"):
        nn.fit(model, _XM, _YM, progress=False, dtype="float32")
    big = _XM.copy()
    big[7, 1] = 1e39
    with pytest.raises(ValueError, match=r"X row 7 column 1 is 1e\+39, beyond float32"):
        nn.fit(model, big, _YM, progress=False, compiled=True, dtype="float32")
    # float64 (given as numpy's type) holds 1e39; a step size that keeps the weights
    # small, so no batch order makes the squared error of a 1e39 input overflow
    opt = nn.SGD(model.parameters(), lr=1e-90)
    nn.fit(
        model, big, _YM, optimizer=opt, epochs=1, progress=False, compiled=True, dtype=np.float64
    )


def test_dtype_may_be_a_numpy_dtype_such_as_x_dtype() -> None:
    """``dtype=X32.dtype`` (``np.dtype('float32')``) was refused with "dtype must be
    'float64' or 'float32', got dtype('float32')" while ``np.float32`` was taken. A numpy
    dtype trains as its name does (the same run, number for number); float16 is still
    refused, and float32 still needs compiled=True."""
    runs = []
    for dtype in ("float32", np.dtype("float32"), _XM.astype(np.float32).dtype):
        runs.append(_train_moons(dtype, _XM))
    for h, w in runs[1:]:
        assert h.loss == runs[0][0].loss
        np.testing.assert_array_equal(w, runs[0][1])
    model = nn.MLP(2, [3, 1], seed=0)
    with pytest.raises(
        ValueError, match=r"dtype must be 'float64' or 'float32', got dtype\('float16'\)$"
    ):
        nn.fit(model, _XM, _YM, progress=False, compiled=True, dtype=np.dtype("float16"))
    with pytest.raises(ValueError, match="needs compiled=True"):
        nn.fit(model, _XM, _YM, progress=False, dtype=np.dtype("float32"))


@pytest.mark.parametrize("where", ["in a step", "between steps"])
def test_an_interrupted_compiled_epoch_puts_weights_and_optimizer_back(
    where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """During a compiled epoch the optimizer sees its parameters in the replay's order;
    an interruption must leave it as it was built, and the weights of the three finished
    steps in the model. Interrupted in a step (the fourth update raises, and the
    optimizer undoes it) or between steps (Ctrl-C in the progress bar: tqdm's third
    update raises)."""
    tqdm_auto = pytest.importorskip("tqdm.auto")

    class Stop(Exception):
        pass

    class StopAtFour(nn.SGD):
        def update(self, data: np.ndarray, grad: np.ndarray, lr: float) -> None:
            if where == "in a step" and self.steps == 3:
                raise Stop
            super().update(data, grad, lr)

    class Bar:
        def __init__(self, *args: object, **kwargs: object) -> None:
            self.n = 0

        def update(self, n: int = 1) -> None:
            self.n += n
            if where == "between steps" and self.n == 3:
                raise Stop

        def set_postfix_str(self, text: str, refresh: bool = True) -> None:
            pass

        def close(self) -> None:
            pass

    monkeypatch.setattr(tqdm_auto, "tqdm", Bar)
    model = nn.MLP(2, [4, 2], activation="tanh", output_activation="sigmoid", seed=1)
    before = [p.data for p in model.parameters()]
    opt = StopAtFour(model.parameters(), lr=0.5, momentum=0.9)
    with pytest.raises(Stop):
        nn.fit(model, _XM, _YM, optimizer=opt, epochs=2, batch_size=8, compiled=True)
    assert opt.params == model.parameters() and opt.steps == 3
    after = [p.data for p in model.parameters()]
    assert after != before
    # oracle: the eager engine, interrupted at the same step, with its momentum aligned
    # with params (a momentum left in the replay's order would differ)
    assert opt.velocity is not None
    state = opt.velocity.copy()
    twin = nn.MLP(2, [4, 2], activation="tanh", output_activation="sigmoid", seed=1)
    twin_opt = StopAtFour(twin.parameters(), lr=0.5, momentum=0.9)
    with pytest.raises(Stop):
        nn.fit(twin, _XM, _YM, optimizer=twin_opt, epochs=2, batch_size=8, compiled=False)
    np.testing.assert_allclose([p.data for p in twin.parameters()], after, rtol=1e-9)
    np.testing.assert_allclose(twin_opt.velocity, state, rtol=1e-9, atol=1e-15)


@pytest.mark.parametrize("compiled", [False, True])
@pytest.mark.parametrize("which", ["all", "weights"])
def test_an_interruption_right_after_a_step_keeps_that_step(
    compiled: bool, which: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C can arrive just after the optimizer's update has been checked, before the
    new numbers reach the model: eager training writes them into the Values after the
    step, and compiled training with an optimizer over part of the model (its weights)
    writes its columns back into the parameter vector. Either way the step is counted,
    so the model must hold it. Interrupted after the second step; the oracle is the
    same model trained on exactly those two batches, without interruption."""

    def build() -> tuple[nn.MLP, nn.SGD]:
        model = nn.MLP(2, [4, 2], activation="tanh", output_activation="sigmoid", seed=1)
        params = model.parameters() if which == "all" else model.weights()
        return model, nn.SGD(params, lr=0.5)

    twin, twin_opt = build()
    nn.fit(twin, _XM[:16], _YM[:16], optimizer=twin_opt, epochs=1, batch_size=8,
           shuffle=False, progress=False, compiled=compiled)  # fmt: skip
    assert twin_opt.steps == 2

    real = nn.Optimizer._checked_update

    def interrupt_after_step_2(self: nn.Optimizer, *args: Any) -> None:
        real(self, *args)
        if self.steps == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(nn.Optimizer, "_checked_update", interrupt_after_step_2)
    model, opt = build()
    with pytest.raises(KeyboardInterrupt):
        nn.fit(model, _XM, _YM, optimizer=opt, epochs=1, batch_size=8, shuffle=False,
               progress=False, compiled=compiled)  # fmt: skip
    assert opt.steps == 2
    np.testing.assert_allclose(
        [p.data for p in model.parameters()], [p.data for p in twin.parameters()], rtol=1e-9
    )
    assert [p.data for p in model.parameters()] != [p.data for p in build()[0].parameters()]


@pytest.mark.parametrize("compiled", [False, True])
def test_an_interrupt_anywhere_in_training_leaves_model_and_optimizer_agreeing(
    compiled: bool,
) -> None:
    """Ctrl-C at the 1st, 2nd, 3rd … point of fit's training where CPython checks for
    signals (from the first epoch on; see tests/interrupts.py), two batches and a
    validation set, with a momentum optimizer over the first layer only — the case where
    compiled training reorders the optimizer's parameters and momentum for the epoch (a
    layer's weights side by side, then its biases) and keeps its columns in a copy. After
    every interrupt the optimizer has its parameters in their own order, and for its step
    count k the model and the momentum are those of k uninterrupted steps."""

    def build() -> tuple[nn.MLP, nn.SGD]:
        model = nn.MLP(2, [3, 2], activation="tanh", output_activation="sigmoid", seed=4)
        return model, nn.SGD(model.layers[0].parameters(), lr=0.5, momentum=0.9)

    def state(model: nn.MLP, opt: nn.SGD) -> tuple[list[float], list[float]]:
        velocity = [0.0] * len(opt.params) if opt.velocity is None else opt.velocity.tolist()
        return [p.data for p in model.parameters()], velocity

    def train(model: nn.MLP, opt: nn.SGD, rows: int) -> None:
        nn.fit(model, _XM[:rows], _YM[:rows], optimizer=opt, epochs=1, batch_size=8,
               shuffle=False, progress=False, compiled=compiled,
               validation=(_XM[16:24], _YM[16:24]))  # fmt: skip

    oracle = [state(*build())]
    for k in (1, 2):
        model, opt = build()
        train(model, opt, 8 * k)
        assert opt.steps == k
        oracle.append(state(model, opt))
    epoch = (nn.train._CompiledRun if compiled else nn.train._EagerRun).epoch.__code__
    errors = np.geterr()
    for n in itertools.count(1):
        model, opt = build()
        first = model.layers[0].parameters()
        run = lambda m=model, o=opt: train(m, o, 16)  # noqa: E731
        # the training loop's own modules: the model's and the loss's code changes
        # neither the model's numbers nor the optimizer
        hit = interrupted(run, n, ("nn.train", "nn.optim", "nn.data"), after=epoch)
        if hit is None:
            assert opt.steps == 2 and state(model, opt) == oracle[2]
            break
        assert all(map(operator.is_, opt.params, first)), f"interrupted at point {n}"
        # and nothing fit switches for a while stays switched: gradient recording, and
        # numpy's warnings (off around the step)
        assert hit.context.run(is_grad_enabled), f"point {n}"
        assert hit.context.run(np.geterr) == errors, f"point {n}"
        got, want = state(model, opt), oracle[opt.steps]
        np.testing.assert_allclose(got[0], want[0], rtol=1e-12, err_msg=f"point {n}")
        np.testing.assert_allclose(got[1], want[1], rtol=1e-12, err_msg=f"point {n}")
        del hit  # checked while the interrupt and its traceback were alive
    assert n > 40  # the interrupts did reach into both steps


@pytest.mark.parametrize("compiled", [False, True])
def test_integer_data_trains_like_the_same_numbers_as_floats(compiled: bool) -> None:
    Xi = np.array([[0, 0], [0, 1], [1, 0], [1, 1]] * 3)
    yi = np.array([0, 1, 1, 0] * 3)
    runs = []
    for X in (Xi, Xi.astype(float)):
        model = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=3)
        h = nn.fit(model, X, yi, epochs=2, batch_size=4, progress=False, compiled=compiled)
        runs.append((h.loss, [p.data for p in model.parameters()]))
    assert runs[0] == runs[1]
    assert all(type(v) is float for v in runs[0][1])


def test_momentum_switched_on_after_the_optimizer_is_made() -> None:
    """SGD(momentum=0) keeps no velocity; setting momentum later makes one during a
    compiled epoch, in the replay's column order. It must come back in params' order,
    so training matches an optimizer given that momentum from the start — compiled, and
    eager (the oracle: no reordering at all)."""
    X, y = moons(64, seed=1)

    def train(late: bool, compiled: bool) -> np.ndarray:
        model = nn.MLP(2, [4, 1], seed=0)
        opt = nn.SGD(model.parameters(), lr=0.1, momentum=0.0 if late else 0.9)
        if late:
            opt.momentum = 0.9
        nn.fit(model, X, y, optimizer=opt, epochs=3, batch_size=16, progress=False,
               compiled=compiled)  # fmt: skip
        return np.array([p.data for p in model.parameters()])

    eager = train(False, compiled=False)
    np.testing.assert_allclose(train(True, compiled=False), eager, rtol=0, atol=1e-15)
    np.testing.assert_allclose(train(False, compiled=True), eager, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(train(True, compiled=True), eager, rtol=1e-9, atol=1e-12)


class _MaskedSGD(nn.Optimizer):
    """SGD that leaves the parameters whose flag is False where they are (a bool
    array), each moving at lr/√(1 + its count) (an int array that does not start at 0),
    with the mean of its last two gradients (a (2, n) stack) and a momentum kept in a
    dict, PyTorch's way: per-parameter state in every shape compiled training must
    keep aligned with the parameters it lists in its own order."""

    def __init__(self, params: Any, lr: float) -> None:
        super().__init__(params, lr)
        n = len(self.params)
        self.trainable = np.arange(n) % 3 != 0
        self.count = np.arange(n, dtype=np.int64)
        self.past = np.zeros((2, n))
        self.state = {"velocity": np.linspace(-0.1, 0.1, n)}

    def update(self, data: np.ndarray, grad: np.ndarray, lr: float) -> None:
        self.past = np.vstack([self.past[1:], grad[None, :]])
        v = self.state["velocity"] = 0.5 * self.state["velocity"] + self.past.mean(axis=0)
        data -= lr * v * self.trainable / np.sqrt(1 + self.count)
        self.count += 1


def test_a_custom_optimizers_state_follows_compiled_trainings_order() -> None:
    """Compiled training lists the parameters in the replay's column order during an
    epoch; an optimizer's bool, int, 2-D and dict-held arrays must follow them (only
    float arrays of shape (n,) did: a bool mask froze the wrong parameters). The oracle
    is eager training, which never reorders, and the frozen parameters' own numbers."""
    X, y = moons(40, seed=2)

    def train(modes: tuple[bool, ...]) -> tuple[np.ndarray, np.ndarray]:
        model = nn.MLP(2, [4, 1], seed=0)
        start = np.array([p.data for p in model.parameters()])
        opt = _MaskedSGD(model.parameters(), lr=0.2)
        for compiled in modes:  # no shuffling: each call's batches are the same
            nn.fit(model, X, y, optimizer=opt, epochs=2, batch_size=8, shuffle=False,
                   progress=False, compiled=compiled)  # fmt: skip
        end = np.array([p.data for p in model.parameters()])
        frozen = ~opt.trainable
        np.testing.assert_array_equal(end[frozen], start[frozen])
        assert (end[~frozen] != start[~frozen]).all()
        assert opt.count.tolist() == list(range(20, 20 + len(start)))  # 2 calls × 10 steps
        return end, opt.state["velocity"]

    eager, velocity = train((False, False))
    for modes in [(True, True), (True, False), (False, True)]:
        end, v = train(modes)
        np.testing.assert_allclose(end, eager, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(v, velocity, rtol=1e-9, atol=1e-12)


class _ListScaledSGD(nn.SGD):
    """SGD with a learning rate scaled per parameter by a plain Python list."""

    def __init__(self, params: Any, lr: float, scale: list[float]) -> None:
        super().__init__(params, lr)
        self.scale = scale

    def update(self, data: np.ndarray, grad: np.ndarray, lr: float) -> None:
        data -= lr * np.asarray(self.scale) * grad


@pytest.mark.parametrize("compiled", [False, True])
def test_per_parameter_state_in_a_python_list_stays_with_its_parameter(compiled: bool) -> None:
    """A scale of 0 in a Python list freezes layer 0's first ten parameters (neurons 0-2
    and w.0 of neuron 3). Compiled training ran the rule on the replay's columns (a
    layer's weights before its biases) and left the list in params' order: other
    parameters were frozen, and these moved (by 0.29). The oracle: the frozen
    parameters' starting numbers, exactly, and every other parameter moved."""
    X, y = moons(30, noise=0.1, seed=0)
    model = nn.MLP(2, [5, 2], seed=0)
    start = [p.data for p in model.parameters()]
    n = len(start)
    opt = _ListScaledSGD(model.parameters(), 0.1, [0.0] * 10 + [1.0] * (n - 10))
    nn.fit(model, X, y, loss="cross_entropy", optimizer=opt, epochs=2, batch_size=7,
           compiled=compiled, progress=False)  # fmt: skip
    end = [p.data for p in model.parameters()]
    assert end[:10] == start[:10]
    assert all(a != b for a, b in zip(end[10:], start[10:], strict=True))


# ------------------------------------------------------------------ review of 2026-12-03


def test_history_lr_is_the_rate_of_each_epochs_last_step() -> None:
    """A table of one rate per step (2 epochs × 2 batches): fit never asks the schedule
    for a fifth step, and History.lr holds the rate of each epoch's last step."""
    X = np.array([[0.1, 0.2], [0.3, -0.4], [1.0, 2.0], [0.5, 0.5]])
    table = [0.1, 0.05, 0.02, 0.01]
    asked: list[int] = []

    def schedule(k: int) -> float:
        asked.append(k)
        return table[k]

    model = nn.MLP(2, [3, 1], seed=0)
    h = nn.fit(model, X, [1.0, 0.0, 1.0, 0.0], optimizer=nn.SGD(model.parameters(), lr=schedule),
               epochs=2, batch_size=2, shuffle=False, progress=False)  # fmt: skip
    assert h.lr == [0.05, 0.01]
    assert max(asked) == 3


def test_soft_targets_are_classed_at_one_half_for_binary_cross_entropy() -> None:
    """Logits 5, 10, −5, −10 against probabilities 0.9, 0.9, 0.1, 0.1: every sample is on
    its target's side (a logit's 0 is a probability's 0.5), so accuracy is 1."""
    logits = [5.0, 10.0, -5.0, -10.0]
    y = [0.9, 0.9, 0.1, 0.1]
    assert nn.accuracy(logits, y, 0.0, 0.5) == 1.0

    class Fixed(nn.Module):
        def forward(self, x: list[Any]) -> list[Value]:
            return [Value(float(x[0]))]

    bce = nn.BCEWithLogits()
    _, acc = nn.evaluate(Fixed(), [[z] for z in logits], y, bce)
    assert acc == 1.0


@pytest.mark.parametrize("call", ["predict", "evaluate"])
def test_predict_and_evaluate_name_a_nan_in_x(call: str) -> None:
    X = np.array([[0.0, 1.0], [2.0, np.nan]])
    model = nn.MLP(2, [3, 1], seed=0)
    with pytest.raises(ValueError, match=rf"{call}: X row 1 column 1 is nan"):
        nn.predict(model, X) if call == "predict" else nn.evaluate(model, X, [0.0, 1.0])


def test_fit_refuses_boolean_inputs_as_the_model_does() -> None:
    """As the model's own refusal of a boolean sample: nn.WrongInput (a ValueError)."""
    model = nn.MLP(2, [3, 1], seed=0)
    with pytest.raises(nn.WrongInput, match=r"fit: X holds booleans"):
        nn.fit(model, np.array([[True, False], [False, True]]), [0.0, 1.0], progress=False)


def _identity_model() -> nn.MLP:
    """y = x: one linear neuron with w = 1, b = 0, so the outputs are the inputs."""
    model = nn.MLP(1, [1], activation="linear", output_activation="linear", seed=0)
    w, b = model.parameters()
    w.data, b.data = 1.0, 0.0
    return model


@pytest.mark.parametrize(
    ("labels", "loss", "want"),
    [((-1.0, 1.0), "squared_error", 0.0),  # tanh outputs: the midpoint 0
     ((0.0, 1.0), "squared_error", 0.5),  # sigmoid outputs: 0.5, as before
     ((-0.8, 0.8), "squared_error", 0.0),
     ((2.0, 4.0), "squared_error", 3.0),
     ((-1.0, 1.0), nn.SquaredError(threshold=0.5), 0.5),  # fixed by the user
     ((-1.0, 1.0), nn.SquaredError(half=True, threshold=-0.25), -0.25)],
)  # fmt: skip
@pytest.mark.parametrize("compiled", [False, True])
def test_a_one_output_model_is_scored_at_the_midpoint_of_its_two_labels(
    labels: tuple[float, float], loss: Any, want: float, compiled: bool
) -> None:
    """Squared error against two labels: a sample is right when its output is on its
    label's side of the threshold ``want`` (the labels' midpoint unless the loss fixes
    one), counted here by hand. Training, validation and evaluate() score alike."""
    rng = np.random.default_rng(5)
    lo, hi = labels
    x = rng.uniform(lo - 0.5, hi + 0.5, size=40)
    y = np.where(rng.random(40) < 0.5, lo, hi)
    by_hand = float(np.mean((x > want) == (y > want)))
    assert 0.3 < by_hand < 1.0  # some right and some wrong, so the threshold matters
    X = x[:, None]
    model = _identity_model()
    h = nn.fit(model, X, y, loss, optimizer=nn.SGD(model.parameters(), lr=0.0), epochs=1,
               batch_size=None, progress=False, compiled=compiled, validation=(X, y))  # fmt: skip
    assert h.accuracy == [pytest.approx(by_hand)]
    assert h.val_accuracy == [pytest.approx(by_hand)]
    assert nn.evaluate(model, X, y, loss)[1] == pytest.approx(by_hand)


def test_validation_is_scored_at_the_training_labels_midpoint() -> None:
    """Trained on ±1 labels, a validation set holding only +1 is still scored at 0 (its
    own labels have one value, which alone would say nothing of a midpoint): outputs
    0.3 and −0.2 for the label +1 are one right and one wrong."""
    model = _identity_model()
    X, y = np.array([[0.3], [-0.2], [0.6], [-0.7]]), np.array([1.0, -1.0, 1.0, -1.0])
    X_val, y_val = np.array([[0.3], [-0.2]]), np.array([1.0, 1.0])
    for compiled in (False, True):
        h = nn.fit(model, X, y, optimizer=nn.SGD(model.parameters(), lr=0.0), epochs=1,
                   progress=False, compiled=compiled, validation=(X_val, y_val))  # fmt: skip
        assert h.accuracy == [1.0] and h.val_accuracy == [0.5]


@pytest.mark.parametrize(
    "bad", [float("nan"), float("inf"), True, "0", pytest.param(10**400, id="10**400")]
)
def test_a_squared_error_threshold_must_be_a_finite_number(bad: Any) -> None:
    with pytest.raises(ValueError, match="SquaredError: threshold must be a finite number"):
        nn.SquaredError(threshold=bad)


@pytest.mark.parametrize("compiled", [False, True])
def test_a_loss_threshold_that_is_not_finite_is_refused_before_training(compiled: bool) -> None:
    """A loss whose ``threshold`` is nan scored every output as class 0: compiled training
    (which scores in numpy) and evaluate reported that accuracy without a word."""

    class NanCut(nn.SquaredError):
        threshold = float("nan")

    model = nn.MLP(1, [1], seed=0)
    before = [p.data for p in model.parameters()]
    X, y = [[0.5], [-0.5]], [1.0, 0.0]
    with pytest.raises(ValueError, match=r"^fit: NanCut: threshold must be a finite number"):
        nn.fit(model, X, y, loss=NanCut(), epochs=1, progress=False, compiled=compiled)
    assert [p.data for p in model.parameters()] == before  # refused before any step
    with pytest.raises(ValueError, match=r"^evaluate: NanCut: threshold must be a finite"):
        nn.evaluate(model, X, y, NanCut())


def test_a_threshold_set_on_a_subclass_or_an_instance_is_kept() -> None:
    """0/1 labels, outputs 0.3, −0.2, 0.6, −0.7, 0.1: at 0.2 every sample is right (the
    two 0.1-or-less outputs are 0s), at the labels' midpoint 0.5 the 0.3 is wrong."""
    X, y = np.array([[0.3], [-0.2], [0.6], [-0.7], [0.1]]), np.array([1, 0, 1, 0, 0])

    class Mine(nn.SquaredError):
        threshold = 0.2

    instance = nn.SquaredError()
    instance.threshold = 0.2
    for loss, want in ((Mine(), 1.0), (instance, 1.0), (nn.SquaredError(), 0.8)):
        for compiled in (False, True):
            model = _identity_model()
            h = nn.fit(model, X, y, loss, optimizer=nn.SGD(model.parameters(), lr=0.0),
                       epochs=1, progress=False, compiled=compiled, validation=(X, y))  # fmt: skip
            assert h.accuracy == [want] and h.val_accuracy == [want]
            assert nn.evaluate(model, X, y, loss)[1] == want


@pytest.mark.parametrize(
    ("loss", "labels", "cut"),
    [("bce_with_logits", (0.0, 1.0), 0.5), ("hinge", (-1.0, 1.0), 0.0)],
)
@pytest.mark.parametrize("compiled", [False, True])
def test_several_yes_no_labels_are_scored_label_by_label(
    loss: str, labels: tuple[float, float], cut: float, compiled: bool
) -> None:
    """Three labels per sample, each its own yes/no question (binary cross-entropy or
    hinge on three outputs): accuracy is the fraction of labels on their target's side
    (logits and scores cut at 0), counted here by hand with numpy. By argmax it compared
    the largest output with the largest of rows such as [1, 1, 0] or [0, 0, 0]."""
    rng = np.random.default_rng(11)
    X = rng.normal(size=(30, 3))
    Y = np.where(rng.random((30, 3)) < 0.5, *labels)
    model = nn.MLP(3, [3], activation="linear", output_activation="linear", seed=1)
    out = nn.predict(model, X)
    by_hand = float(np.mean((out > 0.0) == (cut < Y)))
    by_argmax = float(np.mean(out.argmax(axis=1) == Y.argmax(axis=1)))
    assert abs(by_hand - by_argmax) > 0.05  # the two readings differ on this data
    h = nn.fit(model, X, Y, loss, optimizer=nn.SGD(model.parameters(), lr=0.0), epochs=1,
               batch_size=7, progress=False, compiled=compiled, validation=(X, Y))  # fmt: skip
    assert h.accuracy == [pytest.approx(by_hand)]
    assert h.val_accuracy == [pytest.approx(by_hand)]
    assert nn.evaluate(model, X, Y, loss)[1] == pytest.approx(by_hand)
    assert nn.accuracy(out.tolist(), Y.tolist(), 0.0, cut, per_label=True) == pytest.approx(by_hand)


@pytest.mark.parametrize("compiled", [False, True])
def test_class_indices_under_a_per_label_loss_name_one_class_each(compiled: bool) -> None:
    """Binary cross-entropy on three outputs with class indices as targets (one-hot rows
    to the loss): each index names one class, scored by argmax, counted by hand — eager
    and compiled alike (eager raised after its step; compiled scored the one-hot rows
    label by label)."""
    rng = np.random.default_rng(4)
    X, y = rng.normal(size=(20, 3)), rng.integers(0, 3, size=20)
    model = nn.MLP(3, [3], activation="linear", output_activation="linear", seed=2)
    by_hand = float(np.mean(nn.predict(model, X).argmax(axis=1) == y))
    h = nn.fit(model, X, y, "bce_with_logits", optimizer=nn.SGD(model.parameters(), lr=0.0),
               epochs=1, batch_size=6, progress=False, compiled=compiled,
               validation=(X, y))  # fmt: skip
    assert h.accuracy == [pytest.approx(by_hand)] and h.val_accuracy == [pytest.approx(by_hand)]
    assert nn.accuracy([[0.2, -0.3]], [0], per_label=True) == 1.0
    with pytest.raises(ValueError, match="target 0 has 3 numbers for 2 outputs"):
        nn.accuracy([[0.2, -0.3]], [[1, 0, 0]], per_label=True)


def test_fit_called_again_shuffles_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """`for _ in range(3): fit(..., epochs=1)` with one optimizer saw one batch order three
    times (each call restarted the seed); now a call's orders come from the seed and
    the weights it starts from: three different orders, the same three on a rerun, and
    a fresh model (the first call's weights) gets the first call's order."""
    orders: list[list[float]] = []
    real = nn.train.batches

    def recording(X: Any, y: Any, *args: Any, **kwargs: Any) -> Any:
        for Xb, yb in real(X, y, *args, **kwargs):
            orders[-1].extend(Xb[:, 0].tolist())
            yield Xb, yb

    monkeypatch.setattr(nn.train, "batches", recording)
    X = np.arange(12.0)[:, None] / 12
    y = (X[:, 0] > 0.5).astype(float)

    def three_calls() -> list[list[float]]:
        model = nn.MLP(1, [1], seed=0)
        opt = nn.SGD(model.parameters(), lr=0.1)
        start = len(orders)
        for _ in range(3):
            orders.append([])
            nn.fit(model, X, y, optimizer=opt, epochs=1, batch_size=4, progress=False)
        return orders[start:]

    first = three_calls()
    assert all(sorted(o) == sorted(X[:, 0].tolist()) for o in first)  # every sample once
    assert first[0] != first[1] and first[1] != first[2] and first[0] != first[2]
    assert three_calls() == first  # reproducible
    orders.append([])
    model = nn.MLP(1, [1], seed=0)
    nn.fit(model, X, y, optimizer=nn.SGD(model.parameters(), lr=0.1), epochs=1,
           batch_size=4, progress=False)  # fmt: skip
    assert orders[-1] == first[0]  # the first call's weights: the first call's order


def test_calls_again_from_weights_equal_to_rounding_shuffle_alike() -> None:
    """Three one-epoch calls, eager and compiled: compiled training ends a call within an
    ulp or two of eager's weights, and the next call's orders were hashed from the exact
    bits, so the second call shuffled differently and the two runs ended 0.02–0.03 apart
    (with shuffle=False, 1e-16). A model where its last call left it now continues that
    call's chain of keys (tests/test_fit_shuffle_chain.py): the same orders, and the runs
    agree to rounding. Oracle: the same three calls without shuffling, where
    only rounding separates the two ways."""
    X, y = spirals(60, seed=0)

    def three_calls(compiled: bool, shuffle: bool) -> np.ndarray:
        model = nn.MLP(2, [8, 3], activation="tanh", seed=0)
        opt = nn.SGD(model.parameters(), lr=0.1)
        for _ in range(3):
            nn.fit(model, X, y, loss="cross_entropy", optimizer=opt, epochs=1, batch_size=8,
                   shuffle=shuffle, compiled=compiled, progress=False)  # fmt: skip
        return np.array([p.data for p in model.parameters()])

    rounding = np.abs(three_calls(True, False) - three_calls(False, False)).max()
    assert rounding < 1e-12
    shuffled = np.abs(three_calls(True, True) - three_calls(False, True)).max()
    assert shuffled <= 100 * max(rounding, 1e-16)


# ------------------------------------------------------- review of 2026-12-04 (trainfix)


class _Affine(nn.Module):
    """z = w·x + b, its parameters named PyTorch's way (``weight.0.i``, ``bias.0``):
    Module's docstring allows any names, and the name rule of weights() reads none."""

    def __init__(self, w: list[float], b: float) -> None:
        self.w_ = [Value(v) for v in w]
        self.b_ = Value(b)

    def own_parameters(self) -> list[tuple[str, Value]]:
        return [*((f"weight.0.{i}", w) for i, w in enumerate(self.w_)), ("bias.0", self.b_)]

    def forward(self, x: list[Any]) -> list[Value]:
        return [sum((w * xi for w, xi in zip(self.w_, x, strict=True)), self.b_)]


class _Decaying(_Affine):
    """The same module, saying which of its parameters are weights."""

    def weights(self) -> list[Value]:
        return list(self.w_)


class _Sum(nn.Module):
    """A container: the sum of its children's one output."""

    def __init__(self, **children: nn.Module) -> None:
        self.children = list(children.items())

    def named_children(self) -> list[tuple[str, nn.Module]]:
        return self.children

    def forward(self, x: list[Any]) -> list[Value]:
        outs = [child.forward(x)[0] for _, child in self.children]  # type: ignore[attr-defined]
        return [sum(outs[1:], outs[0])]


@pytest.mark.parametrize("compiled", [False, True])
def test_l2_refuses_parameters_whose_names_say_no_role(compiled: bool) -> None:
    """fit(l2=λ) penalised the parameters named …w.<i> only: the custom module's
    weight.0.i got no λ/2·ΣW² and no decay, without a word (the neuron's did). Refused at
    fit's start, naming them and what to do; nothing trained."""
    X = np.array([[1.0, 2.0], [0.5, -1.0], [2.0, 0.0]])
    y = np.array([1.0, 0.0, 0.5])
    model = _Sum(affine=_Affine([1.0, -2.0], 0.5), neuron=nn.Neuron(2, "linear", seed=0))
    before = [p.data for p in model.parameters()]
    with pytest.raises(
        ValueError,
        match=r"^fit: l2=1\.0 penalises .* 3 parameters of this _Sum \('affine\.weight\.0\.0', "
        r"'affine\.weight\.0\.1', 'affine\.bias\.0'\) have names that say neither weight nor "
        r"bias: name a weight '…w\.<i>' and a bias '…b' .* or override weights\(\)",
    ):
        nn.fit(model, X, y, epochs=1, batch_size=None, l2=1.0, progress=False, compiled=compiled)
    assert [p.data for p in model.parameters()] == before
    nn.fit(model, X, y, epochs=1, batch_size=None, progress=False, compiled=compiled)  # no l2


@pytest.mark.parametrize("compiled", [False, True])
def test_l2_decays_the_weights_a_child_module_names(compiled: bool) -> None:
    """A module inside another says which are its weights by overriding weights(): the
    container asks it (it read the names only, found none: eager training stopped in
    l2_penalty, compiled training decayed nothing). One full-batch SGD step against the
    closed form: r = Xw + b − y, C = mean(r²) + λ/2·w·w, ∂C/∂w = 2Xᵀr/m + λw,
    ∂C/∂b = 2·mean(r)."""
    X = np.array([[1.0, 2.0], [0.5, -1.0], [2.0, 0.0]])
    y = np.array([1.0, 0.0, 0.5])
    w, b, lam, lr = np.array([1.0, -2.0]), 0.5, 1.0, 0.1
    model = _Sum(inner=_Decaying(w.tolist(), b))
    r = X @ w + b - y
    want_loss = float(np.mean(r**2) + lam / 2 * w @ w)
    want = [*(w - lr * (2 * X.T @ r / len(y) + lam * w)), b - lr * 2 * r.mean()]
    h = nn.fit(model, X, y, optimizer=nn.SGD(model.parameters(), lr=lr), epochs=1,
               batch_size=None, l2=lam, progress=False, compiled=compiled)  # fmt: skip
    assert h.loss[0] == pytest.approx(want_loss, rel=1e-12)
    np.testing.assert_allclose([p.data for p in model.parameters()], want, rtol=1e-12)


@pytest.mark.parametrize("compiled", [False, True])
def test_l2_refuses_a_model_without_weights_and_a_stray_weight(compiled: bool) -> None:
    """λ with nothing to penalise stopped eager training with "l2_penalty: no parameters
    given" (compiled training ran, penalising nothing); a weights() giving a Value that is
    no parameter had it penalised eagerly (a gradient no step reads) and ignored when
    compiled. Both refused at fit's start, saying why."""
    X = np.array([[1.0, 2.0], [0.5, -1.0]])
    y = np.array([1.0, 0.0])

    class BiasOnly(_Affine):
        def own_parameters(self) -> list[tuple[str, Value]]:
            return [("b", self.b_)]

        def forward(self, x: list[Any]) -> list[Value]:
            return [self.b_ + 0.0 * x[0]]

    with pytest.raises(ValueError, match=r"^fit: l2=0\.5 .* this BiasOnly has none .* give l2=0"):
        nn.fit(BiasOnly([1.0], 0.5), X, y, epochs=1, l2=0.5, progress=False, compiled=compiled)

    class Stray(_Decaying):
        def weights(self) -> list[Value]:
            return [*self.w_, Value(3.0)]

    with pytest.raises(
        ValueError,
        match=r"^fit: Stray\.weights\(\) gives 1 Value that is not a parameter of the model",
    ):
        nn.fit(Stray([1.0, 2.0], 0.5), X, y, epochs=1, l2=0.5, progress=False, compiled=compiled)


@pytest.mark.parametrize("how", ["default", "fresh"])
def test_fit_called_again_without_its_optimizer_shuffles_on(
    monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """`for _ in range(3): fit(model, X, y, epochs=1)` with the default optimizer (or a
    new one per call) saw one batch order three times: the order came from the
    optimizer's step count, 0 for a new one. Now three different orders (each every
    sample once), the seed's own permutation first, and the same three on a rerun."""
    orders: list[list[int]] = []
    real = nn.train.batches

    def recording(X: Any, y: Any, *args: Any, **kwargs: Any) -> Any:
        for Xb, yb in real(X, y, *args, **kwargs):
            orders[-1].extend(round(v * 12) for v in Xb[:, 0].tolist())
            yield Xb, yb

    monkeypatch.setattr(nn.train, "batches", recording)
    X = np.arange(12.0)[:, None] / 12
    y = (X[:, 0] > 0.5).astype(float)

    def three_calls() -> list[list[int]]:
        model = nn.MLP(1, [1], seed=0)
        start = len(orders)
        for _ in range(3):
            orders.append([])
            opt = nn.SGD(model.parameters(), lr=0.1) if how == "fresh" else None
            nn.fit(model, X, y, optimizer=opt, epochs=1, batch_size=4, seed=7, progress=False)
        return orders[start:]

    first = three_calls()
    assert all(sorted(o) == list(range(12)) for o in first)
    assert first[0] != first[1] and first[1] != first[2] and first[0] != first[2]
    assert three_calls() == first
    # two models with different weights: one order each from a new Generator, drawn as
    # it comes (the Generator's own permutation)
    for init in (0, 1):
        orders.append([])
        model = nn.MLP(1, [1], seed=init)
        rng = np.random.default_rng(7)
        nn.fit(model, X, y, epochs=1, batch_size=4, seed=rng, progress=False)
        assert orders[-1] == np.random.default_rng(7).permutation(12).tolist()


@pytest.mark.parametrize(
    ("compiled", "how"), [(False, "state"), (True, "state"), (False, "file"), (False, "hand")]
)
def test_refitting_from_loaded_weights_repeats_the_run(
    compiled: bool, how: str, tmp_path: Any
) -> None:
    """An experiment rerun from saved starting weights on the same model object — fit,
    reset to the start (load_state_dict, nn.load(into=), or by hand), fit again with
    the same seed — shuffled on from the first run's steps, so its loss curve and
    weights differed from the first run's. The oracle: a new model given the same
    starting weights. A reload that changes nothing between two calls changes nothing
    in the run either."""
    X, y = moons(40, noise=0.1, seed=3)

    def run(model: nn.MLP) -> tuple[list[float], list[float]]:
        # loss= given: a model nn.load filled keeps no loss, and fit asks for one
        h = nn.fit(model, X, y, loss="squared_error", epochs=2, batch_size=8, seed=5,
                   progress=False, compiled=compiled)  # fmt: skip
        return h.loss, [p.data for p in model.parameters()]

    model = nn.MLP(2, [4, 1], seed=1)
    start = model.state_dict()
    nn.save(model, tmp_path / "start.json")
    run(model)
    if how == "state":
        model.load_state_dict(start)
    elif how == "file":
        nn.load(tmp_path / "start.json", into=model)
    else:
        for name, p in model.named_parameters():
            p.data = start[name]
    again = run(model)
    fresh = nn.MLP(2, [4, 1], seed=99)
    fresh.load_state_dict(start)
    assert again == run(fresh)
    second = run(model)  # goes on from the trained weights
    model.load_state_dict(start)
    run(model)
    model.load_state_dict(model.state_dict())  # changes nothing
    assert run(model) == second


@pytest.mark.parametrize("compiled", [False, True])
def test_a_callback_sees_each_epoch_and_stops_training(compiled: bool) -> None:
    """fit had no per-epoch hook: early stopping meant one call per epoch, and a
    compiled call traces and checks the model each time. callback(history) is called
    after each epoch, validation scored; True stops. The oracle for the weights: a call
    of exactly that many epochs from the same start (the same batch orders)."""
    X, y = moons(40, noise=0.1, seed=1)
    seen: list[tuple[int, int, float]] = []

    def stop_after_three(h: nn.History) -> bool:
        seen.append((len(h.loss), len(h.val_loss), h.val_loss[-1]))
        return len(h.loss) == 3

    model = nn.MLP(2, [4, 1], seed=0)
    h = nn.fit(model, X, y, epochs=10, batch_size=8, validation=(X[:10], y[:10]),
               callback=stop_after_three, progress=False, compiled=compiled)  # fmt: skip
    assert [s[:2] for s in seen] == [(1, 1), (2, 2), (3, 3)]
    assert [s[2] for s in seen] == h.val_loss
    assert len(h.loss) == len(h.lr) == 3
    same = nn.MLP(2, [4, 1], seed=0)
    h3 = nn.fit(same, X, y, epochs=3, batch_size=8, validation=(X[:10], y[:10]),
                progress=False, compiled=compiled)  # fmt: skip
    assert h3.loss == h.loss
    assert [p.data for p in same.parameters()] == [p.data for p in model.parameters()]
    answer = r"^fit: callback <lambda> returned 0\.5 after epoch 1 of 2; it returns True"
    with pytest.raises(TypeError, match=answer):
        nn.fit(model, X, y, epochs=2, callback=lambda h: 0.5, progress=False, compiled=compiled)
    not_a_function: Any = True
    with pytest.raises(TypeError, match=r"^fit: callback must be a function"):
        nn.fit(model, X, y, epochs=2, callback=not_a_function, progress=False)


@pytest.mark.parametrize("compiled", [False, True])
def test_a_callback_answer_neither_yes_nor_no_says_after_which_epoch(compiled: bool) -> None:
    """A callback returning its loss (a float) or a string was refused as a TypeError
    naming no epoch, where a callback's own error names it ("after epoch k of n"). It
    now names it too, and the model keeps the epochs that finished: the oracle is a
    call of exactly that many epochs from the same start."""
    X, y = moons(40, noise=0.1, seed=1)

    def loss_after_three(h: nn.History) -> float | None:
        return h.loss[-1] if len(h.loss) == 3 else None

    model = nn.MLP(2, [4, 1], seed=0)
    with pytest.raises(TypeError) as caught:
        nn.fit(model, X, y, epochs=5, batch_size=8, callback=loss_after_three,
               progress=False, compiled=compiled)  # fmt: skip
    assert str(caught.value).startswith("fit: callback loss_after_three returned ")
    assert " after epoch 3 of 5; it returns True to stop training" in str(caught.value)
    same = nn.MLP(2, [4, 1], seed=0)
    nn.fit(same, X, y, epochs=3, batch_size=8, progress=False, compiled=compiled)
    assert [p.data for p in model.parameters()] == [p.data for p in same.parameters()]
    with pytest.raises(TypeError, match=r"returned 'stop' after epoch 1 of 2; it returns True"):
        nn.fit(model, X, y, epochs=2, callback=lambda h: "stop", progress=False)


@pytest.mark.parametrize("compiled", [False, True])
def test_a_callback_error_keeps_its_type_and_says_after_which_epoch(compiled: bool) -> None:
    """A callback that raised (``callback=lambda h: 1/0``) propagated with no word of
    which epoch it followed. The error is the callback's own object, of its own type,
    with a note naming the epoch; the model keeps the weights of the epochs that
    finished. The oracle: a call of exactly that many epochs from the same start."""
    X, y = moons(40, noise=0.1, seed=1)
    raised: list[BaseException] = []

    def fails_after_two(h: nn.History) -> None:
        if len(h.loss) == 2:
            error = ZeroDivisionError("division by zero")
            raised.append(error)
            raise error

    model = nn.MLP(2, [4, 1], seed=0)
    with pytest.raises(ZeroDivisionError) as caught:
        nn.fit(model, X, y, epochs=5, batch_size=8, callback=fails_after_two,
               progress=False, compiled=compiled)  # fmt: skip
    assert type(caught.value) is ZeroDivisionError
    assert caught.value is raised[0]
    same = nn.MLP(2, [4, 1], seed=0)
    nn.fit(same, X, y, epochs=2, batch_size=8, progress=False, compiled=compiled)
    assert [p.data for p in model.parameters()] == [p.data for p in same.parameters()]
    if sys.version_info < (3, 11):
        pytest.skip("exception notes are Python 3.11+ (the type and weights were checked)")
    assert caught.value.__notes__ == ["fit: raised by the callback after epoch 2 of 5"]


@pytest.mark.skipif(sys.version_info < (3, 11), reason="exception notes are Python 3.11+")
def test_a_callback_note_is_said_once_and_ctrl_c_is_not_the_callbacks() -> None:
    """One exception object raised by the callbacks of three calls carried the note three
    times; a Ctrl-C that landed while the callback ran was "raised by the callback"."""
    X, y = moons(20, seed=0)
    stop = RuntimeError("stop")

    def raises(h: nn.History) -> None:
        raise stop

    for _ in range(3):
        with pytest.raises(RuntimeError):
            nn.fit(nn.MLP(2, [3, 1], seed=0), X, y, epochs=2, callback=raises, progress=False)
    assert stop.__notes__ == ["fit: raised by the callback after epoch 1 of 2"]

    def pressed(h: nn.History) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt) as caught:
        nn.fit(nn.MLP(2, [3, 1], seed=0), X, y, epochs=2, callback=pressed, progress=False)
    assert caught.value.__notes__ == [
        "fit: interrupted during the callback after epoch 1 of 2",
        "fit: interrupted with 1 of 2 epochs finished; the model keeps every step taken, and "
        "the History of those epochs is this KeyboardInterrupt's .history (in a notebook: "
        "sys.last_value.history)",
    ]


def test_a_bad_replacement_under_the_users_own_optimizer_is_named_too() -> None:
    """With the user's SGD, a float left in the model by a callback was told "the
    optimizer holds 1 of 13 Values that are not a parameter of the model … build it on
    this model's parameters", which SGD then refused ("parameters must be Values")."""
    X, y = moons(20, seed=0)
    model = nn.MLP(2, [3, 2], seed=0)

    def callback(h: nn.History) -> None:
        model.layers[0].neurons[0].w[0] = 0.5

    with pytest.raises(ValueError) as caught:
        nn.fit(model, X, y, loss="cross_entropy", optimizer=nn.SGD(model.parameters(), lr=0.1),
               epochs=3, progress=False, callback=callback)  # fmt: skip
    assert str(caught.value).startswith(
        "fit: after epoch 1's callback: the model's parameter layers.0.neurons.0.w.0 is float"
    ), caught.value


def test_a_compiled_fit_follows_a_callback_that_changes_the_model() -> None:
    """fit(compiled=True) replayed the graph traced at the start for every epoch: a
    callback switching the activation (or replacing a weight Value) changed eager training
    and not compiled, without a word. Now a changed model is traced again for the next
    epoch. Oracle: the eager run of the same call."""
    X, y = moons(40, seed=0)

    def run(compiled: bool, change: str) -> tuple[list[float], list[float]]:
        model = nn.MLP(2, [6, 2], activation="tanh", seed=0)
        opt = nn.SGD(model.parameters(), lr=0.0 if change == "activation" else 0.1)

        def callback(h: nn.History) -> None:
            if change == "activation":
                model.activation = "relu"
            elif len(h.loss) == 1:  # a new Value for a weight, in the optimizer too
                new = Value(0.25)
                old = model.layers[0].neurons[0].w[0]
                model.layers[0].neurons[0].w[0] = new
                opt.params[[id(p) for p in opt.params].index(id(old))] = new

        h = nn.fit(model, X, y, loss="cross_entropy", optimizer=opt, epochs=3, batch_size=8,
                   progress=False, compiled=compiled, callback=callback)  # fmt: skip
        return h.loss, [p.data for p in model.parameters()]

    eager_loss, _ = run(False, "activation")
    compiled_loss, _ = run(True, "activation")
    assert eager_loss[1] != eager_loss[0]  # relu from epoch 2 on, at lr = 0
    assert compiled_loss == pytest.approx(eager_loss, rel=1e-12)
    eager_loss, eager_params = run(False, "value")
    compiled_loss, compiled_params = run(True, "value")
    assert compiled_loss == pytest.approx(eager_loss, rel=1e-9)
    assert compiled_params == pytest.approx(eager_params, rel=1e-9, abs=1e-12)


class _Masked(nn.Module):
    """One linear output, each input scaled by a number of ``mask`` (a numpy array read
    as constants inside forward), counting its forward calls and keeping a note that a
    callback writes: two attributes that change nothing the forward computes with."""

    def __init__(self) -> None:
        self.w = [Value(0.5), Value(-0.3)]
        self.b = Value(0.1)
        self.mask = np.array([1.0, 1.0])
        self.calls = 0
        self.note = 0

    def own_parameters(self) -> list[tuple[str, Value]]:
        return [("w.0", self.w[0]), ("w.1", self.w[1]), ("b", self.b)]

    def forward(self, x: list[Any]) -> list[Value]:
        self.calls += 1
        out = self.b
        for w, xi, m in zip(self.w, x, self.mask, strict=True):
            out = out + w * (xi * m)
        return [out]


def _masked_run(
    compiled: bool, callback: Any, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[float], list[float], int]:
    """(losses per epoch, final weights, traces made) of four epochs on moons."""
    X, y = moons(40, seed=0)
    model = _Masked()
    traces = []
    real_trace = nn.train.trace

    def counting(*args: Any, **kwargs: Any) -> Any:
        traces.append(1)
        return real_trace(*args, **kwargs)

    monkeypatch.setattr(nn.train, "trace", counting)
    h = nn.fit(model, X, y, epochs=4, batch_size=8, progress=False, compiled=compiled,
               callback=lambda h: callback(model, h))  # fmt: skip
    return h.loss, [p.data for p in model.parameters()], len(traces)


def test_a_callback_changing_a_note_on_the_model_does_not_retrace(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """fit(compiled=True) fingerprinted every attribute of the model after a callback, a
    number by its value: a callback writing ``model.note = epoch`` (or a counter the
    forward keeps) re-traced and re-checked the model every epoch, for a graph that did
    not change. Now the forward's graph is recorded again and compared with the one
    replayed: the same program, no new trace. Oracle: eager training, epoch by epoch."""

    def note(model: _Masked, h: nn.History) -> None:
        model.note = len(h.loss)

    eager_loss, eager_params, _ = _masked_run(False, note, monkeypatch)
    compiled_loss, compiled_params, traces = _masked_run(True, note, monkeypatch)
    assert traces == 1
    assert compiled_loss == pytest.approx(eager_loss, rel=1e-12)
    assert compiled_params == pytest.approx(eager_params, rel=1e-12)


def test_a_callback_changing_an_array_in_place_is_followed_by_compiled_fit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A callback writing into a numpy array the forward reads as numbers
    (``model.mask[:] = …``): the fingerprint saw the array by its identity, unchanged,
    so compiled training went on replaying the old mask's numbers while eager training
    used the new ones — different losses, without a word. Now the recorded program is
    compared with what the forward builds after the callback, and traced again when
    they differ. Oracle: eager training, epoch by epoch."""

    def zero_one(model: _Masked, h: nn.History) -> None:
        if len(h.loss) == 1:
            model.mask[0] = 0.0  # in place: the same array object
        if len(h.loss) == 2:
            model.mask[:] = 2.0

    eager_loss, eager_params, _ = _masked_run(False, zero_one, monkeypatch)
    compiled_loss, compiled_params, traces = _masked_run(True, zero_one, monkeypatch)
    assert traces == 3  # the start, and after each change
    assert len(set(eager_loss)) == 4
    assert compiled_loss == pytest.approx(eager_loss, rel=1e-12)
    assert compiled_params == pytest.approx(eager_params, rel=1e-12)


class _Scaled(nn.Module):
    """One linear output whose inputs a function kept on the model scales: the function
    closes over ``scale``, an array also kept as an attribute that forward never reads by
    name — what a fingerprint of only the attributes the forward reads would miss."""

    def __init__(self) -> None:
        self.w = [Value(0.5), Value(-0.3)]
        self.b = Value(0.1)
        self.scale = np.array([1.0, 1.0])
        scale = self.scale
        self.scaled = lambda x: [xi * float(s) for xi, s in zip(x, scale, strict=True)]

    def own_parameters(self) -> list[tuple[str, Value]]:
        return [("w.0", self.w[0]), ("w.1", self.w[1]), ("b", self.b)]

    def forward(self, x: list[Any]) -> list[Value]:
        out = self.b
        for w, xi in zip(self.w, self.scaled(x), strict=True):
            out = out + w * xi
        return [out]


def test_an_array_the_forward_reads_only_through_a_closure_is_followed() -> None:
    """Guard for the fingerprint's reach: the forward reads ``self.scaled`` (a function,
    fingerprinted by identity) and never ``self.scale``, the array it closes over, which
    a callback writes into. Fingerprinting only the attributes the recorded forward read
    would skip the change and replay the old numbers; the fingerprint keeps every
    attribute, so compiled fit records again and follows it. Oracle: eager training."""
    X, y = moons(40, seed=0)

    def run(compiled: bool, change: bool = True) -> list[float]:
        model = _Scaled()

        def rescale(h: nn.History) -> None:
            if change and len(h.loss) == 1:
                model.scale[:] = [0.5, 2.0]  # in place: the closure sees it

        return nn.fit(model, X, y, epochs=3, batch_size=8, progress=False, compiled=compiled,
                      callback=rescale).loss  # fmt: skip

    eager = run(False)
    assert eager[1:] != pytest.approx(run(False, change=False)[1:], rel=1e-6)  # it counts
    assert run(True) == pytest.approx(eager, rel=1e-12)


class _Gate(nn.Module):
    """An MLP whose inputs a switch folds to |x| — a branch on each input's number
    (``.data``), which a trace cannot watch: eager training follows it per sample."""

    def __init__(self) -> None:
        self.inner = nn.MLP(2, [8, 1], seed=0)
        self.fold = False

    def named_children(self) -> list[tuple[str, nn.Module]]:
        return [("inner", self.inner)]

    def forward(self, x: list[Any]) -> list[Value]:
        if self.fold:
            x = [xi if getattr(xi, "data", xi) >= 0 else -xi for xi in x]
        out = self.inner(x)
        return out if isinstance(out, list) else [out]


def test_a_callback_switching_a_branch_row_0_does_not_take_is_not_ignored() -> None:
    """A callback turning on a data-dependent branch (``model.fold = True``: a negative
    input is folded) that row 0, all positive, does not take: compiled fit recorded
    row 0's graph again, found the program it replays and trained on as if no callback
    had run — other losses than eager training's, without a word. Now a changed model is
    checked again on the sixteen samples, as at the start: compiled training either
    gives eager training's losses or refuses, as it refuses a branching model at the
    start. Oracle: eager training of the same call, epoch by epoch."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 2))
    X[0] = [1.0, 1.0]  # row 0, recorded: nothing to fold
    y = (np.abs(X).sum(1) > 1.5).astype(float) * 2 - 1

    def run(compiled: bool, switch: bool) -> list[float]:
        model = _Gate()

        def callback(h: nn.History) -> None:
            if switch and len(h.loss) == 1:
                model.fold = True

        return nn.fit(model, X, y, loss="hinge", epochs=4, progress=False, compiled=compiled,
                      callback=callback).loss  # fmt: skip

    eager = run(False, True)
    assert eager[1:] != pytest.approx(run(False, False)[1:], rel=1e-6)  # the switch counts
    try:
        compiled = run(True, True)
    except TraceMismatchError as exc:
        assert "fit(compiled=True) replays one recorded graph" in str(exc)
    else:
        assert compiled == pytest.approx(eager, rel=1e-12)


def test_a_callback_that_changes_nothing_costs_no_recording(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A callback that leaves the model as it was (a logger, early stopping) made
    compiled fit record row 0's graph again after every epoch. Now the model's
    attributes are compared first: unchanged, nothing is recorded and nothing traced.
    Oracle: counting the recordings, and eager training's losses."""
    X, y = moons(40, seed=0)
    recordings = []
    real_record = nn.train.record

    def counting(*args: Any, **kwargs: Any) -> Any:
        recordings.append(1)
        return real_record(*args, **kwargs)

    monkeypatch.setattr(nn.train, "record", counting)
    losses = {}
    for compiled in (False, True):
        model = nn.MLP(2, [6, 2], seed=0)
        losses[compiled] = nn.fit(model, X, y, loss="cross_entropy", epochs=4, batch_size=8,
                                  progress=False, compiled=compiled,
                                  callback=lambda h: None).loss  # fmt: skip
    assert recordings == []
    assert losses[True] == pytest.approx(losses[False], rel=1e-12)


def test_a_callback_changing_a_setting_held_in_an_object_on_the_model_is_followed() -> None:
    """A number the forward reads as a constant, kept in a plain object on the model
    (``model.config.scale``) and changed by a callback: the comparison of the model's
    attributes looks inside such objects, so compiled training traces again.
    Oracle: eager training, epoch by epoch."""

    class Config:
        def __init__(self) -> None:
            self.scale = 1.0

    class Scaled(nn.Module):
        def __init__(self) -> None:
            self.inner = nn.MLP(2, [4, 2], seed=0)
            self.config = Config()

        def named_children(self) -> list[tuple[str, nn.Module]]:
            return [("inner", self.inner)]

        def forward(self, x: list[Any]) -> Any:
            return self.inner([xi * self.config.scale for xi in x])

    X, y = moons(40, seed=0)
    losses = {}
    for compiled in (False, True):
        model = Scaled()

        def callback(h: nn.History, model: Scaled = model) -> None:
            model.config.scale = 1.0 + len(h.loss)

        losses[compiled] = nn.fit(model, X, y, loss="cross_entropy", epochs=3, batch_size=8,
                                  progress=False, compiled=compiled,
                                  callback=callback).loss  # fmt: skip
    assert losses[True] == pytest.approx(losses[False], rel=1e-12)


@pytest.mark.parametrize("compiled", [False, True])
def test_a_callback_that_orphans_an_optimizer_parameter_is_refused(compiled: bool) -> None:
    """A callback replacing a weight Value the optimizer holds: the optimizer would go on
    moving a Value the model no longer uses (eager), or the replay fail obscurely."""
    X, y = moons(20, seed=0)
    model = nn.MLP(2, [3, 2], seed=0)

    def callback(h: nn.History) -> None:
        model.layers[0].neurons[0].w[0] = Value(0.25)

    opt = nn.SGD(model.parameters(), lr=0.1)
    with pytest.raises(ValueError, match=r"^fit: after epoch 1's callback: the optimizer holds 1"):
        nn.fit(model, X, y, loss="cross_entropy", optimizer=opt, epochs=2, progress=False,
               compiled=compiled, callback=callback)  # fmt: skip


@pytest.mark.parametrize("compiled", [False, True])
def test_fits_own_optimizer_follows_a_callback_that_replaces_a_parameter(compiled: bool) -> None:
    """With ``optimizer=None`` the SGD is fit's own: a callback replacing a parameter
    Value was refused with "build it on this model's parameters", which no one could do.
    It follows the model: the epochs after the callback train as a new fit call on the
    model with the Value replaced by hand does (the oracle: another path; full batch,
    unshuffled, so the orders agree), and the new Value is what moves."""
    X, y = moons(20, seed=0)

    def train(split: bool) -> list[float]:
        model = nn.MLP(2, [3, 2], seed=0)
        new = Value(0.25)

        def callback(h: nn.History) -> None:
            if len(h.loss) == 1:
                model.layers[0].neurons[0].w[0] = new

        kw: dict[str, Any] = dict(loss="cross_entropy", batch_size=None, shuffle=False,
                                  progress=False, compiled=compiled)  # fmt: skip
        if split:
            nn.fit(model, X, y, epochs=1, **kw)
            callback(nn.History(loss=[0.0]))
            nn.fit(model, X, y, epochs=2, **kw)
        else:
            nn.fit(model, X, y, epochs=3, callback=callback, **kw)
        assert model.parameters()[0] is new and new.data != 0.25
        return [p.data for p in model.parameters()]

    assert train(split=False) == pytest.approx(train(split=True), rel=1e-14, abs=1e-15)


@pytest.mark.parametrize("compiled", [False, True])
def test_a_bad_replacement_under_fits_own_optimizer_is_told_as_the_callbacks(
    compiled: bool,
) -> None:
    """A callback leaving a float or a computed Value in the model, with fit's own SGD:
    refused by "SGD: parameters must be Values", an optimizer the user never built, and
    with no word of the callback. Told now where and which, by the model's name."""
    X, y = moons(20, seed=0)
    for put, error, said in [
        (
            lambda: 0.5,
            ValueError,
            "is float (0.5), not a Value: a parameter replaced by a "
            "callback is a Value(...) of its own (or write the number in: w[0].data -= ...)",
        ),
        (lambda: Value(0.5) * 2, ValueError, "is computed (mul of its parents), not a leaf"),
    ]:
        model = nn.MLP(2, [3, 2], seed=0)

        def callback(h: nn.History, model: nn.MLP = model, put: Any = put) -> None:
            if len(h.loss) == 1:
                model.layers[0].neurons[0].w[0] = put()

        with pytest.raises(error) as caught:
            nn.fit(model, X, y, loss="cross_entropy", epochs=3, progress=False,
                   compiled=compiled, callback=callback)  # fmt: skip
        assert str(caught.value).startswith(
            f"fit: after epoch 1's callback: the model's parameter layers.0.neurons.0.w.0 {said}"
        ), caught.value


@pytest.mark.parametrize("where", ["config", "module"])
def test_a_callback_changing_a_slots_attribute_the_forward_reads_is_followed(where: str) -> None:
    """The same number kept in a ``__slots__`` attribute — of a config object
    (``@dataclass(slots=True)``-style) or of the module itself — is outside ``vars()``:
    the comparison of the model's attributes reads slots too, so compiled training
    follows the callback's change. Oracle: eager training, epoch by epoch."""

    class Config:
        __slots__ = ("scale",)

        def __init__(self) -> None:
            self.scale = 1.0

    class Scaled(nn.Module):
        __slots__ = ("__scale", "config", "inner")

        def __init__(self) -> None:
            self.inner = nn.MLP(2, [4, 2], seed=0)
            self.config = Config()
            self.__scale = 1.0

        def set_scale(self, s: float) -> None:
            if where == "config":
                self.config.scale = s
            else:
                self.__scale = s

        def named_children(self) -> list[tuple[str, nn.Module]]:
            return [("inner", self.inner)]

        def forward(self, x: list[Any]) -> Any:
            scale = self.config.scale * self.__scale
            return self.inner([xi * scale for xi in x])

    X, y = moons(40, seed=0)
    losses = {}
    for compiled in (False, True):
        model = Scaled()

        def callback(h: nn.History, model: Scaled = model) -> None:
            model.set_scale(1.0 + len(h.loss))

        losses[compiled] = nn.fit(model, X, y, loss="cross_entropy", epochs=3, batch_size=8,
                                  progress=False, compiled=compiled,
                                  callback=callback).loss  # fmt: skip
    assert losses[True] == pytest.approx(losses[False], rel=1e-12)


@pytest.mark.parametrize("compiled", [False, True])
def test_evaluate_without_a_loss_scores_as_fit_trained_and_validated(compiled: bool) -> None:
    """evaluate(m, X, y) without loss= scored with squared error at 0.5, whatever fit
    trained: a bce_with_logits model's outputs are logits (class 1 above 0), and evaluate
    gave 0.8 where fit's validation said 0.75, without a word. Without loss= it now
    scores with the loss and thresholds of the model's last fit: checked against numpy
    (the mean of log(1 + e^z) − y·z, and the sign of the logit)."""
    X, y = moons(200, noise=0.1, seed=0)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, seed=0)
    model = nn.MLP(2, [16, 1], seed=0)
    opt = nn.SGD(model.parameters(), lr=0.1)
    h = nn.fit(model, X_tr, y_tr, loss="bce_with_logits", optimizer=opt, epochs=5,
               progress=False, validation=(X_te, y_te), compiled=compiled)  # fmt: skip
    z = nn.predict(model, X_te)[:, 0]
    want_loss = float(np.mean(np.logaddexp(0.0, z) - y_te * z))
    want_acc = float(np.mean((z > 0) == (y_te > 0.5)))
    assert want_acc != float(np.mean((z > 0.5) == (y_te > 0.5)))  # the cut matters here
    loss, acc = nn.evaluate(model, X_te, y_te)
    assert acc == want_acc == h.val_accuracy[-1]
    assert loss == pytest.approx(want_loss, rel=1e-12)
    assert loss == pytest.approx(h.val_loss[-1], rel=1e-9)
    # a deep copy keeps what fit noted; loss= given still scores with that loss
    import copy

    assert nn.evaluate(copy.deepcopy(model), X_te, y_te) == (loss, acc)
    assert nn.evaluate(model, X_te, y_te, loss="squared_error")[1] != acc


def test_evaluate_without_a_loss_scores_at_the_training_labels_midpoint() -> None:
    """Squared error trained on ±1 labels is scored at 0 by fit; a test set holding +1
    only has no midpoint of its own, and evaluate(…, loss="squared_error") scores it
    at 0.5 (documented). Without loss=, evaluate scores it at fit's 0, counted by hand."""
    X, y01 = moons(120, noise=0.1, seed=1)
    y = 2.0 * y01 - 1.0
    model = nn.MLP(2, [8, 1], activation="tanh", output_activation="tanh", seed=0)
    nn.fit(model, X, y, epochs=3, progress=False)
    ones = y > 0
    out = nn.predict(model, X[ones])[:, 0]
    want = float(np.mean(out > 0.0))
    assert want != float(np.mean(out > 0.5))
    assert nn.evaluate(model, X[ones], y[ones])[1] == want


@pytest.mark.parametrize("how", ["new", "loaded", "function"])
def test_evaluate_without_a_loss_refuses_a_model_fit_has_not_trained(
    how: str, tmp_path: Any
) -> None:
    """Where evaluate cannot know the loss (a new model, one read by nn.load, a plain
    function), it said nothing and scored with squared error at 0.5; it now asks for
    loss=, and scores as asked once given it."""
    X, y = moons(40, noise=0.1, seed=0)
    model: Any = nn.MLP(2, [4, 1], seed=0)
    if how == "loaded":
        nn.fit(model, X, y, loss="bce_with_logits", epochs=1, progress=False)
        nn.save(model, tmp_path / "m.json")
        model = nn.load(tmp_path / "m.json")
    elif how == "function":
        model = lambda x: [x[0] - x[1]]  # noqa: E731
    with pytest.raises(ValueError, match=r"^evaluate: no loss= given, and .*give loss="):
        nn.evaluate(model, X, y)
    z = nn.predict(model, X)[:, 0]
    _, acc = nn.evaluate(model, X, y, loss="bce_with_logits")
    assert acc == float(np.mean((z > 0) == (y > 0.5)))


@pytest.mark.parametrize("compiled", [False, True])
def test_an_epoch_s_accuracy_counts_examples_when_the_last_batch_is_smaller(
    compiled: bool,
) -> None:
    """``History.accuracy`` is the fraction of the epoch's examples scored right (notebook
    4 says so since session 31), not the mean of its batches' accuracies: batches of 3
    and 1, scored 2 of 3 and 0 of 1, are 2/4 = 0.5 (their mean would be 1/3). The model
    outputs its input (weight 1, bias 0, linear), so what is right is known by hand."""
    model = nn.MLP(1, [1])
    weight, bias = model.parameters()
    weight.data, bias.data = 1.0, 0.0
    X = [[0.9], [0.1], [0.8], [0.7]]  # outputs 0.9, 0.1, 0.8, 0.7 against threshold 0.5
    y = [1.0, 0.0, 0.0, 0.0]  # right, right, wrong | wrong
    history = nn.fit(
        model,
        X,
        y,
        loss="squared_error",
        optimizer=nn.SGD(model.parameters(), lr=0.0),
        epochs=1,
        batch_size=3,
        shuffle=False,
        progress=False,
        compiled=compiled,
    )
    assert history.accuracy == [0.5]
    assert (weight.data, bias.data) == (1.0, 0.0)  # lr = 0: scored on these weights


@pytest.mark.parametrize("compiled", [False, True])
def test_an_interrupted_fit_keeps_the_history_of_the_epochs_finished(
    monkeypatch: pytest.MonkeyPatch, compiled: bool
) -> None:
    """Ctrl-C in the middle of a long fit kept the model's steps, but the History of the
    epochs finished (their losses, the curve a student was watching) went with the call;
    the interrupt now carries it, as TrainingStopped does, and says so. The oracle: the
    same model fit for exactly those epochs, without interruption."""
    twin = nn.MLP(2, [4, 2], activation="tanh", output_activation="sigmoid", seed=1)
    full = nn.fit(twin, _XM[:16], _YM[:16], epochs=2, batch_size=8, shuffle=False,
                  progress=False, compiled=compiled)  # fmt: skip
    real = nn.Optimizer._checked_update

    def interrupt_at_step_6(self: nn.Optimizer, *args: Any) -> None:
        if self.steps == 5:  # the sixth step, epoch 3's second (two batches an epoch)
            raise KeyboardInterrupt
        real(self, *args)

    monkeypatch.setattr(nn.Optimizer, "_checked_update", interrupt_at_step_6)
    model = nn.MLP(2, [4, 2], activation="tanh", output_activation="sigmoid", seed=1)
    with pytest.raises(KeyboardInterrupt) as caught:
        nn.fit(model, _XM[:16], _YM[:16], epochs=10, batch_size=8, shuffle=False,
               progress=False, compiled=compiled)  # fmt: skip
    kept = caught.value.history  # type: ignore[attr-defined]
    assert isinstance(kept, nn.History)
    np.testing.assert_allclose(kept.loss, full.loss, rtol=1e-9)
    assert kept.accuracy == full.accuracy and kept.lr == full.lr
    assert caught.value.__notes__ == [
        "fit: interrupted with 2 of 10 epochs finished; the model keeps every step taken, "
        "and the History of those epochs is this KeyboardInterrupt's .history (in a "
        "notebook: sys.last_value.history)"
    ]
