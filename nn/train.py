"""Training loop: mini-batch gradient descent with a history and a progress bar.

One step of :func:`fit` is the seeds' mini-batch SGD: run the forward pass for a batch
of m samples, form the cost C = (1/m) Σᵢ Cᵢ (+ λ/2·ΣW²), backpropagate once, and let
the optimizer move every parameter against its gradient. An *epoch* is one pass over
the shuffled training set.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograd_mini import Value, no_grad
from nn.data import batches
from nn.losses import Loss, get_loss, l2_penalty
from nn.module import Module
from nn.optim import SGD, Optimizer

__all__ = ["History", "accuracy", "evaluate", "fit", "predict"]


@dataclass
class History:
    """Per-epoch training record (what :func:`fit` returns)."""

    loss: list[float] = field(default_factory=list)
    """mean training loss over the epoch's batches (weighted by batch size)"""
    accuracy: list[float] = field(default_factory=list)
    """training accuracy, scored on each batch's forward pass before its update"""
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    """learning rate in effect at the end of each epoch"""
    seconds: float = 0.0


def _forward(model: Module, x: Any) -> list[Value]:
    forward = getattr(model, "forward", None)
    if forward is None:
        raise TypeError(f"fit: {type(model).__name__} has no forward(x) method")
    out: list[Value] = forward(x)
    return out


def _shape_outputs(outs: list[list[Value]]) -> list[Value | list[Value]]:
    return [o[0] if len(o) == 1 else o for o in outs]


def accuracy(outputs: Any, targets: Any, threshold: float = 0.0) -> float:
    """Fraction of samples classified correctly.

    k > 1 outputs: the predicted class is argmax; the target is a class index or a
    one-hot/probability row. One output: class = (output > threshold), and the true
    class = (target > threshold), which fits ±1 labels (threshold 0) and 0/1 labels
    scored on logits (0) or on sigmoid outputs (0.5).
    """
    rows = [[float(v) for v in ([o] if isinstance(o, (Value, float, int)) else o)] for o in outputs]
    ts = targets.tolist() if isinstance(targets, np.ndarray) else list(targets)
    if len(rows) != len(ts) or not rows:
        raise ValueError(f"accuracy: {len(rows)} outputs but {len(ts)} targets")
    right = 0
    for row, t in zip(rows, ts, strict=True):
        if len(row) == 1:
            t1 = t[0] if isinstance(t, list) else t
            right += (row[0] > threshold) == (float(t1) > threshold)
        else:
            truth = int(np.argmax(t)) if isinstance(t, list) else int(t)
            right += int(np.argmax(row)) == truth
    return right / len(rows)


def predict(model: Module, X: Any) -> np.ndarray:
    """Outputs for every row of X as a float array of shape (n, k), without building graphs."""
    with no_grad():
        return np.array([[v.data for v in _forward(model, x)] for x in np.asarray(X).tolist()])


def evaluate(
    model: Module, X: Any, y: Any, loss: str | Loss = "squared_error"
) -> tuple[float, float]:
    """(mean loss, accuracy) on a data set, computed without a graph."""
    loss_fn = get_loss(loss)
    with no_grad():
        outs = [_forward(model, x) for x in np.asarray(X).tolist()]
        targets = np.asarray(y).tolist()
        value = loss_fn(_shape_outputs(outs), targets).data
    return value, accuracy(outs, targets, loss_fn.threshold)


class _PlainProgress:
    """Fallback when tqdm is not installed: one line per epoch on stderr."""

    def __init__(self, total: int, epochs: int) -> None:
        self.per_epoch = max(1, total // max(1, epochs))
        self.done = 0
        self.postfix = ""

    def update(self, n: int = 1) -> None:
        self.done += n
        if self.done % self.per_epoch == 0:
            epoch = self.done // self.per_epoch
            print(f"epoch {epoch}: {self.postfix}", file=sys.stderr, flush=True)

    def set_postfix_str(self, text: str, refresh: bool = True) -> None:
        self.postfix = text

    def close(self) -> None:
        pass


class _Silent(_PlainProgress):
    def update(self, n: int = 1) -> None:
        pass


def _progress_bar(progress: bool, total: int, epochs: int) -> Any:
    if not progress:
        return _Silent(total, epochs)
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return _PlainProgress(total, epochs)
    return tqdm(total=total, unit="batch", desc="training", dynamic_ncols=True)


def fit(
    model: Module,
    X: Any,
    y: Any,
    loss: str | Loss = "squared_error",
    optimizer: Optimizer | None = None,
    epochs: int = 10,
    batch_size: int | None = 32,
    shuffle: bool = True,
    seed: int | None = 0,
    progress: bool = True,
    validation: tuple[Any, Any] | None = None,
    compiled: bool = False,
    l2: float = 0.0,
) -> History:
    """Train ``model`` on (X, y) with mini-batch gradient descent; returns a :class:`History`.

    ``loss``: a :class:`~nn.losses.Loss` or its name; ``optimizer`` defaults to
    ``SGD(model.parameters(), lr=0.1)``; ``batch_size=None`` is full-batch descent;
    ``l2`` = λ adds λ/2·ΣW² over the weights (not the biases), as in the seeds;
    ``validation=(X_val, y_val)`` is scored after every epoch; ``progress=False``
    trains silently. ``seed`` fixes the shuffling, so a run is reproducible.
    """
    if compiled:
        # Dispatch point for batched replay of one traced graph (autograd_mini.trace).
        return _fit_compiled()
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"fit: epochs must be a positive integer, got {epochs!r}")
    if not isinstance(model, Module):
        raise TypeError(f"fit: model must be an nn.Module, got {type(model).__name__}")
    loss_fn = get_loss(loss)
    opt = optimizer if optimizer is not None else SGD(model.parameters(), lr=0.1)
    Xa, ya = np.asarray(X, dtype=float), np.asarray(y)
    if Xa.ndim != 2 or len(Xa) != len(ya) or len(ya) == 0:
        raise ValueError(
            f"fit: X must be a 2-D array with one row per target, got shapes {Xa.shape}, {ya.shape}"
        )
    weights = model.weights() if l2 else []
    rng = np.random.default_rng(seed)
    n_batches = -(-len(ya) // (batch_size or len(ya)))
    bar = _progress_bar(progress, n_batches * epochs, epochs)
    history = History()
    start = time.perf_counter()
    try:
        for epoch in range(epochs):
            total_loss = 0.0
            right = 0.0
            for Xb, yb in batches(Xa, ya, batch_size, shuffle, rng):
                targets = yb.tolist()
                outs = [_forward(model, x) for x in Xb.tolist()]
                cost = loss_fn(_shape_outputs(outs), targets)
                if l2:
                    cost = cost + l2_penalty(weights, l2)
                model.zero_grad()
                cost.backward()
                opt.step()
                total_loss += cost.data * len(targets)
                right += accuracy(outs, targets, loss_fn.threshold) * len(targets)
                status = f"epoch {epoch + 1}/{epochs} loss {cost.data:.4f}"
                bar.set_postfix_str(status, refresh=False)
                bar.update(1)
            history.loss.append(total_loss / len(ya))
            history.accuracy.append(right / len(ya))
            history.lr.append(opt.current_lr)
            if validation is not None:
                v_loss, v_acc = evaluate(model, validation[0], validation[1], loss_fn)
                history.val_loss.append(v_loss)
                history.val_accuracy.append(v_acc)
    finally:
        bar.close()
    history.seconds = time.perf_counter() - start
    return history


def _fit_compiled() -> History:
    raise NotImplementedError("compiled training arrives with autograd_mini.trace")
