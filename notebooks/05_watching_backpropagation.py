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
# # 5 · Watching backpropagation
#
# `backward()` looks like magic: one call and every `grad` is filled in. This notebook
# slows it down. We build one sigmoid neuron with a squared-error cost, then replay the
# backward pass one chain-rule step at a time — each step multiplies a *local*
# derivative (stored on the graph during the forward pass) by the gradient arriving from
# above, and adds the product to a parent.
#
# We do it twice: first with a dozen lines of our own, then with the library's tools —
# `draw_graph` (the graph with local derivatives on its edges), `backward_steps` (the
# steps as data), `draw_step` (one step as a picture) and `step_player` (a slider
# through all of them that runs in the notebook itself, no server needed).
#
# The fan-out section at the end is the second half of 李宏毅 (Hung-yi Lee)'s lecture
# *Backpropagation* (his Machine Learning course at National Taiwan University, autumn
# 2016; on YouTube as *ML Lecture 7: Backpropagation*): the "backward pass" drawn as a
# network that runs in reverse.

# %%
import html
import inspect
import math
import re
import unicodedata

from autograd_mini import (
    Value,
    backward_steps,
    dot,
    draw_graph,
    draw_step,
    step_player,
    topological_order,
)

# %% [markdown]
# ## 1. One neuron, one cost
#
# $$z = w_1x_1 + w_2x_2 + b,\qquad a = \sigma(z),\qquad C = (a - y)^2 .$$
#
# The weighted sum is a single `dot` node, exactly the $z = \sum w\,x + b$ of the
# formula. Every node remembers its parents and the local derivatives
# $\partial(\text{node})/\partial(\text{parent})$, computed while the forward pass ran.

# %%
x1, x2, y = 2.0, -1.0, 1.0
w1, w2, b = Value(-0.5, "w1"), Value(0.75, "w2"), Value(0.25, "b")
z = dot([w1, w2], [x1, x2], b)
z.label = "z"
a = z.sigmoid()
a.label = "a"
r = a - y  # the residual, r as in notebook 0
r.label = "a-y"
C = r**2
C.label = "C"


# a label with an operator in it gets brackets: ∂(a-y)/∂a
def bracketed(v):
    return f"({v.label})" if "-" in v.label else v.label


for node in (z, a, r, C):
    locals_ = ", ".join(
        f"∂{bracketed(node)}/∂{bracketed(p)} = {g:+.4f}"
        for p, g in zip(node.parents, node.local_grads, strict=True)
    )
    print(f"{node.label:>3} = {node.data:+.4f}   ({node.op}: {locals_})")

# The local derivatives are the textbook ones.
s = a.data
assert math.isclose(a.local_grads[0], s * (1 - s))  # σ'(z) = σ(z)(1 - σ(z))
assert math.isclose(C.local_grads[0], 2 * r.data)  # d(u²)/du = 2u
assert [round(g, 12) for g in z.local_grads] == [x1, x2, 1.0]  # ∂z/∂w = x, ∂z/∂b = 1

# %% [markdown]
# `draw_graph` shows the same graph: a box per value (label and data), a small node
# per operation, and on every edge parent → operation the local derivative
# $\partial(\text{node})/\partial(\text{parent})$. The forward pass alone has put
# them there: in the box of $z$, the row of $w_1$ reads $\times\, x_1$ (and $w_1x_1$),
# the edge from $z$ reads $\sigma'(z)$, the edge from $a - y$ reads $2(a - y)$. No
# gradient exists yet, so they are hidden. The box's first line writes the neuron's
# formula as 3Blue1Brown does, $z = \sum_k w_k a_k + b$, where $a_k$ is the neuron's
# $k$-th input (an activation of the previous layer; here the inputs $x_1 = 2$ and
# $x_2 = -1$), not the neuron's own output $a$ drawn below it.


# %%
def drawn_edges(graph, name):
    """(the operation, the label) of every edge out of the box labelled name."""
    node = re.search(rf"(\w+) \[label=<<TABLE[^\n]*<B>{name}</B>", graph.source)[1]
    edges = re.findall(rf'\b{node} -> (\w+) \[label="?([-+.\w]+)', graph.source)
    return [
        (re.search(rf'\b{op} \[label="?([^" ]+)', graph.source)[1], label) for op, label in edges
    ]


graph = draw_graph(C, show_grad=False, rankdir="TB")

# The edge labels in the drawing are exactly the stored local derivatives (4 significant
# digits); the neuron z = w1·x1 + w2·x2 + b is drawn like its formula, one row per term.
edge_labels = re.findall(r'-> \w+ \[label="?([-+.\w]+)', graph.source)
stored = [g for node in (a, r, C) for g in node.local_grads]
assert sorted(edge_labels) == sorted(f"{g:#.4g}" for g in stored)
assert f"{2 * r.data:#.4g}" in edge_labels
assert f"= {w1.data * x1:#.4g}" in graph.source  # the row w1 × x1
row_w1 = re.search(r"<TD COLSPAN=\"2\">([^<]+)</TD><TD>×</TD><TD>w1</TD>", graph.source)
assert float(row_w1[1]) == x1  # the row of w1 reads × x1 = 2, then w1x1
assert drawn_edges(graph, "z") == [("σ", f"{s * (1 - s):#.4g}")]  # from z: σ'(z)
assert drawn_edges(graph, "a-y") == [("^", f"{2 * r.data:#.4g}")]  # from a − y: 2(a − y)
assert "z = Σₖ wₖ·aₖ + b" in graph.source  # the box's first line: its inputs are aₖ
assert "<svg" in graph.svg()  # rendered as a picture, not only as DOT text
graph


# %% [markdown]
# ## 2. The backward pass, one step at a time
#
# Visit the nodes from the cost down: notebook 0's topological order read backwards,
# every node before the nodes it was computed from (notebook 0's order lists each node
# *after* its inputs). The library's `topological_order(root)` gives that reversed order;
# unlike notebook 0's `inputs_first_order`, which lists every node with the inputs first,
# it lists the root first and only the inner nodes (a leaf has no parents to pass a
# gradient on to). At each node, its gradient is complete — everything that uses it has
# already been visited — so it can be passed on:
#
# $$\text{parent.grad} \mathrel{+}=
#   \underbrace{\frac{\partial\,\text{node}}{\partial\,\text{parent}}}_{\text{local}}
#   \times \underbrace{\frac{\partial C}{\partial\,\text{node}}}_{\text{upstream}} .$$
#
# Below, this loop is written out by hand and prints one line per step ("frame").


# %%
def replay_backward(root):
    # The chain rule by hand: returns ({node: ∂root/∂node}, [one tuple per step]).
    grads = {root: 1.0}  # ∂root/∂root = 1 starts the pass
    frames = []
    for node in topological_order(root):
        upstream = grads[node]
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            contribution = local * upstream
            grads[parent] = grads.get(parent, 0.0) + contribution
            frames.append((node, parent, local, upstream, contribution, grads[parent]))
    return grads, frames


def pad(text, width, align=">"):
    """text padded with spaces to width columns, "<" on the left or ">" on the right.

    Counted in columns, not characters: the Chinese edition's headers are Chinese, and a
    Chinese character takes two columns (Unicode's East Asian width W or F).
    """
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    room = " " * max(0, width - columns)
    return text + room if align == "<" else room + text


def show(frames):
    head = ["local", "upstream", "contrib.", "grad"]
    print(f"{pad('node', 5)} → {pad('parent', 6, '<')} " + " ".join(pad(h, 9) for h in head))
    for node, parent, *numbers in frames:
        print(f"{node.label:>5} → {parent.label:<6} " + " ".join(f"{v:+9.5f}" for v in numbers))


# The order the loop walks: root first, inner nodes only. Notebook 0's inputs_first_order,
# written out by hand for this graph, runs the other way and includes the leaves w1, w2, b.
order = [node.label for node in topological_order(C)]
inputs_first = ["w1", "w2", "b", "z", "a", "a-y", "C"]
assert order == ["C", "a-y", "a", "z"]
assert order == [label for label in reversed(inputs_first) if label not in ("w1", "w2", "b")]
position = {node: i for i, node in enumerate(topological_order(C))}
# notebook 0's order read backwards: each node before every inner node it was computed from
assert all(position[node] < position[p] for node in position for p in node.parents if p in position)

grads, frames = replay_backward(C)
show(frames)
# the introduction's "a dozen lines of our own": replay_backward, counted
n_lines = sum(1 for line in inspect.getsource(replay_backward).splitlines() if line.strip())
assert 10 < n_lines < 15

# %% [markdown]
# The same numbers from the closed forms of notebook 2 — and from the engine's own
# `backward()`:
#
# $$\frac{\partial C}{\partial z} = \sigma'(z)\,2(a - y),\qquad
#   \frac{\partial C}{\partial w_i} = x_i\,\frac{\partial C}{\partial z},\qquad
#   \frac{\partial C}{\partial b} = \frac{\partial C}{\partial z}.$$

# %%
dC_dz = s * (1 - s) * 2 * (a.data - y)
by_hand = {"w1": x1 * dC_dz, "w2": x2 * dC_dz, "b": dC_dz, "z": dC_dz}

C.backward()
for node in (w1, w2, b, z):
    print(
        f"∂C/∂{node.label:<2}  steps {grads[node]:+.10f}  "
        f"engine {node.grad:+.10f}  by hand {by_hand[node.label]:+.10f}"
    )
    assert math.isclose(grads[node], by_hand[node.label], rel_tol=1e-12)
    assert math.isclose(node.grad, by_hand[node.label], rel_tol=1e-12)

# %% [markdown]
# ## 3. The library's replay: `backward_steps`
#
# `backward_steps(root)` yields the same moves as data, in exactly the order
# `backward()` makes them. Each `Step` carries the node, the parent, the local
# derivative, the upstream gradient $\partial C/\partial\,\text{node}$, their product
# (the contribution) and the parent's gradient after adding it. It does not touch any
# `.grad`, so it can run before or after `backward()`.

# %%
steps = list(backward_steps(C))


def table(steps):
    head = ["local", "upstream", "contrib.", "grad after"]
    print(
        f"{pad('step', 4)}  {pad('node', 5)} → {pad('parent', 6, '<')}"
        + "".join(pad(h, 14) for h in head)
    )
    for st in steps:
        numbers = [st.local_grad, st.upstream, st.contribution, st.parent_grad_after]
        print(
            f"{st.index + 1:>4}  {st.node.label:>5} → {st.parent.label:<6}"
            + "".join(f"{v:>+14.6f}" for v in numbers)
        )


table(steps)

# Frame for frame the same as our own replay_backward above …
assert len(steps) == len(frames)
for st, (node, parent, *numbers) in zip(steps, frames, strict=True):
    assert st.node is node and st.parent is parent
    assert [st.local_grad, st.upstream, st.contribution, st.parent_grad_after] == numbers

# … every frame is one factor of the hand formulas, local × upstream …
by_edge = {(st.node.label, st.parent.label): st for st in steps}
assert math.isclose(by_edge["C", "a-y"].local_grad, 2 * (a.data - y), rel_tol=1e-12)
assert math.isclose(by_edge["a", "z"].local_grad, a.data * (1 - a.data), rel_tol=1e-12)
assert math.isclose(by_edge["a", "z"].contribution, dC_dz, rel_tol=1e-12)
for w, x in ((w1, x1), (w2, x2)):
    st = by_edge["z", w.label]
    assert math.isclose(st.local_grad, x, rel_tol=1e-12)  # ∂z/∂w = x
    assert st.upstream == by_edge["a", "z"].parent_grad_after  # ∂C/∂z, already complete
    assert math.isclose(st.contribution, x * dC_dz, rel_tol=1e-12)

# … and the last "grad after" of every node is what backward() stored.
final = {st.parent: st.parent_grad_after for st in steps}
for node in (w1, w2, b, z, a, r):
    assert final[node] == node.grad

# %% [markdown]
# ## 4. Watching it: `draw_step` and `step_player`
#
# `draw_step(root, i)` draws the backward graph — edges pointing from $C$ towards the
# inputs, the way the gradient flows — as it is after the step whose `Step.index` is $i$
# (counted from 0, so it is step $i + 1$ of the table above). The step's edge is red
# and labelled like every edge already used (those are black): × local = contribution.
# The upstream gradient it multiplies is the grad written in the node the edge leaves;
# the whole product, local × upstream = contribution, is the edge's hover text, and the
# title of the picture below spells it out. A step into a weight inside a neuron's box
# has no edge of its own: its cell in the box is tinted red and reads × local =
# contribution; a step that leaves the box is marked ◄ beside the cell it computes.
# Nodes the gradient has not reached yet are grey and dashed (`view="forward"` draws the
# forward graph instead, with the step's arrow still pointing the way the gradient
# flows). Here is the step into $w_1$ — the moment the formula
# $\partial C/\partial w_1 = x_1\cdot\partial C/\partial z$ is applied.

# %%
into_w1 = by_edge["z", "w1"]
assert steps[into_w1.index] is into_w1  # Step.index counts from 0: the table's step index + 1
title = (
    f"step {into_w1.index + 1}: z → w1, local {into_w1.local_grad:#.4g} × upstream "
    f"{into_w1.upstream:#.4g} = {into_w1.contribution:#.4g}"
)
picture = draw_step(C, into_w1.index, rankdir="TB", title=title)
print(into_w1)
# w1's row in the z box reads × x1 = the contribution; its hover text is the arithmetic.
assert f"= {into_w1.contribution:#.4g}" in picture.source
label = f"{into_w1.local_grad:#.4g} × {into_w1.upstream:#.4g} = {into_w1.contribution:#.4g}"
assert label in picture.source

# A step along an edge, a → z: labelled × local = contribution like the edges used before
# it; the upstream gradient is the grad in a's box, the whole product the hover text.
into_z = by_edge["a", "z"]
along = draw_step(C, into_z.index, rankdir="TB").source
local, up, contribution = (
    f"{v:#.4g}" for v in (into_z.local_grad, into_z.upstream, into_z.contribution)
)
assert f'label="× {local} = {contribution}' in along and f"grad {up}" in along
assert f'tooltip="{local} × {up} = {contribution}"' in along


# The colours the text names, read from the pictures: the step's edge red, the edges
# used before it black (no colour set), the step into w1 a red-tinted cell in red ink;
# at step 1 the nodes the gradient has not reached, a and z, grey and dashed.
def rgb(colour):
    """A "#rrggbb" colour's red, green and blue, 0 to 255."""
    return [int(colour[i : i + 2], 16) for i in (1, 3, 5)]


def reddish(colour):
    r, g, b = rgb(colour)
    return r > max(g, b) + 20


def grey(colour):
    r, g, b = rgb(colour)
    return r == g == b and 0 < r < 200


def node_line(source, label):
    return next(line for line in source.splitlines() if f"<B>{label}</B>" in line)


def edge_colour(source, child, parent):
    """The colour of the edge child -> parent in a DOT text; "black" where none is set
    (Graphviz's default)."""
    ids = [re.match(r"\s*(\w+) ", node_line(source, n))[1] for n in (child, parent)]
    line = next(line for line in source.splitlines() if f"{ids[0]} -> {ids[1]} " in line)
    found = re.search(r' color="(#\w{6})"', line)
    return found[1] if found else "black"


assert reddish(edge_colour(along, "a", "z"))
assert edge_colour(along, "C", "a-y") == edge_colour(along, "a-y", "a") == "black"
tint, ink = re.search(
    r'BGCOLOR="(#\w{6})"[^>]*><FONT COLOR="(#\w{6})">w1:', picture.source
).groups()
assert reddish(tint) and reddish(ink)
first = draw_step(C, 0, rankdir="TB").source
for label in ("a", "z"):
    line = node_line(first, label)
    assert 'STYLE="dashed"' in line and grey(re.search(r'COLOR="(#\w{6})"', line)[1])
assert 'STYLE="dashed"' not in node_line(first, "a-y")
picture

# %% [markdown]
# `step_player` packs a picture for every step (plus one before the first) into one
# piece of HTML with a slider and ◀ ▶ buttons. It is plain JavaScript inside the
# notebook's output: it works in Jupyter, in a saved HTML export, without a kernel or a
# server. Drag the slider to watch the gradient flow from $C$ back to the weights.

# %%
player = step_player(C, rankdir="TB")
assert len(player) == len(steps) + 1  # "before backward", then one frame per step
# The captions are plain strings: written out here, each says one step's arithmetic.
player.captions = ["before backward: the gradient of C is the seed 1"] + [
    f"step {st.index + 1}: {st.node.label} → {st.parent.label}: local {st.local_grad:#.4g} "
    f"× upstream {st.upstream:#.4g} = {st.contribution:#.4g}; "
    f"grad of {st.parent.label} is now {st.parent_grad_after:#.4g}"
    for st in steps
]
# Each caption says its frame's numbers as the frame draws them (4 significant digits,
# 1.000 and not 1): local derivative, upstream gradient, their product.
for st, caption, svg in zip(steps, player.captions[1:], player.svgs[1:], strict=True):
    for number in (st.local_grad, st.upstream, st.contribution):
        assert f"{number:#.4g}" in caption and f"{number:#.4g}" in html.unescape(svg)
page = player.html()
assert page.count("<svg") == len(player) and "<script src" not in page
player

# %% [markdown]
# ## Fan-out: one activation, two consumers
#
# (李宏毅, *ML Lecture 7: Backpropagation*, the "backward pass" part.) Real networks
# connect every neuron to *several* neurons in the next layer. Take a hidden neuron
# $a = \sigma(z)$ with $z = x_1w_1 + x_2w_2 + b$, feeding two output neurons:
#
# $$z' = a\,w_3 + b_3,\quad z'' = a\,w_4 + b_4,\qquad
#   C = \big(\sigma(z') - y_1\big)^2 + \big(\sigma(z'') - y_2\big)^2 .$$
#
# The primes are names, as in 李宏毅's slides: $z'$ and $z''$ are the weighted inputs of
# the first and the second neuron of the next layer, not derivatives. In $\sigma'(z')$
# only the prime on $\sigma$ is a derivative ($\sigma'$, taken at $z'$). Notebook 1
# writes these inputs $z^{(l+1)}_j$, with $j$ numbering the neurons of the next layer
# (as notebook 4 does, where $k$ numbers those of the layer before); so does exercise 2
# below.
#
# $a$ influences $C$ along two paths, so its gradient is the sum over both:
#
# $$\begin{gathered}
# \frac{\partial C}{\partial a}
#   = \frac{\partial z'}{\partial a}\frac{\partial C}{\partial z'}
#   + \frac{\partial z''}{\partial a}\frac{\partial C}{\partial z''}
#   = w_3\frac{\partial C}{\partial z'} + w_4\frac{\partial C}{\partial z''},
# \\
# \frac{\partial C}{\partial z} = \sigma'(z)\Big[w_3\frac{\partial C}{\partial z'}
#   + w_4\frac{\partial C}{\partial z''}\Big].
# \end{gathered}$$
#
# Read right to left, this is a network running *backwards*: the outputs' errors
# $\partial C/\partial z'$ and $\partial C/\partial z''$ are the inputs, $w_3, w_4$ are
# the weights, and multiplying by $\sigma'(z)$ plays the role of the activation.

# %%
x1, x2 = 1.5, -0.5
w1, w2, b = Value(0.8, "w1"), Value(-0.6, "w2"), Value(0.1, "b")
w3, b3 = Value(1.2, "w3"), Value(-0.3, "b3")
w4, b4 = Value(-0.9, "w4"), Value(0.2, "b4")
y1, y2 = 1.0, 0.0

z = dot([w1, w2], [x1, x2], b)
z.label = "z"
a = z.sigmoid()
a.label = "a"
z1 = dot([w3], [a], b3)
z1.label = "z'"
z2 = dot([w4], [a], b4)
z2.label = "z''"
a1, a2 = z1.sigmoid(), z2.sigmoid()
a1.label, a2.label = "a'", "a''"
d1, d2 = a1 - y1, a2 - y2
d1.label, d2.label = "a'-y1", "a''-y2"
sq1, sq2 = d1**2, d2**2
sq1.label, sq2.label = "(a'-y1)²", "(a''-y2)²"
C = sq1 + sq2
C.label = "C"
C.backward()


def sigma_prime(t):
    s = 1 / (1 + math.exp(-t))
    return s * (1 - s)


dC_dz1 = sigma_prime(z1.data) * 2 * (a1.data - y1)
dC_dz2 = sigma_prime(z2.data) * 2 * (a2.data - y2)
dC_da = w3.data * dC_dz1 + w4.data * dC_dz2  # the sum over the two paths
dC_dz = sigma_prime(z.data) * dC_da

for name, node, by_hand in [
    ("∂C/∂z' ", z1, dC_dz1),
    ("∂C/∂z''", z2, dC_dz2),
    ("∂C/∂a  ", a, dC_da),
    ("∂C/∂z  ", z, dC_dz),
    ("∂C/∂w1 ", w1, x1 * dC_dz),
]:
    print(f"{name}  engine {node.grad:+.10f}   by hand {by_hand:+.10f}")
    assert math.isclose(node.grad, by_hand, rel_tol=1e-12)

# %% [markdown]
# In the step-by-step replay the two paths are two separate frames that end at $a$.
# Here the one from $z''$, carrying $w_4\,\partial C/\partial z''$, comes first; the one
# from $z'$, carrying $w_3\,\partial C/\partial z'$, comes second and *adds* to what the
# first left behind (the order does not change the sum).

# %%
grads, frames = replay_backward(C)
into_a = [frame for frame in frames if frame[1] is a]
show(into_a)

assert len(into_a) == 2
assert [frame[0] for frame in into_a] == [z2, z1]  # the frame from z'' first, then z'
by_source = {frame[0].label: frame[4] for frame in into_a}
assert math.isclose(by_source["z'"], w3.data * dC_dz1, rel_tol=1e-12)
assert math.isclose(by_source["z''"], w4.data * dC_dz2, rel_tol=1e-12)
assert math.isclose(into_a[-1][5], dC_da, rel_tol=1e-12)  # the running sum ends at ∂C/∂a

# %% [markdown]
# The library's `backward_steps` shows the same thing. Its two steps into $a$ carry
# $w_4\,\partial C/\partial z''$ and then $w_3\,\partial C/\partial z'$, the second
# one's "grad after" is the fan-out sum
# $w_3\,\partial C/\partial z' + w_4\,\partial C/\partial z''$, and only then does
# the step $a \to z$ run, multiplying that sum by $\sigma'(z)$. The picture is the
# moment the second path, the one from $z'$, arrives: that step leaves the box of $z'$
# along the edge into $a$, so its cell there, $a$'s, is tinted red and marked ◄.

# %%
fan_steps = list(backward_steps(C))
into_a = [st for st in fan_steps if st.parent is a]
table(into_a)

first, second = into_a
assert (first.node, second.node) == (z2, z1)  # as in our replay: z'' first, then z'
weight = {z1: w3.data, z2: w4.data}
upstream = {z1: dC_dz1, z2: dC_dz2}
for st in into_a:
    assert math.isclose(st.local_grad, weight[st.node], rel_tol=1e-12)  # ∂z'/∂a = w₃, ∂z''/∂a = w₄
    assert math.isclose(st.upstream, upstream[st.node], rel_tol=1e-12)
assert math.isclose(first.parent_grad_after, first.contribution, rel_tol=1e-15)
assert math.isclose(second.parent_grad_after, dC_da, rel_tol=1e-12)  # w₃·∂C/∂z' + w₄·∂C/∂z''

(a_to_z,) = [st for st in fan_steps if st.node is a and st.parent is z]
assert a_to_z.index > second.index  # a passes its gradient on only once it is complete
assert math.isclose(a_to_z.upstream, dC_da, rel_tol=1e-12)
assert math.isclose(a_to_z.local_grad, sigma_prime(z.data), rel_tol=1e-12)
assert math.isclose(a_to_z.contribution, dC_dz, rel_tol=1e-12)

# The step leaves z′'s box along the edge into a: one ◄, in the cell just before a's, and
# a's cell (× w₃ = contribution) red-tinted in red ink; only a step that leaves the box
# is marked (the step into w₃ stays in the box).
arrival = draw_step(C, second.index)
assert arrival.source.count("◄") == 1
a_tint, a_ink = re.search(
    r'◄</FONT></TD><TD BGCOLOR="(#\w+)"[^>]*><FONT COLOR="(#\w+)">'
    rf"a: × {w3.data:#.4g} = {second.contribution:#.4g}<",
    arrival.source,
).groups()
assert reddish(a_tint) and reddish(a_ink)
into_w3 = next(st for st in fan_steps if st.parent is w3)
assert "◄" not in draw_step(C, into_w3.index).source
arrival

# %% [markdown]
# ### The reverse network, drawn
#
# 李宏毅 draws the backward pass as a network of its own, running from the cost back to
# the weights. Its inputs are $\partial C/\partial a' = 2(a' - y_1)$ and
# $\partial C/\partial a'' = 2(a'' - y_2)$; each "neuron" multiplies by a *constant*
# $\sigma'(z)$ — constant because $z$ was fixed by the forward pass — and the weights
# are the forward network's weights, used backwards. Every number in the picture is the
# engine's gradient on that node; the cell asserts it.

# %%
import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch

reverse_nodes = {  # name: (x, y, label as math, the engine's gradient on that node)
    "a'": (6.0, 1.5, r"\partial C/\partial a'", a1.grad),
    "a''": (6.0, -1.5, r"\partial C/\partial a''", a2.grad),
    "z'": (4.5, 1.5, r"\partial C/\partial z'", z1.grad),
    "z''": (4.5, -1.5, r"\partial C/\partial z''", z2.grad),
    "a": (3.0, 0.0, r"\partial C/\partial a", a.grad),
    "z": (1.5, 0.0, r"\partial C/\partial z", z.grad),
    "w1": (0.0, 1.5, r"\partial C/\partial w_1", w1.grad),
    "w2": (0.0, 0.0, r"\partial C/\partial w_2", w2.grad),
    "b": (0.0, -1.5, r"\partial C/\partial b", b.grad),
}
reverse_edges = [  # (from, to, multiplier as math, multiplier, the side its label is on)
    ("a'", "z'", r"\sigma'(z')", sigma_prime(z1.data), "above"),
    ("a''", "z''", r"\sigma'(z'')", sigma_prime(z2.data), "below"),
    ("z'", "a", "w_3", w3.data, "above"),
    ("z''", "a", "w_4", w4.data, "below"),
    ("a", "z", r"\sigma'(z)", sigma_prime(z.data), "above"),
    ("z", "w1", "x_1", x1, "above"),
    ("z", "w2", "x_2", x2, "below"),
    ("z", "b", "1", 1.0, "below"),
]
# The picture is the chain rule: each node is the sum of (multiplier × source) over the
# edges arriving at it, and that is the engine's gradient.
assert math.isclose(reverse_nodes["a'"][3], 2 * (a1.data - y1), rel_tol=1e-12)
assert math.isclose(reverse_nodes["a''"][3], 2 * (a2.data - y2), rel_tol=1e-12)
for target in ("z'", "z''", "a", "z", "w1", "w2", "b"):
    total = sum(m * reverse_nodes[src][3] for src, dst, _, m, _ in reverse_edges if dst == target)
    assert math.isclose(total, reverse_nodes[target][3], rel_tol=1e-12), target


def label_beside(ax, start, end, text, side, gap=4, **style):
    """Write text beside the middle of the arrow start → end, gap points off it at a right
    angle, on the side "above" or "below" it; the corner of the text nearest the arrow is
    the one placed, so the text never reaches across it."""
    (x0, y0), (x1_, y1_) = ax.transData.transform([start, end])  # on screen, in pixels
    length = math.hypot(x1_ - x0, y1_ - y0)
    nx, ny = (y0 - y1_) / length, (x1_ - x0) / length  # the arrow turned by 90°
    if (ny >= 0) != (side == "above"):
        nx, ny = -nx, -ny
    middle = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
    ax.annotate(
        text,
        middle,
        xytext=(gap * nx, gap * ny),
        textcoords="offset points",
        ha="left" if nx > 0.3 else "right" if nx < -0.3 else "center",
        va="bottom" if ny > 0.3 else "top" if ny < -0.3 else "center",
        **style,
    )


fig, ax = plt.subplots(figsize=(10, 4.6))
ax.set_xlim(-0.6, 6.6)  # the limits first: label_beside measures the arrows on screen
ax.set_ylim(-2.2, 2.2)
for src, dst, tex, m, side in reverse_edges:
    start, end = reverse_nodes[src][:2], reverse_nodes[dst][:2]
    arrow = FancyArrowPatch(
        start,
        end,
        arrowstyle="-|>",
        mutation_scale=14,
        color="tab:red",
        lw=1.5,
        shrinkA=34,
        shrinkB=34,  # points: start and end outside the boxes
        gid=f"{src} → {dst}",  # the label below carries the same name: it is this arrow's
    )
    ax.add_patch(arrow)
    label = f"$\\times\\,{tex}$\n$= {m:.3g}$"
    label_beside(ax, start, end, label, side, fontsize=9, color="tab:red", gid=arrow.get_gid())
for x_, y_, tex, value in reverse_nodes.values():
    ax.text(
        x_,
        y_,
        f"${tex}$\n${value:+.4f}$",
        ha="center",
        va="center",
        fontsize=9,
        bbox=dict(boxstyle="round,pad=0.4", fc="white", ec="k"),
    )
ticks = ["weights", "hidden z", "hidden a", "output z", "output a"]
ax.set_xticks([0, 1.5, 3, 4.5, 6], ticks)
ax.set_yticks([])
ax.set_xlabel("the backward pass runs right to left: from the cost towards the weights")
ax.set_title("The reverse network (Hung-yi Lee): the forward weights, used backwards")
plt.show()

# %% [markdown]
# The library draws the same reverse network from the computation graph itself:
# `draw_graph(C, view="backward")` points every edge from the cost towards the inputs,
# labels it "× local derivative = contribution", and where $a$ is used twice (by $z'$ and
# $z''$) the two contributions meet in a **Σ** node —
# $\partial C/\partial a = w_3\,\partial C/\partial z' + w_4\,\partial C/\partial z''$,
# drawn. Each neuron is one box, one row per term.

# %%
fan_graph = draw_graph(C, view="backward")
for node in (z1, z2, a, z):
    assert f"grad {node.grad:#.4g}" in fan_graph.source  # the drawn grads are the engine's
assert f"= {w1.grad:#.4g}" in fan_graph.source  # w1's row: × x1 = ∂C/∂w1
assert "Σ" in fan_graph.source  # the fan-out at a is drawn as a sum
fan_graph

# %% [markdown]
# ## Your turn
#
# Replace each stub, run it, then run the check below it: it names the entry that is
# wrong (expected vs yours) or prints ✓.
#
# **Exercise 1 — a backward pass of your own.** Without calling the library's own pass
# (`backward()`, `gradients()` or `backward_steps()`), return *one* dictionary
# `{node: ∂root/∂node}` whose keys are all the nodes of the graph under `root` — the
# leaves `w1`, `b`, … included — and whose values are their gradients. Use
# `topological_order(root)`, `node.parents` and `node.local_grads`, and remember that a
# node used twice collects a contribution from each use.


# %% tags=["exercise:my-backward"]
def my_backward(root):
    """{node: ∂root/∂node} for every node of root's graph, by the chain rule."""
    raise NotImplementedError("your turn")


# %%
from exercises.nb05 import check_my_backward, check_reverse_neuron

check_my_backward(my_backward)

# %% [markdown]
# **Exercise 2 — one node of the reverse network.** A hidden neuron $a = \sigma(z)$ of
# layer $l$ feeds each neuron $j$ of layer $l+1$, whose weighted input is $z^{(l+1)}_j$,
# through the weight $w_j$ ($j$ numbers the neurons of the next layer). Given $z$, the
# weights and the upstream errors $\partial C/\partial z^{(l+1)}_j$ (notebook 3's
# $\delta^{(l+1)}_j$, section 6: without the minus sign of 周志华's $g_j$ and $e_h$),
# return $\partial C/\partial z = \sigma'(z)\sum_j w_j\,\partial C/\partial z^{(l+1)}_j$ —
# what that neuron computes in the network running backwards, and one neuron's step of
# notebook 3's $\delta$ recursion. `sigma_prime`, defined in the fan-out section above,
# gives $\sigma'$.


# %% tags=["exercise:reverse-neuron"]
def reverse_neuron(z, ws, upstream):
    """∂C/∂z = σ′(z)·Σ_j w_j·∂C/∂z_j^(l+1), j over the next layer's neurons."""
    raise NotImplementedError("your turn")


# %%
check_reverse_neuron(reverse_neuron)
