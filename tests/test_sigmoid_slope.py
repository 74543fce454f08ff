"""σ′ is an op of its own: σ and tanh differentiated twice and three times, near 0 and in
the tails, by every transform, against mpmath.

Sigmoid's derivative used to be σ′ = σ(a)·σ(−a) built as nodes, so its derivative held
σ′(a)·(σ(−a) − σ(a)), a difference of two numbers near ½: σ″ at 1e-12 kept four digits
(−1.2499723e-13 for −1.25e-13) and at 1e-17 none (0.0). tanh's slope 4σ(2a)σ(−2a)
inherited it (tanh″(1e-12) = −2.0000668e-12, tanh″(1e-17) = 0.0). The op ``sigmoid_slope``
has the rule dσ′/da = −σ′·tanh(a/2), with nothing to cancel.

The oracles are the textbook polynomials in σ and tanh (σ″ = σ(1 − σ)(1 − 2σ), …),
evaluated by mpmath with enough digits that their cancellation does not matter.
"""

from __future__ import annotations

from collections.abc import Callable

import mpmath
import numpy as np
import pytest

from autograd_mini import Value, grad, hessian, hvp, jvp, trace

#: Points near 0 (where the old rule cancelled), ordinary points and the tails.
POINTS = [1e-12, -1e-12, 1e-17, 0.5, 5.0, 30.0, -30.0, 700.0]
#: Relative error allowed: a few units in the last place.
RTOL = 1e-14
#: Below the smallest normal float a value is as good as its absolute error.
ATOL = 1e-300


def _sigmoid_derivatives(x: float) -> list[float]:
    """σ′, σ″, σ‴ at x: σ(1 − σ), σ(1 − σ)(1 − 2σ), σ(1 − σ)(1 − 6σ + 6σ²)."""
    with mpmath.workdps(1000):  # 1 − σ(700) ≈ e^−700 ≈ 1e-304: 700 digits resolve it
        s = 1 / (1 + mpmath.exp(-mpmath.mpf(x)))
        d1 = s * (1 - s)
        return [float(d1), float(d1 * (1 - 2 * s)), float(d1 * (1 - 6 * s + 6 * s**2))]


def _tanh_derivatives(x: float) -> list[float]:
    """tanh′, tanh″, tanh‴ at x: 1 − t², −2t(1 − t²), −2(1 − t²)(1 − 3t²)."""
    with mpmath.workdps(1000):  # 1 − tanh²(700) ≈ 4e^−1400 ≈ 1e-608
        t = mpmath.tanh(mpmath.mpf(x))
        d1 = 1 - t**2
        return [float(d1), float(-2 * t * d1), float(-2 * d1 * (1 - 3 * t**2))]


def sigmoid(v: Value) -> Value:
    return v.sigmoid()


def tanh(v: Value) -> Value:
    return v.tanh()


ORACLES: dict[str, tuple[Callable[[Value], Value], Callable[[float], list[float]]]] = {
    "sigmoid": (sigmoid, _sigmoid_derivatives),
    "tanh": (tanh, _tanh_derivatives),
}


def _forward(f: Callable[..., object]) -> Callable[[object], object]:
    """f′ by forward mode: the tangent of f in the direction 1."""
    return lambda x: jvp(f, (x,), (1.0,))[1]


@pytest.mark.parametrize("x", POINTS)
@pytest.mark.parametrize("name", sorted(ORACLES))
def test_second_and_third_derivatives_match_mpmath(name: str, x: float) -> None:
    """f″ by reverse over reverse, forward over reverse (hessian, hvp, jvp of grad) and
    forward over forward, and f‴ by three reverse passes and by forward over reverse
    over reverse: each within a few ulps of mpmath's number, near 0 included."""
    f, oracle = ORACLES[name]
    d1, d2, d3 = oracle(x)
    assert grad(f)(x) == pytest.approx(d1, rel=RTOL, abs=ATOL)
    second = {
        "grad(grad(f))": grad(grad(f))(x),
        "hessian(f)": hessian(f)(x)[0][0],
        "hvp(f)": hvp(f, (x,), (1.0,))[0],
        "jvp(grad(f))": _forward(grad(f))(x),
        "jvp(jvp(f))": _forward(_forward(f))(x),
    }
    assert second == pytest.approx(dict.fromkeys(second, d2), rel=RTOL, abs=ATOL)
    third = {
        "grad(grad(grad(f)))": grad(grad(grad(f)))(x),
        "jvp(grad(grad(f)))": _forward(grad(grad(f)))(x),
    }
    assert third == pytest.approx(dict.fromkeys(third, d3), rel=RTOL, abs=ATOL)


@pytest.mark.parametrize("x", [800.0, -800.0, 745.0, 1e308, -1e308])
@pytest.mark.parametrize("name", sorted(ORACLES))
def test_every_derivative_in_the_tails_is_a_tiny_number_and_no_error(name: str, x: float) -> None:
    """Where σ′ and tanh′ are e^−800 or less (0.0, or the last subnormals at 745), and at
    the largest floats, where 2a is beyond a float: no error, the number mpmath gives."""
    f, oracle = ORACLES[name]
    want = oracle(x) if abs(x) < 1e4 else [0.0, 0.0, 0.0]  # e^(−1e308): 0 to the last bit
    got = [grad(f)(x), grad(grad(f))(x), grad(grad(grad(f)))(x)]
    assert got == pytest.approx(want, rel=RTOL, abs=1e-323)


def _shape(root: Value) -> list[tuple[str, object]]:
    """The graph below ``root`` as a sequence of ops and constants, depth first: what a
    trace records, with the numbers left out."""
    shape: list[tuple[str, object]] = []
    stack = [root]
    while stack:
        v = stack.pop()
        shape.append((v.op, v.arg))
        stack.extend(v.parents)
    return shape


@pytest.mark.parametrize("name", sorted(ORACLES))
def test_the_derivative_graph_is_the_same_at_every_point(name: str) -> None:
    """A trace records the graph once and replays it at every point, so the graph of a
    derivative may not depend on the point (no small-|a| form near 0): the graphs of f′,
    f″ and f‴ built at 0.3 are those built at 1e-17, −30 and 700."""
    f, _ = ORACLES[name]
    for derivative in (grad(f), grad(grad(f)), grad(grad(grad(f)))):
        shapes = []
        for x in (0.3, 1e-17, -30.0, 700.0):
            out = derivative(Value(x))
            assert isinstance(out, Value)
            shapes.append(_shape(out))
        assert all(s == shapes[0] for s in shapes), name


def test_a_traced_derivative_replays_right_at_every_point() -> None:
    """σ′, σ″, tanh′, tanh″ traced at 0.3 and replayed on numpy at points far from it:
    40 (σ′(40) ≈ 4.25e-18, where σ(1 − σ) is 0.0), 1e-12 and 1e-17 (where the old graph
    cancelled), −30 and −800, each within a few ulps of mpmath."""

    def derivatives(x: list[Value]) -> list[Value]:
        (a,) = x
        return [grad(sigmoid)(a), grad(grad(sigmoid))(a), grad(tanh)(a), grad(grad(tanh))(a)]

    traced = trace(derivatives, [0.3])
    xs = [40.0, 1e-12, 1e-17, 0.3, -30.0, -800.0]
    got = traced.forward(np.array([[x] for x in xs]))
    for x, row in zip(xs, got.tolist(), strict=True):
        s, t = _sigmoid_derivatives(x), _tanh_derivatives(x)
        assert row == pytest.approx([s[0], s[1], t[0], t[1]], rel=RTOL, abs=ATOL), x
    assert got[0][0] == pytest.approx(4.248354255291589e-18, rel=RTOL)


def test_the_slope_of_sigmoid_is_never_above_a_quarter() -> None:
    """σ′ ≤ ¼ = σ′(0) everywhere: the float kernel e/(1 + e)², e = e^−|x|, gave
    0.25000000000000006 at x = 1e-12 (1/(2 + 2 cosh x) cannot exceed ¼: cosh x ≥ 1)."""
    for x in (1e-12, -1e-12, 1e-9, 3e-8, 1e-6, 0.0):
        assert 0.0 < grad(sigmoid)(x) <= 0.25
        assert 0.0 < grad(tanh)(x) <= 1.0
