"""Drawing a computation graph: a small core that walks the graph, views that style it.

:func:`draw_graph` is the public entry. It finds what to draw (:func:`scene`: the visible
values, the boxes that fold many values into one, and the links between them), then asks
a *view* — a set of style callbacks — for the DOT statements of each value, fold and link
(:func:`emit`). The views live in :mod:`autograd_mini.views`:

* ``"forward"``: each value a box ``label | data | grad``, each op its own small node, the
  edge from an input into an op labelled with the local derivative ∂out/∂in (for z = w·x
  the edge from w reads x: "∂z/∂w is the previous layer's input", visible). A fused
  ``dot`` node is drawn like its formula, one row per term wₖ·aₖ.
* ``"backward"``: the backward pass itself, the "reverse network": one box per gradient,
  edges from the output toward the inputs, each edge the multiplication by a local
  derivative, and a Σ node wherever paths meet (∂C/∂a = Σ w·∂C/∂z′).
* the step view (:mod:`autograd_mini.steps`) wraps either to grey what the gradient has
  not reached yet and to mark the current chain-rule step.

Adding a view touches neither the walk nor the renderer (:mod:`autograd_mini.render`).
Output is deterministic: node names come from a fixed traversal, never from ``id()``.

Large graphs: ``collapse="inputs"`` summarises the many leaf inputs of a wide node (a
neuron's weights) as one box; ``"neuron"`` also clusters each neuron; ``"layer"`` draws a
network one box per layer, the inputs at the left (at the top where only upright fits
the column) in a box of their own (named ones each in theirs while there are
``collapse_threshold`` or fewer; more fold in, named as a range "x1 … x784" or listed,
"age, height, … f16");
``"expr"`` folds every value used only once into the value that uses it, which keeps
the picture of a big non-network graph (a 6th derivative) to its shared structure.
``max_nodes`` refuses a picture that would be unreadable and says which fold applies.
"""

from __future__ import annotations

import contextlib
import decimal
import html
import math
import operator
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Protocol

import graphviz

from autograd_mini.arg_checks import check_flag, real_number, shown
from autograd_mini.backward import (
    check_seed,
    float_adjoints,
    refuse_stale,
    refuse_untracked,
    topological_order,
)
from autograd_mini.finite import exact_sum, held, rounded
from autograd_mini.ops import OPS, Constant, DotArg, SumArg
from autograd_mini.reals import not_real_hint, scalar_of
from autograd_mini.render import (
    COLUMN_PX,
    FORMATS,
    HEAD,
    MARK,
    MIN_TEXT_PX,
    PX_PER_PT,
    Graph,
    RendererNotFound,
    RenderError,
    SvgBox,
    centre_title,
    find_renderer,
    fitted_size,
    svg_box,
)
from autograd_mini.value import UNTRACKED, Value
from autograd_mini.words import Words, current

__all__ = [
    "COLLAPSE_MODES",
    "FORMATS",
    "SIZES",
    "Fold",
    "Graph",
    "Link",
    "Overlay",
    "RenderError",
    "RendererNotFound",
    "Scene",
    "TooManyNodes",
    "draw_graph",
    "find_renderer",
    "view_names",
]

#: Accepted values of ``collapse``.
COLLAPSE_MODES = (None, "inputs", "neuron", "layer", "expr")
#: Accepted values of ``size``.
SIZES = ("fit", "natural")
#: Above this many drawn nodes, edge labels are placed after layout (``xlabel``): as real
#: labels, dot gives each one a virtual node and a rank of its own, which made the 466-node
#: graph of tanh's 5th derivative take 14 s instead of 1.5 s with ``graphviz-pure``.
XLABEL_ABOVE = 150
#: ... except in a folded network ('inputs', 'neuron') up to :data:`BIG_ABOVE` nodes:
#: placed after layout, 2-16-16-1's backward view under collapse='neuron' drew 57 pairs
#: of texts over each other (an edge's "× 1 = -8.174e-02" over a relu box), and its
#: forward view the labels beside x1 and x2; as labels, none, in about the same time
#: (single runs: 0.6 → 0.5 s; 784-16-16-10 0.8 → 1.7 s), the picture about twice as tall.
#: Above this many drawn nodes, dot's effort is capped: crossing minimisation and the
#: x-coordinate network simplex were 13 s and 18 s of the 6th derivative's 34 s (every
#: value used at many depths makes a long edge, hundreds of virtual nodes), and spline
#: routing most of the rest; straight edges and capped iterations render it in a few s.
BIG_ABOVE = 300
#: An unfolded drawing with more nodes than this names, under its title, the fold that
#: draws it smaller.
FOLD_NOTE_ABOVE = 150
#: A folded network ('inputs', 'neuron') of :data:`XLABEL_ABOVE` to :data:`BIG_ABOVE`
#: nodes is laid out with its edges' labels, and any label makes dot double every
#: edge's length: each of the 256 edges between 2-16-16-1's two hidden layers then
#: passes a rank of its own, one more box in it, and the picture was twice as tall as
#: with labels placed after layout (6,569 px, was 3,423; 7,166 pt of layout, 3,734
#: without any label, 7,147 with only the "16 paths" labels; the forward view 7,576).
#: Edges that meet at one end drawn as one trunk there (``concentrate``) share those
#: ranks: 3,865 pt (forward 3,956), the same texts and edges, none over another, and
#: fewer edges across a text (over four seeds, labelled or not: 11 edges, were 29).
#: (A step frame is left as it was: its red edge merged into a trunk would colour or
#: grey the others.)
BUNDLED = {"concentrate": "true"}
BIG_LAYOUT = {"nslimit": "0.5", "nslimit1": "0.5", "mclimit": "0.2", "splines": "line"}

# colours shared by the views
#: what a step frame's gradient has not reached yet: a grey of 4.5:1 on white (WCAG AA
#: for small text; #b0b0b0 was 2.2:1, at 11.5 px, on the local derivatives a student reads
#: ahead), set apart by dashed lines as well as by its colour
GREY = "#767676"
#: the current step's red, its edge and the edge's label ("× 3.000 = …") on white (6.6:1)
#: and its numbers in the cell it computes, tinted ACTIVE_FILL (5.3:1): the edge's
#: #d62728 (5.0:1 on white, 4.0:1 on the tint) beside this red was a second red
ACTIVE = "#b71c1c"
#: the red inside a computed cell: the one red (kept under its name for importers)
ACTIVE_INK = ACTIVE
ACTIVE_FILL = "#fde0dd"
POSITIVE = "#d8f0d8"
NEGATIVE = "#f8d8d8"
# kept under their old names: notebooks and tests import them
_GREY, _ACTIVE, _POSITIVE, _NEGATIVE = GREY, ACTIVE, POSITIVE, NEGATIVE


# --------------------------------------------------------------------------- what is drawn

#: The names a step's pictures give two values or more, each with those of its values
#: the name is followed by the data of (not a table's row named by its place, w₁ or b),
#: in the order they were computed (:func:`~autograd_mini.steps.shared_names`).
SharedNames = Mapping[str, tuple[Value, ...]]
#: Such names' values grouped by their data as a picture writes it
#: (:func:`~autograd_mini.views.by_data`).
Grouped = dict[str, dict[str, list[Value]]]
NO_SHARED: SharedNames = MappingProxyType({})
#: Each name of a graph's values (:func:`~autograd_mini.steps.named_values`) with the
#: values it names, in the order they were computed, each with whether it is followed
#: by its data
Named = dict[str, dict[Value, bool]]


@dataclass
class Overlay:
    """What a step-by-step frame changes in the picture (see :mod:`autograd_mini.steps`).

    ``grads`` replaces the gradients shown; nodes outside ``reached`` and edges outside
    ``done`` (keyed by (consumer, parent position)) are greyed; ``active`` is the edge of
    the current chain-rule step, drawn red.
    """

    grads: Mapping[Value, float | Fraction]  # a step's sum so far: exact where no float holds it
    reached: Set[Value]
    done: Set[tuple[Value, int]]
    active: tuple[Value, int] | None = None
    active_text: str = ""
    #: the gradients at the end of the pass: an unknown gradient's "?" is padded to the
    #: width of its final text, so that every frame of a player has the same layout
    final: Mapping[Value, float] | None = None
    #: a line drawn under the title (the last frame's: the gradients no step reached)
    note: str = ""
    #: whether the frame's title is placed by the frame alone (centred when it fits its
    #: column); a sequence of frames shown at one width places all its titles at once
    #: (see :func:`~autograd_mini.steps.frames`)
    title_alone: bool = True
    #: the names the graph gives two values or more (:func:`~autograd_mini.steps.shared_names`)
    #: and the number format of the captions, which the picture writes its numbers in
    #: too (one rule for a caption and its picture: a caption said "add=2.000" of a box
    #: that read "data 2.000e+00"): the backward view writes such a name as the captions
    #: do, followed by the value's data (:func:`~autograd_mini.views.told`), since its
    #: boxes show gradients, not the data a caption told two values apart by
    shared: SharedNames = field(default_factory=dict)
    number_format: NumberFormat | None = None
    #: the title every frame of a sequence is laid out with (the widest of their titles),
    #: and the note (the last frame's) whose lines every frame leaves room for: the
    #: drawing then stands at one place in every frame (see :data:`render.HEAD`); "":
    #: the frame is laid out with its own title and note
    layout_title: str = ""
    layout_note: str = ""


@dataclass(eq=False)
class Fold:
    """Many values drawn as one box.

    ``kind`` "inputs": the leaf inputs of one wide node (a neuron's weights), ``role``
    saying which (w, x or inputs), or the data a layer reads that no box of its own
    shows (collapse='layer'); "layer": a network layer (its ``dot`` nodes, activations
    and private leaves). ``numbers``: the plain numbers among a layer's data (a first
    layer fed a row of floats multiplies its weights with them, no Value).
    """

    name: str
    kind: str
    leaves: tuple[Value, ...]
    role: str = "inputs"
    members: tuple[Value, ...] = ()
    title: str = ""
    consumers: list[Value] = field(default_factory=list)
    numbers: tuple[float, ...] = ()


Unit = Value | Fold


@dataclass(eq=False)
class Link:
    """An edge of the forward graph between two drawn units (tail feeds head).

    ``pairs`` are the (consumer, parent position) edges of the engine's graph it stands
    for; ``local`` is ∂head/∂tail when one number says it (through a folded expression:
    the derivative of the whole expression, a Fraction where no float holds it: see
    :func:`_composite`), else None; ``port`` a table row of the head.
    """

    tail: Unit
    head: Unit
    pairs: tuple[tuple[Value, int], ...]
    local: float | Fraction | None
    port: str = ""


class NumberFormat:
    """One rule for every number in a picture: ``digits`` significant digits.

    Positional (0.0013, 12.50) when every non-zero number shown lies in [1e-4, 1e6) and,
    rounded to ``digits``, below 10**digits, else scientific for all of them (1.300e-03,
    7.554e-05, 1.235e+05): never both in one picture. Positional writes a number to its
    units at least, so from 10**digits on its last digits would be zeros it does not have
    (123456 as "123500"); printf's ``%g`` turns scientific there too.

    Exact 0 is written "0", and in a scientific picture exact ±1 "1" and "-1": one
    number below 1e-4 made a seed, every ∂(a − b)/∂a and every edge of a sum read
    "1.000e+00", though nothing about them is approximate. A call may ask for more
    ``digits`` than the picture's, in its format (see :func:`cancellation_digits`).
    """

    def __init__(self, digits: int, numbers: Iterable[float | Fraction]) -> None:
        self.digits = digits
        sizes = [_size(x) for x in numbers if x != 0.0 and (type(x) is Fraction or x - x == 0.0)]
        top = min(1e6, 10.0**digits)
        self.scientific = bool(sizes) and (
            min(sizes) < 1e-4 or float(f"{max(sizes):.{digits - 1}e}") >= top
        )

    def __call__(self, x: float | Fraction, digits: int | None = None) -> str:
        if type(x) is Fraction:  # computed exactly: written so where no float holds it
            x = held(x)
            if type(x) is Fraction:
                return scientific(x, self.digits if digits is None else digits)
        if x == 0.0:
            return "0"
        if not math.isfinite(x):
            return str(x)
        digits = self.digits if digits is None else digits
        if self.scientific:
            if abs(x) == 1.0:
                return "1" if x > 0 else "-1"
            return f"{x:.{digits - 1}e}"
        rounded_x = float(f"{x:.{digits - 1}e}")
        exponent = math.floor(math.log10(abs(rounded_x)))
        return f"{rounded_x:.{max(0, digits - 1 - exponent)}f}"

    def span(self, xs: Sequence[float | Fraction]) -> str:
        """``x`` when all equal, else ``[lo, hi]``."""
        lo, hi = min(xs), max(xs)
        return self(lo) if lo == hi else f"[{self(lo)}, {self(hi)}]"


def _size(x: float | Fraction) -> float:
    """|x| for the choice of a picture's format; a Fraction no float holds as the float
    at that end (1e600 as 1.8e308, 1e-400 as 5e-324): the picture is scientific."""
    if not isinstance(x, Fraction):
        return abs(x)
    return min(max(abs(rounded(x)), 5e-324), sys.float_info.max)


def scientific(x: Fraction, digits: int) -> str:
    """``x`` to ``digits`` significant digits, rounded once, as a float of that size is
    written ("1.000e+600"): a number beyond ±1.8e308 (or below 5e-324) the picture
    computed exactly — a float would read inf (or 0)."""
    context = decimal.Context(
        prec=digits, rounding=decimal.ROUND_HALF_EVEN, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN
    )
    near = context.divide(decimal.Decimal(x.numerator), decimal.Decimal(x.denominator))
    return f"{near:.{digits - 1}e}"


@dataclass
class Scene:
    """Everything the core found; views read it and nothing else."""

    root: Value
    order: list[Value]  # drawn values, root first
    folds: list[Fold]
    links: list[Link]
    tables: dict[Value, frozenset[int]]  # dot nodes drawn as tables → inlined positions
    folded_ops: dict[Value, list[Value]]  # collapse="expr": inner values folded into each
    clusters: dict[str, tuple[str, list[Unit]]]
    grads: Callable[[Value], float | Fraction | None]
    fmt: NumberFormat
    names: dict[Unit, str]
    incoming: dict[Unit, int]  # links whose tail is the unit (gradient contributions)
    overlay: Overlay | None
    xlabels: bool
    rankdir: str
    options: dict[str, Any]
    #: texts a step frame shows in place of marked ones (see render.MARK), filled by views
    swaps: list[str] = field(default_factory=list)
    #: the texts the first lines of the title and notes are laid out with, in place of
    #: their own (a frame of a sequence, see Overlay.layout_title), and, filled by
    #: :func:`emit`, each such line as the frame shows it, in SVG and in DOT
    layout: list[str] = field(default_factory=list)
    heads: list[tuple[str, str]] = field(default_factory=list)
    #: the words the picture is drawn with (this thread's picture_language when drawn)
    words: Words = field(default_factory=current)
    #: lines drawn under the title: what the numbers shown do not say themselves
    notes: list[str] = field(default_factory=list)
    #: the digits of what takes part in a cancellation (see cancellation_digits): a
    #: value's data, and an op's constant, by the op's value
    wide_data: dict[Value, int] = field(default_factory=dict)
    wide_constants: dict[Value, int] = field(default_factory=dict)
    #: the values whose edges in carry their numbers as hover text (see :func:`crowded`)
    crowded: frozenset[Value] = frozenset()
    #: the title and notes start at the left edge: the picture is wider than its column
    #: (see :func:`_centre_when_narrow`), or big (:data:`FOLD_NOTE_ABOVE`)
    title_left: bool = False
    #: the names this picture gives two drawn values or more, each with those values in
    #: the order they were computed (:func:`~autograd_mini.steps.shared_names`): the
    #: backward view writes such a name followed by the value's data, as a step's
    #: captions and pictures do (its boxes show gradients, and the README neuron's two
    #: products were two boxes "mul | grad 0.5000"); a step frame's are its overlay's
    shared: SharedNames = field(default_factory=dict)
    #: the shared names' values grouped by data, read once per picture (see views._told)
    told_groups: Grouped | None = None
    #: the names of the graph's values in the picture's format, where its format was
    #: chosen with them (see :func:`~autograd_mini.steps.backward_format`), else None
    named: Named | None = None
    #: laid out with the edges that meet at one end drawn as one trunk (:data:`BUNDLED`):
    #: a folded network (two neurons or more) laid out with its edges' labels, no step
    #: frame
    trunks: bool = False
    #: drawn by a view of its own backward pass (the backward view): a neuron's table
    #: shows each term's local derivative and contribution, not its data
    own_pass: bool = False

    def name(self, unit: Unit) -> str:
        return self.names[unit]

    def data(self, v: Value) -> str:
        """``v.data`` as the picture writes it: to the digits of a cancellation ``v``
        takes part in, else the picture's."""
        return self.fmt(v.data, self.wide_data.get(v))


# --------------------------------------------------------------------------- statements


@dataclass
class Node:
    name: str
    attrs: dict[str, str]
    values: tuple[Value, ...] = ()  # the values it shows (the step view greys by these)


@dataclass
class Edge:
    tail: str
    head: str
    attrs: dict[str, str]
    pairs: tuple[tuple[Value, int], ...] = ()  # engine edges it stands for
    values: tuple[Value, ...] = ()  # or the values it belongs to


Stmt = Node | Edge


class View(Protocol):
    """Style callbacks: the DOT statements of each drawn value, fold and link.

    ``own_pass``: the view shows gradients of its own backward pass from the root rather
    than the ``.grad`` the engine stored. A new view is a class with these members, passed
    as ``draw_graph(root, view=MyView())``: neither the walk nor the renderer changes.
    """

    name: str
    own_pass: bool

    def graph_attrs(self, scene: Scene) -> dict[str, str]: ...

    def value(self, scene: Scene, v: Value) -> list[Stmt]: ...

    def fold(self, scene: Scene, f: Fold) -> list[Stmt]: ...

    def link(self, scene: Scene, link: Link) -> list[Stmt]: ...


# --------------------------------------------------------------------------- the walk


def _uses(root: Value) -> dict[Value, list[tuple[Value, int]]]:
    """parent → [(consumer, position)] for every edge below ``root`` (no recursion)."""
    uses: dict[Value, list[tuple[Value, int]]] = {root: []}
    stack = [root]
    while stack:
        node = stack.pop()
        for i, p in enumerate(node.parents):
            if p not in uses:
                uses[p] = []
                stack.append(p)
            uses[p].append((node, i))
    return uses


def _computed(order: list[Value]) -> list[Value]:
    """``order`` (a depth-first walk from the root, first) as computed: each value after
    its parents, a value's parents in the order they are written."""
    shown = set(order)
    done: set[Value] = set()
    out: list[Value] = []
    for start in order:
        stack: list[tuple[Value, int]] = [(start, 0)]
        while stack:
            node, i = stack.pop()
            if node in done:
                continue
            if i < len(node.parents):
                stack.append((node, i + 1))
                p = node.parents[i]
                if p in shown and p not in done:
                    stack.append((p, 0))
                continue
            done.add(node)
            out.append(node)
    return out


def _dfs(root: Value, hidden: Callable[[Value, int], bool]) -> list[Value]:
    """Values in a fixed depth-first order from ``root``, not entering hidden positions."""
    seen = {root}
    order: list[Value] = []
    stack = [root]
    while stack:
        node = stack.pop()
        order.append(node)
        for i in range(len(node.parents) - 1, -1, -1):
            p = node.parents[i]
            if p in seen or hidden(node, i):
                continue
            seen.add(p)
            stack.append(p)
    return order


def parent_roles(node: Value) -> list[tuple[str, int, int]]:
    """(role, start, stop) segments of a wide node's parents, for grouping leaf inputs."""
    n = len(node.parents)
    arg = node.arg
    if isinstance(arg, DotArg):
        k = arg.pairs
        segments = [("w", 0, k), ("x", k, 2 * k), ("inputs", 2 * k, n)]
        return [s for s in segments if s[2] > s[1]]
    return [("inputs", 0, n)]


def is_wide(v: Value, threshold: int) -> bool:
    """Whether collapse 'inputs' and 'neuron' summarise ``v``'s leaf inputs in boxes:
    more than ``threshold`` of its parents are leaves, what the boxes hold. Counted over
    all its parents, a neuron of 4 inputs (4 weights, 4 activations, its bias: 9) was
    wide: its table of five rows became a Σw·x node with a "4 w" box, its bias and its 4
    activations beside it in one rank, and 3-4-4-1's picture (collapse='inputs', top to
    bottom) 2,208 units wide where unfolded it is 1,203."""
    return sum(1 for p in v.parents if not p.parents) > threshold


def is_neuron(v: Value) -> bool:
    """Whether ``v`` is a neuron's z = Σ wₖ·aₖ (+ b): a ``dot`` with a weight, a
    parameter (a leaf) multiplied by something other than itself — a wₖ before its aₖ,
    or a leaf times a plain input; a lone bias (the last term, times 1) is not one.

    A loss or penalty written as a dot is not: Σ eₖ·eₖ over errors has no leaf, an output
    times its target (a leaf or a number) has its leaf, if any, second, and an L2 penalty
    Σ pₖ·pₖ multiplies each parameter by itself. collapse='layer' drew the loss of an
    MLP, dot(errors, errors), as "layer 3: 1 neuron"."""
    arg = v.arg
    if v.op != "dot" or not isinstance(arg, DotArg):
        return False
    k, parents = arg.pairs, v.parents
    if any(not parents[i].parents and parents[i] is not parents[k + i] for i in range(k)):
        return True
    # plain_inputs(v) is not empty: asked of its first constant on, not built whole (a
    # neuron fed 784 floats built a tuple of 784 for each row a picture named)
    n = len(arg.consts)
    return any(
        not parents[2 * k + j].parents and not (j == n - 1 and c == 1.0 and (k > 0 or n > 1))
        for j, c in enumerate(arg.consts)
    )


def plain_inputs(v: Value) -> tuple[float, ...]:
    """The plain numbers dot ``v`` multiplies a leaf (a weight) with: a neuron fed a row
    of floats holds its inputs so, as constants beside its weights; a lone bias (the
    last leaf, times 1) is not one."""
    arg = v.arg
    if v.op != "dot" or not isinstance(arg, DotArg):
        return ()
    k, n = arg.pairs, len(arg.consts)
    return tuple(
        float(c)
        for j, c in enumerate(arg.consts)
        if not v.parents[2 * k + j].parents and not (j == n - 1 and c == 1.0 and (k > 0 or n > 1))
    )


def _same_floats(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Whether ``a`` and ``b`` are the same float objects in the same order: a list of
    floats read by two layers (a skip connection), not two lists of equal numbers."""
    return len(a) == len(b) and all(map(operator.is_, a, b))


def _layers(inner: Iterable[Value]) -> dict[Value, int]:
    """Layer of each neuron (:func:`is_neuron`): neurons on the longest path from the
    inputs."""
    depth: dict[Value, int] = {}
    neurons = set()
    for v in sorted(inner, key=lambda v: v.seq):  # parents before consumers
        below = max((depth.get(p, 0) for p in v.parents), default=0)
        if is_neuron(v):
            neurons.add(v)
            below += 1
        depth[v] = below
    return {v: depth[v] for v in neurons}


def _activation(d: Value, uses: Mapping[Value, list[tuple[Value, int]]]) -> Value | None:
    users = uses.get(d, [])
    # the op row says what is an activation (``activation=True``), applied to d alone
    if len(users) == 1 and len(users[0][0].parents) == 1:
        op = OPS.get(users[0][0].op)
        if op is not None and op.activation:
            return users[0][0]
    return None


def _composite(c: Value, inside: Set[Value]) -> dict[Value, float | Fraction]:
    """∂c/∂p for each parent p outside the folded expression ``inside`` (c included): each
    node's terms local × adjoint gathered (consumers first), then added as backward adds
    them (:func:`edge_total`): √x/√x at x = 1e-320 sends x 5e159·1e160 − 5e159·1e160,
    which the running float sum made inf − inf, drawn "undefined" where it is 0. Where a
    float adjoint inside or a derivative drawn left the floats (inf, or a term not 0
    rounded to 0), the exact chain rule (:func:`_exact_composite`): a derivative no
    float holds stays a Fraction — ∂((x·1e300)·1e300)/∂x is 1e600, which drew
    "× inf = inf" on an edge whose contribution, 1e600 × 2e-300, is 2e300."""
    terms: dict[Value, list[tuple[float, float]]] = {c: [(1.0, 1.0)]}
    lost = False  # a term below the floats: local·g rounded to 0, neither of them 0
    for node in sorted(inside, key=lambda v: -v.seq):  # consumers before parents
        g = edge_total(terms.pop(node, ()))
        for p, local in zip(node.parents, node.local_grads, strict=True):
            # a zero gradient carries nothing, through an infinite slope too (as backward),
            # but the parent keeps its edge, reading 0: skipped, the inputs of a ReLU that
            # is off (a dead neuron's weights) stood in the picture unconnected
            terms.setdefault(p, []).append((local, g))
            lost = lost or (local * g == 0.0 and local != 0.0 and g != 0.0)
    result = {p: edge_total(pairs) for p, pairs in terms.items()}  # the parents outside
    if not lost and all(d - d == 0.0 for d in result.values()):
        return dict(result)
    exact = _exact_composite(c, inside)
    return {p: d if p not in exact else held(exact[p]) for p, d in result.items()}


def _exact_composite(c: Value, inside: Set[Value]) -> dict[Value, Fraction]:
    """:func:`_composite` in Fractions: where a float adjoint inside overflowed though
    the derivative drawn does not — ((x·0)·1e300)·1e10 sent x 0 × inf, drawn "undefined:
    an infinite slope inside" where it is 0, and ((x·1e-300)·1e300)·1e10 drew inf for
    1e10 — or the derivative drawn is no float. A parent an infinite slope reaches
    (times a gradient other than 0) is left out: no number has that term."""
    adjoint: dict[Value, Fraction | None] = {c: Fraction(1)}
    for node in sorted(inside, key=lambda v: -v.seq):  # consumers before parents
        g = adjoint.pop(node, Fraction(0))
        if g == 0:
            continue  # nothing flows on, through an infinite slope neither
        for p, local in zip(node.parents, node.local_grads, strict=True):
            so_far = adjoint.get(p, Fraction(0))
            if g is None or so_far is None or local - local != 0.0:
                adjoint[p] = None
            else:
                adjoint[p] = so_far + Fraction(local) * g
    return {p: g for p, g in adjoint.items() if g is not None}


def sent(local: float, g: float) -> float:
    """local·g as the backward pass sends it: a zero gradient carries nothing, through an
    infinite slope too (0, not 0·∞ = nan)."""
    return 0.0 if g == 0.0 else local * g


def sent_exactly(local: float | Fraction, g: float | Fraction) -> float | Fraction:
    """:func:`sent`, exactly (a Fraction) where the float product is beyond ±1.8e308 or
    ``local`` or ``g`` is a Fraction (a folded derivative, or a step's sum, no float
    holds): backward adds such a term exactly (:func:`~autograd_mini.finite.exact_sum`),
    and its float, inf, drew "× 1e+10 = inf" on an edge whose term is 1e310 and whose
    sum is a float. An infinite slope under a sum no float holds (a step frame's, on its
    way to 0: the pass never sends it) has no number: its float, inf or nan."""
    if g == 0.0:
        return 0.0
    if type(local) is Fraction or type(g) is Fraction:  # (a step's running sum, exact)
        if local - local != 0.0:
            return local * rounded(Fraction(g))
        return Fraction(local) * Fraction(g)
    product = local * g
    if product - product == 0.0 or local - local != 0.0 or g - g != 0.0:
        return product
    return Fraction(local) * Fraction(g)


def edge_total(pairs: Iterable[tuple[float, float]]) -> float:
    """Σ local × g over ``pairs`` (each term as :func:`sent` sends it), as backward adds
    them: in floats while the running sum stays finite, else exactly
    (:func:`~autograd_mini.finite.exact_sum`, the engine's own) — a term or a partial
    sum beyond ±1.8e308 of a finite total (1e308 + 1e308 − 1e308; 5e159·1e160 −
    5e159·1e160) is no overflow of the gradient. ±inf where the exact sum is beyond a
    float; inf or nan (as the float sum gives it) where an infinite slope meets a
    gradient other than 0 — no number has that term."""
    pairs = list(pairs)
    total = 0.0
    for local, g in pairs:
        total += sent(local, g)
    if total - total == 0.0:
        return total
    sent_pairs = [(local, g) for local, g in pairs if g != 0.0]
    if any(x - x != 0.0 for pair in sent_pairs for x in pair):
        return total
    return exact_sum((), sent_pairs)


def leaf_grad_notes(root: Value, words: Words) -> list[str]:
    """The lines that say so when a leaf's stored ``grad`` is not the sum of local
    derivative × grad over its edges below ``root`` — what a student checking the chain
    rule by hand adds up from the picture (the grad of an edge's consumer, as stored).

    Leaves accumulate across backward passes and inner nodes keep the last pass's, so
    after a second ``backward()`` every leaf showed twice what its edges gave, without a
    word. The engine keeps no count of the passes a ``grad`` holds, so the picture says
    what it can check: when every leaf holds the same whole multiple k ≥ 2 of its sum, k
    passes (as after k calls of ``backward()`` from this root); otherwise only that the
    sums differ (passes from other outputs, paths outside the picture, a grad set by
    hand). Empty when every leaf adds up."""
    sums = [
        _edge_sum(p, uses)
        for p, uses in _uses(root).items()
        if not p.parents and p is not root and uses
    ]
    if all(_adds_up(p.grad, total, size) for p, total, size in sums):
        return []
    passes = _passes(sums)
    if passes is not None:
        return [
            words("leaf_grads_passes", n=passes),
            words("leaf_grads_passes_why", n=passes),
        ]
    return [words("leaf_grads_differ"), words("leaf_grads_differ_why")]


def _edge_sum(p: Value, uses: list[tuple[Value, int]]) -> tuple[Value, float, float]:
    """(p, Σ local × grad over p's edges, the rounding allowed it): what backward sends
    p, added as backward adds it (:func:`edge_total`; math.fsum raised 'intermediate
    overflow' on 1e308 + 1e308 − 1e308 and 'inf − inf' on terms that overflow alone).
    The allowance is 1e-9 of the size of the terms backward adds as floats, whose order
    rounds: a term that overflows alone it adds exactly (with the sum so far), and no
    float partial sum of its passes exceeds 1.8e308 (beyond, it adds exactly), so the
    size counts up to 1.8e308 — else 1e310 − 1e310 + 1 twice read as "adds up" to 1."""
    terms = [sent(c.local_grads[i], c.grad) for c, i in uses]
    size = sum(map(abs, terms))
    if size < math.inf:  # every term a float (the drawing's usual case)
        try:
            return p, math.fsum(terms), 1e-9 * size
        except OverflowError:  # a float size rounded below an exact sum beyond 1.8e308:
            pass  # 1.8e308 + 9.9e291 + 9.9e291 (each below half an ulp of it, not both)
    float_size = sum(abs(t) for t in terms if abs(t) < math.inf)
    total = edge_total((c.local_grads[i], c.grad) for c, i in uses)
    return p, total, 1e-9 * min(float_size, sys.float_info.max)


def _adds_up(grad: float, total: float, slack: float) -> bool:
    """Whether ``grad`` is ``total`` up to rounding: the pass adds the same terms in
    another order, so the last digits may differ; ``slack``, 1e-9 of the terms' size, is
    far above that and far below the picture's digits."""
    return abs(grad - total) <= max(slack, 1e-9 * abs(grad))


def _passes(sums: list[tuple[Value, float, float]]) -> int | None:
    """k ≥ 2 when every leaf's grad is k × its edges' sum, else None."""
    ratio = next((p.grad / total for p, total, slack in sums if abs(total) > slack), None)
    if ratio is None:
        return None
    k = round(ratio)
    if k < 2 or not all(_adds_up(p.grad, k * total, k * slack) for p, total, slack in sums):
        return None
    return k


def scene(
    root: Value,
    collapse: str | None,
    collapse_threshold: int,
    max_nodes: int,
    grads: Callable[[Value], float | Fraction | None],
    precision: int,
    overlay: Overlay | None = None,
    rankdir: str = "LR",
    options: dict[str, Any] | None = None,
    where: str = "draw_graph",
    data_shown: bool = True,
    seed: float = 1.0,
) -> Scene:
    """Find the drawn values, folds and links below ``root`` (the view-independent part);
    too many to draw are refused naming ``where``, the function called. ``data_shown``:
    the view draws each value's data (a view of its own pass, the backward view, draws
    only an unlabelled leaf's, as its name), which the picture's number format counts;
    such a view's format is its pass's (:func:`~autograd_mini.steps.backward_format`,
    the pass seeded with ``seed``), its step frames' too."""
    words = current()
    uses = _uses(root)
    inner = [v for v in uses if v.parents]
    # ---- collapse="expr": only the root, leaves and values used more than once stay
    keep: set[Value] | None = None
    folded_ops: dict[Value, list[Value]] = {}
    if collapse == "expr":
        keep = {v for v, us in uses.items() if v is root or not v.parents or len(us) > 1}
        owner: dict[Value, Value] = {}
        for v in sorted(inner, key=lambda v: -v.seq):  # consumers first
            if v in keep:
                owner[v] = v
            else:
                owner[v] = owner[uses[v][0][0]]
        for v in inner:
            folded_ops.setdefault(owner[v], []).append(v)
    # ---- collapse="layer": one fold per layer of dot nodes
    layer_of: dict[Value, Fold] = {}
    folds: list[Fold] = []
    if collapse == "layer":
        depth = _layers(inner)
        by_layer: dict[int, list[Value]] = {}
        for d, n in depth.items():
            by_layer.setdefault(n, []).append(d)
        for n in sorted(by_layer):
            dots = sorted(by_layer[n], key=lambda v: v.seq)
            members = list(dots)
            for d in dots:
                act = _activation(d, uses)
                if act is not None:
                    members.append(act)
            fold = Fold(f"L{n}", "layer", (), "layer", tuple(members), words("layer", n=n))
            for m in members:
                layer_of[m] = fold
            folds.append(fold)
        sources: list[Fold] = []
        # the leaves each layer's neurons multiply their weights with, in the order the
        # neurons read them (an ordered set: the inputs box's names run as the input
        # does, "x1 … x784"; by seq, the leaves made together tie and read "x374 … x663")
        reads = {
            fold: dict.fromkeys(
                p
                for d in fold.members
                if d.op == "dot"
                for role, start, stop in parent_roles(d)
                if role == "x"
                for p in d.parents[start:stop]
            )
            for fold in folds
        }

        fed: dict[Value, bool] = {}

        def data_only(p: Value) -> bool:
            """Whether ``p``, an x of some layer, is read by layers alone, each reading
            it as its data (an x): a skip connection's input (x into layer 1 and layer
            2) goes into the inputs box of the first layer reading it, with an edge to
            each layer (drawn each as itself, 784 skipped pixels were 784 boxes); read
            by a loss too, or by a layer only as its weight, it is drawn. Once a
            value: asked for each neuron reading it, 784-16-16-10's DOT took 7 % longer
            (a layer's users do not change: ``layer_of`` gains only leaves here)."""
            known = fed.get(p)
            if known is None:
                users = (layer_of.get(c) for c, _ in uses[p])
                known = fed[p] = all(u is not None and p in reads[u] for u in users)
            return known

        earlier: set[Value] = set()  # the inputs of the layers before this one
        for fold in folds:
            inputs = reads[fold]
            # named inputs (x1, x2, …) read as data by layers alone are each drawn as a
            # box while there are few (collapse_threshold or fewer); more fold with the
            # unnamed ones into the inputs box of the first layer reading them, which
            # names them "x1 … x784": 784 named pixels were 784 boxes beside three
            # layer boxes. One an earlier layer reads is that layer's to draw, in its
            # box or as itself: counted again here, 5 named inputs of layer 1 skipping
            # to layer 2 beside its own 5 were 10, and one box "x1, …, y5" of layer 2
            # fed layer 1 "5 values" (which 5, it did not say)
            labelled = {
                p for p in inputs if p.label and not p.parents and p not in earlier and data_only(p)
            }
            many_named = len(labelled) > collapse_threshold
            own: set[Value] = set()
            for m in fold.members:
                for p in m.parents:
                    if p.parents:
                        continue
                    if p in inputs:
                        # an input is the layer's while only layers read it, as their
                        # data, and it is unnamed or one of many named: a few labelled
                        # ones (x1) are drawn each as itself (left out of the inputs
                        # box, a labelled one was left out of the picture)
                        if p in earlier or (p.label and not many_named) or not data_only(p):
                            continue
                    elif any(layer_of.get(c) not in (fold, None) for c, _ in uses[p]):
                        continue  # a parameter of two layers
                    # (a parameter read outside the layers too, by a penalty Σ w², is
                    # still the layer's: the penalty's edge comes from the layer's box)
                    own.add(p)
            # by name (untracked ones first): a leaf's seq tells when it was last written
            fold.leaves = tuple(
                sorted(own.difference(inputs), key=lambda v: (v.seq != UNTRACKED, v.label))
            )
            for leaf in fold.leaves:
                layer_of[leaf] = fold
            earlier.update(inputs)
            # the data the layer reads that no box shows — unnamed Values read by it
            # alone, or plain numbers (a row of floats) — drawn as one box "784 inputs"
            # with its edge in, as a named input is drawn with its own: the picture of
            # an MLP fed a row of floats showed no data coming in at all
            given = tuple(p for p in inputs if p in own)
            dots = [d for d in fold.members if d.op == "dot"]
            plain = max(map(plain_inputs, dots), key=len, default=())
            # the same plain numbers read again by a later layer (floats fed through a
            # skip connection) are the earlier box's, with an edge to this layer too:
            # they were a second identical box "12 inputs", where named Values fold
            # into one. The same floats, the very objects (dot keeps a float as it is
            # given): equal numbers are not the same data (a second input that equals
            # the first, a token read again, a row of zeros) and are a box of their own
            again = next((s for s in sources if plain and _same_floats(s.numbers, plain)), None)
            if again is not None:
                again.consumers += dots
                plain = ()
            if given or plain:
                data = Fold(f"{fold.name}x", "inputs", given, "inputs", numbers=plain)
                data.consumers = dots
                sources.append(data)
                for leaf in given:
                    layer_of[leaf] = data
        folds[:0] = sources
    # ---- summary boxes for the leaf inputs of wide nodes (collapse inputs/neuron)
    group_of: dict[tuple[Value, int], Fold] = {}
    wide = (
        {v for v in inner if is_wide(v, collapse_threshold)}
        if collapse in ("inputs", "neuron")
        else set()
    )
    groups: dict[tuple[int, ...], Fold] = {}
    for node in sorted(wide, key=lambda v: -v.seq):
        for role, start, stop in parent_roles(node):
            positions = [i for i in range(start, stop) if not node.parents[i].parents]
            if len(positions) < 2:  # one leaf (a neuron's bias) is clearer drawn as itself
                continue
            leaves = tuple(node.parents[i] for i in positions)
            key = tuple(map(id, leaves))
            group = groups.get(key)
            if group is None:
                group = groups[key] = Fold(f"s{len(groups)}", "inputs", leaves, role)
                folds.append(group)
            group.consumers.append(node)
            for i in positions:
                group_of[(node, i)] = group
    # ---- dot nodes drawn like their formula: private leaf inputs go into the table.
    # Under collapse="expr" only a dot with nothing folded into it: one whose inputs are
    # folded in is drawn as its folded expression, its rows' parents not being drawn;
    # under collapse="layer" a dot that is no layer's (a loss Σ eₖ·eₖ) and reads no
    # value folded into one (a penalty Σ w² over the parameters is one node)
    tables: dict[Value, frozenset[int]] = {}
    for v in inner:
        if v.op != "dot" or v in wide or v in layer_of:
            continue
        if any(p in layer_of for p in v.parents):
            continue
        if keep is not None and folded_ops.get(v) != [v]:
            continue
        tables[v] = frozenset(
            i
            for i, p in enumerate(v.parents)
            if not p.parents and len(uses[p]) == 1 and p is not root
        )

    def hidden(node: Value, i: int) -> bool:
        p = node.parents[i]
        if (node, i) in group_of or i in tables.get(node, ()):
            return True
        if p in layer_of:
            return True
        return keep is not None and p not in keep and not p.parents

    # drawn values: reachable without entering folds (layer members are reached below)
    if keep is not None:
        order = [v for v in _dfs(root, hidden) if v in keep]
    else:
        order = [v for v in _dfs(root, hidden) if v not in layer_of]
        if layer_of:  # values below a layer (the network's inputs) are drawn too
            seen = set(order)
            for fold in folds:
                for m in fold.members:
                    for p in m.parents:
                        if p not in layer_of and p not in seen:
                            for q in _dfs(p, hidden):
                                if q not in seen and q not in layer_of:
                                    seen.add(q)
                                    order.append(q)

    def unit(v: Value) -> Unit:
        return layer_of.get(v, v)

    # ---- links
    links: list[Link] = []
    if keep is not None:
        for c in order:
            if not c.parents:
                continue
            if c in tables:
                # a table's rows are its own edges (its private leaves drawn in them): as
                # one link per parent, the edges of the leaves in the table named values
                # never drawn (a KeyError whenever a dot was the root or used twice)
                for i, p in enumerate(c.parents):
                    if i not in tables[c]:
                        links.append(Link(p, c, ((c, i),), c.local_grads[i], f"r{i}"))
                continue
            inside = set(folded_ops.get(c, [c]))
            for p, local in _composite(c, inside).items():
                links.append(Link(p, c, (), local))
    else:
        merged: dict[tuple[int, int], Link] = {}
        drawn = [*order, *(m for f in folds if f.kind == "layer" for m in f.members)]
        for c in drawn:
            for i, p in enumerate(c.parents):
                if i in tables.get(c, ()):
                    continue
                group = group_of.get((c, i))
                tail: Unit = group if group is not None else unit(p)
                head = unit(c)
                if tail is head:
                    continue
                port = f"r{i}" if c in tables else ""
                if isinstance(tail, Fold) or isinstance(head, Fold):
                    key = (id(tail), id(head))
                    if key in merged:
                        merged[key].pairs += ((c, i),)
                        merged[key].local = None
                        continue
                    link = Link(tail, head, ((c, i),), c.local_grads[i], port)
                    merged[key] = link
                    links.append(link)
                else:
                    links.append(Link(tail, head, ((c, i),), c.local_grads[i], port))
        for f in folds:  # plain numbers are no parents: their edge into each layer
            if f.kind != "inputs" or not f.numbers:  # reading them is drawn for them (a
                continue  # Value's is an engine edge's, which carries them too)
            for layer in dict.fromkeys(layer_of[c] for c in f.consumers):
                if (id(f), id(layer)) not in merged:
                    links.append(Link(f, layer, (), None))

    count = (
        len(order)
        + sum(1 for v in order if v.parents)
        + len(folds)
        + sum(len(c.parents) for c in tables)
    )
    if count > max_nodes:
        raise TooManyNodes(
            f"{where}: the drawing would have {count} nodes, more than max_nodes={max_nodes}; "
            f"{_fold_hint(collapse, inner, collapse_threshold, overlay is not None)}, or raise "
            f"max_nodes",
            count,
            max_nodes,
        )

    names: dict[Unit, str] = {v: f"v{i}" for i, v in enumerate(order)}
    for f in folds:
        names[f] = f.name
    incoming: dict[Unit, int] = {}
    for link in links:
        incoming[link.tail] = incoming.get(link.tail, 0) + 1
    # ---- one number format for the whole picture
    numbers: list[float | Fraction] = []
    for v in order:
        g = grads(v)
        if data_shown or not (v.label or v.parents):  # a backward box: "name | grad"
            numbers.append(v.data)
        if g is not None:
            numbers.append(g)
    for f in folds:  # a fold shows ranges: only their ends are numbers on the page
        for xs in fold_spans(f, grads):
            if xs:
                numbers += [min(xs), max(xs)]
    for link in links:
        into_layer = isinstance(link.head, Fold)  # "784 values", as between layers
        if isinstance(link.tail, Fold) and link.tail.kind == "inputs" and not into_layer:
            numbers += [c.local_grads[i] for c, i in link.pairs]  # "∂ [lo, hi]"
        if link.local is not None:
            numbers.append(link.local)
            g = grads(link.pairs[0][0] if link.pairs else _head_value(link))
            if g is not None:
                numbers.append(sent_exactly(link.local, g))
    for v in tables:  # a table's rows: the numbers in them, and what each row computes
        numbers += row_numbers(v, grads(v), data_shown)
    shown = [c for c in order if folded_ops.get(c, [c]) == [c]]  # an op's own inputs
    named = None
    if overlay is not None and overlay.number_format is not None:  # the captions' format,
        fmt = overlay.number_format  # chosen from every number of the pass's pictures
    elif not data_shown:  # a view of its own pass: the pass's format, as its frames'
        from autograd_mini.steps import backward_format

        table = {"collapse": collapse, "collapse_threshold": collapse_threshold}
        values = set(order).union(*(node.parents for node in tables))  # as drawn_shared
        fmt, named = backward_format(root, seed, grads, table, precision, numbers, values)
    else:
        fmt = NumberFormat(precision, numbers)
    wide_data, wide_constants = cancellation_digits(shown, set(order), precision)
    clusters = (
        _neuron_clusters(_layers(inner), group_of, uses, words, names)
        if collapse == "neuron"
        else {}
    )
    many = crowded(links, collapse_threshold) if collapse in ("inputs", "neuron") else frozenset()
    return Scene(
        root,
        order,
        folds,
        links,
        tables,
        folded_ops,
        clusters,
        grads,
        fmt,
        names,
        incoming,
        overlay,
        count > XLABEL_ABOVE and not (collapse in ("inputs", "neuron") and count <= BIG_ABOVE),
        rankdir,
        options or {},
        words=words,
        wide_data=wide_data,
        wide_constants=wide_constants,
        crowded=many,
        named=named,
        # a network's picture only: a chain or a derivative folded the same way read
        # worse, a label floating below a trunk's split beside three branches
        trunks=overlay is None
        and collapse in ("inputs", "neuron")
        and XLABEL_ABOVE < count <= BIG_ABOVE
        and _has_neurons(inner),
        own_pass=not data_shown,
    )


def row_numbers(v: Value, g: float | Fraction | None, data_shown: bool) -> list[float | Fraction]:
    """The numbers the rows of dot node ``v``'s table show: with ``data_shown`` (the
    forward view) each row's values and product (exactly where that is beyond a float,
    as dot adds it: 1e200 × 1e200 read "= inf"), and with ``v``'s gradient ``g`` what
    each row sends back. The picture's format was chosen without them: a table of
    weights 1e200 wrote them positionally, in 201 digits."""
    arg = v.arg
    assert isinstance(arg, DotArg)
    k, parents = arg.pairs, v.parents
    numbers: list[float | Fraction] = []
    if data_shown:
        numbers += [p.data for p in parents]
        numbers += [sent_exactly(parents[i].data, parents[k + i].data) for i in range(k)]
        numbers += [sent_exactly(c, parents[2 * k + j].data) for j, c in enumerate(arg.consts)]
    if g is not None:
        numbers += [sent_exactly(local, g) for local in v.local_grads]
    return numbers


def crowded(links: Iterable[Link], threshold: int) -> frozenset[Value]:
    """The values more than ``threshold`` other values feed along edges of their own:
    under collapse 'inputs' and 'neuron' a wide node is one small Σw·x node, and the
    labels of the edges converging on it were drawn over each other (2-16-16-1 by
    neurons: the 16 activations into each neuron of layer 2, 87 pairs of numbers on top
    of one another). Every edge into such a node (its summary box's too, whose label,
    placed after layout, landed on the box) carries its number as hover text instead,
    and a note says so."""
    into: dict[Value, int] = {}
    for link in links:
        if isinstance(link.head, Value) and isinstance(link.tail, Value) and not link.port:
            into[link.head] = into.get(link.head, 0) + 1
    return frozenset(v for v, n in into.items() if n > threshold)


def quiet(sc: Scene, link: Link) -> bool:
    """Whether ``link``'s number is hover text rather than a label (:func:`crowded`).
    A summary box's edge keeps its label in a bundled picture (``sc.trunks``): laid
    out, it lands on no box, and as hover text it joined the trunk of the quiet edges
    and was drawn from the box's top middle over its cells (2-16-16-1 named by
    ``named_parameters``: 5 edges across a "grad 0")."""
    if link.head not in sc.crowded or link.port:
        return False
    return not (isinstance(link.tail, Fold) and sc.trunks)


#: Ops whose result can cancel: a sum or difference far smaller than its inputs.
ADDITIVE = frozenset({"add", "sub", "sum"})


def _exponent(x: float, digits: int) -> int:
    """The power of ten of ``x``'s leading digit, once rounded to ``digits``: the exponent
    written by the rounding itself (log10 of the rounded number read back overflowed
    for 1.7976931348623157e308, rounded up to 1.798e+308: draw_graph(x + 1) raised
    OverflowError)."""
    return int(f"{x:.{digits - 1}e}".rpartition("e")[2])


def cancellation_digits(
    ops: Iterable[Value], drawn: Set[Value], digits: int
) -> tuple[dict[Value, int], dict[Value, int]]:
    """The digits each drawn input of a cancelling sum or difference needs: by input
    value (its data), and by op (the constant written in its node).

    d = 1.00002 − 1.00001 was drawn "1.000e+00 − 1.000e+00 = 1.000e-05" (notebook 06
    teaches this cancellation): at ``digits`` significant digits the inputs' last digit
    stood five places above the result's, so the inputs shown did not give the result
    shown. An input of an add, sub or sum whose leading digit stands two places or more
    above the result's is written down to the result's last digit place — digits + (its
    exponent − the result's), at most 17, the digits a float64 has — so that the numbers
    on the page add up: "1.00002000e+00 − 1.00001000e+00 = 1.000e-05". One place is
    left alone: the inputs shown then give all but the result's last digit, which the
    rounding of every sum's inputs leaves uncertain anyway (the README neuron's −6.000 +
    6.881 = 0.8814 stays so). A constant of the op (the 1.00001 of x − 1.00001, written
    in the op's symbol, or a sum's offset) is an input too: it was drawn "− 1" beside
    "data 1.00002000e+00". Only these numbers: keyed by the number, the widening
    reached every equal one in the picture (b − a with a = 1.0 wrote the seed "grad
    1.000000" and the edges "1.000000" beside "grad -1.000")."""
    data: dict[Value, int] = {}
    constants: dict[Value, int] = {}

    def need(x: float, place: int) -> int | None:
        if x == 0.0 or not math.isfinite(x):
            return None
        lost = _exponent(x, digits) - place
        return min(17, digits + lost) if lost >= 2 else None

    for c in ops:
        if c.op not in ADDITIVE or c.data == 0.0 or not math.isfinite(c.data):
            continue
        place = _exponent(c.data, digits)
        for p in c.parents:
            wanted = need(p.data, place) if p in drawn else None
            if wanted is not None and wanted > data.get(p, digits):
                data[p] = wanted
        constant = op_constant(c)
        wanted = None if constant is None else need(constant, place)
        if wanted is not None:
            constants[c] = wanted
    return data, constants


def op_constant(v: Value) -> float | None:
    """The plain number written in ``v``'s op node, if any: the constant of a two-input
    op given one (the 2 of x * 2), a sum's or dot's offset; else None."""
    arg = v.arg
    if isinstance(arg, Constant):
        return float(arg.value)
    if isinstance(arg, (SumArg, DotArg)) and arg.offset:
        return float(arg.offset)
    return None


def layer_parts(f: Fold) -> tuple[list[Value], list[Value], list[Value]]:
    """A layer fold's ``dot`` nodes, the values it outputs (its activations, else its
    ``dot`` nodes) and its parameters: its own leaves but the layer's inputs (what a dot
    multiplies its weights with — leaves too in the first layer, given as Values; the
    scene draws them in a box of their own)."""
    dots = [m for m in f.members if m.op == "dot"]
    acts = [m for m in f.members if m.op != "dot"]
    fed = {
        p
        for d in dots
        for role, start, stop in parent_roles(d)
        if role == "x"
        for p in d.parents[start:stop]
    }
    return dots, acts or dots, [x for x in f.leaves if x not in fed]


def fold_spans(
    f: Fold, grads: Callable[[Value], float | Fraction | None]
) -> list[Sequence[float | Fraction]]:
    """The numbers of each range a fold's box prints as ``[lo, hi]`` (see the views'
    ``fold_summary``): the picture's one number format is chosen from their ends, the
    numbers on the page. A layer's box prints its parameters' data, its outputs, its
    parameters' known grads and its δ = ∂C/∂z; an inputs box its data (leaves' and plain
    numbers) and its leaves' known grads. (From the signed extremes of every member, a
    layer's ``dot`` nodes included, 784-16-16-10's sigmoid layer printed "outputs a:
    [0.000000000007394, 1.000]".)"""

    def known(values: Iterable[Value]) -> list[float | Fraction]:
        return [g for g in (grads(x) for x in values) if g is not None]

    if f.kind == "layer":
        dots, outs, params = layer_parts(f)
        return [[x.data for x in params], [x.data for x in outs], known(params), known(dots)]
    return [[*(x.data for x in f.leaves), *f.numbers], known(f.leaves)]


def _head_value(link: Link) -> Value:
    head = link.head
    assert isinstance(head, Value)
    return head


class TooManyNodes(ValueError):
    """The picture would have more than ``max_nodes`` nodes (``count``): too many to
    read. Its own class, so that the command line can say what to do there (it has no
    ``collapse`` or ``max_nodes`` option) without reading the message."""

    def __init__(self, message: str, count: int, max_nodes: int) -> None:
        super().__init__(message)
        self.count, self.max_nodes = count, max_nodes


def _has_neurons(values: Iterable[Value]) -> bool:
    """Whether a graph is a network's: two neurons or more (:func:`is_neuron`), which
    collapse='layer' and 'neuron' fold (else collapse='expr' is the fold that applies)."""
    return sum(1 for v in values if is_neuron(v)) >= 2


def _inputs_fold_more(values: Iterable[Value], threshold: int) -> bool:
    """Whether collapse='inputs' folds more of the drawing of ``values`` (the drawn ones,
    or every computed one) than 'expr': the leaf inputs of the wide nodes (:func:`is_wide`),
    a box each, against the computed values used only once, which 'expr' folds, a value
    box and an op box each. A lone neuron's 784 weights and inputs are leaves, which
    'expr' never folds: drawn unfolded (21,423 px tall) it was told 'expr', which drew it
    21,390 px tall (its one op box saved); 'inputs' draws it 136 px tall. But any wide node
    made every big drawing's advice 'inputs': a sum of 10 leaves beside a chain of 300
    ops, where 'inputs' boxes the 10 and leaves the chain, and 'expr' folds the chain."""
    values = list(values)
    used: Counter[Value] = Counter(p for v in values for p in v.parents)
    leaves = {p for v in values if is_wide(v, threshold) for p in v.parents if not p.parents}
    once = sum(1 for v in values if v.parents and used[v] == 1)
    return len(leaves) > 2 * once


def _fold_hint(collapse: str | None, inner: list[Value], threshold: int, step: bool = False) -> str:
    """The fold that applies to this graph, for ``max_nodes``' message; a ``step``
    picture takes no fold of many edges into one (not 'layer' nor 'expr')."""
    if step:
        if _has_neurons(inner) and collapse != "neuron":
            return "this graph has neurons (dot nodes): pass collapse='neuron'"
        return "draw a smaller part of the graph"
    if _has_neurons(inner) and collapse not in ("layer", "neuron"):
        return (
            "this graph has neurons (dot nodes): pass collapse='layer' for one box per "
            "layer, or collapse='neuron' for one cluster per neuron"
        )
    if _inputs_fold_more(inner, threshold):
        if collapse in ("inputs", "neuron"):  # 'expr' would draw it bigger (see quicker)
            return "draw a smaller part of the graph"
        return (
            f"a node has more than {threshold} leaf inputs: pass collapse='inputs' to draw "
            f"them as one box"
        )
    if collapse != "expr":
        return (
            "pass collapse='expr' to fold every value used only once into the value that "
            "uses it (the graph keeps its shared structure)"
        )
    return "draw a smaller part of the graph"


def _neuron_clusters(
    layers: Mapping[Value, int],
    group_of: Mapping[tuple[Value, int], Fold],
    uses: Mapping[Value, list[tuple[Value, int]]],
    words: Words,
    names: Mapping[Unit, str],
) -> dict[str, tuple[str, list[Unit]]]:
    """One cluster per neuron: its dot node, private summary boxes and activation.

    Labelled by place, "layer 2 · neuron 3", both counted from 1: the layer as the
    layer view counts it (``dot`` nodes on the longest path from the inputs,
    ``layers``), the neuron in the model's order (:func:`_model_order`), the order the
    next layer's weights wⱼₖ count it in. Numbered over the whole network in the walk's
    order, a 2-3-3-1 MLP read "neuron 0" to "neuron 6", layer 2's last neuron first;
    numbered as dot happened to draw them (it orders a rank to cut crossings, and
    between two fully connected layers every order crosses as often), "layer 1 · neuron
    2" of a 2-3-1 MLP fed the output's w₃ row. Where dot draws them in another order,
    the labels still say which neuron of the model each one is.
    """
    owned: set[int] = set()
    clusters: dict[str, tuple[str, list[Unit]]] = {}
    by_layer: dict[int, list[Value]] = {}
    for d, n in layers.items():
        by_layer.setdefault(n, []).append(d)
    for layer in sorted(by_layer):
        outputs = {d: _output(d, uses) for d in by_layer[layer]}
        for index, d in enumerate(_model_order(by_layer[layer], outputs, uses), start=1):
            members: list[Unit] = [d]
            for i in range(len(d.parents)):
                group = group_of.get((d, i))
                if group is not None and len(group.consumers) == 1 and id(group) not in owned:
                    owned.add(id(group))
                    members.append(group)
            if outputs[d] is not d:
                members.append(outputs[d])
            clusters[f"cluster_{names[d]}"] = (
                words("neuron_cluster", layer=layer, n=index),
                members,
            )
    return clusters


def _output(d: Value, uses: Mapping[Value, list[tuple[Value, int]]]) -> Value:
    """What a neuron outputs: its activation, or its ``dot`` node when it has none (never
    ``_activation(d) or d``: a Value of 0, a ReLU that is off, is false)."""
    act = _activation(d, uses)
    return d if act is None else act


def _model_order(
    dots: list[Value], outputs: Mapping[Value, Value], uses: Mapping[Value, list[tuple[Value, int]]]
) -> list[Value]:
    """A layer's ``dot`` nodes in the model's order: the order in which a ``dot`` of the
    next layer takes their outputs (``outputs``: each one's activation, or itself) as its
    inputs aₖ — the k of that neuron's weights wₖ. Where no one ``dot`` takes them all
    (the last layer, a layer read by other ops), the order they were computed in."""
    by_seq = sorted(dots, key=lambda v: v.seq)
    taken = {outputs[d] for d in dots}
    for consumer, _ in uses.get(outputs[by_seq[0]], []):
        arg = consumer.arg
        if consumer.op != "dot" or not isinstance(arg, DotArg):
            continue
        place: dict[Value, int] = {}
        for k, p in enumerate(consumer.parents[arg.pairs : 2 * arg.pairs]):
            if p in taken:
                place.setdefault(p, k)
        if len(place) == len(taken):
            return sorted(dots, key=lambda d: place[outputs[d]])
    return by_seq


# --------------------------------------------------------------------------- emitting DOT


def emit(sc: Scene, view: View, title: str = "") -> graphviz.Digraph:
    """Ask ``view`` for every statement and write the DOT graph (clusters kept)."""
    sc.swaps.clear()
    sc.heads.clear()
    dot = graphviz.Digraph("autograd", format="svg")
    dot.attr(**view.graph_attrs(sc))
    if _count(sc) > BIG_ABOVE:
        dot.attr(**BIG_LAYOUT)
    elif sc.trunks:
        dot.attr(**BUNDLED)
    lines = [title, *sc.notes] if title else sc.notes
    if lines:
        # a quoted DOT string reads a backslash as an escape (\\N, \\n, a closing \\"):
        # doubled, it is shown as itself; "\\n" between the lines is DOT's line break
        def dot_text(t: str) -> str:
            return room_for_wide(safe_text(t)).replace("\\", "\\\\")

        texts = [dot_text(t) for t in lines]
        for i, laid in enumerate(sc.layout[: len(lines)]):  # a frame of a sequence
            # the DOT line as the label's quoting writes it: its quotes escaped
            dot_line = texts[i].replace('"', '\\"')
            sc.heads.append((html.escape(room_for_wide(safe_text(lines[i]))), dot_line))
            texts[i] = HEAD + dot_text(laid)
        # a frame of a sequence at the left edge: each line starts there ("\\l"), as
        # its own line, not centred on the line it is laid out with
        left = bool(sc.layout) and sc.title_left
        label = "\\l".join(texts) + "\\l" if left else "\\n".join(texts)
        dot.attr(label=label, labelloc="t", fontsize=f"{TITLE_PT:g}")
        if sc.title_left or _count(sc) > FOLD_NOTE_ABOVE:
            # a drawing wider than its column scrolls, from its left edge: a centred title
            # and its notes stood 1,350 px in (2-16-16-1 unfolded), or began 665 px in and
            # were cut at the column's edge (784-16-16-10's layers)
            dot.attr(labeljust="l")
    dot.attr("node", fontname="Helvetica", fontsize="12")
    dot.attr("edge", fontname="Helvetica", fontsize="12", arrowsize="0.7")
    placed: set[int] = set()

    def write(target: Any, stmts: list[Stmt]) -> None:
        for s in stmts:
            if isinstance(s, Node):
                target.node(s.name, **s.attrs)
            else:
                target.edge(s.tail, s.head, **s.attrs)

    for cname, (clabel, members) in sc.clusters.items():
        with dot.subgraph(name=cname) as sub:
            sub.attr(
                label=room_for_wide(clabel), style="rounded,dashed", color="#888888", fontsize="12"
            )
            for m in members:
                placed.add(id(m))
                write(sub, view.fold(sc, m) if isinstance(m, Fold) else view.value(sc, m))
    for v in _computed(sc.order):
        if id(v) not in placed:
            write(dot, view.value(sc, v))
    for f in sc.folds:
        if id(f) not in placed:
            write(dot, view.fold(sc, f))
    links = [s for link in sc.links for s in view.link(sc, link)]
    write(dot, apart(links, label_gap(sc), straight=_count(sc) > BIG_ABOVE))
    return dot


#: What follows an edge's label drawn upright (TB, BT), where dot sets the label on the
#: right of its edge and the next edge of the rank just after it: the README neuron's
#: "× 0 = 0" ended 2.8 pt before the next edge, whose own label began just past it, and
#: read as "× 0 = 0× 1.000 = 0.5000", nearer that edge than its own. Two no-break
#: spaces: about 6.7 pt where the renderer measures them as the browser draws them
#: (Graphviz's dot), 10 pt with graphviz-pure, which lays each out at 0.56 em and so
#: also starts the drawn text 3.3 pt right of its edge. Sideways (LR, RL) dot stacks a
#: rank's labels, each above its edge, a line apart: a gap after them widens nothing.
LABEL_GAP = "\u00a0" * 2


def label_gap(sc: Scene) -> str:
    """:data:`LABEL_GAP` where ``sc``'s edge labels need it: upright, and laid out as
    labels (an ``xlabel`` is placed after layout, where padding moves nothing)."""
    return LABEL_GAP if sc.rankdir in ("TB", "BT") and not sc.xlabels else ""


#: No-break spaces that push apart the labels of two edges between the same two boxes
#: drawn as one straight line (see :func:`apart`).
APART = "\u00a0" * 3


def apart(stmts: list[Stmt], gap: str = "", straight: bool = False) -> list[Stmt]:
    """``stmts`` with the labels of parallel edges (a value used twice by one op, as d in
    d·d) laid out as labels: placed after layout (a big graph's ``xlabel``), their
    numbers were printed over each other ("0.41820.4182"); as labels the layout sets
    them side by side, followed by ``gap`` (see :data:`LABEL_GAP`) as other labels are.
    Drawn ``straight`` (:data:`BIG_LAYOUT`'s splines=line), the edges are one line and
    their labels one place: the first keeps room after its text, the others before
    theirs. (Every such pair was padded so: in the demo's C = d·d, two curves, the
    second label stood 15 pt away from its edge, beyond the loop the two make.)"""
    count: dict[tuple[str, str], int] = {}
    for s in stmts:
        if isinstance(s, Edge):
            count[s.tail, s.head] = count.get((s.tail, s.head), 0) + 1
    seen: dict[tuple[str, str], int] = {}
    out: list[Stmt] = []
    for s in stmts:
        if isinstance(s, Edge) and count[s.tail, s.head] > 1:
            k = seen[s.tail, s.head] = seen.get((s.tail, s.head), 0) + 1
            attrs = dict(s.attrs)
            if "xlabel" in attrs:
                attrs["label"] = attrs.pop("xlabel") + ("" if straight else gap)
            if straight and "label" in attrs:
                attrs["label"] = _padded(attrs["label"], after=k == 1)
            s = Edge(s.tail, s.head, attrs, s.pairs, s.values)
        out.append(s)
    return out


def _padded(label: str, after: bool) -> str:
    """``label`` with :data:`APART` after or before its text (inside an HTML label's
    ``<…>``)."""
    if label.startswith("<") and label.endswith(">"):
        inner = label[1:-1]
        return f"<{inner}{APART}>" if after else f"<{APART}{inner}>"
    return label + APART if after else APART + label


_NONCHAR = (0xFFFE, 0xFFFF)
_CONTROL_NAMES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: The characters a step frame marks its own texts with (render.MARK, render.HEAD):
#: written as escapes in a user's text, which can then never be taken for a mark (a
#: label with U+2064 cut every frame's caption short there and broke its DOT)
_MARKS = {MARK, HEAD}


#: No-break spaces added per wide (CJK) character of a drawn text; see room_for_wide.
PAD_PER_WIDE = 0.35


def room_for_wide(text: str) -> str:
    """``text`` with room for its wide characters: Graphviz lays a CJK character out at
    about 0.84 em, and a CJK face draws it 1 em wide, so a Chinese title ran past the
    picture's right edge (two characters of twelve were cut off), and a Chinese row of a
    box past the box's border. A no-break space is laid out at about 0.56 em: 0.35 of one
    per wide character makes up the difference, split between the two ends so that a
    centred text stays centred. Text without wide characters is returned as it is."""
    pad = wide_room(text)
    return "\u00a0" * (pad // 2) + text + "\u00a0" * (pad - pad // 2)


#: Helvetica's advance widths (its AFM, per 1,000 units of font size) of the printable
#: ASCII characters, space to ~: the widths Graphviz lays the pictures' text out with.
_HELVETICA = dict(
    zip(
        "".join(chr(c) for c in range(32, 127)),
        (
            278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
            556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
            1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
            667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
            333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
            556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
        ),
        strict=True,
    )
)  # fmt: skip
#: The size of the title's and notes' text, in points (see :func:`emit`).
TITLE_PT = 14.0
#: The narrowest a note under a short title is wrapped to, in points (about 370 px).
NOTE_MIN_PT = 280.0


def text_width(text: str, size: float = TITLE_PT) -> float:
    """The width of one line of ``text`` at ``size`` points, as the renderer lays it out:
    Helvetica's widths, and for any other character the width of a space per byte of its
    UTF-8 (graphviz-pure's rule: a Chinese character is 0.834 em, see
    :func:`room_for_wide`; Graphviz's dot measures its fonts, about the same)."""
    return sum(_HELVETICA.get(c, 278 * len(c.encode())) for c in text) * size / 1000


#: Where a line may break: after a space (dropped) or Chinese punctuation (full-width
#: comma, colon, semicolon, full stop, enumeration comma, closing bracket), before a
#: Chinese opening bracket.
_BREAK_AFTER = frozenset(" \uff0c\uff1a\uff1b\u3002\u3001\uff09")
_BREAK_BEFORE = frozenset("\uff08")


def wrap(text: str, width: float, size: float = TITLE_PT) -> list[str]:
    """``text`` in lines no wider than ``width`` points at ``size`` as drawn (with
    :func:`room_for_wide`'s room), broken where :data:`_BREAK_AFTER` and
    :data:`_BREAK_BEFORE` allow; a piece wider than ``width`` alone on its line."""
    pieces: list[str] = []
    piece = ""
    for ch in text:
        if ch in _BREAK_BEFORE and piece:
            pieces.append(piece)
            piece = ""
        piece += ch
        if ch in _BREAK_AFTER:
            pieces.append(piece)
            piece = ""
    if piece:
        pieces.append(piece)
    lines: list[str] = []
    line = ""
    for piece in pieces:
        longer = line + piece
        if line and text_width(room_for_wide(longer.rstrip(" ")), size) > width:
            lines.append(line.rstrip(" "))
            line = piece
        else:
            line = longer
    if line.strip(" "):
        lines.append(line.rstrip(" "))
    return lines


def note_lines(note: str, title: str, column: float) -> list[str]:
    """A step picture's ``note`` (the gradients no step reached) in lines no wider than
    its ``title`` (at least :data:`NOTE_MIN_PT`) nor its ``column``: as one line, the
    note of a narrow picture made it wider (526 px to 678 px at ``column=400``)."""
    limit = column / PX_PER_PT
    if title:
        limit = min(limit, max(text_width(room_for_wide(safe_text(title))), NOTE_MIN_PT))
    return wrap(note, limit)


def wide_room(text: str) -> int:
    """How many no-break spaces :func:`room_for_wide` adds to ``text``."""
    wide = sum(unicodedata.east_asian_width(ch) in "WF" for ch in text)
    return math.ceil(wide * PAD_PER_WIDE)


def safe_text(text: str) -> str:
    """``text`` with control characters written as escapes (\\r, \\x00, \\x1b …).

    SVG (XML 1.0) cannot hold most control characters at all and Graphviz rejects them
    with an opaque message; a label is shown, escaped, rather than refused. The two
    invisible characters the step frames mark their texts with (U+2063, U+2064, see
    :data:`_MARKS`) are escaped too.
    """
    out = []
    for ch in text:
        code = ord(ch)
        if ch in _CONTROL_NAMES:
            out.append(_CONTROL_NAMES[ch])
        elif (
            code < 0x20
            or 0x7F <= code < 0xA0
            or 0xD800 <= code < 0xE000
            or code in _NONCHAR
            or ch in _MARKS
        ):
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def check_precision(precision: object, where: str) -> None:
    """Significant digits: an int from 1 to 17 (a float64 needs 17 to be read back)."""
    if isinstance(precision, bool) or not isinstance(precision, int) or not 1 <= precision <= 17:
        raise ValueError(
            f"{where}: precision (significant digits) must be an int from 1 to 17, "
            f"got {precision!r}"
        )


def check_room(room: object, name: str, where: str) -> float:
    """``room`` (a picture's ``column`` or ``height``, in px) as a float when it is a
    finite real number above 0, read as gradcheck's eps is (:func:`real_number`: numpy's
    too, ``np.int64(500)``, a 0-d array, a Fraction, a Decimal) — else a ValueError naming
    ``name`` and ``where``: a column of -5 or nan was drawn at readable size, "a" failed
    in a comparison, and np.int64(500), a column that worked, was refused as "must be a
    number of px above 0, got 500". One below :data:`MIN_TEXT_PX` (11 px, one line of
    readable text) is refused too: no text fits it, and ``column=1e-300, height=100`` wrote
    a 0×0 SVG whose PNG the renderer failed on ("SVG has an invalid size")."""
    size = real_number(room)
    if size is None or not 0 < size < math.inf:
        hint = not_real_hint(scalar_of(room)) if size is None else ""
        raise ValueError(f"{where}: {name} must be a number of px above 0, got {shown(room)}{hint}")
    if size < MIN_TEXT_PX:
        raise ValueError(
            f"{where}: {name} must be at least {MIN_TEXT_PX:g} px (one line of readable "
            f"text), got {shown(room)}: a box smaller holds no text"
        )
    return size


#: What draw_graph's refusals call its options (the command line has its own flags).
OPTION_NAMES = {
    "no_grad": "show_grad=False",
    "view": "view={!r}",  # formatted with the view's name
    "color": "color_grads=True",
}


def option_conflict(
    show_grad: object, view: object, color_grads: object, names: Mapping[str, str] = OPTION_NAMES
) -> str | None:
    """Why these options cannot be drawn together, in ``names``' words, or None: the one
    rule for draw_graph and the command line (``names``: its flags). A view that draws
    its own backward pass (``own_pass``: the backward view, by name or as an object) is
    its gradients: show_grad=False drew every one of them anyway; and with no gradient
    shown, color_grads has nothing to shade."""
    if not show_grad and draws_own_pass(view):
        shown = (
            names["view"].format(view) if isinstance(view, str) else f"view={type(view).__name__}()"
        )
        return (
            f"{names['no_grad']} hides the gradients, which are what {shown} draws: leave "
            "one of them out"
        )
    if not show_grad and color_grads:
        return (
            f"{names['color']} shades the gradients by sign, and {names['no_grad']} hides "
            "them: leave one of them out"
        )
    return None


def view_names() -> tuple[str, ...]:
    """The names ``view=`` takes: the keys of :data:`autograd_mini.views.VIEW_TYPES`, the
    one place a view is given a name."""
    from autograd_mini.views import VIEW_TYPES  # views.py builds on this module

    return tuple(VIEW_TYPES)


def draws_own_pass(view: object) -> bool:
    """Whether ``view`` (a name or a View) draws the gradients of its own backward pass."""
    if isinstance(view, str):
        from autograd_mini.views import VIEW_TYPES

        cls = VIEW_TYPES.get(view)
        return cls is not None and bool(cls.own_pass)
    return bool(getattr(view, "own_pass", False))


def check_options(
    root: object,
    rankdir: str,
    collapse: str | None,
    precision: object,
    view: object,
    size: str,
    where: str = "draw_graph",
    show_grad: object = True,
    color_grads: object = False,
    height: object = None,
) -> None:
    """Refuse an option draw_graph cannot draw with, naming ``where``: the function
    called (draw_step's options were refused as "draw_graph: …"). ``height`` with
    ``size="natural"`` is refused: the natural size ignored the height silently."""
    if not isinstance(root, Value):
        raise TypeError(f"{where}: expected a Value, got {type(root).__name__}")
    if rankdir not in ("LR", "RL", "TB", "BT", "auto"):
        raise ValueError(f"{where}: rankdir must be LR, RL, TB, BT or auto, got {rankdir!r}")
    if collapse not in COLLAPSE_MODES:
        raise ValueError(f"{where}: collapse must be one of {COLLAPSE_MODES}, got {collapse!r}")
    check_precision(precision, where)
    names = view_names()
    if isinstance(view, str) and view not in names:
        raise ValueError(f"{where}: view must be one of {names} or a View, got {view!r}")
    if not isinstance(view, str) and not all(
        hasattr(view, m) for m in ("graph_attrs", "value", "fold", "link", "name", "own_pass")
    ):
        raise TypeError(f"{where}: view must be one of {names} or a View, got {view!r}")
    if size not in SIZES:
        raise ValueError(f"{where}: size must be 'fit' or 'natural', got {size!r}")
    if size == "natural" and height is not None:
        raise ValueError(
            f"{where}: height= fits the picture into a slide's box, and size='natural' keeps "
            "Graphviz's size: leave one of them out"
        )
    check_flag(show_grad, "show_grad", where)  # "no" was read as True
    check_flag(color_grads, "color_grads", where)
    conflict = option_conflict(show_grad, view, color_grads)
    if conflict is not None:
        raise ValueError(f"{where}: {conflict}")


def draw_graph(
    root: Value,
    rankdir: str = "auto",
    show_grad: bool = True,
    show_local_grads: bool = True,
    precision: int = 4,
    color_grads: bool = False,
    collapse: str | None = None,
    collapse_threshold: int = 8,
    max_nodes: int = 1000,
    title: str = "",
    overlay: Overlay | None = None,
    view: str | View = "forward",
    size: str = "fit",
    column: float = COLUMN_PX,
    gradient: float = 1.0,
    *,
    height: float | None = None,
    where: str = "draw_graph",
) -> Graph:
    """Draw the graph below ``root``; the result shows itself as SVG in Jupyter.

    ``view="forward"``: value nodes read ``label | data | grad`` (the ``.grad`` the engine
    stored), op nodes show the op's symbol, the edge p → op(z) is labelled ∂z/∂p when
    ``show_local_grads``; a ``dot`` node is a table with one row per term wₖ·aₖ.
    ``view="backward"``: the backward pass of ``root`` (seeded with ``gradient``), computed
    privately: edges from the output toward the inputs, each labelled × local derivative
    = contribution, a Σ node where contributions meet.

    Every number has ``precision`` significant digits, in one format per picture.
    ``color_grads`` shades each gradient by sign (green +, red −). ``rankdir`` "auto"
    lays the graph out sideways, the inputs at the left, unless upright, the inputs at
    the top, fits the column better (given ``height``: shows larger text in the box; "LR"
    and "TB" ask for one). The forward view's arrows point from the inputs to the output
    (right or down); the backward view keeps the inputs where the forward one has them
    and its arrows point back from the output (left or up: Graphviz's RL and BT).
    ``size`` "fit" (default) fits a ``column``-px column at ≥ 11 px text, or, given
    ``height``, fits a slide's box ``column`` × ``height`` px whole
    (``column=1240, height=600`` for a 1280×720 slide), its text below 11 px where it
    must be; "natural" keeps Graphviz's size (and takes no ``height``).

    ``collapse`` ∈ {None, "inputs", "neuron", "layer", "expr"}: see the module docstring.
    ``max_nodes`` bounds the drawing's node count. A view of the stored ``.grad`` notes
    under the title when a leaf's is not the sum over its edges (see
    :func:`leaf_grad_notes`). The words drawn ("(seed)", "outputs a:",
    …) are in this thread's :func:`~autograd_mini.words.picture_language` ('en' or 'zh').

    ``where`` is the name the picture's errors speak in, now and when it is rendered
    later: the function the user called (:func:`~autograd_mini.steps.draw_step` and the
    frames' functions pass their own).
    """
    check_options(
        root, rankdir, collapse, precision, view, size, where, show_grad, color_grads, height
    )
    column = check_room(column, "column", where)  # a float from here (np.int64, a Fraction)
    height = None if height is None else check_room(height, "height", where)
    check_flag(show_local_grads, "show_local_grads", where)
    # the seed checked as backward and draw_step check it (nan reached finite.py's
    # "cannot convert float NaN to integer", and True was drawn as a seed of 1)
    seed = check_seed(gradient, where)
    if overlay is None:  # a step's picture: draw_step and the frames checked it
        # every view, the forward one too: a leaf written after the result was computed
        # (an optimizer's step) was drawn with its new number beside the result and the
        # local derivatives of its old one (a = 2.3 into L = a·b = −6, ∂L/∂b "2.000")
        refuse_stale(topological_order(root), where)
    from autograd_mini.views import make_view

    painter = make_view(view, overlay)
    if overlay is not None:
        ov = overlay

        def grads(v: Value) -> float | Fraction | None:
            return ov.grads.get(v, 0.0) if v in ov.reached else None

    elif painter.own_pass:
        # its pass: one box "(seed)", as the steps refuse
        refuse_untracked(root, where, "the Value drawn with its backward pass")
        table = float_adjoints(root, seed, where)

        def grads(v: Value) -> float | Fraction | None:
            return table.get(v, 0.0)

    else:

        def grads(v: Value) -> float | Fraction | None:
            return v.grad

    options = {
        "show_grad": show_grad,
        "show_local_grads": show_local_grads,
        "color_grads": color_grads,
    }
    sc = scene(
        root,
        collapse,
        collapse_threshold,
        max_nodes,
        grads,
        precision,
        overlay,
        "LR" if rankdir == "auto" else rankdir,
        options,
        where,
        not painter.own_pass,
        seed,
    )
    if overlay is None and not painter.own_pass and show_grad:
        sc.notes = leaf_grad_notes(root, sc.words)  # the picture shows .grad as stored
    if overlay is None and painter.own_pass:
        # the backward view names values as a step frame's captions do (Overlay.shared);
        # the forward view's boxes name none (asked anyway, 784-16-16-10's collapse='layer'
        # spent 0.2 s of its 0.35 s reading 25,546 rows' names)
        sc.shared = drawn_shared(
            sc, {"collapse": collapse, "collapse_threshold": collapse_threshold}
        )
    if overlay is not None and (overlay.note or overlay.layout_note):
        # a frame of a sequence leaves room for the last frame's note, as laid out there
        room = note_lines(
            overlay.layout_note or overlay.note, overlay.layout_title or title, column
        )
        sc.notes += room if overlay.note else [""] * len(room)
        if overlay.layout_title:
            sc.layout = [overlay.layout_title, *room]
    elif overlay is not None and overlay.layout_title:
        sc.layout = [overlay.layout_title]
    sc.notes += fold_notes(sc, collapse, collapse_threshold)
    if sc.crowded:
        sc.notes.append(sc.words("crowded_edges", n=collapse_threshold))
    # a titled picture is laid out once, its title at the left edge, and centred when it
    # turns out to fit its column (see _centre_when_narrow): where the title stands
    # changes nothing else of the layout
    headed = bool(title or sc.notes) and _count(sc) <= FOLD_NOTE_ABOVE
    sc.title_left = headed
    dot = emit(sc, painter, title)
    graph = Graph(
        dot,
        _count(sc),
        size,
        column,
        painter.name,
        sc,
        where,
        folds=quicker(sc, collapse, collapse_threshold),
        height=height,
    )
    small = len(sc.order) + len(sc.folds) <= 60
    if rankdir == "auto" and size == "fit" and small:
        # collapse='layer' too: 2-3-1's four boxes drawn sideways were 1,177 px wide; a
        # network's layers read from the inputs at the left, so they stand upright only
        # where that then fits
        graph = _choose_direction(graph, sc, painter, title, column, collapse == "layer")
    if headed and overlay is not None and not overlay.title_alone:
        laid = graph  # left-aligned; its caller centres it, or not, with the others
        graph.centred = lambda: _centred(laid, sc, painter, title, column)
    elif headed:
        graph = _centre_when_narrow(graph, sc, painter, title, column)
    return graph


def drawn_shared(sc: Scene, options: dict[str, Any]) -> SharedNames:
    """The names :func:`~autograd_mini.steps.shared_names` finds for ``sc``'s graph
    (drawn with ``options``), each kept with the values the picture draws under it (a
    box, or a row of a neuron's table) where it draws two or more: a value folded
    into another's box (collapse='expr', 'inputs') has no name of its own to tell."""
    from autograd_mini.steps import named_values, shared_of

    drawn = set(sc.order)
    for node in sc.tables:
        drawn.update(node.parents)
    named = sc.named  # found when its format was chosen, or found now
    if named is None:
        named = named_values(sc.root, sc.fmt, sc.words, options)
    return MappingProxyType(shared_of(named, drawn))


def _again(graph: Graph, sc: Scene, painter: View, title: str, column: float) -> Graph:
    """``graph`` laid out again from its scene ``sc``, after a layout choice changed
    (its direction, where its title starts); everything else as it was."""
    return Graph(
        emit(sc, painter, title),
        graph.node_count,
        graph.size,
        column,
        graph.view,
        sc,
        graph.where,
        folds=graph.folds,
        height=graph.height,
    )


def _centre_when_narrow(graph: Graph, sc: Scene, painter: View, title: str, column: float) -> Graph:
    """``graph`` (laid out with its title and notes at the left edge) with them centred
    when it is shown no wider than ``column``; wider, it scrolls from its left edge, where
    they start (centred, the note of 784-16-16-10's layer picture began 665 px in and
    was cut at the column's edge). One layout either way: the SVG's title is moved
    (:func:`~autograd_mini.render.centre_title`) and the DOT written again without
    ``labeljust``, no second rendering. Pictures above :data:`FOLD_NOTE_ABOVE` nodes stay
    left-aligned (see :func:`emit`)."""
    try:
        width = graph._shown_width()  # the centred picture shows its drawing area (adopt)
    except (RendererNotFound, RenderError):
        sc.title_left = False  # the error is said again, naming it, when it is rendered
        return _again(graph, sc, painter, title, column)
    if width > column:
        return graph
    return _centred(graph, sc, painter, title, column)


def _centred(graph: Graph, sc: Scene, painter: View, title: str, column: float) -> Graph:
    """``graph``, laid out with its title at the left edge, with its title centred: its
    SVG's title moved, its DOT written again without ``labeljust`` (no second layout)."""
    sc.title_left = False
    centred = _again(graph, sc, painter, title, column)
    # a renderer's error is said again, naming it, when the centred picture is rendered
    with contextlib.suppress(RendererNotFound, RenderError):
        box = None if graph.size == "natural" else graph._box()  # centring keeps it
        centred.adopt(centre_title(graph.natural_svg()), graph.renderer, box)
    return centred


def quicker(sc: Scene, collapse: str | None, threshold: int) -> tuple[str, ...]:
    """The folds that would draw ``sc`` (drawn with ``collapse``) smaller, of those the
    function that draws it accepts: what a renderer's timeout advises. A step picture
    (an overlay) refuses 'expr' and 'layer', each step being one edge of the engine's:
    its timeout advised them. A network is drawn smaller by layers, another graph by
    its shared values, and a network's step picture by its neurons ('neuron' boxes each
    neuron's inputs as 'inputs' does, and clusters them): the fold :func:`fold_notes`
    names, so that the note and the timeout do not give two answers to one question.

    A graph already drawn with 'inputs' (or 'neuron') is never told 'inputs' again: a
    lone neuron of 200 inputs drawn with it (136 px tall) was. Where 'inputs' folds more
    than 'expr' (:func:`_inputs_fold_more`), 'expr' would draw it bigger (5,506 px), and
    nothing is advised; elsewhere 'expr' folds more (a chain of values used once)."""
    if collapse in ("layer", "expr"):
        return ()
    neurons = _has_neurons(sc.order)
    if sc.overlay is not None:
        return () if collapse is not None else ("neuron",) if neurons else ("inputs",)
    if neurons:
        return ("layer",)
    if _inputs_fold_more(sc.order, threshold):
        return () if collapse in ("inputs", "neuron") else ("inputs",)
    return ("expr",)


def fold_notes(sc: Scene, collapse: str | None, threshold: int) -> list[str]:
    """Under the title of a big drawing without a fold, the fold that draws it smaller.

    ``max_nodes``' refusal names the fold, but only above its limit: below it, the
    README's 2-16-16-1 network drawn unfolded is 777 boxes to scroll through, with no
    word that ``collapse='layer'`` draws it as four. A step picture (an overlay) is
    refused 'layer' and 'expr', which fold the engine's edges: a big one named them
    all the same; it names 'neuron' for a network, and nothing for another graph."""
    if collapse is not None or _count(sc) <= FOLD_NOTE_ABOVE:
        return []
    neurons = _has_neurons(sc.order)
    if sc.overlay is not None:
        return [sc.words("fold_note_step_neurons")] if neurons else []
    if neurons:
        return [sc.words("fold_note_neurons")]
    if _inputs_fold_more(sc.order, threshold):  # a lone neuron: 'expr' folds none of its leaves
        return [sc.words("fold_note_inputs", n=threshold)]
    return [sc.words("fold_note_expr")]


def _count(sc: Scene) -> int:
    return (
        len(sc.order)
        + sum(1 for v in sc.order if v.parents)
        + len(sc.folds)
        + sum(len(c.parents) for c in sc.tables)
    )


def _text_px(box: SvgBox, column: float, height: float) -> float:
    """The size of the smallest text of a drawing whose :func:`svg_box` is ``box``, in px,
    fitted whole into the box ``column`` × ``height``."""
    return fitted_size(box, column, height=height)[0] / box.width * box.min_font


def _choose_direction(
    graph: Graph, sc: Scene, painter: View, title: str, column: float, fits: bool = False
) -> Graph:
    """Sideways (``sc.rankdir`` "LR": the inputs at the left) unless that overflows the
    column and upright ("TB": the inputs at the top) overflows less (with ``fits``:
    upright fits the column). The direction is the forward graph's: the backward view
    draws it reversed, its output at the right or the bottom and its arrows pointing
    back, left or up (RL, BT; see :class:`~autograd_mini.views.BackwardView`).

    Fitted whole into a slide's box (``graph.height``), the one whose text is shown larger
    there: the column's rule chose sideways for the README neuron in a 1240 × 600 box,
    its text 12.8 px, where upright it is 15.8 px.

    Small drawings only (both layouts are rendered): a big one stays sideways.
    """
    try:
        wide = svg_box(graph.natural_svg(), graph.where)
    except (RendererNotFound, RenderError):
        return graph
    need = wide.width * MIN_TEXT_PX / wide.min_font
    if need <= column and graph.height is None:
        return graph
    sc.rankdir = "TB"
    tall = _again(graph, sc, painter, title, column)
    try:
        box = svg_box(tall.natural_svg(), graph.where)
    except (RendererNotFound, RenderError):
        sc.rankdir = "LR"
        return graph
    if graph.height is not None:
        if _text_px(box, column, graph.height) > _text_px(wide, column, graph.height):
            return tall
        sc.rankdir = "LR"
        return graph
    tall_need = box.width * MIN_TEXT_PX / box.min_font
    if tall_need < need and (not fits or tall_need <= column):
        return tall
    sc.rankdir = "LR"
    return graph
