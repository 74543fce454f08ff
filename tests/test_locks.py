"""A module's lock held by another thread when the process forks is free in the child.

``os.fork()`` copies only the forking thread: a lock another thread held then stayed
held in the child, whose first use of it waited for ever (a ``multiprocessing`` worker
forked while the parent wrote a leaf in a thread). The oracle is the child itself: it
must take the lock, and do what the lock guards, within seconds.
"""

from __future__ import annotations

import importlib
import os
import threading

import pytest
from forked import forked_while_held

from autograd_mini import Value

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")

#: every lock a module of the library keeps for the life of the process
LOCKS = [
    ("autograd_mini.value", "_write_lock"),
    ("autograd_mini.ops", "_REGISTERING"),
    ("autograd_mini.render", "_drawable_lock"),
    ("autograd_mini.cli_words", "_install_lock"),
]


@pytest.mark.parametrize(("module", "name"), LOCKS)
def test_a_lock_held_by_another_thread_at_a_fork_is_free_in_the_child(
    module: str, name: str
) -> None:
    lock = getattr(importlib.import_module(module), name)

    def take() -> bool:
        got = bool(lock.acquire(timeout=5))
        if got:
            lock.release()
        return got

    assert forked_while_held(lock, take) == 0, f"{module}.{name} stayed held in the child"


def test_a_leaf_is_written_in_a_child_forked_during_another_thread_s_write() -> None:
    """What the lock guards works in the child: a leaf written, and backward after it
    (∂(x·x)/∂x = 2x, at x = 3)."""
    from autograd_mini import value

    def write() -> bool:
        done = threading.Event()
        result: list[float] = []

        def run() -> None:  # in a thread of the child: a hang is seen, not waited for
            x = Value(1.0)
            x.data = 3.0
            y = x * x
            y.backward()
            result.append(x.grad)
            done.set()

        threading.Thread(target=run, daemon=True).start()
        return done.wait(5) and result == [6.0]

    assert forked_while_held(value._write_lock, write) == 0


def test_every_lock_a_module_keeps_is_listed() -> None:
    """A lock added to a module later is made fork-safe and tested above too (nn's
    trainer table's lock is fork_safe as well, and its claims pruned in the child:
    tested in test_one_trainer.py)."""
    import pkgutil

    import autograd_mini
    import nn

    kinds = (type(threading.Lock()), type(threading.RLock()))
    found = set()
    for package in (autograd_mini, nn):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if info.name.endswith("__main__"):
                continue
            module = importlib.import_module(info.name)
            for name, value in vars(module).items():
                if isinstance(value, kinds):
                    found.add((info.name, name))
    assert found == {*LOCKS, ("nn.one_trainer", "_LOCK")}
