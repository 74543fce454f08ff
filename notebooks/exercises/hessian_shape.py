"""A Newton step that divides by what ``hessian`` returns: told that it is a matrix.

``hessian(f)(x)`` is a matrix, a list of rows, even for a function of one number:
``[[h]]``. A student's Newton step ``x - g / hessian(f)(x)`` (notebook 06's ``newton``,
notebook 07's ``newton_step``) raised a bare TypeError dividing a number by a list.
:func:`call_minding_hessian` calls the student's function as :func:`exercises.call` does,
watching whether it called ``hessian`` (exercises/watch.py: nothing patched); a TypeError
raised after it did is told as the matrix it is, with the notebook's own advice. The
library's ``hessian`` keeps its shape.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import autograd_mini
from autograd_mini import hessian

from . import Mistake, call, msg
from .watch import first_call

__all__ = ["call_minding_hessian"]

HESSIAN = {hessian.__code__}
LIBRARY = Path(autograd_mini.__file__).resolve().parent


def call_minding_hessian(what: str, advice: str, function: Callable[..., Any], *args: Any) -> Any:
    """``call(what, function, *args)``, except that a TypeError raised after the student's
    code called ``hessian`` is told as hessian's matrix; ``advice`` (in this copy's
    language) says what to take instead. Any other error is told as :func:`call` tells it.
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
    if called is None:
        call(what, _raise, error)  # call's own words for it: a Mistake
        raise error  # not reached
    raise Mistake(
        # the exception's own words, in English in both editions, quoted as such
        msg(
            en=f"{what}: raised TypeError: {error} — after calling {called}: hessian "
            "returns a matrix, a list of rows ([[h]] for a function of one number), not a "
            f"number; {advice}",
            zh=f"{what}：调用 {called} 之后抛出了 TypeError「{error}」：hessian() 返回的是"
            f"矩阵，即由行组成的列表（一元函数得到的是 [[h]]），而不是一个数；{advice}",
        )
    ) from None


def _raise(error: BaseException) -> NoReturn:
    raise error
