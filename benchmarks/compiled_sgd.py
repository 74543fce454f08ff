"""Mini-batch SGD on a traced loss, as a bare loop: the floor that ``nn.fit`` is measured
against in the benchmarks (``epoch.py``, ``fit_epoch.py``).

Not part of the library: training is ``nn.fit(compiled=True)``, with nn's optimizers.
This loop is what remains when everything ``nn.fit`` adds (data checks, accuracy,
optimizer objects) is taken away — the replay and an SGD update per batch.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from autograd_mini import InfiniteDerivative, NonFiniteGradient
from autograd_mini.finite import all_finite
from autograd_mini.trace import Reduction, Traced

__all__ = ["fit_compiled"]

Array = npt.NDArray[np.float64]


def fit_compiled(
    traced: Traced,
    X: npt.ArrayLike,
    Y: npt.ArrayLike,
    *,
    lr: float,
    batch_size: int = 64,
    epochs: int = 1,
    seed: int | None = 0,
    momentum: float = 0.0,
    weight_decay: float | npt.ArrayLike = 0.0,
    reduction: Reduction = "mean",
    shuffle: bool = True,
) -> list[float]:
    """Mini-batch SGD on a traced loss ``loss(x, y)``; returns the mean loss per epoch.

    The parameters live in one numpy vector during training and are written back into
    their Values after every epoch. Per batch (torch.optim.SGD's convention):

        g = ∇ batch loss + λ·p;   v ← μ·v + g  (v = g on the first step);   p ← p − η·v

    ``weight_decay`` λ is one number or one per parameter (e.g. 0 for biases, to decay
    the weights only: the seeds' L2 term λ/2·ΣW² has gradient λ·W). The epoch loss is
    the mean over samples of the loss each had when its batch was computed (before that
    batch's update). ``shuffle`` draws a new order each epoch from ``seed``; the last
    batch may be smaller.
    """
    if len(traced.input_sizes) != 2:
        raise ValueError(
            f"fit_compiled: the traced loss must take two inputs (x, y), "
            f"it takes {len(traced.input_sizes)}"
        )
    if traced.n_outputs != 1:
        raise ValueError("fit_compiled: the traced function must return one loss Value")
    xs = np.asarray(X)
    ys = np.asarray(Y)
    if ys.ndim == 1 and traced.input_sizes[1] == 1:
        ys = ys[:, None]
    for name, a, size in (("X", xs, traced.input_sizes[0]), ("Y", ys, traced.input_sizes[1])):
        if a.ndim != 2 or a.shape[1] != size:
            raise ValueError(
                f"fit_compiled: {name} must have shape (samples, {size}), got {a.shape}"
            )
        # one pass, without a mask of the whole array (47 MB for MNIST) unless an entry's
        # square overflows (|x| > 1.3e154): then all_finite's exact test builds one
        with np.errstate(over="ignore", invalid="ignore"):
            finite = a.dtype.kind in "iu" or (a.dtype.kind == "f" and all_finite(a))
        if not finite:
            raise ValueError(f"fit_compiled: {name} must hold finite real numbers")
    if xs.shape[0] != ys.shape[0] or xs.shape[0] == 0:
        raise ValueError(f"fit_compiled: X has {xs.shape[0]} rows and Y {ys.shape[0]}")
    try:
        decay = np.broadcast_to(np.asarray(weight_decay, dtype=np.float64), (len(traced.params),))
    except ValueError:
        raise ValueError(
            f"fit_compiled: weight_decay must be a number or one per parameter "
            f"({len(traced.params)}), got shape {np.shape(weight_decay)}"
        ) from None
    for name, value, ok in (
        ("lr", lr, lr > 0 and math.isfinite(lr)),
        ("batch_size", batch_size, isinstance(batch_size, int) and batch_size >= 1),
        ("epochs", epochs, isinstance(epochs, int) and epochs >= 0),
        ("momentum", momentum, 0.0 <= momentum < 1.0),
        ("weight_decay", weight_decay, bool(np.all(decay >= 0) and np.all(np.isfinite(decay)))),
        ("reduction", reduction, reduction in ("sum", "mean")),
    ):
        if not ok:
            raise ValueError(f"fit_compiled: bad {name} {value!r}")
    n = xs.shape[0]
    rng = np.random.default_rng(seed)
    # the parameters in the trace's order (a layer's weights side by side): the replay
    # reads and updates them as slices; written back in params' order after each epoch
    order = traced.order
    q = traced.param_values()[order]
    decay = decay[order]
    velocity: Array | None = None
    history: list[float] = []
    f64 = np.float64
    decays = bool(decay.any())
    for epoch in range(epochs):
        order = rng.permutation(n) if shuffle else np.arange(n)
        total = 0.0
        for start in range(0, n, batch_size):
            idx = order[start : start + batch_size]
            batch = [np.asarray(xs[idx], dtype=f64), np.asarray(ys[idx], dtype=f64)]
            if traced.check_pending:
                traced.set_param_values(traced.in_params_order(q))
                traced.backward(*batch, reduction=reduction)  # compares with eager, once
            try:
                out, grads = traced.run(batch, q, reduction)
            except ValueError as err:
                traced.set_param_values(traced.in_params_order(q))
                # keep the class (InfiniteDerivative, NonFiniteGradient, …): callers
                # catch by kind, not by message
                kind = (
                    type(err)
                    if isinstance(err, (InfiniteDerivative, NonFiniteGradient))
                    else ValueError
                )
                raise kind(f"fit_compiled: epoch {epoch}, batch at row {start}: {err}") from err
            assert grads is not None
            total += float(out[:, 0].sum())
            if decays:
                grads = grads + decay * q
            if momentum:
                velocity = grads.copy() if velocity is None else momentum * velocity + grads
                grads = velocity
            q -= lr * grads
        traced.set_param_values(traced.in_params_order(q))
        history.append(total / n)
    return history
