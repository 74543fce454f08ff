"""What ``nn.fit(compiled=True)`` costs beyond the bare loop, part by part (issue 11).

The workload of ``fit_epoch.py`` (60,000 MNIST-shaped samples, 784-16-16-10 sigmoid,
squared error, SGD). Timed in one process, interleaved, medians of CPU time
(``time.thread_time``, which other jobs on a shared machine disturb less than wall time):

* fit's set-up, in its parts: the data checks (``_checked_data``), then building the
  compiled run (``_CompiledRun``: target matrix, trace, and the check of sixteen samples
  against the eager engine), with the check timed apart;
* one epoch of fit's loop (the replay, the cost, accuracy and the checked step per
  batch) against the bare loop over the same trace (``benchmarks/compiled_sgd.py``: the
  replay and an update), the trace's set-up excluded from both;
* per batch, fit's epoch loop in its parts — fetching the batch (``nn.data.batches``),
  the replay (``Traced.run``), the checked step (``SGD._checked_update``, the part of
  ``step_arrays`` after its gradient check, which the replay has done), accuracy, and the
  rest (the loop's own lines, the epoch's set-up and write-back) — beside numpy by hand
  on the same batches (fetching them, then ``fit_epoch.numpy_step``): wall time
  (``time.perf_counter``, as a CPU clock read costs a system call), so run it on a quiet
  machine.

Run: ``OPENBLAS_NUM_THREADS=1 .venv/bin/python -m benchmarks.fit_overhead`` (about two
minutes).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import numpy as np

from autograd_mini.trace import trace, traced
from autograd_mini.trace.check import compare_with_eager
from benchmarks.compiled_sgd import fit_compiled
from benchmarks.fit_epoch import (
    LR,
    SIZES,
    fit_model,
    initial_weights,
    make_data,
    numpy_step,
    traced_loss,
)
from nn import train
from nn.data import batches
from nn.losses import Loss, get_loss


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


class _Parts:
    """Wall seconds spent inside each wrapped callable, added up by name, and the number
    of batches fetched."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.batches = 0

    def wrap(self, name: str, f: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return f(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - start

        return timed

    def fetch(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        """``nn.data.batches``, each batch's fetch timed."""
        it = batches(*args, **kwargs)
        while True:
            start = time.perf_counter()
            item = next(it, None)
            self.seconds["fetch"] += time.perf_counter() - start
            if item is None:
                return
            self.batches += 1
            yield item


FIT_PARTS = ("fetch", "replay", "step", "accuracy", "rest")


def _fit_parts(run: train._CompiledRun, b: int) -> dict[str, float]:
    """µs per batch of one epoch of fit's loop, by part. "rest" is the loop's own lines
    (the cost, the result), the epoch's own set-up and write-back (the parameter vector
    gathered, the optimizer's arrays put in column order and back, 13,002 Values
    written), and the wrappers' own calls (about 0.25 µs each)."""
    parts = _Parts()
    with contextlib.ExitStack() as patches:  # every patch undone, whatever happens
        for owner, name, part in (
            (run.traced, "run", "replay"),
            (run.opt, "_checked_update", "step"),
            (train, "accuracy_arrays", "accuracy"),
        ):
            wrapped = parts.wrap(part, getattr(owner, name))
            patches.enter_context(mock.patch.object(owner, name, wrapped))
        patches.enter_context(mock.patch.object(train, "batches", parts.fetch))
        start = time.perf_counter()
        _fit_epoch(run, b)
        total = time.perf_counter() - start
    parts.seconds["rest"] = total - sum(parts.seconds.values())
    return {k: parts.seconds[k] * 1e6 / parts.batches for k in FIT_PARTS}


def _hand_parts(run: train._CompiledRun, b: int) -> dict[str, float]:
    """µs per batch of numpy by hand on the batches fit's loop fetches: fetch, compute."""
    weights = [(W.copy(), v.copy()) for W, v in initial_weights(SIZES)]
    seconds = {"fetch": 0.0, "compute": 0.0}
    n = 0
    it = batches(run.Xa, run.Y, b, True, np.random.default_rng(0), dtype=np.float64)
    start = time.perf_counter()
    for a0, t in it:
        fetched = time.perf_counter()
        seconds["fetch"] += fetched - start
        numpy_step(weights, a0, t)
        n += 1
        start = time.perf_counter()
        seconds["compute"] += start - fetched
    return {k: v * 1e6 / n for k, v in seconds.items()}


def _compiled_run(X: np.ndarray, labels: np.ndarray, loss_fn: Loss) -> train._CompiledRun:
    """fit's compiled run on a fresh model (data checks, trace and eager check done)."""
    model, opt = fit_model()
    data = train._checked_data(model, X, labels, loss_fn, "")
    return train._CompiledRun(model, *data, loss_fn, opt, 0.0)


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
            run = _compiled_run(X, labels, loss_fn)
            fit_ms.append(_cpu(_fit_epoch, run, b))
            loss, params = traced_loss(SIZES)
            bare = trace(loss, X[0].tolist(), Y[0].tolist(), params=params)
            bare_ms.append(_cpu(_bare_epoch, bare, X, Y, b))
        f, g = statistics.median(fit_ms), statistics.median(bare_ms)
        n_batches = -(-len(X) // b)  # the last one may be smaller, and counts
        print(f"| {b} | {f:.0f} | {g:.0f} | {(f - g) * 1000 / n_batches:+.1f} |")

    print("\n| B | numpy by hand: fetch + compute = µs per batch | fit's loop: "
          f"{' + '.join(FIT_PARTS)} = µs per batch | ratio |")  # fmt: skip
    print("|---|---|---|---|")
    for b in args.batches:
        fit_parts: dict[str, list[float]] = defaultdict(list)
        hand_parts: dict[str, list[float]] = defaultdict(list)
        run = _compiled_run(X, labels, loss_fn)
        for _ in range(args.rounds):
            for k, v in _fit_parts(run, b).items():
                fit_parts[k].append(v)
            for k, v in _hand_parts(run, b).items():
                hand_parts[k].append(v)
        fm = {k: statistics.median(v) for k, v in fit_parts.items()}
        hm = {k: statistics.median(v) for k, v in hand_parts.items()}
        hand_text = " + ".join(f"{v:.1f}" for v in hm.values())
        fit_text = " + ".join(f"{v:.1f}" for v in fm.values())
        h, f = sum(hm.values()), sum(fm.values())
        print(f"| {b} | {hand_text} = {h:.0f} | {fit_text} = {f:.0f} | {f / h:.2f} |")
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
