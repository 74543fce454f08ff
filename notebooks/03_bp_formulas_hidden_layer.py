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
# # 3 · The BP formulas for a hidden layer
#
# Now give each layer several neurons. Sections 1–5 follow the notation of 周志华
# 《机器学习》 (Zhou Zhihua, *Machine Learning*), §5.3 "误差逆传播算法" (the error
# backpropagation algorithm), for a network with one hidden layer:
#
# * inputs $x_i$ ($i = 1\dots d$);
# * hidden neuron $h$ ($h = 1\dots q$) receives $\alpha_h = \sum_i v_{ih} x_i$, has
#   threshold $\gamma_h$, and outputs $b_h = f(\alpha_h - \gamma_h)$;
# * output neuron $j$ ($j = 1\dots l$) receives $\beta_j = \sum_h w_{hj} b_h$, has
#   threshold $\theta_j$, and outputs $\hat y_j = f(\beta_j - \theta_j)$;
# * the error on one example is $E = \tfrac12 \sum_j (\hat y_j - y_j)^2$ — 周志华 writes
#   $E_k = \tfrac12\sum_{j=1}^{l}(\hat y_j^k - y_j^k)^2$ for the $k$-th training example,
#   $j$ counting the output neurons and $k$ the examples: the sum runs over the outputs
#   $j$ of one example $k$. Below, one example at a time, the $k$ is left out.
#
# *Why the ½.* 周志华 (and UFLDL, in section 6) put $\tfrac12$ in front of the squared
# error so that it cancels the 2 that differentiating the square brings down:
# $\partial E/\partial\hat y_j = \hat y_j - y_j$. So no factor 2 appears in this
# notebook's formulas — unlike notebook 2, whose cost (3Blue1Brown's)
# $C_0 = (a^{(L)} - y)^2$ has no ½ and gives $\partial C_0/\partial a^{(L)} = 2(a^{(L)} - y)$.
# The two costs differ by a constant factor, so they have the same minimum, and the
# learning rate absorbs the 2. The first cell below checks both derivatives with the engine.
#
# In sections 1–5 the letter $b$ means only this: $b_h$ is the *output* of hidden
# neuron $h$. There are no separate biases here: a threshold plays their part with the
# opposite sign ($f(\beta_j - \theta_j)$ is a neuron whose bias is $-\theta_j$).
# Section 6 switches to the UFLDL tutorial's notation, where $b^{(l)}$ is a bias vector.
# The activation is the sigmoid $f(t) = 1/(1 + e^{-t})$.

# %%
import itertools
import math

import matplotlib.pyplot as plt
import numpy as np

from autograd_mini import Value, dot, vsum


def f(t):
    return 1 / (1 + np.exp(-t))


# E = ½ Σⱼ (ŷⱼ − yⱼ)² gives ∂E/∂ŷⱼ = ŷⱼ − yⱼ. Without the ½, as in notebook 2's cost
# C₀ = (a⁽ᴸ⁾ − y)² of its one output, each derivative is twice that (here for two outputs).
y_probe, t_probe = np.array([0.7, 0.2]), np.array([1.0, 0.0])
for half, factor in ((0.5, 1.0), (1.0, 2.0)):
    nodes = [Value(float(v)) for v in y_probe]
    (half * vsum([(v - float(t)) ** 2 for v, t in zip(nodes, t_probe, strict=True)])).backward()
    assert np.allclose([v.grad for v in nodes], factor * (y_probe - t_probe), rtol=1e-12)

# %% [markdown]
# ## 1. The sigmoid's derivative is $f(1 - f)$
#
# $$f'(t) = \frac{e^{-t}}{(1 + e^{-t})^2}
#         = \frac{1}{1 + e^{-t}}\cdot\frac{(1 + e^{-t}) - 1}{1 + e^{-t}}
#         = f(t)\,\big(1 - f(t)\big).$$
#
# This is why the formulas below contain factors like $\hat y_j(1 - \hat y_j)$: the
# derivative is available from the output alone, without recomputing an exponential.

# %%
ts = np.linspace(-6, 6, 25)
engine = []
for t in ts:
    node = Value(float(t))
    node.sigmoid().backward()
    engine.append(node.grad)
quotient_rule = np.exp(-ts) / (1 + np.exp(-ts)) ** 2
# the derivation's middle step: 1/(1 + e^(−t)) · ((1 + e^(−t)) − 1)/(1 + e^(−t))
middle_step = 1 / (1 + np.exp(-ts)) * ((1 + np.exp(-ts)) - 1) / (1 + np.exp(-ts))
assert np.allclose(engine, f(ts) * (1 - f(ts)), rtol=1e-12, atol=0)
assert np.allclose(engine, quotient_rule, rtol=1e-12, atol=0)
assert np.allclose(engine, middle_step, rtol=1e-12, atol=0)
print(f"max f'(t) = {max(engine)} at t = 0")
assert max(engine) == 0.25 and ts[np.argmax(engine)] == 0  # 1/4, at t = 0

# %% [markdown]
# ## 2. One example, forward by hand (numpy)

# %%
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
print("ŷ =", y_hat, "  E =", E)

# %% [markdown]
# ## 3. The BP formulas
#
# 周志华 calls the two quantities below the **gradient terms** (梯度项) of the output and
# the hidden layer. For the output layer,
#
# $$g_j = -\frac{\partial E}{\partial \hat y_j}\,\frac{\partial \hat y_j}{\partial \beta_j}
#       = \hat y_j (1 - \hat y_j)(y_j - \hat y_j),$$
#
# and for the hidden layer, collecting what reaches $b_h$ from every output $j$,
#
# $$e_h = -\frac{\partial E}{\partial b_h}\,\frac{\partial b_h}{\partial \alpha_h}
#       = b_h (1 - b_h) \sum_{j} w_{hj}\, g_j .$$
#
# Each is *minus* the derivative of $E$ with respect to a neuron's input:
# $g_j = -\partial E/\partial\beta_j$ and $e_h = -\partial E/\partial\alpha_h$ (section 4
# reads both off the engine). Section 6 meets this kind of derivative without the minus
# sign: UFLDL's *error term* $\delta$.
#
# Gradient descent moves every parameter by $-\eta$ times its derivative, $\eta$ being
# the learning rate. Since $\partial \beta_j / \partial w_{hj} = b_h$,
# $\partial \hat y_j/\partial\theta_j = -f'(\beta_j - \theta_j)$,
# $\partial \alpha_h/\partial v_{ih} = x_i$ and
# $\partial b_h/\partial\gamma_h = -f'(\alpha_h - \gamma_h)$:
#
# $$\Delta w_{hj} = \eta\, g_j\, b_h,\qquad \Delta\theta_j = -\eta\, g_j,\qquad
#   \Delta v_{ih} = \eta\, e_h\, x_i,\qquad \Delta\gamma_h = -\eta\, e_h .$$
#
# *Mind the index of the sum in $e_h$:* it runs over the outputs $j = 1\dots l$, and its
# terms carry that $j$,
# $\;e_h = -\sum_{j=1}^{l}\frac{\partial E}{\partial\beta_j}\frac{\partial\beta_j}{\partial b_h}
# f'(\alpha_h - \gamma_h)$ — not $i$, the index of the *inputs*. The cell below computes
# $e_h$ as the vector form and as the explicit loop over $j$, and they agree.

# %%
g = y_hat * (1 - y_hat) * (y - y_hat)
e = b_out * (1 - b_out) * (W @ g)

dW_formula = eta * np.outer(b_out, g)  # Δw_hj, shape (q, l)
dtheta_formula = -eta * g  # Δθ_j
dV_formula = eta * np.outer(x, e)  # Δv_ih, shape (d, q)
dgamma_formula = -eta * e  # Δγ_h
print("g =", g)
print("e =", e)

# e_h with the sum over the outputs j written out, term by term.
e_loop = np.array(
    [b_out[h] * (1 - b_out[h]) * sum(W[h, j] * g[j] for j in range(n_out)) for h in range(q)]
)
assert np.allclose(e_loop, e, rtol=1e-12, atol=0)


# %% [markdown]
# ## 4. The same updates from the engine
#
# Build the network from `Value`s — each weighted sum is one `dot` node — call
# `backward()` on $E$ and take $\Delta p = -\eta\,\partial E/\partial p$ for every
# parameter. No formula from section 3 is used here.


# %%
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
# Section 3's partial derivatives, read off the engine's nodes: β_j's dot node has local
# derivative b_h for w_hj, α_h's has x_i for v_ih; and ŷ_j, b_h change with θ_j, γ_h at −f′.
for j in range(n_out):
    assert np.allclose(beta_[j].local_grads[:q], b_out, rtol=1e-12)  # ∂β_j/∂w_hj = b_h
    theta_j = Value(float(theta[j]))
    (Value(float(beta[j])) - theta_j).sigmoid().backward()
    out = f(beta[j] - theta[j])
    assert math.isclose(theta_j.grad, -out * (1 - out), rel_tol=1e-12)  # ∂ŷ_j/∂θ_j
for h in range(q):
    assert np.allclose(alpha_[h].local_grads, x, rtol=1e-12)  # ∂α_h/∂v_ih = x_i
    gamma_h = Value(float(gamma[h]))
    (Value(float(alpha[h])) - gamma_h).sigmoid().backward()
    out = f(alpha[h] - gamma[h])
    assert math.isclose(gamma_h.grad, -out * (1 - out), rel_tol=1e-12)  # ∂b_h/∂γ_h
print("Δw_hj =\n", dW_engine)
print("Δv_ih =\n", dV_engine)

# %% [markdown]
# ## 5. Training with the formulas and with the engine
#
# Repeat the update on six examples, one at a time, and go over the six 40 times: one
# pass over all the training examples is an **epoch**, the unit of the plot's horizontal
# axis. The plot shows the error summed over the six examples, $\sum_k E_k$, after each
# epoch. Running the hand formulas and the engine side by side, the two error curves
# are the same curve.

# %%
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


E_start = total_error((V, gamma, W, theta))
by_formula = by_engine = (V, gamma, W, theta)
history_formula, history_engine, per_update = [], [], []
for _epoch in range(40):
    for xk, yk in zip(X_train, Y_train, strict=True):  # standard BP: one example at a time
        by_formula = formula_step(by_formula, xk, yk)
        by_engine = engine_step(by_engine, xk, yk)
        per_update.append(total_error(by_formula))
    history_formula.append(total_error(by_formula))
    history_engine.append(total_error(by_engine))

assert len(X_train) == 6 and len(history_formula) == 40  # six examples, 40 epochs
assert np.allclose(history_formula, history_engine, rtol=1e-9)
assert history_formula[-1] < 0.5 * history_formula[0]

fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(range(41), [E_start, *history_formula], lw=4, alpha=0.4, label="hand formulas")
ax.plot(range(41), [E_start, *history_engine], "k--", label="engine")
ax.set_xlabel("epoch")
ax.set_ylabel("Σₖ Eₖ, summed over the examples")
ax.legend()
plt.show()

# %% [markdown]
# ### Standard BP versus accumulated BP (累积BP)
#
# The loop above is **standard BP** (标准BP): it updates after *every* example, using that
# example's $E_k$ alone. 周志华 §5.3 also describes **accumulated BP** (累积误差逆传播):
# minimise the error over the whole training set of $m$ examples,
# $E = \frac1m\sum_{k=1}^{m} E_k$, and update once per pass ("epoch") with its gradient —
# the sum of the per-example updates divided by $m$. Read the two as an experiment:
# same start, same $\eta$, same 40 passes over the data. (The plots show
# $\sum_k E_k = mE$, which falls and rises with $E$.)


# %%
def accumulated_step(params, X, Y):
    # Accumulated BP: the average of the per-example updates, applied once.
    steps = [
        [new - old for new, old in zip(formula_step(params, x, y), params, strict=True)]
        for x, y in zip(X, Y, strict=True)
    ]
    mean = [sum(parts) / len(steps) for parts in zip(*steps, strict=True)]
    return tuple(p + dp for p, dp in zip(params, mean, strict=True))


# The accumulated update is −η·∂E/∂(parameter) for E = (1/m) Σ_k E_k: check with the engine.
start = (V, gamma, W, theta)
V_, gamma_, W_, theta_ = build(*start)
examples = zip(X_train, Y_train, strict=True)
E_all = vsum([forward(V_, gamma_, W_, theta_, x, y)[0] for x, y in examples])
E_mean = E_all / len(X_train)
E_mean.backward()
# the plots' Σₖ Eₖ is mE: numpy's total_error is m times the engine's E
assert math.isclose(total_error(start), len(X_train) * E_mean.data, rel_tol=1e-12)
accumulated = accumulated_step(start, X_train, Y_train)
assert np.allclose(accumulated[0] - V, -eta * grads(V_), rtol=1e-10, atol=1e-15)
assert np.allclose(
    accumulated[1] - gamma, -eta * np.array([p.grad for p in gamma_]), rtol=1e-10, atol=1e-15
)
assert np.allclose(accumulated[2] - W, -eta * grads(W_), rtol=1e-10, atol=1e-15)
assert np.allclose(
    accumulated[3] - theta, -eta * np.array([p.grad for p in theta_]), rtol=1e-10, atol=1e-15
)

params_acc, history_acc = start, []
for _epoch in range(40):
    params_acc = accumulated_step(params_acc, X_train, Y_train)
    history_acc.append(total_error(params_acc))

passes, updates = len(history_acc), len(per_update)
print(
    f"from Σₖ Eₖ = {E_start:.4f}, after {passes} passes: standard BP "
    f"{history_formula[-1]:.4f} ({updates} updates), accumulated BP {history_acc[-1]:.4f} "
    f"({passes} updates)"
)
rises = sum(b > a for a, b in itertools.pairwise([E_start, *per_update]))
print(
    f"Σₖ Eₖ went up after {rises} of standard BP's {updates} updates, "
    f"after 0 of accumulated BP's {passes}"
)
# Each accumulated step follows the true gradient of E, and with a step this small
# (η = 0.5) E falls every single time; a standard-BP step follows one example's Eₖ,
# which can raise the others' — but it makes six updates per pass and gets further.
assert all(b < a for a, b in itertools.pairwise(history_acc))
assert rises > 0
assert 4 * rises > updates  # many: more than a quarter of the updates
# six updates per pass (one per example), 240 in 40 passes
assert len(per_update) == 6 * len(history_acc) == 240
assert history_formula[-1] < history_acc[-1]
# Standard BP is ahead after every pass, not only the last.
assert all(s < a for s, a in zip(history_formula, history_acc, strict=True))

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(7.2, 3.6), layout="constrained")
ax1.plot(range(41), [E_start, *history_formula], label="standard BP (update per example)")
ax1.plot(range(41), [E_start, *history_acc], label="accumulated BP (update per pass)")
ax1.set_xlabel("pass over the training set (epoch)")
ax2.plot(range(241), [E_start, *per_update], lw=0.8, label="standard BP")
ax2.plot(range(41), [E_start, *history_acc], label="accumulated BP")
ax2.set_xlabel("number of updates")
for ax in (ax1, ax2):
    ax.set_ylabel("Σₖ Eₖ, summed over the examples")
# one legend for both panels (the same two colours), above them: inside, it lay over the curves
fig.legend(*ax1.get_legend_handles_labels(), loc="outside upper center", ncols=2)
plt.show()

# %% [markdown]
# Per pass, standard BP is ahead — it has taken six steps for each one of accumulated
# BP. Per *update*, accumulated BP is the steadier walker: every step lowers $E$, while
# standard BP's error went up after many of its updates (the count is printed above),
# because each of its steps follows one example's $E_k$. This is
# 周志华's observation: accumulated BP updates less often, but once $E$ has fallen to a
# certain level it may fall very slowly, and on a large training set standard BP usually
# gets to a good solution faster. (Mini-batch SGD, notebook 4, sits between the two.)

# %% [markdown]
# ## 6. Any depth, in matrix form: the δ recursion with L2
#
# Number the layers $1\dots N$ with $a^{(1)} = x$ ($N$ is the number of layers, UFLDL's
# $n_l$), write $S_l$ for the number of neurons in layer $l$ (UFLDL's $s_l$), and let
# $W^{(l)}$ (shape $S_{l+1}\times S_l$) and $b^{(l)}$ connect layer $l$ to layer $l+1$:
#
# $$z^{(l+1)} = W^{(l)} a^{(l)} + b^{(l)},\qquad a^{(l+1)} = f\big(z^{(l+1)}\big).$$
#
# *Mind the count.* Notebook 2 (after 3Blue1Brown) called the input layer 0 and the
# output layer $L$; UFLDL, and this section, call the input layer 1 and count it in $N$,
# so the output is layer $N$. The weights keep their numbers — notebook 2's $w^{(l)}$ is
# $W^{(l)}$ here, $N - 1$ of them — but every activation moves up by one: its chain
# $a^{(0)}\dots a^{(4)}$ would be $a^{(1)}\dots a^{(5)}$ here, with $N = 5$.
#
# This section follows the UFLDL tutorial (Stanford's *Unsupervised Feature Learning
# and Deep Learning*, "Backpropagation Algorithm", 反向传导算法). One letter changes
# meaning here: $l$ numbers the layers (in sections 1–5 it was the number of outputs);
# $m$ still counts the examples, as in section 5 and in UFLDL. Over $m$ examples, with an
# L2 penalty that keeps the weights small,
#
# $$J = \frac1m \sum_{k=1}^{m} \tfrac12 \big\lVert a^{(N)}[k] - y[k] \big\rVert_2^{\,2}
#       + \frac{\lambda}{2}\sum_{l}\sum_{i,j}\big(W^{(l)}_{ij}\big)^2 .$$
#
# *Which index is which.* In this section $k$ always numbers the examples and $i, j$
# number neurons. What belongs to example $k$ carries $[k]$: $a^{(N)}[k]$ is the output
# for example $k$ and $y[k]$ its target (column $k$ of the arrays in the code), and
# $\delta^{(l)}[k]$ below is its error term. A subscript on a vector or a matrix, as in
# $\delta^{(l)}_i$ or $W^{(l)}_{ij}$, always picks a neuron. Only $J_k$, one number per
# example, keeps $k$ as a subscript, like 周志华's $E_k$.
#
# *Note the square.* Some Chinese write-ups of UFLDL print the per-example cost as
# $\tfrac12\lVert h_{W,b}(x) - y\rVert_2$, the norm itself; its derivative would be
# $\tfrac12(a - y)/\lVert a - y\rVert$, not the $(a - y)$ used below. The next cell
# shows the difference with the engine.
#
# Call $\delta^{(l)} = \partial J_k / \partial z^{(l)}$ the **error term** of layer $l$ for
# one example — UFLDL's name (Michael Nielsen's online book *Neural Networks and Deep
# Learning* calls it the *error*); here
# $J_k = \tfrac12\lVert a^{(N)}[k] - y[k]\rVert_2^{\,2}$ is that example's squared-error
# term, so that $J$ is the mean of the $J_k$ plus the penalty. The chain rule gives a
# recursion that runs backwards:
#
# $$\delta^{(N)} = \big(a^{(N)} - y\big)\odot f'\big(z^{(N)}\big),\qquad
#   \delta^{(l)} = \big(W^{(l)\top}\delta^{(l+1)}\big)\odot f'\big(z^{(l)}\big),$$
#
# where $\odot$ is the element-wise (Hadamard) product, $(u\odot v)_i = u_i\,v_i$ — `*`
# between two numpy arrays — and then the gradients are
#
# $$\frac{\partial J}{\partial W^{(l)}}
#   = \frac1m\sum_{k=1}^{m} \delta^{(l+1)}[k]\; a^{(l)}[k]^{\top} + \lambda W^{(l)},\qquad
#   \frac{\partial J}{\partial b^{(l)}} = \frac1m\sum_{k=1}^{m} \delta^{(l+1)}[k] .$$
#
# Element by element the recursion reads
#
# $$\delta_i^{(l)} = \Big(\sum_{j=1}^{S_{l+1}} \delta_j^{(l+1)}\, W^{(l)}_{ji}\Big)\,
#   f'\big(z_i^{(l)}\big),$$
#
# the sum over every neuron $j$ that neuron $i$ feeds; the matrix form is the same sum
# for all $i$ at once.
#
# The penalty adds $\lambda W$ to the weight gradients and leaves the biases and the
# $\delta$'s alone.
#
# *About the sign.* Here $\delta = \partial J_k/\partial z$, so
# $\delta^{(N)} = (a - y)\odot f'(z)$, and gradient descent *subtracts*
# $\eta\,\partial J/\partial W$. Some write-ups of UFLDL keep $\delta$ defined as
# $\partial J_k/\partial z$ but write $\delta^{(N)} = (y - a)\odot f'(z)$: that is
# $-\partial J_k/\partial z$, and subtracting it *climbs* the loss (shown below). With the
# $y - a$ convention $\delta$ is $-\partial J_k/\partial z$ and the update must *add*
# $\eta\,\delta a^\top$. That is what 周志华's gradient terms do: $g_j$ and $e_h$ are the
# $+\delta$ of the $y - a$ convention, and minus this section's error terms. Section 2's
# network has three layers, with $z^{(3)}_j = \beta_j - \theta_j$ and
# $z^{(2)}_h = \alpha_h - \gamma_h$; there $g_j = -\delta^{(3)}_j$ and
# $e_h = -\delta^{(2)}_h$, which the end of the next cell checks.

# %%
sizes = [4, 5, 3, 2]  # S_1 ... S_N
N = len(sizes)
m, lam = 6, 0.01
rng = np.random.default_rng(7)
Wm = {layer: rng.normal(0, 0.7, size=(sizes[layer], sizes[layer - 1])) for layer in range(1, N)}
bm = {layer: rng.normal(0, 0.3, size=sizes[layer]) for layer in range(1, N)}
# The input is layer 1 and N counts it: N = 4 layers, N − 1 = 3 weight matrices.
assert list(Wm) == list(range(1, N)) and len(Wm) == N - 1 == 3
X = rng.uniform(-1, 1, size=(sizes[0], m))  # one example per column
Y = rng.uniform(0, 1, size=(sizes[-1], m))

# Forward, all examples at once (columns).
a_m, z_m = {1: X}, {}
for layer in range(1, N):
    z_m[layer + 1] = Wm[layer] @ a_m[layer] + bm[layer][:, None]
    a_m[layer + 1] = f(z_m[layer + 1])
J = np.sum(0.5 * np.sum((a_m[N] - Y) ** 2, axis=0)) / m
J += lam / 2 * sum(np.sum(Wm[layer] ** 2) for layer in Wm)


def f_prime(zz):
    return f(zz) * (1 - f(zz))


# Backward: the δ recursion.
delta = {N: (a_m[N] - Y) * f_prime(z_m[N])}
for layer in range(N - 1, 1, -1):
    delta[layer] = (Wm[layer].T @ delta[layer + 1]) * f_prime(z_m[layer])
dW = {layer: delta[layer + 1] @ a_m[layer].T / m + lam * Wm[layer] for layer in Wm}
db = {layer: delta[layer + 1].mean(axis=1) for layer in bm}
print("J =", J)

# The element-wise recursion, δ_i^(l) = (Σ_j δ_j^(l+1) W_ji) f′(z_i), as plain loops.
for layer in range(N - 1, 1, -1):
    for k in range(m):
        for i in range(sizes[layer - 1]):
            total = sum(delta[layer + 1][j, k] * Wm[layer][j, i] for j in range(sizes[layer]))
            assert math.isclose(
                total * f_prime(z_m[layer][i, k]), delta[layer][i, k], rel_tol=1e-12, abs_tol=1e-15
            )

# %%
# The engine, knowing nothing of δ: scalar Values, one dot node per neuron.
W_v = {layer: [[Value(t) for t in row] for row in Wm[layer]] for layer in Wm}
b_v = {layer: [Value(t) for t in bm[layer]] for layer in bm}
z_nodes = []  # z_nodes[k][layer][i] = z^(l)_i for example k
costs = []
for k in range(m):
    act = [float(t) for t in X[:, k]]
    zs = {}
    for layer in range(1, N):
        zs[layer + 1] = [dot(W_v[layer][i], act, b_v[layer][i]) for i in range(sizes[layer])]
        act = [zz.sigmoid() for zz in zs[layer + 1]]
    z_nodes.append(zs)
    costs.append(0.5 * vsum([(act[i] - Y[i, k]) ** 2 for i in range(sizes[-1])]))
penalty = lam / 2 * vsum([w**2 for layer in W_v for row in W_v[layer] for w in row])
J_engine = vsum(costs) / m + penalty
J_engine.backward()

assert math.isclose(J_engine.data, J, rel_tol=1e-12)
for layer in Wm:
    engine_dW = np.array([[w.grad for w in row] for row in W_v[layer]])
    engine_db = np.array([v.grad for v in b_v[layer]])
    assert np.allclose(engine_dW, dW[layer], rtol=1e-10, atol=1e-14), layer
    assert np.allclose(engine_db, db[layer], rtol=1e-10, atol=1e-14), layer

# δ is what the engine stores on each z node (times m, because J averages the examples).
for layer in range(2, N + 1):
    engine_delta = np.array([[zz.grad for zz in z_nodes[k][layer]] for k in range(m)]).T
    assert np.allclose(engine_delta * m, delta[layer], rtol=1e-10, atol=1e-14), layer
print("every ∂J/∂W, ∂J/∂b and δ agrees with the matrix formulas")

# The square matters: with ½‖a − y‖ (no square) ∂/∂a is ½(a − y)/‖a − y‖, not (a − y).
a_out = [Value(t) for t in a_m[N][:, 0]]
norm = vsum([(ai - float(t)) ** 2 for ai, t in zip(a_out, Y[:, 0], strict=True)]) ** 0.5
(0.5 * norm).backward()
residual = a_m[N][:, 0] - Y[:, 0]
unsquared = 0.5 * residual / np.linalg.norm(residual)
assert np.allclose([ai.grad for ai in a_out], unsquared, rtol=1e-12)
assert not np.allclose(unsquared, residual)  # the squared cost's gradient is the residual

# The sign matters: (y − a)·f′(z) is −∂J_k/∂z. Subtract it like a gradient and J goes up.
wrong_delta = {N: (Y - a_m[N]) * f_prime(z_m[N])}
for layer in range(N - 1, 1, -1):
    wrong_delta[layer] = (Wm[layer].T @ wrong_delta[layer + 1]) * f_prime(z_m[layer])
assert np.allclose(wrong_delta[2], -delta[2], rtol=1e-12)


def cost(W_, b_, lam=lam):
    act = X
    for layer in range(1, N):
        act = f(W_[layer] @ act + b_[layer][:, None])
    data_term = np.sum(0.5 * np.sum((act - Y) ** 2, axis=0)) / m
    return data_term + lam / 2 * sum(np.sum(W_[layer] ** 2) for layer in W_)


def walk(top, steps=20, step=2.0):
    # Gradient descent on the squared-error term (λ = 0), the δ's recomputed at every step
    # from δ^(N) = top(a) ⊙ f′(z^(N)); J at the start and after each step.
    W_ = {layer: Wm[layer].copy() for layer in Wm}
    b_ = {layer: bm[layer].copy() for layer in bm}
    costs = [cost(W_, b_, lam=0.0)]
    for _ in range(steps):
        a_, z_ = {1: X}, {}
        for layer in range(1, N):
            z_[layer + 1] = W_[layer] @ a_[layer] + b_[layer][:, None]
            a_[layer + 1] = f(z_[layer + 1])
        d_ = {N: top(a_[N]) * f_prime(z_[N])}
        for layer in range(N - 1, 1, -1):
            d_[layer] = (W_[layer].T @ d_[layer + 1]) * f_prime(z_[layer])
        for layer in W_:
            W_[layer] -= step * d_[layer + 1] @ a_[layer].T / m
            b_[layer] -= step * d_[layer + 1].mean(axis=1)
        costs.append(cost(W_, b_, lam=0.0))
    return costs


right = walk(lambda a: a - Y)  # δ^(N) = (a − y) ⊙ f′(z) = ∂J_k/∂z^(N)
wrong = walk(lambda a: Y - a)  # (y − a) ⊙ f′(z), subtracted as if it were ∂J_k/∂z^(N)
J0 = right[0]
assert math.isclose(J0, cost(Wm, bm, lam=0.0)) and wrong[0] == J0
print(f"squared error at the start J = {J0:.6f}; its change ΔJ after steps of size 2:")
for taken in (1, 5, 20):
    print(
        f"  after step {taken:>2}: ΔJ = {right[taken] - J0:+.2e} with δ = ∂J_k/∂z,  "
        f"{wrong[taken] - J0:+.2e} with (y − a)f′ used as ∂J_k/∂z"
    )
assert all(b < a for a, b in itertools.pairwise(right))  # every step down
assert all(b > a for a, b in itertools.pairwise(wrong))  # every step up

# 周志华's gradient terms are minus the error terms: section 2's network in this notation,
# where W^(2) (hidden → output) is his W transposed, so W^(2)ᵀ δ^(3) is W @ δ^(3).
delta_3 = (y_hat - y) * f_prime(beta - theta)  # δ^(3) = (a^(3) − y) ⊙ f′(z^(3))
delta_2 = (W @ delta_3) * f_prime(alpha - gamma)  # δ^(2) = (W^(2)ᵀ δ^(3)) ⊙ f′(z^(2))
assert np.allclose(delta_3, -g, rtol=1e-12, atol=1e-15)
assert np.allclose(delta_2, -e, rtol=1e-12, atol=1e-15)
E_, alpha_, beta_ = forward(*build(V, gamma, W, theta), x, y)
E_.backward()  # the engine: δ is the gradient on the z nodes (here β and α)
assert np.allclose([node.grad for node in beta_], delta_3, rtol=1e-12, atol=1e-15)
assert np.allclose([node.grad for node in alpha_], delta_2, rtol=1e-12, atol=1e-15)
print("δ^(3) =", delta_3, "= −g;  δ^(2) =", delta_2, "= −e")

# %% [markdown]
# Finally, what λ does: with the penalty on — $\lambda = 0.001$ here (`lam_small`), a
# tenth of the $\lambda = 0.01$ above, and still felt — the same gradient-descent loop
# ends with smaller weights. The engine's gradient of the penalty alone is exactly
# $\lambda W$; the cell checks it with this $\lambda = 0.001$.

# %%
lam_small = lam / 10
assert math.isclose(lam_small, 0.001)  # a tenth of the λ above
W_probe = [Value(t) for t in Wm[1].ravel()]
(lam_small / 2 * vsum([w**2 for w in W_probe])).backward()
assert np.allclose([w.grad for w in W_probe], lam_small * Wm[1].ravel(), rtol=1e-12)


STEPS = 300  # of gradient descent, in descend below
assert STEPS == 300  # the text's "trained for 300 steps"


def descend(W_start, b_start, lam=0.0, steps=STEPS, lr=2.0):
    # Full-batch gradient descent on J (λ/2·ΣW² included) from these weights; the ending ones.
    W_ = {layer: W_start[layer].copy() for layer in W_start}
    b_ = {layer: b_start[layer].copy() for layer in b_start}
    for _ in range(steps):
        a_, z_ = {1: X}, {}
        for layer in range(1, N):
            z_[layer + 1] = W_[layer] @ a_[layer] + b_[layer][:, None]
            a_[layer + 1] = f(z_[layer + 1])
        dl = {N: (a_[N] - Y) * f_prime(z_[N])}
        for layer in range(N - 1, 1, -1):
            dl[layer] = (W_[layer].T @ dl[layer + 1]) * f_prime(z_[layer])
        for layer in W_:
            W_[layer] -= lr * (dl[layer + 1] @ a_[layer].T / m + lam * W_[layer])
            b_[layer] -= lr * dl[layer + 1].mean(axis=1)
    return W_, b_


def squared_weights(lam):
    W_end, _ = descend(Wm, bm, lam)
    return sum(np.sum(W_end[layer] ** 2) for layer in W_end)


plain, penalised = squared_weights(0.0), squared_weights(lam_small)
print(f"ΣW² after training: λ = 0 → {plain:.3f},  λ = {lam_small:g} → {penalised:.3f}")
assert penalised < plain / 2  # still felt: ΣW² less than half of what it is without λ

# %% [markdown]
# ## 7. Why the weights start random: breaking the symmetry
#
# UFLDL starts every weight (and bias) at a small random number, drawn from the normal
# distribution with mean 0 and standard deviation 0.01, written $\mathcal N(0, 0.01^2)$
# (the second number is the variance, the standard deviation squared). Why not simply
# zero? If the weights and the biases into a layer start equal — every neuron of the
# layer gets the same row of $W$ and the same $b$ — and so do the weights out of it
# (all zero is such a start), every neuron of that layer computes the same $z$, gets the
# same $\delta$ (the recursion $\delta_i = f'(z_i)\sum_j W_{ji}\delta_j$ treats them
# alike), and receives the same update: they stay identical forever, and the layer is
# worth one neuron.
#
# Below, the same 4-5-3-2 network is trained for 300 steps from an all-zero start and
# from such a random start. For each run the cell prints the cost (the squared error,
# $\lambda = 0$, which the loop minimises) before and after, and how far apart the five
# hidden neurons' incoming weights are before and after; the engine then computes the
# gradient of those weights: identical rows mean identical neurons. The targets $Y$ are
# random numbers, so there is little to learn: both runs bring the cost down a little,
# from about 0.088 to the same 0.081. The difference is in the neurons. From zero they
# are identical before training, after it, and in their gradients. From the random
# start they differ before any step is taken (by about 0.025), and 300 steps later they
# still differ by about as much: random initialisation breaks the symmetry at the start,
# and training keeps it broken.


# %%
def engine_gradients(W_, b_):
    # ∂J/∂W from the engine (λ = 0), to confirm the symmetric state is not a numpy artefact.
    Wv = {layer: [[Value(float(t)) for t in row] for row in W_[layer]] for layer in W_}
    bv = {layer: [Value(float(t)) for t in b_[layer]] for layer in b_}
    costs = []
    for k in range(m):
        act = [float(t) for t in X[:, k]]
        for layer in range(1, N):
            act = [dot(Wv[layer][i], act, bv[layer][i]).sigmoid() for i in range(sizes[layer])]
        costs.append(0.5 * vsum([(act[i] - Y[i, k]) ** 2 for i in range(sizes[-1])]))
    (vsum(costs) / m).backward()
    return {layer: np.array([[w.grad for w in row] for row in Wv[layer]]) for layer in Wv}


zeros_W = {layer: np.zeros_like(Wm[layer]) for layer in Wm}
zeros_b = {layer: np.zeros_like(bm[layer]) for layer in bm}
init_rng = np.random.default_rng(0)
small_W = {layer: init_rng.normal(0, 0.01, size=Wm[layer].shape) for layer in Wm}  # mean 0, sd 0.01
small_b = {layer: init_rng.normal(0, 0.01, size=bm[layer].shape) for layer in bm}

finals = {}
for name, (W0, b0) in {"zero": (zeros_W, zeros_b), "random": (small_W, small_b)}.items():
    W_end, b_end = descend(W0, b0)
    # Row i of W^(1): the weights into hidden neuron i of layer 2. How different are the rows?
    spread_start = np.ptp(W0[1], axis=0).max()
    spread = np.ptp(W_end[1], axis=0).max()
    start, final = cost(W0, b0, lam=0.0), cost(W_end, b_end, lam=0.0)  # the J descend minimises
    finals[name] = final
    print(f"from the {name} start:")
    print(f"  cost {start:.5f} → {final:.5f} after {STEPS} steps")
    print(f"  hidden neurons differ by up to {spread_start:.2e} → {spread:.2e}")
    g_engine = engine_gradients(W_end, b_end)
    g_spread = np.ptp(g_engine[1], axis=0).max()  # how different their gradients are
    print(f"  and their gradients (engine) differ by up to {g_spread:.2e}")
    assert abs(start - 0.088) < 1e-3 and abs(final - 0.081) < 1e-3  # a little to learn
    if name == "zero":
        assert spread_start == spread == 0.0  # five hidden neurons, one pattern, throughout
        assert np.ptp(b_end[1]) == 0.0  # and one bias: the biases into the layer stay equal
        assert g_spread <= 1e-15  # identical gradients, so identical updates, forever
    else:
        assert abs(spread_start - 0.025) < 1e-3 and g_spread > 1e-6  # different from the start
        assert abs(spread / spread_start - 1) < 0.05  # and still about as different after
assert abs(finals["zero"] - finals["random"]) < 1e-4  # both end at the same cost

# %% [markdown]
# ## Your turn
#
# Replace each stub, run it, then run the check below it: it names the entry that is
# wrong (expected vs yours) or prints ✓. Arrays are numpy arrays. Exercises 1–3 are
# sections 1–5's network, in 周志华's letters again: $l$ is the number of outputs and $b_h$
# a hidden neuron's output; exercise 4 is section 6's, where $l$ numbers the layers.
#
# **Exercise 1 — $g_j$.** Given the outputs $\hat y$ and the targets $y$ (both of length
# $l$), return the output layer's gradient terms, the vector
# $g_j = \hat y_j(1 - \hat y_j)(y_j - \hat y_j)$. The check
# compares it with $-\partial E/\partial\beta_j$ from the engine, on two small networks,
# one of them with targets that are neither 0 nor 1.


# %% tags=["exercise:g-j"]
def g_of(y_hat, y):
    """g_j = −∂E/∂β_j for every output j."""
    raise NotImplementedError("your turn")


# %%
from exercises.nb03 import check_delta_step, check_e_h, check_g_j, check_updates

check_g_j(g_of)

# %% [markdown]
# **Exercise 2 — $e_h$.** Given the hidden outputs $b_h$ (length $q$), the weights
# $W$ (shape $q\times l$, $W_{hj} = w_{hj}$) and $g$, return the hidden layer's gradient
# terms $e_h = b_h(1 - b_h)\sum_j w_{hj}\,g_j$ for every $h$.


# %% tags=["exercise:e-h"]
def e_of(b_hidden, W, g):
    """e_h = −∂E/∂α_h for every hidden neuron h."""
    raise NotImplementedError("your turn")


# %%
check_e_h(e_of)

# %% [markdown]
# **Exercise 3 — the four updates.** Given one example's input $x$ (length $d$), the
# hidden outputs $b_h$, the gradient terms $g$ and $e$, and the learning rate $\eta$,
# return the tuple $(\Delta W, \Delta\theta, \Delta V, \Delta\gamma)$ of standard BP,
# section 3's
#
# $$\Delta w_{hj} = \eta\, g_j\, b_h,\qquad \Delta\theta_j = -\eta\, g_j,\qquad
#   \Delta v_{ih} = \eta\, e_h\, x_i,\qquad \Delta\gamma_h = -\eta\, e_h ,$$
#
# each update with the shape of its parameter: $\Delta W$ is $q\times l$ like $W$,
# $\Delta V$ is $d\times q$ like $V$ (`np.outer` makes such a table). The check
# compares them with $-\eta\,\partial E/\partial p$ for every parameter $p$, taken from
# the engine.


# %% tags=["exercise:updates"]
def updates(x, b_hidden, g, e, eta):
    """(ΔW, Δθ, ΔV, Δγ): standard BP's updates for one example."""
    raise NotImplementedError("your turn")


# %%
check_updates(updates)

# %% [markdown]
# **Exercise 4 — one step of the δ recursion.** Given $W^{(l)}$ (shape
# $S_{l+1}\times S_l$), the weighted inputs $z^{(l)}$ and $\delta^{(l+1)}$, return
# $\delta^{(l)} = \big(W^{(l)\top}\delta^{(l+1)}\big)\odot f'\big(z^{(l)}\big)$ with the
# sigmoid $f$ (the function `f_prime` above is yours to use). The check compares it with
# the gradients the engine leaves on the $z$ nodes of a 4-5-3-2 network.


# %% tags=["exercise:delta-step"]
def delta_step(W, z, delta_next):
    """δ^(l) from δ^(l+1): (Wᵀ δ^(l+1)) ⊙ f′(z^(l))."""
    raise NotImplementedError("your turn")


# %%
check_delta_step(delta_step)
