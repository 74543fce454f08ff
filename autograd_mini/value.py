"""`Value`: one scalar in a computation graph.

A node keeps its number (``data``), its gradient (``grad``), the nodes it was computed
from (``parents``) and — already evaluated during the forward pass — the local
derivatives ∂self/∂parent (``local_grads``). Storing numbers rather than closures
means a node points only at its parents: the graph has no reference cycles and is
freed by reference counting the moment the last output is dropped.

Every op goes through the table in :mod:`autograd_mini.ops`; this module only turns
Python operators into table look-ups.
"""

from __future__ import annotations

import collections
import dataclasses
import itertools
import keyword
import math
import numbers
import operator
import threading
from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter, mul
from types import NotImplementedType
from typing import Any, NoReturn, SupportsIndex, cast

import numpy as np

from autograd_mini.errors import (
    DivisionByZero,
    DomainError,
    InfiniteDerivative,
    NoGraph,
    NonFiniteGradient,
    OpOverflow,
    StaleGraph,
    because,
)
from autograd_mini.finite import FLOAT_EXACT, exact_sum
from autograd_mini.grad_mode import _GRAD_ENABLED, is_grad_enabled, no_grad
from autograd_mini.grad_mode import recording as recording
from autograd_mini.holders import holder_hint
from autograd_mini.locks import fork_safe
from autograd_mini.operators import ARITHMETIC
from autograd_mini.ops import FLOAT, OPS, Arg, Op, failed_forward
from autograd_mini.read_watch import READ_WATCH as READ_WATCH
from autograd_mini.read_watch import ReadKind as ReadKind
from autograd_mini.read_watch import ReadWatch as ReadWatch
from autograd_mini.read_watch import unknown_read as unknown_read
from autograd_mini.reals import (
    beyond_a_float,
    beyond_words,
    boolean_hint,
    described,
    is_integer,
    is_real,
    is_time,
    not_real_hint,
    scalar_of,
)

__all__ = [
    "DivisionByZero",
    "DomainError",
    "InfiniteDerivative",
    "NoGraph",
    "NonFiniteGradient",
    "Number",
    "OpOverflow",
    "StaleGraph",
    "Value",
    "apply",
    "as_real",
    "beyond_a_float",
    "dot",
    "integer_size",
    "is_grad_enabled",
    "no_grad",
    "unheld_int",
    "unheld_int_words",
    "vsum",
    "whole_float",
]

Number = int | float

_grad_enabled = _GRAD_ENABLED.get  # bound once: the ops call it for every node

_read_watch = READ_WATCH.get


class TransformInput(float):
    """The 0.0 of a function transform's input node, ``argument + 0`` made for an outer
    Value (:func:`~autograd_mini.arguments.leaves_for`): a plain 0 to every pass and to
    the replay, and a mark :func:`describe` asks, so that a user's own ``x + 0.0`` stays
    an add. A float, so that copies and pickles keep it (as ``unbounded``'s terms)."""

    __slots__ = ()

    def __reduce__(self) -> tuple[type[TransformInput], tuple[float]]:
        return (TransformInput, (float(self),))


#: The one mark every transform input carries (the constant 0 of its ``add``).
INPUT_MARK = TransformInput(0.0)


def transform_input(v: Value) -> bool:
    """Whether ``v`` is a node a function transform made as its input (see
    :class:`TransformInput`)."""
    arg = v._arg
    return arg is not None and len(arg) == 2 and type(arg[1]) is TransformInput


def short_name(v: Value) -> str:
    """How an error names a node in a few words: "node 'x'" by its label; unlabelled,
    by its op ("an unlabelled 'add' node"), or as "an unlabelled leaf".

    Used instead of :func:`describe` where the message itself says the rest — the
    node's number (a trace's refused read, a tangent that overflows), the write that
    was refused (``v.data = nan``), or what the node is (computed from its parents) —
    and for a labelled culprit of a forward error, where the op is the error's own.
    :func:`describe` adds the op, the value and the nearest labelled sources, which an
    unlabelled node needs when nothing else in the message points at it."""
    return node_name(v.label, v.op)


def param_name(j: int, p: Value) -> str:
    """How an error names parameter ``j`` of a list the user passed (a trace's
    ``params``): "params[1] 'w'", the label only when it has one — the place in the
    list is what the user can find; :func:`short_name` is for a node met in a graph."""
    return f"params[{j}] {p.label!r}" if p.label else f"params[{j}]"


def node_name(label: str, op: str) -> str:
    """:func:`short_name` of a node known by its label and op name only (a traced
    program's group, which keeps no Value)."""
    if label:
        return f"node {label!r}"
    return f"an unlabelled {op!r} node" if op else "an unlabelled leaf"


def describe(v: Value, when: str = "") -> str:
    """How an error names a node — the one wording of every error, forward or backward:
    its label and op; unlabelled, its op and value and the nearest labelled nodes it was
    computed from ("unlabelled node (op 'mul', value 1000.0) computed from node 'x'").
    A transform's input (its argument + 0, labelled 'argument 0' or the argument's own
    label, marked :class:`TransformInput`) is named as that, not as an 'add' the user
    never wrote. ``when`` says what the value is, right after it ("value 2.0 (the value
    when traced)"); a labelled node's description has no value, and does not say it."""
    if v.label:
        if transform_input(v):
            return f"node {v.label!r} (a function transform's input)"
        return f"node {v.label!r} ({f'op {v.op!r}' if v.op else 'leaf'})"
    if not v.op:
        return f"unlabelled node (leaf, value {v.data!r}{when})"
    near = _nearest_labelled(v)
    origin = f" computed from {near}" if near else ""
    return f"unlabelled node (op {v.op!r}, value {v.data!r}{when}){origin}"


#: How many nodes :func:`_nearest_labelled` looks at before it gives up. A derivative's
#: graph names its terms' slopes before it knows it needs them (a ``ZeroTimesSlope``'s
#: text), one description per node: a search through everything a node came from made
#: a second derivative of a 3,000-node graph take 8.5 s instead of 0.08 s.
NEAREST_LOOKS = 16


def _nearest_labelled(v: Value, most: int = 3) -> str:
    """The labelled nodes nearest to ``v`` among those it was computed from (the fewest
    ops away), at most ``most`` of them, as "node 'x'" or "nodes 'x', 'w'"; "" if none
    among the first :data:`NEAREST_LOOKS` nodes looked at (a dot of 1,000 inputs is
    looked into no further than that)."""
    names = nearest_labels(v)
    if not names:
        return ""
    more = ", …" if len(names) > most else ""
    quoted = ", ".join(map(repr, names[:most])) + more
    return f"node {quoted}" if len(names) == 1 else f"nodes {quoted}"


def nearest_labels(v: Value) -> list[str]:
    """The labels of :func:`_nearest_labelled`'s nodes, all of them (another language's
    description says them in its own words)."""
    seen = {v}
    level = [v]
    while level and len(seen) <= NEAREST_LOOKS:
        after: list[Value] = []
        for p in itertools.islice(
            (q for u in level for q in u.parents), NEAREST_LOOKS * 4
        ):  # (a node may list a parent twice: x * x)
            if p not in seen and len(seen) <= NEAREST_LOOKS:
                seen.add(p)
                after.append(p)
        names = list(dict.fromkeys(p.label for p in after if p.label))
        if names:
            return names
        level = after
    return []


def _raise(error: DomainError, *culprits: Value, op: str = "") -> NoReturn:
    """Raise ``error`` (its class chosen where the error was found), naming the nodes —
    each once (``x * x`` said "(node 'x', node 'x')"): by label, else as every error
    names an unlabelled node (:func:`describe`: its op, value and labelled sources).
    An :class:`OpOverflow` gets them as its ``inputs`` too, and ``op`` (the op whose
    check returned it) as its ``op`` where the check did not say."""
    named = tuple(dict.fromkeys(culprits))
    if isinstance(error, OpOverflow):
        error.inputs = named
        error.op = error.op or op
    where = ", ".join(short_name(v) if v.label else describe(v) for v in named)
    if where:
        error.args = (f"{error} ({where})",)
    raise error


def as_real(x: object, op: str, exact: bool = True) -> float:
    """A plain real number as a float; anything else is a TypeError naming the op.

    A 0-d numpy array is its one number (``x * np.array(2.0)``, as ``np.float64(2.0)``:
    the array was refused one way round and taken the other). An integer no float holds
    is refused unless ``exact`` is False (:func:`whole_float`): ``Value(2**53 + 1)``
    stored 9007199254740992.0 without a word. pow's constant operands pass False: an
    exponent's parity is checked where it matters (a negative base), and a power of a
    rounded base or by a rounded exponent is within rounding of the exact one (or
    overflows either way): ``(2**53 + 1) ** Value(0.5)`` is √(2⁵³ + 1) correctly rounded."""
    if type(x) is float:
        return x
    if type(x) is int and -FLOAT_EXACT <= x <= FLOAT_EXACT:  # x * 2: a float holds it
        return float(x)
    if isinstance(x, np.ndarray) and x.ndim == 0:
        # its numpy scalar (not .item(): a datetime64's is a date, named as one)
        held: object = x[()]
        if isinstance(held, Value):  # "expected a real number or a Value, got Value"
            raise TypeError(
                f"{op}: got a 0-d numpy array holding {held!r}: pass the Value itself, a[()]"
            )
        x = held
    if not is_real(x):  # a boolean told as the transforms tell it (reals.described)
        raise TypeError(
            f"{op}: expected a real number or a Value, got {described(x)}"
            + (boolean_hint(x) or not_real_hint(x) or holder_hint(x))
        )
    try:
        value = float(x)
    except OverflowError:
        raise OverflowError(f"{op}: {type(x).__name__} too large for a float") from None
    if value - value != 0.0:  # nan or ±inf: no gradient can be taken through it
        if beyond_a_float(x, value):
            raise OverflowError(f"{op}: {x!r} is {beyond_words(x)}")
        # a DomainError, as for the float nan (which the op's own check refuses): the class
        # must not depend on whether the nan is a float or a numpy float32
        raise DomainError(f"{op}: got {value!r}, expected a finite number")
    if exact:
        whole_float(x, value, op, "the number")
    return value


#: The operators that give numpy's array of Values with an array beside the Value, and
#: numpy's function for each, which calls the operator on each number (the binary ones of
#: :data:`~autograd_mini.operators.ARITHMETIC`)
_UFUNC_OF: dict[str, np.ufunc] = {o.symbol: getattr(np, o.ufunc) for o in ARITHMETIC if o.symbol}


def _elementwise(symbol: str, a: object, b: object) -> Value | None:
    """``v * np.array([1.0, 2.0])``: with an array (not a 0-d one: that is a number) on
    either side an operator gives numpy's array of what it gives with each number, as a
    float does — ``np.array([1.0, 2.0]) * v`` did already (numpy's loop for objects).
    None for anything else, which as_real refuses: only the operators, ``apply`` and a
    method (``v.leaky_relu(array)``) take one number.

    A 0-d array holding a Value (``np.asarray(v)``; ``np.polyval(p, v)`` makes one) is
    that Value: ``v * np.asarray(w)`` is ``v * w`` — it was refused as "expected a real
    number or a Value, got Value"."""
    ufunc = _UFUNC_OF.get(symbol)
    if ufunc is None:
        return None
    a, b = (x[()] if isinstance(x, np.ndarray) and x.ndim == 0 else x for x in (a, b))
    if not (isinstance(a, Value) and isinstance(b, Value)) and not any(
        isinstance(x, np.ndarray) for x in (a, b)
    ):
        return None
    return cast(Value, ufunc(a, b))  # an ndarray of Values, typed as the operator's result


def whole_float(x: object, value: float, who: str, what: str) -> None:
    """A ValueError when ``x`` is an integer and ``value``, its float(), is not equal to it:
    a float holds every integer up to 2⁵³ = 9007199254740992 and only some beyond, so
    2**53 + 1 became 9007199254740992.0 without a word. (pow refuses an odd integer
    exponent beyond 2⁵³ for the same reason.) ``who`` and ``what`` name the function and
    the argument: a transform's, or :func:`as_real`'s op and "the number"."""
    if unheld_int(x):
        raise ValueError(f"{who}: {what} {unheld_int_words(int(cast(Any, x)))}")


def unheld_int(v: object) -> bool:
    """Whether ``v`` is an integer (an int, a numpy integer; not a bool) that no float
    holds, so that float() would round it: 2**53 + 1 becomes 9007199254740992.0. One
    beyond a float's range (10**400) is not one of these: its float() is an
    OverflowError, refused as such."""
    if not is_integer(v):  # (a timedelta64 too: its int() of one in seconds failed)
        return False
    n = int(v)
    if -FLOAT_EXACT <= n <= FLOAT_EXACT:
        return False
    try:
        return int(float(n)) != n
    except OverflowError:
        return False


def unheld_int_words(n: int) -> str:
    """What a refusal says of an integer ``n`` no float holds, after naming where it is
    (the engine's, ``trace``'s and nn's refusals say it alike)."""
    return (
        f"is the integer {n}, which no float holds: it would be rounded to {float(n)!r} "
        f"(every integer up to 2**53 = 9007199254740992 is exact, not every one beyond); "
        f"pass float({n}) if that rounding is meant"
    )


def _refuse_number(symbol: str, other: object) -> None:
    """``v == x`` and ``v != x`` for x not a Value: refused for a number, or anything
    that converts to one (a torch tensor, a 0-d array); for anything else the
    comparison is not ours (``v == None`` is False, as for any object)."""
    if isinstance(other, numbers.Number) or hasattr(type(other), "__float__"):
        # v in [0.0, 1.5] met this with no == in sight: in, index and count call it
        hidden = (
            "; `in`, list.index and list.count compare with == (v in [0.0, 1.5]): look "
            "the number up, v.data in [...], or a Value by identity, any(v is u for u in ...)"
            if symbol == "=="
            else ""
        )
        raise TypeError(
            f"{symbol} between a Value and a number: compare the number, v.data {symbol} "
            f"{other!r} ({symbol} between two Values asks whether they are one node){hidden}"
        )


def _numpy_takes(other: object) -> bool:
    """Whether ``v // other`` (``%``, ``divmod``) is left to numpy: ``other`` an array
    (numpy's loop meets :func:`_no_floor` for each number), or a duration or a date,
    which the ufunc's path refuses with the duration's hint ("v.data // np.timedelta64(5)"
    would have been the advice)."""
    return (isinstance(other, np.ndarray) and other.ndim > 0) or is_time(other)


def _code_name(label: str) -> bool:
    """Whether a refusal can write code with ``label`` as a Value's name (``x.data // 2``):
    an identifier that is no keyword — a node labelled 'in' was advised "in.data // 2"."""
    return label.isidentifier() and not keyword.iskeyword(label)


def _no_floor(symbol: str, a: object, b: object, modulo: object = None) -> NoReturn:
    """The refusal of ``a // b``, ``a % b``, ``divmod(a, b)``, ``np.fmod(a, b)`` or
    ``pow(a, b, modulo)``, a Value among them: why, and what to write, is
    :func:`autograd_mini.floor_refusal.no_floor`'s. Imported here, on the refusal only:
    that module imports this one (as :mod:`autograd_mini.ufuncs` does), and no operator
    that computes pays for its words."""
    from autograd_mini.floor_refusal import no_floor

    no_floor(symbol, a, b, modulo)


def _written(v: Value, field: str, x: object) -> float:
    """What ``v.data = x`` or ``v.grad = x`` stores: a real number as a float (an int,
    a numpy float32 or float64, a Fraction); anything else is refused here, naming the
    node — None, a bool, a str, an array (even of one element), a complex, nan, ±inf."""
    name = v.label if _code_name(v.label) else "v"
    big = type(x) is int and abs(x).bit_length() > 1024  # beyond a float; str() may fail
    where = f"{short_name(v)}: {name}.{field} = {integer_size(cast(int, x)) if big else repr(x)}"
    if x is None and field == "grad":
        raise TypeError(
            f"{where}: a gradient is a number, never None. A leaf's grad is added to, "
            f"starting from 0.0: set {name}.grad = 0.0, or call zero_grad() (what "
            f"p.grad = None does in PyTorch)"
        )
    if isinstance(x, Value):  # p.data = p - η * p.grad: a node, not its number
        raise TypeError(
            f"{where}: expected a real number, got a Value (its number is its .data: "
            f"{name}.{field} = (…).data)"
        )
    if not is_real(x):  # (x's repr is in ``where``: a boolean's kind only, then its hint)
        kind = "a boolean" if boolean_hint(x) else type(x).__name__
        raise TypeError(
            f"{where}: expected a real number, got {kind}"
            + (boolean_hint(x) or not_real_hint(x) or holder_hint(x, several=False))
        )
    try:
        value = float(x)
    except OverflowError:
        raise OverflowError(f"{where}: too large for a float") from None
    if value - value != 0.0:
        if beyond_a_float(x, value):
            raise OverflowError(f"{where}: {beyond_words(x)}")
        raise DomainError(f"{where}: expected a finite number")
    whole_float(x, value, where, "it")  # v.data = 2**53 + 1 stored 2**53, as Value() did
    return value


def _refuse_label(label: object, where: str) -> None:
    """The check of a label, made and written (``Value(x, label=...)``, ``v.label =
    ...``): a str, or a subclass of one, else a TypeError."""
    if not isinstance(label, str):
        raise TypeError(f"{where} must be a str, got {type(label).__name__}")


def integer_size(x: int) -> str:
    """How a message names an integer too large for a float: by its number of digits
    (``str()`` of one beyond 4,300 digits is itself an error in Python), and its sign:
    gradcheck's ``atol=-(10**400)`` was "must be a finite number ≥ 0, got an integer of
    401 digits", the one thing wrong with it unsaid."""
    bits = abs(x).bit_length()
    kind = "a negative integer" if x < 0 else "an integer"
    if bits <= 14_000:
        return f"{kind} of {len(str(abs(x)))} digits"
    return f"{kind} of about {int(bits * 0.30103)} digits"


class Value:
    """A scalar that remembers how it was computed, so gradients can flow back.

    ``Value(data, label="")`` makes a leaf. Arithmetic with Values (and plain numbers
    on either side) makes new nodes; :meth:`backward` fills in ``grad``:

        grad = ∂(root)/∂(self) = Σ over consumers z′ of  ∂z′/∂self · ∂root/∂z′

    Leaves accumulate ``grad`` across calls (reset with ``zero_grad``); inner nodes
    show the gradient of the latest pass only.
    """

    __slots__ = (
        "_arg",
        "_data",
        "_grad",
        "_label",
        "_seq",
        "grad_graph",
        "local_grads",
        "op",
        "parents",
    )

    _data: float  # what ``data`` reads and writes: the engine's own writes are floats
    _grad: float  # likewise for ``grad``
    _label: str  # what ``label`` reads and writes (see ``label``)
    op: str
    parents: tuple[Value, ...]
    local_grads: tuple[float, ...]
    _arg: tuple[Any, ...] | None  # the fields of ``arg``, as a plain tuple (see ``arg``)
    _seq: int  # creation order of inner nodes: parents always have a smaller number
    grad_graph: Value | None

    def __init__(self, data: Number, label: str = "") -> None:
        if type(data) is not float:
            raw: object = data
            if isinstance(raw, Value):
                raise TypeError(
                    f"Value: expected a real number, got a Value ({raw!r:.60}): use it "
                    f"directly — Value(v) would start a new graph, cut off from v's. "
                    f"(Under trace and fit(compiled=True) a model's inputs are Values: "
                    f"write x[i], not Value(x[i]).)"
                )
            data = as_real(raw, "Value")
        elif data - data != 0.0:  # nan or ±inf: a DomainError, as as_real's for numpy's nan
            raise DomainError(f"Value: got {data!r}, expected a finite number")
        if type(label) is not str:
            _refuse_label(label, "Value: label")
        self._data = data
        self._grad = 0.0
        self._label = label
        self.op = ""
        self.parents = ()
        self.local_grads = ()
        self._arg = None
        self._seq = 0
        self.grad_graph = None

    # ------------------------------------------------------------------ the two numbers
    # ``data`` and ``grad`` are properties so that a number written by hand is checked
    # where it is written — ``p.data -= η * p.grad`` in a student's own loop, ``w.grad =
    # None`` as in PyTorch — and not found, or missed, passes later: a numpy float32
    # written into ``data`` made every node above it float32 without a word, a gradient
    # set to ``np.array([1.0])`` or a complex number came out of ``backward`` as an array
    # or a complex, a str failed inside an op as "unsupported operand type(s) for -". The
    # engine reads and writes the slots ``_data`` and ``_grad`` directly: its own numbers
    # are floats by construction, and its hot loops pay nothing for the check.

    @property
    def data(self) -> float:
        """The node's number, a finite float."""
        return self._data

    @data.setter
    def data(self, x: Number) -> None:
        global last_write
        try:
            computed = bool(self.parents)
        except AttributeError:  # a subclass writing data before Value.__init__
            computed = False
        if computed:
            raise AttributeError(
                f"{short_name(self)} is computed ({self.op} of its parents), so its number comes "
                f"from theirs and the derivatives stored above it belong to that number: "
                f"write a leaf's number (a Value made with Value(...)), then compute again"
            )
        self._data = x if type(x) is float and x - x == 0.0 else _written(self, "data", x)
        # a write: its seq is later than every node made so far. Drawn and published
        # under the lock, as stamp_written's: unlocked, a thread that drew its number
        # first and stored it last set last_write back below another thread's write,
        # and that thread's stale graph was not refused (two threads sharing no Value)
        _write_lock.acquire()  # (not ``with``: twice the cost, on a path a student's
        try:  # own SGD loop takes for every parameter)
            self._seq = last_write = _next_seq()
        finally:
            _write_lock.release()

    @property
    def grad(self) -> float:
        """∂root/∂self from the latest ``backward`` (accumulated on leaves), a finite float.

        After ``backward(create_graph=True)`` the number of ``grad_graph``: read inside a
        function transform (or a recording trace) when that graph depends on its inputs,
        it is refused — the float would be a constant to the transform."""
        graph = self.grad_graph
        if graph is not None and graph._data is self._grad:  # not reset since (backward)
            watch = _read_watch()
            if watch is not None:
                name = short_name(self)
                watch(graph, f"the .grad of {name} after backward(create_graph=True)", "grad")
        return self._grad

    @grad.setter
    def grad(self, x: Number) -> None:
        self._grad = x if type(x) is float and x - x == 0.0 else _written(self, "grad", x)

    # A property for the same reason: ``v.label = 3`` was taken, and failed later far from
    # the write (a TypeError deep in the drawing, "unhashable type: 'list'" in place of a
    # DomainError naming the node). The engine's own nodes write the slot.
    @property
    def label(self) -> str:
        """The node's name in pictures and error messages ("" for none)."""
        return self._label

    @label.setter
    def label(self, label: str) -> None:
        if type(label) is not str:
            _refuse_label(label, "Value.label")
        self._label = label

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """A subclass with a ``label`` of its own that is no property — a slot
        (``__slots__ = ("label",)``), a class attribute (``label = "w"``, a default) —
        is given its label there, as before ``label`` became a property: ``__init__``
        wrote the engine's slot, and such a subclass's label was the class's "w" for
        every instance, or unset (AttributeError). A property of its own reads and
        writes what it likes, ``_label`` included."""
        super().__init_subclass__(**kwargs)
        own = next((k.__dict__["label"] for k in cls.__mro__ if "label" in k.__dict__), None)
        if own is not None and not isinstance(own, property):
            forward = property(operator.attrgetter("label"), lambda v, x: setattr(v, "label", x))
            type.__setattr__(cls, "_label", forward)  # the engine's slot, for this class
        elif isinstance(own, property) and cls.__dict__.get("label") is own:
            # a property of its own under a class that forwards _label to its label: the
            # engine's slot again (the two read each other: RecursionError)
            type.__setattr__(cls, "_label", Value.__dict__["_label"])

    # ------------------------------------------------------------------ copies
    def __setstate__(self, state: Any) -> None:
        """A copy (``copy.deepcopy``, or a Value that came through pickle) keeps its
        ``seq`` — the order of a copied graph is the original's, ``grad_graph``'s links
        included — and this process's count is moved past it: a Value pickled in a
        process whose count ran further kept numbers larger than this one's, so a node
        built on it came before it in backward's order and no gradient reached it. A
        copied leaf written after the graph above it was computed stays refused."""
        global last_write
        d, slots = state if isinstance(state, tuple) else (state, None)
        if d:
            self.__dict__.update(d)
        for name, x in (slots or {}).items():
            object.__setattr__(self, name, x)
        seq = getattr(self, "_seq", 0)
        with _write_lock:
            _move_count_past(seq)
            if not getattr(self, "parents", ()) and seq > last_write:
                last_write = seq  # a write made in the other process: look, on the next pass

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[Any, ...]:
        """As ``object``'s (copies and pickles are unchanged), told to the read watch of a
        running transform or recording trace first: a copy of a Value that depends on
        their inputs is a new graph whose leaves keep the numbers they had — a constant
        to the transform (a derivative through it 0), the example's number to the
        replay."""
        watch = _read_watch()
        if watch is not None:
            watch(self, "copy.copy, copy.deepcopy or pickle", "copy")
        return object.__reduce_ex__(self, protocol)

    # ------------------------------------------------------------------ presentation
    def __repr__(self) -> str:
        extra = f", label={self.label!r}" if self.label else ""
        if self.op:
            extra += f", op={self.op!r}"
        return f"Value(data={self._data!r}, grad={self._grad!r}{extra})"

    def __float__(self) -> float:
        return self._read_number("float(), as math.exp(v) or np.float64(v) call it")

    # int(), round(), math.trunc/floor/ceil read the number, as float() does (floor and
    # ceil went through float() already; the others raised Python's bare "type Value
    # doesn't define __round__"): eagerly they give Python's answer on v.data, inside a
    # function transform they are refused as float() is (a constant to the transform)
    def __int__(self) -> int:
        return int(self._read_number("int()"))

    def __round__(self, ndigits: int | None = None) -> float:
        return round(self._read_number("round()"), ndigits)

    def __trunc__(self) -> int:
        return math.trunc(self._read_number("math.trunc()"))

    def __floor__(self) -> int:
        return math.floor(self._read_number("math.floor()"))

    def __ceil__(self) -> int:
        return math.ceil(self._read_number("math.ceil()"))

    def as_integer_ratio(self) -> NoReturn:
        """Refused: ``statistics.mean``, ``stdev`` and the like read each number exactly by
        it, and stopped at a Value with Python's bare "can't convert type 'Value' to
        numerator/denominator"; so does ``Fraction(v)`` from Python 3.14 on. A Value has
        no exact ratio to give (its graph would be lost); the refusal says what to write
        instead."""
        raise TypeError(
            "as_integer_ratio(), by which statistics (mean, stdev, variance, …) and, from "
            "Python 3.14, Fraction(v) read a number exactly: a Value has no ratio of ints to "
            "give — its graph would be lost. For the mean as a Value, with its gradient, write "
            "sum(vs) / len(vs); for the numbers, statistics.mean(v.data for v in vs) or "
            "Fraction(v.data)"
        )

    def rint(self) -> float:
        """The number rounded to a whole float, ties to even, as ``round()`` reads it
        (and told as it is): numpy's ``np.round(v)``, ``np.around(v)`` and ``np.rint(v)``
        call it, as ``np.floor(v)`` calls ``math.floor`` — they met numpy's bare "loop of
        ufunc does not support argument 0 of type Value which has no callable rint
        method". Not an op: no derivative (0 wherever it has one)."""
        x = self._read_number("np.round() or np.rint(); np.round(v, d) reads the Value v·10ᵈ")
        return math.copysign(float(round(x)), x)  # −0.2 is −0.0, as numpy's rint gives

    def fmod(self, other: object) -> NoReturn:
        """Refused as ``np.fmod(v, other)`` is (:func:`_no_floor`): numpy's loop for an
        array of objects calls it for ``np.fmod(xs, 2)``, which met Python's bare "'Value'
        object has no attribute 'fmod'"."""
        _no_floor("fmod", self, other)

    def clip(
        self,
        a_min: Value | Number | None = None,
        a_max: Value | Number | None = None,
        out: object = None,
        **kwargs: Any,
    ) -> Any:
        """``np.clip(v, lo, hi)`` calls it (numpy asks an object for the method of its
        function's name, as ``np.round`` asks ``rint``): v clipped to [lo, hi] as a Value
        with PyTorch's clamp's derivative, 1 inside the bounds and at them, 0 outside.
        numpy's own clip gave the bound itself, a plain number
        (:func:`autograd_mini.ufuncs.clip`, which takes out= an array of objects,
        dtype=object and where=True). numpy's np.clip catches a TypeError raised here and
        clips ``np.asarray(v)`` its own way (the bound itself again: ``where=True`` gave
        the int 1, ``where=False`` None), so np.clip's refusals (out= of floats, a mask as
        where=, signature=, a boolean bound) are
        :class:`~autograd_mini.errors.ClipRefused`, a ValueError numpy lets through."""
        # v.clip(min=0, max=1): PyTorch's Tensor.clip's names and numpy 2's ndarray.clip's
        # (np.clip hands its bounds on by position) — they were refused as numpy's keywords
        low, high = a_min, a_max
        if "min" in kwargs:
            if low is not None:
                raise TypeError("Value.clip: the low bound is given twice (a_min and min=)")
            low = kwargs.pop("min")
        if "max" in kwargs:
            if high is not None:
                raise TypeError("Value.clip: the high bound is given twice (a_max and max=)")
            high = kwargs.pop("max")
        from autograd_mini.ufuncs import clip  # (ufuncs imports this module)

        return clip(self, low, high, out, kwargs)  # a Value; an array beside an array

    def _read_number(self, how: str) -> float:
        """The number, for a read that hands it on as a plain number (``how`` says which),
        told to the read watch of a running transform or trace first."""
        watch = _read_watch()
        if watch is not None:
            watch(self, how, "number")
        return self._data

    def __eq__(self, other: object) -> bool:
        """Whether two Values are one node (as in micrograd: a Value is a key in the sets
        and dicts of every pass). With a number it is refused: ``v == 0`` was silently
        False for every Value, ``Value(0.0)`` included, while ``<`` and ``if v:`` read
        the number. Compare numbers: ``v.data == 0``."""
        if isinstance(other, Value):
            return self is other
        _refuse_number("==", other)
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        if isinstance(other, Value):
            return self is not other
        _refuse_number("!=", other)
        return NotImplemented

    def __bool__(self) -> bool:
        """As a float's: ``if v:`` asks whether the number is non-zero. (Every object is
        true unless its class says otherwise, so ``if Value(0.0):`` ran its branch.) Like
        a comparison, it reads the number only: no gradient flows through a branch."""
        watch = _read_watch()
        if watch is not None:
            watch(self, "if v: or bool(v)", "branch")
        return self._data != 0.0

    def __format__(self, spec: str) -> str:
        return format(self._data, spec)

    # Comparisons look at the numbers only (they carry no gradient). max(v, w) and
    # min(v, w) give back one operand, the first at a tie (Python's order, and numpy's:
    # ufuncs._PICKS), so the whole gradient goes to it: one subgradient at max's kink.
    def __lt__(self, other: Value | Number) -> bool:
        return _compared(self, "<", other) < _data(other)

    def __le__(self, other: Value | Number) -> bool:
        return _compared(self, "<=", other) <= _data(other)

    def __gt__(self, other: Value | Number) -> bool:
        return _compared(self, ">", other) > _data(other)

    def __ge__(self, other: Value | Number) -> bool:
        return _compared(self, ">=", other) >= _data(other)

    __hash__ = object.__hash__

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        """numpy's function on a Value: an op of the table (``np.exp(v)``), an operator
        (``np.float64(2) * v``), else numpy's loop for objects (an array beside a Value:
        the array of Values); a function with no op a Value has no method for is refused
        naming a rewrite (see :mod:`autograd_mini.ufuncs`)."""
        call = _ufuncs.get("call")
        if call is None:  # imported on first use: autograd_mini.ufuncs imports this module
            from autograd_mini.ufuncs import call_ufunc

            call = _ufuncs["call"] = call_ufunc
        return call(ufunc, method, inputs, kwargs)

    # ------------------------------------------------------------------ recorded shape
    @property
    def arg(self) -> Arg:
        """What the op needs besides the parents, recorded so the node can be replayed
        and drawn: None, or the op's named shape (:class:`~autograd_mini.ops.Constant`
        for a two-input op with one plain-number operand, ``SumArg`` of a ``sum``,
        ``DotArg`` of a ``dot``). The node keeps the bare fields; they are named here,
        when read, so that building a node costs no named tuple."""
        fields = self._arg
        return None if fields is None else OPS[self.op].read_arg(fields)

    @property
    def seq(self) -> int:
        """When the node's number was made: an inner node's creation number, a leaf's 0 —
        or, once its ``data`` has been written, the number of that write, from the same
        count (−1, :data:`UNTRACKED`, for an op's result computed inside
        :class:`no_grad`). Parents always have a smaller one than the nodes computed
        from them, so sorting inner nodes by it is a topological order; a leaf with a
        larger one than a node computed from it was written after (a stale graph)."""
        return self._seq

    # ------------------------------------------------------------------ arithmetic
    def __add__(self, other: Value | Number) -> Value:
        if type(other) is not Value and not isinstance(other, Value):
            return _binary(_ADD, self, other, 1, "+")
        return _binary(_ADD, self, other, -1, "+")

    def __radd__(self, other: Number) -> Value:
        return _binary(_ADD, other, self, 0, "+")

    def __sub__(self, other: Value | Number) -> Value:
        if isinstance(other, Value):
            return _binary(_SUB, self, other, -1, "-")
        return _binary(_SUB, self, other, 1, "-")

    def __rsub__(self, other: Number) -> Value:
        return _binary(_SUB, other, self, 0, "-")

    def __mul__(self, other: Value | Number) -> Value:
        if type(other) is not Value and not isinstance(other, Value):
            return _binary(_MUL, self, other, 1, "*")
        return _binary(_MUL, self, other, -1, "*")

    def __rmul__(self, other: Number) -> Value:
        return _binary(_MUL, other, self, 0, "*")

    def __truediv__(self, other: Value | Number) -> Value:
        if isinstance(other, Value):
            return _binary(_DIV, self, other, -1, "/")
        try:
            c = as_real(other, "/")
        except TypeError:
            if (array := _elementwise("/", self, other)) is None:
                raise
            return array
        if c - c != 0.0:  # x / inf would silently give 0
            _raise(
                DomainError(f"division of {self._data!r} by {c!r}: the divisor is not finite"), self
            )
        return _binary(_DIV, self, c, 1, "/")

    def __rtruediv__(self, other: Number) -> Value:
        return _binary(_DIV, other, self, 0, "/")

    def __neg__(self) -> Value:
        """−x;  d/dx = −1."""
        return _unary(_NEG, self)

    def __pos__(self) -> Value:
        """+x: the Value itself, as ``+2.0`` is 2.0 (no node: d/dx = 1 through it).
        ``np.positive(v)`` is ``+v``; without it Python said "bad operand type"."""
        return self

    def __pow__(self, other: Value | Number, modulo: None = None) -> Value:
        """xᵇ;  ∂/∂x = b·xᵇ⁻¹,  ∂/∂b = xᵇ·ln x (only when b is a Value). An int exponent
        is taken exactly: an odd one beyond 2⁵³, where every float is even, is refused.
        ``pow(v, 2, 3)``, a power taken modulo 3, is refused as ``%`` is (it said
        "Value.__pow__() takes 2 positional arguments but 3 were given")."""
        if modulo is not None:
            _no_floor("pow", self, other, modulo)
        if isinstance(other, Value):
            return _binary(_POW, self, other, -1, "**")
        return _binary(_POW, self, other, 1, "**")

    def __rpow__(self, other: Number, modulo: None = None) -> Value:
        """bˣ for a number b. ``pow(2, v, 3)`` calls ``v.__rpow__(2, 3)`` from Python 3.14
        on (ternary pow asked only the left operand before): refused as ``pow(v, 2, 3)``."""
        if modulo is not None:
            _no_floor("pow", other, self, modulo)
        return _binary(_POW, other, self, 0, "**")

    # No //, % or divmod: the engine has no op for them (autograd_mini.floor_refusal says
    # why, and what to write); Python's own refusal named no reason ("unsupported operand
    # type(s)"). An array, or a duration or date, beside the Value is numpy's to take (its
    # loop for objects meets the refusal cell by cell, or the engine's duration words
    # first; the right operand's methods never meet one: numpy's own operators take it
    # first)
    def __floordiv__(self, other: object) -> NotImplementedType:
        if _numpy_takes(other):
            return NotImplemented
        _no_floor("//", self, other)

    def __rfloordiv__(self, other: object) -> NoReturn:
        _no_floor("//", other, self)

    def __mod__(self, other: object) -> NotImplementedType:
        if _numpy_takes(other):
            return NotImplemented
        _no_floor("%", self, other)

    def __rmod__(self, other: object) -> NoReturn:
        _no_floor("%", other, self)

    def __divmod__(self, other: object) -> NotImplementedType:
        if _numpy_takes(other):
            return NotImplemented
        _no_floor("divmod", self, other)

    def __rdivmod__(self, other: object) -> NoReturn:
        _no_floor("divmod", other, self)

    def __abs__(self) -> Value:
        """|x|; derivative sign(x), taken as 0 at x = 0."""
        return _unary(_ABS, self)

    def conjugate(self) -> Value:
        """The Value itself: a real number is its own conjugate, as a float's
        ``conjugate()`` says. numpy asks an array of Values for it (``np.var``,
        ``np.std``: "no callable conjugate method")."""
        return self

    # ------------------------------------------------------------------ functions
    def exp(self) -> Value:
        """eˣ;  d/dx = eˣ."""
        return _unary(_EXP, self)

    def log(self) -> Value:
        """ln x (x > 0);  d/dx = 1/x."""
        return _unary(_LOG, self)

    def sqrt(self) -> Value:
        """√x (x ≥ 0);  d/dx = 1/(2√x), infinite at 0."""
        return _unary(_SQRT, self)

    def tanh(self) -> Value:
        """tanh x;  d/dx = 1 − tanh² x."""
        return _unary(_TANH, self)

    def sigmoid(self) -> Value:
        """σ(x) = 1/(1 + e⁻ˣ);  d/dx = σ(x)(1 − σ(x)). Stable for any finite x."""
        return _unary(_SIGMOID, self)

    def softplus(self) -> Value:
        """ln(1 + eˣ), a smooth ReLU;  d/dx = σ(x). Stable for any finite x."""
        return _unary(_SOFTPLUS, self)

    def relu(self) -> Value:
        """max(x, 0);  d/dx = 1 if x > 0 else 0."""
        return _unary(_RELU, self)

    def leaky_relu(self, slope: Value | Number = 0.01) -> Value:
        """x if x > 0 else slope·x;  d/dx = 1 or slope. ``slope`` may itself be a Value."""
        if isinstance(slope, Value):
            return _binary(_LEAKY, self, slope, -1, "leaky_relu")
        s = as_real(slope, "leaky_relu")
        if s - s != 0.0:  # a nan slope would otherwise pass silently for x > 0
            _raise(DomainError(f"leaky_relu slope {s!r} is not a finite number"), self)
        return _binary(_LEAKY, self, s, 1, "leaky_relu")

    def logaddexp(self, other: Value | Number) -> Value:
        """log(eˣ + eʸ) without overflow;  ∂/∂x = eˣ/(eˣ + eʸ), a softmax weight."""
        return apply("logaddexp", self, other)

    def sin(self) -> Value:
        """sin x;  d/dx = cos x."""
        return _unary(_SIN, self)

    def cos(self) -> Value:
        """cos x;  d/dx = −sin x."""
        return _unary(_COS, self)

    # ------------------------------------------------------------------ gradients
    def backward(self, gradient: Number = 1.0, create_graph: bool = False) -> None:
        """Fill ``grad`` of every node this one depends on: ∂self/∂node, times ``gradient``.

        Iterative (no recursion limit). Leaves accumulate; inner nodes are overwritten.
        With ``create_graph=True`` each leaf also gets ``grad_graph``: the gradient as a
        Value that can itself be differentiated (second and higher derivatives). That
        graph refers back to the leaf, a reference cycle the garbage collector frees
        (as in PyTorch); ``zero_grad()`` drops it, and :func:`~autograd_mini.grad` /
        :func:`~autograd_mini.gradients` return higher-order graphs without any cycle.
        Refused (``RuntimeError``) when ``self`` was computed inside :class:`no_grad`:
        no graph was recorded below it, and every gradient would be 0; and, without
        ``create_graph``, inside a function transform (``grad``, ``jvp``, …) when
        ``self`` was computed from its inputs: ``grad`` would be a float the transform
        takes for a constant.
        A ``grad`` accumulated by earlier plain passes joins ``grad_graph`` as a constant,
        so the two agree after a ``create_graph`` pass; a later plain pass adds to
        ``grad`` only (call ``zero_grad()`` between passes to keep them together).
        """
        from autograd_mini.backward import backward

        backward(self, gradient, create_graph=create_graph)

    def zero_grad(self) -> None:
        """Set ``grad`` of this node and everything below it to 0 (and drop grad_graph)."""
        from autograd_mini.backward import walk

        zero_grads(walk(self))


_new = object.__new__
_ufuncs: dict[str, Callable[..., Any]] = {}  # Value.__array_ufunc__'s function, once imported
_next_seq = itertools.count(1).__next__

#: ``seq`` of the latest write of a leaf's number (0: none yet): a pass over a graph
#: whose nodes are all newer has no stale leaf to look for — one comparison, instead
#: of a look at every edge (see :func:`~autograd_mini.backward.refuse_stale`). One
#: number for the process, like the count itself: Values are shared across threads,
#: and so are their writes. Every write draws and sets it under ``_write_lock`` (a bulk
#: write before its leaves are stamped): a thread that drew first and stored last set
#: it back below another thread's write, and that thread's stale graph went unnoticed
#: though the two threads shared no Value.
last_write = 0
_write_lock = fork_safe(threading.Lock())


def _move_count_past(seq: int) -> None:
    """Make every number the count gives from now on larger than ``seq`` (called under
    ``_write_lock``). Other threads draw from the count without the lock (one C call a
    node), so between this thread's look at the count and its new count they may draw
    past ``seq`` from the old one: the new count would then start below numbers already
    given out, and nodes built next came before their parents in backward's order (a
    gradient of 0, no error). So after each swap the old count is asked once more; if it
    went past the new start, the count is moved past both, until no thread did. A thread
    that had fetched the old count just before the swap draws one number from it after:
    its node's parents came from that count too, so they stay before it."""
    global _next_seq
    old = _next_seq
    if old() > seq:
        return
    start = seq + 1
    while True:
        new = itertools.count(start).__next__
        _next_seq = new
        late = old()  # numbers below this went out from the old count
        if late <= start:
            return
        start = max(late, new()) + 1
        old = new


def mark() -> int:
    """A number from the count: every node made, and every leaf written, after this call
    has a larger ``seq`` (what a trace compares its constants with)."""
    return _next_seq()


def stamp_written(leaves: Iterable[Value]) -> None:
    """Mark these leaves' numbers as written now: their ``seq`` becomes a new number
    from the count that numbers inner nodes, larger than every node computed so far."""
    global last_write
    with _write_lock:
        t = last_write = _next_seq()
    for v in leaves:
        v._seq = t


def _node(
    data: float,
    parents: tuple[Value, ...],
    local: tuple[float, ...],
    op: str,
    arg: tuple[Any, ...] | None,
) -> Value:
    """Make an inner node; ``local`` holds ∂data/∂parent for each parent, ``arg`` the
    fields of the op's recorded :data:`~autograd_mini.ops.Arg` shape."""
    v: Value = _new(Value)
    v._data = data
    v._grad = 0.0
    v._label = ""
    v.op = op
    v.parents = parents
    v.local_grads = local
    v._arg = arg
    v._seq = _next_seq()
    v.grad_graph = None
    return v


def _leaf(data: float, seq: int = 0) -> Value:
    v: Value = _new(Value)
    v._data = data
    v._grad = 0.0
    v._label = ""
    v.op = ""
    v.parents = ()
    v.local_grads = ()
    v._arg = None
    v._seq = seq
    v.grad_graph = None
    return v


#: ``seq`` of an op's result computed inside :class:`no_grad`: a leaf like any other in a
#: later graph, but ``backward`` from it is refused — no graph was recorded below it, and
#: every gradient would come out 0 (PyTorch refuses the same call).
UNTRACKED = -1


def _untracked(data: float) -> Value:
    return _leaf(data, UNTRACKED)


def number_of(x: object) -> float:
    """The number of a Value or of a plain number. The engine's own reads go through
    this, not ``float()``: a trace watches ``float()`` for the traced function's reads
    (trace/reads.py), and a pass the function calls is not the function branching."""
    return x._data if isinstance(x, Value) else float(cast(float, x))


def _compared(v: Value, sign: str, other: object) -> float:
    """``v``'s number, to compare with ``other`` (both shown to a recording trace)."""
    watch = _read_watch()
    if watch is not None:
        watch(v, f"a comparison {sign}", "branch")
        if isinstance(other, Value):
            watch(other, f"a comparison {sign}", "branch")
    return v._data


def _data(x: object) -> float:
    """The number a comparison compares with: a real number as it is (Python compares
    1.0 < 10**400 exactly, and a nan of any type gives False, as for floats); anything
    else is as_real's TypeError."""
    if isinstance(x, Value):
        return x._data
    if not is_real(x):
        if isinstance(x, np.ndarray) and x.ndim:  # v < array: numpy's array of bools, as
            return cast(float, x)  # for a float (and array > v)
        return as_real(x, "comparison")  # its TypeError
    return cast(float, x)


def write_data(
    values: Iterable[Value], numbers: Iterable[float], seqs: Iterable[int] | None = None
) -> None:
    """``v.data = x`` for each pair, all of them or none: one C-level loop (``setattr``
    on a Value's slot runs no Python code), which a KeyboardInterrupt — raised only
    between Python instructions — cannot split. For the passes that put many numbers
    back at once: a trace's parameters after training, an optimizer's step and its undo.
    The Values must be leaves and the numbers finite Python floats (as a float64
    array's ``tolist()`` gives after the caller's check): this loop writes the slots
    without ``data``'s checks. They are stamped as written (:func:`stamp_written`) —
    unless ``seqs`` gives each its ``seq`` back: numbers put back as they were (an
    undone step, a check that lent the parameters other numbers) are no new write,
    and a graph computed from them is not stale."""
    values = values if isinstance(values, list) else list(values)
    collections.deque(map(setattr, values, itertools.repeat("_data"), numbers), maxlen=0)
    if seqs is None:
        stamp_written(values)
    else:
        collections.deque(map(setattr, values, itertools.repeat("_seq"), seqs), maxlen=0)


def zero_grads(values: Iterable[Value]) -> None:
    """``v.grad = 0.0`` and ``v.grad_graph = None`` for each: the ``zero_grad`` of a
    module or an optimizer, on the slot (13,002 writes through the ``grad`` property
    took 0.95 ms, this loop 0.3)."""
    for v in values:
        v._grad = 0.0
        v.grad_graph = None


def write_grads(values: Iterable[Value], numbers: Iterable[float]) -> None:
    """``v.grad = g`` for each pair, ``grad_graph`` dropped, as ``zero_grad`` and a plain
    ``backward`` leave a leaf: for gradients computed on arrays (``nn.fit``'s compiled
    epoch, put back when it ends) and for gradients put back as they were. One C-level
    loop per slot, as :func:`write_data`: the numbers must be finite Python floats (the
    slot is written without ``grad``'s check); a caller that must not be left half done
    by Ctrl-C writes again on an interrupt (writing twice changes nothing)."""
    values = values if isinstance(values, list) else list(values)
    collections.deque(map(setattr, values, itertools.repeat("_grad"), numbers), maxlen=0)
    nothing = itertools.repeat(None)
    collections.deque(map(setattr, values, itertools.repeat("grad_graph"), nothing), maxlen=0)


#: What ``write_data(values, numbers, seqs)`` puts back: each Value's ``seq``.
get_seq = attrgetter("_seq")

#: The numbers, or the gradients, of many Values in one C-level pass (``map(get_data,
#: params)``): an optimizer's step reads 13,002 of each; through the properties that
#: took 0.4 ms more a step.
get_data = attrgetter("_data")
get_grad = attrgetter("_grad")


def _finite(y: float, op: Op, *culprits: Value, inputs: tuple[float, ...] = ()) -> float:
    if y - y != 0.0:  # inf or nan
        numbers = inputs or tuple(v._data for v in culprits)
        args = " and ".join(map(repr, numbers))
        if any(a - a != 0.0 for a in inputs):
            error = DomainError(f"{op.name} of {args}: an operand is nan or infinite")
            _raise(because(error, "not_finite", op.name, *numbers), *culprits)
        if y != y:  # finite inputs (a Value's number is finite): the op's own nan
            _raise(failed_forward(op, numbers, None), *culprits)
        overflow = OpOverflow(
            f"{op.name} of {args} gives {y!r}: the result overflows a float", op.name
        )
        _raise(because(overflow, "overflows", op.name, *numbers), *culprits)
    return y


_ADD, _SUB, _MUL, _DIV, _POW = OPS["add"], OPS["sub"], OPS["mul"], OPS["div"], OPS["pow"]
_BUILT_IN = dict(OPS)  # the table's own rows (the very objects), before anyone registers one
_LEAKY, _SOFTPLUS, _NEG = OPS["leaky_relu"], OPS["softplus"], OPS["neg"]
_EXP, _LOG, _SQRT, _TANH = OPS["exp"], OPS["log"], OPS["sqrt"], OPS["tanh"]
_SIGMOID, _RELU, _ABS, _SIN, _COS = OPS["sigmoid"], OPS["relu"], OPS["abs"], OPS["sin"], OPS["cos"]


def _unary(op: Op, x: Value) -> Value:
    a = x._data
    if op.check is not None:
        error = op.check(a)
        if error is not None:
            _raise(error, x, op=op.name)
    try:
        y = op.forward(FLOAT, a)
    except DomainError:
        raise
    except (ValueError, ArithmeticError) as exc:  # a kernel's own "math domain error"
        _raise(failed_forward(op, (a,), exc), x, op=op.name)
    # y is a float: the table's rows return floats, a registered row's forward is made
    # to (see apply's _float_forward)
    if y - y != 0.0:  # inf or nan: checked inline, a call per node costs time
        _finite(y, op, x)
    if not _grad_enabled():
        return _untracked(y)
    try:
        d = op.derivs[0](FLOAT, a, y)
    except ZeroDivisionError:  # 1/(2√x) at x = 0: the value exists, its slope is infinite
        d = _slope_at_pole(op.derivs[0], a, y)
    # d may be ±inf or nan (1/x for a subnormal x): kept, and an error only if backward
    # has to send a non-zero gradient through it (see backward.py)
    return _node(y, (x,), (d,), op.name, None)


def _slope_at_pole(rule: Callable[..., Any], *args: float) -> float:
    """A local derivative whose rule divided by zero on Python floats, which say no more
    than ZeroDivisionError: evaluated again in IEEE arithmetic on numpy floats — the
    numbers the trace's replay computes for the same rule, so eager and compiled agree:
    ±inf with the formula's own sign (−1/(2√a) at 0 is −inf, not +inf), nan where the
    limit has no sign to take (atan2's b/(a² + b²) at the origin, 0/0: it does not
    exist). Kept on the node; an error only if a gradient has to flow through it."""
    from autograd_mini.numpy_backend import QUIET_NUMPY  # numpy's backend needs the table

    try:
        with np.errstate(all="ignore"):
            return float(rule(QUIET_NUMPY, *map(np.float64, args)))
    except ArithmeticError:  # a division by a zero the rule writes as a Python float
        return math.nan


def _binary(op: Op, a: Any, b: Any, const: int, symbol: str) -> Value:
    """Apply a two-input op. ``const`` is the position of a plain-number operand (0 or 1),
    or −1 when both are Values; only the Values' derivatives are evaluated."""
    if const == 1:
        ad = a._data
        if type(b) is not float:
            try:  # (inline, not a helper: a call more made x * 2 9% slower)
                bd = as_real(b, symbol, exact=op is not _POW)
            except TypeError:
                if (array := _elementwise(symbol, a, b)) is None:
                    raise
                return array
            if op is _POW and ad < 0.0 and isinstance(b, numbers.Integral):
                _exact_exponent(a, b)  # only a negative base's sign depends on parity
        else:
            bd = b
    elif const == 0:
        if type(a) is float:
            ad = a
        else:
            try:
                ad = as_real(a, symbol, exact=op is not _POW)
            except TypeError:
                if (array := _elementwise(symbol, a, b)) is None:
                    raise
                return array
        bd = b._data
    else:
        ad = a._data
        bd = b._data
    if const >= 0 and (ad - ad != 0.0 or bd - bd != 0.0):
        # a Value's number is finite, a constant must be too: x / inf would give 0 and a
        # nan leaky_relu slope pass for x > 0, silently
        _raise(
            DomainError(f"{op.name} of {ad!r} and {bd!r}: an operand is nan or infinite"),
            *(v for v in (a, b) if isinstance(v, Value)),
        )
    if op.check is not None:
        error = op.check(ad, bd)
        if error is not None:
            _raise(error, *(v for v in (a, b) if isinstance(v, Value)), op=op.name)
    try:
        y = op.forward(FLOAT, ad, bd)
    except DomainError:
        raise
    except (ValueError, ArithmeticError) as exc:  # a kernel's own "math domain error"
        _raise(failed_forward(op, (ad, bd), exc), *(v for v in (a, b) if isinstance(v, Value)))
    if y - y != 0.0:  # (a float: as in _unary)
        _finite(y, op, *(v for v in (a, b) if isinstance(v, Value)), inputs=(ad, bd))
    if not _grad_enabled():
        return _untracked(y)
    # Only the Values' derivatives are evaluated (∂/∂b = aᵇ·ln a is never needed for a
    # constant exponent). One may be ±inf or nan where the value is fine (−a/b² for a
    # tiny b; b·aᵇ⁻¹ at a = 0, 0 < b < 1): kept, an error only if a gradient needs it.
    da, db = op.derivs
    try:
        if const == 1:
            locals_: tuple[float, ...] = (da(FLOAT, ad, bd, y),)
        elif const == 0:
            locals_ = (db(FLOAT, ad, bd, y),)
        else:
            locals_ = (da(FLOAT, ad, bd, y), db(FLOAT, ad, bd, y))
    except ZeroDivisionError:  # atan2's b/(a² + b²) at the origin
        # (a call, not a generator here: one would make ad, bd and y closure cells,
        # slower to read on every op — x * y took 12% longer)
        locals_ = _slopes_at_pole(da if const != 0 else None, db if const != 1 else None, ad, bd, y)
    if const == 1:
        return _node(y, (a,), locals_, op.name, (1, bd))
    if const == 0:
        return _node(y, (b,), locals_, op.name, (0, ad))
    return _node(y, (a, b), locals_, op.name, None)


def _slopes_at_pole(
    da: Callable[..., Any] | None, db: Callable[..., Any] | None, *args: float
) -> tuple[float, ...]:
    """The local derivatives of the inputs whose rule is given (None: a constant's),
    where one of them divided by zero (:func:`_slope_at_pole`)."""
    return tuple(_slope_at_pole(rule, *args) for rule in (da, db) if rule is not None)


def _exact_exponent(a: Value, n: numbers.Integral) -> None:
    """Refuse an odd int exponent beyond 2⁵³, where every float is even: ``x ** n`` would
    compute x to an even power, and a negative base's power (and slope) would take the
    wrong sign — ``Value(-1.0) ** (2**53 + 1)`` gave 1.0. Any other int is a float or
    rounds to one of its own parity, which is only rounding, as for any number given."""
    i = int(n)
    if i % 2 and abs(i) > 2**53:
        _raise(
            DomainError(
                f"pow of {a._data!r} to the power {i}: an odd int beyond 2⁵³ is no float "
                f"(every float there is even; float() gives {float(i)!r}), so a negative "
                f"base's power would take the wrong sign — pass float(n) if the even "
                f"exponent is meant"
            ),
            a,
        )


def apply(op: Op | str, *inputs: Value | Number) -> Value:
    """Apply one row of the op table: the engine's generic entry point.

    ``apply("sin", x)`` is ``x.sin()``; ``apply("pow", x, 3)`` is ``x ** 3``. Every Value
    method and operator is this call for its own row, so an op added with
    :func:`~autograd_mini.ops.register` works at once, without a method of its own.
    A two-input op takes one plain number on either side (a constant, no gradient).
    """
    if isinstance(op, str):
        if op not in OPS:
            raise ValueError(f"apply: no op named {op!r} (known: {', '.join(sorted(OPS))})")
        op = OPS[op]
    if op.arity == 0:
        raise TypeError(f"apply: {op.name} takes a whole list of inputs (use vsum or dot)")
    if len(inputs) != op.arity:
        raise TypeError(f"apply: {op.name} takes {op.arity} input(s), got {len(inputs)}")
    row = op if _BUILT_IN.get(op.name) is op else _float_forward(op)
    if op.arity == 1:
        (x,) = inputs
        if not isinstance(x, Value):
            raise TypeError(f"{op.name}: expected a Value, got {type(x).__name__} ({x!r})")
        out = _unary(row, x)
    elif isinstance(a := inputs[0], Value):
        b = inputs[1]
        out = _binary(row, a, b, -1 if isinstance(b, Value) else 1, op.name)
    elif isinstance(b := inputs[1], Value):
        out = _binary(row, a, b, 0, op.name)
    else:
        raise TypeError(f"{op.name}: expected at least one Value, got {a!r} and {b!r}")
    return out if row is op else _floats_only(out, op)


#: Each registered row apply has met, by name, with its :func:`_float_forward` row:
#: a copy made at every call (dataclasses.replace, ≈ 7 µs) made a registered op's node
#: 6× the time it took before (1.5 µs), a registered activation's every neuron too.
#: A row registered again under the name is another object, and gets its own.
_FLOAT_ROWS: dict[str, tuple[Op, Op]] = {}


def _float_forward(op: Op) -> Op:
    """A registered row whose forward gives the float its number is, before the engine's
    arithmetic touches it (``y - y``): numpy's inf printed a RuntimeWarning ("invalid
    value encountered in scalar subtract") before the error, an array's too, and
    Decimal('Infinity') raised decimal's bare InvalidOperation, naming neither op nor
    node. A number past a float (10**400) is its overflow, said as any op's; a str, an
    array, a complex is refused naming the op (:func:`_op_number`). The table's own
    rows return floats and pay nothing: _unary and _binary look at no result's type.
    Made once a row (:data:`_FLOAT_ROWS`)."""
    made = _FLOAT_ROWS.get(op.name)
    if made is not None and made[0] is op:
        return made[1]
    forward = op.forward

    def as_float(m: Any, *args: Any) -> float:
        y = forward(m, *args)
        if type(y) is float:
            return y
        try:
            return _op_number(y, op, "value")
        except OverflowError:  # an int or a Fraction past a float: inf, refused as such
            return -math.inf if y < 0 else math.inf

    row = dataclasses.replace(op, forward=as_float)
    _FLOAT_ROWS[op.name] = (op, row)
    return row


def _floats_only(v: Value, op: Op) -> Value:
    """A registered op's derivatives may return an int, a numpy float, a Fraction: the
    node keeps the float each equals — a numpy float32 kept as it is made every gradient
    through it float32 without a word. Anything else is refused, naming the op. (Its
    value is a float already, :func:`_float_forward`'s; the table's own rules return
    floats: not looked at.)"""
    if [*map(type, v.local_grads)].count(float) != len(v.local_grads):
        v.local_grads = tuple(
            d if type(d) is float else _op_number(d, op, "derivative") for d in v.local_grads
        )
    return v


def _op_number(x: object, op: Op, what: str) -> float:
    """A number an op's rule returned, as a float: any real number, a bool (a step's
    ``a > 0``), a numpy scalar or 0-d array, a Decimal. A complex, a str, an array of
    numbers or anything else float() refuses is named."""
    real = (
        not isinstance(x, (str, bytes))
        and getattr(x, "ndim", 0) == 0
        and (isinstance(x, numbers.Real) or not isinstance(x, numbers.Complex))
        and not is_time(x)  # numpy's float() of a timedelta64 is its count
    )
    if real:
        try:
            return float(cast(Any, x))
        except OverflowError:
            raise OverflowError(
                f"{op.name}: its {what}, an int, is too large for a float"
            ) from None
        except (TypeError, ValueError):
            pass
    raise TypeError(
        f"{op.name}: its {what} is {type(x).__name__} ({x!r:.60}), not a real number: "
        f"an op's forward and derivatives return one number for numbers"
        + not_real_hint(scalar_of(x))  # a duration, a date, a complex number
    )


# ---------------------------------------------------------------------- fused n-ary nodes

_PLAIN = frozenset({float, int})
_ONLY_VALUE = frozenset({Value})


def _split(values: Iterable[Value | Number], op: str) -> tuple[list[Value], float]:
    """Separate Values from plain numbers: (the Values, the sum of the numbers)."""
    nodes: list[Value] = []
    offset = 0.0
    for v in values:
        if isinstance(v, Value):
            nodes.append(v)
        else:
            offset += as_real(v, op)
    return nodes, offset


def _index_of(values: Sequence[object], v: Value) -> int:
    """The position of the node ``v`` in ``values`` (``list.index`` would compare with
    ``==``, which a Value refuses against a number)."""
    return next(i for i, x in enumerate(values) if x is v)


def _dot_overflow(ws: Sequence[object], xs: Sequence[object], data: float) -> NoReturn:
    """The OpOverflow of a dot whose terms are finite but whose sum is not, naming its
    largest product wᵢ·xᵢ and that product's nodes: the whole list of a wide neuron's
    785 parents would say nothing."""

    products = [abs(number_of(w) * number_of(x)) for w, x in zip(ws, xs, strict=True)]
    i = max(range(len(products)), key=products.__getitem__)
    w, x = ws[i], xs[i]
    _raise(
        OpOverflow(
            f"dot of {len(ws)} product{'s' * (len(ws) != 1)} gives {data!r}: the result "
            f"overflows a float; the largest product is term {i}, "
            f"{number_of(w)!r} × {number_of(x)!r}",
            "dot",
        ),
        *(v for v in dict.fromkeys((w, x)) if isinstance(v, Value)),  # w·w names w once
    )


def _refuse_unsized(ws: object, xs: object) -> NoReturn:
    """dot's refusal of weights or inputs that are no list."""
    bad = ws if not hasattr(ws, "__len__") else xs
    hint = ": list(...) it first, a generator has no length" if hasattr(bad, "__next__") else ""
    raise TypeError(
        f"dot: weights and inputs must be lists (or tuples) of numbers or Values, got "
        f"{type(ws).__name__} and {type(xs).__name__}{hint}"
    )


def vsum(values: Iterable[Value | Number]) -> Value:
    """Σ values as ONE node with many parents;  ∂(Σ pᵢ)/∂pᵢ = 1.

    Plain numbers among ``values`` are folded into a constant. The number is the float
    sum; where that passes ±1.8e308 on the way, the exact sum rounded once (an
    OpOverflow only if that is beyond a float, whatever the order of the terms).
    """
    if isinstance(values, (list, tuple)):
        vals = values
    elif isinstance(values, Iterable) and not isinstance(values, (str, bytes)):
        vals = list(values)
    else:  # vsum(None) said "'NoneType' object is not iterable"
        raise TypeError(f"vsum: expected a list of numbers or Values, got {type(values).__name__}")
    types = set(map(type, vals))
    if types == {Value}:
        nodes = tuple(vals)
        offset = 0.0
    else:
        found, offset = _split(vals, "vsum")
        nodes = tuple(found)
    data = sum([v._data for v in nodes], offset)
    if data - data != 0.0:  # overflowed on the way, or for good: added exactly
        if offset - offset != 0.0:
            bad = _not_finite(vals)
            if bad:  # a plain number given as nan or ±inf
                _raise(DomainError(f"vsum: a constant term is {bad[0]!r}, expected finite numbers"))
            offset = exact_sum([as_real(v, "vsum") for v in vals if not isinstance(v, Value)])
            if offset - offset != 0.0:  # each finite, their sum not: the Values are not to blame
                _raise(
                    OpOverflow(
                        f"vsum: its plain numbers add up to {offset!r}: the sum overflows a float",
                        "sum",
                    )
                )
        data = exact_sum([offset, *(v._data for v in nodes)])
        if data - data != 0.0:
            big = max(nodes, key=lambda v: abs(v._data))
            _raise(
                OpOverflow(
                    f"vsum of {len(vals)} terms gives {data!r}: the result overflows a float; "
                    f"the largest term is {big._data!r}, term {_index_of(vals, big)}",
                    "sum",
                ),
                big,
            )
    if not nodes:
        return _leaf(data)
    if not _grad_enabled():
        return _untracked(data)
    return _node(data, nodes, (1.0,) * len(nodes), "sum", (offset,))


def _not_finite(values: Iterable[Value | Number | None]) -> list[Number]:
    """The plain numbers among ``values`` that are nan or ±inf (as_real passes a float
    unchecked): what vsum and dot name when a result is not finite."""
    return [v for v in values if v is not None and not isinstance(v, Value) and v - v != 0.0]


def _floats(xs: Sequence[float], ints: bool) -> list[float]:
    """dot's plain-number inputs as floats; an int beyond a float is named as as_real does,
    and one no float holds is refused as there (looked at only when ``ints`` are given)."""
    try:
        out = list(map(float, xs))
    except OverflowError:
        raise OverflowError("dot: int too large for a float") from None
    if ints and (max(out) >= FLOAT_EXACT or min(out) <= -FLOAT_EXACT):  # rarely: look closer
        for x, f in zip(xs, out, strict=True):
            whole_float(x, f, "dot", "the number")
    return out


def dot(
    ws: Sequence[Value | Number],
    xs: Sequence[Value | Number],
    bias: Value | Number | None = None,
) -> Value:
    """Σᵢ wᵢ·xᵢ (+ bias) as ONE node:  ∂/∂wᵢ = xᵢ,  ∂/∂xᵢ = wᵢ,  ∂/∂bias = 1.

    This is a neuron's weighted input z = Σ w·a + b. Either side may hold Values or
    plain numbers (a plain number is a constant and gets no gradient). As for
    :func:`vsum`, a float sum that overflows on the way is redone exactly.
    """
    try:
        if len(ws) != len(xs):
            raise ValueError(f"dot: lengths differ ({len(ws)} weights, {len(xs)} inputs)")
    except TypeError:  # dot(None, None) said "object of type 'NoneType' has no len()"
        _refuse_unsized(ws, xs)
    n = len(ws)
    if type(bias) is Value and [*map(type, ws)].count(Value) == n and _grad_enabled():
        # Fast paths for a neuron's z = Σ w·a + b (Value weights and bias), the hot call
        # of every layer. They build exactly the node the general code below builds, with
        # the same arithmetic order; anything unusual (a non-finite result) falls through.
        # (Types are counted in a list, plain numbers first — the wide first layer reads a
        # data row's .tolist() — which for 784 inputs takes 18 µs where two sets took 28.)
        types = [*map(type, xs)]
        floats = types.count(float) == n
        if floats or _PLAIN.issuperset(types):
            plain = cast(Sequence[float], xs)  # floats as they are
            consts = plain if floats else _floats(plain, int in types)
            data = 0.0 + sum(map(mul, map(get_data, ws), consts)) + bias._data
            if data - data == 0.0:
                const_t = (*consts, 1.0)
                parents = cast(tuple[Value, ...], (*ws, bias))
                return _node(data, parents, const_t, "dot", (0, const_t, 0.0))
        elif types.count(Value) == n:
            wd = list(map(get_data, ws))
            xd = list(map(get_data, xs))
            data = 0.0 + sum(map(mul, wd, xd)) + bias._data
            if data - data == 0.0:
                parents = cast(tuple[Value, ...], (*ws, *xs, bias))
                return _node(data, parents, (*xd, *wd, 1.0), "dot", (len(wd), (1.0,), 0.0))
    pair_w: list[Value] | Sequence[Value]
    pair_x: list[Value] | Sequence[Value]
    lin: list[Value] | Sequence[Value]
    tw = set(map(type, ws))
    tx = set(map(type, xs))
    if tw == _ONLY_VALUE and tx == _ONLY_VALUE:
        pair_w, pair_x = cast(Sequence[Value], ws), cast(Sequence[Value], xs)
        lin, consts, offset = (), [], 0.0
    elif tw == _ONLY_VALUE and tx <= _PLAIN:
        pair_w, pair_x, lin, offset = (), (), cast(Sequence[Value], ws), 0.0
        consts = _floats(cast(Sequence[float], xs), int in tx)
    else:
        pair_w, pair_x, lin, consts = [], [], [], []
        offset = 0.0
        for w, x in zip(ws, xs, strict=True):
            if isinstance(w, Value):
                if isinstance(x, Value):
                    pair_w.append(w)
                    pair_x.append(x)
                else:
                    lin.append(w)
                    consts.append(as_real(x, "dot"))
            elif isinstance(x, Value):
                lin.append(x)
                consts.append(as_real(w, "dot"))
            else:
                offset += as_real(w, "dot") * as_real(x, "dot")
    # map with a C getter rather than comprehensions: dot is the hot path of every layer
    wd = list(map(get_data, pair_w))
    xd = list(map(get_data, pair_x))
    data = offset + sum(map(mul, wd, xd))
    if lin:
        data += sum(map(mul, map(get_data, lin), consts))
    if bias is not None:
        if isinstance(bias, Value):
            lin = [*lin, bias]
            consts.append(1.0)
            data += bias._data
        else:
            b = as_real(bias, "dot")
            offset += b
            data += b
    if data - data != 0.0:  # overflowed on the way, or for good: added exactly
        bad = _not_finite((*ws, *xs, bias))
        if bad:
            _raise(DomainError(f"dot: a constant is {bad[0]!r}, expected finite numbers"))
        if offset - offset != 0.0:
            pairs = [
                (as_real(w, "dot"), as_real(x, "dot"))
                for w, x in zip(ws, xs, strict=True)
                if not (isinstance(w, Value) or isinstance(x, Value))
            ]
            alone = [] if bias is None or isinstance(bias, Value) else [as_real(bias, "dot")]
            offset = exact_sum(alone, pairs)
            if offset - offset != 0.0:  # every plain number finite, their products' sum not
                _raise(
                    OpOverflow(
                        f"dot: the products of its plain numbers add up to {offset!r}: they "
                        f"overflow a float",
                        "dot",
                    )
                )
        lin_data = map(get_data, lin)
        data = exact_sum(
            (offset,), [*zip(wd, xd, strict=True), *zip(lin_data, consts, strict=True)]
        )
        if data - data != 0.0:
            _dot_overflow(ws, xs, data)
    if not (pair_w or lin):
        return _leaf(data)
    if not _grad_enabled():
        return _untracked(data)
    const_t = tuple(consts)
    if pair_w:
        parents = (*pair_w, *pair_x, *lin)
        local = (*xd, *wd, *const_t)
    else:
        parents = tuple(lin)
        local = const_t
    return _node(data, parents, local, "dot", (len(pair_w), const_t, offset))
