"""Grad mode: whether ops record a graph, switched off by :class:`no_grad`.

One concept, out of :mod:`autograd_mini.value` (which reads the mode at each op, through
``_GRAD_ENABLED``, and imports these names back: ``autograd_mini.value.no_grad`` is this
module's). The mode is a context variable, per thread and per asyncio task; ``no_grad``
is a context manager and a decorator, of a plain function, a coroutine function, and a
generator function (plain or ``async``), whose body runs without grad at every step.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import inspect
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Any, TypeVar, cast, overload

from autograd_mini.read_watch import READ_WATCH

__all__ = ["is_grad_enabled", "no_grad", "recording"]

F = TypeVar("F", bound=Callable[..., Any])

#: Grad mode lives in a context variable, as in PyTorch it is thread-local: each thread
#: starts with gradients on, and each asyncio task works on a copy of its creator's
#: context, so ``no_grad`` in one thread or task never switches recording off in another.
_GRAD_ENABLED: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "autograd_mini_grad_enabled", default=True
)
_read_watch = READ_WATCH.get  # bound once, as in autograd_mini.value


def is_grad_enabled() -> bool:
    """True unless inside :class:`no_grad` (in this thread or asyncio task)."""
    return _GRAD_ENABLED.get()


@contextlib.contextmanager
def recording() -> Iterator[None]:
    """Gradient recording on for the block, whatever the caller's mode. For the library's
    own passes that build a graph in order to differentiate it (the trace check), which
    a caller may reach from inside :class:`no_grad`; not exported by the package."""
    token = _GRAD_ENABLED.set(True)
    try:
        yield
    finally:
        _GRAD_ENABLED.reset(token)


#: The modes to restore, innermost last: one stack per context, like the mode itself, so
#: a no_grad object shared between threads still restores each thread's own mode.
_SAVED_MODES: contextvars.ContextVar[tuple[bool, ...]] = contextvars.ContextVar(
    "autograd_mini_saved_grad_modes", default=()
)


class no_grad:
    # lower-case like torch.no_grad: it reads as `with no_grad():`
    """Context manager and decorator: ops inside record no parents (no graph, no grads).

    Use it for evaluation and for parameter updates, where building a graph would only
    cost time and memory. The mode is per thread and per asyncio task (a context
    variable): another thread keeps recording while this one is inside ``no_grad``.
    As a decorator it covers the whole call — for a generator function (plain or
    ``async``) every step of the generator's body (the caller's mode is back in force at
    each ``yield``), for an ``async def`` function the whole coroutine.
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
        pass

    def __enter__(self) -> no_grad:
        watch = _read_watch()
        if watch is not None:  # a recording trace: what follows would be its constants
            watch(None, "no_grad()", "stop")
        _SAVED_MODES.set((*_SAVED_MODES.get(), _GRAD_ENABLED.get()))
        _GRAD_ENABLED.set(False)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        saved = _SAVED_MODES.get()
        if not saved:
            raise RuntimeError("no_grad: __exit__ without a matching __enter__")
        _SAVED_MODES.set(saved[:-1])
        _GRAD_ENABLED.set(saved[-1])

    def __call__(self, func: F) -> F:
        if inspect.isgeneratorfunction(func):
            return cast(F, _generator_without_grad(func))
        if inspect.isasyncgenfunction(func):
            return cast(F, _async_generator_without_grad(func))
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def coroutine(*args: Any, **kwargs: Any) -> Any:
                with no_grad():
                    return await func(*args, **kwargs)

            return cast(F, coroutine)

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with no_grad():
                return func(*args, **kwargs)

        return cast(F, wrapper)


def _generator_without_grad(func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a generator function so that its body runs without grad at every step.

    Calling a generator function runs none of its body, so wrapping the call in
    ``no_grad`` would cover nothing. Instead each resumption (``next``, ``send``,
    ``throw``, ``close``) runs inside ``no_grad``, and the caller's own mode is in force
    between steps (as ``torch.no_grad`` does).
    """

    @functools.wraps(func)
    def generator(*args: Any, **kwargs: Any) -> Any:
        gen = func(*args, **kwargs)
        try:
            with no_grad():
                response = gen.send(None)
            while True:
                try:
                    request = yield response
                except GeneratorExit:
                    with no_grad():
                        gen.close()
                    raise
                except BaseException as exc:
                    with no_grad():
                        response = gen.throw(exc)
                else:
                    with no_grad():
                        response = gen.send(request)
        except StopIteration as stop:
            return stop.value

    return generator


def _async_generator_without_grad(func: Callable[..., Any]) -> Callable[..., Any]:
    """As :func:`_generator_without_grad`, for an ``async def`` generator function."""

    @functools.wraps(func)
    async def generator(*args: Any, **kwargs: Any) -> Any:
        gen = func(*args, **kwargs)
        try:
            with no_grad():
                response = await gen.asend(None)
            while True:
                try:
                    request = yield response
                except GeneratorExit:
                    with no_grad():
                        await gen.aclose()
                    raise
                except BaseException as exc:
                    with no_grad():
                        response = await gen.athrow(exc)
                else:
                    with no_grad():
                        response = await gen.asend(request)
        except StopAsyncIteration:
            return

    return generator
