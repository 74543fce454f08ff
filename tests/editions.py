"""The two editions of the notebooks' checks, side by side, and how to tell their languages.

The English notebooks import notebooks/exercises/ as ``exercises``; the Chinese ones import
notebooks/zh/exercises/, a stub that loads its own copy of the same files in Chinese. A
kernel holds only one of them, under the name ``exercises``; this process holds both, so the
Chinese copy is loaded through the very same stub under the name ``exercises_zh``.

:func:`outcome` runs one check in one edition and says what a student would see;
:func:`assert_same_verdict` compares the two editions' outcomes: the same verdict, the
same numbers, English words in one and Chinese in the other.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
ZH_STUB = NOTEBOOKS / "zh" / "exercises" / "__init__.py"
LANGS = ("en", "zh")
PACKAGE = {"en": "exercises", "zh": "exercises_zh"}

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# What a Chinese message may still spell in Latin letters: the names of code, ops and
# libraries a student types (written the same in the Chinese notebooks' prose), and the
# words Python itself uses for an error the check quotes. Anything else of three letters
# or more is an English word left untranslated.
CODE_WORDS = {"Value", "exp", "sin", "sigmoid", "ReLU", "SGD", "softplus", "gradcheck", "cost"}
CODE_WORDS |= {"eta"}  # a parameter's name, in a call a message shows: updates(…, eta=0.3)
CODE_WORDS |= {"argnums"}  # grad's and hessian's: grad(cost, argnums=(0, 1))
# Python's own words, in a repr a message shows (a float that is not a number: nan)
CODE_WORDS |= {"None", "True", "False", "nan", "inf"}
PYTHON_SAYS = ["float division by zero"]
# The words of an exception a Chinese check quotes (``call`` ends its message with
# "ValueError「<what numpy said>」"): Python's or numpy's, in English, inside the quotes
# only — English after them is the message's own, and is looked at.
# An exception whose name does not end in Error is glossed: "StopIteration（…）「…」".
QUOTED_ERROR = re.compile(r"\b[A-Z]\w*(?:Error|（[^）]*）)「[^」]*」")
# Code in a message: a quoted string ('reverse'), a call or an index (newton_step(, g[),
# an attribute (.data, p.grad), a name with an underscore (a_prev), an exception's name.
CODE = re.compile(
    r"'[^'\n]*'|\w+(?:\.\w+)*[(\[]|\w*\.\w+|\w*_\w*|\b[A-Z]\w*Error\b|\b[A-Za-z]+\d\w*"
    r"|\b[A-Z]\w*(?=（[^）]*[\u4e00-\u9fff])"  # an exception's name glossed in Chinese
    # Python's parts of a function's qualified name (step.<locals>.<genexpr>), and the
    # class's name of a stand-in for an object whose repr is not run (<Plain 对象>)
    r"|(?:\w+\.)?<(?:locals|genexpr|lambda|listcomp|dictcomp|setcomp|module)>|\b\w+(?= 对象>)"
    # a class and a numpy ufunc by their names, after what each is in Chinese (类 float,
    # numpy 通用函数 sin)
    r"|(?<=类 )[\w.]+|\bnumpy(?= 通用函数 )|(?<=通用函数 )\w+",
    re.ASCII,
)
WORD = re.compile(r"[A-Za-z]{3,}")
NUMBER = re.compile(r"\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def package(lang: str) -> ModuleType:
    """The English package, or the Chinese copy loaded through notebooks/zh/exercises/."""
    name = PACKAGE[lang]
    if name in sys.modules:
        return sys.modules[name]
    if lang == "en":
        if str(NOTEBOOKS) not in sys.path:
            sys.path.insert(0, str(NOTEBOOKS))  # the notebooks import `exercises` from there
        return importlib.import_module(name)
    spec = importlib.util.spec_from_file_location(name, ZH_STUB, submodule_search_locations=[])
    assert spec is not None and spec.loader is not None
    stub = importlib.util.module_from_spec(spec)
    sys.modules[name] = stub
    spec.loader.exec_module(stub)  # puts the Chinese copy in sys.modules[name]
    return sys.modules[name]


def module(lang: str, nb: str) -> ModuleType:
    """``exercises.nbNN`` of one edition."""
    return importlib.import_module(f"{package(lang).__name__}.{nb}")


def outcome(
    lang: str, run: Callable[[ModuleType], Any], capsys: pytest.CaptureFixture[str]
) -> tuple[str, str]:
    """("passed" | "not written" | "mistake", what the student reads) for one edition.

    ``run`` gets the edition's package and calls one of its checks.
    """
    edition = package(lang)
    capsys.readouterr()
    try:
        result = run(edition)
    except edition.Mistake as mistake:
        printed = capsys.readouterr().out
        assert edition.PASSED not in printed, printed
        return "mistake", str(mistake)
    printed = capsys.readouterr().out
    result = verdict(result)
    if result:
        assert printed.startswith(edition.PASSED + " ") and printed.count("\n") == 1, printed
        return "passed", printed
    assert printed.startswith("… ") and edition.PASSED not in printed, printed
    return "not written", printed


def verdict(result: object) -> bool:
    """The bool a check's result stands for, once it is seen to be the check's Verdict (an
    int, 0 or 1, that a notebook does not display)."""
    assert type(result).__name__ == "Verdict" and result in (0, 1), repr(result)
    return bool(result)


def english_words(text: str) -> list[str]:
    """Latin words of three letters or more that are neither code nor quoted from Python."""
    for phrase in PYTHON_SAYS:
        text = text.replace(phrase, " ")
    text = QUOTED_ERROR.sub(" ", text)
    return [w for w in WORD.findall(CODE.sub(" ", text)) if w not in CODE_WORDS]


def numbers(text: str) -> set[float]:
    """The numbers a message names (2 and 2.0 alike), whatever the language around them."""
    return {float(n) for n in NUMBER.findall(text)}


def assert_english(text: str) -> None:
    assert not CJK.search(text), f"Chinese in the English edition: {text!r}"
    assert english_words(text), f"no English words: {text!r}"


def assert_chinese(text: str) -> None:
    assert CJK.search(text), f"no Chinese in the Chinese edition: {text!r}"
    left = english_words(text)
    assert not left, f"English left in the Chinese edition: {left} in {text!r}"


def assert_same_verdict(outcomes: dict[str, tuple[str, str]]) -> str:
    """Both editions say the same thing, each in its language; returns the verdict."""
    (en_verdict, en_text), (zh_verdict, zh_text) = outcomes["en"], outcomes["zh"]
    assert en_verdict == zh_verdict, outcomes
    assert_english(en_text)
    assert_chinese(zh_text)
    assert numbers(en_text) == numbers(zh_text), outcomes
    if en_verdict == "not written":
        assert "not written yet" in en_text and "还没有写" in zh_text, outcomes
    return en_verdict


def both(run: Callable[[ModuleType], Any], capsys: pytest.CaptureFixture[str]) -> str:
    """Run one check in both editions, interleaved in this process; the common verdict."""
    return assert_same_verdict({lang: outcome(lang, run, capsys) for lang in LANGS})
