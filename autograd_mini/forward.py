"""Forward mode: tangents pushed from the inputs to the outputs, through the same rules.

Reverse mode (``backward.py``) starts at one output and carries ∂out/∂node back to
every input. Forward mode starts at the inputs with a direction ẋ (the *tangent*) and
carries the directional derivative ẏ forward to every output, node by node:

    ẏ = Σᵢ ∂y/∂xᵢ · ẋᵢ        (xᵢ the node's parents)

The ∂y/∂xᵢ are the very numbers the backward pass uses: each node computed them from
the op table (``ops.py``) when it was made (``local_grads``), so there is no second copy
of any derivative here. One tangent pass gives the Jacobian times one vector, J·ẋ — a
whole column of J when ẋ is a unit vector — whatever the number of outputs. That is the
mirror image of reverse mode, which gives one *row* of J per pass whatever the number
of inputs; ``jacobian.py`` and ``benchmarks/jacobian.py`` show what that costs.

The pass runs over the graph ``f`` has just recorded, in the order its nodes were
created — the order a dual-number evaluation would visit them. Keeping the graph lets
``jacobian(mode="forward")`` reuse one recording for its n passes, and, above all, lets
a tangent pass run over a *gradient* graph (built with ``create_graph=True``):
``jvp(grad(f), …)``, the Hessian-vector product (forward over reverse) and ``hessian``
are all this one pass. When the inputs or tangents are Values themselves (an outer
transform is differentiating through this one) the local derivatives are evaluated on
the Value backend, exactly as ``create_graph=True`` does, so the tangents are Values the
outer pass can follow.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from operator import attrgetter
from typing import Any

from autograd_mini.arguments import bind_with_tangents, output, results
from autograd_mini.backward import derivative_error, refuse_stale, slope_name, value_rules
from autograd_mini.errors import InfiniteDerivative, NonFiniteGradient, OpOverflow
from autograd_mini.finite import exact_sum
from autograd_mini.unbounded import Unresolved, ZeroTimesSlope, varies
from autograd_mini.value import Value, dot, number_of, short_name
from autograd_mini.value_backend import VALUE

__all__ = ["evaluation_order", "jvp", "tangent_pass"]

_creation = attrgetter("_seq")


def evaluation_order(roots: Sequence[Any], who: str = "forward mode") -> list[Value]:
    """The inner nodes reachable from any of ``roots``, oldest first (``who``: the
    function a refusal names, the one the user called).

    A node is created after its parents, so creation order is an evaluation order:
    when a node is reached, its parents' tangents are final. (Non-Values among
    ``roots`` — constant outputs — are skipped.)
    """
    seen: set[Value] = set()
    order: list[Value] = []
    stack = [r for r in roots if isinstance(r, Value) and r.parents]
    for r in stack:
        seen.add(r)
    order.extend(stack)
    while stack:
        for p in stack.pop().parents:
            if p.parents and p not in seen:
                seen.add(p)
                stack.append(p)
                order.append(p)
    order.sort(key=_creation)
    # the tangents are carried by the local derivatives stored on the nodes: of no use
    # if a leaf was written after a node computed from it (as backward refuses)
    refuse_stale(order, who)
    return order


def tangent_pass(
    outputs: Sequence[Any],
    seeds: Mapping[Value, Any],
    nested: bool = False,
    order: Sequence[Value] | None = None,
    who: str = "forward mode",
) -> list[Any]:
    """ẏ for each of ``outputs`` when each node in ``seeds`` moves with its tangent.

    ``seeds`` maps input nodes to their tangents ẋ (every other leaf has ẋ = 0).
    ``order`` is :func:`evaluation_order` of ``outputs``, passed in when several passes
    share one graph. With ``nested=False`` tangents are floats; with ``nested=True`` (or
    any seed a Value) they are Values that can be differentiated again.
    A non-Value output is a constant: its tangent is 0. ``who`` begins a refusal: the
    function the user called (``jvp``, ``hvp``, ``hessian``), not the pass inside it.
    """
    if order is None:
        order = evaluation_order(outputs, who)
    nested = nested or any(isinstance(t, Value) for t in seeds.values())
    tangent: dict[Value, Any] = dict(seeds)
    if nested:
        _nested_sweep(order, tangent, seeds, who)
    else:
        _float_sweep(order, tangent, seeds, who)
    zero: Any = 0.0
    found = [tangent.get(y, zero) if isinstance(y, Value) else zero for y in outputs]
    if nested:
        return [t if isinstance(t, Value) else Value(float(t)) for t in found]
    return found


def _float_sweep(
    order: Sequence[Value], tangent: dict[Value, Any], seeds: Mapping[Value, Any], who: str
) -> None:
    get = tangent.get
    for node in order:
        total = 0.0
        moved = False
        for k, (p, d) in enumerate(zip(node.parents, node.local_grads, strict=True)):
            t = get(p)
            if t is not None:
                moved = True
                if t != 0.0:  # a zero tangent carries nothing, through ∞ too (as backward)
                    if d - d != 0.0:
                        raise _through_infinite(node, k, d, t, who)
                    total += d * t
        if moved and node not in seeds:
            if total - total != 0.0:
                total = _exactly(node, get, who)
            tangent[node] = total


def _exactly(node: Value, get: Callable[[Value], Any], who: str) -> float:
    """``node``'s tangent Σ ∂y/∂xᵢ·ẋᵢ added exactly (:func:`exact_sum`), where the float
    sum was not finite: it may have passed ±1.8e308 on the way only (1e308 + 1e308 −
    1e308), and then the tangent exists. Every slope met by a non-zero tangent is finite
    here (the sweep refused the others). Refused if the exact sum is beyond a float, with
    the class reverse mode raises for a gradient that overflows: a tangent is the same
    kind of number (it was a plain OverflowError)."""
    terms = []
    for p, d in zip(node.parents, node.local_grads, strict=True):
        t = get(p)
        if t is not None and t != 0.0:
            terms.append((d, t))
    total = exact_sum((), terms)
    if total - total != 0.0:
        raise _overflowing(node, total, who)
    return total


def _overflowing(node: Value, total: float, who: str) -> NonFiniteGradient:
    """The refusal of a tangent that is not a float (both sweeps)."""
    return NonFiniteGradient(
        f"{who}: the tangent of {short_name(node)} (value {node.data!r}) is {total!r}; "
        f"tangents beyond ±1.8e308 cannot be stored",
        node,
    )


def _through_infinite(
    node: Value, k: int, d: float, t: float | Value, who: str
) -> InfiniteDerivative:
    """The refusal of a non-zero tangent ``t`` meeting ``node``'s infinite or nan slope
    ``d`` with respect to its parent ``k`` (the float sweep's and the nested sweep's),
    worded as the reverse pass words a gradient meeting it: the slope in the op's
    notation (∂y/∂b for 1/x, whose only parent is b), the node and its input node. A
    term the reverse pass made for a 0·∞ (forward over reverse, as ``hvp``) is named by
    the slope it stands for, as the reverse pass names it, not by its own label."""
    amount = t.data if isinstance(t, Value) else t
    return derivative_error(node, k, d, amount, who, carried="tangent")


def _nested_sweep(
    order: Sequence[Value], tangent: dict[Value, Any], seeds: Mapping[Value, Any], who: str
) -> None:
    get = tangent.get
    # tangents whose number holds a 0·∞ taken as 0 (see unbounded.py) that an outer pass
    # can move: not one made of the pass's fresh inputs alone (numbers nothing outside
    # differentiates: d/dw of the tangent w·ṙ, ṙ = 2x·ẋ/(2|x|) at x = 0, is that 0 for
    # every w)
    unresolved = Unresolved(None, "tangent")
    names = unresolved.names
    fresh = {leaf for leaf in seeds if not leaf.parents}
    for node in order:
        if node in seeds or not any(p in tangent for p in node.parents):
            continue
        tans = [get(p) for p in node.parents]
        # a parent without a tangent, or with the constant tangent 0, carries nothing:
        # its slope's rule is not evaluated (it may not exist there, as ∂(aⁿ)/∂n for
        # a < 0 — the float sweep skips it too). Where the stored slope is infinite or
        # nan, a tangent Value decides as a float tangent does in the float sweep: 0
        # carries nothing, anything else is refused (the Value rule, as 0.5/√0, would
        # raise a DivisionByZero that names no input)
        idle = []
        terms: list[Value] = []
        for k, (t, d) in enumerate(zip(tans, node.local_grads, strict=True)):
            if t is None or (type(t) is float and t == 0.0):
                idle.append(k)
            elif d - d != 0.0:
                if (t.data if isinstance(t, Value) else t) != 0.0:
                    raise _through_infinite(node, k, d, t, who)
                idle.append(k)
                if isinstance(t, Value) and varies(t, None):
                    # a tangent 0 here that varies with what an outer pass differentiates:
                    # its term t·d is 0 now, but its derivative with respect to t is the
                    # infinite slope d — kept as a term worth 0 that refuses, as the
                    # reverse pass keeps one (d/dv of v/(2√x) at x = 0 is +∞, not 0)
                    slope = ZeroTimesSlope(d, slope_name(node, k), "tangent")
                    if varies(t, None, fresh):
                        names.setdefault(node, slope.term.name)
                    terms.append(slope * t)
        local = value_rules(node, VALUE, idle)
        ds: list[Any] = []
        ts: list[Any] = []
        for p, d, t in zip(node.parents, local, tans, strict=True):
            if t is not None:
                ds.append(d)
                ts.append(t)
                name = names.get(p) if names else None
                if name is not None:  # d times a number holding 0·∞: its slope in d is that
                    names.setdefault(node, name)
                    used = unresolved.used(d, name)
                    if used is not None:
                        terms.append(used)
        ds += [1.0] * len(terms)
        ts += terms
        try:
            tangent[node] = ds[0] * ts[0] if len(ds) == 1 else dot(ds, ts)
        except OpOverflow:
            # a tangent beyond the largest float: the float sweep's error, not the
            # OpOverflow of the Value arithmetic (as the reverse pass does for a gradient)
            total = sum(number_of(d) * number_of(t) for d, t in zip(ds, ts, strict=True))
            raise _overflowing(node, total, who) from None


def jvp(f: Callable[..., Any], primals: Sequence[Any], tangents: Sequence[Any]) -> tuple[Any, Any]:
    """Forward mode: ``f``'s outputs and their tangents J·ẋ, in one pass.

    ``primals`` is the tuple of ``f``'s arguments, ``tangents`` a tuple of the same
    shape: one direction ẋ per argument. Each argument is a number, a Value or a
    (nested) list/tuple of them — ``f`` is called with Values in their place. Returns
    ``(f(*primals), ẏ)``, both shaped like ``f``'s result: floats, or Values when a
    primal or tangent is a Value (inside an outer ``grad``/``jvp``).

    >>> jvp(lambda x: x * x, (3.0,), (1.0,))
    (9.0, 6.0)
    """
    call_args, seeds, nested, _ = bind_with_tangents(primals, tangents, "jvp")
    outs, shape = output(f, call_args, "jvp", list(seeds))
    ydot = tangent_pass(outs, seeds, nested, who="jvp")
    return shape.build(results(outs, nested)), shape.build(ydot)
