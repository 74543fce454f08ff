"""A checker reads the numbers the engine reads, without calling an object's ``float()``.

``expect_close`` read any answer ``float()`` read: a student's object whose ``__float__``
raised stopped the check with the student's error shown as the checker's own (a class of
theirs derived from float or int too), PyTorch's complex 0-d tensor stopped it with
torch's bare RuntimeError (its ``float()`` refuses one), and its boolean 0-d tensor read
1.0 (``float(torch.tensor(True))``), where a Python bool is refused. Each is told what
it is now, in both editions. A library's tensor is written here to a folder the test
names an installed library's, as PyTorch's behaves (PyTorch is not installed here).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import editions
import numpy as np
import pytest
from exercise_cases import installed_library, mistake, raised

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
def test_a_decimal_is_refused_with_advice(lang: str) -> None:
    """The engine refuses a Decimal with advice; a checker took it by its float()."""
    said = raised(lang, lambda: editions.package(lang).expect_close("f(2)", Decimal(4), 4.0))
    assert said.endswith({"en": "pass float(d)", "zh": "请传入 float(d)"}[lang]), said
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
