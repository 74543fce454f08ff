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

import functools
import itertools
import numbers
from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter, mul
from types import TracebackType
from typing import Any, TypeVar, cast, overload

from autograd_mini.ops import FLOAT, OPS, Op, _check_pow_exponent

__all__ = [
    "DivisionByZero",
    "DomainError",
    "Number",
    "Value",
    "dot",
    "is_grad_enabled",
    "no_grad",
    "vsum",
]

Number = int | float

_grad_enabled = True

F = TypeVar("F", bound=Callable[..., Any])


class DomainError(ValueError):
    """An op was given an input outside its domain (log of a negative, √ of −1, …)."""


class DivisionByZero(DomainError, ZeroDivisionError):
    """A division (or a negative power) by zero."""


class OpOverflow(DomainError, OverflowError):
    """An op's result is too large for a float."""


def _where(v: Value) -> str:
    return f"node {v.label!r}" if v.label else "unlabelled node"


def _raise(message: str, *culprits: Value) -> None:
    where = ", ".join(_where(v) for v in culprits)
    text = f"{message} ({where})" if where else message
    if message.startswith("division by zero") or "division by zero" in message:
        raise DivisionByZero(text)
    if "overflow" in message:
        raise OpOverflow(text)
    raise DomainError(text)


def _number(x: object, op: str) -> float:
    """A plain real number as a float; anything else is a TypeError naming the op."""
    if type(x) is float:
        return x
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{op}: expected a real number or a Value, got {type(x).__name__} ({x!r})")
    try:
        value = float(x)
    except OverflowError:
        raise OverflowError(f"{op}: {type(x).__name__} too large for a float") from None
    if value - value != 0.0:  # nan or ±inf: no gradient can be taken through it
        raise ValueError(f"{op}: got {value!r}, expected a finite number")
    return value


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
        "_seq",
        "data",
        "grad",
        "grad_graph",
        "label",
        "local_grads",
        "op",
        "parents",
    )

    data: float
    grad: float
    label: str
    op: str
    parents: tuple[Value, ...]
    local_grads: tuple[float, ...]
    _arg: Any
    _seq: int  # creation order of inner nodes: parents always have a smaller number
    grad_graph: Value | None

    def __init__(self, data: Number, label: str = "") -> None:
        if type(data) is not float:
            raw: object = data
            if isinstance(raw, Value):
                raise TypeError("Value: expected a real number, got a Value (use it directly)")
            data = _number(raw, "Value")
        elif data - data != 0.0:  # nan or ±inf
            raise ValueError(f"Value: got {data!r}, expected a finite number")
        if not isinstance(label, str):
            raise TypeError(f"Value: label must be a str, got {type(label).__name__}")
        self.data = data
        self.grad = 0.0
        self.label = label
        self.op = ""
        self.parents = ()
        self.local_grads = ()
        self._arg = None
        self._seq = 0
        self.grad_graph = None

    # ------------------------------------------------------------------ presentation
    def __repr__(self) -> str:
        extra = f", label={self.label!r}" if self.label else ""
        if self.op:
            extra += f", op={self.op!r}"
        return f"Value(data={self.data!r}, grad={self.grad!r}{extra})"

    def __float__(self) -> float:
        return self.data

    def __format__(self, spec: str) -> str:
        return format(self.data, spec)

    # Comparisons look at the numbers only (they carry no gradient).
    def __lt__(self, other: Value | Number) -> bool:
        return self.data < _data(other)

    def __le__(self, other: Value | Number) -> bool:
        return self.data <= _data(other)

    def __gt__(self, other: Value | Number) -> bool:
        return self.data > _data(other)

    def __ge__(self, other: Value | Number) -> bool:
        return self.data >= _data(other)

    __hash__ = object.__hash__

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
        c = _number(other, "/")
        if c - c != 0.0:  # x / inf would silently give 0
            _raise(f"division of {self.data!r} by {c!r}: the divisor is not finite", self)
        return _binary(_DIV, self, c, 1, "/")

    def __rtruediv__(self, other: Number) -> Value:
        return _binary(_DIV, other, self, 0, "/")

    def __neg__(self) -> Value:
        """−x;  d/dx = −1."""
        return _unary(_NEG, self)

    def __pow__(self, other: Value | Number) -> Value:
        if isinstance(other, Value):
            message = _check_pow_exponent(self.data, other.data)
            if message:
                _raise(message, self, other)
            return _binary(_POW, self, other, -1, "**")
        return _binary(_POW, self, other, 1, "**")

    def __rpow__(self, other: Number) -> Value:
        c = _number(other, "**")
        message = _check_pow_exponent(c, self.data)
        if message:
            _raise(message, self)
        return _binary(_POW, c, self, 0, "**")

    def __abs__(self) -> Value:
        """|x|; derivative sign(x), taken as 0 at x = 0."""
        return _unary(_ABS, self)

    # ------------------------------------------------------------------ functions
    def exp(self) -> Value:
        """eˣ;  d/dx = eˣ."""
        return _unary(_EXP, self)

    def log(self) -> Value:
        """ln x (x > 0);  d/dx = 1/x."""
        return _unary(_LOG, self)

    def sqrt(self) -> Value:
        """√x (x > 0);  d/dx = 1/(2√x)."""
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
        s = _number(slope, "leaky_relu")
        if s - s != 0.0:  # a nan slope would otherwise pass silently for x > 0
            _raise(f"leaky_relu slope {s!r} is not a finite number", self)
        return _binary(_LEAKY, self, s, 1, "leaky_relu")

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
        """
        from autograd_mini.backward import backward

        backward(self, gradient, create_graph=create_graph)

    def zero_grad(self) -> None:
        """Set ``grad`` of this node and everything below it to 0 (and drop grad_graph)."""
        from autograd_mini.backward import walk

        for node in walk(self):
            node.grad = 0.0
            node.grad_graph = None


_new = object.__new__
_next_seq = itertools.count(1).__next__


def _node(
    data: float, parents: tuple[Value, ...], local: tuple[float, ...], op: str, arg: Any
) -> Value:
    """Make an inner node; ``local`` holds ∂data/∂parent for each parent."""
    v: Value = _new(Value)
    v.data = data
    v.grad = 0.0
    v.label = ""
    v.op = op
    v.parents = parents
    v.local_grads = local
    v._arg = arg
    v._seq = _next_seq()
    v.grad_graph = None
    return v


def _leaf(data: float) -> Value:
    v: Value = _new(Value)
    v.data = data
    v.grad = 0.0
    v.label = ""
    v.op = ""
    v.parents = ()
    v.local_grads = ()
    v._arg = None
    v._seq = 0
    v.grad_graph = None
    return v


def _data(x: Value | Number) -> float:
    return x.data if isinstance(x, Value) else _number(x, "comparison")


def _finite(y: float, op: Op, *culprits: Value, inputs: tuple[float, ...] = ()) -> float:
    if y - y != 0.0:  # inf or nan
        args = " and ".join(map(repr, inputs or [v.data for v in culprits]))
        if any(a - a != 0.0 for a in inputs):
            _raise(f"{op.name} of {args}: an operand is nan or infinite", *culprits)
        _raise(f"{op.name} of {args} gives {y!r}: the result overflows a float", *culprits)
    return y


_ADD, _SUB, _MUL, _DIV, _POW = OPS["add"], OPS["sub"], OPS["mul"], OPS["div"], OPS["pow"]
_LEAKY, _SOFTPLUS, _NEG = OPS["leaky_relu"], OPS["softplus"], OPS["neg"]
_EXP, _LOG, _SQRT, _TANH = OPS["exp"], OPS["log"], OPS["sqrt"], OPS["tanh"]
_SIGMOID, _RELU, _ABS, _SIN, _COS = OPS["sigmoid"], OPS["relu"], OPS["abs"], OPS["sin"], OPS["cos"]


def _unary(op: Op, x: Value) -> Value:
    a = x.data
    if op.check is not None:
        message = op.check(a)
        if message:
            _raise(message, x)
    y = op.forward(FLOAT, a)
    if y - y != 0.0:  # inf or nan: checked inline, a call per node costs time
        _finite(y, op, x)
    if not _grad_enabled:
        return _leaf(y)
    d = op.derivs[0](FLOAT, a, y)
    if d - d != 0.0:  # e.g. 1/x for a subnormal x: the result is fine, its slope is not
        _raise(f"{op.name} of {a!r}: the local derivative overflows ({d!r})", x)
    return _node(y, (x,), (d,), op.name, None)


def _binary(op: Op, a: Any, b: Any, const: int, symbol: str) -> Value:
    """Apply a two-input op. ``const`` is the position of a plain-number operand (0 or 1),
    or −1 when both are Values; only the Values' derivatives are evaluated."""
    if const == 1:
        ad = a.data
        bd = b if type(b) is float else _number(b, symbol)
    elif const == 0:
        ad = a if type(a) is float else _number(a, symbol)
        bd = b.data
    else:
        ad = a.data
        bd = b.data
    if op.check is not None:
        message = op.check(ad, bd)
        if message:
            _raise(message, *(v for v in (a, b) if isinstance(v, Value)))
    y = op.forward(FLOAT, ad, bd)
    if y - y != 0.0:
        _finite(y, op, *(v for v in (a, b) if isinstance(v, Value)), inputs=(ad, bd))
    if not _grad_enabled:
        return _leaf(y)
    da, db = op.derivs
    if const == 1:
        locals_: tuple[float, ...] = (da(FLOAT, ad, bd, y),)
    elif const == 0:
        locals_ = (db(FLOAT, ad, bd, y),)
    else:
        locals_ = (da(FLOAT, ad, bd, y), db(FLOAT, ad, bd, y))
    for d in locals_:
        if d - d != 0.0:  # e.g. −a/b² for a tiny b: the quotient is fine, its slope is not
            _raise(
                f"{op.name} of {ad!r} and {bd!r}: the local derivative overflows ({d!r})",
                *(v for v in (a, b) if isinstance(v, Value)),
            )
    if const == 1:
        return _node(y, (a,), locals_, op.name, (1, bd))
    if const == 0:
        return _node(y, (b,), locals_, op.name, (0, ad))
    return _node(y, (a, b), locals_, op.name, None)


# ---------------------------------------------------------------------- fused n-ary nodes

_PLAIN = frozenset({float, int})
_ONLY_VALUE = frozenset({Value})
_get_data = attrgetter("data")


def _split(values: Iterable[Value | Number], op: str) -> tuple[list[Value], float]:
    """Separate Values from plain numbers: (the Values, the sum of the numbers)."""
    nodes: list[Value] = []
    offset = 0.0
    for v in values:
        if isinstance(v, Value):
            nodes.append(v)
        else:
            offset += _number(v, op)
    return nodes, offset


def vsum(values: Iterable[Value | Number]) -> Value:
    """Σ values as ONE node with many parents;  ∂(Σ pᵢ)/∂pᵢ = 1.

    Plain numbers among ``values`` are folded into a constant.
    """
    vals = values if isinstance(values, (list, tuple)) else list(values)
    types = set(map(type, vals))
    if types == {Value}:
        nodes = tuple(vals)
        offset = 0.0
    else:
        found, offset = _split(vals, "vsum")
        nodes = tuple(found)
    data = sum([v.data for v in nodes], offset)
    if data - data != 0.0:
        if offset - offset != 0.0:
            _raise(f"vsum: a constant term is {offset!r}, expected finite numbers", *nodes)
        _raise(f"vsum gives {data!r}: the result overflows a float", *nodes)
    if not _grad_enabled or not nodes:
        return _leaf(data)
    return _node(data, nodes, (1.0,) * len(nodes), "sum", offset)


def dot(
    ws: Sequence[Value | Number],
    xs: Sequence[Value | Number],
    bias: Value | Number | None = None,
) -> Value:
    """Σᵢ wᵢ·xᵢ (+ bias) as ONE node:  ∂/∂wᵢ = xᵢ,  ∂/∂xᵢ = wᵢ,  ∂/∂bias = 1.

    This is a neuron's weighted input z = Σ w·a + b. Either side may hold Values or
    plain numbers (a plain number is a constant and gets no gradient).
    """
    if len(ws) != len(xs):
        raise ValueError(f"dot: lengths differ ({len(ws)} weights, {len(xs)} inputs)")
    tw = set(map(type, ws))
    tx = set(map(type, xs))
    if tw == _ONLY_VALUE and type(bias) is Value and _grad_enabled:
        # Fast paths for a neuron's z = Σ w·a + b (Value weights and bias), the hot call
        # of every layer. They build exactly the node the general code below builds, with
        # the same arithmetic order; anything unusual (a non-finite result) falls through.
        if tx == _ONLY_VALUE:
            wd = list(map(_get_data, ws))
            xd = list(map(_get_data, xs))
            data = 0.0 + sum(map(mul, wd, xd)) + bias.data
            if data - data == 0.0:
                parents = cast(tuple[Value, ...], (*ws, *xs, bias))
                return _node(data, parents, (*xd, *wd, 1.0), "dot", (len(wd), (1.0,), 0.0))
        elif tx <= _PLAIN:
            consts = list(map(float, cast(Sequence[float], xs)))
            data = 0.0 + sum(map(mul, map(_get_data, ws), consts)) + bias.data
            if data - data == 0.0:
                const_t = (*consts, 1.0)
                parents = cast(tuple[Value, ...], (*ws, bias))
                return _node(data, parents, const_t, "dot", (0, const_t, 0.0))
    pair_w: list[Value] | Sequence[Value]
    pair_x: list[Value] | Sequence[Value]
    lin: list[Value] | Sequence[Value]
    if tw == _ONLY_VALUE and tx == _ONLY_VALUE:
        pair_w, pair_x = cast(Sequence[Value], ws), cast(Sequence[Value], xs)
        lin, consts, offset = (), [], 0.0
    elif tw == _ONLY_VALUE and tx <= _PLAIN:
        pair_w, pair_x, lin, offset = (), (), cast(Sequence[Value], ws), 0.0
        consts = list(map(float, cast(Sequence[float], xs)))
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
                    consts.append(_number(x, "dot"))
            elif isinstance(x, Value):
                lin.append(x)
                consts.append(_number(w, "dot"))
            else:
                offset += _number(w, "dot") * _number(x, "dot")
    # map with a C getter rather than comprehensions: dot is the hot path of every layer
    wd = list(map(_get_data, pair_w))
    xd = list(map(_get_data, pair_x))
    data = offset + sum(map(mul, wd, xd))
    if lin:
        data += sum(map(mul, map(_get_data, lin), consts))
    if bias is not None:
        if isinstance(bias, Value):
            lin = [*lin, bias]
            consts.append(1.0)
            data += bias.data
        else:
            b = _number(bias, "dot")
            offset += b
            data += b
    if data - data != 0.0:
        bad = [c for c in (*consts, offset) if c - c != 0.0]
        if bad:
            _raise(f"dot: a constant is {bad[0]!r}, expected finite numbers")
        _raise(f"dot gives {data!r}: the result overflows a float")
    if not _grad_enabled or not (pair_w or lin):
        return _leaf(data)
    const_t = tuple(consts)
    if pair_w:
        parents = (*pair_w, *pair_x, *lin)
        local = (*xd, *wd, *const_t)
    else:
        parents = tuple(lin)
        local = const_t
    return _node(data, parents, local, "dot", (len(pair_w), const_t, offset))


# ---------------------------------------------------------------------- no_grad


def is_grad_enabled() -> bool:
    """True unless inside :class:`no_grad`."""
    return _grad_enabled


class no_grad:
    # lower-case like torch.no_grad: it reads as `with no_grad():`
    """Context manager and decorator: ops inside record no parents (no graph, no grads).

    Use it for evaluation and for parameter updates, where building a graph would only
    cost time and memory.
    """

    @overload
    def __new__(cls) -> no_grad: ...

    @overload
    def __new__(cls, func: F) -> F: ...  # type: ignore[misc]  # @no_grad without ()

    def __new__(cls, func: F | None = None) -> Any:
        if func is None:
            return super().__new__(cls)
        if not callable(func):
            raise TypeError(f"no_grad takes no arguments, got {type(func).__name__}")
        return cls()(func)

    def __init__(self, func: Callable[..., Any] | None = None) -> None:
        self._previous: list[bool] = []

    def __enter__(self) -> no_grad:
        global _grad_enabled
        self._previous.append(_grad_enabled)
        _grad_enabled = False
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        global _grad_enabled
        _grad_enabled = self._previous.pop()

    def __call__(self, func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with no_grad():
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]
