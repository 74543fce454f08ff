"""Checks of arguments shared by the engine and ``nn``: one rule, one wording.

A flag (``create_graph``, ``check``, ``show_grad``, ``fit``'s ``shuffle``) is True or
False, nothing else: ``create_graph="False"`` is a true string, and was read as True.
"""

from __future__ import annotations

import numpy as np

from autograd_mini.value import integer_size

__all__ = ["check_flag", "shown"]


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
    if type(x) is not bool and isinstance(x, (int, np.integer)):
        n = int(x)
        return repr(n) if abs(n) < 10 ** (width - 1) else integer_size(n)
    text = repr(x)
    return text if len(text) <= width else text[: width - 1] + "…"
