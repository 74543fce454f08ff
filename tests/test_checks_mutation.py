"""nn.checks rules the hand mutation round of session 36 found unpinned: each test kills
a hand-made mutant of nn/checks.py that the tests reading it (test_nn_checks,
test_inputs, test_data, test_metrics, test_losses, test_masked, test_finite) let
through. Expected words are written out here, the numbers by Python's own float() and
numpy's int64 — never read from nn."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from frames import Frame

import nn
from autograd_mini import Value
from nn.checks import check_number

_ONE_ENTRY = "must be one entry per sample — numbers, shape (n,), or rows of numbers, shape (n, k)"
_UNHELD = 2**53 + 1


@pytest.mark.parametrize("low", [0, np.float32(0.0), Decimal(0), np.int64(0)], ids=repr)
def test_check_number_takes_its_lower_end_in_every_number_type(low: Any) -> None:
    """[low, high) includes low: momentum=0 (an int, not the float 0.0 of the fast path)
    is no momentum, and was taken; a check of value ≤ low would refuse it."""
    assert check_number(low, "momentum", "SGD", high=1.0) == 0.0
    assert check_number(1, "x", "f", low=1.0) == 1.0


def test_check_number_says_a_negative_lower_end() -> None:
    """Only low=-inf goes unsaid ("a finite number"); any other lower end is named,
    a negative one too."""
    with pytest.raises(ValueError) as info:
        check_number(-2.0, "x", "f", low=-1.0)
    assert str(info.value) == "f: x must be a finite number ≥ -1, got -2.0"


def test_check_number_refuses_a_masked_0d_array() -> None:
    """np.ma.array(0.1, mask=True) holds no number: the 0.1 under its mask was the
    learning rate when held_number read it without asking about the mask."""
    with pytest.raises(ValueError, match=r"^SGD: lr is a numpy masked array with 1 masked entry"):
        check_number(np.ma.array(0.1, mask=True), "lr", "SGD")
    assert check_number(np.ma.array(0.1, mask=False), "lr", "SGD") == 0.1


def test_fit_refuses_an_unheld_int_in_a_tuple_of_targets() -> None:
    """A tuple of targets is read as a list is: np.asarray rounds 2**53 + 1 among floats
    to 2**53, and the target is named, not trained as the rounded number."""
    assert float(_UNHELD) != _UNHELD  # the oracle: Python's float() rounds it
    for y in ((0.5, _UNHELD), [0.5, _UNHELD]):
        with pytest.raises(ValueError, match=rf"^fit: y target 1 is the integer {_UNHELD},"):
            nn.fit(nn.MLP(1, [1], seed=0), [[0.5], [1.0]], y, epochs=1, progress=False)


def test_fit_refuses_targets_of_three_axes_by_their_shape() -> None:
    with pytest.raises(ValueError) as info:
        nn.fit(nn.MLP(1, [1], seed=0), [[0.5], [1.0]], np.zeros((2, 1, 1)), epochs=1)
    assert str(info.value) == f"fit: y {_ONE_ENTRY} — got shape (2, 1, 1)"


@pytest.mark.parametrize(
    ("targets", "row"),
    [
        ([[np.array([1.0, 2.0]), 0.0]], "array([1., 2.])"),  # an array in a row
        ([np.array([[1.0], [0.0]])], "[1.0]"),  # a target given as a 2-D array
        ([[[1.0], 0.0]], "[1.0]"),  # a list in a row
    ],
    ids=["array-in-row", "2-D-array", "list-in-row"],
)
def test_a_row_inside_a_target_row_is_told_as_rows_of_rows(targets: Any, row: str) -> None:
    """A target row holding a row (a list or an array) is a target of three axes: said
    so, naming it, by the losses and by accuracy — not "holds [1.0], expected finite
    numbers", as if a number were bad, nor passed on."""
    outputs = [[Value(0.0), Value(1.0)]]
    with pytest.raises(ValueError) as info:
        nn.squared_error(outputs, targets)
    assert str(info.value) == f"squared_error: targets {_ONE_ENTRY} — target 0 holds a row, {row}"
    if isinstance(targets[0], list):
        with pytest.raises(ValueError) as by_accuracy:
            nn.accuracy([[0.0, 1.0]], targets)
        said = f"accuracy: targets {_ONE_ENTRY} — target 0 holds a row, {row}"
        assert str(by_accuracy.value) == said


def test_a_numpy_boolean_in_a_target_row_is_named_as_a_boolean() -> None:
    """np.True_ among a row's numbers is named in the engine's words for a boolean, as
    Python's True is, not "holds np.True_, expected finite numbers"."""
    boolean = "the boolean np.True_ — a boolean is no number here: pass 1.0 or 0.0"
    with pytest.raises(ValueError) as info:
        nn.squared_error([[Value(0.0), Value(1.0)]], [[np.True_, 0.0]])
    assert str(info.value) == f"squared_error: target 0 holds {boolean}"
    with pytest.raises(ValueError) as by_accuracy:
        nn.accuracy([[0.0, 1.0]], [[np.True_, 0.0]])
    assert str(by_accuracy.value) == f"accuracy: target 0 holds {boolean}"


def test_a_number_beyond_a_float_in_a_target_row_is_told_so() -> None:
    """Decimal('1e400') is finite, and float() makes it inf: named as beyond a float,
    not "expected finite numbers" of a finite number."""
    big = Decimal("1e400")
    assert float(big) == float("inf")  # the oracle: what float() makes of it
    with pytest.raises(ValueError) as info:
        nn.squared_error([[Value(0.0), Value(1.0)]], [[big, 0.0]])
    assert str(info.value) == (
        "squared_error: target 0 holds Decimal('1E+400'), beyond a float (±1.8e308; "
        "finite as a Decimal, inf as a float)"
    )


def test_fit_names_a_decimal_beyond_a_float_in_x_as_such() -> None:
    """An object X's Decimal('1e400') is named beyond a float, not "is inf" (what
    float() made of it)."""
    with pytest.raises(nn.WrongInput) as info:
        nn.fit(nn.MLP(2, [1], seed=0), [[Decimal("1e400"), 0.5]], [1.0], epochs=1)
    assert str(info.value) == (
        "fit: X row 0 column 0 is Decimal('1E+400'), beyond a float (±1.8e308; finite as "
        "a Decimal, inf as a float)"
    )


@pytest.mark.parametrize(
    ("target", "hint"),
    [
        (np.timedelta64(1, "s"), re.escape(": a numpy timedelta64 is a duration, not a number")),
        (np.datetime64("2020-01-01"), re.escape(": a numpy datetime64 is a date, not a number")),
    ],
    ids=["timedelta64", "datetime64"],
)
def test_accuracy_says_what_a_time_target_is(target: Any, hint: str) -> None:
    """A duration or a date as a target is told what it is (the engine's hint), after
    "expected a number or a row of them"."""
    with pytest.raises(ValueError, match=r"expected a number or a row of them" + hint):
        nn.accuracy([[0.0]], [target])


def test_an_unheld_int_in_a_frames_unsigned_column_is_refused() -> None:
    """A uint64 column beside a float one is rounded by np.asarray as an int64 one is
    (2**53 + 1 becomes 2**53): named, as the int64 column's is."""
    frame = Frame(a=[0.5, 1.5], n=np.array([1, _UNHELD], dtype=np.uint64))
    assert np.asarray(frame).dtype == np.float64  # the conversion that rounds it
    with pytest.raises(ValueError, match=rf"^predict: X row 1 column 1 is the integer {_UNHELD},"):
        nn.predict(nn.MLP(2, [1], seed=0), frame)


def test_fit_tells_a_0d_duration_among_x_objects_what_it_is() -> None:
    """A 0-d timedelta64 array in a cell of an object X keeps its shape (numpy's own
    reading of it), and is told what a duration is, as a numpy timedelta64 scalar is —
    not "not a number", which says nothing of what to pass."""
    X = np.empty((1, 2), dtype=object)
    X[0, 0], X[0, 1] = np.array(np.timedelta64(1, "s")), 0.5
    with pytest.raises(nn.WrongInput) as info:
        nn.fit(nn.MLP(2, [1], seed=0), X, [1.0], epochs=1, progress=False)
    assert str(info.value).startswith(
        "fit: X row 0 column 0 is array(1, dtype='timedelta64[s]'): a numpy timedelta64 is "
        "a duration, not a number — pass a float of it in the unit meant"
    )


def test_a_0d_array_is_a_number_for_bias_init() -> None:
    """bias_init=np.array(0.25) is the number it holds (as check_number reads one): every
    bias starts at 0.25."""
    model = nn.MLP(2, [3, 1], bias_init=np.array(0.25), seed=0)
    biases = [n.b.data for layer in model.layers for n in layer.neurons]
    assert biases == [0.25] * 4
