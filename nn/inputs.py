"""Reading a data set: X as a 2-D array of finite floats, y as one target per sample.

What :func:`nn.fit`, :func:`nn.predict` and :func:`nn.evaluate` take as X and y — lists,
arrays, tables with columns of their own dtypes — checked once, before any model sees
them: a string, a boolean, a None, a nan, an integer no float holds is named by its row
and column (an :class:`nn.WrongInput`, as the model's own refusal of such a sample is),
ragged rows by the first that differs, a y of the wrong length as y's fault.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, NoReturn

import numpy as np

from autograd_mini.finite import first_unheld_int
from autograd_mini.reals import (
    beyond_a_float,
    beyond_words,
)
from autograd_mini.value import Value
from nn.checks import (
    VALUE_TARGET,
    all_finite,
    boolean_named,
    boolean_target_named,
    booleans_held,
    frame_int_cell,
    listed_boolean,
    listed_cell,
    listed_int_cell,
    object_cell_refused,
    refuse_masked,
    refuse_rows_of_rows,
    shown,
    target_place,
    unheld_int_text,
    unheld_target,
)
from nn.data import _batches as batches_generator
from nn.layers import WrongInput
from nn.tensors import is_tensor, tensor_trouble

__all__ = ["checked_X", "checked_targets", "count_mismatch", "first_cell", "row_keys"]


def _as_array(data: Any) -> np.ndarray:
    """``np.asarray(data)``, but a list mixing numbers with a string stays a list of
    objects: numpy makes every entry of ``[0.0, 'a', 1.0]`` a string, and the error
    that follows named the number 0.0 as the string '0.0' instead of 'a'."""
    a = np.asarray(data)
    if a.dtype.kind in "US" and not isinstance(data, np.ndarray):
        a = np.array(data, dtype=object)
    return a


def _text(v: str | bytes) -> str:
    """A cell of text as an error names it: "the string 'ab'", "the bytes b'ab'" (a
    bytes was called a string, and shown as the string "b'ab'"), at most 20 long; a
    longer one says it is cut and how long it is ("the string 'abcdefghijklmnopqrst'…
    (26 characters)": its first 20 were shown as if they were the whole string)."""
    text: str | bytes = v if isinstance(v, bytes) else str(v)
    kind, unit = ("bytes", "bytes") if isinstance(v, bytes) else ("string", "characters")
    cut = "" if len(text) <= 20 else f"… ({len(text):,} {unit})"
    return f"the {kind} {text[:20]!r}{cut}"


def _not_a_sequence(data: Any, where: str, each: str) -> str | None:
    """Words for ``data`` that numpy holds as one object though it is a collection of
    ``each`` ("rows", "targets"): a generator, a map, a set, a dict, a str or bytes, or
    a 0-d array holding one of those (np.array(generator)) — with the way to a list of
    them where there is one; None for anything else."""
    kind, name = type(data).__name__, where.rsplit(" ", 1)[-1]
    if isinstance(data, np.ndarray) and data.dtype == object and data.ndim == 0:
        held = data.item()  # np.array(generator): one object, which list() cannot iterate
        if not isinstance(held, (Iterator, Iterable)):
            return None
        return (
            f"{where} is a 0-d array holding one {type(held).__name__} (np.array of a "
            f"{type(held).__name__} holds it as one object, not its items); pass a list or "
            f"an array of {each} (list() of the {type(held).__name__} makes one)"
        )
    if isinstance(data, (str, bytes, bytearray)):
        text = isinstance(data, str)
        # a long one's first 20 said to be cut ('abcdefghijklmnopqrst'…, 26 characters)
        cut = "" if len(data) <= 20 else f"…, {len(data):,} {'characters' if text else 'bytes'}"
        return (
            f"{where} is {'a string' if text else 'bytes'} ({data[:20]!r}{cut}), "
            f"not {each} of numbers; pass a list or an array of {each}"
        )
    if isinstance(data, Mapping):  # list(X) would be its keys
        return (
            f"{where} is a {kind}; pass a list or an array of {each} (list({name}.values()) "
            f"makes one of its values, in the {kind}'s order)"
        )
    if isinstance(data, (set, frozenset)):  # no order, and one copy of each value
        return (
            f"{where} is a {kind}, which keeps no order (and one copy of each value), so "
            f"not the samples' {each}; pass a list or an array of {each}, in the samples' order"
        )
    if getattr(data, "gi_code", None) is batches_generator.__code__:  # list() of it: pairs
        return _batch_pairs_said(where, "the generator nn.data.batches returns")
    if isinstance(data, (Iterator, Iterable)) and getattr(data, "ndim", None) != 0:
        # (a 0-d array or tensor is Iterable by its type, but holds one number: list()
        # of it is refused, "iteration over a 0-d array")
        return f"{where} is a {kind}; pass a list or an array of {each} (list({name}) makes one)"
    return None


def _batch_pairs_said(where: str, what: str) -> str:
    return (
        f"{where} is {what}: mini-batches, (X_batch, y_batch) pairs, not rows; give the "
        f"rows themselves, all of them, as one list or array (fit makes the batches, of "
        f"its batch_size), and their targets as y"
    )


def _batch_pairs(X: Any, where: str) -> str | None:
    """Words for an X that is a list of (X_batch, y_batch) pairs — ``list(nn.data.batches
    (…))``, a loop's batches — which numpy refused as an "inhomogeneous shape after 2
    dimensions" (None for any other X)."""
    first = X[0] if isinstance(X, (list, tuple)) and X else None
    if not isinstance(first, tuple) or len(first) != 2:
        return None
    try:
        table = np.ndim(first[0]) == 2
    except ValueError:  # a ragged batch: not a table either
        return None
    return _batch_pairs_said(where, f"a {type(X).__name__} of {len(X)} pairs") if table else None


def checked_targets(y: Any, where: str) -> np.ndarray:
    """y as an array of one target per sample: numbers, or rows of equal length;
    ``where`` ("fit: y", "evaluate: y") starts each error."""
    if y is None:
        raise ValueError(f"{where} is None; give one target per row of X")
    refuse_masked(y, where)
    try:
        ya = _as_array(y)
    except (TypeError, ValueError, RuntimeError) as exc:
        trouble = tensor_trouble(y, where)  # a PyTorch tensor numpy cannot read
        if trouble is not None:
            raise ValueError(trouble) from None
        if not isinstance(exc, ValueError):
            raise
        # numpy's "inhomogeneous shape": rows of different lengths
        ragged = _ragged(y, where, "target")
        if ragged is None:
            raise ValueError(f"{where} must be numbers or rows of numbers ({exc})") from None
        raise ValueError(ragged) from None
    if ya.ndim == 0:
        raise ValueError(
            _not_a_sequence(y, where, "targets")
            or f"{where} must hold one target per sample, got the single {y!r}"
        )
    refuse_rows_of_rows(ya, where)
    if ya.dtype.kind == "b":  # as X: a boolean is never a meant target
        raise ValueError(booleans_held(where, classes=True))
    boolean = listed_boolean(y, ya)
    if boolean is not None:  # [True, 0.5]: numpy's floats [1.0, 0.5]
        named = boolean_target_named(listed_cell(y, boolean), boolean)
        raise ValueError(f"{where}{_place(boolean)} is {named}")
    # an object array's cells, as batches looks at them (nn.data): its True was read as
    # 1.0, and cross_entropy named target 0.0 ("must be an integer"), not the boolean
    refused = object_cell_refused(ya, numbers_only=False)
    if refused is not None:
        at, v, _ = refused
        if isinstance(v, Value):
            raise ValueError(f"{where}{_place(at)} is {shown(v)}{VALUE_TARGET}")
        raise ValueError(f"{where}{_place(at)} is {boolean_target_named(v, at)}")
    if ya.dtype.kind == "c":
        raise ValueError(f"{where} holds complex numbers; targets are real numbers")
    if ya.dtype.kind in "mM":
        raise ValueError(f"{where} {_times_held(ya.dtype.kind, 'y')}")
    unheld = unheld_target(y, ya)  # an int the float targets would round: as in X
    if unheld is not None:
        at, v = unheld
        raise ValueError(f"{where}{_place(at)} {unheld_int_text(v)}")
    return ya


def _place(at: tuple[int, ...]) -> str:
    """A target's place in y as an error names it: " target 3", " target 3 column 1"
    (:func:`~nn.checks.target_place`, accuracy's words)."""
    return f" {target_place(at)}"


def _times_held(kind: str, name: str) -> str:
    """What X or y (``name``) of numpy's ``kind`` "m" (timedelta64) or "M" (datetime64) holds: no
    numbers, though numpy counts a timedelta64 as an integer (astype(float) read a
    duration as its count in its unit, a date as its count of days since 1970)."""
    if kind == "m":
        return (
            "holds numpy durations (timedelta64), not numbers: give floats in the unit "
            f"meant, e.g. {name} / np.timedelta64(1, 's') for seconds"
        )
    return "holds numpy dates (datetime64), not numbers"


def _ragged(rows: Any, where: str, each: str) -> str | None:
    """The message for X or y (``each``: "row", "target") whose rows differ in length,
    naming the first that differs from row 0 (None: they do not, or cannot be listed)."""
    try:
        listed = list(rows)
    except TypeError:
        return None
    sizes = [len(r) if isinstance(r, (list, tuple, np.ndarray)) else None for r in listed]
    i = next((i for i, n in enumerate(sizes) if n != sizes[0]), None)
    if i is None:
        return None

    def size(n: int | None) -> str:
        if n is None:
            return "is a single number"
        return ("has" if each == "row" else "is a row of") + f" {n} number" + "s" * (n != 1)

    return (
        f"{where} is ragged: {each} {i} {size(sizes[i])} but {each} 0 {size(sizes[0])}; "
        f"every sample needs a {each} of the same " + ("length" if each == "row" else "shape")
    )


def _refuse_cell(where: str, at: tuple[int, ...], problem: str) -> NoReturn:
    """Raise :class:`nn.WrongInput` for the cell of X at ``at`` (row, column: X is a
    table by now, an X that is none told its shape first), saying what it is:
    ``problem`` ("is nan", "is the string 'ab'; …"). The one place fit, predict and
    evaluate refuse a cell of X that is no finite number (a finite one beyond float32,
    for ``fit(..., dtype='float32')``, is a plain ValueError of fit's: the cell is a
    number, the floats chosen cannot hold it)."""
    raise WrongInput(f"{where} row {at[0]} column {at[1]} {problem}")


def checked_X(X: Any, where: str, nin: int | None = None) -> np.ndarray:
    """X as a 2-D array of finite floats, one row per sample; ``where`` ("fit: X", say)
    starts each error. A cell that is no finite number (a string, a None, nan or ±inf,
    an integer no float holds) is an :class:`nn.WrongInput` naming its row, column and
    value; so are booleans, complex numbers and numpy durations and dates, as the model
    refuses them (an array all of one of those kinds is told so, naming no cell).
    ``nin``: the model's input count, when it has one, for a 1-D X's hint (one sample's
    row, or one input's column)."""
    refuse_masked(X, where)
    if isinstance(X, np.ndarray) and type(X) is not np.ndarray:
        # an np.matrix keeps two axes when indexed (a row of it is 1×d, and numpy's dot
        # of two is a matrix): its numbers, as a plain array (a masked array with
        # nothing masked, refused above otherwise, gives its numbers too)
        X = np.asarray(X)
    if isinstance(X, np.ndarray) and X.dtype in (np.float16, np.float32, np.float64):
        raw = Xa = X  # floats already: no copy (float32 MNIST is 188 MB; in float64, 376 MB)
    else:
        try:
            raw = _as_array(X)  # converted once: a list of 60,000 rows is no small thing
        except (TypeError, ValueError, RuntimeError) as exc:
            trouble = tensor_trouble(X, where)  # one requiring grad, of bfloat16: torch's
            if trouble is not None:  # own error named no argument
                raise WrongInput(trouble) from None
            if isinstance(exc, RuntimeError):
                raise
            ragged = (
                (_batch_pairs(X, where) or _ragged(X, where, "row"))
                if isinstance(exc, ValueError)
                else None
            )
            raise ValueError(ragged or f"{where} must hold numbers only ({exc})") from None
        # refused before a conversion that would take them: a string such as "0.5"
        # (astype(float) reads it; an object array is what a pandas column of strings
        # becomes), a boolean, a complex number (it would lose its imaginary part)
        kind = raw.dtype.kind
        said = _not_a_sequence(X, where, "rows") if raw.ndim == 0 else None
        if said is not None:  # numpy holds a generator, a set, a dict as one object
            raise ValueError(said)
        # the shape before the cells: a 1-D X of strings was nn.WrongInput ("X[0] is the
        # string 'a'") where a 1-D X of numbers is this ValueError, the fault being one
        _check_table(raw, where, nin, isinstance(X, np.ndarray) or is_tensor(X))
        if kind in "UST" or (kind == "O" and any(isinstance(v, (str, bytes)) for v in raw.flat)):
            text = np.vectorize(lambda v: isinstance(v, (str, bytes)), otypes=[bool])
            cells = np.argwhere(text(raw)) if kind == "O" else np.argwhere(np.ones(raw.shape))
            at = tuple(int(i) for i in cells[0])
            cell = raw[at]
            kinds = "bytes are" if isinstance(cell, bytes) else "strings are"
            _refuse_cell(where, at, f"is {_text(cell)}; give numbers ({kinds} not read as numbers)")
        if kind == "b":  # every cell: the first is not named
            raise WrongInput(booleans_held(where, classes=False))
        boolean = listed_boolean(X, raw)
        if boolean is not None:  # [[True, 0.5]]: numpy's floats [[1.0, 0.5]], trained
            _refuse_cell(where, boolean, f"is {boolean_named(listed_cell(X, boolean))}")
        if kind == "c":
            raise WrongInput(f"{where} holds complex numbers; the model computes with reals")
        if kind in "mM":
            raise WrongInput(f"{where} {_times_held(kind, 'X')}")
        if kind == "O":  # numbers mixed with None, Fractions, big ints…
            Xa = _object_cells(raw, where)
        else:  # numbers (a list of lists of floats is a float array), a table by now
            # an int no float holds: in an int array (Python ints in a list become int64),
            # or rounded already by np.asarray (a list mixing ints with floats, a
            # DataFrame with an int column beside a float one)
            found: tuple[int, int, object] | None
            cell = first_unheld_int(raw) or listed_int_cell(X, raw)
            if cell is not None:
                r, c = cell
                found = r, c, raw[r, c] if raw.dtype.kind in "iu" else X[r][c]
            else:
                found = frame_int_cell(X, raw)
            if found is not None:
                r, c, v = found
                _refuse_cell(where, (r, c), unheld_int_text(v))
            try:
                with np.errstate(over="ignore"):  # a longdouble beyond a float: named below
                    Xa = raw.astype(float, copy=False)
            except (TypeError, ValueError, OverflowError) as exc:
                raise ValueError(f"{where} must hold numbers only ({exc})") from None
    _check_table(Xa, where, nin, isinstance(X, np.ndarray))  # a float array's (no copy)
    with np.errstate(over="ignore", invalid="ignore"):
        finite = Xa.dtype.kind != "f" or all_finite(Xa)
    cell = None if finite else first_cell(Xa, lambda part: ~np.isfinite(part))
    if cell is not None:
        given = raw[cell]  # np.longdouble('1e400') is finite: "is inf" was the cast's
        if beyond_a_float(given, float(Xa[cell])):
            _refuse_cell(where, cell, f"is {shown(given)}, {beyond_words(given)}")
        _refuse_cell(where, cell, f"is {float(Xa[cell])!r}")
    return Xa


def _check_table(a: np.ndarray, where: str, nin: int | None, array: bool) -> None:
    """A ValueError unless ``a`` (X as numpy holds it) is a table of at least one row:
    2-D, not empty; for a 1-D X, :func:`_one_axis_hint`. Asked before any cell is read,
    so a 1-D X is told its shape whatever its cells hold (strings, booleans, None)."""
    if a.ndim >= 1 and len(a) == 0:
        raise ValueError(f"{where} holds no samples (shape {a.shape}); give at least one row")
    if a.ndim != 2:
        raise ValueError(
            f"{where} must be a 2-D array, one row per sample, got shape {a.shape}"
            + _one_axis_hint(a, nin, array)
        )


def _one_axis_hint(Xa: np.ndarray, nin: int | None, array: bool) -> str:
    """What a 1-D X is likely to be, told by the model's input count ``nin``: one
    sample (its ``nin`` numbers: ``predict(model, X[0])``), or, for a model of one
    input, a column of samples. Empty when the count does not tell. ``array``: X is a
    numpy array or a PyTorch tensor (else a list, written another way: ``[x]`` for a
    tensor was a list holding it)."""
    if Xa.ndim != 1 or nin is None:
        return ""
    if len(Xa) == nin:
        how = "x[None] or x.reshape(1, -1)" if array else "[x]"
        inputs = "one input" if nin == 1 else f"{nin} inputs"
        return f"; for one sample of the model's {inputs}, give one row: {how}"
    if nin == 1:
        how = "x.reshape(-1, 1)" if array else "[[v] for v in x]"
        return f"; for {len(Xa)} samples of the model's one input, give a column: {how}"
    return ""


def _object_cells(raw: np.ndarray, where: str) -> np.ndarray:
    """A 2-D array numpy could hold only as objects — numbers mixed with a None, a
    Fraction, an int beyond int64 — as floats, cell by cell: the first cell that is not a
    finite real number, or is an integer no float holds (2**53 + 1, which float() rounds),
    is named by its row and column, with what it is (``astype`` turned a None into nan,
    and raised a bare OverflowError for 10**400): :func:`~nn.checks.object_cell_refused`,
    under fit's contract, numbers only. A Python loop, for object arrays only: a numeric
    array (MNIST's) never comes here."""
    out = np.empty(raw.shape)
    found = object_cell_refused(raw, numbers_only=True, out=out)
    if found is not None:
        at, _, problem = found
        _refuse_cell(where, at, problem)
    return out


def count_mismatch(where: str, Xa: np.ndarray, ya: np.ndarray) -> str:
    """The error for a y whose number of targets is not X's number of rows (X checked: a
    2-D array of rows), said of y, which holds the wrong count; a row of n targets (shape
    (1, n)) or their transpose is pointed to the fix. ``where``: "fit: ", "fit:
    validation "."""
    n = len(Xa)
    text = (
        f"{where}y has {len(ya)} target{'' if len(ya) == 1 else 's'} for {where.split(': ')[1]}"
        f"X's {n} row{'' if n == 1 else 's'}: give one target per row of X"
    )
    if ya.ndim == 2 and ya.shape[1] == n:
        fix = "y.ravel()" if ya.shape[0] == 1 else "y.T"
        text += f" (y has shape {ya.shape}: one target per column; {fix} gives one per row)"
    return text


def row_keys(ya: np.ndarray) -> np.ndarray:
    """One sortable key per target row: its bytes, for rows of plain numbers (sorting
    60,000 one-hot rows as keys takes milliseconds, ``np.unique(axis=0)`` a second). Rows
    equal in value but not in bytes (0.0 and −0.0) are both kept: each is checked."""
    if ya.dtype.kind not in "biuf" or ya.ndim > 2:
        return ya
    rows = np.ascontiguousarray(ya).reshape(len(ya), -1)
    return rows.view(np.dtype((np.void, rows.dtype.itemsize * rows.shape[1]))).ravel()


def first_cell(A: np.ndarray, bad: Callable[[np.ndarray], np.ndarray]) -> tuple[int, int] | None:
    """(row, column) of the first entry of a 2-D array (X, say) that ``bad`` marks, 4,096
    rows at a time: a mask of all of X would be as large as X (47 million entries for
    MNIST)."""
    for start in range(0, len(A), 4096):
        mask = bad(A[start : start + 4096])
        if mask.any():
            r, c = np.argwhere(mask)[0]
            return start + int(r), int(c)
    return None
