"""The hook a recording ``trace`` or a function transform sets to hear each read of a
Value's number (``float(v)``, ``if v:``, ``v < w``, ``no_grad()`` entered, …).

Its own module so that :mod:`autograd_mini.value` (which reads it at each such read) and
:mod:`autograd_mini.grad_mode` (whose ``no_grad()`` tells it a stop) both import it, and
neither imports the other. ``autograd_mini.value`` imports its names back: code that
reads ``autograd_mini.value.READ_WATCH`` is unchanged.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, NoReturn

if TYPE_CHECKING:
    from autograd_mini.value import Value

__all__ = ["READ_WATCH", "ReadKind", "ReadWatch", "unknown_read"]

#: Set by ``trace`` while it records and by a function transform while its ``f`` runs
#: (per thread and task, as grad mode): called with a Value about to be read as a number
#: (``float(v)``, ``if v:``, ``v < w``; a leaf's ``.grad`` when a gradient graph stands
#: behind it) and how, or with None when ``no_grad()`` is entered, it refuses what the
#: caller could not follow (autograd_mini.trace.reads, autograd_mini.transform_reads).
#: The third argument is the kind of read: "branch" (``if v:``, ``v < w``: only a choice
#: is made), "number" (``float(v)``: the number is handed on), "grad" (a ``.grad`` whose
#: gradient graph stands behind it, after ``backward(create_graph=True)``; a pass giving
#: the Value's gradients as floats: ``backward()``, ``gradients()``) or "stop"
#: (``no_grad()`` entered, given with None: what follows records no graph) or
#: "derivative" (a rule on Values about to give a constant its branch on the Value's
#: number chose — tanh's slope 0 where 2a overflows —, ``how`` saying which and why) or
#: "copy" (``copy.copy``, ``copy.deepcopy`` or ``pickle`` of the Value, or of a list or
#: a model holding it: the copy is a new graph, its leaves the numbers they had).
#: Each watcher words its own advice for each kind, matching every one
#: (:func:`unknown_read`) — a transform lets a branch, a stop and a derivative through,
#: a trace refuses them.
ReadKind = Literal["branch", "number", "grad", "stop", "derivative", "copy"]
ReadWatch = Callable[["Value | None", str, ReadKind], None]
READ_WATCH: contextvars.ContextVar[ReadWatch | None] = contextvars.ContextVar(
    "autograd_mini_read_watch", default=None
)


def unknown_read(kind: NoReturn) -> NoReturn:
    """A read watcher's last case, after one per :data:`ReadKind`: mypy accepts the call
    only where every kind was matched, so a kind added to ``ReadKind`` is a type error in
    each watcher that does not say what to do with it."""
    raise AssertionError(f"a read of unknown kind {kind!r}")
