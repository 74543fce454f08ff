# %% [markdown]
# Solutions to notebook 05's exercises (cells tagged `solution:<id>` replace the
# notebook's `exercise:<id>` cells when the test suite runs it).

# %% tags=["solution:my-backward"]
def my_backward(root):
    """{node: ∂root/∂node} for every node of root's graph, by the chain rule."""
    grads = {root: 1.0}
    for node in topological_order(root):  # every consumer before the nodes it uses
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            grads[parent] = grads.get(parent, 0.0) + local * grads[node]  # add, never overwrite
    return grads


# %% tags=["solution:reverse-neuron"]
def reverse_neuron(z, ws, upstream):
    """∂C/∂z = σ′(z)·Σ_j w_j·∂C/∂z_j^(l+1), j over the next layer's neurons."""
    return sigma_prime(z) * sum(w * u for w, u in zip(ws, upstream, strict=True))
