"""nn.accuracy (nn/metrics.py): the fraction of samples, or of yes/no labels, a model's
outputs get right, and what it refuses to score. Oracles: counts by hand."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

import nn
from autograd_mini import Value


def test_accuracy_rules() -> None:
    assert nn.accuracy([[0.1, 0.9], [0.8, 0.2]], [1, 1]) == 0.5
    assert nn.accuracy([[0.1, 0.9]], [[0.0, 1.0]]) == 1.0
    assert nn.accuracy([0.3, -2.0, 0.1], [1, -1, -1]) == pytest.approx(2 / 3)
    assert nn.accuracy([0.7, 0.4], [1, 0], threshold=0.5) == 1.0
    with pytest.raises(ValueError, match="2 outputs but 1 targets"):
        nn.accuracy([0.1, 0.2], [1])


@pytest.mark.parametrize(
    ("target", "message"),
    [(7, r"target 0 is 7, expected a class index in \[0, 3\)"),
     (3, r"target 0 is 3, expected a class index in \[0, 3\)"),
     (3.0, r"target 0 is 3\.0, expected a class index in \[0, 3\)"),
     (-1, r"target 0 is -1, expected a class index"),
     (0.9, r"target 0 is 0\.9, expected a class index"),
     ([0.0, 1.0, 0.0, 0.0, 0.0], r"target 0 has 5 numbers for 3 outputs"),
     ("a", r"target 0 is 'a', expected a number")],
)  # fmt: skip
def test_accuracy_refuses_a_target_it_cannot_score(target: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        nn.accuracy([[0.1, 0.7, 0.2]], [target])
    assert nn.accuracy([[0.1, 0.7, 0.2]], [1]) == 1.0


def test_accuracy_reads_arrays_in_a_list_as_the_losses_do() -> None:
    """A 0-d array is a number and a 1-d array a row, as the losses read targets:
    accuracy raised "iteration over a 0-d array", and called the row array([0., 1.])
    "expected a number or a row of them". By hand: 0.7 > 0.5 is class 1, the label 1.0
    too; argmax (0.1, 0.9) = 1 = argmax (0, 1); per label, 0.7 > 0 and 1 > 0.5 agree,
    -0.2 < 0 and 0.9 > 0.5 do not: 1 of 2."""
    assert nn.accuracy([np.array(0.7)], [1.0], threshold=0.5) == 1.0
    assert nn.accuracy([0.7], [np.array(1.0)], threshold=0.5) == 1.0
    assert nn.accuracy([[0.1, 0.9]], [np.array([0.0, 1.0])], threshold=0.5) == 1.0
    assert nn.accuracy([np.array([0.1, 0.9])], [np.array(1)]) == 1.0  # class 1
    assert nn.accuracy([np.array([0.1, 0.9])], [np.array(0)]) == 0.0
    two = nn.accuracy([[0.7, -0.2]], [np.array([1.0, 0.9])], 0.0, 0.5, per_label=True)
    assert two == 0.5
    nn.squared_error([[Value(0.1), Value(0.9)]], [np.array([0.0, 1.0])])  # the losses agree


@pytest.mark.parametrize(
    ("outputs", "targets", "message"),
    [([0.1, 0.2], None, r"targets must be a list with one entry per sample, got NoneType$"),
     (None, [1, 0], r"outputs must be a list with one entry per sample, got NoneType$"),
     (0.5, [1], r"outputs must be a list with one entry per sample, got float 0\.5$"),
     ([0.5], "1", r"targets must be a list with one entry per sample, got str '1'$"),
     (["a", "b"], [1, 0], r"output 0 is 'a', expected a finite number, a Value or a row of them"),
     ([[0.5, "b"]], [1], r"output 0 holds 'b', expected finite numbers or Values$"),
     ([0.2, math.nan], [1, 0], r"output 1 is nan, expected a finite number"),
     ([True], [1.0], r"output 0 is the boolean True: outputs are the model's numbers "),
     (np.array([[0.2, 0.8]]) > 0.5, [1], r"output 0 holds the boolean False: outputs are "),
     ([[]], [1.0], r"output 0 is an empty row$"),
     ([[0.1, 0.9]], [["a", "b"]], r"target 0 holds 'a', expected finite numbers$"),
     ([[0.1, 0.9]], [[False, True]], r"target 0 holds the boolean False — a boolean is no"),
     ([[0.1, 0.9]], [[0.0, math.nan]], r"target 0 holds nan, expected finite numbers$"),
     ([0.7], [math.nan], r"target 0 is nan, expected a finite number$"),
     ([0.7], [10**400], r"target 0 is an integer of 401 digits, expected a finite number$"),
     ([[0.7, 0.1]], [10**400], r"target 0 is an integer of 401 digits, expected a class index")],
    ids=["targets None", "outputs None", "outputs a number", "targets a string",
         "string outputs", "string in a row", "nan output", "bool output", "bool row", "empty row",
         "string row target", "bool row target", "nan in a row target", "nan target",
         "huge target", "huge class index"],
)  # fmt: skip
def test_accuracy_names_what_it_cannot_read(outputs: Any, targets: Any, message: str) -> None:
    """None met "'NoneType' object is not iterable", a string output "could not convert
    string to float"; a nan target or output was scored as class 0, and a row of strings
    or booleans by argmax, all without a word."""
    with pytest.raises(ValueError, match="^accuracy: " + message):
        nn.accuracy(outputs, targets, threshold=0.5)


@pytest.mark.parametrize("name", ["threshold", "target_threshold"])
@pytest.mark.parametrize(
    "bad",
    [float("nan"), float("inf"), -float("inf"), "a", True, pytest.param(10**400, id="10**400")],
)
def test_an_accuracy_threshold_must_be_a_finite_number(name: str, bad: Any) -> None:
    """A nan threshold scored every output as class 0 and an infinite one every output
    alike: 0.9 and -0.9 against the labels -1 and +1 came out 1.0 right, without a word."""
    cuts = {"threshold": 0.0, name: bad}
    with pytest.raises(ValueError, match=rf"^accuracy: {name} must be a finite number, got "):
        nn.accuracy([0.9, -0.9], [-1, 1], **cuts)
    # by hand: 0.9 > 0 is class +1 against the label -1, -0.9 class -1 against +1
    assert nn.accuracy([0.9, -0.9], [-1, 1], threshold=0.0) == 0.0
    assert nn.accuracy([0.9, -0.9], [1, -1], threshold=0.0, target_threshold=0.0) == 1.0


def test_accuracy_asks_for_the_threshold_of_outputs_against_labels_in_0_1() -> None:
    """nn.accuracy scored at 0 unless told: sigmoid outputs against 0/1 labels all
    counted as class 1, and accuracy(predict(model, X), y) gave the base rate (0.5 here)
    without a word; a float32 column raised TypeError. With targets in [0, 1] and no
    threshold it is refused, saying which to give; given one, it counts as numpy does."""
    p = np.array([[0.9], [0.2], [0.7], [0.4], [0.6], [0.1], [0.3], [0.8]])
    y = np.array([1, 0, 1, 0, 0, 0, 1, 0])
    by_hand = float(np.mean((p[:, 0] > 0.5) == (y == 1)))  # 6 of 8
    want = r"^accuracy: no threshold given, .* threshold=0\.5 for .* threshold=0\.0 for logits"
    with pytest.raises(ValueError, match=want):
        nn.accuracy(p, y)
    with pytest.raises(ValueError, match=want):  # probabilities, labels per output
        nn.accuracy([[0.9, 0.2]], [[1.0, 0.25]], per_label=True)
    assert nn.accuracy(p, y, threshold=0.5) == by_hand
    assert nn.accuracy(p[:, 0].astype(np.float32), y, 0.5) == by_hand
    assert nn.accuracy(p.astype(np.float32), y.astype(np.float32), 0.5) == by_hand
    # ±1 labels: scores at 0, as before; a class index still names a class by argmax
    scores = p[:, 0] - 0.5
    assert nn.accuracy(scores.astype(np.float32), 2 * y - 1) == by_hand
    assert nn.accuracy([[0.1, 0.9], [0.8, 0.2]], [1, 1]) == 0.5
    # a subset of ±1 data holding only +1 cannot be told from 0/1 labels: still asked,
    # and the message says which threshold scores it as the full set would
    positives = scores[y == 1]
    with pytest.raises(ValueError, match=r"all 1 may be ±1 labels .* threshold=0\.0"):
        nn.accuracy(positives, np.ones(len(positives)))
    assert nn.accuracy(positives, np.ones(len(positives)), 0.0) == float(np.mean(positives > 0))


def test_accuracy_says_a_whole_float_label_is_a_float_not_out_of_range() -> None:
    """nn.accuracy(np.eye(3), [0., 1., 2.]) said "target 0 is 0.0, expected a class
    index in [0, 3)" — 0.0 is in that range; what is wrong is its type."""
    with pytest.raises(ValueError, match=r"target 0 is the float 0\.0: a class index is an int"):
        nn.accuracy(np.eye(3), np.array([0.0, 1.0, 2.0]))
    with pytest.raises(ValueError, match=r"target 2 is 5, expected a class index in \[0, 3\)"):
        nn.accuracy(np.eye(3), np.array([0, 1, 5]))


@pytest.mark.parametrize("empty", [[], np.zeros(0), np.zeros((0, 2))])
def test_accuracy_of_no_samples_says_so(empty: Any) -> None:
    """accuracy([], []) said "0 outputs but 0 targets", as though the counts differed."""
    with pytest.raises(
        ValueError, match=r"^accuracy: no samples \(outputs and targets are empty\)"
    ):
        nn.accuracy(empty, [], threshold=0.5)


_TIE = r"its largest number, {}, is at classes {}, so it names no one class"


@pytest.mark.parametrize(
    ("target", "top", "classes"),
    [([1, 1, 0], "1.0", "0 and 1"),
     ([0.0, 0.0, 0.0], "0.0", "0, 1 and 2"),
     ([0.5, 0.5, 0.0], "0.5", "0 and 1")],
)  # fmt: skip
def test_accuracy_refuses_a_target_row_that_names_no_one_class(
    target: list[float], top: str, classes: str
) -> None:
    """A target row whose largest number is in several places was scored as class 0
    (argmax takes the first): accuracy([[.1, .9, 0]], [[1, 1, 0]]) was 0.0, and with
    [[.9, .1, 0]] 1.0. Now refused, naming the target (the second sample's here)."""
    with pytest.raises(ValueError) as info:
        nn.accuracy([[0.2, 0.7, 0.1], [0.1, 0.9, 0.0]], [1, target])
    text = str(info.value)
    assert text.startswith(f"accuracy: target 1 is {target}: ")
    assert _TIE.format(top, classes) in text and "per_label=True" in text


def test_accuracy_scores_soft_targets_with_one_largest_number() -> None:
    """Probability rows with one most likely class are legitimate: class by argmax, by
    hand argmax (.2, .5, .3) = 1 = argmax (.1, .9, 0); argmax (.6, .3, .1) = 0 ≠ 1. A
    tied row scored per label is no argmax: (.1 > .5) ≠ (1 > .5), (.9 > .5) = (1 > .5),
    (0 > .5) = (0 > .5): 2 of 3."""
    outs = [[0.1, 0.9, 0.0], [0.1, 0.9, 0.0]]
    assert nn.accuracy(outs, [[0.2, 0.5, 0.3], [0.6, 0.3, 0.1]]) == 0.5
    per_label = nn.accuracy(outs[:1], [[1, 1, 0]], 0.5, per_label=True)
    assert per_label == pytest.approx(2 / 3)


@pytest.mark.parametrize("compiled", [False, True])
def test_fit_and_evaluate_refuse_a_class_row_that_names_no_one_class(compiled: bool) -> None:
    """fit and evaluate score cross-entropy's accuracy by argmax too (compiled, in
    numpy): a tied row, (0.5, 0.5, 0), counted as class 0 there without a word. Refused
    before training, by its row in y (or in the validation y). Squared error's rows may
    be values to regress: a tie there is no mistake, and is trained on as before."""
    X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    tied = [0.5, 0.5, 0.0]
    Y = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], tied])
    good = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    model = nn.MLP(2, [3], seed=0)
    before = [p.data for p in model.parameters()]
    want = f" target 2 is {tied}: " + _TIE.format("0.5", "0 and 1")
    ce = "cross_entropy"
    calls = {
        "fit: y": lambda: nn.fit(model, X, Y, loss=ce, epochs=1, compiled=compiled),
        "fit: validation y": lambda: nn.fit(
            model, X, good, loss=ce, epochs=1, compiled=compiled, validation=(X, Y)
        ),
        "evaluate: y": lambda: nn.evaluate(model, X, Y, loss=ce),
    }
    for where, call in calls.items():
        with pytest.raises(ValueError) as info:
            call()
        assert str(info.value).startswith(where + want), str(info.value)
    assert [p.data for p in model.parameters()] == before
    history = nn.fit(model, X, Y, loss="mse", epochs=1, compiled=compiled, progress=False)
    assert len(history.loss) == 1


def test_one_output_and_its_target_at_their_threshold_are_class_0() -> None:
    """One output: class = (output > threshold), true class = (target > target
    threshold), so a number exactly at its threshold is class 0 — the output's and the
    target's alike, a target given as a number or as a row of one, and each label with
    per_label. Counts by hand: (0.5 → 0, 0.0 → 0) right, (0.9 → 1, 0.5 → 0) wrong,
    (0.8 → 1, 1.0 → 1) right."""
    outputs, targets = [0.5, 0.9, 0.8], [0.0, 0.5, 1.0]
    assert nn.accuracy(outputs, targets, threshold=0.5) == pytest.approx(2 / 3)
    rows = [[o] for o in outputs]
    assert nn.accuracy(rows, [[t] for t in targets], threshold=0.5) == pytest.approx(2 / 3)
    assert nn.accuracy([[0.2]], [[1.0]], threshold=0.5) == 0.0
    # labels: (0.5 → 0, 0.0 → 0) right, (0.9 → 1, 0.5 → 0) wrong, (0.9 → 1, 1.0 → 1) right
    scored = nn.accuracy([[0.5, 0.9, 0.9]], [[0.0, 0.5, 1.0]], threshold=0.5, per_label=True)
    assert scored == pytest.approx(2 / 3)


def test_the_compiled_fits_scores_count_as_accuracy_does() -> None:
    """What ``fit(compiled=True)`` scores a replay's arrays with, against counts by hand:
    ``accuracy_arrays`` (one output by its threshold, a number at it class 0; k outputs
    by argmax; per_label each label by the thresholds), ``by_label`` (a per-label loss's
    rows are labels, class indices are not) and ``refuse_tied_targets`` (a row of k ≥ 2
    numbers whose largest is in two places is refused; class indices never are)."""
    from nn.metrics import accuracy_arrays, by_label, refuse_tied_targets

    one = np.array([[0.5], [0.9], [0.2], [0.8], [0.7]])
    labels = np.array([[0.0], [0.5], [0.0], [1.0], [1.0]])
    # (0 vs 0) right, (1 vs 0) wrong, (0 vs 0), (1 vs 1), (1 vs 1) right
    assert accuracy_arrays(one, labels, 0.5, 0.5, False) == pytest.approx(4 / 5)
    outs = np.array([[0.1, 0.7, 0.2], [0.6, 0.3, 0.1], [0.2, 0.3, 0.5]])
    rows = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
    # argmax 1, 0, 2 against 1, 2, 2
    assert accuracy_arrays(outs, rows, 0.0, 0.0, False) == pytest.approx(2 / 3)
    # outputs > 0.25 against targets > 0.5: 3, 0 and 2 of 3 labels right
    assert accuracy_arrays(outs, rows, 0.25, 0.5, True) == pytest.approx(5 / 9)

    bce, ce = nn.BCEWithLogits(), nn.CrossEntropy()
    assert by_label(bce, np.zeros((4, 3)), 3) is True
    assert by_label(bce, np.zeros(4), 1) is True
    assert by_label(bce, np.zeros(4), 3) is False  # class indices
    assert by_label(ce, np.zeros((4, 3)), 3) is False

    with pytest.raises(ValueError, match=r"fit: y target 0 is \[0\.5, 0\.5\]"):
        refuse_tied_targets(np.array([[0.5, 0.5]]), 2, "fit: y")
    refuse_tied_targets(np.array([0, 2, 2]), 3, "fit: y")  # class indices: nothing to refuse
    refuse_tied_targets(np.array([[0.2, 0.8], [1.0, 0.0], [0.4, 0.6]]), 2, "fit: y")


#: What the engine says after naming a boolean given for a number (reals.boolean_hint)
_NO_BOOLEAN = "a boolean is no number here: pass 1.0 or 0.0"


@pytest.mark.parametrize(
    "targets", [[True, False], np.array([True, False]), [np.True_, np.False_]],
    ids=["Python's", "an array", "numpy's"],
)  # fmt: skip
def test_accuracy_tells_boolean_targets_as_fit_does(targets: Any) -> None:
    """fit says "y holds booleans" of these targets where accuracy said "target 0 is True,
    expected a number or a row of them": both say the same, past where they are."""
    fit = nn.MLP(1, [1], seed=0)
    with pytest.raises(ValueError) as by_fit:
        nn.fit(fit, [[0.5], [0.25]], np.array([True, False]), epochs=1)
    with pytest.raises(ValueError) as by_accuracy:
        nn.accuracy([[0.3], [0.6]], targets, threshold=0.5)
    assert str(by_fit.value).startswith("fit: y holds booleans; ")
    assert str(by_accuracy.value).startswith("accuracy: targets hold booleans; ")
    assert str(by_accuracy.value).partition("; ")[2] == str(by_fit.value).partition("; ")[2]


_X4 = [[0.5, 1.0], [2.0, 1.0], [1.0, 0.25], [0.0, -1.0]]


@pytest.mark.parametrize(
    ("y", "k", "fit_kw", "said"),
    [
        ([0.0, True, 1.0, 0.0], 1, {},
         f"target 1 is the boolean True — {_NO_BOOLEAN}"),
        ([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0], [1.0, 0.0]], 2, {"loss": "cross_entropy"},
         "target 1 is [0.5, 0.5]: its largest number, 0.5, is at classes 0 and 1"),
        ([0.0, 1.0, 1e39, 0.0], 1, {"compiled": True, "dtype": "float32"},
         "target 2 is 1e+39, "),
        ([0, 1, 2**53 + 1, 0], 1, {}, "target 2 is "),
    ],
    ids=["boolean", "tied row", "beyond float32", "int no float holds"],
)  # fmt: skip
def test_fit_and_evaluate_name_a_target_as_accuracy_does(
    y: Any, k: int, fit_kw: dict[str, Any], said: str
) -> None:
    """fit and evaluate said "y row 1 is the boolean True" (and "y row 2 column 0 is
    1e+39" of a one-number target beyond float32) where nn.accuracy says "target 1 is
    the boolean True" of the same target: each now names it as accuracy does, after y
    ("fit: y target 1 is …"). Oracle: the target planted, the words written out."""
    model = nn.MLP(2, [k], seed=0)
    with pytest.raises(ValueError) as by_fit:
        nn.fit(model, _X4, y, epochs=1, progress=False, **fit_kw)
    assert str(by_fit.value).startswith(f"fit: y {said}"), str(by_fit.value)
    if not fit_kw.get("compiled"):  # (evaluate has no float32)
        with pytest.raises(ValueError) as by_evaluate:
            nn.evaluate(model, _X4, y, loss=fit_kw.get("loss", "mse"))
        assert str(by_evaluate.value).startswith(f"evaluate: y {said}"), str(by_evaluate.value)
    outputs = [[0.25] * k, [0.75] * k, [0.5] * k, [0.0] * k]
    with pytest.raises(ValueError) as by_accuracy:
        nn.accuracy(outputs, y, threshold=0.5)
    assert str(by_accuracy.value).startswith(f"accuracy: {said}"), str(by_accuracy.value)


def test_accuracy_names_a_boolean_target_in_the_engines_words() -> None:
    """One boolean among numbers: "target 1 is True, expected a number" read as if True
    were no number's name; the engine's words say what to pass, and (as fit says) a
    target alone may be a class index too."""
    with pytest.raises(
        ValueError,
        match=f"^accuracy: target 1 is the boolean True — {_NO_BOOLEAN}, or a class index$",
    ):
        nn.accuracy([[0.3], [0.6]], [0.0, True], threshold=0.5)


@pytest.mark.parametrize(
    ("y", "k", "place", "index"),
    [
        ([0.0, True], 1, "target 1", True),
        ([0.0, np.True_], 1, "target 1", True),
        ([0, True], 3, "target 1", True),
        ([[0.0], [True]], 1, "target 1 column 0", False),
        (np.array([0.0, True], dtype=object), 1, "target 1", True),
    ],
    ids=["bool", "numpy bool", "beside class indices", "in a row", "object array"],
)  # fmt: skip
def test_accuracy_names_a_boolean_target_as_fit_does(
    y: Any, k: int, place: str, index: bool
) -> None:
    """fit said "fit: y target 1 is the boolean True — … pass 1.0 or 0.0, or a class
    index" where accuracy said the same target without ", or a class index" (and of a
    one-number row, "target 1" where fit said "target 1 column 0"). Oracle: the place
    and the words written out; a cell of a row of targets is no class index."""
    shown = "np.True_" if isinstance(y[1], np.bool_) else "True"
    tail = f"the boolean {shown} — {_NO_BOOLEAN}" + (", or a class index" if index else "")
    with pytest.raises(ValueError) as by_fit:
        nn.fit(nn.MLP(1, [k], seed=0), [[0.5], [0.25]], y, epochs=1, progress=False)
    with pytest.raises(ValueError) as by_accuracy:
        nn.accuracy([[0.3] * k, [0.6] * k], y, threshold=0.5)
    assert str(by_fit.value).endswith(f" y {place} is {tail}") or str(by_fit.value).endswith(
        f": squared_error: {place} is {tail}"  # an object array: read by the loss
    ), str(by_fit.value)
    assert str(by_accuracy.value) == f"accuracy: {place} is {tail}"


@pytest.mark.parametrize(
    "outputs",
    [
        [[Value(0.1), Value(0.9)], [Value(0.3)]],  # rows of Values (fit's and evaluate's)
        [[0.1, 0.9], [0.3]],
        [np.array([0.1, 0.9]), 0.3],  # a number: a row of one
    ],
    ids=["Values", "floats", "array and number"],
)
def test_accuracy_refuses_outputs_of_different_lengths(outputs: Any) -> None:
    """Sample 0 scored by argmax of 2, sample 1 by the threshold: 0.5 was the answer
    (class 1 right, 0.3 < 0.5 wrong), one model's outputs having one length."""
    with pytest.raises(
        ValueError,
        match=r"^accuracy: outputs are ragged: output 1 has 1 number but output 0 has 2 "
        r"numbers; every sample needs a row of the same length",
    ):
        nn.accuracy(outputs, [1, 1], threshold=0.5)


_NO_LABEL = (
    r"but each sample has one output, which is compared with threshold to score a yes/no "
    r"label \(a target of 0/1, ±1 or a probability\): .* For k classes the model needs k "
    r"outputs per sample, of which accuracy takes the argmax itself; predicted classes "
    r"\(outputs\.argmax\(axis=1\)\) are no outputs: pass the model's numbers"
)


@pytest.mark.parametrize(
    "outputs",
    [
        [3, 7, 1, 0],  # list(np.argmax(scores, axis=1)): Python's ints
        np.array([3, 7, 1, 0]),  # scores.argmax(axis=1)
        np.array([[3], [7], [1], [0]]),  # argmax(..., keepdims=True): rows of one
        [np.int64(3), np.int64(7), np.int64(1), np.int64(0)],
        np.array([3.0, 7.0, 1.0, 0.0]),  # argmax(...).astype(float)
    ],
    ids=["ints", "array", "column", "numpy ints", "floats"],
)
def test_accuracy_refuses_class_targets_for_one_output(outputs: Any) -> None:
    """Classes picked already by argmax, given as the outputs: one number a sample, so
    each was compared with the threshold as a yes/no label, as was each class-index
    target. Predicted [3, 7, 1, 0] against [3, 2, 1, 0] is 3 right of 4 (counted by
    hand), and accuracy said 1.0 (7 > 0.5 and 2 > 0.5: 'right'). Target 3 is no yes/no
    label, whatever type the outputs are."""
    with pytest.raises(ValueError, match=r"^accuracy: target 0 is 3, " + _NO_LABEL):
        nn.accuracy(outputs, [3, 2, 1, 0], threshold=0.5)


def test_accuracy_refuses_class_targets_the_outputs_picked_among_0_and_1() -> None:
    """argmax picked only classes 0 and 1, ints in the ±1 range: predicted [0, 1, 0]
    against [0, 2, 1] is 1 right of 3 by hand (sample 0), and accuracy said 2/3 (1 and 2
    both above 0.5). Target 2 is named, and its row of one ([2]) too."""
    with pytest.raises(ValueError, match=r"^accuracy: target 1 is 2, " + _NO_LABEL):
        nn.accuracy([0, 1, 0], [0, 2, 1], threshold=0.5)
    with pytest.raises(ValueError, match=r"^accuracy: target 1 is 2, " + _NO_LABEL):
        nn.accuracy([0, 1, 0], [[0], [2], [1]], threshold=0.5)
    with pytest.raises(ValueError, match=r"^accuracy: target 1 is 2, " + _NO_LABEL):
        nn.accuracy([0, 1, 0], [0, 2, 1])  # no threshold: told before it is asked for


def test_accuracy_refuses_argmax_floats_against_three_classes() -> None:
    """Scores of 3 classes whose argmax is [1, 0, 2] against targets [2, 0, 2]: 2 of 3
    right by hand (samples 1 and 2). The argmax given as floats was scored 1.0 (1 and 2
    above 0.5 alike); the scores themselves are scored by argmax."""
    scores = np.array([[0.1, 0.7, 0.2], [0.8, 0.1, 0.1], [0.2, 0.2, 0.6]])
    with pytest.raises(ValueError, match=r"^accuracy: target 0 is 2, " + _NO_LABEL):
        nn.accuracy(np.argmax(scores, axis=1).astype(float), [2, 0, 2], threshold=0.5)
    assert nn.accuracy(scores, [2, 0, 2]) == pytest.approx(2 / 3)


def test_accuracy_scores_integer_scores() -> None:
    """A perceptron's X @ w + b on integer data is ints beyond ±1, a model's numbers
    (李航's example): scored at the threshold, not refused as classes picked. By hand,
    signs [+, −] against [1, −1] are 2 of 2, [+, −, +] against [1, −1, −1] 2 of 3."""
    assert nn.accuracy(np.array([[2], [-3]]), [1, -1]) == 1.0
    assert nn.accuracy(np.array([2, -3, 5]), [1, -1, -1]) == pytest.approx(2 / 3)
    assert nn.accuracy([2, -3, 5], [1, -1, -1], threshold=0.0) == pytest.approx(2 / 3)
    assert nn.accuracy([np.int64(2), np.int64(-3)], [1, 0], threshold=0.5) == 1.0
    assert nn.accuracy([[Value(2.0)], [Value(-3.0)]], [1, -1]) == 1.0


def test_accuracy_scores_labels_of_other_values_at_their_target_threshold() -> None:
    """Two labels 1 and 2 (squared error scores them at 1.5): with target_threshold they
    are yes/no labels. Outputs [0.3, 1.7, 1.2] at 1.5 are no, yes, no; targets [1, 2, 2]
    no, yes, yes: 2 of 3 by hand. Probabilities and ±0.8 lie in [-1, 1]: scored."""
    got = nn.accuracy([0.3, 1.7, 1.2], [1, 2, 2], threshold=1.5, target_threshold=1.5)
    assert got == pytest.approx(2 / 3)
    assert nn.accuracy([-2.0, 0.5], [0.2, 0.9], threshold=0.0, target_threshold=0.5) == 1.0
    assert nn.accuracy([0.3, 0.1], [0.8, -0.8]) == 0.5


def test_accuracy_still_scores_integer_labels_as_outputs() -> None:
    """±1 and 0/1 given as outputs (np.sign of scores, outputs > 0.5 made ints) are
    yes/no labels the threshold reads rightly: scored, as before (by hand: 1 of 3, 2 of 3)."""
    assert nn.accuracy([1, -1, 1], [1, 1, -1]) == pytest.approx(1 / 3)
    assert nn.accuracy(np.array([1, 0, 1]), [1, 1, 1], threshold=0.5) == pytest.approx(2 / 3)
