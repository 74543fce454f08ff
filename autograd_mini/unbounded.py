"""An infinite slope met by a zero gradient, kept as a term that refuses if anything
flows through it.

Both passes meet it when they differentiate to second order. A gradient (or a tangent)
that is 0 here but varies with the inputs — g = y at y = 0 reaching √x at x = 0, in
∂(y·√x)/∂x — times an infinite slope: at first order the term g·slope is 0, nothing
flows, as in the float pass; but its derivative with respect to what g depends on is
the slope itself, ∂²(y·√x)/∂y∂x = 1/(2√x), infinite. Left out, that term made the
second derivative 0 (and hvp answer 0 where hessian refused). So the term is kept as a
node worth 0 whose local derivative with respect to g is the slope
(:class:`ZeroTimesSlope`, the local derivative the passes use in the slope's place), and
a later pass — a second derivative, forward over reverse — refuses it exactly when a
non-zero gradient or tangent has to go through it, as every infinite slope is refused.

Refused even where the limit exists (x·x·√x: f'' = 0 at 0), because the graph cannot
tell that case from one where it does not (x^1.5·x^0.1 = x^1.6: f'' = 0.96/x^0.4,
infinite at 0): 0·∞ is not resolved.

The term's own number is that 0·∞ too, taken as 0 at first order: what it is worth
near here is not resolved either (2r·1/(2√s) at r = √s = 0, in ∂(√s)²/∂s, is 1). A
first-order gradient holding it is right where it is multiplied by 0 again (∂/∂x of
(√(x·x))² is 2x times it: 0 at x = 0), but its derivative is not: the second pass
multiplies that number by the slope of the 0 (∂(2x)/∂x = 2), and 2·0 gave a Hessian of
0 where it is 2 (second derivatives of (√(x² + y²))² at the origin), with nothing flowing
into the term itself to refuse it. So a product whose factor holds such a number (a
gradient made from a term, :class:`Unresolved` keeps which) is given a second term, worth
0, whose slope with respect to the other factor is nan (:class:`Used`): the number a
derivative would need does not exist, and a non-zero gradient or tangent through it is
refused, naming the slope the 0·∞ met.

A rule on Values makes the same kind of node for a limit it took (pow's ∂y/∂b = aᵇ·ln a,
0 at a = 0, whose derivatives in a are infinite there): :func:`limit_term`.

The node is a ``mul`` by its infinite (or nan) constant, the only infinite constant a
graph can hold (``x * inf`` is refused when made). That constant is a :class:`Term`, a
float that records what the term stands for — the slope it replaces, or the limit —
so errors word their refusal from it (:meth:`Term.error`) and ``trace`` knows the node
(:func:`term_of`); no label is read.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from typing import Literal

from autograd_mini import value as _value
from autograd_mini.errors import InfiniteDerivative
from autograd_mini.ops import Constant
from autograd_mini.value import Value

__all__ = [
    "Carried",
    "Limit",
    "Slope",
    "Term",
    "Unresolved",
    "Used",
    "ZeroTimesSlope",
    "limit_term",
    "term_of",
    "varies",
]

#: What met the infinite slope: a reverse pass's gradient or a forward pass's tangent.
Carried = Literal["gradient", "tangent"]


class Term(float):
    """The constant operand of a term: the infinite (or nan) slope as a float, and what
    the term stands for, in a subclass's fields."""

    __slots__ = ()

    def label(self) -> str:
        """The node's label: what a picture and ``trace``'s refusal show."""
        raise NotImplementedError

    def refusal(self, what: str, who: str) -> str:
        """The message refusing ``what`` (a non-zero gradient or tangent) through it."""
        raise NotImplementedError

    def error(self, node: Value, what: str, who: str) -> InfiniteDerivative:
        """The refusal of ``what`` reaching the term ``node``: named by the slope or the
        limit it stands for, since the term is a node the engine made, which the user
        never saw."""
        return InfiniteDerivative(self.refusal(what, who), node)


class Slope(Term):
    """A gradient or tangent of 0 times the infinite slope ``name``: ∂y/∂a of node 'r'
    (op 'sqrt'), input node 'x'."""

    __slots__ = ("carried", "name")

    carried: Carried
    name: str

    def __new__(cls, slope: float, name: str, carried: Carried) -> Slope:
        term = super().__new__(cls, slope)
        term.name = name
        term.carried = carried
        return term

    def __reduce__(self) -> tuple[type[Slope], tuple[float, str, Carried]]:
        # a copy or pickle of a graph holding the term: float's own protocol would call
        # __new__ with the number alone
        return (Slope, (float(self), self.name, self.carried))

    def label(self) -> str:
        return f"{self.carried} 0 × {self.name} = {float(self)!r}"

    def refusal(self, what: str, who: str) -> str:
        carried = self.carried
        return (
            f"{who}: a derivative of the {carried} needs the slope {self.name} = "
            f"{float(self)!r}: the first-order {carried} through it was 0 (taken as 0), but "
            f"what it is worth near here is that 0 times an infinite slope, and 0·∞ is not "
            f"resolved — {what} has to flow through it"
        )


class Limit(Term):
    """A limit a rule took on Values; ``says`` what it is and why its derivative is
    infinite."""

    __slots__ = ("says",)

    says: str

    def __new__(cls, slope: float, says: str) -> Limit:
        term = super().__new__(cls, slope)
        term.says = says
        return term

    def __reduce__(self) -> tuple[type[Limit], tuple[float, str]]:
        return (Limit, (float(self), self.says))

    def label(self) -> str:
        return f"limit 0: {self.says}"

    def refusal(self, what: str, who: str) -> str:
        return f"{who}: {self.says} — {what} has to flow through it"


class Used(Term):
    """The slope, with respect to the other factor, of a product whose one factor holds a
    0·∞ taken as 0 (a gradient through the infinite slope ``name``): that factor's number,
    which is not resolved — nan."""

    __slots__ = ("carried", "name")

    carried: Carried
    name: str

    def __new__(cls, name: str, carried: Carried) -> Used:
        term = super().__new__(cls, math.nan)
        term.name = name
        term.carried = carried
        return term

    def __reduce__(self) -> tuple[type[Used], tuple[str, Carried]]:
        return (Used, (self.name, self.carried))

    def label(self) -> str:
        return f"uses the {self.carried} 0 × {self.name}"

    def refusal(self, what: str, who: str) -> str:
        carried = self.carried
        return (
            f"{who}: a derivative of the {carried} needs the number a {carried} of 0 gave "
            f"through the slope {self.name} = inf: that 0·∞ was taken as 0 at first order, "
            f"but what it is worth near here is not resolved — {what} has to flow through it"
        )


class Unresolved:
    """The gradients (or tangents) of one pass whose number holds a 0·∞ taken as 0: the
    node each belongs to, and the slope that 0 met, first found. Each product the pass
    makes of such a number and a factor that varies with the inputs gets a :class:`Used`
    term, and passes its 0·∞ on."""

    __slots__ = ("carried", "names", "seed")

    def __init__(self, seed: object, carried: Carried = "gradient") -> None:
        self.names: dict[Value, str] = {}
        self.seed = seed
        self.carried: Carried = carried

    def visit(self, node: Value, locals_: Sequence[object]) -> str | None:
        """Before ``node``'s gradient is sent to its parents times ``locals_``: the slope
        its own number's 0·∞ met (None: it holds none), and which parents receive one —
        through a :class:`ZeroTimesSlope`, or from ``node``'s."""
        names = self.names
        name = names.get(node) if names else None
        for p, local in zip(node.parents, locals_, strict=True):
            if isinstance(local, ZeroTimesSlope):
                names.setdefault(p, local.term.name)
            elif name is not None:
                names.setdefault(p, name)
        return name

    def product(self, local: Value | float, g: Value, name: str) -> Value:
        """``local·g`` where ``g``'s number holds a 0·∞ through the slope ``name``: its
        slope in ``local`` is that number, so a factor that varies gets a :class:`Used`
        term beside it (worth 0)."""
        contribution = local * g
        used = self.used(local, name)
        return contribution if used is None else contribution + used

    def used(self, local: object, name: str) -> Value | None:
        """The :class:`Used` term for ``local`` times a number holding a 0·∞ through the
        slope ``name`` (None: ``local`` is a constant, whose slope nothing asks for)."""
        if isinstance(local, Value) and varies(local, self.seed):
            return _node(local, Used(name, self.carried))
        return None


class ZeroTimesSlope:
    """The local derivative a pass uses in place of an infinite (or nan) slope that a
    gradient or tangent of 0 meets, where that 0 varies with the inputs (:func:`varies`):
    multiplied by the gradient ``g`` it gives the term, a node worth 0 whose derivative
    with respect to ``g`` is the slope. As a float it is the slope (what a refusal
    reports)."""

    __slots__ = ("term",)

    def __init__(self, slope: float, name: str, carried: Carried = "gradient") -> None:
        self.term = Slope(slope, name, carried)

    def __mul__(self, g: Value) -> Value:
        return _node(g, self.term)

    def __float__(self) -> float:
        return float(self.term)


def limit_term(parent: Value, slope: float, says: str) -> Value:
    """A term standing for a limit a rule took on Values (pow's ∂y/∂b = aᵇ·ln a, 0 at
    a = 0): 0 here, but its derivative with respect to ``parent`` is the infinite
    ``slope``, so a derivative of it is refused rather than given as the 0 a constant
    would have. ``says`` is what the refusal tells."""
    return _node(parent, Limit(slope, says))


def _node(parent: Value, term: Term) -> Value:
    """A node worth 0 whose derivative with respect to ``parent`` is ``term``'s slope: a
    ``mul`` by that constant, which nothing else can make (``x * inf`` is refused when
    made), so that every pass refuses a non-zero gradient or tangent through it."""
    slope = float(term)
    node = _value._node(0.0, (parent,), (slope,), "mul", (1, term))
    node.label = term.label()
    return node


def term_of(node: Value) -> Term | None:
    """What ``node`` stands for, if it is a term (its constant operand), else None."""
    arg = node.arg
    if isinstance(arg, Constant) and isinstance(arg.value, Term):
        return arg.value
    return None


def varies(g: Value, seed: object, fixed: Collection[Value] = ()) -> bool:
    """Whether ``g`` depends on a leaf other than the pass's own ``seed``: a gradient made
    of the seed and constants alone (∂(0·√x)/∂√x) has no slope with respect to anything
    a later pass differentiates, so an infinite slope after it is left out (a
    :class:`ZeroTimesSlope` is needed only where this is true). Leaves in ``fixed`` count
    as constants too: a tangent pass's fresh inputs, made from numbers, which nothing
    outside the pass can differentiate."""
    stack, seen = [g], set()
    while stack:
        v = stack.pop()
        if v in seen:
            continue
        seen.add(v)
        if not v.parents and v is not seed and v not in fixed:
            return True
        stack.extend(v.parents)
    return False
