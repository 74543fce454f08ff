"""A student's number too long for its digits is shown by its size, in every message.

nb07's cheaper_mode answering ("reverse", 10**400) was told "reverse mode makes 1 pass,
got 1000…000", all 401 digits, where the other checks show a number past a float as
"≈ 1.000e+400"; an int of more than 4,300 digits has no repr at all (Python's limit),
and the check stopped with its own "stopped with ValueError". The messages now show the
student's values through :func:`exercises.shown.short`, which shows an int or a Fraction
of more than 40 digits by its size. Oracle: the sizes by hand (10**400 = 1.000e+400,
-2·10**5000 = -2.000e+5000, 10**400/3 = 3.333e+399). The same check's mode given as a
list stopped it with its own TypeError; it is told as the mode it is not.
"""

# ruff: noqa: RUF001 (the Chinese messages it reads have full-width punctuation)

from __future__ import annotations

from fractions import Fraction
from typing import Any

import editions
import pytest
from exercise_cases import assert_named


def _reverse_with(passes: Any) -> Any:
    """Right where forward mode is due; ("reverse", ``passes``) where reverse is."""

    def cheaper_mode(n_in: int, n_out: int) -> Any:
        return ("forward", n_in) if n_in <= n_out else ("reverse", passes)

    return cheaper_mode


@pytest.mark.parametrize(
    ("passes", "shown"),
    [
        (10**400, "≈ 1.000e+400"),
        (-2 * 10**5000, "≈ -2.000e+5000"),  # no repr: past Python's 4,300 digits
        (Fraction(10**400, 3), "≈ 3.333e+399"),
        (10**40 - 1, "9" * 40),  # 40 digits: shown whole
    ],
    ids=["10**400", "-2*10**5000", "10**400/3", "40 nines"],
)
def test_a_long_pass_count_is_shown_by_its_size(passes: Any, shown: str) -> None:
    said = assert_named(
        "nb07.check_cheaper_mode",
        _reverse_with(passes),
        f"cheaper_mode(13002, 1): reverse mode makes 1 pass, got {shown}",
        f"cheaper_mode(13002, 1)：反向模式需要 1 遍，得到的是 {shown}",
    )
    for text in said.values():
        assert len(text) < 120, text  # one line, not a screenful of digits
    editions.assert_english(said["en"])
    editions.assert_chinese(said["zh"])


def test_a_long_number_in_place_of_a_pair_or_a_mode_is_shown_by_its_size() -> None:
    assert_named(
        "nb07.check_cheaper_mode",
        lambda n_in, n_out: 10**400,
        "cheaper_mode(13002, 1): expected a pair (mode, passes), got ≈ 1.000e+400",
        "cheaper_mode(13002, 1)：应返回一对（模式，遍数），得到的是 ≈ 1.000e+400",
        "end",
    )
    assert_named(
        "nb07.check_cheaper_mode",
        lambda n_in, n_out: (10**400, n_out),
        "cheaper_mode(13002, 1): expected mode 'reverse', got ≈ 1.000e+400",
        "cheaper_mode(13002, 1)：模式应为 'reverse'，得到的是 ≈ 1.000e+400",
        "end",
    )


def test_a_mode_that_is_not_a_string_is_told_as_the_mode_it_is_not() -> None:
    """['reverse'] (a list) as the mode: looking it up among the modes, a set, raised
    the checker's own TypeError, told as "stopped with TypeError (… did a function
    forget to return …?)"."""
    assert_named(
        "nb07.check_cheaper_mode",
        lambda n_in, n_out: (["reverse"], n_out),
        "cheaper_mode(13002, 1): expected mode 'reverse', got ['reverse']",
        "cheaper_mode(13002, 1)：模式应为 'reverse'，得到的是 ['reverse']",
        "end",
    )


def test_a_short_fraction_is_shown_as_it_reads() -> None:
    """Fraction(1, 3) as the pass count was told "got Fraction(1, 3)" before the messages
    went through ``short``, and then "got <Fraction object>": fractions.py writes its
    ``__repr__`` in Python, which ``short`` takes for the student's (whose repr it does not
    run). A default of the student's function read so too. Oracle: Python's repr of it."""
    assert_named(
        "nb07.check_cheaper_mode",
        _reverse_with(Fraction(1, 3)),
        "cheaper_mode(13002, 1): reverse mode makes 1 pass, got Fraction(1, 3)",
        "cheaper_mode(13002, 1)：反向模式需要 1 遍，得到的是 Fraction(1, 3)",
        "end",
    )

    def central_difference(f: Any, h: Any = Fraction(1, 100)) -> float:
        return 0.0

    assert_named(
        "nb01.check_central_difference",
        central_difference,
        "your function is 'def central_difference(f, h=Fraction(1, 100))'",
        "'def central_difference(f, h=Fraction(1, 100))'",
    )


def test_a_mode_in_a_numpy_array_is_not_told_as_the_other_mode() -> None:
    """np.array(['reverse']) as the mode: the hint's ``mode in ("forward", "reverse")``
    compared it elementwise, True, and told it "the other mode" where 'reverse' is the
    mode due (inside an array); two entries raised numpy's own ValueError, told as the
    check stopping ("did a function forget to return …?"). A mode that is no string gets
    no hint about which mode it is, as ['reverse'] (a list) gets none."""
    import numpy as np

    assert_named(
        "nb07.check_cheaper_mode",
        lambda n_in, n_out: (np.array(["reverse"]), n_out),
        "cheaper_mode(13002, 1): expected mode 'reverse', got array(['reverse'], dtype='<U7')",
        "cheaper_mode(13002, 1)：模式应为 'reverse'，得到的是 array(['reverse'], dtype='<U7')",
        "end",
    )
    assert_named(
        "nb07.check_cheaper_mode",
        lambda n_in, n_out: (np.array(["reverse", "forward"]), n_out),
        "cheaper_mode(13002, 1): expected mode 'reverse', got array(",
        "cheaper_mode(13002, 1)：模式应为 'reverse'，得到的是 array(",
        "start",
    )
