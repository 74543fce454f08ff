"""Training: micrograd's moons demo, the digit networks' accuracy, fit's mechanics."""

from __future__ import annotations

import sys

import numpy as np
import pytest

import nn
from autograd_mini import no_grad
from nn.data import digits, moons, train_test_split


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


def test_accuracy_rules() -> None:
    assert nn.accuracy([[0.1, 0.9], [0.8, 0.2]], [1, 1]) == 0.5
    assert nn.accuracy([[0.1, 0.9]], [[0.0, 1.0]]) == 1.0
    assert nn.accuracy([0.3, -2.0, 0.1], [1, -1, -1]) == pytest.approx(2 / 3)
    assert nn.accuracy([0.7, 0.4], [1, 0], threshold=0.5) == 1.0
    with pytest.raises(ValueError, match="2 outputs but 1 targets"):
        nn.accuracy([0.1, 0.2], [1])


def test_compiled_training_is_not_wired_yet_and_bad_arguments() -> None:
    X, y = moons(10, seed=0)
    model = nn.MLP(2, [2], seed=0)
    with pytest.raises(NotImplementedError, match=r"autograd_mini\.trace"):
        nn.fit(model, X, y, compiled=True)
    with pytest.raises(ValueError, match="epochs must be a positive integer"):
        nn.fit(model, X, y, epochs=0)
    with pytest.raises(ValueError, match="2-D array"):
        nn.fit(model, X[:, 0], y)
    with pytest.raises(TypeError, match=r"nn\.Module"):
        nn.fit(object(), X, y)  # type: ignore[arg-type]  # wrong type on purpose
