"""One training epoch of the seeds' 784-16-16-10 network: traced replay vs PyTorch vs micrograd.

The workload (issue 6): 60,000 synthetic samples (784 features in [0, 1), one-hot
targets over 10 classes), MLP 784-16-16-10 with sigmoid on every layer, squared error
Σₖ(oₖ − tₖ)² per sample averaged over the batch, plain mini-batch SGD, batch 64 (the
last batch holds the remaining 32 samples), one shuffled pass.

* **autograd-mini, traced**: the loss of ONE sample is built from Values (a neuron is
  ``dot(w, x, b).sigmoid()``), recorded once with ``trace`` and trained with
  ``fit_compiled`` (``benchmarks/compiled_sgd.py``), which replays it on each batch in
  numpy (float64).
* **PyTorch** (optional peer, if installed): ``nn.Sequential`` of Linear + Sigmoid,
  ``torch.optim.SGD``, the same initial weights and the same sample order; float32 (its
  default) and float64, with its default thread count and with one thread. The float64
  run must end with the same parameters as ours (relative 1e-6), which checks that both
  did the same work.
* **micrograd 0.1.0**: too slow for an epoch; one mini-batch of a few samples is timed
  (forward, backward, update) and the time per sample extrapolated to 60,000. micrograd
  has no sigmoid: the script adds one in micrograd's own style (a node whose
  ``_backward`` adds σ(1 − σ)·grad), and builds the layers with ``micrograd.nn.Layer``
  (linear neurons) so that the network is the same.

Peak memory of our epoch is measured in a child process: its peak resident set
(Linux ``VmHWM``, everything: interpreter, numpy, the data set, the traced graph) and the
peak of Python/numpy allocations during the epoch alone (tracemalloc).

Run: ``.venv/bin/python benchmarks/epoch.py`` (about a minute; ``--help`` for options).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

from autograd_mini import Value, dot, gradients, vsum
from autograd_mini.trace import Traced, trace
from benchmarks.compiled_sgd import fit_compiled

SIZES = (784, 16, 16, 10)
LR = 0.1
TARGETS = {"torch_ratio": 2.0, "micrograd_speedup": 1000.0, "peak_mb": 300.0}


# --------------------------------------------------------------------------- data, model


def make_data(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Synthetic MNIST-shaped data, stored as float32 like a real data set."""
    rng = np.random.default_rng(seed)
    X = rng.random((n, SIZES[0]), dtype=np.float32)
    Y = np.eye(SIZES[-1], dtype=np.float32)[rng.integers(0, SIZES[-1], n)]
    return X, Y


def initial_weights(seed: int = 1) -> list[tuple[np.ndarray, np.ndarray]]:
    """(W, b) per layer, W of shape (out, in): uniform ±1/√in, as torch's Linear draws."""
    rng = np.random.default_rng(seed)
    out = []
    for nin, nout in itertools.pairwise(SIZES):
        bound = 1 / math.sqrt(nin)
        out.append((rng.uniform(-bound, bound, (nout, nin)), rng.uniform(-bound, bound, nout)))
    return out


def our_model(
    weights: list[tuple[np.ndarray, np.ndarray]],
) -> tuple[Callable[[list[Value], list[Value]], Value], list[Value]]:
    """The per-sample loss Σ(σ(…) − t)² built from Values, and its parameters."""
    layers = []
    params: list[Value] = []
    for W, b in weights:
        layer = []
        for row, bias in zip(W.tolist(), b.tolist(), strict=True):
            w = [Value(v) for v in row]
            bv = Value(bias)
            layer.append((w, bv))
            params += [*w, bv]
        layers.append(layer)

    def loss(x: list[Value], t: list[Value]) -> Value:
        h: list[Value] = x
        for layer in layers:
            h = [dot(w, h, bv).sigmoid() for w, bv in layer]
        return vsum([(o - ti) ** 2 for o, ti in zip(h, t, strict=True)])

    return loss, params


def weights_of(params: list[Value]) -> list[tuple[np.ndarray, np.ndarray]]:
    flat = np.array([p.data for p in params])
    out, at = [], 0
    for nin, nout in itertools.pairwise(SIZES):
        block = flat[at : at + nout * (nin + 1)].reshape(nout, nin + 1)
        out.append((block[:, :nin], block[:, nin]))
        at += nout * (nin + 1)
    return out


# --------------------------------------------------------------------------- ours


def ours_epoch(traced: Traced, X: np.ndarray, Y: np.ndarray, batch: int) -> float:
    start = time.perf_counter()
    fit_compiled(traced, X, Y, lr=LR, batch_size=batch, epochs=1, seed=0)
    return time.perf_counter() - start


def eager_per_sample(X: np.ndarray, Y: np.ndarray, samples: int) -> float:
    """Our eager engine, one graph per sample: seconds per sample (forward + backward)."""
    loss, params = our_model(initial_weights())
    start = time.perf_counter()
    for r in range(samples):
        out = loss([Value(float(v)) for v in X[r]], [Value(float(v)) for v in Y[r]])
        gradients(out, params)
    return (time.perf_counter() - start) / samples


# --------------------------------------------------------------------------- PyTorch


def torch_epochs(
    X: np.ndarray, Y: np.ndarray, batch: int, repeats: int, ours_after: list[np.ndarray]
) -> dict[str, Any]:
    try:
        import torch
    except ImportError:
        return {"available": False}
    order = np.random.default_rng(0).permutation(len(X))  # fit_compiled's order, seed 0
    Xt, Yt = torch.from_numpy(X), torch.from_numpy(Y)
    default_threads = torch.get_num_threads()
    result: dict[str, Any] = {"available": True, "version": torch.__version__, "runs": {}}

    def build(dtype: Any) -> tuple[Any, Any]:
        layers: list[Any] = []
        for W, b in initial_weights():
            lin = torch.nn.Linear(W.shape[1], W.shape[0]).to(dtype)
            with torch.no_grad():
                lin.weight.copy_(torch.from_numpy(W))
                lin.bias.copy_(torch.from_numpy(b))
            layers += [lin, torch.nn.Sigmoid()]
        model = torch.nn.Sequential(*layers)
        return model, torch.optim.SGD(model.parameters(), lr=LR)

    def epoch(dtype: Any) -> tuple[float, Any]:
        model, opt = build(dtype)
        Xd, Yd = Xt.to(dtype), Yt.to(dtype)
        idx_all = torch.from_numpy(order)
        start = time.perf_counter()
        for s in range(0, len(X), batch):
            idx = idx_all[s : s + batch]
            xb, yb = Xd[idx], Yd[idx]
            loss = ((model(xb) - yb) ** 2).sum(dim=1).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
        return time.perf_counter() - start, model

    for threads in sorted({1, default_threads}):
        torch.set_num_threads(threads)
        for name, dtype in (("float32", torch.float32), ("float64", torch.float64)):
            times = []
            for _ in range(repeats):
                seconds, model = epoch(dtype)
                times.append(seconds)
            result["runs"][f"{name}, {threads} thread(s)"] = statistics.median(times)
            if dtype == torch.float64:  # same work: same parameters after the epoch
                theirs = [p.detach().numpy().ravel() for p in model.parameters()]
                worst = max(
                    float(np.max(np.abs(a - b)) / max(1e-12, float(np.max(np.abs(b)))))
                    for a, b in zip(theirs, ours_after, strict=True)
                )
                result["max_rel_param_diff_float64"] = worst
    torch.set_num_threads(default_threads)
    return result


# --------------------------------------------------------------------------- micrograd


def micrograd_per_sample(X: np.ndarray, Y: np.ndarray, samples: int) -> float | None:
    try:
        from micrograd import engine as mg_engine
        from micrograd import nn as mg_nn
    except ImportError:
        return None
    MGValue = mg_engine.Value

    def sigmoid(v: Any) -> Any:  # micrograd has no sigmoid: one in its own style
        s = (
            1 / (1 + math.exp(-v.data))
            if v.data >= 0
            else math.exp(v.data) / (1 + math.exp(v.data))
        )
        out = MGValue(s, (v,), "sigmoid")

        def _backward() -> None:
            v.grad += s * (1 - s) * out.grad

        out._backward = _backward
        return out

    random.seed(0)
    layers = [mg_nn.Layer(a, b, nonlin=False) for a, b in itertools.pairwise(SIZES)]
    params = [p for layer in layers for p in layer.parameters()]
    limit = sys.getrecursionlimit()
    start = time.perf_counter()
    for p in params:
        p.grad = 0
    total: Any = 0
    for r in range(samples):
        h: Any = X[r].tolist()
        for layer in layers:
            h = [sigmoid(z) for z in layer(h)]
        total = total + sum((o - t) ** 2 for o, t in zip(h, Y[r].tolist(), strict=True))
    total = total * (1 / samples)
    sys.setrecursionlimit(100_000)  # micrograd's backward is recursive
    try:
        total.backward()
    finally:
        sys.setrecursionlimit(limit)
    for p in params:
        p.data -= LR * p.grad
    return (time.perf_counter() - start) / samples


# --------------------------------------------------------------------------- memory


def _peak_rss_kb() -> float:
    """Peak resident set of this process in KiB: Linux ``VmHWM``, which starts afresh at
    exec (``ru_maxrss`` would carry over the parent's peak through fork + exec)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return float(line.split()[1])
    except OSError:
        pass
    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # KiB on Linux


def memory_child(samples: int, batch: int) -> dict[str, float]:
    """Run in a fresh process: one epoch, peak RSS and the epoch's allocation peak."""
    X, Y = make_data(samples)
    loss, params = our_model(initial_weights())
    traced = trace(loss, X[0].tolist(), Y[0].tolist(), params=params)
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    fit_compiled(traced, X, Y, lr=LR, batch_size=batch, epochs=1, seed=0)
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    rss_kb = _peak_rss_kb()
    return {
        "peak_rss_mb": rss_kb / 1024,
        "epoch_alloc_peak_mb": peak / 2**20,
        "dataset_mb": (X.nbytes + Y.nbytes) / 2**20,
    }


def measure_memory(samples: int, batch: int) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--memory-child", "--samples", str(samples)]
    cmd += ["--batch", str(batch)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


# --------------------------------------------------------------------------- main


def fmt_s(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:.2f} h"
    return f"{seconds:.3g} s" if seconds >= 1 else f"{seconds * 1e3:.3g} ms"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--samples", type=int, default=60_000)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=3, help="epochs timed per peer (median)")
    ap.add_argument("--mg-samples", type=int, default=3, help="samples timed for micrograd")
    ap.add_argument("--no-torch", action="store_true")
    ap.add_argument("--no-micrograd", action="store_true")
    ap.add_argument("--no-memory", action="store_true")
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.memory_child:
        print(json.dumps(memory_child(args.samples, args.batch)))
        return 0

    n, batch = args.samples, args.batch
    print(f"# One epoch: {n:,} samples, MLP {'-'.join(map(str, SIZES))}, sigmoid, squared error,")
    print(f"# SGD lr {LR}, batch {batch}. Python {platform.python_version()}, numpy "
          f"{np.__version__}, {os.cpu_count()} CPU(s), {platform.machine()}")  # fmt: skip
    X, Y = make_data(n)
    loss, params = our_model(initial_weights())
    start = time.perf_counter()
    traced = trace(loss, X[0].tolist(), Y[0].tolist(), params=params, check=True)
    trace_s = time.perf_counter() - start
    traced.backward(X[:batch], Y[:batch])  # check=True: compare with the eager engine, untimed
    print(f"trace: {traced} in {fmt_s(trace_s)}")

    ours: list[float] = []
    after: list[np.ndarray] = []
    for rep in range(args.repeats):
        traced.set_param_values(np.concatenate([np.c_[W, b].ravel() for W, b in initial_weights()]))
        ours.append(ours_epoch(traced, X, Y, batch))
        if rep == 0:
            after = [a for W, b in weights_of(list(traced.params)) for a in (W.ravel(), b)]
    ours_s = statistics.median(ours)
    figures: dict[str, Any] = {"samples": n, "batch": batch, "trace_s": trace_s}
    figures["ours_epoch_s"] = ours_s
    rows = [("autograd-mini traced (float64)", ours_s, "measured")]

    if args.no_torch:
        figures["torch"] = {"available": False}
    else:
        figures["torch"] = torch_epochs(X, Y, batch, args.repeats, after)
    if figures["torch"]["available"]:
        for name, seconds in figures["torch"]["runs"].items():
            rows.append((f"PyTorch {figures['torch']['version']} ({name})", seconds, "measured"))
    else:
        print("PyTorch not installed (or --no-torch): reporting our own times only")

    eager_s = eager_per_sample(X, Y, 20)
    figures["eager_per_sample_s"] = eager_s
    rows.append(("autograd-mini eager, per sample × n", eager_s * n, "extrapolated"))
    mg = None if args.no_micrograd else micrograd_per_sample(X, Y, args.mg_samples)
    figures["micrograd_per_sample_s"] = mg
    if mg is not None:
        rows.append(("micrograd 0.1.0, per sample × n", mg * n, "extrapolated"))

    print("\n| peer | one epoch | how | ours is faster by |")
    print("|---|---|---|---|")
    for name, seconds, how in rows:
        print(f"| {name} | {fmt_s(seconds)} | {how} | {seconds / ours_s:.3g}× |")

    verdict = []
    if figures["torch"]["available"]:
        best = min(figures["torch"]["runs"].values())
        ratio = ours_s / best
        figures["ratio_to_best_torch"] = ratio
        diff = figures["torch"]["max_rel_param_diff_float64"]
        print(
            f"\nPyTorch float64 ends with the same parameters: max relative difference {diff:.2g}"
        )
        verdict.append(f"time / best PyTorch = {ratio:.2f} (target ≤ {TARGETS['torch_ratio']})"
                       f" {'met' if ratio <= TARGETS['torch_ratio'] else 'NOT met'}")  # fmt: skip
    if mg is not None:
        speedup = mg * n / ours_s
        figures["micrograd_speedup"] = speedup
        met = "met" if speedup >= TARGETS["micrograd_speedup"] else "NOT met"
        verdict.append(f"speed-up over micrograd = {speedup:,.0f}× (target ≥ 1,000×) {met}")
    if not args.no_memory:
        mem = measure_memory(n, batch)
        figures["memory"] = mem
        ok = mem["peak_rss_mb"] <= TARGETS["peak_mb"]
        verdict.append(
            f"peak RSS of the epoch's process = {mem['peak_rss_mb']:.0f} MB (data set "
            f"{mem['dataset_mb']:.0f} MB; the epoch's own allocations peak at "
            f"{mem['epoch_alloc_peak_mb']:.1f} MB) (target ≤ 300 MB) {'met' if ok else 'NOT met'}"
        )
    print()
    for line in verdict:
        print(f"- {line}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
