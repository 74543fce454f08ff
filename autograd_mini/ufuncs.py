"""numpy's functions called on a Value (``np.exp(v)``, ``np.float64(2) * v``).

numpy asks a Value's ``__array_ufunc__`` first, and :func:`call_ufunc` answers:

* an arithmetic ufunc (``np.add``, ``np.multiply``, …: a Python operator) does what the
  operator does — ``np.float64(2) * v`` is ``v.__rmul__(2.0)``, as it was;
* a ufunc named as an op of the table (``np.exp``, ``np.sin``, ``np.logaddexp``, an op
  registered under a numpy function's name) applies that op;
* any other goes through numpy's own loop for Python objects, as before (``np.square``
  multiplies, ``np.maximum`` compares); where that loop looks for a method the Value
  has not (``np.log1p`` calls ``v.log1p()``), the call is refused naming the numpy
  functions a Value goes through and a rewrite with its ops — numpy said only "loop of
  ufunc does not support argument 0 of type Value which has no callable log1p method".

A Value is one number: an array of more than one is refused beside it on either side,
as ``v + np.array([1.0, 2.0])`` was (``np.array([1.0, 2.0]) + v`` gave an array of
Values).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd_mini.ops import OPS
from autograd_mini.value import Value, apply

__all__ = ["call_ufunc"]

#: numpy's names of Python's binary operators, and the methods Python calls for each:
#: the left operand's, and the right one's when the left is no Value (numpy's name is
#: not the op's: ``multiply``, ``mul``). Python's own answer, numpy's float64 turned
#: into a float first, as numpy's loop for objects did (``np.float64(2) < v`` is the
#: bool ``v > 2.0``).
_OPERATORS = {
    "add": ("__add__", "__radd__"),
    "subtract": ("__sub__", "__rsub__"),
    "multiply": ("__mul__", "__rmul__"),
    "divide": ("__truediv__", "__rtruediv__"),
    "power": ("__pow__", "__rpow__"),
    "less": ("__lt__", "__gt__"),
    "less_equal": ("__le__", "__ge__"),
    "greater": ("__gt__", "__lt__"),
    "greater_equal": ("__ge__", "__le__"),
    "equal": ("__eq__", "__eq__"),
    "not_equal": ("__ne__", "__ne__"),
}

#: How to write with Value ops the numpy functions most asked for that have no op.
_REWRITES = {
    "log1p": "(1 + x).log()",
    "expm1": "x.exp() - 1",
    "exp2": "2 ** x",
    "log2": "x.log() / math.log(2)",
    "log10": "x.log() / math.log(10)",
    "tan": "x.sin() / x.cos()",
    "sinh": "(x.exp() - (-x).exp()) / 2",
    "cosh": "(x.exp() + (-x).exp()) / 2",
    "reciprocal": "1 / x",
    "square": "x * x",
}


def call_ufunc(
    ufunc: np.ufunc, method: str, inputs: tuple[Any, ...], kwargs: dict[str, Any]
) -> Any:
    """What ``ufunc`` gives on ``inputs``, at least one of them a Value (see the module)."""
    name = ufunc.__name__
    if method == "__call__" and not kwargs:
        methods = _OPERATORS.get(name)
        if methods is not None:
            a, b = inputs
            if type(a) is Value:  # the operand numpy holds: a number, as its loop gave it
                return getattr(a, methods[0])(_one(b, name))
            return getattr(b, methods[1])(_one(a, name))
        row = OPS.get(name)
        if row is not None and row.arity == len(inputs):
            if len(inputs) == 1:  # np.exp(v): the Value itself
                return apply(row, inputs[0])
            return apply(row, *[x if isinstance(x, Value) else _one(x, name) for x in inputs])
    for x in inputs:
        if not isinstance(x, Value):
            _one(x, name)
    objects = [np.array(x, dtype=object) if isinstance(x, Value) else x for x in inputs]
    try:
        return getattr(ufunc, method)(*objects, **kwargs)
    except TypeError as error:
        # numpy's loop for objects calls the method of the ufunc's name (v.log1p()),
        # and said only that a Value has none
        if not isinstance(error.__cause__, AttributeError) or hasattr(Value, name):
            raise
        raise TypeError(_no_op(name)) from None


def _one(x: Any, name: str) -> Any:
    """An operand beside a Value as Python's number (numpy's float64 a float, a 0-d
    array its number: what numpy's loop for objects passed on); an array of numbers is
    refused — a Value is one number."""
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, Value) or type(x) is float or type(x) is int:
        return x
    if np.ndim(x) == 0:
        return x.item() if isinstance(x, np.ndarray) else x
    raise TypeError(
        f"np.{name}: a Value is one number, and it was given with {type(x).__name__} of "
        f"shape {np.shape(x)}: apply it number by number, [np.{name}(a, v) for a in ...] "
        f"(a Value with an array is refused either way round, as v + np.array([1.0, 2.0]) "
        f"is)"
    )


def _no_op(name: str) -> str:
    """The refusal of ``np.<name>`` on a Value: no op of that name."""
    ops = [n for n in OPS if isinstance(getattr(np, n, None), np.ufunc)]
    operators = [n for n in ("subtract", "multiply", "divide", "negative") if n not in ops]
    rewrite = _REWRITES.get(name)
    how = (
        f"write it with Value ops, np.{name}(x) = {rewrite}"
        if rewrite is not None
        else "write it with Value ops"
    )
    return (
        f"np.{name}: the engine has no op {name!r}, so no derivative for it: {how}, or "
        f"register an op named {name!r} (autograd_mini.ops.register; CONTRIBUTING.md, "
        f"'How to add an op'). numpy functions a Value goes through: "
        f"{', '.join(f'np.{n}' for n in sorted(ops + operators))}, and those numpy "
        f"computes with them (np.square, np.maximum, np.clip, np.sum, np.dot, …)"
    )
