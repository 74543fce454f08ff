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

import importlib.util
import linecache
import math
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

import editions
import jupytext
import numpy as np
import pytest

from autograd_mini import grad, picture_language
from autograd_mini.words import current

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

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


def prelude(name: str) -> dict[str, Any]:
    """Notebook ``name``'s namespace as a student's kernel holds it at the exercises: its
    code cells before the first exercise, run in notebooks/."""
    namespace: dict[str, Any] = {"__name__": "__notebook__"}
    cwd = Path.cwd()
    language = current().language  # a Chinese notebook's first cells set zh: put back
    sys.path.insert(0, str(NOTEBOOKS))
    os.chdir(NOTEBOOKS)
    try:
        for index, cell in enumerate(jupytext.read(NOTEBOOKS / f"{name}.py").cells):
            if cell.cell_type != "code":
                continue
            if any(t.startswith("exercise:") for t in cell.metadata.get("tags", [])):
                break
            filename = f"{name}.py cell {index}"
            # its source where inspect.getsource finds it, as IPython keeps a cell's
            # (notebook 00 counts its engine's lines with inspect.getsource)
            lines = cell.source.splitlines(True)
            linecache.cache[filename] = (len(cell.source), None, lines, filename)
            exec(compile(cell.source, filename, "exec"), namespace)
    finally:
        os.chdir(cwd)
        sys.path.remove(str(NOTEBOOKS))
        picture_language(language)
    import matplotlib.pyplot as plt

    plt.close("all")
    return namespace


def chain(
    ws: Any, bs: Any, x: float, y: float, act: Any, act_prime: Any, start: float = 2.0
) -> list[float]:
    """Notebook 02's recursion by hand, ∂C₀/∂a^(L) = start·(a^(L) − y) (2 is right): the
    oracle of its chain_gradients exercise, and of its slips (another start)."""
    a, z = [x], []
    for w, b in zip(ws, bs, strict=True):
        z.append(w * a[-1] + b)
        a.append(act(z[-1]))
    grads, upstream = [0.0] * len(ws), start * (a[-1] - y)
    for k in range(len(ws) - 1, -1, -1):
        dz = act_prime(z[k]) * upstream
        grads[k] = a[k] * dz
        upstream = ws[k] * dz
    return grads


def student_chain(slip: str = "") -> Callable[..., list[float]]:
    """A student's chain_gradients for notebook 02, written from the recursion with one
    ``slip``: "act(x)" (a^(0) = act(x)), "w·∂C/∂a" (act_prime left out of what goes back),
    "w + b" (z^(l) = w^(l) + b^(l), the layer's input left out), or an IndexError in its
    backward loop, one past the end of "ws", "bs", of a list of its "own", or of "numpy"'s
    copy of ws; "" is right."""

    def chain_gradients(ws: Any, bs: Any, x: float, y: float, act: Any, act_prime: Any) -> Any:
        a, z = [act(x) if slip == "act(x)" else x], []
        for w, b in zip(ws, bs, strict=True):
            z.append((w if slip == "w + b" else w * a[-1]) + b)
            a.append(act(z[-1]))
        dC_da = 2 * (a[-1] - y)
        grads = [0.0] * len(ws)
        for k in reversed(range(len(ws))):
            dC_dz = act_prime(z[k]) * dC_da
            grads[k] = a[k] * dC_dz
            if slip == "ws":
                weight = ws[k + 1]
            elif slip == "bs":
                weight = ws[k] + 0 * bs[k + 1]
            elif slip == "own":
                weight = ws[k] + 0 * a[k + 2]
            elif slip == "numpy":
                weight = np.asarray(ws)[k + 1]
            else:
                weight = ws[k]
            dC_da = weight * (dC_da if slip == "w·∂C/∂a" else dC_dz)
        return grads

    return chain_gradients


def newton_diverging_at_step_2(*, loud: bool = False) -> Callable[..., list[Any]]:
    """A student's newton for notebook 06 whose second step is −1e200, not f′/f″: from
    2.0 on x⁴ − 2x², a six-step run overflows in the student's code (x⁴ of 1e200), a
    two-step run returns x2 = 1e+200. ``loud``: each call prints "newton from 2.0, 6
    steps" (the student's print, which a check's probe must not show again)."""

    def newton(f: Any, x0: float, steps: int) -> list[Any]:
        if loud:
            print(f"newton from {x0}, {steps} steps")
        xs = [x0]
        for k in range(steps):
            x = xs[-1]
            step = grad(f)(x) / grad(grad(f))(x) if k != 1 else -1e200
            xs.append(x - step)
        return xs

    return newton


def sigmoid(z: float) -> float:
    """σ(z) of one number, as a student's answer computes it."""
    return 1 / (1 + math.exp(-z))


def sigmoid_prime(z: float) -> float:
    """σ′(z) = σ(z)(1 − σ(z)) of one number."""
    return sigmoid(z) * (1 - sigmoid(z))


def f(t: Any) -> Any:
    """周志华's f, the sigmoid, of a numpy array."""
    return 1 / (1 + np.exp(-t))


def f_prime(t: Any) -> Any:
    """f′ = f(1 − f) of a numpy array."""
    return f(t) * (1 - f(t))


#: The file name IPython gives a student's cell: the checks quote its lines from there.
STUDENT_CELL = "<ipython-input-7-0123456789ab>"


@pytest.fixture
def student_cell() -> Iterator[Callable[[str, str], Any]]:
    """Run a student's cell, its lines in linecache as IPython keeps them (the checks quote
    the line that failed), and give the function ``name`` it defines."""

    def run(source: str, name: str) -> Any:
        linecache.cache[STUDENT_CELL] = (len(source), None, source.splitlines(True), STUDENT_CELL)
        namespace: dict[str, Any] = {}
        exec(compile(source, STUDENT_CELL, "exec"), namespace)
        return namespace[name]

    yield run
    linecache.cache.pop(STUDENT_CELL, None)


@pytest.fixture
def short_limit(monkeypatch: pytest.MonkeyPatch) -> float:
    """The checks' time limit at 0.3 s, in both editions: a loop that never stops is
    stopped in a test's time."""
    seconds = 0.3
    for lang in editions.LANGS:
        monkeypatch.setattr(editions.package(lang).limit, "SECONDS", seconds)
    return seconds


def installed_library(
    tmp_path: Path, name: str, source: str, monkeypatch: pytest.MonkeyPatch
) -> ModuleType:
    """The module ``name`` written from ``source`` into ``tmp_path`` and imported, in
    sys.modules while the test runs, its folder an installed library's to the checks'
    reading (each edition's, and ``notebooks.exercises``'): a library's array or tensor
    as jax's or PyTorch's, which a check reads by the library's code."""
    import notebooks.exercises.reading

    (tmp_path / f"{name}.py").write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, tmp_path / f"{name}.py")
    assert spec is not None and spec.loader is not None
    library = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, library)
    spec.loader.exec_module(library)
    folder = (str(tmp_path.resolve()),)
    for reading in [editions.package(lang).reading for lang in editions.LANGS]:
        monkeypatch.setattr(reading, "_LIBRARIES", folder)
    monkeypatch.setattr(notebooks.exercises.reading, "_LIBRARIES", folder)
    return library
