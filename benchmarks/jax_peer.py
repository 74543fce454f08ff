"""JAX as an optional peer of ``benchmarks/fit_epoch.py``: the same epoch under ``jax.jit``.

The same network (784-16-16-10, sigmoid on every layer), loss (Σₖ(aₖ − tₖ)² averaged over
the batch), plain SGD η = 0.1, initial weights and sample order as the other peers, in
float32 (JAX's default). One jitted function does a whole step — forward, ``jax.grad``,
update — on parameters that stay on the device between steps. It is compiled for each
batch shape before the clock starts (the full batches and the smaller last one): the
figure is the steady state, what a long training run pays per epoch; the compilation
(about a second) is reported apart.

JAX is not a dependency: ``.venv/bin/pip install jax`` (CPU build) to add the row.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

Weights = list[tuple[np.ndarray, np.ndarray]]


def _jitted_step(lr: float) -> Callable[[Any, Any, Any], Any] | None:
    """One SGD step of the network under ``jax.jit``, or None without JAX."""
    try:
        import jax
        import jax.numpy as jnp
    except ImportError:
        return None

    def loss(params: Any, x: Any, t: Any) -> Any:
        a = x
        for W, b in params:
            a = jax.nn.sigmoid(a @ W.T + b)
        return jnp.mean(jnp.sum((a - t) ** 2, axis=1))

    def step(params: Any, x: Any, t: Any) -> Any:
        grads = jax.grad(loss)(params, x, t)
        return [(W - lr * gW, b - lr * gb) for (W, b), (gW, gb) in zip(params, grads, strict=True)]

    return jax.jit(step)


def jax_peer(
    X: np.ndarray, Y: np.ndarray, weights: Weights, lr: float
) -> Callable[[int], tuple[float, float]] | None:
    """``epoch(batch) -> (seconds, compile seconds)`` on (X, Y), or None without JAX."""
    step = _jitted_step(lr)
    if step is None:
        return None
    import jax
    import jax.numpy as jnp

    X32, Y32 = X.astype(np.float32, copy=False), Y.astype(np.float32, copy=False)

    def epoch(batch: int) -> tuple[float, float]:
        params = [(jnp.asarray(W, jnp.float32), jnp.asarray(b, jnp.float32)) for W, b in weights]
        order = np.random.default_rng(0).permutation(len(X))
        n = len(X)
        start = time.perf_counter()
        for size in {min(batch, n), n % batch or batch}:  # every batch shape, compiled once
            jax.block_until_ready(step(params, X32[:size], Y32[:size]))
        compiled = time.perf_counter() - start
        start = time.perf_counter()
        for s in range(0, n, batch):
            idx = order[s : s + batch]  # gathered by numpy, as for the other peers: a
            params = step(params, X32[idx], Y32[idx])  # gather op outside jit costs ~1 ms
        jax.block_until_ready(params)
        return time.perf_counter() - start, compiled

    return epoch


def numpy_step(X: np.ndarray, Y: np.ndarray, weights: Weights, lr: float) -> Weights:
    """The same SGD step written out in numpy float64 (the δ recursion): the oracle."""
    acts = [X.astype(np.float64)]
    for W, b in weights:
        acts.append(1.0 / (1.0 + np.exp(-(acts[-1] @ W.T + b))))
    delta = (2.0 / len(X)) * (acts[-1] - Y) * acts[-1] * (1.0 - acts[-1])
    new: Weights = []
    for i in range(len(weights) - 1, -1, -1):
        W, b = weights[i]
        new.append((W - lr * delta.T @ acts[i], b - lr * delta.sum(axis=0)))
        delta = (delta @ W) * acts[i] * (1.0 - acts[i])
    return new[::-1]


def check_step(weights: Weights, lr: float, samples: int = 32) -> float | None:
    """Largest relative difference between one jitted JAX step and :func:`numpy_step`
    (float32 rounding expected, ~1e-6); None without JAX."""
    step = _jitted_step(lr)
    if step is None:
        return None
    rng = np.random.default_rng(5)
    X = rng.random((samples, weights[0][0].shape[1]), dtype=np.float32)
    Y = np.eye(weights[-1][0].shape[0], dtype=np.float32)[rng.integers(0, 10, samples)]
    params = [(W.astype(np.float32), b.astype(np.float32)) for W, b in weights]
    got = step(params, X, Y)
    worst = 0.0
    for (gW, gb), (nW, nb) in zip(got, numpy_step(X, Y, weights, lr), strict=True):
        for g, want in ((gW, nW), (gb, nb)):
            worst = max(worst, float(np.abs(np.asarray(g) - want).max() / np.abs(want).max()))
    return worst


__all__ = ["check_step", "jax_peer", "numpy_step"]
