"""np.clip's chosen bound in the pictures: one op "clip → c", not step, × 0 and +.

Where np.clip gives a plain-number bound rather than the Value, the engine built
y = step(x)·0 + c (autograd_mini/ufuncs.py): drawn node for node, a student met a step
function, a product with 0 and a sum that np.clip never wrote. It is now one op of the
table, ``clip`` (y = c, ∂y/∂x = 0), drawn as any op is. The oracles are what np.clip is:
numpy's own number, derivative 0 to x outside the bounds (PyTorch's clamp), and the
closed-form derivatives of the function the graph computes; the words are read from
the SVG's texts.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any, cast

import numpy as np
import pytest

from autograd_mini import Value, draw_graph, draw_step, gradients
from autograd_mini.words import picture_language


def texts(svg: str) -> list[str]:
    """Every text element's content (no-break spaces read as spaces)."""
    tree = ET.fromstring(svg.encode("utf-8"))
    svg_text = "{http://www.w3.org/2000/svg}text"
    return [(t.text or "").replace("\xa0", " ").strip() for t in tree.iter(svg_text)]


def clip(x: Value, low: float, high: float) -> Value:
    """``np.clip(x, low, high)`` of a Value, a Value (numpy's stubs know arrays only)."""
    y = np.clip(cast(Any, x), low, high)
    assert isinstance(y, Value)
    return y


def clipped_high() -> Value:
    x = Value(2.0, label="x")
    y = clip(x, 0, 1)
    y.label = "y"
    y.backward()
    return y


#: what the chain step(x)·0 + c drew: its op nodes and the sum's unlabelled name
CHAIN = {"step", "× 0", "+ 1", "+ 0", "add", "mul", "阶跃函数", "加法", "乘法"}


def test_the_clipped_value_is_numpy_s_number_with_derivative_zero() -> None:
    y = clipped_high()
    (x,) = y.parents
    assert y.data == float(np.clip(2.0, 0, 1)) == 1.0
    assert x.grad == 0.0  # clamp's derivative outside [0, 1]
    assert y.op == "clip" and x.label == "x"  # one node, right on x: no step, no × 0


def test_a_second_derivative_goes_through_the_clip() -> None:
    """f(x) = clip(x, 0, 1)·x³ at x = 2 is x³ there: f′ = 3x² = 12, f″ = 6x = 12 (the
    clip's own derivative 0, a constant in the derivative graph)."""
    x = Value(2.0, label="x")
    f = clip(x, 0, 1) * x**3
    (slope,) = gradients(f, [x], create_graph=True)
    assert isinstance(slope, Value) and slope.data == 12.0
    (curve,) = gradients(slope, [x])
    assert curve == 12.0


def test_forward_view_draws_one_clip_op_with_derivative_zero() -> None:
    shown = texts(draw_graph(clipped_high()).svg())
    assert "clip → 1" in shown  # np.clip's bound, written into its op as a constant is
    assert not CHAIN & set(shown)
    assert shown.count("data 1.000") == 1  # y alone: step(x)'s box (data 1) is gone
    assert "0" in shown  # the edge x → clip: ∂y/∂x = 0 outside [0, 1]


def test_chinese_pictures_name_the_clip_in_chinese() -> None:
    loss = clip(Value(2.0), 0, 1) * 3.0  # the clipped value unlabelled: named by its op
    loss.label = "L"
    with picture_language("zh"):
        forward = texts(draw_graph(clipped_high()).svg())
        backward = texts(draw_graph(loss, view="backward").svg())
    assert "clip → 1" in forward and not CHAIN & set(forward)
    assert "裁剪" in backward and not CHAIN & set(backward)


def test_backward_view_names_the_clip_not_an_add() -> None:
    x = Value(-3.0, label="x")
    loss = clip(x, 0, 1) * x  # the clipped result unlabelled, x used twice
    loss.label = "L"
    loss.backward()
    assert x.grad == 0.0  # ∂(clip·x)/∂x = 0·x + clip·1 = clip = 0 at x = −3
    shown = texts(draw_graph(loss, view="backward").svg())
    assert "clip" in shown and not CHAIN & set(shown)
    assert "× 0 = 0" in shown  # x's gradient through the clip: local 0 × upstream
    forward = texts(draw_graph(loss).svg())
    assert "clip → 0" in forward and not CHAIN & set(forward)


@pytest.mark.parametrize("collapse", ["expr", "inputs"])
def test_folds_draw_the_clip_the_same(collapse: str) -> None:
    shown = texts(draw_graph(clipped_high(), collapse=collapse).svg())
    assert "clip → 1" in shown and not CHAIN & set(shown)


def test_a_step_picture_walks_one_edge_from_the_clip() -> None:
    """The backward pass of y = clip(x) is one step, y → x, local 0: it went through
    three (y → product, product → step, step → x)."""
    y = clipped_high()
    captions = [t for t in texts(draw_step(y, 0).svg()) if t.startswith("step ")]
    assert captions == ["step 1: y → x: local 0 × upstream 1.000 = 0; grad of x is now 0"]
    assert not CHAIN & set(texts(draw_step(y, 0).svg()))


@pytest.mark.parametrize(
    ("call", "drawn"),
    [
        (lambda x: np.maximum(5.0, x), "clip → 5"),
        (lambda x: np.minimum(x, -1), "clip → -1"),
        (lambda x: np.fmax(x, 3.0), "clip → 3"),
        (lambda x: np.clip(0.5, x, None), "clip → 0.5"),
    ],
    ids=["np.maximum(5.0, x)", "np.minimum(x, -1)", "np.fmax(x, 3.0)", "np.clip(0.5, x, None)"],
)
def test_numpy_s_pick_of_a_number_draws_as_the_clip(call: Any, drawn: str) -> None:
    """np.maximum(5.0, x) at x = 0.2 was the plain float 5.0: nothing to draw. It is the
    ``clip`` op of 5 on x: its picture names the clip, and the backward one draws x's
    gradient through it, local 0 × upstream."""
    x = Value(0.2, label="x")
    y = call(x)
    assert isinstance(y, Value)
    y.label = "y"
    y.backward()
    assert x.grad == 0.0
    forward = texts(draw_graph(y).svg())
    assert drawn in forward and "x" in forward and not CHAIN & set(forward)
    backward = texts(draw_graph(y, view="backward").svg())
    assert "× 0 = 0" in backward and "x" in backward  # x's gradient through the clip
