"""Non-finite gradients and infinite derivatives (issue 9, items 2 and 3).

Item 2: a gradient that would overflow to ±inf (or become nan) is refused where it first
becomes non-finite, naming the node — by ``backward()``, ``gradients()`` and the traced
replay alike. Item 3: every value that exists is computed (√0, 0 ** 0.5, 0 ** y); an
infinite local derivative is an error only when a non-zero gradient has to flow through
it. The oracles are closed forms (and PyTorch's documented pow rule, written out).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
import pytest
import sympy as sp

from autograd_mini import Value, dot, grad, gradients, no_grad, trace, vsum
from autograd_mini.value import DomainError, InfiniteDerivative, NonFiniteGradient

# --------------------------------------------------------------------------- item 2


def _issue_chain() -> tuple[Value, Value]:
    x = Value(1e-300, label="x")
    return x, (x * 1e300) * 1e300  # y = 1e300: fine; dy/dx = 1e600: not a float


def _issue_chain_with_relu() -> tuple[Value, Value]:
    x = Value(1e-300, label="x")
    return x, (x * 1e300).relu() * 1e300


@pytest.mark.parametrize("build", [_issue_chain, _issue_chain_with_relu])
def test_backward_refuses_an_overflowing_gradient_and_names_the_leaf(
    build: Callable[[], tuple[Value, Value]],
) -> None:
    x, y = build()
    assert math.isfinite(y.data)
    # the exact derivative, 1e600, is beyond the largest double (mpmath says so)
    with pytest.raises(NonFiniteGradient, match=r"gradient of node 'x' \(leaf\) overflows") as info:
        y.backward()
    assert info.value.node is x
    assert x.grad == 0.0  # nothing non-finite is stored
    with pytest.raises(NonFiniteGradient, match=r"node 'x'"):
        gradients(y, [x])
    with pytest.raises(NonFiniteGradient, match=r"node 'x'"):
        gradients(y, [x], create_graph=True)
    assert mpmath.mpf(1e300) * mpmath.mpf(1e300) > mpmath.mpf(np.finfo(float).max)


def test_the_first_node_whose_gradient_overflows_is_named() -> None:
    """h's gradient (1e310) overflows first; x, below it, is never reached."""
    x = Value(1.0, label="x")
    h = x * 1e-200
    h.label = "h"
    y = (h * 1e300) * 1e10
    with pytest.raises(NonFiniteGradient, match=r"gradient of node 'h' \(op 'mul'\)") as info:
        y.backward()
    assert info.value.node is h
    with pytest.raises(NonFiniteGradient, match=r"node 'h' \(op 'mul'\)"):
        gradients(y, [x])


def test_accumulation_overflow_over_several_consumers() -> None:
    x = Value(1e-300, label="x")
    a, b = x * 1e308, x * 1e308  # each 1e8; each ∂/∂x = 1e308 (finite)
    y = a + b
    assert y.data == pytest.approx(2e8)
    with pytest.raises(NonFiniteGradient, match=r"node 'x' \(leaf\) overflows: 1e\+308 \+"):
        y.backward()
    assert x.grad == 1e308  # the last finite value; the sum (2e308) was refused


def test_leaves_accumulate_across_calls_until_it_overflows() -> None:
    x = Value(1.0, label="x")
    y = x * 1e308
    y.backward()
    assert x.grad == 1e308
    with pytest.raises(NonFiniteGradient, match=r"node 'x'.*1e\+308 \+ 1e\+308"):
        y.backward()
    assert x.grad == 1e308
    leaf = Value(1.0, label="leaf")
    leaf.grad = 1e308
    with pytest.raises(NonFiniteGradient, match="node 'leaf'"):
        leaf.backward(1e308)  # the root is a leaf: its own accumulation is checked too


def test_create_graph_leaf_accumulation_is_checked() -> None:
    x = Value(1.0, label="x")
    y = x * 1e308
    x.grad = 1e308
    with pytest.raises(NonFiniteGradient, match="node 'x'"):
        y.backward(create_graph=True)
    assert x.grad == 1e308 and x.grad_graph is None


def test_dot_and_vsum_gradients_are_checked() -> None:
    from autograd_mini import dot, vsum

    w = [Value(1e-300, label=f"w{i}") for i in range(3)]
    z = dot(w, [1e300, 1e300, 1e300]) * 1e300
    with pytest.raises(NonFiniteGradient, match=r"node 'w0' \(leaf\)"):
        z.backward()
    s = vsum([w[0] * 1e308, w[0] * 1e308, w[1]])
    with pytest.raises(NonFiniteGradient, match=r"node 'w0'"):
        (s * 1e299).backward()


def test_grad_refuses_too() -> None:
    with pytest.raises(NonFiniteGradient):
        grad(lambda x: (x * 1e300) * 1e300)(1e-300)


# --------------------------------------------------------------------------- item 3


def test_values_that_exist_are_computed() -> None:
    zero = Value(0.0, label="x")
    assert zero.sqrt().data == 0.0
    assert (zero**0.5).data == 0.0
    assert (Value(0.0) ** Value(2.0)).data == 0.0
    assert (0.0 ** Value(0.5)).data == 0.0
    assert (Value(0.0) ** Value(0.0)).data == 1.0
    assert (Value(-2.0) ** Value(3.0)).data == -8.0
    assert Value(1e-310).log().data == pytest.approx(math.log(1e-310))
    assert (Value(1.0) / Value(1e-200)).data == 1e200


def test_the_norm_at_the_origin() -> None:
    """The issue's ((x² + y²) ** 0.5) at the origin: 0 with or without grad; its
    gradient does not exist, so backward refuses, naming the pow node."""
    x, y = Value(0.0, label="x"), Value(0.0, label="y")
    with no_grad():
        assert ((x * x + y * y) ** 0.5).data == 0.0
    r = (x * x + y * y) ** 0.5
    r.label = "r"
    assert r.data == 0.0
    with pytest.raises(InfiniteDerivative, match=r"pow of 0\.0 and 0\.5.*∂y/∂a is inf") as info:
        r.backward()
    assert "node 'r' (op 'pow')" in str(info.value) and info.value.node is r
    assert isinstance(info.value, DomainError)
    with pytest.raises(InfiniteDerivative, match="node 'r'"):
        gradients(r, [x, y])
    # away from the origin the closed form x/r holds
    a, b = Value(3.0), Value(4.0)
    assert gradients((a * a + b * b) ** 0.5, [a, b]) == pytest.approx([0.6, 0.8])


def test_sqrt_at_zero() -> None:
    x = Value(0.0, label="x")
    s = x.sqrt()
    s.label = "s"
    assert s.local_grads == (math.inf,)
    with pytest.raises(InfiniteDerivative, match=r"sqrt of 0\.0.*dy/da is inf.*node 's'"):
        s.backward()


@pytest.mark.parametrize(
    "build",
    [
        lambda x: x.sqrt() * 0.0,  # the gradient into √x is exactly 0
        lambda x: (-x.sqrt()).relu(),  # a ReLU that is off
        lambda x: (x**0.5) * Value(0.0) + x,
        lambda x: (x.sqrt() - 1.0).relu() + 2.0 * x,
    ],
)
def test_an_infinite_derivative_no_gradient_flows_through_is_no_error(
    build: Callable[[Value], Value],
) -> None:
    x = Value(0.0, label="x")
    y = build(x)
    y.backward()
    assert math.isfinite(x.grad)
    assert gradients(y, [x]) == [x.grad]


def test_zero_gradient_cases_have_the_closed_form_answers() -> None:
    x = Value(0.0)
    ((x.sqrt() - 1.0).relu() + 2.0 * x).backward()
    assert x.grad == 2.0  # relu off: only 2x contributes
    x = Value(0.0)
    ((x**0.5) * Value(0.0) + x).backward()
    assert x.grad == 1.0


def test_zero_to_a_value_power_follows_the_limit() -> None:
    """d/db 0ᵇ = lim_{a→0⁺} aᵇ·ln a = 0 for b > 0, and d/da aᵇ = b·aᵇ⁻¹ = 0 at a = 0 for
    b > 1 (PyTorch: pow's exponent gradient is masked to 0 where base = 0, exponent ≥ 0)."""
    a, b = Value(0.0, label="a"), Value(2.0, label="b")
    y = a**b
    y.backward()
    assert (y.data, a.grad, b.grad) == (0.0, 0.0, 0.0)
    # the limit, checked independently: aᵇ·ln a at a = 1e-100, b = 2 is about -2.3e-198
    assert abs(float(mpmath.mpf("1e-100") ** 2 * mpmath.log(mpmath.mpf("1e-100")))) < 1e-190
    e = Value(0.5, label="e")
    y = 0.0**e  # a constant base: only ∂y/∂b exists
    y.backward()
    assert (y.data, e.grad) == (0.0, 0.0)
    assert grad(lambda t: 0.0**t)(3.0) == 0.0


def _limit_at_zero(order: tuple[int, ...], b: float) -> Any:
    """The oracle: lim_{a→0⁺} of ∂ⁿ(aᵇ)/∂… taken in ``order`` (0: a, 1: b), by sympy."""
    a_, b_ = sp.symbols("a b", positive=True)
    e = a_**b_
    for i in order:
        e = sp.diff(e, a_ if i == 0 else b_)
    return sp.limit(e.subs(b_, sp.nsimplify(b)), a_, 0, "+")


def test_a_derivative_of_the_exponent_slope_at_a_zero_base_is_not_taken_as_a_constant() -> None:
    """∂(aᵇ)/∂b = aᵇ·ln a is 0 at a = 0 < b (its limit), but not a constant in a: its
    derivative aᵇ⁻¹(b·ln a + 1) → −∞ for b ≤ 1 and 0 for b > 1 (sympy's limits). The
    Value rule returned the constant 0, so ∂²/∂a∂b came out 0.0 at b = 1 and 0.5 through
    ∂f/∂b (grad, hvp, jacobian, jvp) while the other order refused; now both refuse
    where it is infinite and give the limit where it is finite."""
    from autograd_mini import hvp, jacobian, jvp

    def f(a: Value, b: Value) -> Value:
        return a**b

    for b in (0.5, 1.0):
        assert _limit_at_zero((1, 0), b) == -sp.oo
        for call in (
            lambda b: grad(grad(f, 1), 0)(0.0, b),
            lambda b: grad(grad(f, 0), 1)(0.0, b),
            lambda b: hvp(f, (0.0, b), (1.0, 0.0)),
            lambda b: jacobian(grad(f, 1), 0)(0.0, b),
            lambda b: jacobian(grad(f, 1), 0, mode="forward")(0.0, b),
            lambda b: jvp(grad(f, 1), (0.0, b), (1.0, 0.0)),
        ):
            with pytest.raises(InfiniteDerivative):
                call(b)
    with pytest.raises(InfiniteDerivative, match=r"∂y/∂b = aᵇ·ln a at a = 0, b = 1\.0 .*limit 0"):
        grad(grad(f, 1), 0)(0.0, 1.0)
    for b in (1.5, 2.0, 3.0):
        want = float(_limit_at_zero((1, 0), b))
        assert grad(grad(f, 1), 0)(0.0, b) == want == grad(grad(f, 0), 1)(0.0, b) == 0.0
        assert jacobian(grad(f, 1), 0)(0.0, b) == [[want]]
    # hvp and hessian (forward over reverse) as grad: ∂²/∂a² = b(b − 1)aᵇ⁻² is 2 at b = 2
    assert hvp(f, (0.0, 2.0), (1.0, 0.0)) == (2.0, float(_limit_at_zero((1, 0), 2.0)))
    # a third derivative: ∂/∂a of ∂²f/∂b² = aᵇ·ln²a is +∞ at b = 0.5, 0 at b = 1.5
    assert _limit_at_zero((1, 1, 0), 0.5) == sp.oo
    with pytest.raises(InfiniteDerivative):
        grad(grad(grad(f, 1), 1), 0)(0.0, 0.5)
    assert grad(grad(grad(f, 1), 1), 0)(0.0, 1.5) == float(_limit_at_zero((1, 1, 0), 1.5))
    # what does not depend on the base stays: ∂²f/∂b² at a = 0 (0), a constant base 0
    assert grad(grad(f, 1), 1)(0.0, 0.5) == float(_limit_at_zero((1, 1), 0.5)) == 0.0
    assert grad(grad(lambda t: 0.0**t))(0.5) == 0.0


def test_no_composition_of_passes_gives_a_wrong_derivative_of_a_power_at_a_zero_base() -> None:
    """Every second and third derivative of aᵇ at a = 0, each pass reverse (grad) or
    forward (jvp), against sympy's one-sided limit: a number only where the limit is
    that number, a refusal (InfiniteDerivative) wherever the limit is infinite. 53 of
    these gave 0.0 where the limit is ±∞ while ∂f/∂b was the constant 0; 4 still did
    after that fix (grad over two jvps at b = 1.5 and 2: a zero Value tangent meeting
    the infinite slope was taken as nothing). At b = 0 and 1 some raised a DivisionByZero
    about a power nobody wrote (0 ** −1, from b·aᵇ⁻¹ with a Value b − 1 = 0)."""
    import itertools

    from autograd_mini import jvp

    def forward(h: Callable[..., Any], i: int) -> Callable[..., Any]:
        direction = (1.0, 0.0) if i == 0 else (0.0, 1.0)
        return lambda a, b: jvp(h, (a, b), direction)[1]

    wrong = []
    orders = [*itertools.product((0, 1), repeat=2), *itertools.product((0, 1), repeat=3)]
    for order in orders:
        for b in (0.0, 0.5, 1.0, 1.5, 2.0, 3.0):
            want = _limit_at_zero(order, b)
            for kinds in itertools.product((grad, forward), repeat=len(order)):
                h: Callable[..., Any] = lambda a, b: a**b  # noqa: E731
                for kind, i in zip(kinds, order, strict=True):
                    h = kind(h, i)
                try:
                    got = h(0.0, b)
                except InfiniteDerivative:
                    continue  # refused: never wrong
                if not (want.is_finite and got == pytest.approx(float(want), abs=1e-12)):
                    wrong.append((order, b, [k.__name__ for k in kinds], got, want))
    assert wrong == []


def test_a_value_exponent_worth_0_at_a_zero_base() -> None:
    """a⁰ ≡ 1 while b = 0, so ∂(aᵇ)/∂a = b·aᵇ⁻¹ is 0 there and so are its derivatives in
    a; its derivative in b, aᵇ⁻¹·(1 + b·ln a), is +∞ at a = 0 (sympy's limit; 2 at
    a = 0.5). With b a Value, the Value rule built 0 ** −1: create_graph, hessian and
    grad(grad(f, 0), 1) raised DivisionByZero 'pow of 0.0 to the power -1.0', a power
    nobody wrote, where create_graph=False gave 0.0."""
    from autograd_mini import hessian

    x, e = Value(0.0, label="x"), Value(0.0, label="e")
    (dx,) = gradients(x**e, [x], create_graph=True)
    assert dx.data == 0.0 == gradients(x**e, [x])[0]
    assert gradients(dx, [x]) == [0.0]
    with pytest.raises(InfiniteDerivative, match=r"∂y/∂a = b·aᵇ⁻¹ at a = 0, b = 0 .*node 'e'"):
        gradients(dx, [e])
    assert hessian(lambda a: a**e)(0.0) == [[0.0]]  # e is no input: a ↦ a⁰ = 1

    def f(a: Value, b: Value) -> Value:
        return a**b

    assert _limit_at_zero((0, 1), 0.0) == sp.oo
    with pytest.raises(InfiniteDerivative):
        grad(grad(f, 0), 1)(0.0, 0.0)
    assert grad(grad(f, 0), 1)(0.5, 0.0) == 2.0  # 0.5⁻¹·(1 + 0)
    assert grad(grad(f, 0), 0)(0.0, 0.0) == 0.0  # ∂²(a⁰)/∂a²


def test_trace_refuses_the_exponent_slope_recorded_at_a_zero_base() -> None:
    """∂(aᵇ)/∂b recorded at a = 0 was the constant 0, and its replay gave 0 at a = 0.5 and
    2 (closed form aᵇ·ln a: −0.35 and 1.39); the limit's term is refused, as every
    term that holds at one point only, and tracing at a = 1 replays the closed form."""
    b = Value(1.0, label="b")

    def fn(x: list[Value]) -> Value:
        (gb,) = gradients(x[0] ** b, [b], create_graph=True)
        return gb

    with pytest.raises(InfiniteDerivative, match=r"limit 0.*trace at example inputs"):
        trace(fn, [0.0], params=[b])
    got = trace(fn, [1.0], params=[b]).forward(np.array([[0.5], [2.0]]))
    assert got.tolist() == pytest.approx([0.5 * math.log(0.5), 2.0 * math.log(2.0)], rel=1e-15)


def test_an_error_about_a_constant_base_names_the_exponents_derivative() -> None:
    """0 ** b at b = 0: the value is 1, ∂/∂b = aᵇ·ln a is −∞ (from the right); the base
    is a constant, so its derivative b·aᵇ⁻¹ must not be blamed."""
    e = Value(0.0, label="e")
    y = 0.0**e
    assert y.data == 1.0 and y.local_grads == (-math.inf,)
    with pytest.raises(InfiniteDerivative, match=r"∂y/∂b is -inf.*input node 'e'") as info:
        y.backward()
    assert "∂y/∂a" not in str(info.value).split("(y = ")[0]


def test_a_negative_base_with_a_value_exponent() -> None:
    """(−2)^b exists at integers b, but ∂/∂b = aᵇ·ln a does not (ln of a negative)."""
    a, b = Value(-2.0, label="a"), Value(3.0, label="b")
    y = a**b
    assert y.data == -8.0 and y.local_grads[0] == 12.0 and math.isnan(y.local_grads[1])
    with pytest.raises(InfiniteDerivative, match=r"∂y/∂b does not exist \(nan\).*input node 'b'"):
        y.backward()
    # with a constant exponent the base's derivative 3a² is all there is
    a = Value(-2.0)
    (a**3.0).backward()
    assert a.grad == 12.0


def test_overflowing_local_derivatives_are_refused_only_when_used() -> None:
    x = Value(1e-310, label="x")
    y = x.log()  # ln(1e-310) is fine, 1/x = 1e310 is not a float
    assert y.local_grads == (math.inf,)
    with pytest.raises(InfiniteDerivative, match=r"log of 1e-310: the local derivative dy/da"):
        y.backward()
    (y * 0.0 + 1.0).backward()  # nothing flows into log: fine
    b = Value(1e-200, label="b")
    q = Value(1.0) / b
    assert q.data == 1e200 and q.local_grads[1] == -math.inf
    with pytest.raises(InfiniteDerivative, match=r"div of 1\.0 and 1e-200.*∂y/∂b is -inf"):
        q.backward()


def test_values_outside_the_domain_still_fail_at_once() -> None:
    with pytest.raises(DomainError, match=r"sqrt of -1\.0"):
        Value(-1.0).sqrt()
    with pytest.raises(DomainError, match=r"non-integer power"):
        Value(-8.0) ** 0.5
    with pytest.raises(ZeroDivisionError):
        Value(0.0) ** -1.0


def test_second_order_skips_an_infinite_slope_nothing_flows_through() -> None:
    x = Value(0.0, label="x")
    y = x.sqrt() * 0.0 + x * x
    (g,) = gradients(y, [x], create_graph=True)
    assert g.data == 0.0
    (gg,) = gradients(g, [x])
    assert gg == 2.0
    with pytest.raises(InfiniteDerivative, match="sqrt"):
        gradients(x.sqrt(), [x], create_graph=True)


# --------------------------------------------------------------------------- the replay


def test_traced_replay_refuses_what_the_eager_engine_refuses() -> None:
    w = Value(1.0, label="w")

    def f(x: list[Value]) -> Value:
        s = (x[0] * w).sqrt()
        s.label = "s"
        return s

    traced = trace(f, [1.0], params=[w])
    with pytest.raises(InfiniteDerivative, match=r"trace: sqrt.*dy/da is inf.*node 's', sample 1"):
        traced.backward([[4.0], [0.0]])
    with pytest.raises(InfiniteDerivative):  # the eager engine, for the same sample
        gradients(f([Value(0.0)]), [w])
    # elsewhere the replay gives the closed form d√(xw)/dw = x/(2√(xw)) summed: 4/4 + 1/2
    _, g = traced.backward([[4.0], [1.0]])
    assert g == pytest.approx([1.5])


def test_traced_replay_sends_zero_not_nan_through_an_unused_infinite_slope() -> None:
    """numpy's 0·∞ is nan; the eager engine sends nothing. The replay must agree."""
    w = Value(1.0, label="w")
    traced = trace(lambda x: (x[0] * w).sqrt() * 0.0 + w * x[0], [1.0], params=[w])
    _, g = traced.backward([[0.0], [3.0]])
    assert g == pytest.approx([3.0])  # d/dw of w·x summed over the batch: 0 + 3
    eager = sum(gradients((Value(x) * w).sqrt() * 0.0 + w * x, [w])[0] for x in (0.0, 3.0))
    assert g[0] == eager


def test_traced_replay_refuses_an_overflowing_gradient() -> None:
    w = Value(1e-300, label="w")

    def f(x: list[Value]) -> Value:
        h = w * x[0]
        h.label = "h"
        return (h * 1e300) * 1e300

    traced = trace(f, [1.0], params=[w])
    with pytest.raises(NonFiniteGradient, match=r"trace: the gradient of node 'h', sample 0"):
        traced.backward([[1.0], [1.0]])
    with pytest.raises(NonFiniteGradient, match="node 'h'"):  # as eager
        gradients(f([Value(1.0)]), [w])


def test_traced_replay_refuses_a_parameter_gradient_that_overflows_in_the_batch_sum() -> None:
    """Each sample's gradient is 1e308; their sum over the batch is not a float."""
    w = Value(1.0, label="w")
    traced = trace(lambda x: w * x[0], [1.0], params=[w])
    with pytest.raises(NonFiniteGradient, match=r"params\[0\] 'w' overflows"):
        traced.backward([[1e308], [1e308]])


# --------------------------------------------------------------------------- the backends


@pytest.mark.parametrize(
    ("x", "a"),
    [(0.0, 0.0), (0.0, -2.0), (2.0, 0.0), (-2.0, 0.0), (3.0, -1.0), (1.5, 2.0), (1e300, 1e-300)],
)
def test_pow_exponent_slope_is_the_same_number_on_every_backend(x: float, a: float) -> None:
    """pow's ∂y/∂b given y = x: x·ln a with 0 where x = 0; −∞·sign(x) at a = 0; nan (no
    real log) for a < 0, x = 0 too (where (−2)ᵇ underflowed). The float and array rules
    do not read b (y holds it): any b is given."""
    from autograd_mini.numpy_backend import NUMPY
    from autograd_mini.ops import FLOAT

    if a < 0:
        want = math.nan
    elif x == 0.0:
        want = 0.0
    elif a > 0:
        want = float(mpmath.mpf(x) * mpmath.log(a))
    elif a == 0:
        want = -math.copysign(math.inf, x)
    else:
        want = math.nan
    got_float = FLOAT.pow_exponent_slope(a, 2.0, x)
    got_numpy = float(NUMPY.pow_exponent_slope(np.array([a]), np.array([2.0]), np.array([x]))[0])
    for got in (got_float, got_numpy):
        assert got == pytest.approx(want, rel=1e-15) or (math.isnan(got) and math.isnan(want))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (0.0, 0.0),  # b = 0: y ≡ 1, so 0 even at the pole
        (0.0, 0.5),  # the pole: +inf
        (3.0, 2.0),
        (-2.0, 3.0),
        (1e-300, -1.0),  # −1·10⁶⁰⁰ overflows: −inf
        (-1.0, 2.0**53),  # b − 1 = 2⁵³ − 1 is a float: nothing to fix
        (-1.0, 2.0**53 + 2.0),  # b − 1.0 rounds to 2⁵³, even: the sign was wrong
        (-1.0000000000000002, 2.0**54),
        (-1.0, -(2.0**53) - 2.0),
        (-0.9999999999999999, 1e300),
    ],
)
def test_pow_slope_is_the_same_number_on_every_backend(a: float, b: float) -> None:
    """b·aᵇ⁻¹ with 0 where b = 0, ±inf at the pole or on overflow, and the sign of the
    odd power b − 1 where b − 1.0 rounds to an even float (|b| > 2⁵³): mpmath computes
    b − 1 exactly."""
    from autograd_mini.numpy_backend import NUMPY, QUIET_NUMPY
    from autograd_mini.ops import FLOAT
    from autograd_mini.value_backend import VALUE

    mpmath.mp.dps = 60
    if b == 0.0:
        want = 0.0
    elif a == 0.0:
        want = math.copysign(math.inf, b)
    else:
        exact = mpmath.mpf(b) * mpmath.power(mpmath.mpf(a), mpmath.mpf(b) - 1)
        big = abs(exact) >= np.finfo(float).max
        want = math.copysign(math.inf, float(exact)) if big else float(exact)
    with np.errstate(all="ignore"):
        got = [
            FLOAT.pow_slope(a, b),
            float(NUMPY.pow_slope(np.array([a]), np.array([b]))[0]),
            float(np.ravel(NUMPY.pow_slope(np.array([a]), b))[0]),  # a constant exponent
            float(np.ravel(QUIET_NUMPY.pow_slope(np.array([a]), b))[0]),
        ]
    if math.isfinite(want) and b != 0.0:  # as nodes (second order): an infinite one is refused
        got += [VALUE.pow_slope(Value(a), Value(b)).data, VALUE.pow_slope(Value(a), b).data]
    for g in got:
        assert g == pytest.approx(want, rel=1e-15), got


def test_the_sign_of_a_huge_even_power_s_slope_at_a_negative_base() -> None:
    """x^b for an even b > 2⁵³ is an even function, so its slope at −1 is −b and its
    second derivative +b(b − 1): reverse, forward and second order gave the opposite
    signs (b − 1.0 rounds to an even number)."""
    from autograd_mini import hessian, jvp

    b = 2.0**53 + 2.0
    slope, curvature = -b, float(mpmath.mpf(b) * (mpmath.mpf(b) - 1))
    assert grad(lambda x: x**b)(-1.0) == slope
    assert jvp(lambda x: x**b, (-1.0,), (1.0,)) == (1.0, slope)
    assert hessian(lambda x: x**b)(-1.0)[0][0] == pytest.approx(curvature, rel=1e-15)
    w = Value(-1.0, label="w")  # the replay: the gradient of a parameter
    t = trace(lambda x: x[0] * w**b, [1.0], params=[w], check=True)
    assert t.outputs_and_grad(np.array([[1.0]]))[1].tolist() == [slope]


def test_fit_compiled_keeps_the_error_class_and_names_the_batch() -> None:
    from benchmarks.compiled_sgd import fit_compiled

    w = Value(1.0, label="w")
    traced = trace(lambda x, y: (x[0] * w).sqrt() * y[0], [1.0], [1.0], params=[w])
    with pytest.raises(
        InfiniteDerivative, match=r"fit_compiled: epoch 0, batch at row 0: trace: sqrt"
    ):
        fit_compiled(traced, [[0.0], [1.0]], [1.0, 1.0], lr=0.1, shuffle=False)
    assert w.data == 1.0  # the parameters as they were before the refused step


def test_the_untested_fast_loop_cannot_overflow_even_at_the_largest_float() -> None:
    """A fused node whose terms are all below 2^969 skips the per-edge test (the hot
    loop of a neuron): adding less than half an ulp of the largest float to a finite
    number rounds to a finite number, so nothing can go wrong there. Just above that
    bound the tested loop runs and refuses the overflow."""
    big = sys.float_info.max
    x = Value(1.0, label="x")
    x.grad = big
    y = vsum([x, x, x]) * 2.5e291  # three terms; √3·2.5e291 < 2^969 ≈ 5.0e291: fast loop
    y.backward()
    assert x.grad == big  # each big + 2.5e291 (< half an ulp, 2^970) rounds back to big
    x.grad = big
    with pytest.raises(NonFiniteGradient, match=r"node 'x' \(leaf\) overflows"):
        (vsum([x, x, x]) * 1e300).backward()  # terms of 1e300: the tested loop
    assert x.grad == big
    assert math.sqrt(3) * 2.5e291 < 2.0**969 < 2 * math.sqrt(3) * 2.5e291  # near the bound
    assert math.ulp(big) == 2.0**971


def test_accumulate_grad_refuses_an_overflowing_sum_and_stores_nothing() -> None:
    w, v = Value(1.0, label="w"), Value(1.0, label="v")
    traced = trace(lambda x: w * x[0] + v, [1.0], params=[w, v])
    w.grad = 1e308
    with pytest.raises(NonFiniteGradient, match=r"params\[0\] 'w' overflows: 1e\+308 \+ 1e\+308"):
        traced.accumulate_grad([[1e308]])
    assert (w.grad, v.grad) == (1e308, 0.0)  # v's gradient (1) was not added either
    traced.accumulate_grad([[2.0]])
    assert (w.grad, v.grad) == (1e308 + 2.0, 1.0)


def test_a_negative_base_has_no_exponent_derivative_even_where_its_power_underflows() -> None:
    """(−0.5)ⁿ is defined at integer n only: d/dn does not exist, at n = 2 (where ln a is
    nan) and at n = 2000 alike, where (−0.5)²⁰⁰⁰ = 2⁻²⁰⁰⁰ underflows to 0 and 0·ln a
    was taken for 0 — first order, second order (which met math.log(−0.5) as a bare
    'math domain error') and the replay. d/da (−0.5)²⁰⁰⁰ exists: 2000·(−0.5)¹⁹⁹⁹ → −0."""
    for n0 in (2.0, 2000.0):
        with pytest.raises(InfiniteDerivative, match=r"∂y/∂b does not exist \(nan\)"):
            grad(lambda n: (-0.5) ** n)(n0)
        with pytest.raises(InfiniteDerivative, match=r"∂y/∂b does not exist \(nan\)"):
            grad(grad(lambda n: (-0.5) ** n))(n0)
        exponent = Value(n0, label="n")
        traced = trace(lambda x, e=exponent: (-0.5 * x[0]) ** e, [1.0], params=[exponent])
        with pytest.raises(InfiniteDerivative, match=r"∂y/∂b does not exist \(nan\)"):
            traced.backward([[1.0], [1.0]])
    assert grad(lambda a: a**2000.0)(-0.5) == 0.0
    assert float(2000 * mpmath.mpf(-0.5) ** 1999) > -1e-300  # the true value underflows


def test_pow_exponent_slope_at_a_nan_base_is_one_rule_on_floats_and_arrays() -> None:
    """0·ln(nan): the float rule gives 0 (x = 0 and not a < 0), and so do arrays (they
    gave nan); x ≠ 0 gives nan on both."""
    from autograd_mini.numpy_backend import NUMPY
    from autograd_mini.ops import FLOAT

    nan = math.nan
    b, bs = 2.0, np.array([2.0])  # not read: y holds it
    assert FLOAT.pow_exponent_slope(nan, b, 0.0) == 0.0
    assert NUMPY.pow_exponent_slope(np.array([nan]), bs, np.array([0.0])).tolist() == [0.0]
    assert math.isnan(FLOAT.pow_exponent_slope(nan, b, 1.0))
    assert math.isnan(float(NUMPY.pow_exponent_slope(np.array([nan]), bs, np.array([1.0]))[0]))


@pytest.mark.parametrize("nan", [float("nan"), np.float64("nan"), np.float32("nan"), np.inf])
def test_a_nan_or_infinite_constant_is_a_domain_error_whatever_its_type(nan: Any) -> None:
    """x·nan was a DomainError for a float nan and a plain ValueError for numpy's
    (a catch of DomainError missed it)."""
    x = Value(2.0)
    with pytest.raises(DomainError):
        x * nan
    with pytest.raises(DomainError):
        nan + x


@pytest.mark.parametrize("nan", [float("nan"), np.float64("nan"), np.float32("nan")])
def test_nan_is_one_case_whatever_its_type(nan: Any) -> None:
    """Value(nan) was a plain ValueError for the float and a DomainError for numpy's;
    x < nan was False for the float and an error for numpy's. Now: a DomainError, and
    False, as Python compares floats."""
    with pytest.raises(DomainError):
        Value(nan)
    x = Value(1.0)
    assert not (x < nan) and not (x >= nan)
    assert Value(1.0) < 10**400  # compared exactly, as Python compares 1.0 with it


def _exactly(*terms: tuple[float, float]) -> float:
    """The oracle: Σ a·b in 2,000-digit arithmetic (mpmath), rounded to a float."""
    with mpmath.workdps(2000):
        return float(mpmath.fsum(mpmath.mpf(a) * mpmath.mpf(b) for a, b in terms))


def test_a_sum_that_overflows_only_on_the_way_is_computed() -> None:
    """vsum([1e308, -1e308, 1e308]) was 1e308 but vsum([1e308, 1e308, -1e308]) an
    OpOverflow: the float sum passed ±1.8e308 on the way although the result is a
    float. Every order now gives the exact sum rounded once (mpmath at 2,000 digits),
    dot's too — products that overflow alone included (1e200·1e200 − 1e200·1e200 = 0);
    a result beyond a float is still refused, and the gradients are the same ones."""
    import itertools

    from autograd_mini.errors import OpOverflow

    big = (1e308, 1e308, -1e308)
    for order in itertools.permutations(big):
        assert vsum([Value(t) for t in order]).data == _exactly(*((t, 1.0) for t in order))
    assert vsum([1e308, 1e308, -1e308, Value(1.0)]).data == _exactly(*((t, 1.0) for t in big))
    assert vsum([Value(1e308), Value(1e308), -1e308]).data == 1e308
    w = [Value(1e154, label=f"w{i}") for i in range(3)]
    xs = [1e154, 1e154, -1e154]
    z = dot(w, xs, Value(-1.0, label="b"))
    assert z.data == _exactly(*zip((1e154,) * 3, xs, strict=True), (-1.0, 1.0))
    z.backward()
    assert [v.grad for v in w] == xs  # ∂z/∂wᵢ = xᵢ, as before
    assert dot([Value(1e200), Value(1e200)], [1e200, -1e200]).data == 0.0
    u = [Value(t) for t in xs]
    assert dot(w, u).data == dot(w, xs).data == _exactly(*zip((1e154,) * 3, xs, strict=True))
    assert dot([1e154, 1e154, -1e154, Value(2.0)], [1e154, 1e154, 1e154, 3.0]).data == 1e308
    for beyond in (
        lambda: vsum([Value(1e308), Value(1e308)]),
        lambda: vsum([Value(1e308), Value(1e308), Value(-1e300)]),
        lambda: dot(w[:2], xs[:2], 1.0),
    ):
        with pytest.raises(OpOverflow, match="the result overflows a float"):
            beyond()
    # the traced replay adds arrays in its own order: it refuses, and says why
    p = Value(1.0, label="p")
    traced = trace(lambda x: vsum([x[0] * p, x[1], x[2]]), [1.0, 2.0, 3.0], params=[p])
    with pytest.raises(OpOverflow, match="the eager engine then adds the terms exactly"):
        traced.forward(np.array([[1e308, 1e308, -1e308]]))


def test_plain_numbers_that_overflow_only_when_added_are_named_so() -> None:
    """vsum([1e308, 1e308, x]) and dot([1e308, x], [10.0, 0.0]) said "a constant is inf"
    although every number given was finite: their sum overflows, an OpOverflow."""
    from autograd_mini.errors import OpOverflow

    x = Value(1.0, label="x")
    with pytest.raises(
        OpOverflow, match=r"vsum: its plain numbers add up to inf: the sum overflows a float$"
    ):
        vsum([1e308, 1e308, x])  # the Values are not named: they are not to blame
    with pytest.raises(OpOverflow, match=r"dot: the products of its plain numbers add up to inf"):
        dot([1e308, x], [10.0, 0.0])
    with pytest.raises(DomainError, match=r"dot: a constant is nan"):
        dot([x, x], [math.nan, 1.0])
    # a number given as inf is named as such, not as an overflow of the sum
    for bad in (lambda: vsum([math.inf, x]), lambda: dot([math.inf, x], [1.0, 1.0])):
        with pytest.raises(DomainError, match="constant") as info:
            bad()
        assert not isinstance(info.value, OpOverflow)
