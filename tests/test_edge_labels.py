"""Each edge's label beside its own edge, apart from every other text: measured on the
SVG, each text's box from its coordinates and Helvetica's widths (as a browser draws it),
each edge's line sampled from its Bézier curves."""

from __future__ import annotations

import html
import math
import random
import re

import pytest
from readme_neuron import readme_neuron
from test_draw_review import HELVETICA

from autograd_mini import Value, draw_graph
from nn.demo import output_cost

NBSP = "\u00a0"
#: as a browser draws them: a no-break space as a space, × and ? as Helvetica has them
WIDTHS = {**HELVETICA, NBSP: 278, "×": 584, "?": 556}

Box = tuple[float, float, float, float]  # left, right, top, bottom


def _ink(attrs: str, inner: str) -> tuple[str, Box, float]:
    """A text's visible part (without the spaces around it) and its box."""
    text = html.unescape(re.sub("<[^>]+>", "", inner))
    x, y, size = (
        float(m[1]) if (m := re.search(rf'\s{name}="([-0-9.e]+)"', attrs)) else math.nan
        for name in ("x", "y", "font-size")
    )

    def width(t: str) -> float:
        return sum(WIDTHS.get(c, 600) for c in t) * size / 1000

    anchor = m[1] if (m := re.search(r'text-anchor="(\w+)"', attrs)) else "start"
    left = {"start": x, "middle": x - width(text) / 2, "end": x - width(text)}[anchor]
    visible = text.strip(NBSP + " ")
    left += width(text[: len(text) - len(text.lstrip(NBSP + " "))])
    return visible, (left, left + width(visible), y - 0.75 * size, y + 0.2 * size), size


def _curve(d: str) -> list[tuple[float, float]]:
    """Points along a path of cubic Bézier segments (Graphviz's "M p C p p p …")."""
    numbers = [float(n) for n in re.findall(r"-?[0-9.]+(?:e-?[0-9]+)?", d)]
    points = list(zip(numbers[::2], numbers[1::2], strict=True))
    out = [points[0]]
    for i in range(1, len(points) - 2, 3):
        p0, p1, p2, p3 = points[i - 1 : i + 3]
        for k in range(1, 21):
            t = k / 20
            out.append(
                (
                    (1 - t) ** 3 * p0[0] + 3 * (1 - t) ** 2 * t * p1[0]
                    + 3 * (1 - t) * t * t * p2[0] + t**3 * p3[0],
                    (1 - t) ** 3 * p0[1] + 3 * (1 - t) ** 2 * t * p1[1]
                    + 3 * (1 - t) * t * t * p2[1] + t**3 * p3[1],
                )
            )  # fmt: skip
    return out


def _distance(box: Box, points: list[tuple[float, float]]) -> float:
    left, right, top, bottom = box
    return min(
        math.hypot(max(left - x, 0.0, x - right), max(top - y, 0.0, y - bottom)) for x, y in points
    )


def label_problems(svg: str, gap_em: float = 0.5, near_em: float = 0.5) -> list[str]:
    """Each edge label (a text of an edge's group) that has another text on its line
    nearer than ``gap_em`` em, that is not nearer its own edge than any other edge, or
    that stands more than ``near_em`` em from its own edge."""
    edges: list[list[tuple[float, float]]] = []
    texts: list[tuple[str, Box, float, int | None]] = []
    for kind, body in re.findall(r'<g id="[^"]*" class="(edge|node|graph)">(.*?)</g>', svg, re.S):
        for attrs, inner in re.findall(r"<text([^>]*)>(.*?)</text>", body, re.S):
            visible, box, size = _ink(attrs, inner)
            if visible:
                texts.append((visible, box, size, len(edges) if kind == "edge" else None))
        if kind == "edge":
            paths = re.findall(r'<path[^>]*\sd="([^"]+)"', body)
            edges.append([p for d in paths for p in _curve(d)])
    found = []
    for i, (text, box, size, edge) in enumerate(texts):
        if edge is None:
            continue
        for other, box2, _, _ in texts[:i] + texts[i + 1 :]:
            apart = max(box[0] - box2[1], box2[0] - box[1])
            if max(box[2] - box2[3], box2[2] - box[3]) < 0 and apart < gap_em * size:
                found.append(f"{text!r} {apart:.1f} pt from {other!r}")
        own = _distance(box, edges[edge])
        nearest = min((_distance(box, e) for j, e in enumerate(edges) if j != edge), default=own)
        if nearest <= own:
            found.append(f"{text!r}: {own:.1f} pt from its edge, {nearest:.1f} from another")
        if own > near_em * size:
            found.append(f"{text!r}: {own:.1f} pt from its edge")
    return found


def _demo_cost() -> Value:
    """The demo's picture: one output neuron's C = (σ(Σ w·a + b) − 1)², 16 inputs."""
    rng = random.Random(0)
    weights = [rng.uniform(0, 1) for _ in range(16)]
    return output_cost(weights, [rng.uniform(-4, 3) for _ in range(16)], 0.3, "sigmoid")


@pytest.mark.parametrize("column", [736, 1000])
def test_the_readme_neurons_edge_labels_stand_by_their_edges(column: int) -> None:
    """At 736 px (the README's pictures, drawn upright) "× 0 = 0" ended 2.8 pt before the
    next edge, whose label "× 1.000 = 0.5000" began just past it: they read as one,
    "× 0 = 0× 1.000 = 0.5000", nearer the other edge than its own."""
    o = readme_neuron()
    for view in ("backward", "forward"):
        svg = draw_graph(o, view=view, column=column).svg()
        assert svg.count('class="edge"') >= 9
        assert label_problems(svg) == [], view


def test_the_demos_two_labels_of_c_stand_by_their_edges() -> None:
    """C = d·d sends two contributions into one Σ: the second edge's label was padded
    before its text and stood away from its edge, the first between the two edges."""
    svg = draw_graph(_demo_cost(), view="backward", title="one output neuron").svg()
    assert label_problems(svg) == []


@pytest.mark.parametrize("rankdir", ["TB", "LR"])
def test_parallel_edges_labels_stand_by_their_edges(rankdir: str) -> None:
    """d used twice by d·d, drawn upright and sideways, in both views."""
    a = Value(0.459, label="a")
    d = a + (-0.25)
    d.label = "d"
    cost = d * d
    cost.label = "C"
    for view in ("backward", "forward"):
        svg = draw_graph(cost, view=view, rankdir=rankdir).svg()
        assert label_problems(svg) == [], (view, svg)


@pytest.mark.parametrize("column", [736, 1000])
def test_a_step_frames_labels_stand_by_their_edges(column: int) -> None:
    """A frame lays every label out as the end of the pass writes it and shows its own
    text there: "× 2.000 = ?" stood 21 pt right of its edge, centred on the laid-out
    "× 2.000 = 1.000" and the two characters marking it (see render.MARK), which are
    not drawn; the README's step 4 had its labels 10 to 13 pt off their edges."""
    from autograd_mini import draw_step

    o = readme_neuron()
    for index in range(-1, 8):
        svg = draw_step(o, index, column=column).svg()
        assert svg.count('class="edge"') >= 9
        assert label_problems(svg) == [], index
