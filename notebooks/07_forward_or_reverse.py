# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     notebook_metadata_filter: -jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 7 · Forward or reverse?
#
# The chain rule can be applied in two orders. Number the nodes of a graph
# $v_1, v_2, \dots$ in the order they are computed (the notation of Baydin et al.'s
# survey, below). **Forward mode** (前向模式) starts at the inputs: pick a direction in
# which to move them (the *seed*) and carry each node's rate of change, its *tangent*,
# from node to node, left to right: a node $v_j$ computed from earlier nodes $v_i$ gets
# $\dot v_j = \sum_i \frac{\partial v_j}{\partial v_i}\,\dot v_i$. **Reverse mode**
# (反向模式) starts at the output $C$: carry $\bar v_i = \partial C/\partial v_i$ (the
# *adjoint*, what `.grad` holds) from right to left. Backpropagation is reverse mode.
#
# Both use exactly the same local derivatives $\partial v_j/\partial v_i$ — in `autograd_mini`
# they are written once, in the op table. What differs is the **number of passes**: one
# forward pass gives the derivative of *every output* along *one* input direction; one
# reverse pass gives the derivative of *one output* with respect to *every input*. A
# network's cost $C(w)$ has 13,002 inputs and one output. This notebook measures what that
# means.
#
# Sources: C. Olah, *Calculus on Computational Graphs: Backpropagation* (2015,
# <https://colah.github.io/posts/2015-08-Backprop/>);
# A. G. Baydin, B. Pearlmutter, A. Radul, J. Siskind, *Automatic Differentiation in
# Machine Learning: a Survey*, JMLR 18 (2018); A. Griewank and A. Walther, *Evaluating
# Derivatives* (2008); 周志华《机器学习》§3.3 (Newton's method for logistic regression);
# 3Blue1Brown, *Backpropagation calculus* (chapter 4 of the *Neural networks* series).
# Every claim below is checked by an `assert` or
# shown as a measured number.

# %%
import gc
import itertools
import math
import random
import re
import statistics
import time
import unicodedata

import matplotlib.pyplot as plt
import numpy as np
from exercises import nb07

from autograd_mini import (
    Value,
    dot,
    draw_graph,
    grad,
    hessian,
    hvp,
    jacobian,
    jvp,
    no_grad,
    vjp,
    vsum,
)
from autograd_mini.forward import tangent_pass


def sigma(t):
    return 1.0 / (1.0 + math.exp(-t))


def median_time(call, repeats=3):
    """Seconds one ``call()`` takes, the median of ``repeats`` samples.

    The time is this process's CPU time (``time.process_time``), not the wall clock's:
    another program running at the same time lengthens the wall clock's reading, not
    this one. A sample calls ``call()`` until 0.05 s of it have passed, and divides: on
    some systems (Windows) that clock moves only every 16 ms. The garbage collector is
    off meanwhile, as ``timeit`` turns it off: its pauses fall on whichever call
    happens to cross its threshold.
    """
    samples, collecting = [], gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeats):
            start, calls = time.process_time(), 0
            while time.process_time() - start < 0.05:
                call()
                calls += 1
            samples.append((time.process_time() - start) / calls)
    finally:
        if collecting:
            gc.enable()
    return statistics.median(samples)


# %% [markdown]
# ## 1. One small graph, both ways, by hand
#
# One neuron and its squared error: $z = wx + b$, $a = \sigma(z)$, $C = (a - y)^2$, with
# the input $x = 1.5$ and the target $y = 1$ fixed. The inputs we differentiate with
# respect to are $w$ and $b$.
#
# **Forward**, seed $\dot w = 1$, $\dot b = 0$ ("move $w$, hold $b$"): each node's tangent
# from its parents', left to right,
#
# $$\dot z = x\,\dot w + \dot b, \qquad \dot a = \sigma(z)\,\sigma(-z)\,\dot z, \qquad
# \dot C = 2(a - y)\,\dot a,$$
#
# where $\sigma(z)\,\sigma(-z)$ is $\sigma'(z)$ as the engine writes it: notebooks 2–5 wrote
# $\sigma'(z) = \sigma(z)\big(1 - \sigma(z)\big) = a(1 - a)$, the same number, since
# $1 - \sigma(z) = \sigma(-z)$. The engine writes it so because of rounding: for a large
# $z$, $\sigma(z)$ is close to 1 and $1 - \sigma(z)$ keeps only the few digits where 1 and
# $\sigma(z)$ differ, and from $z \approx 37$ on $\sigma(z)$ rounds to 1 and $a(1 - a)$ is 0;
# $\sigma(-z)$ is computed directly and keeps every digit. At $z = 40$, $a(1 - a) = 0$,
# while $\sigma(z)\,\sigma(-z) = e^{-40}/(1 + e^{-40})^2 \approx 4.2\times10^{-18}$, the
# slope the engine's sigmoid gives. The last, $\dot C$, is $\partial C/\partial w$;
# $\partial C/\partial b$ needs a **second** forward pass, with $\dot w = 0$, $\dot b = 1$.
#
# **Reverse**, seed $\bar C = 1$: each node's adjoint from its consumers', right to left,
#
# $$\bar a = 2(a - y)\,\bar C, \qquad \bar z = \sigma(z)\,\sigma(-z)\,\bar a, \qquad
# \bar w = x\,\bar z, \qquad \bar b = \bar z.$$
#
# That is both derivatives in **one** pass.

# %%
x, y = 1.5, 1.0
w0, b0 = 0.8, -0.3

z = w0 * x + b0
a = sigma(z)
C = (a - y) ** 2
assert math.isclose(sigma(z) * sigma(-z), a * (1 - a), rel_tol=1e-12)  # σ′(z), both ways
# Why the engine writes σ(z)σ(−z): σ(z) rounds to 1 from z ≈ 37 on, and a(1 − a) with it
assert sigma(36.0) < 1.0 and sigma(37.0) == 1.0
a_40 = sigma(40.0)
assert a_40 * (1 - a_40) == 0.0
slope_40 = math.exp(-40.0) / (1 + math.exp(-40.0)) ** 2  # σ′(40) by hand: nothing cancels
assert math.isclose(sigma(40.0) * sigma(-40.0), slope_40, rel_tol=1e-12)
assert math.isclose(grad(lambda t: t.sigmoid())(40.0), slope_40, rel_tol=1e-12)
assert round(slope_40, 19) == 4.2e-18  # the text's ≈ 4.2×10⁻¹⁸


def forward_by_hand(w_dot, b_dot):
    z_dot = x * w_dot + b_dot
    a_dot = sigma(z) * sigma(-z) * z_dot
    C_dot = 2 * (a - y) * a_dot
    return z_dot, a_dot, C_dot


tangents_w = forward_by_hand(1.0, 0.0)  # pass 1: ∂/∂w
tangents_b = forward_by_hand(0.0, 1.0)  # pass 2: ∂/∂b

C_bar = 1.0  # one reverse pass
a_bar = 2 * (a - y) * C_bar
z_bar = sigma(z) * sigma(-z) * a_bar
w_bar, b_bar = x * z_bar, z_bar

print(f"forward, 2 passes: ∂C/∂w = {tangents_w[2]:.6f}   ∂C/∂b = {tangents_b[2]:.6f}")
print(f"reverse, 1 pass:   ∂C/∂w = {w_bar:.6f}   ∂C/∂b = {b_bar:.6f}")
assert math.isclose(tangents_w[2], w_bar, rel_tol=1e-15)
assert math.isclose(tangents_b[2], b_bar, rel_tol=1e-15)

# %% [markdown]
# The engine does the same: `jvp` is one forward pass (it returns $C$ and $\dot C$), `vjp`
# records the graph and returns a *pullback* that runs one reverse pass.


# %%
def neuron_cost(w, b):
    return ((w * x + b).sigmoid() - y) ** 2


C_engine, C_dot_w = jvp(neuron_cost, (w0, b0), (1.0, 0.0))
_, C_dot_b = jvp(neuron_cost, (w0, b0), (0.0, 1.0))
_, pullback = vjp(neuron_cost, w0, b0)
dC_dw, dC_db = pullback(1.0)

assert math.isclose(C_engine, C, rel_tol=1e-15)
assert math.isclose(C_dot_w, tangents_w[2], rel_tol=1e-12)
assert math.isclose(C_dot_b, tangents_b[2], rel_tol=1e-12)
assert math.isclose(dC_dw, w_bar, rel_tol=1e-12) and math.isclose(dC_db, b_bar, rel_tol=1e-12)
print(f"jvp (two passes): {C_dot_w} {C_dot_b}")
print(f"vjp (one pass):   {dC_dw} {dC_db}")

# %% [markdown]
# Here is the graph drawn twice, inputs at the top and $C$ at the bottom. The numbers on
# the edges are the local derivatives, each child's derivative with respect to its parent:
# the same numbers in both drawings. In the first, each box's label carries its tangent
# for the seed $\dot w = 1$ (computed from the top down); in the second, the `grad` cell
# holds its adjoint (computed from the bottom up by `backward()`).

# %%
w_node, b_node = Value(w0, label="w"), Value(b0, label="b")
wx = w_node * x
z_node = wx + b_node
a_node = z_node.sigmoid()
diff = a_node - y
C_node = diff**2
nodes = {"w·x": wx, "z": z_node, "a": a_node, "a − y": diff, "C": C_node}

tangent_of = dict(
    zip(nodes, tangent_pass(list(nodes.values()), {w_node: 1.0, b_node: 0.0}), strict=True)
)
assert math.isclose(tangent_of["z"], tangents_w[0], rel_tol=1e-15)
assert math.isclose(tangent_of["a"], tangents_w[1], rel_tol=1e-15)
assert math.isclose(tangent_of["C"], tangents_w[2], rel_tol=1e-15)

for name, node in nodes.items():
    node.label = f"{name}: tangent {tangent_of[name]:.4f}"
w_node.label, b_node.label = "w: tangent ẇ = 1", "b: tangent ḃ = 0"
forward_picture = draw_graph(
    C_node, rankdir="TB", show_grad=False, title="forward mode: tangents, top down (seed ẇ = 1)"
)
forward_picture

# %%
for name, node in nodes.items():
    node.label = name
w_node.label, b_node.label = "w", "b"
C_node.backward()
assert math.isclose(w_node.grad, w_bar, rel_tol=1e-12)
assert math.isclose(b_node.grad, b_bar, rel_tol=1e-12)
assert math.isclose(a_node.grad, a_bar, rel_tol=1e-12)
reverse_picture = draw_graph(
    C_node, rankdir="TB", title="reverse mode: adjoints (grad), bottom up, both inputs at once"
)
# The same numbers on the edges of both drawings: the local derivatives
edge_label = r'-> \w+ \[label="?([-+.\w]+)'
on_edges = re.findall(edge_label, forward_picture.source)
assert re.findall(edge_label, reverse_picture.source) == on_edges
local = [g for node in nodes.values() for g in node.local_grads]
assert sorted(on_edges) == sorted(f"{g:#.4g}" for g in local)
reverse_picture

# %% [markdown]
# ## 2. The gradient of a real cost: 13,002 inputs, one output
#
# The network of the earlier notebooks: 784 inputs (a $28\times 28$ image), two hidden layers
# of 16 sigmoid neurons, 10 sigmoid outputs, the squared error
# $C = \sum_j (a_j - y_j)^2$ over the outputs $j$ (notebook 4's $C_0$: $j$ numbers the
# outputs, $k$ the neurons of the layer before). Its
# $(784 + 1)\cdot 16 + (16 + 1)\cdot 16 + (16 + 1)\cdot 10 = 13{,}002$ weights and biases
# (each neuron's weights plus its bias) are the inputs of $C$; call them $w$. Random pixels
# stand in for a digit here: what a derivative costs does not depend on the pixel values.

# %%
SIZES = [784, 16, 16, 10]
N_PARAMS = sum((n_in + 1) * n_out for n_in, n_out in itertools.pairwise(SIZES))
assert N_PARAMS == 13_002

rng = random.Random(7)
params0 = [rng.gauss(0.0, 0.1) for _ in range(N_PARAMS)]
image = [rng.random() for _ in range(784)]
target = [1.0 if j == 3 else 0.0 for j in range(10)]


def network(params, inputs):
    """The 10 outputs; ``params`` lists each neuron's weights followed by its bias."""
    activations, k = inputs, 0
    for n_in, n_out in itertools.pairwise(SIZES):
        layer = []
        for _ in range(n_out):
            layer.append(dot(params[k : k + n_in], activations, params[k + n_in]).sigmoid())
            k += n_in + 1
        activations = layer
    return activations


def cost(params):
    return vsum([(o - t) ** 2 for o, t in zip(network(params, image), target, strict=True)])


def cost_number(params):
    """C as a plain number, without recording a graph."""
    with no_grad():
        return cost(params).data


def layers_by_hand(params):
    """Each layer's (W, b) in numpy: row j of W holds neuron j's weights, its bias follows."""
    p, k = np.array(params), 0
    for n_in, n_out in itertools.pairwise(SIZES):
        rows = p[k : k + (n_in + 1) * n_out].reshape(n_out, n_in + 1)
        yield rows[:, :n_in], rows[:, n_in]
        k += (n_in + 1) * n_out


def cost_by_hand(params):
    a = np.array(image)
    for W, b in layers_by_hand(params):
        a = 1 / (1 + np.exp(-(W @ a + b)))
    return float(np.sum((a - np.array(target)) ** 2))  # C = Σⱼ (aⱼ − yⱼ)²


assert math.isclose(cost_by_hand(params0), cost_number(params0), rel_tol=1e-12)


# %% [markdown]
# Three ways to get the gradient $\partial C/\partial w$, each measured on this machine,
# with $u_i$ the unit vector that is 1 at weight $i$ and 0 elsewhere ($j$ still numbers
# the outputs):
#
# - **finite differences**: $\big(C(w + h\,u_i) - C(w - h\,u_i)\big)/(2h)$, two evaluations
#   per weight — timed on 20 weights and multiplied up to 13,002;
# - **forward mode**: one `jvp` per weight, seeded with $u_i$ — timed on 5 weights and
#   multiplied up;
# - **reverse mode**: one `vjp` pullback, all 13,002 at once — timed whole.

# %%
t_eval = median_time(lambda: cost_number(params0), repeats=5)

_, pullback = vjp(cost, params0)
(gradient,) = pullback(1.0)
t_reverse = median_time(lambda: vjp(cost, params0)[1](1.0))

SLICE_FD = range(20)
h = 1e-5
start = time.process_time()
finite_differences = []
for j in SLICE_FD:
    plus, minus = list(params0), list(params0)
    plus[j] += h
    minus[j] -= h
    finite_differences.append((cost_number(plus) - cost_number(minus)) / (2 * h))
t_fd_each = (time.process_time() - start) / len(SLICE_FD)

SLICE_FWD = range(5)
start = time.process_time()
forward_columns = []
for j in SLICE_FWD:
    seed = [0.0] * N_PARAMS
    seed[j] = 1.0
    forward_columns.append(jvp(cost, (params0,), (seed,))[1])
t_fwd_each = (time.process_time() - start) / len(SLICE_FWD)

# the three agree where they overlap
for j, dj in zip(SLICE_FWD, forward_columns, strict=True):
    assert math.isclose(dj, gradient[j], rel_tol=1e-10, abs_tol=1e-15), (j, dj, gradient[j])
fd_error = max(abs(dj - gradient[j]) for j, dj in zip(SLICE_FD, finite_differences, strict=True))
assert fd_error < 1e-8

rows = [
    ("finite differences", 2 * N_PARAMS, t_fd_each * N_PARAMS, f"{len(SLICE_FD)} weights"),
    ("forward mode (jvp)", N_PARAMS, t_fwd_each * N_PARAMS, f"{len(SLICE_FWD)} weights"),
    ("reverse mode (vjp)", 1, t_reverse, "all 13,002"),
]


def pad(text, width, align=">"):
    """text padded with spaces to width columns: left-aligned when align is "<", right-
    aligned when it is ">".

    Columns, not characters: a Chinese character takes two (Unicode's East Asian width
    W or F), so f"{text:>14}" would set a Chinese heading wider than its column (the
    Chinese edition of this notebook prints this table in Chinese).
    """
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    room = " " * max(0, width - columns)
    return text + room if align == "<" else room + text


print(f"one evaluation of C, no graph: {t_eval * 1e3:.1f} ms")
print(
    pad("method", 20, "<")
    + pad("passes", 9)
    + pad("all 13,002", 14)
    + pad("× reverse", 14)
    + "   timed on"
)
for name, passes, seconds, timed_on in rows:
    ratio = f"{seconds / t_reverse:,.0f}"
    print(f"{pad(name, 20, '<')}{passes:>9,}{seconds:>12.2f} s{ratio:>14}   {timed_on}")
print(f"largest finite-difference error on the slice: {fd_error:.1e} (forward mode is exact)")
print(f"reverse mode: the whole gradient in {t_reverse / t_eval:.1f} evaluations' time")

# The asymmetry is thousands-fold; a factor of 100 is asserted, far beyond timing noise.
assert t_fwd_each * N_PARAMS > 100 * t_reverse
assert t_fd_each * N_PARAMS > 100 * t_reverse
# "A handful of evaluations": about 8 where this was written; 50 leaves room for a loaded
# machine, and is nothing beside forward mode's 13,002 passes.
assert t_reverse < 50 * t_eval
# A forward pass records the graph again: it costs more than a finite difference's two
# evaluations of the same weight (about five times as much where this was written).
assert t_fwd_each > t_fd_each

# %% [markdown]
# Reverse mode gets all 13,002 derivatives for the price of a handful of evaluations
# (measured above); forward mode needs 13,002 passes and finite differences 26,004
# evaluations (and are only approximate). In this engine a forward pass also records the
# graph again, so a pass costs more than the two plain evaluations of a finite difference —
# but even a forward pass as cheap as one evaluation would leave 13,002 of them. Training
# repeats this gradient at every step: that is why networks are trained with
# backpropagation.
#
# ## 3. When forward mode wins
#
# Turn the question around: few inputs, many outputs. Scale the image $x$'s brightness by
# a number $t$ and ask how each of the 10 outputs changes: the Jacobian of
# $t \mapsto \mathrm{network}(t\,x)$ is $10 \times 1$. Forward mode fills its one column in
# **one** pass; reverse mode needs **10**, one per output (row).


# %%
def outputs_of_brightness(t):
    return network(params0, [t * p for p in image])


J_forward = jacobian(outputs_of_brightness, mode="forward")(1.0)
J_reverse = jacobian(outputs_of_brightness, mode="reverse")(1.0)
assert len(J_forward) == 10 and all(len(row) == 1 for row in J_forward)
for row_f, row_r in zip(J_forward, J_reverse, strict=True):
    assert math.isclose(row_f[0], row_r[0], rel_tol=1e-12, abs_tol=1e-15)
# The column by hand: the input t·x moves by x per unit of t; then each layer's tangent is
# ż = W ȧ (the previous layer's), ȧ = σ′(z) ż.
act, act_dot = np.array(image), np.array(image)
for W_l, b_l in layers_by_hand(params0):
    sig = 1 / (1 + np.exp(-(W_l @ act + b_l)))
    act, act_dot = sig, sig * (1 - sig) * (W_l @ act_dot)
assert np.allclose([row[0] for row in J_forward], act_dot, rtol=1e-10, atol=1e-15)
# The summary's "one pass gives": a jvp, J·ẋ (the column act_dot times the direction ẋ);
# a vjp's pullback, ȳᵀJ (its row: here one number, Σⱼ ȳⱼ · act_dot[j]).
x_dot, y_bar = 0.5, [(-1.0) ** j * (j + 1) / 10 for j in range(10)]
J_x_dot = jvp(outputs_of_brightness, (1.0,), (x_dot,))[1]
assert np.allclose(J_x_dot, act_dot * x_dot, rtol=1e-10, atol=1e-15)
(y_bar_J,) = vjp(outputs_of_brightness, 1.0)[1](y_bar)
assert math.isclose(y_bar_J, float(np.dot(y_bar, act_dot)), rel_tol=1e-10, abs_tol=1e-15)

t_fwd = median_time(lambda: jacobian(outputs_of_brightness, mode="forward")(1.0), repeats=7)
t_rev = median_time(lambda: jacobian(outputs_of_brightness, mode="reverse")(1.0), repeats=7)
print(
    f"10 × 1 Jacobian: forward (1 pass) {t_fwd * 1e3:.1f} ms, "
    f"reverse (10 passes) {t_rev * 1e3:.1f} ms: reverse/forward = {t_rev / t_fwd:.1f}"
)
# Forward mode wins, by less than its 10 passes to 1 (both record the graph once): about
# 4 where this was written; the medians of 7 runs keep this process's own pauses out.
assert t_fwd < t_rev < 10 * t_fwd

# %% [markdown]
# Both times include recording the graph once, which the two modes share: that is why
# the ratio is below 10. In general the Jacobian of a function with $n_\text{in}$
# inputs and $n_\text{out}$ outputs,
# $f: \mathbb{R}^{n_\text{in}} \to \mathbb{R}^{n_\text{out}}$, takes $n_\text{in}$
# forward passes or $n_\text{out}$ reverse passes: forward mode wins when
# $n_\text{in} < n_\text{out}$ (sensitivities of a simulation to one parameter, a curve's
# points as a function of one angle), reverse mode when $n_\text{out} < n_\text{in}$ —
# every training cost, where $n_\text{out} = 1$.
# `benchmarks/jacobian.py` measures the two for 10, 100 and 1000 inputs or outputs.
#
# ## 4. Second derivatives: a Hessian and Newton's step
#
# The two modes combine. The Hessian $H$, with entries
# $H_{ij} = \partial^2 C/\partial w_i\,\partial w_j$, is the Jacobian of the gradient: a
# reverse pass builds $\nabla C$ as a graph, and a forward pass over *that* graph, seeded
# with a direction $v$, gives $Hv$ — the **Hessian-vector product** `hvp`: a reverse pass
# plus a forward pass, without ever forming $H$.
#
# A cost surface with two weights $w = (w_1, w_2)$: logistic regression on $m = 8$ points
# $x_i$ with labels $y_i = \pm 1$ and an L2 term ($\lambda = 0.1$),
#
# $$C(w) = \frac{1}{m} \sum_{i=1}^{m} \ln\big(1 + e^{-y_i w^\top x_i}\big)
# + \frac{\lambda}{2}\lVert w\rVert^2,$$
#
# whose gradient and Hessian by hand are, with $z_i = y_i w^\top x_i$,
#
# $$\nabla C = \frac{1}{m} \sum_{i=1}^{m} -y_i\,\sigma(-z_i)\,x_i + \lambda w, \qquad
# H = \frac{1}{m} \sum_{i=1}^{m} \sigma(z_i)\,\sigma(-z_i)\,x_i x_i^\top + \lambda I.$$
#
# The Hessian is 周志华《机器学习》eq. (3.31), rewritten. The book labels the points
# $y_i \in \{0, 1\}$, puts a bias in its parameters $\beta = (w; b)$ and sums the losses
# without $1/m$; its weight $p_1(1 - p_1)$, with $p_1 = \sigma(w^\top x_i)$, is
# $\sigma(z_i)\,\sigma(-z_i)$ for a label of either sign. Here there is no bias, and the
# $1/m$ and $\lambda I$ are ours.

# %%
POINTS = [
    (0.5, 1.0),
    (1.5, -0.5),
    (-1.0, 0.8),
    (2.0, 1.5),
    (-0.5, -1.2),
    (1.0, 0.3),
    (-1.5, -0.4),
    (0.2, -1.0),
]
LABELS = [1, 1, -1, 1, -1, -1, 1, -1]  # not separable by a line through the origin (below)
LAM = 0.1
assert len(POINTS) == len(LABELS) == 8  # the text's m = 8 points, and a label for each
# Not separable: C has no bias, so a separating line passes through the origin: a w with
# yᵢ w·xᵢ > 0 for every i, that is, all the vectors yᵢxᵢ in one open half-plane. Vectors
# in one open half-plane fit in an arc shorter than π, which leaves a gap of more than π
# between two neighbours; sorted by angle (the last gap goes round from the last angle
# to the first), these eight leave no gap of π or more.
angles = sorted(
    math.atan2(label * xi2, label * xi1) for (xi1, xi2), label in zip(POINTS, LABELS, strict=True)
)
gaps = [b - a for a, b in itertools.pairwise(angles)] + [angles[0] + 2 * math.pi - angles[-1]]
assert max(gaps) < math.pi


def C2(w1, w2):
    pairs = zip(POINTS, LABELS, strict=True)
    losses = [(-label * (w1 * xi1 + w2 * xi2)).softplus() for (xi1, xi2), label in pairs]
    return vsum(losses) / len(POINTS) + LAM / 2 * (w1 * w1 + w2 * w2)


def hand_gradient(w):
    g = [LAM * w[0], LAM * w[1]]
    for (xi1, xi2), label in zip(POINTS, LABELS, strict=True):
        zi = label * (w[0] * xi1 + w[1] * xi2)
        for i, xii in enumerate((xi1, xi2)):
            g[i] += -label * sigma(-zi) * xii / len(POINTS)
    return g


def hand_hessian(w):
    H = [[LAM, 0.0], [0.0, LAM]]
    for (xi1, xi2), label in zip(POINTS, LABELS, strict=True):
        zi = label * (w[0] * xi1 + w[1] * xi2)
        weight = sigma(zi) * sigma(-zi)
        for i, xii in enumerate((xi1, xi2)):
            for j, xij in enumerate((xi1, xi2)):
                H[i][j] += weight * xii * xij / len(POINTS)
    return H


w_start = (1.5, -1.0)
H_engine = hessian(C2, argnums=(0, 1))(*w_start)
H_hand = hand_hessian(w_start)
g_engine = grad(C2, argnums=(0, 1))(*w_start)
for i in range(2):
    assert math.isclose(g_engine[i], hand_gradient(w_start)[i], rel_tol=1e-12), i
for i in range(2):
    for j in range(2):
        assert math.isclose(H_engine[i][j], H_hand[i][j], rel_tol=1e-12), (i, j)
# 周志华's weight p₁(1 − p₁), p₁ = σ(wᵀxᵢ) (labels 0/1), is σ(zᵢ)σ(−zᵢ) whatever yᵢ's sign
for point, label in zip(POINTS, LABELS, strict=True):
    wx = w_start[0] * point[0] + w_start[1] * point[1]
    p_one = sigma(wx)
    assert math.isclose(p_one * (1 - p_one), sigma(label * wx) * sigma(-label * wx), rel_tol=1e-12)

v = (0.3, -2.0)
Hv = hvp(C2, w_start, v)
for i in range(2):
    assert math.isclose(Hv[i], H_hand[i][0] * v[0] + H_hand[i][1] * v[1], rel_tol=1e-12)
det = H_hand[0][0] * H_hand[1][1] - H_hand[0][1] ** 2
assert H_hand[0][0] > 0 and det > 0  # positive definite: the surface is a bowl
print("H (engine) =", [[round(e, 6) for e in row] for row in H_engine])
print("H·v by hvp =", [round(e, 6) for e in Hv])

# %% [markdown]
# **Newton's step** moves to the bottom of the quadratic that matches $C$'s value, slope
# and curvature at $w$: solve $H\Delta = -\nabla C$, then $w \leftarrow w + \Delta$.
# Solving with *only* `hvp` — never building $H$ — is what conjugate gradients do (in
# $n_\text{in}$ dimensions, one per input of $C$, at most $n_\text{in}$ products; 2
# here). Below, the Hessian-free Newton step against the step from the hand-made
# $2\times 2$ inverse, then six Newton steps against six steps of gradient descent
# ($\eta = 1$) from the same start.
#
# How conjugate gradients solve $H\Delta = -\nabla C$. Start at $\Delta = 0$; the
# *residual* $s = -\nabla C - H\Delta$ says how far the equations are from holding, and
# is the first search direction $d$. Each round walks along $d$ to the lowest point of
# the quadratic on that line, a step $\tau = s^\top s / d^\top H d$, sets
# $\Delta \leftarrow \Delta + \tau d$, finds the new residual $s' = s - \tau Hd$ and
# bends it into the next search direction, $d \leftarrow s' + \mu d$ with
# $\mu = s'^\top s' / s^\top s$ (then $s \leftarrow s'$). That $\mu$ makes the directions
# *conjugate*, $d_i^\top H d_j = 0$: a later round never undoes an earlier one, so
# $n_\text{in}$ rounds solve an $n_\text{in}$-dimensional system exactly.
#
# Textbooks write these $r$, $p$, $\alpha$ and $\beta$; in this course those letters are
# taken. The residual $s$ belongs to the linear system: it is not the residual
# $r = a - y$ of notebooks 0 and 5, nor the error term $\delta$ of notebook 3. In
# notebook 3, $\alpha_h$ and $\beta_j$ are 周志华's weighted inputs, as $\beta = (w; b)$
# above is his parameter vector; and $p_1$ above is his probability. The cell asserts
# both claims, with the hand-made $H$: the two directions are conjugate, and the
# residual after two rounds is zero.


# %%
def conjugate_gradients(w):
    """Solve H·Δ = −∇C by conjugate gradients, touching H only through hvp.

    Returns Δ, the search directions d and the last residual s.
    """
    g = grad(C2, argnums=(0, 1))(*w)
    delta = [0.0, 0.0]
    s = [-g[0], -g[1]]  # residual −∇C − H·Δ
    d = list(s)
    directions = []
    for _ in range(2):
        ss = s[0] ** 2 + s[1] ** 2
        if ss < 1e-30:
            break
        directions.append(d)
        Hd = hvp(C2, tuple(w), tuple(d))
        tau = ss / (d[0] * Hd[0] + d[1] * Hd[1])
        delta = [delta[i] + tau * d[i] for i in range(2)]
        s = [s[i] - tau * Hd[i] for i in range(2)]
        mu = (s[0] ** 2 + s[1] ** 2) / ss
        d = [s[i] + mu * d[i] for i in range(2)]
    return delta, directions, s


def newton_direction(w):
    return conjugate_gradients(w)[0]


g0 = hand_gradient(w_start)
inverse_step = [
    -(H_hand[1][1] * g0[0] - H_hand[0][1] * g0[1]) / det,
    -(H_hand[0][0] * g0[1] - H_hand[1][0] * g0[0]) / det,
]
cg_step, (d0, d1), s_last = conjugate_gradients(w_start)
Hd1 = [H_hand[i][0] * d1[0] + H_hand[i][1] * d1[1] for i in range(2)]  # the hand-made H
assert abs(d0[0] * Hd1[0] + d0[1] * Hd1[1]) < 1e-9 * math.hypot(*d0) * math.hypot(*Hd1)
assert math.hypot(*s_last) < 1e-9 * math.hypot(*g0)  # two rounds solve a 2-D system
assert all(math.isclose(cg_step[i], inverse_step[i], rel_tol=1e-9) for i in range(2))

newton_path, descent_path = [list(w_start)], [list(w_start)]
for _ in range(6):
    w = newton_path[-1]
    step = newton_direction(w)
    newton_path.append([w[0] + step[0], w[1] + step[1]])
    w = descent_path[-1]
    g = grad(C2, argnums=(0, 1))(*w)
    descent_path.append([w[0] - 1.0 * g[0], w[1] - 1.0 * g[1]])


def norm(g):
    return math.hypot(*g)


newton_norms = [norm(hand_gradient(w)) for w in newton_path]
descent_norms = [norm(hand_gradient(w)) for w in descent_path]

EPS = np.finfo(float).eps


def rounding_floor(w):
    """ε times the size of the terms ∇C is summed from, per component: below about this,
    a computed ‖∇C‖ is rounding, whatever the weights."""
    sizes = [LAM * abs(w[0]), LAM * abs(w[1])]
    for (xi1, xi2), label in zip(POINTS, LABELS, strict=True):
        zi = label * (w[0] * xi1 + w[1] * xi2)
        for i, xii in enumerate((xi1, xi2)):
            sizes[i] += abs(label * sigma(-zi) * xii) / len(POINTS)
    return EPS * math.hypot(*sizes)


floors = [rounding_floor(w) for w in newton_path]
print("step    ‖∇C‖ Newton   ‖∇C‖ descent   rounding floor (Newton)")
for k, (gn, gd, fl) in enumerate(zip(newton_norms, descent_norms, floors, strict=True)):
    print(f"{k:>4}   {gn:12.3e}   {gd:12.3e}   {fl:12.1e}")
assert newton_norms[-1] < 1e-12 < 1e-3 < descent_norms[-1]
# quadratic convergence from step 0 to step 4 (k = 0 … 3): each ‖∇C‖ at most 10 × the last
# one squared
assert all(newton_norms[k + 1] <= 10 * newton_norms[k] ** 2 for k in range(4))
# k = 4 would ask for 10 × (5.1e-11)² ≈ 2.6e-20, far below rounding's floor (≈ 1.3e-16):
# from step 5 on ‖∇C‖ is under the floor, and the rule no longer applies
assert math.isclose(newton_norms[4], 5.1e-11, rel_tol=0.01)
assert math.isclose(10 * newton_norms[4] ** 2, 2.6e-20, rel_tol=0.02)
assert all(math.isclose(fl, 1.3e-16, rel_tol=0.05) for fl in floors[2:])
assert newton_norms[4] > 1e4 * floors[4] and 10 * newton_norms[4] ** 2 < floors[5] / 1e3
assert all(newton_norms[k] <= floors[k] for k in (5, 6))
assert newton_path[6] == newton_path[5]  # at the floor, the step is zero
# The first Newton step overshoots: it lands past the minimum w_min (where the steps
# stop), on the far side from the start; the second comes back to within 0.03 of it.
w_min = newton_path[-1]
from_start = [w_start[i] - w_min[i] for i in range(2)]
after_one = [newton_path[1][i] - w_min[i] for i in range(2)]
assert from_start[0] * after_one[0] + from_start[1] * after_one[1] < 0
assert math.dist(newton_path[2], w_min) < 0.03 and math.dist(descent_path[-1], w_min) > 0.1
# Step 2 comes back almost along step 1's line: less than 10° from step 1 reversed.
back = [newton_path[0][i] - newton_path[1][i] for i in range(2)]
step_2 = [newton_path[2][i] - newton_path[1][i] for i in range(2)]
cosine = (back[0] * step_2[0] + back[1] * step_2[1]) / (math.hypot(*back) * math.hypot(*step_2))
assert math.degrees(math.acos(cosine)) < 10

# %%
w1_grid = np.linspace(-2.5, 2.5, 81)
w2_grid = np.linspace(-2.5, 2.5, 81)
W1, W2 = np.meshgrid(w1_grid, w2_grid)
surface = LAM / 2 * (W1**2 + W2**2)
for (xi1, xi2), label in zip(POINTS, LABELS, strict=True):
    surface = surface + np.logaddexp(0.0, -label * (W1 * xi1 + W2 * xi2)) / len(POINTS)
assert math.isclose(
    C2(*map(Value, w_start)).data,
    float(
        LAM / 2 * sum(c * c for c in w_start)
        + sum(
            np.logaddexp(0.0, -label * (w_start[0] * xi1 + w_start[1] * xi2))
            for (xi1, xi2), label in zip(POINTS, LABELS, strict=True)
        )
        / len(POINTS)
    ),
    rel_tol=1e-12,
)

fig, ax = plt.subplots(figsize=(6, 5.8), layout="constrained")
contours = ax.contour(W1, W2, surface, levels=20, cmap="viridis")
ax.clabel(contours, contours.levels[::3], fontsize=10)  # every third: denser ones collide
for path, style, name in (
    (descent_path, "o--", "gradient descent, η = 1"),
    (newton_path, "s-", "Newton's step (hvp + CG)"),
):
    xs, ys = zip(*path, strict=True)
    ax.plot(xs, ys, style, label=name)
ax.plot(*w_min, "*", color="k", ms=12, label=r"the minimum, $\nabla C = 0$")
ax.annotate(
    "Newton's step 1",
    newton_path[1],
    xytext=(8, 8),
    textcoords="offset points",
    color="C1",
    fontsize=11,
    # white behind it: readable over the contour lines
    bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none"),
)
ax.set_xlabel("w₁")
ax.set_ylabel("w₂")
ax.set_title("C(w₁, w₂): six steps each from the same start")
fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=2)
plt.show()

# %% [markdown]
# Newton's step uses the curvature, but far from the minimum the quadratic it jumps to
# is a rough copy of $C$: step 1 overshoots, to the far side of the minimum (★), and
# step 2 comes back, less than 10° off the line of step 1, to within 0.03 of it (the
# orange line almost runs back over itself). Near the minimum the number of correct
# digits roughly doubles each step, while gradient descent's steps, $\eta\,\nabla C$
# long, shrink as the slope flattens: after six it is still short of the minimum. The
# assert in the
# table's cell checks $\lVert\nabla C(w_{k+1})\rVert \le 10\,\lVert\nabla C(w_k)\rVert^2$,
# $w_k$ being the weights after step $k$, for $k = 0, \dots, 3$: from step 0 to step 4.
# It stops there. For $k = 4$ the rule would ask for
# $10\cdot(5.1\times 10^{-11})^2 \approx 2.6\times 10^{-20}$, and what the table shows
# at step 5 is rounding's floor instead. $\nabla C$ is computed as a sum of terms, each
# rounded to within about $\varepsilon \approx 2.2\times 10^{-16}$ of itself, so a
# computed $\lVert\nabla C\rVert$ below about $\varepsilon$ times the terms' sizes (the
# last column, $\approx 1.3\times 10^{-16}$ near the minimum) is rounding, not
# convergence. Step 4 is still more than $10^4$ times above that floor; from step 5 on,
# $\lVert\nabla C\rVert$ is under it, and Newton's step changes nothing more.
#
# For the 13,002-weight cost of section 2, $H$ has $13{,}002^2$ entries — but one `hvp` is
# one reverse pass that keeps its graph plus one forward pass over it. Measured, and
# checked against central differences of two gradients,
# $\big(\nabla C(w + hv) - \nabla C(w - hv)\big)/(2h)$:

# %%
v_big = [rng.gauss(0.0, 1.0) for _ in range(N_PARAMS)]
start = time.process_time()
(Hv_big,) = hvp(cost, (params0,), (v_big,))
t_hvp = time.process_time() - start

h = 1e-6
(g_plus,) = vjp(cost, [wj + h * vj for wj, vj in zip(params0, v_big, strict=True)])[1](1.0)
(g_minus,) = vjp(cost, [wj - h * vj for wj, vj in zip(params0, v_big, strict=True)])[1](1.0)
hvp_error = max(
    abs((gp - gm) / (2 * h) - e) for gp, gm, e in zip(g_plus, g_minus, Hv_big, strict=True)
)
assert hvp_error < 1e-7 * max(abs(e) for e in Hv_big)
print(f"H has {N_PARAMS**2:,} entries; one hvp: {t_hvp:.2f} s = {t_hvp / t_eval:.0f} evaluations")
print(f"largest difference from central differences of the gradient: {hvp_error:.1e}")
# "Several gradients' worth": 3 to 4 where this was written; more than one, and
# nothing like H's 13,002 columns.
assert t_reverse < t_hvp < 100 * t_reverse

# %% [markdown]
# Building $\nabla C$ as a graph costs several gradients' worth (printed above as a
# number of evaluations of $C$), but it does not grow with $H$'s $13{,}002^2$ entries.
# That is why Hessian-free (truncated-Newton) methods are built on `hvp`.
#
# ## Summary
#
# For a function $y = f(x)$ with Jacobian $J$, $\dot x$ a direction for its inputs and
# $\bar y$ a seed for its outputs:
#
# | | forward mode | reverse mode |
# |---|---|---|
# | one pass gives | $J\dot x$, a column: all outputs, one direction | $\bar y^\top J$, a row |
# | $n_\text{out} \times n_\text{in}$ Jacobian | $n_\text{in}$ passes | $n_\text{out}$ passes |
# | gradient of $C(w)$, 13,002 weights | 13,002 passes | **1 pass** (backpropagation) |
# | in `autograd_mini` | `jvp`, `jacobian(mode="forward")` | `grad`, `vjp`, `jacobian()` |
#
# and forward over reverse, `hvp`, gives $Hv$ in a reverse pass plus a forward pass.
#
# ## Your turn
#
# **1.** Write forward mode by hand for the neuron of section 1: given $w$, $b$, $x$, $y$
# and the seeds $\dot w$, $\dot b$, return $\dot C$ (follow $\dot z$, then $\dot a$, then
# $\dot C$) with plain numbers, without `jvp` or `grad`. The chain rule gives $\dot C$
# exact to rounding, and the check compares to rounding: a difference quotient of $C$
# falls a few digits short.


# %% tags=["exercise:tangent"]
def neuron_tangent(w, b, x, y, w_dot, b_dot):
    raise NotImplementedError("your turn")


# %%
nb07.check_neuron_tangent(neuron_tangent)

# %% [markdown]
# **2.** For the Jacobian of $f: \mathbb{R}^{n_\text{in}} \to \mathbb{R}^{n_\text{out}}$,
# return the cheaper mode — the string `"forward"` or `"reverse"` — and its number of
# passes, e.g. `("reverse", 1)` for a cost
# with $n_\text{in} = 13{,}002$ and $n_\text{out} = 1$. (When $n_\text{in} = n_\text{out}$
# either is fine.)


# %% tags=["exercise:cheaper"]
def cheaper_mode(n_in, n_out):
    raise NotImplementedError("your turn")


# %%
nb07.check_cheaper_mode(cheaper_mode)

# %% [markdown]
# **3.** One Newton step for a two-weight cost such as `C2` of section 4: take the cost and
# $w$ (a pair), return $w - H^{-1}\nabla C$ as a pair, using the engine's `hessian` and
# `grad` and solving the $2\times 2$ system by hand (Cramer's rule).


# %% tags=["exercise:newton"]
def newton_step(cost, w):
    raise NotImplementedError("your turn")


# %%
nb07.check_newton_step(newton_step, C2)
