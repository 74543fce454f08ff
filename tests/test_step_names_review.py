"""How a step's caption, spoken text and boxes name values the picture calls alike
(read-through of the step pictures: a "#k" naming nothing on the page, four weights
spoken as one "w₁", twins numbered against the order they are drawn in)."""

from __future__ import annotations

import html
import math
import re

import pytest

import nn
from autograd_mini import Value, draw_step, picture_language, step_player


def _texts(svg: str) -> list[str]:
    return [
        html.unescape(re.sub("<[^>]+>", "", t))
        for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)
    ]


def _bold(svg: str) -> list[tuple[float, float, str]]:
    """Each box's name (a bold text) with where it stands, x and y of the SVG."""
    found = re.findall(
        r'<text[^>]*x="([-\d.]+)" y="([-\d.]+)"[^>]*font-weight="bold"[^>]*>(.*?)</text>', svg
    )
    return [(float(x), float(y), html.unescape(t).strip("\u00a0")) for x, y, t in found]


def _net(inputs: tuple[float, float]) -> tuple[nn.MLP, Value]:
    model = nn.MLP(2, [3, 1], activation="tanh", seed=1)
    return model, model([Value(inputs[0]), Value(inputs[1])])


def test_a_label_beside_rows_named_by_place_is_not_numbered_after_them() -> None:
    """2-3-1's output · s + b, b a labelled 0: the caption and its box read "b#5=0",
    counted after the four neurons' bias rows, which all read plain "b". Only values
    whose name is followed by their data are numbered: b is the only one, "b=0"."""
    model, out = _net((0.3, -0.7))
    assert all(n.b.data == 0.0 for layer in model.layers for n in layer.neurons)  # as nn makes
    o = out * Value(2.0, label="s") + Value(0.0, label="b")
    svg = draw_step(o, 1).svg()
    texts = _texts(svg)
    assert texts[0].startswith("step 2: add → b=0: "), texts[0]
    assert texts[0].endswith("grad of b=0 is now 1.000"), texts[0]
    assert "b=0" in [t for _, _, t in _bold(svg)]
    assert not any("#" in t for t in texts), [t for t in texts if "#" in t]
    rows = [t for t in texts if t.startswith("b: × ")]
    assert len(rows) == 4  # the four biases, by their place


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_row_named_by_its_place_is_said_with_its_table(language: str) -> None:
    """A screen reader heard 2-3-1's four weights w₁ as "the gradient of w₁ is now
    -0.5536", then 0.02976, … : one value adding up, to the ear. Each is said with its
    neuron, named as the picture names it, z = Σ wₖ·aₖ + b computed here by hand."""
    model, out = _net((0.3, -0.7))
    hidden = model.layers[0].neurons
    zs = [n.w[0].data * 0.3 + n.w[1].data * -0.7 + n.b.data for n in hidden]
    acts = [math.tanh(z) for z in zs]
    (last,) = model.layers[1].neurons
    zs.append(sum(w.data * a for w, a in zip(last.w, acts, strict=True)) + last.b.data)
    with picture_language(language):
        player = step_player(out)
    of = (
        "the red row {row} in the table of z={z:.4g}:"
        if language == "en"
        else "z={z:.4g} 表格里红色的 {row} 这一行"
    )
    said = [of.format(row="w₁", z=z) for z in zs]
    for name in said:
        hits = [d for d in player.descriptions if name in d]
        assert hits, (name, player.descriptions)
    # said with its neuron once a frame, where the red row is named, and by its row
    # alone after that, in the same sentence (test_step_pictures counts them)
    bare = "gradient of w₁ is now" if language == "en" else "。w₁ 的梯度现在是"
    table = " row w₁ in the table of " if language == "en" else "表格里红色的 w₁ 这一行"
    for d in player.descriptions:
        if bare in d:
            assert table in d and d.index(table) < d.index(bare), d
    # the captions, read beside the picture's red edge, keep the row's short name
    assert any(re.search(r"→ w₁\W", c) for c in player.captions), player.captions


@pytest.mark.parametrize("rankdir", ["LR"])
def test_twins_are_numbered_in_the_order_they_are_drawn(rankdir: str) -> None:
    """At zero inputs 2-3-1's neurons all have z = 0 (biases 0, tanh 0 = 0), numbered as
    computed; drawn sideways the hidden layer reads top to bottom in that order; the
    output's z is #4. (Upright, Graphviz draws them right to left: keeping the tables'
    edges in order fixed that and crossed the output table's edges, 0 crossings → 3.)"""
    _, out = _net((0.0, 0.0))
    svg = draw_step(out, 2, rankdir=rankdir).svg()
    names = {t: (x, y) for x, y, t in _bold(svg)}
    assert {"z#1=0", "z#2=0", "z#3=0", "z#4=0"} <= set(names), names
    along = 0 if rankdir == "TB" else 1  # upright: a layer reads across; sideways: down
    place = [names[f"z#{k}=0"][along] for k in (1, 2, 3)]  # SVG y grows downward
    assert place == sorted(place), names


def test_the_forward_view_does_not_number_what_its_boxes_do_not_name() -> None:
    """a·b + c·d at 2·3 and 1.5·4: the forward view's captions said "mul#2=6.000 → c"
    where its two boxes read "×" and "data 6.000", with no name to carry a number. The
    forward view's captions name them by op and data, as its boxes show them; the
    backward view's boxes carry the number, and its captions keep it."""
    a, b, c, d = (Value(x, label=n) for x, n in ((2.0, "a"), (3.0, "b"), (1.5, "c"), (4.0, "d")))
    o = a * b + c * d
    forward = step_player(o, view="forward")
    assert forward.captions[3].startswith("step 3: mul=6.000 → c: "), forward.captions[3]
    assert not any("#" in t for t in forward.captions)
    # a listener sees no boxes: the spoken text tells the twins apart by their number
    assert "mul#2=6.000" in forward.descriptions[3], forward.descriptions[3]
    assert "step 3: mul=6.000 → c: " in _texts(draw_step(o, 2, view="forward").svg())[0]
    backward = step_player(o)
    assert backward.captions[3].startswith("step 3: mul#2=6.000 → c: ")
    assert "mul#2=6.000" in [t for _, _, t in _bold(draw_step(o, 2).svg())]
