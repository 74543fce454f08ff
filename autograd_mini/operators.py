"""Python's arithmetic operators on a Value, each once: its symbol, numpy's ufunc of it
and the methods Python calls for it.

Two modules read the pairs, each its own way: the engine (``value.py``) goes from an
operator's symbol to numpy's ufunc (``v * np.array([1.0, 2.0])`` is
``np.multiply(v, array)``), and :mod:`autograd_mini.ufuncs` from numpy's ufunc to the
methods (``np.multiply(2.0, v)`` is ``v.__rmul__(2.0)``). ``ufuncs`` imports ``value``,
so the table is here, below both: stated in each, the pairs were written twice.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["ARITHMETIC", "Operator"]


class Operator(NamedTuple):
    """One of Python's arithmetic operators. ``ufunc``: numpy's name of it (not the op's:
    ``multiply``, ``mul``). ``methods``: what Python calls — for a binary operator the
    left operand's method, and the right one's when the left is no Value; for a unary one
    its one method. ``symbol``: how it is written between two operands, for a binary one
    ("*"), else empty."""

    ufunc: str
    methods: tuple[str, ...]
    symbol: str = ""


#: Each gives a Value with a derivative (``np.negative(v)`` is ``-v``; ``np.positive(v)``
#: is ``+v``, the Value itself, as ``+2.0`` is 2.0).
ARITHMETIC: tuple[Operator, ...] = (
    Operator("add", ("__add__", "__radd__"), "+"),
    Operator("subtract", ("__sub__", "__rsub__"), "-"),
    Operator("multiply", ("__mul__", "__rmul__"), "*"),
    Operator("divide", ("__truediv__", "__rtruediv__"), "/"),
    Operator("power", ("__pow__", "__rpow__"), "**"),
    Operator("negative", ("__neg__",)),
    Operator("positive", ("__pos__",)),
    Operator("absolute", ("__abs__",)),
)
