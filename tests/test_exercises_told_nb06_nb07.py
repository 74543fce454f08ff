"""What a student's function returned, or how it was called, told in the checker's words.

newton (notebook 06) returning its last iterate alone, as a Value node, was told as the
node's repr, "got Value(data=1.4545454545454546, grad=0.0)"; as one float, "got
1.4545454545454546". Each is now said as the student meets it (one Value node and its
.data, one number) with what is due: the list of every iterate, each a float. Each answer
here is a student's code apart from the checks; the iterate shown is the one Newton step
from 2 on x⁴ − 2x² by hand, 2 − f′(2)/f″(2) = 2 − 24/44.
"""

from __future__ import annotations

from typing import Any

import editions
from exercise_cases import assert_named

from autograd_mini import Value, grad

X1 = 2 - 24 / 44  # x⁴ − 2x² from 2: f′(2) = 4·8 − 4·2 = 24, f″(2) = 12·4 − 4 = 44


def _in_both(said: dict[str, str]) -> None:
    editions.assert_english(said["en"])
    editions.assert_chinese(said["zh"])


def _newton_last(as_value: bool) -> Any:
    """newton that steps as it should and returns the last iterate alone, as a Value node
    (``as_value``) or as a float."""

    def newton(f: Any, x0: float, steps: int) -> Any:
        df, d2f = grad(f), grad(grad(f))
        x = x0
        for _ in range(steps):
            x = x - df(x) / d2f(x)
        return Value(x) if as_value else x

    return newton


def test_newton_returning_one_value_node_is_told_so_not_by_its_repr() -> None:
    said = assert_named(
        "nb06.check_newton",
        _newton_last(as_value=True),
        f"newton(f, 2.0, 1) for f = x⁴ − 2x²: expected a list of 2 numbers, got one Value "
        f"node (.data = {X1:.10g}): return the list [x0, x1] of every iterate, x0 included, "
        "each a float, a Value's .data, not the node",
        f"newton(f, 2.0, 1)（f = x⁴ − 2x²）：应返回由 2 个数组成的列表，得到的却只是一个 "
        f"Value 节点（.data = {X1:.10g}）：要返回由每个迭代值组成的列表 [x0, x1]，包括 x0，"
        "每一项都是浮点数，即 Value 的 .data，而不是节点",
        "start",
    )
    assert all("Value(data=" not in text for text in said.values()), said
    _in_both(said)


def test_newton_returning_one_float_is_told_it_is_one_number() -> None:
    said = assert_named(
        "nb06.check_newton",
        _newton_last(as_value=False),
        f"newton(f, 2.0, 1) for f = x⁴ − 2x²: expected a list of 2 numbers, got one number, "
        f"{X1:.10g}: return the list [x0, x1] of every iterate, x0 included",
        f"newton(f, 2.0, 1)（f = x⁴ − 2x²）：应返回由 2 个数组成的列表，得到的却只是一个数 "
        f"{X1:.10g}：要返回由每个迭代值组成的列表 [x0, x1]，包括 x0",
        "start",
    )
    _in_both(said)
