"""The backward pass: the chain rule applied node by node, in topological order.

For every node z the gradient of the root is the sum over the nodes z′ that use z:

    ∂root/∂z = Σ_{z′}  ∂z′/∂z · ∂root/∂z′

``∂z′/∂z`` was stored on z′ during the forward pass (``local_grads``), so the pass
below never needs to know which op made a node. Nodes are visited so that every
consumer comes before what it consumes; the order is found with an explicit stack,
so graphs a million nodes deep need no recursion limit. Leaves (nodes without
parents) are never put in the order: they only receive gradient.

The pass never turns a finite gradient into a non-finite one. Each accumulation
``p.grad + local·g`` is tested as it happens (one subtraction: ``v − v`` is 0 for every
finite v, nan for ±inf and nan) — except in a fused node whose terms are all provably too
small to overflow anything (one ``math.hypot`` over its local derivatives bounds them),
which keeps a neuron's loop as fast as before. The pass stops at the first edge that
would make a gradient non-finite and names it:

* the edge's local derivative is infinite or does not exist (√x at 0, 1/x for a
  subnormal x) while a non-zero gradient has to flow through it →
  :class:`~autograd_mini.value.InfiniteDerivative`, naming the node and its op. A zero
  gradient is never sent (a ReLU that is off, a branch multiplied by 0), so an infinite
  slope nobody needs is no error;
* the gradient itself is beyond ±1.8e308 → :class:`~autograd_mini.value.NonFiniteGradient`,
  naming the node whose gradient it is (every consumer of that node still had a finite
  gradient, so this is where the gradient *first* became non-finite).

A sum that overflows only on the way is no error: the terms of ∂root/∂z arrive in the
order the pass meets z's consumers, and 1e308 + 1e308 − 1e308 is 1e308 whatever that
order. Where an addition is not finite, z's sum is kept exactly from then on and added
exactly once z's gradient is needed (:class:`Overflows`, with
:func:`~autograd_mini.finite.exact_sum`, the helper ``vsum`` and ``dot`` use for their
values); only an exact sum beyond ±1.8e308 is refused. While nothing overflows, the
loops are the plain float loops they were. With ``create_graph=True`` the terms are
Values; such a sum is kept as its terms and becomes one ``dot`` node (its number the
exact sum, and differentiable again) instead of a chain of ``add`` nodes.

The target keeps its last finite value; gradients this pass already gave other leaves
stay added (call ``zero_grad()`` before retrying).
"""

from __future__ import annotations

import contextvars
import math
import numbers
from collections.abc import Iterable, Iterator, Sequence
from operator import attrgetter
from typing import Any, NoReturn

from autograd_mini import value as _value
from autograd_mini.arg_checks import check_flag
from autograd_mini.errors import NO_GRAD_INHERITED, NumberRead, because
from autograd_mini.finite import exact_sum
from autograd_mini.ops import OPS, Constant, full_inputs, local_derivatives, partial_name
from autograd_mini.unbounded import Unresolved, ZeroTimesSlope, term_of, varies
from autograd_mini.value import (
    UNTRACKED,
    InfiniteDerivative,
    NoGraph,
    NonFiniteGradient,
    Number,
    OpOverflow,
    StaleGraph,
    Value,
    as_real,
    describe,
    dot,
    number_of,
    recording,
)

__all__ = [
    "DERIVED",
    "RUNNING",
    "LeadsTo",
    "backward",
    "derivative_error",
    "derived_from",
    "gradients",
    "refuse_accumulation",
    "refuse_stale",
    "refuse_untracked",
    "slope_name",
    "topological_order",
    "value_rules",
    "walk",
]


def topological_order(root: Value) -> list[Value]:
    """Inner (non-leaf) nodes reachable from ``root``, each before all of its parents.

    A node is always created after its parents, so its creation number (``_seq``) is
    larger than theirs: sorting the reachable inner nodes by that number, largest
    first, is a topological order. Finding them is a plain stack walk — no recursion,
    and no post-order bookkeeping. The nodes are listed in the order the walk finds
    them, which is already nearly newest-first (a chain comes out exactly so), and
    Python's sort takes about linear time on such nearly sorted input.
    """
    if not root.parents:
        return []
    seen = {root}
    order = [root]
    stack = [root]
    pop = stack.pop
    push = stack.append
    mark = seen.add
    found = order.append
    while stack:
        for p in pop().parents:
            if p.parents and p not in seen:
                mark(p)
                push(p)
                found(p)
    order.sort(key=_creation, reverse=True)
    return order


_creation = attrgetter("_seq")


def walk(root: Value) -> Iterator[Value]:
    """Every node reachable from ``root`` (leaves included), each once, root first."""
    seen = {root}
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        for p in node.parents:
            if p not in seen:
                seen.add(p)
                stack.append(p)


def backward(root: Value, gradient: Number = 1.0, create_graph: bool = False) -> None:
    """Set ``grad`` on every node below ``root`` (see :meth:`Value.backward`)."""
    seed = check_seed(gradient, "backward")
    flag: object = create_graph
    if flag is not False and flag is not True:  # "False" is a true str
        create_graph = check_flag(flag, "create_graph", "backward")
    refuse_untracked(root, "backward")
    if not create_graph and RUNNING.get():
        refuse_float_gradients(
            root,
            "backward",
            "use gradients(root, [x], create_graph=True) for Values it can differentiate "
            "(or backward(create_graph=True) and read grad_graph, not grad)",
        )
    if create_graph:
        _backward_with_graph(root, seed)
        return
    watch_float_gradients(root, "backward")
    order = topological_order(root)
    refuse_stale(order, "backward")
    _accumulate(root, order, seed)


def _accumulate(root: Value, order: list[Value], seed: float) -> None:
    """The plain pass: ``grad`` of every node below ``root``, the leaves' added to."""
    if not order:  # the root is a leaf
        v = root._grad + seed
        if v - v:  # one addition of two floats: it overflows only if the exact sum does
            refuse_accumulation(None, root, 1.0, seed, root._grad, "backward")
        root._grad = v
        return
    for node in order:
        node._grad = 0.0
    root._grad = seed
    sums = Overflows("backward")
    bound = _NO_OVERFLOW  # −1 once a sum has overflowed: no loop is left untested then
    try:
        for node in order:
            g = node._grad
            if g == 0.0:
                continue  # nothing flows on (e.g. a ReLU that was off)
            local_grads = node.local_grads
            if len(local_grads) == 1:  # unary ops and ops with a constant operand: most nodes
                (p,) = node.parents
                v = p._grad + local_grads[0] * g
                if v - v:  # inf or nan: v − v is 0.0 (false) for every finite v
                    sums.add(node, p, local_grads[0], g)
                    bound = -1.0
                    continue
                p._grad = v
            elif len(local_grads) > 2 and _hypot(*local_grads) * abs(g) < bound:
                # a fused sum or dot (a neuron's Σ w·a + b), the hot loop: every term is
                # below 2^969 here, and adding less than half an ulp of the largest float
                # to any finite number cannot round to ±inf — no test per edge needed
                for p, local in zip(node.parents, local_grads, strict=False):
                    p._grad += local * g
            else:
                for p, local in zip(node.parents, local_grads, strict=False):
                    v = p._grad + local * g
                    if v - v:
                        sums.add(node, p, local, g)
                        bound = -1.0
                        continue
                    p._grad = v
        sums.settle_all()
    except BaseException:
        sums.restore()
        raise


#: |local·g| below this cannot make a finite gradient overflow: the largest float is
#: (2 − 2⁻⁵²)·2¹⁰²³, its ulp 2⁹⁷¹; a sum that exceeds it by less than half an ulp (2⁹⁷⁰)
#: rounds back to it. One factor 2 to spare covers the rounding of the bound itself.
_NO_OVERFLOW = 2.0**969
_hypot = math.hypot  # ≥ max |localᵢ|, in one C call over the whole tuple (inf/nan → inf/nan)


#: What a gradient holds while its sum is kept exactly (:class:`Overflows`): a nan, so
#: that every later float addition to it fails the passes' tests and comes here too.
PENDING = math.nan


class Overflows:
    """The gradients of one float pass whose running sum left the floats on the way.

    The passes add ``p.grad + local·g`` in whatever order they meet p's consumers, so a
    sum like 1e308 + 1e308 − 1e308 overflowed in one order and not in another. Where an
    addition is not finite (and the local derivative is), p's sum is taken out of the
    floats from then on: a :class:`_Kept` sum holds its last finite value and every later
    term ``local·g``, p's own number becomes :data:`PENDING` (a nan: every later addition
    to it fails the pass's test and lands here too), and the sum is added exactly
    (:meth:`_Kept.exactly`) when p's gradient is needed — when the pass reaches p (every
    consumer of p comes before it in topological order), or at the end for a leaf. It is
    refused, naming the first term that overflowed, only when the exact sum is beyond
    ±1.8e308. While no sum overflows nothing here runs: the passes' loops are the same
    float loops.

    ``backward`` keeps its sums on the nodes (``_grad``), :func:`_adjoints` in its dict:
    ``adjoint`` is that dict, or None for the nodes."""

    __slots__ = ("adjoint", "sums", "who")

    def __init__(self, who: str, adjoint: dict[Value, float] | None = None) -> None:
        self.who = who
        self.adjoint = adjoint
        self.sums: dict[Value, _Kept] = {}

    def _get(self, p: Value) -> float:
        return p._grad if self.adjoint is None else self.adjoint.get(p, 0.0)

    def _set(self, p: Value, v: float) -> None:
        if self.adjoint is None:
            p._grad = v
        else:
            self.adjoint[p] = v

    def add(self, node: Value, p: Value, local: float, g: float) -> None:
        """Add ``local·g`` to p's gradient where the pass's float addition was not
        finite (the pass stored nothing for that edge). ``g`` is the gradient the pass
        read off ``node``: if that is :data:`PENDING`, node's own sum is settled first
        (once: the later edges read the settled number). An infinite local derivative is
        refused (:func:`refuse_accumulation`); a sum that overflows is kept from then on."""
        if g - g != 0.0:
            g = self.settle(node) if node in self.sums else self._get(node)
            if g == 0.0:
                return  # nothing flows on, through an infinite slope neither
        old = self._get(p)
        v = old + local * g
        if v - v == 0.0:
            self._set(p, v)
            return
        if local - local != 0.0:
            refuse_accumulation(node, p, local, g, old, self.who)
        if p not in self.sums:
            self._set(p, PENDING)
        keep_float(self.sums, node, p, local, g, old)

    def settle(self, p: Value) -> float:
        """p's sum, added exactly and stored; refused if that is beyond a float."""
        total = self.sums[p].exactly(p, self.who)  # kept till then: a refusal restores it
        del self.sums[p]
        self._set(p, total)
        return total

    def settle_all(self) -> None:
        """Settle the sums the pass did not reach: the leaves'."""
        for p in list(self.sums):
            self.settle(p)

    def restore(self) -> None:
        """Put back every kept sum's last finite value: the pass is being given up (a
        refusal), and no nan may stay in a gradient."""
        for p, kept in self.sums.items():
            self._set(p, kept.first[3])
        self.sums.clear()


def check_seed(gradient: object, who: str) -> float:
    """The seed ∂L/∂root: one finite real number, else refused naming ``who`` (backward,
    the step functions and draw_graph's backward view share this check)."""
    if isinstance(gradient, (Value, bool)) or (
        not isinstance(gradient, numbers.Real) and isinstance(gradient, Iterable)
    ):
        raise TypeError(
            f"{who}: gradient must be one real number (the seed ∂L/∂root: the root is a "
            f"scalar), got {type(gradient).__name__}"
        )
    seed = as_real(gradient, who)
    if seed - seed != 0.0:  # a nan/inf seed would silently poison every gradient
        raise ValueError(f"{who}: gradient must be a finite number, got {seed!r}")
    return seed


def derivative_error(
    node: Value, index: int, local: float, g: float, who: str, carried: str = "gradient"
) -> InfiniteDerivative:
    """The error for a non-zero gradient ``g`` meeting an infinite (or nonexistent) local
    derivative ∂node/∂parentᵢ, in the words of the op table's formula. Forward mode
    raises it too, for a tangent (``carried="tangent"``): the same slope, named alike."""
    term = term_of(node)
    if term is not None:
        return term.error(node, f"a {carried} of {g!r}", who)
    op = OPS[node.op]
    inputs = full_inputs(op, [p.data for p in node.parents], node.arg)
    args = " and ".join(map(repr, inputs))
    partial = _partial(node, index)
    what = "does not exist (nan)" if local != local else f"is {local!r}"
    parent = node.parents[index]
    error = InfiniteDerivative(
        f"{who}: {node.op} of {args}: the local derivative {partial} {what}, and a {carried} "
        f"of {g!r} has to flow through it{op.math_note} — at {describe(node)}, input "
        f"{describe(parent)}",
        node,
    )
    reason = "infinite_slope" if carried == "gradient" else ""  # (forward mode's: its own)
    because(error, reason, node.op, *inputs)
    error.partial, error.local, error.gradient, error.input = partial, local, g, parent
    return error


def refuse_accumulation(
    node: Value | None, p: Value, local: float, g: float, old: float, who: str, later: int = 0
) -> NoReturn:
    """Raise the error for ``p.grad + local·g`` not being finite (``g`` and ``p.grad``
    are, as every number a Value holds): an infinite or nan local derivative, or an
    overflow — of the whole sum: ``later`` terms added after this one, exactly, did not
    bring it back (:class:`Overflows`).
    Every pass that accumulates gradients (this module's, ``backward_steps``) raises
    through it, so each refusal is worded once."""
    if node is not None and local - local != 0.0:
        pairs = zip(node.parents, node.local_grads, strict=True)
        index = next(i for i, (q, d) in enumerate(pairs) if q is p and d - d != 0.0)
        raise derivative_error(node, index, local, g, who)
    source = "the seed" if node is None else describe(node)
    rest = ", and with the terms added after it (exactly) still beyond" if later else ""
    error = NonFiniteGradient(
        f"{who}: the gradient of {describe(p)} overflows: {old!r} + {local!r} × {g!r} "
        f"(from {source}) is {old + local * g!r}{rest}; gradients beyond ±1.8e308 cannot "
        f"be stored — scale the loss or the inputs down",
        p,
    )
    reason = "gradient_overflows_later" if later else "gradient_overflows"
    error.source = node
    raise because(error, reason, "" if node is None else node.op, old, local, g)


def refuse_stale(order: Sequence[Value], who: str) -> None:
    """Refuse a pass over a graph one of whose leaves was given a new number after a
    node was computed from it (``w.data = …`` by hand, an optimizer's step): that
    node's stored number and local derivatives belong to the old number, and the
    gradients would silently be those of a point that is no longer there —
    ``loss.backward()`` in a loop that forgot to compute ``loss`` again, or a term
    computed once outside the loop (an L2 penalty) added to each new loss.

    ``order``: the inner nodes below the root, sorted by ``seq`` — newest first
    (:func:`topological_order`) or oldest first (forward mode's evaluation order).
    A leaf's ``seq`` is the number of its latest write, from the count that numbers
    inner nodes (:func:`~autograd_mini.value.stamp_written`): a leaf written after a
    node it feeds has a larger ``seq`` than that node. When no leaf anywhere has been
    written since the oldest node was computed (the usual loop: forward, backward,
    step, forward, …) one comparison says so; otherwise every edge is looked at. A
    leaf written back to its old number is refused too: the count cannot tell, and
    computing again is cheap."""
    if not order or min(order[0]._seq, order[-1]._seq) > _value.last_write:
        return
    for node in order:
        made = node._seq
        for p in node.parents:
            if p._seq > made:  # only a leaf can be newer than a node computed from it
                raise StaleGraph(
                    f"{who}: {describe(p)} was given a new number after the result was "
                    f"computed from it (its data was written, by hand or by an "
                    f"optimizer's step), so the derivatives stored in the graph belong to "
                    f"its old number. Compute the result again from the new numbers (a "
                    f"new forward pass — of every term, such as a penalty computed "
                    f"before the loop), then run {who} again",
                    p,
                )


#: What :func:`refuse_untracked` calls the root, unless told otherwise.
DIFFERENTIATED = (
    "the Value to differentiate (for a function transform — grad, jvp, jacobian, hessian — "
    "what f returned)"
)


def refuse_untracked(root: Value, who: str, root_is: str = DIFFERENTIATED) -> None:
    """A root computed inside ``no_grad()`` has no graph below it: every gradient would
    be 0, and the call is refused instead (as PyTorch refuses a tensor without
    ``grad_fn``). A leaf made by ``Value(x)`` is not refused: its gradient is the seed.
    ``root_is`` names the root as the caller sees it (a drawing's: the Value drawn)."""
    if root._seq == UNTRACKED:
        raise NoGraph(
            f"{who}: {root_is} was computed inside no_grad(), so no graph was recorded "
            f"below it and every gradient would be 0; compute it outside no_grad() — "
            f"{NO_GRAD_INHERITED}"
        )


#: The function transforms (grad, jvp, vjp, jacobian, hessian, hvp) running their ``f``
#: in this thread or asyncio task, outermost first: each one's name and the nodes it
#: called ``f`` with. Set by :func:`~autograd_mini.arguments.call_inside`; read by
#: :func:`refuse_float_gradients`.
RUNNING: contextvars.ContextVar[tuple[tuple[str, Sequence[Value]], ...]] = contextvars.ContextVar(
    "autograd_mini_running_transforms", default=()
)


def refuse_float_gradients(
    root: Value, who: str, advice: str, how: str = "called with create_graph=False"
) -> None:
    """Refuse a pass that would hand back floats (``create_graph=False``) inside a
    function transform, from a ``root`` computed from that transform's inputs
    (:class:`~autograd_mini.errors.NumberRead`, a ``RuntimeError``: the gradients are
    numbers taken out of the graph, as ``float(v)`` takes one).

    The floats depend on the inputs, but the transform sees them as constants: every
    derivative it takes through them is silently 0 — ``grad`` of y ↦ ∂(2y²)/∂y gave 0,
    not 4 (PyTorch refuses the same: such a gradient has no ``grad_fn``). A root that
    does not depend on the inputs (a constant's own gradient) is let through: its floats
    are right. A float the user only branches on or prints would be right too, but the
    pass cannot know; ``create_graph=True`` gives it as ``.data``.
    """
    transform = {node: name for name, nodes in RUNNING.get() for node in nodes}
    for node in walk(root):
        name = transform.get(node)
        if name is not None:
            raise NumberRead(
                f"{who}: {how} inside {name} (a function "
                f"transform) on a Value computed from {name}'s input: the gradients "
                f"would be plain floats, constants to {name}, and every derivative it "
                f"takes through them would silently be 0; {advice}"
            )


def watch_float_gradients(root: Value, who: str) -> None:
    """Tell the read watch (a recording ``trace``'s) of a pass handing back ``root``'s
    gradients as floats — ``backward()`` (into ``.grad``) or ``gradients()`` without
    ``create_graph``: numbers taken out of the graph as ``float(v)`` takes one, which a
    replay would keep for every sample (``trace`` of x ↦ ∂f(x)/∂x·x replayed f′ at the
    example for each). A read of kind "grad"."""
    watch = _value._read_watch()
    if watch is not None:
        watch(root, f"{who} without create_graph, which gives its gradients as floats", "grad")


def gradients(
    root: Value,
    wrt: Sequence[Value],
    gradient: Number = 1.0,
    create_graph: bool = False,
    *,
    who: str = "gradients",
) -> list[Any]:
    """∂root/∂w for each w in ``wrt``, without touching any ``grad`` attribute.

    With ``create_graph=False`` the results are floats. With ``create_graph=True`` they
    are Values built from the graph itself, so they can be differentiated again
    (like ``torch.autograd.grad``). ``wrt`` may hold inner nodes as well as leaves.
    A ``root`` computed inside ``no_grad()`` is refused (``RuntimeError``): no graph was
    recorded below it, and every gradient would be 0. So is ``create_graph=False`` inside
    a function transform on a root computed from its inputs: the transform would take
    the floats for constants (see :func:`refuse_float_gradients`).
    """
    if not isinstance(root, Value):
        raise TypeError(f"{who}: root must be a Value, got {type(root).__name__}")
    if isinstance(wrt, Value) or not isinstance(wrt, Sequence):
        raise TypeError(
            f"{who}: wrt must be a list of Values, got {type(wrt).__name__}"
            + (" (wrap one Value in a list: [x])" if isinstance(wrt, Value) else "")
        )
    for i, w in enumerate(wrt):
        if not isinstance(w, Value):
            raise TypeError(
                f"{who}: wrt[{i}] is {type(w).__name__} ({w!r:.40}), expected a Value "
                f"(the gradient of a plain number is not tracked)"
            )
    seed = check_seed(gradient, who)
    flag: object = create_graph
    if flag is not False and flag is not True:
        create_graph = check_flag(flag, "create_graph", who)
    if not any(w is root for w in wrt):  # ∂root/∂root = 1 holds untracked or not
        refuse_untracked(root, who)
    if not create_graph:
        if RUNNING.get():
            refuse_float_gradients(
                root, who, "pass create_graph=True to get Values it can differentiate"
            )
        watch_float_gradients(root, who)
    if create_graph:  # the gradient graph is recorded even inside no_grad: it was asked for
        with recording():
            adjoint = _adjoints(root, seed, create_graph, wrt, who)
    else:
        adjoint = _adjoints(root, seed, create_graph, wrt, who)
    zero: Any = Value(0.0) if create_graph else 0.0
    return [adjoint.get(w, zero) for w in wrt]


def float_adjoints(root: Value, seed: float, who: str) -> dict[Value, float]:
    """∂root/∂v as floats for every node v reached, without touching any ``grad``,
    checked as :func:`backward` is — for the pictures, which draw the pass: a gradient
    that would be infinite or nan is refused, naming the node, rather than drawn as
    "grad nan" (√(x² + y²) at the origin) or "grad inf"."""
    return _adjoints(root, seed, False, who=who)


def _adjoints(
    root: Value,
    seed: float,
    create_graph: bool,
    wanted: Sequence[Value] | None = None,
    who: str = "gradients",
) -> dict[Value, Any]:
    """The gradient of ``root`` with respect to every node, keyed by node.

    One loop for both kinds of number — the chain rule ``adjoint[p] += ∂node/∂p ·
    adjoint[node]`` in topological order, as in :func:`backward`:

    * floats (``create_graph=False``): the local derivatives are the numbers stored on
      each node in the forward pass;
    * Values (``create_graph=True``): the same derivatives, from the op table's rules
      evaluated on the Value backend (:func:`_local_values`), so every adjoint is a
      graph that can be differentiated again.

    The kinds differ in two places only, both in :func:`_locals`: a float adjoint of 0
    carries nothing on (a Value equal to 0 may still have a slope, so it is sent), and
    an infinite stored derivative is refused before its Value rule would divide by 0.
    Checked as :func:`backward` is: the first gradient that would become non-finite is
    refused, naming where — unless ``wanted`` is given and that gradient leads to none
    of the nodes in it (∂(√x·w)/∂w at x = 0 exists; ∂/∂x, not asked for, does not).
    """
    order = topological_order(root)
    refuse_stale(order, who)
    leads = LeadsTo(wanted) if wanted is not None else None
    start: Any = Value(seed) if create_graph else seed
    adjoint: dict[Value, Any] = {root: start}
    get = adjoint.get
    zero = None if create_graph else 0.0  # Values: no "0 +" node before the first term
    sums = Overflows(who, adjoint)  # floats whose sum overflowed on the way (see backward)
    kept: dict[Value, _Kept] = {}  # the same for Values
    # Values whose number holds a 0·∞ taken as 0 (see unbounded.py)
    unresolved = Unresolved(start)
    bound = _NO_OVERFLOW
    for node in order:
        g = get(node)
        if kept and node in kept:
            g = kept.pop(node).as_dot(node, who)
            adjoint[node] = g
        if g is None:
            continue
        locals_ = _locals(node, g, create_graph, leads, start, who)
        if locals_ is None:
            continue
        if zero is not None and len(locals_) > 2 and _hypot(*locals_) * abs(g) < bound:
            # floats through a fused sum or dot: no term can overflow (see backward)
            for p, local in zip(node.parents, locals_, strict=True):
                adjoint[p] = get(p, 0.0) + local * g
            continue
        name = None if zero is not None else unresolved.visit(node, locals_)
        for p, local in zip(node.parents, locals_, strict=True):
            previous = adjoint.get(p, zero)
            contribution = None
            try:
                contribution = local * g if name is None else unresolved.product(local, g, name)
                v = contribution if previous is None else previous + contribution
                # the number, read without float() (a recording trace watches that), inline:
                # a call per edge cost gradients() a quarter of its time on a long chain
                x = v._data if type(v) is Value else v
                finite = x - x == 0.0  # Value arithmetic raises
            except (OpOverflow, _KeptPending):
                finite = False
            if not finite:
                if leads is not None and not leads(p):
                    continue  # a path to nothing asked for: it need not exist
                if zero is not None:  # floats
                    sums.add(node, p, local, g)
                    bound = -1.0
                    continue
                _keep(kept, adjoint, node, p, local, g, previous, contribution)
                continue
            adjoint[p] = v
    sums.settle_all()
    for p, sum_ in kept.items():  # the leaves' (and nodes' the pass did not reach)
        adjoint[p] = sum_.as_dot(p, who)
    return adjoint


class _Kept:
    """One gradient's sum taken out of its number type where an addition was not finite
    (1e308 + 1e308 − 1e308 overflows on the way only): the pairs (a, b) whose products
    a·b add up to it, and the first term that overflowed, ``(node, local, g, previous)``
    — what a refusal names, with p's sum before it. Both passes start the pairs with
    (1, previous) (a Value pass only where p had a sum before: its first term may be the
    product that overflowed alone) and add every later term: a float pass
    (:class:`Overflows`) as (local, g), a Value pass (:func:`_keep`) as (1, local·g), or
    (local, g) where that product overflowed alone. Floats are settled by :meth:`exactly`, Values by
    :meth:`as_dot`; a sum beyond a float either way is refused."""

    __slots__ = ("first", "pairs")

    def __init__(self, node: Value, local: Any, g: Any, previous: Any) -> None:
        self.first = (node, local, g, previous)
        self.pairs: list[tuple[Any, Any]] = []

    def exactly(self, p: Value, who: str) -> float:
        """The float sum, added exactly (:func:`~autograd_mini.finite.exact_sum`)."""
        total = exact_sum((), self.pairs)
        if total - total != 0.0:
            self._refuse(p, self.pairs, who)
        return total

    def as_dot(self, p: Value, who: str) -> Any:
        """The Value sum as one ``dot`` (exact, and differentiable again)."""
        pairs = self.pairs
        try:
            return dot([a for a, _ in pairs], [b for _, b in pairs])
        except OpOverflow:
            self._refuse(p, pairs, who)

    def _refuse(self, p: Value, pairs: list[tuple[Any, Any]], who: str) -> NoReturn:
        node, local, g, previous = self.first
        old = 0.0 if previous is None else number_of(previous)
        later = len(pairs) - (1 if previous is None else 2)  # the terms after the first
        refuse_accumulation(node, p, number_of(local), number_of(g), old, who, later)


def keep_float(
    sums: dict[Value, _Kept], node: Value, p: Value, local: float, g: float, old: Any
) -> None:
    """Keep the float term ``local·g`` into p's sum out of the floats (``sums[p]``),
    started at its first term, which a refusal names, with p's sum before it, ``old``
    (a float; read only there) — for :class:`Overflows`, and the steps of a pass, which
    show the same sums."""
    kept = sums.get(p)
    if kept is None:
        kept = sums[p] = _Kept(node, local, g, old)
        kept.pairs.append((1.0, old))
    kept.pairs.append((local, g))


class _KeptPending(Exception):
    """An addition to a kept Value sum's place in the adjoints (:data:`KEPT_PENDING`)."""


class _Pending:
    """Where a Value pass's sum has been kept (:func:`_keep`), its place in the adjoints:
    adding to it fails, so every later term is kept as a pair of its own, as the float
    passes' :data:`PENDING` (a nan) makes every later float addition fail. A new running
    sum there rounded: after 1e308 + 1e308, the terms 0.75, −1e308, −1e308 came to
    −1e308 + 0.75 → −1e308 and ``gradients(..., create_graph=True)`` gave 0.0 where the
    float passes and the exact sum give 0.75."""

    __slots__ = ()

    def __add__(self, other: object) -> NoReturn:
        raise _KeptPending


KEPT_PENDING = _Pending()


def _keep(
    kept: dict[Value, _Kept],
    adjoint: dict[Value, Any],
    node: Value,
    p: Value,
    local: Any,
    g: Any,
    previous: Any,
    contribution: Any,
) -> None:
    """Keep the Value term ``local·g`` into p, whose running sum (``previous``) it
    overflowed (or whose product overflowed alone: ``contribution`` None). Its local
    derivative is finite: a Value (or a constant of the rule), never an infinite slope
    (:func:`_locals` refused or replaced those)."""
    if previous is KEPT_PENDING:  # a later term of a sum kept already
        previous = None
    sum_ = kept.get(p)
    if sum_ is None:
        sum_ = kept[p] = _Kept(node, local, g, previous)
    if previous is not None:
        sum_.pairs.append((1.0, previous))
    sum_.pairs.append((local, g) if contribution is None else (1.0, contribution))
    adjoint[p] = KEPT_PENDING  # every later term lands here too, a pair of its own


class LeadsTo:
    """Whether a node lies on a path to one of the ``wanted`` nodes (itself included):
    asked only when a gradient cannot be computed, so a pass that meets none pays
    nothing; each node's answer is kept. (A recording trace asks it too: whether a
    Value read as a number depends on an input or a parameter, trace/reads.py.)"""

    def __init__(self, wanted: Sequence[Value]) -> None:
        self.known: dict[Value, bool] = dict.fromkeys(wanted, True)

    def __call__(self, node: Value) -> bool:
        known = self.known
        stack = [node]
        while stack:  # explicit stack: graphs deeper than the recursion limit
            v = stack[-1]
            if v in known:
                stack.pop()
                continue
            todo = [p for p in v.parents if p not in known]
            if todo:
                stack += todo
                continue
            known[v] = any(known[p] for p in v.parents)
            stack.pop()
        return known[node]


def _locals(
    node: Value,
    g: Any,
    create_graph: bool,
    leads: LeadsTo | None = None,
    seed: Any = None,
    who: str = "gradients",
) -> Sequence[Any] | None:
    """∂node/∂parent for the pass of :func:`_adjoints` (None: nothing to send).

    With ``create_graph``, an infinite or nan stored slope is refused where a gradient
    has to flow through it to something asked for (``leads``: the float pass's rule); a
    slope leading to nothing asked for is left out, as one that no gradient flows through.
    A gradient of 0 meeting one sends 0 at first order (as the float pass does), through
    a :class:`~autograd_mini.unbounded.ZeroTimesSlope` when that 0 depends on the inputs
    (see :mod:`autograd_mini.unbounded`)."""
    if not create_graph:
        return node.local_grads if g else None  # a zero gradient carries nothing on
    stored = node.local_grads
    bad = [i for i, d in enumerate(stored) if d - d != 0.0]
    if bad:
        needed = [i for i in bad if leads is None or leads(node.parents[i])]
        if g.data != 0.0 and needed:
            raise derivative_error(node, needed[0], stored[needed[0]], g.data, who)
        locals_ = list(_local_values(node, bad))  # the finite slopes carry g's own slopes on
        if needed and varies(g, seed):
            for i in needed:
                locals_[i] = ZeroTimesSlope(stored[i], slope_name(node, i))
        return locals_
    return _local_values(node)


def _partial(node: Value, index: int) -> str:
    """The op table's name for ∂node/∂parentᵢ (∂y/∂a, ∂y/∂b)."""
    arg = node.arg
    # with a constant operand the only parent is the other input
    position = 1 - arg.position if isinstance(arg, Constant) else index
    return partial_name(OPS[node.op], position)


def slope_name(node: Value, index: int) -> str:
    """∂node/∂parentᵢ named for a person: ∂y/∂a of node 'r' (op 'sqrt'), input node 'x'."""
    return f"{_partial(node, index)} of {describe(node)}, input {describe(node.parents[index])}"


def _local_values(node: Value, zero: Sequence[int] = ()) -> Sequence[Any]:
    """∂node/∂parent as Values depending on the parents, for differentiating again.

    The rule comes from the op table, evaluated on the Value backend; derivatives that
    are constants (1 for an add, a ReLU's step) come back as plain floats.
    """
    from autograd_mini.value_backend import VALUE

    return value_rules(node, VALUE, zero)


#: While ``trace`` records (per thread and task): each node a derivative rule made on the
#: Value backend, with the node and parent index whose derivative it is part of — the
#: replay names it so when it fails there (0.5/√a of a √ at 0 is sqrt's derivative, not
#: a division the user wrote). None otherwise: nothing is kept.
DERIVED: contextvars.ContextVar[dict[Value, tuple[Value, int]] | None] = contextvars.ContextVar(
    "autograd_mini_derived", default=None
)


def value_rules(node: Value, backend: Any, zero: Sequence[int] = ()) -> Sequence[Any]:
    """``node``'s local derivatives evaluated on the Value ``backend`` (the reverse pass
    with ``create_graph``, the nested tangent sweep), the nodes they are made of noted
    in :data:`DERIVED` while a trace records."""
    op = OPS[node.op]
    derived = DERIVED.get()
    if derived is None:
        return local_derivatives(op, backend, node.parents, node, node.arg, zero)
    start = _value._next_seq()  # every node the rules make is numbered after this
    result = local_derivatives(op, backend, node.parents, node, node.arg, zero)
    for j, d in enumerate(result):
        stack = [d] if isinstance(d, Value) else []
        while stack:
            v = stack.pop()
            if v._seq > start and v.parents and v not in derived:
                derived[v] = (node, j)
                stack.extend(v.parents)
    return result


def derived_from(node: Value, j: int) -> str:
    """What a node made by ``node``'s derivative rule for parent ``j`` is part of."""
    op = OPS[node.op]
    where = describe(node, when=" when traced")
    return f"{op.name}'s derivative {_partial(node, j)}{op.math_note} at {where}"


def _backward_with_graph(root: Value, seed: float) -> None:
    with recording():  # the gradient graph is recorded even inside no_grad: it was asked for
        adjoint = _adjoints(root, seed, create_graph=True, who="backward")
    for node, g in adjoint.items():
        if not node.parents:  # leaves accumulate: check before anything is stored
            v = node._grad + number_of(g)
            if v - v:
                refuse_accumulation(None, node, 1.0, number_of(g), node._grad, "backward")
    for node, g in adjoint.items():
        g_value = g if isinstance(g, Value) else Value(float(g))
        if node.parents:
            node._grad = g_value._data
            node.grad_graph = g_value
        else:
            # grad_graph goes on only while grad is still the very number this pass left
            # there (the same float object: any write since — a plain pass, a reset by
            # hand as micrograd does, p.grad = 0 — puts another). Otherwise grad joins as
            # a constant and the stale graph is let go: chained on, every step's graph
            # stayed alive (5 MB a step in a reviewer's loop), and a reset gradient's
            # old graph still counted in a second derivative.
            base = node.grad_graph
            if base is not None and base._data is not node._grad:
                base = None
            if base is None and node._grad != 0.0:
                base = Value(node._grad)
            if base is None:
                node.grad_graph = g_value
            else:
                with recording():  # inside no_grad too: grad + g unrecorded was a constant
                    node.grad_graph = base + g_value
            node._grad = node.grad_graph._data
