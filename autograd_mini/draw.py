"""Drawing a computation graph: values forward, gradients back, ∂out/∂in on every edge.

:func:`draw_graph` turns the graph below a :class:`Value` into DOT text (built with the
``graphviz`` package) and renders it with Graphviz. Each value is a box
``label | data | grad``; each op is its own small node showing the op's symbol; the
edge from an input into an op carries the local derivative ∂out/∂in, which the forward
pass already computed (for z = w·x + b the edge from w reads x — "∂z/∂w equals the
previous layer's input", visible).

Rendering uses the system ``dot`` when it is installed and otherwise the
``graphviz-pure`` program from PyPI (installed with this package), so a plain
``pip install`` can draw. Output is deterministic: node names come from the order of
a fixed traversal, never from ``id()``, so the same graph gives byte-identical DOT.

Large graphs: ``collapse="inputs"`` summarises the many leaf inputs of a wide node
(a neuron's weights) as one box; ``"neuron"`` and ``"layer"`` additionally group each
neuron's nodes (or each layer's) into a cluster. ``max_nodes`` refuses a picture that
would be unreadable, and says which option helps.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import graphviz

from autograd_mini.ops import OPS
from autograd_mini.value import Value

__all__ = [
    "COLLAPSE_MODES",
    "Graph",
    "RenderError",
    "RendererNotFound",
    "draw_graph",
    "find_renderer",
]

#: Accepted values of ``collapse``.
COLLAPSE_MODES = (None, "inputs", "neuron", "layer")
#: Output formats :meth:`Graph.save` understands, by file suffix.
FORMATS = ("svg", "png", "dot")
#: Ops that take one input and are drawn as a neuron's activation.
_ACTIVATIONS = frozenset(
    {"tanh", "sigmoid", "softplus", "relu", "leaky_relu", "exp", "sin", "cos", "abs"}
)

_GREY = "#b0b0b0"
_ACTIVE = "#d62728"
_POSITIVE = "#d8f0d8"
_NEGATIVE = "#f8d8d8"


class RendererNotFound(RuntimeError):
    """Neither Graphviz's ``dot`` nor the ``graphviz-pure`` program could be found."""


class RenderError(RuntimeError):
    """The renderer ran but failed."""


def find_renderer() -> str:
    """Path of the program that turns DOT into pictures.

    Tried in order: ``dot`` on PATH (system Graphviz), ``graphviz-pure`` on PATH, and
    ``graphviz-pure`` next to the running Python (a virtualenv's ``bin`` directory, which
    need not be on PATH). Both accept the same flags (``-Tsvg`` …, DOT on stdin).
    """
    for name in ("dot", "graphviz-pure"):
        found = shutil.which(name)
        if found:
            return found
    bindir = Path(sys.executable).parent
    for name in ("graphviz-pure", "graphviz-pure.exe"):
        candidate = bindir / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise RendererNotFound(
        "draw_graph: no Graphviz renderer found: neither 'dot' nor 'graphviz-pure' is on "
        "PATH or next to the Python interpreter. Install one: `pip install graphviz-pure` "
        "(no system package needed) or Graphviz from https://graphviz.org/download/"
    )


def render(source: str, fmt: str, renderer: str | None = None, timeout: float = 60.0) -> bytes:
    """Run the renderer on DOT ``source`` and return the ``fmt`` output (svg, png, …)."""
    program = renderer or find_renderer()
    try:
        done = subprocess.run(
            [program, f"-T{fmt}"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"draw_graph: {program} took longer than {timeout} s to lay the graph out; "
            "long edges (one value used at many depths) are slow to place: draw a smaller "
            "graph or use collapse='neuron'"
        ) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else f"exit status {done.returncode}"
        raise RenderError(f"draw_graph: {program} -T{fmt} failed: {detail}")
    return done.stdout


class Graph:
    """A drawn graph: DOT text plus rendering; shows itself as SVG in Jupyter.

    ``source`` is the DOT text; :meth:`svg` renders it; :meth:`save` writes .svg, .png
    or .dot by the file suffix. ``renderer`` is the program that did the last
    rendering (``dot`` or ``graphviz-pure``), so a caller can see which was used.
    """

    def __init__(self, dot: graphviz.Digraph, node_count: int) -> None:
        self._dot = dot
        self.source: str = dot.source
        self.node_count = node_count
        self.renderer: str | None = None
        self._svg: str | None = None

    def __repr__(self) -> str:
        return f"<autograd_mini Graph: {self.node_count} nodes>"

    def pipe(self, fmt: str = "svg") -> bytes:
        """The picture in format ``fmt`` as bytes (any format the renderer knows)."""
        program = find_renderer()
        out = render(self.source, fmt, program)
        self.renderer = program
        return out

    def svg(self) -> str:
        """The picture as SVG text (rendered once, then cached)."""
        if self._svg is None:
            self._svg = self.pipe("svg").decode("utf-8")
        return self._svg

    def save(self, path: str | os.PathLike[str], fmt: str | None = None) -> Path:
        """Write the picture; the format comes from the suffix (.svg, .png, .dot) or ``fmt``."""
        target = Path(path)
        kind = fmt or target.suffix.lower().lstrip(".")
        if kind == "gv":
            kind = "dot"
        if kind not in FORMATS:
            raise ValueError(
                f"Graph.save: unknown format {kind!r} for {str(target)!r}; "
                f"use a .svg, .png or .dot file name"
            )
        if kind == "dot":
            target.write_text(self.source, encoding="utf-8")
        elif kind == "svg":
            target.write_text(self.svg(), encoding="utf-8")
        else:
            target.write_bytes(self.pipe(kind))
        return target

    def _repr_svg_(self) -> str:
        return self.svg()

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None, **kwargs: Any
    ) -> dict[str, str]:
        try:
            return {"image/svg+xml": self.svg(), "text/plain": repr(self)}
        except (RendererNotFound, RenderError) as exc:
            return {"text/plain": f"{exc}\n\n{self.source}"}


# --------------------------------------------------------------------------- overlay


@dataclass
class Overlay:
    """What a step-by-step frame changes in the picture (see :mod:`autograd_mini.steps`).

    ``grads`` replaces the ``.grad`` shown; nodes outside ``reached`` and edges outside
    ``done`` (keyed by (consumer, parent position)) are greyed; ``active`` is the edge
    of the current chain-rule step, drawn red with ``active_text`` as its label.
    """

    grads: Mapping[Value, float]
    reached: Set[Value]
    done: Set[tuple[Value, int]]
    active: tuple[Value, int] | None = None
    active_text: str = ""


# --------------------------------------------------------------------------- building


@dataclass
class _Group:
    """Leaf inputs of one wide node, drawn as one summary box."""

    name: str
    leaves: tuple[Value, ...]
    role: str
    consumers: list[Value] = field(default_factory=list)


def _fmt(x: float, precision: int) -> str:
    """Fixed-point with ``precision`` decimals; scientific when that would hide the value."""
    if x != 0.0 and (abs(x) < 10.0**-precision or abs(x) >= 1e7):
        return f"{x:.{precision}e}"
    text = f"{x:.{precision}f}"
    return "0." + "0" * precision if text.lstrip("-") == "0." + "0" * precision else text


def _const(c: float) -> str:
    return format(c, ".6g")


def _op_label(node: Value) -> str:
    """The op's symbol, with a constant folded into the node written in its place."""
    op = OPS[node.op]
    arg = node._arg
    if op.arity == 2 and arg is not None:
        position, c = arg
        return f"{op.symbol} {_const(c)}" if position == 1 else f"{_const(c)} {op.symbol}"
    if node.op == "sum" and arg:
        return f"{op.symbol} + {_const(arg)}"
    if node.op == "dot" and arg is not None and arg[2]:
        return f"{op.symbol} + {_const(arg[2])}"
    return op.symbol


def _roles(node: Value) -> list[tuple[str, int, int]]:
    """(role, start, stop) segments of a wide node's parents, for grouping leaf inputs."""
    n = len(node.parents)
    if node.op == "dot" and node._arg is not None:
        k = node._arg[0]
        segments = [("w", 0, k), ("x", k, 2 * k), ("inputs", 2 * k, n)]
        return [s for s in segments if s[2] > s[1]]
    return [("inputs", 0, n)]


def _walk(root: Value, collapsed: Mapping[Value, bool]) -> list[Value]:
    """Visible value nodes in a fixed depth-first order from ``root`` (first parent first).

    Leaf parents of a collapsed node are not visited from it (they go to a summary box).
    """
    seen = {root}
    order: list[Value] = []
    stack = [root]
    while stack:
        node = stack.pop()
        order.append(node)
        hide_leaves = collapsed.get(node, False)
        for p in reversed(node.parents):
            if p in seen or (hide_leaves and not p.parents):
                continue
            seen.add(p)
            stack.append(p)
    return order


def _wide_nodes(root: Value, threshold: int) -> dict[Value, bool]:
    """Inner nodes with more than ``threshold`` parents (walked without recursion)."""
    wide: dict[Value, bool] = {}
    seen = {root}
    stack = [root]
    while stack:
        node = stack.pop()
        if len(node.parents) > threshold:
            wide[node] = True
        for p in node.parents:
            if p.parents and p not in seen:
                seen.add(p)
                stack.append(p)
    return wide


def draw_graph(
    root: Value,
    rankdir: str = "LR",
    show_grad: bool = True,
    show_local_grads: bool = True,
    precision: int = 4,
    color_grads: bool = False,
    collapse: str | None = None,
    collapse_threshold: int = 8,
    max_nodes: int = 1000,
    title: str = "",
    overlay: Overlay | None = None,
) -> Graph:
    """Draw the graph below ``root``; the result shows itself as SVG in Jupyter.

    Value nodes read ``label | data | grad`` (``precision`` decimals); op nodes show
    the op's symbol; the edge p → op(z) is labelled ∂z/∂p when ``show_local_grads``.
    ``color_grads`` shades each grad cell by sign (green +, red −).

    ``collapse`` ∈ {None, "inputs", "neuron", "layer"}: with any mode, the leaf inputs
    of a node with more than ``collapse_threshold`` parents become one summary box
    (count, data range, grad range); "neuron" clusters each ``dot`` node with its
    activation, "layer" clusters neurons by layer (the number of ``dot`` nodes on the
    longest path from the inputs). ``max_nodes`` bounds the drawing's node count.
    """
    if rankdir not in ("LR", "RL", "TB", "BT"):
        raise ValueError(f"draw_graph: rankdir must be LR, RL, TB or BT, got {rankdir!r}")
    if collapse not in COLLAPSE_MODES:
        raise ValueError(f"draw_graph: collapse must be one of {COLLAPSE_MODES}, got {collapse!r}")
    if isinstance(precision, bool) or not isinstance(precision, int) or not 0 <= precision <= 17:
        raise ValueError(f"draw_graph: precision must be an int from 0 to 17, got {precision!r}")
    if not isinstance(root, Value):
        raise TypeError(f"draw_graph: expected a Value, got {type(root).__name__}")

    collapsed = _wide_nodes(root, collapse_threshold) if collapse else {}
    order = _walk(root, collapsed)
    inner = [v for v in order if v.parents]

    # ---- summary boxes for the hidden leaf inputs of wide nodes (shared when identical)
    groups: dict[tuple[int, ...], _Group] = {}
    node_groups: dict[Value, list[tuple[_Group, list[int]]]] = {}
    for node in inner:
        if not collapsed.get(node):
            continue
        for role, start, stop in _roles(node):
            positions = [i for i in range(start, stop) if not node.parents[i].parents]
            if not positions:
                continue
            leaves = tuple(node.parents[i] for i in positions)
            key = tuple(map(id, leaves))
            group = groups.get(key)
            if group is None:
                group = groups[key] = _Group(f"s{len(groups)}", leaves, role)
            group.consumers.append(node)
            node_groups.setdefault(node, []).append((group, positions))

    count = len(order) + len(inner) + len(groups)
    if count > max_nodes:
        hint = (
            "pass collapse='neuron' (or 'inputs'/'layer') to summarise wide nodes' inputs, "
            if not collapse
            else "draw a smaller part of the graph, "
        )
        raise ValueError(
            f"draw_graph: the drawing would have {count} nodes, more than max_nodes={max_nodes}; "
            f"{hint}or raise max_nodes"
        )

    names = {v: f"v{i}" for i, v in enumerate(order)}
    g = _Painter(show_grad, show_local_grads, precision, color_grads, overlay)
    dot = graphviz.Digraph("autograd", format="svg")
    dot.attr(rankdir=rankdir, fontname="Helvetica")
    if title:
        dot.attr(label=title, labelloc="t")
    dot.attr("node", fontname="Helvetica", fontsize="11")
    dot.attr("edge", fontname="Helvetica", fontsize="9", arrowsize="0.6")

    clusters = _clusters(order, inner, collapse, node_groups) if collapse else {}
    clustered: set[str] = set()
    for cname, (clabel, members) in clusters.items():
        with dot.subgraph(name=cname) as sub:
            sub.attr(label=clabel, style="rounded,dashed", color="#888888", fontsize="10")
            for item in members:
                if isinstance(item, _Group):
                    g.group_node(sub, item)
                    clustered.add(item.name)
                else:
                    g.value_nodes(sub, item, names[item])
                    clustered.add(names[item])

    for v in reversed(order):
        if names[v] not in clustered:
            g.value_nodes(dot, v, names[v])
    for group in groups.values():
        if group.name not in clustered:
            g.group_node(dot, group)

    for v in reversed(order):
        for i, p in enumerate(v.parents):
            if p in names and not (collapsed.get(v) and not p.parents):
                g.edge(dot, names[p], v, names[v], i)
        for group, positions in node_groups.get(v, []):
            g.group_edge(dot, group, v, names[v], positions)
    return Graph(dot, count)


def _clusters(
    order: list[Value],
    inner: list[Value],
    mode: str,
    node_groups: Mapping[Value, list[tuple[_Group, list[int]]]],
) -> dict[str, tuple[str, list[Value | _Group]]]:
    """Cluster name → (label, members) for neuron/layer modes; nothing for "inputs"."""
    if mode not in ("neuron", "layer"):
        return {}
    consumers: dict[Value, list[Value]] = {}
    for v in inner:
        for p in v.parents:
            consumers.setdefault(p, []).append(v)
    # layer of a dot node: dot nodes on the longest path from the inputs, itself included
    depth: dict[Value, int] = {}
    for v in sorted(order, key=_creation):  # creation order: parents before consumers
        below = max((depth.get(p, 0) for p in v.parents), default=0)
        depth[v] = below + (1 if v.op == "dot" else 0)
    owned: set[int] = set()
    result: dict[str, tuple[str, list[Value | _Group]]] = {}
    neurons = [v for v in reversed(order) if v.op == "dot"]
    for index, d in enumerate(neurons):
        members: list[Value | _Group] = [d]
        for group, _ in node_groups.get(d, []):
            if len(group.consumers) == 1 and id(group) not in owned:
                owned.add(id(group))
                members.append(group)
        users = consumers.get(d, [])
        if len(users) == 1 and users[0].op in _ACTIVATIONS and len(users[0].parents) == 1:
            members.append(users[0])
        if mode == "neuron":
            result[f"cluster_n{index}"] = (f"neuron {index}", members)
        else:
            layer = depth[d]
            name = f"cluster_l{layer}"
            label, existing = result.get(name, (f"layer {layer}", []))
            result[name] = (label, existing + members)
    return dict(sorted(result.items())) if mode == "layer" else result


def _ink(grey: bool) -> dict[str, str]:
    return {"color": _GREY, "fontcolor": _GREY} if grey else {}


def _creation(v: Value) -> int:
    return v._seq


class _Painter:
    """Writes nodes and edges with the chosen display options."""

    def __init__(
        self,
        show_grad: bool,
        show_local_grads: bool,
        precision: int,
        color_grads: bool,
        overlay: Overlay | None,
    ) -> None:
        self.show_grad = show_grad
        self.show_local = show_local_grads
        self.p = precision
        self.color = color_grads
        self.overlay = overlay

    def _grad(self, v: Value) -> float | None:
        if self.overlay is None:
            return v.grad
        if v not in self.overlay.reached:
            return None
        return self.overlay.grads.get(v, 0.0)

    def _grey(self, v: Value) -> bool:
        return self.overlay is not None and v not in self.overlay.reached

    def value_nodes(self, dot: Any, v: Value, name: str) -> None:
        grey = self._grey(v)
        ink = _GREY if grey else "black"
        cells = []
        if v.label:
            cells.append(f"<TD><B>{html.escape(v.label)}</B></TD>")
        cells.append(f"<TD>data {_fmt(v.data, self.p)}</TD>")
        if self.show_grad:
            grad = self._grad(v)
            text = "grad ?" if grad is None else f"grad {_fmt(grad, self.p)}"
            shade = ""
            if self.color and grad:
                shade = f' BGCOLOR="{_POSITIVE if grad > 0 else _NEGATIVE}"'
            cells.append(f"<TD{shade}>{text}</TD>")
        table = (
            f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" COLOR="{ink}">'
            f"<TR>{''.join(cells)}</TR></TABLE>>"
        )
        dot.node(name, label=table, shape="plaintext", **_ink(grey))
        if v.parents:
            symbol = _op_label(v)
            shape = "circle" if len(symbol) <= 2 else "ellipse"
            dot.node(
                name + "op",
                label=symbol,
                shape=shape,
                width="0.3",
                height="0.3",
                margin="0.02",
                tooltip=OPS[v.op].math,
                **_ink(grey),
            )
            dot.edge(name + "op", name, **_ink(grey))

    def group_node(self, dot: Any, group: _Group) -> None:
        leaves = group.leaves
        n = len(leaves)
        labelled = [v.label for v in leaves if v.label]
        if labelled:
            span = labelled[0] if len(labelled) == 1 else f"{labelled[0]} … {labelled[-1]}"
        else:
            span = group.role
        data = [v.data for v in leaves]
        cells = [
            f"<TD><B>{n} {html.escape(group.role)}</B></TD>",
            f"<TD>{html.escape(span)}</TD>",
            f"<TD>data {self._range(data)}</TD>",
        ]
        grey = self.overlay is not None and not any(v in self.overlay.reached for v in leaves)
        if self.show_grad:
            grads = [self._grad(v) for v in leaves]
            known = [x for x in grads if x is not None]
            cells.append(f"<TD>grad {self._range(known) if known else '?'}</TD>")
        ink = _GREY if grey else "black"
        table = (
            f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" COLOR="{ink}">'
            f"<TR>{''.join(cells)}</TR></TABLE>>"
        )
        dot.node(group.name, label=table, shape="plaintext", **_ink(grey))

    def _range(self, xs: list[float]) -> str:
        lo, hi = min(xs), max(xs)
        if lo == hi:
            return _fmt(lo, self.p)
        return f"[{_fmt(lo, self.p)}, {_fmt(hi, self.p)}]"

    def edge(self, dot: Any, parent: str, node: Value, name: str, position: int) -> None:
        attrs: dict[str, str] = {}
        local = node.local_grads[position]
        if self.show_local:
            attrs["label"] = _fmt(local, self.p)
        ov = self.overlay
        if ov is not None:
            if ov.active == (node, position):
                attrs.update(color=_ACTIVE, fontcolor=_ACTIVE, penwidth="2.5")
                attrs["label"] = ov.active_text or attrs.get("label", "")
            elif (node, position) not in ov.done:
                attrs.update(color=_GREY, fontcolor=_GREY)
        dot.edge(parent, name + "op", **attrs)

    def group_edge(
        self, dot: Any, group: _Group, node: Value, name: str, positions: list[int]
    ) -> None:
        attrs: dict[str, str] = {}
        if self.show_local:
            local = [node.local_grads[i] for i in positions]
            attrs["label"] = "∂ " + self._range(local)
        ov = self.overlay
        if ov is not None:
            keys = [(node, i) for i in positions]
            if ov.active in keys:
                attrs.update(color=_ACTIVE, fontcolor=_ACTIVE, penwidth="2.5")
                attrs["label"] = ov.active_text or attrs.get("label", "")
            elif not any(k in ov.done for k in keys):
                attrs.update(color=_GREY, fontcolor=_GREY)
        dot.edge(group.name, name + "op", **attrs)
