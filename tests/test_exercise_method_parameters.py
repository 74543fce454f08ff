"""Notebook 00's methods written with other parameters than the stub's are told in the
checker's words, in both editions.

``def exp(self, base)`` was told in Python's English words in both editions (the Chinese
one: 抛出了 TypeError「exp() missing 1 required positional argument: 'base'」): the check
calls the method through a lambda of its own (``x.exp()``, ``x**3``), which
``exercises.fit`` does not look into. Oracle: the parameters written here, and the stubs'
(``def exp(self)``, ``def __pow__(self, k)``, as the notebooks write them).
"""

from __future__ import annotations

import importlib
import math
from typing import Any

import editions
import pytest

import autograd_mini as am


def _nb00(lang: str) -> Any:
    """The check module nb00 of edition ``lang``."""
    return importlib.import_module(editions.package(lang).__name__ + ".nb00")


def _with(name: str, params: str) -> type:
    """A Value class whose method ``name`` takes ``params`` (and would otherwise answer)."""
    namespace: dict[str, Any] = {"am": am, "math": math}
    exec(
        f"class Student(am.Value):\n"
        f"    def {name}({params}):\n"
        f"        raise AssertionError('the method ran: its parameters were not read first')\n",
        namespace,
    )
    student: type = namespace["Student"]
    return student


CASES = [
    # (method, parameters written, the check, its call, what Python passes after self)
    ("exp", "self, base", "check_exp", "Value(0.8).exp()", ""),
    ("exp", "", "check_exp", "Value(0.8).exp()", ""),
    ("__pow__", "self", "check_pow", "Value(1.5) ** 3", "3 as k"),
    ("__pow__", "self, k, m", "check_pow", "Value(1.5) ** 3", "3 as k"),
]


@pytest.mark.parametrize(("name", "params", "check", "what", "passed"), CASES)
def test_a_method_with_other_parameters_is_told_in_the_checkers_words(
    name: str, params: str, check: str, what: str, passed: str, capsys: Any
) -> None:
    stub = {"exp": "self", "__pow__": "self, k"}[name]
    rest = {
        "en": f", and {passed}" if passed else "",
        "zh": "\uff0c'k' 是传入的 3" if passed else "",
    }
    expected = {
        "en": f"{what}: your {name} takes ({params}); the exercise's is 'def {name}({stub})' "
        f"(Python passes the Value itself as self{rest['en']})",
        "zh": f"{what}\uff1a你写的 {name} 的参数是 '({params})'\uff1b练习要的是 "
        f"'def {name}({stub})'\uff08调用时 'self' 自动就是这个 Value 本身{rest['zh']}\uff09",
    }
    student = _with(name, params)
    outcomes = {}
    for lang in editions.LANGS:
        nb00 = _nb00(lang)
        outcomes[lang] = editions.outcome(
            lang, lambda _, nb00=nb00: getattr(nb00, check)(student), capsys
        )
        assert outcomes[lang] == ("mistake", expected[lang]), outcomes[lang]
        assert "positional argument" not in outcomes[lang][1]
    editions.assert_english(outcomes["en"][1])
    editions.assert_chinese(outcomes["zh"][1])


def test_a_method_whose_parameters_take_the_call_is_not_refused(capsys: Any) -> None:
    """A default (``def exp(self, base=math.e)``) or ``*args`` takes the call: the check
    goes on to the method's answer (here a wrong one, told as such)."""
    for params in ("self, base=math.e", "*args", "self, *rest"):
        student = _with("exp", params)
        for lang in editions.LANGS:
            nb00 = _nb00(lang)
            verdict, said = editions.outcome(
                lang, lambda _, nb00=nb00, student=student: nb00.check_exp(student), capsys
            )
            assert verdict == "mistake" and "the method ran" in said, said
