"""A function transform's ``f`` may not hand on its inputs' numbers as plain floats.

``grad``, ``jvp``, ``vjp``, ``jacobian``, ``hessian`` and ``hvp`` call ``f`` with Values
and differentiate the graph it records. A number taken out of a Value — ``float(v)``,
which ``math.tanh(v)`` and ``np.float64(v)`` call, or a leaf's ``.grad`` after
``backward(create_graph=True)`` — has no graph behind it: the transform takes it for a
constant, and every derivative through it is silently 0 (``grad(lambda x:
math.tanh(x))(0.5)`` gave 0.0, not 0.79). Eagerly the same code fails loudly, since a
float has no ``backward``; inside a transform nothing would say so. So while ``f`` runs,
such a read of a Value that depends on the transform's inputs is refused
(:class:`~autograd_mini.errors.NumberRead`), as backward refuses to hand back float
gradients there (:func:`~autograd_mini.backward.refuse_float_gradients`).

``float()`` cannot tell what the number is for, so it is refused when it only prints or
branches too (``"%.3f" % v``, ``if float(v) > 0:``); the message says what reads the
number without handing it on: ``v > 0`` and ``if v:`` for a branch (let through: ``f``
runs again, eagerly, at every point it is differentiated at — a recording ``trace``,
which replays one recording, refuses those too, trace/reads.py), ``f"{v:.3f}"`` to
print, and ``v.data``, an attribute, for the number on purpose.

A copy (``copy.copy(v)``, ``copy.deepcopy(v)``, ``pickle.dumps(v)``, or of a list holding
v) is refused too: the copied graph's leaves keep the numbers they had, cut off from the
inputs (``grad(lambda x: x * copy.deepcopy(x))(0.5)`` gave 0.5, not 1).
"""

from __future__ import annotations

from collections.abc import Sequence

from autograd_mini.backward import LeadsTo
from autograd_mini.errors import NumberRead
from autograd_mini.read_watch import ReadKind, ReadWatch, unknown_read
from autograd_mini.value import Value, short_name

__all__ = ["Numbers"]


def _advice(kind: ReadKind) -> str | None:
    """What ``f`` should use instead of a read of this kind, or None for a read let
    through."""
    match kind:
        case "number":
            return (
                "the Value's own ops to compute with it (v.exp(), v.tanh(); np.exp(v) calls "
                'v.exp()); to branch, compare the Value (v > 0, if v:); to print, f"{v:.3f}"; '
                "for the number on purpose, v.data (a step such as math.floor or round "
                "of v.data: its derivative is 0)"
            )
        case "grad":
            return "its .grad_graph, the gradient as a Value"
        case "copy":
            return (
                "the Value itself (no op changes a Value: f needs no copy of it); copy or "
                "pickle it outside f, or, for the number on purpose, read v.data"
            )
        case "branch":
            return None  # only a choice is made, and f runs again at every point
        case "stop":
            return None  # no_grad(): f asks for constants, at every point it runs at
        case "derivative":
            return None  # a rule's constant at this point: the pass runs again at every one
        case _:
            unknown_read(kind)


class Numbers:
    """The read watch of a transform ``who`` called with ``inputs``: refuses a number
    read of a Value that depends on them, after asking the watch that was in place (an
    outer transform's, or a recording trace's). Which Values depend on the inputs is
    worked out at the first such read: a call that reads none pays nothing for it."""

    def __init__(
        self,
        who: str,
        inputs: Sequence[Value],
        outer: ReadWatch | None,
    ) -> None:
        self.who = who
        self.inputs = inputs
        self.outer = outer
        self.varies: LeadsTo | None = None

    def read(self, v: Value | None, how: str, kind: ReadKind) -> None:
        if self.outer is not None:
            self.outer(v, how, kind)
        advice = _advice(kind)
        if v is None or advice is None:
            return
        if self.varies is None:
            self.varies = LeadsTo(list(self.inputs))
        if not self.varies(v):
            return
        who = self.who
        itself = any(v is x for x in self.inputs)
        what = f"{who}'s input itself" if itself else f"a Value computed from {who}'s input"
        if kind == "copy":
            raise NumberRead(
                f"{who}: f copies {short_name(v)}, {what} "
                f"({how}, data {v.data!r}); the copy is a new graph whose leaves keep the "
                f"numbers they have now, so {who} takes it for a constant: the result would "
                f"no longer depend on the input through it, and a derivative through it "
                f"would be 0 without a word. Use {advice}"
            )
        raise NumberRead(
            f"{who}: f reads {what} as a plain number ({how}, "
            f"data {v.data!r}); {who} takes that number for a constant: the result would no "
            f"longer depend on the input through it, and a derivative through it would be 0 "
            f"without a word — wrong where the number varies with the input (float(v) used "
            f"as v), right only for a step that is flat here. Use {advice}"
        )
