"""Reading X and y (nn/inputs.py), as fit, predict and evaluate do: an integer no float
holds in X or y, a table's int column, a y of the wrong length. Oracles: Python's own
float() and the cell planted."""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from frames import Frame

import nn
from autograd_mini import Value
from nn.inputs import checked_X

# 2**53 + 1 = 9007199254740993: the first integer no float holds (its neighbours, 2**53
# and 2**53 + 2, are floats; round-half-even takes it to 2**53). The engine refuses it
# (Value(2**53 + 1)); nn refused it nowhere, rounding it without a word.
_UNHELD = 9007199254740993


@pytest.mark.parametrize(
    ("X", "row", "column"),
    [
        ([[_UNHELD]], 0, 0),  # a list of ints: np.asarray makes it int64
        ([[1, 2], [3, -_UNHELD]], 1, 1),
        ([[1.5], [_UNHELD]], 1, 0),  # mixed with floats: np.asarray rounded it already
        (((1.5, 0.0), (0.0, _UNHELD)), 1, 1),
        ([[0.5, 0.0], [-_UNHELD, 0.25]], 1, 0),  # only the smallest number is beyond
        ([[0.5, math.nan], [_UNHELD, 0.25]], 1, 0),  # a nan: no largest number to go by
        (np.array([[1], [_UNHELD]], dtype=np.int64), 1, 0),
        (np.array([[2**63 + 1]], dtype=np.uint64), 0, 0),
        ([[2**64 + 1]], 0, 0),  # beyond int64 and uint64: an object array
        ([[Fraction(1, 2)], [_UNHELD]], 1, 0),  # a Fraction: an object array
        (np.array([[1.0], [_UNHELD]], dtype=object), 1, 0),
        (np.array([[np.int64(_UNHELD)]], dtype=object), 0, 0),
    ],
    ids=[
        "int list",
        "negative",
        "mixed list",
        "tuples",
        "negative among floats",
        "beside nan",
        "int64",
        "uint64",
        "beyond int64",
        "with a Fraction",
        "object array",
        "numpy int in objects",
    ],
)
def test_an_integer_no_float_holds_is_refused_naming_its_cell(
    X: Any, row: int, column: int
) -> None:
    """Every nn entry that reads X refuses an int that float() would round, as the engine
    refuses Value(2**53 + 1), naming X's row and column (fit, predict, evaluate)."""
    n = len(X)
    big = int(np.asarray(X, dtype=object)[row, column])
    assert float(big) != big  # the oracle: Python's own float() rounds it
    words = rf"row {row} column {column} is the integer {big}, which no float holds"
    width = len(np.asarray(X, dtype=object)[0])
    model = nn.MLP(width, [1], seed=0)
    with pytest.raises(ValueError, match=rf"^predict: X {words}"):
        nn.predict(model, X)
    with pytest.raises(ValueError, match=rf"^evaluate: X {words}"):
        nn.evaluate(model, X, [0.0] * n)
    with pytest.raises(ValueError, match=rf"^fit: X {words}"):
        nn.fit(model, X, [0.0] * n, epochs=1)


def test_an_integer_no_float_holds_in_a_frames_int_column_is_refused_naming_its_cell() -> None:
    """A DataFrame mixing an int64 column with a float one: np.asarray(df) is a float
    array, in which 2**53 + 1 is already 2**53, so nn trained on the rounded number
    without a word while it refuses the same int in an int array or a list. Each integer
    column is now looked at before it is taken. Oracle: the cell planted (row 2, column
    1); 2**53 itself, which a float holds, is taken, as the float array of the same
    numbers is."""
    y = [0.0, 1.0, 0.0]
    frame = Frame(a=[0.5, 1.5, -2.0], n=np.array([1, 2, _UNHELD], dtype=np.int64))
    assert np.asarray(frame).dtype == np.float64  # the conversion that rounded it
    words = rf"row 2 column 1 is the integer {_UNHELD}, which no float holds"
    model = nn.MLP(2, [1], seed=0)
    with pytest.raises(ValueError, match=rf"^predict: X {words}"):
        nn.predict(model, frame)
    with pytest.raises(ValueError, match=rf"^evaluate: X {words}"):
        nn.evaluate(model, frame, y)
    with pytest.raises(ValueError, match=rf"^fit: X {words}"):
        nn.fit(model, frame, y, epochs=1, progress=False)
    held = Frame(a=[0.5, 1.5, -2.0], n=np.array([1, -(2**53), 2**53], dtype=np.int64))
    as_floats = np.array([[0.5, 1.0], [1.5, -(2.0**53)], [-2.0, 2.0**53]])
    assert nn.predict(model, held).tolist() == nn.predict(model, as_floats).tolist()


@pytest.mark.parametrize(
    ("y", "place"),
    [
        ([0, _UNHELD, 1], "target 1"),  # a list of ints: np.asarray makes it int64
        ([0.5, -_UNHELD, 1.0], "target 1"),  # mixed with floats: np.asarray rounded it already
        (np.array([0, 1, _UNHELD], dtype=np.int64), "target 2"),
        (np.array([0, 1, 2**63 + 1], dtype=np.uint64), "target 2"),
        ([0, 2**64 + 1, 1], "target 1"),  # beyond int64 and uint64: an object array
        ([Fraction(1, 2), _UNHELD, 1], "target 1"),  # a Fraction: an object array
        ([[0, 1], [_UNHELD, 0], [1, 1]], "target 1 column 0"),  # rows of targets
        ([[0.5, 1], [0.0, _UNHELD], [1, 1]], "target 1 column 1"),
        (Frame(a=[0.5, 1.5, -2.0], n=np.array([1, 2, _UNHELD])), "target 2 column 1"),
    ],
    ids=[
        "int list",
        "mixed list",
        "int64",
        "uint64",
        "beyond int64",
        "with a Fraction",
        "int rows",
        "mixed rows",
        "frame",
    ],
)
def test_a_target_no_float_holds_is_refused_naming_its_row(y: Any, place: str) -> None:
    """fit and evaluate read y as float64 targets, and an int no float holds was rounded
    without a word (2**53 + 1 trained as 2**53), where the same int in X is refused. Now
    y is read as X is, naming the target's row (and column, for rows of targets)."""
    big = int(np.asarray(y, dtype=object)[tuple(int(i) for i in place.split()[1::2])])
    assert float(big) != big  # the oracle: Python's own float() rounds it
    k = 2 if "column" in place else 1
    model = nn.MLP(2, [k], seed=0)
    X = np.zeros((3, 2))
    words = rf"y {place} is the integer {big}, which no float holds"
    with pytest.raises(ValueError, match=rf"^evaluate: {words}"):
        nn.evaluate(model, X, y)
    with pytest.raises(ValueError, match=rf"^fit: {words}"):
        nn.fit(model, X, y, epochs=1, progress=False)
    with pytest.raises(ValueError, match=rf"^fit: validation {words}"):
        nn.fit(model, X, np.zeros((3, k)).squeeze(1) if k == 1 else np.zeros((3, k)),
               epochs=1, progress=False, validation=(X, y))  # fmt: skip
    # 2**53 itself, and 2**60, which a float holds, are taken
    held = [0, 2**53, 2**60] if k == 1 else [[0, 2**53], [2**60, 0], [1, 1]]
    assert math.isfinite(nn.evaluate(model, X, held, loss="squared_error")[0])


@pytest.mark.parametrize(
    "X",
    [[[2**53]], [[2**60]], [[-(2**63)]], [[1.5], [2.0**60]], [[10**20]], [[2**53 - 1]]],
    ids=["2**53", "2**60", "int64 min", "float 2**60", "10**20", "2**53 - 1"],
)
def test_an_integer_a_float_holds_is_taken(X: Any) -> None:
    """Beyond 2⁵³ only the integers no float holds are refused: 2**60, 10**20 (= 2²⁰·5²⁰,
    5²⁰ < 2⁵³) and −2⁶³ are floats exactly, and predict takes them."""
    model = nn.MLP(1, [1], seed=0)
    want = nn.predict(model, np.array([[float(r[0])] for r in X]))
    assert all(float(r[0]) == r[0] for r in X)  # the oracle: exact in a float
    np.testing.assert_array_equal(nn.predict(model, X), want)


def test_a_y_of_the_wrong_length_is_blamed_on_y() -> None:
    """X of 4 rows with 3 targets said "fit: X must be a 2-D array with one row per
    target, got shapes (4, 2), (3,)", blaming a right X; a row of targets (shape (1, 4))
    the same. Now y is named with both counts, a row of targets pointed to y.ravel();
    X's own shape errors still name X."""
    model = nn.MLP(2, [3, 1], seed=0)
    X = np.zeros((4, 2))
    with pytest.raises(ValueError, match=r"^fit: y has 3 targets for X's 4 rows: give one "):
        nn.fit(model, X, [0, 1, 0], progress=False)
    want = r"^fit: y has 1 target for X's 4 rows: .* \(y has shape \(1, 4\): .*y\.ravel\(\)"
    with pytest.raises(ValueError, match=want):
        nn.fit(model, X, np.zeros((1, 4)), progress=False)
    want = r"^fit: validation y has 2 targets for validation X's 4 rows"
    with pytest.raises(ValueError, match=want):
        nn.fit(model, X, [0, 1, 0, 1], validation=(X, [0, 1]), progress=False)
    with pytest.raises(ValueError, match=r"^fit: X "):
        nn.fit(model, np.zeros(4), [0, 1, 0, 1], progress=False)


def _suggested(message: str) -> list[str]:
    """The expressions a hint gives after "give one row: " or "give a column: "."""
    tail = re.search(r"give (?:one row|a column): (.*)$", message)
    assert tail is not None, message
    return tail.group(1).split(" or ")


def test_one_sample_given_as_a_flat_row_is_told_how_to_make_it_a_table() -> None:
    """``predict(model, X[0])`` was refused ("X must be a 2-D array, one row per sample,
    got shape (3,)") with no word of how to give one sample. When the 1-D array has as
    many numbers as the model has inputs, the message suggests a one-row table; for a
    model of one input, a column. The oracle: each suggested expression, evaluated,
    predicts what the whole table's row gives; a length that matches nothing gets no
    hint, nor does a model that keeps no input count (a plain function)."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(5, 3))
    model = nn.MLP(3, [4, 2], seed=0)
    want = nn.predict(model, X)[:1]
    for call in (
        lambda x: nn.predict(model, x),
        lambda x: nn.evaluate(model, x, [0.0], loss="squared_error"),
        lambda x: nn.fit(model, x, [[0.0, 1.0]], progress=False),
    ):
        for x, array in ((X[0], True), (X[0].tolist(), False)):
            with pytest.raises(ValueError, match=r"one row per sample, got shape \(3,\)") as e:
                call(x)
            hints = _suggested(str(e.value))
            assert hints == (["x[None]", "x.reshape(1, -1)"] if array else ["[x]"])
            for hint in hints:
                got = nn.predict(model, eval(hint, {"x": x}))
                np.testing.assert_array_equal(got, want)
    with pytest.raises(ValueError, match=r"got shape \(2,\)$"):
        nn.predict(model, X[0, :2])
    with pytest.raises(ValueError, match=r"got shape \(3,\)$"):
        nn.predict(lambda x: x, X[0])
    one_input = nn.MLP(1, [2, 1], seed=0)
    column = X[:, 0]
    with pytest.raises(ValueError, match=r"for 5 samples of the model's one input") as e:
        nn.predict(one_input, column)
    (hint,) = _suggested(str(e.value))
    np.testing.assert_array_equal(
        nn.predict(one_input, eval(hint, {"x": column})),
        nn.predict(one_input, [[v] for v in column.tolist()]),
    )


@pytest.mark.parametrize(
    "x",
    [
        ["a", "b"],
        np.array(["a", "b"]),
        [1.0, "a"],
        [True, False],
        np.array([1 + 1j, 2.0]),
        np.array([1, 2], dtype="m8[s]"),
        [1.0, 2.0],
    ],
    ids=[
        "strings",
        "string array",
        "a string among numbers",
        "booleans",
        "complex",
        "m8",
        "numbers",
    ],
)
def test_a_1d_x_is_told_its_shape_whatever_its_cells_hold(x: object) -> None:
    """A 1-D X of strings was nn.WrongInput ("predict: X[0] is the string 'a'") where a
    1-D X of numbers is a plain ValueError naming the shape: the cell check ran first.
    The shape is X's own fault, told first, the same way for every kind of cell."""
    model = nn.MLP(2, [1], seed=0)
    for call in (
        lambda X: nn.predict(model, X),
        lambda X: nn.fit(model, X, [0.0], epochs=1, progress=False),
    ):
        with pytest.raises(ValueError) as caught:
            call(x)
        assert type(caught.value) is ValueError  # not nn.WrongInput
        assert "X must be a 2-D array, one row per sample, got shape (2,)" in str(caught.value)


#: What the engine says after naming a boolean given for a number (reals.boolean_hint)
_NO_BOOLEAN = "a boolean is no number here: pass 1.0 or 0.0"


@pytest.mark.parametrize(
    ("X", "place", "named"),
    [
        ([[0.5, 1.0], [True, 0.25]], "row 1 column 0", "True"),
        ([[0.5, np.False_], [1.0, 0.25]], "row 0 column 1", "np.False_"),
        (([0.5, 1.0], (2, True)), "row 1 column 1", "True"),  # ints: an int64 array
        ([[0.5, 2.0], [True, None]], "row 1 column 0", "True"),  # objects, as before
    ],
    ids=["floats", "numpy's", "ints", "beside None"],
)
def test_a_boolean_among_numbers_in_X_is_refused_where_it_is(
    X: Any, place: str, named: str
) -> None:
    """numpy makes ``[[True, 0.25]]`` the floats [[1.0, 0.25]]: fit trained the boolean
    as 1.0 without a word (an X all of booleans, and one numpy holds as objects, were
    refused). It is named by row and column, in the engine's words."""
    model = nn.MLP(2, [1], seed=0)
    message = f"fit: X {place} is the boolean {named} — {_NO_BOOLEAN}"
    with pytest.raises(nn.WrongInput, match=f"^{re.escape(message)}$"):
        nn.fit(model, X, [0.0, 1.0], epochs=1)
    with pytest.raises(nn.WrongInput, match=f"^{re.escape(message.replace('fit', 'predict'))}$"):
        nn.predict(model, X)
    message = f"MLP: input 0 is the boolean {named} — {_NO_BOOLEAN}"  # "bool (True)" was
    with pytest.raises(nn.WrongInput, match=f"^{re.escape(message)}$"):
        model([{"True": True, "np.False_": np.False_}[named], 0.5])


def test_a_boolean_among_numbers_in_y_is_refused_where_it_is() -> None:
    """``y = [0.5, True]`` was the floats [0.5, 1.0] to numpy, and trained so. One target
    per sample may be a class index too (``[2, True]`` for cross-entropy: "pass 1.0 or
    0.0" alone was no advice there), as all-boolean targets are told; a cell of a one-hot
    row is no index."""
    model = nn.MLP(2, [1], seed=0)
    X = [[0.5, 1.0], [0.0, 0.25]]
    told = f"^fit: y target 1 is the boolean True — {_NO_BOOLEAN}, or a class index$"
    with pytest.raises(ValueError, match=told):
        nn.fit(model, X, [0.5, True], epochs=1)
    with pytest.raises(ValueError, match=told):
        nn.fit(nn.MLP(2, [3], seed=0), X, [2, True], loss="cross_entropy", epochs=1)
    told = f"^fit: y target 0 column 1 is the boolean np.True_ — {_NO_BOOLEAN}$"
    with pytest.raises(ValueError, match=told):
        nn.fit(nn.MLP(2, [2], seed=0), X, [[0.0, np.True_], [1.0, 0.0]], epochs=1)


def test_a_boolean_or_value_in_an_object_array_y_is_told_as_batches_tells_it() -> None:
    """fit never looked at the cells of an object-array y: cross_entropy named target
    0 ("the single number 0.0 … must be an integer"), the wrong cell with no word of the
    boolean numpy read as 1.0, and squared_error's words were the loss's, not batches'
    (which nn.data says are fit's). Now both losses say what batches says."""
    X = np.array([[0.0], [1.0], [2.0]])
    for cell, said in (
        (True, f"is the boolean True — {_NO_BOOLEAN}, or a class index"),
        (Value(1.0), "is Value(data=1.0, grad=0.0); targets are plain numbers: give its number"),
    ):
        y = np.array([0.0, cell, 1.0], dtype=object)
        with pytest.raises(ValueError) as caught:
            list(nn.data.batches(X, y, 2))
        told = str(caught.value)
        assert told.startswith(f"batches: y target 1 {said}")
        for loss, outputs in (("squared_error", 1), ("cross_entropy", 2)):
            with pytest.raises(ValueError) as caught:
                nn.fit(nn.MLP(1, [outputs], seed=0), X, y, loss=loss, epochs=1)
            assert str(caught.value) == told.replace("batches:", "fit:", 1)


class _Floatable:
    """A student's number-like object: only ``__float__`` (nn's cells read it; the
    engine's ``as_real`` does not)."""

    def __float__(self) -> float:
        return 0.5

    def __repr__(self) -> str:
        return "_Floatable()"


class _RaisingFloat(_Floatable):
    """One whose ``__float__`` raises: its error came out of fit as if it were nn's."""

    def __float__(self) -> float:
        raise ZeroDivisionError("the student's own __float__")


@pytest.mark.parametrize("kind", [_Floatable, _RaisingFloat])
def test_an_object_with_its_own_float_is_no_number_in_X(kind: type) -> None:
    """X's cells were read by float(): an object with ``__float__`` was trained on (one
    whose ``__float__`` raised stopped fit with its ZeroDivisionError); a cell is a number
    as the engine's ``as_real`` takes one, and this is refused, named where it is."""
    model = nn.MLP(2, [1], seed=0)
    name = kind.__name__
    X = [[0.5, 1.0], [0.0, kind()]]
    with pytest.raises(
        nn.WrongInput, match=r"^fit: X row 1 column 1 is _Floatable\(\), not a number$"
    ):
        nn.fit(model, X, [0.0, 1.0], epochs=1)
    with pytest.raises(
        ValueError, match=r"^fit: y: squared_error: target 1 is _Floatable\(\), expected"
    ):
        nn.fit(model, [[0.5, 1.0], [0.0, 0.25]], [0.0, kind()], epochs=1)
    with pytest.raises(
        nn.WrongInput, match=rf"^MLP: input 1 is {name} \(_Floatable\(\)\), expected a number$"
    ):
        model([0.5, kind()])


@pytest.mark.parametrize(
    "data",
    [
        [0, 1, 1, 0],  # class indices: an int64 array
        [0.0, 1.0, 0.5],
        [[0.0, 1.0], [1.0, 0.0]],
        [[0, 1], [1, 0.5]],  # ints beside floats: several types, none a boolean's
        [np.int64(1), np.float64(0.0), np.array(1), np.array(0.0)],
        [[Fraction(1), 0.0], [1, np.float32(1.0)]],
    ],
    ids=["class indices", "floats", "rows", "ints and floats", "numpy's", "Fraction"],
)
def test_a_zero_or_a_one_that_is_no_boolean_is_never_called_one(data: Any) -> None:
    """What a boolean became (0 or 1) is looked up in the list: a class index 0 or 1, an
    exact 0.0 or 1.0, numpy's 0 and 1, are numbers, found by their types, not values."""
    from nn.checks import listed_boolean

    assert listed_boolean(data, np.asarray(data, dtype=float)) is None
    if isinstance(data[0], list):
        nn.fit(nn.MLP(2, [1], seed=0), data, [0.0, 1.0], epochs=1, progress=False)
    else:
        nn.fit(nn.MLP(1, [2], seed=0), [[0.5]] * 2, [0, 1], epochs=1, progress=False)


@pytest.mark.parametrize(
    ("data", "at"),
    [
        ([[0.0] * 783 + [True]], (0, 783)),  # a row of floats but its last cell
        ([[0.25, 0.5], [0.0] * 2, [0.5, 1.0], [0.0, np.True_]], (3, 1)),
        ([[False, 0.5], [0.0, 0.5]], (0, 0)),  # the first cell a boolean
        ([[1, 0.5], [0.0, 2], [3, False]], (2, 1)),  # several types beside it
        ([0.5] * 100 + [0, 1.0, True], (102,)),  # targets
        ([1, 2, 0, False, 2], (3,)),  # class indices: an int64 array
        ([[0.5, 0.25], [np.array(True), 0.5]], (1, 0)),  # a 0-d array of one
        ([np.array(0.5), np.array(False)], (1,)),
    ],
    ids=[
        "last cell",
        "numpy's",
        "first cell",
        "several types",
        "targets",
        "indices",
        "0-d array",
        "0-d arrays",
    ],
)
def test_a_boolean_is_found_wherever_it_is_in_the_list(data: Any, at: tuple[int, ...]) -> None:
    """Cells all of one type are counted rather than gathered into a set of types: a
    boolean after any number of floats, or first, or beside ints and floats, is found
    at its index (the oracle: the cell planted)."""
    from nn.checks import listed_boolean

    assert listed_boolean(data, np.asarray(data)) == at


def test_a_0d_array_of_a_boolean_is_refused_in_X_and_y() -> None:
    """``np.array(True)`` in a list is 1.0 to numpy, as True is: X and y holding one were
    trained without a word (its type, ndarray, was not among those looked at)."""
    model = nn.MLP(2, [1], seed=0)
    with pytest.raises(nn.WrongInput, match=r"^fit: X row 1 column 0 is the boolean np\.True_ — "):
        nn.fit(model, [[0.5, 0.25], [np.array(True), 0.5]], [0.0, 1.0], epochs=1)
    with pytest.raises(ValueError, match=r"^fit: y target 0 is the boolean np\.False_ — "):
        nn.fit(model, [[0.5, 0.25], [0.0, 0.5]], [np.array(False), 0.5], epochs=1)


def test_a_value_in_X_is_refused_saying_what_to_give() -> None:
    """A Value in X was read through its ``__float__`` before the nn33 merge, then told
    "is Value(data=0.5, grad=0.0), not a number": neither why nor what to give."""
    from autograd_mini import Value

    X = [[0.5, 0.25], [Value(0.5), 0.25]]
    words = (
        r"X row 1 column 0 is Value\(data=0\.5, grad=0\.0\): X holds plain numbers, of which "
        r"the model makes Values itself \(no gradient would reach this one\): give its "
        r"number, v\.data$"
    )
    with pytest.raises(nn.WrongInput, match=f"^fit: {words}"):
        nn.fit(nn.MLP(2, [1], seed=0), X, [0.0, 1.0], epochs=1)
    with pytest.raises(nn.WrongInput, match=f"^predict: {words}"):
        nn.predict(nn.MLP(2, [1], seed=0), X)


def _object_X(cell: object) -> np.ndarray:
    """A 1×2 array of objects, [[0.5, cell]] (np.array would unpack a 0-d array)."""
    X = np.empty((1, 2), dtype=object)
    X[0, 0], X[0, 1] = 0.5, cell
    return X


@pytest.mark.parametrize(
    ("cell", "said"),
    [
        (np.array(True), r"is the boolean np\.True_ — a boolean is no number here"),
        (np.array(None, dtype=object), r"is None, not a number$"),
        (np.array(2**53 + 1, dtype=object), r"is the integer 9007199254740993, which no float"),
    ],
    ids=["boolean", "None", "big int"],
)
def test_a_0d_array_among_X_objects_is_told_as_what_it_holds(cell: Any, said: str) -> None:
    """A 0-d array as a cell of an object X was 'is array(True), not a number' (or
    array(None, dtype=object), array(9007199254740993, dtype=object)): the boolean not
    told as one, as it is in a list, and nothing said of what to give."""
    with pytest.raises(nn.WrongInput, match=rf"^X row 0 column 1 {said}"):
        checked_X(_object_X(cell), "X")


def test_a_0d_array_of_a_number_among_X_objects_is_its_number() -> None:
    """np.array(0.25) in a list of rows is 0.25 to numpy, and trained so; as a cell of
    an object X it was 'is array(0.25), not a number', which is untrue."""
    assert checked_X(_object_X(np.array(0.25)), "X").tolist() == [[0.5, 0.25]]


def test_a_value_in_a_0d_array_among_X_objects_is_told_to_give_v_data() -> None:
    """np.array(v, dtype=object) in X was 'is array(Value(data=0.5, grad=0.0), dtype=…,
    not a number' where a bare Value is told why and what to give."""
    from autograd_mini import Value

    with pytest.raises(nn.WrongInput, match=r"^X row 0 column 1 is Value\(.*: give its number"):
        checked_X(_object_X(np.array(Value(0.5), dtype=object)), "X")


class _OwnFloat:
    """An object with a ``__float__`` of its own: no number to the engine's as_real."""

    def __float__(self) -> float:
        return 0.5

    def __repr__(self) -> str:
        return "OwnFloat()"


@pytest.mark.parametrize(
    ("cell", "said"),
    [
        (None, "is None, not a number"),
        (1j, "is the complex number 1j; the model computes with reals"),
        (np.datetime64("2020-01-01"), "is np.datetime64('2020-01-01'): a numpy datetime64 "
         "is a date, not a number"),
        (_OwnFloat(), "is OwnFloat(), not a number"),
        (10**400, "is an integer of 401 digits, beyond a float (±1.8e308)"),
        (math.nan, "is nan"),
        (-math.inf, "is -inf"),
        (np.float64(math.inf), "is inf"),
        (b"ab", "is the bytes b'ab'; give numbers (bytes are not read as numbers)"),
    ],
    ids=["None", "complex", "date", "__float__", "10**400", "nan", "-inf", "np inf", "bytes"],
)  # fmt: skip
def test_each_cell_of_an_object_X_is_told_in_fits_words(cell: Any, said: str) -> None:
    """fit reads an X numpy holds as objects with the one scan nn.data's batches uses
    (nn.checks.object_cell_refused, fit's contract: numbers only); each kind of cell
    that is no finite real number keeps the words it had (written out here), and the
    numbers are taken as float() reads them, -0.0 keeping its sign."""
    X = np.empty((2, 2), dtype=object)
    X[:] = [[0.5, -0.0], [Fraction(1, 4), 3]]
    taken = checked_X(X, "X")
    assert taken.tolist() == [[0.5, 0.0], [0.25, 3.0]]
    assert math.copysign(1.0, taken[0, 1]) == -1.0  # -0.0 (== 0.0) kept as given
    X[1, 0] = cell
    with pytest.raises(nn.WrongInput) as info:
        checked_X(X, "fit: X")
    assert str(info.value) == f"fit: X row 1 column 0 {said}"
