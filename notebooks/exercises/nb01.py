"""Checks for notebook 01's exercises: a central difference, and a new op's local derivative."""

from __future__ import annotations

import math
from collections.abc import Callable

from autograd_mini import Value

from . import call, check, expect_close, msg

__all__ = ["check_central_difference", "check_local_derivative"]

Scalar = Callable[[float], float]


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


def check_local_derivative(silu_local: Callable[[float, float], float]) -> bool:
    """``silu_local(a, y)`` must be dy/da for y = a·σ(a), as the engine finds it.

    Like a row of autograd_mini's op table it gets the input a and the output y, so
    the answer may use either. The oracle is the engine differentiating a·σ(a) built
    from its own ops.
    """

    def attempt() -> None:
        for a in (-3.0, -0.5, 0.0, 0.7, 2.5):
            node = Value(a)
            (node * node.sigmoid()).backward()
            y = silu(a)
            got = call(f"silu_local({a:g}, {y:.6g})", silu_local, a, y)  # y/a fails at a = 0
            where = msg(en=f"dy/da at a = {a:g}", zh=f"a = {a:g} 处的 dy/da")
            expect_close(where, got, node.grad, rel=1e-9, abs_tol=1e-12)

    return check(msg(en="the local derivative of y = a·σ(a)", zh="y = a·σ(a) 的局部导数"), attempt)
