"""The forward and backward passes over the fused program, on numpy batches.

Built once from the program and its groups: every variable gets its slot, every group
its compiled numpy calls (:mod:`~autograd_mini.trace.groups`), every gradient write its
mode (:func:`~autograd_mini.trace.slots.plan_writes`). A batch then runs

* forward: each group in depth order, its op's forward rule on arrays of one column per
  node and one row per sample;
* backward: each group a gradient reaches, in reverse, the chain rule
  ∂L/∂p = Σ_consumers ∂y/∂p · ∂L/∂y with ∂y/∂p from the op table.

Nothing non-finite is let through: a forward value names the op and sample, a gradient
the node or parameter (as the eager engine does), at the price of one
:func:`~autograd_mini.finite.all_finite` per pass while all is well.

A batch normally runs both passes as one generated function (:meth:`Replay.compiled`,
:mod:`~autograd_mini.trace.emit`): the same numpy calls, written out. The groups' own
methods are the reference: they run before that function is compiled, and whenever it
meets a number that is not finite, to name it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from autograd_mini.errors import DomainError, OpOverflow
from autograd_mini.finite import all_finite, all_finite_each
from autograd_mini.ops import Constant, DotArg, SumArg
from autograd_mini.trace.emit import Emitter
from autograd_mini.trace.fuse import Group as Equations
from autograd_mini.trace.groups import Dot, Elementwise, Group, Sum, sample_of
from autograd_mini.trace.program import Program
from autograd_mini.trace.slots import Places, Slots, Take, plan_writes
from autograd_mini.value import NonFiniteGradient, Value, param_name

__all__ = ["Reduction", "Replay"]

Array = npt.NDArray[np.float64]
Reduction = Literal["sum", "mean"]

#: What writing and compiling the generated function costs, per group (measured on
#: chains of 2,000–10,000 unfused groups: 0.38–0.41 ms; see Replay.compiled).
COMPILE_SECONDS_PER_GROUP = 4e-4


class Replay:
    """The compiled program: blocks, groups, and the two passes."""

    def __init__(
        self, program: Program, fused: Sequence[Equations], params: Sequence[Value]
    ) -> None:
        self.params = params  # to name one whose gradient overflows
        n_in = len(program.input_vars)
        self.pblock, self.cblock = n_in, n_in + 1
        places = Places(len(program.labels), program.param_vars, self.pblock)
        for i, variables in enumerate(program.input_vars):
            places.place(variables, i)
        places.place(program.const_vars, self.cblock)
        self.consts = np.array([program.const_values], dtype=np.float64).reshape(1, -1)
        with np.errstate(over="ignore"):  # (a float64 replay never reads these)
            self.consts32 = self.consts.astype(np.float32)
        self.shared = [False] * n_in + [True, True]
        self.grad = [False] * n_in + [True, False]
        self.widths = [len(x) for x in program.input_vars]
        self.widths += [len(program.param_vars), len(program.const_vars)]
        self.groups: list[Group] = []
        for eqs in fused:
            block = len(self.shared)
            group = self._compile(eqs, places, block)
            group.labels = [program.labels[eq.output] for eq in eqs]
            if program.origins:
                group.origins = [program.origins[eq.output] for eq in eqs]
            group.cblock = self.cblock
            places.place([eq.output for eq in eqs], block)
            self.shared.append(group.shared)
            self.grad.append(group.needs_grad)
            self.widths.append(len(eqs))
            self.groups.append(group)
        #: a constant of the program that float32 cannot hold — beyond ±3.4e38 (it
        #: becomes inf: 1e39 as a divisor gave 0 without a word), or non-zero below
        #: 1.4e-45 (it becomes 0): a float32 replay is refused
        self.beyond32 = _beyond_float32(
            [self.consts, *(c for g in self.groups for c in g.constants())]
        )
        self.n_outputs = len(program.outputs)
        self.out = self._take(places.slots(program.outputs))
        # the loss is output 0; any further outputs ride along (e.g. the model's
        # predictions, for accuracy) and receive no gradient: only output 0 is seeded
        self.loss = self._take(places.slots(program.outputs[:1]))
        places.place_rest()  # parameters the outputs do not depend on: columns at the end
        self.order: npt.NDArray[np.intp] = np.array(places.order, dtype=np.intp)
        backward_order = [(g.block, g.takes) for g in reversed(self.groups) if g.needs_grad]
        zeros, reached = plan_writes(
            self.loss, backward_order, self.pblock, len(program.param_vars)
        )
        # each adjoint made before the backward pass: (block, rows: 1 or the batch's,
        # filled with zeros — or left empty, the parameters' when every column is set)
        self.starts = [
            (b, self.shared[b], self.widths[b], b in zeros) for b in sorted(zeros | {self.pblock})
        ]
        for group in self.groups:
            group.finish()
        self.backward_groups = [
            (i, g) for i, g in reversed(list(enumerate(self.groups))) if g.block in reached
        ]
        # A nan or inf that an absorbing op turns back into a finite number (σ(∞) = 1)
        # would never reach the outputs' check: the groups whose values such an op reads
        # are checked too (the inputs, parameters and constants are finite already).
        made = {g.block for g in self.groups}
        read = {s.block for g in self.groups if g.op.absorbs for t in g.inputs for s in t.segments}
        self.checked = sorted(made & read)
        self._fast: Callable[..., Any] | None = None
        self._source = ""
        self._slow_seconds = 0.0  # spent in the groups' own passes, before compiling

    def compiled(self) -> Callable[..., Any]:
        """The generated function (:meth:`_emit`), written and compiled when first asked
        for. :meth:`run` asks once its batches have taken as long in the groups' own
        passes as compiling is expected to take (:data:`COMPILE_SECONDS_PER_GROUP`), as
        one decides to buy skis after paying their price in rentals: a replay run once
        or twice does not pay for compiling, a training run does, and, as far as the
        estimate holds, no run pays much more than twice what the better choice in
        hindsight would have cost. (Compiling is CPython's ``compile`` of about 14 lines
        a group: 3 µs a group a batch saved against 0.4 ms once, for a chain of unfused
        ops.)"""
        if self._fast is None:
            self._fast, self._source = self._emit()
        return self._fast

    @property
    def source(self) -> str:
        """The generated function's source (see :mod:`~autograd_mini.trace.emit`)."""
        self.compiled()
        return self._source

    def _emit(self) -> tuple[Callable[..., Any], str]:
        """Both passes written out as one function (:mod:`~autograd_mini.trace.emit`):
        ``fast(batches, q, consts, rows, seed)`` gives (outputs, gradient of output 0 —
        None when ``seed`` is None), or None when a number is not finite."""
        e = Emitter()
        e.line(f"V = [*batches, q.reshape(1, -1), consts] + [None] * {len(self.groups)}")
        e.line("dt = consts.dtype")
        for i, group in enumerate(self.groups):
            group.emit_forward(e, i)
        out = e.assign("out", e.read(self.out))
        full = f"np.broadcast_to({out}, (rows, {int(self.n_outputs)}))"
        e.line(f"if {out}.shape[0] != rows:\n    {out} = {full}")
        finite = e.bind(all_finite, "finite")
        test = f"not {finite}({out})"
        if self.checked:
            checked = ", ".join(f"V[{int(b)}]" for b in self.checked)
            test += f" or not {e.bind(all_finite_each, 'finite')}([{checked}])"
        e.line(f"if {test}:\n    return None")
        e.line(f"if seed is None:\n    return {out}, None")
        e.line(f"A = [None] * {len(self.shared)}")
        for b, shared, width, zero in self.starts:
            fill, rows = "zeros" if zero else "empty", 1 if shared else "rows"
            e.line(f"A[{int(b)}] = np.{fill}(({rows}, {int(width)}), dt)")
        seed = e.assign("seed", "np.empty((rows, 1), dt)")
        e.line(f"{seed}.fill(seed)")  # np.full, without its Python-level wrapper
        e.write(self.loss, seed)
        for i, group in self.backward_groups:
            group.emit_backward(e, i)
        grads = e.assign("grads", f"A[{int(self.pblock)}][0]")
        e.line(f"if not {finite}({grads}):\n    return None")
        e.line(f"return {out}, {grads}")
        return e.function("replay", "batches, q, consts, rows, seed")

    # ------------------------------------------------------------------ building
    def _take(self, slots: Slots) -> Take:
        return Take(slots, self.shared, self.grad, self.widths)

    def _compile(self, eqs: Equations, places: Places, block: int) -> Group:
        first = eqs[0]
        op, n = first.op, len(eqs)
        arg = first.arg
        if isinstance(arg, DotArg):
            k, c = arg.pairs, len(arg.consts)
            args = [eq.arg for eq in eqs if isinstance(eq.arg, DotArg)]
            sides = None
            same = False
            if k:
                lists = []
                flats = []
                for part in (slice(0, k), slice(k, 2 * k)):
                    rows = [eq.inputs[part] for eq in eqs]
                    vec = all(r == rows[0] for r in rows)  # one list for all: a vector
                    flat = rows[0] if vec else [v for r in rows for v in r]
                    flats.append((flat, vec))
                    lists.append((self._take(places.slots(flat)), vec))
                sides = (lists[0][0], lists[0][1], lists[1][0], lists[1][1])
                same = flats[0] == flats[1]  # Σ xᵢ·xᵢ: both sides' gradients go to one place
            lin = None
            if c:
                lin = self._take(places.slots([v for eq in eqs for v in eq.inputs[2 * k :]]))
            consts = np.array([a.consts for a in args], dtype=np.float64).reshape(n, c)
            offset = np.array([a.offset for a in args], dtype=np.float64)
            return Dot(op, sides, lin, consts, offset if offset.any() else None, n, block, same)
        if isinstance(arg, SumArg):
            m = len(first.inputs)
            offsets = np.array([eq.arg.offset for eq in eqs if isinstance(eq.arg, SumArg)])
            take = self._take(places.slots([v for eq in eqs for v in eq.inputs]))
            return Sum(op, take, m, offsets if offsets.any() else None, n, block)
        takes = [
            self._take(places.slots([eq.inputs[j] for eq in eqs])) for j in range(len(first.inputs))
        ]
        constant: Constant | None = None
        if isinstance(arg, Constant):  # one number for the group, or a row of them
            values = [eq.arg.value for eq in eqs if isinstance(eq.arg, Constant)]
            same = all(x == values[0] for x in values)
            constant = Constant(arg.position, values[0] if same else np.array([values]))
        return Elementwise(op, takes, constant, n, block)

    # ------------------------------------------------------------------ passes
    def run(
        self, batches: list[Array], q: Array, reduction: Reduction | None
    ) -> tuple[Array, Array | None]:
        """Every output, shape (rows, outputs), and unless ``reduction`` is None the
        gradient of output 0 (the batch loss), in the trace's parameter order. Numpy's
        warnings are off: every result is checked for non-finite numbers instead."""
        rows = batches[0].shape[0] if batches else 1
        seed = None if reduction is None else _seed(rows, reduction)
        consts = self.consts32 if q.dtype == np.float32 else self.consts
        if consts is self.consts32 and self.beyond32 is not None:
            c = self.beyond32
            if abs(c) > 1:
                raise OpOverflow(
                    f"trace: the function's constant {c!r} is beyond float32's range "
                    f"(±3.4e38): replay it in float64"
                )
            raise DomainError(
                f"trace: the function's constant {c!r} is 0 in float32 (below 1.4e-45): "
                f"replay it in float64"
            )
        fn = self._fast
        if fn is None and self._slow_seconds >= COMPILE_SECONDS_PER_GROUP * len(self.groups):
            fn = self.compiled()
        start = time.perf_counter() if fn is None else 0.0
        with np.errstate(all="ignore"):
            fast: tuple[Array, Array | None] | None = None
            if fn is not None:
                fast = fn(batches, q, consts, rows, seed)
                if fast is not None:
                    return fast
            # the first run, or a number is not finite: the groups' own passes (which
            # say which number, and where, or give 0 where a zero gradient meets an
            # infinite slope: see gradient)
            vals, saved, out = self.forward(batches, q)
            grads = None if reduction is None else self.gradient(vals, saved, rows, reduction)
        if fn is None:
            self._slow_seconds += time.perf_counter() - start
        return out, grads

    def forward(self, batches: list[Array], q: Array) -> tuple[list[Any], list[Any], Array]:
        """(every block's values, what each group saved for backward, the outputs)."""
        rows = batches[0].shape[0] if batches else 1
        consts = self.consts32 if q.dtype == np.float32 else self.consts
        vals: list[Any] = [*batches, q.reshape(1, -1), consts]
        vals += [None] * len(self.groups)
        saved: list[Any] = [None] * len(self.groups)
        for i, group in enumerate(self.groups):
            group.forward(vals, rows, saved, i)
        out = self.out.get(vals, rows)
        if out.shape[0] != rows:
            out = np.broadcast_to(out, (rows, self.n_outputs))
        if not all_finite(out) or not all_finite_each([vals[b] for b in self.checked]):
            self._explain_nonfinite(vals, rows)
        return vals, saved, out

    def _explain_nonfinite(self, vals: list[Any], rows: int) -> None:
        # the first sample that fails, as the eager engine meets them one sample at a
        # time (a later sample's earlier node was named before), then its first node
        failing = []
        for group in self.groups:
            bad = ~np.isfinite(vals[group.block])
            if bad.any():  # (a shared row fails for every sample: sample 0)
                failing.append((group, bad, int(np.flatnonzero(bad.any(axis=1))[0])))
        first = min((r for _, _, r in failing), default=0)
        for group, bad, _ in failing:
            y = vals[group.block]
            row = 0 if y.shape[0] == 1 else first
            if bad[row].any():
                r, j = row, int(np.flatnonzero(bad[row])[0])
                # which node (by its label, when it has one) and which sample
                where = group.where(int(r), int(j), y.shape, rows)
                v = float(y[r, j])
                # the fields of an OpOverflow: the op, the node's label, the sample
                name, label, sample = group.op.name, group.label(j), sample_of(r, y.shape, rows)
                own = (
                    group.domain_error_at(vals, rows, int(r), int(j))
                    if isinstance(group, Elementwise)
                    else None
                )
                if isinstance(own, OpOverflow):  # the op's own words, as eager raises them
                    raise OpOverflow(f"trace: {own} — at {where}", name, (), label, sample)
                if own is not None:  # the op's own words and class
                    raise type(own)(f"trace: {own} — at {where}")
                # a float32 replay's numbers end at ±3.4e38, where the eager engine's
                # float64 ones go on (it said ±1.8e308 and blamed the order of terms)
                single = y.dtype == np.float32
                a_float = "a float32" if single else "a float"
                if group.op.arity == 0:  # a sum or dot of finite terms
                    raise OpOverflow(
                        f"trace: op {name!r} gives {v!r} at {where}: a partial sum "
                        f"passes {_largest(y)} — the result overflows {a_float}, or the "
                        f"order of the terms does ({_PASSING[single]})",
                        name,
                        (),
                        label,
                        sample,
                    )
                if v != v:  # nan: an input outside the op's domain (log of −1)
                    raise DomainError(
                        f"trace: op {group.op.name!r} gives nan at {where}: an input is "
                        f"outside its domain (the eager engine raises a DomainError)"
                    )
                raise OpOverflow(  # ±inf: too large for a float, or a pole (1/0)
                    f"trace: op {name!r} gives {v!r} at {where}: the result "
                    f"overflows {a_float}{' (±3.4e38)' if single else ''}, or an input is at "
                    f"a pole of the op (1/0, log 0)",
                    name,
                    (),
                    label,
                    sample,
                )
        raise DomainError("trace: an output is not finite")

    def backward(
        self,
        vals: list[Any],
        saved: list[Any],
        rows: int,
        reduction: Reduction,
        careful: bool = False,
    ) -> Array:
        """The parameters' gradient of the batch loss (output 0), in the trace's order."""
        adj: list[Any] = [None] * len(vals)
        dtype = vals[self.cblock].dtype
        for b, shared, width, zero in self.starts:
            adj[b] = (np.zeros if zero else np.empty)((1 if shared else rows, width), dtype)
        self.loss.add(adj, np.full((rows, 1), _seed(rows, reduction), dtype))
        for i, group in self.backward_groups:  # non-finite numbers: see gradient()
            if careful:
                _check_adjoint(group, adj[group.block], rows)
            group.backward(vals, adj, saved, i, careful)
        grads: Array = adj[self.pblock][0]
        return grads

    def gradient(self, vals: list[Any], saved: list[Any], rows: int, reduction: Reduction) -> Array:
        """:meth:`backward`, as fast as numpy allows while every number stays finite (one
        :func:`~autograd_mini.finite.all_finite` over the result); otherwise run again,
        careful, to give what the eager engine gives: 0 where a zero gradient meets an
        infinite local derivative (0·∞ is nan in numpy), ``InfiniteDerivative`` where a
        non-zero one does, :class:`NonFiniteGradient` naming the first node whose
        gradient overflows, or the first parameter whose sum over the batch does."""
        grads = self.backward(vals, saved, rows, reduction)
        if all_finite(grads):
            return grads
        grads = self.backward(vals, saved, rows, reduction, careful=True)
        bad = ~np.isfinite(grads)
        if not bad.any():
            return grads
        column = int(np.flatnonzero(bad)[np.argmin(self.order[bad])])  # first in params
        j = int(self.order[column])
        p = self.params[j]
        # a batch of one sample has no sum over rows to blame (only the sample's own sum
        # over the parameter's uses, when it has more than one)
        how = _ONE_SAMPLE if rows == 1 else f" (summed over the batch){_ORDER}"
        raise NonFiniteGradient(
            f"trace: the gradient of {param_name(j, p)} overflows to {float(grads[column])!r}"
            f"{how}; gradients beyond {_largest(grads)} cannot be stored — scale the loss or "
            f"the inputs down",
            p,
        )


#: What a gradient's refusal adds: the replay's sums are numpy's, in numpy's order, and
#: one that passes the largest float only on the way is refused with the rest (the
#: eager passes add such a sum again exactly: backward.Overflows). Redoing it here would
#: need each sum's terms, which numpy's reductions (a batch's rows, a matrix product)
#: do not keep.
_EXACTLY = (
    "(1e308 + 1e308 − 1e308): the eager engine adds such a sum exactly, the replay's array "
    "sums do not"
)
_ORDER = f" — the sum is beyond a float, or only a partial sum of its terms is {_EXACTLY}"

#: The same, for a batch of one sample: no sum over the batch, the sample's own over a
#: parameter used more than once (w·x₀ + w·x₁) only.
_ONE_SAMPLE = (
    " in the batch's one sample — the gradient is beyond a float, or, for a parameter the "
    f"sample uses more than once, only a partial sum of its uses is {_EXACTLY}"
)


#: How a sum's order of terms can overflow, by whether the replay is in float32: the
#: eager engine adds a float64 sum that passes ±1.8e308 only on the way again exactly;
#: a float32 one that passes ±3.4e38 it never meets (its numbers are float64).
_PASSING = {
    False: "1e308 + 1e308 − 1e308): the eager engine then adds the terms exactly, the "
    "replay's array sums do not",
    True: "3e38 + 3e38 − 3e38)",
}


def _largest(a: Any) -> str:
    """The range of ``a``'s numbers, as a message says it (float32's is ±3.4e38)."""
    return "±3.4e38 in float32" if getattr(a, "dtype", None) == np.float32 else "±1.8e308"


def _beyond_float32(constants: list[Any]) -> float | None:
    """The first of the numbers in ``constants`` (numbers and arrays) that float32 turns
    into another kind of number — inf, or 0 for a non-zero one — else None."""
    for c in constants:
        a = np.asarray(c, dtype=np.float64).ravel()
        with np.errstate(over="ignore", under="ignore"):
            a32 = a.astype(np.float32)
        bad = np.flatnonzero(~np.isfinite(a32) | ((a32 == 0) & (a != 0)))
        if len(bad):
            return float(a[bad[0]])
    return None


def _seed(rows: int, reduction: Reduction) -> float:
    """∂(batch loss)/∂(a sample's loss): 1/rows for the mean, 1 for the sum."""
    return 1.0 / rows if reduction == "mean" else 1.0


def _check_adjoint(group: Group, g: Any, rows: int) -> None:
    bad = ~np.isfinite(g)
    if bad.any():
        r, j = np.argwhere(bad)[0]
        raise NonFiniteGradient(
            f"trace: the gradient of {group.where(r, j, g.shape, rows)} (op {group.op.name!r}) "
            f"overflows to {float(g[r, j])!r}{_ORDER}; gradients beyond {_largest(g)} cannot "
            f"be stored — scale the loss or the inputs down"
        )
