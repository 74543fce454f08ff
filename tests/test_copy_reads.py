"""A copy of an input inside a function transform or a recording trace is refused.

``copy.copy(v)``, ``copy.deepcopy(v)`` and ``pickle`` of v (or of a list holding v) make
a new graph whose leaves keep the numbers they had: a transform took the copy for a
constant (grad of x·copy(x) at 0.5 was 0.5, the hessian 0), a trace kept the example's
number (x·copy(x) replayed at 2 gave 1). The oracle: central differences of x ↦ x², and
x² itself at the replayed point. Outside them, copies and pickles are as before."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from autograd_mini import NumberRead, UntraceableRead, Value, grad, hessian, hvp, jacobian, jvp, vjp
from autograd_mini.trace import trace
from nn import MLP, SquaredError, fit
from nn.module import Module

COPIES: dict[str, Callable[[Any], Any]] = {
    "copy.copy": copy.copy,
    "copy.deepcopy": copy.deepcopy,
    "pickle": lambda v: pickle.loads(pickle.dumps(v)),
    "deepcopy of a list": lambda v: copy.deepcopy([v, 1.0])[0],
}

TRANSFORMS: dict[str, Callable[[Callable[[Any], Any]], Any]] = {
    "grad": lambda f: grad(f)(0.5),
    "jvp": lambda f: jvp(f, (0.5,), (1.0,)),
    "vjp": lambda f: vjp(f, 0.5)[1](1.0),
    "jacobian": lambda f: jacobian(lambda x: [f(x)])(0.5),
    "hessian": lambda f: hessian(f)(0.5),
    "hvp": lambda f: hvp(f, (0.5,), (1.0,)),
}


def central(f: Callable[[float], float], x: float, h: float = 1e-6) -> float:
    return (f(x + h) - f(x - h)) / (2 * h)


@pytest.mark.parametrize("how", COPIES)
@pytest.mark.parametrize("name", TRANSFORMS)
def test_a_copy_of_an_input_is_refused_in_every_transform(name: str, how: str) -> None:
    copied = COPIES[how]
    with pytest.raises(NumberRead, match=rf"^{name}: f copies node .*the copy is a new graph"):
        TRANSFORMS[name](lambda x: x * copied(x))
    # the way the message names, the Value itself, gives the derivative of x²
    assert grad(lambda x: x * x)(0.5) == pytest.approx(central(lambda t: t * t, 0.5), rel=1e-8)


@pytest.mark.parametrize("how", COPIES)
def test_a_copy_of_an_input_is_refused_while_a_trace_records(how: str) -> None:
    copied = COPIES[how]
    with pytest.raises(
        UntraceableRead, match=r"^trace: the function copies node 'input0\[0\]'"
    ) as e:
        trace(lambda xs: xs[0] * copied(xs[0]), [0.5])
    assert e.value.kind == "copy" and e.value.node is not None and e.value.node.data == 0.5
    replay = trace(lambda xs: xs[0] * xs[0], [0.5])
    assert replay.forward(np.array([[2.0]]))[0] == pytest.approx(4.0, rel=1e-15)


def test_a_computed_value_is_named_and_a_constant_may_be_copied() -> None:
    with pytest.raises(NumberRead, match=r"f copies an unlabelled .mul. node.*data 0\.25"):
        grad(lambda x: copy.deepcopy(x * x) + x)(0.5)
    c = Value(3.0)
    # a Value that does not depend on the input: its copy is the same constant
    assert grad(lambda x: x * copy.deepcopy(c))(0.5) == pytest.approx(
        central(lambda t: 3.0 * t, 0.5), rel=1e-8
    )
    replay = trace(lambda xs: xs[0] * pickle.loads(pickle.dumps(c)), [0.5])
    assert replay.forward(np.array([[2.0]]))[0] == 6.0


def test_copies_outside_a_transform_are_as_before() -> None:
    a = Value(2.0, label="a")
    b = (a * a).tanh()
    b2 = copy.deepcopy(b)
    (a2,) = b2.parents[0].parents[:1]
    assert b2.data == b.data and a2.label == "a" and a2 is not a
    b2.backward()
    assert a2.grad == pytest.approx(central(lambda t: float(np.tanh(t * t)), 2.0), rel=1e-6)
    b3 = pickle.loads(pickle.dumps(b))
    assert b3.data == b.data and b3.op == b.op
    assert copy.copy(a).data == 2.0


class _CopiesItsInput(Module):
    """A model whose forward copies X column 0 before its layer."""

    def __init__(self) -> None:
        self.inner = MLP(2, [1], seed=0)

    def named_children(self) -> list[tuple[str, Module]]:
        return [("inner", self.inner)]

    def forward(self, x: Any) -> Any:
        return [self.inner([copy.copy(x[0]), x[1]])]


class _CopiesItsTarget(SquaredError):
    def sample(self, output: Any, target: Any) -> Value:
        return super().sample(output, [copy.deepcopy(target[0])])


def test_fit_names_a_copy_in_the_model_or_the_loss_as_a_copy_not_a_number_read() -> None:
    """fit(compiled=True) said "the model's forward reads X column 0 … as a number" of a
    copy (and, of a copy in the loss, offered a comparison's rewrite as arithmetic)."""
    X = np.random.default_rng(0).normal(size=(8, 2))
    y = X[:, 0]
    with pytest.raises(UntraceableRead) as e:
        fit(_CopiesItsInput(), X, y, epochs=1, compiled=True, progress=False)
    assert e.value.kind == "copy"
    assert "the model's forward copies X column 0 ('input0[0]' above)" in str(e.value)
    assert "as a number" not in str(e.value)
    with pytest.raises(UntraceableRead) as e:
        fit(
            MLP(2, [1], seed=0),
            X,
            y,
            loss=_CopiesItsTarget(),
            epochs=1,
            compiled=True,
            progress=False,
        )
    assert e.value.kind == "copy"
    assert "_CopiesItsTarget.sample copies target column 0" in str(e.value)
    assert "comparing" not in str(e.value)
