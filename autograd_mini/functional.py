"""``grad(f)``: derivatives of ordinary Python functions, to any order.

``grad(f)(x)`` runs ``f`` on a Value, differentiates, and returns a float. Called on
a Value — which is what happens inside an outer ``grad`` — it returns the derivative
as a Value built with ``create_graph=True``, so ``grad(grad(f))`` is the second
derivative, ``grad(grad(grad(f)))`` the third, and so on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd_mini.arguments import (
    argument_positions,
    call_inside,
    check_argnums,
    contains_value,
    inside_transform,
    leaves_for,
    require_function,
    require_grad_mode,
    tangent_number,
)
from autograd_mini.backward import gradients
from autograd_mini.reals import boolean_hint, described, is_real, not_real_hint, scalar_of
from autograd_mini.value import Value

__all__ = ["grad"]


def _refuse_non_number(arg: object, position: int) -> None:
    """grad differentiates a scalar in scalars: a list (or anything else not a number)
    in a differentiated position is a TypeError saying so — it failed inside Value(),
    whose message named neither grad nor the argument. A 0-d numpy array is a number."""
    arg = scalar_of(arg)
    if not is_real(arg):
        hint = (
            f" — for a list of numbers use jacobian(f, argnums={position}), which takes "
            f"lists (its one row is the gradient"
            + ("; a numpy array as a.tolist()" if isinstance(arg, np.ndarray) else "")
            + "), or pass each number as an argument of its own"
            if isinstance(arg, (list, tuple, np.ndarray))
            else ""
        )
        raise TypeError(
            f"grad: argument {position} is {described(arg)}; grad takes one number (or Value) per "
            f"differentiated argument{boolean_hint(arg) or hint or not_real_hint(arg)}"
        )


def grad(f: Callable[..., Any], argnums: int | Sequence[int] = 0) -> Callable[..., Any]:
    """The gradient function of ``f`` with respect to the argument(s) ``argnums``.

    ``f`` takes numbers and returns one number, built from Value operations (it is
    called with Values). An ``int`` ``argnums`` gives one derivative; a sequence gives
    a tuple. Arguments that are not differentiated are passed through unchanged, and so
    are keyword arguments (``grad(f)(x, scale=2.0)`` calls ``f(x, scale=2.0)``): they are
    never differentiated, as in JAX. A Value among them is a constant for this ``grad``,
    as a Value in a position not in ``argnums`` is: the derivative then comes back as a
    Value, so that an outer transform (or ``backward``) can go on through it.

    >>> grad(lambda x, scale=1.0: scale * x * x)(3.0, scale=2.0)
    12.0
    """
    require_function(f, "grad")
    argnums = check_argnums(argnums, "grad")  # np.int64(1) gives one derivative, as 1 does
    given = (argnums,) if isinstance(argnums, int) else argnums

    def gradient_of_f(*args: Any, **kwargs: Any) -> Any:
        positions = argument_positions(given, args, "grad", kwargs)
        require_grad_mode("grad")
        # Inside an outer grad, a Value may arrive in ANY position (grad(grad(f, 0), 1)
        # differentiates in x a function whose y is the outer Value), or f may close over
        # one: then the result must stay a Value so the outer pass can go on through it.
        nested = (
            inside_transform()
            or contains_value(args)
            or (bool(kwargs) and contains_value(list(kwargs.values())))
        )
        call_args = list(args)
        wrt: list[Value] = []
        for i in positions:
            arg = args[i]
            if not isinstance(arg, Value):
                held: object = arg[()] if isinstance(arg, np.ndarray) and arg.ndim == 0 else None
                if isinstance(held, Value):
                    arg = held  # np.asarray(v) is v, as jacobian and hessian take it
                else:
                    _refuse_non_number(arg, i)
            # a Value gets a node of its own (arg + 0): the same Value passed twice, or
            # reaching f another way, stays a separate input
            (leaf,) = leaves_for([arg], "grad", f"argument {i}")
            call_args[i] = leaf
            wrt.append(leaf)
        out = call_inside(f, call_args, "grad", wrt, kwargs)
        out = scalar_of(out)  # a 0-d array: a constant result, as np.float64 would be
        if not isinstance(out, Value):
            if not is_real(out):
                name = getattr(f, "__name__", "f")
                raise TypeError(
                    f"grad: {name} must return one number (a Value, or a plain number for a "
                    f"constant), got {type(out).__name__}"
                    + (" — did it forget to return?" if out is None else f" ({out!r:.60})")
                    + not_real_hint(out)
                )
            # f did not use its argument as a Value: a constant, derivative 0 — if it is
            # a number at all (a nan or inf result is refused, as jvp and vjp refuse it)
            tangent_number(out, "grad", "f's result")
            zeros = [Value(0.0) if nested else 0.0 for _ in wrt]
            return zeros[0] if isinstance(argnums, int) else tuple(zeros)
        results = gradients(out, wrt, create_graph=nested, who="grad")
        return results[0] if isinstance(argnums, int) else tuple(results)

    gradient_of_f.__name__ = f"grad_{getattr(f, '__name__', 'f')}"
    gradient_of_f.__doc__ = (
        f"Derivative of {getattr(f, '__name__', 'f')} (from autograd_mini.grad)."
    )
    return gradient_of_f
