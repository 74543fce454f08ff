# %% [markdown]
# Solutions to the exercises of `07_forward_or_reverse`: each cell tagged
# `solution:<id>` replaces the notebook's cell tagged `exercise:<id>`.


# %% tags=["solution:tangent"]
def neuron_tangent(w, b, x, y, w_dot, b_dot):
    import math

    z = w * x + b
    s = 1.0 / (1.0 + math.exp(-z))
    z_dot = x * w_dot + b_dot  # ż
    a_dot = s * (1.0 - s) * z_dot  # ȧ = σ′(z)·ż
    return 2 * (s - y) * a_dot  # Ċ = 2(a − y)·ȧ


# %% tags=["solution:cheaper"]
def cheaper_mode(n_in, n_out):
    return ("forward", n_in) if n_in <= n_out else ("reverse", n_out)


# %% tags=["solution:newton"]
def newton_step(cost, w):
    from autograd_mini import grad, hessian

    (h11, h12), (h21, h22) = hessian(cost, argnums=(0, 1))(*w)
    g1, g2 = grad(cost, argnums=(0, 1))(*w)
    det = h11 * h22 - h12 * h21
    return (w[0] - (h22 * g1 - h12 * g2) / det, w[1] - (h11 * g2 - h21 * g1) / det)
