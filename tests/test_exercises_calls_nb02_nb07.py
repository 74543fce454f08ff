"""The student's function called once a case, a hint given only for its own slip, and
a slip that gives 0 where a placeholder does named where it shows (notebooks 02 and 07).

nb02's output-layer check looked at another case's answer for two slips at once by
calling the student's function there again (a print or a counter saw that case twice);
its chain check told any IndexError in the student's code "an index past the end of a
list: ws and bs have L entries", a list of the student's own or numpy's too; nb07 told
x·ẇ left out of ż, 0 at the first point (ḃ = 0) as a placeholder 0 is, with a bare
"expected …, got 0". The right numbers are the formulas' (3Blue1Brown's chain), apart
from the checks, whose oracle is the engine.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import editions
import numpy as np
import pytest
from exercise_cases import check_of, mistake, sigmoid, sigmoid_prime, student_chain

FIRST_CASE = (0.8, 0.2, 0.6, 1.0)  # nb02's output layer checks this case first


def _counted(calls: Counter[tuple[float, ...]]) -> Any:
    """output_layer_gradients counting its calls by case in ``calls``, printing a line
    each: right at the first case, two slips at the others."""

    def output_layer_gradients(w: float, b: float, a_prev: float, y: float) -> Any:
        calls[(w, b, a_prev, y)] += 1
        print(f"called at w={w}")
        z = w * a_prev + b
        if (w, b, a_prev, y) == FIRST_CASE:
            dz = sigmoid_prime(z) * 2 * (sigmoid(z) - y)
        else:
            dz = sigmoid(z) - y  # ½ of 2(a − y), and ∂a/∂z left out
        return a_prev * dz, dz, w * dz

    return output_layer_gradients


def test_the_output_layer_check_calls_the_function_once_a_case(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Right at the first case, two slips at the second (∂C₀/∂a = a − y, no σ′): the
    check asked whether the pair gives the answer at the first case too by calling the
    function there a second time. Each case is called once, and its print shown once."""
    for lang in editions.LANGS:
        calls: Counter[tuple[float, ...]] = Counter()
        capsys.readouterr()
        said = mistake(lang, "nb02.check_output_layer", _counted(calls))
        printed = capsys.readouterr().out
        assert "(w=-1.3" in said, said
        assert calls == Counter({FIRST_CASE: 1, (-1.3, 0.5, 0.9, 0.0): 1}), calls
        assert printed.count("called at w=0.8") == 1, printed
        assert printed.count("called at w=-1.3") == 1, printed


HINT = {
    "en": "an index past the end of a list: ws and bs have L = 4 entries",
    "zh": "下标超出了列表的末尾：ws 和 bs 各有 L = 4 项",
}


@pytest.mark.parametrize("where", ["ws", "bs"])
def test_one_past_the_end_of_ws_or_bs_is_told_what_the_lists_hold(where: str) -> None:
    for lang in editions.LANGS:
        said = mistake(lang, "nb02.check_chain_gradients", student_chain(where))
        assert HINT[lang] in said, said


@pytest.mark.parametrize("where", ["own", "numpy"])
def test_an_index_error_elsewhere_is_told_plainly(where: str) -> None:
    """a[k + 2] of the student's own list, or numpy's copy of ws read past its end, was
    told "ws and bs have L = 4 entries … ws[l − 1]", a slip not made; it is the error and
    the call, as any other error in the student's code."""
    for lang in editions.LANGS:
        said = mistake(lang, "nb02.check_chain_gradients", student_chain(where))
        assert "IndexError" in said and HINT[lang] not in said, said
        assert "ws[l − 1]" not in said, said
        assert said.startswith("chain_gradients([0.9, -1.2, 1.5, 0.8]"), said
        (editions.assert_english if lang == "en" else editions.assert_chinese)(
            said.split("IndexError")[0]
        )


def _tangent(z_dot: Any) -> Any:
    """neuron_tangent by the chain rule, with ż from ``z_dot(x, ẇ, ḃ)``."""

    def neuron_tangent(w: float, b: float, x: float, y: float, wd: float, bd: float) -> Any:
        z = w * x + b
        a = sigmoid(z)
        return 2 * (a - y) * a * (1 - a) * z_dot(x, wd, bd)

    return neuron_tangent


def test_x_w_dot_left_out_is_named_where_it_shows() -> None:
    """ż = ḃ gives 0 at the first point (ẇ = 1, ḃ = 0), as a placeholder 0 does: it was
    a bare "expected -0.1781998981, got 0". It is right at the second point (ẇ = 0) and
    named at the third (ẇ = 0.5, ḃ = −2, ż = x·ẇ + ḃ = −1), where it gives
    2(a − 0)·σ′(z)·(−2), a = σ(−2), by hand."""
    a = sigmoid(-1.2 * 2.0 + 0.4)
    right = 2 * a * a * (1 - a) * (2.0 * 0.5 - 2.0)
    slip = 2 * a * a * (1 - a) * -2.0
    named = {"en": "x·ẇ is left out of ż", "zh": "ż 里漏了 x·ẇ"}
    for lang in editions.LANGS:
        said = mistake(lang, "nb07.check_neuron_tangent", _tangent(lambda x, wd, bd: bd))
        assert said.startswith("neuron_tangent(w=-1.2, b=0.4, x=2.0, y=0.0, ẇ=0.5, ḃ=-2.0)")
        assert named[lang] in said, said
        assert f"{right:.10g}" in said and f"{slip:.10g}" in said, said
        for other in ("ḃ", "σ′(z)"):  # no other slip of ż or of σ′ named
            assert f"漏了 {other}" not in said and f"{other} is left out" not in said, said


@pytest.mark.parametrize(
    "z_dot",
    [lambda x, wd, bd: 0.0, lambda x, wd, bd: x * wd * bd, lambda x, wd, bd: bd * (wd == 0)],
    ids=["placeholder", "x·ẇ·ḃ", "ḃ where ẇ = 0 only"],
)
def test_an_answer_of_0_at_the_first_point_not_that_slip_s_is_told_there_bare(
    z_dot: Any,
) -> None:
    """A 0 at the first point that later points do not show to be x·ẇ left out is told
    at the first point, "expected …, got 0", naming no slip."""
    a = sigmoid(0.8 * 1.5 - 0.3)
    right = f"{2 * (a - 1.0) * a * (1 - a) * 1.5:.10g}"
    for lang in editions.LANGS:
        said = mistake(lang, "nb07.check_neuron_tangent", _tangent(z_dot))
        assert said.startswith("neuron_tangent(w=0.8, b=-0.3, x=1.5, y=1.0, ẇ=1.0, ḃ=0.0)")
        tail = (f"expected {right}, got ", f"应为 {right}，实际得到 ")[lang == "zh"]
        assert tail in said and said.rstrip("-0").endswith(tail), said


def _chain_over_numpy_indices(ws: Any, bs: Any, x: float, y: float, act: Any, ap: Any) -> Any:
    """chain_gradients whose backward loop runs over np.arange, reading ws[k + 1]: its
    index is a numpy integer, not Python's int, and the slip is the same."""
    a, z = [x], []
    for w, b in zip(ws, bs, strict=True):
        z.append(w * a[-1] + b)
        a.append(act(z[-1]))
    d, grads = 2 * (a[-1] - y), [0.0] * len(ws)
    for k in np.arange(len(ws))[::-1]:
        dz = ap(z[k]) * d
        grads[k] = a[k] * dz
        d = ws[k + 1] * dz
    return grads


def test_one_past_the_end_of_ws_with_a_numpy_index_is_told_what_the_lists_hold() -> None:
    """ws[k + 1] with k from np.arange was told the hint before ws was watched, and then
    was the plain error: the watch took only Python's int for an index."""
    for lang in editions.LANGS:
        said = mistake(lang, "nb02.check_chain_gradients", _chain_over_numpy_indices)
        assert HINT[lang] in said, said


def test_w_and_g_show_as_arrays_to_the_student(capsys: pytest.CaptureFixture[str]) -> None:
    """W and g, watched for their IndexErrors, printed as f"{W=}" read "W=_Watched([[…"
    (a class of the checks' own); they read as the arrays they are."""

    def e_of(b: Any, W: Any, g: Any) -> Any:
        print(f"{W=}")
        print(repr(W[0]), repr(g))
        return b * (1 - b) * (W @ g)

    for lang in editions.LANGS:
        capsys.readouterr()
        assert editions.verdict(check_of(lang, "nb03.check_e_h")(e_of))
        printed = capsys.readouterr().out
        assert "_Watched" not in printed, printed
        assert printed.startswith("W=array([["), printed
        row_and_g = [line for line in printed.splitlines() if line.startswith("array([")]
        assert row_and_g and all(line.count("array([") == 2 for line in row_and_g), printed
