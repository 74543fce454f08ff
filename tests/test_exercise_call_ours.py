"""exercises.call and its time limit, where the error or the alarm is not the student's.

The time limit's alarm going off just as the block ends (a function that runs to the
limit) left the limit's handler of SIGALRM in place: every later limit found the timer
taken, and ran without one.
"""

from __future__ import annotations

import signal
from types import SimpleNamespace
from typing import Any

import editions
import pytest


def test_the_handler_is_put_back_when_the_alarm_goes_off_as_the_block_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The alarm delivered between the end of the block and the timer's stop: its
    TooLong is raised where the timer is stopped, and the handler must be put back."""
    limit = editions.package("en").limit

    def setitimer(which: int, seconds: float) -> Any:
        if seconds == 0:  # the limit's own handler runs first: the alarm was due
            raise limit.TooLong(limit.SECONDS)
        return signal.setitimer(which, seconds)

    fake = SimpleNamespace(**{name: getattr(signal, name) for name in dir(signal)})
    fake.setitimer = setitimer
    monkeypatch.setattr(limit, "signal", fake)
    try:
        with pytest.raises(limit.TooLong), limit.time_limit(30):
            pass
        left = signal.getsignal(signal.SIGALRM)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
    assert left == signal.SIG_DFL, left
