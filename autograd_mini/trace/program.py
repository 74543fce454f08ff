"""The recorded program as data: a list of equations, as Autodidax's jaxpr.

``trace`` runs the user's function once on Values; what it keeps is not the Values but
this: numbered variables (the function's inputs, the parameters, captured constants)
and one :class:`Equation` per inner node, ``output = op(inputs; arg)``, in an order
where every input is defined before it is used. Every later pass — fusion, the forward
and backward replays, the comparison with the eager engine — reads this list and looks
rules up in the op table; none of them walks Values again.

Each equation keeps its node's ``Value.arg`` — the op's named payload from the table
(:class:`~autograd_mini.ops.Constant`, ``SumArg``, ``DotArg``) — as it is.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from autograd_mini.backward import derived_from, refuse_stale
from autograd_mini.errors import InfiniteDerivative
from autograd_mini.ops import OPS, Arg, Op
from autograd_mini.unbounded import term_of
from autograd_mini.value import Value

__all__ = ["Equation", "Program", "record"]


class Equation(NamedTuple):
    """``output = op(inputs; arg)``: variables are numbers (see :class:`Program`)."""

    op: Op
    inputs: tuple[int, ...]
    output: int
    arg: Arg


@dataclass(frozen=True)
class Program:
    """The traced function as equations over numbered variables.

    Variables are numbered inputs first (input i's column j), then parameters (in the
    order of ``params``), then constants, then the equations' outputs in order.
    """

    input_vars: tuple[tuple[int, ...], ...]
    param_vars: tuple[int, ...]
    const_vars: tuple[int, ...]
    const_values: tuple[float, ...]
    equations: tuple[Equation, ...]
    outputs: tuple[int, ...]
    labels: tuple[str, ...]
    """Each variable's label (``""`` when none), for error messages."""
    origins: tuple[str, ...] = ()
    """What each variable a derivative rule made is part of (``""`` for the others), for
    error messages: "sqrt's derivative dy/da (…) at node 'r'" (``backward.DERIVED``)."""


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


def record(
    inputs: Sequence[Sequence[Value]],
    params: Sequence[Value],
    outputs: Sequence[Value],
    derived: Mapping[Value, tuple[Value, int]] | None = None,
) -> tuple[Program, tuple[Value, ...]]:
    """The program that computes ``outputs`` from the input and parameter leaves, and
    the leaves it holds as constants.

    Any other leaf is a constant, captured with its current number (the Values are
    returned so that a later write to one can be noticed). Inner nodes come
    in creation order (``Value.seq``): a node's parents are always older, so that is a
    topological order, and one that does not depend on how the walk found them.
    """
    leaves = [v for x in inputs for v in x]
    leaves += params
    reached = _reachable(outputs)
    known = set(leaves)
    consts = [v for v in reached if not v.parents and v not in known]
    leaves += consts
    inner = sorted((v for v in reached if v.parents), key=lambda v: v.seq)
    # a node computed before one of its leaves was written holds the old number: the
    # replay would compute it from the new one, where the eager engine refuses
    refuse_stale(inner, "trace")
    order = leaves + inner
    number = {v: i for i, v in enumerate(order)}
    at = number.__getitem__
    starts = list(itertools.accumulate((len(x) for x in inputs), initial=0))
    input_vars = tuple(tuple(range(a, b)) for a, b in itertools.pairwise(starts))
    n_in = starts[-1]
    param_vars = tuple(range(n_in, n_in + len(params)))
    const_vars = tuple(range(n_in + len(params), len(leaves)))
    equations = []
    for v in inner:
        op = OPS[v.op]
        if term_of(v) is not None:
            raise InfiniteDerivative(
                f"trace: the graph holds {v.label!r}, a term made where a gradient or "
                f"tangent of 0 met an infinite slope (or a rule took a limit): it does not "
                f"hold at other inputs — trace at example inputs where every slope is finite",
                v,
            )
        equations.append(Equation(op, tuple(map(at, v.parents)), at(v), v.arg))
    program = Program(
        input_vars,
        param_vars,
        const_vars,
        tuple(v.data for v in consts),
        tuple(equations),
        tuple(map(at, outputs)),
        tuple(v.label for v in order),
        _origins(order, derived or {}),
    )
    return program, tuple(consts)


def _origins(order: Sequence[Value], derived: Mapping[Value, tuple[Value, int]]) -> tuple[str, ...]:
    """Each node's :func:`~autograd_mini.backward.derived_from`, if a derivative rule
    made it while the function was recorded (``derived``), else ``""``."""
    if not derived:
        return ()
    return tuple(derived_from(*derived[v]) if v in derived else "" for v in order)
