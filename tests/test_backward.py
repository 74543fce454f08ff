"""The backward pass on whole graphs: random programs against sympy and micrograd,
the known-value example, a chain of a million nodes, repeated passes, create_graph."""

from __future__ import annotations

import math
import sys

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from micrograd.engine import Value as MgValue

from autograd_mini import Value, dot, gradients, topological_order, vsum

# --------------------------------------------------------------------------- random programs
# A program is plain data: a list of instructions over numbered registers. Registers
# 0..2 hold the inputs; each instruction reads earlier registers (any of them, any number
# of times: fan-out and shared subexpressions) and appends one register. The same program
# is run on the engine and on sympy side by side.

NUM_INPUTS = 3
CONSTS = (-2.0, -1.5, -0.5, 0.25, 1.0, 2.0, 3.0)  # exact in binary: sympy gets them exactly
UNARY = (
    "exp",
    "log",
    "sqrt",
    "tanh",
    "sigmoid",
    "softplus",
    "relu",
    "abs",
    "sin",
    "cos",
    "neg",
    "leaky",
)
KINKED = ("relu", "abs", "leaky", "leakyv")


@st.composite
def programs(draw: st.DrawFn, max_steps: int = 9, unary: tuple[str, ...] = UNARY) -> list:
    program: list[tuple] = []
    const = st.sampled_from(CONSTS)
    for step in range(draw(st.integers(2, max_steps))):
        reg = st.integers(0, NUM_INPUTS + step - 1)
        kind = draw(
            st.sampled_from(
                ["bin", "binc", "div", "powc", "powv", "rpow", "unary", "leakyv", "vsum", "dot"]
            )
        )
        if kind == "bin":
            program.append(
                (kind, draw(st.sampled_from(["add", "sub", "mul"])), draw(reg), draw(reg))
            )
        elif kind == "binc":
            op = draw(st.sampled_from(["add", "sub", "mul", "div"]))
            program.append((kind, op, draw(reg), draw(const), draw(st.sampled_from([0, 1]))))
        elif kind in ("div", "powv", "leakyv"):
            program.append((kind, draw(reg), draw(reg)))
        elif kind == "powc":
            program.append((kind, draw(reg), draw(st.sampled_from([2, 3, -1, 0.5, 1.5, -1.5]))))
        elif kind == "rpow":
            program.append((kind, draw(reg), draw(st.sampled_from([2.0, 0.5, 3.0]))))
        elif kind == "unary":
            program.append((kind, draw(st.sampled_from(unary)), draw(reg)))
        elif kind == "vsum":
            program.append((kind, draw(st.lists(st.one_of(reg, const), min_size=1, max_size=4))))
        else:
            n = draw(st.integers(1, 3))
            ws = draw(st.lists(st.one_of(reg, const), min_size=n, max_size=n))
            xs = draw(st.lists(st.one_of(reg, const), min_size=n, max_size=n))
            program.append((kind, ws, xs, draw(st.one_of(st.none(), reg, const))))
    return program


def _relu(x: sp.Expr) -> sp.Expr:
    return sp.Piecewise((x, x > 0), (0, True))


def _leaky(x: sp.Expr, s: sp.Expr) -> sp.Expr:
    return sp.Piecewise((x, x > 0), (s * x, True))


def _sym_unary(name: str, r: sp.Expr) -> sp.Expr:
    return {
        "exp": lambda: sp.exp(sp.sin(r)),
        "log": lambda: sp.log(r * r + 1),
        "sqrt": lambda: sp.sqrt(r * r + 1),
        "tanh": lambda: sp.tanh(r),
        "sigmoid": lambda: 1 / (1 + sp.exp(-r)),
        "softplus": lambda: sp.log(1 + sp.exp(r)),
        "relu": lambda: _relu(r),
        "abs": lambda: sp.Abs(r),
        "sin": lambda: sp.sin(r),
        "cos": lambda: sp.cos(r),
        "neg": lambda: -r,
        "leaky": lambda: _leaky(r, sp.Rational(1, 8)),
    }[name]()


def _val_unary(name: str, r: Value) -> Value:
    return {
        "exp": lambda: r.sin().exp(),
        "log": lambda: (r * r + 1).log(),
        "sqrt": lambda: (r * r + 1).sqrt(),
        "tanh": r.tanh,
        "sigmoid": r.sigmoid,
        "softplus": r.softplus,
        "relu": r.relu,
        "abs": lambda: abs(r),
        "sin": r.sin,
        "cos": r.cos,
        "neg": lambda: -r,
        "leaky": lambda: r.leaky_relu(0.125),
    }[name]()


def _binop(op: str, a, b):  # works for Values, sympy and floats alike
    if op == "add":
        return a + b
    if op == "sub":
        return a - b
    if op == "mul":
        return a * b
    return a / b


def run(program: list, xs: tuple[float, ...]) -> tuple[list[Value], Value, sp.Expr, list]:
    """Run ``program`` on the engine and on sympy in lock-step.

    Returns the engine leaves, the engine root, the sympy root and the symbols."""
    syms = sp.symbols(f"x0:{NUM_INPUTS}", real=True)
    leaves = [Value(x, label=f"x{i}") for i, x in enumerate(xs)]
    regs: list[tuple[Value, sp.Expr]] = list(zip(leaves, syms, strict=True))

    def item(e):  # a register index or a constant, for both worlds
        if isinstance(e, int):
            return regs[e]
        return e, sp.Rational(e)

    for ins in program:
        kind = ins[0]
        if kind == "bin":
            (va, sa), (vb, sb) = regs[ins[2]], regs[ins[3]]
            v, s = _binop(ins[1], va, vb), _binop(ins[1], sa, sb)
        elif kind == "binc":
            _, op, i, c, side = ins
            va, sa = regs[i]
            if op == "div":  # keep denominators away from 0
                v, s = (
                    (va / c, sa / sp.Rational(c)) if side else (c / (va * va + 1), c / (sa**2 + 1))
                )
            elif side:
                v, s = _binop(op, va, c), _binop(op, sa, sp.Rational(c))
            else:
                v, s = _binop(op, c, va), _binop(op, sp.Rational(c), sa)
        elif kind == "div":
            (va, sa), (vb, sb) = regs[ins[1]], regs[ins[2]]
            v, s = va / (vb * vb + 1), sa / (sb * sb + 1)
        elif kind == "powc":
            (va, sa), c = regs[ins[1]], ins[2]
            if isinstance(c, int) and c > 0:
                v, s = va**c, sa**c
            else:
                v = (va * va + 1) ** c
                s = (sa * sa + 1) ** (c if isinstance(c, int) else sp.Rational(c))
        elif kind == "powv":
            (va, sa), (vb, sb) = regs[ins[1]], regs[ins[2]]
            v, s = (va * va + 1) ** vb.tanh(), (sa * sa + 1) ** sp.tanh(sb)
        elif kind == "rpow":
            (va, sa), c = regs[ins[1]], ins[2]
            v, s = c ** va.tanh(), sp.Rational(c) ** sp.tanh(sa)
        elif kind == "unary":
            va, sa = regs[ins[2]]
            if ins[1] in KINKED:
                assume(abs(va.data) > 1e-6)  # stay off the corner
            v, s = _val_unary(ins[1], va), _sym_unary(ins[1], sa)
        elif kind == "leakyv":
            (va, sa), (vb, sb) = regs[ins[1]], regs[ins[2]]
            assume(abs(va.data) > 1e-6)
            v, s = va.leaky_relu(vb.sigmoid()), _leaky(sa, 1 / (1 + sp.exp(-sb)))
        elif kind == "vsum":
            pairs = [item(e) for e in ins[1]]
            v, s = vsum([p[0] for p in pairs]), sp.Add(*[p[1] for p in pairs])
        else:
            _, ws, xs_, bias = ins
            wp, xp = [item(e) for e in ws], [item(e) for e in xs_]
            bp = None if bias is None else item(bias)
            v = dot([p[0] for p in wp], [p[0] for p in xp], None if bp is None else bp[0])
            s = sp.Add(*[a[1] * b[1] for a, b in zip(wp, xp, strict=True)])
            if bp is not None:
                s = s + bp[1]
        if abs(v.data) > 30:  # keep magnitudes tame: scale by an exact power of two
            v, s = v * 0.015625, s * sp.Rational(1, 64)
        regs.append((v, s))
    made = regs[NUM_INPUTS:]
    root_v = vsum([v for v, _ in made])  # every register feeds the output
    root_s = sp.Add(*[s for _, s in made])
    return leaves, root_v, root_s, list(syms)


inputs = st.tuples(*[st.floats(-2.0, 2.0, allow_nan=False)] * NUM_INPUTS)


@given(programs(), inputs)
@settings(max_examples=150, deadline=None)
def test_random_graphs_match_sympy(program: list, xs: tuple[float, ...]) -> None:
    leaves, root, expr, syms = run(program, xs)
    root.backward()
    exact = sp.lambdify(syms, [expr, *(sp.diff(expr, s) for s in syms)], modules="mpmath")
    want_value, *want_grads = exact(*xs)
    assert math.isclose(root.data, float(want_value), rel_tol=1e-7, abs_tol=1e-7)
    for leaf, want in zip(leaves, want_grads, strict=True):
        assert math.isclose(leaf.grad, float(want), rel_tol=1e-6, abs_tol=1e-6), (
            leaf.label,
            leaf.grad,
            float(want),
        )
    # gradients() agrees with .grad, for floats and for Values (create_graph)
    assert gradients(root, leaves) == pytest.approx([leaf.grad for leaf in leaves], rel=1e-12)
    graphs = gradients(root, leaves, create_graph=True)
    assert [g.data for g in graphs] == pytest.approx([leaf.grad for leaf in leaves], rel=1e-9)


# --------------------------------------------------------------------------- micrograd
# micrograd 0.1.0 has +, *, ** (number exponent), relu, and -, / built from them.


@st.composite
def micrograd_programs(draw: st.DrawFn) -> list:
    program: list[tuple] = []
    for step in range(draw(st.integers(2, 10))):
        reg = st.integers(0, NUM_INPUTS + step - 1)
        kind = draw(st.sampled_from(["bin", "binc", "div", "pow", "relu", "neg"]))
        if kind == "bin":
            program.append(
                (kind, draw(st.sampled_from(["add", "sub", "mul"])), draw(reg), draw(reg))
            )
        elif kind == "binc":
            op = draw(st.sampled_from(["add", "sub", "mul"]))
            c = draw(st.sampled_from(CONSTS))
            program.append((kind, op, draw(reg), c, draw(st.booleans())))
        elif kind == "div":
            program.append((kind, draw(reg), draw(reg)))
        elif kind == "pow":
            program.append((kind, draw(reg), draw(st.sampled_from([2, 3, -1, 0.5, -0.5]))))
        else:
            program.append((kind, draw(reg)))
    return program


def run_micrograd_style(program: list, leaves: list) -> object:
    """Only operators and .relu(): runs unchanged on either library's Value."""
    regs = list(leaves)
    for ins in program:
        kind = ins[0]
        if kind == "bin":
            v = _binop(ins[1], regs[ins[2]], regs[ins[3]])
        elif kind == "binc":
            _, op, i, c, right = ins
            v = _binop(op, regs[i], c) if right else _binop(op, c, regs[i])
        elif kind == "div":
            v = regs[ins[1]] / (regs[ins[2]] * regs[ins[2]] + 1)
        elif kind == "pow":
            r, c = regs[ins[1]], ins[2]
            v = r**c if c in (2, 3) else (r * r + 1) ** c
        elif kind == "relu":
            v = regs[ins[1]].relu()
        else:
            v = -regs[ins[1]]
        if abs(v.data) > 30:
            v = v * 0.015625
        regs.append(v)
    out = regs[NUM_INPUTS]
    for v in regs[NUM_INPUTS + 1 :]:
        out = out + v
    return out


@given(micrograd_programs(), inputs)
@settings(max_examples=150, deadline=None)
def test_random_graphs_match_micrograd(program: list, xs: tuple[float, ...]) -> None:
    ours = [Value(x) for x in xs]
    theirs = [MgValue(x) for x in xs]
    out_ours = run_micrograd_style(program, ours)
    out_theirs = run_micrograd_style(program, theirs)
    for v in (out_ours, out_theirs):
        v.backward()
    assert math.isclose(out_ours.data, out_theirs.data, rel_tol=1e-12, abs_tol=1e-12)
    for a, b in zip(ours, theirs, strict=True):
        assert math.isclose(a.grad, b.grad, rel_tol=1e-9, abs_tol=1e-9), (a.grad, b.grad)


# --------------------------------------------------------------------------- known values


def test_known_values() -> None:
    """Worked by hand: z = 3x + 2 = −10; q = relu(z) + z·x = 40; h = relu(z²) = 100;
    y = h + q + q·x = 100 + 40 − 160 = −20.
    dy/dx = dh/dx + (1 + x)·dq/dx + q, with dz/dx = 3, dh/dx = 2z·3 = −60,
    dq/dx = 0 + 3x + z = −22  →  −60 + (−3)(−22) + 40 = 46."""
    x = Value(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    assert y.data == -20.0
    assert x.grad == 46.0
    assert (z.data, q.data, h.data) == (-10.0, 40.0, 100.0)
    # dy/dz with x held: dh/dz = 2z = −20; dq/dz = step(z) + x = −4; dy/dq = 1 + x = −3
    assert z.grad == -20.0 + (-3.0) * (-4.0)


def test_micrograd_second_example_against_micrograd() -> None:
    """micrograd's README example, run on both libraries."""

    def script(V):
        a = V(-4.0)
        b = V(2.0)
        c = a + b
        d = a * b + b**3
        c += c + 1
        c += 1 + c + (-a)
        d += d * 2 + (b + a).relu()
        d += 3 * d + (b - a).relu()
        e = c - d
        f = e**2
        g = f / 2.0
        g += 10.0 / f
        g.backward()
        return g.data, a.grad, b.grad

    ours, theirs = script(Value), script(MgValue)
    assert ours == pytest.approx(theirs, rel=1e-12)
    # the values micrograd's README prints
    assert ours[0] == pytest.approx(24.7041, abs=1e-4)
    assert ours[1] == pytest.approx(138.8338, abs=1e-4)
    assert ours[2] == pytest.approx(645.5773, abs=1e-4)


# --------------------------------------------------------------------------- deep chain


def test_chain_of_a_million_nodes_without_recursion() -> None:
    n = 10**6
    limit = sys.getrecursionlimit()
    x0 = Value(1.0)
    x = x0
    for _ in range(n):
        x = x * 1.0001
    x.backward()
    assert sys.getrecursionlimit() == limit
    exact = 1.0001**n  # d x_N / d x_0 = 1.0001ᴺ (and x_N itself, since x_0 = 1)
    assert math.isclose(x0.grad, exact, rel_tol=1e-9)
    assert math.isclose(x.data, exact, rel_tol=1e-9)
    del x  # freeing the chain must not recurse either


# --------------------------------------------------------------------------- repeated passes


def test_repeated_backward_accumulates_on_leaves_only() -> None:
    x = Value(1.0)
    h = 2 * x
    y = 3 * h
    y.backward()
    assert (x.grad, h.grad, y.grad) == (6.0, 3.0, 1.0)
    y.backward()
    assert x.grad == 12.0  # micrograd would say 18: it re-adds h's stale gradient
    assert h.grad == 3.0
    y.zero_grad()
    assert (x.grad, h.grad, y.grad) == (0.0, 0.0, 0.0)
    y.backward()
    assert x.grad == 6.0


def test_gradient_argument_scales() -> None:
    x = Value(3.0)
    y = x * x  # dy/dx = 6
    y.backward(gradient=0.5)
    assert x.grad == 3.0
    x.grad = 0.0
    y.backward(gradient=-2)
    assert x.grad == -12.0


def test_backward_of_a_leaf_and_unused_inputs() -> None:
    x = Value(2.0)
    x.backward()
    assert x.grad == 1.0
    a, b = Value(1.0), Value(5.0)
    y = a * 4.0
    y.backward()
    assert (a.grad, b.grad) == (4.0, 0.0)


def test_zero_gradient_branch_does_not_block_others() -> None:
    x = Value(-1.0)
    y = x.relu() * 100 + x * 2  # the relu is off: only the second term counts
    y.backward()
    assert x.grad == 2.0


def test_backward_rejects_bad_gradient() -> None:
    y = Value(1.0) * 2
    with pytest.raises(TypeError, match="backward"):
        y.backward(gradient="1")
    with pytest.raises(ValueError, match="backward"):
        y.backward(gradient=math.nan)


# --------------------------------------------------------------------------- topological order


def test_topological_order_puts_consumers_first() -> None:
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    e = d * c
    f = vsum([e, d, c, 1.0])
    order = topological_order(f)
    assert order[0] is f
    assert len(order) == len(set(order)) == 4  # c, d, e, f, and nothing else
    assert all(node.parents for node in order)  # leaves never appear
    position = {node: i for i, node in enumerate(order)}
    for node in order:
        for p in node.parents:
            if p.parents:
                assert position[p] > position[node]
    assert topological_order(a) == []


# --------------------------------------------------------------------------- gradients()


def test_gradients_leaves_grad_untouched_and_handles_inner_nodes() -> None:
    x, w = Value(2.0), Value(-3.0)
    z = x * w
    y = z.tanh()
    gx, gz, gw, other = gradients(y, [x, z, w, Value(7.0)])
    t = math.tanh(-6.0)
    assert gz == pytest.approx(1 - t * t, rel=1e-12)
    assert gx == pytest.approx((1 - t * t) * -3.0, rel=1e-12)
    assert gw == pytest.approx((1 - t * t) * 2.0, rel=1e-12)
    assert other == 0.0
    assert x.grad == z.grad == 0.0


def test_backward_create_graph_gives_differentiable_gradients() -> None:
    """y = x³ sin x: y′ = 3x² sin x + x³ cos x,
    y″ = 6x sin x + 6x² cos x − x³ sin x (closed form)."""
    x0 = 0.7
    x = Value(x0)
    y = x**3 * x.sin()
    y.backward(create_graph=True)
    s, c = math.sin(x0), math.cos(x0)
    first = 3 * x0**2 * s + x0**3 * c
    second = 6 * x0 * s + 6 * x0**2 * c - x0**3 * s
    assert x.grad == pytest.approx(first, rel=1e-12)
    g = x.grad_graph
    assert g is not None and g.data == pytest.approx(first, rel=1e-12)
    (d2,) = gradients(g, [x])
    assert d2 == pytest.approx(second, rel=1e-12)
    x.zero_grad()  # also drops grad_graph (it references x: a deliberate cycle)
    assert x.grad_graph is None


def test_dot_duplicate_parents_add_up() -> None:
    x = Value(1.5)
    y = dot([x, x, 2.0], [x, 3.0, x], x)  # x² + 3x + 2x + x
    y.backward()
    assert y.data == pytest.approx(1.5**2 + 6 * 1.5)
    assert x.grad == pytest.approx(2 * 1.5 + 6)


def test_gradients_need_only_the_paths_to_what_was_asked_for() -> None:
    """L = √x·w at x = 0: ∂L/∂w = √x = 0 exists; ∂L/∂x = w/(2√x) does not. gradients(L, [w])
    gives 0 (it refused, pushing a gradient into x nobody asked for; the trace replay
    gave 0, so its own check failed). Asking for x still refuses (review of 2026-12-03)."""
    from autograd_mini import InfiniteDerivative

    x, w = Value(0.0, label="x"), Value(3.0, label="w")
    loss = x.sqrt() * w
    assert gradients(loss, [w]) == [0.0]
    with pytest.raises(InfiniteDerivative, match="sqrt"):
        gradients(loss, [x, w])
    y = Value(5e-324)  # a subnormal: d(log y)/dy = 1/y overflows
    assert gradients(y.log() * w, [w]) == [pytest.approx(-744.44007192138, rel=1e-12)]


def test_gradients_with_create_graph_need_only_the_paths_asked_for_too() -> None:
    """The same rule when the gradient is a graph: ∂(√x·w)/∂w = √x at x = 0 is 0, and
    its own derivative by w is 0 (it refused, as the float pass once did; the closed
    form and the float pass are the oracles). Asking for x still refuses."""
    from autograd_mini import InfiniteDerivative

    x, w = Value(0.0, label="x"), Value(3.0, label="w")
    loss = x.sqrt() * w
    (dw,) = gradients(loss, [w], create_graph=True)
    assert dw.data == 0.0 == gradients(loss, [w])[0]
    assert gradients(dw, [w]) == [0.0]  # ∂²L/∂w² = 0
    with pytest.raises(InfiniteDerivative, match="sqrt"):
        gradients(loss, [x, w], create_graph=True)
    # the finite paths keep their graph: ∂(√x·w + w²)/∂w = √x + 2w = 6, and its own
    # derivative by w is 2
    (dw,) = gradients(x.sqrt() * w + w * w, [w], create_graph=True)
    assert dw.data == 6.0 and gradients(dw, [w]) == [2.0]


@pytest.mark.parametrize("create_graph", [False, True])
def test_an_inner_node_whose_only_gradient_overflowed_on_a_path_not_asked_for(
    create_graph: bool,
) -> None:
    """L = (u·2¹⁰²⁰)·w with u = x·2⁻⁴⁰ an inner node, x = 1, w = 2¹⁰: L = 2⁹⁹⁰, but
    ∂L/∂u = 2¹⁰²⁰·w = 2¹⁰³⁰ is beyond a float. u leads to nothing asked for, so the pass
    leaves u without a gradient and goes on. ∂L/∂w = x·2⁹⁸⁰ = 2⁹⁸⁰ (closed form, powers
    of 2: every float product exact), and with the graph its own derivative by x is 2⁹⁸⁰,
    by w 0. A mutant that did not skip the node left without a gradient passed every
    test: the Value pass multiplied u's slopes by None (a TypeError)."""
    x, w = Value(1.0, label="x"), Value(2.0**10, label="w")
    u = x * 2.0**-40
    (dw,) = gradients((u * 2.0**1020) * w, [w], create_graph=create_graph)
    if not create_graph:
        assert dw == 2.0**980
        return
    assert isinstance(dw, Value) and dw.data == 2.0**980
    assert gradients(dw, [x, w]) == [2.0**980, 0.0]


def test_a_zero_gradient_through_an_infinite_slope_keeps_its_second_derivative() -> None:
    """f = y·√x at x = y = 0: ∂f/∂x = y/(2√x) is 0·∞, taken as 0 at first order (nothing
    flows), but ∂²f/∂y∂x = 1/(2√x) has no value at x = 0 (closed form; it is 5·10⁵ at
    x = 10⁻¹²). The term was left out of the gradient graph, so the mixed second
    derivative came out 0 in one order and was refused in the other, and hvp gave 0;
    relu(x)·√x, whose second derivative 0.75/√x from the right has no value at 0, gave 0
    too. Each is refused now; what exists stays as it was."""
    from autograd_mini import InfiniteDerivative, grad, hessian, hvp, jacobian

    def f(x: Value, y: Value) -> Value:
        return y * x.sqrt()

    assert grad(grad(f, 0), 1)(1e-12, 0.0) == pytest.approx(0.5 / math.sqrt(1e-12))
    for call in (
        lambda: grad(grad(f, 0), 1)(0.0, 0.0),
        lambda: grad(grad(f, 1), 0)(0.0, 0.0),
        lambda: hessian(f, (0, 1))(0.0, 0.0),
        lambda: hvp(f, (0.0, 0.0), (0.0, 1.0)),
        lambda: jacobian(grad(f, 0), (0, 1))(0.0, 0.0),
        lambda: jacobian(grad(f, 0), (0, 1), mode="forward")(0.0, 0.0),
        lambda: grad(grad(lambda x: x.relu() * x.sqrt()))(0.0),
        lambda: grad(grad(lambda a, b, c: c * a**b, 1), 2)(-2.0, 3.0, 0.0),  # aᵇ·ln a, a < 0
    ):
        with pytest.raises(InfiniteDerivative):
            call()
    # what exists: ∂f/∂x at y = 0 (0 for every x > 0), ∂²f/∂x² there (0), the first
    # derivatives at the origin, and 0·√x's second derivative (0: the function is 0)
    assert grad(f, 0)(0.0, 0.0) == 0.0
    assert grad(grad(f, 0), 0)(4.0, 0.0) == 0.0
    assert grad(grad(lambda x: 0.0 * x.sqrt()))(0.0) == 0.0
    x, y = Value(0.0), Value(0.0)
    (dx,) = gradients(f(x, y), [x], create_graph=True)
    assert dx.data == 0.0 and gradients(dx, [x]) == [0.0]  # ∂/∂x of y/(2√x) at y = 0


def test_zero_times_an_infinite_slope_is_not_resolved_even_where_a_limit_exists() -> None:
    """x^1.5·x^0.1 = x^1.6: f'' = 1.6·0.6·x^-0.4 (closed form) has no value at 0, and
    x·x·√x = x^2.5 (f'' = 3.75·√x, 0 at 0) has the same shape of graph at 0: a first-order
    gradient that is 0 there (1.5·x^0.5, 2x) through an infinite slope. The engine cannot
    tell them apart, so both are refused; the first gave 0 before, silently wrong. The
    error names the op whose slope is infinite and the node a user made."""
    from autograd_mini import InfiniteDerivative, grad

    assert grad(grad(lambda x: x**1.5 * x**0.1))(1e-6) == pytest.approx(0.96 * 1e-6**-0.4)
    with pytest.raises(InfiniteDerivative, match="0·∞ is not resolved"):
        grad(grad(lambda x: x**1.5 * x**0.1))(0.0)
    r = Value(0.0, label="x").sqrt()
    r.label = "root"
    out = Value(0.0, label="y") * r
    (dx,) = gradients(out, [r.parents[0]], create_graph=True)
    with pytest.raises(InfiniteDerivative, match=r"of node 'root' \(op 'sqrt'\), input node 'x'"):
        gradients(dx, [out.parents[0]])


def test_a_relabelled_zero_times_infinity_term_is_still_named_by_its_slope() -> None:
    """The term a gradient of 0 leaves where it meets an infinite slope (and a limit
    pow's rule takes) is a node of the user's gradient graph, whose label the user may
    set, as any node's. Its refusal was worded by parsing that label ("gradient 0 × …",
    "limit 0: …"): relabelled, it read "a derivative of the mine needs the slope : …".
    What the term stands for is kept on the term now; the label is only shown."""
    from autograd_mini import InfiniteDerivative
    from autograd_mini.backward import walk

    x, y = Value(0.0, label="x"), Value(0.0, label="y")
    r = x.sqrt()
    r.label = "root"
    (dx,) = gradients(y * r, [x], create_graph=True)
    (term,) = [v for v in walk(dx) if v.label.startswith("gradient 0 × ")]
    term.label = "mine"
    with pytest.raises(
        InfiniteDerivative,
        match=r"a derivative of the gradient needs the slope dy/da of node 'root' "
        r"\(op 'sqrt'\), input node 'x' \(leaf\) = inf: .*0·∞ is not resolved",
    ):
        gradients(dx, [y])
    a, b = Value(0.0, label="a"), Value(1.0, label="b")
    (db,) = gradients(a**b, [b], create_graph=True)
    (limit,) = [v for v in walk(db) if v.label.startswith("limit 0: ")]
    limit.label = "mine"
    with pytest.raises(
        InfiniteDerivative, match=r"^gradients: pow's ∂y/∂b = aᵇ·ln a at a = 0, b = 1\.0 "
    ):
        gradients(db, [a])


def test_trace_refuses_a_gradient_graph_recorded_through_an_infinite_slope() -> None:
    """Traced at x = 0 with w = 0, ∂(w·√x)/∂x = w/(2√x) is 0·∞ there, taken as 0. The
    replay of that graph gave 0 for ∂/∂w at x = 1 (closed form 1/(2√1) = 0.5), then
    nan; tracing it is refused, and tracing at x = 1 replays the closed form."""
    from autograd_mini import InfiniteDerivative, trace

    w = Value(0.0, label="w")

    def fn(x: list[Value]) -> Value:
        (gx,) = gradients(w * x[0].sqrt(), [x[0]], create_graph=True)
        return gx

    with pytest.raises(InfiniteDerivative, match="trace at example inputs where"):
        trace(fn, [0.0], params=[w])
    traced = trace(fn, [1.0], params=[w])
    _, dw = traced.backward(np.array([[1.0], [4.0]]))
    assert dw.tolist() == pytest.approx([0.5 + 0.25])


def test_grad_graph_agrees_with_grad_after_a_plain_pass_then_a_graph_pass() -> None:
    """y = x² at x = 2: a plain backward then one with create_graph give grad 4 + 4 = 8;
    grad_graph held only the second pass's 4, so a second derivative taken from it used
    half the gradient. The first pass's 4 now joins as a constant: the value is 8, and
    its derivative is d(2x)/dx = 2 from the recorded part alone."""
    x = Value(2.0)
    y = x * x
    y.backward()
    y.backward(create_graph=True)
    assert x.grad == 8.0
    g = x.grad_graph
    assert g is not None and g.data == 8.0
    assert gradients(g, [x]) == [2.0]


def test_two_graph_passes_chain_their_grad_graphs() -> None:
    """x = 3: (x·x).backward(create_graph=True), then (x·x·x) likewise: grad is 2x + 3x² =
    33 and grad_graph is that sum as a graph of x, so its derivative is 2 + 6x = 20 (closed
    form) — not 18, as when the first pass's 2x joined as the constant 6."""
    x = Value(3.0)
    (x * x).backward(create_graph=True)
    (x * x * x).backward(create_graph=True)
    assert x.grad == 33.0
    assert x.grad_graph is not None and x.grad_graph.data == 33.0
    assert gradients(x.grad_graph, [x]) == [20.0]


def test_a_graph_pass_gives_inner_nodes_their_gradient_and_its_graph_every_time() -> None:
    """y = h² with h = x² at x = 3 (closed forms): ∂y/∂h = 2h = 18, and as a graph of x
    it is 2x², whose derivative is 4x = 12. An inner node's grad is this pass's, not
    added to the last (as the plain pass does): a second pass leaves 18, not 36, while
    the leaf's adds up, 4x³ + 4x³ = 216."""
    x = Value(3.0)
    h = x * x
    y = h * h
    for leaf_grad in (108.0, 216.0):
        y.backward(create_graph=True)
        assert (h.grad, x.grad) == (18.0, leaf_grad)
        assert h.grad_graph is not None and h.grad_graph.data == 18.0
        assert gradients(h.grad_graph, [x]) == [12.0]


def test_a_gradient_reset_by_hand_lets_its_old_graph_go_even_when_it_was_zero() -> None:
    """x = 0: (x·x)'s gradient 2x is 0, so after x.grad = 0.0 by hand grad_graph still
    matched grad by value and the next pass chained onto it: the second derivative of
    x³ at 0 came out 2 (from the old 2x), not 0."""
    x = Value(0.0)
    (x * x).backward(create_graph=True)
    x.grad = 0.0
    (x**3).backward(create_graph=True)
    assert x.grad_graph is not None
    assert gradients(x.grad_graph, [x]) == [0.0]  # d(3x²)/dx = 6x at 0


def test_backward_inside_a_transform_is_refused_when_its_grad_would_be_a_float() -> None:
    """y.grad read inside grad after (y·y).backward() is the float 2y: grad saw a constant
    and answered 0 (d/dy 2y = 2). backward(create_graph=True) is let through: its
    grad_graph is a Value grad differentiates (d/dy 3y² = 6y = 18 at y = 3)."""
    from autograd_mini import grad

    def through_grad(y: Value) -> float:
        (y * y).backward()
        return y.grad

    with pytest.raises(RuntimeError, match=r"backward: called with create_graph=False inside grad"):
        grad(through_grad)(3.0)

    def through_grad_graph(y: Value) -> Value | None:
        (y * y * y).backward(create_graph=True)
        return y.grad_graph

    assert grad(through_grad_graph)(3.0) == 18.0
    # a root that does not depend on grad's input: its grad is right, d/dy (y · 2c) = 6
    c = Value(3.0)

    def constant_slope(y: Value) -> Value:
        (c * c).backward()
        return y * c.grad

    assert grad(constant_slope)(5.0) == 6.0


def test_tanh_and_logaddexp_derivatives_exist_at_the_largest_floats() -> None:
    """tanh'(a) = 4σ′(2a) and logaddexp's weights σ(a − b): at a = ±1e308, 2a and
    a − b are beyond the largest float. The float pass gave the first derivatives, but
    ``grad`` (which builds the derivative as nodes) raised OpOverflow from the node 2a
    or a − b, though tanh' and every higher derivative exist there: 0 to the last bit
    (each is a polynomial in tanh times 1 − tanh², below e^(−2·10³⁰⁸)); likewise the
    Hessian of logaddexp, σ(a − b)σ(b − a)·[[1, −1], [−1, 1]]. Oracle: mpmath at 3.0
    (where the values are normal floats) and the closed forms' 0 at the far ends."""
    from autograd_mini import grad, hessian

    tanh = lambda x: x.tanh()  # noqa: E731
    for x in (1e308, -1e308, 5e307, 800.0):
        assert grad(tanh)(x) == 0.0
        assert grad(grad(tanh))(x) == 0.0
        assert grad(grad(grad(tanh)))(x) == 0.0
    with mpmath.workdps(40):
        t = mpmath.tanh(3)
        want = [1 - t**2, -2 * t * (1 - t**2), (1 - t**2) * (6 * t**2 - 2)]
    got = [grad(tanh)(3.0), grad(grad(tanh))(3.0), grad(grad(grad(tanh)))(3.0)]
    assert got == pytest.approx([float(w) for w in want], rel=1e-13)
    lae = lambda a, b: a.logaddexp(b)  # noqa: E731
    assert grad(lae, (0, 1))(1e308, -1e308) == (1.0, 0.0)
    assert grad(lae, (0, 1))(-1e308, 1e308) == (0.0, 1.0)
    assert hessian(lae, (0, 1))(1e308, -1e308) == [[0.0, 0.0], [0.0, 0.0]]
    assert hessian(lae, (0, 1))(-1e308, 1e308) == [[0.0, 0.0], [0.0, 0.0]]
    assert hessian(lae, (0, 1))(1.0, 1.0) == [[0.25, -0.25], [-0.25, 0.25]]  # σ(0)² = 1/4


@pytest.mark.parametrize("how", ["deepcopy", "pickle"])
def test_a_gradient_graph_holding_zero_times_infinity_terms_copies_and_still_refuses(
    how: str,
) -> None:
    """A gradient graph made with create_graph holds the terms above (and pow's limit
    terms), whose constants record what they stand for. A copy of the graph — deepcopy, or
    a pickle round trip, which copied it before the constants recorded anything — failed
    with "__new__() missing 2 required positional arguments". The copy refuses the
    second derivative as the original does."""
    import copy
    import pickle

    from autograd_mini import InfiniteDerivative

    def clone(v: Value) -> Value:
        return copy.deepcopy(v) if how == "deepcopy" else pickle.loads(pickle.dumps(v))

    x, y = Value(0.0, label="x"), Value(0.0, label="y")
    (dx,) = gradients(y * x.sqrt(), [x], create_graph=True)
    a, b = Value(0.0, label="a"), Value(1.0, label="b")
    (db,) = gradients(a**b, [b], create_graph=True)
    for graph, wrt, says in ((dx, "y", "0·∞ is not resolved"), (db, "a", r"aᵇ·ln a at a = 0")):
        copied = clone(graph)
        assert copied.data == graph.data == 0.0
        (leaf,) = [v for v in walk_leaves(copied) if v.label == wrt]
        with pytest.raises(InfiniteDerivative, match=says):
            gradients(copied, [leaf])


def walk_leaves(v: Value) -> list[Value]:
    from autograd_mini.backward import walk

    return [u for u in walk(v) if not u.parents]


def test_backward_with_graph_refuses_a_leaf_sum_beyond_a_float_storing_nothing() -> None:
    """A second ``backward(create_graph=True)`` adds dy/dx = 1e308 to x.grad = 1e308:
    2e308 is beyond a float, so it is refused (NonFiniteGradient, as the plain pass
    does) before any leaf is written — z keeps the 1.0 of the first pass, x its 1e308,
    and both keep the first pass's grad_graph."""
    from autograd_mini import NonFiniteGradient

    x, z = Value(1.0), Value(5.0)
    y = x * 1e308 + z
    y.backward(create_graph=True)
    assert (x.grad, z.grad) == (1e308, 1.0)
    graphs = (x.grad_graph, z.grad_graph)
    with pytest.raises(NonFiniteGradient):
        y.backward(create_graph=True)
    assert (x.grad, z.grad) == (1e308, 1.0)
    assert x.grad_graph is graphs[0] and z.grad_graph is graphs[1]
