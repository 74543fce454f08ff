"""A student's number too long for its digits is shown by its size, in every message.

nb07's cheaper_mode answering ("reverse", 10**400) was told "reverse mode makes 1 pass,
got 1000…000", all 401 digits, where the other checks show a number past a float as
"≈ 1.000e+400"; an int of more than 4,300 digits has no repr at all (Python's limit),
and the check stopped with its own "stopped with ValueError". The messages now show the
student's values through :func:`exercises.shown.short`, which shows an int or a Fraction
of more than 40 digits by its size. Oracle: the sizes by hand (10**400 = 1.000e+400,
-2·10**5000 = -2.000e+5000, 10**400/3 = 3.333e+399). The same check's mode given as a
list stopped it with its own TypeError; it is told as the mode it is not.

Every other message that quoted a student's value with ``!r`` (expect_close's "expected a
number, got", expect_close_all's "expected a sequence", returned_items, nb06's "expected a
list", nb00's node, nb07's pairs and triples, a NotImplementedError's words) printed a list
of 10,000 numbers whole, or stopped at an int past 4,300 digits: they show it through
``short`` too. A Value read "<Value object>" there (its ``__repr__`` is Python's), a tiny
Fraction "Fraction(1, ≈ 1.000e+60)": a Value is shown by its ``.data``, a Fraction of
long terms by its size.
"""

# ruff: noqa: RUF001 (the Chinese messages it reads have full-width punctuation)

from __future__ import annotations

import collections
import functools
import math
from fractions import Fraction
from typing import Any

import editions
import numpy as np
import pytest
from exercise_cases import assert_named, assert_told, raised


@pytest.fixture(autouse=True)
def _shown_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read how a message shows an answer, at its end: expect_close's word on
    what to return instead ("— return a float (or an int)", tested in
    tests/test_exercise_numbers_read_by_type.py) is left off here, in both editions."""
    for lang in editions.LANGS:
        monkeypatch.setattr(editions.package(lang), "_what_to_return", lambda got: "")


def _reverse_with(passes: Any) -> Any:
    """Right where forward mode is due; ("reverse", ``passes``) where reverse is."""

    def cheaper_mode(n_in: int, n_out: int) -> Any:
        return ("forward", n_in) if n_in <= n_out else ("reverse", passes)

    return cheaper_mode


@pytest.mark.parametrize(
    ("passes", "shown"),
    [
        (10**400, "≈ 1.000e+400"),
        (-2 * 10**5000, "≈ -2.000e+5000"),  # no repr: past Python's 4,300 digits
        (Fraction(10**400, 3), "≈ 3.333e+399"),
        (10**40 - 1, "9" * 40),  # 40 digits: shown whole
    ],
    ids=["10**400", "-2*10**5000", "10**400/3", "40 nines"],
)
def test_a_long_pass_count_is_shown_by_its_size(passes: Any, shown: str) -> None:
    said = assert_named(
        "nb07.check_cheaper_mode",
        _reverse_with(passes),
        f"cheaper_mode(13002, 1): reverse mode makes 1 pass, got {shown}",
        f"cheaper_mode(13002, 1)：反向模式需要 1 遍，得到的是 {shown}",
    )
    for text in said.values():
        assert len(text) < 120, text  # one line, not a screenful of digits
    editions.assert_english(said["en"])
    editions.assert_chinese(said["zh"])


def test_a_long_number_in_place_of_a_pair_or_a_mode_is_shown_by_its_size() -> None:
    assert_named(
        "nb07.check_cheaper_mode",
        lambda n_in, n_out: 10**400,
        "cheaper_mode(13002, 1): expected a pair (mode, passes), got ≈ 1.000e+400",
        "cheaper_mode(13002, 1)：应返回一对（模式，遍数），得到的是 ≈ 1.000e+400",
        "end",
    )
    assert_named(
        "nb07.check_cheaper_mode",
        lambda n_in, n_out: (10**400, n_out),
        "cheaper_mode(13002, 1): expected mode 'reverse', got ≈ 1.000e+400",
        "cheaper_mode(13002, 1)：模式应为 'reverse'，得到的是 ≈ 1.000e+400",
        "end",
    )


def test_a_mode_that_is_not_a_string_is_told_as_the_mode_it_is_not() -> None:
    """['reverse'] (a list) as the mode: looking it up among the modes, a set, raised
    the checker's own TypeError, told as "stopped with TypeError (… did a function
    forget to return …?)"."""
    assert_named(
        "nb07.check_cheaper_mode",
        lambda n_in, n_out: (["reverse"], n_out),
        "cheaper_mode(13002, 1): expected mode 'reverse', got ['reverse']",
        "cheaper_mode(13002, 1)：模式应为 'reverse'，得到的是 ['reverse']",
        "end",
    )


def test_a_short_fraction_is_shown_as_it_reads() -> None:
    """Fraction(1, 3) as the pass count was told "got Fraction(1, 3)" before the messages
    went through ``short``, and then "got <Fraction object>": fractions.py writes its
    ``__repr__`` in Python, which ``short`` takes for the student's (whose repr it does not
    run). A default of the student's function read so too. Oracle: Python's repr of it."""
    assert_named(
        "nb07.check_cheaper_mode",
        _reverse_with(Fraction(1, 3)),
        "cheaper_mode(13002, 1): reverse mode makes 1 pass, got Fraction(1, 3)",
        "cheaper_mode(13002, 1)：反向模式需要 1 遍，得到的是 Fraction(1, 3)",
        "end",
    )

    def central_difference(f: Any, h: Any = Fraction(1, 100)) -> float:
        return 0.0

    assert_named(
        "nb01.check_central_difference",
        central_difference,
        "your function is 'def central_difference(f, h=Fraction(1, 100))'",
        "'def central_difference(f, h=Fraction(1, 100))'",
    )


def test_a_mode_in_a_numpy_array_is_not_told_as_the_other_mode() -> None:
    """np.array(['reverse']) as the mode: the hint's ``mode in ("forward", "reverse")``
    compared it elementwise, True, and told it "the other mode" where 'reverse' is the
    mode due (inside an array); two entries raised numpy's own ValueError, told as the
    check stopping ("did a function forget to return …?"). A mode that is no string gets
    no hint about which mode it is, as ['reverse'] (a list) gets none."""
    import numpy as np

    assert_named(
        "nb07.check_cheaper_mode",
        lambda n_in, n_out: (np.array(["reverse"]), n_out),
        "cheaper_mode(13002, 1): expected mode 'reverse', got array(['reverse'], dtype='<U7')",
        "cheaper_mode(13002, 1)：模式应为 'reverse'，得到的是 字符串数组 ['reverse']",
        "end",
    )
    assert_named(
        "nb07.check_cheaper_mode",
        lambda n_in, n_out: (np.array(["reverse", "forward"]), n_out),
        "cheaper_mode(13002, 1): expected mode 'reverse', got array(",
        "cheaper_mode(13002, 1)：模式应为 'reverse'，得到的是 字符串数组 [",
        "start",
    )


# ------------------------------------------- every message, not only cheaper_mode's

#: A student's long values: each printed whole (4 lines of 100 characters and more), or,
#: for the int past Python's 4,300 digits, stopping the check with the checker's own
#: ValueError ("int too large to convert to a string") in place of the message.
LONG_LIST = list(range(10_000))
LIST_SHOWN = "[0, 1, 2, 3, 4, 5, ...]"
HUGE = 10**5000
HUGE_SHOWN = "≈ 1.000e+5000"


def _short(said: dict[str, str]) -> None:
    """Each edition's message is one line of a readable length (its own words and a
    value of 40 characters or so), in its own language."""
    for text in said.values():
        assert "\n" not in text and len(text) < 300, text
    editions.assert_english(said["en"])
    editions.assert_chinese(said["zh"])


@pytest.mark.parametrize(
    ("got", "shown"),
    [(LONG_LIST, LIST_SHOWN), ("x" * 10_000, "'xxxxxxxxxxxxxxxxx...xxxxxxxxxxxxxxxxxx'")],
    ids=["list", "string"],
)
def test_expect_close_shows_a_long_answer_shortly(got: Any, shown: str) -> None:
    said = assert_told(
        lambda lang: raised(lang, lambda: editions.package(lang).expect_close("f(1)", got, 2.0)),
        {
            "en": f"f(1): expected a number, got {shown}",
            "zh": f"f(1)：应当是一个数，得到的是 {shown}",
        },
        "end",
    )
    _short(said)


def test_expect_close_all_shows_a_long_number_where_a_sequence_is_due() -> None:
    said = assert_told(
        lambda lang: raised(
            lang, lambda: editions.package(lang).expect_close_all("g", [HUGE], [[1.0]])
        ),
        {
            "en": f"g[0]: expected a sequence, got {HUGE_SHOWN}",
            "zh": f"g[0]：应当是一个序列（列表或数组），得到的是 {HUGE_SHOWN}",
        },
        "end",
    )
    _short(said)


def _told_not_a_number(got: Any, en: str, zh: str) -> None:
    """expect_close's refusal of ``got`` shows it as ``en`` and ``zh``, at the end."""
    assert_told(
        lambda lang: raised(lang, lambda: editions.package(lang).expect_close("f(1)", got, 2.0)),
        {
            "en": f"f(1): expected a number, got {en}",
            "zh": f"f(1)：应当是一个数，得到的是 {zh}",
        },
        "end",
    )


def _items(lang: str, got: Any) -> str:
    described = ("2 numbers (a, b)", " 2 个数（a, b）")
    return raised(lang, lambda: editions.package(lang).returned_items("f(1)", got, 2, described))


@pytest.mark.parametrize(
    ("got", "en", "zh"),
    [
        (HUGE, f"got {HUGE_SHOWN} alone", f"得到的却只是 {HUGE_SHOWN}"),
        (
            dict.fromkeys(range(10_000), 0.5),
            "got a dict {0: 0.5, 1: 0.5, 2: 0.5, 3: 0.5, ...}",
            "得到的是一个字典 {0: 0.5, 1: 0.5, 2: 0.5, 3: 0.5, ...}",
        ),
        (
            {f"w{i}": [0.5] * 100 for i in range(1000)},  # too long for a line: its keys
            "got a dict with the keys 'w0', 'w1', 'w2', 'w3', 'w4', 'w5', ...",
            "得到的是一个字典，键为 'w0', 'w1', 'w2', 'w3', 'w4', 'w5', ...",
        ),
    ],
    ids=["10**5000", "a dict of 10,000 entries", "a dict of 1,000 lists"],
)
def test_returned_items_shows_a_long_answer_shortly(got: Any, en: str, zh: str) -> None:
    said = assert_told(lambda lang: _items(lang, got), {"en": en, "zh": zh}, "end")
    _short(said)


def test_a_dict_is_shown_in_its_own_order() -> None:
    """The merge's dict-order claim had no test that could fail: its dicts were keyed
    0, 1, 2, …, where reprlib's sorted order is the same. Keys written out of order are
    shown as written (reprlib read {'a': 3, 'b': 2, 'w': 1}). Oracle: Python's repr."""
    got = {"w": 1.0, "b": 2.0, "a": 3.0}
    assert_told(
        lambda lang: _items(lang, got),
        {"en": f"got a dict {got!r}", "zh": f"得到的是一个字典 {got!r}"},
        "end",
    )


class _Grads(dict[str, Any]):
    """A student's own dict class, without a __repr__ of its own."""


def _arrays() -> dict[str, Any]:
    """nb03's four updates, returned in a dict: too long for a line, shown by its keys."""
    import numpy as np

    return {"dW": np.full((3, 4), 0.5), "dtheta": np.full(4, 0.5), "dV": np.ones((2, 3))}


@pytest.mark.parametrize(
    "kind",
    [
        lambda d: collections.defaultdict(float, d),
        collections.OrderedDict,
        _Grads,
    ],
    ids=["defaultdict", "OrderedDict", "class(dict)"],
)
def test_returned_items_shows_a_dict_subclass_of_arrays_by_its_keys(kind: Any) -> None:
    """A defaultdict of gradients ("grads = defaultdict(float)") read "got a dict
    defaultdict(<class...07,  0.90347018])})": its repr (Python's, not reprlib's dict)
    cut to 40 characters in the middle, the keys lost, where a plain dict is told by its
    keys. Oracle: the keys written."""
    said = assert_told(
        lambda lang: _items(lang, kind(_arrays())),
        {
            "en": "got a dict with the keys 'dW', 'dtheta', 'dV'",
            "zh": "得到的是一个字典，键为 'dW', 'dtheta', 'dV'",
        },
        "end",
    )
    _short(said)


def test_a_dict_subclass_is_shown_by_its_entries_without_the_students_code() -> None:
    """A class(dict) holding 10**5000 read "<_Grads instance at 0x7f…>" (its repr
    failed on the int), and one holding an object of the student's ran that object's
    __repr__ outside the time limit; a class(list) too. Each is shown as a dict or a
    list is."""

    class Loud:
        def __repr__(self) -> str:
            raise AssertionError("the student's __repr__ ran")

    class Items(list[Any]):
        def __iter__(self) -> Any:
            raise AssertionError("the student's __iter__ ran")

    assert_told(
        lambda lang: _items(lang, _Grads(w=HUGE, b=Loud())),
        {
            "en": f"got a dict {{'w': {HUGE_SHOWN}, 'b': <Loud object>}}",
            "zh": f"得到的是一个字典 {{'w': {HUGE_SHOWN}, 'b': <Loud 对象>}}",
        },
        "end",
    )
    assert_told(
        lambda lang: _items(lang, collections.defaultdict(float, w=0.1, b=-0.2, a=0.3)),
        {
            "en": "got a dict defaultdict(float, {'w': 0.1, 'b': -0.2, 'a': 0.3})",
            "zh": "得到的是一个字典 defaultdict(float, {'w': 0.1, 'b': -0.2, 'a': 0.3})",
        },
        "end",
    )
    assert_told(
        lambda lang: raised(
            lang,
            lambda: editions.package(lang).expect_close("f(1)", Items([Loud(), *LONG_LIST]), 2.0),
        ),
        {
            "en": "f(1): expected a number, got [<Loud object>, 0, 1, 2, 3, 4, ...]",
            "zh": "f(1)：应当是一个数，得到的是 [<Loud 对象>, 0, 1, 2, 3, 4, ...]",
        },
        "end",
    )


def test_a_set_is_shown_in_its_own_order_without_the_students_code() -> None:
    """reprlib sorted a set before showing its first elements: the ``__lt__`` of a class
    of the student's ran outside the time limit (two nodes of a Value class that compares
    them by .data), and a set of a million numbers took seconds. A set is shown in its own
    order, as Python's repr shows it. Oracle: Python's repr of a short set."""

    ran: list[str] = []

    class Node:
        def __repr__(self) -> str:
            return "Node()"

        def __lt__(self, other: object) -> bool:
            ran.append("__lt__")  # an error here would be swallowed by reprlib's sort
            return True

    small = {8, 1}  # Python shows {8, 1}: 8 and 1 hash to the table's slots 0 and 1
    for got, shown in (
        (small, repr(small)),
        (frozenset(small), repr(frozenset(small))),
        ({Node(), Node()}, "{<Node object>, <Node object>}"),
    ):
        _told_not_a_number(got, shown, shown.replace(" object>", " 对象>"))
    assert ran == [], ran


def test_a_class_named_like_a_builtin_is_shown_as_the_students() -> None:
    """reprlib finds its method for a list, a set, an int by the class's name alone: a
    class of the student's called set or list stopped the check ("TypeError: 'set' object
    is not iterable"), one called int ran its own __repr__, and one called dict its
    ``__getattribute__`` (isinstance reads ``__class__`` through it), each outside the
    time limit. Each is shown as any class of the student's is. Oracle: the student's
    code, recorded."""
    ran: list[str] = []

    def __getattribute__(self: object, name: str) -> Any:
        ran.append(name)
        return object.__getattribute__(self, name)

    def __repr__(self: object) -> str:
        ran.append("__repr__")
        return "mine"

    for name in ("dict", "set", "list", "int", "Node"):
        got = type(name, (), {"__getattribute__": __getattribute__, "__repr__": __repr__})()
        assert_told(
            lambda lang, got=got: raised(
                lang, lambda: editions.package(lang).expect_close("f(1)", [got], 2.0)
            ),
            {
                "en": f"f(1): expected a number, got [<{name} object>]",
                "zh": f"f(1)：应当是一个数，得到的是 [<{name} 对象>]",
            },
            "end",
        )
    assert ran == [], ran


def test_nb05_my_backward_shows_a_long_answer_or_key_shortly() -> None:
    """nb05 quoted the answer and a wrong key with ``!r:.60`` and ``!r:.40``: 10**5000
    stopped the check with its own ValueError, a list of 10,000 numbers was cut at 60
    characters without a "..." (it read as a list ending in 1), and a key of a class of
    the student's ran its __repr__ outside the time limit."""
    ran: list[str] = []

    class Key:
        def __repr__(self) -> str:
            ran.append("__repr__")
            return "Key()"

    for answer, en, zh in (
        (lambda c: HUGE, f"got {HUGE_SHOWN}", f"得到的是 {HUGE_SHOWN}"),
        (lambda c: LONG_LIST, f"got {LIST_SHOWN}", f"得到的是 {LIST_SHOWN}"),
        # the node by its number and its label (the old repr's label was dropped with .grad)
        (lambda c: [c], "label='C')]", "label='C')]"),
        (lambda c: {Key(): 1.0}, "got the key <Key object>", "得到的键是 <Key 对象>"),
        (lambda c: {(HUGE,): 1.0}, f"got the key ({HUGE_SHOWN},)", f"得到的键是 ({HUGE_SHOWN},)"),
    ):
        said = assert_named("nb05.check_my_backward", answer, en, zh)
        assert all(len(text) < 300 for text in said.values()), said
    assert ran == [], ran


def test_newton_not_a_list_shows_a_long_answer_shortly() -> None:
    """A string where the list of iterates is due (nb06's last "expected a list" case)."""
    shown = "'xxxxxxxxxxxxxxxxx...xxxxxxxxxxxxxxxxxx'"
    said = assert_named(
        "nb06.check_newton",
        lambda f, x0, steps: "x" * 10_000,
        f"expected a list of 2 numbers, got {shown}: return the list",
        f"应返回由 2 个数组成的列表，得到的是 {shown}：请返回",
        "in",
    )
    _short(said)


def test_nb00_a_long_number_or_list_for_a_node_is_shown_shortly() -> None:
    class Value:
        """The notebook's own class, as the check is given it."""

    for got, en, zh in (
        (HUGE, f"got the number {HUGE_SHOWN}: return", f"得到的却是数 {HUGE_SHOWN}：请返回"),
        (LONG_LIST, f"got {LIST_SHOWN}", f"得到的是 {LIST_SHOWN}"),
    ):
        said = assert_told(
            lambda lang, got=got: raised(
                lang, lambda: editions.module(lang, "nb00")._node("v.exp()", got, Value)
            ),
            {"en": en, "zh": zh},
        )
        _short(said)


def test_nb07_three_numbers_with_a_long_one_are_shown_shortly() -> None:
    """(ż, ȧ, Ċ) whose ż is 10**5000 and whose Ċ is right: told as section 1's triple.
    Oracle: Ċ = 2(a − y)·a(1 − a)·(x·ẇ + ḃ), a = σ(w·x + b), by hand."""
    import math

    def neuron_tangent(w: float, b: float, x: float, y: float, wd: float, bd: float) -> Any:
        a = 1 / (1 + math.exp(-(w * x + b)))
        return (HUGE, 0.5, 2 * (a - y) * a * (1 - a) * (x * wd + bd))

    said = assert_named(
        "nb07.check_neuron_tangent",
        neuron_tangent,
        f"one number; got three, ({HUGE_SHOWN}, 0.5, ",
        f"一个数；得到的却是三个数 ({HUGE_SHOWN}, 0.5, ",
    )
    _short(said)


def test_a_long_not_implemented_message_is_shown_shortly() -> None:
    def cheaper_mode(n_in: int, n_out: int) -> Any:
        raise NotImplementedError("later " * 2000)

    shown = "'later later later...later later later '"
    said = assert_named(
        "nb07.check_cheaper_mode",
        cheaper_mode,
        f"your code raised NotImplementedError({shown}); the check",
        f"你的代码抛出了 NotImplementedError({shown})；",
    )
    _short(said)


# ------------------------------------------------------------ a Value, a tiny Fraction


@pytest.mark.parametrize(
    ("passes", "en", "zh"),
    [
        (
            1.0,  # its .data is the answer
            "got a Value node (.data = 1): its .data is the number of passes; return that "
            "number (v.data), not the node",
            "得到的却是一个 Value 节点（.data = 1）：它的 .data 正是遍数；请返回这个数（v.data），"
            "而不是节点",
        ),
        (
            13002.0,  # n_in, the other mode's: still a node first
            "got a Value node (.data = 13002): the number of passes is a plain int, as in "
            "('reverse', 1); return a number, not a node",
            "得到的却是一个 Value 节点（.data = 13002）：遍数是一个普通的整数，就像 ('reverse', 1) "
            "里那样；请返回一个数，而不是节点",
        ),
    ],
    ids=["its data right", "its data wrong"],
)
def test_a_value_for_the_passes_is_told_a_node_with_its_number(
    passes: float, en: str, zh: str
) -> None:
    """("reverse", Value(1.0)) read "reverse mode makes 1 pass, got <Value object>": the
    node's number hidden, and nothing said of it being a node. The notebook asks for the
    pair ("reverse", 1), a plain count."""
    from autograd_mini import Value

    said = assert_named(
        "nb07.check_cheaper_mode",
        _reverse_with(Value(passes)),
        f"cheaper_mode(13002, 1): reverse mode makes 1 pass, {en}",
        f"cheaper_mode(13002, 1)：反向模式需要 1 遍，{zh}",
        "end",
    )
    _short(said)


def test_a_value_inside_an_answer_is_shown_by_its_number() -> None:
    """[Value(2.0)] where a number is due read "got [<Value object>]"."""
    from autograd_mini import Value

    assert_told(
        lambda lang: raised(
            lang, lambda: editions.package(lang).expect_close("f(1)", [Value(2.0)], 2.0)
        ),
        {
            "en": "f(1): expected a number, got [Value(data=2.0)]",
            "zh": "f(1)：应当是一个数，得到的是 [Value(data=2.0)]",
        },
        "end",
    )


def test_a_value_never_given_its_number_is_shown_by_its_class() -> None:
    """Value.__new__(Value) has no .data: showing it by its number stopped the check with
    the checker's own AttributeError ('Value' object has no attribute '_label')."""
    from autograd_mini import Value

    assert_told(
        lambda lang: raised(
            lang,
            lambda: editions.package(lang).expect_close("f(1)", [Value.__new__(Value)], 2.0),
        ),
        {
            "en": "f(1): expected a number, got [<Value object>]",
            "zh": "f(1)：应当是一个数，得到的是 [<Value 对象>]",
        },
        "end",
    )


@pytest.mark.parametrize(
    ("passes", "shown"),
    [(Fraction(1, 10**60), "≈ 1.000e-60"), (Fraction(-(10**50), 3 * 10**100), "≈ -3.333e-51")],
    ids=["1/10**60", "-1/(3*10**50)"],
)
def test_a_tiny_fraction_is_shown_by_its_size(passes: Fraction, shown: str) -> None:
    """Fraction(1, 10**60) read "Fraction(1, ≈ 1.000e+60)": a size inside a repr.
    Oracle: the sizes by hand (10**-60; 10**50/(3·10**100) = 3.333·10**-51)."""
    assert_named(
        "nb07.check_cheaper_mode",
        _reverse_with(passes),
        f"cheaper_mode(13002, 1): reverse mode makes 1 pass, got {shown}",
        f"cheaper_mode(13002, 1)：反向模式需要 1 遍，得到的是 {shown}",
        "end",
    )


def test_nb00_a_node_of_another_class_called_value_is_told_as_one() -> None:
    """A node of another class that is also called Value (the class's cell run again)
    read "expected a Value, got <Value object>", a contradiction to the student: the
    message says the two are different classes of one name, without running the node's
    code (its __repr__, its __getattr__)."""
    ran: list[str] = []

    def make() -> type:
        class Value:
            def __repr__(self) -> str:
                ran.append("__repr__")
                return "Value()"

            def __getattr__(self, name: str) -> object:
                ran.append(name)
                raise AttributeError(name)

        return Value

    given, other = make(), make()
    said = assert_told(
        lambda lang: raised(
            lang, lambda: editions.module(lang, "nb00")._node("v.exp()", other(), given)
        ),
        {
            "en": "v.exp(): expected a node of the Value class given to the check, got a node "
            "of another class that is also called Value",
            "zh": "v.exp()：应当返回交给检验的那个 Value 类的节点，得到的却是另一个同样叫 Value "
            "的类的节点",
        },
    )
    assert not any("object>" in text or "对象>" in text for text in said.values()), said
    editions.assert_english(said["en"])
    assert ran == [], ran


#: √2 to 60 places (its digits by hand, math.isqrt of 2·10¹²⁰), a Fraction of long terms
ROOT_2 = Fraction(math.isqrt(2 * 10**120), 10**60)


def test_a_fraction_of_ordinary_size_with_long_terms_reads_as_a_number() -> None:
    """A Fraction near √2 whose terms have 61 digits read "≈ 1.414e+0", a power of ten
    where a float's "1.414" is the number. Oracle: √2 = 1.41421…, by hand."""
    assert_named(
        "nb07.check_cheaper_mode",
        _reverse_with(ROOT_2),
        "cheaper_mode(13002, 1): reverse mode makes 1 pass, got ≈ 1.414",
        "cheaper_mode(13002, 1)：反向模式需要 1 遍，得到的是 ≈ 1.414",
        "end",
    )


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        (-ROOT_2 * 1000, "≈ -1414"),
        (ROOT_2 / 10**4, "≈ 0.0001414"),
        (ROOT_2 / 10, "≈ 0.1414"),
        (ROOT_2 / 10**5, "≈ 1.414e-5"),  # below 10⁻⁴: by its power of ten, as before
        (ROOT_2 * 10**4, "≈ 1.414e+4"),
        (Fraction(10**45 - 1, 10**45), "≈ 1.000"),  # 0.99999…: 4 digits round it up
        (Fraction(10**49 - 1, 10**45), "≈ 1.000e+4"),  # 9999.99…: past 10⁴ once rounded
    ],
    ids=["-1414", "0.0001414", "0.1414", "1.414e-5", "1.414e+4", "0.999…", "9999.9…"],
)
def test_a_size_of_ordinary_size_has_no_power_of_ten(number: Fraction, shown: str) -> None:
    from exercises.shown import size

    assert size(number) == shown


#: A longdouble of 1e-4000 and its size: numpy's long double holds it where x86's 80 bits
#: are its format (a float's 0)
LONGDOUBLE_1E_4000 = pytest.param(
    "1e-4000",
    "≈ 1.000e-4000",
    marks=pytest.mark.skipif(
        np.longdouble("1e-4000") == 0, reason="this machine's long double is a float"
    ),
)


@pytest.mark.parametrize(
    ("last", "shown"),
    [
        (Fraction(1, 10**400), "≈ 1.000e-400"),
        LONGDOUBLE_1E_4000,
        # below the smallest normal float (2.2e-308) a float keeps fewer digits: its
        # float() is 9.99988867e-321, which read "9.999888672e-321", half its digits wrong
        (Fraction(1, 10**320), "≈ 1.000e-320"),
        (Fraction(-1, 10**320), "≈ -1.000e-320"),
        pytest.param(
            "1e-320",
            "≈ 1.000e-320",
            marks=pytest.mark.skipif(
                np.longdouble("1e-320") == float("1e-320"),
                reason="this machine's long double is a float",
            ),
        ),
    ],
    ids=[
        "Fraction(1, 10**400)",
        "longdouble 1e-4000",
        "Fraction(1, 10**320)",
        "-Fraction(1, 10**320)",
        "longdouble 1e-320",
    ],
)
def test_newton_s_one_tiny_number_is_told_by_its_size(last: Any, shown: str) -> None:
    """newton returning one number where the list of iterates is due: a number a float
    does not hold (a longdouble of 1e-4000) read "got one number, 0", and a Fraction of
    1/10**400 was not told as one number at all; one a float holds with fewer digits
    (1/10**320, subnormal) read as its float's ten digits. Oracle: the sizes by hand."""
    got = np.longdouble(last) if isinstance(last, str) else last
    assert_named(
        "nb06.check_newton",
        lambda f, x0, steps: got,
        f"expected a list of 2 numbers, got one number, {shown}: return the list [x0, x1]",
        f"应返回由 2 个数组成的列表，得到的却只是一个数 {shown}：请返回",
    )


def test_the_standard_library_s_mappings_and_deques_are_shown_as_python_shows_them() -> None:
    """A defaultdict read without its factory ("defaultdict({'w': 0.1})"), a Counter as
    "<Counter object>" (collections writes its __repr__ in Python), and a mappingproxy or
    a class(deque) of the student's by their own repr, which ran every entry's __repr__
    (the student's too). Oracle: Python's repr, where its entries are plain numbers;
    written out where an entry's repr is the student's (not run)."""
    import types

    ran: list[str] = []

    class Loud:
        def __repr__(self) -> str:
            ran.append("__repr__")
            return "Loud()"

    class Queue(collections.deque[Any]):
        pass

    plain: list[Any] = [
        collections.Counter("abc"),
        collections.Counter(),
        types.MappingProxyType({"w": 0.1}),
        collections.deque([1, 2], maxlen=3),
        Queue([1, 2]),
    ]
    cases = [(got, repr(got)) for got in plain] + [
        # its factory by the name the student wrote (Python's repr: "<class 'float'>")
        (collections.defaultdict(float, {"w": 0.1}), "defaultdict(float, {'w': 0.1})"),
        (types.MappingProxyType({"w": Loud()}), "mappingproxy({'w': <Loud {}>})"),
        (Queue([Loud(), 2]), "Queue([<Loud {}>, 2])"),
        (collections.Counter({Loud(): 2}), "Counter({<Loud {}>: 2})"),
    ]
    for got, shown in cases:
        _told_not_a_number(got, shown.replace("{}", "object"), shown.replace("{}", "对象"))
    assert ran == [], ran


def test_returned_items_reads_an_answer_without_its_own_iteration() -> None:
    """returned_items called ``list(got)``: a class(dict) of arrays (too long for a line,
    told by its keys) and a class(list) of the student's each ran their own ``__iter__``
    inside the checker; one that raised stopped the check with its error as the
    checker's. Their entries are read as a dict's and a list's are; any other iterable of
    the student's is their code, and an error in it is told as theirs."""

    class Grads(dict[str, Any]):
        def __iter__(self) -> Any:
            raise AssertionError("the student's __iter__ ran")

    class Items(list[Any]):
        def __iter__(self) -> Any:
            raise AssertionError("the student's __iter__ ran")

    class Pair:
        def __iter__(self) -> Any:
            raise RuntimeError("not yet")

    assert_told(
        lambda lang: _items(lang, Grads(_arrays())),
        {
            "en": "got a dict with the keys 'dW', 'dtheta', 'dV'",
            "zh": "得到的是一个字典，键为 'dW', 'dtheta', 'dV'",
        },
        "end",
    )
    assert_told(
        lambda lang: _items(lang, Items([1.0, 2.0, 3.0])),
        {
            "en": "f(1): expected 2 numbers (a, b), got 3",
            "zh": "f(1)：应返回 2 个数（a, b），实际返回了 3 个",
        },
        "end",
    )
    assert_told(
        lambda lang: _items(lang, Pair()),
        {"en": "f(1): raised RuntimeError: not yet", "zh": "f(1)：抛出了"},
    )


@pytest.mark.parametrize(
    ("got", "en", "zh"),
    [
        (
            np.timedelta64(5, "s"),
            "np.timedelta64(5,'s'): a numpy timedelta64 is a duration, not a number — pass a "
            "float of it in the unit meant, e.g. td / np.timedelta64(1, 's') for seconds",
            "np.timedelta64(5,'s')：timedelta64 是一段时长，不是数——请按所指的单位"
            "把它换成浮点数，例如以秒计：td / np.timedelta64(1, 's')",
        ),
        (
            np.array(np.timedelta64(5, "s")),
            "array(5, dtype='timedelta64[s]'): a numpy timedelta64 is a duration",
            "0 维数组（里面是 np.timedelta64(5,'s')）：timedelta64 是一段时长，不是数",
        ),
        (
            np.datetime64(1, "D"),
            "np.datetime64('1970-01-02'): a numpy datetime64 is a date, not a number",
            "np.datetime64('1970-01-02')：datetime64 是一个日期，不是数",
        ),
        (  # its repr past 40 characters, cut through "dtype=": English in Chinese
            np.array(np.datetime64("2020-01-01T00:00:00.000000")),
            "array('2020-01-01T...e='datetime64[us]'): a numpy datetime64 is a date",
            "0 维数组（里面是 np.datetime64('202...1T00:00:00.000000')）：datetime64 是一个日期",
        ),
    ],
    ids=["timedelta64", "0-d timedelta64", "datetime64", "0-d datetime64 in µs"],
)
def test_expect_close_says_what_a_duration_or_a_date_is(got: Any, en: str, zh: str) -> None:
    """A numpy duration where a number is due was refused as "expected a number, got
    np.timedelta64(5,'s')" with no word of what to pass, where the engine's refusal
    (autograd_mini.reals.not_real_hint) says it; now in both languages. Oracle: the
    engine's words, written out."""
    from autograd_mini.reals import not_real_hint

    if not isinstance(got, np.ndarray):  # the engine's own words, the same
        assert en.endswith(not_real_hint(got)), not_real_hint(got)
    said = assert_told(
        lambda lang: raised(lang, lambda: editions.package(lang).expect_close("f(1)", got, 2.0)),
        {"en": f"f(1): expected a number, got {en}", "zh": f"f(1)：应当是一个数，得到的是 {zh}"},
    )
    # a 0-d array's "dtype=" was Python's English in the Chinese message
    editions.assert_chinese(said["zh"])


#: The ``__repr__`` calls of :class:`_Shown` (a message must make none).
_SHOWN_RAN: list[str] = []


class _Shown:
    """A student's object whose ``__repr__`` is code of theirs: a message never runs it."""

    def __repr__(self) -> str:
        _SHOWN_RAN.append("__repr__")
        return "shown"


@pytest.mark.parametrize(
    ("got", "en", "zh"),
    [
        (np.array([1, "a"], dtype=object), "array([1, 'a'], dtype=object)", "对象数组 [1, 'a']"),
        (np.array([None], dtype=object), "array([None], dtype=object)", "对象数组 [None]"),
        (np.array(None, dtype=object), "array(None, dtype=object)", "0 维数组（里面是 None）"),
        (np.array([], dtype=object), "array([], dtype=object)", "对象数组 []"),
        (np.array([]), "array([], dtype=float64)", "float64 数组 []"),
        (np.array([], dtype=int), "array([], dtype=int64)", "int64 数组 []"),
        (np.array([], dtype=bool), "array([], dtype=bool)", "布尔数组 []"),
        (
            np.zeros((0, 3)),
            "array([], shape=(0, 3), dtype=float64)",
            "形状 (0, 3) 的 float64 数组 []",
        ),
        (  # no space before a Chinese word: it was "形状 (0, 3) 的 对象数组 []"
            np.zeros((0, 3), dtype=object),
            "array([], shape=(0, 3), dtype=object)",
            "形状 (0, 3) 的对象数组 []",
        ),
        (
            np.zeros((0, 3), dtype=[("a", "i4"), ("b", "f8")]),
            "array([], shape=(0, 3), dtype=[('a', '<i4'), ('b', '<f8')])",
            "形状 (0, 3) 的结构化数组 []",
        ),
        (
            np.zeros((0, 3), dtype=bool),
            "array([], shape=(0, 3), dtype=bool)",
            "形状 (0, 3) 的布尔数组 []",
        ),
    ],
    ids=[
        "objects",
        "None",
        "0-d None",
        "no objects",
        "empty",
        "empty ints",
        "empty bools",
        "0x3",
        "0x3 objects",
        "0x3 structured",
        "0x3 bools",
    ],
)
def test_an_array_of_objects_or_an_empty_one_is_said_in_chinese(got: Any, en: str, zh: str) -> None:
    """An array of objects and an empty array (whose repr names its dtype, float64 too)
    were shown in Chinese messages as numpy writes them, "dtype=object", "dtype=float64",
    "shape=(0, 3)": English, where a float32 array was "float32 数组 [2.]" already. They
    are said as it is. Oracle: numpy's own repr, written out, for English."""
    assert repr(got) == en  # the English edition keeps numpy's notation
    said = assert_told(
        lambda lang: raised(lang, lambda: editions.package(lang).expect_close("f(1)", got, 2.0)),
        {"en": f"f(1): expected a number, got {en}", "zh": f"f(1)：应当是一个数，得到的是 {zh}"},
    )
    editions.assert_chinese(said["zh"])


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("en", "array([<_Shown object>, ≈ 1.000e+400], dtype=object)"),
        ("zh", "对象数组 [<_Shown 对象>, ≈ 1.000e+400]"),
    ],
    ids=["en", "zh"],
)
def test_an_array_of_the_student_s_objects_is_shown_without_their_code(
    lang: str, shown: str
) -> None:
    """An array of objects is shown by its entries, each as any value is: numpy's repr
    of it ran the ``__repr__`` of every object of the student's in it (outside the time
    limit), and showed 10**400 by its 401 digits."""
    _SHOWN_RAN.clear()
    assert editions.package(lang).short(np.array([_Shown(), 10**400], dtype=object)) == shown
    assert (
        editions.package(lang).short(np.array(_Shown(), dtype=object))
        == {
            "en": "array(<_Shown object>, dtype=object)",
            "zh": "0 维数组（里面是 <_Shown 对象>）",
        }[lang]
    )
    assert _SHOWN_RAN == [], _SHOWN_RAN


def test_returned_items_asks_a_student_s_object_nothing_of_its_own() -> None:
    """returned_items asked the answer for ``ndim`` and ``__iter__`` by getattr and
    hasattr: a class of the student's with a ``__getattr__`` ran it inside the checker
    (one raising stopped the check as the checker's error). Both are read off its type."""
    ran: list[str] = []

    class Pair:
        def __getattr__(self, name: str) -> Any:
            ran.append(name)
            raise RuntimeError(name)

        def __repr__(self) -> str:
            ran.append("__repr__")
            return "Pair()"

    assert_told(
        lambda lang: _items(lang, Pair()),
        {"en": "in a tuple or a list, got <Pair object> alone", "zh": "得到的却只是 <Pair 对象>"},
        "end",
    )
    assert ran == [], ran


def test_a_bound_method_or_a_partial_is_shown_without_the_student_s_code() -> None:
    """Python's repr of a bound method and of a functools.partial runs the ``__repr__``
    of what they hold: a defaultdict made with a student's method as its factory (shown
    with its factory since it read "defaultdict({...})" without one) ran the student's
    ``__repr__`` inside the checker, as a list of their methods did. What they hold is
    shown as any value of theirs is. Oracle: the parts, written out."""
    ran: list[str] = []

    class Key:
        def make(self) -> float:
            return 0.0

        def __repr__(self) -> str:
            ran.append("__repr__")
            return "Key()"

    method = Key().make
    named = f"{Key.make.__qualname__}"
    partial = functools.partial(Key.make, Key())
    for got, shown, shown_zh in (
        (
            collections.defaultdict(method, w=0.1),
            f"defaultdict(<bound method {named} of <Key {{}}>>, {{'w': 0.1}})",
            f"defaultdict(方法 {named}（绑定在 <Key {{}}> 上）, {{'w': 0.1}})",
        ),
        (
            [method],
            f"[<bound method {named} of <Key {{}}>>]",
            f"[方法 {named}（绑定在 <Key {{}}> 上）]",
        ),
        (
            partial,
            f"functools.partial(<function {named} at 0x",
            f"functools.partial(函数 {named}, ",
        ),
        (partial, ">, <Key {}>)", ", <Key {}>)"),
    ):
        for lang, word, written in (("en", "object", shown), ("zh", "对象", shown_zh)):
            said = editions.package(lang).short(got)
            assert written.replace("{}", word) in said, (lang, said)
            if lang == "zh":  # "bound", "method", "function": Python's English, gone
                editions.assert_chinese(said)
    assert ran == [], ran


def test_a_function_s_name_is_shown_whole() -> None:
    """A function (a defaultdict's factory, an entry of a list) was cut in the middle of
    its name to 40 characters, "<function studentf... at 0x…>": its repr, Python's own,
    is shown whole, as a generator's is."""

    def a_factory_of_the_student_s_with_a_long_name() -> float:
        return 0.0

    got: collections.defaultdict[str, float] = collections.defaultdict(
        a_factory_of_the_student_s_with_a_long_name
    )
    name = a_factory_of_the_student_s_with_a_long_name.__qualname__
    said = editions.package("en").short(got)
    assert said.startswith(f"defaultdict(<function {name} at 0x"), said
    said = editions.package("zh").short(got)  # Python's "<function … at 0x…>": English
    assert said == f"defaultdict(函数 {name}, {{}})", said
    editions.assert_chinese(said)


def test_an_object_of_a_class_without_its_own_repr_is_shown_by_its_class_name() -> None:
    """A class of the student's without a ``__repr__`` (the commonest) read
    "<__main__.Plain object at 0x…>", Python's English inside the Chinese messages, and cut
    in the middle of its class's name where that name is long ("<__main__.Parameters...
    at 0x…>"): it reads as a class with its own ``__repr__`` does, "<Plain object>",
    "<Plain 对象>"."""

    class Plain:
        pass

    class ParametersOfMyNetwork:
        pass

    _told_not_a_number(Plain(), "<Plain object>", "<Plain 对象>")
    _told_not_a_number(
        [ParametersOfMyNetwork()],
        "[<ParametersOfMyNetwork object>]",
        "[<ParametersOfMyNetwork 对象>]",
    )


def test_a_counter_is_shown_by_its_counts_as_python_shows_it() -> None:
    """Python shows a Counter by its counts, largest first (``most_common``); the checker
    showed it in its own order, "Counter({'a': 1, 'b': 2, 'c': 3})", and a long one by its
    first entries, not its largest. Counts of the student's own class are not compared
    (their ``__lt__`` is their code): shown in its own order. Oracle: Python's repr, and
    the largest counts written out."""
    ran: list[str] = []

    class Count:
        def __lt__(self, other: object) -> bool:
            ran.append("__lt__")
            return False

        def __repr__(self) -> str:
            return "Count()"

    counted = collections.Counter("abbccc")
    _told_not_a_number(counted, repr(counted), repr(counted))
    many = collections.Counter({f"k{i}": i for i in range(10)})
    shown = "Counter({'k9': 9, 'k8': 8, 'k7': 7, 'k6': 6, ...})"
    _told_not_a_number(many, shown, shown)
    theirs = collections.Counter({"a": Count(), "b": Count()})
    _told_not_a_number(
        theirs,
        "Counter({'a': <Count object>, 'b': <Count object>})",
        "Counter({'a': <Count 对象>, 'b': <Count 对象>})",
    )
    assert ran == [], ran


@pytest.mark.parametrize(
    ("got", "shown"),
    [
        (Fraction(1, 10**400), "≈ 1.000e-400"),
        (Fraction(-1, 10**320), "≈ -1.000e-320"),
        LONGDOUBLE_1E_4000,
    ],
    ids=["Fraction(1, 10**400)", "-Fraction(1, 10**320)", "longdouble 1e-4000"],
)
def test_expect_close_shows_a_tiny_number_by_its_size(got: Any, shown: str) -> None:
    """expect_close read a number a float does not hold by its float: "expected 2, got 0"
    for Fraction(1, 10**400) or a longdouble of 1e-4000, "got 9.999888672e-321" for
    -1/10**320 (a subnormal float's digits), where nb06's one-number message showed them
    by their size. Oracle: the sizes by hand."""
    number = np.longdouble(got) if isinstance(got, str) else got
    _told_expected_2(number, shown)


def _told_expected_2(got: Any, shown: str) -> None:
    """expect_close's verdict on ``got`` where 2 is due shows it as ``shown``."""
    assert_told(
        lambda lang: raised(lang, lambda: editions.package(lang).expect_close("f(1)", got, 2.0)),
        {"en": f"f(1): expected 2, got {shown}", "zh": f"f(1)：应为 2，实际得到 {shown}"},
    )


def test_a_namedtuple_is_shown_as_python_shows_it() -> None:
    """collections writes a namedtuple's ``__repr__`` in Python, so it read "<Point
    object>", which hid its numbers. It is shown by its fields, as Python shows it, each
    entry read as a tuple's and shown as any value is (the student's object by its class,
    a long one cut): Python's repr is the oracle where the entries are plain."""
    ran: list[str] = []

    class Loud:
        def __repr__(self) -> str:
            ran.append("__repr__")
            return "Loud()"

    Point = collections.namedtuple("Point", "x y")

    class Moved(Point):  # a subclass keeps the namedtuple's __repr__, under its own name
        pass

    for got in (Point(1, 2.5), Moved(x=-1, y=0.25)):
        _told_not_a_number(got, repr(got), repr(got))
    _told_not_a_number(Point(Loud(), 1), "Point(x=<Loud object>, y=1)", "Point(x=<Loud 对象>, y=1)")
    assert ran == [], ran


def test_returned_items_tells_a_mappingproxy_of_arrays_by_its_keys() -> None:
    """A mappingproxy of arrays (a class's ``__dict__``, ``types.MappingProxyType``)
    where a list is due was shown whole, a long line of numbers, and called "a dict"; it
    is listed by its keys as a dict is, named as its own type. Oracle: the keys written."""
    import types

    said = assert_told(
        lambda lang: _items(lang, types.MappingProxyType(_arrays())),
        {
            "en": "got a mappingproxy with the keys 'dW', 'dtheta', 'dV'",
            "zh": "得到的是一个只读映射 types.MappingProxyType，键为 'dW', 'dtheta', 'dV'",
        },
        "end",
    )
    _short(said)
    editions.assert_chinese(said["zh"])


class _Settings(collections.abc.Mapping[str, float]):
    """A student's read-only mapping: not a dict."""

    def __getitem__(self, key: str) -> float:
        return 0.5

    def __iter__(self) -> Any:
        return iter(["lr"])

    def __len__(self) -> int:
        return 1


@pytest.mark.parametrize(
    ("got", "en", "zh"),
    [
        (
            "proxy",
            "got a read-only mapping mappingproxy({'w': 1.0})",
            "得到的是一个只读映射 mappingproxy({'w': 1.0})",
        ),
        ("settings", "got a mapping <_Settings object>", "得到的是一个映射 <_Settings 对象>"),
        ("dict", "got a dict {'w': 1.0}", "得到的是一个字典 {'w': 1.0}"),
    ],
)
def test_returned_items_names_a_short_mapping_as_what_it_is(got: str, en: str, zh: str) -> None:
    """A mappingproxy short enough to show, and a Mapping that is no dict, were each "a
    dict" ("got a dict mappingproxy({'w': 1.0})"); the long mappingproxy alone was named.
    Oracle: the words written."""
    import types

    answer = {
        "proxy": types.MappingProxyType({"w": 1.0}),
        "settings": _Settings(),
        "dict": {"w": 1.0},
    }[got]
    said = assert_told(lambda lang: _items(lang, answer), {"en": en, "zh": zh}, "end")
    editions.assert_chinese(said["zh"])


def test_a_built_in_method_is_a_method_in_chinese() -> None:
    """A bound built-in method ("<built-in method append of list object at 0x…>") read
    "内置函数 list.append" in Chinese: a function, where Python says a method (bound to a
    list). len is still a built-in function."""
    assert editions.package("zh").short([[].append, len]) == "[内置方法 list.append, 内置函数 len]"
    assert editions.package("en").short([].append).startswith("<built-in method append of list")


class _Made:
    """A student's class with a classmethod (a method bound to the class)."""

    @classmethod
    def make(cls) -> int:
        return 1


@pytest.mark.parametrize(
    ("got", "en", "zh"),
    [
        (np.array([2.0], np.float32), "array([2.], dtype=float32)", "float32 数组 [2.]"),
        (np.array([1.0, 2.0], ">f8"), "array([1., 2.], dtype='>f8')", "float64 数组 [1., 2.]"),
        (np.array(["ab", "c"]), "array(['ab', 'c'], dtype='<U2')", "字符串数组 ['ab', 'c']"),
        (float, "<class 'float'>", "类 float"),
        (np.sin, "<ufunc 'sin'>", "numpy 通用函数 sin"),
        (
            _Made.make,
            "<bound method _Made.make of <class 'test_exercise_shown_shortly._Made'>>",
            "方法 _Made.make（绑定在类 test_exercise_shown_shortly._Made 上）",
        ),
        (
            np.array((1, 2.0), dtype=[("a", "i4"), ("b", "f8")]),
            "array((1, 2.), dtype=[('a', '<i4'), ('b', '<f8')])",  # "dty...4'), ('b'…" was
            "0 维结构化数组 (1, 2.)",
        ),
        (  # the entries are shortened, not the dtype: "array([(1, 2.)], d...8'), ('b'…" was
            np.array([(1, 2.0)] * 30, dtype=[("a", "i4"), ("b", "f8")]),
            "array([(1, 2.), (1, 2.),..., (1, 2.), (1, 2.)], dtype=[('a', '<i4'), ('b', '<f8')])",
            "结构化数组 [(1, 2.), (1, 2.),..., (1, 2.), (1, 2.)]",
        ),
        (  # one entry of it, a[0]: "np.void((1, 2.), ...4'), ('b', '<f8')])" was, in both
            np.array([(1, 2.0)], dtype=[("a", "i4"), ("b", "f8")])[0],
            "np.void((1, 2.), dtype=[('a', '<i4'), ('b', '<f8')])",
            "结构化数组的一项 (1, 2.)",
        ),
        (
            np.zeros(100, np.float32),
            "array([0., 0., 0.,...     dtype=float32)",
            "float32 数组 [0., 0., 0., ..., 0., 0., 0.]",
        ),
    ],
    ids=[
        "float32",
        "byte order",
        "strings",
        "class",
        "ufunc",
        "classmethod",
        "structured",
        "structured rows",
        "structured entry",
        "long",
    ],
)
def test_python_s_notation_is_said_in_chinese(got: Any, en: str, zh: str) -> None:
    """A float32 array ("array([2.], dtype=float32)"), a class ("<class 'float'>"), a
    ufunc ("<ufunc 'sin'>"), a classmethod's class and a 0-d structured array's
    "dtype=" stood in Chinese messages as Python writes them; they are said in Chinese
    now, as a function, a method, a generator and a 0-d array already were. English
    keeps Python's notation."""
    said = assert_told(
        lambda lang: raised(lang, lambda: editions.package(lang).expect_close("f(1)", got, 2.0)),
        {"en": f"f(1): expected a number, got {en}", "zh": f"f(1)：应当是一个数，得到的是 {zh}"},
        "end",
    )
    editions.assert_chinese(said["zh"])


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("en", "array([(1, <_Shown object>)], dtype=[('a', '<i8'), ('b', 'O')])"),
        ("zh", "结构化数组 [(1, <_Shown 对象>)]"),
    ],
    ids=["en", "zh"],
)
def test_a_structured_array_with_a_field_of_objects_is_shown_without_their_code(
    lang: str, shown: str
) -> None:
    """A structured array with a field of objects went to numpy's repr, which ran the
    ``__repr__`` of the student's object in that field (outside the time limit): only an
    array of dtype object was read entry by entry. It is read field by field. Oracle for
    the English notation: numpy's repr of the same array holding an int there."""
    fields = [("a", np.int64), ("b", object)]
    if lang == "en":
        assert repr(np.array([(1, 2)], dtype=fields)) == shown.replace("<_Shown object>", "2")
    _SHOWN_RAN.clear()
    assert editions.package(lang).short(np.array([(1, _Shown())], dtype=fields)) == shown
    assert _SHOWN_RAN == [], _SHOWN_RAN


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("en", "np.void((1, <_Shown object>), dtype=[('a', '<i8'), ('b', 'O')])"),
        ("zh", "结构化数组的一项 (1, <_Shown 对象>)"),
    ],
    ids=["en", "zh"],
)
def test_an_entry_of_a_structured_array_is_shown_as_the_array_is(lang: str, shown: str) -> None:
    """a[0] of a structured array, numpy's np.void, was "<void instance at 0x…>" with a
    field of objects (its repr, which runs their ``__repr__``, was not run), and cut in
    its dtype's middle without one, in both editions. It is shown by its fields and its
    dtype whole, as the structured array is. Oracle for the English notation: numpy's
    repr of the same entry holding an int there."""
    fields = [("a", np.int64), ("b", object)]
    if lang == "en":
        held = repr(np.array([(1, 2)], dtype=fields)[0])
        assert held == shown.replace("<_Shown object>", "2"), held
    _SHOWN_RAN.clear()
    assert editions.package(lang).short(np.array([(1, _Shown())], dtype=fields)[0]) == shown
    assert _SHOWN_RAN == [], _SHOWN_RAN
