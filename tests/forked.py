"""A child process forked while another thread holds a lock, for the tests of locks a
forked child must be able to take (tests/test_locks.py, tests/test_one_trainer.py).

``os.fork()`` copies only the forking thread: a lock another thread holds at that moment
is copied as held, by a thread the child does not have.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

__all__ = ["forked_while_held"]


def forked_while_held(lock: threading.Lock, child: Callable[[], bool]) -> int:
    """The exit status of a child forked while another thread holds ``lock``; the
    child runs ``child()`` and exits 0 if it returns True. ``child`` bounds its own
    wait: the parent waits for the child to end."""
    held, done = threading.Event(), threading.Event()

    def hold() -> None:
        with lock:
            held.set()
            done.wait(30)

    t = threading.Thread(target=hold)
    t.start()
    try:
        assert held.wait(10)
        pid = os.fork()
        if pid == 0:  # the child: never back into pytest
            try:
                os._exit(0 if child() else 1)
            finally:
                os._exit(2)
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status)
    finally:
        done.set()
        t.join()
