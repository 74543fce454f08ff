"""Training loop: mini-batch gradient descent with a history and a progress bar.

One step of :func:`fit` is the seeds' mini-batch SGD: run the forward pass for a batch
of m samples, form the cost C = (1/m) Σᵢ Cᵢ (+ λ/2·ΣW²), backpropagate once, and let
the optimizer move every parameter against its gradient. An *epoch* is one pass over
the shuffled training set.

What fit says when a step, a validation score or a recording meets a number it refuses
— which parameter, which row of X and neuron, whether the learning rate is to blame —
is worked out in :mod:`nn.diagnose`; this module raises it with the epoch and batch.
"""

from __future__ import annotations

import contextvars
import copy
import functools
import hashlib
import math
import numbers
import operator
import pickle
import struct
import sys
import time
import traceback
import warnings
from abc import ABC, abstractmethod
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, TypeVar, cast

import numpy as np

from autograd_mini import (
    NoGraph,
    TraceMismatchError,
    UntraceableRead,
    Value,
    is_grad_enabled,
    no_grad,
    trace,
)
from autograd_mini.errors import NO_GRAD_INHERITED
from autograd_mini.trace.program import Program, record
from autograd_mini.trace.reads import watching_reads
from autograd_mini.value import (
    get_data,
    get_grad,
    write_grads,
)
from nn.checks import (
    check_flag,
    check_number,
    finite_float,
    is_count,
    is_number,
    not_a_value,
    shown,
    target_place,
    unheld_int,
)
from nn.data import batches
from nn.diagnose import (
    ENGINE_REFUSALS,
    NonFinite,
    Recording,
    divergence_cause,
    engine_refused,
    first_failing,
    loss_fails,
    rows_seen,
    schedule_refusal,
    step_refused,
    validation_refused,
)
from nn.init import make_rng
from nn.inputs import checked_targets, checked_X, count_mismatch, first_cell, row_keys
from nn.layers import ACTIVATIONS, MLP, BrokenModel, Layer, Neuron, WrongInput
from nn.losses import (
    LOSSES,
    Loss,
    check_reduction,
    get_loss,
    l2_penalty,
    refuse_fractions,
    target_matrix,
)
from nn.metrics import accuracy_arrays, by_label, refuse_tied_targets, scored
from nn.module import Module, unknown_roles
from nn.one_trainer import one_trainer
from nn.optim import SGD, Adam, NonFiniteStep, Optimizer, not_a_leaf

__all__ = [
    "History",
    "TrainingDiverged",
    "TrainingStopped",
    "evaluate",
    "fit",
    "predict",
]


@dataclass
class History:
    """Per-epoch training record (what :func:`fit` returns)."""

    loss: list[float] = field(default_factory=list)
    """the epoch's mean batch cost: weighted by batch size for a mean-reduced loss (so
    it is the mean per-sample loss), unweighted for a summed one. With ``fit(..., l2=λ)``
    each batch's cost is C = C₀ + λ/2·ΣW², the cost that is minimised"""
    accuracy: list[float] = field(default_factory=list)
    """training accuracy, scored on each batch's forward pass before its update"""
    val_loss: list[float] = field(default_factory=list)
    """the cost on the validation set after each epoch, with the same λ/2·ΣW² term as
    ``loss`` (as Nielsen's ``total_cost`` and Keras count it): for a mean-reduced loss
    the two are per-sample costs and compare directly; a summed one totals the whole
    validation set. :func:`evaluate` gives C₀ alone"""
    val_accuracy: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    """learning rate of each epoch's last step"""
    seconds: float = 0.0


class TrainingStopped(ValueError):
    """:func:`fit` stopped part-way: an error met after training began, with where.

    ``epoch`` counts from 1; ``batch`` (from 1) is the step not taken, or None when the
    epoch's steps were all taken and scoring the validation set stopped it; ``history``
    holds the epochs that finished (with their validation scores). The model keeps the
    weights of the steps taken. Raised as such for a learning-rate schedule that gives
    no valid rate (nan, negative, an error of its own: its ``__cause__``) and for a
    validation set whose loss cannot be computed (an overflow, naming the validation
    row); :class:`TrainingDiverged` for a step that diverges.
    """

    def __init__(self, message: str, epoch: int, batch: int | None, history: History) -> None:
        super().__init__(message)
        self.epoch, self.batch, self.history = epoch, batch, history


class TrainingDiverged(TrainingStopped):
    """:func:`fit` stopped: a step met a nan or infinite loss, gradient or parameter.

    The model keeps the weights it had before that step (nothing nan or infinite is
    ever written into it), and each parameter's ``grad`` the gradient of the step that
    made them (as it was before the call if none did); ``epoch`` and ``batch`` count
    from 1, and ``history`` holds the epochs that finished.
    """

    batch: int

    def __init__(self, message: str, epoch: int, batch: int, history: History) -> None:
        super().__init__(message, epoch, batch, history)


class _CheckMetNonFinite(Exception):
    """Compiled training's set-up met a nan or infinite number: recording the graph on
    row 0, or checking the replay on the probed rows, with the starting weights."""


#: The largest magnitude a float32 replay can read (numpy's cast makes larger ones inf).
FLOAT32_MAX = float(np.finfo(np.float32).max)


_F = TypeVar("_F", bound=Callable[..., Any])

#: What predict and evaluate call: an nn.Module, or a function of a row's Values.
Model = Module | Callable[[list[Value]], Any]


def _in_own_context(f: _F) -> _F:
    """Run ``f`` in a copy of the caller's context. What ``fit``, ``predict`` and
    ``evaluate`` switch for a while — gradient recording (off while scoring), numpy's
    error state (numpy 2 keeps it in the context) — then cannot stay switched in the
    caller's, even when Ctrl-C cuts the switching back short: a notebook left with
    recording off would build no graphs, and train nothing, without a word."""

    @functools.wraps(f)
    def in_own_context(*args: Any, **kwargs: Any) -> Any:
        return contextvars.copy_context().run(f, *args, **kwargs)

    return cast(_F, in_own_context)


def _check_model(model: object, where: str) -> None:
    """A TypeError naming ``where`` unless ``model`` is an nn.Module (None, say)."""
    if not isinstance(model, Module):
        raise TypeError(f"{where}: model must be an nn.Module, got {type(model).__name__}")


def _check_callable(model: object, where: str) -> None:
    """A TypeError naming ``where`` unless ``model`` is an nn.Module or another callable
    (a plain function of a row's Values): predict and evaluate only call it."""
    if not isinstance(model, Module) and not callable(model):
        raise TypeError(
            f"{where}: model must be an nn.Module or a function f(x) of a row's inputs (a "
            f"list of Values) giving its outputs (a list of Values), got "
            f"{type(model).__name__}"
        )


def _called(model: object) -> str:
    """How a message names the call of ``model``: ``MLP.forward(x)``, or ``f(x)`` for a
    function (or another callable) that is not an nn.Module."""
    if isinstance(model, Module):
        return f"{type(model).__name__}.forward(x)"
    return f"{getattr(model, '__name__', type(model).__name__)}(x)"


def _forward(
    model: Model,
    x: Any,
    where: str = "fit",
    i: int | None = None,
    sample: str = "X row {}",
    inference: bool = False,
) -> list[Value]:
    """``model.forward(x)`` as a list of Values, one per output, else a TypeError naming
    ``where`` and the sample (``sample`` formatted with its index ``i``; None: the traced
    sample of ``fit(compiled=True)``). A model that is not an nn.Module (predict's and
    evaluate's plain function) is called with the row as Values, as a function written
    for Values (``x[0].tanh()``) expects. With ``inference`` (predict, evaluate: nothing
    learns) an output that is a plain number is taken, as a Value of it: a constant
    output is a prediction too; only one that is not finite, or an int no float holds,
    is refused (training refuses every plain number: no parameter could learn from it)."""
    if isinstance(model, Module):
        forward = getattr(model, "forward", None)
        if forward is None:
            own_call = type(model).__call__ is not Module.__call__  # micrograd's way
            raise TypeError(
                f"{where}: {type(model).__name__} has no forward(x) method"
                + (
                    f" (it defines __call__; {where} calls forward: name the method forward, "
                    f"and model(x) still calls it)"
                    if own_call
                    else ""
                )
            )
        out = forward(x)
    else:
        out = model([v if isinstance(v, Value) else Value(v) for v in x])
    if type(out) is not list:
        if not isinstance(out, tuple):
            # micrograd's modules, and nn's own __call__ for one output, give a bare Value
            which = "the traced sample" if i is None else sample.format(i)
            raise TypeError(
                f"{where}: {_called(model)} for {which} returned {type(out).__name__}, "
                f"expected a list of Values, one per output ([v] for a model with one output"
                + ("; list(a) of a numpy array a of Values" if isinstance(out, np.ndarray) else "")
                + ")"
            )
        out = list(out)
    if inference:
        out = [_constant(model, out, j, where, i, sample) for j in range(len(out))]
    for j, v in enumerate(out):
        if not isinstance(v, Value):  # a number: eager training would find no gradient
            raise TypeError(_not_a_value(model, out, j, where, i, sample, inference))
    if not out:  # predict gave an array of no columns
        which = "the traced sample" if i is None else sample.format(i)
        raise TypeError(
            f"{where}: {_called(model)} for {which} returned no outputs "
            f"(an empty list); a model gives at least one Value"
        )
    return cast(list[Value], out)


def _constant(model: Model, out: list[Any], j: int, where: str, i: int | None, sample: str) -> Any:
    """Output ``j`` of ``out`` for predict and evaluate: a plain number as a Value of it
    (a ValueError, naming the row, for one no float holds finitely: nan, 10**400,
    2**53 + 1); anything else as it is, for :func:`_forward` to judge."""
    v = out[j]
    if isinstance(v, Value) or not is_number(v):
        return v
    f = finite_float(v)
    if f is None or unheld_int(v):
        which = "the traced sample" if i is None else sample.format(i)
        raise ValueError(
            f"{where}: {_called(model)} for {which} returned {shown(out)}, whose output {j} "
            f"is {shown(v)}, not a finite number a float holds"
        )
    return Value(f)


def _not_a_value(
    model: Model, out: list[Any], j: int, where: str, i: int | None, sample: str, inference: bool
) -> str:
    """The message for output ``j`` of ``model``, in ``out``, that is not a Value (nor,
    with ``inference``, a plain number: :func:`_constant` took those)."""
    which = "the traced sample" if i is None else sample.format(i)
    return not_a_value(
        f"{where}: {_called(model)} for {which} returned {shown(out)}, whose output {j} is",
        out[j],
        "forward must return a list of Values (or plain numbers), one per output"
        if inference
        else "forward must return a list of Values, one per output, computed from the "
        "model's parameters (Values), so that they can learn",
    )


def _shape_outputs(outs: list[list[Value]]) -> list[Value | list[Value]]:
    return [o[0] if len(o) == 1 else o for o in outs]


@_in_own_context
def predict(model: Model, X: Any) -> np.ndarray:
    """Outputs for every row of X as a float array of shape (n, k), without building graphs.

    ``model`` is an nn.Module, or any function ``f(x)`` of a row's inputs (a list of
    Values) that gives its outputs (a list of Values): predict only calls it. An output
    may be a plain number too (a constant: ``lambda x: [1.0]``), since nothing learns
    here (``fit`` refuses one: no parameter could learn from it). An error the engine
    raises for a row (1/0) is raised as its own class, naming the row of X."""
    _check_callable(model, "predict")
    Xa = checked_X(X, "predict: X", _input_count(model))
    if len(Xa) == 0:
        raise ValueError("predict: X has no rows")
    with no_grad():  # a row at a time: Xa.tolist() at once is ten times Xa in floats
        return np.array([[v.data for v in out] for out in _forward_rows(model, Xa, "predict")])


def _input_count(model: object) -> int | None:
    """The model's input count (``nin``: an MLP's, a Layer's, a Neuron's), or None for a
    model that keeps none (a function, a Module of one's own)."""
    nin = getattr(model, "nin", None)
    return nin if isinstance(nin, int) and not isinstance(nin, bool) and nin > 0 else None


def _forward_rows(model: Model, Xa: np.ndarray, where: str) -> Iterator[list[Value]]:
    """The outputs of ``model`` for each row of ``Xa``, for predict and evaluate (which
    take a plain number as an output: :func:`_forward`'s ``inference``). An error the
    engine raises in the forward pass (1/0, log of a negative, exp(1000)) is raised again
    as its own class, saying which row of X it met, as fit names it."""
    for i, x in enumerate(Xa):
        try:
            out = _forward(model, x.tolist(), where, i, inference=True)
        except BrokenModel as exc:  # the model's parts do not fit: said of the model
            raise BrokenModel(f"{where}: {exc}") from exc
        except WrongInput as exc:  # X's rows have another width: said of X, as fit says
            raise WrongInput(f"{where}: X: {exc}") from exc
        except ENGINE_REFUSALS as exc:
            again = _at_row(exc, f"{where}: {_called(model)} for X row {i}: {exc}")
            if again is exc:
                raise
            raise again from exc
        yield out


def _at_row(exc: Exception, message: str) -> Exception:
    """``exc`` again, as its own class, with ``message`` (the node it names, if any, kept);
    ``exc`` itself for a class made from other arguments than a message."""
    try:
        again = type(exc)(message)
    except Exception:  # a class of the user's, say, whose __init__ wants more
        return exc
    again.__dict__.update(exc.__dict__)  # node
    return again


@_in_own_context
def evaluate(model: Model, X: Any, y: Any, loss: str | Loss | None = None) -> tuple[float, float]:
    """(loss, accuracy) on a data set, computed without a graph. The loss is reduced over
    the whole set as the loss says: the mean of the samples' terms for a mean-reduced
    loss, their total for ``reduction="sum"``. ``model``: as :func:`predict` takes it, an
    nn.Module or a function of a row's Values.

    ``loss`` not given: the loss the model's last :func:`fit` call trained it with, and
    the thresholds that call scored a one-output model's accuracy at (the training
    targets', :meth:`~nn.losses.Loss.thresholds`) — so ``evaluate(model, X_val, y_val)``
    gives the figures fit's validation scores gave (``History.val_loss`` less the L2
    term, which evaluate does not add), whatever the loss. A model fit has not trained
    (a new one, one read by :func:`nn.load`, which keeps the weights but not the loss,
    or by pickle with a loss not of nn's own classes, or a plain function) is refused,
    asking for ``loss=``: the loss's value, and the threshold its accuracy is scored at
    (0 for logits, 0.5 for squared error on 0/1 labels), depend on it, and a guess
    would score a logit model at the wrong one without a word.

    ``loss`` given: that loss, and a one-output model is scored at the threshold it picks
    for *these* targets: under squared error, a set whose labels take one value only is
    scored at 0.5, not at the midpoint of the training labels (which this call does not
    see) — give ``nn.SquaredError(threshold=0.0)`` to score ±1 labels there, or leave
    ``loss`` out after fit."""
    _check_callable(model, "evaluate")
    if loss is None:
        ya = checked_targets(y, "evaluate: y")  # read as fit reads them
        noted = _trained_with(model)
        if noted is None:
            # bad data is said first, as with loss= given
            checked_X(X, "evaluate: X", _input_count(model))
            raise ValueError(_no_loss(model))
        return _evaluate(model, X, ya, *noted)
    loss_fn = get_loss(loss, "evaluate")
    ya = checked_targets(y, "evaluate: y")  # read as fit reads them
    _warn_squashed_logits(model, loss_fn, "evaluate")  # (fit has said it, for its own)
    return _evaluate(model, X, ya, loss_fn, _thresholds(loss_fn, ya, "evaluate"))


#: The attribute in which a model keeps the loss its last fit call trained it with and
#: the thresholds that call scored at: a :class:`_FitNote`.
_LOSS_ON = "_fit_loss"

#: What :func:`_note_of` gives for a model with no note.
_NO_NOTE = object()


#: The losses a pickled model keeps (:meth:`_FitNote.__reduce__`): nn's own, whose
#: classes every reader of the pickle can import.
_OWN_LOSSES = frozenset(LOSSES.values())


class _FitNote:
    """The loss a fit call trained a model with, and the thresholds it scored at, as the
    model keeps them for :func:`evaluate` (:func:`_note_loss`).

    Held on the model but never copied with it: ``copy.deepcopy`` of a model (a "keep
    the best epoch" callback) shares the note — the copy is scored as its original, and
    a Loss holding a lock or an open file is not copied (deepcopy failed). ``pickle``
    keeps nn's own losses, so a model pickled between two fit calls trains and is
    scored on with its loss, and leaves out a loss of another class (a Loss holding a
    lambda made ``pickle.dumps(model)`` fail, and a class defined in a notebook would
    make the model fail to unpickle anywhere else): that model read back is asked for
    ``loss=``, as one read by :func:`nn.load` is (by evaluate and fit alike: a note of
    no loss, :func:`forget_loss`, says the weights came without theirs). A later fit
    notes a new one; a note is never changed, so a copy keeps its own."""

    __slots__ = ("cuts", "loss")

    def __init__(self, loss: Loss | None, cuts: tuple[float, float] | None) -> None:
        self.loss = loss
        self.cuts = cuts

    def __copy__(self) -> _FitNote:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> _FitNote:
        return self

    def __reduce__(
        self,
    ) -> tuple[type[_FitNote], tuple[Loss | None, tuple[float, float] | None]]:
        if type(self.loss) not in _OWN_LOSSES:  # (None too)
            return _FitNote, (None, None)
        try:  # (the loss alone: the cuts are two floats)
            pickle.dumps(self.loss)
        except Exception:  # whatever pickle refuses (a lambda set on it): no loss read back
            return _FitNote, (None, None)
        return _FitNote, (self.loss, self.cuts)


def _note_of(model: Module) -> object:
    """The note the model keeps of its last fit (:data:`_NO_NOTE` for none), for fit to
    put back (:func:`_put_back_note`) if it stops before its first step."""
    return getattr(model, "__dict__", {}).get(_LOSS_ON, _NO_NOTE)


def _note_loss(model: Module, loss_fn: Loss, cuts: tuple[float, float]) -> None:
    """Note on the model the loss fit trains it with and its thresholds, for
    :func:`evaluate` called without ``loss`` (a model without a ``__dict__`` keeps
    none)."""
    own = getattr(model, "__dict__", None)
    if isinstance(own, dict):
        own[_LOSS_ON] = _FitNote(loss_fn, cuts)


def forget_loss(model: Module) -> None:
    """Note that the model's weights were trained with a loss it does not keep (what
    :func:`nn.load` and :func:`nn.from_torch` give them, and an unpickled note):
    :func:`evaluate` and :func:`fit` then ask for ``loss=``, not scoring or training
    them with a loss of their own choice or of the model's earlier fit
    (``load(path, into=model)`` replaces its weights)."""
    own = getattr(model, "__dict__", None)
    if isinstance(own, dict):
        own[_LOSS_ON] = _FitNote(None, None)


def _loss_to_train(model: Module, loss: str | Loss | None) -> str | Loss:
    """The loss fit trains ``model`` with: ``loss`` when given; else the loss of the
    model's last fit, squared error for a model never fit, and a ValueError asking for
    ``loss=`` for one whose weights came with no loss (read by nn.load, made by
    nn.from_torch, or unpickled with a loss not of nn's own classes)."""
    if loss is not None:
        return loss
    noted = _note_of(model)
    if not isinstance(noted, _FitNote):
        return "squared_error"  # Nielsen's quadratic cost, for a model never fit
    if noted.loss is None:
        raise ValueError(_no_loss(model, "fit"))
    return noted.loss


def _put_back_note(model: Module, before: object) -> None:
    """The note of the model's previous fit, back: a call that stopped before its first
    step (a refused step at batch 1, a trace refused, Ctrl-C) left the weights as that
    fit trained them, and evaluate scores them with its loss, not this call's."""
    own = getattr(model, "__dict__", None)
    if isinstance(own, dict):
        if before is _NO_NOTE:
            own.pop(_LOSS_ON, None)
        else:
            own[_LOSS_ON] = before


def _trained_with(model: Model) -> tuple[Loss, tuple[float, float]] | None:
    """The loss and thresholds of the model's last fit call that took a step
    (:func:`_note_loss`); None for a model fit has not trained, or a function."""
    noted = getattr(model, "__dict__", {}).get(_LOSS_ON) if isinstance(model, Module) else None
    if isinstance(noted, _FitNote) and noted.loss is not None and noted.cuts is not None:
        return noted.loss, noted.cuts
    return None


#: Why a pickle may hold no loss, in :func:`_no_loss`'s words: true of a pickle this
#: code wrote (it leaves out a loss not of nn's own classes) and of one older code
#: wrote (it kept no loss at all: "pickle keeps only nn's own losses" was said of one
#: trained with nn's own).
_PICKLED = (
    "a pickle leaves out a loss not of nn's own classes, and one an earlier "
    "autograd-mini wrote keeps no loss at all"
)


def _no_loss(model: Model, where: str = "evaluate") -> str:
    """What evaluate says, asking for ``loss=``, of a model fit has not trained, and fit
    (``where``) of one whose weights came with no loss (:func:`forget_loss`)."""
    if where == "fit":
        return (
            f"fit: no loss= given, and this {type(model).__name__} keeps no loss of the "
            f"training its weights had (it was read by nn.load or made by nn.from_torch, "
            f"which keep the weights but not the loss, or unpickled from a pickle that "
            f"holds none: {_PICKLED}), so fit cannot know which loss to train on with: "
            f"give loss= (the loss it was trained with), e.g. fit(model, X, y, "
            f"loss='cross_entropy'); squared error, the default for a model never fit, "
            f"is not assumed: it would train on, without a word, weights another loss "
            f"may have trained"
        )
    if isinstance(model, Module):
        what = (
            f"this {type(model).__name__} keeps no loss of a fit (a new model, or one read "
            f"by nn.load, which keeps the weights but not the loss, or unpickled from a "
            f"pickle that holds none: {_PICKLED})"
        )
    else:
        what = "a function has no loss of its own"
    return (
        f"evaluate: no loss= given, and {what}, so evaluate cannot know which loss scores "
        f"it: give loss= (the loss it was trained with), e.g. evaluate(model, X, y, "
        f"loss='bce_with_logits'). The loss's value and the threshold a one-output "
        f"model's accuracy is scored at (0 for logits, 0.5 for squared error on 0/1 "
        f"labels) both depend on it"
    )


def _thresholds(loss_fn: Loss, ya: np.ndarray, where: str) -> tuple[float, float]:
    """The loss's thresholds for the targets ``ya`` (:meth:`~nn.losses.Loss.thresholds`),
    checked as :func:`accuracy` checks its own: a nan or infinite one (a loss's
    ``threshold`` set so) scores every sample alike, without a word."""
    threshold, cut = loss_fn.thresholds(ya)
    who = f"{where}: {type(loss_fn).__name__}"
    return (
        check_number(threshold, "threshold", who, low=-math.inf),
        check_number(cut, "target_threshold", who, low=-math.inf),
    )


def _evaluate(
    model: Model,
    X: Any,
    ya: np.ndarray,
    loss_fn: Loss,
    cuts: tuple[float, float],
    who: str = "evaluate",
    targets_checked: bool = False,
) -> tuple[float, float]:
    """:func:`evaluate` at the thresholds ``cuts`` (``fit``'s: the training targets');
    ``who`` starts its errors ("validation" for fit's validation set: fit's refusal
    said "(evaluate: the loss … for X row 2 …)", a function the user did not call).
    ``targets_checked``: the loss has taken every target already (fit's validation set,
    checked before training), so they are not asked again each epoch."""
    Xa = checked_X(X, f"{who}: X", _input_count(model))
    if len(Xa) != len(ya) or len(Xa) == 0:  # as fit says it (the loss said "outputs")
        raise ValueError(count_mismatch(f"{who}: ", Xa, ya))
    with no_grad():  # a row at a time, as predict
        rows = _forward_rows(model, Xa, who)
        first = next(rows)  # row 0's outputs: their count, for the targets' check
        _refuse_too_few_outputs(loss_fn, len(first), who)  # as fit says it
        # every target the loss refuses is refused as fit refuses it, naming who and y
        # (before the other rows' forward passes: a bad label is said at once; its rule,
        # computed below at the real outputs, is asked of each target only if that fails)
        if not targets_checked:
            ya = _loss_targets(loss_fn, ya, len(first), who, "y", rule=False)
        outs = [first, *rows]
        targets = ya.tolist()
        shaped = _shape_outputs(outs)
        try:
            value = loss_fn(shaped, targets).data
        except ENGINE_REFUSALS as exc:  # named by its row of X, the engine's class kept
            again = _loss_at_row(exc, loss_fn, shaped, targets, who)
            if again is exc:
                raise
            raise again from exc
        except ValueError as exc:  # the rule refused these outputs (each target it took)
            if not targets_checked:
                _loss_targets(loss_fn, ya, len(first), who, "y")
            _refuse_outputs_refused(loss_fn, len(outs[0]), who, exc)
            raise
    # squared error's rows may be values to regress: a tie there is scored as argmax does
    return value, scored(outs, targets, *cuts, loss_fn.per_label, ties=True)


def _loss_at_row(
    exc: Exception, loss_fn: Loss, outputs: list[Any], targets: list[Any], who: str
) -> Exception:
    """The engine's refusal ``exc`` of evaluate's loss again, as its own class (as
    :func:`_forward_rows` has the model's), naming the first row of X whose own term the
    engine refuses — or, when none alone is (the terms overflow only summed), saying
    so. Each row's term is computed again, on this error's path only."""
    where = f"{who}: the loss {loss_fn.where}"
    row = next((i for i in range(len(outputs)) if loss_fails(loss_fn, outputs, targets, i)), None)
    if row is None:
        return _at_row(
            exc, f"{where} over all {len(outputs)} rows (no row's term alone is refused): {exc}"
        )
    return _at_row(exc, f"{where} for X row {row}: {exc}")


class _PlainProgress:
    """Fallback when tqdm is not installed: one line per epoch on stderr."""

    def __init__(self, total: int, epochs: int) -> None:
        self.per_epoch = max(1, total // max(1, epochs))
        self.done = 0
        self.postfix = ""

    def update(self, n: int = 1) -> None:
        self.done += n
        if self.done % self.per_epoch == 0:
            epoch = self.done // self.per_epoch
            print(f"epoch {epoch}: {self.postfix}", file=sys.stderr, flush=True)

    def set_postfix_str(self, text: str, refresh: bool = True) -> None:
        self.postfix = text

    def close(self) -> None:
        pass


class _Silent(_PlainProgress):
    def update(self, n: int = 1) -> None:
        pass


def _loss_text(cost: float) -> str:
    """The loss as a progress line shows it: four decimals, or in powers of ten when it
    is large (a diverging run printed 1e250 with all of its 251 digits)."""
    return f"{cost:.4f}" if abs(cost) < 1e6 else f"{cost:.4e}"


def _progress_bar(progress: bool, total: int, epochs: int) -> Any:
    if not progress:
        return _Silent(total, epochs)
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return _PlainProgress(total, epochs)
    return tqdm(total=total, unit="batch", desc="training", dynamic_ncols=True)


def _weights_bits(model: Module) -> tuple[np.ndarray, bytes]:
    """The parameters' numbers as float64, and a digest of their exact bits."""
    numbers = _param_numbers(model)
    return numbers, hashlib.blake2b(numbers.tobytes(), digest_size=16).digest()


#: The attribute in which a model keeps where its last int-seeded fit call ended:
#: (digest of the weights' exact float64 bits then, the next call's shuffling key).
_ORDERS_ON = "_fit_next_orders"


def _start(model: Module) -> tuple[int, ...]:
    """The key for the shuffling's SeedSequence of a call with an int seed.

    A model exactly where its last int-seeded call left it (the same float64 bits)
    continues that call's chain of keys (:func:`_carry_on`); any other model gets a key
    hashed from its weights (as float32). Eager and compiled calls end a call an ulp or
    more apart, and float32 and float64 replay more; a key hashed from the weights at
    each call, even rounded to float32, differed once one of thousands of weights
    rounded the other way, and the two runs parted completely (the digits, 25 one-epoch
    calls: 0.36 apart after 10). Each way checks its own end weights, so both continue
    the one chain."""
    numbers, exact = _weights_bits(model)
    chain = vars(model).get(_ORDERS_ON)
    if isinstance(chain, tuple) and len(chain) == 2 and chain[0] == exact:
        return cast("tuple[int, ...]", chain[1])
    with np.errstate(over="ignore"):  # beyond float32: inf, still a key
        rounded = numbers.astype(np.float32)
    return _key_of(rounded.tobytes())


def _key_of(data: bytes) -> tuple[int, int]:
    """A SeedSequence spawn key from ``data``: its 16-byte digest as two 64-bit ints."""
    digest = hashlib.blake2b(data, digest_size=16).digest()
    return (int.from_bytes(digest[:8], "little"), int.from_bytes(digest[8:], "little"))


def _carry_on(model: Module, key: tuple[int, ...]) -> None:
    """Note on the model, after a call with key ``key``, the weights it ended at and the
    next call's key (drawn from this one alone, not from the weights). Kept on the model:
    no state shared between threads; a deep copy carries it on alike. A model set back
    to exactly those numbers (a reload that changes nothing; after an lr = 0 call, a
    reload of the start) is where the call left it and goes on in the chain."""
    _, exact = _weights_bits(model)
    packed = b"".join(k.to_bytes(8, "little") for k in key)
    vars(model)[_ORDERS_ON] = (exact, _key_of(b"next" + packed))


@one_trainer
@_in_own_context
def fit(
    model: Module,
    X: Any,
    y: Any,
    loss: str | Loss | None = None,
    optimizer: Optimizer | None = None,
    epochs: int = 10,
    batch_size: int | None = 32,
    shuffle: bool = True,
    seed: int | None = 0,
    progress: bool = True,
    validation: tuple[Any, Any] | None = None,
    compiled: bool = False,
    l2: float = 0.0,
    dtype: str | type | np.dtype[Any] = "float64",
    callback: Callable[[History], bool | None] | None = None,
) -> History:
    """Train ``model`` on (X, y) with mini-batch gradient descent; returns a :class:`History`.

    ``loss``: a :class:`~nn.losses.Loss` or its name. Not given, it is the loss the
    model's last fit call trained it with (the one :func:`evaluate` scores with), so
    ``fit(model, X, y, loss="cross_entropy")`` then ``fit(model, X, y)`` trains on with
    cross-entropy; a model never fit is trained with squared error (Michael Nielsen's quadratic
    cost). A model that keeps no loss of the training its weights had — one read by
    :func:`nn.load` (``into=`` too) or made by :func:`nn.from_torch`, or unpickled with
    a loss not of nn's own classes — is refused, asking for ``loss=``: squared error
    would train on a cross-entropy model's weights without a word. ``optimizer``
    defaults to ``SGD(model.parameters(), lr=0.1)`` (made again after a callback that replaced a
    parameter Value, which one of yours must then hold); ``batch_size=None`` is full-batch descent;
    ``l2`` = λ adds λ/2·ΣW² over the weights (not the biases), as in the seeds (the
    history's ``loss`` and ``val_loss`` both count it): ``model.weights()``, which tells
    a weight ``…w.<i>`` from a bias ``…b`` by its name; a model with a parameter named
    neither way is refused unless the module holding it overrides ``weights()``;
    ``validation=(X_val, y_val)`` is scored after every epoch; ``progress=False``
    trains silently. ``seed`` fixes the shuffling, so a run is reproducible: an int
    seed's batch orders come from the seed and the numbers of the weights the call
    starts from, so the same call from the same weights repeats the run (however the
    weights were set: a new model, ``load_state_dict``, ``nn.load``, by hand) — except
    on a model exactly where its own last int-seeded call left it (the same float64
    bits; ``copy.deepcopy`` of it too): such a call continues that call's chain of
    orders, taken from the last call's key, not from the weights (however it got back
    to those numbers: after an lr = 0 call, a reload of the start goes on in the chain).
    So five calls of one
    epoch in a loop see five different orders (not one order five times; they are not
    the orders of one five-epoch call), the same five on a rerun, and the same five
    eager and compiled, in float64 and float32 — which end each call an ulp or more
    apart, so orders drawn from the weights at each call would part the runs. A model
    given the weights such a loop reached (``load_state_dict``, ``nn.load``) starts a
    chain of its own from them: its orders are not the loop's next ones. Two
    models with different weights get different orders from one int seed; to give them
    the same orders pass each a new ``np.random.default_rng(seed)``, whose draws are
    used as they come. A one-output model's accuracy, in training and on the
    validation set, is scored at the threshold the loss picks for the training targets
    (:meth:`~nn.losses.Loss.thresholds`: squared error against ±1 labels, at 0). The
    model keeps the loss and these thresholds: :func:`evaluate` without ``loss=`` scores
    with them, and a later fit without ``loss=`` trains with the loss — from the call's
    first step on: a call that stops before it (a step refused at batch 1, Ctrl-C)
    leaves the weights, and the loss they are scored with, as the model's previous fit
    left them. A ``copy.deepcopy`` of the model is scored as the model is (the loss
    itself is not copied); ``pickle`` keeps nn's own losses and leaves out any other;
    :func:`nn.save` keeps none.

    Nothing nan or infinite is ever written into the model: the first step whose loss,
    gradient or updated parameters are not finite stops training with
    :class:`TrainingDiverged`, which names the epoch and batch (counted from 1) and
    says what made the number — too large a learning rate (with SGD, a weight decay
    whose pull alone grows the weights: lr·λ > 2(1 + momentum)), or the row of X that
    gives it, or an outlier row of an earlier batch of the call whose step blew the weights up
    (a sample is named by its row of X, not its place in the shuffled batch); the model
    keeps the weights it had before that step. A learning-rate schedule that gives no
    valid rate, and a validation set whose loss cannot be computed (named by its row),
    stop training with :class:`TrainingStopped`, the base of ``TrainingDiverged``, which
    carries the same ``epoch``, ``batch`` and ``history``. An epoch at lr ≠ 0 that ends
    with every parameter, or every weight (only biases moved), exactly as it began warns,
    once a call, naming the epoch: every gradient 0 — dead ReLUs, say.
    An interruption (Ctrl-C, or a notebook's stop button) keeps every step taken so far,
    and the :class:`History` of the epochs finished, as the KeyboardInterrupt's ``history``:
    each step lands whole or not at all, in the model and in the optimizer's state (its
    step count k, momentum or moments) alike, and gradient recording is as it was (and
    numpy's error state, with numpy ≥ 2) — so training can go on from there. Each
    parameter's ``grad`` holds the gradient of the last step taken (the cost's, with the
    L2 term: after a full run, the last batch's), eager or compiled, stopped or not; a
    call that stops before its first step leaves every ``grad`` as it was.

    ``compiled=True`` gives the same training, much faster: the graph of one sample —
    model, then loss — is recorded once with :func:`autograd_mini.trace` and replayed
    on each whole batch with numpy; the optimizer then updates one parameter vector.
    A model or loss that reads its inputs or parameters as numbers (``float(v)``,
    ``if v:``, ``v < w``) cannot be traced and is refused when recorded, with an
    :class:`~autograd_mini.UntraceableRead`; sixteen samples spread over X are then
    checked against the eager engine (one that branches on ``v.data`` is refused with a
    :class:`~autograd_mini.TraceMismatchError` if they take another path). If that check
    meets a nan or infinite number (the starting weights overflow on one of those rows,
    say), this call trains on the eager engine instead: the same training, slower, which
    stops at the step where the number arises and names it, as eager training does. The
    replay runs the loss's per-sample rule (:meth:`~nn.losses.Loss.sample`), from which
    its batch form is derived, and the optimizer's rule on vectors
    (:meth:`~nn.optim.Optimizer.update`), which its ``step()`` calls: the two ways of
    training run the same rules.

    ``dtype="float32"`` (compiled only) replays the graph in single precision: about
    half the memory traffic, results to float32 rounding (about 1e-7 relative per op).
    The parameters and the optimizer still keep float64 numbers; each batch reads a
    float32 copy of them, so inputs, targets and parameters beyond float32's ±3.4e38 are
    refused before training, and a step that would take a parameter there is refused as
    one that makes it infinite. The check against the eager engine runs in float64.

    ``callback(history)``, if given, is called after each epoch (and its validation
    scores) with the history so far — the epoch's record is each list's last entry —
    and returning True stops training there (early stopping:
    ``lambda h: len(h.val_loss) > 3 and h.val_loss[-1] > min(h.val_loss[:-1])``); None
    or False goes on. One call with a callback costs one set-up (a compiled call traces
    and checks the model each time: ten calls of one epoch of the digits took about four
    times one call of ten). Anything else returned is refused, as an answer that is no yes or no.
    The callback may change the model, and the next epoch trains what it finds: a
    replaced parameter Value (which the optimizer must then hold), an activation, a
    number or an array the forward reads (written in place too). A compiled call looks
    at what the model's modules hold after each callback (their attributes, and lists,
    dicts, arrays and objects in them; not the parameters' numbers): when nothing
    changed it goes on replaying. When something did, it records one sample's graph
    again; a graph that differs from the one it replays is traced and checked again,
    and the same graph is checked again on the sixteen samples (a change that a sample
    other than the recorded one takes another branch for is refused then, as at the
    start). A counter or a note kept on the model that changes every epoch costs that
    recording and check each epoch, not a trace. What a callback changes outside the
    model (a global the forward reads) is not seen: keep it on the model.

    ``fit`` inside ``no_grad()`` is refused: the eager engine would record no graph.
    A call on a model that another thread's ``fit`` call is training is refused
    (:class:`~nn.one_trainer.ModelInTraining`): each would step the parameters from the
    other's weights and gradients. The thread training it may call ``fit`` on it again.
    """
    if not is_count(epochs):
        raise ValueError(f"fit: epochs must be a positive integer, got {epochs!r}")
    epochs = int(epochs)  # numpy's integers too
    if batch_size is not None and not is_count(batch_size):
        # refused here, before the data checks and a compiled run's trace
        raise ValueError(
            f"fit: batch_size must be a positive integer, or None for the whole set, got "
            f"{batch_size!r}"
        )
    if batch_size is not None:
        batch_size = int(batch_size)  # np.uint8(7) would wrap in −(−n // batch_size)
    if validation is not None and (
        not isinstance(validation, (tuple, list)) or len(validation) != 2
    ):
        raise ValueError(
            f"fit: validation must be a pair (X_val, y_val), got "
            f"{type(validation).__name__}"
            + (f" of {len(validation)}" if isinstance(validation, (tuple, list)) else "")
        )
    _check_model(model, "fit")
    if callback is not None and not callable(callback):
        raise TypeError(
            f"fit: callback must be a function of the history, called after each epoch, "
            f"got {type(callback).__name__}"
        )
    for flag, name in ((shuffle, "shuffle"), (compiled, "compiled"), (progress, "progress")):
        check_flag(flag, name, "fit")  # "no" is not False: it would train shuffled, compiled
    loss_fn = get_loss(_loss_to_train(model, loss), "fit")
    check_reduction(loss_fn.reduction, f"fit: {type(loss_fn).__name__}")
    l2 = check_number(l2, "l2", "fit")  # one check for eager and compiled training
    replay_dtype = _check_dtype(dtype, compiled)
    rng = make_rng(seed, "fit")
    if not is_grad_enabled():  # the eager engine would record no graph and train nothing
        raise NoGraph(
            "fit: gradient recording is off (fit was called inside no_grad()): training "
            f"needs it; call fit outside the no_grad block — {NO_GRAD_INHERITED}"
        )
    if not model.parameters():  # (SGD's "got no parameters" named an optimizer not made)
        raise ValueError(
            f"fit: the model ({type(model).__name__}) has no parameters: there is nothing to train"
        )
    opt = optimizer if optimizer is not None else _own_sgd(model)
    _check_optimizer(model, opt)
    if l2:
        _check_weights(model, l2)
    _warn_squashed_logits(model, loss_fn)
    key = None
    if seed is not None and not isinstance(seed, np.random.Generator):
        # the orders come from the seed and the weights the call starts from — or, on a
        # model exactly where its last call left it, from that call's chain of keys: a
        # rerun from the same weights repeats the run, `for _ in range(5): fit(...,
        # epochs=1)` sees five orders, the same eager and compiled (see _start)
        key = _start(model)
        rng = np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=key))
    start = time.perf_counter()  # setting up (and tracing) counts as training time
    Xa, ya, k = _checked_data(model, X, y, loss_fn, "")
    if validation is not None:
        validation = _checked_data(model, *validation, loss_fn, "validation ")[:2]
    n_batches = -(-len(ya) // (batch_size or len(ya)))
    run: _Run

    def new_run() -> _Run:
        if compiled:
            try:
                return _CompiledRun(
                    model, Xa, ya, k, loss_fn, opt, l2, replay_dtype, followed=callback is not None
                )
            except _CheckMetNonFinite:
                # the same training, on the eager engine: it stops at the step where the
                # number arises, naming the epoch and batch (if it arises at all: by the
                # time that row's batch comes, the weights have moved)
                pass
        return _EagerRun(model, Xa, ya, k, loss_fn, opt, l2)

    history = History()
    # a mean-reduced cost is per sample: weight it by the batch size; a summed one is
    # already a batch total: average those
    by_size = loss_fn.reduction == "mean"
    epoch = done = 0  # done: batches finished in this epoch
    warned = False  # whether an epoch that changed no parameter was told (once a call)
    first_epoch = copy.deepcopy(rng)  # its orders drawn again if a step is refused
    steps_before = opt.steps  # an optimizer that stepped before: earlier calls' rows too
    # what evaluate scores with when given no loss: this call's loss and thresholds, from
    # its first step on (noted before the run is built: a compiled run's fingerprint of
    # the model sees it; put back in `finally` below if no step of this call lands)
    noted_before = _note_of(model)
    try:
        _note_loss(model, loss_fn, _thresholds(loss_fn, ya, "fit"))
        ours = _note_of(model)
        run = new_run()
        # _weight_mask(model), made when _warn_unchanged first needs it (≈ 5 ms for a
        # 784-16-16-10 MLP: not part of every call's set-up); emptied with a new run
        weight_mask: list[np.ndarray] = []
        # the parameter Values the run was built on, by name: a callback that replaces
        # one (or adds a layer) gets a new run for the next epoch, checked again; anything
        # else it changes the eager engine follows, and a compiled run asks whether what
        # it replays still agrees with the forward (:meth:`_Run.follows_model`) — unless
        # it sees at once that the callback changed nothing (:meth:`_Run.model_unchanged`)
        shape = _built_on(model) if callback is not None else None
        bar = _progress_bar(progress, n_batches * epochs, epochs)
    except BaseException:  # a trace refused, Ctrl-C: no step taken
        _put_back_note(model, noted_before)
        raise
    try:
        for epoch in range(epochs):
            total_loss = weights = right = 0.0
            done = 0
            # the parameters' numbers as the epoch begins (a compiled run's are in the
            # Values between epochs): an epoch that changes none warns (_warn_unchanged)
            began = None if warned else _param_numbers(model)
            # closed at once if the loop stops (an error, Ctrl-C): the run puts the weights
            # and the optimizer back in their Values as it closes (a try, not `with
            # closing(…)`: Ctrl-C landing as closing's __exit__ starts would leave the
            # epoch open, held by the traceback a notebook keeps)
            steps = run.epoch(batch_size, shuffle, rng)
            try:
                for result in steps:
                    done += 1
                    total_loss += result.cost * result.size if by_size else result.cost
                    weights += result.size if by_size else 1
                    right += result.accuracy * result.size
                    if progress:  # (formatting the loss is a microsecond a batch)
                        bar.set_postfix_str(
                            f"epoch {epoch + 1}/{epochs} loss {_loss_text(result.cost)}",
                            refresh=False,
                        )
                        bar.update(1)
            except NonFinite:
                raise
            except Exception as exc:  # a schedule's rate refused inside the step, say
                refused = schedule_refusal(opt, opt.steps)
                if refused is None:
                    raise
                raise TrainingStopped(
                    f"fit: epoch {epoch + 1} of {epochs}, batch {done + 1} of {n_batches}: "
                    f"{refused}. The model keeps the weights of the steps taken before it",
                    epoch + 1,
                    done + 1,
                    history,
                ) from exc
            finally:
                steps.close()
            where = f"fit: epoch {epoch + 1} of {epochs}, after its last step"
            try:
                lr = opt.last_lr
            except Exception as exc:
                refused = schedule_refusal(opt, max(opt.steps - 1, 0))
                if refused is None:
                    raise
                raise TrainingStopped(f"{where}: {refused}", epoch + 1, None, history) from exc
            if began is not None and done and lr != 0:  # lr = 0 asks for no change
                warned = _warn_unchanged(model, began, weight_mask, epoch + 1, replay_dtype)
            if validation is not None:
                v_loss, v_acc = _validation_scores(run, validation, where, epoch, history)
                history.val_loss.append(v_loss)
                history.val_accuracy.append(v_acc)
            history.loss.append(total_loss / weights)
            history.accuracy.append(right / len(ya))
            history.lr.append(lr)
            if callback is not None:
                history.seconds = time.perf_counter() - start
                when = f"after epoch {epoch + 1} of {epochs}"
                try:
                    answer = callback(history)
                except BaseException as exc:
                    # the callback's own error, as it raised it (its type is what the
                    # caller catches), told where: the model keeps this epoch's weights
                    # (Ctrl-C is the user's, raised in whatever code was running)
                    how = (
                        "interrupted during" if isinstance(exc, KeyboardInterrupt) else "raised by"
                    )
                    _note(exc, f"fit: {how} the callback {when}")
                    raise
                if _stop_asked(answer, callback, when):
                    break
                if epoch + 1 < epochs and _note_of(model) is not ours:
                    # a fit the callback called noted its loss, and this call trains on:
                    # the weights it ends at are this call's, scored with its loss
                    _put_back_note(model, ours)
                if (
                    epoch + 1 < epochs
                    and not run.model_unchanged()
                    and (_built_on(model) != shape or not run.follows_model())
                ):
                    after = f"fit: after epoch {epoch + 1}'s callback"
                    _check_replaced(model, after)
                    if optimizer is None:  # fit's own SGD, which no one else can reach:
                        # it follows the model's parameters (its only state is k)
                        opt = _own_sgd(model, opt.steps)
                    _check_optimizer(model, opt, after)
                    if l2:
                        _check_weights(model, l2)
                    _check_parts(model, Xa, after)  # before a compiled run traces it
                    run = new_run()
                    weight_mask.clear()
                    shape = _built_on(model)
    except NonFinite as exc:
        history.seconds = time.perf_counter() - start
        seen = rows_seen(len(ya), epoch, done, batch_size, shuffle, first_epoch)
        cause = divergence_cause(opt, exc, Xa, seen, steps_before > 0, l2)
        raise TrainingDiverged(
            f"fit: epoch {epoch + 1} of {epochs}, batch {done + 1} of {n_batches}: {exc}. "
            f"The model keeps the weights it had before this step. {cause}",
            epoch + 1,
            done + 1,
            history,
        ) from exc.__cause__
    except TrainingStopped:
        history.seconds = time.perf_counter() - start
        raise
    except KeyboardInterrupt as exc:  # Ctrl-C: the epochs finished were lost with the call
        history.seconds = time.perf_counter() - start
        exc.history = history  # type: ignore[attr-defined]  # as TrainingStopped carries it
        _note(
            exc,
            f"fit: interrupted with {len(history.loss)} of {epochs} epochs finished; the "
            f"model keeps every step taken, and the History of those epochs is this "
            f"KeyboardInterrupt's .history (in a notebook: sys.last_value.history)",
        )
        raise
    finally:
        if opt.steps == steps_before:  # stopped before a step landed (a step counts last)
            _put_back_note(model, noted_before)
        bar.close()
    if key is not None:
        _carry_on(model, key)
    history.seconds = time.perf_counter() - start
    return history


def _fingerprint(model: Module) -> tuple[Any, ...]:
    """What the model's forward may compute with, beyond the parameters' numbers, as a
    value to compare after a callback: the parameter Values in order, by identity (a
    replaced one wherever it is kept), and every module's class and attributes — a Value by
    its identity (not its number: the run follows ``p.data``), a sub-module by its
    identity and its own attributes, a list, tuple or dict by its items, a numpy array
    by its dtype, shape and a digest of its bytes (a write in place changes it), a
    str, number, bool or None by itself, another object with attributes (a config) by
    its class and attributes (``__slots__`` ones too), anything else (a function, a
    set) by its identity. Equal fingerprints: the callback changed nothing the forward
    can read on the model."""
    seen: dict[int, None] = {}

    def of(obj: object, depth: int) -> object:
        kind = type(obj)  # the common kinds by type first: ~0.2 ms for 2-16-16-1
        if kind is Value:
            return id(obj)
        if kind in _PLAIN:
            return (kind, obj)
        if kind is list or kind is tuple:
            return of_items(kind, cast("list[object]", obj), depth)
        if isinstance(obj, Value):
            return id(obj)
        if isinstance(obj, _PLAIN_TYPES):
            return (kind, obj)
        if isinstance(obj, np.generic):  # np.int64(3): by its bits, not its identity
            return (kind, obj.tobytes())
        if isinstance(obj, np.ndarray):
            if obj.dtype.hasobject:  # its items, one by one (Values by identity)
                return (np.ndarray, obj.shape, of(obj.tolist(), depth + 1))
            digest = hashlib.blake2b(np.ascontiguousarray(obj).data).digest()
            return (np.ndarray, obj.dtype.str, obj.shape, digest)
        if depth > 50:
            return ("deep", id(obj))
        if isinstance(obj, (list, tuple)):
            return of_items(kind, obj, depth)
        if isinstance(obj, dict):
            return (dict, tuple((of(key, depth + 1), of(v, depth + 1)) for key, v in obj.items()))
        attrs = getattr(obj, "__dict__", None)
        slots = _slot_names(kind) if hasattr(kind, "__slots__") else ()
        if isinstance(obj, Module) or (
            (isinstance(attrs, dict) or slots) and not callable(obj) and not isinstance(obj, type)
        ):
            if id(obj) in seen:
                return ("seen", id(obj))
            seen[id(obj)] = None
            own = vars(obj) if isinstance(attrs, dict) else {}  # names are strings
            held = tuple(of(v, depth + 1) for v in own.values())
            if slots:  # a __slots__ attribute is not in vars(): read each (unset: a mark)
                held += tuple(of(getattr(obj, name, _UNSET), depth + 1) for name in slots)
            return (id(obj), kind, tuple(own), held)
        return ("identity", kind, id(obj))

    def of_items(kind: type, items: list[object] | tuple[object, ...], depth: int) -> object:
        if depth > 50:  # a list holding itself
            return ("deep", id(items))
        if set(map(type, items)) <= {Value}:  # a neuron's weights (a loop in C)
            return (kind, Value, tuple(map(id, items)))
        return (kind, tuple(of(item, depth + 1) for item in items))

    return (tuple(map(id, model.parameters())), of(model, 0))


def _slot_names(kind: type) -> tuple[str, ...]:
    """The ``__slots__`` attributes of ``kind``'s instances, every class of its MRO
    (a config with ``__slots__``, or ``@dataclass(slots=True)``, keeps its numbers
    there, outside ``vars()``: a callback's change to one was not seen, and a compiled
    fit replayed the old number)."""
    names: list[str] = []
    for cls in kind.__mro__:
        declared = cls.__dict__.get("__slots__", ())
        for name in (declared,) if isinstance(declared, str) else declared:
            if name in ("__dict__", "__weakref__"):
                continue
            if name.startswith("__") and not name.endswith("__"):  # stored mangled
                name = f"_{cls.__name__.lstrip('_')}{name}"
            if name not in names:
                names.append(name)
    return tuple(names)


#: What an unset ``__slots__`` attribute is in a fingerprint.
_UNSET = object()

#: What :func:`_fingerprint` holds by itself, not by identity (None too).
_PLAIN_TYPES = (str, bytes, int, float, bool, complex, type(None))
_PLAIN = frozenset(_PLAIN_TYPES)


def _built_on(model: Module) -> tuple[tuple[str, int], ...]:
    """The model's parameters, each by its name and the identity of its Value: what a
    training run holds (the optimizer's Values, the weights ``l2`` decays, the names its
    errors use) and must be made again for when a callback changes it."""
    return tuple((name, id(p)) for name, p in model.named_parameters())


def _own_sgd(model: Module, steps: int = 0) -> SGD:
    """fit's own optimizer (``optimizer=None``) on the model's parameters, at ``steps``
    steps taken: made at the start of a call, and again after a callback replaced a
    parameter Value."""
    opt = SGD(model.parameters(), lr=0.1)
    opt.steps = steps
    return opt


def _check_replaced(model: Module, where: str) -> None:
    """Each parameter a callback left in the model a leaf Value, else a ValueError naming
    it as the model does, by the optimizer's rule (:func:`~nn.optim.not_a_leaf`): with
    fit's own SGD the refusal named an optimizer the user never built, with theirs
    "build it on this model's parameters", which their SGD then refused in turn."""
    for name, p in model.named_parameters():  # named as the model names them
        problem = not_a_leaf(p)
        if problem is not None:
            how = (  # w[0] = w[0].data − η·g, an update written as a replacement
                "(Value(x.data) for a computed x)"
                if isinstance(p, Value)
                else "(or write the number in: w[0].data -= ...)"
            )
            raise ValueError(
                f"{where}: the model's parameter {name} {problem}: a parameter replaced by "
                f"a callback is a Value(...) of its own {how}"
            )


def _note(exc: BaseException, note: str) -> None:
    """Add ``note`` to ``exc``'s notes, shown under its message (Python 3.11+; 3.10 has
    no notes, and the exception goes on unchanged)."""
    add_note = getattr(exc, "add_note", None)
    # (once: an exception object raised again by a later call said it again and again)
    if add_note is not None and note not in getattr(exc, "__notes__", ()):
        add_note(note)


def _stop_asked(answer: object, callback: object, when: str) -> bool:
    """Whether a callback's answer asks fit to stop: True (numpy's too) stops, None or
    False goes on; anything else is a TypeError (a number, a string: no yes or no) saying
    ``when`` (after which epoch), as the callback's own errors do."""
    if answer is None or isinstance(answer, (bool, np.bool_)):
        return bool(answer)
    name = getattr(callback, "__name__", type(callback).__name__)
    raise TypeError(
        f"fit: callback {name} returned {shown(answer)} {when}; it returns True to stop "
        f"training, None or False to go on"
    )


def _validation_scores(
    run: _Run, validation: tuple[Any, Any], where: str, epoch: int, history: History
) -> tuple[float, float]:
    """(loss, accuracy) on the validation set after an epoch, with the L2 term in the
    loss; a loss that cannot be computed, or is not finite, stops fit with
    :class:`TrainingStopped` naming the validation row that gives it."""
    Xv, yv = validation
    try:
        v_loss, v_acc = run.evaluate(Xv, yv)
        if run.l2:  # the cost as training counts it, with the epoch's final weights
            with no_grad():
                v_loss += l2_penalty(run.weights, run.l2).data
    except ENGINE_REFUSALS as exc:
        cause: Exception | None = exc
        said = f" ({exc})"
    else:
        if math.isfinite(v_loss):
            return v_loss, v_acc
        cause, said = None, f" (it is {v_loss!r})"
    row = run.failing_row(Xv, yv)
    raise TrainingStopped(
        f"{where}: {validation_refused(run.model, run.opt, Xv, row, said)}",
        epoch + 1,
        None,
        history,
    ) from cause


def _forget_locals(exc: BaseException) -> None:
    """Clear the locals of the finished frames in the traceback of ``exc`` and of its
    cause (the engine's error, raised inside the same step): what a kept error would
    otherwise keep alive. The frames stay (a traceback still prints its lines); a frame
    still running is left as it is; an exception that was being handled around ``fit``
    (a ``__context__`` further out) is not touched."""
    traceback.clear_frames(exc.__traceback__)
    if exc.__cause__ is not None:
        traceback.clear_frames(exc.__cause__.__traceback__)


#: Losses computed from logits (they apply the sigmoid or the softmax themselves).
_ON_LOGITS = ("bce_with_logits", "cross_entropy")


def _output_activations(model: Model) -> list[Any]:
    """The activation of each neuron giving one of the model's outputs, read from the
    neurons (what computes): a layer whose neurons differ has no one activation to ask,
    and a description kept apart from them once said linear while they computed sigmoid.
    Another module: its ``activation``, if it has one."""
    last: Any = model.layers[-1] if isinstance(model, MLP) and model.layers else model
    if isinstance(last, Neuron):
        return [last.activation]
    if isinstance(last, Layer):
        return [getattr(n, "activation", None) for n in last.neurons]
    return [] if isinstance(model, MLP) else [getattr(model, "activation", None)]


def _warn_squashed_logits(model: Model, loss_fn: Loss, where: str = "fit") -> None:
    """A sigmoid or tanh output fed to a loss that squashes its input itself: σ(σ(z))
    trains badly, without an error (binary cross-entropy stuck at log 2 on the digits,
    every sample scored one class), and ``evaluate`` scores such outputs as logits: every
    probability above 0 is class 1. A warning: the model may mean it. ``where``: the
    caller, fit or evaluate, each run inside :func:`_in_own_context` (fit inside
    :func:`~nn.one_trainer.one_trainer` too)."""
    squashed = sorted({a for a in _output_activations(model) if a in ("sigmoid", "tanh")})
    if loss_fn.name in _ON_LOGITS and squashed:
        warnings.warn(
            f"{where}: the model's output activation is {' and '.join(squashed)}, and "
            f"{loss_fn.where} applies the "
            f"{'softmax' if loss_fn.name == 'cross_entropy' else 'sigmoid'} itself to the "
            f"outputs (logits): use output_activation='linear'",
            # the user's call: fit and evaluate run in _in_own_context, fit inside
            # one_trainer's wrapper too
            stacklevel=5 if where == "fit" else 4,
        )


def _param_numbers(model: Module) -> np.ndarray:
    """The model's parameters' numbers, as float64, in ``parameters()`` order."""
    params = model.parameters()
    return np.fromiter(map(get_data, params), np.float64, count=len(params))


def _weight_mask(model: Module) -> np.ndarray:
    """Which of the model's parameters (``parameters()`` order) are weights, not biases
    (:meth:`~nn.module.Module.weights`): made once per run, as it walks the modules (4 ms
    for a 784-16-16-10 MLP)."""
    weights = set(map(id, model.weights()))
    params = model.parameters()
    # a list, not a generator: Ctrl-C inside a generator's frame is reported as ignored
    return np.array([id(p) in weights for p in params], dtype=bool)


def _warn_unchanged(
    model: Module,
    began: np.ndarray,
    weight_mask: list[np.ndarray],
    epoch: int,
    dtype: type[np.floating[Any]],
) -> bool:
    """Warn, and say so, when an epoch (counted from 1) ended with every parameter, or
    every weight (:meth:`~nn.module.Module.weights`; only biases moved), exactly as it
    began (``began``: the parameters' numbers then; ``weight_mask``: :func:`_weight_mask`'s
    answer once made, kept there for the run — asked only when some parameters moved and
    some did not; ``dtype``: the floats training computes in, float32 for a compiled
    float32 run, whose smallest normal number a slope must reach to count).
    At lr ≠ 0 every step's gradient was 0 there — every ReLU dead, say: moons with
    features ×1000 and ×0.001 gave loss ln 2 from epoch 2 on, accuracy 0.5, and no word;
    with mini-batches whose classes are not balanced the output biases still move — or
    each update was too small to move a float64 number. Called from fit (inside
    :func:`_in_own_context` and :func:`~nn.one_trainer.one_trainer`)."""
    now = _param_numbers(model)
    if now.shape != began.shape:  # (not this run's)
        return False
    moved = now != began
    if moved.all():  # a healthy epoch: no mask needed
        return False
    params = model.parameters()
    if not moved.any():
        what, still = "parameter", params
    else:
        if not weight_mask:
            weight_mask.append(_weight_mask(model))
        is_weight = weight_mask[0]
        if is_weight.shape != now.shape or not is_weight.any() or moved[is_weight].any():
            return False
        what = "weight (only biases moved)"
        still = [p for p, w in zip(params, is_weight.tolist(), strict=True) if w]
    if all(get_grad(p) == 0 for p in still):  # the last step's gradient (fit leaves it)
        count = len(dict.fromkeys(still))  # a tied weight (one Value, listed twice) once
        why = (
            f"every step's gradient was 0 (the last step's, for all {count} "
            f"{what.split()[0]}s) — {_zero_gradient_advice(model, moved, dtype)}"
        )
    else:
        why = (
            "every step was too small to move a float64 number (lr × gradient below its "
            "rounding) — a larger learning rate?"
        )
    warnings.warn(f"fit: epoch {epoch} changed no {what}: {why}", stacklevel=5)
    return True


def _zero_gradient_advice(model: Module, moved: np.ndarray, dtype: type[np.floating[Any]]) -> str:
    """Why every weight's gradient may be exactly 0, and what to try, in words true of
    the model (``moved``: which parameters, in ``parameters()`` order, the epoch moved).

    Every weight 0 in a network with a hidden layer says so: each hidden unit gives
    every sample the same output and no gradient passes back through a layer of zero
    weights, whatever the activations ("dead ReLUs?" was said of a zero start). Else,
    where every parameter is held by a :class:`Neuron`, the suspects are the units
    whose bias did not move either (a unit whose bias moved has a slope for some sample:
    it is not flat, and its weights stood still because its inputs were 0) — named by
    activation ("dead ReLUs", "saturated sigmoids" or "tanh units", "a saturated
    sigmoid output" for a sigmoid in the output layer alone: ReLU hidden layers under a
    sigmoid output got the generic words), the cures for those. A mix with softplus or
    leaky ReLU, a unit of the user's, gets the generic words.

    A unit whose weights are all 0 sees its bias alone on every sample, so whether it is
    flat is known: its activation's slope at its bias. One with a slope is no suspect
    (a sigmoid output at 0 was called saturated), nor is a linear unit (a slope of 1) or
    one whose bias moved (a slope on some sample); when no unit is left that could be
    flat, the gradients cancelled over the samples, and that is said (a linear neuron at
    XOR's least-squares fit was told of dead or saturated units). A unit with other
    weights is named by its kind still: whether it is flat depends on the data."""
    modules = list(model.modules())
    weights = model.weights()
    layers = sum(isinstance(m, Layer) for m in modules)
    inits = "init='uniform', nn.MLP's default, 'xavier' or 'he'"
    if layers >= 2 and weights and not any(map(get_data, weights)):
        return (
            "every weight is 0: each hidden unit gives every sample the same output, and no "
            f"gradient passes back through a layer of zero weights; start from random "
            f"weights ({inits})"
        )
    known = all(isinstance(m, Neuron) or not m.own_parameters() for m in modules)
    at = {id(p): i for i, p in enumerate(model.parameters())}
    if isinstance(model, MLP) and model.layers:
        last: list[Module] = list(model.layers[-1].modules())
    else:
        last = modules if isinstance(model, (Layer, Neuron)) else []
    output = {id(m) for m in last}
    suspects: dict[str, set[bool]] = {}  # activation → in the output layer?
    sloped = False  # a unit seen not to be flat: no suspect
    for m in modules:
        if not isinstance(m, Neuron):
            continue
        i = at.get(id(m.b))
        if (
            m.activation == "linear"  # a slope of 1 everywhere
            or (i is not None and moved[i])  # a slope on some sample
            or (_zero_weights(m) and _slope(m.activation, m.b.data, dtype) not in (None, 0.0))
        ):
            sloped = True
            continue
        suspects.setdefault(m.activation, set()).add(id(m) in output)
    if known and sloped and not suspects:
        return (
            "no unit is flat (each is linear, moved its bias, or has weights all 0, so it "
            "sees only its bias, where its slope is not 0): the gradients cancelled over "
            "the samples, and the loss is flat at these weights (a minimum or a saddle "
            "point: a symmetric start can be one); "
            f"start from other weights ({inits}, or another seed), or give the model more "
            f"units"
        )
    cure = "standardise X (features of very different sizes)"
    if not known or not suspects or not set(suspects) <= {"relu", "sigmoid", "tanh"}:
        return (
            "dead or saturated units (a ReLU at 0, a sigmoid or tanh flat)? "
            f"{cure} or a smaller learning rate"
        )
    plural = {"sigmoid": "sigmoids", "tanh": "tanh units"}
    flat = sorted(suspects.keys() & plural.keys())
    names = ["dead ReLUs"] if "relu" in suspects else []
    hidden = [plural[a] for a in flat if False in suspects[a]]
    if hidden:
        names.append("saturated " + " or ".join(hidden))
    names += [f"a saturated {a} output" for a in flat if suspects[a] == {True}]
    cures = [cure, "smaller initial weights"] if flat else [cure]
    cures.append("a smaller learning rate")
    if "relu" in suspects:
        only_out = isinstance(model, MLP) and suspects["relu"] == {True}
        cures.append(f"{'output_activation' if only_out else 'activation'}='leaky_relu'")
    return f"{' or '.join(names)}? {', '.join(cures[:-1])}, or {cures[-1]}"


def _zero_weights(neuron: Neuron) -> bool:
    """True when ``neuron`` has weights and every one is 0: it sees its bias alone."""
    return bool(neuron.w) and not any(map(get_data, neuron.w))


def _slope(activation: str, z: float, dtype: type[np.floating[Any]]) -> float | None:
    """The slope f'(z) of the activation named ``activation`` at ``z``, as the engine
    computes it in training (0.0 for a ReLU at 0 or below, and for a sigmoid or tanh
    whose slope rounds to 0); None where it cannot be told (no such activation now, an
    error of the op's, no gradients being recorded). A slope below ``dtype``'s smallest
    normal number is 0.0 too: training in those floats (float32 from σ'(88) ≈ 6e-39,
    float64 from σ'(709)) loses it, and the gradients through it were 0."""
    f = ACTIVATIONS.get(activation)
    if f is None or not is_grad_enabled():
        return None
    leaf = Value(z)
    try:
        f(leaf).backward()
    except (ArithmeticError, ValueError):
        return None
    slope = float(leaf.grad)
    return 0.0 if abs(slope) < np.finfo(dtype).tiny else slope


def _check_dtype(dtype: object, compiled: bool) -> type[np.floating[Any]]:
    """numpy's float64 or float32 from a name, the type or a numpy dtype (``X.dtype``);
    float32 only when compiled."""
    given = dtype  # as the caller wrote it, for the refusal
    if isinstance(dtype, np.dtype):  # np.dtype('float32'), X.dtype: its scalar type
        dtype = dtype.type
    names: dict[object, type[np.floating[Any]]] = {
        "float64": np.float64,
        np.float64: np.float64,
        float: np.float64,
        "float32": np.float32,
        np.float32: np.float32,
    }
    if not isinstance(dtype, (str, type)) or dtype not in names:
        raise ValueError(f"fit: dtype must be 'float64' or 'float32', got {given!r}")
    chosen = names[dtype]
    if chosen is np.float32 and not compiled:
        raise ValueError(
            "fit: dtype='float32' needs compiled=True (the eager engine computes with "
            "Python floats, which are float64)"
        )
    return chosen


def _check_optimizer(model: Module, opt: object, where: str = "fit") -> None:
    """The optimizer must move this model's parameters (all or some of them): one built on
    another model's would train nothing and say nothing (``where``: a callback may have
    replaced a parameter Value of the model since the call began)."""
    if not isinstance(opt, Optimizer):
        got = type(opt).__name__
        if isinstance(opt, type) and issubclass(opt, Optimizer):  # (ABCMeta said nothing)
            name = opt.__name__
            got = f"the class {name}: give an instance, {name}(model.parameters(), lr=...)"
        raise TypeError(f"fit: optimizer must be an nn.Optimizer, got {got}")
    mine = {id(p) for p in model.parameters()}
    strangers = [i for i, p in enumerate(opt.params) if id(p) not in mine]
    if strangers:
        i = strangers[0]
        raise ValueError(
            f"{where}: the optimizer holds {len(strangers)} of {len(opt.params)} Values that are "
            f"not a parameter of the model (first: params[{i}] = {opt.params[i]!r}); build it "
            f"on this model's parameters, e.g. {type(opt).__name__}(model.parameters(), ...)"
        )


def _check_weights(model: Module, l2: float) -> None:
    """``l2`` penalises the Values ``model.weights()`` gives, which a name tells apart
    (``…w.<i>`` a weight, ``…b`` a bias) unless the module overrides ``weights()``. A
    parameter named neither way would get no decay, without a word: refused, as are an
    override giving a Value that is not a parameter and a model with no weight at all."""
    name = type(model).__name__
    unknown = unknown_roles(model)
    if unknown:
        shown = ", ".join(repr(n) for n in unknown[:3]) + (", …" if len(unknown) > 3 else "")
        raise ValueError(
            f"fit: l2={l2!r} penalises the weights (λ/2·ΣW²), but {len(unknown)} parameter"
            f"{'s' * (len(unknown) != 1)} of this {name} ({shown}) "
            + ("has a name that says" if len(unknown) == 1 else "have names that say")
            + " neither weight nor bias: name a weight '…w.<i>' and a bias '…b' in "
            "own_parameters (as nn.Neuron names 'w.0', 'w.1', 'b'), or override "
            "weights() in the module that holds them to return its weights"
        )
    weights = model.weights()
    mine = {id(p) for p in model.parameters()}
    strangers = [w for w in weights if id(w) not in mine]
    if strangers:
        raise ValueError(
            f"fit: {name}.weights() gives {len(strangers)} Value"
            + (" that is not a parameter" if len(strangers) == 1 else "s that are not parameters")
            + f" of the model (first: {strangers[0]!r:.60}); weights() must return some of "
            f"model.parameters()"
        )
    if not weights:
        raise ValueError(
            f"fit: l2={l2!r} penalises the weights (λ/2·ΣW²), but this {name} has none "
            f"(weights() gives no Value; a bias, '…b', is not penalised): give l2=0, or "
            f"override weights() to return the Values to penalise"
        )


def _check_parts(model: Module, Xa: np.ndarray, where: str) -> None:
    """A :class:`~nn.layers.BrokenModel` starting with ``where`` when the model's parts
    no longer fit together (a callback appended a neuron to a hidden layer), found by a
    forward pass of X row 0; any other error is left to the run that meets it."""
    with no_grad():
        try:
            _forward(model, Xa[0].tolist(), "fit", 0)
        except BrokenModel as exc:
            raise BrokenModel(f"{where}: {exc}") from exc
        except Exception:
            return


def _checked_data(model: Module, X: Any, y: Any, loss_fn: Loss, what: str) -> tuple[Any, Any, int]:
    """(X as floats, y, outputs per sample) once every sample has been checked, so that a
    bad number is reported by its row in the data set, not by its place in a batch."""
    Xa = checked_X(X, f"fit: {what}X", _input_count(model))
    ya = checked_targets(y, f"fit: {what}y")
    if len(ya) == 0:  # (X has rows: checked_X refuses an empty one)
        raise ValueError(f"fit: {what}y holds no targets (shape {ya.shape}) for X's {len(Xa)} rows")
    if len(Xa) != len(ya):
        raise ValueError(count_mismatch(f"fit: {what}", Xa, ya))
    with no_grad():
        try:
            k = len(_forward(model, Xa[0].tolist(), "fit", 0, f"{what}X row {{}}"))
        except ENGINE_REFUSALS as exc:
            raise ValueError(
                f"fit: the model's outputs for {what}X row 0 cannot be computed with its "
                f"current weights ({exc})"
            ) from exc
        except BrokenModel as exc:  # the model's parts do not fit: not X's fault
            raise BrokenModel(f"fit: {exc}") from exc
        except WrongInput as exc:  # rows of the wrong length
            raise WrongInput(f"fit: {what}X: {exc}") from exc
        except ValueError as exc:  # rows of the wrong length: say which X it is
            raise ValueError(f"fit: {what}X: {exc}") from exc
        _refuse_too_few_outputs(loss_fn, k, "fit")  # the model is what is wrong, not y
        ya = _loss_targets(
            loss_fn, ya, k, "fit", f"{what}y",
            outputs_of=lambda row: _forward(model, Xa[row].tolist(), "fit", row),
        )  # fmt: skip
    return Xa, ya, k


def _loss_targets(
    loss_fn: Loss,
    ya: np.ndarray,
    k: int,
    who: str,
    arg: str,
    rule: bool = True,
    outputs_of: Callable[[int], list[Value]] | None = None,
) -> np.ndarray:
    """``ya`` once the loss has taken every target (as plain numbers, if numpy held them
    as objects), for a model of ``k`` outputs; else a ValueError that starts with the
    caller and its argument (``who``: "fit" or "evaluate"; ``arg``: "y", "validation
    y"), then the loss's own words — or, on the evidence, one blaming the model's
    output count (:func:`_refuse_outputs_refused`). Each distinct target is asked once
    (class labels have a handful of values), by the loss itself, which knows what it
    accepts, with the target's row in the data set as its number.

    With ``rule``, the loss's rule is computed too, at outputs made up here (0, and 0.5
    where the engine refuses 0: −t·log p at p = 0 says nothing of t), and where the
    engine refuses both, at the model's own outputs for the target's row
    (``outputs_of``; log(o − 0.5) is refused at both made-up outputs and fine at the
    model's; (o − t)/t at t = 0 fails at all three): 60,000 distinct real targets take
    about a second, so
    ``evaluate``, which computes the rule at the model's own outputs anyway, asks it
    only when that fails (its targets' own checks, a sixth of that, come first).

    A loss whose target rows name classes (:attr:`~nn.losses.Loss.names_classes`) has
    a row naming no one class refused after those (:func:`refuse_tied_targets`)."""
    where = f"{who}: {arg}"
    try:
        refuse_fractions(ya, k, loss_fn.where)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None
    if ya.dtype.kind == "O":  # numbers mixed with a None, a Fraction, a big int…
        ya = _object_targets(ya, k, loss_fn, where)
    made_up = ([[Value(0.0)] * k], [[Value(0.5)] * k])
    if ya.ndim == 1 and ya.dtype.kind in "iu":  # class labels: numpy's integer sort
        _, first = np.unique(ya, return_index=True)  # (3.6 ms for 60,000, bytes 6.2)
    else:
        _, first = np.unique(row_keys(ya), axis=0, return_index=True)
    with no_grad():
        for row in sorted(first.tolist()):
            try:  # the loss's own checks, with the row as the target's number
                loss_fn.checked_target(ya[row].tolist(), k, row)
            except ValueError as exc:
                _refuse_outputs_refused(loss_fn, k, who, exc)
                raise ValueError(f"{where}: {exc}") from None
            if not rule:
                continue
            try:  # and anything else its rule refuses (one row: "target 0" there)
                real = None if outputs_of is None else functools.partial(outputs_of, row)
                _rule_at_made_up(loss_fn, made_up, ya[row : row + 1].tolist(), real)
            except (ValueError, ArithmeticError) as exc:  # (the engine's: DomainErrors)
                if isinstance(exc, ValueError):
                    _refuse_outputs_refused(loss_fn, k, who, exc)
                said = f"{where}: target {row} is refused: "  # accuracy's words
                if isinstance(exc, ENGINE_REFUSALS):  # the engine's words: say whose they are
                    said += (
                        f"the loss {type(loss_fn).__name__} cannot be computed for "
                        f"{shown(ya[row].tolist())} at any output tried (0, 0.5, the model's "
                        f"own)"
                        + (
                            ": a target this large overflows it; scale the targets (standardise y)"
                            if isinstance(exc, OverflowError)
                            else ""
                        )
                        + f" — {exc}"
                    )
                else:
                    said += str(exc)
                raise ValueError(said) from None
    if loss_fn.names_classes:
        refuse_tied_targets(ya, k, where)
    return ya


def _rule_at_made_up(
    loss_fn: Loss,
    made_up: tuple[list[list[Value]], ...],
    t: list[Any],
    real: Callable[[], list[Value]] | None,
) -> None:
    """The loss's rule for target ``t`` at each of the outputs ``made_up`` until the
    engine takes one; a ValueError of the rule's own at once. Where the engine refuses
    them all, at the model's own outputs for the target's row (``real``): its refusal
    there is raised (the target is what fails), none is said when ``real`` is None or
    the model's outputs cannot be computed (training names that row)."""
    for outputs in made_up:
        try:
            loss_fn(outputs, t)
            return
        except ENGINE_REFUSALS:
            pass
    if real is None:
        return
    try:
        own = real()
    except ENGINE_REFUSALS:
        return
    loss_fn([own], t)


def _refuse_too_few_outputs(loss_fn: Loss, k: int, who: str) -> None:
    """A ValueError naming the model's output count ``k`` when the loss declares that it
    needs more (:attr:`~nn.losses.Loss.min_outputs`): what ``fit`` and ``evaluate``
    (``who``) say before the loss's own words about a target, which blamed y."""
    if k >= loss_fn.min_outputs:
        return
    verb = "train" if who == "fit" else "score"
    raise ValueError(
        f"{who}: the model gives {k} output{'' if k == 1 else 's'} per sample, but "
        f"{type(loss_fn).__name__} needs at least {loss_fn.min_outputs} (one logit "
        f"per class): give the model an output per class"
        + (f", or {verb} one output with loss='bce_with_logits'" if k == 1 else "")
    )


#: The targets :func:`_refuse_outputs_refused` offers a loss, k numbers each.
_PLAIN_TARGETS = (0.0, 1.0, -1.0)


def _refuse_outputs_refused(loss_fn: Loss, k: int, who: str, exc: ValueError) -> None:
    """When the loss refused a target (``exc``), a ValueError saying so of the model's
    ``k`` outputs instead, if that is what the evidence says: the loss refuses every
    plain target of k numbers — all 0, all 1, all −1, and each one-hot row — with outputs
    of 0, and takes one of another size (k + 1, k + 2, k − 1, 1 or 2 numbers) — a loss
    that needs more outputs than the model gives without declaring ``min_outputs`` (a
    pair's loss on one output), which y cannot put right. Returns otherwise: a loss that
    takes a plain target of k numbers, or none of any size tried (its valid targets are
    none of them: strictly between 0 and 1, say), refused the target itself, and says
    why in its own words."""
    if _takes_a_plain_target(loss_fn, k, exact=True):
        return
    sizes = sorted({k + 1, k + 2, k - 1, 1, 2} - {k, 0}, key=lambda m: (abs(m - k), m))
    taken = next((m for m in sizes if _takes_a_plain_target(loss_fn, m, exact=False)), None)
    if taken is None:
        return
    raise ValueError(
        f"{who}: the model gives {k} output{'' if k == 1 else 's'} per sample, and the "
        f"loss {loss_fn.where} refuses every target of {k} number{'' if k == 1 else 's'} it "
        f"was offered (all 0, all 1, all −1{', one-hot' if k > 1 else ''}) but takes one of "
        f"{taken} — it needs another number of outputs: {exc}. Give the model the outputs "
        f"the loss needs (a Loss that needs at least n says so with min_outputs = n)"
    ) from None


def _takes_a_plain_target(loss_fn: Loss, m: int, *, exact: bool) -> bool:
    """Whether the loss takes one of the plain targets of ``m`` numbers (all 0, all 1,
    all −1, each one-hot row) with ``m`` outputs of 0. A refusal of the engine's says
    nothing of the target's size: taken. ``exact``: ``m`` is the model's own output
    count, and only a ValueError is a refusal (any other error is the loss's bug, raised
    as it is); at another count any error is a refusal (a rule reading ``output[1]``
    of one output)."""
    rows = [[v] * m for v in _PLAIN_TARGETS]
    rows += [[float(i == j) for j in range(m)] for i in range(m) if m > 1]
    refusals: tuple[type[Exception], ...] = (ValueError,) if exact else (Exception,)
    with no_grad():
        for row in rows:
            try:
                loss_fn([[Value(0.0)] * m], [loss_fn.checked_target(row, m, 0)])
            except ENGINE_REFUSALS:
                return True
            except refusals:
                continue
            return True
    return False


def _object_targets(ya: np.ndarray, k: int, loss_fn: Loss, where: str) -> np.ndarray:
    """Targets numpy could hold only as objects (numbers mixed with a None, a Fraction,
    an int beyond int64), each checked by the loss as :func:`evaluate` has it check
    them — the first it refuses is named by its row — then as plain numbers: class
    indices as ints (each in [0, k), checked), anything else as floats (each finite,
    checked), for the numeric path that follows. A Python loop over the samples, for
    object arrays only: sorting them for the distinct ones met a None, which does not
    compare, and a Fraction has no ``tolist()``."""
    targets = ya.tolist()
    for row, t in enumerate(targets):
        try:
            loss_fn.checked_target(t, k, row)
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None
    if ya.ndim == 1 and k > 1 and all(isinstance(t, numbers.Integral) for t in targets):
        return np.array(targets, dtype=np.intp)
    return np.array(targets, dtype=np.float64)


class BatchResult(NamedTuple):
    """What one training step reports to :func:`fit`."""

    cost: float
    """the batch's cost C (the loss as reduced, plus the L2 term)"""
    accuracy: float
    """scored on the batch's forward pass, before the update"""
    size: int
    """the number of samples in the batch"""


class _Run(ABC):
    """One training run, computed one way: an epoch of steps, and scores on a data set.

    Holds what every way shares — the model, the checked data, the loss, the optimizer and
    λ — and how a step the optimizer refuses is reported (the parameter named as the
    model names it).
    """

    def __init__(
        self,
        model: Module,
        Xa: np.ndarray,
        ya: np.ndarray,
        k: int,
        loss_fn: Loss,
        opt: Optimizer,
        l2: float,
    ) -> None:
        self.model, self.Xa, self.ya, self.k = model, Xa, ya, k
        self.loss_fn, self.opt, self.l2 = loss_fn, opt, l2
        self.params = list(dict.fromkeys(model.parameters()))  # a tied parameter once
        self.weights = model.weights() if l2 else []
        # the parameters' grad_graph (a backward(create_graph=True) before fit), which
        # eager training puts back with their grads if its first step is not taken (its
        # zero_grad drops them); None once a step is, or when there are none
        graphs = [p.grad_graph for p in self.params]
        self.graphs = graphs if any(g is not None for g in graphs) else None
        # a one-output model's thresholds, from the training targets: the validation set
        # is scored as the training batches are
        self.cuts = _thresholds(loss_fn, ya, "fit")

    @functools.cached_property
    def names(self) -> dict[int, str]:
        """The model's name for each parameter, by id (made when an error needs one: a
        name per weight is 13,002 strings for the seeds' MNIST network)."""
        names: dict[int, str] = {}
        for name, p in self.model.named_parameters():
            names.setdefault(id(p), name)
        return names

    def _refused(self, exc: NonFiniteStep) -> NonFinite:
        """The optimizer's refusal, with the parameter named as the model names it."""
        return step_refused(exc, self.names[id(self.opt.params[exc.index])], self.opt)

    def _engine_refused(
        self, what: str, exc: Exception, rows: np.ndarray | None = None, j: int | None = None
    ) -> NonFinite:
        """The engine's or the replay's refusal of a step, named as the model and X name
        it (:func:`~nn.diagnose.engine_refused`)."""
        return engine_refused(what, exc, self.names, self.model, self.Xa, rows, j)

    @abstractmethod
    def epoch(
        self, batch_size: int | None, shuffle: bool, rng: np.random.Generator
    ) -> Generator[BatchResult, None, None]:
        """One pass over the data in batches: a step per batch, and its result. A step
        that meets a nan or infinite number raises :class:`NonFinite` having changed no
        weight; closing the generator leaves the weights in the model's Values."""

    @abstractmethod
    def evaluate(self, X: Any, y: Any) -> tuple[float, float]:
        """(loss, accuracy) on a data set, with the current weights."""

    def model_unchanged(self) -> bool:
        """Whether a callback surely changed nothing the run was built on, its
        parameter Values included (then fit asks nothing more). The eager engine cannot
        tell so cheaply, and needs not: fit compares the parameter Values, and
        :meth:`follows_model` is always true."""
        return False

    def follows_model(self) -> bool:
        """Whether this run still trains what the model computes, after a callback that
        kept its parameter Values changed something else: the eager engine builds each
        step's graph from the model as it finds it, so it always does."""
        return True

    @abstractmethod
    def failing_row(self, X: np.ndarray, y: np.ndarray) -> int | None:
        """The first row of a data set whose outputs or loss cannot be computed with the
        current weights (None: each row's can), for an error that names it."""


class _EagerRun(_Run):
    """Training on the eager engine: a fresh graph per batch, one backward each."""

    def epoch(
        self, batch_size: int | None, shuffle: bool, rng: np.random.Generator
    ) -> Generator[BatchResult, None, None]:
        # the batches' row numbers (y given as 0, 1, …, n−1), each batch's targets taken
        # by them: a refusal names the sample by its row of X
        for Xb, rows in batches(self.Xa, np.arange(len(self.ya)), batch_size, shuffle, rng):
            try:
                result = self._step(Xb, self.ya[rows], rows)  # its graph lives in there only
            except (NonFinite, KeyboardInterrupt) as exc:
                # a divergence (fit's TrainingDiverged) or a stop, which a notebook keeps
                # (sys.last_value); its tracebacks keep the frames, whose locals held the
                # batch's whole graph (16 MB at 784-16-16-10, batch 64): those locals go,
                # the lines stay for reading. Any other error (a bug in a model's
                # forward) keeps its locals, for a debugger.
                _forget_locals(exc)
                if isinstance(exc, NonFinite):
                    exc.batch = rows  # the diagnosis asks whether one of them is the cause
                raise
            yield result

    def _step(self, Xb: np.ndarray, yb: np.ndarray, rows: np.ndarray) -> BatchResult:
        loss_fn, model, opt = self.loss_fn, self.model, self.opt
        targets = yb.tolist()
        # the engine refuses a nan or infinite value, derivative or gradient where it
        # arises (naming the op or node); fit adds the epoch and batch, and the row of X
        # whose forward pass (or own loss) met it
        outs: list[list[Value]] = []
        try:
            for j, x in enumerate(Xb.tolist()):
                outs.append(_forward(model, x, "fit", j, "sample {} of the batch"))
        except ENGINE_REFUSALS as exc:
            raise self._engine_refused("the loss cannot be computed", exc, rows, len(outs)) from exc
        try:
            cost = loss_fn(_shape_outputs(outs), targets)
            if self.l2:
                cost = cost + l2_penalty(self.weights, self.l2)
        except ENGINE_REFUSALS as exc:
            # the first sample whose own loss cannot be computed (none, if only the
            # batch's sum or the L2 term overflows)
            shaped = _shape_outputs(outs)
            failing = (i for i in range(len(outs)) if loss_fails(loss_fn, shaped, targets, i))
            raise self._engine_refused(
                "the loss cannot be computed", exc, rows, next(failing, None)
            ) from exc
        # each parameter's grad is left as the last step taken left it (the gradient that
        # step used): a step not taken — refused, a backward that stopped halfway (a sum
        # of some paths only), Ctrl-C — puts back the gradients it found
        params, k = self.params, opt.steps
        found = list(map(get_grad, params))
        try:
            model.zero_grad()
            try:
                cost.backward()
            except ENGINE_REFUSALS as exc:
                raise self._engine_refused("the gradient cannot be computed", exc) from exc
            try:  # checks the new numbers and undoes a bad step itself
                opt.step()
            except NonFiniteStep as exc:
                raise self._refused(exc) from exc
        except BaseException:
            if opt.steps == k:  # not taken (a step is counted as its last act)
                try:
                    self._put_back(found)
                except KeyboardInterrupt:  # again, whole (Ctrl-C in the first write)
                    self._put_back(found)
                    raise
            raise
        self.graphs = None
        score = scored(outs, targets, *self.cuts, loss_fn.per_label, ties=True)
        return BatchResult(cost.data, score, len(targets))

    def failing_row(self, X: np.ndarray, y: np.ndarray) -> int | None:
        """The first row of (X, y) whose loss the engine cannot compute, if one is."""
        with no_grad():
            for i, x in enumerate(X.tolist()):
                try:
                    out = _forward(self.model, x, "fit", i, "validation X row {}")
                except ENGINE_REFUSALS:
                    return i
                if loss_fails(self.loss_fn, _shape_outputs([out]), [y[i].tolist()], 0):
                    return i
        return None

    def _put_back(self, grads: list[float]) -> None:
        """The parameters' grads as a step not taken found them, with their grad_graph
        when no step has been taken yet."""
        write_grads(self.params, grads)
        if self.graphs is not None:
            for p, g in zip(self.params, self.graphs, strict=True):
                p.grad_graph = g

    def evaluate(self, X: Any, y: Any) -> tuple[float, float]:
        ya = np.asarray(y)  # checked by fit before training: not asked again each epoch
        return _evaluate(self.model, X, ya, self.loss_fn, self.cuts, "validation", True)


class _CompiledRun(_Run):
    """Training on a trace of one sample's graph: [loss, *outputs] = f(x, target).

    The parameters live in one numpy vector ``pvec`` while an epoch runs and are
    written back into their Values at the end of it (and if training stops early), each
    with the gradient of the last step taken in its ``grad``, as eager training leaves it.
    """

    def __init__(
        self,
        model: Module,
        Xa: np.ndarray,
        ya: np.ndarray,
        k: int,
        loss_fn: Loss,
        opt: Optimizer,
        l2: float,
        dtype: type[np.floating[Any]] = np.float64,
        followed: bool = False,
    ) -> None:
        super().__init__(model, Xa, ya, k, loss_fn, opt, l2)
        self.dtype = dtype
        self.Y = target_matrix(ya, k, loss_fn.name)
        params = self.params  # a tied parameter once (_Run made the list)
        self.opt_index = _positions(opt.params, params)  # fit checked opt.params ⊆ params
        # λ·W over the weights only; without l2 the mask is never read (and a mask of a
        # network's 13,002 parameters is milliseconds of the set-up)
        self.weight_mask = np.zeros(0)
        if l2:
            weight_ids = {id(w) for w in self.weights}
            self.weight_mask = np.array([float(id(p) in weight_ids) for p in params])
        if dtype is np.float32:
            _check_fits_float32(Xa, "X")
            _check_fits_float32(self.Y, "y", targets=ya.ndim == 1)
            big = [p for p in params if not abs(p.data) <= FLOAT32_MAX]
            if big:
                raise ValueError(
                    f"fit: parameter {self.names[id(big[0])]} is {float(big[0].data)!r}, beyond "
                    f"float32's range (±3.4e38): train with dtype='float64'"
                )
        self.largest = FLOAT32_MAX if dtype is np.float32 else None
        self.cannot = "the loss or its gradient cannot be computed" + (
            " in float32, whose numbers end at ±3.4e38 (dtype='float64' may not overflow)"
            if dtype is np.float32
            else ""
        )

        recording = Recording()

        def one_sample(x: list[Value], t: list[Value]) -> list[Value]:
            with recording.watching(x, t):
                out = _forward(model, x)
                recording.part = "loss"
                return [loss_fn.sample(out, t), *out]

        self.one_sample = one_sample
        self.reduction: Literal["sum", "mean"] = "sum" if loss_fn.reduction == "sum" else "mean"
        # The check replays these samples and rebuilds each on the eager engine: a few,
        # spread over the data set, so that a data-dependent branch shows up at once.
        probe = np.unique(np.linspace(0, len(Xa) - 1, num=min(16, len(Xa))).astype(np.intp))
        self.probe = probe  # checked again after a callback that changed the model
        try:  # the check feeds the samples as plain numbers, as eager training does
            self.traced = trace(
                one_sample, Xa[0], self.Y[0], params=params, check=True, check_inputs="numbers"
            )
            self.traced.outputs_and_grad(Xa[probe], self.Y[probe], reduction=self.reduction)
        except ENGINE_REFUSALS as exc:
            raise _CheckMetNonFinite from exc
        except TraceMismatchError as exc:  # the same class, with what to do in fit
            advice = (
                recording.advice(type(loss_fn).__name__, exc.kind)
                if isinstance(exc, UntraceableRead)
                else None
            )
            raise _at_row(  # (its fields kept: UntraceableRead's node, kind and how)
                exc,
                f"{exc}. fit(compiled=True) replays one recorded graph for every sample: "
                + (
                    advice
                    or "train this model with compiled=False (the eager engine follows its "
                    "Python on each sample)"
                ),
            ) from exc
        # the replay keeps the parameters in the trace's order (a layer's weights side by
        # side): the weight mask follows that order while an epoch runs
        order = self.traced.order
        if l2:
            self.weight_mask = self.weight_mask[order]
        column = np.empty_like(order)
        column[order] = np.arange(len(order))  # params[j] sits in column[j]
        cols = column[self.opt_index]  # opt.params[i] sits in cols[i]
        # SGD's and Adam's own rules run in that column order too, their velocity, m and
        # rms reordered with the parameters (Optimizer._in_order), so that a step updates
        # the vector in place, without a gather and a scatter. Any other rule (a
        # subclass's too) is handed its parameters in params' order, gathered from the
        # columns and scattered back, as step() hands them: its state may be kept in any
        # form — a Python list of per-parameter scales, say, which a reordering would
        # have left in params' order (scaling each parameter by another's number), and
        # which no reordering can tell from a list that merely has len(params) entries.
        # A gathered grad is also the rule's own copy, which it may change in place
        # (np.clip(grad, -c, c, out=grad)), as eager training lets it.
        self.in_columns = type(opt) in (SGD, Adam)
        self.opt_perm: np.ndarray | None = None
        if self.in_columns:
            self.opt_perm = np.argsort(cols, kind="stable")  # opt.params in column order
            cols = cols[self.opt_perm]
        self.opt_cols = cols
        self.opt_all = self.in_columns and np.array_equal(cols, np.arange(len(order)))
        # what the model held when traced and checked (after the check: a counter the
        # forward keeps has moved), for follows_model: kept when a callback may change it
        self.fingerprint = _fingerprint(model) if followed else None
        self.program_key: tuple[Any, ...] | None = None  # the replayed program's, when asked

    def model_unchanged(self) -> bool:
        """Whether the model's :func:`_fingerprint` is the one this run was checked
        with: no attribute of a module changed, no parameter Value was replaced (one
        fingerprint costs ~0.2 ms for a 2-16-16-1 MLP, ~1 ms for 784-16-16-10)."""
        return _fingerprint(self.model) == self.fingerprint

    def follows_model(self) -> bool:
        """Whether the model's forward, then the loss, still compute what this run
        replays, after a callback that kept the parameter Values.

        Asked when :meth:`model_unchanged` could not say (the model's
        :func:`_fingerprint` — what its modules hold, arrays by their numbers — changed):
        two steps, the second only when the first cannot tell. Row 0's graph is recorded again
        (one forward pass) and compared with the program replayed, every op, wire and
        constant bit for bit; another program (an activation; a number or an array
        written in place, read as constants): no, and fit makes a new run, traced and
        checked. The same program: the trace's check against the eager engine on the
        sixteen probe samples runs again, as a new run's does — row 0's graph is one
        sample's, and a change that sends another sample down another branch (a forward
        reading ``.data``, which a trace cannot watch) records the same program for row
        0 (the check, not the recording, saw this at the start). Agreed: yes, without a
        new trace. A recording or a check that fails (a mismatch, a number refused) is a
        no: the new run's trace and check say why, as they would at the start."""
        x = [Value(v) for v in self.Xa[0].tolist()]
        t = [Value(v) for v in self.Y[0].tolist()]
        try:
            with watching_reads([*x, *t, *self.params]):
                outputs = self.one_sample(x, t)
            program, _ = record([x, t], self.params, outputs)
        except Exception:
            return False
        if self.program_key is None:  # once per run, not once per changed callback
            self.program_key = _program_key(self.traced.program)
        if _program_key(program) != self.program_key:
            return False
        self.traced.check_pending = True  # the same check a new run's first replay makes
        try:
            self.traced.outputs_and_grad(
                self.Xa[self.probe], self.Y[self.probe], reduction=self.reduction
            )
        except Exception:
            return False
        # after the recording and the check: a counter the forward keeps has moved
        self.fingerprint = _fingerprint(self.model)
        return True

    def evaluate(self, X: Any, y: Any) -> tuple[float, float]:
        """(loss, accuracy) on a data set, as :func:`evaluate` gives, by one replay."""
        Y = target_matrix(y, self.k, self.loss_fn.name)
        out = self.traced.forward(np.asarray(X, dtype=float), Y)
        loss = float(out[:, 0].mean() if self.loss_fn.reduction == "mean" else out[:, 0].sum())
        per_label = by_label(self.loss_fn, np.asarray(y), self.k)
        return loss, accuracy_arrays(out[:, 1:], Y, *self.cuts, per_label)

    def _failing_sample(self, Xb: np.ndarray, Yb: np.ndarray, q: np.ndarray) -> int | None:
        """The first sample of a batch whose outputs or loss the replay cannot compute
        (None: they all can, and the gradient is what fails), by bisection: the replay
        of the batch's first m samples fails when one of them does."""

        def fails(m: int) -> bool:
            try:
                self.traced.run([Xb[:m], Yb[:m]], q, None)
            except ENGINE_REFUSALS:
                return True
            return False

        return first_failing(len(Xb), fails)

    def failing_row(self, X: np.ndarray, y: np.ndarray) -> int | None:
        Y = target_matrix(y, self.k, self.loss_fn.name)
        return self._failing_sample(
            np.asarray(X, dtype=float), Y, self.traced.param_values()[self.traced.order]
        )

    def _column_order(self) -> tuple[dict[str, Any], Callable[[], None]]:
        """For an epoch, SGD and Adam see their parameters in the replay's column order
        (``params`` and their per-parameter arrays, such as momentum, permuted alike by
        :meth:`Optimizer._in_order`; another optimizer is not reordered), so a step
        updates the vector in place, without a gather and a scatter. Returns the
        attributes to set for that, in one ``dict.update`` (a C call, which Ctrl-C
        cannot split), and the function that puts them back, which may safely run
        twice.

        The epoch sets and puts back in its own ``try``/``finally``, not through a
        context manager: Ctrl-C landing in a context manager's ``__enter__`` or
        ``__exit__`` frame would keep it, and the optimizer in column order, alive in
        the traceback a notebook holds — each parameter paired with another's momentum
        if training then went on."""
        opt, perm = self.opt, self.opt_perm
        if perm is None:  # a rule of the user's: run in params' order, nothing to swap
            return {}, lambda: None
        params = opt.params
        ordered = [params[i] for i in perm.tolist()]
        swapped = opt._in_order(perm)
        swapped["params"] = ordered
        inverse = np.argsort(perm)

        def put_back() -> None:
            if opt.params is not ordered:
                return  # never swapped, or already put back
            back = opt._in_order(inverse)  # also what the update created in column order
            back["params"] = params
            opt.__dict__.update(back)

        return swapped, put_back

    def epoch(
        self, batch_size: int | None, shuffle: bool, rng: np.random.Generator
    ) -> Generator[BatchResult, None, None]:
        traced, opt, reduction, dtype = self.traced, self.opt, self.reduction, self.dtype
        cols, l2, largest = self.opt_cols, self.l2, self.largest
        # the replay checks its gradient (finite, in float64 or float32); with l2 the
        # gradient + λ·W can still overflow, so step_arrays checks that sum again
        step = opt.step_arrays if l2 else opt._checked_update
        threshold, cut = self.cuts
        per_label = by_label(self.loss_fn, self.ya, self.k)
        mean = reduction == "mean"
        q = traced.param_values()[traced.order]  # float64, in the replay's column order
        swapped, put_back = self._column_order()
        # the gradient of the epoch's last step taken, put into the parameters' grad at
        # its end (in the trace's order, as q): ``trying`` holds the batch's gradient with
        # the step count k before its step, which tells whether the step was taken
        # however the epoch stops — a refusal, an error, Ctrl-C just after the count
        taken: np.ndarray | None = None
        trying: tuple[np.ndarray, int] | None = None
        rows: np.ndarray | None = None
        try:
            opt.__dict__.update(swapped)
            # the batches' row numbers (y given as 0, 1, …, n−1), each batch's targets taken
            # by them: a refusal names the sample by its row of X
            numbers = np.arange(len(self.Y))
            for Xb, rows in batches(self.Xa, numbers, batch_size, shuffle, rng, dtype=dtype):
                Yb = self.Y[rows]
                # q within float32's range: checked at the start, and every step is
                # refused that would leave it (the step's ``largest``). The targets are
                # cast per batch: accuracy compares the float64 ones, as eager does.
                qd, Yd = (q, Yb) if dtype is np.float64 else (q.astype(dtype), Yb.astype(dtype))
                try:  # the inputs and q are finite and checked: a value is not
                    out, grads = traced.run([Xb, Yd], qd, reduction)
                except ENGINE_REFUSALS as exc:
                    j = self._failing_sample(Xb, Yd, qd)
                    # the model's Values hold the epoch's first weights: the neuron is
                    # found with this step's (those the model is left with, as eager)
                    traced.set_param_values(traced.in_params_order(q))
                    raise self._engine_refused(self.cannot, exc, rows, j) from exc
                assert grads is not None
                with np.errstate(over="ignore", invalid="ignore"):  # checked just below
                    cost = float(np.add.reduce(out[:, 0], dtype=np.float64))  # as .sum()
                    if mean:
                        cost /= len(out)
                    if l2:  # λ/2·ΣW² and its gradient λ·W, over the weights only
                        w = self.weight_mask * q
                        cost += 0.5 * l2 * float(w @ w)
                        grads = grads + l2 * w  # λ·W may overflow: checked by step_arrays
                    if not math.isfinite(cost):
                        raise NonFinite(_batch_loss_said(cost, out[:, 0], rows))
                    trying = (grads, opt.steps)
                    try:  # changes the vector only when every new number is finite
                        if self.opt_all:
                            step(q, grads.astype(np.float64, copy=False), largest)
                        else:
                            sub = q[cols]
                            try:
                                step(sub, grads[cols].astype(np.float64, copy=False), largest)
                            finally:
                                # the new columns, or the old ones if the step was
                                # undone: a step taken is kept even if Ctrl-C follows
                                q[cols] = sub
                    except NonFiniteStep as exc:
                        raise self._refused(exc) from exc
                    taken = grads
                score = accuracy_arrays(out[:, 1:], Yb, threshold, cut, per_label)
                yield BatchResult(cost, score, len(Yb))
        except NonFinite as exc:
            exc.batch = rows  # the failing batch's rows: the diagnosis asks of them
            raise
        finally:
            # the optimizer back in its own order, and the steps taken into the model with
            # the last one's gradient, again if Ctrl-C cuts this short once (the retry is
            # written out here: Ctrl-C can also land as a helper is entered)
            try:
                put_back()
                traced.set_param_values(traced.in_params_order(q))
                self._leave_gradient(taken, trying)
            except KeyboardInterrupt:
                put_back()
                traced.set_param_values(traced.in_params_order(q))
                self._leave_gradient(taken, trying)
                raise

    def _leave_gradient(
        self, taken: np.ndarray | None, trying: tuple[np.ndarray, int] | None
    ) -> None:
        """Write the gradient of the epoch's last step taken (in the trace's order) into
        the parameters' grad, as eager training leaves it: ``trying``'s when its step was
        counted, else ``taken`` (None: no step taken in this epoch, nothing written)."""
        if trying is not None and self.opt.steps > trying[1]:
            taken = trying[0]
        if taken is not None:
            write_grads(self.traced.params, self.traced.in_params_order(taken).tolist())


def _batch_loss_said(cost: float, losses: np.ndarray, rows: np.ndarray) -> str:
    """Why a compiled batch's loss ``cost`` is not finite, every sample's loss being a
    float (the replay refuses one that is not): where their sum is beyond a float, that,
    and the largest loss's row of X — eager training refuses the same sum (a vsum's
    OpOverflow, naming its term); "the loss is inf" alone read as if a sample's were.
    Otherwise (l2's ½λ·ΣW² beyond a float) the loss alone."""
    with np.errstate(over="ignore", invalid="ignore"):
        total = float(np.add.reduce(losses, dtype=np.float64))
    if math.isfinite(total):
        return f"the loss is {cost!r}"
    j = int(np.argmax(np.abs(losses)))
    return (
        f"the loss is {cost!r}: the {len(losses)} samples' losses of this batch sum beyond "
        f"a float (±1.8e308); the largest, {float(losses[j]):.3g}, is at X row "
        f"{int(rows[j])} (row {j} of this batch; rows count from 0)"
    )


def _program_key(program: Program) -> tuple[Any, ...]:
    """What a replay of ``program`` computes, as a value to compare: its variables,
    equations (each op by identity, its wiring and its ``arg``) and outputs, every
    number by its bits (so that -0.0 is not 0.0, and a nan equals itself); not the
    labels, which only name things in messages."""

    def exact(v: Any) -> Any:
        if isinstance(v, float):  # np.float64 too
            return (float, struct.pack("<d", v))
        if isinstance(v, tuple):  # Constant, SumArg, DotArg, a tuple of numbers
            return (type(v), tuple(map(exact, v)))
        if isinstance(v, np.ndarray):
            return (np.ndarray, v.dtype.str, v.shape, v.tobytes())
        if v is None or isinstance(v, (int, np.integer)):
            return (type(v), v)
        return (type(v), repr(v))

    return (
        program.input_vars,
        program.param_vars,
        program.const_vars,
        exact(program.const_values),
        tuple((id(e.op), e.inputs, e.output, exact(e.arg)) for e in program.equations),
        program.outputs,
    )


def _positions(some: list[Value], params: list[Value]) -> np.ndarray:
    """Where each of ``some`` sits in ``params`` (every one of them is there, and
    ``params`` lists each once: fit de-duplicates tied ones). The usual case, an
    optimizer given ``model.parameters()``, is one pass comparing identities instead of a
    dictionary of 13,002 ids and a lookup per parameter."""
    if len(some) == len(params) and all(map(operator.is_, some, params)):
        return np.arange(len(params), dtype=np.intp)
    position = {id(p): i for i, p in enumerate(params)}
    return np.array([position[id(p)] for p in some], dtype=np.intp)


def _check_fits_float32(A: np.ndarray, what: str, targets: bool = False) -> None:
    """float32 replay: every input (``what`` = "X") or target ("y", a row per sample)
    must be a finite float32, |x| ≤ 3.4e38. A target is named as accuracy names it,
    "y target 2" (``targets``: y was one number per sample, of which ``A`` holds rows of
    one) or "y target 2 column 1"; "y row 2 column 0" was said of y = [0, 1, 1e39]."""
    if A.dtype.itemsize <= 4 and A.dtype.kind not in "iu":
        return  # float32 or smaller: fits
    cell = first_cell(A, lambda part: np.abs(part) > FLOAT32_MAX)
    if cell is not None:
        r, c = cell
        place = f"row {r} column {c}" if what == "X" else target_place((r, c)[: 2 - targets])
        raise ValueError(
            f"fit: {what} {place} is {float(A[r, c])!r}, beyond "
            f"float32's range (±3.4e38): train with dtype='float64'"
        )
