"""``vjp``: reverse mode as a function — the outputs now, the gradients on demand.

``vjp(f, *primals)`` runs ``f`` once and returns its outputs with a *pullback*:
``pullback(ȳ)`` carries a cotangent ȳ (one number per output) back to the inputs in ONE
backward pass and returns ȳᵀJ, one gradient per argument. With a single output and
ȳ = 1 that is the gradient; each unit ȳ gives one row of the Jacobian. The mirror image
of :func:`~autograd_mini.jvp`, which pushes a direction forward and gives J·ẋ.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from autograd_mini.arguments import (
    contains_value,
    flatten,
    inside_transform,
    leaves_for,
    output,
    require_function,
    require_grad_mode,
    results,
    same_layout,
    tangent_number,
    unflatten,
)
from autograd_mini.backward import gradients
from autograd_mini.value import Value, dot

__all__ = ["vjp"]


def vjp(f: Callable[..., Any], *primals: Any) -> tuple[Any, Callable[[Any], tuple[Any, ...]]]:
    """``(f(*primals), pullback)``; ``pullback(cotangents)`` is ȳᵀJ, per argument.

    Each primal is a number, a Value or a (nested) list/tuple of them; ``cotangents``
    has the shape of ``f``'s result. ``pullback`` returns a tuple with one entry per
    primal, shaped like it. It can be called many times (one backward pass each).
    Results are floats, or Values when a primal or cotangent is a Value (inside an
    outer transform), so they can be differentiated again.

    >>> y, pullback = vjp(lambda x, w: x * w, 3.0, 2.0)
    >>> y, pullback(1.0)
    (6.0, (2.0, 3.0))
    """
    require_function(f, "vjp")
    require_grad_mode("vjp")
    call_args: list[Any] = []
    leaves: list[Value] = []
    shapes = []
    for i, p in enumerate(primals):
        entries, shape = flatten(p, "vjp", f"primals[{i}]")
        made = leaves_for(entries, "vjp", f"primals[{i}]")
        call_args.append(shape.build(made))
        leaves.extend(made)
        shapes.append(shape)
    nested = inside_transform() or contains_value(primals)
    outs, out_shape = output(f, call_args, "vjp", leaves)

    def pullback(cotangents: Any) -> tuple[Any, ...]:
        require_grad_mode("vjp's pullback")
        entries, shape = flatten(cotangents, "pullback", "cotangents")
        if not same_layout(shape, out_shape):
            raise ValueError(
                f"pullback: cotangents are laid out as {shape.sketch()} ({shape.numbers()}) "
                f"but f returned {out_shape.sketch()} ({out_shape.numbers()}; x is a "
                f"number): one cotangent per output, in the same shape"
            )
        bars = [
            e if isinstance(e, Value) else tangent_number(e, "pullback", "a cotangent")
            for e in entries
        ]
        deep = nested or any(isinstance(b, Value) for b in bars)
        # (an output computed inside no_grad was refused by vjp itself, through output())
        used = [(b, y) for b, y in zip(bars, outs, strict=True) if isinstance(y, Value)]
        if used:
            # ȳᵀy as one node whose local derivatives are the ȳᵢ: its gradient is ȳᵀJ
            root = dot([b for b, _ in used], [y for _, y in used])
            grads = gradients(root, leaves, create_graph=deep, who="pullback")
        else:  # every output is a constant
            grads = [0.0] * len(leaves)
        if deep:
            grads = [g if isinstance(g, Value) else Value(float(g)) for g in grads]
        return unflatten(shapes, grads)

    return out_shape.build(results(outs, nested)), pullback
