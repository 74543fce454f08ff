# %% [markdown]
# Solutions to notebook 04's exercises (cells tagged `solution:<id>` replace the
# notebook's `exercise:<id>` cells when the test suite runs it).

# %% tags=["solution:count-parameters"]
def count_parameters(sizes):
    """The number of weights and biases of a fully connected network with these layer sizes."""
    return sum((n_in + 1) * n_out for n_in, n_out in itertools.pairwise(sizes))


# %% tags=["solution:sgd-step"]
def sgd_step(params, lr):
    """W ← W − η·∂C/∂W for every parameter, in place."""
    for p in params:
        p.data -= lr * p.grad
