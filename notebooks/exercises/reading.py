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

import functools
import inspect
import math
import site
import sys
import sysconfig
import types
from pathlib import Path
from typing import Any

import numpy as np

from autograd_mini.reals import beyond_a_float, is_real

__all__ = ["as_float", "is_close", "library_number", "numpy_form", "numpy_kind"]


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


def library_number(got: object) -> float | None:
    """``got`` as a float where it is a 0-d tensor of an installed library whose dtype is
    not numpy's (PyTorch's ``torch.tensor(0.5, dtype=torch.float64)``) and ``float()``
    reads it as one (a complex tensor raises there: None), else None. Its ``float()`` is
    the library's code, never the student's: their classes live in no library's folder."""
    form = numpy_form(got)
    if form is None or form[0] != () or form[1] is not None:
        return None
    named = vars(type)["__module__"].__get__(type(got))  # type's slot, not a metaclass's
    module = sys.modules.get(named) if isinstance(named, str) else None
    filename = getattr(module, "__file__", None) if type(module) is types.ModuleType else None
    if not isinstance(filename, str) or not _in_a_library(filename, _LIBRARIES):
        return None
    try:
        value = float(got)  # type: ignore[arg-type]
    except Exception:  # the library's refusal (a complex tensor): not a real number
        return None
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
    :func:`expect_close` tells each as what it is."""
    if not is_real(got):
        return None
    try:
        value = float(got)
    except OverflowError:
        return None
    return None if beyond_a_float(got, value) else value  # np.longdouble('1e400'): not inf


def is_close(got: object, number: object, rel: float = 1e-9, abs_tol: float = 0.0) -> bool:
    """Are ``got`` and ``number`` real numbers a float holds, within ``rel`` (or
    ``abs_tol``) of each other? The one comparison of a student's answer the checks make
    outside :func:`expect_close`: a number past the largest float is near none, and left
    to expect_close to tell ("got ≈ 1.000e+400, past the largest float")."""
    a, b = as_float(got), as_float(number)
    return a is not None and b is not None and math.isclose(a, b, rel_tol=rel, abs_tol=abs_tol)
