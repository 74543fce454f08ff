"""nn.data: generators checked against their geometry, splits, batches, digits."""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable, Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from import_only import import_only_from

import nn
from nn import data


def test_moons_without_noise_lie_on_the_two_half_circles() -> None:
    X, y = data.moons(101, noise=0.0, seed=0)
    assert X.shape == (101, 2) and set(y.tolist()) == {0, 1}
    assert (y == 0).sum() == 51 and (y == 1).sum() == 50
    top, bottom = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(top[:, 0], top[:, 1]), 1.0)
    assert (top[:, 1] >= -1e-12).all()
    np.testing.assert_allclose(np.hypot(bottom[:, 0] - 1.0, bottom[:, 1] - 0.5), 1.0)
    assert (bottom[:, 1] <= 0.5 + 1e-12).all()


def test_generators_are_reproducible_from_the_seed() -> None:
    makers: list[Callable[..., tuple[np.ndarray, np.ndarray]]]
    makers = [data.moons, data.circles, data.spirals, data.xor]
    for make in makers:
        a, ya = make(seed=3)
        b, yb = make(seed=3)
        c, _ = make(seed=4)
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(ya, yb)
        assert not np.array_equal(a, c)


def test_circles_radii() -> None:
    X, y = data.circles(60, noise=0.0, factor=0.3, seed=0)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[y == 0], 1.0)
    np.testing.assert_allclose(r[y == 1], 0.3)


def test_spirals_classes_and_radius() -> None:
    X, y = data.spirals(100, classes=4, noise=0.1, seed=0)
    assert np.bincount(y).tolist() == [25, 25, 25, 25]
    assert (np.hypot(X[:, 0], X[:, 1]) <= 1.0 + 1e-12).all()  # noise turns, never stretches


def test_xor_labels_follow_the_signs() -> None:
    X, y = data.xor(200, seed=1)
    assert ((X[:, 0] * X[:, 1] < 0) == (y == 1)).all()
    assert 0.3 < y.mean() < 0.7


def test_xor_labels_are_those_of_the_noiseless_points() -> None:
    """With noise the points move after they are labelled (the data notebooks depend on
    stays as it is): the labels follow the noiseless points' signs, so some noisy points
    break the sign rule and leave [−1, 1]², which the docstring must say (it promised
    the rule and the square whatever the noise)."""
    clean, y_clean = data.xor(200, noise=0.0, seed=0)
    X, y = data.xor(200, noise=0.3, seed=0)
    np.testing.assert_array_equal(y, y_clean)
    assert (np.abs(clean) <= 1.0).all()
    assert ((clean[:, 0] * clean[:, 1] < 0) == (y == 1)).all()
    broken = (X[:, 0] * X[:, 1] < 0) != (y == 1)
    assert 0.1 < broken.mean() < 0.35 and np.abs(X).max() > 1.5
    doc = " ".join((data.xor.__doc__ or "").split())
    assert "the labels are those of the noiseless points" in doc


def test_digits_is_the_real_set_scaled() -> None:
    X, y = data.digits()
    assert X.shape == (1797, 64) and y.shape == (1797,)
    assert X.min() == 0.0 and X.max() == 1.0
    assert sorted(set(y.tolist())) == list(range(10))


def test_digits_without_scikit_learn_says_what_to_install() -> None:
    """The command quoted (unquoted, zsh reads the brackets as a file pattern)."""
    with import_only_from("sklearn"), pytest.raises(ImportError) as info:  # not installed
        data.digits()
    assert str(info.value) == (
        "nn.data.digits needs scikit-learn, which autograd-mini does not install by "
        'itself: pip install "autograd-mini[data]"'
    )


@pytest.fixture
def fake_sklearn(tmp_path: Path) -> Iterator[Path]:
    """A folder for a test's own ``sklearn``, the only place Python looks for one."""
    with import_only_from("sklearn", tmp_path):
        yield tmp_path


@pytest.mark.parametrize(
    ("files", "failure"),
    [({"__init__.py": ""},
      "ModuleNotFoundError: No module named 'sklearn.datasets'"),
     ({"__init__.py": "", "datasets.py": "raise ImportError('scipy is too old')"},
      "ImportError: scipy is too old"),
     ({"__init__.py": "", "datasets.py": "import agm_no_such_module"},
      "ModuleNotFoundError: No module named 'agm_no_such_module'")],
)  # fmt: skip
def test_digits_with_scikit_learn_but_no_datasets_says_what_failed(
    files: dict[str, str], failure: str, fake_sklearn: Path
) -> None:
    """scikit-learn installed but its sklearn.datasets missing (a partial install) was
    told "needs scikit-learn, which autograd-mini does not install by itself: pip
    install", sending the user to install what is there; now the failed import is said."""
    (fake_sklearn / "sklearn").mkdir()
    for name, text in files.items():
        (fake_sklearn / "sklearn" / name).write_text(text + "\n")
    with pytest.raises(ImportError) as info:
        data.digits()
    assert str(info.value) == (
        "nn.data.digits needs scikit-learn, which is installed but could not be imported "
        f"(import sklearn.datasets): {failure}"
    )


def test_digits_with_a_folder_named_sklearn_says_it_is_not_the_package(
    fake_sklearn: Path,
) -> None:
    """A folder ``sklearn`` without __init__.py is imported as an empty namespace package
    only when scikit-learn is not installed: named, with the install command (it was
    "not installed" alone, which does not say why ``import sklearn`` works)."""
    (fake_sklearn / "sklearn").mkdir()
    with pytest.raises(ImportError) as info:
        data.digits()
    assert str(info.value) == (
        "nn.data.digits needs scikit-learn, which is not installed: what Python found as "
        f"'sklearn' is a folder without __init__.py ({fake_sklearn / 'sklearn'}), not the "
        'package: pip install "autograd-mini[data]"'
    )


def test_digits_with_a_file_named_sklearn_names_it(fake_sklearn: Path) -> None:
    """A ``sklearn.py`` (a script of the user's, say) where Python looks first is
    imported instead of scikit-learn, installed or not: it was said to be scikit-learn
    "installed but could not be imported", which it need not be; now it is named with
    where it was found, as a ``torch.py`` is."""
    (fake_sklearn / "sklearn.py").write_text("load_digits = None\n")
    with pytest.raises(ImportError) as info:
        data.digits()
    assert str(info.value) == (
        "nn.data.digits needs scikit-learn, but the module 'sklearn' that Python found "
        f"({fake_sklearn / 'sklearn.py'}) is not it: it has no 'datasets'. A file or "
        "folder of that name where Python looks first (the current directory, say) is "
        "imported instead"
    )


def test_one_hot() -> None:
    np.testing.assert_array_equal(data.one_hot(np.array([2, 0]), 3), [[0, 0, 1], [1, 0, 0]])
    assert data.one_hot(np.array([1, 3])).shape == (2, 4)
    with pytest.raises(ValueError, match=r"class numbers are 0\.\.1$"):
        data.one_hot(np.array([0, 2]), 2)
    with pytest.raises(ValueError, match="integer labels"):
        data.one_hot(np.array([0.5]))


@pytest.mark.parametrize(
    ("y", "said"),
    [
        (np.array([2.0, 0.5]), "floats: label 1 is 0.5, not a whole number"),
        (np.array([True, False]), "booleans: label 0 is True"),
        ([1, None], "objects: label 1 is None"),
        (["a", "b"], "strings: label 0 is 'a'"),
        (np.array([1], dtype="m8[s]"), "values of type timedelta64[s]: label 0 is "),
        (np.zeros((2, 2), dtype=int), "an array of shape (2, 2)"),
        (3, "one value, 3"),
    ],
    ids=["floats", "booleans", "None", "strings", "timedelta", "2-D", "one number"],
)
def test_one_hot_of_labels_that_are_not_integers_names_the_first(y: Any, said: str) -> None:
    """Float labels (y of a regression's dtype) and the rest said "expected a 1-D array
    of integer labels, got array([2., 0., …" — the whole array, 1-D as asked; a
    timedelta64 array (an integer to numpy) a bare TypeError of int()."""
    with pytest.raises(ValueError) as caught:
        data.one_hot(y)
    assert str(caught.value).startswith(
        f"one_hot: expected a 1-D array of integer labels, got {said}"
    )


@pytest.mark.parametrize(
    ("y", "first"),
    [([1.0, 2.5], 1), ([1.0, 2.0, math.nan], 2), ([-0.0, math.inf], 1), ([3.0, 0.25, 1.5], 1)],
    ids=repr,
)
def test_one_hot_of_floats_names_the_first_that_is_not_whole(y: list[float], first: int) -> None:
    """[1.0, 2.5] said "label 0 is 1.0 (y.astype(int), if they are whole numbers)":
    label 0 is whole, 2.5 at 1 is the one that is not, and y.astype(int) makes class 2
    of it. Oracle: the first position whose float differs from its integer part (by
    float.is_integer), found here by hand."""
    assert not float(y[first]).is_integer() and all(float(v).is_integer() for v in y[:first])
    with pytest.raises(ValueError) as caught:
        data.one_hot(np.array(y))
    assert str(caught.value) == (
        f"one_hot: expected a 1-D array of integer labels, got floats: label {first} is "
        f"{y[first]!r}, not a whole number"
    )


@pytest.mark.parametrize("kind", [np.float16, np.float32, np.longdouble])
def test_one_hot_of_floats_of_any_width_is_refused_without_a_warning(kind: type) -> None:
    """float16 labels warned "overflow encountered in cast" from nn/data.py before the
    refusal (an error where warnings are errors, hiding it): the type cannot hold the
    2**63 a label is compared with; long doubles were a bare TypeError of math.trunc.
    Refused, and nothing else said (a long double quoted as numpy writes it)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"label 1 is \S*2\.5\S*, not a whole number$"):
            data.one_hot(np.array([1.0, 2.5], dtype=kind))
        with pytest.raises(ValueError, match=r"each a whole number; y\.astype"):
            data.one_hot(np.array([1.0, 2.0], dtype=kind))


def test_one_hot_of_whole_floats_says_astype_int_makes_them_labels() -> None:
    """Every label whole: the advice y.astype(int), which one_hot then takes (oracle: the
    rows e_c written out), and no label named as the wrong one."""
    y = np.array([2.0, 0.0, 1.0])
    with pytest.raises(ValueError) as caught:
        data.one_hot(y)
    assert str(caught.value) == (
        "one_hot: expected a 1-D array of integer labels, got floats, each a whole number; "
        "y.astype(int) makes an integer array of them"
    )
    np.testing.assert_array_equal(data.one_hot(y.astype(int)), [[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    with pytest.raises(ValueError, match=r"label 1 is 1e\+300, too large for a class number$"):
        data.one_hot(np.array([0.0, 1e300]))  # whole, but astype(int) makes another number


@pytest.mark.parametrize(
    "y", [np.array([1, 2], dtype=object), np.array([np.int64(1), 2], dtype=object)], ids=repr
)
def test_one_hot_of_integers_in_an_object_array_names_no_label_wrongly(y: Any) -> None:
    """An object array of integers (a pandas column of dtype object) said "got objects:
    label 0 is 1", naming an integer as the label that is not one; it now says every
    label is an integer and how to make the array one of integers (which one_hot takes)."""
    with pytest.raises(ValueError) as caught:
        data.one_hot(y)
    said = str(caught.value)
    assert "label 0" not in said
    assert "y.astype(int)" in said
    np.testing.assert_array_equal(data.one_hot(y.astype(int)), [[0, 1, 0], [0, 0, 1]])


def test_one_hot_errors_say_which_label_is_wrong() -> None:
    with pytest.raises(
        ValueError, match=r"^one_hot: label 0 is -1, below 0 \(class numbers start at 0\)$"
    ):
        data.one_hot([-1])
    with pytest.raises(ValueError, match=r"^one_hot: label 2 is -3, below 0 "):
        data.one_hot([0, 4, -3], classes=5)
    # worded as a negative label is: "label i is v", then why
    with pytest.raises(ValueError) as caught:
        data.one_hot([0, 7, 1], classes=3)
    assert str(caught.value) == "one_hot: label 1 is 7, but classes=3: class numbers are 0..2"
    with pytest.raises(ValueError, match=r"^one_hot: classes must be an integer ≥ 1, got 0"):
        data.one_hot([0], classes=0)
    with pytest.raises(ValueError, match=r"no labels, so the number of classes is unknown"):
        data.one_hot(np.array([], dtype=int))
    assert data.one_hot(np.array([], dtype=int), classes=3).shape == (0, 3)


def test_train_test_split_is_a_seeded_partition() -> None:
    X = np.arange(50, dtype=float).reshape(25, 2)
    y = np.arange(25)
    Xtr, _, ytr, yte = data.train_test_split(X, y, test_size=0.2, seed=0)
    assert len(yte) == 5 and len(ytr) == 20
    assert sorted([*ytr.tolist(), *yte.tolist()]) == list(range(25))
    np.testing.assert_array_equal(Xtr[:, 0], ytr * 2)  # rows stay with their labels
    again = data.train_test_split(X, y, test_size=0.2, seed=0)
    np.testing.assert_array_equal(again[3], yte)
    with pytest.raises(ValueError, match="test_size"):
        data.train_test_split(X, y, test_size=1.5)
    with pytest.raises(ValueError, match="25 samples but 3 labels"):
        data.train_test_split(X, y[:3])


def test_batches_cover_every_sample_once() -> None:
    X = np.arange(10, dtype=float).reshape(10, 1)
    y = np.arange(10)
    got = list(data.batches(X, y, batch_size=4, shuffle=True, seed=1))
    assert [len(b) for _, b in got] == [4, 4, 2]
    assert sorted(np.concatenate([b for _, b in got]).tolist()) == list(range(10))
    assert all((xb[:, 0] == yb).all() for xb, yb in got)
    again = list(data.batches(X, y, batch_size=4, shuffle=True, seed=1))
    assert all((a[1] == b[1]).all() for a, b in zip(got, again, strict=True))
    ordered = list(data.batches(X, y, batch_size=3, shuffle=False))
    assert ordered[0][1].tolist() == [0, 1, 2]
    (full,) = data.batches(X, y, batch_size=None, shuffle=False)
    assert full[1].tolist() == list(range(10))


def test_empty_data_is_a_clear_error_for_batches_and_zero_rows_for_one_hot() -> None:
    """batches([], []) raised "range() arg 3 must not be zero" (batch_size=None) or gave
    no batch at all (a batch size); one_hot([], classes=3) refused [] as "not integer
    labels", numpy making it a float array."""
    for size in (None, 4):
        with pytest.raises(ValueError, match=r"^batches: no samples"):
            list(data.batches(np.empty((0, 2)), np.empty(0, dtype=int), batch_size=size))
        with pytest.raises(ValueError, match=r"^batches: no samples"):
            list(data.batches([], [], batch_size=size, dtype=np.float64))
    out = data.one_hot([], classes=3)
    assert out.shape == (0, 3) and out.dtype == np.float64
    with pytest.raises(ValueError, match="no labels, so the number of classes is unknown"):
        data.one_hot([])
    with pytest.raises(ValueError, match="integer labels"):
        data.one_hot([[]], classes=3)  # 2-D, even empty: not a list of labels


@pytest.mark.parametrize("size", [1, 7, data.BLOCK_ROWS, data.BLOCK_ROWS + 5, None])
def test_batches_in_a_dtype_are_the_same_batches_converted(size: int | None) -> None:
    """dtype=float64 on float32 data: each batch is the plain batch (same seed) converted
    exactly, gathered a block at a time — including batches larger than a block, a
    last block shorter than the others and a last batch shorter than the rest."""
    n = 2 * data.BLOCK_ROWS + 11
    X = np.random.default_rng(0).random((n, 3), dtype=np.float32)
    y = np.arange(n)
    plain = list(data.batches(X, y, size, shuffle=True, seed=4))
    got = list(data.batches(X, y, size, shuffle=True, seed=4, dtype=np.float64))
    assert len(got) == len(plain) == -(-n // (size or n))
    for (xa, ya), (xb, yb) in zip(plain, got, strict=True):
        assert xb.dtype == np.float64 and xa.dtype == np.float32
        assert np.array_equal(xb, xa.astype(np.float64)) and np.array_equal(yb, ya)
    assert sorted(np.concatenate([b for _, b in got]).tolist()) == list(range(n))
    with pytest.raises(ValueError, match="batch_size"):
        list(data.batches(X, y, batch_size=0))


def test_load_dataset_and_bad_arguments() -> None:
    for name in sorted(data.DATASETS):
        X, y = data.load_dataset(name)
        assert len(X) == len(y) > 0
    with pytest.raises(ValueError, match="unknown data set 'mnist'"):
        data.load_dataset("mnist")
    with pytest.raises(ValueError, match="noise must be a finite number ≥ 0"):
        data.moons(10, noise=-1.0)
    with pytest.raises(ValueError, match="n must be an integer"):
        data.xor(0)


X10, Y10 = np.ones((10, 2)), np.arange(10)
#: what a number argument may wrongly be: a string, None, a list, a bool, nan, ±inf and an
#: int too large for a float (its repr is 401 digits: shown by its size)
NOT_A_NUMBER = ["0.5", None, [0.5], True, False, math.nan, math.inf, -math.inf, 10**400]
NUMBER_IDS = ["str", "None", "list", "True", "False", "nan", "inf", "-inf", "10**400"]
#: each generator's and split's number argument, called with ``bad`` in its place
NUMBER_ARGUMENTS: dict[str, Callable[[Any], object]] = {
    "circles factor": lambda bad: data.circles(10, factor=bad),
    "train_test_split test_size": lambda bad: data.train_test_split(X10, Y10, test_size=bad),
    "moons noise": lambda bad: data.moons(10, noise=bad),
    "circles noise": lambda bad: data.circles(10, noise=bad),
    "spirals noise": lambda bad: data.spirals(10, noise=bad),
    "xor noise": lambda bad: data.xor(10, noise=bad),
    "moons n": lambda bad: data.moons(bad),
    "circles n": lambda bad: data.circles(bad),
    "spirals n": lambda bad: data.spirals(bad),
    "xor n": lambda bad: data.xor(bad),
    "spirals classes": lambda bad: data.spirals(10, classes=bad),
    "batches batch_size": lambda bad: list(data.batches(X10, Y10, batch_size=bad)),
}
#: how each one's refusal starts: the function and the argument, then the rule
WORDS = {
    "circles factor": "circles: factor must be a number in (0, 1), got ",
    "train_test_split test_size": "train_test_split: test_size must be a number in (0, 1), got ",
    "moons noise": "moons: noise must be a finite number ≥ 0, got ",
    "circles noise": "circles: noise must be a finite number ≥ 0, got ",
    "spirals noise": "spirals: noise must be a finite number ≥ 0, got ",
    "xor noise": "xor: noise must be a finite number ≥ 0, got ",
    "moons n": "moons: n must be an integer ≥ 2, got ",
    "circles n": "circles: n must be an integer ≥ 2, got ",
    "spirals n": "spirals: n must be an integer ≥ 1, got ",
    "xor n": "xor: n must be an integer ≥ 1, got ",
    "spirals classes": "spirals: classes must be an integer ≥ 2, got ",
    "batches batch_size": "batches: batch_size must be an integer ≥ 1, got ",
}


#: a count's bad values: 10**400 is a whole number ≥ 2 (beyond memory, not out of range),
#: and batch_size=None is the whole set
COUNTS = {"moons n", "circles n", "spirals n", "xor n", "spirals classes", "batches batch_size"}
BAD_NUMBERS = [
    pytest.param(argument, bad, id=f"{argument}-{bad_id}")
    for argument in NUMBER_ARGUMENTS
    for bad, bad_id in zip(NOT_A_NUMBER, NUMBER_IDS, strict=True)
    if not (argument in COUNTS and bad_id == "10**400")
    and not (argument == "batches batch_size" and bad is None)
]


@pytest.mark.parametrize(("argument", "bad"), BAD_NUMBERS)
def test_a_bad_number_argument_is_refused_naming_the_function_and_the_argument(
    argument: str, bad: object
) -> None:
    """circles(factor="0.5") and train_test_split(test_size=None) raised Python's own
    "'<' not supported between instances of 'float' and 'str'", naming neither; noise
    10**400 an OverflowError ("int too large to convert to float"); spirals' classes and
    batches' batch_size were called "n" ("spirals (classes): n must be …"). Each is now a
    ValueError that names the function and the argument, with the value it got (an
    integer of 401 digits by its size)."""
    with pytest.raises(ValueError) as caught:
        NUMBER_ARGUMENTS[argument](bad)
    message = str(caught.value)
    assert message.startswith(WORDS[argument])
    shown = "an integer of 401 digits" if bad is NOT_A_NUMBER[-1] else repr(bad)
    assert shown in message


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (
            lambda: data.circles(10, factor=0.0),
            "circles: factor must be a number in (0, 1), got 0.0",
        ),
        (lambda: data.circles(10, factor=1), "circles: factor must be a number in (0, 1), got 1"),
        (
            lambda: data.train_test_split(X10, Y10, test_size=-0.5),
            "train_test_split: test_size must be a number in (0, 1), got -0.5",
        ),
        (
            lambda: data.moons(10, noise=-1e-9),
            "moons: noise must be a finite number ≥ 0, got -1e-09",
        ),
        (lambda: data.moons(1), "moons: n must be an integer ≥ 2, got 1"),
        (lambda: data.spirals(10, classes=1), "spirals: classes must be an integer ≥ 2, got 1"),
        (
            lambda: data.spirals(3, classes=5),
            "spirals: classes must be at most n (each arm needs a point), got classes=5 and n=3",
        ),
        # 10**400 arms of 10 points: refused at once (the sizes' list never ended)
        (lambda: data.spirals(10, classes=10**400), "spirals: classes must be at most n"),
    ],
    ids=[
        "factor-0",
        "factor-1",
        "test_size-negative",
        "noise-negative",
        "n-1",
        "classes-1",
        "classes-above-n",
        "classes-huge",
    ],
)
def test_a_number_out_of_range_is_refused_naming_the_function_and_the_argument(
    call: Callable[[], object], words: str
) -> None:
    """The ends of each range; spirals(3, classes=5) gave two arms without a point (and
    classes=10**400 never returned)."""
    with pytest.raises(ValueError, match="^" + words.replace("(", r"\(").replace(")", r"\)")):
        call()


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: data.moons(10**400), "moons: n=an integer of 401 digits is too large"),
        (lambda: data.circles(2**62), f"circles: n={2**62} is too large"),
        (lambda: data.spirals(10**20), f"spirals: n={10**20} is too large"),
        (lambda: data.xor(10**19), f"xor: n={10**19} is too large"),
        (lambda: data.one_hot([0, 1], classes=10**20), f"one_hot: classes={10**20} is too large"),
        (lambda: data.one_hot([0, 1], classes=2**61), f"one_hot: classes={2**61} is too large"),
    ],
    ids=[
        "moons-10**400",
        "circles-2**62",
        "spirals-10**20",
        "xor-10**19",
        "one_hot-10**20",
        "one_hot-2**61",
    ],
)
def test_a_count_beyond_any_array_is_refused_naming_the_function_and_the_argument(
    call: Callable[[], object], words: str
) -> None:
    """A whole number of samples or classes whose array numpy cannot address (more than
    2**63 bytes of float64) failed inside numpy — "Maximum allowed size exceeded", "array
    is too big" — naming neither the function nor the argument. (One numpy can address
    but the machine cannot hold stays numpy's MemoryError, which says how many bytes.)"""
    with pytest.raises(ValueError, match="^" + re.escape(words)):
        call()


def test_numbers_of_numpy_types_are_accepted() -> None:
    """numpy's floats and ints are numbers (a float32 is not a Python float)."""
    X, y = data.circles(np.int64(10), noise=np.float32(0.1), factor=np.float32(0.3))
    assert X.shape == (10, 2) and np.bincount(y).tolist() == [5, 5]
    _, X_test, _, _ = data.train_test_split(X10, Y10, test_size=np.float64(0.3))
    assert len(X_test) == 3
    assert np.bincount(data.spirals(4, classes=np.int8(4))[1]).tolist() == [1, 1, 1, 1]


#: the two functions that take X and y, each called with ``X`` and ``y`` in their place
SPLITTERS: dict[str, Callable[[Any, Any], object]] = {
    "train_test_split": lambda X, y: data.train_test_split(X, y),
    "batches": lambda X, y: data.batches(X, y),  # not iterated: refused when called
}
BAD_ARRAYS = [
    (3.0, 1.0, "X must be an array, one row per sample, got 3.0"),
    (X10, 1.0, "y must be an array, one target per sample, got 1.0"),
    (3.0, Y10, "X must be an array, one row per sample, got 3.0"),
    (None, Y10, "X must be an array, one row per sample, got None"),
    ("abc", Y10, "X must be an array, one row per sample, got 'abc'"),
    ({1: 2}, Y10, "X must be an array, one row per sample, got {1: 2}"),
    (X10, None, "y must be an array, one target per sample, got None"),
    ([[1.0, 2.0], [3.0]], [0, 1], "X has rows of different lengths; give one row per sample"),
    (X10[:2], [[1.0, 0.0], [1.0]], "y has rows of different lengths; give one target per sample"),
    (X10, Y10[:3], "10 samples but 3 labels"),
]
ARRAY_IDS = ["numbers", "y-number", "X-number", "X-None", "X-str", "X-dict", "y-None",
             "X-ragged", "y-ragged", "lengths"]  # fmt: skip


@pytest.mark.parametrize(("X", "y", "words"), BAD_ARRAYS, ids=ARRAY_IDS)
@pytest.mark.parametrize("function", list(SPLITTERS))
def test_x_and_y_that_are_not_arrays_of_samples_are_refused_naming_them(
    function: str, X: object, y: object, words: str
) -> None:
    """train_test_split(3.0, 1.0) and batches(3.0, 1.0) raised Python's "len() of unsized
    object", and ragged rows numpy's "setting an array element with a sequence …
    inhomogeneous shape", naming neither the function nor the argument."""
    with pytest.raises(ValueError) as caught:
        SPLITTERS[function](X, y)
    assert str(caught.value).startswith(f"{function}: {words}")


@pytest.mark.parametrize(
    ("keywords", "error", "words"),
    [
        ({"shuffle": "no"}, TypeError, "batches: shuffle must be True or False, got 'no'"),
        ({"shuffle": None}, TypeError, "batches: shuffle must be True or False, got None"),
        ({"shuffle": 1}, TypeError, "batches: shuffle must be True or False, got 1"),
        ({"dtype": "foo"}, ValueError, "batches: dtype must be a floating-point numpy dtype "
         "(np.float64, np.float32) or None, got 'foo'"),
        ({"dtype": 3}, ValueError, "batches: dtype must be a floating-point numpy dtype"),
        ({"dtype": str}, ValueError, "batches: dtype must be a floating-point numpy dtype"),
        ({"dtype": np.int32}, ValueError, "batches: dtype must be a floating-point numpy dtype"),
        ({"seed": "x", "shuffle": False}, TypeError, "batches: seed must be an int ≥ 0"),
        ({"seed": -1}, ValueError, "batches: seed must be an int ≥ 0"),
        ({"batch_size": 0}, ValueError, "batches: batch_size must be an integer ≥ 1, got 0"),
    ],
    ids=["shuffle-str", "shuffle-None", "shuffle-int", "dtype-unknown", "dtype-int",
         "dtype-str", "dtype-int32", "seed-unshuffled", "seed-negative", "batch_size-0"],
)  # fmt: skip
def test_batches_refuses_bad_settings_when_called(
    keywords: dict[str, Any], error: type[Exception], words: str
) -> None:
    """shuffle="no" (or None) read as a flag and shuffled (or not); dtype="foo" was numpy's
    "data type 'foo' not understood", and str or int32 gave batches of strings or of
    truncated features; a bad seed passed with shuffle=False. Each is refused when
    batches is called, before any batch (it was at the first batch, if ever)."""
    with pytest.raises(error) as caught:
        data.batches(X10, Y10, **keywords)
    assert type(caught.value) is error and str(caught.value).startswith(words)


def test_batches_accepts_numpy_flags_and_float_dtypes() -> None:
    for dtype in (float, np.float32, "float32", np.dtype(np.float64)):
        (xb, _), *_ = data.batches(X10, Y10, 4, shuffle=np.bool_(False), dtype=dtype)
        assert xb.dtype == np.dtype(dtype) and len(xb) == 4


@pytest.mark.parametrize("name", ["moons", "digits"])
def test_load_dataset_names_itself_for_a_bad_seed(name: str) -> None:
    """load_dataset("moons", seed="x") said "moons: seed …", and "digits" took any seed."""
    with pytest.raises(TypeError, match=r"^load_dataset: seed must be an int ≥ 0"):
        data.load_dataset(name, seed="x")
    with pytest.raises(ValueError, match=r"^load_dataset: seed must be an int ≥ 0"):
        data.load_dataset(name, seed=-1)


@pytest.mark.parametrize(
    "size", [Decimal("0.2"), np.array(0.2), np.float32(0.2), Fraction(1, 5)], ids=repr
)
def test_a_fraction_given_as_another_kind_of_number_is_the_number_it_is(size: object) -> None:
    """test_size as a Decimal or a 0-d array worked (compared as it was) and a first
    version of the check above refused them: each splits as 0.2 does, 8 and 2 rows."""
    X = np.arange(20.0).reshape(10, 2)
    y = np.arange(10)
    shapes = [a.shape for a in data.train_test_split(X, y, test_size=size, seed=0)]
    assert shapes == [(8, 2), (2, 2), (8,), (2,)]
    inner = data.circles(40, noise=0.0, factor=np.array(0.5), seed=0)
    radii = np.hypot(*inner[0].T)
    np.testing.assert_allclose(sorted(set(np.round(radii, 12))), [0.5, 1.0])  # by hand


@pytest.mark.parametrize(
    "X", [np.array([["a"], ["b"]]), np.array([[1j], [2j]])], ids=["text", "complex"]
)
def test_batches_refuses_an_x_its_dtype_cannot_hold_when_called(X: np.ndarray) -> None:
    """Its docstring says the arguments are checked at the call: text with dtype=float32
    was accepted and failed at the first batch with numpy's 'could not convert string'
    (complex numbers lost their imaginary parts with a warning)."""
    with pytest.raises(ValueError, match=r"^batches: X is an array of .* dtype=float32 cannot"):
        data.batches(X, [0, 1], dtype=np.float32)


GENERATORS: dict[str, Callable[..., tuple[np.ndarray, np.ndarray]]] = {
    "moons": data.moons,
    "circles": data.circles,
    "spirals": data.spirals,
    "xor": data.xor,
}


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_a_noise_whose_points_overflow_a_float_is_refused_naming_it(name: str) -> None:
    """moons(10, noise=1e308) returned X[3, 0] = -inf (circles and xor too), and
    spirals(30, noise=1e308) two nan cells (the sine of an infinite angle) with only
    numpy's RuntimeWarning: a Gaussian draw of standard deviation 1e308 overflows a
    float. Now a ValueError naming the function and noise, and no warning first."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=f"^{name}: noise=1e\\+308 is too large: a noisy"):
            GENERATORS[name](30, noise=1e308, seed=0)


@pytest.mark.parametrize("noise", [1e155, 1e300])
@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_a_huge_noise_whose_points_fit_a_float_still_gives_them(name: str, noise: float) -> None:
    """The refusal above is for points that overflow, not for a large noise: at 1e155
    and 1e300 every point is finite. The noise then swamps the shape, so the points are
    Gaussian of standard deviation ``noise`` in each coordinate (their noiseless parts
    are at most 2); spirals' noise turns each point, which stays within the unit disc."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        X, y = GENERATORS[name](2000, noise=noise, seed=0)
    assert X.shape == (2000, 2) and len(y) == 2000 and np.isfinite(X).all()
    if name == "spirals":
        assert (np.hypot(X[:, 0], X[:, 1]) <= 1.0 + 1e-12).all()
    else:
        scaled = X / noise  # 2,000 draws of N(0, 1) per column: std within 0.1 of 1
        assert np.all(np.abs(scaled.std(axis=0) - 1.0) < 0.1)
        assert np.all(np.abs(scaled.mean(axis=0)) < 0.1)


@pytest.mark.parametrize(
    ("X", "dtype", "words"),
    [
        (np.array([[1e300], [1.0]]), np.float32, "X row 0 column 0 is 1e+300"),
        (np.array([[1.0, 2.0], [3.0, -1e39]]), np.float32, "X row 1 column 1 is -1e+39"),
        (np.array([1.0, 1e300]), np.float32, "X row 1 is 1e+300"),
        (np.array([[1.0], [1e39]], dtype=object), np.float32, "X row 1 column 0 is 1e+39"),
        # 70,000 > float16's largest, 65,504; an image's cell named by its place
        (np.arange(12).reshape(3, 2, 2) * 10_000, np.float16, "X row 1 entry (1, 1) is 70000"),
    ],
    ids=["float64-1e300", "second-column", "1-d", "object", "int-to-float16"],
)
def test_batches_refuses_a_number_beyond_its_dtype_naming_the_cell(
    X: np.ndarray, dtype: Any, words: str
) -> None:
    """batches(np.array([[1e300], [1.]]), np.zeros(2), dtype=np.float32, shuffle=False)
    yielded a batch holding inf, with only numpy's RuntimeWarning "overflow encountered
    in cast". Now a ValueError naming X's row and column and the dtype's range, as
    fit(dtype="float32") refuses such an X (float32's largest is 3.4028235e38; float16's
    65,504)."""
    name = np.dtype(dtype).name
    bound = {"float32": "±3.4e38", "float16": "±6.6e4"}[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError) as caught:
            list(data.batches(X, np.zeros(len(X)), dtype=dtype, shuffle=False))
    assert str(caught.value).startswith(
        f"batches: {words}, beyond {name}'s range ({bound}), which dtype={name} cannot hold"
    )


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (Decimal("1e400"), r"Decimal\('1E\+400'\)"),
        (Decimal("-1e309"), r"Decimal\('-1E\+309'\)"),
        (10**400, "an integer of 401 digits"),
        (Fraction(10**400, 3), r"Fraction\(1000\d+…"),
    ],
    ids=["Decimal 1e400", "Decimal -1e309", "10**400", "a huge Fraction"],
)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_batches_refuses_an_object_number_beyond_a_float_naming_the_cell(
    value: Any, words: str, dtype: Any
) -> None:
    """numpy reads a number held as an object through float(): Decimal('1e400') became
    inf in the batch, unseen (as an infinity X held itself would be, which batches
    passes on), and 10**400 was a bare OverflowError ("int too large to convert to
    float"). Now a ValueError naming the cell and the number, in any dtype: no float
    holds it (10**400 = 1e400 > 1.8e308, the largest float, (2 − 2⁻⁵²)·2¹⁰²³)."""
    assert abs(value) > (2 - 2.0**-52) * 2**1023
    X = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], dtype=object)
    X[2, 1] = value
    with pytest.raises(
        ValueError, match=rf"^batches: X row 2 column 1 is {words}, beyond a float \(±1\.8e308\)"
    ):
        list(data.batches(X, np.zeros(3), dtype=dtype, shuffle=False))


def test_batches_passes_an_infinity_held_as_an_object_on() -> None:
    """An infinity X holds itself, as a Decimal or a float object, is passed on as the
    infinity it is (fit judges the numbers); 1e300 as a Decimal fits float64."""
    X = np.array([[Decimal("Infinity")], [-math.inf], [Decimal("1e300")]], dtype=object)
    ((Xb, _),) = data.batches(X, np.zeros(3), shuffle=False, dtype=np.float64)
    assert Xb[0, 0] == math.inf and Xb[1, 0] == -math.inf and Xb[2, 0] == 1e300


def test_batches_names_the_row_of_x_not_of_the_shuffled_batch() -> None:
    """The row is X's: shuffled, the cell sits elsewhere in its batch, and it is refused
    at its block (the earlier blocks' batches come out first)."""
    X = np.ones((3 * data.BLOCK_ROWS, 2))
    X[300, 1] = 4e38  # beyond float32's 3.4028235e38
    out = []
    with pytest.raises(ValueError, match=r"^batches: X row 300 column 1 is 4e\+38, beyond"):
        for batch in data.batches(X, np.zeros(len(X)), 1, seed=0, dtype=np.float32):
            out.append(batch)
    assert 0 < len(out) < len(X)


def test_batches_in_float32_rounds_tiny_numbers_and_passes_infinities_on() -> None:
    """What float32 rounds is not refused: 1e-50 is below its smallest number (2**-149,
    1.4e-45), so it becomes 0.0, as numpy's np.float32(1e-50) is, and 3.4028235e38 is its
    largest and fits; an infinity or nan X holds itself is passed on (batches converts
    the numbers, fit judges them)."""
    X = np.array([[1e-50], [3.4028235e38], [np.inf], [np.nan]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ((Xb, _),) = data.batches(X, np.zeros(4), shuffle=False, dtype=np.float32)
    assert Xb.dtype == np.float32 and Xb[0, 0] == 0.0
    assert Xb[1, 0] == np.float32(2.0**128 - 2.0**104)  # float32's largest, by hand
    assert Xb[2, 0] == np.inf and np.isnan(Xb[3, 0])


@pytest.mark.parametrize(
    ("n", "test_size", "n_test"),
    [(5, 0.5, 2), (7, 0.5, 4), (10, 0.25, 2), (10, 0.35, 4), (3, 0.5, 2), (10, 0.2, 2)],
)
def test_train_test_split_rounds_the_test_size_half_to_even(
    n: int, test_size: float, n_test: int
) -> None:
    """The rule the docstring states, by hand: round(n × test_size) with halves to the
    even neighbour (5 × 0.5 = 2.5 → 2, 7 × 0.5 = 3.5 → 4, 10 × 0.25 = 2.5 → 2,
    10 × 0.35 = 3.5 → 4 (0.35 is 0.34999999999999997 as a float, and 10 × it rounds to
    3.5), 3 × 0.5 = 1.5 → 2; 10 × 0.2 = 2, no half)."""
    X, y = np.arange(float(n))[:, None], np.arange(n)
    X_train, X_test, y_train, y_test = data.train_test_split(X, y, test_size=test_size)
    assert (len(X_test), len(y_test)) == (n_test, n_test)
    assert (len(X_train), len(y_train)) == (n - n_test, n - n_test)
    assert "round(n * test_size)" in (data.train_test_split.__doc__ or "")


@pytest.mark.parametrize(
    ("n", "test_size", "words"),
    [
        (5, 0.1, "test_size=0.1 of 5 samples gives round(5 × 0.1) = round(0.5) = 0 for "
                 "testing (a half goes to the even neighbour), which leaves the test set empty"),
        (2, 0.75, "test_size=0.75 of 2 samples gives round(2 × 0.75) = round(1.5) = 2 for "
                  "testing (a half goes to the even neighbour), which leaves the training set "
                  "empty; n × test_size must round to 1: one sample for training, one for "
                  "testing (test_size=0.5)"),
        (2, 0.1, "test_size=0.1 of 2 samples gives round(2 × 0.1) = round(0.2) = 0 for "
                 "testing, which leaves the test set empty; n × test_size must round to 1: "
                 "one sample for training, one for testing (test_size=0.5)"),
        (10, 0.01, "test_size=0.01 of 10 samples gives round(10 × 0.01) = round(0.1) = 0 for "
                   "testing, which leaves the test set empty; n × test_size must round to "
                   "between 1 and 9"),
        (1, 0.5, "1 sample cannot be split into a training and a test set"),
    ],
    ids=["5-at-0.1", "2-at-0.75", "2-at-0.1", "10-at-0.01", "one-sample"],
)  # fmt: skip
def test_a_split_that_leaves_a_side_empty_says_how_it_was_rounded(
    n: int, test_size: float, words: str
) -> None:
    """5 samples at 0.1 said only "test_size 0.1 of 5 samples leaves a side empty",
    though 5 × 0.1 = 0.5 is half a sample: it rounds to 0, halves going to the even
    neighbour. The message now shows the rounding and which side is empty; for 2
    samples it said "must round to between 1 and 1", and now says what that means."""
    with pytest.raises(ValueError) as info:
        data.train_test_split(np.zeros((n, 1)), np.zeros(n), test_size=test_size)
    assert str(info.value).startswith("train_test_split: " + words)


def test_spirals_puts_one_point_of_each_arm_at_the_origin_as_documented() -> None:
    """spirals(3, classes=3) gave three points at the origin with three labels: each
    arm's radii run from 0, so its first point is (0, 0) whatever the noise (it turns a
    point). That is the data set's design (CS231n's), now documented, not refused: with
    n = 300 the three origin points are 3 of 300."""
    for n in (3, 300):
        X, y = data.spirals(n, classes=3, noise=0.5, seed=0)
        at_origin = np.all(X == 0.0, axis=1)
        assert at_origin.sum() == 3 and sorted(y[at_origin].tolist()) == [0, 1, 2]
    assert "one of each label" in (data.spirals.__doc__ or "")


@pytest.mark.parametrize(
    "X",
    [
        np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 2**53 + 1]], dtype=object),
        np.array([[1, 2], [3, 4], [5, 2**53 + 1]], dtype=np.int64),
        np.array([[1, 2], [3, 4], [5, 2**63 + 1]], dtype=np.uint64),
        np.array([[1, 2], [3, 4], [5, -(2**53) - 1]], dtype=np.int64),
    ],
    ids=["object", "int64", "uint64", "negative"],
)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_batches_refuses_an_integer_no_float_holds_naming_the_cell(X: Any, dtype: Any) -> None:
    """2**53 + 1 came out as 9007199254740992.0 (the cast rounds it; so did 2**63 + 1,
    to 2**63): now a ValueError naming the cell, as the engine refuses Value(2**53 + 1)
    and fit refuses the same X."""
    big = int(X[2, 1])
    assert float(big) != big  # the oracle: Python's float() rounds it
    with pytest.raises(
        ValueError, match=rf"^batches: X row 2 column 1 is the integer {big}, which no float"
    ):
        list(data.batches(X, np.zeros(3), 2, shuffle=True, seed=0, dtype=dtype))


def test_batches_takes_integers_a_float_holds_and_leaves_ints_alone_without_a_dtype() -> None:
    """2**60 and −2**63 are floats exactly; without a dtype nothing is converted, so
    2**53 + 1 is handed on as the int it is."""
    X = np.array([[2**60], [-(2**63)]], dtype=np.int64)
    ((Xb, _),) = data.batches(X, np.zeros(2), shuffle=False, dtype=np.float64)
    assert Xb.tolist() == [[2.0**60], [-(2.0**63)]]
    Y = np.array([[2**53 + 1]], dtype=np.int64)
    ((Yb, _),) = data.batches(Y, np.zeros(1), shuffle=False)
    assert int(Yb[0, 0]) == 2**53 + 1


def test_one_rule_says_whether_a_number_is_beyond_a_float() -> None:
    """The engine and nn.data each had a _beyond_a_float, with rules of their own; now the
    engine's, public, is the one both use. Oracle: Decimal compares exactly with floats,
    and the largest float is (2 − 2⁻⁵²)·2¹⁰²³."""
    from autograd_mini.value import beyond_a_float

    top = (2 - 2.0**-52) * 2**1023
    for x in (Decimal("1e400"), Decimal("-1e309")):
        assert abs(x) > Decimal(top) and beyond_a_float(x, float(x))
    for x in (Decimal("Infinity"), Decimal("-Infinity"), math.inf, Decimal("1e300"), 1.0):
        assert not beyond_a_float(x, float(x))
    assert not hasattr(data, "_beyond_a_float")


@pytest.mark.parametrize("dtype", [None, np.float64])
def test_batches_refuses_an_integer_no_float_holds_in_a_list_with_floats(dtype: Any) -> None:
    """np.asarray([[0.5], [2**53 + 1]]) is a float array holding 9007199254740992.0, the
    int rounded before batches saw it (with or without a dtype); now refused by its cell."""
    X = [[0.5, 1.0], [2.0, 2**53 + 1]]
    assert float(X[1][1]) != X[1][1]  # the oracle: Python's float() rounds it
    with pytest.raises(
        ValueError, match=r"^batches: X row 1 column 1 is the integer 9007199254740993, which"
    ):
        list(data.batches(X, [0, 1], shuffle=False, dtype=dtype))
    ((Xb, _),) = data.batches([[0.5], [2**60]], [0, 1], shuffle=False, dtype=dtype)
    assert Xb.tolist() == [[0.5], [2.0**60]]  # 2**60 is a float exactly


#: the words fit says of a boolean and of a Value, written out here (not read from nn)
_BOOLEAN = "the boolean True — a boolean is no number here: pass 1.0 or 0.0"
_VALUE_X = (
    "Value(data=0.5, grad=0.0): X holds plain numbers, of which the model makes Values "
    "itself (no gradient would reach this one): give its number, v.data"
)
_VALUE_Y = "Value(data=1.0, grad=0.0); targets are plain numbers: give its number, v.data"


def _with(rows: list[Any], at: tuple[int, ...], cell: object, array: bool) -> Any:
    """``rows`` (a list of numbers or of rows) with ``cell`` at ``at``: as a list, or as
    a numpy object array (what a pandas column of mixed cells becomes)."""
    out = [list(r) if isinstance(r, list) else r for r in rows]
    if len(at) == 1:
        out[at[0]] = cell
    else:
        out[at[0]][at[1]] = cell
    if not array:
        return out
    a = np.empty((len(out), len(out[0])) if len(at) == 2 else len(out), dtype=object)
    for i, r in enumerate(out):
        a[i] = r
    return a


@pytest.mark.parametrize("array", [False, True], ids=["list", "object-array"])
@pytest.mark.parametrize("dtype", [None, np.float64])
@pytest.mark.parametrize(
    ("name", "at", "cell", "said"),
    [
        ("X", (1, 1), True, f"X row 1 column 1 is {_BOOLEAN}"),
        ("X", (1, 1), np.True_, f"X row 1 column 1 is {_BOOLEAN.replace('True', 'np.True_')}"),
        ("X", (1, 1), "value", f"X row 1 column 1 is {_VALUE_X}"),
        ("y", (2,), True, f"y target 2 is {_BOOLEAN}, or a class index"),
        ("y", (2,), "value", f"y target 2 is {_VALUE_Y}"),
        ("Y", (2, 0), True, f"y target 2 column 0 is {_BOOLEAN}"),
        ("Y", (2, 0), "value", f"y target 2 column 0 is {_VALUE_Y}"),
    ],
    ids=["X-bool", "X-np.bool", "X-Value", "y-bool", "y-Value", "y-rows-bool", "y-rows-Value"],
)
def test_batches_refuses_a_boolean_or_a_value_among_numbers_as_fit_does(
    name: str, at: tuple[int, ...], cell: Any, said: str, dtype: Any, array: bool
) -> None:
    """[[0.5, True]] came out of batches as [[0.5, 1.0]] (np.asarray made the boolean a
    float; in an object array, the cast with a dtype did, or the boolean was handed on
    as itself), and a Value as its number (its __float__, read by the cast) or as the
    Value itself — without a word, where fit refuses both. Now a ValueError naming the
    cell of the data set (not of the shuffled batch), in fit's words."""
    X, y = _planted(name, at, cell, array)
    with pytest.raises(ValueError) as info:
        list(data.batches(X, y, 2, shuffle=True, seed=1, dtype=dtype))
    assert str(info.value) == f"batches: {said}"


def _planted(name: str, at: tuple[int, ...], cell: Any, array: bool) -> tuple[Any, Any]:
    """A small X and y (one target a sample for "y", rows of targets for "Y") with
    ``cell`` planted at ``at`` of X or of y ("value": a Value there)."""
    from autograd_mini import Value

    if cell == "value":
        cell = Value(0.5) if name == "X" else Value(1.0)
    X: Any = [[0.25, 0.5], [0.75, 1.5], [2.0, 0.0]]
    y: Any = [0.0, 1.0, 0.0] if name != "Y" else [[1.0, 0.0], [0.0, 1.0], [0.0, 0.5]]
    if name == "X":
        return _with(X, at, cell, array), y
    return X, _with(y, at, cell, array)


@pytest.mark.parametrize("array", [False, True], ids=["list", "object-array"])
@pytest.mark.parametrize(
    ("name", "at", "cell", "said"),
    [
        ("X", (1, 1), True, f"X row 1 column 1 is {_BOOLEAN}"),
        ("X", (1, 1), "value", f"X row 1 column 1 is {_VALUE_X}"),
        ("y", (2,), True, f"y target 2 is {_BOOLEAN}, or a class index"),
        ("y", (2,), "value", f"y target 2 is {_VALUE_Y}"),
        ("Y", (2, 0), True, f"y target 2 column 0 is {_BOOLEAN}"),
    ],
    ids=["X-bool", "X-Value", "y-bool", "y-Value", "y-rows-bool"],
)
def test_train_test_split_refuses_a_boolean_or_a_value_among_numbers_as_batches_does(
    name: str, at: tuple[int, ...], cell: Any, said: str, array: bool
) -> None:
    """train_test_split([[True, 0.5], …], y) split the boolean as the number 1.0 (and a
    Value as itself), without a word, where batches and fit refuse both: now refused
    in their words, naming the cell of X or y as given."""
    X, y = _planted(name, at, cell, array)
    with pytest.raises(ValueError) as info:
        data.train_test_split(X, y, test_size=0.5, seed=1)
    assert str(info.value) == f"train_test_split: {said}"


#: fit's words for an X or a y all of booleans, written out here (not read from nn)
_ALL_X = "X holds booleans; a boolean is no number here: give numbers (1.0 and 0.0)"
_ALL_Y = (
    "y holds booleans; a boolean is no number here: give numbers (1.0 and 0.0, or class indices)"
)


@pytest.mark.parametrize(
    ("X", "y", "said"),
    [
        ([[True, False], [False, True]], [0.0, 1.0], _ALL_X),
        (np.array([[0.5, -1.0], [2.0, 0.0]]) > 0, [0.0, 1.0], _ALL_X),
        ([[0.5, -1.0], [2.0, 0.0]], np.array([0.5, 2.0]) > 1, _ALL_Y),
        ([[0.5, -1.0], [2.0, 0.0]], [True, False], _ALL_Y),
        ([[0.5, -1.0], [2.0, 0.0]], [[True, False], [False, True]], _ALL_Y),
    ],
    ids=["X-list", "X-array", "y-array", "y-list", "y-rows"],
)
def test_batches_refuses_an_x_or_y_all_of_booleans_in_fits_words(X: Any, y: Any, said: str) -> None:
    """batches(X > 0, y) and batches(X, y > 0) handed the booleans on as they were
    (fit, given them, refuses them: "fit: y holds booleans; …"); batches, which feeds
    fit, now refuses them when called, in fit's words (y's naming class indices, which
    a y of booleans may have been meant as)."""
    with pytest.raises(ValueError) as info:
        data.batches(X, y, shuffle=False)  # refused when called, not at a batch
    assert str(info.value) == f"batches: {said}"
    # fit says the same of them (its own check, which batches' words follow)
    with pytest.raises(ValueError) as by_fit:
        nn.fit(nn.MLP(2, [1], seed=0), X, y, epochs=1, progress=False)
    assert str(by_fit.value) == f"fit: {said}"


def _object(cells: list[Any]) -> np.ndarray:
    a = np.empty(len(cells), dtype=object)
    a[:] = cells
    return a


@pytest.mark.parametrize(
    "mask",
    [
        np.array([True, False, True, False, False]),
        [True, False, True, False, False],
        [np.True_, False, True, np.False_, False],
        _object([True, False, True, False, False]),
    ],
    ids=["array", "list", "list-np.bool", "object-array"],
)
def test_train_test_split_splits_a_boolean_mask_as_given(mask: Any) -> None:
    """The docstring's ``_, _, w_train, w_test = train_test_split(X, w)`` with w a
    boolean mask was refused in session 35 ("train_test_split: y holds booleans; …"),
    where it had split the mask as given. Now split again: the mask's booleans, in the
    order the same seed gives a third array of numbers (the docstring's promise),
    and, pinned, the split the code gave before session 35: [False, True, False] and
    [True, False]."""
    X = np.arange(10.0).reshape(5, 2)
    truth = [True, False, True, False, False]  # the mask, written out
    _, _, f_train, f_test = data.train_test_split(X, mask, test_size=0.4, seed=0)
    _, _, i_train, i_test = data.train_test_split(X, np.arange(5), test_size=0.4, seed=0)
    assert f_train.tolist() == [truth[i] for i in i_train]
    assert f_test.tolist() == [truth[i] for i in i_test]
    assert f_train.tolist() == [False, True, False] and f_test.tolist() == [True, False]
    assert all(isinstance(v, (bool, np.bool_)) for v in [*f_train, *f_test])  # no 1.0
    # an X all of booleans (X > 4) is split as given too, its rows with the mask's
    X_train, X_test, *_ = data.train_test_split(X > 4, mask, test_size=0.4, seed=0)
    assert X_train.dtype == np.bool_
    assert X_train.tolist() == [[v > 4 for v in X[i]] for i in i_train]
    assert X_test.tolist() == [[v > 4 for v in X[i]] for i in i_test]


@pytest.mark.parametrize(
    ("X", "y", "said"),
    [
        ([[0.25, 0.5], [0.75, 1.5], [2.0, 0.0]], [True, False, 0.5], "y target 0 is "
         f"{_BOOLEAN}, or a class index"),
        ([[0.25, 0.5], [0.75, 1.5], [2.0, 0.0]], _object([True, False, 0.5]), "y target 0 "
         f"is {_BOOLEAN}, or a class index"),
        ([[True, False], [False, 0.5], [True, True]], [0.0, 1.0, 0.0], "X row 0 column 0 "
         f"is {_BOOLEAN}"),
    ],
    ids=["list", "object-array", "X-rows"],
)  # fmt: skip
def test_train_test_split_refuses_booleans_with_a_number_among_them(
    X: Any, y: Any, said: str
) -> None:
    """A mask with one number in it is no mask: np.asarray makes [True, False, 0.5] the
    floats [1.0, 0.0, 0.5], which the split would give back without a word. Refused,
    naming the first boolean, as a boolean among numbers is."""
    with pytest.raises(ValueError) as info:
        data.train_test_split(X, y, test_size=0.5, seed=1)
    assert str(info.value) == f"train_test_split: {said}"


@pytest.mark.parametrize("dtype", [None, np.float64])
def test_batches_refuses_a_value_held_in_a_0d_array_as_fit_does(dtype: Any) -> None:
    """np.array(Value(0.5), dtype=object) as a cell of X (or y) was passed on by batches
    — handed on as the array, or, with a dtype, cast to 0.5 through the Value's
    __float__, without a word — where fit reads a 0-d array in a cell as what it holds,
    and refuses the Value. batches now looks at object cells with fit's own scan (under
    its contract: strings, None and nan passed on) and refuses it in fit's words."""
    from autograd_mini import Value

    X = np.empty((2, 2), dtype=object)
    X[:] = [[0.25, 0.5], [0.75, 1.5]]
    X[1, 1] = np.array(Value(0.5), dtype=object)
    with pytest.raises(ValueError) as info:
        list(data.batches(X, [0.0, 1.0], dtype=dtype))
    assert str(info.value) == f"batches: X row 1 column 1 is {_VALUE_X}"
    with pytest.raises(ValueError) as by_fit:
        nn.fit(nn.MLP(2, [1], seed=0), X, [0.0, 1.0], epochs=1, progress=False)
    assert str(by_fit.value) == f"fit: X row 1 column 1 is {_VALUE_X}"
    y = np.empty(2, dtype=object)
    y[:] = [0.0, np.array(Value(1.0), dtype=object)]
    with pytest.raises(ValueError) as info:
        list(data.batches([[0.25, 0.5], [0.75, 1.5]], y, dtype=dtype))
    assert str(info.value) == f"batches: y target 1 is {_VALUE_Y}"
    # under batches' contract a None, a string and a nan among objects are passed on
    X[1, 1] = None
    X[0, 0] = "a"
    ((Xb, _),) = data.batches(X, [0.0, 1.0], shuffle=False)
    assert Xb[1, 1] is None and Xb[0, 0] == "a"


def test_batches_reads_numeric_arrays_and_lists_without_booleans_as_before() -> None:
    """0.0 and 1.0 (what a boolean becomes) in lists and arrays are numbers: passed on,
    as are an int y and an object array of plain numbers."""
    X = [[0.0, 1.0], [1.0, 0.0]]
    for Xg, yg in ((X, [0, 1]), (np.array(X), np.array([1.0, 0.0])),
                   (np.array(X, dtype=object), np.array([0, 1], dtype=object))):  # fmt: skip
        ((Xb, yb),) = data.batches(Xg, yg, shuffle=False)
        assert np.asarray(Xb, dtype=float).tolist() == X
        assert [type(v) for v in np.asarray(yb).tolist()] in ([int, int], [float, float])


def test_train_test_split_says_what_scikit_learns_habits_mean() -> None:
    """train_test_split(X, y, w), scikit-learn's three-array split, said only "test_size
    must be a number in (0, 1), got array([...])", and test_size=30, scikit-learn's count
    of test samples, only "got 30": each now says what the argument is here, and the
    hint for a third array is true (a second call splits it in the same order)."""
    X = np.arange(40, dtype=float).reshape(20, 2)
    y = np.arange(20)
    w = np.arange(100, 120)
    with pytest.raises(
        ValueError, match=r"got array\(\[100, .*\(the third argument\); it splits one X and one y"
    ) as info:
        data.train_test_split(X, y, w)
    assert "same int seed" in str(info.value)
    for bad in ([0.2], (0.2,)):
        with pytest.raises(ValueError, match=r"got .0\.2.* \(the third argument\)"):
            data.train_test_split(X, y, bad)
    # the hint: the same seed and test_size give the rows of w that go with y's
    _, _, y_tr, y_te = data.train_test_split(X, y, test_size=0.25, seed=3)
    _, _, w_tr, w_te = data.train_test_split(X, w, test_size=0.25, seed=3)
    np.testing.assert_array_equal(w_tr, y_tr + 100)
    np.testing.assert_array_equal(w_te, y_te + 100)
    for count in (5, np.int64(5), np.array(5)):
        with pytest.raises(ValueError, match=r"not a count.*give test_size=5/20$"):
            data.train_test_split(X, y, test_size=count)
    # a fraction, a bool and a float ≥ 1 are told as before
    assert len(data.train_test_split(X, y, test_size=5 / 20)[1]) == 5
    for bad in (True, 1.0, 5.0, 20):
        with pytest.raises(
            ValueError,
            match=rf"^train_test_split: test_size must be a number in \(0, 1\), got {bad!r}$",
        ):
            data.train_test_split(X, y, test_size=bad)


@pytest.mark.parametrize("dtype", [None, np.float64])
@pytest.mark.parametrize(
    ("X", "y", "said"),
    [
        ([[0.25, "0.5"], [True, "a"], [2.0, "b"]], [0.0, 1.0, 0.0],
         f"X row 1 column 0 is {_BOOLEAN}"),
        ([[0.25, "0.5"], ["c", np.True_], [2.0, "b"]], [0.0, 1.0, 0.0],
         f"X row 1 column 1 is {_BOOLEAN.replace('True', 'np.True_')}"),
        ([[0.25, b"x"], [0.5, True], [2.0, b"y"]], [0.0, 1.0, 0.0],
         f"X row 1 column 1 is {_BOOLEAN}"),
        ([[0.25, 0.5], [0.75, 1.5], [2.0, 0.0]], [0.0, True, "a"],
         f"y target 1 is {_BOOLEAN}, or a class index"),
        ([[0.25, 0.5], [0.75, 1.5], [2.0, 0.0]], [["a", "b"], ["c", "d"], [True, "e"]],
         f"y target 2 column 0 is {_BOOLEAN}"),
    ],
    ids=["X-str", "X-np.bool", "X-bytes", "y-str", "y-rows-str"],
)  # fmt: skip
def test_batches_refuses_a_boolean_that_numpy_made_a_string_as_fit_does(
    X: Any, y: Any, said: str, dtype: Any
) -> None:
    """A list mixing a boolean with strings (``[True, "a"]``) is made text by np.asarray,
    the boolean the string 'True' (b'True' beside bytes): batches handed it on as that
    string, without a word, where fit refuses the boolean. Now refused when batches is
    called, naming the boolean's cell in fit's words for a boolean cell (written out
    here); for y, fit's own refusal of the same y is the same sentence."""
    assert np.asarray(X if said.startswith("X") else y).dtype.kind in "US"  # numpy's text
    with pytest.raises(ValueError) as info:
        data.batches(X, y, 2, shuffle=True, seed=1, dtype=dtype)  # when called
    assert str(info.value) == f"batches: {said}"
    if said.startswith("y"):
        with pytest.raises(ValueError) as by_fit:
            nn.fit(nn.MLP(2, [1], seed=0), X, y, epochs=1, progress=False)
        assert str(by_fit.value) == f"fit: {said}"
    with pytest.raises(ValueError) as split:
        data.train_test_split(X, y, test_size=0.5, seed=1)
    assert str(split.value) == f"train_test_split: {said}"


def test_text_without_a_boolean_is_passed_on_and_a_mask_still_splits() -> None:
    """Strings that were given as strings ("True" among them) are no boolean: batches
    and train_test_split pass them on as before (batches documents it), and a list all
    of booleans is still split as the mask it is."""
    X = [["True", "0.5"], ["a", "b"], ["c", "d"]]
    ((Xb, yb),) = data.batches(X, ["x", "True", "z"], shuffle=False)
    assert Xb.tolist() == X and yb.tolist() == ["x", "True", "z"]
    X_tr, X_te, y_tr, y_te = data.train_test_split(X, [True, False, True], 1 / 3, seed=0)
    order = np.random.default_rng(0).permutation(3)  # the split's documented order
    assert X_te.tolist() == [X[order[0]]] and X_tr.tolist() == [X[i] for i in order[1:]]
    assert y_te.tolist() == [[True, False, True][order[0]]] and y_tr.dtype == np.bool_
