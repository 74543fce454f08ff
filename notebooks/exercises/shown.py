"""How a message shows a student's value: shortly, and without running the student's code.

A message quotes what the student wrote or returned ("got …", "your function is
'def f(x, h=…)'"). Python's repr printed a default list of 1,000 numbers whole (4,890
characters), a pass count of 10**400 as its 401 digits, ran the ``__repr__`` of a class
of the student's outside the time limit, and has no answer for an int past 4,300 digits
(Python's limit on converting one: ValueError). :func:`short` shows each shortly, and
:func:`size` is how a number too long for its digits is shown: to 4 of them, by its size.
"""

from __future__ import annotations

import array
import collections
import functools
import gc
import heapq
import inspect
import itertools
import math
import numbers
import operator
import re
import reprlib
import types
from fractions import Fraction
from typing import Any

import numpy as np

from autograd_mini import Value

__all__ = ["short", "size", "zh_gap"]


def size(number: numbers.Rational) -> str:
    """``number`` (an int, a nonzero Fraction) shown to 4 digits: "≈ 1.000e+400",
    "≈ -3.333e+399", "≈ 1.000e-60"; one of ordinary size (10⁻⁴ up to 10⁴, a Fraction of
    long terms) without a power of ten, as a float is shown: "≈ 1.414", "≈ 0.0001414",
    "≈ 1414" (a Fraction near √2 read "≈ 1.414e+0").

    By logarithms, not by its digits or an exact Decimal division: that took 26 s for an
    int of a million digits, and ran in the student's decimal context (its traps)."""
    p, q = int(number.numerator), int(number.denominator)
    power = math.log10(abs(p)) - math.log10(q)
    exponent = math.floor(power)
    mantissa = f"{10 ** (power - exponent):.3f}"
    if mantissa == "10.000":  # 9.9996 and up, shown to 4 digits
        mantissa, exponent = "1.000", exponent + 1
    sign = "-" if p < 0 else ""
    if -4 <= exponent <= 3:  # the 4 digits moved past the point, to as many places
        whole, _, places = mantissa.partition(".")
        digits = whole + places
        if exponent >= 0:
            point = exponent + 1
            shown = digits[:point] + ("." + digits[point:] if point < len(digits) else "")
        else:
            shown = "0." + "0" * (-exponent - 1) + digits
        return f"≈ {sign}{shown}"
    return f"≈ {sign}{mantissa}e{exponent:+d}"


#: The classes reprlib shows by a method of their own, which it finds by the class's name
#: alone: a class of the student's called set or list went there too, and stopped the
#: check ("TypeError: 'set' object is not iterable"), one called int or dict ran its own
#: code (its __repr__, the ``__getattribute__`` that isinstance reads ``__class__`` with).
_NAMED: dict[str, type[Any]] = {
    kind.__name__: kind
    for kind in (tuple, list, array.array, set, frozenset, collections.deque, dict, str, int)
}


class _Short(reprlib.Repr):
    """reprlib's shortened repr, with an object of a class whose ``__repr__`` is written
    in Python (the student's) shown by its class's name: its repr would run the
    student's code outside the time limit. An int or a Fraction of more digits than
    ``maxlong`` is shown by its :func:`size` (reprlib cut an int's digits in the middle,
    which hid how large it is, and could not show one past 4,300 digits), and so is a
    Fraction either of whose terms has that many: 1/10**60 read "Fraction(1, ≈ 1.000e+60)",
    a size inside a repr, where "≈ 1.000e-60" is the number. A smaller Fraction is shown
    as its repr reads, "Fraction(1, 3)": fractions.py writes its ``__repr__`` in Python,
    which read as the student's ("<Fraction object>"). A node of autograd_mini's
    (``Value``, not a class of the student's) is shown by its number and its label, if it
    has one, "Value(data=1.0, label='C')": its ``__repr__`` too is written in Python, and
    it read "<Value object>", which hid the number a message is about. A dict, list or
    tuple of another class whose ``__repr__`` is not written in Python (a defaultdict, an
    OrderedDict, a ``class Grads(dict)`` of the student's) is shown by its entries as a
    dict, list or tuple is ("OrderedDict({'w': 0.1})"): its own repr ran every entry's
    ``__repr__``, the student's too, and was cut in the middle, a dict's keys lost. A set
    is shown in its own order, as a dict is. The standard library's other containers are
    shown as Python shows them, their entries read the same way: a defaultdict with its
    factory, a class by its name as the student wrote it ("defaultdict(float, {'w':
    0.1})"; it read without one, then as Python's "<class 'float'>"), a namedtuple by its
    fields ("Point(x=1, y=2)"; it read "<Point object>"), a Counter
    largest count first ("Counter({'a': 2})"; collections writes its ``__repr__`` in Python,
    and it read "<Counter object>"), a mappingproxy by its mapping and a class(deque) by
    its entries (each was shown by its own repr, which ran its entries' ``__repr__``).
    So are a bound method and a ``functools.partial``, whose reprs run the ``__repr__`` of
    what they hold (a defaultdict's factory, a student's method). In Chinese, a bound
    method, a function and a generator are said in Chinese with their names ("方法
    Plain.f", then the object it is bound to; "生成器 step.<locals>.<genexpr>"), and a
    0-d array of a dtype Python names ("array(5, dtype='timedelta64[s]')") by the number
    it holds: Python's "bound method", "generator object" and "dtype" were English there.
    An object of a class
    without a ``__repr__`` of its own reads as one with one does ("<Plain 对象>"; object's
    "<__main__.Plain object at 0x…>" was English, and cut mid-name), and a function is
    shown whole (its name was cut, "<function studentf... at 0x…>")."""

    def repr1(self, x: Any, level: int) -> str:
        if type(x) in (int, Fraction) and abs(x) >= 10**self.maxlong:
            return size(x)
        if type(x) is Fraction:  # its __repr__ is Python's, not the student's: no class name
            if max(abs(x.numerator), x.denominator) >= 10**self.maxlong:
                return size(x)  # a tiny one, or one of long terms: a number, by its size
            return f"Fraction({self.repr1(x.numerator, level)}, {self.repr1(x.denominator, level)})"
        if type(x) is Value:  # the engine's own: its .data is a float, read without code of theirs
            try:
                data, label = x.data, x.label
            except AttributeError:  # Value.__new__(Value), never given its numbers
                return _instance("Value")
            named = f", label={self.repr1(label, level)}" if label else ""  # nb05's 'C'
            return f"Value(data={self.repr1(data, level)}{named})"
        if type(x) is np.ndarray:
            dtype = np.ndarray.dtype.__get__(x)
            if dtype.hasobject:  # numpy's repr runs their __repr__, a field's one too
                return self._objects(x, level, dtype)
            shown = super().repr1(x, level)  # "array(5, dtype='timedelta64[s]')"
            if _dtype_unwritten(dtype) and np.ndarray.size.__get__(x):  # "array(2.)": no
                return shown  # English (read off the dtype: a long repr is cut, dtype= too)
            if dtype.names is not None:  # reprlib cut its repr in the dtype's middle
                shown = self._structured_en(x, dtype)
            # dtype is Python's word: in Chinese, what the array is and its numbers
            return _said(en=f"{shown}", zh=f"{self._array_zh(x, dtype, level)}")
        if type(x) is np.void and np.void.dtype.__get__(x).names is not None:
            return self._record(x, np.void.dtype.__get__(x), level)
        kind = _NAMED.get(type(x).__name__)
        if kind is not None and not issubclass(type(x), kind):  # a class of theirs called set
            return self.repr_instance(x, level)
        return super().repr1(x, level)

    def _array_zh(self, x: Any, dtype: np.dtype[Any], level: int) -> str:
        """An array whose repr names its dtype ("array([2.], dtype=float32)"), in
        Chinese: "float32 数组 [2.]", a 0-d one by the number it holds, one of named
        fields as a structured array ("结构化数组 [(1, 2.)]": its 0-d number's repr names
        the dtype too), its numbers as numpy writes them, cut in the middle as reprlib
        cuts a repr. An empty one, whose repr names its dtype whatever it is
        ("array([], dtype=float64)"), is "float64 数组 []", one of another shape than (0,)
        "形状 (0, 3) 的 float64 数组 []", and one of booleans "布尔数组 []" (one of objects:
        :meth:`_objects`): numpy's "bool", "dtype=" and "shape=" were English in Chinese
        messages."""
        ndim = np.ndarray.ndim.__get__(x)
        if dtype.names is None and ndim == 0:
            return f"0 维数组（里面是 {self.repr1(x[()], level)}）"
        kind = f"{dtype.name} 数组"  # float32, timedelta64[s]; ">f8" as float64
        if dtype.kind in "US":  # "<U2": numpy's code for its strings
            kind = "字符串数组"
        if dtype.kind == "b":  # numpy's name, an English word: "bool"
            kind = "布尔数组"
        if dtype.names is not None:
            kind = "结构化数组"
        kind = f"0 维{kind}" if ndim == 0 else kind
        shape = np.ndarray.shape.__get__(x)
        if not np.ndarray.size.__get__(x) and shape != (0,):  # numpy's "shape=(0, 3)"
            kind = f"{_shaped_zh(shape, kind)}{kind}"
        return f"{kind} {self._body(x)}"

    def _body(self, x: Any) -> str:
        """An array of numbers' entries as numpy writes them, on one line, cut in the
        middle as reprlib cuts a long repr (its two ends kept)."""
        body = " ".join(np.array2string(x, separator=", ", threshold=20, edgeitems=3).split())
        if len(body) > self.maxother:
            i = (self.maxother - 3) // 2
            body = body[:i] + "..." + body[len(body) - (self.maxother - 3 - i) :]
        return body

    def _structured_en(self, x: Any, dtype: np.dtype[Any]) -> str:
        """A structured array of numbers as numpy writes it, its entries shortened and its
        dtype whole: "array([(1, 2.)], dtype=[('a', '<i8'), ('b', '<f8')])". reprlib cut
        numpy's repr in the middle, which fell in the dtype ("array([(1, 2.)],
        d...8'), ('b', '<f8')])"): the fields were cut, the numbers kept."""
        shape = np.ndarray.shape.__get__(x)
        empty = not np.ndarray.size.__get__(x) and shape != (0,)  # numpy's "shape=(0, 3)"
        shaped = f", shape={shape}" if empty else ""
        return f"array({self._body(x)}{shaped}, dtype={dtype})"

    def _record(self, x: Any, dtype: np.dtype[Any], level: int) -> str:
        """One entry of a structured array (``a[0]``, numpy's ``np.void``), shown as the
        structured array it comes from is: its fields' values and its dtype whole,
        "np.void((1, 2.5), dtype=[('a', '<i8'), ('b', '<f8')])", in Chinese "结构化数组的一项
        (1, 2.5)". reprlib cut numpy's repr in the dtype's middle ("np.void((1, 2.5),
        ...8'), ('b', '<f8')])"), English in the Chinese edition too, and with a field of
        objects it ran their ``__repr__``: those are read as :meth:`_objects` reads them."""
        whole = np.array(x, dtype=dtype)  # the 0-d structured array of it: no code of theirs
        held = (
            self.repr1(np.ndarray.tolist(whole), level)  # the objects themselves, no code
            if dtype.hasobject
            else self._body(whole)
        )
        return _said(en=f"np.void({held}, dtype={dtype})", zh=f"结构化数组的一项 {held}")

    def _objects(self, x: Any, level: int, dtype: np.dtype[Any]) -> str:
        """An array of objects, its entries shown as any value is: "array([<Plain object>,
        ≈ 1.000e+400], dtype=object)", in Chinese "对象数组 [<Plain 对象>, ≈ 1.000e+400]", a
        0-d one in Chinese by what it holds, as a 0-d array of numbers is. numpy's repr of
        it ran the ``__repr__`` of every object of the student's in it, outside the time
        limit, and showed an int of 400 digits by its digits. Nested lists stand for its
        axes (a list held as an entry reads as one: numpy's "list([1, 2])" is its repr).

        A structured array with a field of objects (``dtype=[('a', int), ('b', object)]``)
        is read the same way, field by field: its entries are tuples of the fields' values
        ("array([(1, <Plain object>)], dtype=[('a', '<i8'), ('b', 'O')])", in Chinese
        "结构化数组 [(1, <Plain 对象>)]"); numpy's repr ran the object's ``__repr__``."""
        held = self.repr1(np.ndarray.tolist(x), level)  # the objects themselves, no code
        # numpy's own words for the dtype: a structured one's fields by their codes
        named, kind = ("object", "对象数组") if dtype.names is None else (f"{dtype}", "结构化数组")
        shape = np.ndarray.shape.__get__(x)
        if not shape:
            return _said(en=f"array({held}, dtype={named})", zh=f"0 维数组（里面是 {held}）")
        empty = not np.ndarray.size.__get__(x) and shape != (0,)  # numpy's "shape=(0, 3)"
        shaped, shaped_zh = (f", shape={shape}", _shaped_zh(shape, kind)) if empty else ("", "")
        return _said(en=f"array({held}{shaped}, dtype={named})", zh=f"{shaped_zh}{kind} {held}")

    def repr_dict(self, x: Any, level: int) -> str:
        """A dict's first entries in its own order (reprlib sorts the keys: a dict returned
        as {'w': …, 'b': …, 'a': …} read {'a': …, 'b': …, 'w': …}, not as written)."""
        if not dict.__len__(x):
            return "{}"
        if level <= 0:
            return "{...}"
        pieces = [
            f"{self.repr1(key, level - 1)}: {self.repr1(value, level - 1)}"
            for key, value in itertools.islice(dict.items(x), self.maxdict)
        ]
        return "{" + ", ".join(pieces + ["..."] * (dict.__len__(x) > self.maxdict)) + "}"

    def repr_set(self, x: Any, level: int) -> str:
        return self._elements(x, level, set)

    def repr_frozenset(self, x: Any, level: int) -> str:
        return self._elements(x, level, frozenset)

    def _elements(self, x: Any, level: int, kind: type[Any]) -> str:
        """A set's first elements in its own order, as Python's repr shows them: reprlib
        sorts the whole set first, which ran the ``__lt__`` of a class of the student's
        outside the time limit and took seconds for a million numbers."""
        most = self.maxset if kind is set else self.maxfrozenset
        first = list(itertools.islice(kind.__iter__(x), most + 1))  # not its own __iter__
        if not first:
            return f"{type(x).__name__}()"
        shown = "..."
        if level > 0:
            pieces = [self.repr1(element, level - 1) for element in first[:most]]
            shown = ", ".join(pieces + ["..."] * (len(first) > most))
        return f"{{{shown}}}" if type(x) is set else f"{type(x).__name__}({{{shown}}})"

    def repr_deque(self, x: Any, level: int) -> str:
        """A deque's first entries and its maxlen, as Python shows them ("deque([1, 2],
        maxlen=3)"), read without a class(deque)'s own ``__iter__``: a class(deque) of the
        student's was shown by deque's own repr, which ran every entry's ``__repr__``."""
        first = list(itertools.islice(collections.deque.__iter__(x), self.maxdeque + 1))
        longest = collections.deque.maxlen.__get__(x, type(x))
        most = "" if longest is None else f", maxlen={longest}"
        return f"{type(x).__name__}({self.repr_list(first, level)}{most})"

    def _counts(self, x: Any, level: int) -> str:
        """A Counter's entries as Python shows them, largest count first (its
        ``most_common``: ties in its own order), read as a dict's; in its own order where a
        count is not a plain number (Python's too, where they do not compare), whose
        ``__lt__`` may be the student's."""
        if not all(type(count) in (int, float, bool) for count in dict.values(x)):
            return self.repr_dict(x, level)
        first = heapq.nlargest(self.maxdict + 1, dict.items(x), key=operator.itemgetter(1))
        return self.repr_dict(dict(first), level)

    def _named_tuple(self, x: Any, level: int) -> str:
        """A namedtuple as Python shows it, "Point(x=1, y=2)": its fields (the class's
        ``_fields``, read as data) and its entries read as a tuple's, each shown as any
        value is; collections writes its ``__repr__`` in Python, and it read "<Point
        object>"."""
        fields = inspect.getattr_static(type(x), "_fields", None)
        entries = list(itertools.islice(tuple.__iter__(x), self.maxtuple + 1))
        if not (
            type(fields) is tuple
            and len(fields) == tuple.__len__(x)
            and all(type(field) is str for field in fields)
        ):  # a _fields of the student's own: not the namedtuple's
            return _instance(type(x).__name__)
        if level <= 0:
            return f"{type(x).__name__}(...)"
        pieces = [
            f"{field}={self.repr1(entry, level - 1)}"
            for field, entry in zip(fields, entries[: self.maxtuple], strict=False)
        ]
        pieces += ["..."] * (len(entries) > self.maxtuple)
        return f"{type(x).__name__}({', '.join(pieces)})"

    def repr_instance(self, x: Any, level: int) -> str:
        written = inspect.getattr_static(type(x), "__repr__", None)
        if written is collections.Counter.__repr__:  # collections' own, written in Python
            if not dict.__len__(x):
                return f"{type(x).__name__}()"  # as Python shows it: "Counter()"
            return f"{type(x).__name__}({self._counts(x, level)})"
        if (
            isinstance(written, types.FunctionType)
            and written.__code__ is _NAMEDTUPLE_REPR
            and issubclass(type(x), tuple)
        ):
            return self._named_tuple(x, level)
        if isinstance(written, types.FunctionType) or written is object.__repr__:
            # object's own: "<__main__.Plain object at 0x…>", English, cut mid-name
            return _instance(type(x).__name__)
        if type(x) is np.ufunc:  # "<ufunc 'sin'>": in Chinese, what it is and its name
            return _said(en=f"{x!r}", zh=f"numpy 通用函数 {vars(np.ufunc)['__name__'].__get__(x)}")
        if isinstance(x, type) and written is type.__repr__:  # "<class 'float'>", "类 float"
            shown: str = type.__repr__(x)  # the class's module and name, read by type's C code
            if not shown.startswith("<class '"):  # pragma: no cover - type's repr is so
                return shown
            return _said(en=f"{shown}", zh=f"类 {shown[len('<class ') + 1 : -2]}")
        if type(x) in _WHOLE:  # whole: its function's name says which one
            # "<generator object step.<locals>.<genexpr> at 0x…>" (cut mid-name by reprlib);
            # in Chinese, what it is in Chinese and its name
            what = _WHOLE[type(x)]
            if type(x) is types.BuiltinMethodType and type(x.__self__) is not types.ModuleType:
                what = "内置方法"  # [].append: "<built-in method append of list object …>"
            return _said(en=f"{x!r}", zh=f"{what} {x.__qualname__}")
        if type(x) is types.MethodType:  # Python's repr runs its instance's __repr__
            function = x.__func__
            name = function.__qualname__ if type(function) is types.FunctionType else "?"
            bound = self.repr1(x.__self__, level - 1)
            # a classmethod's class: "绑定在类 Plain 上", no space after 在 before a word
            on = f"{bound} " if bound.startswith("类 ") else f" {bound} "
            return _said(en=f"<bound method {name} of {bound}>", zh=f"方法 {name}（绑定在{on}上）")
        if isinstance(x, functools.partial) and written is functools.partial.__repr__:
            # Python's repr runs its arguments' __repr__; read as its own C slots
            held = [self.repr1(x.func, level - 1)]
            held += [self.repr1(argument, level - 1) for argument in x.args[: self.maxtuple]]
            named = itertools.islice(x.keywords.items(), self.maxdict)
            held += [f"{key}={self.repr1(value, level - 1)}" for key, value in named]
            held += ["..."] * (len(x.args) > self.maxtuple or len(x.keywords) > self.maxdict)
            name = "functools.partial" if type(x) is functools.partial else type(x).__name__
            return f"{name}({', '.join(held)})"
        if type(x) is types.MappingProxyType:  # its mapping, read without running its code
            inner = gc.get_referents(x)
            if len(inner) != 1:  # pragma: no cover - a proxy refers to its mapping alone
                return _instance("mappingproxy")
            return f"mappingproxy({self.repr1(inner[0], level)})"
        # a defaultdict, an OrderedDict, a class(dict) of the student's
        if issubclass(type(x), dict):
            shown = self.repr_dict(x, level)
            if written is dict.__repr__:
                return shown
            if written is collections.defaultdict.__repr__:  # with its factory, as Python
                factory = vars(collections.defaultdict)["default_factory"].__get__(x, type(x))
                # a class by its name, as the student wrote it (float, not <class 'float'>)
                made = (
                    vars(type)["__name__"].__get__(factory)
                    if isinstance(factory, type)
                    else self.repr1(factory, level - 1)
                )
                return f"{type(x).__name__}({made}, {shown})"
            return f"{type(x).__name__}({shown})"
        if issubclass(type(x), collections.deque) and written is collections.deque.__repr__:
            return self.repr_deque(x, level)
        # a class(list) of theirs: its first entries, read without its own __iter__
        if issubclass(type(x), list) and written is list.__repr__:
            return self.repr1(list(itertools.islice(list.__iter__(x), self.maxlist + 1)), level)
        if issubclass(type(x), tuple) and written is tuple.__repr__:
            return self.repr1(tuple(itertools.islice(tuple.__iter__(x), self.maxtuple + 1)), level)
        for kind in (set, frozenset):  # "Names({1, 2})", as Python shows a class(set)
            if issubclass(type(x), kind) and written is kind.__repr__:
                return self._elements(x, level, kind)
        return super().repr_instance(x, level)


def _said(en: str, zh: str) -> str:
    """The package's :func:`msg`, at the call: it imports this file before defining msg.
    A message of this file is written at the call of this one, both halves side by side
    (test_exercises reads them as it reads msg's)."""
    from . import msg as in_this_language

    return in_this_language(en=en, zh=zh)


#: a Chinese character (the CJK ideographs and their extension A)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def zh_gap(text: str) -> str:
    """The space Chinese words set before ``text``: none before a Chinese character, one
    before a formula, a number or a Latin word ("的 float64 数组" but "的结构化数组";
    "以及 −f(x)" but "以及除以的是 2h²")."""
    return "" if _CJK.match(text) else " "


def _shaped_zh(shape: tuple[int, ...], kind: str) -> str:
    """ "形状 (0, 3) 的 " before an empty array's kind: a space before a dtype's name
    ("形状 (0, 3) 的 float64 数组"), none before a Chinese word ("形状 (0, 3) 的结构化数组";
    it was "的 结构化数组", a stray space)."""
    return f"形状 {shape} 的{zh_gap(kind)}"


def _dtype_unwritten(dtype: np.dtype[Any]) -> bool:
    """Does numpy's repr of an array of ``dtype`` leave it out ("array(2.)"), as it does
    for its default int, float64, complex128 and bool in the machine's byte order?"""
    return (
        dtype.isnative
        and dtype.names is None
        and dtype.type in (np.int_, np.float64, np.complex128, np.bool_)
    )


def _instance(name: str) -> str:
    """An object of the class ``name`` whose repr is not run, in this copy's language:
    "<Key object>", "<Key 对象>" (Python's English "<Key object>" stood inside the Chinese
    messages). The angle brackets stay: inside a list or a dict's keys they mark the
    entry as a stand-in, not as what the object prints."""
    return _said(en=f"<{name} object>", zh=f"<{name} 对象>")


#: The objects shown by their own repr, whole: Python writes it without running code of
#: the student's, and the name it holds says which one (cut at 40 characters, a
#: defaultdict's factory read "<function studentf... at 0x…>"); in Chinese, by what each
#: is, in Chinese, and its name ("<generator object …>" was Python's English there).
_WHOLE = {
    types.GeneratorType: "生成器",
    types.FunctionType: "函数",
    types.BuiltinFunctionType: "内置函数",
}

#: The code of every namedtuple's ``__repr__`` (collections makes each class's from it).
_NAMEDTUPLE_REPR = collections.namedtuple("_Probe", ()).__repr__.__code__

_SHORT = _Short()
_SHORT.maxstring = _SHORT.maxother = 40


def short(value: Any) -> str:
    """``value`` as a message shows a student's value: reprlib's repr, a long list,
    string or array cut with "...", so that the message stays one readable line (a
    default list of 1,000 numbers was printed in full, 4,890 characters), a number of
    more than 40 digits by its size ("≈ 1.000e+400", "≈ 1.000e-60"), a Value by its
    ``.data`` and label ("Value(data=1.0)", "Value(data=0.5, label='C')")."""
    return _SHORT.repr(value)
