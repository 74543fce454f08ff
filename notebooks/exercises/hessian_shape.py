"""A Newton step that uses what ``hessian`` and ``grad`` return as the wrong shape: told so.

``hessian(f)(x)`` is a matrix, a list of rows, even for a function of one number:
``[[h]]``. A student's Newton step ``x - g / hessian(f)(x)`` (notebook 06's ``newton``,
notebook 07's ``newton_step``) raised a bare TypeError dividing a number by a list.
:func:`call_minding_hessian` calls the student's function as :func:`exercises.call` does,
watching whether it called ``hessian`` (exercises/watch.py: nothing patched). A TypeError
raised after it did is told as the matrix it is, with the notebook's own advice, when the
operation that failed had the matrix as an operand (:func:`_about_the_matrix` reads the
failing expression of the student's frame, and what its names and their entries hold: a
gradient pair, an entry ``H[1][0]`` or a float is not the matrix); when an operand
cannot be read (no source for the line, an operand only running code would tell), the
advice is given as a possibility; when the operands are something else, the error is
told as :func:`call` tells it.

An unpacking that fails on what a one-argument ``grad`` or ``hessian`` returned is told
by its cause (:func:`_one_argument`): ``g1, g2 = grad(cost)(*w)`` unpacks one number, and
``(h11, h12), (h21, h22) = hessian(cost)(*w)`` the 1×1 matrix ``[[h11]]``, because
either differentiates only the first argument unless ``argnums`` says which. An index
past the end of the matrix (an IndexError) is told why the matrix has that size
(:func:`_past_the_end`): ``H[0][1]`` of the 1×1 matrix that ``hessian(cost)`` returns for
the first argument alone, ``H[1][1]`` of ``[[f″(x)]]`` counted from 1. Every message ends
with the student's line, as :func:`call`'s do. The library's ``hessian`` keeps its shape.
"""

from __future__ import annotations

import ast
import builtins
import dis
import itertools
import linecache
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import CodeType, FrameType, FunctionType, ModuleType, TracebackType
from typing import Any, NoReturn

from autograd_mini import grad, hessian

from . import Mistake, _where, call, fit, msg
from .reading import as_float, entries, numpy_form
from .watch import LIBRARY, first_call

__all__ = ["call_minding_hessian"]

HESSIAN = {hessian.__code__}
#: The code of the function ``hessian(f)`` returns (``hessian_of_f``): a name bound to it,
#: called, gives the matrix.
OF_F = {code for code in hessian.__code__.co_consts if isinstance(code, CodeType)}
GRAD = {grad.__code__}
#: The code of the function ``grad(f)`` returns (``gradient_of_f``): one number, or a
#: tuple of them, never a matrix.
GRADIENT_OF_F = {code for code in grad.__code__.co_consts if isinstance(code, CodeType)}
CHECKS = Path(__file__).resolve().parent  # this package's files: the checker's frames


def call_minding_hessian(
    what: str, advice: str, function: Callable[..., Any], *args: Any, argnums_as: str = ""
) -> Any:
    """``call(what, function, *args)``, except that a TypeError raised after the student's
    code called ``hessian``, by an operation on hessian's matrix, is told as that matrix;
    ``advice`` (in this copy's language) says what to take instead. An unpacking that
    fails on what ``grad(f)`` or ``hessian(f)`` returned for one argument is told that
    ``argnums`` is missing (:func:`_one_argument`; ``argnums_as``, in this copy's
    language, says where the notebook shows it), and an IndexError reading past the end
    of hessian's matrix why it has that size (:func:`_past_the_end`). Any other error is
    told as :func:`call` tells it.
    """
    fit(what, function, *args)  # called through guarded(): call() sees only first_call
    failed: list[TypeError | ValueError | IndexError] = []

    def guarded(*inputs: Any) -> Any:
        try:
            return function(*inputs)
        except (TypeError, ValueError, IndexError) as error:
            failed.append(error)
            return None

    got, called = call(what, first_call, HESSIAN, LIBRARY, guarded, *args)
    if not failed:
        return got
    error = failed[0]
    kind = type(error).__name__
    where = _where(error)
    packed = _packed(error, argnums_as)
    if packed is not None:
        raise Mistake(msg(en=f"{what}: {packed}{where}", zh=f"{what}：{packed}{where}")) from None
    if isinstance(error, IndexError):
        past = _past_the_end(error, argnums_as) if called is not None else None
        if past is None:
            call(what, _raise, error)  # call's own words for it: a Mistake
        raise Mistake(
            # the exception's own words, in English in both editions, quoted as such
            msg(
                en=f"{what}: raised IndexError: {error} — {past}{where}",
                zh=f"{what}：抛出了 IndexError「{error}」：{past}{where}",
            )
        ) from None
    failing = _failing_operation(error)
    cause = _one_argument(failing, error, called is not None, argnums_as)
    if cause is not None:
        raise Mistake(
            # the exception's own words, in English in both editions, quoted as such
            msg(
                en=f"{what}: raised {kind}: {error} — {cause}{where}",
                zh=f"{what}：抛出了 {kind}「{error}」：{cause}{where}",
            )
        ) from None
    matrix = (
        _about_the_matrix(failing) if called is not None and isinstance(error, TypeError) else False
    )
    if matrix is None and _stores_an_item(error):
        # w[0] -= … on the tuple w: hessian's matrix, a list of lists, takes items
        matrix = False
    if matrix is False:
        call(what, _raise, error)  # call's own words for it: a Mistake
        raise error  # not reached
    if matrix:
        raise Mistake(
            # the exception's own words, in English in both editions, quoted as such
            msg(
                en=f"{what}: raised TypeError: {error} — after calling {called}: hessian "
                "returns a matrix, a list of rows ([[h]] for a function of one number), not "
                f"a number; {advice}{where}",
                zh=f"{what}：调用 {called} 之后抛出了 TypeError「{error}」：hessian() 返回的是"
                f"矩阵，即由行组成的列表（一元函数得到的是 [[h]]），而不是一个数；{advice}{where}",
            )
        ) from None
    raise Mistake(
        msg(
            en=f"{what}: raised TypeError: {error} — after calling {called}. If this comes "
            "from using hessian's matrix as a number: hessian returns a matrix, a list of "
            f"rows ([[h]] for a function of one number), not a number; {advice}{where}",
            zh=f"{what}：调用 {called} 之后抛出了 TypeError「{error}」。如果这是把 hessian() "
            "的矩阵当成了一个数：hessian() 返回的是矩阵，即由行组成的列表（一元函数得到的是 "
            f"[[h]]），而不是一个数；{advice}{where}",
        )
    ) from None


@dataclass(frozen=True)
class _Operation:
    """The operation that raised, read off the student's frame: its operands (expressions
    of the frame's source), and for an unpacking its target (``g1, g2``) and whether that
    target is the assignment's own (not one nested in it, ``(h11, h12)``)."""

    frame: FrameType
    operands: list[ast.expr]
    target: ast.Tuple | ast.List | None = None
    outermost: bool = False


def _failing_operation(error: BaseException) -> _Operation | None:
    """The operation that raised ``error`` in the student's innermost frame (the innermost
    that is neither the library's nor this package's: the library raising for a Value
    divided by a list is the student's division), read as Python reads it for a
    traceback's ``^^^`` marks: the source of its columns, parsed. None when that cannot
    be read (no source for the line, Python 3.10's tracebacks, which hold no columns).

    An unpacking's columns are its target's (``g1, g2``): what it unpacked is the value of
    the assignment that target belongs to, found in the parsed source by its columns."""
    found = _failing_frame(error.__traceback__)
    if found is None:
        return None
    frame, lasti = found
    position = _position(frame, lasti)
    if position is None:
        return None
    segment = _segment(frame, position)
    if segment is None:
        return None
    try:
        tree: ast.AST | None = ast.parse(segment.strip(), mode="eval").body
    except SyntaxError:
        tree = None
    if isinstance(tree, (ast.Tuple, ast.List)):
        return _unpacking(frame, position)
    operands = _operands(segment)
    return None if operands is None else _Operation(frame, operands)


def _about_the_matrix(operation: _Operation | None) -> bool | None:
    """Whether the operation that failed had hessian's matrix (or a row of it) as an
    operand: True when one of its operands is; False when every operand is surely
    something else (a number, an entry ``H[1][0]``, a gradient pair, what ``grad``
    returned); None when that cannot be told without running code (see
    :func:`_failing_operation` for when the operation itself cannot be read)."""
    if operation is None:
        return None
    return _any([_kind(operand, operation.frame) for operand in operation.operands])


def _one_argument(
    operation: _Operation | None, error: BaseException, hessian_called: bool, argnums_as: str
) -> str | None:
    """Why an unpacking of what ``grad`` or ``hessian`` returned failed, when the cause is
    that it differentiated one argument where the target has a name for each of several
    (in this copy's language); None otherwise.

    ``g1, g2 = grad(cost)(*w)`` unpacks one number (a TypeError): grad's ``argnums`` is 0
    unless given. ``(h11, h12), (h21, h22) = hessian(cost)(*w)``, or ``= H`` where H
    holds it, unpacks the 1×1 matrix [[h11]] (a ValueError: one row for two), and
    ``h11, h12 = H[0]`` its one row (one entry for two: :func:`_one_by_one`). Told only
    when the call had at least as many arguments as the target has names (a function of
    one number unpacked into two is another mistake)."""
    if operation is None or operation.target is None or not operation.outermost:
        return None
    names = operation.target.elts
    if len(names) < 2 or any(isinstance(name, ast.Starred) for name in names):
        return None
    (value,) = operation.operands
    frame, n = operation.frame, len(names)
    positions = tuple(range(n))
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Call):
        maker = value.func
        made_by = _made_by(value, frame)
        count = _argument_count(value, frame)
        which = _one_position(maker)
        if made_by is None or (count is not None and count < n) or which is None:
            return None
        fixed = _with_argnums(maker, positions)
        only_en, only_zh = _only(which)
        if made_by == "grad" and isinstance(error, TypeError):
            return msg(
                en=f"{ast.unparse(maker)} differentiates {only_en}, and returns one number "
                f"where {n} are unpacked; {fixed} returns the {n} partial derivatives"
                f"{argnums_as}",
                zh=f"{ast.unparse(maker)} {only_zh}，返回的是一个数，而这里要拆出 {n} 个；"
                f"{fixed} 才返回 {n} 个偏导数{argnums_as}",
            )
        if made_by == "hessian" and isinstance(error, ValueError):
            entry = "" if which else " [[h11]]"  # (argnums=1 gives [[h22]]: not named)
            return msg(
                en=f"{ast.unparse(maker)} differentiates {only_en}, and returns the 1×1 "
                f"matrix{entry}, one row where {n} are unpacked; {fixed} returns the "
                f"{n}×{n} matrix{argnums_as}",
                zh=f"{ast.unparse(maker)} {only_zh}，返回的是 1×1 矩阵{entry}，只有一行，"
                f"而这里要拆出 {n} 行；{fixed} 才返回 {n}×{n} 矩阵{argnums_as}",
            )
        return None
    if isinstance(value, ast.Subscript) and hessian_called and isinstance(error, ValueError):
        # h11, h12 = H[0]: the one row of a 1×1 matrix, one entry for two names
        held, matrix = _value(value.value, frame)
        if held and _square_rows(matrix) and len(matrix) == 1 and _value(value, frame)[0]:
            base = value.value
            made = _assignment(base.id, frame) if isinstance(base, ast.Name) else None
            if made is None and not (isinstance(base, ast.Name) and _from_hessian(base.id, frame)):
                return None  # a list of the student's own (see _past_the_end)
            row = ast.unparse(value)
            fails = (
                f"so its one row {row} has one entry where {n} are unpacked",
                f"它唯一的一行 {row} 只有一个元素，而这里要拆出 {n} 个",
            )
            return _one_by_one(base, made, fails, argnums_as, frame, indexed=False)
    if isinstance(value, ast.Name) and hessian_called and isinstance(error, ValueError):
        held, matrix = _lookup(value.id, frame)
        if held and _square_rows(matrix) and len(matrix) == 1 and _from_hessian(value.id, frame):
            fixed = f"hessian(f, argnums={positions})"
            return msg(
                # (H came from an earlier line: whether argnums was left out or named
                # one position, and the function's name, are not known here)
                en=f"{value.id} is a 1×1 matrix, one row where {n} are unpacked: hessian() "
                "differentiates one argument — the first, unless argnums names another; "
                f"{fixed} returns the {n}×{n} matrix{argnums_as}",
                zh=f"{value.id} 是 1×1 矩阵，只有一行，而这里要拆出 {n} 行：hessian() 只对一个参数"
                f"求导——不给 argnums 时是第一个；{fixed} 才返回 {n}×{n} 矩阵{argnums_as}",
            )
    return None


def _packed(error: BaseException, argnums_as: str) -> str | None:
    """What is wrong when ``grad(f, …)`` or ``hessian(f, …)``'s function was called with
    the numbers of a pair as one argument, ``grad(cost, argnums=(0, 1))(w)`` where ``(*w)``
    is due (in this copy's language); None otherwise.

    Read off the frames of ``error``'s traceback, not its words: the function ``grad`` or
    ``hessian`` returned (its code, :data:`GRADIENT_OF_F`, :data:`OF_F`) got one positional
    argument, a tuple, a list or an array of two numbers or more. The library refuses it
    in its own words (an IndexError, "argnums 1 is out of range for 1 argument(s)", or
    grad's TypeError, whose advice, jacobian, is for a function of a list: the cost of
    this exercise takes its weights one by one)."""
    tb = error.__traceback__
    while tb is not None:
        frame, tb = tb.tb_frame, tb.tb_next
        code = frame.f_code
        if code not in GRADIENT_OF_F | OF_F:
            continue
        args = frame.f_locals.get("args")
        if not (isinstance(args, tuple) and len(args) == 1):
            return None
        (pair,) = args
        # a list, a tuple or a vector, read without the student's code (their iterable's
        # __iter__ or __len__, an entry's __float__): anything else is not told so here
        form = numpy_form(pair)
        held = entries(pair) if form is None or len(form[0]) == 1 else None
        read = [as_float(number) for number in held or []]
        numbers = [number for number in read if number is not None]
        if len(numbers) < 2 or len(numbers) != len(read):
            return None
        name = "grad" if code in GRADIENT_OF_F else "hessian"
        n = len(numbers)
        shown = ", ".join(f"{number:g}" for number in numbers)
        names = ", ".join(f"w{k + 1}" for k in range(n))
        apart = ", ".join(f"w[{k}]" for k in range(n))
        fixed = f"{name}(cost, argnums={tuple(range(n))})(*w)"
        return msg(
            en=f"the function {name}(…) returned got one argument, the {n} numbers ({shown}) "
            f"together; it takes them one argument each, as the cost does, cost({names}), and "
            f"argnums counts those arguments: pass w's numbers apart, {fixed} or ({apart})"
            f"{argnums_as}",
            zh=f"{name}(…) 返回的函数只收到了一个参数，即合在一起的 {n} 个数（{shown}）；"
            f"它和代价函数 cost({names}) 一样，要把每个数作为单独的参数传入，argnums 数的正是"
            f"这些参数：请把 w 的各个数分开传入，{fixed} 或 ({apart}){argnums_as}",
        )
    return None


def _only(which: str) -> tuple[str, str]:
    """What ``grad(f, …)`` or ``hessian(f, …)`` differentiates for :func:`_one_position`'s
    ``which``, in English and in Chinese."""
    if which:
        return (
            f"only the argument argnums={which} names",
            f"只对 argnums={which} 指定的那一个参数求导",
        )
    return (
        "only the first argument unless argnums is given",
        "只对第一个参数求导（除非给出 argnums）",
    )


def _past_the_end(error: IndexError, argnums_as: str) -> str | None:
    """Why the index that raised ``error`` is past the end of hessian's matrix (in this
    copy's language), when the subscript that raised reads a row or an entry of it
    (``H[1]``, ``H[0][1]``, ``hessian(f)(x)[0][1]``); None when it does not, or when that
    cannot be read (see :func:`_failing_operation`).

    A 1×1 matrix is told why it has one row of one entry, from the call that made it
    (inline, or the one assignment of the name in the student's function,
    :func:`_assignment`): a function of one number (its one entry is ``[0][0]``), or one
    argument of several differentiated (``argnums`` is missing, the notebook's fix named);
    where that call cannot be found but every value of the name has a hessian call in it,
    both causes are named. A 2×2 or larger matrix read at an index written as n is told
    that indices count from 0. A square list the student's code did not get from hessian
    (a parameter, an inverse built from the entries, a history list) is not called
    hessian's: "a 2×2 list", and a 1×1 one is not explained. An inline matrix is known to
    be 1×1 only by an index 1 (or −2) that failed: any matrix has a row."""
    found = _failing_frame(error.__traceback__)
    position = None if found is None else _position(*found)
    segment = None if found is None or position is None else _segment(found[0], position)
    if found is None or segment is None:
        return None
    frame = found[0]
    try:
        tree = ast.parse(segment.strip(), mode="eval").body
    except SyntaxError:
        return None
    if not isinstance(tree, ast.Subscript):
        return None
    index = _index(tree.slice, frame)
    # the matrix: the expression subscripted (a row read) or the one under it (an entry)
    candidates = [tree.value]
    if isinstance(tree.value, ast.Subscript):
        candidates.append(tree.value.value)
    # an index written as a number: an n read from an n×n matrix counts from 1 (a loop's
    # k that ran past, or range(3) over a 2×2, is not told so)
    literal = isinstance(tree.slice, ast.Constant) and index == tree.slice.value
    for matrix in candidates:
        made: ast.Call | None = None
        size: int | None = None
        # hessian's matrix only when the student's code says so: a square list of lists
        # may be the student's own (an inverse [[h22/det, …], …], a history [[f″]])
        from_hessian = False
        held, value = _value(matrix, frame)
        if held and _square_rows(value):
            size = len(value)
            if isinstance(matrix, ast.Name):
                made = _assignment(matrix.id, frame)
                from_hessian = made is not None or _from_hessian(matrix.id, frame)
        elif isinstance(matrix, ast.Call) and _made_by(matrix, frame) == "hessian":
            made, size, from_hessian = matrix, (1 if index in (1, -2) else None), True
        if size is not None:
            return _why_past(
                matrix, tree, size, index, made, argnums_as, frame, from_hessian, literal
            )
    return None


def _why_past(
    matrix: ast.expr,
    read: ast.Subscript,
    size: int,
    index: int | None,
    made: ast.Call | None,
    argnums_as: str,
    frame: FrameType,
    from_hessian: bool,
    literal: bool,
) -> str | None:
    """:func:`_past_the_end`'s words for ``read`` past the end of the ``size``×``size``
    ``matrix``, which ``made`` (when known) computed; ``from_hessian``: the student's
    code got it from hessian (else it is "a 2×2 list", and a 1×1 one is not explained);
    ``literal``: the index that failed is written as a number (only then is an index n
    of an n×n matrix told that indices count from 0)."""
    m, e = ast.unparse(matrix), ast.unparse(read)
    if size > 1:
        if index != size or not literal:
            return None
        last = size - 1
        if not from_hessian:
            return msg(
                en=f"{m} is a {size}×{size} list, so {e} is past its end: indices count from "
                f"0, and its entries run from {m}[0][0] to {m}[{last}][{last}]",
                zh=f"{m} 是 {size}×{size} 的列表，{e} 越过了它的末尾：下标从 0 开始，它的元素是 "
                f"{m}[0][0] 到 {m}[{last}][{last}]",
            )
        return msg(
            en=f"{m} is hessian's {size}×{size} matrix, so {e} is past its end: indices "
            f"count from 0, and its entries run from {m}[0][0] to {m}[{last}][{last}]",
            zh=f"{m} 是 hessian() 返回的 {size}×{size} 矩阵，{e} 越过了它的末尾：下标从 0 "
            f"开始，它的元素是 {m}[0][0] 到 {m}[{last}][{last}]",
        )
    if not from_hessian:  # a list of one list of one number: nothing known of why
        return None
    fails = (f"so {e} is past its end", f"{e} 越过了它的末尾")
    return _one_by_one(matrix, made, fails, argnums_as, frame, indexed=literal)


def _one_by_one(
    matrix: ast.expr,
    made: ast.Call | None,
    fails: tuple[str, str],
    argnums_as: str,
    frame: FrameType,
    *,
    indexed: bool,
) -> str:
    """Why ``matrix`` is 1×1, in this copy's language, from the call ``made`` that computed
    it when that is known: a function of one number, or one argument of several
    differentiated (``argnums`` missing); both causes named otherwise. ``fails`` says, in
    English and in Chinese, what failed on it; ``indexed``: an index failed (its one
    entry is then named with "indices count from 0")."""
    m = ast.unparse(matrix)
    fails_en, fails_zh = fails
    count = None if made is None else _argument_count(made, frame)
    which = (
        None if made is None or not isinstance(made.func, ast.Call) else _one_position(made.func)
    )
    if made is not None and count == 1:
        counted = msg(en=" — indices count from 0", zh="——下标从 0 开始") if indexed else ""
        return msg(
            en=f"{m} is the 1×1 matrix [[f″(x)]] (the Hessian of a function of one number has "
            f"one row of one entry), {fails_en}; its one entry is {m}[0][0]{counted}",
            zh=f"{m} 是 1×1 矩阵 [[f″(x)]]（一元函数的海森矩阵只有一行一个元素），{fails_zh}；"
            f"它唯一的元素是 {m}[0][0]{counted}",
        )
    if made is not None and isinstance(made.func, ast.Call) and count and which is not None:
        maker = made.func
        only_en, only_zh = _only(which)
        entry = "" if which else " [[h11]]"  # (argnums=1 gives [[h22]]: not named)
        fixed = _with_argnums(maker, tuple(range(count)))
        named_en = f"{m} is {ast.unparse(made)}: " if made is not matrix else ""
        named_zh = f"{m} 是 {ast.unparse(made)}：" if made is not matrix else ""
        return msg(
            en=f"{named_en}{ast.unparse(maker)} differentiates {only_en}, and returns the 1×1 "
            f"matrix{entry}, {fails_en}; {fixed} returns the {count}×{count} matrix{argnums_as}",
            zh=f"{named_zh}{ast.unparse(maker)} {only_zh}，返回的是 1×1 矩阵{entry}，{fails_zh}；"
            f"{fixed} 才返回 {count}×{count} 矩阵{argnums_as}",
        )
    # (made elsewhere: a parameter, a global, assigned twice)
    return msg(
        en=f"{m} is a 1×1 matrix, {fails_en}: hessian() returns one row of one entry when it "
        "differentiates one argument — a function of one number (its one entry is "
        f"{m}[0][0]), or the one argument of several that argnums names (the first, unless "
        "argnums is given)",
        zh=f"{m} 是 1×1 矩阵，{fails_zh}：hessian() 只对一个参数求导时，返回的矩阵只有一行一个"
        f"元素——一元函数（唯一的元素是 {m}[0][0]），或者多个参数中由 argnums 指定的那一个"
        "（不给 argnums 时是第一个）",
    )


def _assignment(name: str, frame: FrameType) -> ast.Call | None:
    """The call ``hessian(f, …)(…)`` that the student's function running in ``frame``
    assigns to ``name``, when that is its one assignment of ``name`` (nested functions
    not looked into); None otherwise, or when the source cannot be read."""
    values = _assigned(name, frame)
    if values is None or len(values) != 1:
        return None
    (value,) = values
    if isinstance(value, ast.Call) and _made_by(value, frame) == "hessian":
        return value
    return None


def _from_hessian(name: str, frame: FrameType) -> bool:
    """Whether every value the student's function running in ``frame`` assigns to
    ``name`` (at least one) has a call of hessian's in it: ``H = list(hessian(f)(x))``,
    or ``H = hessian(f)(x)`` on two lines. A parameter, a list the student builds
    (``[[h22 / det, …], …]``, ``curv = []`` then appended to) or a name bound another way
    (unpacked, a loop's) is not known to be hessian's matrix."""
    values = _assigned(name, frame)
    return bool(values) and all(
        value is not None
        and any(
            isinstance(node, ast.Call) and _made_by(node, frame) == "hessian"
            for node in ast.walk(value)
        )
        for value in values or []
    )


def _assigned(name: str, frame: FrameType) -> list[ast.expr | None] | None:
    """The values the student's function running in ``frame`` assigns to ``name``, None
    for a binding whose value is not read (unpacked into it, a for loop's target, ``+=``,
    ``:=``, ``with … as``); nested functions not looked into. None when the function's
    source cannot be read."""
    code = frame.f_code
    tree = _source_tree(code, frame.f_globals)
    if tree is None:
        return None
    functions = [
        node
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.name == code.co_name
        and min([node.lineno, *(d.lineno for d in node.decorator_list)]) == code.co_firstlineno
    ]
    if len(functions) != 1:
        return None
    values: list[ast.expr | None] = []
    pending: list[ast.AST] = list(functions[0].body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id == name:
                    values.append(node.value)
                elif any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(target)):
                    values.append(None)  # unpacked into name, or a for loop's: not read
        else:  # H += …, for H in …, (H := …), with … as H: not read
            bound = (
                node.optional_vars
                if isinstance(node, ast.withitem)
                else getattr(node, "target", None)
                if isinstance(node, (ast.AugAssign, ast.For, ast.AsyncFor, ast.NamedExpr))
                else None
            )
            if bound is not None and any(
                isinstance(n, ast.Name) and n.id == name for n in ast.walk(bound)
            ):
                values.append(None)
        pending.extend(ast.iter_child_nodes(node))
    return values


def _one_position(maker: ast.Call) -> str | None:
    """Whether ``grad(f, …)`` or ``hessian(f, …)`` differentiates one argument: "" when
    argnums is left out (0), its source when it is one int, None otherwise."""
    given = [k.value for k in maker.keywords if k.arg == "argnums"] + maker.args[1:2]
    if not given:
        return ""
    argnums = given[0]
    number = argnums
    if isinstance(argnums, ast.UnaryOp) and isinstance(argnums.op, ast.USub):
        number = argnums.operand  # argnums=-1
    if (
        isinstance(number, ast.Constant)
        and isinstance(number.value, int)
        and not isinstance(number.value, bool)
    ):
        return ast.unparse(argnums)
    return None


def _with_argnums(maker: ast.Call, positions: tuple[int, ...]) -> str:
    """``grad(cost)`` as ``grad(cost, argnums=(0, 1))``: the student's call, argnums given."""
    fixed = ast.Call(
        func=maker.func,
        args=maker.args[:1],
        keywords=[
            *(k for k in maker.keywords if k.arg != "argnums"),
            ast.keyword(arg="argnums", value=ast.parse(repr(positions), mode="eval").body),
        ],
    )
    return ast.unparse(fixed)


def _failing_frame(tb: TracebackType | None) -> tuple[FrameType, int] | None:
    """The innermost frame of a traceback that is the student's, and the offset of the
    instruction it was running."""
    found = None
    while tb is not None:
        filename = Path(tb.tb_frame.f_code.co_filename)
        if not (filename.is_relative_to(LIBRARY) or filename.is_relative_to(CHECKS)):
            found = (tb.tb_frame, tb.tb_lasti)
        tb = tb.tb_next
    return found


def _stores_an_item(error: BaseException) -> bool:
    """Did the student's instruction that raised store (or delete) an item, ``w[0] -= …``
    on the tuple ``w``? Never hessian's matrix: a list of lists takes items. It was told
    "if this comes from using hessian's matrix as a number", the line holding no matrix."""
    found = _failing_frame(error.__traceback__)
    if found is None:
        return False
    frame, lasti = found
    return any(
        op.offset == lasti and op.opname in ("STORE_SUBSCR", "DELETE_SUBSCR")
        for op in dis.get_instructions(frame.f_code)
    )


#: Where an instruction's source is: first and last line, first and end column (in
#: UTF-8 bytes, as the ast module counts them too).
Position = tuple[int, int, int, int]


def _position(frame: FrameType, lasti: int) -> Position | None:
    """The columns of the expression the instruction at ``lasti`` runs (None when Python
    cannot say; on Python 3.10, which keeps no columns, read off the line's source by
    :func:`_position_on_the_line`)."""
    positions = getattr(frame.f_code, "co_positions", None)
    if lasti < 0:
        return None
    if positions is None:
        return _position_on_the_line(frame.f_code, lasti, frame.f_globals)
    # one entry per two-byte code unit, as traceback reads it
    position = next(itertools.islice(positions(), lasti // 2, None), None)
    if position is None:
        return None
    start, end, col, end_col = position
    if start is None or end is None or col is None or end_col is None:
        return None
    return start, end, col, end_col


#: The operators of the instructions that can fail on a matrix, by the name Python 3.10
#: gives the instruction (BINARY_TRUE_DIVIDE, INPLACE_…) and by the symbol later ones
#: give their BINARY_OP.
_OPERATORS: dict[str, type[ast.operator]] = {
    "ADD": ast.Add, "+": ast.Add, "SUBTRACT": ast.Sub, "-": ast.Sub,
    "MULTIPLY": ast.Mult, "*": ast.Mult, "TRUE_DIVIDE": ast.Div, "/": ast.Div,
    "FLOOR_DIVIDE": ast.FloorDiv, "//": ast.FloorDiv, "MODULO": ast.Mod, "%": ast.Mod,
    "POWER": ast.Pow, "**": ast.Pow, "MATRIX_MULTIPLY": ast.MatMult, "@": ast.MatMult,
    "LSHIFT": ast.LShift, "<<": ast.LShift, "RSHIFT": ast.RShift, ">>": ast.RShift,
    "AND": ast.BitAnd, "&": ast.BitAnd, "OR": ast.BitOr, "|": ast.BitOr,
    "XOR": ast.BitXor, "^": ast.BitXor,
}  # fmt: skip
_UNARY = {"UNARY_NEGATIVE": ast.USub, "UNARY_POSITIVE": ast.UAdd, "UNARY_INVERT": ast.Invert}
_CALLS = {"CALL", "CALL_KW", "CALL_FUNCTION", "CALL_FUNCTION_KW", "CALL_METHOD"}


def _same_kind(instruction: dis.Instruction) -> Callable[[ast.AST], bool] | None:
    """Which expressions of the source compile to an instruction such as ``instruction``
    (a division, a call, an entry read, …); None for an instruction this module does not read."""
    name = instruction.opname
    if name == "BINARY_SUBSCR":  # an entry read, H[1]
        return lambda node: isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load)
    if name == "BINARY_OP":  # Python 3.11 on: "/", or "/=" in place
        symbol = instruction.argrepr
        inplace, symbol = symbol.endswith("=") and symbol != "=", symbol.rstrip("=")
    elif name.startswith(("BINARY_", "INPLACE_")):
        inplace, symbol = name.startswith("INPLACE_"), name.split("_", 1)[1]
    elif name in _UNARY:
        unary = _UNARY[name]
        return lambda node: isinstance(node, ast.UnaryOp) and isinstance(node.op, unary)
    elif name in _CALLS:  # not f(*args), f(**kw): CALL_FUNCTION_EX
        return lambda node: isinstance(node, ast.Call) and not _unpacks(node)
    else:
        return None
    operator = _OPERATORS.get(symbol)
    if operator is None:
        return None
    kind = ast.AugAssign if inplace else ast.BinOp
    return lambda node: isinstance(node, kind) and isinstance(node.op, operator)


def _unpacks(call: ast.Call) -> bool:
    """Whether ``call`` passes ``*args`` or ``**kw`` (an instruction of another kind)."""
    return any(isinstance(arg, ast.Starred) for arg in call.args) or any(
        keyword.arg is None for keyword in call.keywords
    )


def _children(node: ast.AST) -> list[ast.AST]:
    """The parts of ``node`` in the order Python runs them: a dict's key before its value
    (``{k1: v1, k2: v2}``), an assignment's value before its targets (``a[0][1] = H[0]``
    reads ``H[0]`` first), which :func:`ast.iter_child_nodes` lists the other way."""
    if isinstance(node, ast.Dict):
        return [
            part
            for pair in zip(node.keys, node.values, strict=True)
            for part in pair
            if part is not None
        ]
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        value = [] if node.value is None else [node.value]
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return [*value, *targets]
    return list(ast.iter_child_nodes(node))


def _in_order(node: ast.AST) -> Iterator[ast.AST]:
    """The expressions of ``node``, each after its operands, as Python runs them; not
    entering an expression that is code of its own (a lambda, a comprehension)."""
    for child in _children(node):
        if not isinstance(
            child, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
        ):
            yield from _in_order(child)
    yield node


def _position_on_the_line(code: CodeType, lasti: int, globals_: dict[str, Any]) -> Position | None:
    """The columns of the expression the instruction at ``lasti`` runs, read off the
    source of its line where Python keeps no columns (3.10): the k-th instruction of its
    kind on the line (the k-th division, say) runs the k-th expression of that kind the
    line holds, in the order Python runs them (an unpacking's targets, outer first, in
    the order they are written). None when the line's expressions and instructions do not match
    one to one: code of its own (a comprehension, a lambda), a line without source."""
    instructions = list(dis.get_instructions(code))
    lines = {
        offset: line for start, end, line in code.co_lines() for offset in range(start, end, 2)
    }
    line = lines.get(lasti)
    here = [i for i in instructions if i.offset == lasti]
    if line is None or not here or (code.co_name.startswith("<") and code.co_name != "<module>"):
        return None
    tree = _source_tree(code, globals_)
    if tree is None:
        return None
    nodes = [
        node
        for node in _in_order(tree)
        if isinstance(node, (ast.expr, ast.stmt)) and node.lineno == line
    ]
    failed = here[0]
    ours = [i for i in instructions if lines.get(i.offset) == line and _alike(i, failed)]
    if failed.opname == "UNPACK_SEQUENCE":
        targets = [
            node
            for node in nodes
            if isinstance(node, (ast.Tuple, ast.List)) and isinstance(node.ctx, ast.Store)
        ]
        # as written, a target before the targets inside it (which start where it does)
        found: list[ast.expr | ast.stmt] = sorted(
            targets, key=lambda t: (t.col_offset, -(t.end_col_offset or 0))
        )
    elif failed.opname == "COMPARE_OP":
        # one instruction per operator of a chain (0 < x < 1), none for is / in
        found = [
            node
            for node in nodes
            if isinstance(node, ast.Compare)
            for op in node.ops
            if not isinstance(op, (ast.Is, ast.IsNot, ast.In, ast.NotIn))
        ]
    else:
        same = _same_kind(failed)
        if same is None:
            return None
        found = [node for node in nodes if same(node)]
    if len(ours) != len(found):
        return None
    node = found[ours.index(failed)]
    if node.end_lineno is None or node.end_col_offset is None:
        return None
    return node.lineno, node.end_lineno, node.col_offset, node.end_col_offset


def _alike(one: dis.Instruction, other: dis.Instruction) -> bool:
    """Instructions that run expressions of one kind (two divisions; two calls, with or
    without keywords; two comparisons; two unpackings)."""
    if one.opname in _CALLS and other.opname in _CALLS:
        return True
    if one.opname == other.opname and one.opname in ("COMPARE_OP", "UNPACK_SEQUENCE"):
        return True
    return one.opname == other.opname and one.argrepr == other.argrepr


def _source_tree(code: CodeType, globals_: dict[str, Any]) -> ast.Module | None:
    """The whole source of the file (or notebook cell) ``code`` was compiled from, parsed;
    None when linecache has none or it does not parse."""
    lines = linecache.getlines(code.co_filename, globals_)
    try:
        return ast.parse("".join(lines))
    except (SyntaxError, ValueError):
        return None


def _segment(frame: FrameType, position: Position) -> str | None:
    """The source at ``position`` (None when linecache cannot say: code compiled from a
    string of its own)."""
    start, end, col, end_col = position
    lines = linecache.getlines(frame.f_code.co_filename, frame.f_globals)
    if end > len(lines):
        return None
    # the columns count UTF-8 bytes
    text = [line.encode() for line in lines[start - 1 : end]]
    if start == end:
        return text[0][col:end_col].decode(errors="replace")
    text[0], text[-1] = text[0][col:], text[-1][:end_col]
    return b"".join(text).decode(errors="replace")


def _unpacking(frame: FrameType, position: Position) -> _Operation | None:
    """The unpacking whose target is at ``position``: what it unpacks is the value of the
    assignment the target belongs to, or an entry of it (``value[0]``) for a target
    nested in the assignment's own; found in the frame's whole source, parsed."""
    tree = _source_tree(frame.f_code, frame.f_globals)
    if tree is None:
        return None
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            found = _nested(target, position)
            if found is None:
                continue
            unpacked, path = found
            value = node.value
            for index in path:
                value = ast.Subscript(value=value, slice=ast.Constant(index), ctx=ast.Load())
            return _Operation(frame, [value], unpacked, not path)
    return None


def _nested(target: ast.expr, position: Position) -> tuple[ast.Tuple | ast.List, list[int]] | None:
    """The tuple or list target at ``position`` within ``target``, and the indices that
    lead to it (none for ``target`` itself); None if it is not there. Entries after a
    starred name are not counted from the start: they are not looked into."""
    if not isinstance(target, (ast.Tuple, ast.List)):
        return None
    span = (target.lineno, target.end_lineno, target.col_offset, target.end_col_offset)
    if span == position:
        return target, []
    for index, element in enumerate(target.elts):
        if isinstance(element, ast.Starred):
            return None
        found = _nested(element, position)
        if found is not None:
            return found[0], [index, *found[1]]
    return None


def _operands(segment: str) -> list[ast.expr] | None:
    """The operands of the operation ``segment`` is: a binary or unary operator's, a
    comparison's, an augmented assignment's, a call's arguments (``float(H)``)."""
    try:
        tree: ast.AST = ast.parse(segment.strip(), mode="eval").body
    except SyntaxError:
        try:
            body = ast.parse(segment.strip()).body
        except SyntaxError:
            return None
        if len(body) != 1:
            return None
        tree = body[0]
    if isinstance(tree, ast.BinOp):
        return [tree.left, tree.right]
    if isinstance(tree, ast.UnaryOp):
        return [tree.operand]
    if isinstance(tree, ast.Compare):
        return [tree.left, *tree.comparators]
    if isinstance(tree, ast.AugAssign):
        return [tree.target, tree.value]
    if isinstance(tree, ast.Call):
        return [*tree.args, *(keyword.value for keyword in tree.keywords)]
    return None


def _any(kinds: list[bool | None]) -> bool | None:
    """True if any is True, False if all are False, None otherwise."""
    if True in kinds:
        return True
    return False if all(kind is False for kind in kinds) else None


def _kind(operand: ast.expr, frame: FrameType) -> bool | None:
    """True: hessian's matrix or a row of it; False: surely not; None: cannot tell without
    running code.

    A name, and an entry of what a name holds (``H[1][0]``, ``g[0]``, indices that are
    numbers or names holding them), is told by what it holds: a square list of rows is
    the matrix, a gradient pair or a float is not. ``hessian(f)(x)`` and a name bound to
    ``hessian(f)``, called, give the matrix; ``grad``'s do not. An entry of the matrix
    whose index the check cannot read is told by how deep it is: ``M[i]`` a row,
    ``M[i][j]`` a number. An arithmetic result or a literal holds what its parts do."""
    if isinstance(operand, ast.Constant):
        return False
    if isinstance(operand, (ast.Name, ast.Subscript)):
        held, value = _value(operand, frame)
        if held:
            return _square_rows(value)
    if isinstance(operand, ast.Subscript):
        base: ast.expr = operand
        depth = 0
        while isinstance(base, ast.Subscript):
            if isinstance(base.slice, ast.Slice):
                return None
            base, depth = base.value, depth + 1
        if _kind(base, frame) is True:
            return depth == 1  # a row of the matrix; deeper, one of its numbers
        return None
    if isinstance(operand, ast.Call):
        made_by = _made_by(operand, frame)
        if made_by is not None:
            return made_by == "hessian"
        return None
    if isinstance(operand, ast.BinOp):
        return _any([_kind(operand.left, frame), _kind(operand.right, frame)])
    if isinstance(operand, ast.UnaryOp):
        return _kind(operand.operand, frame)
    if isinstance(operand, (ast.Tuple, ast.List)):
        return _any([_kind(element, frame) for element in operand.elts])
    return None


def _made_by(called: ast.Call, frame: FrameType) -> str | None:
    """ "hessian" for ``hessian(f)(x)`` or ``H(x)`` with H bound to ``hessian(f)``; "grad"
    for ``grad``'s alike; None for any other call."""
    function = called.func
    if isinstance(function, ast.Call):
        if _is_library(function.func, frame, HESSIAN):
            return "hessian"
        if _is_library(function.func, frame, GRAD):
            return "grad"
    if isinstance(function, ast.Name):
        held, value = _lookup(function.id, frame)
        code = _code(value) if held else None
        if code in OF_F:
            return "hessian"
        if code in GRADIENT_OF_F:
            return "grad"
    return None


def _is_library(node: ast.expr, frame: FrameType, codes: set[CodeType]) -> bool:
    """Whether ``node`` (a name, or a module's attribute) is the library function whose
    code is in ``codes``."""
    if isinstance(node, ast.Name):
        value = _lookup(node.id, frame)[1]
    elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        module = _lookup(node.value.id, frame)[1]  # a module's own attribute, as data
        value = vars(module).get(node.attr) if type(module) is ModuleType else None
    else:
        return False
    return _code(value) in codes


def _code(value: object) -> CodeType | None:
    """The code of ``value`` where it is a Python function (the library's ``hessian``,
    the function it returns), read off the function's type: ``getattr(value,
    "__code__")`` ran the ``__getattr__`` of a student's object."""
    return value.__code__ if type(value) is FunctionType else None


def _argument_count(called: ast.Call, frame: FrameType) -> int | None:
    """How many positional arguments ``called`` passed (``f(*w)`` counts what w holds);
    None when that cannot be read."""
    count = 0
    for argument in called.args:
        if not isinstance(argument, ast.Starred):
            count += 1
            continue
        held, value = _value(argument.value, frame)
        if not held or type(value) not in (list, tuple):
            return None
        count += len(value)
    return count


def _value(node: ast.expr, frame: FrameType) -> tuple[bool, Any]:
    """What a name, or an entry of a list or tuple it holds (``H[1][0]``), holds in the
    frame, read without running code: (found, value)."""
    if isinstance(node, ast.Name):
        return _lookup(node.id, frame)
    if isinstance(node, ast.Subscript):
        held, base = _value(node.value, frame)
        index = _index(node.slice, frame)
        if (
            held
            and index is not None
            and type(base) in (list, tuple)
            and -len(base) <= index < len(base)
        ):
            return True, base[index]
    return False, None


def _index(node: ast.expr, frame: FrameType) -> int | None:
    """An index that is a number (``1``, ``-1``) or a name holding one."""
    negative = isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
    if negative:
        assert isinstance(node, ast.UnaryOp)
        node = node.operand
    if isinstance(node, ast.Constant):
        index = node.value
    elif isinstance(node, ast.Name):
        held, index = _lookup(node.id, frame)
        if not held:
            return None
    else:
        return None
    if not isinstance(index, int) or isinstance(index, bool):
        return None
    return -index if negative else index


def _lookup(name: str, frame: FrameType) -> tuple[bool, Any]:
    """What ``name`` holds in the frame, as Python looks it up: (found, value)."""
    for scope in (frame.f_locals, frame.f_globals, vars(builtins)):
        if name in scope:
            return True, scope[name]
    return False, None


def _square_rows(value: Any) -> bool:
    """A list (or tuple) of n rows of n numbers each, as hessian returns: Python's own
    list and tuple, whose length and rows are read without code of the student's (a
    class(list) of theirs with a ``__len__`` or ``__iter__`` raising stopped the check
    with their error shown as the checker's)."""
    if type(value) not in (list, tuple) or not value:
        return False
    return all(type(row) in (list, tuple) and len(row) == len(value) for row in value)


def _raise(error: BaseException) -> NoReturn:
    raise error
