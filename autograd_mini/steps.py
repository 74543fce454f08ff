"""The backward pass one chain-rule step at a time, as numbers and as pictures.

Backpropagation is a sequence of identical moves. For a node z and one of its inputs p:

    contribution = ∂z/∂p · ∂root/∂z          (local derivative × upstream gradient)
    ∂root/∂p    += contribution

:func:`backward_steps` yields every such move in the order :meth:`Value.backward`
makes them, so that summing the contributions per node reproduces the engine's
gradients exactly. In the seeds' one-neuron-per-layer picture, where a = σ(z) feeds
z′ = w₃·a + … and z″ = w₄·a + …, the steps into ``a`` add w₃·∂C/∂z′ and w₄·∂C/∂z″ and
the step into ``z`` multiplies by σ′(z): ∂C/∂z = σ′(z)·[w₃·∂C/∂z′ + w₄·∂C/∂z″].

:func:`draw_step` pictures one step (active edge red, nodes the gradient has not
reached yet grey); :func:`write_frames` writes all of them as numbered SVG files;
:func:`step_player` makes a self-contained HTML slider for Jupyter (plain JavaScript,
no server or widget library).
"""

from __future__ import annotations

import html
import itertools
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograd_mini.backward import topological_order
from autograd_mini.draw import Graph, Overlay, _fmt, draw_graph
from autograd_mini.value import Number, Value, _number

__all__ = ["Step", "StepPlayer", "backward_steps", "draw_step", "step_player", "write_frames"]

_player_ids = itertools.count()

#: Refuse to make more frames than this (each is a full SVG picture).
MAX_FRAMES = 500


@dataclass(frozen=True)
class Step:
    """One application of the chain rule: ``parent``'s gradient += ``contribution``.

    ``contribution = local_grad · upstream`` where ``local_grad`` = ∂node/∂parent (stored
    by the forward pass) and ``upstream`` = ∂root/∂node (final by the time the step
    runs). ``parent_grad_after`` is ∂root/∂parent summed so far in this pass.
    """

    index: int
    node: Value
    parent: Value
    position: int
    local_grad: float
    upstream: float
    contribution: float
    parent_grad_after: float

    def __str__(self) -> str:
        node, parent = _name(self.node), _name(self.parent)
        return (
            f"step {self.index}: {node} → {parent}: local {self.local_grad:.6g} × upstream "
            f"{self.upstream:.6g} = {self.contribution:.6g}; "
            f"grad of {parent} is now {self.parent_grad_after:.6g}"
        )


def _name(v: Value) -> str:
    """A readable name: the label, else the op and value (unlabelled leaves: the value)."""
    if v.label:
        return v.label
    return f"{v.op}={v.data:.4g}" if v.op else f"{v.data:.4g}"


def backward_steps(root: Value, gradient: Number = 1.0, skip_zero: bool = True) -> Iterator[Step]:
    """Yield each chain-rule step of ``root.backward(gradient)``, in the engine's order.

    Gradients are accumulated in a private table: no ``.grad`` attribute is touched,
    so leaves keep whatever they held. Summing a leaf's contributions (starting from
    0) gives exactly the value one ``backward()`` from zeroed grads would store.
    With ``skip_zero`` (the engine's behaviour) a node whose gradient is exactly 0
    passes nothing on and yields no steps; ``skip_zero=False`` shows those steps too.
    """
    seed = _number(gradient, "backward_steps")
    adjoint: dict[Value, float] = {root: seed}
    index = 0
    for node in topological_order(root):
        upstream = adjoint.get(node, 0.0)
        if upstream == 0.0 and skip_zero:
            continue
        for position, (p, local) in enumerate(zip(node.parents, node.local_grads, strict=True)):
            contribution = local * upstream
            after = adjoint.get(p, 0.0) + contribution
            adjoint[p] = after
            yield Step(index, node, p, position, local, upstream, contribution, after)
            index += 1


def _overlays(root: Value, gradient: float, steps: list[Step]) -> Iterator[Overlay]:
    """Frame 0 (only the seed on the root), then the picture after each step."""
    grads: dict[Value, float] = {root: gradient}
    reached: set[Value] = {root}
    done: set[tuple[Value, int]] = set()
    yield Overlay(dict(grads), set(reached), set(done))
    for step in steps:
        grads[step.parent] = step.parent_grad_after
        reached.add(step.parent)
        text = f"{step.local_grad:.4g} × {step.upstream:.4g} = {step.contribution:.4g}"
        yield Overlay(dict(grads), set(reached), set(done), (step.node, step.position), text)
        done.add((step.node, step.position))


def draw_step(root: Value, index: int, gradient: Number = 1.0, **options: Any) -> Graph:
    """The picture after step ``index`` (−1: before any step), step edge in red.

    ``options`` are passed to :func:`draw_graph` (rankdir, precision, collapse, …).
    """
    seed = _number(gradient, "draw_step")
    steps = list(backward_steps(root, seed))
    if not -1 <= index < len(steps):
        raise IndexError(f"draw_step: step {index} out of range (-1 … {len(steps) - 1})")
    overlay = list(_overlays(root, seed, steps[: index + 1]))[-1]
    title = "before backward" if index < 0 else str(steps[index])
    return draw_graph(root, overlay=overlay, title=title, **options)


def frames(root: Value, gradient: Number = 1.0, **options: Any) -> list[Graph]:
    """One picture before backward and one after each step (see :func:`draw_step`)."""
    seed = _number(gradient, "frames")
    steps = list(backward_steps(root, seed))
    if len(steps) + 1 > MAX_FRAMES:
        raise ValueError(
            f"frames: {len(steps)} backward steps would make {len(steps) + 1} pictures "
            f"(limit {MAX_FRAMES}); step through a smaller graph"
        )
    titles = ["before backward", *map(str, steps)]
    return [
        draw_graph(root, overlay=overlay, title=title, **options)
        for overlay, title in zip(_overlays(root, seed, steps), titles, strict=True)
    ]


def write_frames(
    root: Value, directory: str | os.PathLike[str], gradient: Number = 1.0, **options: Any
) -> list[Path]:
    """Write ``step_000.svg``, ``step_001.svg``, … (frame 0 = before backward)."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    pictures = frames(root, gradient, **options)
    width = max(3, len(str(len(pictures) - 1)))
    paths = []
    for i, picture in enumerate(pictures):
        paths.append(picture.save(out / f"step_{i:0{width}d}.svg"))
    return paths


class StepPlayer:
    """All frames in one HTML snippet with a slider and ◀ ▶ buttons (plain JavaScript)."""

    def __init__(self, svgs: list[str], captions: list[str]) -> None:
        self.svgs = svgs
        self.captions = captions

    def __len__(self) -> int:
        return len(self.svgs)

    def html(self) -> str:
        """Self-contained HTML: frames are inline SVG, only one shown at a time."""
        uid = f"agm-player-{next(_player_ids)}"
        frames_html = "\n".join(
            f'<div class="{uid}-frame" style="display:{"block" if i == 0 else "none"}">'
            f"{_strip_prolog(svg)}</div>"
            for i, svg in enumerate(self.svgs)
        )
        last = len(self.svgs) - 1
        captions = html.escape(json.dumps(self.captions), quote=False)
        return f"""<div id="{uid}">
<div><button data-d="-1">◀</button>
<input type="range" min="0" max="{last}" value="0" style="width:60%">
<button data-d="1">▶</button> <span class="{uid}-caption"></span></div>
{frames_html}
<script type="application/json" class="{uid}-captions">{captions}</script>
<script>
(function() {{
  var root = document.getElementById("{uid}");
  var frames = root.getElementsByClassName("{uid}-frame");
  var slider = root.querySelector("input[type=range]");
  var caption = root.getElementsByClassName("{uid}-caption")[0];
  var captions = JSON.parse(root.getElementsByClassName("{uid}-captions")[0].textContent);
  function show(i) {{
    i = Math.max(0, Math.min(frames.length - 1, i));
    for (var k = 0; k < frames.length; k++) frames[k].style.display = k === i ? "block" : "none";
    slider.value = i;
    caption.textContent = captions[i];
  }}
  slider.addEventListener("input", function() {{ show(parseInt(slider.value, 10)); }});
  root.querySelectorAll("button").forEach(function(b) {{
    b.addEventListener("click", function() {{
      show(parseInt(slider.value, 10) + parseInt(b.getAttribute("data-d"), 10));
    }});
  }});
  show(0);
}})();
</script>
</div>"""

    def _repr_html_(self) -> str:
        return self.html()

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write a stand-alone HTML page with the player."""
        target = Path(path)
        target.write_text(
            f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n'
            f"{self.html()}\n</body></html>\n",
            encoding="utf-8",
        )
        return target


def _strip_prolog(svg: str) -> str:
    """Inline SVG must not carry the XML declaration or DOCTYPE."""
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def step_player(root: Value, gradient: Number = 1.0, **options: Any) -> StepPlayer:
    """A slider through every backward step, for Jupyter (``_repr_html_``) or a web page."""
    seed = _number(gradient, "step_player")
    steps = list(backward_steps(root, seed))
    pictures = frames(root, seed, **options)
    captions = ["before backward: the root's gradient is the seed " + _fmt(seed, 4)]
    captions += [str(s) for s in steps]
    return StepPlayer([p.svg() for p in pictures], captions)
