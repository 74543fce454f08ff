"""Locks a forked child can take.

``os.fork()`` copies a process with only the thread that forked: a lock another thread
held at that moment stays held in the child for ever, and the child's first ``with``
on it waits for ever (a ``multiprocessing`` worker forked while a thread of the parent
was writing a leaf, registering an op or probing a font). :func:`fork_safe` makes a
module's lock free again in the child, as the standard library does for its own
(``logging``, ``threading``): the data it guards is only as the forking thread left it,
which for these locks (a counter, a table written under one short step) is whole.
"""

from __future__ import annotations

import os
from typing import TypeVar

__all__ = ["fork_safe"]

_L = TypeVar("_L")


def fork_safe(lock: _L) -> _L:
    """``lock``, made free again in a forked child; for a lock that lives as long as the
    process (a module's: the fork hook keeps it for ever)."""
    reinit = getattr(lock, "_at_fork_reinit", None)  # CPython's Lock and RLock (3.9+)
    if reinit is not None and hasattr(os, "register_at_fork"):  # (no fork on Windows)
        os.register_at_fork(after_in_child=reinit)
    return lock
