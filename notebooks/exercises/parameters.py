"""The parameters each exercise's function takes, and a student's function whose own differ.

A function written with other parameters than its stub's (``newton(f, x0)`` for the stub's
``newton(f, x0, steps)``) was told in Python's words, in English in both editions:
"TypeError: newton() takes 2 positional arguments but 3 were given". :func:`misfit` binds
the check's arguments to the parameters of the student's function's code before it is
called (``Signature.bind``; nothing of the student's runs for a function, a method or an
object with ``__call__``: see :func:`_signature`) and says, when they do not
fit, what the function takes and what the exercise's takes (:data:`STUBS`); the message is
made by :func:`exercises.fit`, in this copy's language.
"""

from __future__ import annotations

import functools
import inspect
import re
import reprlib
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["METHOD_STUBS", "STUBS", "Misfit", "method_misfit", "misfit"]

#: Each exercise's function, by name, and its parameters, as the notebooks' stubs write
#: them (tests/test_exercises_told_nb06_nb07.py reads them off both editions). Notebook
#: 00's are methods of the student's Value class (``exp``, ``__pow__``), called by the
#: check as ``x.exp()`` and ``x**3``, not passed to it: :data:`METHOD_STUBS`.
STUBS: dict[str, tuple[str, ...]] = {
    "central_difference": ("f", "x", "h"),
    "silu_local": ("a", "y"),
    "output_layer_gradients": ("w", "b", "a_prev", "y"),
    "chain_gradients": ("ws", "bs", "x", "y", "act", "act_prime"),
    "g_of": ("y_hat", "y"),
    "e_of": ("b_hidden", "W", "g"),
    "updates": ("x", "b_hidden", "g", "e", "eta"),
    "delta_step": ("W", "z", "delta_next"),
    "count_parameters": ("sizes",),
    "sgd_step": ("params", "lr"),
    "my_backward": ("root",),
    "reverse_neuron": ("z", "ws", "upstream"),
    "second_difference": ("f", "x", "h"),
    "softplus_derivative": ("x", "s"),
    "newton": ("f", "x0", "steps"),
    "neuron_tangent": ("w", "b", "x", "y", "w_dot", "b_dot"),
    "cheaper_mode": ("n_in", "n_out"),
    "newton_step": ("cost", "w"),
}
#: Notebook 00's methods of the student's Value class and their parameters, self first:
#: the check calls them through lambdas of its own (``x.exp()``, ``x**3``), so
#: :func:`method_misfit` reads them off the class.
METHOD_STUBS: dict[str, tuple[str, ...]] = {
    "exp": ("self",),
    "__pow__": ("self", "k"),
}


@dataclass(frozen=True)
class Misfit:
    """A function whose parameters do not take the check's arguments: how the student
    wrote it (``'def newton(f, x0)'``, ``'lambda f, x0: …'``), how many arguments the
    check passes, and the exercise's function, its name and parameters (None where
    neither the function's name nor the call's is an exercise's)."""

    written: str
    passed: int
    exercise: tuple[str, tuple[str, ...]] | None


def misfit(function: Callable[..., Any], args: tuple[Any, ...], what: str) -> Misfit | None:
    """How ``function``'s parameters fail to take ``args`` in the call ``what`` (which
    starts with the exercise's name: ``newton(f, 2.0, 1) for f = …``), or None when they
    take them (or its signature cannot be read: the call then says what happens).

    The exercise is the call's (the check's) first, then the function's own name: a
    function named after another exercise's stub (``def newton(cost, w)`` handed to
    notebook 07's check of ``newton_step``) is told this exercise's parameters."""
    signature = _signature(function)
    if signature is None:
        return None
    try:
        signature.bind(*args)
    except TypeError:
        called = re.match(r"\w+", what)
        exercise = next(
            (
                (known, STUBS[known])
                for known in (called[0] if called else "", _name(function))
                if known in STUBS
            ),
            None,
        )
        return Misfit(f"'{_written(function, signature)}'", len(args), exercise)
    return None


def method_misfit(value_class: type, name: str, args: tuple[Any, ...]) -> str | None:
    """The parameters of ``value_class``'s method ``name``, self first (``'(self, base)'``),
    when they do not take a call ``x.name(*args)``, or None when they do (or the method is
    not a plain function of the student's: the call then says what happens). The method
    is read off the class (``inspect.getattr_static``): nothing of the student's runs."""
    method = inspect.getattr_static(value_class, name, None)
    if not isinstance(method, types.FunctionType):  # missing, a staticmethod, a property
        return None
    signature = _signature(method)  # a plain function: self is one of its parameters
    if signature is None:
        return None
    try:
        signature.bind(None, *args)  # self: the Value the method is called on
    except TypeError:
        return str(signature)
    return None


def _code_of(function: Any) -> tuple[types.FunctionType, bool] | None:
    """The Python function whose code a call of ``function`` runs, and whether the call
    passes it its object first (a bound method, an object with a ``__call__`` method);
    None for any other callable (a builtin, a ``functools.partial``, a class)."""
    if isinstance(function, types.FunctionType):
        return function, False
    if isinstance(function, types.MethodType):
        inner = function.__func__
        return (inner, True) if isinstance(inner, types.FunctionType) else None
    if isinstance(function, type):
        return None
    method = inspect.getattr_static(type(function), "__call__", None)
    return (method, True) if isinstance(method, types.FunctionType) else None


def _signature(function: Callable[..., Any]) -> inspect.Signature | None:
    """The parameters a call of ``function`` binds its arguments to: for a function, a
    method or an object with a ``__call__`` method, read off its code (not its
    ``__signature__`` or ``__wrapped__``, ``functools.wraps``'s: they may describe another
    function than the one called, and reading them runs the student's code, a property,
    a ``__getattr__``, outside the time limit); inspect's reading for any other callable,
    None where that cannot be read (or raises)."""
    own = _code_of(function)
    if own is None:
        try:
            return inspect.signature(function)
        except Exception:  # the student's code's error (a property): the call tells it
            return None
    code, bound = own
    bare = types.FunctionType(code.__code__, {}, code.__name__, code.__defaults__, code.__closure__)
    bare.__kwdefaults__ = code.__kwdefaults__
    signature = inspect.signature(bare)
    parameters = list(signature.parameters.values())
    if bound and parameters and parameters[0].kind in _TAKES_ONE_POSITIONAL:
        signature = signature.replace(parameters=parameters[1:])  # self
    return signature


_TAKES_ONE_POSITIONAL = (
    inspect.Parameter.POSITIONAL_ONLY,
    inspect.Parameter.POSITIONAL_OR_KEYWORD,
)


def _name(function: Any) -> str:
    """The name the student gave ``function`` ('' for an object of a class, a partial)."""
    own = _code_of(function)
    if own is None:
        return ""
    code, bound = own
    return code.__name__ if not bound or isinstance(function, types.MethodType) else ""


def _written(function: Any, signature: inspect.Signature) -> str:
    """``function`` as the student wrote it: ``def newton(f, x0)``, ``lambda f, x0: …``,
    ``def __call__(f, x0)`` (an object's method, its object not shown, as for a bound
    method), ``partial(def newton(f, x0, steps), <sin>)`` (a ``functools.partial``, with
    the arguments it fixes)."""
    if isinstance(function, functools.partial):
        inner = _signature(function.func)
        shown = _written(function.func, inner) if inner is not None else repr(function.func)
        fixed = [reprlib.repr(a) for a in function.args]
        fixed += [f"{k}={reprlib.repr(v)}" for k, v in function.keywords.items()]
        return f"partial({', '.join([shown, *fixed])})"
    own = _code_of(function)
    name = own[0].__name__ if own is not None else getattr(function, "__name__", "")
    if name == "<lambda>":
        return f"lambda {str(signature)[1:-1]}: …"
    if not (isinstance(name, str) and name.isidentifier()):
        name = type(function).__name__
    return f"def {name}{signature}"
