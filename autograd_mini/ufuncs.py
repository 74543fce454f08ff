"""numpy's functions called on a Value (``np.exp(v)``, ``np.float64(2) * v``).

numpy asks a Value's ``__array_ufunc__`` first, and :func:`call_ufunc` answers:

* the ufunc of a Python operator (``np.add``, ``np.multiply``, ``np.less``,
  ``np.negative``, …: the table ``_OPERATORS``, its arithmetic and its comparisons)
  does what the operator does —
  ``np.float64(2) * v`` is ``v.__rmul__(2.0)``, as it was;
* a ufunc named as an op of the table (``np.exp``, ``np.sin``, ``np.logaddexp``, an op
  registered under a numpy function's name) applies that op (to each number of an
  array beside the Value);
* ``np.clip`` gives a Value where numpy's loop gave the bound itself (:func:`clip`;
  ``np.clip(v, 0, 1)`` asks ``Value.clip``, ``np.clip(2.0, v, 1)`` this module); ``np.fmod``
  and ``np.divmod`` are refused as ``%`` and ``divmod`` are;
* ``np.maximum``, ``np.minimum``, ``np.fmax`` and ``np.fmin`` pick an operand by
  comparing them, which a recording trace refuses naming the function and the same pick
  written with ops (:func:`_pick_read`);
* ``np.maximum``, ``np.minimum``, ``np.fmax`` and ``np.fmin`` give the Value picked, or
  the number picked as a Value of the ``clip`` op, as np.clip gives its bound
  (:func:`_pick_one`; numpy's loop gave the plain number);
* any other goes through numpy's own loop for Python objects, as before (``np.square``
  multiplies); where that loop looks for a method the Value
  has not (``np.log1p`` calls ``v.log1p()``), the call is refused naming the numpy
  functions a Value goes through and a rewrite with its ops — numpy said only "loop of
  ufunc does not support argument 0 of type Value which has no callable log1p method".

A Value is one number, as a float is: with an array beside it, on either side, numpy's
loop for objects gives the array of what each number does with the Value
(``np.array([1.0, 2.0]) * v``, ``np.add([1.0, 2.0], v)``, ``v * np.ones((2, 2))``: arrays
of Values, whose gradients reach ``v``), as ``np.float64(2) * np.array([1.0, 2.0])`` is
the array of each product.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from autograd_mini.errors import ClipRefused, DomainError
from autograd_mini.floor_refusal import no_floor
from autograd_mini.operators import ARITHMETIC
from autograd_mini.ops import OPS
from autograd_mini.read_watch import READ_WATCH
from autograd_mini.reals import (
    boolean_hint,
    described,
    is_real,
    is_time,
    not_real_hint,
    scalar_of,
)
from autograd_mini.value import Value, apply, as_real

__all__ = ["call_ufunc", "clip"]

#: numpy's names of Python's arithmetic operators, and the methods Python calls for each
#: (:data:`~autograd_mini.operators.ARITHMETIC`): each gives a Value with a derivative.
_ARITHMETIC: dict[str, tuple[str, ...]] = {o.ufunc: o.methods for o in ARITHMETIC}

#: numpy's names of Python's comparisons: a bool, no derivative (``np.float64(2) < v`` is
#: ``v > 2.0``); ``np.equal`` and ``np.not_equal`` of a Value and a number are refused, as
#: ``==`` is. A refusal does not name them among what a Value goes through (:func:`_no_op`).
_COMPARISONS: dict[str, tuple[str, ...]] = {
    "less": ("__lt__", "__gt__"),
    "less_equal": ("__le__", "__ge__"),
    "greater": ("__gt__", "__lt__"),
    "greater_equal": ("__ge__", "__le__"),
    "equal": ("__eq__", "__eq__"),
    "not_equal": ("__ne__", "__ne__"),
}

#: The one table call_ufunc routes by: the ufunc of an operator does what the operator
#: does, Python's own answer, numpy's float64 turned into a float first, as numpy's loop
#: for objects did.
_OPERATORS: dict[str, tuple[str, ...]] = {**_ARITHMETIC, **_COMPARISONS}

#: How to write with Value ops the numpy functions most asked for that have no op.
_REWRITES = {
    "log1p": "(1 + x).log()",
    "expm1": "x.exp() - 1",
    "exp2": "2 ** x",
    "log2": "x.log() / math.log(2)",
    "log10": "x.log() / math.log(10)",
    "tan": "x.sin() / x.cos()",
    "sinh": "(x.exp() - (-x).exp()) / 2",
    "cosh": "(x.exp() + (-x).exp()) / 2",
    # tests of the number, which numpy has no loop for objects for: the number's test
    "isfinite": "math.isfinite(x.data)",
    "isnan": "math.isnan(x.data)",
    "isinf": "math.isinf(x.data)",
}


#: What to write for numpy's functions of two results, which no op (one result) can be
#: nor Value ops write whole.
_TWO_RESULTS = {
    "modf": (
        "its fractional part is the Value x - np.trunc(x.data) (derivative 1, PyTorch's "
        "frac's), its whole part the number np.trunc(x.data) (flat: no derivative)"
    ),
    "frexp": (
        "it has no form that carries a derivative (its exponent is a whole number, its "
        "mantissa jumps at every power of 2): read the number, np.frexp(x.data)"
    ),
}


def call_ufunc(
    ufunc: np.ufunc, method: str, inputs: tuple[Any, ...], kwargs: dict[str, Any]
) -> Any:
    """What ``ufunc`` gives on ``inputs``, at least one of them a Value (see the module)."""
    name = ufunc.__name__
    if name in _PICKED and method == "__call__":  # np.maximum, np.minimum, np.fmax, np.fmin
        if READ_WATCH.get() is not None:
            _watch_pick(name, inputs)
        if kwargs and len(inputs) == 2:
            taken, out = _pick_keywords(name, kwargs)
            if taken:  # keywords that change nothing for a Value: the pick without them
                y = call_ufunc(ufunc, method, inputs, {})
                if out is None:
                    return y
                out[...] = y  # an array of objects: the result written into it
                return out
    if method == "__call__" and not kwargs:
        if len(inputs) == 2:
            a, b = inputs
            if isinstance(a, Value):  # a subclass too (its own operators, if it has any)
                if _one(b):
                    methods = _OPERATORS.get(name)
                    if methods is not None:  # Python's operator, as numpy's loop gave it
                        return getattr(a, methods[0])(_number(b))
                    b = _number(b)
                    operands: tuple[Any, ...] = (a, b)
                else:
                    operands = ()
            elif _one(a):
                methods = _OPERATORS.get(name)
                if methods is not None:  # b is the Value: the operator of the right operand
                    return getattr(b, methods[1])(_number(a))
                a = _number(a)
                operands = (a, b)
            else:
                operands = ()
            if operands:
                if name in _PICKS:  # numpy's loop for objects, without building it
                    return _pick_one(name, a, b)
                row = OPS.get(name)
                if row is not None and row.arity == 2:
                    return apply(row, a, b)
        elif len(inputs) == 1:
            row = OPS.get(name)
            if row is not None and row.arity == 1:  # np.exp(v): the Value itself
                return apply(row, inputs[0])
            methods = _OPERATORS.get(name)
            if methods is not None:  # np.negative(v): -v, as numpy's loop gave it
                return getattr(inputs[0], methods[0])()
        row = OPS.get(name)
        if row is not None and row.arity == len(inputs):  # an array beside: each number
            return np.frompyfunc(partial(apply, row), row.arity, 1)(*map(_times_kept, inputs))
    out = kwargs.get("out")
    if out is not None and any(isinstance(o, Value) for o in _as_tuple(out)):
        raise TypeError(_no_out(ufunc))
    # a duration or a date beside a Value, in no op's or operator's hands (an operator
    # of the table refuses it itself, by its symbol: "*: expected a real number …")
    for x in () if name in _OPERATORS else inputs:
        held = _time_held(x)
        if held is not None:
            raise TypeError(
                f"np.{name}: expected a real number or a Value, got {type(held).__name__} "
                f"({held!r}){not_real_hint(held)}"
            )
    if name in _PICKS and method == "__call__" and len(inputs) == 2 and not kwargs:
        # np.maximum(v, np.array([5.0, 1.0])): each number with the Value, a Value each
        # (numpy's loop for objects gave the plain 5.0 in its cell)
        return np.frompyfunc(partial(_pick_one, name), 2, 1)(*map(_times_kept, inputs))
    if name == "clip" and method == "__call__" and len(inputs) == 3:
        # np.clip(2.0, v, 1), np.clip(v, array, 1); out= and dtype= as Value.clip takes them
        keywords = dict(kwargs)
        return clip(*inputs, _as_tuple(keywords.pop("out", None))[0], keywords)
    if name in _FLOORED and method == "__call__" and len(inputs) == 2:
        # np.divmod(v, 2), divmod(np.float64(2.0), v), divmod(v, array): refused as
        # divmod(v, 2) is — numpy has no loop for objects, and "register an op named
        # 'divmod'" was the advice, where an op gives one number and divmod two.
        # np.fmod(v, 2) was advised to register an op: it jumps as % does, refused so
        no_floor(name, *map(_number, inputs))
    # numpy's own loop for Python objects: an array beside a Value gives an array of
    # what each number does with the Value (np.array([1.0, 2.0]) * v, as before)
    objects = [
        np.array(x, dtype=object) if isinstance(x, Value) else _times_kept(x) for x in inputs
    ]
    try:
        return getattr(ufunc, method)(*objects, **kwargs)
    except (TypeError, AttributeError) as error:
        if not any("O" in loop for loop in ufunc.types):
            # no loop for objects at all (np.isfinite, np.heaviside, np.copysign): numpy
            # said only "ufunc 'isfinite' not supported for the input types, and the
            # inputs could not be safely coerced ..."
            raise TypeError(_no_op(name)) from None
        # numpy's loop for objects calls the method of the ufunc's name (v.log1p(),
        # v.arctan2(1.0), 1.0.hypot(v) for an array's number), and said only that a
        # Value (or a float) has none
        missing = error if isinstance(error, AttributeError) else error.__cause__
        if not isinstance(missing, AttributeError) or missing.name != name:
            raise
        raise TypeError(_no_op(name)) from None


#: numpy's functions of a floor or a truncated quotient, refused by
#: :func:`~autograd_mini.floor_refusal.no_floor` as ``//`` and ``%`` are
_FLOORED = frozenset({"divmod", "fmod"})

#: numpy's maximum and minimum for objects keep the first operand unless the second is
#: larger (smaller): the same, without numpy's 0-d arrays around the Value (2× faster);
#: np.fmax and np.fmin alike (they differ only at a nan, :func:`_pick_one`). At a tie the
#: first operand is given back, as Python's max and min give it, so the whole gradient
#: goes to it (one subgradient at the kink; PyTorch's torch.maximum gives each half; the
#: README says so, under "The engine").
_PICKS: dict[str, Callable[[Any, Any], bool]] = {
    "maximum": operator.ge,
    "minimum": operator.le,
    "fmax": operator.ge,
    "fmin": operator.le,
}


def _pick_one(name: str, a: Any, b: Any) -> Any:
    """``np.<name>(a, b)`` (maximum, minimum, fmax, fmin) of two numbers, a Value among
    them: the Value picked itself, and a plain number picked as a Value too — numpy's
    loop gave the number itself (``np.maximum(5.0, v)`` was the float 5.0, no Value, no
    graph; so was ``np.clip(0.5, v, None)``, which numpy hands on to np.maximum): the
    table's ``clip`` op of that number, on the Value (∂ = 0), as np.clip gives its bound.
    A nan number: np.fmax and np.fmin take the other operand, as numpy's of floats do
    (its loop for objects gave the nan); np.maximum and np.minimum give nan, which no
    Value holds, refused as np.clip refuses a nan bound. Two Values are compared and
    nothing more: the nan test of each operand in turn made np.maximum(v, w) 1.4× as slow
    as before it. A number that is no real number (``True``, ``'a'``, a duration) is
    refused naming ``np.<name>``: it was told in a comparison's words ("comparison:
    expected a real number …"), a sign the student never wrote — Python's ``max(v, True)``
    still is, as its own comparison. The refusal says nothing of np.clip: the call numpy
    hands on from ``np.clip(x, lo, None)`` is not told from ``np.maximum(x, lo)`` here, and
    a student who wrote np.maximum was told np.clip's equivalence."""
    if isinstance(b, Value):
        if isinstance(a, Value):  # two Values: no nan, no number to make a Value of
            return a if _PICKS[name](a, b) else b
        held, number = b, a
    else:
        held, number = a, b
    if isinstance(number, (float, np.floating)) and math.isnan(number):
        if name in ("fmax", "fmin"):
            return held
        raise DomainError(
            f"np.{name}: an operand is nan (np.{name}({a!r}, {b!r})): numpy's {name} "
            f"gives nan there, and a Value holds a finite number — np.f{name[:3]} takes "
            f"the other operand past a nan"
        )
    if not is_real(number):  # (after the nan test: is_real narrows it to a Real)
        raise TypeError(
            f"np.{name}: expected a real number or a Value, got {described(number)}"
            f"{boolean_hint(number) or not_real_hint(number)}"
        )
    y = a if _PICKS[name](a, b) else b
    return y if y is held else _chosen_value(held, y, f"np.{name}")


#: numpy's functions that pick one operand by comparing them, each with the same pick
#: written with ops (a trace replays them for each sample) and which of np.clip's calls
#: numpy hands on to it. ``np.fmax`` and ``np.fmin`` differ from them only at a nan, which
#: no Value holds. Each form is ``a`` at a tie, as numpy's pick is, with the whole
#: derivative to ``a`` as the pick gives it (relu's slope at 0 is 0): the larger was
#: written ``b + (a - b).relu()``, ``b`` at a tie, the same number with the derivative
#: given to ``b`` instead — ``np.maximum(w, 0.0)`` of a weight at 0 moved it eagerly and
#: left it at 0 when traced so.
_PICKED: dict[str, tuple[str, str, str]] = {
    "maximum": (
        "larger",
        "a + (b - a).relu()",
        "; np.clip(x, lo, None) of a number x is np.maximum(x, lo)",
    ),
    "fmax": ("larger", "a + (b - a).relu()", ""),
    "minimum": (
        "smaller",
        "a - (a - b).relu()",
        "; np.clip(x, None, hi) of a number x is np.minimum(x, hi)",
    ),
    "fmin": ("smaller", "a - (a - b).relu()", ""),
}


def _pick_read(name: str) -> str:
    """How a recording trace is told ``np.<name>`` (maximum, minimum, fmax, fmin) reads a
    Value (``UntraceableRead``): it was "a comparison >=", a sign the student never wrote,
    with advice for Python's if and max() — numpy's loop compares the operands, and
    nothing said which function did or what a trace replays instead."""
    which, ops, called = _PICKED[name]
    return (
        f"np.{name}(a, b), a comparison of a with b; {ops} is the {which} alike, with ops a "
        f"trace replays for each sample{called}"
    )


def _watch_pick(name: str, inputs: tuple[Any, ...]) -> None:
    """Show a recording trace (or a transform) each Value operand of ``np.<name>`` as its
    read (:func:`_pick_read`), before the comparison numpy's pick makes shows it as
    "a comparison >=". Python's ``max(v, w)`` calls no hook: it stays a comparison. np.fmax
    and np.fmin of a Value and a nan number compare nothing: nothing is shown."""
    watch = READ_WATCH.get()
    if watch is None or (name in ("fmax", "fmin") and any(map(_nan_number, inputs))):
        return
    for v in inputs:
        if isinstance(v, Value):
            watch(v, _pick_read(name), "branch")


def _nan_number(x: Any) -> bool:
    """Whether ``x`` is one nan number beside a Value, or an array whose every cell is
    nan: np.fmax and np.fmin of a Value and a nan give the Value without comparing
    anything (:func:`_pick_one`), so a trace has nothing to refuse — it refused
    ``np.fmax(x[0], np.nan)`` and advised ``a + (b - a).relu()``, which is nan there; it
    still refused ``np.fmax(x[0], np.array([np.nan]))``, eagerly ``[Value(1.0)]``."""
    if isinstance(x, np.ndarray) and x.ndim > 0:
        return all(map(_nan_number, x.flat))
    if isinstance(x, Value) or not _one(x):
        return False
    number = _number(x)
    return isinstance(number, (float, np.floating)) and math.isnan(number)


#: numpy's keywords of np.clip that change nothing where a Value is written into an
#: array of objects (:func:`clip`)
_OBJECTS_ALIKE = ("casting", "order", "subok")

#: the keywords numpy's np.clip takes besides out= (any other, ``bogus=3`` or ``axis=0``,
#: numpy refuses for an array of floats: "clip() got an unexpected keyword argument")
_NUMPY_S = ("where", "dtype", "signature", *_OBJECTS_ALIKE)


def _pick_keywords(name: str, kwargs: dict[str, Any]) -> tuple[bool, Any]:
    """Whether np.maximum's (np.minimum's, np.fmax's, np.fmin's: ``name``) keywords
    ``kwargs`` all leave a Value's pick as it is, and its ``out=`` (None if not given):
    ``dtype=object`` (or None), ``where=`` numpy reads as True (:func:`_where_read`),
    ``casting=``, ``order=``, ``subok=``, and out= an array of objects, as :func:`clip`
    takes them. With any of them numpy's loop picked, and gave the plain number it picked:
    ``np.maximum(5.0, v, where=True)`` was 5.0, and ``np.clip(5.0, v, None, where=True)``,
    which numpy hands on to it, too — where=True changes nothing in the README.

    A ``where=`` numpy reads as False (False, 0, None, np.False_, array(False)) or a mask
    is refused as np.clip refuses it, in its words, by
    :class:`~autograd_mini.errors.ClipRefused`: numpy's loop wrote no cell, and
    ``np.maximum(5.0, v, where=False)`` was None (with numpy's warning of uninitialised
    memory), as was ``np.clip(5.0, v, None, where=False)``, which numpy hands on to
    np.maximum, where ``np.clip(v, 5.0, None, where=False)`` was refused; a mask's cells
    were the plain number picked, or None.

    Any other keyword of numpy's is refused so too, as np.clip refuses it: ``dtype=float``,
    ``signature='dd->d'`` and out= an array of floats were numpy's "Cannot cast ufunc
    'maximum' input 0 (output) from dtype('O') to dtype('float64') with casting rule
    'same_kind'" (a student never wrote an O); ``signature='OO->O'``, numpy's loop for
    objects as dtype=object is, is taken as dtype=object is; a ``where=`` numpy
    refuses itself (``np.array(1)``, no boolean) was numpy's "Cannot cast scalar", after
    its warning of uninitialised memory. Left to numpy (False, None): a ``dtype=`` that is
    no dtype ("data type 'bogus' not understood" says it), an ``out=`` of more than one
    array, and a Value as out=, which :func:`call_ufunc` refuses in its own words."""
    rest = dict(kwargs)
    outs = _as_tuple(rest.pop("out", None))
    if len(outs) != 1 or isinstance(outs[0], Value):
        return False, None
    taken = _taken_away(rest, 2)
    if isinstance(taken, TypeError):  # dtype= no dtype: numpy's words for it, its loop's
        return False, None
    rest, read = taken
    if rest or not _of_objects(outs[0]):  # numpy's keywords for numbers: as np.clip's
        call = f"np.{name}(a, b)"
        raise ClipRefused(_refusal(f"np.{name}", outs[0], rest, read, call, _PICKED[name][2]))
    return True, outs[0]


def _taken_away(
    keywords: dict[str, Any], operands: int
) -> tuple[dict[str, Any], bool | str | None] | TypeError:
    """numpy's keywords ``keywords`` (out= apart) of np.clip or a pick without those that change
    nothing where a Value is written into an array of objects, and how numpy reads a 0-d ``where=``
    (:func:`_where_read`; None for a mask or no where=). Taken away: ``dtype=object`` (or None), a
    ``signature=`` naming objects alone for the ``operands`` inputs and the output
    (:func:`_objects_signature`), ``where=`` numpy reads as True (``where=1`` too), ``casting=``,
    ``order=`` and ``subok=``. :func:`clip` and :func:`_pick_keywords` each wrote this out, and each
    caller says in its own words what is left. A ``dtype=`` that is no dtype gives numpy's TypeError
    for it back, not raised, before ``where=`` is read (so its ``__array__`` is not run):
    :func:`clip` raises it (numpy's np.clip catches it, and its own loop says the same), a pick
    hands the call on to numpy's loop, which says it after the engine's own checks (a date beside a
    Value)."""
    rest = dict(keywords)
    if "dtype" in rest:
        try:
            alike = rest["dtype"] is None or np.dtype(rest["dtype"]) == object
        except TypeError as numpy_s:
            return numpy_s
        if alike:
            del rest["dtype"]
    if "signature" in rest and _objects_signature(rest["signature"], operands):
        del rest["signature"]
    for key in _OBJECTS_ALIKE:
        rest.pop(key, None)
    read: bool | str | None = None
    if "where" in rest:
        where = _read_once(rest["where"])  # numpy reads an object's __array__ once
        if np.ndim(where) == 0:
            read = _where_read(where)
            if read is True:  # every cell written, numpy's default: nothing to a Value
                del rest["where"]
    return rest, read


def _objects_signature(signature: Any, operands: int) -> bool:
    """Whether ``signature=`` names numpy's loop for objects alone, the one dtype=object
    picks, for a ufunc of ``operands`` inputs and one output: the string 'OO->O' ('OOO->O'
    for np.clip), or a tuple of operands + 1 entries each None or a dtype numpy reads as
    object ('O', object, np.dtype('O')), as numpy takes them. With it numpy's loop gave
    the number picked, where dtype=object gave the Value: ``np.maximum(v, 1.0,
    signature='OO->O')`` was refused though it asks what dtype=object asks. Any other
    signature (numbers' loops, a malformed one numpy refuses) is not."""
    if isinstance(signature, str):
        return signature == "O" * operands + "->O"
    if not isinstance(signature, tuple) or len(signature) != operands + 1:
        return False
    for entry in signature:
        if entry is None:
            continue
        try:
            if np.dtype(entry) != object:
                return False
        except TypeError:  # no dtype: numpy's own refusal stays a refusal
            return False
    return True


def clip(
    x: Any, low: Any, high: Any, out: Any = None, keywords: dict[str, Any] | None = None
) -> Any:
    """``np.clip(x, low, high)`` with a Value among them (``None`` no bound): of each
    number, with an array among them (:func:`_clip_one`). ``out=`` an array of objects
    is written the result and given back, as numpy gives ``out`` back; ``dtype=object``
    (or None), ``where=True`` (every cell, numpy's default; or what numpy reads as True,
    ``where=1``), ``casting=``, ``order=`` and ``subok=`` change nothing — with them
    numpy's loop gave the bound itself again. Any other out= or keyword of numpy's
    (``where=`` a mask, or False or None, which numpy reads as no cell; a ``signature=``
    other than the objects' 'OOO->O', ``dtype=float``) is refused, as a bound that is no
    number is, by :class:`~autograd_mini.errors.ClipRefused` — no TypeError, which numpy's np.clip
    catches and answers with its own loop (the plain bound for ``where=True``, None for
    ``where=False``). A keyword numpy's clip has not (``bogus=3``) is a TypeError, as numpy
    raises for an array of floats: np.clip catches it, and its own loop refuses the
    keyword in numpy's words."""
    rest = dict(keywords or {})
    unknown = [key for key in rest if key not in _NUMPY_S]
    if unknown:  # numpy's np.clip catches it, and its loop refuses the keyword itself
        raise TypeError(
            f"np.clip takes no keyword {', '.join(f'{k}=' for k in unknown)} (numpy's clip "
            f"takes out=, {', '.join(f'{k}=' for k in _NUMPY_S)})"
        )
    taken = _taken_away(rest, 3)
    if isinstance(taken, TypeError):  # numpy's np.clip catches it, its loop says the same
        raise taken
    rest, where_read = taken
    if rest or not _of_objects(out):
        raise ClipRefused(_refusal("np.clip", out, rest, where_read, "np.clip(v, lo, hi)"))
    if _one(x) and _one(low) and _one(high):
        y = _clip_one(_number(x), _number(low), _number(high))
    else:
        y = np.frompyfunc(_clip_one, 3, 1)(*map(_times_kept, (x, low, high)))
    if out is None:
        return y
    out[...] = y  # an array of objects: the result written into it
    return out


def _of_objects(out: Any) -> bool:
    """Whether ``out=`` is none or an array of objects, which a Value is written into."""
    return out is None or (isinstance(out, np.ndarray) and out.dtype == object)


def _refusal(
    called: str, out: Any, rest: dict[str, Any], read: bool | str | None, call: str, note: str = ""
) -> str:
    """The words of np.clip's refusal of numpy's keywords ``rest`` (and of ``out`` unless
    it is an array of objects), for ``called`` (np.clip, np.maximum, …), whose call
    without them is ``call``; ``note`` says more of ``called`` (which np.clip call numpy
    hands on to np.maximum). One sentence for np.clip and the picks: np.maximum's
    ``where=False`` was None where np.clip's was refused. An out= of objects is not named:
    it was, beside a mask ("out=, where= are numpy's"), though taken."""
    given = [*([] if _of_objects(out) else ["out"]), *rest]
    return (
        f"{called} of a Value: {', '.join(f'{k}=' for k in given)} "
        f"{'is' if len(given) < 2 else 'are'} numpy's, for arrays of numbers (out= an array "
        f"of objects, dtype=object and where=True are taken)"
        f"{''.join(_why_not(called, call, key, rest[key], read) for key in rest)}: "
        f"y = {call}{note}"
    )


def _why_not(called: str, call: str, key: str, given: Any, read: bool | str | None) -> str:
    """What the refusal of ``called`` (np.clip, np.maximum, …; ``call`` its call without
    keywords) adds for keyword ``key`` (given ``given``), where it can say more than
    "numpy's": said only of the keywords given (a mask's np.where was advised to
    ``dtype=float`` too, and to ``where=False``, which is no mask). A 0-d ``where=`` is
    told as numpy reads it, ``read`` (:func:`_where_read`, None for a mask): ``where=None``
    and ``where=0`` were told "where=False", and ``where=1``, which numpy reads as True,
    was refused as False. ``read`` is the one read the caller asked of numpy: this asked
    again, and a ``where=`` read twice (an object's ``__bool__`` or ``__array__``) could
    be told as numpy did not read it the first time."""
    if key == "where":
        if read is None:
            return f" — for a mask: np.where(mask, {call}, other)"
        if isinstance(read, str):
            return f" — numpy refuses where={given!r} for an array of floats too: {read}"
        if isinstance(given, (bool, np.bool_, np.ndarray)):  # False, np.False_, array(False)
            return f" — where=False writes no cell: leave {called} out"
        return f" — numpy reads where={given!r} as False, no cell written: leave {called} out"
    if key == "signature":
        done, objects = ("clipped", "OOO->O") if called == "np.clip" else ("picked", "OO->O")
        return (
            f" — signature= picks one of numpy's loops, and a Value is {done} by the "
            f"engine, in none of them (the objects' {objects!r} is taken, as dtype=object is)"
        )
    return ""


def _read_once(where: Any) -> Any:
    """A ``where=`` that numpy reads through its ``__array__`` (an object of the user's,
    a numpy scalar) as the array numpy reads, asked once; any other as it is (a Python
    number or None, which numpy reads by its truth, not as an array). Its dimensions and
    then :func:`_where_read` each asked the object itself: its ``__array__`` ran twice,
    where numpy's own np.clip and np.maximum of floats run it once."""
    if isinstance(where, np.ndarray) or not hasattr(where, "__array__"):
        return where
    return np.asarray(where)


def _where_read(where: Any) -> bool | str:
    """How numpy's np.clip reads a 0-d ``where=``: True (every cell written) or False (no
    cell), asked of numpy's own clip of one float, or the words numpy refuses it in.
    numpy reads a Python number or None by its truth (``where=1`` True, ``where=None``
    False) but refuses a 0-d array that is no boolean (``np.array(1)``: it casts
    ``where`` safely), rules no list here would keep as numpy keeps them."""
    cell = np.zeros(1)
    try:
        np.clip(np.ones(1), 1.0, 1.0, out=cell, where=where)
    except (TypeError, ValueError) as refused:
        return str(refused)
    return bool(cell[0] == 1.0)


def clip_read(low: Any, high: Any) -> str:
    """How a recording trace is told np.clip reads a Value (``UntraceableRead``): it was
    "a comparison >=", a sign the student never wrote, with advice for Python's if and
    max(). The clip made of ops is written for the bounds given: with one of them None,
    ``lo + (v - lo).relu() - (v - hi).relu()`` named a bound that is not there. Each form
    is v itself at a bound, as np.clip keeps it, with its derivative (PyTorch clamp's, 1
    at the bounds; relu's slope at 0 is 0): ``lo + (v - lo).relu()`` and ``hi - (hi -
    v).relu()``, the same numbers, gave 0 at ``lo`` (at ``hi``), and the whole derivative
    to the bound instead."""
    if low is None:
        call, ops = "np.clip(v, None, hi), a comparison of v with its bound", "v - (v - hi).relu()"
    elif high is None:
        call, ops = "np.clip(v, lo, None), a comparison of v with its bound", "v + (lo - v).relu()"
    else:
        call = "np.clip(v, lo, hi), a comparison of v with its bounds"
        ops = "v + (lo - v).relu() - (v - hi).relu()"
    return f"{call}; {ops} clips alike, with ops a trace replays for each sample"


def _watch_clip(x: Any, low: Any, high: Any) -> None:
    """Show a recording trace (or a transform) each Value np.clip compares as np.clip's
    read, before the comparisons show it theirs: with a bound given, every operand that is
    not None is compared (x with ``low``, the one kept with ``high``)."""
    watch = READ_WATCH.get()
    if watch is None or (low is None and high is None):
        return
    for v in (x, low, high):
        if isinstance(v, Value):
            watch(v, clip_read(low, high), "branch")


def _clip_one(x: Any, low: Any, high: Any) -> Any:
    """``np.clip(x, low, high)`` of numbers, a Value among them (``None`` no bound): numpy's
    answer, ``min(max(x, low), high)`` with its ties (x itself at a bound), and where that
    is a plain number chosen over a Value, that number as a Value of derivative 0 — numpy
    gave the bound itself (``np.clip(v, 0, 1)`` was the int 1: no Value, no graph). So
    the derivative is PyTorch's clamp's: 1 from ``low`` to ``high``, bounds included, and
    0 outside (to a bound given as a Value, 1 where it is chosen). A nan bound (numpy's
    answer nan, which no Value holds; a float, or numpy's float16 to longdouble) and a
    chosen number no Value holds (±inf, an integer beyond a float) are refused as
    np.clip's: they were taken past (a nan low bound gave the high one) or refused as a
    "+" never written. A bound that is no number (``True``, ``'a'``) is refused as
    np.clip's too, by :class:`~autograd_mini.errors.ClipRefused`: it was refused as a
    "comparison".

    A Value is always among the three: the hook is asked only of a Value that is itself
    an operand of np.clip (``Value.clip``, ``__array_ufunc__``), and that Value is in every
    cell numpy hands on (an array beside it is each of its numbers with the Value). A
    Value inside an array of objects is no operand: numpy's loop clips such an array
    without asking (the README says so)."""
    held = next(v for v in (x, low, high) if isinstance(v, Value))
    for b in (x, low, high):
        if b is not None and not isinstance(b, Value) and not is_real(b):
            raise ClipRefused(
                f"np.clip: expected a real number, a Value or None (no bound), got "
                f"{described(b)}{boolean_hint(b) or not_real_hint(b)}"
            )
    if any(isinstance(b, (float, np.floating)) and np.isnan(b) for b in (x, low, high)):
        clipped = isinstance(x, (float, np.floating)) and bool(np.isnan(x))
        raise DomainError(
            f"np.clip: {'the number clipped' if clipped else 'a bound'} is nan "
            f"(np.clip({x!r}, {low!r}, {high!r})): numpy's clip gives nan there, and a Value "
            f"holds a finite number"
            + ("" if clipped else " — leave a side unbounded with None (or ±np.inf)")
        )
    _watch_clip(x, low, high)
    kept = x if low is None or x >= low else low
    y = kept if high is None or kept <= high else high
    if isinstance(y, Value):
        return y
    return _chosen_value(held, y, "np.clip")


def _chosen_value(held: Value, y: Any, called: str) -> Value:
    """The number ``y`` numpy's ``called`` (np.clip, np.maximum, …) chose over the Value
    ``held``, joined to it by the op of derivative 0 that says so (the table's ``clip``),
    so the result is a Value whose gradient reaches ``held`` as 0, and a picture of it
    reads "clip → 1", not step(v)·0 + 1 (three ops numpy never wrote). A number no Value
    holds (±inf, an integer no float holds) is refused as ``called``'s."""
    number = as_real(y, called)  # (a float passes as it is, ±inf too)
    if not math.isfinite(number):
        raise DomainError(f"{called}: got {number!r}, expected a finite number (what it chose)")
    return apply("clip", held, number)


def _as_tuple(out: Any) -> tuple[Any, ...]:
    """numpy hands ``out`` on as a tuple (one entry per output); a bare one as one."""
    return out if isinstance(out, tuple) else (out,)


def _no_out(ufunc: np.ufunc) -> str:
    """The refusal of a Value as ``out`` (numpy's loop handed it back to the Value, which
    asked numpy again, until Python's RecursionError)."""
    operands = ", ".join(["x", "z", "w"][: ufunc.nin]) if ufunc.nin <= 3 else "…"
    return (
        f"np.{ufunc.__name__}: out= is a Value, and a Value is never written into (each "
        f"node keeps its number; a graph grows by new nodes): take the result instead, "
        f"y = np.{ufunc.__name__}({operands}) without out="
    )


def _one(x: Any) -> bool:
    """Whether ``x``, beside a Value, is one number (or one anything: what is no number
    is the operator's to refuse), not an array of them, which goes to numpy's loop."""
    kind = type(x)
    return kind is float or kind is int or isinstance(x, (Value, np.generic)) or np.ndim(x) == 0


def _times_kept(x: Any) -> Any:
    """An array of durations or dates as an array of objects holding numpy's own
    timedelta64 and datetime64, for the op to name; any other ``x`` as it is. numpy's
    loops for objects handed a timedelta64 array's cells on as ints:
    ``np.add(np.array([1], dtype="m8"), v)`` was ``[Value(3.0)]``, without a word."""
    if not (isinstance(x, np.ndarray) and x.dtype.kind in "mM"):
        return x
    kept = np.empty(x.shape, dtype=object)
    kept.flat[:] = list(x.flat)
    return kept


def _time_held(x: Any) -> Any:
    """The first duration or date ``x`` holds (itself, a 0-d array's, an array's first
    cell), else None: numpy's loop for objects met them past any op, a timedelta64 taken
    for its count (``np.timedelta64(5) % v`` is ``5 % v`` to it) and ``m8_array % v``,
    ``m8_array // v`` refused in numpy's words ("ufunc 'remainder' cannot use operands
    with types dtype('<m8') and dtype('O')") or Python's, of an int."""
    if isinstance(x, np.ndarray) and x.ndim > 0:
        return x.flat[0] if x.dtype.kind in "mM" and x.size else None
    return scalar_of(x) if is_time(x) else None


def _number(x: Any) -> Any:
    """An operand beside a Value as Python's number, as numpy's loop for objects passed it
    on: numpy's float64 a float, a 0-d array its number. A numpy scalar that is no number
    (a datetime64; a timedelta64, an integer to numpy) is left as it is, for the operator
    to name: its ``.item()`` is a date, or a plain int (``np.timedelta64(5) * v`` was 5 v)."""
    if isinstance(x, np.ndarray):
        x = x[()]
    if is_time(x):
        return x
    if isinstance(x, (np.number, np.bool_)):
        return x.item()
    return x


def _went_through() -> list[str]:
    """The numpy functions a Value goes through, by name, sorted: the ops of the table
    named as a numpy ufunc (``exp``; ``pow`` and ``abs``, numpy's other names of ``power``
    and ``absolute``) and Python's arithmetic operators (:data:`_ARITHMETIC`), each ufunc
    once: what gives a Value with a derivative (not the comparisons: a bool)."""
    named: dict[np.ufunc, str] = {}
    # the table copied first, in one step: a register() in another thread while a Python
    # loop over OPS ran raised "dictionary changed size during iteration" in its place
    for n in [*OPS, *_ARITHMETIC]:
        ufunc = getattr(np, n, None)
        if isinstance(ufunc, np.ufunc):
            named.setdefault(ufunc, n)
    return sorted(named.values())


def _no_op(name: str) -> str:
    """The refusal of ``np.<name>`` on a Value: no op of that name."""
    names = _went_through()
    rewrite = _REWRITES.get(name)
    how = (
        f"write it with Value ops, np.{name}(x) = {rewrite}"
        if rewrite is not None
        else "write it with Value ops"
    )
    ufunc = getattr(np, name, None)
    # np.modf and np.frexp give two numbers, and an op one: "register an op named 'modf'"
    # was advice no op could follow, and "write it with Value ops" advice neither can
    register = (
        f", or register an op named {name!r} (autograd_mini.ops.register; "
        f"CONTRIBUTING.md, 'How to add an op')"
    )
    if isinstance(ufunc, np.ufunc) and ufunc.nout > 1:
        how = (
            f"np.{name} gives {ufunc.nout} numbers, an op one, so no op can stand for it — "
            f"{_TWO_RESULTS.get(name, f'read the numbers, np.{name}(x.data)')}"
        )
        register = ""
    return (
        f"np.{name}: the engine has no op {name!r}, so no derivative for it: {how}"
        f"{register}. numpy functions a Value goes through: "
        f"{', '.join(f'np.{n}' for n in names)}, and those numpy "
        f"computes with them (np.square, np.maximum, np.clip, np.sum, np.dot, …)"
    )
