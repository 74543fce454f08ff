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

from autograd_mini import NonFiniteGradient, Value, grad, hessian, jvp
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
