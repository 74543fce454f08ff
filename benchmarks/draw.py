"""Drawing: render time and final size of the pictures people meet.

For each graph below this script times ``draw_graph(root, **options).svg()`` — building the
DOT text, laying it out with the renderer ``draw_graph`` finds (system ``dot`` if on PATH,
else the ``graphviz-pure`` wheel: run it without a system Graphviz to measure the default
install) and applying the size policy — and reports the final size: drawn nodes, the SVG's
width × height in CSS px and the smallest text in px as a browser shows it, and whether
the picture fits a 1,000 px column or scrolls sideways.

Graphs (issue 12's list):

* the README neuron, ``tanh(x1·w1 + x2·w2 + b)``, forward and backward views;
* the demo's one output neuron, ``(σ(Σ w·a + b) − y)²`` with 16 inputs (one ``dot`` node,
  drawn as its formula table);
* the 2nd to 6th derivatives of tanh, made with ``gradients(..., create_graph=True)``
  (the 6th has 418 values): as drawn by default, and folded with ``collapse="expr"``;
* the seeds' 784-16-16-10 network on one sample, ``collapse="layer"`` (and "neuron", and
  "neuron" in the backward view, whose number format reads every step's numbers).

``--compare`` also times the 5th derivative's DOT as the library wrote it before this
change (edge labels as real labels, which dot ranks as virtual nodes; no effort caps), in
the same process, interleaved with today's, to show what made the layout slow.

Figures are medians of ``--repeats`` runs. Run: ``.venv/bin/python benchmarks/draw.py``.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from autograd_mini import Value, dot, draw_graph, gradients, vsum
from autograd_mini.draw import BIG_LAYOUT
from autograd_mini.render import COLUMN_PX, find_renderer, render
from nn.demo import output_cost

SVG = "{http://www.w3.org/2000/svg}"


def seed_network(seed: int = 0) -> Value:
    """The loss Σ(a − y)² of the 784-16-16-10 sigmoid network on one random input."""
    rng = random.Random(seed)
    acts: list[Value] | list[float] = [rng.random() for _ in range(784)]
    for n_in, n_out in itertools.pairwise([784, 16, 16, 10]):
        acts = [
            dot([Value(rng.gauss(0, 0.1)) for _ in range(n_in)], acts, Value(0.0)).sigmoid()
            for _ in range(n_out)
        ]
    loss = vsum([(a - (1.0 if i == 3 else 0.0)) ** 2 for i, a in enumerate(acts)])
    loss.backward()
    return loss


def readme_neuron() -> Value:
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    out = (x1 * w1 + x2 * w2 + Value(6.8813735870195432, label="b")).tanh()
    out.label = "o"
    out.backward()
    return out


def demo_neuron(seed: int = 0) -> Value:
    """One output neuron's cost as ``autograd-mini-demo`` draws it (16 hidden inputs)."""
    rng = random.Random(seed)
    ws = [rng.gauss(0, 0.5) for _ in range(16)]
    acts = [rng.random() for _ in range(16)]
    return output_cost(ws, acts, rng.gauss(0, 0.5), "sigmoid")


def tanh_derivative(n: int) -> Value:
    x = Value(0.5, label="x")
    y = x.tanh()
    for _ in range(n):
        (y,) = gradients(y, [x], create_graph=True)
    y.backward()
    return y


def size_of(svg: str) -> tuple[float, float, float]:
    root = ET.fromstring(svg.encode("utf-8"))
    w, h = float(root.get("width", "0px")[:-2]), float(root.get("height", "0px")[:-2])
    vw = float((root.get("viewBox") or "0 0 1 1").split()[2])
    fonts = [float(t.get("font-size", "14")) for t in root.iter(f"{SVG}text")]
    return w, h, min(fonts) * w / vw


def cases() -> list[tuple[str, Callable[[], Value], dict[str, Any]]]:
    out: list[tuple[str, Callable[[], Value], dict[str, Any]]] = [
        ("README neuron", readme_neuron, {}),
        ("README neuron, backward view", readme_neuron, {"view": "backward"}),
        ("demo's output neuron", demo_neuron, {}),
        ("demo's output neuron, backward view", demo_neuron, {"view": "backward"}),
    ]
    for n in range(2, 7):
        out.append((f"tanh, derivative {n}", lambda n=n: tanh_derivative(n), {}))
        out.append(
            (
                f"tanh, derivative {n}, collapse='expr'",
                lambda n=n: tanh_derivative(n),
                {"collapse": "expr"},
            )
        )
    out.append(("784-16-16-10, collapse='layer'", seed_network, {"collapse": "layer"}))
    out.append(("784-16-16-10, collapse='neuron'", seed_network, {"collapse": "neuron"}))
    # the backward view reads every step's numbers for its format (steps.backward_format)
    out.append(
        (
            "784-16-16-10, collapse='neuron', backward view",
            seed_network,
            {"collapse": "neuron", "view": "backward"},
        )
    )
    return out


def old_style(source: str) -> str:
    """Today's DOT as the library wrote it before: real edge labels, no effort caps."""
    source = source.replace("xlabel=", "label=")
    for key, value in BIG_LAYOUT.items():
        source = source.replace(f" {key}={value}", "").replace(f"{key}={value} ", "")
    return source


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--compare", action="store_true", help="time the 5th derivative's old DOT too")
    ap.add_argument("--only", help="only cases whose name contains this text")
    args = ap.parse_args()
    renderer = find_renderer()
    print(f"# renderer: {renderer}; medians of {args.repeats}")
    print(
        "| graph | nodes drawn | render (DOT + layout + size) | width × height px "
        "| smallest text | fits 1,000 px? |"
    )
    print("|---|---|---|---|---|---|")
    for name, make, options in cases():
        if args.only and args.only not in name:
            continue
        root = make()
        times = []
        svg = ""
        nodes = 0
        for _ in range(args.repeats):
            start = time.perf_counter()
            graph = draw_graph(root, **options)
            svg = graph.svg()
            times.append(time.perf_counter() - start)
            nodes = graph.node_count
        w, h, text = size_of(svg)
        fits = "yes" if w <= COLUMN_PX + 0.5 else "scrolls"
        print(
            f"| {name} | {nodes} | {statistics.median(times):.2f} s | {w:.0f} × {h:.0f} "
            f"| {text:.1f} px | {fits} |",
            flush=True,
        )
    if args.compare:
        source = draw_graph(tanh_derivative(5)).source
        variants = {"today": source, "before (labels ranked, no caps)": old_style(source)}
        timings: dict[str, list[float]] = {k: [] for k in variants}
        for _ in range(args.repeats):
            for key, text in variants.items():  # interleaved
                start = time.perf_counter()
                render(text, "svg", renderer, timeout=600)
                timings[key].append(time.perf_counter() - start)
        today = statistics.median(timings["today"])
        for key, ts in timings.items():
            m = statistics.median(ts)
            print(f"tanh derivative 5, layout only, {key}: {m:.2f} s ({m / today:.1f}× today)")


if __name__ == "__main__":
    main()
