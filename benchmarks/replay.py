"""The bare replay, before and after a change: one batch's forward and backward (issue 11).

``Traced.run`` on the 784-16-16-10 sigmoid network with squared error (the workload of
``fit_epoch.py``), against the same code at another git revision (``--against``, loaded
from ``git show REV:autograd_mini/trace.py`` next to today's engine) and against the
hand-written numpy forward and backward pass (the textbook δ recursion, no update). All
peers run interleaved in one process on the same batches; each figure is the median
over rounds of the CPU time (``time.thread_time``) per batch, so other jobs on the
machine disturb it less than wall time. Both replays' gradients are compared first,
with each other and with numpy's by hand (``fit_epoch.numpy_grads``).

Run: ``OPENBLAS_NUM_THREADS=1 .venv/bin/python -m benchmarks.replay --against e46b8a7``
(a revision where the tracer was the single module ``autograd_mini/trace.py``). The old
module runs on today's op table and numpy backend: a change there (a cheaper rule) speeds
up both columns, and shows only in a comparison of whole revisions (``fit_epoch.py``).

``--groups`` instead: "before" is today's replay run through its groups' own methods
(``Replay.forward`` and ``Replay.gradient``, the passes it falls back on when a number is
not finite), "after" the generated straight-line function it normally runs — the
comparison for ``autograd_mini/trace/emit.py``.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from autograd_mini.trace import trace
from benchmarks.fit_epoch import SIZES, flat, initial_weights, make_data, numpy_grads, traced_loss

Batch = tuple[np.ndarray, np.ndarray]


def load_before(rev: str) -> Any:
    """``autograd_mini/trace.py`` as it was at ``rev``, imported as a separate module."""
    source = subprocess.run(
        ["git", "show", f"{rev}:autograd_mini/trace.py"], check=True, capture_output=True
    ).stdout
    path = os.path.join(tempfile.mkdtemp(), "trace_before.py")
    with open(path, "wb") as f:
        f.write(source)
    spec = importlib.util.spec_from_file_location("trace_before", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def hand(batches: list[Batch]) -> Callable[[], None]:
    weights = initial_weights(SIZES)

    def run() -> None:
        for a0, t in batches:
            numpy_grads(weights, a0, t)

    return run


def replay(trace_fn: Callable[..., Any], batches: list[Batch], X: np.ndarray, Y: np.ndarray) -> Any:
    loss, params = traced_loss(SIZES)
    traced = trace_fn(loss, X[0].tolist(), Y[0].tolist(), params=params)
    q = traced.param_values()[traced.order]

    def run() -> None:
        for xb, yb in batches:
            traced.run([xb, yb], q, "mean")

    run.traced, run.q = traced, q  # type: ignore[attr-defined]
    return run


def groups(batches: list[Batch], X: np.ndarray, Y: np.ndarray) -> Any:
    """The replay through its groups' own passes, not the generated function."""
    after = replay(trace, batches, X, Y)
    rep, q = after.traced._replay, after.q

    class Groups:  # what replay() hands back: .traced.run and .q
        def run(self, b: list[np.ndarray], q: np.ndarray, reduction: str) -> Any:
            with np.errstate(all="ignore"):  # one per batch, as Replay.run enters
                vals, saved, out = rep.forward(b, q)
                return out, rep.gradient(vals, saved, len(b[0]), reduction)  # type: ignore[arg-type]

    passes = Groups()

    def run() -> None:
        for xb, yb in batches:
            passes.run([xb, yb], q, "mean")

    run.traced, run.q = passes, q  # type: ignore[attr-defined]
    return run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    which = ap.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--against",
        help="a git revision where the tracer was the one module autograd_mini/trace.py",
    )
    which.add_argument("--groups", action="store_true", help="the groups' own passes")
    ap.add_argument("--batches", type=int, nargs="+", default=[1, 16, 64, 256])
    ap.add_argument("--samples", type=int, default=2048, help="per round (B = 1: a quarter)")
    ap.add_argument("--rounds", type=int, default=15)
    args = ap.parse_args(argv)
    before = None if args.groups else load_before(args.against)
    X, Y, _ = make_data(args.samples)
    X, Y = X.astype(np.float64), Y.astype(np.float64)
    before_name = args.against or "groups"
    print(f"# bare replay, 784-16-16-10 sigmoid, squared error; before = {before_name}; "
          f"numpy {np.__version__}, OPENBLAS_NUM_THREADS="
          f"{os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}, load average "
          f"{os.getloadavg()[0]:.1f} at start")  # fmt: skip
    if args.groups:
        print("# before: the groups' own passes; after: the generated function")
    head = "| B | numpy by hand | before | after | before/hand | after/hand | after/before |"
    print(f"\n{head}  (µs per batch)")
    print("|---|---|---|---|---|---|---|")
    for b in args.batches:
        n = args.samples // 4 if b == 1 else args.samples
        batches = [(X[i : i + b], Y[i : i + b]) for i in range(0, n - b + 1, b)]
        peers = {"hand": hand(batches)}
        try:
            peers["before"] = (
                groups(batches, X, Y) if before is None else replay(before.trace, batches, X, Y)
            )
            _, g0 = peers["before"].traced.run(list(batches[0]), peers["before"].q, "mean")
        except Exception as exc:  # an old module on today's op table: rules have changed
            if before is None:
                raise
            raise SystemExit(
                f"benchmarks.replay: the trace.py of {args.against} does not run on today's "
                f"op table ({type(exc).__name__}: {exc}); run this command at a revision "
                f"of that time (benchmarks/README.md names the one its figures came from), "
                f"or compare whole revisions with benchmarks.fit_epoch"
            ) from exc
        peers["after"] = replay(trace, batches, X, Y)
        peers["after"].traced._replay.compiled()  # from the first batch on
        _, g1 = peers["after"].traced.run(list(batches[0]), peers["after"].q, "mean")
        np.testing.assert_allclose(g1, g0, rtol=1e-9, atol=1e-15)  # same numbers first
        by_hand = flat(numpy_grads(initial_weights(SIZES), *batches[0]))  # and numpy's
        after = peers["after"].traced.in_params_order(g1)
        np.testing.assert_allclose(after, by_hand, rtol=1e-9, atol=1e-15)
        times: dict[str, list[float]] = {k: [] for k in peers}
        for _ in range(args.rounds):
            for name, run in peers.items():
                start = time.thread_time()
                run()
                times[name].append((time.thread_time() - start) / len(batches))
        t = {k: statistics.median(v) * 1e6 for k, v in times.items()}
        print(f"| {b} | {t['hand']:.0f} | {t['before']:.0f} | {t['after']:.0f} | "
              f"{t['before'] / t['hand']:.2f} | {t['after'] / t['hand']:.2f} | "
              f"{t['after'] / t['before']:.2f} |")  # fmt: skip
    print(f"\nmedians of {args.rounds} rounds; load average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
