"""The replay as one straight-line Python function, generated from its groups.

Why: at small batches the replay's numpy work is small, and the Python around it — a
method call per group, a closure per read and per write, list lookups — was a third of
a batch (784-16-16-10, B = 1: 119 µs against 81 µs for the same numpy calls written out
by hand). So the replay is written out: each group emits its forward and backward
passes as lines of code (:meth:`~autograd_mini.trace.groups.Group.emit_forward`),
every read and write of a slot becomes an index expression, and the whole batch is one
function that calls nothing but the rules (51 Python calls a batch instead of 135), as
``torch.fx`` turns a graph into the source of a ``forward``.

The rules are still the op table's: the code calls them (and every other object it
needs — an index array, a constant, a layout's matrix product) by names bound in the
function's namespace. The source is built from fixed templates, the names made here
and integers only: no label, no number and no string from the user is ever part of it.
:attr:`~autograd_mini.trace.replay.Replay.source` keeps it, for reading.

The generated function computes the fast case: every number finite. It returns None
as soon as one is not, and the replay then runs its groups' own methods
(:meth:`~autograd_mini.trace.replay.Replay.forward`), which name the op, the node and
the sample, or send 0 where a zero gradient meets an infinite slope.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import numpy as np

from autograd_mini.numpy_backend import QUIET_NUMPY
from autograd_mini.trace.slots import Index, Take, Write

__all__ = ["Emitter", "shaped"]


def shaped(y: Any, shape: tuple[int, int], dtype: Any) -> Any:
    """``y`` as a ``shape`` array of ``dtype``: a group's result as the next groups read
    it (a number or a broadcast row becomes a full array; a float64 constant row
    multiplied into a float32 replay is cast back)."""
    if y.shape != shape or y.dtype != dtype:
        y = np.array(np.broadcast_to(np.asarray(y, dtype=dtype), shape))
    return y


#: Names reused for values needed only on the next few lines (see Emitter.assign).
TEMPORARIES = frozenset({"y", "term", "g", "d", "ds", "c"})


class Emitter:
    """Lines of one function's body, its namespace, and fresh local names.

    Inside the body: ``V`` is the list of blocks' values, ``A`` their adjoints, ``rows``
    the batch's rows, ``dt`` the replay's dtype, ``B`` the numpy backend the rules run on.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.namespace: dict[str, Any] = {"np": np, "B": QUIET_NUMPY, "shaped": shaped}
        self._count = itertools.count()
        self.saved: dict[int, list[str]] = {}
        """Per group (its index), the locals its backward pass reads."""

    # ------------------------------------------------------------------ names
    def local(self, prefix: str) -> str:
        """A fresh name: a prefix of letters and a number no other name has."""
        assert prefix.lstrip("_").isalpha() and prefix.isascii(), prefix
        return f"{prefix}{next(self._count)}"

    def bind(self, obj: Any, prefix: str = "k") -> str:
        """A name for ``obj`` in the namespace: the code refers to objects, never spells them."""
        name = self.local(f"_{prefix}")
        self.namespace[name] = obj
        return name

    def line(self, text: str) -> None:
        self.lines.extend("    " + t for t in text.split("\n"))

    def assign(self, prefix: str, expr: str) -> str:
        """``name = expr``; returns the name. A :data:`TEMPORARIES` name is used as it
        is: such a value is read only on the lines right after it, and assigning the
        name again frees it (as a group's own method frees its temporaries on return;
        fresh names would keep every one alive until the whole batch is done). Any other
        prefix gets a fresh name: the values a group's backward pass reads."""
        name = prefix if prefix in TEMPORARIES else self.local(prefix)
        self.line(f"{name} = {expr}")
        return name

    def index(self, cols: Index) -> str:
        if isinstance(cols, slice):
            return f"{int(cols.start)}:{int(cols.stop)}"
        return self.bind(cols, "i")

    # ------------------------------------------------------------------ slots
    def read(self, take: Take) -> str:
        """An expression for the take's ``(rows, m)`` array, as :meth:`Take.get` reads it."""
        if len(take.segments) == 1:
            s = take.segments[0]
            if s.whole:
                return f"V[{int(s.block)}]"
            return f"V[{int(s.block)}][:, {self.index(s.cols)}]"
        return f"{self.bind(take.get, 'get')}(V, rows)"

    def write(self, take: Take, c: str) -> None:
        """Send the contribution in local ``c`` into the adjoints, as :meth:`Take.add`
        does in its planned mode (:func:`~autograd_mini.trace.slots.plan_writes`)."""
        segments = take.grad_segments
        if len(segments) != 1 or segments[0].pos is not None:
            self.line(f"{self.bind(take.add, 'add')}(A, {c})")
            return
        s = segments[0]
        b = int(s.block)
        part = f"({c} if {c}.shape[0] == 1 else {c}.sum(axis=0, keepdims=True))" if s.shared else c
        if s.mode is Write.STORE:
            self.line(f"A[{b}] = {part}")
        elif s.mode is Write.SET:
            self.line(f"A[{b}][:, {self.index(s.cols)}] = {part}")
        elif s.mode is Write.ADD_COPY and s.whole and s.unique:
            self.line(f"A[{b}] = A[{b}] + {part}")
        elif s.unique:
            if s.mode is Write.ADD_COPY:
                self.line(f"A[{b}] = np.array(A[{b}])")
            self.line(f"A[{b}][:, {self.index(s.cols)}] += {part}")
        else:  # a column listed twice: np.add.at, in the segment's own writer
            self.line(f"{self.bind(s.write, 'add')}(A, {c})")

    def store(self, block: int, shared: bool, n: int, y: str) -> None:
        """``V[block] = y``, shaped and typed as a group's result (see :func:`shaped`)."""
        shape = f"(1, {int(n)})" if shared else f"(rows, {int(n)})"
        self.line(
            f"V[{int(block)}] = {y} if {y}.dtype is dt and {y}.shape == {shape} "
            f"else shaped({y}, {shape}, dt)"
        )

    # ------------------------------------------------------------------ result
    def function(self, name: str, args: str) -> tuple[Callable[..., Any], str]:
        """Compile the body as ``def name(args)``, the namespace its globals: (the
        function, its source)."""
        text = f"def {name}({args}):\n" + "\n".join(self.lines) + "\n"
        exec(compile(text, f"<replay {name}>", "exec"), self.namespace)
        fn: Callable[..., Any] = self.namespace[name]
        return fn, text
