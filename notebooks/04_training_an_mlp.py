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
# # 4 · Training an MLP
#
# 3Blue1Brown's *Neural networks* series (chapter 1, "But what is a neural network?",
# to chapter 4, "Backpropagation calculus") builds a digit recogniser: 784 input
# pixels, two hidden layers of 16 sigmoid neurons and 10 outputs, one per digit. Its
# weights and biases are 13,002 numbers. Think of them as the coordinates of one point in a
# 13,002-dimensional space, and of the cost $C$ as the height of the ground at that
# point: training means walking downhill. The negative gradient $-\nabla C$ says which
# way is steepest down, and backpropagation (notebooks 1 to 3) computes all 13,002 of its
# components in one backward pass.
#
# This notebook does the walking. It compares **full-batch gradient descent** (every
# step looks at all the training examples) with **mini-batch stochastic gradient
# descent** (every step looks at a small random batch) on two data sets — the 2-D
# "moons" and the real 8×8 handwritten digits with a 64-16-16-10 network — and then
# looks at a slice of the cost landscape itself. As in the other notebooks, each
# formula is checked against the engine with an `assert`.

# %%
import itertools
import math

import matplotlib.pyplot as plt
import numpy as np

import nn

# %% [markdown]
# ## 1. Counting the parameters: where 13,002 comes from
#
# (3Blue1Brown, chapter 1.)
#
# A layer with $n_\text{in}$ inputs and $n_\text{out}$ neurons has $n_\text{in}$
# weights and one bias per neuron, so $(n_\text{in} + 1)\,n_\text{out}$ parameters.
# Summing over the layers $l$, the number of parameters is
#
# $$P = \sum_{l} (n_\text{in} + 1)\, n_\text{out},
# \qquad 785\cdot16 + 17\cdot16 + 17\cdot10 = 13{,}002 .$$
#
# The 8×8 digits in scikit-learn have 64 pixels instead of 784, so the same shape
# of network, 64-16-16-10, is much smaller: $65\cdot16 + 17\cdot16 + 17\cdot10 = 1{,}482$.


# %%
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

# %% [markdown]
# ## 2. The gradient has one entry per parameter
#
# (3Blue1Brown, chapter 4, "Backpropagation calculus".)
#
# $\nabla C$ lists $\partial C/\partial p$ for every weight and bias $p$. For one
# example, with several output neurons $j$, the cost is
# $C_0 = \sum_j \big(a^{(L)}_j - y_j\big)^2$, and the output layer's entries are
# the three-link products of notebook 2 with an index added:
#
# $$\frac{\partial C_0}{\partial b^{(L)}_j}
#   = \sigma'\big(z^{(L)}_j\big)\,2\big(a^{(L)}_j - y_j\big),
# \qquad
# \frac{\partial C_0}{\partial w^{(L)}_{jk}}
#   = a^{(L-1)}_k\,\sigma'\big(z^{(L)}_j\big)\,2\big(a^{(L)}_j - y_j\big),$$
#
# with $\sigma'(z) = \sigma(z)(1-\sigma(z)) = a(1-a)$. Below, the full 784-16-16-10
# network looks at one random "image" that should light up output 3; one `backward()`
# fills in 13,002 partial derivatives, and the 170 of the output layer are checked
# against the formulas.

# %%
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
assert math.isclose(C0.data, np.sum((aL - y) ** 2), rel_tol=1e-12)  # C0 = Σⱼ (aⱼ − yⱼ)², by hand

dC_dz = aL * (1 - aL) * 2 * (aL - y)  # σ'(z_j)·2(a_j − y_j)
dC_db = dC_dz
dC_dw = np.outer(dC_dz, a2)  # row j, column k: a_k^(L-1)·σ'(z_j)·2(a_j − y_j)

output = big.layers[2].neurons
assert np.allclose([neuron.b.grad for neuron in output], dC_db, rtol=1e-12, atol=1e-15)
assert np.allclose([[w.grad for w in neuron.w] for neuron in output], dC_dw, rtol=1e-12, atol=1e-15)
# the output layer's 170 parameters, checked above: 10 biases and 10 × 16 weights
assert len(big.layers[2].parameters()) == dC_db.size + dC_dw.size == 10 * (16 + 1) == 170
print("∂C0/∂b^(L) by formula:", np.round(dC_db, 4))

# %% [markdown]
# One layer further back, a neuron $k$ of layer $L-1$ influences the cost through
# *every* output $j$, so its derivative sums over them (3Blue1Brown's chapter 4 ends on
# this formula):
#
# $$\frac{\partial C_0}{\partial a^{(L-1)}_k}
#   = \sum_{j=0}^{9} w^{(L)}_{jk}\,\sigma'\big(z^{(L)}_j\big)\,2\big(a^{(L)}_j - y_j\big).$$
#
# In vector form, with the output layer's *error term* (notebook 3's name for it; `dC_dz` in
# the code)
#
# $$\delta^{(L)} = \frac{\partial C_0}{\partial z^{(L)}}
#   = \sigma'\big(z^{(L)}\big)\odot 2\big(a^{(L)} - y\big),$$
#
# and
#
# $$\frac{\partial C_0}{\partial W^{(L)}} = \delta^{(L)}\big(a^{(L-1)}\big)^\top,\qquad
#   \frac{\partial C_0}{\partial a^{(L-1)}} = \big(W^{(L)}\big)^\top\delta^{(L)}:$$
#
# the first is the outer product above; the second is the sum over $j$, and the first
# step of the $\delta$ recursion. Here, as in 3Blue1Brown, $w^{(L)}_{jk}$ is a weight
# *into* layer $L$. Notebook 3 (§6) follows UFLDL, whose $W^{(l)}$ *leaves* layer $l$ —
# but UFLDL numbers the input layer 1, not 0, so every layer's number there is one
# higher, and the two shifts cancel: the same matrix has the same superscript in both
# ($W^{(L)}$ here is $W^{(L)}$ there, leaving UFLDL's layer $L$, the last hidden layer).
# The weights and biases keep their numbers; the activations, the $z$s and the $\delta$s
# move up by one: $a^{(L-1)}$ here is $a^{(N-1)}$ there, with the output layer $N = L + 1$.
# One difference does not shift away: notebook 3's cost has a ½,
# $J_k = \tfrac12\lVert a^{(N)} - y\rVert^2$, and $C_0$ here has none, so this
# $\delta^{(L)} = \sigma'(z^{(L)})\odot 2(a^{(L)} - y)$ is *twice* notebook 3's
# $\delta^{(N)} = (a^{(N)} - y)\odot f'(z^{(N)})$ for the same network and example.
#
# Split the forward pass layer by layer, keeping the 16 nodes $a^{(L-1)}_k$: after
# `backward()` the engine holds $\partial C_0/\partial a^{(L-1)}_k$ in their `.grad`.
# The cell then gives the engine notebook 3's cost with its ½ and reads $\delta^{(N)}$ off
# the output layer's $z$ nodes: half of `dC_dz`.

# %%
a1_nodes = big.layers[0](image.tolist())
a2_nodes = big.layers[1](a1_nodes)  # a^(L-1), one Value per neuron k
C0_again = nn.squared_error([big.layers[2](a2_nodes)], [digit])
big.zero_grad()
C0_again.backward()

W_L = np.array([[w.data for w in neuron.w] for neuron in output])  # w_jk, shape (10, 16)
n_out, n_prev = W_L.shape  # 10 outputs j, 16 neurons k in layer L-1
assert len(a2_nodes) == n_prev == 16 and n_out == len(dC_dz) == 10  # the text's 16 nodes
dC_da_prev = [sum(W_L[j, k] * dC_dz[j] for j in range(n_out)) for k in range(n_prev)]
assert np.allclose([a.grad for a in a2_nodes], dC_da_prev, rtol=1e-12, atol=1e-15)
# (W^(L))ᵀδ^(L)
assert np.allclose([a.grad for a in a2_nodes], W_L.T @ dC_dz, rtol=1e-12, atol=1e-15)
print("∂C0/∂a^(L-1) by formula:", np.round(dC_da_prev[:4], 5), "…")

# Notebook 3's J_k = ½ Σⱼ (aⱼ − yⱼ)² on the same output layer: its δ^(N) is half of δ^(L).
from autograd_mini import Value, vsum

# z^(L) = W^(L) a^(L-1) + b
z_out = W_L @ np.array(a2) + np.array([neuron.b.data for neuron in output])
assert np.allclose(1 / (1 + np.exp(-z_out)), aL, rtol=1e-12)
z_nodes = [Value(float(t)) for t in z_out]
(0.5 * vsum([(z.sigmoid() - float(t)) ** 2 for z, t in zip(z_nodes, y, strict=True)])).backward()
delta_N = (aL - y) * aL * (1 - aL)  # notebook 3's δ^(N) = (a − y) ⊙ f′(z), by hand
assert np.allclose([z.grad for z in z_nodes], delta_N, rtol=1e-12, atol=1e-15)
assert np.allclose(dC_dz, 2 * delta_N, rtol=1e-12, atol=1e-15)  # δ^(L) here = 2 δ^(N) there

# %% [markdown]
# ### Why backpropagation: what the gradient would cost without it
#
# 李宏毅 (Hung-yi Lee)'s lecture *Backpropagation* (his Machine Learning course at
# National Taiwan University, autumn 2016; on YouTube as *ML Lecture 7: Backpropagation*)
# opens with the problem: a network has millions of parameters, and gradient descent needs
# $\partial C/\partial p$ for every one of them. Without the chain rule, the obvious way
# is a central difference per parameter — perturb $p$ by $\pm h$ and run the network
# forward twice: $2 \times 13{,}002 = 26{,}004$ forward passes for one gradient.
# Backpropagation gets all 13,002 from **one** forward and **one** backward pass.
# Timing every finite difference would take a while, so the cell below times a slice
# of them (every 325th parameter, 2 passes each) and extrapolates; the slice's numbers
# must also agree with the engine's gradient.

# %%
import time

from autograd_mini import no_grad

params_big = big.parameters()


def forward_cost():
    with no_grad():  # a plain forward pass, no graph recorded
        return nn.squared_error([big(image)], [digit]).data


def median_seconds(work, repeat=3):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        work()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def one_backward_pass():
    big.zero_grad()
    nn.squared_error([big(image)], [digit]).backward()  # forward + backward


t_backprop = median_seconds(one_backward_pass)
engine_gradient = np.array([p.grad for p in params_big])

h = 1e-5
sample = params_big[::325]  # 41 of the 13,002 parameters
t0 = time.perf_counter()
central = []
for p in sample:
    original = p.data
    p.data = original + h
    up = forward_cost()
    p.data = original - h
    down = forward_cost()
    p.data = original
    central.append((up - down) / (2 * h))
t_per_pass = (time.perf_counter() - t0) / (2 * len(sample))
assert np.allclose(central, engine_gradient[::325], rtol=1e-4, atol=1e-9)

n_passes = 2 * len(params_big)  # two forward passes per parameter
assert n_passes == 2 * 13_002 == 26_004 and len(sample) == 41  # 2 × 13,002; every 325th
t_finite = t_per_pass * n_passes  # extrapolated to every parameter
per_pass = f"{t_per_pass * 1e3:.2f} ms"
print(f"finite differences: {n_passes:,} forward passes × {per_pass} ≈ {t_finite:.0f} s")
print(f"backpropagation:    one forward + one backward    = {t_backprop * 1e3:.1f} ms")
print(f"backpropagation is ≈ {t_finite / t_backprop:,.0f} times cheaper")
# thousands of times, or tens of thousands, by the machine: a loose bound for a busy one
assert t_finite > 100 * t_backprop

# %% [markdown]
# ## 3. One step of mini-batch SGD, by hand
#
# (3Blue1Brown, chapter 3, "What is backpropagation really doing?", on mini-batches.)
#
# Over $m$ training examples the cost is the average $C = \frac1m\sum_{i} C_i$, and
# because differentiation is linear its gradient is the average of the per-example
# gradients. From here on $i$ numbers the examples: $C_i$ is example $i$'s cost, and a
# quantity of example $i$ carries $[i]$ (notebook 3's $[k]$): $y[i]$ is its target. The
# subscripts $j, k$ of section 2 pick neurons. Full-batch **gradient descent** takes the
# step
#
# $$W \leftarrow W - \eta\,\frac{\partial C}{\partial W}$$
#
# only after a forward and backward pass over all $m$ examples. **Mini-batch SGD**
# shuffles the examples, cuts them into batches of $B$ (the batch size: a letter of its
# own, because $m$ stays the number of training examples), and steps after each batch
# using that batch's cost
#
# $$C_\text{batch} = \frac1B\sum_{i=1}^{B} C_i,\qquad
#   \frac{\partial C_\text{batch}}{\partial W}
#   = \frac1B\sum_{i=1}^{B}\frac{\partial C_i}{\partial W}.$$
#
# Its gradient is a noisy estimate of the full one, but it costs $B$ examples instead
# of $m$. (李宏毅's lecture sums the costs instead of averaging, $L = \sum_i C_i$ — he
# writes $C^n$ for example $i$'s cost $C_i$, and this notebook's $n_\text{in}$ and
# $n_\text{out}$ are section 1's layer sizes. The sum only multiplies the gradient by the
# number of examples, i.e. it rescales $\eta$ — notebook 2 checks that the total loss's
# gradient is the sum of the examples' gradients. As there, this $L$ is the total loss,
# not the output layer's number $L$.)
#
# Check these claims on a 2-16-16-1 network and a batch of $B = 8$ points: the batch
# gradient $g = \partial C_\text{batch}/\partial W$ (`g` in the code) equals the average
# of eight single-example gradients, the summed cost's gradient is $B\,g$, and `nn.SGD`
# moves each parameter by exactly $-\eta\,g$.

# %%
X_moons, y_moons = nn.data.moons(200, noise=0.15, seed=0)


def moons_net():
    # tanh hidden layers; a sigmoid output read as "probability of class 1"
    return nn.MLP(2, [16, 16, 1], activation="tanh", output_activation="sigmoid", seed=0)


net = moons_net()
params = net.parameters()
B = 8
X_batch, y_batch = X_moons[:B], y_moons[:B].tolist()


def gradient_of(cost):
    net.zero_grad()
    cost.backward()
    return np.array([p.grad for p in params])


def batch_cost():
    return nn.squared_error([net(x) for x in X_batch], y_batch)  # (1/B) Σᵢ Cᵢ


per_example = [
    gradient_of(nn.squared_error([net(x)], [t])) for x, t in zip(X_batch, y_batch, strict=True)
]
summed = vsum([nn.squared_error([net(x)], [t]) for x, t in zip(X_batch, y_batch, strict=True)])
g_summed = gradient_of(summed)
C_before = batch_cost()
g = gradient_of(C_before)
assert np.allclose(g, np.mean(per_example, axis=0), rtol=1e-12, atol=1e-15)
# 李宏毅's summed cost Σᵢ Cᵢ: its gradient is B times the averaged cost's, by hand B·g.
assert np.allclose(g_summed, B * g, rtol=1e-12, atol=1e-15)

eta = 0.5
W = np.array([p.data for p in params])
nn.SGD(params, lr=eta).step()  # the library's update …
W_new = np.array([p.data for p in params])
assert np.allclose(W_new, W - eta * g, rtol=1e-15, atol=0)  # … is W − η·∂C/∂W
C_after = batch_cost().data
print(f"{len(params)} parameters; batch cost {C_before.data:.5f} → {C_after:.5f} after a step")
assert C_after < C_before.data

# %% [markdown]
# A slip every training loop can make: calling `backward()` on a cost computed *before*
# the step. The graph of `C_before` stores the local derivatives of the old weights, so
# its gradient would be the one at $W$, not at $W - \eta\,g$ — a step over and over in
# the same direction. The engine refuses and points at a weight that changed since, by
# its new value (`nn`'s weights carry no label, so the message says "unlabelled node");
# the cure is a new forward pass.

# %%
import textwrap

from autograd_mini import StaleGraph

try:
    C_before.backward()
    raise AssertionError("a cost computed before the step was differentiated")
except StaleGraph as error:
    print(textwrap.fill(str(error), 78))
    assert error.node in params  # the leaf named is one of the weights just stepped
    # told by its new value, as it has no label
    assert error.node.label == "" and f"value {error.node.data!r}" in str(error)
net.zero_grad()
batch_cost().backward()  # computed again, at the new weights: fine


# %% [markdown]
# Why a step against the gradient helps: for a small learning rate $\eta$, to first
# order,
# $C(W - \eta\, g) \approx C(W) - \eta\, g\cdot g = C(W) - \eta\,\lVert g\rVert^2$.
# For a small step the measured drop matches this prediction closely — which also
# shows the engine's $g$ is the true slope, not just some downhill direction.


# %%
def set_params(values):
    for p, v in zip(params, values, strict=True):
        p.data = float(v)


for small_eta in (1e-3, 1e-5):
    set_params(W - small_eta * g)
    drop = C_before.data - batch_cost().data
    predicted = small_eta * g @ g
    print(f"η = {small_eta:.0e}: cost drops by {drop:.6e}, first-order prediction {predicted:.6e}")
assert math.isclose(drop, predicted, rel_tol=1e-3)
set_params(W)

# %% [markdown]
# ### With an L2 term: weight decay
#
# Notebook 3 (§6) added $\frac{\lambda}{2}\sum W^2$ over the weights to the cost. Its
# gradient is $\lambda W$, so a step becomes
#
# $$W \leftarrow W - \eta\Big(\frac{\partial C}{\partial W} + \lambda W\Big)
#   = (1 - \eta\lambda)\,W - \eta\,\frac{\partial C}{\partial W}:$$
#
# each step first shrinks every weight by the factor $1 - \eta\lambda$ — hence the name
# *weight decay* — and then moves it as before. The biases carry no penalty. Below, the
# engine differentiates the batch cost plus `nn.l2_penalty`, `nn.SGD` takes the step, and
# the result is compared with $(1 - \eta\lambda)W - \eta g$ worked out by hand from the
# gradient $g$ of the cost alone (the $g$ above). `nn.fit(..., l2=λ)` trains this way.

# %%
lam = 0.01
weight_ids = {id(w) for w in net.weights()}
is_weight = np.array([id(p) in weight_ids for p in params])
C_l2 = batch_cost() + nn.l2_penalty(net.weights(), lam)  # C + λ/2·ΣW²
net.zero_grad()
C_l2.backward()
nn.SGD(params, lr=eta).step()
by_hand = np.where(is_weight, (1 - eta * lam) * W - eta * g, W - eta * g)
assert np.allclose([p.data for p in params], by_hand, rtol=1e-14, atol=1e-15)
print(
    f"{is_weight.sum()} weights shrunk by 1 − ηλ = {1 - eta * lam:g}, "
    f"{(~is_weight).sum()} biases not"
)
set_params(W)

# %% [markdown]
# ## 4. Moons: full-batch gradient descent versus mini-batch SGD
#
# Two copies of the same network (same random seed, so the same starting weights) train for
# the same number of epochs — one epoch is one pass over the 200 points, so both do
# the same amount of arithmetic. Full-batch descent makes **one** step per epoch;
# SGD with $B = 10$ makes **twenty**, each based on a rougher gradient estimate.
#
# To keep the notebook quick, `nn.fit(..., compiled=True)` records the graph of one
# example once and replays it on each batch with numpy: the same formulas as building
# a graph per example, only faster. Section 7 shows that the two agree to rounding.

# %%
epochs = 40
gd_net, sgd_net = moons_net(), moons_net()
histories = {}
for name, model, batch_size in [("full batch", gd_net, None), ("mini-batch B = 10", sgd_net, 10)]:
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
        compiled=True,
    )
    h = histories[name]
    print(f"{name:>17}: final cost {h.loss[-1]:.4f} ({h.seconds * 1000:,.0f} ms)")

steps_per_epoch = {"full batch": 1, "mini-batch B = 10": math.ceil(len(y_moons) / 10)}
assert steps_per_epoch["mini-batch B = 10"] == 200 // 10  # twenty times as many steps
# 7.2 inches at 100 dpi: the figure fits a 1,000 px window's text column unshrunk, so its
# text is shown at the size it is drawn (an 11-inch figure was shrunk to 8-10 px text).
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(7.2, 3.4), layout="constrained")
for name, h in histories.items():
    ax1.plot(range(1, epochs + 1), h.loss, label=name)
    steps = np.arange(1, epochs + 1) * steps_per_epoch[name]
    ax2.plot(steps, h.loss, label=name)
ax1.set_xlabel("epoch (same work for both)")
ax2.set_xlabel("number of parameter updates")
ax2.set_xscale("log")
costs = np.concatenate([h.loss for h in histories.values()])
# whole decades, so a labelled tick lies under the lowest cost and over the highest
decades = [10.0 ** math.floor(math.log10(costs.min())), 10.0 ** math.ceil(math.log10(costs.max()))]
for ax in (ax1, ax2):
    ax.set_ylabel("training cost C")
    ax.set_yscale("log")
    ax.set_ylim(*decades)
fig.legend(*ax1.get_legend_handles_labels(), loc="outside upper center", ncols=2)
plt.show()

# With these random seeds SGD ends more than five times lower than full batch (the curves'
# last points: the assert keeps this sentence true).
assert histories["mini-batch B = 10"].loss[-1] < histories["full batch"].loss[-1] / 5
# Per update it is the other way round: by the 40th update of each, full batch (epoch 40)
# is lower than SGD (epoch 2: the mean cost over its updates 21–40).
sgd_epoch = epochs // steps_per_epoch["mini-batch B = 10"]  # the epoch of SGD's 40th update
assert histories["full batch"].loss[-1] < histories["mini-batch B = 10"].loss[sgd_epoch - 1]
# And by the 20th: full batch's epoch 20 is lower than SGD's first epoch (updates 1–20).
twentieth = steps_per_epoch["mini-batch B = 10"]  # SGD's 20 updates of its first epoch
gd_loss, sgd_loss = (h.loss for h in histories.values())  # full batch, then SGD
assert gd_loss[twentieth - 1] < sgd_loss[0]

# %% [markdown]
# Per epoch, SGD is far ahead: it has taken twenty times as many steps. Per *update*
# (right), full-batch descent is the better walker — each of its steps follows the true
# gradient — but each step cost twenty times as much. 3Blue1Brown's image for SGD is a
# drunk man stumbling quickly down the hill, as opposed to a slow, careful walker.
#
# **Two accuracies.** `History.accuracy` is scored *during* training: each batch is
# scored on the forward pass that computes its gradient, *before* the update, and an
# epoch's number is the fraction of its examples scored right, each by its own batch
# (not the average of the batches' accuracies, which can differ when the last batch is
# smaller). The accuracy of the trained network is another number: score every point
# after the last update (`nn.evaluate`, or `nn.predict` and count). The cell below
# prints both; the plots show the second.
#
# The decision boundary is where the network's output crosses ½. `nn.predict` runs
# the trained network on a grid of points (without recording any graph).

# %%
xx, yy = np.meshgrid(np.linspace(-1.6, 2.6, 56), np.linspace(-1.1, 1.6, 40))
grid = np.column_stack([xx.ravel(), yy.ravel()])

fig, axes = plt.subplots(1, 2, figsize=(7.2, 3.3), sharey=True, layout="constrained")
trained = [("full batch", gd_net), ("mini-batch B = 10", sgd_net)]
for ax, (name, model) in zip(axes, trained, strict=True):
    prob = nn.predict(model, grid)[:, 0].reshape(xx.shape)
    ax.contourf(xx, yy, prob, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.35)
    ax.contour(xx, yy, prob, levels=[0.5], colors="k", linewidths=1.5)
    # Accuracy from predict (output > ½) is the same number nn.evaluate reports.
    predicted = nn.predict(model, X_moons)[:, 0] > 0.5
    acc = np.mean(predicted == (y_moons == 1))
    assert acc == nn.evaluate(model, X_moons, y_moons, "squared_error")[1]
    during = histories[name].accuracy[-1]
    print(f"{name:>17}: accuracy during the last epoch {during:.1%}, after training {acc:.1%}")

    for label, colour, marker in [(0, "tab:blue", "o"), (1, "tab:orange", "^")]:
        mine = y_moons == label
        ax.scatter(
            *X_moons[mine].T,
            c=colour,
            marker=marker,
            edgecolors="k",
            linewidths=0.4,
            s=16,
            label=f"class {label}",
        )
    wrong = predicted != (y_moons == 1)
    ax.scatter(
        *X_moons[wrong].T,
        s=80,
        facecolors="none",
        edgecolors="red",
        linewidths=1.3,
        label="misclassified",
    )
    ax.plot([], [], "k-", label="boundary: output = ½")  # a legend entry for the contour
    ax.set_title(f"{name}: {wrong.sum()} misclassified\naccuracy after training {acc:.1%}")
    ax.set_xlabel("x₁")
    ax.set_aspect("equal")
axes[0].set_ylabel("x₂")
# One legend for both panels, below them: inside, it lay over the decision boundary.
fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=4)
plt.show()

# Thresholds set below what these random seeds give (the accuracies in the titles above).
assert nn.evaluate(gd_net, X_moons, y_moons, "squared_error")[1] >= 0.90
assert nn.evaluate(sgd_net, X_moons, y_moons, "squared_error")[1] >= 0.95


def one_epoch(model, lr, batch_size):
    """One epoch of nn.fit on the moons, SGD at learning rate lr: its History."""
    return nn.fit(
        model,
        X_moons,
        y_moons,
        loss="squared_error",
        optimizer=nn.SGD(model.parameters(), lr=lr),
        epochs=1,
        batch_size=batch_size,
        seed=0,
        progress=False,
        compiled=True,
    )


# An epoch's training accuracy is the fraction of its examples scored right, also when
# the batches are unequal (B = 30: six of 30 and one of 20): at learning rate 0 the
# weights do not move, and it is nn.evaluate's accuracy on those weights.
assert len(y_moons) == 6 * 30 + 20  # so B = 30 does give a smaller last batch
still = one_epoch(gd_net, lr=0.0, batch_size=30)
assert math.isclose(
    still.accuracy[0], nn.evaluate(gd_net, X_moons, y_moons, "squared_error")[1], rel_tol=1e-12
)


# Scored before the update: a full-batch epoch is one step, and its accuracy is that of
# the weights the step started from (saved with state_dict and scored by hand), not of
# the weights it left (with this seed the step moves the accuracy, so the two differ).
def accuracy_by_hand(model):
    """The fraction of the moons the model puts on the right side of ½."""
    return np.mean((nn.predict(model, X_moons)[:, 0] > 0.5) == (y_moons == 1))


fresh = moons_net()
saved = fresh.state_dict()
one_step = one_epoch(fresh, lr=1.0, batch_size=None)
at_start = moons_net()
at_start.load_state_dict(saved)
print(f"one_step.accuracy[0] = {one_step.accuracy[0]:.1%}")
print(f"before the step {accuracy_by_hand(at_start):.1%}, after it {accuracy_by_hand(fresh):.1%}")
assert math.isclose(one_step.accuracy[0], accuracy_by_hand(at_start), rel_tol=1e-12)
assert accuracy_by_hand(at_start) != accuracy_by_hand(fresh)

# %% [markdown]
# ## 5. Handwritten digits with a 64-16-16-10 network
#
# The real thing, scaled down: 1,797 handwritten digits of 8×8 pixels (scikit-learn's
# bundled copy, pixel values scaled to $[0, 1]$), 80 % for training and 20 % held back
# to test on. The network is 3Blue1Brown's design — sigmoid neurons everywhere, the
# squared-error cost $C_0 = \sum_j (a^{(L)}_j - y_j)^2$ against the one-hot target, and
# the predicted digit is the brightest output.

# %% mystnb={"image": {"alt": "The first ten training digits, 8 by 8 grey pixels, labels above"}}
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


# %% [markdown]
# Again two identical networks, trained for the same four epochs: one with a single
# full-batch step per epoch, one with mini-batches of $B = 10$ (144 steps per
# epoch). The learning rate $\eta = 3$ is large because sigmoid outputs with a squared
# error give small gradients. Both train with `compiled=True` (section 7 checks that
# it gives the same numbers as building a graph per example).


# %%
def digits_net():
    return nn.MLP(64, [16, 16, 10], activation="sigmoid", output_activation="sigmoid", seed=0)


digit_epochs = 4
runs = {}
for name, batch_size in [("full batch", None), ("mini-batch B = 10", 10)]:
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
        compiled=True,
    )
    runs[name] = (model, history)
    print(
        f"{name:>17}: cost {history.loss[-1]:.3f}, "
        f"test accuracy {history.val_accuracy[-1]:.1%}  ({history.seconds * 1000:,.0f} ms)"
    )

# B = 10 cuts the 1,438 training images into 144 batches: 144 steps per epoch, 576 in all.
assert len(y_train) == 1438 and math.ceil(len(y_train) / 10) == 144
assert digit_epochs * 144 == 576

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(7.2, 3.4), layout="constrained")
for name, (_, history) in runs.items():
    ax1.plot(range(1, digit_epochs + 1), history.loss, "o-", label=name)
    ax2.plot(range(1, digit_epochs + 1), history.val_accuracy, "o-", label=name)
ax1.set_ylabel("training cost C")
ax2.set_ylabel("test accuracy")
ax2.axhline(0.1, color="grey", ls=":", label="guessing (10 %)")
for ax in (ax1, ax2):
    ax.set_xlabel("epoch")
    ax.set_xticks(range(1, digit_epochs + 1))
fig.legend(*ax2.get_legend_handles_labels(), loc="outside upper center", ncols=3)
plt.show()

# %% [markdown]
# Four full-batch steps leave the network near guessing; 576 mini-batch steps
# recognise most of the test digits. The accuracy is recomputed below from the raw
# outputs (`nn.predict`, then the brightest of the ten) and must agree with what
# `nn.evaluate` reports.

# %%
sgd_digits, sgd_history = runs["mini-batch B = 10"]
outputs = nn.predict(sgd_digits, X_test)  # shape (359, 10)
predicted = outputs.argmax(axis=1)
test_accuracy = np.mean(predicted == y_test)
n_wrong = np.sum(predicted != y_test)
print(f"test accuracy {test_accuracy:.1%}  ({n_wrong} of {len(y_test)} wrong)")
assert test_accuracy == nn.evaluate(sgd_digits, X_test, y_test, "squared_error")[1]
assert test_accuracy == sgd_history.val_accuracy[-1]
# With these random seeds: above 90 % (printed above); the full-batch copy stays near
# guessing, 10 %.
assert test_accuracy >= 0.90
assert runs["full batch"][1].val_accuracy[-1] < 0.2

wrong = np.flatnonzero(predicted != y_test)[:8]
rows = math.ceil(len(wrong) / 4)
fig, axes = plt.subplots(rows, 4, figsize=(6, 2 * rows), layout="constrained", squeeze=False)
for ax in axes.flat:
    ax.axis("off")
for ax, k in zip(axes.flat[: len(wrong)], wrong, strict=True):
    ax.imshow(X_test[k].reshape(8, 8), cmap="gray_r")
    ax.set_title(f"{y_test[k]} → {predicted[k]}")
fig.suptitle("some mistakes: true → predicted")
plt.show()

# %% [markdown]
# ## 6. The cost as a landscape
#
# (3Blue1Brown, chapter 2, "Gradient descent, how neural networks learn".)
#
# With 13,002 (or here 337) coordinates the landscape cannot be drawn, but a slice can:
# hold every parameter fixed except two, and plot $C$ as a function of those two
# weights. We take the untrained moons network — training starts here — and vary
# $u$, a weight between the two hidden layers, and $v$, a weight into the output
# neuron.
#
# The slice is computed by a separate, plain numpy forward pass (fast enough to
# evaluate on a 41×41 grid); first it must agree with the engine's cost at the
# starting point.

# %%
start = moons_net()  # the same starting weights as both moons runs above
assert start.num_parameters() == count_by_formula([2, 16, 16, 1]) == 337  # the text's 337
Ws = [np.array([[w.data for w in neuron.w] for neuron in layer.neurons]) for layer in start.layers]
bs = [np.array([neuron.b.data for neuron in layer.neurons]) for layer in start.layers]
U = (1, 0, 0)  # start.layers[1] (a list index, from 0): the 2nd hidden layer, layer L−1
V = (2, 0, 0)  # start.layers[2]: the output layer, layer L; both: neuron 0, input 0


def cost_numpy(u, v):
    # C = (1/m) Σᵢ (a^(L)[i] − y[i])² with weight U set to u and weight V set to v.
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

# %% [markdown]
# The partial derivatives are the slopes of the landscape along its two axes, so
# central differences of the *numpy* slice must reproduce the engine's
# $\big(\partial C/\partial u,\ \partial C/\partial v\big)$:
#
# $$\frac{\partial C}{\partial u} \approx \frac{C(u_0 + h, v_0) - C(u_0 - h, v_0)}{2h}.$$
#
# More than that: the slope in *any* direction $d = (\cos\varphi, \sin\varphi)$ is the
# dot product $\nabla C\cdot d$. It is most negative, $-\lVert\nabla C\rVert$, when $d$
# points along $-\nabla C$ — the negative gradient is the steepest way down.

# %%
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

# %%
us = np.linspace(u0 - 4, u0 + 4, 41)
vs = np.linspace(v0 - 4, v0 + 4, 41)
landscape = np.array([[cost_numpy(u, v) for u in us] for v in vs])


def cost_and_gradient(u, v, rows):
    # The engine's batch cost and (∂C/∂u, ∂C/∂v) with only u and v changed.
    u_param.data, v_param.data = u, v
    cost = nn.squared_error([start(x) for x in X_moons[rows]], y_moons[rows].tolist())
    start.zero_grad()
    cost.backward()
    return cost.data, np.array([u_param.grad, v_param.grad])


# Walk the slice: full-batch gradient descent and mini-batch SGD (B = 2) on u and v only.
everyone = np.arange(len(y_moons))
gd_path = [np.array([u0, v0])]
for _ in range(15):
    _, g_uv = cost_and_gradient(*gd_path[-1], everyone)
    gd_path.append(gd_path[-1] - 3.0 * g_uv)
sgd_path, order = [np.array([u0, v0])], np.random.default_rng(1).permutation(everyone)
batches = np.array_split(order[:160], 80)  # 80 steps on batches of 2 examples
assert {len(batch) for batch in batches} == {2}  # the text's two examples a step
for batch in batches:
    _, g_uv = cost_and_gradient(*sgd_path[-1], batch)
    sgd_path.append(sgd_path[-1] - 3.0 * g_uv)
gd_path, sgd_path = np.array(gd_path), np.array(sgd_path)
u_param.data, v_param.data = u0, v0  # back to the starting weights

gd_costs = [cost_numpy(u, v) for u, v in gd_path]
gd_steps, sgd_steps = len(gd_path) - 1, len(sgd_path) - 1
print(
    f"full batch: C {gd_costs[0]:.4f} → {gd_costs[-1]:.4f} in {gd_steps} steps; "
    f"SGD: → {cost_numpy(*sgd_path[-1]):.4f} in {sgd_steps} steps of {len(batches[0])} examples"
)
assert all(b < a for a, b in itertools.pairwise(gd_costs))  # small steps, true gradient: down
assert cost_numpy(*sgd_path[-1]) < gd_costs[0]  # the noisy walk gets down too

fig, ax = plt.subplots(figsize=(7, 6.6), layout="constrained")
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
ax.plot(
    *gd_path.T, "o-", color="white", ms=3, lw=1.5, label=f"full-batch descent, {gd_steps} steps"
)
ax.plot(
    *sgd_path.T,
    ".-",
    color="orange",
    ms=3,
    lw=1,
    label=f"mini-batch SGD (B = {len(batches[0])}), {sgd_steps} steps",
)
ax.plot([u0], [v0], "r*", ms=12, label=r"the starting weights; arrow: $-\nabla C$")
ax.set_xlabel("u: weight into the second hidden layer")
ax.set_ylabel("v: weight into the output neuron")
ax.set_aspect("equal")  # same scale on both axes, so right angles look right
ax.set_title(f"C as a function of two weights, the other {start.num_parameters() - 2} fixed")
# Below the slice, where no contour line runs; dark like the slice, so the white path shows.
legend_colours = dict(facecolor=plt.cm.viridis(0.0), framealpha=1, labelcolor="white")
fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", **legend_colours)
plt.show()

# %% [markdown]
# The arrow crosses the contour lines at right angles (the axes have the same scale,
# so the angle you see is the true one), pointing almost straight up, towards the valley
# at the top right. The
# white path is full-batch descent: each step follows the true $-\nabla C$ across the
# contours. The orange path is mini-batch SGD: each step follows the gradient of only
# two examples' cost, so it wobbles — but it gets down the hill, 3Blue1Brown's drunk
# man again. The slice is no bowl, though: there are two valleys (top right and bottom
# left) with a saddle point between them. The horizontal line through the saddle is
# $v = 0$. Here $u$ feeds a hidden neuron, $a^{(L-1)}_0 = \tanh\big(z^{(L-1)}_0\big)$
# with $z^{(L-1)}_0 = u\,a^{(L-2)}_0 + \dots$, whose output reaches the cost only through
# $z^{(L)} = v\,a^{(L-1)}_0 + \dots$; so for every example the chain rule gives
#
# $$\frac{\partial C_i}{\partial u} = \frac{\partial C_i}{\partial z^{(L)}}\; v\;
#   \tanh'\big(z^{(L-1)}_0\big)\; a^{(L-2)}_0 ,$$
#
# which vanishes for $v = 0$: along that line the cost does not change with $u$ at all.
# Even this small network's cost is not one bowl with one bottom, so which valley
# gradient descent reaches depends on where it starts.

# %%
along_v0 = [cost_numpy(u, 0.0) for u in us]
assert max(along_v0) - min(along_v0) <= 1e-15  # flat: u's neuron is multiplied by 0

v_param.data = 0.0  # the engine agrees: ∂C/∂u is exactly 0 on that line
C = nn.squared_error([start(x) for x in X_moons], y_moons.tolist())
start.zero_grad()
C.backward()
print(f"at v = 0: ∂C/∂u = {u_param.grad}, ∂C/∂v = {v_param.grad:+.6f}")
assert u_param.grad == 0.0 and v_param.grad != 0.0
v_param.data = v0

# The picture as the text reads it, checked on the grid it was drawn from. The arrow,
# −∇C, points almost straight up:
assert abs(math.degrees(downhill) - 90) < 5
# two valleys: the grid's lowest point above the line v = 0 lies top right of the start,
# its lowest point below the line bottom left, and both lie lower than the line;
valleys = []
for side in (vs > 0, vs < 0):
    row, col = np.unravel_index(
        np.argmin(np.where(side[:, None], landscape, np.inf)), landscape.shape
    )
    valleys.append((us[col], vs[row], landscape[row, col]))
(u_top, v_top, C_top), (u_bottom, v_bottom, C_bottom) = valleys
assert u_top > u0 and v_top > v0 and u_bottom < u0 and v_bottom < v0
assert max(C_top, C_bottom) < min(along_v0)
# and a saddle point between them on v = 0. Along that line ∂C/∂u = 0, and ∂C/∂v,
# by hand (central differences of the numpy slice), changes sign once, between the
# valleys; the engine agrees on both sides of the crossing.
across = np.array([(cost_numpy(u, h) - cost_numpy(u, -h)) / (2 * h) for u in us])
(k,) = np.flatnonzero(np.diff(np.sign(across)))
assert u_bottom < us[k] < us[k + 1] < u_top
engine_dv = []
for u in (us[k], us[k + 1]):
    _, (du, dv) = cost_and_gradient(u, 0.0, everyone)
    assert du == 0.0 and math.isclose(dv, across[us == u][0], rel_tol=1e-6)
    engine_dv.append(dv)
# A saddle, not a bottom: along the line C is flat (∂²C/∂u² = 0), while the mixed
# derivative ∂²C/∂u∂v — how fast ∂C/∂v changes along the line — is not 0 where ∂C/∂v
# crosses 0: the difference quotient of the engine's two values above, and by hand of
# the same two entries of `across`. So the Hessian's determinant −(∂²C/∂u∂v)² is negative.
mixed = (engine_dv[1] - engine_dv[0]) / (us[k + 1] - us[k])
assert math.isclose(mixed, (across[k + 1] - across[k]) / (us[k + 1] - us[k]), rel_tol=1e-5)
assert abs(mixed) > 1e-3
u_param.data, v_param.data = u0, v0
print(
    f"valleys: C = {C_top:.4f} (top right), {C_bottom:.4f} (bottom left); "
    f"line v = 0: C = {along_v0[0]:.4f}"
)
print(f"saddle on v = 0 between u = {us[k]:.2f} and {us[k + 1]:.2f}; ∂²C/∂u∂v there: {mixed:+.4f}")

# %% [markdown]
# On that line both sides are 0, which tests little of the formula. At the starting
# weights $(u_0, v_0)$ no factor is 0, so compute each one by hand from numpy's forward
# pass — $\partial C_i/\partial z^{(L)} = 2\big(a^{(L)}[i] - y[i]\big)\,\sigma'\big(z^{(L)}[i]\big)$
# with $\sigma' = a^{(L)}[i]\big(1 - a^{(L)}[i]\big)$, and $\tanh' = 1 - \tanh^2$ — and compare
# the product with the engine's `u_param.grad`: for one example's cost $C_i$, and for
# the average $C = \frac1m\sum_i C_i$, whose $\partial C/\partial u$ is the average of
# the $\partial C_i/\partial u$.

# %%
# The formula's factors, by hand, at the starting weights (u₀, v₀).
a_prev2 = np.tanh(X_moons @ Ws[0].T + bs[0])  # a^(L-2), one row per example
z_prev = a_prev2 @ Ws[1].T + bs[1]  # z^(L-1)
a_prev = np.tanh(z_prev)  # a^(L-1) = tanh(z^(L-1))
a_out = 1 / (1 + np.exp(-(a_prev @ Ws[2].T + bs[2])[:, 0]))  # a^(L) = σ(z^(L))
dCi_dz = 2 * (a_out - y_moons) * a_out * (1 - a_out)  # ∂Cᵢ/∂z^(L) = 2(a − y)·σ′
dCi_du = dCi_dz * v0 * (1 - a_prev[:, U[1]] ** 2) * a_prev2[:, U[2]]  # ∂Cᵢ/∂u, every example

i = 0  # one example: Cᵢ = (a^(L)[i] − y[i])²
C_i = nn.squared_error([start(X_moons[i])], [y_moons[i]])
start.zero_grad()
C_i.backward()
print(f"example {i}: ∂Cᵢ/∂u = {dCi_du[i]:+.12f} by hand, {u_param.grad:+.12f} engine")
assert dCi_du[i] != 0.0 and math.isclose(u_param.grad, dCi_du[i], rel_tol=1e-9)

# all m examples: ∂C/∂u is the average of the ∂Cᵢ/∂u
C = nn.squared_error([start(x) for x in X_moons], y_moons.tolist())
start.zero_grad()
C.backward()
print(f"average: ∂C/∂u = {dCi_du.mean():+.12f} by hand, {u_param.grad:+.12f} engine")
assert math.isclose(u_param.grad, dCi_du.mean(), rel_tol=1e-9)
assert math.isclose(u_param.grad, grad_engine[0], rel_tol=1e-12)  # the slope drawn above

# %% [markdown]
# ## 7. Faster: trace the graph once, replay it on batches
#
# Training *eagerly* builds a brand-new graph of scalar `Value` nodes for every
# example — the same graph each time, only with different numbers in it. `autograd_mini.trace`
# records that graph once and then replays it on a whole batch with numpy (each node
# computes a column of numbers; a layer's `dot` nodes fuse into one matrix product).
# `nn.fit(..., compiled=True)` trains that way, as sections 4 and 5 did. Same random seed,
# same starting weights, same shuffling: the two runs must agree to rounding, and only
# the time differs.

# %%
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
assert np.allclose(compiled.loss, eager.loss, rtol=1e-10, atol=0)
# The weights after the same 144 SGD steps agree as well.
assert np.allclose(
    [p.data for p in compiled_net.parameters()],
    [p.data for p in eager_net.parameters()],
    rtol=1e-10,
    atol=1e-12,
)

# %% [markdown]
# ## 8. When you outgrow a scalar engine: the same step in PyTorch
#
# A scalar engine exists to show every chain-rule step; it is not how large networks
# are trained. They are trained on tensors, and the step from here to PyTorch is
# mechanical, because an MLP is exactly a stack of affine maps and activations: layer
# $l$ is `torch.nn.Linear(n_in, n_out)`, whose `weight[j]` holds neuron $j$'s
# weights $w_j$ and `bias[j]` its bias $b_j$, followed by the layer's activation.
# `nn.to_torch(net)` builds that `torch.nn.Sequential` with the same numbers, in
# float64, so both libraries compute the same values to rounding.
#
# Below: one mini-batch SGD step $W \leftarrow W - \eta\,\partial C/\partial W$ on the
# first $B = 10$ training images, with that batch's cost
# $C = \frac1B \sum_{i=1}^{B} \sum_j \big(a_j[i] - y_j[i]\big)^2$, in both libraries from
# the same start, and once more by hand (the cost and the step). The comparison with
# PyTorch needs PyTorch, which is optional and never installed for you; install it as
# the README says, the CPU-only build first (on Linux the one pip finds is the CUDA build,
# several GB; the CPU build is enough here):
# `.venv/bin/pip install torch --index-url https://download.pytorch.org/whl/cpu`, then
# `.venv/bin/pip install "autograd-mini[torch]"`. Without it the step is checked by hand
# only, and each cell below says so.

# %%
import importlib.util

have_torch = importlib.util.find_spec("torch") is not None
install_torch = (  # the CPU-only build first, as in the README
    ".venv/bin/pip install torch --index-url https://download.pytorch.org/whl/cpu\n"
    '.venv/bin/pip install "autograd-mini[torch]"'
)
if not have_torch:
    print("PyTorch is not installed: the step is checked by hand only. To install it:")
    print(install_torch)

# %%
net = nn.MLP(64, [16, 16, 10], activation="sigmoid", output_activation="sigmoid", seed=0)
Xb, yb, eta = X_train[:10], y_train[:10], 3.0

# autograd-mini: the cost, one backward pass, the update
net.zero_grad()
C = nn.squared_error(net(Xb.tolist()), yb.tolist())
C.backward()
# the batch's cost by hand, C = (1/B) Σᵢ Σⱼ (aⱼ[i] − yⱼ[i])²: a numpy forward pass,
# layer by layer (every layer a sigmoid: asserted, the pass below is sigmoid's), against
# one-hot targets
a_batch = Xb
for layer in net.layers:
    assert layer.activation == "sigmoid", layer.activation
    # layer l's W^(l) (row j: neuron j's weights) and b^(l), as W_l and b_l in code
    W_l = np.array([[w.data for w in neuron.w] for neuron in layer.neurons])
    b_l = np.array([neuron.b.data for neuron in layer.neurons])
    a_batch = 1 / (1 + np.exp(-(a_batch @ W_l.T + b_l)))
C_by_hand = np.sum((a_batch - np.eye(10)[yb]) ** 2) / len(yb)
assert math.isclose(C.data, C_by_hand, rel_tol=1e-12)
W_before = np.array([[w.data for w in neuron.w] for neuron in net.layers[0].neurons])
dC_dW = np.array([[w.grad for w in neuron.w] for neuron in net.layers[0].neurons])
nn.SGD(net.parameters(), lr=eta).step()

# the step by hand, for the first layer's 16 × 64 weights: W − η·∂C/∂W
W_by_hand = W_before - eta * dC_dW
W_ours = np.array([[w.data for w in neuron.w] for neuron in net.layers[0].neurons])
assert np.allclose(W_ours, W_by_hand, rtol=0, atol=1e-15)

if have_torch:
    import torch
    import torch.nn.functional as F

    # the same start: the same seed
    tnet = nn.to_torch(
        nn.MLP(64, [16, 16, 10], activation="sigmoid", output_activation="sigmoid", seed=0)
    )
    print(tnet)
    # PyTorch: the same cost written with its loss, its autograd, its optimizer
    opt = torch.optim.SGD(tnet.parameters(), lr=eta)
    opt.zero_grad()
    targets = F.one_hot(torch.tensor(yb), 10).double()
    C_torch = F.mse_loss(tnet(torch.tensor(Xb)), targets, reduction="sum") / len(yb)
    C_torch.backward()
    dC_dW_torch = tnet[0].weight.grad.numpy().copy()
    opt.step()

    print(f"C: autograd-mini {C.data:.15f}   PyTorch {C_torch.item():.15f}")
    assert abs(C.data - C_torch.item()) <= 1e-12
    assert np.allclose(dC_dW, dC_dW_torch, rtol=1e-12, atol=1e-15)

    assert np.allclose(tnet[0].weight.detach().numpy(), W_by_hand, rtol=0, atol=1e-14)
    # and every parameter after the step
    for ours, theirs in zip(nn.to_torch(net).parameters(), tnet.parameters(), strict=True):
        assert torch.allclose(ours, theirs, rtol=1e-12, atol=1e-12)
    print(f"after one step: the same {net.num_parameters():,} parameters in both, to rounding")
else:
    print(
        "without PyTorch: autograd-mini's step was checked by hand only "
        f"(the first layer's {W_ours.size:,} weights are W − η·∂C/∂W)"
    )

# %% [markdown]
# The way back is `nn.from_torch`: a `Sequential` of `Linear` layers, each followed by
# `Sigmoid`, `Tanh`, `ReLU`, `LeakyReLU(0.01)` or nothing, becomes an `nn.MLP` with
# exactly the same numbers — so a network trained in PyTorch can be opened up here and
# its graph drawn. Anything with no counterpart here (a convolution, dropout, a
# different `LeakyReLU` slope, hidden layers with different activations) is refused
# with a message naming the module. The cell below shows both, and needs PyTorch too:
# without it, it says so.
#
# | autograd-mini | PyTorch |
# |---|---|
# | `nn.MLP(64, [16, 16, 10], "sigmoid", "sigmoid")` | `Sequential(Linear(64, 16), …)` |
# | `nn.squared_error` (Σ over outputs, batch mean) | `F.mse_loss(out, y, reduction="sum") / B` |
# | `nn.softmax_cross_entropy` | `F.cross_entropy` |
# | `nn.SGD(params, lr=η)` | `torch.optim.SGD(params, lr=η)` |

# %%
if have_torch:
    back = nn.from_torch(tnet)
    print(back)
    assert back.architecture() == net.architecture()
    again = nn.to_torch(back)
    assert all(
        torch.equal(p, q) for p, q in zip(again.parameters(), tnet.parameters(), strict=True)
    )
    try:
        nn.from_torch(torch.nn.Sequential(torch.nn.Linear(64, 10), torch.nn.Dropout(0.5)))
    except ValueError as refusal:
        print(f"refused: {refusal}")
else:
    print("PyTorch is not installed: no round trip to show (to install it: see above)")

# %% [markdown]
# ## Summary
#
# * A network's parameters are $\sum (n_\text{in}+1)\,n_\text{out}$ numbers — 13,002
#   for 784-16-16-10 — and one backward pass gives the cost's slope along every one.
# * Gradient descent steps $W \leftarrow W - \eta\,\partial C/\partial W$; with the
#   average cost $C = \frac1m\sum C_i$ the batch gradient is the average of the
#   examples' gradients.
# * For the same work, many cheap mini-batch steps beat a few exact full-batch ones.
# * The cost is a landscape over the parameters; $-\nabla C$ points down its steepest
#   slope, and the engine's gradient is exactly that slope.
# * The same network in PyTorch (`nn.to_torch`) takes the same step to rounding: what
#   you learn here carries over to tensors.

# %% [markdown]
# ## Your turn
#
# Replace each stub, run it, then run the check below it: it names the entry that is
# wrong (expected vs yours) or prints ✓.
#
# **Exercise 1 — counting parameters.** `count_parameters([784, 16, 16, 10])` should be
# 13,002: weights and biases of every layer. The check compares your count with
# `nn.MLP(...).num_parameters()` for four shapes.


# %% tags=["exercise:count-parameters"]
def count_parameters(sizes):
    """The number of weights and biases of a fully connected network with these layer sizes."""
    raise NotImplementedError("your turn")


# %%
from exercises.nb04 import check_count_parameters, check_sgd_step

check_count_parameters(count_parameters)

# %% [markdown]
# **Exercise 2 — one SGD step by hand.** After `backward()` every parameter `p` holds
# $\partial C/\partial p$ in `p.grad`. Write `sgd_step(params, lr)`, which moves each
# parameter in place by $-\eta\,\partial C/\partial p$ (and leaves `p.grad` alone). The
# check compares your step with `nn.SGD(params, lr).step()` on an identical network, so
# calling an optimizer's `step()` is refused: the update is yours to write.


# %% tags=["exercise:sgd-step"]
def sgd_step(params, lr):
    """W ← W − η·∂C/∂W for every parameter, in place."""
    raise NotImplementedError("your turn")


# %%
check_sgd_step(sgd_step)
