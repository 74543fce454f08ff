"""``check=True`` compares each number against its own scale.

The absolute tolerance was 10⁻¹² of the largest number in the batch, so one large
sample hid a wrong one beside it: a branch on ``x[0].data`` traced at 0.7 replayed
x·w for x = −1 as −0.5 (closed form of the eager branch: 2·x·w = −1.0) next to a sample
of 2·10¹², and the check passed — then switched itself off. Likewise a gradient of −0.01
replayed as +0.01 beside a gradient of 10¹³. Each is refused now; a result whose terms
are far larger than itself is still allowed the rounding those terms carry.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from autograd_mini import TraceMismatchError, Value, trace, vsum


def test_a_large_sample_no_longer_hides_a_wrong_one() -> None:
    w = Value(0.5, label="w")

    def branchy(x: list[Value]) -> Any:
        return (x[0] * w) if x[0].data > 0 else (x[0] * w) * 2.0

    traced = trace(branchy, [0.7], params=[w], check=True)
    with pytest.raises(TraceMismatchError, match=r"sample 1: replay gives -0\.5, .* -1\.0"):
        traced.forward(np.array([[2e12], [-1.0]]))
    assert traced.check_pending  # still checking: no batch agreed


def test_a_large_gradient_no_longer_hides_a_wrong_one() -> None:
    a, b = Value(1.0, label="a"), Value(1.0, label="b")

    def branchy(x: list[Value]) -> Any:
        return a * 1e13 + ((b * 1e-2) if x[0].data > 0 else (b * -1e-2))

    traced = trace(branchy, [0.7], params=[a, b], check=True)
    # closed form at x = -1: ∂/∂a = 1e13, ∂/∂b = -0.01 (the eager branch); the replay +0.01
    with pytest.raises(TraceMismatchError, match=r"gradient of parameter 1 'b'.*-0\.01"):
        traced.backward(np.array([[-1.0]]))


def test_a_result_that_cancels_keeps_the_rounding_of_its_terms() -> None:
    """x·10¹³ + 1 − x·10¹³ is 1 up to the rounding of terms of 10¹³ (eps·10¹³ ≈ 2·10⁻³),
    whatever order adds them: the check must not call that a mismatch."""
    w = Value(1.0, label="w")

    def cancels(x: list[Value]) -> Any:
        big = x[0] * 1e13
        return vsum([big, w, x[0] * 0.3, -big, x[0] * 1e13, -(x[0] * 1e13)])

    traced = trace(cancels, [0.7], params=[w], check=True)
    out, grads = traced.backward(np.array([[0.1], [123.456], [-7.0]]))
    assert not traced.check_pending
    assert out.tolist() == pytest.approx([1.0 + 0.3 * x for x in (0.1, 123.456, -7.0)], abs=0.1)
    assert grads.tolist() == pytest.approx([3.0])


def test_the_gradient_bound_is_per_parameter() -> None:
    """∂/∂v of a·1e13 + v·v at v = 1 is 2 (closed form), replayed from a branch as −2:
    refused though ∂/∂a is 10¹³."""
    a, v = Value(1.0, label="a"), Value(1.0, label="v")

    def branchy(x: list[Value]) -> Any:
        square = v * v if x[0].data > 0 else -(v * v)
        return a * 1e13 + square + x[0]

    traced = trace(branchy, [0.7], params=[a, v], check=True)
    with pytest.raises(TraceMismatchError, match=r"gradient of parameter 1 'v'"):
        traced.backward(np.array([[-1.0]]))
