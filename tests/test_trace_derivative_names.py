"""A traced gradient that fails in the replay names the derivative it is part of.

grad of (√(x² + y²))² traced at (1, 2) and replayed at the origin divides by 0 in
√'s derivative 1/(2√a) (closed form: 0.5/√0), which the gradient graph holds as a
``div`` node. The refusal said "division by zero: 0.5 / 0.0 — at an unlabelled 'div'
node": the user wrote no division. It says whose derivative it is now, as the eager
refusals name the op and its derivative.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from autograd_mini import DivisionByZero, Value, grad, gradients, trace


def norm_squared(a: Any, b: Any) -> Any:
    return (a * a + b * b).sqrt() ** 2


@pytest.mark.parametrize("how", ["grad", "gradients"])
def test_a_replayed_derivative_rule_is_named_by_its_op(how: str) -> None:
    def fn(x: list[Value]) -> Any:
        if how == "grad":
            return grad(norm_squared, (0, 1))(x[0], x[1])[0]
        return gradients(norm_squared(x[0], x[1]), [x[0]], create_graph=True)[0]

    traced = trace(fn, [1.0, 2.0])
    # away from the origin: ∂(x² + y²)/∂x = 2x (closed form)
    assert traced.forward(np.array([[3.0, 4.0]])).tolist() == pytest.approx([6.0], rel=1e-12)
    with pytest.raises(DivisionByZero) as caught:
        traced.forward(np.array([[3.0, 4.0], [0.0, 0.0]]))
    message = str(caught.value)
    assert "0.5 / 0.0" in message and "sample 1" in message
    assert "part of sqrt's derivative dy/da (y = √a;  dy/da = 1/(2√a)" in message
    assert "(op 'sqrt'" in message


def test_a_division_the_user_wrote_is_not_called_a_derivative() -> None:
    traced = trace(lambda x: 1.0 / x[0], [2.0])
    with pytest.raises(DivisionByZero) as caught:
        traced.forward(np.array([[0.0]]))
    assert "derivative" not in str(caught.value)


def test_when_traced_qualifies_the_value_not_the_inputs() -> None:
    """The refusal read "at unlabelled node (op 'sqrt', value 2.23606797749979) computed
    from nodes 'input0[0]', 'input0[1]' (the value when traced)": the parenthesis seemed
    to describe the inputs. It follows the value it qualifies, √(1² + 2²) = √5 (closed
    form), the √ node's value at the traced point."""
    traced = trace(lambda x: grad(norm_squared, (0, 1))(x[0], x[1])[0], [1.0, 2.0])
    with pytest.raises(DivisionByZero) as caught:
        traced.forward(np.array([[0.0, 0.0]]))
    message = str(caught.value)
    assert f"(op 'sqrt', value {math.sqrt(5.0)!r} when traced) computed from" in message
    assert "(the value when traced)" not in message
