"""The backward pass: the chain rule applied node by node, in topological order.

For every node z the gradient of the root is the sum over the nodes z′ that use z:

    ∂root/∂z = Σ_{z′}  ∂z′/∂z · ∂root/∂z′

``∂z′/∂z`` was stored on z′ during the forward pass (``local_grads``), so the pass
below never needs to know which op made a node. Nodes are visited so that every
consumer comes before what it consumes; the order is found with an explicit stack,
so graphs a million nodes deep need no recursion limit. Leaves (nodes without
parents) are never put in the order: they only receive gradient.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from operator import attrgetter
from typing import Any

from autograd_mini.ops import OPS, local_derivatives
from autograd_mini.value import Number, Value, _number

__all__ = ["backward", "gradients", "topological_order", "walk"]


def topological_order(root: Value) -> list[Value]:
    """Inner (non-leaf) nodes reachable from ``root``, each before all of its parents.

    A node is always created after its parents, so its creation number (``_seq``) is
    larger than theirs: sorting the reachable inner nodes by that number, largest
    first, is a topological order. Finding them is a plain stack walk — no recursion,
    and no post-order bookkeeping. The nodes are listed in the order the walk finds
    them, which is already nearly newest-first (a chain comes out exactly so), and
    Python's sort takes about linear time on such nearly sorted input.
    """
    if not root.parents:
        return []
    seen = {root}
    order = [root]
    stack = [root]
    pop = stack.pop
    push = stack.append
    mark = seen.add
    found = order.append
    while stack:
        for p in pop().parents:
            if p.parents and p not in seen:
                mark(p)
                push(p)
                found(p)
    order.sort(key=_creation, reverse=True)
    return order


_creation = attrgetter("_seq")


def walk(root: Value) -> Iterator[Value]:
    """Every node reachable from ``root`` (leaves included), each once, root first."""
    seen = {root}
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        for p in node.parents:
            if p not in seen:
                seen.add(p)
                stack.append(p)


def backward(root: Value, gradient: Number = 1.0, create_graph: bool = False) -> None:
    """Set ``grad`` on every node below ``root`` (see :meth:`Value.backward`)."""
    seed = _number(gradient, "backward")
    if seed - seed != 0.0:  # a nan/inf seed would silently poison every gradient
        raise ValueError(f"backward: gradient must be a finite number, got {seed!r}")
    if create_graph:
        _backward_with_graph(root, seed)
        return
    order = topological_order(root)
    if not order:  # the root is a leaf
        root.grad += seed
        return
    for node in order:
        node.grad = 0.0
    root.grad = seed
    for node in order:
        g = node.grad
        if g == 0.0:
            continue  # nothing flows on (e.g. a ReLU that was off)
        local_grads = node.local_grads
        if len(local_grads) == 1:  # unary ops and ops with a constant operand: most nodes
            (p,) = node.parents
            p.grad += local_grads[0] * g
        else:
            for p, local in zip(node.parents, local_grads, strict=True):
                p.grad += local * g


def gradients(
    root: Value,
    wrt: Sequence[Value],
    gradient: Number = 1.0,
    create_graph: bool = False,
) -> list[Any]:
    """∂root/∂w for each w in ``wrt``, without touching any ``grad`` attribute.

    With ``create_graph=False`` the results are floats. With ``create_graph=True`` they
    are Values built from the graph itself, so they can be differentiated again
    (like ``torch.autograd.grad``). ``wrt`` may hold inner nodes as well as leaves.
    """
    seed = _number(gradient, "gradients")
    if seed - seed != 0.0:
        raise ValueError(f"gradients: gradient must be a finite number, got {seed!r}")
    adjoint = _adjoints(root, seed, create_graph)
    zero: Any = Value(0.0) if create_graph else 0.0
    return [adjoint.get(w, zero) for w in wrt]


def _adjoints(root: Value, seed: float, create_graph: bool) -> dict[Value, Any]:
    """The gradient of ``root`` with respect to every node, keyed by node."""
    adjoint: dict[Value, Any] = {root: Value(seed) if create_graph else seed}
    for node in topological_order(root):
        g = adjoint.get(node)
        if g is None:
            continue
        if create_graph:
            locals_: Sequence[Any] = _local_values(node)
        else:
            locals_ = node.local_grads
        for p, local in zip(node.parents, locals_, strict=True):
            contribution = local * g
            previous = adjoint.get(p)
            adjoint[p] = contribution if previous is None else previous + contribution
    return adjoint


def _local_values(node: Value) -> Sequence[Any]:
    """∂node/∂parent as Values depending on the parents, for differentiating again.

    The rule comes from the op table, evaluated on the Value backend; derivatives that
    are constants (1 for an add, a ReLU's step) come back as plain floats.
    """
    from autograd_mini.value_backend import VALUE

    op = OPS[node.op]
    return local_derivatives(op, VALUE, node.parents, node, node._arg)


def _backward_with_graph(root: Value, seed: float) -> None:
    adjoint = _adjoints(root, seed, create_graph=True)
    for node, g in adjoint.items():
        g_value = g if isinstance(g, Value) else Value(float(g))
        if node.parents:
            node.grad = g_value.data
            node.grad_graph = g_value
        else:
            node.grad += g_value.data
            node.grad_graph = g_value if node.grad_graph is None else node.grad_graph + g_value
