"""Every op in the table against sympy's symbolic derivative and central differences.

The cases come from ``op_cases.CASES`` (one row per op and operand layout); hypothesis
draws points inside each row's domain.
"""

from __future__ import annotations

import math
import sys

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from op_cases import CASE_IDS, CASES, Case

from autograd_mini import OPS, Value, no_grad
from autograd_mini.ops import FLOAT, domain_message, local_derivatives, replay_forward

EXAMPLES = settings(max_examples=25, deadline=None)


def close(got: float, want: object, xs: tuple[float, ...], rel: float = 1e-7) -> bool:
    """``got`` within ``rel`` of the exact ``want``, or, where ``want`` is small,
    within a few rounding errors of the inputs' own size: a value that cancels
    (a − b at a ≈ b, exact for floats) is judged against what the inputs carry, not
    against a fixed 1e-10, under which log(1 + a) passed for log1p (1e-12 gave relative
    error 9e-5, 1e-17 gave 0)."""
    scale = max((abs(x) for x in xs), default=0.0)
    return math.isclose(got, float(want), rel_tol=rel, abs_tol=1e-14 * scale + 1e-300)


def exact(case: Case, xs: tuple[float, ...]) -> list[mpmath.mpf]:
    """The case's sympy value and partial derivatives at ``xs``, to 30 digits more than
    the smallest input has zeros after the point: at mpmath's default 53 bits a small
    result carries the oracle's own rounding, and a formula that cancels near 0 (σ′′ at
    a = 5e-42, e⁻ᵃ/(1 + e⁻ᵃ)² − …) cancels about as many digits as a has zeros."""
    tiny = min((abs(x) for x in xs if x), default=1.0)
    with mpmath.workdps(30 + max(0, -math.floor(math.log10(tiny)))):
        return [+v for v in case.oracle(*map(mpmath.mpf, xs))]


def central_difference(case: Case, xs: tuple[float, ...], i: int, h: float = 1e-6) -> float:
    """(f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h, from forward passes only."""
    up, down = list(xs), list(xs)
    up[i] += h
    down[i] -= h
    with no_grad():
        f_up = case.fn(*map(Value, up)).data
        f_down = case.fn(*map(Value, down)).data
    return (f_up - f_down) / (up[i] - down[i])


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_value_and_gradient_match_sympy(case: Case) -> None:
    @EXAMPLES
    @given(case.inputs())
    def check(xs: tuple[float, ...]) -> None:
        leaves = [Value(x) for x in xs]
        y = case.fn(*leaves)
        y.backward()
        want_value, *want_grads = exact(case, xs)
        assert close(y.data, want_value, xs), (case.name, xs, y.data, want_value)
        for leaf, want in zip(leaves, want_grads, strict=True):
            assert close(leaf.grad, want, xs), (case.name, xs, leaf.grad, want)

    check()


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_gradient_matches_central_differences(case: Case) -> None:
    @EXAMPLES
    @given(case.inputs())
    def check(xs: tuple[float, ...]) -> None:
        leaves = [Value(x) for x in xs]
        case.fn(*leaves).backward()
        for i, leaf in enumerate(leaves):
            numeric = central_difference(case, xs, i)
            assert math.isclose(leaf.grad, numeric, rel_tol=1e-5, abs_tol=1e-5), (
                case.name,
                xs,
                i,
                leaf.grad,
                numeric,
            )

    check()


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_rule_on_float_backend_matches_sympy(case: Case) -> None:
    """The table's own rules (replay_forward, local_derivatives) — no backward pass.

    A leaf used twice by one node has two entries; their local derivatives add up to
    the partial derivative."""

    @EXAMPLES
    @given(case.inputs())
    def check(xs: tuple[float, ...]) -> None:
        leaves = [Value(x) for x in xs]
        y = case.fn(*leaves)
        if not y.parents or any(p.parents for p in y.parents):
            return  # a composite row (e.g. sub_self): covered by the two tests above
        op = OPS[y.op]
        parent_data = [p.data for p in y.parents]
        assert close(replay_forward(op, FLOAT, parent_data, y.arg), y.data, xs)
        local = local_derivatives(op, FLOAT, parent_data, y.data, y.arg)
        assert len(local) == len(y.parents)
        for d in (local, y.local_grads):
            per_leaf = dict.fromkeys(leaves, 0.0)
            for p, g in zip(y.parents, d, strict=True):
                per_leaf[p] += g
            _, *want = exact(case, xs)
            for leaf, w in zip(leaves, want, strict=True):
                assert close(per_leaf[leaf], w, xs), (case.name, xs, per_leaf[leaf], w)

    check()


def test_table_covers_every_op() -> None:
    """No op may escape the sympy checks: every OPS entry is made by some row."""
    made = set()
    for case in CASES:
        xs = [Value((d.lo + d.hi) / 2 or 0.7) for d in case.domains]
        node = case.fn(*xs)
        stack = [node]
        while stack:
            n = stack.pop()
            if n.op:
                made.add(n.op)
            stack.extend(n.parents)
    assert made == set(OPS), set(OPS) ^ made


def test_op_rows_are_consistent() -> None:
    for name, op in OPS.items():
        assert op.name == name
        assert op.math, name
        if op.arity == 0:
            assert op.nary_derivs is not None
        else:
            assert len(op.derivs) == op.arity


@pytest.mark.parametrize(
    ("name", "inputs", "fragments"),
    [
        ("log", (-2.0,), ("log", "-2.0")),
        ("log", (0.0,), ("log", "0.0")),
        ("sqrt", (-1.5,), ("sqrt", "-1.5")),
        ("exp", (1000.0,), ("exp", "1000.0", "overflow")),
        ("div", (3.0, 0.0), ("division by zero", "3.0")),
        ("pow", (-8.0, 0.5), ("pow", "-8.0", "0.5")),
        ("pow", (0.0, -1.0), ("pow", "division by zero")),
        ("pow", (10.0, 400.0), ("pow", "10.0", "400.0", "overflow")),
        ("pow", (1.0, math.nan), ("pow", "nan")),
    ],
)
def test_domain_messages_name_op_and_value(
    name: str, inputs: tuple[float, ...], fragments: tuple[str, ...]
) -> None:
    message = domain_message(OPS[name], *inputs)
    assert message is not None
    for fragment in fragments:
        assert fragment in message, (fragment, message)


@pytest.mark.parametrize(
    ("name", "inputs"),
    # the value exists; only a derivative is infinite (or overflows): no domain error,
    # backward refuses only if a gradient has to flow through it (tests/test_nonfinite.py)
    [("sqrt", (0.0,)), ("pow", (0.0, 0.5)), ("pow", (1e-300, -1.0)), ("pow", (0.0, 0.0))],
)
def test_no_complaint_where_only_a_derivative_is_infinite(
    name: str, inputs: tuple[float, ...]
) -> None:
    assert domain_message(OPS[name], *inputs) is None


@given(st.floats(0.01, 700.0))
@settings(max_examples=30, deadline=None)
def test_no_complaint_inside_the_domain(x: float) -> None:
    for name in ("log", "sqrt", "exp"):
        assert domain_message(OPS[name], x) is None
    assert domain_message(OPS["div"], 1.0, x) is None
    assert domain_message(OPS["pow"], x, 1.5) is None
    assert domain_message(OPS["add"], x, -x) is None


@given(st.floats(-1e308, 1e308))
@settings(max_examples=60, deadline=None)
def test_float_sigmoid_is_stable_and_accurate(x: float) -> None:
    """σ(x) = 1/(1 + e⁻ˣ) from mpmath (arbitrary precision) as the oracle."""
    y = FLOAT.sigmoid(x)
    assert 0.0 <= y <= 1.0
    want = float(1 / (1 + mpmath.exp(-mpmath.mpf(x))))
    assert math.isclose(y, want, rel_tol=1e-14, abs_tol=1e-300)


@given(st.floats(-1e308, 1e308))
@settings(max_examples=60, deadline=None)
def test_float_softplus_is_stable_and_accurate(x: float) -> None:
    """ln(1 + eˣ) from mpmath as the oracle: no overflow for huge x, no log(0) for tiny."""
    want = float(mpmath.log1p(mpmath.exp(mpmath.mpf(x))))
    assert math.isclose(FLOAT.softplus(x), want, rel_tol=1e-14, abs_tol=1e-300)


@pytest.mark.parametrize("x", [-700.0, -300.0, -40.0, -20.0, 0.5, 20.0, 40.0, 300.0, 700.0])
def test_sigmoid_and_tanh_derivatives_keep_their_size_in_the_tails(x: float) -> None:
    """σ′ = σ(1 − σ) and tanh′ = 1 − tanh² round to 0.0 once σ or tanh rounds to 1;
    the engine's local derivatives must still match sech² and σσ′ from mpmath."""
    X = mpmath.mpf(x)
    s = Value(x).sigmoid()
    t = Value(x).tanh()
    want_s = float(mpmath.exp(-X) / (1 + mpmath.exp(-X)) ** 2)
    want_t = float(mpmath.sech(X) ** 2)
    assert math.isclose(s.local_grads[0], want_s, rel_tol=1e-13, abs_tol=1e-300)
    assert math.isclose(t.local_grads[0], want_t, rel_tol=1e-13, abs_tol=1e-300)


def test_float_backend_constants_and_steps() -> None:
    assert FLOAT.step(2.0) == 1.0 and FLOAT.step(0.0) == 0.0 and FLOAT.step(-1.0) == 0.0
    assert FLOAT.sign(-3.0) == -1.0 and FLOAT.sign(0.0) == 0.0 and FLOAT.sign(0.1) == 1.0
    assert FLOAT.relu(-2.0) == 0.0 and FLOAT.relu(2.0) == 2.0
    assert FLOAT.leaky_relu(-2.0, 0.1) == pytest.approx(-0.2)
    assert FLOAT.leaky_relu(2.0, 0.1) == 2.0


@settings(max_examples=300, deadline=None)
@given(
    s=st.floats(-1e20, 1e20, allow_nan=False).filter(lambda s: s != 0.0),
    x=st.floats(0.01, 5.0),
)
def test_leaky_relus_derivative_is_exactly_one_or_the_slope(s: float, x: float) -> None:
    """∂/∂a leaky_relu(a, s) is 1 for a > 0 and s for a < 0 — exact numbers, not rounded
    ones: on floats (backward), on arrays (a trace's replay) and in forward mode. The
    old rule step·(1 − s) + s gave 0.9999999999999999 for a quarter of negative slopes
    and 0 for s ≥ 2⁵³."""
    import numpy as np

    from autograd_mini import jvp, trace

    for a, want in ((x, 1.0), (-x, s)):
        v = Value(a)
        v.leaky_relu(s).backward()
        assert v.grad == want
        assert jvp(lambda t: t.leaky_relu(s), (a,), (1.0,))[1] == want
        w = Value(1.0)
        traced = trace(lambda row, w=w: (w * row[0]).leaky_relu(s), [a], params=[w])
        _, g = traced.backward(np.array([[a]]))
        assert g[0] == want * a  # ∂/∂w = leaky′(w·a)·a, w = 1: one exact product


@pytest.mark.parametrize("name", [n for n, op in OPS.items() if op.arity in (1, 2)])
def test_an_op_that_can_hide_a_nan_or_inf_input_says_it_absorbs(name: str) -> None:
    """``absorbs`` tells the replay which ops' inputs to check (it checks only outputs
    otherwise): an op giving a finite result for some nan or infinite input must say so.
    Found by IEEE arithmetic on numpy arrays, not by the table: leaky_relu(a, s) = a for
    a > 0 whatever the slope s is, and lacked the flag (its replay returned a number where
    eager refused the slope's √−4)."""
    import numpy as np

    from autograd_mini.numpy_backend import QUIET_NUMPY

    op = OPS[name]
    bad = [math.nan, math.inf, -math.inf]
    good = [-2.0, -0.5, 0.0, 0.5, 2.0, 1e300, -1e300]
    if op.arity == 1:
        args = [np.array(bad)]
    else:
        pairs = [(a, b) for a in bad for b in good + bad] + [(a, b) for a in good for b in bad]
        args = [np.array([a for a, _ in pairs]), np.array([b for _, b in pairs])]
    with np.errstate(all="ignore"):
        y = np.asarray(op.forward(QUIET_NUMPY, *args), dtype=float)
    assert bool(np.isfinite(y).any()) == op.absorbs, (name, y)


@pytest.mark.parametrize("a", [1e-12, 1e-17, -2e-13])
def test_the_value_check_refuses_an_unstable_forward(a: float) -> None:
    """log1p written as log(1 + a) loses the digits of a small a to the rounding of
    1 + a (relative error 9e-5 at 1e-12; 0.0 for 1e-17). Under a fixed absolute
    tolerance of 1e-10 it passed every per-op test; the check above refuses it, and
    passes math.log1p's correctly rounded value (oracle: sympy's log(1 + a), 40+ digits)."""
    import sympy as sp
    from op_cases import ANY, A

    case = Case("log1p", lambda x: x, sp.log(1 + A), (ANY,))
    want, slope = exact(case, (a,))
    assert close(math.log1p(a), want, (a,)) and close(1.0 / (1.0 + a), slope, (a,))
    assert not close(math.log(1.0 + a), want, (a,))


def test_pow_log_beyond_the_largest_float_is_refused_as_an_overflow() -> None:
    """pow_log(10, b) = 10ᵇ·ln 10 is beyond a float at b = 308 (≈ 2.3e308, mpmath), where
    10ᵇ is not, and at b = 400, where 10ᵇ is too: its domain check says so in the op's
    words (OpOverflow, reason "overflows", "(aᵇ·ln a) overflows") before the forward rule
    gives inf or its ``**`` raises (the engine's fallback words neither)."""
    from autograd_mini import OpOverflow, apply

    for b in (308.0, 400.0):
        assert mpmath.mpf(10) ** b * mpmath.log(10) > mpmath.mpf(sys.float_info.max)
        with pytest.raises(OpOverflow) as caught:
            apply("pow_log", Value(10.0), Value(b))
        assert caught.value.reason == "overflows"
        assert f"pow_log of 10.0 and {b!r} (aᵇ·ln a) overflows" in str(caught.value)


def test_pow_slope_beyond_the_largest_float_keeps_its_sign_at_a_tiny_negative_base() -> None:
    """y = a⁻¹ at a = −1e-300 is −1e300, and dy/da = −a⁻² = −1e600 (closed form): beyond
    a float, so −inf — negative, as a⁻² > 0 whatever a's sign (b − 1 = −2 is even)."""
    y = Value(-1e-300) ** -1.0
    assert y.data == pytest.approx(-1e300, rel=1e-15)
    assert y.local_grads == (-math.inf,)


def test_relu_of_negative_zero_is_positive_zero() -> None:
    """relu(−0.0) = max(−0.0, 0) is +0.0, the float rule's convention (the array rule's
    too: 0.0 wherever x ≤ 0, not x), in the value and in its sign bit."""
    y = Value(-0.0).relu()
    assert y.data == 0.0 and math.copysign(1.0, y.data) == 1.0


def test_pow_slope_at_a_positive_base_below_one_and_an_exponent_beyond_2_53_is_positive() -> None:
    """a = 1 − 7.9e-14, b = 2⁵³ + 2 (b − 1.0 rounds): y = aᵇ ≈ 6.1e-310 is subnormal, so
    the slope is b·a^(b − 1.0), and dy/da = b·aᵇ⁻¹ ≈ 5.46e-294 (mpmath) is positive — only
    a negative base takes the odd power's sign (b − 1 is odd, its rounding even)."""
    a, b = 1 - 7.9e-14, 2.0**53 + 2
    with mpmath.workdps(60):
        want = float(mpmath.mpf(b) * mpmath.mpf(a) ** (mpmath.mpf(b) - 1))
    (slope,) = (Value(a) ** b).local_grads
    assert slope == pytest.approx(want, rel=1e-11, abs=0.0)


def test_pow_log_at_a_zero_base_is_refused_by_its_domain_check() -> None:
    """pow_log(a, b) = aᵇ·ln a needs a > 0: ln 0 does not exist. At a = 0 the check refuses
    it (DomainError, reason pow_log_not_positive) rather than letting ``math.log(0.0)``'s
    own error out of the check."""
    from autograd_mini import DomainError, apply

    with pytest.raises(DomainError) as caught:
        apply("pow_log", Value(0.0), Value(2.0))
    assert caught.value.reason == "pow_log_not_positive"
    assert "aᵇ·ln a needs a > 0" in str(caught.value)
