"""Feedback for the notebooks' "your turn" cells.

A notebook's exercise cell holds a stub that raises ``NotImplementedError``; the cell after
it calls a check from ``exercises.nbNN`` (one module per notebook). A check says *what* is
wrong — which entry, the expected value and the one it got — instead of a bare
``AssertionError``:

- not written yet (the stub still raises ``NotImplementedError``): prints a reminder and
  returns ``False``, so the notebook still runs top to bottom for a student;
- wrong: raises :class:`Mistake` (an ``AssertionError``) whose message names the entry;
- right: prints ``✓ <title>`` and returns ``True``.

The solutions live in ``notebooks/solutions/`` as cells tagged ``solution:<id>`` that
replace the cells tagged ``exercise:<id>``; the test suite runs every notebook with them
filled in, and feeds each check a wrong answer to prove it is caught.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from autograd_mini import Value

__all__ = ["PASSED", "Mistake", "check", "expect_close", "expect_close_all"]

PASSED = "✓"


class Mistake(AssertionError):
    """A wrong answer: the message says which entry, what was expected and what came back."""


def expect_close(
    what: str, got: Any, expected: float, *, rel: float = 1e-9, abs_tol: float = 1e-12
) -> None:
    """Raise :class:`Mistake` unless ``got`` is a number within tolerance of ``expected``."""
    value = got.data if isinstance(got, Value) else got  # a Value is compared by its number
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise Mistake(f"{what}: expected a number, got {got!r}") from None
    if not math.isclose(float(value), expected, rel_tol=rel, abs_tol=abs_tol):
        raise Mistake(f"{what}: expected {expected:.10g}, got {float(value):.10g}")


def expect_close_all(
    what: str, got: Any, expected: Any, *, rel: float = 1e-9, abs_tol: float = 1e-12
) -> None:
    """Compare nested sequences entry by entry; the message names the first wrong index."""

    def walk(g: Any, e: Any, index: tuple[int, ...]) -> None:
        # a list, a tuple or an array with at least one axis (a numpy scalar has shape ())
        if (isinstance(e, Sequence) and not isinstance(e, str)) or getattr(e, "ndim", 0) > 0:
            e_list = list(e)
            try:
                g_list = list(g)
            except TypeError:
                raise Mistake(f"{what}{_at(index)}: expected a sequence, got {g!r}") from None
            if len(g_list) != len(e_list):
                raise Mistake(
                    f"{what}{_at(index)}: expected {len(e_list)} entries, got {len(g_list)}"
                )
            for k, (gk, ek) in enumerate(zip(g_list, e_list, strict=True)):
                walk(gk, ek, (*index, k))
        else:
            expect_close(f"{what}{_at(index)}", g, float(e), rel=rel, abs_tol=abs_tol)

    walk(got, expected, ())


def _at(index: tuple[int, ...]) -> str:
    return f"[{', '.join(map(str, index))}]" if index else ""


def check(title: str, attempt: Callable[[], None]) -> bool:
    """Run one exercise's checks and print the verdict a student reads."""
    try:
        attempt()
    except NotImplementedError:
        print(f"… {title}: not written yet — fill in the cell above and run it again.")
        return False
    print(f"{PASSED} {title}")
    return True
