"""Which of a library's own functions a student's code called, seen from outside the library.

An exercise that asks for something written by hand (a backward pass, an SGD step) cannot
tell from the numbers alone whether the student wrote it or called the library's: both are
right. :func:`first_call` runs the student's function with a profile hook set in this
thread only (``sys.setprofile``), and reports the first time the code reached one of the
functions the check names — however it was called: ``C.backward()``, a ``backward``
imported by name, ``gradients()``, a ``grad()`` that calls ``gradients()`` inside.

Nothing is replaced and the library counts nothing: the hook sees the calls as they
happen, in the student's thread (another thread's calls are its own), and is taken off
when the function returns; a profiler set before (``%prun``) is called on as before.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from types import CodeType, FrameType
from typing import Any, Literal

import autograd_mini

from .reading import plain

__all__ = ["LIBRARY", "first_call", "first_calls"]

#: The library's folder: the ``home`` of the watched functions every check names.
LIBRARY = Path(autograd_mini.__file__).resolve().parent

#: What a profile hook is told happened (as typeshed spells it for sys.setprofile).
Event = Literal["call", "return", "c_call", "c_return", "c_exception"]


def first_call(
    watched: Collection[CodeType], home: Path, function: Callable[..., Any], *args: Any
) -> tuple[Any, str | None]:
    """``function(*args)`` and the name of what it called first that ran ``watched`` code.

    The name is the function of the package in ``home`` (a folder) that the student's code
    called itself — ``gradients()`` when ``grad()`` ran it inside is named ``grad()``, the
    word the student wrote — as :func:`_named` spells it; None when no watched code ran.
    An exception from ``function`` propagates, the hook taken off first.
    """
    result, (name,) = first_calls([watched], home, function, *args)
    return result, name


def first_calls(
    groups: Sequence[Collection[CodeType]], home: Path, function: Callable[..., Any], *args: Any
) -> tuple[Any, list[str | None]]:
    """``function(*args)`` and, for each group of watched code, the name of what it called
    first that ran code of that group (None where none ran), under one hook: notebook 07
    watches the engine's forward passes and its reverse passes apart, to say which mode a
    student's answer used."""
    found: list[str | None] = [None] * len(groups)
    before = sys.getprofile()

    def hook(frame: FrameType, event: Event, arg: Any) -> None:
        if event == "call":
            code = frame.f_code
            for k, watched in enumerate(groups):
                if found[k] is None and code in watched:
                    found[k] = _named(_entry(frame, home), home)
        if before is not None:
            before(frame, event, arg)

    sys.setprofile(hook)
    try:
        result = function(*args)
    finally:
        sys.setprofile(before)
    # a class(list) of the student's with its own __len__: the list it holds, as call()
    # gives it (a check calling through this watch gets the answer from here)
    return plain(result), found


def _entry(frame: FrameType, home: Path) -> FrameType:
    """The outermost frame of the package in ``home`` on the way to ``frame``: the one the
    code outside the package called."""
    while frame.f_back is not None and _inside(frame.f_back.f_code, home):
        frame = frame.f_back
    return frame


def _inside(code: CodeType, home: Path) -> bool:
    return Path(code.co_filename).is_relative_to(home)


def _named(frame: FrameType, home: Path) -> str:
    """``gradients()``; ``backward()`` (Value.backward, as the student writes it:
    ``C.backward()``); ``SGD.step()`` (a method, by the class of its instance); ``grad()``
    (a closure that grad made, by the function that made it: :func:`function_name`)."""
    code = frame.f_code
    if code.co_argcount and code.co_varnames[0] == "self":
        kind = type(frame.f_locals["self"]).__name__
        return f"{code.co_name}()" if kind == "Value" else f"{kind}.{code.co_name}()"
    return function_name(code, home)


def function_name(code: CodeType, home: Path) -> str:
    """The function a student called that ran ``code``, a function of the package in
    ``home``, as the student wrote it: ``gradients()``, and ``grad()`` for the closure
    ``grad.<locals>.gradient_of_f`` that ``grad(f)`` returned — named by the function that
    made it, from its qualified name.

    Python 3.11 keeps that name on the code object (``co_qualname``); 3.10 does not, and
    the closure was named by its own name, ``gradient_of_f()``. There the qualified name
    is read off the package's functions (:func:`_qualified_names`), so both say ``grad()``.
    """
    qualified = getattr(code, "co_qualname", None)
    if not isinstance(qualified, str):
        qualified = _qualified_names(home).get(_key(code), code.co_name)
    return f"{qualified.split('.<locals>.')[0].rsplit('.', 1)[-1]}()"


def _key(code: Any) -> tuple[str, int, str]:
    """A code object as its file, first line and name: one function of the package."""
    return (code.co_filename, code.co_firstlineno, code.co_name)


def _qualified_names(home: Path) -> dict[tuple[str, int, str], str]:
    """The qualified name of every function of the package in ``home`` that Python has
    loaded, and of the functions defined inside them (``grad.<locals>.gradient_of_f``),
    as Python 3.11 spells ``co_qualname``: by their code objects' :func:`_key`."""
    names: dict[tuple[str, int, str], str] = {}

    def walk(code: CodeType, qualified: str) -> None:
        names[_key(code)] = qualified
        for inner in code.co_consts:
            if isinstance(inner, CodeType):
                walk(inner, f"{qualified}.<locals>.{inner.co_name}")

    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        if not isinstance(file, str) or not Path(file).resolve().is_relative_to(home):
            continue
        for value in list(vars(module).values()):
            members = list(vars(value).values()) if isinstance(value, type) else [value]
            for member in members:
                function = getattr(member, "__func__", member)  # a static or class method
                code = getattr(function, "__code__", None)
                qualified = getattr(function, "__qualname__", None)
                # a function whose code is its own (not a wrapper's made elsewhere)
                if (
                    isinstance(code, CodeType)
                    and isinstance(qualified, str)
                    and qualified.rsplit(".", 1)[-1] == code.co_name
                    and _inside(code, home)
                ):
                    walk(code, qualified)
    return names
