"""Feedback for the notebooks' "your turn" cells.

A notebook's exercise cell holds a stub that raises ``NotImplementedError``; the cell after
it calls a check from ``exercises.nbNN`` (one module per notebook). A check says *what* is
wrong — which entry, the expected value and the one it got — instead of a bare
``AssertionError``:

- not written yet (the stub still raises ``NotImplementedError``): prints a reminder and
  returns a false :class:`Verdict`, so the notebook still runs top to bottom for a student;
- wrong: raises :class:`Mistake` (an ``AssertionError``) whose message names the entry;
- right: prints ``✓ <title>`` and returns a true :class:`Verdict`.

A Verdict equals False or True; a notebook shows nothing for it under the message.

Every message is written once, in English and in Chinese, with :func:`msg`. Which one a
student reads depends on the copy of this package the notebook imported: the English
notebooks import this folder as it is (``LANGUAGE == "en"``); notebooks/zh/exercises/
loads its own copy of the same files and sets that copy's ``LANGUAGE`` to ``"zh"``. The
two copies are separate module objects, so an English and a Chinese run in one process
(the test suite) cannot switch each other's language, and a check's logic exists once.

The solutions live in ``notebooks/solutions/`` as cells tagged ``solution:<id>`` that
replace the cells tagged ``exercise:<id>``; the test suite runs every notebook with them
filled in, and feeds each check a wrong answer to prove it is caught.
"""

from __future__ import annotations

import contextlib
import dis
import functools
import gc
import inspect
import io
import math
import numbers
import re
import struct
import sys
import traceback
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, NoReturn

import numpy as np

import autograd_mini
from autograd_mini import Value
from autograd_mini.reals import is_beyond_a_float

from . import limit
from .parameters import (
    METHOD_STUBS,
    MethodMisfit,
    decorated_misfit,
    method_misfit,
    misfit,
    property_getter,
)
from .reading import (
    entries,
    length,
    libraries,
    library_number,
    library_scalar,
    numpy_form,
    numpy_kind,
    plain,
    real_number,
    slip_rel,
)
from .shown import short, size

__all__ = [
    "LANGUAGE",
    "LANGUAGES",
    "PASSED",
    "STUB_WORDS",
    "Mistake",
    "Stopped",
    "Verdict",
    "call",
    "call_method",
    "check",
    "expect_close",
    "expect_close_all",
    "fit",
    "fit_method",
    "listed_once",
    "more_than",
    "msg",
    "probe",
    "probed_once",
    "read_once",
    "returned_items",
    "stopped",
]

PASSED = "✓"
LANGUAGES = ("en", "zh")
# This copy's language. notebooks/zh/exercises/__init__.py sets "zh" on its own copy right
# after loading it, before any check runs; nothing here reads it at import time.
LANGUAGE = "en"


def msg(en: str, zh: str) -> str:
    """The message in this copy's language: every text a student reads goes through here.

    Both are written side by side where the message is made, so a new message cannot be
    left untranslated; a language this package does not know is an error, not English.
    """
    if LANGUAGE == "zh":
        return zh
    if LANGUAGE == "en":
        return en
    raise ValueError(f"exercises.LANGUAGE is {LANGUAGE!r}; expected one of {LANGUAGES}")


def _no_return() -> str:
    """The question a check asks of an answer that came back None (a function without a
    return statement)."""
    return msg(en="does the function end with 'return …'?", zh="函数末尾是不是忘了写 'return …'？")


class Mistake(AssertionError):
    """A wrong answer: the message says which entry, what was expected and what came back."""

    def _render_traceback_(self) -> list[str]:
        """The traceback IPython (a notebook's kernel) shows: the student's frames and the
        message, without this package's (IPython's hook for an exception that formats its
        own traceback).

        :func:`check` raises the verdict without the frames under it, but IPython still
        showed the two it passed through on its way out, with their English source
        (``nb01.py … return check(msg(en=…), attempt)``, ``raise
        mistake.with_traceback(None) …``); ``__tracebackhide__`` cannot hide the frame
        that raised (IPython shows the last frame always). A cause the Mistake names (the
        student's own error) is shown from the student's first frame on, without the
        checker's calls down to it, for this showing only: the cause keeps its whole
        traceback (``traceback.print_exception`` afterwards, a debugger). Plain Python's
        traceback is left as it is."""
        from IPython import get_ipython

        shell = get_ipython()
        if shell is None:  # called outside IPython: its formatter is not there
            return traceback.format_exception(type(self), self, self.__traceback__)
        students = None
        for tb in reversed(list(_tracebacks(self.__traceback__))):
            if not _in_this_package(tb.tb_frame.f_code.co_filename):
                students = types.TracebackType(students, tb.tb_frame, tb.tb_lasti, tb.tb_lineno)
        cause = self.__cause__
        whole = None if cause is None else cause.__traceback__  # put back once shown
        if cause is not None:  # the student's error: from the student's first frame on
            entries = list(_tracebacks(cause.__traceback__))
            first = next(
                (
                    k
                    for k, tb in enumerate(entries)
                    if not _in_this_package(tb.tb_frame.f_code.co_filename)
                ),
                0,  # none of the student's: the checker's own error, shown whole
            )
            cause.with_traceback(entries[first] if entries else None)
        try:
            shown: list[str] = shell.InteractiveTB.structured_traceback(type(self), self, students)
        finally:
            if cause is not None:
                cause.with_traceback(whole)
        return shown


def _tracebacks(tb: types.TracebackType | None) -> Iterator[types.TracebackType]:
    """The entries of a traceback, outermost first."""
    while tb is not None:
        yield tb
        tb = tb.tb_next


@functools.lru_cache(maxsize=256)
def _in_this_package(filename: str) -> bool:
    """Is ``filename`` a file of this package (the checks, in either edition's copy)?"""
    return Path(filename).resolve().is_relative_to(Path(__file__).resolve().parent)


class Stopped(Mistake):
    """The student's function stopped by the time limit or by the student's interrupt
    (:func:`stopped`): a check that runs it only to confirm a hint, and passes over any
    Mistake there, lets this one through — a Ctrl-C in that run stops the check."""


def call(
    what: str,
    function: Callable[..., Any],
    *args: Any,
    shapes: str | None = None,
    known: Sequence[tuple[type[Exception] | Callable[[Exception], bool], str]] = (),
) -> Any:
    """Call the student's function; an error it raises becomes a Mistake naming the call.

    ``what`` names the call with its inputs (``silu_local(0, 0)``), so a formula that fails
    for one input — y/a at a = 0 — is told where, not asked whether it forgot to return.
    A loop over the wrong range (IndexError, KeyError: LookupError) and a misspelt name
    (NameError) are the student's code failing too, named the same way. The stub's
    NotImplementedError passes through to :func:`check`.

    ``shapes`` (already in this copy's language) says what the inputs' shapes are and how
    the formula combines them: a ValueError or an IndexError from numpy (``W.T @ g`` where
    ``W @ g`` is due, a loop over the wrong axis) is told with it, ahead of numpy's own
    English words, which a Chinese student would otherwise read alone.

    ``known`` pairs an exception class with what it means in this exercise (already in
    this copy's language: σ = y/a divides by zero at a = 0); the first class the error is
    an instance of is told so, in place of ``shapes``. In place of a class, a test of the
    error: what it means where only that error is the slip's (an IndexError from the
    list ``ws`` one past its end, not any IndexError).

    The message ends with the line of the student's own code that failed (see
    :func:`_where`): the Mistake is raised ``from None``, so the student's traceback,
    under the checker's frames, is not shown.

    Any other error of the student's code is told the same way: an ``assert`` of their
    own (an AssertionError, which :func:`check` keeps for its oracles and showed as the
    checker's traceback), a RecursionError. A failing ``assert`` of the checker's own
    code or the library's (in a callback the check hands the student's function, an
    invariant of autograd_mini's) is not the student's: it passes through, for
    :func:`check` to show in full as before. A function still running after
    :data:`limit.SECONDS` (a loop whose stopping rule is never met), or interrupted by
    the student, is told as a loop that did not stop, at the line it was on.

    A function of the student's whose parameters do not take ``args`` is told so before
    it runs (:func:`fit`); a check that calls it through a function of its own (a watch,
    a wrapper keeping its prints) calls :func:`fit` first itself.
    """
    if not _ours(function):
        fit(what, function, *args)
    try:
        with limit.time_limit():
            # a class(list) of the student's with its own __len__: the list it holds
            return plain(function(*args))
    except (NotImplementedError, Mistake):
        raise  # the stub's (check says "not written yet"), or a check's own verdict
    except (limit.TooLong, KeyboardInterrupt) as error:
        raise stopped(what, error) from None
    except Exception as error:
        # an assert statement of the checker's or the library's failing: never the
        # student's (a subclass the library raises on purpose, GradcheckError, is a verdict
        # on the student's code, which called gradcheck)
        if type(error) is AssertionError and _raised_by_us(error):
            raise
        # the error's words after its kind; none for an error without (a bare assert)
        kind, kind_zh = type(error).__name__, _kind_zh(type(error))
        if str(error):
            kind, kind_zh = f"{kind}: {error}", f"{kind_zh}「{error}」"
        where = _where(error)
        said = next(
            (
                said
                for cls, said in known
                if (isinstance(error, cls) if isinstance(cls, type) else cls(error))
            ),
            _xor_said(error),
        )
        if said is not None:
            raise Mistake(
                msg(
                    en=f"{what}: raised {kind} ({said}){where}",
                    zh=f"{what}：抛出了 {kind_zh}（{said}）{where}",
                )
            ) from None
        if shapes is not None and isinstance(error, (ValueError, IndexError)):
            raise Mistake(
                msg(
                    en=f"{what}: the shapes do not fit together: {shapes} "
                    f"(it raised {kind}){where}",
                    zh=f"{what}：形状对不上：{shapes}（抛出了 {kind_zh}）{where}",
                )
            ) from None
        raise Mistake(
            # the exception's own words, in English in both editions, quoted as such
            msg(
                en=f"{what}: raised {kind}{where}",
                zh=f"{what}：抛出了 {kind_zh}{where}",
            )
        ) from None


def fit(what: str, function: Callable[..., Any], *args: Any) -> None:
    """Raise a :class:`Mistake` when ``function``'s parameters do not take ``args``, the
    call ``what``: said in the checker's words, with the parameters the exercise's function
    takes (:data:`parameters.STUBS`), where Python's TypeError ("newton() takes 2
    positional arguments but 3 were given") was quoted in English. Nothing runs."""
    wrong = misfit(function, args, what)
    if wrong is None:
        return
    written, k = wrong.written, wrong.passed
    arguments = msg(en="argument", zh="参数") if k == 1 else msg(en="arguments", zh="参数")
    if wrong.exercise is None:  # neither the function's name nor the call's is known
        raise Mistake(
            msg(
                en=f"{what}: your function is {written}, which does not take the {k} "
                f"{arguments} the check passes",
                zh=f"{what}：你写的函数是 {written}，和检验传入的 {k} 个{arguments}对不上",
            )
        )
    name, parameters = wrong.exercise
    n, listed = len(parameters), ", ".join(parameters)
    counted = (
        msg(en="its one parameter", zh="只有这 1 个参数")
        if n == 1
        else msg(en=f"{n} parameters in this order", zh=f"按这个顺序共 {n} 个参数")
    )
    raise Mistake(
        msg(
            en=f"{what}: your function is {written}, which does not take the {k} "
            f"{arguments} the check passes: the exercise's is 'def {name}({listed})', {counted}",
            zh=f"{what}：你写的函数是 {written}，和检验传入的 {k} 个{arguments}对不上："
            f"练习要的是 'def {name}({listed})'，{counted}",
        )
    )


def fit_method(what: str, value_class: type, name: str, *args: Any) -> None:
    """Raise a :class:`Mistake` when the student's method ``name`` of ``value_class`` (one
    of :data:`parameters.METHOD_STUBS`) does not take the call ``what`` (``x.name(*args)``),
    said as :func:`fit` says a function's: the check calls the method through a lambda of
    its own (``x.exp()``), which fit does not look into, and Python's TypeError was quoted
    in English ("exp() missing 1 required positional argument: 'base'"). Python passes
    the Value itself as self, and the message says so; a staticmethod, a classmethod or a
    property is told what Python passes it instead. Nothing runs."""
    wrong = method_misfit(value_class, name, args)
    if wrong is not None:
        raise _method_mistake(what, name, args, wrong)


def call_method(what: str, value_class: type, name: str, run: Callable[[], Any], *args: Any) -> Any:
    """``call(what, run)``, ``run`` the check's lambda calling the student's method
    ``name`` of ``value_class`` as ``x.name(*args)``, after :func:`fit_method`. A
    TypeError the call then raises is told in the checker's words where it is known to
    be the method's kind or parameters, not the method's code: raised at the check's own
    call after a property's getter ran (its result could not take the call), or at a
    decorator's wrapper calling the function it wraps with the call's arguments, which
    that function's parameters do not take (:func:`parameters.decorated_misfit`). Any
    other error is told as :func:`call` tells it."""
    fit_method(what, value_class, name, *args)
    told: list[Mistake] = []

    def misread(error: Exception) -> bool:
        tb = error.__traceback__
        if not isinstance(error, TypeError) or tb is None:
            return False
        while tb.tb_next is not None:
            tb = tb.tb_next
        failed = tb.tb_frame.f_code  # where the TypeError was raised
        getter = property_getter(value_class, name)
        if getter is not None and failed is getattr(run, "__code__", None):
            wrong: MethodMisfit | None = MethodMisfit(getter, "property")
        else:
            wrong = decorated_misfit(value_class, name, args, failed)
        if wrong is not None:
            told.append(_method_mistake(what, name, args, wrong, _where(error)))
        return wrong is not None

    try:
        return call(what, run, known=[(misread, "")])
    except Mistake:
        if told:
            raise told[0] from None
        raise


def _method_mistake(
    what: str, name: str, args: tuple[Any, ...], wrong: MethodMisfit, where: str = ""
) -> Mistake:
    """The Mistake of the student's method ``name`` that does not take ``x.name(*args)``:
    its parameters as written, what Python passes a method of its kind, and the
    exercise's."""
    parameters = METHOD_STUBS[name]
    listed = ", ".join(parameters)
    written = wrong.written
    due = f"'def {name}({listed})'"
    if wrong.kind in ("staticmethod", "classmethod", "property"):
        said = {
            "staticmethod": msg(
                en="Python passes a staticmethod no Value as self",
                zh="调用静态方法时，不会把这个 Value 当作 'self' 传给它",
            ),
            "classmethod": msg(
                en="Python passes a classmethod the class, not the Value, as its first parameter",
                zh="调用类方法时，传给它的第一个参数是类本身，而不是这个 Value",
            ),
            "property": msg(
                en="Python runs a property's function as soon as the attribute is read, "
                "with the Value alone, and then calls what it returned",
                zh="一读取这个属性，就会运行特性的函数，只传给它这个 Value，然后再调用它返回的东西",
            ),
        }[wrong.kind]
        kind = {
            "staticmethod": ("a staticmethod", "静态方法", "@staticmethod"),
            "classmethod": ("a classmethod", "类方法", "@classmethod"),
            "property": ("a property", "特性", "@property"),
        }[wrong.kind]
        return Mistake(
            msg(
                en=f"{what}: your {name} is {kind[0]} taking {written}: {said}; the exercise's "
                f"is a plain method, {due}, without '{kind[2]}'{where}",
                zh=f"{what}：你写的 {name} 加了 '{kind[2]}'，是{kind[1]}，参数是 '{written}'："
                f"{said}；练习要的是普通方法 {due}，不加 '{kind[2]}'{where}",
            )
        )
    passed = list(zip(parameters[1:], args, strict=False))
    en = "".join(f", and {arg!r} as {param}" for param, arg in passed)
    zh = "".join(f"，'{param}' 是传入的 {arg!r}" for param, arg in passed)
    decorated = wrong.kind == "decorated"
    under = msg(en=", under its decorator,", zh="（被装饰器包着的那个函数）") if decorated else ""
    gap = "" if decorated else " "  # before 的: none after the closing bracket
    return Mistake(
        msg(
            en=f"{what}: your {name}{under} takes {written}; the exercise's is {due}"
            f" (Python passes the Value itself as self{en}){where}",
            zh=f"{what}：你写的 {name}{under}{gap}的参数是 '{written}'；练习要的是 {due}"
            f"（调用时 'self' 自动就是这个 Value 本身{zh}）{where}",
        )
    )


def _ours(function: Callable[..., Any]) -> bool:
    """Is ``function`` the checker's own (a watch, a wrapper, a lambda of a check) or the
    library's: its code in a file of this package, of autograd_mini or of nn?"""
    if isinstance(function, types.MethodType):
        function = function.__func__
    if not isinstance(function, types.FunctionType):
        return False  # not getattr: a student's object's __getattr__ would run here
    return _in_our_files(function.__code__.co_filename)


def stopped(what: str, error: limit.TooLong | KeyboardInterrupt) -> Stopped:
    """The Mistake for the student's function ``what`` stopped by the time limit, or by
    the student's interrupt: a loop that did not stop, at the line it was on. A check
    that runs the student's function outside :func:`call` (a probe, a run kept for
    later) raises it as call does, so an interrupt there stops the cell in the same
    words, not in a traceback through the checker's frames."""
    if isinstance(error, limit.TooLong):
        halted = msg(
            en=f"still running after {limit.SECONDS:g} s, so the check stopped it",
            zh=f"运行了 {limit.SECONDS:g} 秒还没有结束，检验把它停了下来",
        )
    else:
        halted = msg(en="interrupted while running", zh="运行中被中断")
    return Stopped(
        msg(
            en=f"{what}: {halted}: a loop whose stopping rule is never met? Every case "
            f"of this exercise takes well under a second{_where(error)}",
            zh=f"{what}：{halted}：是不是有一个循环的停止条件永远达不到？"
            f"这道练习的每种情形都用不了一秒{_where(error)}",
        )
    )


def probe(what: str, function: Callable[..., Any], *args: Any) -> Any:
    """The student's ``function`` run once more to confirm a hint: :func:`call`'s answer,
    without its prints, or None where the call fails.

    A probe runs the student's function after the check's own call of it (σ(−a) at every
    point, a learning rate on the other f, the shorter runs that find the step where
    Newton's iterates diverge), and the student saw their function's prints again for each
    run: five times over for nb06's divergence. What the probe's run writes to stdout or
    stderr is dropped, unread (a loop printing until the time limit keeps no memory):
    the check's own call showed it. IPython's ``display`` is not held back.

    A Mistake there (the student's code failing, parameters not taking the call) confirms
    nothing, and the check tells it where it gets to it: the probe gives None, which no
    probe takes for a number or a list. A :class:`Stopped` one (the time limit, the
    student's Ctrl-C) stops the check."""
    try:
        out, err = _Dropped(sys.stdout), _Dropped(sys.stderr)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            return call(what, function, *args)
    except Stopped:
        raise
    except Mistake:
        return None


class _Dropped(io.TextIOBase):
    """A text stream that keeps nothing written to it: a probe's prints, in place of
    ``stream``, whose encoding, errors and isatty() it gives.

    io.TextIOBase's encoding is None: student code reading ``sys.stdout.encoding`` (to
    choose "≈" or "~") failed in the probe alone, which then confirmed nothing. Its
    ``buffer`` drops bytes as it drops text: io.TextIOBase has none, where plain Python's
    stdout has one (``sys.stdout.buffer.write(b"…")`` failed in the probe alone)."""

    # shadowing io.TextIOBase's read-only descriptors (None), which an instance's own
    # attribute cannot
    encoding: str = "utf-8"
    errors: str | None = None

    def __init__(self, stream: object) -> None:
        super().__init__()
        self.encoding = _attribute(stream, "encoding") or "utf-8"
        # as the stream's: IPython's OutStream has None (it said "strict" in the probe alone)
        self.errors = _attribute(stream, "errors")
        self._stream = stream
        self.buffer = _DroppedBytes()

    def isatty(self) -> bool:
        isatty = getattr(self._stream, "isatty", None)
        try:
            return callable(isatty) and bool(isatty())
        except (ValueError, OSError):  # a closed stream
            return False

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return len(text)


class _DroppedBytes(io.BufferedIOBase):
    """A binary stream that keeps nothing written to it: a :class:`_Dropped` stream's
    ``buffer``."""

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        return memoryview(data).nbytes


def _attribute(stream: object, name: str) -> str | None:
    """``stream``'s ``name`` (its encoding, its errors), where it is a string (a stream
    replaced by None under pythonw, or by some object without them: None)."""
    value = getattr(stream, name, None)
    return value if isinstance(value, str) else None


# What an exception whose name does not say "Error" is, for a Chinese reader: its name
# alone (StopIteration, a bare Exception) was an English word in a Chinese sentence.
_KINDS_ZH = {
    "Exception": "异常",
    "StopIteration": "迭代器已经没有下一项了",
    "StopAsyncIteration": "异步迭代器已经没有下一项了",
}


def _kind_zh(kind: type[BaseException]) -> str:
    """The exception class's name as a Chinese message writes it: an ...Error as it is
    (the word says what it is), any other with what it is in brackets after it — a
    warning raised as an error, or a class of the student's own."""
    name = kind.__name__
    if name.endswith("Error"):
        return name
    if name in _KINDS_ZH:
        return f"{name}（{_KINDS_ZH[name]}）"
    if issubclass(kind, Warning):
        return f"{name}（当作错误抛出的警告）"
    return f"{name}（一种异常）"


def _raised_by_us(error: BaseException) -> bool:
    """Was ``error`` raised in a file of this package, of autograd_mini or of nn (the
    checker's and the library's own code), not in the student's?"""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return False
    return _in_our_files(frames[-1].filename)


@functools.lru_cache(maxsize=1024)
def _in_our_files(filename: str) -> bool:
    """Is ``filename`` a file of this package, of autograd_mini or of nn? Answered once a
    file: :func:`call` asks for every call of the student's function, and resolving the
    paths (a system call per part of each) cost it ≈ 0.3 ms, 15–35 times the call of a
    short function. (nn's code cannot run before nn is imported: no file of nn is asked
    about before its folder is known.)"""
    homes = [Path(__file__).resolve().parent]
    for package in (autograd_mini, sys.modules.get("nn")):
        where = getattr(package, "__file__", None)
        if where:
            homes.append(Path(where).resolve().parent)
    path = Path(filename).resolve()
    return any(path.is_relative_to(home) for home in homes)


def _xor_said(error: BaseException) -> str | None:
    """``h^2`` for h²: Python's ``^`` is the exclusive or of integers, and a float's raises
    TypeError. Told where the instruction of the student's code that raised a TypeError
    is a ``^`` (its bytecode, not the words of the error), else None: a line holding a
    ``^`` whose TypeError came from another operation on it (``2 * f``, f a function) was
    told as the ^, and a statement over several lines was read one line at a time."""
    if not isinstance(error, TypeError):
        return None
    tb = error.__traceback__
    cell = None
    while tb is not None:  # the innermost frame that is a notebook cell's
        if _cell_number(tb.tb_frame.f_code.co_filename) is not None:
            cell = tb
        tb = tb.tb_next
    if cell is None:
        return None
    # BINARY_OP "^" from Python 3.11 on; BINARY_XOR and INPLACE_XOR before it
    xor = any(
        op.offset == cell.tb_lasti
        and (
            op.opname in ("BINARY_XOR", "INPLACE_XOR")
            or (op.opname == "BINARY_OP" and op.argrepr in ("^", "^="))
        )
        for op in dis.get_instructions(cell.tb_frame.f_code)
    )
    if not xor:
        return None
    return msg(
        en="^ is Python's exclusive or of two integers, not a power: write h**2 for h²",
        zh="^ 是两个整数的按位异或运算，不是乘方：h² 要写成 h**2",
    )


# The file name a notebook cell's code has: ipykernel writes each cell's code under a
# folder of its own, /tmp/ipykernel_<pid>/<hash>.py (the temporary folder is another one
# elsewhere: /var/folders/…/T/ on a Mac); IPython in a terminal, and before 8.0 in a
# notebook too, names it <ipython-input-<count>-<hash>>.
_CELL_FILE = re.compile(r"(?:^|[/\\])ipykernel_\d+[/\\][^/\\]+\.py$")
_INPUT = re.compile(r"^<ipython-input-(\d+)-\w+>$")
LONGEST_LINE = 120  # a line of the student's code is cut there in a message


def _where(error: BaseException) -> str:
    """Where the student's code failed, as a line of its own ("" if not in a cell).

    The innermost frame of ``error``'s traceback that is a notebook cell's is the
    student's: the checker's frames are files of this package, the library's and numpy's
    are files too, and so is the code of the tests, which feed the checks wrong answers.
    A frame deeper than that one (autograd_mini refusing a log of −1, numpy a shape) is
    the error's origin, not the student's line. A cell is named as Jupyter numbers it
    (``Cell In[5]``) where IPython says which run of a cell the file is.
    """
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        number = _cell_number(frame.filename)
        if number is None:
            continue
        line = (frame.line or "").strip()
        if len(line) > LONGEST_LINE:
            line = line[: LONGEST_LINE - 1] + "…"
        shown = f": '{line}'" if line else ""
        shown_zh = f"：'{line}'" if line else ""
        if number:
            return msg(
                en=f"\nYour code, Cell In[{number}], line {frame.lineno}{shown}",
                zh=f"\n出错的是你的代码：单元格 In[{number}] 第 {frame.lineno} 行{shown_zh}",
            )
        return msg(
            en=f"\nYour code, in a notebook cell, line {frame.lineno}{shown}",
            zh=f"\n出错的是你的代码：笔记本的一个单元格，第 {frame.lineno} 行{shown_zh}",
        )
    return ""


def _cell_number(filename: str) -> int | None:
    """The run number Jupyter shows at a cell (the 5 of ``In [5]``), 0 for a cell whose
    number is not known, None for a file that is not a cell's."""
    found = _INPUT.match(filename)
    if found:
        return int(found[1])
    if not _CELL_FILE.search(filename):
        return None
    # ipykernel keeps which run each cell file is (IPython's own tracebacks read it there)
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    numbers = getattr(getattr(shell, "compile", None), "_filename_map", None)
    number = numbers.get(filename) if isinstance(numbers, dict) else None
    return number if isinstance(number, int) and not isinstance(number, bool) else 0


def expect_close(
    what: str,
    got: Any,
    expected: float,
    *,
    rel: float = 1e-9,
    abs_tol: float = 1e-12,
    float32_hint: bool = True,
    near_hint: str | None = None,
    slips: Sequence[tuple[float, str]] = (),
    beyond_hint: str = "",
    unmatched: str = "",
) -> None:
    """Raise :class:`Mistake` unless ``got`` is a number within tolerance of ``expected``.

    A miss within 7 digits is called float32 rounding (``float32_hint``), unless the
    caller knows better: where float64 rounding alone can cost 7 digits (a second
    difference), a near miss says nothing about float32. ``near_hint`` says what a miss
    within 3 digits means where the caller knows that instead (already in this copy's
    language): a derivative asked for by the chain rule and taken by a finite difference
    is right to 5–10 digits, not to rounding, and nothing to do with float32. Where the
    caller gives both, an answer that is a float32 number (a numpy float32, or a float
    that float32 holds exactly where the expected value is not one) is told float32, and
    any other near miss ``near_hint``. An answer whose type says float32 (a numpy float32
    or a 0-d float32 array) is told float32 whatever ``float32_hint`` says: that flag
    stops the guess from the digits alone, not what the answer says of itself — a float32
    Newton iterate was asked whether f″ came from a finite difference.

    A miss that a known slip explains is told which: ``slips`` pairs the number a slip
    gives with what it means (already in this copy's language; the caller knows the
    formula: "opposite sign: g_j = …"), and for a nonzero ``expected`` an answer of
    −1, ½ or 2 times it is told so in any case (a flipped sign, a ½ too many or too few),
    in the caller's words where ``slips`` has them.

    A :class:`Value` is not a number: returning the nodes after ``backward()`` instead of
    their ``.grad`` was compared by ``.data`` ("expected -0.09006004647, got 0.8"). The
    message shows both of its numbers and names the one that is the answer, if one is.

    A number past the largest float (an int of 10**400, a Fraction) is told so, with its
    size, where ``float()`` of it stopped the check with the checker's own OverflowError
    (a negative one as below the most negative float: "past the largest float" spoke of
    its size alone, as if its sign were lost); ``beyond_hint`` (in this copy's language)
    says what such a number, or an infinite float, means where the caller knows: Newton's
    iterates diverging at that step. One a float holds as 0 or with fewer digits
    (Fraction(1, 10**400), a longdouble of 1e-4000, 1/10**320) is shown by its size too,
    where it read "got 0".

    ``unmatched`` (in this copy's language, with its parentheses) is said of a finite miss
    that no slip and no rounding explains, where the caller knows its slips well enough
    to say so plainly: a bare number left the student to guess.
    """
    if isinstance(got, Value):
        data, grad = got.data, got.grad
        if math.isclose(data, expected, rel_tol=rel, abs_tol=abs_tol):
            raise Mistake(
                msg(
                    en=f"{what}: expected a number, got a Value node whose .data = {data:.10g} "
                    "is the expected number: return that number (.data), not the node",
                    zh=f"{what}：应当是一个数，得到的却是一个 Value 节点，它的 .data = "
                    f"{data:.10g} 正是应得的数：请返回这个数（.data），而不是节点",
                )
            )
        # at the check's own tolerance: a .grad 7 digits right would fail as a number too
        if math.isclose(grad, expected, rel_tol=rel, abs_tol=abs_tol):
            raise Mistake(
                msg(
                    en=f"{what}: expected {expected:.10g}, a number; got a Value node (.data = "
                    f"{data:.10g}, .grad = {grad:.10g}): did you mean its .grad?",
                    zh=f"{what}：应为 {expected:.10g}，是一个数；得到的却是一个 Value 节点"
                    f"（.data = {data:.10g}，.grad = {grad:.10g}）：是不是想返回它的 .grad？",
                )
            )
        # neither of its numbers is the answer: asking "did you mean its .grad?" of a
        # .grad of 0 (a node backward() never reached) pointed at the wrong fix
        raise Mistake(
            msg(
                en=f"{what}: expected {expected:.10g}, a number; got a Value node (.data = "
                f"{data:.10g}, .grad = {grad:.10g}), and neither of its numbers is the "
                "expected one: return a number, not a node",
                zh=f"{what}：应为 {expected:.10g}，是一个数；得到的却是一个 Value 节点（.data = "
                f"{data:.10g}，.grad = {grad:.10g}），它的两个数都不是应得的数：请返回一个数，"
                "而不是节点",
            )
        )
    z = _complex(got)
    if z is not None:  # float() of numpy's complex warns and keeps the real part: a pass
        raise Mistake(
            msg(
                en=f"{what}: expected {expected:.10g}, got a complex number, {_shown(z)}"
                f"{_complex_cause()}",
                zh=f"{what}：应为 {expected:.10g}，得到的却是复数 {_shown(z)}{_complex_cause()}",
            )
        )
    # a number of Python's or numpy's own (read off its type, never by the student's
    # __float__), or a library's 0-d tensor; a Decimal is read for its size alone
    number: Any = real_number(got)
    beyond = _past_a_float(got)
    if beyond is not None:
        largest = sys.float_info.max
        # a negative number past a float is below the most negative one, not above any
        past = (
            msg(
                en=f"below the most negative float ({-largest:.4g})",
                zh=f"比浮点数能表示的最小负数（{-largest:.4g}）还要小",
            )
            if (got if number is None else number) < 0
            else msg(
                en=f"past the largest float ({largest:.4g})",
                zh=f"超出了浮点数能表示的最大值（{largest:.4g}）",
            )
        )
        raise Mistake(
            msg(
                en=f"{what}: expected {expected:.10g}, got {beyond}, {past}{beyond_hint}",
                zh=f"{what}：应为 {expected:.10g}，实际得到 {beyond}，{past}{beyond_hint}",
            )
        )
    if number is None:
        number = library_number(got)
    if number is None:  # never a string such as "3.0001", True, or an object's __float__
        if got is None:  # a function without a return statement
            raise Mistake(
                msg(
                    en=f"{what}: expected a number, got None: {_no_return()}",
                    zh=f"{what}：应当是一个数，得到的是 None：{_no_return()}",
                )
            )
        hint = _not_real_said(got) or _what_to_return(got)
        raise Mistake(
            msg(
                en=f"{what}: expected a number, got {short(got)}{hint}",
                zh=f"{what}：应当是一个数，得到的是 {short(got)}{hint}",
            )
        )
    real, value = number, float(number)
    if not math.isclose(float(value), expected, rel_tol=rel, abs_tol=abs_tol):
        near = math.isclose(float(value), expected, rel_tol=1e-3)
        typed = _float32(got)  # the answer says so itself
        single = typed or (float32_hint and _single_precision(real, expected))
        # at the answer's own precision: a float32 slip missed 1e-9 by its rounding
        hint = _slip(float(value), expected, slips, rel=slip_rel(got, rel), abs_tol=abs_tol)
        if hint:  # a slip the check knows by its number: sign, factor 2, a wrong formula
            pass
        elif beyond_hint and math.isinf(float(value)):
            hint = beyond_hint
        elif near_hint is not None and near and not single:
            hint = near_hint
        # float32 keeps 7 digits
        elif (float32_hint or typed) and math.isclose(float(value), expected, rel_tol=1e-6):
            hint = msg(
                en=" (equal to about 7 digits: float32 rounding? compute in float64)",
                zh="（只在约 7 位有效数字上一致：用了 float32 吗？请用 float64 计算）",
            )
        elif math.isfinite(float(value)):
            hint = unmatched  # a finite miss no known slip explains, where the caller says so
        # −0.0 (0 times a negative number) is shown as 0: "got -0" read as a number of its own
        number, expected = float(value) + 0.0, expected + 0.0
        # 1/10**400 by its size: its float, 0, read "got 0"
        shown, want = _lost_by_a_float(real, number) or f"{number:.10g}", f"{expected:.10g}"
        if shown == want:  # a miss in the last digits: show them all
            shown, want = f"{number:.17g}", f"{expected:.17g}"
        raise Mistake(
            msg(
                en=f"{what}: expected {want}, got {shown}{hint}",
                zh=f"{what}：应为 {want}，实际得到 {shown}{hint}",
            )
        )


def _not_real_said(got: Any) -> str:
    """What a numpy duration or date or a Decimal given for a number is, in the engine's
    words (:func:`autograd_mini.reals.not_real_hint`'s, written out: a message is a
    string in both languages, which a test reads) and in this copy's language, and a
    boolean (Python's, numpy's, a library's 0-d tensor of one); "" for any other answer.
    A 0-d array of one is told as its number is."""
    if isinstance(got, np.ndarray) and got.ndim == 0:
        got = got[()]
    if isinstance(got, np.timedelta64):
        return msg(
            en=": a numpy timedelta64 is a duration, not a number — pass a float of it in the "
            "unit meant, e.g. td / np.timedelta64(1, 's') for seconds",
            zh="：timedelta64 是一段时长，不是数——请按所指的单位把它换成浮点数，"
            "例如以秒计：td / np.timedelta64(1, 's')",
        )
    if isinstance(got, np.datetime64):
        return msg(
            en=": a numpy datetime64 is a date, not a number",
            zh="：datetime64 是一个日期，不是数",
        )
    if isinstance(got, Decimal):  # as the engine refuses one: float() of it is a choice
        return msg(
            en=": a Decimal is not taken for a float without a word — return float(d)",
            zh="：decimal.Decimal（十进制小数）不会被悄悄当作浮点数——请返回 float(d)",
        )
    # a library's boolean 0-d tensor as Python's True: float() of it is 1.0
    if isinstance(got, (bool, np.bool_)) or type(library_scalar(got)) is bool:
        return msg(
            en=": a boolean (True or False, what a comparison gives) is not taken for a "
            "number here — return the number itself",
            zh="：布尔值（True 或 False，比较运算给出的就是它）在这里不能当作数——请返回数本身",
        )
    return ""


def _what_to_return(got: Any) -> str:
    """What to return in place of ``got``, an answer :func:`expect_close` does not read as
    a number and :func:`_not_real_said` has no word for, in this copy's language: one
    number in a list or an array (which of them is the answer is the student's to say),
    a Value node in one (its .data, as a Value answer is told), several numbers, text, or
    an object of the student's. Read off the types and by
    :func:`~.reading.entries`, never by the student's code: "expected a number, got
    array([0.5])" said what was wrong and not what to write."""
    array = np.asarray(got) if isinstance(got, (np.ndarray, np.generic)) else None
    # text: a string, or numpy's array of strings of any size (np.array(["0.5"]) was
    # told "one number inside a list or an array")
    if isinstance(got, (str, bytes)) or (array is not None and array.dtype.kind in "US"):
        return msg(
            en=" — text, not a number: return the number itself",
            zh="——这是文本，不是数：请返回数本身",
        )
    form = numpy_form(got) if libraries(got) else None
    if array is not None:  # numpy's: its size, its first number (a.item() takes any shape)
        count: int | None = int(np.ndarray.size.__get__(array))
        one = array.ravel()[0] if count == 1 else None
    elif form is not None:  # a library's tensor: its size (a.item() takes any shape)
        count, one = math.prod(form[0]), None
    else:  # a list, a tuple, a range, a deque, an array.array: its length off its type,
        # its entries read only for one (a range(10**8)'s were built to be counted)
        count = length(got)
        held = entries(got) if count == 1 else None
        one = held[0] if held is not None else None
    if count == 1:
        if issubclass(type(one), Value):  # as a Value answer is told: its .data, not it
            return msg(
                en=f" — one Value node, {short(one)}, inside a list or an array: return its "
                "number (v.data), not the node",
                zh=f"——这是装在列表或数组里的一个 Value 节点 {short(one)}：请返回它的数"
                "（v.data），而不是节点",
            )
        if form is None and real_number(one) is None and library_number(one) is None:
            # [[0.5]], [Value(0.5)], ["0.5"], [None]: x[0] is no number either, and
            # "return the number itself" sent the student to an answer refused again
            return msg(
                en=f" — one entry inside a list or an array, and that entry, {short(one)}, "
                "is not read as a number either",
                zh=f"——这是装在列表或数组里的一项，而这一项 {short(one)} 本身也不会被当作数来读",
            )
        if isinstance(got, list) or array is not None or form is not None:
            return msg(
                en=" — one number inside a list or an array: return the number itself "
                "(x[0] of a list, a.item() of an array)",
                zh="——这是装在列表或数组里的一个数：请返回这个数本身"
                "（列表用 x[0]，数组用 a.item()）",
            )
        # a tuple, a range, a deque, Python's array.array: x[0] (an array.array has no
        # .item(), which "a.item() of an array" sent the student to)
        return msg(
            en=" — one number inside a list or an array: return the number itself (x[0])",
            zh="——这是装在列表或数组里的一个数：请返回这个数本身（x[0]）",
        )
    # an empty answer was "0 entries", and the Chinese said 得到 twice in one sentence:
    # "得到的是 [1, 2]——这里要的是一个数，得到的却有 2 项"
    if count == 0:
        return msg(
            en=" — empty, where one number is due",
            zh="——里面是空的，而这里要的是一个数",
        )
    if count is not None:
        return msg(
            en=f" — {count} entries where one number is due",
            zh=f"——里面有 {count} 项，而这里只要一个数",
        )
    if isinstance(got, (np.ndarray, np.generic, numbers.Number)) or libraries(got):
        return ""  # numpy's or a library's own: what it is, its repr says
    return msg(
        en=" — return a float (or an int)",
        zh="——请返回一个浮点数（或整数）",
    )


def _lost_by_a_float(got: Any, number: float) -> str | None:
    """``got``, a real number of the student's whose float is ``number``, by its size
    where that float does not hold it (to 4 digits: "≈ 1.000e-400"): a Fraction of
    1/10**400 and a numpy longdouble of 1e-4000, whose float is 0, one of 1e4000, whose
    float is inf, and one whose float is subnormal and not the number (1/10**320's,
    9.99988867e-321, keeps 5 digits). None where ``number`` is the number shown."""
    lost = abs(number) < sys.float_info.min  # a subnormal float: fewer digits, 0 none
    if type(got) is Fraction and lost and number != got:
        return size(got)
    if isinstance(got, (np.floating, np.ndarray)) and got.dtype.kind == "f":
        scalar: Any = np.asarray(got)[()]  # a 0-d array's number, in its own precision
        if (lost and scalar != number) or math.isinf(number) != bool(np.isinf(scalar)):
            return "≈ " + np.format_float_scientific(
                scalar, precision=3, unique=False, exp_digits=1
            )
    return None


def _past_a_float(got: Any) -> str | None:
    """``got``, a real number past the largest float (an int, a Fraction: ``float()`` of it
    raises OverflowError), shown to 4 digits ("≈ 1.000e+400"); None for any other answer
    (an infinite float is a float). A number finite in a wider type that ``float()`` makes
    ±inf (a numpy longdouble 1e400, :func:`~autograd_mini.reals.beyond_a_float`) is shown
    so too, with its type: it read "got inf", which it was not; a 0-d array of one is
    told as its number is (the engine's ``Value()`` of it names it so). The Chinese
    edition writes the type as code (``np.longdouble``, ``decimal.Decimal``). Only a number
    :func:`~.reading.real_number` reads, or a Decimal, is asked: ``float()`` of any other
    object ran the student's ``__float__`` inside the checker."""
    if type(got) is not Decimal:  # a Decimal's size is decimal's own code
        got = real_number(got)  # a 0-d array's number; None for an object of the student's
    if got is None or isinstance(got, (bool, float)):
        return None
    if is_beyond_a_float(got) and hasattr(got, "as_integer_ratio"):  # a Decimal too
        name = type(got).__name__
        numpys = type(got).__module__ == "numpy"
        en_kind, zh_kind = (
            (f"numpy's {name}", f"np.{name}")
            if numpys
            else (f"a {name}", f"{type(got).__module__}.{name}")
        )
        return size(Fraction(*got.as_integer_ratio())) + msg(
            en=f" (finite as {en_kind}, inf as a float)",
            zh=f"（作为 {zh_kind} 是有限的数，转成浮点数就成了 inf）",
        )
    if not isinstance(got, numbers.Rational):
        return None
    try:
        float(got)
    except OverflowError:
        return size(got)
    except (TypeError, ValueError):
        return None
    return None


def _slip(
    value: float, expected: float, slips: Sequence[tuple[float, str]], *, rel: float, abs_tol: float
) -> str:
    """The hint for a miss that a known slip explains, in parentheses, or "".

    The caller's slips first, then −1, ½ and 2 times a nonzero ``expected``. A slip whose
    number is within rounding of ``expected`` itself (a wrong formula that happens to give
    the right number here) tells nothing and is passed over.
    """
    generic = [
        (
            -expected,
            msg(
                en="opposite sign: check the sign of the formula",
                zh="符号相反：检查公式的正负号",
            ),
        ),
        (
            expected / 2,
            msg(
                en="exactly half: a factor 2 is missing, or a ½ too many",
                zh="正好是一半：少了因子 2，或者多了 ½",
            ),
        ),
        (
            2 * expected,
            msg(
                en="exactly twice: a factor 2 too many, or a ½ missing",
                zh="正好是两倍：多了因子 2，或者少了 ½",
            ),
        ),
    ]
    for number, said in [*slips, *(generic if expected != 0 else [])]:
        if math.isclose(number, expected, rel_tol=1e-6, abs_tol=abs_tol):
            continue
        if math.isclose(value, number, rel_tol=max(rel, 1e-9), abs_tol=abs_tol):
            return msg(en=f" ({said})", zh=f"（{said}）")
    return ""


def _single_precision(got: Any, expected: float) -> bool:
    """Does ``got`` look computed in float32: a float32 array scalar, or a float that
    float32 holds exactly (one in 2²⁹ float64 numbers is) where ``expected`` is not one?"""
    if numpy_form(got) is not None:
        return _float32(got)
    try:
        return (
            float(got) != 0.0
            and _to_float32(float(got)) == float(got)
            and _to_float32(expected) != expected
        )
    except (OverflowError, TypeError, ValueError):
        return False


def _float32(got: Any) -> bool:
    """Is ``got`` a numpy float32 number or array (its type says so itself)?"""
    form = numpy_form(got)
    return form is not None and form[1] is not None and form[1] == np.float32


def _to_float32(number: float) -> float:
    """``number`` rounded to the nearest float32, back as a float (OverflowError beyond
    float32's range)."""
    return float(struct.unpack("f", struct.pack("f", number))[0])


def expect_close_all(
    what: str,
    got: Any,
    expected: Any,
    *,
    rel: float = 1e-9,
    abs_tol: float = 1e-12,
    slips: Sequence[tuple[Any, str]] = (),
    entry: Callable[[tuple[int, ...]], str] | None = None,
    shape_hint: str | None = None,
) -> None:
    """Compare nested sequences entry by entry; the message names the first wrong index.

    An array's shape is compared first: a (3, 3) array where a vector of 3 is due (numpy
    broadcast a column against a row) was reported entry by entry, as "[0]: expected a
    number, got array([…])". A column or a row vector for a vector is the same numbers.

    ``slips`` are :func:`expect_close`'s, each number replaced by an array of the shape of
    ``expected`` (what the slip gives for every entry). ``entry`` names an entry as the
    formulas do (``(0,)`` → " 的 g_1", numbered from 1) in place of a 0-based ``[0]``;
    ``shape_hint`` is added to a wrong shape's message (both in this copy's language).

    An answer is read by its type (:func:`~.reading.entries`: a list, a tuple, a range,
    an array, a library's tensor), a generator or a map once through :func:`call`
    (:func:`read_once`); anything else (a dict, a set, a string, an object of the
    student's) is told what it is and what to return instead.
    """

    def walk(g: Any, e: Any, index: tuple[int, ...]) -> None:
        # a list, a tuple or an array with at least one axis (a numpy scalar has shape ())
        if _nested(e):
            e_list = list(e)
            # numpy's array or number, or a library's: a class of the student's holding a
            # shape is none (its ravel and iteration are the student's code)
            form = numpy_form(g)
            readable = isinstance(g, (np.ndarray, np.generic)) or libraries(g)
            shape = None if form is None or not readable else form[0]
            if shape == ():  # a numpy number (np.sum(…) without an axis), not an array
                _one_number(f"{what}{_at(index)}", g, e, shape_hint)
            if isinstance(shape, tuple):  # an array: its shape, before its entries
                want = _shape(e)
                if len(want) == 1 and len(shape) == 2 and shape in {(want[0], 1), (1, want[0])}:
                    # a column (or row) vector for a 1-D answer: the same numbers (an
                    # np.matrix stays 2-D through its own ravel: read as the array it is)
                    g = (np.asarray(g) if isinstance(g, np.matrix) else g).ravel()
                elif shape != want:
                    _wrong_shape(f"{what}{_at(index)}", shape, want, shape_hint)
            # its length first, off its type: a range(10**8) was read in full (untimed C
            # code, a MemoryError under a memory cap) to be told it has 100000000 entries
            size = length(g)
            if size is not None and size != len(e_list):
                raise Mistake(
                    msg(
                        en=f"{what}{_at(index)}: expected {len(e_list)} entries, got {size}",
                        zh=f"{what}{_at(index)}：应有 {len(e_list)} 项，实际有 {size} 项",
                    )
                )
            g_list = entries(g)  # a list, a tuple, an array: never a student's __iter__
            once = g_list is None
            if once:  # a generator, a map: through call(), once, as far as one entry more
                g_list = read_once(f"{what}{_at(index)}", g, len(e_list))
            if g_list is None:
                raise Mistake(
                    msg(
                        en=f"{what}{_at(index)}: expected a sequence, got {short(g)}"
                        f"{_not_a_sequence_said(g)}",
                        zh=f"{what}{_at(index)}：应当是一个序列（列表或数组），得到的是 {short(g)}"
                        f"{_not_a_sequence_said(g)}",
                    )
                )
            if len(g_list) != len(e_list):
                count, count_zh = more_than(g_list, len(e_list), once)
                raise Mistake(
                    msg(
                        en=f"{what}{_at(index)}: expected {len(e_list)} entries, got {count}",
                        zh=f"{what}{_at(index)}：应有 {len(e_list)} 项，实际{count_zh} 项",
                    )
                )
            for k, (gk, ek) in enumerate(zip(g_list, e_list, strict=True)):
                walk(gk, ek, (*index, k))
        else:
            named = f"{what}{entry(index) if entry is not None else _at(index)}"
            numbers = [(float(_pick(slip, index)), said) for slip, said in slips]
            expect_close(named, g, float(e), rel=rel, abs_tol=abs_tol, slips=numbers)

    walk(got, expected, ())


def _not_a_sequence_said(got: Any) -> str:
    """What to write in place of ``got``, an answer :func:`expect_close_all` does not read
    as a sequence, in this copy's language: a forgotten return for None (as expect_close
    and returned_items say it); for a dict, its keys and values both, the one meant
    unsaid; for a set, no order; for a string, text. Read off the types, never by the
    student's code. "expected a sequence, got {…}" said what was wrong and not what to
    write."""
    if got is None:
        return msg(en=f": {_no_return()}", zh=f"：{_no_return()}")
    if isinstance(got, Mapping) or type(got) in _DICT_VIEWS:
        return msg(
            en=" — a dict holds keys and values, and which are the entries is not said: "
            "return a list of the entries in order, e.g. list(d.values())",
            zh="——字典里既有键又有值，看不出哪些才是要的各项：请按顺序返回由各项组成的列表，"
            "例如 list(d.values())",
        )
    if isinstance(got, (set, frozenset)):
        return msg(
            en=" — a set has no order: return a list of the entries in order",
            zh="——集合没有顺序：请按顺序返回由各项组成的列表",
        )
    if isinstance(got, (str, bytes)):
        return msg(
            en=" — text, not numbers: return the numbers themselves in a list or an array",
            zh="——这是文本，不是数：请把这些数本身放进列表或数组返回",
        )
    if isinstance(got, numbers.Number) or numpy_form(got) is not None:
        return ""  # one number where a row is due: "expected a sequence, got 2.5" says it
    return msg(
        en=" — return the entries in a list or a numpy array",
        zh="——请把各项放进列表或数组（np.array）返回",
    )


#: A dict's views: ``d.values()`` is told as its dict is.
_DICT_VIEWS = frozenset({type({}.keys()), type({}.values()), type({}.items())})


#: Python's one-pass iterators an answer may be (exactly these types: a class of the
#: student's is told what it is): ``map(float, xs)`` or ``(x * 2 for x in xs)`` of the
#: right numbers was refused, "expected a sequence, got <map object>", where nothing about
#: it is unclear. Its entries may run the student's code (the generator's body, the
#: function mapped), so :func:`expect_close_all` reads it through :func:`call`.
_READ_ONCE = frozenset(
    {
        types.GeneratorType,
        map,
        filter,
        zip,
        reversed,  # reversed() of a tuple, a string: a sequence without __reversed__
        type(reversed([])),  # reversed(xs) of a list is list's own reverse iterator
        type(iter([])),
        type(iter(())),
        type(iter(range(0))),
    }
)


def read_once(what: str, got: Any, due: int) -> list[Any] | None:
    """The entries of ``got`` where it is one of Python's one-pass iterators (a generator,
    a map: :data:`_READ_ONCE`), read through :func:`call` as the answer of ``what``: their
    code (the generator's body, the function mapped) is the student's, timed and its
    error told as theirs, as :func:`returned_items` reads one; None for anything else.

    At most ``due + 1`` entries are read, one more than are due, so that a longer answer
    is known as one (the caller says "more than ``due``", :func:`more_than`): a generator
    that never ends (``while True: … yield x``) ran the whole time limit, its entries
    filling memory, and one made of C code alone, ``map(float, itertools.count())``, is
    never stopped by the limit (the alarm is only looked at between Python's bytecodes):
    it filled memory until a MemoryError, told as the student's, or the kernel died."""
    if type(got) not in _READ_ONCE:
        return None
    read: list[Any] = call(what, lambda: _taken(got, due + 1), known=_cut_short())
    return read


def _cut_short() -> list[tuple[Callable[[Exception], bool], str]]:
    """What a StopIteration of the student's that :func:`_taken` raises again means, as
    :func:`call`'s ``known``, in this copy's language: it ended their iterator early.
    Only the one :func:`_taken` marked: ``known`` covers the whole call, and a plain
    ``raise StopIteration`` in the student's function itself (no map in it) was told it
    was "raised inside the f of map(f, xs)"."""
    said = msg(
        en="raised inside a function the map or filter calls, it ends the iteration early, "
        "as if there were no more entries",
        zh="在 map(f, xs) 或 filter(f, xs) 调用的函数 f 里抛出它，"
        "迭代会就此提前结束，好像后面没有项了",
    )
    return [
        (
            lambda error: isinstance(error, StopIteration) and vars(error).get(_CUT_SHORT) is True,
            said,
        )
    ]


def listed_once(what: str, got: Any, due: int) -> Any:
    """``got``, the answer of ``what`` of ``due`` entries, with a one-pass iterator (a
    generator, a map) read once into a list through :func:`call` (:func:`read_once`),
    so that a check's hints, which read a list, an array or a tuple, read it as the list
    it is: nb07's newton step yielding w + H⁻¹∇C was told "opposite sign: check the sign
    of the formula", where its list is told the step goes the wrong way. More entries
    than due are told here, as :func:`expect_close_all` tells them; anything else is
    returned as it is."""
    read = read_once(what, got, due)
    if read is None:
        return got
    if len(read) > due:
        raise Mistake(
            msg(
                en=f"{what}: expected {due} entries, got more than {due}",
                zh=f"{what}：应有 {due} 项，实际多于 {due} 项",
            )
        )
    return read


def _taken(got: Any, most: int) -> list[Any]:
    """The first ``most`` entries of the iterable ``got``, for :func:`call` or
    :func:`probe` to run: a generator left part-read (one entry more than due was read)
    is closed here, so that its ``finally`` blocks (and ``with`` blocks' exits) run now,
    timed and any error told as the student's, not whenever the generator is collected,
    outside the check, where an error was printed as "Exception ignored in: <generator
    object …>" after the check's verdict and a loop there never stopped.

    A StopIteration raised by the student's function inside it (``map(f, xs)``, f calling
    ``next()`` past an end; a filter's test) ends a map or a filter there as if it had no
    more entries, and the answer was told a wrong length ("expected 3 entries, got 1"):
    it is raised again, for :func:`call` to tell as the student's error
    (:func:`_ended_by_them`)."""
    read: list[Any] = []
    try:
        iterator = iter(got)
        nexts = _nexts_within(got)  # the __next__ of each iterator a map, filter, zip reads
        while len(read) < most:
            try:
                read.append(next(iterator))
            except StopIteration as end:
                if _ended_by_them(end, nexts):
                    # marked, for _cut_short's words: a StopIteration the student's own
                    # function raises where call() runs it is theirs, with no map in it
                    vars(end)[_CUT_SHORT] = True  # never a __setattr__ of theirs
                    raise
                break
        return read
    finally:
        if type(got) is types.GeneratorType:
            got.close()


def _ended_by_them(end: StopIteration, nexts: frozenset[types.CodeType] = frozenset()) -> bool:
    """Was ``end``, the StopIteration that ended an iterator read by :func:`_taken`, raised
    by code of the student's that is not an iterator's own end: in a function a map calls,
    a filter's test? Read off its traceback: an iterator written in C that has no more
    entries (a list's, a map over one) and a generator that returned raise it in C, with
    no frame of Python's under the reader's; an iterator class's ``__next__`` raises it to
    say it has no more (Python's protocol); any other function of Python's under the
    reader's frame is one the iterator called for an entry (a generator's own body cannot
    raise it: Python makes that a RuntimeError).

    An iterator's ``__next__`` is told by what it is, not by its name: the frame's code is
    that of ``type(self).__next__`` for the frame's first argument (Python calls it with
    the iterator as that). A class's ``__next__ = step`` runs as a frame named ``step``,
    and its end, or a ``map(float, It())``'s over it, was told as the student's error.
    So was one whose ``__next__`` is a ``functools.partial`` or ``partialmethod`` of a
    function (``__next__ = partial(step, state)``): its frame is that function's, its
    first argument not the iterator. ``nexts`` holds the code of the ``__next__`` of each
    iterator the map, filter or zip read (:func:`_nexts_within`), unwrapped."""
    tb = end.__traceback__
    under = None if tb is None else tb.tb_next
    if under is None:
        return False
    frame = under.tb_frame
    return frame.f_code not in nexts and not _an_iterators_next(frame)


def _next_code(kind: type) -> types.CodeType | None:
    """The code a class's ``__next__`` runs, read off the class (``getattr_static``: no
    property or ``__getattr__`` of the student's runs), through a staticmethod, a
    classmethod, a ``functools.partialmethod`` and ``functools.partial`` (nested too);
    None where it is none of those over a Python function (a C iterator's own)."""
    step = inspect.getattr_static(kind, "__next__", None)
    for _ in range(8):  # partial(partial(f, a), b): a few layers at most
        if isinstance(step, (staticmethod, classmethod)):
            step = step.__func__
        elif isinstance(step, (functools.partial, functools.partialmethod)):
            step = step.func
        else:
            break
    return step.__code__ if isinstance(step, types.FunctionType) else None


def _nexts_within(got: Any, depth: int = 4) -> frozenset[types.CodeType]:
    """The code of the ``__next__`` of each iterator that ``got`` (a map, a filter, a
    zip, nested ones too) reads, as :func:`_next_code` reads it: which of the student's
    frames ending a reading is an iterator saying it has no more. The iterators are read
    off the map's own ``__reduce__`` (C code, none of the student's)."""
    if depth <= 0 or type(got) not in (map, filter, zip):
        return frozenset()
    reduced: tuple[Any, ...] = type(got).__reduce__(got)  # type: ignore[call-arg, assignment]
    args: tuple[Any, ...] = reduced[1]
    inner = args[1:] if type(got) in (map, filter) else args
    codes: set[types.CodeType] = set()
    for it in inner:
        code = _next_code(type(it))
        if code is not None:
            codes.add(code)
        codes |= _nexts_within(it, depth - 1)
    return frozenset(codes)


def _an_iterators_next(frame: types.FrameType) -> bool:
    """Is ``frame`` the run of an iterator's ``__next__``: its code that of
    ``type(self).__next__``, ``self`` its first argument? Read off the frame's locals and
    the class's attribute alone (``inspect.getattr_static``: no property or
    ``__getattr__`` of the student's runs)."""
    code = frame.f_code
    if code.co_argcount < 1:
        return False
    self = frame.f_locals.get(code.co_varnames[0], _NOTHING)
    if self is _NOTHING:
        return False
    step = inspect.getattr_static(type(self), "__next__", None)
    step = getattr(step, "__func__", step)  # a staticmethod's or classmethod's function
    return getattr(step, "__code__", None) is code


#: no value at all, where None is one
_NOTHING = object()

#: the attribute :func:`_taken` sets on a StopIteration of the student's it raises again
#: (:func:`_cut_short`)
_CUT_SHORT = "_exercises_cut_short"


def probed_once(what: str, got: Any, due: int) -> Any:
    """``got``, a :func:`probe`'s answer, as a probe reads it: a one-pass iterator's
    entries (a generator, a map: :data:`_READ_ONCE`) read quietly through :func:`probe`,
    as far as ``due + 1``, None where that fails; anything else as it is. A check's probes
    read a list or a tuple: a generator of the right iterates was read by the check (by
    :func:`read_once`) and never by its probes, so its hints (nb06: x − η·f′, the step
    where the iterates grew past a float) were given a list alone."""
    if type(got) not in _READ_ONCE:
        return got
    return probe(what, lambda: _taken(got, due + 1))


def more_than(read: list[Any], due: int, once: bool) -> tuple[str, str]:
    """How many entries ``read`` has, where ``due`` were due, in English and in Chinese
    ("5" / "5"; for a generator or a map read by :func:`read_once`, ``once``, holding
    more than ``due``, "more than 2" / "多于 2": it was read no further)."""
    if once and len(read) > due:
        return f"more than {due}", f"多于 {due}"
    return f"{len(read)}", f"有 {len(read)}"


def _pick(nested: Any, index: tuple[int, ...]) -> Any:
    """``nested[i][j]…`` for ``index = (i, j, …)``: a list's entry or an array's alike."""
    for i in index:
        nested = nested[i]
    return nested


def _shape(e: Any) -> tuple[int, ...]:
    """The shape of an expected answer: an array's own, or a regular nested list's."""
    if hasattr(e, "shape"):
        return tuple(e.shape)
    if isinstance(e, Sequence) and not isinstance(e, str):
        return (len(e), *(_shape(e[0]) if len(e) else ()))
    return ()


def _one_number(what: str, got: Any, expected: Any, said: str | None = None) -> None:
    """A numpy number (shape ()) where an array is due: told as the number it is ("an
    array of shape ()" it is not, to a student), and as the sum of the entries when it is
    that (a sum over the index that should have stayed); a 0-d array of something that is
    not a number is left to the caller. A complex number is told it is complex (float()
    of numpy's warns and drops the imaginary part)."""
    want = _shape(expected)
    z = _complex(got)
    if z is not None:
        tail = _complex_cause() + ("" if said is None else msg(en=f"; {said}", zh=f"；{said}"))
        _not_of_shape(
            what, want, f"one complex number {_shown(z)}", f"得到的却只是一个复数 {_shown(z)}", tail
        )
    # numpy's or a library's number, never a duration or a date (numpy's float() of
    # np.timedelta64(3) is its count, 3) nor a student's object's float()
    number = real_number(got)
    value = library_number(got) if number is None else float(number)
    if value is None:
        return
    entries = [float(entry) for entry in _flat(expected)]
    hint = ""
    if len(entries) > 1 and math.isclose(value, sum(entries), rel_tol=1e-9, abs_tol=1e-15):
        hint = msg(
            en=" (the sum of the entries: each entry is asked for, not their sum)",
            zh="（这是各项之和：要的是每一项，而不是它们的和）",
        )
    if said is not None:
        hint += msg(en=f"; {said}", zh=f"；{said}")
    _not_of_shape(what, want, f"one number {value:.10g}", f"得到的却只是一个数 {value:.10g}", hint)


def _complex(got: Any) -> complex | None:
    """``got`` as a complex number if it is one (Python's, numpy's, a 0-d complex array),
    else None."""
    if isinstance(got, complex):
        return complex.__pos__(got)  # a class(complex) of the student's: its number, not its code
    if isinstance(got, (np.generic, np.ndarray)) and numpy_kind(got) == "c":
        return complex(np.asarray(got)[()])  # numpy's own number, not a subclass's code
    z = library_scalar(got)  # a library's complex array or tensor (torch's float() raised)
    return z if type(z) is complex else None


def _shown(z: complex) -> str:
    """A complex number as the messages show numbers: 10 digits, ``1.5+2j``."""
    return f"{z.real:.10g}{z.imag:+.10g}j"


def _complex_cause() -> str:
    """What a complex answer means, in this copy's language, in parentheses."""
    return msg(
        en=" (the answer is a real number; in Python a negative number raised to a fractional "
        "power is complex: (-2.0) ** 0.5 is about 1.414j)",
        zh="（答案是实数；负数的分数次幂是复数：(-2.0) ** 0.5 约为 1.414j）",
    )


def _flat(nested: Any) -> list[Any]:
    """The numbers of a nested list or an array, in order."""
    if _nested(nested):
        return [number for part in nested for number in _flat(part)]
    return [nested]


def _nested(value: Any) -> bool:
    """Is ``value`` a list, a tuple or a numpy array of at least one axis (not a string,
    not a numpy number, whose shape is ()): what :func:`expect_close_all` walks into?"""
    form = numpy_form(value)
    return (isinstance(value, Sequence) and not isinstance(value, str)) or (
        form is not None and form[0] != ()
    )


def _wrong_shape(
    what: str, shape: tuple[int, ...], want: tuple[int, ...], said: str | None = None
) -> NoReturn:
    hint = ""
    if len(shape) > len(want):  # more axes than asked for: numpy broadcast two of them
        hint = msg(en=" (broadcasting?)", zh="（是不是广播了？）")
    if said is not None:  # the caller's word on this array's shape
        hint += msg(en=f"; {said}", zh=f"；{said}")
    _not_of_shape(what, want, f"an array of shape {shape}", f"得到形状 {shape} 的数组", hint)


def _not_of_shape(what: str, want: tuple[int, ...], got: str, got_zh: str, tail: str) -> NoReturn:
    """The Mistake of an answer that is not of the shape ``want``: what it is instead,
    ``got`` in English and ``got_zh`` in Chinese (from "得到"), then ``tail`` (a hint,
    the caller's word), in this copy's language."""
    if len(want) == 1:
        due, due_zh = f"a vector of length {want[0]}", f"长度 {want[0]} 的向量"
    else:
        due, due_zh = f"an array of shape {want}", f"形状 {want} 的数组"
    raise Mistake(
        msg(
            en=f"{what}: expected {due}, got {got}{tail}",
            zh=f"{what}：应为{due_zh}，{got_zh}{tail}",
        )
    )


def _at(index: tuple[int, ...]) -> str:
    return f"[{', '.join(map(str, index))}]" if index else ""


#: How the notebooks' stubs start their NotImplementedError (or they give no words).
STUB_WORDS = ("your turn", "轮到你了")


class Verdict(int):
    """What :func:`check` returns: 1 when every case passed, 0 when the exercise is not
    written yet — true or false, equal to True or False, and shown as them.

    A notebook's check cell ends with the check's call, and Jupyter showed the value of
    that last line, a bare ``True`` or ``False``, under the message the check had
    printed. A Verdict shows nothing there (``_ipython_display_``): the message is the
    verdict. A bool cannot be subclassed, so it is an int, as True and False are.
    """

    def __repr__(self) -> str:
        return repr(bool(self))

    def __str__(self) -> str:
        return repr(bool(self))

    def _ipython_display_(self) -> None:
        """Show nothing: the check has printed its verdict above."""


def check(title: str, attempt: Callable[[], None]) -> Verdict:
    """Run one exercise's checks and print the verdict a student reads.

    ``title`` is already in this copy's language (``msg(en=..., zh=...)`` at the call).
    Only the stub's own ``NotImplementedError`` (no words, or :data:`STUB_WORDS`) means
    "not written yet": one a student's code raises for a case it leaves out is a
    mistake. Any other error on the way — the student's code failing, or giving
    something the check cannot use (None from a forgotten return, an array of the
    wrong shape) — is a :class:`Mistake` too, naming the exercise, where it was a
    bare Python traceback.

    A Mistake is raised without the frames under this one (``attempt``, its helpers,
    :func:`call`): they said nothing to a student and pushed the message, and the line
    of the student's own code it names, below a screenful of the checker's code.
    """
    try:
        attempt()
    except NotImplementedError as exc:
        words = str(exc)
        if not words or words.startswith(STUB_WORDS):
            print(
                msg(
                    en=f"… {title}: not written yet — fill in the cell above and run it again.",
                    zh=f"… {title}：还没有写——在上面的单元格里写好，再运行一次。",
                )
            )
            return Verdict(False)
        raise Mistake(
            msg(
                en=f"{title}: your code raised NotImplementedError({short(words)}); the check "
                "tries every case the exercise asks for",
                zh=f"{title}：你的代码抛出了 NotImplementedError({short(words)})；"
                "检验会逐一尝试练习要求的每种情形",
            )
        ) from exc
    except Mistake as mistake:
        # the verdict, without the frames under this one (IPython leaves out the rest of
        # the checker's: Mistake._render_traceback_); a cause it names is kept
        raise mistake.with_traceback(None) from mistake.__cause__
    except AssertionError:  # a check's own oracle failing (the library's fault, as
        raise  # nb00's witness says): never blamed on the student, shown in full
    except Exception as exc:  # the traceback above this one shows where it happened
        raise Mistake(
            msg(
                en=f"{title}: stopped with {type(exc).__name__} (the error above says where "
                "and why; did a function forget to return, or return another kind of thing?)",
                zh=f"{title}：运行中出错，{type(exc).__name__}（详情见上方的报错信息；"
                "是不是函数忘了写 'return'，或者返回了别的类型？）",
            )
        ) from exc
    print(f"{PASSED} {title}")
    return Verdict(True)


def returned_items(what: str, got: Any, count: int, described: tuple[str, str]) -> list[Any]:
    """The answer as a list of ``count`` entries (numbers, arrays), or a Mistake saying
    what came back.

    ``list(got)`` was the first thing done with an answer: None (no return), one number
    (the last gradient only) or a string stopped the check with a bare TypeError, and a
    dict was taken for its keys. A dict is shown, or its keys where it is too long for a
    line (a dict of arrays, whose lines of numbers buried the message). ``described`` is
    what is due, in English and in Chinese.

    A list or a tuple (a class of the student's made from one too) is read by list's and
    tuple's own iteration, and a dict's keys by dict's: ``list(got)`` ran a class's own
    ``__iter__``, the student's code, inside the checker (an error of it stopped the check
    as the checker's own). An array, a range or a deque is read by its type
    (:func:`~.reading.length`, :func:`~.reading.entries`), its length told as it is
    ("got 5"). Any other iterable (a generator, a map, a class of the student's) is read
    through :func:`call` as far as one entry more than due: its code is the student's,
    timed and told as theirs.
    """
    en, zh = described
    if got is None:
        raise Mistake(
            msg(
                en=f"{what}: expected {en}, got None: {_no_return()}",
                zh=f"{what}：应返回{zh}，得到的是 None：{_no_return()}",
            )
        )
    if isinstance(got, Mapping):
        shown = short(got)
        # a mappingproxy (a class's __dict__, types.MappingProxyType) is named as its own
        # type, its keys read off the dict it shows (it read "a dict", shown whole)
        inner = gc.get_referents(got) if type(got) is types.MappingProxyType else [got]
        a_dict, a_dict_zh = "a dict", "一个字典"
        kind, kind_zh = a_dict, a_dict_zh  # before the mapping shown, which names its type
        if type(got) is types.MappingProxyType:
            a_dict, a_dict_zh = "a mappingproxy", "一个只读映射 types.MappingProxyType"
            kind, kind_zh = "a read-only mapping", "一个只读映射"  # "mappingproxy({…})"
        elif not isinstance(got, dict):  # a Mapping of the student's, a ChainMap: no dict
            a_dict, a_dict_zh = kind, kind_zh = "a mapping", "一个映射"
        # a dict of arrays: its keys say enough, read as a dict's (not its own __iter__)
        if (
            len(inner) == 1
            and isinstance(inner[0], dict)
            and ("\n" in shown or len(shown) > LONGEST_LINE)
        ):
            keys = short([*dict.__iter__(inner[0])])[1:-1]  # "'w', 'b'", many cut with "..."
            raise Mistake(
                msg(
                    en=f"{what}: expected {en} in a tuple or a list, got {a_dict} with the "
                    f"keys {keys}",
                    zh=f"{what}：应以元组或列表返回{zh}，得到的是{a_dict_zh}，键为 {keys}",
                )
            )
        raise Mistake(
            msg(
                en=f"{what}: expected {en} in a tuple or a list, got {kind} {shown}",
                zh=f"{what}：应以元组或列表返回{zh}，得到的是{kind_zh} {shown}",
            )
        )
    if (  # read off the types: a class of the student's __getattr__ is their code
        isinstance(got, (str, bytes, np.generic))
        or (isinstance(got, np.ndarray) and got.ndim == 0)
        or not hasattr(type(got), "__iter__")
    ):
        raise Mistake(
            msg(
                en=f"{what}: expected {en} in a tuple or a list, got {short(got)} alone",
                zh=f"{what}：应以元组或列表返回{zh}，得到的却只是 {short(got)}",
            )
        )
    if isinstance(got, (list, tuple)):  # its entries, not a class(list)'s own __iter__
        numbers = [*(list.__iter__(got) if isinstance(got, list) else tuple.__iter__(got))]
    else:
        # an answer whose length is known is told it ("got 5"): an array, a range, a
        # deque by their types (read "more than 3", as a generator's is); a set, a class
        # of the student's by its own len(), their code, timed and told as theirs
        size = length(got)
        if size is None and type(got) not in _READ_ONCE and hasattr(type(got), "__len__"):
            size = call(what, lambda: len(got))
        if size is not None and size != count:
            raise Mistake(
                msg(
                    en=f"{what}: expected {en}, got {size}",
                    zh=f"{what}：应返回{zh}，实际返回了 {size} 个",
                )
            )
        # its entries (a generator's, an iterable of the student's: their code, timed and
        # told) as far as one more than due, as read_once reads: a generator that never
        # ends ran the whole time limit, and map(float, itertools.count()) is never
        # stopped by it (C code alone), filling memory until a MemoryError
        read = entries(got) if size is not None else None
        numbers = (
            read
            if read is not None
            else call(what, lambda: _taken(got, count + 1), known=_cut_short())
        )
        if len(numbers) > count:
            raise Mistake(
                msg(
                    en=f"{what}: expected {en}, got more than {count}",
                    zh=f"{what}：应返回{zh}，实际返回的多于 {count} 个",
                )
            )
    if len(numbers) != count:
        raise Mistake(
            msg(
                en=f"{what}: expected {en}, got {len(numbers)}",
                zh=f"{what}：应返回{zh}，实际返回了 {len(numbers)} 个",
            )
        )
    return numbers
