# %% [markdown]
# Solutions to notebook 02's exercises (cells tagged `solution:<id>` replace the
# notebook's `exercise:<id>` cells when the test suite runs it).

# %% tags=["solution:output-layer"]
def output_layer_gradients(w, b, a_prev, y):
    """(∂C0/∂w, ∂C0/∂b, ∂C0/∂a_prev) for z = w·a_prev + b, a = σ(z), C0 = (a − y)²."""
    z = w * a_prev + b
    dC_dz = sigma_prime(z) * 2 * (sigma(z) - y)  # the last two links
    return a_prev * dC_dz, dC_dz, w * dC_dz


# %% tags=["solution:chain-gradients"]
def chain_gradients(ws, bs, x, y, act, act_prime):
    """[∂C0/∂w^(1), …, ∂C0/∂w^(L)] for a one-neuron-per-layer chain with C0 = (a^(L) − y)²."""
    a, z = [x], []
    for w, b in zip(ws, bs, strict=True):
        z.append(w * a[-1] + b)
        a.append(act(z[-1]))
    grads = [0.0] * len(ws)
    dC_da = 2 * (a[-1] - y)
    for layer in reversed(range(len(ws))):
        dC_dz = act_prime(z[layer]) * dC_da
        grads[layer] = a[layer] * dC_dz  # a[layer] is the input to this layer
        dC_da = ws[layer] * dC_dz
    return grads
