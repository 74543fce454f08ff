"""``nn.checks``: the shared argument checks, against plain Python."""

from __future__ import annotations

import math

import pytest

from nn.checks import check_number


def test_check_number_names_the_argument_and_its_owner() -> None:
    assert check_number(3, "lr", "SGD") == 3.0
    for bad in (True, "0.1", math.nan, -1.0):
        with pytest.raises(ValueError, match=r"^SGD: lr must be a finite number ≥ 0, got"):
            check_number(bad, "lr", "SGD")
    with pytest.raises(ValueError, match=r"^SGD: momentum must be < 1, got 1\.0"):
        check_number(1.0, "momentum", "SGD", high=1.0)
