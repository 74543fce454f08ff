"""What a refusal says of numbers given in a container where one number was meant.

``Value(np.array([0.5]))``, ``Value([0.5])`` and a torch ``weight[0]`` of a Linear(1, 1)
given to ``load_state_dict`` look like one number and are not one: the refusal said only
"expected a real number", of what looks like one. :func:`held` is what both the engine
and ``nn`` read of such a value — its kind as a refusal names it, how many entries it
holds and, for one real number, how to give that number (``v.item()``, ``v[0]``) — so
the two say it in the same words; :func:`holder_hint` is the engine's whole hint, which
for several numbers says that a Value holds one. :func:`torch_made` knows a PyTorch
tensor by its class's module, torch never imported.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np

from autograd_mini.reals import is_real

__all__ = ["Held", "held", "holder_hint", "torch_made"]


def torch_made(kind: type) -> bool:
    """Whether ``kind`` is torch's or derives from one of torch's classes: a tensor
    subclass made elsewhere (torchvision's ``tv_tensors.Image``, one's own) is a tensor
    too; known by its own module only, it was "got Image" where predict reads it."""
    return any(getattr(k, "__module__", "").partition(".")[0] == "torch" for k in kind.__mro__)


class Held(NamedTuple):
    """What :func:`held` reads of a container: ``kind`` as a refusal names it ("a
    list", "an array of shape (1,)", "a tensor of shape (1, 1)"), ``entries`` how many it holds,
    and ``one``, for a single entry that is a real number, the words that say how to
    give it ("an array of shape (1,) holding one: give its number, v.item()"), else ""."""

    kind: str
    entries: int
    one: str


def held(v: Any, name: str = "v") -> Held | None:
    """:class:`Held` of ``v`` where ``v`` holds numbers rather than being one — a list
    or tuple, a numpy array or a tensor of one axis or more — its way to the one number
    written with ``name`` (``v.item()``, ``v[0]``); None for anything else (a 0-d array
    is its one number, not a holder of one)."""
    first: Any = None
    if isinstance(v, (list, tuple)):
        count, how = len(v), f"{name}[0]"
        kind = f"a {type(v).__name__}"
        if count == 1:
            first = v[0]
    else:
        shape = getattr(v, "shape", None)
        if not isinstance(getattr(v, "ndim", None), int) or v.ndim < 1 or shape is None:
            return None
        shape = tuple(int(n) for n in shape)
        count, how = math.prod(shape), f"{name}.item()"
        kind = f"{'a tensor' if torch_made(type(v)) else 'an array'} of shape {shape}"
        if count == 1:
            first = v.reshape(-1)[0]
    if count != 1:
        return Held(kind, count, "")
    number = first.item() if getattr(first, "ndim", None) == 0 else first
    if isinstance(number, (bool, np.bool_)) or not is_real(number):
        return Held(kind, count, "")
    return Held(kind, count, f"{kind} holding one: give its number, {how}")


def holder_hint(x: object, several: bool = True) -> str:
    """What the engine's refusal of ``x`` adds after "got …" where ``x`` holds numbers:
    for one real number, how to give it (the words ``nn``'s load_state_dict uses); for
    several, where ``several`` (a Value made of ``x``, or an operator's operand), that
    a Value holds one number, and how to make a Value of each. "" for anything else (an
    empty one, one entry that is no number; several written into ``v.data``)."""
    what = held(x, "xs")
    if what is None:
        return ""
    if what.one:
        return f" — {what.one}"
    if what.entries < 2 or not several:
        return ""
    return (
        f" — {what.kind}, which holds {what.entries} entries: a Value holds one number; for "
        f"an array of numbers, make a Value of each: np.array([Value(x) for x in xs]), "
        f"or the list [Value(x) for x in xs]"
    )
