"""Drawing the seeds' 784-16-16-10 network: how long a collapsed picture takes.

Issue 4 asks that the seeds' network (13,002 parameters, about 26,000 graph nodes) render
collapsed "in a few seconds". This script builds that network's graph for one sample
with a squared-error loss, runs ``backward()``, and times ``draw_graph(loss,
collapse=mode).svg()`` — building the DOT text and laying it out with the renderer that
``draw_graph`` finds (system ``dot`` if on PATH, else the ``graphviz-pure`` wheel) — for
each collapse mode. The uncollapsed graph is refused by ``max_nodes`` by design, so it is
not timed. Figures are medians of ``--repeats`` runs.

Run: ``.venv/bin/python benchmarks/draw.py`` (a few seconds).
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import time

from autograd_mini import Value, dot, draw_graph, vsum
from autograd_mini.draw import find_renderer


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    loss = seed_network()
    print(f"# renderer: {find_renderer()}")
    print("| collapse | nodes drawn | DOT text | DOT + layout to SVG |")
    print("|---|---|---|---|")
    for mode in ("inputs", "neuron", "layer"):
        source_times, svg_times = [], []
        nodes = 0
        for _ in range(args.repeats):
            start = time.perf_counter()
            graph = draw_graph(loss, collapse=mode)
            middle = time.perf_counter()
            graph.svg()
            end = time.perf_counter()
            source_times.append(middle - start)
            svg_times.append(end - start)
            nodes = graph.node_count
        print(
            f"| {mode} | {nodes} | {statistics.median(source_times) * 1000:.0f} ms "
            f"| {statistics.median(svg_times) * 1000:.0f} ms |"
        )


if __name__ == "__main__":
    main()
