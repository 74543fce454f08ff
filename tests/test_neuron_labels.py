"""A folded network's edge numbers are laid out as labels: none drawn over other text."""

from __future__ import annotations

import random

from test_draw_review import _overlaps, _text_boxes

import nn
from autograd_mini import Value, draw_graph


def test_a_2_16_16_1_network_under_collapse_neuron_draws_no_text_over_text() -> None:
    """The README's 2-16-16-1 network under collapse='neuron' (246 drawn nodes) had its
    edge numbers placed after layout (xlabels, as every picture above 150 nodes): the
    backward view drew 57 pairs of texts over each other ("× 1 = -8.174e-02" over a
    relu box, "16 paths" over a neuron's z), the forward view 4 (the labels beside the
    inputs). They are now labels the layout makes room for. Oracle: every text's box
    from the SVG's coordinates and Helvetica's widths, compared pairwise."""
    model = nn.MLP(2, [16, 16, 1], seed=0)
    rng = random.Random(0)
    out = model([Value(rng.uniform(-1, 1)), Value(rng.uniform(-1, 1))])
    for view in ("backward", "forward"):
        svg = draw_graph(out, collapse="neuron", view=view).svg()
        assert len(_text_boxes(svg)) > 400
        assert _overlaps(svg) == [], view
