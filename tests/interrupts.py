"""Ctrl-C at every point of a call, for the tests of what an interrupt leaves behind.

CPython raises a KeyboardInterrupt only where its eval loop checks for signals: as a
frame starts (or a generator resumes), just after a call returns — of anything: a C
function, a type such as ``deque``, a ufunc — and at a loop's backward jump; never in
the middle of a C call that does not block (so ``deque(map(setattr, …))`` cannot be
split). :func:`interrupted` raises one at the n-th such point, found by tracing opcodes,
in the library's code and in the helpers it calls directly (``contextlib``'s
``__enter__``, numpy's ``errstate``). It over-reaches a little — after a call into
Python code, where CPython does not check, and at a frame a generator's ``close()``
starts — which makes the tests stricter, not weaker. A test runs it for n = 1, 2, 3, …
until the call gets through, and checks each time that nothing was left half done —
while the interrupt, and its traceback, are still alive, as a notebook keeps the last
one (a frame in the traceback keeps what it refers to, a suspended generator say, from
being cleaned up).

Python 3.10 leaves a frame without running its ``finally`` blocks when a tracer raises
in the ``call`` event, which for a resumed generator is a frame already inside its
``try``: there the interrupt is raised at the first event of the resumed frame instead
(its first line or opcode, or the exception a ``close()`` or ``throw()`` brings in) —
the same point of the generator's code, where 3.10 unwinds the frame as CPython's own
check would, and as 3.11 on does for an interrupt at the resume.

Each run has a copy of the test's context: a setting an interrupt leaves switched
(numpy's error state, gradient recording) stays in that copy, for the test to look at,
and out of the other tests.
"""

from __future__ import annotations

import contextvars
import dis
import sys
from collections.abc import Callable
from dataclasses import dataclass
from types import CodeType, FrameType
from typing import Any

__all__ = ["Interrupt", "interrupted"]

#: The calls after which CPython checks for signals, as Python 3.10 to 3.13 spell them
#: (a backward jump, the other check, is seen as control going back).
CALLS = frozenset(
    {"CALL", "CALL_KW", "CALL_FUNCTION", "CALL_FUNCTION_KW", "CALL_FUNCTION_EX", "CALL_METHOD"}
)

#: The helpers whose own frames count when the library calls them directly (other
#: Python code — a garbage-collector callback a test framework set, say — does not).
HELPERS = ("contextlib", "numpy")


@dataclass
class Interrupt:
    """An interrupted run: the KeyboardInterrupt that reached the caller, with its
    traceback, or None if the code swallowed it (printed as "Exception ignored" by a
    finalizer, say) — the run was interrupted all the same; and the context it ran in."""

    error: KeyboardInterrupt | None
    context: contextvars.Context
    #: Where it was raised: the module and the name of the function.
    where: tuple[str, str] | None = None


_NAMES: dict[CodeType, dict[int, str]] = {}


def _opname(code: CodeType, offset: int) -> str | None:
    """The instruction at ``offset``; an EXTENDED_ARG stands for the instruction it
    extends (the tracer reports no event for that one, and ``f_lasti`` stays on the
    prefix)."""
    names = _NAMES.get(code)
    if names is None:
        names = _NAMES[code] = {}
        prefixes: list[int] = []
        for i in dis.get_instructions(code):
            if i.opname == "EXTENDED_ARG":
                prefixes.append(i.offset)
                continue
            for offset in (*prefixes, i.offset):
                names[offset] = i.opname
            prefixes = []
    return names.get(offset)


def _inside(frame: FrameType | None, modules: tuple[str, ...]) -> bool:
    return frame is not None and str(frame.f_globals.get("__name__")).startswith(modules)


def interrupted(
    run: Callable[[], object],
    n: int,
    modules: tuple[str, ...] = ("nn.",),
    after: CodeType | None = None,
) -> Interrupt | None:
    """Call ``run()`` with a KeyboardInterrupt raised at its n-th check for signals (see
    above) in the modules whose names start with ``modules`` or in a function they
    call, counting only from the first call of ``after`` when given. None if the run
    had fewer than n such points; else the :class:`Interrupt` — keep it while checking
    what the run left. The tracer the caller had is put back."""
    seen = 0
    started = after is None
    last: dict[FrameType, int | None] = {}
    resumed: set[FrameType] = set()  # Python 3.10: generators whose resume is pending
    where: tuple[str, str] | None = None

    def point(frame: FrameType) -> None:
        nonlocal seen, where
        if started:
            seen += 1
            if seen == n:
                where = str(frame.f_globals.get("__name__")), frame.f_code.co_name
                raise KeyboardInterrupt

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        if frame in resumed:  # its first event since it resumed (see above)
            resumed.discard(frame)
            point(frame)
        if event == "exception":  # unwinding: no check until the next call or jump
            last[frame] = None
        elif event == "return":
            last.pop(frame, None)
        elif event == "opcode":
            before = last.get(frame)
            last[frame] = frame.f_lasti
            if before is not None and (
                frame.f_lasti <= before or _opname(frame.f_code, before) in CALLS
            ):
                point(frame)  # just after a call, or a jump back
        return local

    def enter(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal started
        if not (
            _inside(frame, modules) or (_inside(frame, HELPERS) and _inside(frame.f_back, modules))
        ):
            return None
        started = started or frame.f_code is after
        frame.f_trace_opcodes = True  # (frames begun before it count from then on)
        last.pop(frame, None)
        if sys.version_info < (3, 11) and frame.f_lasti >= 0:
            resumed.add(frame)  # a generator resumes: raised at its first event
        else:
            point(frame)  # the frame starts (or a generator resumes)
        return local

    context = contextvars.copy_context()
    previous = sys.gettrace()
    sys.settrace(enter)
    try:
        context.run(run)
    except KeyboardInterrupt as error:
        return Interrupt(error, context, where)
    finally:
        sys.settrace(previous)
        last.clear()  # the frames (and the run's objects they hold) go when unused
        resumed.clear()
    return Interrupt(None, context, where) if seen >= n else None
