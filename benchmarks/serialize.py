"""``nn.save`` and ``nn.load``: the seeds' 784-16-16-10 network and a ~270k-parameter one.

Issue 9 item 7: loading was quadratic in the number of parameters (a set of names
rebuilt for every key: 3 to 12 s for the seeds' 13,002 where saving took 0.05 s). Each
round saves a model to a file, loads it back into a new model (``nn.load(path)``,
which rebuilds the network) and into an existing one (``nn.load(path, into=model)``),
interleaved; figures are medians over ``--repeats`` rounds. Every load is checked to
give back the saved numbers exactly.

Run: ``.venv/bin/python benchmarks/serialize.py`` (about half a minute).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if __name__ == "__main__":  # run as a script: make the project root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import nn

NETWORKS = {
    "784-16-16-10 (the seeds')": [16, 16, 10],
    "784-256-256-10": [256, 256, 10],
}


def _seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def measure(nouts: list[int], repeats: int, folder: str) -> dict[str, float]:
    model = nn.MLP(784, nouts, activation="sigmoid", output_activation="sigmoid", seed=0)
    into = nn.MLP(784, nouts, activation="sigmoid", output_activation="sigmoid", seed=1)
    want = model.state_dict()
    path = os.path.join(folder, "model.json")
    times: dict[str, list[float]] = {"save": [], "load": [], "load into": []}
    loaded: list[nn.Module] = []
    for _ in range(repeats):
        times["save"].append(_seconds(lambda: nn.save(model, path)))
        times["load"].append(_seconds(lambda: loaded.append(nn.load(path))))
        times["load into"].append(_seconds(lambda: nn.load(path, into=into)))
        if loaded.pop().state_dict() != want or into.state_dict() != want:
            raise SystemExit("load did not give back the saved numbers")
    out = {k: statistics.median(v) for k, v in times.items()}
    out["parameters"] = model.num_parameters()
    out["bytes"] = os.path.getsize(path)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args()
    print(f"# nn.save / nn.load, medians of {args.repeats} interleaved rounds")
    print("| network | parameters | file | save | load | load into | load ÷ save |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for name, nouts in NETWORKS.items():
            r = measure(nouts, args.repeats, folder)
            print(
                f"| {name} | {r['parameters']:,.0f} | {r['bytes'] / 1e6:.1f} MB "
                f"| {r['save'] * 1000:.0f} ms | {r['load'] * 1000:.0f} ms "
                f"| {r['load into'] * 1000:.0f} ms | {r['load'] / r['save']:.1f}× |"
            )


if __name__ == "__main__":
    main()
