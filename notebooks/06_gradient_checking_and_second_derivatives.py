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
# # 6 · Gradient checking and second derivatives
#
# A backward pass can be wrong and still produce numbers that look fine: a training loop
# with a slightly wrong gradient still lowers the cost, only worse. The standard defence
# is the **gradient check**: compare the analytical gradient with a numerical one that
# uses only forward evaluations. This notebook does that with `autograd_mini`'s
# `gradcheck`: the relative error, how to choose the step $h$, and what a wrong derivative
# looks like. Then it puts second derivatives to work: Newton's method with
# `grad(grad(f))`, and the graph of $\frac{d^2}{dx^2}\tanh x$.
#
# **Sources.** Stanford CS231n, *Neural Networks Part 3: Learning and Evaluation*,
# section "Gradient checks" (<https://cs231n.github.io/neural-networks-3/#gradcheck>):
# the centred formula, the relative error and its thresholds, kinks. UFLDL (Andrew Ng et
# al.), *Gradient checking and advanced optimization*
# (<http://ufldl.stanford.edu/wiki/index.php/Gradient_checking_and_advanced_optimization>):
# the two-sided difference with a step of $10^{-4}$ (UFLDL's $\varepsilon$, our $h$), and
# the rule of thumb that the two gradients should agree to at least four significant
# digits.

# %%
import html
import math
import re
import unicodedata

import matplotlib.pyplot as plt
import numpy as np
from exercises import nb06
from IPython.display import display

from autograd_mini import (
    GradcheckError,
    Value,
    draw_graph,
    grad,
    gradcheck,
    gradients,
    numerical_gradient,
)

# %% [markdown]
# ## 1. A gradient check (梯度检验) by hand, then with `gradcheck`
#
# Our patient: one sigmoid neuron with a squared-error cost (notebook 2), as a function
# of its three parameters, the inputs $x_1, x_2$ and the target $y$ held fixed:
#
# $$C(w_1, w_2, b) = \big(\sigma(z) - y\big)^2, \qquad z = w_1 x_1 + w_2 x_2 + b .$$
#
# By hand (chain rule, $\sigma' = \sigma(1-\sigma)$):
# $\dfrac{\partial C}{\partial w_i} = 2(a - y)\,\sigma'(z)\,x_i$ and
# $\dfrac{\partial C}{\partial b} = 2(a - y)\,\sigma'(z)$ with $a = \sigma(z)$.
#
# The numerical gradient moves one parameter at a time by a small step $\pm h$ and takes
# the **centred difference** (error $O(h^2)$, against $O(h)$ for the one-sided one).
# Write the three parameters as one vector $p = (p_1, p_2, p_3) = (w_1, w_2, b)$, and
# $u_i$ for the unit vector with 1 in place $i$ and 0 elsewhere, so that $p \pm h\,u_i$
# moves $p_i$ alone:
#
# $$\frac{\partial C}{\partial p_i} \approx
# \frac{C(p + h\,u_i) - C(p - h\,u_i)}{2h}.$$
#
# (UFLDL calls them $\theta$ and $e_i$ — CS231n's "Gradient checks" moves one number at
# a time and writes $x$ and $h$ — but here those letters keep the meanings notebook 3
# gave them after 周志华: $\theta_j$ is an output neuron's threshold, $e_h$ the
# hidden layer's gradient term.)

# %%
X1, X2, Y = 1.5, -0.7, 1.0


def cost(w1, w2, b):
    a = (w1 * X1 + w2 * X2 + b).sigmoid()
    return (a - Y) ** 2


p = [0.3, -1.2, 0.1]  # p = (w1, w2, b)

# By hand.
z = p[0] * X1 + p[1] * X2 + p[2]
a = 1 / (1 + math.exp(-z))
common = 2 * (a - Y) * a * (1 - a)
by_hand = [common * X1, common * X2, common]

# The engine's analytical gradient.
params = [Value(t, label=name) for t, name in zip(p, ["w1", "w2", "b"], strict=True)]
engine = gradients(cost(*params), params)
for name, eng, hnd in zip(["w1", "w2", "b"], engine, by_hand, strict=True):
    print(f"∂C/∂{name:<2}  engine {eng:+.12f}   by hand {hnd:+.12f}")
    assert math.isclose(eng, hnd, rel_tol=1e-12)

# The numerical gradient: the centred differences of C(p ± h u_i) written out ...
h = 1e-6
central = []
for i in range(3):
    u = [1.0 if k == i else 0.0 for k in range(3)]  # the unit vector u_i
    up = [pk + h * uk for pk, uk in zip(p, u, strict=True)]
    down = [pk - h * uk for pk, uk in zip(p, u, strict=True)]
    step = up[i] - down[i]  # 2h, to rounding
    central.append((cost(*map(Value, up)).data - cost(*map(Value, down)).data) / step)
# ... and the library's, which does the same thing. (It divides by the distance between
# the two points it used: pᵢ ± h are rounded to floats, so that is 2h only to rounding.)
assert np.allclose(central, numerical_gradient(cost, *p, eps=h), rtol=1e-12, atol=0)
print("centred differences", np.round(central, 12))

# gradcheck = the engine's gradient against central differences, with a tolerance.
assert gradcheck(cost, *p)

# %% [markdown]
# ## 2. The relative error (相对误差)
#
# How close is close? An absolute difference means nothing by itself: a gradient of size
# $10^{4}$ off by $10^{-4}$ is excellent, one of size $10^{-6}$ off by $10^{-4}$ is
# garbage. CS231n compares with the **relative error**
#
# $$\text{rel} = \frac{|g_a - g_n|}{\max(|g_a|,\ |g_n|)}$$
#
# ($g_a$ analytical, $g_n$ numerical; 0 when both are 0), and reads it as: above
# $10^{-2}$ the gradient is probably wrong; $10^{-2}$ to $10^{-4}$, uncomfortable;
# $10^{-4}$ to $10^{-7}$, fine for a function with kinks (ReLU), too high otherwise;
# below $10^{-7}$, good. UFLDL's "four significant digits" is a relative error of about
# $10^{-4}$. `gradcheck`'s test $|g_a - g_n| \le \text{atol} + \text{rtol}\,|g_n|$ (the
# shape of `numpy.isclose`, and PyTorch's `gradcheck` defaults: `rtol=1e-3`,
# `atol=1e-5`) is the same idea with an absolute floor `atol` for derivatives that are
# exactly 0. Section 4 shows when that floor is too generous.
#
# Multiplying the cost by $10^6$ (a sum over a million examples, say) multiplies every
# gradient, and every absolute difference about as much, by $10^6$, and leaves the
# relative error about where it was: the analytical gradient scales exactly, and the
# numerical one's rounding noise, about $\varepsilon|C|/h$, grows with $C$ too, though not
# exactly in proportion (each relative error printed below, two significant digits, keeps
# its power of ten; its second digit moves a little). This
# $\varepsilon \approx 2.2\times 10^{-16}$ is the machine epsilon (section 3), not UFLDL's
# step, which is our $h$.


# %%
def relative_error(analytical, numerical):
    scale = max(abs(analytical), abs(numerical))
    return 0.0 if scale == 0 else abs(analytical - numerical) / scale


def scaled_cost(w1, w2, b):
    return 1e6 * cost(w1, w2, b)


scaled = gradients(scaled_cost(*params), params)
scaled_numerical = numerical_gradient(scaled_cost, *p, eps=h)
for name, ga, gn, sa, sn in zip(
    ["w1", "w2", "b"], engine, central, scaled, scaled_numerical, strict=True
):
    print(
        f"{name:<2}  |ga - gn| {abs(ga - gn):.1e}  rel {relative_error(ga, gn):.1e}    "
        f"×1e6: |ga - gn| {abs(sa - sn):.1e}  rel {relative_error(sa, sn):.1e}"
    )
    assert math.isclose(sa, 1e6 * ga, rel_tol=1e-12)  # by hand: d(10⁶C) = 10⁶ dC
    assert relative_error(ga, gn) < 1e-7 and relative_error(sa, sn) < 1e-7  # CS231n: good
    assert 0.5 < relative_error(sa, sn) / relative_error(ga, gn) < 2  # about unchanged
    # the text: each printed to two digits, the relative error keeps its power of ten
    assert f"{relative_error(ga, gn):.1e}"[-3:] == f"{relative_error(sa, sn):.1e}"[-3:]
assert relative_error(0.0, 0.0) == 0.0
assert math.isclose(relative_error(1.0, 1.1), 0.1 / 1.1, rel_tol=1e-12)
# The text's two gradients off by 1e-4: of size 1e4, good (< 1e-7); of size 1e-6, wrong (> 1e-2).
assert relative_error(1e4, 1e4 + 1e-4) < 1e-7 and relative_error(1e-6, 1e-6 + 1e-4) > 1e-2
assert gradcheck(scaled_cost, *p)

# %% [markdown]
# ## 3. Choosing the step $h$ (步长)
#
# Two errors pull in opposite directions (notebook 1 showed the same V for $f'$):
#
# * **truncation**: write $\varphi(w_1) = C(w_1, w_2, b)$ for the cost along $w_1$; by
#   Taylor's theorem the centred difference for $\varphi'$ is off by about
#   $\dfrac{h^2}{6}\,|\varphi'''|$, which shrinks as $h \to 0$;
# * **rounding**: $C(p \pm h\,u_i)$ are computed with a relative error of about
#   $\varepsilon \approx 2.2\times 10^{-16}$, the spacing of floats near 1
#   (`np.finfo(float).eps`); their difference, divided by $2h$, carries an error of about
#   $\varepsilon\,|C|/h$, which grows as $h \to 0$.
#
# Their sum is smallest near $h^\star = \big(3\varepsilon|C|/|\varphi'''|\big)^{1/3}$.
# Below, the error of $\partial C/\partial w_1$ for 49 step sizes, on a log-log plot,
# next to that model; the third derivative $\varphi''' = \partial^3 C/\partial w_1^3$
# comes from the engine itself, `grad(grad(grad(·)))`.


# %%
def cost_of_w1(w1):
    return cost(w1, p[1], p[2])


exact = engine[0]
phi3 = grad(grad(grad(cost_of_w1)))(p[0])
C0 = cost(*map(Value, p)).data
eps = np.finfo(float).eps

hs = np.logspace(-13, -1, 49)
errors = np.array([abs(numerical_gradient(cost_of_w1, p[0], eps=s)[0] - exact) for s in hs])
truncation = hs**2 / 6 * abs(phi3)
rounding = eps * C0 / hs
h_star = (3 * eps * C0 / abs(phi3)) ** (1 / 3)
best = hs[np.argmin(errors)]
# h* is where the model's sum is smallest: its slope h|φ'''|/3 − ε|C|/h² is 0 there
near = h_star * np.array([0.99, 1.0, 1.01])
assert np.argmin(near**2 / 6 * abs(phi3) + eps * C0 / near) == 1
print(f"φ''' = {phi3:.6f}, model's best h* = {h_star:.1e}, measured best h = {best:.1e}")

# Where truncation dominates, the error is the Taylor term (slope 2 on the log-log plot);
# where rounding dominates, the error grows as h shrinks.
big = hs >= 1e-3
slope = np.polyfit(np.log10(hs[big]), np.log10(errors[big]), 1)[0]
# The one-sided difference (C(w₁ + h) − C(w₁))/h, for section 1's O(h): slope 1.
one_sided = [abs((cost_of_w1(Value(p[0] + s)).data - C0) / s - exact) for s in hs[big]]
slope_one_sided = np.polyfit(np.log10(hs[big]), np.log10(one_sided), 1)[0]
print(f"slope for h ≥ 1e-3: {slope:.3f} (one-sided difference: {slope_one_sided:.3f})")
assert abs(slope - 2) < 0.05
assert abs(slope_one_sided - 1) < 0.05  # O(h), against the centred O(h²)
at = np.argmin(abs(hs - 1e-2))
assert math.isclose(errors[at], truncation[at], rel_tol=0.02)
assert 1e-7 <= best <= 1e-3 and h_star / 100 <= best <= h_star * 100
# where rounding dominates (h ≤ 1e-8) the error is about ε|C|/h: the median within 3×
assert 1 / 3 < np.median(errors[hs <= 1e-8] / rounding[hs <= 1e-8]) < 3
assert errors[0] > 100 * errors.min()  # h = 1e-13: rounding has taken over
fine = (hs >= 1e-7) & (hs <= 1e-4)
assert np.all(errors[fine] / abs(exact) < 1e-7)  # "good" by section 2's reading
at_1e3 = np.argmin(abs(hs - 1e-3))
assert 1e-7 < errors[at_1e3] / abs(exact) < 1e-5  # at h = 1e-3: near 1e-6 already

fig, ax = plt.subplots(figsize=(7.2, 5.4), layout="constrained")
ax.loglog(hs, errors, "o-", ms=3, label="measured |centred difference − engine|")
ax.loglog(hs, truncation, "--", label="truncation model  h²|φ'''|/6")
ax.loglog(hs, rounding, ":", label="rounding model  ε|C|/h")
ax.axvline(1e-4, color="C3", lw=1, label="UFLDL's step h = 1e-4")
ax.axvline(1e-6, color="C4", lw=1, label="gradcheck's default eps = 1e-6")
# from 10⁻¹⁸, so that a labelled tick lies under the rounding model's lowest point (h = 0.1)
ax.set_ylim(1e-18, 1e-2)
ax.set_xlabel("step h")
ax.set_ylabel(r"absolute error in $\partial C/\partial w_1$")
ax.set_title("Centred difference: rounding error (left) against truncation error (right)")
fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=2)
plt.show()

# %% [markdown]
# From $10^{-7}$ to $10^{-4}$ the relative error stays below $10^{-7}$ — good, by section
# 2's reading — which is why both UFLDL's $10^{-4}$ and the library's $10^{-6}$ work (at
# $10^{-3}$ it is already near $10^{-6}$). A far smaller step is *worse*, not better.
#
# The truncation model can be tested on its own, where every derivative is known by
# hand. For $f = \sin$ the centred difference is exactly
# $\dfrac{\sin(x+h) - \sin(x-h)}{2h} = \cos x\,\dfrac{\sin h}{h}
# = \cos x\,\big(1 - \tfrac{h^2}{6} + \dots\big)$: it is off by $\tfrac{h^2}{6}\,f'''(x)$,
# since $f''' = -\cos$. For $f = \exp$ it is $e^x\,\dfrac{\sinh h}{h}$, off by
# $\tfrac{h^2}{6}\,e^x$, and $f''' = \exp$. The second difference that section 6 uses,
# $\big(f(x+h) - 2f(x) + f(x-h)\big)/h^2$, is off by $\tfrac{h^2}{12}\,f''''(x)$. With
# $h = 10^{-3}$ for the centred difference and $10^{-2}$ for the second one, rounding
# (about $\varepsilon|f|/h$ and $4\varepsilon|f|/h^2$) is at least $10^5$ times smaller
# than truncation, so the measured error must be the model, sign included — to 1 %,
# which tells $h^2/6$ from $h^2/12$ (a check to within a factor of 2 could not). $f'''$
# and $f''''$ are typed by hand, and the engine's `grad` taken three and four times must
# agree.

# %%
x0 = 1.0
cases = [  # f, the same f on Values, f′, f″, f‴, f⁗ at x₀ and the centred difference, by hand
    (
        "sin",
        math.sin,
        Value.sin,
        [math.cos(x0), -math.sin(x0), -math.cos(x0), math.sin(x0)],
        lambda h: math.cos(x0) * math.sin(h) / h,  # cos x · sin h / h
    ),
    ("exp", math.exp, Value.exp, [math.exp(x0)] * 4, lambda h: math.exp(x0) * math.sinh(h) / h),
]
h_c, h_s = 1e-3, 1e-2  # steps for the centred and for the second difference
for name, f, f_value, (d1, d2, d3, d4), centred_by_hand in cases:
    # the engine's third and fourth derivatives are the ones by hand
    assert math.isclose(grad(grad(grad(f_value)))(x0), d3, rel_tol=1e-12)
    assert math.isclose(grad(grad(grad(grad(f_value))))(x0), d4, rel_tol=1e-12)
    centred = (f(x0 + h_c) - f(x0 - h_c)) / (2 * h_c)
    second = (f(x0 + h_s) - 2 * f(x0) + f(x0 - h_s)) / h_s**2
    # the text's closed form, exact: it differs from the difference only by rounding
    assert math.isclose(centred, centred_by_hand(h_c), rel_tol=1e-10)
    print(
        f"{name}: centred − f′ = {centred - d1:+.3e}, h²f‴/6 = {h_c**2 / 6 * d3:+.3e};  "
        f"second − f″ = {second - d2:+.3e}, h²f⁗/12 = {h_s**2 / 12 * d4:+.3e}"
    )
    # the truncation model
    assert math.isclose(centred - d1, h_c**2 / 6 * d3, rel_tol=0.01)
    assert math.isclose(second - d2, h_s**2 / 12 * d4, rel_tol=0.01)
    # rounding, by its model, is at least 10⁵ times smaller than truncation
    assert 1e5 * eps * abs(f(x0)) / h_c <= abs(h_c**2 / 6 * d3)
    assert 1e5 * 4 * eps * abs(f(x0)) / h_s**2 <= abs(h_s**2 / 12 * d4)

# %% [markdown]
# ## 4. What a wrong derivative looks like
#
# The engine's ops are tested; the gradients you write yourself are where bugs live. In
# `autograd_mini` a node stores its local derivatives in `local_grads`, computed on the
# way forward, and the backward pass only multiplies them along the graph. So a new op
# "written by hand" is its forward value plus one line for its local derivative. We make
# a sigmoid op that takes its derivative rule as an argument, and try three rules. The
# second is a classic slip: 周志华《机器学习》§5.3 writes the sigmoid's derivative as
# $f'(x) = f(x)\big(1 - f(x)\big)$, in terms of the *output*; typing it as $x(1 - x)$
# with the *input* runs without complaint and trains badly.


# %%
def sigmoid_op(derivative):
    """x ↦ σ(x), with the backward rule derivative(x, σ(x)) instead of the engine's."""

    def op(x):
        out = x.sigmoid()
        if out.parents:  # under no_grad (numerical differences) there is no graph
            out.local_grads = (derivative(x.data, out.data),)
        return out

    return op


rules = {
    "right: σ(x)(1 − σ(x))": lambda x, s: s * (1 - s),
    "wrong: x(1 − x)": lambda x, s: x * (1 - x),  # f′ = f(1 − f) read with the input
    "wrong: 1 % off": lambda x, s: 1.01 * s * (1 - s),
}


def cost_with(rule):
    sigmoid = sigmoid_op(rules[rule])

    def c(w1, w2, b):
        return (sigmoid(w1 * X1 + w2 * X2 + b) - Y) ** 2

    c.__name__ = f"cost with {rule}"
    return c


def padded(text, width):
    """text and spaces after it, width columns in all: a Chinese character takes two
    (Unicode's East Asian width W or F), so f"{text:<24}" misaligns the Chinese edition."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - columns)


worst = {}
for rule in rules:
    f = cost_with(rule)
    ga = gradients(f(*params), params)
    worst[rule] = max(map(relative_error, ga, numerical_gradient(f, *p)))
    try:
        gradcheck(f, *p)
        verdict = "passes"
    except GradcheckError:
        verdict = "GradcheckError"
    print(f"{padded(rule, 24)} largest relative error {worst[rule]:.1e}   gradcheck: {verdict}")

assert worst["right: σ(x)(1 − σ(x))"] < 1e-7
assert worst["wrong: x(1 − x)"] > 1e-2
# 1 % off in σ′ makes every gradient 1 % off: relative error 0.01/1.01 by hand.
assert math.isclose(worst["wrong: 1 % off"], 0.01 / 1.01, rel_tol=1e-5)

# %% [markdown]
# The report says which input failed and by how much — the numerical and analytical
# columns side by side:

# %%
try:
    gradcheck(cost_with("wrong: x(1 − x)"), *p)
    raise AssertionError("gradcheck missed a wrong derivative")
except GradcheckError as error:
    print(error)
    report = str(error)
    assert report.count("MISMATCH") == 3  # all three parameters go through σ
    # its first line's settings are gradcheck's defaults, the same as PyTorch's gradcheck:
    # the step h, eps = 1e-6, and the tolerances atol = 1e-5, rtol = 1e-3
    assert "(eps=1e-06, atol=1e-05, rtol=0.001)" in report.splitlines()[0]

# %% [markdown]
# Reading the report: its first line names the function and the settings — `eps` is the
# step $h$ of the central difference, `atol` and `rtol` the two tolerances. Then one row
# per input of `f` (here $p_1, p_2, p_3 = w_1, w_2, b$): `input i` is the input's position
# among the arguments, counted from 0; `x` its value; `numerical` the central difference
# $g_n$; `analytical` the engine's gradient $g_a$ from `backward()`; and the last column
# says `ok` when $|g_a - g_n| \le \text{atol} + \text{rtol}\,|g_n|$, `MISMATCH` when not.

# %%
# The columns by hand: the numbers numerical_gradient and gradients() give, and each row
# fails |g_a − g_n| ≤ atol + rtol·|g_n| with the defaults atol = 1e-5, rtol = 1e-3.
wrong = cost_with("wrong: x(1 − x)")
ga, gn = gradients(wrong(*params), params), numerical_gradient(wrong, *p)
for a_i, n_i in zip(ga, gn, strict=True):
    assert f"numerical {n_i!r}" in report and f"analytical {a_i!r}" in report
    assert abs(a_i - n_i) > 1e-5 + 1e-3 * abs(n_i)  # MISMATCH

# %% [markdown]
# A 1 % error is the dangerous kind: training still works, a little worse, and a loose
# tolerance lets it through. With `rtol=1e-3` (the default) `gradcheck` catches it; with
# `rtol=0.05` it would not. And the absolute floor `atol` can hide a bug entirely when
# the gradients themselves are tiny — then look at the relative error, or pass `atol=0`.
#
# **Kinks.** The check can also fail when the gradient is right. ReLU has a kink at 0; at
# $x = 10^{-7}$ its derivative is 1, but the centred difference with $h = 10^{-6}$
# straddles the kink: $\dfrac{(x + h) - 0}{2h} = 0.55$. CS231n ("Kinks in the
# objective") tells a crossed kink by the forward passes: keep track of which input wins
# each $\max$ (ReLU is $\max(0, x)$) at $x + h$ and at $x - h$; if a winner changes, a
# kink was crossed and the numerical gradient is not exact. It also advises checking with
# fewer data points, which have fewer kinks to cross. Our own advice, for a kink whose
# place you know: take a step smaller than the distance to it, so that $x \pm h$ stay on
# one side ($h = 10^{-8}$ below, at $10^{-7}$ from the kink) — but no smaller than that
# asks, since the rounding error of a difference grows as $\varepsilon/h$.

# %%
assert gradcheck(cost_with("wrong: 1 % off"), *p, rtol=0.05)  # too loose: missed
try:
    gradcheck(cost_with("wrong: 1 % off"), *p)
    raise AssertionError("the default tolerance should catch a 1 % error")
except GradcheckError:
    print("1 % off: caught at the default rtol=1e-3")


# The absolute floor atol = 1e-5 swamps gradients smaller than it: scale the cost with
# the x(1 − x) bug down by 1e-5 and every difference is below atol, so the default test passes
# even though the relative error is still above 1. Tiny gradients need atol=0.
tiny_wrong = cost_with("wrong: x(1 − x)")


def tiny_cost(w1, w2, b):
    return 1e-5 * tiny_wrong(w1, w2, b)


ga, gn = gradients(tiny_cost(*params), params), numerical_gradient(tiny_cost, *p)
largest = max(abs(a_i - n_i) for a_i, n_i in zip(ga, gn, strict=True))
print(f"×1e-5: largest |ga − gn| {largest:.1e} < atol, largest relative error", end=" ")
print(f"{max(map(relative_error, ga, gn)):.2f}")
assert largest < 1e-5
assert max(map(relative_error, ga, gn)) > 1
assert gradcheck(tiny_cost, *p)  # missed at the default atol ...
try:
    gradcheck(tiny_cost, *p, atol=0.0)
    raise AssertionError("atol=0 should catch it")
except GradcheckError:
    print("caught with atol=0")


def relu(x):
    return x.relu()


x_near_kink = 1e-7
print(f"numerical ∂relu/∂x at 1e-7 with h = 1e-6: {numerical_gradient(relu, x_near_kink)[0]}")
assert math.isclose(numerical_gradient(relu, x_near_kink)[0], (1e-7 + 1e-6) / 2e-6)
# ((x + h) − 0)/(2h), the text's 0.55
assert round((x_near_kink + 1e-6 - 0) / (2 * 1e-6), 12) == 0.55
try:
    gradcheck(relu, x_near_kink)
    raise AssertionError("expected a false alarm at the kink")
except GradcheckError:
    print("h = 1e-6 crosses the kink: false alarm")
assert gradcheck(relu, x_near_kink, eps=1e-8)  # h smaller than the distance to 0
assert grad(relu)(x_near_kink) == 1.0  # by hand: relu′(x) = 1 for x > 0

# %% [markdown]
# ## 5. Second derivatives at work: Newton's method (牛顿法)
#
# Gradient descent uses the slope only, and needs a step size. **Newton's method** also
# uses the curvature. For a function $f$ of one variable $x$ (from here on $x$ is that
# variable, not one of section 1's inputs $x_i$), approximate $f$ near $x$ by its
# second-order Taylor polynomial $f(x) + f'(x)\,t + \tfrac12 f''(x)\,t^2$ and jump to
# that parabola's vertex,
#
# $$x \leftarrow x - \frac{f'(x)}{f''(x)} .$$
#
# Take $f(x) = x^4 - 2x^2$: by hand $f'(x) = 4x^3 - 4x = 4x(x^2 - 1)$ and
# $f''(x) = 12x^2 - 4$. The stationary points are $x = 0$ ($f''(0) = -4$, a maximum) and
# $x = \pm 1$ ($f''(\pm1) = 8$, the minima). The engine gives $f''$ as
# `grad(grad(f))` — the derivative of the derivative, with nothing typed by hand. (With
# several variables $f''$ becomes the Hessian matrix $H$ and the step
# $x \leftarrow x - H^{-1}\nabla f$; notebook 7 takes that up.)


# %%
def f(x):
    return x**4 - 2 * x**2


def f1(x):  # by hand
    return 4 * x**3 - 4 * x


def f2(x):  # by hand
    return 12 * x**2 - 4


df, d2f = grad(f), grad(grad(f))

x = 2.0
iterates = [x]
for step in range(1, 8):
    slope, curvature = df(x), d2f(x)
    assert math.isclose(slope, f1(x), rel_tol=1e-12)
    assert math.isclose(curvature, f2(x), rel_tol=1e-12)
    x = x - slope / curvature
    iterates.append(x)
    print(f"step {step}: x = {x:.15f}   |x − 1| = {abs(x - 1):.1e}")

# A handful of steps: 6 to reach 1e-11, the 7th lands on 1 to the last bit (exactly 1.0).
assert abs(iterates[6] - 1) < 1e-11 and iterates[7] == 1.0
# the stationary points: f′ is 0 at 0 and ±1
assert df(0.0) == f1(0.0) == 0.0 and df(1.0) == df(-1.0) == 0.0
# the engine's f′ (df = grad(f)) is 4x(x² − 1), factored: its zeros are the stationary
# points 0 and ±1
for point in (-2.0, -0.5, 0.3, 2.0):
    assert math.isclose(df(point), 4 * point * (point**2 - 1), rel_tol=1e-12)
assert d2f(0.0) == f2(0.0) == -4.0 and d2f(-1.0) == f2(-1.0) == 8.0
assert math.isclose(d2f(iterates[-1]), 8.0, rel_tol=1e-12)  # f''(1) = 12 − 4 = 8 > 0: a minimum

# %% [markdown]
# The number of correct digits roughly doubles each step: **quadratic convergence**.
# With $x_k$ the $k$-th iterate, Taylor gives
# $|x_{k+1} - 1| \approx \dfrac{f'''(1)}{2f''(1)}\,|x_k - 1|^2$, and $f'''(x) = 24x$ makes
# the constant $24/16 = 1.5$ (`grad(grad(grad(f)))` agrees). Gradient descent with a
# fixed learning rate ($\eta = 0.05$) gains a constant factor $|1 - \eta f''(1)| = 0.6$
# per step: **linear** convergence.

# %%
distance = [abs(v - 1) for v in iterates]  # |x_k − 1|
ratios = [distance[k + 1] / distance[k] ** 2 for k in range(1, 5)]
ratios_shown = ", ".join(f"{r:.4f}" for r in ratios)
print("|x_{k+1} − 1| / |x_k − 1|²: " + ratios_shown)
assert math.isclose(grad(grad(grad(f)))(1.0), 24.0, rel_tol=1e-12)
assert math.isclose(ratios[-1], 24 / (2 * 8), rel_tol=0.01)

eta, x, descent = 0.05, 2.0, [2.0]
while abs(x - 1) > 1e-12:
    x = x - eta * df(x)
    descent.append(x)
newton_steps = next(k for k, v in enumerate(iterates) if abs(v - 1) < 1e-12)
print(f"for |x − 1| < 1e-12 gradient descent needs {len(descent) - 1} steps, Newton {newton_steps}")
assert newton_steps == 7
assert len(descent) - 1 > 5 * newton_steps
# the factor |1 − η f''(1)|, with the engine's f'' and by hand: |1 − 0.05 · 8| = 0.6
rate = abs(1 - eta * d2f(1.0))
assert math.isclose(rate, abs(1 - eta * f2(1.0)), rel_tol=1e-12)
assert math.isclose(rate, 0.6, rel_tol=1e-12)
assert math.isclose(abs(descent[-1] - 1) / abs(descent[-2] - 1), rate, rel_tol=0.01)

# Newton looks for f' = 0, not for a minimum: from 0.3 it lands on the maximum.
x = 0.3
for _ in range(8):
    x = x - df(x) / d2f(x)
print(f"from 0.3 Newton stops at x = {x:.1e}, where f'' = {d2f(x):.1f} < 0: a maximum")
assert abs(x) < 1e-12 and d2f(x) < 0

grid = np.linspace(-1.6, 2.1, 300)
fig, (left, right) = plt.subplots(1, 2, figsize=(7.2, 3.8), layout="constrained")
left.plot(grid, grid**4 - 2 * grid**2, label="f(x) = x⁴ − 2x²")
left.plot(iterates, [f(v) for v in iterates], "o-", color="C3", label="Newton from x = 2")
left.set_xlabel("x")
left.set_ylabel("f(x)")
left.set_ylim(-1.5, 9)
left.set_title("Newton's steps on f")
left.legend()
right.semilogy(distance[:7], "o-", color="C3", label="Newton (step 7: exactly 1)")
right.semilogy([abs(v - 1) for v in descent], ".-", color="C0", label="gradient descent, η = 0.05")
right.set_xlabel("step k")
right.set_ylabel("$|x_k - 1|$")
right.set_title("Quadratic against linear convergence")
# from 10⁻¹⁴, so that a labelled tick lies under the lowest point: gradient descent's last
right.set_ylim(1e-14, 10)
right.legend()
plt.show()

# %% [markdown]
# ## 6. The graph of a second derivative
#
# How does the engine differentiate twice? With `create_graph=True`, `gradients` builds
# the derivative **out of Values** — an ordinary graph that can be differentiated again.
# For $y = \tanh x$ ($x$ is one variable, as in section 5, and $y$ its function's value,
# not the target $y$ of section 1):
#
# $$\frac{dy}{dx} = 1 - \tanh^2 x, \qquad
# \frac{d^2y}{dx^2} = -2\tanh x\,\big(1 - \tanh^2 x\big).$$
#
# The drawing is bigger than the formula, and it is worth reading. The library writes
# the local derivative of tanh as $4\,\sigma'(2x)$ — equal to $1 - \tanh^2 x$ (since
# $\tanh x = 2\sigma(2x) - 1$), and still exact where $\tanh x$ rounds to $\pm 1$ — where
# $\sigma'(t) = \sigma(t)\,\sigma(-t)$, the sigmoid's slope, is an op of its own
# (`sigmoid_slope`, drawn σ′), with a derivative rule of its own:
#
# $$\sigma''(t) = \sigma'(t)\,\big(1 - 2\sigma(t)\big) = -\sigma'(t)\,\tanh(t/2).$$
#
# The two forms are equal ($1 - 2\sigma(t) = -\tanh(t/2)$), but near $t = 0$ the first
# subtracts two numbers close to ½ and loses digits — at $t = 10^{-12}$ it keeps four —
# and the second has nothing to cancel. So $dy/dx$ is $4\sigma'(2x)$ times the seed, and
# the second pass goes back down that one chain, multiplying the local derivatives it
# meets: σ′'s rule at $t = 2x$, where $\tanh(t/2) = \tanh x$, then the 2 of $2x$:
#
# $$\frac{d^2y}{dx^2} = 2\cdot\sigma''(2x)\cdot 4 = -8\,\sigma'(2x)\tanh x
# = -2\tanh x\,\big(1 - \tanh^2 x\big).$$

# %%
x = Value(0.5, label="x")
y = x.tanh()
y.label = "y"
(dy,) = gradients(y, [x], create_graph=True)
dy.label = "dy/dx"
(d2y,) = gradients(dy, [x], create_graph=True)
d2y.label = "d²y/dx²"

# gradients does not fill the nodes' grad (the drawing below leaves it out).
assert x.grad == y.grad == dy.grad == d2y.grad == 0.0
t = math.tanh(0.5)
print(f"dy/dx   engine {dy.data:.12f}   by hand {1 - t**2:.12f}")
print(f"d²y/dx² engine {d2y.data:.12f}   by hand {-2 * t * (1 - t**2):.12f}")
assert math.isclose(dy.data, 1 - t**2, rel_tol=1e-12)
assert math.isclose(d2y.data, -2 * t * (1 - t**2), rel_tol=1e-12)
assert math.isclose(grad(grad(lambda v: v.tanh()))(0.5), -2 * t * (1 - t**2), rel_tol=1e-12)
# A third witness, with no derivative rule at all: the second difference.
h2 = 1e-4
by_differences = (math.tanh(0.5 + h2) - 2 * t + math.tanh(0.5 - h2)) / h2**2
assert math.isclose(by_differences, d2y.data, rel_tol=1e-6)

# The closed form by hand, through σ(2x) and σ(−2x).
s2, s_2 = 1 / (1 + math.exp(-1.0)), 1 / (1 + math.exp(1.0))  # σ(2x), σ(−2x) at x = 0.5
ds2 = s2 * s_2  # σ′(2x)
assert math.isclose(s_2, 1 - s2, rel_tol=1e-12)  # 1 − σ(t) = σ(−t): σ′ = σ(1 − σ) = σ(t)σ(−t)
assert math.isclose(2 * s2 - 1, t, rel_tol=1e-12)  # tanh x = 2σ(2x) − 1
assert math.isclose(4 * ds2, 1 - t**2, rel_tol=1e-12)  # tanh′ = 4σ′(2x)
# Still exact where tanh x rounds to ±1: at x = ±20, 1 − tanh²x is 0, and the engine's
# slope agrees with 1/cosh²(20) ≈ 1.7e-17 to twelve significant digits.
tanh_slope = grad(lambda v: v.tanh())
for far in (20.0, -20.0):
    assert abs(math.tanh(far)) == 1.0 and 1 - math.tanh(far) ** 2 == 0.0
    assert math.isclose(tanh_slope(far), 1 / math.cosh(far) ** 2, rel_tol=1e-12)
assert math.isclose(1 - 2 * s2, -t, rel_tol=1e-12)  # 1 − 2σ(t) = −tanh(t/2), at t = 2x
assert math.isclose(2 * (-ds2 * t) * 4, d2y.data, rel_tol=1e-12)  # 2·σ″(2x)·4
# The two forms of σ″ at t = 1e-12, by hand: the first cancels and keeps four digits, the
# second (the engine's rule) keeps them all; σ″(t) ≈ −t/8 there, since σ′(0) = 1/4.
t_tiny = 1e-12
s_tiny = 1 / (1 + math.exp(-t_tiny))
slope_tiny = s_tiny * (1 / (1 + math.exp(t_tiny)))  # σ′(t)
first_form = slope_tiny * (1 - 2 * s_tiny)
second_form = -slope_tiny * math.tanh(t_tiny / 2)
assert math.isclose(second_form, -t_tiny / 8, rel_tol=1e-12)
assert 1e-5 < abs(first_form - second_form) / abs(second_form) < 1e-3  # four digits
assert math.isclose(grad(grad(lambda v: v.sigmoid()))(t_tiny), second_form, rel_tol=1e-12)

# %% [markdown]
# **Reading the picture.** The cell below names every box after the formula, checking
# each box's value against the same quantity computed by hand. Read it from the bottom:
# $d^2y/dx^2$ is $2\cdot\big[\sigma''(2x)\cdot 4\cdot(1\cdot 1)\big]$, one product for
# each local derivative the second pass went through. Follow it up: the box
# $\sigma''(2x)$ is σ′'s rule, $-\sigma'(2x)\cdot\tanh(\tfrac12\cdot 2x)$, built from the
# box $\sigma'(2x)$ of the first pass and from $2x$. Three things look odd at first:
#
# * The box $\tanh x$ is not $y$: σ′'s rule knows nothing of the tanh above it, and
#   builds $\tanh(t/2)$ from its own input $t = 2x$, through a box $\tfrac12\cdot 2x$
#   that is $x$ computed anew. It holds $y$'s value, 0.4621.
# * *seed 1* is $\partial y/\partial y = 1$, where the first pass started, and *seed 2*
#   is $\partial(dy/dx)/\partial(dy/dx) = 1$, where the second started. Their product
#   $1\cdot 1$ is what the second pass sends into the first pass's factor $4\sigma'(2x)$
#   of $dy/dx = 4\sigma'(2x)\cdot\text{seed 1}$ (not drawn: $d^2y/dx^2$ does not depend
#   on its value), and $4\cdot 1\cdot 1$ is that times the 4: the gradient arriving at
#   the box $\sigma'(2x)$.
# * At $x = 0.5$, $2x$ reads 1.000 and $\tfrac12\cdot 2x$ reads 0.5000, as $x$ does.
#
# `gradients` does not fill the nodes' `grad`, so the drawing leaves it out.

# %%
# Read the graph back from d²y/dx², one product at a time.
assert d2y.op == "mul"
(inner,) = d2y.parents  # d²y/dx² = 2 · [σ″(2x) · 4·1·1]; the 2 is a constant
sdd, four_ones = inner.parents
minus_ds, tanh_x = sdd.parents  # σ″(2x) = −σ′(2x) · tanh(½·2x)
(ds,) = minus_ds.parents
assert ds.op == "sigmoid_slope"  # σ′, an op of its own
assert ds is dy.parents[0].parents[0]  # dy/dx = 4σ′(2x) · seed 1
(two_x,) = ds.parents
(half_two_x,) = tanh_x.parents
assert half_two_x.parents[0] is two_x  # ½·(2x), from the same box 2x
(ones,) = four_ones.parents  # 4 · (1·1)
seed_1, seed_2 = ones.parents
assert seed_1 is dy.parents[1]

boxes = [  # (node, its name, its value by hand)
    (inner, "σ″(2x)·4·1·1", (-ds2 * t) * 4),
    (sdd, "σ″(2x)", -ds2 * t),  # σ″(t) = −σ′(t)·tanh(t/2)
    (minus_ds, "−σ′(2x)", -ds2),
    (ds, "σ′(2x)", ds2),  # σ′(t) = σ(t)σ(−t)
    (tanh_x, "tanh x", t),
    (half_two_x, "½·2x", 0.5),
    (two_x, "2x", 1.0),
    (four_ones, "4·1·1", 4.0),
    (ones, "1·1", 1.0),
    (seed_1, "seed 1", 1.0),
    (seed_2, "seed 2", 1.0),
]
for node, name, by_hand in boxes:
    assert math.isclose(node.data, by_hand, rel_tol=1e-12), name
    node.label = name
assert math.isclose(2 * inner.data, d2y.data, rel_tol=1e-12)
assert round(tanh_x.data, 4) == round(math.tanh(0.5), 4) == 0.4621  # y's value, as the text says

graph = draw_graph(
    d2y, rankdir="TB", show_grad=False, title="d²tanh/dx² at x = 0.5 (create_graph=True)"
)
# In the drawn picture each name stands in the box that holds its value.
svg = html.unescape(graph.svg())
drawn = re.findall(r'<g id="node\d+" class="node">.*?</g>', svg, re.S)  # one per box
for name, node in [("σ″(2x)", sdd), ("σ′(2x)", ds), ("2x", two_x), ("½·2x", half_two_x)]:
    (box,) = [b for b in drawn if f">{name}</text>" in b]
    assert f">data {node.data:#.4g}</text>" in box
reads = {name: f"{node.data:#.4g}" for name, node in [("2x", two_x), ("½·2x", half_two_x)]}
assert reads == {"2x": "1.000", "½·2x": "0.5000"}  # what the text says they read
display(graph)

# %% [markdown]
# ## Your turn
#
# Each exercise cell defines a function whose body is a stub: running the cell only
# defines it, and calling the function raises `NotImplementedError`. The cell after it
# calls your function. While the stub is there, it prints "not written yet" and the
# notebook runs on; once you have filled it in, it says which entry is wrong, expected
# against got, or prints ✓.
#
# **Exercise 1 — the second difference.** Section 6 used
# $f''(x) \approx \dfrac{f(x + h) - 2f(x) + f(x - h)}{h^2}$, a gradient check for second
# derivatives (its truncation error is $\tfrac{h^2}{12}|f''''|$). Write it for a
# function `f` of one float.


# %% tags=["exercise:second_difference"]
def second_difference(f, x, h):
    raise NotImplementedError("your turn: (f(x + h) − 2 f(x) + f(x − h)) / h²")


# %%
nb06.check_second_difference(second_difference)

# %% [markdown]
# **Exercise 2 — a local derivative, checked by `gradcheck`.** Softplus,
# $\operatorname{softplus}(x) = \ln(1 + e^x)$, is a smooth ReLU. Work out its derivative
# by hand and write it as a function of the input `x` and the output `s`. The check
# plugs your rule into a softplus op (as `sigmoid_op` did in section 4) and runs
# `gradcheck` at several points.


# %% tags=["exercise:softplus_derivative"]
def softplus_derivative(x, s):
    raise NotImplementedError("your turn: d/dx ln(1 + eˣ)")


# %%
nb06.check_softplus_derivative(softplus_derivative)

# %% [markdown]
# **Exercise 3 — Newton's method, in general.** Write `newton(f, x0, steps)` returning
# the list $[x_0, x_1, \dots, x_{\text{steps}}]$ of Newton iterates for a function `f`
# built from Value operations, using `grad` for both derivatives. The check runs it on
# $x^4 - 2x^2$ and on $e^x - 2x$ (minimum at $x = \ln 2$).


# %% tags=["exercise:newton"]
def newton(f, x0, steps):
    raise NotImplementedError("your turn: x ← x − f'(x)/f''(x), steps times")


# %%
nb06.check_newton(newton)
