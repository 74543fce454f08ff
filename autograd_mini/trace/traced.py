"""``trace`` and :class:`Traced`: record a function once, then replay it on batches.

``trace`` checks its arguments, runs the function on Values once and hands the result
to the passes: :func:`~autograd_mini.trace.program.record` (the equations),
:func:`~autograd_mini.trace.fuse.fuse` (the groups),
:class:`~autograd_mini.trace.replay.Replay` (the compiled passes). :class:`Traced` is
the user's handle: it checks batches and parameter vectors, runs the passes, turns a
non-finite gradient into an error naming the parameter, and runs the eager comparison
(:mod:`~autograd_mini.trace.check`) once when asked.
"""

from __future__ import annotations

import copy
import itertools
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from operator import attrgetter
from typing import Any, NoReturn, SupportsIndex, cast

import numpy as np
import numpy.typing as npt

from autograd_mini import value as _value
from autograd_mini.arg_checks import check_flag
from autograd_mini.backward import DERIVED
from autograd_mini.errors import NO_GRAD_INHERITED
from autograd_mini.trace.check import CheckInputs, compare_with_eager
from autograd_mini.trace.fuse import fuse as fuse_program
from autograd_mini.trace.inputs import example_numbers, real_array
from autograd_mini.trace.program import Program, record
from autograd_mini.trace.reads import watching_reads
from autograd_mini.trace.replay import Reduction, Replay
from autograd_mini.value import (
    NoGraph,
    NonFiniteGradient,
    StaleGraph,
    Value,
    get_data,
    get_seq,
    is_grad_enabled,
    mark,
    param_name,
    write_data,
)

__all__ = ["Traced", "trace"]

Array = npt.NDArray[np.float64]


class Traced:
    """A recorded program, replayed on numpy batches. Made by :func:`trace`.

    During a replay the parameters are one vector in the trace's own order (a layer's
    weights side by side, see :class:`~autograd_mini.trace.slots.Places`): :attr:`order`
    maps it to ``params``. The public calls take and give vectors aligned with
    ``params``; :meth:`run` works on the trace's order directly, for a training loop
    that keeps its vector so.

    ``copy.deepcopy`` copies a trace of a bound method (``model.forward``) with its model,
    bound to the copied parameters; a trace of a plain function or lambda that reads the
    parameters is refused (trace the copied model again). Pickling is refused.
    """

    def __init__(
        self,
        fn: Callable[..., Any],
        recorded: tuple[Program, tuple[Value, ...]],
        params: tuple[Value, ...],
        single: bool,
        check: bool,
        fuse: bool,
        check_inputs: CheckInputs = "values",
    ) -> None:
        self.fn = fn
        self.check_inputs: CheckInputs = check_inputs
        self.params = params
        program, self._constants = recorded
        self._recorded = mark()  # a constant written after this is no longer what it holds
        self.program = program
        """The recorded equations (data: see :mod:`~autograd_mini.trace.program`)."""
        self.input_sizes = tuple(len(x) for x in program.input_vars)
        self.single_output = single
        self.n_outputs = len(program.outputs)
        self.check_pending = check
        """True until a replay's outputs and gradient have been compared with the eager
        engine and agreed (a function without parameters: its outputs). A check that
        fails leaves it True: the next call checks again (it was set off first, and a
        second call after a TraceMismatchError returned the wrong replay silently)."""
        self._outputs_pending = check  # a forward() call checks the outputs only
        self._check_lock = threading.Lock()
        self.n_nodes = len(program.equations)
        self._replay = Replay(program, fuse_program(program, fuse), params)
        self.n_calls = len(self._replay.groups)
        """numpy calls per forward pass: one per fused group of nodes."""
        self.order: npt.NDArray[np.intp] = self._replay.order
        """Column c of the replay's parameter vector holds ``params[order[c]]``."""

    @property
    def replay_source(self) -> str:
        """The replay as the Python source of one function (see
        :mod:`~autograd_mini.trace.emit`), for reading: every object it uses is a name."""
        return self._replay.source

    # ------------------------------------------------------------------ inputs
    def param_values(self) -> Array:
        """The parameters' current numbers, read from the Values, as one 1-D array."""
        return np.fromiter(map(get_data, self.params), np.float64, count=len(self.params))

    def set_param_values(self, values: npt.ArrayLike) -> None:
        """Write numbers back into the parameter Values (after training on arrays), all
        of them or none, even under Ctrl-C (:func:`~autograd_mini.value.write_data`)."""
        write_data(self.params, self._param_array(values).tolist())

    def in_params_order(self, q: Array) -> Array:
        """A vector in the trace's order (see :meth:`run`) aligned with ``params``."""
        out = np.empty_like(q)
        out[self.order] = q
        return out

    def _param_array(self, values: npt.ArrayLike | None) -> Array:
        if values is None:
            return self.param_values()
        arr = real_array(values, "param_values")
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
            a = real_array(b, f"batch {i}")
            if a.ndim != 2 or a.shape[1] != sizes[i] or a.shape[0] == 0:
                # a 1-D array of targets for an input of one number is a column to be
                hint = (  # (which one it is, rows or one sample's numbers, is not known)
                    f" (one number a sample: pass np.reshape(b, (-1, 1)), shape ({len(a)}, 1))"
                    if a.ndim == 1 and sizes[i] == 1 and len(a)
                    else ""
                )
                raise ValueError(
                    f"trace: batch {i} must have shape (samples, {sizes[i]}) with at least "
                    f"one sample (one row per sample), got shape {a.shape}{hint}"
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
    def run(
        self, batches: list[Array], q: Array, reduction: Reduction | None
    ) -> tuple[Array, Array | None]:
        """Forward (and backward unless ``reduction`` is None) on checked arrays, with
        the parameters ``q`` in the trace's order (``q = pvec[traced.order]``).

        Returns every output, shape (rows, outputs), and the gradient of output 0 — the
        batch loss Σ L or (1/B)·Σ L — in the trace's order too. The dtype of ``q``
        (float64 or float32) is the replay's: the batches must have it as well.
        """
        if _value.last_write > self._recorded:  # some leaf written since: one of ours?
            self._refuse_written_constant()
        return self._replay.run(batches, q, reduction)

    def _refuse_written_constant(self) -> None:
        """A leaf the program holds as a constant (a leaf of ``fn`` not in ``params``)
        written after the trace: the replay would compute with its old number, silently."""
        for c in self._constants:
            if c._seq > self._recorded:
                name = f"leaf {c.label!r}" if c.label else f"an unlabelled leaf (now {c.data!r})"
                raise StaleGraph(
                    f"trace: {name} was given a new number after the trace recorded it as a "
                    f"constant (a leaf of the function that is not in params), so the replay "
                    f"holds its old number: list it in params, or trace again",
                    c,
                )

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
        if self._outputs_pending:  # the gradient stays to be checked by a call that has one
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
        if self.check_pending:
            self._check(arrays, pvec, out, grads, reduction)
        return np.array(out), np.array(grads)

    def accumulate_grad(self, *batches: npt.ArrayLike, reduction: Reduction = "sum") -> Array:
        """Add the batch gradient into each parameter's ``grad`` (as eager ``backward``
        does for leaves); returns the loss per sample."""
        losses, grads = self.backward(*batches, reduction=reduction)
        sums = [p._grad + g for p, g in zip(self.params, grads.tolist(), strict=True)]
        for j, (p, v) in enumerate(zip(self.params, sums, strict=True)):
            if v - v:  # checked before anything is stored, as eager backward does
                raise NonFiniteGradient(
                    f"trace: accumulate_grad: the gradient of {param_name(j, p)} overflows: "
                    f"{p.grad!r} + {float(grads[j])!r} is {v!r}; call zero_grad() between steps",
                    p,
                )
        for p, v in zip(self.params, sums, strict=True):
            p._grad = v
        return losses

    def _check(
        self,
        batches: list[Array],
        pvec: Array,
        out: Array,
        grads: Array | None,
        reduction: Reduction | None,
    ) -> None:
        """Run the eager engine on every sample of this batch and compare (until a
        batch agrees: outputs, then the gradient).

        The eager engine computes with the numbers the parameter Values hold: when this
        call was given others (``param_values``), the call's numbers are written into
        the Values for the comparison and the old ones put back after (with their
        ``seq``: no new write). For that time another thread using the model computes
        with them: make the first checked call before sharing the model, or without
        ``param_values``. Two threads making the first call at
        once take turns: both would write their numbers into the parameters and put
        back each other's (a reviewer's run left one thread's numbers in the model); the
        second waits, then finds the check done."""
        with self._check_lock:
            if not (self.check_pending if grads is not None else self._outputs_pending):
                return  # another thread's first call checked meanwhile
            data = [*map(get_data, self.params)]
            seqs = [*map(get_seq, self.params)]  # lent numbers put back are no new write
            # the usual case (nn.fit's): the replay ran on the Values' own numbers, and
            # 13,002 writes each way would change nothing
            swap = not np.array_equal(np.array(data, dtype=np.float64), pvec)
            if swap:
                self.set_param_values(pvec)
            try:
                compare_with_eager(
                    self.fn,
                    self.params,
                    batches,
                    out,
                    grads,
                    reduction == "mean",
                    self.check_inputs,
                )
            finally:
                if swap:
                    write_data(self.params, data, seqs)
            # agreed: off only now (a failed check raised above, and stays pending)
            self._outputs_pending = False
            if grads is not None or not self.params:
                self.check_pending = False

    # ------------------------------------------------------------------ copies
    def __copy__(self) -> Traced:
        """Another handle on the same trace: the function, the parameter Values, the
        compiled replay and the check's lock are shared (what ``copy.copy`` gave
        before :meth:`__reduce_ex__` refused pickling); the check flags are its own."""
        new = object.__new__(type(self))
        new.__dict__.update(self.__dict__)
        return new

    def __deepcopy__(self, memo: dict[int, Any]) -> Traced:
        """A copy bound to copies of the parameter Values: it replays the same numbers,
        and writing one's parameters (or its check running) leaves the other alone.

        Made only where the copy's function reads the copy's parameters: ``fn`` is copied
        with them — a bound method (``trace(model.forward, …)``), a ``functools.partial``
        or a callable object holding the model, through which every parameter is reached
        (copied in this ``deepcopy``'s memo). A plain function or lambda is not copied by
        ``deepcopy`` (it is shared), so it would go on reading the original's Values
        while the copy replayed its own: refused with a TypeError, unless the trace has
        no parameters. The recorded program and the compiled groups (never written after
        the trace) are shared, the lock is new, and each constant the copy watches is
        the one its function reads (its copy, if copying ``fn`` copied it)."""
        new = object.__new__(type(self))
        memo[id(self)] = new  # first: a model holding its own trace gets this copy back
        fn = copy.deepcopy(self.fn, memo)
        missed = [i for i, p in enumerate(self.params) if id(p) not in memo]
        if self.params and (fn is self.fn or missed):
            del memo[id(self)]
            name = getattr(self.fn, "__qualname__", type(self.fn).__name__)
            if fn is self.fn:  # a plain function or lambda: deepcopy shares it
                why = (
                    f"copy.deepcopy does not copy its function {name} (a function is "
                    f"shared, not copied) with its {len(self.params)} parameter Values"
                )
            else:  # a parameter the function reaches by another way (a global, say)
                i = missed[0]
                label = self.params[i].label
                why = (
                    f"copying its function {name} does not copy parameter {i}"
                    f"{f' {label!r}' if label else ''} ({len(missed)} of "
                    f"{len(self.params)} not reached from it)"
                )
            raise TypeError(
                f"trace: cannot deep-copy this Traced: {why}, so the copy would replay "
                f"copies of the weights while its function reads the original ones. Copy "
                f"the model and trace the copy again (trace(copied.forward, ..., "
                f"params=copied.parameters())); a trace of a bound method such as "
                f"model.forward whose object holds every parameter can be deep-copied, "
                f"with its model"
            )
        new.__dict__.update(self.__dict__)
        params = tuple(memo.get(id(p), p) for p in self.params)
        new.fn, new.params = fn, params
        new._constants = tuple(memo.get(id(c), c) for c in self._constants)
        new._check_lock = threading.Lock()
        new.order = self.order.copy()
        new._replay = copy.copy(self._replay)  # its lazily compiled function: its own
        new._replay.params = params
        return new

    def __reduce_ex__(self, protocol: SupportsIndex) -> NoReturn:
        """Pickling is refused: a Traced holds compiled code bound to this process's
        Values, and this project never unpickles."""
        raise TypeError(
            "trace: a Traced cannot be pickled (its replay is code compiled for the "
            "parameter Values of this process); save the model (nn.save) and trace it "
            "again after loading it"
        )

    def __repr__(self) -> str:
        return (
            f"Traced({self.n_nodes} nodes in {self.n_calls} fused calls, inputs of "
            f"sizes {self.input_sizes}, {len(self.params)} params, {self.n_outputs} output(s))"
        )


def _check_params(ps: tuple[Value, ...]) -> None:
    """Every parameter a leaf Value, listed once. Tested over the whole tuple first (a
    model has tens of thousands, and a Python loop over them costs milliseconds); the
    loop runs only to name the first one that is not."""
    if (
        [*map(type, ps)].count(Value) == len(ps)  # (a subclass: the loop below decides)
        and not any(map(attrgetter("parents"), ps))
        and len(set(map(id, ps))) == len(ps)
    ):
        return
    seen: set[int] = set()
    for j, p in enumerate(ps):
        if not isinstance(p, Value):
            raise TypeError(f"trace: params[{j}] is {type(p).__name__}, expected a Value")
        if p.parents:
            raise ValueError(f"trace: params[{j}] is computed by {p.op!r}, expected a leaf")
        if id(p) in seen:
            raise ValueError(f"trace: params[{j}] is listed twice")
        seen.add(id(p))


def trace(
    fn: Callable[..., Value | Sequence[Value]],
    *example_inputs: Sequence[float],
    params: Sequence[Value] = (),
    check: bool = False,
    fuse: bool = True,
    check_inputs: CheckInputs = "values",
) -> Traced:
    """Record the graph ``fn`` builds, to replay it on numpy batches (see the package doc).

    ``fn`` is called once with one list of input Values per example input (e.g. a
    sample's features and its target) and must return a Value (a loss, for ``backward``)
    or a list of Values. ``params`` are the model's leaf Values: the replay reads their
    current numbers on every call and returns gradients for them. Other leaves are
    constants, which the trace watches: a replay after one is given a new number raises
    ``StaleGraph``. A plain Python number ``fn`` uses (a global, a closure's ``k[0]``, a
    hyper-parameter) is frozen into the trace as the number it was: a change to it
    afterwards is not seen, and not reported — trace again. Data-dependent Python
    control flow is NOT recorded; ``check=True`` compares the first replayed batch
    with the eager engine (``TraceMismatchError``), and every later batch until one
    agrees; a first ``forward`` checks the outputs, and the first call with a gradient
    checks that too.
    ``fuse=False`` replays node by node (for testing the fusion). ``check_inputs="numbers"``
    makes the check call ``fn`` with plain numbers instead of Values — what eager training
    on data does, and about half the nodes for a network's first layer; ``fn`` must then
    accept numbers.
    """
    if not callable(fn):  # trace(3, ...) failed where fn was called: "'int' object is not callable"
        raise TypeError(
            f"trace: expected a function to trace, got {type(fn).__name__} ({fn!r:.40})"
        )
    check = check_flag(check, "check", "trace")
    fuse = check_flag(fuse, "fuse", "trace")
    if check_inputs not in ("values", "numbers"):
        raise ValueError(f"trace: check_inputs must be 'values' or 'numbers', got {check_inputs!r}")
    if not is_grad_enabled():
        raise NoGraph(
            f"trace: gradient recording is off (inside no_grad): nothing to trace "
            f"— {NO_GRAD_INHERITED}"
        )
    ps = tuple(params)
    _check_params(ps)
    inputs = [
        [Value(x, label=f"input{i}[{j}]") for j, x in enumerate(example_numbers(ex, i))]
        for i, ex in enumerate(example_inputs)
    ]
    # a read of an input or a parameter as a number is refused while fn runs: the replay
    # could not follow what fn does with it (trace/reads.py)
    # (a generator's body runs as it is listed: listed while watched)
    # and the nodes derivative rules make are noted, for the replay's errors (DERIVED)
    derived: dict[Value, tuple[Value, int]] = {}
    noting = DERIVED.set(derived)
    try:
        with watching_reads([*itertools.chain.from_iterable(inputs), *ps]):
            result: object = fn(*inputs)  # typed as promised; checked as given
            single = isinstance(result, Value)
            if not single and (
                not isinstance(result, Iterable)
                or isinstance(result, (str, bytes, AbstractSet, Mapping))
            ):  # a set's outputs came in a different order each run; a dict's were its keys
                raise TypeError(
                    f"trace: the function returned {type(result).__name__} ({result!r:.40}), "
                    f"expected a Value or a list of Values"
                )
            returned: list[object] = [result] if single else list(cast(Iterable[object], result))
    finally:
        DERIVED.reset(noting)
    if not returned:
        raise ValueError("trace: the function returned no outputs")
    outputs: list[Value] = []
    for j, o in enumerate(returned):
        if not isinstance(o, Value):
            raise TypeError(f"trace: output {j} is {type(o).__name__}, expected a Value")
        outputs.append(o)
    program = record(inputs, ps, outputs, derived)
    return Traced(fn, program, ps, single, check, fuse, check_inputs)
