"""``all_finite`` against numpy's own ``np.isfinite(x).all()``."""

from __future__ import annotations

import math

import numpy as np
import pytest

import nn.checks
from autograd_mini.finite import all_finite


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
