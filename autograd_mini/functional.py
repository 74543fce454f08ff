"""``grad(f)``: derivatives of ordinary Python functions, to any order.

``grad(f)(x)`` runs ``f`` on a Value, differentiates, and returns a float. Called on
a Value — which is what happens inside an outer ``grad`` — it returns the derivative
as a Value built with ``create_graph=True``, so ``grad(grad(f))`` is the second
derivative, ``grad(grad(grad(f)))`` the third, and so on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from autograd_mini.backward import gradients
from autograd_mini.value import Value

__all__ = ["grad"]


def grad(f: Callable[..., Any], argnums: int | Sequence[int] = 0) -> Callable[..., Any]:
    """The gradient function of ``f`` with respect to the argument(s) ``argnums``.

    ``f`` takes numbers and returns one number, built from Value operations (it is
    called with Values). An ``int`` ``argnums`` gives one derivative; a sequence gives
    a tuple. Arguments that are not differentiated are passed through unchanged.
    """
    positions = (argnums,) if isinstance(argnums, int) else tuple(argnums)

    def gradient_of_f(*args: Any) -> Any:
        for i in positions:
            if not -len(args) <= i < len(args):
                raise IndexError(f"grad: argnums {i} is out of range for {len(args)} argument(s)")
        # Inside an outer grad, a Value may arrive in ANY position (grad(grad(f, 0), 1)
        # differentiates in x a function whose y is the outer Value): then the result
        # must stay a Value so the outer pass can go on through it.
        nested = any(isinstance(a, Value) for a in args)
        call_args = list(args)
        wrt: list[Value] = []
        for i in positions:
            arg = args[i]
            leaf = arg if isinstance(arg, Value) else Value(arg)
            call_args[i] = leaf
            wrt.append(leaf)
        out = f(*call_args)
        if not isinstance(out, Value):
            # f did not use its argument as a Value: a constant, derivative 0.
            zeros = [Value(0.0) if nested else 0.0 for _ in wrt]
            return zeros[0] if isinstance(argnums, int) else tuple(zeros)
        results = gradients(out, wrt, create_graph=nested)
        return results[0] if isinstance(argnums, int) else tuple(results)

    gradient_of_f.__name__ = f"grad_{getattr(f, '__name__', 'f')}"
    gradient_of_f.__doc__ = (
        f"Derivative of {getattr(f, '__name__', 'f')} (from autograd_mini.grad)."
    )
    return gradient_of_f
