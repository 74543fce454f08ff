"""``check=True``: the first replayed batch against the eager engine, sample by sample.

A trace records the ops that ran for the example inputs, not the Python that chose
them. Running the user's function again on every sample of a batch, with Values, and
comparing outputs and gradients is the one test that catches a function whose control
flow depends on data — it is independent of everything the replay computes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from autograd_mini.backward import gradients, topological_order
from autograd_mini.value import Value, recording, vsum

__all__ = ["CHECK_RTOL", "CheckInputs", "TraceMismatchError", "compare_with_eager"]

#: How the eager check passes a sample's inputs to the function (see :func:`compare_with_eager`).
CheckInputs = Literal["values", "numbers"]

Array = npt.NDArray[np.float64]

#: Relative tolerance of ``check=True``: the replay sums in another order than the eager
#: engine, so results agree to rounding, far tighter than this.
CHECK_RTOL = 1e-9

#: How many units of rounding the absolute floor of each compared number allows: the
#: floor is this times eps times the rounding bound of the sums that make it (see
#: :func:`compare_with_eager`). Each side's rounding is at most eps times that bound (to
#: first order); the library functions on floats and on arrays (math.exp, np.exp) may
#: round an ulp apart.
ROUNDING_UNITS = 8.0

_EPS = float(np.finfo(np.float64).eps)

_HINT = (
    "; the function probably branches on data or turns inputs into plain numbers "
    "(a trace records the ops that ran for the example, not Python control flow) — or "
    "a sum cancels (terms far larger than the result), so that the order of addition, "
    "which differs between the engine and numpy, decides the rounding"
)


class TraceMismatchError(Exception):
    """The replayed graph and the eager engine disagree (the function is not traceable)."""


def _first_far(got: Array, want: Array, atol: Array) -> int | None:
    """The first index i where |got − want| > CHECK_RTOL·max(|got|, |want|) + atol[i], or
    one side is nan or infinite and the other is not the same number; None if there is
    none (one pass over the arrays: a gradient check compares 13,002 numbers)."""
    with np.errstate(invalid="ignore", over="ignore"):  # a nan is far; so is an inf,
        diff = np.abs(got - want)  # unless both are that same inf
        tol = CHECK_RTOL * np.maximum(np.abs(got), np.abs(want)) + atol
        far = ~((got == want) | ((diff <= tol) & np.isfinite(diff)))
    return int(np.argmax(far)) if far.any() else None


class _RoundingBound:
    """B(v), the first-order bound of the rounding in ``v``'s number, in units of eps: a
    number read off the eager graph may differ from the replay's by at most about
    eps·B(v) on each side, whatever order either adds in.

    A leaf's number is exact; B = |v| counts it as rounded once (a margin). An inner node
    y = op(x₁ … xₙ) rounds its own result (|y|), adds n terms of size |∂y/∂xᵢ·xᵢ| — a sum
    of n terms rounds by at most (n − 1)·eps·Σ|terms|, in any order — and carries its
    inputs' errors on by its slopes: B(y) = |y| + (n − 1)·Σ|∂y/∂xᵢ·xᵢ| + Σ|∂y/∂xᵢ|·B(xᵢ).
    So a result of 1 made as 10¹³ − 10¹³ + 1 has B ≈ 2·10¹³ (its digits below 10⁻³ are
    rounding), and one made of numbers near 1 has B near 1, whatever the other samples
    are. Each node's B is kept: samples share the parameters and constants."""

    def __init__(self) -> None:
        self.known: dict[Value, float] = {}

    def __call__(self, v: Value) -> float:
        known = self.known
        b = known.get(v)
        if b is not None:
            return b
        for node in reversed(topological_order(v)):
            if node in known:
                continue
            carried = 0.0
            terms = 0.0
            for p, d in zip(node.parents, node.local_grads, strict=True):
                size = abs(p.data)
                b = known.get(p, size)  # a leaf's: its size
                slope = abs(d)
                # an exact 0 carries nothing, through an infinite slope too (√ at 0)
                carried += slope * b if b else 0.0
                terms += slope * size if size else 0.0
            known[node] = abs(node.data) + (len(node.parents) - 1) * terms + carried
        b = known.get(v)
        return abs(v.data) if b is None else b  # a leaf

    def relative(self, node: Value) -> float:
        """How many units of rounding ``node``'s slopes may carry, relative to their
        size: a slope is a function of the node's inputs (mul's is the other input), so
        as many as the worst input's, B(x)/|x| (at least 1; at most 1/CHECK_RTOL, which a
        number that rounding made all of — an input that cancelled to 0 — would exceed)."""
        worst = 1.0
        for p in node.parents:
            size = abs(p.data)
            b = self(p)
            if b > worst * size:
                worst = b / size if size else _MOST
        return min(worst, _MOST)


#: The most units of rounding a slope is taken to carry (see :meth:`_RoundingBound.relative`).
_MOST = 1.0 / CHECK_RTOL


def _gradient_bound(total: Value, params: Sequence[Value], bound: _RoundingBound) -> Array:
    """For each parameter, the rounding bound of ∂total/∂p in units of eps, from one
    reverse pass over sizes: A(p) = Σ over paths of |∏ slopes| (the sum of |terms| of the
    gradient, however it is ordered), and E(p), the rounding those terms carry — each
    node's n-term sum (n·A), its slopes' own rounding (:meth:`_RoundingBound.relative`
    times A), and what arrives from above (|slope|·E):

        A(p) += |s|·A(c),   E(p) += |s|·(E(c) + n_c·rel(c)·A(c))

    over each node c using p with slope s. The bound is A + E."""
    size: dict[Value, float] = {total: 1.0}
    error: dict[Value, float] = {total: 0.0}
    for node in topological_order(total):
        a = size.get(node)
        if not a:
            continue
        carried = error[node] + len(node.parents) * bound.relative(node) * a
        for p, d in zip(node.parents, node.local_grads, strict=True):
            s = abs(d)
            size[p] = size.get(p, 0.0) + s * a
            error[p] = error.get(p, 0.0) + s * carried
    return np.array([size.get(p, 0.0) + error.get(p, 0.0) for p in params], dtype=np.float64)


@recording()  # gradient recording on, even when called inside no_grad (see below)
def compare_with_eager(
    fn: Callable[..., Any],
    params: Sequence[Value],
    batches: list[Array],
    out: Array,
    grads: Array | None,
    mean: bool,
    inputs: CheckInputs = "values",
) -> None:
    """Rebuild every sample of the batch on the eager engine (the parameters must hold
    the replay's numbers) and raise :class:`TraceMismatchError` naming the first output
    or parameter gradient (of the batch loss, output 0) that differs from the replay's.

    ``inputs``: each sample's inputs reach ``fn`` as Values (``"values"``), or as plain
    numbers (``"numbers"``: constants, as eager training with data passes them — no
    node per input, and a weight times an input is one constant-weighted term).

    Each number is compared against its own eager value: a replayed number r and the
    eager e agree when |r − e| ≤ CHECK_RTOL·max(|r|, |e|) + ROUNDING_UNITS·eps·B, B the
    rounding bound of the sums that make it (:class:`_RoundingBound` for an output,
    :func:`_gradient_bound` for a gradient): the size of its terms, so a result that
    cancels (10¹³ − 10¹³ + 1) is allowed the rounding its terms carry, and one made of
    small numbers is held to its own digits, however large another sample's output or
    another parameter's gradient is (one tolerance for the whole batch, 10⁻¹² of its
    largest number, let a sample of −0.5 pass for −1.0 beside one of 2·10¹²).

    Gradient recording is on inside, even when the replay was called inside
    ``no_grad``: the eager gradients need the graph."""
    rows = out.shape[0]  # one row per sample (one, for a function of no inputs)
    want_out = np.zeros((rows, out.shape[1]))
    bound_out = np.zeros((rows, out.shape[1]))
    bound = _RoundingBound()
    losses: list[Value] = []
    for r in range(rows):
        if inputs == "numbers":
            leaves: list[list[Any]] = [b[r].tolist() for b in batches]
        else:
            leaves = [[Value(float(x)) for x in b[r]] for b in batches]
        result = fn(*leaves)
        outs = [result] if isinstance(result, Value) else list(result)
        outs = [o if isinstance(o, Value) else Value(float(o)) for o in outs]  # a constant
        if len(outs) != out.shape[1]:
            raise TraceMismatchError(
                f"trace check: sample {r} gives {len(outs)} outputs, the trace "
                f"{out.shape[1]} — the function's Python control flow depends on data"
            )
        want_out[r] = [o.data for o in outs]
        bound_out[r] = [bound(o) for o in outs]
        losses.append(outs[0])
    atol = ROUNDING_UNITS * _EPS * bound_out
    first = _first_far(out.ravel(), want_out.ravel(), atol.ravel())  # row by row, as the samples
    if first is not None:
        r, j = divmod(first, out.shape[1])
        raise TraceMismatchError(
            f"trace check: output {j} of sample {r}: replay gives "
            f"{float(out[r, j])!r}, the eager engine {float(want_out[r, j])!r}{_HINT}"
        )
    if grads is None:
        return
    total = losses[0] if rows == 1 else vsum(losses)  # Σ of the samples': one backward pass
    want_grad = np.array(gradients(total, list(params)), dtype=np.float64)
    atol = ROUNDING_UNITS * _EPS * _gradient_bound(total, params, bound)
    if mean:
        want_grad /= rows
        atol /= rows
    j = _first_far(np.asarray(grads, dtype=np.float64), want_grad, atol)
    if j is not None:
        p = params[j]
        name = f" {p.label!r}" if p.label else ""
        raise TraceMismatchError(
            f"trace check: gradient of parameter {j}{name}: replay gives "
            f"{float(grads[j])!r}, the eager engine {float(want_grad[j])!r}{_HINT}"
        )
