"""The optimizer's per-step bookkeeping of this checkout against another git ref.

Every step copies the optimizer's state (``Optimizer._state``, for the undo of a refused
step) and lists its float per-parameter arrays (``Optimizer._float_arrays``, for the
nan/inf check); both walk the attributes in plain Python, so on a small model they are a
visible part of a step. Timed for SGD with momentum and Adam on 17 parameters (the
2-4-1 network of the notebooks), old and new in one process, the eight timings of a round
in a shuffled order, medians over the rounds. The old code is taken from
``git archive REF nn autograd_mini`` into a temporary folder.

Run: ``.venv/bin/python benchmarks/optimizer_state.py --ref HEAD~1 --rounds 30`` (~20 s).
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import subprocess
import sys
import tarfile
import tempfile
import timeit
from pathlib import Path
from typing import Any


def _optimizers(path: str) -> list[Any]:
    """SGD(momentum) and Adam from the packages found first on ``path``."""
    for name in [k for k in sys.modules if k.split(".")[0] in ("nn", "autograd_mini")]:
        del sys.modules[name]
    sys.path.insert(0, path)
    try:
        import autograd_mini
        import nn
    finally:
        sys.path.pop(0)
    ps = [autograd_mini.Value(0.1) for _ in range(17)]
    return [nn.SGD(ps, lr=0.01, momentum=0.9), nn.Adam(ps, lr=1e-3)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default="HEAD~1")
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    here = str(Path(__file__).resolve().parent.parent)
    with tempfile.TemporaryDirectory() as old:
        tar = subprocess.run(
            ["git", "archive", args.ref, "nn", "autograd_mini"], cwd=here, check=True,
            capture_output=True,
        ).stdout  # fmt: skip
        with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
            archive.extractall(old, filter="data")
        versions = {args.ref: _optimizers(old), "this checkout": _optimizers(here)}
    cases = [
        (version, f"{type(opt).__name__} {what}", getattr(opt, what))
        for version, opts in versions.items()
        for opt in opts
        for what in ("_state", "_float_arrays")
    ]
    times: dict[tuple[str, str], list[float]] = {(v, c): [] for v, c, _ in cases}
    for _ in range(args.rounds):
        for version, case, fn in random.sample(cases, len(cases)):
            best = min(timeit.repeat(fn, number=2000, repeat=3)) / 2000
            times[version, case].append(best * 1e6)
    print(f"{'':24}" + "".join(f"{v:>16}" for v in versions))
    for case in dict.fromkeys(c for _, c, _ in cases):
        row = "".join(f"{statistics.median(times[v, case]):13.2f} µs" for v in versions)
        print(f"{case:24}{row}")


if __name__ == "__main__":
    main()
