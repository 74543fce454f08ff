"""A check's hints read a numpy number as its verdict reads it.

``expect_close`` reads np.float32, np.int64, np.longdouble and a 0-d array as numbers;
hints around it read Python's int and float alone (``isinstance(got, (int, float))``),
so a numpy answer got the verdict and lost its hint — "does your code use the h it is
given?", the slip 1/(1 + eˣ), the step where Newton's iterates diverge (06), Ċ in a
pair or a triple, or of the opposite sign everywhere (07), a learning rate the function
read (02, 03), "return the node 'out', not its number" (00) — and a right 0-d array
from softplus_derivative was given to gradcheck as nan and stopped the check. Each is
now read by ``reading.read_number``; every case here is told as the same answer of
Python floats is, in both editions. Oracles: the closed forms by hand, written here
(e^x·(2 sinh(h/2)/h)² for eˣ's second difference, σ(x), Newton's iterates on x⁴ − 2x²,
ż, ȧ, Ċ of one neuron).
"""

# ruff: noqa: RUF001 (the Chinese messages it reads have full-width punctuation)

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import editions
import numpy as np
import pytest
from exercise_cases import assert_named, newton_diverging_at_step_2, passes, raised

#: How an answer of one number is held: numpy's types the verdict reads.
HELD: dict[str, Callable[[float], Any]] = {
    "float32": np.float32,
    "longdouble": np.longdouble,
    "0-d array": np.array,
    "0-d float32 array": lambda v: np.array(v, np.float32),
}


def _in_both(said: dict[str, str]) -> None:
    editions.assert_english(said["en"])
    editions.assert_chinese(said["zh"])


# ------------------------------------------------------------------ nb06


def _fixed_step(step: float, held: Callable[[float], Any]) -> Callable[..., Any]:
    """A second difference with a step of its own, whatever h it is given."""

    def second_difference(f: Any, x: float, h: float) -> Any:
        return held((f(x + step) - 2 * f(x) + f(x - step)) / step**2)

    return second_difference


@pytest.mark.parametrize("held", HELD.values(), ids=HELD.keys())
def test_f_second_itself_at_a_large_step_is_asked_about_h(held: Callable[[float], Any]) -> None:
    """A step of its own of 1e-4 passes the small steps and gives f''(0.3) = e^0.3 at
    h = 0.5: a float was asked "does your code use the h it is given?"; a numpy number
    was told a bare "expected 1.378216266, got 1.34985878", a float32 one "compute in
    float64" of a miss 2 % wide, 7000 times float32's rounding there."""
    said = assert_named(
        "nb06.check_second_difference",
        _fixed_step(1e-4, held),
        "which is f''(0.3) = 1.349858808 itself: at the step h = 0.5 the second difference "
        "is not f'' yet; does your code use the h it is given?",
        "这正是 f''(0.3) = 1.349858808 本身：步长 h = 0.5 时，二阶差分还不等于 f''；"
        "你的代码用到了传进来的 h 吗？",
    )
    _in_both(said)
    due = math.exp(0.3) * (2 * math.sinh(0.25) / 0.5) ** 2
    shown = {"en": r"expected (\S+), got (\S+?),", "zh": r"应为 (\S+?)，实际得到 (\S+?)，"}
    for lang, pattern in shown.items():
        found = re.search(pattern, said[lang])
        assert found, said[lang]
        assert float(found[1]) == pytest.approx(due, rel=1e-9)
        assert float(found[2]) == pytest.approx(math.exp(0.3), rel=1e-6)


@pytest.mark.parametrize("held", [np.longdouble, np.array], ids=["longdouble", "0-d array"])
def test_a_step_of_its_own_is_asked_about_h(held: Callable[[float], Any]) -> None:
    """A step of its own of 1e-5 fails first at x³ by its rounding: a float was told the
    function gives one number whatever h (the probes at h = 0.5 and 0.25); a longdouble
    or a 0-d array, a bare "expected 9, got 9.000000745" (the probes read Python's int
    and float alone)."""
    said = assert_named(
        "nb06.check_second_difference",
        _fixed_step(1e-5, held),
        "your function gives the same number whatever h it is given (for eˣ at x = 0.3, ",
        "不管传进来的 h 是多少，你的函数都给出同一个数（对 x = 0.3 处的 eˣ，",
    )
    _in_both(said)
    assert said["en"].startswith("second_difference(f, 1.5, 0.001) for f = x³ at x = 1.5: ")


def test_a_float32_miss_within_its_rounding_is_still_told_float32() -> None:
    """The right formula in float32 misses at x³ by float32's rounding, 4ε|f|/h² ≈ 1.6
    there (ε of float32, f = 3.375 at h = 1e-3): told so, as before."""

    def second_difference(f: Any, x: float, h: float) -> Any:
        return (np.float32(f(x + h)) - 2 * np.float32(f(x)) + np.float32(f(x - h))) / h**2

    said = assert_named(
        "nb06.check_second_difference",
        second_difference,
        "a float32 number: its rounding, 4ε|f|/h² with float32's ε, is about 1.6 here; "
        "compute in float64",
        "是 float32 的数：它的舍入误差 4ε|f|/h²（ε 取 float32 的）在这里约为 1.6；"
        "请用 float64 计算",
    )
    _in_both(said)


def _sigma(x: float) -> float:
    return 1 / (1 + math.exp(-x))


@pytest.mark.parametrize("held", [np.array, np.longdouble], ids=["0-d array", "longdouble"])
def test_a_right_softplus_derivative_held_by_numpy_passes(held: Callable[[float], Any]) -> None:
    """σ(x) as a 0-d array passed expect_close and went to gradcheck as nan: "stopped
    with InfiniteDerivative"."""
    for lang in editions.LANGS:
        assert passes(lang, "nb06.check_softplus_derivative", lambda x, s: held(_sigma(x)))


@pytest.mark.parametrize(
    "held",
    [np.array, np.longdouble, np.float32, lambda v: np.array(v, np.float32)],
    ids=["0-d array", "longdouble", "float32", "0-d float32 array"],
)
def test_the_softplus_slip_held_by_numpy_is_named(held: Callable[[float], Any]) -> None:
    """1/(1 + eˣ), σ(−x), as a 0-d array: its gradcheck failure was told without the slip
    (a longdouble was named already: kept so)."""
    said = assert_named(
        "nb06.check_softplus_derivative",
        lambda x, s: held(_sigma(-x)),
        "(that is 1/(1 + eˣ) at every x, which falls as x grows",
        "（这正是每个 x 处的 1/(1 + eˣ)，它随 x 增大而变小",
    )
    _in_both(said)


ITERATES: dict[str, Callable[[list[Any]], Any]] = {
    "array": np.array,
    "longdouble entries": lambda xs: [np.longdouble(v) for v in xs],
    "0-d array entries": lambda xs: [np.array(v) for v in xs],
}


@pytest.mark.parametrize("held", ITERATES.values(), ids=ITERATES.keys())
def test_an_overflow_is_told_at_its_step_however_the_iterates_are_held(
    held: Callable[[list[Any]], Any],
) -> None:
    """newton's second step −1e200 overflows the six-step run (x⁴ of it); its two-step
    run's iterates, in an array or as numpy numbers, were read as a list of Python's
    numbers alone, so no step was named. Oracle: x1 = 2 − f′(2)/f″(2) = 2 − 24/44,
    x2 = x1 − f′(x1)/f″(x1), f′ = 4x³ − 4x, f″ = 12x² − 4, by hand."""
    run = newton_diverging_at_step_2()
    x1 = 2 - 24 / 44
    x2 = x1 - (4 * x1**3 - 4 * x1) / (12 * x1**2 - 4)
    said = assert_named(
        "nb06.check_newton",
        lambda f, x0, steps: held(run(f, x0, steps)),
        f"\nthe iterates diverge at step 2: newton(f, 2.0, 2) for f = x⁴ − 2x² gives x2 = "
        f"1e+200, where {x2:.10g} is due, from x1 = {x1:.10g}, which is right",
        f"\n迭代在第 2 步发散了：newton(f, 2.0, 2)（f = x⁴ − 2x²）给出的 x2 = 1e+200，应为 "
        f"{x2:.10g}，这一步的出发点 x1 = {x1:.10g} 是对的",
        "end",
    )
    _in_both(said)


# ------------------------------------------------------------------ nb07


def _tangent(answer: str, held: Callable[[float], Any]) -> Callable[..., Any]:
    """A student's neuron_tangent, by hand (ż, ȧ, Ċ of C = (σ(w·x + b) − y)²), returning
    ``answer`` of them, each number ``held`` by numpy."""

    def neuron_tangent(w: float, b: float, x: float, y: float, w_dot: float, b_dot: float) -> Any:
        z = w * x + b
        a = 1 / (1 + math.exp(-z))
        z_dot = x * w_dot + b_dot
        a_dot = a * (1 - a) * z_dot
        c_dot = 2 * (a - y) * a_dot
        dz = 2 * (a - y) * a * (1 - a)
        numbers = {
            "(C, Ċ)": ((a - y) ** 2, c_dot),
            "(ż, ȧ, Ċ)": (z_dot, a_dot, c_dot),
            "(Ċ, ż, ȧ)": (c_dot, z_dot, a_dot),
            "(∂C/∂w, ∂C/∂b)": (x * dz, dz),
            "2(y − a)": (2 * (y - a) * a_dot,),
        }[answer]
        held_numbers = tuple(held(v) for v in numbers)
        return held_numbers[0] if len(held_numbers) == 1 else held_numbers

    return neuron_tangent


TANGENT_ANSWERS = {
    "(C, Ċ)": ("(C, Ċ) as jvp returns them: return Ċ alone", "即 'jvp' 返回的 (C, Ċ)：只返回 Ċ"),
    "(ż, ȧ, Ċ)": (
        "(ż, ȧ, Ċ) as section 1's forward_by_hand returns them: the last is Ċ, the answer",
        "即第 1 节 forward_by_hand 返回的 (ż, ȧ, Ċ)：最后一个 Ċ 才是答案；请只返回它",
    ),
    "(Ċ, ż, ȧ)": (
        "whose first is Ċ, the answer: return it alone",
        "其中第一个是答案 Ċ：请只返回它",
    ),
    "(∂C/∂w, ∂C/∂b)": (
        "the gradient (∂C/∂w, ∂C/∂b), which reverse mode gives",
        "即梯度 (∂C/∂w, ∂C/∂b)，那是反向模式给出的",
    ),
    "2(y − a)": (
        "(opposite sign at every point checked: 2(y − a) in place of 2(a − y)?",
        "（在检验的每个点上符号都相反：是不是把 2(a − y) 写成了 2(y − a)？",
    ),
}


@pytest.mark.parametrize(
    "held", [np.array, np.longdouble, np.float32], ids=["0-d arrays", "longdoubles", "float32s"]
)
@pytest.mark.parametrize("answer", TANGENT_ANSWERS)
def test_a_tangent_answer_of_numpy_numbers_is_named(
    answer: str, held: Callable[[float], Any]
) -> None:
    """Ċ with (C, Ċ), in (ż, ȧ, Ċ) or another order, the gradient for Ċ, or 2(y − a) at
    every point: named for Python's floats, a bare "expected Ċ = …" or "expected a
    number" for numpy's (nb07's _is_close and slips.negated_everywhere read int and float,
    and np.floating, alone). The numbers by hand: exactly the floats' (a longdouble and a
    0-d array hold a float exactly)."""
    en, zh = TANGENT_ANSWERS[answer]
    said = assert_named("nb07.check_neuron_tangent", _tangent(answer, held), en, zh)
    _in_both(said)


# ------------------------------------------------ a learning rate a notebook holds

eta = np.float32(0.5)  # a notebook's learning rate, as numpy holds it
learning_rate = np.array(0.25)


def _g_times(rate: str) -> Callable[[Any, Any], Any]:
    """A student's g_of for notebook 03, ŷ_j(1 − ŷ_j)(y_j − ŷ_j), times the notebook's
    learning rate ``rate`` (a global it reads)."""

    def g_of(y_hat: Any, y: Any) -> Any:
        g = y_hat * (1 - y_hat) * (y - y_hat)
        return eta * g if rate == "eta" else learning_rate * g

    return g_of


@pytest.mark.parametrize(("rate", "shown"), [("eta", "0.5"), ("learning_rate", "0.25")])
def test_a_learning_rate_held_by_numpy_is_named(rate: str, shown: str) -> None:
    """η·g_j with eta = 0.5 was named "the learning rate belongs in the update"; with
    eta = np.float32(0.5) (or a 0-d array) rate_slips read Python's int and float alone
    and the answer was told "exactly half". Both rates are floats exactly, so η·g is
    η times the right g."""
    said = assert_named(
        "nb03.check_g_j",
        _g_times(rate),
        f"({rate} = {shown} times the right number: the learning rate belongs in the update "
        "Δp = −η·∂E/∂p, not in g_j)",
        f"（是正确值的 {rate} = {shown} 倍：学习率只属于更新量 Δp = −η·∂E/∂p，不属于 g_j）",
        "end",
    )
    _in_both(said)


# ------------------------------------------------------------------ nb00


@pytest.mark.parametrize(
    "number",
    [np.float32(2.25), np.int64(2), np.array(2.25), np.longdouble(2.25)],
    ids=["float32", "int64", "0-d array", "longdouble"],
)
def test_a_method_returning_a_numpy_number_is_told_to_return_the_node(number: Any) -> None:
    """v.exp() returning math.exp(v.data), a float, is told "got the number …: return the
    node 'out', not its number"; returning np.float32 of it, a bare "expected a Value,
    got np.float32(2.25)"."""

    class Value:
        """The notebook's own class, as the check is given it."""

    for lang, words in (
        ("en", ": return the node 'out', not its number"),
        ("zh", "：请返回节点 'out'，而不是它的数值"),
    ):
        nb00 = editions.module(lang, "nb00")
        said = raised(lang, lambda nb00=nb00: nb00._node("v.exp()", number, Value))
        assert said.endswith(words), said
        assert "2" in said.removesuffix(words)[-6:], said


# ------------------------------------------------ a slip given back as float32


def test_a_sign_slip_in_a_float32_array_is_named() -> None:
    """g_j with its sign flipped, ŷ_j(1 − ŷ_j)(ŷ_j − y_j), given back as a float32 array:
    each entry misses −g_j by float32's rounding (−0.01039123163 for −0.01039123157), far
    past the slips' 1e-9, and was told a bare "expected 0.01039123157, got
    -0.01039123163". Compared at float32's rounding, it is told its sign."""
    said = assert_named(
        "nb03.check_g_j",
        lambda y_hat, y: np.asarray(y_hat * (1 - y_hat) * (y_hat - y), dtype=np.float32),
        "(opposite sign: g_j = −∂E/∂β_j = ŷ_j(1 − ŷ_j)(y_j − ŷ_j))",
        "（符号相反：g_j = −∂E/∂β_j = ŷ_j(1 − ŷ_j)(y_j − ŷ_j)）",
        "end",
    )
    _in_both(said)
