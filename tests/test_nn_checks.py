"""``nn.checks``: the shared argument and array checks, against plain numpy and Python."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nn.checks import all_finite, check_number


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


def test_check_number_names_the_argument_and_its_owner() -> None:
    assert check_number(3, "lr", "SGD") == 3.0
    for bad in (True, "0.1", math.nan, -1.0):
        with pytest.raises(ValueError, match=r"^SGD: lr must be a finite number ≥ 0, got"):
            check_number(bad, "lr", "SGD")
    with pytest.raises(ValueError, match=r"^SGD: momentum must be < 1, got 1\.0"):
        check_number(1.0, "momentum", "SGD", high=1.0)
