"""``jacobian``: every partial derivative ∂yᵢ/∂xⱼ, by forward or by reverse mode.

For f: ℝⁿ → ℝᵐ the Jacobian J has m rows (one per output) and n columns (one per input).
One forward-mode pass (a tangent pass, ``forward.py``) gives a column, J·eⱼ; one reverse-mode
pass (a backward pass, ``backward.py``) gives a row, eᵢᵀJ. Both passes cost about one
evaluation of f, so

- ``mode="forward"`` makes n passes — cheap for few inputs and many outputs;
- ``mode="reverse"`` makes m passes — cheap for many inputs and few outputs: a neural
  network's cost has 13,002 inputs (weights) and ONE output, so its gradient is a single
  backward pass. That is why training uses reverse mode (backpropagation).

Both modes record f's graph once and run their passes over it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from autograd_mini.arguments import bind, check_argnums, output, require_function
from autograd_mini.backward import gradients
from autograd_mini.forward import evaluation_order, tangent_pass
from autograd_mini.value import Value

__all__ = ["MODES", "jacobian"]

MODES = ("reverse", "forward")


def jacobian(
    f: Callable[..., Any], argnums: int | Sequence[int] = 0, mode: str = "reverse"
) -> Callable[..., list[list[Any]]]:
    """The function computing ``f``'s Jacobian as nested lists, one row per output.

    The arguments named by ``argnums`` (each a number, a Value or a list/tuple of them)
    are flattened in order into the n inputs xⱼ; ``f``'s result (a number, a Value or a
    list/tuple of them) into the m outputs yᵢ. ``J[i][j] = ∂yᵢ/∂xⱼ``: a scalar ``f`` gives
    one row. ``mode="forward"`` uses n tangent passes, ``"reverse"`` m backward passes;
    the numbers agree, except where an infinite local derivative meets a zero: forward
    mode carries a zero *tangent* through it as 0, reverse mode a zero *gradient*, and
    each refuses a non-zero one. So √(x² + y²) at the origin, whose tangent 2x·ẋ is 0
    there, gives 0 forward and is refused in reverse (its partial derivatives do not
    exist); (x³)^½, whose derivative 0 does exist, gives 0 forward and is refused in
    reverse too. Entries are floats, or Values when called on Values (inside an outer
    transform). Keyword arguments go to ``f`` as they are and are never differentiated
    (as in JAX); a Value among them is a constant for this jacobian, and makes the
    entries Values, as a Value in a position not in ``argnums`` does.

    >>> jacobian(lambda x, y: [x * y, x + y], argnums=(0, 1))(2.0, 3.0)
    [[3.0, 2.0], [1.0, 1.0]]
    """
    require_function(f, "jacobian")
    argnums = check_argnums(argnums, "jacobian")
    if mode not in MODES:
        raise ValueError(f"jacobian: mode must be 'reverse' or 'forward', got {mode!r}")

    def jacobian_of_f(*args: Any, **kwargs: Any) -> list[list[Any]]:
        call_args, leaves, nested = bind(args, argnums, "jacobian", kwargs)
        outs, _ = output(f, call_args, "jacobian", leaves, kwargs)
        if mode == "forward":
            return forward_jacobian(outs, leaves, nested, "jacobian")
        return reverse_jacobian(outs, leaves, nested, "jacobian")

    jacobian_of_f.__name__ = f"jacobian_{getattr(f, '__name__', 'f')}"
    return jacobian_of_f


def forward_jacobian(
    outs: Sequence[Any], leaves: Sequence[Value], nested: bool, who: str
) -> list[list[Any]]:
    """Column j of J from the tangent pass seeded with ẋ = eⱼ: n passes over one graph
    (``who``: the function the user called, which a refusal names)."""
    order = evaluation_order(outs, who)
    rows: list[list[Any]] = [[] for _ in outs]
    for leaf in leaves:
        column = tangent_pass(outs, {leaf: 1.0}, nested, order, who)
        for row, entry in zip(rows, column, strict=True):
            row.append(entry)
    return rows


def reverse_jacobian(
    outs: Sequence[Any], leaves: Sequence[Value], nested: bool, who: str
) -> list[list[Any]]:
    """Row i of J from the backward pass started at yᵢ: m passes."""
    rows: list[list[Any]] = []
    for y in outs:
        if isinstance(y, Value):
            rows.append(gradients(y, leaves, create_graph=nested, who=who))
        else:  # a constant output: a row of zeros
            rows.append([Value(0.0) if nested else 0.0 for _ in leaves])
    return rows
