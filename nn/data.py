"""Small data sets and the tools to feed them to a network.

The 2-D toy sets (moons, circles, spirals, xor) are generated with numpy from a
``seed``, so every run sees the same points. ``digits`` is the real 8×8 handwritten
digit set (1,797 images) from scikit-learn's bundled copy — read from disk, never
downloaded. Every function returns ``X`` (float array, one row per sample) and ``y``
(int array of class labels).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any, NoReturn

import numpy as np

from autograd_mini.finite import first_unheld_int
from autograd_mini.reals import as_lists, beyond_a_float, is_integer, not_real_hint
from autograd_mini.value import Value
from nn.checks import (
    VALUE_IN_X,
    VALUE_TARGET,
    boolean_named,
    boolean_target_named,
    booleans_held,
    check_flag,
    check_number,
    finite_float,
    held_number,
    is_boolean,
    is_count,
    listed_boolean,
    listed_cell,
    listed_int_cell,
    object_cell_refused,
    refuse_masked,
    shown,
    target_place,
    unheld_int,
    unheld_int_text,
)
from nn.init import make_rng
from nn.mnist import mnist  # MNIST lives in its own module; nn.data.mnist is its home
from nn.optional import optional_import

__all__ = [
    "DATASETS",
    "batches",
    "circles",
    "digits",
    "load_dataset",
    "mnist",
    "moons",
    "one_hot",
    "spirals",
    "train_test_split",
    "xor",
]

Seed = int | np.random.Generator | None
Arrays = tuple[np.ndarray, np.ndarray]


def _count(n: object, name: str, where: str, least: int = 1) -> int:
    if not is_count(n, least):
        raise ValueError(f"{where}: {name} must be an integer ≥ {least}, got {shown(n)}")
    return int(n)


def _addressable(cells: int, name: str, value: int, where: str) -> None:
    """Refuse an array of ``cells`` float64 numbers beyond what numpy can address, naming
    the argument that asked for it: numpy's own words ("Maximum allowed size exceeded")
    name neither. One that can be addressed but not allocated stays numpy's MemoryError,
    which says how many bytes it wanted."""
    if cells * 8 > np.iinfo(np.intp).max:
        raise ValueError(
            f"{where}: {name}={shown(value)} is too large: its array would hold more "
            f"numbers than numpy can address"
        )


def _noise(noise: object, where: str) -> float:
    # any finite real ≥ 0 (a numpy float32 too), not a bool, nor an int beyond a float
    return check_number(noise, "noise", where)


def _noisy_points(X: np.ndarray, sigma: float, where: str, what: str = "point") -> np.ndarray:
    """``X`` (the noisy points, or spirals' noisy angles: ``what``) when every number in
    it is finite; else a ValueError naming ``where`` and ``noise``: a Gaussian draw of
    standard deviation near 1.8e308 overflows a float, and the point would have been
    returned as data (inf, or nan: the sine of an infinite angle)."""
    if not np.isfinite(X).all():
        raise ValueError(
            f"{where}: noise={sigma!r} is too large: a noisy {what} overflows a float "
            f"(beyond ±1.8e308); give a smaller noise"
        )
    return X


def _fraction(x: object, name: str, where: str) -> float:
    """``x`` as a float strictly between 0 and 1: a number as data is one (a real, not a
    bool; a Decimal; a 0-d array of one, :func:`~nn.checks.held_number`), converted before
    it is compared, so a string, None or 10**400 is refused, not a TypeError from ``<`` or
    an OverflowError; a masked one is refused as check_number refuses it."""
    f = finite_float(held_number(x))
    if f is None or not 0 < f < 1:
        refuse_masked(x, f"{where}: {name}")  # says the number is masked, not "got --"
        raise ValueError(f"{where}: {name} must be a number in (0, 1), got {shown(x)}")
    return f


def moons(n: int = 100, noise: float = 0.1, seed: Seed = 0) -> Arrays:
    """Two interleaving half circles: class 0 on top, class 1 shifted below and right."""
    n = _count(n, "n", "moons", 2)
    _addressable(2 * n, "n", n, "moons")
    sigma = _noise(noise, "moons")
    rng = make_rng(seed, "moons")
    n0 = n - n // 2
    t0 = np.linspace(0.0, math.pi, n0)
    t1 = np.linspace(0.0, math.pi, n // 2)
    top = np.stack([np.cos(t0), np.sin(t0)], axis=1)
    bottom = np.stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)], axis=1)
    with np.errstate(over="ignore", invalid="ignore"):  # checked just below
        X = np.concatenate([top, bottom]) + rng.normal(0.0, sigma, size=(n, 2))
    X = _noisy_points(X, sigma, "moons")
    y = np.concatenate([np.zeros(n0, dtype=int), np.ones(n // 2, dtype=int)])
    return _shuffled(X, y, rng)


def circles(n: int = 100, noise: float = 0.05, factor: float = 0.5, seed: Seed = 0) -> Arrays:
    """A small circle (class 1, radius ``factor``) inside a big one (class 0, radius 1)."""
    n = _count(n, "n", "circles", 2)
    _addressable(2 * n, "n", n, "circles")
    sigma = _noise(noise, "circles")
    factor = _fraction(factor, "factor", "circles")
    rng = make_rng(seed, "circles")
    n0 = n - n // 2
    t0 = np.linspace(0.0, 2 * math.pi, n0, endpoint=False)
    t1 = np.linspace(0.0, 2 * math.pi, n // 2, endpoint=False)
    outer = np.stack([np.cos(t0), np.sin(t0)], axis=1)
    inner = factor * np.stack([np.cos(t1), np.sin(t1)], axis=1)
    with np.errstate(over="ignore", invalid="ignore"):  # checked just below
        X = np.concatenate([outer, inner]) + rng.normal(0.0, sigma, size=(n, 2))
    X = _noisy_points(X, sigma, "circles")
    y = np.concatenate([np.zeros(n0, dtype=int), np.ones(n // 2, dtype=int)])
    return _shuffled(X, y, rng)


def spirals(n: int = 150, classes: int = 3, noise: float = 0.2, seed: Seed = 0) -> Arrays:
    """``classes`` arms winding out from the origin (CS231n's classic non-linear set).

    Each arm's radii run evenly from 0 to 1, so every arm's first point is the origin
    itself (the noise turns a point about the origin; it does not move it): the data
    always hold ``classes`` points at (0, 0), one of each label. An arm of one point
    (``n`` < 2·``classes``: ``spirals(3, classes=3)``) is only that point.
    """
    n = _count(n, "n", "spirals", 1)
    k = _count(classes, "classes", "spirals", 2)
    if k > n:  # an arm without a point: a class that is not in the data
        raise ValueError(
            f"spirals: classes must be at most n (each arm needs a point), got classes={k} "
            f"and n={n}"
        )
    _addressable(2 * n, "n", n, "spirals")
    sigma = _noise(noise, "spirals")
    rng = make_rng(seed, "spirals")
    sizes = [n // k + (1 if c < n % k else 0) for c in range(k)]
    parts, labels = [], []
    for c, m in enumerate(sizes):
        r = np.linspace(0.0, 1.0, m)
        with np.errstate(over="ignore", invalid="ignore"):  # checked just below
            t = np.linspace(c * 4.0, (c + 1) * 4.0, m) + rng.normal(0.0, sigma, size=m)
        # the noise turns a point, so an overflowing angle (whose sine is nan) is refused
        t = _noisy_points(t, sigma, "spirals", "angle")
        parts.append(np.stack([r * np.sin(t), r * np.cos(t)], axis=1))
        labels.append(np.full(m, c, dtype=int))
    return _shuffled(np.concatenate(parts), np.concatenate(labels), rng)


def xor(n: int = 100, noise: float = 0.0, seed: Seed = 0) -> Arrays:
    """Points drawn uniformly in [−1, 1]²; class 1 where exactly one coordinate is positive
    (XOR of signs).

    With ``noise`` > 0, Gaussian noise of that standard deviation is added after the
    labels are set, so the labels are those of the noiseless points (as scikit-learn's
    ``make_moons`` labels its points before adding noise): a point near an axis may cross
    it and break the sign rule, and a point may leave the square. At noise 0.3 about a
    fifth of the points break the rule, and some lie 0.7 beyond the square (±1.7).
    """
    n = _count(n, "n", "xor", 1)
    _addressable(2 * n, "n", n, "xor")
    sigma = _noise(noise, "xor")
    rng = make_rng(seed, "xor")
    X = rng.uniform(-1.0, 1.0, size=(n, 2))
    y = ((X[:, 0] > 0) != (X[:, 1] > 0)).astype(int)
    if sigma:
        with np.errstate(over="ignore", invalid="ignore"):  # checked just below
            X = _noisy_points(X + rng.normal(0.0, sigma, size=X.shape), sigma, "xor")
    return X, y


def digits() -> Arrays:
    """The 1,797 8×8 handwritten digits, pixels scaled from 0…16 to [0, 1], labels 0 to 9.

    Needs scikit-learn (``pip install "autograd-mini[data]"``); uses its bundled copy.
    """
    datasets = optional_import(
        "sklearn.datasets", "nn.data.digits", "data", "scikit-learn", has="load_digits"
    )
    bunch: Any = datasets.load_digits()
    X = np.asarray(bunch.data, dtype=float) / 16.0
    y = np.asarray(bunch.target, dtype=int)
    return X, y


def _samples(X: Any, y: Any, where: str, all_boolean: bool) -> Arrays:
    """X and y as arrays of one row (one target) per sample, as many of each: a single
    number, None or a string (len() of an unsized object) and ragged rows (numpy's
    "inhomogeneous shape") are refused naming the function and the argument; so are a
    boolean among numbers and a Value, as fit refuses them
    (:func:`_refuse_boolean_or_value`), where the data are first read: batches and
    train_test_split handed them on as numbers. ``all_boolean``: an X or y all of
    booleans is refused too (batches, which feeds fit); train_test_split splits one as
    given (a mask, ``train_test_split(X, w)``: nothing becomes a number)."""
    arrays = []
    for a, name, each in ((X, "X", "row"), (y, "y", "target")):
        refuse_masked(a, f"{where}: {name}")
        try:
            array = np.asarray(a)
        except ValueError:  # numpy's "inhomogeneous shape": rows of different lengths
            raise ValueError(
                f"{where}: {name} has rows of different lengths; give one {each} per sample, "
                f"all of one shape"
            ) from None
        if array.ndim == 0:
            raise ValueError(
                f"{where}: {name} must be an array, one {each} per sample, got {shown(a)}"
            )
        arrays.append(array)
    Xa, ya = arrays
    if len(Xa) != len(ya):
        raise ValueError(f"{where}: {len(Xa)} samples but {len(ya)} labels")
    _refuse_boolean_or_value(X, Xa, "X", where, all_boolean)
    _refuse_boolean_or_value(y, ya, "y", where, all_boolean)
    return Xa, ya


def _shuffled(X: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> Arrays:
    order = rng.permutation(len(y))
    return X[order], y[order]


#: a label array's kind of numpy type, as one_hot's error names it (floats are named by
#: _refuse_float_labels)
_LABEL_KINDS = {"b": "booleans", "c": "complex numbers", "U": "strings", "S": "bytes",
                "O": "objects"}  # fmt: skip


def _refuse_float_labels(labels: np.ndarray) -> NoReturn:
    """A float array of labels, refused naming the first that is not a whole number (nor
    one int64 holds: y.astype(int) would make another number of it) or is below 0; when
    every one is a class number, saying how to make them integers. (Label 0 was named for
    [1.0, 2.5], with "y.astype(int), if they are whole numbers": 1.0 is one, 2.5 not.)"""
    # (over: float16 labels, whose type cannot hold 2**63, warned of an overflow here)
    with np.errstate(invalid="ignore", over="ignore"):
        whole = np.isfinite(labels) & (np.trunc(labels) == labels) & (np.abs(labels) < 2.0**63)
        # a negative label is named first: [0.0, -1.0] was told to make integers with
        # y.astype(int), which one_hot then refused for the -1
        usable = whole & (labels >= 0)
    if usable.all():
        raise ValueError(
            "one_hot: expected a 1-D array of integer labels, got floats, each a whole "
            "number; y.astype(int) makes an integer array of them"
        )
    i = int(np.argmin(usable))
    value = labels[i].item()
    # (np.trunc: a long double's item is a np.longdouble, which math.trunc refused with a
    # bare TypeError in place of this refusal)
    if not (np.isfinite(value) and value == np.trunc(value)):
        why = "not a whole number"
    elif value < 0:
        why = "below 0 (class numbers start at 0)"
    else:
        why = "too large for a class number"
    raise ValueError(
        f"one_hot: expected a 1-D array of integer labels, got floats: label {i} is "
        f"{value!r}, {why}"
    )


def one_hot(y: Any, classes: int | None = None) -> np.ndarray:
    """Class labels → rows e_c (1.0 at column c, 0.0 elsewhere); ``classes`` defaults to max+1.

    No labels with ``classes=k`` give a (0, k) array: an empty batch of k-class targets."""
    refuse_masked(y, "one_hot: y")
    labels = np.asarray(y)
    if labels.ndim == 1 and not labels.size:  # [] becomes a float array: no label is one
        labels = labels.astype(np.int64)
    # (both said "got array([2., 0., 1., …" — the whole array, of the right shape)
    if labels.ndim != 1:
        got = f"an array of shape {labels.shape}" if labels.ndim else f"one value, {shown(y)}"
        raise ValueError(f"one_hot: expected a 1-D array of integer labels, got {got}")
    if labels.dtype.kind not in "iu":  # (numpy counts a timedelta64 as an integer)
        if labels.dtype.kind == "f":
            _refuse_float_labels(labels)
        kind = _LABEL_KINDS.get(labels.dtype.kind, f"values of type {labels.dtype}")
        listed = as_lists(labels)  # (tolist() made a timedelta64 array's labels ints)
        # (a bool is refused: True is no class number; a timedelta64 is no integer here)
        i = next((i for i, v in enumerate(listed) if not is_integer(v)), None)
        if i is None:  # an object array of ints: no label is the wrong one ("label 0 is 1")
            neg = next((i for i, v in enumerate(listed) if v < 0), None)
            if neg is not None:  # named, as a float's is (see _refuse_float_labels)
                raise ValueError(
                    f"one_hot: expected a 1-D array of integer labels, got objects: label "
                    f"{neg} is {listed[neg]!r}, below 0 (class numbers start at 0)"
                )
            raise ValueError(
                "one_hot: expected a 1-D array of integer labels, got objects, each an "
                "integer; y.astype(int) makes an integer array of them"
            )
        raise ValueError(
            f"one_hot: expected a 1-D array of integer labels, got {kind}: label {i} is "
            f"{listed[i]!r}{not_real_hint(listed[i])}"
        )
    if classes is not None:
        classes = _count(classes, "classes", "one_hot")
    if labels.size and labels.min() < 0:  # worded as a float's (_refuse_float_labels)
        i = int(np.argmax(labels < 0))
        raise ValueError(
            f"one_hot: label {i} is {int(labels[i])}, below 0 (class numbers start at 0)"
        )
    if classes is None and not labels.size:
        raise ValueError("one_hot: no labels, so the number of classes is unknown; pass classes")
    k = int(labels.max()) + 1 if classes is None else int(classes)
    if labels.size and labels.max() >= k:
        i = int(np.argmax(labels >= k))
        raise ValueError(
            f"one_hot: label {i} is {int(labels[i])}, but classes={k}: class numbers are 0..{k - 1}"
        )
    _addressable(labels.size * k, "classes", k, "one_hot")
    out = np.zeros((labels.size, k))
    out[np.arange(labels.size), labels] = 1.0
    return out


def train_test_split(
    X: Any, y: Any, test_size: float = 0.2, seed: Seed = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle with ``seed`` and split: (X_train, X_test, y_train, y_test).

    The test set has ``round(n * test_size)`` of the n samples — Python's ``round``,
    which takes a half to the even neighbour (5 samples at 0.5: round(2.5) = 2 for
    testing; 7 at 0.5: round(3.5) = 4; 10 at 0.25: round(2.5) = 2) — and the training
    set the rest. A split that leaves either set empty is a ValueError saying how the
    size was rounded (5 samples at 0.1: round(0.5) = 0).

    Unlike scikit-learn's, it splits one X and one y, and ``test_size`` is a fraction,
    never a count. With an int seed the order depends only on the number of samples and
    the seed, so a third array of as many rows is split the same way by a second call
    with the same seed and test_size: ``_, _, w_train, w_test = train_test_split(X, w)``.

    The second array is any per-sample array, a boolean mask too: an X or y all of
    booleans (numpy's, ``X > 0``, ``y > 0``, or a list all of bools) is split as given,
    booleans, as nothing in it becomes a number (``fit`` refuses them later, as
    :func:`batches` does). What would be split wrong without a word is refused, in the
    words ``fit`` refuses it with, naming the cell of X or y as given: a boolean among
    numbers (``[[True, 0.5]]``, which np.asarray makes [[1.0, 0.5]], or True in an
    object array's cell beside numbers), one among strings in a list (``[True, "a"]``,
    which np.asarray makes the strings ['True', 'a']) and a Value (which was split as
    itself).
    """
    Xa, ya = _samples(X, y, "train_test_split", all_boolean=False)
    n = len(ya)
    _sklearn_split(test_size, n)
    test_size = _fraction(test_size, "test_size", "train_test_split")
    if n < 2:
        raise ValueError(
            f"train_test_split: {n} sample{'s' * (n != 1)} cannot be split into a training "
            f"and a test set (each needs at least one)"
        )
    n_test = round(n * test_size)
    if n_test == 0 or n_test == n:
        side = "test" if n_test == 0 else "training"
        half = " (a half goes to the even neighbour)" if n * test_size % 1 == 0.5 else ""
        need = (
            f"round to between 1 and {n - 1}"
            if n > 2
            else "round to 1: one sample for training, one for testing (test_size=0.5)"
        )
        raise ValueError(
            f"train_test_split: test_size={test_size!r} of {n} samples gives "
            f"round({n} × {test_size!r}) = round({n * test_size!r}) = {n_test} for "
            f"testing{half}, which leaves the {side} set empty; n × test_size must {need}"
        )
    order = make_rng(seed, "train_test_split").permutation(len(ya))
    test, train = order[:n_test], order[n_test:]
    return Xa[train], Xa[test], ya[train], ya[test]


def _sklearn_split(test_size: object, n: int) -> None:
    """Refuse, saying what scikit-learn's habit was, a third array where ``test_size``
    goes (``train_test_split(X, y, w)``) and a whole-number count of test samples."""
    if isinstance(test_size, (list, tuple)) or np.ndim(test_size) > 0:  # type: ignore[arg-type]
        raise ValueError(
            f"train_test_split: test_size must be a number in (0, 1), got "
            f"{shown(test_size)} (the third argument); it splits one X and one y, unlike "
            f"scikit-learn's, which takes any number of arrays: a second call with the "
            f"same int seed and test_size splits a third array of the same {n} rows in "
            f"the same order, train_test_split(X, w, seed=...)"
        )
    count = held_number(test_size)
    if is_integer(count) and 1 <= count < n:
        raise ValueError(
            f"train_test_split: test_size must be a number in (0, 1), a fraction of the "
            f"samples, got {shown(test_size)}: it is not a count, as scikit-learn's whole "
            f"numbers are; for {count} of the {n} samples give test_size={count}/{n}"
        )


#: Rows gathered (and converted) at a time by ``batches(..., dtype=...)``: 128 rows of 784
#: features are 0.8 MB in float64, which a core's cache still holds when the batch is
#: used (blocks of 2,048 rows made the replay of each batch 20 % slower, reading memory).
BLOCK_ROWS = 128


def batches(
    X: Any,
    y: Any,
    batch_size: int | None = None,
    shuffle: bool = True,
    seed: Seed = None,
    dtype: Any = None,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Mini-batches (X_b, y_b) covering every sample once; the last one may be smaller.

    ``batch_size=None`` gives the whole set as one batch (full-batch gradient descent).
    With ``shuffle`` the order is a fresh permutation drawn from ``seed``. An empty set is
    a ValueError (as ``fit`` refuses one).

    ``dtype`` (say ``np.float64``): X's batches in that dtype. The rows are gathered and
    converted :data:`BLOCK_ROWS` at a time (or one batch, if larger), and each batch is a
    view of such a block: a data set kept as float32 is never copied whole, and a small
    batch costs two slices rather than a gather and a conversion of its own.

    The arguments are checked when ``batches`` is called, not at the first batch (X's
    numbers themselves are converted to ``dtype`` a block at a time: an object array
    holding a string is refused at its block, by numpy). A number beyond ``dtype``'s
    range (1e300 in float32, beyond ±3.4e38) is refused at its block, a ValueError naming
    its row and column of X, as ``fit(dtype="float32")`` refuses one; a number too small
    for it (1e-50, below float32's smallest, 1.4e-45) becomes 0.0, as any rounding to
    float32 does. So is a number held as an object that a float cannot hold
    (Decimal('1e400'), 10**400: numpy reads such numbers through ``float()``, which made
    the Decimal inf), in any dtype. An infinity or nan already in X (``float('inf')``,
    Decimal('Infinity')) is passed on as it is. An integer no float holds (2**53 + 1,
    which the cast would round to 2**53) is refused too, naming its cell, as the engine
    refuses ``Value(2**53 + 1)`` — in an integer X when ``batches`` is called (one look
    at its extremes), held as an object at its block; in a list mixing ints with floats
    (which np.asarray rounds) with or without a dtype. Without a dtype an int array is
    not converted, and an int is passed on as the int it is.

    A boolean among numbers in X or y (``[[True, 0.5]]``, which np.asarray makes
    [[1.0, 0.5]]; True in an object array, which a cast makes 1.0), one among strings
    in a list (``[True, "a"]``, which np.asarray makes ['True', 'a']) and a Value (whose
    ``__float__`` a cast reads) are refused when ``batches`` is called, naming the cell,
    in the words ``fit`` refuses them with: neither is a number of the data set. X and
    y given as numpy arrays of numbers are not looked at cell by cell for them. An X or
    a y all of booleans (``y > 0``, or a list all of bools, which batches handed on and
    fit refused later) is refused when ``batches`` is called, naming no cell, as fit
    refuses it: "batches: y holds booleans; a boolean is no number here: give numbers
    (1.0 and 0.0, or class indices)" — unlike :func:`train_test_split`, which splits
    one as given (a mask), since batches feeds fit.
    """
    Xa, ya = _samples(X, y, "batches", all_boolean=True)
    n = len(ya)
    if n == 0:  # no batch to give: an epoch of none would train nothing, without a word
        raise ValueError("batches: no samples (X and y are empty)")
    size = n if batch_size is None else _count(batch_size, "batch_size", "batches")
    check_flag(shuffle, "shuffle", "batches")
    rng = make_rng(seed, "batches")  # checked with shuffle=False too
    order = rng.permutation(n) if shuffle else np.arange(n)
    chosen = _float_dtype(dtype, "batches")
    if chosen is not None and Xa.dtype.kind in "USVc":  # strings, bytes, records, complex
        raise ValueError(
            f"batches: X is an array of {Xa.dtype} (text or complex numbers), which "
            f"dtype={chosen.name} cannot hold; give real numbers"
        )
    # one look at an int X's extremes; a list mixing ints and floats np.asarray rounded
    cell = None if chosen is None else first_unheld_int(Xa)
    if cell is not None:
        raise ValueError(f"batches: X {_cell_text(cell)} {unheld_int_text(Xa[cell])}")
    listed = listed_int_cell(X, Xa)
    if listed is not None:
        r, c = listed
        raise ValueError(f"batches: X {_cell_text(listed)} {unheld_int_text(X[r][c])}")
    return _batches(Xa, ya, order, size, chosen)


def _refuse_boolean_or_value(
    data: Any, a: np.ndarray, name: str, where: str, all_boolean: bool
) -> None:
    """A ValueError for booleans or a Value in X or y (``name``) given to ``where``
    ("batches", "train_test_split"), ``data`` as given, ``a`` as numpy holds it, in
    fit's words (nn.inputs): a listed boolean numpy made a number
    (:func:`~nn.checks.listed_boolean`: ``[True, 0.5]`` is [1.0, 0.5]) or text
    (:func:`_as_given`: ``[True, "a"]`` is ['True', 'a']), a boolean or a Value held as
    an object (:func:`~nn.checks.object_cell_refused`, not numbers only:
    strings, None and nan are passed on, as batches documents), named by its cell; with
    ``all_boolean`` (batches), an array all of booleans too (``y > 0``: batches handed
    it on, and fit refused it later), told as fit tells it (y's may have been meant as
    class indices). Without it (train_test_split) such an array — numpy's booleans, a
    list or an object array all of booleans — is passed on as given: a mask split with
    its samples stays a mask (session 35 refused ``train_test_split(X, mask)``, the use
    its docstring shows). A numeric array costs one look at its dtype."""
    if a.dtype.kind == "b" and a.size:
        if not all_boolean:
            return
        raise ValueError(booleans_held(f"{where}: {name}", classes=name == "y"))
    listed = listed_boolean(data, a)
    if listed is not None:
        found: tuple[tuple[int, ...], object] | None = (listed, listed_cell(data, listed))
    else:
        # a list mixing a boolean with text is text to numpy (True is the string 'True'):
        # its cells as given, as fit reads such a list (nn.inputs._as_array)
        cells = _as_given(data, a)
        refused = object_cell_refused(cells, numbers_only=False)
        found = None if refused is None else refused[:2]
    if found is None:
        return
    if not all_boolean and a.dtype.kind == "O" and all(map(is_boolean, a.flat)):
        return  # an object array all of booleans: split, its cells are what was given
    at, v = found
    place = target_place(at) if name == "y" else _cell_text(at)  # accuracy's "target 2"
    where = f"{where}: {name} {place} is"
    if isinstance(v, Value):  # y's words as the losses' ("targets are plain numbers")
        said = f": {VALUE_IN_X}" if name == "X" else VALUE_TARGET
        raise ValueError(f"{where} {shown(v)}{said}")
    named = boolean_target_named(v, at) if name == "y" else boolean_named(v)
    raise ValueError(f"{where} {named}")


def _as_given(data: Any, a: np.ndarray) -> np.ndarray:
    """``a`` (np.asarray of ``data``), or, when numpy made text of a list (or any data
    but an array: strings, bytes), ``data`` as an array of objects, each cell as given:
    ``[True, "a"]`` is ['True', 'a'] to numpy, and the boolean, handed on as the string
    'True' by batches and train_test_split, is refused by fit. A list of text costs a
    second conversion; numbers and arrays none."""
    if a.dtype.kind in "US" and not isinstance(data, np.ndarray):
        return np.array(data, dtype=object)
    return a


def _float_dtype(dtype: Any, where: str) -> np.dtype[Any] | None:
    """A floating-point numpy dtype from its name or type (None: none asked for); any
    other dtype would truncate the features (int) or not be numbers (str, object)."""
    if dtype is None:
        return None
    try:
        chosen: np.dtype[Any] | None = np.dtype(dtype)
    except (TypeError, ValueError):  # "data type 'foo' not understood"
        chosen = None
    if chosen is None or not np.issubdtype(chosen, np.floating):
        raise ValueError(
            f"{where}: dtype must be a floating-point numpy dtype (np.float64, np.float32) "
            f"or None, got {shown(dtype)}"
        )
    return chosen


def _batches(
    Xa: np.ndarray, ya: np.ndarray, order: np.ndarray, size: int, dtype: np.dtype[Any] | None
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """The batches of :func:`batches`, its arguments checked."""
    n = len(ya)
    # whole batches per block; without a dtype, each batch is its own block
    block = size if dtype is None else size * max(1, BLOCK_ROWS // size)
    for first in range(0, n, block):
        idx = order[first : first + block]
        if dtype is None:
            Xc = Xa[idx]
        else:
            rows = Xa[idx]
            try:  # numpy flags a cast's overflow (not an infinity cast as itself): the
                # check costs nothing while none overflows
                with np.errstate(over="raise"):
                    Xc = rows.astype(dtype, copy=False)
            except (FloatingPointError, OverflowError):  # OverflowError: 10**400's float()
                _refuse_overflow(rows, dtype, idx)
                raise  # not reached: a cell overflowed, and was named
            # an object's number is read by float(), which makes Decimal('1e400') inf
            # without numpy's flag: an infinity there must have been one in X
            if rows.dtype.kind == "O":
                if np.isinf(Xc).any():
                    _refuse_overflow(rows, dtype, idx)
                _refuse_rounded_ints(rows, idx)
        yc = ya[idx]
        for start in range(0, len(idx), size):
            yield Xc[start : start + size], yc[start : start + size]


def _range_text(dtype: np.dtype[Any]) -> str:
    """A float dtype's range as errors give it: ``±3.4e38`` for float32."""
    mantissa, exponent = f"{float(np.finfo(dtype).max):.1e}".split("e")
    return f"±{mantissa}e{int(exponent)}"


def _cell_text(cell: tuple[int, ...], idx: np.ndarray | None = None) -> str:
    """How an error names a cell of X: "row 3 column 1" (``idx``: X's rows of the block
    ``cell`` indexes, None: X itself)."""
    where = f"row {int(cell[0] if idx is None else idx[cell[0]])}"
    if len(cell) == 2:
        where += f" column {cell[1]}"
    elif len(cell) > 2:
        where += f" entry {cell[1:]}"
    return where


def _refuse_rounded_ints(rows: np.ndarray, idx: np.ndarray) -> None:
    """A ValueError for the first cell of an object block ``rows`` (X's rows ``idx``) that
    is an integer no float holds (2**53 + 1, which the cast rounded to 2**53 without a
    word), as the engine refuses one; None when there is none. Walks the cells once in
    Python, as the cast of an object array did (its float() per cell)."""
    for k, v in enumerate(rows.flat):
        if type(v) is not float and unheld_int(v):
            cell = tuple(int(i) for i in np.unravel_index(k, rows.shape))
            raise ValueError(f"batches: X {_cell_text(cell, idx)} {unheld_int_text(v)}")


def _refuse_overflow(rows: np.ndarray, dtype: np.dtype[Any], idx: np.ndarray) -> None:
    """A ValueError for the first cell of ``rows`` (X's rows ``idx``) that is finite but
    infinite in ``dtype`` (an infinity of X's own is not refused: batches passes the
    numbers on as they are); None when there is none (an object array whose infinities
    were X's own: Decimal('Infinity'), float('inf'))."""
    if rows.dtype.kind == "O":
        cell = next((c for c in np.ndindex(rows.shape) if _overflows(rows[c], dtype)), None)
        if cell is None:
            return None
    else:
        with np.errstate(over="ignore", invalid="ignore"):
            overflowed = np.isinf(rows.astype(dtype)) & np.isfinite(rows)
        if not overflowed.any():
            return None
        cell = tuple(int(i) for i in np.argwhere(overflowed)[0])
    where = _cell_text(cell, idx)
    value = rows[cell]
    number = value.item() if isinstance(value, np.generic) else value
    if _beyond(number):  # numpy reads it as inf in any dtype, float64 or wider
        raise ValueError(
            f"batches: X {where} is {shown(number)}, beyond a float (±1.8e308), "
            f"through which numpy reads a number held as an object: scale X"
        ) from None
    raise ValueError(
        f"batches: X {where} is {shown(number)}, beyond {dtype.name}'s range "
        f"({_range_text(dtype)}), which dtype={dtype.name} cannot hold: give a wider "
        f"dtype (np.float64) or scale X"
    ) from None


def _overflows(v: Any, dtype: np.dtype[Any]) -> bool:
    """Whether ``v`` (a cell of an object X) is finite but infinite in ``dtype``."""
    if _beyond(v):
        return True
    try:
        x = float(v)
    except (TypeError, ValueError):
        return False
    with np.errstate(over="ignore"):
        return math.isfinite(x) and bool(np.isinf(np.asarray(x).astype(dtype)))


def _beyond(v: Any) -> bool:
    """Whether ``v`` (a cell of X, as numpy holds it) is a finite number beyond a Python
    float, through which numpy reads a number held as an object: 10**400 (whose float()
    is an OverflowError) or, by the readers' :func:`~autograd_mini.reals.beyond_a_float`,
    Decimal('1e400') (whose float() is inf)."""
    try:
        x = float(v)
    except OverflowError:
        return True
    except (TypeError, ValueError):  # not a number: numpy's cast refused it already
        return False
    return beyond_a_float(v, x)


#: name → generator with default arguments, for the demo's ``--dataset``
DATASETS = {"digits", "moons", "circles", "spirals", "xor"}


def load_dataset(name: str, seed: Seed = 0) -> Arrays:
    """One of :data:`DATASETS` by name, the demo's: 200 points (spirals 300; digits all
    1,797) at the generator's default noise, drawn from ``seed``."""
    make_rng(seed, "load_dataset")  # refused naming load_dataset, for digits too
    if name == "digits":
        return digits()
    if name == "moons":
        return moons(200, 0.1, seed=seed)
    if name == "circles":
        return circles(200, 0.05, seed=seed)
    if name == "spirals":
        return spirals(300, 3, 0.2, seed=seed)
    if name == "xor":
        return xor(200, 0.0, seed=seed)
    raise ValueError(f"load_dataset: unknown data set {name!r}; expected one of {sorted(DATASETS)}")
