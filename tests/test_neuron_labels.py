"""A folded network's edge numbers are laid out as labels: none drawn over other text."""

from __future__ import annotations

import random
import re

import pytest
from test_draw_review import _overlaps, _text_boxes

import nn
from autograd_mini import Value, draw_graph
from autograd_mini.render import find_renderer, render


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


def _height(svg: str) -> float:
    """The height of the layout, in pt, as the SVG's viewBox gives it."""
    found = re.search(r'viewBox="([-0-9. ]+)"', svg)
    assert found is not None
    return float(found[1].split()[3])


def _laid_out(source: str) -> str:
    text = render(source, "svg", find_renderer(), timeout=600)
    return text.decode() if isinstance(text, bytes) else text


def _network(named: bool) -> Value:
    """2-16-16-1 on a random input; ``named``: each parameter labelled by its name
    ("layers.0.neurons.3.w.1"), the inputs x1 and x2."""
    model = nn.MLP(2, [16, 16, 1], seed=0)
    rng = random.Random(0)
    xs = [Value(rng.uniform(-1, 1)), Value(rng.uniform(-1, 1))]
    if named:
        for name, p in model.named_parameters():
            p.label = name
        xs[0].label, xs[1].label = "x1", "x2"
    out = model(xs)
    assert isinstance(out, Value)
    return out


def _bezier(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Points along an SVG path of cubic Bézier pieces (Graphviz's edges), 21 a piece."""
    out = []
    for i in range(0, len(points) - 3, 3):
        p0, p1, p2, p3 = points[i : i + 4]
        for k in range(21):
            t = k / 20
            u = 1 - t
            out.append(
                (
                    u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                    u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
                )
            )
    return out


def _edges_across_text(svg: str) -> list[str]:
    """The edges (by their SVG title) whose path runs through a text other than their
    own label, each text's box from Helvetica's widths (:func:`_text_boxes`)."""
    boxes = _text_boxes(svg)
    found = []
    for edge in re.findall(r'<g id="edge\d+" class="edge">(.*?)</g>', svg, re.S):
        own = {t[0] for t in _text_boxes(edge)}
        for d in re.findall(r'<path[^>]* d="([^"]+)"', edge):
            numbers = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", d)]
            points = list(zip(numbers[0::2], numbers[1::2], strict=False))
            if any(
                left + 1 < x < right - 1 and top + 1 < y < bottom - 1
                for x, y in _bezier(points)
                for text, left, right, top, bottom in boxes
                if text not in own
            ):
                title = re.search(r"<title>(.*?)</title>", edge, re.S)
                found.append(title[1] if title else d)
    return found


@pytest.mark.parametrize(
    ("view", "named"), [("forward", False), ("forward", True), ("backward", True)]
)
def test_a_folded_network_draws_no_edge_across_a_text(view: str, named: bool) -> None:
    """2-16-16-1 under collapse='neuron', its parameters named: the backward view drew
    4 edges across other texts. Laid out with its edges bundled, none; the forward
    view's summary boxes ("16 w | layers.1.neurons.4.w.0 … | data … | grad 0") keep
    their edge's label, as hover text that edge joined the bundle and was drawn from
    the box's top middle across its own "grad 0" (5 edges). Oracle: each edge's
    Bézier path from the SVG against every text's box from Helvetica's widths."""
    svg = draw_graph(_network(named), collapse="neuron", view=view).svg()
    assert svg.count('class="edge"') > 380
    assert _edges_across_text(svg) == []


@pytest.mark.parametrize("named", [False, True])
@pytest.mark.parametrize("view", ["forward", "backward"])
def test_a_2_16_16_1_network_with_its_edge_labels_is_as_tall_as_without(
    view: str, named: bool
) -> None:
    """Laid out with its edges' labels (so that none is drawn over other text), the
    2-16-16-1 network under collapse='neuron', named or not, was twice as tall as the same DOT with
    the labels placed after layout (6,569 px, was 3,423): dot doubles every edge's
    length when any edge has a label, and the 256 edges between the hidden layers each
    took a box's room in the rank that added. Oracle: the picture's own DOT, its edge
    labels turned into xlabels (no rank of their own) and laid out by the same
    renderer; the picture may be up to 1.2 times as tall, and keeps every text and
    edge, none over another."""
    graph = draw_graph(_network(named), collapse="neuron", view=view)
    svg = graph.svg()
    edges = [line for line in graph.source.splitlines() if "->" in line]
    assert sum("label=" in line for line in edges) >= 60  # laid out with its labels
    plain = "\n".join(
        line.replace(" label=", " xlabel=").replace("[label=", "[xlabel=") if "->" in line else line
        for line in graph.source.replace("concentrate=true", "").splitlines()
    )
    unranked = _laid_out(plain)
    assert _height(svg) <= 1.2 * _height(unranked), (_height(svg), _height(unranked))
    assert _overlaps(svg) == [], view
    texts = sorted(t[0] for t in _text_boxes(svg))
    assert texts == sorted(t[0] for t in _text_boxes(unranked))
    assert svg.count('class="edge"') == len(edges)
