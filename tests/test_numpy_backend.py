"""The numpy backend against the float backend (math module), element by element.

The float backend is the eager engine's, written with ``math``; agreement on every
element — including the kinks, zeros and huge arguments — is what lets a traced replay
give the eager engine's numbers. The op-table rules are then run on arrays and compared
with the same rules run on floats, for every op in ``OPS``.
"""

from __future__ import annotations

import math
import struct
import warnings

import mpmath
import numpy as np
import pytest

from autograd_mini import OPS, Value
from autograd_mini.numpy_backend import NUMPY, QUIET_NUMPY, NumpyBackend, QuietNumpyBackend
from autograd_mini.ops import (
    FLOAT,
    Arg,
    DotArg,
    Op,
    SumArg,
    domain_message,
    local_derivatives,
    replay_forward,
)
from autograd_mini.value_backend import VALUE

GRID = [-800.0, -40.0, -3.5, -1.0, -1e-300, -0.0, 0.0, 1e-300, 0.25, 1.0, 2.0, 40.0, 800.0]
UNARY = [
    "exp",
    "log",
    "sqrt",
    "sin",
    "cos",
    "tanh",
    "sigmoid",
    "softplus",
    "relu",
    "abs",
    "step",
    "sign",
]


def _float_or_nan(fn: object, *args: float) -> float:
    try:
        return float(fn(*args))  # type: ignore[operator]  # a backend function
    except (ValueError, OverflowError):  # math raises where numpy gives nan/inf
        return math.nan


@pytest.mark.parametrize("name", UNARY)
def test_unary_functions_match_math(name: str) -> None:
    xs = np.array(GRID)
    with np.errstate(all="ignore"):
        got = getattr(NUMPY, name)(xs)
    for x, g in zip(GRID, got.tolist(), strict=True):
        want = _float_or_nan(getattr(FLOAT, name), x)
        if math.isnan(want):
            continue  # outside the domain: the engine raises before computing
        assert g == pytest.approx(want, rel=1e-15, abs=1e-300), (name, x)


def test_sigmoid_is_overflow_free_and_exact_in_the_tails() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow in exp would warn
        got = NUMPY.sigmoid(np.array([-800.0, -40.0, 0.0, 40.0, 800.0]))
    assert got[2] == 0.5
    assert got[1] == pytest.approx(math.exp(-40.0), rel=1e-15)  # σ(−40) ≈ e⁻⁴⁰
    assert got[0] == 0.0 or got[0] < 1e-300
    assert got[4] == 1.0


def test_kink_conventions() -> None:
    zero = np.array([0.0, -0.0])
    assert NUMPY.step(zero).tolist() == [0.0, 0.0]
    assert NUMPY.sign(zero).tolist() == [0.0, 0.0]
    assert NUMPY.relu(np.array([-2.0, 0.0, 3.0])).tolist() == [0.0, 0.0, 3.0]
    assert NUMPY.leaky_relu(np.array([-2.0, 0.0, 3.0]), 0.1).tolist() == [-0.2, 0.0, 3.0]


@pytest.mark.parametrize("name", ["step", "sign"])
def test_the_slopes_match_their_float_twins_at_nan_zeros_and_infinities(name: str) -> None:
    """sign on arrays was np.sign, which gives nan for nan where the float rule gives 0.0
    (nan > 0 and nan < 0 are both false): the replay's abs slope was nan where the eager
    engine's was 0. Both slopes now match their float twins bit for bit at nan, ±0 and
    ±∞, in float64 and float32. Oracle: the definitions, by hand (step: 1 where x > 0
    else 0; sign: 1, −1 where x > 0, x < 0, else 0), then the float backend."""
    xs = [math.nan, -0.0, 0.0, math.inf, -math.inf, 2.5, -2.5]
    by_hand = {
        "step": [0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0],
        "sign": [0.0, 0.0, 0.0, 1.0, -1.0, 1.0, -1.0],
    }[name]
    for dtype in (np.float64, np.float32):
        got = getattr(NUMPY, name)(np.array(xs, dtype=dtype))
        for x, g, want in zip(xs, got.tolist(), by_hand, strict=True):
            twin = getattr(FLOAT, name)(x)
            assert struct.pack("<d", g) == struct.pack("<d", want), (name, dtype, x, g)
            assert struct.pack("<d", twin) == struct.pack("<d", want), (name, x, twin)


def test_binary_functions_match_math() -> None:
    a = np.array([0.5, 2.0, -2.0, 3.0, -1.5])
    b = np.array([2.0, -1.0, 3.0, 0.5, 0.0])
    got_pow = NUMPY.pow(a, b).tolist()
    got_leaky = NUMPY.leaky_relu(a, b).tolist()
    for i in range(5):
        assert got_pow[i] == pytest.approx(FLOAT.pow(a[i], b[i]), rel=1e-15)
        assert got_leaky[i] == FLOAT.leaky_relu(float(a[i]), float(b[i]))


def _points(op: Op, rng: np.random.Generator, n: int) -> list[np.ndarray]:
    """n points per input inside the op's domain (by the op's own domain check)."""
    arity = 2 if op.arity == 2 else 1
    cols: list[list[float]] = [[] for _ in range(arity)]
    while len(cols[0]) < n:
        xs = [float(v) for v in rng.uniform(-3, 3, size=arity)]
        if op.name == "pow":
            xs[0] = abs(xs[0]) + 0.1  # a Value exponent needs a positive base
        if domain_message(op, *xs) is None and all(abs(x) > 0.05 for x in xs):
            for c, x in zip(cols, xs, strict=True):
                c.append(x)
    return [np.array(c) for c in cols]


@pytest.mark.parametrize("backend", [NUMPY, QUIET_NUMPY], ids=["numpy", "quiet"])
@pytest.mark.parametrize("name", sorted(OPS))
def test_op_rules_on_arrays_match_floats(name: str, backend: NumpyBackend) -> None:
    """replay_forward and local_derivatives on arrays = on floats, element by element
    (the quiet backend as the replay runs it, with numpy's warnings off)."""
    op = OPS[name]
    rng = np.random.default_rng(sum(map(ord, name)))
    if op.arity == 0:
        parents = [rng.normal(size=8) for _ in range(5)]
        # dot: 2 pairs + 1 scaled term
        arg: Arg = DotArg(2, (1.5,), 0.25) if name == "dot" else SumArg(0.75)
    else:
        parents, arg = _points(op, rng, 8), None
    with np.errstate(all="ignore"):
        y = replay_forward(op, backend, parents, arg)
        ds = local_derivatives(op, backend, parents, y, arg)
    for i in range(8):
        row = [float(p[i]) for p in parents]
        want_y = replay_forward(op, FLOAT, row, arg)
        assert float(np.asarray(y)[i]) == pytest.approx(want_y, rel=1e-14, abs=1e-15)
        want_ds = local_derivatives(op, FLOAT, row, want_y, arg)
        got_ds = [float(np.broadcast_to(d, (8,))[i]) for d in ds]
        assert got_ds == pytest.approx(list(want_ds), rel=1e-14, abs=1e-15), name


def test_sigmoid_slope_is_exact_and_overflow_free_on_every_backend() -> None:
    """σ′ = σ(a)σ(−a) (the op sigmoid's rule makes) against mpmath, with no warning; the
    array kernel is 0.0 only where σ′ is below the smallest normal float."""
    xs = [-800.0, -745.0, -40.0, -3.5, -1e-300, 0.0, 1e-300, 1e-12, 0.25, 2.0, 40.0, 700.0]
    xs += [709.0, 720.0, 800.0, 1e308, -1e308]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = NUMPY.sigmoid_slope(np.array(xs))
    for x, g in zip(xs, got.tolist(), strict=True):
        with mpmath.workdps(40):
            e = mpmath.exp(-abs(mpmath.mpf(x)))
            want = float(e / (1 + e) ** 2)
        assert g == pytest.approx(want, rel=1e-15, abs=2.3e-308), x
        assert FLOAT.sigmoid_slope(x) == pytest.approx(want, rel=1e-15, abs=1e-320), x


def test_the_quiet_backend_leaves_numpy_s_error_state_to_its_caller() -> None:
    """NUMPY's kernels silence the overflow of e^±x, ln 0 and 0⁻¹ themselves;
    QUIET_NUMPY's do not (the replay has turned warnings off around the whole batch):
    under "raise" the same formula raises, so the quiet kernels really skip their
    errstate, and NUMPY's really set theirs."""
    x = np.array([-800.0, 0.5, 800.0])
    one, zero = np.array([1.0]), np.array([0.0])
    with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
        y = NUMPY.sigmoid(x)
        slope = NUMPY.sigmoid_slope(x)
        assert NUMPY.pow_exponent_slope(zero, one, one).tolist() == [-math.inf]
        assert NUMPY.pow_slope(zero, np.array([0.5])).tolist() == [math.inf]  # 0.5·0^−0.5
        for call in (
            lambda: QUIET_NUMPY.sigmoid(x),
            lambda: QUIET_NUMPY.sigmoid_slope(x),
            lambda: QUIET_NUMPY.pow_exponent_slope(zero, one, one),
            lambda: QUIET_NUMPY.pow_slope(zero, np.array([0.5])),
        ):
            with pytest.raises(FloatingPointError):
                call()
    assert y.tolist() == [0.0, 1 / (1 + math.exp(-0.5)), 1.0]
    assert slope[0] == slope[2] == 0.0


def test_an_op_without_a_quiet_kernel_replays_its_array_kernel_as_it_is() -> None:
    """Only a row's explicit ``quiet`` function replaces its array kernel: any other
    kernel, whatever it wraps, is what both numpy backends call."""
    for op in OPS.values():
        if op.kernels is None:
            continue
        want = op.kernels.quiet or op.kernels.array
        assert getattr(QuietNumpyBackend, op.name) is want, op.name
        assert getattr(NumpyBackend, op.name) is op.kernels.array, op.name


def test_sigmoid_gap_is_sigmoid_of_the_difference_even_where_it_overflows() -> None:
    """σ(a − b) against mpmath on every backend, a − b beyond the largest float included
    (1e308 − (−1e308)): 1 or 0 there, with no warning, and on Values no node of the
    infinite gap (a constant)."""
    pairs = [(1e308, -1e308), (-1e308, 1e308), (1e308, 1e308), (3.0, -2.5), (-700.0, 100.0)]
    a = np.array([p[0] for p in pairs])
    b = np.array([p[1] for p in pairs])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = NUMPY.sigmoid_gap(a, b).tolist()
    for (x, y), g in zip(pairs, got, strict=True):
        with mpmath.workdps(40):
            want = float(1 / (1 + mpmath.exp(mpmath.mpf(y) - mpmath.mpf(x))))
        assert g == pytest.approx(want, rel=1e-15, abs=1e-320), (x, y)
        assert FLOAT.sigmoid_gap(x, y) == pytest.approx(want, rel=1e-15, abs=1e-320)
        v = VALUE.sigmoid_gap(Value(x), Value(y))
        assert float(v.data if isinstance(v, Value) else v) == pytest.approx(
            want, rel=1e-15, abs=1e-320
        )


def test_sigmoid_slope_scaled_is_the_slope_at_the_multiple_even_where_it_overflows() -> None:
    """σ′(k·a) against mpmath on every backend, k·a beyond the largest float included
    (2·1e308): 0 there, with no warning; on Values the graph is k·a then σ′ (the one
    notebook 06 reads apart) and, where k·a overflows, a constant."""
    cases = [(2.0, 1e308), (-2.0, 1e308), (2.0, -1e308), (2.0, 0.75), (-2.0, 400.0)]
    ks = {k for k, _ in cases}
    for k in ks:
        xs = [a for kk, a in cases if kk == k]
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            got = NUMPY.sigmoid_slope_scaled(k, np.array(xs)).tolist()
        for a, g in zip(xs, got, strict=True):
            with mpmath.workdps(40):
                e = mpmath.exp(-abs(mpmath.mpf(k) * mpmath.mpf(a)))
                want = float(e / (1 + e) ** 2)
            assert g == pytest.approx(want, rel=1e-15, abs=1e-320), (k, a)
            assert FLOAT.sigmoid_slope_scaled(k, a) == pytest.approx(want, rel=1e-15, abs=1e-320)
            v = VALUE.sigmoid_slope_scaled(k, Value(a))
            if math.isfinite(k * a):
                assert isinstance(v, Value) and v.op == "sigmoid_slope"
                assert v.parents[0].op == "mul"
                assert v.data == pytest.approx(want, rel=1e-15, abs=1e-320)
            else:
                assert v == want


@pytest.mark.parametrize(
    ("a", "b"),
    # aᵇ⁻¹ overflows where b·aᵇ⁻¹ does not (a tiny, |b| < 1), and ordinary points
    [(1e-300, -0.03), (1e-310, 0.001), (5e-324, 0.9), (1e-300, 0.5), (2.0, 0.5), (3.0, 2.0)],
)
def test_pow_slope_is_a_float_wherever_the_product_is(a: float, b: float) -> None:
    """pow's ∂/∂a = b·aᵇ⁻¹ against mpmath on every backend and through backward(): at
    a = 1e-300, b = −0.03 it is −3.0e307, a float, but aᵇ⁻¹ ≈ 1e309 is not, and the
    rule computed b × inf: backward refused "∂y/∂a is -inf". The tolerance is the
    rounding of b − 1 times ln a (up to 7e-14 here), which every form of aᵇ⁻¹ pays."""
    with mpmath.workdps(50):
        want = float(mpmath.mpf(b) * mpmath.power(mpmath.mpf(a), mpmath.mpf(b) - 1))
    assert math.isfinite(want)
    close = {"rel": 2e-13}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert NUMPY.pow_slope(np.array([a, 2.0]), b)[0] == pytest.approx(want, **close)
        both = NUMPY.pow_slope(np.array([a, 2.0]), np.array([b, b]))
        assert both[0] == pytest.approx(want, **close)
    assert FLOAT.pow_slope(a, b) == pytest.approx(want, **close)
    v = VALUE.pow_slope(Value(a), b)
    assert float(v.data if isinstance(v, Value) else v) == pytest.approx(want, **close)
    x = Value(a)
    (x**b).backward()
    assert x.grad == pytest.approx(want, **close)


def test_pow_slope_stays_infinite_where_the_product_is() -> None:
    """|b| ≥ 1: an infinite aᵇ⁻¹ means an infinite slope (−1 · 1e300² at a = 1e-300,
    b = −1), still refused by backward as before."""
    from autograd_mini.errors import InfiniteDerivative

    assert FLOAT.pow_slope(1e-300, -1.0) == -math.inf
    assert NUMPY.pow_slope(np.array([1e-300]), -1.0)[0] == -math.inf
    x = Value(1e-300)
    with pytest.raises(InfiniteDerivative):
        (x**-1.0).backward()


@pytest.mark.parametrize(
    ("a", "b"), [(1e-300, 1 / 3), (1e-300, 0.1), (1e300, -1 / 3), (3e-250, 2.2), (7e250, 0.7)]
)
def test_pow_slope_of_a_constant_exponent_is_within_two_ulps_on_floats_and_arrays(
    a: float, b: float
) -> None:
    """d(xᵇ)/dx = b·xᵇ⁻¹ for a constant b was b·x^(b − 1.0): b − 1.0 is rounded (1/3 − 1)
    and the error is multiplied by |ln x| — 301 ulps at x = 1e-300, b = 1/3. From the
    stored y = xᵇ, b·y/x is within two ulps (mpmath's), eagerly and in a trace's replay."""
    import mpmath

    from autograd_mini import trace

    with mpmath.workdps(50):
        want = float(mpmath.mpf(b) * mpmath.power(mpmath.mpf(a), mpmath.mpf(b) - 1))
    ulp = math.ulp(want)
    v = Value(a)
    (v**b).backward()
    assert abs(v.grad - want) <= 2 * ulp, (v.grad, want)
    w = Value(a)
    traced = trace(lambda x: (w * x[0]) ** b, [1.0], params=[w])
    _, g = traced.backward(np.array([[1.0], [1.0]]))
    assert abs(float(g[0]) / 2 - want) <= 2 * ulp, (g, want)


@pytest.mark.parametrize(
    "b",
    [1 / 3, 0.1, 1e-20, -0.3, -1e-300, 0.0, 0.5, 0.75, 1.0, 2.5, 4.0, 1e300, 2.0**53, -(2.0**53)],
)
def test_exponent_rounds_is_true_exactly_where_b_minus_one_is_not_exact(b: float) -> None:
    """``exponent_rounds(b)`` against exact rationals: b − 1.0 as a float differs from
    the rational b − 1 (1/3, 0.1, tiny or huge b) — pow's slope then takes b·y/a — or is
    it (b from 0.5 up to 2⁵³), where b·a^(b − 1.0) is the closer. On floats and arrays."""
    from fractions import Fraction

    from autograd_mini.ops import exponent_rounds

    want = Fraction(b - 1.0) != Fraction(b) - 1
    assert bool(exponent_rounds(b)) is want
    assert exponent_rounds(np.array([b, 2.0])).tolist() == [want, False]


def test_pow_slope_of_a_whole_exponent_is_b_times_a_to_the_b_minus_one() -> None:
    """x⁴'s slope where x³ is a float exactly (x = k/2¹⁶, k odd of 17 bits: x³ has 51
    bits, x⁴ 68): b − 1.0 is exact, and 4·x^3.0 is exactly 4x³, as Fractions say; the
    stored y = x⁴ is rounded, and b·y/x (the form for a rounded b − 1.0) misses the last
    bit at most of these points. Eagerly, on the float rule and on arrays."""
    from fractions import Fraction

    xs = [k / 2.0**16 for k in range(2**16 + 1, 2**17, 2 * 1311)]
    want = [float(4 * Fraction(x) ** 3) for x in xs]
    got = []
    for x in xs:
        v = Value(x)
        (v**4.0).backward()
        got.append(v.grad)
    assert got == want
    assert [FLOAT.pow_slope(x, 4.0, x**4.0) for x in xs] == want
    a = np.array(xs)
    assert NUMPY.pow_slope(a, 4.0, a**4.0).tolist() == want
