"""The "your turn" checks of notebook 07 name what is wrong and accept right answers.

The right answers here are written from closed forms (no engine), the wrong ones are the
slips a student makes: a forgotten σ′(z), the modes swapped, the Newton step with the
wrong sign. Each case runs in the Chinese notebooks' copy of the checks too
(tests/editions.py): the same verdict, the same numbers, in Chinese.
"""

from __future__ import annotations

import linecache
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import editions
import pytest
import sympy
from exercise_cases import assert_told, check_of, mistake, passes

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "notebooks"))

from exercises import PASSED, nb07


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


def _newton_by_sympy(sign: float) -> Callable[[Any, Any], tuple[float, float]]:
    """w − sign·H⁻¹∇C for whatever cost it is given, its ∇C and H differentiated by sympy."""

    def step(cost_: Any, w: Any) -> tuple[float, float]:
        w1, w2 = sympy.symbols("w1 w2")
        C = cost_(w1, w2)
        at = {w1: w[0], w2: w[1]}
        g1, g2 = (float(sympy.diff(C, v).subs(at)) for v in (w1, w2))
        h11, h12, h22 = (
            float(sympy.diff(C, u, v).subs(at)) for u, v in ((w1, w1), (w1, w2), (w2, w2))
        )
        det = h11 * h22 - h12 * h12
        return (
            w[0] - sign * (h22 * g1 - h12 * g2) / det,
            w[1] - sign * (h11 * g2 - h12 * g1) / det,
        )

    return step


def _newton_for_cost_only(_cost: Any, w: Any) -> tuple[float, float]:
    """The right step for ``cost`` above by its closed form, whatever cost it is handed: as
    a newton_step that uses the notebook's global C2 instead of its argument."""
    w1, w2 = w
    g1, g2 = 4 * w1**3 + w2 + 3, w1 + 4 * w2
    h11, h12, h22 = 12 * w1**2, 1.0, 4.0
    det = h11 * h22 - h12 * h12
    return (w1 - (h22 * g1 - h12 * g2) / det, w2 - (h11 * g2 - h12 * g1) / det)


# (name, the check and its arguments after the answer, a right answer, a wrong one, words
# the English message holds)
CASES: list[tuple[str, tuple[str, tuple[Any, ...]], Any, Any, str]] = [
    (
        "tangent",
        ("nb07.check_neuron_tangent", ()),
        tangent_right,
        tangent_without_sigma_prime,
        "neuron_tangent(w=0.8, b=-0.3, x=1.5, y=1.0, ẇ=1.0, ḃ=0.0): expected",
    ),
    (
        "cheaper",
        ("nb07.check_cheaper_mode", ()),
        lambda n, m: ("forward", n) if n <= m else ("reverse", m),
        lambda n, m: ("reverse", m) if n <= m else ("forward", n),  # the modes swapped
        "cheaper_mode(13002, 1): expected mode 'reverse'",
    ),
    (
        "cheaper passes",
        ("nb07.check_cheaper_mode", ()),
        lambda n, m: ("forward", n) if n <= m else ("reverse", m),
        lambda n, m: ("forward", m) if n <= m else ("reverse", n),  # passes of the other
        "cheaper_mode(13002, 1): reverse mode makes 1 pass,",
    ),
    (
        "cheaper mode's name",
        ("nb07.check_cheaper_mode", ()),
        lambda n, m: ("forward", n) if n <= m else ("reverse", m),
        # right everywhere but n_in = n_out, where neither string is given
        lambda n, m: ("forward", n) if n < m else ("reverse", m) if n > m else ("both", n),
        "cheaper_mode(7, 7): expected mode 'forward' or 'reverse', got 'both'",
    ),
    (
        "newton",
        ("nb07.check_newton_step", (cost,)),
        _newton_by_sympy(+1.0),
        _newton_by_sympy(-1.0),  # w + H⁻¹∇C climbs
        "newton_step(cost, (0.0, 0.0))[0]: expected 12, got -12",
    ),
    (
        "newton with its own cost",
        ("nb07.check_newton_step", (cost,)),
        _newton_by_sympy(+1.0),
        _newton_for_cost_only,  # right for the notebook's cost, whatever it is handed
        "minimum is (1, −2): newton_step(q, (0.0, 0.0)): expected (1, −2), got the step for "
        "the notebook's cost instead: does newton_step use the cost it is given?",
    ),
]


@pytest.mark.parametrize(("name", "check", "right", "wrong", "words"), CASES)
def test_wrong_answer_is_named(
    name: str, check: Any, right: Any, wrong: Any, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    qualified, extra = check
    assert_told(lambda lang: mistake(lang, qualified, wrong, *extra), {"en": words})
    assert PASSED not in capsys.readouterr().out


@pytest.mark.parametrize(("name", "check", "right", "wrong", "words"), CASES)
def test_right_answer_passes(
    name: str, check: Any, right: Any, wrong: Any, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    qualified, extra = check
    assert passes("en", qualified, right, *extra) is True
    assert capsys.readouterr().out.startswith(PASSED + " ")


@pytest.mark.parametrize(("name", "check", "right", "wrong", "words"), CASES)
def test_stub_is_not_written_yet(
    name: str, check: Any, right: Any, wrong: Any, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    def stub(*args: object) -> None:
        raise NotImplementedError

    qualified, extra = check
    assert passes("en", qualified, stub, *extra) is False
    assert "not written yet" in capsys.readouterr().out


@pytest.mark.parametrize(("name", "check", "right", "wrong", "words"), CASES)
def test_the_chinese_edition_gives_the_same_verdict_in_chinese(
    name: str, check: Any, right: Any, wrong: Any, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    def stub(*args: object) -> None:
        raise NotImplementedError

    qualified, extra = check
    for answer, verdict in ((wrong, "mistake"), (right, "passed"), (stub, "not written")):
        said = editions.both(
            lambda package, answer=answer: check_of(package.LANGUAGE, qualified)(answer, *extra),
            capsys,
        )
        assert said == verdict, (name, answer)


def _difference_quotient(h: float) -> Callable[..., float]:
    """Ċ as a central difference of C along (ẇ, ḃ): right to 5–10 digits, not to rounding."""

    def tangent(w: float, b: float, x: float, y: float, w_dot: float, b_dot: float) -> float:
        def C(t: float) -> float:
            return (_sigmoid((w + t * w_dot) * x + (b + t * b_dot)) - y) ** 2

        return (C(h) - C(-h)) / (2 * h)

    return tangent


def _tangent_by_grad(w: float, b: float, x: float, y: float, w_dot: float, b_dot: float) -> float:
    """Ċ = ẇ·∂C/∂w + ḃ·∂C/∂b with the engine's reverse mode: right, and not forward mode."""
    from autograd_mini import grad

    dw, db = grad(lambda wv, bv: ((wv * x + bv).sigmoid() - y) ** 2, argnums=(0, 1))(w, b)
    return w_dot * dw + b_dot * db


# Ċ by hand, written in the orders a student might: each is exact to rounding
TANGENTS_RIGHT = {
    "a(1 − a)": tangent_right,
    "σ(z)σ(−z)": lambda w, b, x, y, wd, bd: (
        2 * (_sigmoid(w * x + b) - y) * _sigmoid(w * x + b) * _sigmoid(-(w * x + b)) * (x * wd + bd)
    ),
    "e^(−z)/(1 + e^(−z))²": lambda w, b, x, y, wd, bd: (
        2
        * (1 / (1 + math.exp(-(b + x * w))) - y)
        * math.exp(-(b + x * w))
        / (1 + math.exp(-(b + x * w))) ** 2
        * (wd * x + bd)
    ),
    "tanh": lambda w, b, x, y, wd, bd: (
        (0.5 + 0.5 * math.tanh((w * x + b) / 2) - y)
        * 2
        * (x * wd + bd)
        * (0.25 * (1 - math.tanh((w * x + b) / 2) ** 2))
    ),
}


def _refused(tangent: Any, capsys: pytest.CaptureFixture[str]) -> str:
    """check_neuron_tangent's verdict on ``tangent`` in both editions, which must be a
    mistake; the English message."""
    said = editions.both(
        lambda package: editions.module(package.LANGUAGE, "nb07").check_neuron_tangent(tangent),
        capsys,
    )
    assert said == "mistake"
    return mistake("en", "nb07.check_neuron_tangent", tangent)


@pytest.mark.parametrize("h", [1e-3, 1e-5, 1e-6, 1e-7])
def test_a_difference_quotient_is_not_forward_mode(
    h: float, capsys: pytest.CaptureFixture[str]
) -> None:
    """At h = 1e-5 a central difference of C is 2e-11 from Ċ: the check compared at 1e-9
    and accepted it as "Ċ by forward mode, by hand". The hand formula is exact to rounding,
    so the check now allows rounding only, and says why a near miss is one."""
    text = _refused(_difference_quotient(h), capsys)
    assert text.startswith("neuron_tangent(w=0.8, b=-0.3, x=1.5, y=1.0, ẇ=1.0, ḃ=0.0)"), text
    assert "a finite difference of C?" in text and "float32" not in text, text


def test_c_dot_from_the_engine_s_gradient_is_not_forward_mode(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """ẇ·∂C/∂w + ḃ·∂C/∂b with grad is Ċ to rounding, and was accepted; it is reverse mode,
    and the engine's answer: refused as notebook 05 refuses backward() in my_backward."""
    text = _refused(_tangent_by_grad, capsys)
    assert "that is reverse mode" in text, text


def _tangent_by_jvp(w: float, b: float, x: float, y: float, w_dot: float, b_dot: float) -> float:
    """Ċ from the engine's own forward mode: the number the check compares with."""
    from autograd_mini import jvp

    return jvp(lambda wv, bv: ((wv * x + bv).sigmoid() - y) ** 2, (w, b), (w_dot, b_dot))[1]


def _tangent_by_forward_jacobian(
    w: float, b: float, x: float, y: float, w_dot: float, b_dot: float
) -> float:
    """Ċ = J·(ẇ, ḃ) with J from jacobian(mode="forward"): forward mode, the engine's."""
    from autograd_mini import jacobian

    ((dw, db),) = jacobian(
        lambda wv, bv: [((wv * x + bv).sigmoid() - y) ** 2], argnums=(0, 1), mode="forward"
    )(w, b)
    return w_dot * dw + b_dot * db


@pytest.mark.parametrize(
    ("tangent", "called"),
    [(_tangent_by_jvp, "jvp()"), (_tangent_by_forward_jacobian, "jacobian()")],
)
def test_c_dot_from_the_engine_s_jvp_is_not_by_hand(
    tangent: Any, called: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """jvp is the check's oracle: an answer returning it passed, to the last bit, as "Ċ by
    forward mode, by hand" (the check saw reverse passes only). Refused in both editions,
    naming the function the answer called."""
    text = _refused(tangent, capsys)
    assert f"called {called}, the engine's forward mode" in text and "by hand" in text, text


def _by_hand_and(extra: Callable[[], object]) -> Callable[..., float]:
    """Ċ by hand, right to rounding, from a function that also runs ``extra`` and throws
    its result away: one engine pass more than the exercise allows (none)."""

    def tangent(w: float, b: float, x: float, y: float, w_dot: float, b_dot: float) -> float:
        extra()
        return tangent_right(w, b, x, y, w_dot, b_dot)

    return tangent


def _square(v: Any) -> Any:
    return v * v


def _thrown_away_jvp() -> object:
    from autograd_mini import jvp

    return jvp(_square, (1.0,), (1.0,))


def _thrown_away_hvp() -> object:
    from autograd_mini import hvp

    return hvp(_square, (1.0,), (1.0,))


def _thrown_away_grad() -> object:
    from autograd_mini import grad

    return grad(_square)(1.0)


def _thrown_away_backward() -> object:
    from autograd_mini import Value

    v = Value(1.0)
    (v * v).backward()
    return v.grad


@pytest.mark.parametrize(
    ("extra", "en", "zh"),
    [
        (
            _thrown_away_jvp,
            "called jvp(), the engine's forward mode",
            "调用了 jvp()，即引擎的前向模式",
        ),
        (
            _thrown_away_hvp,
            "called hvp(), the engine's forward mode",
            "调用了 hvp()，即引擎的前向模式",
        ),
        (
            _thrown_away_grad,
            "called grad(), which takes a gradient",
            "调用了 grad()，用引擎求了梯度",
        ),
        (
            _thrown_away_backward,
            "called backward(), which takes a gradient",
            "调用了 backward()，用引擎求了梯度",
        ),
    ],
    ids=["jvp", "hvp", "grad", "backward"],
)
def test_one_engine_pass_too_many_is_caught_and_named(
    extra: Callable[[], object], en: str, zh: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The exercise allows no engine pass: a right Ċ from a function that also ran one
    (its result thrown away) is refused, naming what it called and the mode, in both
    editions. The library keeps no count of its passes for this: the check watches the
    answer's calls (exercises/watch.py), as notebooks 04 and 05 do."""
    import autograd_mini.backward
    import autograd_mini.forward

    assert not hasattr(autograd_mini.backward, "passes_started")
    assert not hasattr(autograd_mini.forward, "tangent_passes_started")
    text = _refused(_by_hand_and(extra), capsys)
    assert text.startswith("neuron_tangent(w=0.8, b=-0.3, x=1.5, y=1.0, ẇ=1.0, ḃ=0.0) " + en)
    said = mistake("zh", "nb07.check_neuron_tangent", _by_hand_and(extra))
    assert zh in said, said


@pytest.mark.parametrize("form", TANGENTS_RIGHT.values(), ids=TANGENTS_RIGHT.keys())
def test_c_dot_by_hand_passes_in_any_order(form: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert editions.verdict(nb07.check_neuron_tangent(form)) is True
    assert capsys.readouterr().out.startswith(PASSED + " ")


def test_the_tangent_tolerance_bounds_rounding_and_not_a_difference() -> None:
    """Against Ċ with 60 digits (mpmath) at the check's points: every hand form and the
    engine's jvp are within the bound (they are within 3ε), and a central difference at
    any step from 1e-3 to 1e-8 is outside twice the bound, the check's tolerance."""
    mpmath = pytest.importorskip("mpmath")
    from autograd_mini import jvp

    for point in nb07.TANGENT_POINTS:
        w, b, x, y, w_dot, b_dot = point
        with mpmath.workdps(60):
            W, B, X, Y, WD, BD = map(mpmath.mpf, point)
            A = 1 / (1 + mpmath.exp(-(W * X + B)))
            exact = 2 * (A - Y) * A * (1 - A) * (X * WD + BD)
        bound = nb07.tangent_tolerance(*point)
        assert 20 * sys.float_info.epsilon < bound < 100 * sys.float_info.epsilon, point

        def cost(wv: Any, bv: Any, x: float = x, y: float = y) -> Any:
            return ((wv * x + bv).sigmoid() - y) ** 2

        engine = jvp(cost, (w, b), (w_dot, b_dot))[1]
        for name, value in [*((n, f(*point)) for n, f in TANGENTS_RIGHT.items()), ("jvp", engine)]:
            assert abs(value - exact) <= bound * abs(exact), (point, name)
        for h in (1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8):
            quotient = _difference_quotient(h)(*point)
            assert abs(quotient - exact) > 2 * bound * abs(exact) * 10, (point, h)


def test_the_second_newton_cost_s_minimum_is_worked_out_by_sympy() -> None:
    """q's minimum (1, −2), which the check expects from one Newton step at any point: ∇q
    vanishes there only, and q's Hessian is constant and positive definite."""
    w1, w2 = sympy.symbols("w1 w2")
    q = nb07.quadratic(w1, w2)
    assert sympy.solve([sympy.diff(q, w1), sympy.diff(q, w2)], [w1, w2]) == {w1: 1, w2: -2}
    H = sympy.hessian(q, (w1, w2))
    assert H.equals(sympy.Matrix([[2, 1], [1, 4]])) and H.det() == 7 and H[0, 0] > 0
    assert nb07.QUADRATIC_MINIMUM == (1.0, -2.0)


def test_a_float32_tangent_is_told_float32(capsys: pytest.CaptureFixture[str]) -> None:
    """Ċ right but returned as a numpy float32 (7 digits) was asked "a finite difference of
    C?": the check passes float32_hint=False with its near_hint, and the float32 branch
    looked at the digits only. The answer's type says float32, and the check says so."""
    import numpy as np

    def tangent(w: float, b: float, x: float, y: float, w_dot: float, b_dot: float) -> Any:
        return np.float32(tangent_right(w, b, x, y, w_dot, b_dot))

    text = _refused(tangent, capsys)
    assert "float32 rounding? compute in float64" in text, text
    assert "finite difference" not in text, text
    said = mistake("zh", "nb07.check_neuron_tangent", tangent)
    assert "用了 float32 吗" in said and "有限差分" not in said, said


def _newton_dividing_by_hessian(one_input: bool) -> Callable[[Any, Any], Any]:
    """w − ∇C/H with H as hessian returns it, a list of rows: the whole 2×2 matrix, or
    [[h11]] from hessian(cost) with its default argnums=0."""

    def newton_step(cost_: Any, w: Any) -> Any:
        from autograd_mini import grad, hessian

        H = hessian(cost_)(*w) if one_input else hessian(cost_, argnums=(0, 1))(*w)
        g1, g2 = grad(cost_, argnums=(0, 1))(*w)
        return (w[0] - g1 / H, w[1] - g2 / H)

    return newton_step


@pytest.mark.parametrize("one_input", [False, True], ids=["2x2", "argnums=0"])
def test_a_newton_step_dividing_by_hessian_s_matrix_is_told_so(
    one_input: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    """hessian(...)(*w) is a list of rows ([[h11]] with the default argnums): dividing ∇C by
    it raised a bare TypeError. The check now says hessian returns a matrix and how to
    use its entries, in both editions."""
    answer = _newton_dividing_by_hessian(one_input)
    said = editions.both(
        lambda package: editions.module(package.LANGUAGE, "nb07").check_newton_step(answer, cost),
        capsys,
    )
    assert said == "mistake"
    for lang, words in (
        (
            "en",
            (
                "newton_step(cost, (0.0, 0.0)): raised TypeError: ",
                "after calling hessian(): hessian returns a matrix",
                "(h11, h12), (h21, h22) = H",
            ),
        ),
        ("zh", ("调用 hessian() 之后抛出了 TypeError「", "hessian() 返回的是矩阵", "克拉默法则")),
    ):
        said = mistake(lang, "nb07.check_newton_step", answer, cost)
        assert all(w in said for w in words), said


# ------------------------------------------------------- what grad and hessian return


def _newton_grad_without_argnums(cost_: Any, w: Any) -> Any:
    """H unpacked right, ∇C taken with grad's default argnums=0: one number."""
    from autograd_mini import grad, hessian

    (h11, h12), (h21, h22) = hessian(cost_, argnums=(0, 1))(*w)
    g1, g2 = grad(cost_)(*w)
    det = h11 * h22 - h12 * h21
    return (w[0] - (h22 * g1 - h12 * g2) / det, w[1] - (h11 * g2 - h21 * g1) / det)


def _newton_entry_times_pair(cost_: Any, w: Any) -> Any:
    """Each entry of H (a number) times the gradient pair (a tuple): no matrix involved."""
    from autograd_mini import grad, hessian

    H = hessian(cost_, argnums=(0, 1))(*w)
    g = grad(cost_, argnums=(0, 1))(*w)
    return (w[0] - H[0][0] * g, w[1] - H[1][0] * g)


def test_a_type_error_of_grad_s_number_or_pair_is_not_blamed_on_hessian_s_matrix() -> None:
    """Once newton_step had called hessian, a TypeError whose operands the check could not
    read was told "if this comes from using hessian's matrix as a number…": unpacking
    grad(cost)(*w) (one number: argnums defaults to 0) after unpacking H right, and
    H[1][0] * g (a number times the gradient pair). Now an unpacking is read for what it
    unpacks, and a name's entries for what they hold: the first is told that grad(cost)
    differentiates only the first argument, the second as any TypeError is, neither with
    hessian's advice. Oracle: what those expressions are, by closed form — H is the 2×2
    [[12w1², 1], [1, 4]], grad(cost) at (0, 0) is ∂C/∂w1 = 3 alone."""
    from autograd_mini import grad, hessian

    assert hessian(cost, argnums=(0, 1))(0.0, 0.0) == [[0.0, 1.0], [1.0, 4.0]]
    assert grad(cost)(0.0, 0.0) == 3.0  # a number: nothing to unpack into g1, g2
    assert grad(cost, argnums=(0, 1))(0.0, 0.0) == (3.0, 0.0)  # the pair H[1][0] multiplies
    words = {
        "en": (
            "newton_step(cost, (0.0, 0.0)): raised TypeError: ",
            "grad(cost_) differentiates only the first argument unless argnums is given, and "
            "returns one number where 2 are unpacked; grad(cost_, argnums=(0, 1)) returns the "
            "2 partial derivatives, as section 4 does",
        ),
        "zh": (
            "newton_step(cost, (0.0, 0.0))：抛出了 TypeError「",
            "grad(cost_) 只对第一个参数求导（除非给出 argnums），返回的是一个数，而这里要拆出 "
            "2 个；grad(cost_, argnums=(0, 1)) 才返回 2 个偏导数，第 4 节就是这样写的",
        ),
    }
    for lang in editions.LANGS:
        said = mistake(lang, "nb07.check_newton_step", _newton_grad_without_argnums, cost)
        assert all(w in said for w in words[lang]), said
        assert "hessian() 返回的是矩阵" not in said and "hessian returns a matrix" not in said
        said = mistake(lang, "nb07.check_newton_step", _newton_entry_times_pair, cost)
        assert said.startswith(words[lang][0]), said
        assert "hessian" not in said and "argnums" not in said, said


def _newton_hessian_without_argnums(by_name: bool) -> Callable[[Any, Any], Any]:
    """(h11, h12), (h21, h22) unpacked from hessian(cost_)(*w), argnums left at 0: inline,
    or from a name H holding it."""

    def newton_step(cost_: Any, w: Any) -> Any:
        from autograd_mini import grad, hessian

        if by_name:
            H = hessian(cost_)(*w)
            (h11, h12), (h21, h22) = H
        else:
            (h11, h12), (h21, h22) = hessian(cost_)(*w)
        g1, g2 = grad(cost_, argnums=(0, 1))(*w)
        det = h11 * h22 - h12 * h21
        return (w[0] - (h22 * g1 - h12 * g2) / det, w[1] - (h11 * g2 - h21 * g1) / det)

    return newton_step


@pytest.mark.parametrize("by_name", [False, True], ids=["inline", "by-name"])
def test_hessian_without_argnums_unpacked_into_two_rows_is_told_why(by_name: bool) -> None:
    """hessian(cost)(*w) differentiates w1 only and returns [[h11]]: unpacking two rows
    from it was told only "raised ValueError: not enough values to unpack (expected 2,
    got 1)". Now the message says hessian(cost) differentiates only the first argument,
    returns the 1×1 matrix [[h11]], and that argnums=(0, 1) gives the 2×2 one, as
    section 4 does. Oracle: ∂²C/∂w1² = 12w1² by hand, the one entry at w = (0, 0)."""
    from autograd_mini import hessian

    assert hessian(cost)(0.0, 0.0) == [[0.0]]  # one row: nothing for (h21, h22)
    answer = _newton_hessian_without_argnums(by_name)
    maker = "hessian(f)" if by_name else "hessian(cost_)"
    words = {
        "en": (
            "newton_step(cost, (0.0, 0.0)): raised ValueError: ",
            (
                "H is a 1×1 matrix, one row where 2 are unpacked: hessian() differentiates "
                "one argument — the first, unless argnums names another; "
                if by_name
                else "hessian(cost_) differentiates only the first argument unless argnums is "
                "given, and returns the 1×1 matrix [[h11]], one row where 2 are unpacked; "
            )
            + f"{maker[:-1]}, argnums=(0, 1)) returns the 2×2 matrix, as section 4 does",
        ),
        "zh": (
            "newton_step(cost, (0.0, 0.0))：抛出了 ValueError「",
            (
                "H 是 1×1 矩阵，只有一行，而这里要拆出 2 行：hessian() 只对一个参数求导——"
                "不给 argnums 时是第一个；"
                if by_name
                else "hessian(cost_) 只对第一个参数求导（除非给出 argnums），返回的是 1×1 矩阵 "
                "[[h11]]，只有一行，而这里要拆出 2 行；"
            )
            + f"{maker[:-1]}, argnums=(0, 1)) 才返回 2×2 矩阵，第 4 节就是这样写的",
        ),
    }
    for lang in editions.LANGS:
        said = mistake(lang, "nb07.check_newton_step", answer, cost)
        assert said.startswith(words[lang][0]), said
        assert words[lang][1] in said, said


def _newton_hessian_of_w2_only(cost_: Any, w: Any) -> Any:
    """(h11, h12), (h21, h22) unpacked from hessian(cost_, argnums=1)(*w): ∂²C/∂w2² alone."""
    from autograd_mini import grad, hessian

    (h11, h12), (h21, h22) = hessian(cost_, argnums=1)(*w)
    g1, g2 = grad(cost_, argnums=(0, 1))(*w)
    det = h11 * h22 - h12 * h21
    return (w[0] - (h22 * g1 - h12 * g2) / det, w[1] - (h11 * g2 - h21 * g1) / det)


def test_hessian_of_one_named_argument_is_not_called_h11() -> None:
    """hessian(cost_, argnums=1) returns [[∂²C/∂w2²]]: the message called it [[h11]].
    Oracle: ∂²C/∂w2² = 4 by hand (C's 2·w2² term), the one entry."""
    from autograd_mini import hessian

    assert hessian(cost, argnums=1)(0.0, 0.0) == [[4.0]]  # one row
    for lang in editions.LANGS:
        said = mistake(lang, "nb07.check_newton_step", _newton_hessian_of_w2_only, cost)
        assert "argnums=1" in said and "[[h11]]" not in said, said
        assert ("1×1 matrix, one row" in said) or ("1×1 矩阵，只有一行" in said), said


# ------------------------------------------------- reading past the end of hessian's matrix

_PAST_THE_END = """
from autograd_mini import grad, hessian


def newton_step(cost_, w):
    {make}
    g1, g2 = grad(cost_, argnums=(0, 1))(*w)
    h11, h12, h21, h22 = {entries}
    det = h11 * h22 - h12 * h21
    return (w[0] - (h22 * g1 - h12 * g2) / det, w[1] - (h11 * g2 - h21 * g1) / det)
"""


def _answer_in_cell(source: str, cell: int) -> Any:
    """``newton_step`` of ``source`` run as notebook cell In[cell], its source kept in
    linecache as IPython keeps a cell's (the check reads the line that failed there)."""
    filename = f"<ipython-input-{cell}-0123abcd>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace: dict[str, Any] = {}
    exec(compile(source, filename, "exec"), namespace)
    return namespace["newton_step"]


# (how H is made, how its entries are read, the words in English and in Chinese)
PAST_THE_END = {
    "by name": (
        "H = hessian(cost_)(*w)",
        "H[0][0], H[0][1], H[1][0], H[1][1]",
        "H is hessian(cost_)(*w): hessian(cost_) differentiates only the first argument unless "
        "argnums is given, and returns the 1×1 matrix [[h11]], so H[0][1] is past its end; "
        "hessian(cost_, argnums=(0, 1)) returns the 2×2 matrix, as section 4 does",
        "H 是 hessian(cost_)(*w)：hessian(cost_) 只对第一个参数求导（除非给出 argnums），返回的是 "
        "1×1 矩阵 [[h11]]，H[0][1] 越过了它的末尾；hessian(cost_, argnums=(0, 1)) 才返回 2×2 "
        "矩阵，第 4 节就是这样写的",
    ),
    "inline": (
        "pass",
        "(hessian(cost_)(*w)[0][0], hessian(cost_)(*w)[0][1], 1.0, 4.0)",
        "hessian(cost_) differentiates only the first argument unless argnums is given, and "
        "returns the 1×1 matrix [[h11]], so hessian(cost_)(*w)[0][1] is past its end; "
        "hessian(cost_, argnums=(0, 1)) returns the 2×2 matrix, as section 4 does",
        "hessian(cost_) 只对第一个参数求导（除非给出 argnums），返回的是 1×1 矩阵 [[h11]]，"
        "hessian(cost_)(*w)[0][1] 越过了它的末尾；hessian(cost_, argnums=(0, 1)) 才返回 2×2 矩阵",
    ),
    "argnums=1": (
        "H = hessian(cost_, argnums=1)(*w)",
        "H[0][0], H[0][1], H[1][0], H[1][1]",
        "hessian(cost_, argnums=1) differentiates only the argument argnums=1 names, and "
        "returns the 1×1 matrix, so H[0][1] is past its end",
        "hessian(cost_, argnums=1) 只对 argnums=1 指定的那一个参数求导，返回的是 1×1 矩阵，"
        "H[0][1] 越过了它的末尾",
    ),
    "counted from 1": (
        "H = hessian(cost_, argnums=(0, 1))(*w)",
        "H[1][1], H[1][2], H[2][1], H[2][2]",
        "H is hessian's 2×2 matrix, so H[1][2] is past its end: indices count from 0, and its "
        "entries run from H[0][0] to H[1][1]",
        "H 是 hessian() 返回的 2×2 矩阵，H[1][2] 越过了它的末尾：下标从 0 开始，它的元素是 "
        "H[0][0] 到 H[1][1]",
    ),
}


@pytest.mark.parametrize(("make", "entries", "en", "zh"), PAST_THE_END.values(), ids=PAST_THE_END)
def test_reading_past_the_end_of_hessian_s_matrix_is_told_why(
    make: str, entries: str, en: str, zh: str
) -> None:
    """An entry read past the end of hessian's matrix — H[0][1] of the 1×1 matrix that
    hessian(cost) returns with its default argnums=0 — was told only "raised IndexError:
    list index out of range". Now the message says why the matrix is that size, from the
    call that made it, and how to get the 2×2 one; an index n of an n×n matrix is told that
    indices count from 0. Oracle: H of C by hand, [[12w1², 1], [1, 4]]: at (0, 0) the
    first argument's alone is [[0]], the second's [[4]], both together 2×2."""
    from autograd_mini import hessian

    assert hessian(cost)(0.0, 0.0) == [[0.0]]
    assert hessian(cost, argnums=1)(0.0, 0.0) == [[4.0]]
    assert hessian(cost, argnums=(0, 1))(0.0, 0.0) == [[0.0, 1.0], [1.0, 4.0]]
    answer = _answer_in_cell(_PAST_THE_END.format(make=make, entries=entries), 7)
    said = assert_told(
        lambda lang: mistake(lang, "nb07.check_newton_step", answer, cost), {"en": en, "zh": zh}
    )
    assert said["en"].startswith(
        "newton_step(cost, (0.0, 0.0)): raised IndexError: list index out of range — "
    ), said
    assert said["zh"].startswith("newton_step(cost, (0.0, 0.0))：抛出了 IndexError「"), said
    assert said["en"].endswith(f"Cell In[7], line 8: 'h11, h12, h21, h22 = {entries}'"), said
    for text in said.values():
        assert "[[h11]]" not in text or "argnums=1" not in text, text
    editions.assert_chinese(said["zh"])


def test_an_index_error_that_is_not_hessian_s_is_told_as_before() -> None:
    """After a call of hessian, an IndexError of another list (w[2] of the pair w) is told
    as any IndexError is: nothing about the matrix."""
    source = _PAST_THE_END.format(
        make="H = hessian(cost_, argnums=(0, 1))(*w)",
        entries="H[0][0], H[0][1], H[1][0], H[1][1] + w[2]",
    )
    answer = _answer_in_cell(source, 8)
    said = mistake("en", "nb07.check_newton_step", answer, cost)
    assert said.startswith(
        "newton_step(cost, (0.0, 0.0)): raised IndexError: tuple index out of range\n"
    ), said
    assert "hessian" not in said and "matrix" not in said, said


def test_the_one_row_of_a_1x1_hessian_unpacked_into_two_is_told_why() -> None:
    """h11, h12 = H[0] of the 1×1 matrix hessian(cost_) returns with its default argnums=0
    was told only "raised ValueError: not enough values to unpack (expected 2, got 1)",
    where (h11, h12), (h21, h22) = H is told why H is 1×1. Now the row is too. Oracle:
    H of C for w1 alone at (0, 0) is [[12·0²]] = [[0]], one row of one entry."""
    from autograd_mini import hessian

    assert hessian(cost)(0.0, 0.0) == [[0.0]]
    answer = _answer_in_cell(
        _PAST_THE_END.format(
            make="H = hessian(cost_)(*w)\n    h11, h12 = H[0]\n    h21, h22 = H[1]",
            entries="h11, h12, h21, h22",
        ),
        9,
    )
    words = {
        "en": "H is hessian(cost_)(*w): hessian(cost_) differentiates only the first argument "
        "unless argnums is given, and returns the 1×1 matrix [[h11]], so its one row H[0] has "
        "one entry where 2 are unpacked; hessian(cost_, argnums=(0, 1)) returns the 2×2 "
        "matrix, as section 4 does",
        "zh": "H 是 hessian(cost_)(*w)：hessian(cost_) 只对第一个参数求导（除非给出 argnums），"
        "返回的是 1×1 矩阵 [[h11]]，它唯一的一行 H[0] 只有一个元素，而这里要拆出 2 个；"
        "hessian(cost_, argnums=(0, 1)) 才返回 2×2 矩阵，第 4 节就是这样写的",
    }
    said = assert_told(lambda lang: mistake(lang, "nb07.check_newton_step", answer, cost), words)
    assert said["en"].startswith(
        "newton_step(cost, (0.0, 0.0)): raised ValueError: not enough values to unpack "
        "(expected 2, got 1) — "
    ), said
    editions.assert_chinese(said["zh"])


def _defined_in_cell(source: str, cell: int, name: str) -> Any:
    """The function ``name`` of ``source`` run as notebook cell In[cell], its source kept
    in linecache as IPython keeps a cell's."""
    filename = f"<ipython-input-{cell}-4567cdef>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace: dict[str, Any] = {}
    exec(compile(source, filename, "exec"), namespace)
    return namespace[name]


_OWN_INVERSE = """
from autograd_mini import grad, hessian


def newton_step(cost_, w):
    H = hessian(cost_, argnums=(0, 1))(*w)
    (h11, h12), (h21, h22) = H
    g1, g2 = grad(cost_, argnums=(0, 1))(*w)
    det = h11 * h22 - h12 * h21
    Hinv = [[h22 / det, -h12 / det], [-h21 / det, h11 / det]]
    return (w[0] - (Hinv[0][0] * g1 + Hinv[0][1] * g2), w[1] - (Hinv[1][1] * g1 + Hinv[1][2] * g2))
"""

_CURVATURE_HISTORY = """
from autograd_mini import grad, hessian


def newton(f, x0, steps):
    xs, curv = [x0], []
    x = x0
    for k in range(steps):
        curv.append([hessian(f)(x)[0][0]])
        x = x - grad(f)(x) / curv[k][0]
        xs.append(x)
    print(curv[k + 1])
    return xs
"""

_LOOP_PAST_THE_END = """
from autograd_mini import grad, hessian


def newton_step(cost_, w):
    H = hessian(cost_, argnums=(0, 1))(*w)
    diagonal = [H[i][i] for i in range(3)]
    g1, g2 = grad(cost_, argnums=(0, 1))(*w)
    return (w[0] - g1 / diagonal[0], w[1] - g2 / diagonal[1])
"""


def test_a_student_s_own_2x2_list_is_not_called_hessian_s_matrix() -> None:
    """Hinv = [[h22/det, …], …], the student's own inverse, read at Hinv[1][2], was told
    "Hinv is hessian's 2×2 matrix": any square list of lists was hessian's. Now only a
    name the student's code assigns from hessian is; Hinv is "a 2×2 list". Oracle: the
    cell's text, by hand (Hinv has 2 rows of 2)."""
    answer = _defined_in_cell(_OWN_INVERSE, 21, "newton_step")
    said = assert_told(
        lambda lang: mistake(lang, "nb07.check_newton_step", answer, cost),
        {
            "en": "list index out of range — Hinv is a 2×2 list, so Hinv[1][2] is past its end: "
            "indices count from 0, and its entries run from Hinv[0][0] to Hinv[1][1]\n",
            "zh": "「list index out of range」：Hinv 是 2×2 的列表，Hinv[1][2] 越过了它的末尾："
            "下标从 0 开始，它的元素是 Hinv[0][0] 到 Hinv[1][1]\n",
        },
    )
    for text in said.values():
        assert "hessian" not in text.split("\n")[0], text


def test_a_history_list_of_one_row_is_not_called_a_1x1_hessian() -> None:
    """curv = [], then curv.append([f″]) once, read at curv[k + 1], was told "curv is a 1×1
    matrix … hessian() returns one row of one entry when …": a list the student built
    is not hessian's matrix, and why it is short is not known. Told as any IndexError."""
    newton = _defined_in_cell(_CURVATURE_HISTORY, 22, "newton")
    said = assert_told(
        lambda lang: mistake(lang, "nb06.check_newton", newton),
        {
            "en": "newton(f, 2.0, 1) for f = x⁴ − 2x²: raised IndexError: list index out of "
            "range\nYour code, Cell In[22], line 12: 'print(curv[k + 1])'",
            "zh": "newton(f, 2.0, 1)（f = x⁴ − 2x²）：抛出了 IndexError「list index out of "
            "range」\n",
        },
        "start",
    )
    for text in said.values():
        assert "1×1" not in text and "hessian" not in text, text


def test_an_index_from_a_loop_past_hessian_s_matrix_is_not_told_to_count_from_0() -> None:
    """[H[i][i] for i in range(3)] over hessian's 2×2 matrix fails at i = 2, and was told
    "indices count from 0": the index is a loop's, which did count from 0 and ran one too
    far. Only an index written as the number n is told that. Told as any IndexError."""
    answer = _defined_in_cell(_LOOP_PAST_THE_END, 23, "newton_step")
    said = assert_told(
        lambda lang: mistake(lang, "nb07.check_newton_step", answer, cost),
        {
            "en": "newton_step(cost, (0.0, 0.0)): raised IndexError: list index out of range\n",
            "zh": "newton_step(cost, (0.0, 0.0))：抛出了 IndexError「list index out of range」\n",
        },
        "start",
    )
    for text in said.values():
        assert "count from 0" not in text and "下标从 0 开始" not in text, text


_OWN_ONE_BY_ONE = """
from autograd_mini import grad, hessian


def newton_step(cost_, w):
    H = hessian(cost_, argnums=(0, 1))(*w)
    corner = [[H[0][0]]]
    {unpack}
    g1, g2 = grad(cost_, argnums=(0, 1))(*w)
    det = h11 * h22 - h12 * h21
    return (w[0] - (h22 * g1 - h12 * g2) / det, w[1] - (h11 * g2 - h21 * g1) / det)
"""


@pytest.mark.parametrize(
    "unpack",
    ["(h11, h12), (h21, h22) = corner", "h11, h12 = corner[0]\n    h21, h22 = H[1]"],
    ids=["two rows", "one row"],
)
def test_a_student_s_own_1x1_list_unpacked_is_not_called_hessian_s(unpack: str) -> None:
    """After hessian(cost_, argnums=(0, 1)) — the 2×2 matrix — a 1×1 list the student built,
    unpacked into two, was told that hessian() differentiates one argument and that
    argnums=(0, 1) gives the 2×2 matrix: the advice the code already follows. A list not
    got from hessian is told as any unpacking is. Oracle: the cell's text, by hand."""
    answer = _defined_in_cell(_OWN_ONE_BY_ONE.format(unpack=unpack), 24, "newton_step")
    said = assert_told(
        lambda lang: mistake(lang, "nb07.check_newton_step", answer, cost),
        {
            "en": "newton_step(cost, (0.0, 0.0)): raised ValueError: not enough values to unpack "
            "(expected 2, got 1)\n",
            "zh": "newton_step(cost, (0.0, 0.0))：抛出了 ValueError「not enough values to unpack "
            "(expected 2, got 1)」\n",
        },
        "start",
    )
    for text in said.values():
        assert "argnums" not in text and "1×1" not in text, text
