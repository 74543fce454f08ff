"""The op table's rules evaluated on Values — used to differentiate a derivative.

When ``create_graph=True`` the local derivative of, say, ``sin`` must itself be a
node (``cos x``) so that a second backward pass can go through it. This backend gives
the table's rules Value versions of the elementary functions; a plain number stays a
plain number (it is a constant).
"""

from __future__ import annotations

from typing import Any

from autograd_mini.ops import FLOAT, Backend
from autograd_mini.value import Value

__all__ = ["VALUE", "ValueBackend"]


def _lift(name: str) -> Any:
    float_fn = getattr(FLOAT, name)

    def fn(x: Any) -> Any:
        return getattr(x, name)() if isinstance(x, Value) else float_fn(x)

    fn.__name__ = name
    return staticmethod(fn)


def _constant(name: str) -> Any:
    """Functions whose result is piecewise constant: their derivative is 0 wherever
    defined, so a float is all a second pass needs."""
    float_fn = getattr(FLOAT, name)

    def fn(x: Any) -> float:
        return float(float_fn(x.data if isinstance(x, Value) else x))

    fn.__name__ = name
    return staticmethod(fn)


class ValueBackend(Backend):
    """Elementary functions on Values (and on plain numbers, as constants)."""

    exp = _lift("exp")
    log = _lift("log")
    sqrt = _lift("sqrt")
    sin = _lift("sin")
    cos = _lift("cos")
    tanh = _lift("tanh")
    sigmoid = _lift("sigmoid")
    softplus = _lift("softplus")
    relu = _lift("relu")
    step = _constant("step")
    sign = _constant("sign")

    @staticmethod
    def abs(x: Any) -> Any:
        return abs(x)

    @staticmethod
    def pow(a: Any, b: Any) -> Any:
        if isinstance(a, Value) or isinstance(b, Value):
            return a**b
        return FLOAT.pow(a, b)

    @staticmethod
    def xlogy(x: Any, a: Any) -> Any:
        xd = x.data if isinstance(x, Value) else x
        ad = a.data if isinstance(a, Value) else a
        if xd == 0.0 and (ad == 0.0 or not isinstance(x, Value)):
            return 0.0  # 0ᵇ ≡ 0 for b > 0: a constant
        return x * (a.log() if isinstance(a, Value) else FLOAT.log(a))

    @staticmethod
    def xpowy(x: Any, a: Any, e: Any) -> Any:
        if not isinstance(x, Value) and x == 0.0:
            return 0.0  # a constant exponent 0: a⁰ ≡ 1
        if isinstance(a, Value) or isinstance(e, Value):
            return x * a**e
        return x * FLOAT.pow(a, e)

    @staticmethod
    def leaky_relu(a: Any, s: Any) -> Any:
        if isinstance(a, Value):
            return a.leaky_relu(s)
        if isinstance(s, Value):
            return s * a if a <= 0 else a
        return FLOAT.leaky_relu(a, s)


VALUE = ValueBackend()
