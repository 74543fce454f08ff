"""Second derivatives that need the number of a first-order 0·∞ (taken as 0) are refused.

f = (√(x² + y²))² is x² + y² (closed form: Hessian 2I everywhere). At the origin the
first-order gradient through √ is 2r · 1/(2√s) with r = √s = 0: 0·∞, taken as 0 (its
value near the origin is 1). ∂f/∂x = 2x times that is 0 — right — but its derivative in
x is 2 times that number, which came out 0: the Hessian was [[0, 0], [0, 0]], hvp
(0, 0), grad(grad(…)) 0, with nothing flowing into the 0·∞ term to refuse it. The README
says a second derivative that needs a slope hidden under 0·∞ is refused with
InfiniteDerivative; these are now.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest

from autograd_mini import (
    InfiniteDerivative,
    Value,
    grad,
    gradients,
    hessian,
    hvp,
    jacobian,
    jvp,
    vjp,
)


def norm_squared(x: Any, y: Any) -> Any:
    return (x * x + y * y).sqrt() ** 2


def abs_squared(x: Any) -> Any:
    return ((x * x) ** 0.5) ** 2


def backward_then_gradients(x0: float) -> Any:
    x = Value(x0, label="x")
    abs_squared(x).backward(create_graph=True)
    assert x.grad_graph is not None
    return gradients(x.grad_graph, [x])[0]


SECOND_ORDER: list[tuple[str, Callable[[float], Any]]] = [
    ("hessian", lambda a: hessian(norm_squared, argnums=(0, 1))(a, 0.0)),
    ("hvp", lambda a: list(hvp(norm_squared, (a, 0.0), (1.0, 0.0)))),
    ("grad of grad", lambda a: grad(grad(abs_squared))(a)),
    ("reverse jacobian of grad", lambda a: jacobian(grad(norm_squared, (0, 1)), (0, 1))(a, 0.0)),
    (
        "forward jacobian of grad",
        lambda a: jacobian(grad(norm_squared, (0, 1)), (0, 1), mode="forward")(a, 0.0),
    ),
    ("jvp of grad", lambda a: jvp(grad(abs_squared), (a,), (1.0,))[1]),
    ("grad of a vjp pullback", lambda a: grad(lambda x: vjp(abs_squared, x)[1](1.0)[0])(a)),
    ("grad of jvp", lambda a: grad(lambda x: jvp(abs_squared, (x,), (1.0,))[1])(a)),
    ("backward(create_graph) then gradients", backward_then_gradients),
]

#: the closed form of each at (a, 0), a ≠ 0: f = x² + y² (or x²), f'' = 2
EXPECTED: dict[str, Any] = {
    "hessian": [[2.0, 0.0], [0.0, 2.0]],
    "hvp": [2.0, 0.0],
    "grad of grad": 2.0,
    "reverse jacobian of grad": [[2.0, 0.0], [0.0, 2.0]],
    "forward jacobian of grad": [[2.0, 0.0], [0.0, 2.0]],
    "jvp of grad": 2.0,
    "grad of a vjp pullback": 2.0,
    "grad of jvp": 2.0,
    "backward(create_graph) then gradients": 2.0,
}


@pytest.mark.parametrize(("name", "call"), SECOND_ORDER, ids=[n for n, _ in SECOND_ORDER])
def test_a_second_derivative_needing_a_zero_times_infinity_number_is_refused(
    name: str, call: Callable[[float], Any]
) -> None:
    # away from the origin every slope is finite, and the closed form holds
    assert flat(call(1e-3)) == pytest.approx(flat(EXPECTED[name]), rel=1e-12)
    with pytest.raises(InfiniteDerivative, match="0·∞") as caught:
        call(0.0)
    # named by the node whose slope is infinite (the user's √ or ** 0.5)
    assert re_search(r"\(op '(sqrt|pow)', value 0\.0\)", str(caught.value))


def flat(v: Any) -> list[float]:
    return [x for row in v for x in flat(row)] if isinstance(v, list) else [v]


def re_search(pattern: str, text: str) -> bool:
    import re

    return re.search(pattern, text) is not None


def test_what_exists_stays() -> None:
    """The first derivatives at the origin exist (0, closed form 2x) and are still given;
    a derivative that does not move the 0·∞ (the tangent w·ṙ, ṙ taken as 0 at x = 0, is 0
    for every w) is still 0; y·√x's ∂²/∂x² at y = 0 (0 for every x > 0) still 0."""
    assert grad(norm_squared, (0, 1))(0.0, 0.0) == (0.0, 0.0)
    assert grad(abs_squared)(0.0) == 0.0
    assert jvp(abs_squared, (0.0,), (1.0,)) == (0.0, 0.0)
    assert grad(lambda w: jvp(lambda x: (x * x).sqrt() * w, (0.0,), (1.0,))[1])(2.0) == 0.0
    x, y = Value(0.0), Value(0.0)
    (dx,) = gradients(y * x.sqrt(), [x], create_graph=True)
    assert gradients(dx, [x]) == [0.0]
    # second derivatives with no 0·∞ at all, at the origin: closed forms
    assert hessian(lambda a, b: a * a + b * b, argnums=(0, 1))(0.0, 0.0) == [
        [2.0, 0.0],
        [0.0, 2.0],
    ]
    assert grad(grad(lambda t: (t * t).exp()))(0.0) == 2.0
    assert grad(grad(lambda t: t.sqrt() ** 2))(4.0) == pytest.approx(0.0, abs=1e-15)
    assert math.isclose(hvp(norm_squared, (3.0, 4.0), (1.0, 1.0))[0], 2.0, rel_tol=1e-12)


def test_a_zero_gradient_made_of_constants_keeps_no_term_for_backward_to_refuse() -> None:
    """f = √x·0.0 is 0 for every x ≥ 0 (closed form: f′ = f″ = 0). At x = 0 the gradient 0
    reaching √'s infinite slope is the seed times the constant 0 — it depends on no input,
    so nothing a later pass differentiates can move it, and no 0·∞ term is kept: a
    second backward() through grad_graph gives 0. (A pass that kept a term for every
    such 0 made that backward() refuse the slope; gradients() and hessian, which ask only
    for x, did not notice.)"""
    x = Value(0.0, label="x")
    (x.sqrt() * 0.0).backward(create_graph=True)
    assert x.grad == 0.0
    first = x.grad_graph
    assert first is not None
    x.grad = 0.0
    first.backward()
    assert x.grad == 0.0
