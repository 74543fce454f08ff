"""Argument checks shared by the ``nn`` modules: one rule, one wording of its error.

An optimizer's hyper-parameters and ``fit``'s ``l2`` are the same kind of argument — a
finite real number in a range — and are refused with the same message, naming the
argument and who was given it. Arrays of numbers (a data set, a gradient vector) are
tested for nan and infinity with :func:`all_finite` (the engine's own test, from
:mod:`autograd_mini.finite`: the trace's replay uses it too).
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Iterable
from itertools import chain
from operator import countOf
from typing import Any, TypeGuard, cast

import numpy as np

from autograd_mini.arg_checks import check_flag, shown
from autograd_mini.finite import FLOAT_EXACT, all_finite, first_unheld_int, refuse_masked
from autograd_mini.reals import (
    beyond_a_float,
    beyond_words,
    boolean_hint,
    described,
    is_beyond_a_float,
    is_integer,
    is_real,
    is_time,
    not_real_hint,
    scalar_of,
)
from autograd_mini.value import Value, integer_size, unheld_int, unheld_int_words
from nn.tensors import is_tensor, torch_made

__all__ = [
    "VALUE_IN_X",
    "VALUE_TARGET",
    "all_finite",
    "boolean_named",
    "boolean_target_named",
    "booleans_held",
    "check_flag",
    "check_number",
    "finite_float",
    "frame_int_cell",
    "held_number",
    "is_argument_number",
    "is_boolean",
    "is_count",
    "is_number",
    "listed_boolean",
    "listed_cell",
    "listed_int_cell",
    "not_a_value",
    "object_cell_refused",
    "refuse_masked",
    "shown",
    "target_place",
    "target_refused",
    "target_row",
    "unheld_int",
    "unheld_int_text",
    "unheld_target",
]


def check_number(
    x: object, name: str, where: str, low: float = 0.0, high: float | None = None
) -> float:
    """``x`` as a float when it is a finite real in [low, high) (high=None: no upper end;
    low=-math.inf: any finite number, a mean or a bias), else a ValueError naming
    ``name`` and ``where``.

    A number is one as data is (:func:`is_number`: a Decimal too), or a 0-d array of one
    (``np.array(0.1)``), as :mod:`nn.data`'s arguments are: both were refused as "must be
    a finite number ≥ 0, got array(0.1)", of a number that is one. A bool is refused
    although Python counts it as an int: ``lr=True`` is a slip, never a learning rate of
    1. So is an int too large for a float (10**400), named by its size.
    """
    if type(x) is float and low <= x < math.inf and x > -math.inf and (high is None or x < high):
        return x  # the usual case, a plain float in range (an optimizer checks its
        # settings at every step: this skips two isinstance tests and a conversion)
    value = math.nan  # what a bool, a string or None is taken as: refused below
    held = held_number(x)
    if is_number(held):
        try:
            value = float(cast(Any, held))
        except OverflowError:  # 10**400: Python's "int too large to convert" named nothing
            size = integer_size(held) if isinstance(held, int) else "a number"
            raise ValueError(
                f"{where}: {name} must be a finite number{_bound(low)}, got {size}, too large "
                f"for a float (largest: 1.8e308)"
            ) from None
        except ValueError:  # Decimal('sNaN') refuses float(): refused below as a nan is
            pass
    if not math.isfinite(value) or value < low:
        refuse_masked(x, f"{where}: {name}")  # says the number is masked, not "got --"
        # np.longdouble('1e400') is finite in its type: float() made it inf
        beyond = f", {beyond_words(held)}" if beyond_a_float(held, value) else ""
        raise ValueError(f"{where}: {name} must be a finite number{_bound(low)}, got {x!r}{beyond}")
    if high is not None and value >= high:
        raise ValueError(f"{where}: {name} must be < {high:g}, got {x!r}")
    return value


def _bound(low: float) -> str:
    return "" if low == -math.inf else f" ≥ {low:g}"


def held_number(x: object) -> object:
    """The number a 0-d array holds (``np.array(0.1)``), else ``x`` itself. A masked one
    whose number is masked holds none (``.item()`` gave the number under the mask: lr
    trained at it, without a word) and is ``x``, refused (:func:`refuse_masked` says
    so)."""
    if isinstance(x, np.ndarray) and x.ndim == 0 and not np.ma.is_masked(x):
        return scalar_of(x)  # its numpy scalar (item() made a 0-d duration a plain int)
    return x


def is_argument_number(x: object) -> bool:
    """Whether :func:`check_number` reads ``x`` as a number (in range or not): a number
    as data (:func:`is_number`), or a 0-d array of one."""
    return is_number(held_number(x))


def is_count(n: object, least: int = 1) -> TypeGuard[int | np.integer[Any]]:
    """Whether ``n`` is a whole number ≥ ``least``: a Python or numpy int (epochs, a batch
    size, a sample count), not a bool (``True`` is an int to Python, never a meant count)."""
    return is_integer(n) and bool(cast(Any, n) >= least)


def is_number(x: object) -> bool:
    """Whether ``x`` is a number as data (a target, a cell of X): a real that is not a
    bool, or a Decimal — which Python does not count as ``numbers.Real`` (it refuses to
    mix with floats), but ``float()`` reads, as X's cells are read."""
    return is_real(x) or isinstance(x, decimal.Decimal)


def finite_float(x: object) -> float | None:
    """``x`` as a float when it is a number as data (:func:`is_number`) that a float holds
    finitely, else None (a nan, an infinity, 10**400 or Decimal('1e400') beyond a float,
    a string, None)."""
    if not is_number(x):
        return None
    try:
        f = float(cast(Any, x))
    except (OverflowError, ValueError):  # beyond any float; Decimal('sNaN') refuses float()
        return None
    return f if math.isfinite(f) else None


def listed_int_cell(X: Any, raw: np.ndarray) -> tuple[int, int] | None:
    """(row, column) of the first int that no float holds in X, a list (or tuple) of
    rows that np.asarray made ``raw``, a float array: ``[[1.5], [2**53 + 1]]`` became
    [[1.5], [9007199254740992.0]] there, without a word. Only the cells of ``raw`` at or
    beyond ±2⁵³ (one vectorised test; 2⁵³ is what 2**53 + 1 became) are looked up in X.
    None for X of any other kind."""
    if not isinstance(X, (list, tuple)) or raw.ndim != 2 or raw.dtype.kind != "f":
        return None
    big = _beyond_exact(raw)  # 2**53 + 1 is 2**53 there
    if big is None:
        return None
    for r, c in np.argwhere(big).tolist():
        row = X[r]
        if isinstance(row, (list, tuple)) and unheld_int(row[c]):
            return r, c
    return None


def _beyond_exact(a: np.ndarray) -> np.ndarray | None:
    """Where the float array ``a`` is at or beyond ±2⁵³, where a listed int may have been
    rounded; None, making no array, when its largest and smallest numbers are within (a
    nan among them: looked at cell by cell). ``np.abs(a) >= 2**53`` made an array of a's
    size first: for MNIST's 60,000 rows of 784 floats that is 376 MB of fresh memory,
    0.5-0.9 s of fit's check of X (its np.asarray took 1.0-1.3 s)."""
    if a.size == 0 or (a.max() < FLOAT_EXACT and a.min() > -FLOAT_EXACT):
        return None
    with np.errstate(invalid="ignore"):
        return (a >= FLOAT_EXACT) | (a <= -FLOAT_EXACT)


def not_a_value(subject: str, v: object, advice: str) -> str:
    """One wording for ``v`` found where a Value belongs: ``subject`` (what held it, with
    its verb: "softmax: logit 0 is", "Odd.sample(output, target) for sample 1 returned"),
    then "the number 0.5, not a Value: a plain number carries no gradient; " + ``advice``
    for a plain number (the usual slip), or "NoneType None, not a Value: " + ``advice``
    for anything else. ``advice``, the caller's own, says what to give instead."""
    if is_number(v):
        return (
            f"{subject} the number {shown(v)}, not a Value: a plain number carries no "
            f"gradient; {advice}"
        )
    return f"{subject} {type(v).__name__} {shown(v)}, not a Value: {advice}"


def frame_int_cell(X: Any, raw: np.ndarray) -> tuple[int, int, object] | None:
    """(row, column, the integer) of the first int that no float holds in an integer
    column of X, a table whose columns have dtypes of their own (a pandas DataFrame;
    duck-typed, anything with ``dtypes`` and ``to_numpy``: pandas is no dependency) that
    np.asarray made ``raw``, a float array because another column holds floats: an int64
    column's 2**53 + 1 became 9007199254740992.0 there, without a word. Only when a cell
    of an integer column is at or beyond ±2⁵³ in ``raw`` (2⁵³ is what 2**53 + 1 became)
    is X read again, as objects (``to_numpy(dtype=object)`` keeps each int whole). None
    for X of any other kind, or a table without integer columns."""
    dtypes, to_numpy = getattr(X, "dtypes", None), getattr(X, "to_numpy", None)
    if isinstance(X, np.ndarray) or dtypes is None or not callable(to_numpy):
        return None
    if raw.ndim != 2 or raw.dtype.kind != "f":
        return None
    kinds = []
    for d in dtypes:  # pandas' nullable Int64 names its numpy_dtype
        try:
            kinds.append(np.dtype(getattr(d, "numpy_dtype", d)).kind)
        except TypeError:  # a dtype numpy does not know: no integer column of numpy's
            kinds.append("O")
    if len(kinds) != raw.shape[1]:
        return None
    ints = np.array([k in "iu" for k in kinds])
    if not ints.any():
        return None
    beyond = _beyond_exact(raw)
    big = None if beyond is None else beyond & ints
    if big is None or not big.any():
        return None
    exact = np.asarray(to_numpy(dtype=object))
    for r, c in np.argwhere(big).tolist():
        v = exact[r, c]
        if unheld_int(v):
            return r, c, v
    return None


def unheld_target(y: Any, ya: np.ndarray) -> tuple[tuple[int, ...], object] | None:
    """(index, the integer) of the first target that is an int no float holds (2**53 +
    1, which training's float64 targets would round to 2**53), in y, which np.asarray
    made ``ya`` (a target per sample, or a row of them): held in an integer array, as
    objects beside a None or a Fraction, or already rounded by np.asarray — a list
    mixing ints with floats, a table with an int column beside a float one
    (:func:`listed_int_cell`, :func:`frame_int_cell`, as X is read). None when there is
    none. The usual targets cost a look at their max and min."""
    if ya.dtype.kind in "iu":
        at = first_unheld_int(ya)
        return None if at is None else (at, ya[at])
    if ya.dtype.kind == "O":  # a Python loop, for object arrays only
        return next(((at, v) for at, v in np.ndenumerate(ya) if unheld_int(v)), None)
    if ya.dtype.kind != "f" or ya.ndim not in (1, 2):
        return None
    if ya.ndim == 2:
        cell = listed_int_cell(y, ya)
        if cell is not None:
            return cell, y[cell[0]][cell[1]]
        found = frame_int_cell(y, ya)
        return None if found is None else (found[:2], found[2])
    if not isinstance(y, (list, tuple)):
        return None
    beyond = _beyond_exact(ya)  # 2**53 + 1 is 2**53 there
    if beyond is None:
        return None
    big = np.flatnonzero(beyond)
    return next((((r,), y[r]) for r in big.tolist() if unheld_int(y[r])), None)


def unheld_int_text(v: object) -> str:
    """What an error says of an integer cell no float holds (:func:`unheld_int`), after
    naming where it is: "X row 0 column 0 " + this (the engine's words)."""
    return unheld_int_words(int(cast(Any, v)))


#: What a batch of targets (or outputs) must be, said when it has rows of rows.
_ONE_ENTRY = "must be one entry per sample — numbers, shape (n,), or rows of numbers, shape (n, k)"


def refuse_rows_of_rows(a: np.ndarray, where: str) -> None:
    """A ValueError naming the shape of ``a`` when it has more than two axes: a sample's
    target (or output) is k numbers, and a row of rows was met entry by entry as "target
    0 holds [0.0], expected finite numbers", as though a number were bad. ``where``
    names the argument ("fit: y", "accuracy: outputs")."""
    if a.ndim > 2:
        raise ValueError(f"{where} {_ONE_ENTRY} — got shape {a.shape}")


def refuse_row_in_row(row: object, where: str, what: str, i: int) -> None:
    """A ValueError when an entry of sample ``row`` is itself a row (a list, tuple or
    array), naming sample ``i`` (``what``: "target", "output") of ``where`` (say
    "squared_error: targets") and that entry: for an error path, where lists of lists of
    lists (which no array's shape refused) are said as :func:`refuse_rows_of_rows` says
    an array of three axes."""
    if isinstance(row, np.ndarray):
        row = row.tolist() if row.ndim > 0 else ()
    if not isinstance(row, (list, tuple)):
        return
    for v in row:
        if isinstance(v, (list, tuple)) or (isinstance(v, np.ndarray) and v.ndim > 0):
            raise ValueError(f"{where} {_ONE_ENTRY} — {what} {i} holds a row, {shown(v)}")


def target_row(row: Iterable[object], where: str, i: int) -> list[float]:
    """Target ``i``'s row as floats, each read by :func:`finite_float`; else a ValueError
    naming ``where``, the target and the entry (the losses and accuracy read rows so)."""
    out = []
    for v in row:
        f = finite_float(v)
        if f is None:
            # lists of lists of lists, met entry by entry
            refuse_row_in_row([v], f"{where}: targets", "target", i)
            if isinstance(v, (bool, np.bool_)):  # the engine's words ("holds True" was)
                raise ValueError(f"{where}: target {i} holds {boolean_named(v)}")
            if isinstance(v, Value):  # "expected finite numbers" was said of Value(1.0)
                raise ValueError(f"{where}: target {i} holds {shown(v)}{VALUE_TARGET}")
            why = beyond_words(v) if is_beyond_a_float(v) else "expected finite numbers"
            raise ValueError(f"{where}: target {i} holds {shown(v)}, {why}")
        out.append(f)
    return out


def is_boolean(x: object) -> bool:
    """Whether ``x`` is a boolean given for a number: Python's or numpy's (a 0-d array of
    one too), or a PyTorch tensor of one boolean."""
    if is_tensor(x):
        return bool(cast(Any, x).ndim == 0 and str(cast(Any, x).dtype) == "torch.bool")
    return isinstance(scalar_of(x), (bool, np.bool_))


def boolean_target_named(x: object, at: tuple[int, ...]) -> str:
    """:func:`boolean_named` for a boolean target at ``at`` in y: one target per sample
    may be a class index too (:func:`booleans_held` says so of all-boolean targets); a
    cell of a row of targets (one-hot) is no index. fit's and nn.data.batches' words."""
    return boolean_named(x) + (", or a class index" if len(at) == 1 else "")


def target_place(at: tuple[int, ...]) -> str:
    """A target's place in y as an error names it after y: "target 3", "target 3 column
    1" for an entry of a row of targets — nn.accuracy's and the losses' words ("accuracy:
    target 3 is …"), where fit, evaluate and nn.data.batches said "y row 3" of the same
    target."""
    return f"target {at[0]}" + (f" column {at[1]}" if len(at) > 1 else "")


def listed_cell(data: Any, at: tuple[int, ...]) -> Any:
    """The entry of ``data`` (a list of numbers or of rows) at ``at``, an index
    :func:`listed_boolean` gives."""
    return data[at[0]] if len(at) == 1 else data[at[0]][at[1]]


def boolean_named(x: object) -> str:
    """A boolean cell, target or input ``x`` as a refusal names it after "is" or "holds":
    the engine's words (``reals.described`` and ``boolean_hint``), "the boolean True — a
    boolean is no number here: pass 1.0 or 0.0"; a PyTorch tensor named as given ("the
    boolean tensor(True)"). nn said "input 0 is bool (True), expected a number" where the
    engine said this."""
    if is_tensor(x):
        return f"the boolean {x!r}{boolean_hint(True)}"
    return f"{described(x)}{boolean_hint(x)}"


def booleans_held(where: str, classes: bool) -> str:
    """What an X or a set of targets (``where``: "fit: y", "accuracy: targets") all of
    booleans is told, naming no cell: fit said "y holds booleans" where accuracy said
    "target 0 is True" of the same targets. ``classes``: targets, which may also be
    class indices."""
    give = "1.0 and 0.0, or class indices" if classes else "1.0 and 0.0"
    holds = "hold" if where.endswith("targets") else "holds"
    return f"{where} {holds} booleans; a boolean is no number here: give numbers ({give})"


def listed_boolean(data: Any, raw: np.ndarray) -> tuple[int, ...] | None:
    """The index (target, or row and column) of the first boolean — Python's, numpy's, a
    PyTorch tensor of one — in ``data``, a list (or tuple) of numbers or of rows that
    np.asarray made ``raw``, numbers; None when it holds none, or is no list. numpy
    makes ``[[True, 0.5]]`` the floats [[1.0, 0.5]] (and ``[tensor(True), 1.0]`` [1.0,
    1.0]): the boolean was trained as 1.0 without a word. Only the rows of ``raw`` holding
    a 0 or a 1 (what a boolean became) are looked up in ``data`` — in a list of images
    that is every row (each has a 0.0) — and first by counting the cells of one type,
    the first's: a set of the types of every cell made fit's check of a list of 60,000
    rows of 784 floats, MNIST's, 1.5 times as slow as before booleans were looked for;
    counting (identity, no set) is a third cheaper. Only when the cells are of several
    types are the types gathered, and only with a boolean's among them is each cell read."""
    if not isinstance(data, (list, tuple)) or raw.dtype.kind not in "iuf" or raw.ndim > 2:
        return None
    with np.errstate(invalid="ignore"):
        maybe = (raw == 0) | (raw == 1)
    rows = np.flatnonzero(maybe.any(axis=1) if raw.ndim == 2 else maybe).tolist()
    if not rows:
        return None
    picked = [data[r] for r in rows]
    if raw.ndim == 2:
        first, count = type(next(iter(picked[0]))), len(picked) * raw.shape[1]
    else:
        first, count = type(picked[0]), len(picked)
    cells = chain.from_iterable(picked) if raw.ndim == 2 else picked
    if not _may_be_boolean(first):
        if countOf(map(type, cells), first) == count:
            return None  # every cell a float (or every one an int): no boolean
        cells = chain.from_iterable(picked) if raw.ndim == 2 else picked
    if not any(map(_may_be_boolean, set(map(type, cells)))):
        return None
    for r, row in zip(rows, picked, strict=True):
        if raw.ndim == 1:
            if is_boolean(row):
                return (r,)
            continue
        for c, v in enumerate(row):
            if is_boolean(v):
                return r, c
    return None


def _may_be_boolean(kind: type) -> bool:
    """Whether a cell of type ``kind`` may be a boolean (:func:`is_boolean` says): a
    bool, numpy's, a PyTorch tensor — or a numpy array, a 0-d one of a boolean
    (``[[np.array(True), 0.5]]`` is [[1.0, 0.5]] to numpy, and was trained so: its type
    was not asked about)."""
    return kind in (bool, np.bool_) or issubclass(kind, np.ndarray) or torch_made(kind)


def object_cell_refused(
    a: np.ndarray, numbers_only: bool, out: np.ndarray | None = None
) -> tuple[tuple[int, ...], object, str] | None:
    """(index, the cell, what is said of it after its place) of the first cell of ``a``,
    an array numpy holds as objects, that the caller's contract refuses; None when there
    is none, or ``a`` is an array of numbers. The one look at such cells, for fit,
    predict and evaluate (:mod:`nn.inputs`) and nn.data's batches and train_test_split:

    - both refuse a boolean (:func:`is_boolean`; a cast reads it as 1.0 or 0.0) and a
      Value (a cast reads its ``__float__``): "is the boolean True — …", "is
      Value(data=0.5, grad=0.0): X holds plain numbers, …" (:data:`VALUE_IN_X`);
    - ``numbers_only`` (fit's contract: the model computes with finite reals) refuses
      every other cell that is no finite real number a float holds exactly — None, a
      complex number, a duration or date, a string or an object with a ``__float__`` of
      its own, nan and ±inf, a number beyond a float, an int no float holds (2**53 + 1)
      — and writes each cell's float into ``out`` (of ``a``'s shape, C-ordered), the
      cells read once; without it (nn.data's: batches passes its numbers on as given)
      those are passed on, and only when the cells' types hold a boolean's or a Value's
      is any cell read.

    A 0-d array in a cell is read as what it holds (numpy reads one so in a list of
    rows), and given back so. Until the thirty-fifth session these were two scans, fit's
    refusing all, batches' two kinds, told the same words for them."""
    if a.dtype.kind != "O":
        return None
    if not numbers_only and not any(
        _may_be_boolean(k) or issubclass(k, Value) for k in set(map(type, a.flat))
    ):
        return None
    floats = None if out is None else out.reshape(-1)  # a view: out is fresh, C-ordered
    for k, v in enumerate(a.flat):
        if type(v) is float and v - v == 0.0:  # the usual cell, a finite float: taken
            if floats is not None:
                floats[k] = v
            continue
        if isinstance(v, np.ndarray) and v.ndim == 0 and not is_time(v):
            # what it holds, as numpy reads one in a list of rows: np.array(0.25) was "not
            # a number", np.array(True) no boolean (a duration keeps its shape)
            v = v[()]
        said = _cell_said(v, numbers_only)
        if isinstance(said, str):
            return tuple(int(i) for i in np.unravel_index(k, a.shape)), v, said
        if floats is not None and said is not None:
            floats[k] = said
    return None


def _cell_said(v: object, numbers_only: bool) -> str | float | None:
    """What :func:`object_cell_refused` says of cell ``v`` after its place ("is None, not
    a number"), or, when it is taken, its float (``numbers_only``) or None (passed on)."""
    if is_boolean(v):
        return f"is {boolean_named(v)}"
    if isinstance(v, Value):  # read through its __float__ before: no word said
        return f"is {shown(v)}: {VALUE_IN_X}"
    if not numbers_only:
        return None
    if v is None:
        return "is None, not a number"
    if isinstance(v, (complex, np.complexfloating)):
        return f"is the complex number {v!r}; the model computes with reals"
    if is_time(v):
        return f"is {shown(v)}{not_real_hint(scalar_of(v))}"
    if not is_number(v):  # an object with __float__ of its own: not read (nor its own
        # error shown as nn's), as the engine's as_real does not read it. Python's own
        # duration and date get the engine's hint, as numpy's do above (a
        # datetime.timedelta was "not a number" where np.timedelta64 was told what to pass)
        return f"is {shown(v)}{not_real_hint(v) or ', not a number'}"
    try:
        x = float(cast(Any, v))
    except OverflowError:
        return f"is {shown(v)}, beyond a float (±1.8e308)"
    except (TypeError, ValueError):
        return f"is {shown(v)}, not a number"
    if unheld_int(v):  # 2**53 + 1, which float() rounded
        return unheld_int_text(v)
    if x - x == 0.0:  # finite, and the number itself
        return x
    if beyond_a_float(v, x):  # a finite number float() made inf: Decimal('1e400')
        return f"is {shown(v)}, {beyond_words(v)}"
    return f"is {x!r}"


#: What an X holding a Value is told. Before the thirty-third session its __float__
#: read it as its number, without a word (no gradient reached it: fit makes Values of
#: X's numbers itself); then it was "is Value(data=0.5, grad=0.0), not a number", which
#: said neither why nor what to give. Refused, as y refuses one ("targets are plain
#: numbers"); by fit, predict and evaluate, and by nn.data.batches.
VALUE_IN_X = (
    "X holds plain numbers, of which the model makes Values itself (no gradient would "
    "reach this one): give its number, v.data"
)

#: What a Value given as a target is told after it is named (a loss's target, a
#: row's entry, accuracy's): targets are numbers the loss compares with, no gradient
#: reaching them. A row's was "expected finite numbers", as if 1.0 were not one, and
#: accuracy's "expected a number or a row of them": neither said what to give.
VALUE_TARGET = "; targets are plain numbers: give its number, v.data"


def target_refused(where: str, i: int, t: object) -> str:
    """What the losses and accuracy say of target ``i`` that is neither a number nor a
    row (``where``: "squared_error", "accuracy"): named by its type and repr, as the
    engine names a refused argument (an object with ``__float__`` of its own is no
    number here, as it is none to the engine's ``as_real``)."""
    if isinstance(t, Value):
        return f"{where}: target {i} is {shown(t)}{VALUE_TARGET}"
    return f"{where}: target {i} is {shown(t)}, expected a number or a row of them" + not_real_hint(
        t
    )
