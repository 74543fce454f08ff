"""exercises.call and its time limit, where the error or the alarm is not the student's.

``call`` tells every error of the student's function as the student's Mistake, an
``assert`` of their own included; an AssertionError raised in the library's own code (an
invariant of autograd_mini failing under the student's call) was told the same way,
"raised AssertionError", at the student's line, where :func:`exercises.check` shows an
oracle's or the library's assert in full, never blamed on the student. And the time
limit's alarm going off just as the block ends (a function that runs to the limit) left
the limit's handler of SIGALRM in place: every later limit found the timer taken, and
ran without one.
"""

from __future__ import annotations

import signal
from types import SimpleNamespace
from typing import Any

import editions
import pytest
from exercise_cases import check_of

import autograd_mini


def _library_function() -> Any:
    """A function whose code is a file of autograd_mini's, with an invariant that fails:
    a bug of the library's that a student's correct call runs into."""
    namespace: dict[str, Any] = {}
    source = "def helper(f, x, h):\n    assert False, 'an invariant of the library'\n"
    exec(compile(source, autograd_mini.__file__, "exec"), namespace)
    return namespace["helper"]


@pytest.mark.parametrize("lang", editions.LANGS)
def test_an_assert_of_the_library_is_not_blamed_on_the_student(lang: str) -> None:
    helper = _library_function()

    def central_difference(f: Any, x: float, h: float) -> Any:
        return helper(f, x, h)

    with pytest.raises(AssertionError) as caught:
        check_of(lang, "nb01.check_central_difference")(central_difference)
    assert not isinstance(caught.value, editions.package(lang).Mistake), str(caught.value)
    assert str(caught.value) == "an invariant of the library"


@pytest.mark.parametrize("lang", editions.LANGS)
def test_a_gradcheck_the_students_code_calls_is_still_theirs(lang: str) -> None:
    """GradcheckError, an AssertionError the library raises on purpose: a verdict on the
    function the student's code gave gradcheck, told as their code's error."""

    def central_difference(f: Any, x: float, h: float) -> Any:
        autograd_mini.gradcheck(lambda v: v.relu(), 1e-7)  # h = 1e-6 crosses the kink
        return (f(x + h) - f(x - h)) / (2 * h)

    with pytest.raises(editions.package(lang).Mistake) as caught:
        check_of(lang, "nb01.check_central_difference")(central_difference)
    assert "GradcheckError" in str(caught.value), str(caught.value)


@pytest.mark.parametrize("lang", editions.LANGS)
def test_the_students_own_assert_is_still_theirs(lang: str) -> None:
    """Not from a file of the library's or the checker's: a Mistake naming the call."""

    def central_difference(f: Any, x: float, h: float) -> Any:
        assert h > 1, "h too small"
        return (f(x + h) - f(x - h)) / (2 * h)

    with pytest.raises(editions.package(lang).Mistake) as caught:
        check_of(lang, "nb01.check_central_difference")(central_difference)
    assert "AssertionError" in str(caught.value) and "h too small" in str(caught.value)


def test_the_handler_is_put_back_when_the_alarm_goes_off_as_the_block_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The alarm delivered between the end of the block and the timer's stop: its
    TooLong is raised where the timer is stopped, and the handler must be put back."""
    limit = editions.package("en").limit

    due = [True]

    def setitimer(which: int, seconds: float, *again: float) -> Any:
        if seconds == 0 and due:  # the limit's own handler runs first: the alarm was due
            due.clear()
            raise limit.TooLong(limit.SECONDS)
        return signal.setitimer(which, seconds, *again)

    fake = SimpleNamespace(**{name: getattr(signal, name) for name in dir(signal)})
    fake.setitimer = setitimer
    monkeypatch.setattr(limit, "signal", fake)
    try:
        with pytest.raises(limit.TooLong), limit.time_limit(30):
            pass
        left = signal.getsignal(signal.SIGALRM)
        # past the limit the alarm repeats: a timer left running raised TooLong later on
        running = signal.getitimer(signal.ITIMER_REAL)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
    assert left == signal.SIG_DFL, left
    assert running == (0.0, 0.0), running
