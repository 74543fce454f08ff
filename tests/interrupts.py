"""Ctrl-C at every point of a call, for the tests of what an interrupt leaves behind.

CPython raises a KeyboardInterrupt only where its eval loop checks for signals: as a
function starts (or a generator resumes), just after a call to a C function or a type,
and at a loop's backward jump — never inside a C call (so ``deque(map(setattr, …))``
cannot be split), nor as a Python function returns to its caller. :func:`interrupted`
raises one at the n-th of the first two kinds, as the profiler reports them (a "call"
event, a "c_return" event) in the library's code or in what it calls directly
(``contextlib``'s ``__enter__``, numpy's ``errstate``). It cannot see backward jumps,
nor the check after a call to a type (``deque(…)``, ``map(…)``, ``repeat(…)``: the
profiler reports calls to C functions only), so code there is checked by reading. A
test runs it for n = 1, 2, 3, … until the call gets through, and checks each time that
nothing was left half done — while the interrupt, and its traceback, are still alive, as
a notebook keeps the last one (a frame in the traceback keeps what it refers to, a
suspended generator say, from being cleaned up). Each run has a copy of the test's
context: a setting an interrupt leaves switched (numpy's error state, gradient
recording) stays in that copy, for the test to look at, and out of the other tests.
"""

from __future__ import annotations

import contextvars
import sys
from collections.abc import Callable
from dataclasses import dataclass
from types import CodeType, FrameType

__all__ = ["Interrupt", "interrupted"]


@dataclass
class Interrupt:
    """An interrupted run: the KeyboardInterrupt that reached the caller, with its
    traceback, or None if the code swallowed it (printed as "Exception ignored" by a
    finalizer, say) — the run was interrupted all the same; and the context it ran in."""

    error: KeyboardInterrupt | None
    context: contextvars.Context


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
    what the run left. The hook drops out after raising, and the profiler the caller
    had is put back."""
    seen = 0
    started = after is None

    def hook(frame: FrameType, event: str, arg: object) -> None:
        nonlocal seen, started
        if not started:
            started = event == "call" and frame.f_code is after
            if not started:
                return
        if event not in ("call", "c_return"):
            return  # see above
        if not (_inside(frame, modules) or _inside(frame.f_back, modules)):
            return
        seen += 1
        if seen == n:
            raise KeyboardInterrupt

    context = contextvars.copy_context()
    previous = sys.getprofile()
    sys.setprofile(hook)
    try:
        context.run(run)
    except KeyboardInterrupt as error:
        return Interrupt(error, context)
    finally:
        sys.setprofile(previous)
    return Interrupt(None, context) if seen >= n else None
