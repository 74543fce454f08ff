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

Branches are let through: ``if v > 0:`` reads the number only to choose what to compute,
and ``f`` runs again, eagerly, at every point it is differentiated at (a recording
``trace``, which replays one recording, refuses those too: trace/reads.py). ``v.data``
is an attribute, not a conversion: reading it is saying "the number, on purpose".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from autograd_mini import value as _value
from autograd_mini.backward import LeadsTo
from autograd_mini.errors import NumberRead
from autograd_mini.value import Value

__all__ = ["watching_numbers"]

_Watch = Callable[[Value | None, str, str | None], None]


class _Numbers:
    """Refuses a number read of a Value that depends on ``inputs``, after asking the
    watch that was in place (an outer transform, or a recording trace)."""

    def __init__(self, who: str, inputs: Sequence[Value], outer: _Watch | None) -> None:
        self.who = who
        self.varies = LeadsTo(list(inputs))
        self.outer = outer

    def read(self, v: Value | None, how: str, instead: str | None) -> None:
        if self.outer is not None:
            self.outer(v, how, instead)
        if v is None or instead is None or not self.varies(v):
            return  # no_grad() or a branch: f runs again at every point
        who = self.who
        raise NumberRead(
            f"{who}: f reads a Value computed from {who}'s input as a plain number ({how}, "
            f"data {v.data!r}); {who} takes that number for a constant, so every derivative "
            f"through it would silently be 0. Use {instead}"
        )


@contextmanager
def watching_numbers(who: str, inputs: Sequence[Value]) -> Iterator[None]:
    """While the block runs (in this thread or task), refuse a number read of a Value
    that depends on one of ``inputs`` (``who`` names the transform)."""
    token = _value.READ_WATCH.set(_Numbers(who, inputs, _value.READ_WATCH.get()).read)
    try:
        yield
    finally:
        _value.READ_WATCH.reset(token)
