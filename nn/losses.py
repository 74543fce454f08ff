"""Loss functions and the L2 penalty, built from engine ops.

Every loss takes a *batch*: ``outputs`` holds one entry per sample (a Value for a
one-output model, a list of Values otherwise) and ``targets`` one target per sample.
For a single sample, wrap both in a list: ``squared_error([model(x)], [y])``.

A target for a k-output model may be a list of k numbers or an int class index c,
which stands for the one-hot vector e_c (1 at position c, 0 elsewhere).

``reduction="mean"`` divides the batch total by the number of samples n (the seeds'
1/n Σᵢ); ``"sum"`` keeps the total. Sums are fused ``vsum``/``dot`` nodes, so a batch
loss adds only a handful of nodes per sample to the graph.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from autograd_mini import Value, dot, vsum

__all__ = [
    "LOSSES",
    "BCEWithLogits",
    "CrossEntropy",
    "Hinge",
    "Loss",
    "SquaredError",
    "binary_cross_entropy_with_logits",
    "get_loss",
    "hinge",
    "l2_penalty",
    "softmax",
    "softmax_cross_entropy",
    "squared_error",
    "target_matrix",
]

_REDUCTIONS = ("mean", "sum")


def _real(x: object) -> bool:
    """A real number that is not a bool (True is an int, but never a meant target)."""
    return type(x) is not bool and isinstance(x, numbers.Real)


def check_reduction(reduction: object, where: str) -> str:
    """``reduction`` itself when it is 'mean' or 'sum', else a ValueError naming ``where``."""
    if not isinstance(reduction, str) or reduction not in _REDUCTIONS:
        raise ValueError(f"{where}: reduction must be 'mean' or 'sum', got {reduction!r}")
    return reduction


def _reduce(per_sample: list[Value], reduction: str, scale: float, where: str) -> Value:
    check_reduction(reduction, where)
    total = vsum(per_sample) if len(per_sample) > 1 else per_sample[0]
    factor = scale / len(per_sample) if reduction == "mean" else scale
    return total if factor == 1.0 else total * factor


def _pairs(outputs: Any, targets: Any, where: str) -> list[tuple[list[Value], Any]]:
    """(outputs as a list of Values, raw target) for each sample, with clear errors."""
    if isinstance(outputs, Value) or not isinstance(outputs, Sequence):
        raise ValueError(
            f"{where}: outputs must be a list with one entry per sample "
            f"(wrap a single sample as [output]), got {type(outputs).__name__}"
        )
    if isinstance(targets, np.ndarray):
        targets = targets.tolist()
    if not isinstance(targets, Sequence) or isinstance(targets, str):
        raise ValueError(f"{where}: targets must be a list, got {type(targets).__name__}")
    if len(outputs) != len(targets):
        raise ValueError(f"{where}: {len(outputs)} outputs but {len(targets)} targets")
    if not outputs:
        raise ValueError(f"{where}: empty batch")
    pairs = []
    for i, (out, t) in enumerate(zip(outputs, targets, strict=True)):
        vals = [out] if isinstance(out, Value) else list(out)
        if not vals or not all(isinstance(v, Value) for v in vals):
            raise ValueError(f"{where}: output {i} must be a Value or a list of Values")
        pairs.append((vals, t))
    return pairs


def target_matrix(targets: Any, k: int, where: str = "targets") -> np.ndarray:
    """Targets as an (n, k) float array: class indices become one-hot rows."""
    fast = _target_matrix_array(targets, k)
    if fast is not None:
        return fast
    # lists, mixed rows, or a bad entry: sample by sample, to name the first bad one
    ts = targets.tolist() if isinstance(targets, np.ndarray) else list(targets)
    return np.array([_target_vector(t, k, where, i) for i, t in enumerate(ts)], dtype=float)


def _target_matrix_array(targets: Any, k: int) -> np.ndarray | None:
    """The same rules as :func:`_target_vector`, on a whole numeric array at once; None
    when the array is not plain numbers or holds an entry the rules refuse (the caller
    then goes sample by sample, to say which one)."""
    if not isinstance(targets, np.ndarray) or len(targets) == 0:
        return None
    kind = targets.dtype.kind
    if targets.ndim == 1 and kind in "iu" and k > 1:  # class indices
        if not ((targets >= 0) & (targets < k)).all():
            return None
        out = np.zeros((len(targets), k))
        out[np.arange(len(targets)), targets] = 1.0
        return out
    if kind not in "fiu":
        return None
    if targets.ndim == 1 and k == 1:
        matrix = targets.astype(np.float64).reshape(-1, 1)
    elif targets.ndim == 2 and targets.shape[1] == k:
        matrix = targets.astype(np.float64)
    else:
        return None
    return matrix if np.isfinite(matrix).all() else None


def _target_vector(t: Any, k: int, where: str, i: int) -> list[float]:
    """A sample's target as k floats; an int class index becomes the one-hot vector."""
    if isinstance(t, np.ndarray):
        t = t.tolist()
    if isinstance(t, Value):
        raise ValueError(f"{where}: target {i} is a Value; targets are plain numbers")
    if isinstance(t, (int, np.integer)) and not isinstance(t, bool) and k > 1:
        if not 0 <= t < k:
            raise ValueError(f"{where}: target {i} is class {t}, expected 0 ≤ class < {k}")
        return [1.0 if j == t else 0.0 for j in range(k)]
    if _real(t):
        t = [t]
    if not isinstance(t, Sequence) or len(t) != k:
        raise ValueError(f"{where}: target {i} ({t!r}) does not match the {k} outputs")
    out = []
    for v in t:
        if not _real(v) or not math.isfinite(v):
            raise ValueError(f"{where}: target {i} holds {v!r}, expected finite numbers")
        out.append(float(v))
    return out


# Per-sample rules. A target entry is a float (eager training, already checked) or a
# Value (a traced input of ``fit(compiled=True)``): the rules never branch on a target.
Target = Sequence["float | Value"]


def _squared_sample(a: Sequence[Value], y: Target) -> Value:
    """Σⱼ (aⱼ − yⱼ)² as one node."""
    diffs = [aj - yj for aj, yj in zip(a, y, strict=True)]
    return dot(diffs, diffs)


def _cross_entropy_sample(z: Sequence[Value], t: Target, shift: float | Value) -> Value:
    """log Σₖ e^(zₖ − m) + m − Σⱼ tⱼzⱼ as one dot node, for any shift m."""
    lse = vsum([(zj - shift).exp() for zj in z]).log()
    return dot([lse, *z], [1.0, *(-tj for tj in t)], shift)


def _bce_sample(zs: Sequence[Value], y: Target) -> Value:
    """Σⱼ softplus(zⱼ) − yⱼ·zⱼ."""
    terms = [dot([z.softplus(), z], [1.0, -yj]) for z, yj in zip(zs, y, strict=True)]
    return terms[0] if len(terms) == 1 else vsum(terms)


def _hinge_sample(s: Sequence[Value], y: Target) -> Value:
    """Σⱼ max(0, 1 − yⱼ·sⱼ)."""
    terms = [(1.0 - yj * sj).relu() for sj, yj in zip(s, y, strict=True)]
    return terms[0] if len(terms) == 1 else vsum(terms)


def squared_error(
    outputs: Any, targets: Any, *, half: bool = False, reduction: str = "mean"
) -> Value:
    """Squared error: C = Σⱼ (aⱼ − yⱼ)² per sample, or ½Σⱼ (ŷⱼ − yⱼ)² with ``half=True``.

    Both conventions appear in the seeds: the one-neuron derivation uses (a − y), whose
    derivative 2(a − y) shows the factor 2; the BP formulas use ½‖ŷ − y‖² so that the
    output error is simply ŷ − y. With the default mean reduction this is the MSE
    cost (1/n) Σᵢ Cᵢ of mini-batch gradient descent.
    """
    where = "squared_error"
    per_sample = [
        _squared_sample(a, _target_vector(t, len(a), where, i))
        for i, (a, t) in enumerate(_pairs(outputs, targets, where))
    ]
    return _reduce(per_sample, reduction, 0.5 if half else 1.0, where)


def softmax(logits: Sequence[Value]) -> list[Value]:
    """softmax(z)ⱼ = e^(zⱼ − m) / Σₖ e^(zₖ − m), m = max z (subtracting m avoids overflow)."""
    m = max(z.data for z in logits)
    exps = [(z - m).exp() for z in logits]
    total = vsum(exps)
    return [e / total for e in exps]


def softmax_cross_entropy(outputs: Any, targets: Any, *, reduction: str = "mean") -> Value:
    """Cross-entropy of softmax(z) against target probabilities t (or a class index c).

    L = −Σⱼ tⱼ log softmax(z)ⱼ = log Σₖ e^(zₖ − m) + m − Σⱼ tⱼ zⱼ  (for Σ t = 1),

    with m = max z taken as a constant: shifting every logit by the same m changes
    nothing mathematically but keeps every e^(zₖ − m) ≤ 1, so nothing overflows, and
    the largest term is exactly 1, so the log never sees 0. ∂L/∂zⱼ = softmax(z)ⱼ − tⱼ.
    """
    where = "softmax_cross_entropy"
    per_sample = []
    for i, (z, t) in enumerate(_pairs(outputs, targets, where)):
        if len(z) < 2:
            raise ValueError(f"{where}: output {i} has {len(z)} logit; need at least 2 classes")
        tv = _target_vector(t, len(z), where, i)
        if any(v < 0 for v in tv) or abs(sum(tv) - 1.0) > 1e-9:
            raise ValueError(f"{where}: target {i} ({tv!r}) is not a probability vector")
        per_sample.append(_cross_entropy_sample(z, tv, max(zj.data for zj in z)))
    return _reduce(per_sample, reduction, 1.0, where)


def binary_cross_entropy_with_logits(
    outputs: Any, targets: Any, *, reduction: str = "mean"
) -> Value:
    """BCE of σ(z) against y ∈ [0, 1], from the logit z: L = softplus(z) − y·z.

    −y log σ(z) − (1 − y) log(1 − σ(z)) simplifies to log(1 + eᶻ) − y·z, and the
    engine's ``softplus`` op computes log(1 + eᶻ) without overflow for any logit.
    ∂L/∂z = σ(z) − y. A sample with several outputs sums their terms.
    """
    where = "binary_cross_entropy_with_logits"
    per_sample = []
    for i, (zs, t) in enumerate(_pairs(outputs, targets, where)):
        y = _target_vector(t, len(zs), where, i)
        for yj in y:
            if not 0.0 <= yj <= 1.0:
                raise ValueError(f"{where}: target {i} is {yj!r}, expected a value in [0, 1]")
        per_sample.append(_bce_sample(zs, y))
    return _reduce(per_sample, reduction, 1.0, where)


def hinge(outputs: Any, targets: Any, *, reduction: str = "mean") -> Value:
    """Hinge (max-margin) loss for labels y ∈ {−1, +1}: L = max(0, 1 − y·s).

    A score on the right side by a margin of at least 1 costs nothing; micrograd's
    moons demo trains with this loss. A sample with several outputs sums their terms.
    """
    where = "hinge"
    per_sample = []
    for i, (s, t) in enumerate(_pairs(outputs, targets, where)):
        y = _target_vector(t, len(s), where, i)
        for yj in y:
            if yj not in (-1.0, 1.0):
                raise ValueError(f"{where}: target {i} is {yj!r}, expected -1 or +1")
        per_sample.append(_hinge_sample(s, y))
    return _reduce(per_sample, reduction, 1.0, where)


def l2_penalty(params: Iterable[Value], lam: float) -> Value:
    """The L2 (weight decay) term λ/2 · Σ W²; its gradient λ·W pulls weights towards 0.

    The seeds penalise the weights only (``model.weights()``); micrograd's
    ``1e-4 · Σ p²`` over all parameters is ``l2_penalty(model.parameters(), 2e-4)``.
    """
    if not _real(lam) or not lam >= 0:
        raise ValueError(f"l2_penalty: lam must be a number ≥ 0, got {lam!r}")
    ps = list(params)
    if not ps:
        raise ValueError("l2_penalty: no parameters given")
    return dot(ps, ps) * (float(lam) / 2.0)


class Loss:
    """A loss as an object: ``loss(outputs, targets) -> Value`` plus how to score accuracy.

    ``threshold`` is where a one-output model's prediction flips between the two
    classes (0 for scores and logits, 0.5 for sigmoid outputs trained on 0/1 targets).
    """

    name = "loss"
    threshold = 0.0
    reduction = "mean"

    def __call__(self, outputs: Any, targets: Any) -> Value:
        raise NotImplementedError

    def sample(self, output: Sequence[Value], target: Target) -> Value:
        """Cᵢ, one sample's term of the batch loss, built without branching on numbers.

        The target may be a list of Values (a traced input): this is the graph
        ``fit(compiled=True)`` records once and replays on every batch, which the
        ``reduction`` then sums or averages.
        """
        raise NotImplementedError(
            f"{type(self).__name__} has no per-sample rule (Loss.sample), "
            f"which fit(compiled=True) needs"
        )


class SquaredError(Loss):
    """Object form of :func:`squared_error`."""

    name = "squared_error"
    threshold = 0.5

    def __init__(self, half: bool = False, reduction: str = "mean") -> None:
        self.half = half
        self.reduction = check_reduction(reduction, type(self).__name__)

    def __call__(self, outputs: Any, targets: Any) -> Value:
        return squared_error(outputs, targets, half=self.half, reduction=self.reduction)

    def sample(self, output: Sequence[Value], target: Target) -> Value:
        c = _squared_sample(output, target)
        return c * 0.5 if self.half else c


class CrossEntropy(Loss):
    """Object form of :func:`softmax_cross_entropy`."""

    name = "cross_entropy"

    def __init__(self, reduction: str = "mean") -> None:
        self.reduction = check_reduction(reduction, type(self).__name__)

    def __call__(self, outputs: Any, targets: Any) -> Value:
        return softmax_cross_entropy(outputs, targets, reduction=self.reduction)

    def sample(self, output: Sequence[Value], target: Target) -> Value:
        # The shift m must not be a number read off this sample's logits (a trace would
        # freeze it), so max z is built from ops: m ← m + relu(zⱼ − m) is max(m, zⱼ)
        # without a Python branch. Every e^(z − m) ≤ 1 again, for any logits.
        m = output[0]
        for z in output[1:]:
            m = m + (z - m).relu()
        return _cross_entropy_sample(output, target, m)


class BCEWithLogits(Loss):
    """Object form of :func:`binary_cross_entropy_with_logits`."""

    name = "bce_with_logits"

    def __init__(self, reduction: str = "mean") -> None:
        self.reduction = check_reduction(reduction, type(self).__name__)

    def __call__(self, outputs: Any, targets: Any) -> Value:
        return binary_cross_entropy_with_logits(outputs, targets, reduction=self.reduction)

    def sample(self, output: Sequence[Value], target: Target) -> Value:
        return _bce_sample(output, target)


class Hinge(Loss):
    """Object form of :func:`hinge`."""

    name = "hinge"

    def __init__(self, reduction: str = "mean") -> None:
        self.reduction = check_reduction(reduction, type(self).__name__)

    def __call__(self, outputs: Any, targets: Any) -> Value:
        return hinge(outputs, targets, reduction=self.reduction)

    def sample(self, output: Sequence[Value], target: Target) -> Value:
        return _hinge_sample(output, target)


LOSSES: dict[str, type[Loss]] = {
    "squared_error": SquaredError,
    "mse": SquaredError,
    "cross_entropy": CrossEntropy,
    "bce_with_logits": BCEWithLogits,
    "hinge": Hinge,
}


def get_loss(spec: str | Loss) -> Loss:
    """A Loss from itself or one of the names in :data:`LOSSES`."""
    if isinstance(spec, Loss):
        return spec
    if isinstance(spec, str) and spec in LOSSES:
        return LOSSES[spec]()
    raise ValueError(f"loss: unknown loss {spec!r}; expected one of {sorted(LOSSES)} or a Loss")
