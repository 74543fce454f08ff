"""A numpy masked array is refused wherever data comes in, when something is masked.

numpy computes with the numbers under a mask as if they were data (``np.asarray`` drops
the mask): ``fit`` trained on a masked 1e9 and moved the weights to 1e16 without a word,
and ``predict`` said "input 1 is NoneType". The oracle for the accepted case (nothing
masked) is the same call on the plain array.
"""

from __future__ import annotations

import numpy as np
import pytest

import nn
from autograd_mini import Value
from autograd_mini.trace import trace

X = np.array([[1.0, 2.0], [3.0, 1e9], [0.5, -1.0], [2.0, 0.0]])
Y = np.array([0.0, 1.0, 1.0, 0.0])
HIDDEN = np.ma.masked_array(X, mask=[[0, 0], [0, 1], [0, 0], [0, 0]])


def _model() -> nn.MLP:
    return nn.MLP(2, [1], seed=0)


@pytest.mark.parametrize("compiled", [False, True])
def test_fit_refuses_masked_inputs_and_targets(compiled: bool) -> None:
    with pytest.raises(ValueError, match=r"fit: X is a numpy masked array .* \[1, 1\]"):
        nn.fit(_model(), HIDDEN, Y, epochs=1, progress=False, compiled=compiled)
    y = np.ma.masked_array(Y, mask=[0, 0, 1, 0])
    with pytest.raises(ValueError, match=r"fit: y is a numpy masked array .* \[2\]"):
        nn.fit(_model(), X[[0, 2, 3, 0]], y, epochs=1, progress=False, compiled=compiled)
    val = (HIDDEN, Y)
    with pytest.raises(ValueError, match=r"validation X is a numpy masked array"):
        nn.fit(_model(), X, Y, epochs=1, progress=False, compiled=compiled, validation=val)


def test_predict_evaluate_split_and_batches_refuse_masked_data() -> None:
    with pytest.raises(ValueError, match=r"predict: X is a numpy masked array with 1 masked"):
        nn.predict(_model(), HIDDEN)
    with pytest.raises(ValueError, match=r"evaluate: X is a numpy masked array"):
        nn.evaluate(_model(), HIDDEN, Y)
    with pytest.raises(ValueError, match=r"train_test_split: X is a numpy masked array"):
        nn.data.train_test_split(HIDDEN, Y, test_size=0.5)
    with pytest.raises(ValueError, match=r"batches: X is a numpy masked array"):
        next(nn.data.batches(HIDDEN, Y, batch_size=2))


def test_a_trace_refuses_a_masked_batch() -> None:
    w = [Value(0.5), Value(-0.25)]
    traced = trace(lambda x: (x[0] * w[0] + x[1] * w[1]).tanh(), [1.0, 2.0], params=w)
    with pytest.raises(ValueError, match=r"trace: batch 0 is a numpy masked array"):
        traced.forward(HIDDEN)


@pytest.mark.parametrize("compiled", [False, True])
def test_a_masked_array_with_nothing_masked_is_its_numbers(compiled: bool) -> None:
    plain, masked = _model(), _model()
    open_mask = np.ma.masked_array(X / 1e9, mask=False)
    nn.fit(plain, X / 1e9, Y, epochs=2, batch_size=2, progress=False, compiled=compiled)
    nn.fit(masked, open_mask, Y, epochs=2, batch_size=2, progress=False, compiled=compiled)
    assert [p.data for p in masked.parameters()] == [p.data for p in plain.parameters()]
    assert np.array_equal(nn.predict(masked, open_mask), nn.predict(plain, X / 1e9))


def test_the_other_ways_in_refuse_masked_data_too() -> None:
    """Found by a read-through: evaluate's y gave a loss of 2.5e17 from a masked 1e9,
    one_hot made a masked label 7 a class (8 columns), accuracy said "target 2 is None",
    and a list of masked rows went through predict."""
    y = np.ma.masked_array([0.0, 1e9, 1.0, 0.0], mask=[0, 1, 0, 0])
    with pytest.raises(ValueError, match=r"evaluate: y is a numpy masked array .* \[1\]"):
        nn.evaluate(_model(), X / 1e9, y)
    labels = np.ma.masked_array([0, 7, 1], mask=[0, 1, 0])
    with pytest.raises(ValueError, match=r"one_hot: y is a numpy masked array"):
        nn.data.one_hot(labels)
    with pytest.raises(ValueError, match=r"accuracy: targets is a numpy masked array"):
        nn.accuracy([0.1, 0.9, 0.2, 0.3], y)
    rows = [np.ma.array([1.0, 2.0]), np.ma.array([1.0, 1e9], mask=[0, 1])]
    with pytest.raises(ValueError, match=r"predict: X\[1\] is a numpy masked array .* \[1\]"):
        nn.predict(_model(), rows)
    with pytest.raises(ValueError, match=r"fit: X\[1\] is a numpy masked array"):
        nn.fit(_model(), rows, Y[:2], epochs=1, progress=False)
    # rows with nothing masked are their numbers
    plain = [np.ma.array([1.0, 2.0]), np.ma.array([1.0, 0.5])]
    assert np.array_equal(nn.predict(_model(), plain), nn.predict(_model(), [[1, 2], [1, 0.5]]))


def test_a_masked_number_inside_a_list_of_rows_is_named() -> None:
    """accuracy([[0.1, 0.9], [0.8, 0.2]], [[0, 1], [np.ma.masked, 0]]) returned 1.0 (the
    masked entry became nan, which argmax counted right); a masked constant in a list was
    described as a masked array "with 1 masked entry (the first at [])"."""
    with pytest.raises(ValueError, match=r"accuracy: targets\[1\]\[0\] is numpy's masked"):
        nn.accuracy([[0.1, 0.9], [0.8, 0.2]], [[0, 1], [np.ma.masked, 0]])
    with pytest.raises(ValueError, match=r"fit: y\[1\] is numpy's masked constant"):
        nn.fit(_model(), X[:2], [0.0, np.ma.masked], epochs=1, progress=False)


def test_a_masked_0d_fraction_is_no_number() -> None:
    """circles' factor and train_test_split's test_size as np.ma.masked_array(0.5,
    mask=True) were read as the 0.5 under the mask (.item()), without a word, where
    every other numeric argument (check_number: moons' noise, an optimizer's lr) refuses
    it; one with nothing masked is its number."""
    hidden = np.ma.masked_array(0.5, mask=True)
    with pytest.raises(ValueError, match=r"^circles: factor is a numpy masked array with 1"):
        nn.data.circles(20, factor=hidden)
    with pytest.raises(ValueError, match=r"^train_test_split: test_size is a numpy masked arr"):
        nn.data.train_test_split(X, Y, test_size=hidden)
    shown = np.ma.masked_array(0.5, mask=False)
    assert np.array_equal(nn.data.circles(20, factor=shown)[0], nn.data.circles(20, factor=0.5)[0])
    split = nn.data.train_test_split(X, Y, test_size=shown)
    plain = nn.data.train_test_split(X, Y, test_size=0.5)
    assert all(np.array_equal(a, b) for a, b in zip(split, plain, strict=True))


def test_a_masked_0d_parameter_or_gradient_is_no_number() -> None:
    """load_state_dict given a parameter as np.ma.masked_array(0.5, mask=True), and
    step_arrays given such a gradient in a list, used the 0.5 under the mask (.item()),
    without a word; one with nothing masked is its number (the oracle: 0.5 itself)."""
    hidden, shown = np.ma.masked_array(0.5, mask=True), np.ma.masked_array(0.5, mask=False)
    model = _model()
    state = model.state_dict()
    first = next(iter(state))
    with pytest.raises(ValueError, match=rf"^load_state_dict: parameter '{first}' is a numpy mask"):
        model.load_state_dict({**state, first: hidden})
    model.load_state_dict({**state, first: shown})
    assert model.state_dict()[first] == 0.5
    opt = nn.SGD(model.parameters(), lr=1.0)
    data = np.zeros(len(model.parameters()))
    grads = [0.0] * len(data)
    with pytest.raises(ValueError, match=r"grad\[0\] is a numpy masked array with 1"):
        opt.step_arrays(data, [hidden, *grads[1:]])
    assert data[0] == 0.0  # nothing changed
    opt.step_arrays(data, [shown, *grads[1:]])
    assert data[0] == -0.5
