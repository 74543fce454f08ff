"""Slips named two at a time, and a learning rate where a gradient was asked.

A formula is a product of factors, and a student's slip changes one of them: a table of
options (the factor, the option, what it is alone, what it is as one of two) and the
formula as a function of the options chosen give every slip's number, alone and two at
once. A learning rate a student's function reads from the notebook (notebook 03 has
``eta = 0.5``) multiplied into a gradient is told as such, not as "exactly half".
"""

from __future__ import annotations

import copy
import dis
import functools
import itertools
import types
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from . import msg, probe
from .reading import is_close, read_number, shape_of, slip_rel
from .shown import zh_gap

__all__ = ["RATE_NAMES", "factor_slips", "gives", "negated_everywhere", "rate_slips", "two"]

# (factor, option, what it is alone or None where the check tells it alone itself, what
# it is as one of two slips)
Option = tuple[str, str, str | None, str]

# what a learning rate is called in a student's notebook (notebook 03 has eta = 0.5)
RATE_NAMES = ("eta", "η", "lr", "learning_rate", "step_size")


def two(first: str, second: str) -> str:
    """Two slips at once, both named: their numbers together are the answer's. In Chinese
    以及 is spaced from a second slip that begins with a formula or a Latin word, and not
    from one that begins with Chinese (「以及 除以的是 2h²」 had a stray space)."""
    return msg(
        en=f"two slips: {first}; and {second}",
        zh=f"两处错误：{first}；以及{zh_gap(second)}{second}",
    )


def factor_slips(
    options: Sequence[Option],
    number: Callable[[dict[str, str]], Any],
    explains: Callable[[dict[str, str]], bool],
) -> tuple[list[tuple[Any, str]], list[tuple[Any, str]]]:
    """The slips one at a time (those with words alone) and two at a time (in two
    different factors), as (``number({factor: option, …})``, what it is). A check lists
    every slip alone before any pair: one slip's number is told as that one.

    A pair is kept only where ``explains`` says the two give the student's whole answer
    (each entry, each place), not one number: with one-hot targets ŷ_j·½(y_j − ŷ_j)² is
    half of g_1 = ŷ_1(1 − ŷ_1)(y_1 − ŷ_1), and an answer of ``0.5 * g`` was told two
    slips it had not made."""
    alone = [(number({factor: option}), said) for factor, option, said, _ in options if said]
    pairs = [
        (number(chosen), two(s1, s2))
        for (f1, o1, _, s1), (f2, o2, _, s2) in itertools.combinations(options, 2)
        if f1 != f2 and explains(chosen := {f1: o1, f2: o2})
    ]
    return alone, pairs


def gives(got: Any, number: Callable[[Any], Any]) -> Callable[[Any], bool]:
    """An ``explains`` for an answer of numbers: do the chosen slips (options, or names)
    give ``got`` (a student's answer) by ``number``, in every entry, to the checks'
    tolerance (rel 1e-9)? Never for an answer of another shape, or not of real numbers a
    float holds (an entry of 10**400 stopped the check with the checker's OverflowError)."""
    # a number, or a list or an array of them, read by type (np.asarray of an object of
    # the student's asked it for __array__, __len__ and its entries: their code)
    if shape_of(got) is None:
        return lambda chosen: False
    try:
        if np.asarray(got).dtype.kind == "c":  # complex: told so, and numpy warned on the cast
            return lambda chosen: False
        held = np.asarray(got)
        mine = np.asarray(held, dtype=float)
    except (TypeError, ValueError, OverflowError):  # 10**400 in it: told by the check
        return lambda chosen: False
    # at the answer's own precision: float32's rounding for a float32 answer
    rel = slip_rel(held)

    def explains(chosen: Any) -> bool:
        theirs = np.asarray(number(chosen), dtype=float)
        return mine.shape == theirs.shape and bool(np.allclose(mine, theirs, rtol=rel, atol=1e-12))

    return explains


def _globals_read(function: Callable[..., Any]) -> frozenset[str]:
    """The global names ``function``'s code (its nested functions' too) reads: loaded as
    globals, not every name of ``co_names``, which holds attributes too — ``self.lr`` or
    ``opt.lr`` is an attribute, not the notebook's ``lr``."""
    plain = _plain_function(function)
    return frozenset() if plain is None else _loaded(plain.__code__)


def _plain_function(function: object) -> types.FunctionType | None:
    """``function`` where it is a Python function (a bound method's function too), read
    off its type: ``getattr(function, "__code__")`` ran the ``__getattr__`` of a callable
    object of the student's, whose error stopped the check as the checker's own."""
    if type(function) is types.MethodType:
        function = function.__func__
    return function if type(function) is types.FunctionType else None


@functools.lru_cache(maxsize=64)
def _loaded(code: types.CodeType) -> frozenset[str]:
    """The names ``code`` and the code nested in it load as globals (once per code: a
    check asks for each entry it compares)."""
    names = {
        op.argval for op in dis.get_instructions(code) if op.opname in ("LOAD_GLOBAL", "LOAD_NAME")
    }
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _loaded(const)
    return frozenset(names)


def rate_slips(
    function: Callable[..., Any], expected: Any, asked: str, cost: str
) -> list[tuple[Any, str]]:
    """η times the right ``expected`` (``asked``, a derivative of ``cost`` or a term of
    one), named, for each learning rate (a number under a name of RATE_NAMES, not 0 or 1)
    that ``function`` reads from its globals: η is in the update Δp = −η·∂cost/∂p, not in
    what was asked. Nothing for a function that reads none: a number η times the right
    one is not named a rate the function never used."""
    plain = _plain_function(function)
    spaces: dict[str, Any] = {} if plain is None else plain.__globals__
    read = _globals_read(function)
    slips = []
    for name in RATE_NAMES:
        # read as a check reads a number (np.float32(0.1) too: read_number), not a bool
        rate = read_number(spaces.get(name)) if name in read else None
        if rate is not None and rate not in (0, 1):
            said = msg(
                en=f"{name} = {rate:g} times the right number: the learning rate belongs in "
                f"the update Δp = −η·∂{cost}/∂p, not in {asked}",
                zh=f"是正确值的 {name} = {rate:g} 倍：学习率只属于更新量 Δp = −η·∂{cost}/∂p，"
                f"不属于 {asked}",
            )
            slips.append((rate * expected, said))
    return slips


def negated_everywhere(
    function: Callable[..., Any], cases: Sequence[tuple[str, tuple[Any, ...], float]]
) -> bool:
    """Does ``function`` give the negative of the right number at every case (``what``,
    its arguments, the right number), to the checks' tolerance (rel 1e-9)? A sign slip
    named by its cause (a convention with the opposite sign) is named only so: one
    number's opposite sign can be any slip's. Each call is a :func:`probe` (its prints
    left out); a case where it fails (a Mistake) is not a negative — a Stopped one stops
    the check.
    Each call gets a copy of its arguments: one that wrote into a list of them (the first
    time, or in the check's own call) does not change what the next is asked."""
    for what, args, right in cases:
        got = probe(what, function, *copy.deepcopy(args))
        # as expect_close reads it (np.int64, a 0-d array too: read_number), not a bool;
        # 10**400 is no negative: told
        number = read_number(got)
        # at the answer's own precision (float32's rounding for an np.float32)
        if number is None or right == 0 or not is_close(number, -right, rel=slip_rel(got)):
            return False
    return True
