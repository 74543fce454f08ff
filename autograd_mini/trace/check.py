"""``check=True``: the first replayed batch against the eager engine, sample by sample.

A trace records the ops that ran for the example inputs, not the Python that chose
them. Running the user's function again on every sample of a batch, with Values, and
comparing outputs and gradients is the one test that catches a function whose control
flow depends on data — it is independent of everything the replay computes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from autograd_mini.backward import gradients, topological_order
from autograd_mini.errors import NonFiniteGradient, OpOverflow
from autograd_mini.grad_mode import recording
from autograd_mini.value import Value, param_name, vsum

__all__ = ["CHECK_RTOL", "CheckInputs", "TraceMismatchError", "compare_with_eager"]

#: How the eager check passes a sample's inputs to the function (see :func:`compare_with_eager`).
CheckInputs = Literal["values", "numbers"]

Array = npt.NDArray[np.float64]

#: Relative tolerance of ``check=True``: the replay sums in another order than the eager
#: engine, so results agree to rounding, far tighter than this.
CHECK_RTOL = 1e-9

#: How many units of rounding the absolute allowance of each compared number is: this
#: times eps times the rounding bound of the sums that make it (see
#: :func:`compare_with_eager`), plus this times the smallest normal float (:data:`FLOOR`).
#: Each side's rounding is at most eps times that bound (to first order); the library
#: functions on floats and on arrays (math.exp, np.exp) may round an ulp apart.
ROUNDING_UNITS = 8.0

_EPS = float(np.finfo(np.float64).eps)
_TINY = float(np.finfo(np.float64).tiny)

#: The floor of every comparison, whatever the bounds: ROUNDING_UNITS times the smallest
#: normal float, tiny ≈ 2.2·10⁻³⁰⁸. The array kernels of σ and σ′ give 0.0 where the
#: true value is below tiny (the float kernels give the subnormal), so a number that
#: small may be 0 on one side and up to tiny on the other, neither wrong; the gradual
#: underflow of a sum's terms adds eps·tiny/2 at most per term, a tiny per 10¹⁶ terms.
#: What an underflow inside the graph becomes on the way (times the slopes after it: a
#: σ′ of 3·10⁻³¹¹ lost, times 2·1430, is 9.5·10⁻³⁰⁸) is not the floor's: the bounds
#: count it (:func:`_lost`), and only where some number is that small.
FLOOR = ROUNDING_UNITS * _TINY

#: Below this a number (a node's value, a slope, an adjoint) is taken as possibly lost to
#: underflow on one side: it and another tiny may be wrong, in either engine (see
#: :data:`FLOOR`; 4σ′(2a), tanh's slope, is four times a σ′ the array kernel makes 0.0).
_UNDERFLOW = 16.0 * _TINY

_HINT = (
    "; the function probably branches on data or turns inputs into plain numbers "
    "(a trace records the ops that ran for the example, not Python control flow) — or "
    "a sum cancels (terms far larger than the result), so that the order of addition, "
    "which differs between the engine and numpy, decides the rounding"
)


class TraceMismatchError(Exception):
    """The replayed graph and the eager engine disagree (the function is not traceable)."""


def _far(got: Array, want: Array, atol: Array | float) -> npt.NDArray[np.bool_]:
    """Where |got − want| > CHECK_RTOL·max(|got|, |want|) + atol, or one side is nan or
    infinite and the other is not the same number (one pass over the arrays: a gradient
    check compares 13,002 numbers)."""
    with np.errstate(invalid="ignore", over="ignore"):  # a nan is far; so is an inf,
        diff = np.abs(got - want)  # unless both are that same inf
        tol = CHECK_RTOL * np.maximum(np.abs(got), np.abs(want)) + atol
        far: npt.NDArray[np.bool_] = ~((got == want) | ((diff <= tol) & np.isfinite(diff)))
    return far


def _tolerance(bound: Array) -> Array:
    """The absolute tolerance of numbers whose rounding bounds (in units of eps) are
    ``bound``: :data:`FLOOR` plus ROUNDING_UNITS·eps·B. An infinite bound (a slope
    beyond the largest float on the way: log at 1e-310) says nothing about the digits: the
    number is then held to CHECK_RTOL and the floor alone, never to an infinite (or nan)
    tolerance that would pass anything."""
    with np.errstate(invalid="ignore", over="ignore"):
        extra = ROUNDING_UNITS * _EPS * bound
    return FLOOR + np.where(np.isfinite(extra), extra, 0.0)


def _lost(x: float) -> float:
    """What underflow may take from a number of size ``x`` in either engine, in units of
    eps: all of it and another tiny, below :data:`_UNDERFLOW`; nothing above."""
    return (x + _TINY) / _EPS if x < _UNDERFLOW else 0.0


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
    are. A slope of 0 carries nothing (y = 0·x is 0 whatever x's error); an infinite one
    carrying a non-zero error makes B infinite (see :func:`_tolerance`), never nan.

    Underflow is kept apart, as U(v): a node whose number is below :data:`_UNDERFLOW` may
    have lost all of it (:func:`_lost`), and that is carried on by the slopes as B is,
    U(y) = lost(|y|) + Σ|∂y/∂xᵢ|·U(xᵢ) — apart, because it is no relative error of the
    number (see :meth:`relative`). ``self(v)`` is B(v) + U(v). Each node's B and U are
    kept: samples share the parameters and constants."""

    def __init__(self) -> None:
        self.known: dict[Value, float] = {}
        self.under: dict[Value, float] = {}

    def _rounding(self, v: Value) -> float:
        """B(v) (filling in every node below ``v`` not yet known)."""
        if not v.parents:
            return abs(v.data)  # a leaf: exact, counted once as a margin; nothing lost
        known, under = self.known, self.under
        b = known.get(v)
        if b is not None:
            return b
        for node in reversed(topological_order(v)):
            if not node.parents or node in known:
                continue
            carried = 0.0
            terms = 0.0
            lost = 0.0
            for p, d in zip(node.parents, node.local_grads, strict=True):
                slope = abs(d)
                if not slope:
                    continue  # an exact 0 carries nothing, whatever it multiplies
                size = abs(p.data)
                b = known.get(p, size)  # a leaf's: its size
                carried += slope * b if b else 0.0  # (an infinite slope at 0: √ at 0)
                terms += slope * size if size else 0.0
                u = under.get(p, 0.0)
                lost += slope * u if u else 0.0
            n = len(node.parents)
            total = abs(node.data) + carried + ((n - 1) * terms if n > 1 else 0.0)
            known[node] = total if total == total else math.inf  # (nan: inf)
            lost += _lost(abs(node.data))
            under[node] = lost if lost == lost else math.inf
        return known[v]

    def __call__(self, v: Value) -> float:
        b = self._rounding(v)
        return b + self.under.get(v, 0.0)

    def relative(self, node: Value) -> float:
        """How many units of rounding ``node``'s slopes may carry, relative to their
        size: a slope is a function of the node's inputs (mul's is the other input), so
        as many as the worst input's, B(x)/|x| (at least 1; at most 1/CHECK_RTOL, which a
        number that rounding made all of — an input that cancelled to 0 — would exceed).
        Underflow is not counted here: what it takes from a slope is counted as such in
        :func:`_gradient_bound`."""
        worst = 1.0
        for p in node.parents:
            if not p.parents:
                continue  # a leaf: exact
            size = abs(p.data)
            b = self._rounding(p)
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

        A(p) += |s|·A(c),   E(p) += |s|·(E(c) + n_c·rel(c)·A(c) + lost(A(c))) + lost(|s|)·A(c)

    over each node c using p with slope s, where lost (:func:`_lost`) is what underflow
    may take from an adjoint or a slope below :data:`_UNDERFLOW` (σ′ at −715 is 3·10⁻³¹¹
    eagerly and 0.0 in the replay; times 2·1430 on the way to a weight, the gradient is
    9.5·10⁻³⁰⁸ on one side and 0 on the other). The bound is A + E; infinite where an
    infinite slope carries anything."""
    size: dict[Value, float] = {total: 1.0}
    error: dict[Value, float] = {total: 0.0}
    for node in topological_order(total):
        a = size.get(node)
        if not a or not node.parents:
            continue
        carried = error[node] + len(node.parents) * bound.relative(node) * a + _lost(a)
        for p, d in zip(node.parents, node.local_grads, strict=True):
            s = abs(d)
            if not s:
                continue  # an exact 0 carries nothing
            size[p] = size.get(p, 0.0) + s * a
            error[p] = error.get(p, 0.0) + (s * carried if carried else 0.0) + _lost(s) * a
    with np.errstate(invalid="ignore", over="ignore"):
        b = np.array([size.get(p, 0.0) + error.get(p, 0.0) for p in params], dtype=np.float64)
    return np.where(np.isnan(b), np.inf, b)


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
    eager e agree when |r − e| ≤ CHECK_RTOL·max(|r|, |e|) + FLOOR + ROUNDING_UNITS·eps·B,
    B the rounding bound of the sums that make it (:class:`_RoundingBound` for an output,
    :func:`_gradient_bound` for a gradient): the size of its terms, so a result that
    cancels (10¹³ − 10¹³ + 1) is allowed the rounding its terms carry, and one made of
    small numbers is held to its own digits, however large another sample's output or
    another parameter's gradient is (one tolerance for the whole batch, 10⁻¹² of its
    largest number, let a sample of −0.5 pass for −1.0 beside one of 2·10¹²). B also
    counts what underflow may take (a σ′ of 10⁻³¹¹ is 0.0 in the replay) times the slopes
    that carry it on; FLOOR (:data:`FLOOR`, 8 × the smallest normal float) is the least
    tolerance of any number. B is worked out only for the numbers that fail the plain
    test, CHECK_RTOL and FLOOR (the full tolerance is the plain one plus 8·eps·B ≥ 0, so
    the plain test passes nothing the full one refuses): B takes Python passes over the
    eager graph, more than the eager gradient itself costs, and a network's set-up paid
    them on every check.

    Gradient recording is on inside, even when the replay was called inside
    ``no_grad``: the eager gradients need the graph."""
    rows = out.shape[0]  # one row per sample (one, for a function of no inputs)
    cols = out.shape[1]
    want_out = np.zeros((rows, cols))
    results: list[list[Value]] = []
    for r in range(rows):
        if inputs == "numbers":
            leaves: list[list[Any]] = [b[r].tolist() for b in batches]
        else:
            leaves = [[Value(float(x)) for x in b[r]] for b in batches]
        result = fn(*leaves)
        outs = [result] if isinstance(result, Value) else list(result)
        outs = [o if isinstance(o, Value) else Value(float(o)) for o in outs]  # a constant
        if len(outs) != cols:
            raise TraceMismatchError(
                f"trace check: sample {r} gives {len(outs)} outputs, the trace "
                f"{cols} — the function's Python control flow depends on data"
            )
        want_out[r] = [o.data for o in outs]
        results.append(outs)
    bound = _RoundingBound()  # filled in only if a number fails the plain test
    got, want = out.ravel(), want_out.ravel()  # row by row, as the samples
    suspects = np.flatnonzero(_far(got, want, FLOOR))
    if suspects.size:
        b = np.array([bound(results[i // cols][i % cols]) for i in suspects], dtype=np.float64)
        far = suspects[_far(got[suspects], want[suspects], _tolerance(b))]
        if far.size:
            r, j = divmod(int(far[0]), cols)
            raise TraceMismatchError(
                f"trace check: output {j} of sample {r}: replay gives "
                f"{float(out[r, j])!r}, the eager engine {float(want_out[r, j])!r}{_HINT}"
            )
    if grads is None:
        return
    total, scale, want_grad = _eager_gradient([outs[0] for outs in results], params, mean)
    got_grad = np.asarray(grads, dtype=np.float64)
    suspects = np.flatnonzero(_far(got_grad, want_grad, FLOOR))
    if suspects.size:
        b = _gradient_bound(total, [params[int(i)] for i in suspects], bound) / scale
        if mean:
            b /= rows
        far = suspects[_far(got_grad[suspects], want_grad[suspects], _tolerance(b))]
        if far.size:
            j = int(far[0])
            p = params[j]
            raise TraceMismatchError(
                f"trace check: gradient of {param_name(j, p)}: replay gives "
                f"{float(grads[j])!r}, the eager engine {float(want_grad[j])!r}{_HINT}"
            )


def _eager_gradient(
    losses: list[Value], params: Sequence[Value], mean: bool
) -> tuple[Value, float, Array]:
    """The eager gradient of the batch loss (Σ L, or its mean) from one backward pass; also
    the node it started from and the power of two s that node was scaled by.

    That node is Σ L (s = 1) — or, where Σ L or its gradient is beyond a float though the
    replay's numbers are not (each sample's loss 10³⁰⁸; or gradients of 10³⁰⁸ whose mean
    is one), Σ s·L with s = 2⁻ᵏ ≤ 1/B, which cannot overflow: its ∂/∂p divided by s is
    the same sum of the samples' gradients, exactly (a power of two), and times 2ᵏ/B ∈
    [1, 2) their mean. Before, the check refused such a batch with its own
    vsum's OpOverflow, or a NonFiniteGradient of a sum the replay never forms."""
    rows = len(losses)
    try:
        total = losses[0] if rows == 1 else vsum(losses)
        grads = np.array(gradients(total, list(params), who="trace check"), dtype=np.float64)
        return total, 1.0, grads / rows if mean else grads
    except (OpOverflow, NonFiniteGradient):
        if rows == 1:
            raise
    scale = 2.0 ** -math.ceil(math.log2(rows))
    total = vsum([loss * scale for loss in losses])
    grads = np.array(gradients(total, list(params), who="trace check"), dtype=np.float64)
    with np.errstate(over="ignore"):  # a sum beyond a float: inf, the replay's is too
        return total, scale, grads * ((1.0 / scale) / rows if mean else 1.0 / scale)
