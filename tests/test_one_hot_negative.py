"""one_hot's advice y.astype(int) is given only where one_hot then takes the integers:
[0.0, -1.0] was told to make integers, and one_hot then refused the -1."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from nn import data, losses


def _first_unusable(y: list[float]) -> int | None:
    """By hand: the first label that is not a whole number ≥ 0 (oracle)."""
    for i, v in enumerate(y):
        if not (math.isfinite(v) and float(v).is_integer() and v >= 0):
            return i
    return None


@pytest.mark.parametrize(
    "y",
    [[0.0, -1.0], [-1.0, 2.0], [2.0, 0.0, -3.0], [-0.5, -1.0], [1.0, -1.0, 2.5], [0.0, 1.0]],
    ids=repr,
)
def test_float_labels_name_a_negative_one_before_advising_astype(y: list[float]) -> None:
    first = _first_unusable(y)
    with pytest.raises(ValueError) as caught:
        data.one_hot(np.array(y))
    said = str(caught.value)
    if first is None:  # the advice, and following it works (oracle: rows e_c)
        assert "y.astype(int)" in said
        rows = data.one_hot(np.array(y).astype(int))
        assert rows.tolist() == [[float(c == int(v)) for c in range(int(max(y)) + 1)] for v in y]
        return
    assert "astype" not in said
    assert f"label {first} is {y[first]!r}, " in said
    if float(y[first]).is_integer():
        assert said.endswith("below 0 (class numbers start at 0)")


def test_the_advice_is_followed_without_a_refusal() -> None:
    """Over many arrays of whole floats, some negative: wherever one_hot says
    y.astype(int), one_hot(y.astype(int)) takes them."""
    rng = np.random.default_rng(0)
    advised = 0
    for _ in range(300):
        y = rng.integers(-2, 5, size=rng.integers(1, 6)).astype(float)
        with pytest.raises(ValueError) as caught:
            data.one_hot(y)
        if "y.astype(int)" in str(caught.value):
            advised += 1
            assert data.one_hot(y.astype(int)).shape == (len(y), int(y.max()) + 1)
        else:
            assert (y < 0).any()
            i = int(np.argmax(y < 0))
            assert f"label {i} is {float(y[i])!r}, below 0" in str(caught.value)
    assert 0 < advised < 300


@pytest.mark.parametrize("y", [[0, -1], [np.int64(-2), 1]], ids=repr)
def test_integers_in_an_object_array_name_a_negative_one(y: list[Any]) -> None:
    labels = np.array(y, dtype=object)
    with pytest.raises(ValueError) as caught:
        data.one_hot(labels)
    i = next(i for i, v in enumerate(y) if v < 0)
    assert str(caught.value) == (
        f"one_hot: expected a 1-D array of integer labels, got objects: label {i} is "
        f"{y[i]!r}, below 0 (class numbers start at 0)"
    )


@pytest.mark.parametrize("y", [[0, -1, 2], [-3, 1], [2, 0, 1, -2]], ids=repr)
def test_a_negative_label_is_worded_alike_as_an_integer_and_as_a_float(y: list[int]) -> None:
    """A negative label was "labels must be class numbers ≥ 0, got -1 at position 1" as
    an int and "label 1 is -1.0, below 0 (class numbers start at 0)" as a float (one_hot);
    a loss's target -1 was "is class -1, expected 0 ≤ class < 3" and -1.0 was passed by
    to advise y.astype(int) for target 0. Now each says the same but the number's
    spelling: the expected clause is built here by hand, at the first negative label."""
    i = next(i for i, v in enumerate(y) if v < 0)
    k = max(y) + 1
    for labels, shown in (
        (np.array(y), f"{y[i]}"),
        (np.array(y, dtype=float), f"{float(y[i])!r}"),
        (np.array(y, dtype=object), f"{y[i]}"),
    ):
        with pytest.raises(ValueError) as caught:
            data.one_hot(labels, k)
        assert str(caught.value).endswith(
            f"label {i} is {shown}, below 0 (class numbers start at 0)"
        ), labels.dtype
        with pytest.raises(ValueError) as caught:
            losses.target_matrix(labels, k, "targets")
        assert str(caught.value) == (
            f"targets: target {i} is {shown}, which is no class: a class index is a whole "
            f"number 0 ≤ class < {k}; or give a row of {k} numbers"
        ), labels.dtype
