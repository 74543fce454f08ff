"""`Module`: anything that owns parameters (a neuron, a layer, a whole network).

A module lists its parameters in one fixed order. That order is what an optimizer
walks, what :meth:`state_dict` names and what a model file stores, so a network can
be trained, saved and rebuilt without ever pickling Python objects.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator, Mapping
from typing import Any, cast

import numpy as np

from autograd_mini import Value
from autograd_mini.finite import refuse_masked
from autograd_mini.holders import held
from autograd_mini.reals import is_real, not_real_hint, scalar_of
from autograd_mini.value import integer_size, whole_float, zero_grads
from nn.checks import boolean_named

__all__ = ["Module", "real_number", "tie_conflict", "tied_pairs", "unknown_roles"]


def real_number(name: str, v: Any, who: str = "load_state_dict") -> float:
    """``v`` as a float if it is a real number, else a ValueError naming the parameter."""
    # A 0-d numpy array holds one number, its numpy scalar (not item(), which made a
    # 0-d timedelta64 a plain int); a 0-d torch tensor's is item()'s: judged like any
    # other, so a bool or a complex one is refused whatever holds it.
    # A masked one whose number is masked holds none: item() gave the number under the
    # mask, loaded without a word.
    refuse_masked(v, f"{who}: parameter {name!r}")
    number: Any = scalar_of(v)
    if (
        number is v
        and not isinstance(v, np.generic)
        and getattr(v, "ndim", None) == 0
        and hasattr(v, "item")
    ):
        number = v.item()  # a torch tensor's one number
    if isinstance(number, (bool, np.bool_)):  # the engine's words ("bool (True)" was)
        raise ValueError(f"{who}: parameter {name!r} is {boolean_named(v)}")
    if not is_real(number):
        raise ValueError(
            f"{who}: parameter {name!r} is {type(v).__name__} ({v!r:.40}), expected a real "
            f"number{_several_hint(v) or not_real_hint(number)}"
        )
    try:
        value = float(number)
    except OverflowError:  # an int beyond any float: 10**400
        raise ValueError(
            f"{who}: parameter {name!r} is {integer_size(cast(int, number))}, beyond a float"
        ) from None
    whole_float(number, value, who, f"parameter {name!r}")  # 2**53 + 1 was loaded as 2**53
    return value


def _several_hint(v: Any) -> str:
    """What a refusal of parameter value ``v`` adds when ``v`` holds numbers rather than
    being one: a list or tuple, a numpy array or a tensor of one axis or more. One of a
    single number (``np.array([0.5])``, a torch ``weight[0]`` of a Linear(1, 1), ``[0.5]``)
    was told only "expected a real number", of what looks like one: it is told how to
    give its number (``v.item()``, ``v[0]``), in the engine's words (:func:`held`);
    several are told that each name is one parameter's number. "" for anything else, or
    for one entry that is no number."""
    what = held(v)
    if what is None:
        return ""
    if what.entries != 1:
        return (
            f", not {what.kind}, which holds {what.entries} entries: each name in "
            f"state_dict() is one parameter, one number"
        )
    return f", not {what.one}" if what.one else ""


def tied_pairs(named: list[tuple[str, Value]]) -> list[tuple[int, int]]:
    """(i, j) for each parameter j that is the very Value listed first at i (i < j): a
    weight shared by two modules, tied. A model file records these pairs, and loading
    checks them, so that a file cannot untie a model, nor give one Value two numbers."""
    first: dict[Value, int] = {}
    pairs = []
    for j, (_, p) in enumerate(named):
        i = first.setdefault(p, j)
        if i != j:
            pairs.append((i, j))
    return pairs


def tie_conflict(named: list[tuple[str, Value]], values: list[Any]) -> tuple[int, int] | None:
    """The first tied pair (see :func:`tied_pairs`) that ``values``, one per entry of
    ``named``, would give two different numbers: one Value cannot hold both (the last
    written would win, silently). None when every tie agrees."""
    return next(((i, j) for i, j in tied_pairs(named) if values[i] != values[j]), None)


class Module:
    """Base class: parameters, gradients reset, state dictionaries, a readable repr.

    Subclasses override :meth:`named_children` (sub-modules) and/or
    :meth:`own_parameters` (the parameters held directly); everything else follows.
    """

    def __call__(self, x: Any) -> Any:
        """``module(x)`` is ``module.forward(x)``, as in PyTorch: a subclass of one's own
        defines ``forward`` (what :func:`~nn.train.fit` calls, one sample's inputs to a
        list of Values) and is called like nn's own modules. (Those also take a batch,
        and give a single output as a bare Value: their own ``__call__``.)"""
        forward = getattr(self, "forward", None)
        if forward is None:
            raise TypeError(
                f"{type(self).__name__} has no forward(x) method: define forward to call the module"
            )
        return forward(x)

    def named_children(self) -> list[tuple[str, Module]]:
        """Sub-modules with their names, in a fixed order."""
        return []

    def own_parameters(self) -> list[tuple[str, Value]]:
        """Parameters held directly by this module (not by its children)."""
        return []

    def named_parameters(self, prefix: str = "") -> list[tuple[str, Value]]:
        """Every parameter with a dotted name such as ``layers.0.neurons.3.w.12``."""
        out = [(prefix + name, p) for name, p in self.own_parameters()]
        for name, child in self.named_children():
            out.extend(child.named_parameters(f"{prefix}{name}."))
        return out

    def own_values(self) -> list[Value]:
        """:meth:`own_parameters` without the names, in the same order. A module that
        holds many may give them directly: naming 13,002 weights takes milliseconds,
        and :meth:`parameters` is called whenever training starts."""
        return [p for _, p in self.own_parameters()]

    def parameters(self) -> list[Value]:
        """Every trainable Value, in the same order as :meth:`named_parameters`."""
        if type(self).named_parameters is not Module.named_parameters:  # its own names
            return [p for _, p in self.named_parameters()]
        out = list(self.own_values())  # a copy: own_values may return a list it keeps
        for _, child in self.named_children():
            out.extend(child.parameters())
        return out

    def weights(self) -> list[Value]:
        """The connection weights only (no biases): what the L2 term λ/2·ΣW² penalises.
        Each weight once: a weight shared by two modules (tied) is one weight.

        A parameter's name says its role, as nn's classes name them: ``…w.<i>``
        (``w.0``, ``layers.1.neurons.3.w.12``) is a weight, ``…b`` a bias. A module
        whose parameters are named otherwise (``weight.0.0``, ``gate``) overrides this
        method to return its weights; a module holding it asks it, so the override
        counts wherever the module sits. ``fit(l2=λ)`` refuses a model with a parameter
        of neither kind (:func:`unknown_roles`): left out of λ/2·ΣW², it would not decay,
        without a word."""
        return list(dict.fromkeys(_roles(self, "", top=True)[0]))

    def num_parameters(self) -> int:
        """How many scalar parameters the module has: a parameter shared by two modules
        (tied) counts once, as PyTorch counts a shared tensor once."""
        return len(dict.fromkeys(self.parameters()))

    def zero_grad(self) -> None:
        """Set every parameter's ``grad`` to 0: leaves accumulate, so reset before backward."""
        zero_grads(self.parameters())

    def state_dict(self) -> dict[str, float]:
        """Parameter name → current value (plain floats, safe to write as JSON)."""
        return {name: p.data for name, p in self.named_parameters()}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Copy values from ``state`` into the parameters; names and count must match exactly.

        A value is any real number — a Python or numpy int or float, or a 0-d numpy array
        or torch tensor holding one (``weight[j, k]`` of a tensor is one) — not a bool or a
        complex number. Nothing is changed unless every entry is valid, so a bad state
        never leaves a half-loaded model behind.
        """
        if not isinstance(state, Mapping):
            raise ValueError(
                f"load_state_dict: expected a mapping name -> number, got {type(state).__name__}"
            )
        named = self.named_parameters()
        names = [n for n, _ in named]
        known = set(names)  # once: a set per key made loading quadratic in the parameters
        missing = [n for n in names if n not in state]
        unexpected = [k for k in state if k not in known]
        if missing or unexpected:
            parts = []
            if missing:
                parts.append(f"missing {len(missing)} (first: {missing[0]!r})")
            if unexpected:
                parts.append(f"unexpected {len(unexpected)} (first: {unexpected[0]!r})")
            raise ValueError(
                f"load_state_dict: state does not match {type(self).__name__} "
                f"with {len(names)} parameters: " + ", ".join(parts)
            )
        values = []
        for name in names:
            v = state[name]
            value = v if type(v) is float else real_number(name, v)  # a float: nearly always
            if not math.isfinite(value):
                raise ValueError(f"load_state_dict: parameter {name!r} is {v!r}, not finite")
            values.append(value)
        conflict = tie_conflict(named, values)
        if conflict is not None:
            i, j = conflict
            raise ValueError(
                f"load_state_dict: {names[i]!r} and {names[j]!r} are one parameter of "
                f"this {type(self).__name__} (tied), but the state gives them "
                f"{values[i]!r} and {values[j]!r}"
            )
        for (_, p), v in zip(named, values, strict=True):
            p.data = v

    def architecture(self) -> dict[str, Any]:
        """A JSON-ready description from which :mod:`nn.serialize` can rebuild the module."""
        raise NotImplementedError(f"{type(self).__name__} does not describe its architecture")

    def save(self, path: str | bytes | os.PathLike[str]) -> None:
        """Write the model to ``path`` as versioned JSON (see :func:`nn.serialize.save`)."""
        from nn.serialize import save

        save(self, path)

    def _extra_repr(self) -> str:
        return ""

    def __repr__(self) -> str:
        children = self.named_children()
        head = f"{type(self).__name__}({self._extra_repr()})"
        count = self.num_parameters()
        if all(not c.named_children() for _, c in children):  # leaves only: one line
            return f"{head}  # {count:,} parameters"
        lines = [f"{head}  # {count:,} parameters"]
        for name, child in children:
            inner = repr(child).replace("\n", "\n  ")
            lines.append(f"  ({name}): {inner}")
        return "\n".join(lines)

    def modules(self) -> Iterator[Module]:
        """This module and all of its descendants, depth first."""
        yield self
        for _, child in self.named_children():
            yield from child.modules()


def unknown_roles(model: Module) -> list[str]:
    """The names of ``model``'s parameters that :meth:`Module.weights` can tell neither as
    a weight (``…w.<i>``) nor as a bias (``…b``), outside any module that overrides
    ``weights()`` (which decides for its own). A Value listed under two names (tied) has
    a role if either name gives it one."""
    _, known, unknown = _roles(model, "", top=False)  # its own weights() decides, if any
    sure = {id(p) for p in known}
    return [name for name, p in unknown if id(p) not in sure]


def _roles(
    module: Module, prefix: str, top: bool
) -> tuple[list[Value], list[Value], list[tuple[str, Value]]]:
    """(weights, every parameter whose role is known, (name, parameter) of the others)
    for ``module``, whose parameters' names start with ``prefix``. A child's own
    ``weights()`` is asked for its weights (the rest of its parameters are not weights);
    ``top``: this is the module whose ``weights()`` is running, which is not asked again."""
    if not top and type(module).weights is not Module.weights:
        return module.weights(), module.parameters(), []
    said_weight: set[int] = set()  # ids a sub-module's own weights() calls weights
    said_known: set[int] = set()  # ids of the parameters of such sub-modules
    if type(module).named_parameters is not Module.named_parameters:  # its own names
        named, children = [(prefix + n, p) for n, p in module.named_parameters()], []
        # its names replace its children's walk, not their own weights(): a Value is a
        # weight if its name says so or such a sub-module does (a tied Value: either)
        for sub in _deciders(module):
            said_weight.update(map(id, sub.weights()))
            said_known.update(map(id, sub.parameters()))
    else:
        named = [(prefix + name, p) for name, p in module.own_parameters()]
        children = module.named_children()
    weights, known, unknown = [], [], []
    for name, p in named:
        parts = name.split(".")
        if parts[-2:-1] == ["w"] or id(p) in said_weight:
            weights.append(p)
            known.append(p)
        elif parts[-1] == "b" or id(p) in said_known:
            known.append(p)
        else:
            unknown.append((name, p))
    for name, child in children:
        w, k, u = _roles(child, f"{prefix}{name}.", top=False)
        weights += w
        known += k
        unknown += u
    return weights, known, unknown


def _deciders(module: Module) -> Iterator[Module]:
    """The sub-modules below ``module`` that override ``weights()``, not looking inside
    one (its own ``weights()`` speaks for everything it holds)."""
    for _, child in module.named_children():
        if type(child).weights is not Module.weights:
            yield child
        else:
            yield from _deciders(child)
