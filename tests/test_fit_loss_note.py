"""The loss a model keeps of its last fit, which evaluate scores with and fit trains with
when given no loss=: noted only by a fit call that took a step, never copied with the
model, pickled when it pickles, and never read from a model file (fit and evaluate then
ask for loss=). Oracle: the loss written in numpy from the model's predictions."""

from __future__ import annotations

import copy
import itertools
import pickle
import threading
from typing import Any

import numpy as np
import pytest
from interrupts import interrupted

import nn
from nn.data import moons
from nn.losses import Loss


def _bce(model: nn.Module, X: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """bce_with_logits of a one-output model, by hand: mean log(1 + e^z) − y·z, scored at 0."""
    z = nn.predict(model, X)[:, 0]
    return float(np.mean(np.logaddexp(0.0, z) - y * z)), float(np.mean((z > 0) == (y > 0.5)))


def _squared(model: nn.Module, X: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """squared_error of a one-output model on 0/1 labels, by hand: mean (o − y)², at 0.5."""
    o = nn.predict(model, X)[:, 0]
    return float(np.mean((o - y) ** 2)), float(np.mean((o > 0.5) == (y > 0.5)))


def _trained(compiled: bool) -> tuple[nn.MLP, np.ndarray, np.ndarray]:
    X, y = moons(40, noise=0.1, seed=0)
    model = nn.MLP(2, [8, 1], seed=2)
    nn.fit(model, X, y, loss="bce_with_logits", epochs=5, batch_size=20, progress=False,
           compiled=compiled)  # fmt: skip
    return model, X, y


@pytest.mark.parametrize("compiled", [False, True])
def test_a_fit_refused_at_its_first_step_leaves_the_previous_fit_s_loss(compiled: bool) -> None:
    """A fit refused at batch 1 (TrainingDiverged: the weights are those fit A left) had
    noted its own loss already: evaluate() without loss= then scored fit A's weights with
    fit B's squared error, without a word."""
    model, X, y = _trained(compiled)
    before = [p.data for p in model.parameters()]
    opt = nn.SGD(model.parameters(), lr=0.1)
    with pytest.raises(nn.TrainingDiverged, match=r"^fit: epoch 1 of 1, batch 1 of 2"):
        nn.fit(model, X * 1e200, y, loss="squared_error", optimizer=opt, epochs=1,
               batch_size=20, progress=False, compiled=compiled)  # fmt: skip
    assert [p.data for p in model.parameters()] == before and opt.steps == 0
    loss, acc = nn.evaluate(model, X, y)
    want = _bce(model, X, y)
    assert loss == pytest.approx(want[0], rel=1e-12) and acc == want[1]
    assert abs(want[0] - _squared(model, X, y)[0]) > 0.01  # the loss matters here


@pytest.mark.parametrize("compiled", [False, True])
def test_a_fit_stopped_after_its_first_steps_is_scored_with_its_own_loss(compiled: bool) -> None:
    """Stopped in its second epoch (a callback's error), fit B's steps of the first epoch
    changed the weights: evaluate() scores them with B's loss."""
    model, X, y = _trained(compiled)

    def stop(h: nn.History) -> None:
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError, match="stop"):
        nn.fit(model, X, y, loss="squared_error", epochs=3, batch_size=20, progress=False,
               compiled=compiled, callback=stop)  # fmt: skip
    loss, acc = nn.evaluate(model, X, y)
    want = _squared(model, X, y)
    assert loss == pytest.approx(want[0], rel=1e-12) and acc == want[1]


def test_a_fit_interrupted_anywhere_is_scored_with_the_loss_of_the_weights() -> None:
    """Ctrl-C at every point of fit B: while no step of B has landed (the optimizer's
    count, which a step updates last, is 0) the weights are A's and evaluate() scores
    with A's loss; from B's first step on, with B's."""
    X, y = moons(8, noise=0.1, seed=0)
    start = nn.MLP(2, [3, 1], seed=2)
    nn.fit(start, X, y, loss="bce_with_logits", epochs=1, batch_size=4, progress=False)
    hits = {0: 0, 1: 0}
    for n in itertools.count(1):
        model = copy.deepcopy(start)
        opt = nn.SGD(model.parameters(), lr=0.1)
        run = lambda m=model, o=opt: nn.fit(  # noqa: E731
            m, X, y, loss="squared_error", optimizer=o, epochs=1, batch_size=4, progress=False
        )
        hit = interrupted(run, n, ("nn.train", "nn.optim", "nn.data"))
        took = min(opt.steps, 1)
        want = (_bce, _squared)[took](model, X, y)
        got = nn.evaluate(model, X, y)
        assert got[0] == pytest.approx(want[0], rel=1e-12), f"point {n}, {opt.steps} steps"
        assert got[1] == want[1], f"point {n}"
        if hit is None:
            assert opt.steps == 2
            break
        hits[took] += 1
        del hit
    assert hits[0] > 20 and hits[1] > 20  # the interrupts reached both sides of step 1


class _Held(Loss):
    """A loss holding what copy and pickle refuse: a lock, a lambda."""

    name = "held"
    threshold = 0.5

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.scale = lambda e: e

    def sample(self, out: Any, t: Any) -> Any:
        return self.scale((out[0] - t[0]) ** 2)


def test_a_model_trained_with_a_loss_holding_a_lock_is_deep_copied_and_pickled() -> None:
    """The model kept the Loss object itself: copy.deepcopy(model) (a callback keeping the
    best epoch) failed on the lock ("cannot pickle '_thread.lock' object") and
    pickle.dumps(model) on the lambda. The copy now shares the note — it is scored as its
    original, even after the original is trained with another loss — and pickle leaves
    it out: the model read back asks for loss=, as one read by nn.load does."""
    X, y = moons(40, noise=0.1, seed=0)
    model = nn.MLP(2, [4, 1], seed=1)
    kept: list[nn.MLP] = []
    nn.fit(model, X, y, loss=_Held(), epochs=2, progress=False,
           callback=lambda h: kept.append(copy.deepcopy(model)))  # fmt: skip
    assert len(kept) == 2
    best = kept[-1]
    assert nn.evaluate(best, X, y) == nn.evaluate(model, X, y)
    want = _squared(best, X, y)
    assert nn.evaluate(best, X, y)[0] == pytest.approx(want[0], rel=1e-12)
    nn.fit(model, X, y, loss="bce_with_logits", epochs=1, progress=False)
    assert nn.evaluate(model, X, y)[0] == pytest.approx(_bce(model, X, y)[0], rel=1e-12)
    assert nn.evaluate(best, X, y)[0] == pytest.approx(want[0], rel=1e-12)  # still its own
    nn.fit(best, X, y, loss=_Held(), epochs=1, progress=False)
    back = pickle.loads(pickle.dumps(best))
    assert [p.data for p in back.parameters()] == [p.data for p in best.parameters()]
    with pytest.raises(ValueError, match=r"^evaluate: no loss= given"):
        nn.evaluate(back, X, y)
    with pytest.raises(ValueError, match=r"^fit: no loss= given, .*give loss="):
        nn.fit(back, X, y, epochs=1, progress=False)


@pytest.mark.parametrize("compiled", [False, True])
def test_a_fit_a_callback_calls_leaves_the_outer_fit_s_loss_when_it_trains_on(
    compiled: bool,
) -> None:
    """A callback that fits the model with another loss (hinge, one epoch) noted that
    loss; the outer call then trained two more epochs with squared error, and evaluate()
    scored its weights with hinge. The call that trained last is the outer one."""
    X, y = moons(40, noise=0.1, seed=0)
    model = nn.MLP(2, [8, 1], seed=2)
    calls = []

    def inner(history: nn.History) -> None:
        if not calls:
            calls.append(1)
            nn.fit(model, X, 2 * y - 1, loss="hinge", epochs=1, batch_size=20, progress=False)

    nn.fit(model, X, y, loss="squared_error", epochs=3, batch_size=20, progress=False,
           compiled=compiled, callback=inner)  # fmt: skip
    loss, acc = nn.evaluate(model, X, y)
    want = _squared(model, X, y)
    assert calls and loss == pytest.approx(want[0], rel=1e-12) and acc == want[1]


def _cross_entropy(model: nn.Module, X: np.ndarray, y: np.ndarray) -> float:
    """Softmax cross-entropy of class indices y, by hand: mean log Σₖ e^(zₖ) − z_y."""
    z = nn.predict(model, X)
    return float(np.mean(np.logaddexp.reduce(z, axis=1) - z[np.arange(len(y)), y]))


def _three_classes() -> tuple[np.ndarray, np.ndarray]:
    X = np.random.default_rng(0).normal(size=(30, 2))
    return X, (X[:, 0] > 0).astype(int) + (X[:, 1] > 0.5).astype(int)


def _loss_at(model: nn.Module, X: np.ndarray, y: np.ndarray, compiled: bool) -> float:
    """The loss fit without loss= trains with, at the model's weights: one full batch at
    lr = 0 scores them without moving them."""
    opt = nn.SGD(model.parameters(), lr=0.0)
    h = nn.fit(model, X, y, optimizer=opt, epochs=1, batch_size=None, progress=False,
               compiled=compiled)  # fmt: skip
    return h.loss[0]


@pytest.mark.parametrize("compiled", [False, True])
def test_fit_without_loss_trains_with_the_loss_of_the_model_s_last_fit(compiled: bool) -> None:
    """fit's loss defaulted to squared error always: fit(loss="cross_entropy") then
    fit(model, X, y) trained the second call with squared error (3.0 where cross-entropy
    was 0.75), and evaluate without loss= then scored with squared error too. A model
    never fit keeps the blog's quadratic cost."""
    X, y = _three_classes()
    model = nn.MLP(2, [6, 3], seed=1)
    onehot = np.eye(3)[y]
    want = float(np.mean(np.sum((nn.predict(model, X) - onehot) ** 2, axis=1)))
    assert _loss_at(copy.deepcopy(model), X, y, compiled) == pytest.approx(want, rel=1e-12)
    nn.fit(model, X, y, loss="cross_entropy", epochs=2, progress=False, compiled=compiled)
    nn.fit(model, X, y, epochs=2, progress=False, compiled=compiled)  # on, cross-entropy
    want = _cross_entropy(model, X, y)
    assert _loss_at(model, X, y, compiled) == pytest.approx(want, rel=1e-12)
    assert nn.evaluate(model, X, y)[0] == pytest.approx(want, rel=1e-12)
    squared = float(np.mean(np.sum((nn.predict(model, X) - onehot) ** 2, axis=1)))
    assert abs(squared - want) > 0.1  # the loss matters here


def test_a_model_read_from_a_file_is_trained_only_with_a_loss_given(tmp_path: Any) -> None:
    """nn.load gives the weights without their loss, and fit without loss= trained a
    cross-entropy model's weights with squared error, without a word; load(into=) of a
    fit model left it that model's loss, for weights the file may have had from another.
    Both now ask for loss=, fit leaving the weights as they were; given it, they train
    and score as asked."""
    X, y = _three_classes()
    model = nn.MLP(2, [6, 3], seed=1)
    nn.fit(model, X, y, loss="cross_entropy", epochs=2, progress=False)
    nn.save(model, tmp_path / "m.json")
    other = nn.MLP(2, [6, 3], seed=2)
    nn.fit(other, X, np.eye(3)[y], loss="bce_with_logits", epochs=1, progress=False)
    for back in (nn.load(tmp_path / "m.json"), nn.load(tmp_path / "m.json", into=other)):
        before = back.state_dict()
        with pytest.raises(ValueError, match=r"^fit: no loss= given, .*give loss="):
            nn.fit(back, X, y, epochs=1, progress=False)
        assert back.state_dict() == before
        with pytest.raises(ValueError, match=r"^evaluate: no loss= given"):
            nn.evaluate(back, X, y)
        nn.fit(back, X, y, loss="cross_entropy", epochs=1, progress=False)
        want = _cross_entropy(back, X, y)
        assert nn.evaluate(back, X, y)[0] == pytest.approx(want, rel=1e-12)
        assert _loss_at(back, X, y, False) == pytest.approx(want, rel=1e-12)


def test_a_pickled_model_keeps_its_loss_for_fit_and_evaluate() -> None:
    """pickle left the loss out, so a model pickled between two fit calls (the README's
    way to resume a run) was trained on with squared error by fit without loss= — and
    refused by evaluate. nn's own losses pickle, and the model read back keeps its own."""
    X, y = moons(40, noise=0.1, seed=0)
    model = nn.MLP(2, [8, 1], seed=2)
    nn.fit(model, X, y, loss="bce_with_logits", epochs=2, progress=False)
    back = pickle.loads(pickle.dumps(model))
    want = _bce(back, X, y)
    assert nn.evaluate(back, X, y) == (pytest.approx(want[0], rel=1e-12), want[1])
    nn.fit(back, X, y, epochs=1, progress=False)
    assert _loss_at(back, X, y, False) == pytest.approx(_bce(back, X, y)[0], rel=1e-12)


def test_a_model_trained_with_a_loss_of_its_own_class_unpickles_where_the_class_is_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A pickled model kept any loss that pickled: one of a class defined in a notebook
    (or a script's __main__) made the model fail to unpickle wherever that class cannot be
    imported — the weights lost with it. pickle keeps nn's own losses only: this model
    reads back anywhere, and fit and evaluate ask for loss=."""
    import sys
    import types

    where = types.ModuleType("_a_notebook_of_losses")

    class Own(Loss):
        name = "own"
        threshold = 0.5

        def sample(self, out: Any, t: Any) -> Any:
            return (out[0] - t[0]) ** 2

    Own.__module__ = where.__name__
    Own.__qualname__ = "Own"
    where.Own = Own  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, where.__name__, where)
    X, y = moons(40, noise=0.1, seed=0)
    model = nn.MLP(2, [4, 1], seed=1)
    nn.fit(model, X, y, loss=Own(), epochs=1, progress=False)
    data = pickle.dumps(model)
    monkeypatch.delitem(sys.modules, where.__name__)  # another process: no such module
    back = pickle.loads(data)
    assert [p.data for p in back.parameters()] == [p.data for p in model.parameters()]
    with pytest.raises(ValueError, match=r"^evaluate: no loss= given"):
        nn.evaluate(back, X, y)
    with pytest.raises(ValueError, match=r"^fit: no loss= given, .*give loss="):
        nn.fit(back, X, y, epochs=1, progress=False)


@pytest.mark.parametrize("trained_with", ["hinge", "squared_error"])
def test_fit_s_request_for_a_loss_claims_no_loss_the_weights_did_not_have(
    tmp_path: Any, trained_with: str
) -> None:
    """fit's refusal of a loaded model said squared error "would train a cross-entropy
    model's weights on another loss", whatever the weights were trained with: of a hinge
    model's, and of a squared-error model's, for which squared error is the right loss.
    The file keeps no loss, so the message can name none as the weights'."""
    X, y = moons(20, noise=0.1, seed=0)
    model = nn.MLP(2, [4, 1], seed=1)
    t = 2 * y - 1 if trained_with == "hinge" else y
    nn.fit(model, X, t, loss=trained_with, epochs=1, progress=False)
    nn.save(model, tmp_path / "m.json")
    with pytest.raises(ValueError, match=r"^fit: no loss= given, .*give loss=") as caught:
        nn.fit(nn.load(tmp_path / "m.json"), X, t, epochs=1, progress=False)
    said = str(caught.value)
    assert "cross-entropy model" not in said
    assert "squared error, the default for a model never fit" in said


def test_the_refusal_of_a_pickle_that_holds_no_loss_is_true_of_older_pickles() -> None:
    """A pickle written by older code left every loss out (its note holds none), and fit
    and evaluate then said "or by pickle, which keeps only nn's own losses" of a model
    trained with nn's own bce_with_logits — untrue of it. The words say what holds for
    both. Oracle: the loss it was trained with is one of nn's own (LOSSES), and the
    note in the pickle, as older code wrote it, holds no loss."""
    from nn.losses import LOSSES
    from nn.train import _LOSS_ON, _FitNote

    X, y = moons(40, noise=0.1, seed=0)
    model = nn.MLP(2, [4, 1], seed=1)
    nn.fit(model, X, y, loss="bce_with_logits", epochs=1, progress=False)
    assert type(model.__dict__[_LOSS_ON].loss) in set(LOSSES.values())  # nn's own
    model.__dict__[_LOSS_ON] = _FitNote(None, None)  # what older code pickled
    back = pickle.loads(pickle.dumps(model))
    with pytest.raises(ValueError) as by_fit:
        nn.fit(back, X, y, epochs=1, progress=False)
    with pytest.raises(ValueError) as by_evaluate:
        nn.evaluate(back, X, y)
    for said in (str(by_fit.value), str(by_evaluate.value)):
        assert "which keeps only nn's own losses" not in said, said
        assert (
            "or unpickled from a pickle that holds none: a pickle leaves out a loss not of "
            "nn's own classes, and one an earlier autograd-mini wrote keeps no loss at all"
        ) in said, said


def test_fit_s_request_for_a_loss_names_every_maker_of_a_model_without_one() -> None:
    """nn.from_torch gives back a model that keeps no loss, as nn.load does, and fit's
    refusal of it said "it was read by nn.load … or unpickled from a pickle that holds
    none", neither true of it. Oracle: the functions of nn that leave a model without
    a loss, read from nn's source (each calls forget_loss), are each named."""
    import inspect
    import re

    from nn import serialize, torch_bridge
    from nn.train import forget_loss

    makers = {
        f"nn.{name}"
        for module in (serialize, torch_bridge)
        for name, f in vars(module).items()
        if inspect.isfunction(f)
        and f.__module__ == module.__name__
        and re.search(r"^\s+forget_loss\(", inspect.getsource(f), re.M)
    }
    assert makers == {"nn.load", "nn.from_torch"}
    X, y = moons(20, noise=0.1, seed=0)
    model = nn.MLP(2, [4, 1], seed=1)
    forget_loss(model)  # as nn.load and nn.from_torch leave it
    with pytest.raises(ValueError, match=r"^fit: no loss= given, .*give loss=") as caught:
        nn.fit(model, X, y, epochs=1, progress=False)
    for maker in makers:
        assert maker in str(caught.value), maker
