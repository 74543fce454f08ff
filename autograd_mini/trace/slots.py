"""Where numbers live during a replay: blocks of columns, and reading/writing lists of them.

A replay keeps one 2-D array per *block*: each traced input (one row per sample), the
parameters and the constants (one row: the same for every sample; *shared*), and one
per fused group (its n outputs side by side). A variable's :class:`Slot` is its block
and column. A :class:`Take` reads an ordered list of slots as one ``(rows, m)`` array —
a view when they are consecutive columns of one block — and sends gradients back to
them; how each write is done (store, add in place, add into a copy) is decided once,
when the replay is built (:func:`plan_writes`), not on every batch.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

__all__ = ["Places", "Slot", "Take", "Write", "plan_writes"]

Index = slice | npt.NDArray[np.intp]


class Slot(NamedTuple):
    """A variable's place in a replay: column ``column`` of block ``block``."""

    block: int
    column: int


class Places(dict[int, Slot]):
    """Each variable's slot.

    A parameter gets its column in the parameter block when a fused group first reads
    it, not by its position in ``params``: the parameters one group reads together — a
    layer's weight matrix, then its biases — then sit side by side, and are read and
    updated as slices (views) rather than gathered and scattered through index arrays.
    ``order[c]`` is the position in ``params`` of the parameter in column c.
    """

    def __init__(self, param_vars: Sequence[int], block: int) -> None:
        super().__init__()
        self.index = {v: j for j, v in enumerate(param_vars)}
        self.block = block
        self.order: list[int] = []

    def __missing__(self, var: int) -> Slot:
        j = self.index.get(var)
        if j is None:
            raise KeyError(var)
        place = self[var] = Slot(self.block, len(self.order))
        self.order.append(j)
        return place

    def place_rest(self) -> None:
        """Columns at the end for the parameters nothing reads."""
        for v in self.index:
            if v not in self:
                self.__missing__(v)


def _index(cols: Sequence[int]) -> Index:
    """A slice when the columns are consecutive (a view, no copy), else an index array."""
    if cols and all(b - a == 1 for a, b in itertools.pairwise(cols)):
        return slice(cols[0], cols[-1] + 1)
    return np.asarray(cols, dtype=np.intp)


class Write(enum.Enum):
    """How a gradient contribution reaches its block's adjoint array."""

    STORE = "store"  # the first write, covering the whole block: keep the array as is
    ADD = "add"  # into an array this pass owns (zeros, or a copy): in place
    ADD_COPY = "add_copy"  # into a stored array (maybe another block's): a new array


@dataclass
class Segment:
    """The part of a take that lies in one block."""

    block: int
    pos: Index | None  # which of the take's columns (None: all of them)
    cols: Index  # which columns of the block
    unique: bool  # no column listed twice
    shared: bool  # the block has one row for the whole batch
    whole: bool  # exactly the block's columns, in order, and nothing else
    mode: Write = Write.ADD


class Take:
    """An ordered list of slots, read from the blocks as one ``(rows, m)`` array.

    :meth:`add` sends gradients back: column i of the contribution goes to slot i; a
    slot listed twice gets both (``np.add.at``), and a block that does not vary over
    the batch (parameters, constants) receives the sum over the batch.
    """

    def __init__(
        self,
        slots: Sequence[Slot],
        shared: Sequence[bool],
        grad: Sequence[bool],
        widths: Sequence[int],
    ):
        self.m = len(slots)
        by_block: dict[int, tuple[list[int], list[int]]] = {}
        for i, (b, c) in enumerate(slots):
            positions, cols = by_block.setdefault(b, ([], []))
            positions.append(i)
            cols.append(c)
        self.shared = all(shared[b] for b in by_block)
        one = len(by_block) == 1
        self.segments = [
            Segment(
                b,
                None if one else _index(positions),
                _index(cols),
                len(set(cols)) == len(cols),
                shared[b],
                one and cols == list(range(widths[b])),
            )
            for b, (positions, cols) in by_block.items()
        ]
        self.grad_segments = [s for s in self.segments if grad[s.block]]
        self.has_grad = bool(self.grad_segments)
        self.get: Callable[[list[Any], int], Any] = self._reader()

    def _reader(self) -> Callable[[list[Any], int], Any]:
        """The cheapest read for this layout, chosen once."""
        if len(self.segments) == 1:
            s = self.segments[0]
            b, cols = s.block, s.cols
            if s.whole:
                return lambda vals, rows: vals[b]
            return lambda vals, rows: vals[b][:, cols]
        segments, m, shared = self.segments, self.m, self.shared

        def gather(vals: list[Any], rows: int) -> Any:
            first = vals[segments[0].block]
            out = np.empty((1 if shared else rows, m), dtype=first.dtype)
            for s in segments:
                out[:, s.pos] = vals[s.block][:, s.cols]
            return out

        return gather

    def add(self, adj: list[Any], contrib: Any) -> None:
        for s in self.grad_segments:
            c = contrib if s.pos is None else contrib[:, s.pos]
            if s.shared and c.shape[0] != 1:
                c = c.sum(axis=0, keepdims=True)
            mode = s.mode
            if mode is Write.STORE:
                adj[s.block] = c
            elif mode is Write.ADD_COPY:
                if s.whole:
                    adj[s.block] = adj[s.block] + c
                    continue
                a = adj[s.block] = np.array(adj[s.block])
                _add(a, s, c)
            else:
                _add(adj[s.block], s, c)


def _add(a: Any, s: Segment, c: Any) -> None:
    if s.unique:
        a[:, s.cols] += c
    else:
        np.add.at(a.T, s.cols, c.T)  # type: ignore[arg-type]  # cols: int array here


def plan_writes(
    seed: Take, groups: Sequence[tuple[int, Sequence[Take]]], always_zero: int
) -> tuple[set[int], set[int]]:
    """Decide every segment's :class:`Write` from the order of the backward pass's writes
    (``seed``: the outputs' take; then each group, last first, as (its block, the takes
    it sends gradients through)). Returns (the blocks whose adjoint starts as zeros, the
    blocks a gradient reaches: only their groups need to run backward).

    The first write to a block that covers it whole stores its array (no zeros, no
    addition); later writes to it add into a copy once, then in place. A block whose
    first write covers part of it starts as zeros, as does ``always_zero`` (the
    parameters: their gradient is the result).
    """
    state: dict[int, str] = {always_zero: "owned"}
    zeros = {always_zero}

    def plan(take: Take) -> None:
        for s in take.grad_segments:
            was = state.get(s.block)
            if was is None:
                if s.whole and s.unique:
                    s.mode, state[s.block] = Write.STORE, "stored"
                else:
                    s.mode, state[s.block] = Write.ADD, "owned"
                    zeros.add(s.block)
            elif was == "stored":
                s.mode, state[s.block] = Write.ADD_COPY, "owned"
            else:
                s.mode = Write.ADD

    plan(seed)
    reached = set()
    for block, takes in groups:
        if block in state:
            reached.add(block)
            for take in takes:
                plan(take)
    return zeros, reached
