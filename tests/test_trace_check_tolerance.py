"""``check=True`` compares each number against its own scale.

The absolute tolerance was 10⁻¹² of the largest number in the batch, so one large
sample hid a wrong one beside it: a branch on ``x[0].data`` traced at 0.7 replayed
x·w for x = −1 as −0.5 (closed form of the eager branch: 2·x·w = −1.0) next to a sample
of 2·10¹², and the check passed — then switched itself off. Likewise a gradient of −0.01
replayed as +0.01 beside a gradient of 10¹³. Each is refused now; a result whose terms
are far larger than itself is still allowed the rounding those terms carry.

Underflow: a number below the smallest normal float may be 0.0 on one side (the array
kernels of σ and σ′ give 0.0 there, the float kernels the subnormal), and what it
becomes on the way to a gradient is that times the slopes after it. The check allows
that (σ′ at −715, ~3·10⁻³¹¹, times 2·1430 is a weight's gradient of 9.5·10⁻³⁰⁸ eagerly
and 0.0 in the replay) — before, it refused it and ``fit(compiled=True)`` on data
scaled ×1000; below its floor, nothing else.

A rounding bound that meets a slope beyond the largest float (log at 10⁻³¹⁰) is
infinite, not nan (0 times the infinite terms of a one-input node made it nan, and a
nan tolerance refused even an agreement to the last bit): the number is then held to
CHECK_RTOL alone; a slope of 0 carries nothing.
"""

from __future__ import annotations

from typing import Any

import mpmath
import numpy as np
import pytest

import nn
from autograd_mini import TraceMismatchError, Value, dot, trace, vsum
from autograd_mini.trace.check import compare_with_eager


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
    with pytest.raises(TraceMismatchError, match=r"gradient of params\[1\] 'b'.*-0\.01"):
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
    with pytest.raises(TraceMismatchError, match=r"gradient of params\[1\] 'v'"):
        traced.backward(np.array([[-1.0]]))


def _sigmoid_square_gradient(w: float, b: float, x: float) -> tuple[float, float]:
    """∂/∂w and ∂/∂b of (σ(w·x + b) − 1)² (closed form: 2(σ − 1)·σ′·(x, 1)), in mpmath."""
    z = mpmath.mpf(w) * x + b
    s = 1 / (1 + mpmath.exp(-z))
    common = 2 * (s - 1) * s * (1 - s)
    return float(common * x), float(common)


@pytest.mark.parametrize(("w0", "x0"), [(0.5, -1430.0), (0.5, -1490.0), (5e-4, -1.43e6)])
def test_a_gradient_lost_to_underflow_is_no_mismatch(w0: float, x0: float) -> None:
    """σ(w·x + b) at w·x + b ≈ −715 is ~3·10⁻³¹¹, and so is σ′: the replay's σ′ is 0.0
    (1/(2 + 2 cosh), cosh beyond the largest float), the eager one the subnormal. The
    gradient of w is that times 2·|x|, ~10⁻³⁰⁷ (10⁻³⁰⁴ for x = −1.43·10⁶: more than any
    fixed multiple of the smallest normal float). Refused before."""
    w, b = Value(w0, label="w"), Value(0.1, label="b")
    traced = trace(
        lambda x: ((w * x[0] + b).sigmoid() - 1.0) ** 2, [1.0], params=[w, b], check=True
    )
    _, grads = traced.outputs_and_grad(np.array([[x0]]))
    assert not traced.check_pending
    want = _sigmoid_square_gradient(w0, 0.1, x0)
    assert abs(want[0]) < 1e-300  # the case: below the normal floats' precision
    assert grads.tolist() == pytest.approx(list(want), abs=1e-300)


def test_below_the_floor_is_no_licence_above_it() -> None:
    """A wrong gradient of 10⁻³⁰⁰ (closed form at x = −1: −10⁻³⁰⁰, the replay +10⁻³⁰⁰) is
    far above the underflow allowance, and refused."""
    w = Value(1.0, label="w")

    def branchy(x: list[Value]) -> Any:
        return (w * 1e-300) if x[0].data > 0 else -(w * 1e-300)

    traced = trace(branchy, [0.7], params=[w], check=True)
    with pytest.raises(TraceMismatchError, match=r"sample 0: replay gives 1e-300"):
        traced.outputs_and_grad(np.array([[-1.0]]))


@pytest.mark.parametrize(
    ("data", "activation", "loss", "outputs"),
    [("moons", "sigmoid", "squared_error", 1), ("digits", "tanh", "cross_entropy", 10)],
)
def test_compiled_fit_on_scaled_data_trains_as_eager_fit(
    data: str, activation: str, loss: str, outputs: int
) -> None:
    """Moons ×10⁴ and digits ×1000 saturate σ and tanh: gradients of 10⁻³²¹ through
    subnormal slopes, 0.0 in the replay. fit(compiled=True) refused the first batch as
    a mismatch; it trains to the weights eager fit reaches (the oracle: no trace)."""
    if data == "moons":
        X, y = nn.data.moons(200, noise=0.2, seed=1)
        X, y = X * 1e4, y.astype(float)
    else:
        X, y = nn.data.digits()
        X, y = X[:64] * 1000.0, y[:64]
    weights = []
    for compiled in (True, False):
        model = nn.MLP(X.shape[1], [16, 16, outputs], activation=activation, seed=3)
        nn.fit(model, X, y, loss=loss, epochs=1, compiled=compiled, progress=False, batch_size=32)
        weights.append([p.data for p in model.parameters()])
    assert weights[0] == pytest.approx(weights[1], rel=1e-9, abs=1e-9)


_W2 = [Value(0.3, label="w0"), Value(-1.2, label="w1")]
_AT_TINY = np.array([[0.7, 0.2, 1e-310], [-0.4, 1.5, 1e-310]])


def _with_log_of_tiny(x: list[Value]) -> Any:
    # log at 1e-310 has the slope 1/x = 1e310, beyond the largest float
    return dot(_W2, x[:2]) * 1.0000001 + x[2].log() * 1e-300


def _replay(fn: Any, params: list[Value], X: Any) -> tuple[Any, Any]:
    return trace(fn, X[0].tolist(), params=params).outputs_and_grad(X)


def test_an_infinite_slope_gives_no_nan_tolerance() -> None:
    """One ulp apart (closed form: within CHECK_RTOL) beside log(10⁻³¹⁰)·10⁻³⁰⁰ was refused:
    the bound of the one-input log was (1 − 1)·∞ = nan."""
    out, grads = _replay(_with_log_of_tiny, _W2, _AT_TINY)
    compare_with_eager(_with_log_of_tiny, _W2, [_AT_TINY], np.nextafter(out, np.inf), grads, False)


def test_an_infinite_bound_is_no_infinite_tolerance() -> None:
    """The same output a millionth off is refused: an infinite bound allows CHECK_RTOL."""
    out, grads = _replay(_with_log_of_tiny, _W2, _AT_TINY)
    with pytest.raises(TraceMismatchError, match=r"output 0 of sample 0"):
        compare_with_eager(_with_log_of_tiny, _W2, [_AT_TINY], out * (1 + 1e-6), grads, False)


def test_a_slope_of_zero_carries_no_infinite_bound() -> None:
    """x·10¹³ + w − x·10¹³ + log(10⁻³¹⁰)·0 is w up to the rounding of terms of 10¹³
    (eps·10¹³ ≈ 2·10⁻³): 10⁻⁴ off is rounding. The 0 slope carried the log's nan (now
    infinite) bound on, and refused it."""
    w = Value(1.0, label="w")

    def cancels(x: list[Value]) -> Any:
        return x[0] * 1e13 + w - x[0] * 1e13 + x[1].log() * 0.0

    X = np.array([[0.7, 1e-310]])
    out, grads = _replay(cancels, [w], X)
    compare_with_eager(cancels, [w], [X], out + 1e-4, grads, False)


@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_a_batch_loss_beyond_a_float_is_still_checked(reduction: str) -> None:
    """Each sample's loss big·x is 1e308 and finite, their sum is not; the gradient is
    (Σ x, Σ x·1e308…) — closed form ∂/∂big = Σ x, ∂/∂w = Σ x (÷ B for the mean). The
    check summed the losses into one vsum and refused the batch with its OpOverflow."""
    big, w = Value(1e308, label="big"), Value(1.0, label="w")
    traced = trace(lambda x: big * x[0] + w * x[0], [1.0], params=[big, w], check=True)
    x = np.array([[1.0], [1.0], [0.5]])
    losses, grads = traced.backward(x, reduction=reduction)
    assert losses.tolist() == [1e308, 1e308, 5e307]
    want = 2.5 if reduction == "sum" else 2.5 / 3
    assert grads.tolist() == pytest.approx([want, want], rel=1e-15)
    assert not traced.check_pending  # the batch was checked, and agreed


def test_a_wrong_gradient_beside_a_batch_loss_beyond_a_float_is_refused() -> None:
    big, w = Value(1e308, label="big"), Value(1.0, label="w")

    def branchy(x: list[Value]) -> Any:
        return big * x[0] + ((w * x[0]) if x[0].data > 0 else -(w * x[0]))

    traced = trace(branchy, [1.0], params=[big, w], check=True)
    # closed form (the eager branch): ∂/∂w = Σ|x| = 4; the replay's path gives Σ x = 2
    with pytest.raises(
        TraceMismatchError,
        match=r"gradient of params\[1\] 'w': replay gives 2\.0, the eager engine 4\.0",
    ):
        traced.backward(np.array([[1.0], [1.0], [1.0], [-1.0]]))


def test_a_mean_gradient_whose_sum_is_beyond_a_float_is_still_checked() -> None:
    """∂L/∂w = x = 1e308 for each of two samples: the mean 1e308 (closed form) is a float,
    the sum is not; the check refused with a NonFiniteGradient of 'gradients:'."""
    w = Value(1e-300, label="w")
    traced = trace(lambda x: w * x[0], [1.0], params=[w], check=True)
    losses, grads = traced.backward(np.array([[1e308], [1e308]]), reduction="mean")
    assert losses.tolist() == pytest.approx([1e8, 1e8], rel=1e-15)
    assert grads.tolist() == [1e308]
    assert not traced.check_pending
