"""One epoch of the seeds' 784-16-16-10 network through ``nn.fit(compiled=True)`` (issue 11).

The workload: 60,000 synthetic samples of MNIST's shape (784 features in [0, 1) stored as
float32, a class label 0–9 each), MLP 784-16-16-10 with sigmoid on every layer, squared
error Σₖ(aₖ − tₖ)² per sample averaged over the batch, plain SGD (η = 0.1), one shuffled
pass. Every peer starts from the same weights. Peers, run interleaved in one process
(one round = each peer once, in turn; medians over the rounds):

* **numpy by hand** (float64): the textbook δ recursion, δᴸ = ∇ₐC ⊙ σ′(zᴸ),
  δˡ = (Wˡ⁺¹)ᵀδˡ⁺¹ ⊙ σ′(zˡ), ∂C/∂Wˡ = δˡ(aˡ⁻¹)ᵀ — the floor of the numpy approach;
* **trace + fit_compiled**: the bare SGD loop over a traced per-sample loss
  (``benchmarks/compiled_sgd.py``: the replay and an update per batch, nothing else);
* **nn.fit(compiled=True)**, float64 (and float32 when the installed version has
  ``dtype=``): what users call; the time includes everything a user pays — checking
  the data, tracing, the probe check against the eager engine, accuracy per batch;
* **PyTorch float32** with 1 and 2 threads, when installed (optional peer);
* **JAX** ``jit``, float32, when installed (optional peer, ``benchmarks/jax_peer.py``:
  one jitted step per batch, compiled before the clock starts; checked against a numpy
  step first).

B = 1 is measured on the first ``--slice`` samples and scaled to 60,000 (nn.fit's one-off
set-up is then multiplied by the same factor: ``--slice 60000`` measures the whole epoch,
which is what the README reports). Peak memory of an nn.fit epoch (B = 64) is measured in
a fresh child process (Linux VmHWM, everything included). The trace setup of the wide
784-256-256-10 network is timed once.

Run: ``OPENBLAS_NUM_THREADS=1 .venv/bin/python -m benchmarks.fit_epoch`` (about 7 minutes;
``--help``). One BLAS thread for the numpy peers: on 2 shared cores, numpy's default of
one BLAS thread per core made the same hand-written epoch take from 0.5 s to 10 s.
"""

from __future__ import annotations

import argparse
import inspect
import itertools
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np

import nn
from autograd_mini import Value, dot, vsum
from autograd_mini.trace import trace
from benchmarks.compiled_sgd import fit_compiled
from benchmarks.jax_peer import check_step, jax_peer

SIZES = (784, 16, 16, 10)
WIDE = (784, 256, 256, 10)
LR = 0.1


def make_data(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(X float32, one-hot Y float32, labels int64), of MNIST's shape."""
    rng = np.random.default_rng(seed)
    X = rng.random((n, SIZES[0]), dtype=np.float32)
    labels = rng.integers(0, SIZES[-1], n)
    return X, np.eye(SIZES[-1], dtype=np.float32)[labels], labels


def initial_weights(sizes: tuple[int, ...], seed: int = 1) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    out = []
    for nin, nout in itertools.pairwise(sizes):
        bound = 1 / math.sqrt(nin)
        out.append((rng.uniform(-bound, bound, (nout, nin)), rng.uniform(-bound, bound, nout)))
    return out


def flat(weights: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """The weights in nn's parameter order: neuron by neuron, [w…, b]."""
    return np.concatenate([np.c_[W, b].ravel() for W, b in weights])


# --------------------------------------------------------------------------- peers


Weights = list[tuple[np.ndarray, np.ndarray]]


def numpy_grads(weights: Weights, a0: np.ndarray, t: np.ndarray) -> Weights:
    """One batch by hand: the textbook forward pass and δ recursion of the 784-16-16-10
    sigmoid network with squared error (mean over the batch); (∂C/∂W, ∂C/∂b) per layer."""
    (W1, b1), (W2, b2), (W3, b3) = weights
    a1 = 1.0 / (1.0 + np.exp(-(a0 @ W1.T + b1)))
    a2 = 1.0 / (1.0 + np.exp(-(a1 @ W2.T + b2)))
    a3 = 1.0 / (1.0 + np.exp(-(a2 @ W3.T + b3)))
    d3 = (2.0 / len(a0)) * (a3 - t) * a3 * (1.0 - a3)
    d2 = (d3 @ W3) * a2 * (1.0 - a2)
    d1 = (d2 @ W2) * a1 * (1.0 - a1)
    return [(d1.T @ a0, d1.sum(axis=0)), (d2.T @ a1, d2.sum(axis=0)), (d3.T @ a2, d3.sum(axis=0))]


def numpy_step(weights: Weights, a0: np.ndarray, t: np.ndarray) -> None:
    """:func:`numpy_grads` and the SGD update, in place on ``weights``."""
    for (W, b), (gW, gb) in zip(weights, numpy_grads(weights, a0, t), strict=True):
        W -= LR * gW
        b -= LR * gb


def numpy_epoch(X: np.ndarray, Y: np.ndarray, batch: int, order: np.ndarray) -> float:
    weights = [(W.copy(), b.copy()) for W, b in initial_weights(SIZES)]
    start = time.perf_counter()
    for s in range(0, len(order), batch):
        idx = order[s : s + batch]
        numpy_step(weights, X[idx].astype(np.float64), Y[idx])
    return time.perf_counter() - start


def traced_loss(
    sizes: tuple[int, ...],
) -> tuple[Callable[[list[Value], list[Value]], Value], list[Value]]:
    params: list[Value] = []
    layers = []
    for W, b in initial_weights(sizes):
        layer = []
        for row, bias in zip(W.tolist(), b.tolist(), strict=True):
            w, bv = [Value(v) for v in row], Value(bias)
            layer.append((w, bv))
            params += [*w, bv]
        layers.append(layer)

    def loss(x: list[Value], t: list[Value]) -> Value:
        h = x
        for layer in layers:
            h = [dot(w, h, bv).sigmoid() for w, bv in layer]
        return vsum([(o - ti) ** 2 for o, ti in zip(h, t, strict=True)])

    return loss, params


def fit_compiled_epoch(X: np.ndarray, Y: np.ndarray, batch: int) -> float:
    loss, params = traced_loss(SIZES)
    start = time.perf_counter()
    traced = trace(loss, X[0].tolist(), Y[0].tolist(), params=params)
    fit_compiled(traced, X, Y, lr=LR, batch_size=batch, epochs=1, seed=0)
    return time.perf_counter() - start


HAS_DTYPE = "dtype" in inspect.signature(nn.fit).parameters


def fit_model() -> tuple[nn.MLP, nn.SGD]:
    """The nn model with every peer's starting weights, and its SGD."""
    model = nn.MLP(784, [16, 16, 10], activation="sigmoid", output_activation="sigmoid", seed=0)
    for p, v in zip(model.parameters(), flat(initial_weights(SIZES)).tolist(), strict=True):
        p.data = v
    return model, nn.SGD(model.parameters(), lr=LR)


def nn_fit_epoch(X: np.ndarray, labels: np.ndarray, batch: int, dtype: str = "float64") -> float:
    model, opt = fit_model()
    extra: dict[str, Any] = {"dtype": dtype} if HAS_DTYPE else {}
    start = time.perf_counter()
    nn.fit(model, X, labels, "squared_error", opt, epochs=1, batch_size=batch, seed=0,
           progress=False, compiled=True, **extra)  # fmt: skip
    return time.perf_counter() - start


def torch_peer(X: np.ndarray, Y: np.ndarray) -> Callable[[int, int], float] | None:
    try:
        import torch
    except ImportError:
        return None
    Xt, Yt = torch.from_numpy(X), torch.from_numpy(Y)

    def epoch(batch: int, threads: int) -> float:
        torch.set_num_threads(threads)
        layers: list[Any] = []
        for W, b in initial_weights(SIZES):
            lin = torch.nn.Linear(W.shape[1], W.shape[0])
            with torch.no_grad():
                lin.weight.copy_(torch.from_numpy(W))
                lin.bias.copy_(torch.from_numpy(b))
            layers += [lin, torch.nn.Sigmoid()]
        model = torch.nn.Sequential(*layers)
        opt = torch.optim.SGD(model.parameters(), lr=LR)
        order = torch.from_numpy(np.random.default_rng(0).permutation(len(X)))
        start = time.perf_counter()
        for s in range(0, len(X), batch):
            idx = order[s : s + batch]
            loss = ((model(Xt[idx]) - Yt[idx]) ** 2).sum(dim=1).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
        return time.perf_counter() - start

    return epoch


# --------------------------------------------------------------------------- memory


def _peak_rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return float(line.split()[1]) / 1024
    return float("nan")


def memory_child(n: int, dtype: str) -> dict[str, float]:
    X, _, labels = make_data(n)
    before = _peak_rss_mb()
    nn_fit_epoch(X, labels, 64, dtype)
    return {"rss_before_mb": before, "peak_rss_mb": _peak_rss_mb(), "data_mb": X.nbytes / 2**20}


def measure_memory(n: int, dtype: str) -> dict[str, float]:
    cmd = [sys.executable, "-m", "benchmarks.fit_epoch", "--memory-child", dtype, "-n", str(n)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=60_000)
    ap.add_argument("--batches", type=int, nargs="+", default=[1, 16, 64, 256])
    ap.add_argument("--slice", type=int, default=6_000, help="samples measured at B = 1")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-torch", action="store_true")
    ap.add_argument("--no-jax", action="store_true")
    ap.add_argument("--no-wide", action="store_true")
    ap.add_argument("--json")
    ap.add_argument("--memory-child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.memory_child:
        print(json.dumps(memory_child(args.n, args.memory_child)))
        return 0
    n = args.n
    X, Y, labels = make_data(n)
    print(f"# one epoch of {n:,} samples, 784-16-16-10 sigmoid, squared error, SGD; Python "
          f"{platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPU(s), "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}, "
          f"load average {os.getloadavg()[0]:.1f} at start")  # fmt: skip
    torch_epoch = None if args.no_torch else torch_peer(X, Y)
    peers: dict[str, Callable[[np.ndarray, np.ndarray, np.ndarray, int], float]] = {
        "numpy by hand, float64": lambda x, y, lab, b: numpy_epoch(
            x, y, b, np.random.default_rng(0).permutation(len(x))
        ),
        "trace + fit_compiled, float64": lambda x, y, lab, b: fit_compiled_epoch(x, y, b),
        "nn.fit(compiled=True), float64": lambda x, y, lab, b: nn_fit_epoch(x, lab, b),
    }
    if HAS_DTYPE:
        peers["nn.fit(compiled=True), float32"] = lambda x, y, lab, b: nn_fit_epoch(
            x, lab, b, "float32"
        )
    if torch_epoch is not None:
        import torch

        for threads in (1, 2):
            peers[f"PyTorch {torch.__version__} float32, {threads} thread(s)"] = (
                lambda x, y, lab, b, th=threads: torch_epoch(b, th)
            )
    jax_error = None if args.no_jax else check_step(initial_weights(SIZES), LR)
    if jax_error is not None:  # JAX installed: its step must be ours, to float32 rounding
        if jax_error > 1e-5:
            raise SystemExit(f"JAX's step differs from numpy's by {jax_error:.2e} (relative)")
        import jax

        peers[f"JAX {jax.__version__} jit, float32"] = lambda x, y, lab, b: jax_peer(
            x, y, initial_weights(SIZES), LR
        )(b)[0]
    times: dict[str, dict[int, list[float]]] = {p: {b: [] for b in args.batches} for p in peers}
    for _ in range(args.rounds):
        for b in args.batches:
            m = args.slice if b == 1 else n
            for name, run in peers.items():
                if name.startswith("PyTorch") and m != n:
                    seconds = torch_slice(torch_epoch, X, Y, m, b, name)
                else:
                    seconds = run(X[:m], Y[:m], labels[:m], b)
                times[name][b].append(seconds * n / m)
    floor = {b: statistics.median(times["numpy by hand, float64"][b]) for b in args.batches}
    head = " | ".join(f"B={b}" for b in args.batches)
    print(f"\n| peer (ms per epoch, ratio to numpy by hand) | {head} |")
    print("|---|" + "---|" * len(args.batches))
    figures: dict[str, Any] = {"load_at_start": os.getloadavg()[0], "rows": {}}
    for name in peers:
        cells = []
        for b in args.batches:
            t = statistics.median(times[name][b])
            cells.append(f"{t * 1e3:,.0f} ({t / floor[b]:.2f})")
            figures["rows"].setdefault(name, {})[b] = t
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(f"\nB=1: the first {args.slice:,} samples, scaled to {n:,}; medians of {args.rounds}")
    for dtype in ("float64", "float32") if HAS_DTYPE else ("float64",):
        mem = measure_memory(n, dtype)
        figures[f"memory_{dtype}"] = mem
        print(f"nn.fit(compiled=True) {dtype}, B=64, fresh process: peak RSS "
              f"{mem['peak_rss_mb']:.0f} MB ({mem['rss_before_mb']:.0f} MB before fit, of which "
              f"the data set X {mem['data_mb']:.0f} MB)")  # fmt: skip
    if not args.no_wide:
        for sizes in (SIZES, WIDE):
            loss, params = traced_loss(sizes)
            start = time.perf_counter()
            traced = trace(loss, X[0].tolist(), Y[0].tolist(), params=params)
            seconds = time.perf_counter() - start
            figures[f"trace_s_{'-'.join(map(str, sizes))}"] = seconds
            print(f"trace setup {'-'.join(map(str, sizes))} ({len(params):,} parameters, "
                  f"{traced.n_nodes:,} nodes): {seconds:.2f} s")  # fmt: skip
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=2)
    return 0


def torch_slice(
    epoch: Callable[[int, int], float] | None,
    X: np.ndarray,
    Y: np.ndarray,
    m: int,
    b: int,
    name: str,
) -> float:
    """PyTorch on the first m samples (its peer closes over the whole set)."""
    assert epoch is not None
    threads = 1 if "1 thread" in name else 2
    sub = torch_peer(X[:m], Y[:m])
    assert sub is not None
    return sub(b, threads)


if __name__ == "__main__":
    sys.exit(main())
