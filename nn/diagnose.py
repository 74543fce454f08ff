"""What ``fit`` says when training meets a number it refuses: where it arose, and why.

The engine refuses a nan or infinite number where it arises, naming a node (an
"unlabelled 'dot' node"); the optimizer refuses a step naming a place in its list; the
replay names "sample j" of a shuffled batch; the trace refuses a read of ``input1[0]``.
None of these is how the user knows the model and the data. This module says it their
way: the parameter by the model's name for it; the row of X whose loss cannot be
computed (the batch's samples computed again one by one, or the replay of the batch
bisected), and in an MLP the neuron that meets the number, or "the loss"; whether that
row is an outlier; whether the learning rate is to blame, or a schedule that gives no
rate, or an optimizer's own state; which validation row stops training; which X or
target column a traced model or loss read as a number. It runs on an error's path only:
:mod:`nn.train` raises what it builds, with the epoch and batch.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any, Literal

import numpy as np

from autograd_mini import DomainError, Value, no_grad
from autograd_mini.read_watch import READ_WATCH, ReadKind
from nn.checks import check_number
from nn.data import batches
from nn.layers import MLP
from nn.losses import Loss
from nn.module import Module
from nn.optim import SGD, Adam, NonFiniteStep, Optimizer

__all__ = [
    "ENGINE_REFUSALS",
    "NonFinite",
    "Recording",
    "RowSizes",
    "batch_outlier",
    "decay_growth",
    "divergence_cause",
    "earlier_outlier",
    "engine_refused",
    "first_failing",
    "loss_fails",
    "neuron_at",
    "outlier",
    "row_peaks",
    "rows_seen",
    "schedule_refusal",
    "step_refused",
    "validation_refused",
]

ENGINE_REFUSALS = (DomainError, ArithmeticError)
"""What the engine raises when a value, a local derivative or a gradient would be nan or
infinite (its overflow and division errors are also ArithmeticErrors)."""


class NonFinite(Exception):
    """Raised inside a run's epoch: what went non-finite in the current step (fit adds
    where); the step has changed no weight. ``stepping``: the update itself made the
    number, not the loss or the gradient before it; ``refused``: then which number the
    optimizer refused (:attr:`NonFiniteStep.what`: ``"parameter"`` is the only one the
    learning rate makes); ``row``: the row of X whose loss could not be computed, when
    the number arose in one sample's forward pass (None: the gradient, a batch's sum,
    or a row not found); ``gradient``: the refused step's gradient of that parameter, if
    known, and ``value`` the number the step would have made. ``batch``: the rows of X
    in the failing batch, set by the epoch that raises it (None: not known), where the
    diagnosis looks for an outlier whose gradient made the number."""

    def __init__(
        self,
        message: str,
        stepping: bool = False,
        refused: str | None = None,
        row: int | None = None,
        gradient: float | None = None,
        value: float | None = None,
    ) -> None:
        super().__init__(message)
        self.stepping, self.refused, self.row = stepping, refused, row
        self.gradient, self.value = gradient, value
        self.batch: np.ndarray | None = None


def step_refused(exc: NonFiniteStep, name: str, opt: Optimizer) -> NonFinite:
    """The optimizer's refusal, with the parameter named as the model names it (``name``)."""
    if exc.what == "gradient":
        return NonFinite(f"the gradient of parameter {name} is {exc.value!r}")
    if exc.what == "parameter":
        beyond = "" if not math.isfinite(exc.value) else ", beyond float32's ±3.4e38"
        return NonFinite(
            f"the step would make parameter {name} {exc.value!r}{beyond}",
            stepping=True,
            refused=exc.what,
            gradient=exc.gradient,
            value=exc.value,
        )
    if exc.what == "decayed gradient":
        return NonFinite(
            f"the gradient plus weight decay (g + λ·W) of parameter {name} is {exc.value!r}",
            stepping=True,
            refused=exc.what,
        )
    return NonFinite(
        f"the step would make {type(opt).__name__}'s {exc.what} for parameter {name} {exc.value!r}",
        stepping=True,
        refused=exc.what,
    )


def engine_refused(
    what: str,
    exc: Exception,
    names: dict[int, str],
    model: Module,
    X: np.ndarray,
    rows: np.ndarray | None = None,
    j: int | None = None,
) -> NonFinite:
    """The engine's or the replay's refusal of a step. When the node it names is a
    parameter, the model's name for it (``names``, by id) is added: the engine knows only
    its label, the replay its place in the trace's list. ``j``: the sample of the batch
    whose loss could not be computed, named by its row of X (``rows``: the batch's rows,
    in the shuffled order it was drawn in) — the replay says "sample j", a place in the
    batch, which says nothing of where that sample is in X."""
    node = getattr(exc, "node", None)
    name = names.get(id(node)) if node is not None else None
    also = f"; that is parameter {name}" if name is not None else ""
    row = None if rows is None or j is None else int(rows[j])
    at = "" if row is None else f", at X row {row} (row {j} of this batch; rows count from 0)"
    if row is not None:
        at += neuron_at(model, X[row])
    return NonFinite(f"{what} ({exc}{also}){at}", row=row)


def neuron_at(model: Module, x: np.ndarray) -> str:
    """Where in an MLP the sample ``x`` first meets a number the engine refuses, as the
    model names it (``, in layers.0.neurons.3``): the engine and the replay know the node
    only as an "unlabelled 'dot' node". Each neuron is computed again, layer by layer,
    on this one sample (an error's path only). Empty for another module, or when no
    neuron fails; when every output is computed, the loss is named instead."""
    if not isinstance(model, MLP):
        return ""
    h: list[Any] = x.tolist()
    with no_grad():
        for i, layer in enumerate(model.layers):
            out = []
            for j, neuron in enumerate(layer.neurons):
                try:
                    out.append(neuron(h))
                except ENGINE_REFUSALS:
                    return f", in layers.{i}.neurons.{j} (layer {i}, neuron {j})"
            h = out
    return ", in the loss (the model's outputs for it are finite)"


def schedule_refusal(opt: Optimizer, k: int) -> str | None:
    """What is wrong with the learning-rate schedule's rate for step k, asked again (a
    step that met an error does not say whose it was: a schedule's, or the update
    rule's); None for a rate that is fine, or a number, not a schedule."""
    if not callable(opt.lr):
        return None
    try:
        check_number(opt.lr(k), f"lr({k})", type(opt).__name__)
    except Exception as exc:
        said = str(exc) if isinstance(exc, ValueError) else f"{type(exc).__name__}: {exc}"
        return f"the learning-rate schedule gives no rate for step k = {k} ({said})"
    return None


def validation_refused(
    model: Module, opt: Optimizer, Xv: np.ndarray, row: int | None, said: str
) -> str:
    """Why the validation loss after an epoch cannot be computed (``said``: the engine's
    error, or the number it is, in brackets), at validation row ``row`` (None: not
    found), for fit's :class:`~nn.train.TrainingStopped`."""
    at = "" if row is None else f", at validation X row {row}{neuron_at(model, Xv[row])}"
    big = None if row is None else outlier(Xv, row, "the validation set's")
    return (
        f"the validation loss cannot be computed{said}{at}. The model keeps the "
        f"weights of the epoch's steps; history holds the epochs before it. "
        + (
            big
            if big is not None
            else "The weights after this epoch give this number on the validation set: if "
            "they have grown large, the learning rate may be too large "
            f"(lr = {opt.last_lr:g})"
        )
    )


#: How many times the median row's largest |x| a row's own must exceed to be named as an
#: outlier. Measured (nn.data, 20 seeds each): the largest ratio of any row is 1.0 on
#: the digits as loaded (pixels in [0, 1]), 16 on the standardised digits and 41 on a
#: digits test set standardised with its training set's statistics (a pixel rarely
#: inked), 3.2 on moons(200, noise=0.3) and 2.6 standardised — 24 times below this at
#: the closest; 40 runs diverging on purpose (lr = 50 on moons, 200 on the digits) had
#: no row named. A row corrupted to 1e160 or 1e300 is named where it fails; one of 1e4
#: to 1e50 made training diverge on another row (the weights thrown far by its step),
#: where :func:`divergence_cause` names it among the rows of the call's earlier batches.
OUTLIER_RATIO = 1000.0


def row_peaks(X: np.ndarray) -> np.ndarray:
    """Each row's largest |x|: one pass over X."""
    return np.concatenate(
        [np.abs(X[s : s + 4096]).max(axis=1) for s in range(0, len(X), 4096)]
    )  # (in blocks: |X| at once would be a copy of X)


class RowSizes:
    """The rows' sizes an outlier is judged by, worked out once for every question a
    diagnosis asks: ``peaks``, each row's largest |x| (:func:`row_peaks`), and
    ``typical``, their median over the rows that are not all 0 with words for it (None
    when every row is all 0, or nan). ``whose``: how the words name X."""

    def __init__(self, X: np.ndarray, whose: str = "X's") -> None:
        self.peaks = row_peaks(X)
        some = self.peaks[self.peaks > 0]  # (a nan row's peak is nan: left out too)
        self.typical: tuple[float, str] | None = None
        if len(some):
            median = f"{whose} median row" + (
                " (of those not all 0)" if len(some) < len(self.peaks) else ""
            )
            self.typical = float(np.median(some)), median


def outlier(
    X: np.ndarray, row: int, whose: str = "X's", sizes: RowSizes | None = None
) -> str | None:
    """Words for ``row`` of X when its numbers are far larger than the other rows' —
    its largest |x| over 1,000 times the median row's — which would give a nan or
    infinite number with any reasonable weights; None for a row like the others.

    The median is taken over the rows that are not all 0: in sparse or indicator data
    most rows are, and a median of 0 made every other row an outlier. ``sizes``:
    :class:`RowSizes` of X, if known."""
    sizes = RowSizes(X, whose) if sizes is None else sizes
    scale = sizes.typical
    peak = float(sizes.peaks[row])
    if scale is None or not peak > OUTLIER_RATIO * scale[0]:
        return None
    return (
        f"That row holds a number of size {peak:.3g}, over 1,000 times the largest of "
        f"{scale[1]} ({scale[0]:.3g}): it gives this number whatever the learning "
        f"rate; scale the inputs (standardise X) or drop the row"
    )


def earlier_outlier(
    X: np.ndarray,
    seen: np.ndarray | None,
    lr: float,
    trained_before: bool = False,
    sizes: RowSizes | None = None,
) -> str | None:
    """Words for the largest outlier (see :func:`outlier`) among ``seen``, the rows of X
    in this call's batches before the failing step: its step can blow the weights up while
    staying finite, and a later batch then overflows on an ordinary row — not the
    learning rate's doing. When those rows hold none and the optimizer had taken steps
    before this call (``trained_before``), the largest outlier of X, which an earlier call
    may have trained on (a loop of one-epoch calls: the call that meets the overflow may
    not have reached that row yet), is named as a possibility. None when no such row is
    an outlier (a first call is never told of a row it did not reach). ``sizes``:
    :class:`RowSizes` of X, if known."""
    sizes = RowSizes(X) if sizes is None else sizes
    peaks, scale = sizes.peaks, sizes.typical
    if scale is None:
        return None
    every = np.arange(len(X)) if trained_before else None
    for rows, earlier in ((seen, True), (every, False)):
        found = _outliers(peaks, scale[0], rows)
        if not found:
            continue
        row = found[0]
        peak = float(peaks[row])
        where, step = (
            (", in an earlier batch of this call,", "the step on its batch probably blew")
            if earlier
            else ("", "if an earlier fit call trained on it, the step on its batch may have blown")
        )
        return (
            f"X row {row}{where} holds a number of size {peak:.3g}, over 1,000 times the "
            f"largest of {scale[1]} ({scale[0]:.3g}): {step} the weights up, so that an "
            f"ordinary row now gives this number (lr = {lr:g}); scale the inputs "
            f"(standardise X) or drop that row"
        )
    return None


def _outliers(peaks: np.ndarray, typical: float, rows: np.ndarray | None) -> list[int]:
    """The rows among ``rows`` (None: none) whose largest |x| is over 1,000 times
    ``typical``, the largest first."""
    if rows is None or not len(rows):
        return []
    rows = np.asarray(rows)
    big = rows[peaks[rows] > OUTLIER_RATIO * typical]  # (a nan peak is not above)
    return [int(r) for r in big[np.argsort(-peaks[big], kind="stable")]]


def batch_outlier(rows: np.ndarray | None, sizes: RowSizes) -> str | None:
    """Words for the outliers (see :func:`outlier`) among ``rows``, the failing batch's
    rows of X (``sizes``: :class:`RowSizes` of X), by their row numbers in X, the
    largest first: "X row 16, in this batch, holds a number of size 1e+154, over 1,000
    times …". A step on such a batch has a
    gradient as large as the row's numbers (or their square, through a squared error),
    whatever the learning rate. None when the batch holds none (or is not known)."""
    peaks, scale = sizes.peaks, sizes.typical
    if scale is None:
        return None
    found = _outliers(peaks, scale[0], rows)
    if not found:
        return None
    named = ", ".join(map(str, found[:5])) + (
        f" (and {len(found) - 5} more)" if len(found) > 5 else ""
    )
    which = (
        "X row {}, in this batch, holds" if len(found) == 1 else "X rows {}, in this batch, hold"
    )
    return (
        f"{which.format(named)} a number of size {float(peaks[found[0]]):.3g}, over 1,000 "
        f"times the largest of {scale[1]} ({scale[0]:.3g})"
    )


def rows_seen(
    n: int, epoch: int, done: int, batch_size: int | None, shuffle: bool, rng: np.random.Generator
) -> np.ndarray:
    """The rows of X in the batches a call took before batch ``done`` of epoch ``epoch``
    (both from 0): every row after the first epoch; in the first, the first ``done``
    batches drawn again from ``rng``, a copy of the generator as the call began."""
    if epoch > 0:
        return np.arange(n)
    if not done:
        return np.arange(0)
    size = batch_size or n
    return np.concatenate(
        [
            rows
            for _, rows in islice(batches(np.zeros((n, 0)), np.arange(n), size, shuffle, rng), done)
        ]
    )


def divergence_cause(
    opt: Optimizer,
    exc: NonFinite,
    X: np.ndarray,
    seen: np.ndarray | None = None,
    trained_before: bool = False,
    l2: float = 0.0,
) -> str:
    """What fit says made the number ``exc`` names, from which number it is: the learning
    rate only for a parameter a step with lr > 0 would make (or a loss or gradient after
    steps with lr > 0 have moved the weights, at a row of X like the others); a
    parameter made nan by lr = 0, the weight decay's g + λ·W, an optimizer's own array
    (SGD's velocity, Adam's m and rms), a row of X whose numbers are far larger than the
    rest's, and any number met before a step or with a learning rate of 0 throughout
    are computed without it. ``seen``: the rows of X in this call's steps before this one
    (:func:`rows_seen`): an outlier among them, whose finite step blew the weights up, is
    named when the failing row is ordinary (``trained_before``: the optimizer had taken
    steps before this call, so any row of X may have thrown the weights). ``l2``: fit's
    λ, which with SGD's own weight_decay can make the weights grow by itself
    (:func:`decay_growth`)."""
    name = type(opt).__name__
    sizes = RowSizes(X)  # one pass over X, and one median, for every question below
    # the failing batch's outliers: a step's gradient (or a batch's loss) as large as
    # their numbers, whatever the learning rate
    here = batch_outlier(exc.batch, sizes) if exc.row is None else None
    scale = "scale the inputs (standardise X) or drop that row"
    if not exc.stepping:
        row = exc.row
        big = outlier(X, row, sizes=sizes) if row is not None else None
        if here is not None:
            big = f"{here}: it gives this number whatever the learning rate; {scale}"
        inputs = "the inputs" if row is None else f"the inputs (X row {row})"
        if opt.steps == 0:  # before any step: not the learning rate
            return (
                f"No step had been taken yet, so the learning rate is not the cause: "
                f"{inputs}, the starting weights or l2 give this number"
                + (f". {big}" if big else " (standardising X, say, keeps the numbers small)")
            )
        if not callable(opt.lr) and opt.lr == 0.0:  # no step has moved by the rate
            return (
                f"The learning rate is 0, so it is not the cause: {inputs}, the weights or "
                f"l2 give this number" + (f". {big}" if big else "")
            )
        if big is not None:
            return big
        # (the rate of the last step taken: a schedule's next one has moved nothing)
        earlier = earlier_outlier(X, seen, opt.last_lr, trained_before, sizes)
        if earlier is not None:
            return earlier
    elif exc.refused == "decayed gradient":
        return (
            f"The learning rate is not the cause: g + λ·W overflows with this parameter and "
            f"{name}'s weight_decay λ = {getattr(opt, 'weight_decay', None)!r}: use a smaller "
            f"weight_decay (or scale the data, if the gradient is the large part)"
            + ("" if here is None else f". {here}: {scale}")
        )
    elif exc.refused != "parameter":
        if type(opt).update in (SGD.update, Adam.update):
            return (
                f"The learning rate is not the cause: {name}'s {exc.refused} is computed from "
                f"the gradients alone, and they are too large for it (scale the inputs or "
                f"the targets — standardising X and y, say — or use a smaller momentum)"
                + ("" if here is None else f". {here}: {scale}")
            )
        return (
            f"{name}'s {exc.refused} is its own state, which its update rule computes from "
            f"the gradients (and perhaps the learning rate, lr = {opt.current_lr:g})"
        )
    elif opt.current_lr == 0.0:
        return (
            f"The learning rate is 0, so it is not the cause: {name}'s update rule moved "
            f"the parameter by a number that is not finite"
        )
    # the rate of the steps that moved the weights: a loss or gradient that overflows
    # comes after the last step taken (a schedule's next rate, lower, took no step)
    lr = opt.current_lr if exc.stepping else opt.last_lr
    if here is not None:  # (a stepping refusal: the others with an outlier returned above)
        g = "" if exc.gradient is None else f" ({exc.gradient:.3g} for this parameter)"
        if isinstance(opt, Adam):  # its step is not lr times the gradient: the rate's size
            b1, b2 = opt.betas
            most = max(1.0, (1.0 - b1) / math.sqrt(1.0 - b2))
            size = "" if exc.gradient is None else f" (here {exc.gradient:.3g})"
            return (
                f"{here}: {scale}. The learning rate is too large as well (lr = {lr:g}): "
                f"Adam's step is lr times m̂/(√v̂ + ε), a number about 1 however large the "
                f"gradient{size} — a sudden large one, as this row's, raises it to "
                f"about {most:.3g} at most with betas {opt.betas} — so at this rate a step "
                f"moves a parameter by about lr from any row; try a smaller one"
            )
        if _rate_too(exc, lr, sizes):
            return (
                f"{here}: {scale}. The learning rate is too large as well (lr = {lr:g}): "
                f"even from a row the size of the median one, the step's gradient{g} "
                f"shrunk in proportion would leave the range of the numbers; try a smaller one"
            )
        return (
            f"{here}: the step's gradient{g} comes from it, and a step of lr = {lr:g} times "
            f"it leaves the range of the numbers: the row is out of scale; {scale}. This "
            f"step cannot tell whether the rate suits the other rows: if fit still diverges "
            f"without that row, the learning rate is too large as well; try a smaller one"
        )
    decay = decay_growth(opt, l2, lr)
    if decay is not None:  # the cause whatever the data; the data may add the rate's own
        return f"{decay}. If a rate below that still diverges, it is too large for this data"
    return (
        f"The learning rate is probably too large for this model and data "
        f"(lr = {lr:g}): try a smaller one"
    )


def _rate_too(exc: NonFinite, lr: float, sizes: RowSizes) -> bool:
    """Whether a step refused on a batch holding an outlier would still leave the range
    with the gradient shrunk to a median row's size: lr times the gradient times (median
    row's largest |x|) / (the batch's largest |x|) (SGD's rule: Adam's step, about lr
    whatever the gradient, is told apart). A row's gradient grows at least in proportion to
    its inputs (as their square through a squared error), so this overstates an
    ordinary row's step: a rate it finds too large is too large for the ordinary rows
    too. The range: a float's (±1.8e308) for an infinite parameter, else float32's
    (±3.4e38, a float32 replay's bound)."""
    peaks, scale = sizes.peaks, sizes.typical
    if exc.gradient is None or exc.batch is None or exc.value is None or scale is None:
        return False
    top = float(np.nanmax(peaks[exc.batch]))
    limit = float(np.finfo(np.float64 if not math.isfinite(exc.value) else np.float32).max)
    with np.errstate(over="ignore"):
        shrunk = float(np.float64(abs(lr)) * (abs(exc.gradient) * scale[0] / top))
    return not shrunk <= limit


def decay_growth(opt: Optimizer, l2: float, lr: float) -> str | None:
    """Why the weights grow whatever the data, when they do: the L2 term λ/2·ΣW² alone
    (fit's ``l2`` plus SGD's ``weight_decay``) turns an SGD step into W ← (1 − η·λ)·W,
    which grows once η·λ > 2 — with momentum μ, W_{k+1} = (1 + μ − η·λ)·W_k − μ·W_{k−1},
    once η·λ > 2(1 + μ). Nielsen's λ = 5 with η = 0.5 is such a pair: his cost divides λ
    by the number of samples, fit's does not. None for any other optimizer (Adam
    divides the pull by √v̂) or rule, and below the bound. Said first, with the rate
    that ends the growth before a smaller λ, and followed by the rate's own cause: a
    rate too large for the data diverges whatever λ is (a linear model at lr = 2500
    with λ = 1e-3 stopped at the step λ = 0 stopped at), so a smaller λ alone need not
    help."""
    if not isinstance(opt, SGD) or type(opt).update is not SGD.update:
        return None
    decay = l2 + opt.weight_decay  # (SGD's λ reaches every parameter it holds)
    momentum = opt.momentum
    bound = 2.0 * (1.0 + momentum)
    if not lr * decay > bound:
        return None
    which = " + ".join(
        name for name, v in (("l2", l2), ("SGD's weight_decay", opt.weight_decay)) if v
    )
    shrink = (
        f"multiplies the weights by 1 − lr·λ = {1.0 - lr * decay:.3g} a step"
        if not momentum
        else f"makes the weights swing from sign to sign, growing (with momentum {momentum:g})"
    )
    return (
        f"The weight decay alone makes the weights grow, whatever the data: lr·λ = "
        f"{lr:g} × {decay:g} = {lr * decay:.3g} is above {bound:g}"
        + ("" if not momentum else " = 2(1 + momentum)")
        + f", where the L2 term {shrink}. Use a learning rate below {bound:g}/λ = "
        f"{bound / decay:.3g} (the L2 term's bound), or a smaller λ ({which}; a λ from a "
        f"cost written λ/(2n)·ΣW², such as Nielsen's, is to be divided by the number of "
        f"samples n)"
    )


def loss_fails(loss_fn: Loss, outputs: list[Any], targets: list[Any], i: int) -> bool:
    """Whether the engine refuses sample i's loss alone (``outputs``: the samples'
    outputs as the loss takes them, a Value or a list of Values each)."""
    try:
        with no_grad():
            loss_fn(outputs[i : i + 1], targets[i : i + 1])
    except ENGINE_REFUSALS:
        return True
    return False


def first_failing(n: int, fails: Callable[[int], bool]) -> int | None:
    """The first of n samples that fails, where ``fails(m)`` says whether one of the
    first m does (a replay of them); None if none of the n does."""
    if not fails(n):
        return None
    lo, hi = 0, n  # none of the first lo fails; one of the first hi does
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if fails(mid):
            hi = mid
        else:
            lo = mid
    return hi - 1


class Recording:
    """While compiled training records one sample (model, then loss), which part runs
    and which Value was read last: when the trace refuses a read, fit names the culprit
    as the user knows it — X column c or target column c, read by the model's forward
    or by the loss's ``sample`` — not as the trace's input node ``input1[0]``."""

    def __init__(self) -> None:
        self.part: Literal["model", "loss"] = "model"
        self.read: Value | None = None
        self.inputs: tuple[list[Value], list[Value]] | None = None

    @contextlib.contextmanager
    def watching(self, x: list[Value], t: list[Value]) -> Iterator[None]:
        """Note each read, then hand it to the trace's own watch (which refuses it)."""
        self.part, self.read = "model", None
        if self.inputs is None:
            self.inputs = (x, t)  # the recording's inputs (the first call)
        outer = READ_WATCH.get()

        def note(v: Value | None, how: str, kind: ReadKind) -> None:
            self.read = v
            if outer is not None:
                outer(v, how, kind)

        token = READ_WATCH.set(note)
        try:
            yield
        finally:
            READ_WATCH.reset(token)

    def advice(self, loss_name: str, kind: ReadKind) -> str | None:
        """What fit says of a refused read of ``kind`` (the refusal's): whose it was and
        what to write instead (None: a read it cannot place, left to the trace's words)."""
        v, inputs = self.read, self.inputs
        if v is None or inputs is None:
            return None
        x, t = inputs
        what = next((f"X column {c}" for c, u in enumerate(x) if u is v), None)
        what = what or next((f"target column {c}" for c, u in enumerate(t) if u is v), None)
        if kind == "copy":  # not a number read: the trace's words say what to write
            where = "the model's forward" if self.part == "model" else f"{loss_name}.sample"
            of = (
                f"{what} ({v.label!r} above)"
                if what
                else "a Value computed from the sample or the parameters"
            )
            return f"{where} copies {of}: use the Value itself, not a copy of it"
        if self.part == "model":
            if what is None:
                return None
            return (
                f"the model's forward reads {what} ({v.label!r} above) as a number: train "
                f"this model with compiled=False (the eager engine follows its Python on "
                f"each sample)"
            )
        return (
            f"the read is in the loss, {loss_name}.sample(output, target), of "
            f"{what or 'a Value computed from the outputs or targets'}"
            + (f" ({v.label!r} above)" if what else "")
            + ": a choice made by comparing a target, such as a weight "
            "`3.0 if t[0] > 0.5 else 1.0`, can be written as arithmetic on it, "
            "`1 + 2 * t[0]` (3 for the label 1, 1 for the label 0), which the trace "
            "records; or train with compiled=False (the eager engine follows the loss's "
            "Python on each sample)"
        )
