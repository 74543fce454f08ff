"""``all_finite`` against numpy's own ``np.isfinite(x).all()``."""

from __future__ import annotations

import math

import numpy as np
import pytest

import nn.checks
from autograd_mini.finite import all_finite, all_finite_each


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
@pytest.mark.parametrize(
    "special", [None, math.nan, math.inf, -math.inf, "huge", "huge_and_nan", "tiny"]
)
def test_all_finite_agrees_with_isfinite(dtype: type, special: object) -> None:
    """The oracle is ``np.isfinite(x).all()``; "huge" entries overflow x·x but are finite,
    so the exact test must take over."""
    rng = np.random.default_rng(0)
    x: np.ndarray = rng.normal(size=(37, 5)).astype(dtype)
    big = float(np.finfo(dtype).max) / 2
    if special == "huge":
        x[3, 2] = big
    elif special == "huge_and_nan":
        x[3, 2], x[30, 1] = big, math.nan
    elif special == "tiny":
        x[:] = float(np.finfo(dtype).smallest_subnormal)
    elif special is not None:
        x[20, 4] = special
    with np.errstate(over="ignore", invalid="ignore"):
        assert all_finite(x) == bool(np.isfinite(x).all())
        assert all_finite(x[:, ::2]) == bool(np.isfinite(x[:, ::2]).all())  # not contiguous


def test_all_finite_of_nothing_is_true() -> None:
    assert all_finite(np.zeros((0, 3)))


def test_nn_checks_offers_the_same_test() -> None:
    assert nn.checks.all_finite is all_finite


@pytest.mark.parametrize("special", [None, math.nan, math.inf, "huge"])
@pytest.mark.parametrize("where", [0, 2])
def test_all_finite_each_agrees_with_isfinite(special: object, where: int) -> None:
    """Three arrays of different shapes, one of them holding the special entry; "huge"
    (finite, its square not) must not be mistaken for an infinity."""
    rng = np.random.default_rng(1)
    xs = [rng.normal(size=(1, 16)), rng.normal(size=(4, 3)), rng.normal(size=(2, 10))]
    if special == "huge":
        xs[where][0, 1] = 1e300
    elif special is not None:
        xs[where][0, 1] = special
    with np.errstate(over="ignore", invalid="ignore"):
        assert all_finite_each(xs) == all(bool(np.isfinite(x).all()) for x in xs)
    assert all_finite_each([])
