"""Checks for notebook 01's exercises: a central difference, and a new op's local derivative."""

from __future__ import annotations

import math
import sys
from collections.abc import Callable

from autograd_mini import Value

from . import call, check, expect_close, msg

__all__ = ["check_central_difference", "check_local_derivative"]

Scalar = Callable[[float], float]
EPS = sys.float_info.epsilon  # the spacing of floats near 1, ε ≈ 2.2e-16


def check_central_difference(central_difference: Callable[[Scalar, float, float], float]) -> bool:
    """``central_difference(f, x, h)`` must be (f(x + h) − f(x − h)) / 2h.

    For x³ the central difference is exactly 3x² + h² (the x³ terms cancel), the forward
    one 3x² + 3xh + h²: the cases tell the two apart, and h is used as given.
    """

    def attempt() -> None:
        cases: list[tuple[str, Scalar, float, float, float]] = [
            ("x³", lambda x: x**3, 1.0, 1e-2, 3.0 + 1e-4),
            ("x³", lambda x: x**3, 2.0, 0.1, 12.0 + 0.01),
            ("sin", math.sin, 0.5, 1e-3, (math.sin(0.501) - math.sin(0.499)) / 2e-3),
        ]
        for name, f, x, h, expected in cases:
            what = f"central_difference({name}, x={x:g}, h={h:g})"
            got = call(what, central_difference, f, x, h)
            expect_close(what, got, expected, rel=1e-9)

    return check(msg(en="the central difference", zh="中心差分"), attempt)


def silu(a: float) -> float:
    """The op of the exercise, y = a·σ(a) (also called swish), as a plain float."""
    return a / (1.0 + math.exp(-a))


def silu_tolerance(a: float) -> float:
    """The relative rounding error of dy/da = σ(a) + a·σ(a)(1 − σ(a)) at a, bounded.

    First order, each operation's rounding taken as ε (twice the unit roundoff): σ(a),
    however it is written — 1/(1 + e⁻ᵃ), eᵃ/(1 + eᵃ), (1 + tanh(a/2))/2, or y/a — is off
    by at most 4ε (absolute: it lies in (0, 1)); 1 − σ by that plus ε, and σ(−a) written
    directly by 4ε too; the product a·σ·(1 − σ) (or y·(1 − σ), y = a·σ) then carries
    their relative errors, 4ε/σ + 5ε/(1 − σ), plus 2ε for its two multiplications; the
    sum σ + a·σ(1 − σ) adds ε of itself. Relative to dy/da, which is smaller than its two
    terms where they have opposite signs (a < 0): 9–190ε at the check's points. Any order
    of these operations stays inside it, the student's and the engine's (the oracle),
    which tests/test_exercises.py measures against mpmath. A central difference with
    h = 1e-5 is off by about 1e-11 relative, 30 or more times the bound.
    """
    s = 1 / (1 + math.exp(-a))
    term = a * s * (1 - s)
    slope = s + term
    sigma = 4 * EPS
    product = abs(term) * (sigma / s + (sigma + EPS) / (1 - s) + 2 * EPS)
    return (sigma + product + EPS * abs(slope)) / abs(slope)


def check_local_derivative(silu_local: Callable[[float, float], float]) -> bool:
    """``silu_local(a, y)`` must be dy/da for y = a·σ(a), as the engine finds it.

    Like a row of autograd_mini's op table it gets the input a and the output y, so
    the answer may use either. The oracle is the engine differentiating a·σ(a) built
    from its own ops. The rule is exact to rounding, so the tolerance is rounding's:
    :func:`silu_tolerance` for the student's value plus the same for the engine's. A
    difference quotient is a few digits short of that and is told so.
    """

    def attempt() -> None:
        for a in (-3.0, -0.5, 0.0, 0.7, 2.5):
            node = Value(a)
            (node * node.sigmoid()).backward()
            y = silu(a)
            got = call(f"silu_local({a:g}, {y:.6g})", silu_local, a, y)  # y/a fails at a = 0
            where = msg(en=f"dy/da at a = {a:g}", zh=f"a = {a:g} 处的 dy/da")
            rel = 2 * silu_tolerance(a)
            expect_close(where, got, node.grad, rel=rel, abs_tol=0, near_hint=_by_differences())

    return check(msg(en="the local derivative of y = a·σ(a)", zh="y = a·σ(a) 的局部导数"), attempt)


def _by_differences() -> str:
    """What dy/da right to 3 digits, not to rounding, means: a difference quotient."""
    return msg(
        en=" (close, but not to rounding: a finite difference? The product rule gives dy/da "
        "exact to rounding; a difference quotient is a few digits short)",
        zh="（很接近，但差距超出了舍入误差：是不是用了有限差分？按乘积法则算出的 dy/da "
        "只差舍入误差，差商则要少几位有效数字）",
    )
