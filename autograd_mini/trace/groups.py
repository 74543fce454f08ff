"""A fused group compiled to numpy: its forward call and its backward calls.

Each kind — elementwise (unary and binary ops), ``dot``, ``sum`` — looks its rules up
in the op table and evaluates them on the numpy backend, on whole ``(rows, n)`` arrays
(its quiet variant: a group runs only inside the replay's ``errstate(all="ignore")``,
and the replay checks every result for nan and infinity).
Everything that does not depend on the numbers is decided when the group is built: how
its inputs are read (:class:`~autograd_mini.trace.slots.Take`), which matrix product a
``dot`` layout is, which of its sides need a gradient, whether a bias is a plain
addition. A batch then runs a short, fixed sequence of numpy calls per group.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from autograd_mini.numpy_backend import QUIET_NUMPY
from autograd_mini.ops import (
    Constant,
    DotArg,
    Op,
    SumArg,
    domain_error,
    kernel_error,
    partial_name,
)
from autograd_mini.trace.emit import Emitter, shaped
from autograd_mini.trace.slots import Take
from autograd_mini.value import InfiniteDerivative, node_name

__all__ = ["Dot", "Elementwise", "Group", "Sum"]

Array = npt.NDArray[np.float64]
PairFn = Callable[[Any, Any], Any]


class Group:
    """Nodes of one op at one depth, computed by one numpy call; output block ``block``."""

    op: Op
    block: int
    n: int
    shared: bool  # every input is shared by the batch: the outputs are too (one row)
    needs_grad: bool
    takes: list[Take]  # in the order backward sends gradients through them
    inputs: list[Take]  # every take the forward pass reads
    labels: Sequence[str]  # the nodes' labels, for error messages
    origins: Sequence[str] = ()  # what a derivative rule's node is part of (Program.origins)
    cblock: int  # the constants' block: its dtype is the replay's (float64 or float32)

    def forward(self, vals: list[Any], rows: int, saved: list[Any], i: int) -> None:
        raise NotImplementedError

    def constants(self) -> list[float]:
        """The plain numbers the group holds itself that a float32 replay computes with
        in float32 — a binary op's constant operand, a Python float, which numpy casts to
        the array's float32 — and which it must therefore be able to hold (see Replay).
        A dot's weights and offsets are float64 arrays: numpy computes with them in
        float64, and they are not listed."""
        return []

    def finish(self) -> None:
        """Last choices, once the backward pass's writes are planned (plan_writes)."""

    def backward(
        self, vals: list[Any], adj: list[Any], saved: list[Any], i: int, careful: bool
    ) -> None:
        """Send the gradient on to the inputs. ``careful`` (the re-run after a non-finite
        gradient was found): refuse a non-zero gradient meeting an infinite local
        derivative, and send 0 — not 0·∞ = nan — where the gradient is 0."""
        raise NotImplementedError

    def emit_forward(self, e: Emitter, i: int) -> None:
        """:meth:`forward` as lines of straight-line code (:mod:`~autograd_mini.trace.emit`):
        the same numpy calls, without the calls and lookups around them. The two are one
        pass written twice, kept in step by ``tests/test_emit.py``, which holds them
        equal bit for bit for every layout of every kind: change both, or neither."""
        raise NotImplementedError

    def emit_backward(self, e: Emitter, i: int) -> None:
        """:meth:`backward` as lines of code, for the fast case (every number finite:
        ``careful`` is never needed there)."""
        raise NotImplementedError

    def where(self, r: int, j: int, shape: tuple[int, ...], rows: int) -> str:
        """Which node and sample an error is about (``shape``: the array it is read from;
        one row standing for a batch of ``rows`` means every sample)."""
        sample = sample_of(r, shape, rows)
        node = node_name(self.label(j), self.op.name)
        origin = self.origins[j] if j < len(self.origins) else ""
        if origin:  # made by a derivative rule: the user never wrote this op
            node += f", part of {origin}"
        return f"{node}, {'every sample' if sample is None else f'sample {sample}'}"

    def label(self, j: int) -> str:
        """Node ``j``'s label, "" if it has none."""
        return self.labels[j] if j < len(self.labels) else ""

    def _store(self, vals: list[Any], rows: int, y: Any, dtype: Any) -> None:
        vals[self.block] = shaped(y, (1 if self.shared else rows, self.n), dtype)


def sample_of(r: int, shape: tuple[int, ...], rows: int) -> int | None:
    """The sample row ``r`` of an array of ``shape`` stands for in a batch of ``rows``:
    ``r`` itself, or None when the array has one row for every sample (a node made of
    parameters and constants alone)."""
    return None if shape[0] == 1 and rows > 1 else r


class Elementwise(Group):
    """Unary and binary ops: the op table's rule applied to whole ``(rows, n)`` arrays.

    ``constant``: a binary op's constant operand, its value a number or a row of numbers.
    """

    def __init__(
        self, op: Op, takes: list[Take], constant: Constant | None, n: int, block: int
    ) -> None:
        self.op, self.n, self.block, self.constant = op, n, block, constant
        self.shared = all(t.shared for t in takes)
        self.needs_grad = any(t.has_grad for t in takes)
        # (take, ∂y/∂input rule, the input's position in the op's argument list)
        skip = -1 if constant is None else constant.position
        positions = [k for k in range(op.arity) if k != skip]
        self.grads = [
            (t, op.derivs[k], k) for t, k in zip(takes, positions, strict=True) if t.has_grad
        ]
        self.takes = [t for t, _, _ in self.grads]
        self.inputs = list(takes)
        self.readers = [t.get for t in takes]
        self.unary = self.readers[0] if op.arity == 1 else None

    def constants(self) -> list[float]:
        c = None if self.constant is None else self.constant.value
        return [c] if isinstance(c, float) else []  # a row of numbers is a float64 array

    def forward(self, vals: list[Any], rows: int, saved: list[Any], i: int) -> None:
        if self.unary is not None:
            x = self.unary(vals, rows)
            saved[i] = xs = (x,)
            y = self.op.forward(QUIET_NUMPY, x)
        else:
            xl = [get(vals, rows) for get in self.readers]
            if self.constant is not None:
                xl.insert(self.constant.position, self.constant.value)
            saved[i] = xs = tuple(xl)
            y = self.op.forward(QUIET_NUMPY, *xs)
        self._store(vals, rows, y, vals[self.cblock].dtype)

    def domain_error_at(self, vals: list[Any], rows: int, r: int, j: int) -> Exception | None:
        """The error the op's own check gives for node ``j``'s inputs in sample ``r`` —
        the class the eager engine raises there (1/0 a DivisionByZero, log 0 a
        DomainError), where a non-finite result alone says only "inf" or "nan" — or
        None when they are in its domain. An op without a check: what its float forward
        says at those inputs, as eager (:func:`~autograd_mini.ops.kernel_error`)."""
        xl = [get(vals, rows) for get in self.readers]
        inputs = [float(np.broadcast_to(x, (rows, self.n))[r, j]) for x in xl]
        if self.constant is not None:
            value = self.constant.value
            c = value if isinstance(value, float) else np.broadcast_to(value, (1, self.n))[0, j]
            inputs.insert(self.constant.position, float(c))
        error = domain_error(self.op, *inputs)
        if error is None and self.op.check is None and all(x - x == 0.0 for x in inputs):
            return kernel_error(self.op, inputs)  # a row without check=: its kernel's word
        return error

    def backward(
        self, vals: list[Any], adj: list[Any], saved: list[Any], i: int, careful: bool
    ) -> None:
        g = adj[self.block]
        xs = saved[i]
        y = vals[self.block]
        for take, rule, k in self.grads:
            d = rule(QUIET_NUMPY, *xs, y)
            if type(d) is float and d == 1.0:
                take.add(adj, g)
                continue
            contrib = g * d
            if careful:
                contrib = self._careful(k, d, g, contrib, vals[0].shape[0])
            take.add(adj, contrib)

    def emit_forward(self, e: Emitter, i: int) -> None:
        xs = [e.assign("x", e.read(t)) for t in self.inputs]
        if self.constant is not None:
            xs.insert(self.constant.position, e.bind(self.constant.value, "const"))
        e.saved[i] = xs
        y = e.assign("y", f"{e.bind(self.op.forward, 'op')}(B, {', '.join(xs)})")
        e.store(self.block, self.shared, self.n, y)

    def emit_backward(self, e: Emitter, i: int) -> None:
        g = e.assign("g", f"A[{int(self.block)}]")
        args = ", ".join([*e.saved[i], f"V[{int(self.block)}]"])
        for take, rule, _ in self.grads:
            d = e.assign("d", f"{e.bind(rule, 'slope')}(B, {args})")
            c = e.assign("c", f"{g} if type({d}) is float and {d} == 1.0 else {g} * {d}")
            e.write(take, c)

    def _careful(self, k: int, d: Any, g: Any, contrib: Any, rows: int) -> Any:
        bad = ~np.isfinite(d)
        if not bad.any():
            return contrib
        flowing = np.broadcast_to(bad & (g != 0.0), contrib.shape)
        if flowing.any():
            r, j = np.argwhere(flowing)[0]
            dv = float(np.broadcast_to(d, contrib.shape)[r, j])
            gv = float(np.broadcast_to(g, contrib.shape)[r, j])
            what = "does not exist (nan)" if dv != dv else f"is {dv!r}"
            raise InfiniteDerivative(
                f"trace: {self.op.name}: the local derivative {partial_name(self.op, k)} "
                f"{what}, and a gradient of {gv!r} has to flow through it{self.op.math_note} "
                f"— at {self.where(r, j, contrib.shape, rows)}"
            )
        return np.where(bad, 0.0, contrib)  # no gradient flows: 0, not nan


# --------------------------------------------------------------------------- dot


def _pair_forward(lvec: bool, lshared: bool, rvec: bool, rshared: bool, n: int) -> PairFn:
    """Σᵢ leftⱼᵢ·rightⱼᵢ for each node j, for this layout. A side is a *vector*
    ``(rows, k)`` when all n nodes share it (a layer's input), else a matrix
    ``(rows, n, k)``; a vector times a matrix that does not vary over the batch (a
    weight matrix) is one matrix product."""
    if lvec and rvec:

        def both(a: Any, b: Any) -> Any:
            total = (a * b).sum(axis=-1, keepdims=True)
            return np.broadcast_to(total, (total.shape[0], n))

        if n == 1:  # one node (a loss Σ (aₖ − tₖ)², say): the sum is already its column
            return lambda a, b: (a * b).sum(axis=-1, keepdims=True)
        return both
    if rvec and lshared:
        return lambda a, b: b @ a[0].T
    if lvec and rshared:
        return lambda a, b: a @ b[0].T
    if lvec:
        return lambda a, b: (a[:, None, :] * b).sum(axis=-1)
    if rvec:
        return lambda a, b: (a * b[:, None, :]).sum(axis=-1)
    return lambda a, b: (a * b).sum(axis=-1)


def _pair_grad(dvec: bool, dshared: bool, tvec: bool, tshared: bool) -> PairFn:
    """Gradient contribution for one side of the pairs, as ``f(g, d)``: Σ over the chain
    ``g·d``, shaped for this side's take. ``g`` is ∂L/∂y ``(rows, n)``; ``d`` is the op
    table's ∂y/∂(this side) — the other side's numbers, as a vector or a matrix."""
    if tvec:  # one list shared by all n nodes: sum over the nodes
        if dvec:
            return lambda g, d: (g if g.shape[1] == 1 else g.sum(axis=1, keepdims=True)) * d
        if dshared:
            return lambda g, d: g @ d[0]
        return lambda g, d: np.einsum("rn,rnk->rk", g, d)
    if dvec:
        if tshared:  # a weight matrix: the product also sums over the batch
            if dshared:
                return lambda g, d: (g.sum(axis=0)[:, None] * d[0]).reshape(1, -1)
            return lambda g, d: (g.T @ d).reshape(1, -1)
        return lambda g, d: (g[:, :, None] * d[:, None, :]).reshape(g.shape[0], -1)
    if tshared:
        return lambda g, d: np.einsum(
            "rn,rnk->nk", g, np.broadcast_to(d, (g.shape[0], *d.shape[1:]))
        ).reshape(1, -1)
    return lambda g, d: (g[:, :, None] * d).reshape(g.shape[0], -1)


def _outer_into(g: Any, a: Any, out: Any) -> None:
    """out = Gᵀ·A: (n, rows)·(rows, k), summed over the batch by the product. One row:
    the outer product, which is cheaper than a matrix product of inner size 1."""
    if g.shape[0] == 1:
        np.multiply(g.T, a, out=out)
    else:
        np.matmul(g.T, a, out=out)


class Dot(Group):
    """``dot`` nodes of one layout (k pairs, c constant-weighted terms): one product.

    ``sides``: the two lists of the k pairs, each a take and whether it is a *vector*
    (one list shared by all n nodes, as a layer's input); ``same``: the two lists are
    one (Σ xᵢ·xᵢ), so both sides' gradients are summed before one write; ``lin``: the c terms
    weighted by ``consts`` (n, c); ``offset``: each node's constant, if any is non-zero.
    """

    def __init__(
        self,
        op: Op,
        sides: tuple[Take, bool, Take, bool] | None,
        lin: Take | None,
        consts: Array,
        offset: Array | None,
        n: int,
        block: int,
        same: bool = False,
    ) -> None:
        self.op, self.sides, self.lin, self.consts, self.offset = op, sides, lin, consts, offset
        self.n, self.block = n, block
        every = [t for t in (sides[0] if sides else None, sides[2] if sides else None, lin) if t]
        self.inputs = every
        self.shared = all(t.shared for t in every)
        self.needs_grad = any(t.has_grad for t in every)
        # the bias of a neuron: one term, weight 1 — a plain addition, its gradient g
        self.plain_lin = consts.shape[1] == 1 and bool((consts == 1.0).all())
        # The table's rule sees the stacked layout: one pair (left, right) standing for
        # all k pairs, one constant-weighted column standing for all c terms; it returns
        # [∂y/∂left = right, ∂y/∂right = left, ∂y/∂lin = consts].
        self.arg = DotArg(1 if sides else 0, (consts,) if lin else (), 0.0)
        self.takes = []
        self.left_grad = self.right_grad = None
        self.left_into = self.right_into = False  # see finish()
        # Σ xᵢ·xᵢ: both sides are the same slots, so both need a gradient or neither
        self.same = same and sides is not None and sides[0].has_grad
        if sides is not None:
            lt, lvec, rt, rvec = sides
            self.pair = _pair_forward(lvec, lt.shared, rvec, rt.shared, n)
            self.fresh = not (lvec and rvec)  # a new array, not a broadcast view
            if lt.has_grad:
                self.left_grad = _pair_grad(rvec, rt.shared, lvec, lt.shared)
                self.takes.append(lt)
            if rt.has_grad:
                self.right_grad = _pair_grad(lvec, lt.shared, rvec, rt.shared)
                if not self.same:  # one write, through the left side's take
                    self.takes.append(rt)
        if lin is not None and lin.has_grad:
            self.takes.append(lin)

    def forward(self, vals: list[Any], rows: int, saved: list[Any], i: int) -> None:
        n = self.n
        y: Any = None
        parents = []
        fresh = False
        if self.sides is not None:
            lt, lvec, rt, rvec = self.sides
            left, right = lt.get(vals, rows), rt.get(vals, rows)
            if not lvec:
                left = left.reshape(left.shape[0], n, -1)
            if not rvec:
                right = right.reshape(right.shape[0], n, -1)
            parents += [left, right]
            y = self.pair(left, right)
            fresh = self.fresh
        if self.lin is not None:
            lin = self.lin.get(vals, rows)
            if not self.plain_lin:
                lin = lin.reshape(-1, n, self.consts.shape[1])
                term = (lin * self.consts).sum(axis=-1)
            else:
                term = lin
            parents.append(lin)
            if y is None:
                y = term
            elif fresh and y.shape[0] >= term.shape[0]:
                y += term  # the product's own new array: no further temporary
            else:
                y = y + term
                fresh = True
        if self.offset is not None:
            y = y + self.offset if y is not None else np.broadcast_to(self.offset, (1, n))
        saved[i] = parents
        self._store(vals, rows, y, vals[self.cblock].dtype)

    def finish(self) -> None:
        """A weight matrix (a shared side, one matrix per node) times the batch's input
        vector, whose gradient columns nothing else writes: compute Gᵀ·A straight into
        the parameters' gradient (no temporary, no addition)."""
        if self.sides is None:
            return
        lt, lvec, rt, rvec = self.sides
        self.left_into = lt.has_grad and lt.settable and not lvec and rvec and not rt.shared
        self.right_into = rt.has_grad and rt.settable and not rvec and lvec and not lt.shared

    def backward(
        self, vals: list[Any], adj: list[Any], saved: list[Any], i: int, careful: bool
    ) -> None:
        g = adj[self.block]  # a dot's local derivatives are its inputs: always finite
        parents = saved[i]
        if self.sides is not None:
            lt, _, rt, _ = self.sides
            # [∂y/∂left, ∂y/∂right, …] from the table: the other side's numbers
            ds = self.op.nary_derivs(QUIET_NUMPY, parents, vals[self.block], self.arg)  # type: ignore[misc]
            if self.same:  # ∂/∂left and ∂/∂right reach the same variables: one write
                assert self.left_grad is not None and self.right_grad is not None
                lt.add(adj, self.left_grad(g, ds[0]) + self.right_grad(g, ds[1]))
            else:
                self._send(lt, self.left_into, self.left_grad, g, ds[0], adj)
                self._send(rt, self.right_into, self.right_grad, g, ds[1], adj)
        if self.lin is not None and self.lin.has_grad:
            if self.plain_lin:
                self.lin.add(adj, g)
            else:
                contrib = g[:, :, None] * self.consts
                self.lin.add(adj, contrib.reshape(contrib.shape[0], -1))

    def emit_forward(self, e: Emitter, i: int) -> None:
        n = int(self.n)
        parents: list[str] = []
        y: str | None = None
        fresh = False
        if self.sides is not None:
            lt, lvec, rt, rvec = self.sides
            for prefix, take, vec in (("left", lt, lvec), ("right", rt, rvec)):
                side = e.assign(prefix, e.read(take))
                if not vec:
                    e.line(f"{side} = {side}.reshape({side}.shape[0], {n}, -1)")
                parents.append(side)
            y = e.assign("y", f"{e.bind(self.pair, 'pair')}({parents[0]}, {parents[1]})")
            fresh = self.fresh
        if self.lin is not None:
            lin = e.assign("lin", e.read(self.lin))
            term = lin
            if not self.plain_lin:
                e.line(f"{lin} = {lin}.reshape(-1, {n}, {int(self.consts.shape[1])})")
                term = e.assign("term", f"({lin} * {e.bind(self.consts, 'consts')}).sum(axis=-1)")
            parents.append(lin)
            if y is None:
                y = e.assign("y", term)
            elif fresh:  # the product's own new array: no further temporary
                e.line(f"if {y}.shape[0] >= {term}.shape[0]:\n    {y} += {term}")
                e.line(f"else:\n    {y} = {y} + {term}")
            else:
                e.line(f"{y} = {y} + {term}")
        if self.offset is not None:
            offset = e.bind(self.offset, "offset")
            if y is None:
                y = e.assign("y", f"np.broadcast_to({offset}, (1, {n}))")
            else:
                e.line(f"{y} = {y} + {offset}")
        assert y is not None  # a dot has pairs, constant terms or an offset
        e.saved[i] = parents
        e.store(self.block, self.shared, n, y)

    def emit_backward(self, e: Emitter, i: int) -> None:
        g = e.assign("g", f"A[{int(self.block)}]")
        if self.sides is not None:
            lt, _, rt, _ = self.sides
            parents = ", ".join(e.saved[i])
            rule, arg = e.bind(self.op.nary_derivs, "slopes"), e.bind(self.arg, "arg")
            ds = e.assign("ds", f"{rule}(B, [{parents}], V[{int(self.block)}], {arg})")
            if self.same:
                left, right = e.bind(self.left_grad, "grad"), e.bind(self.right_grad, "grad")
                e.write(lt, e.assign("c", f"{left}({g}, {ds}[0]) + {right}({g}, {ds}[1])"))
            else:
                self._emit_send(e, lt, self.left_into, self.left_grad, g, f"{ds}[0]")
                self._emit_send(e, rt, self.right_into, self.right_grad, g, f"{ds}[1]")
        if self.lin is not None and self.lin.has_grad:
            if self.plain_lin:
                e.write(self.lin, g)
            else:
                c = e.assign("c", f"{g}[:, :, None] * {e.bind(self.consts, 'consts')}")
                e.line(f"{c} = {c}.reshape({c}.shape[0], -1)")
                e.write(self.lin, c)

    def _emit_send(
        self, e: Emitter, take: Take, into: bool, grad: PairFn | None, g: str, d: str
    ) -> None:
        if into:  # see finish: Gᵀ·A computed straight into the parameters' gradient
            s = take.grad_segments[0]
            cols = f"A[{int(s.block)}][0, {e.index(s.cols)}].reshape({int(self.n)}, -1)"
            e.line(f"{e.bind(_outer_into, 'outer')}({g}, {d}, {cols})")
        elif grad is not None:
            e.write(take, e.assign("c", f"{e.bind(grad, 'grad')}({g}, {d})"))

    def _send(
        self, take: Take, into: bool, grad: PairFn | None, g: Any, d: Any, adj: list[Any]
    ) -> None:
        """One side's gradient: computed straight into the parameters' gradient (see
        finish), or added through its take."""
        if into:
            _outer_into(g, d, take.into(adj).reshape(self.n, -1))
        elif grad is not None:
            take.add(adj, grad(g, d))


class Sum(Group):
    """``sum`` nodes with the same number of terms m: one ``sum`` along an axis."""

    def __init__(
        self, op: Op, take: Take, m: int, offset: Array | None, n: int, block: int
    ) -> None:
        self.op, self.take, self.m, self.offset, self.n, self.block = op, take, m, offset, n, block
        self.shared = take.shared
        self.needs_grad = take.has_grad
        self.takes = [take]
        self.inputs = [take]

    def forward(self, vals: list[Any], rows: int, saved: list[Any], i: int) -> None:
        terms = self.take.get(vals, rows)
        if self.n == 1:
            y = terms.sum(axis=1, keepdims=True)
        else:
            terms = terms.reshape(-1, self.n, self.m)
            y = terms.sum(axis=-1)
        saved[i] = [terms]
        self._store(
            vals, rows, y if self.offset is None else y + self.offset, vals[self.cblock].dtype
        )

    def backward(
        self, vals: list[Any], adj: list[Any], saved: list[Any], i: int, careful: bool
    ) -> None:
        g = adj[self.block]
        (d,) = self.op.nary_derivs(QUIET_NUMPY, saved[i], vals[self.block], SumArg(0.0))  # type: ignore[misc]
        rows = g.shape[0]
        if self.n == 1:  # (np.repeat: a copy, but far less Python than np.broadcast_to)
            one = type(d) is float and d == 1.0
            contrib = np.repeat(g if one else g * d, self.m, axis=1)
        else:
            contrib = np.broadcast_to(g[:, :, None] * d, (rows, self.n, self.m))
            contrib = contrib.reshape(rows, -1)
        self.take.add(adj, contrib)

    def emit_forward(self, e: Emitter, i: int) -> None:
        n, m = int(self.n), int(self.m)
        terms = e.assign("terms", e.read(self.take))
        if n == 1:
            y = e.assign("y", f"{terms}.sum(axis=1, keepdims=True)")
        else:
            e.line(f"{terms} = {terms}.reshape(-1, {n}, {m})")
            y = e.assign("y", f"{terms}.sum(axis=-1)")
        if self.offset is not None:
            e.line(f"{y} = {y} + {e.bind(self.offset, 'offset')}")
        e.saved[i] = [terms]
        e.store(self.block, self.shared, n, y)

    def emit_backward(self, e: Emitter, i: int) -> None:
        n, m = int(self.n), int(self.m)
        g = e.assign("g", f"A[{int(self.block)}]")
        rule, arg = e.bind(self.op.nary_derivs, "slopes"), e.bind(SumArg(0.0), "arg")
        d = e.assign("d", f"{rule}(B, [{e.saved[i][0]}], V[{int(self.block)}], {arg})[0]")
        if n == 1:
            one = f"{g} if type({d}) is float and {d} == 1.0 else {g} * {d}"
            c = e.assign("c", f"np.repeat({one}, {m}, axis=1)")
        else:
            full = f"({g}.shape[0], {n}, {m})"
            c = e.assign("c", f"np.broadcast_to({g}[:, :, None] * {d}, {full})")
            e.line(f"{c} = {c}.reshape({g}.shape[0], -1)")
        e.write(self.take, c)
