"""tests/together.py: a thread that fails releases the others and its error is raised
at once (a clock is the oracle: well under the 120 s the others would wait)."""

from __future__ import annotations

import threading
import time

import pytest
from together import together


class _Own(Exception):
    """The failing thread's error, told from any other."""


def _fails_before_meeting() -> None:
    raise _Own("before the meeting point")


@pytest.mark.parametrize("kind", ["barrier", "event"])
def test_a_thread_failing_before_its_meeting_point_shows_at_once(kind: str) -> None:
    """One thread raises before reaching the barrier (or setting the event) the other
    waits on for up to 120 s: the error raised is the failing thread's own, within a
    few seconds, and the other thread has ended."""
    barrier, event = threading.Barrier(2), threading.Event()
    ended = threading.Event()

    def waits() -> None:
        try:
            if kind == "barrier":
                barrier.wait(timeout=120)
            else:
                assert event.wait(timeout=120)
        finally:
            ended.set()

    start = time.monotonic()
    with pytest.raises(_Own, match=r"^before the meeting point$"):
        together(_fails_before_meeting, waits, meetings=[barrier if kind == "barrier" else event])
    assert time.monotonic() - start < 10
    assert ended.is_set()


def test_results_come_in_the_calls_order_and_threads_are_named() -> None:
    """Each call's result at its place; each thread with the name given it."""
    barrier = threading.Barrier(3)

    def named(k: int) -> tuple[int, str]:
        barrier.wait(timeout=30)  # all three running at once
        return k * k, threading.current_thread().name

    got = together(*(lambda k=k: named(k) for k in range(3)), names=["a", "b", "c"],
                   meetings=[barrier])  # fmt: skip
    assert got == [(0, "a"), (1, "b"), (4, "c")]


def test_a_thread_still_running_after_the_timeout_is_named() -> None:
    release = threading.Event()
    try:
        with pytest.raises(AssertionError, match=r"threads still running after 0\.2 s: \['slow'\]"):
            together(lambda: release.wait(timeout=30), names=["slow"], timeout=0.2)
    finally:
        release.set()


def test_the_last_thread_ending_between_two_looks_ends_the_wait(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The wait asked each thread is_alive() twice, once for any() and once for the one
    to join: a thread that ended between the two (its call returning then) made the
    second look find none, and together() raised StopIteration instead of returning.
    Here the thread's first answer is True and it has ended by the next one."""
    answers: list[bool] = []
    real = threading.Thread.is_alive

    def ends_after_first_look(self: threading.Thread) -> bool:
        if not answers:
            answers.append(True)
            return True  # alive at the first look ...
        self.join()  # ... and ended by the next
        answers.append(real(self))
        return answers[-1]

    monkeypatch.setattr(threading.Thread, "is_alive", ends_after_first_look)
    assert together(lambda: 7) == [7]
    assert answers[:2] == [True, False]


def test_a_thread_not_released_is_given_a_few_seconds_not_the_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A thread waiting on something no meeting releases, when another has failed: the
    error is raised GRACE seconds on, not after the whole timeout (the GRACE rule had no
    test: without it this waited the 30 s the stuck thread waits)."""
    import together as module

    monkeypatch.setattr(module, "GRACE", 0.2)
    stuck = threading.Event()
    start = time.monotonic()
    try:
        with pytest.raises(_Own):
            together(_fails_before_meeting, lambda: stuck.wait(timeout=30), timeout=60)
        assert time.monotonic() - start < 10
    finally:
        stuck.set()
