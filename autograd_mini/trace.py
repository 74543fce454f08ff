"""Trace once, replay on batches: the scalar graph of one sample, run on many with numpy.

The eager engine builds a fresh graph of scalar nodes for every sample, which is the
clearest way to see backpropagation and the slowest way to train. A training step,
though, builds the *same* graph every time: only the numbers in it change. ``trace``
calls a Python function once on example inputs, keeps the graph it built, and then
replays that graph on a whole batch:

* forward: every node computes its op's forward rule on a column of numbers (one entry
  per sample) instead of on one float;
* backward: every node's local derivative ∂y/∂p comes from the same op table
  (:func:`~autograd_mini.ops.local_derivatives` on the numpy backend), and the chain
  rule  ∂L/∂p = Σ_consumers ∂y/∂p · ∂L/∂y  runs node by node in reverse order.

Nodes that apply the same op at the same depth are *fused* into one numpy call. A layer's
neurons zⱼ = Σᵢ wⱼᵢ·aᵢ + bⱼ are ``dot`` nodes of one depth that share the input list
a, so the whole layer becomes the matrix product Z = A·Wᵀ + b, and its backward the two
products ∂L/∂W = Gᵀ·A (summed over the batch by the product itself) and ∂L/∂A = G·W.

**What a trace records, and what it does not** (as ``torch.jit.trace``): the ops that ran
for the example inputs, not the Python that chose them. A function that branches on data
(``if x[0].data > 0: ...``), turns an input into a plain float (``x[0].data``), or loops a
data-dependent number of times is recorded along the one path the example took, and the
replay follows that path for every sample. ``check=True`` compares the first replayed
batch with the eager engine, sample by sample, and raises :class:`TraceMismatchError`
naming the first output or parameter that differs.

Leaves of the recorded graph are of three kinds: *inputs* (made by ``trace`` from the
example inputs; one column of the batch each), *parameters* (the ``params`` you pass;
read afresh from the Values on every call, or passed in as an array) and *constants*
(any other leaf: captured with the value it had when the function was traced).
"""

from __future__ import annotations

import itertools
import math
import numbers
import operator
from collections.abc import Callable, Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from autograd_mini.backward import gradients
from autograd_mini.numpy_backend import NUMPY
from autograd_mini.ops import (
    OPS,
    Constant,
    DotArg,
    Op,
    SumArg,
    local_derivatives,
    partial_name,
    replay_forward,
)
from autograd_mini.value import (
    InfiniteDerivative,
    NonFiniteGradient,
    Value,
    is_grad_enabled,
    vsum,
)

__all__ = ["TraceMismatchError", "Traced", "fit_compiled", "trace"]

Array = npt.NDArray[np.float64]
Reduction = Literal["sum", "mean"]
Loc = tuple[int, int]  # (block, column): where a node's numbers live during a replay

_DOT = OPS["dot"]
_SUM = OPS["sum"]

#: Relative tolerance of ``check=True``: the replay sums in another order than the eager
#: engine, so results agree to rounding, far tighter than this.
CHECK_RTOL = 1e-9


class TraceMismatchError(Exception):
    """The replayed graph and the eager engine disagree (the function is not traceable)."""


# --------------------------------------------------------------------------- reading nodes


def _cols(cols: Sequence[int]) -> slice | npt.NDArray[np.intp]:
    """A slice when the columns are consecutive (a view, no copy), else an index array."""
    if cols and all(b - a == 1 for a, b in itertools.pairwise(cols)):
        return slice(cols[0], cols[-1] + 1)
    return np.asarray(cols, dtype=np.intp)


class _Take:
    """An ordered list of nodes, read from the value blocks as one ``(rows, m)`` array.

    ``add`` sends gradients back: column i of the contribution is added to the adjoint
    of node i; a node listed twice gets both (``np.add.at``), and a block that does not
    vary over the batch (parameters, constants) receives the sum over the batch.
    """

    def __init__(self, locs: Sequence[Loc], shared: Sequence[bool], grad: Sequence[bool]):
        self.m = len(locs)
        by_block: dict[int, tuple[list[int], list[int]]] = {}
        for i, (b, c) in enumerate(locs):
            positions, cols = by_block.setdefault(b, ([], []))
            positions.append(i)
            cols.append(c)
        self.shared = all(shared[b] for b in by_block)
        segments = []
        for b, (positions, cols) in by_block.items():
            whole = len(by_block) == 1
            pos: slice | npt.NDArray[np.intp] | None = None if whole else _cols(positions)
            unique = len(set(cols)) == len(cols)
            segments.append((b, pos, _cols(cols), unique, shared[b]))
        self.segments = segments
        self.direct = segments[0] if len(segments) == 1 else None
        self.grad_segments = [s for s in segments if grad[s[0]]]
        self.has_grad = bool(self.grad_segments)

    def get(self, vals: list[Any], rows: int) -> Any:
        if self.direct is not None:
            b, _, cols, _, _ = self.direct
            return vals[b][:, cols]
        first = vals[self.segments[0][0]]
        out = np.empty((1 if self.shared else rows, self.m), dtype=first.dtype)
        for b, pos, cols, _, _ in self.segments:
            out[:, pos] = vals[b][:, cols]
        return out

    def add(self, adj: list[Any], contrib: Any) -> None:
        for b, pos, cols, unique, target_shared in self.grad_segments:
            c = contrib if pos is None else contrib[:, pos]
            if target_shared and c.shape[0] != 1:
                c = c.sum(axis=0, keepdims=True)
            if unique:
                adj[b][:, cols] += c
            else:
                np.add.at(adj[b].T, cols, c.T)  # type: ignore[arg-type]  # cols: int array here


# --------------------------------------------------------------------------- fused groups


class _Group:
    """Nodes of one op at one depth, computed by one numpy call; output block ``block``."""

    op: Op
    block: int
    n: int
    shared: bool
    needs_grad: bool
    labels: list[str]  # the nodes' labels, for error messages
    cblock: int  # the constants' block: its dtype is the replay's (float64 or float32)

    def forward(self, vals: list[Any], rows: int, saved: list[Any], i: int) -> None:
        raise NotImplementedError

    def backward(
        self, vals: list[Any], adj: list[Any], saved: list[Any], i: int, careful: bool = False
    ) -> None:
        """Send the gradient on to the inputs. ``careful`` (the re-run after a non-finite
        gradient was found): refuse a non-zero gradient meeting an infinite local
        derivative, and send 0 — not 0·∞ = nan — where the gradient is 0."""
        raise NotImplementedError

    def where(self, r: int, j: int, shape: tuple[int, ...], rows: int) -> str:
        """Which node and sample an error is about (``shape``: the array it is read from;
        one row standing for a batch of ``rows`` means every sample)."""
        sample = "every sample" if shape[0] == 1 and rows > 1 else f"sample {r}"
        label = self.labels[j] if j < len(self.labels) else ""
        node = f"node {label!r}" if label else f"an unlabelled {self.op.name!r} node"
        return f"{node}, {sample}"

    def _store(self, vals: list[Any], rows: int, y: Any) -> None:
        shape = (1 if self.shared else rows, self.n)
        y = np.asarray(y, dtype=vals[self.cblock].dtype)
        if y.shape != shape:
            y = np.array(np.broadcast_to(y, shape))
        vals[self.block] = y


class _Elementwise(_Group):
    """Unary and binary ops: the op table's rule applied to whole ``(rows, n)`` arrays."""

    def __init__(self, op: Op, takes: list[_Take], arg: Any, n: int, block: int) -> None:
        self.op, self.takes, self.arg, self.n, self.block = op, takes, arg, n, block
        self.shared = all(t.shared for t in takes)
        self.needs_grad = any(t.has_grad for t in takes)

    def forward(self, vals: list[Any], rows: int, saved: list[Any], i: int) -> None:
        ps = [t.get(vals, rows) for t in self.takes]
        saved[i] = ps
        self._store(vals, rows, replay_forward(self.op, NUMPY, ps, self.arg))

    def backward(
        self, vals: list[Any], adj: list[Any], saved: list[Any], i: int, careful: bool = False
    ) -> None:
        g = adj[self.block]
        ds = local_derivatives(self.op, NUMPY, saved[i], vals[self.block], self.arg)
        for k, (take, d) in enumerate(zip(self.takes, ds, strict=True)):
            if not take.has_grad:
                continue
            if type(d) is float and d == 1.0:
                take.add(adj, g)
                continue
            contrib = g * d
            if careful:
                bad = ~np.isfinite(d)
                if bad.any():
                    flowing = np.broadcast_to(bad & (g != 0.0), contrib.shape)
                    if flowing.any():
                        r, j = np.argwhere(flowing)[0]
                        self._refuse(
                            k,
                            float(np.broadcast_to(d, contrib.shape)[r, j]),
                            float(np.broadcast_to(g, contrib.shape)[r, j]),
                            (r, j),
                            contrib.shape,
                            vals[0].shape[0],  # the batch's rows (block 0: input 0)
                        )
                    contrib = np.where(bad, 0.0, contrib)  # no gradient flows: 0, not nan
            take.add(adj, contrib)

    def _refuse(
        self,
        k: int,
        d: float,
        g: float,
        at: tuple[int, int],
        shape: tuple[int, ...],
        rows: int,
    ) -> None:
        position = k if self.arg is None else 1 - int(self.arg[0])
        partial = partial_name(self.op, position)
        what = "does not exist (nan)" if d != d else f"is {d!r}"
        raise InfiniteDerivative(
            f"trace: {self.op.name}: the local derivative {partial} {what}, and a gradient "
            f"of {g!r} has to flow through it ({self.op.math}) — at {self.where(*at, shape, rows)}"
        )


def _pair_forward(left: Any, lvec: bool, right: Any, rvec: bool, n: int) -> Any:
    """Σᵢ leftⱼᵢ·rightⱼᵢ for each node j. A side is a *vector* ``(rows, k)`` when all n
    nodes share it (a layer's input), else a matrix ``(rows, n, k)``; a vector times a
    matrix that does not vary over the batch (a weight matrix) is one matrix product."""
    if lvec and rvec:
        total = (left * right).sum(axis=-1, keepdims=True)
        return np.broadcast_to(total, (total.shape[0], n))
    if rvec and left.shape[0] == 1:
        return right @ left[0].T
    if lvec and right.shape[0] == 1:
        return left @ right[0].T
    if lvec:
        left = left[:, None, :]
    if rvec:
        right = right[:, None, :]
    return (left * right).sum(axis=-1)


def _pair_grad(g: Any, d: Any, dvec: bool, tvec: bool, tshared: bool, n: int) -> Any:
    """Gradient contribution for one side of the pairs: Σ over the chain ``g·d``.

    ``g`` is ∂L/∂y ``(rows, n)``; ``d`` is the op table's ∂y/∂(this side) — the other
    side's numbers — as a vector or matrix; the result is shaped for this side's take.
    """
    if tvec:  # one list shared by all n nodes: sum over the nodes
        if dvec:
            return g.sum(axis=1, keepdims=True) * d
        if d.shape[0] == 1:
            return g @ d[0]
        return np.einsum("rn,rnk->rk", g, d)
    if dvec:
        if tshared:  # a weight matrix: the product also sums over the batch
            out = g.T @ d if d.shape[0] == g.shape[0] else g.sum(axis=0)[:, None] * d[0]
            return out.reshape(1, -1)
        out = g[:, :, None] * d[:, None, :]
    elif tshared:
        out = np.einsum("rn,rnk->nk", g, np.broadcast_to(d, (g.shape[0], *d.shape[1:])))
        return out.reshape(1, -1)
    else:
        out = g[:, :, None] * d
    return out.reshape(out.shape[0], -1)


class _Dot(_Group):
    """``dot`` nodes of one layout (k pairs, c constant-weighted terms): one product."""

    op = _DOT

    def __init__(
        self,
        sides: tuple[_Take, bool, _Take, bool] | None,
        lin: _Take | None,
        consts: Array,
        offset: Array | None,
        n: int,
        block: int,
    ) -> None:
        self.sides, self.lin, self.consts, self.offset = sides, lin, consts, offset
        self.n, self.block = n, block
        takes = [t for t in (sides[0] if sides else None, sides[2] if sides else None, lin) if t]
        self.shared = all(t.shared for t in takes)
        self.needs_grad = any(t.has_grad for t in takes)

    def forward(self, vals: list[Any], rows: int, saved: list[Any], i: int) -> None:
        n = self.n
        y: Any = 0.0
        parents = []
        if self.sides is not None:
            lt, lvec, rt, rvec = self.sides
            left, right = lt.get(vals, rows), rt.get(vals, rows)
            if not lvec:
                left = left.reshape(left.shape[0], n, -1)
            if not rvec:
                right = right.reshape(right.shape[0], n, -1)
            parents += [left, right]
            y = _pair_forward(left, lvec, right, rvec, n)
        if self.lin is not None:
            lin = self.lin.get(vals, rows).reshape(-1, n, self.consts.shape[1])
            parents.append(lin)
            y = y + (lin * self.consts).sum(axis=-1)
        if self.offset is not None:
            y = y + self.offset
        saved[i] = parents
        self._store(vals, rows, y)

    def backward(
        self, vals: list[Any], adj: list[Any], saved: list[Any], i: int, careful: bool = False
    ) -> None:
        g = adj[self.block]  # a dot's local derivatives are its inputs: always finite
        # The table's rule, on the stacked layout: one pair (left, right) standing for all
        # k pairs, and one constant-weighted column standing for all c terms. It returns
        # [∂y/∂left = right, ∂y/∂right = left, ∂y/∂lin = consts].
        arg = DotArg(1 if self.sides else 0, (self.consts,) if self.lin else (), 0.0)
        ds = local_derivatives(_DOT, NUMPY, saved[i], vals[self.block], arg)
        if self.sides is not None:
            lt, lvec, rt, rvec = self.sides
            if lt.has_grad:
                lt.add(adj, _pair_grad(g, ds[0], rvec, lvec, lt.shared, self.n))
            if rt.has_grad:
                rt.add(adj, _pair_grad(g, ds[1], lvec, rvec, rt.shared, self.n))
        if self.lin is not None and self.lin.has_grad:
            contrib = g[:, :, None] * ds[-1]
            self.lin.add(adj, contrib.reshape(contrib.shape[0], -1))


class _Sum(_Group):
    """``sum`` nodes with the same number of terms: one ``sum`` along an axis."""

    op = _SUM

    def __init__(self, take: _Take, m: int, offset: Array | None, n: int, block: int) -> None:
        self.take, self.m, self.offset, self.n, self.block = take, m, offset, n, block
        self.shared = take.shared
        self.needs_grad = take.has_grad

    def forward(self, vals: list[Any], rows: int, saved: list[Any], i: int) -> None:
        terms = self.take.get(vals, rows).reshape(-1, self.n, self.m)
        saved[i] = [terms]
        y = terms.sum(axis=-1)
        self._store(vals, rows, y if self.offset is None else y + self.offset)

    def backward(
        self, vals: list[Any], adj: list[Any], saved: list[Any], i: int, careful: bool = False
    ) -> None:
        g = adj[self.block]  # a sum's local derivatives are 1
        (d,) = local_derivatives(_SUM, NUMPY, saved[i], vals[self.block], SumArg(0.0))
        contrib = np.broadcast_to(g[:, :, None] * d, (g.shape[0], self.n, self.m))
        self.take.add(adj, contrib.reshape(g.shape[0], -1))


# --------------------------------------------------------------------------- the trace


def _close(got: float, want: float, atol: float) -> bool:
    return abs(got - want) <= CHECK_RTOL * max(abs(got), abs(want)) + atol


def _example(x: object, i: int) -> list[float]:
    if isinstance(x, (str, bytes)) or not isinstance(x, (Sequence, np.ndarray)):
        raise TypeError(
            f"trace: example input {i} must be a sequence of numbers, got {type(x).__name__}"
        )
    out = []
    for j, v in enumerate(x):
        if isinstance(v, bool) or not isinstance(v, numbers.Real):
            raise TypeError(f"trace: example input {i}[{j}] is {v!r}, expected a real number")
        f = float(v)
        if not math.isfinite(f):
            raise ValueError(f"trace: example input {i}[{j}] is {f!r}, expected a finite number")
        out.append(f)
    return out


def _reachable(outputs: Sequence[Value]) -> dict[Value, None]:
    """Every node the outputs depend on, each once: one walk for all outputs (a model's
    outputs share almost all of their graph; a walk per output would repeat it)."""
    reached: dict[Value, None] = dict.fromkeys(outputs)
    stack = list(reached)
    while stack:
        for p in stack.pop().parents:
            if p not in reached:
                reached[p] = None
                stack.append(p)
    return reached


class _Places(dict[Value, Loc]):
    """Where each node's numbers live during a replay.

    A parameter gets its column in the parameter block when a fused group first reads
    it, not by its position in ``params``: the parameters one group reads together — a
    layer's weight matrix, then its biases — then sit side by side, and are read and
    updated as slices (views) rather than gathered and scattered through index arrays.
    ``order[c]`` is the position in ``params`` of the parameter in column c.
    """

    def __init__(self, params: Sequence[Value], block: int) -> None:
        super().__init__()
        self.index = {p: j for j, p in enumerate(params)}
        self.block = block
        self.order: list[int] = []

    def __missing__(self, v: Value) -> Loc:
        j = self.index.get(v)
        if j is None:
            raise KeyError(v)
        place = self[v] = (self.block, len(self.order))
        self.order.append(j)
        return place

    def place_rest(self) -> None:
        for p in self.index:
            if p not in self:
                self.__missing__(p)


class Traced:
    """A recorded graph, replayed on numpy batches. Made by :func:`trace`.

    During a replay the parameters are one vector in the trace's own order (a layer's
    weights side by side, see :class:`_Places`): :attr:`order` maps it to ``params``.
    The public calls take and give vectors aligned with ``params``; :meth:`run` works
    on the trace's order directly, for a training loop that keeps its vector so.
    """

    def __init__(
        self,
        fn: Callable[..., Any],
        inputs: list[list[Value]],
        params: tuple[Value, ...],
        outputs: list[Value],
        single: bool,
        check: bool,
        fuse: bool,
    ) -> None:
        self.fn = fn
        self.params = params
        self.input_sizes = tuple(len(x) for x in inputs)
        self.single_output = single
        self.n_outputs = len(outputs)
        self._check_pending = check
        n_in = len(inputs)
        self._pblock, self._cblock = n_in, n_in + 1
        loc = _Places(params, self._pblock)
        for i, leaves in enumerate(inputs):
            for j, v in enumerate(leaves):
                loc[v] = (i, j)
        reached = _reachable(outputs)
        consts = [v for v in reached if not v.parents and v not in loc and v not in loc.index]
        for j, v in enumerate(consts):
            loc[v] = (self._cblock, j)
        self._consts = np.array([[v.data for v in consts]], dtype=np.float64).reshape(1, -1)
        inner = sorted((v for v in reached if v.parents), key=lambda v: v.seq)
        self.n_nodes = len(inner)
        # depth: leaves 0, a node one more than its deepest parent. Nodes of one op and
        # layout at one depth do not depend on each other, so they can run as one call.
        level: dict[Value, int] = {}
        keyed: dict[tuple[Any, ...], list[Value]] = {}
        for v in inner:
            lv = 1 + max(level.get(p, 0) for p in v.parents)
            level[v] = lv
            keyed.setdefault((lv, *self._layout(v), 0 if fuse else v.seq), []).append(v)
        shared = [False] * n_in + [True, True]
        grad = [False] * n_in + [True, False]
        self._groups: list[_Group] = []
        for key in sorted(keyed, key=lambda k: k[0]):
            nodes = keyed[key]
            block = len(shared)
            group = self._make_group(nodes, loc, shared, grad, block)
            group.labels = [v.label for v in nodes]
            group.cblock = self._cblock
            for j, v in enumerate(nodes):
                loc[v] = (block, j)
            shared.append(group.shared)
            grad.append(group.needs_grad)
            self._groups.append(group)
        self._shared, self._grad = shared, grad
        self.n_calls = len(self._groups)
        """numpy calls per forward pass: one per fused group of nodes."""
        self._out = _Take([loc[o] for o in outputs], shared, grad)
        self._out_locs = [loc[o] for o in outputs]
        loc.place_rest()  # parameters the outputs do not depend on: columns at the end
        self.order: npt.NDArray[np.intp] = np.array(loc.order, dtype=np.intp)
        """Column c of the replay's parameter vector holds ``params[order[c]]``."""
        self._consts32 = self._consts.astype(np.float32)

    # ------------------------------------------------------------------ building
    @staticmethod
    def _layout(v: Value) -> tuple[Any, ...]:
        """What must agree for nodes to share one numpy call."""
        arg = v.arg
        if isinstance(arg, DotArg):
            return ("dot", arg.pairs, len(arg.consts))
        if isinstance(arg, SumArg):
            return ("sum", len(v.parents))
        if arg is None:
            return (v.op, -1)
        # pow's rule tests for a constant exponent 0 by value: keep exponents apart
        return (v.op, arg.position, arg.value if v.op == "pow" else None)

    @staticmethod
    def _make_group(
        nodes: list[Value], loc: _Places, shared: list[bool], grad: list[bool], block: int
    ) -> _Group:
        first = nodes[0]
        n = len(nodes)

        def take(locs: list[Loc]) -> _Take:
            return _Take(locs, shared, grad)

        args = [v.arg for v in nodes]
        if isinstance(args[0], DotArg):
            dots = [a for a in args if isinstance(a, DotArg)]
            k, c = dots[0].pairs, len(dots[0].consts)
            sides = None
            if k:
                lists = []
                for part in (slice(0, k), slice(k, 2 * k)):
                    rows = [v.parents[part] for v in nodes]
                    vec = all(all(map(operator.is_, r, rows[0])) for r in rows)
                    flat = rows[0] if vec else [p for r in rows for p in r]
                    lists.append((take([loc[p] for p in flat]), vec))
                sides = (lists[0][0], lists[0][1], lists[1][0], lists[1][1])
            lin = take([loc[p] for v in nodes for p in v.parents[2 * k :]]) if c else None
            consts = np.array([a.consts for a in dots], dtype=np.float64).reshape(n, c)
            offset = np.array([a.offset for a in dots], dtype=np.float64)
            return _Dot(sides, lin, consts, offset if offset.any() else None, n, block)
        if isinstance(args[0], SumArg):
            m = len(first.parents)
            offsets = np.array([a.offset for a in args if isinstance(a, SumArg)])
            locs = [loc[p] for v in nodes for p in v.parents]
            return _Sum(take(locs), m, offsets if offsets.any() else None, n, block)
        op = OPS[first.op]
        takes = [take([loc[v.parents[j]] for v in nodes]) for j in range(len(first.parents))]
        arg = None
        if isinstance(args[0], Constant):
            constants = [float(a.value) for a in args if isinstance(a, Constant)]
            same = all(x == constants[0] for x in constants)
            arg = Constant(args[0].position, constants[0] if same else np.array([constants]))
        return _Elementwise(op, takes, arg, n, block)

    # ------------------------------------------------------------------ inputs
    def param_values(self) -> Array:
        """The parameters' current numbers, read from the Values, as one 1-D array."""
        return np.fromiter((p.data for p in self.params), np.float64, count=len(self.params))

    def set_param_values(self, values: npt.ArrayLike) -> None:
        """Write numbers back into the parameter Values (after training on arrays)."""
        arr = self._param_array(values)
        for p, x in zip(self.params, arr.tolist(), strict=True):
            p.data = x

    def in_params_order(self, q: Array) -> Array:
        """A vector in the trace's order (see :meth:`run`) aligned with ``params``."""
        out = np.empty_like(q)
        out[self.order] = q
        return out

    def _param_array(self, values: npt.ArrayLike | None) -> Array:
        if values is None:
            return self.param_values()
        arr = np.asarray(values, dtype=np.float64)
        if arr.shape != (len(self.params),):
            raise ValueError(
                f"trace: param_values must have shape ({len(self.params)},), got {arr.shape}"
            )
        if not np.isfinite(arr).all():
            raise ValueError("trace: param_values holds a nan or infinite number")
        return arr

    def _batches(self, batches: Sequence[npt.ArrayLike]) -> list[Array]:
        """Check one 2-D array per traced input, one row per sample, equal row counts."""
        sizes = self.input_sizes
        if len(batches) != len(sizes):
            raise ValueError(
                f"trace: expected {len(sizes)} batch array(s), one per traced input, "
                f"got {len(batches)}"
            )
        out: list[Array] = []
        for i, b in enumerate(batches):
            a = np.asarray(b, dtype=np.float64)
            if a.ndim != 2 or a.shape[1] != sizes[i] or a.shape[0] == 0:
                raise ValueError(
                    f"trace: batch {i} must have shape (samples, {sizes[i]}) with at least "
                    f"one sample (one row per sample), got shape {a.shape}"
                )
            if out and a.shape[0] != out[0].shape[0]:
                raise ValueError(
                    f"trace: batch {i} has {a.shape[0]} rows but batch 0 has "
                    f"{out[0].shape[0]}: every input needs one row per sample"
                )
            if not np.isfinite(a).all():
                r, c = np.argwhere(~np.isfinite(a))[0]
                raise ValueError(f"trace: batch {i} row {r} column {c} is {float(a[r, c])!r}")
            out.append(a)
        return out

    # ------------------------------------------------------------------ replay
    def _forward(self, batches: list[Array], q: Array) -> tuple[list[Any], list[Any], Array]:
        rows = batches[0].shape[0] if batches else 1
        consts = self._consts32 if q.dtype == np.float32 else self._consts
        vals: list[Any] = [*batches, q.reshape(1, -1), consts]
        vals += [None] * len(self._groups)
        saved: list[Any] = [None] * len(self._groups)
        with np.errstate(all="ignore"):
            for i, group in enumerate(self._groups):
                group.forward(vals, rows, saved, i)
        out = np.broadcast_to(self._out.get(vals, rows), (rows, self.n_outputs))
        if not np.isfinite(out).all():
            self._explain_nonfinite(vals, rows)
        return vals, saved, out

    def _explain_nonfinite(self, vals: list[Any], rows: int) -> None:
        for group in self._groups:
            y = vals[group.block]
            if not np.isfinite(y).all():
                r, j = np.argwhere(~np.isfinite(y))[0]
                sample = "every sample" if y.shape[0] == 1 and rows > 1 else f"sample {r}"
                raise ValueError(
                    f"trace: op {group.op.name!r} gives {float(y[r, j])!r} for {sample}: an "
                    f"input is outside its domain (the eager engine raises a DomainError)"
                )
        raise ValueError("trace: an output is not finite")

    def _backward(
        self,
        vals: list[Any],
        saved: list[Any],
        rows: int,
        reduction: Reduction,
        careful: bool = False,
    ) -> Array:
        """The parameters' gradient of the batch loss.

        As fast as numpy allows while every number stays finite (one ``isfinite`` over
        the result); otherwise the pass is run again, ``careful``, to give what the
        eager engine gives: 0 where a zero gradient meets an infinite local derivative
        (0·∞ is nan in numpy), :class:`InfiniteDerivative` where a non-zero one does,
        :class:`NonFiniteGradient` naming the first node whose gradient overflows.
        """
        adj: list[Any] = [None] * len(vals)
        dtype = vals[self._cblock].dtype
        for b, needs in enumerate(self._grad):
            if needs:
                adj[b] = np.zeros((1 if self._shared[b] else rows, vals[b].shape[1]), dtype)
        # the loss is output 0; any further outputs ride along (e.g. the model's
        # predictions, for accuracy) and receive no gradient
        seed = np.zeros((rows, self.n_outputs), dtype)
        seed[:, 0] = 1.0 / rows if reduction == "mean" else 1.0
        self._out.add(adj, seed)
        with np.errstate(all="ignore"):  # a non-finite gradient is checked for below
            for i in range(len(self._groups) - 1, -1, -1):
                group = self._groups[i]
                if group.needs_grad:
                    if careful:
                        self._check_adjoint(group, adj[group.block], rows)
                    group.backward(vals, adj, saved, i, careful)
        grads: Array = adj[self._pblock][0]
        if not np.isfinite(grads).all():
            if not careful:
                return self._backward(vals, saved, rows, reduction, careful=True)
            j = int(self.order[~np.isfinite(grads)].min())  # the first, in params' order
            p = self.params[j]
            name = f" {p.label!r}" if p.label else ""
            raise NonFiniteGradient(
                f"trace: the gradient of parameter {j}{name} overflows to {float(grads[j])!r} "
                f"(summed over the batch); gradients beyond ±1.8e308 cannot be stored — "
                f"scale the loss or the inputs down",
                p,
            )
        return grads

    @staticmethod
    def _check_adjoint(group: _Group, g: Any, rows: int) -> None:
        bad = ~np.isfinite(g)
        if bad.any():
            r, j = np.argwhere(bad)[0]
            raise NonFiniteGradient(
                f"trace: the gradient of {group.where(r, j, g.shape, rows)} (op {group.op.name!r}) "
                f"overflows to {float(g[r, j])!r}; gradients beyond ±1.8e308 cannot be "
                f"stored — scale the loss or the inputs down"
            )

    def run(
        self, batches: list[Array], q: Array, reduction: Reduction | None
    ) -> tuple[Array, Array | None]:
        """Forward (and backward unless ``reduction`` is None) on checked arrays, with
        the parameters ``q`` in the trace's order (``q = pvec[traced.order]``).

        Returns every output, shape (rows, outputs), and the gradient of output 0 — the
        batch loss Σ L or (1/B)·Σ L — in the trace's order too. The dtype of ``q``
        (float64 or float32) is the replay's: the batches must have it as well.
        """
        vals, saved, out = self._forward(batches, q)
        if reduction is None:
            return out, None
        return out, self._backward(vals, saved, out.shape[0], reduction)

    def replay(
        self, batches: list[Array], pvec: Array, reduction: Reduction | None
    ) -> tuple[Array, Array | None]:
        """:meth:`run` with the parameters, and their gradient, aligned with ``params``."""
        out, g = self.run(batches, pvec[self.order], reduction)
        if g is None:
            return out, None
        return out, self.in_params_order(g)

    # ------------------------------------------------------------------ public calls
    def forward(self, *batches: npt.ArrayLike, param_values: npt.ArrayLike | None = None) -> Array:
        """The function's output(s) for each row: shape (samples,) for one output Value,
        (samples, outputs) for a list."""
        arrays = self._batches(batches)
        pvec = self._param_array(param_values)
        out, _ = self.replay(arrays, pvec, None)
        if self._check_pending:
            self._check(arrays, pvec, out, None, None)
        result: Array = np.array(out[:, 0] if self.single_output else out)
        return result

    def backward(
        self,
        *batches: npt.ArrayLike,
        reduction: Reduction = "sum",
        param_values: npt.ArrayLike | None = None,
    ) -> tuple[Array, Array]:
        """(loss per sample, gradient of the batch loss for each parameter).

        The batch loss is Σ_samples L (``"sum"``) or (1/B)·Σ L (``"mean"``); the gradient
        is aligned with ``params``: the same numbers the eager engine gives when each
        sample's loss is built and back-propagated in turn.
        """
        if self.n_outputs != 1:
            raise ValueError(
                f"trace: backward needs a function returning one loss Value, this one "
                f"returns {self.n_outputs} outputs (outputs_and_grad takes [loss, ...])"
            )
        out, grads = self.outputs_and_grad(*batches, reduction=reduction, param_values=param_values)
        return np.array(out[:, 0]), grads

    def outputs_and_grad(
        self,
        *batches: npt.ArrayLike,
        reduction: Reduction = "sum",
        param_values: npt.ArrayLike | None = None,
    ) -> tuple[Array, Array]:
        """(every output per sample, shape (samples, outputs); gradient of output 0).

        For a function returning ``[loss, *predictions]``: one replay gives the loss to
        differentiate (summed or averaged over the batch, as in :meth:`backward`) and the
        predictions that came with it, e.g. to score accuracy during training.
        """
        if reduction not in ("sum", "mean"):
            raise ValueError(f"trace: reduction must be 'sum' or 'mean', got {reduction!r}")
        arrays = self._batches(batches)
        pvec = self._param_array(param_values)
        out, grads = self.replay(arrays, pvec, reduction)
        assert grads is not None
        if self._check_pending:
            self._check(arrays, pvec, out, grads, reduction)
        return np.array(out), np.array(grads)

    def accumulate_grad(self, *batches: npt.ArrayLike, reduction: Reduction = "sum") -> Array:
        """Add the batch gradient into each parameter's ``grad`` (as eager ``backward``
        does for leaves); returns the loss per sample."""
        losses, grads = self.backward(*batches, reduction=reduction)
        sums = [p.grad + g for p, g in zip(self.params, grads.tolist(), strict=True)]
        for j, (p, v) in enumerate(zip(self.params, sums, strict=True)):
            if v - v:  # checked before anything is stored, as eager backward does
                name = f" {p.label!r}" if p.label else ""
                raise NonFiniteGradient(
                    f"trace: accumulate_grad: the gradient of parameter {j}{name} overflows: "
                    f"{p.grad!r} + {float(grads[j])!r} is {v!r}; call zero_grad() between steps",
                    p,
                )
        for p, v in zip(self.params, sums, strict=True):
            p.grad = v
        return losses

    # ------------------------------------------------------------------ check mode
    def _check(
        self,
        batches: list[Array],
        pvec: Array,
        out: Array,
        grads: Array | None,
        reduction: Reduction | None,
    ) -> None:
        """Run the eager engine on every sample of this batch and compare."""
        self._check_pending = False
        rows = batches[0].shape[0]
        want_out = np.zeros((rows, out.shape[1]))
        want_grad = np.zeros(len(self.params))
        losses: list[Value] = []
        saved = self.param_values()
        self.set_param_values(pvec)
        try:
            for r in range(rows):
                leaves = [[Value(float(x)) for x in b[r]] for b in batches]
                result = self.fn(*leaves)
                outs = [result] if isinstance(result, Value) else list(result)
                if len(outs) != out.shape[1]:
                    raise TraceMismatchError(
                        f"trace check: sample {r} gives {len(outs)} outputs, the trace "
                        f"{out.shape[1]} — the function's Python control flow depends on data"
                    )
                want_out[r] = [o.data for o in outs]
                losses.append(outs[0])
            if grads is not None:  # Σ of the samples' gradients: one backward pass
                total = losses[0] if rows == 1 else vsum(losses)
                want_grad += gradients(total, self.params)
        finally:
            self.set_param_values(saved)
        hint = (
            "; the function probably branches on data or turns inputs into plain numbers "
            "(a trace records the ops that ran for the example, not Python control flow)"
        )
        atol = 1e-12 * max(1.0, float(np.abs(want_out).max()))
        for r in range(rows):
            for j in range(out.shape[1]):
                if not _close(float(out[r, j]), float(want_out[r, j]), atol):
                    raise TraceMismatchError(
                        f"trace check: output {j} of sample {r}: replay gives "
                        f"{float(out[r, j])!r}, the eager engine {float(want_out[r, j])!r}{hint}"
                    )
        if grads is None:
            return
        if reduction == "mean":
            want_grad /= rows
        atol = 1e-12 * max(1.0, float(np.abs(want_grad).max(initial=0.0)))
        for j, p in enumerate(self.params):
            if not _close(float(grads[j]), float(want_grad[j]), atol):
                name = f" {p.label!r}" if p.label else ""
                raise TraceMismatchError(
                    f"trace check: gradient of parameter {j}{name}: replay gives "
                    f"{float(grads[j])!r}, the eager engine {float(want_grad[j])!r}{hint}"
                )

    def __repr__(self) -> str:
        return (
            f"Traced({self.n_nodes} nodes in {self.n_calls} fused calls, inputs of "
            f"sizes {self.input_sizes}, {len(self.params)} params, {self.n_outputs} output(s))"
        )


def trace(
    fn: Callable[..., Value | Sequence[Value]],
    *example_inputs: Sequence[float],
    params: Sequence[Value] = (),
    check: bool = False,
    fuse: bool = True,
) -> Traced:
    """Record the graph ``fn`` builds, to replay it on numpy batches (see module doc).

    ``fn`` is called once with one list of input Values per example input (e.g. a
    sample's features and its target) and must return a Value (a loss, for ``backward``)
    or a list of Values. ``params`` are the model's leaf Values: the replay reads their
    current numbers on every call and returns gradients for them. Other leaves are
    constants. Data-dependent Python control flow is NOT recorded; ``check=True``
    compares the first replayed batch with the eager engine (:class:`TraceMismatchError`).
    ``fuse=False`` replays node by node (for testing the fusion).
    """
    if not is_grad_enabled():
        raise RuntimeError("trace: gradient recording is off (inside no_grad): nothing to trace")
    ps = tuple(params)
    seen: set[int] = set()
    for j, p in enumerate(ps):
        if not isinstance(p, Value):
            raise TypeError(f"trace: params[{j}] is {type(p).__name__}, expected a Value")
        if p.parents:
            raise ValueError(f"trace: params[{j}] is computed by {p.op!r}, expected a leaf")
        if id(p) in seen:
            raise ValueError(f"trace: params[{j}] is listed twice")
        seen.add(id(p))
    inputs = [
        [Value(x, label=f"input{i}[{j}]") for j, x in enumerate(_example(ex, i))]
        for i, ex in enumerate(example_inputs)
    ]
    result = fn(*inputs)
    single = isinstance(result, Value)
    returned: list[object] = [result] if isinstance(result, Value) else list(result)
    if not returned:
        raise ValueError("trace: the function returned no outputs")
    outputs: list[Value] = []
    for j, o in enumerate(returned):
        if not isinstance(o, Value):
            raise TypeError(f"trace: output {j} is {type(o).__name__}, expected a Value")
        outputs.append(o)
    return Traced(fn, inputs, ps, outputs, single, check, fuse)


def fit_compiled(
    traced: Traced,
    X: npt.ArrayLike,
    Y: npt.ArrayLike,
    *,
    lr: float,
    batch_size: int = 64,
    epochs: int = 1,
    seed: int | None = 0,
    momentum: float = 0.0,
    weight_decay: float | npt.ArrayLike = 0.0,
    reduction: Reduction = "mean",
    shuffle: bool = True,
) -> list[float]:
    """Mini-batch SGD on a traced loss ``loss(x, y)``; returns the mean loss per epoch.

    The parameters live in one numpy vector during training and are written back into
    their Values after every epoch. Per batch (torch.optim.SGD's convention):

        g = ∇ batch loss + λ·p;   v ← μ·v + g  (v = g on the first step);   p ← p − η·v

    ``weight_decay`` λ is one number or one per parameter (e.g. 0 for biases, to decay
    the weights only: the seeds' L2 term λ/2·ΣW² has gradient λ·W). The epoch loss is
    the mean over samples of the loss each had when its batch was computed (before that
    batch's update). ``shuffle`` draws a new order each epoch from ``seed``; the last
    batch may be smaller.
    """
    if len(traced.input_sizes) != 2:
        raise ValueError(
            f"fit_compiled: the traced loss must take two inputs (x, y), "
            f"it takes {len(traced.input_sizes)}"
        )
    if traced.n_outputs != 1:
        raise ValueError("fit_compiled: the traced function must return one loss Value")
    xs = np.asarray(X)
    ys = np.asarray(Y)
    if ys.ndim == 1 and traced.input_sizes[1] == 1:
        ys = ys[:, None]
    for name, a, size in (("X", xs, traced.input_sizes[0]), ("Y", ys, traced.input_sizes[1])):
        if a.ndim != 2 or a.shape[1] != size:
            raise ValueError(
                f"fit_compiled: {name} must have shape (samples, {size}), got {a.shape}"
            )
        # checked in slices: a mask of the whole of MNIST-sized X would be 47 MB
        if a.dtype.kind not in "fiu" or not all(
            np.isfinite(a[i : i + 4096]).all() for i in range(0, a.shape[0], 4096)
        ):
            raise ValueError(f"fit_compiled: {name} must hold finite real numbers")
    if xs.shape[0] != ys.shape[0] or xs.shape[0] == 0:
        raise ValueError(f"fit_compiled: X has {xs.shape[0]} rows and Y {ys.shape[0]}")
    try:
        decay = np.broadcast_to(np.asarray(weight_decay, dtype=np.float64), (len(traced.params),))
    except ValueError:
        raise ValueError(
            f"fit_compiled: weight_decay must be a number or one per parameter "
            f"({len(traced.params)}), got shape {np.shape(weight_decay)}"
        ) from None
    for name, value, ok in (
        ("lr", lr, lr > 0 and math.isfinite(lr)),
        ("batch_size", batch_size, isinstance(batch_size, int) and batch_size >= 1),
        ("epochs", epochs, isinstance(epochs, int) and epochs >= 0),
        ("momentum", momentum, 0.0 <= momentum < 1.0),
        ("weight_decay", weight_decay, bool(np.all(decay >= 0) and np.all(np.isfinite(decay)))),
        ("reduction", reduction, reduction in ("sum", "mean")),
    ):
        if not ok:
            raise ValueError(f"fit_compiled: bad {name} {value!r}")
    n = xs.shape[0]
    rng = np.random.default_rng(seed)
    # the parameters in the trace's order (a layer's weights side by side): the replay
    # reads and updates them as slices; written back in params' order after each epoch
    order = traced.order
    q = traced.param_values()[order]
    decay = decay[order]
    velocity: Array | None = None
    history: list[float] = []
    f64 = np.float64
    for epoch in range(epochs):
        order = rng.permutation(n) if shuffle else np.arange(n)
        total = 0.0
        for start in range(0, n, batch_size):
            idx = order[start : start + batch_size]
            batch = [np.asarray(xs[idx], dtype=f64), np.asarray(ys[idx], dtype=f64)]
            if traced._check_pending:
                traced.set_param_values(traced.in_params_order(q))
                traced.backward(*batch, reduction=reduction)  # compares with eager, once
            try:
                out, grads = traced.run(batch, q, reduction)
            except ValueError as err:
                traced.set_param_values(traced.in_params_order(q))
                # keep the class (InfiniteDerivative, NonFiniteGradient, …): callers
                # catch by kind, not by message
                kind = (
                    type(err)
                    if isinstance(err, (InfiniteDerivative, NonFiniteGradient))
                    else ValueError
                )
                raise kind(f"fit_compiled: epoch {epoch}, batch at row {start}: {err}") from err
            assert grads is not None
            total += float(out[:, 0].sum())
            if decay.any():
                grads = grads + decay * q
            if momentum:
                velocity = grads.copy() if velocity is None else momentum * velocity + grads
                grads = velocity
            q -= lr * grads
        traced.set_param_values(traced.in_params_order(q))
        history.append(total / n)
    return history
