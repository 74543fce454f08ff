"""The op table's helpers (kernels, slope helpers, domain checks) at the points a
mutation round found untested: each test compares with an independent oracle (numpy
on plain floats, mpmath, a closed form), not with the code under test.

Each docstring says which wrong version of a helper the test catches: a hand-made
mutant of ``autograd_mini/ops.py`` that every other test let through (the commit that
added the test lists them). The table's rows themselves are driven through every
per-op test by ``tests/op_cases.py``.
"""

from __future__ import annotations

import math
import struct

import mpmath
import numpy as np
import pytest

from autograd_mini import Value
from autograd_mini.numpy_backend import NUMPY
from autograd_mini.ops import FLOAT


def test_clip_keeps_the_sign_of_a_negative_zero_bound() -> None:
    """np.clip(5.0, −1.0, −0.0) is −0.0 in numpy's own float loop (the oracle); the
    Value np.clip gives holds the bound it chose, its sign bit included (``float(c) +
    0.0·a`` gave +0.0)."""
    want = np.clip(5.0, -1.0, -0.0)
    got = np.clip(Value(5.0), -1.0, -0.0)
    assert math.copysign(1.0, want) == -1.0
    assert got.data == 0.0 and math.copysign(1.0, got.data) == -1.0


KINKS = [math.nan, -0.0, 0.0, math.inf, -math.inf, 2.5, -2.5]
S = -0.5  # a negative slope: s·(±0) has the other sign, so x and s·x differ at the kink
NAN = math.nan


def _bits(x: float) -> bytes:
    return b"nan" if math.isnan(x) else struct.pack("<d", x)


@pytest.mark.parametrize(
    ("name", "by_hand"),
    [
        # relu: x where x > 0 else +0.0 (relu(−0.0) is +0.0, as test_ops pins for floats)
        ("relu", [0.0, 0.0, 0.0, math.inf, 0.0, 2.5, 0.0]),
        # min_zero: 0 where x > 0 else x — −0.0 stays −0.0, nan stays nan
        ("min_zero", [NAN, -0.0, 0.0, 0.0, -math.inf, 0.0, -2.5]),
        # leaky_relu(x, s): x where x > 0 else s·x, with s = −0.5
        ("leaky_relu", [NAN, 0.0, -0.0, math.inf, math.inf, 2.5, 1.25]),
        # leaky_slope(x, s): 1 where x > 0 else s, the kink x = 0 included
        ("leaky_slope", [S, S, S, 1.0, S, 1.0, S]),
    ],
)
def test_the_piecewise_kernels_follow_their_definition_at_zeros_nan_and_infinities(
    name: str, by_hand: list[float]
) -> None:
    """relu, min_zero, leaky_relu and leaky_slope at ±0, nan and ±inf, bit for bit (the
    sign of a zero included), on floats and on arrays, against the definitions by hand.
    A rule written ``x >= 0`` (−0.0 gave −0.0 for relu, 1 for leaky_slope at the kink),
    ``np.maximum``/``max`` (relu(−0.0) = −0.0, relu(nan) = nan) or ``x >= 0`` in leaky_relu
    (x, not s·x, at ±0) disagreed with it; the trace's replay uses the arrays, the eager
    engine the floats, and a replay must give the eager engine's numbers."""
    extra = (S,) if name in ("leaky_relu", "leaky_slope") else ()
    got = getattr(NUMPY, name)(np.array(KINKS), *extra).tolist()
    for x, g, want in zip(KINKS, got, by_hand, strict=True):
        assert _bits(g) == _bits(want), (name, "array", x, g)
        f = getattr(FLOAT, name)(x, *extra)
        assert _bits(f) == _bits(want), (name, "float", x, f)


@pytest.mark.parametrize("a", [-1e-120, 1e-120])
def test_pow_slope_beyond_the_largest_float_has_the_sign_of_its_closed_form(a: float) -> None:
    """y = a⁻² = 1e240 is a float, dy/da = −2a⁻³ = ∓2e360 is not: ±inf, with the sign of
    the closed form (mpmath) — +inf at a negative base, where the odd power a⁻³ is
    negative (an overflow taken as +inf whatever the power gave −inf there)."""
    want = mpmath.mpf(-2) * mpmath.mpf(a) ** -3
    assert abs(want) > mpmath.mpf(1.7976931348623157e308)
    y = Value(a) ** -2.0
    assert y.data == pytest.approx(1e240, rel=1e-15)
    assert y.local_grads == (math.copysign(math.inf, float(want)),)


def test_pow_slope_at_a_zero_base_and_a_huge_even_exponent_is_positive_zero() -> None:
    """d/da a^b = b·a^(b−1) at a = 0, b = 2⁵³ + 2 (b − 1.0 rounds): b·0^(b−1) = +0 (closed
    form: a positive b times +0). Only a negative base takes the odd power's sign; a
    zero base taken as one gave −0.0."""
    (slope,) = (Value(0.0) ** (2.0**53 + 2)).local_grads
    assert slope == 0.0 and math.copysign(1.0, slope) == 1.0


def test_pow_log_slope_is_a_float_where_only_a_to_the_b_minus_one_overflows() -> None:
    """∂/∂a (aᵇ·ln a) = aᵇ⁻¹·(1 + b·ln a) (closed form, mpmath at 50 digits) at a = 1e-310,
    b = 0.0014: aᵇ⁻¹ ≈ 3.7e309 is beyond the largest float, the product ≈ 2.5e306 is not.
    Written as aᵇ⁻¹ first, (h·h)·(1 + b·ln a), it was inf."""
    from autograd_mini import apply

    a, b = 1e-310, 0.0014
    with mpmath.workdps(50):
        big = mpmath.mpf(a) ** (mpmath.mpf(b) - 1)
        want = float(big * (1 + mpmath.mpf(b) * mpmath.log(mpmath.mpf(a))))
        assert big > mpmath.mpf(1.7976931348623157e308)
    (slope_a, _) = apply("pow_log", Value(a), Value(b)).local_grads
    assert slope_a == pytest.approx(want, rel=1e-11)


@pytest.mark.parametrize("name", ["pow", "pow_log"])
@pytest.mark.parametrize(
    ("a", "b"),
    [(2.0, -math.inf), (0.5, math.inf), (2.0, math.nan), (math.inf, 2.0), (math.nan, 0.0)],
)
def test_pow_checks_refuse_a_nan_or_infinite_operand_on_either_side(
    name: str, a: float, b: float
) -> None:
    """``domain_message`` (public, and what a replay asks at a sample whose number is not
    finite) refuses a nan or infinite operand of pow and pow_log, the exponent's too:
    2^−∞ = 0 and 0.5^∞ = 0 are floats, so a check that looked at the base alone let them
    through (aᵇ·ln a = 0 there), and 2^nan gave nan."""
    from autograd_mini import OPS
    from autograd_mini.ops import domain_message

    message = domain_message(OPS[name], a, b)
    assert message is not None and "an operand is nan or infinite" in message


@pytest.mark.parametrize("x", [-710.9, -710.6, 705.0, 709.5, 710.6, 710.9, 745.0])
def test_sigmoid_and_tanh_slopes_where_cosh_overflows(x: float) -> None:
    """σ′(x) = e⁻ˣ/(1 + e⁻ˣ)² and tanh′(x/2) = sech²(x/2) from mpmath, around 710.48, where
    cosh x leaves the floats (math.cosh raises there): a slope of a few 1e-309, a
    subnormal, not an OverflowError; 0.0 only where the true slope is below the
    smallest subnormal (e^−745 ≈ 2e-324 rounds to 0). A rule that called cosh up to 711
    raised, one that gave 0.0 beyond 709 lost the tail."""
    X = mpmath.mpf(x)
    want_s = float(mpmath.exp(-abs(X)) / (1 + mpmath.exp(-abs(X))) ** 2)
    want_t = float(mpmath.sech(X / 2) ** 2)
    (s,) = Value(x).sigmoid().local_grads
    (t,) = Value(x / 2).tanh().local_grads
    # subnormal results carry fewer digits: within an ulp of the smallest subnormal
    assert s == pytest.approx(want_s, rel=1e-13, abs=1e-323)
    assert t == pytest.approx(want_t, rel=1e-13, abs=1e-323)


def test_exp_is_computed_up_to_the_last_float_whose_power_is_finite() -> None:
    """e^x is a float up to x = 709.782712893384 and not at the next float (mpmath): the
    first is computed (to mpmath's value), the second refused as an OpOverflow, the
    engine's own error, which tells the limit. A check written ``x < limit`` refused
    the last finite one; with a limit one too large, 710.0 reached math.exp and was told
    only as its "math range error"."""
    from autograd_mini.errors import OpOverflow

    big = mpmath.mpf(1.7976931348623157e308)
    last = 709.782712893384
    after = math.nextafter(last, math.inf)
    assert mpmath.exp(mpmath.mpf(last)) < big < mpmath.exp(mpmath.mpf(after))
    assert Value(last).exp().data == pytest.approx(float(mpmath.exp(mpmath.mpf(last))), rel=1e-15)
    for x in (after, 710.0):
        with pytest.raises(OpOverflow) as caught:
            Value(x).exp()
        assert f"largest finite: {last:.4f}" in str(caught.value)  # the limit, told


def test_a_replay_says_the_domain_error_a_registered_forward_raises_in_its_own_words() -> None:
    """A registered op with no ``check=`` whose float forward raises a DomainError of its
    own at a < 0 (and whose array kernel gives nan there): the eager engine raises that
    error as it is, and a trace's replay, meeting the nan at sample 1, asks the float
    forward and says the same words — not "its forward raised DomainError: …", the
    wording for a kernel's bare ValueError ("math domain error")."""
    from autograd_mini import DomainError, apply, trace
    from autograd_mini.ops import Kernels, Op, register, unregister

    words = "halflog needs a ≥ 0 (its own words)"

    def halflog(x: float) -> float:
        if x < 0.0:
            raise DomainError(f"halflog of {x!r}: {words}")
        return 0.5 * math.log1p(x)

    def halflog_array(x: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return np.asarray(0.5 * np.log1p(np.where(x < 0.0, np.nan, x)))

    register(
        Op("halflog", "½log1p", 1, lambda m, a: m.halflog(a),
           (lambda m, a, y: 0.5 / (1.0 + a),), kernels=Kernels(halflog, halflog_array))
    )  # fmt: skip
    try:
        with pytest.raises(DomainError, match=r"^halflog of -2\.0: halflog needs"):
            apply("halflog", Value(-2.0))
        w = Value(1.0)
        traced = trace(lambda r: apply("halflog", r[0] * w), [0.5], params=[w])
        with pytest.raises(DomainError) as caught:
            traced.backward(np.array([[0.5], [-2.0]]))
        assert words in str(caught.value)
        assert "its forward raised" not in str(caught.value)
    finally:
        unregister("halflog")
