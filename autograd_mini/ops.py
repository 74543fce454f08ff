"""The op table: every operation's forward rule and local derivatives, written once.

Each entry says what an op computes and what its *local* derivatives are — the
numbers ∂out/∂input that the chain rule multiplies together. Nothing else in the
library knows an individual op: the eager engine (``value.py``), the backward pass
(``backward.py``), the second-order pass (``create_graph=True``) and the batched
replay (``trace.py``) all look rules up here.

The rules are written against a *backend* ``m`` — a small namespace of elementary
functions — so the same lambda runs on Python floats (the eager engine), on
:class:`~autograd_mini.Value` nodes (derivatives of derivatives) and on numpy arrays
(a whole batch at once). For example relu's rule ``m.step(a)`` is one line that serves
all three.

Binary rules take ``(m, a, b, y)`` where ``y`` is the op's own output; one derivative
function per input, so that ``x ** 3`` never evaluates ``∂/∂(3) = y·log x`` (which
would fail for negative ``x``). A constant operand is recorded on the node as its
``arg``, a :class:`Constant` (position, value), so that the node can be replayed.

Two ops are *n-ary* and fused: ``sum`` (Σ pᵢ + c) and ``dot``
(Σᵢ wᵢxᵢ + Σⱼ cⱼpⱼ + c). A neuron's weighted sum z = Σ wᵢaᵢ + b is one ``dot`` node,
drawn like the formula and backpropagated in one loop.
"""

from __future__ import annotations

import keyword
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, cast

import numpy as np

from autograd_mini.errors import DivisionByZero, DomainError, OpOverflow, because
from autograd_mini.locks import fork_safe

__all__ = [
    "FLOAT",
    "OPS",
    "Arg",
    "Backend",
    "Constant",
    "DotArg",
    "FloatBackend",
    "Kernels",
    "Op",
    "SumArg",
    "domain_error",
    "domain_message",
    "failed_forward",
    "full_inputs",
    "kernel_error",
    "local_derivatives",
    "partial_name",
    "register",
    "replay_forward",
    "unregister",
]

#: Largest x with a finite exp(x) in IEEE double precision.
EXP_LIMIT = math.log(1.7976931348623157e308)


#: Every op, by name. Add to it with :func:`register` (which also equips the backends).
OPS: dict[str, Op] = {}
#: Held while the table and the backends change (register, unregister, a new backend
#: class): a name's check and its insertion are one step for other threads.
_REGISTERING = fork_safe(threading.RLock())  # re-entrant: a backend's install may define another


class Constant(NamedTuple):
    """``arg`` of a two-input op applied to one Value and one plain number (``x * 2.0``,
    ``2.0 ** x``): the number, and the input position it takes (0: a, 1: b). The number
    is not a parent (no node, no derivative is ever computed for it). In a fused replay
    ``value`` may be an array: one constant per node of the group."""

    position: int
    value: Any


class SumArg(NamedTuple):
    """``arg`` of a ``sum`` node, y = Σ pᵢ + c."""

    offset: Any


class DotArg(NamedTuple):
    """``arg`` of a ``dot`` node, y = Σ_{i<k} pᵢ·p_{k+i} + Σⱼ cⱼ·p_{2k+j} + c: the first
    ``pairs`` = k parents are multiplied with the next k, the rest by the plain numbers
    ``consts`` = (cⱼ…); ``offset`` is c."""

    pairs: int
    consts: Any
    offset: Any


#: What an op records besides its parents: nothing (one-input ops, or two Values), or
#: one of the shapes above. A node stores the fields as a plain tuple (building a named
#: tuple costs ~0.3 µs, a sixth of a chain step); :attr:`Value.arg` names them.
Arg = Constant | SumArg | DotArg | None


class Kernels(NamedTuple):
    """An op's elementary function, once per kind of number: ``float`` on Python floats
    (the eager engine), ``array`` on numpy arrays element by element (the batched replay).
    On Values the backend applies the op itself, so a derivative stays differentiable."""

    float: Callable[..., Any]
    array: Callable[..., Any]
    quiet: Callable[..., Any] | None = None
    """``array`` without the ``np.errstate`` it sets itself, for a caller that has turned
    numpy's warnings off already and checks every result (the trace's replay); None
    when ``array`` sets none."""


class Backend:
    """Elementary functions used by the rules; one subclass per kind of number.

    The functions named after an op (``m.sin``, ``m.sigmoid``, ``m.pow``, …) are not
    written here: :func:`register` installs each row's :class:`Kernels` on every backend
    (``kernel`` says which one a backend takes), so a new op reaches floats, Values and
    arrays from its one row. What each backend writes itself are the helpers below,
    which are not ops (no node is ever made of them).
    """

    #: Every backend class, so that an op registered later reaches all of them.
    registered: ClassVar[list[type[Backend]]] = []
    #: Names installed from the table (a subclass's own definitions are never replaced).
    installed: ClassVar[set[str]]

    pow_exponent_slope: Callable[[Any, Any, Any], Any]
    """pow_exponent_slope(a, b, y): pow's ∂y/∂b = y·ln a given y = aᵇ — 0 wherever y = 0
    (even at a = 0: aᵇ·ln a → 0 as a → 0), −∞·y at a = 0 elsewhere. nan wherever a < 0,
    y = 0 included: (−0.5)ᵇ has no derivative in b, though at b = 2000 it underflows to 0.
    The float and array rules need only y and a; the Value backend reads b too: at a = 0
    the 0 is a limit whose derivatives in a of order n ≥ b are infinite, and it builds a
    graph that says so."""
    pow_slope: Callable[..., Any]
    """pow_slope(a, b, y=None): pow's ∂/∂a = b·aᵇ⁻¹: 0 wherever b = 0 (even at a = 0,
    where aᵇ⁻¹ is 1/0). Given the node's y = aᵇ, floats and arrays compute it as b·y/a
    wherever y and a are normal floats and b − 1.0 is rounded (a Value ignores y: its
    graph is the same at every point); else b·a^(b − 1.0), a float
    wherever the product is one, aᵇ⁻¹ beyond the largest float included (see
    :func:`slope_overflows_only_inside`). Where
    b − 1 is not a float (b beyond 2⁵³, or −2⁵³ and beyond: b is even, and b − 1.0 rounds
    to an even number) a negative a gets the sign of a, as the odd power b − 1 has (see
    :func:`flips_sign`)."""
    sigmoid_gap: Callable[[Any, Any], Any]
    """σ(a − b), with no error or warning for any finite a and b, a − b beyond the largest
    float included (a = 1e308, b = −1e308): σ is 1 or 0 there to the last bit, and so a
    Value version must not make a node of the infinite gap. logaddexp's weights eᵃ⁻ʸ =
    σ(a − b) are written with it."""
    sigmoid_slope_scaled: Callable[[float, Any], Any]
    """σ′(k·a) for a constant k, the same for k·a beyond the largest float: tanh's slope
    4σ′(2a) at a = 1e308, where σ′ is 0. On Values, k·a then the op ``sigmoid_slope`` —
    the graph a second derivative goes through, and notebook 06 reads apart."""

    if TYPE_CHECKING:  # the op-named functions are installed at run time, from the table

        def __getattr__(self, name: str) -> Callable[..., Any]: ...

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.installed = set()
        with _REGISTERING:  # no op registered by another thread half-way through
            Backend.registered.append(cls)
            for op in OPS.values():
                cls.install(op)

    @classmethod
    def kernel(cls, op: Op) -> Callable[..., Any] | None:
        """This backend's version of ``op``'s elementary function (None: it has none)."""
        return None

    @classmethod
    def install(cls, op: Op) -> None:
        """Make ``m.<op name>`` available on this backend, unless the class defines it."""
        if op.name in cls.__dict__ and op.name not in cls.installed:
            return
        fn = cls.kernel(op)
        if fn is not None:
            setattr(cls, op.name, staticmethod(fn))
            cls.installed.add(op.name)

    @classmethod
    def uninstall(cls, name: str) -> None:
        if name in cls.installed:
            delattr(cls, name)
            cls.installed.discard(name)


def _sigmoid(x: float) -> float:
    """σ(x) = 1/(1+e⁻ˣ), evaluated so that no intermediate overflows for any finite x."""
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _softplus(x: float) -> float:
    """log(1 + eˣ) = max(x, 0) + log(1 + e^(−|x|)): the exponent is never positive."""
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def _step(x: float) -> float:
    """1.0 where x > 0 else 0.0: relu's slope (0 at the kink, as in PyTorch)."""
    return 1.0 if x > 0 else 0.0


def _step_array(x: Any) -> Any:
    """1.0 where x > 0 else 0.0, element by element (nan: 0.0, as the float rule)."""
    return np.greater(x, 0.0).astype(np.float64)


def _chosen(a: float, c: float) -> float:
    """c, whatever a is: np.clip's bound, chosen over the Value a (the ``clip`` row)."""
    return float(c)


def _chosen_array(a: Any, c: Any) -> Any:
    """c in the shape of a and c broadcast together, a's numbers unread (a nan or
    infinite a gives c, as the float kernel)."""
    return np.zeros_like(a, dtype=np.float64) + c


def _sign(x: float) -> float:
    """-1.0, 0.0 or 1.0: abs's slope (0 at the kink; nan: 0.0)."""
    return 1.0 if x > 0 else (-1.0 if x < 0 else 0.0)


def _sign_array(x: Any) -> Any:
    """-1.0, 0.0 or 1.0 element by element, in x's dtype (nan: 0.0, as the float rule,
    where ``np.sign`` gives nan)."""
    return np.sign(np.where(np.isnan(x), 0.0, x))


def _pow(a: float, b: float) -> float:
    """aᵇ as IEEE arithmetic gives it: ±inf at the pole 0^(negative) and on overflow,
    where Python's ``**`` raises. (Forward passes refuse those inputs beforehand; a
    local derivative may be infinite, and is stored so.)"""
    try:
        return float(a**b)
    except (ZeroDivisionError, OverflowError):
        odd = float(b).is_integer() and float(b) % 2.0 == 1.0
        return math.copysign(math.inf, a) if odd else math.inf


def _pow_log(a: float, b: float) -> float:
    """aᵇ·ln a for a > 0: pow's ∂y/∂b as a node of its own (see the ``pow_log`` row)."""
    return float(a**b) * math.log(a)


def _pow_log_array(a: Any, b: Any) -> Any:
    return np.multiply(np.power(a, b), np.log(a))


def _pow_exponent_slope(a: float, b: float, y: float) -> float:
    """y·ln a (``b`` is not needed: y = aᵇ holds it)."""
    if a < 0.0:  # no real ln: pow's ∂/∂b does not exist, even where aᵇ underflows to 0
        return math.nan
    if y == 0.0:
        return 0.0
    if a > 0.0:
        return y * math.log(a)
    if a == 0.0:  # y·(−∞)
        return -math.copysign(math.inf, y)
    return math.nan  # a is nan


def flips_sign(a: Any, b: Any) -> Any:
    """Where aᵇ⁻¹ computed as ``a ** (b - 1.0)`` has the wrong sign: a < 0 and b − 1.0
    rounded (only for a whole b > 2⁵³ or b ≤ −2⁵³, an even number: b − 1 is odd and beyond
    2⁵³ in size, where every float is even, so the rounded b − 1 is even too, the true one
    odd; 2⁵³ − 1 is a float, so b = 2⁵³ is exact). b − (b − 1.0) is 1 exactly when nothing rounded.
    Without the fix, d/dx x^(2⁵³ + 2) at x = −1 came out +9.0e15, not −9.0e15."""
    return (a < 0.0) & (b - (b - 1.0) != 1.0)


def slope_overflows_only_inside(a: Any, b: Any) -> Any:
    """Where b·aᵇ⁻¹ may be a float though aᵇ⁻¹ is not: a > 0 tiny, |b| < 1 (at a = 1e-300,
    b = −0.03, aᵇ⁻¹ ≈ 1e309 and the slope −3.2e307). There pow's ∂/∂a is (b·h)·h with
    h = a^((b − 1)/2), each factor a float; wherever |b| ≥ 1, an infinite aᵇ⁻¹ means an
    infinite slope."""
    return (a > 0.0) & (b > -1.0) & (b < 1.0)


#: The smallest normal float: below it a quotient or product loses digits.
_NORMAL = 2.2250738585072014e-308


def exponent_rounds(b: Any) -> Any:
    """Where b − 1.0 is not b − 1 exactly (b = 1/3; below 0.5 in general): its rounding
    error, by Knuth's two-sum, is not 0. (For b from 0.5 to 2⁵³ it is exact.)"""
    s = b - 1.0
    bb = s - b
    return (b - (s - bb)) + (-1.0 - bb) != 0.0


def _pow_slope(a: float, b: float, y: float | None = None) -> float:
    if b == 0.0:
        return 0.0
    # b·y/a from the stored y = aᵇ where b − 1.0 below is rounded (b = 1/3): its error
    # is multiplied by |ln a| (≈ 300 ulps at a = 1e-300); y/a is within an ulp or two
    # (where b − 1.0 is exact, a^(b − 1.0) is closer: x⁴'s 4·x³)
    normal = y is not None and _NORMAL <= abs(y) < math.inf and abs(a) >= _NORMAL
    if normal and exponent_rounds(b):
        slope = b * (cast(float, y) / a)
        if slope - slope == 0.0 and slope != 0.0:
            return slope
    slope = b * _pow(a, b - 1.0)
    if slope - slope and slope_overflows_only_inside(a, b):  # inf: see that function
        h = _pow(a, (b - 1.0) / 2.0)
        return (b * h) * h
    return -slope if flips_sign(a, b) else slope


def _pow_log_slope(m: Backend, a: Any, b: Any) -> Any:
    """pow_log's ∂/∂a = aᵇ⁻¹·(1 + b·ln a) as (h·(1 + b·ln a))·h, h = a^((b − 1)/2): a
    float wherever the product is, aᵇ⁻¹ beyond the largest float included (a = 1e-300,
    b = −0.03), on every backend with one graph."""
    h = m.pow(a, (b - 1.0) / 2.0)
    return (h * (1.0 + b * m.log(a))) * h


def _sigmoid_slope(x: float) -> float:
    """σ′(x) = σ(x)σ(−x) = 1/(2 + 2 cosh x): nothing that cancels (σ(x)(1 − σ(x)) is 0.0
    once σ rounds to 1, x > 37), and never above ¼, as cosh x ≥ 1 (e/(1 + e)² with
    e = e^−|x| gave 0.25000000000000006 at x = 1e-12). Where cosh overflows, σ′ is
    e^−|x| to the last bit."""
    if -709.0 < x < 709.0:
        return 0.5 / (1.0 + math.cosh(x))
    return math.exp(-abs(x))


def _sigmoid_gap(a: float, b: float) -> float:
    """σ(a − b); a − b may be ±inf (a float overflows quietly), where σ is 1 or 0."""
    return _sigmoid(a - b)


def _sigmoid_slope_scaled(k: float, a: float) -> float:
    """σ′(k·a); k·a may be ±inf, where σ′ is 0. :func:`_sigmoid_slope`'s body, not a
    call of it: every eager tanh node evaluates it."""
    x = k * a
    if -709.0 < x < 709.0:
        return 0.5 / (1.0 + math.cosh(x))
    return math.exp(-abs(x))


def _relu(x: float) -> float:
    return x if x > 0 else 0.0


def _logaddexp(a: float, b: float) -> float:
    """log(eᵃ + eᵇ) = max(a, b) + log(1 + e^(−|a − b|)): no exponent is positive, and the
    log's argument is between 1 and 2."""
    return max(a, b) + math.log1p(math.exp(-abs(a - b)))


def _leaky_relu(x: float, s: float) -> float:
    return x if x > 0 else s * x


def _leaky_slope(x: float, s: float) -> float:
    """leaky_relu's ∂y/∂a: 1.0 where x > 0, else s — exactly (step·(1 − s) + s rounded
    1 − s: 0.9999999999999999 for a quarter of negative slopes, 0 for s ≥ 2⁵³)."""
    return 1.0 if x > 0 else s


def _min_zero(x: float) -> float:
    """min(x, 0), leaky_relu's ∂y/∂s (nan stays nan, −0.0 stays −0.0, as x − relu(x))."""
    return 0.0 if x > 0 else x


# The same functions on numpy arrays, element by element, with the float versions'
# conventions at the kinks (relu(0) = 0.0) and the overflow-free sigmoid.


def _sigmoid_quiet(x: Any) -> Any:
    """σ(x) = 1/(1+e⁻ˣ), the textbook's four array operations (the float rule's two
    branches would take seven). Where e⁻ˣ overflows (x < −709.8) the result is 0.0:
    σ(x) < 5.6e-309 there, below the smallest normal float. The overflow warning is the
    caller's to silence (:func:`_sigmoid_array` does)."""
    return 1.0 / (1.0 + np.exp(-x))


def _sigmoid_array(x: Any) -> Any:
    """:func:`_sigmoid_quiet` with no warning where e⁻ˣ overflows."""
    with np.errstate(over="ignore"):
        return _sigmoid_quiet(x)


def _sigmoid_slope_quiet(x: Any) -> Any:
    """σ′(x) = σ(x)σ(−x) = 1/(2 + 2 cosh x), the float kernel's formula: three array
    operations (e/(1 + e)² with e = e^−|x| takes six). Where cosh overflows (|x| > 710.4)
    the result is 0.0: σ′(x) < 2.8e-309 there, below the smallest normal float. The
    overflow warning is the caller's to silence (:func:`_sigmoid_slope_array` does)."""
    return 0.5 / (1.0 + np.cosh(x))


def _sigmoid_slope_array(x: Any) -> Any:
    """:func:`_sigmoid_slope_quiet` with no warning where cosh overflows."""
    with np.errstate(over="ignore"):
        return _sigmoid_slope_quiet(x)


def _softplus_array(x: Any) -> Any:
    """log(1 + eˣ) as logaddexp(0, x): no overflow for large x, no log(0) for small."""
    return np.logaddexp(0.0, x)


def _relu_array(x: Any) -> Any:
    """max(x, 0), with 0.0 (not −0.0 or x) wherever x ≤ 0, as the float rule gives."""
    return np.where(np.greater(x, 0.0), x, 0.0)


def _leaky_relu_array(x: Any, s: Any) -> Any:
    """x where x > 0 else s·x."""
    return np.where(np.greater(x, 0.0), x, np.multiply(s, x))


def _leaky_slope_array(x: Any, s: Any) -> Any:
    """1.0 where x > 0 else s, element by element."""
    return np.where(np.greater(x, 0.0), 1.0, s)


def _min_zero_array(x: Any) -> Any:
    """min(x, 0) with the float kernel's conventions (nan stays nan)."""
    return np.where(np.greater(x, 0.0), 0.0, x)


class FloatBackend(Backend):
    """Python floats: the eager engine's numbers."""

    pow_exponent_slope = staticmethod(_pow_exponent_slope)
    pow_slope = staticmethod(_pow_slope)
    sigmoid_gap = staticmethod(_sigmoid_gap)
    sigmoid_slope_scaled = staticmethod(_sigmoid_slope_scaled)

    @classmethod
    def kernel(cls, op: Op) -> Callable[..., Any] | None:
        return None if op.kernels is None else op.kernels.float


@dataclass(frozen=True)
class Op:
    """One row of the table.

    ``forward(m, *inputs)`` computes the output; ``derivs[i](m, *inputs, y)`` is
    ∂y/∂inputᵢ. For the n-ary ops ``forward(m, parents, arg)`` and
    ``nary_derivs(m, parents, y, arg)`` work on whole parent lists instead.
    ``check(*inputs)`` returns the error (not raised) when the inputs are outside the
    domain: its class is chosen there, where the reason is known.

    ``kernels`` is the op's elementary function on floats and on arrays, when the
    forward rule calls one (``m.sin(a)``): every backend gets ``m.<name>`` from it.
    ``named`` ops can be called by name in an expression (``sin(x)``); a two-input named
    op may leave out its second input, which is then ``default`` (leaky_relu's slope).
    ``arg_shape`` is the type of the op's recorded ``arg``: :class:`Constant` for every
    two-input op (when one input is a plain number), given for an n-ary op.
    ``absorbs``: a nan or infinite input can give a finite output (σ(∞) = 1, e^−∞ = 0,
    x/∞ = 0, relu(−∞) = 0). The eager engine refuses such an input where it arises; the
    trace replay, which checks only the outputs, checks the inputs of these ops too.
    ``called``: the op's name in a picture's language where it is not ``name`` — pairs
    (language, name), ``(("zh", "乘法"),)``: a folded expression's count list reads
    "1 个乘法" in Chinese, not "1 个 mul". A function's name (tanh, exp) is the same in
    both and is not listed.
    ``math_called``: ``math`` in a language where it has English words ("0 if b = 0"),
    pairs as ``called``'s (see :meth:`formula`).
    ``activation``: a function applied to a neuron's weighted sum — ``nn``'s layers take
    it by name (``activation="softplus"``), and a picture under ``collapse="neuron"``
    draws it inside the neuron's box. A one-input op, or a two-input one with a
    ``default`` second input (leaky_relu's slope).
    """

    name: str
    symbol: str
    arity: int  # 1, 2, or 0 for n-ary
    forward: Callable[..., Any]
    derivs: tuple[Callable[..., Any], ...] = ()
    nary_derivs: Callable[..., Sequence[Any]] | None = None
    check: Callable[..., DomainError | None] | None = None
    math: str = ""
    kernels: Kernels | None = None
    named: bool = False
    default: float | None = None
    arg_shape: type[SumArg] | type[DotArg] | None = None
    absorbs: bool = False
    called: tuple[tuple[str, str], ...] = ()
    activation: bool = False
    math_called: tuple[tuple[str, str], ...] = ()

    @property
    def math_note(self) -> str:
        """`` (math)`` for an error message's sentence, or nothing for an op registered
        without ``math`` (its errors ended "has to flow through it ()")."""
        return f" ({self.math})" if self.math else ""

    def formula(self, language: str) -> str:
        """``math`` in ``language``: ``math_called``'s (pairs as ``called``'s) where it
        has words ("0 if b = 0"), else ``math`` itself (symbols only)."""
        return dict(self.math_called).get(language, self.math)

    def title(self, language: str) -> str:
        """The op's name in ``language`` (see ``called``), else ``name``."""
        return dict(self.called).get(language, self.name)

    def read_arg(self, fields: tuple[Any, ...] | None) -> Arg:
        """A node's stored ``arg`` fields in their named shape."""
        if fields is None:
            return None
        if self.arity == 2:
            return Constant._make(fields)
        if self.arg_shape is None:
            raise ValueError(f"op {self.name!r} records no arg, got {fields!r}")
        return self.arg_shape._make(fields)


# --------------------------------------------------------------------------- domain checks
# Each returns None when the inputs are fine, else the exception that says why (a
# DomainError, or the DivisionByZero / OpOverflow subclass); the engine adds which node
# it was and raises it.


def _check_log(a: float) -> DomainError | None:
    if a > 0:
        return None
    error = DomainError(f"log of {a!r}: log needs a positive argument")
    return because(error, "log_not_positive", "log", a)


def _check_sqrt(a: float) -> DomainError | None:
    # √0 = 0 is fine; its derivative 1/(2√x) is infinite there, which is an error only
    # if backward has to send a non-zero gradient through it
    if a >= 0:
        return None
    error = DomainError(f"sqrt of {a!r}: sqrt needs a non-negative argument")
    return because(error, "sqrt_negative", "sqrt", a)


def _check_exp(a: float) -> DomainError | None:
    if a <= EXP_LIMIT:
        return None
    overflow = OpOverflow(f"exp of {a!r} overflows (largest finite: {EXP_LIMIT:.4f})", "exp")
    return because(overflow, "exp_overflows", "exp", a, EXP_LIMIT)


def _check_div(a: float, b: float) -> DomainError | None:
    if b != 0:
        return None
    error = DivisionByZero(f"division by zero: {a!r} / {b!r}")
    return because(error, "division_by_zero", "div", a, b)


def _check_pow_log(a: float, b: float) -> DomainError | None:
    if a - a != 0.0 or b - b != 0.0:
        error = DomainError(f"pow_log of {a!r} and {b!r}: an operand is nan or infinite")
        return because(error, "not_finite", "pow_log", a, b)
    if not a > 0.0:
        error = DomainError(f"pow_log of {a!r} and {b!r}: aᵇ·ln a needs a > 0")
        return because(error, "pow_log_not_positive", "pow_log", a, b)
    try:
        y = math.pow(a, b) * math.log(a)
    except OverflowError:
        y = math.inf
    if y - y != 0.0:
        overflow = OpOverflow(f"pow_log of {a!r} and {b!r} (aᵇ·ln a) overflows", "pow_log")
        return because(overflow, "overflows", "pow_log", a, b)
    return None


def _check_pow(a: float, b: float) -> DomainError | None:
    """aᵇ must be a finite real number; its derivatives may be infinite (0 ** 0.5), or not
    exist (∂/∂b at a < 0): they are an error only when a gradient has to flow through."""
    if a - a != 0.0 or b - b != 0.0:  # 1 ** nan, 1 ** inf, nan ** 0 are all 1.0 in Python
        error = DomainError(f"pow of {a!r} to the power {b!r}: an operand is nan or infinite")
        return because(error, "not_finite", "pow", a, b)
    if a == 0 and b < 0:
        error = DivisionByZero(f"pow of 0.0 to the power {b!r}: division by zero")
        return because(error, "pow_zero_negative", "pow", a, b)
    if a < 0 and not float(b).is_integer():
        error = DomainError(f"pow of {a!r} to the non-integer power {b!r} is not a real number")
        return because(error, "pow_not_real", "pow", a, b)
    try:
        math.pow(a, b)
    except OverflowError:
        overflow = OpOverflow(f"pow of {a!r} to the power {b!r} overflows", "pow")
        return because(overflow, "overflows", "pow", a, b)
    return None


# --------------------------------------------------------------------------- n-ary rules
# ``sum``:  y = Σ pᵢ + c                     arg = SumArg(c)
# ``dot``:  y = Σ_{i<k} pᵢ·p_{k+i} + Σ_j cⱼ·p_{2k+j} + c      arg = DotArg(k, (cⱼ...), c)
#           the first k parents are multiplied pairwise with the next k (w·a with both
#           Values); the rest are multiplied by constants cⱼ (w·x with x a plain number,
#           or a Value bias with cⱼ = 1).


def _sum_forward(m: Backend, p: Sequence[Any], arg: SumArg) -> Any:
    total = arg.offset
    for v in p:
        total = total + v
    return total


def _sum_derivs(m: Backend, p: Sequence[Any], y: Any, arg: SumArg) -> Sequence[Any]:
    return [1.0] * len(p)


def _dot_forward(m: Backend, p: Sequence[Any], arg: DotArg) -> Any:
    k = arg.pairs
    total = arg.offset
    for i in range(k):
        total = total + p[i] * p[k + i]
    for j, c in enumerate(arg.consts):
        total = total + c * p[2 * k + j]
    return total


def _dot_derivs(m: Backend, p: Sequence[Any], y: Any, arg: DotArg) -> Sequence[Any]:
    k = arg.pairs
    return [*p[k : 2 * k], *p[:k], *arg.consts]


# --------------------------------------------------------------------------- the table


def register(op: Op) -> Op:
    """Add ``op`` to the table: from then on the engine (:func:`~autograd_mini.apply`),
    the backward and create-graph passes, every backend (``m.<name>`` from its kernels),
    the expression parser (if ``named``) and the pictures (its ``symbol``) know it."""
    if not isinstance(op, Op):
        raise TypeError(
            f"register: expected an Op — Op(name, symbol, arity, forward, derivs, ...) from "
            f"autograd_mini.ops —, got {type(op).__name__} ({op!r:.40})"
        )
    if not isinstance(op.name, str):
        raise TypeError(f"register: an op's name is a str, got {type(op.name).__name__}")
    if op.name in OPS:
        raise ValueError(f"register: there is already an op named {op.name!r}")
    # the name becomes ``m.<name>`` on every backend (and a word of the expression
    # language): a backend's own attribute of that name (``step``, ``install``) would
    # shadow the op's function, or be replaced by it and break every backend after
    if not op.name.isidentifier() or op.name.startswith("_") or keyword.iskeyword(op.name):
        raise ValueError(
            f"register: an op's name must be a Python identifier not starting with '_', "
            f"got {op.name!r}"
        )
    # the helpers every backend writes (step, sign, pow_slope …) and the class's machinery
    # (install, registered …); a backend's own version of an op's function (the Value
    # backend's leaky_relu) is what install keeps, so that name stays free
    if hasattr(Backend, op.name) or op.name in Backend.__annotations__:
        raise ValueError(
            f"register: {op.name!r} is already the name of Backend.{op.name}, the "
            f"backends' own; choose another name for the op"
        )
    if op.arity not in (0, 1, 2):
        raise ValueError(f"register: arity must be 0 (n-ary), 1 or 2, got {op.arity!r}")
    if op.arity and len(op.derivs) != op.arity:
        raise ValueError(f"register: {op.name} needs one derivative per input ({op.arity})")
    # checked here, once: a rule that is no function failed at the op's first use, as
    # Python's "'float' object is not callable" naming no op
    rules = [("forward", op.forward), *((f"derivs[{i}]", d) for i, d in enumerate(op.derivs))]
    rules += [(k, r) for k, r in (("check", op.check), ("nary_derivs", op.nary_derivs)) if r]
    for what, rule in rules:
        if not callable(rule):
            raise TypeError(
                f"register: {op.name}'s {what} must be a function (m, *inputs"
                f"{', y' if what.startswith('derivs') else ''}) -> number, got "
                f"{type(rule).__name__} ({rule!r:.40})"
            )
    if not isinstance(op.math, str):
        raise TypeError(f"register: {op.name}'s math must be a str, got {type(op.math).__name__}")
    if op.activation and not (op.arity == 1 or (op.arity == 2 and op.default is not None)):
        raise ValueError(f"register: activation {op.name} must take one input (or a default)")
    with _REGISTERING:  # two threads registering one name: the second is refused
        if op.name in OPS:
            raise ValueError(f"register: there is already an op named {op.name!r}")
        OPS[op.name] = op
        for backend in Backend.registered:
            backend.install(op)
    return op


def unregister(name: str) -> None:
    """Remove an op added with :func:`register` (tests register made-up ops)."""
    with _REGISTERING:
        del OPS[name]
        for backend in Backend.registered:
            backend.uninstall(name)


def _ops(*ops: Op) -> None:
    for op in ops:
        register(op)


# fmt: off
_ops(
    # ---- two inputs: forward(m, a, b); one derivative per input, (m, a, b, y) -> ∂y/∂input
    Op("add", "+", 2,
       lambda m, a, b: a + b,
       (lambda m, a, b, y: 1.0,                    # ∂y/∂a
        lambda m, a, b, y: 1.0),                   # ∂y/∂b
       math="y = a + b;  ∂y/∂a = 1,  ∂y/∂b = 1", called=(("zh", "加法"),)),
    Op("sub", "−", 2,
       lambda m, a, b: a - b,
       (lambda m, a, b, y: 1.0,
        lambda m, a, b, y: -1.0),
       math="y = a − b;  ∂y/∂a = 1,  ∂y/∂b = −1", called=(("zh", "减法"),)),
    Op("mul", "×", 2,
       lambda m, a, b: a * b,
       (lambda m, a, b, y: b,
        lambda m, a, b, y: a),
       math="y = a·b;  ∂y/∂a = b,  ∂y/∂b = a", called=(("zh", "乘法"),)),
    Op("div", "÷", 2,
       lambda m, a, b: a / b,
       (lambda m, a, b, y: 1.0 / b,
        lambda m, a, b, y: -y / b),
       check=_check_div, math="y = a/b;  ∂y/∂a = 1/b,  ∂y/∂b = −a/b² = −y/b",
       absorbs=True, called=(("zh", "除法"),)),
    Op("pow", "^", 2,
       lambda m, a, b: m.pow(a, b),
       # b = 0: y ≡ 1, so 0, even at a = 0 where aᵇ⁻¹ is 1/0. a = 0 < b: y ≡ 0 for every
       # such b, so ∂y/∂b = 0, the limit of aᵇ·ln a (as PyTorch and HIPS autograd give).
       # At a = 0, 0 < b < 1 the first is +inf; at a = b = 0 the second is −inf; for a < 0
       # the second does not exist (nan): kept, an error only if a gradient needs them.
       (lambda m, a, b, y: m.pow_slope(a, b, y),
        lambda m, a, b, y: m.pow_exponent_slope(a, b, y)),
       check=_check_pow, kernels=Kernels(_pow, np.power),
       math="y = aᵇ;  ∂y/∂a = b·aᵇ⁻¹ (0 if b = 0),  ∂y/∂b = aᵇ·ln a (0 if aᵇ = 0 ≤ a)",
       math_called=(
           ("zh", "y = aᵇ;  ∂y/∂a = b·aᵇ⁻¹ (b = 0 时为 0),  ∂y/∂b = aᵇ·ln a (aᵇ = 0 ≤ a 时为 0)"),
       ),
       absorbs=True, called=(("zh", "幂运算"),)),
    # pow's ∂y/∂b = aᵇ·ln a on Values (a > 0, both inputs Values), as one node: written
    # y·ln a, its slope in a, y′·ln a + y·(1/a), lost y/a = aᵇ⁻¹ wherever y underflows
    # to 0 though aᵇ⁻¹ is a float (at a = 1e-200, b = 2 ∂²/∂a∂b was −9.2103e-198, not
    # −9.2003e-198, unlike ∂²/∂b∂a) — in any graph, since the gradient reaching ln a is
    # y itself. Its own ∂/∂a is (h·(1 + b·ln a))·h, h = a^((b − 1)/2), as pow's slope.
    Op("pow_log", "aᵇ·ln a", 2,
       lambda m, a, b: m.pow_log(a, b),
       (lambda m, a, b, y: _pow_log_slope(m, a, b),
        lambda m, a, b, y: y * m.log(a)),
       check=_check_pow_log, kernels=Kernels(_pow_log, _pow_log_array),
       math="y = aᵇ·ln a (pow's ∂/∂b);  ∂y/∂a = aᵇ⁻¹·(1 + b·ln a),  ∂y/∂b = y·ln a",
       math_called=(
           ("zh", "y = aᵇ·ln a (幂运算的 ∂/∂b);  ∂y/∂a = aᵇ⁻¹·(1 + b·ln a),  ∂y/∂b = y·ln a"),
       ),
       absorbs=True, called=(("zh", "幂乘对数"),)),  # (1e300)^(−inf)·ln 1e300 = 0
    # Its two slopes are ops of their own, whose derivatives are exactly 0 or 1: written
    # step + (1 − step)·s and a − relu(a), a gradient graph sent +g and −g into a along
    # two edges (and g·s into the dead step branch). Where a's gradient had other terms,
    # 1 + g − g was 0 once g > 2⁵³ (grad(grad(f))(37.0) of leaky_relu(eᵛ, eᵛ) = eᵛ was 0.0,
    # not e³⁷) and g·s overflowed beyond 1.3e154 (a NonFiniteGradient for a finite f″).
    Op("leaky_relu", "leaky ReLU", 2,
       lambda m, a, s: m.leaky_relu(a, s),
       (lambda m, a, s, y: m.leaky_slope(a, s),
        lambda m, a, s, y: m.min_zero(a)),
       kernels=Kernels(_leaky_relu, _leaky_relu_array), named=True, default=0.01,
       math="y = a if a > 0 else s·a;  ∂y/∂a = 1 or s,  ∂y/∂s = 0 or a",
       math_called=(("zh", "a > 0 时 y = a, 否则 y = s·a;  ∂y/∂a = 1 或 s,  ∂y/∂s = 0 或 a"),),
       # a > 0 gives a whatever s is: a nan slope would not reach y
       absorbs=True, activation=True),
    Op("leaky_slope", "leaky′", 2,
       lambda m, a, s: m.leaky_slope(a, s),
       (lambda m, a, s, y: 0.0,
        lambda m, a, s, y: 1.0 - m.step(a)),  # 0 or 1 exactly (1 at the kink a = 0)
       kernels=Kernels(_leaky_slope, _leaky_slope_array),
       math="y = 1 if a > 0 else s (leaky ReLU's ∂/∂a);  ∂y/∂a = 0,  ∂y/∂s = 0 or 1",
       math_called=(
           ("zh", "a > 0 时 y = 1, 否则 y = s (leaky_relu 的 ∂/∂a);  ∂y/∂a = 0,  ∂y/∂s = 0 或 1"),
       ),
       # a = ±inf gives 1 or s; a > 0 gives 1 whatever s is, a nan s included
       absorbs=True, called=(("zh", "泄漏线性整流的导数"),)),
    Op("min_zero", "min(a, 0)", 1,
       lambda m, a: m.min_zero(a),
       (lambda m, a, y: 1.0 - m.step(a),),  # 1 at a = 0, as ∂/∂s of leaky′ is there
       kernels=Kernels(_min_zero, _min_zero_array),
       math="y = min(a, 0) (leaky ReLU's ∂/∂s);  dy/da = 1 if a ≤ 0 else 0",
       math_called=(("zh", "y = min(a, 0) (leaky_relu 的 ∂/∂s);  a ≤ 0 时 dy/da = 1, 否则为 0"),),
       absorbs=True, called=(("zh", "与零取小"),)),  # min(+inf, 0) = 0
    Op("logaddexp", "log(eᵃ+eᵇ)", 2,
       lambda m, a, b: m.logaddexp(a, b),
       # softmax's two weights, eᵃ⁻ʸ = σ(a − b) and eᵇ⁻ʸ = σ(b − a): as σ they never
       # overflow, and their own derivative σ(a − b)σ(b − a) keeps its tail (differentiating
       # eᵃ⁻ʸ gives eᵃ⁻ʸ(1 − eᵃ⁻ʸ), which cancels to 0 once eᵃ⁻ʸ rounds to 1, a − b > 37)
       (lambda m, a, b, y: m.sigmoid_gap(a, b),
        lambda m, a, b, y: m.sigmoid_gap(b, a)),
       kernels=Kernels(_logaddexp, np.logaddexp), named=True,
       math="y = log(eᵃ + eᵇ);  ∂y/∂a = eᵃ⁻ʸ = σ(a − b),  ∂y/∂b = eᵇ⁻ʸ = σ(b − a)",
       absorbs=True),
    # np.clip(v, lo, hi) where numpy chose a plain-number bound c over the Value v, and
    # np.maximum(v, c) (np.minimum, np.fmax, np.fmin) where it picked c (ufuncs.py): a
    # Value, c, joined to v by an edge of derivative 0 (PyTorch clamp's outside the
    # bounds). Built as step(v)·0 + c, its pictures showed a step, a × 0 and
    # a + that np.clip never wrote; one op of its own, they show "clip → c".
    Op("clip", "clip →", 2,
       lambda m, a, c: m.clip(a, c),
       (lambda m, a, c, y: 0.0,
        lambda m, a, c, y: 1.0),
       kernels=Kernels(_chosen, _chosen_array),
       math="y = c (np.clip or np.maximum chose the number c over a);  ∂y/∂a = 0,  ∂y/∂c = 1",
       math_called=(("zh", "y = c (选中了数 c, 不取 a);  ∂y/∂a = 0,  ∂y/∂c = 1"),),
       absorbs=True, called=(("zh", "裁剪"),)),  # a = ±inf or nan gives c
    # ---- one input: forward(m, a); derivative (m, a, y) -> dy/da
    Op("neg", "−", 1,
       lambda m, a: -a,
       (lambda m, a, y: -1.0,),
       math="y = −a;  dy/da = −1", called=(("zh", "取负"),)),
    Op("exp", "exp", 1,
       lambda m, a: m.exp(a),
       (lambda m, a, y: y,),
       check=_check_exp, kernels=Kernels(math.exp, np.exp), named=True,
       math="y = eᵃ;  dy/da = eᵃ = y",
       absorbs=True),
    Op("log", "log", 1,
       lambda m, a: m.log(a),
       (lambda m, a, y: 1.0 / a,),
       check=_check_log, kernels=Kernels(math.log, np.log), named=True,
       math="y = ln a;  dy/da = 1/a"),
    Op("sqrt", "√", 1,
       lambda m, a: m.sqrt(a),
       (lambda m, a, y: 0.5 / y,),  # +inf at a = 0 (the engine turns 0.5/0.0 into inf)
       check=_check_sqrt, kernels=Kernels(math.sqrt, np.sqrt), named=True,
       math="y = √a;  dy/da = 1/(2√a) = 1/(2y)", called=(("zh", "平方根"),)),
    Op("tanh", "tanh", 1,
       lambda m, a: m.tanh(a),
       # 1 − y² is 0.0 once tanh rounds to ±1 (|a| > 19); 4σ′(2a) (tanh a = 2σ(2a) − 1)
       # is the same number, and keeps its ~4e^(−2|a|) size in the tails (σ′ of a scaled
       # a: at a = 1e308, 2a is beyond the largest float and σ′ is 0)
       (lambda m, a, y: 4.0 * m.sigmoid_slope_scaled(2.0, a),),
       kernels=Kernels(math.tanh, np.tanh), named=True,
       math="y = tanh a;  dy/da = 1 − y² = 4σ′(2a)",
       absorbs=True, activation=True),
    Op("sigmoid", "σ", 1,
       lambda m, a: m.sigmoid(a),
       # y(1 − y) is 0.0 once σ rounds to 1 (a > 37); σ′(a) = σ(a)σ(−a), the op below,
       # is the same number and stays ≈ e⁻ᵃ, which an optimizer or a gradient check can
       # still see. An op of its own, so that its derivative has a rule of its own too.
       (lambda m, a, y: m.sigmoid_slope(a),),
       kernels=Kernels(_sigmoid, _sigmoid_array, _sigmoid_quiet), named=True,
       math="y = σ(a) = 1/(1+e⁻ᵃ);  dy/da = σ(a)(1 − σ(a)) = σ′(a)",
       absorbs=True, activation=True),
    Op("sigmoid_slope", "σ′", 1,
       lambda m, a: m.sigmoid_slope(a),
       # σ″ = σ′(1 − 2σ) = σ′(σ(−a) − σ(a)) loses every digit near a = 0, where both σ
       # are ½ (at a = 1e-17 it was 0.0); −σ′·tanh(a/2) is the same number with nothing
       # to cancel, and in the tails, where tanh(a/2) is ±1, y carries the size
       (lambda m, a, y: -y * m.tanh(0.5 * a),),
       kernels=Kernels(_sigmoid_slope, _sigmoid_slope_array, _sigmoid_slope_quiet), named=True,
       math="y = σ′(a) = σ(a)σ(−a);  dy/da = σ′(a)(1 − 2σ(a)) = −y·tanh(a/2)",
       absorbs=True, called=(("zh", "σ 的导数"),)),  # σ′(±∞) = 0
    Op("softplus", "softplus", 1,
       lambda m, a: m.softplus(a),
       (lambda m, a, y: m.sigmoid(a),),
       kernels=Kernels(_softplus, _softplus_array), named=True,
       math="y = ln(1 + eᵃ);  dy/da = eᵃ/(1 + eᵃ) = σ(a)",
       absorbs=True, activation=True),
    Op("relu", "ReLU", 1,
       lambda m, a: m.relu(a),
       (lambda m, a, y: m.step(a),),
       kernels=Kernels(_relu, _relu_array), named=True,
       math="y = max(a, 0);  dy/da = 1 if a > 0 else 0",
       math_called=(("zh", "y = max(a, 0);  a > 0 时 dy/da = 1, 否则为 0"),),
       absorbs=True, activation=True),
    Op("abs", "|·|", 1,
       lambda m, a: m.abs(a),
       (lambda m, a, y: m.sign(a),),
       kernels=Kernels(abs, np.abs), named=True,
       math="y = |a|;  dy/da = sign(a)  (0 at a = 0)",
       math_called=(("zh", "y = |a|;  dy/da = sign(a) (a = 0 处为 0)"),),
       called=(("zh", "绝对值"),)),
    # relu's and abs's slopes, as ops: piecewise constant (dy/da = 0), yet nodes, so that
    # a derivative graph (grad with create_graph=True) keeps the comparison with 0 and a
    # trace of it replays that comparison per sample, not the example's 0 or 1
    Op("step", "step", 1,
       lambda m, a: m.step(a),
       (lambda m, a, y: 0.0,),
       kernels=Kernels(_step, _step_array),
       math="y = 1 if a > 0 else 0 (ReLU's slope);  dy/da = 0",
       math_called=(("zh", "a > 0 时 y = 1, 否则 y = 0 (relu 的斜率);  dy/da = 0"),),
       absorbs=True, called=(("zh", "阶跃函数"),)),  # step(±∞) = 1 or 0
    Op("sign", "sign", 1,
       lambda m, a: m.sign(a),
       (lambda m, a, y: 0.0,),
       kernels=Kernels(_sign, _sign_array),
       math="y = sign a = −1, 0 or 1 (|a|'s slope);  dy/da = 0",
       math_called=(("zh", "y = sign a = −1, 0 或 1 (|a| 的斜率);  dy/da = 0"),),
       absorbs=True, called=(("zh", "符号函数"),)),  # sign(±∞) = ±1
    Op("sin", "sin", 1,
       lambda m, a: m.sin(a),
       (lambda m, a, y: m.cos(a),),
       kernels=Kernels(math.sin, np.sin), named=True,
       math="y = sin a;  dy/da = cos a"),
    Op("cos", "cos", 1,
       lambda m, a: m.cos(a),
       (lambda m, a, y: -m.sin(a),),
       kernels=Kernels(math.cos, np.cos), named=True,
       math="y = cos a;  dy/da = −sin a"),
    # ---- many inputs, fused into one node (see _sum_* and _dot_* above)
    Op("sum", "Σ", 0, _sum_forward, nary_derivs=_sum_derivs, arg_shape=SumArg,
       math="y = Σᵢ pᵢ + c;  ∂y/∂pᵢ = 1", called=(("zh", "求和"),)),
    Op("dot", "Σw·x", 0, _dot_forward, nary_derivs=_dot_derivs, arg_shape=DotArg,
       math="y = Σᵢ wᵢxᵢ + c;  ∂y/∂wᵢ = xᵢ,  ∂y/∂xᵢ = wᵢ", called=(("zh", "点积"),)),
)
# fmt: on

FLOAT = FloatBackend()


def partial_name(op: Op, position: int) -> str:
    """How an error names the derivative of ``op`` with respect to input ``position``,
    in the notation of the op's ``math`` line (y = aᵇ;  ∂y/∂a = …,  ∂y/∂b = …)."""
    if op.arity == 1:
        return "dy/da"
    if op.arity == 2:
        return "∂y/∂a" if position == 0 else "∂y/∂b"
    return f"∂y/∂(input {position})"


def domain_error(op: Op, *inputs: float) -> DomainError | None:
    """The error ``op`` means for these inputs (not raised), or None when they are in
    its domain."""
    return None if op.check is None else op.check(*inputs)


def failed_forward(op: Op, inputs: Sequence[float], cause: BaseException | None) -> DomainError:
    """The error for an op whose forward raised ``cause`` on finite inputs (a float
    kernel's own refusal: ``math.log1p(-2.0)``'s "math domain error"), or, with ``cause``
    None, gave nan there. It names the op and its inputs; the class follows the cause (a
    ZeroDivisionError a :class:`DivisionByZero`, an OverflowError an :class:`OpOverflow`),
    else a :class:`DomainError`. A nan may come of an input outside the domain or of a
    part of the formula overflowing (inf − inf, inf/inf: (eᵃ − e⁻ᵃ)/(eᵃ + e⁻ᵃ) at 710,
    whose value is 1), and the message says both; a row with a ``check=`` is not told
    it has none."""
    args = " and ".join(map(repr, inputs))
    which = (
        "its row has no check= to say why"
        if op.check is None
        else "its check= let these inputs through"
    )
    if cause is None:
        error = DomainError(
            f"{op.name} of {args} gives nan: an input outside the op's domain, or a part "
            f"of its formula overflowing (inf − inf, inf/inf) ({which})"
        )
        return because(error, "forward_nan", op.name, *inputs)
    said = f"its forward raised {type(cause).__name__}: {cause}"
    if isinstance(cause, ZeroDivisionError):
        error = DivisionByZero(f"{op.name} of {args}: {said}")
    elif isinstance(cause, OverflowError):  # said as an overflow, not as a domain's edge
        error = OpOverflow(f"{op.name} of {args}: {said} (the result overflows a float)", op.name)
        return because(error, "overflows", op.name, *inputs)
    else:
        error = DomainError(
            f"{op.name} of {args}: {said} — an input outside the op's domain ({which})"
        )
    return because(error, "forward_raised", op.name, *inputs)


def kernel_error(op: Op, inputs: Sequence[float]) -> DomainError | None:
    """What the eager engine raises for an op with no ``check=`` at these finite inputs,
    where a replay's array gave a non-finite number: the float forward's own refusal
    or its nan (:func:`failed_forward`), or None (an infinite value: an overflow)."""
    try:
        y = op.forward(FLOAT, *inputs)
    except (ValueError, ArithmeticError) as exc:
        return exc if isinstance(exc, DomainError) else failed_forward(op, inputs, exc)
    return failed_forward(op, inputs, None) if y != y else None


def domain_message(op: Op, *inputs: float) -> str | None:
    """The op's own complaint about these inputs, or None when they are in its domain."""
    error = domain_error(op, *inputs)
    return None if error is None else str(error)


def full_inputs(op: Op, parents: Sequence[Any], arg: Arg) -> list[Any]:
    """The op's full input list: the parents, with a recorded :class:`Constant` put back
    in its place."""
    inputs = list(parents)
    if isinstance(arg, Constant):
        inputs.insert(arg.position, arg.value)
    return inputs


def replay_forward(op: Op, m: Backend, parents: Sequence[Any], arg: Arg) -> Any:
    """Recompute an op's output from its parents' values on backend ``m``."""
    if op.arity == 0:
        return op.forward(m, parents, arg)
    return op.forward(m, *full_inputs(op, parents, arg))


def local_derivatives(
    op: Op, m: Backend, parents: Sequence[Any], y: Any, arg: Arg, zero: Sequence[int] = ()
) -> Sequence[Any]:
    """∂y/∂parent for each parent, evaluated on backend ``m`` (floats, Values or arrays);
    the parents listed in ``zero`` get 0.0 without their rule being evaluated (one whose
    derivative does not exist there: its rule might raise)."""
    if op.nary_derivs is not None:  # a sum's or dot's: constants and inputs, all finite
        return op.nary_derivs(m, parents, y, arg)
    inputs = full_inputs(op, parents, arg)
    skip = arg.position if isinstance(arg, Constant) else -1
    rules = [d for i, d in enumerate(op.derivs) if i != skip]
    return [0.0 if j in zero else d(m, *inputs, y) for j, d in enumerate(rules)]
