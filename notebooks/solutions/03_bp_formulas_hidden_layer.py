# %% [markdown]
# Solutions to notebook 03's exercises (cells tagged `solution:<id>` replace the
# notebook's `exercise:<id>` cells when the test suite runs it).

# %% tags=["solution:g-j"]
def g_of(y_hat, y):
    """g_j = −∂E/∂β_j for every output j."""
    return y_hat * (1 - y_hat) * (y - y_hat)


# %% tags=["solution:e-h"]
def e_of(b_hidden, W, g):
    """e_h = −∂E/∂α_h for every hidden neuron h."""
    return b_hidden * (1 - b_hidden) * (W @ g)


# %% tags=["solution:updates"]
def updates(x, b_hidden, g, e, eta):
    """(ΔW, Δθ, ΔV, Δγ): standard BP's updates for one example."""
    return eta * np.outer(b_hidden, g), -eta * g, eta * np.outer(x, e), -eta * e


# %% tags=["solution:delta-step"]
def delta_step(W, z, delta_next):
    """δ^(l) from δ^(l+1): (Wᵀ δ^(l+1)) ⊙ f′(z^(l))."""
    return (W.T @ delta_next) * f_prime(z)
