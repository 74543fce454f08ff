"""The engine of this checkout against the engine of another git ref, in one process.

A change to the hot paths (``_binary``, ``dot``, the backward loop) is judged by the
ratio new/old on the workloads of ``benchmarks/engine.py`` (W1, W2, W3, W4; written
inline here as there). The old engine is taken from ``git archive REF autograd_mini``
into a temporary folder and imported under another name, so both run in this process,
interleaved (old, new / new, old, …). Each sample times enough calls to last about
20 ms; the figure is the median of the per-pair ratios, which cancels slow drifts in the
load of a shared machine better than a ratio of medians.

Run: ``.venv/bin/python benchmarks/compare_engine.py --ref main --pairs 41`` (~1 min).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import itertools
import random
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
Run = Callable[[], object]


def old_engine(ref: str, folder: Path) -> ModuleType:
    """``autograd_mini`` as of ``ref``, importable as ``autograd_mini_old``."""
    archive = folder / "old.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", "archive", ref, "autograd_mini"], cwd=ROOT, stdout=out, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    package = folder / "autograd_mini_old"
    (folder / "autograd_mini").rename(package)
    for path in package.rglob("*.py"):  # subpackages too (trace/ imported the new engine)
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\bautograd_mini\b", "autograd_mini_old", text), encoding="utf-8")
    sys.path.insert(0, str(folder))
    return importlib.import_module("autograd_mini_old")


def mlp(E: Any, sizes: list[int], seed: int) -> list[list[tuple[list[Any], Any]]]:
    rng = random.Random(seed)
    return [
        [([E.Value(rng.uniform(-1, 1)) for _ in range(nin)], E.Value(0.0)) for _ in range(nout)]
        for nin, nout in itertools.pairwise(sizes)
    ]


def forward(E: Any, layers: list[list[tuple[list[Any], Any]]], x: list[Any]) -> list[Any]:
    a = x
    for i, layer in enumerate(layers):
        a = [E.dot(w, a, b) for w, b in layer]
        if i < len(layers) - 1:
            a = [z.relu() for z in a]
    return a


def w1(E: Any) -> Run:
    rng = random.Random(1)
    w = [E.Value(rng.uniform(-1, 1)) for _ in range(784)]
    b = E.Value(0.1)
    x = [rng.random() for _ in range(784)]
    return lambda: E.dot(w, x, b).relu().backward()


def w2(E: Any, phase: str) -> Run:
    layers = mlp(E, [784, 16, 16, 10], 2)
    rng = random.Random(3)
    x = [rng.random() for _ in range(784)]
    t = [rng.random() for _ in range(10)]

    def loss() -> Any:
        out = forward(E, layers, x)
        return E.vsum([(o - ti) * (o - ti) for o, ti in zip(out, t, strict=True)])

    if phase == "forward":
        return loss
    if phase == "backward":
        root = loss()
        return lambda: root.backward()
    return lambda: loss().backward()


def w3(E: Any) -> Run:
    layers = mlp(E, [2, 16, 16, 1], 4)
    params = [p for layer in layers for w, b in layer for p in (*w, b)]
    rng = random.Random(5)
    X = [[rng.uniform(-2, 2), rng.uniform(-2, 2)] for _ in range(100)]
    Y = [rng.choice((-1.0, 1.0)) for _ in range(100)]

    def step() -> None:
        inputs = [[E.Value(v) for v in row] for row in X]
        scores = [forward(E, layers, row)[0] for row in inputs]
        losses = [(1 + -yi * si).relu() for yi, si in zip(Y, scores, strict=True)]
        total = E.vsum(losses) * (1.0 / 100) + 1e-4 * E.dot(params, params)
        for p in params:
            p.grad = 0.0
        total.backward()
        for p in params:
            p.data -= 0.01 * p.grad

    return step


def w4(E: Any, n: int, phase: str) -> Run:
    def build() -> Any:
        x = E.Value(1.0)
        for _ in range(n):
            x = x * 1.0001 + 0.0001
        return x

    if phase == "build":
        return build
    root = build()
    return lambda: root.backward()


CASES: list[tuple[str, str, Callable[[Any], Run]]] = [
    ("W1 neuron 784, x floats", "fwd+bwd", w1),
    ("W2 MLP 784-16-16-10", "fwd+bwd", lambda E: w2(E, "fwd+bwd")),
    ("W2 MLP 784-16-16-10", "forward", lambda E: w2(E, "forward")),
    ("W2 MLP 784-16-16-10", "backward", lambda E: w2(E, "backward")),
    ("W3 moons step 2-16-16-1, batch 100", "step", w3),
    ("W4 chain N=10,000", "build", lambda E: w4(E, 10_000, "build")),
    ("W4 chain N=10,000", "backward", lambda E: w4(E, 10_000, "backward")),
    ("W4 chain N=100,000", "backward", lambda E: w4(E, 100_000, "backward")),
]


def seconds(run: Run, calls: int) -> float:
    gc.collect()
    start = time.perf_counter()
    for _ in range(calls):
        run()
    return (time.perf_counter() - start) / calls


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", default="main", help="git ref of the old engine (default main)")
    parser.add_argument("--pairs", type=int, default=41, help="interleaved pairs per workload")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    new = importlib.import_module("autograd_mini")
    with tempfile.TemporaryDirectory() as tmp:
        old = old_engine(args.ref, Path(tmp))
        print(f"# this checkout vs {args.ref}: medians of {args.pairs} interleaved pairs")
        print("| workload | timed | old | new | new/old (median of pair ratios, IQR) |")
        print("|---|---|---|---|---|")
        for name, phase, make in CASES:
            runs = {"old": make(old), "new": make(new)}
            calls = max(1, int(0.02 / max(seconds(runs["old"], 1), 1e-6)))
            times: dict[str, list[float]] = {"old": [], "new": []}
            ratios = []
            for i in range(args.pairs):
                got = {}
                for key in ("old", "new") if i % 2 == 0 else ("new", "old"):
                    got[key] = seconds(runs[key], calls)
                    times[key].append(got[key])
                ratios.append(got["new"] / got["old"])
            q1, _, q3 = statistics.quantiles(ratios, n=4)
            old_ms, new_ms = (statistics.median(times[k]) * 1e3 for k in ("old", "new"))
            print(
                f"| {name} | {phase} | {old_ms:.3f} ms | {new_ms:.3f} ms | "
                f"{statistics.median(ratios):.3f} ({q1:.2f} to {q3:.2f}) |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
