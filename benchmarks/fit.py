"""``nn.fit`` on the digits: one epoch on the eager engine vs ``compiled=True``.

The user-level view of issue 6: the same network (64-16-16-10, sigmoid, squared error,
plain SGD), the same initial weights and the same sample order, trained for one epoch of
the 1,437 training digits by ``nn.fit`` twice — once building a scalar graph per sample,
once tracing one sample's graph and replaying it per batch. The compiled time includes
recording the trace and checking sixteen samples against the eager engine, i.e. every
cost a user pays. Both runs must end with the same weights (relative 1e-9), which checks
that they did the same work. Figures are medians of ``--repeats`` interleaved pairs.

Run: ``.venv/bin/python benchmarks/fit.py`` (about half a minute).
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import nn


def one_epoch(X: np.ndarray, y: np.ndarray, batch: int, compiled: bool) -> tuple[float, list]:
    model = nn.MLP(64, [16, 16, 10], activation="sigmoid", output_activation="sigmoid", seed=0)
    opt = nn.SGD(model.parameters(), lr=0.3)  # small enough that batch 1 is not chaotic
    start = time.perf_counter()
    nn.fit(model, X, y, "squared_error", opt, epochs=1, batch_size=batch, seed=0,
           progress=False, compiled=compiled)  # fmt: skip
    return time.perf_counter() - start, [p.data for p in model.parameters()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--batches", type=int, nargs="+", default=[1, 10, 32, 128])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    X, y = nn.data.digits()
    X_tr, _, y_tr, _ = nn.data.train_test_split(X, y, seed=0)
    print(f"# nn.fit, one epoch of {len(y_tr)} digits, 64-16-16-10 sigmoid, squared error, SGD")
    print("| batch size | eager | compiled=True | speed-up |")
    print("|---|---|---|---|")
    for batch in args.batches:
        eager, fast = [], []
        for _ in range(args.repeats):
            t_eager, w_eager = one_epoch(X_tr, y_tr, batch, compiled=False)
            t_fast, w_fast = one_epoch(X_tr, y_tr, batch, compiled=True)
            np.testing.assert_allclose(w_fast, w_eager, rtol=1e-9, atol=1e-12)
            eager.append(t_eager)
            fast.append(t_fast)
        e, f = statistics.median(eager), statistics.median(fast)
        print(f"| {batch} | {e * 1000:.0f} ms | {f * 1000:.0f} ms | {e / f:.0f}× |")


if __name__ == "__main__":
    main()
