"""Checks of arguments shared by the engine and ``nn``: one rule, one wording.

A flag (``create_graph``, ``check``, ``show_grad``, ``fit``'s ``shuffle``) is True or
False, nothing else: ``create_graph="False"`` is a true string, and was read as True.
"""

from __future__ import annotations

import decimal
import math
from typing import Any, cast

import numpy as np

from autograd_mini.reals import is_integer, is_real, scalar_of
from autograd_mini.value import integer_size

__all__ = ["check_flag", "real_number", "shown"]


def check_flag(x: object, name: str, where: str) -> bool:
    """``x`` when it is True or False (numpy's too), else a TypeError naming ``name`` and
    ``where``: ``shuffle="no"`` or ``compiled=None`` would otherwise be read as a flag,
    "no" as True."""
    if not isinstance(x, (bool, np.bool_)):
        raise TypeError(f"{where}: {name} must be True or False, got {shown(x)}")
    return bool(x)


def shown(x: object, width: int = 40) -> str:
    """How an error shows a value it refuses: its repr, cut to ``width`` characters with
    '…'; an integer by its number of digits once it is long (its first 40 digits read as
    another number, and ``repr`` of one beyond 4,300 digits is an error in Python)."""
    if is_integer(x):
        n = int(cast(Any, x))
        return repr(n) if abs(n) < 10 ** (width - 1) else integer_size(n)
    text = repr(x)
    return text if len(text) <= width else text[: width - 1] + "…"


def real_number(x: object) -> float | None:
    """``x`` as a float when it is a real number — numpy's too (``np.int64(500)``, a 0-d
    array), a Fraction, a Decimal — else None (a str, None, a bool: ``True`` is a slip,
    never a meant 1). One no float holds (10**400, ``Decimal('sNaN')``) is nan, which any
    range refuses: Python's "int too large to convert to float" named no argument. The
    reading of a size or tolerance argument, each caller saying its own range
    (gradcheck's eps, atol, rtol; a picture's column and height read the same)."""
    number = scalar_of(x)
    if not (is_real(number) or isinstance(number, decimal.Decimal)):
        return None
    try:
        return float(cast(Any, number))
    except (OverflowError, ValueError):  # 10**400; Decimal('sNaN') refuses float()
        return math.nan
