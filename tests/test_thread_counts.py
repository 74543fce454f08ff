"""The node count and the latest-write mark are shared by every thread: two threads that
share no Value must not disturb each other's gradients or staleness checks through them.

Each test stops one thread at the instant it stores the shared number (found by name
in the bytecode, so the test does not depend on line numbers) and lets the other thread
work meanwhile. Where the store happens under a lock the other thread waits, the pause
times out and both orders give the one right answer; where it did not, the interleaving
gave a gradient of 0, or let a stale graph through, without an error.
"""

from __future__ import annotations

import dis
import pickle
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import CodeType, FrameType
from typing import Any

import pytest

import autograd_mini.value as value_module
from autograd_mini import StaleGraph, Value

PAUSE = 1.0  # how long the paused thread waits for the other (when it can go on at all)
TIMEOUT = 30.0


def _stores(code: CodeType, name: str) -> set[int]:
    return {
        i.offset
        for i in dis.get_instructions(code)
        if i.opname == "STORE_GLOBAL" and i.argval == name
    }


@contextmanager
def pause_before_storing(
    name: str, stopped: threading.Event, go: threading.Event
) -> Iterator[None]:
    """In this thread, stop once just before the first store of the module global
    ``name`` of autograd_mini.value, until ``go`` is set or :data:`PAUSE` passes."""
    if sys.version_info >= (3, 12):
        with _monitoring_pause(name, stopped, go) as reached:
            yield
        assert reached(), f"the test never reached a store of {name}"
        return
    seen: dict[CodeType, set[int]] = {}
    done = False

    def tracer(frame: FrameType, event: str, arg: Any) -> Callable[..., Any] | None:
        if frame.f_globals is not vars(value_module):
            return None
        code = frame.f_code
        if code not in seen:
            seen[code] = _stores(code, name)
        if not seen[code]:
            return None
        frame.f_trace_opcodes = True

        def local(frame: FrameType, event: str, arg: Any) -> Callable[..., Any]:
            nonlocal done
            if not done and event == "opcode" and frame.f_lasti in seen[code]:
                done = True
                stopped.set()
                go.wait(PAUSE)
            return local

        return local

    sys.settrace(tracer)
    try:
        yield
    finally:
        sys.settrace(None)
    assert done, f"the test never reached a store of {name}"


@contextmanager
def _monitoring_pause(
    name: str, stopped: threading.Event, go: threading.Event
) -> Iterator[Callable[[], bool]]:
    """:func:`pause_before_storing` with ``sys.monitoring`` (Python 3.12+, where a frame
    whose ``f_trace_opcodes`` is set in its call event reports no opcodes the first
    time). Its events come from every thread: only this one's stops. Yields whether the
    store was reached."""
    monitoring = sys.monitoring  # type: ignore[attr-defined,unused-ignore]
    events = monitoring.events
    tool = next(i for i in range(6) if monitoring.get_tool(i) is None)
    me = threading.get_ident()
    seen: dict[CodeType, set[int]] = {}
    done = False

    def start(code: CodeType, offset: int) -> Any:
        if code.co_filename != value_module.__file__:
            return None
        if code not in seen:
            seen[code] = _stores(code, name)
            if seen[code]:
                monitoring.set_local_events(tool, code, events.INSTRUCTION)
        return None

    def instruction(code: CodeType, offset: int) -> Any:
        nonlocal done
        if not done and offset in seen.get(code, ()) and threading.get_ident() == me:
            done = True
            stopped.set()
            go.wait(PAUSE)
        return None

    monitoring.use_tool_id(tool, "pause_before_storing")
    try:
        monitoring.register_callback(tool, events.PY_START, start)
        monitoring.register_callback(tool, events.INSTRUCTION, instruction)
        monitoring.set_events(tool, events.PY_START)
        yield lambda: done
    finally:
        monitoring.set_events(tool, 0)
        for code in seen:
            monitoring.set_local_events(tool, code, 0)
        monitoring.register_callback(tool, events.PY_START, None)
        monitoring.register_callback(tool, events.INSTRUCTION, None)
        monitoring.free_tool_id(tool)


def test_unpickling_in_one_thread_keeps_another_threads_order() -> None:
    """A Value pickled in a process whose count ran 50 further moves this process's
    count past it; thread B builds its own graph meanwhile and passes that number on
    the old count. dz/dx of z = h² + h, h = x·1·…·1, at x = 3 is 2x + 1 = 7."""
    v = Value(1.0)
    v._seq = value_module.mark() + 50
    blob = pickle.dumps(v)
    stopped, go = threading.Event(), threading.Event()

    def unpickle() -> None:
        with pause_before_storing("_next_seq", stopped, go):
            pickle.loads(blob)

    a = threading.Thread(target=unpickle)
    a.start()
    assert stopped.wait(TIMEOUT)
    junk = [Value(0.0) * 1.0 for _ in range(100)]  # the old count passes the pickled seq
    x = Value(3.0, label="x")
    h = x
    for _ in range(20):
        h = h * 1.0
    go.set()
    a.join(TIMEOUT)
    z = h * h + h
    z.backward()
    assert x.grad == 7.0
    assert len(junk) == 100
    assert all(p._seq < z._seq for p in (x, h))


def test_a_write_in_one_thread_does_not_hide_another_threads_stale_graph() -> None:
    """Thread A writes its own leaf; thread B computes loss = w·w, writes w and calls
    backward without computing loss again: refused (README's StaleGraph case), whatever
    A did meanwhile."""
    stopped, go = threading.Event(), threading.Event()
    mine = Value(1.0, label="a's leaf")

    def write() -> None:
        with pause_before_storing("last_write", stopped, go):
            mine.data = 5.0

    a = threading.Thread(target=write)
    a.start()
    assert stopped.wait(TIMEOUT)
    w = Value(3.0, label="w")
    loss = w * w
    w.data = 4.0  # waits for A's lock where there is one
    go.set()
    a.join(TIMEOUT)
    with pytest.raises(StaleGraph):
        loss.backward()
