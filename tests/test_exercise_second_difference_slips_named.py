"""Second differences a reader fed notebook 06's check, each told by what it is.

Dividing by 2h² was told "exactly half: a factor 2 is missing", not the 2h²; the forward
difference for f′, (f(x + h) − f(x))/h, a step of 2h throughout, and two slips at once
(f(x) subtracted once over 2h², +2f(x) over h) were a bare "expected 9, got 6.754501";
a number that is no known slip was as bare, and is now said to be none. The numbers are
written here by hand: x³ at x = 1.5, h = 10⁻³ (f'' = 6x = 9 at any step), eˣ at 0.3 with
h = 0.5, whose second difference at a step s is e^0.3·(2 sinh(s/2)/s)².
"""

# ruff: noqa: RUF001, RUF002 (the Chinese messages it reads have full-width punctuation)

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import editions
import numpy as np
import pytest
from exercise_cases import assert_named, expected_and_got

CHECK = "nb06.check_second_difference"
CENTRED = "(f(x + h) − 2f(x) + f(x − h))/h²"

# name: (answer, the first case it fails, its number there by hand, en, zh)
SLIPS: dict[str, tuple[Callable[..., Any], float, float, str, str]] = {
    "/ (2 * h**2)": (
        lambda f, x, h: (f(x + h) - 2 * f(x) + f(x - h)) / (2 * h**2),
        9,
        9 / 2,
        "(divided by 2h²: the 2 belongs to the middle term, −2f(x)",
        "（除以的是 2h²：2 属于中间那一项 −2f(x)",
    ),
    "forward difference": (
        lambda f, x, h: (f(x + h) - f(x)) / h,
        9,
        (1.501**3 - 1.5**3) / 1e-3,  # 3x² + 3xh + h² = 6.754501
        "(that is the forward difference for f′, (f(x + h) − f(x))/h, a first derivative",
        "（这是求 f′ 的前向差分 (f(x + h) − f(x))/h，是一阶导数",
    ),
    "backward difference": (
        lambda f, x, h: (f(x) - f(x - h)) / h,
        9,
        (1.5**3 - 1.499**3) / 1e-3,  # 3x² − 3xh + h² = 6.745501
        "(that is the backward difference for f′, (f(x) − f(x − h))/h",
        "（这是求 f′ 的后向差分 (f(x) − f(x − h))/h",
    ),
    # x³'s second difference is 6x at any step, and eˣ's at 2h = 2·10⁻⁴ is within
    # rounding of the one at h: it shows at eˣ's large step, h = 0.5
    "a step of 2h": (
        lambda f, x, h: (f(x + 2 * h) - 2 * f(x) + f(x - 2 * h)) / (2 * h) ** 2,
        math.exp(0.3) * (2 * math.sinh(0.25) / 0.5) ** 2,
        math.exp(0.3) * (2 * math.sinh(0.5) / 1.0) ** 2,
        "(a step of 2h: (f(x + 2h) − 2f(x) + f(x − 2h))/(2h)² is the second difference at "
        "the step 2h, not at the h given",
        "（步长成了 2h：(f(x + 2h) − 2f(x) + f(x − 2h))/(2h)² 是步长为 2h 的二阶差分",
    ),
    "−f(x) over 2h²": (
        lambda f, x, h: (f(x + h) - f(x) + f(x - h)) / (2 * h**2),
        9,
        (9e-6 + 1.5**3) / 2e-6,  # the sum 6x·h² plus f(x), over 2h²
        "(two slips: f(x) subtracted once, where −2f(x) is due; and divided by 2h², not by h²)",
        "（两处错误：f(x) 只减了一次，应为 −2f(x)；以及除以的是 2h² 而不是 h²）",
    ),
    "+2f(x) over h": (
        lambda f, x, h: (f(x + h) + 2 * f(x) + f(x - h)) / h,
        9,
        (9e-6 + 4 * 1.5**3) / 1e-3,
        "(two slips: +2f(x), where −2f(x) is due; and divided by h, not by h²)",
        "（两处错误：写成了 +2f(x)，应为 −2f(x)；以及除以的是 h 而不是 h²）",
    ),
    "−3f(x), no slip known": (
        lambda f, x, h: (f(x + h) - 3 * f(x) + f(x - h)) / h**2,
        9,
        (9e-6 - 1.5**3) / 1e-6,
        f"(this number is none of the slips the check knows, alone or two at once: compare "
        f"your code with {CENTRED} term by term)",
        f"（本检查认得的错误，无论单独一处还是两处同时，都给不出这个数：请把你的代码和 "
        f"{CENTRED} 逐项对照）",
    ),
}


@pytest.mark.parametrize("slip", SLIPS.values(), ids=SLIPS.keys())
def test_a_second_difference_slip_is_named_by_its_number(
    slip: tuple[Callable[..., Any], float, float, str, str],
) -> None:
    answer, right, number, en, zh = slip
    said = assert_named(CHECK, answer, en, zh)
    for lang in editions.LANGS:
        expected, got = expected_and_got(lang, said[lang])
        assert math.isclose(expected, right, rel_tol=1e-9), said[lang]
        assert math.isclose(got, number, rel_tol=1e-9), said[lang]
    editions.assert_english(said["en"])
    editions.assert_chinese(said["zh"])


def _nested(text: str) -> bool:
    """Whether a full-width parenthesis opens inside another (「（…（…）…）」)."""
    depth = 0
    for char in text:
        if char == "（":
            depth += 1
            if depth > 1:
                return True
        elif char == "）":
            depth -= 1
    return False


def test_the_chinese_slips_end_on_the_formula_after_a_colon_or_ji() -> None:
    """Notebook 06's Chinese slips ended 「然后除以 h²，(f(x + h) − …)/h²」: a formula hanging
    after a comma, read as one more item of the list; and the words for no known slip
    nested a full-width parenthesis in another. Oracle: Chinese punctuation, a formula
    the sentence names follows 「：」 or 「即」; both editions name the formula."""
    slips = {}
    for lang in editions.LANGS:
        nb06 = editions.module(lang, "nb06")
        said = [
            *nb06._formula_slips(3.375, 9.0, 1e-3),
            *nb06._other_point_slips(3.3682, 3.3818, 9.0, 1e-3),
            *nb06._first_difference_slips(3.3682, 3.375, 3.3818, 1e-3),
            *nb06._half_step_slips(9.0, 9.0, 9.0),
        ]
        slips[lang] = [text for _, text in said] + [nb06._none_known()]
    assert len(slips["en"]) == len(slips["zh"]) > 10
    for en, zh in zip(slips["en"], slips["zh"], strict=True):
        assert CENTRED in en and CENTRED in zh, (en, zh)
        before = zh[: zh.index(CENTRED)]
        assert before.endswith(("：", "即 ", "和 ")), zh
        assert not _nested(zh), zh


def _in_float32(f: Callable[..., Any], x: float, h: float) -> float:
    """The right second difference computed in float32 — f's three values rounded to it,
    the sum and the division float32's — and given back as a Python float, as float() of
    numpy's float32 arithmetic gives it."""
    f32 = np.float32
    top = f32(f(x + h)) - f32(2) * f32(f(x)) + f32(f(x - h))
    return float(top / f32(h) ** 2)


def _right(f: Callable[..., Any], x: float, h: float) -> float:
    return float((f(x + h) - 2 * f(x) + f(x - h)) / h**2)


# notebook 06's cases, (f, x, h), the five the check runs
CASES = [
    (lambda t: t**3, 1.5, 1e-3),
    (np.sin, 1.0, 1e-4),
    (np.exp, -0.5, 1e-4),
    (np.exp, 0.3, 0.5),
    (np.sin, 2.0, 0.1),
]


@pytest.mark.parametrize(
    ("g", "x0", "h0"), CASES, ids=["x³", "sin 1", "eˣ −0.5", "eˣ 0.3", "sin 2"]
)
def test_a_right_answer_in_float32_given_as_a_float_is_told_float32_rounding(
    g: Callable[..., Any], x0: float, h0: float
) -> None:
    """The right formula computed in float32 and given back as a Python float (no type says
    float32) was told "this number is none of the slips the check knows … compare term by
    term": a hunt for a formula error that is not there. It is told float32's rounding, as
    a float32 answer is, at each case. Oracles: the float32 arithmetic written here, the
    closed form of the case's second difference (6x for x³, −sin x·(2 sin(h/2)/h)², and
    eˣ·(2 sinh(h/2)/h)²), and float32's rounding bound worked by hand from f's values."""

    def answer(f: Callable[..., Any], x: float, h: float) -> float:
        # float32 at the one case; the right float64 answer at the others
        return _in_float32(f, x, h) if (x, h) == (x0, h0) else _right(f, x, h)

    u = 2.0**-24  # float32's unit roundoff
    exact = {
        1.5: 9.0,
        1.0: -math.sin(1.0) * (2 * math.sin(h0 / 2) / h0) ** 2,
        2.0: -math.sin(2.0) * (2 * math.sin(h0 / 2) / h0) ** 2,
    }.get(x0, math.exp(x0) * (2 * math.sinh(h0 / 2) / h0) ** 2)
    got = _in_float32(g, x0, h0)
    terms = abs(g(x0 + h0)) + 2 * abs(g(x0)) + abs(g(x0 - h0))
    assert abs(got - exact) <= 5 * u * terms / h0**2 + 5 * u * abs(exact)  # rounding alone
    said = assert_named(
        CHECK,
        answer,
        "(within float32's rounding: f's three values and their sum rounded to float32 are "
        "off by up to ",
        "（差距没有超出 float32 的舍入误差：f 的三个值及其求和按 float32 舍入，这里最多会差 ",
    )
    for lang in editions.LANGS:
        expected, shown = expected_and_got(lang, said[lang])
        assert math.isclose(expected, exact, rel_tol=1e-9), said[lang]
        assert math.isclose(shown, got, rel_tol=1e-9, abs_tol=1e-12), said[lang]
        assert "none of the slips" not in said[lang] and "任何一种错误" not in said[lang]
    editions.assert_english(said["en"])
    editions.assert_chinese(said["zh"])
