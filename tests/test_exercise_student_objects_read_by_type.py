"""A check reads whether an answer is a numpy array or number off its type, never by
asking the answer.

``expect_close``, its ``_complex``, ``_flat`` and ``expect_close_all``'s walk, nb02's
``_number``, nb06's ``_plain_number`` and ``_single_precision`` and nb07's 2×2 test read
``ndim``, ``dtype`` or ``shape`` with ``getattr``: a class of the student's with a
``__getattr__`` (or a property of that name) ran it inside the checker, and one that
raised stopped the check with the student's error shown as the checker's own
("T: stopped with RuntimeError (the error above says where and why …)"). Now one
reader, ``exercises.reading.numpy_form``, takes them from numpy's own types, and another
library's tensor's shape where it is data or a C slot (test_real_numbers' 0-d tensor);
an object whose shape is the student's code is told as what it is, not a number.
Oracle: the student's code, recorded (it never runs), and the words of "expected a
number".
"""

# ruff: noqa: RUF001 (the Chinese messages it reads have full-width punctuation)

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import editions
import numpy as np
import pytest
from exercise_cases import installed_library, mistake, raised
from torch_given import needs_torch, torch

RAN: list[str] = []


class Asked:
    """A student's object whose every unknown attribute is their code, raising."""

    def __getattr__(self, name: str) -> Any:
        RAN.append(name)
        raise RuntimeError(f"the student's __getattr__ ran for {name}")


class Shaped:
    """A student's object whose ndim, dtype and shape are properties that raise."""

    @property
    def ndim(self) -> int:
        RAN.append("ndim")
        raise KeyError("ndim")

    @property
    def dtype(self) -> Any:
        RAN.append("dtype")
        raise KeyError("dtype")

    @property
    def shape(self) -> Any:
        RAN.append("shape")
        raise KeyError("shape")


def _answers(got: Any) -> list[tuple[str, Callable[..., Any]]]:
    """Each check whose answer (or an entry of it) is read as a number, given ``got``."""
    return [
        ("nb02.check_output_layer", lambda w, b, a_prev, y: [got, 0.0, 0.0]),
        ("nb06.check_second_difference", lambda f, x, h: got),
        ("nb06.check_softplus_derivative", lambda x, s: got),
        ("nb06.check_newton", lambda f, x0, steps: [x0] + [got] * steps),
        ("nb07.check_neuron_tangent", lambda w, b, x, y, w_dot, b_dot: got),
    ]


SAID = {"en": "expected a number, got <{}", "zh": "应当是一个数，得到的是 <{}"}


@pytest.mark.parametrize("kind", [Asked, Shaped], ids=["__getattr__", "properties"])
@pytest.mark.parametrize("lang", editions.LANGS)
def test_expect_close_asks_a_student_s_object_nothing(lang: str, kind: type) -> None:
    RAN.clear()
    edition = editions.package(lang)
    name = kind.__name__
    said = raised(lang, lambda: edition.expect_close("f(1)", kind(), 2.0))
    assert said.startswith("f(1)") and SAID[lang].format(name) in said, said
    said = raised(lang, lambda: edition.expect_close_all("f(1)", [kind()], [2.0]))
    assert SAID[lang].format(name) in said, said
    said = raised(lang, lambda: edition.expect_close_all("f(1)", kind(), [2.0, 3.0]))
    assert "f(1)" in said and f"<{name}" in said, said  # not a sequence
    said = raised(lang, lambda: edition.check("T", lambda: edition.expect_close("f", kind(), 2.0)))
    assert SAID[lang].format(name) in said, said
    assert RAN == [], RAN


@pytest.mark.parametrize("kind", [Asked, Shaped], ids=["__getattr__", "properties"])
@pytest.mark.parametrize("lang", editions.LANGS)
def test_the_checks_ask_a_student_s_object_nothing(lang: str, kind: type) -> None:
    for check, answer in _answers(kind()):
        RAN.clear()
        said = mistake(lang, check, answer)
        assert f"<{kind.__name__}" in said, (check, said)
        assert RAN == [], (check, RAN)


@pytest.mark.parametrize("kind", [Asked, Shaped], ids=["__getattr__", "properties"])
def test_nb07_s_step_asks_a_student_s_object_nothing(kind: type) -> None:

    def cost(w1: Any, w2: Any) -> Any:  # a quadratic bowl: H is constant, det 3
        return (w1 - 1) ** 2 + w1 * w2 + w2**2

    for lang in editions.LANGS:
        RAN.clear()
        said = mistake(lang, "nb07.check_newton_step", lambda cost, w: kind(), cost)
        assert f"<{kind.__name__}" in said, said
        assert RAN == [], RAN


@pytest.mark.parametrize("lang", editions.LANGS)
def test_numpy_s_own_arrays_and_numbers_are_still_read(lang: str) -> None:
    """The reader's other side: numpy's float32 (told float32), complex and 1-d answers
    are still seen as what they are."""
    edition = editions.package(lang)
    said = raised(lang, lambda: edition.expect_close("f(1)", np.float32(2.0000005), 2.0))
    assert "float32" in said, said
    said = raised(lang, lambda: edition.expect_close("f(1)", np.complex128(2 + 1j), 2.0))
    assert "2+1j" in said, said
    said = raised(lang, lambda: edition.expect_close("f(1)", np.array([2.0]), 2.0))
    assert "array([2.])" in said, said
    assert edition.reading.numpy_form(np.zeros((2, 3), np.float32)) == ((2, 3), np.float32)
    assert edition.reading.numpy_form(np.int8(1)) == ((), np.int8)
    assert edition.reading.numpy_form([1.0]) is None and edition.reading.numpy_form(Asked()) is None


#: A library's array whose shape, dtype and ndim are Python properties, as jax's are
#: (jax._src.array.ArrayImpl): written to a file in a folder the test names a library's.
LIBRARY_ARRAY = """
import numpy as np


class Array:
    def __init__(self, a):
        self._a = np.asarray(a)

    @property
    def shape(self):
        return self._a.shape

    @property
    def dtype(self):
        return self._a.dtype

    @property
    def ndim(self):
        return self._a.ndim

    def __float__(self):
        return float(self._a)

    def __complex__(self):
        return complex(self._a)

    def __iter__(self):
        return (Array(x) for x in self._a)

    def __len__(self):
        return len(self._a)

    def ravel(self):
        return Array(self._a.ravel())
"""


@pytest.mark.parametrize("lang", editions.LANGS)
def test_an_installed_library_s_array_is_read_as_one(
    lang: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """jax's arrays hold their shape and dtype in properties of jax's own: read with
    getattr they were arrays to the checks; read only off numpy's types and C slots, a
    correct column vector was refused entry by entry ("x[0]: expected a number, got
    <Array object>"), a (2, 2) answer lost its shape message, a complex number its
    reason, and a boolean read as 1 ("exactly half"). A property written in an installed
    library is the library's code, read as before; the student's never is (above)."""
    library = installed_library(tmp_path, "libarray", LIBRARY_ARRAY, monkeypatch)
    edition = editions.package(lang)
    Array = library.Array
    edition.expect_close_all("x", Array([[1.0], [2.0]]), [1.0, 2.0])  # a column: passes
    said = raised(lang, lambda: edition.expect_close_all("x", Array(np.ones((2, 2))), [1.0, 2.0]))
    assert "(2, 2)" in said, said
    said = raised(lang, lambda: edition.expect_close("x", Array(2 + 1j), 2.0))
    assert "2+1j" in said, said
    said = raised(lang, lambda: edition.expect_close("x", Array(True), 2.0))
    assert "<Array" in said and "½" not in said, said
    said = raised(lang, lambda: edition.expect_close("x", Array(np.float32(2.0000005)), 2.0))
    assert "float32" in said, said
    assert edition.reading.numpy_form(Array(np.zeros((2, 1), np.float32))) == ((2, 1), np.float32)
    monkeypatch.setattr(edition.reading, "_LIBRARIES", ())  # the same class, a student's: not read
    assert edition.reading.numpy_form(Array(np.zeros((2, 1)))) is None


#: A library's 0-d tensor whose shape is data and whose dtype is not numpy's, as a
#: PyTorch tensor's (a C slot) is: written to a folder the test names a library's.
LIBRARY_TENSOR = """
class Tensor:
    shape = ()
    dtype = "tensor.float64"

    def __init__(self, value):
        self._value = value

    def __float__(self):
        return float(self._value)
"""


def _swapped(tensor: Callable[[float], Any]) -> Callable[..., Any]:
    """nb02's three derivatives with ∂C₀/∂w and ∂C₀/∂a_prev swapped, each a ``tensor``."""

    def output_layer_gradients(w: float, b: float, a_prev: float, y: float) -> Any:
        a = 1 / (1 + np.exp(-(w * a_prev + b)))
        rest = 2 * (a - y) * a * (1 - a)
        return tensor(float(rest * w)), tensor(float(rest)), tensor(float(rest * a_prev))

    return output_layer_gradients


ORDER = {
    "en": "that is ∂C₀/∂a_prev: the three come in the order",
    "zh": "这是 ∂C₀/∂a_prev：三个偏导数的顺序是",
}


@pytest.mark.parametrize("lang", editions.LANGS)
def test_a_library_s_0_d_tensor_is_read_as_a_number_for_nb02_s_hints(
    lang: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """nb02's slip hints read each derivative as a float: a PyTorch 0-d tensor's dtype has
    no numpy kind, so read only off numpy's types it was no number there, and ∂C₀/∂w and
    ∂C₀/∂a_prev swapped were told "∂z/∂w = a_prev, not w" (two slips lost their hint
    too), where it read "that is ∂C₀/∂a_prev: the three come in the order …"."""
    library = installed_library(tmp_path, "libtensor", LIBRARY_TENSOR, monkeypatch)
    said = mistake(lang, "nb02.check_output_layer", _swapped(library.Tensor))
    assert ORDER[lang] in said, said


@needs_torch
@pytest.mark.parametrize("lang", editions.LANGS)
def test_a_torch_0_d_tensor_is_read_as_a_number_for_nb02_s_hints(lang: str) -> None:
    """As above, with PyTorch's own float64 0-d tensors (its folder is an installed one)."""
    said = mistake(
        lang,
        "nb02.check_output_layer",
        _swapped(lambda x: torch.tensor(x, dtype=torch.float64)),
    )
    assert ORDER[lang] in said, said


@pytest.mark.parametrize("lang", editions.LANGS)
def test_python_s_own_numbers_are_not_looked_up(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """expect_close_all asked inspect.getattr_static for every entry of a walk (the
    answer's and the expected one's), ≈ 25 µs each: a 100 × 100 answer took 0.5 s where it
    took 0.07 s (benchmark by hand; no timed test). Python's own floats, ints, lists and
    tuples have no shape: they are not looked up."""
    import inspect

    asked: list[object] = []
    real = inspect.getattr_static

    def counted(got: object, name: str, *default: object) -> object:
        asked.append(got)
        return real(got, name, *default)

    monkeypatch.setattr(inspect, "getattr_static", counted)
    rows = [[float(i + j) for j in range(3)] for i in range(3)]
    editions.package(lang).expect_close_all("x", [tuple(row) for row in rows], rows)
    editions.package(lang).expect_close_all("x", [1, 2, 3], [1.0, 2.0, 3.0])
    assert asked == [], asked


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")  # np.matrix's own
@pytest.mark.parametrize("lang", editions.LANGS)
def test_an_np_matrix_row_or_column_is_a_vector(lang: str) -> None:
    """A column or a row vector is accepted where a vector is due, but an np.matrix one
    was told "expected 2 entries, got 1" (a matrix stays 2-D through its ravel): it is
    the same numbers. A wrong one is told at its entry."""
    edition = editions.package(lang)
    edition.expect_close_all("x", np.matrix([[1.0, 2.0]]), [1.0, 2.0])
    edition.expect_close_all("x", np.matrix([[1.0], [2.0]]), np.array([1.0, 2.0]))
    said = raised(lang, lambda: edition.expect_close_all("x", np.matrix([[1.0, 2.5]]), [1.0, 2.0]))
    assert said.startswith("x[1]") and "2.5" in said, said


class _Named(type):
    """A student's metaclass whose ``__module__`` is their code, raising."""

    @property
    def __module__(cls) -> str:  # type: ignore[override]
        RAN.append("__module__")
        raise RuntimeError("the student's __module__ ran")


class _Shapeless(metaclass=_Named):
    shape = ()  # as a tensor's 0-d shape, held as data


def test_a_library_number_asks_a_student_s_metaclass_nothing() -> None:
    """library_number asks a class for its module: a metaclass's property of that name
    ran, and its error stopped nb02's check as the checker's own."""
    RAN.clear()
    assert editions.package("en").reading.library_number(_Shapeless()) is None
    assert RAN == [], RAN
