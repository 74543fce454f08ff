"""Forward mode, vjp, jacobian, hessian and hvp against independent oracles.

- sympy: random expressions built from EVERY row of the op table (``op_cases.py``), their
  symbolic Jacobian and Hessian compared with both modes;
- central differences for jvp;
- forward == reverse on random graphs (the dot-product test uᵀ(J v) = (uᵀJ) v);
- higher order: jvp of grad, grad of jvp, hvp, hessian of a three-argument function,
  a third derivative through hessian;
- errors that say what was expected.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from op_cases import CASE_IDS, CASES, Case, Domain

from autograd_mini import (
    DomainError,
    InfiniteDerivative,
    NonFiniteGradient,
    Value,
    dot,
    grad,
    hessian,
    hvp,
    jacobian,
    jvp,
    no_grad,
    vjp,
    vsum,
)
from autograd_mini.errors import StaleGraph

X = sp.symbols("x0:3", real=True)
point = st.tuples(*[st.floats(-1.5, 1.5, allow_nan=False)] * 3)


def close(got: float, want: object, rel: float = 1e-7, abs_: float = 1e-9) -> bool:
    return math.isclose(got, float(want), rel_tol=rel, abs_tol=abs_)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- random expressions
# A program is a list of steps (case, registers). Registers 0..2 are the inputs x0..x2;
# a step squeezes each register it reads into the case's domain with
#     lo + (hi − lo)·σ(r)
# (σ is an op too) and applies the case's engine function — and, side by side, the
# case's sympy expression. The outputs are every register a step made.


def squash(r: Any, d: Domain, symbolic: bool) -> Any:
    s = 1 / (1 + sp.exp(-r)) if symbolic else r.sigmoid()
    return sp.Float(d.lo) + sp.Float(d.hi - d.lo) * s if symbolic else d.lo + (d.hi - d.lo) * s


@st.composite
def programs(draw: st.DrawFn, case: Case, max_steps: int = 4) -> list[tuple[Case, tuple[int, ...]]]:
    """Up to ``max_steps`` steps, one of which is ``case``: every row of the table gets
    its turn."""
    steps = draw(st.integers(1, max_steps))
    at = draw(st.integers(0, steps - 1))
    program = []
    for k in range(steps):
        c = case if k == at else draw(st.sampled_from(CASES))
        regs = tuple(draw(st.integers(0, 2 + k)) for _ in c.domains)
        program.append((c, regs))
    return program


def run_engine(program: list, xs: list[Value]) -> list[Value]:
    regs: list[Value] = list(xs)
    for c, reads in program:
        args = [squash(regs[r], d, False) for r, d in zip(reads, c.domains, strict=True)]
        regs.append(c.fn(*args))
    return regs[3:]


def run_sympy(program: list, xs: tuple[float, ...]) -> list[sp.Expr]:
    """The program in sympy, each kinked op (a Piecewise) replaced by its branch at ``xs``.

    The points are kept away from every kink (``away_from_kinks``), so the branch is the
    function near ``xs`` and has the same derivatives; differentiating nested Piecewise
    expressions symbolically instead takes sympy minutes.
    """
    regs: list[sp.Expr] = list(X)
    values: list[Value] = [Value(x) for x in xs]
    for c, reads in program:
        args = [squash(regs[r], d, True) for r, d in zip(reads, c.domains, strict=True)]
        numbers = [squash(values[r], d, False) for r, d in zip(reads, c.domains, strict=True)]
        at = {s: sp.Float(v.data) for s, v in zip(c.symbols, numbers, strict=True)}
        expr = c.expr.replace(
            lambda e: isinstance(e, sp.Piecewise),
            lambda e, at=at: next(b for b, cond in e.args if bool(cond.subs(at))),
        )
        regs.append(expr.xreplace(dict(zip(c.symbols, args, strict=True))))
        values.append(c.fn(*numbers))
    return regs[3:]


def away_from_kinks(program: list, xs: tuple[float, ...]) -> bool:
    """Every squeezed argument keeps its case's distance from a kink or pole."""
    regs: list[Value] = [Value(x) for x in xs]
    for c, reads in program:
        args = [squash(regs[r], d, False) for r, d in zip(reads, c.domains, strict=True)]
        if any(d.away and abs(a.data) < d.away for a, d in zip(args, c.domains, strict=True)):
            return False
        regs.append(c.fn(*args))
    return True


def engine(program: list) -> Callable[[Any, Any, Any], list[Value]]:
    def f(a: Any, b: Any, c: Any) -> list[Value]:
        return run_engine(program, [a, b, c])

    return f


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_jacobian_of_random_expressions_matches_sympy(case: Case) -> None:
    """Both modes against sympy's Jacobian, for programs using every row of the table."""

    @settings(max_examples=5, deadline=None)
    @given(programs(case), point)
    def check(program: list, xs: tuple[float, ...]) -> None:
        assume(away_from_kinks(program, xs))
        exprs = run_sympy(program, xs)
        want = sp.lambdify(X, [[sp.diff(e, x) for x in X] for e in exprs], modules="mpmath")(*xs)
        for mode in ("reverse", "forward"):
            got = jacobian(engine(program), argnums=(0, 1, 2), mode=mode)(*xs)
            assert len(got) == len(exprs)
            for i, row in enumerate(got):
                for j, entry in enumerate(row):
                    assert close(entry, want[i][j]), (mode, i, j, entry, want[i][j])

    check()


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_hessian_and_hvp_of_random_expressions_match_sympy(case: Case) -> None:
    """hessian and hvp (forward over reverse) against sympy's Hessian of Σ outputs.

    Programs are shorter here: a symbolic Hessian of nested expressions grows fast."""

    @settings(max_examples=4, deadline=None)
    @given(programs(case, max_steps=2), point)
    def check(program: list, xs: tuple[float, ...]) -> None:
        assume(away_from_kinks(program, xs))
        total = sp.Add(*run_sympy(program, xs))
        first = [sp.diff(total, x) for x in X]
        rows = [[sp.diff(g, y) for y in X] for g in first]
        want = sp.lambdify(X, rows, modules="mpmath")(*xs)

        def cost(a: Value, b: Value, c: Value) -> Value:
            return vsum(run_engine(program, [a, b, c]))

        got = hessian(cost, argnums=(0, 1, 2))(*xs)
        for i in range(3):
            for j in range(3):
                assert close(got[i][j], want[i][j], rel=1e-6, abs_=1e-8), (i, j)
        v = (0.5, -1.0, 2.0)
        products = hvp(cost, xs, v)
        for i in range(3):
            hv = sum(float(want[i][j]) * v[j] for j in range(3))
            assert close(products[i], hv, rel=1e-6, abs_=1e-8), (i, products[i], hv)

    check()


# --------------------------------------------------------------------------- central differences


@given(programs(CASES[0]), point, st.tuples(*[st.floats(-1.0, 1.0)] * 3))
@settings(max_examples=60, deadline=None)
def test_jvp_matches_central_differences(program: list, xs: tuple, v: tuple) -> None:
    assume(away_from_kinks(program, xs))

    def f(a: Any, b: Any, c: Any) -> list[Value]:
        return run_engine(program, [a, b, c])

    outs, tangents = jvp(f, xs, v)
    h = 1e-6
    plus = [y.data for y in f(*(Value(x + h * d) for x, d in zip(xs, v, strict=True)))]
    minus = [y.data for y in f(*(Value(x - h * d) for x, d in zip(xs, v, strict=True)))]
    assert outs == [y.data for y in f(*(Value(x) for x in xs))]
    for t, p, m in zip(tangents, plus, minus, strict=True):
        assert math.isclose(t, (p - m) / (2 * h), rel_tol=1e-4, abs_tol=1e-5), (t, p, m)


# --------------------------------------------------------------------------- forward == reverse


@given(
    st.sampled_from(CASES).flatmap(programs),
    point,
    st.tuples(*[st.floats(-2.0, 2.0)] * 3),
    st.lists(st.floats(-2.0, 2.0), min_size=4, max_size=4),
)
@settings(max_examples=150, deadline=None)
def test_forward_equals_reverse_on_random_graphs(
    program: list, xs: tuple, v: tuple, u: list[float]
) -> None:
    """J from n tangent passes equals J from m backward passes, and uᵀ(Jv) = (uᵀJ)v."""
    assume(away_from_kinks(program, xs))

    def f(a: Any, b: Any, c: Any) -> list[Value]:
        return run_engine(program, [a, b, c])

    fwd = jacobian(f, argnums=(0, 1, 2), mode="forward")(*xs)
    rev = jacobian(f, argnums=(0, 1, 2), mode="reverse")(*xs)
    for rf, rr in zip(fwd, rev, strict=True):
        assert rf == pytest.approx(rr, rel=1e-12, abs=1e-12)
    m = len(fwd)
    u = u[:m] + [0.0] * (m - len(u))
    _, jv = jvp(f, xs, v)
    _, pullback = vjp(f, *xs)
    ujt = pullback(u)
    lhs = sum(ui * t for ui, t in zip(u, jv, strict=True))
    rhs = sum(g * vi for g, vi in zip(ujt, v, strict=True))
    assert math.isclose(lhs, rhs, rel_tol=1e-9, abs_tol=1e-9)


# --------------------------------------------------------------------------- higher order

x, y, z = sp.symbols("x y z", real=True)
THREE = x * y * z + sp.sin(x) * sp.exp(z) + y**2 / (z**2 + 1) + sp.tanh(x * y) * z**3


def three(a: Value, b: Value, c: Value) -> Value:
    return a * b * c + a.sin() * c.exp() + b**2 / (c**2 + 1) + (a * b).tanh() * c**3


POINT3 = (0.7, -1.3, 0.4)


def sympy_at(expr: Any) -> Any:
    return sp.lambdify((x, y, z), expr, modules="mpmath")(*POINT3)


def test_hessian_of_a_three_argument_function() -> None:
    want = sympy_at(sp.hessian(THREE, (x, y, z)).tolist())
    got = hessian(three, argnums=(0, 1, 2))(*POINT3)
    for i in range(3):
        for j in range(3):
            assert close(got[i][j], want[i][j]), (i, j)
    # the same Hessian with the three numbers as one list argument
    as_list = hessian(lambda p: three(*p))(list(POINT3))
    for row_list, row in zip(as_list, got, strict=True):
        assert row_list == pytest.approx(row, rel=1e-14)


def test_jvp_of_grad_is_a_hessian_column_and_grad_of_jvp_agrees() -> None:
    want = sympy_at(sp.hessian(THREE, (x, y, z)).tolist())
    v = (1.0, -2.0, 0.5)
    g, hv = jvp(grad(three, argnums=(0, 1, 2)), POINT3, v)
    want_g = sympy_at([sp.diff(THREE, s) for s in (x, y, z)])
    for i in range(3):
        assert close(g[i], want_g[i])
        assert close(hv[i], sum(float(want[i][j]) * v[j] for j in range(3)))
    # reverse over forward: ∂/∂xᵢ of the directional derivative ∇f·v is (H v)ᵢ
    rof = grad(lambda a, b, c: jvp(three, (a, b, c), v)[1], argnums=(0, 1, 2))(*POINT3)
    assert rof == pytest.approx(hv, rel=1e-12)
    # forward over forward: vᵀ H v
    _, vhv = jvp(lambda a, b, c: jvp(three, (a, b, c), v)[1], POINT3, v)
    assert close(vhv, sum(hv[i] * v[i] for i in range(3)))


def test_third_derivatives_through_hessian() -> None:
    """grad of a Hessian entry, and jvp of a Hessian entry: ∂³f against sympy."""
    d3 = sympy_at([sp.diff(THREE, x, y, s) for s in (x, y, z)])
    got = grad(lambda a, b, c: hessian(three, (0, 1, 2))(a, b, c)[0][1], argnums=(0, 1, 2))(*POINT3)
    for g, w in zip(got, d3, strict=True):
        assert close(g, w)
    _, t = jvp(lambda a, b, c: hessian(three, (0, 1, 2))(a, b, c)[0][1], POINT3, (0, 0, 1))
    assert close(t, d3[2])


def test_higher_derivatives_of_one_variable() -> None:
    """jvp of jvp of jvp of sin is −cos; jvp of grad of grad of x⁵ is 60x²."""

    def d(f: Callable[[Any], Any]) -> Callable[[Any], Any]:
        return lambda a: jvp(f, (a,), (1.0,))[1]

    for a in (-1.1, 0.3, 2.0):
        assert close(d(d(d(lambda t: t.sin())))(a), -math.cos(a))
        assert close(jvp(grad(grad(lambda t: t**5)), (a,), (1.0,))[1], 60 * a * a)


def test_hvp_on_a_list_of_weights_never_builds_the_hessian() -> None:
    """A quadratic ½wᵀAw + bᵀw: H = A, so H·v is A·v (closed form)."""
    rng = np.random.default_rng(7)
    n = 30
    m = rng.normal(size=(n, n))
    a = (m + m.T) / 2
    b = rng.normal(size=n)
    w0 = rng.normal(size=n).tolist()
    v = rng.normal(size=n).tolist()

    def cost(w: list[Value]) -> Value:
        aw = [dot(w, row.tolist()) for row in a]
        return 0.5 * dot(w, aw) + dot(w, b.tolist())

    (hv,) = hvp(cost, (w0,), (v,))
    assert isinstance(hv, list) and len(hv) == n
    assert hv == pytest.approx((a @ np.array(v)).tolist(), rel=1e-10, abs=1e-10)


# --------------------------------------------------------------------------- shapes and constants


def test_structures_round_trip() -> None:
    def f(p: list[Value], q: tuple[Value, Value]) -> tuple[Value, list[Value]]:
        return p[0] * q[1], [p[1].exp(), 2.0]

    out, tan = jvp(f, ([1.0, 0.0], (3.0, -2.0)), ([1.0, 1.0], (0.0, 0.0)))
    assert out == (-2.0, [1.0, 2.0]) and tan == (-2.0, [1.0, 0.0])
    out, pullback = vjp(f, [1.0, 0.0], (3.0, -2.0))
    assert pullback((1.0, [1.0, 5.0])) == ([-2.0, 1.0], (0.0, 1.0))
    j = jacobian(f, argnums=(0, 1), mode="forward")([1.0, 0.0], (3.0, -2.0))
    assert j == [[-2.0, 0.0, 0.0, 1.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]
    assert jacobian(f, argnums=(0, 1))([1.0, 0.0], (3.0, -2.0)) == j


def test_constant_outputs_and_unused_inputs_have_zero_derivatives() -> None:
    assert jvp(lambda a: 3.0, (1.0,), (1.0,)) == (3.0, 0.0)
    assert jacobian(lambda a, b: [a * 2, 7], argnums=(0, 1), mode="forward")(1.0, 2.0) == [
        [2.0, 0.0],
        [0.0, 0.0],
    ]
    assert hessian(lambda a: 1.0)(2.0) == [[0.0]]
    assert hvp(lambda a, b: a * a, (1.0, 2.0), (1.0, 1.0)) == (2.0, 0.0)
    assert vjp(lambda a: 5.0, 1.0)[1](1.0) == (0.0,)
    # a non-differentiated argument passes through unchanged
    assert jacobian(lambda a, label: a * len(label), argnums=0)(2.0, "abc") == [[3.0]]


def test_same_outer_value_passed_twice_is_two_inputs() -> None:
    """Inside an outer grad, jvp(f, (x, x), (1, 0)) is ∂f/∂a only — not the total."""

    def inner(t: Value) -> Value:
        return jvp(lambda a, b: a * b * b, (t, t), (1.0, 0.0))[1]  # ∂/∂a (a b²) = b² = t²

    assert close(grad(inner)(3.0), 6.0)


# --------------------------------------------------------------------------- errors


def test_errors_say_what_was_expected() -> None:
    with pytest.raises(TypeError, match="primals must be a tuple"):
        jvp(lambda a: a, 1.0, (1.0,))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="one tangent per argument"):
        jvp(lambda a, b: a, (1.0, 2.0), (1.0,))
    with pytest.raises(
        ValueError,
        match=r"tangents\[0\] is laid out as \[x\] \(1 number\) "
        r"but primals\[0\] as \[x, x\] \(2 numbers;",
    ):
        jvp(lambda p: p[0], ([1.0, 2.0],), ([1.0],))
    # a layout that differs inside: it said "a list of 2 but … a list of 2"
    with pytest.raises(
        ValueError,
        match=r"laid out as \[x, x\] \(2 numbers\) but primals\[0\] as \[\[x\], x\] \(2 numbers;",
    ):
        jvp(lambda v: v[0][0] * v[1], ([[2.0], 3.0],), ([1.0, 0.0],))
    with pytest.raises(
        ValueError, match=r"primals\[0\] is an integer of 401 digits, too large for a float"
    ):
        jvp(lambda x: x * 2, (10**400,), (1.0,))
    with pytest.raises(TypeError, match=r"tangents\[0\] is str"):
        jvp(lambda a: a, (1.0,), ("1",))
    with pytest.raises(TypeError, match=r"primals\[0\] is the boolean True"):
        jvp(lambda a: a, (True,), (1.0,))
    with pytest.raises(ValueError, match="expected a finite number"):
        jvp(lambda a: a, (1.0,), (math.nan,))
    with pytest.raises(TypeError, match="the result of f is NoneType"):
        jvp(lambda a: None, (1.0,), (1.0,))
    with pytest.raises(TypeError, match="the result of f is ndarray"):
        jacobian(lambda a: np.array([1.0]))(1.0)
    with pytest.raises(TypeError, match=r"the result of f\[1\] is str"):
        vjp(lambda a: [a, "x"], 1.0)
    with pytest.raises(ValueError, match="mode must be 'reverse' or 'forward'"):
        jacobian(lambda a: a, mode="fwd")
    with pytest.raises(TypeError, match="argnums must be an int"):
        jacobian(lambda a: a, argnums="0")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"argnums 0 and -2 are the same argument \(position 0\)"):
        hessian(lambda a, b: a * b, argnums=(0, -2))(1.0, 2.0)
    with pytest.raises(IndexError, match="out of range"):
        jacobian(lambda a: a, argnums=1)(1.0)
    with pytest.raises(TypeError, match="must return one number"):
        hessian(lambda a: [a, a])(1.0)
    with pytest.raises(TypeError, match="must return one number"):
        hvp(lambda a: [a, a], (1.0,), (1.0,))
    _, pullback = vjp(lambda a: [a, a], 1.0)
    with pytest.raises(ValueError, match="one cotangent per output"):
        pullback(1.0)
    with pytest.raises(DomainError, match="log"):
        jvp(lambda a: a.log(), (-1.0,), (1.0,))


def test_no_grad_is_an_error_not_a_silent_zero() -> None:
    with no_grad(), pytest.raises(RuntimeError, match="grad mode is off"):
        jvp(lambda a: a * a, (1.0,), (1.0,))
    _, pullback = vjp(lambda a: a * a, 1.0)
    with no_grad(), pytest.raises(RuntimeError, match="grad mode is off"):
        pullback(1.0)


def test_a_result_computed_inside_no_grad_is_refused_in_forward_mode_too() -> None:
    """f computing its result inside no_grad: jvp and jacobian(mode="forward") gave a
    tangent of 0, where grad and jacobian(mode="reverse") refuse it."""

    def g(x: Value) -> Value:
        with no_grad():
            return x * 2.0

    for call in (
        lambda: jvp(g, (3.0,), (1.0,)),
        lambda: jacobian(g, mode="forward")(3.0),
        lambda: jacobian(g, mode="reverse")(3.0),
    ):
        with pytest.raises(RuntimeError, match=r"computed inside no_grad\(\)"):
            call()
    assert jvp(lambda x: x, (3.0,), (1.0,)) == (3.0, 1.0)  # an input returned: its tangent


def test_an_overflowing_tangent_names_the_node() -> None:
    def f(a: Value) -> Value:
        h = a * 1e300
        h.label = "h"
        return h * 1e-300  # every value finite; only the tangent 1e300·1e10 overflows

    with pytest.raises(NonFiniteGradient, match="tangent of node 'h'") as info:
        jvp(f, (1.0,), (1e10,))
    assert info.value.node is not None and info.value.node.label == "h"


@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_grad_through_jacobian_and_pullback(mode: str) -> None:
    """Both Jacobian modes and vjp's pullback stay differentiable when nested:
    d/da of ∂(a³)/∂a is 6a; d/da of the pullback of [a², a·b] with ȳ = (1, 1) is 2 + 0."""
    for a in (-1.5, 0.5, 2.0):
        entry = grad(lambda t: jacobian(lambda s: [s**3], mode=mode)(t)[0][0])(a)
        assert close(entry, 6 * a)

    def pulled(t: Value) -> Value:
        _, pullback = vjp(lambda s, u: [s * s, s * u], t, 3.0)
        return pullback([1.0, 1.0])[0]  # 2t + u

    assert close(grad(pulled)(1.25), 2.0)
    assert jvp(lambda a: a, (2.0,), (3.0,)) == (2.0, 3.0)


def test_pass_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    """forward: n tangent passes; reverse: m backward passes; hvp: ONE of each; hessian: n
    tangent passes after one backward pass (counted by wrapping the pass functions)."""
    import autograd_mini.jacobians as jacobians_module
    import autograd_mini.second_order as second_order_module

    counts = {"tangent": 0, "backward": 0}

    def counting(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return fn(*args, **kwargs)

        return wrapped

    for module in (jacobians_module, second_order_module):
        if hasattr(module, "tangent_pass"):
            monkeypatch.setattr(module, "tangent_pass", counting("tangent", module.tangent_pass))
        monkeypatch.setattr(module, "gradients", counting("backward", module.gradients))

    def f(xs: list[Value]) -> list[Value]:  # R^4 -> R^3
        return [xs[0] * xs[1], xs[2].sin() + xs[3], vsum(xs)]

    point = [0.1, 0.2, 0.3, 0.4]
    expected = {"forward": {"tangent": 4, "backward": 0}, "reverse": {"tangent": 0, "backward": 3}}
    for mode, want in expected.items():
        counts.update(tangent=0, backward=0)
        jacobian(f, mode=mode)(point)
        assert counts == want, mode

    def cost(xs: list[Value]) -> Value:
        return vsum([x * x * x for x in xs])

    counts.update(tangent=0, backward=0)
    (hv,) = hvp(cost, (point,), ([1.0, 0.0, 2.0, 0.0],))
    assert counts == {"tangent": 1, "backward": 1}
    assert hv == pytest.approx([6 * 0.1, 0.0, 2 * 6 * 0.3, 0.0])
    counts.update(tangent=0, backward=0)
    hessian(cost)(point)
    assert counts == {"tangent": 4, "backward": 1}


def test_an_infinite_derivative_is_an_error_only_when_a_tangent_flows_through_it() -> None:
    # d/dx √x is infinite at 0: a non-zero tangent through it is refused, as backward does
    # (InfiniteDerivative, naming the node); a zero tangent carries nothing, so
    # f(x, y) = √x + 2y at (0, 1) in direction (0, 1) has the tangent 2 (by hand).
    with pytest.raises(InfiniteDerivative, match="sqrt"):
        jvp(lambda x: x.sqrt(), (0.0,), (1.0,))
    value, tangent = jvp(lambda x, y: x.sqrt() + 2 * y, (0.0, 1.0), (0.0, 1.0))
    assert value == 2.0 and tangent == 2.0


def test_forward_mode_on_values_skips_the_slopes_no_tangent_needs() -> None:
    """d(aⁿ)/da = n·aⁿ⁻¹ = 12 at a = −2, n = 3, with n a Value that is not an input:
    ∂(aⁿ)/∂n = aⁿ·ln a does not exist for a < 0, but no tangent needs it. The float sweep
    gave 12; on Values the rule was evaluated anyway and raised. So did √u at u = 0 with
    the constant tangent 0 (review of 2026-12-03)."""
    n = Value(3.0, label="n")
    y, ydot = jvp(lambda a: a**n, (Value(-2.0),), (1.0,))
    assert (y.data, ydot.data) == (-8.0, 12.0)
    y, ydot = jvp(lambda x, u: x * u.sqrt(), (Value(2.0), Value(0.0)), (1.0, 0.0))
    assert (y.data, ydot.data) == (0.0, 0.0)


def test_a_value_primal_meets_an_infinite_slope_as_a_float_primal_does() -> None:
    """|x| written (x·x)^½ at 0: the tangent reaching the square root is 2x·ẋ = 0, which
    carries nothing through its infinite slope, for a float primal and for a Value one
    (nested in an outer grad) alike — the Value rule 0.5/√0 raised a DivisionByZero
    naming no input. A non-zero tangent there is refused the same way in both."""
    g = lambda x: (x * x).sqrt()  # noqa: E731
    assert jvp(g, (0.0,), (1.0,)) == (0.0, 0.0)
    y, t = jvp(g, (Value(0.0),), (1.0,))
    assert isinstance(t, Value) and (y.data, t.data) == (0.0, 0.0)
    assert grad(lambda w: jvp(lambda x: (x * x).sqrt() * w, (0.0,), (1.0,))[1])(2.0) == 0.0
    for primal in (0.0, Value(0.0)):
        with pytest.raises(
            InfiniteDerivative,
            match=r"sqrt of 0.0: the local derivative dy/da is inf, and a tangent of 1.0",
        ):
            jvp(lambda x: x.sqrt(), (primal,), (1.0,))


def test_a_zero_value_tangent_through_an_infinite_slope_keeps_its_derivative() -> None:
    """grad of v ↦ jvp(√, 0, v): the tangent v/(2√x) is 0·∞ at v = x = 0, taken as 0,
    but its derivative in v is 1/(2√x) = +∞ at x = 0 (closed form; 5·10⁵ at x = 10⁻¹²).
    The nested sweep dropped the term and gave 0.0, while the reverse twin (grad of a
    vjp pullback) refused; now both refuse, naming the √ node, and what exists stays."""

    def through_jvp(x: float) -> Callable[[Any], Any]:
        return lambda v: jvp(lambda t: t.sqrt(), (x,), (v,))[1]

    def through_vjp(x: float) -> Callable[[Any], Any]:
        return lambda v: vjp(lambda t: t.sqrt(), x)[1](v)[0]

    for twin in (through_jvp, through_vjp):
        assert grad(twin(1e-12))(0.0) == pytest.approx(0.5 / math.sqrt(1e-12))
        with pytest.raises(InfiniteDerivative, match=r"\(op 'sqrt', value 0\.0\).* = inf"):
            grad(twin(0.0))(0.0)
    with pytest.raises(InfiniteDerivative, match="a derivative of the tangent needs the slope"):
        grad(through_jvp(0.0))(0.0)
    # nothing varies with v in 0·√x's tangent, and a zero float tangent stays a constant
    assert grad(lambda v: jvp(lambda t: t.sqrt() * 0.0, (0.0,), (v,))[1])(0.0) == 0.0
    assert grad(lambda w: jvp(lambda t: t.sqrt() * w, (0.0,), (0.0,))[1])(3.0) == 0.0


def test_a_tangent_that_overflows_in_the_nested_sweep_is_a_non_finite_gradient() -> None:
    """f = √x·10³⁰⁰ at x = 10⁻²⁰: the tangent 10³⁰⁰/(2√x) = 5·10³⁰⁹ is beyond the largest
    float (closed form). jvp and grad(grad(f)) raise NonFiniteGradient; the same tangent
    in a nested sweep (grad of a jvp) raised OpOverflow, a DomainError saying 'the result
    overflows a float' about a node of the tangent's arithmetic. It names the node as
    the float sweep does now."""

    def f(x: Any) -> Any:
        return x.sqrt() * 1e300

    assert 1e300 / (2 * math.sqrt(1e-20)) == math.inf
    for call in (
        lambda: grad(lambda x: jvp(f, (x,), (1.0,))[1])(1e-20),
        lambda: jvp(f, (Value(1e-20),), (1.0,)),
        lambda: jvp(f, (1e-20,), (1.0,)),
    ):
        with pytest.raises(
            NonFiniteGradient, match=r"the tangent of an unlabelled 'mul' node .* is inf"
        ) as e:
            call()
        assert not isinstance(e.value, DomainError)
    assert grad(lambda x: jvp(f, (x,), (1.0,))[1])(1.0) == pytest.approx(-0.25e300)


def test_the_transforms_leave_no_reference_cycle() -> None:
    """flatten's nested walk called itself: a cycle holding f's outputs, and through them
    f's whole graph, until the garbage collector ran (20–56 objects a call)."""
    import gc

    def f(x: Any, y: Any) -> Any:
        return [(x * y).tanh() + x, x - y]

    gc.collect()
    gc.disable()
    try:
        for call in (
            lambda: jvp(f, (1.0, 2.0), (1.0, 0.0)),
            lambda: vjp(f, 1.0, 2.0)[1]([1.0, 1.0]),
            lambda: jacobian(f, argnums=(0, 1))(1.0, 2.0),
        ):
            gc.collect()
            call()
            assert gc.collect() == 0
    finally:
        gc.enable()


def test_forward_over_reverse_names_the_slope_of_a_zero_times_infinity_term() -> None:
    """hvp of f = y·√x at (0, 0) in direction (0, 1): ∂²f/∂y∂x = 1/(2√x) has no value at
    x = 0 (closed form), so it is refused. The error came from a term node the reverse
    pass had made, and named it by its own label ('node "gradient 0 × dy/da … = inf"
    with respect to its input 0'); it now says what the reverse pass says for the same
    refusal: the slope of the user's √ node, its input, and why 0·∞ is refused."""
    with pytest.raises(InfiniteDerivative) as caught:
        hvp(lambda x, y: y * x.sqrt(), (0.0, 0.0), (0.0, 1.0))
    message = str(caught.value)
    assert message.startswith("hvp: a derivative of the gradient needs the slope")
    node = "(op 'sqrt', value 0.0) computed from node 'primals[0]'"
    assert f"{node}, input node 'primals[0]' (leaf) = inf" in message
    assert "0·∞ is not resolved — a tangent of 1.0 has to flow through it" in message
    assert "gradient 0 ×" not in message and "with respect to its input 0" not in message
    # a plain infinite slope is worded as the reverse pass words it, for a tangent
    with pytest.raises(InfiniteDerivative, match=r"dy/da is inf, and a tangent of 1.0"):
        jvp(lambda x: x.sqrt(), (0.0,), (1.0,))


@pytest.mark.parametrize(
    ("call", "partial", "value", "slope", "tangent", "leaf"),
    [
        # y = a/b with a = 1 a constant: the only parent is b, ∂y/∂b = −a/b² = −1e320 → −inf
        (
            lambda: jvp(lambda x: 1.0 / x, (1e-160,), (1.0,)),
            "∂y/∂b",
            "1e+160",
            "-inf",
            "1.0",
            "primals[0]",
        ),
        # both operands Values, the tangent on b (parent 1)
        (
            lambda: jvp(lambda x, y: x / y, (1.0, 1e-160), (0.0, 2.0)),
            "∂y/∂b",
            "1e+160",
            "-inf",
            "2.0",
            "primals[1]",
        ),
        # y = aᵇ with b = 0.5 a constant: the only parent is a, ∂y/∂a = 0.5/√0 → inf
        (lambda: jvp(lambda x: x**0.5, (0.0,), (1.0,)), "∂y/∂a", "0.0", "inf", "1.0", "primals[0]"),
        (
            lambda: jacobian(lambda x: [1.0 / x], mode="forward")(1e-160),
            "∂y/∂b",
            "1e+160",
            "-inf",
            "1.0",
            "argument 0",
        ),
        # d²(log a)/da²: the tangent meets the gradient 1/a, whose ∂y/∂b = −1/a² → −inf
        (
            lambda: hessian(lambda a: a.log())(1e-300),
            "∂y/∂b",
            "9.999999999999999e+299",
            "-inf",
            "1.0",
            "argument 0",
        ),
        (
            lambda: hvp(lambda a: a.log(), (1e-300,), (3.0,)),
            "∂y/∂b",
            "9.999999999999999e+299",
            "-inf",
            "3.0",
            "primals[0]",
        ),
        (
            lambda: jvp(lambda x: x.sqrt(), (Value(0.0),), (1.0,)),
            "dy/da",
            "0.0",
            "inf",
            "1.0",
            "primals[0]",
        ),
    ],
    ids=[
        "jvp-1/x",
        "jvp-x/y",
        "jvp-x**0.5",
        "jacobian-forward",
        "hessian-log",
        "hvp-log",
        "jvp-nested-sqrt",
    ],
)
def test_forward_mode_names_an_infinite_slope_in_the_ops_notation(
    call: Callable[[], object],
    partial: str,
    value: str,
    slope: str,
    tangent: str,
    leaf: str,
    request: pytest.FixtureRequest,
) -> None:
    """The refusal said 'the derivative of a div node with respect to its input 0' for
    1/x: 0 was the parent's index (the constant 1 is no parent), where the op's math line
    calls that slope ∂y/∂b, and it named no input. It now words the slope as the reverse
    pass does — the op's notation, the node and the user's input node."""
    with pytest.raises(InfiniteDerivative) as caught:
        call()
    message = str(caught.value)
    who = request.node.callspec.id.split("-")[0]  # the function called, not its pass
    assert message.startswith(f"{who}: ")
    assert f"the local derivative {partial} is {slope}, and a tangent of {tangent} " in message
    assert f" value {value})" in message and f", input node '{leaf}' (" in message
    assert "its input 0" not in message and "its input 1" not in message


def test_hessian_and_hvp_refusals_name_the_function_called_not_its_inner_pass() -> None:
    """hessian and hvp run a reverse pass and a tangent pass: a refusal began "forward
    mode:" (the tangent pass's word), or "gradients:" (the reverse pass's), where the
    user called neither. Each now begins with the function called."""
    p = Value(2.0, label="p")
    stale = p * p
    p.data = 3.0
    refusals: list[tuple[str, Callable[[], object]]] = [
        # a tangent beyond the largest float: H·v = 2·1e308
        ("hvp", lambda: hvp(lambda x: x * x, (1.0,), (1e308,))),
        ("hessian", lambda: hessian(lambda x: x * x * 1e308)(1.0)),
        # an infinite slope a tangent of 1 meets (d²/dx² of √x·y's ∂/∂y at x = 0)
        ("hvp", lambda: hvp(lambda x, y: y * x.sqrt(), (0.0, 0.0), (1.0, 1.0))),
        ("hessian", lambda: hessian(lambda x, y: y * x.sqrt(), argnums=(0, 1))(0.0, 0.0)),
        # one a gradient of 1 meets, in the reverse pass
        ("hvp", lambda: hvp(lambda x: x.sqrt(), (0.0,), (1.0,))),
        ("hessian", lambda: hessian(lambda x: x.sqrt())(0.0)),
        # a graph whose leaf was written after it was computed
        ("hvp", lambda: hvp(lambda x: x * stale, (1.0,), (1.0,))),
        ("hessian", lambda: hessian(lambda x: x * stale)(1.0)),
        # bad arguments
        ("hvp", lambda: hvp(lambda x: x * x, (1.0,), (math.inf,))),
        ("hessian", lambda: hessian(lambda x: x * x)("a")),
        ("jvp", lambda: jvp(lambda x: x * stale, (1.0,), (1.0,))),
    ]
    for who, call in refusals:
        with pytest.raises((ValueError, TypeError, StaleGraph)) as caught:
            call()
        assert str(caught.value).startswith(f"{who}: "), (who, str(caught.value))
