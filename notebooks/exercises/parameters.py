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
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .shown import short

__all__ = [
    "METHOD_STUBS",
    "STUBS",
    "MethodMisfit",
    "Misfit",
    "decorated_misfit",
    "method_misfit",
    "misfit",
    "property_getter",
]

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


@dataclass(frozen=True)
class MethodMisfit:
    """A method of the student's Value class that does not take the check's call: its
    parameters as written (``'(self, base)'``) and what it is — ``"method"`` (a plain
    one), ``"staticmethod"``, ``"classmethod"``, ``"property"`` (its getter's
    parameters), or ``"decorated"`` (the parameters of the function a decorator wraps)."""

    written: str
    kind: str


def method_misfit(value_class: type, name: str, args: tuple[Any, ...]) -> MethodMisfit | None:
    """How ``value_class``'s method ``name`` fails to take a call ``x.name(*args)``, or
    None when it takes it (or it is not one of the kinds read here: the call then says
    what happens). The method is read off the class (``inspect.getattr_static``) and a
    static, class or property one off its function (a plain attribute of Python's own
    wrappers): nothing of the student's runs. Python passes a plain method the Value as
    self, a classmethod the class, a staticmethod nothing of its own; a property's getter
    runs on reading ``x.name`` with the Value alone, and what it returns is called with
    ``args`` (whether that takes them only the call tells: :func:`property_getter`)."""
    method = inspect.getattr_static(value_class, name, None)
    if isinstance(method, types.FunctionType):
        return _unbound(method, (None, *args), "method")  # self: the Value
    if type(method) is staticmethod:
        return _unbound(method.__func__, args, "staticmethod")
    if type(method) is classmethod:
        return _unbound(method.__func__, (None, *args), "classmethod")
    if type(method) is property:
        return _unbound(method.fget, (None,), "property")  # run on reading x.name
    return None


def property_getter(value_class: type, name: str) -> str | None:
    """The parameters of ``value_class``'s ``name`` where it is a property whose getter is
    a plain function (``'(self)'``), else None: read off the class, nothing runs."""
    method = inspect.getattr_static(value_class, name, None)
    if type(method) is not property or not isinstance(method.fget, types.FunctionType):
        return None
    signature = _signature(method.fget)
    return None if signature is None else str(_shortened(signature))


def _unbound(function: Any, passed: tuple[Any, ...], kind: str) -> MethodMisfit | None:
    """``function``'s parameters (read off its code) as a MethodMisfit of ``kind`` when
    they do not take ``passed``, else None (None too for what is not a plain function)."""
    if not isinstance(function, types.FunctionType):
        return None
    signature = _signature(function)
    if signature is None:
        return None
    try:
        signature.bind(*passed)
    except TypeError:
        return MethodMisfit(str(_shortened(signature)), kind)
    return None


def decorated_misfit(
    value_class: type, name: str, args: tuple[Any, ...], failed: types.CodeType
) -> MethodMisfit | None:
    """The parameters of the student's method ``name`` under its decorator, when the call
    ``x.name(*args)`` failed because they do not take it: a function made with
    ``functools.wraps`` (``__wrapped__`` in its own dict, read without running anything),
    whose innermost wrapped function does not take the Value and ``args``, and the
    ``failed`` code (the innermost frame's of the TypeError) is one of the wrappers', not
    the wrapped function's own (its body never ran: the wrapper's call of it failed).
    None otherwise: the call's own words tell it."""
    method = inspect.getattr_static(value_class, name, None)
    wrappers = []
    while isinstance(method, types.FunctionType) and "__wrapped__" in method.__dict__:
        wrappers.append(method.__code__)
        method = method.__dict__["__wrapped__"]
    if not wrappers or failed not in wrappers:
        return None
    return _unbound(method, (None, *args), "decorated")


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
    if type(function) is functools.partial:
        return _partial_signature(function)
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


def _partial_signature(function: functools.partial[Any]) -> inspect.Signature | None:
    """The parameters a ``functools.partial`` leaves: its function's, read as
    :func:`_signature` reads them (off the code of a function, a method or an object with
    ``__call__``), less those its arguments fix. inspect's own reading of the partial
    asked the wrapped object for ``__signature__``: a property of the student's ran
    outside the time limit. None where the function's cannot be read, or the partial's
    own arguments do not fit it (the call then says what happens)."""
    inner = _signature(function.func)
    if inner is None:
        return None

    def stand_in(*args: Any, **kwargs: Any) -> None:
        """The wrapped function's parameters, as a plain attribute: nothing of the
        student's is read when inspect takes the partial's over it."""

    stand_in.__signature__ = inner  # type: ignore[attr-defined]
    try:
        return inspect.signature(functools.partial(stand_in, *function.args, **function.keywords))
    except (TypeError, ValueError):  # its arguments do not fit the function
        return None


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
    if type(function) is functools.partial:
        inner = _signature(function.func)
        shown = _written(function.func, inner) if inner is not None else short(function.func)
        fixed = [short(a) for a in function.args]
        fixed += [f"{k}={short(v)}" for k, v in function.keywords.items()]
        return f"partial({', '.join([shown, *fixed])})"
    own = _code_of(function)
    name = own[0].__name__ if own is not None else getattr(function, "__name__", "")
    shortened = _shortened(signature)
    if name == "<lambda>":
        return f"lambda {str(shortened)[1:-1]}: …"
    if not (isinstance(name, str) and name.isidentifier()):
        name = type(function).__name__
    return f"def {name}{shortened}"


def _shortened(signature: inspect.Signature) -> inspect.Signature:
    """``signature`` with each default as :func:`short` shows it: a long list cut with
    "...", an object of the student's own class by its class's name (its ``__repr__``,
    the student's code, is not run outside the time limit)."""
    return signature.replace(
        parameters=[
            p if p.default is p.empty else p.replace(default=_Shown(short(p.default)))
            for p in signature.parameters.values()
        ]
    )


class _Shown:
    """A default value as :func:`short` shows it, put in a signature's place of it."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text
