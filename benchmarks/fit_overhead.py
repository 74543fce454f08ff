"""What ``nn.fit(compiled=True)`` costs beyond the bare loop, part by part (issue 11).

The workload of ``fit_epoch.py`` (60,000 MNIST-shaped samples, 784-16-16-10 sigmoid,
squared error, SGD). Timed in one process, interleaved, medians of CPU time
(``time.thread_time``, which other jobs on a shared machine disturb less than wall time):

* fit's set-up, in its parts: the data checks (``_checked_data``), then building the
  compiled run (``_CompiledRun``: target matrix, trace, and the check of sixteen samples
  against the eager engine), with the check timed apart;
* one epoch of fit's loop (the replay, the cost, accuracy and ``SGD.step_arrays`` per
  batch) against the bare loop over the same trace (``benchmarks/compiled_sgd.py``: the
  replay and an update), the trace's set-up excluded from both.

Run: ``OPENBLAS_NUM_THREADS=1 .venv/bin/python -m benchmarks.fit_overhead`` (about a
minute).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np

from autograd_mini.trace import trace, traced
from autograd_mini.trace.check import compare_with_eager
from benchmarks.compiled_sgd import fit_compiled
from benchmarks.fit_epoch import LR, SIZES, fit_model, make_data, traced_loss
from nn import train
from nn.losses import get_loss


def _cpu(f: Callable[..., object], *args: object) -> float:
    """CPU milliseconds of ``f(*args)``."""
    start = time.thread_time()
    f(*args)
    return (time.thread_time() - start) * 1000


def _fit_epoch(run: train._CompiledRun, b: int) -> None:
    for _ in run.epoch(b, True, np.random.default_rng(0)):
        pass


def _bare_epoch(t: object, X: np.ndarray, Y: np.ndarray, b: int) -> None:
    fit_compiled(t, X, Y, lr=LR, batch_size=b, epochs=1, seed=0)  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--batches", type=int, nargs="+", default=[16, 64, 256])
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    X, Y, labels = make_data(60_000)
    loss_fn = get_loss("squared_error")
    print(f"# nn.fit(compiled=True) beyond the bare loop, 60,000 samples; CPU ms, medians of "
          f"{args.rounds}; OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}, "
          f"load average {os.getloadavg()[0]:.1f} at start")  # fmt: skip
    setup: dict[str, list[float]] = {
        "data checks": [],
        "compiled run": [],
        "of which the check": [],
    }
    seen: dict[str, float] = {}

    def timed_check(*a: object, **k: object) -> None:
        start = time.thread_time()
        compare_with_eager(*a, **k)  # type: ignore[arg-type]
        seen["check"] = (time.thread_time() - start) * 1000

    for _ in range(args.rounds):
        model, opt = fit_model()
        data = train._checked_data(model, X, labels, loss_fn, "")
        setup["data checks"].append(_cpu(train._checked_data, model, X, labels, loss_fn, ""))
        traced.compare_with_eager = timed_check  # type: ignore[assignment]
        try:
            setup["compiled run"].append(_cpu(train._CompiledRun, model, *data, loss_fn, opt, 0.0))
        finally:
            traced.compare_with_eager = compare_with_eager
        setup["of which the check"].append(seen["check"])
    print("\n| set-up part | ms |\n|---|---|")
    for name, v in setup.items():
        print(f"| {name} | {statistics.median(v):.0f} |")

    print("\n| B | fit's epoch loop, ms | bare loop, ms | difference per batch, µs |")
    print("|---|---|---|---|")
    for b in args.batches:
        fit_ms, bare_ms = [], []
        for _ in range(args.rounds):
            model, opt = fit_model()
            run = train._CompiledRun(model, *train._checked_data(model, X, labels, loss_fn, ""),
                                     loss_fn, opt, 0.0)  # fmt: skip
            fit_ms.append(_cpu(_fit_epoch, run, b))
            loss, params = traced_loss(SIZES)
            bare = trace(loss, X[0].tolist(), Y[0].tolist(), params=params)
            bare_ms.append(_cpu(_bare_epoch, bare, X, Y, b))
        f, g = statistics.median(fit_ms), statistics.median(bare_ms)
        print(f"| {b} | {f:.0f} | {g:.0f} | {(f - g) * 1000 / (60_000 / b):+.1f} |")
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
