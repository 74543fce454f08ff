"""Loss rules the mutation round of nn/losses.py found unpinned: each test kills a
hand-made mutant that tests/test_losses.py let through, against a closed form or the
rule the loss's docstring states (never against the code under test)."""

from __future__ import annotations

import re

import numpy as np
import pytest

import nn
from autograd_mini import Value, topological_order
from nn.losses import refuse_fractions, target_matrix


@pytest.mark.parametrize("target", [[1.5, -0.5], [-0.25, 0.5, 0.75]], ids=repr)
def test_cross_entropy_refuses_a_target_with_a_negative_entry_that_sums_to_1(
    target: list[float],
) -> None:
    """A probability vector has entries ≥ 0 as well as the sum 1. [1.5, −0.5] sums to 1
    and would be taken by a check of the sum alone: its "loss" at z = (0, 1) is
    log(1 + e) − (−0.5) = 1.81, and at z = (0, −40) it is below 0 (−19.0), a cross-
    entropy no distribution has."""
    outputs = [[Value(0.0) for _ in target]]
    with pytest.raises(ValueError, match=re.escape("target 0 (") + r".*not a probability vector"):
        nn.softmax_cross_entropy(outputs, [target])
    with pytest.raises(ValueError, match="not a probability vector"):
        nn.CrossEntropy()(outputs, [target])


@pytest.mark.parametrize("k", [2, 3])
def test_a_float_label_equal_to_the_class_count_is_no_class(k: int) -> None:
    """Classes are 0 ≤ c < k: a float label k (2.0 among float labels for 2 outputs) is
    named as no class, like −1.0 and 1.5 are, not told "a class index must be an integer
    (y.astype(int))", advice that makes it the class k, refused again. Asked of the
    labels as a list (target_matrix) and as the float array fit reads them in
    (refuse_fractions' array branch, which fit asks first)."""
    labels = np.array([0.0, float(k), 1.0])
    said = f"target 1 is {float(k)}, which is no class"
    with pytest.raises(ValueError) as caught:
        target_matrix(labels, k, "t")
    assert str(caught.value).startswith(f"t: {said}")
    with pytest.raises(ValueError) as caught:
        refuse_fractions(labels, k, "t")
    assert str(caught.value).startswith(f"t: {said}")
    with pytest.raises(ValueError) as caught:
        nn.fit(nn.MLP(2, [k], seed=0), np.zeros((3, 2)), labels, epochs=1, progress=False)
    assert said in str(caught.value) and "astype" not in str(caught.value)


@pytest.mark.parametrize("targets", [[0.0, 1.0, 3.0, 1.0], [-1.0, 0.0, 1.0], [2.0, 0.5, 7.0]])
def test_squared_error_scores_targets_of_more_than_two_values_at_its_own_threshold(
    targets: list[float],
) -> None:
    """SquaredError.thresholds: targets of exactly two values are scored at their
    midpoint; of more than two (a regression) at 0.5, the class's threshold. Read off
    the two ends alone, [0, 1, 3] was scored at 1.5 and [−1, 0, 1] at 0."""
    column = np.array(targets)
    assert nn.SquaredError().thresholds(column) == (0.5, 0.5)
    assert nn.SquaredError().thresholds(column.reshape(-1, 1)) == (0.5, 0.5)
    lo, hi = min(targets), max(targets)  # the two ends alone: their midpoint
    two = np.array([lo, hi, hi])
    assert nn.SquaredError().thresholds(two) == (lo / 2 + hi / 2, lo / 2 + hi / 2)


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_a_one_sample_loss_is_its_term_with_no_scaling_node(reduction: str) -> None:
    """The mean of one term is the term: ``squared_error([model(x)], [y])``, the form the
    module docstring gives for a single sample, is the sample's own graph, 3
    subtractions and one dot for three outputs (counted by hand, as
    test_squared_error_graph_stays_small counts a batch's), with no ×1.0 node, which a
    picture of the loss would draw, and the value (0.1 − 1)² + 0.2² + 0.3² = 0.94."""
    out = [Value(0.1), Value(0.2), Value(0.3)]
    loss = nn.squared_error([out], [0], reduction=reduction)
    assert len(topological_order(loss)) == 3 + 1
    assert loss.op == "dot"
    assert loss.data == pytest.approx(0.81 + 0.04 + 0.09, rel=1e-15)
