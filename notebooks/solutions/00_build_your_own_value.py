# %% [markdown]
# # Solutions to notebook 00 (build your own `Value`)
#
# Each cell tagged `solution:<id>` replaces the notebook's cell tagged `exercise:<id>`,
# and runs in the notebook's namespace (`math`, `Value`, `add_to_class` come from there).

# %% tags=["solution:exp"]
@add_to_class(Value)
def exp(self):
    e = math.exp(self.data)
    out = Value(e, (self,), "exp")

    def _backward():
        self.grad += e * out.grad  # d/dx eˣ = eˣ, the output itself

    out._backward = _backward
    return out


# %% tags=["solution:pow"]
@add_to_class(Value)
def __pow__(self, k):
    assert isinstance(k, (int, float)), "only a plain number exponent"
    out = Value(self.data**k, (self,), f"**{k}")

    def _backward():
        self.grad += k * self.data ** (k - 1) * out.grad  # the power rule

    out._backward = _backward
    return out
