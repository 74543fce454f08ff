"""A check reads a student's list, tuple or array by its type, never by their code.

``expect_close_all`` iterated any answer (``list(got)``) and ``hessian_shape`` read the
student's objects inside the checker (``len``, iteration, ``float()``): a student's
iterable whose ``__iter__``, ``__next__`` or ``__len__`` raised stopped the check with
their error shown as the checker's own, and a generator's code ran outside the time
limit. Only the known containers are read now — a list or a tuple (by list's and
tuple's own iteration), a range, numpy's array, an installed library's array, and a
generator or a map through call() (timed, its error the student's) — and anything else
is told what it is and that a sequence was due.
"""

# ruff: noqa: RUF001 (the Chinese messages it reads have full-width punctuation)

from __future__ import annotations

import array
import collections
import tracemalloc
from collections.abc import Callable
from typing import Any

import editions
import numpy as np
import pytest
from exercise_cases import mistake, raised

from autograd_mini import grad, hessian

#: The student's code that ran inside a check (it must not).
RAN: list[str] = []


class Rows:
    """A student's iterable of numbers whose iteration raises."""

    def __iter__(self) -> Any:
        RAN.append("__iter__")
        raise RuntimeError("the student's __iter__ ran")

    def __len__(self) -> int:
        RAN.append("__len__")
        raise RuntimeError("the student's __len__ ran")


class Counted(list[Any]):
    """A student's class(list) whose own __len__ and __iter__ raise."""

    def __len__(self) -> int:
        RAN.append("Counted.__len__")
        raise RuntimeError("the student's __len__ ran")

    def __iter__(self) -> Any:
        RAN.append("Counted.__iter__")
        raise RuntimeError("the student's __iter__ ran")


class Shaped:
    """A student's object holding a shape, as an array does, with its own ravel."""

    shape = (2, 1)

    def ravel(self) -> Any:
        RAN.append("ravel")
        raise RuntimeError("the student's ravel ran")


def _numbers() -> Any:
    RAN.append("generator")
    yield 1.0
    yield 2.0


@pytest.mark.parametrize("lang", editions.LANGS)
@pytest.mark.parametrize(
    ("got", "shown"),
    [
        (Rows(), {"en": "<Rows object>", "zh": "<Rows 对象>"}),
        (Shaped(), {"en": "<Shaped object>", "zh": "<Shaped 对象>"}),
    ],
    ids=["iterable", "shape held"],
)
def test_an_object_of_the_student_s_is_told_not_a_sequence(
    lang: str, got: Any, shown: dict[str, str]
) -> None:
    RAN.clear()
    said = raised(lang, lambda: editions.package(lang).expect_close_all("g", got, [1.0, 2.0]))
    due = {"en": "g: expected a sequence, got ", "zh": "g：应当是一个序列（列表或数组），得到的是 "}
    assert said.startswith(due[lang] + shown[lang]), said
    assert RAN == [], RAN


@pytest.mark.parametrize("lang", editions.LANGS)
def test_a_class_of_list_is_read_as_the_list_it_holds(lang: str) -> None:
    """A class(list) of the student's is its entries, read by list's own iteration."""
    RAN.clear()
    edition = editions.package(lang)
    edition.expect_close_all("g", Counted([1.0, 2.0]), [1.0, 2.0])
    said = raised(lang, lambda: edition.expect_close_all("g", Counted([1.0, 2.5]), [1.0, 2.0]))
    assert said.startswith("g[1]"), said
    assert RAN == [], RAN


@pytest.mark.parametrize("lang", editions.LANGS)
@pytest.mark.parametrize(
    ("right", "wrong"),
    [
        (range(3), range(0, 6, 2)),
        (collections.deque([0, 1, 2]), collections.deque([0, 2, 4])),
        (array.array("d", [0, 1, 2]), array.array("d", [0, 2, 4])),
    ],
    ids=["range", "deque", "array.array"],
)
def test_python_s_own_sequences_are_read(lang: str, right: Any, wrong: Any) -> None:
    """range(3) for the entries 0, 1, 2 was told "expected a sequence, got range(0, 3)":
    a range, a deque and an array.array are Python's own sequences, read by their own
    type's iteration, each entry compared as any list's is (the wrong one named)."""
    edition = editions.package(lang)
    edition.expect_close_all("g", right, [0.0, 1.0, 2.0])
    said = raised(lang, lambda: edition.expect_close_all("g", wrong, [0.0, 1.0, 2.0]))
    assert said.startswith("g[1]"), said
    assert "2" in said.split("g[1]")[1], said


def _halves() -> Any:
    RAN.append("generator")
    yield 1.0
    yield 1 / 0


@pytest.mark.parametrize("lang", editions.LANGS)
def test_a_generator_or_a_map_is_read_through_call(lang: str) -> None:
    """``map(float, xs)`` or a generator of the right numbers was refused, "expected a
    sequence, got <map object>": it is read once, through call(), its code (the
    generator's body, the function mapped) timed and its error told as the student's —
    never as the checker's own ZeroDivisionError."""
    RAN.clear()
    edition = editions.package(lang)
    edition.expect_close_all("g", _numbers(), [1.0, 2.0])
    assert RAN == ["generator"], RAN
    edition.expect_close_all("g", map(float, ["1", "2"]), [1.0, 2.0])
    edition.expect_close_all("g", [map(abs, [-1, 2]), (x for x in (3.0, 4.0))], [[1, 2], [3, 4]])
    said = raised(lang, lambda: edition.expect_close_all("g", map(abs, [-1, 3]), [1.0, 2.0]))
    assert said.startswith("g[1]"), said
    said = raised(lang, lambda: edition.expect_close_all("g", _halves(), [1.0, 2.0]))
    raised_words = {"en": "g: raised ZeroDivisionError", "zh": "g：抛出了 ZeroDivisionError"}
    assert said.startswith(raised_words[lang]), said


_DICT_SAID = {
    "en": " — a dict holds keys and values, and which are the entries is not said: return a "
    "list of the entries in order, e.g. list(d.values())",
    "zh": "——字典里既有键又有值，看不出哪些才是要的各项：请按顺序返回由各项组成的列表，"
    "例如 list(d.values())",
}


@pytest.mark.parametrize("lang", editions.LANGS)
@pytest.mark.parametrize(
    ("got", "said"),
    [
        ({0: 1.0, 1: 2.0}, _DICT_SAID),
        ({0: 1.0, 1: 2.0}.values(), _DICT_SAID),
        (
            {1.0, 2.0},
            {
                "en": " — a set has no order: return a list of the entries in order",
                "zh": "——集合没有顺序：请按顺序返回由各项组成的列表",
            },
        ),
        (
            "1.0 2.0",
            {
                "en": " — text, not numbers: return the numbers themselves in a list or an array",
                "zh": "——这是文本，不是数：请把这些数本身放进列表或数组返回",
            },
        ),
        (
            Rows(),
            {
                "en": " — return the entries in a list or a numpy array",
                "zh": "——请把各项放进列表或数组（np.array）返回",
            },
        ),
    ],
    ids=["dict", "dict values", "set", "string", "iterable"],
)
def test_an_answer_not_read_is_told_what_to_write(
    lang: str, got: Any, said: dict[str, str]
) -> None:
    """A dict (its keys or its values?), a set (no order), a string (text) or an object of
    the student's is refused, and was told only "expected a sequence, got {0: 1.0, 1:
    2.0}": the message says what to return instead, in each edition's words."""
    RAN.clear()
    told = raised(lang, lambda: editions.package(lang).expect_close_all("g", got, [1.0, 2.0]))
    assert told.endswith(said[lang]), told
    (editions.assert_english if lang == "en" else editions.assert_chinese)(told)
    assert RAN == [], RAN


def _cost(w1: float, w2: float) -> Any:
    return (w1 - 1) ** 2 + w1 * w2 + 2 * (w2 + 2) ** 2


def _dividing_by_its_own_rows(cost: Any, w: Any) -> Any:
    """Divides by hessian's matrix held in a class(list) of the student's (a TypeError)."""
    matrix = Counted(hessian(cost, argnums=(0, 1))(*w))
    g = grad(cost, argnums=(0, 1))(*w)
    return g / matrix


def _its_own_pair(cost: Any, w: Any) -> Any:
    """Passes grad an object of the student's whose iteration raises, as one argument."""
    return grad(cost, argnums=(0, 1))(Rows())


@pytest.mark.parametrize("lang", editions.LANGS)
@pytest.mark.parametrize(
    "newton_step", [_dividing_by_its_own_rows, _its_own_pair], ids=["matrix", "pair"]
)
def test_hessian_shape_reads_no_object_of_the_student_s(lang: str, newton_step: Any) -> None:
    """hessian_shape read a name's value as hessian's matrix by its length and rows, and
    an argument given grad's function as a pair by its iteration and float(): a
    student's class(list) or iterable raising there stopped nb07's check as the
    checker's own error. The student's code is told as call tells it."""
    RAN.clear()
    said = mistake(lang, "nb07.check_newton_step", newton_step, _cost)
    assert said.startswith("newton_step(cost, "), said
    assert "TypeError" in said or "IndexError" in said, said
    assert all(ran.startswith(("Counted", "__iter__")) for ran in RAN), RAN  # theirs, called


@pytest.mark.parametrize("lang", editions.LANGS)
def test_nb07_reads_no_object_of_the_student_s_for_its_hints(lang: str) -> None:
    """nb07's newton step check compared the answer for q with the notebook's cost's step
    by zip() and math.isclose (its iteration and float()), and matched its slips by len()
    and list(): an object of the student's raising there stopped the check."""
    RAN.clear()
    said = mistake(lang, "nb07.check_newton_step", lambda cost, w: Rows(), _cost)
    assert {"en": "got <Rows object>", "zh": "得到的是 <Rows 对象>"}[lang] in said, said
    assert RAN == [], RAN
    said = mistake(lang, "nb07.check_newton_step", lambda cost, w: np.ones((2, 2)), _cost)
    assert "(2, 2)" in said, said


class Grads(dict[Any, float]):
    """A student's class(dict) whose own reading methods raise (its items are right)."""

    def __len__(self) -> int:
        RAN.append("Grads.__len__")
        raise RuntimeError("the student's __len__ ran")

    def __iter__(self) -> Any:
        RAN.append("Grads.__iter__")
        raise RuntimeError("the student's __iter__ ran")

    def get(self, key: Any, default: Any = None) -> Any:
        RAN.append("Grads.get")
        raise RuntimeError("the student's get ran")

    def values(self) -> Any:
        RAN.append("Grads.values")
        raise RuntimeError("the student's values ran")


def _my_backward(root: Any) -> Any:
    """nb05's solution, returning its dictionary as a Grads."""
    from autograd_mini import topological_order

    grads = {root: 1.0}
    for node in topological_order(root):
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            grads[parent] = grads.get(parent, 0.0) + local * grads[node]
    return Grads(grads)


def _newton(f: Any, x0: float, steps: int) -> Any:
    """nb06's solution, returning its iterates as a Counted (a class(list))."""
    df, d2f = grad(f), grad(grad(f))
    xs = [x0]
    for _ in range(steps):
        xs.append(xs[-1] - df(xs[-1]) / d2f(xs[-1]))
    return Counted(xs)


@pytest.mark.parametrize("lang", editions.LANGS)
@pytest.mark.parametrize(
    ("check", "answer"),
    [("nb05.check_my_backward", _my_backward), ("nb06.check_newton", _newton)],
    ids=["nb05 dict", "nb06 list"],
)
def test_a_right_answer_in_a_class_of_the_student_s_passes(
    lang: str, check: str, answer: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """nb05 read the student's dictionary by its own len, iteration, values() and get(),
    and nb06 the list of iterates by list() (a class(list)'s own __iter__) and len():
    a class of theirs whose own methods raised stopped the check as the checker's error.
    A dict's and a list's entries are read by dict's and list's own code."""
    RAN.clear()
    from exercise_cases import check_of

    assert editions.verdict(check_of(lang, check)(answer))
    assert RAN == [], RAN


@pytest.mark.parametrize("lang", editions.LANGS)
def test_nb06_tells_an_iterable_of_the_student_s_what_it_is(lang: str) -> None:
    RAN.clear()
    said = mistake(lang, "nb06.check_newton", lambda f, x0, steps: Rows())
    assert {"en": "got <Rows object>", "zh": "得到的是 <Rows 对象>"}[lang] in said, said
    due = {
        "en": ": return the list [x0, x1] of every iterate, x0 included",
        "zh": "：请返回由包括 x0 在内的每个迭代值组成的列表 [x0, x1]",
    }
    assert said.endswith(due[lang]), said  # what to write, as for one number
    assert RAN == [], RAN


def _yielding(f: Any, x0: float, steps: int) -> Any:
    """nb06's solution as a generator: it yields each iterate, x0 first."""
    df, d2f = grad(f), grad(grad(f))
    x = x0
    yield x
    for _ in range(steps):
        x = x - df(x) / d2f(x)
        yield x


def _mapped(f: Any, x0: float, steps: int) -> Any:
    """nb06's solution's iterates handed back as map(float, xs)."""
    return map(float, [*_yielding(f, x0, steps)])


def _yielding_a_step_too_far(f: Any, x0: float, steps: int) -> Any:
    """A generator of iterates whose last step divides by zero."""
    yield from _yielding(f, x0, steps)
    yield 1 / 0


@pytest.mark.parametrize("lang", editions.LANGS)
def test_nb06_reads_a_generator_of_iterates(lang: str) -> None:
    """newton yielding each iterate (or returning map(float, xs)) was told "expected a list
    of 2 numbers, got <generator object …>" though its iterates were right: it is read
    once through call(), and an error in its body is told as the student's."""
    from exercise_cases import check_of

    assert editions.verdict(check_of(lang, "nb06.check_newton")(_yielding))
    assert editions.verdict(check_of(lang, "nb06.check_newton")(_mapped))
    said = mistake(lang, "nb06.check_newton", _yielding_a_step_too_far)
    words = {"en": "raised ZeroDivisionError", "zh": "抛出了 ZeroDivisionError"}
    assert said.startswith("newton(f, 2.0, 1)") and words[lang] in said, said


class Arrayish:
    """A student's object numpy asks for an array (its __array__ raising)."""

    def __array__(self, *args: Any, **kwargs: Any) -> Any:
        RAN.append("__array__")
        raise RuntimeError("the student's __array__ ran")


def _updates(x: Any, b: Any, g: Any, e: Any, eta: float) -> Any:
    """nb03's solution with ΔV an object of the student's."""
    return eta * np.outer(b, g), -eta * g, Arrayish(), -eta * e


@pytest.mark.parametrize("lang", editions.LANGS)
def test_nb03_and_nb04_read_no_object_of_the_student_s_for_their_hints(lang: str) -> None:
    """nb03's order hint read each returned array's shape by np.shape (a student's
    object's __array__), and nb04's "what it returned" read a class(list) by its own
    __iter__: their errors stopped the checks as the checker's own."""
    RAN.clear()
    said = mistake(lang, "nb03.check_updates", _updates)
    assert {"en": "ΔV: expected a sequence, got <Arrayish object>", "zh": "<Arrayish 对象>"}[
        lang
    ] in said, said
    said = mistake(lang, "nb04.check_sgd_step", lambda params, lr: Counted(params))
    assert {"en": "no parameter changed", "zh": "没有一个参数改变"}[lang] in said, said
    assert RAN == [], RAN


class _HalfGradients:
    """nb02's three derivatives with ∂C₀/∂w halved, as a callable object of the
    student's whose ``__getattr__`` raises (its ``__call__`` is all it has)."""

    def __getattr__(self, name: str) -> Any:
        RAN.append(name)
        raise RuntimeError(f"the student's __getattr__ ran for {name}")

    def __call__(self, w: float, b: float, a_prev: float, y: float) -> Any:
        a = 1 / (1 + np.exp(-(w * a_prev + b)))
        rest = 2 * (a - y) * a * (1 - a)
        return float(rest * a_prev / 2), float(rest), float(rest * w)


@pytest.mark.parametrize("lang", editions.LANGS)
def test_a_callable_object_is_asked_for_no_code_or_globals(lang: str) -> None:
    """The learning-rate slips read the student's function's ``__code__`` and
    ``__globals__`` by getattr: a callable object of theirs ran its ``__getattr__``,
    whose error stopped nb02's check as the checker's own. Its slip is told now."""
    RAN.clear()
    said = mistake(lang, "nb02.check_output_layer", _HalfGradients())
    assert {"en": "(exactly half", "zh": "（正好是一半"}[lang] in said, said
    assert RAN == [], RAN


class Everything:
    """A student's answer whose every protocol Python or numpy asks of it raises."""

    def __getattr__(self, name: str) -> Any:
        RAN.append(name)
        raise RuntimeError(f"the student's __getattr__ ran for {name}")

    def __len__(self) -> int:
        RAN.append("__len__")
        raise RuntimeError("the student's __len__ ran")

    def __float__(self) -> float:
        RAN.append("__float__")
        raise RuntimeError("the student's __float__ ran")


@pytest.mark.parametrize("lang", editions.LANGS)
@pytest.mark.parametrize(
    ("check", "answer"),
    [
        ("nb03.check_g_j", Everything()),
        ("nb03.check_e_h", Everything()),
        ("nb03.check_delta_step", (Everything(), Everything())),
        ("nb06.check_softplus_derivative", float("nan")),
        ("nb07.check_cheaper_mode", Counted(["reverse", 1])),
        ("nb07.check_neuron_tangent", Counted([1.0, 2.0])),
    ],
    ids=["nb03 g_j", "nb03 e_h", "nb03 delta_step", "nb06 nan", "nb07 mode", "nb07 tangent"],
)
def test_an_answer_is_told_not_stopped_on(lang: str, check: str, answer: Any) -> None:
    """Each of these answers stopped its check with an error of the student's code or the
    engine's, told only as "stopped with RuntimeError (the error above …)": nb03's slip
    hints asked numpy for the answer's array (its __array__, __len__), nb06 gave a nan
    derivative to gradcheck (the engine's InfiniteDerivative), nb07 read a class(list)'s
    own __len__. Each is told what the answer is now."""
    RAN.clear()
    said = mistake(lang, check, lambda *args: answer)
    assert "stopped with" not in said and "运行中出错" not in said, said
    assert not [ran for ran in RAN if ran.startswith("Counted")], RAN


def _forever() -> Any:
    """A generator of the student's that never ends (``while True: … yield x``)."""
    x = 0.0
    while True:
        x += 1.0
        yield x


@pytest.mark.parametrize("lang", editions.LANGS)
@pytest.mark.parametrize(
    "make",
    [_forever, lambda: map(float, range(1_000_000)), lambda: (x for x in (1.0, 2.0, 3.0))],
    ids=["never ends", "C map of a million", "one more"],
)
def test_a_generator_or_a_map_is_read_no_further_than_due(
    lang: str, make: Any, short_limit: float
) -> None:
    """A generator that never ends ran the whole time limit (20 s in a notebook, its
    entries filling memory) to be told "still running … a loop whose stopping rule is
    never met?", and a map of C code alone (map(float, itertools.count())) is never
    stopped by the limit, which is looked at between Python's bytecodes only: it filled
    memory until a MemoryError. One entry more than due is read, and the answer told it
    has more, at once (well inside the limit here, cut to 0.3 s)."""
    said = raised(lang, lambda: editions.package(lang).expect_close_all("g", make(), [1.0, 2.0]))
    more = {"en": "g: expected 2 entries, got more than 2", "zh": "g：应有 2 项，实际多于 2 项"}
    assert said == more[lang], said


def _newton_forever(f: Any, x0: float, steps: int) -> Any:
    """nb06's solution as a generator that ignores ``steps``: it never ends."""
    df, d2f = grad(f), grad(grad(f))
    x = x0
    while True:
        yield x
        x = x - df(x) / d2f(x)


@pytest.mark.parametrize("lang", editions.LANGS)
def test_nb06_reads_a_generator_of_iterates_no_further_than_due(
    lang: str, short_limit: float
) -> None:
    """newton yielding its iterates forever, steps unread, was read until the time limit
    stopped it ("still running …"): it is read one iterate past the steps asked for and
    told so."""
    said = mistake(lang, "nb06.check_newton", _newton_forever)
    words = {
        "en": "newton(f, 2.0, 1) for f = x⁴ − 2x²: expected 2 iterates x0 … x1, got more than 2",
        "zh": "newton(f, 2.0, 1)（f = x⁴ − 2x²）：应有 2 个迭代值 x0 … x1，实际多于 2 个",
    }
    assert said == words[lang], said


@pytest.mark.parametrize("lang", editions.LANGS)
def test_reversed_of_a_list_is_read_as_reversed_of_a_tuple_is(lang: str) -> None:
    """reversed((2.0, 1.0)) was read (its type, ``reversed``, is listed) and reversed([2.0,
    1.0]) refused, "expected a sequence, got <list_reverseiterator object> — return the
    entries in a list or a numpy array": a list's reverse iterator is its own type. Both
    are read now, the wrong entry named as in a list."""
    edition = editions.package(lang)
    edition.expect_close_all("g", reversed((2.0, 1.0)), [1.0, 2.0])
    edition.expect_close_all("g", reversed([2.0, 1.0]), [1.0, 2.0])
    said = raised(lang, lambda: edition.expect_close_all("g", reversed([3.0, 1.0]), [1.0, 2.0]))
    assert said.startswith("g[1]"), said


def _descending(f: Any, x0: float, steps: int) -> list[float]:
    """Gradient descent where Newton's step is due: x − 0.1·f′(x), a list."""
    df = grad(f)
    xs = [x0]
    for _ in range(steps):
        xs.append(xs[-1] - 0.1 * df(xs[-1]))
    return xs


def _growing(f: Any, x0: float, steps: int) -> list[Any]:
    """Newton's iterates, right for 3 steps, then an int past a float (OverflowError)."""
    df, d2f = grad(f), grad(grad(f))
    xs: list[Any] = [x0]
    for k in range(steps):
        xs.append(xs[-1] - df(xs[-1]) / d2f(xs[-1]) if k < 3 else xs[-1] + 10**400 * 1.0)
    return xs


@pytest.mark.parametrize("lang", editions.LANGS)
@pytest.mark.parametrize(
    "make",
    [_forever, lambda: map(float, range(1_000_000))],
    ids=["never ends", "C map of a million"],
)
def test_returned_items_reads_no_further_than_due(lang: str, make: Any, short_limit: float) -> None:
    """returned_items (nb02's three gradients, nb03's four updates) read a generator or
    an iterable of the student's to its end: one that never ends ran the whole time limit
    ("still running …"), and a map of C code alone is never stopped by it. One entry more
    than due is read, and the answer told it has more."""
    edition = editions.package(lang)
    said = raised(lang, lambda: edition.returned_items("f()", make(), 3, ("3 numbers", " 3 个数")))
    more = {
        "en": "f(): expected 3 numbers, got more than 3",
        "zh": "f()：应返回 3 个数，实际返回的多于 3 个",
    }
    assert said == more[lang], said


@pytest.mark.parametrize("lang", editions.LANGS)
@pytest.mark.parametrize(
    "got",
    [
        np.arange(5.0),
        range(5),
        collections.deque([1.0, 2.0, 3.0, 4.0, 5.0]),
        {1.0, 2.0, 3.0, 4.0, 5.0},
        range(10**20),
    ],
    ids=["array", "range", "deque", "set", "range past len()"],
)
def test_returned_items_tells_a_sized_answer_its_length(lang: str, got: Any) -> None:
    """Reading one entry more than due (for a generator that never ends) told an array, a
    range or a deque of 5 where 3 numbers are due "got more than 3", where its length is
    known and expect_close_all says "got 5". It is told its length. Oracle: the length
    written out (10**20 for a range len() refuses)."""
    edition = editions.package(lang)
    said = raised(lang, lambda: edition.returned_items("g()", got, 3, ("3 numbers", " 3 个数")))
    n = 10**20 if isinstance(got, range) and got.stop == 10**20 else 5
    told = {
        "en": f"g(): expected 3 numbers, got {n}",
        "zh": f"g()：应返回 3 个数，实际返回了 {n} 个",
    }
    assert said == told[lang], said


def _cleaning_up() -> Any:
    """A generator of the student's with a ``finally`` block (as a ``with`` block's exit)."""
    try:
        yield 1.0
        yield 2.0
        yield 3.0
    finally:
        RAN.append("finally")


@pytest.mark.parametrize("lang", editions.LANGS)
def test_a_generator_read_in_part_is_closed_inside_the_check(lang: str) -> None:
    """A generator read as far as one entry more than due is left part-read: its finally
    block ran whenever it was collected, outside call() (an error there printed as
    "Exception ignored in: <generator object …>", a loop there never stopped). It is
    closed where it was read, through call(): its finally has run when the check tells
    the answer."""
    RAN.clear()
    held = _cleaning_up()  # held here, as a notebook's variable holds it
    said = raised(lang, lambda: editions.package(lang).expect_close_all("g", held, [1.0, 2.0]))
    assert said.startswith("g"), said
    assert RAN == ["finally"], RAN


def _solved(cost: Any, w: Any, sign: float) -> list[float]:
    """w + sign·H⁻¹∇C by Cramer's rule, H and ∇C the engine's (nb07's step is sign −1)."""
    (h11, h12), (h21, h22) = hessian(cost, argnums=(0, 1))(*w)
    g1, g2 = grad(cost, argnums=(0, 1))(*w)
    det = h11 * h22 - h12 * h21
    return [w[0] + sign * (h22 * g1 - h12 * g2) / det, w[1] + sign * (h11 * g2 - h21 * g1) / det]


def _wrong_way(cost: Any, w: Any) -> list[float]:
    """w + H⁻¹∇C: the step taken uphill."""
    return _solved(cost, w, 1.0)


def _notebook_s_cost(cost: Any, w: Any) -> list[float]:
    """Newton's step of the notebook's cost whatever cost it is given."""
    return _solved(_cost, w, -1.0)


@pytest.mark.parametrize("lang", editions.LANGS)
@pytest.mark.parametrize(
    ("check", "listed", "extra"),
    [
        ("nb06.check_newton", _descending, ()),
        ("nb06.check_newton", _growing, ()),
        ("nb07.check_newton_step", _wrong_way, (_cost,)),
        ("nb07.check_newton_step", _notebook_s_cost, (_cost,)),
    ],
    ids=["nb06 descent", "nb06 past a float", "nb07 uphill", "nb07 own cost"],
)
def test_a_generator_is_hinted_as_its_list_is(
    lang: str, check: str, listed: Any, extra: tuple[Any, ...]
) -> None:
    """The hints read a list, a tuple or an array alone. nb06's probe newton again (x −
    η·f′ on another f; shorter runs for the step where the iterates grew past a float): a
    generator of the same iterates was told 'got -0.4' with no word of gradient descent,
    or the OverflowError with no step named. nb07's match its slips and ask whether the
    step is the notebook's cost's: the same step yielded was told "opposite sign: check
    the sign of the formula" (uphill) and "[0]: expected 1, got 2.285714286" (its own
    cost). A generator is read once through call() and told as its list is."""

    def yielding(*args: Any) -> Any:
        yield from listed(*args)

    as_list = mistake(lang, check, listed, *extra)
    assert not as_list.endswith(("-0.4", "float")), as_list  # the list is given a hint
    assert mistake(lang, check, yielding, *extra) == as_list


#: A range far longer than due: its entries as a list take ≈ 36 MB (a pointer and an
#: int object each), where its length alone takes nothing.
_LONG = 10**6


def _told_within(said: Callable[[], str], most: int) -> str:
    """What ``said`` tells, with the most memory it allocated at once held under ``most``
    bytes (tracemalloc's peak: Python's own allocations, the list of a range's entries)."""
    tracemalloc.start()
    try:
        told = said()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < most, (peak, told)
    return told


@pytest.mark.parametrize("lang", editions.LANGS)
@pytest.mark.parametrize(
    ("check", "told"),
    [
        (
            lambda lang: raised(
                lang,
                lambda: editions.package(lang).expect_close_all("f()", range(_LONG), [1.0, 2.0]),
            ),
            {
                "en": "f(): expected 2 entries, got 1000000",
                "zh": "f()：应有 2 项，实际有 1000000 项",
            },
        ),
        (
            lambda lang: raised(
                lang, lambda: editions.package(lang).expect_close("f()", range(_LONG), 0.5)
            ),
            {
                "en": "f(): expected a number, got range(0, 1000000) — 1000000 entries where one "
                "number is due",
                "zh": "f()：应当是一个数，得到的是 range(0, 1000000)——里面有 1000000 项，"
                "而这里只要一个数",
            },
        ),
        (
            lambda lang: mistake(lang, "nb06.check_newton", lambda f, x0, steps: range(_LONG)),
            {
                "en": "newton(f, 2.0, 1) for f = x⁴ − 2x²: expected 2 iterates x0 … x1, "
                "got 1000000",
                "zh": "newton(f, 2.0, 1)（f = x⁴ − 2x²）：应有 2 个迭代值 x0 … x1，"
                "实际有 1000000 个",
            },
        ),
        (
            lambda lang: mistake(lang, "nb07.check_newton_step", lambda c, w: range(_LONG), _cost),
            {
                "en": "newton_step(cost, (0.0, 0.0)): expected 2 entries, got 1000000",
                "zh": "newton_step(cost, (0.0, 0.0))：应有 2 项，实际有 1000000 项",
            },
        ),
    ],
    ids=["expect_close_all", "expect_close", "nb06 newton", "nb07 newton_step"],
)
def test_a_long_range_is_told_its_length_without_its_entries(
    lang: str, check: Any, told: dict[str, str]
) -> None:
    """A range was read in full to be counted (untimed C code): expect_close_all("f()",
    range(10**8), [1., 2.]) built a list of 10**8 entries, a MemoryError under a memory
    cap told as the student's; so did expect_close's word for it, nb06's iterates and
    nb07's step hints. Its length is read off it and told, and no list is built. Oracle:
    the length written out; a list of 10**6 entries allocates ≈ 36 MB, 10 MB is the
    bound (the checks' own work takes ≈ 3 MB)."""
    assert _told_within(lambda: check(lang), 10_000_000) == told[lang]
