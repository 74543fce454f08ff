"""One runner for the tables of wrong answers in tests/test_exercises_nb*.py.

Each of those files holds tables of (the check, a wrong answer, what the message must
say, in English and in Chinese) and ran them its own way: its own ``_mistake`` (the check
in one edition, its Mistake's message), its own loop over the languages, its own
``endswith`` or ``in``. :func:`mistake` runs one answer through one check in one edition
(:func:`raised`, any code that calls one, such as a notebook's cells);
:func:`assert_told` runs an answer in each edition given words for and asserts where the
words stand; :func:`expected_and_got` reads the two numbers a message shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Literal

import editions
import pytest

#: Where a message must hold its words: at its end (a slip's hint, in parentheses), at its
#: start (the entry it names) or anywhere in it.
Where = Literal["start", "end", "in"]


def check_of(lang: str, qualified: str) -> Callable[..., Any]:
    """``nbNN.check_x`` (``qualified``) in one edition's copy of the checks."""
    module, name = qualified.split(".")
    check: Callable[..., Any] = getattr(editions.module(lang, module), name)
    return check


def raised(lang: str, run: Callable[[], Any]) -> str:
    """The message of the Mistake ``run()`` raises in edition ``lang`` (a check of that
    edition's copy, or a notebook cell calling one); not raising one fails."""
    with pytest.raises(editions.package(lang).Mistake) as caught:
        run()
    return str(caught.value)


def mistake(lang: str, qualified: str, answer: Any, *extra: Any) -> str:
    """The message of the Mistake the check ``qualified`` raises for ``answer`` (and the
    check's further arguments ``extra``) in edition ``lang``."""
    return raised(lang, lambda: check_of(lang, qualified)(answer, *extra))


def passes(lang: str, qualified: str, answer: Any, *extra: Any) -> bool:
    """The verdict of the check ``qualified`` on ``answer`` in edition ``lang``."""
    return editions.verdict(check_of(lang, qualified)(answer, *extra))


def assert_told(
    said_in: Callable[[str], str], words: Mapping[str, str], where: Where = "in"
) -> dict[str, str]:
    """Each edition's message (``said_in(lang)``) holds that edition's ``words`` ``where``
    it should; the messages, by language."""
    said = {}
    for lang, expected in words.items():
        text = said_in(lang)
        if where == "start":
            assert text.startswith(expected), text
        elif where == "end":
            assert text.endswith(expected), text
        else:
            assert expected in text, text
        said[lang] = text
    return said


def assert_named(
    qualified: str,
    answer: Any,
    en: str,
    zh: str,
    where: Where = "in",
    extra: tuple[Any, ...] = (),
) -> dict[str, str]:
    """The table rows' runner: ``answer`` to the check ``qualified`` is a Mistake in both
    editions, told with ``en`` and ``zh`` ``where`` they should stand; the messages."""
    return assert_told(
        lambda lang: mistake(lang, qualified, answer, *extra), {"en": en, "zh": zh}, where
    )


def expected_and_got(lang: str, said: str) -> tuple[float, float]:
    """The two numbers of "expected X, got Y" followed by a hint, in edition ``lang``."""
    pattern = (
        r"expected (\S+), got (\S+?)[ ;(]" if lang == "en" else r"应为 (\S+)，实际得到 (\S+?)（"
    )
    found = re.search(pattern, said)
    assert found, said
    return float(found[1]), float(found[2])
