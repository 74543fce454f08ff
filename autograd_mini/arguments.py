"""What the function transforms accept and return: numbers, Values and lists of them.

``jvp``, ``vjp``, ``jacobian``, ``hessian`` and ``hvp`` all call a user's ``f`` on
Values and hand back numbers shaped like what went in. An argument (or a result) is a
*structure*: a number, a Value, or a list/tuple of structures. This module flattens a
structure into its list of entries and builds it again from a new list — the one piece
of bookkeeping the transforms share — and says clearly what was wrong when an argument
or a result is something else.
"""

from __future__ import annotations

import datetime
import numbers
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, cast

import numpy as np

from autograd_mini.arg_checks import shown
from autograd_mini.backward import RUNNING, refuse_untracked
from autograd_mini.errors import NO_GRAD_INHERITED
from autograd_mini.reals import (
    beyond_a_float,
    beyond_words,
    boolean_hint,
    described,
    is_integer,
    is_real,
    not_real_hint,
    scalar_of,
)
from autograd_mini.transform_reads import Numbers
from autograd_mini.value import (
    INPUT_MARK,
    READ_WATCH,
    NoGraph,
    Value,
    integer_size,
    is_grad_enabled,
    whole_float,
)

__all__ = [
    "Shape",
    "argument_positions",
    "bind",
    "bind_with_tangents",
    "call_inside",
    "check_argnums",
    "contains_value",
    "flatten",
    "inside_transform",
    "leaves_for",
    "output",
    "require_function",
    "require_grad_mode",
    "results",
    "same_layout",
    "scalar",
    "tangent_number",
    "whole_float",
]


class Shape:
    """The layout of a structure: ``None`` for one entry, else a list/tuple of layouts
    (``kind`` the given type: a namedtuple is rebuilt as itself)."""

    __slots__ = ("kind", "parts", "size")

    kind: type | None
    parts: tuple[Shape, ...]
    size: int

    def __init__(self, kind: type | None, parts: tuple[Shape, ...]) -> None:
        # kind: None (a single entry), list or tuple
        self.kind = kind
        self.parts = parts
        self.size = 1 if kind is None else sum(p.size for p in parts)

    def build(self, entries: Sequence[Any]) -> Any:
        """The structure with this layout holding ``entries`` (in flattening order)."""
        return self._build(iter(entries))

    def _build(self, it: Iterator[Any]) -> Any:
        if self.kind is None:
            return next(it)
        items = [p._build(it) for p in self.parts]
        kind = self.kind
        if kind is list:
            return items
        if kind is tuple:  # (before the subclass tests: they made jvp of tuples 5% slower)
            return tuple(items)
        if issubclass(kind, list):
            return items
        # a namedtuple is rebuilt as one: f reads p.a (it got a plain tuple, and said
        # "'tuple' object has no attribute 'a'"), and a result keeps its names
        make = getattr(kind, "_make", None)
        return make(items) if make is not None else tuple(items)

    def describe(self) -> str:
        if self.kind is None:
            return "one number"
        return f"a {self.kind.__name__} of {len(self.parts)}"

    def numbers(self) -> str:
        """How many numbers the layout holds, in words ("1 number", "3 numbers")."""
        return f"{self.size} number{'s' * (self.size != 1)}"

    def sketch(self, limit: int = 60) -> str:
        """The whole layout in brackets, a number as x: ``[[x], x]`` (shortened to
        ``limit`` characters); :meth:`describe` says only the outer level, and two
        layouts that differ inside read the same there."""
        if self.kind is None:
            return "x"
        inner = ", ".join(p.sketch(limit) for p in self.parts)
        listed = issubclass(self.kind, list)  # a list subclass is a list (it reads "(x)")
        if not listed and len(self.parts) == 1:  # a namedtuple of one too: "(x,)"
            inner += ","
        text = f"[{inner}]" if listed else f"({inner})"
        return text if len(text) <= limit else text[: limit - 1] + "…"


_ENTRY = Shape(None, ())  # shared: a layout is never modified
_FLAT = frozenset({float, Value})


def _is_entry(x: object) -> bool:
    if type(x) is float or type(x) is Value:  # the common cases, without the ABC check
        return True
    x = scalar_of(x)  # np.array(2.0), as np.float64(2.0)
    return isinstance(x, Value) or is_real(x)


def unflatten(shapes: Sequence[Shape], flat: Sequence[Any]) -> tuple[Any, ...]:
    """One structure per argument, rebuilt from the flat list of their entries in order."""
    per_argument = []
    start = 0
    for s in shapes:
        per_argument.append(s.build(flat[start : start + s.size]))
        start += s.size
    return tuple(per_argument)


def flatten(x: object, who: str, what: str) -> tuple[list[Any], Shape]:
    """The entries of structure ``x`` in order, and its layout.

    ``who`` names the transform and ``what`` the thing being flattened, for the error:
    anything but a number, a Value or a list/tuple of them is a TypeError.
    """
    entries: list[Any] = []
    return entries, _walk(x, what, who, entries)


def _walk(item: object, where: str, who: str, entries: list[Any]) -> Shape:
    """:func:`flatten`'s recursion, a module function: a nested one that calls itself is
    a reference cycle holding ``entries`` — f's outputs, and through them its whole
    graph — until the garbage collector runs."""
    if _is_entry(item):
        # a 0-d array is its one entry: np.asarray(v) as f's result is v (the array was
        # kept, and then refused as "must be a real number, got Value")
        entries.append(item[()] if isinstance(item, np.ndarray) else item)
        return _ENTRY
    if isinstance(item, (list, tuple)):
        if set(map(type, item)) <= _FLAT:  # a plain list of numbers: no walk needed
            entries.extend(item)
            return Shape(type(item), (_ENTRY,) * len(item))
        return Shape(
            type(item),
            tuple(_walk(p, f"{where}[{i}]", who, entries) for i, p in enumerate(item)),
        )
    raise TypeError(  # a boolean told as grad tells it
        f"{who}: {where} is {described(item)}; expected a number, a Value, or a list/tuple "
        "of them"
        + (boolean_hint(item) or _array_hint(item, where) or not_real_hint(scalar_of(item)))
    )


def _array_hint(item: object, where: str) -> str:
    """What to write for a numpy array of numbers (or of Values) where the transforms
    walk lists: its a.tolist(), passed, returned, or put in its place in f's result;
    empty for anything else (an array of strings or complex numbers: its list is
    refused in turn)."""
    if not isinstance(item, np.ndarray) or item.dtype.kind not in "fiuO":
        return ""
    if where == "the result of f":
        return " (a numpy array: return a.tolist())"
    if where.startswith("the result"):  # an item of f's result: the item's place
        return " (a numpy array: put a.tolist() in its place)"
    return " (a numpy array: pass a.tolist())"


def same_layout(a: Shape, b: Shape) -> bool:
    if a.kind is None or b.kind is None:
        return a.kind is None and b.kind is None
    if a.kind is b.kind and a.parts == b.parts:  # equal tuples of the same layouts
        return True
    return len(a.parts) == len(b.parts) and all(
        same_layout(p, q) for p, q in zip(a.parts, b.parts, strict=True)
    )


def contains_value(x: object) -> bool:
    """True when ``x`` is or holds a Value: the transform is running inside an outer one
    (``jvp(grad(f), …)`` calls ``grad(f)`` on Values), so its results must stay Values
    that the outer pass can differentiate through."""
    if isinstance(x, Value):
        return True
    if isinstance(x, np.ndarray):  # np.asarray(v) is v (a float result cut the outer graph)
        return x.ndim == 0 and isinstance(x[()], Value)
    return isinstance(x, (list, tuple)) and any(contains_value(p) for p in x)


def inside_transform() -> bool:
    """Whether an outer transform (grad, jacobian, …) is running its ``f`` right now, in
    this thread or task: then an inner transform must hand back Values even when called
    on plain numbers — ``f`` may close over the outer transform's Values, and a float
    would cut the outer derivative off."""
    return bool(RUNNING.get())


def require_function(f: object, who: str) -> None:
    """A TypeError naming ``who`` when ``f`` cannot be called: ``jacobian(3.0)`` made a
    function that failed later with "'float' object is not callable", naming nothing."""
    if not callable(f):
        from autograd_mini.trace.traced import Traced  # (a refusal only: no import cycle)

        hint = (
            " — a trace replays on numpy batches and gives a transform no derivative: pass "
            "the function it recorded, traced.fn"
            if isinstance(f, Traced)
            else ""
        )
        raise TypeError(f"{who}: f must be a function, got {type(f).__name__}{hint}")


def call_inside(
    f: Callable[..., Any],
    args: Sequence[Any],
    who: str,
    inputs: Sequence[Value],
    kwargs: Mapping[str, Any] | None = None,
) -> Any:
    """``f(*args, **kwargs)``, counted as running inside the transform ``who`` whose input
    nodes are ``inputs`` (see :func:`inside_transform`; ``gradients`` and ``backward``
    refuse to hand back floats computed from them, :func:`~autograd_mini.backward.RUNNING`;
    ``f`` may not read them as plain numbers, :mod:`autograd_mini.transform_reads`).
    ``kwargs`` reach ``f`` as they are: a transform never differentiates them."""
    require_function(f, who)
    token = RUNNING.set((*RUNNING.get(), (who, inputs)))
    watch = READ_WATCH.set(Numbers(who, inputs, READ_WATCH.get()).read)
    try:
        return f(*args, **(kwargs or {}))
    finally:
        READ_WATCH.reset(watch)
        RUNNING.reset(token)


def require_grad_mode(who: str) -> None:
    """Inside ``no_grad()`` f records no graph, and every derivative would come out 0."""
    if not is_grad_enabled():
        raise NoGraph(
            f"{who}: grad mode is off (inside no_grad()), so f would record no graph and "
            f"every derivative would be 0; call {who} outside no_grad() — {NO_GRAD_INHERITED}"
        )


def bind(
    args: Sequence[Any],
    argnums: int | Sequence[int],
    who: str,
    kwargs: Mapping[str, Any] | None = None,
) -> tuple[list[Any], list[Value], bool]:
    """``f``'s arguments with the ``argnums`` ones replaced by Values.

    Returns the call arguments, the input nodes in order (argument by argument, each
    flattened), and whether the call is nested (a Value anywhere in ``args`` or in the
    keyword arguments ``kwargs``, or an outer transform running: ``f`` may close over
    its Values).
    """
    given = (argnums,) if isinstance(argnums, int) else tuple(argnums)
    positions = argument_positions(given, args, who, kwargs)
    require_grad_mode(who)
    call_args = list(args)
    leaves: list[Value] = []
    for i in positions:
        entries, shape = flatten(args[i], who, f"argument {i}")
        made = leaves_for(entries, who, f"argument {i}")
        call_args[i] = shape.build(made)
        leaves.extend(made)
    nested = inside_transform() or contains_value([*args, *(kwargs or {}).values()])
    return call_args, leaves, nested


def whole(i: object) -> bool:
    """Whether ``i`` is a whole number, as an argument position is: an int or numpy's
    (``np.int64(1)``, an entry of ``np.arange``), not a bool."""
    return is_integer(i)


def check_argnums(argnums: object, who: str) -> int | tuple[int, ...]:
    """``argnums`` as Python ints: one whole number (numpy's too, ``np.int64(1)``) an int,
    a non-empty sequence of them (a list, or a 1-d integer array as ``np.arange(2)``) a
    tuple; else a TypeError or ValueError naming ``who`` (one position listed twice
    too). grad, jacobian and hessian all check with it, so one slip reads the same in
    each (they said it in two wordings); whether each position names one of the call's
    arguments, and (0, -2) two different ones, :func:`argument_positions` checks at the
    call."""
    if whole(argnums):
        return int(cast(numbers.Integral, argnums))
    if isinstance(argnums, np.ndarray):
        return _array_argnums(argnums, who)
    if isinstance(argnums, (str, bytes)) or not isinstance(argnums, Sequence):
        raise TypeError(
            f"{who}: argnums must be an int or a sequence of ints, got {shown(argnums)}"
            f"{_position_hint(argnums)}"
        )
    for i in argnums:
        if not whole(i):
            raise TypeError(
                f"{who}: argnums must hold ints, got {shown(i)} in {shown(argnums)}"
                f"{_position_hint(i)}"
            )
    return _distinct(tuple(int(i) for i in argnums), argnums, who)


def _position_hint(x: object) -> str:
    """What a refusal of argnums adds after naming ``x``, a cell that looks like a number
    and is none (a duration, a date, a complex number, a Decimal): what it is, and that
    argnums holds ints — :func:`~autograd_mini.reals.not_real_hint`'s advice ("pass a
    float of it", "pass float(d)") named a float, which argnums refuses; "" for any
    other ``x``."""
    if not not_real_hint(x):
        return ""
    if isinstance(x, np.timedelta64):
        kind = "a numpy timedelta64 is a duration,"
    elif isinstance(x, np.datetime64):
        kind = "a numpy datetime64 is a date,"
    elif isinstance(x, datetime.timedelta):  # said "a timedelta is", no word of a duration
        kind = "a datetime.timedelta is a duration,"
    elif isinstance(x, datetime.date):  # a datetime.datetime too
        kind = f"a datetime.{type(x).__name__} is a date,"
    elif isinstance(x, (complex, np.complexfloating)):
        kind = "a complex number is"
    else:
        kind = f"a {type(x).__name__} is"
    return (
        f": {kind} not an argument position — argnums holds ints, the positions of the "
        f"arguments meant, e.g. argnums=0 or argnums=(0, 1)"
    )


def _array_argnums(argnums: np.ndarray[Any, Any], who: str) -> int | tuple[int, ...]:
    """A numpy array of positions: one integer (0-d) an int, a 1-d one a tuple, as a
    list of them would be; any other shape or a float/bool array a clear refusal (it said
    "must be an int or a sequence of ints" of ``np.arange(2)``, which is both)."""
    if argnums.ndim > 1:
        raise TypeError(
            f"{who}: argnums must be an int or a 1-d sequence of ints, got a {argnums.ndim}-d "
            f"array of shape {argnums.shape}: {shown(argnums)}"
        )
    if argnums.size and (argnums.dtype.kind not in "iu"):
        # an object array's cells are each their own kind: the hint of the first that has
        # one (a duration after an int had none: only the first cell was asked)
        cells = argnums.flat if argnums.dtype == object else argnums.flat[:1]
        hint = next(filter(None, map(_position_hint, cells)), "")
        raise TypeError(
            f"{who}: argnums must hold ints, got an array of {argnums.dtype}: {shown(argnums)}"
            f"{hint}"
        )
    if argnums.ndim == 0:
        return int(argnums)
    return _distinct(tuple(int(i) for i in argnums), argnums, who)


def _distinct(positions: tuple[int, ...], given: object, who: str) -> tuple[int, ...]:
    """``positions`` when non-empty with no number twice, as written (``(0, 0)``, and
    ``(-1, -1)`` however many arguments come: refused here, before any call)."""
    if not positions:
        raise ValueError(f"{who}: argnums is empty: give at least one argument position")
    for k, i in enumerate(positions):
        if i in positions[:k]:
            raise ValueError(_listed_twice(who, given, i, positions.count(i)))
    return positions


def _listed_twice(who: str, given: object, i: int, count: int) -> str:
    """One number written more than once in argnums."""
    times = "twice" if count == 2 else f"{count} times"
    return f"{who}: argnums {shown(given)} lists {i} {times}; list each argument once"


def argument_positions(
    argnums: tuple[int, ...],
    args: Sequence[Any],
    who: str,
    kwargs: Mapping[str, Any] | None = None,
) -> list[int]:
    """The argument each of ``argnums`` (from :func:`check_argnums`) names in ``args``,
    counted from 0 (−1 is the last): an IndexError for one past the arguments (saying
    keyword arguments are never differentiated when, counted with them, the position
    would name one: ``grad(f, 1)(x, y=2.0)``, not a typo as 5 of two arguments), a
    ValueError for two naming the same argument (each would get only part of the
    derivative: refused, not guessed)."""
    n = len(args)
    for i in argnums:
        if not -n <= i < n:
            k = len(kwargs or ())
            by_name = (
                f" — {', '.join(kwargs or ())} came by keyword, and keyword arguments are "
                f"never differentiated: pass what to differentiate by position"
                if k and -(n + k) <= i < n + k
                else ""
            )
            raise IndexError(f"{who}: argnums {i} is out of range for {n} argument(s){by_name}")
    seen: dict[int, int] = {}
    for i in argnums:
        j = i % n
        if j in seen:  # two spellings: a number written twice was refused when checked
            raise ValueError(_same_argument(who, seen[j], i, j))
        seen[j] = i
    return list(seen)


def _same_argument(who: str, first: int, second: int, position: int) -> str:
    """Two entries of argnums, written differently, naming one argument (at
    ``position``): each would get only part of the derivative."""
    return (
        f"{who}: argnums {first} and {second} are the same argument (position {position}); "
        "list each argument once"
    )


def scalar(outs: Sequence[Value | float], shape: Shape, who: str) -> Value | float:
    """The one number ``f`` returned; a list of results is a TypeError."""
    if shape.kind is not None:
        raise TypeError(
            f"{who}: f must return one number (a scalar cost), but it returned "
            f"{shape.describe()}; use jacobian for a function with several outputs"
        )
    return outs[0]


def leaves_for(entries: Sequence[Any], who: str, what: str) -> list[Value]:
    """The Values ``f`` is called with in place of ``entries``, the flattened ``what``
    ("argument 0", "primals[1]").

    A number becomes a fresh leaf. A Value (from an outer transform) gets a new node
    ``entry + 0`` of its own: the outer graph stays connected through it, and the same
    outer Value passed twice still gives two separate inputs.

    Each is labelled — with the entry's own label if it has one, else ``what`` (and
    its place in it): an error about a derivative inside ``f`` then names "input node
    'argument 0'" or the user's 'x', not an unlabelled node of op 'add' the user never
    made.
    """
    made = []
    for k, entry in enumerate(entries):
        place = what if len(entries) == 1 else f"{what}[{k}]"
        if isinstance(entry, Value):
            node = entry + 0.0
            if node.parents:  # marked, for describe (no graph is recorded in no_grad)
                node._arg = (1, INPUT_MARK)
            node.label = entry.label or place
        else:
            node = Value(tangent_number(entry, who, place), label=place)
        made.append(node)
    return made


def tangent_number(x: Any, who: str, what: str) -> float:
    """A finite float from a user's number; a TypeError/ValueError saying what it was.

    A 0-d numpy array is its one number (``np.array(2.0)``, as ``np.float64(2.0)``). An
    integer no float holds (beyond 2⁵³, as 2**53 + 1) is refused (:func:`whole_float`):
    ``jvp(lambda x: x - 2**53, (2**53 + 1,), (1.0,))`` gave the value 0.0, not 1."""
    if type(x) is float and x - x == 0.0:
        return x
    x = scalar_of(x)
    if not is_real(x):
        raise TypeError(
            f"{who}: {what} must be a real number, got {type(x).__name__} ({x!r:.60})"
            + not_real_hint(x)
        )
    try:
        value = float(x)
    except OverflowError:  # 10**400: Python's "int too large to convert" named nothing
        given: object = x  # (typed Real above; a Python int is one)
        size = integer_size(given) if isinstance(given, int) else "a number"
        raise ValueError(
            f"{who}: {what} is {size}, too large for a float (largest: 1.8e308)"
        ) from None
    if value - value != 0.0:
        if beyond_a_float(x, value):  # np.longdouble('1e400'): "is inf" was float()'s
            raise ValueError(f"{who}: {what} is {shown(x)}, {beyond_words(x)}")
        raise ValueError(f"{who}: {what} is {value!r}, expected a finite number")
    whole_float(x, value, who, what)
    return value


def output(
    f: Callable[..., Any],
    args: Sequence[Any],
    who: str,
    inputs: Sequence[Value],
    kwargs: Mapping[str, Any] | None = None,
) -> tuple[list[Value | float], Shape]:
    """Call ``f(*args, **kwargs)`` and flatten what it returns: Values stay, numbers become
    floats. ``inputs`` are the nodes ``f`` is called with (see :func:`call_inside`).

    A result that is not a number, a Value or a list/tuple of them — ``None`` from a
    forgotten ``return``, a string, a numpy array — is a TypeError naming the type.
    """
    result = call_inside(f, args, who, inputs, kwargs)
    try:
        entries, shape = flatten(result, who, "the result of f")
    except TypeError as error:
        raise TypeError(
            f"{error}. f must return what it computed from its Value arguments"
        ) from None
    flat = [e if isinstance(e, Value) else tangent_number(e, who, "f's result") for e in entries]
    for e in flat:  # forward mode gave 0 for these, where reverse mode refuses them
        if isinstance(e, Value):
            refuse_untracked(e, who)
    return flat, shape


def results(outs: Sequence[Value | float], nested: bool) -> list[Any]:
    """Outputs handed back: floats, or Values when running inside an outer transform."""
    if nested:
        return [y if isinstance(y, Value) else Value(y) for y in outs]
    return [y.data if isinstance(y, Value) else y for y in outs]


def bind_with_tangents(
    primals: Sequence[Any], tangents: Sequence[Any], who: str
) -> tuple[list[Any], dict[Value, Any], bool, list[Shape]]:
    """``f``'s arguments as Values, each input node's tangent (in argument order), whether
    the call is nested, and each argument's layout.

    Shared by ``jvp`` and ``hvp``: ``primals`` and ``tangents`` are tuples (or lists) of
    arguments of the same shapes, or a TypeError/ValueError says which one is not.
    """
    for name, given in (("primals", primals), ("tangents", tangents)):
        if not isinstance(given, (tuple, list)):
            raise TypeError(
                f"{who}: {name} must be a tuple of f's arguments, e.g. {who}(f, (x,), (v,)); "
                f"got {type(given).__name__}"
            )
    if len(primals) != len(tangents):
        raise ValueError(
            f"{who}: {len(primals)} primal(s) but {len(tangents)} tangent(s): "
            "one tangent per argument"
        )
    require_grad_mode(who)
    call_args: list[Any] = []
    seeds: dict[Value, Any] = {}
    nested = inside_transform()  # f may close over an outer transform's Values
    shapes: list[Shape] = []
    for i, (p, t) in enumerate(zip(primals, tangents, strict=True)):
        p_entries, p_shape = flatten(p, who, f"primals[{i}]")
        t_entries, t_shape = flatten(t, who, f"tangents[{i}]")
        if not same_layout(p_shape, t_shape):
            raise ValueError(
                f"{who}: tangents[{i}] is laid out as {t_shape.sketch()} ({t_shape.numbers()}) "
                f"but primals[{i}] as {p_shape.sketch()} ({p_shape.numbers()}; x is a "
                f"number): each tangent must have its primal's shape"
            )
        leaves = leaves_for(p_entries, who, f"primals[{i}]")
        for j, (leaf, e, t_e) in enumerate(zip(leaves, p_entries, t_entries, strict=True)):
            if isinstance(t_e, Value) or isinstance(e, Value):
                nested = True
            what = f"tangents[{i}]" if len(t_entries) == 1 else f"tangents[{i}], entry {j}"
            seeds[leaf] = t_e if isinstance(t_e, Value) else tangent_number(t_e, who, what)
        call_args.append(p_shape.build(leaves))
        shapes.append(p_shape)
    return call_args, seeds, nested, shapes
