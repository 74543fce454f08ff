"""A check reads a student's list, tuple or array by its type, never by their code.

``expect_close_all`` iterated any answer (``list(got)``) and ``hessian_shape`` read the
student's objects inside the checker (``len``, iteration, ``float()``): a student's
iterable whose ``__iter__``, ``__next__`` or ``__len__`` raised stopped the check with
their error shown as the checker's own, and a generator's code ran outside the time
limit. Only the known containers are read now — a list or a tuple (by list's and
tuple's own iteration), numpy's array, an installed library's array — and anything else
is told what it is and that a sequence was due.
"""

# ruff: noqa: RUF001 (the Chinese messages it reads have full-width punctuation)

from __future__ import annotations

from typing import Any

import editions
import numpy as np
import pytest
from exercise_cases import mistake, raised

from autograd_mini import grad, hessian

#: The student's code that ran inside a check (it must not).
RAN: list[str] = []


class Rows:
    """A student's iterable of numbers whose iteration raises."""

    def __iter__(self) -> Any:
        RAN.append("__iter__")
        raise RuntimeError("the student's __iter__ ran")

    def __len__(self) -> int:
        RAN.append("__len__")
        raise RuntimeError("the student's __len__ ran")


class Counted(list[float]):
    """A student's class(list) whose own __len__ and __iter__ raise."""

    def __len__(self) -> int:
        RAN.append("Counted.__len__")
        raise RuntimeError("the student's __len__ ran")

    def __iter__(self) -> Any:
        RAN.append("Counted.__iter__")
        raise RuntimeError("the student's __iter__ ran")


class Shaped:
    """A student's object holding a shape, as an array does, with its own ravel."""

    shape = (2, 1)

    def ravel(self) -> Any:
        RAN.append("ravel")
        raise RuntimeError("the student's ravel ran")


def _numbers() -> Any:
    RAN.append("generator")
    yield 1.0
    yield 2.0


@pytest.mark.parametrize("lang", editions.LANGS)
@pytest.mark.parametrize(
    ("got", "shown"),
    [
        (Rows(), {"en": "<Rows object>", "zh": "<Rows 对象>"}),
        (Shaped(), {"en": "<Shaped object>", "zh": "<Shaped 对象>"}),
        (_numbers(), {"en": "<generator object _numbers", "zh": "生成器 _numbers"}),
    ],
    ids=["iterable", "shape held", "generator"],
)
def test_an_object_of_the_student_s_is_told_not_a_sequence(
    lang: str, got: Any, shown: dict[str, str]
) -> None:
    RAN.clear()
    said = raised(lang, lambda: editions.package(lang).expect_close_all("g", got, [1.0, 2.0]))
    due = {"en": "g: expected a sequence, got ", "zh": "g：应当是一个序列（列表或数组），得到的是 "}
    assert said.startswith(due[lang] + shown[lang]), said
    assert RAN == [], RAN


@pytest.mark.parametrize("lang", editions.LANGS)
def test_a_class_of_list_is_read_as_the_list_it_holds(lang: str) -> None:
    """A class(list) of the student's is its entries, read by list's own iteration."""
    RAN.clear()
    edition = editions.package(lang)
    edition.expect_close_all("g", Counted([1.0, 2.0]), [1.0, 2.0])
    said = raised(lang, lambda: edition.expect_close_all("g", Counted([1.0, 2.5]), [1.0, 2.0]))
    assert said.startswith("g[1]"), said
    assert RAN == [], RAN


def _cost(w1: float, w2: float) -> Any:
    return (w1 - 1) ** 2 + w1 * w2 + 2 * (w2 + 2) ** 2


def _dividing_by_its_own_rows(cost: Any, w: Any) -> Any:
    """Divides by hessian's matrix held in a class(list) of the student's (a TypeError)."""
    matrix = Counted(hessian(cost, argnums=(0, 1))(*w))
    g = grad(cost, argnums=(0, 1))(*w)
    return g / matrix


def _its_own_pair(cost: Any, w: Any) -> Any:
    """Passes grad an object of the student's whose iteration raises, as one argument."""
    return grad(cost, argnums=(0, 1))(Rows())


@pytest.mark.parametrize("lang", editions.LANGS)
@pytest.mark.parametrize(
    "newton_step", [_dividing_by_its_own_rows, _its_own_pair], ids=["matrix", "pair"]
)
def test_hessian_shape_reads_no_object_of_the_student_s(lang: str, newton_step: Any) -> None:
    """hessian_shape read a name's value as hessian's matrix by its length and rows, and
    an argument given grad's function as a pair by its iteration and float(): a
    student's class(list) or iterable raising there stopped nb07's check as the
    checker's own error. The student's code is told as call tells it."""
    RAN.clear()
    said = mistake(lang, "nb07.check_newton_step", newton_step, _cost)
    assert said.startswith("newton_step(cost, "), said
    assert "TypeError" in said or "IndexError" in said, said
    assert all(ran.startswith(("Counted", "__iter__")) for ran in RAN), RAN  # theirs, called


@pytest.mark.parametrize("lang", editions.LANGS)
def test_nb07_reads_no_object_of_the_student_s_for_its_hints(lang: str) -> None:
    """nb07's newton step check compared the answer for q with the notebook's cost's step
    by zip() and math.isclose (its iteration and float()), and matched its slips by len()
    and list(): an object of the student's raising there stopped the check."""
    RAN.clear()
    said = mistake(lang, "nb07.check_newton_step", lambda cost, w: Rows(), _cost)
    assert {"en": "got <Rows object>", "zh": "得到的是 <Rows 对象>"}[lang] in said, said
    assert RAN == [], RAN
    said = mistake(lang, "nb07.check_newton_step", lambda cost, w: np.ones((2, 2)), _cost)
    assert "(2, 2)" in said, said
