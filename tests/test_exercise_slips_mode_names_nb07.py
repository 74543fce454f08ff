"""nb07's cheaper_mode: a mode's name miswritten AND the other mode is told both.

'Forward' where 'reverse' is due was told "the modes are named in lower case, without
spaces: 'forward'", and 'backward' where 'forward' is due "the mode is called
'reverse'": each pointed the student at the wrong mode, spelt right.
"""

from __future__ import annotations

from typing import Any

import editions
import pytest
from exercise_cases import mistake


def _always(mode: str) -> Any:
    def cheaper_mode(n_in: int, n_out: int) -> Any:
        return mode, n_in

    return cheaper_mode


def _backward_for_forward(n_in: int, n_out: int) -> Any:
    """Right where reverse mode is due; 'backward' where forward mode is."""
    return ("reverse", n_out) if n_in >= n_out else ("backward", n_in)


@pytest.mark.parametrize("lang", editions.LANGS)
def test_a_capitalised_name_of_the_other_mode_is_told_the_other_mode(lang: str) -> None:
    said = mistake(lang, "nb07.check_cheaper_mode", _always("Forward"))
    assert said.startswith("cheaper_mode(13002, 1)"), said
    other = {"en": "'forward' is the other mode", "zh": "'forward' 是另一种模式"}[lang]
    assert other in said, said
    if lang == "zh":
        editions.assert_chinese(said)
    else:
        editions.assert_english(said)


@pytest.mark.parametrize("lang", editions.LANGS)
def test_a_capitalised_name_of_the_right_mode_is_told_its_case_only(lang: str) -> None:
    said = mistake(lang, "nb07.check_cheaper_mode", _always("Reverse"))
    assert said.endswith({"en": "without spaces: 'reverse')", "zh": "不带空格：'reverse'）"}[lang])


@pytest.mark.parametrize("lang", editions.LANGS)
def test_backward_where_forward_is_due_is_told_the_other_mode(lang: str) -> None:
    said = mistake(lang, "nb07.check_cheaper_mode", _backward_for_forward)
    assert said.startswith("cheaper_mode(1, 10)"), said
    other = {"en": "and it is the other mode: ", "zh": "而且它是另一种模式："}[lang]
    assert other in said, said
