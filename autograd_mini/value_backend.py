"""The op table's rules evaluated on Values — used to differentiate a derivative.

When ``create_graph=True`` the local derivative of, say, ``sin`` must itself be a
node (``cos x``) so that a second backward pass can go through it. This backend gives
the table's rules Value versions of the elementary functions; a plain number stays a
plain number (it is a constant).

The function named after an op applies that op (:func:`~autograd_mini.value.apply`)
to a Value and its float kernel to a plain number, so every row of the table, one
registered later included, works here without a line in this file.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from autograd_mini.finite import FLOAT_EXACT
from autograd_mini.ops import (
    _NORMAL,
    FLOAT,
    OPS,
    Backend,
    Op,
    exponent_rounds,
    flips_sign,
    slope_overflows_only_inside,
)
from autograd_mini.read_watch import READ_WATCH
from autograd_mini.unbounded import limit_term
from autograd_mini.value import Value, apply, describe, number_of

__all__ = ["VALUE", "ValueBackend"]


def _lift(op: Op, float_fn: Callable[..., Any]) -> Callable[..., Any]:
    """The op on Values (a node), its float kernel when every input is a plain number."""

    def fn(*xs: Any) -> Any:
        if any(isinstance(x, Value) for x in xs):
            return apply(op, *xs)
        return float_fn(*xs)

    fn.__name__ = op.name
    return fn


def _constant_here(v: Any, says: str) -> None:
    """A rule is about to return a plain number chosen by ``v``'s own number (a branch
    on it): right here, but a recording ``trace`` keeps the number, not the branch, and
    would replay it for every sample — so the trace's read watch is asked, as for a
    ``float(v)`` in the traced function (it refuses when ``v`` depends on an input or a
    parameter). ``says`` is which derivative is that constant, and why. Outside a trace
    (or a constant ``v``) nothing happens."""
    watch = READ_WATCH.get()
    if watch is not None and isinstance(v, Value):
        watch(v, says, "derivative")


class ValueBackend(Backend):
    """Elementary functions on Values (and on plain numbers, as constants).

    Every function an op names is that op applied (``m.step(a)``, relu's slope, is a
    ``step`` node). The helpers below branch on their inputs' numbers only where the
    result then holds at every point the branch is taken (a graph, or a term a trace
    refuses), or ask :func:`_constant_here` before a constant chosen by a number."""

    @classmethod
    def kernel(cls, op: Op) -> Callable[..., Any] | None:
        return None if op.kernels is None else _lift(op, op.kernels.float)

    @staticmethod
    def pow_exponent_slope(a: Any, b: Value, y: Value) -> Any:
        # pow's rule asks for ∂y/∂b only where b is an input (a Value; a constant
        # exponent has no derivative taken) and y the node, and only where the stored
        # float slope is finite (so a ≥ 0, and y = 0 at a = 0)
        ad = a._data if isinstance(a, Value) else a
        if ad == 0.0:  # y = 0ᵇ = 0, b > 0: the limit 0 of aᵇ·ln a
            return _log_limit(y, a, b) if isinstance(a, Value) else 0.0  # a constant 0: 0ᵇ ≡ 0
        if isinstance(a, Value):  # one node: y·ln a lost aᵇ⁻¹ from ∂/∂a where y underflows
            return apply(OPS["pow_log"], a, b)
        return y * FLOAT.log(a)  # a constant base: only derivatives in b, y's own

    @staticmethod
    def pow_slope(a: Any, b: Any, y: Any = None) -> Any:
        # y is not used: b·y/a (the float rule's, more precise) would be one graph here
        # and another where y is 0 or subnormal, and a graph must hold at every point
        if not isinstance(b, Value) and b == 0.0:
            return 0.0  # a constant exponent 0: a⁰ ≡ 1
        if not (isinstance(a, Value) or isinstance(b, Value)):
            return FLOAT.pow_slope(a, b)
        ad = a._data if isinstance(a, Value) else a
        bd = b._data if isinstance(b, Value) else b
        if bd == 0.0 and ad == 0.0:
            return _zero_power_slope(a, b)
        if slope_overflows_only_inside(ad, bd) and math.isinf(FLOAT.pow(ad, bd - 1.0)):
            h = a ** ((b - 1.0) / 2.0)  # aᵇ⁻¹ would be a node beyond the largest float
            return (b * h) * h
        if isinstance(a, Value) and not isinstance(b, Value) and _NORMAL <= ad < math.inf:
            halves = _slope_out_of_range(ad, b)
            if halves or exponent_rounds(b):
                return _positive_base_slope(a, b, halves)
        slope = b * a ** (b - 1.0)
        if not isinstance(b, Value):
            # b − 1.0 rounded (b > 2⁵³ or b ≤ −2⁵³: b − 1 is odd and beyond 2⁵³ in size, where
            # every float is even): a^(b − 1.0) is an even power where b − 1 is odd,
            # and sign(a) (a node, so the graph holds at every a) puts its sign back
            return slope if b - (b - 1.0) == 1.0 else slope * apply(OPS["sign"], a)
        if bd - (bd - 1.0) != 1.0 and abs(bd) >= FLOAT_EXACT:
            # (b − 1.0 rounds for a b of small size too, −0.045, whose base is never
            # negative: a negative base needs a whole b, whose b − 1.0 is exact from
            # −2⁵³ + 1 to 2⁵³: 2⁵³ − 1 and −2⁵³ are floats, −2⁵³ − 1 is not)
            _constant_here(
                b,
                f"b − 1.0 is rounded at b = {bd!r} (b − 1 is odd and beyond 2⁵³ in size, "
                f"where every float is even), so the sign of pow's "
                f"∂y/∂a = b·aᵇ⁻¹ for a negative base is chosen at the example "
                f"(a = {ad!r}), not by the graph",
            )
        # −a^(b − 1.0) is the odd power's graph near a < 0 (its own slope, again pow's rule)
        return -slope if flips_sign(ad, bd) else slope

    @staticmethod
    def sigmoid_gap(a: Any, b: Any) -> Any:
        if not (isinstance(a, Value) or isinstance(b, Value)):
            return FLOAT.sigmoid_gap(a, b)
        gap = (a._data if isinstance(a, Value) else a) - (b._data if isinstance(b, Value) else b)
        if gap - gap != 0.0:
            # a − b is beyond the largest float: σ is 1 or 0 to the last bit, and every
            # derivative of it (a multiple of σ(a − b)σ(b − a) < e^(−1.7e308)) is 0, so
            # a constant says it all — the node a − b could not be made (OpOverflow)
            says = (
                f"a − b is beyond the largest float at a = {number_of(a)!r}, "
                f"b = {number_of(b)!r}, so σ(a − b) (logaddexp's derivative) is the "
                f"constant {1.0 if gap > 0.0 else 0.0!r} there"
            )
            for v in (a, b):
                _constant_here(v, says)
            return 1.0 if gap > 0.0 else 0.0
        return (a - b).sigmoid()

    @staticmethod
    def sigmoid_slope_scaled(k: float, a: Any) -> Any:
        if not isinstance(a, Value):
            return FLOAT.sigmoid_slope_scaled(k, a)
        x = k * a._data
        if x - x != 0.0:
            # k·a is beyond the largest float: σ′ is 0 to the last bit and so is every
            # derivative, as for sigmoid_gap — the node k·a could not be made
            _constant_here(
                a,
                f"{k:g}·a is beyond the largest float at a = {a._data!r}, so σ′({k:g}·a) "
                f"(tanh's derivative is 4σ′(2a)) is the constant 0 there",
            )
            return 0.0
        return apply("sigmoid_slope", k * a)

    @staticmethod
    def leaky_relu(a: Any, s: Any) -> Any:
        # Its own definition: with a constant input and a Value slope, the derivative
        # graph is s·a (or a), not a leaky_relu node of a constant.
        if isinstance(a, Value):
            return a.leaky_relu(s)
        if isinstance(s, Value):
            return s * a if a <= 0 else a
        return FLOAT.leaky_relu(a, s)


def _slope_out_of_range(a: float, b: float) -> bool:
    """Whether the node aᵇ⁻¹ (a > 0, b a constant), or its slope (b − 1)·aᵇ⁻², would be
    beyond the normal floats — subnormal, 0 or infinite: at a = 1e130, b = −0.5 that slope
    is 1.5e-325, 0.0, and the third derivative of (v·1e130)^0.5 came out 0, not 3.75e64,
    though the slope times the gradient it multiplies, (1e130)³, is a float (at
    a = 1e-100, b = −2.5, it is 1e350: the fourth derivative of (v·1e-100)^0.5 was
    refused as infinite)."""
    if b == 1.0:
        return False
    for x in (FLOAT.pow(a, b - 1.0), (b - 1.0) * FLOAT.pow(a, b - 2.0)):
        if not _NORMAL <= abs(x) < math.inf:
            return True
    return False


def _positive_base_slope(a: Value, b: float, halves: bool) -> Value:
    """pow's ∂y/∂a = b·aᵇ⁻¹ for a > 0 and a constant b. With ``halves`` (the node aᵇ⁻¹ or
    its slope would be beyond the normal floats, :func:`_slope_out_of_range`) as (b·h)·h,
    h = a^((b − 1)/2): h and its slope are nearer 1, and each order of derivatives halves
    the exponent again, towards −1. Where b − 1.0 is rounded (b = 1/3) the lost part
    e = (b − 1) − (b − 1.0) comes back as the factor aᵉ: the rounding times ln a cost
    ~100 ulps from the second derivative on at a = 1e100."""
    s = b - 1.0
    if halves:
        h = a ** (s / 2.0)
        slope = (b * h) * h
    else:
        slope = b * a**s
    if exponent_rounds(b):
        bb = s - b  # Knuth's two-sum: s + e = b + (−1) exactly
        e = (b - (s - bb)) + (-1.0 - bb)
        if abs(e * FLOAT.pow(a._data, e - 1.0)) >= _NORMAL:  # else its slope is noise
            slope = slope * a**e
    return slope


def _zero_power_slope(a: Any, b: Value) -> Any:
    """pow's ∂y/∂a = b·aᵇ⁻¹ at a = 0 for an exponent that is a Value worth 0: 0, as the
    float rule has it (a⁰ ≡ 1) — but b·a^(b − 1.0) made the node 0 ** −1 and raised a
    DivisionByZero about a power nobody wrote. The 0 holds for every a while b = 0, so
    its derivatives in a are 0; its derivative in b, aᵇ⁻¹·(1 + b·ln a), is +∞ at a = 0.
    So: a term worth 0 whose slope in b is +∞ (refused when a gradient or tangent has to
    go through it), times e^a (1 here) for a Value base, so that its derivatives in a, 0
    as well, keep the term and its refusal."""
    inputs = (
        f"inputs {describe(a)} and {describe(b)}"
        if isinstance(a, Value)
        else (f"input {describe(b)}")
    )
    says = (
        f"pow's ∂y/∂a = b·aᵇ⁻¹ at a = 0, b = 0 ({inputs}) is taken as 0 (a⁰ ≡ 1 while "
        f"b = 0), but its derivative with respect to b, aᵇ⁻¹·(1 + b·ln a), is +∞ there"
    )
    term: Value = limit_term(b, math.inf, says)
    return term * a.exp() if isinstance(a, Value) else term


def _log_limit(y: Value, a: Value, b: Value) -> Value:
    """pow's ∂y/∂b = aᵇ·ln a at a = 0 < b, for a base that is a Value: 0, its limit — but
    not a constant. Its derivatives in a, ~aᵇ⁻ⁿ·ln a, are 0 for n < b and infinite for
    n ≥ b (∂/∂a = aᵇ⁻¹(b·ln a + 1) is −∞ for b ≤ 1), whatever derivatives in b come with
    them; the constant 0 gave ∂²(aᵇ)/∂a∂b = 0 at b = 1, where it is −∞.

    Written as aᵏ·T with k = ⌈b⌉ − 1 and T = aᶜ·ln a, c = b − k in (0, 1]: T is a term
    worth 0 whose slope is −∞ (:func:`~autograd_mini.unbounded.limit_term`), so a non-zero
    gradient or tangent through it is refused, and aᵏ's factor 0 keeps the derivatives of
    order n ≤ k at 0. For k ≥ 1 T hangs on q = a·a (T = q^(c/2)·ln q / 2, the same
    function): forward mode's tangent into it, 2a·ȧ, is 0 as reverse mode's gradient into
    it (aᵏ·ḡ) is, so hvp and hessian give ∂²/∂a∂b = 0 at b ≥ 2 as grad does (on a, every
    tangent into T was refused). T is multiplied by e^(b − b₀) (1 here): T's derivatives
    in b, 0 at a = 0 as well, keep T and its refusal."""
    bd = b._data
    k = max(math.ceil(bd) - 1, 0)  # bd > 0: 0ᵇ = 0 only there
    says = (
        f"pow's ∂y/∂b = aᵇ·ln a at a = 0, b = {bd!r} ({describe(y)}, input "
        f"{describe(a)}) is taken as its limit 0, but its derivatives with respect to a "
        f"of order {k + 1} and above (~aᵇ⁻ⁿ·ln a, n ≥ b) are infinite there"
    )
    term = limit_term(a if k == 0 else a * a, -math.inf, says) * (b - bd).exp()
    return term if k == 0 else term * (a if k == 1 else a ** float(k))


VALUE = ValueBackend()
