"""The replay written out as one function (``autograd_mini.trace.emit``).

Two oracles. The eager engine, one sample at a time (a separate code path: Python
floats, node-by-node backward), for every layout a fused group can have. And the
groups' own methods, which the replay falls back on when a number is not finite: they
must give the generated function's numbers bit for bit, so that what the fallback
reports is about the numbers the fast path would have returned.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from test_trace import assert_close, eager

from autograd_mini import DomainError, Value, apply, dot, vsum
from autograd_mini.ops import OPS, Op, register, unregister
from autograd_mini.trace import trace
from autograd_mini.trace.replay import Replay

Fn = Callable[[list[Value], list[Value]], Value]


def _params(n: int, seed: int) -> list[Value]:
    rng = np.random.default_rng(seed)
    return [Value(float(v), label=f"p{i}") for i, v in enumerate(rng.uniform(-0.8, 0.8, n))]


def mlp(p: list[Value]) -> Fn:
    """A weight matrix times the layer's input (one product per layer), plain biases."""
    w1, b1, w2, b2 = p[0:12], p[12:16], p[16:20], p[20]

    def f(x: list[Value], t: list[Value]) -> Value:
        h = [dot(w1[3 * j : 3 * j + 3], x, b1[j]).tanh() for j in range(4)]
        return (dot(w2, h, b2).sigmoid() - t[0]) ** 2

    return f


def input_first(p: list[Value]) -> Fn:
    """The input vector on the left, each node's weights on the right."""

    def f(x: list[Value], t: list[Value]) -> Value:
        z = [dot(x, p[3 * j : 3 * j + 3]).relu() for j in range(3)]
        return vsum(z) * t[0]

    return f


def squares(p: list[Value]) -> Fn:
    """Σ xᵢ·xᵢ: one list on both sides (one write for both gradients)."""

    def f(x: list[Value], t: list[Value]) -> Value:
        h = [xi * p[i] for i, xi in enumerate(x)]
        return dot(h, h) + t[0]

    return f


def two_matrices(p: list[Value]) -> Fn:
    """Each node its own list on both sides, both varying over the batch."""

    def f(x: list[Value], t: list[Value]) -> Value:
        h = [(xi * p[i]).exp() for i, xi in enumerate(x)]
        z = [dot([x[j], x[j + 1]], [h[j + 1], h[j]]) for j in range(2)]
        return vsum(z) - t[0]

    return f


def vector_and_matrix(p: list[Value]) -> Fn:
    """One list shared by every node on the left, a per-node list varying over the batch
    on the right."""

    def f(x: list[Value], t: list[Value]) -> Value:
        h = [(xi + p[i]).sigmoid() for i, xi in enumerate(x)]
        z = [dot(x[:2], h[j : j + 2]) for j in range(2)]
        return vsum(z) * t[0]

    return f


def matrix_and_vector(p: list[Value]) -> Fn:
    """The mirror image: per-node lists varying over the batch on the left, one list on
    the right; then nodes sharing both lists (two vectors, n > 1)."""

    def f(x: list[Value], t: list[Value]) -> Value:
        h = [(xi * p[i]).tanh() for i, xi in enumerate(x)]
        z = [dot(h[j : j + 2], x[1:]) for j in range(2)]
        u = [zj.sigmoid() for zj in z]
        both = [dot(u, h[:2]) for _ in range(2)]
        return vsum([both[0], both[1] * 0.5]) * t[0]

    return f


def constant_terms(p: list[Value]) -> Fn:
    """Constant-weighted terms (numbers times weights), an offset, a sum with an offset,
    constants that differ along a group (a row of them), sums of equal length side by
    side."""

    def f(x: list[Value], t: list[Value]) -> Value:
        z = [dot(p[2 * j : 2 * j + 2], [0.5, -1.5 - j], 0.25) * xj for j, xj in enumerate(x)]
        scaled = [zj * (1.0 + 0.5 * j) for j, zj in enumerate(z)]
        halves = [vsum(scaled[:2]), vsum(scaled[1:3])]
        return vsum([h.tanh() for h in halves] + [0.75]) * t[0]

    return f


def tied_and_unused(p: list[Value]) -> Fn:
    """A weight read twice by one node (a column listed twice), a weight shared by two
    nodes, a list mixing an input with a computed value, and parameters nothing reads."""

    def f(x: list[Value], t: list[Value]) -> Value:
        h = (x[0] * p[0]).tanh()
        a = dot([p[1], p[1]], [x[0], x[1]])
        b = dot([x[2], h], [p[1], p[2]])
        return (a * b + h) * t[0]

    return f


def shared_columns(p: list[Value]) -> Fn:
    """A column two groups both send gradients to: added in place, into zeros."""

    def f(x: list[Value], t: list[Value]) -> Value:
        h = [xi * p[i] for i, xi in enumerate(x)]
        return (h[0] + h[1]) * (h[1] * h[2]) * t[0]

    return f


def aliased_gradient(p: list[Value]) -> Fn:
    """One gradient array that three blocks hold at once (an add passes it on as it is),
    then a write to part of one of them: it must copy first, or the others change too.
    The groups of one depth run in the order they were created: backward reaches s1,
    then u, then s2."""

    def f(x: list[Value], t: list[Value]) -> Value:
        h = [xi * p[i] for i, xi in enumerate(x)]
        s2 = [(xi + p[3]).tanh() for xi in x]
        u = h[0] * p[4]
        s1 = [hi + 1.0 for hi in h]
        total = [v + w for v, w in zip(s1, s2, strict=True)]
        return vsum([*total, u]) * t[0]

    return f


LAYOUTS = {
    "mlp": (mlp, 21, 3),
    "input_first": (input_first, 9, 3),
    "squares": (squares, 3, 3),
    "two_matrices": (two_matrices, 3, 3),
    "vector_and_matrix": (vector_and_matrix, 3, 3),
    "matrix_and_vector": (matrix_and_vector, 3, 3),
    "constant_terms": (constant_terms, 6, 3),
    "tied_and_unused": (tied_and_unused, 5, 3),
    "shared_columns": (shared_columns, 3, 3),
    "aliased_gradient": (aliased_gradient, 5, 3),
}


def _build(name: str) -> tuple[Any, list[Value]]:
    make, n_params, width = LAYOUTS[name]
    params = _params(n_params, seed=len(name))
    f = make(params)
    traced = trace(f, [0.1] * width, [1.0], params=params)
    return traced, params


def _slow(replay: Replay, batches: list[np.ndarray], q: np.ndarray, reduction: str) -> Any:
    """The groups' own passes (what the replay runs when a number is not finite)."""
    with np.errstate(all="ignore"):
        vals, saved, out = replay.forward(batches, q)
        return out, replay.gradient(vals, saved, out.shape[0], reduction)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", list(LAYOUTS))
@pytest.mark.parametrize("rows", [1, 5])
@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_every_layout_against_the_eager_engine_and_the_groups_own_passes(
    name: str, rows: int, reduction: str
) -> None:
    traced, params = _build(name)
    rng = np.random.default_rng(rows)
    width = LAYOUTS[name][2]
    batches = [rng.uniform(-1, 1, (rows, width)), rng.uniform(0.5, 1.5, (rows, 1))]
    q = traced.param_values()[traced.order]
    replay = traced._replay
    seed = 1.0 / rows if reduction == "mean" else 1.0
    with np.errstate(all="ignore"):
        fast = replay.compiled()(batches, q, replay.consts, rows, seed)
    assert fast is not None, "finite numbers: the generated function gives the result"
    out, grads = fast
    losses, total = eager(traced.fn, batches, params)
    want = total / rows if reduction == "mean" else total
    assert_close(out[:, 0], losses, f"{name}: outputs")
    assert_close(grads[np.argsort(traced.order)], want, f"{name}: gradient")
    slow_out, slow_grads = _slow(replay, batches, q, reduction)
    np.testing.assert_array_equal(out, slow_out)
    np.testing.assert_array_equal(grads, slow_grads)


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_float32_stays_float32_in_every_layout(name: str) -> None:
    """A float64 constant (a row of them, an offset) must not turn the replay's numbers
    into float64 on the way: each group's result is cast back, as the groups' own
    passes do."""
    traced, _ = _build(name)
    rng = np.random.default_rng(7)
    width = LAYOUTS[name][2]
    b64 = [rng.uniform(-1, 1, (4, width)), rng.uniform(0.5, 1.5, (4, 1))]
    q64 = traced.param_values()[traced.order]
    out32, g32 = traced.run([b.astype(np.float32) for b in b64], q64.astype(np.float32), "sum")
    assert out32.dtype == np.float32 and g32 is not None and g32.dtype == np.float32
    out64, g64 = traced.run(b64, q64, "sum")
    assert g64 is not None
    np.testing.assert_allclose(out32, out64, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(g32, g64, rtol=1e-3, atol=1e-4 * max(1.0, np.abs(g64).max()))


def test_the_source_holds_names_and_integers_only() -> None:
    """No label, number or string the user wrote becomes code: the generated function
    refers to every object by a name it made."""
    label = '__import__("os").system("echo owned")'
    w = Value(0.123456789, label=label)

    def f(x: list[Value], t: list[Value]) -> Value:
        return ((x[0] * w + 0.987654321) * t[0]).tanh()

    traced = trace(f, [1.0], [2.0], params=[w])
    source = traced.replay_source
    assert source.startswith("def replay(batches, q, consts, rows, seed):")
    for text in (label, "os", "123456789", "987654321", "owned"):
        assert text not in source
    out, grad = traced.replay([np.array([[0.5]]), np.array([[2.0]])], traced.param_values(), "sum")
    z = 0.5 * 0.123456789 + 0.987654321
    assert out[0] == pytest.approx(np.tanh(2.0 * z), rel=1e-15)
    assert grad is not None and grad[0] == pytest.approx(
        (1 - np.tanh(2.0 * z) ** 2) * 2.0 * 0.5, rel=1e-14
    )


def test_a_number_that_is_not_finite_goes_to_the_groups_own_passes() -> None:
    """The generated function gives up (None) at a nan; the replay then names the op."""
    w = Value(1.0)

    def f(x: list[Value], t: list[Value]) -> Value:
        return (x[0] * w).log() * t[0]

    traced = trace(f, [1.0], [1.0], params=[w])
    replay = traced._replay
    bad = [np.array([[-1.0]]), np.array([[1.0]])]
    with np.errstate(all="ignore"):
        assert replay.compiled()(bad, np.array([1.0]), replay.consts, 1, 1.0) is None
    with pytest.raises(
        DomainError, match="log needs a positive argument — at an unlabelled 'log' node, sample 0"
    ):
        traced.run(bad, np.array([1.0]), "sum")


def test_an_op_name_never_becomes_code() -> None:
    """An op's name is an identifier (``register`` refuses a name holding code), but it
    may be one the generated function uses itself (``y``, ``np``) or differ from a
    built-in's only by a digit (``exp1``): it must not collide with a name there."""
    hostile = 'd=0\nraise SystemExit("injected")\n#'
    with pytest.raises(ValueError, match="must be a Python identifier"):
        register(Op(hostile, "?", 1, lambda m, a: a, (lambda m, a, y: 1.0,)))
    assert hostile not in OPS
    rules = {"y": 2.0, "np": 5.0, "exp1": 3.0}  # y = k·a, dy/da = k
    for name, k in rules.items():
        register(Op(name, "?", 1, lambda m, a, k=k: k * a, (lambda m, a, y, k=k: k,)))
    try:
        w = Value(0.7)

        def f(x: list[Value], t: list[Value]) -> Value:
            h = apply("exp1", apply("np", apply("y", x[0] * w))).tanh()
            return (h * w).exp() * t[0]

        traced = trace(f, [1.0], [1.0], params=[w])
        batches = [np.array([[0.3], [-0.2]]), np.array([[1.0], [2.0]])]
        replay = traced._replay
        with np.errstate(all="ignore"):
            out, grad = replay.compiled()(batches, traced.param_values(), replay.consts, 2, 1.0)
        assert "exp1" not in traced.replay_source
        losses, total = eager(f, batches, [w])
        assert grad is not None
        assert_close(out[:, 0], losses, "outputs")
        assert_close(grad, total, "gradient")
    finally:
        for name in rules:
            unregister(name)


def test_the_function_is_compiled_once_the_groups_passes_have_cost_as_much() -> None:
    """A replay run once does not pay for compiling; one run many times does, and from
    then on every run is the generated function's."""
    w = Value(0.5)

    def f(x: list[Value], t: list[Value]) -> Value:
        return ((x[0] * w).tanh() - t[0]) ** 2

    traced = trace(f, [1.0], [1.0], params=[w])
    replay = traced._replay
    batches, q = [np.array([[0.3]]), np.array([[1.0]])], traced.param_values()
    first = traced.run(batches, q, "sum")
    assert replay._fast is None
    runs = 1
    while replay._fast is None and runs < 100_000:
        assert traced.run(batches, q, "sum")[1] == first[1]
        runs += 1
    assert replay._fast is not None, "never compiled"
    assert traced.run(batches, q, "sum")[1] == first[1]
    x, t = 0.3 * 0.5, 1.0
    assert first[1] is not None and first[1][0] == pytest.approx(
        2 * (np.tanh(x) - t) * (1 - np.tanh(x) ** 2) * 0.3, rel=1e-14
    )
