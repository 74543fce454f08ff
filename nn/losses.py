"""Loss functions and the L2 penalty, built from engine ops.

Every loss takes a *batch*: ``outputs`` holds one entry per sample (a Value for a
one-output model, a list of Values otherwise) and ``targets`` one target per sample.
For a single sample, wrap both in a list: ``squared_error([model(x)], [y])``.

A target for a k-output model may be a list of k numbers or an int class index c,
which stands for the one-hot vector e_c (1 at position c, 0 elsewhere).

Each loss is a :class:`Loss` subclass defined by one per-sample rule, ``sample(output,
target) -> Value``; the batch form — checking, per-sample terms, reduction — is the base
class's, the same for every loss, and ``fit(compiled=True)`` traces the same rule. The
functions (``squared_error(outputs, targets)``, …) are one call of their class.

``reduction="mean"`` divides the batch total by the number of samples n (the seeds'
1/n Σᵢ); ``"sum"`` keeps the total. Sums are fused ``vsum``/``dot`` nodes, so a batch
loss adds only a handful of nodes per sample to the graph.
"""

from __future__ import annotations

import inspect
import math
import sys
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import Any, cast

import numpy as np

from autograd_mini import OpOverflow, Value, dot, vsum
from autograd_mini.reals import as_lists, is_integer
from nn.checks import (
    VALUE_TARGET,
    boolean_target_named,
    check_flag,
    check_number,
    finite_float,
    is_number,
    not_a_value,
    refuse_row_in_row,
    refuse_rows_of_rows,
    shown,
    target_refused,
    target_row,
)
from nn.tensors import is_tensor, read_tensors

__all__ = [
    "LOSSES",
    "BCEWithLogits",
    "CrossEntropy",
    "Hinge",
    "Loss",
    "SquaredError",
    "binary_cross_entropy_with_logits",
    "get_loss",
    "hinge",
    "l2_penalty",
    "refuse_fractions",
    "softmax",
    "softmax_cross_entropy",
    "squared_error",
    "target_matrix",
]

_REDUCTIONS = ("mean", "sum")


def check_reduction(reduction: object, where: str) -> str:
    """``reduction`` itself when it is 'mean' or 'sum', else a ValueError naming ``where``."""
    if not isinstance(reduction, str) or reduction not in _REDUCTIONS:
        raise ValueError(f"{where}: reduction must be 'mean' or 'sum', got {reduction!r}")
    return reduction


def _reduce(per_sample: list[Value], reduction: str, where: str) -> Value:
    check_reduction(reduction, where)
    total = vsum(per_sample) if len(per_sample) > 1 else per_sample[0]
    if reduction == "sum" or len(per_sample) == 1:
        return total
    return total * (1.0 / len(per_sample))


def _pairs(outputs: Any, targets: Any, where: str) -> list[tuple[list[Value], Any]]:
    """(outputs as a list of Values, raw target) for each sample, with clear errors."""
    if isinstance(outputs, Value) or not isinstance(outputs, Sequence):
        raise ValueError(
            f"{where}: outputs must be a list with one entry per sample "
            f"(wrap a single sample as [output]), got {type(outputs).__name__}"
        )
    if isinstance(targets, np.ndarray):
        refuse_rows_of_rows(targets, f"{where}: targets")
        targets = targets.tolist()
    if not isinstance(targets, Sequence) or isinstance(targets, str):
        raise ValueError(f"{where}: targets must be a list, got {type(targets).__name__}")
    if len(outputs) != len(targets):
        raise ValueError(f"{where}: {len(outputs)} outputs but {len(targets)} targets")
    if not outputs:
        raise ValueError(f"{where}: empty batch")
    pairs = []
    for i, (out, t) in enumerate(zip(outputs, targets, strict=True)):
        if isinstance(out, Value):
            vals = [out]
        elif isinstance(out, (Sequence, np.ndarray)) and not isinstance(out, (str, bytes)):
            vals = list(out)
        else:  # a number ([1.0] for [Value(1.0)]), None: no row of outputs
            raise ValueError(
                not_a_value(
                    f"{where}: output {i} is",
                    out,
                    "a loss builds a graph of Values from the model's outputs (model(x)), "
                    "through which the gradient flows; Value(x) for a constant",
                )
            )
        if not vals or not all(isinstance(v, Value) for v in vals):
            raise ValueError(f"{where}: output {i} must be a Value or a list of Values")
        pairs.append((vals, t))
    return pairs


def target_matrix(targets: Any, k: int, where: str = "targets") -> np.ndarray:
    """Targets as an (n, k) float array: class indices become one-hot rows."""
    fast = _target_matrix_array(targets, k)
    if fast is not None:
        return fast
    # lists, mixed rows, or a bad entry: sample by sample, to name the first bad one
    ts = targets.tolist() if isinstance(targets, np.ndarray) else list(targets)
    refuse_fractions(ts, k, where)
    return np.array([_target_vector(t, k, where, i) for i, t in enumerate(ts)], dtype=float)


def refuse_fractions(targets: Any, k: int, where: str) -> None:
    """For k > 1 outputs, a ValueError naming the first single-number target that is no
    class: no whole number (1.5 among labels read as floats, 0.0, 1.0, …), or a whole
    one outside 0 ≤ class < k (-1.0). Asked before the targets are checked one by one:
    target 0 (0.0) would be told "a class index must be an integer (y.astype(int))",
    advice that makes 1.5 class 1 without a word, and -1.0 the class -1 refused next.
    Worded as an integer target that is no class is (:func:`_target_vector`). The first
    target the checks one by one refuse for itself (no class, 5; None, a bool, a str)
    ends the search there, left to them, which name it first (target 0 of [5, -1.0] and
    [None, -1.0]); past a whole float in range, whose advice they would name first, an
    integer that is no class is named here, and the search goes on past anything else —
    but what it finds is named only if no target before it is refused for itself: a
    row of another length or holding a bad entry, None, a bool (target 0 of
    [[1.0], -1.0] and target 1 of [0.0, None, 1.5] for two outputs, which named -1.0
    and 1.5), :func:`_first_refused`."""
    if k < 2:
        return
    if isinstance(targets, np.ndarray):
        if targets.ndim != 1 or targets.dtype.kind not in "fO":  # rows, ints, bools
            return
        if targets.dtype.kind == "f":
            with np.errstate(invalid="ignore"):  # (nan: named as no class)
                odd = np.flatnonzero(
                    ~np.isfinite(targets)
                    | (targets != np.floor(targets))
                    | (targets < 0)
                    | (targets >= k)
                )
            if len(odd):
                i = int(odd[0])
                raise ValueError(_no_class(where, i, targets[i].item(), k))
            return
        targets = targets.tolist()
    advised = False  # a whole float in range came first: its advice would be named first
    for i, t in enumerate(targets):
        if is_integer(t):  # (first: 60,000 labels)
            if 0 <= t < k:
                continue  # a class index
            if not advised:
                return  # no class (5): named first, target by target
            _first_refused(targets, i, k, where)
            raise ValueError(_no_class(where, i, t, k))
        if is_number(t):
            f = finite_float(t)
            if f is None or f != int(f) or not 0 <= f < k:
                _first_refused(targets, i, k, where)
                raise ValueError(_no_class(where, i, t, k))
            advised = True
        elif isinstance(t, (Sequence, np.ndarray)) and not isinstance(t, (str, bytes)):
            continue  # a row, checked one by one
        elif not advised:
            return  # None, a bool, a str: named first, target by target


def _first_refused(targets: list[Any], end: int, k: int, where: str) -> None:
    """The ValueError of the first of ``targets[:end]`` refused for itself (a row of
    another length or with a bad entry, None, a bool, a str: :func:`_target_vector`'s),
    if any: :func:`refuse_fractions` passed over them to the target ``end`` it names,
    and the first bad target is to be named first. Its numbers were checked there."""
    for j, t in enumerate(targets[:end]):
        if not is_number(t):  # (an int is one: in range, or refuse_fractions stopped)
            _target_vector(t, k, where, j)


def _no_class(where: str, i: int, t: Any, k: int) -> str:
    return (
        f"{where}: target {i} is {shown(t)}, which is no class: a class index is a whole "
        f"number 0 ≤ class < {k}; or give a row of {k} numbers"
    )


def _target_matrix_array(targets: Any, k: int) -> np.ndarray | None:
    """The same rules as :func:`_target_vector`, on a whole numeric array at once; None
    when the array is not plain numbers or holds an entry the rules refuse (the caller
    then goes sample by sample, to say which one)."""
    if not isinstance(targets, np.ndarray) or len(targets) == 0:
        return None
    kind = targets.dtype.kind
    if targets.ndim == 1 and kind in "iu" and k > 1:  # class indices
        if not ((targets >= 0) & (targets < k)).all():
            return None
        out = np.zeros((len(targets), k))
        out[np.arange(len(targets)), targets] = 1.0
        return out
    if kind not in "fiu":
        return None
    if targets.ndim == 1 and k == 1:
        matrix = targets.astype(np.float64).reshape(-1, 1)
    elif targets.ndim == 2 and targets.shape[1] == k:
        matrix = targets.astype(np.float64)
    else:
        return None
    return matrix if np.isfinite(matrix).all() else None


def _target_vector(t: Any, k: int, where: str, i: int) -> list[float]:
    """A sample's target as k floats; an int class index becomes the one-hot vector. A
    PyTorch tensor is read as numpy reads it, as a list of tensors is (``[tensor(1.),
    'a']`` was refused at the tensor, not at the string)."""
    given = t
    if is_tensor(t):
        t = read_tensors(t, f"{where}: target {i}")
    if isinstance(t, np.ndarray):
        t = as_lists(t)  # (a 0-d duration kept as one: tolist() made it an int, a class)
    if isinstance(t, Value):
        raise ValueError(f"{where}: target {i} is {shown(t)}{VALUE_TARGET}")
    if isinstance(t, (bool, np.bool_)):  # fit's words: alone, it may be a class index
        raise ValueError(f"{where}: target {i} is {boolean_target_named(given, (i,))}")
    if is_integer(t) and k > 1:
        if not 0 <= t < k:  # worded as a whole float's (-1 as -1.0): refuse_fractions
            raise ValueError(_no_class(where, i, t, k))
        return [1.0 if j == t else 0.0 for j in range(k)]
    if is_number(t):
        if k > 1:  # 2.0 for "class 2" (labels read as floats), say
            raise ValueError(
                f"{where}: target {i} is the single number {shown(t)} for {k} outputs: a class "
                f"index must be an integer (y.astype(int)), or give a row of {k} numbers"
            )
        t = [t]
    if not isinstance(t, Sequence) or isinstance(t, (str, bytes)):  # b'a' is not [97]
        raise ValueError(target_refused(where, i, t))
    if len(t) != k:
        # [[1]]: a row of rows, not "a row of 1 number"
        refuse_row_in_row(t, f"{where}: targets", "target", i)
        # a column of class indices (labels shaped (n, 1)): they go flat
        index = len(t) == 1 and is_number(t[0]) and float(t[0]) in range(k)
        raise ValueError(
            f"{where}: target {i} is a row of {len(t)} number{'s' * (len(t) != 1)} for {k} "
            f"output{'s' * (k != 1)}"
            + (
                "; class indices go in a flat list or 1-D array (y.ravel())"
                if index and k > 1
                else ""
            )
        )
    return target_row(t, where, i)


def _two_values(targets: np.ndarray) -> tuple[float, float] | None:
    """The two values (low, high) of one-number targets that take exactly two, else None."""
    ta = np.asarray(targets)
    if ta.dtype.kind == "O":  # numbers numpy holds as objects (Fractions, Decimals, big ints)
        floats = [finite_float(v) for v in ta.ravel().tolist()]
        if None in floats:  # not all numbers a float holds (the loss names the bad one)
            return None
        ta = np.array(floats, dtype=np.float64).reshape(ta.shape)
    if ta.dtype.kind not in "biuf" or not (ta.ndim == 1 or (ta.ndim == 2 and ta.shape[1] == 1)):
        return None
    flat = ta.ravel()
    if len(flat) == 0:
        return None
    # the two ends, and whether every target is one of them: three passes, no sort
    # (np.unique sorted MNIST's 60,000 labels in 3.6 ms, on every fit's set-up)
    lo, hi = flat.min(), flat.max()
    if lo == hi or not np.all((flat == lo) | (flat == hi)):
        return None
    return float(lo), float(hi)


# A target entry is a float (eager training, already checked) or a Value (a traced input
# of ``fit(compiled=True)``): a per-sample rule never branches on a target.
Target = Sequence["float | Value"]


class Loss(ABC):
    """A loss is its per-sample rule, :meth:`sample`; the batch loss is derived from it.

    ``loss(outputs, targets) -> Value`` checks the batch (one output and one target per
    sample, each target a list of k finite numbers or a class index), lets the loss refuse
    a target it does not accept (:meth:`check_target`), builds each sample's term Cᵢ with
    :meth:`sample` and reduces them: ``reduction = "mean"`` gives (1/n) Σᵢ Cᵢ, ``"sum"``
    gives Σᵢ Cᵢ. ``fit(compiled=True)`` traces that same ``sample`` once and replays it on
    every batch with the same reduction, so eager and compiled training compute one loss.
    That is why a subclass may not define ``__call__``: the compiled path would never see
    it. ``threshold`` is where a one-output model's prediction flips between the two
    classes (0 for scores and logits, 0.5 for sigmoid outputs trained on 0/1 targets);
    ``target_threshold`` is where its target does, if not at ``threshold`` (binary
    cross-entropy: the outputs are logits, the targets probabilities, 0.5).
    ``per_label``: a model with k > 1 outputs gives k yes/no labels, each scored as a
    one-output model is (binary cross-entropy, hinge), and not one class by argmax.
    ``names_classes``: each target row is a distribution over the k classes, the largest
    its sample's class (softmax cross-entropy): ``fit`` and ``evaluate`` refuse a row
    whose largest number is in several places, which names no one class and which
    accuracy's argmax would count as the first of them (squared error's rows may be
    values to regress, where a tie is no mistake).
    ``min_outputs``: the fewest outputs per sample the loss works with (softmax
    cross-entropy: 2 classes); ``fit`` refuses a model with fewer, naming its count.
    """

    name = "loss"
    threshold = 0.0
    target_threshold: float | None = None
    per_label = False
    names_classes = False
    min_outputs = 1
    reduction = "mean"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "__call__" in vars(cls):
            raise TypeError(
                f"{cls.__name__} defines __call__, but a loss is its per-sample rule: the "
                f"batch loss is derived from sample() and compiled training replays "
                f"sample() alone, so a __call__ of its own would train something else. "
                f"Define sample(output, target) (and check_target(target, i) to refuse "
                f"targets) instead"
            )

    @property
    def where(self) -> str:
        """How error messages name this loss (a built-in one: by its function's name)."""
        return type(self).__name__

    def __call__(self, outputs: Any, targets: Any) -> Value:
        """The batch loss: ``reduction`` over the samples of ``sample(output, target)``."""
        where = self.where
        per_sample = []
        for i, (output, t) in enumerate(_pairs(outputs, targets, where)):
            c = self.sample(output, self.checked_target(t, len(output), i))
            if not isinstance(c, Value):  # a number: the loss would train nothing
                raise TypeError(self._not_a_value(c, i))
            per_sample.append(c)
        return _reduce(per_sample, self.reduction, where)

    def _not_a_value(self, c: object, i: int) -> str:
        """The message for ``c``, what :meth:`sample` returned for sample ``i``."""
        name = type(self).__name__
        return not_a_value(
            ("" if self.where == name else f"{self.where}: ")  # squared_error: SquaredError…
            + f"{name}.sample(output, target) for sample {i} returned",
            c,
            "sample must return the sample's term of the loss as a Value computed from the "
            "outputs (Values), for training to move the model",
        )

    def checked_target(self, t: Any, k: int, i: int) -> list[float]:
        """Target ``t`` of sample ``i`` as the k floats :meth:`sample` takes (a class index
        made one-hot), or a ValueError naming it as target ``i``: what the loss checks of
        each sample. ``fit`` asks with a target's row in the data set as ``i``."""
        target = _target_vector(t, k, self.where, i)
        self.check_target(target, i)
        return target

    @abstractmethod
    def sample(self, output: Sequence[Value], target: Target) -> Value:
        """Cᵢ, one sample's term of the batch loss, built without branching on numbers.

        ``output`` holds the sample's k outputs and ``target`` k numbers — or k Values:
        ``fit(compiled=True)`` records this graph once, with the target as a traced
        input, and replays it on every batch. So the rule must be the same graph for
        every sample: no ``if`` on a number, no number read off ``.data``.
        """

    def thresholds(self, targets: np.ndarray) -> tuple[float, float]:
        """(the outputs', the targets') threshold of a one-output model, for a data set
        whose targets are ``targets``: ``threshold`` and ``target_threshold`` by
        default. ``fit`` asks once, with the training targets, and scores the training
        batches and the validation set alike with the answer."""
        cut = self.threshold if self.target_threshold is None else self.target_threshold
        return self.threshold, cut

    def check_target(self, target: list[float], i: int) -> None:
        """Refuse, with a ValueError naming target ``i``, a target this loss does not
        accept; ``target`` is the sample's k finite floats (a class index already made
        one-hot). Accepts every target by default. ``fit`` asks it about every distinct
        target before training, so a bad label is named by its row in the data set."""
        return


class SquaredError(Loss):
    """Squared error: C = Σⱼ (aⱼ − yⱼ)² per sample, or ½Σⱼ (ŷⱼ − yⱼ)² with ``half=True``.

    Both conventions appear in the seeds: the one-neuron derivation uses (a − y), whose
    derivative 2(a − y) shows the factor 2; the BP formulas use ½‖ŷ − y‖² so that the
    output error is simply ŷ − y. With the default mean reduction this is the MSE
    cost (1/n) Σᵢ Cᵢ of mini-batch gradient descent (Nielsen's name for it, hence the
    alias ``"mse"``): summed over the k outputs, so k times PyTorch's ``MSELoss``, which
    also divides by k.
    """

    name = "squared_error"
    where = "squared_error"
    threshold = 0.5

    def __init__(
        self, half: bool = False, reduction: str = "mean", threshold: float | None = None
    ) -> None:
        self.half = check_flag(half, "half", "SquaredError")
        self.reduction = check_reduction(reduction, type(self).__name__)
        if threshold is not None:
            self.threshold = check_number(threshold, "threshold", "SquaredError", low=-math.inf)

    def thresholds(self, targets: np.ndarray) -> tuple[float, float]:
        """A one-output model trained to two target values is scored at their midpoint:
        0.5 for 0/1 labels (sigmoid outputs), 0 for ±1 labels (tanh outputs, as in
        LeCun's "Efficient BackProp"), 0 for ±0.8. A fixed 0.5 would count a tanh output
        of 0.3 for the label +1 as wrong, and the accuracy would say so without a word.
        Targets of one value, or of more than two (a regression), keep 0.5.

        ``SquaredError(threshold=t)`` — or ``threshold`` set on a subclass or an instance
        — fixes the threshold of outputs and targets alike at t, whatever the targets:
        what :func:`~nn.train.evaluate` needs to score a set holding one label only as
        training scored it."""
        fixed = self._fixed_threshold()
        if fixed is not None:
            return fixed, fixed
        values = _two_values(targets)
        if values is None:
            return self.threshold, self.threshold
        mid = values[0] / 2 + values[1] / 2  # (lo + hi)/2 would overflow near ±1.8e308
        return mid, mid

    def _fixed_threshold(self) -> float | None:
        """``threshold`` when it was set anywhere but here: on the instance (the
        constructor's ``threshold=``) or on a subclass; None for this class's own 0.5."""
        if "threshold" in vars(self):
            return float(self.threshold)
        for cls in type(self).__mro__:
            if cls is SquaredError:
                break
            if "threshold" in vars(cls):
                return float(self.threshold)
        return None

    def sample(self, output: Sequence[Value], target: Target) -> Value:
        """Σⱼ (aⱼ − yⱼ)² as one dot node (times ½ with ``half``)."""
        diffs = [aj - yj for aj, yj in zip(output, target, strict=True)]
        c = dot(diffs, diffs)
        return c * 0.5 if self.half else c


class CrossEntropy(Loss):
    """Cross-entropy of softmax(z) against target probabilities t (or a class index c).

    L = −Σⱼ tⱼ log softmax(z)ⱼ = log Σₖ e^(zₖ) − Σⱼ tⱼ zⱼ  (for Σ t = 1),
    and ∂L/∂zⱼ = softmax(z)ⱼ − tⱼ. A target is accepted when its sum is 1 within 1e-6
    (float32 rows are within about 1e-7); L is then the right side, which differs from
    the left by (1 − Σ t)·log Σₖ e^(zₖ). The log-sum-exp is computed so that nothing
    overflows and the log never sees 0 (see :meth:`sample`), for any finite logits, even
    those further apart than any float (1e308 and −1e308): a loss beyond a float (2e308
    at those logits, class 1) is refused, an OpOverflow naming the loss.
    """

    name = "cross_entropy"
    where = "softmax_cross_entropy"
    names_classes = True
    min_outputs = 2

    def __init__(self, reduction: str = "mean") -> None:
        self.reduction = check_reduction(reduction, type(self).__name__)

    def check_target(self, target: list[float], i: int) -> None:
        if len(target) < 2:
            raise ValueError(
                f"{self.where}: output {i} has {len(target)} logit; need at least 2 classes"
            )
        # to 1e-6: a row of float32 probabilities sums to 1 within about 1e-7 only, and
        # this check is there to catch a target that is not a distribution at all
        if any(v < 0 for v in target) or abs(sum(target) - 1.0) > 1e-6:
            raise ValueError(f"{self.where}: target {i} ({target!r}) is not a probability vector")

    def sample(self, output: Sequence[Value], target: Target) -> Value:
        """log Σₖ e^(zₖ) − Σⱼ tⱼzⱼ, computed as log Σₖ e^(zₖ − c) with c = Σⱼ tⱼzⱼ.

        log Σ e^(z − c) = log Σ e^z − c for any c; with c = Σⱼ tⱼzⱼ it is the loss.
        Written the first way, a well-classified sample's small loss is the difference
        of two large numbers: at z = (1000, 990), class 0, log Σ e^z = 1000.0000454
        minus 1000 keeps 7 of 16 digits, and at (1e6, 1e6 − 30) nothing (0.0 for
        9.4e-14). Shifted by the target's own logit c (for a class index, c = z_c), the
        terms are the logits' distances from it, and the loss comes out to full
        precision, log(1 + e⁻¹⁰) there. Its gradient is as before: softmax(z)ⱼ − tⱼ
        computed with the same rounding (a confident sample's is 1 − p, which rounds).
        c is a node, so a trace replays it for every sample (the usual shift by max z
        would be a number read off this one sample, which a trace would freeze).

        s ← log(eˢ + e^d), from s = d₀, one ``logaddexp`` node per logit: the op computes
        max(s, d) + log(1 + e^(−|s − d|)), so no step overflows or takes the log of 0.
        ∂L/∂zⱼ comes out as softmax(z)ⱼ − tⱼ, to rounding.

        A difference zⱼ − c need not be a float: at logits (1e308, −1e308), class 0, it
        is −2e308, and the loss, log(1 + e^(−2e308)) = 0, exists. Where the subtraction
        overflows (an OpOverflow, and only there: elsewhere dⱼ is the one node it was),
        dⱼ is formed from the half difference hⱼ = zⱼ/2 − c/2 (one dot node; never beyond
        a float, and exactly (zⱼ − c)/2 rounded), kept ≥ −K with K = 8.99e307, half the
        largest float, by ``logaddexp(hⱼ, −K)`` (which is max(hⱼ, −K) exactly: the two
        differ by 1e292 or more unless equal, so the log term is 0), and doubled:
        −1.8e308 where zⱼ − c is below every float (its e^d is 0 either way, and so is
        its gradient). A dⱼ above every float (class 1 there: the loss is 2e308) is
        refused by the doubling, an OpOverflow naming the loss. (Always formed so, the
        three nodes per logit made a batch's loss and backward pass 2.3 times as long;
        a trace recorded at ordinary logits replays the subtraction, and refuses such
        logits, naming the node.)
        """
        c = dot(output, list(target))
        s = self._difference(output, c, 0)
        for j in range(1, len(output)):
            s = s.logaddexp(self._difference(output, c, j))
        return s

    def _difference(self, output: Sequence[Value], c: Value, j: int) -> Value:
        """dⱼ = zⱼ − c; where that overflows, from the half difference kept above −K (see
        :meth:`sample`), and an OpOverflow naming the loss when dⱼ, and so the loss, is
        beyond a float."""
        try:
            return output[j] - c
        except OpOverflow:
            pass  # a difference beyond a float: below every float, or the loss is too
        g = dot([output[j], c], [0.5, -0.5]).logaddexp(-_HALF_MAX)
        try:
            return g * 2.0
        except OpOverflow as exc:
            raise OpOverflow(
                f"{self.where}: the loss is beyond a float: logit {j} exceeds the target's "
                f"logit (c = Σⱼ tⱼzⱼ) by more than 1.8e308, and the loss, log Σₖ e^(zₖ − c), "
                f"is at least that ({exc})"
            ) from exc


#: Half the largest float: a half difference is kept above −this, so that twice it is a float.
_HALF_MAX = sys.float_info.max / 2


class BCEWithLogits(Loss):
    """BCE of σ(z) against y ∈ [0, 1], from the logit z:
    L = (1 − y)·softplus(z) + y·softplus(−z).

    −y log σ(z) − (1 − y) log(1 − σ(z)) is that sum, since −log σ(z) = log(1 + e⁻ᶻ) =
    softplus(−z) and −log(1 − σ(z)) = softplus(z); the engine's ``softplus`` computes
    log(1 + eᶻ) without overflow for any logit. Both terms are ≥ 0, so no digit is
    lost: the shorter softplus(z) − y·z subtracts two numbers near z for a confident
    right answer (y = 1, z = 40: 40 − 40 = 0 where the loss is 4.2e-18, and its
    gradient 0 too). ∂L/∂z = σ(z) − y. A sample with several outputs sums their terms.
    """

    name = "bce_with_logits"
    where = "binary_cross_entropy_with_logits"
    target_threshold = 0.5  # the logit's 0 is the probability's 0.5
    per_label = True  # several outputs: a yes/no label each

    def __init__(self, reduction: str = "mean") -> None:
        self.reduction = check_reduction(reduction, type(self).__name__)

    def check_target(self, target: list[float], i: int) -> None:
        for yj in target:
            if not 0.0 <= yj <= 1.0:
                raise ValueError(f"{self.where}: target {i} is {yj!r}, expected a value in [0, 1]")

    def sample(self, output: Sequence[Value], target: Target) -> Value:
        """Σⱼ (1 − yⱼ)·softplus(zⱼ) + yⱼ·softplus(−zⱼ)."""
        terms = [
            dot([z.softplus(), (-z).softplus()], [1.0 - yj, yj])
            for z, yj in zip(output, target, strict=True)
        ]
        return terms[0] if len(terms) == 1 else vsum(terms)


class Hinge(Loss):
    """Hinge (max-margin) loss for labels y ∈ {−1, +1}: L = max(0, 1 − y·s).

    A score on the right side by a margin of at least 1 costs nothing; micrograd's
    moons demo trains with this loss. A sample with several outputs sums their terms.
    """

    name = "hinge"
    where = "hinge"
    per_label = True  # several outputs: a ±1 label each

    def __init__(self, reduction: str = "mean") -> None:
        self.reduction = check_reduction(reduction, type(self).__name__)

    def check_target(self, target: list[float], i: int) -> None:
        for yj in target:
            if yj not in (-1.0, 1.0):
                # a class index is made the one-hot row [0, …, 1, …, 0]: 0/1, not ±1
                hint = (
                    ""
                    if not all(v in (0.0, 1.0) for v in target)
                    else " (0/1 labels: hinge needs ±1 ones, 2·y − 1)"
                    if len(target) == 1
                    else " (a class index or a row of 0s and 1s: hinge needs ±1 labels, such "
                    "as 2·one_hot(y) − 1)"
                )
                raise ValueError(f"{self.where}: target {i} is {yj!r}, expected -1 or +1{hint}")

    def sample(self, output: Sequence[Value], target: Target) -> Value:
        """Σⱼ max(0, 1 − yⱼ·sⱼ)."""
        terms = [(1.0 - yj * sj).relu() for sj, yj in zip(output, target, strict=True)]
        return terms[0] if len(terms) == 1 else vsum(terms)


# The functional forms: one call of the class, for code that computes a loss once.


def squared_error(
    outputs: Any, targets: Any, *, half: bool = False, reduction: str = "mean"
) -> Value:
    """Squared error of a batch: ``SquaredError(half, reduction)(outputs, targets)``.

    C = Σⱼ (aⱼ − yⱼ)² per sample (½Σⱼ (ŷⱼ − yⱼ)² with ``half=True``), averaged over the
    batch (``reduction="mean"``, the MSE cost) or summed.
    """
    check_reduction(reduction, "squared_error")
    return SquaredError(half, reduction)(outputs, targets)


def softmax_cross_entropy(outputs: Any, targets: Any, *, reduction: str = "mean") -> Value:
    """Cross-entropy of softmax(z) against t: ``CrossEntropy(reduction)(outputs, targets)``.

    L = log Σₖ e^(zₖ) − Σⱼ tⱼ zⱼ, the log-sum-exp built with ``logaddexp`` so that it
    never overflows (see :meth:`CrossEntropy.sample`); ∂L/∂zⱼ = softmax(z)ⱼ − tⱼ.
    A target is a probability vector or a class index c (the one-hot vector e_c).
    """
    check_reduction(reduction, "softmax_cross_entropy")
    return CrossEntropy(reduction)(outputs, targets)


def binary_cross_entropy_with_logits(
    outputs: Any, targets: Any, *, reduction: str = "mean"
) -> Value:
    """BCE from logits: ``BCEWithLogits(reduction)(outputs, targets)``.

    L = (1 − y)·softplus(z) + y·softplus(−z) for y ∈ [0, 1]; ∂L/∂z = σ(z) − y.
    """
    check_reduction(reduction, "binary_cross_entropy_with_logits")
    return BCEWithLogits(reduction)(outputs, targets)


def hinge(outputs: Any, targets: Any, *, reduction: str = "mean") -> Value:
    """Hinge loss for labels ±1: ``Hinge(reduction)(outputs, targets)``; L = max(0, 1 − y·s)."""
    check_reduction(reduction, "hinge")
    return Hinge(reduction)(outputs, targets)


def _values(given: Any, where: str, name: str, entry: str) -> list[Value]:
    """``given`` as a list of Values, or a TypeError naming ``where``, the argument
    ``name`` and the entry (``entry`` formatted with its index): a plain number there is a
    constant that no gradient reaches, and None or a model is not a list."""
    if isinstance(given, (Value, str, bytes)) or not isinstance(given, Iterable):
        hint = " (model.weights() or model.parameters())" if name == "params" else ""
        raise TypeError(
            f"{where}: {name} must be a list of Values{hint}, got {type(given).__name__}"
        )
    values = list(given)
    for i, v in enumerate(values):
        if not isinstance(v, Value):
            raise TypeError(
                not_a_value(
                    f"{where}: {entry.format(i)} is",
                    v,
                    f"{where} builds a graph of Values, through which the gradient flows; "
                    f"Value(x) for a constant",
                )
            )
    return values


def softmax(logits: Sequence[Value]) -> list[Value]:
    """softmax(z)ⱼ = e^(zⱼ − m) / Σₖ e^(zₖ − m), m = max z (subtracting m avoids overflow)."""
    logits = _values(logits, "softmax", "logits", "logit {}")
    if not logits:
        raise ValueError("softmax: no logits given (softmax of an empty list is undefined)")
    m = max(z.data for z in logits)
    exps = [(z - m).exp() for z in logits]
    total = vsum(exps)
    return [e / total for e in exps]


def l2_penalty(params: Iterable[Value], lam: float) -> Value:
    """The L2 (weight decay) term λ/2 · Σ W²; its gradient λ·W pulls weights towards 0.

    The seeds penalise the weights only (``model.weights()``); micrograd's
    ``1e-4 · Σ p²`` over all parameters is ``l2_penalty(model.parameters(), 2e-4)``.
    A Value listed twice (a tied weight) counts once: it is one parameter.
    """
    lam = check_number(lam, "lam", "l2_penalty")
    ps = list(dict.fromkeys(_values(params, "l2_penalty", "params", "params[{}]")))
    if not ps:
        raise ValueError("l2_penalty: no parameters given")
    return dot(ps, ps) * (lam / 2.0)


LOSSES: dict[str, type[Loss]] = {
    "squared_error": SquaredError,
    "mse": SquaredError,  # Σ over the outputs, mean over the samples (see SquaredError)
    "cross_entropy": CrossEntropy,
    "bce_with_logits": BCEWithLogits,
    "hinge": Hinge,
}


def get_loss(spec: str | Loss, where: str = "") -> Loss:
    """A Loss from itself, one of the names in :data:`LOSSES`, or the name of the loss's
    function (``"binary_cross_entropy_with_logits"``, ``"softmax_cross_entropy"``: the
    names the README's table of losses lists, as ``nn.<name>``). ``where`` ("fit",
    "evaluate") starts the error, as the other arguments' errors start."""
    if isinstance(spec, Loss):
        return spec
    # only the class asked for is built: a contributed loss whose constructor needs an
    # argument (a quantile's q) broke every other name when all were built to be asked
    functions = {_function_name(cls): cls for cls in LOSSES.values()}
    if isinstance(spec, str) and (spec in LOSSES or spec in functions):
        return _build(spec, LOSSES.get(spec) or functions[spec], where)
    names = sorted({*LOSSES, *functions})
    raise ValueError(
        f"{where + ': ' if where else ''}loss: unknown loss {spec!r}; expected one of "
        f"{names} or a Loss"
        f"{_loss_hint(cast(object, spec))}"
    )


def _function_name(cls: type[Loss]) -> str:
    """How messages name ``cls``'s losses (its ``where``), read off the class: a class
    attribute, else (the base class's property) the class's own name."""
    where = inspect.getattr_static(cls, "where")
    return where if isinstance(where, str) else cls.__name__


def _build(spec: str, cls: type[Loss], where: str) -> Loss:
    """``cls()``, or a ValueError saying the name needs the class's own arguments."""
    try:
        inspect.signature(cls).bind()
    except TypeError:
        raise ValueError(
            f"{where + ': ' if where else ''}loss: {spec!r} names {cls.__name__}, which takes "
            f"arguments {inspect.signature(cls)}: give an instance, loss={cls.__name__}(...)"
        ) from None
    return cls()


def _loss_hint(spec: object) -> str:
    """What to give instead of ``spec``: a Loss class needs its instance; a built-in
    loss function has a name; any other function is not a loss here."""
    if isinstance(spec, type) and issubclass(spec, Loss):
        return f" (a class: give an instance, {spec.__name__}())"
    name = getattr(spec, "__name__", "")
    for key, cls in LOSSES.items():
        if key != "mse" and name == cls.where:  # squared_error, hinge, …: functions
            return f" (the function {name}: give loss={key!r} or nn.{cls.__name__}())"
    if callable(spec):
        return (
            " (a function is not a loss here: compiled training replays a loss's "
            "per-sample rule, so write a subclass of nn.Loss with sample(output, target))"
        )
    return ""
