"""Copies of a trace: ``copy.deepcopy(traced)`` raised "cannot pickle '_thread.lock'
object". A trace whose function is copied with its parameters (a bound method, a
partial) is copied, bound to the copies; one whose function is not (a lambda reading
the model) is refused with a TypeError saying what to do; pickling is refused, clearly.

The oracle: the eager engine, one sample at a time (the model called on a row, then
``backward``), on the model the copy belongs to.
"""

from __future__ import annotations

import copy
import functools
import pickle
from typing import Any

import numpy as np
import pytest

import nn
from autograd_mini import StaleGraph, Value
from autograd_mini.trace import trace

X = np.random.default_rng(0).normal(size=(5, 2))


def _eager(model: nn.MLP, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(outputs, Σ-gradient of output 0 for each parameter) by the eager engine."""
    model.zero_grad()
    outs = []
    for row in X.tolist():
        (out,) = model.forward(row)
        out.backward()
        outs.append([out.data])
    grads = np.array([p.grad for p in model.parameters()])
    model.zero_grad()
    return np.array(outs), grads


def test_a_trace_of_a_bound_method_deep_copies_with_its_model() -> None:
    """The copy replays the same numbers; it is bound to the copied model: writing its
    parameters leaves the original's alone (and the reverse), its first checked call
    checks against the copied model (a check reading the original's weights would
    raise TraceMismatchError for the new numbers), and its check flag is its own."""
    model = nn.MLP(2, [3, 1], seed=0)
    traced = trace(model.forward, [0.1, 0.2], params=model.parameters(), check=True)
    copied = copy.deepcopy(traced)
    twin: Any = copied.fn.__self__  # type: ignore[attr-defined]
    assert twin is not model and isinstance(twin, nn.MLP)
    assert [id(p) for p in copied.params] == [id(p) for p in twin.parameters()]
    want, want_g = _eager(model, X)
    np.testing.assert_allclose(copied.forward(X), want, rtol=1e-12)
    copied.set_param_values(np.linspace(-1.0, 1.0, len(copied.params)))
    assert traced.check_pending  # the copy's check is its own
    out, g = copied.backward(X)  # checked against the copied model
    assert not copied.check_pending
    assert traced.check_pending
    twin_out, twin_g = _eager(twin, X)
    np.testing.assert_allclose(out, twin_out[:, 0], rtol=1e-12)
    np.testing.assert_allclose(g, twin_g, rtol=1e-12, atol=1e-15)
    assert not np.allclose(twin_out, want)  # the copy's numbers moved, not the original's
    out, g = traced.backward(X)
    np.testing.assert_allclose(out, want[:, 0], rtol=1e-12)
    np.testing.assert_allclose(g, want_g, rtol=1e-12, atol=1e-15)
    traced.set_param_values(np.zeros(len(traced.params)))  # and the other way round
    np.testing.assert_allclose(copied.forward(X), twin_out, rtol=1e-12)
    np.testing.assert_array_equal(traced.forward(X), np.zeros((len(X), 1)))


def test_a_copy_shared_with_its_model_in_one_deepcopy_is_bound_to_that_copy() -> None:
    """``deepcopy((model, traced))`` (a snapshot of a training state): the copied trace
    reads and writes the copied model's Values; a partial holding the model copies too."""
    model = nn.MLP(2, [3, 1], seed=1)
    traced = trace(functools.partial(nn.MLP.forward, model), [0.1, 0.2],
                   params=model.parameters())  # fmt: skip
    twin, copied = copy.deepcopy((model, traced))
    assert [id(p) for p in copied.params] == [id(p) for p in twin.parameters()]
    copied.set_param_values(np.full(len(copied.params), 0.5))
    assert all(p.data == 0.5 for p in twin.parameters())
    assert not any(p.data == 0.5 for p in model.parameters())
    np.testing.assert_allclose(copied.forward(X), _eager(twin, X)[0], rtol=1e-12)


def test_a_trace_whose_function_is_not_copied_is_refused_clearly() -> None:
    """A lambda (or any plain function) is shared by deepcopy: it would read the
    original's Values while the copy replayed copies of them. Refused as a TypeError
    saying to trace the copy again; without parameters there is nothing to tell apart,
    and the copy replays the same numbers (the closed form x² + c)."""
    model = nn.MLP(2, [3, 1], seed=0)
    traced = trace(lambda x: model(x), [0.1, 0.2], params=model.parameters())
    with pytest.raises(
        TypeError, match=r"^trace: cannot deep-copy this Traced: .* trace the copy again"
    ):
        copy.deepcopy(traced)
    with pytest.raises(TypeError, match=r"^trace: cannot deep-copy"):
        copy.deepcopy((model, traced))  # the model copied too: the lambda still is not
    c = Value(3.0, label="c")
    plain = trace(lambda x: x[0] * x[0] + c, [1.0])
    copied = copy.deepcopy(plain)
    np.testing.assert_array_equal(copied.forward(X[:, :1]), X[:, 0] ** 2 + 3.0)
    c.data = 4.0  # the constant the shared lambda reads: the copy watches it too
    with pytest.raises(StaleGraph, match="leaf 'c'"):
        copied.forward(X[:, :1])


def test_pickling_a_trace_is_refused_clearly_and_copy_copy_shares() -> None:
    """pickle.dumps said "cannot pickle '_thread.lock' object" (or a lambda's lookup):
    now what to do instead. ``copy.copy`` stays another handle on the same Values."""
    model = nn.MLP(2, [3, 1], seed=0)
    traced = trace(model.forward, [0.1, 0.2], params=model.parameters())
    with pytest.raises(TypeError, match=r"^trace: a Traced cannot be pickled .*\(nn\.save\)"):
        pickle.dumps(traced)
    shallow = copy.copy(traced)
    assert shallow.params is traced.params
    np.testing.assert_allclose(shallow.forward(X), _eager(model, X)[0], rtol=1e-12)


_GAIN = Value(2.0, label="gain")  # a parameter the method reads as a global


class _Scaled:
    """A model whose forward reads one parameter, ``_GAIN``, by another way than its
    object: a deepcopy of the object copies all but that one."""

    def __init__(self) -> None:
        self.m = nn.MLP(2, [3, 1], seed=0)

    def forward(self, x: Any) -> Any:
        (out,) = self.m.forward(x)
        return out * _GAIN


def test_a_parameter_the_copied_function_does_not_reach_is_named() -> None:
    """A bound method whose object holds 13 of its 14 parameters was refused as if
    copy.deepcopy did not copy the function at all ("a trace of a bound method can be
    deep-copied"): the refusal names the parameter not reached."""
    net = _Scaled()
    params = [*net.m.parameters(), _GAIN]
    traced = trace(net.forward, [0.1, 0.2], params=params)
    with pytest.raises(TypeError) as caught:
        copy.deepcopy(traced)
    assert "does not copy parameter 13 'gain' (1 of 14 not reached from it)" in str(caught.value), (
        caught.value
    )


class _Holding:
    """A model that keeps its own trace, as a training script may."""

    def __init__(self) -> None:
        self.m = nn.MLP(2, [3, 1], seed=0)
        self.traced = trace(self.forward, [0.1, 0.2], params=self.m.parameters())

    def forward(self, x: Any) -> Any:
        return self.m.forward(x)


def test_a_model_holding_its_own_trace_is_copied_with_one_trace() -> None:
    """Copying the trace copied its model, whose own ``traced`` was copied again: two
    copies of one trace sharing one set of copied Values, each with its own lock (the
    first checked call's race the lock keeps out came back between them)."""
    holder = _Holding()
    copied = copy.deepcopy(holder.traced)
    twin: Any = copied.fn.__self__  # type: ignore[attr-defined]
    assert twin.traced is copied
    assert copy.deepcopy(holder).traced.fn.__self__.traced is not holder.traced
