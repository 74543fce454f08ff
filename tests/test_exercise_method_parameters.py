"""Notebook 00's methods written with other parameters than the stub's are told in the
checker's words, in both editions.

``def exp(self, base)`` was told in Python's English words in both editions (the Chinese
one: 抛出了 TypeError「exp() missing 1 required positional argument: 'base'」): the check
calls the method through a lambda of its own (``x.exp()``, ``x**3``), which
``exercises.fit`` does not look into. Oracle: the parameters written here, and the stubs'
(``def exp(self)``, ``def __pow__(self, k)``, as the notebooks write them).
"""

# ruff: noqa: RUF001 (the Chinese messages it reads have full-width punctuation)

from __future__ import annotations

import functools
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


def _passing(*args: Any, **kwargs: Any) -> Any:
    """A decorator as functools.wraps writes one: its wrapper calls the method with the
    arguments it got."""

    def decorate(method: Any) -> Any:
        @functools.wraps(method)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return method(*args, **kwargs)

        return wrapper

    return decorate


def _kind(name: str, params: str, decorator: str) -> type:
    """A Value class whose method ``name`` takes ``params`` under ``decorator``, and whose
    body, were it run, would say so."""
    namespace: dict[str, Any] = {"am": am, "math": math, "passing": _passing()}
    exec(
        f"class Student(am.Value):\n"
        f"    @{decorator}\n"
        f"    def {name}({params}):\n"
        f"        raise AssertionError('the method ran: its parameters were not read first')\n",
        namespace,
    )
    student: type = namespace["Student"]
    return student


KINDS = [
    # (method, parameters, decorator, the check, the English message, the Chinese one)
    (
        "exp",
        "self",
        "staticmethod",
        "check_exp",
        "Value(0.8).exp(): your exp is a staticmethod taking (self): Python passes a "
        "staticmethod no Value as self; the exercise's is a plain method, 'def exp(self)', "
        "without '@staticmethod'",
        "Value(0.8).exp()：你写的 exp 加了 '@staticmethod'，是静态方法，参数是 '(self)'：调用"
        "静态方法时，不会把这个 Value 当作 'self' 传给它；练习要的是普通方法 "
        "'def exp(self)'，不加 '@staticmethod'",
    ),
    (
        "__pow__",
        "cls, k, m",
        "classmethod",
        "check_pow",
        "Value(1.5) ** 3: your __pow__ is a classmethod taking (cls, k, m): Python passes a "
        "classmethod the class, not the Value, as its first parameter; the exercise's is a "
        "plain method, 'def __pow__(self, k)', without '@classmethod'",
        "Value(1.5) ** 3：你写的 __pow__ 加了 '@classmethod'，是类方法，参数是 '(cls, k, m)'："
        "调用类方法时，传给它的第一个参数是类本身，而不是这个 Value；练习要的是普通方法 "
        "'def __pow__(self, k)'，不加 '@classmethod'",
    ),
    (
        "exp",
        "self, base",
        "property",
        "check_exp",
        "Value(0.8).exp(): your exp is a property taking (self, base): Python runs a "
        "property's function as soon as the attribute is read, with the Value alone, and then "
        "calls what it returned; the exercise's is a plain method, 'def exp(self)', without "
        "'@property'",
        "Value(0.8).exp()：你写的 exp 加了 '@property'，是特性，参数是 '(self, base)'：一读取"
        "这个属性，就会运行特性的函数，只传给它这个 Value，然后再调用它返回的东西；"
        "练习要的是普通方法 'def exp(self)'，不加 '@property'",
    ),
    (
        "exp",
        "self, base",
        "passing",
        "check_exp",
        "Value(0.8).exp(): your exp, under its decorator, takes (self, base); the exercise's "
        "is 'def exp(self)' (Python passes the Value itself as self)",
        "Value(0.8).exp()：你写的 exp（被装饰器包着的那个函数）的参数是 '(self, base)'；练习要的"
        "是 'def exp(self)'（调用时 'self' 自动就是这个 Value 本身）",
    ),
    (
        "__pow__",
        "self",
        "passing",
        "check_pow",
        "Value(1.5) ** 3: your __pow__, under its decorator, takes (self); the exercise's is "
        "'def __pow__(self, k)' (Python passes the Value itself as self, and 3 as k)",
        "Value(1.5) ** 3：你写的 __pow__（被装饰器包着的那个函数）的参数是 '(self)'；练习要的"
        "是 'def __pow__(self, k)'（调用时 'self' 自动就是这个 Value 本身，'k' 是传入的 3）",
    ),
]


@pytest.mark.parametrize(("name", "params", "decorator", "check", "en", "zh"), KINDS)
def test_a_decorated_method_with_other_parameters_is_told_what_python_passes_it(
    name: str, params: str, decorator: str, check: str, en: str, zh: str, capsys: Any
) -> None:
    """A staticmethod, a classmethod, a property or a method under a decorator, whose
    parameters do not take the check's call, kept the call's own English error
    ("Student.exp() missing 1 required positional argument: 'self'")."""
    student = _kind(name, params, decorator)
    outcomes = {}
    for lang in editions.LANGS:
        nb00 = _nb00(lang)
        outcomes[lang] = editions.outcome(
            lang, lambda _, nb00=nb00: getattr(nb00, check)(student), capsys
        )
    assert outcomes == {"en": ("mistake", en), "zh": ("mistake", zh)}, outcomes
    editions.assert_english(en)
    editions.assert_chinese(zh)


def test_a_property_whose_result_cannot_be_called_is_told_so(capsys: Any) -> None:
    """Its getter takes the Value alone and ran: what it returned, a Value, was called,
    and "TypeError: 'Value' object is not callable" was all a student read."""
    namespace: dict[str, Any] = {"am": am, "math": math}
    exec(
        "class Student(am.Value):\n"
        "    @property\n"
        "    def exp(self):\n"
        "        return am.Value(math.exp(self.data))\n",
        namespace,
    )
    for lang in editions.LANGS:
        nb00 = _nb00(lang)
        verdict, said = editions.outcome(
            lang, lambda _, nb00=nb00: nb00.check_exp(namespace["Student"]), capsys
        )
        assert verdict == "mistake", said
        assert said.startswith(
            {
                "en": "Value(0.8).exp(): your exp is a property taking (self): Python runs",
                "zh": "Value(0.8).exp()：你写的 exp 加了 '@property'，是特性，参数是 '(self)'",
            }[lang]
        ), said
        assert "not callable" not in said


def test_a_decorator_or_property_that_takes_the_call_is_not_refused(capsys: Any) -> None:
    """A wrapper that calls the method with arguments of its own (a default base), and a
    property returning a function that takes the call: the check goes on to the answer,
    the method's body runs (here it says so, a wrong answer told as such)."""
    namespace: dict[str, Any] = {"am": am, "math": math, "functools": functools}
    exec(
        "def with_base(method):\n"
        "    @functools.wraps(method)\n"
        "    def wrapper(self):\n"
        "        return method(self, math.e)\n"
        "    return wrapper\n"
        "class Wrapped(am.Value):\n"
        "    @with_base\n"
        "    def exp(self, base):\n"
        "        raise AssertionError('the method ran')\n"
        "class Getter(am.Value):\n"
        "    @property\n"
        "    def exp(self):\n"
        "        def run():\n"
        "            raise AssertionError('the method ran')\n"
        "        return run\n",
        namespace,
    )
    for student in (namespace["Wrapped"], namespace["Getter"]):
        for lang in editions.LANGS:
            nb00 = _nb00(lang)
            verdict, said = editions.outcome(
                lang, lambda _, nb00=nb00, student=student: nb00.check_exp(student), capsys
            )
            assert verdict == "mistake" and "the method ran" in said, said


class _OwnRepr:
    """A default of the student's own class: its __repr__ is the student's code."""

    def __repr__(self) -> str:
        raise AssertionError("the check ran the student's __repr__ outside the time limit")


@pytest.mark.parametrize("decorator", ["", "@staticmethod", "@classmethod", "@property"])
def test_a_method_s_long_defaults_are_shortened(decorator: str, capsys: Any) -> None:
    """A method's message ("your exp takes (…)") printed its defaults in full (a list of
    1,000 numbers, a line of 4,900 characters) and ran the repr of a default of the
    student's own class outside the time limit, where "your function is …" shows them
    shortened: reprlib's repr (oracle: written out here) and the class's name."""
    namespace: dict[str, Any] = {"am": am, "OwnRepr": _OwnRepr}
    exec(
        "class Student(am.Value):\n"
        f"    {decorator}\n"
        "    def exp(self, base, table=list(range(1000)), extra=OwnRepr()):\n"
        "        raise AssertionError('the method ran: its parameters were not read first')\n",
        namespace,
    )
    written = "(self, base, table=[0, 1, 2, 3, 4, 5, ...], extra=<_OwnRepr {}>)"
    for lang in editions.LANGS:
        nb00 = _nb00(lang)
        verdict, said = editions.outcome(
            lang, lambda _, nb00=nb00: nb00.check_exp(namespace["Student"]), capsys
        )
        assert verdict == "mistake", said
        shown = written.format("对象" if lang == "zh" else "object")  # Python's words in en
        assert shown in said and len(said) < 600, said
