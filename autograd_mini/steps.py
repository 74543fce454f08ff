"""The backward pass one chain-rule step at a time, as numbers and as pictures.

Backpropagation is a sequence of identical moves. For a node z and one of its inputs p:

    contribution = ∂z/∂p · ∂root/∂z          (local derivative × upstream gradient)
    ∂root/∂p    += contribution

:func:`backward_steps` yields every such move in the order :meth:`Value.backward`
makes them, so that summing the contributions per node reproduces the engine's
gradients exactly. In the seeds' one-neuron-per-layer picture, where a = σ(z) feeds
z′ = w₃·a + … and z″ = w₄·a + …, the steps into ``a`` add w₃·∂C/∂z′ and w₄·∂C/∂z″ and
the step into ``z`` multiplies by σ′(z): ∂C/∂z = σ′(z)·[w₃·∂C/∂z′ + w₄·∂C/∂z″].

:func:`draw_step` pictures one step (active edge red, pointing the way the gradient
flows; nodes the gradient has not reached yet grey), by default on the backward view
(the backward pass as its own graph) or, with ``view="forward"``, on the forward graph;
:func:`write_frames` writes all of them as numbered SVG files; :func:`step_player` makes
a self-contained HTML player for Jupyter (plain JavaScript, no server or widget
library): buttons, slider and arrow keys, one caption, frames of one fixed size. Captions,
titles, the buttons' names and ``str(step)`` speak this thread's
:func:`~autograd_mini.words.picture_language` (the words only: numbers keep the picture's
format).
"""

from __future__ import annotations

import html
import inspect
import json
import math
import os
import re
import secrets
import sys
from collections.abc import Callable, Iterable, Iterator, Set
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from autograd_mini.arg_checks import check_flag
from autograd_mini.backward import (
    _Kept,
    check_seed,
    float_adjoints,
    keep_float,
    refuse_accumulation,
    refuse_stale,
    refuse_untracked,
    topological_order,
)
from autograd_mini.draw import (
    NO_SHARED,
    Graph,
    Named,
    NumberFormat,
    Overlay,
    SharedNames,
    View,
    check_precision,
    check_room,
    draw_graph,
    draws_own_pass,
    room_for_wide,
    safe_text,
    scientific,
    sent,
    sent_exactly,
    text_width,
)
from autograd_mini.finite import held, rounded
from autograd_mini.ops import OPS
from autograd_mini.reals import is_integer
from autograd_mini.render import (
    COLUMN_PX,
    PRINT_STYLE,
    PRINT_WHOLE,
    RendererNotFound,
    RenderError,
    px_size,
    strip_prolog,
    unify_frames,
    unlinked,
)
from autograd_mini.value import Number, Value
from autograd_mini.views import value_name
from autograd_mini.words import Words, current

__all__ = ["Step", "StepPlayer", "backward_steps", "draw_step", "step_player", "write_frames"]

#: The options of :func:`draw_graph` a step picture's ``**options`` may hold (its
#: ``view`` and ``gradient`` are the steps' own, its overlay and name theirs to make).
DRAW_OPTIONS = tuple(
    name
    for name in inspect.signature(draw_graph).parameters
    if name not in ("root", "overlay", "view", "gradient", "where", "title")
)

#: The default ``max_frames`` of :func:`step_player`, :func:`write_frames` and
#: :func:`frames`, which counts frames (the steps + 1: one before backward): each frame
#: is a whole SVG picture, so a player of 2-16-16-1's 409 frames took 168 s to make and
#: was 199 MB of HTML, without a word. A student clicks through a hundred steps at most;
#: a bigger graph is stepped through with draw_step.
MAX_FRAMES = 100


@dataclass(frozen=True)
class Step:
    """One application of the chain rule: ``parent``'s gradient += ``contribution``.

    ``contribution = local_grad · upstream`` where ``local_grad`` = ∂node/∂parent (stored
    by the forward pass) and ``upstream`` = ∂root/∂node (final by the time the step
    runs). ``parent_grad_after`` is ∂root/∂parent summed so far in this pass, added as
    ``backward()`` adds it: in floats while the float sum stays finite, else exactly from
    then on. ``parent_grad_after`` is the float nearest the exact sum, as ``backward()``
    stores it, or the sum as a Fraction where it is beyond ±1.8e308 (a partial sum
    1e308 + 1e308 on the way to 1e308; the pass refuses only a gradient that is beyond a
    float once all its terms are in, as ``backward()`` does); ``contribution`` the float
    nearest the exact term, or the term as a Fraction where no float holds it (beyond
    ±1.8e308, or 1e-200 × 1e-200 added exactly to such a sum). ``index``
    is the step's place in the pass, from 0 (what :func:`draw_step` takes); ``str(step)``
    counts from 1, as the player's captions and counter do ("step 1: …").
    """

    index: int
    node: Value
    parent: Value
    position: int
    local_grad: float
    upstream: float
    contribution: float | Fraction
    parent_grad_after: float | Fraction

    def __str__(self) -> str:
        return self.describe(_six_digits)

    def describe(
        self,
        fmt: Callable[[float | Fraction], str],
        words: Words | None = None,
        names: tuple[str, str] | None = None,
    ) -> str:
        """The step in words, each number written by ``fmt``: a picture's captions use
        the picture's own number format, so that a caption and a box agree digit for
        digit (``str(step)``: six significant digits). The words are ``words``' (by
        default this thread's :func:`~autograd_mini.words.picture_language`), so that a
        printed step says what the captions of the same notebook say. ``names``: what
        to call the node and the parent (a picture's caption: as the picture names
        them, :func:`picture_names`); by default the label, else the op and value
        ("mul=-6"), else the value."""
        say = current() if words is None else words
        node, parent = names or (
            caption_name(self.node, fmt, say),
            caption_name(self.parent, fmt, say),
        )
        return say(
            "step",
            n=self.index + 1,
            node=safe_text(node),
            parent=safe_text(parent),
            local=fmt(self.local_grad),
            upstream=fmt(self.upstream),
            contribution=fmt(self.contribution),
            after=fmt(self.parent_grad_after),
        )


def _six_digits(x: float | Fraction) -> str:
    x = held(x)
    if isinstance(x, Fraction):  # a sum no float holds: six digits, as %g writes them
        return format(Decimal(scientific(x, 6)).normalize(), "g")
    return f"{x:.6g}"


def caption_name(v: Value, fmt: Callable[[float], str], words: Words, drawn: bool = False) -> str:
    """A readable name: the label, else the op and value (unlabelled leaves: the value),
    the op named in ``words``' language as the pictures name it (a Chinese ``str(step)``
    said "add=0.881374" where its pictures say 加法). ``drawn``: named as a picture
    names it (:func:`~autograd_mini.views.value_name`), a neuron "z=0.5000" as its table
    is headed: a picture's description said "dot=0.5000" where its captions said "z";
    ``str(step)``, printed without a picture, keeps the op's name."""
    if v.label:
        return v.label
    if not v.op:
        return fmt(v.data)
    if drawn:
        op = value_name(v, words, fmt)
    else:
        op = OPS[v.op].title(words.language) if v.op in OPS else v.op
    return f"{op}={fmt(v.data)}"


def backward_steps(root: Value, gradient: Number = 1.0, skip_zero: bool = True) -> Iterator[Step]:
    """Yield each chain-rule step of ``root.backward(gradient)``, in the engine's order.

    Gradients are accumulated in a private table: no ``.grad`` attribute is touched,
    so leaves keep whatever they held. Summing a leaf's contributions (starting from
    0) gives exactly the value one ``backward()`` from zeroed grads would store.
    With ``skip_zero`` (the engine's behaviour) a node whose gradient is exactly 0
    passes nothing on and yields no steps; ``skip_zero=False`` shows those steps too.
    """
    if not isinstance(root, Value):
        raise TypeError(f"backward_steps: expected a Value, got {type(root).__name__}")
    seed = check_seed(gradient, "backward_steps")
    skip_zero = _skip(skip_zero, "backward_steps")  # as draw_step checks it
    refuse_untracked(root, "backward_steps")  # no steps to show, as backward() refuses
    order = topological_order(root)
    refuse_stale(order, "backward_steps")
    return _steps(root, seed, skip_zero, order)


def _steps(
    root: Value, seed: float, skip_zero: bool, order: list[Value], where: str = "backward_steps"
) -> Iterator[Step]:
    """The steps, over ``order`` (:func:`topological_order` of ``root``, checked); a pass
    that cannot be shown is refused naming ``where``, the function called."""
    adjoint: dict[Value, float | Fraction] = {root: seed}
    kept: dict[Value, _Kept] = {}  # the sums taken out of the floats, as backward keeps them
    index = 0
    for node in order:
        so_far = adjoint.get(node, 0.0)
        if isinstance(so_far, Fraction):  # the engine's exact sum, refused if beyond a float
            upstream = adjoint[node] = kept.pop(node).exactly(node, where)
        else:
            upstream = so_far
        if upstream == 0.0 and skip_zero:
            continue
        for position, (p, local) in enumerate(zip(node.parents, node.local_grads, strict=True)):
            contribution: float | Fraction = sent(local, upstream)
            before = adjoint.get(p, 0.0)
            after: float | Fraction = before + contribution if type(before) is float else math.nan
            shown = after
            if after - after != 0.0:  # out of the floats (or an infinite slope)
                if upstream == 0.0:  # sends 0, an infinite slope too: backward skips it
                    after, shown = before, so_far_shown(before)
                else:
                    if local - local != 0.0:  # refused, naming the edge, as backward refuses
                        refuse_accumulation(
                            node, p, local, upstream, rounded(Fraction(before)), where
                        )
                    exact = kept_term(local, upstream)
                    after = added(before, exact)  # kept from here on as backward keeps it
                    keep_float(kept, node, p, local, upstream, before)
                    contribution, shown = held(exact), so_far_shown(after)
            adjoint[p] = after
            yield Step(index, node, p, position, local, upstream, contribution, shown)
            index += 1
    for p, sum_kept in kept.items():  # the leaves' sums: refused if beyond a float
        sum_kept.exactly(p, where)


def kept_term(local: float, upstream: float) -> float | Fraction:
    """``local·upstream`` as backward keeps a term of a sum out of the floats: exactly
    (its float rounded: 1e308 + a·b − 1e308 − fl(a·b) is a·b − fl(a·b), which the steps
    gave as 0); an infinite slope's float (refused by the callers)."""
    if upstream == 0.0 or local - local != 0.0:
        return sent(local, upstream)
    return Fraction(local) * Fraction(upstream)


def so_far_shown(exact: float | Fraction) -> float | Fraction:
    """A gradient summed so far out of the floats, as ``backward()`` stores such a sum:
    the float nearest it, or the Fraction where that is beyond ±1.8e308 (a partial sum
    on the way). A sum of terms like 1e-200 × 1e-200 rounds to 0 (or a subnormal), as
    backward's grad does: the last step of x·1e308·2 − x·1e308·2 + (x·1e-200)·1e-200
    is "grad of x is now 0", x.grad, not 1e-400."""
    near = rounded(exact) if isinstance(exact, Fraction) else exact
    return near if near - near == 0.0 else exact


def added(before: float | Fraction, term: float | Fraction) -> float | Fraction:
    """``before + term`` as ``backward()`` adds a gradient's terms: in floats while the
    float sum is finite (or a term is not: an infinite slope, refused by the callers),
    else exactly, a Fraction, and so on from then (1e308 + 1e308 − 1e308 is 1e308: the
    steps refused the pass at its partial sum 2e308, which backward() gives)."""
    if type(before) is float and type(term) is float:
        after = before + term
        if after - after == 0.0 or term - term != 0.0:
            return after
    return Fraction(before) + Fraction(term)


def _shown(
    root: Value, seed: float, order: list[Value]
) -> tuple[list[float | Fraction], dict[Value, float | Fraction]]:
    """The numbers the steps of the pass from ``root`` show, each step's: its local
    derivative, the upstream gradient, the contribution it sends and the parent's
    gradient summed so far — with ``skip_zero``'s steps or without (a zero step adds no
    number of its own but its local derivative). Their one list: the number format of a
    pass's pictures and captions is chosen from them (:func:`_format`,
    :func:`backward_format`), and :meth:`Step.describe` writes each. Returned with each
    value's upstream gradient (as :func:`_steps` sums it; absent: 0). ``order``:
    :func:`topological_order` of ``root``."""
    running: dict[Value, float | Fraction] = {root: seed}  # final once the pass is at it
    shown: list[float | Fraction] = []
    for node in order:
        so_far = running.get(node, 0.0)
        if isinstance(so_far, Fraction):  # added exactly: backward's sum (inf: it refuses)
            upstream = running[node] = rounded(so_far)
        else:
            upstream = so_far
        shown += (upstream, *node.local_grads)
        if upstream != 0.0:
            for p, local in zip(node.parents, node.local_grads, strict=True):
                before = running.get(p, 0.0)
                contribution = sent(local, upstream)
                after = before + contribution if type(before) is float else math.nan
                if after - after == 0.0:  # (a 784-16-16-10 pass through the exact path's
                    running[p] = after  # calls every time: 3.5× slower)
                    shown += (contribution, after)
                else:  # out of the floats: added exactly from here on, as backward adds
                    exact = kept_term(local, upstream)
                    running[p] = total = added(before, exact)
                    shown += (held(exact), so_far_shown(total))
    return shown, running


def _format(
    root: Value,
    seed: float,
    options: dict[str, Any],
    view: str | View,
    where: str,
) -> tuple[NumberFormat, SharedNames]:
    """The one number format of a pass's captions and pictures, and the names two values
    share in it (:func:`shared_names`; the backward view's found with its format, not
    again): chosen from the numbers its frames show. Chosen from the steps' alone, a
    caption said "add=2.000" and "grad of x is now 1.000" where the boxes read "data
    2.000e+00" and "grad 1": a leaf of 3e-05 made the pictures scientific. Every value's
    data counts where the pictures draw it (the forward view). A view of its own pass
    (the backward view) takes the format ``draw_graph(view="backward")`` draws the same
    graph in, chosen in one place (:func:`backward_format`, asked by the scene): chosen
    here too, from the steps, a step frame read "mul=3.000e-05" where draw_graph's
    backward view of the same graph read "mul=0.00003000". The steps' numbers are the
    pass's (:func:`_shown`), ``skip_zero``'s or not: a zero step adds none of its own but
    its local derivative, which the forward view's edge draws anyway."""
    precision = options.get("precision", 4)
    final = float_adjoints(root, seed, where)
    from autograd_mini.draw import row_numbers, scene

    own_pass = draws_own_pass(view)
    # the scene of the pass as draw_graph draws it, for its format and names (no node
    # count refused here: the frames refuse it when drawn, in their own words)
    sc = scene(
        root,
        options.get("collapse"),
        options.get("collapse_threshold", 8),
        sys.maxsize,
        lambda v: final.get(v, 0.0),
        precision,
        where=where,
        data_shown=not own_pass,
        seed=seed,
    )
    if own_pass:
        named = sc.named  # found in choosing the format, where they are its own
        if named is None:
            named = named_values(root, sc.fmt, current(), options)
        return sc.fmt, shared_of(named)
    order = topological_order(root) or [root]  # (it holds the root: once, not twice)
    numbers = _shown(root, seed, order)[0]  # (with the seed: the root's upstream)
    for node in order:
        numbers.append(final.get(node, 0.0))
        upstream = final.get(node, 0.0)
        for p, local in zip(node.parents, node.local_grads, strict=True):
            numbers += [final.get(p, 0.0), local, sent(local, upstream)]
    # the rows of the tables the forward view draws, as draw_graph counts them: rows
    # 1e-3 × 3e-3 = 3e-06 drew draw_graph's picture scientific and its frames "0.000003000"
    for v in sc.tables:
        numbers += row_numbers(v, final.get(v, 0.0), True)
    every = {v: None for node in order for v in (node, *node.parents)}  # the forward view
    fmt = NumberFormat(precision, numbers + [v.data for v in every])  # draws every data
    return fmt, shared_names(root, fmt, current(), options)


def backward_format(
    root: Value,
    seed: float,
    grads: Callable[[Value], float | Fraction | None],
    options: dict[str, Any],
    precision: int,
    drawn: Iterable[float | Fraction],
    drawn_values: Set[Value],
) -> tuple[NumberFormat, Named | None]:
    """The one number format of the backward view of ``root`` drawn with ``options``'
    collapse, its step frames' pictures and captions alike. Chosen from ``drawn`` (the
    numbers the picture draws: gradients, what each edge carries, a fold's ranges, an
    unlabelled leaf's data) and the data of the values whose names say it (a leaf named
    by its data in a table's row, a name two values share); where the view has step
    frames (not collapse='expr' nor 'layer'), also from every number they show — each
    step's (:func:`_shown`), what each edge sends (``grads``: the final gradients) — and
    the data of every value their captions name with it; else only of those in
    ``drawn_values`` (the values the picture draws, a box or a table's row). Decided
    once: draw_graph chose it from its boxes and edges, where the data a shared name is
    followed by ("mul=0.00003000") did not count, and the steps from theirs, where it
    did ("mul=3.000e-05"): the same graph was written two ways.

    Which values' names say their data depends on the format (an unlabelled leaf's
    name is its data, so two can share a name in one format and not in another), so
    the shared names are found in the format of the numbers alone and only the labels
    and op names among them counted: those do not depend on it. Returned with the
    format: the names found (:func:`named_values`), where they are the format's own
    (it is the numbers' alone), for the picture's shared names (``None`` else)."""
    from autograd_mini.views import by_place

    order = topological_order(root) or [root]  # (it holds the root: once, not twice)
    stepped = options.get("collapse") not in ("expr", "layer")
    if stepped:  # (the steps' list extended, not copied: the root's upstream is the seed)
        numbers, upstreams = _shown(root, seed, order)
        numbers += drawn
        for node in order:
            final = grads(node) or 0.0
            numbers.append(final)
            # what draw_graph's edges carry (the same, mostly)
            if final != upstreams.get(node, 0.0):
                numbers += (sent_exactly(local, final) for local in node.local_grads)
    else:
        numbers = [seed, *drawn]
    told: set[Value] = set()  # the values whose name says their data
    for node in order:
        table = _in_table(node, options)  # once a node: is_wide reads every parent
        for i, p in enumerate(node.parents):  # a leaf named by its data, not its row (w₁)
            if not (p.label or p.parents) and not (table and by_place(node, i)):
                told.add(p)
    # the names two values share, which then carry their data (labels and ops' names
    # do not depend on the format; unlabelled leaves are counted above)
    fmt = NumberFormat(precision, numbers)
    named = named_values(root, fmt, current(), options)
    if stepped:  # (shared_of's values, unfiltered: asked for them, 784-16-16-10 took longer)
        for values in named.values():
            if len(values) > 1:
                told.update(v for v, says in values.items() if says and (v.label or v.parents))
    else:  # no captions: what the picture draws
        for drawn_named in shared_of(named, drawn_values).values():
            told.update(v for v in drawn_named if v.label or v.parents)
        told &= drawn_values
    # a number out of the positional range makes every number scientific: one list
    # decides as both would (and the numbers are not read twice)
    if fmt.scientific or not NumberFormat(precision, [v.data for v in told]).scientific:
        return fmt, named
    return NumberFormat(precision, [*numbers, *(v.data for v in told)]), None


def _in_table(node: Value, options: dict[str, Any]) -> bool:
    """Whether the picture drawn with ``options`` draws ``node`` as a table (a dot node
    whose leaves collapse 'inputs' or 'neuron' do not summarise in boxes of their own,
    see draw.scene)."""
    from autograd_mini.draw import is_wide

    if node.op != "dot":
        return False
    threshold = options.get("collapse_threshold", 8)
    return not (options.get("collapse") in ("inputs", "neuron") and is_wide(node, threshold))


def _parent_name(
    node: Value, position: int, fmt: NumberFormat, words: Words, options: dict[str, Any]
) -> str:
    """What the picture drawn with ``options`` calls parent ``position`` of ``node``."""
    from autograd_mini.views import row_name, value_name

    if _in_table(node, options):
        return row_name(node, position, words, fmt)
    return value_name(node.parents[position], words, fmt)


def shared_names(
    root: Value,
    fmt: NumberFormat,
    words: Words,
    options: dict[str, Any],
    drawn: Set[Value] | None = None,
) -> SharedNames:
    """The names a caption would give two values or more of the graph below ``root``
    (an unlabelled value's op, a label used twice, a neuron's bias "b"; ``drawn``: only
    those values are counted, the ones a picture draws), each with the values so named
    that carry the name followed by their data, in the order they were computed (a leaf
    where it is first used): such a name is followed by the value's data in the
    captions, and by its number among the values of that name and data where two have
    both (:func:`picture_names`, :func:`~autograd_mini.views.told`). A row named by its
    place in a neuron's table (w₁, b) makes a name shared but is left out of the values:
    its place says which it is and it is never numbered, so a value counted among them
    was numbered after rows that say no number — a labelled "b" beside 2-3-1's four
    biases read "b#5=0" where every "b" on the page was plain."""
    return shared_of(named_values(root, fmt, words, options), drawn)


def named_values(root: Value, fmt: NumberFormat, words: Words, options: dict[str, Any]) -> Named:
    """Each name the values below ``root`` go by in a picture drawn with ``options``
    (unlabelled leaves' written by ``fmt``), with the values it names, in the order
    they were computed, and whether each is followed by its data (:func:`shared_names`)."""
    from autograd_mini.views import by_place, row_name, value_name

    order = topological_order(root)
    named: Named = {}  # ordered sets: value → whether it is told
    for node in reversed(order):  # as computed: each parent before its consumer
        # asked once a node: is_wide reads every parent, and asking it per parent made
        # 784-16-16-10 under collapse="neuron" 1.85× slower to draw (1,569 parents a neuron)
        table = _in_table(node, options)
        for i, p in enumerate(node.parents):
            if p.parents:
                continue
            if node.op == "dot":  # a leaf is named where it is drawn: by its table row
                name = row_name(node, i, words, fmt) if table else value_name(p, words, fmt)
                place = table and by_place(node, i)
                values = named.setdefault(name, {})
                values[p] = values.get(p, False) or not place
            elif p.label:
                named.setdefault(p.label, {})[p] = True
        named.setdefault(value_name(node, words, fmt), {})[node] = True
    named.setdefault(value_name(root, words, fmt), {})[root] = True
    return named


def shared_of(named: Named, drawn: Set[Value] | None = None) -> SharedNames:
    """The names of ``named`` (:func:`named_values`) that name two values or more (of
    ``drawn``, where given), each with those values that carry it followed by data."""
    shared: dict[str, tuple[Value, ...]] = {}
    for name, values in named.items():
        seen = [v for v in values if drawn is None or v in drawn]
        told = tuple(v for v in seen if values[v])
        if len(seen) > 1 and told:
            shared[name] = told
    return shared


def picture_names(
    step: Step,
    fmt: NumberFormat,
    words: Words,
    options: dict[str, Any],
    shared: SharedNames = NO_SHARED,
    numbered: bool = True,
) -> tuple[str, str]:
    """The step's node and parent as the picture drawn with ``options`` names them
    (:func:`~autograd_mini.views.value_name`): a label; an unlabelled value by its op in
    words; an unlabelled leaf by its place in a neuron's table (w₁, a₁, b) where the
    step's node is drawn as one, else by its data. The player's captions called a
    neuron's bias, unlabelled as nn's are, by its value ("grad of 0 is now 0.4200")
    where the picture says "b". A name the graph gives two values or more (``shared``,
    :func:`shared_names`) is followed by the value's data: the README neuron's step 4
    read "add → mul", and so did step 5, into the other product. ``numbered``: as
    :func:`~autograd_mini.views.told` (False for the forward view, whose boxes carry
    no "#k")."""
    from autograd_mini.views import told, value_name

    node = step.node
    parent = _parent_name(node, step.position, fmt, words, options)
    if not _by_place(step, options):  # a row's place says which it is
        parent = told(parent, step.parent, shared, fmt, numbered=numbered)
    return told(value_name(node, words, fmt), node, shared, fmt, numbered=numbered), parent


def _by_place(step: Step, options: dict[str, Any]) -> bool:
    """Whether the picture drawn with ``options`` names the step's parent by its place
    in the step's node's table (w₁, a₁, b)."""
    from autograd_mini.views import by_place

    return _in_table(step.node, options) and by_place(step.node, step.position)


def caption(
    step: Step | None,
    seed: float,
    fmt: NumberFormat,
    words: Words,
    options: dict[str, Any] | None = None,
    shared: SharedNames = NO_SHARED,
    numbered: bool = True,
) -> str:
    """One line saying what a frame shows, in the picture's number format and
    ``words``' language: the step itself (:meth:`Step.describe`, naming its values as
    the picture drawn with ``options`` does, ``shared`` names with their data,
    ``numbered`` as :func:`picture_names`), or the seed."""
    if step is None:
        return words("before_backward", seed=fmt(seed))
    names = picture_names(step, fmt, words, options or {}, shared, numbered)
    return step.describe(fmt, words, names)


def spoken(
    step: Step | None,
    total: int,
    root: Value,
    seed: float,
    fmt: NumberFormat,
    words: Words,
    options: dict[str, Any] | None = None,
    shared: SharedNames = NO_SHARED,
) -> str:
    """What a frame shows, said in sentences for a screen reader (the player's frames'
    ``aria-label`` and its live region): which value's gradient grows, from which value
    that uses it, by how much, and the gradient so far; or, before the first step, the
    seed on the output. Values are named as the picture names them, numbers written in
    its format, words in ``words``' language; ``total`` is the number of steps.

    A row of a table named by its place is said with its table: "the red row w₁ in the
    table of z=-0.005558" (the caption's "w₁" is read beside the picture, where the red
    row shows which; a weight's or the bias's row has no edge, and "the red edge from z
    to its row w₁" named one drawn nowhere): 2-3-1 has a w₁ in each of its four neurons,
    and a listener heard "the gradient of w₁ is now -0.5536", then 0.02976, … — one
    value adding up, to the ear. Said once a frame, where the row is named, and "w₁"
    after it: said each time, a 2-3-1 frame named "w₁ of z=0.2302" four times (its words
    19 % more in English, 29 % in Chinese); and the table once: "from z=0.2302 to w₁ of
    z=0.2302: z=0.2302 uses w₁" named it three times."""
    if step is None:
        name = value_name(root, words, fmt)
        return words("before_spoken", total=total, root=safe_text(name), seed=fmt(seed))
    # twins numbered in every view: a listener sees no boxes, and the forward view's
    # two "tanh=0" read as one value whose gradient jumped from 0.6554 to -0.1816
    node, parent = picture_names(step, fmt, words, options or {}, shared, numbered=True)
    row = _by_place(step, options or {})
    return words(
        "step_spoken_row" if row else "step_spoken",
        n=step.index + 1,
        total=total,
        node=safe_text(node),
        parent=safe_text(parent),
        local=fmt(step.local_grad),
        upstream=fmt(step.upstream),
        contribution=fmt(step.contribution),
        after=fmt(step.parent_grad_after),
    )


def _overlays(
    root: Value,
    gradient: float,
    steps: list[Step],
    fmt: NumberFormat,
    where: str,
    complete: bool = False,
    shared: SharedNames = NO_SHARED,
) -> list[Overlay]:
    """Frame 0 (only the seed on the root), then the picture after each step. With
    ``complete`` (``steps`` is the whole pass), the last picture is the end of the pass:
    it shows every gradient the pass computed (see :func:`_unreached`). ``shared``: the
    names the captions follow by the value's data, as the pictures then do too."""
    final = float_adjoints(root, gradient, where)
    grads: dict[Value, float | Fraction] = {root: gradient}
    reached: set[Value] = {root}
    done: set[tuple[Value, int]] = set()
    out = [
        Overlay(dict(grads), set(reached), set(done), final=final, shared=shared, number_format=fmt)
    ]
    for step in steps:
        grads[step.parent] = step.parent_grad_after
        reached.add(step.parent)
        text = f"{fmt(step.local_grad)} × {fmt(step.upstream)} = {fmt(step.contribution)}"
        active = (step.node, step.position)
        out.append(
            Overlay(
                dict(grads),
                set(reached),
                set(done),
                active,
                text,
                final,
                shared=shared,
                number_format=fmt,
            )
        )
        done.add((step.node, step.position))
    if complete:
        last = out[-1]
        zeros, edges = _unreached(root, steps)
        if zeros:  # shown as 0 (grads default to 0), their edges as carrying 0
            last.reached = last.reached | zeros
            last.done = last.done | edges
            last.note = zero_note(len(zeros), current())
    return out


def _unreached(root: Value, steps: list[Step]) -> tuple[set[Value], set[tuple[Value, int]]]:
    """The values below ``root`` no step of the pass ``steps`` reached, and the edges no
    step crossed. Steps that skip zero gradients (the engine's way) stop where the
    upstream gradient is 0 (a ReLU that is off): everything below got gradient 0 from
    the pass, and the last frame drew it "grad ?", as not yet known — 23 "?" in a
    2-3-1 network's last frame, where the engine's gradients were 0."""
    order = topological_order(root)
    values = {root, *order, *(p for node in order for p in node.parents)}
    zeros = values - {root} - {s.parent for s in steps}
    edges = {(node, i) for node in order for i in range(len(node.parents))}
    return zeros, edges - {(s.node, s.position) for s in steps}


def zero_note(n: int, words: Words) -> str:
    """What the last frame says of the ``n`` values no step reached."""
    return words.count("zero_grads", n)


def _skip(skip_zero: object, where: str) -> bool:
    return check_flag(skip_zero, "skip_zero", where)


def _check_room(options: dict[str, Any], where: str) -> None:
    """``options``' column and height (if given) checked and made floats in place: the
    frames' own sizes (:func:`~autograd_mini.render.unify_frames`) read them too, and a
    Decimal failed there in a division."""
    for name in ("column", "height"):
        if name in options and not (name == "height" and options[name] is None):
            options[name] = check_room(options[name], name, where)


def _check_view(options: dict[str, Any], where: str, root: object = None) -> list[Value]:
    """What the steps need before they format a number: a Value to step through, and a
    precision draw_graph would accept (captions are formatted first). Returns the
    graph's topological order, checked not stale, for the steps."""
    if not isinstance(root, Value):
        raise TypeError(f"{where}: expected a Value to step through, got {type(root).__name__}")
    refuse_untracked(root, where)  # a player of one frame and no step, as backward() refuses
    order = topological_order(root)
    refuse_stale(order, where)
    check_precision(options.get("precision", 4), where)
    _check_room(options, where)
    if options.get("collapse") in ("layer", "expr"):
        raise ValueError(
            f"{where}: collapse={options['collapse']!r} folds the engine's edges into "
            "bigger ones, so single chain-rule steps cannot be shown; use collapse=None, "
            "'inputs' or 'neuron'"
        )
    if "overlay" in options:
        raise TypeError(f"{where}: the overlay is made by {where} itself")
    # an option draw_graph does not take was refused as "draw_graph() got an unexpected
    # keyword argument", naming a function not called
    for name in options:
        if name == "title" and where != "draw_step":
            raise TypeError(f"{where}: no title: each frame's caption says its step")
        if name not in DRAW_OPTIONS and name != "title":
            raise TypeError(
                f"{where}: unknown option {name!r}; the options it passes to draw_graph are "
                + ", ".join(DRAW_OPTIONS)
            )
    return order


def draw_step(
    root: Value,
    index: int,
    gradient: Number = 1.0,
    view: str | View = "backward",
    skip_zero: bool = True,
    **options: Any,
) -> Graph:
    """The picture after step ``index`` (−1: before any step), the step's edge in red.

    ``index`` is the step's place in the list (``Step.index``, from 0); captions and
    titles count steps from 1, as people do (``steps[2]`` is "step 3").

    ``view`` "backward" (default) draws the backward pass as its own graph, "forward" the
    forward graph (the step's edge then points against the forward arrow, the way the
    gradient flows). ``options`` are passed to :func:`draw_graph` (precision, collapse, …).
    ``skip_zero`` as :func:`backward_steps`: by default no step leaves a value whose
    gradient is 0, and the last step's picture shows the values none reached as 0, with
    a note; ``skip_zero=False`` steps through them too (each adding 0).
    """
    seed = check_seed(gradient, "draw_step")
    order = _check_view(options, "draw_step", root)
    if isinstance(index, bool) or not isinstance(index, int):
        raise TypeError(f"draw_step: index must be an int (−1: before any step), got {index!r}")
    steps = list(_steps(root, seed, _skip(skip_zero, "draw_step"), order, "draw_step"))
    if not -1 <= index < len(steps):
        raise IndexError(f"draw_step: step {index} out of range (-1 … {len(steps) - 1})")
    fmt, shared = _format(root, seed, options, view, "draw_step")
    last = index == len(steps) - 1
    words = current()
    overlay = _overlays(root, seed, steps[: index + 1], fmt, "draw_step", last, shared)[-1]
    step = steps[index] if index >= 0 else None
    numbered = draws_own_pass(view)  # the forward view's boxes carry no "#k"
    title = options.pop("title", None) or caption(step, seed, fmt, words, options, shared, numbered)
    return draw_graph(
        root, overlay=overlay, title=title, view=view, gradient=seed, where="draw_step", **options
    )  # its errors, now and when rendered later (saved as a PNG, say), name draw_step


class TooManyFrames(ValueError):
    """A backward pass of ``steps`` steps needs more frames than ``max_frames``. Its own
    class, as draw's TooManyNodes: the command line says it in its options' words
    without reading the message."""

    def __init__(self, message: str, steps: int, max_frames: int) -> None:
        super().__init__(message)
        self.steps, self.max_frames = steps, max_frames


def _refuse_many(steps: int, max_frames: object, where: str) -> None:
    """Refuse more than ``max_frames`` frames (one before backward, one per step), saying
    how many steps there are and what to do instead, before any frame is drawn."""
    if not is_integer(max_frames) or max_frames < 1:  # a numpy integer is one too
        raise ValueError(f"{where}: max_frames must be an int ≥ 1, got {max_frames!r}")
    if steps + 1 > max_frames:
        raise TooManyFrames(
            f"{where}: this backward pass has {steps} steps, {steps + 1} frames, more than "
            f"max_frames={max_frames} (each frame is a whole picture: 2-16-16-1's 409 "
            "frames took minutes and 199 MB). Step through a smaller model (a few neurons "
            "per layer, as notebook 05 does), draw the steps you need with "
            "draw_step(root, i), or pass a larger max_frames",
            steps,
            int(max_frames),
        )


@dataclass
class _Told:
    """One backward pass as its frames tell it: the steps, their one number format, the
    words, the names two values share and each frame's caption — worked out once for a
    player's pictures and its captions (:func:`step_player` did it twice)."""

    steps: list[Step]
    fmt: NumberFormat
    words: Words
    shared: SharedNames
    captions: list[str]


def _told(
    root: Value,
    seed: float,
    view: str | View,
    max_frames: int,
    where: str,
    skip_zero: object,
    options: dict[str, Any],
) -> _Told:
    """The steps of the pass from ``root`` (more than ``max_frames`` refused, before
    anything is drawn) and how its frames name and write them."""
    order = _check_view(options, where, root)
    steps = list(_steps(root, seed, _skip(skip_zero, where), order, where))
    _refuse_many(len(steps), max_frames, where)
    fmt, shared = _format(root, seed, options, view, where)
    words = current()
    numbered = draws_own_pass(view)  # the forward view's boxes carry no "#k"
    captions = [
        caption(None, seed, fmt, words),
        *(caption(s, seed, fmt, words, options, shared, numbered) for s in steps),
    ]
    return _Told(steps, fmt, words, shared, captions)


def frames(
    root: Value,
    gradient: Number = 1.0,
    view: str | View = "backward",
    titles: bool = True,
    max_frames: int = MAX_FRAMES,
    where: str = "frames",
    skip_zero: bool = True,
    **options: Any,
) -> list[Graph]:
    """One picture before backward and one after each step (see :func:`draw_step`);
    more than ``max_frames`` are refused. The last one shows the values no step reached
    as 0 (``skip_zero``, see :func:`draw_step`), with a note under its title; without
    ``titles`` the note is left to the caller (the player's caption says it)."""
    return _drawn(root, gradient, view, titles, max_frames, where, skip_zero, options)[2]


def _drawn(
    root: Value,
    gradient: object,
    view: str | View,
    titles: bool,
    max_frames: int,
    where: str,
    skip_zero: object,
    options: dict[str, Any],
) -> tuple[float, _Told, list[Graph]]:
    """The seed (``gradient`` checked), the pass's steps and words (:func:`_told`: more
    than ``max_frames`` refused before anything is drawn) and its frames (:func:`_frames`)
    — how :func:`frames`, :func:`write_frames` and :func:`step_player` each begin.
    ``options`` is checked in place (column and height made floats, for the caller's
    sizes); the frames are drawn from a copy of it, into which the direction chosen is
    written."""
    seed = check_seed(gradient, where)
    told = _told(root, seed, view, max_frames, where, skip_zero, options)
    return seed, told, _frames(root, seed, view, titles, where, told, dict(options))


def _frames(
    root: Value,
    seed: float,
    view: str | View,
    titles: bool,
    where: str,
    told: _Told,
    options: dict[str, Any],
) -> list[Graph]:
    """:func:`frames`' pictures of the pass ``told`` tells (``options`` its own dict: the
    direction chosen is written into it)."""
    names = told.captions
    pictures: list[Graph] = []
    overlays = _overlays(root, seed, told.steps, told.fmt, where, True, told.shared)
    # every frame laid out with the widest title and the last frame's note: Graphviz
    # centres a drawing narrower than its title under it, so the boxes moved sideways
    # as the captions' widths changed, and down in the last frame, under its note
    widest = max(names, key=lambda t: text_width(room_for_wide(safe_text(t))))
    note = overlays[-1].note
    if options.get("rankdir", "auto") == "auto":
        # the direction chosen from the drawing, with the first frame's own caption: laid
        # out with the widest caption, whose width no direction changes, a 150-character
        # label kept the README neuron left to right, 2,448 px wide for a 1,000 px column
        first = overlays[0]
        first.title_alone = False  # only its direction is wanted: it is not centred
        probe = draw_graph(
            root, overlay=first, title=names[0] if titles else "", view=view, gradient=seed,
            where=where, **options,
        )  # fmt: skip
        options["rankdir"] = probe.scene.rankdir
    for overlay, name in zip(overlays, names, strict=True):
        if not titles:  # a line under no title would move the last frame's drawing down
            overlay.note = ""
        else:
            overlay.layout_title, overlay.layout_note = widest, note
        overlay.title_alone = False  # placed below, for all frames at once
        pictures.append(
            draw_graph(
                root, overlay=overlay, title=name if titles else "", view=view, gradient=seed,
                where=where, **options,
            )
        )  # fmt: skip
    return _place_titles(pictures, options, where)


def _place_titles(pictures: list[Graph], options: dict[str, Any], where: str) -> list[Graph]:
    """The frames with their titles and notes centred when the frames, shown at one
    width (the widest's, :func:`~autograd_mini.render.unify_frames`), fit the column,
    else all at the left edge: each frame decided alone, and a student stepping through
    saw the title jump between the middle and the left edge."""
    ready = [p for p in pictures if p.centred is not None]
    if not ready:
        return pictures
    try:
        shown = unify_frames(
            [p.natural_svg() for p in pictures],
            options.get("column", COLUMN_PX),
            natural=options.get("size") == "natural",
            where=where,
            height=options.get("height"),
        )
        fits = px_size(shown[0], where)[0] <= options.get("column", COLUMN_PX)
    except (RendererNotFound, RenderError):  # said again when the frames are rendered
        return pictures
    if not fits:
        return pictures
    return [p.centred() if p.centred is not None else p for p in pictures]


#: An element's ``lang`` for each picture language (the site's Chinese pages say zh-CN).
HTML_LANG = {"en": "en", "zh": "zh-CN"}
#: Kept from sight but read by screen readers (the player's live region).
VISUALLY_HIDDEN = (
    "position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;"
    "clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap;border:0"
)

#: A frame's file name: write_frames removes the old ones; the command refuses an -o of
#: this shape inside --steps' folder.
FRAME_NAME = re.compile(r"step_\d{3,}\.svg")
#: A frame's own caption, shown above it where the player's script does not run.
_FRAME_CAPTION = "font-size:14px;line-height:1.4;margin:0.8em 0 0.2em"


def write_frames(
    root: Value,
    directory: str | os.PathLike[str],
    gradient: Number = 1.0,
    view: str | View = "backward",
    max_frames: int = MAX_FRAMES,
    skip_zero: bool = True,
    **options: Any,
) -> list[Path]:
    """Write ``step_000.svg``, ``step_001.svg``, …: one file per frame, frame 0 before
    backward and one for each step, so a pass of n steps gives n + 1 files (the neuron's
    9 steps: 10), and ``max_frames`` counts those files.

    Frames a previous call left in ``directory`` (files named ``step_<digits>.svg``) are
    removed first, so the folder never mixes two runs; other files are left alone. More
    than ``max_frames`` frames (default :data:`MAX_FRAMES`) are refused, naming the
    number of steps. ``skip_zero`` as :func:`draw_step`.
    """
    out = Path(directory)
    # checks ``options`` in place (column and height made floats) for the sizes below:
    # frames() checked a copy of them, and a first check here repeated it
    pictures = _drawn(root, gradient, view, True, max_frames, "write_frames", skip_zero, options)[2]
    natural = options.get("size") == "natural"
    svgs = unify_frames(  # sized for the column asked for (it was always 1,000 px)
        [p.natural_svg() for p in pictures],
        options.get("column", COLUMN_PX),
        natural=natural,
        where="write_frames",
        height=options.get("height"),
    )
    if out.exists() and not out.is_dir():  # mkdir's raw FileExistsError named no argument
        raise FileExistsError(f"write_frames: {str(out)!r} is a file, not a folder: give a folder")
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        if FRAME_NAME.fullmatch(old.name) and old.is_file():
            old.unlink()
    width = max(3, len(str(len(pictures) - 1)))
    paths = []
    from autograd_mini.spoken import labelled  # it reads this module's names

    for i, (svg, picture) in enumerate(zip(svgs, pictures, strict=True)):
        target = out / f"step_{i:0{width}d}.svg"
        # a file opened on its own: named and described as draw_step's picture is
        said = svg if picture.scene is None else labelled(svg, picture.scene)
        target.write_text(said, encoding="utf-8")
        paths.append(target)
    return paths


def _json_for_script(data: object) -> str:
    """JSON that is safe inside <script>: <, > and & as \\u escapes (decoded by JSON.parse)."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _one_per_frame(items: Iterable[str], frames: int, where: str, what: str) -> list[str]:
    """``items`` as a list of one ``what`` (caption, description) per frame, or the
    refusal naming ``where`` (the function that made the player) and both counts."""
    if isinstance(items, str) or not isinstance(items, Iterable):  # None said "not iterable"
        raise TypeError(f"{where}: {what}s must be a list of str, one per frame, got {items!r:.40}")
    got = list(items)
    if not all(isinstance(s, str) for s in got):
        raise TypeError(f"{where}: {what}s must be a list of str, got {got!r:.60}")
    if len(got) != frames:
        raise ValueError(f"{where}: one {what} per frame: {frames} frames, {len(got)} {what}s")
    return got


class StepPlayer:
    """All frames in one HTML snippet: ◀ ▶ buttons, a slider, ← → keys, one caption.

    Every frame has the same size (the largest frame's box, one scale), the caption box
    has a fixed height, and the ids are fresh random tokens for each call of
    :meth:`html`, so two players on one page (or two notebooks in one JupyterLab
    window) never collide. The frames scroll sideways wherever the page's column is
    narrower than they are (a website's 736 px column cut a 1,000 px frame off, with
    the output node in the cut part), and the caption and counter take the page's font
    (a ``sans-serif`` of their own showed Chinese captions as boxes where the page's
    web font was the only one with Chinese). Frame i is the picture after step i,
    counted from 1 as the captions count (frame 0: before backward).

    A screen reader is told what each frame shows: every frame is an image
    (``role="img"``) named by its description (``descriptions``, :func:`spoken`; the
    caption when none is given), and a live region (``aria-live="polite"``, not shown)
    says the new frame's description each time the player moves. The player's ``lang``
    is its words' language. The inline SVG had no name: stepping through, a student
    who cannot see the picture heard nothing of it.

    Its script offers the controls: without scripting (a page that blocks it, an
    untrusted notebook) every frame is shown, one below another, each under its own
    caption, and no button or slider is offered (they showed frame 1 and did nothing).
    """

    def __init__(
        self,
        svgs: list[str],
        captions: list[str],
        column: float = COLUMN_PX,
        natural: bool = False,
        words: Words | None = None,
        where: str = "StepPlayer",
        descriptions: list[str] | None = None,
        height: float | None = None,
    ) -> None:
        self._captions = _one_per_frame(captions, len(svgs), where, "caption")
        self._descriptions = (
            list(self._captions)
            if descriptions is None
            else _one_per_frame(descriptions, len(svgs), where, "description")
        )
        #: the function called, named by the errors of the frames' SVG
        self.where = where
        self.svgs = unify_frames(svgs, column, natural=natural, where=where, height=height)
        #: the buttons' words, fixed when the player is made (as its captions are)
        self.words = current() if words is None else words

    @property
    def captions(self) -> list[str]:
        """The line shown above each frame. Set by hand (notebook 05 writes its own,
        to 4 significant digits), they are what a screen reader says of each frame too
        (:attr:`descriptions`): it said the player's own sentences, in the picture's
        number format, so a student listening heard other numbers than the caption a
        student looking read. Set :attr:`descriptions` after them to say more."""
        return self._captions

    @captions.setter
    def captions(self, captions: list[str]) -> None:
        self._captions = _one_per_frame(captions, len(self.svgs), self.where, "caption")
        self._descriptions = list(self._captions)

    @property
    def descriptions(self) -> list[str]:
        """What a screen reader says of each frame (its ``aria-label``, and the live
        region's words when the player moves to it)."""
        return self._descriptions

    @descriptions.setter
    def descriptions(self, descriptions: list[str]) -> None:
        self._descriptions = _one_per_frame(descriptions, len(self.svgs), self.where, "description")

    def __len__(self) -> int:
        return len(self.svgs)

    def html(self) -> str:
        """Self-contained HTML: frames are inline SVG, only one shown at a time."""
        uid = f"agm-player-{secrets.token_hex(6)}"
        height = px_size(self.svgs[0], self.where)[1]
        # without scripting every frame is shown, under its own caption, and no control
        # is offered; the script hides them but one, and shows the controls (a page or an
        # untrusted notebook without it showed frame 1 under buttons that did nothing).
        # With scripting, a first script, before the frames, marks the player, and the
        # player's style then shows frame 1 alone from the start: until the script at the
        # end ran, a page loading showed every frame (9 stacked for 1.2 s, 3,869 px tall).
        # Its focus ring is drawn inside its edge (the buttons, the caption and the count
        # kept clear of it): the output box around it scrolls, and cut a ring drawn outside
        # away, so a student tabbing to it saw no focus. Printed, the controls are hidden
        # (buttons and a slider did nothing on paper); the shown frame's caption stays,
        # on the page of its frame: a caption, and a frame printed up to 90 % of a page
        # tall, are kept from a page break between them (the player, scripted; each
        # frame under its own caption, without scripting), where the frame went on to
        # the next page and left its caption behind at the foot of the page before.
        frames_html = "\n".join(
            f'<div class="agm-frame" role="img" aria-label="{html.escape(said)}">'
            f'<p class="agm-frame-title" style="{_FRAME_CAPTION}">'
            f"{html.escape(shown)}</p>{_silent(svg)}</div>"
            for svg, said, shown in zip(self.svgs, self.descriptions, self.captions, strict=True)
        )
        last = len(self.svgs) - 1
        back, forth, slider, name = (
            html.escape(self.words(k)) for k in ("previous_step", "next_step", "slider", "player")
        )
        lang = HTML_LANG.get(self.words.language, self.words.language)
        return f"""<div id="{uid}" class="agm-player" lang="{lang}" role="group" \
aria-label="{name}" style="max-width:100%">
<style>#{uid}.agm-scripted .agm-frame ~ .agm-frame, #{uid}.agm-scripted .agm-frame-title \
{{display:none}} #{uid}:focus-visible {{outline-offset:-3px}} @media print {{#{uid} .agm-controls \
{{display:none !important}} #{uid}.agm-scripted, #{uid} .agm-frame {{break-inside:avoid}}}}</style>
<script>document.getElementById("{uid}").classList.add("agm-scripted");</script>
<div class="agm-controls" style="display:none;align-items:center;gap:6px;padding:4px 0 0 4px">
<button type="button" data-d="-1" aria-label="{back}">◀</button>
<input type="range" min="0" max="{last}" value="0" step="1" style="flex:1" aria-label="{slider}">
<button type="button" data-d="1" aria-label="{forth}">▶</button>
<span class="agm-count" style="font-size:13px;min-width:5em;text-align:right;padding-right:6px">\
</span></div>
<div class="agm-caption" style="display:none;font-size:14px;line-height:1.4;height:2.8em;\
overflow:auto;padding-left:4px"></div>
<div class="agm-live" aria-live="polite" aria-atomic="true" style="{VISUALLY_HIDDEN}"></div>
<div class="agm-frames {PRINT_WHOLE}" style="overflow-x:auto">{PRINT_STYLE}
{frames_html}
</div>
<script type="application/json" class="agm-captions">{_json_for_script(self.captions)}</script>
<script>
(function() {{
  var root = document.getElementById("{uid}");
  var frames = root.querySelectorAll(".agm-frame");
  var slider = root.querySelector("input[type=range]");
  var caption = root.querySelector(".agm-caption");
  var count = root.querySelector(".agm-count");
  var live = root.querySelector(".agm-live");
  var captions = JSON.parse(root.querySelector(".agm-captions").textContent);
  var current = 0;
  // with scripting: one frame at a time, in a box of one height, under the controls
  root.querySelector(".agm-controls").style.display = "flex";
  caption.style.display = "block";
  root.querySelectorAll(".agm-frame-title").forEach(function(p) {{ p.style.display = "none"; }});
  var box = root.querySelector(".agm-frames");
  box.style.height = "{height + 2:.0f}px";
  box.style.overflowY = "hidden";
  root.tabIndex = 0;
  function show(i, quiet) {{
    i = Math.max(0, Math.min(frames.length - 1, i));
    for (var k = 0; k < frames.length; k++) frames[k].style.display = k === i ? "block" : "none";
    current = i;
    slider.value = i;
    caption.textContent = captions[i];
    count.textContent = i + " / " + (frames.length - 1);
    if (!quiet) live.textContent = frames[i].getAttribute("aria-label");
  }}
  slider.addEventListener("input", function() {{ show(parseInt(slider.value, 10)); }});
  root.querySelectorAll("button").forEach(function(b) {{
    b.addEventListener("click", function() {{
      show(current + parseInt(b.getAttribute("data-d"), 10));
    }});
  }});
  root.addEventListener("keydown", function(e) {{
    var to = {{ArrowLeft: current - 1, ArrowRight: current + 1, Home: 0,
              End: frames.length - 1}}[e.key];
    if (to === undefined || e.target === slider) return;
    e.preventDefault();
    show(to);
  }});
  show(0, true);  // said when the player moves, not when the page opens
}})();
</script>
</div>"""

    def _repr_html_(self) -> str:
        return self.html()

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write a stand-alone HTML page with the player."""
        target = Path(path)
        target.write_text(
            f'<!DOCTYPE html>\n<html lang="{HTML_LANG.get(self.words.language, "en")}">'
            f'<head><meta charset="utf-8"></head><body>\n'
            f"{self.html()}\n</body></html>\n",
            encoding="utf-8",
        )
        return target


def _silent(svg: str) -> str:
    """A frame's SVG inside its ``role="img"`` box, which its description names: hidden
    from a screen reader (Chromium read the drawing again as a second image, "x grad ?
    mul grad ? × 2.000 = ?"), and its hover links to "#" none of Tab's stops."""
    return unlinked(strip_prolog(svg)).replace("<svg ", '<svg aria-hidden="true" ', 1)


def step_player(
    root: Value,
    gradient: Number = 1.0,
    view: str | View = "backward",
    max_frames: int = MAX_FRAMES,
    skip_zero: bool = True,
    **options: Any,
) -> StepPlayer:
    """A player through every backward step, for Jupyter (``_repr_html_``) or a web page.

    ``view`` "backward" (default) or "forward"; ``options`` go to :func:`draw_graph`.
    The frames carry no title: the player's one caption says what each step computes.
    Every frame is a whole picture: more than ``max_frames`` (default
    :data:`MAX_FRAMES`, 100) are refused before any is drawn, with the number of steps
    and what to do instead (a smaller model, :func:`draw_step`, a larger ``max_frames``).
    ``skip_zero`` as :func:`draw_step`: the last frame shows the values no step reached as
    0, and its caption says so.
    """
    # refuses more than max_frames, naming step_player, before drawing
    seed, told, pictures = _drawn(
        root, gradient, view, False, max_frames, "step_player", skip_zero, options
    )
    steps, fmt, words, shared = told.steps, told.fmt, told.words, told.shared
    captions = list(told.captions)
    total = len(steps)
    descriptions = [
        spoken(None, total, root, seed, fmt, words),
        *(spoken(s, total, root, seed, fmt, words, options, shared) for s in steps),
    ]
    zeros, _ = _unreached(root, steps)
    if zeros:  # the last frame shows them as 0: its caption says why (see frames)
        note = zero_note(len(zeros), words)
        captions[-1] += words("clause_separator") + note
        space = "" if words.language == "zh" else " "  # no Latin space after a 。
        descriptions[-1] += space + note
    return StepPlayer(
        [p.natural_svg() for p in pictures],
        captions,
        options.get("column", COLUMN_PX),
        natural=options.get("size") == "natural",
        words=words,
        where="step_player",
        descriptions=descriptions,
        height=options.get("height"),
    )
