"""The parameters each exercise's function takes, and a student's function whose own differ.

A function written with other parameters than its stub's (``newton(f, x0)`` for the stub's
``newton(f, x0, steps)``) was told in Python's words, in English in both editions:
"TypeError: newton() takes 2 positional arguments but 3 were given". :func:`misfit` binds
the check's arguments to the student's function's signature before it is called
(``inspect.signature(…).bind``: nothing of the student's runs) and says, when they do not
fit, what the function takes and what the exercise's takes (:data:`STUBS`); the message is
made by :func:`exercises.fit`, in this copy's language.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["STUBS", "Misfit", "misfit"]

#: Each exercise's function, by name, and its parameters, as the notebooks' stubs write
#: them (tests/test_exercises_told_nb06_nb07.py reads them off both editions). Notebook
#: 00's are methods of the student's Value class (``exp``, ``__pow__``), called by the
#: check as ``x.exp()`` and ``x**3``, not passed to it.
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
    take them (or its signature cannot be read: a builtin; the call then says what
    happens)."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return None
    try:
        signature.bind(*args)
    except TypeError:
        name = getattr(function, "__name__", "")
        own = str(signature)
        written = f"def {name}{own}" if name.isidentifier() else f"lambda {own[1:-1]}: …"
        called = re.match(r"\w+", what)
        exercise = next(
            (
                (known, STUBS[known])
                for known in (name, called[0] if called else "")
                if known in STUBS
            ),
            None,
        )
        return Misfit(f"'{written}'", len(args), exercise)
    return None
