"""A traced function may not take a gradient as floats from what depends on its inputs.

trace(x ↦ ∂f(x)/∂x · x) with f(z) = sin(z·w)·z, written with ``gradients(...)`` (no
create_graph) or ``backward()`` then ``.grad``, recorded f′ at the example as a constant:
the replay gave f′(0.3)·x for every sample ([0.141, 0.471, −0.942] where the closed form
is [0.141, 1.275, 1.906]) and 0 for its derivative in w. It is refused now, saying to
take a Value gradient; with create_graph=True the replay follows the closed form.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from autograd_mini import NumberRead, Value, grad, gradients, trace
from autograd_mini.trace import UntraceableRead

W = 0.8


def f(z: Value, w: Value) -> Value:
    return (z * w).sin() * z


def out(x: float, w: float) -> float:
    """f′(x)·x, closed form: f′(x) = w·x·cos(w·x) + sin(w·x)."""
    return (w * x * math.cos(w * x) + math.sin(w * x)) * x


def d_out_dw(x: float, w: float) -> float:
    """∂(f′(x)·x)/∂w, closed form: x·(2x·cos(wx) − w·x²·sin(wx))."""
    return x * (2 * x * math.cos(w * x) - w * x * x * math.sin(w * x))


def test_float_gradients_inside_a_trace_are_refused() -> None:
    w = Value(W, label="w")

    def with_gradients(x: list[Value]) -> Any:
        return gradients(f(x[0], w), [x[0]])[0] * x[0]

    def with_backward(x: list[Value]) -> Any:
        f(x[0], w).backward()
        return x[0].grad * x[0]

    def only_w(x: list[Value]) -> Any:  # depends on the parameter alone
        (dw,) = gradients(w * w, [w])
        return x[0] * dw

    for fn in (with_gradients, with_backward, only_w):
        with pytest.raises(UntraceableRead, match=r"create_graph=True") as caught:
            trace(fn, [0.3], params=[w])
        assert "as floats" in str(caught.value)


def test_a_value_gradient_inside_a_trace_replays_the_closed_form() -> None:
    w = Value(W, label="w")

    def fn(x: list[Value]) -> Any:
        (g,) = gradients(f(x[0], w), [x[0]], create_graph=True)
        return g * x[0]

    traced = trace(fn, [0.3], params=[w])
    xs = [0.3, 1.0, -2.0]
    values, dw = traced.backward(np.array([[x] for x in xs]))
    assert values.tolist() == pytest.approx([out(x, W) for x in xs], rel=1e-12)
    assert dw.tolist() == pytest.approx([sum(d_out_dw(x, W) for x in xs)], rel=1e-12)


def test_a_gradient_of_constants_alone_is_let_through() -> None:
    """∂(c²)/∂c = 2c = 4 for a constant c = 2: the same number for every sample."""
    c = Value(2.0, label="c")

    def fn(x: list[Value]) -> Any:
        (dc,) = gradients(c * c, [c])
        return x[0] * dc

    traced = trace(fn, [0.3])
    assert traced.forward(np.array([[1.0], [-2.5]])).tolist() == [4.0, -10.0]


def test_under_grad_the_refusal_is_a_named_exception() -> None:
    """The same code under grad() raised a bare RuntimeError; it is a NumberRead (a
    RuntimeError) saying what to pass."""
    w = Value(W, label="w")
    with pytest.raises(NumberRead, match=r"pass create_graph=True"):
        grad(lambda z: gradients(f(z, w), [z])[0] * z)(0.3)
    with pytest.raises(NumberRead, match=r"create_graph=True"):
        grad(lambda z: (f(z, w).backward(), z.grad * z)[1])(0.3)
