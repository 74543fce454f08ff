# %% [markdown]
# Solutions to notebook 01's exercises. Each cell replaces the notebook cell tagged
# `exercise:<id>` when it has the tag `solution:<id>`; the test suite runs the notebook
# that way and expects every check to print ✓.

# %% tags=["solution:central-difference"]
def central_difference(f, x, h):
    """Estimate f'(x) by the central difference with step h."""
    return (f(x + h) - f(x - h)) / (2 * h)


# %% tags=["solution:local-derivative"]
def silu_local(a, y):
    """dy/da for y = a·σ(a), given the input a and the output y."""
    s = 1 / (1 + math.exp(-a))
    # product rule: σ(a) + a·σ′(a) = σ(a) + a·σ(a)(1 − σ(a)) = σ(a) + y(1 − σ(a))
    return s + y * (1 - s)
