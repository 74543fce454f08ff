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
# # 0 · Build your own `Value`
#
# Before using `autograd_mini` we write a small one ourselves: about sixty lines that can
# add, multiply and take `tanh`, and then compute every derivative of the result with
# one call to `backward()`. Nothing in the later notebooks is magic after this one.
#
# **Source.** The shape of this exercise — a `Value` class with `_prev`, `_op` and a
# `_backward` closure per operation, a topological sort, and the bug found along the way,
# `=` written where `+=` belongs — follows Andrej Karpathy's lecture *The spelled-out
# intro to neural networks and backpropagation: building micrograd* (YouTube, 2022) and his
# [micrograd](https://github.com/karpathy/micrograd) repository. The words, the numbers
# and the checks here are ours.
#
# The rule of these notebooks: every derivative is worked out **by hand** and computed by
# **our engine**, and an `assert` compares them. Here we add a third witness: the same
# expression run through `autograd_mini`, and its graph drawn with `draw_graph`.

# %%
import inspect
import math
import re
import sys

from exercises import nb00  # the checks of the "your turn" cells at the end
from IPython.display import display

import autograd_mini as am

# %% [markdown]
# ## 1. A number that remembers where it came from
#
# A `Value` holds a number (`data`), the derivative of the final output with respect to
# it (`grad`, 0 until we compute it), the values it was made from (`_prev`), the
# operation that made it (`_op`), and a function `_backward` that will pass gradient from
# this node to its inputs. Leaves (inputs we type in) have no `_prev` and a `_backward`
# that does nothing. The names are micrograd's, and so is the constructor's argument
# `_children`: micrograd calls a node's inputs, the nodes it was computed from, its
# children; `autograd_mini`, and notebooks 1, 2 and 5, call them the node's `parents`.
#
# We grow the class one method at a time, cell by cell, with a small decorator that
# attaches a function to a class (the trick d2l.ai uses to write a class across cells).


# %%
class Value:
    """A scalar in a computation graph (our own version of micrograd's Value)."""

    def __init__(self, data, _children=(), _op="", label=""):
        self.data = float(data)
        self.grad = 0.0  # ∂(output)/∂(this value); filled in by backward()
        self._backward = lambda: None  # passes self.grad on to _prev; set by each op
        self._prev = tuple(_children)
        self._op = _op
        self.label = label

    def __repr__(self):
        return f"Value({self.label or '?'}: data={self.data:.4f}, grad={self.grad:.4f})"


def add_to_class(cls):
    """Decorator: attach the function below to ``cls`` as a method of the same name."""

    def attach(function):
        setattr(cls, function.__name__, function)
        return function

    return attach


# %% [markdown]
# ## 2. The local derivatives, and the chain rule by hand
#
# Each operation knows one thing about derivatives: how its output changes with each of
# its inputs — the **local derivative**.
#
# | op | forward | local derivatives |
# |---|---|---|
# | add | $o = p + q$ | $\partial o/\partial p = 1,\ \partial o/\partial q = 1$ |
# | mul | $o = p \cdot q$ | $\partial o/\partial p = q,\ \partial o/\partial q = p$ |
# | tanh | $o = \tanh n$ | $\partial o/\partial n = 1 - \tanh^2 n = 1 - o^2$ |
#
# The **chain rule** multiplies them along the path from the output back to an input.
# Take one neuron with two inputs,
#
# $$n = x_1 w_1 + x_2 w_2 + b, \qquad o = \tanh(n).$$
#
# Then $\dfrac{\partial o}{\partial n} = 1 - o^2$, the add passes it on unchanged,
# $\dfrac{\partial o}{\partial b} = 1 - o^2$, and the mul multiplies by the *other*
# factor: $\dfrac{\partial o}{\partial w_1} = (1 - o^2)\,x_1$,
# $\dfrac{\partial o}{\partial x_1} = (1 - o^2)\,w_1$, and the same for index 2.
# We type these by hand now, and check them against central differences
# $\big(f(t + h) - f(t - h)\big)/(2h)$ — a check that needs no derivative rule. Here $f$ is
# the output $o$ as a function of one of $x_1, w_1, x_2, w_2, b$, called $t$, the other
# four held fixed; notebook 1, section 2, derives the formula and the error a step $h$
# costs.

# %%
point = {"x1": 2.0, "w1": -0.4, "x2": 0.5, "w2": 1.2, "b": 0.9}


def neuron_output(x1, w1, x2, w2, b):
    return math.tanh(x1 * w1 + x2 * w2 + b)


o_value = neuron_output(**point)
do_dn = 1 - o_value**2
by_hand = {
    "x1": do_dn * point["w1"],
    "w1": do_dn * point["x1"],
    "x2": do_dn * point["w2"],
    "w2": do_dn * point["x2"],
    "b": do_dn,
}

h = 1e-6
for name, derivative in by_hand.items():
    up = {**point, name: point[name] + h}
    down = {**point, name: point[name] - h}
    central = (neuron_output(**up) - neuron_output(**down)) / (2 * h)
    print(f"∂o/∂{name:<2} by hand {derivative:+.10f}   central difference {central:+.10f}")
    assert math.isclose(derivative, central, rel_tol=1e-8)


# %% [markdown]
# ## 3. Each op records its own backward step
#
# Now the engine. Each operation builds its output node and gives it a `_backward`
# closure: "when my gradient `out.grad` is known, send `local derivative × out.grad` to
# each input". That is the chain rule, one edge at a time. A plain number on either side
# is wrapped into a `Value` so that `2 * x` and `x + 1` work too.
#
# This is the obvious first attempt. Look at the lines marked `← =`; section 5 comes back
# to them.


# %%
@add_to_class(Value)
def __add__(self, other):
    other = other if isinstance(other, Value) else Value(other)
    out = Value(self.data + other.data, (self, other), "+")

    def _backward():
        self.grad = 1.0 * out.grad  # ← =
        other.grad = 1.0 * out.grad  # ← =

    out._backward = _backward
    return out


@add_to_class(Value)
def __mul__(self, other):
    other = other if isinstance(other, Value) else Value(other)
    out = Value(self.data * other.data, (self, other), "*")

    def _backward():
        self.grad = other.data * out.grad  # ← =
        other.grad = self.data * out.grad  # ← =

    out._backward = _backward
    return out


@add_to_class(Value)
def tanh(self):
    t = math.tanh(self.data)
    out = Value(t, (self,), "tanh")

    def _backward():
        self.grad = (1 - t**2) * out.grad  # ← =

    out._backward = _backward
    return out


@add_to_class(Value)
def __radd__(self, other):  # other + self, when other is a plain number
    return self + other


@add_to_class(Value)
def __rmul__(self, other):  # other * self
    return self * other


# %% [markdown]
# ## 4. `backward()`: the nodes in topological order (拓扑排序)
#
# A node's `_backward` may only run once its own `grad` is complete, i.e. after every
# node that *uses* it has run. A **topological order** lists every node after all of its
# inputs; walking it in reverse visits each node after all its users. The simplest way to
# build it is a depth-first search that appends a node once all its inputs are appended.
# The function's name says which order it builds: `inputs_first_order_recursive` lists
# every node, leaves included, inputs first and the root last.


# %%
def inputs_first_order_recursive(root):
    order, visited = [], set()

    def visit(v):
        if v not in visited:
            visited.add(v)
            for parent in v._prev:
                visit(parent)
            order.append(v)  # after all of its inputs

    visit(root)
    return order


@add_to_class(Value)
def backward(self):
    order = inputs_first_order_recursive(self)
    self.grad = 1.0  # ∂(output)/∂(output)
    for v in reversed(order):
        v._backward()


# %% [markdown]
# The same Python function builds the neuron with *our* `Value` and with
# `autograd_mini.Value` (both accept `V(number, label=...)`, `+`, `*` and `.tanh()`), so
# one helper can run both engines and compare every labelled node: data and grad.


# %%
def neuron(V):
    """The neuron of section 2, built with the Value class V; the last entry is the output."""
    x1, w1 = V(point["x1"], label="x1"), V(point["w1"], label="w1")
    x2, w2 = V(point["x2"], label="x2"), V(point["w2"], label="w2")
    b = V(point["b"], label="b")
    x1w1 = x1 * w1
    x2w2 = x2 * w2
    n = x1w1 + x2w2 + b
    o = n.tanh()
    x1w1.label, x2w2.label, n.label, o.label = "x1w1", "x2w2", "n", "o"
    return {"x1": x1, "w1": w1, "x2": x2, "w2": w2, "b": b, "n": n, "o": o}


def run_both(build):
    """Build with our Value and with autograd_mini's, call backward() on each output."""
    ours, theirs = build(Value), build(am.Value)
    list(ours.values())[-1].backward()
    list(theirs.values())[-1].backward()
    return ours, theirs


def agree(ours, theirs):
    """Is every node's data and grad the same in both engines? (prints a table)"""
    same = True
    for name in ours:
        a, b = ours[name], theirs[name]
        row_ok = math.isclose(a.data, b.data, rel_tol=1e-12, abs_tol=1e-15) and math.isclose(
            a.grad, b.grad, rel_tol=1e-12, abs_tol=1e-15
        )
        print(
            f"{name:>4}  data {a.data:+.6f}  grad ours {a.grad:+.6f}  autograd_mini {b.grad:+.6f}"
        )
        same = same and row_ok
    return same


ours, theirs = run_both(neuron)
assert agree(ours, theirs)
for name, derivative in by_hand.items():  # and both agree with section 2's hand formulas
    assert math.isclose(ours[name].grad, derivative, rel_tol=1e-12)
assert math.isclose(ours["n"].grad, do_dn, rel_tol=1e-12)

# %% [markdown]
# `draw_graph` draws `autograd_mini`'s graph: a box per value (label, data, grad) and a
# node per operation, each edge labelled with its local derivative. Read our gradients
# off the picture: the grad printed in every box (4 significant digits) is the one our engine
# computed. The edge from `w1` into its product, drawn ×, reads $x_1 = 2$, the edge from
# `n` into `tanh` reads $1 - o^2$.


# %%
def drawn_grads(graph):
    """The grad printed in each labelled box of a draw_graph picture, by label."""
    boxes = re.findall(r"<B>([^<]+)</B></TD><TD>data [^<]+</TD><TD>grad ([^<]+)</TD>", graph.source)
    return {label: float(grad) for label, grad in boxes}


def matches_drawing(ours, graph):
    """Does every one of our gradients agree with the picture (to its 4 significant digits)?"""
    shown = drawn_grads(graph)
    return all(shown[name] == float(f"{v.grad:#.4g}") for name, v in ours.items())


def drawn_edges(graph, name):
    """(the operation, the label) of every edge out of the box labelled name."""
    node = re.search(rf"(\w+) \[label=<<TABLE[^\n]*<B>{name}</B>", graph.source)[1]
    edges = re.findall(rf'\b{node} -> (\w+) \[label="?([-+.\w]+)', graph.source)
    return [
        (re.search(rf'\b{op} \[label="?([^" ]+)', graph.source)[1], label) for op, label in edges
    ]


graph = am.draw_graph(theirs["o"])
assert matches_drawing(ours, graph)
assert drawn_edges(graph, "w1") == [("×", f"{point['x1']:#.4g}")]  # reads x1 = 2
assert drawn_edges(graph, "n") == [("tanh", f"{do_dn:#.4g}")]  # reads 1 − o²
assert "<svg" in graph.svg()  # rendered as a picture, not only as DOT text
assert "×" in graph.source  # a product is drawn ×, as the text says
display(graph)

# %% [markdown]
# ## 5. `=` where `+=` belongs: a value used twice (梯度要累加)
#
# The neuron used every value once. Now use one twice. For $s = p + p$ the derivative is
# obviously $\partial s/\partial p = 2$; for
#
# $$f = d \cdot e, \quad d = p \cdot q, \quad e = p + q \qquad\Big(f = p^2 q + p q^2\Big)$$
#
# it is $\partial f/\partial p = 2pq + q^2$: the sum of one term for the path through $d$
# ($e \cdot q$) and one for the path through $e$ ($d \cdot 1$). That sum is the
# multivariable chain rule: **a value that feeds several nodes receives the sum of their
# gradients.** Our engine gets both wrong:


# %%
def twice(V):
    p = V(3.0, label="p")
    s = p + p
    s.label = "s"
    return {"p": p, "s": s}


def two_paths(V):
    p, q = V(1.5, label="p"), V(-2.0, label="q")
    d = p * q
    e = p + q
    f = d * e
    d.label, e.label, f.label = "d", "e", "f"
    return {"p": p, "q": q, "d": d, "e": e, "f": f}


ours, theirs = run_both(twice)
print(f"s = p + p:  ours ∂s/∂p = {ours['p'].grad},  autograd_mini {theirs['p'].grad},  by hand 2")
assert ours["p"].grad == 1.0 and theirs["p"].grad == 2.0  # ours is wrong
assert not agree(ours, theirs)

ours, theirs = run_both(two_paths)
p, q = 1.5, -2.0
through_d, through_e = (p + q) * q, p * q  # e·∂d/∂p and d·∂e/∂p
# f = d·e = p²q + pq² by hand (1.5), in both engines
assert math.isclose(theirs["f"].data, p**2 * q + p * q**2, rel_tol=1e-12)
assert ours["f"].data == theirs["f"].data
print(
    f"paths: through d {through_d}, through e {through_e}, sum {2 * p * q + q**2}; "
    f"our engine gave {ours['p'].grad}"
)
assert math.isclose(theirs["p"].grad, 2 * p * q + q**2, rel_tol=1e-12)
assert math.isclose(through_d + through_e, 2 * p * q + q**2, rel_tol=1e-12)
# Ours kept one path's term only: the `=` of the last _backward to run overwrote the other.
assert ours["p"].grad in (through_d, through_e) and ours["p"].grad != theirs["p"].grad

# %% [markdown]
# Each `_backward` *sets* `self.grad = ...`; when a second consumer runs, it overwrites
# the first one's contribution. The fix is one character per line: **accumulate** with
# `+=`. We rewrite the three ops, this time for good.


# %%
@add_to_class(Value)
def __add__(self, other):  # noqa: F811 (the corrected version replaces section 3's)
    other = other if isinstance(other, Value) else Value(other)
    out = Value(self.data + other.data, (self, other), "+")

    def _backward():
        self.grad += 1.0 * out.grad
        other.grad += 1.0 * out.grad

    out._backward = _backward
    return out


@add_to_class(Value)
def __mul__(self, other):  # noqa: F811
    other = other if isinstance(other, Value) else Value(other)
    out = Value(self.data * other.data, (self, other), "*")

    def _backward():
        self.grad += other.data * out.grad
        other.grad += self.data * out.grad

    out._backward = _backward
    return out


@add_to_class(Value)
def tanh(self):  # noqa: F811
    t = math.tanh(self.data)
    out = Value(t, (self,), "tanh")

    def _backward():
        self.grad += (1 - t**2) * out.grad

    out._backward = _backward
    return out


for build in (twice, two_paths, neuron):
    ours, theirs = run_both(build)
    assert agree(ours, theirs)
for name, derivative in by_hand.items():  # the neuron (built last) against section 2
    assert math.isclose(ours[name].grad, derivative, rel_tol=1e-12)

ours, _ = run_both(twice)
assert ours["p"].grad == 2.0  # by hand: ∂(p + p)/∂p = 2
ours, theirs = run_both(two_paths)
assert math.isclose(ours["p"].grad, 2 * p * q + q**2, rel_tol=1e-12)
assert math.isclose(ours["q"].grad, p**2 + 2 * p * q, rel_tol=1e-12)  # ∂f/∂q by hand

# %% [markdown]
# In the picture, $p$ and $q$ each have **two** outgoing edges (into the × of $d$ and
# the + of $e$); the grad in their boxes is the sum over both.

# %%
graph = am.draw_graph(theirs["f"])
assert matches_drawing(ours, graph)
# two edges out of p and of q: into d's × (labelled the other factor) and e's + (labelled 1)
assert sorted(drawn_edges(graph, "p")) == sorted([("×", f"{q:#.4g}"), ("+", f"{1:#.4g}")])
assert sorted(drawn_edges(graph, "q")) == sorted([("×", f"{p:#.4g}"), ("+", f"{1:#.4g}")])
display(graph)

# %% [markdown]
# Because of `+=`, gradients pile up: a second `backward()` on the same graph without
# resetting gives $\partial f/\partial p$ **three** times the true value — the leaf $p$
# keeps its old gradient (1×), and the inner nodes $d, e$ kept theirs too, so they pass
# on twice their share (2×). So every pass starts by setting every `grad` to 0: that is
# the `zero_grad()` of every training loop.


# %%
@add_to_class(Value)
def zero_grad(self):
    for v in inputs_first_order_recursive(self):
        v.grad = 0.0


ours = two_paths(Value)
ours["f"].backward()
first = ours["p"].grad
ours["f"].backward()
print(f"∂f/∂p after one backward() {first}, after a second one {ours['p'].grad}")
assert ours["p"].grad == 3 * first
ours["f"].zero_grad()
ours["f"].backward()
assert ours["p"].grad == first and math.isclose(first, 2 * p * q + q**2, rel_tol=1e-12)

# %% [markdown]
# `autograd_mini` accumulates in two ways. **Within one pass** every node, inner or
# leaf, sums its paths with `+=`, as this section requires. **Across several
# `backward()` calls** only the leaves keep accumulating, as its docstring says ("Leaves
# accumulate; inner nodes are overwritten"): each `backward()` first sets the `grad` of
# every inner node to 0 (the root's to 1, ∂f/∂f), then applies the chain rule. So a
# second pass without a reset gives a leaf **twice** its derivative, not three times —
# its old 1× plus this pass's 1× — while an inner node shows this pass's gradient only:
# $\partial f/\partial d = e$ and $\partial f/\partial e = d$, after one pass or after
# two. An inner node used more than once sums its paths in every pass and still starts from 0 in
# the next: for $u = 3x$ and $g = u \cdot u + u$, $\partial g/\partial u = 2u + 1$ after
# each pass, while the leaf's $\partial g/\partial x = 3(2u + 1)$ doubles. The leaves are
# the parameters a training loop reads, so the reset is still needed.

# %%
theirs = two_paths(am.Value)
theirs["f"].backward()
theirs["f"].backward()  # a second pass, no zero_grad() in between
d_hand, e_hand = p * q, p + q  # the inner nodes' numbers, by hand
df_dp, df_dq = 2 * p * q + q**2, p**2 + 2 * p * q
print(
    f"after two backward(): ∂f/∂p = {theirs['p'].grad} (by hand 2 × {df_dp}), "
    f"∂f/∂d = {theirs['d'].grad} (by hand e = {e_hand})"
)
# leaves add up: twice the derivative by hand
assert math.isclose(theirs["p"].grad, 2 * df_dp, rel_tol=1e-12)
assert math.isclose(theirs["q"].grad, 2 * df_dq, rel_tol=1e-12)
# inner nodes are overwritten: this pass's ∂f/∂d = e and ∂f/∂e = d, not twice
assert theirs["d"].grad == e_hand and theirs["e"].grad == d_hand and theirs["f"].grad == 1.0
# what the text quotes from the docstring
assert "Leaves accumulate; inner nodes are overwritten" in am.Value.backward.__doc__
theirs["f"].zero_grad()
theirs["f"].backward()  # after a reset, one pass: the derivative itself
assert math.isclose(theirs["p"].grad, df_dp, rel_tol=1e-12)
assert theirs["d"].grad == e_hand and theirs["e"].grad == d_hand

x_leaf = am.Value(0.5, label="x")
u = x_leaf * 3
g = u * u + u  # u, an inner node, has three paths to g: both sides of u·u, and + u
u_hand = 3 * 0.5
for passes in (1, 2):  # two passes, no zero_grad() in between
    g.backward()
    print(f"after {passes} backward(): ∂g/∂u = {u.grad}, ∂g/∂x = {x_leaf.grad}")
    # within the pass u sums its paths (u + u + 1), starting from 0 each time
    assert u.grad == 2 * u_hand + 1
    # the leaf keeps adding: 1×, then 2× the derivative by hand 3(2u + 1)
    assert math.isclose(x_leaf.grad, passes * 3 * (2 * u_hand + 1), rel_tol=1e-12)

# %% [markdown]
# ## 6. The recursion limit (递归深度上限)
#
# `inputs_first_order_recursive` calls itself once per node along a path. Python stops
# a recursion at `sys.getrecursionlimit()` frames (usually 1000 — a safety net for the C
# stack; from Python 3.12 it counts Python frames only), so a long chain of operations
# — a recurrent net unrolled over many steps, or an iterative computation — breaks it.
# Build
#
# $$c_0 = x, \qquad c_{i+1} = 0.999\,c_i + 0.001 \quad(i < K), \qquad
# \frac{\partial c_K}{\partial x} = 0.999^K,$$
#
# with $K$ steps, $K$ = the recursion limit. Each step adds a `*` node and a `+` node,
# so the longest path through the graph has $2K + 1$ nodes, $x$ included, and the
# recursive walk goes that deep (counted below, once the walk no longer recurses).

# %%
K = sys.getrecursionlimit()


def chain(V):
    x = V(0.5, label="x")
    c = x
    for _ in range(K):
        c = c * 0.999 + 0.001
    c.label = "c"
    return {"x": x, "c": c}


ours = chain(Value)
try:
    ours["c"].backward()
    raised = False
except RecursionError as error:
    raised = True
    print(f"RecursionError with K = {K}: {error}")
assert raised

# %% [markdown]
# The cure is to keep the stack ourselves. Push `(node, False)` to mean "visit its
# inputs", and `(node, True)` to mean "all its inputs are done: append it". Same order as
# the recursion, no Python frames. (`autograd_mini` goes one step further: it numbers
# the nodes its operations create, in the order they are created — the number is a
# node's `seq`; a leaf you make has 0 — and a node is always created after its inputs,
# so sorting by that number is already a topological order. The library's own
# `topological_order`, used in notebook 5, is another list: the root first,
# and only the inner nodes.)


# %%
def inputs_first_order(root):
    """Every node after all of its inputs, with an explicit stack (no recursion)."""
    order, visited = [], set()
    stack = [(root, False)]
    while stack:
        v, inputs_done = stack.pop()
        if inputs_done:
            order.append(v)
        elif v not in visited:
            visited.add(v)
            stack.append((v, True))
            # reversed: the first input is popped, hence visited, first (as in the recursion)
            stack.extend((parent, False) for parent in reversed(v._prev))
    return order


@add_to_class(Value)
def zero_grad(self):  # noqa: F811 (zero_grad walks the graph the same way)
    for v in inputs_first_order(self):
        v.grad = 0.0


@add_to_class(Value)
def backward(self):  # noqa: F811 (the iterative version replaces section 4's)
    order = inputs_first_order(self)
    self.grad = 1.0
    for v in reversed(order):
        v._backward()


# Same order as the recursive version on a small graph, and a valid order on the chain.
small = two_paths(Value)["f"]
assert inputs_first_order(small) == inputs_first_order_recursive(small)
order = inputs_first_order(chain(Value)["c"])
position = {v: i for i, v in enumerate(order)}
assert all(position[parent] < position[v] for v in order for parent in v._prev)
longest = {}  # node → how many nodes the longest path ending at it has
for v in order:
    longest[v] = 1 + max((longest[parent] for parent in v._prev), default=0)
assert longest[order[-1]] == 2 * K + 1  # x, then a * and a + per step
# The library's own topological_order: the root first, and only inner nodes (no p, q).
made = two_paths(am.Value)
library = [v.label for v in am.topological_order(made["f"])]
assert library[0] == "f" and sorted(library) == ["d", "e", "f"]
# Its creation numbers (seq): leaves 0, then d, e, f in the order they were made; the
# topological order is the inner nodes sorted by that number, largest first.
assert made["p"].seq == made["q"].seq == 0 < made["d"].seq < made["e"].seq < made["f"].seq
assert library == sorted("def", key=lambda name: made[name].seq, reverse=True)

ours, theirs = run_both(chain)
print(
    f"∂c/∂x: ours {ours['x'].grad:.12f}, autograd_mini {theirs['x'].grad:.12f}, "
    f"0.999^K {0.999**K:.12f}"
)
assert math.isclose(ours["x"].grad, 0.999**K, rel_tol=1e-9)
assert agree({"x": ours["x"]}, {"x": theirs["x"]})
ours["c"].zero_grad()  # no recursion here either
assert ours["x"].grad == 0.0 and ours["c"].grad == 0.0

# %% [markdown]
# That is the whole engine: `Value` with `+`, `*`, `tanh` (and `__radd__`, `__rmul__` for
# `1 + x` and `2 * x`), `backward()`, `zero_grad()` and the order they walk. The
# introduction promised about sixty lines. Counted as one class would be written — the
# methods, `class Value:` and its docstring, and `inputs_first_order`; without blank lines,
# without lines that are only a comment (notes of your own do not count) and without the
# cells' `@add_to_class` decorators — they are:

# %%
engine = [Value.__init__, Value.__repr__, Value.__add__, Value.__radd__, Value.__mul__]
engine += [Value.__rmul__, Value.tanh, Value.backward, Value.zero_grad, inputs_first_order]
lines = [
    line
    for function in engine
    for line in inspect.getsource(function).splitlines()
    if line.strip() and not line.lstrip().startswith(("#", "@add_to_class"))
]
n_lines = len(lines) + 2  # `class Value:` and its docstring
print(f"the engine: {n_lines} lines")
assert 55 <= n_lines <= 65  # about sixty

# %% [markdown]
# ## 7. New functions for free: the chain rule composes
#
# Any function written with our three ops is differentiated with no new code. The
# logistic sigmoid is a shifted, squeezed tanh:
#
# $$\sigma(x) = \frac{1}{1 + e^{-x}} = \tfrac12\big(1 + \tanh(x/2)\big), \qquad
# \sigma'(x) = \sigma(x)\big(1 - \sigma(x)\big).$$
#
# Built that way in our engine, its gradient must match the hand formula and
# `autograd_mini`'s own `sigmoid` op (which has its own derivative rule).


# %%
def sigmoid(v):
    return 0.5 * (v * 0.5).tanh() + 0.5


for x0 in (-3.0, -0.2, 0.0, 1.7):
    mine = Value(x0, label="x")
    s = sigmoid(mine)
    s.backward()
    theirs = am.Value(x0, label="x")
    s_lib = theirs.sigmoid()
    s_lib.backward()
    sig = 1 / (1 + math.exp(-x0))
    print(
        f"x = {x0:+.1f}: σ'(x) ours {mine.grad:.10f}  autograd_mini {theirs.grad:.10f}"
        f"  σ(1 − σ) {sig * (1 - sig):.10f}"
    )
    assert math.isclose(s.data, sig, rel_tol=1e-12)
    assert math.isclose(mine.grad, sig * (1 - sig), rel_tol=1e-9)
    assert math.isclose(theirs.grad, sig * (1 - sig), rel_tol=1e-9)

# %% [markdown]
# One last check, everything at once: a sigmoid neuron with a squared error
# $C = (\sigma(w_1 x_1 + w_2 x_2 + b) - y)^2$ (the cost of notebook 2). The difference
# $r = a - y$ (the residual) is used twice in $r \cdot r$, so this needs the `+=` fix as
# well.
# By hand: $\partial C/\partial w_1 = 2(a - y)\,\sigma'(z)\,x_1$. Here, as from notebook 1 on,
# the weighted input is $z$ and the neuron's output $a$ — section 2's $n$ and $o$, the names
# micrograd gives them — and $y$ is the target.


# %%
def sigmoid_neuron_cost(V):
    leaves = {name: V(value, label=name) for name, value in point.items()}
    x1, w1, x2, w2, b = leaves.values()
    z = x1 * w1 + x2 * w2 + b
    # ours: σ built from tanh (above); autograd_mini: its own sigmoid op
    a = sigmoid(z) if V is Value else z.sigmoid()
    r = a + (-0.25)  # a − y with target y = 0.25
    C = r * r
    z.label, a.label, r.label, C.label = "z", "a", "r", "C"
    return {**leaves, "z": z, "a": a, "C": C}


ours, theirs = run_both(sigmoid_neuron_cost)
assert agree(ours, theirs)
a_, z_ = ours["a"].data, ours["z"].data
assert math.isclose(a_, 1 / (1 + math.exp(-z_)), rel_tol=1e-12)
assert math.isclose(ours["w1"].grad, 2 * (a_ - 0.25) * a_ * (1 - a_) * point["x1"], rel_tol=1e-9)
graph = am.draw_graph(theirs["C"], rankdir="TB")
assert matches_drawing(ours, graph)
display(graph)

# %% [markdown]
# That is the whole idea of reverse-mode automatic differentiation: record the graph on
# the way forward, then walk it backwards once, multiplying local derivatives and
# **adding** what arrives along different paths. `autograd_mini` is the same engine with
# more ops, errors that say where a `nan` came from, higher derivatives, and pictures.
#
# ## Your turn
#
# Each exercise cell below adds a method to our `Value` whose body is a stub: running
# the cell only defines it, and calling the method raises `NotImplementedError`. The
# cell after it calls your method. While the stub is there, it prints "not written yet"
# and the notebook runs on; once you have filled it in, it checks your answer against
# the derivative worked out by hand and against `autograd_mini`, and says which entry
# is wrong, or prints ✓. Use `+=`.
#
# **Exercise 1 — `exp`.** Add $e^x$ to our `Value`: forward `math.exp(self.data)`, local
# derivative $\dfrac{d}{dx}e^x = e^x$ (the output itself).


# %% tags=["exercise:exp"]
@add_to_class(Value)
def exp(self):
    raise NotImplementedError("your turn: e**x and its local derivative")


# %%
nb00.check_exp(Value)

# %% [markdown]
# **Exercise 2 — powers.** Add `x ** k` for a plain number `k` (an `int` or a `float`):
# forward `self.data ** k`, local derivative $\dfrac{d}{dx}x^k = k\,x^{k-1}$ — the power
# rule. With it, $1/x$ is `x ** -1`, and $p/q$ can be written `p * q**-1` (the `/`
# operator itself would still need a `__truediv__`). Compute $x^{k-1}$ from `self.data`:
# `k * out.data / self.data` is the same number wherever $x \ne 0$, but divides by zero
# at $x = 0$, one of the points the check tries.


# %% tags=["exercise:pow"]
@add_to_class(Value)
def __pow__(self, k):
    raise NotImplementedError("your turn: x**k for a number k, and its local derivative")


# %%
nb00.check_pow(Value)
