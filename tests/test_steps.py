"""Step-by-step backward: the steps add up to the engine's gradients and the seeds' formula."""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from autograd_mini import (
    Value,
    backward_steps,
    dot,
    draw_step,
    no_grad,
    step_player,
    vsum,
    write_frames,
)
from autograd_mini.draw import ACTIVE, GREY
from autograd_mini.render import px_size, svg_box
from autograd_mini.steps import MAX_FRAMES, frames

SVG = "{http://www.w3.org/2000/svg}"


def sigma(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def mixed_graph() -> tuple[Value, list[Value]]:
    """Repeated parents (x·x), fused sum and dot, a ReLU that is off, constants."""
    x, y, w = Value(0.6, label="x"), Value(-1.2, label="y"), Value(0.9, label="w")
    off = (y * 2).relu()  # y < 0: this branch passes no gradient
    out = vsum([x * x, dot([w, x], [y, 3.0], 0.5).tanh(), off, (x / 3).exp()]) - w**2
    return out, [x, y, w]


def test_steps_sum_to_the_engines_gradients_exactly() -> None:
    out, leaves = mixed_graph()
    sums: dict[Value, float] = {}
    for step in backward_steps(out):
        assert step.contribution == step.local_grad * step.upstream
        sums[step.parent] = sums.get(step.parent, 0.0) + step.contribution
        assert step.parent_grad_after == sums[step.parent]
    assert all(v.grad == 0.0 for v in leaves)  # backward_steps touched no .grad
    out.backward()
    for v in leaves:
        assert sums[v] == v.grad  # same additions in the same order: bit-identical


def test_upstream_is_final_when_a_node_passes_it_on() -> None:
    out, _ = mixed_graph()
    steps = list(backward_steps(out))
    out.backward()
    for step in steps:
        assert step.upstream == step.node.grad  # the engine's final ∂out/∂node
    # once a node has passed gradient on, nothing flows into it any more
    emitted: set[Value] = set()
    for step in steps:
        assert step.parent not in emitted
        emitted.add(step.node)
    assert [s.index for s in steps] == list(range(len(steps)))


def test_skip_zero_matches_the_engine_and_can_be_turned_off() -> None:
    out, _ = mixed_graph()
    engine_like = list(backward_steps(out))
    everything = list(backward_steps(out, skip_zero=False))
    assert len(everything) > len(engine_like)
    extra = [s for s in everything if s.upstream == 0.0]
    assert extra and all(s.contribution == 0.0 for s in extra)


def test_seed_gradient_and_leaf_root() -> None:
    x = Value(2.0, label="x")
    assert list(backward_steps(x)) == []
    (step,) = backward_steps(x * 5, gradient=2.0)
    assert (step.local_grad, step.upstream, step.contribution) == (5.0, 2.0, 10.0)


def test_two_layers_one_neuron_each_follow_the_seeds_formula() -> None:
    """a = σ(z) feeds z′ = w₃a + b′ and z″ = w₄a + b″; C = ½(σ(z′)−t′)² + ½(σ(z″)−t″)².

    ∂C/∂z = σ′(z)·[w₃·∂C/∂z′ + w₄·∂C/∂z″], every factor computed by hand below.
    """
    x1, x2, w1, w2, b = 0.5, -1.0, 0.8, 0.3, 0.1
    w3, w4, b3, b4, t3, t4 = 1.5, -0.7, 0.2, -0.4, 1.0, 0.0
    numbers = {"w1": w1, "w2": w2, "b": b, "w3": w3, "w4": w4, "b3": b3, "b4": b4}
    V = {name: Value(v, label=name) for name, v in numbers.items()}
    z = dot([V["w1"], V["w2"]], [x1, x2], V["b"])
    a = z.sigmoid()
    z1 = a * V["w3"] + V["b3"]
    z2 = a * V["w4"] + V["b4"]
    cost = ((z1.sigmoid() - t3) ** 2 + (z2.sigmoid() - t4) ** 2) * 0.5

    # by hand
    zh = w1 * x1 + w2 * x2 + b
    ah = sigma(zh)
    z1h, z2h = w3 * ah + b3, w4 * ah + b4
    dz1 = (sigma(z1h) - t3) * sigma(z1h) * (1 - sigma(z1h))  # ∂C/∂z′
    dz2 = (sigma(z2h) - t4) * sigma(z2h) * (1 - sigma(z2h))  # ∂C/∂z″
    dz = ah * (1 - ah) * (w3 * dz1 + w4 * dz2)  # the seeds' formula

    steps = list(backward_steps(cost))
    into_a = [s for s in steps if s.parent is a]
    assert len(into_a) == 2
    by_local = sorted(into_a, key=lambda s: s.local_grad)
    assert [s.local_grad for s in by_local] == [w4, w3]  # ∂z″/∂a = w₄, ∂z′/∂a = w₃
    assert by_local[0].upstream == pytest.approx(dz2, rel=1e-12)
    assert by_local[1].upstream == pytest.approx(dz1, rel=1e-12)
    assert into_a[-1].parent_grad_after == pytest.approx(w3 * dz1 + w4 * dz2, rel=1e-12)
    (into_z,) = [s for s in steps if s.parent is z]
    assert into_z.local_grad == pytest.approx(ah * (1 - ah), rel=1e-12)  # σ′(z)
    assert into_z.contribution == pytest.approx(dz, rel=1e-12)
    # ∂z/∂w₁ = x₁ (the forward pass's input): ∂C/∂w₁ = x₁·∂C/∂z
    (into_w1,) = [s for s in steps if s.parent is V["w1"]]
    assert into_w1.local_grad == x1
    assert into_w1.contribution == pytest.approx(x1 * dz, rel=1e-12)


# --------------------------------------------------------------------------- pictures


def small() -> Value:
    x, w = Value(2.0, label="x"), Value(-3.0, label="w")
    return (x * w + 1).tanh()


def _red_edges(svg: str) -> list[ET.Element]:
    return [
        g
        for g in ET.fromstring(svg.encode()).iter(f"{SVG}g")
        if g.get("class") == "edge"
        and any(p.get("stroke", "").lower() == ACTIVE.lower() for p in g.iter(f"{SVG}path"))
    ]


@pytest.mark.parametrize("view", ["backward", "forward"])
def test_draw_step_highlights_the_active_edge_and_greys_the_rest(view: str) -> None:
    out = small()
    first = draw_step(out, -1, view=view).svg()
    assert "grad ?" in [w.rstrip("\u2007") for w in _texts(first)]
    assert not _red_edges(first)
    svg = draw_step(out, 0, view=view).svg()
    strokes = [p.get("stroke", "") for p in ET.fromstring(svg).iter(f"{SVG}path")]
    assert GREY.lower() in (s.lower() for s in strokes)
    (_red,) = _red_edges(svg)
    t = math.tanh(-5.0)
    # the caption (the picture's title) says the step's arithmetic; so does the red edge's
    # hover text, local × upstream = contribution
    # in the picture's own number format, four significant digits as the boxes show them
    # ("grad 0.0001816"; it said "add=-5" and "upstream 1", six digits for the slope)
    d = f"{1 - t * t:.4g}"
    assert f"{d} × 1.000 = {d}" in draw_step(out, 0, view=view).source
    step = f"step 1: tanh → add: local {d} × upstream 1.000 = {d}"
    assert any(step in w for w in _texts(svg))
    assert f"grad {d}" in [w.rstrip("\u2007") for w in _texts(svg)]
    last = draw_step(out, len(list(backward_steps(out))) - 1, view=view).svg()
    assert "grad ?" not in _texts(last)
    with pytest.raises(IndexError, match="out of range"):
        draw_step(out, 99, view=view)


@pytest.mark.parametrize("precision", [2, 6])
def test_captions_and_edge_text_follow_the_precision(precision: int) -> None:
    """A caption is part of the picture: it follows the boxes' precision (the command
    line's --precision 2 drew "data 0.088" in a box beside "add=0.08794 … 0.992306" in
    the caption above it)."""
    out = small()
    t = math.tanh(-5.0)

    def g(x: float) -> str:
        return f"{x:#.{precision}g}"

    d = g(1 - t * t)
    for frame in (draw_step(out, 0, precision=precision), frames(out, precision=precision)[1]):
        words = f"step 1: tanh → add: local {d} × upstream {g(1.0)} = {d}"
        assert words in frame.source
        assert f"{d} × {g(1.0)} = {d}" in frame.source  # the red edge's hover text
    captions = step_player(out, precision=precision).captions
    assert captions[0].endswith(f"the seed {g(1.0)}")
    assert captions[1].endswith(f"grad of add is now {d}")


def test_the_highlighted_step_points_the_way_the_gradient_flows() -> None:
    """Step 0 of (x·w + 1).tanh() goes from the tanh node into its input: the red edge's
    arrowhead must sit at the input's end in both views."""
    out = small()
    for view in ("backward", "forward"):
        g = draw_step(out, 0, view=view)
        (red,) = _red_edges(g.svg())
        title = red.find(f"{SVG}title")
        assert title is not None and title.text
        tail, head = (x.split(":")[0] for x in title.text.split("->"))
        assert g.scene is not None
        names = {name: v for v, name in g.scene.names.items()}
        if view == "backward":  # edges already point from output to input
            assert names[head.removesuffix("sum")] in names[tail].parents
        else:  # the forward edge input → op, drawn with its arrow reversed
            assert tail in names and head.endswith("op")
            assert "dir=back" in g.source


def _texts(svg: str) -> list[str]:
    return [(t.text or "").strip() for t in ET.fromstring(svg.encode()).iter(f"{SVG}text")]


def test_write_frames(tmp_path: Path) -> None:
    out = small()
    n = len(list(backward_steps(out)))
    paths = write_frames(out, tmp_path / "frames")
    assert [p.name for p in paths] == [f"step_{i:03d}.svg" for i in range(n + 1)]
    sizes = set()
    for p in paths:
        root = ET.fromstring(p.read_bytes())  # each is well-formed SVG
        sizes.add((root.get("width"), root.get("height"), root.get("viewBox")))
    assert len(sizes) == 1  # one fixed size for every frame


def test_write_frames_into_a_used_folder_replaces_the_old_frames(tmp_path: Path) -> None:
    folder = tmp_path / "frames"
    x = Value(1.0, label="x")
    long = ((x * 2).tanh() * 3 + x).exp()
    first = write_frames(long, folder)
    keep = folder / "notes.txt"
    keep.write_text("mine")
    second = write_frames(small(), folder)
    assert len(first) > len(second)
    on_disk = sorted(p.name for p in folder.iterdir())
    assert on_disk == sorted([*(p.name for p in second), "notes.txt"])
    assert keep.read_text() == "mine"


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_non_finite_seed_is_refused_like_backward_does(bad: float) -> None:
    out = small()
    with pytest.raises(ValueError, match="finite"):
        out.backward(bad)
    with pytest.raises(ValueError, match="finite"):
        list(backward_steps(out, bad))
    with pytest.raises(ValueError, match="finite"):
        draw_step(out, 0, gradient=bad)
    with pytest.raises(ValueError, match="finite"):
        step_player(out, gradient=bad)
    with pytest.raises(ValueError, match="finite"):
        write_frames(out, "unused-folder-never-created", gradient=bad)
    assert not Path("unused-folder-never-created").exists()


def test_player_html_has_every_frame_and_a_slider(tmp_path: Path) -> None:
    out = small()
    n = len(list(backward_steps(out)))
    player = step_player(out)
    page = player._repr_html_()
    assert len(player) == n + 1
    assert page.count("<svg") == n + 1 and "<?xml" not in page
    assert 'type="range"' in page and f'max="{n}"' in page
    assert "<button" in page and "<script>" in page
    assert player.save(tmp_path / "p.html").read_text(encoding="utf-8").startswith("<!DOCTYPE")
    # one fixed size for every frame; no title inside the frames (one caption only)
    sizes = {(svg_box(s).width, svg_box(s).height, px_size(s)) for s in player.svgs}
    assert len(sizes) == 1
    for s in player.svgs:
        assert not any(w.startswith("step ") for w in _texts(s))


def test_player_ids_are_unique_per_call() -> None:
    player = step_player(small())
    first, second = player.html(), step_player(small()).html()
    again = player.html()
    ids = [re.search(r'id="(agm-player-[0-9a-f]+)"', h) for h in (first, second, again)]
    assert all(ids)
    names = {m.group(1) for m in ids if m}
    assert len(names) == 3
    for page, name in zip((first, second, again), [m.group(1) for m in ids if m], strict=True):
        # the element, its style's six rules (two hide frames, one places its focus
        # ring, one hides its controls in print, two keep the player and each frame on
        # one printed page with its caption), the script that marks it before its
        # frames and the one that runs it
        assert page.count(name) == 9


def test_player_captions_survive_html_special_characters() -> None:
    x = Value(2.0, label="x<y & z")
    out = (x * 3).tanh()
    player = step_player(out)
    page = player.html()
    script = re.search(r'class="agm-captions">(.*?)</script>', page, re.S)
    assert script is not None
    assert "<" not in script.group(1) and "&" not in script.group(1)
    captions = json.loads(script.group(1))  # what the page's JSON.parse sees
    assert any("x<y & z" in c for c in captions)
    assert "&lt;" not in "".join(captions) and "&amp;" not in "".join(captions)


def test_too_many_frames_is_refused() -> None:
    xs = [Value(1.0) for _ in range(MAX_FRAMES)]
    with pytest.raises(ValueError, match="more than max_frames"):
        frames(vsum(xs))


def test_step_into_a_summarised_input_highlights_the_summary_edge() -> None:
    xs = [Value(float(i), label=f"x{i}") for i in range(4)]
    out = dot([Value(0.5) for _ in range(4)], xs).tanh()
    steps = list(backward_steps(out))
    assert len(steps) == 1 + 8  # tanh → dot, then 4 weights and 4 inputs
    for view in ("forward", "backward"):
        g = draw_step(out, 5, collapse="neuron", collapse_threshold=2, view=view)
        svg = g.svg()
        words = _texts(svg)
        assert "4 w" in words and "4 x" in words
        assert len(_red_edges(svg)) == 1  # exactly one edge is active


def fan_in() -> Value:
    a = Value(0.5, label="a")
    return (a * 3 + a * a).tanh()  # a's gradient arrives in three parts


@pytest.mark.parametrize("make", [small, fan_in])
def test_frames_keep_one_layout_while_the_numbers_arrive(make: Callable[[], Value]) -> None:
    """Every node stays where it was from frame to frame: each number is laid out at its
    final width, and shown as "?" or as the partial sum the frame has reached."""
    out = make()
    for view in ("backward", "forward"):
        layouts: list[list[float]] = []
        for picture in frames(out, view=view, titles=False):
            svg = picture.natural_svg()
            assert "\u2063" not in svg  # the layout marks are gone
            assert not re.search("[\ue000-\uf8ff]", svg)
            assert not re.search(r"(-|&#45;)\?", svg)  # an unknown number is "?", never "-?"
            tree = ET.fromstring(svg.encode())
            # within a tenth of a point (0.13 px): the red edge's 2.5-pt pen, and the forward
            # view's arrowhead moved to its tail, can move Graphviz's bounding box, and so
            # every node, by a few hundredths, which no eye sees (fan_in's forward step 6
            # by 0.01 pt once operands were written in order); a jump is whole points
            layouts.append(
                [
                    float(n)
                    for g in tree.iter(f"{SVG}g")
                    if g.get("class") == "node"
                    for p in g.iter(f"{SVG}polygon")
                    for n in re.split("[ ,]", p.get("points") or "")
                ]
            )
        first = layouts[0]
        for other in layouts[1:]:
            assert len(other) == len(first), view
            assert max(abs(a - b) for a, b in zip(first, other, strict=True)) < 0.1, view


def test_every_frame_of_a_fan_out_through_neurons_renders() -> None:
    """Notebook 05's network: a = σ(z) feeds two one-input neurons. Edges leaving table
    rows once made dot's spline router fail ("lost edge") on three of its frames."""
    w1, w2, b = Value(0.8, label="w1"), Value(-0.6, label="w2"), Value(0.1, label="b")
    w3, b3 = Value(1.2, label="w3"), Value(-0.3, label="b3")
    w4, b4 = Value(-0.9, label="w4"), Value(0.2, label="b4")
    a = dot([w1, w2], [1.5, -0.5], b).sigmoid()
    a.label = "a"
    a1, a2 = dot([w3], [a], b3).sigmoid(), dot([w4], [a], b4).sigmoid()
    cost = (a1 - 1.0) ** 2 + (a2 - 0.0) ** 2
    for view in ("backward", "forward"):
        for picture in frames(cost, view=view):
            assert "<svg" in picture.svg()


def test_player_frames_at_natural_size_on_request() -> None:
    fitted = step_player(small())
    natural = step_player(small(), size="natural")
    box = svg_box(natural.svgs[0])
    width, _ = px_size(natural.svgs[0])
    assert width == pytest.approx(box.width * 96 / 72, abs=1)  # Graphviz's own size
    assert len({px_size(s) for s in natural.svgs}) == 1
    fitted_width, _ = px_size(fitted.svgs[0])
    scale = fitted_width / svg_box(fitted.svgs[0]).width
    # fitted: within the column, or as narrow as 11 px text allows
    assert fitted_width <= 1000.5 or svg_box(fitted.svgs[0]).min_font * scale >= 11
    assert fitted_width < width


# ------------------------------------------------------------------ review of 2026-12-03


def test_a_zero_gradient_through_an_infinite_slope_shows_zero_not_nan() -> None:
    """y = √x·0 + x at x = 0: dy/dx = 1 (the √ branch carries 0, though d√x/dx = ∞ there).
    The backward view, the step frames and the steps showed nan for it."""
    from autograd_mini import InfiniteDerivative, draw_graph

    x = Value(0.0, label="x")
    y = x.sqrt() * 0.0 + x
    y.backward()
    assert x.grad == 1.0
    for src in (draw_graph(y, view="backward").source, draw_step(y, -1).source):
        assert "nan" not in src
    steps = list(backward_steps(y, skip_zero=False))
    assert all(not math.isnan(s.contribution) for s in steps)
    x2 = Value(0.0, label="x")
    with pytest.raises(InfiniteDerivative, match=r"backward_steps: sqrt of 0\.0"):
        list(backward_steps(x2.sqrt()))  # backward() refuses this one: so do the steps


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [(lambda y: draw_step(y, -1, precision=0), ValueError, r"draw_step: precision .* got 0"),
     (lambda y: step_player(y, precision=0), ValueError, r"step_player: precision .* got 0"),
     (lambda y: draw_step(5, 0), TypeError, r"draw_step: expected a Value .* got int"),
     (lambda y: step_player("x"), TypeError, r"step_player: expected a Value .* got str"),
     (lambda y: draw_step(y, 1.5), TypeError, r"draw_step: index must be an int")],
)  # fmt: skip
def test_step_pictures_check_their_arguments_first(call: Any, error: type, message: str) -> None:
    """Each failed with Python's words from inside the caption's formatting (review of
    2026-12-03)."""
    x = Value(2.0, label="x")
    with pytest.raises(error, match=message):
        call(x * x)


def test_a_frame_saved_as_png_or_dot_shows_the_frames_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Step 1 of a pass has reached the output only: every other box says "grad ?".
    The SVG showed that, but .png and .dot (and ``source``) were laid out from the marked
    text, which holds the end of the pass: each box showed its final gradient, behind a
    □ for the marker characters."""
    import autograd_mini.render as render_module

    x, w = Value(2.0, label="x"), Value(-3.0, label="w")
    out = (x * w + 1.0).tanh()
    frame = draw_step(out, 0)
    svg = frame.svg()
    hidden = svg.count("grad ?")
    assert hidden >= 3  # x, w and the product are not reached at step 1
    for text in (frame.source, frame.save(tmp_path / "f.dot").read_text(encoding="utf-8")):
        assert "\u2063" not in text and not any("\ue000" <= c <= "\uf8ff" for c in text)
        assert text.count("grad ?") == hidden  # the same boxes hidden as in the SVG
    seen: list[str] = []

    def spy(source: str, fmt: str, *args: Any, **kwargs: Any) -> bytes:
        seen.append(source)
        return b"\x89PNG"

    monkeypatch.setattr(render_module, "render", spy)
    frame.save(tmp_path / "f.png")
    assert seen == [frame.source]


def test_a_result_computed_inside_no_grad_is_refused_as_backward_refuses_it() -> None:
    """No graph was recorded below it: the player was one frame, "before backward", and
    no step, as though the result did not depend on anything (backward() refuses it)."""
    x = Value(2.0, label="x")
    with no_grad():
        y = (x * x).tanh()
    calls: list[Callable[[], object]] = [
        lambda: list(backward_steps(y)),
        lambda: step_player(y),
        lambda: frames(y),
        lambda: draw_step(y, -1),
    ]
    for call in calls:
        with pytest.raises(RuntimeError, match=r"computed inside no_grad\(\)"):
            call()
    leaf = Value(3.0, label="leaf")  # a leaf is not refused: its gradient is the seed
    assert [str(s) for s in backward_steps(leaf)] == [] and len(step_player(leaf)) == 1


def test_frames_take_the_direction_that_fits_the_column() -> None:
    """The README's neuron, o = tanh(x1·w1 + x2·w2 + b): its step frames drawn left to
    right need a 1,114 px column to keep 11 px text (rendered here with rankdir="LR"),
    top to bottom about 650. "auto" drew every frame left to right regardless; now all
    frames take the direction that fits, the same for every frame."""
    from autograd_mini.render import COLUMN_PX, MIN_TEXT_PX

    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    o = (x1 * w1 + x2 * w2 + Value(6.8813735870195432, label="b")).tanh()

    def column_needed(rankdir: str) -> float:
        boxes = [svg_box(f.natural_svg()) for f in frames(o, rankdir=rankdir, titles=False)]
        return max(b.width * MIN_TEXT_PX / b.min_font for b in boxes)

    wide, tall = column_needed("LR"), column_needed("TB")
    assert wide > COLUMN_PX > tall
    chosen = frames(o, titles=False)
    assert {f.scene.rankdir for f in chosen} == {"TB"}
    assert column_needed("auto") == tall


def _contrast(colour: str) -> float:
    """WCAG 2 contrast ratio of ``colour`` (#rrggbb) on white, by the standard's formula."""

    def linear(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    lum = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    return 1.05 / (lum + 0.05)


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("view", ["backward", "forward"])
def test_not_reached_text_is_readable_and_told_apart_by_dashes(language: str, view: str) -> None:
    """Not-reached text was #b0b0b0 on white, 2.2:1 at 11.5 px, on the local derivatives
    a student should read ahead. Every text of a step frame is now ≥ 4.5:1 (WCAG AA),
    and what is not reached is dashed as well as grey, never told by colour alone.
    Oracle: the WCAG formula here, the SVG's fills and dash arrays parsed."""
    from autograd_mini import picture_language

    out = dot([Value(0.5, label="w")], [Value(2.0, label="x").tanh()]).tanh()
    with picture_language(language):
        svg = draw_step(out, 0, view=view).svg()
    tree = ET.fromstring(svg.encode())
    fills = {t.get("fill", "#000000").lower() for t in tree.iter(f"{SVG}text")}
    fills.discard("black")
    assert all(_contrast(f) >= 4.5 for f in fills), {f: _contrast(f) for f in fills}
    grey = [
        e
        for e in tree.iter()
        if e.tag in (f"{SVG}path", f"{SVG}polygon", f"{SVG}ellipse")
        and e.get("stroke", "").lower() == GREY.lower()
        and e.get("fill", "none") == "none"  # lines, not arrowheads
    ]
    assert grey, "nothing is drawn as not reached"
    assert all(e.get("stroke-dasharray") for e in grey), [ET.tostring(e)[:80] for e in grey]
    solid = [
        e
        for e in tree.iter()
        if e.tag == f"{SVG}polygon" and e.get("stroke", "").lower() == "black"
    ]
    assert solid and not any(e.get("stroke-dasharray") for e in solid)  # reached: solid


def test_a_player_of_too_many_frames_is_refused_before_it_draws_any(tmp_path: Path) -> None:
    """step_player of a 2-16-16-1 MLP made 409 frames: 168 s and 199 MB of HTML, without
    a word. Now more than max_frames (default 100) are refused at once, the message
    naming the steps and what to do instead. Oracle: Σ of n leaves takes n steps (one per
    leaf), so n + 1 frames; a clock for "at once"."""
    import time

    import nn

    assert MAX_FRAMES == 100
    xs = [Value(float(i), label=f"x{i}") for i in range(100)]
    for make in (step_player, frames):
        with pytest.raises(ValueError, match=r"100 steps, 101 frames, more than max_frames=100"):
            make(vsum(xs))
    with pytest.raises(ValueError, match=r"write_frames: .*draw_step"):
        write_frames(vsum(xs), tmp_path)
    assert not list(tmp_path.iterdir())
    few = vsum(xs[:5])
    assert len(step_player(few, max_frames=6)) == 6  # 5 steps: the limit holds 6 frames
    with pytest.raises(ValueError, match="5 steps, 6 frames, more than max_frames=5"):
        step_player(few, max_frames=5)
    with pytest.raises(ValueError, match="max_frames must be an int"):
        step_player(few, max_frames=0)
    model = nn.MLP(2, [16, 16, 1], seed=0)
    loss = (model([0.5, -1.0]) - 1.0) ** 2
    start = time.perf_counter()
    with pytest.raises(ValueError, match=r"step_player: this backward pass has \d+ steps"):
        step_player(loss)
    assert time.perf_counter() - start < 5.0


def test_max_frames_may_be_a_numpy_integer() -> None:
    """max_frames=np.int64(200) was refused as "must be an int ≥ 1": a numpy integer is a
    count as an int is (x·w + b: 4 steps, 5 frames, counted by hand)."""
    x, w, b = Value(1.0, label="x"), Value(2.0, label="w"), Value(3.0, label="b")
    player = step_player(x * w + b, max_frames=np.int64(5))
    assert player is not None
    with pytest.raises(ValueError, match="4 steps, 5 frames, more than max_frames=4"):
        step_player(x * w + b, max_frames=np.int64(4))


@pytest.mark.parametrize("view", ["backward", "forward"])
def test_captions_name_values_as_the_picture_does(view: str) -> None:
    """The player's captions named an unlabelled bias — nn's biases carry no label — by
    its value, "dot=1.000 → 0: …; grad of 0 is now 0.4200", beside a table whose row
    calls it b; an unlabelled op result "add=-5.000", where the picture's box says add.
    A caption now names the node and the parent as its picture does: an unlabelled
    neuron z, its leaves by their place in the formula (w₁, a₁, b), other unlabelled
    values by their op. str(step), printed without a picture, keeps its own words (the
    README shows one). Oracle: o = tanh(0.5·2 + 0), δ = 1 − tanh²(1), by hand."""
    w, x, b = Value(0.5), Value(2.0), Value(0.0)
    o = dot([w], [x], b).tanh()
    o.label = "o"
    delta = 1 - math.tanh(1.0) ** 2
    d, dw, da = (f"{x:.4f}" for x in (delta, 2 * delta, 0.5 * delta))
    want = [
        "before backward: the output's gradient is the seed 1.000",
        f"step 1: o → z: local {d} × upstream 1.000 = {d}; grad of z is now {d}",
        f"step 2: z → w₁: local 2.000 × upstream {d} = {dw}; grad of w₁ is now {dw}",
        f"step 3: z → a₁: local 0.5000 × upstream {d} = {da}; grad of a₁ is now {da}",
        f"step 4: z → b: local 1.000 × upstream {d} = {d}; grad of b is now {d}",
    ]
    assert step_player(o, view=view).captions == want
    for i in range(4):
        assert want[i + 1] in _texts(draw_step(o, i, view=view).svg())
    assert want[4] in _texts(frames(o, view=view)[4].svg())
    assert str(list(backward_steps(o))[3]).startswith("step 4: dot=1 → 0: local 1")
    # an unlabelled op result, in words (the picture's box: add), not "add=-5.000"
    t = math.tanh(-5.0)
    first = step_player(small(), view=view).captions[1]
    s = f"{1 - t * t:.4g}"
    assert first == f"step 1: tanh → add: local {s} × upstream 1.000 = {s}; grad of add is now {s}"


STEP_PICTURES: dict[str, Callable[..., Any]] = {
    "draw_step": lambda root, tmp, **options: draw_step(root, 0, **options),
    "write_frames": lambda root, tmp, **options: write_frames(root, tmp, **options),
    "step_player": lambda root, tmp, **options: step_player(root, **options),
}


@pytest.mark.parametrize("function", list(STEP_PICTURES))
@pytest.mark.parametrize(
    ("options", "error", "words"),
    [({"rankdir": "XX"}, ValueError, "rankdir must be LR, RL, TB, BT or auto, got 'XX'"),
     ({"size": "big"}, ValueError, "size must be 'fit' or 'natural', got 'big'"),
     ({"size": "natural", "height": 600}, ValueError,
      "height= fits the picture into a slide's box, and size='natural' keeps Graphviz's size"),
     ({"collapse": "all"}, ValueError, "collapse must be one of"),
     ({"view": "sideways"}, ValueError, "view must be one of ('forward', 'backward')"),
     ({"max_nodes": 1}, ValueError, "the drawing would have 3 nodes, more than max_nodes=1"),
     ({"colour": True}, TypeError, "unknown option 'colour'")],
)  # fmt: skip
def test_a_step_picture_names_itself_in_its_options_errors(
    function: str, options: dict[str, Any], error: type, words: str, tmp_path: Path
) -> None:
    """draw_step(y, 0, rankdir="XX") said "draw_graph: rankdir must be …", a function
    not called, and an unknown option "draw_graph() got an unexpected keyword argument";
    write_frames and step_player the same. Each now names itself. Oracle: the name
    called, and the three nodes of x·x (x, the product and its op) counted by hand."""
    x = Value(2.0, label="x")
    with pytest.raises(error) as caught:
        STEP_PICTURES[function](x * x, tmp_path, **options)
    message = str(caught.value)
    assert message.startswith(f"{function}: "), message
    assert words in message and "draw_graph:" not in message, message
    assert not list(tmp_path.iterdir())  # refused before a frame was written


def test_a_step_pictures_refusals_offer_what_it_takes(tmp_path: Path) -> None:
    """write_frames and step_player given a title said "draw_graph() got multiple values
    for keyword argument 'title'"; a step picture over max_nodes was told to pass
    collapse='layer', which every step picture refuses. Oracle: the options each takes
    (draw_step a title; the frames are titled by their steps) and the folds it allows."""
    x = Value(2.0, label="x")
    for function in ("write_frames", "step_player"):
        with pytest.raises(TypeError, match=rf"^{function}: no title"):
            STEP_PICTURES[function](x * x, tmp_path, title="mine")
    assert "mine" in _texts(draw_step(x * x, 0, title="mine").svg())
    a = dot([Value(0.5, label="w1")], [x]).tanh()
    out = dot([Value(-1.0, label="w2")], [a])  # two neurons
    with pytest.raises(ValueError, match=r"^draw_step: .*collapse='neuron'") as caught:
        draw_step(out, 0, max_nodes=3)
    assert "'layer'" not in str(caught.value) and "'expr'" not in str(caught.value)


def test_a_missing_renderer_is_reported_in_the_step_pictures_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no renderer installed, draw_step(…).svg() said "draw_graph: no Graphviz
    renderer found": the picture knew it was draw_step's (its other rendering errors
    said so), the search for a renderer did not. Oracle: the name called."""
    import autograd_mini.render as render_module

    monkeypatch.setattr(render_module.shutil, "which", lambda name: None)
    monkeypatch.setattr(render_module.sys, "executable", str(tmp_path / "python"))
    x = Value(2.0, label="x")
    picture = draw_step(x * x, 0)
    with pytest.raises(render_module.RendererNotFound, match=r"^draw_step: no Graphviz"):
        picture.svg()


def test_captions_that_are_no_list_of_str_and_frames_into_a_file_are_refused(
    tmp_path: Path,
) -> None:
    """player.captions = None said "'NoneType' object is not iterable"; a str was split
    into one caption per letter when its length matched; write_frames into a file said
    mkdir's raw "[Errno 17] File exists"."""
    x = Value(2.0, label="x")
    o = (x * 3.0).tanh()
    player = step_player(o)
    n = len(player)
    for bad in (None, 3, "a" * n):
        with pytest.raises(TypeError, match=r"^step_player: captions must be a list of str"):
            player.captions = bad  # type: ignore[assignment]
    with pytest.raises(TypeError, match=r"^step_player: descriptions must be a list of str"):
        player.descriptions = [1] * n  # type: ignore[list-item]
    taken = tmp_path / "taken.json"
    taken.write_text("{}", encoding="utf-8")
    with pytest.raises(FileExistsError, match=r"^write_frames: '.*taken\.json' is a file, not"):
        write_frames(o, taken)
    assert taken.read_text(encoding="utf-8") == "{}"


def test_the_numbers_a_step_shows_have_one_list() -> None:
    """_format (the forward view's frames) and backward_format (the backward view's)
    each listed the numbers a step shows: a number added to a step's caption and to one
    list only would leave the other view's format unaware of it. Both read _shown. Here
    against the chain rule by hand: x = 2, m = 3x, f = m·m, so f's steps show upstream 1,
    local 6 twice, contribution 6 twice and the grad of m summed so far 6 then 12; m's
    step upstream 12, local 3, contribution 36, grad of x 36 — in the pass's order, each
    once a step (compared as sets, a list that lost every contribution, or every sum so
    far, still matched: here each is also a sum, an upstream or a local). Then against
    the engine's steps (zero steps too), number by number: a step that shows a number
    _shown does not list, or a number added to Step and not to _shown, fails here."""
    import dataclasses

    from autograd_mini.backward import topological_order
    from autograd_mini.steps import Step, _shown

    numbers = {f.name for f in dataclasses.fields(Step) if f.type in ("float", "float | Fraction")}
    assert numbers == {"local_grad", "upstream", "contribution", "parent_grad_after"}
    x = Value(2.0, label="x")
    m = x * 3.0
    f = m * m
    shown, upstream = _shown(f, 1.0, topological_order(f))
    assert shown == [1.0, 6.0, 6.0, 6.0, 6.0, 6.0, 12.0, 12.0, 3.0, 36.0, 36.0]
    assert (upstream[f], upstream[m], upstream[x]) == (1.0, 12.0, 36.0)
    y = Value(0.25, label="y")
    u = y * 4.0
    for root in (f, (Value(-1.5) * Value(2.0)).relu() + u * y + u):
        order = topological_order(root)
        steps = list(backward_steps(root, 2.5, skip_zero=False))
        told: list[float] = []  # each node's upstream and locals, then its steps' numbers
        for node in order:
            mine = [s for s in steps if s.node is node]
            told += (mine[0].upstream, *(s.local_grad for s in mine))
            if mine[0].upstream != 0.0:  # a zero step sends nothing: no number of its own
                told += (n for s in mine for n in (s.contribution, s.parent_grad_after))
        assert _shown(root, 2.5, order)[0] == told
