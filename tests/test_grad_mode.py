"""Grad mode is per thread and per asyncio task (issue 9, item 1).

Each test forces the interleaving it is about with events and barriers, so it fails on a
process-wide flag every time rather than now and then.
"""

from __future__ import annotations

import asyncio
import contextvars
import random
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from autograd_mini import Value, dot, gradients, is_grad_enabled, no_grad, vsum

TIMEOUT = 30.0


def _run_threads(*targets: Callable[[], None]) -> None:
    """Run the targets in threads; re-raise the first exception any of them raised."""
    errors: list[BaseException] = []

    def guarded(target: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                target()
            except BaseException as exc:  # reported in the main thread
                errors.append(exc)

        return run

    threads = [threading.Thread(target=guarded(t)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT)
        assert not t.is_alive(), "a thread hung"
    if errors:
        raise errors[0]


def test_no_grad_in_one_thread_leaves_another_recording() -> None:
    """The issue's case: while thread A is inside no_grad, thread B's x·x records a
    graph and backward gives d(x²)/dx = 2x = 6."""
    inside = threading.Event()
    done = threading.Event()
    seen: dict[str, Any] = {}

    def a() -> None:
        with no_grad():
            inside.set()
            assert done.wait(TIMEOUT)
            seen["a"] = is_grad_enabled()

    def b() -> None:
        assert inside.wait(TIMEOUT)
        x = Value(3.0)
        y = x * x
        y.backward()
        seen["b"] = (is_grad_enabled(), y.parents == (x, x), x.grad)
        done.set()

    _run_threads(a, b)
    assert seen == {"a": False, "b": (True, True, 6.0)}
    assert is_grad_enabled()


def test_overlapping_no_grad_blocks_restore_each_threads_mode() -> None:
    """A enters, B enters, A leaves, B leaves: with one process-wide flag B would restore
    A's 'off' and leave recording off for everybody."""
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    modes: dict[str, bool] = {}

    def a() -> None:
        with no_grad():
            a_in.set()
            assert b_in.wait(TIMEOUT)
        modes["a after"] = is_grad_enabled()
        a_out.set()

    def b() -> None:
        assert a_in.wait(TIMEOUT)
        with no_grad():
            b_in.set()
            assert a_out.wait(TIMEOUT)
            modes["b inside, after a left"] = is_grad_enabled()
        modes["b after"] = is_grad_enabled()

    _run_threads(a, b)
    assert modes == {"a after": True, "b inside, after a left": False, "b after": True}
    assert is_grad_enabled()
    assert Value(2.0) * Value(3.0) is not None and (Value(2.0) * 3.0).parents


def test_a_new_thread_starts_recording_even_from_inside_no_grad() -> None:
    """As in PyTorch: grad mode is not inherited by a thread started inside no_grad."""
    seen: list[bool] = []
    with no_grad():
        t = threading.Thread(target=lambda: seen.append(is_grad_enabled()))
        t.start()
        t.join(TIMEOUT)
        assert not is_grad_enabled()
    assert seen == [True]


def test_what_carries_the_callers_context_into_a_worker_carries_no_grad() -> None:
    """As the README says: asyncio.to_thread and copy_context().run run the function in
    a copy of the caller's context, so no_grad goes with it; run_in_executor and a
    threading.Thread start from an empty one, with gradients on."""

    async def handed_on() -> tuple[bool, bool]:
        with no_grad():
            to_thread = await asyncio.to_thread(is_grad_enabled)
            executor = await asyncio.get_running_loop().run_in_executor(None, is_grad_enabled)
        return to_thread, executor

    assert asyncio.run(handed_on()) == (False, True)
    seen: list[bool] = []
    with no_grad():
        copied = contextvars.copy_context().run(is_grad_enabled)
        worker = threading.Thread(target=lambda: seen.append(is_grad_enabled()))
        worker.start()
        worker.join()
    assert (copied, seen) == (False, [True])


def test_one_no_grad_object_shared_by_two_threads() -> None:
    guard = no_grad()
    both_in = threading.Barrier(2, timeout=TIMEOUT)
    first_out = threading.Event()
    after: list[bool] = []

    def first() -> None:
        with guard:
            both_in.wait()
        after.append(is_grad_enabled())
        first_out.set()

    def second() -> None:
        with guard:
            both_in.wait()
            assert first_out.wait(TIMEOUT)
            assert not is_grad_enabled()
        after.append(is_grad_enabled())

    _run_threads(first, second)
    assert after == [True, True]


def test_asyncio_tasks_have_their_own_grad_mode() -> None:
    async def evaluating(started: asyncio.Event, finish: asyncio.Event) -> bool:
        with no_grad():
            started.set()
            await finish.wait()  # the other task runs while this one is inside no_grad
            return is_grad_enabled()

    async def training(started: asyncio.Event, finish: asyncio.Event) -> tuple[bool, float]:
        await started.wait()
        x = Value(3.0)
        (x * x).backward()
        finish.set()
        return is_grad_enabled(), x.grad

    async def main() -> list[Any]:
        started, finish = asyncio.Event(), asyncio.Event()
        return list(await asyncio.gather(evaluating(started, finish), training(started, finish)))

    assert list(asyncio.run(main())) == [False, (True, 6.0)]
    assert is_grad_enabled()


def test_no_grad_on_a_coroutine_function_covers_its_body() -> None:
    @no_grad
    async def evaluate(x: Value) -> tuple[bool, Value]:
        await asyncio.sleep(0)
        return is_grad_enabled(), x * x

    mode, y = asyncio.run(evaluate(Value(2.0)))
    assert (mode, y.data, y.parents) == (False, 4.0, ())
    assert is_grad_enabled()


def test_no_grad_on_a_generator_function_covers_every_step_of_its_body() -> None:
    @no_grad
    def squares(xs: list[Value]) -> Iterator[tuple[bool, Value]]:
        """Docstring kept."""
        for x in xs:
            yield is_grad_enabled(), x * x
        return

    xs = [Value(1.0), Value(2.0)]
    gen = squares(xs)
    assert is_grad_enabled()
    for i, (mode, y) in enumerate(gen):
        assert not mode and y.parents == () and y.data == xs[i].data ** 2
        assert is_grad_enabled()  # the caller's mode between steps
        assert (xs[i] * 2.0).parents == (xs[i],)
    assert squares.__doc__ == "Docstring kept." and squares.__name__ == "squares"


def test_no_grad_generator_send_throw_close_and_return_value() -> None:
    @no_grad
    def echo() -> Iterator[Any]:
        received = yield is_grad_enabled()
        try:
            while True:
                received = yield (received, is_grad_enabled())
        except KeyError:
            yield ("caught", is_grad_enabled())
        finally:
            log.append(is_grad_enabled())

    log: list[bool] = []
    gen = echo()
    assert next(gen) is False
    assert gen.send("a") == ("a", False)
    assert gen.throw(KeyError("k")) == ("caught", False)
    gen.close()
    assert log == [False] and is_grad_enabled()

    @no_grad
    def returns() -> Iterator[int]:
        yield 1
        return 7

    def outer() -> Iterator[int]:
        result = yield from returns()
        yield result

    assert list(outer()) == [1, 7]


def test_no_grad_on_an_async_generator_function_covers_its_body() -> None:
    @no_grad
    async def squares(xs: list[Value]) -> Any:
        for x in xs:
            await asyncio.sleep(0)
            yield is_grad_enabled(), x * x

    async def main() -> list[tuple[bool, bool, tuple[Value, ...]]]:
        out = []
        async for mode, y in squares([Value(1.0), Value(2.0)]):
            out.append((mode, is_grad_enabled(), y.parents))
        return out

    assert asyncio.run(main()) == [(False, True, ()), (False, True, ())]
    assert is_grad_enabled()


def test_exit_without_enter_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="without a matching __enter__"):
        no_grad().__exit__(None, None, None)


# --------------------------------------------------------------------------- "Done when"


def _train(seed: int, steps: int = 8) -> list[float]:
    """A 3-4-1 tanh network trained with plain SGD on the engine alone: every weight
    after the last step, and every loss. Deterministic for a given seed."""
    rng = random.Random(seed)
    w1 = [[Value(rng.uniform(-1, 1)) for _ in range(3)] for _ in range(4)]
    b1 = [Value(0.0) for _ in range(4)]
    w2 = [Value(rng.uniform(-1, 1)) for _ in range(4)]
    b2 = Value(0.0)
    params = [p for row in w1 for p in row] + b1 + w2 + [b2]
    data = [([rng.uniform(-2, 2) for _ in range(3)], rng.choice((-1.0, 1.0))) for _ in range(6)]
    losses = []
    for _ in range(steps):
        for p in params:
            p.grad = 0.0
        terms = []
        for x, target in data:
            h = [dot(w, x, b).tanh() for w, b in zip(w1, b1, strict=True)]
            out = dot(w2, h, b2)
            terms.append((out - target) * (out - target))
        loss = vsum(terms)
        loss.backward()
        losses.append(loss.data)
        for p in params:
            p.data -= 0.05 * p.grad
    return losses + [p.data for p in params]


def _evaluate(seed: int, rounds: int = 40) -> list[float]:
    """Forward passes inside no_grad: each must record nothing."""
    rng = random.Random(seed)
    out = []
    with no_grad():
        for _ in range(rounds):
            x = Value(rng.uniform(-1, 1))
            y = (x * x + x.tanh()).exp()
            assert y.parents == () and not is_grad_enabled()
            out.append(y.data)
    return out


def test_threads_training_and_evaluating_match_the_single_threaded_run() -> None:
    """N threads, half inside no_grad, half training; every result equals the result
    of the same work run alone in this thread."""
    n = 8
    want_train = {i: _train(i) for i in range(0, n, 2)}
    want_eval = {i: _evaluate(i) for i in range(1, n, 2)}
    got: dict[int, list[float]] = {}
    start = threading.Barrier(n, timeout=TIMEOUT)

    def worker(i: int) -> Callable[[], None]:
        def run() -> None:
            start.wait()  # all threads run at once
            for _ in range(3):
                got[i] = _train(i) if i % 2 == 0 else _evaluate(i)
                expected = want_train.get(i) or want_eval[i]
                assert got[i] == expected, f"thread {i} differs from the single-threaded run"

        return run

    _run_threads(*(worker(i) for i in range(n)))
    assert got == {**want_train, **want_eval}
    assert is_grad_enabled()


def test_backward_from_a_result_computed_inside_no_grad_is_refused() -> None:
    """It recorded no graph: x.grad stayed 0 and gradients() answered [0.0] (PyTorch
    raises here). A leaf of one's own, or such a result used as a leaf of a later
    graph, keeps working."""
    x = Value(3.0)
    with no_grad():
        y = x * x
        z = vsum([x, x]).tanh()
        d = dot([x], [2.0])
    for r in (y, z, d):
        with pytest.raises(RuntimeError, match="computed inside no_grad"):
            r.backward()
        with pytest.raises(RuntimeError, match="computed inside no_grad"):
            gradients(r, [x])
    assert x.grad == 0.0
    assert gradients(y, [y]) == [1.0]  # ∂y/∂y
    w = Value(2.0)
    Value(5.0).backward()  # a leaf: its gradient is the seed
    (w * y).backward()  # y as a constant-like leaf of a graph built with recording on
    assert w.grad == 9.0 and y.grad == 2.0


def test_the_transforms_refuse_a_result_computed_inside_no_grad_alike() -> None:
    """grad, jacobian, jvp and vjp: each refuses f's result when f computed it inside
    no_grad (vjp's pullback answered (0.0,) where the others refused; vjp now refuses
    at once, as jvp does)."""
    from autograd_mini import grad, jacobian, vjp

    def f(x: Value) -> Value:
        with no_grad():
            return x * x

    with pytest.raises(RuntimeError, match="what f returned"):
        grad(f)(3.0)
    with pytest.raises(RuntimeError, match="computed inside no_grad"):
        jacobian(lambda x: [f(x), 2 * x])(3.0)
    with pytest.raises(RuntimeError, match=r"^vjp: .* computed inside no_grad"):
        vjp(f, 3.0)
    assert vjp(lambda x: x * x, 3.0)[1](1.0) == (6.0,)  # recorded: 2x


def test_a_task_made_inside_no_grad_is_refused_in_words_that_say_it_inherited_it() -> None:
    """asyncio.create_task inside no_grad() copies the context: the task runs without grad
    for its whole life, and its backward, long after the block closed, was refused as
    "computed inside no_grad()" — blaming code that has none. The refusal now says a task
    or thread started inside no_grad() inherits it, and how (the README's paragraph)."""
    from autograd_mini import NoGraph, grad

    async def background() -> list[str]:
        await asyncio.sleep(0)
        said = []
        w = Value(2.0)
        for attempt in (lambda: (w * w).backward(), lambda: grad(lambda x: x * x)(1.0)):
            with pytest.raises(NoGraph) as caught:
                attempt()
            said.append(str(caught.value))
        return said

    async def main() -> list[str]:
        with no_grad():
            task = asyncio.create_task(background())
        assert is_grad_enabled()
        return await task

    for message in asyncio.run(main()):
        assert "asyncio task started inside no_grad() runs without grad" in message
        assert "asyncio.create_task" in message and "copy_context" in message
