"""A picture's rendering is measured and prepared once: where its title goes, its size
policy changed, a picture with no scene to say (render.py's Graph.svg, draw.py's
_centre_when_narrow). Oracles: the SVG's own width attribute, calls counted."""

from __future__ import annotations

from typing import Any

import graphviz
import pytest

import autograd_mini.render as render
import autograd_mini.spoken as spoken
from autograd_mini import Value
from autograd_mini.draw import draw_graph
from autograd_mini.render import Graph, px_size


def _expression() -> Value:
    a, b, c = Value(2.0, label="a"), Value(-3.0, label="b"), Value(10.0, label="c")
    out = (a * b + c).tanh()
    out.label = "L"
    out.backward()
    return out


def _counted(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[int]:
    calls = [0]
    real = getattr(owner, name)

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return calls


def test_a_titled_picture_reads_its_drawing_area_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether a titled picture fits its column (to centre its title) was found by sizing
    a whole SVG with fit_svg, which svg() then did again: the drawing area is read once,
    and the centred picture keeps it (centring moves the title, nothing svg_box reads)."""
    calls = _counted(monkeypatch, render, "svg_box")
    g = draw_graph(_expression(), title="A small picture")
    svg = g.svg()
    assert calls[0] == 1
    assert 'text-anchor="middle"' in svg  # it fitted: centred
    assert px_size(svg)[0] <= g.column


def test_changing_the_size_policy_prepares_the_rendering_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only the <svg> tag depends on the size: g.size changed after svg() prepared the
    whole rendering again (its regular-expression passes). The sizes are the policy's
    (oracle: the natural SVG's own pt width × 4/3, and fit_svg's)."""
    g = draw_graph(_expression(), column=120.0)
    natural = g.natural_svg()
    calls = [0]
    real = spoken.Prepared.of.__func__  # type: ignore[attr-defined]

    def counting(cls: Any, *args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return real(cls, *args, **kwargs)

    monkeypatch.setattr(spoken.Prepared, "of", classmethod(counting))
    fitted = g.svg()
    g.size = "natural"
    shown = g.svg()
    g.size = "fit"
    again = g.svg()
    assert calls[0] == 1
    assert again == fitted
    assert px_size(shown)[0] == px_size(natural)[0]
    assert px_size(fitted)[0] == px_size(render.fit_svg(natural, 120.0))[0]
    assert px_size(fitted)[0] < px_size(natural)[0]


def test_a_picture_with_nothing_to_say_reads_no_title(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Graph with no scene is not described: its title's lines were found anyway."""
    calls = _counted(monkeypatch, spoken, "heading_lines")
    dot = graphviz.Digraph(graph_attr={"label": "a title"})
    dot.edge("a", "b")
    svg = Graph(dot, 2).svg()
    assert calls[0] == 0
    assert "aria-label" not in svg and "a title" in svg


@pytest.mark.parametrize("size", ["fit", "natural"])
@pytest.mark.parametrize("column", [80.0, 300.0, 1000.0])
def test_shown_width_is_the_width_svg_gives(size: str, column: float) -> None:
    """Graph._shown_width, read without making the SVG, is the width attribute of the SVG
    svg() makes (oracle: that attribute, in px)."""
    g = draw_graph(_expression(), size=size, column=column)
    assert g._shown_width() == px_size(g.svg())[0]


def test_graph_offers_no_measuring_methods() -> None:
    """Graph.box() and Graph.shown_width(), the size policy's own measurements (draw.py
    reads them to place a title), were public methods of a public class, documented
    nowhere: they are private. Graph's public methods are those a user calls."""
    public = {n for n in vars(Graph) if not n.startswith("_") and callable(getattr(Graph, n))}
    assert public == {"pipe", "natural_svg", "adopt", "svg", "save", "drawn", "html"}, public
