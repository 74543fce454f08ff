"""An OpOverflow and an UntraceableRead carry what their message says as fields.

Both said which op, node and sample only in their text: a caller (a training loop that
wants to skip a sample, a notebook that wants to point at the node) had to parse the
message. The fields are checked here against the nodes each test built itself, never
against the message.
"""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest

from autograd_mini import OpOverflow, Value, dot, grad, no_grad, vsum
from autograd_mini.trace import UntraceableRead, trace

# ---------------------------------------------------------------- OpOverflow, eager


def test_an_op_check_overflow_names_its_op_and_input_node() -> None:
    x = Value(1000.0, label="x")
    with pytest.raises(OpOverflow) as caught:
        x.exp()
    err = caught.value
    assert err.op == "exp"
    assert len(err.inputs) == 1 and err.inputs[0] is x
    assert err.sample is None and err.label == ""

    b = Value(10.0)  # unlabelled: the field holds the node all the same
    with pytest.raises(OpOverflow) as caught:
        b**400.0
    assert caught.value.op == "pow" and caught.value.inputs[0] is b


def test_a_result_that_overflows_names_each_operand_once() -> None:
    a, b = Value(1e200, label="a"), Value(1e200, label="b")
    with pytest.raises(OpOverflow) as caught:
        a * b
    assert caught.value.op == "mul"
    assert [id(v) for v in caught.value.inputs] == [id(a), id(b)]
    with pytest.raises(OpOverflow) as caught:
        a * a  # one node, named once
    assert [id(v) for v in caught.value.inputs] == [id(a)]


def test_a_sum_or_dot_that_overflows_names_its_largest_term() -> None:
    small, big = Value(1.0e308, label="small"), Value(1.7e308, label="big")
    with pytest.raises(OpOverflow) as caught:
        vsum([small, big])
    assert caught.value.op == "sum"
    assert [id(v) for v in caught.value.inputs] == [id(big)]

    w0, x0 = Value(1e154), Value(1e154)  # product 1e308
    w1, x1 = Value(2e154), Value(1e154)  # product 2e308, the largest
    with pytest.raises(OpOverflow) as caught:
        dot([w0, w1], [x0, x1])
    assert caught.value.op == "dot"
    assert [id(v) for v in caught.value.inputs] == [id(w1), id(x1)]

    with pytest.raises(OpOverflow) as caught:
        vsum([Value(1.0), 1.5e308, 1.5e308])  # the plain numbers alone overflow
    assert caught.value.op == "sum" and caught.value.inputs == ()


# ---------------------------------------------------------------- OpOverflow, replay


def test_a_replay_overflow_names_the_op_the_node_and_the_sample() -> None:
    w = Value(2.0, label="w")

    def f(x: list[Value]) -> Value:
        e = (x[0] * w).exp()
        e.label = "e"
        return e

    traced = trace(f, [1.0], params=[w])
    # samples 0 and 1 are fine, sample 2 overflows: w·x = 1000 > 709.78
    with pytest.raises(OpOverflow) as caught:
        traced.forward(np.array([[1.0], [3.0], [500.0], [0.5]]))
    err = caught.value
    assert (err.op, err.label, err.sample, err.inputs) == ("exp", "e", 2, ())

    def g(x: list[Value]) -> Value:
        return x[0] * 1e200 * 1e200  # an unlabelled mul overflowing in sample 1

    with pytest.raises(OpOverflow) as caught:
        trace(g, [1e-300]).forward(np.array([[1e-300], [1.0]]))
    assert (caught.value.op, caught.value.label, caught.value.sample) == ("mul", "", 1)


def test_a_replay_overflow_of_a_node_shared_by_every_sample_has_no_sample() -> None:
    """A node of parameters and constants alone is one number for the whole batch: its
    overflow is no sample's (the message says "every sample")."""
    w = Value(1.0, label="w")

    def f(x: list[Value]) -> Value:
        s = w * 1e300
        s.label = "s"
        return x[0] * s

    traced = trace(f, [1.0], params=[w])
    w.data = 1e10  # the replay reads the parameter's new number: 1e310
    with pytest.raises(OpOverflow) as caught:
        traced.forward(np.array([[1.0], [2.0]]))
    assert (caught.value.op, caught.value.label, caught.value.sample) == ("mul", "s", None)


# ---------------------------------------------------------------- UntraceableRead


def test_a_refused_read_carries_the_node_read_and_the_kind_of_read() -> None:
    w = Value(2.0, label="w")
    made: list[Value] = []

    def branches(x: list[Value]) -> Value:
        z = x[0] * 2.0
        made.append(z)
        return w * x[0] if z > 0 else -w

    with pytest.raises(UntraceableRead) as caught:
        trace(branches, [1.5], params=[w])
    err = caught.value
    assert err.node is made[0]
    assert (err.kind, err.how) == ("branch", "a comparison >")

    with pytest.raises(UntraceableRead) as caught:
        trace(lambda x: x[0] * float(w), [1.5], params=[w])
    assert caught.value.node is w and caught.value.kind == "number"

    def stops(x: list[Value]) -> Value:
        with no_grad():
            pass
        return x[0] * w

    with pytest.raises(UntraceableRead) as caught:
        trace(stops, [1.5], params=[w])
    assert caught.value.node is None and caught.value.kind == "stop"

    roots: list[Value] = []

    def floats(x: list[Value]) -> Value:
        y = x[0] * w
        roots.append(y)
        y.backward()
        return y

    with pytest.raises(UntraceableRead) as caught:
        trace(floats, [1.5], params=[w])
    assert caught.value.node is roots[0] and caught.value.kind == "grad"


def test_a_derivative_constant_at_the_example_carries_the_node_that_chose_it() -> None:
    # tanh's slope is the constant 0 where 2a passes the largest float: chosen by a's
    # number, a = 1e308, the traced input (passed through grad's own input node)
    with pytest.raises(UntraceableRead) as caught:
        trace(lambda x: grad(Value.tanh)(x[0]), [1e308])
    node = caught.value.node
    assert caught.value.kind == "derivative"
    assert isinstance(node, Value) and node.data == 1e308


# ---------------------------------------------------------------- copies


def test_the_fields_survive_pickle_and_copy() -> None:
    x = Value(1000.0, label="x")
    with pytest.raises(OpOverflow) as caught:
        x.exp()
    w = Value(2.0, label="w")
    with pytest.raises(UntraceableRead) as read:
        trace(lambda v: v[0] * float(w), [1.5], params=[w])
    for original in (caught.value, read.value):
        for again in (
            pickle.loads(pickle.dumps(original)),  # our own bytes, made just above
            copy.deepcopy(original),
            copy.copy(original),
        ):
            assert type(again) is type(original) and str(again) == str(original)
            if isinstance(again, OpOverflow):
                assert (again.op, again.label, again.sample) == ("exp", "", None)
                assert [(v.label, v.data) for v in again.inputs] == [("x", 1000.0)]
            else:
                assert isinstance(again, UntraceableRead) and again.kind == "number"
                assert again.node is not None
                assert (again.node.label, again.node.data) == ("w", 2.0)
