"""nn.data rules the hand mutation round of session 36 found unpinned: each test kills
a hand-made mutant of nn/data.py that tests/test_data.py (and the tests near it) let
through, against a closed form or numpy written out here (never against the code under
test)."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from nn import data


def _shuffled(y: np.ndarray) -> bool:
    """Whether the labels are out of class order (the generators make them in order,
    class by class, then shuffle the samples)."""
    return bool((np.diff(y) < 0).any())


def test_moons_and_circles_are_shuffled_with_each_point_kept_on_its_curve() -> None:
    """moons and circles make class 0's points, then class 1's, then shuffle them (the
    rows with their labels). Without the shuffle every label 0 came first, a set a
    full-batch plot shows the same, but batches(shuffle=False) or a split of it did
    not: a split's test set was all of one class. Each shuffled row still lies on its
    own class's curve (noise 0): the unit half circle and the one shifted by (1, 0.5)
    for moons, radius 1 and ``factor`` for circles."""
    X, y = data.moons(40, noise=0.0, seed=0)
    assert _shuffled(y)
    top, bottom = X[y == 0], X[y == 1]
    np.testing.assert_allclose(top[:, 0] ** 2 + top[:, 1] ** 2, 1.0)
    np.testing.assert_allclose((bottom[:, 0] - 1.0) ** 2 + (bottom[:, 1] - 0.5) ** 2, 1.0)
    X, y = data.circles(40, noise=0.0, factor=0.25, seed=0)
    assert _shuffled(y)
    np.testing.assert_allclose(np.hypot(X[y == 0, 0], X[y == 0, 1]), 1.0)
    np.testing.assert_allclose(np.hypot(X[y == 1, 0], X[y == 1, 1]), 0.25)


@pytest.mark.parametrize(("n", "outer", "inner"), [(10, 5, 5), (9, 5, 4)])
def test_circles_puts_its_points_at_even_angles_without_repeating_one(
    n: int, outer: int, inner: int
) -> None:
    """Each circle's m points are at the angles 2πj/m, j = 0 … m−1 (the circle closes:
    angle 2π is angle 0, so it is not drawn twice). With the end point included the
    outer circle held the point (1, 0) twice and its points were 2π/(m−1) apart."""
    X, y = data.circles(n, noise=0.0, factor=0.5, seed=0)
    for label, m in ((0, outer), (1, inner)):
        angles = np.sort(np.mod(np.arctan2(X[y == label, 1], X[y == label, 0]), 2 * math.pi))
        want = 2 * math.pi * np.arange(m) / m
        np.testing.assert_allclose(angles, want, atol=1e-12)


def test_spirals_are_cs231n_s_arms() -> None:
    """The docstring names CS231n's classic set: arm c's m points at radii r running
    evenly over [0, 1] and angles t evenly over [4c, 4c + 4], both ends included, each
    point (r sin t, r cos t). Written out here for noise 0; the arms were drawn mirrored
    (r cos t, r sin t) and with the last angle short of 4c + 4 without a test noticing."""
    m, classes = 5, 3
    X, y = data.spirals(m * classes, classes=classes, noise=0.0, seed=0)
    assert _shuffled(y)
    for c in range(classes):
        arm = X[y == c]
        arm = arm[np.argsort(np.hypot(arm[:, 0], arm[:, 1]))]  # by radius: 0 first
        r = np.array([j / (m - 1) for j in range(m)])
        t = np.array([4.0 * c + 4.0 * j / (m - 1) for j in range(m)])
        np.testing.assert_allclose(arm, np.stack([r * np.sin(t), r * np.cos(t)], 1), atol=1e-12)


def test_one_hot_takes_unsigned_labels() -> None:
    """numpy's unsigned integers are class numbers too (labels read from a uint8 image
    file): one row e_c each, not "got values of type uint8"."""
    labels = np.array([0, 2, 1, 2], dtype=np.uint8)
    want = [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    assert data.one_hot(labels).tolist() == want
    assert data.one_hot(labels.astype(np.uint64), classes=4).shape == (4, 4)


def test_one_hot_names_a_float_label_of_2_to_the_63_as_too_large() -> None:
    """2.0**63 is a whole number no int64 holds (int64 ends at 2**63 − 1):
    y.astype(int) would make another number of it, so it is named, not met with the
    advice to call y.astype(int)."""
    assert np.iinfo(np.int64).max < 2**63
    with pytest.raises(ValueError) as info:
        data.one_hot([0.0, 2.0**63])
    assert str(info.value) == (
        "one_hot: expected a 1-D array of integer labels, got floats: label 1 is "
        "9.223372036854776e+18, too large for a class number"
    )


def test_train_test_split_speaks_of_a_half_only_for_a_half() -> None:
    """5 samples at 0.95 give 4.75 test samples, rounded to 5: no half to round to the
    even neighbour, and the refusal does not say there was one (it does for 0.9 × 5 =
    4.5, which round() takes to 4: that one splits)."""
    X, y = np.arange(10.0).reshape(5, 2), np.arange(5)
    assert round(5 * 0.95) == 5 and round(5 * 0.9) == 4
    with pytest.raises(ValueError) as info:
        data.train_test_split(X, y, test_size=0.95)
    said = str(info.value)
    assert "round(4.75) = 5 for testing, which leaves the training set empty" in said
    assert "half" not in said
    assert [len(part) for part in data.train_test_split(X, y, test_size=0.9)] == [1, 4, 1, 4]


def test_train_test_split_reads_test_size_1_as_scikit_learns_count() -> None:
    """test_size=1 is scikit-learn's one test sample: told so, with the fraction that
    asks for it here (1/20), as test_size=5 is."""
    X, y = np.arange(40.0).reshape(20, 2), np.arange(20)
    with pytest.raises(ValueError, match=r"got 1: it is not a count.*give test_size=1/20$"):
        data.train_test_split(X, y, test_size=1)


def test_train_test_split_names_a_ragged_tuple_as_the_third_argument() -> None:
    """A tuple where test_size goes is told as a list is ("the third argument"), a
    ragged one too, whose np.ndim is numpy's own ValueError ("inhomogeneous shape")."""
    X, y = np.arange(40.0).reshape(20, 2), np.arange(20)
    with pytest.raises(ValueError, match=re.escape("got ((1,), (1, 2)) (the third argument)")):
        data.train_test_split(X, y, ((1,), (1, 2)))  # type: ignore[arg-type]


def test_batches_calls_an_empty_set_of_booleans_empty() -> None:
    """No samples is what is wrong with X = zeros((0, 2)) and y = array([], bool):
    said so, as for an empty float y, not "y holds booleans", of a y that holds none."""
    for y in (np.array([], dtype=bool), np.array([])):
        with pytest.raises(ValueError) as info:
            data.batches(np.zeros((0, 2)), y)
        assert str(info.value) == "batches: no samples (X and y are empty)"


def test_batches_refuses_a_complex_dtype() -> None:
    """dtype must be a floating-point dtype: complex128 is inexact but holds no real
    number a model computes with; it was taken, and the batches came out complex."""
    X = np.array([[0.5, 1.0], [2.0, 3.0]])
    for dtype in (np.complex128, "complex64"):
        with pytest.raises(
            ValueError,
            match=r"^batches: dtype must be a floating-point numpy dtype \(np\.float64, "
            r"np\.float32\) or None, got ",
        ):
            data.batches(X, [0.0, 1.0], dtype=dtype)


def test_batches_names_the_cell_that_overflows_not_an_infinity_before_it() -> None:
    """X's own infinity is passed on (the docstring says so); the refusal for a number
    float32 cannot hold names that number's cell, row 1 column 0 here, not the inf in
    row 0, which overflowed nothing."""
    X = np.array([[np.inf, 1.0], [1e300, 2.0]])
    with pytest.raises(ValueError) as info:
        list(data.batches(X, [0.0, 1.0], shuffle=False, dtype=np.float32))
    assert str(info.value).startswith("batches: X row 1 column 0 is 1e+300, beyond float32's")
    # an infinity alone is passed on as it is
    ((Xb, _),) = data.batches(X[:1], [0.0], dtype=np.float32)
    assert Xb.dtype == np.float32 and math.isinf(Xb[0, 0])


@pytest.mark.parametrize("name", ["moons", "circles", "spirals", "xor"])
def test_load_dataset_gives_the_generator_at_its_default_noise_and_the_seed(name: str) -> None:
    """load_dataset(name, seed) is the demo's set: the generator ``name`` at its
    default noise (not passed here: the signature's), with the seed given — spirals'
    noise was 0.25 for a while without a test seeing it, and moons' seed always 0."""
    make = getattr(data, name)
    for seed in (3, 4):
        X, y = data.load_dataset(name, seed=seed)
        want_X, want_y = make(len(y), seed=seed)
        np.testing.assert_array_equal(X, want_X)
        np.testing.assert_array_equal(y, want_y)
