"""The engine's exception classes, each chosen where its error is known.

They live in a module of their own so that the op table's domain checks
(:mod:`autograd_mini.ops`) can return the exception they mean — a
:class:`DivisionByZero` for 1/0, an :class:`OpOverflow` for exp(1000) — and the engine
raises exactly that, adding only which node it was. Nothing reads a message's words to
pick a class. All are importable from :mod:`autograd_mini` too.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from autograd_mini.value import Value

__all__ = [
    "ClipRefused",
    "DivisionByZero",
    "DomainError",
    "InfiniteDerivative",
    "NoGraph",
    "NonFiniteGradient",
    "NumberRead",
    "OpOverflow",
    "StaleGraph",
    "because",
]


class DomainError(ValueError):
    """An op was given an input outside its domain (log of a negative, √ of −1, …).

    Which complaint it is, for a caller that says it in other words (the command line
    in Chinese), set where the error is known (:func:`because`), never read from the
    message: ``reason`` (a key: "log_not_positive", "division_by_zero", …; "" where no
    key was given), ``op`` (the op's name) and ``numbers`` (its inputs as the message
    gives them).
    """

    reason: str = ""
    op: str = ""
    numbers: tuple[float, ...] = ()


class ClipRefused(ValueError):
    """``np.clip`` of a Value refused an argument: a keyword of numpy's for arrays of
    numbers (``where=`` a mask, ``signature=``, ``out=`` of floats, ``dtype=float``) or a
    bound that is no number (``True``, ``'a'``) — and np.maximum's, np.minimum's, np.fmax's
    and np.fmin's keywords alike, in the same words (numpy hands ``np.clip(5.0, v, None)``
    on to np.maximum).

    Not a TypeError, though most of these are wrong types: numpy's ``np.clip`` calls
    ``Value.clip`` and catches a TypeError from it as "this object's clip has another
    signature", then clips ``np.asarray(v)`` in its own loop for objects — which gave
    ``np.clip(Value(2.0), 0, 1, where=True)`` the plain int 1 and ``where=False`` None,
    without a word, and blamed a boolean bound on a "comparison" the student never
    wrote. A ValueError reaches the caller as it was raised."""


class DivisionByZero(DomainError, ZeroDivisionError):
    """A division (or a negative power) by zero."""


class OpOverflow(DomainError, OverflowError):
    """An op's result is too large for a float.

    What the message says, as fields a caller can read:

    - ``op``: the op's name ("exp", "pow", "sum", "dot"); "" for a trace's constant
      beyond float32, which no op made.
    - ``inputs``: the nodes the eager engine names — the op's operands that are Values
      (for a ``dot``, the largest product's; for a ``vsum``, its largest term); empty
      when the plain numbers alone overflow, and in a trace's replay, which keeps no
      Values.
    - ``label``: in a replay, the label of the node whose result overflowed ("" if
      unlabelled, and in the eager engine, where that node was never made).
    - ``sample``: in a replay, the row of the batch that overflowed first; None in the
      eager engine, and where the node is one number for every sample (made of
      parameters and constants alone).
    """

    def __init__(
        self,
        message: str,
        op: str = "",
        inputs: tuple[Value, ...] = (),
        label: str = "",
        sample: int | None = None,
    ) -> None:
        super().__init__(message)
        self.op = op
        self.inputs = inputs
        self.label = label
        self.sample = sample


class InfiniteDerivative(DomainError):
    """A non-zero gradient has to flow through a local derivative that is infinite or
    does not exist (√x and x**0.5 at 0, 0**0 in its exponent, 1/x for a subnormal x).

    The value itself was fine, so the forward pass computed it; the error comes only
    when backward needs the derivative. ``node`` is the node whose derivative it is.
    What else the message says, as fields set where it is raised (for a caller that
    says it in other words): ``partial``, the derivative's name in the op table's
    formula ("dy/da", "∂y/∂b"; "" where not set), ``local``, its value (inf, or nan
    where it does not exist), ``gradient``, the number that has to flow through it, and
    ``input``, the parent it is the derivative with respect to.
    """

    partial: str = ""
    local: float = math.nan
    gradient: float = math.nan
    input: Value | None = None

    def __init__(self, message: str, node: Value | None = None) -> None:
        super().__init__(message)
        self.node = node


class NonFiniteGradient(ArithmeticError, ValueError):
    """An accumulated gradient overflowed to ±inf or became nan during backward.

    ``node`` is the node whose gradient first became non-finite: every node that uses
    it still had a finite gradient. ``reason``, ``op`` and ``numbers``: which complaint
    it is, as a :class:`DomainError`'s ("gradient_overflows", or
    "gradient_overflows_later" where the terms added after it did not bring it back:
    ``numbers`` are the gradient so far, the local derivative and the gradient it
    multiplies); ``source``, the node the term came from (None: the seed).
    """

    reason: str = ""
    op: str = ""
    numbers: tuple[float, ...] = ()
    source: Value | None = None

    def __init__(self, message: str, node: Value | None = None) -> None:
        super().__init__(message)
        self.node = node


_Error = TypeVar("_Error", DomainError, NonFiniteGradient)


def because(error: _Error, reason: str, op: str, *numbers: float) -> _Error:
    """``error`` with which complaint it is (see :class:`DomainError`; a
    :class:`NonFiniteGradient` has the same fields); its message and class are
    unchanged."""
    error.reason = reason
    error.op = op
    error.numbers = numbers
    return error


class StaleGraph(RuntimeError):
    """A pass was asked of a graph one of whose leaves has been given a new number since
    the root was computed: the local derivatives stored on the nodes belong to the old
    number, so the gradients would be those of a point that is no longer there (as
    PyTorch refuses a tensor changed in place after it was saved for backward).

    ``node`` is the leaf that was written.
    """

    def __init__(self, message: str, node: Value | None = None) -> None:
        super().__init__(message)
        self.node = node


#: Said by every NoGraph refusal: grad mode is a ``contextvars`` variable, so code with
#: no ``no_grad()`` of its own can still run without it, in a task or thread started
#: inside one (``asyncio.create_task`` copies the context when the task is made).
NO_GRAD_INHERITED = (
    "a thread or asyncio task started inside no_grad() runs without grad for its whole "
    "life, though its own code has no no_grad(): asyncio.create_task, asyncio.to_thread "
    "and contextvars.copy_context().run copy the caller's grad mode"
)


class NoGraph(RuntimeError):
    """A derivative was asked where no graph is recorded: a transform (``grad``,
    ``jacobian``, …) called inside ``no_grad()``, or a pass from a result computed there.
    Every derivative would be 0; the call is refused instead (as PyTorch refuses a tensor
    without ``grad_fn``). Its own class so that ``gradcheck``, which evaluates ``f``
    inside ``no_grad()`` to save time, can tell "f needs a graph" from f's own errors."""


class NumberRead(RuntimeError):
    """A function transform's ``f`` read a Value computed from the transform's input as
    a plain number (``float(v)``, as ``math.tanh(v)`` does; a ``.grad`` whose gradient
    graph depends on the input), or took its gradients as floats (``gradients()`` or
    ``backward()`` without ``create_graph``): the transform would take the number for a
    constant and every derivative through it would silently be 0 (see
    autograd_mini.transform_reads and ``backward.refuse_float_gradients``)."""
