"""Layouts of the trace's replay that the rest of the suite never built, each found by
a hand mutation round on ``autograd_mini/trace`` (a change to the replay that every
other test let through). The oracle is a gradient written out by hand in numpy, or
central differences of a loss written in numpy; every replay runs twice, through the
groups' own methods and through the generated function (``Replay.compiled``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pytest

from autograd_mini import Value, dot, vsum
from autograd_mini.trace import trace
from autograd_mini.trace.slots import Places

Array = np.ndarray


def both_passes(
    fn: Callable[..., Value], X: Array, params: Sequence[Value], fuse: bool = True
) -> list[tuple[Array, Array]]:
    """(losses, gradient) from the groups' own methods, then from the generated function."""
    traced = trace(fn, X[0], params=params, fuse=fuse)
    first = traced.backward(X)
    traced._replay.compiled()
    assert traced._replay._fast is not None
    return [first, traced.backward(X)]


def close(got: Array, want: Array, what: str) -> None:
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12, err_msg=what)


def test_a_fused_op_reading_a_parameter_and_a_constant_leaf_gathers_one_row() -> None:
    """w·k and c·k (w, k parameters, c a constant leaf) are one fused ``mul`` whose first
    input lies in two blocks that do not vary over the batch: it is gathered as one row,
    not one per sample (kills slots Take._reader: gather ``(rows, m)`` for a shared take,
    which raised on any batch of more than one row)."""
    w, k = Value(0.7, label="w"), Value(-1.3, label="k")
    c = Value(1.5, label="c")  # a leaf not in params: a constant of the trace

    def fn(x: list[Value]) -> Value:
        a, b = w * k, c * k
        return a * x[0] + b * x[1]

    X = np.random.default_rng(1).normal(size=(5, 2))
    x0, x1 = X.T
    want_loss = w.data * k.data * x0 + c.data * k.data * x1
    want_grad = np.array([(k.data * x0).sum(), (w.data * x0 + c.data * x1).sum()])
    for losses, grad in both_passes(fn, X, [w, k]):
        close(losses, want_loss, "losses")
        close(grad, want_grad, "gradient")


def test_tied_weights_used_by_two_layers_get_both_layers_gradients() -> None:
    """One weight matrix W in two layers, o = W·tanh(W·x): each layer's Gᵀ·A adds into
    W's gradient; neither may be computed straight into it, which is kept for a weight
    matrix no other node writes (kills slots Take.settable without its ``mode is SET``:
    the second layer's product overwrote the first's)."""
    rng = np.random.default_rng(2)
    Wn = rng.normal(size=(3, 3)) / 2
    W = [[Value(float(v), label=f"w{j}{i}") for i, v in enumerate(row)] for j, row in enumerate(Wn)]
    params = [v for row in W for v in row]

    def fn(x: list[Value]) -> Value:
        a = [dot(row, x).tanh() for row in W]
        return vsum([dot(row, a) for row in W])

    X = rng.normal(size=(4, 3))
    H = X @ Wn.T
    A = np.tanh(H)
    ones = np.ones(3)
    want_loss = A @ Wn.T @ ones
    GH = (ones @ Wn)[None, :] * (1 - A**2)  # ∂L/∂h per sample
    want_grad = (np.outer(ones, A.sum(axis=0)) + GH.T @ X).ravel()
    for fuse in (True, False):
        for losses, grad in both_passes(fn, X, params, fuse):
            close(losses, want_loss, f"losses, fuse={fuse}")
            close(grad, want_grad, f"gradient, fuse={fuse}")


def test_a_gradient_stored_for_two_blocks_is_copied_before_a_repeated_column_adds_in() -> None:
    """s = u + v stores the same gradient array for u and for v; then u·0.5 and u·0.25,
    one fused ``mul`` reading u twice, add into u's (np.add.at, a column listed twice)
    before v's other consumer eᵛ runs: that addition must go into a copy, or v receives
    u's terms too (kills slots _writer: add_at without its copy in ADD_COPY mode)."""
    w1, w2 = Value(0.7, label="w1"), Value(-0.4, label="w2")

    def fn(x: list[Value]) -> Value:
        u = x[0] * w1
        v = x[1] + w2
        r = v.exp()  # made first: its group's backward runs last
        q1, q2 = u * 0.5, u * 0.25
        s = u + v  # made last: its group's backward runs first, storing one array twice
        return s * s + q1 * r + q2 * r

    X = np.random.default_rng(3).normal(size=(6, 2))
    x0, x1 = X.T
    u, v = x0 * w1.data, x1 + w2.data
    s, r = u + v, np.exp(x1 + w2.data)
    want_loss = s * s + 0.75 * u * r
    want_grad = np.array([((2 * s + 0.75 * r) * x0).sum(), (2 * s + 0.75 * u * r).sum()])
    for losses, grad in both_passes(fn, X, [w1, w2]):
        close(losses, want_loss, "losses")
        close(grad, want_grad, "gradient")


def test_a_variable_with_no_slot_is_refused_not_given_a_parameter_column() -> None:
    """Places hands out parameter columns to parameters only: asking for any other
    variable that was never placed is a bug in the replay's building, refused (kills
    slots Places.slots without its KeyError, which gave it a column and put -1 in the
    parameter order)."""
    places = Places(3, [1], pblock=5)
    places.place([0], 0)
    assert places.slots([1]).blocks.tolist() == [5]
    with pytest.raises(KeyError, match="variable 2 has no slot"):
        places.slots([2])
    assert places.order == [0]


# --------------------------------------------------------------------------- groups


def central(loss: Callable[[Array], float], p: Array, h: float = 1e-6) -> Array:
    """Central differences of a numpy loss at the parameter vector ``p``."""
    out = np.empty_like(p)
    for i in range(p.size):
        e = np.zeros_like(p)
        e[i] = h
        out[i] = (loss(p + e) - loss(p - e)) / (2 * h)
    return out


def test_dot_layouts_of_per_sample_lists_against_central_differences() -> None:
    """Two dot layouts no layer builds: oⱼ = Wⱼ·hⱼ, a weight matrix (the same every
    sample) times a list that differs per node and per sample, and pⱼ = a·hⱼ + cⱼ, one
    per-sample list a shared by the nodes times such a list (kills groups _pair_forward
    summing a vector-times-matrix over the nodes instead of the terms, _pair_grad
    summing a weight matrix's gradient over the first sample only, and _pair_grad
    pairing a shared vector's gradient with the wrong nodes)."""
    rng = np.random.default_rng(4)
    p0 = rng.normal(size=2 * 3 + 2 * 3 + 3 + 2) / 2
    params = [Value(float(v), label=f"p{i}") for i, v in enumerate(p0)]
    U, W = [params[0:3], params[3:6]], [params[6:9], params[9:12]]
    v, c = params[12:15], params[15:17]

    def fn(x: list[Value]) -> Value:
        h = [[xi * u for xi, u in zip(x, row, strict=True)] for row in U]
        a = [xi + vi for xi, vi in zip(x, v, strict=True)]
        o = [dot(W[j], h[j]) for j in range(2)]
        p = [dot(a, h[j], c[j]) for j in range(2)]
        return vsum([o[0].tanh(), o[1].tanh(), p[0] * p[1]])

    X = rng.normal(size=(5, 3))

    def numpy_loss(q: Array, x: Array) -> Array:
        Un, Wn = q[0:6].reshape(2, 3), q[6:12].reshape(2, 3)
        vn, cn = q[12:15], q[15:17]
        h = x[:, None, :] * Un  # (rows, node, term)
        a = x + vn
        o = (Wn * h).sum(axis=-1)
        p = (a[:, None, :] * h).sum(axis=-1) + cn
        out: Array = np.tanh(o).sum(axis=1) + p[:, 0] * p[:, 1]
        return out

    want_loss = numpy_loss(p0, X)
    want_grad = central(lambda q: float(numpy_loss(q, X).sum()), p0)
    for fuse in (True, False):
        for losses, grad in both_passes(fn, X, params, fuse):
            close(losses, want_loss, f"losses, fuse={fuse}")
            np.testing.assert_allclose(grad, want_grad, rtol=1e-6, atol=1e-8, err_msg=f"{fuse}")


def test_nodes_of_one_dot_of_two_shared_lists_with_their_own_biases() -> None:
    """[a·s + b₀, a·s + b₁]: both lists shared by the two nodes, so the pair's sum is one
    column broadcast to both — a read-only view, to which the biases are added into a
    new array, not in place (kills groups Dot: ``fresh`` for every layout, which raised
    "output array is read-only")."""
    rng = np.random.default_rng(5)
    v = [Value(float(t), label=f"v{i}") for i, t in enumerate(rng.normal(size=3))]
    s = [Value(float(t), label=f"s{i}") for i, t in enumerate(rng.normal(size=3))]
    b = [Value(0.5, label="b0"), Value(-0.25, label="b1")]

    def fn(x: list[Value]) -> Value:
        a = [xi + vi for xi, vi in zip(x, v, strict=True)]
        o = [dot(a, s, b[0]), dot(a, s, b[1])]
        return o[0] * o[1]

    X = rng.normal(size=(4, 3))
    vn, sn = np.array([t.data for t in v]), np.array([t.data for t in s])
    z = (X + vn) @ sn
    o0, o1 = z + 0.5, z - 0.25
    want_loss = o0 * o1
    gz = o0 + o1  # ∂(o₀o₁)/∂z
    want_grad = np.concatenate(
        [gz.sum() * sn, (gz[:, None] * (X + vn)).sum(axis=0), [o1.sum(), o0.sum()]]
    )
    for losses, grad in both_passes(fn, X, [*v, *s, *b]):
        close(losses, want_loss, "losses")
        close(grad, want_grad, "gradient")


def test_a_dot_of_one_value_times_a_number_other_than_one_multiplies() -> None:
    """dot([h₀], [3.0]), dot([h₁], [−2.0]): one constant-weighted term per node, weight
    not 1 — not the plain addition of a bias (kills groups Dot.plain_lin without its
    ``consts == 1`` test, which dropped the weights)."""
    w = [Value(0.75, label="w0"), Value(-1.5, label="w1")]

    def fn(x: list[Value]) -> Value:
        h = [x[0] * w[0], x[1] * w[1]]
        o = [dot([h[0]], [3.0]), dot([h[1]], [-2.0])]
        return o[0] * o[1] + o[1]

    X = np.random.default_rng(6).normal(size=(4, 2))
    x0, x1 = X.T
    o0, o1 = 3.0 * w[0].data * x0, -2.0 * w[1].data * x1
    want_loss = o0 * o1 + o1
    want_grad = np.array([(o1 * 3.0 * x0).sum(), ((o0 + 1) * -2.0 * x1).sum()])
    for losses, grad in both_passes(fn, X, w):
        close(losses, want_loss, "losses")
        close(grad, want_grad, "gradient")


def test_a_domain_error_at_a_later_node_names_that_node_s_own_constant() -> None:
    """2/x₀ and 3/x₁ are one fused ``div`` whose constants differ (a row of numbers);
    x₁ = 0 in sample 1 is refused as the eager engine refuses 3.0 / 0.0, with its
    class and its numbers (kills groups Elementwise.domain_error_at reading node 0's
    constant for every node: it said nothing of a division by zero)."""
    from autograd_mini.errors import DivisionByZero

    with pytest.raises(DivisionByZero) as eager_error:
        3.0 / Value(0.0)
    words = str(eager_error.value).split(" (")[0]  # "division by zero: 3.0 / 0.0"
    traced = trace(lambda x: [2.0 / x[0], 3.0 / x[1]], [1.0, 1.0])
    X = np.array([[1.0, 2.0], [4.0, 0.0]])
    with pytest.raises(DivisionByZero, match=f"{re.escape(words)} — at .*sample 1"):
        traced.forward(X)


# --------------------------------------------------------------------------- emit


def test_a_node_of_parameters_alone_whose_slope_reads_its_value_in_the_generated_function() -> None:
    """tanh(w) and e^v depend on no input: one row for the whole batch. Their slopes
    1 − tanh²(w) and e^v read that row; stored as one row per sample, the slope would
    be summed over the batch a second time (kills emit Emitter.store giving every
    group the batch's rows)."""
    w, v = Value(0.3, label="w"), Value(-0.6, label="v")

    def fn(x: list[Value]) -> Value:
        return w.tanh() * x[0] + v.exp() * x[1]

    X = np.random.default_rng(7).normal(size=(5, 2))
    x0, x1 = X.T
    t, e = np.tanh(0.3), np.exp(-0.6)
    want_loss = t * x0 + e * x1
    want_grad = np.array([((1 - t * t) * x0).sum(), (e * x1).sum()])
    for losses, grad in both_passes(fn, X, [w, v]):
        close(losses, want_loss, "losses")
        close(grad, want_grad, "gradient")


def test_a_float32_replay_is_float32_in_the_generated_function_too() -> None:
    """A dot's constant weights are float64 (numpy computes in float64 with them); its
    result is cast back to the replay's float32, in the generated function as in the
    groups' own methods (kills emit Emitter.store keeping a result of the right shape
    whatever its dtype: the outputs and gradient came back float64)."""
    w, v = Value(0.5, label="w"), Value(2.0, label="v")
    traced = trace(lambda xs: dot([w, v], [0.25, 3.0]) * xs[0], [1.0], params=[w, v])
    q: Any = traced.param_values()[traced.order].astype(np.float32)  # run() takes float32 too
    X: Any = np.array([[1.0], [2.0]], dtype=np.float32)
    for compiled in (False, True):
        if compiled:
            traced._replay.compiled()
        out, grad = traced.run([X], q, "sum")
        assert grad is not None
        assert out.dtype == np.float32 and grad.dtype == np.float32, compiled
        np.testing.assert_allclose(out[:, 0], [6.125, 12.25], rtol=1e-6)  # (0.125 + 6)·x
        np.testing.assert_allclose(traced.in_params_order(grad), [0.75, 9.0], rtol=1e-6)


# --------------------------------------------------------------------------- fuse


def test_dots_and_sums_of_one_depth_with_other_term_counts_are_not_fused() -> None:
    """a·s and a·s + b (one bias term more), Σ of two and Σ of three terms: same op,
    same depth, other layouts — separate numpy calls (kills fuse.layout without the
    number of constant terms, and without a sum's number of terms)."""
    rng = np.random.default_rng(8)
    v = [Value(float(t), label=f"v{i}") for i, t in enumerate(rng.normal(size=3))]
    s = [Value(float(t), label=f"s{i}") for i, t in enumerate(rng.normal(size=3))]
    b = Value(0.5, label="b")

    def fn(x: list[Value]) -> Value:
        a = [xi * vi for xi, vi in zip(x, v, strict=True)]
        d0, d1 = dot(a, s), dot(a, s, b)
        s2, s3 = vsum(a[:2]), vsum(a)
        return d0 * d1 + s2 * s3

    X = rng.normal(size=(4, 3))
    vn, sn = np.array([t.data for t in v]), np.array([t.data for t in s])
    A = X * vn
    d0 = A @ sn
    d1, s2, s3 = d0 + 0.5, A[:, :2].sum(axis=1), A.sum(axis=1)
    want_loss = d0 * d1 + s2 * s3
    gA = (d0 + d1)[:, None] * sn + s3[:, None] * [1.0, 1.0, 0.0] + s2[:, None]
    want_grad = np.concatenate(
        [(gA * X).sum(axis=0), ((d0 + d1)[:, None] * A).sum(axis=0), [d0.sum()]]
    )
    for fuse in (True, False):
        for losses, grad in both_passes(fn, X, [*v, *s, b], fuse):
            close(losses, want_loss, f"losses, fuse={fuse}")
            close(grad, want_grad, f"gradient, fuse={fuse}")


# --------------------------------------------------------------------------- replay


def test_outputs_of_parameters_alone_have_one_row_per_sample_in_the_generated_function() -> None:
    """[w·2, w·w] reads no input: its one row stands for every sample, and forward
    gives one row per sample of the batch (kills replay Replay._emit without the
    broadcast of such an output: the generated function gave one row)."""
    w = Value(1.5, label="w")
    traced = trace(lambda x: [w * 2.0, w * w], [0.0], params=[w])
    X = np.zeros((3, 1))
    for compiled in (False, True):
        if compiled:
            traced._replay.compiled()
        out = traced.forward(X)
        np.testing.assert_array_equal(out, np.tile([3.0, 2.25], (3, 1)), err_msg=f"{compiled}")


@pytest.mark.parametrize(
    ("f", "x"),
    [(lambda v: v.log().relu(), -1.0), (lambda v: (-(v.exp())).exp(), 1000.0),
     (lambda v: (-(1.0 / v)).sigmoid(), 0.0), (lambda v: (v * 1e300).tanh(), 1e10)],
)  # fmt: skip
def test_a_nan_or_inf_that_a_later_op_hides_is_refused_by_the_generated_function_too(
    f: Callable[[Value], Value], x: float
) -> None:
    """relu(nan) = 0, e^−∞ = 0, σ(−∞) = 0, tanh(∞) = 1 are finite outputs of a step the
    eager engine refuses; once the replay is compiled it refuses them too, with the
    eager engine's class (kills replay Replay._emit without its check of the values
    an absorbing op reads: the generated function returned the finite outputs)."""
    from autograd_mini import DomainError

    w = Value(1.0)
    with pytest.raises(DomainError) as eager:
        f(w * x)
    traced = trace(lambda xs: f(w * xs[0]), [0.5], params=[w])
    traced._replay.compiled()
    with pytest.raises(DomainError, match=r"trace: .* at .*sample 1") as replayed:
        traced.backward([[0.5], [x]])
    assert type(replayed.value) is type(eager.value)


def test_the_generated_function_hands_a_nan_gradient_to_the_careful_pass() -> None:
    """√(x·w)·0 at x = 0: numpy's 0·∞ is nan in the fast pass; the careful pass sends 0,
    as the eager engine does (d/dw of w·x summed: 0 + 3), and refuses a batch sum that
    overflows, naming the parameter — once compiled too (kills replay Replay._emit
    without its finiteness test of the gradient: nan, and inf, came back as numbers)."""
    from autograd_mini.value import NonFiniteGradient

    w = Value(1.0, label="w")
    traced = trace(lambda x: (x[0] * w).sqrt() * 0.0 + w * x[0], [1.0], params=[w])
    traced._replay.compiled()
    _, g = traced.backward([[0.0], [3.0]])
    assert g.tolist() == [3.0]
    with pytest.raises(NonFiniteGradient, match=r"params\[0\] 'w' overflows"):
        traced.backward([[1e308], [1e308]])


def test_a_constant_zero_does_not_refuse_a_float32_replay() -> None:
    """0.0 is 0.0 in float32 too: only a non-zero constant that float32 turns into 0
    refuses a float32 replay (kills replay _beyond_float32 refusing every constant 0)."""
    w = Value(0.5, label="w")
    traced = trace(lambda x: (w * x[0]) * 0.0 + w * w, [1.0], params=[w])
    q: Any = traced.param_values()[traced.order].astype(np.float32)
    ones: Any = np.ones((2, 1), np.float32)
    out, grad = traced.run([ones], q, "sum")
    assert grad is not None
    assert out[:, 0].tolist() == [0.25, 0.25] and grad.tolist() == [2.0]


def test_a_float32_overflow_is_told_as_float32_s_range() -> None:
    """w·x = 1e40 and w·x₀ + v·x₁ = 4e38 are floats but not float32s (whose largest is
    about 3.4e38): a float32 replay refuses them, saying float32 and its range, where
    the float64 replay computes them (kills replay _explain_nonfinite saying "a float"
    for a float32 replay, and _largest saying ±1.8e308 there)."""
    from autograd_mini.errors import OpOverflow

    assert 3.3e38 < float(np.finfo(np.float32).max) < 3.5e38
    w, v = Value(1e10, label="w"), Value(2.0, label="v")
    product = trace(lambda x: w * x[0] + v, [1.0], params=[w, v])
    total = trace(lambda x: dot([w, v], [x[0], x[1]]), [1.0, 1.0], params=[w, v])
    for traced, X, words in (
        (product, np.array([[1.0], [1e30]]), r"overflows a float32 \(±3\.4e38\)"),
        (total, np.array([[1.0, 1.0], [2e28, 1e38]]), r"passes ±3\.4e38 in float32 — .* a float32"),
    ):
        q = traced.param_values()[traced.order]
        out, _ = traced.run([X], q, "sum")
        assert np.isfinite(out).all()  # float64: no refusal
        q32: Any = q.astype(np.float32)
        X32: Any = X.astype(np.float32)
        with pytest.raises(OpOverflow, match=f"sample 1: .*{words}"):
            traced.run([X32], q32, "sum")


def test_of_two_parameters_whose_gradients_overflow_the_first_listed_is_named() -> None:
    """Both gradients' batch sums (1e308 + 1e308) overflow; the refusal names the first
    parameter in ``params`` order, as the eager engine meets them (kills replay
    Replay.gradient naming the last one)."""
    from autograd_mini.value import NonFiniteGradient

    w, v = Value(1e-10, label="w"), Value(1e-10, label="v")
    for listed, first in (([w, v], r"params\[0\] 'w'"), ([v, w], r"params\[0\] 'v'")):
        traced = trace(lambda x: w * x[0] + v * x[1], [1.0, 1.0], params=listed)
        with pytest.raises(NonFiniteGradient, match=f"the gradient of {first} overflows"):
            traced.backward(np.full((2, 2), 1e308))


# --------------------------------------------------------------------------- check


def test_the_check_refuses_a_sample_with_another_number_of_outputs() -> None:
    """A function whose number of outputs depends on data: the check says which sample
    gives how many (kills check compare_with_eager without its count of outputs: numpy's
    own ValueError about shapes came out instead)."""
    from autograd_mini.trace import TraceMismatchError

    def fn(x: list[Value]) -> list[Value]:
        return [x[0]] if x[0].data > 0 else [x[0], x[0] * 2.0]

    traced = trace(fn, [1.0], check=True)
    with pytest.raises(TraceMismatchError, match="sample 1 gives 2 outputs, the trace 1"):
        traced.forward([[1.0], [-1.0]])


def test_the_check_names_the_first_parameter_whose_gradient_differs() -> None:
    """For x ≤ 0 the function computes the same number from w.data and v.data, plain
    numbers: the outputs agree and both gradients differ (the eager engine's are 0);
    the check names params[0] (kills check compare_with_eager naming the last one)."""
    from autograd_mini.trace import TraceMismatchError

    w, v = Value(0.5, label="w"), Value(0.25, label="v")

    def fn(x: list[Value]) -> Value:
        if x[0].data > 0:
            return w * x[0] + v * x[0]
        return (w.data + v.data) * x[0]

    for listed, first in (([w, v], r"params\[0\] 'w'"), ([v, w], r"params\[0\] 'v'")):
        traced = trace(fn, [1.0], params=listed, check=True)
        with pytest.raises(TraceMismatchError, match=f"gradient of {first}: replay gives"):
            traced.backward([[2.0], [-3.0]])


def test_the_check_of_a_mean_of_three_losses_near_the_largest_float() -> None:
    """Three losses of 1.7e308: their sum is beyond a float, their mean and its gradient
    are not. The check's eager sum is scaled by 2⁻ᵏ ≤ 1/3, i.e. 1/4, and agrees (kills
    check _eager_gradient scaling by 1/2, whose sum 2.55e308 overflowed: the check
    refused a batch the replay had computed)."""
    w = Value(1.0, label="w")
    traced = trace(lambda x: w * x[0], [1.0], params=[w], check=True)
    losses, grad = traced.backward(np.full((3, 1), 1.7e308), reduction="mean")
    assert losses.tolist() == [1.7e308] * 3
    np.testing.assert_allclose(grad, [1.7e308], rtol=1e-15)
    assert not traced.check_pending
