"""``gradcheck``: the engine's gradients against central differences.

The central difference (f(x + ε) − f(x − ε)) / 2ε has error O(ε²), against O(ε) for
the one-sided one, which is why it is the standard independent check of a backward
pass: it uses only forward evaluations of ``f``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from autograd_mini.backward import gradients
from autograd_mini.value import Number, Value, _number, no_grad

__all__ = ["GradcheckError", "gradcheck", "numerical_gradient"]


class GradcheckError(AssertionError):
    """The analytical and numerical gradients disagree."""


def _as_float(out: Any, where: str) -> float:
    if isinstance(out, Value):
        return out.data
    return _number(out, where)


def numerical_gradient(
    f: Callable[..., Any], *inputs: Value | Number, eps: float = 1e-6
) -> list[float]:
    """∂f/∂xᵢ ≈ (f(…, xᵢ + ε, …) − f(…, xᵢ − ε, …)) / 2ε for each input, forward only."""
    base = [x.data if isinstance(x, Value) else _number(x, "gradcheck") for x in inputs]
    result = []
    with no_grad():
        for i in range(len(base)):
            up = [Value(v) for v in base]
            down = [Value(v) for v in base]
            up[i] = Value(base[i] + eps)
            down[i] = Value(base[i] - eps)
            f_up = _as_float(f(*up), "gradcheck")
            f_down = _as_float(f(*down), "gradcheck")
            result.append((f_up - f_down) / (2 * eps))
    return result


def gradcheck(
    f: Callable[..., Any],
    *inputs: Value | Number,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
) -> bool:
    """Check the engine's ∂f/∂xᵢ against central differences at ``inputs``.

    Passes when |analytical − numerical| ≤ atol + rtol·|numerical| for every input and
    returns True; otherwise raises :class:`GradcheckError` with a table of every input,
    its numerical and analytical derivative, and whether it matched.
    """
    if not inputs:
        raise ValueError("gradcheck: give at least one input")
    leaves = [
        Value(x.data if isinstance(x, Value) else _number(x, "gradcheck"), label=f"x{i}")
        for i, x in enumerate(inputs)
    ]
    out = f(*leaves)
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck: f must return a Value, got {type(out).__name__}")
    analytical = gradients(out, leaves)
    numerical = numerical_gradient(f, *inputs, eps=eps)
    rows = []
    ok = True
    for i, (leaf, a, n) in enumerate(zip(leaves, analytical, numerical, strict=True)):
        good = abs(a - n) <= atol + rtol * abs(n)
        ok = ok and good
        rows.append(
            f"  input {i}: x = {leaf.data!r:<24} numerical {n!r:<24} "
            f"analytical {a!r:<24} {'ok' if good else 'MISMATCH'}"
        )
    if not ok:
        name = getattr(f, "__name__", "f")
        raise GradcheckError(
            f"gradcheck failed for {name} (eps={eps}, atol={atol}, rtol={rtol}):\n"
            + "\n".join(rows)
        )
    return True
