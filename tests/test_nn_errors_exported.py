"""Every exception class nn raises to its users is ``nn.X`` and named in both READMEs.

`nn.layers.BrokenModel`, `nn.layers.WrongInput` and `nn.mnist.DataUnavailableError` were
raised by `fit`, `predict`, `MLP(...)(x)` and `nn.data.mnist()` but reachable only from
the module that defines them, and no README table named them: `except nn.WrongInput`
failed with an AttributeError. The list is read from the package itself (every class
deriving from BaseException that one of nn's modules defines), so the next one cannot be
forgotten. Oracle: the modules' own classes, found by walking the package, and the
READMEs' table rows as text.
"""

from __future__ import annotations

import importlib
import inspect
import math
import pkgutil
from pathlib import Path

import numpy as np
import pytest

import nn

ROOT = Path(__file__).resolve().parent.parent

#: nn's exception classes that never reach a caller, and why (each is checked to exist,
#: so an entry cannot outlive its class)
INTERNAL = {
    "nn.diagnose.NonFinite": "raised inside fit's epoch and caught there: fit raises "
    "TrainingDiverged in its place",
}


def _nn_exceptions() -> dict[str, type[BaseException]]:
    """Every exception class a module of nn defines, by ``module.Name``; ``_names``
    (a module's own) and ``__main__`` (which runs the demo) left out."""
    found: dict[str, type[BaseException]] = {}
    for info in pkgutil.iter_modules(nn.__path__, "nn."):
        if info.name == "nn.__main__":
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if (
                inspect.isclass(obj)
                and issubclass(obj, BaseException)
                and obj.__module__ == info.name
                and not name.startswith("_")
            ):
                found[f"{info.name}.{name}"] = obj
    return found


def _table_rows(readme: str) -> str:
    text = (ROOT / readme).read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if line.startswith("|"))


def test_the_package_is_walked() -> None:
    """The walk finds what the package is known to define (so an empty walk, which
    would pass every other check, fails here), and the internal list names real classes."""
    found = _nn_exceptions()
    assert {"nn.train.TrainingStopped", "nn.serialize.ModelFileMissing"} <= set(found)
    assert set(INTERNAL) <= set(found)


@pytest.mark.parametrize("qualified", sorted(set(_nn_exceptions()) - set(INTERNAL)))
def test_every_error_nn_raises_is_nn_s_to_catch(qualified: str) -> None:
    cls = _nn_exceptions()[qualified]
    name = cls.__name__
    assert getattr(nn, name, None) is cls, f"nn.{name} is not {qualified}"
    assert name in nn.__all__
    for readme in ("README.md", "README.zh-CN.md"):
        assert f"`nn.{name}`" in _table_rows(readme), f"{readme}'s tables do not name nn.{name}"


@pytest.mark.parametrize("qualified", sorted(INTERNAL))
def test_an_internal_error_is_not_exported(qualified: str) -> None:
    """What never reaches a caller is not offered to catch."""
    assert _nn_exceptions()[qualified].__name__ not in nn.__all__


def _row_naming(readme: str, name: str) -> str:
    return next(line for line in _table_rows(readme).splitlines() if f"`{name}`" in line)


@pytest.mark.parametrize("call", ["fit", "predict", "evaluate"])
def test_the_readmes_say_which_bad_x_is_a_wrong_input(call: str) -> None:
    """Both READMEs said a sample "that is not `nin` numbers (another count, a cell that
    is no number)" is refused with nn.WrongInput "in fit, predict and evaluate too": there,
    X's rows of another width were, but a cell of X that is no number (a string, None, nan)
    was a plain ValueError naming its row and column (nn.inputs checks X before any
    module sees it), so ``except nn.WrongInput`` let it through. It is nn.WrongInput now,
    and the rows say so. Oracle: what each call raises, and the rows' words."""
    model = nn.MLP(2, [3, 1], seed=0)
    y = np.array([0.0, 1.0])
    run = {
        "fit": lambda X: nn.fit(model, X, y, loss="mse", epochs=1, progress=False),
        "predict": lambda X: nn.predict(model, X),
        "evaluate": lambda X: nn.evaluate(model, X, y, loss="mse"),
    }[call]
    with pytest.raises(nn.WrongInput, match="expected 2 inputs, got 3"):
        run([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    for X in ([[1.0, "a"], [0.0, 0.0]], [[1.0, None], [0.0, 0.0]], [[1.0, math.nan], [0, 0]]):
        with pytest.raises(nn.WrongInput, match=rf"^{call}: X row 0 column 1 "):
            run(X)
    for X in ([[1.0, np.timedelta64(5, "s")], [0.0, 0.0]], [[1.0, np.datetime64(1, "D")], [0, 0]]):
        with pytest.raises(nn.WrongInput, match=rf"^{call}: X row 0 column 1 is np\."):
            run(X)
    for X in (np.ones((2, 2), "m8[s]"), np.ones((2, 2), "M8[D]"), np.ones((2, 2), complex)):
        with pytest.raises(nn.WrongInput, match=rf"^{call}: X holds "):
            run(X)
    with pytest.raises(ValueError, match="is ragged") as caught:  # X's own fault: a plain one
        run([[1.0, 2.0], [0.0]])
    assert not isinstance(caught.value, nn.WrongInput)
    english = _row_naming("README.md", "nn.WrongInput")
    assert "`nn.WrongInput` for rows of X of another width and for a cell of X" in english
    assert "numpy durations and dates, `timedelta64` and `datetime64`, too" in english
    assert "(a boolean, complex, `timedelta64` or `datetime64` array) is told so" in english
    assert "X's other faults — ragged rows, a 1-D X whatever its cells hold — are plain" in english
    assert "`ValueError`s saying which, told before any cell is read" in english
    chinese = _row_naming("README.zh-CN.md", "nn.WrongInput")
    assert "或者 X 的某一格不是有限的数" in chinese
    assert "numpy 的时长和日期，即 `timedelta64` 和 `datetime64`，也算" in chinese  # noqa: RUF001
    assert "（布尔、复数、`timedelta64` 或 `datetime64` 数组）时，直接说出是哪一种" in chinese  # noqa: RUF001
    assert "X 是一维的，不论其中各格是什么——抛出的是普通的 `ValueError`" in chinese  # noqa: RUF001
    assert "而且在检查任何一格之前就指出" in chinese


@pytest.mark.parametrize("cell", ["x" * 10_000, np.str_("y" * 10_000), {"k": "z" * 10_000}])
def test_the_model_shows_a_long_cell_it_refuses_shortly(cell: object) -> None:
    """A model's own refusal of a sample's cell printed its repr whole: a 10,000-character
    string filled the notebook's output (fit, predict and evaluate show a string cell by
    its first 20 characters, marked as cut). The oracle: the message's length, and the
    "…" that says the cell is cut."""
    model = nn.MLP(2, [2, 1], seed=0)
    with pytest.raises(nn.WrongInput, match=r"^MLP: input 0 is \w+ \(.*…\), expected") as caught:
        model([cell, 1.0])
    assert len(str(caught.value)) < 120, str(caught.value)
