"""Higher derivatives at large magnitudes, against mpmath at 50 digits.

A rule written as a difference of two terms that cancel exactly in one region (x − relu(x),
step + (1 − step)·s) sends +g and −g into the same node along two edges of a gradient
graph. Where that node's gradient has other terms, the sum 1 + g − g is 0 once g is
beyond 2⁵³ times them: grad(grad(f))(37.0) of f(v) = leaky_relu(eᵛ, eᵛ) = eᵛ was 0.0,
not e³⁷, while hessian (forward over reverse) gave e³⁷.

Every case is f(v) = F(u), u = M·eᵛ at v = 0 (so u = M): f″ = F″(u)·u² + F′(u)·u mixes a
large term from F′ with the rest, the shape that exposed the cancellation. Each is taken
by reverse over reverse (grad of grad), forward over reverse (jvp of grad) and hessian.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import mpmath
import pytest

from autograd_mini import InfiniteDerivative, NonFiniteGradient, Value, grad, hessian, jvp
from autograd_mini.errors import OpOverflow

mpmath.mp.dps = 50

MAGNITUDES = [1e10, 1e16, 1e100, 1e300]


def _mp_relu(x: Any) -> Any:
    return x if x > 0 else mpmath.mpf(0)


def _mp_leaky(x: Any, s: Any) -> Any:
    return x if x > 0 else s * x


#: name: (F on Values, F in mpmath). F is smooth near ±M for every M here (kinks at 0).
CASES: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "leaky_relu(u, u)": (lambda u: u.leaky_relu(u), lambda u: _mp_leaky(u, u)),
    "leaky_relu(-u, u)/u": (lambda u: (-u).leaky_relu(u) / u, lambda u: _mp_leaky(-u, u) / u),
    "leaky_relu(u, 1/u)": (lambda u: u.leaky_relu(1.0 / u), lambda u: _mp_leaky(u, 1 / u)),
    "leaky_relu(-u, 1/u)": (lambda u: (-u).leaky_relu(1.0 / u), lambda u: _mp_leaky(-u, 1 / u)),
    "leaky_relu(-u, 0.5)": (lambda u: (-u).leaky_relu(0.5), lambda u: _mp_leaky(-u, 0.5)),
    "relu(u)": (lambda u: u.relu(), _mp_relu),
    "relu(-u) + u": (lambda u: (-u).relu() + u, lambda u: _mp_relu(-u) + u),
    "abs(-u)": (lambda u: abs(-u), lambda u: abs(-u)),
    "softplus(u)": (lambda u: u.softplus(), lambda u: mpmath.log1p(mpmath.exp(u))),
    "softplus(-u)·u": (lambda u: (-u).softplus() * u, lambda u: mpmath.log1p(mpmath.exp(-u)) * u),
    "sigmoid(u)·u": (lambda u: u.sigmoid() * u, lambda u: u / (1 + mpmath.exp(-u))),
    "tanh(u)·u": (lambda u: u.tanh() * u, lambda u: mpmath.tanh(u) * u),
    "logaddexp(u, 0)": (lambda u: u.logaddexp(0.0), lambda u: mpmath.log(mpmath.exp(u) + 1)),
    "logaddexp(u, u)": (lambda u: u.logaddexp(u), lambda u: mpmath.log(2 * mpmath.exp(u))),
    "logaddexp(-u, u)": (
        lambda u: (-u).logaddexp(u),
        lambda u: mpmath.log(mpmath.exp(-u) + mpmath.exp(u)),
    ),
    "u/u + u": (lambda u: u / u + u, lambda u: 1 + u),
    "sqrt(u)": (lambda u: u.sqrt(), mpmath.sqrt),
    "log(u)": (lambda u: u.log(), mpmath.log),
    "u - (u·0.5)·2": (lambda u: u - (u * 0.5) * 2.0 + u, lambda u: u),
}


def _true_second(case: str, m: float) -> Any:
    _, f_mp = CASES[case]
    return mpmath.diff(lambda v: f_mp(mpmath.mpf(m) * mpmath.exp(v)), mpmath.mpf(0), 2)


def _f(case: str, m: float) -> Callable[[Value], Value]:
    f, _ = CASES[case]
    return lambda v: f(v.exp() * m)


MODES: dict[str, Callable[[Callable[[Value], Value]], float]] = {
    "grad of grad": lambda f: grad(grad(f))(0.0),
    "jvp of grad": lambda f: jvp(grad(f), (0.0,), (1.0,))[1],
    "hessian": lambda f: hessian(f)(0.0)[0][0],
}


#: Still wrong at 1e300, for another reason than a cancelling rule: a local derivative
#: below the floats though its product with the gradient is one (1/u's slope −1/u² is
#: 1e-600, so log(u)'s f″ = 0 came out 1.0), or a product u·u overflowing in a branch
#: whose slope is 0 (a false NonFiniteGradient). Strict: a fix shows up here.
KNOWN = {
    ("log(u)", 1e300, mode): "1/u's slope −1/u² underflows: f″ is 1.0, not 0"
    for mode in ("grad of grad", "jvp of grad", "hessian")
} | {
    ("leaky_relu(-u, 1/u)", 1e300, "jvp of grad"): "1/u's slope underflows: −1.0, not 0",
    ("leaky_relu(-u, 1/u)", 1e300, "hessian"): "1/u's slope underflows: −1.0, not 0",
    ("leaky_relu(-u, 1/u)", 1e300, "grad of grad"): "u·u overflows: a false refusal",
    ("sigmoid(u)·u", 1e300, "grad of grad"): "u·u overflows: a false refusal",
    ("tanh(u)·u", 1e300, "grad of grad"): "u·u overflows: a false refusal",
    ("softplus(-u)·u", 1e300, "grad of grad"): "u·u overflows: a false refusal",
}


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("m", MAGNITUDES, ids=[f"{m:g}" for m in MAGNITUDES])
@pytest.mark.parametrize("case", sorted(CASES))
def test_second_derivative_at_a_large_magnitude_is_right_or_refused(
    case: str, m: float, mode: str
) -> None:
    """The engine's f″ is mpmath's to ~16 ulps; refused only where f″ is beyond the
    floats, or f itself overflows on the way (−u·u at u = 1e300). A 0.0 is accepted
    only where the true f″ rounds to 0."""
    if (case, m, mode) in KNOWN:
        pytest.xfail(KNOWN[case, m, mode])
    want = _true_second(case, m)
    f = _f(case, m)
    try:
        f(Value(0.0))
    except OpOverflow:
        with pytest.raises(OpOverflow):
            MODES[mode](f)
        return
    if abs(want) > mpmath.mpf("1.7976931348623157e308"):
        with pytest.raises((NonFiniteGradient, OpOverflow)):
            MODES[mode](f)
        return
    got = MODES[mode](f)
    w = float(want)
    assert math.isclose(got, w, rel_tol=4e-15, abs_tol=1e-300), (case, m, mode, got, w)


@pytest.mark.parametrize("v", [37.0, 40.0, 300.0, 400.0, 700.0])
def test_leaky_relus_second_derivative_in_a_large_exponential_is_not_lost(v: float) -> None:
    """The reported case: leaky_relu(u, u) = u for u = eᵛ > 0, so every derivative is eᵛ.
    grad of grad gave 0.0 from v = 37 (the +u and −u of ∂y/∂s = u − relu(u) met 1 in
    u's gradient), and refused from v ≈ 354 (u·u into the step of step + (1 − step)·s)."""
    f = lambda x: (lambda u: u.leaky_relu(u))(x.exp())  # noqa: E731
    want = float(mpmath.exp(v))
    assert math.isclose(grad(grad(f))(v), want, rel_tol=4e-15)
    assert math.isclose(hessian(f)(v)[0][0], want, rel_tol=4e-15)


# --------------------------------------------------------------------------- pow


EXPONENTS = [0.5, -0.5, 1.5, 3.0, -2.0, 1 / 3]
_HUGE = mpmath.mpf("1.7976931348623157e308")
_TINY = mpmath.mpf(2) ** -1075  # below half the smallest subnormal: rounds to 0


def _nth(f: Callable[[Any], Any], n: int) -> Callable[[float], float]:
    for _ in range(n):
        f = grad(f)
    return f


def _falling(b: float, n: int) -> Any:
    """b(b − 1)…(b − n + 1), exactly (b is the float given)."""
    return mpmath.fprod(mpmath.mpf(b) - k for k in range(n))


def _check(got: Callable[[], float], want: Any, where: object, f: Callable[[], Any]) -> None:
    """``got()`` is mpmath's ``want`` to 16 ulps (a subnormal: to 2 of its ulps, 0.0 where
    it rounds to 0), or refused where ``want`` is beyond the largest float, or where the
    function itself, ``f()``, overflows."""
    try:
        f()
    except OpOverflow:
        with pytest.raises(OpOverflow):
            got()
        return
    if abs(want) > _HUGE:
        with pytest.raises((NonFiniteGradient, InfiniteDerivative, OpOverflow)):
            got()
        return
    value = got()
    w = float(want)
    assert math.isclose(value, w, rel_tol=4e-15, abs_tol=1e-323), (where, value, w)
    if abs(want) > _TINY:
        assert value != 0.0, where


@pytest.mark.parametrize("n", [1, 2, 3, 4])
@pytest.mark.parametrize("b", EXPONENTS, ids=[f"{b:.3g}" for b in EXPONENTS])
@pytest.mark.parametrize("a", [1e100, 1e125, 1e130, 1e-100, 1e-125, 1e-130])
def test_nth_derivative_of_a_scaled_power_keeps_its_digits(a: float, b: float, n: int) -> None:
    """dⁿ/dvⁿ (v·a)ᵇ at v = 1 = b(b − 1)…(b − n + 1)·aᵇ: the slope b·aᵇ⁻¹ of order n
    needs a^(b − n), which underflowed (a = 1e130, b = ½, n = 3: 1e-325, so the third
    derivative was 0.0, not 3.75e64; at 1e125 a subnormal kept 12 digits) or overflowed
    (a = 1e-100, n = 4: refused as infinite) though the result is a float."""
    if b == -2.0 and abs(math.log10(a)) > 120:
        pytest.xfail("the first-order slope −2u⁻³ (1e∓375 here) is beyond the floats")
    if b == 1.5 and n == 4 and abs(math.log10(a)) > 120:
        pytest.xfail("the chain factors a·a·a along a path leave the floats first")
    want = _falling(b, n) * mpmath.mpf(a) ** mpmath.mpf(b)
    _check(lambda: _nth(lambda v: (v * a) ** b, n)(1.0), want, (a, b, n), lambda: Value(a) ** b)


@pytest.mark.parametrize("n", [1, 2, 3, 4])
@pytest.mark.parametrize("b", EXPONENTS, ids=[f"{b:.3g}" for b in EXPONENTS])
@pytest.mark.parametrize("a", [1e100, 1e200, 1e300, 1e-100, 1e-200, 1e-300])
def test_nth_derivative_of_a_power_is_right_rounded_to_0_or_refused(
    a: float, b: float, n: int
) -> None:
    """dⁿ/dxⁿ xᵇ at x = a: mpmath's, 0.0 only where that rounds to 0, a refusal only where
    it is beyond the largest float."""
    want = _falling(b, n) * mpmath.mpf(a) ** (mpmath.mpf(b) - n)
    _check(lambda: _nth(lambda x: x**b, n)(a), want, (a, b, n), lambda: Value(a) ** b)
