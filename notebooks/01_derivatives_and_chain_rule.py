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
# # 1 · Derivatives and the chain rule
#
# Training a network means nudging thousands of numbers (weights $w$ and biases $b$)
# so that a cost goes down. To know *which way* to nudge each one we need the
# derivative of the cost with respect to it. Backpropagation is simply an efficient way
# of applying the **chain rule** to get all of those derivatives at once.
#
# This notebook builds the pieces one at a time, and checks every formula twice:
# once typed by hand, once computed by `autograd_mini`. An `assert` compares the two,
# so if the engine were wrong this notebook would stop with an error.

# %%
import itertools
import math

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp

from autograd_mini import Value, dot, grad

# %% [markdown]
# ## 1. The derivative is a limit
#
# For a function of one variable the derivative at $x_0$ is the slope of the curve there:
#
# $$f'(x_0) = \lim_{h \to 0} \frac{f(x_0 + h) - f(x_0)}{h}.$$
#
# Take $f(x) = x^3 - 2x + \dfrac{1}{1 + x^2}$. The power rule and the quotient rule
# give $f'(x) = 3x^2 - 2 - \dfrac{2x}{(1 + x^2)^2}$. As $h$ shrinks, the difference
# quotient creeps towards that number.


# %%
def f(x):
    # Written with + - * / ** only, so it accepts a float or a Value.
    return x**3 - 2 * x + 1 / (1 + x * x)


def f_prime(x):
    # By hand: power rule for x³ and 2x, quotient rule for 1/(1 + x²).
    return 3 * x**2 - 2 - 2 * x / (1 + x * x) ** 2


x0 = 0.7
distances = []  # |quotient − f'(x0)|
for h in [1e-1, 1e-2, 1e-3, 1e-4, 1e-5]:
    quotient = (f(x0 + h) - f(x0)) / h
    distances.append(abs(quotient - f_prime(x0)))
    print(f"h = {h:.0e}   (f(x0 + h) - f(x0)) / h = {quotient:.10f}")
print(f"closed form      f'(x0) = {f_prime(x0):.10f}")

engine = grad(f)(x0)  # autograd_mini differentiates the same Python function
print(f"engine     grad(f)(x0) = {engine:.10f}")
assert math.isclose(engine, f_prime(x0), rel_tol=1e-12)
# each h ten times smaller brings the quotient about ten times closer to f'(x0)
assert all(0.05 < b / a < 0.2 for a, b in itertools.pairwise(distances))


# %% [markdown]
# ## 2. Numerical derivatives and the step-size error
#
# A computer cannot take a limit, so a *numerical* derivative stops at some finite $h$.
# Two classic choices:
#
# * forward difference $\;\dfrac{f(x+h) - f(x)}{h}$, error $\approx \tfrac{h}{2}|f''(x)|$,
#   which shrinks like $h$;
# * central difference $\;\dfrac{f(x+h) - f(x-h)}{2h}$, error
#   $\approx \tfrac{h^2}{6}|f'''(x)|$, which shrinks like $h^2$.
#
# Both error estimates come from Taylor's expansion,
# $f(x+h) = f(x) + h f'(x) + \tfrac{h^2}{2} f''(x) + \tfrac{h^3}{6} f'''(x) + \dots$.
# A difference quotient keeps only the first terms of this series; the error made by
# the terms it cuts off is the **truncation error**. For the forward difference,
# $\frac{f(x+h) - f(x)}{h} = f'(x) + \tfrac{h}{2} f''(x) + \dots$; in the central
# difference the $f(x)$ and $h^2$ terms of $f(x+h)$ and $f(x-h)$ cancel, leaving
# $\frac{f(x+h) - f(x-h)}{2h} = f'(x) + \tfrac{h^2}{6} f'''(x) + \dots$. The smaller
# $h$, the smaller the truncation error. But $h$ cannot go to zero in floating point:
# $f(x+h)$ and $f(x)$ agree in more and more leading digits, and the subtraction
# throws them away. That *rounding* error grows like $\varepsilon/h$ with
# $\varepsilon \approx 2.2\times10^{-16}$. The total error is a V shape: a best $h$
# near $\sqrt{\varepsilon} \approx 10^{-8}$ for the forward difference and near
# $\varepsilon^{1/3} \approx 6\times10^{-6}$ for the central one. (These come from setting
# the two errors equal with their constants dropped: $h \approx \varepsilon/h$ gives
# $h \approx \sqrt{\varepsilon}$ for the forward difference, $h^2 \approx \varepsilon/h$
# gives $h \approx \varepsilon^{1/3}$ for the central one. The constants, set by $f$ and
# its derivatives, put the exact best $h$ a factor away from these: the cell below computes
# it, and for this $f$ at $x_0 = 0.7$ the factor is about 0.6 for the forward difference
# and 0.5 for the central one.) Near the bottom of the V the rounding error is *noisy*,
# not smooth: a single lucky $h$ can land far below the others, so the $h$ of the forward
# difference's single smallest error, printed below, may sit a decade or two away from
# $10^{-8}$ (and several $h$ may tie for it: all are listed). What the theory predicts
# is where the error is reliably small; the cell checks that.
#
# The engine has no step at all — it applies exact derivative rules — so it sits at
# the bottom of the plot.


# %%
def f_second(x):
    # Differentiate f'(x) once more by hand.
    return 6 * x - (2 - 6 * x**2) / (1 + x * x) ** 3


def f_third_by_hand(x):
    # And once more: the third derivative, used for the central difference below.
    return 6 + 24 * x * (1 - x * x) / (1 + x * x) ** 4


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

# Where is the best h? Balance truncation against rounding (ε = machine epsilon):
#   forward: h/2·|f''| + 2ε|f|/h   is smallest at  h* = 2·sqrt(ε|f| / |f''|)
#   central: h²/6·|f'''| + ε|f|/h  is smallest at  h* = (3ε|f| / |f'''|)^(1/3)
# The rounding terms: each computed value of f is off by up to about ε|f|, so the
# difference of two is off by up to 2ε|f|; divided by h (forward) that is 2ε|f|/h,
# divided by 2h (central) it is ε|f|/h.
eps = np.finfo(float).eps
f_third = grad(grad(grad(f)))(x0)  # the engine differentiates three times
assert math.isclose(f_third, f_third_by_hand(x0), rel_tol=1e-12)
assert math.isclose(central_err[np.argmin(abs(hs - h))], h**2 / 6 * abs(f_third), rel_tol=0.05)
h_forward = 2 * math.sqrt(eps * abs(f(x0)) / abs(f_second(x0)))
h_central = (3 * eps * abs(f(x0)) / abs(f_third)) ** (1 / 3)
# the factors the text gives: the exact h* over √ε (≈ 0.6) and over ε^(1/3) (≈ 0.5)
factor_forward, factor_central = h_forward / math.sqrt(eps), h_central / eps ** (1 / 3)
assert round(factor_forward, 1) == 0.6 and round(factor_central, 1) == 0.5
# each h* is where its sum is smallest: 1 % either side, the sum is larger
around = np.array([0.99, 1.0, 1.01])
h_f, h_c = around * h_forward, around * h_central
assert np.argmin(h_f / 2 * abs(f_second(x0)) + 2 * eps * abs(f(x0)) / h_f) == 1
assert np.argmin(h_c**2 / 6 * abs(f_third) + eps * abs(f(x0)) / h_c) == 1
# The text's round numbers, by hand: ε ≈ 2.2e-16, √ε ≈ 1e-8 (forward), ε^(1/3) ≈ 6e-6 (central).
assert round(eps, 17) == 2.2e-16
assert round(math.log10(math.sqrt(eps))) == -8
assert round(eps ** (1 / 3), 6) == 6e-6
print(f"predicted best h: forward {h_forward:.1e}, central {h_central:.1e}")
print(f"  that is {factor_forward:.2f}·√ε and {factor_central:.2f}·ε^(1/3)")
# the smallest error may be reached at several h (equal errors, far apart): all of them
best_forward = ", ".join(f"{t:.1e}" for t in hs[forward_err == forward_err.min()])
best_central = ", ".join(f"{t:.1e}" for t in hs[central_err == central_err.min()])
print(f"single smallest error measured at: forward h = {best_forward}; central h = {best_central}")


# Rounding error is erratic: at some h the rounding happens to cancel and one point dips
# far below its neighbours (where the written notebook ran, the forward error reached its
# smallest value at two values of h a decade apart; which h, and how many, depends on the
# machine's rounding: the line printed above says). The prediction is about the *typical*
# error: the decade of h whose worst error is smallest is the one containing h*.
def best_decade(errors):
    decades = np.floor(np.log10(hs) + 1e-9)
    worst = {d: errors[decades == d].max() for d in np.unique(decades)}
    return 10 ** min(worst, key=worst.get)


for name, errors, predicted in [
    ("forward", forward_err, h_forward),
    ("central", central_err, h_central),
]:
    low = best_decade(errors)
    print(f"{name}: of the decades of h, [{low:.0e}, {10 * low:.0e}) has the smallest worst error")
    assert low <= predicted < 10 * low

fig, ax = plt.subplots(figsize=(7, 4.6), layout="constrained")
ax.loglog(hs, forward_err, "o-", ms=3, label="forward  (f(x+h) - f(x)) / h")
ax.loglog(hs, central_err, "s-", ms=3, label="central  (f(x+h) - f(x-h)) / (2h)")
engine_label = f"engine (exact rules): {engine_err:.0e} off the formula (a 0 is drawn at 1e-17)"
ax.axhline(max(engine_err, 1e-17), color="k", ls="--", label=engine_label)
ax.set_ylim(bottom=1e-19)  # room below the engine's line, which otherwise lay on the axis
ax.set_xlabel("step h")
ax.set_ylabel("|error| in f'(x0)")
ax.set_title("Truncation error falls as h shrinks, rounding error rises")
fig.legend(loc="outside lower center")  # below the axes: inside, it hid the engine's line
plt.show()

# %% [markdown]
# ## 3. Walking downhill with the derivative
#
# The sign of $f'(x_0)$ says which way is uphill. Stepping against it,
#
# $$x \leftarrow x - \eta\, f'(x),$$
#
# with a small step factor $\eta$ (the *learning rate*) lowers $f$ every step, until the
# slope is zero at a *local* minimum. Only local: $f$ has no lowest point (its $x^3$
# term takes over as $x \to -\infty$), and at the left end of the plot below
# $f(-1.6) \approx -0.615$ is already lower than $f(0.920) \approx -0.520$, where the
# descent stops. Gradient descent finds the bottom of the valley it starts in. Here the
# engine provides $f'$ at every step.

# %%
eta = 0.05
x = 2.0
path = [x]
for _ in range(150):
    x = x - eta * grad(f)(x)
    path.append(x)

print(f"stopped at x = {x:.8f},  f'(x) by hand = {f_prime(x):.2e}")
assert abs(f_prime(x)) < 1e-8  # a stationary point ...
assert f_second(x) > 0  # ... and a local minimum
assert all(f(p) >= f(q) - 1e-14 for p, q in itertools.pairwise(path))  # never went uphill
assert round(x, 3) == 0.920 and round(f(x), 3) == -0.520  # the numbers the text gives
assert round(f(-1.6), 3) == -0.615 and f(-1.6) < f(x)  # lower, at the plot's left end
assert f(-10.0) < -900  # and lower still further left: no lowest point
assert math.isclose(f(-1e3) / (-1e3) ** 3, 1, rel_tol=1e-5)  # the x³ term takes over

grid = np.linspace(-1.6, 2.1, 300)
fig, ax = plt.subplots(figsize=(7, 4))
ax.plot(grid, f(grid), label="f(x)")
ax.plot(path[:12], [f(p) for p in path[:12]], "o-", color="C3", label="first gradient steps")
ax.set_xlabel("x")
ax.set_ylabel("f(x)")
ax.legend()
plt.show()

# %% [markdown]
# ### One weight at a time: a worked example
#
# How do we find the partial derivative of one parameter? Write the whole loss out with
# numbers, keep *one* weight as the variable, freeze every other weight and input, and
# it is an ordinary function of one variable. Take a single
# sigmoid neuron with inputs 0.5, 0.7, 0.35, weights $w_1$, 0.3, 0.8 and target 1, and
# write its error as the output minus the target, as a first attempt often does:
#
# $$\text{loss}(w_1) = \frac{1}{1 + e^{-(0.5\,w_1 + 0.3\cdot0.7 + 0.8\cdot0.35)}} - 1 .$$
#
# With $s = 0.5\,w_1 + 0.49$ and the sigmoid $\sigma(s) = 1/(1 + e^{-s})$, whose
# derivative is $\sigma(s)\big(1 - \sigma(s)\big)$ (notebook 0, section 7), the chain rule
# gives $\dfrac{d\,\text{loss}}{dw_1} = \sigma(s)\big(1-\sigma(s)\big)\cdot 0.5$.
#
# *A common slip:* written so, "loss" is the output minus the target, not a loss: it is
# negative, and making it smaller drives the output *away* from 1. The usual loss
# squares it, $(\sigma(s) - 1)^2$, with derivative
# $2(\sigma(s) - 1)\,\sigma(s)(1 - \sigma(s))\cdot 0.5$ — always negative here, so gradient
# descent increases $w_1$ and the output rises towards 1. Both are checked below, at
# $w_1 = 0.4$.


# %%
def neuron_output(w1):
    return 1 / (1 + (-(w1 * 0.5 + 0.3 * 0.7 + 0.8 * 0.35)).exp())


w1 = Value(0.4, "w1")
(neuron_output(w1) - 1).backward()
frozen = 0.3 * 0.7 + 0.8 * 0.35  # the frozen weights times their inputs
assert round(frozen, 12) == 0.49  # the text's s = 0.5·w1 + 0.49
s_ = 0.5 * 0.4 + frozen
sig = 1 / (1 + math.exp(-s_))
assert math.isclose(w1.grad, sig * (1 - sig) * 0.5, rel_tol=1e-12)
# the slip: "loss" is negative, and its slope is positive, so w ← w − η·grad lowers w1 and
# with it the output (σ rises with w1): away from 1
assert sig - 1 < 0 < w1.grad

w1 = Value(0.4, "w1")
((neuron_output(w1) - 1) ** 2).backward()
assert math.isclose(w1.grad, 2 * (sig - 1) * sig * (1 - sig) * 0.5, rel_tol=1e-12)
assert w1.grad < 0  # so w ← w − η·grad increases w1 and the output moves towards 1

W1 = sp.symbols("w1")
symbolic = sp.diff((1 / (1 + sp.exp(-(W1 * 0.5 + 0.3 * 0.7 + 0.8 * 0.35))) - 1) ** 2, W1)
assert math.isclose(float(symbolic.subs(W1, 0.4)), w1.grad, rel_tol=1e-12)
print(
    f"unsquared: d loss/dw1 = {sig * (1 - sig) * 0.5:.6f};  squared: d (loss²)/dw1 = {w1.grad:.6f}"
)

# %% [markdown]
# ## 4. Partial derivatives of a neuron's weighted input
#
# A neuron with inputs $x_1, x_2$, weights $w_1, w_2$ and bias $b$ first forms
#
# $$z = x_1 w_1 + x_2 w_2 + b .$$
#
# Holding everything else fixed, $z$ changes with $w_1$ at rate $x_1$:
#
# $$\frac{\partial z}{\partial w_1} = x_1,\qquad \frac{\partial z}{\partial w_2} = x_2,
# \qquad \frac{\partial z}{\partial b} = 1,\qquad \frac{\partial z}{\partial x_1} = w_1 .$$
#
# So **the derivative of $z$ with respect to a weight is the input that weight
# multiplies** — it is known as soon as the forward pass has run. (This is the first
# half of 李宏毅 (Hung-yi Lee)'s lecture *Backpropagation*: the "forward pass" part
# $\partial z/\partial w$.)

# %%
x1, x2 = Value(2.0, "x1"), Value(-1.5, "x2")
w1, w2, b = Value(0.4, "w1"), Value(-0.3, "w2"), Value(0.1, "b")

z = x1 * w1 + x2 * w2 + b
z.backward()

hand = {"w1": x1.data, "w2": x2.data, "b": 1.0, "x1": w1.data, "x2": w2.data}
for v in (w1, w2, b, x1, x2):
    print(f"∂z/∂{v.label:<2} engine {v.grad:+.3f}   by hand {hand[v.label]:+.3f}")
    assert math.isclose(v.grad, hand[v.label])

# %% [markdown]
# The library also has a fused node for exactly this sum, `dot(ws, xs, bias)`. It is a
# single node whose *local derivatives* — stored during the forward pass — are the
# numbers above: each weight's partner input, each input's weight, and 1 for the bias.

# %%
z_dot = dot([w1, w2], [x1, x2], b)
assert math.isclose(z_dot.data, z.data)
for parent, local in zip(z_dot.parents, z_dot.local_grads, strict=True):
    print(f"∂z/∂{parent.label:<2} = {local:+.3f}")
    assert math.isclose(local, hand[parent.label])

# %% [markdown]
# ## 5. The chain rule on a composite
#
# (李宏毅's lecture starts here too: 链式法则, the chain rule.) For $y = e^{\sin(x^2)}$
# write the chain of steps $u = x^2$, $v = \sin u$, $y = e^v$.
# Each step has an easy local derivative, and the chain rule multiplies them:
#
# $$\frac{dy}{dx} = \frac{dy}{dv}\,\frac{dv}{du}\,\frac{du}{dx}
# = e^{v}\cdot\cos u\cdot 2x .$$
#
# The engine does exactly this: walking back from $y$, each node's gradient is its
# consumer's gradient times the local derivative (with several consumers, their shares
# add up; see below). After `backward()` every intermediate node holds
# $\partial y/\partial(\text{node})$, the running product so far.

# %%
x = Value(0.9, "x")
u = x * x
v = u.sin()
y = v.exp()
y.backward()

dy_dv = math.exp(v.data)
dy_du = dy_dv * math.cos(u.data)
dy_dx = dy_du * 2 * x.data
for name, node, by_hand in [("v", v, dy_dv), ("u", u, dy_du), ("x", x, dy_dx)]:
    print(f"∂y/∂{name}: engine {node.grad:.10f}   by hand {by_hand:.10f}")
    assert math.isclose(node.grad, by_hand, rel_tol=1e-12)

# A third, independent opinion: sympy's symbolic derivative.
X = sp.symbols("x")
symbolic = sp.diff(sp.exp(sp.sin(X**2)), X)
print(f"sympy: {symbolic}")
assert math.isclose(float(symbolic.subs(X, 0.9)), x.grad, rel_tol=1e-12)

# %% [markdown]
# When a variable is used **twice**, its influence reaches the output along two paths and
# the contributions add. For $y = x \sin x$: one path through the left factor gives
# $\sin x$, one through the right factor gives $x\cos x$, so
# $dy/dx = \sin x + x\cos x$ — the product rule is the chain rule summed over paths.
# The cell checks each path on its own, then their sum.

# %%
x = Value(1.3, "x")
y = x * x.sin()
y.backward()
by_hand = math.sin(1.3) + 1.3 * math.cos(1.3)
# Each path alone: hold the other factor's x constant (a plain number).
left, right = Value(1.3), Value(1.3)
(left * math.sin(1.3)).backward()
(1.3 * right.sin()).backward()
assert math.isclose(left.grad, math.sin(1.3), rel_tol=1e-12)
assert math.isclose(right.grad, 1.3 * math.cos(1.3), rel_tol=1e-12)
assert math.isclose(left.grad + right.grad, x.grad, rel_tol=1e-12)
print(f"engine {x.grad:.10f}   by hand {by_hand:.10f}")
assert math.isclose(x.grad, by_hand, rel_tol=1e-12)

# %% [markdown]
# In a network every hidden neuron is such a node. Say it sits in layer $l$ and its
# output is $a$. Then $a$ feeds each neuron $j$ of the next layer, layer $l+1$ — here $j$
# numbers the neurons of that next layer (the letters of notebook 4: there $a$ is
# $a^{(L-1)}_k$, neuron $k$ of its own layer, and $w_{jk}$ the weight from it to neuron
# $j$) — and neuron $j$'s weighted input is
# $z^{(l+1)}_j = w_j a + \dots$ (the superscript $(l+1)$ is the layer, not a power):
# $w_j$ is the weight of the connection from $a$ to neuron $j$, and the dots stand for
# the terms of that neuron's other inputs and its bias. The cost $C$ — the number
# training makes small — depends on $a$ only through these $z^{(l+1)}_j$, so there is
# one path per neuron $j$, and by section 4 the local derivative along it is the
# weight, $\partial z^{(l+1)}_j/\partial a = w_j$. Summed over the paths,
#
# $$\frac{\partial C}{\partial a}
#   = \sum_j \frac{\partial z^{(l+1)}_j}{\partial a}\,\frac{\partial C}{\partial z^{(l+1)}_j}
#   = \sum_j w_j\,\frac{\partial C}{\partial z^{(l+1)}_j} .$$
#
# The cell takes three such neurons and the squared error
# $C = \sum_j \big(\sigma(z^{(l+1)}_j) - t_j\big)^2$ against targets $t_j$, for which
# $\partial C/\partial z^{(l+1)}_j = 2\big(\sigma(z^{(l+1)}_j) - t_j\big)\,\sigma'(z^{(l+1)}_j)$,
# with $\sigma' = \sigma(1 - \sigma)$: the prime on $\sigma$ is a derivative, and the
# next layer is marked by the superscript alone.
# (Notebook 5 watches the engine add the paths up.)

# %%
a = Value(0.6, "a")
weights = [0.5, -1.2, 0.8]  # w_j: the weight from a into neuron j
biases = [0.1, -0.2, 0.3]
targets = [1.0, 0.0, 1.0]  # t_j
z_next = [w_j * a + b_j for w_j, b_j in zip(weights, biases, strict=True)]  # z_j^(l+1)
outputs = [z_j.sigmoid() for z_j in z_next]
C = sum((o - t_j) ** 2 for o, t_j in zip(outputs, targets, strict=True))
C.backward()

# By hand: σ(z_j^(l+1)), then ∂C/∂z_j^(l+1) = 2(σ − t_j)σ(1 − σ), then the sum over the paths.
z_by_hand = [w_j * 0.6 + b_j for w_j, b_j in zip(weights, biases, strict=True)]
sig = [1 / (1 + math.exp(-z)) for z in z_by_hand]
dC_dz = [2 * (s - t_j) * s * (1 - s) for s, t_j in zip(sig, targets, strict=True)]
for z_j, by_hand in zip(z_next, dC_dz, strict=True):
    assert math.isclose(z_j.grad, by_hand, rel_tol=1e-12)
by_hand = sum(w_j * d for w_j, d in zip(weights, dC_dz, strict=True))
print(f"∂C/∂a: engine {a.grad:.10f}   by hand {by_hand:.10f}")
assert math.isclose(a.grad, by_hand, rel_tol=1e-12)

# %% [markdown]
# ### The gradient is a vector, not a sum
#
# For a function of several variables, $z = f(x, y)$, the gradient collects the partial
# derivatives into a **vector**,
#
# $$\nabla f = \Big(\frac{\partial z}{\partial x},\ \frac{\partial z}{\partial y}\Big),$$
#
# which points in the direction of steepest ascent; its length is that steepest slope.
# (A common mistake is to write
# $\nabla f = \frac{\partial z}{\partial x} + \frac{\partial z}{\partial y}$: that sum
# is one number, the slope along the direction $(1, 1)$ times $\sqrt2$, and it cannot
# say which way to move $x$ and $y$.) Check with $f(x, y) = x^2 y + \sin y$.


# %%
def g2(x, y):
    return x * x * y + (y.sin() if isinstance(y, Value) else math.sin(y))


x, y = Value(1.2, "x"), Value(-0.7, "y")
g2(x, y).backward()
nabla = np.array([x.grad, y.grad])
by_hand = np.array([2 * 1.2 * -0.7, 1.2**2 + math.cos(-0.7)])
assert np.allclose(nabla, by_hand, rtol=1e-12)


def slope_along(d, h=1e-6):
    d = np.asarray(d) / np.linalg.norm(d)
    return (g2(1.2 + h * d[0], -0.7 + h * d[1]) - g2(1.2 - h * d[0], -0.7 - h * d[1])) / (2 * h)


sum_of_partials = nabla.sum()
assert math.isclose(slope_along([1, 1]) * math.sqrt(2), sum_of_partials, rel_tol=1e-6)
assert math.isclose(slope_along(nabla), np.linalg.norm(nabla), rel_tol=1e-6)  # steepest
angles = np.linspace(0, 2 * np.pi, 721)
assert max(slope_along([np.cos(t), np.sin(t)]) for t in angles) <= np.linalg.norm(nabla) + 1e-6
print(
    f"∇f = ({nabla[0]:.4f}, {nabla[1]:.4f}),  |∇f| = {np.linalg.norm(nabla):.4f},  "
    f"∂z/∂x + ∂z/∂y = {sum_of_partials:.4f}"
)

# %% [markdown]
# ## 6. The graph, with its gradients
#
# Put the pieces together: a sigmoid neuron $a = \sigma(x_1 w_1 + x_2 w_2 + b)$.
# `draw_graph` shows every value node with its data and gradient, and labels each edge
# with the local derivative that the backward pass multiplies by: the edge from $w_1$
# into the product reads $x_1$ (section 4), the edge from $z$ into $\sigma$ reads
# $\sigma'(z)$. Notebook 5 replays a graph like this one step by step: another neuron,
# its weighted sum one `dot` node, with a cost $C = (a - y)^2$ on top.

# %%
import re

from autograd_mini import draw_graph


def drawn_edges(graph, name):
    """(the operation, the label) of every edge out of the box labelled name."""
    node = re.search(rf"(\w+) \[label=<<TABLE[^\n]*<B>{name}</B>", graph.source)[1]
    edges = re.findall(rf'\b{node} -> (\w+) \[label="?([-+.\w]+)', graph.source)
    return [
        (re.search(rf'\b{op} \[label="?([^" ]+)', graph.source)[1], label) for op, label in edges
    ]


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
# The σ node stores σ′(z), the number a(1 − a) written with its output: exercise 2's row.
assert math.isclose(a.local_grads[0], a.data * (1 - a.data), rel_tol=1e-12)
# It is the sigmoid's rule only: for SiLU, y = a·σ(a), y(1 − y) is not dy/da.
a_silu = Value(z.data)
y_silu = a_silu * a_silu.sigmoid()
y_silu.backward()
assert not math.isclose(a_silu.grad, y_silu.data * (1 - y_silu.data), rel_tol=1e-3)

graph = draw_graph(a)
# The edge labels are the local derivatives (4 significant digits): x1 on w1's edge, σ'(z) on z's.
assert drawn_edges(graph, "w1") == [("×", f"{x1.data:#.4g}")]
assert drawn_edges(graph, "z") == [("σ", f"{s * (1 - s):#.4g}")]
assert "<svg" in graph.svg()  # rendered as a picture, not only as DOT text
graph

# %% [markdown]
# ## Your turn
#
# Each exercise is a cell with a stub that raises `NotImplementedError`; replace the body,
# run the cell, then run the check below it. The check says *what* is wrong — which
# entry, the expected value and yours — and prints ✓ when everything agrees.
#
# **Exercise 1 — the central difference.** Write
# $\dfrac{f(x+h) - f(x-h)}{2h}$ for any function `f`, point `x` and step `h`
# (use the `h` you are given).


# %% tags=["exercise:central-difference"]
def central_difference(f, x, h):
    """Estimate f'(x) by the central difference with step h."""
    raise NotImplementedError("your turn")


# %%
from exercises.nb01 import check_central_difference, check_local_derivative

check_central_difference(central_difference)

# %% [markdown]
# **Exercise 2 — a new op and its local derivative.** Every op the engine knows is one row
# of a table, like notebook 0's: the forward rule and, beside it, the local derivative
# $dy/da$, which may use the input $a$ and the output $y$. The sigmoid's row,
# $y = \sigma(a)$, can say $y(1-y)$: section 6's $\sigma'(z) = a(1 - a)$, written with
# the output (the engine computes the same number as $\sigma(z)\,\sigma(-z)$, notebook 7
# says why; its $\sigma$ node stores it). It is the sigmoid's rule only: SiLU's output
# is not a sigmoid's, and $y(1-y)$ is not its derivative. Write the row
# for $y = a\,\sigma(a)$ (called SiLU or swish): `silu_local(a, y)` returns $dy/da$.
# Hint: the product rule, and $\sigma'(a) = \sigma(a)(1 - \sigma(a))$. You may use $y$,
# but do not recover $\sigma(a)$ as $y/a$: that divides by zero at $a = 0$, one of the
# points the check tries; compute $\sigma(a)$ from $a$ itself. The check compares your
# formula with the engine differentiating `a * a.sigmoid()`, and if your function raises
# an error it names the input it was called with.


# %% tags=["exercise:local-derivative"]
def silu_local(a, y):
    """dy/da for y = a·σ(a), given the input a and the output y."""
    raise NotImplementedError("your turn")


# %%
check_local_derivative(silu_local)
