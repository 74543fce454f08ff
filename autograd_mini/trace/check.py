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

from autograd_mini.backward import gradients
from autograd_mini.value import Value, recording, vsum

__all__ = ["CHECK_RTOL", "CheckInputs", "TraceMismatchError", "compare_with_eager"]

#: How the eager check passes a sample's inputs to the function (see :func:`compare_with_eager`).
CheckInputs = Literal["values", "numbers"]

Array = npt.NDArray[np.float64]

#: Relative tolerance of ``check=True``: the replay sums in another order than the eager
#: engine, so results agree to rounding, far tighter than this.
CHECK_RTOL = 1e-9

_HINT = (
    "; the function probably branches on data or turns inputs into plain numbers "
    "(a trace records the ops that ran for the example, not Python control flow) — or "
    "a sum cancels (terms far larger than the result), so that the order of addition, "
    "which differs between the engine and numpy, decides the rounding"
)


class TraceMismatchError(Exception):
    """The replayed graph and the eager engine disagree (the function is not traceable)."""


def _first_far(got: Array, want: Array, atol: float) -> int | None:
    """The first index where |got − want| > CHECK_RTOL·max(|got|, |want|) + atol, or one
    side is nan or infinite and the other is not the same number; None if there is none
    (one pass over the arrays: a gradient check compares 13,002 numbers)."""
    with np.errstate(invalid="ignore", over="ignore"):  # a nan is far; so is an inf,
        diff = np.abs(got - want)  # unless both are that same inf
        tol = CHECK_RTOL * np.maximum(np.abs(got), np.abs(want)) + atol
        far = ~((got == want) | ((diff <= tol) & np.isfinite(diff)))
    return int(np.argmax(far)) if far.any() else None


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

    Gradient recording is on inside, even when the replay was called inside
    ``no_grad``: the eager gradients need the graph."""
    rows = out.shape[0]  # one row per sample (one, for a function of no inputs)
    want_out = np.zeros((rows, out.shape[1]))
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
        losses.append(outs[0])
    atol = 1e-12 * max(1.0, float(np.abs(want_out).max()))
    first = _first_far(out.ravel(), want_out.ravel(), atol)  # row by row, as the samples
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
    if mean:
        want_grad /= rows
    atol = 1e-12 * max(1.0, float(np.abs(want_grad).max(initial=0.0)))
    j = _first_far(np.asarray(grads, dtype=np.float64), want_grad, atol)
    if j is not None:
        p = params[j]
        name = f" {p.label!r}" if p.label else ""
        raise TraceMismatchError(
            f"trace check: gradient of parameter {j}{name}: replay gives "
            f"{float(grads[j])!r}, the eager engine {float(want_grad[j])!r}{_HINT}"
        )
