"""Second derivatives: ``hessian`` and the Hessian-vector product ``hvp``.

For a scalar cost C(x) the Hessian H = ∂²C/∂xᵢ∂xⱼ is the Jacobian of the gradient. Both
functions here are *forward over reverse*: one backward pass with ``create_graph=True``
builds the gradient ∇C as a graph of Values, then tangent passes (``forward.py``) run
forward over that graph:

- ``hvp(f, primals, v)`` is ONE tangent pass seeded with ẋ = v: it gives H·v without
  ever forming H (n² numbers) — what Newton-type methods and curvature probes need;
- ``hessian(f)`` is n such passes, seeded with the unit vectors: the columns of H.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from autograd_mini.arguments import (
    bind,
    bind_with_tangents,
    check_argnums,
    output,
    require_function,
    scalar,
    unflatten,
)
from autograd_mini.backward import gradients
from autograd_mini.forward import evaluation_order, tangent_pass
from autograd_mini.jacobians import forward_jacobian
from autograd_mini.value import Value

__all__ = ["hessian", "hvp"]


def hessian(f: Callable[..., Any], argnums: int | Sequence[int] = 0) -> Callable[..., Any]:
    """The function computing the Hessian of a scalar ``f`` as an n×n nested list.

    The arguments named by ``argnums`` are flattened into x₁…xₙ as in
    :func:`~autograd_mini.jacobian`; ``H[i][j] = ∂²f/∂xᵢ∂xⱼ``. ``f`` must return one
    number (a list is a TypeError). Entries are floats, or Values when called on Values.
    Keyword arguments go to ``f`` as they are and are never differentiated (as in JAX); a
    Value among them is a constant here, and makes the entries Values, as a Value in a
    position not in ``argnums`` does.

    >>> hessian(lambda x, y: x * x * y, argnums=(0, 1))(3.0, 2.0)
    [[4.0, 6.0], [6.0, 0.0]]
    """
    require_function(f, "hessian")
    argnums = check_argnums(argnums, "hessian")

    def hessian_of_f(*args: Any, **kwargs: Any) -> list[list[Any]]:
        call_args, leaves, nested = bind(args, argnums, "hessian", kwargs)
        outs, shape = output(f, call_args, "hessian", leaves, kwargs)
        c = scalar(outs, shape, "hessian")
        if not isinstance(c, Value):  # a constant: every second derivative is 0
            return [[Value(0.0) if nested else 0.0 for _ in leaves] for _ in leaves]
        gradient = gradients(c, leaves, create_graph=True, who="hessian")
        return forward_jacobian(gradient, leaves, nested, "hessian")

    hessian_of_f.__name__ = f"hessian_{getattr(f, '__name__', 'f')}"
    return hessian_of_f


def hvp(f: Callable[..., Any], primals: Sequence[Any], v: Sequence[Any]) -> tuple[Any, ...]:
    """H·v for a scalar ``f`` at ``primals``: one backward pass, then ONE tangent pass.

    ``primals`` is the tuple of ``f``'s arguments and ``v`` a tuple of the same shapes,
    as for :func:`~autograd_mini.jvp`. Returns a tuple with one entry per argument,
    shaped like it: the part of H·v belonging to that argument. The Hessian itself is
    never built, so this costs a few evaluations of f however many inputs it has.

    >>> hvp(lambda x, y: x * x * y, (3.0, 2.0), (1.0, 0.0))
    (4.0, 6.0)
    """
    require_function(f, "hvp")
    call_args, seeds, nested, shapes = bind_with_tangents(primals, v, "hvp")
    leaves = list(seeds)
    outs, shape = output(f, call_args, "hvp", leaves)
    c = scalar(outs, shape, "hvp")
    if isinstance(c, Value):
        gradient = gradients(c, leaves, create_graph=True, who="hvp")
        products = tangent_pass(gradient, seeds, nested, evaluation_order(gradient, "hvp"), "hvp")
    else:
        products = [Value(0.0) if nested else 0.0 for _ in leaves]
    return unflatten(shapes, products)
