"""The op rules on Values (create_graph): every op's second derivatives against sympy."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from op_cases import CASE_IDS, CASES, Case

from autograd_mini import OPS, Value, gradients
from autograd_mini.ops import local_derivatives
from autograd_mini.value_backend import VALUE


def close(got: float, want: object) -> bool:
    return math.isclose(got, float(want), rel_tol=1e-7, abs_tol=1e-9)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_second_derivatives_match_sympy_hessian(case: Case) -> None:
    @settings(max_examples=10, deadline=None)
    @given(case.inputs())
    def check(xs: tuple[float, ...]) -> None:
        leaves = [Value(x) for x in xs]
        first = gradients(case.fn(*leaves), leaves, create_graph=True)
        _, *want_first = case.oracle(*xs)
        hessian = case.hessian(*xs)
        for i, g in enumerate(first):
            assert isinstance(g, Value)
            assert close(g.data, want_first[i])
            row = gradients(g, leaves)
            for j, got in enumerate(row):
                assert close(got, hessian[i][j]), (case.name, xs, i, j, got, hessian[i][j])

    check()


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_local_derivatives_on_values_match_sympy(case: Case) -> None:
    """The rule evaluated on the Value backend gives the right numbers."""

    @settings(max_examples=5, deadline=None)
    @given(case.inputs())
    def check(xs: tuple[float, ...]) -> None:
        leaves = [Value(x) for x in xs]
        y = case.fn(*leaves)
        if not y.parents or any(p.parents for p in y.parents):
            return  # composite row: covered by the Hessian test above
        local = local_derivatives(OPS[y.op], VALUE, y.parents, y, y.arg)
        per_leaf = dict.fromkeys(leaves, 0.0)
        for p, d in zip(y.parents, local, strict=True):
            per_leaf[p] += float(d)
        _, *want = case.oracle(*xs)
        for leaf, w in zip(leaves, want, strict=True):
            assert close(per_leaf[leaf], w)

    check()


@given(st.floats(0.1, 3.0))
@settings(max_examples=20, deadline=None)
def test_backend_functions_on_values_and_floats(x: float) -> None:
    v = Value(x)
    for name, exact in [
        ("exp", math.exp),
        ("log", math.log),
        ("sqrt", math.sqrt),
        ("sin", math.sin),
        ("cos", math.cos),
        ("tanh", math.tanh),
        ("sigmoid", lambda t: 1 / (1 + math.exp(-t))),
        ("relu", lambda t: max(t, 0.0)),
    ]:
        fn = getattr(VALUE, name)
        node = fn(v)
        assert isinstance(node, Value) and node.op == name and node.parents == (v,)
        assert close(node.data, exact(x))
        plain = fn(x)
        assert type(plain) is float and close(plain, exact(x))
    a = VALUE.abs(-v)
    assert isinstance(a, Value) and close(a.data, x)
    # step and sign are piecewise constant, yet ops: a node on a Value (so that a trace
    # of a derivative graph replays the comparison), a plain float on a number
    for fn, below in ((VALUE.step, 0.0), (VALUE.sign, -1.0)):
        up, down = fn(v), fn(-v)
        assert up.op == down.op == fn.__name__ and up.parents == (v,)
        assert (up.data, down.data, up.local_grads) == (1.0, below, (0.0,))
        assert fn(x) == 1.0 and fn(-x) == below and type(fn(x)) is float
    p = VALUE.pow(v, 2.0)
    assert isinstance(p, Value) and close(p.data, x * x)
    assert close(VALUE.pow(2.0, v).data, 2**x)
    assert VALUE.pow(2.0, 3.0) == 8.0


def test_backend_leaky_relu_layouts() -> None:
    s = Value(0.2)
    assert VALUE.leaky_relu(-3.0, s).data == pytest.approx(-0.6)  # float input, Value slope
    assert VALUE.leaky_relu(3.0, s) == 3.0
    assert VALUE.leaky_relu(-3.0, 0.5) == -1.5
    node = VALUE.leaky_relu(Value(-2.0), s)
    assert node.op == "leaky_relu" and node.data == pytest.approx(-0.4)


# a ** b at a base where aᵇ underflows to 0 but aᵇ⁻¹ is a normal float
_UNDERFLOWING_POWERS = [(1e-200, 2.0), (1e-120, 3.0), (1e-300, 1.5), (1e-200, 1.6)]


@pytest.mark.parametrize(("a", "b"), _UNDERFLOWING_POWERS)
def test_mixed_second_derivative_of_a_power_survives_its_underflow(a: float, b: float) -> None:
    """∂²(aᵇ)/∂a∂b = aᵇ⁻¹(1 + b·ln a) in every order and every transform (mpmath's). The
    Value rule built ∂y/∂b as y·ln a, whose slope in a, y′·ln a + y/a, lost y/a where y
    rounds to 0: grad(grad(f, 1), 0) gave −9.2103e-198 at (1e-200, 2), not −9.2003e-198,
    and hessian was not symmetric. A trace of the derivative, recorded at an ordinary
    point, replays the same graph at these ones."""
    import mpmath
    import numpy as np

    from autograd_mini import grad, hessian, hvp, jvp, trace

    with mpmath.workdps(50):
        ma, mb = mpmath.mpf(a), mpmath.mpf(b)
        want = float(mpmath.power(ma, mb - 1) * (1 + mb * mpmath.log(ma)))

    def f(x: Value, y: Value) -> Value:
        return x**y

    h = hessian(f, argnums=(0, 1))(a, b)
    got = [
        grad(grad(f, 1), 0)(a, b),
        grad(grad(f, 0), 1)(a, b),
        h[0][1],
        h[1][0],
        hvp(f, (a, b), (0.0, 1.0))[0],
        hvp(f, (a, b), (1.0, 0.0))[1],
        jvp(lambda x: grad(f, 1)(x, b), (a,), (1.0,))[1],
    ]
    traced = trace(lambda x: grad(grad(f, 1), 0)(x[0], x[1]), [0.5, 2.0], check=True)
    got.append(float(traced.forward(np.array([[a, b]]))[0]))
    for g in got:  # a few ulps (pytest.approx would allow 1e-12 absolute)
        assert math.isclose(g, want, rel_tol=8 * 2.0**-52, abs_tol=0.0), (got, want)
