"""The views of :mod:`autograd_mini.draw`: style callbacks turning values into DOT statements.

A view answers four questions for the core walk: the graph's attributes, and the DOT
statements of a value, of a fold (many values in one box) and of a link (an edge of the
forward graph). :class:`ForwardView` draws the computation as written; :class:`BackwardView`
draws the backward pass as its own graph (the seeds' "reverse network"); :class:`StepView`
wraps either to show one chain-rule step (what the gradient has not reached is grey, the
step's edge red and pointing the way the gradient flows).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Set

from autograd_mini.draw import (
    ACTIVE,
    ACTIVE_FILL,
    ACTIVE_INK,
    GREY,
    NEGATIVE,
    POSITIVE,
    Edge,
    Fold,
    Grouped,
    Link,
    Node,
    Overlay,
    Scene,
    SharedNames,
    Stmt,
    View,
    is_neuron,
    label_gap,
    layer_parts,
    quiet,
    room_for_wide,
    safe_text,
    sent_exactly,
    text_width,
    wide_room,
)
from autograd_mini.ops import OPS, Constant, DotArg, SumArg
from autograd_mini.render import MARK, PUA, PUA_SIZE
from autograd_mini.value import Value
from autograd_mini.words import Words

__all__ = ["VIEW_TYPES", "BackwardView", "ForwardView", "StepView", "make_view"]

_FLIP = {"LR": "RL", "RL": "LR", "TB": "BT", "BT": "TB"}


def _row(v: Value, i: int) -> tuple[int, ...]:
    """The parent positions drawn in the same table row as position ``i`` of dot node v."""
    arg = v.arg
    assert isinstance(arg, DotArg)
    k = arg.pairs
    if i < k:
        return (i, k + i)
    if i < 2 * k:
        return (i - k, i)
    return (i,)


def _marker_port(v: Value, i: int, inline: frozenset[int]) -> bool:
    """Whether position i's edge attaches to its row's first cell (the table's west side).

    Each row's first cell is on the table's outer edge, so an edge attached there (west
    side) never crosses the table; a second edge into the same row uses its own cell.
    """
    return next((j for j in _row(v, i) if j not in inline), None) == i


def _port(sc: Scene, v: Value, port: str) -> str:
    """``name:port`` of a table row, with the west side for a row's first cell."""
    i = int(port[1:])
    return f":{port}:w" if _marker_port(v, i, sc.tables[v]) else f":{port}"


def esc(text: str) -> str:
    """Text for a Graphviz HTML label: control characters escaped, then HTML-escaped, and
    a backslash followed by an invisible word joiner (U+2060): a renderer may read
    ``\\N`` as the node's name even in an HTML label (graphviz-pure does), and a
    character reference alone does not stop it."""
    return html.escape(safe_text(text)).replace("\\", "&#92;&#8288;")


def constant_text(c: float, digits: int) -> str:
    """A constant of the program (the 2 of x**2) to the picture's precision, as typed:
    no trailing zeros ("^ 2", not "^ 2.000"), and never longer than Python writes it
    (0.1, not 0.10000000000000001 at precision 17)."""
    short = repr(c).removesuffix(".0")  # 120.0 as typed is 120
    rounded = format(c, f".{digits}g")
    return short if len(short) <= len(rounded) else rounded


def op_text(sc: Scene, node: Value) -> str:
    """:func:`op_label` in the picture: its constant with the digits the picture gives
    that number (more where it takes part in a cancellation, see
    :func:`~autograd_mini.draw.cancellation_digits`)."""
    return op_label(node, sc.wide_constants.get(node, sc.fmt.digits))


def op_label(node: Value, digits: int = 6) -> str:
    """The op's symbol, with a constant folded into the node written in its place."""
    op = OPS[node.op]
    arg = node.arg
    if isinstance(arg, Constant):
        c = constant_text(arg.value, digits)
        return f"{op.symbol} {c}" if arg.position == 1 else f"{c} {op.symbol}"
    if isinstance(arg, (SumArg, DotArg)) and arg.offset:
        return f"{op.symbol} + {constant_text(arg.offset, digits)}"
    return op.symbol


def value_name(v: Value, words: Words, fmt: Callable[[float], str]) -> str:
    """What a picture calls ``v``: its label; unlabelled, the op that made it, in words
    (``sub``, ``pow``, ``tanh``, ``dot``; 减法, 幂运算 … in Chinese) and a neuron "z", as
    its table's formula z = Σₖ wₖ·aₖ calls it (a loss or a penalty written as a dot is
    no neuron's z); an unlabelled leaf its data, written by ``fmt``.

    Named by its op's symbol and constant, an unlabelled x − 1 read "− 1 | grad -0.2959"
    and a neuron's row "− 1 | -0.5289 × − 1 | -0.5289", y² "^ 2 | grad 1.000": a
    subtraction and a power to a student. The op node beside a value keeps its symbol:
    that is the operation."""
    if v.label:
        return v.label
    if not v.op:
        return fmt(v.data)
    if is_neuron(v):
        return "z"
    return OPS[v.op].title(words.language) if v.op in OPS else v.op


def by_data(shared: SharedNames, fmt: Callable[[float], str]) -> Grouped:
    """``shared``'s values of each name grouped by their data as ``fmt`` writes it, in
    order: what :func:`told` reads to number twins, once per picture (read anew for
    each box, 2-16-16-1's 256 products made its backward view's DOT 1.7× slower)."""
    grouped: Grouped = {}
    for name, values in shared.items():
        groups: dict[str, list[Value]] = {}
        for u in values:
            groups.setdefault(fmt(u.data), []).append(u)
        grouped[name] = groups
    return grouped


def told(
    name: str,
    v: Value,
    shared: SharedNames,
    fmt: Callable[[float], str],
    grouped: Grouped | None = None,
    numbered: bool = True,
) -> str:
    """``name``, what a picture calls ``v``, followed by ``v``'s data where the graph
    gives that name to two values or more (``shared``): one rule for a step's caption,
    its spoken description and the backward view's boxes, which show gradients, so a
    caption "mul=-6.000" named a box that read "mul | grad 0.5000". A leaf named by its
    data already says it. Where two values of that name have that data too, the name
    carries ``v``'s number among them ("mul#1=6.000", "mul#2=6.000"): a·b + c·d at 2·3
    and 1.5·4 read "mul=6.000 → c" and "mul=6.000 → a", two boxes of one name.

    The numbers count the values as they were computed, from the inputs toward the
    output, which is not always the order Graphviz places them in: the forward view
    keeps a neuron's table's edges in order (:func:`_in_order`), the backward view does
    not (its tables' rows crossed their edges), and upright it draws 2-3-1's hidden
    neurons "z#3, z#2, z#1" from left to right. Only values the name is
    followed by the data of are numbered: a table's row named by its place (w₁, b) never
    is. ``numbered`` False: no number (the forward view, whose boxes show an op's
    symbol and data but no name to carry one). ``grouped``: :func:`by_data` of
    ``shared`` and ``fmt``, for a picture that tells many values."""
    if name not in shared:
        return name
    data = fmt(v.data)
    if grouped is None:
        twins = [u for u in shared[name] if fmt(u.data) == data]
    else:
        twins = grouped[name][data]
    number = next((f"#{k}" for k, u in enumerate(twins, 1) if u is v), "")
    number = number if len(twins) > 1 and numbered else ""
    if not v.label and not v.parents and name == data:  # named by its data
        return name + number
    return f"{name}{number}={data}"


def _told(sc: Scene, name: str, v: Value) -> str:
    """``name`` as a step frame's caption tells it (:func:`told`), in the frame's number
    format; a picture that is no step's tells its own shared names (``sc.shared``) in
    its own format, so that draw_graph's backward view and a step frame's say alike
    which box is which."""
    ov = sc.overlay
    shared, fmt = (
        (ov.shared, ov.number_format)
        if ov is not None and ov.number_format is not None
        else (sc.shared, sc.fmt)
    )
    if name not in shared:
        return name
    if sc.told_groups is None:  # once per picture: its names and format are fixed
        sc.told_groups = by_data(shared, fmt)
    return told(name, v, shared, fmt, sc.told_groups)


def pair_order(k: int, i: int, inline: Set[int]) -> tuple[int, int]:
    """Pair ``i``'s parents (wₖ at ``i``, aₖ at ``k + i``) of a dot of ``k`` pairs in the
    order the forward view's table row draws them: the one arriving along an edge first,
    aₖ before an inlined wₖ ("relu × w₁"; a constant's term likewise draws the constant
    first where its value's cell is ``inline``). The description reads the row in this
    order (it said "w₁ × relu")."""
    return (k + i, i) if i in inline and k + i not in inline else (i, k + i)


def row_name(v: Value, i: int, words: Words, fmt: Callable[[float], str]) -> str:
    """What the table of dot ``v`` calls its parent ``i``: its label, an unlabelled
    value by its op (:func:`value_name`), an unlabelled leaf by its place in the formula
    (:func:`term_name`: w₁, a₁, b)."""
    p = v.parents[i]
    if p.label or p.op:
        return value_name(p, words, fmt)
    return term_name(v, i)


def by_place(v: Value, i: int) -> bool:
    """Whether the table of dot ``v`` names its parent ``i`` by its place in the formula
    (:func:`term_name`: w₁, a₁, b), which says which value it is: the table is the
    node's own, and no two of its rows share a name. Such a name is never followed by
    the value's data (:func:`told`): every neuron of 2-3-1 has a w₁ and a b, and its
    rows read "w₁=0.6265: × 0.3000 = ?", which widened the step frames until they
    turned top to bottom at 1,000 px."""
    p = v.parents[i]
    return not (p.label or p.op)


_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def term_name(v: Value, i: int) -> str:
    """What the table of ``z = Σₖ wₖ·aₖ + b`` calls an unlabelled parent i of dot ``v``:
    wₖ or aₖ in the k-th pair; in a neuron, a leaf times a plain number is a weight wₖ
    (numbered on after the pairs; a neuron fed a row of floats has its weights so) but
    the bias b, the last leaf times 1; "·" where its place says nothing (a Value times
    some other number). A dot that is no neuron (a loss Σ eₖ·eₖ, a penalty Σ wₖ·wₖ) has
    no weights or activations: its table is ``Σₖ uₖ·vₖ`` (:func:`dot_formula`) and its
    pairs uₖ, vₖ. (The table of a neuron fed floats read "1 × · 0.2133", each weight
    and the bias a "·", and a step into it "z → ·".)"""
    arg = v.arg
    assert isinstance(arg, DotArg)
    k = arg.pairs
    if i < 2 * k:
        letters = "wa" if is_neuron(v) else "uv"
        return letters[i >= k] + str(i % k + 1).translate(_SUBSCRIPTS)
    j, n = i - 2 * k, len(arg.consts)
    if v.parents[i].parents or not is_neuron(v):
        return "·"
    if j == n - 1 and arg.consts[j] == 1.0 and (k > 0 or n > 1):
        return "b"
    return "w" + str(k + j + 1).translate(_SUBSCRIPTS)


def dot_formula(v: Value, name: str) -> str:
    """The first line of dot ``v``'s table, which the picture calls ``name``
    (:func:`value_name`): a neuron's z = Σₖ wₖ·aₖ (+ b), as the notebooks write it; any
    other dot Σₖ uₖ·vₖ (+ c) — a loss Σ eₖ·eₖ headed "L = Σₖ wₖ·aₖ" told a student its
    errors were weights and activations."""
    arg = v.arg
    assert isinstance(arg, DotArg)
    if is_neuron(v):
        return f"{name} = Σₖ wₖ·aₖ" + (" + b" if arg.consts else "")
    return f"{name} = Σₖ uₖ·vₖ" + (" + c" if arg.consts else "")


def _wide(text: str) -> str:
    """A text of one cell, HTML-escaped, with room for its wide characters (a Chinese
    label or phrase ran past its cell otherwise; see :func:`room_for_wide`)."""
    return esc(room_for_wide(text))


def _folded(sc: Scene, ops: list[Value]) -> str:
    """What a folded expression holds, as a count list by op name, most first: "9 ops
    folded: 4 dot, 3 relu, 1 pow, 1 sub". Counts glued to the ops' symbols ("Σw·x4
    ReLU3 ^1 −1") read like a formula, a power and a subtraction in it."""
    return sc.words("ops", n=len(ops), summary=op_counts(sc, ops))


def op_counts(sc: Scene, ops: list[Value]) -> str:
    """The ops of a folded expression counted by name, most first: "4 dot, 3 relu, 1
    pow, 1 sub" (its box's words, and its description's, see autograd_mini/spoken.py)."""
    counts = Counter(u.op for u in ops)
    language = sc.words.language
    items = [
        sc.words("op_count", n=n, op=OPS[op].title(language) if op in OPS else op)
        for op, n in sorted(counts.items(), key=lambda t: (-t[1], t[0]))
    ]
    return sc.words("list_separator").join(items)


#: The widest a box's list of its inputs' names is drawn ("age, height, weight"), in
#: points at the boxes' 12 pt, before it is shortened ("age, height, … f16"): about a
#: layer box's widest row ("parameter grads [0.001352, 0.02630]", 198 pt).
NAMES_FIT = 200.0


def _numbered_run(names: list[str]) -> bool:
    """Whether ``names`` are one name numbered on by one: x1, x2, …, x784."""
    stem, start = "", 0
    for k, name in enumerate(names):
        m = re.fullmatch(r"(.*?)(\d+)", name)
        if m is None:
            return False
        if k == 0:
            stem, start = m.group(1), int(m.group(2))
        elif m.group(1) != stem or int(m.group(2)) != start + k:
            return False
    return True


def input_names(names: list[str], separator: str) -> str:
    """The names of a box's inputs as its cell says them: a numbered run of more than
    three as its ends, "x1 … x784"; other names listed while they fit
    (:data:`NAMES_FIT`), else as many first ones as fit and the last, "age, height, …
    f16" (the box's count says how many). Any names as "first … last" hid the names
    between: "age … f16" read as a range, and x1, x3, …, x19 as x1 to x19. One or two
    names hide none: they are listed however wide (a name wider than the box was said
    twice, "income_…, … income_…", and two read as more, "a, … b")."""

    def fits(text: str) -> bool:
        return text_width(room_for_wide(text), 12.0) <= NAMES_FIT

    if len(names) > 3 and _numbered_run(names):
        return f"{names[0]} … {names[-1]}"
    listed = separator.join(names)
    if len(names) <= 2 or fits(listed):
        return listed
    shown = [names[0]]
    tail = f"{separator}… {names[-1]}"
    for name in names[1:-1]:
        if not fits(separator.join([*shown, name]) + tail):
            break
        shown.append(name)
    return separator.join(shown) + tail


def _say(sc: Scene, key: str, **values: object) -> str:
    """The picture's phrase ``key`` (see :mod:`autograd_mini.words`) as one cell's text."""
    return _wide(sc.words(key, **values))


def _table(rows: list[str], ink: str = "black", padding: int = 3) -> str:
    return (
        f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="{padding}" '
        f'COLOR="{ink}">{"".join(rows)}</TABLE>>'
    )


def _number_text(sc: Scene, shown: str, layout: str | None) -> str:
    """``shown``, laid out as ``layout`` (the end of the pass) in a step frame.

    Both are HTML-escaped texts. Every frame then reserves the same width for the cell,
    whether it shows "?", a partial sum or the final number (see render.MARK).
    """
    if sc.overlay is None or layout is None or len(sc.swaps) >= PUA_SIZE:
        return shown
    sc.swaps.append(shown)
    return MARK + chr(PUA + len(sc.swaps) - 1) + layout


def as_wide(shown: str, layout: str | None) -> str:
    """An edge label ``shown`` in a step frame ("× 2.000 = ?") followed by no-break
    spaces until a browser draws it as wide as the text the frame is laid out with, the
    end of the pass's ("× 2.000 = 1.000"), which starts where the label does: centred
    on it, the "?" stood 21 pt right of its edge, nearer the next one. Helvetica's
    widths (:func:`~autograd_mini.draw.text_width`; the texts' shared beginning,
    "× 2.000 = ", cancels out); a no-break space is 0.278 em wide in a browser."""
    if layout is None:
        return shown
    short = text_width(layout, 1000.0) - text_width(shown, 1000.0)
    return shown + "\u00a0" * max(0, round(short / 278))


def _in_order(v: Value, edges: str) -> dict[str, str]:
    """A neuron's table's attribute keeping its ``edges`` ("in" or "out") in the order
    they are written, its rows' (Graphviz's ``ordering``): the values it reads, a layer
    before it, then stand in the model's order, the order they were computed in, in
    which twins are numbered (:func:`told`). Left to Graphviz, the forward view drawn
    sideways put 2-3-1's third hidden neuron between the first and second. (The backward
    view's tables keep none: their rows' edges leave them stacked, and the model's
    order crossed them.)"""
    return {"ordering": edges} if is_neuron(v) else {}


class _Base:
    """Shared helpers: numbers, unknown gradients, the grey/active state of a frame."""

    name = "base"
    own_pass = False

    def grad_text(self, sc: Scene, v: Value, prefix: str | None = None, suffix: str = "") -> str:
        if prefix is None:
            prefix = sc.words("grad") + " "
        g = sc.grads(v)
        final = _final(sc, v)
        shown = prefix + ("?" if g is None else sc.fmt(g)) + suffix
        layout = prefix + sc.fmt(final) + suffix if final is not None else None
        return _number_text(sc, shown, layout)

    def shade(self, sc: Scene, v: Value) -> str:
        g = sc.grads(v)
        if not sc.options.get("color_grads") or not g:
            return ""
        return f' BGCOLOR="{POSITIVE if g > 0 else NEGATIVE}"'

    def row_state(self, sc: Scene, pair: tuple[Value, int]) -> str:
        ov = sc.overlay
        if ov is None:
            return "done"
        if ov.active == pair:
            return "active"
        return "done" if pair in ov.done else "todo"

    def mark(self, sc: Scene, arrow: str, active: bool, port: str) -> str:
        """A row's first cell: where its edge attaches; the current step's arrow, if it is.

        The current step's cell carries the step's arithmetic as hover text.
        """
        attach = f' PORT="{port}"' if port else ""
        if not active:
            return f"<TD{attach}> </TD>"
        text = sc.overlay.active_text if sc.overlay is not None else ""
        tip = f' TOOLTIP="{html.escape(text)}" HREF="#"' if text else ""
        fill = f'BGCOLOR="{ACTIVE_FILL}"'
        return f'<TD {fill}{attach}{tip}><FONT COLOR="{ACTIVE_INK}">{arrow}</FONT></TD>'

    def value_cells(self, sc: Scene, v: Value, grad: bool) -> list[str]:
        cells = []
        if v.label:
            cells.append(f"<TD><B>{_wide(v.label)}</B></TD>")
        cells.append(f"<TD>{sc.words('data')} {sc.data(v)}</TD>")
        if grad:
            cells.append(f"<TD{self.shade(sc, v)}>{self.grad_text(sc, v)}</TD>")
        return cells

    def fold_summary(self, sc: Scene, f: Fold, grad: bool) -> list[str]:
        """Rows of a fold's box: what it holds, data range, gradient range."""
        fmt, words = sc.fmt, sc.words
        if f.kind == "layer":
            # the same parts as the picture's number format was chosen from (fold_spans)
            dots, outs, params = layer_parts(f)
            act = OPS[outs[0].op].symbol if outs[0].op != "dot" else words("no_activation")
            neurons = words.count("layer_neurons", len(dots), activation=act)
            room = "\u00a0" * wide_room(f.title + neurons)  # after the row: one piece of text
            data = fmt.span([x.data for x in params]) if params else ""
            outputs = fmt.span([m.data for m in outs])
            held = _wide(sc.words.count("layer_parameters", len(params), span=data))
            rows = [
                f"<TR><TD><B>{esc(f.title)}</B>{esc(neurons)}{room}</TD></TR>",
                f"<TR><TD>{held}</TD></TR>" if params else "",
                f"<TR><TD>{_say(sc, 'layer_outputs', span=outputs)}</TD></TR>",
            ]
            if grad:
                known = [g for g in (sc.grads(x) for x in params) if g is not None]
                deltas = [g for g in (sc.grads(d) for d in dots) if g is not None]
                if params:
                    span = fmt.span(known) if known else "?"
                    rows.append(f"<TR><TD>{_say(sc, 'parameter_grads', span=span)}</TD></TR>")
                rows.append(f"<TR><TD>δ = ∂C/∂z {fmt.span(deltas) if deltas else '?'}</TD></TR>")
            return [r for r in rows if r]
        inputs = f.role == "inputs"  # the other roles, w and x, are symbols
        labelled = [v.label for v in f.leaves if v.label]
        n = len(f.leaves) + len(f.numbers)
        count = _wide(sc.words.count("n_inputs", n)) if inputs else esc(f"{n} {f.role}")
        cells = [f"<TD><B>{count}</B></TD>"]
        if labelled:  # the names they go by; unnamed, the count says what they are
            span = input_names(labelled, sc.words("list_separator"))
            if f.role in ("inputs", "x") and len(labelled) < n:  # "20 inputs | x1 … x10"
                # read as twenty named x…, and "x1 … x19 + 10" (the odd ones named) as
                # nineteen and ten: how many are named, and how many not
                named = sc.words.count("n_named", len(labelled), names=span)
                span = f"{named} {sc.words.count('n_unnamed', n - len(labelled))}"
            cells.append(f"<TD>{_wide(span)}</TD>")
        numbers = [*(v.data for v in f.leaves), *f.numbers]
        cells.append(f"<TD>{words('data')} {fmt.span(numbers)}</TD>")
        if grad and f.leaves:  # plain numbers have no gradient
            known = [g for g in (sc.grads(v) for v in f.leaves) if g is not None]
            cells.append(f"<TD>{words('grad')} {fmt.span(known) if known else '?'}</TD>")
        return [f"<TR>{''.join(cells)}</TR>"]

    def edge_text(self, sc: Scene, text: str, gapped: bool = False) -> dict[str, str]:
        """An edge's label attributes: ``text`` as an ``xlabel`` in a big graph, else as
        a label followed by its gap (see :data:`~autograd_mini.draw.LABEL_GAP`), unless
        ``gapped`` (it has it)."""
        if not text:
            return {}
        if sc.xlabels:
            return {"xlabel": text}
        return {"label": text if gapped else text + label_gap(sc)}


def _final(sc: Scene, v: Value) -> float | None:
    ov = sc.overlay
    final = getattr(ov, "final", None) if ov is not None else None
    return final.get(v) if final is not None else None


# --------------------------------------------------------------------------- forward


class ForwardView(_Base):
    """The computation as written: values, ops, local derivatives on the edges."""

    name = "forward"
    own_pass = False

    def graph_attrs(self, sc: Scene) -> dict[str, str]:
        return {"rankdir": sc.rankdir, "fontname": "Helvetica", "nodesep": "0.2", "ranksep": "0.3"}

    def value(self, sc: Scene, v: Value) -> list[Stmt]:
        name = sc.name(v)
        cells = self.value_cells(sc, v, bool(sc.options.get("show_grad", True)))
        out: list[Stmt] = [
            Node(name, {"label": _table([f"<TR>{''.join(cells)}</TR>"]), "shape": "plain"}, (v,)),
        ]
        if not v.parents:
            return out
        if v in sc.tables:
            label = self.dot_table(sc, v)
            attrs = {"label": label, "shape": "plain", **_in_order(v, "in")}
            out.append(Node(name + "op", attrs, (v,)))
        elif v in sc.folded_ops:
            ops = sc.folded_ops[v]
            text = op_text(sc, v) if len(ops) == 1 else room_for_wide(_folded(sc, ops))
            out.append(
                Node(
                    name + "op",
                    {
                        "label": safe_text(text),
                        "shape": "ellipse",
                        "margin": "0.03,0.01",
                        "height": "0.3",
                    },
                    (v,),
                )
            )
        else:
            symbol = op_text(sc, v)
            out.append(
                Node(
                    name + "op",
                    {
                        "label": symbol,
                        "shape": "circle" if len(symbol) <= 2 else "ellipse",
                        "width": "0.3",
                        "height": "0.3",
                        "margin": "0.02",
                        "tooltip": OPS[v.op].formula(sc.words.language),
                    },
                    (v,),
                )
            )
        out.append(Edge(name + "op", name, {}, values=(v,)))
        return out

    def dot_table(self, sc: Scene, v: Value) -> str:
        """z = Σ wₖ·aₖ + b as a table: one row per term, wₖ beside its aₖ.

        A value that arrives along an edge comes first in its row, beside the row's
        marker cell, where that edge attaches (the table's outer side); a leaf drawn in
        the table (a private weight) and a constant after it. In a step frame the ►
        marks the step along that edge only, and the cell a step computes inside the
        table is tinted red with its arithmetic as hover text: an inlined leaf's ∂, or
        the name of a second value arriving in the row at its own cell. (With wₖ's
        cells first, the red edge into aₖ and its ► sat at the row's left end, beside
        "wₖ 0.5000 ∂ …", while aₖ was on the right.)"""
        grad = bool(sc.options.get("show_grad", True))
        inline = sc.tables[v]
        arg = v.arg
        assert isinstance(arg, DotArg)
        k, consts, offset = arg.pairs, arg.consts, arg.offset
        width = 3 if grad else 2
        fmt = sc.fmt
        formula = dot_formula(v, value_name(v, sc.words, fmt))
        rows = [f'<TR><TD COLSPAN="{2 * width + 3}"><B>{esc(formula)}</B></TD></TR>']

        def computed(text: str, i: int, port: str = "", shade: str = "") -> str:
            """A cell, tinted red with the step's arithmetic when step i computes it
            (else shaded by its gradient's sign, if asked)."""
            if self.row_state(sc, (v, i)) != "active":
                return f"<TD{shade}{port}>{text}</TD>"
            arithmetic = sc.overlay.active_text if sc.overlay is not None else ""
            tip = f' TOOLTIP="{html.escape(arithmetic)}" HREF="#"' if arithmetic else ""
            ink = f'<FONT COLOR="{ACTIVE_INK}">{text}</FONT>'
            return f'<TD BGCOLOR="{ACTIVE_FILL}"{port}{tip}>{ink}</TD>'

        def block(i: int) -> str:
            p = v.parents[i]
            name = _wide(row_name(v, i, sc.words, fmt))
            if i in inline:
                cells = [f"<TD>{name}</TD>", f"<TD>{sc.data(p)}</TD>"]
                if grad:
                    partial = self.grad_text(sc, p, "∂ ")
                    cells.append(computed(partial, i, shade=self.shade(sc, p)))
                return "".join(cells)
            if _marker_port(v, i, inline):  # its edge attaches at the row's marker cell
                head = f"<TD>{name}</TD>"
            else:
                head = computed(name, i, port=f' PORT="r{i}"')
            return f'{head}<TD COLSPAN="{width - 1}">{sc.data(p)}</TD>'

        def row(cells: str, positions: list[int]) -> str:
            port = next((i for i in positions if _marker_port(v, i, inline)), None)
            lit = port is not None and self.row_state(sc, (v, port)) == "active"
            attach = "" if port is None else f"r{port}"
            return f"<TR>{self.mark(sc, '►', lit, attach)}{cells}</TR>"

        for i in range(k):
            w, a = v.parents[i], v.parents[k + i]
            product = fmt(sent_exactly(w.data, a.data))  # exactly beyond ±1.8e308, as dot adds it
            left, right = pair_order(k, i, inline)
            cells = f"{block(left)}<TD>×</TD>{block(right)}<TD>= {product}</TD>"
            rows.append(row(cells, [i, k + i]))
        for j, c in enumerate(consts):
            i = 2 * k + j
            p = v.parents[i]
            const = f'<TD COLSPAN="{width}">{constant_text(c, sc.fmt.digits)}</TD>'
            term = f"{const}<TD>×</TD>{block(i)}" if i in inline else f"{block(i)}<TD>×</TD>{const}"
            rows.append(row(f"{term}<TD>= {fmt(sent_exactly(c, p.data))}</TD>", [i]))
        if offset:
            rows.append(
                f'<TR><TD> </TD><TD COLSPAN="{2 * width + 1}">{_say(sc, "constant")}</TD>'
                f"<TD>= {fmt(offset)}</TD></TR>"
            )
        ink = GREY if sc.overlay is not None and v not in sc.overlay.reached else "black"
        return _table(rows, ink, 2)

    def fold(self, sc: Scene, f: Fold) -> list[Stmt]:
        grad = bool(sc.options.get("show_grad", True))
        rows = self.fold_summary(sc, f, grad)
        values = (*f.leaves, *f.members)
        return [Node(f.name, {"label": _table(rows), "shape": "plain"}, values)]

    def link(self, sc: Scene, link: Link) -> list[Stmt]:
        tail = sc.name(link.tail)
        head = link.head
        if isinstance(head, Fold):
            target = head.name
        else:
            target = sc.name(head) + "op" + (_port(sc, head, link.port) if link.port else "")
        text = ""
        if sc.options.get("show_local_grads", True):
            if link.local is not None and len(link.pairs) <= 1:
                # nan only through a folded expression, where the chain rule meets 0 × ∞
                # (√(0·x) folded: ∂/∂x is 0 × ∞) or ∞ − ∞; no number says it
                text = sc.fmt(link.local) if link.local == link.local else sc.words("undefined")
            elif (
                isinstance(link.tail, Fold)
                and link.tail.kind == "inputs"
                and not isinstance(head, Fold)
            ):
                text = "∂ " + sc.fmt.span([c.local_grads[i] for c, i in link.pairs])
            else:
                # the values the edge carries, each once: from a layer of 4 into a layer
                # of 4 it stands for 16 connections, and carries 4 activations (from the
                # data into layer 1: the data, some of it plain numbers)
                carried = len({c.parents[i] for c, i in link.pairs})
                numbers = _numbers_read(link)
                carried += numbers
                text = room_for_wide(sc.words.count("values", carried))
        if text and quiet(sc, link):  # one of many converging edges: hover text
            return [Edge(tail, target, {"tooltip": text}, link.pairs)]
        return [Edge(tail, target, self.edge_text(sc, text), link.pairs)]


def _numbers_read(link: Link) -> int:
    """How many plain numbers of the box ``link`` comes from the layer it goes into reads:
    all or none (a box of Values and floats whose one Value a later layer reads alone, a
    skip connection, said "4 values" on that edge, its 3 floats counted as if read)."""
    tail, head = link.tail, link.head
    if not (isinstance(tail, Fold) and tail.numbers and isinstance(head, Fold)):
        return 0
    return len(tail.numbers) if any(c in head.members for c in tail.consumers) else 0


# --------------------------------------------------------------------------- backward


class BackwardView(_Base):
    """The backward pass as a graph: output to inputs, × local derivative, Σ where paths meet.

    Each box is one gradient ∂C/∂v. An edge from ∂C/∂z to ∂C/∂p is the multiplication by
    the local derivative ∂z/∂p and reads "× local = contribution"; where a value feeds
    several consumers its contributions meet in a Σ node, so ∂C/∂a = Σ w·∂C/∂z′ is drawn
    as it is written. The gradients are the view's own backward pass (seed ``gradient``),
    so the picture never depends on what ``.grad`` held before.
    """

    name = "backward"
    own_pass = True

    def graph_attrs(self, sc: Scene) -> dict[str, str]:
        return {
            "rankdir": _FLIP[sc.rankdir],
            "fontname": "Helvetica",
            "nodesep": "0.2",
            "ranksep": "0.35",
        }

    def _box(self, sc: Scene, v: Value) -> list[str]:
        who = _told(sc, value_name(v, sc.words, sc.fmt), v)
        cells = [f"<TD><B>{_wide(who)}</B></TD>"]
        # the room after the seed mark: it follows the number without a gap
        mark = sc.words("seed")
        seed = esc(mark) + "\u00a0" * wide_room(mark) if v is sc.root else ""
        cells.append(f"<TD{self.shade(sc, v)}>{self.grad_text(sc, v, suffix=seed)}</TD>")
        return cells

    def value(self, sc: Scene, v: Value) -> list[Stmt]:
        name = sc.name(v)
        if v in sc.tables:
            # (no ordering: its rows' edges leave its side stacked top to bottom, and
            # 2-3-1's neurons placed in the model's order crossed them, 0 crossings → 3)
            label = self.dot_table(sc, v)
        else:
            label = _table([f"<TR>{''.join(self._box(sc, v))}</TR>"])
        out: list[Stmt] = [Node(name, {"label": label, "shape": "plain"}, (v,))]
        if sc.incoming.get(v, 0) >= 2:
            out.append(
                Node(
                    name + "sum",
                    {
                        "label": "Σ",
                        "shape": "circle",
                        "width": "0.3",
                        "height": "0.3",
                        "margin": "0.02",
                        "tooltip": sc.words("sum_tooltip"),
                    },
                    (v,),
                )
            )
            out.append(Edge(name + "sum", name, {}, values=(v,)))
        return out

    def dot_table(self, sc: Scene, v: Value) -> str:
        """∂C/∂z on top; below, one row per term: ∂C/∂wₖ = aₖ·δ beside ∂C/∂aₖ = wₖ·δ,
        the one whose gradient leaves the table along an edge first (see ``row``). In a
        step frame the cell the step computes is tinted red."""
        inline = sc.tables[v]
        arg = v.arg
        assert isinstance(arg, DotArg)
        k = arg.pairs
        fmt = sc.fmt
        delta = sc.grads(v)
        who, grad = self._box(sc, v)
        rows = [f'<TR><TD COLSPAN="2">{who[4:-5]}</TD>{grad}</TR>']

        def cell(i: int, span: int = 1) -> str:
            local = v.local_grads[i]
            name = row_name(v, i, sc.words, fmt)
            if not by_place(v, i):  # wₖ, aₖ, b: its row in this table says which it is
                name = _told(sc, name, v.parents[i])
            start = f"{esc(name)}: × {fmt(local)} = "
            room = "\u00a0" * wide_room(name)  # a Chinese name (减法) ran past the cell
            state = self.row_state(sc, (v, i))
            known = delta is not None and state != "todo"
            final = _final(sc, v)
            layout = start + fmt(sent_exactly(local, final)) + room if final is not None else None
            number = fmt(sent_exactly(local, delta)) if known and delta is not None else "?"
            shown = start + number + room
            text = _number_text(sc, shown, layout)
            ported = i not in inline and not _marker_port(v, i, inline)
            port = f' PORT="r{i}"' if ported else ""
            cols = f' COLSPAN="{span}"' if span > 1 else ""
            if state == "active":  # the cell this step computes: tinted, its arithmetic
                arithmetic = sc.overlay.active_text if sc.overlay is not None else ""
                tip = f' TOOLTIP="{html.escape(arithmetic)}" HREF="#"' if arithmetic else ""
                text = f'<FONT COLOR="{ACTIVE_INK}">{text}</FONT>'
                return f'<TD BGCOLOR="{ACTIVE_FILL}"{port}{cols}{tip}>{text}</TD>'
            return f"<TD{port}{cols}>{text}</TD>"

        def row(positions: list[int], span: int = 1) -> str:
            # the cell whose gradient leaves the table along an edge comes first, beside
            # the row's marker cell, where that edge attaches (the table's outer side); a
            # cell whose gradient stays in the table (an inlined weight) after it. The ◄
            # marks the step's edge leaving there, so only a step of that cell lights it:
            # with wₖ's cell first, the red edge into aₖ left beside "wₖ: × …"
            drawn = sorted(positions, key=lambda i: i in inline)
            port = next((f"r{i}" for i in drawn if _marker_port(v, i, inline)), "")
            leaving = port != "" and self.row_state(sc, (v, int(port[1:]))) == "active"
            cells = "".join(cell(i, span) for i in drawn)
            return f"<TR>{self.mark(sc, '◄', leaving, port)}{cells}</TR>"

        for i in range(k):
            rows.append(row([i, k + i]))
        for j in range(len(arg.consts)):
            i = 2 * k + j
            rows.append(row([i], 2))
        ink = GREY if sc.overlay is not None and v not in sc.overlay.reached else "black"
        return _table(rows, ink, 2)

    def fold(self, sc: Scene, f: Fold) -> list[Stmt]:
        if not (f.leaves or f.members):  # plain numbers: no gradient flows to them
            return []
        rows = self.fold_summary(sc, f, True)
        values = (*f.leaves, *f.members)
        out: list[Stmt] = [Node(f.name, {"label": _table(rows), "shape": "plain"}, values)]
        return out

    def _target(self, sc: Scene, unit: Value | Fold) -> str:
        if isinstance(unit, Fold):
            return unit.name
        name = sc.name(unit)
        return name + "sum" if sc.incoming.get(unit, 0) >= 2 else name

    def link(self, sc: Scene, link: Link) -> list[Stmt]:
        tail = link.tail
        if isinstance(tail, Fold) and not (link.pairs and (tail.leaves or tail.members)):
            # into plain numbers (see fold), or from a box of Values and plain numbers
            # a layer reads the numbers of alone: no contribution to carry ("0 paths")
            return []
        head = link.head
        port = _port(sc, head, link.port) if link.port and isinstance(head, Value) else ""
        source = sc.name(head) + port
        text = ""
        gapped = False
        if sc.options.get("show_local_grads", True):
            if link.local is not None and len(link.pairs) <= 1:
                # the gradient it multiplies is its consumer's, also where that is folded
                # into a layer's box: a layer read it as "× 0.2000 = ?" after the pass
                consumer = link.pairs[0][0] if link.pairs else head
                upstream = sc.grads(consumer) if isinstance(consumer, Value) else None
                state = self.row_state(sc, link.pairs[0]) if link.pairs else "done"
                local = sc.fmt(link.local)
                final = _final(sc, consumer) if isinstance(consumer, Value) else None
                layout = (
                    f"× {local} = {sc.fmt(sent_exactly(link.local, final))}"
                    if final is not None
                    else None
                )
                if upstream is None or state == "todo":
                    shown = f"× {local} = ?"
                else:
                    shown = f"× {local} = {sc.fmt(sent_exactly(link.local, upstream))}"
                if quiet(sc, link):  # one of many converging edges: hover text, unmarked
                    return [Edge(source, self._target(sc, tail), {"tooltip": shown}, link.pairs)]
                # the gap is part of every frame's text: a frame's own text replaces the
                # whole laid-out one (see _number_text)
                gap = label_gap(sc)
                shown = as_wide(shown, layout) + gap
                text = _number_text(sc, shown, layout + gap if layout is not None else None)
                gapped = True
            else:
                text = room_for_wide(sc.words("paths", n=len(link.pairs)))
        attrs = self.edge_text(sc, text, gapped)
        return [Edge(source, self._target(sc, link.tail), attrs, link.pairs)]


# --------------------------------------------------------------------------- steps


class StepView:
    """A frame of the backward pass drawn over another view.

    Nodes the gradient has not reached and edges it has not crossed are grey and dashed
    (not told by colour alone; the grey has 4.5:1 contrast, their numbers are read); the current
    step's edge is red and thick and points the way the gradient flows (in the forward
    view, against the forward arrow).
    """

    def __init__(self, base: View, overlay: Overlay) -> None:
        self.base = base
        self.overlay = overlay
        self.name = f"step/{base.name}"
        self.own_pass = base.own_pass

    def graph_attrs(self, sc: Scene) -> dict[str, str]:
        return self.base.graph_attrs(sc)

    def _style(self, stmts: list[Stmt]) -> list[Stmt]:
        ov = self.overlay
        for s in stmts:
            if isinstance(s, Node):
                if s.values and not any(v in ov.reached for v in s.values):
                    # not reached: grey and dashed, so that it is not told by colour alone
                    s.attrs.update(color=GREY, fontcolor=GREY)
                    label = s.attrs.get("label", "")
                    if label.startswith("<<TABLE"):  # an HTML table draws its own borders
                        label = label.replace('COLOR="black"', f'COLOR="{GREY}"', 1)
                        s.attrs["label"] = label.replace("<TD", '<TD STYLE="dashed"')
                    elif s.attrs.get("shape") != "plain":
                        s.attrs["style"] = "dashed"
            elif ov.active is not None and ov.active in s.pairs:
                s.attrs.update(color=ACTIVE, fontcolor=ACTIVE, penwidth="2.5")
                if ov.active_text:  # hover text: local × upstream = contribution
                    s.attrs["tooltip"] = ov.active_text
                if not self.base.own_pass:  # a forward-pointing view
                    s.attrs["dir"] = "back"  # the gradient flows from consumer to input
            elif (s.pairs and not any(p in ov.done for p in s.pairs)) or (
                s.values and not any(v in ov.reached for v in s.values)
            ):
                s.attrs.update(color=GREY, fontcolor=GREY, style="dashed")
        return stmts

    def value(self, sc: Scene, v: Value) -> list[Stmt]:
        return self._style(self.base.value(sc, v))

    def fold(self, sc: Scene, f: Fold) -> list[Stmt]:
        return self._style(self.base.fold(sc, f))

    def link(self, sc: Scene, link: Link) -> list[Stmt]:
        return self._style(self.base.link(sc, link))


#: The views by name: the one place a view gets a name (``draw_graph(view=...)``, the
#: command line's ``--view`` and the error messages read it). Any class with the
#: :class:`~autograd_mini.draw.View` members, built without arguments.
VIEW_TYPES: dict[str, type[View]] = {
    "forward": ForwardView,
    "backward": BackwardView,
}


def make_view(view: str | View, overlay: Overlay | None = None) -> View:
    """The callback set for ``view`` (a name or a View), as a step frame if overlaid."""
    base: View = VIEW_TYPES[view]() if isinstance(view, str) else view
    return base if overlay is None else StepView(base, overlay)
