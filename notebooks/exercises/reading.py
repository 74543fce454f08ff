"""How a check reads a student's answer without running the student's code.

An answer's shape and dtype (:func:`numpy_form`, :func:`numpy_kind`), a library's 0-d
tensor as a number (:func:`library_number`) and a real number as a float
(:func:`as_float`, :func:`is_close`) are read off numpy's and Python's own types, C slots
and installed libraries' code: a class of the student's with a ``__getattr__``, a
property or a metaclass of their own ran it inside the checker, and an error there
stopped the check with the student's error shown as the checker's own. :mod:`.shown` is
how a message shows such a value; this is how a check reads one.
"""

from __future__ import annotations

import array
import collections
import functools
import inspect
import math
import site
import sys
import sysconfig
import types
from fractions import Fraction
from pathlib import Path
from typing import Any, cast

import numpy as np

from autograd_mini.reals import beyond_a_float

__all__ = [
    "as_float",
    "entries",
    "is_close",
    "length",
    "libraries",
    "library_number",
    "library_scalar",
    "numpy_form",
    "numpy_kind",
    "plain",
    "read_number",
    "real_number",
    "shape_of",
    "slip_rel",
]


def numpy_form(got: object) -> tuple[tuple[int, ...], np.dtype[Any] | None] | None:
    """The shape and dtype of ``got`` where it is an array or an array's number: numpy's
    own, read off numpy's types (their C slots, not a property of a subclass), or another
    library's whose ``shape`` is data, a slot written in C or a property written in an
    installed library (a PyTorch tensor: its dtype, not numpy's, is None here; a jax
    array: numpy's dtype); None for anything else.

    The checks ask this, not ``getattr(got, "ndim")`` or ``getattr(got, "dtype")``: a class
    of the student's with a ``__getattr__`` or a property of that name ran it inside the
    checker, and an error there stopped the check with the student's error shown as the
    checker's own. Code of the student's is not run to find out (:func:`_static`): an
    object whose ``shape`` is their property, or comes from their ``__getattr__``, is not
    an array to a check, and is told as what it is (not a number, not a sequence)."""
    if isinstance(got, np.ndarray):
        return np.ndarray.shape.__get__(got), np.ndarray.dtype.__get__(got)
    if isinstance(got, np.generic):
        return (), np.generic.dtype.__get__(got)
    if type(got) in _SHAPELESS:  # every entry of a walk: getattr_static took ≈ 25 µs
        return None
    shape = _static(got, "shape")
    if isinstance(shape, tuple) and all(type(n) is int for n in tuple.__iter__(shape)):
        dtype = _static(got, "dtype")  # jax's is numpy's dtype; PyTorch's is its own
        return tuple(tuple.__iter__(shape)), dtype if isinstance(dtype, np.dtype) else None
    return None


#: Python's own numbers and containers, which have no shape (exactly these types).
_SHAPELESS = frozenset({float, int, bool, complex, str, bytes, list, tuple, dict, type(None)})


def numpy_kind(got: object) -> str | None:
    """The dtype kind of ``got`` where it is a numpy number or a 0-d numpy array ("f",
    "i", "c", "m" …; :func:`numpy_form`), else None: a 1-d array, a number of Python's,
    another library's tensor, anything of the student's."""
    form = numpy_form(got)
    if form is None or form[0] != () or form[1] is None:
        return None
    return form[1].kind


#: A real number as :func:`real_number` gives it: Python's or numpy's own type.
Real = int | float | Fraction | np.integer[Any] | np.floating[Any]


def real_number(got: object) -> Real | None:
    """``got`` as a real number of Python's or numpy's own types, where it is one of the
    numbers the engine's ``as_real`` takes (an int, a float, a Fraction, numpy's integers
    and floats, a 0-d array of one: its numpy number), read off its type and never by code
    of the student's; None for anything else: a bool, a duration, a date, a complex or
    a Decimal number, and any object of the student's, whose ``float()`` (its
    ``__float__``) a check never calls — one that raised stopped the check with the
    student's error shown as the checker's own. A class(float) or class(int) of the
    student's is read as the float or the int it holds (``float.__float__``,
    ``int.__index__``: Python's, not the class's own ``__float__``)."""
    kind = type(got)
    if kind is float or kind is int or kind is Fraction:
        return cast(Real, got)
    if isinstance(got, (bool, np.bool_)):
        return None
    if isinstance(got, float):  # np.float64, a class(float) of the student's
        return float.__float__(got)
    if isinstance(got, int):  # a class(int) of the student's
        return int.__index__(got)
    if isinstance(got, (np.generic, np.ndarray)):
        form = numpy_form(got)
        if form is not None and form[0] == () and form[1] is not None and form[1].kind in "iuf":
            # numpy's own number (not a subclass's methods): np.asarray drops a subclass
            return cast(Real, np.asarray(got)[()])
    return None


def library_scalar(got: object) -> float | complex | bool | None:
    """The one number of ``got`` where it is a 0-d array or tensor of an installed library
    (a jax array, PyTorch's ``torch.tensor(0.5, dtype=torch.float64)``), as Python's: a
    float where ``float()`` reads it as one, a complex for a complex one (the library's
    ``complex()``: ``torch.tensor(2+1j)``'s ``float()`` raised torch's bare RuntimeError,
    which stopped a check), a bool for one of booleans, whose dtype says so
    (``float(torch.tensor(True))`` is 1.0: a comparison read as the number 1); None for
    anything else, a duration or a date too. Its ``float()`` is the library's code, never
    the student's: their classes live in no library's folder."""
    form = numpy_form(got)
    if form is None or form[0] != () or not libraries(got):
        return None
    # numpy's kind where the library's dtype is numpy's (jax), else none known (PyTorch)
    kind = None if form[1] is None else form[1].kind
    held: Any = got
    try:
        # a boolean tensor's dtype as the library writes it: "torch.bool"
        if kind == "b" or (kind is None and str(_static(got, "dtype")).endswith(".bool")):
            flag = bool(held)
            return flag if type(flag) is bool else None
        if kind == "c":
            z = complex(held)
            return z if type(z) is complex else None
        if kind is not None and kind not in "iuf":  # a duration, a date, a string
            return None
        value = float(held)
    except Exception:  # the library's refusal (a complex tensor's float())
        if kind is not None:
            return None
        try:
            z = complex(held)
        except Exception:  # none the library reads
            return None
        return z if type(z) is complex else None
    return value if type(value) is float else None


def libraries(got: object) -> bool:
    """Is ``got`` an object of a class written in an installed library (a jax array, a
    PyTorch tensor), not numpy's own array or number: its code (``float()``, iteration,
    ``ravel``) is the library's, never the student's? Read off the class's module's file,
    without asking the class or a metaclass of the student's anything."""
    if isinstance(got, (np.generic, np.ndarray)):
        return False
    named = vars(type)["__module__"].__get__(type(got))  # type's slot, not a metaclass's
    module = sys.modules.get(named) if isinstance(named, str) else None
    filename = getattr(module, "__file__", None) if type(module) is types.ModuleType else None
    return isinstance(filename, str) and _in_a_library(filename, _LIBRARIES)


def entries(got: object) -> list[Any] | None:
    """The entries of ``got`` where it is a container a check reads without running code
    of the student's: a list or a tuple (a class of the student's made from one too,
    read by list's and tuple's own iteration), a numpy array of at least one axis (as
    numpy's own array), or an installed library's array or tensor of at least one axis
    (:func:`libraries`: its iteration is the library's code); None for anything else —
    a generator, an iterable of the student's, a string, a dict, a number — whose
    ``__iter__``, ``__next__`` or ``__len__`` is not run: one that raised stopped a check
    with the student's error shown as the checker's own."""
    if isinstance(got, list):
        return [*list.__iter__(got)]
    if isinstance(got, tuple):
        return [*tuple.__iter__(got)]
    if type(got) in _SEQUENCES:  # exactly Python's own: their iteration is C code, not a class's
        held: Any = got
        return [*held]
    form = numpy_form(got)
    if form is None or form[0] == ():
        return None
    if isinstance(got, np.ndarray):
        return list(np.asarray(got))  # numpy's own iteration, not a subclass's
    held = got
    return list(held) if libraries(got) else None


def length(got: object) -> int | None:
    """How many entries :func:`entries` reads of ``got``, read off its type without
    building them (None where it reads none): a check compares this with what is due
    first, so that a long answer is told its length ("got 5"), where reading it told
    "more than 3" of an array of 5 and built a list of a ``range(10**8)``'s entries
    (untimed C code, a MemoryError under a memory cap, told as the student's)."""
    if isinstance(got, list):
        return list.__len__(got)
    if isinstance(got, tuple):
        return tuple.__len__(got)
    if type(got) is range:
        held: Any = got
        try:
            return len(held)
        except OverflowError:  # range(10**20): longer than len() counts
            return _long(held)
    if type(got) in _SEQUENCES:  # a deque, an array.array: C code, not a class's
        held = got
        return len(held)
    form = numpy_form(got)
    if form is None or form[0] == ():
        return None
    if isinstance(got, np.ndarray) or libraries(got):
        return form[0][0]
    return None


def _long(span: range) -> int:
    """The number of entries of ``span``, a range too long for ``len()`` (OverflowError)."""
    step = span.step
    last = span.stop - span.start + (step - 1 if step > 0 else step + 1)
    return max(0, last // step)


#: Python's own sequences besides list and tuple, read by their type's own iteration
#: (exactly these types: a subclass's ``__iter__`` is the student's code): ``range(3)``
#: for the entries 0, 1, 2 was told "expected a sequence, got range(0, 3)", which it is.
_SEQUENCES = frozenset({range, collections.deque, array.array})


def shape_of(got: object) -> tuple[int, ...] | None:
    """``np.shape(got)`` read without code of the student's: an array's or a library's
    tensor's own shape, () for a number :func:`real_number` reads, a regular nested list
    or tuple's by its :func:`entries`; None for anything else (a ragged list, an object of
    the student's, whose ``__len__`` and ``__getitem__`` numpy's ``np.shape`` called)."""
    form = numpy_form(got)
    if form is not None and (isinstance(got, (np.ndarray, np.generic)) or libraries(got)):
        return form[0]
    if real_number(got) is not None:
        return ()
    items = entries(got) if isinstance(got, (list, tuple)) else None
    if items is None:
        return None
    shapes = {shape_of(item) for item in items}
    if None in shapes or len(shapes) > 1:
        return None
    inner = next(iter(shapes), ())
    return None if inner is None else (len(items), *inner)


def plain(got: object) -> object:
    """A class(list) or class(tuple) of the student's whose own ``__len__``,
    ``__iter__`` or ``__getitem__`` stands in for list's or tuple's, as the plain list or
    tuple it holds (read by list's and tuple's own iteration); anything else as it is (a
    namedtuple, whose reading is tuple's, keeps its class and its name in a message).
    A check reads an answer's length and entries itself, and their methods ran inside
    the checker: an error there stopped the check as the checker's own."""
    kind = list if isinstance(got, list) else tuple if isinstance(got, tuple) else None
    if kind is None or type(got) is kind:
        return got
    own = [inspect.getattr_static(type(got), name, None) for name in _READ]
    if own == [vars(kind)[name] for name in _READ]:
        return got
    if isinstance(got, list):
        return [*list.__iter__(got)]
    return tuple(tuple.__iter__(cast(tuple[Any, ...], got)))


#: The methods by which a check reads a list or a tuple.
_READ = ("__len__", "__iter__", "__getitem__")


def library_number(got: object) -> float | None:
    """``got`` as a float where it is a 0-d tensor of an installed library that reads as
    one (:func:`library_scalar`: not a complex or a boolean one), else None."""
    value = library_scalar(got)
    return value if type(value) is float else None


def _static(got: object, name: str) -> object:
    """``got``'s attribute ``name`` where reading it runs no code of the student's: a
    value held in the object or its class, or a slot of a class written in
    C, or a property written in an installed library (jax's); None where it has none, or
    where it is the student's property, any other descriptor, or would come from a
    ``__getattr__``."""
    try:
        found = inspect.getattr_static(got, name)
    except AttributeError:
        return None
    if isinstance(found, (types.GetSetDescriptorType, types.MemberDescriptorType)):
        try:  # C code, a library's (or a __slots__ entry): no code of the student's
            return found.__get__(got, type(got))
        except AttributeError:  # an empty slot
            return None
    if type(found) is property and _installed(found.fget):  # jax's shape: a library's code
        try:
            return found.__get__(got, type(got))
        except Exception:  # a library's error (a deleted jax array): not an array to a check
            return None
    if hasattr(type(found), "__get__"):  # a property, a method: code, maybe the student's
        return None
    return found


#: Where installed libraries live: a property written there (jax's ``shape`` and ``dtype``,
#: a dask array's) is the library's code, not the student's (their classes live in a
#: notebook or next to it).
_LIBRARIES = tuple(
    {
        str(Path(folder).resolve())
        for folder in (
            sysconfig.get_paths()["purelib"],
            sysconfig.get_paths()["platlib"],
            *site.getsitepackages(),
            site.getusersitepackages(),
        )
    }
)


def _installed(function: object) -> bool:
    """Is ``function`` a Python function written in an installed library's file?"""
    if type(function) is not types.FunctionType:
        return False
    return _in_a_library(function.__code__.co_filename, _LIBRARIES)


@functools.cache
def _in_a_library(filename: str, libraries: tuple[str, ...]) -> bool:
    """Is the file ``filename`` inside one of the folders ``libraries``?"""
    try:
        path = Path(filename).resolve()
    except (OSError, RuntimeError, ValueError):  # "<ipython-input-…>" resolves; a loop not
        return False
    return any(path.is_relative_to(folder) for folder in libraries)


def as_float(got: object) -> float | None:
    """``got`` as a float, where it is a real number (not a bool) that a float holds; None
    for any other answer: not a number, or a number past the largest float (an int of
    10**400, a Fraction), whose ``float()`` raised OverflowError, which stopped a check
    with the checker's own error, or a numpy longdouble 1e400, whose ``float()`` is inf.
    :func:`expect_close` tells each as what it is. A 0-d array is none here; an object
    of the student's (a class(float) with a ``__float__`` of its own) is read as
    :func:`real_number` reads it, without running its code."""
    number = None if isinstance(got, np.ndarray) else real_number(got)
    if number is None:
        return None
    try:
        value = float(number)
    except OverflowError:
        return None
    return None if beyond_a_float(number, value) else value  # np.longdouble('1e400'): not inf


def read_number(got: object) -> float | None:
    """``got`` as a float where :func:`expect_close` reads it as a number a float holds:
    a number of Python's or numpy's own types (np.float32, np.int64, a 0-d array of one:
    :func:`real_number`), or an installed library's 0-d tensor (:func:`library_number`);
    None for anything else (a bool, a number past a float, an object of the student's).
    A check's hints read an answer's entries so: read as Python's int and float alone,
    an answer of np.float32 numbers passed or failed as any other and lost its hints."""
    number = as_float(real_number(got))
    return number if number is not None else library_number(got)


def is_close(got: object, number: object, rel: float = 1e-9, abs_tol: float = 0.0) -> bool:
    """Are ``got`` and ``number`` real numbers a float holds, within ``rel`` (or
    ``abs_tol``) of each other? The one comparison of a student's answer the checks make
    outside :func:`expect_close`: a number past the largest float is near none, and left
    to expect_close to tell ("got ≈ 1.000e+400, past the largest float")."""
    a, b = as_float(got), as_float(number)
    return a is not None and b is not None and math.isclose(a, b, rel_tol=rel, abs_tol=abs_tol)


#: float32's rounding, relative: 4 ε of float32 (ε = 2⁻²³), a slip's number computed in
#: float32 or computed in float64 and given back as float32 is within it
F32_REL = 4 * float(np.finfo(np.float32).eps)


def slip_rel(got: object, rel: float = 1e-9) -> float:
    """The relative tolerance at which a slip's number is compared with the answer
    ``got``: ``rel``, or float32's rounding where ``got`` is float32 as
    :func:`read_number` reads it (an np.float32, a float32 array or its 0-d form; read off
    numpy's types). At 1e-9 a float32 answer with a slip (−g, ½·g) matched none, and was
    told a bare number or "compute in float64" in place of its slip."""
    form = numpy_form(got)
    single = form is not None and form[1] is not None and form[1] == np.float32
    return max(rel, F32_REL) if single else rel
