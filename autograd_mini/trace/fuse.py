"""The fusion pass: equations → groups that one numpy call can compute.

Equations that apply the same op, with the same layout, at the same depth do not
depend on each other (depth: leaves 0, an equation one more than its deepest input),
so they can run side by side as one array operation. A layer's neurons zⱼ = Σᵢ wⱼᵢ·aᵢ
+ bⱼ are ``dot`` equations of one depth: one group, later one matrix product.

What must agree is read off the payload, never off an op's name: the number of pairs
and constant terms of a ``dot``, the number of terms of a ``sum``, the position of a
binary op's constant operand. The constants themselves may differ: the rules are
elementwise, so a group whose constants differ gets them as a row of numbers.
"""

from __future__ import annotations

from collections.abc import Hashable

from autograd_mini.ops import Constant, DotArg, SumArg
from autograd_mini.trace.program import Equation, Program

__all__ = ["Group", "fuse", "layout"]

Group = tuple[Equation, ...]
"""Equations of one op and layout at one depth, in program order."""


def layout(eq: Equation) -> Hashable:
    """What equations must share, besides op and depth, to be one numpy call."""
    arg = eq.arg
    if isinstance(arg, DotArg):
        return (arg.pairs, len(arg.consts))
    if isinstance(arg, SumArg):
        return len(eq.inputs)
    if isinstance(arg, Constant):
        return arg.position
    return None


def fuse(program: Program, enabled: bool = True) -> list[Group]:
    """The program's equations in groups, ordered by depth (a valid order to run them).

    ``enabled=False`` makes one group per equation (for testing the fusion).
    """
    depth = [0] * len(program.labels)  # leaves: 0
    at = depth.__getitem__
    groups: dict[tuple[int, str, Hashable, int], list[Equation]] = {}
    for eq in program.equations:
        d = 1 + max(map(at, eq.inputs))
        depth[eq.output] = d
        key = (d, eq.op.name, layout(eq), -1 if enabled else eq.output)
        groups.setdefault(key, []).append(eq)
    return [tuple(groups[k]) for k in sorted(groups, key=lambda k: k[0])]
