"""The checks' time limit is off once its block is left, whenever its alarm goes off.

Past the limit the alarm goes off every ``limit.AGAIN`` seconds (a bare ``except:`` in a
student's loop catches one). One that went off as the block was being left — the
process paused for 20 ms there, on a loaded machine — was raised at the first line of
the exit, before the exit stopped the timer: the timer went on going off, in pytest's
own code (an INTERNALERROR, seen once running test_exercises_played_nb00_nb07.py beside
two busy processes) or in a notebook kernel's, for as long as the Mistake the check
raised was kept (it holds that TooLong as its context; IPython keeps the last error).

The pause cannot be made to happen on demand: a trace function sends the alarm, through
the handler the limit set, at the moment the exit's frame starts, with that frame, as
CPython does when a signal arrives there.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from types import FrameType
from typing import Any

import editions
import pytest


def _stop_the_timer(limit: Any) -> None:
    """Stop a timer left going off, whatever it raises meanwhile."""
    while True:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
            return
        except limit.TooLong:
            continue


@pytest.fixture
def limit(short_limit: float, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The English checks' limit module, its alarm going off once in the test's time (the
    trace function sends the one after), and the timer stopped whatever the test did."""
    module = editions.package("en").limit
    monkeypatch.setattr(module, "AGAIN", 60.0)
    before = sys.gettrace()
    try:
        yield module
    finally:
        sys.settrace(before)
        _stop_the_timer(module)


def _alarm_at_the_exit(frame: FrameType, event: str, arg: object) -> None:
    """A trace function: the alarm goes off as the next ``__exit__`` starts."""
    if event == "call" and frame.f_code.co_name == "__exit__":
        sys.settrace(None)
        handler = signal.getsignal(signal.SIGALRM)
        assert callable(handler)
        handler(signal.SIGALRM, frame)


def test_an_alarm_as_the_block_is_left_does_not_keep_going_off(limit: Any) -> None:
    exercises = editions.package("en")

    def caught_then_returns() -> int:
        try:
            while True:
                pass
        except limit.TooLong:  # a bare except in the student's loop
            pass
        sys.settrace(_alarm_at_the_exit)
        return 1

    try:
        outcome: object = exercises.call("caught_then_returns()", caught_then_returns)
    except exercises.Mistake as mistake:
        outcome = mistake  # kept, as IPython keeps the last error
    timer = signal.getitimer(signal.ITIMER_REAL)
    handler = signal.getsignal(signal.SIGALRM)
    _stop_the_timer(limit)
    assert timer == (0.0, 0.0), f"the timer still runs after the call: {timer}, {outcome!r}"
    assert handler is signal.SIG_DFL
    assert outcome == 1  # the function returned; its answer is checked as any other


def test_the_alarm_inside_the_block_is_still_raised(limit: Any) -> None:
    with pytest.raises(limit.TooLong), limit.time_limit():
        while True:
            pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL


def test_a_ctrl_c_as_the_timer_is_stopped_still_puts_the_handler_back(
    limit: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The exit stops the timer, then puts SIGALRM's handler back: a Ctrl-C landing
    between the two left the limit's handler set, and with it every later limit off (a
    handler of SIGALRM is taken for someone else's timer). Here the Ctrl-C comes as the
    timer has just been stopped."""
    real, pressed = signal.setitimer, [False]

    def stopped_then_pressed(which: int, seconds: float, *again: float) -> Any:
        before = real(which, seconds, *again)
        if seconds == 0 and not pressed[0]:  # once: a student presses it once
            pressed[0] = True
            raise KeyboardInterrupt
        return before

    with monkeypatch.context() as patched:
        patched.setattr(signal, "setitimer", stopped_then_pressed)
        with pytest.raises(KeyboardInterrupt), limit.time_limit():
            pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL
    with pytest.raises(limit.TooLong), limit.time_limit(0.05):  # the next limit holds
        while True:
            pass
