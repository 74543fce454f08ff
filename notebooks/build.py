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
    import itertools
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
    assert all(f(p) >= f(q) - 1e-14 for p, q in itertools.pairwise(path))  # never went uphill

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
    for parent, local in zip(z_dot.parents, z_dot.local_grads, strict=True):
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

    Put the pieces together: a sigmoid neuron $a = \sigma(x_1 w_1 + x_2 w_2 + b)$.
    `draw_graph` shows every value node with its data and gradient, and labels each edge
    with the local derivative that the backward pass multiplies by: the edge from $w_1$
    into the product reads $x_1$ (section 4), the edge from $z$ into $\sigma$ reads
    $\sigma'(z)$. Notebook 5 replays this picture one step at a time.
    """),
    code(r"""
    import re

    from autograd_mini import draw_graph

    x1, x2 = Value(2.0, "x1"), Value(-1.5, "x2")
    w1, w2, b = Value(0.4, "w1"), Value(-0.3, "w2"), Value(0.1, "b")
    x1w1, x2w2 = x1 * w1, x2 * w2
    x1w1.label, x2w2.label = "x1·w1", "x2·w2"
    z = x1w1 + x2w2 + b
    z.label = "z"
    a = z.sigmoid()
    a.label = "a"
    a.backward()

    # σ'(z) = σ(z)(1 - σ(z)), then one more chain-rule factor: ∂z/∂w1 = x1.
    s = 1 / (1 + math.exp(-z.data))
    assert math.isclose(z.grad, s * (1 - s))
    assert math.isclose(w1.grad, s * (1 - s) * x1.data)

    graph = draw_graph(a)
    # The edge labels are the local derivatives (4 decimals): x1 on w1's edge, σ'(z) on z's.
    edge_labels = re.findall(r"-> \w+ \[label=([^\s\]]+)", graph.source)
    assert f"{x1.data:.4f}" in edge_labels and f"{s * (1 - s):.4f}" in edge_labels
    assert "<svg" in graph.svg()  # rendered as a picture, not only as DOT text
    graph
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
    for layer in range(1, L + 1):
        z_h[layer] = w_init[layer] * a_h[layer - 1] + b_init[layer]
        a_h[layer] = sigma(z_h[layer])
    C0_h = (a_h[L] - y) ** 2

    # With the engine: the same computation, recorded as a graph.
    w = {layer: Value(w_init[layer], f"w{layer}") for layer in w_init}
    b = {layer: Value(b_init[layer], f"b{layer}") for layer in b_init}
    a = {0: Value(x, "a0")}
    z = {}
    for layer in range(1, L + 1):
        z[layer] = w[layer] * a[layer - 1] + b[layer]
        a[layer] = z[layer].sigmoid()
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
    for layer in range(L, 0, -1):
        dC_dz = sigma_prime(z_h[layer]) * dC_da
        grads_w[layer] = a_h[layer - 1] * dC_dz
        grads_b[layer] = dC_dz
        row = [grads_w[layer], w[layer].grad, grads_b[layer], b[layer].grad]
        print(f" {layer}   " + "   ".join(f"{v:+.12f}" for v in row))
        assert math.isclose(w[layer].grad, grads_w[layer], rel_tol=1e-12)
        assert math.isclose(b[layer].grad, grads_b[layer], rel_tol=1e-12)
        assert math.isclose(z[layer].grad, dC_dz, rel_tol=1e-12)
        dC_da = w_init[layer] * dC_dz  # pass it one layer down
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
    for layer in range(2, L + 1):
        product *= w_init[layer] * sigma_prime(z_h[layer])
    product *= 2 * (a_h[L] - y)
    assert math.isclose(product, w[1].grad, rel_tol=1e-12)
    assert all(sigma_prime(z_h[layer]) <= 0.25 for layer in z_h)

    layers = list(range(1, L + 1))
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.bar(layers, [abs(w[layer].grad) for layer in layers])
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
        for layer in range(1, L + 1):
            z_[layer] = w_init[layer] * a_[layer - 1] + b_init[layer]
            a_[layer] = sigma(z_[layer])
        out, dC_da = {}, 2 * (a_[L] - y)
        for layer in range(L, 0, -1):
            dC_dz = sigma_prime(z_[layer]) * dC_da
            out["w", layer], out["b", layer] = a_[layer - 1] * dC_dz, dC_dz
            dC_da = w_init[layer] * dC_dz
        return out


    rng = np.random.default_rng(0)
    xs = rng.uniform(-1, 1, size=8)
    ys = (xs > 0).astype(float)
    n = len(xs)

    per_example = [hand_gradients(xk, yk) for xk, yk in zip(xs, ys, strict=True)]
    averaged = {key: sum(g[key] for g in per_example) / n for key in per_example[0]}

    w = {layer: Value(w_init[layer], f"w{layer}") for layer in w_init}  # fresh leaves, grad = 0
    b = {layer: Value(b_init[layer], f"b{layer}") for layer in b_init}
    costs = []
    for xk, yk in zip(xs, ys, strict=True):
        act = xk
        for layer in range(1, L + 1):
            act = (w[layer] * act + b[layer]).sigmoid()
        costs.append((act - yk) ** 2)
    C = vsum(costs) / n
    C.backward()

    for layer in range(1, L + 1):
        formula, engine = averaged["w", layer], w[layer].grad
        print(f"layer {layer}: dC/dw formula {formula:+.10f}  engine {engine:+.10f}")
        assert math.isclose(w[layer].grad, averaged["w", layer], rel_tol=1e-12)
        assert math.isclose(b[layer].grad, averaged["b", layer], rel_tol=1e-12)
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
        for xk, yk in zip(X_train, Y_train, strict=True):  # standard BP: one example at a time
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
    Wm = {layer: rng.normal(0, 0.7, size=(sizes[layer], sizes[layer - 1])) for layer in range(1, N)}
    bm = {layer: rng.normal(0, 0.3, size=sizes[layer]) for layer in range(1, N)}
    X = rng.uniform(-1, 1, size=(sizes[0], n))  # one example per column
    Y = rng.uniform(0, 1, size=(sizes[-1], n))

    # Forward, all examples at once (columns).
    a_m, z_m = {1: X}, {}
    for layer in range(1, N):
        z_m[layer + 1] = Wm[layer] @ a_m[layer] + bm[layer][:, None]
        a_m[layer + 1] = f(z_m[layer + 1])
    J = np.sum(0.5 * np.sum((a_m[N] - Y) ** 2, axis=0)) / n
    J += lam / 2 * sum(np.sum(Wm[layer] ** 2) for layer in Wm)


    def f_prime(zz):
        return f(zz) * (1 - f(zz))


    # Backward: the δ recursion.
    delta = {N: (a_m[N] - Y) * f_prime(z_m[N])}
    for layer in range(N - 1, 1, -1):
        delta[layer] = (Wm[layer].T @ delta[layer + 1]) * f_prime(z_m[layer])
    dW = {layer: delta[layer + 1] @ a_m[layer].T / n + lam * Wm[layer] for layer in Wm}
    db = {layer: delta[layer + 1].mean(axis=1) for layer in bm}
    print("J =", J)
    """),
    code(r"""
    # The engine, knowing nothing of δ: scalar Values, one dot node per neuron.
    W_v = {layer: [[Value(t) for t in row] for row in Wm[layer]] for layer in Wm}
    b_v = {layer: [Value(t) for t in bm[layer]] for layer in bm}
    z_nodes = []  # z_nodes[k][layer][i] = z^(l)_i for example k
    costs = []
    for k in range(n):
        act = [float(t) for t in X[:, k]]
        zs = {}
        for layer in range(1, N):
            zs[layer + 1] = [dot(W_v[layer][i], act, b_v[layer][i]) for i in range(sizes[layer])]
            act = [zz.sigmoid() for zz in zs[layer + 1]]
        z_nodes.append(zs)
        costs.append(0.5 * vsum([(act[i] - Y[i, k]) ** 2 for i in range(sizes[-1])]))
    penalty = lam / 2 * vsum([w**2 for layer in W_v for row in W_v[layer] for w in row])
    J_engine = vsum(costs) / n + penalty
    J_engine.backward()

    assert math.isclose(J_engine.data, J, rel_tol=1e-12)
    for layer in Wm:
        engine_dW = np.array([[w.grad for w in row] for row in W_v[layer]])
        engine_db = np.array([v.grad for v in b_v[layer]])
        assert np.allclose(engine_dW, dW[layer], rtol=1e-10, atol=1e-14), layer
        assert np.allclose(engine_db, db[layer], rtol=1e-10, atol=1e-14), layer

    # δ is what the engine stores on each z node (times n, because J averages the examples).
    for layer in range(2, N + 1):
        engine_delta = np.array([[zz.grad for zz in z_nodes[k][layer]] for k in range(n)]).T
        assert np.allclose(engine_delta * n, delta[layer], rtol=1e-10, atol=1e-14), layer
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
        W_ = {layer: Wm[layer].copy() for layer in Wm}
        b_ = {layer: bm[layer].copy() for layer in bm}
        for _ in range(steps):
            a_, z_ = {1: X}, {}
            for layer in range(1, N):
                z_[layer + 1] = W_[layer] @ a_[layer] + b_[layer][:, None]
                a_[layer + 1] = f(z_[layer + 1])
            dl = {N: (a_[N] - Y) * f_prime(z_[N])}
            for layer in range(N - 1, 1, -1):
                dl[layer] = (W_[layer].T @ dl[layer + 1]) * f_prime(z_[layer])
            for layer in W_:
                W_[layer] -= lr * (dl[layer + 1] @ a_[layer].T / n + lam * W_[layer])
                b_[layer] -= lr * dl[layer + 1].mean(axis=1)
        return sum(np.sum(W_[layer] ** 2) for layer in W_)


    plain, penalised = train(0.0), train(0.001)
    print(f"ΣW² after training: λ = 0 → {plain:.3f},  λ = 0.001 → {penalised:.3f}")
    assert penalised < plain
    """),
]


# ---------------------------------------------------------------------------------------------
# 04 · training an MLP
# ---------------------------------------------------------------------------------------------

NB04: list[Cell] = [
    md(r"""
    # 4 · Training an MLP

    The seeds' running example is a digit recogniser: 784 input pixels, two hidden
    layers of 16 sigmoid neurons and 10 outputs, one per digit. Its weights and biases
    are 13,002 numbers. Think of them as the coordinates of one point in a
    13,002-dimensional space, and of the cost $C$ as the height of the ground at that
    point: training means walking downhill. The negative gradient $-\nabla C$ says which
    way is steepest down, and backpropagation (notebooks 1 to 3) computes all 13,002 of its
    components in one backward pass.

    This notebook does the walking. It compares **full-batch gradient descent** (every
    step looks at all the training examples) with **mini-batch stochastic gradient
    descent** (every step looks at a small random batch) on two data sets — the 2-D
    "moons" and the real 8×8 handwritten digits with a 64-16-16-10 network — and then
    looks at a slice of the cost landscape itself. As in the other notebooks, each
    formula is checked against the engine with an `assert`.
    """),
    code(r"""
    import itertools
    import math

    import matplotlib.pyplot as plt
    import numpy as np

    import nn
    """),
    md(r"""
    ## 1. Counting the parameters: where 13,002 comes from

    A layer with $n_\text{in}$ inputs and $n_\text{out}$ neurons has $n_\text{in}$
    weights and one bias per neuron, so $(n_\text{in} + 1)\,n_\text{out}$ parameters.
    Summing over the layers,

    $$\#\text{parameters} = \sum_{\text{layers}} (n_\text{in} + 1)\, n_\text{out},
    \qquad 785\cdot16 + 17\cdot16 + 17\cdot10 = 13{,}002 .$$

    The 8×8 digits in scikit-learn have 64 pixels instead of 784, so the same shape
    of network, 64-16-16-10, is much smaller: $65\cdot16 + 17\cdot16 + 17\cdot10 = 1{,}482$.
    """),
    code(r"""
    def count_by_formula(sizes):
        # Σ over consecutive layer sizes of (n_in + 1)·n_out.
        return sum((n_in + 1) * n_out for n_in, n_out in itertools.pairwise(sizes))


    for sizes in ([784, 16, 16, 10], [64, 16, 16, 10]):
        net = nn.MLP(sizes[0], sizes[1:], activation="sigmoid", output_activation="sigmoid")
        terms = " + ".join(f"{n_in + 1}·{n_out}" for n_in, n_out in itertools.pairwise(sizes))
        name = "-".join(map(str, sizes))
        by_formula, by_engine = count_by_formula(sizes), net.num_parameters()
        print(f"{name:>14}: {terms} = {by_formula:,}   engine: {by_engine:,}")
        assert by_engine == by_formula

    assert count_by_formula([784, 16, 16, 10]) == 13_002
    assert count_by_formula([64, 16, 16, 10]) == 1_482
    """),
    md(r"""
    ## 2. The gradient has one entry per parameter

    $\nabla C$ lists $\partial C/\partial p$ for every weight and bias $p$. For one
    example, with several output neurons $j$, the cost is
    $C_0 = \sum_j \big(a^{(L)}_j - y_j\big)^2$, and the output layer's entries are
    the three-link products of notebook 2 with an index added:

    $$\frac{\partial C_0}{\partial b^{(L)}_j}
      = \sigma'\big(z^{(L)}_j\big)\,2\big(a^{(L)}_j - y_j\big),
    \qquad
    \frac{\partial C_0}{\partial w^{(L)}_{jk}}
      = a^{(L-1)}_k\,\sigma'\big(z^{(L)}_j\big)\,2\big(a^{(L)}_j - y_j\big),$$

    with $\sigma'(z) = \sigma(z)(1-\sigma(z)) = a(1-a)$. Below, the full 784-16-16-10
    network looks at one random "image" that should light up output 3; one `backward()`
    fills in 13,002 partial derivatives, and the 170 of the output layer are checked
    against the formulas.
    """),
    code(r"""
    big = nn.MLP(784, [16, 16, 10], activation="sigmoid", output_activation="sigmoid", seed=0)
    image = np.random.default_rng(0).uniform(0, 1, size=784)  # stands in for 28×28 pixels
    digit = 3  # the target y is e₃: 1 for output 3, 0 for the other nine

    C0 = nn.squared_error([big(image)], [digit])  # Σⱼ (aⱼ − yⱼ)² for this one example
    big.zero_grad()
    C0.backward()
    gradient = np.array([p.grad for p in big.parameters()])
    print(f"C0 = {C0.data:.4f};  ∇C0 has {gradient.size:,} components")
    assert gradient.size == 13_002

    # The forward pass again, layer by layer, keeping a^(L-1) and a^(L) as plain floats.
    a1 = [v.data for v in big.layers[0](image.tolist())]
    a2 = [v.data for v in big.layers[1](a1)]
    aL = np.array([v.data for v in big.layers[2](a2)])
    y = np.eye(10)[digit]

    dC_dz = aL * (1 - aL) * 2 * (aL - y)  # σ'(z_j)·2(a_j − y_j)
    dC_db = dC_dz
    dC_dw = np.outer(dC_dz, a2)  # row j, column k: a_k^(L-1)·σ'(z_j)·2(a_j − y_j)

    output = big.layers[2].neurons
    assert np.allclose([n.b.grad for n in output], dC_db, rtol=1e-12, atol=1e-15)
    assert np.allclose([[w.grad for w in n.w] for n in output], dC_dw, rtol=1e-12, atol=1e-15)
    print("∂C0/∂b^(L) by formula:", np.round(dC_db, 4))
    """),
    md(r"""
    ## 3. One step of mini-batch SGD, by hand

    Over $n$ training examples the cost is the average $C = \frac1n\sum_{k} C_k$, and
    because differentiation is linear its gradient is the average of the per-example
    gradients. Full-batch **gradient descent** takes the step

    $$W \leftarrow W - \eta\,\frac{\partial C}{\partial W}$$

    only after a forward and backward pass over all $n$ examples. **Mini-batch SGD**
    shuffles the examples, cuts them into batches of $m$, and steps after each batch
    using that batch's cost

    $$C_\text{batch} = \frac1m\sum_{i=1}^{m} C_i,\qquad
      \frac{\partial C_\text{batch}}{\partial W}
      = \frac1m\sum_{i=1}^{m}\frac{\partial C_i}{\partial W}.$$

    Its gradient is a noisy estimate of the full one, but it costs $m$ examples instead
    of $n$. (Some texts sum the costs instead of averaging, $L = \sum_n C^n$; that only
    multiplies the gradient by the number of examples, i.e. it rescales $\eta$.)

    Check both claims on a 2-16-16-1 network and a batch of $m = 8$ points: the batch
    gradient equals the average of eight single-example gradients, and `nn.SGD` moves
    each parameter by exactly $-\eta\,\partial C_\text{batch}/\partial W$.
    """),
    code(r"""
    X_moons, y_moons = nn.data.moons(200, noise=0.15, seed=0)


    def moons_net():
        # tanh hidden layers; a sigmoid output read as "probability of class 1"
        return nn.MLP(2, [16, 16, 1], activation="tanh", output_activation="sigmoid", seed=0)


    net = moons_net()
    params = net.parameters()
    m = 8
    X_batch, y_batch = X_moons[:m], y_moons[:m].tolist()


    def gradient_of(cost):
        net.zero_grad()
        cost.backward()
        return np.array([p.grad for p in params])


    def batch_cost():
        return nn.squared_error([net(x) for x in X_batch], y_batch)  # (1/m) Σᵢ Cᵢ


    per_example = [
        gradient_of(nn.squared_error([net(x)], [t])) for x, t in zip(X_batch, y_batch, strict=True)
    ]
    C_before = batch_cost()
    g = gradient_of(C_before)
    assert np.allclose(g, np.mean(per_example, axis=0), rtol=1e-12, atol=1e-15)

    eta = 0.5
    W = np.array([p.data for p in params])
    nn.SGD(params, lr=eta).step()  # the library's update …
    W_new = np.array([p.data for p in params])
    assert np.allclose(W_new, W - eta * g, rtol=1e-15, atol=0)  # … is W − η·∂C/∂W
    C_after = batch_cost().data
    print(f"{len(params)} parameters; batch cost {C_before.data:.5f} → {C_after:.5f} after a step")
    assert C_after < C_before.data
    """),
    md(r"""
    Why a step against the gradient helps: to first order,
    $C(W - \varepsilon g) \approx C(W) - \varepsilon\, g\cdot g
    = C(W) - \varepsilon\,\lVert g\rVert^2$.
    For a small step the measured drop matches this prediction closely — which also
    shows the engine's $g$ is the true slope, not just some downhill direction.
    """),
    code(r"""
    def set_params(values):
        for p, v in zip(params, values, strict=True):
            p.data = float(v)


    for eps in (1e-3, 1e-5):
        set_params(W - eps * g)
        drop = C_before.data - batch_cost().data
        predicted = eps * g @ g
        print(f"ε = {eps:.0e}: cost drops by {drop:.6e}, first-order prediction {predicted:.6e}")
    assert math.isclose(drop, predicted, rel_tol=1e-3)
    set_params(W)
    """),
    md(r"""
    ## 4. Moons: full-batch gradient descent versus mini-batch SGD

    Two copies of the same network (same seed, so the same starting weights) train for
    the same number of epochs — one epoch is one pass over the 200 points, so both do
    the same amount of arithmetic. Full-batch descent makes **one** step per epoch;
    SGD with $m = 10$ makes **twenty**, each based on a rougher gradient estimate.
    """),
    code(r"""
    epochs = 40
    gd_net, sgd_net = moons_net(), moons_net()
    histories = {}
    for name, model, batch_size in [("full batch", gd_net, None), ("mini-batch m=10", sgd_net, 10)]:
        histories[name] = nn.fit(
            model,
            X_moons,
            y_moons,
            loss="squared_error",
            optimizer=nn.SGD(model.parameters(), lr=1.0),
            epochs=epochs,
            batch_size=batch_size,
            seed=0,
            progress=False,
        )
        h = histories[name]
        print(
            f"{name:>16}: final cost {h.loss[-1]:.4f}, training accuracy {h.accuracy[-1]:.1%}, "
            f"{h.seconds:.1f} s"
        )

    steps_per_epoch = {"full batch": 1, "mini-batch m=10": math.ceil(len(y_moons) / 10)}
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.8))
    for name, h in histories.items():
        ax1.plot(range(1, epochs + 1), h.loss, label=name)
        steps = np.arange(1, epochs + 1) * steps_per_epoch[name]
        ax2.plot(steps, h.loss, label=name)
    ax1.set_xlabel("epoch (same work for both)")
    ax2.set_xlabel("number of parameter updates")
    ax2.set_xscale("log")
    for ax in (ax1, ax2):
        ax.set_ylabel("training cost C")
        ax.set_yscale("log")
        ax.legend()
    plt.show()

    # Measured with these seeds: final cost 0.055 (full batch) against 0.0075 (SGD).
    assert histories["mini-batch m=10"].loss[-1] < histories["full batch"].loss[-1]
    """),
    md(r"""
    Per epoch, SGD is far ahead: it has taken twenty times as many steps. Per *update*
    (right), full-batch descent is the better walker — each of its steps follows the true
    gradient — but each step cost twenty times as much. The seeds' image for SGD is a
    quick, somewhat unsteady walk down the hill, as opposed to a slow careful one.

    The decision boundary is where the network's output crosses ½. `nn.predict` runs
    the trained network on a grid of points (without recording any graph).
    """),
    code(r"""
    xx, yy = np.meshgrid(np.linspace(-1.6, 2.6, 56), np.linspace(-1.1, 1.6, 40))
    grid = np.column_stack([xx.ravel(), yy.ravel()])

    fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
    trained = [("full batch", gd_net), ("mini-batch m=10", sgd_net)]
    for ax, (name, model) in zip(axes, trained, strict=True):
        prob = nn.predict(model, grid)[:, 0].reshape(xx.shape)
        ax.contourf(xx, yy, prob, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.6)
        ax.contour(xx, yy, prob, levels=[0.5], colors="k")
        ax.scatter(X_moons[:, 0], X_moons[:, 1], c=y_moons, cmap="RdBu_r", edgecolors="k", s=18)

        # Accuracy from predict (output > ½) is the same number nn.evaluate reports.
        predicted = nn.predict(model, X_moons)[:, 0] > 0.5
        acc = np.mean(predicted == (y_moons == 1))
        assert acc == nn.evaluate(model, X_moons, y_moons, "squared_error")[1]
        ax.set_title(f"{name}: training accuracy {acc:.1%}")
    plt.show()

    # Thresholds set below what these seeds give (full batch 93.5 %, SGD 98.5 %).
    assert nn.evaluate(gd_net, X_moons, y_moons, "squared_error")[1] >= 0.90
    assert nn.evaluate(sgd_net, X_moons, y_moons, "squared_error")[1] >= 0.95
    """),
    md(r"""
    ## 5. Handwritten digits with a 64-16-16-10 network

    The real thing, scaled down: 1,797 handwritten digits of 8×8 pixels (scikit-learn's
    bundled copy, pixel values scaled to $[0, 1]$), 80 % for training and 20 % held back
    to test on. The network is the seeds' design — sigmoid neurons everywhere, the
    squared-error cost $C_0 = \sum_j (a^{(L)}_j - y_j)^2$ against the one-hot target, and
    the predicted digit is the brightest output.
    """),
    code(r"""
    X_digits, y_digits = nn.data.digits()
    X_train, X_test, y_train, y_test = nn.data.train_test_split(
        X_digits, y_digits, test_size=0.2, seed=0
    )
    print(f"{len(y_train)} training and {len(y_test)} test images of {X_digits.shape[1]} pixels")
    assert X_digits.shape == (1797, 64)
    assert X_digits.min() >= 0 and X_digits.max() <= 1

    fig, axes = plt.subplots(1, 10, figsize=(10, 1.4))
    for ax, pixels, label in zip(axes, X_train[:10], y_train[:10], strict=True):
        ax.imshow(pixels.reshape(8, 8), cmap="gray_r")
        ax.set_title(str(label))
        ax.axis("off")
    plt.show()
    """),
    md(r"""
    Again two identical networks, trained for the same four epochs: one with a single
    full-batch step per epoch, one with mini-batches of $m = 10$ (144 steps per
    epoch). The learning rate $\eta = 3$ is large because sigmoid outputs with a squared
    error give small gradients. Eager training builds a fresh graph of scalar nodes for
    every example — the slow, transparent way — so this cell takes several seconds.
    """),
    code(r"""
    def digits_net():
        return nn.MLP(64, [16, 16, 10], activation="sigmoid", output_activation="sigmoid", seed=0)


    digit_epochs = 4
    runs = {}
    for name, batch_size in [("full batch", None), ("mini-batch m=10", 10)]:
        model = digits_net()
        history = nn.fit(
            model,
            X_train,
            y_train,
            loss="squared_error",
            optimizer=nn.SGD(model.parameters(), lr=3.0),
            epochs=digit_epochs,
            batch_size=batch_size,
            seed=0,
            progress=False,
            validation=(X_test, y_test),
        )
        runs[name] = (model, history)
        print(
            f"{name:>16}: cost {history.loss[-1]:.3f}, "
            f"test accuracy {history.val_accuracy[-1]:.1%}  ({history.seconds:.1f} s)"
        )

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.8))
    for name, (_, history) in runs.items():
        ax1.plot(range(1, digit_epochs + 1), history.loss, "o-", label=name)
        ax2.plot(range(1, digit_epochs + 1), history.val_accuracy, "o-", label=name)
    ax1.set_ylabel("training cost C")
    ax2.set_ylabel("test accuracy")
    ax2.axhline(0.1, color="grey", ls=":", label="guessing (10 %)")
    for ax in (ax1, ax2):
        ax.set_xlabel("epoch")
        ax.set_xticks(range(1, digit_epochs + 1))
        ax.legend()
    plt.show()
    """),
    md(r"""
    Four full-batch steps leave the network near guessing; 576 mini-batch steps
    recognise most of the test digits. The accuracy is recomputed below from the raw
    outputs (`nn.predict`, then the brightest of the ten) and must agree with what
    `nn.evaluate` reports.
    """),
    code(r"""
    sgd_digits, sgd_history = runs["mini-batch m=10"]
    outputs = nn.predict(sgd_digits, X_test)  # shape (359, 10)
    predicted = outputs.argmax(axis=1)
    test_accuracy = np.mean(predicted == y_test)
    n_wrong = np.sum(predicted != y_test)
    print(f"test accuracy {test_accuracy:.1%}  ({n_wrong} of {len(y_test)} wrong)")
    assert test_accuracy == nn.evaluate(sgd_digits, X_test, y_test, "squared_error")[1]
    assert test_accuracy == sgd_history.val_accuracy[-1]
    # Measured with these seeds: 96.7 %; the full-batch copy stays near 10 %.
    assert test_accuracy >= 0.90
    assert runs["full batch"][1].val_accuracy[-1] < 0.5

    wrong = np.flatnonzero(predicted != y_test)[:8]
    fig, axes = plt.subplots(1, len(wrong), figsize=(1.2 * len(wrong), 1.6))
    for ax, k in zip(np.atleast_1d(axes), wrong, strict=True):
        ax.imshow(X_test[k].reshape(8, 8), cmap="gray_r")
        ax.set_title(f"{y_test[k]} → {predicted[k]}", fontsize=9)
        ax.axis("off")
    fig.suptitle("some mistakes: true → predicted", y=1.05)
    plt.show()
    """),
    md(r"""
    ## 6. The cost as a landscape

    With 13,002 (or here 337) coordinates the landscape cannot be drawn, but a slice can:
    hold every parameter fixed except two, and plot $C$ as a function of those two
    weights. We take the untrained moons network — training starts here — and vary
    $u$, a weight between the two hidden layers, and $v$, a weight into the output
    neuron.

    The slice is computed by a separate, plain numpy forward pass (fast enough to
    evaluate on a 41×41 grid); first it must agree with the engine's cost at the
    starting point.
    """),
    code(r"""
    start = moons_net()  # the same starting weights as both moons runs above
    Ws = [np.array([[w.data for w in n.w] for n in layer.neurons]) for layer in start.layers]
    bs = [np.array([n.b.data for n in layer.neurons]) for layer in start.layers]
    U = (1, 0, 0)  # layer 1 (second hidden), neuron 0, input 0
    V = (2, 0, 0)  # layer 2 (output), neuron 0, input 0


    def cost_numpy(u, v):
        # C = (1/n) Σₖ (a^(L)_k − y_k)² with weight U set to u and weight V set to v.
        W_ = [W.copy() for W in Ws]
        W_[U[0]][U[1], U[2]] = u
        W_[V[0]][V[1], V[2]] = v
        a = X_moons
        for layer, (W, b) in enumerate(zip(W_, bs, strict=True)):
            z = a @ W.T + b
            a = np.tanh(z) if layer < len(W_) - 1 else 1 / (1 + np.exp(-z))
        return np.mean((a[:, 0] - y_moons) ** 2)


    u_param = start.layers[U[0]].neurons[U[1]].w[U[2]]
    v_param = start.layers[V[0]].neurons[V[1]].w[V[2]]
    u0, v0 = u_param.data, v_param.data

    C = nn.squared_error([start(x) for x in X_moons], y_moons.tolist())
    start.zero_grad()
    C.backward()
    grad_engine = np.array([u_param.grad, v_param.grad])
    assert math.isclose(cost_numpy(u0, v0), C.data, rel_tol=1e-12)
    print(f"C at the start = {C.data:.6f}  (engine and numpy agree)")
    """),
    md(r"""
    The partial derivatives are the slopes of the landscape along its two axes, so
    central differences of the *numpy* slice must reproduce the engine's
    $\big(\partial C/\partial u,\ \partial C/\partial v\big)$:

    $$\frac{\partial C}{\partial u} \approx \frac{C(u_0 + h, v_0) - C(u_0 - h, v_0)}{2h}.$$

    More than that: the slope in *any* direction $d = (\cos\varphi, \sin\varphi)$ is the
    dot product $\nabla C\cdot d$. It is most negative, $-\lVert\nabla C\rVert$, when $d$
    points along $-\nabla C$ — the negative gradient is the steepest way down.
    """),
    code(r"""
    h = 1e-5


    def slope(phi):
        # Central difference along the unit direction d = (cos φ, sin φ).
        du, dv = h * math.cos(phi), h * math.sin(phi)
        return (cost_numpy(u0 + du, v0 + dv) - cost_numpy(u0 - du, v0 - dv)) / (2 * h)


    grad_numeric = np.array([slope(0.0), slope(math.pi / 2)])  # along u, along v
    print("engine  ∇C =", grad_engine)
    print("central ∇C =", grad_numeric)
    assert np.allclose(grad_engine, grad_numeric, rtol=1e-6, atol=1e-10)

    phis = np.radians(np.arange(0, 360, 1))
    slopes = np.array([slope(phi) for phi in phis])
    directions = np.array([np.cos(phis), np.sin(phis)])
    assert np.allclose(slopes, grad_engine @ directions, rtol=1e-5, atol=1e-9)  # ∇C·d
    steepest = phis[np.argmin(slopes)]  # the grid direction that falls fastest
    downhill = math.atan2(-grad_engine[1], -grad_engine[0]) % (2 * math.pi)
    gap = abs((steepest - downhill + math.pi) % (2 * math.pi) - math.pi)
    print(
        f"steepest descent at φ = {math.degrees(steepest):.0f}°, "
        f"direction of −∇C: {math.degrees(downhill):.1f}°"
    )
    assert gap <= math.radians(0.5) + 1e-9  # the 1° grid's resolution
    assert math.isclose(slopes.min(), -np.linalg.norm(grad_engine), rel_tol=1e-4)
    """),
    code(r"""
    us = np.linspace(u0 - 4, u0 + 4, 41)
    vs = np.linspace(v0 - 4, v0 + 4, 41)
    landscape = np.array([[cost_numpy(u, v) for u in us] for v in vs])

    fig, ax = plt.subplots(figsize=(6.5, 5.2))
    filled = ax.contourf(us, vs, landscape, levels=24, cmap="viridis")
    ax.contour(us, vs, landscape, levels=24, colors="white", linewidths=0.3)
    fig.colorbar(filled, label="cost C")
    arrow = -1.5 * grad_engine / np.linalg.norm(grad_engine)  # direction only, not length
    ax.annotate(
        "",
        xy=(u0 + arrow[0], v0 + arrow[1]),
        xytext=(u0, v0),
        zorder=5,
        arrowprops=dict(arrowstyle="-|>", color="red", lw=2),
    )
    ax.plot([u0], [v0], "r*", ms=12, label="the starting weights; arrow: −∇C")
    ax.set_xlabel("u: weight into the second hidden layer")
    ax.set_ylabel("v: weight into the output neuron")
    ax.set_title(f"C as a function of two weights, the other {start.num_parameters() - 2} fixed")
    ax.legend(loc="lower left", fontsize=8)
    plt.show()
    """),
    md(r"""
    The arrow crosses the contour lines at right angles, heading for the valley at the
    top right. The slice is no bowl, though: there are two valleys (top right and bottom
    left) with a saddle point between them. The horizontal line through the saddle is
    $v = 0$. Here $u$ feeds a hidden neuron, $a^{(L-1)}_0 = \tanh\big(z^{(L-1)}_0\big)$
    with $z^{(L-1)}_0 = u\,a^{(L-2)}_0 + \dots$, whose output reaches the cost only through
    $z^{(L)} = v\,a^{(L-1)}_0 + \dots$; so for every example the chain rule gives

    $$\frac{\partial C_k}{\partial u} = \frac{\partial C_k}{\partial z^{(L)}}\; v\;
      \tanh'\big(z^{(L-1)}_0\big)\; a^{(L-2)}_0 ,$$

    which vanishes for $v = 0$: along that line the cost does not change with $u$ at all.
    Even this small network's cost is not one bowl with one bottom, so which valley
    gradient descent reaches depends on where it starts.
    """),
    code(r"""
    along_v0 = [cost_numpy(u, 0.0) for u in us]
    assert max(along_v0) - min(along_v0) <= 1e-15  # flat: u's neuron is multiplied by 0

    v_param.data = 0.0  # the engine agrees: ∂C/∂u is exactly 0 on that line
    C = nn.squared_error([start(x) for x in X_moons], y_moons.tolist())
    start.zero_grad()
    C.backward()
    print(f"at v = 0: ∂C/∂u = {u_param.grad}, ∂C/∂v = {v_param.grad:+.6f}")
    assert u_param.grad == 0.0 and v_param.grad != 0.0
    v_param.data = v0
    """),
    md(r"""
    ## 7. Faster: trace the graph once, replay it on batches

    Every training example above built a brand-new graph of scalar `Value` nodes — the
    same graph each time, only with different numbers in it. `autograd_mini.trace`
    records that graph once and then replays it on a whole batch with numpy (each node
    computes a column of numbers; a layer's `dot` nodes fuse into one matrix product).
    `nn.fit(..., compiled=True)` trains that way. Same seed, same starting weights,
    same shuffling: the two runs must agree to rounding, and only the time differs.
    """),
    code(r"""
    eager_net, compiled_net = digits_net(), digits_net()
    assert [p.data for p in eager_net.parameters()] == [p.data for p in compiled_net.parameters()]

    common = dict(loss="squared_error", epochs=1, batch_size=10, seed=0, progress=False)
    eager = nn.fit(
        eager_net, X_train, y_train, optimizer=nn.SGD(eager_net.parameters(), lr=3.0), **common
    )
    compiled = nn.fit(
        compiled_net,
        X_train,
        y_train,
        optimizer=nn.SGD(compiled_net.parameters(), lr=3.0),
        compiled=True,
        **common,
    )

    print(
        f"one epoch over {len(y_train)} images: eager {eager.seconds:.2f} s, "
        f"compiled {compiled.seconds:.3f} s  (×{eager.seconds / compiled.seconds:.0f})"
    )
    print(f"epoch cost: eager {eager.loss[0]:.10f}, compiled {compiled.loss[0]:.10f}")
    assert len(compiled.loss) == len(eager.loss) == 1
    assert np.allclose(compiled.loss, eager.loss, rtol=1e-6, atol=0)
    # The weights after the same 144 SGD steps agree as well.
    assert np.allclose(
        [p.data for p in compiled_net.parameters()],
        [p.data for p in eager_net.parameters()],
        rtol=1e-6,
        atol=1e-9,
    )
    """),
    md(r"""
    ## Summary

    * A network's parameters are $\sum (n_\text{in}+1)\,n_\text{out}$ numbers — 13,002
      for 784-16-16-10 — and one backward pass gives the cost's slope along every one.
    * Gradient descent steps $W \leftarrow W - \eta\,\partial C/\partial W$; with the
      average cost $C = \frac1m\sum C_i$ the batch gradient is the average of the
      examples' gradients.
    * For the same work, many cheap mini-batch steps beat a few exact full-batch ones.
    * The cost is a landscape over the parameters; $-\nabla C$ points down its steepest
      slope, and the engine's gradient is exactly that slope.
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

    We do it twice: first with a dozen lines of our own, then with the library's tools —
    `draw_graph` (the graph with local derivatives on its edges), `backward_steps` (the
    steps as data), `draw_step` (one step as a picture) and `step_player` (a slider
    through all of them that runs in the notebook itself, no server needed).
    """),
    code(r"""
    import math
    import re

    from autograd_mini import (
        Value,
        backward_steps,
        dot,
        draw_graph,
        draw_step,
        step_player,
        topological_order,
    )
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
            f"∂{node.label}/∂{p.label} = {g:+.4f}"
            for p, g in zip(node.parents, node.local_grads, strict=True)
        )
        print(f"{node.label:>3} = {node.data:+.4f}   ({node.op}: {locals_})")

    # The local derivatives are the textbook ones.
    s = a.data
    assert math.isclose(a.local_grads[0], s * (1 - s))  # σ'(z) = σ(z)(1 - σ(z))
    assert math.isclose(C.local_grads[0], 2 * d.data)  # d(u²)/du = 2u
    assert [round(g, 12) for g in z.local_grads] == [x1, x2, 1.0]  # ∂z/∂w = x, ∂z/∂b = 1
    """),
    md(r"""
    `draw_graph` shows the same graph: a box per value (label and data), a small node
    per operation, and on every edge parent → operation the local derivative
    $\partial(\text{node})/\partial(\text{parent})$. The forward pass alone has put
    them there: the edge from $w_1$ reads $x_1$, the edge from $z$ reads $\sigma'(z)$,
    the edge from $a - y$ reads $2(a - y)$. No gradient exists yet, so they are hidden.
    """),
    code(r"""
    graph = draw_graph(C, show_grad=False)

    # The edge labels in the drawing are exactly the stored local derivatives (4 decimals).
    edge_labels = re.findall(r"-> \w+ \[label=([^\s\]]+)", graph.source)
    stored = [g for node in (z, a, d, C) for g in node.local_grads]
    assert sorted(edge_labels) == sorted(f"{g:.4f}" for g in stored)
    assert f"{x1:.4f}" in edge_labels and f"{2 * d.data:.4f}" in edge_labels
    assert "<svg" in graph.svg()  # rendered as a picture, not only as DOT text
    graph
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
            for parent, local in zip(node.parents, node.local_grads, strict=True):
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
        print(
            f"dC/d{node.label:<2}  steps {grads[node]:+.10f}  "
            f"engine {node.grad:+.10f}  by hand {by_hand[node.label]:+.10f}"
        )
        assert math.isclose(grads[node], by_hand[node.label], rel_tol=1e-12)
        assert math.isclose(node.grad, by_hand[node.label], rel_tol=1e-12)
    """),
    md(r"""
    ## 3. The library's replay: `backward_steps`

    `backward_steps(root)` yields the same moves as data, in exactly the order
    `backward()` makes them. Each `Step` carries the node, the parent, the local
    derivative, the upstream gradient $\partial C/\partial\,\text{node}$, their product
    (the contribution) and the parent's gradient after adding it. It does not touch any
    `.grad`, so it can run before or after `backward()`.
    """),
    code(r"""
    steps = list(backward_steps(C))


    def table(steps):
        head = ["local", "upstream", "contrib.", "grad after"]
        print(f"{'step':>4}  {'node':>5} → {'parent':<6}" + "".join(f"{h:>12}" for h in head))
        for st in steps:
            numbers = [st.local_grad, st.upstream, st.contribution, st.parent_grad_after]
            print(
                f"{st.index:>4}  {st.node.label:>5} → {st.parent.label:<6}"
                + "".join(f"{v:>+12.6f}" for v in numbers)
            )


    table(steps)

    # Frame for frame the same as our own replay_backward above …
    assert len(steps) == len(frames)
    for st, (node, parent, *numbers) in zip(steps, frames, strict=True):
        assert st.node is node and st.parent is parent
        assert [st.local_grad, st.upstream, st.contribution, st.parent_grad_after] == numbers

    # … every frame is one factor of the hand formulas, local × upstream …
    by_edge = {(st.node.label, st.parent.label): st for st in steps}
    assert math.isclose(by_edge["C", "a-y"].local_grad, 2 * (a.data - y), rel_tol=1e-12)
    assert math.isclose(by_edge["a", "z"].local_grad, a.data * (1 - a.data), rel_tol=1e-12)
    assert math.isclose(by_edge["a", "z"].contribution, dC_dz, rel_tol=1e-12)
    for w, x in ((w1, x1), (w2, x2)):
        st = by_edge["z", w.label]
        assert math.isclose(st.local_grad, x, rel_tol=1e-12)  # ∂z/∂w = x
        assert st.upstream == by_edge["a", "z"].parent_grad_after  # ∂C/∂z, already complete
        assert math.isclose(st.contribution, x * dC_dz, rel_tol=1e-12)

    # … and the last "grad after" of every node is what backward() stored.
    final = {st.parent: st.parent_grad_after for st in steps}
    for node in (w1, w2, b, z, a, d):
        assert final[node] == node.grad
    """),
    md(r"""
    ## 4. Watching it: `draw_step` and `step_player`

    `draw_step(root, i)` draws the graph as it is after step $i$: the step's edge in red,
    labelled local × upstream = contribution; edges already used in black; nodes the
    gradient has not reached yet in grey. Here is the step into $w_1$ — the moment the
    formula $\partial C/\partial w_1 = x_1\cdot\partial C/\partial z$ is applied.
    """),
    code(r"""
    into_w1 = by_edge["z", "w1"]
    picture = draw_step(C, into_w1.index)
    print(into_w1)
    # The red edge's label is the step's own arithmetic.
    label = f"{into_w1.local_grad:.4g} × {into_w1.upstream:.4g} = {into_w1.contribution:.4g}"
    assert label in picture.source
    picture
    """),
    md(r"""
    `step_player` packs a picture for every step (plus one before the first) into one
    piece of HTML with a slider and ◀ ▶ buttons. It is plain JavaScript inside the
    notebook's output: it works in Jupyter, in a saved HTML export, without a kernel or a
    server. Drag the slider to watch the gradient flow from $C$ back to the weights.
    """),
    code(r"""
    player = step_player(C)
    assert len(player) == len(steps) + 1  # "before backward", then one frame per step
    assert player.captions[1:] == [str(st) for st in steps]
    page = player.html()
    assert page.count("<svg") == len(player) and "<script src" not in page
    player
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
    md(r"""
    The library's `backward_steps` shows the same thing. Its two steps into $a$ carry
    $w_3\,\partial C/\partial z'$ and $w_4\,\partial C/\partial z''$, the second one's
    "grad after" is the fan-out sum $\sum w\,\partial C/\partial z'$, and only then does
    the step $a \to z$ run, multiplying that sum by $\sigma'(z)$. The picture is the
    moment the second path arrives.
    """),
    code(r"""
    fan_steps = list(backward_steps(C))
    into_a = [st for st in fan_steps if st.parent is a]
    table(into_a)

    first, second = into_a
    assert {first.node, second.node} == {z1, z2}
    weight = {z1: w3.data, z2: w4.data}
    upstream = {z1: dC_dz1, z2: dC_dz2}
    for st in into_a:
        assert math.isclose(st.local_grad, weight[st.node], rel_tol=1e-12)  # ∂z'/∂a = w₃
        assert math.isclose(st.upstream, upstream[st.node], rel_tol=1e-12)
    assert math.isclose(first.parent_grad_after, first.contribution, rel_tol=1e-15)
    assert math.isclose(second.parent_grad_after, dC_da, rel_tol=1e-12)  # Σ w·∂C/∂z′

    (a_to_z,) = [st for st in fan_steps if st.node is a and st.parent is z]
    assert a_to_z.index > second.index  # a passes its gradient on only once it is complete
    assert math.isclose(a_to_z.upstream, dC_da, rel_tol=1e-12)
    assert math.isclose(a_to_z.local_grad, sigma_prime(z.data), rel_tol=1e-12)
    assert math.isclose(a_to_z.contribution, dC_dz, rel_tol=1e-12)

    draw_step(C, second.index)
    """),
]


NB05 = NB05_NEURON + NB05_FANOUT

NOTEBOOKS: dict[str, list[Cell]] = {
    "01_derivatives_and_chain_rule.ipynb": NB01,
    "02_one_neuron_per_layer.ipynb": NB02,
    "03_bp_formulas_hidden_layer.ipynb": NB03,
    "04_training_an_mlp.ipynb": NB04,
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
