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


def test_any_finite_number_reads_as_such_when_there_is_no_lower_end() -> None:
    """low=-inf (a mean, a bias): the message says "a finite number", not "≥ -inf"."""
    assert check_number(-3, "mean", "Normal", low=-math.inf) == -3.0
    for bad in (math.inf, -math.inf, math.nan, True, None, "0"):
        with pytest.raises(ValueError, match=r"^Normal: mean must be a finite number, got"):
            check_number(bad, "mean", "Normal", low=-math.inf)


def test_an_int_too_large_for_a_float_is_named_by_its_size() -> None:
    """10**400 raised Python's bare OverflowError "int too large to convert to float"."""
    with pytest.raises(ValueError, match=r"^SGD: lr must be .*an integer of 401 digits, too large"):
        check_number(10**400, "lr", "SGD")
