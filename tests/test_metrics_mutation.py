"""nn.accuracy rules the hand mutation round of session 36 found unpinned: each test
kills a hand-made mutant of nn/metrics.py that tests/test_metrics.py (and the tests
near it) let through, against counts of right samples worked out here by hand."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest

import nn
from autograd_mini import Value
from nn.metrics import accuracy_arrays, refuse_tied_targets


def test_accuracy_counts_fewer_outputs_than_targets() -> None:
    """One output for two targets is a count mismatch, said so (zip's own "argument 2
    is longer than argument 1" named neither)."""
    with pytest.raises(ValueError) as info:
        nn.accuracy([[0.5]], [1, 0], threshold=0.5)
    assert str(info.value) == "accuracy: 1 outputs but 2 targets"


def test_per_label_with_one_output_still_asks_for_a_yes_no_label() -> None:
    """With one output per sample per_label changes nothing: target [2] is no yes/no
    label, refused as target 2 is without per_label."""
    for per_label in (False, True):
        with pytest.raises(ValueError, match=r"^accuracy: target 0 is 2, but each sample has one"):
            nn.accuracy([[0.5]], [[2]], threshold=0.5, per_label=per_label)


@pytest.mark.parametrize("targets", [b"\x01\x00", {0: 1, 1: 0}], ids=["bytes", "dict"])
def test_accuracy_refuses_bytes_or_a_dict_as_targets(targets: Any) -> None:
    """list(b'\\x01\\x00') is [1, 0] and list of a dict its keys: neither is a list of
    targets, and both were scored as one."""
    kind = type(targets).__name__
    with pytest.raises(ValueError, match=rf"^accuracy: targets must be a list .* got {kind} "):
        nn.accuracy([[0.5], [0.2]], targets, threshold=0.5)


def test_ragged_outputs_name_the_first_row_of_another_length() -> None:
    with pytest.raises(ValueError) as info:
        nn.accuracy([[0.1, 0.2], [0.3], [0.4, 0.5]], [0, 1, 1])
    assert str(info.value).startswith(
        "accuracy: outputs are ragged: output 1 has 1 number but output 0 has 2 numbers"
    )


def test_a_list_of_values_is_one_output_per_sample() -> None:
    """[Value(0.7), Value(0.2)] (a one-output model's outputs, each a Value): 0.7 > 0.5
    is class 1, 0.2 class 0, both right."""
    assert nn.accuracy([Value(0.7), Value(0.2)], [1, 0], threshold=0.5) == 1.0


def test_the_all_ones_hint_is_given_only_when_every_target_is_1() -> None:
    with pytest.raises(ValueError) as info:
        nn.accuracy([[0.3], [0.7]], [0, 1])
    assert "no threshold given" in str(info.value)
    assert "all 1" not in str(info.value)
    with pytest.raises(ValueError, match="targets that are all 1 may be ±1 labels"):
        nn.accuracy([[0.3], [0.7]], [1, 1])


def test_per_label_compares_the_targets_with_target_threshold() -> None:
    """Labels 2 and 1 at target_threshold 1.5: [yes, no]; outputs [0.7, 0.2] at 0.5:
    [yes, no]; both labels right (at 0.5 the targets would be [yes, yes]: one right)."""
    right = nn.accuracy([[0.7, 0.2]], [[2, 1]], threshold=0.5, target_threshold=1.5, per_label=True)
    assert right == 1.0


def test_a_tied_target_row_says_argmax_would_take_the_first_class() -> None:
    with pytest.raises(ValueError, match=re.escape("(argmax would count it as class 0)")):
        nn.accuracy([[0.1, 0.2, 0.3]], [[1, 1, 0]])
    with pytest.raises(ValueError, match=re.escape("(argmax would count it as class 1)")):
        nn.accuracy([[0.1, 0.2, 0.3]], [[0, 1, 1]])


def test_refuse_tied_targets_names_the_first_tied_row() -> None:
    y = np.array([[1.0, 0.0], [0.5, 0.5], [1.0, 1.0]])
    with pytest.raises(ValueError, match=re.escape("fit: y target 1 is [0.5, 0.5]: ")):
        refuse_tied_targets(y, 2, "fit: y")


def test_accuracy_arrays_compares_targets_with_their_own_threshold() -> None:
    """Logits at 0 against probabilities at 0.5 (binary cross-entropy's pair): 0.3 is
    yes and 0.75 is yes, −0.2 no and 0.25 no: both right (0.25 > 0 would count one
    wrong)."""
    outputs = np.array([[0.3], [-0.2]])
    targets = np.array([[0.75], [0.25]])
    assert accuracy_arrays(outputs, targets, 0.0, 0.5, per_label=False) == 1.0
