"""A trace of a function that takes a derivative replays that derivative per sample.

A trace keeps the ops, not the Python that chose them: a rule on Values that read its
input's number and returned a plain constant (relu's slope 1 or 0, |a|'s ±1, tanh's 0
where 2a overflows) was frozen at the example — ``trace(lambda x: grad(relu)(x[0]),
[2.0])`` replayed 1.0 at −2. relu's and abs's slopes are ops now (``step``, ``sign``),
replayed per sample; a rarer constant (an overflow, a rounded exponent) is refused while
recording, naming the derivative and why. Oracles: closed forms (relu′ = [a > 0],
|a|′ = sign a, tanh′ = 1 − tanh²).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

import numpy as np
import pytest

from autograd_mini import Value, grad, hessian, hvp, jvp
from autograd_mini.trace import UntraceableRead, trace

POINTS = [-3.0, -2.0, -0.75, -0.5, -1e-3, 1e-3, 0.5, 0.75, 2.0, 3.0]
EXAMPLES = [-2.0, 2.0]


def _replayed(f: Callable[[list[Value]], Value], example: float) -> list[float]:
    traced = trace(f, [example])
    return [float(v) for v in traced.forward(np.array([[p] for p in POINTS])).ravel()]


def _heaviside(a: float) -> float:
    return 1.0 if a > 0 else 0.0


def _sign(a: float) -> float:
    return math.copysign(1.0, a) if a else 0.0


FIRST: dict[str, tuple[Callable[[Value], Value], Callable[[float], float]]] = {
    "relu": (Value.relu, _heaviside),
    "abs": (abs, _sign),
    "leaky_relu": (lambda t: t.leaky_relu(0.25), lambda a: 1.0 if a > 0 else 0.25),
    "tanh": (Value.tanh, lambda a: 1.0 - math.tanh(a) ** 2),
}


@pytest.mark.parametrize("example", EXAMPLES)
@pytest.mark.parametrize("name", sorted(FIRST))
def test_a_traced_grad_replays_the_derivative_of_every_sample(name: str, example: float) -> None:
    g, oracle = FIRST[name]
    got = _replayed(lambda x: grad(g)(x[0]), example)
    assert got == pytest.approx([oracle(p) for p in POINTS], rel=1e-14, abs=1e-15), name


#: f, and its second derivative in closed form
SECOND: dict[str, tuple[Callable[[Value], Value], Callable[[float], float]]] = {
    "x·relu x": (lambda t: t * t.relu(), lambda a: 2.0 * _heaviside(a)),
    "x·|x|": (lambda t: t * abs(t), lambda a: 2.0 * _sign(a)),
    "tanh": (Value.tanh, lambda a: -2.0 * math.tanh(a) * (1.0 - math.tanh(a) ** 2)),
}


@pytest.mark.parametrize("example", EXAMPLES)
@pytest.mark.parametrize("name", sorted(SECOND))
def test_traced_second_derivatives_replay_per_sample(name: str, example: float) -> None:
    """grad of grad, hessian, hvp and jvp of grad, each traced at one example."""
    f, oracle = SECOND[name]
    want = pytest.approx([oracle(p) for p in POINTS], rel=1e-13, abs=1e-15)
    ways: dict[str, Callable[[list[Value]], Value]] = {
        "grad of grad": lambda x: grad(grad(f))(x[0]),
        "hessian": lambda x: hessian(f)(x[0])[0][0],
        "hvp": lambda x: hvp(f, (x[0],), (1.0,))[0],
        "jvp of grad": lambda x: jvp(grad(f), (x[0],), (1.0,))[1],
    }
    for way, traced_f in ways.items():
        assert _replayed(traced_f, example) == want, (name, way)


def test_a_tanh_derivative_that_is_a_constant_at_the_example_is_refused() -> None:
    """At a = 1e308, 2a is beyond the largest float and tanh's slope is the constant 0:
    traced there, it replayed 0.0 at 0.3 (tanh′(0.3) = 0.915). Eager, it is still 0."""
    with pytest.raises(UntraceableRead) as refused:
        trace(lambda x: grad(Value.tanh)(x[0]), [1e308])
    message = str(refused.value)
    assert message.startswith("trace: ")
    assert "2·a is beyond the largest float at a = 1e+308" in message
    assert "tanh's derivative" in message and "constant 0" in message
    assert "trace at another example" in message
    assert grad(Value.tanh)(1e308) == 0.0
    assert grad(grad(Value.tanh))(1e308) == 0.0
    traced = trace(lambda x: grad(Value.tanh)(x[0]), [0.3])  # elsewhere: fine
    assert traced.forward(np.array([[0.3], [-1.0]])).ravel().tolist() == pytest.approx(
        [1.0 - math.tanh(0.3) ** 2, 1.0 - math.tanh(1.0) ** 2], rel=1e-14
    )


def test_a_logaddexp_weight_that_is_a_constant_at_the_example_is_refused() -> None:
    """σ(a − b) with a − b beyond the largest float is the constant 1 (or 0)."""

    def f(x: list[Value]) -> Value:
        return grad(lambda a: a.logaddexp(x[1]))(x[0])

    with pytest.raises(UntraceableRead, match=r"a − b is beyond the largest float.*logaddexp"):
        trace(f, [1e308, -1e308])
    assert grad(lambda a: a.logaddexp(Value(-1e308)))(1e308) == 1.0  # eager: as before
    traced = trace(f, [1.0, 2.0])
    got = traced.forward(np.array([[1.0, 2.0], [3.0, -1.0]])).ravel().tolist()
    assert got == pytest.approx([1 / (1 + math.exp(1.0)), 1 / (1 + math.exp(-4.0))], rel=1e-14)


def test_pow_s_slope_beyond_2_to_the_53_keeps_a_negative_base_s_sign_in_a_trace() -> None:
    """x^b with b = 2⁵³ + 2, a float whose b − 1.0 rounds to an even number: the slope at
    x = −1 is b·(−1)^(b − 1) = −b. Traced at x = 1 it replayed +b there."""
    b = 2.0**53 + 2.0
    traced = trace(lambda x: grad(lambda t: t**b)(x[0]), [1.0])
    assert traced.forward(np.array([[1.0], [-1.0]])).ravel().tolist() == [b, -b]
    assert [grad(lambda t: t**b)(a) for a in (1.0, -1.0)] == [b, -b]


@pytest.mark.parametrize("example_b", [-0.045, 1 / 3, -3.3, 0.3])
def test_a_small_value_exponent_whose_b_minus_1_rounds_is_traced(example_b: float) -> None:
    """b − 1.0 rounds for b = −0.045 (b − (b − 1.0) is 0.9999999999999999), though b is far
    below 2⁵³ and the base u² + ½ is positive: the trace was refused, "b − 1.0 is rounded
    at b = -0.045 (beyond 2⁵³) … for a negative base". Closed form: d/du (u² + ½)^b =
    b·(u² + ½)^(b − 1)·2u, per sample."""

    def f(x: list[Value]) -> Value:
        return grad(lambda u: (u * u + 0.5) ** x[0])(x[1])

    traced = trace(f, [example_b, 0.3], check=True)
    rows = [[-0.045, 0.3], [1 / 3, -1.2], [2.5, 0.7], [-3.3, 2.0]]
    got = traced.forward(np.array(rows)).ravel().tolist()
    want = [b * (u * u + 0.5) ** (b - 1) * 2 * u for b, u in rows]
    assert got == pytest.approx(want, rel=1e-14)


def test_a_value_exponent_beyond_2_to_the_53_is_refused_while_recording() -> None:
    """With the exponent a Value, the sign fix for a negative base is a branch on its
    number: refused, whichever sign the example's base has."""
    b = 2.0**53 + 2.0
    for a in (-1.0, 1.0):
        with pytest.raises(UntraceableRead, match=r"b − 1\.0 is rounded.*pow's ∂y/∂a"):
            trace(lambda x: grad(lambda s, t: s**t)(x[0], x[1]), [a, b])
    assert grad(lambda s, t: s**t)(-1.0, Value(b)).data == -b  # eager: as before


@pytest.mark.parametrize("offset", [-1, 0, 2], ids=["2**53 - 1", "2**53", "2**53 + 2"])
@pytest.mark.parametrize("sign", [1, -1], ids=["b > 0", "b < 0"])
def test_the_refusal_of_a_rounded_b_minus_1_is_said_exactly_where_it_rounds(
    sign: int, offset: int
) -> None:
    """Which whole exponents b make b − 1.0 round, asked of integers (Fraction): b − 1 is
    not a float. That is b ≥ 2⁵³ + 2 and b ≤ −2⁵³ (−2⁵³ − 1 is odd and beyond 2⁵³ in size),
    not 2⁵³ (2⁵³ − 1 is a float). The trace refuses exactly those, and its words held
    for them all: at b = −2⁵³ it said "(beyond 2⁵³)", which −2⁵³ is not."""
    exact = sign * (2**53 + offset)
    b = float(exact)
    assert b == exact  # each is a float
    rounds = Fraction(b - 1.0) != exact - 1
    assert rounds == (exact >= 2**53 + 2 or exact <= -(2**53))

    def f(x: list[Value]) -> Value:
        return grad(lambda s, t: s**t)(x[0], x[1])

    if not rounds:
        traced = trace(f, [-1.0, b])
        got = traced.forward(np.array([[1.0, b], [-1.0, b]])).ravel().tolist()
        # b·a^(b − 1) by hand: b at a = 1; at a = −1 the sign of an odd or even b − 1
        assert got == [b, b * (-1.0 if (exact - 1) % 2 else 1.0)]
        return
    with pytest.raises(UntraceableRead) as info:
        trace(f, [-1.0, b])
    said = str(info.value)
    assert f"b − 1.0 is rounded at b = {b!r} (b − 1 is odd and beyond 2⁵³ in size" in said
    assert abs(exact - 1) > 2**53 and (exact - 1) % 2 == 1  # what it says, by integers
