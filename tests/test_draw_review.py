"""What a teacher making slides found wrong with the pictures, each checked against a
hand computation (or the engine's own backward where the picture, not the gradient, is
under test)."""

from __future__ import annotations

import html
import json
import math
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from readme_neuron import readme_neuron

import nn
from autograd_mini import (
    StaleGraph,
    Value,
    backward_steps,
    dot,
    draw_graph,
    draw_step,
    picture_language,
    step_player,
    vsum,
    write_frames,
)
from autograd_mini.value import NonFiniteGradient


def test_the_forward_picture_of_a_graph_changed_after_its_forward_pass_is_refused() -> None:
    """a = 2, b = −3, L = a·b; after a step a = 2.3 the forward view drew "a 2.300"
    into "L −6.000" (2.3 × −3 is −6.9) and the edge from b read ∂L/∂b = 2.000 (a's
    old number), without a word. The backward view refuses: so does the forward one."""
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    L = a * b
    L.backward()
    assert a.grad == -3.0  # ∂(a·b)/∂a = b
    a.data -= 0.1 * a.grad  # 2 + 0.3
    for view in ("forward", "backward"):
        with pytest.raises(StaleGraph, match=r"^draw_graph: node 'a' \(leaf\) .*again") as info:
            draw_graph(L, view=view)
        assert info.value.node is a
    again = a * b  # the forward pass computed again: drawn, with the new numbers
    source = draw_graph(again, show_grad=False).source
    assert "2.300" in source and "-6.900" in source  # 2.3 × −3 by hand


def _texts(svg: str) -> list[str]:
    return [
        html.unescape(re.sub("<[^>]+>", "", t))
        for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)
    ]


def _dead_relus() -> tuple[Value, list[Value]]:
    """2-3-1 ReLU network (seed 1) on (1, −2), loss (out − 0.5)²: every hidden neuron is
    off, so no gradient passes below them: 3 × (2 weights + bias) + x1, x2 get 0."""
    model = nn.MLP(2, [3, 1], seed=1)
    x = [Value(1.0, label="x1"), Value(-2.0, label="x2")]
    out = model(x)
    hidden = [n.w[0] * 1.0 + n.w[1] * -2.0 + n.b for n in model.layers[0].neurons]
    assert all(z.data < 0 for z in hidden)  # each neuron's z by hand: off
    return (out - 0.5) ** 2, [*model.layers[0].parameters(), *x]


def test_the_last_step_shows_the_zero_gradients_no_step_reached() -> None:
    loss, dead = _dead_relus()
    steps = list(backward_steps(loss))
    last = _texts(draw_step(loss, len(steps) - 1).svg())
    assert not [t for t in last if "?" in t]  # 23 "grad ?" / "= ?" were left
    assert "11 values no step reached have gradient 0" in last[1]
    loss.backward()  # the engine's gradients, which the picture must show
    assert {p.grad for p in dead} == {0.0}
    # the option backward_steps has: every step, the zero ones adding 0
    every = list(backward_steps(loss, skip_zero=False))
    assert len(every) == len(steps) + 3 * 5  # each dead z's five edges, by hand
    full = _texts(draw_step(loss, len(every) - 1, skip_zero=False).svg())
    assert not [t for t in full if "?" in t] and "no step reached" not in " ".join(full)
    player = step_player(loss, skip_zero=False)
    assert len(player) == len(every) + 1
    captions = json.loads(
        re.search(r'class="agm-captions">(.*?)</script>', step_player(loss).html(), re.S)[1]
    )
    assert captions[-1].endswith(
        "11 values no step reached have gradient 0: a zero gradient passes nothing on "
        "(skip_zero=False steps through them)"
    )


def test_write_frames_takes_skip_zero(tmp_path: Path) -> None:
    loss, _ = _dead_relus()
    n = len(list(backward_steps(loss, skip_zero=False)))
    paths = write_frames(loss, tmp_path, skip_zero=False)
    assert len(paths) == n + 1
    assert not [t for t in _texts(paths[-1].read_text()) if "?" in t]
    with pytest.raises(TypeError, match=r"^write_frames: skip_zero must be True or False"):
        write_frames(loss, tmp_path, skip_zero="no")


@pytest.mark.parametrize(
    ("bad", "error", "says"),
    [
        (math.nan, ValueError, "gradient must be a finite number, got nan"),
        (math.inf, ValueError, "gradient must be a finite number, got inf"),
        (-math.inf, ValueError, "gradient must be a finite number, got -inf"),
        ("x", TypeError, "gradient must be one real number"),
        (True, TypeError, "gradient must be one real number"),
    ],
)
def test_draw_graph_checks_the_seed_as_backward_does(bad: Any, error: type, says: str) -> None:
    """nan reached finite.py ("cannot convert float NaN to integer"), inf an
    OverflowError, 'x' a float conversion error; True was drawn as a seed of 1."""
    x = Value(2.0, label="x")
    y = x * 3.0
    for view in ("backward", "forward"):
        with pytest.raises(error, match=rf"^draw_graph: .*{re.escape(says)}"):
            draw_graph(y, view=view, gradient=bad)
    with pytest.raises(error, match=rf"^backward: .*{re.escape(says)}"):
        y.backward(bad)
    # a good seed: ∂(3x)/∂x · 2 = 6, drawn
    assert "grad 6.000" in draw_graph(y, view="backward", gradient=2.0).source


def test_the_backward_view_without_gradients_is_refused_as_the_command_refuses_it() -> None:
    """draw_graph(o, view="backward", show_grad=False) drew every gradient anyway; the
    command line refused --view backward --no-grad. One rule, each in its own words."""
    x = Value(2.0, label="x")
    y = x * 3.0
    with pytest.raises(ValueError, match=r"^draw_graph: show_grad=False hides the gradients, "):
        draw_graph(y, view="backward", show_grad=False)
    with pytest.raises(ValueError, match=r"^draw_step: show_grad=False hides the gradients"):
        draw_step(y, 0, show_grad=False)  # the steps' default view is the backward one
    with pytest.raises(ValueError, match=r"^draw_graph: color_grads=True shades the gradients"):
        draw_graph(y, show_grad=False, color_grads=True)
    # the forward view without gradients is drawn: data 2 and 6, no "grad"
    shown = _texts(draw_graph(y, show_grad=False).svg())
    assert "data 6.000" in shown and not [t for t in shown if "grad" in t]
    done = subprocess.run(
        [sys.executable, "-m", "autograd_mini", "graph", "x*3", "--set", "x=2",
         "--view", "backward", "--no-grad", "-o", "-"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert "--no-grad hides the gradients, which are what --view backward draws" in done.stderr


def _view_box(svg: str) -> tuple[float, float]:
    box = re.search(r'viewBox="([^"]+)"', svg)
    assert box is not None
    _, _, w, h = (float(v) for v in box[1].split())
    return w, h


def test_write_frames_sizes_its_frames_for_the_column_asked_for(tmp_path: Path) -> None:
    """column=N was not passed on: every frame was sized for 1,000 px. Left to right the
    README neuron is about 1,570 px at Graphviz's own size (1 pt = 4/3 px): a 2,000 px
    column shows it so, where a 1,000 px one shrinks it to its smallest readable text."""
    o = readme_neuron()
    wide = write_frames(o, tmp_path / "wide", column=2000, rankdir="LR")
    narrow = write_frames(o, tmp_path / "narrow", rankdir="LR")
    for path in wide:
        svg = path.read_text()
        w = _view_box(svg)[0]
        assert 1000 < w * 4 / 3 <= 2000  # it fits 2,000 px at its own size
        width = re.search(r'<svg[^>]*\swidth="([0-9.]+)px"', svg)
        assert width is not None and float(width[1]) == math.ceil(w * 4 / 3)
    for path in narrow:
        width = re.search(r'<svg[^>]*\swidth="([0-9.]+)px"', path.read_text())
        assert width is not None and float(width[1]) < _view_box(path.read_text())[0] * 4 / 3


def test_a_chinese_step_names_its_ops_as_the_chinese_pictures_do() -> None:
    """str(step) said "o → add=0.881374 … add=0.881374 的梯度" where the pictures say 加法."""
    o = readme_neuron()
    with picture_language("zh"):
        first = str(next(iter(backward_steps(o))))
    # tanh's input is b + (x1·w1 + x2·w2) = 6.8814 − 6 = 0.881374 to six digits, by hand
    colon = "\uff1a"  # the full-width colon of a Chinese caption
    assert first.startswith(f"第 1 步{colon}o → 加法=0.881374{colon}")
    assert "加法=0.881374 的梯度" in first and "add" not in first
    assert str(next(iter(backward_steps(o)))).startswith("step 1: o → add=0.881374: ")


def test_a_pass_that_overflows_is_refused_naming_the_function_called(
    tmp_path: Path,
) -> None:
    """x·1e308 + x·1e308 at x = 1e-300: ∂/∂x = 2e308, no float (the steps add a sum
    that passes ±1.8e308 only on the way as backward does, and give 1e308 for
    x·(−1e308) + x·1e308 + x·1e308). The refusal said "backward_steps:" from draw_step,
    step_player and write_frames."""
    x = Value(1e-300, label="x")
    y = vsum([x * 1e308, x * 1e308])
    calls: dict[str, Callable[[], object]] = {
        "backward_steps": lambda: list(backward_steps(y)),
        "draw_step": lambda: draw_step(y, 0),
        "step_player": lambda: step_player(y),
        "write_frames": lambda: write_frames(y, tmp_path),
    }
    for name, call in calls.items():
        with pytest.raises(NonFiniteGradient, match=rf"^{name}: the gradient of node 'x'"):
            call()


def _title_geometry(svg: str) -> tuple[float, float, float]:
    """(the title's x at its centre, the picture's width, px per SVG unit) of a fitted
    picture: the graph's label is the first text, anchored at its middle, in the
    coordinates of the graph's translate."""
    width = re.search(r'<svg[^>]*\swidth="([0-9.]+)px"', svg)
    shift = re.search(r'class="graph"[^>]*translate\(([0-9.]+)', svg)
    text = re.search(r'<text[^>]*text-anchor="middle"[^>]*\sx="([0-9.]+)"', svg)
    assert width is not None and shift is not None and text is not None
    units = _view_box(svg)[0]
    return float(text[1]) + float(shift[1]), units, float(width[1]) / units


def test_a_wide_layer_picture_starts_its_title_at_the_left_edge() -> None:
    """784-16-16-10 by layers is wider than the 1,000 px column and scrolls from its left
    edge; its title was centred (left alignment began above 150 nodes), so it began
    some 665 px in and ran out of the column. Left-aligned, the title's middle sits half
    its width in: the whole title lies within the first 1,000 px."""
    model = nn.MLP(784, [16, 16, 10], activation="sigmoid", output_activation="sigmoid", seed=0)
    outs = model([0.01 * i % 1.0 for i in range(784)])
    cost = vsum([(o - (1.0 if i == 3 else 0.0)) ** 2 for i, o in enumerate(outs)])
    cost.backward()
    svg = draw_graph(cost, collapse="layer", title="784-16-16-10, one image").svg()
    middle, units, scale = _title_geometry(svg)
    assert units * scale > 1000  # wider than the column: it scrolls
    assert 2 * middle * scale <= 1000  # the whole title within the column, from the left
    # a picture that fits keeps its title centred
    small = draw_graph(readme_neuron(), title="one neuron").svg()
    middle, units, scale = _title_geometry(small)
    assert units * scale <= 1000 and abs(middle - units / 2) < 2


def test_collapse_layer_chooses_its_direction_as_the_other_pictures_do() -> None:
    """rankdir='auto' was skipped for collapse='layer': 2-3-1 by layers was drawn left to
    right, 1,177 px wide, where top to bottom fits the column."""
    model = nn.MLP(2, [3, 1], seed=0)
    out = model([Value(1.0, label="x1"), Value(-2.0, label="x2")])
    loss = (out - 0.5) ** 2
    loss.backward()
    graph = draw_graph(loss, collapse="layer")
    width = re.search(r'<svg[^>]*\swidth="([0-9.]+)px"', graph.svg())
    assert width is not None and float(width[1]) <= 1000
    assert graph.scene.rankdir == "TB"
    assert draw_graph(loss, collapse="layer", rankdir="LR").scene.rankdir == "LR"


#: Helvetica's advance widths (its AFM, per 1,000 units of font size): the face Graphviz
#: lays the pictures out with, and Chromium draws them in (Liberation Sans, Arial: the
#: same widths). Anything not listed is taken as 0.6 em.
HELVETICA = {
    **dict.fromkeys("0123456789abdeghnopqu$#_", 556),
    **dict.fromkeys("ckszvxy", 500),
    **dict.fromkeys("ijl", 222),
    **dict.fromkeys(" .,:;![]ft/", 278),
    **dict.fromkeys("-r()", 333),
    "m": 833,
    "w": 722,
    "+": 584,
    "−": 584,
    "=": 584,
    "·": 278,
}


def _text_boxes(svg: str) -> list[tuple[str, float, float, float, float]]:
    """(text, left, right, top, bottom) of every text in Graphviz's SVG, in its own
    units: x at the anchor, y the baseline, the width from Helvetica's metrics."""
    boxes = []
    pattern = r"<text([^>]*)>(.*?)</text>"
    for attrs, inner in re.findall(pattern, svg, re.S):
        text = html.unescape(re.sub("<[^>]+>", "", inner))
        if not text.strip():
            continue
        x, y, size = (
            float(m[1]) if (m := re.search(rf'\s{name}="([-0-9.]+)"', attrs)) else math.nan
            for name in ("x", "y", "font-size")
        )
        width = sum(HELVETICA.get(c, 600) for c in text) * size / 1000
        anchor = re.search(r'text-anchor="(\w+)"', attrs)
        left = {"start": x, "middle": x - width / 2, "end": x - width}[
            anchor[1] if anchor else "start"
        ]
        boxes.append((text, left, left + width, y - 0.75 * size, y + 0.2 * size))
    return boxes


def _overlaps(svg: str) -> list[tuple[str, str]]:
    boxes = _text_boxes(svg)
    found = []
    for i, (a, l1, r1, t1, b1) in enumerate(boxes):
        for b, l2, r2, t2, b2 in boxes[i + 1 :]:
            if min(r1, r2) - max(l1, l2) > 1 and min(b1, b2) - max(t1, t2) > 1:
                found.append((a, b))
    return found


def test_collapse_neuron_on_a_2_16_16_1_network_draws_no_text_over_other_text() -> None:
    """The fold the unfolded picture's note suggests: the 16 labels of the edges into
    each Σw·x node of layer 2 were drawn over each other (87 pairs of texts). Those
    edges now carry their number as hover text, the note saying so; ∂z/∂aₖ = wₖ."""
    model = nn.MLP(2, [16, 16, 1], seed=0)
    out = model([Value(0.3, label="x1"), Value(-0.7, label="x2")])
    loss = (1 - out).relu()
    loss.backward()
    svg = draw_graph(loss, collapse="neuron").svg()
    assert len(_text_boxes(svg)) > 500
    assert _overlaps(svg) == []
    shown = _texts(svg)
    assert shown[0] == (
        "edges into a node that more than 8 values feed carry no number (they would be drawn "
        "over each other): hover over an edge to read it"
    )
    hover = {html.unescape(t) for t in re.findall(r'xlink:title="([^"]*)"', svg)}
    for neuron in model.layers[1].neurons:  # ∂z/∂aₖ = wₖ, as the picture writes numbers
        assert {f"{w.data:.3e}" for w in neuron.w} <= hover


def test_captions_tell_apart_two_values_the_picture_names_alike() -> None:
    """The README neuron's steps 4 and 5 both read "add → mul", into two different
    products; a name the graph gives two values is followed by the value's data:
    x1·w1 = 2 × −3 = −6, x2·w2 = 0 × 1 = 0, their sum −6, and b + (−6) = 0.8814."""
    o = readme_neuron()
    captions = [_texts(draw_step(o, i).svg())[0] for i in range(5)]
    assert captions[0].startswith("step 1: o → add=0.8814: ")
    assert captions[1].startswith("step 2: add=0.8814 → add=-6.000: ")
    assert captions[2].startswith("step 3: add=0.8814 → b: ")  # b is one value: no data
    assert captions[3].startswith("step 4: add=-6.000 → mul=-6.000: ")
    assert captions[4].startswith("step 5: add=-6.000 → mul=0: ")
    x = Value(3.0, label="x")
    (only,) = backward_steps(x * 2.0)
    assert _texts(draw_step(x * 2.0, 0).svg())[0].startswith("step 1: mul → x: ")  # one mul
    assert str(only).startswith("step 1: mul=6 → x: ")  # str(step) as before


def _box_names(svg: str) -> list[str]:
    """The bold texts of a picture: each box's name."""
    found = re.findall(r'<text[^>]*font-weight="bold"[^>]*>(.*?)</text>', svg, re.S)
    return [html.unescape(t).strip("\u00a0") for t in found]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_backward_view_tells_apart_two_values_it_names_alike(language: str) -> None:
    """draw_graph's backward view drew the README neuron's two products as two boxes
    "mul | grad 0.5000" and its two sums as "add | grad 0.5000" (乘法, 加法), where the
    steps' captions and pictures say "mul=-6.000" and "mul=0": the view's boxes show no
    data, so a student could not tell them apart. By hand: x1·w1 = 2 × −3 = −6,
    x2·w2 = 0 × 1 = 0, their sum −6, and b − 6 = 0.8814; the step frame's boxes are
    named alike. a·b + c·d at 2·3 and 1.5·4: two products of 6, numbered as computed."""
    mul, add = ("mul", "add") if language == "en" else ("乘法", "加法")
    o = readme_neuron()
    b = 6.8813735870195432
    told = {f"{mul}=-6.000", f"{mul}=0", f"{add}=-6.000", f"{add}={b - 6:.4f}"}
    with picture_language(language):
        for column in (736, 1000):  # drawn upright and sideways
            names = _box_names(draw_graph(o, view="backward", column=column).svg())
            assert told <= set(names), names
            assert mul not in names and add not in names
        assert told <= set(_box_names(draw_step(o, 3).svg()))
    a, b2, c, d = (Value(x, label=n) for x, n in ((2.0, "a"), (3.0, "b"), (1.5, "c"), (4.0, "d")))
    names = _box_names(draw_graph(a * b2 + c * d, view="backward").svg())
    assert {"mul#1=6.000", "mul#2=6.000", "add"} <= set(names), names
    plain = draw_graph(Value(3.0, label="x") * 2.0, view="backward").svg()
    assert "mul" in _box_names(plain)  # a name given to one value is left as it is


def test_a_bool_seed_and_a_number_for_skip_zero_are_refused_by_name() -> None:
    """``gradient=True`` was told "expected a real number or a Value, got bool" — a Value
    seed is refused one line before; ``backward_steps(skip_zero=1)`` was taken where
    draw_step refuses it. Both are refused in the words of the function called."""
    x = Value(2.0, label="x")
    y = x * x
    for call, who in (
        (lambda: y.backward(True), "backward"),
        (lambda: draw_graph(y, view="backward", gradient=True), "draw_graph"),
        (lambda: draw_step(y, 0, gradient=True), "draw_step"),
    ):
        with pytest.raises(TypeError, match=rf"^{who}: gradient must be one real number") as e:
            call()
        assert "or a Value" not in str(e.value)
    with pytest.raises(TypeError, match=r"^backward_steps: skip_zero must be True or False"):
        list(backward_steps(y, skip_zero=1))


def test_the_chinese_player_s_last_description_has_no_latin_space_after_its_full_stop() -> None:
    """The last frame's description joined its zero note with " " in both languages:
    "…的梯度现在是 0。 有 6 个值…"."""
    loss, _ = _dead_relus()
    with picture_language("zh"):
        said = step_player(loss).descriptions[-1]
    assert "。" in said and "。 " not in said
    with picture_language("en"):
        said = step_player(loss).descriptions[-1]
    assert re.search(r"\. [A-Z0-9]", said)  # English sentences keep their space


def _luminance(colour: str) -> float:
    """WCAG 2's relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_a_step_frame_draws_one_red_readable_on_every_background_it_sits_on() -> None:
    """A frame whose red edge's label ("× 3.000 = …") stood beside the red of the cell it
    computes: two reds, #d62728 (5.0:1 on white, 4.0:1 on the tint: under AA's 4.5:1) and
    #b71c1c. The contrast is computed here from the colours the SVG uses."""
    x, y, w = Value(0.6, label="x"), Value(-1.2, label="y"), Value(0.9, label="w")
    out = vsum([x * x, dot([w, x], [y, 3.0], 0.5).tanh(), (y * 2).relu()]) - w**2
    frames = [draw_step(out, i).svg() for i in range(len(list(backward_steps(out))))]
    for svg in frames:
        colours = {c.lower() for c in re.findall(r'(?:fill|stroke)="(#[0-9a-fA-F]{6})"', svg)}
        # a red: red well above green and blue (the light tint under a cell is not ink)
        reds = {c for c in colours if int(c[1:3], 16) > 2 * max(int(c[3:5], 16), int(c[5:7], 16))}
        assert len(reds) == 1, f"reds drawn: {sorted(reds)}"
        (red,) = reds
        backgrounds = {"#ffffff"} | {c for c in colours if _luminance(c) > 0.6}
        for ground in backgrounds:
            assert _contrast(red, ground) >= 4.5, (red, ground, _contrast(red, ground))
