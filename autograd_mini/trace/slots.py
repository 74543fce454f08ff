"""Where numbers live during a replay: blocks of columns, and reading/writing lists of them.

A replay keeps one 2-D array per *block*: each traced input (one row per sample), the
parameters and the constants (one row: the same for every sample; *shared*), and one
per fused group (its n outputs side by side). A variable's *slot* is its block and
column (:class:`Places` keeps them, as arrays indexed by variable; :class:`Slots` is
those of a list of variables). A :class:`Take` reads an ordered list of slots as one
``(rows, m)`` array — a view when they are consecutive columns of one block — and sends
gradients back to them; how each write is done (store, set, add in place, add into a
copy) is decided once, when the replay is built (:func:`plan_writes`), not per batch.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

__all__ = ["Places", "Slots", "Take", "Write", "plan_writes"]

Index = slice | npt.NDArray[np.intp]


class Slots(NamedTuple):
    """Where a list of variables lives: variable i in column ``columns[i]`` of block
    ``blocks[i]`` (two arrays rather than one (block, column) pair per variable: a wide
    layer reads hundreds of thousands of them, and arrays group them in a few calls)."""

    blocks: npt.NDArray[np.intp]
    columns: npt.NDArray[np.intp]


class Places:
    """Each variable's slot, in two arrays indexed by variable number.

    A parameter gets its column in the parameter block when a fused group first reads
    it, not by its position in ``params``: the parameters one group reads together — a
    layer's weight matrix, then its biases — then sit side by side, and are read and
    updated as slices (views) rather than gathered and scattered through index arrays.
    ``order[c]`` is the position in ``params`` of the parameter in column c.
    """

    def __init__(self, n_vars: int, param_vars: Sequence[int], pblock: int) -> None:
        self.block = np.full(n_vars, -1, dtype=np.intp)
        self.column = np.full(n_vars, -1, dtype=np.intp)
        self.param = np.full(n_vars, -1, dtype=np.intp)  # position in params, or -1
        self.param[np.asarray(param_vars, dtype=np.intp)] = np.arange(len(param_vars))
        self.pblock = pblock
        self.order: list[int] = []

    def place(self, variables: Sequence[int] | npt.NDArray[np.intp], block: int) -> None:
        """Put the variables in columns 0, 1, … of ``block``."""
        v = np.asarray(variables, dtype=np.intp)
        self.block[v] = block
        self.column[v] = np.arange(len(v))

    def slots(self, variables: Sequence[int] | npt.NDArray[np.intp]) -> Slots:
        """Where the variables are; parameters not yet placed get the next columns."""
        v = np.asarray(variables, dtype=np.intp)
        new = v[self.block[v] < 0]
        if new.size:
            uniq, first = np.unique(new, return_index=True)
            new = uniq[np.argsort(first)]  # in the order they are first read
            if (self.param[new] < 0).any():
                raise KeyError(f"trace: variable {int(new[self.param[new] < 0][0])} has no slot")
            self.block[new] = self.pblock
            self.column[new] = len(self.order) + np.arange(len(new))
            self.order += self.param[new].tolist()
        return Slots(self.block[v], self.column[v])

    def place_rest(self) -> None:
        """Columns at the end for the parameters nothing reads."""
        self.slots(np.flatnonzero(self.param >= 0))


def _index(cols: npt.NDArray[np.intp]) -> Index:
    """A slice when the columns are consecutive (a view, no copy), else an index array."""
    if cols.size and (cols.size == 1 or bool((np.diff(cols) == 1).all())):
        return slice(int(cols[0]), int(cols[-1]) + 1)
    return cols


class Write(enum.Enum):
    """How a gradient contribution reaches its block's adjoint array."""

    STORE = "store"  # the first write, covering the whole block: keep the array as is
    ADD = "add"  # into an array this pass owns (zeros, or a copy): in place
    ADD_COPY = "add_copy"  # into a stored array (maybe another block's): a new array
    SET = "set"  # the only write to these columns (of zeros): assign, or compute into


def _unplanned(adj: list[Any], c: Any) -> None:
    raise AssertionError("trace: a gradient write that plan_writes did not plan")


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
    write: Callable[[list[Any], Any], None] = _unplanned  # set by Take.compile


class Take:
    """An ordered list of slots, read from the blocks as one ``(rows, m)`` array.

    :meth:`add` sends gradients back: column i of the contribution goes to slot i; a
    slot listed twice gets both (``np.add.at``), and a block that does not vary over
    the batch (parameters, constants) receives the sum over the batch.
    """

    def __init__(
        self,
        slots: Slots,
        shared: Sequence[bool],
        grad: Sequence[bool],
        widths: Sequence[int],
    ):
        blocks, cols = slots
        self.m = len(cols)
        one = not blocks.size or bool((blocks == blocks[0]).all())
        parts: list[tuple[int, Any, npt.NDArray[np.intp]]] = []
        if one:
            parts.append((int(blocks[0]) if blocks.size else 0, None, cols))
        else:
            _, first = np.unique(blocks, return_index=True)
            for b in blocks[np.sort(first)].tolist():
                positions = np.flatnonzero(blocks == b)
                parts.append((b, positions, cols[positions]))
        self.shared = all(shared[b] for b, _, _ in parts)
        self.segments = []
        for b, positions, c in parts:
            index = _index(c)
            unique = isinstance(index, slice) or len(np.unique(c)) == len(c)
            whole = one and isinstance(index, slice) and index == slice(0, widths[b])
            self.segments.append(
                Segment(
                    b,
                    None if positions is None else _index(positions),
                    index,
                    unique,
                    shared[b],
                    whole,
                )
            )
        self.grad_segments = [s for s in self.segments if grad[s.block]]
        self.has_grad = bool(self.grad_segments)
        self.get: Callable[[list[Any], int], Any] = self._reader()
        self.add: Callable[[list[Any], Any], None] = self._add_each
        """Send a contribution (one column per slot) into the adjoints (see compile)."""

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

    def _add_each(self, adj: list[Any], contrib: Any) -> None:
        """Send ``contrib`` (one column per slot) into the adjoints, block by block."""
        for s in self.grad_segments:
            s.write(adj, contrib if s.pos is None else contrib[:, s.pos])

    def into(self, adj: list[Any]) -> Any:
        """The adjoint's own columns for this take, as a 1-D view, when a contribution
        may be computed straight into them (:attr:`Write.SET`, one block, a slice)."""
        return adj[self.grad_segments[0].block][0, self.grad_segments[0].cols]

    @property
    def settable(self) -> bool:
        """Whether :meth:`into` may be used (decided by :func:`plan_writes`)."""
        g = self.grad_segments
        return len(g) == 1 and g[0].pos is None and g[0].mode is Write.SET and g[0].shared

    def compile(self) -> None:
        """Fix the writes once their modes are planned: one closure per segment, and for
        a take that lies in one block, that closure is :meth:`add` itself."""
        for s in self.grad_segments:
            s.write = _writer(s)
        if len(self.grad_segments) == 1 and self.grad_segments[0].pos is None:
            self.add = self.grad_segments[0].write


Writer = Callable[[list[Any], Any], None]


def _writer(s: Segment) -> Writer:
    """The write of one segment, for its mode and layout (see :class:`Write`)."""
    b, cols, shared, whole = s.block, s.cols, s.shared, s.whole and s.unique

    def batch_sum(c: Any) -> Any:  # a block shared by the batch gets the sum over it
        return c if c.shape[0] == 1 else c.sum(axis=0, keepdims=True)

    if s.mode is Write.STORE:
        if shared:

            def store_sum(adj: list[Any], c: Any) -> None:
                adj[b] = batch_sum(c)

            return store_sum

        def store(adj: list[Any], c: Any) -> None:
            adj[b] = c

        return store
    if s.mode is Write.SET:
        assert isinstance(cols, slice)

        def set_(adj: list[Any], c: Any) -> None:
            adj[b][:, cols] = batch_sum(c) if shared else c

        return set_
    if s.mode is Write.ADD_COPY and whole:

        def add_copy(adj: list[Any], c: Any) -> None:
            adj[b] = adj[b] + (batch_sum(c) if shared else c)

        return add_copy
    copy = s.mode is Write.ADD_COPY
    if not s.unique:

        def add_at(adj: list[Any], c: Any) -> None:
            if copy:
                adj[b] = np.array(adj[b])
            # cols: an int array here (a column listed twice)
            np.add.at(adj[b].T, cols, (batch_sum(c) if shared else c).T)  # type: ignore[arg-type]

        return add_at

    def add(adj: list[Any], c: Any) -> None:
        if copy:
            adj[b] = np.array(adj[b])
        adj[b][:, cols] += batch_sum(c) if shared else c

    return add


def plan_writes(
    seed: Take, groups: Sequence[tuple[int, Sequence[Take]]], pblock: int, pwidth: int
) -> tuple[set[int], set[int]]:
    """Decide every segment's :class:`Write` from the order of the backward pass's writes
    (``seed``: the outputs' take; then each group, last first, as (its block, the takes
    it sends gradients through)). Returns (the blocks whose adjoint starts as zeros, the
    blocks a gradient reaches: only their groups need to run backward).

    The first write to a block that covers it whole stores its array (no zeros, no
    addition); later writes to it add into a copy once, then in place. A block whose
    first write covers part of it starts as zeros, as does the parameters' block
    ``pblock`` (``pwidth`` columns: their gradient is the result); there, a slice of
    columns that nothing else writes (a layer's weights) is set, not added to. When
    every parameter's column is set so, once, the block is not in the zeros: the replay
    allocates it without filling it (13,002 zeros cost 2 µs a batch, a tenth of a
    small batch's backward pass).
    """
    takes = [seed]
    written = {s.block for s in seed.grad_segments}
    reached = set()
    for block, group_takes in groups:
        if block in written:
            reached.add(block)
            takes += group_takes
            written.update(s.block for t in group_takes for s in t.grad_segments)
    writers = np.zeros(pwidth, dtype=np.intp)  # how many segments write each parameter
    for take in takes:
        for s in take.grad_segments:
            cols = s.cols
            if s.block != pblock:
                continue
            if isinstance(cols, slice):
                writers[cols] += 1
            else:
                np.add.at(writers, cols, 1)
    state: dict[int, str] = {pblock: "owned"}
    zeros = {pblock}
    for take in takes:
        for s in take.grad_segments:
            was = state.get(s.block)
            if s.block == pblock:
                alone = isinstance(s.cols, slice) and bool((writers[s.cols] == 1).all())
                s.mode = Write.SET if alone else Write.ADD
            elif was is None:
                if s.whole and s.unique:
                    s.mode, state[s.block] = Write.STORE, "stored"
                else:
                    s.mode, state[s.block] = Write.ADD, "owned"
                    zeros.add(s.block)
            elif was == "stored":
                s.mode, state[s.block] = Write.ADD_COPY, "owned"
            else:
                s.mode = Write.ADD
        take.compile()
    to_params = [s for t in takes for s in t.grad_segments if s.block == pblock]
    if (writers == 1).all() and all(s.mode is Write.SET for s in to_params):
        zeros.discard(pblock)  # every column is written, by assignment: nothing to fill
    return zeros, reached
