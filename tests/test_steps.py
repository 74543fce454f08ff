"""Step-by-step backward: the steps add up to the engine's gradients and the seeds' formula."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from autograd_mini import Value, backward_steps, dot, draw_step, step_player, vsum, write_frames
from autograd_mini.draw import _ACTIVE, _GREY
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


def test_draw_step_highlights_the_active_edge_and_greys_the_rest() -> None:
    out = small()
    first = draw_step(out, -1).svg()
    assert "grad ?" in _texts(first) and _ACTIVE.lower() not in first.lower()
    svg = draw_step(out, 0).svg()
    strokes = [p.get("stroke", "") for p in ET.fromstring(svg).iter(f"{SVG}path")]
    assert _ACTIVE.lower() in (s.lower() for s in strokes)
    assert _GREY.lower() in (s.lower() for s in strokes)
    t = math.tanh(-5.0)
    assert f"{1 - t * t:.4g} × 1 = {1 - t * t:.4g}" in _texts(svg)
    last = draw_step(out, len(list(backward_steps(out))) - 1).svg()
    assert "grad ?" not in _texts(last)
    assert "grad -3.0000" not in _texts(last)  # ∂/∂x = w·(1 − t²), tiny, not −3
    with pytest.raises(IndexError, match="out of range"):
        draw_step(out, 99)


def _texts(svg: str) -> list[str]:
    return [(t.text or "").strip() for t in ET.fromstring(svg.encode()).iter(f"{SVG}text")]


def test_write_frames(tmp_path: Path) -> None:
    out = small()
    n = len(list(backward_steps(out)))
    paths = write_frames(out, tmp_path / "frames")
    assert [p.name for p in paths] == [f"step_{i:03d}.svg" for i in range(n + 1)]
    for p in paths:
        ET.fromstring(p.read_bytes())  # each is well-formed SVG


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


def test_too_many_frames_is_refused() -> None:
    xs = [Value(1.0) for _ in range(MAX_FRAMES)]
    with pytest.raises(ValueError, match="limit"):
        frames(vsum(xs))


def test_step_into_a_summarised_input_highlights_the_summary_edge() -> None:
    xs = [Value(float(i), label=f"x{i}") for i in range(4)]
    out = dot([Value(0.5) for _ in range(4)], xs).tanh()
    steps = list(backward_steps(out))
    assert len(steps) == 1 + 8  # tanh → dot, then 4 weights and 4 inputs
    g = draw_step(out, 5, collapse="neuron", collapse_threshold=2)
    svg = g.svg()
    words = _texts(svg)
    assert "4 w" in words and "4 x" in words
    red = [p for p in ET.fromstring(svg).iter(f"{SVG}path") if p.get("stroke") == _ACTIVE]
    assert len(red) == 1  # exactly one edge is active
