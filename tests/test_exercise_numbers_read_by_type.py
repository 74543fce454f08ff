"""A checker reads the numbers the engine reads, without calling an object's ``float()``.

``expect_close`` read any answer ``float()`` read: a student's object whose ``__float__``
raised stopped the check with the student's error shown as the checker's own (a class of
theirs derived from float or int too), PyTorch's complex 0-d tensor stopped it with
torch's bare RuntimeError (its ``float()`` refuses one), and its boolean 0-d tensor read
1.0 (``float(torch.tensor(True))``), where a Python bool is refused. Each is told what
it is now, in both editions. A library's tensor is written here to a folder the test
names an installed library's, as PyTorch's behaves (PyTorch is not installed here).
"""

# ruff: noqa: RUF001 (the Chinese messages it reads have full-width punctuation)

from __future__ import annotations

import array
import collections
from decimal import Decimal
from pathlib import Path
from typing import Any

import editions
import numpy as np
import pytest
from exercise_cases import installed_library, mistake, passes, raised

from autograd_mini import Value

#: The student's code that ran inside a check (it must not).
RAN: list[str] = []


class Raising:
    """A student's object whose ``__float__`` raises."""

    def __float__(self) -> float:
        RAN.append("__float__")
        raise RuntimeError("the student's __float__ ran")


class OwnFloat(float):
    """A student's float whose ``__float__`` is their code, raising."""

    def __float__(self) -> float:
        RAN.append("OwnFloat.__float__")
        raise RuntimeError("the student's __float__ ran")


class OwnInt(int):
    """A student's int whose ``__float__`` is their code, raising."""

    def __float__(self) -> float:
        RAN.append("OwnInt.__float__")
        raise RuntimeError("the student's __float__ ran")


@pytest.mark.parametrize("lang", editions.LANGS)
def test_an_object_s_own_float_is_never_called(lang: str) -> None:
    """A student's object with a ``__float__`` is no number: told what it is, its code
    never run (its RuntimeError was the check's)."""
    RAN.clear()
    edition = editions.package(lang)
    said = raised(lang, lambda: edition.expect_close("f(2)", Raising(), 4.0))
    words = {"en": "f(2): expected a number, got <Raising object>", "zh": "得到的是 <Raising 对象>"}
    assert words[lang] in said, said
    said = raised(lang, lambda: edition.expect_close_all("g", [Raising(), 2.0], [1.0, 2.0]))
    assert "Raising" in said, said
    assert RAN == [], RAN


@pytest.mark.parametrize("lang", editions.LANGS)
def test_a_class_of_float_or_int_is_read_as_its_number(lang: str) -> None:
    """A class(float) or class(int) of the student's is the number it holds (as the
    engine's as_real takes it), read by Python's own slot, not by its ``__float__``."""
    RAN.clear()
    edition = editions.package(lang)
    edition.expect_close("f(2)", OwnFloat(4.0), 4.0)
    edition.expect_close("f(2)", OwnInt(4), 4.0)
    said = raised(lang, lambda: edition.expect_close("f(2)", OwnFloat(2.5), 4.0))
    assert editions.numbers(said) >= {2.5, 4.0}, said
    assert RAN == [], RAN


@pytest.mark.parametrize("lang", editions.LANGS)
def test_nb06_softplus_reads_a_class_of_float_as_its_number(lang: str) -> None:
    """nb06's softplus check read the answer by its type (OwnFloat(σ) is σ), then gave
    gradcheck float(softplus_derivative(x, s)) of a second run, outside call(): the
    class's own ``__float__`` ran, and its RuntimeError stopped the check, "stopped with
    RuntimeError (the error above …)". gradcheck is given the number the check read; σ(x)
    is written by hand here, 1/(1 + e⁻ˣ), and the function runs only where it is timed."""
    RAN.clear()
    ran: list[float] = []

    def softplus_derivative(x: float, s: float) -> float:
        ran.append(x)
        return OwnFloat(1 / (1 + np.exp(-x)))

    assert passes(lang, "nb06.check_softplus_derivative", softplus_derivative)
    assert RAN == [], RAN
    # once at each of the check's points, through call() (gradcheck ran it again)
    assert len(ran) == len(set(ran)) == 5, ran


_ONE_INSIDE = {
    "en": " — one number inside a list or an array: return the number itself "
    "(x[0] of a list, a.item() of an array)",
    "zh": "——这是装在列表或数组里的一个数：请返回这个数本身（列表用 x[0]，数组用 a.item()）",
}


def _slope(a: float, y: float) -> float:
    """dy/da of y = a·σ(a), by hand: σ(a) + a·σ(a)(1 − σ(a))."""
    s = 1 / (1 + np.exp(-a))
    return float(s + a * s * (1 - s))


@pytest.mark.parametrize("lang", editions.LANGS)
@pytest.mark.parametrize(
    ("wrap", "said"),
    [
        (lambda n: np.array([n]), _ONE_INSIDE),
        (lambda n: [n], _ONE_INSIDE),
        (lambda n: np.array([[n]]), _ONE_INSIDE),
        (
            lambda n: np.array([n, n]),
            {
                "en": " — 2 entries where one number is due",
                "zh": "——里面有 2 项，而这里只要一个数",
            },
        ),
        (
            lambda n: [],
            {"en": " — empty, where one number is due", "zh": "——里面是空的，而这里要的是一个数"},
        ),
        (
            lambda n: f"{n}",
            {
                "en": " — text, not a number: return the number itself",
                "zh": "——这是文本，不是数：请返回数本身",
            },
        ),
        (
            lambda n: Raising(),
            {"en": " — return a float (or an int)", "zh": "——请返回一个浮点数（或整数）"},
        ),
    ],
    ids=["array of one", "list of one", "1x1 array", "two entries", "empty", "text", "object"],
)
def test_an_answer_not_a_number_is_told_what_to_return(
    lang: str, wrap: Any, said: dict[str, str]
) -> None:
    """nb01's dy/da returned as np.array([dy]), [dy], its text or an object of the
    student's was told "expected a number, got array([0.43])" and no more: what to return
    instead is said now, in each edition's words, and the object's code is not run."""
    RAN.clear()
    told = mistake(lang, "nb01.check_local_derivative", lambda a, y: wrap(_slope(a, y)))
    assert told.endswith(said[lang]), told
    (editions.assert_english if lang == "en" else editions.assert_chinese)(told)
    assert RAN == [], RAN


_NOT_EITHER = {
    "en": " — one entry inside a list or an array, and that entry, {}, is not read as a "
    "number either",
    "zh": "——这是装在列表或数组里的一项，而这一项 {} 本身也不会被当作数来读",
}
_X0 = {
    "en": " — one number inside a list or an array: return the number itself (x[0])",
    "zh": "——这是装在列表或数组里的一个数：请返回这个数本身（x[0]）",
}
_TEXT = {
    "en": " — text, not a number: return the number itself",
    "zh": "——这是文本，不是数：请返回数本身",
}


@pytest.mark.parametrize("lang", editions.LANGS)
@pytest.mark.parametrize(
    ("got", "said", "entry"),
    [
        ([[0.5]], _NOT_EITHER, "[0.5]"),
        (["0.5"], _NOT_EITHER, "'0.5'"),
        ([None], _NOT_EITHER, "None"),
        ([np.array([0.5])], _NOT_EITHER, "array([0.5])"),
        ([Decimal("0.5")], _NOT_EITHER, "Decimal('0.5')"),
        (np.array(["0.5"]), _TEXT, ""),
        (np.array([b"0.5"]), _TEXT, ""),
        (array.array("d", [0.5]), _X0, ""),
        (collections.deque([0.5]), _X0, ""),
        ((0.5,), _X0, ""),
    ],
    ids=[
        "list in a list",
        "text in a list",
        "None in a list",
        "array in a list",
        "Decimal in a list",
        "array of text",
        "array of bytes",
        "array.array",
        "deque",
        "tuple",
    ],
)
def test_one_entry_is_told_what_it_is(
    lang: str, got: Any, said: dict[str, str], entry: str
) -> None:
    """A list or an array of one entry was told "return the number itself (x[0] of a
    list, a.item() of an array)" whatever the entry: x[0] of [[0.5]], ["0.5"] or [None]
    is no number either, an array of text was called one number in an array, and an
    array.array has no .item(). Each is told what it holds and what would be read: the
    entry no number either, text as text, a tuple, a deque or an array.array x[0]."""
    edition = editions.package(lang)
    told = raised(lang, lambda: edition.expect_close("f", got, 0.5))
    assert told.endswith(said[lang].format(entry)), told
    (editions.assert_english if lang == "en" else editions.assert_chinese)(told)


_ITS_DATA = {
    "en": " — one Value node, Value(data=0.5), inside a list or an array: return its number "
    "(v.data), not the node",
    "zh": "——这是装在列表或数组里的一个 Value 节点 Value(data=0.5)：请返回它的数（v.data），"
    "而不是节点",
}


@pytest.mark.parametrize("lang", editions.LANGS)
@pytest.mark.parametrize(
    "got",
    [
        np.array(Value(0.5), dtype=object),
        np.array([Value(0.5)], dtype=object),
        [Value(0.5)],
        (Value(0.5),),
    ],
    ids=["0-d object array", "object array", "list", "tuple"],
)
def test_one_value_inside_is_told_its_data(lang: str, got: Any) -> None:
    """One Value node inside a list or an array was told "that entry, Value(data=0.5), is
    not read as a number either", with no word of what to return, where a Value answer
    alone is told to return its .data, not the node. It is told so inside one too: v.data,
    as nb07's Value refusal says it."""
    told = raised(lang, lambda: editions.package(lang).expect_close("f", got, 0.5))
    assert told.endswith(_ITS_DATA[lang]), told
    # the words added, without the reprs (Python's "data=", numpy's "dtype=object")
    words = _ITS_DATA[lang].replace("Value(data=0.5)", "")
    (editions.assert_english if lang == "en" else editions.assert_chinese)(words)


@pytest.mark.parametrize("lang", editions.LANGS)
def test_a_decimal_is_refused_with_advice(lang: str) -> None:
    """The engine refuses a Decimal with advice; a checker took it by its float()."""
    said = raised(lang, lambda: editions.package(lang).expect_close("f(2)", Decimal(4), 4.0))
    assert said.endswith({"en": "return float(d)", "zh": "请返回 float(d)"}[lang]), said
    (editions.assert_english if lang == "en" else editions.assert_chinese)(said)


@pytest.mark.parametrize("lang", editions.LANGS)
@pytest.mark.parametrize("flag", [True, np.True_, np.array(True)], ids=["bool", "np", "0-d"])
def test_a_boolean_is_told_it_is_one(lang: str, flag: Any) -> None:
    said = raised(lang, lambda: editions.package(lang).expect_close("f(2)", flag, 1.0))
    assert {"en": "a boolean", "zh": "布尔值"}[lang] in said, said


#: A library's 0-d tensor as PyTorch's: shape is data, its dtype its own (not numpy's),
#: float() refusing a complex one (torch's RuntimeError) and reading a boolean one as 1.0.
LIBRARY_TENSOR = """
class dtype:
    def __init__(self, name):
        self.name = name

    def __str__(self):
        return "faketorch." + self.name


class Tensor:
    shape = ()

    def __init__(self, value, name):
        self._value = value
        self.dtype = dtype(name)

    def __float__(self):
        if isinstance(self._value, complex):
            raise RuntimeError("value cannot be converted to type double without overflow")
        return float(self._value)

    def __complex__(self):
        return complex(self._value)

    def __bool__(self):
        return bool(self._value)
"""


@pytest.fixture
def tensor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The library's Tensor class, its folder an installed library's for both editions."""
    library = installed_library(tmp_path, "faketorch", LIBRARY_TENSOR, monkeypatch)
    return library.Tensor


@pytest.mark.parametrize("lang", editions.LANGS)
def test_a_library_s_complex_tensor_is_told_it_is_complex(lang: str, tensor: Any) -> None:
    """torch.tensor(2+1j) stopped expect_close with torch's bare RuntimeError."""
    edition = editions.package(lang)
    said = raised(lang, lambda: edition.expect_close("f(2)", tensor(2 + 1j, "complex64"), 2.0))
    assert {"en": "got a complex number, 2+1j", "zh": "复数 2+1j"}[lang] in said, said
    said = raised(lang, lambda: edition.expect_close_all("g", tensor(2 + 1j, "complex64"), [2.0]))
    assert "2+1j" in said, said


@pytest.mark.parametrize("lang", editions.LANGS)
def test_a_library_s_boolean_tensor_is_no_number(lang: str, tensor: Any) -> None:
    """float(torch.tensor(True)) is 1.0: an answer of 1 passed as a comparison's True."""
    edition = editions.package(lang)
    edition.expect_close("f(2)", tensor(1.0, "float64"), 1.0)  # a float tensor still passes
    said = raised(lang, lambda: edition.expect_close("f(2)", tensor(True, "bool"), 1.0))
    assert {"en": "a boolean", "zh": "布尔值"}[lang] in said, said
    assert edition.reading.library_number(tensor(True, "bool")) is None


@pytest.mark.parametrize("lang", editions.LANGS)
def test_nb06_reads_a_class_of_float_as_its_number(lang: str) -> None:
    """nb06 showed one number returned for the list of iterates, and read an iterate for
    its learning-rate slip, by float(): a class(float) of the student's ran its own
    __float__, whose error stopped the check. It is read as the float it holds."""
    RAN.clear()
    said = mistake(lang, "nb06.check_newton", lambda f, x0, steps: OwnFloat(2.5))
    assert {"en": "got one number, 2.5", "zh": "得到的却只是一个数 2.5"}[lang] in said, said
    said = mistake(lang, "nb06.check_newton", lambda f, x0, steps: [x0, OwnFloat(x0 + 1.0)])
    assert said.startswith("newton(f, "), said
    assert RAN == [], RAN
