"""Ctrl-C at every point of a call, for the tests of what an interrupt leaves behind.

A KeyboardInterrupt lands between two bytecodes, usually just after a call returns.
:func:`interrupted` raises one at the n-th profiler event of a call — a call, a return,
a C call or its return — in the library's code or on a return into it; a test runs it
for n = 1, 2, 3, … until the call gets through, and checks each time that nothing was
left half done.

Not at a generator's yield, though: raised at that "return" event, the exception ends
the generator without running its ``finally`` blocks, which no real interrupt can do
(one lands in the consumer after the yield, and the suspended generator is closed,
its ``finally`` run, when it is let go).
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from types import CodeType, FrameType

__all__ = ["interrupted"]


def _inside(frame: FrameType | None, modules: tuple[str, ...]) -> bool:
    return frame is not None and str(frame.f_globals.get("__name__")).startswith(modules)


def interrupted(
    run: Callable[[], object],
    n: int,
    modules: tuple[str, ...] = ("nn.",),
    after: CodeType | None = None,
) -> bool:
    """Call ``run()`` with a KeyboardInterrupt raised at its n-th profiler event in the
    modules whose names start with ``modules`` (or on a return into them), counting
    only from the first call of ``after`` when given. True if it was interrupted; False
    if it got through (it had fewer than n such events). The hook drops out after
    raising, and the profiler the caller had is put back."""
    seen = 0
    started = after is None

    def hook(frame: FrameType, event: str, arg: object) -> None:
        nonlocal seen, started
        if not started:
            started = event == "call" and frame.f_code is after
            if not started:
                return
        if not (_inside(frame, modules) or (event == "return" and _inside(frame.f_back, modules))):
            return
        if event == "return" and frame.f_code.co_flags & inspect.CO_GENERATOR:
            return  # a yield (see above)
        seen += 1
        if seen == n:
            raise KeyboardInterrupt

    previous = sys.getprofile()
    sys.setprofile(hook)
    try:
        run()
    except KeyboardInterrupt:
        return True
    finally:
        sys.setprofile(previous)
    return False
