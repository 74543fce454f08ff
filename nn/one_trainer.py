"""One ``fit`` call at a time per model, across threads.

Two threads training one model at once stepped the same parameters, each from the
other's half-finished weights and gradients (an eager step zeroes and writes the
``.grad`` the other reads; a compiled one writes back weights the other has moved),
and both calls returned a history without a word, neither of them the run asked for.
A call in another thread is now refused while one trains the model; the thread that
trains it may call ``fit`` on it again (from a callback), as before.

The table of models in training is a hint, checked where it refuses: a claim that an
interrupt (Ctrl-C) left behind, between the table's change and the call's ``with``,
names a thread no longer inside a call on the model, and is taken over.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any, TypeVar, cast

from autograd_mini.locks import fork_safe
from nn.module import Module

__all__ = ["ModelInTraining", "one_trainer"]

_F = TypeVar("_F", bound=Callable[..., Any])

_LOCK = fork_safe(threading.Lock())  # free again in a forked child (autograd_mini.locks)
#: id of a model being trained → (the thread's ident, its name, how many of its calls)
_OWNERS: dict[int, tuple[int, str, int]] = {}


def _after_fork_in_child() -> None:
    """A forked child has only the thread that forked: its table keeps only that
    thread's claims (its lock is made free by :func:`~autograd_mini.locks.fork_safe`)."""
    me = threading.get_ident()
    for key in [key for key, owner in _OWNERS.items() if owner[0] != me]:
        del _OWNERS[key]


if hasattr(os, "register_at_fork"):  # (not on Windows, which has no fork)
    os.register_at_fork(after_in_child=_after_fork_in_child)


class ModelInTraining(RuntimeError):
    """``fit`` was called on a model another thread's ``fit`` call is training."""


def _inside(ident: int, model: object) -> bool:
    """Whether thread ``ident`` is inside a call :func:`one_trainer` wraps, on ``model``."""
    frame: FrameType | None = sys._current_frames().get(ident)
    while frame is not None:
        if frame.f_code is _ALONE and frame.f_locals.get("model") is model:
            return True
        frame = frame.f_back
    return False


class _Claim:
    """The model's one trainer for the length of a ``with``: refuses another thread's."""

    def __init__(self, model: object, where: str) -> None:
        self.key, self.model, self.where = id(model), model, where

    def __enter__(self) -> None:
        me = threading.current_thread()
        with _LOCK:
            owner = _OWNERS.get(self.key)
            if owner is not None and owner[0] != me.ident:
                if _inside(owner[0], self.model):
                    raise ModelInTraining(
                        f"{self.where}: this {type(self.model).__name__} is being trained by "
                        f"another fit call, in thread {owner[1]!r}: two calls at once would "
                        f"step the same parameters, each from the other's half-finished "
                        f"weights and gradients, and neither run would be the one asked for. "
                        f"Train it in one thread at a time, or give each thread its own copy "
                        f"(copy.deepcopy(model))"
                    )
                owner = None  # left by an interrupted call: no longer training it
            calls = 0 if owner is None else owner[2]
            _OWNERS[self.key] = (cast(int, me.ident), me.name, calls + 1)

    def __exit__(self, *exc: object) -> None:
        with _LOCK:
            owner = _OWNERS.get(self.key)
            if owner is not None and owner[2] > 1:
                _OWNERS[self.key] = (owner[0], owner[1], owner[2] - 1)
            elif owner is not None:
                del _OWNERS[self.key]


def one_trainer(f: _F) -> _F:
    """``f(model, …)`` (``fit``) refused while another thread's call trains ``model``."""

    @functools.wraps(f)
    def alone(*args: Any, **kwargs: Any) -> Any:
        model = args[0] if args else kwargs.get("model")
        if not isinstance(model, Module):  # (no model to claim: f refuses it in its words)
            return f(*args, **kwargs)
        with _Claim(model, f.__name__):
            return f(*args, **kwargs)

    return cast(_F, alone)


#: the code of every wrapper :func:`one_trainer` makes (one code, a closure each)
_ALONE = one_trainer(lambda model: None).__code__
