"""A student's function the checks run outside ``call``, and what ``call`` tells badly.

nb02's output-layer check runs the student's function at another case to see whether two
slips give the whole answer: there it ran with no time limit, and an interrupt came out
as a raw KeyboardInterrupt. nb06's probes (does second_difference use its h? which slip
is softplus_derivative?) had the limit but let a Ctrl-C through raw, and a loop the
limit stopped there ran for the limit again in the case after. A bare ``except:`` in a
loop caught the limit's one alarm and ran on; an exception whose name does not end in
Error (StopIteration, a bare Exception) stood as an English word in a Chinese message;
``h^2`` was told for any TypeError on a line holding a ``^``; a step of the student's
own was shown as a bare number. A StopIteration raised by the function of a map (or a
filter's test) ended the map early, and was told as a wrong length.
"""

# ruff: noqa: RUF001 (the Chinese messages it reads have full-width punctuation)

from __future__ import annotations

import functools
import itertools
import math
import time
from collections.abc import Callable
from typing import Any

import editions
import pytest
from exercise_cases import mistake, raised


def _told(qualified: str, answer: Any) -> dict[str, str]:
    """Each edition's message for ``answer``; a raw KeyboardInterrupt fails the test (it
    would stop pytest itself)."""
    said = {}
    for lang in editions.LANGS:
        try:
            said[lang] = mistake(lang, qualified, answer)
        except KeyboardInterrupt:
            pytest.fail(f"a raw KeyboardInterrupt came out of {qualified} ({lang})")
    editions.assert_english(said["en"])
    editions.assert_chinese(said["zh"])
    return said


def _output_layer(at_second_case: Callable[[], None]) -> Any:
    """An answer with two slips at once at the first case — σ(z) for σ′(z) and (a − y) for
    2(a − y) — whose pair the check looks for at the second case too (w < 0), where
    ``at_second_case`` runs first."""

    def output_layer_gradients(w: float, b: float, a_prev: float, y: float) -> Any:
        if w < 0:
            at_second_case()
        a = 1 / (1 + math.exp(-(w * a_prev + b)))
        dz = a * (a - y)
        return dz * a_prev, dz, dz * w

    return output_layer_gradients


def _interrupt() -> None:
    raise KeyboardInterrupt  # the kernel's stop button, pressed there


def test_nb02_interrupted_at_another_case_is_told_in_words() -> None:
    said = _told("nb02.check_output_layer", _output_layer(_interrupt))
    assert said["en"].startswith(
        "output_layer_gradients(w=-1.3, b=0.5, a_prev=0.9, y=0): interrupted while running: "
        "a loop whose stopping rule is never met?"
    ), said["en"]
    assert said["zh"].startswith(
        "output_layer_gradients(w=-1.3, b=0.5, a_prev=0.9, y=0)：运行中被中断"
    ), said["zh"]


def test_nb02_another_cases_run_is_under_the_time_limit(short_limit: float) -> None:
    """A loop there ran as long as it liked (3 s here, for ever in a student's)."""

    def three_seconds() -> None:
        end = time.monotonic() + 3
        while time.monotonic() < end:
            pass

    said = _told("nb02.check_output_layer", _output_layer(three_seconds))
    assert said["en"].startswith(
        "output_layer_gradients(w=-1.3, b=0.5, a_prev=0.9, y=0): still running after 0.3 s"
    ), said["en"]


def test_nb02_another_cases_answer_is_read_inside_call(capsys: pytest.CaptureFixture[str]) -> None:
    """A class of the student's, iterable: to see whether the pair fits the second case,
    the check did ``list(got)`` there, running the class's ``__iter__`` outside ``call``
    (no time limit, its print shown in the first case's check, twice in all). It is read
    as that case's check reads it, quietly: the pair is still named, the print seen once,
    in the check of the case that printed it."""

    class Three:
        def __init__(self, numbers: list[float]) -> None:
            self.numbers = numbers

        def __iter__(self) -> Any:
            print("reading my answer")
            return iter(self.numbers)

    def output_layer_gradients(w: float, b: float, a_prev: float, y: float) -> Any:
        a = 1 / (1 + math.exp(-(w * a_prev + b)))
        dz = a * (a - y)  # σ(z) for σ′(z), (a − y) for 2(a − y): at both cases
        return Three([dz * a_prev, dz, dz * w])

    capsys.readouterr()
    said = mistake("en", "nb02.check_output_layer", output_layer_gradients)
    assert said.endswith(
        "(two slips: a factor 2 missing: C₀ = (a − y)² has no ½, so ∂C₀/∂a = 2(a − y); "
        "and σ(z) in place of σ′(z) = σ(z)(1 − σ(z)))"
    ), said
    assert capsys.readouterr().out.count("reading my answer") == 1


def test_nb02_a_generator_that_never_ends_is_told_its_length(short_limit: float) -> None:
    """``list(got)`` read a generator to its end before the check: one that never ends
    ran to the time limit, told "still running" (a MemoryError, or the kernel killed,
    where its entries filled memory first). It is read as far as one entry past the
    three due, as every other check reads one."""

    def output_layer_gradients(w: float, b: float, a_prev: float, y: float) -> Any:
        return (0.1 * i for i in itertools.count())

    said = _told("nb02.check_output_layer", output_layer_gradients)
    assert said["en"] == (
        "output_layer_gradients(w=0.8, b=0.2, a_prev=0.6, y=1): expected 3 numbers "
        "(∂C₀/∂w, ∂C₀/∂b, ∂C₀/∂a_prev), got more than 3"
    ), said["en"]
    assert said["zh"].endswith("实际返回的多于 3 个"), said["zh"]


def test_nb06_probe_interrupted_is_told_in_words() -> None:
    """The probe runs second_difference at h = 0.5 while the first case (h = 0.001) is
    checked; softplus_derivative's at x = 5 after a case is wrong."""

    def second_difference(f: Any, x: float, h: float) -> float:
        if h == 0.5:
            raise KeyboardInterrupt
        return (f(x + h) - 2 * f(x) + f(x - h)) / h**2

    said = _told("nb06.check_second_difference", second_difference)
    assert said["en"].startswith(
        "second_difference(f, 0.3, 0.5) for f = eˣ at x = 0.3: interrupted while running"
    ), said["en"]
    assert said["zh"].startswith("second_difference(f, 0.3, 0.5)（f = eˣ，x = 0.3）：运行中被中断")

    def softplus_derivative(x: float, s: float) -> float:
        if x > 4:
            raise KeyboardInterrupt
        return s

    said = _told("nb06.check_softplus_derivative", softplus_derivative)
    assert said["en"].startswith("softplus_derivative(5.0, 5.00672): interrupted while running")


def test_a_bare_except_in_the_loop_does_not_keep_it_running(
    student_cell: Callable[[str, str], Any], short_limit: float
) -> None:
    """The loop's time is in halve(), inside the try: the limit's one alarm was caught
    there, and the loop ran on (60 s here); it goes off again until one lands outside.

    Where each alarm lands is chance: here one in 300 such loops ran 2.3 s past the limit
    before one landed outside, and the loop bounded at 3 s (2.7 s past the 0.3 s limit)
    could end by itself first, failing the test on a right limit. It is stopped as soon
    as one lands (0.2 s past the limit, the median), so the 60 s only bound a limit that
    never stops it."""
    source = (
        "import time\n"
        "def halve(h):\n"
        "    for _ in range(50):\n"
        "        h = h * 0.5 + 1e-300\n"
        "    return h\n"
        "def central_difference(f, x, h):\n"
        "    end = time.monotonic() + 60\n"
        "    while time.monotonic() < end:\n"
        "        try:\n"
        "            h = halve(h)\n"
        "        except:\n"
        "            pass\n"
        "    return (f(x + h) - f(x - h)) / (2 * h)\n"
    )
    said = _told("nb01.check_central_difference", student_cell(source, "central_difference"))
    assert "still running after 0.3 s" in said["en"], said["en"]


@pytest.mark.parametrize(
    ("raise_it", "gloss"),
    [
        ("next(iter([]))", "StopIteration（迭代器已经没有下一项了）"),
        ('raise Exception("todo")', "Exception（异常）「todo」"),
        ('raise RuntimeWarning("overflow")', "RuntimeWarning（当作错误抛出的警告）「overflow」"),
    ],
)
def test_an_exception_not_named_error_is_said_in_chinese(
    student_cell: Callable[[str, str], Any], raise_it: str, gloss: str
) -> None:
    source = f"def count_parameters(sizes):\n    {raise_it}\n"
    said = _told("nb04.check_count_parameters", student_cell(source, "count_parameters"))
    assert f"抛出了 {gloss}" in said["zh"], said["zh"]


def test_xor_is_told_only_where_the_xor_raised(student_cell: Callable[[str, str], Any]) -> None:
    """``2 * f`` (f the function) raises the TypeError on a line that also has ``h^2``:
    it was told "^ is Python's exclusive or"; a ^ on the next line of the statement is."""
    source = "def second_difference(f, x, h):\n    return (f(x + h) - 2 * f + f(x - h)) / h^2\n"
    said = _told("nb06.check_second_difference", student_cell(source, "second_difference"))
    assert "for *: 'int' and 'function'" in said["en"], said["en"]
    assert "exclusive or" not in said["en"] and "异或" not in said["zh"], said
    source = (
        "def second_difference(f, x, h):\n"
        "    top = f(x + h) - 2 * f(x) + f(x - h)\n"
        "    return (top /\n"
        "            h ^ 2)\n"
    )
    said = _told("nb06.check_second_difference", student_cell(source, "second_difference"))
    assert "exclusive or" in said["en"] and "异或" in said["zh"], said


@pytest.mark.parametrize("step", [1e-5, 0.1, 0.05])
def test_a_step_of_its_own_is_said_what_it_is(step: float) -> None:
    def second_difference(f: Any, x: float, h: float) -> float:
        h = step
        return (f(x + h) - 2 * f(x) + f(x - h)) / h**2

    said = _told("nb06.check_second_difference", second_difference)
    if step < 1e-3:
        assert (
            f"that is f''(0.3) = e^0.3 = {math.exp(0.3):.10g} itself, the second difference at "
            "a small step of its own" in said["en"]
        ), said["en"]
        assert "即用它自己的一个很小的步长算出的二阶差分" in said["zh"], said["zh"]
    else:
        assert (
            f"that is the second difference at the step {step:g}, a step of its own" in (said["en"])
        ), said["en"]
        assert f"这是步长为 {step:g} 时的二阶差分" in said["zh"], said["zh"]


def test_nb06_newton_interrupted_in_the_descent_probe_is_told_in_words() -> None:
    """A descent step x − 0.05·f′ on x⁴ − 2x² is confirmed by a second newton call on
    eˣ − 2x; a Ctrl-C there was taken for "not confirmed", and the check went on to the
    bare number ("expected 1.454545455, got 0.8") as if nothing had been pressed."""
    from autograd_mini import grad

    def newton(f: Any, x0: float, steps: int) -> list[float]:
        if x0 == 1.5:  # the probe's start on eˣ − 2x
            raise KeyboardInterrupt
        xs = [x0]
        for _ in range(steps):
            xs.append(xs[-1] - 0.05 * grad(f)(xs[-1]))
        return xs

    said = _told("nb06.check_newton", newton)
    assert said["en"].startswith("newton(f, 1.5, 1) for f = eˣ − 2x: interrupted while running"), (
        said["en"]
    )
    assert said["zh"].startswith("newton(f, 1.5, 1)（f = eˣ − 2x）：运行中被中断"), said["zh"]


def _halving(x: float) -> float:
    """A student's mapped function calling ``next()`` past its iterator's end at x = 2."""
    if x == 2:
        return float(next(iter([])))
    return x / 2


class _Counted:
    """An iterator of the student's ending as Python's protocol says: its ``__next__``
    raises StopIteration."""

    def __init__(self, n: int) -> None:
        self.left = n

    def __iter__(self) -> _Counted:
        return self

    def __next__(self) -> float:
        if not self.left:
            raise StopIteration
        self.left -= 1
        return 2.0


class _Stepped:
    """An iterator of the student's whose ``__next__`` is a method of another name
    (``__next__ = step``): Python runs it as a frame named ``step``."""

    def __init__(self, n: int) -> None:
        self.left = n

    def __iter__(self) -> _Stepped:
        return self

    def step(self) -> float:
        if not self.left:
            raise StopIteration
        self.left -= 1
        return 2.0

    __next__ = step


def _step_of(state: Any) -> float:
    """One step of an iterator of the student's, written as a plain function of its state:
    StopIteration at its end, as Python's protocol says."""
    if not state.left:
        raise StopIteration
    state.left -= 1
    return 2.0


class _PartialMethod:
    """An iterator whose ``__next__`` is a ``functools.partialmethod`` of that function."""

    def __init__(self, n: int) -> None:
        self.left = n

    def __iter__(self) -> _PartialMethod:
        return self

    __next__ = functools.partialmethod(_step_of)


class _State:
    def __init__(self, n: int) -> None:
        self.left = n


def _partial_next(n: int) -> Any:
    """An iterator whose ``__next__`` is a ``functools.partial`` of that function over a
    state of its own (a partial is no descriptor: Python calls it without the iterator)."""

    class Partial:
        def __iter__(self) -> Any:
            return self

        __next__ = functools.partial(_step_of, _State(n))

    return Partial()


def _ended(steps: int) -> Any:
    """A generator of the student's that returns after ``steps`` entries."""
    yield from [2.0] * steps
    return "done"


_ENDED_BY_THEM = {
    "en": "g: raised StopIteration (raised inside a function the map or filter calls, it ends "
    "the iteration early, as if there were no more entries)",
    "zh": "g：抛出了 StopIteration（迭代器已经没有下一项了）（在 map(f, xs) 或 filter(f, xs) "
    "调用的函数 f 里抛出它，迭代会就此提前结束，好像后面没有项了）",
}


@pytest.mark.parametrize("lang", editions.LANGS)
@pytest.mark.parametrize(
    "read",
    [
        lambda ex, got: ex.expect_close_all("g", got, [0.5, 1.0, 1.5]),
        lambda ex, got: ex.returned_items("g", got, 3, ("3 numbers", "3 个数")),
        lambda ex, got: ex.listed_once("g", got, 3),
    ],
    ids=["expect_close_all", "returned_items", "listed_once"],
)
@pytest.mark.parametrize(
    "make",
    [lambda: map(_halving, [1, 2, 3]), lambda: filter(lambda x: _halving(x) > 0, [1, 2, 3])],
    ids=["map", "filter"],
)
def test_a_stop_iteration_of_the_student_s_is_told_as_theirs(
    lang: str, read: Callable[[Any, Any], Any], make: Callable[[], Any]
) -> None:
    """``map(f, xs)`` whose f raised StopIteration (``next()`` past an end) ended there
    as if it had no more entries, and was told "expected 3 entries, got 1": a wrong
    length, where the error is the student's. It is told as their StopIteration, as any
    error of their function is."""
    ex = editions.package(lang)
    said = raised(lang, lambda: read(ex, make()))
    assert said == _ENDED_BY_THEM[lang], said
    (editions.assert_english if lang == "en" else editions.assert_chinese)(said)


@pytest.mark.parametrize("lang", editions.LANGS)
@pytest.mark.parametrize(
    "make",
    [
        lambda: map(float, [1, 2]),
        lambda: map(float, _Counted(2)),
        lambda: map(float, _ended(2)),
        lambda: map(float, _Stepped(2)),
        lambda: map(float, _PartialMethod(2)),
        lambda: map(float, _partial_next(2)),
        lambda: zip(_partial_next(2)),
        lambda: map(float, map(float, _partial_next(2))),
    ],
    ids=[
        "list",
        "__next__",
        "generator's return",
        "__next__ = step",
        "__next__ = partialmethod",
        "__next__ = partial",
        "zip",
        "map of a map",
    ],
)
def test_an_iterator_s_own_end_is_still_a_length(lang: str, make: Callable[[], Any]) -> None:
    """A map whose iterable ends (a list's iterator in C, an iterator class's
    ``__next__``, a generator that returns a value) has no more entries: told its
    length, as before. One whose ``__next__`` is a ``functools.partial`` or
    ``partialmethod`` was told "raised inside a function the map or filter calls, it ends
    the iteration early": its frame is the wrapped function's, not named ``__next__``."""
    ex = editions.package(lang)
    said = raised(lang, lambda: ex.expect_close_all("g", make(), [2.0, 2.0, 2.0]))
    assert said == {"en": "g: expected 3 entries, got 2", "zh": "g：应有 3 项，实际有 2 项"}[lang]


def _gradients_by_next(w: float, b: float, a_prev: float, y: float) -> Any:
    """nb02's three derivatives as a map whose function calls ``next()`` on an iterator of
    two: the third entry raises StopIteration."""
    a = 1 / (1 + math.exp(-(w * a_prev + b)))
    dz = a * (1 - a) * 2 * (a - y)
    made = iter([a_prev * dz, dz])
    return map(lambda _: next(made), range(3))


def test_nb02_tells_a_stop_iteration_of_the_student_s_as_theirs() -> None:
    """nb02's output-layer check reads a generator or a map itself (its other cases' pairs
    run the function outside call()): a map whose function raised StopIteration was told
    "expected 3 numbers …, got 2", as the readers of expect_close_all and returned_items
    told it before."""
    said = _told("nb02.check_output_layer", _gradients_by_next)
    case = "output_layer_gradients(w=0.8, b=0.2, a_prev=0.6, y=1)"
    assert said["en"] == case + _ENDED_BY_THEM["en"].removeprefix("g"), said["en"]
    assert said["zh"] == case + _ENDED_BY_THEM["zh"].removeprefix("g"), said["zh"]


def _gradients_raising(w: float, b: float, a_prev: float, y: float) -> Any:
    """nb02's three derivatives from a function that raises StopIteration itself: no map,
    no filter anywhere."""
    raise StopIteration


def _gradients_by_a_filter(w: float, b: float, a_prev: float, y: float) -> Any:
    """nb02's three derivatives as a filter whose test calls ``next()`` past an end."""
    a = 1 / (1 + math.exp(-(w * a_prev + b)))
    dz = a * (1 - a) * 2 * (a - y)
    kept = iter([True, True])
    return filter(lambda _: next(kept), [a_prev * dz, dz, w * dz])


def test_nb02_tells_a_plain_stop_iteration_without_a_map() -> None:
    """``call``'s ``known`` covered the whole call in nb02: a function that simply raised
    StopIteration was told it was "raised inside the f of map(f, xs)", a map it has not."""
    said = _told("nb02.check_output_layer", _gradients_raising)
    case = "output_layer_gradients(w=0.8, b=0.2, a_prev=0.6, y=1)"
    assert said["en"].startswith(case + ": raised StopIteration"), said["en"]
    assert said["zh"].startswith(case + "：抛出了 StopIteration（迭代器已经没有下一项了）"), said[
        "zh"
    ]
    for words in ("map", "filter", "提前结束"):
        assert words not in said["en"] and words not in said["zh"], said


def test_nb02_tells_a_filter_s_test_as_a_function_the_filter_calls() -> None:
    """A filter's test raising StopIteration was told it was "the f of map(f, xs)"."""
    said = _told("nb02.check_output_layer", _gradients_by_a_filter)
    case = "output_layer_gradients(w=0.8, b=0.2, a_prev=0.6, y=1)"
    assert said["en"] == case + _ENDED_BY_THEM["en"].removeprefix("g"), said["en"]
    assert said["zh"] == case + _ENDED_BY_THEM["zh"].removeprefix("g"), said["zh"]


@pytest.mark.parametrize("lang", editions.LANGS)
def test_an_iterator_class_s_own_end_under_another_name_is_a_length(lang: str) -> None:
    """An iterator class of the student's whose ``__next__ = step`` ends as Python's
    protocol says: its end was read by its frame's name ("step", not "__next__") and told
    as their StopIteration; it is the answer's length."""
    ex = editions.package(lang)
    said = raised(lang, lambda: ex.returned_items("g", _Stepped(2), 3, ("3 numbers", "3 个数")))
    assert (
        said
        == {"en": "g: expected 3 numbers, got 2", "zh": "g：应返回3 个数，实际返回了 2 个"}[lang]
    ), said
