"""The "your turn" checks of notebook 07 name what is wrong and accept right answers.

The right answers here are written from closed forms (no engine), the wrong ones are the
slips a student makes: a forgotten σ′(z), the modes swapped, the Newton step with the
wrong sign. Each case runs in the Chinese notebooks' copy of the checks too
(tests/editions.py): the same verdict, the same numbers, in Chinese.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import editions
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "notebooks"))

from exercises import PASSED, Mistake, nb07


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def tangent_right(w: float, b: float, x: float, y: float, w_dot: float, b_dot: float) -> float:
    a = _sigmoid(w * x + b)
    return 2 * (a - y) * a * (1 - a) * (x * w_dot + b_dot)


def tangent_without_sigma_prime(
    w: float, b: float, x: float, y: float, w_dot: float, b_dot: float
) -> float:
    a = _sigmoid(w * x + b)
    return 2 * (a - y) * (x * w_dot + b_dot)


def cost(w1: Any, w2: Any) -> Any:
    # C = w1⁴ + w1·w2 + 2·w2² + 3·w1: ∇C = (4w1³ + w2 + 3, w1 + 4w2),
    # H = [[12w1², 1], [1, 4]]
    return w1**4 + w1 * w2 + 2 * w2**2 + 3 * w1


def _newton(sign: float) -> Callable[[Any, Any], tuple[float, float]]:
    def step(_cost: Any, w: Any) -> tuple[float, float]:
        w1, w2 = w
        g1, g2 = 4 * w1**3 + w2 + 3, w1 + 4 * w2
        h11, h12, h22 = 12 * w1**2, 1.0, 4.0
        det = h11 * h22 - h12 * h12
        return (w1 - sign * (h22 * g1 - h12 * g2) / det, w2 - sign * (h11 * g2 - h12 * g1) / det)

    return step


def _newton_step(module: Any) -> Callable[[Any], bool]:
    return lambda answer: module.check_newton_step(answer, cost)


# (name, the check in a given copy of nb07, a right answer, a wrong one, words it names)
CASES: list[tuple[str, Callable[[Any], Callable[[Any], bool]], Any, Any, str]] = [
    (
        "tangent",
        lambda module: module.check_neuron_tangent,
        tangent_right,
        tangent_without_sigma_prime,
        "neuron_tangent(w=0.8, b=-0.3, x=1.5, y=1.0, ẇ=1.0, ḃ=0.0): expected",
    ),
    (
        "cheaper",
        lambda module: module.check_cheaper_mode,
        lambda n, m: ("forward", n) if n <= m else ("reverse", m),
        lambda n, m: ("reverse", m) if n <= m else ("forward", n),  # the modes swapped
        "cheaper_mode(13002, 1): expected mode 'reverse'",
    ),
    (
        "cheaper passes",
        lambda module: module.check_cheaper_mode,
        lambda n, m: ("forward", n) if n <= m else ("reverse", m),
        lambda n, m: ("forward", m) if n <= m else ("reverse", n),  # passes of the other
        "cheaper_mode(13002, 1): reverse mode makes 1 passes",
    ),
    (
        "cheaper mode's name",
        lambda module: module.check_cheaper_mode,
        lambda n, m: ("forward", n) if n <= m else ("reverse", m),
        # right everywhere but n_in = n_out, where neither string is given
        lambda n, m: ("forward", n) if n < m else ("reverse", m) if n > m else ("both", n),
        "cheaper_mode(7, 7): expected mode 'forward' or 'reverse', got 'both'",
    ),
    (
        "newton",
        _newton_step,
        _newton(+1.0),
        _newton(-1.0),  # w + H⁻¹∇C climbs
        "newton_step(cost, (0.0, 0.0))[0]: expected 12, got -12",
    ),
]


@pytest.mark.parametrize(("name", "check", "right", "wrong", "words"), CASES)
def test_wrong_answer_is_named(
    name: str, check: Any, right: Any, wrong: Any, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(Mistake) as mistake:
        check(nb07)(wrong)
    assert words in str(mistake.value), str(mistake.value)
    assert PASSED not in capsys.readouterr().out


@pytest.mark.parametrize(("name", "check", "right", "wrong", "words"), CASES)
def test_right_answer_passes(
    name: str, check: Any, right: Any, wrong: Any, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(nb07)(right) is True
    assert capsys.readouterr().out.startswith(PASSED + " ")


@pytest.mark.parametrize(("name", "check", "right", "wrong", "words"), CASES)
def test_stub_is_not_written_yet(
    name: str, check: Any, right: Any, wrong: Any, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    def stub(*args: object) -> None:
        raise NotImplementedError

    assert check(nb07)(stub) is False
    assert "not written yet" in capsys.readouterr().out


@pytest.mark.parametrize(("name", "check", "right", "wrong", "words"), CASES)
def test_the_chinese_edition_gives_the_same_verdict_in_chinese(
    name: str, check: Any, right: Any, wrong: Any, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    def stub(*args: object) -> None:
        raise NotImplementedError

    for answer, verdict in ((wrong, "mistake"), (right, "passed"), (stub, "not written")):
        said = editions.both(
            lambda package, answer=answer: check(editions.module(package.LANGUAGE, "nb07"))(answer),
            capsys,
        )
        assert said == verdict, (name, answer)
