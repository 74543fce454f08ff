"""Accuracy: the fraction of samples (or of yes/no labels) a model's outputs get right.

:func:`accuracy` scores lists of outputs and targets as a user has them (a one-output
model at a threshold, k outputs by argmax, or label by label); :func:`accuracy_arrays`
is the same rules on the (m, k) arrays a compiled replay gives, which :func:`nn.fit`
scores its batches with.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from typing import Any, NoReturn, cast

import numpy as np

from autograd_mini import Value
from autograd_mini.reals import as_lists, beyond_words, described, is_beyond_a_float, is_real
from nn.checks import (
    boolean_target_named,
    booleans_held,
    check_number,
    finite_float,
    is_number,
    refuse_masked,
    refuse_row_in_row,
    refuse_rows_of_rows,
    shown,
    target_place,
    target_refused,
    target_row,
)
from nn.losses import Loss
from nn.tensors import is_tensor, read_tensors

__all__ = ["accuracy", "accuracy_arrays", "by_label", "refuse_tied_targets", "scored"]


def accuracy(
    outputs: Any,
    targets: Any,
    threshold: float | None = None,
    target_threshold: float | None = None,
    *,
    per_label: bool = False,
) -> float:
    """Fraction of samples classified correctly (of labels, with ``per_label``).

    k > 1 outputs: the predicted class is argmax; the target is a class index (an integer
    in [0, k)) or a one-hot/probability row of k numbers. One output: class = (output >
    threshold), and the true class = (target > target_threshold), which is ``threshold``
    unless given: ±1 labels scored on scores (0 and 0), 0/1 labels on sigmoid outputs
    (0.5 and 0.5), probabilities on logits (0 and 0.5, binary cross-entropy's).
    Outputs are the model's numbers, floats, ints or Values (integer scores too), never
    classes already picked: one output per sample scores a yes/no label, so a target
    beyond [-1, 1] (class 2 of three, which only k outputs and argmax can name) is
    refused, naming it, unless ``target_threshold`` is given (two labels of other values,
    1 and 2 at 1.5).

    ``per_label=True``: each of the k outputs is a yes/no label of its own (several
    labels per sample, as binary cross-entropy and hinge train them), scored as one
    output is, and the accuracy is the fraction of *labels* right; an argmax would
    compare the largest output with the largest of targets such as [1, 1, 0] or
    [0, 0, 0]. A target given as a class index still names one class: argmax.

    ``threshold`` not given: 0, right for scores against ±1 labels — unless every target
    scored at a threshold lies in [0, 1] (0/1 labels, probabilities). Then 0 is right for
    logits but counts every sigmoid output as class 1, and 0.5 the reverse, and the
    outputs cannot tell which they are (a sigmoid's lie in [0, 1], but so do most of a
    linear output's trained on 0/1 labels, which 0 would score wrongly): that call is
    refused, asking for ``threshold``. :func:`fit` and :func:`evaluate` pass the one the
    loss picks (:meth:`~nn.losses.Loss.thresholds`).

    A target row whose largest number is in several places (``[1, 1, 0]``, ``[0, 0,
    0]``) names no one class: refused, naming the target, unless ``per_label``.
    """
    return scored(outputs, targets, threshold, target_threshold, per_label, ties=False, labels=True)


def scored(
    outputs: Any,
    targets: Any,
    threshold: float | None,
    target_threshold: float | None,
    per_label: bool,
    ties: bool,
    *,
    labels: bool = False,
) -> float:
    """:func:`accuracy`; ``ties``: a target row with its largest number in several places
    is scored as argmax scores it (the first of them), as :func:`fit` and
    :func:`evaluate` score squared error's rows, which may be values to regress rather
    than classes (a loss whose rows name classes has had such a row refused by then).
    ``labels``: a one-output sample's target beyond [-1, 1] is refused
    (:func:`_refuse_no_label`) unless ``target_threshold`` is given; fit and evaluate,
    whose squared error also scores two labels of any values at their midpoint, and
    values to regress at 0.5, pass False."""
    # the check SquaredError(threshold=) makes: a nan or infinite threshold scores every
    # sample alike (nan: every output is class 0), and the accuracy would not say so
    if threshold is not None:
        threshold = check_number(threshold, "threshold", "accuracy", low=-math.inf)
    if target_threshold is not None:
        target_threshold = check_number(
            target_threshold, "target_threshold", "accuracy", low=-math.inf
        )
    # PyTorch tensors as fit reads y (torch.tensor([1]): each sample was a 0-d tensor,
    # "target 0 is tensor(1)"), and one numpy cannot read refused in fit's words
    as_given = {"outputs": outputs, "targets": targets}  # named so, not as read
    rows = _value_rows(outputs)  # fit's and evaluate's: no tensor among them to read
    if rows is None:
        outputs = read_tensors(outputs, "accuracy: outputs")
        refuse_masked(outputs, "accuracy: outputs")
        if isinstance(outputs, np.ndarray):
            refuse_rows_of_rows(outputs, "accuracy: outputs")
        rows = [_output_row(o, i) for i, o in enumerate(_samples(outputs, "outputs", as_given))]
    targets = read_tensors(targets, "accuracy: targets")
    refuse_masked(targets, "accuracy: targets")
    if isinstance(targets, np.ndarray):
        refuse_rows_of_rows(targets, "accuracy: targets")
    ts = _samples(targets, "targets", as_given)
    if len(rows) != len(ts):
        raise ValueError(f"accuracy: {len(rows)} outputs but {len(ts)} targets")
    if not rows:  # the fraction right of no samples is 0/0
        raise ValueError("accuracy: no samples (outputs and targets are empty): nothing to score")
    if len(set(map(len, rows))) > 1:
        _refuse_ragged(rows)
    if isinstance(ts[0], (bool, np.bool_)) and all(isinstance(t, (bool, np.bool_)) for t in ts):
        raise ValueError(booleans_held("accuracy: targets", classes=True))  # fit's words
    guessed = threshold is None  # 0, unless that can be wrong: asked below
    threshold = 0.0 if threshold is None else threshold
    cut = threshold if target_threshold is None else target_threshold
    right = 0.0
    listed = not isinstance(targets, np.ndarray)  # an array's rows were checked above
    yes_no = labels and target_threshold is None and len(rows[0]) == 1
    for i, (row, t) in enumerate(zip(rows, ts, strict=True)):
        if listed:
            refuse_masked(t, f"accuracy: targets[{i}]")  # a row given as a list
            if is_tensor(t):  # as fit reads it (beside a string, it was refused itself)
                given, t = t, read_tensors(t, f"accuracy: targets[{i}]")
                if isinstance(t, np.ndarray) and t.dtype.kind == "b":  # as fit names it
                    at = (i,) if t.ndim == 0 else (i, 0)  # a row of them is no class index
                    raise ValueError(f"accuracy: target {i} is {boolean_target_named(given, at)}")
            if isinstance(t, np.ndarray):  # a row, or a number (0-d), as the losses read it
                ts[i] = t = as_lists(t)
        if per_label and len(row) > 1 and isinstance(t, (list, tuple)):
            right += _labels_right(row, t, threshold, cut, i)
        else:  # a class index names one class of k: scored by argmax, per_label or not
            right += _right(row, t, threshold, cut, i, ties, yes_no)
    if guessed:  # after the loop, which names a malformed target first
        _refuse_guessing(rows, ts, per_label)
    return right / len(rows)


def _samples(x: Any, what: str, given: dict[str, Any]) -> list[Any]:
    """:func:`accuracy`'s ``outputs`` or ``targets`` as a list of their samples (an
    array's as numbers and lists), or a ValueError naming the argument as ``given`` (a
    0-d tensor, read as a 0-d array, was "got ndarray array(1)"): None, a number or a
    string is not a batch."""
    if isinstance(x, np.ndarray) and x.ndim > 0:
        return cast(list[Any], as_lists(x))
    if isinstance(x, (str, bytes, dict, np.ndarray, Value)) or not isinstance(x, Iterable):
        raise ValueError(
            f"accuracy: {what} must be a list with one entry per sample, got "
            f"{type(given[what]).__name__}" + ("" if x is None else f" {shown(given[what])}")
        )
    return list(x)


def _value_rows(outputs: Any) -> list[list[float]] | None:
    """The numbers of ``outputs`` when it is a list of non-empty lists of Values (fit's
    and evaluate's, a model's call on a batch), else None. Asked before any tensor is
    looked for: the types of every cell, asked for that, made accuracy of 200 rows of one
    Value 12 % slower (0.2 µs a row)."""
    if type(outputs) is not list:
        return None
    rows = []
    for o in outputs:
        if not (type(o) is list and o and all(type(v) is Value for v in o)):
            return None
        rows.append([v.data for v in o])
    return rows


def _refuse_ragged(rows: list[list[float]]) -> None:
    """A ValueError naming the first of ``rows`` (the outputs, sample by sample) whose
    length differs from row 0's. One model gives every sample as many outputs: rows of
    2 and of 1 were scored, each without a word, by argmax and by the threshold, and the
    accuracy mixed the two (fit's X and y are refused so, as ragged)."""
    i = next(i for i, row in enumerate(rows) if len(row) != len(rows[0]))

    def size(n: int) -> str:
        return f"{n} number" + "s" * (n != 1)

    raise ValueError(
        f"accuracy: outputs are ragged: output {i} has {size(len(rows[i]))} but output 0 "
        f"has {size(len(rows[0]))}; every sample needs a row of the same length (one "
        f"model's outputs)"
    )


#: What :func:`accuracy` adds after naming a boolean output: predictions made classes
#: already (``outputs > 0.5``) were "output 0 is True, expected a finite number, a Value or
#: a row of them", which says nothing of what to give instead.
_NOT_CLASSES = (
    ": outputs are the model's numbers (scores, probabilities, logits), which accuracy "
    "compares with threshold itself (argmax, for several) — not classes already picked, "
    "such as outputs > 0.5"
)


def _output_row(o: Any, i: int) -> list[float]:
    """Sample i's outputs as floats: a Value, a number (a 0-d array too), or a row of them."""
    if type(o) is list and o and all(type(v) is Value for v in o):  # a list of them
        return [v.data for v in o]
    if isinstance(o, np.ndarray):
        o = as_lists(o)  # a row, or a number (0-d)
    cells = o if isinstance(o, (list, tuple)) else [o]
    row = []
    for v in cells:
        f = v.data if isinstance(v, Value) else finite_float(v)
        if f is None:
            if cells is o:  # lists of lists of lists
                refuse_row_in_row([v], "accuracy: outputs", "output", i)
            if isinstance(v, (bool, np.bool_)):  # outputs > 0.5, say: classes picked already
                said = "is" if cells is not o else "holds"
                raise ValueError(f"accuracy: output {i} {said} {described(v)}{_NOT_CLASSES}")
            if is_beyond_a_float(v):  # np.longdouble('1e400'): finite, inf as a float
                said = "is" if cells is not o else "holds"
                raise ValueError(f"accuracy: output {i} {said} {shown(v)}, {beyond_words(v)}")
            raise ValueError(
                f"accuracy: output {i} is {shown(v)}, expected a finite number, a Value or a "
                f"row of them"
                if cells is not o
                else f"accuracy: output {i} holds {shown(v)}, expected finite numbers or Values"
            )
        row.append(f)
    if not row:
        raise ValueError(f"accuracy: output {i} is an empty row")
    return row


def _refuse_guessing(rows: list[list[float]], ts: list[Any], per_label: bool) -> None:
    """:func:`accuracy` without a threshold scores at 0: a ValueError when every target
    compared with a threshold (a one-output sample's, a per-label row's) lies in [0, 1],
    where 0 and 0.5 both fit some outputs (logits, probabilities)."""
    scored: list[Any] = []
    for row, t in zip(rows, ts, strict=True):
        if len(row) == 1:
            scored.extend(t if isinstance(t, (list, tuple)) else [t])
        elif per_label and isinstance(t, (list, tuple)):
            scored.extend(t)
    values = [float(v) for v in scored if is_real(v)]
    if values and all(0 <= v <= 1 for v in values):
        raise ValueError(
            "accuracy: no threshold given, and the targets all lie in [0, 1] (0/1 labels "
            "or probabilities), where the outputs' threshold depends on what they are: "
            "give threshold=0.5 for outputs that approach the labels (a sigmoid's "
            "probabilities, squared error's outputs), threshold=0.0 for logits (binary "
            "cross-entropy's)"
            + (
                "; targets that are all 1 may be ±1 labels with no -1 among them: "
                "threshold=0.0 scores those as the full set would"
                if all(v == 1 for v in values)
                else ""
            )
        )


def _refuse_row_in_row(t: Any, i: int) -> None:
    """Target ``i`` holding a row among its numbers (lists of lists of lists) said as
    accuracy says an array of targets with three axes (:func:`refuse_rows_of_rows`)."""
    refuse_row_in_row(t, "accuracy: targets", "target", i)


def _labels_right(
    row: list[float], t: Sequence[Any], threshold: float, cut: float, i: int
) -> float:
    """The fraction of sample i's k yes/no labels that its outputs ``row`` get right."""
    if len(t) != len(row):
        _refuse_row_in_row(t, i)
        raise ValueError(f"accuracy: target {i} has {len(t)} numbers for {len(row)} outputs")
    labels = target_row(t, "accuracy", i)
    right = sum((o > threshold) == (v > cut) for o, v in zip(row, labels, strict=True))
    return float(right) / len(row)


def _right(
    row: list[float], t: Any, threshold: float, cut: float, i: int, ties: bool, yes_no: bool
) -> bool:
    """Whether sample i's outputs ``row`` name the class of its target ``t``; ``yes_no``:
    a one-output sample's target must be a yes/no label (:func:`_refuse_no_label`)."""
    k = len(row)
    at: tuple[int, ...] = (i,)  # where t is in the targets, as fit names it
    if isinstance(t, (list, tuple)):
        if len(t) != k:
            _refuse_row_in_row(t, i)
            raise ValueError(f"accuracy: target {i} has {len(t)} numbers for {k} outputs")
        if k > 1:
            labels = target_row(t, "accuracy", i)
            tie = None if ties else _tie_words(labels)
            if tie:  # argmax would take the first of them: class 0 of [1, 1, 0]
                raise ValueError(
                    f"accuracy: target {i} is {shown(t)}: {tie}; or per_label=True, to "
                    f"score each of the {k} numbers as a yes/no label of its own"
                )
            return int(np.argmax(row)) == int(np.argmax(labels))
        t, at = t[0], (i, 0)
    if not is_number(t):
        _refuse_row_in_row([t], i)  # [[1]] for one output: not "[1], expected a number"
        if isinstance(t, (bool, np.bool_)):  # fit's words: one alone may be a class index
            raise ValueError(f"accuracy: {target_place(at)} is {boolean_target_named(t, at)}")
        raise ValueError(target_refused("accuracy", i, t))
    if k == 1:
        label = finite_float(t)
        if label is None:  # nan: every sample class 0, without a word
            why = beyond_words(t) if is_beyond_a_float(t) else "expected a finite number"
            raise ValueError(f"accuracy: target {i} is {shown(t)}, {why}")
        if yes_no and not -1 <= label <= 1:
            _refuse_no_label(t, i)
        return (row[0] > threshold) == (label > cut)
    whole = None if isinstance(t, numbers.Integral) else finite_float(t)
    if whole is not None and whole == int(whole) and 0 <= whole < k:
        raise ValueError(  # 2.0 for class 2: in range, but which class a 1.5 is, is unsaid
            f"accuracy: target {i} is the float {shown(t)}: a class index is an int "
            f"(y.astype(int), once every label is a whole number)"
        )
    if not (isinstance(t, numbers.Integral) and 0 <= int(t) < k):
        raise ValueError(
            f"accuracy: target {i} is {shown(t)}, expected a class index in [0, {k}) or a row "
            f"of {k} numbers"
        )
    return int(np.argmax(row)) == int(t)


def _refuse_no_label(t: Any, i: int) -> NoReturn:
    """A ValueError for target ``i``, ``t``, of a one-output sample, which lies beyond
    [-1, 1]. One output is compared with the threshold: a yes/no label, written as 0/1,
    ±1 or a probability, all in [-1, 1]. A target such as 2 is a class of three or more,
    which one number per sample cannot name: predicted classes given as the outputs
    (``scores.argmax(axis=1)``, ints or floats) were each compared with the threshold as
    a yes/no label, as was each target, so predicted [0, 1, 0] against [0, 2, 1] was
    scored 2 of 3 right (1 and 2 both above 0.5), where 1 of 3 is. The outputs' type
    cannot tell them: integer scores (X @ w + b of integer data, a perceptron's) are a
    model's numbers too, scored as they are."""
    raise ValueError(
        f"accuracy: target {i} is {shown(t)}, but each sample has one output, which is "
        f"compared with threshold to score a yes/no label (a target of 0/1, ±1 or a "
        f"probability): {shown(t)} is none. For k classes the model needs k outputs per "
        f"sample, of which accuracy takes the argmax itself; predicted classes "
        f"(outputs.argmax(axis=1)) are no outputs: pass the model's numbers. Two labels "
        f"of other values (1 and 2): give target_threshold, a number between them"
    )


def _tie_words(labels: Sequence[float]) -> str | None:
    """What is wrong with a target row whose largest number is in several places (it
    names no one class), or None when it has one largest number (a one-hot row, soft
    targets with one most likely class)."""
    top = max(labels)
    tied = [j for j, v in enumerate(labels) if v == top]
    if len(tied) == 1:
        return None
    classes = ", ".join(map(str, tied[:-1])) + f" and {tied[-1]}"
    return (
        f"its largest number, {shown(top)}, is at classes {classes}, so it names no one "
        f"class (argmax would count it as class {tied[0]}); give each sample one class: "
        f"an index, a one-hot row, or a row with one largest number"
    )


def refuse_tied_targets(ya: np.ndarray, k: int, where: str) -> None:
    """A ValueError naming the first row of ``ya`` (``where``: "fit: y") that names no
    one class, by its target as accuracy names it ("fit: y target 1 is [0.5, 0.5]: …",
    where "y row 1" was), for a loss whose target rows name classes
    (``Loss.names_classes``): k > 1 outputs, rows of k numbers, scored by argmax."""
    if k < 2 or ya.ndim != 2 or ya.shape[1] != k:
        return  # class indices name one class each
    rows = np.asarray(ya, dtype=float)
    tied = np.count_nonzero(rows == rows.max(axis=1, keepdims=True), axis=1) > 1
    if tied.any():
        i = int(np.argmax(tied))
        raise ValueError(
            f"{where} target {i} is {shown(ya[i].tolist())}: {_tie_words(rows[i].tolist())}"
        )


def by_label(loss: Loss, ya: np.ndarray, k: int) -> bool:
    """Whether :func:`accuracy_arrays` scores these targets label by label: a per-label
    loss's rows, not class indices (which name one class of k each, and are one-hot rows
    by the time the replay sees them)."""
    return loss.per_label and not (k > 1 and ya.ndim == 1)


def accuracy_arrays(
    outputs: np.ndarray, targets: np.ndarray, threshold: float, cut: float, per_label: bool
) -> float:
    """:func:`accuracy` for an (m, k) array of outputs and an (m, k) array of target
    rows (what a replay gives and what ``target_matrix`` makes): the same rules, in numpy
    (``cut``: the targets' threshold)."""
    if outputs.shape[1] == 1 or per_label:
        right = (outputs > threshold) == (targets > cut)
    else:
        right = outputs.argmax(axis=1) == targets.argmax(axis=1)
    return float(np.count_nonzero(right)) / int(right.size)
