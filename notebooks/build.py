"""Generate the teaching notebooks from readable Python: this file is their source of truth.

    python notebooks/build.py          # (re)write every notebooks/*.ipynb
    python notebooks/build.py --check  # exit 1 if a committed notebook differs

The notebooks are written without outputs (execution_count None) and with fixed cell
ids, so regenerating them gives byte-identical files; ``tests/test_notebooks.py``
checks that and executes every notebook top to bottom.

Each notebook proves its formulas with numbers: a closed form typed by hand and the
engine's answer are both computed and an ``assert`` compares them, so a wrong engine
makes the notebook (and the test suite) fail.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

import nbformat
from nbformat import NotebookNode

HERE = Path(__file__).resolve().parent

Cell = tuple[str, str]  # ("markdown" | "code", source)


def md(text: str) -> Cell:
    """A Markdown cell (the text is dedented and stripped)."""
    return ("markdown", textwrap.dedent(text).strip())


def code(text: str) -> Cell:
    """A code cell (the text is dedented and stripped)."""
    return ("code", textwrap.dedent(text).strip())


# ---------------------------------------------------------------------------------------------
# 01 · derivatives and the chain rule
# ---------------------------------------------------------------------------------------------

NB01: list[Cell] = [
    md(r"""
    # 1 · Derivatives and the chain rule

    Training a network means nudging thousands of numbers (weights $w$ and biases $b$)
    so that a cost goes down. To know *which way* to nudge each one we need the
    derivative of the cost with respect to it. Backpropagation is simply an efficient way
    of applying the **chain rule** to get all of those derivatives at once.

    This notebook builds the pieces one at a time, and checks every formula twice:
    once typed by hand, once computed by `autograd_mini`. An `assert` compares the two,
    so if the engine were wrong this notebook would stop with an error.
    """),
    code(r"""
    import math

    import matplotlib.pyplot as plt
    import numpy as np
    import sympy as sp

    from autograd_mini import Value, dot, grad
    """),
    md(r"""
    ## 1. The derivative is a limit

    For a function of one variable the derivative at $x_0$ is the slope of the curve there:

    $$f'(x_0) = \lim_{h \to 0} \frac{f(x_0 + h) - f(x_0)}{h}.$$

    Take $f(x) = x^3 - 2x + \dfrac{1}{1 + x^2}$. The power rule and the quotient rule
    give $f'(x) = 3x^2 - 2 - \dfrac{2x}{(1 + x^2)^2}$. As $h$ shrinks, the difference
    quotient creeps towards that number.
    """),
    code(r"""
    def f(x):
        # Written with + - * / ** only, so it accepts a float or a Value.
        return x**3 - 2 * x + 1 / (1 + x * x)


    def f_prime(x):
        # By hand: power rule for x³ and 2x, quotient rule for 1/(1 + x²).
        return 3 * x**2 - 2 - 2 * x / (1 + x * x) ** 2


    x0 = 0.7
    for h in [1e-1, 1e-2, 1e-3, 1e-4, 1e-5]:
        quotient = (f(x0 + h) - f(x0)) / h
        print(f"h = {h:.0e}   (f(x0 + h) - f(x0)) / h = {quotient:.10f}")
    print(f"closed form      f'(x0) = {f_prime(x0):.10f}")

    engine = grad(f)(x0)  # autograd_mini differentiates the same Python function
    print(f"engine     grad(f)(x0) = {engine:.10f}")
    assert math.isclose(engine, f_prime(x0), rel_tol=1e-12)
    """),
    md(r"""
    ## 2. Numerical derivatives and the step-size error

    A computer cannot take a limit, so a *numerical* derivative stops at some finite $h$.
    Two classic choices:

    * forward difference $\;\dfrac{f(x+h) - f(x)}{h}$, error $\approx \tfrac{h}{2}|f''(x)|$,
      which shrinks like $h$;
    * central difference $\;\dfrac{f(x+h) - f(x-h)}{2h}$, error
      $\approx \tfrac{h^2}{6}|f'''(x)|$, which shrinks like $h^2$.

    Both formulas come from Taylor's expansion. But $h$ cannot go to zero in floating
    point: $f(x+h)$ and $f(x)$ agree in more and more leading digits, and the subtraction
    throws them away. That *rounding* error grows like $\varepsilon/h$ with
    $\varepsilon \approx 2.2\times10^{-16}$. The total error is a V shape: a best $h$
    near $\sqrt{\varepsilon} \approx 10^{-8}$ for the forward difference and near
    $\varepsilon^{1/3} \approx 10^{-5}$ for the central one.

    The engine has no step at all — it applies exact derivative rules — so it sits at
    the bottom of the plot.
    """),
    code(r"""
    def f_second(x):
        # Differentiate f'(x) once more by hand.
        return 6 * x - (2 - 6 * x**2) / (1 + x * x) ** 3


    # The engine gives second derivatives too: grad of grad.
    assert math.isclose(grad(grad(f))(x0), f_second(x0), rel_tol=1e-12)

    hs = np.logspace(-15, -1, 57)
    exact = f_prime(x0)
    forward_err = np.array([abs((f(x0 + h) - f(x0)) / h - exact) for h in hs])
    central_err = np.array([abs((f(x0 + h) - f(x0 - h)) / (2 * h) - exact) for h in hs])
    engine_err = abs(grad(f)(x0) - exact)

    # In the region where truncation dominates the error follows the Taylor estimates.
    h = 1e-3
    at_h = forward_err[np.argmin(abs(hs - h))]
    assert math.isclose(at_h, h / 2 * abs(f_second(x0)), rel_tol=0.05)
    # Fit the slope of log(error) against log(h) where truncation dominates.
    big = hs >= 1e-4
    slope_forward = np.polyfit(np.log10(hs[big]), np.log10(forward_err[big]), 1)[0]
    slope_central = np.polyfit(np.log10(hs[big]), np.log10(central_err[big]), 1)[0]
    print(f"forward error ~ h^{slope_forward:.2f},  central error ~ h^{slope_central:.2f}")
    assert abs(slope_forward - 1) < 0.1 and abs(slope_central - 2) < 0.1

    best_forward, best_central = hs[np.argmin(forward_err)], hs[np.argmin(central_err)]
    print(f"best h: forward {best_forward:.0e}, central {best_central:.0e}")
    assert 1e-10 <= best_forward <= 1e-6 and 1e-8 <= best_central <= 1e-3

    fig, ax = plt.subplots(figsize=(7, 4))
    ax.loglog(hs, forward_err, "o-", ms=3, label="forward  (f(x+h) - f(x)) / h")
    ax.loglog(hs, central_err, "s-", ms=3, label="central  (f(x+h) - f(x-h)) / 2h")
    engine_label = f"engine (exact rules): error {engine_err:.0e}"
    ax.axhline(max(engine_err, 1e-17), color="k", ls="--", label=engine_label)
    ax.set_xlabel("step h")
    ax.set_ylabel("|error| in f'(x0)")
    ax.set_title("Truncation error falls with h, rounding error rises")
    ax.legend()
    plt.show()
    """),
    md(r"""
    ## 3. Walking downhill with the derivative

    The sign of $f'(x_0)$ says which way is uphill. Stepping against it,

    $$x \leftarrow x - \eta\, f'(x),$$

    with a small step factor $\eta$ (the *learning rate*) lowers $f$ every step, until the
    slope is zero at a minimum. Here the engine provides $f'$ at every step.
    """),
    code(r"""
    eta = 0.05
    x = 2.0
    path = [x]
    for _ in range(150):
        x = x - eta * grad(f)(x)
        path.append(x)

    print(f"stopped at x = {x:.8f},  f'(x) by hand = {f_prime(x):.2e}")
    assert abs(f_prime(x)) < 1e-8  # a stationary point ...
    assert f_second(x) > 0  # ... and a minimum
    assert all(f(p) >= f(q) - 1e-14 for p, q in zip(path, path[1:]))  # never went uphill

    grid = np.linspace(-1.6, 2.1, 300)
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(grid, f(grid), label="f(x)")
    ax.plot(path[:12], [f(p) for p in path[:12]], "o-", color="C3", label="first gradient steps")
    ax.set_xlabel("x")
    ax.legend()
    plt.show()
    """),
    md(r"""
    ## 4. Partial derivatives of a neuron's weighted input

    A neuron with inputs $x_1, x_2$, weights $w_1, w_2$ and bias $b$ first forms

    $$z = x_1 w_1 + x_2 w_2 + b .$$

    Holding everything else fixed, $z$ changes with $w_1$ at rate $x_1$:

    $$\frac{\partial z}{\partial w_1} = x_1,\qquad \frac{\partial z}{\partial w_2} = x_2,
    \qquad \frac{\partial z}{\partial b} = 1,\qquad \frac{\partial z}{\partial x_1} = w_1 .$$

    So **the derivative of $z$ with respect to a weight is the input that weight
    multiplies** — it is known as soon as the forward pass has run.
    """),
    code(r"""
    x1, x2 = Value(2.0, "x1"), Value(-1.5, "x2")
    w1, w2, b = Value(0.4, "w1"), Value(-0.3, "w2"), Value(0.1, "b")

    z = x1 * w1 + x2 * w2 + b
    z.backward()

    hand = {"w1": x1.data, "w2": x2.data, "b": 1.0, "x1": w1.data, "x2": w2.data}
    for v in (w1, w2, b, x1, x2):
        print(f"dz/d{v.label:<2} engine {v.grad:+.3f}   by hand {hand[v.label]:+.3f}")
        assert math.isclose(v.grad, hand[v.label])
    """),
    md(r"""
    The library also has a fused node for exactly this sum, `dot(ws, xs, bias)`. It is a
    single node whose *local derivatives* — stored during the forward pass — are the
    numbers above: each weight's partner input, each input's weight, and 1 for the bias.
    """),
    code(r"""
    z_dot = dot([w1, w2], [x1, x2], b)
    assert math.isclose(z_dot.data, z.data)
    for parent, local in zip(z_dot.parents, z_dot.local_grads):
        print(f"dz/d{parent.label:<2} = {local:+.3f}")
        assert math.isclose(local, hand[parent.label])
    """),
    md(r"""
    ## 5. The chain rule on a composite

    For $y = e^{\sin(x^2)}$ write the chain of steps $u = x^2$, $v = \sin u$, $y = e^v$.
    Each step has an easy local derivative, and the chain rule multiplies them:

    $$\frac{dy}{dx} = \frac{dy}{dv}\,\frac{dv}{du}\,\frac{du}{dx}
    = e^{v}\cdot\cos u\cdot 2x .$$

    The engine does exactly this: walking back from $y$, each node's gradient is its
    consumer's gradient times the local derivative. After `backward()` every intermediate
    node holds $\partial y/\partial(\text{node})$, the running product so far.
    """),
    code(r"""
    x = Value(0.9, "x")
    u = x * x
    v = u.sin()
    y = v.exp()
    y.backward()

    dy_dv = math.exp(v.data)
    dy_du = dy_dv * math.cos(u.data)
    dy_dx = dy_du * 2 * x.data
    for name, node, by_hand in [("v", v, dy_dv), ("u", u, dy_du), ("x", x, dy_dx)]:
        print(f"dy/d{name}: engine {node.grad:.10f}   by hand {by_hand:.10f}")
        assert math.isclose(node.grad, by_hand, rel_tol=1e-12)

    # A third, independent opinion: sympy's symbolic derivative.
    X = sp.symbols("x")
    symbolic = sp.diff(sp.exp(sp.sin(X**2)), X)
    print("sympy:", symbolic)
    assert math.isclose(float(symbolic.subs(X, 0.9)), x.grad, rel_tol=1e-12)
    """),
    md(r"""
    When a variable is used **twice**, its influence reaches the output along two paths and
    the contributions add. For $y = x \sin x$: one path through the left factor gives
    $\sin x$, one through the right factor gives $x\cos x$, so
    $dy/dx = \sin x + x\cos x$ — the product rule is the chain rule summed over paths.
    """),
    code(r"""
    x = Value(1.3, "x")
    y = x * x.sin()
    y.backward()
    by_hand = math.sin(1.3) + 1.3 * math.cos(1.3)
    print(f"engine {x.grad:.10f}   by hand {by_hand:.10f}")
    assert math.isclose(x.grad, by_hand, rel_tol=1e-12)
    """),
    md(r"""
    ## 6. The graph, with its gradients

    Put the pieces together: a sigmoid neuron $a = \sigma(x_1 w_1 + x_2 w_2 + b)$. The
    drawing shows every value node with its data and gradient, and each edge labelled with
    the local derivative that the backward pass multiplies by.
    """),
    code(r"""
    from autograd_mini import draw_graph

    x1, x2 = Value(2.0, "x1"), Value(-1.5, "x2")
    w1, w2, b = Value(0.4, "w1"), Value(-0.3, "w2"), Value(0.1, "b")
    z = x1 * w1 + x2 * w2 + b
    z.label = "z"
    a = z.sigmoid()
    a.label = "a"
    a.backward()

    # σ'(z) = σ(z)(1 - σ(z)), then one more chain-rule factor: ∂z/∂w1 = x1.
    s = 1 / (1 + math.exp(-z.data))
    assert math.isclose(z.grad, s * (1 - s))
    assert math.isclose(w1.grad, s * (1 - s) * x1.data)

    draw_graph(a)
    """),
]


# ---------------------------------------------------------------------------------------------
# 02 · one neuron per layer
# ---------------------------------------------------------------------------------------------

NB02: list[Cell] = [
    md(r"""
    # 2 · One neuron per layer

    The smallest network that still needs backpropagation has a single neuron in each
    layer. Counting the output layer as $L$, the last step is

    $$z^{(L)} = w^{(L)} a^{(L-1)} + b^{(L)}, \qquad a^{(L)} = \sigma\big(z^{(L)}\big),
    \qquad C_0 = \big(a^{(L)} - y\big)^2 .$$

    The superscript $(L)$ names a layer; it is not a power. $y$ is the value we want the
    output to have, and $C_0$ is the cost for one training example.

    The dependencies form a chain: $w^{(L)}$, $b^{(L)}$ and $a^{(L-1)}$ feed $z^{(L)}$,
    which feeds $a^{(L)}$, which (with $y$) feeds $C_0$. The chain rule therefore splits
    every derivative of $C_0$ into a product of three small ones.
    """),
    code(r"""
    import math

    import matplotlib.pyplot as plt
    import numpy as np

    from autograd_mini import Value, vsum


    def sigma(z):
        return 1 / (1 + math.exp(-z))


    def sigma_prime(z):
        s = sigma(z)
        return s * (1 - s)
    """),
    md(r"""
    ## 1. A four-layer chain, forward by hand and with the engine

    Input $a^{(0)} = x$, then four neurons, each with one weight and one bias.
    """),
    code(r"""
    L = 4
    w_init = {1: 0.9, 2: -1.2, 3: 1.5, 4: 0.8}
    b_init = {1: 0.1, 2: 0.3, 3: -0.4, 4: 0.2}
    x, y = 0.6, 1.0

    # By hand, with plain floats.
    a_h, z_h = {0: x}, {}
    for l in range(1, L + 1):
        z_h[l] = w_init[l] * a_h[l - 1] + b_init[l]
        a_h[l] = sigma(z_h[l])
    C0_h = (a_h[L] - y) ** 2

    # With the engine: the same computation, recorded as a graph.
    w = {l: Value(w_init[l], f"w{l}") for l in w_init}
    b = {l: Value(b_init[l], f"b{l}") for l in b_init}
    a = {0: Value(x, "a0")}
    z = {}
    for l in range(1, L + 1):
        z[l] = w[l] * a[l - 1] + b[l]
        a[l] = z[l].sigmoid()
    C0 = (a[L] - y) ** 2
    C0.backward()

    print(f"a^(L) = {a[L].data:.6f}   C0 = {C0.data:.6f}")
    assert math.isclose(C0.data, C0_h, rel_tol=1e-12)
    """),
    md(r"""
    ## 2. The output layer: three derivatives

    Multiply the three links of the chain:

    $$\frac{\partial C_0}{\partial w^{(L)}}
      = \frac{\partial z^{(L)}}{\partial w^{(L)}}\,
        \frac{\partial a^{(L)}}{\partial z^{(L)}}\,
        \frac{\partial C_0}{\partial a^{(L)}}
      = a^{(L-1)}\;\sigma'\big(z^{(L)}\big)\;2\big(a^{(L)} - y\big).$$

    For the bias the first link is $\partial z^{(L)}/\partial b^{(L)} = 1$, and for the
    previous activation it is $\partial z^{(L)}/\partial a^{(L-1)} = w^{(L)}$:

    $$\frac{\partial C_0}{\partial b^{(L)}}
      = \sigma'\big(z^{(L)}\big)\,2\big(a^{(L)} - y\big),
    \qquad
    \frac{\partial C_0}{\partial a^{(L-1)}}
      = w^{(L)}\,\sigma'\big(z^{(L)}\big)\,2\big(a^{(L)} - y\big).$$
    """),
    code(r"""
    dC_dwL = a_h[L - 1] * sigma_prime(z_h[L]) * 2 * (a_h[L] - y)
    dC_dbL = sigma_prime(z_h[L]) * 2 * (a_h[L] - y)
    dC_daLm1 = w_init[L] * sigma_prime(z_h[L]) * 2 * (a_h[L] - y)

    checks = [
        ("dC0/dw^(L)  ", w[L].grad, dC_dwL),
        ("dC0/db^(L)  ", b[L].grad, dC_dbL),
        ("dC0/da^(L-1)", a[L - 1].grad, dC_daLm1),
    ]
    for name, engine, by_hand in checks:
        print(f"{name}  engine {engine:+.10f}   formula {by_hand:+.10f}")
        assert math.isclose(engine, by_hand, rel_tol=1e-12)
    """),
    md(r"""
    ## 3. Further back: the same three links, again and again

    $a^{(L-1)}$ is itself $\sigma(w^{(L-1)} a^{(L-2)} + b^{(L-1)})$, so once we know
    $\partial C_0/\partial a^{(L-1)}$ the same pattern gives the derivatives of layer
    $L-1$, and so on down to the input. For every layer $l$:

    $$\frac{\partial C_0}{\partial z^{(l)}}
      = \sigma'\big(z^{(l)}\big)\frac{\partial C_0}{\partial a^{(l)}},\quad
    \frac{\partial C_0}{\partial w^{(l)}} = a^{(l-1)}\frac{\partial C_0}{\partial z^{(l)}},\quad
    \frac{\partial C_0}{\partial b^{(l)}} = \frac{\partial C_0}{\partial z^{(l)}},\quad
    \frac{\partial C_0}{\partial a^{(l-1)}} = w^{(l)}\frac{\partial C_0}{\partial z^{(l)}}.$$

    Only one number travels backwards, $\partial C_0/\partial a^{(l)}$; that is the
    "back propagation".
    """),
    code(r"""
    dC_da = 2 * (a_h[L] - y)  # start at the cost
    grads_w, grads_b = {}, {}
    print(" l   dC0/dw (formula)   dC0/dw (engine)    dC0/db (formula)   dC0/db (engine)")
    for l in range(L, 0, -1):
        dC_dz = sigma_prime(z_h[l]) * dC_da
        grads_w[l] = a_h[l - 1] * dC_dz
        grads_b[l] = dC_dz
        row = [grads_w[l], w[l].grad, grads_b[l], b[l].grad]
        print(f" {l}   " + "   ".join(f"{v:+.12f}" for v in row))
        assert math.isclose(w[l].grad, grads_w[l], rel_tol=1e-12)
        assert math.isclose(b[l].grad, grads_b[l], rel_tol=1e-12)
        assert math.isclose(z[l].grad, dC_dz, rel_tol=1e-12)
        dC_da = w_init[l] * dC_dz  # pass it one layer down
    assert math.isclose(a[0].grad, dC_da, rel_tol=1e-12)
    """),
    md(r"""
    Written out in full for the first weight, the product has one factor per layer:

    $$\frac{\partial C_0}{\partial w^{(1)}} = a^{(0)}\,\sigma'(z^{(1)})\;
      w^{(2)}\sigma'(z^{(2)})\; w^{(3)}\sigma'(z^{(3)})\; w^{(4)}\sigma'(z^{(4)})\;
      2\big(a^{(4)} - y\big).$$

    Since $\sigma' \le \tfrac14$, each layer can shrink the gradient by a factor of four or
    more: the early layers of a deep sigmoid chain learn slowly (the *vanishing gradient*).
    """),
    code(r"""
    product = a_h[0] * sigma_prime(z_h[1])
    for l in range(2, L + 1):
        product *= w_init[l] * sigma_prime(z_h[l])
    product *= 2 * (a_h[L] - y)
    assert math.isclose(product, w[1].grad, rel_tol=1e-12)
    assert all(sigma_prime(z_h[l]) <= 0.25 for l in z_h)

    layers = list(range(1, L + 1))
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.bar(layers, [abs(w[l].grad) for l in layers])
    ax.set_yscale("log")
    ax.set_xticks(layers)
    ax.set_xlabel("layer l")
    ax.set_ylabel("|dC0/dw^(l)|")
    ax.set_title("Gradients shrink on the way back through sigmoids")
    plt.show()
    """),
    md(r"""
    ## 4. What the derivative means: the slope of the cost

    Hold everything but $w^{(L)}$ fixed and $C_0$ is a curve in $w^{(L)}$. The formula of
    section 2 is the slope of its tangent at the current weight; a central difference
    agrees.
    """),
    code(r"""
    def cost_of_wL(wL):
        z_L = wL * a_h[L - 1] + b_init[L]
        return (sigma(z_L) - y) ** 2


    eps = 1e-6
    central = (cost_of_wL(w_init[L] + eps) - cost_of_wL(w_init[L] - eps)) / (2 * eps)
    assert math.isclose(central, dC_dwL, rel_tol=1e-6)

    grid = np.linspace(-4, 6, 200)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(grid, [cost_of_wL(g) for g in grid], label="C0 as a function of w^(L)")
    tangent = cost_of_wL(w_init[L]) + dC_dwL * (grid - w_init[L])
    ax.plot(grid, tangent, "--", label=f"tangent, slope {dC_dwL:.4f}")
    ax.plot([w_init[L]], [cost_of_wL(w_init[L])], "o", color="C3")
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel("w^(L)")
    ax.legend()
    plt.show()
    """),
    md(r"""
    ## 5. Many training examples: average the gradients

    With $n$ examples the cost is the mean of the per-example costs,
    $C = \frac1n\sum_{k=0}^{n-1} C_k$, and because differentiation is linear

    $$\frac{\partial C}{\partial w^{(L)}}
      = \frac1n \sum_{k=0}^{n-1}\frac{\partial C_k}{\partial w^{(L)}} .$$

    Below: the per-example formulas of section 3, averaged, against the engine
    differentiating the whole averaged cost in one backward pass.
    """),
    code(r"""
    def hand_gradients(x, y):
        # The section-3 recursion for one example; returns {("w", l): ..., ("b", l): ...}.
        a_, z_ = {0: x}, {}
        for l in range(1, L + 1):
            z_[l] = w_init[l] * a_[l - 1] + b_init[l]
            a_[l] = sigma(z_[l])
        out, dC_da = {}, 2 * (a_[L] - y)
        for l in range(L, 0, -1):
            dC_dz = sigma_prime(z_[l]) * dC_da
            out["w", l], out["b", l] = a_[l - 1] * dC_dz, dC_dz
            dC_da = w_init[l] * dC_dz
        return out


    rng = np.random.default_rng(0)
    xs = rng.uniform(-1, 1, size=8)
    ys = (xs > 0).astype(float)
    n = len(xs)

    per_example = [hand_gradients(xk, yk) for xk, yk in zip(xs, ys)]
    averaged = {key: sum(g[key] for g in per_example) / n for key in per_example[0]}

    w = {l: Value(w_init[l], f"w{l}") for l in w_init}  # fresh leaves, grad = 0
    b = {l: Value(b_init[l], f"b{l}") for l in b_init}
    costs = []
    for xk, yk in zip(xs, ys):
        act = xk
        for l in range(1, L + 1):
            act = (w[l] * act + b[l]).sigmoid()
        costs.append((act - yk) ** 2)
    C = vsum(costs) / n
    C.backward()

    for l in range(1, L + 1):
        print(f"layer {l}: dC/dw formula {averaged['w', l]:+.10f}  engine {w[l].grad:+.10f}")
        assert math.isclose(w[l].grad, averaged["w", l], rel_tol=1e-12)
        assert math.isclose(b[l].grad, averaged["b", l], rel_tol=1e-12)
    """),
]


# ---------------------------------------------------------------------------------------------
# 03 · BP formulas for a hidden layer
# ---------------------------------------------------------------------------------------------

NB03: list[Cell] = [
    md(r"""
    # 3 · The BP formulas for a hidden layer

    Now give each layer several neurons. We follow the classic textbook notation for a
    network with one hidden layer:

    * inputs $x_i$ ($i = 1\dots d$);
    * hidden neuron $h$ ($h = 1\dots q$) receives $\alpha_h = \sum_i v_{ih} x_i$, has
      threshold $\gamma_h$, and outputs $b_h = f(\alpha_h - \gamma_h)$;
    * output neuron $j$ ($j = 1\dots l$) receives $\beta_j = \sum_h w_{hj} b_h$, has
      threshold $\theta_j$, and outputs $\hat y_j = f(\beta_j - \theta_j)$;
    * the error on one example is $E = \tfrac12 \sum_j (\hat y_j - y_j)^2$.

    A threshold is a bias with the opposite sign ($b = -\theta$). The activation is the
    sigmoid $f(t) = 1/(1 + e^{-t})$.
    """),
    code(r"""
    import math

    import matplotlib.pyplot as plt
    import numpy as np

    from autograd_mini import Value, dot, vsum


    def f(t):
        return 1 / (1 + np.exp(-t))
    """),
    md(r"""
    ## 1. The sigmoid's derivative is $f(1 - f)$

    $$f'(t) = \frac{e^{-t}}{(1 + e^{-t})^2}
            = \frac{1}{1 + e^{-t}}\cdot\frac{(1 + e^{-t}) - 1}{1 + e^{-t}}
            = f(t)\,\big(1 - f(t)\big).$$

    This is why the formulas below contain factors like $\hat y_j(1 - \hat y_j)$: the
    derivative is available from the output alone, without recomputing an exponential.
    """),
    code(r"""
    ts = np.linspace(-6, 6, 25)
    engine = []
    for t in ts:
        node = Value(float(t))
        node.sigmoid().backward()
        engine.append(node.grad)
    quotient_rule = np.exp(-ts) / (1 + np.exp(-ts)) ** 2
    assert np.allclose(engine, f(ts) * (1 - f(ts)), rtol=1e-12, atol=0)
    assert np.allclose(engine, quotient_rule, rtol=1e-12, atol=0)
    print("max f'(t) =", max(engine), "at t = 0")
    """),
    md(r"""
    ## 2. One example, forward by hand (numpy)
    """),
    code(r"""
    rng = np.random.default_rng(3)
    d, q, n_out = 3, 4, 2  # d inputs, q hidden neurons, l outputs (n_out)
    x = rng.uniform(-1, 1, size=d)
    y = np.array([1.0, 0.0])
    V = rng.normal(0, 0.8, size=(d, q))  # v_ih: input i -> hidden h
    gamma = rng.normal(0, 0.5, size=q)  # hidden thresholds γ_h
    W = rng.normal(0, 0.8, size=(q, n_out))  # w_hj: hidden h -> output j
    theta = rng.normal(0, 0.5, size=n_out)  # output thresholds θ_j
    eta = 0.5  # learning rate η

    alpha = x @ V
    b_out = f(alpha - gamma)  # b_h
    beta = b_out @ W
    y_hat = f(beta - theta)
    E = 0.5 * np.sum((y_hat - y) ** 2)
    print("y_hat =", y_hat, "  E =", E)
    """),
    md(r"""
    ## 3. The BP formulas

    Define, for the output layer,

    $$g_j = -\frac{\partial E}{\partial \hat y_j}\,\frac{\partial \hat y_j}{\partial \beta_j}
          = \hat y_j (1 - \hat y_j)(y_j - \hat y_j),$$

    and for the hidden layer, collecting what reaches $b_h$ from every output $j$,

    $$e_h = -\frac{\partial E}{\partial b_h}\,\frac{\partial b_h}{\partial \alpha_h}
          = b_h (1 - b_h) \sum_{j} w_{hj}\, g_j .$$

    Gradient descent moves every parameter by $-\eta$ times its derivative. Since
    $\partial \beta_j / \partial w_{hj} = b_h$, $\partial \hat y_j/\partial\theta_j = -f'$,
    $\partial \alpha_h/\partial v_{ih} = x_i$ and $\partial b_h/\partial\gamma_h = -f'$:

    $$\Delta w_{hj} = \eta\, g_j\, b_h,\qquad \Delta\theta_j = -\eta\, g_j,\qquad
      \Delta v_{ih} = \eta\, e_h\, x_i,\qquad \Delta\gamma_h = -\eta\, e_h .$$
    """),
    code(r"""
    g = y_hat * (1 - y_hat) * (y - y_hat)
    e = b_out * (1 - b_out) * (W @ g)

    dW_formula = eta * np.outer(b_out, g)  # Δw_hj, shape (q, l)
    dtheta_formula = -eta * g  # Δθ_j
    dV_formula = eta * np.outer(x, e)  # Δv_ih, shape (d, q)
    dgamma_formula = -eta * e  # Δγ_h
    print("g =", g)
    print("e =", e)
    """),
    md(r"""
    ## 4. The same updates from the engine

    Build the network from `Value`s — each weighted sum is one `dot` node — call
    `backward()` on $E$ and take $\Delta p = -\eta\,\partial E/\partial p$ for every
    parameter. No formula from section 3 is used here.
    """),
    code(r"""
    def build(V, gamma, W, theta):
        # Parameters as Values, so the engine can differentiate E with respect to them.
        V_ = [[Value(V[i, h], f"v{i}{h}") for h in range(q)] for i in range(d)]
        gamma_ = [Value(gamma[h], f"γ{h}") for h in range(q)]
        W_ = [[Value(W[h, j], f"w{h}{j}") for j in range(n_out)] for h in range(q)]
        theta_ = [Value(theta[j], f"θ{j}") for j in range(n_out)]
        return V_, gamma_, W_, theta_


    def forward(V_, gamma_, W_, theta_, x, y):
        xs = [float(t) for t in x]
        alpha_ = [dot([V_[i][h] for i in range(d)], xs) for h in range(q)]
        b_ = [(alpha_[h] - gamma_[h]).sigmoid() for h in range(q)]
        beta_ = [dot([W_[h][j] for h in range(q)], b_) for j in range(n_out)]
        y_hat_ = [(beta_[j] - theta_[j]).sigmoid() for j in range(n_out)]
        E_ = 0.5 * vsum([(y_hat_[j] - y[j]) ** 2 for j in range(n_out)])
        return E_, alpha_, beta_


    V_, gamma_, W_, theta_ = build(V, gamma, W, theta)
    E_, alpha_, beta_ = forward(V_, gamma_, W_, theta_, x, y)
    E_.backward()
    assert math.isclose(E_.data, E, rel_tol=1e-12)


    def grads(rows):
        return np.array([[p.grad for p in row] for row in rows])


    dW_engine = -eta * grads(W_)
    dtheta_engine = -eta * np.array([p.grad for p in theta_])
    dV_engine = -eta * grads(V_)
    dgamma_engine = -eta * np.array([p.grad for p in gamma_])

    assert np.allclose(dW_engine, dW_formula, rtol=1e-12, atol=1e-15)
    assert np.allclose(dtheta_engine, dtheta_formula, rtol=1e-12, atol=1e-15)
    assert np.allclose(dV_engine, dV_formula, rtol=1e-12, atol=1e-15)
    assert np.allclose(dgamma_engine, dgamma_formula, rtol=1e-12, atol=1e-15)

    # g_j and e_h are (minus) the gradients the engine stores on the β and α nodes.
    assert np.allclose([-node.grad for node in beta_], g, rtol=1e-12, atol=1e-15)
    assert np.allclose([-node.grad for node in alpha_], e, rtol=1e-12, atol=1e-15)
    print("Δw_hj =\n", dW_engine)
    print("Δv_ih =\n", dV_engine)
    """),
    md(r"""
    ## 5. Training with the formulas and with the engine

    Repeat the update on a few examples. Running the hand formulas and the engine side by
    side, the two error curves are the same curve.
    """),
    code(r"""
    X_train = rng.uniform(-1, 1, size=(6, d))
    positive = X_train.sum(axis=1) > 0
    Y_train = np.stack([positive, ~positive], axis=1).astype(float)  # a one-hot target


    def formula_step(params, x, y):
        V, gamma, W, theta = params
        b_h = f(x @ V - gamma)
        y_hat = f(b_h @ W - theta)
        g = y_hat * (1 - y_hat) * (y - y_hat)
        e = b_h * (1 - b_h) * (W @ g)
        # Δv = ηe x, Δγ = −ηe, Δw = ηg b, Δθ = −ηg
        V, gamma = V + eta * np.outer(x, e), gamma - eta * e
        W, theta = W + eta * np.outer(b_h, g), theta - eta * g
        return V, gamma, W, theta


    def engine_step(params, x, y):
        V, gamma, W, theta = params
        V_, gamma_, W_, theta_ = build(V, gamma, W, theta)
        forward(V_, gamma_, W_, theta_, x, y)[0].backward()
        return (
            V - eta * grads(V_),
            gamma - eta * np.array([p.grad for p in gamma_]),
            W - eta * grads(W_),
            theta - eta * np.array([p.grad for p in theta_]),
        )


    def total_error(params):
        V, gamma, W, theta = params
        out = f(f(X_train @ V - gamma) @ W - theta)
        return 0.5 * np.sum((out - Y_train) ** 2)


    by_formula = by_engine = (V, gamma, W, theta)
    history_formula, history_engine = [], []
    for _epoch in range(40):
        for xk, yk in zip(X_train, Y_train):  # standard BP: one example at a time
            by_formula = formula_step(by_formula, xk, yk)
            by_engine = engine_step(by_engine, xk, yk)
        history_formula.append(total_error(by_formula))
        history_engine.append(total_error(by_engine))

    assert np.allclose(history_formula, history_engine, rtol=1e-9)
    assert history_formula[-1] < 0.5 * history_formula[0]

    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(history_formula, lw=4, alpha=0.4, label="hand formulas")
    ax.plot(history_engine, "k--", label="engine")
    ax.set_xlabel("epoch")
    ax.set_ylabel("E summed over the examples")
    ax.legend()
    plt.show()
    """),
    md(r"""
    ## 6. Any depth, in matrix form: the δ recursion with L2

    Number the layers $1\dots N$ with $a^{(1)} = x$, and let $W^{(l)}$ (shape
    $S_{l+1}\times S_l$) and $b^{(l)}$ connect layer $l$ to layer $l+1$:

    $$z^{(l+1)} = W^{(l)} a^{(l)} + b^{(l)},\qquad a^{(l+1)} = f\big(z^{(l+1)}\big).$$

    Over $n$ examples, with an L2 penalty that keeps the weights small,

    $$J = \frac1n \sum_{k=1}^{n} \tfrac12 \big\lVert a^{(N)}_k - y_k \big\rVert^2
          + \frac{\lambda}{2}\sum_{l}\sum_{i,j}\big(W^{(l)}_{ij}\big)^2 .$$

    Call $\delta^{(l)} = \partial J_k / \partial z^{(l)}$ the *error* of layer $l$ for one
    example (here $J_k$ is that example's squared-error term). The chain rule gives a
    recursion that runs backwards:

    $$\delta^{(N)} = \big(a^{(N)} - y\big)\odot f'\big(z^{(N)}\big),\qquad
      \delta^{(l)} = \big(W^{(l)\top}\delta^{(l+1)}\big)\odot f'\big(z^{(l)}\big),$$

    and then the gradients are

    $$\frac{\partial J}{\partial W^{(l)}} = \frac1n\sum_k \delta^{(l+1)}_k a^{(l)\top}_k
      + \lambda W^{(l)},\qquad
      \frac{\partial J}{\partial b^{(l)}} = \frac1n\sum_k \delta^{(l+1)}_k .$$

    The penalty adds $\lambda W$ to the weight gradients and leaves the biases and the
    $\delta$'s alone. (Some texts define $\delta$ with $y - a$, i.e. with the opposite
    sign; $g_j$ and $e_h$ above are exactly $-\delta$ for this convention.)
    """),
    code(r"""
    sizes = [4, 5, 3, 2]  # S_1 ... S_N
    N = len(sizes)
    n, lam = 6, 0.01
    rng = np.random.default_rng(7)
    Wm = {l: rng.normal(0, 0.7, size=(sizes[l], sizes[l - 1])) for l in range(1, N)}
    bm = {l: rng.normal(0, 0.3, size=sizes[l]) for l in range(1, N)}
    X = rng.uniform(-1, 1, size=(sizes[0], n))  # one example per column
    Y = rng.uniform(0, 1, size=(sizes[-1], n))

    # Forward, all examples at once (columns).
    a_m, z_m = {1: X}, {}
    for l in range(1, N):
        z_m[l + 1] = Wm[l] @ a_m[l] + bm[l][:, None]
        a_m[l + 1] = f(z_m[l + 1])
    J = np.sum(0.5 * np.sum((a_m[N] - Y) ** 2, axis=0)) / n
    J += lam / 2 * sum(np.sum(Wm[l] ** 2) for l in Wm)


    def f_prime(zz):
        return f(zz) * (1 - f(zz))


    # Backward: the δ recursion.
    delta = {N: (a_m[N] - Y) * f_prime(z_m[N])}
    for l in range(N - 1, 1, -1):
        delta[l] = (Wm[l].T @ delta[l + 1]) * f_prime(z_m[l])
    dW = {l: delta[l + 1] @ a_m[l].T / n + lam * Wm[l] for l in Wm}
    db = {l: delta[l + 1].mean(axis=1) for l in bm}
    print("J =", J)
    """),
    code(r"""
    # The engine, knowing nothing of δ: scalar Values, one dot node per neuron.
    W_v = {l: [[Value(t) for t in row] for row in Wm[l]] for l in Wm}
    b_v = {l: [Value(t) for t in bm[l]] for l in bm}
    z_nodes = []  # z_nodes[k][l][i] = z^(l)_i for example k
    costs = []
    for k in range(n):
        act = [float(t) for t in X[:, k]]
        zs = {}
        for l in range(1, N):
            zs[l + 1] = [dot(W_v[l][i], act, b_v[l][i]) for i in range(sizes[l])]
            act = [zz.sigmoid() for zz in zs[l + 1]]
        z_nodes.append(zs)
        costs.append(0.5 * vsum([(act[i] - Y[i, k]) ** 2 for i in range(sizes[-1])]))
    penalty = lam / 2 * vsum([w**2 for l in W_v for row in W_v[l] for w in row])
    J_engine = vsum(costs) / n + penalty
    J_engine.backward()

    assert math.isclose(J_engine.data, J, rel_tol=1e-12)
    for l in Wm:
        engine_dW = np.array([[w.grad for w in row] for row in W_v[l]])
        engine_db = np.array([v.grad for v in b_v[l]])
        assert np.allclose(engine_dW, dW[l], rtol=1e-10, atol=1e-14), l
        assert np.allclose(engine_db, db[l], rtol=1e-10, atol=1e-14), l

    # δ is what the engine stores on each z node (times n, because J averages the examples).
    for l in range(2, N + 1):
        engine_delta = np.array([[zz.grad for zz in z_nodes[k][l]] for k in range(n)]).T
        assert np.allclose(engine_delta * n, delta[l], rtol=1e-10, atol=1e-14), l
    print("every ∂J/∂W, ∂J/∂b and δ agrees with the matrix formulas")
    """),
    md(r"""
    Finally, what λ does: with the penalty on, the same gradient-descent loop ends with
    smaller weights. The engine's gradient of the penalty alone is exactly $\lambda W$.
    """),
    code(r"""
    W_probe = [Value(t) for t in Wm[1].ravel()]
    (lam / 2 * vsum([w**2 for w in W_probe])).backward()
    assert np.allclose([w.grad for w in W_probe], lam * Wm[1].ravel(), rtol=1e-12)


    def train(lam, steps=300, lr=2.0):
        W_, b_ = {l: Wm[l].copy() for l in Wm}, {l: bm[l].copy() for l in bm}
        for _ in range(steps):
            a_, z_ = {1: X}, {}
            for l in range(1, N):
                z_[l + 1] = W_[l] @ a_[l] + b_[l][:, None]
                a_[l + 1] = f(z_[l + 1])
            dl = {N: (a_[N] - Y) * f_prime(z_[N])}
            for l in range(N - 1, 1, -1):
                dl[l] = (W_[l].T @ dl[l + 1]) * f_prime(z_[l])
            for l in W_:
                W_[l] -= lr * (dl[l + 1] @ a_[l].T / n + lam * W_[l])
                b_[l] -= lr * dl[l + 1].mean(axis=1)
        return sum(np.sum(W_[l] ** 2) for l in W_)


    plain, penalised = train(0.0), train(0.001)
    print(f"ΣW² after training: λ = 0 → {plain:.3f},  λ = 0.001 → {penalised:.3f}")
    assert penalised < plain
    """),
]


# ---------------------------------------------------------------------------------------------
# 05 · watching backpropagation
# ---------------------------------------------------------------------------------------------

NB05_NEURON: list[Cell] = [
    md(r"""
    # 5 · Watching backpropagation

    `backward()` looks like magic: one call and every `grad` is filled in. This notebook
    slows it down. We build one sigmoid neuron with a squared-error cost, then replay the
    backward pass one chain-rule step at a time — each step multiplies a *local*
    derivative (stored on the graph during the forward pass) by the gradient arriving from
    above, and adds the product to a parent.
    """),
    code(r"""
    import math

    from autograd_mini import Value, dot, topological_order
    """),
    md(r"""
    ## 1. One neuron, one cost

    $$z = w_1x_1 + w_2x_2 + b,\qquad a = \sigma(z),\qquad C = (a - y)^2 .$$

    The weighted sum is a single `dot` node, exactly the $z = \sum w\,x + b$ of the
    formula. Every node remembers its parents and the local derivatives
    $\partial(\text{node})/\partial(\text{parent})$, computed while the forward pass ran.
    """),
    code(r"""
    x1, x2, y = 2.0, -1.0, 1.0
    w1, w2, b = Value(-0.5, "w1"), Value(0.75, "w2"), Value(0.25, "b")
    z = dot([w1, w2], [x1, x2], b)
    z.label = "z"
    a = z.sigmoid()
    a.label = "a"
    d = a - y
    d.label = "a-y"
    C = d**2
    C.label = "C"

    for node in (z, a, d, C):
        locals_ = ", ".join(
            f"∂{node.label}/∂{p.label} = {g:+.4f}" for p, g in zip(node.parents, node.local_grads)
        )
        print(f"{node.label:>3} = {node.data:+.4f}   ({node.op}: {locals_})")

    # The local derivatives are the textbook ones.
    s = a.data
    assert math.isclose(a.local_grads[0], s * (1 - s))  # σ'(z) = σ(z)(1 - σ(z))
    assert math.isclose(C.local_grads[0], 2 * d.data)  # d(u²)/du = 2u
    assert [round(g, 12) for g in z.local_grads] == [x1, x2, 1.0]  # ∂z/∂w = x, ∂z/∂b = 1
    """),
    md(r"""
    ## 2. The backward pass, one step at a time

    Visit the nodes from the cost down (a *topological order*: every node before the
    nodes it was computed from). At each node, its gradient is complete — everything that
    uses it has already been visited — so it can be passed on:

    $$\text{parent.grad} \mathrel{+}=
      \underbrace{\frac{\partial\,\text{node}}{\partial\,\text{parent}}}_{\text{local}}
      \times \underbrace{\frac{\partial C}{\partial\,\text{node}}}_{\text{upstream}} .$$

    Below, this loop is written out by hand and prints one line per step ("frame").
    """),
    code(r"""
    def replay_backward(root):
        # The chain rule by hand: returns ({node: ∂root/∂node}, [one tuple per step]).
        grads = {root: 1.0}  # ∂root/∂root = 1 starts the pass
        frames = []
        for node in topological_order(root):
            upstream = grads[node]
            for parent, local in zip(node.parents, node.local_grads):
                contribution = local * upstream
                grads[parent] = grads.get(parent, 0.0) + contribution
                frames.append((node, parent, local, upstream, contribution, grads[parent]))
        return grads, frames


    def show(frames):
        head = ["local", "upstream", "contrib.", "grad"]
        print(f"{'node':>5} → {'parent':<6} " + " ".join(f"{h:>9}" for h in head))
        for node, parent, *numbers in frames:
            print(f"{node.label:>5} → {parent.label:<6} " + " ".join(f"{v:+9.5f}" for v in numbers))


    grads, frames = replay_backward(C)
    show(frames)
    """),
    md(r"""
    The same numbers from the closed forms of notebook 2 — and from the engine's own
    `backward()`:

    $$\frac{\partial C}{\partial z} = \sigma'(z)\,2(a - y),\qquad
      \frac{\partial C}{\partial w_i} = x_i\,\frac{\partial C}{\partial z},\qquad
      \frac{\partial C}{\partial b} = \frac{\partial C}{\partial z}.$$
    """),
    code(r"""
    dC_dz = s * (1 - s) * 2 * (a.data - y)
    by_hand = {"w1": x1 * dC_dz, "w2": x2 * dC_dz, "b": dC_dz, "z": dC_dz}

    C.backward()
    for node in (w1, w2, b, z):
        print(f"dC/d{node.label:<2}  steps {grads[node]:+.10f}  "
              f"engine {node.grad:+.10f}  by hand {by_hand[node.label]:+.10f}")
        assert math.isclose(grads[node], by_hand[node.label], rel_tol=1e-12)
        assert math.isclose(node.grad, by_hand[node.label], rel_tol=1e-12)
    """),
]

NB05_FANOUT: list[Cell] = [
    md(r"""
    ## Fan-out: one activation, two consumers

    Real networks connect every neuron to *several* neurons in the next layer. Take a
    hidden neuron $a = \sigma(z)$ with $z = x_1w_1 + x_2w_2 + b$, feeding two output
    neurons:

    $$z' = a\,w_3 + b_3,\quad z'' = a\,w_4 + b_4,\qquad
      C = \big(\sigma(z') - y_1\big)^2 + \big(\sigma(z'') - y_2\big)^2 .$$

    $a$ influences $C$ along two paths, so its gradient is the sum over both:

    $$\frac{\partial C}{\partial a}
      = \frac{\partial z'}{\partial a}\frac{\partial C}{\partial z'}
      + \frac{\partial z''}{\partial a}\frac{\partial C}{\partial z''}
      = w_3\frac{\partial C}{\partial z'} + w_4\frac{\partial C}{\partial z''},
    \qquad
    \frac{\partial C}{\partial z} = \sigma'(z)\Big[w_3\frac{\partial C}{\partial z'}
      + w_4\frac{\partial C}{\partial z''}\Big].$$

    Read right to left, this is a network running *backwards*: the outputs' errors
    $\partial C/\partial z'$ and $\partial C/\partial z''$ are the inputs, $w_3, w_4$ are
    the weights, and multiplying by $\sigma'(z)$ plays the role of the activation.
    """),
    code(r"""
    x1, x2 = 1.5, -0.5
    w1, w2, b = Value(0.8, "w1"), Value(-0.6, "w2"), Value(0.1, "b")
    w3, b3 = Value(1.2, "w3"), Value(-0.3, "b3")
    w4, b4 = Value(-0.9, "w4"), Value(0.2, "b4")
    y1, y2 = 1.0, 0.0

    z = dot([w1, w2], [x1, x2], b)
    z.label = "z"
    a = z.sigmoid()
    a.label = "a"
    z1 = dot([w3], [a], b3)
    z1.label = "z'"
    z2 = dot([w4], [a], b4)
    z2.label = "z''"
    a1, a2 = z1.sigmoid(), z2.sigmoid()
    a1.label, a2.label = "a'", "a''"
    C = (a1 - y1) ** 2 + (a2 - y2) ** 2
    C.label = "C"
    C.backward()


    def sigma_prime(t):
        s = 1 / (1 + math.exp(-t))
        return s * (1 - s)


    dC_dz1 = sigma_prime(z1.data) * 2 * (a1.data - y1)
    dC_dz2 = sigma_prime(z2.data) * 2 * (a2.data - y2)
    dC_da = w3.data * dC_dz1 + w4.data * dC_dz2  # the sum over the two paths
    dC_dz = sigma_prime(z.data) * dC_da

    for name, node, by_hand in [
        ("dC/dz' ", z1, dC_dz1),
        ("dC/dz''", z2, dC_dz2),
        ("dC/da  ", a, dC_da),
        ("dC/dz  ", z, dC_dz),
        ("dC/dw1 ", w1, x1 * dC_dz),
    ]:
        print(f"{name}  engine {node.grad:+.10f}   by hand {by_hand:+.10f}")
        assert math.isclose(node.grad, by_hand, rel_tol=1e-12)
    """),
    md(r"""
    In the step-by-step replay the two paths are two separate frames that end at $a$:
    one from $z'$ carrying $w_3\,\partial C/\partial z'$, one from $z''$ carrying
    $w_4\,\partial C/\partial z''$. The second one *adds* to what the first left behind.
    """),
    code(r"""
    grads, frames = replay_backward(C)
    into_a = [frame for frame in frames if frame[1] is a]
    show(into_a)

    assert len(into_a) == 2
    by_source = {frame[0].label: frame[4] for frame in into_a}
    assert math.isclose(by_source["z'"], w3.data * dC_dz1, rel_tol=1e-12)
    assert math.isclose(by_source["z''"], w4.data * dC_dz2, rel_tol=1e-12)
    assert math.isclose(into_a[-1][5], dC_da, rel_tol=1e-12)  # the running sum ends at ∂C/∂a
    """),
]


NB05 = NB05_NEURON + NB05_FANOUT

NOTEBOOKS: dict[str, list[Cell]] = {
    "01_derivatives_and_chain_rule.ipynb": NB01,
    "02_one_neuron_per_layer.ipynb": NB02,
    "03_bp_formulas_hidden_layer.ipynb": NB03,
    "05_watching_backpropagation.ipynb": NB05,
}


def make_notebook(stem: str, cells: list[Cell]) -> NotebookNode:
    """A v4 notebook with no outputs and deterministic cell ids (stem-number)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    prefix = stem[:2]
    for i, (kind, source) in enumerate(cells):
        if kind == "markdown":
            cell = nbformat.v4.new_markdown_cell(source)
        else:
            cell = nbformat.v4.new_code_cell(source)
        cell.id = f"nb{prefix}-{i:03d}"
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


def render(nb: NotebookNode) -> str:
    """The exact text written to disk (nbformat's JSON plus a final newline)."""
    return nbformat.writes(nb) + "\n"


def build_all() -> dict[str, str]:
    """File name → file text for every notebook."""
    return {name: render(make_notebook(name, cells)) for name, cells in NOTEBOOKS.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale notebooks")
    args = parser.parse_args(argv)
    stale = []
    for name, text in build_all().items():
        path = HERE / name
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(name)
        if not args.check:
            path.write_text(text, encoding="utf-8")
    verb = "stale" if args.check else "written"
    for name in stale:
        print(f"{verb}: {name}")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
