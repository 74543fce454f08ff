"""A Newton step that divides by what ``hessian`` returns: told that it is a matrix.

``hessian(f)(x)`` is a matrix, a list of rows, even for a function of one number:
``[[h]]``. A student's Newton step ``x - g / hessian(f)(x)`` (notebook 06's ``newton``,
notebook 07's ``newton_step``) raised a bare TypeError dividing a number by a list.
:func:`call_minding_hessian` calls the student's function as :func:`exercises.call` does,
watching whether it called ``hessian`` (exercises/watch.py: nothing patched). A TypeError
raised after it did is told as the matrix it is, with the notebook's own advice, when the
operation that failed had the matrix as an operand (:func:`_about_the_matrix` reads the
failing expression of the student's frame, and what its names hold); when that cannot be
read, the advice is given as a possibility; when the operands are something else (the
student took ``[0][0]`` and a later line fails), the error is told as :func:`call` tells
it. Every message ends with the student's line, as :func:`call`'s do. The library's
``hessian`` keeps its shape.
"""

from __future__ import annotations

import ast
import builtins
import itertools
import linecache
from collections.abc import Callable
from pathlib import Path
from types import CodeType, FrameType, TracebackType
from typing import Any, NoReturn

from autograd_mini import hessian

from . import Mistake, _where, call, msg
from .watch import LIBRARY, first_call

__all__ = ["call_minding_hessian"]

HESSIAN = {hessian.__code__}
#: The code of the function ``hessian(f)`` returns (``hessian_of_f``): a name bound to it,
#: called, gives the matrix.
OF_F = {code for code in hessian.__code__.co_consts if isinstance(code, CodeType)}
CHECKS = Path(__file__).resolve().parent  # this package's files: the checker's frames


def call_minding_hessian(what: str, advice: str, function: Callable[..., Any], *args: Any) -> Any:
    """``call(what, function, *args)``, except that a TypeError raised after the student's
    code called ``hessian``, by an operation on hessian's matrix, is told as that matrix;
    ``advice`` (in this copy's language) says what to take instead. Any other error is
    told as :func:`call` tells it.
    """
    failed: list[TypeError] = []

    def guarded(*inputs: Any) -> Any:
        try:
            return function(*inputs)
        except TypeError as error:
            failed.append(error)
            return None

    got, called = call(what, first_call, HESSIAN, LIBRARY, guarded, *args)
    if not failed:
        return got
    error = failed[0]
    matrix = _about_the_matrix(error) if called is not None else False
    if matrix is False:
        call(what, _raise, error)  # call's own words for it: a Mistake
        raise error  # not reached
    where = _where(error)
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


def _about_the_matrix(error: TypeError) -> bool | None:
    """Whether the operation that raised ``error`` had hessian's matrix as an operand:
    True when one of its operands is a call of ``hessian(...)`` or a name holding a
    square list of lists; False when every operand is a literal number or string or a
    name holding something else; None when that cannot be told (no source for the
    line, an operand the check cannot read without running code, Python 3.10's
    tracebacks, which hold no columns).

    The operation is the instruction that failed in the student's innermost frame
    (the innermost that is neither the library's nor this package's: the library raising
    for a Value divided by a list is the student's division), read as Python reads it
    for a traceback's ``^^^`` marks: the source of its columns, parsed."""
    found = _failing_frame(error.__traceback__)
    if found is None:
        return None
    frame, lasti = found
    segment = _segment(frame, lasti)
    if segment is None:
        return None
    operands = _operands(segment)
    if operands is None:
        return None
    kinds = [_kind(operand, frame) for operand in operands]
    if True in kinds:
        return True
    return False if all(kind is False for kind in kinds) else None


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


def _segment(frame: FrameType, lasti: int) -> str | None:
    """The source of the expression the instruction at ``lasti`` runs (None when Python
    or linecache cannot say: Python 3.10, code compiled from a string of its own)."""
    positions = getattr(frame.f_code, "co_positions", None)
    if positions is None or lasti < 0:
        return None
    # one entry per two-byte code unit, as traceback reads it
    position = next(itertools.islice(positions(), lasti // 2, None), None)
    if position is None:
        return None
    start, end, col, end_col = position
    if start is None or end is None or col is None or end_col is None:
        return None
    lines = linecache.getlines(frame.f_code.co_filename, frame.f_globals)
    if end > len(lines):
        return None
    # the columns count UTF-8 bytes
    text = [line.encode() for line in lines[start - 1 : end]]
    if start == end:
        return text[0][col:end_col].decode(errors="replace")
    text[0], text[-1] = text[0][col:], text[-1][:end_col]
    return b"".join(text).decode(errors="replace")


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


def _kind(operand: ast.expr, frame: FrameType) -> bool | None:
    """True: hessian's matrix; False: surely not; None: cannot tell without running code."""
    if isinstance(operand, ast.Constant):
        return False
    if isinstance(operand, ast.Name):
        held, value = _lookup(operand.id, frame)
        return _square_rows(value) if held else None
    if isinstance(operand, ast.Call):
        called = operand.func
        if isinstance(called, ast.Call) and _is_hessian(called.func, frame):
            return True  # hessian(f)(x)
        if isinstance(called, ast.Name):
            held, value = _lookup(called.id, frame)
            if held and getattr(value, "__code__", None) in OF_F:
                return True  # H = hessian(f); H(x)
    return None


def _is_hessian(node: ast.expr, frame: FrameType) -> bool:
    """Whether ``node`` (a name, or a module's attribute) is the library's ``hessian``."""
    if isinstance(node, ast.Name):
        value = _lookup(node.id, frame)[1]
    elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        value = getattr(_lookup(node.value.id, frame)[1], node.attr, None)
    else:
        return False
    return getattr(value, "__code__", None) in HESSIAN


def _lookup(name: str, frame: FrameType) -> tuple[bool, Any]:
    """What ``name`` holds in the frame, as Python looks it up: (found, value)."""
    for scope in (frame.f_locals, frame.f_globals, vars(builtins)):
        if name in scope:
            return True, scope[name]
    return False, None


def _square_rows(value: Any) -> bool:
    """A list (or tuple) of n rows of n numbers each, as hessian returns."""
    if not isinstance(value, (list, tuple)) or not value:
        return False
    return all(isinstance(row, (list, tuple)) and len(row) == len(value) for row in value)


def _raise(error: BaseException) -> NoReturn:
    raise error
