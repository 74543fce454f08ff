"""Every reader of "a real number" gives the same answer for the same input.

One table of inputs (each 500 in its own type, or something that only looks like a
number) × one table of readers (the engine's, ``nn``'s, the checkers'): each pair's exact
outcome is asserted, from :mod:`autograd_mini.reals`'s rule. numpy registers
``np.timedelta64`` as a ``numbers.Integral``, so ``Value(np.timedelta64(5))`` was 5.0
without a word (as was gradcheck's eps, a picture's ``column``, a trace's input, grad's
argument, nn's sample and target) and ``np.timedelta64(5, 's')`` met a bare TypeError
from ``float()`` naming no argument; a 0-d timedelta64 array's ``item()`` is a plain int.

The readers differ only where the library decided they do, each named in its row:
``v.data = …``, ``backward(gradient=…)``, a sample's cell and nn's data cell take no
array (not even a 0-d one); a size or tolerance argument, nn's data and a checker take a
Decimal (``float()`` reads it) where the engine refuses one with advice; a checker reads
the numbers the engine reads (and a library's 0-d tensor), and nn's X its cells, never
calling an object's own ``float()``: an object with only ``__float__`` or ``__index__``
is no number (a Decimal is no checker's answer).
A bool is never a number (``True`` is a slip): tests/test_value.py, test_misuse.py and
test_module.py hold that already, and the table keeps it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import editions
import numpy as np
import pytest

import nn
from autograd_mini import Value, draw_graph, grad, gradcheck, jvp, trace
from autograd_mini.arguments import check_argnums
from autograd_mini.reals import beyond_words
from autograd_mini.steps import step_player
from nn.checks import finite_float, is_count
from nn.data import one_hot
from nn.init import make_rng
from nn.inputs import checked_X
from nn.layers import as_sample
from nn.losses import SquaredError
from nn.module import real_number as parameter_number
from notebooks.exercises import Mistake, expect_close, expect_close_all
from notebooks.exercises.reading import as_float


class OnlyFloat:
    """An object ``float()`` reads that is no ``numbers.Real``."""

    def __float__(self) -> float:
        return 500.0

    def __repr__(self) -> str:
        return "OnlyFloat()"


class OnlyIndex:
    """An object ``float()`` and ``int()`` read (``__index__``) that is no number type."""

    def __index__(self) -> int:
        return 500

    def __repr__(self) -> str:
        return "OnlyIndex()"


DURATION = "a numpy timedelta64 is a duration, not a number"
DATE = "a numpy datetime64 is a date, not a number"
COMPLEX = "a complex number is not taken for a real one"
DECIMAL = "a Decimal is not taken for a float without a word"
#: nn's refusal of a bool, Python's or numpy's, in the engine's words (reals.described
#: and boolean_hint): "the boolean True — a boolean is no number here: pass 1.0 or 0.0"
_BOOLEAN = r"the boolean (True|np\.True_) — a boolean is no number here: pass 1\.0 or 0\.0$"


@dataclass(frozen=True)
class Given:
    """One input: what it is (its ``kind`` decides which readers take it) and the words a
    refusal adds for it ("" when none: a str, a bool, an object of no number type)."""

    value: Any
    kind: str  # "real", "0-d", "decimal", "float()" (no number type) or "not"
    hint: str = ""


INPUTS: dict[str, Given] = {
    "float": Given(500.0, "real"),
    "int": Given(500, "real"),
    "np.float32": Given(np.float32(500), "real"),
    "np.int64": Given(np.int64(500), "real"),
    "Fraction": Given(Fraction(500), "real"),
    "0-d array": Given(np.array(500.0), "0-d"),
    "Decimal": Given(Decimal(500), "decimal", DECIMAL),
    "timedelta64": Given(np.timedelta64(500), "not", DURATION),
    "timedelta64 s": Given(np.timedelta64(500, "s"), "not", DURATION),
    "0-d timedelta64": Given(np.array(np.timedelta64(500)), "not 0-d", DURATION),
    "datetime64": Given(np.datetime64(500, "D"), "not", DATE),
    "bool": Given(True, "not"),
    "np.bool_": Given(np.True_, "not"),
    "str": Given("500", "not"),
    "complex": Given(500 + 0j, "not", COMPLEX),
    "np.complex128": Given(np.complex128(500 + 1j), "not", COMPLEX),
    "np.complex128 real": Given(np.complex128(500), "not", COMPLEX),
    "__float__ only": Given(OnlyFloat(), "float()"),
    "__index__ only": Given(OnlyIndex(), "float()"),
}


def _set_data(x: Any) -> float:
    v = Value(0.0)
    v.data = x
    return v.data


def _seed(x: Any) -> float:
    v = Value(1.0)
    (v * 1.0).backward(gradient=x)
    return v.grad


def _traced(x: Any) -> float:
    seen: list[float] = []  # the number trace made the example input's Value of
    trace(lambda a: seen.append(a[0].data) or a[0] * 1.0, [x])
    return seen[0]


def _target(x: Any) -> float:
    """A one-number target as the losses read it (``fit(model, X, [x])``)."""
    return SquaredError().checked_target(x, 1, 0)[0]


def _checked(x: Any) -> float:
    expect_close("answer", x, 500.0)
    return 500.0


@dataclass(frozen=True)
class Reader:
    """A reader of a real number: ``read(x)`` is 500.0 (or what it returns for it) when it
    takes ``x``; a refusal is ``error`` whose message matches ``says`` (naming the
    argument) and then the input's hint; or None, for a reader that answers None."""

    read: Callable[[Any], Any]
    says: str | None  # None: a refusal is the answer None
    error: type[Exception] = TypeError
    takes: frozenset[str] = frozenset({"real", "0-d"})
    hints: bool = True  # whether a refusal carries the input's hint


READERS: dict[str, Reader] = {
    "Value(x)": Reader(lambda x: Value(x).data, r"^Value: expected a real number or a Value, got "),
    "v + x": Reader(lambda x: (Value(0.0) + x).data, r"^\+: expected a real number or a Value, "),
    "x * v": Reader(lambda x: (x * Value(1.0)).data, r"^\*: expected a real number or a Value, "),
    "v.data = x": Reader(
        _set_data, r"v\.data = .*: expected a real number, got ", takes=frozenset({"real"})
    ),
    "v < x": Reader(lambda x: 500.0 if Value(0.0) < x else 0.0, r"^comparison: expected a real"),
    "backward(gradient=x)": Reader(
        _seed,
        r"^backward: .*(expected a real number or a Value|gradient must be one real)",
        takes=frozenset({"real"}),
    ),
    "gradcheck eps": Reader(
        lambda x: 500.0 * gradcheck(lambda a: a * a, 1.0, eps=x),
        r"^gradcheck: eps must be a real number, got ",
        takes=frozenset({"real", "0-d", "decimal"}),
    ),
    "draw_graph column": Reader(
        lambda x: 500.0 if draw_graph(Value(1.0, label="a") * 2, column=x) else 0.0,
        r"^draw_graph: column must be a number of px above 0, got ",
        ValueError,
        takes=frozenset({"real", "0-d", "decimal"}),
    ),
    "grad argument": Reader(
        lambda x: grad(lambda a: a * a)(x) / 2, r"^grad: argument 0 is .*; grad takes one number"
    ),
    "grad result": Reader(
        lambda x: 500.0 + grad(lambda a: x)(1.0), r"^grad: <lambda> must return one"
    ),
    "jvp primal": Reader(lambda x: jvp(lambda a: a, (x,), (1.0,))[0], r"^jvp: primals\[0\] is "),
    "trace input": Reader(
        _traced,
        r"^trace: example input 0\[0\] is .*, expected a real number",
    ),
    "nn parameter": Reader(
        lambda x: parameter_number("w", x),
        rf"^load_state_dict: parameter 'w' is (.*, expected a real number|{_BOOLEAN})",
        ValueError,
    ),
    "nn sample": Reader(
        lambda x: as_sample([x], 1, "model")[0],
        rf"^model: input 0 is (.*, expected a number|{_BOOLEAN})",
        nn.WrongInput,
        takes=frozenset({"real"}),
    ),
    "nn sample array": Reader(  # a sample as a numpy array: its cells, as tolist() gives them
        lambda x: as_sample(np.array([x]), 1, "model")[0],
        rf"^model: input 0 is (.*, expected a number|{_BOOLEAN})",
        nn.WrongInput,
    ),
    "nn target": Reader(
        _target,
        # a target alone may be a class index: fit's words (nn.checks.boolean_target_named)
        rf"^squared_error: target 0 is (.*expected a number or a row|{_BOOLEAN[:-1]}, or a "
        r"class index$)",
        ValueError,
        takes=frozenset({"real", "0-d", "decimal"}),
    ),
    "accuracy target": Reader(
        lambda x: 500.0 * nn.accuracy([[1000.0]], [x], threshold=250.0, target_threshold=250.0),
        r"^accuracy: (target 0 is .*, expected a (number|finite number)|targets hold booleans; "
        r"a boolean is no number here: give numbers)",  # all of them booleans, as fit says
        ValueError,
        takes=frozenset({"real", "0-d", "decimal"}),
    ),
    "nn data cell": Reader(finite_float, None, takes=frozenset({"real", "decimal"})),
    "nn X": Reader(
        lambda x: float(checked_X([[x]], "X")[0, 0]),
        r"^X (row 0 column 0 is .*|holds (booleans|complex numbers|numpy (durations|dates)))",
        ValueError,
        takes=frozenset({"real", "0-d", "decimal"}),  # not an object's own __float__
        hints=False,  # a whole array of durations is told so: "X holds numpy durations"
    ),
    "checker as_float": Reader(as_float, None, takes=frozenset({"real"})),
    "checker expect_close": Reader(
        _checked,
        r"^answer: expected (a number, got|500, got a complex number)",
        Mistake,
        takes=frozenset({"real", "0-d"}),  # as the engine's: never an object's __float__
        hints=False,  # a checker's own bilingual words: "expected a number, got …"
    ),
}


@pytest.mark.parametrize("given", list(INPUTS.values()), ids=list(INPUTS))
@pytest.mark.parametrize("reader", list(READERS.values()), ids=list(READERS))
def test_a_real_number_is_read_alike(reader: Reader, given: Given) -> None:
    if given.kind in reader.takes:
        assert reader.read(given.value) == 500.0
        return
    if reader.says is None:
        assert reader.read(given.value) is None
        return
    with pytest.raises(reader.error) as caught:
        reader.read(given.value)
    message = str(caught.value)
    assert re.search(reader.says, message), message
    hint = given.hint if reader.hints and given.kind != "not 0-d" else ""
    if given.kind == "not 0-d" and reader.hints and "0-d" in reader.takes:
        hint = given.hint  # its one number is read, and named
    assert hint in message, message
    assert "float() argument must be" not in message  # Python's words, naming nothing


@dataclass(frozen=True)
class Counter:
    """A reader of a whole number: ``read(x)`` is x's int when it takes it, else ``error``."""

    read: Callable[[Any], Any]
    error: type[Exception]


def _frames(x: Any) -> int:
    v = Value(1.0)
    step_player(v * 2.0, max_frames=x)
    return 500


COUNTERS: dict[str, Counter] = {
    "grad argnums": Counter(lambda x: check_argnums(x, "grad"), TypeError),
    "nn seed": Counter(lambda x: 500 if make_rng(x) is not None else 0, TypeError),
    "nn count": Counter(lambda x: 500 if is_count(x) else None, AssertionError),
    "step_player max_frames": Counter(_frames, ValueError),
}

WHOLE: dict[str, tuple[Any, bool]] = {
    "int": (500, True),
    "np.int64": (np.int64(500), True),
    "timedelta64": (np.timedelta64(500), False),
    "bool": (True, False),
    "np.bool_": (np.True_, False),
}


@pytest.mark.parametrize("name", list(WHOLE))
@pytest.mark.parametrize("counter", list(COUNTERS.values()), ids=list(COUNTERS))
def test_a_whole_number_is_no_duration(counter: Counter, name: str) -> None:
    """numpy's timedelta64 is an ``np.signedinteger``: argnums, a seed, a count and
    max_frames each took ``np.timedelta64(500)`` as 500."""
    x, taken = WHOLE[name]
    if taken:
        assert counter.read(x) == 500
    elif counter.error is AssertionError:
        assert counter.read(x) is None
    else:
        with pytest.raises(counter.error):
            counter.read(x)


@pytest.mark.parametrize(
    "argnums",
    [
        np.timedelta64(5),
        np.timedelta64(5, "s"),
        [0, np.timedelta64(1)],
        np.array(5, dtype="m8"),
        np.array([0, 1], dtype="m8[s]"),
        np.array([np.timedelta64(1), 0], dtype=object),
        np.array([0, np.timedelta64(1)], dtype=object),
    ],
    ids=["timedelta64", "in seconds", "listed", "0-d array", "array", "objects", "second cell"],
)
def test_argnums_of_durations_get_the_duration_hint(argnums: Any) -> None:
    """grad(f, argnums=np.timedelta64(5)) was refused as "must be an int or a sequence of
    ints" without the words Value(np.timedelta64(5)) gives: the same hint now, each way
    a duration can be given (in an array of objects, in any cell: only the first was
    asked). Its advice is the ints argnums holds: "pass a float of it in the unit
    meant" (the hint of a duration given for a number) named a float, which argnums
    refuses too."""
    with pytest.raises(TypeError, match=r"^grad: argnums must") as caught:
        check_argnums(argnums, "grad")
    said = str(caught.value)
    assert said.endswith(
        ": a numpy timedelta64 is a duration, not an argument position — argnums holds "
        "ints, the positions of the arguments meant, e.g. argnums=0 or argnums=(0, 1)"
    )
    assert "float" not in said


@pytest.mark.parametrize(
    ("argnums", "kind"),
    [
        (np.datetime64(5, "D"), "a numpy datetime64 is a date,"),
        ([0, 1j], "a complex number is"),
        ((Decimal(1),), "a Decimal is"),
        (np.array([Decimal(1)], dtype=object), "a Decimal is"),
        (datetime.timedelta(seconds=2), "a datetime.timedelta is a duration,"),
        ([datetime.date(2020, 1, 1)], "a datetime.date is a date,"),
        ((datetime.datetime(2020, 1, 1),), "a datetime.datetime is a date,"),
    ],
    ids=[
        "date",
        "complex",
        "Decimal",
        "Decimal in an array",
        "Python's duration",
        "Python's date",
        "Python's datetime",
    ],
)
def test_argnums_hints_name_ints(argnums: Any, kind: str) -> None:
    """A date, a complex number or a Decimal in argnums was told to pass z.real or
    float(d): argnums refuses a float; it is told the ints it holds."""
    with pytest.raises(TypeError, match=r"^grad: argnums must") as caught:
        check_argnums(argnums, "grad")
    assert str(caught.value).endswith(
        f": {kind} not an argument position — argnums holds ints, the positions of the "
        f"arguments meant, e.g. argnums=0 or argnums=(0, 1)"
    )


@pytest.mark.parametrize(
    "y",
    [[np.timedelta64(5)], np.array([5], dtype="m8[s]"), [np.datetime64(5, "D")]],
    ids=["listed timedelta64", "timedelta64 array", "listed datetime64"],
)
def test_targets_are_no_times(y: Any) -> None:
    """fit's y of durations or dates trained on their counts (a timedelta64 array's
    astype(float)), without a word."""
    model = nn.MLP(1, [1])
    with pytest.raises(ValueError, match=r"^fit: y holds numpy (durations|dates)"):
        nn.fit(model, [[1.0]], y, epochs=1)


@pytest.mark.parametrize(
    "y",
    [
        [np.timedelta64(5, "s"), 1.0],
        np.array([np.timedelta64(5, "s"), 1.0], dtype=object),
        [np.array(np.timedelta64(5)), 1.0],
        [np.array(np.timedelta64(5, "s")), 1.0],
    ],
    ids=["listed in seconds", "object array", "0-d array", "0-d array in seconds"],
)
def test_a_target_among_numbers_is_no_duration(y: Any) -> None:
    """A duration among float targets: one in seconds stopped fit with Python's bare
    "int() argument must be …" (the check for an integer no float holds called int() on
    it); a 0-d one trained on its count (its ``tolist()`` is an int)."""
    model = nn.MLP(1, [1])
    with pytest.raises(ValueError, match=r"^fit: y: squared_error: target 0 is ") as caught:
        nn.fit(model, [[1.0], [2.0]], y, epochs=1, progress=False)
    assert DURATION in str(caught.value)


@pytest.mark.parametrize(
    "labels",
    [np.array([1, 0], dtype="m8"), np.array([1, 0], dtype="m8[s]"), [np.timedelta64(1)] * 2],
    ids=["timedelta64 array", "in seconds", "listed"],
)
def test_labels_are_no_durations(labels: Any) -> None:
    """one_hot of a timedelta64 array read its labels through ``tolist()`` (ints): it said
    "got objects, each an integer; y.astype(int) makes an integer array of them" — the
    conversion that reads a duration as its count."""
    with pytest.raises(
        ValueError,
        match=r"^one_hot: expected a 1-D array of integer labels, got values of type timedelta64",
    ) as caught:
        one_hot(labels)
    assert DURATION in str(caught.value)


@pytest.mark.parametrize("name", ["0-d timedelta64", "datetime64"])
def test_an_object_cell_of_x_says_why(name: str) -> None:
    """A 0-d array of a duration or date as a cell of X (an object array) was named with
    no reason at all ("X row 0 column 0 is array(500, dtype=timedelta64)"; a date's had
    ", not a number" before reals.py)."""
    cell = INPUTS[name].value
    X = np.empty((1, 1), dtype=object)
    X[0, 0] = np.array(cell)
    with pytest.raises(ValueError, match=r"^X row 0 column 0 is array\(") as caught:
        checked_X(X, "X")
    assert INPUTS[name].hint in str(caught.value)


#: What the engine adds after naming Python's duration given for a number
#: (``Value(datetime.timedelta(days=1))``), written out
PY_DURATION = (
    ": a datetime.timedelta is a duration, not a number — pass a float of it in the unit "
    "meant, e.g. td.total_seconds() for seconds"
)


@pytest.mark.parametrize(
    ("cell", "hint"),
    [
        (datetime.timedelta(days=1), PY_DURATION),
        (datetime.datetime(2020, 1, 2), ": a datetime.datetime is a date, not a number"),
        (datetime.date(2020, 1, 2), ": a datetime.date is a date, not a number"),
    ],
    ids=["timedelta", "datetime", "date"],
)
@pytest.mark.parametrize("given", ["object array", "list"])
def test_pythons_duration_in_x_gets_the_engines_hint(cell: Any, hint: str, given: str) -> None:
    """fit said "X row 1 column 0 is datetime.timedelta(days=1), not a number" where it
    told numpy's np.timedelta64 in the same cell what to pass (and the engine, a model's
    call and fit's y told this one so): Python's duration and date now get the hint."""
    rows = [[0.5], [cell]]
    X = np.array(rows, dtype=object) if given == "object array" else rows
    with pytest.raises(nn.WrongInput) as caught:
        nn.fit(nn.MLP(1, [1], seed=0), X, [0.0, 1.0], epochs=1, progress=False)
    said = str(caught.value)
    assert said.startswith(f"fit: X row 1 column 0 is {cell!r}{hint}"), said
    assert "not a number" not in said.partition(hint)[2], said


@pytest.mark.parametrize(
    "got", [np.timedelta64(3), np.array(np.timedelta64(3))], ids=["timedelta64", "0-d array"]
)
def test_a_duration_for_a_vector_is_no_number(got: Any) -> None:
    """A checker told a duration returned for a vector as "got one number 3 (the sum of
    the entries …)": numpy's float() of np.timedelta64(3) is its count."""
    with pytest.raises(Mistake) as caught:
        expect_close_all("grad", got, [1.0, 2.0])
    assert "one number" not in str(caught.value), str(caught.value)
    assert "grad" in str(caught.value)


#: A 0-d tensor as PyTorch's looks to a checker: shape (), a dtype that is not numpy's
#: (no ``kind``), a float(); written to a folder the test names an installed library's
#: (a checker reads a library's tensor, never a student's class of the same look).
TENSOR_0D = """
class Tensor0d:
    shape = ()
    ndim = 0
    dtype = "torch.float32"

    def __float__(self):
        return 3.0
"""


def test_a_0d_tensor_for_a_vector_is_still_told_as_one_number(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The duration check read a dtype without numpy's ``kind`` as kind "", and ``"" in
    "mM"`` is true: a 0-d PyTorch tensor for a vector was told "an array of shape ()" (the
    words the check exists to avoid), no longer "one number 3 (the sum of the entries …)".
    The oracle: 1 + 2 = 3, the sum the message names."""
    from exercise_cases import installed_library

    library = installed_library(tmp_path, "tensor0d", TENSOR_0D, monkeypatch)
    with pytest.raises(Mistake, match=r"got one number 3 \(the sum of the entries"):
        expect_close_all("grad", library.Tensor0d(), [1.0, 2.0])


@pytest.mark.parametrize(
    "g",
    [
        np.array([1, 2], dtype="m8"),
        [np.array(np.timedelta64(1)), 2.0],
        np.array([1, 2], dtype="m8[s]"),
    ],
    ids=["timedelta64 array", "listed 0-d array", "in seconds"],
)
def test_a_gradient_array_is_no_duration(g: Any) -> None:
    """step_arrays' grad read a timedelta64 array through ``tolist()`` (ints) and a 0-d
    one through ``item()``: the parameters stepped by the durations' counts, without a
    word."""
    data = np.array([1.0, 2.0])
    with pytest.raises(ValueError, match=r"^SGD: grad\[0\] is .*, not a real number") as caught:
        nn.SGD([Value(1.0), Value(2.0)], lr=0.1).step_arrays(data, g)
    assert DURATION in str(caught.value)
    assert data.tolist() == [1.0, 2.0]


def _load_bias(x: Any) -> float:
    model = nn.MLP(1, [1])
    state = model.state_dict()
    state["layers.0.neurons.0.b"] = x
    model.load_state_dict(state)
    return model.state_dict()["layers.0.neurons.0.b"]


def _written(field: str) -> Callable[[Any], float]:
    def write(x: Any) -> float:
        v = Value(0.0, label="w")
        setattr(v, field, x)
        return float(getattr(v, field))

    return write


UNHELD_READERS: dict[str, tuple[Callable[[Any], Any], type[Exception], str]] = {
    "v.data = x": (_written("data"), ValueError, r"w\.data = .*: it is the integer "),
    "v.grad = x": (_written("grad"), ValueError, r"w\.grad = .*: it is the integer "),
    "load_state_dict": (
        _load_bias,
        ValueError,
        r"^load_state_dict: parameter 'layers\.0\.neurons\.0\.b' is the integer ",
    ),
    "model input": (
        lambda x: nn.MLP(2, [1])([1.0, x]).data,
        nn.WrongInput,
        r"^MLP: input 1 is the integer ",
    ),
}


@pytest.mark.parametrize(
    "x", [2**53 + 1, np.uint64(2**64 - 1), -(2**60 + 1)], ids=["2**53 + 1", "uint64", "-(2**60+1)"]
)
@pytest.mark.parametrize("reader", list(UNHELD_READERS))
def test_an_integer_no_float_holds_is_refused(reader: str, x: Any) -> None:
    """Value(2**53 + 1) is refused (it would be rounded to 2**53); v.data =, v.grad =,
    load_state_dict and a model's input stored or computed with the rounded float
    without a word."""
    read, error, says = UNHELD_READERS[reader]
    with pytest.raises(error, match=says) as caught:
        read(x)
    assert f"float({int(x)})" in str(caught.value)  # the way to say the rounding is meant
    assert read(float(x)) is not None  # its float, asked for, is taken
    assert read(2**53) is not None  # and so is every integer a float holds


@pytest.mark.parametrize("x", [10**400, -(10**400)], ids=["10**400", "-(10**400)"])
def test_a_model_input_beyond_a_float_is_named(x: int) -> None:
    """model([1.0, 10**400]) stopped with Python's bare "int too large to convert to
    float"."""
    with pytest.raises(nn.WrongInput, match=r"^MLP: input 1 is an? (negative )?integer of 401"):
        nn.MLP(2, [1])([1.0, x])


@pytest.mark.parametrize(
    "sizes", [(10**400, [1]), (2, [10**400]), (10**5000, [1]), (2, [10**5000]), (2, [3, 10**5000])]
)
def test_sizes_beyond_a_float_are_named(sizes: tuple[Any, list[Any]]) -> None:
    """MLP(10**400, [1]) stopped with Python's bare "int too large to convert to float"
    while it told the memory it would take."""
    with pytest.raises(ValueError, match=r"^MLP: nin=.* make about 10\^\d+ parameters, .*GB"):
        nn.MLP(*sizes)


#: 1e400, finite in a numpy longdouble where it is wider than a float (x86's 80 bits)
HUGE_LONG = np.longdouble("1e400")


def _fit_x(X: Any) -> Any:
    return nn.fit(nn.MLP(1, [1]), X, [1.0], epochs=1, progress=False)


def _fit_y(x: Any) -> Any:
    return nn.fit(nn.MLP(1, [1]), [[1.0]], [x], epochs=1, progress=False)


#: every reader of one number: what it raises and how it names the argument
BEYOND_READERS: dict[str, tuple[Callable[[Any], Any], type[Exception], str]] = {
    "Value(x)": (Value, OverflowError, r"^Value: np\.longdouble\('1e\+400'\) is "),
    "v.data = x": (_written("data"), OverflowError, r"^.*w\.data = .*: beyond a float"),
    "model call": (lambda x: nn.MLP(2, [1])([1.0, x]), nn.WrongInput, r"^MLP: input 1 is np\."),
    "model call, array": (
        lambda x: nn.MLP(2, [1])(np.array([1.0, x])),
        nn.WrongInput,
        r"^MLP: input 1 is np\.",
    ),
    "fit X": (lambda x: _fit_x([[x]]), nn.WrongInput, r"^fit: X row 0 column 0 is np\.longdouble"),
    "fit X array": (
        lambda x: _fit_x(np.array([[x]])),
        nn.WrongInput,
        r"^fit: X row 0 column 0 is np\.longdouble",
    ),
    "fit y": (_fit_y, ValueError, r"^fit: y: squared_error: target 0 holds np\.longdouble"),
    "checker": (lambda x: expect_close("answer", x, 1.0), Mistake, r"^answer: expected 1, got ≈ "),
    # "jvp: primals[0] is inf", "eps must be a finite number > 0, got np.longdouble(…)":
    # the number given was neither inf nor infinite
    "jvp primal": (
        lambda x: jvp(lambda a: a * 2, (x,), (1.0,)),
        ValueError,
        r"^jvp: primals\[0\] is np\.longdouble",
    ),
    "jvp tangent": (
        lambda x: jvp(lambda a: a * 2, (1.0,), (x,)),
        ValueError,
        r"^jvp: tangents\[0\] is np\.longdouble",
    ),
    "gradcheck eps": (
        lambda x: gradcheck(lambda a: a * 2, (1.0,), eps=x),
        ValueError,
        r"^gradcheck: eps must be a finite number > 0, got np\.longdouble",
    ),
    "fit l2": (
        lambda x: nn.fit(nn.MLP(1, [1]), [[1.0]], [1.0], l2=x, epochs=1, progress=False),
        ValueError,
        r"^fit: l2 must be a finite number ≥ 0, got np\.longdouble",
    ),
    "SGD lr": (
        lambda x: nn.SGD(nn.MLP(1, [1]).parameters(), lr=x),
        ValueError,
        r"^SGD: lr must be a finite number ≥ 0, got np\.longdouble",
    ),
    "accuracy target": (
        lambda x: nn.accuracy([0.5], np.array([x]), threshold=0.5),
        ValueError,
        r"^accuracy: target 0 is np\.longdouble",
    ),
    "accuracy output": (
        lambda x: nn.accuracy(np.array([x]), [1.0], threshold=0.5),
        ValueError,
        r"^accuracy: output 0 is np\.longdouble",
    ),
}


@pytest.mark.skipif(not np.isfinite(HUGE_LONG), reason="longdouble is a float here")
@pytest.mark.parametrize("reader", list(BEYOND_READERS))
def test_a_longdouble_beyond_a_float_is_told_so_by_every_reader(reader: str) -> None:
    """np.longdouble('1e400') is finite in its type and inf as a float: the checkers said
    "got inf" and a model's call "dot: a constant is inf", as though it were inf. Each
    reader names it now, too large for a float, in one set of words."""
    read, error, says = BEYOND_READERS[reader]
    with pytest.raises(error, match=says) as caught:
        read(HUGE_LONG)
    said = str(caught.value)
    assert "finite as numpy's longdouble, inf as a float" in said or said.endswith(
        beyond_words(HUGE_LONG)
    ), said
    assert as_float(HUGE_LONG) is None  # never inf


@pytest.mark.skipif(not np.isfinite(HUGE_LONG), reason="longdouble is a float here")
@pytest.mark.parametrize(
    ("got", "kind"),
    [
        (HUGE_LONG, "numpy's longdouble"),
        (-HUGE_LONG, "numpy's longdouble"),
        (np.array(HUGE_LONG), "numpy's longdouble"),
        (np.array(-HUGE_LONG), "numpy's longdouble"),
        (Decimal("1e400"), "a Decimal"),
    ],
    ids=["longdouble", "negative", "0-d array", "0-d array, negative", "Decimal"],
)
def test_the_checkers_tell_a_number_beyond_a_float_in_both_editions(
    got: Any, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """expect_close said "got inf" of np.array(np.longdouble('1e400')), a 0-d array of a
    finite number (the engine's Value() of it names it), and the Chinese edition spelled
    its type in English words ("numpy 的 longdouble"): both editions now tell it by its
    size, as finite in its own type, the type written as code."""
    verdict = editions.both(lambda package: package.expect_close("f(2)", got, 1.0), capsys)
    assert verdict == "mistake"
    english = editions.outcome("en", lambda package: package.expect_close("f(2)", got, 1.0), capsys)
    assert f"(finite as {kind}, inf as a float)" in english[1], english
    assert "got inf" not in english[1] and "got -inf" not in english[1], english


def test_a_layer_size_past_python_s_digit_limit_is_shown_by_its_size() -> None:
    """MLP(2, [10**5000]) stopped with Python's "Exceeds the limit (4300 digits) for
    integer string conversion" while its refusal wrote the list of sizes as text."""
    with pytest.raises(ValueError) as caught:
        nn.MLP(2, [3, 10**5000])
    assert str(caught.value).startswith(
        "MLP: nin=2 and nouts=[3, an integer of about 5000 digits] make about 10^5000 parameters"
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda v: np.add(np.array([1], dtype="m8"), v),
        lambda v: np.add(v, np.array([1], dtype="m8")),
        lambda v: np.maximum(np.array([1, 2], dtype="m8"), v),
        lambda v: np.multiply(np.array([[1]], dtype="m8[s]"), v),
    ],
    ids=["add", "add, the Value first", "maximum", "multiply, in seconds"],
)
def test_a_ufunc_over_durations_beside_a_value_names_them(call: Callable[[Value], Any]) -> None:
    """numpy's loops for objects handed a timedelta64 array's cells on as ints:
    np.add(np.array([1], dtype="m8"), v) was [Value(3.0)], without a word."""
    with pytest.raises(TypeError, match=r"expected a real number or a Value, got timedelta64"):
        call(Value(2.0))


@pytest.mark.parametrize(
    ("call", "says"),
    [
        (lambda v: np.array([1, 2], dtype="m8") * v, r"\*"),
        (lambda v: v * np.array([1, 2], dtype="m8[s]"), r"\*"),
        (lambda v: np.array([1, 2], dtype="m8") // v, r"np\.floor_divide"),
        (lambda v: v // np.array([1, 2], dtype="m8"), r"np\.floor_divide"),
        (lambda v: np.array([1, 2], dtype="m8[s]") % v, r"np\.remainder"),
        (lambda v: np.timedelta64(5) % v, r"np\.remainder"),
        (lambda v: divmod(np.array([1], dtype="m8"), v), r"np\.divmod"),
    ],
    ids=["m8 * v", "v * m8", "m8 // v", "v // m8", "m8 % v", "timedelta64 % v", "divmod"],
)
def test_an_operator_between_durations_and_a_value_is_refused_in_our_words(
    call: Callable[[Value], Any], says: str
) -> None:
    """Both orders of an operator between a duration array and a Value give the
    engine's refusal with the duration hint, as Value(np.timedelta64(5)) does: m8 % v met
    numpy's "ufunc 'remainder' cannot use operands with types dtype('<m8') and
    dtype('O')", m8 // v Python's "unsupported operand type(s) for //: 'int' and
    'Value'" (the duration read as its count)."""
    with pytest.raises(TypeError, match=rf"^{says}: expected a real number or a Value, got ") as e:
        call(Value(2.0))
    assert DURATION in str(e.value)


def test_a_long_refused_operand_is_cut_visibly() -> None:
    """``reals.described`` cut a repr at 60 characters without a mark: ``v * ("a" * 100)``
    was named "str ('aaaa…" with its quote open and nothing saying it was cut. It is cut
    with "…" now, as the floor-division advice cuts; a repr of 60 characters is whole."""
    long = "a" * 100
    with pytest.raises(TypeError) as caught:
        Value(1.0) * long  # type: ignore[operator]
    assert str(caught.value) == (
        f"*: expected a real number or a Value, got str ({repr(long)[:59]}…)"
    )
    whole = "b" * 58  # its repr, quotes included, is 60 characters
    with pytest.raises(TypeError) as caught:
        Value(1.0) * whole  # type: ignore[operator]
    assert str(caught.value) == f"*: expected a real number or a Value, got str ({whole!r})"


_VALUES = np.array([Value(1.0), Value(2.0)], dtype=object)


@pytest.mark.parametrize(
    ("call", "hint"),
    [
        (lambda: np.array([2, 2], dtype="m8[s]") @ _VALUES, "a datetime.timedelta is a duration"),
        (lambda: _VALUES @ np.array([2, 2], dtype="m8[D]"), "a datetime.timedelta is a duration"),
        (lambda: np.dot(np.array([2, 2], dtype="m8[us]"), _VALUES),
         "a datetime.timedelta is a duration"),
        (lambda: np.inner(_VALUES, np.array([2, 2], dtype="m8[s]")),
         "a datetime.timedelta is a duration"),
        (lambda: np.array(["2020-01-01"] * 2, dtype="M8[D]") @ _VALUES,
         "a datetime.date is a date"),
        (lambda: _VALUES @ np.array([2, 2], dtype="M8[s]"), "a datetime.datetime is a date"),
    ],
    ids=["m8[s] @ values", "values @ m8[D]", "np.dot", "np.inner", "M8[D] @ values",
         "values @ M8[s]"],
)  # fmt: skip
def test_a_matrix_product_of_durations_and_values_names_the_durations(
    call: Callable[[], Any], hint: str
) -> None:
    """numpy's matmul and dot of a duration (or date) array and an array of Values turn
    the durations into Python's datetime.timedelta (dates into datetime.date) before any
    Value is asked: they were refused as "got timedelta (datetime.timedelta(seconds=2))"
    and no more. The refusal says now what it is, as for numpy's own timedelta64."""
    with pytest.raises(TypeError, match=r"^\*: expected a real number or a Value, got ") as e:
        call()
    assert hint in str(e.value), str(e.value)


@pytest.mark.xfail(
    strict=True,
    reason="numpy casts a timedelta64 array in nanoseconds, or of no unit, to plain ints where "
    "it mixes it with objects (m8.astype(object) is [2, 2]): the Values are handed 2, a "
    "number like any other, and no hook of numpy's is asked first — the engine cannot tell",
)
@pytest.mark.parametrize("dtype", ["m8", "m8[ns]", "m8[Y]", "M8[ns]"])
def test_a_matrix_product_of_durations_cast_to_ints_is_refused(dtype: str) -> None:
    """``np.array([2, 2], dtype='m8') @ values`` is Value(6.0): a duration read as a count
    (a date in nanoseconds likewise). Strict: this fails the day numpy (or the engine)
    tells it, for the limit to be lifted from the report."""
    with pytest.raises(TypeError):
        np.array([2, 2], dtype=dtype) @ _VALUES


_TD, _DATE = np.timedelta64(2, "s"), np.datetime64("2020-01-01")


@pytest.mark.parametrize(
    ("call", "symbol", "hint"),
    [
        (lambda v: v * _TD, r"\*", DURATION), (lambda v: _TD * v, r"\*", DURATION),
        (lambda v: v + _TD, r"\+", DURATION), (lambda v: _TD - v, "-", DURATION),
        (lambda v: _TD / v, "/", DURATION), (lambda v: v**_TD, r"\*\*", DURATION),
        (lambda v: _TD**v, r"\*\*", DURATION),
        (lambda v: sum([v], _TD), r"\+", DURATION),
        (lambda v: np.sum(np.array([v], dtype=object), initial=_TD), r"\+", DURATION),
        (lambda v: np.dot(np.array([_TD], dtype=object), np.array([v], dtype=object)), r"\*",
         DURATION),
        (lambda v: _DATE - v, "-", DATE), (lambda v: v * _DATE, r"\*", DATE),
    ],
    ids=["v * td", "td * v", "v + td", "td - v", "td / v", "v ** td", "td ** v", "sum start",
         "np.sum initial", "np.dot of objects", "date - v", "v * date"],
)  # fmt: skip
def test_a_duration_or_a_date_meeting_a_value_is_refused_every_way(
    call: Callable[[Value], Any], symbol: str, hint: str
) -> None:
    """Every way a numpy duration or date meets a Value the operators see it as numpy's
    own (both orders, **, sum's start, np.sum's initial, np.dot of object arrays) is the
    operator's refusal with the hint: never a number read from its count."""
    with pytest.raises(TypeError, match=rf"^{symbol}: expected a real number or a Value") as e:
        call(Value(3.0))
    assert hint in str(e.value), str(e.value)


def test_a_matrix_product_of_durations_is_told_how_to_read_the_array() -> None:
    """``m8_array @ values`` reaches a Value as Python's datetime.timedelta: its hint
    said "td.total_seconds()", a method of a duration the student never held — they hold
    numpy's array, read as seconds by dividing it (oracle: numpy's own division)."""
    durations = np.array([2, 3], dtype="m8[s]")
    with pytest.raises(TypeError) as caught:
        durations @ _VALUES
    assert "durations / np.timedelta64(1, 's')" in str(caught.value), str(caught.value)
    assert (durations / np.timedelta64(1, "s")).tolist() == [2.0, 3.0]
