"""An answer past the largest float is told as the student's, by every check of a number.

An answer of 10**400 (an int) or a Fraction past 1.8e308 has no float: ``float()`` of it,
or ``math.isclose`` on it, raises OverflowError. Comparisons made outside expect_close
(nb01's central-difference and σ(−a) probes, nb06's step and slip probes, nb02's and
nb04's readings, the opposite-sign probe) took it and stopped the check with the
checker's own "stopped with OverflowError (… did a function forget to return …?)", the
checker's fault told as the student's. Every check now tells it as expect_close does:
"got ≈ 1.000e+400, past the largest float (1.798e+308)", and a negative one "got
≈ -3.333e+399, below the most negative float (-1.798e+308)". Oracle: the size by hand,
10**400 = 1.000e+400 and 10**400/3 = 3.333e+399, against sys.float_info.max.
"""

# ruff: noqa: RUF001 (the Chinese messages it reads have full-width punctuation)

from __future__ import annotations

import sys
from fractions import Fraction
from typing import Any

import editions
import pytest
from exercise_cases import mistake

LARGEST = f"{sys.float_info.max:.4g}"  # 1.798e+308


def _answers(huge: Any) -> list[tuple[str, Any]]:
    """Each check of a number, with a student's function whose numbers are ``huge``."""
    return [
        ("nb01.check_central_difference", lambda f, x, h: huge),
        ("nb01.check_local_derivative", lambda a, y: huge),
        ("nb02.check_output_layer", lambda w, b, a_prev, y: [huge, huge, huge]),
        ("nb02.check_chain_gradients", lambda ws, bs, x, y, act, prime: [huge] * 4),
        ("nb03.check_g_j", lambda y_hat, y: [huge, huge]),
        ("nb03.check_e_h", lambda b, W, g: [huge] * 4),
        ("nb04.check_count_parameters", lambda sizes: huge),
        ("nb05.check_reverse_neuron", lambda z0, ws, upstream: huge),
        ("nb05.check_my_backward", lambda out: {out: huge}),
        ("nb06.check_second_difference", lambda f, x, h: huge),
        ("nb06.check_softplus_derivative", lambda x, s: huge),
        ("nb06.check_newton", lambda f, x0, steps: [x0] + [huge] * steps),
        ("nb07.check_neuron_tangent", lambda w, b, x, y, w_dot, b_dot: huge),
    ]


# A negative number is below the most negative float, -1.798e+308: "past the largest
# float" spoke of its size alone, as if its sign were lost.
PAST = {
    "en": f"past the largest float ({LARGEST})",
    "zh": f"超出了浮点数能表示的最大值（{LARGEST}）",
}
BELOW = {
    "en": f"below the most negative float (-{LARGEST})",
    "zh": f"比浮点数能表示的最小负数（-{LARGEST}）还要小",
}

CASES = [
    pytest.param(check, answer, shown, said, id=f"{check}-{name}")
    for huge, shown, said, name in [
        (10**400, "≈ 1.000e+400", PAST, "10**400"),
        (Fraction(-(10**400), 3), "≈ -3.333e+399", BELOW, "-10**400/3"),
    ]
    for check, answer in _answers(huge)
]


@pytest.mark.parametrize(("check", "answer", "shown", "said"), CASES)
def test_an_answer_past_a_float_is_told_by_every_check(
    check: str, answer: Any, shown: str, said: dict[str, str]
) -> None:
    for lang, told in [
        ("en", f", got {shown}, {said['en']}"),
        ("zh", f"，实际得到 {shown}，{said['zh']}"),
    ]:
        text = mistake(lang, check, answer)
        assert "OverflowError" not in text, text
        assert told in text, text
        # told where the check reaches it, not as the check stopping
        assert "stopped with" not in text and "运行中出错" not in text, text
        if lang == "en":
            editions.assert_english(text)
        else:
            editions.assert_chinese(text)


def test_an_int_past_numpys_int64_is_told_as_the_number_it_is() -> None:
    """2**70 is a float (1.180591621e+21) but no int64: nb06's softplus check asked numpy
    np.isfinite of it and stopped with 'stopped with TypeError (the error above …)', the
    checker's fault told as the student's. It is told as a wrong derivative, its size
    written as Python writes float(2**70), against σ(−3) = 1/(1 + e³) by hand."""
    sigma = f"{1 / (1 + 2.718281828459045**3):.10g}"  # 0.04742587318
    for lang, said in [
        (
            "en",
            f"your derivative gives 1.180591621e+21, where the derivative of ln(1 + eˣ) is {sigma}",
        ),
        ("zh", f"你的局部导数给出 1.180591621e+21，而 ln(1 + eˣ) 的导数是 {sigma}"),
    ]:
        text = mistake(lang, "nb06.check_softplus_derivative", lambda x, s: 2**70)
        assert "TypeError" not in text, text
        assert said in text, text
