"""Losses: values against numpy formulas, gradients against closed forms and central
differences, numerical stability at extreme logits, and clear errors."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import pytest

import nn
from autograd_mini import OpOverflow, Value, gradcheck, topological_order, vsum
from nn.losses import Target


def _vals(xs: list[float]) -> list[Value]:
    return [Value(x) for x in xs]


def test_squared_error_both_conventions_and_reductions() -> None:
    a = [[0.2, 0.9], [0.6, 0.1], [0.5, 0.5]]
    y = [[0.0, 1.0], [1.0, 0.0], [1.0, 0.0]]
    per = ((np.array(a) - np.array(y)) ** 2).sum(axis=1)  # Σⱼ (aⱼ − yⱼ)²
    outs = [_vals(r) for r in a]
    assert nn.squared_error(outs, y).data == pytest.approx(per.mean(), rel=1e-12)
    assert nn.squared_error(outs, y, reduction="sum").data == pytest.approx(per.sum())
    assert nn.squared_error(outs, y, half=True).data == pytest.approx(0.5 * per.mean())
    # an int target is the one-hot vector
    assert nn.squared_error(outs, [1, 0, 0]).data == pytest.approx(per.mean(), rel=1e-12)
    # one-output models: a Value per sample, a number per target
    assert nn.squared_error([Value(0.5)], [2.0]).data == 2.25


def test_squared_error_gradient_is_2_a_minus_y_over_n() -> None:
    outs = [_vals([0.2, 0.9]), _vals([0.6, 0.1])]
    y = [[0.0, 1.0], [1.0, 0.0]]
    nn.squared_error(outs, y).backward()
    for row, t in zip(outs, y, strict=True):
        for a, yj in zip(row, t, strict=True):
            assert a.grad == pytest.approx(2 * (a.data - yj) / 2, rel=1e-12)
    half = _vals([0.3])
    nn.squared_error([half], [1.0], half=True).backward()
    assert half[0].grad == pytest.approx(0.3 - 1.0)  # ½ convention: ŷ − y


def test_squared_error_graph_stays_small() -> None:
    outs = [_vals([0.1, 0.2, 0.3]) for _ in range(20)]
    loss = nn.squared_error(outs, [0] * 20)
    # per sample: 3 subtractions + one dot; then one sum and one scaling
    assert len(topological_order(loss)) == 20 * (3 + 1) + 2


def _log_softmax(z: np.ndarray) -> np.ndarray:
    return z - np.log(np.exp(z).sum())


def test_cross_entropy_matches_numpy_and_gradient_is_softmax_minus_target() -> None:
    logits = [[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0]]
    targets = [1, 2]
    outs = [_vals(r) for r in logits]
    loss = nn.softmax_cross_entropy(outs, targets)
    expected = -np.mean(
        [_log_softmax(np.array(r))[t] for r, t in zip(logits, targets, strict=True)]
    )
    assert loss.data == pytest.approx(expected, rel=1e-12)
    loss.backward()
    for row, t, vals in zip(logits, targets, outs, strict=True):
        p = np.exp(row) / np.exp(row).sum()
        onehot = np.eye(3)[t]
        np.testing.assert_allclose([v.grad for v in vals], (p - onehot) / 2, rtol=1e-10)
    # soft targets
    soft = nn.softmax_cross_entropy([_vals([0.0, 1.0])], [[0.25, 0.75]]).data
    ls = _log_softmax(np.array([0.0, 1.0]))
    assert soft == pytest.approx(-(0.25 * ls[0] + 0.75 * ls[1]), rel=1e-12)


def test_cross_entropy_is_stable_for_huge_logits() -> None:
    z = _vals([1000.0, 0.0, -1000.0])
    loss = nn.softmax_cross_entropy([z], [1])
    assert loss.data == pytest.approx(1000.0, rel=1e-12)  # log Σ e^z ≈ 1000, minus z₁ = 0
    loss.backward()
    assert [v.grad for v in z] == pytest.approx([1.0, -1.0, 0.0], abs=1e-12)
    right = nn.softmax_cross_entropy([_vals([1000.0, 0.0])], [0])
    assert right.data == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize(
    ("logits", "target"),
    [
        ([1000.0, 990.0], 0),
        ([1e6, 1e6 - 30.0], 0),
        ([1e16, 1e16 + 2.0], 0),
        ([990.0, 1000.0], 0),
        ([3.0, 1.0, -2.0, 0.5], 2),
        ([20.0, -5.0, 19.0], [0.7, 0.0, 0.3]),
    ],
)
def test_cross_entropy_keeps_full_precision_at_large_logits(
    logits: list[float], target: int | list[float]
) -> None:
    """log Σ e^z − z_c as two large numbers lost the small loss of a well-classified
    sample: 7 digits at (1000, 990), all of them at (1e6, 1e6 − 30) (0.0 for 9.4e-14),
    2.0 for 2.127 at (1e16, 1e16 + 2). Against mpmath at 60 digits."""
    want, _ = _exact_cross_entropy(logits, target)
    loss = nn.softmax_cross_entropy([_vals(logits)], [target]).data
    assert loss == pytest.approx(want, rel=2e-15, abs=0.0)  # a few ulps


def _exact_cross_entropy(
    logits: list[float], target: int | list[float]
) -> tuple[float, list[float]]:
    """The oracle: log Σₖ e^(zₖ) − Σₖ tₖzₖ and its gradient softmax(z) − t, in mpmath at 60
    digits (the log-sum-exp shifted by the largest logit, so e^z stays in range)."""
    t = (
        [1.0 if k == target else 0.0 for k in range(len(logits))]
        if isinstance(target, int)
        else target
    )
    with mpmath.workdps(60):
        z = [mpmath.mpf(x) for x in logits]
        top = max(z)
        lse = top + mpmath.log(sum(mpmath.exp(x - top) for x in z))
        loss = float(lse - sum(mpmath.mpf(tk) * x for tk, x in zip(t, z, strict=True)))
        slope = [float(mpmath.exp(x - lse) - tk) for x, tk in zip(z, t, strict=True)]
    return loss, slope


@pytest.mark.parametrize(
    ("logits", "target"),
    [
        ([1e308, -1e308], 0),
        ([1e308, -1e308, 0.0], 0),
        ([-1e308, 1e308, 1e308 - 2e292], 1),
        ([1.7e308, -1.7e308], [1.0, 0.0]),
        ([0.5, -1.7e308, 1.7e308], [0.0, 0.25, 0.75]),
    ],
)
def test_cross_entropy_of_logits_further_apart_than_any_float_is_computed(
    logits: list[float], target: int | list[float]
) -> None:
    """Logits (1e308, −1e308), class 0: the loss is log(1 + e^(−2e308)) = 0, but the
    difference −2e308 of the logits is not a float, and the sample was refused with the
    OpOverflow of that subtraction. Now the loss and its gradient softmax(z) − t are
    computed, against mpmath at 60 digits (the loss, and the gradient to an absolute
    1e-300: an entry's exact value rounds to 0, or is e^(−2e292) next to 1)."""
    want, slope = _exact_cross_entropy(logits, target)
    values = _vals(logits)
    loss = nn.softmax_cross_entropy([values], [target])
    assert math.isfinite(want) and loss.data == pytest.approx(want, rel=2e-15, abs=0.0)
    loss.backward()
    assert [v.grad for v in values] == pytest.approx(slope, rel=1e-12, abs=1e-300)


def test_cross_entropy_beyond_a_float_is_refused_naming_the_loss() -> None:
    """Logits (1e308, −1e308), class 1: the loss is log(e^(2e308) + 1) = 2e308, beyond a
    float (1.8e308), and is refused, an OpOverflow naming the loss and the logit."""
    with pytest.raises(OpOverflow, match=r"^softmax_cross_entropy: the loss is beyond a "
                       r"float: logit 0 exceeds the target's logit"):  # fmt: skip
        nn.softmax_cross_entropy([_vals([1e308, -1e308])], [1])


def test_softmax_sums_to_one() -> None:
    p = nn.softmax(_vals([3.0, 1.0, -2.0, 800.0]))
    assert sum(v.data for v in p) == pytest.approx(1.0, rel=1e-12)
    assert p[3].data == pytest.approx(1.0)


def test_bce_with_logits_matches_the_probability_formula() -> None:
    for z, y in [(0.3, 1.0), (-1.2, 0.0), (2.5, 0.0), (-0.4, 0.7), (0.0, 1.0)]:
        s = 1 / (1 + math.exp(-z))
        zv = Value(z)
        loss = nn.binary_cross_entropy_with_logits([zv], [y])
        assert loss.data == pytest.approx(-y * math.log(s) - (1 - y) * math.log(1 - s), rel=1e-12)
        loss.backward()
        assert zv.grad == pytest.approx(s - y, rel=1e-12, abs=1e-15)  # ∂L/∂z = σ(z) − y


def test_bce_with_logits_is_stable_for_huge_logits() -> None:
    assert nn.binary_cross_entropy_with_logits([Value(800.0)], [0.0]).data == pytest.approx(800.0)
    assert nn.binary_cross_entropy_with_logits([Value(-800.0)], [1.0]).data == pytest.approx(800.0)
    assert nn.binary_cross_entropy_with_logits([Value(800.0)], [1.0]).data == pytest.approx(0.0)


@pytest.mark.parametrize(
    ("z", "y"),
    [(40.0, 1.0), (20.0, 1.0), (-40.0, 0.0), (-20.0, 0.0), (36.0, 0.999), (3.0, 0.3), (0.0, 1.0)],
)
def test_bce_with_logits_keeps_full_precision_of_a_confident_sample(z: float, y: float) -> None:
    """softplus(z) − y·z subtracted two numbers near z for a confident right answer: at
    y = 1 the loss log(1 + e⁻ᶻ) kept 7 digits at z = 20 and none at z = 40 (0.0 for
    4.2e-18, and a gradient of 0.0 for σ(z) − 1). Against mpmath at 60 digits: the loss
    −[y log σ(z) + (1 − y) log(1 − σ(z))] and its slope σ(z) − y."""
    mpmath.mp.dps = 60
    zz, yy = mpmath.mpf(z), mpmath.mpf(y)
    want = -(
        yy * mpmath.log(1 / (1 + mpmath.exp(-zz))) + (1 - yy) * mpmath.log(1 / (1 + mpmath.exp(zz)))
    )
    slope = 1 / (1 + mpmath.exp(-zz)) - yy
    zv = Value(z)
    loss = nn.binary_cross_entropy_with_logits([[zv]], [y])
    loss.backward()
    assert loss.data == pytest.approx(float(want), rel=4e-15, abs=0.0)
    assert zv.grad == pytest.approx(float(slope), rel=1e-13, abs=0.0)


def test_hinge_matches_max_margin_formula() -> None:
    scores = _vals([0.5, -2.0, 1.5, -0.2])
    ys = [1, -1, -1, -1]
    loss = nn.hinge(scores, ys)
    expected = np.mean([max(0.0, 1 - y * s.data) for s, y in zip(scores, ys, strict=True)])
    assert loss.data == pytest.approx(expected, rel=1e-12)
    loss.backward()
    # ∂/∂s = −y/n where the margin is violated, 0 where it is met
    assert [s.grad for s in scores] == pytest.approx([-0.25, 0.0, 0.25, 0.25])


def test_l2_penalty_value_and_gradient() -> None:
    ws = _vals([0.5, -1.0, 2.0])
    pen = nn.l2_penalty(ws, 0.1)
    assert pen.data == pytest.approx(0.1 / 2 * (0.25 + 1.0 + 4.0), rel=1e-12)
    pen.backward()
    assert [w.grad for w in ws] == pytest.approx([0.05, -0.1, 0.2])  # λ·W


def test_l2_penalty_counts_a_value_listed_twice_once() -> None:
    """A tied weight is one parameter: λ/2·w² once, and its gradient λ·w."""
    w, v = Value(3.0), Value(-2.0)
    pen = nn.l2_penalty([w, v, w], 1.0)
    assert pen.data == pytest.approx(0.5 * (9.0 + 4.0), rel=1e-12)
    pen.backward()
    assert (w.grad, v.grad) == pytest.approx((3.0, -2.0))


@pytest.mark.parametrize(
    ("loss", "targets", "width"),
    [
        (lambda o, t: nn.squared_error(o, t), [[0.0, 1.0], [1.0, 0.0]], 2),
        (lambda o, t: nn.squared_error(o, t, half=True, reduction="sum"), [[0.5, 1.0]] * 2, 2),
        (nn.softmax_cross_entropy, [0, 1], 2),
        (nn.binary_cross_entropy_with_logits, [[1.0, 0.0], [0.0, 0.3]], 2),
        (nn.hinge, [[1.0, -1.0], [-1.0, 1.0]], 2),
    ],
)
def test_every_loss_passes_gradcheck(
    loss: Callable[[Any, Any], Value], targets: Any, width: int
) -> None:
    def f(*xs: Value) -> Value:
        outs = [list(xs[i : i + width]) for i in range(0, len(xs), width)]
        return loss(outs, targets)

    assert gradcheck(f, 0.3, -0.8, 1.7, 0.45)
    assert gradcheck(lambda a, b: nn.l2_penalty([a, b], 0.3), 0.7, -1.1)


def test_loss_objects_and_names() -> None:
    assert isinstance(nn.losses.get_loss("mse"), nn.SquaredError)
    assert nn.losses.get_loss("cross_entropy").threshold == 0.0
    assert nn.SquaredError().threshold == 0.5
    outs, ys = [_vals([0.1, 0.9])], [1]
    assert nn.CrossEntropy()(outs, ys).data == nn.softmax_cross_entropy(outs, ys).data
    with pytest.raises(ValueError, match="unknown loss 'l1'"):
        nn.losses.get_loss("l1")


@pytest.mark.parametrize("call", ["fit", "evaluate"])
@pytest.mark.parametrize("spec", ["CE", 3])
def test_an_unknown_loss_names_the_call_it_was_given_to(call: str, spec: Any) -> None:
    """fit(…, loss='CE') said "loss: unknown loss 'CE'", naming no call, where every
    other argument's error starts with fit's or evaluate's name."""
    X, y = [[0.5, -0.5], [1.0, 2.0]], [0, 1]
    with pytest.raises(ValueError) as caught:
        if call == "fit":
            nn.fit(nn.MLP(2, [2], seed=0), X, y, spec, progress=False)
        else:
            nn.evaluate(nn.MLP(2, [2], seed=0), X, y, spec)
    assert str(caught.value).startswith(f"{call}: loss: unknown loss {spec!r}; expected one of [")


def test_a_named_loss_needing_arguments_leaves_the_other_names_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """get_loss built every class in LOSSES to learn their function names: a contributed
    loss whose constructor needs an argument (a quantile's q) made every name, "hinge"
    and "softmax_cross_entropy" too, a TypeError. Only the class asked for is built;
    asked for by name, the one needing arguments says so."""

    class Quantile(nn.Loss):
        where = "quantile_loss"

        def __init__(self, q: float) -> None:
            self.q = q

        def sample(self, output: Sequence[Value], target: Target) -> Value:
            return vsum([(a - y).relu() * (1.0 - self.q) + (y - a).relu() * self.q
                         for a, y in zip(output, target, strict=True)])  # fmt: skip

    monkeypatch.setitem(nn.losses.LOSSES, "quantile", Quantile)
    assert isinstance(nn.losses.get_loss("hinge"), nn.Hinge)
    assert isinstance(nn.losses.get_loss("softmax_cross_entropy"), nn.CrossEntropy)
    for name in ("quantile", "quantile_loss"):
        with pytest.raises(ValueError, match=r"'quantile(_loss)?' names Quantile, which takes "):
            nn.losses.get_loss(name)
    with pytest.raises(ValueError, match=r"unknown loss 'l1'; expected one of \[.*'quantile'"):
        nn.losses.get_loss("l1")


def test_bad_loss_inputs_are_named() -> None:
    outs = [_vals([0.1, 0.9])]
    with pytest.raises(ValueError, match="1 outputs but 2 targets"):
        nn.squared_error(outs, [0, 1])
    with pytest.raises(ValueError, match="wrap a single sample"):
        nn.squared_error(Value(1.0), [1.0])
    with pytest.raises(ValueError, match="empty batch"):
        nn.hinge([], [])
    with pytest.raises(ValueError, match="target 0 is 5, which is no class"):
        nn.softmax_cross_entropy(outs, [5])
    with pytest.raises(ValueError, match="not a probability vector"):
        nn.softmax_cross_entropy(outs, [[0.5, 0.7]])
    with pytest.raises(ValueError, match="expected -1 or"):
        nn.hinge([Value(0.3)], [0])
    with pytest.raises(ValueError, match=r"in \[0, 1\]"):
        nn.binary_cross_entropy_with_logits([Value(0.3)], [2.0])
    with pytest.raises(ValueError, match="reduction"):
        nn.squared_error(outs, [1], reduction="max")
    with pytest.raises(ValueError, match="is a row of 3 numbers for 2 outputs"):
        nn.squared_error(outs, [[1.0, 0.0, 0.0]])
    with pytest.raises(ValueError, match="finite"):
        nn.squared_error(outs, [[math.inf, 0.0]])
    with pytest.raises(ValueError, match="lam"):
        nn.l2_penalty(_vals([1.0]), -1.0)


@pytest.mark.parametrize(
    "targets, k",
    [
        (np.array([3, 0, 9, 9, 1]), 10),  # class indices
        (np.array([2, 0, 1], dtype=np.uint8), 3),
        (np.eye(4, dtype=np.float32)[[1, 3, 0]], 4),  # one-hot rows
        (np.array([[0.2, 0.8], [1.0, 0.0]]), 2),  # probability rows
        (np.array([-1.0, 1.0, 1.0]), 1),  # one output
        (np.array([[0], [1]]), 1),
    ],
)
def test_target_matrix_of_an_array_is_the_sample_by_sample_rule(
    targets: np.ndarray, k: int
) -> None:
    """Arrays take a vectorised path; lists go target by target (the rule it must match)."""
    from nn.losses import target_matrix

    want = target_matrix(targets.tolist(), k)  # a list: read target by target
    got = target_matrix(targets, k)
    assert got.dtype == np.float64 and got.shape == (len(targets), k)
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize(
    "targets, k, says",
    [
        (np.array([1, 2, 10, 3]), 10, "target 2 is 10, which is no class"),
        (np.array([1, -1]), 3, "target 1 is -1, which is no class"),
        (np.array([[0.0, 1.0], [np.nan, 0.0]]), 2, "target 1 holds nan"),
        (np.array([0.5, 1.5]), 2, "target 0 is 0.5, which is no class"),
        (np.array([[1.0, 0.0, 0.0]]), 2, "is a row of 3 numbers for 2 outputs"),
        (np.array([True, False]), 2, "target 0"),
    ],
)
def test_target_matrix_of_an_array_names_the_bad_target(
    targets: np.ndarray, k: int, says: str
) -> None:
    from nn.losses import target_matrix

    with pytest.raises(ValueError, match=re.escape(says)):
        target_matrix(targets, k, "t")


@pytest.mark.parametrize(
    "targets, first, says",
    [
        ([5, -1.0], 0, "is 5, which is no class"),
        ([None, -1.0], 0, "is None, expected a number or a row of them"),
        ([True, -1.0], 0, "is the boolean True"),
        (["a", -1.0], 0, "is 'a', expected a number or a row of them"),
        ([0, 1, 7, Fraction(-1)], 2, "is 7, which is no class"),
        ([0.0, -1.0, 9], 1, "is -1.0, which is no class"),  # the float, before the advice
        ([0.0, 9, -1.0], 1, "is 9, which is no class"),  # the integer, before the advice
    ],
    ids=repr,
)
def test_the_first_target_that_is_no_class_is_named(
    targets: list[Any], first: int, says: str
) -> None:
    """A whole float outside 0 ≤ class < k is refused before the targets are checked
    one by one (refuse_fractions), and named "target 1" in [5, -1.0] and [None, -1.0],
    though target 0 is no class either: by hand, the first bad target of each list is
    ``first``. Asked of the list and, through fit, of an object array of labels."""
    from nn.losses import target_matrix

    with pytest.raises(ValueError) as caught:
        target_matrix(targets, 2, "t")
    assert str(caught.value).startswith(f"t: target {first} {says}")
    model = nn.MLP(2, [2], seed=0)
    y = np.array(targets, dtype=object)
    with pytest.raises(ValueError) as caught:
        nn.fit(model, np.zeros((len(y), 2)), y, epochs=1, progress=False)
    # (fit's own words where it reads a cell itself, "fit: y target 0 is the boolean
    # True — …", else the loss's, "fit: y: …: target 0 …": the same target either way)
    assert re.search(rf"(: | y )target {first} {re.escape(says)}", str(caught.value))


def test_the_batch_form_is_derived_from_the_per_sample_rule() -> None:
    """A loss gives sample() and, if it refuses some targets, check_target(); the base
    class checks the batch, asks about each target by its index (a class index made
    one-hot first), and averages or sums the terms. Oracle: numpy on the closed form
    C = Σⱼ (aⱼ − yⱼ)³, ∂C/∂aⱼ = 3(aⱼ − yⱼ)²."""
    seen: list[tuple[int, list[float]]] = []

    class Cube(nn.Loss):
        def check_target(self, target: list[float], i: int) -> None:
            seen.append((i, target))
            if max(target) > 5:
                raise ValueError(f"Cube: target {i} is too big")

        def sample(self, output: Any, target: Any) -> Value:
            return vsum([(a - y) ** 3 for a, y in zip(output, target, strict=True)])

    a = np.array([[0.5, 2.0], [1.5, -1.0], [0.25, 0.75]])
    y: list[Any] = [[0.0, 1.0], 1, [2.0, -0.5]]
    y_rows = np.array([[0.0, 1.0], [0.0, 1.0], [2.0, -0.5]])
    for reduction, n in (("mean", 3), ("sum", 1)):
        seen.clear()
        loss = Cube()
        loss.reduction = reduction
        outs = [_vals(row) for row in a.tolist()]
        value = loss(outs, y)
        assert value.data == pytest.approx(((a - y_rows) ** 3).sum() / n, rel=1e-12)
        value.backward()
        grads = [[v.grad for v in row] for row in outs]
        np.testing.assert_allclose(grads, 3 * (a - y_rows) ** 2 / n, rtol=1e-12)
        assert seen == [(0, [0.0, 1.0]), (1, [0.0, 1.0]), (2, [2.0, -0.5])]
    with pytest.raises(ValueError, match=r"^Cube: target 1 is too big$"):
        Cube()([_vals([0.0, 0.0])] * 2, [[0.0, 0.0], [9.0, 0.0]])
    with pytest.raises(ValueError, match=r"^Cube: 1 outputs but 2 targets$"):
        Cube()([_vals([0.0, 0.0])], [0, 1])  # the batch checks name the loss's class


@pytest.mark.parametrize(
    ("gives", "says"),
    [(0.5, r"the number 0\.5, not a Value: a plain number carries no gradient; sample must "
           r"return the sample's term of the loss as a Value"),
     ([Value(0.5)], r"list \[Value\(data=0\.5, grad=0\.0\)\], not a Value: sample must"),
     (None, r"NoneType None, not a Value: sample must return")],
    ids=["float", "list", "None"],
)  # fmt: skip
def test_a_sample_rule_that_gives_no_value_is_named(gives: Any, says: str) -> None:
    """sample() giving a float made a batch loss of constants (eager fit trained on it with
    zero gradients, without a word); a list or None met "vsum: expected a real number or a
    Value", naming an engine helper. The loss names its class and the sample."""

    class Odd(nn.Loss):  # a Value for a target of 0, ``gives`` for any other
        def sample(self, output: Any, target: Any) -> Any:
            return output[0] * 1.0 if target[0] == 0.0 else gives

    assert Odd()([Value(2.0)], [0.0]).data == 2.0  # a Value goes through
    with pytest.raises(
        TypeError, match=r"^Odd\.sample\(output, target\) for sample 1 returned " + says
    ):
        Odd()([Value(2.0), Value(3.0)], [0.0, 1.0])

    class Quiet(nn.SquaredError):  # a built-in loss's subclass: named by its function too
        def sample(self, output: Any, target: Any) -> Any:
            return gives

    with pytest.raises(TypeError, match=r"^squared_error: Quiet\.sample\(output, target\)"):
        Quiet()([Value(2.0)], [0.0])


@pytest.mark.parametrize(
    ("function", "cls", "outs", "targets", "message"),
    [
        (nn.squared_error, nn.SquaredError, [_vals([0.1, 0.9])], [5],
         "squared_error: target 0 is 5, which is no class: a class index is a whole number "
         "0 ≤ class < 2; or give a row of 2 numbers"),
        (nn.softmax_cross_entropy, nn.CrossEntropy, [_vals([0.1, 0.9])], [[0.5, 0.7]],
         "softmax_cross_entropy: target 0 ([0.5, 0.7]) is not a probability vector"),
        (nn.softmax_cross_entropy, nn.CrossEntropy, [_vals([0.1])], [0],
         "softmax_cross_entropy: output 0 has 1 logit; need at least 2 classes"),
        (nn.binary_cross_entropy_with_logits, nn.BCEWithLogits, [Value(0.3)], [2.0],
         "binary_cross_entropy_with_logits: target 0 is 2.0, expected a value in [0, 1]"),
        (nn.hinge, nn.Hinge, [Value(0.3), Value(0.1)], [1, 0],
         "hinge: target 1 is 0.0, expected -1 or +1 (0/1 labels: hinge needs ±1 ones, 2·y − 1)"),
    ],
)  # fmt: skip
def test_a_loss_and_its_function_refuse_alike(
    function: Callable[[Any, Any], Value], cls: type[nn.Loss], outs: Any, targets: Any, message: str
) -> None:
    """The function is one call of the class: the same checks, the same words."""
    for loss in (function, cls()):
        with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
            loss(outs, targets)
    with pytest.raises(ValueError, match=rf"^{function.__name__}: reduction must be 'mean' or"):
        function(outs, targets, reduction="avg")  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("function", "outs", "targets", "message"),
    [
        (nn.squared_error, [_vals([0.1])], [10**400],
         "squared_error: target 0 holds an integer of 401 digits, expected finite numbers"),
        (nn.softmax_cross_entropy, [_vals([0.1, 0.2, 0.3])] * 2, [1, -(10**400)],
         "softmax_cross_entropy: target 1 is a negative integer of 401 digits, which is no "
         "class: a class index is a whole number 0 ≤ class < 3; or give a row of 3 numbers"),
        (nn.softmax_cross_entropy, [_vals([0.1, 0.2])], [Fraction(10**400, 3)],
         "softmax_cross_entropy: target 0 is the single number Fraction(1000000000000000000000"
         "00000000…"),
        (nn.squared_error, [_vals([0.1])], ["0123456789" * 5],
         "squared_error: target 0 is '01234567890123456789012345678901234567…, expected a "
         "number or a row of them"),
    ],
    ids=["10**400", "class -10**400", "a huge Fraction", "a long string"],
)  # fmt: skip
def test_a_target_too_long_to_show_is_named_by_its_size_or_cut_visibly(
    function: Any, outs: Any, targets: Any, message: str
) -> None:
    """The first 40 characters of 10**400 are the digits of 10**39, which the message
    showed as the number refused; an integer is named by its number of digits, as the
    engine names one, and anything else cut at 40 characters ends with '…'."""
    with pytest.raises(ValueError) as info:
        function(outs, targets)
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    ("call", "message"),
    [(lambda: nn.l2_penalty(None, 0.1),  # type: ignore[arg-type]
      r"l2_penalty: params must be a list of Values \(model\.weights\(\) or model\.parameters"
      r"\(\)\), got NoneType$"),
     (lambda: nn.l2_penalty(nn.MLP(1, [1]), 0.1),  # type: ignore[arg-type]
      r"l2_penalty: params must be a list of Values .*got MLP$"),
     (lambda: nn.l2_penalty([Value(1.0), 2.0], 0.1),
      r"l2_penalty: params\[1\] is the number 2\.0, not a Value"),
     (lambda: nn.softmax([1.0, 2.0]), r"softmax: logit 0 is the number 1\.0, not a Value"),
     (lambda: nn.softmax([Value(1.0), None]), r"softmax: logit 1 is NoneType None, not a Value"),
     (lambda: nn.softmax(None), r"softmax: logits must be a list of Values, got NoneType$")],
    ids=["l2 None", "l2 a model", "l2 a number", "softmax numbers", "softmax None in it",
         "softmax None"],
)  # fmt: skip
def test_l2_penalty_and_softmax_name_what_is_not_a_value(call: Any, message: str) -> None:
    """l2_penalty(None, 0.1) said "'NoneType' object is not iterable", softmax([1.0, 2.0])
    "'float' object has no attribute 'data'", and l2_penalty([w, 2.0]) penalised the
    constant 2.0, which no gradient reaches, without a word."""
    with pytest.raises(TypeError, match="^" + message):
        call()
    # what they accept: softmax(0, log 3) = (1/4, 3/4); λ/2·(3² + 4²) at λ = 0.1 is 1.25
    p = nn.softmax([Value(0.0), Value(math.log(3.0))])
    assert [v.data for v in p] == pytest.approx([0.25, 0.75], rel=1e-15)
    assert nn.l2_penalty((v for v in [Value(3.0), Value(4.0)]), 0.1).data == pytest.approx(1.25)


@pytest.mark.parametrize("lam", [math.inf, math.nan, -1.0, True, "0.1"])
def test_l2_penalty_needs_a_finite_lambda(lam: float) -> None:
    with pytest.raises(ValueError, match="lam must be a finite number ≥ 0"):
        nn.l2_penalty([Value(1.0)], lam)


def test_l2_penalty_names_a_lambda_beyond_a_float_by_its_size() -> None:
    """10**400 as λ: Python's 'int too large to convert to float' named nothing."""
    with pytest.raises(ValueError, match=r"^l2_penalty: lam .* an integer of 401 digits"):
        nn.l2_penalty([Value(1.0)], 10**400)
    # and a numpy float is the number it is: 0.5/2 · 3² = 2.25
    assert nn.l2_penalty([Value(3.0)], np.float32(0.5)).data == 2.25


def test_small_arguments_are_checked() -> None:
    """From a review of 2026-12-03: each was accepted, or failed with Python's words."""
    with pytest.raises(TypeError, match="half must be True or False"):
        nn.SquaredError(half="no")  # type: ignore[arg-type]
    # numpy's True is True (it was refused, where fit's flags take it): ½(1 − 3)² = 2
    half = nn.SquaredError(half=np.bool_(True))  # type: ignore[arg-type]
    assert half.half is True and half([Value(1.0)], [3.0]).data == 2.0
    with pytest.raises(ValueError, match="softmax: no logits given"):
        nn.softmax([])
    with pytest.raises(ValueError, match=r"linear_decay: end must be a finite number ≥ 0"):
        nn.linear_decay(0.1, -0.1, 2)
    with pytest.raises(ValueError, match=r"linear_decay: steps must be an integer ≥ 1"):
        nn.linear_decay(0.1, 0.0, True)
    with pytest.raises(ValueError, match=r"linear_decay: start must be a finite number"):
        nn.linear_decay(math.nan, 0.0, 10)
    X, _ = nn.data.moons(10, noise=np.float32(0.1), seed=0)  # a numpy float is a number
    assert X.shape == (10, 2)


def test_float32_probability_rows_are_probability_vectors() -> None:
    # float32 rows sum to 1 within about 1e-7 only (a 1e-9 test refused label smoothing
    # in float32: 0.9·one_hot + 0.1/3); a row that is not a distribution is still refused
    y = np.array([0, 2, 1, 2])
    T = (0.9 * np.eye(3)[y] + 0.1 / 3).astype(np.float32)
    assert abs(float(T.astype(np.float64).sum(axis=1)[0]) - 1.0) > 1e-9  # the case itself
    z = np.array([[0.3, -1.2, 2.0], [1.0, 0.0, -0.5], [0.2, 0.2, 0.1], [-3.0, 1.0, 4.0]])
    got = nn.softmax_cross_entropy([_vals(r) for r in z.tolist()], T.tolist()).data
    # by hand, as the docstring writes it: log Σₖ e^(zₖ) − Σⱼ tⱼzⱼ (= −Σⱼ tⱼ log softmax(z)ⱼ
    # to (1 − Σ t)·log Σ e^z, about 1e-7 here)
    t64 = T.astype(np.float64)
    lse = np.log(np.exp(z).sum(axis=1))
    assert got == pytest.approx(float((lse - (t64 * z).sum(axis=1)).mean()), rel=1e-13)
    logp = z - lse[:, None]
    assert got == pytest.approx(float(-(t64 * logp).sum(axis=1).mean()), rel=1e-6)
    with pytest.raises(ValueError, match="not a probability vector"):
        nn.softmax_cross_entropy([_vals([0.1, 0.9])], [[0.5, 0.50001]])


@pytest.mark.parametrize(
    ("function", "outs", "targets", "message"),
    [
        (nn.squared_error, [_vals([0.1])], [True],
         "squared_error: target 0 is the boolean True — a boolean is no number"),
        (nn.softmax_cross_entropy, [_vals([0.1, 0.9, 0.3])], [2.0],
         r"target 0 is the single number 2.0 for 3 outputs: a class index must be an "
         r"integer \(y.astype\(int\)\)"),
        (nn.hinge, [_vals([0.1, 0.9, 0.3])], [1],
         r"hinge: target 0 is 0.0, expected -1 or \+1 \(a class index or a row of 0s and 1s"),
        (nn.squared_error, [_vals([0.1, 0.9])], ["ab"],
         "squared_error: target 0 is 'ab', expected a number or a row of them"),
    ],
)  # fmt: skip
def test_a_target_of_the_wrong_kind_is_named_for_what_it_is(
    function: Any, outs: Any, targets: Any, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        function(outs, targets)


def test_mse_is_squared_error_summed_over_the_outputs() -> None:
    # the alias is Nielsen's MSE, Σⱼ over the k outputs (PyTorch's MSELoss also divides by k)
    a, t = [0.2, -0.4, 1.5], [0.0, 1.0, 1.0]
    got = nn.losses.get_loss("mse")([_vals(a)], [t]).data
    assert got == pytest.approx(sum((x - y) ** 2 for x, y in zip(a, t, strict=True)), rel=1e-15)


def test_a_fraction_among_class_indices_is_named_not_target_0() -> None:
    """Labels read as floats with a 1.5 among them were told at target 0 (0.0) "a class
    index must be an integer (y.astype(int))" — advice that turns 1.5 into class 1
    without a word. Oracle: the position of the first fraction, found by hand."""
    y = np.array([0.0, 1.0, 1.5, 0.0])
    model = nn.MLP(2, [2], seed=0)
    X = np.zeros((4, 2))
    with pytest.raises(ValueError, match=r"target 2 is 1\.5, which is no class") as got:
        nn.fit(model, X, y, loss="cross_entropy", epochs=1, progress=False)
    assert "astype" not in str(got.value)
    whole = np.array([0.0, 1.0, 1.0, 0.0])  # all whole: converting them loses nothing
    with pytest.raises(ValueError, match=r"target 0 .*astype\(int\)"):
        nn.fit(model, X, whole, loss="cross_entropy", epochs=1, progress=False)


def test_an_infinite_class_label_is_no_class_on_every_path() -> None:
    """refuse_fractions missed ±inf in a float array (inf == floor(inf)) though it
    refused it in a list, so fit went on to target 0's "y.astype(int)" — which makes inf
    INT_MIN; accuracy raised a bare OverflowError (int(inf)) for an infinite label."""
    for given in (np.array([0.0, 1.0, np.inf]), [0.0, 1.0, float("inf")]):
        with pytest.raises(ValueError, match=r"target 2 is inf, which is no class"):
            nn.losses.refuse_fractions(given, 2, "fit")
    with pytest.raises(ValueError, match=r"target 0 is inf"):
        nn.accuracy([[0.1, 0.9]], [float("inf")])


@pytest.mark.parametrize("compiled", [False, True])
def test_class_indices_in_a_column_are_told_to_go_flat(compiled: bool) -> None:
    """Labels shaped (n, 1) for a 3-output model said only "target 0 is a row of 1
    number for 3 outputs"; a column of class indices now gets the fix, y.ravel(). A row
    of one number that is no class index (0.5) gets no such hint."""
    X = np.random.default_rng(0).normal(size=(6, 2))
    model = nn.MLP(2, [3], seed=0)
    column = np.array([0, 1, 2, 0, 1, 2])[:, None]
    with pytest.raises(ValueError) as info:
        nn.fit(model, X, column, loss="cross_entropy", epochs=1, progress=False,
               compiled=compiled)  # fmt: skip
    assert str(info.value).endswith(
        "target 0 is a row of 1 number for 3 outputs; class indices go in a flat list or "
        "1-D array (y.ravel())"
    )
    with pytest.raises(ValueError) as info:
        nn.fit(model, X, np.full((6, 1), 0.5), loss="cross_entropy", epochs=1,
               progress=False, compiled=compiled)  # fmt: skip
    assert str(info.value).endswith("target 0 is a row of 1 number for 3 outputs")


@pytest.mark.parametrize("loss", [nn.squared_error, nn.hinge, nn.binary_cross_entropy_with_logits])
@pytest.mark.parametrize(("output", "said"), [(1.0, "the number 1.0"), (None, "NoneType None")])
def test_a_plain_number_as_an_output_is_named_as_not_a_value(
    loss: Any, output: Any, said: str
) -> None:
    """nn.squared_error([1.0], [2.0]) raised Python's own "'float' object is not
    iterable": outputs of plain numbers (a model's .data, say). The loss now names the
    output and says what it takes."""
    with pytest.raises(ValueError, match=rf"^\w+: output 0 is {said}, not a Value: "):
        loss([output], [1.0])


@pytest.mark.parametrize(
    "targets, first, says",
    [
        ([[1.0], -1.0], 0, "is a row of 1 number for 2 outputs"),
        ([0.0, None, 1.5], 1, "is None, expected a number or a row of them"),
        ([0.0, "a", 1.5], 1, "is 'a', expected a number or a row of them"),
        ([0.0, True, -1.0], 1, "is the boolean True"),
        ([0.0, [0.0, None], 1.5], 1, "holds None"),
        ([1, [1.0, 0.0, 0.0], 0.0, 9], 1, "is a row of 3 numbers for 2 outputs"),
        ([0.0, [0.0, 1.0], 1.5], 2, "is 1.5, which is no class"),  # the row is fine
    ],
    ids=repr,
)
def test_a_bad_target_before_a_float_that_is_no_class_is_named_first(
    targets: list[Any], first: int, says: str
) -> None:
    """refuse_fractions went on past rows, and past None, a str or a bool after a whole
    float, to the float that is no class: [[1.0], -1.0] named target 1 (-1.0), not the
    row of one number before it, and [0.0, None, 1.5] target 2 (1.5), not None. By
    hand, the first target of each list that is refused for itself is ``first``."""
    from nn.losses import target_matrix

    with pytest.raises(ValueError) as caught:
        target_matrix(targets, 2, "t")
    assert str(caught.value).startswith(f"t: target {first} {says}")
    if not any(isinstance(t, list) for t in targets):  # (fit calls rows and numbers ragged)
        model = nn.MLP(2, [2], seed=0)
        y = np.array(targets, dtype=object)
        with pytest.raises(ValueError) as caught:
            nn.fit(model, np.zeros((len(y), 2)), y, loss="cross_entropy", epochs=1,
                   progress=False)  # fmt: skip
        # (fit's own words where it reads a cell itself, "fit: y target 0 is the boolean
        # True — …", else the loss's, "fit: y: …: target 0 …": the same target either way)
        assert re.search(rf"(: | y )target {first} {re.escape(says)}", str(caught.value))


def test_bce_and_hinge_of_several_outputs_sum_their_terms() -> None:
    """A sample with k outputs costs the sum of its k terms, and each output's slope is
    its own term's: −[y log σ(z) + (1 − y) log(1 − σ(z))] with slope σ(z) − y, and
    max(0, 1 − y·s) with slope −y where the margin is missed — mpmath and closed forms,
    per output (gradcheck alone passed a sample rule that kept only the first term)."""
    zs, ys = [0.3, -1.2, 2.0], [1.0, 0.0, 0.4]
    with mpmath.workdps(40):
        want = mpmath.mpf(0)
        for z, y in zip(map(mpmath.mpf, zs), map(mpmath.mpf, ys), strict=True):
            p = 1 / (1 + mpmath.exp(-z))  # σ(z)
            want -= y * mpmath.log(p) + (1 - y) * mpmath.log(1 - p)
    out = _vals(zs)
    loss = nn.binary_cross_entropy_with_logits([out], [ys])
    assert loss.data == pytest.approx(float(want), rel=1e-13)
    loss.backward()
    slopes = [1 / (1 + math.exp(-z)) - y for z, y in zip(zs, ys, strict=True)]
    assert [v.grad for v in out] == pytest.approx(slopes, rel=1e-12)

    scores, labels = _vals([0.5, -2.0, 0.2]), [1.0, -1.0, -1.0]
    loss = nn.hinge([scores], [labels])
    assert loss.data == pytest.approx(0.5 + 0.0 + 1.2, rel=1e-12)  # max(0, 1 − y·s) each
    loss.backward()
    assert [s.grad for s in scores] == pytest.approx([-1.0, 0.0, 1.0])  # −y, 0 where met


@pytest.mark.parametrize(
    ("call", "said"),
    [
        (lambda: nn.squared_error([Value(0.5)], [[Value(1.0)]]), "squared_error: target 0 holds"),
        (
            lambda: nn.softmax_cross_entropy([[Value(0.5), Value(0.1)]], [[Value(1.0), 0.0]]),
            "softmax_cross_entropy: target 0 holds",
        ),
        (lambda: nn.accuracy([[0.5, 0.2]], [[Value(1.0), 0.0]]), "accuracy: target 0 holds"),
        (lambda: nn.accuracy([0.5], [Value(1.0)], threshold=0.5), "accuracy: target 0 is"),
        (lambda: nn.squared_error([Value(0.5)], [Value(1.0)]), "squared_error: target 0 is"),
    ],
    ids=["squared_error row", "cross-entropy row", "accuracy row", "accuracy", "squared_error"],
)
def test_a_value_among_the_targets_is_told_to_give_its_number(call: Any, said: str) -> None:
    """A Value in a target row was 'holds Value(data=1.0, grad=0.0), expected finite
    numbers' — as if 1.0 were not finite — and accuracy's one target 'expected a number
    or a row of them'; neither said what to give. Each is told, as X is, its number."""
    with pytest.raises(ValueError, match=rf"^{said} (a Value, )?Value\(data=1\.0, grad=0\.0\)"
                       r"; targets are plain numbers: give its number, v\.data$"):  # fmt: skip
        call()
