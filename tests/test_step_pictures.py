"""Step pictures read as their captions say: the names, the notes' width, the titles'
place, the spoken text (the pictures' review of the last session's leftovers)."""

from __future__ import annotations

import html
import re

import nn
from autograd_mini import Value, draw_step, step_player
from autograd_mini.steps import backward_steps


def _texts(svg: str) -> list[str]:
    return [
        html.unescape(re.sub("<[^>]+>", "", t))
        for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)
    ]


def _readme_neuron() -> Value:
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    o = (x1 * w1 + x2 * w2 + b).tanh()
    o.label = "o"
    return o


_STEP = re.compile(r"^step \d+: (.+?) → (.+?): local ")


def _shown(name: str, texts: list[str]) -> bool:
    """Whether the picture writes ``name``: as a box's name, or as a table row's
    ("w₁=0.6265: × 0.4045 = …")."""
    return any(t == name or t.startswith(name + ": ×") for t in texts)


def test_a_backward_step_picture_shows_each_value_as_its_caption_names_it() -> None:
    """The README neuron's step 4 said "add=-6.000 → mul=-6.000" to tell the two
    unlabelled products apart, but the backward view's box read "mul | grad 0.5000":
    the caption named the box by a number the picture did not show. A box whose name
    the graph gives two values now shows the value's data after it, as the caption
    does. Oracle: x1·w1 = 2 × −3 = −6, x2·w2 = 0 × 1 = 0, their sum −6, and
    b − 6 = 0.8814 (b = 6.8814), by hand; a 2-2-1 network's weights as drawn."""
    o = _readme_neuron()
    texts = _texts(draw_step(o, 3).svg())
    assert texts[0].startswith("step 4: add=-6.000 → mul=-6.000: ")
    for name in ("mul=-6.000", "mul=0", "add=-6.000", "add=0.8814"):
        assert texts.count(name) == 1, name
    assert "mul" not in texts and "add" not in texts
    assert {"o", "x1", "x2", "w1", "w2", "b"} <= set(texts)  # names no other value has
    model = nn.MLP(2, [2, 1], seed=0)
    out = model([Value(0.3, label="x1"), Value(-0.7, label="x2")])
    n = len(list(backward_steps(out)))
    for i in range(n):
        texts = _texts(draw_step(out, i).svg())
        match = _STEP.match(texts[0])
        assert match is not None, texts[0]
        for name in match.groups():
            assert _shown(name, texts[1:]), (i, name, texts)
    w = model.layers[1].neurons[0].w[0].data  # the output neuron's first weight
    assert _shown(f"w₁={w:.4f}", _texts(draw_step(out, 0).svg()))
    player = step_player(out)  # the spoken text names them so too
    said = re.findall(r'role="img" aria-label="([^"]*)"', player.html())
    assert f"to w₁={w:.4f}" in html.unescape(said[1])
