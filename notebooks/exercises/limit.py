"""A time limit on a student's function, so that a loop that never stops ends in words.

A loop whose stopping rule is never met (``while len(xs) != steps`` that steps past it,
``while h > 0`` that halves h towards a floor) left the notebook's cell running with no
message at all; interrupting it showed a KeyboardInterrupt traceback through the
checker's frames. :func:`time_limit` stops the function after :data:`SECONDS` with
:class:`TooLong`, which :func:`exercises.call` tells as a loop that did not stop, naming
the line it was on.

The limit uses the process's real-time timer (``signal.setitimer``), which only the
main thread can set and only where the platform has one (not on Windows), and only
where nobody else uses it (a handler of SIGALRM set, or a timer already running): there
the function runs as before, without a limit, and an interrupt is still told in words.

A bare ``except:`` (or ``except BaseException:``) in the student's loop catches TooLong
as it catches everything. Past the limit the timer goes off again every :data:`AGAIN`
seconds, each time raising TooLong where the loop is then: one that lands outside the
``try`` (the loop's own test, its jump back) stops it. CPython raises it at its next
check for signals, though, and a loop that spends all its time in the ``try``'s calls
can catch every one — as it catches the student's Ctrl-C: only restarting the kernel
stops that loop. A student's own ``signal.setitimer`` or SIGALRM handler inside the
function replaces the limit's for the rest of the call (the notebooks use neither).
"""

from __future__ import annotations

import signal
import threading
from types import FrameType

__all__ = ["AGAIN", "SECONDS", "TooLong", "time_limit"]

#: How long one call of a student's function may run: every case of every exercise takes
#: well under a second with a right answer (or a wrong one that stops).
SECONDS = 20.0
#: Past the limit, how often TooLong is raised again, for a loop that caught it.
AGAIN = 0.02


class TooLong(BaseException):
    """The student's function ran past the time limit. A BaseException, as
    KeyboardInterrupt is: a student's ``except Exception`` around the loop does not
    swallow it."""


class time_limit:
    """Run the block with a limit of ``seconds`` (:data:`SECONDS` if None), raising
    :class:`TooLong` where it runs over; no limit where the timer cannot be had.

    Leaving the block stops the timer and puts SIGALRM's handler back. Past the limit the
    alarm goes off every :data:`AGAIN` seconds, and one that went off as the block was
    left was raised at the first line of the exit, before it stopped the timer: the
    timer then went on going off, every 0.02 s, in whatever code ran next (the test
    runner's, the notebook kernel's own), as long as anything held that TooLong (the
    Mistake a check raises does: as its context). An alarm is not raised in the exit
    now, nor in the entry once the timer is set (a with statement whose entry raises
    never runs its exit).
    """

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = SECONDS if seconds is None else seconds
        self.armed = False

    def __enter__(self) -> None:
        if not _timer_free():
            return
        limit = self.seconds

        def stop(signum: int, frame: FrameType | None) -> None:
            while frame is not None:  # their frames, or a call they make (signal.signal)
                if frame.f_code in _ARMING:
                    return  # the block is being entered or left: not the student's code
                frame = frame.f_back
            raise TooLong(limit)

        signal.signal(signal.SIGALRM, stop)
        self.armed = True
        signal.setitimer(signal.ITIMER_REAL, limit, AGAIN)

    def __exit__(self, *exc: object) -> None:
        if not self.armed:
            return
        self.armed = False
        # the timer is stopped and the handler put back whatever raises here (a Ctrl-C;
        # the alarm itself does not, see above), and that error raised then: a handler
        # left set made every later limit off
        late: TooLong | KeyboardInterrupt | None = None
        while True:
            try:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, signal.SIG_DFL)
                break
            except (TooLong, KeyboardInterrupt) as error:
                late = error
        if late is not None:
            raise late


#: The code of the entry and the exit: an alarm that goes off in them is not raised.
_ARMING = frozenset({time_limit.__enter__.__code__, time_limit.__exit__.__code__})


def _timer_free() -> bool:
    """Can this thread set the real-time timer without taking it from someone else?"""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        return False
    if signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, None):
        return False  # someone's handler (or a limit of ours around this one)
    return signal.getitimer(signal.ITIMER_REAL)[0] == 0
