"""One fit call at a time per model, across threads.

The oracle of the undisturbed run is the same call made alone, from the same weights."""

from __future__ import annotations

import itertools
import os
import threading
from typing import Any

import pytest
from forked import forked_while_held
from interrupts import interrupted
from together import together

import nn
import nn.one_trainer as one_trainer_module

X, Y = nn.data.spirals(40, seed=0)


def _call(model: nn.MLP, epochs: int = 2, **kwargs: Any) -> nn.History:
    return nn.fit(model, X, Y, "cross_entropy", epochs=epochs, batch_size=8, progress=False,
                  **kwargs)  # fmt: skip


@pytest.mark.parametrize("compiled", [False, True])
def test_a_second_thread_training_the_same_model_is_refused(compiled: bool) -> None:
    """Thread A trains the model and, after its first epoch, waits until thread B has
    called fit on the same model. B's call trained it too, interleaved with A's steps,
    and both returned a history without a word; now B is refused, naming A's thread,
    and A's run is the run it would have been alone: the same losses and weights."""
    alone = nn.MLP(2, [8, 3], seed=0)
    alone_history = _call(alone, compiled=compiled)
    model = nn.MLP(2, [8, 3], seed=0)
    holds, tried = threading.Event(), threading.Event()
    said: list[Any] = []

    def wait_for_b(history: nn.History) -> None:
        if len(history.loss) == 1:  # A holds the model, inside its call
            holds.set()
            assert tried.wait(timeout=120)

    def b() -> None:
        assert holds.wait(timeout=120)
        try:
            _call(model, compiled=compiled)
        except nn.ModelInTraining as refused:
            said.append(refused)
        tried.set()

    history, _ = together(
        lambda: _call(model, compiled=compiled, callback=wait_for_b),
        b,
        names=["trainer A", "B"],
        meetings=[holds, tried],
    )
    assert said, "B's fit call was not refused"
    assert str(said[0]).startswith(
        "fit: this MLP is being trained by another fit call, in thread 'trainer A': "
    )
    assert history.loss == alone_history.loss
    assert [p.data for p in model.parameters()] == [p.data for p in alone.parameters()]


def test_the_training_thread_may_call_fit_again_and_the_model_is_free_afterwards() -> None:
    """A callback that trains the model further in its own thread is let through (as
    before); after the calls, and after one stopped by the callback's error, another
    thread may train it."""
    model = nn.MLP(2, [8, 3], seed=0)
    inner: list[nn.History] = []

    def more(history: nn.History) -> bool:
        inner.append(_call(model))
        return True

    _call(model, callback=more)
    assert len(inner) == 1

    def fails(history: nn.History) -> None:
        raise KeyError("the callback's own")

    with pytest.raises(KeyError):
        _call(model, callback=fails)
    assert isinstance(together(lambda: _call(model))[0], nn.History)


def test_an_interrupt_anywhere_in_the_claim_leaves_the_model_free() -> None:
    """Ctrl-C at each point of the claim's code where CPython checks for signals (see
    tests/interrupts.py), while the interrupt is still held (as a notebook keeps it):
    a claim left in the table between its change and fit's ``with`` would refuse every
    other thread for good; it names a thread no longer training the model, and another
    thread trains it."""
    model = nn.MLP(2, [8, 3], seed=0)
    reached = set()  # the functions interrupted
    for n in itertools.count(1):
        hit = interrupted(lambda: _call(model, epochs=1), n, ("nn.one_trainer",))
        if hit is None:
            break
        assert hit.where is not None
        reached.add(hit.where[1])
        assert isinstance(together(lambda: _call(model))[0], nn.History), f"point {n}"
    # every part of the claim was reached (a count of points would differ between Python
    # versions, which check less or more)
    assert {"alone", "__init__", "__enter__", "__exit__"} <= reached, reached


@pytest.mark.parametrize("compiled", [False, True])
def test_two_models_trained_at_once_in_two_threads_each_train_as_alone(compiled: bool) -> None:
    """What fit keeps between calls (the next call's batch orders) is kept on the model,
    and the claim is per model: two models, each trained by its own thread, their epochs
    in lockstep (a barrier in the callback), and each run, then a second call on it,
    gives the losses and weights the same calls give the model alone, one at a time."""
    seeds = (0, 1)
    alone = [nn.MLP(2, [8, 3], seed=s) for s in seeds]
    want = [[_call(m, compiled=compiled).loss, _call(m, compiled=compiled).loss] for m in alone]
    models = [nn.MLP(2, [8, 3], seed=s) for s in seeds]
    barrier = threading.Barrier(2)

    def lockstep(history: nn.History) -> None:
        barrier.wait(timeout=120)

    def train(model: nn.MLP) -> list[list[float]]:
        return [_call(model, compiled=compiled, callback=lockstep).loss for _ in range(2)]

    outcome = together(*(lambda m=m: train(m) for m in models), meetings=[barrier], timeout=240)
    assert outcome == want
    for model, single in zip(models, alone, strict=True):
        assert [p.data for p in model.parameters()] == [p.data for p in single.parameters()]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")
def test_a_child_forked_while_another_thread_holds_the_table_trains() -> None:
    """The table's lock held by another thread at the moment of a fork (a thread
    entering or leaving a fit call) stayed held in the child, where that thread does
    not exist: the child's fit waited for ever. Now the child's fit trains; the child
    gives it 10 s (it takes well under one), in a thread of its own, so a hang is seen
    rather than waited for."""

    def trains() -> bool:
        history: list[nn.History] = []
        done = threading.Event()

        def run() -> None:
            history.append(_call(nn.MLP(2, [3], seed=0), epochs=1))
            done.set()

        threading.Thread(target=run, daemon=True).start()
        return done.wait(10) and isinstance(history[0], nn.History)

    assert forked_while_held(one_trainer_module._LOCK, trains) == 0, (
        "the forked child's fit hung on the table's lock, or failed"
    )
