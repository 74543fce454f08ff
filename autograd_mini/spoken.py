"""A drawn graph said in words, for a screen reader: its SVG's name and description.

Shown inline (a notebook's HTML output, :meth:`~autograd_mini.render.Graph.html`, a saved
.svg opened in a browser), a graph was an image with no name: a screen reader read its
text as one run of cells and numbers ("b data 0.2500 grad 0.5966 + 1.000 w data …"),
or its groups by Graphviz's node ids ("v5", "v1op", "v5->v1op"), and in a Chinese
notebook with an English voice (no ``lang``). :func:`labelled` marks the SVG an image
(``role="img"``, which leaves its parts to the description) in the picture's language,
named by what it computes (``aria-label``) and described in a ``<desc>``, value by value
from the output: its name, the operation and inputs that made it, its data and its
gradient, as its box reads.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass

from autograd_mini.draw import Fold, NumberFormat, Scene, Unit, safe_text, sent_exactly
from autograd_mini.ops import OPS, Constant, DotArg, SumArg
from autograd_mini.render import SVG_TAG, heading_lines, unlinked
from autograd_mini.steps import HTML_LANG, caption_name
from autograd_mini.value import Value
from autograd_mini.views import (
    _told,
    by_place,
    constant_text,
    op_counts,
    pair_order,
    row_name,
    told,
    value_name,
)
from autograd_mini.words import CLOSED

__all__ = ["MAX_SPOKEN", "box_name", "described", "labelled"]

#: The most values a description says one by one; the rest are counted.
MAX_SPOKEN = 40
#: The most inputs an operation is said with (a neuron's dot of 784 weights and inputs).
MAX_INPUTS = 6
#: what a title's line may end with already, a sentence's end or a clause's
_STOPS = (*".:;!?。", "\uff1a", "\uff1b", "\uff01", "\uff1f")  # and full-width : ; ! ?
#: Graphviz's drawing inside the SVG: its groups are named by node ids ("v5", "v1op")
_DRAWING = re.compile(r'<g id="graph0" class="graph"')


class _Written:
    """A picture's number format, or, for a number it cannot hold, that number's own
    scientific form: the backward view's format is chosen from what it draws, gradients,
    not the data a description says (1e-300 was said with 300 zeros, 123456789 as
    "123500000")."""

    def __init__(self, fmt: NumberFormat) -> None:
        self.fmt = fmt

    def __call__(self, x: float, digits: int | None = None) -> str:
        fmt = self.fmt
        if fmt.scientific or not (alone := NumberFormat(fmt.digits, [x])).scientific:
            return fmt(x, digits)
        return alone(x, digits)


def _expression(sc: Scene, v: Value, write: _Written, told: dict[Value, str]) -> str:
    """How ``v`` was computed, its inputs named as a step's caption names them:
    "x × w", "tanh(n)", "Σw·x(w1, x1, …)"."""
    op = OPS[v.op]
    # only the inputs said are named: a 784-input neuron's 1,569 names, for six, made
    # svg() of 784-16-16-10 folded by neuron 30× slower (0.45 ms, then 14 ms)
    names = [
        told.get(p) or caption_name(p, write, sc.words, drawn=True)
        for p in v.parents[: MAX_INPUTS + 1]
    ]
    arg = v.arg
    if isinstance(arg, Constant):
        names.insert(arg.position, constant_text(arg.value, sc.fmt.digits))
    infix = len(names) == 2 and len(op.symbol) == 1 and not op.symbol.isalpha()
    if infix:
        return f"{names[0]} {op.symbol} {names[1]}"
    args = ", ".join(names[:MAX_INPUTS]) + (", …" if len(names) > MAX_INPUTS else "")
    offset = ""
    if isinstance(arg, (SumArg, DotArg)) and arg.offset:
        offset = f" + {constant_text(arg.offset, sc.fmt.digits)}"
    return f"{op.symbol}({args}){offset}"


def _folded(
    sc: Scene, v: Value, inputs: list[Unit], write: _Written, told: dict[Value, str]
) -> str:
    """How ``v`` was computed where collapse='expr' folds it with the ops below it into
    one box: that box's ops on the inputs drawn into it, "3 operations of x, y (1 add,
    1 mul, 1 sub)" (the ops' own inputs are not drawn), each named as the description
    names it (``told``), inputs said alike counted: two leaves labelled x, 2 and 3, are
    "x=2.000, x=3.000", both at 2 "x=2.000 (2 values)" (said "x, x"). The count follows
    the name it counts: put first, "2 values 0.5000, -0.2500" was heard as a list of two
    inputs where three are drawn."""
    said = [
        (told.get(u) or caption_name(u, write, sc.words, drawn=True))
        if isinstance(u, Value)
        else (u.title or sc.words("fold_inputs"))
        for u in inputs[:MAX_INPUTS]
    ]
    alike = Counter(said)
    names = [
        name if alike[name] == 1 else sc.words("alike_inputs", n=alike[name], name=name)
        for name in dict.fromkeys(said)
    ]
    listed = sc.words("list_separator").join(names)
    listed += sc.words("list_separator") + "…" if len(inputs) > MAX_INPUTS else ""
    ops = sc.folded_ops[v]
    return sc.words("folded_spoken", n=len(ops), inputs=listed, summary=op_counts(sc, ops))


def _cell(sc: Scene, v: Value, i: int, told: dict[Value, str]) -> str:
    """Parent ``i`` of dot ``v`` as its table's cells read: its name, its data and, for a
    value drawn in the table, its gradient ("w1 0.5000 (∂ 1.711)")."""
    p = v.parents[i]
    text = f"{_row_name(sc, v, i, told, with_data=False)} {sc.data(p)}"
    if i in sc.tables[v] and sc.options.get("show_grad", True):
        g = sc.grads(p)
        text += f" (∂ {'?' if g is None else sc.fmt(g)})"
    return text


def _row_name(sc: Scene, v: Value, i: int, told: dict[Value, str], with_data: bool) -> str:
    """What the table of dot ``v`` calls its parent ``i`` (:func:`row_name`), numbered as
    the backward view numbers that parent's box where it has a twin: "relu#1", or
    ``with_data`` "relu#1=0.5000" (as its table names a twin); the forward view's row
    as drawn, "relu" (no number: it draws none)."""
    name = row_name(v, i, sc.words, sc.fmt)
    # wₖ, aₖ, b: the row says which it is; the forward view's row its name as drawn (a
    # step frame's said "relu#1=0.5000 0.5000 × w₁" where it draws "relu 0.5000 × w₁")
    if by_place(v, i) or not sc.own_pass:
        return name
    twin = told.get(v.parents[i], "")
    if "#" in twin:
        return twin if with_data else twin.partition("=")[0]
    return _told(sc, name, v.parents[i])


def _rows(sc: Scene, v: Value, most: int, told: dict[Value, str]) -> tuple[list[str], int]:
    """At most ``most`` rows of the table dot ``v`` is drawn as, said as they read, and
    how many there are: the forward view's "w1 0.5000 (∂ 1.711) × x1 2.000 = 1.000" (a
    first layer's "1.000 × w₁ -0.9181 (∂ 0) = -0.9181": the input number it is fed), the
    backward view's "x1: × 0.5000 = 0.8555, w1: × 2.000 = 1.711" (a term's local
    derivative and contribution, the row's two cells in the table's order)."""
    arg = v.arg
    assert isinstance(arg, DotArg)
    k, consts, fmt = arg.pairs, arg.consts, sc.fmt
    inline = sc.tables[v]  # the parents drawn inside the table (the others have edges)
    if sc.own_pass:
        # one row a pair and one a constant's term, as the table draws them: each term
        # said alone was counted as a row ("3 more rows" under a table of 5 rows, 6 said)
        delta = sc.grads(v)

        def cell(i: int) -> str:
            local = v.local_grads[i]
            sent = "?" if delta is None else fmt(sent_exactly(local, delta))
            name = _row_name(sc, v, i, told, with_data=True)
            return f"{name}: × {fmt(local)} = {sent}"

        # the cell whose gradient leaves along an edge comes first
        drawn = [[i, k + i] for i in range(k)] + [[2 * k + j] for j in range(len(consts))]
        between = sc.words("ops_separator")
        cells = [
            between.join(cell(i) for i in sorted(row, key=lambda i: i in inline))
            for row in drawn[:most]
        ]
        return cells, len(drawn)
    rows = []
    for i in range(k)[:most]:
        w, a = v.parents[i], v.parents[k + i]
        product = fmt(sent_exactly(w.data, a.data))
        left, right = pair_order(k, i, inline)  # as the row reads, left to right
        rows.append(f"{_cell(sc, v, left, told)} × {_cell(sc, v, right, told)} = {product}")
    for j, c in enumerate(consts[: max(0, most - k)]):
        i = 2 * k + j
        const, row_cell = constant_text(c, fmt.digits), _cell(sc, v, i, told)
        term = f"{const} × {row_cell}" if i in inline else f"{row_cell} × {const}"
        rows.append(f"{term} = {fmt(sent_exactly(c, v.parents[i].data))}")
    return rows, k + len(consts)


def _twins(sc: Scene, values: list[Value], write: _Written) -> dict[Value, str]:
    """Each value's name as a step's caption names it, or as the picture draws it where
    it draws a name of its own for a value another shares (the backward view's
    "mul#1=2.000", "x=1.000"). Nothing is numbered that the picture does not number: the
    forward view draws two unlabelled products of 1.000 × 2.000 as two alike boxes, and
    its description said "mul#1" and "mul#2", numbers a sighted reader finds nowhere."""
    names = {v: caption_name(v, write, sc.words, drawn=True) for v in values}
    if sc.own_pass:  # the backward view (its step frames too) names its boxes' twins
        for v in values:
            plain = value_name(v, sc.words, sc.fmt)
            shown = _told(sc, plain, v)
            names[v] = shown if shown != plain else names[v]
        return names
    # the forward view: two labels alike said with the data their boxes draw, "x=3.000"
    # and "x=2.000", as its step captions name them (said "x" both, "add = mul + x" named
    # neither); an op's name says its data already
    labelled: dict[str, list[Value]] = {}
    for v in values:
        if v.label:
            labelled.setdefault(v.label, []).append(v)
    for label, alike in labelled.items():
        for v in alike if len(alike) > 1 else ():
            names[v] = told(label, v, {label: tuple(alike)}, write, numbered=False)
    return names


def _value(
    sc: Scene, v: Value, write: _Written, inputs: dict[Value, list[Unit]], told: dict[Value, str]
) -> str:
    # named as a step's caption names it: two unlabelled sums are "add=0.8814" and
    # "add=-6.000", not "add" twice; twins numbered (:func:`_twins`)
    name = told[v]
    if len(sc.folded_ops.get(v, ())) > 1:  # collapse='expr': one box of several ops
        name = f"{name} = {_folded(sc, v, inputs.get(v, []), write, told)}"
    elif v.op and v.op in OPS:
        name = f"{name} = {_expression(sc, v, write, told)}"
    words = sc.words
    # the box's own words, "data 2.000", to the digits the picture gives it
    data = f"{words('data')} {write(v.data, sc.wide_data.get(v))}"
    if not sc.options.get("show_grad", True):  # no gradient drawn: none said
        return words("value_spoken_no_grad", name=name, data=data)
    grad = sc.grads(v)
    grad_text = words("grad_unknown") if grad is None else sc.fmt(grad)
    return words("value_spoken", name=name, data=data, grad=f"{words('grad')} {grad_text}")


def _size(f: Fold) -> int:
    return len(f.leaves) or len(f.members) or len(f.numbers)


def described(sc: Scene) -> tuple[str, str, str]:
    """The picture of ``sc`` said in words: its language (an HTML ``lang``), its name
    (what it computes, how many values, which operations) and its description (each
    value, output first, at most :data:`MAX_SPOKEN` of them, and each folded box)."""
    words = sc.words
    ops: list[str] = []
    computed = [u for v in sc.order for u in sc.folded_ops.get(v, (v,))]  # ('expr': several)
    computed += [u for f in sc.folds for u in f.members]  # a layer's box: its neurons' ops
    for u in computed:
        if u.op in OPS and OPS[u.op].symbol not in ops:
            ops.append(OPS[u.op].symbol)
    count = len(sc.order) + sum(_size(f) for f in sc.folds)
    write = _Written(sc.fmt)
    root = value_name(sc.root, words, write)
    if ops:
        name = words("graph_spoken", root=root, n=count, ops=words("ops_separator").join(ops))
    else:  # a lone leaf
        name = words("graph_spoken_leaf", root=root)
    inputs: dict[Value, list[Unit]] = {}  # what each folded expression's box is fed
    if sc.folded_ops:
        for link in sc.links:
            fed = inputs.setdefault(link.head, []) if isinstance(link.head, Value) else []
            if link.tail not in fed:
                fed.append(link.tail)
        place = {v: i for i, v in enumerate(sc.order)}  # said in the order described
        for fed in inputs.values():
            fed.sort(key=lambda u: place.get(u, len(place)) if isinstance(u, Value) else len(place))
    one_by_one = sc.order[:MAX_SPOKEN]
    names = _twins(sc, one_by_one, write)
    lines = []
    budget = MAX_SPOKEN  # values and table rows said one by one
    for n, v in enumerate(one_by_one):
        lines.append(_value(sc, v, write, inputs, names))
        budget -= 1
        # a table's rows in what the values still to be said leave of the budget
        room = min(MAX_INPUTS, budget - (len(one_by_one) - n - 1))
        if v in sc.tables and room > 0:
            rows, total = _rows(sc, v, room, names)
            if total > len(rows):
                rows.append(words.count("more_rows", total - len(rows)))
            lines.append(words("rows_spoken", rows=words("row_separator").join(rows)))
            budget -= min(room, total)
    for f in sc.folds:
        # titled as its box is: a layer's title, else "inputs", or the symbol its box
        # shows ("10 w", "10 x": under collapse='neuron' both were said "inputs")
        title = f.title or (words("fold_inputs") if f.role == "inputs" else f.role)
        lines.append(words("fold_spoken", title=title, n=_size(f)))
    if len(sc.order) > len(one_by_one):
        lines.append(words.count("more_spoken", len(sc.order) - len(one_by_one)))
    language = HTML_LANG.get(words.language, words.language)
    between = "" if words.language in CLOSED else " "  # Chinese sentences run on
    return language, safe_text(name), safe_text(between.join(lines))


def box_name(sc: Scene, wide: bool) -> tuple[str, str]:
    """The language (an HTML lang) and name of the box a notebook's HTML output shows the
    picture of ``sc`` in (a region, in the picture's language): what picture it is, and
    for one ``wide``r than the column that it scrolls sideways. Unnamed, a picture that
    scrolled was a Tab stop a screen reader called "group" or nothing; the language is
    the box's own, as the SVG's is: a notebook's page is in English, and a Chinese name
    read by its English voice is no name."""
    root = value_name(sc.root, sc.words, _Written(sc.fmt))
    language = HTML_LANG.get(sc.words.language, sc.words.language)
    return language, safe_text(sc.words("scrolls" if wide else "picture_box", root=root))


@dataclass(frozen=True)
class Prepared:
    """An SVG in the parts :func:`labelled` joins: what comes before its ``<svg>`` tag,
    the tag, the lines of its title and notes, and what follows the tag (the drawing,
    its links to "#" made plain anchors). A picture ``spoken`` (:func:`said`) has its
    drawing hidden from a screen reader and its title's lines read; one that is not (no
    scene to say) neither. Made once for a rendering, which a picture may be asked for
    many times."""

    before: str
    tag: str
    heading: tuple[str, ...]
    drawing: str

    @classmethod
    def of(cls, svg: str, spoken: bool = True) -> Prepared:
        tag = SVG_TAG.search(svg)
        if tag is None:
            return cls(svg, "", (), "")
        drawing = svg[tag.end() :]
        if not spoken:
            return cls(svg[: tag.start()], tag.group(0), (), drawing)
        # the description says the drawing; its own parts would be read as node ids
        drawing = _DRAWING.sub(r'\g<0> aria-hidden="true"', unlinked(drawing), count=1)
        return cls(svg[: tag.start()], tag.group(0), tuple(heading_lines(svg)), drawing)

    def joined(self, tag: str, desc: str = "") -> str:
        """The SVG, its tag ``tag``, with ``desc`` after it."""
        return "".join((self.before, tag, desc, self.drawing))


def said(parts: Prepared, tag: str, sc: Scene) -> str:
    """The SVG of ``parts``, its tag ``tag``, as :func:`labelled` makes it."""
    if not parts.tag:
        return parts.before
    language, name, description = described(sc)
    # the drawing is hidden: its title (a step frame's caption) and notes are said first
    closed = sc.words.language in CLOSED  # Chinese: full stops of its own, no spaces
    heading = [
        line if line.endswith(_STOPS) else line + ("。" if closed else ".")
        for line in parts.heading
    ]
    name = ("" if closed else " ").join([*heading, name])
    named = (
        tag[:-1] + f' role="img" lang="{language}" xml:lang="{language}" '
        f'aria-label="{html.escape(name)}">'
    )
    return parts.joined(named, f"\n<desc>{html.escape(description, quote=False)}</desc>")


def labelled(svg: str, sc: Scene) -> str:
    """``svg``, the picture of ``sc``, as an image a screen reader names (its title and
    notes, then what it computes) and describes in the picture's language (see the
    module)."""
    parts = Prepared.of(svg)
    return said(parts, parts.tag, sc)
