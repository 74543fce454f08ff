# %% [markdown]
# # Solutions to notebook 06 (gradient checking and second derivatives)
#
# Each cell tagged `solution:<id>` replaces the notebook's cell tagged `exercise:<id>`,
# and runs in the notebook's namespace (`grad` comes from there).

# %% tags=["solution:second_difference"]
def second_difference(f, x, h):
    return (f(x + h) - 2 * f(x) + f(x - h)) / h**2


# %% tags=["solution:softplus_derivative"]
def softplus_derivative(x, s):
    # d/dx ln(1 + eˣ) = eˣ/(1 + eˣ) = σ(x); written with e^(−|x|) so no exp overflows.
    e = math.exp(-abs(x))
    return 1 / (1 + e) if x >= 0 else e / (1 + e)


# %% tags=["solution:newton"]
def newton(f, x0, steps):
    df, d2f = grad(f), grad(grad(f))
    xs = [x0]
    for _ in range(steps):
        xs.append(xs[-1] - df(xs[-1]) / d2f(xs[-1]))
    return xs
