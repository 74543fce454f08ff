"""Threads a test runs at once, in lockstep: a failure in one of them shows at once.

A test that makes two threads meet (a barrier, or events one sets and the other waits
for) waited out the others' timeouts when one thread raised before its meeting point —
120 s, after which the test failed on a missing result or a broken barrier, not on the
thread's error (printed by threading's hook, if seen at all). :func:`together` releases
every meeting point as soon as any thread raises (a barrier aborted, an event set) and
raises that first error in the test itself.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["together"]

#: how long the other threads are given to end once one has failed
GRACE = 5.0

#: a meeting point: a barrier is aborted, an event set, when a thread fails
Meeting = threading.Barrier | threading.Event


def together(
    *calls: Callable[[], Any],
    names: Sequence[str | None] = (),
    meetings: Sequence[Meeting] = (),
    timeout: float = 120.0,
) -> list[Any]:
    """What each of ``calls`` returns, each called in a thread of its own (named by
    ``names``, in order, where one is given), all started before any is joined.

    The first exception any of them raises releases every one of ``meetings``, so that
    the others stop waiting, and is raised here once every thread has ended (or
    :data:`GRACE` seconds later). A thread still running ``timeout`` seconds after the
    start, with none failed, is an AssertionError naming it.
    """
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []  # in the order they happened: the first is the cause
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            results[i] = calls[i]()
        except BaseException as exc:
            with lock:
                errors.append(exc)
            for meeting in meetings:
                if isinstance(meeting, threading.Barrier):
                    meeting.abort()
                else:
                    meeting.set()

    threads = [
        threading.Thread(target=run, args=(i,), name=names[i] if i < len(names) else None)
        for i in range(len(calls))
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    # (one is_alive() answer for the test and the join: the last thread ending between a
    # test of any() and a next() of the living made next() raise StopIteration)
    while (alive := [t for t in threads if t.is_alive()]) and time.monotonic() < deadline:
        if errors:  # the others released: a few seconds to end, not the whole timeout
            deadline = min(deadline, time.monotonic() + GRACE)
        alive[0].join(timeout=0.05)
    if errors:
        raise errors[0]
    stuck = [thread.name for thread in threads if thread.is_alive()]
    assert not stuck, f"threads still running after {timeout:g} s: {stuck}"
    return results
