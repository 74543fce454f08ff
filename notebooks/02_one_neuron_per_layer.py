# ---
# jupyter:
#   jupytext:
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
# # 2 · One neuron per layer
#
# This notebook follows 3Blue1Brown's *Backpropagation calculus* (chapter 4 of the
# *Neural networks* series) and its notation. The smallest network that still needs
# backpropagation has a single neuron in each layer. Counting the output layer as $L$,
# the last step is
#
# $$z^{(L)} = w^{(L)} a^{(L-1)} + b^{(L)}, \qquad a^{(L)} = \sigma\big(z^{(L)}\big),
# \qquad C_0 = \big(a^{(L)} - y\big)^2 .$$
#
# The superscript $(L)$ names a layer; it is not a power. $y$ is the value we want the
# output to have, and $C_0$ is the cost for one training example.
#
# The dependencies form a chain: $w^{(L)}$, $b^{(L)}$ and $a^{(L-1)}$ feed $z^{(L)}$,
# which feeds $a^{(L)}$, which (with $y$) feeds $C_0$. The chain rule therefore splits
# each derivative of $C_0$ with respect to $w^{(L)}$, $b^{(L)}$ or $a^{(L-1)}$ into a
# product of three small ones.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

from autograd_mini import Value, vsum


def sigma(z):
    return 1 / (1 + math.exp(-z))


def sigma_prime(z):
    s = sigma(z)
    return s * (1 - s)


# %% [markdown]
# ## 1. A four-layer chain, forward by hand and with the engine
#
# Input $a^{(0)} = x$, then four neurons, each with one weight and one bias.

# %%
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

# %% [markdown]
# ## 2. The output layer: three derivatives
#
# Multiply the three links of the chain:
#
# $$\frac{\partial C_0}{\partial w^{(L)}}
#   = \frac{\partial z^{(L)}}{\partial w^{(L)}}\,
#     \frac{\partial a^{(L)}}{\partial z^{(L)}}\,
#     \frac{\partial C_0}{\partial a^{(L)}}
#   = a^{(L-1)}\;\sigma'\big(z^{(L)}\big)\;2\big(a^{(L)} - y\big).$$
#
# For the bias the first link is $\partial z^{(L)}/\partial b^{(L)} = 1$, and for the
# previous activation it is $\partial z^{(L)}/\partial a^{(L-1)} = w^{(L)}$:
#
# $$\begin{gathered}
# \frac{\partial C_0}{\partial b^{(L)}}
#   = \sigma'\big(z^{(L)}\big)\,2\big(a^{(L)} - y\big),
# \\
# \frac{\partial C_0}{\partial a^{(L-1)}}
#   = w^{(L)}\,\sigma'\big(z^{(L)}\big)\,2\big(a^{(L)} - y\big).
# \end{gathered}$$

# %%
dC_dwL = a_h[L - 1] * sigma_prime(z_h[L]) * 2 * (a_h[L] - y)
dC_dbL = sigma_prime(z_h[L]) * 2 * (a_h[L] - y)
dC_daLm1 = w_init[L] * sigma_prime(z_h[L]) * 2 * (a_h[L] - y)

checks = [
    ("∂C0/∂w^(L)  ", w[L].grad, dC_dwL),
    ("∂C0/∂b^(L)  ", b[L].grad, dC_dbL),
    ("∂C0/∂a^(L-1)", a[L - 1].grad, dC_daLm1),
]
for name, engine, by_hand in checks:
    print(f"{name}  engine {engine:+.10f}   formula {by_hand:+.10f}")
    assert math.isclose(engine, by_hand, rel_tol=1e-12)

# %% [markdown]
# ## 3. Further back: the same three links, again and again
#
# $a^{(L-1)}$ is itself $\sigma(w^{(L-1)} a^{(L-2)} + b^{(L-1)})$, so once we know
# $\partial C_0/\partial a^{(L-1)}$ the same pattern gives the derivatives of layer
# $L-1$, and so on down to the input. For every layer $l$:
#
# $$\begin{gathered}
# \frac{\partial C_0}{\partial z^{(l)}}
#   = \sigma'\big(z^{(l)}\big)\frac{\partial C_0}{\partial a^{(l)}},\quad
# \frac{\partial C_0}{\partial w^{(l)}} = a^{(l-1)}\frac{\partial C_0}{\partial z^{(l)}},\\
# \frac{\partial C_0}{\partial b^{(l)}} = \frac{\partial C_0}{\partial z^{(l)}},\quad
# \frac{\partial C_0}{\partial a^{(l-1)}} = w^{(l)}\frac{\partial C_0}{\partial z^{(l)}}.
# \end{gathered}$$
#
# Only one number travels backwards, $\partial C_0/\partial a^{(l)}$; that is the
# "back propagation".

# %%
dC_da = 2 * (a_h[L] - y)  # start at the cost
grads_w, grads_b = {}, {}
print(" l   ∂C0/∂w (formula)   ∂C0/∂w (engine)    ∂C0/∂b (formula)   ∂C0/∂b (engine)")
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
    assert math.isclose(a[layer - 1].grad, dC_da, rel_tol=1e-12)

# %% [markdown]
# Written out in full for the first weight, the product has one factor per layer:
#
# $$\frac{\partial C_0}{\partial w^{(1)}} = a^{(0)}\,\sigma'(z^{(1)})\;
#   w^{(2)}\sigma'(z^{(2)})\; w^{(3)}\sigma'(z^{(3)})\; w^{(4)}\sigma'(z^{(4)})\;
#   2\big(a^{(4)} - y\big).$$
#
# Each layer back multiplies $\partial C_0/\partial a$ by $w^{(l)}\sigma'(z^{(l)})$. Since
# $\sigma' \le \tfrac14$, that factor is smaller than 1 in size whenever $|w^{(l)}| < 4$
# (here it is printed below): the early layers of a deep sigmoid chain learn slowly (the
# *vanishing gradient*).

# %%
product = a_h[0] * sigma_prime(z_h[1])
for layer in range(2, L + 1):
    product *= w_init[layer] * sigma_prime(z_h[layer])
product *= 2 * (a_h[L] - y)
assert math.isclose(product, w[1].grad, rel_tol=1e-12)
assert all(sigma_prime(z_h[layer]) <= 0.25 for layer in z_h)
# Going back from the cost, layer l multiplies ∂C0/∂a^(l) by w^(l)·σ′(z^(l)) to give ∂C0/∂a^(l-1).
factors = {layer: w_init[layer] * sigma_prime(z_h[layer]) for layer in range(L, 1, -1)}
assert list(factors) == [4, 3, 2]  # printed in the order the backward pass meets them
shown = ",  ".join(f"layer {layer}: {f:+.2f}" for layer, f in factors.items())
print(f"going back, ∂C0/∂a is multiplied by w·σ′(z) of  {shown}")
assert all(abs(f) < 1 for f in factors.values())
assert all(abs(w_init[layer]) < 4 for layer in factors)  # every |w| < 4 here
# the picture's title: going back, |∂C0/∂w^(l)| is smaller at every layer
assert all(abs(w[layer - 1].grad) < abs(w[layer].grad) for layer in range(L, 1, -1))

layers = list(range(1, L + 1))
fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
sizes = [abs(w[layer].grad) for layer in layers]
ax.bar(layers, sizes)
ax.set_yscale("log")
# from a power of ten below the smallest bar to one above the largest: a labelled
# tick under every bar
ax.set_ylim(10 ** math.floor(math.log10(min(sizes))), 10 ** math.ceil(math.log10(max(sizes))))
ax.set_xticks(layers)
ax.set_xlabel(r"layer $l$")
ax.set_ylabel(r"$|\partial C_0/\partial w^{(l)}|$")
ax.set_title("Going back from layer 4 to layer 1, the gradients shrink")
plt.show()


# %% [markdown]
# ## 4. What the derivative means: the slope of the cost
#
# Hold everything but $w^{(L)}$ fixed and $C_0$ becomes a function of $w^{(L)}$ alone, a
# curve. The formula of
# section 2 is the slope of its tangent at the current weight; a central difference
# agrees.


# %%
def cost_of_wL(wL):
    z_L = wL * a_h[L - 1] + b_init[L]
    return (sigma(z_L) - y) ** 2


eps = 1e-6
central = (cost_of_wL(w_init[L] + eps) - cost_of_wL(w_init[L] - eps)) / (2 * eps)
assert math.isclose(central, dC_dwL, rel_tol=1e-6)
print(f"slope: formula {dC_dwL:.10f}, central difference {central:.10f}")

grid = np.linspace(-4, 6, 200)
fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
ax.plot(grid, [cost_of_wL(g) for g in grid], label=r"$C_0$ as a function of $w^{(L)}$")
tangent = cost_of_wL(w_init[L]) + dC_dwL * (grid - w_init[L])
ax.plot(grid, tangent, "--", label=f"tangent, slope {dC_dwL:.4f}")
ax.plot([w_init[L]], [cost_of_wL(w_init[L])], "o", color="C3")
ax.set_ylim(-0.05, 1.05)
ax.set_xlabel(r"$w^{(L)}$")
ax.set_ylabel(r"$C_0$")
ax.legend()
plt.show()


# %% [markdown]
# ## 5. Many training examples: average the gradients
#
# With $m$ training examples the cost is the mean of the per-example costs,
# $C = \frac1m\sum_{k=0}^{m-1} C_k$, and because differentiation is linear
#
# $$\frac{\partial C}{\partial w^{(L)}}
#   = \frac1m \sum_{k=0}^{m-1}\frac{\partial C_k}{\partial w^{(L)}} .$$
#
# Here and in every later notebook $m$ is the number of training examples, the letter
# 周志华《机器学习》 and UFLDL use (3Blue1Brown's video writes $n$). The examples are
# numbered from 0, $C_0 \dots C_{m-1}$, because 3Blue1Brown's $C_0$ is the cost of the
# first one; 李宏毅's sum below numbers them from 1 to $m$: the same $m$ terms. Below: the
# per-example formulas of section 3, averaged, against the engine differentiating the
# whole averaged cost in one backward pass.


# %%
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
m = len(xs)

per_example = [hand_gradients(xk, yk) for xk, yk in zip(xs, ys, strict=True)]
averaged = {key: sum(g[key] for g in per_example) / m for key in per_example[0]}

w = {layer: Value(w_init[layer], f"w{layer}") for layer in w_init}  # fresh leaves, grad = 0
b = {layer: Value(b_init[layer], f"b{layer}") for layer in b_init}
costs = []
for xk, yk in zip(xs, ys, strict=True):
    act = xk
    for layer in range(1, L + 1):
        act = (w[layer] * act + b[layer]).sigmoid()
    costs.append((act - yk) ** 2)
# vsum: Σ as one node. Its inputs (`parents` in the code) are the per-example costs, one
# per example, so m of them, each with local derivative 1 (Python's sum() starts from 0,
# so it would chain m additions, the first being 0 + the first cost: the same number,
# a deeper graph)
C = vsum(costs) / m
assert len(C.parents[0].parents) == m and C.parents[0].data == sum(c.data for c in costs)
chained, additions = sum(costs), 0
while chained.op == "add":  # down the chain of additions Python's sum() built
    chained, additions = chained.parents[0], additions + 1
assert additions == m and chained is costs[0]
C.backward()

for layer in range(1, L + 1):
    formula, engine = averaged["w", layer], w[layer].grad
    print(f"layer {layer}: ∂C/∂w formula {formula:+.10f}  engine {engine:+.10f}")
    assert math.isclose(w[layer].grad, averaged["w", layer], rel_tol=1e-12)
    assert math.isclose(b[layer].grad, averaged["b", layer], rel_tol=1e-12)

# %% [markdown]
# 李宏毅 (Hung-yi Lee)'s lecture *Backpropagation* writes the total loss as a **sum**,
# not a mean:
#
# $$L(\theta) = \sum_{n=1}^{m} C^n(\theta),\qquad
#   \frac{\partial L(\theta)}{\partial w} = \sum_{n=1}^{m}\frac{\partial C^n(\theta)}{\partial w}.$$
#
# (Here $L$ is the total loss, not the layer number; $n$ numbers the examples and $m$
# counts them, as in section 5 — the lecture writes $N$ for the count — and the $n$ of
# $C^n$ is not a power. $\theta$ stands for *all* the network's parameters, every weight
# and bias together; notebook 3's $\theta_j$, after 周志华, is something else, the
# threshold of one output neuron.) So one example's derivative is all backpropagation ever needs;
# the rest is adding up. (A sum and a mean differ by the factor $m$, which a learning
# rate absorbs.)

# %%
for layer in w:
    w[layer].zero_grad()
    b[layer].zero_grad()
L_total = vsum(costs)  # the same per-example costs, summed
L_total.backward()
summed = {key: sum(g[key] for g in per_example) for key in per_example[0]}
for layer in range(1, L + 1):
    assert math.isclose(w[layer].grad, summed["w", layer], rel_tol=1e-12)
    assert math.isclose(w[layer].grad, m * averaged["w", layer], rel_tol=1e-12)
print(f"∂L/∂w^(1) = Σₙ ∂Cⁿ/∂w^(1) = {summed['w', 1]:+.10f}  (engine {w[1].grad:+.10f})")

# %% [markdown]
# ## 6. σ may be a sigmoid or a ReLU
#
# 3Blue1Brown's σ may be "the sigmoid, or ReLU": the recursion of section 3 has the same
# shape for either. Only the local derivative changes — for
# $\text{ReLU}(z) = \max(0, z)$ it is $1$ where $z > 0$ and $0$ elsewhere — and a neuron
# with $z \le 0$ passes no gradient back at all.


# %%
def relu(z):
    return max(z, 0.0)


def relu_prime(z):
    return 1.0 if z > 0 else 0.0


relu_w = {1: 0.9, 2: 1.2, 3: -0.5, 4: 1.1}
relu_b = {1: 0.1, 2: 0.3, 3: 0.9, 4: 0.2}
a_r, z_r = {0: x}, {}
for layer in range(1, L + 1):
    z_r[layer] = relu_w[layer] * a_r[layer - 1] + relu_b[layer]
    a_r[layer] = relu(z_r[layer])

w_r = {layer: Value(relu_w[layer], f"w{layer}") for layer in relu_w}
act = Value(x)
for layer in range(1, L + 1):
    act = (w_r[layer] * act + relu_b[layer]).relu()
((act - y) ** 2).backward()

dC_da = 2 * (a_r[L] - y)
for layer in range(L, 0, -1):
    dC_dz = relu_prime(z_r[layer]) * dC_da  # the only line that differs from section 3
    print(
        f"ReLU chain, layer {layer}: ∂C0/∂w formula {a_r[layer - 1] * dC_dz:+.10f}  "
        f"engine {w_r[layer].grad:+.10f}"
    )
    assert math.isclose(w_r[layer].grad, a_r[layer - 1] * dC_dz, rel_tol=1e-12)
    dC_da = relu_w[layer] * dC_dz

# A ReLU neuron whose z is negative passes nothing back: its weight gets no gradient.
w_dead = Value(0.5, "w")
(((w_dead * -2.0 + 0.3).relu() - y) ** 2).backward()
assert w_dead.grad == 0.0
# z = 0 counts too: the engine takes ReLU's derivative at 0 as 0, as relu_prime does.
w_edge = Value(0.5, "w")
z_edge = w_edge * -0.6 + 0.3
assert z_edge.data == 0.0
((z_edge.relu() - y) ** 2).backward()
assert w_edge.grad == 0.0 == relu_prime(z_edge.data)

# %% [markdown]
# ## 7. 李宏毅's cost: cross-entropy
#
# For classification, 李宏毅's course — the lecture *Logistic Regression*, which also
# shows why a squared error learns slowly there — measures the output against the target
# with **cross-entropy** (交叉熵) rather than a squared error. For one sigmoid output
# $a = \sigma(z)$ and a target $y \in \{0, 1\}$:
#
# $$\begin{gathered}
#   C = -\big[y \ln a + (1 - y)\ln(1 - a)\big],\\
#   \frac{\partial C}{\partial a} = \frac{a - y}{a(1 - a)},\qquad
#   \frac{\partial C}{\partial z} = \frac{\partial C}{\partial a}\,\sigma'(z) = a - y .
# \end{gathered}$$
#
# The sigmoid's $\sigma'(z) = a(1-a)$ cancels: unlike $(a - y)^2$, whose
# $\partial C/\partial z = 2(a - y)\,a(1 - a)$ nearly vanishes when the output is
# confidently wrong ($a \approx 0$ for $y = 1$), cross-entropy's stays large. The rest of
# the chain is unchanged: $\partial C/\partial w^{(L)} = a^{(L-1)}(a^{(L)} - y)$.

# %%
import nn

# Both targets: y = 1 drops the (1 − y) half of each formula, y = 0 the other half.
for target in (1.0, 0.0):
    w = {layer: Value(w_init[layer], f"w{layer}") for layer in w_init}
    act = Value(x)
    for layer in range(1, L):
        act = (w[layer] * act + b_init[layer]).sigmoid()
    a_prev = act
    z_L = w[L] * a_prev + b_init[L]
    a_L = z_L.sigmoid()
    C_xent = -(target * a_L.log() + (1 - target) * (1 - a_L).log())
    C_xent.backward()

    a_out = a_L.data
    by_hand = -(target * math.log(a_out) + (1 - target) * math.log(1 - a_out))
    assert math.isclose(C_xent.data, by_hand, rel_tol=1e-12)  # C
    da = (a_out - target) / (a_out * (1 - a_out))
    assert math.isclose(a_L.grad, da, rel_tol=1e-12)  # ∂C/∂a
    assert math.isclose(z_L.grad, a_out - target, rel_tol=1e-12)  # ∂C/∂z = a − y
    assert math.isclose(w[L].grad, a_prev.data * (a_out - target), rel_tol=1e-12)
    print(
        f"y = {target:.0f}, a = {a_out:.4f}: C = {C_xent.data:.4f}, ∂C/∂z = a − y = {z_L.grad:+.4f}"
    )
    # The library's loss computes the same cost from z, the input of the sigmoid (called
    # the logit), in a form that cannot overflow.
    logit = Value(z_L.data)
    library = nn.binary_cross_entropy_with_logits([[logit]], [target])
    library.backward()
    assert math.isclose(library.data, C_xent.data, rel_tol=1e-12)
    assert math.isclose(logit.grad, a_out - target, rel_tol=1e-12)

# Confidently wrong: a ≈ 0.018 for y = 1. Compare the gradient reaching z.
z_bad = Value(-4.0)
a_bad = z_bad.sigmoid()
(-(a_bad.log())).backward()
xent_grad = z_bad.grad
z_bad2 = Value(-4.0)
((z_bad2.sigmoid() - 1) ** 2).backward()
print(
    f"y = 1, a = {a_bad.data:.3f}: ∂C/∂z cross-entropy {xent_grad:+.4f}, "
    f"squared error {z_bad2.grad:+.4f}"
)
assert math.isclose(xent_grad, a_bad.data - 1, rel_tol=1e-12)
assert math.isclose(
    z_bad2.grad, 2 * (a_bad.data - 1) * a_bad.data * (1 - a_bad.data), rel_tol=1e-12
)
assert abs(xent_grad) > 10 * abs(z_bad2.grad)
assert round(a_bad.data, 3) == 0.018  # a ≈ 0.018, as the comment above says

# %% [markdown]
# ## Your turn
#
# Replace each stub, run it, then run the check below it: it names the entry that is
# wrong (expected vs yours) or prints ✓.
#
# **Exercise 1 — the output layer's three derivatives.** For the last layer alone,
# $z = w\,a_\text{prev} + b$, $a = \sigma(z)$, $C_0 = (a - y)^2$, return the three
# derivatives of the cost as a tuple,
# $\big(\partial C_0/\partial w,\ \partial C_0/\partial b,\
# \partial C_0/\partial a_\text{prev}\big)$ — not the three links of section 2, but
# the three products they make. Compute them by the formulas of section 2 (the
# functions `sigma` and `sigma_prime` above are yours to use); the check compares them
# with the engine's gradients, so it cannot tell how you got the numbers, only whether
# they are right.


# %% tags=["exercise:output-layer"]
def output_layer_gradients(w, b, a_prev, y):
    """(∂C0/∂w, ∂C0/∂b, ∂C0/∂a_prev) for z = w·a_prev + b, a = σ(z), C0 = (a − y)²."""
    raise NotImplementedError("your turn")


# %%
from exercises.nb02 import check_chain_gradients, check_output_layer

check_output_layer(output_layer_gradients)

# %% [markdown]
# **Exercise 2 — the whole chain, for any activation.** 3Blue1Brown writes $\sigma$ for
# "the sigmoid or ReLU". Write `chain_gradients(ws, bs, x, y, act, act_prime)`: the
# forward pass $a^{(l)} = \text{act}(w^{(l)}a^{(l-1)} + b^{(l)})$ from $a^{(0)} = x$
# (`ws[0]` is $w^{(1)}$),
# then the backward recursion of section 3 (by hand: the check runs the engine to compare)
# with `act_prime` in place of $\sigma'$; return
# the list $[\partial C_0/\partial w^{(1)}, \dots, \partial C_0/\partial w^{(L)}]$. The check
# runs it with the sigmoid *and* with ReLU, including a ReLU chain in which one neuron's
# $z$ is negative, so that it passes nothing back.


# %% tags=["exercise:chain-gradients"]
def chain_gradients(ws, bs, x, y, act, act_prime):
    """[∂C0/∂w^(1), …, ∂C0/∂w^(L)] for a one-neuron-per-layer chain with C0 = (a^(L) − y)²."""
    raise NotImplementedError("your turn")


# %%
check_chain_gradients(chain_gradients)
