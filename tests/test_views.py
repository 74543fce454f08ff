"""The views and the size policy, read back from the rendered SVG.

Oracles: hand-derived chain rules and central differences for the numbers, the engine's
own ``backward()`` for the gradients the backward view computes by itself, printf's
``%#.4g`` for the number format, and the SVG's own width/height/viewBox/font-size for
the size policy.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest

from autograd_mini import Value, dot, draw_graph, gradients, picture_language
from autograd_mini.draw import NumberFormat, safe_text
from autograd_mini.render import COLUMN_PX, MIN_TEXT_PX, PX_PER_PT

SVG = "{http://www.w3.org/2000/svg}"
B = 6.8813735870195432


def sig(x: float, digits: int = 4) -> str:
    return "0" if x == 0 else f"%#.{digits}g" % x


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def texts(svg: str) -> list[str]:
    return [(t.text or "").strip() for t in parse(svg).iter(f"{SVG}text")]


def readme_neuron() -> Value:
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(B, label="b")
    out = (x1 * w1 + x2 * w2 + b).tanh()
    out.label = "o"
    out.backward()
    return out


def fan_out() -> tuple[Value, Value]:
    """a feeds two consumers (a·3 and a·a): its gradient is a sum of three contributions."""
    a = Value(0.5, label="a")
    c = (a * 3 + a * a).tanh()
    c.label = "C"
    return c, a


def formula_neuron(n: int = 5) -> tuple[Value, list[Value], list[Value], Value]:
    ws = [Value(0.3 * (k - 2), label=f"w{k}") for k in range(n)]
    acts = [Value(0.1 * (k + 1), label=f"a{k}") for k in range(n)]
    b = Value(0.25, label="b")
    z = dot(ws, acts, b)
    z.label = "z"
    out = z.sigmoid()
    out.label = "a_out"
    cost = (out - 1.0) * (out - 1.0)
    cost.label = "C"
    cost.backward()
    return cost, ws, acts, b


def tanh_derivative(n: int) -> Value:
    x = Value(0.5, label="x")
    y = x.tanh()
    for _ in range(n):
        (y,) = gradients(y, [x], create_graph=True)
    return y


# --------------------------------------------------------------------------- size policy


def sizing(svg: str) -> tuple[float, float, float]:
    """(width px, height px, smallest text in px) as a browser draws the SVG."""
    root = parse(svg)
    w, h = root.get("width", ""), root.get("height", "")
    assert w.endswith("px") and h.endswith("px"), (w, h)
    _, _, vw, _ = (float(x) for x in (root.get("viewBox") or "").split())
    scale = float(w[:-2]) / vw
    fonts = [float(t.get("font-size", "14")) for t in root.iter(f"{SVG}text")]
    return float(w[:-2]), float(h[:-2]), min(fonts) * scale


def size_cases() -> list[tuple[str, Value, dict[str, object]]]:
    cost, *_ = formula_neuron(16)
    return [
        ("README neuron", readme_neuron(), {}),
        ("README neuron, backward", readme_neuron(), {"view": "backward"}),
        ("formula neuron", cost, {}),
        ("fan-out, backward", fan_out()[0], {"view": "backward"}),
        ("tanh'''", tanh_derivative(3), {}),
        ("tanh''''' folded", tanh_derivative(5), {"collapse": "expr"}),
    ]


@pytest.mark.parametrize(("name", "root", "options"), size_cases(), ids=lambda x: str(x)[:30])
def test_fits_a_column_without_shrinking_text_below_readable(
    name: str, root: Value, options: dict[str, object]
) -> None:
    g = draw_graph(root, **options)  # type: ignore[arg-type]  # options is a kwargs table
    width, _, text = sizing(g.svg())
    assert text >= MIN_TEXT_PX - 0.01, name
    if width > COLUMN_PX + 0.5:
        # too wide to fit readable: drawn at the smallest readable size, scrolled sideways
        assert text == pytest.approx(MIN_TEXT_PX, abs=0.05), name
        assert "overflow-x:auto" in g.html()
        assert "overflow-x:auto" in (g._repr_html_() or "")
        assert "overflow-x:auto" in g._repr_mimebundle_()["text/html"]
        assert '<div tabindex="0" role="region" aria-label="Computation graph of' in g.html()
    else:
        assert "tabindex" not in g.html()  # scrolls on a narrower screen only
        assert '<div role="region" aria-label="Computation graph of' in g.html()


def test_natural_size_on_request_is_graphvizs_own() -> None:
    g = draw_graph(readme_neuron(), size="natural", rankdir="LR")
    root = parse(g.svg())
    _, _, vw, vh = (float(x) for x in (root.get("viewBox") or "").split())
    assert root.get("width") == f"{vw:.0f}pt" and root.get("height") == f"{vh:.0f}pt"
    fitted = parse(draw_graph(readme_neuron(), rankdir="LR").svg())
    # natural is wider than the column: the fitted one is narrower, not wider
    assert float((fitted.get("width") or "0px")[:-2]) <= vw * PX_PER_PT


def test_auto_direction_turns_a_too_wide_graph_top_to_bottom() -> None:
    g = draw_graph(readme_neuron())  # left to right it is ~1,100 px at readable text
    wide = draw_graph(readme_neuron(), rankdir="LR")
    assert sizing(wide.svg())[0] > COLUMN_PX or sizing(g.svg())[0] <= COLUMN_PX
    assert sizing(g.svg())[0] <= COLUMN_PX


# --------------------------------------------------------------------------- the backward view


def _edges(svg: str) -> list[tuple[str, str, str]]:
    """(tail node, head node, label) of every edge, ports and Σ suffixes kept."""
    out = []
    for g in parse(svg).iter(f"{SVG}g"):
        if g.get("class") != "edge":
            continue
        title = g.find(f"{SVG}title")
        assert title is not None and title.text
        tail, head = title.text.split("->")
        label = " ".join((t.text or "").strip() for t in g.iter(f"{SVG}text"))
        out.append((tail.split(":")[0], head.split(":")[0], label))
    return out


def _number(text: str) -> float:
    return float(text.replace("−", "-"))


def fan_out_through_neurons() -> tuple[Value, Value]:
    """a = σ(z) feeds two one-input neurons: Σ node fed from two tables' rows."""
    w1, w2, b = Value(0.8, label="w1"), Value(-0.6, label="w2"), Value(0.1, label="b")
    a = dot([w1, w2], [1.5, -0.5], b).sigmoid()
    a.label = "a"
    outs = [
        dot([Value(c, label=f"w{k}")], [a], 0.1 * k).sigmoid() for k, c in ((3, 1.2), (4, -0.9))
    ]
    cost = (outs[0] - 1.0) ** 2 + outs[1] ** 2
    cost.label = "C"
    return cost, a


@pytest.mark.parametrize(
    "make", [fan_out, lambda: (readme_neuron(), None), fan_out_through_neurons]
)
def test_backward_view_points_from_output_to_inputs_and_its_sums_are_the_gradients(
    make: object,
) -> None:
    root, _ = make()  # type: ignore[operator]  # a factory from the list above
    g = draw_graph(root, view="backward", rankdir="LR")
    svg = g.svg()
    assert g.scene is not None
    value_of = {name: v for v, name in g.scene.names.items() if isinstance(v, Value)}
    # the engine, as the oracle: zeroed grads, one backward
    for v in value_of.values():
        v.grad = 0.0
    root.backward()
    contributions: dict[Value, float] = {}
    for tail, head, label in _edges(svg):
        if head.endswith("sum") and tail + "" == head[:-3]:
            continue
        if tail.endswith("sum"):  # Σ → its gradient box
            assert value_of[tail[:-3]] is value_of[head]
            continue
        consumer = value_of[tail]
        parent = value_of[head.removesuffix("sum")]
        assert parent in consumer.parents  # the edge points from output toward input
        m = re.fullmatch(r"× (\S+) = (\S+)", label)
        assert m, label
        local, contribution = _number(m.group(1)), _number(m.group(2))
        # the local derivative is the engine's ∂consumer/∂parent, the product × upstream
        i = consumer.parents.index(parent)
        assert local == pytest.approx(consumer.local_grads[i], rel=1e-3, abs=1e-4)
        assert contribution == pytest.approx(local * consumer.grad, rel=2e-3, abs=1e-4)
        contributions[parent] = contributions.get(parent, 0.0) + contribution
    boxes = 0
    for node in parse(svg).iter(f"{SVG}g"):
        if node.get("class") != "node":
            continue
        title = node.find(f"{SVG}title")
        assert title is not None and title.text
        if title.text.endswith("sum"):
            continue
        v = value_of[title.text]
        words = [(t.text or "").strip() for t in node.iter(f"{SVG}text")]
        shown = next(w for w in words if w.startswith("grad "))
        number = _number(shown.split()[1])
        assert number == pytest.approx(v.grad, rel=1e-3, abs=1e-4)  # the engine's gradient
        if v is not root:
            # the box is the sum of what flows in (Σ node where paths meet)
            assert number == pytest.approx(contributions[v], rel=2e-3, abs=1e-4)
        boxes += 1
    assert boxes == len(value_of)


def test_fan_out_meets_in_a_sum_node_with_three_contributions() -> None:
    c, _a = fan_out()
    svg = draw_graph(c, view="backward").svg()
    into_sum = [e for e in _edges(svg) if e[1].endswith("sum")]
    assert len(into_sum) == 3  # a·3 once, a·a twice
    assert len({e[1] for e in into_sum}) == 1
    # hand chain rule: ∂C/∂a = (1 − tanh²u)·(3 + 2a), u = 3a + a²
    u = 3 * 0.5 + 0.25
    want = (1 - math.tanh(u) ** 2) * (3 + 2 * 0.5)
    assert f"grad {sig(want)}" in texts(svg)


def test_backward_view_computes_its_own_pass_and_ignores_stale_grads() -> None:
    c, a = fan_out()
    a.grad = 123.0  # stale, from some other computation
    words = texts(draw_graph(c, view="backward").svg())
    assert "grad 123.0" not in words
    assert any(w.startswith("grad 1.000") for w in words)  # the seed


# --------------------------------------------------------------------------- formula tables


def test_a_neuron_is_drawn_like_its_formula_one_row_per_term() -> None:
    cost, ws, acts, _b = formula_neuron(5)
    svg = draw_graph(cost, rankdir="LR").svg()
    root = parse(svg)
    rows: dict[float, list[str]] = {}
    for t in root.iter(f"{SVG}text"):
        rows.setdefault(round(float(t.get("y", "0")), 1), []).append((t.text or "").strip())
    for k, (w, a) in enumerate(zip(ws, acts, strict=True)):
        (row,) = [r for r in rows.values() if f"w{k}" in r]
        assert f"a{k}" in row  # wₖ beside its aₖ
        assert f"= {sig(w.data * a.data)}" in row  # the term's contribution
        # ∂C/∂wₖ = aₖ·δ and ∂C/∂aₖ = wₖ·δ (δ = ∂C/∂z), from the engine's backward
        assert f"∂ {sig(w.grad)}" in row and f"∂ {sig(a.grad)}" in row
    # the leaves live in the table: no loose edges converge on the neuron. Edges left:
    # table → z, z → σ → a_out, two (a_out − 1) with their op, and their product: 10
    edges = [g for g in root.iter(f"{SVG}g") if g.get("class") == "edge"]
    assert len(edges) == 10


def test_backward_table_pairs_the_two_gradients_of_each_term() -> None:
    cost, ws, acts, _ = formula_neuron(4)
    svg = draw_graph(cost, view="backward", rankdir="LR").svg()
    words = texts(svg)
    z = ws[0]  # any weight: ∂z/∂wₖ = aₖ, ∂C/∂wₖ = aₖ·δ
    for w, a in zip(ws, acts, strict=True):
        assert f"{w.label}: × {sig(a.data)} = {sig(w.grad)}" in words
        assert f"{a.label}: × {sig(w.data)} = {sig(a.grad)}" in words
    assert z.grad != 0.0


# --------------------------------------------------------------------------- numbers, labels


def test_one_number_format_per_picture() -> None:
    mixed = NumberFormat(4, [0.0013, 7.5544e-05, 2.5])
    assert [mixed(x) for x in (0.0013, 7.5544e-05, 2.5)] == ["1.300e-03", "7.554e-05", "2.500e+00"]
    plain = NumberFormat(4, [0.0013, 0.25, -3.0, 12.5, 0.0])
    assert [plain(x) for x in (0.0013, 0.25, -3.0, 12.5, 0.0)] == [
        "0.001300",
        "0.2500",
        "-3.000",
        "12.50",
        "0",
    ]
    assert plain(9.99996) == "10.00"  # rounding carries into the next digit
    cost, *_ = formula_neuron(3)
    svg = draw_graph(cost).svg()
    numbers = re.findall(r"-?\d+\.\d+(?:e[-+]\d+)?", " ".join(texts(svg)))
    kinds = {"e" in n for n in numbers}
    assert len(kinds) == 1  # never both positional and scientific in one picture


def test_a_large_number_is_not_padded_with_zeros_it_does_not_have() -> None:
    """123456 at 4 digits was drawn "123500": rounded, then written to its units, the two
    zeros read as its digits. From 10⁴ on, 4 significant digits need the exponent, as
    printf's %#.4g writes them; below, numbers stay positional. The oracle: the strings
    written out by hand."""
    big = NumberFormat(4, [123456.0, 2.5, 0.0])
    assert [big(x) for x in (123456.0, 2.5, 0.0)] == ["1.235e+05", "2.500e+00", "0"]
    assert NumberFormat(4, [12345.6])(12345.6) == "1.235e+04"
    assert NumberFormat(4, [-54321.0])(-54321.0) == "-5.432e+04"
    assert NumberFormat(4, [9999.7])(9999.7) == "1.000e+04"  # rounds up to 5 digits
    ordinary = NumberFormat(4, [9876.54, 0.25, 1000.0])
    assert [ordinary(x) for x in (9876.54, 0.25, 1000.0)] == ["9877", "0.2500", "1000"]
    assert NumberFormat(6, [123456.0])(123456.0) == "123456"  # 6 digits: all of them
    assert NumberFormat(2, [123.0])(123.0) == "1.2e+02"
    assert NumberFormat(2, [98.0, 0.5])(98.0) == "98"
    x = Value(123456.0, label="x")
    y = x * 2.0
    y.label = "y"
    y.backward()
    for view in ("forward", "backward"):
        words = texts(draw_graph(y, view=view).svg())
        assert not any("123500" in w or "246900" in w for w in words), words
    words = texts(draw_graph(y).svg())
    assert "data 1.235e+05" in words and "data 2.469e+05" in words


@pytest.mark.parametrize("label", ["a\rb", "nul\x00", "esc\x1b[31m", "tab\there", "😀 ok"])
def test_labels_with_control_characters_are_shown_escaped(label: str) -> None:
    x = Value(2.0, label=label)
    y = x * x
    y.label = label
    for view in ("forward", "backward"):
        words = texts(draw_graph(y, view=view, title=label).svg())
        assert safe_text(label) in words
    assert safe_text("a\rb") == "a\\rb" and safe_text("\x1b") == "\\x1b"
    assert safe_text("😀") == "😀"


def test_max_nodes_suggests_the_fold_that_applies() -> None:
    with pytest.raises(ValueError, match=r"collapse='expr'"):
        draw_graph(tanh_derivative(7))  # 1,113 values (the 6th has 418)
    xs = [Value(0.1 * i) for i in range(40)]
    hidden = [dot([Value(0.01 * j) for _ in xs], xs).tanh() for j in range(30)]
    out = dot([Value(1.0) for _ in hidden], hidden)
    with pytest.raises(ValueError, match=r"collapse='layer'"):
        draw_graph(out)


def test_expr_fold_edges_carry_the_derivative_of_the_folded_expression() -> None:
    x = Value(0.7, label="x")
    y = x.sin() * x + x.exp()  # x is used three times, every inner value once
    y.label = "y"
    y.backward()
    g = draw_graph(y, collapse="expr", rankdir="LR")
    words = texts(g.svg())
    assert g.node_count == 3  # x, the folded y and its op summary
    # d/dx (x·sin x + eˣ) = sin x + x·cos x + eˣ, by hand
    want = math.sin(0.7) + 0.7 * math.cos(0.7) + math.exp(0.7)
    assert sig(want) in words
    h = 1e-6
    numeric = ((0.7 + h) * math.sin(0.7 + h) + math.exp(0.7 + h) - y.data) / h
    assert float(sig(want)) == pytest.approx(numeric, rel=1e-3)
    assert any(w.startswith("4 ops") for w in words)


def test_tanh_6th_derivative_folds_into_its_shared_structure() -> None:
    y = tanh_derivative(6)
    g = draw_graph(y, collapse="expr")
    assert g.node_count < 1000
    assert "<svg" in g.svg()


def test_a_new_view_is_a_callback_set_passed_to_draw_graph() -> None:
    """Adding a view touches neither the walk nor the renderer: subclass and pass it."""
    from autograd_mini.draw import Node, Scene, Stmt
    from autograd_mini.views import ForwardView

    class DataOnly(ForwardView):
        name = "data only"

        def value(self, sc: Scene, v: Value) -> list[Stmt]:
            stmts = super().value(sc, v)
            for s in stmts:
                if isinstance(s, Node) and s.name == sc.name(v):
                    s.attrs["label"] = f"{v.label or '·'} = {sc.fmt(v.data)}"
                    s.attrs["shape"] = "box"
            return stmts

    g = draw_graph(readme_neuron(), view=DataOnly(), rankdir="LR")
    words = texts(g.svg())
    assert "x1 = 2.000" in words and "o = 0.7071" in words
    assert not any(w.startswith("grad") for w in words)
    assert "data only" in repr(g)
    with pytest.raises(TypeError, match="View"):
        draw_graph(readme_neuron(), view=object())  # type: ignore[arg-type]  # deliberately wrong


@pytest.mark.parametrize(
    ("precision", "power", "scale", "table"),
    [
        (3, "^ 2.12", "1.23e-05 ×", "7.39"),
        (6, "^ 2.12346", "1.23456e-05 ×", "7.38906"),
        (17, "^ 2.12346", "1.23456e-05 ×", "7.38905609893065"),  # as typed, not 2.1234600000000001
        (2, "^ 2.1", "1.2e-05 ×", "7.4"),
    ],
)
def test_a_constant_in_an_op_follows_the_precision(
    precision: int, power: str, scale: str, table: str
) -> None:
    """The 2.12346 of x**2.12346 was drawn with six digits whatever the precision, beside
    data and gradients with four ("every number in a picture has `precision` digits");
    a short constant stays as typed ("^ 2", not "^ 2.000")."""
    x = Value(1.5, label="x")
    w = Value(0.5, label="w")
    y = x**2.12346 + 1.23456e-05 * x + x**2 + dot([w], [math.exp(2)])
    y.backward()
    source = draw_graph(y, precision=precision).source
    labels = re.findall(r'op \[label="([^"]*)"', source)
    assert power in labels and scale in labels and "^ 2" in labels
    assert f'<TD COLSPAN="3">{table}</TD>' in source  # the dot's constant column


def test_a_round_constant_is_drawn_as_typed() -> None:
    x = Value(1.5, label="x")
    y = x * 120.0 + 0.5
    y.backward()
    labels = re.findall(r'op \[label="([^"]*)"', draw_graph(y, precision=2).source)
    assert "× 120" in labels, labels  # not "× 120.0", nor "× 1.2e+02"


@pytest.mark.parametrize("natural_width", [916.0, 883.0, 1234.5])
def test_a_picture_fitted_to_the_column_is_the_column_wide(natural_width: float) -> None:
    """916 units × (1000/916) is 1000.0000000000001 in floats, and the width was rounded
    up to 1,001 px: one pixel wider than the column it was fitted to."""
    from autograd_mini.render import fit_svg

    svg = (
        f'<svg width="{natural_width}pt" height="100pt" '
        f'viewBox="0.00 0.00 {natural_width:.2f} 100.00"><text font-size="14.00">x</text></svg>'
    )
    width, _ = (
        float(v[:-2]) for v in re.findall(r'(?:width|height)="([0-9.]+px)"', fit_svg(svg, 1000.0))
    )
    assert width == 1000.0


def test_a_cancelling_difference_shows_inputs_that_give_its_result() -> None:
    """d = 1.00002 − 1.00001 (notebook 06's cancellation) was drawn "1.000e+00 −
    1.000e+00 = 1.000e-05": the inputs shown gave 0, not the result shown. And the one
    number below 1e-4 made every exact 1 — the seed, ∂d/∂b, the grads — "1.000e+00".
    Oracle: the numbers read back from the SVG's texts, subtracted here, and the exact
    ±1 written by hand."""
    a, b = Value(1.00001, label="a"), Value(1.00002, label="b")
    d = b - a
    d.label = "d"
    d.backward()
    words = texts(draw_graph(d).svg())

    def shown(label: str) -> float:
        i = words.index(label)
        return float(words[i + 1].removeprefix("data "))

    lo, hi, result = shown("a"), shown("b"), shown("d")
    assert result == 1e-5
    assert f"{hi - lo:.3e}" == f"{result:.3e}", (hi, lo, result)
    assert "1.000e+00" not in " ".join(words)
    assert {"grad 1", "grad -1", "1", "-1"} <= set(words), words
    back = texts(draw_graph(d, view="backward").svg())
    # the backward view draws no data: its numbers (±1) are all it counts, so it writes
    # them positionally, as any picture of such numbers does
    assert "× -1.000 = -1.000" in back and "× 1.000 = 1.000" in back
    assert "e+00" not in " ".join(back) and "e-05" not in " ".join(back)
    # exact ±1 plain in a scientific picture only: a positional one writes 1.000
    assert NumberFormat(4, [1e-5, 1.0])(-1.0) == "-1"
    assert NumberFormat(4, [0.5, 1.0])(1.0) == "1.000"
    # a one-place cancellation keeps the picture's digits (the README neuron)
    words = texts(draw_graph(readme_neuron()).svg())
    assert "data 6.881" in words and "data -6.000" in words


def _box_names(svg: str) -> list[str]:
    """The first text of every drawn box (its name cell), Σ nodes left out."""
    names = []
    for node in parse(svg).iter(f"{SVG}g"):
        title = node.find(f"{SVG}title")
        if node.get("class") != "node" or title is None or (title.text or "").endswith("sum"):
            continue
        first = next(node.iter(f"{SVG}text"), None)
        if first is not None:
            names.append((first.text or "").replace("\u00a0", "").strip())
    return names


def test_an_unlabelled_value_is_named_by_its_op_in_words_not_its_symbol() -> None:
    """An unlabelled value was named by its op's symbol and constant: the backward view
    of C = (dot([x − 1], [x − 1]))² read "− 1 | grad -0.2959" and "^ 2 | grad 1.000
    (seed)", its table "− 1: × -0.5289 = …", and the forward table's row "− 1 | -0.5289
    × − 1 | -0.5289": a subtraction and a power to a student. Now it is named by the op
    that made it, in words (this dot, no neuron's, too); labels stay. Oracle:
    the names written out by hand, and the numbers by hand: x − 1 = -0.5289 and
    ∂C/∂(x − 1) = 2z·(x − 1) with z = (x − 1)²."""
    x = Value(0.4711, label="x")
    c = dot([x - 1], [x - 1]) ** 2
    s = -0.5289
    grad = 2 * s * s * s  # ∂C/∂s through either factor: 2z · s
    for language, sub, power in (("en", "sub", "pow"), ("zh", "减法", "幂运算")):
        with picture_language(language):
            back = draw_graph(c, view="backward").svg()
            forward = texts(draw_graph(c).svg())
        dot_word = "dot" if language == "en" else "点积"
        # the two x − 1 share a name and a number: told apart as a step's captions
        # tell them, numbered as computed (see test_draw_review's
        # test_the_backward_view_tells_apart_two_values_it_names_alike)
        twins = [f"{sub}#{k}={s:.4f}" for k in (1, 2)]
        want = sorted([power, dot_word, *twins, "x"])
        assert sorted(_box_names(back)) == want, _box_names(back)
        shown = [w.replace("\u00a0", "") for w in texts(back)]
        for twin in twins:
            assert shown.count(f"{twin}: × {s:.4f} = {grad:.4f}") == 1
        assert not {"− 1", "^ 2", "Σw·x"} & set(texts(back)), texts(back)
        # the row reads sub | -0.5289 × sub | -0.5289; "− 1" is left to the two op nodes
        row = forward.index("×")
        assert forward[row - 2 : row + 3] == [sub, f"{s:.4f}", "×", sub, f"{s:.4f}"], forward
        assert forward.count("− 1") == 2 and forward.count("^ 2") == 1


@pytest.mark.parametrize("constant_first", [False, True])
def test_a_cancelling_constant_in_an_op_shows_the_digits_that_cancel(constant_first: bool) -> None:
    """x − 1.00001 at x = 1.00002 was drawn "data 1.00002000e+00", "− 1", "data
    1.000e-05": the input was widened to the result's last digit, the constant written
    in the op's symbol was not, and 1.00002 − 1 is not 1e-05. The constant of a
    cancelling op is an input too: it is written to the result's last digit, as typed.
    Oracle: the numbers read back from the SVG's texts, subtracted here."""
    x = Value(1.00002, label="x")
    d = 1.00001 - x if constant_first else x - 1.00001
    d.label = "d"
    d.backward()
    words = texts(draw_graph(d).svg())
    shown = {w: float(words[words.index(w) + 1].removeprefix("data ")) for w in ("x", "d")}
    (op,) = [w for w in words if "−" in w]
    constant = float(op.replace("−", "").strip())
    assert op == ("1.00001 −" if constant_first else "− 1.00001"), words
    difference = constant - shown["x"] if constant_first else shown["x"] - constant
    assert abs(shown["d"]) == 1e-5
    assert f"{difference:.3e}" == f"{shown['d']:.3e}", (op, shown)


def test_only_the_numbers_of_a_cancellation_are_widened() -> None:
    """The widened digits were keyed by the number: in (b − a)·c with a = c = 1.0 and b =
    1.001, a's "data 1.000000" made c's data, the seed, b's grad and every edge's 1 read
    "1.000000" too, beside "grad -1.000". Now only the cancellation's own numbers — the
    data of b and a, written to the difference's last digit — are wider. Oracle: the
    texts written out by hand, for 1.001 − 1 = 0.001 at 4 digits."""
    a, b, c = Value(1.0, label="a"), Value(1.001, label="b"), Value(1.0, label="c")
    d = (b - a) * c
    d.label = "d"
    d.backward()
    forward = texts(draw_graph(d).svg())
    box = {w: forward[forward.index(w) + 1 : forward.index(w) + 3] for w in "abcd"}
    assert box == {
        "a": ["data 1.000000", "grad -1.000"],
        "b": ["data 1.001000", "grad 1.000"],
        "c": ["data 1.000", "grad 0.001000"],
        "d": ["data 0.001000", "grad 1.000"],
    }
    assert "data 0.001000" in forward  # the difference, unlabelled
    assert not any("1.000000" in w for w in forward if w not in ("data 1.000000",)), forward
    back = texts(draw_graph(d, view="backward").svg())
    assert "grad 1.000 (seed)" in back and not any("1.000000" in w for w in back), back


def test_an_unlabelled_dot_is_z_only_where_it_is_a_neuron() -> None:
    """An unlabelled dot was named "z" in every picture, as a neuron's table writes z =
    Σₖ wₖ·aₖ: an L2 penalty Σ w·w and a loss Σ eₖ·eₖ read "z | grad 0.05000" beside the
    layers of collapse='layer', a neuron's pre-activation to a student. A dot that is no
    neuron (no weight: a leaf times something other than itself) is named by its op in
    words, dot (点积); a neuron's stays z. Oracle: the names written out by hand."""
    w, x = Value(0.8, label="w"), Value(-0.5, label="x")
    neuron = dot([w], [x])  # a weight times its input: z
    penalty = dot([w], [w])  # w·w: no neuron
    errors = [neuron - 1.0, x * 2.0]
    loss = dot(errors, errors) + penalty  # no leaf at all: no neuron
    for language, word in (("en", "dot"), ("zh", "点积")):
        with picture_language(language):
            names = _box_names(draw_graph(loss, view="backward").svg())
        # two values named dot: each followed by its data, as a step's captions do
        # (w·w = 0.64; (0.8·(−0.5) − 1)² + (−0.5·2)² = 1.96 + 1)
        assert names.count("z") == 1, names
        assert {f"{word}=0.6400", f"{word}=2.960"} <= set(names), names


def test_a_dot_that_is_no_neuron_is_not_headed_as_one() -> None:
    """The forward table of a loss Σ eₖ·eₖ was headed "L = Σₖ wₖ·aₖ" and a penalty's
    unlabelled weights were named w₁ and a₁: weights and activations to a student, where
    there are errors and a weight times itself. A dot that is no neuron is headed Σₖ uₖ·vₖ
    (+ c) and its unlabelled leaves are uₖ, vₖ; a neuron keeps z = Σₖ wₖ·aₖ + b, w₁, a₁
    and b. Oracle: the headings written out by hand."""
    u, v = Value(0.5), Value(-2.0)
    penalty = dot([u, v], [u, v])  # unlabelled leaves, each times itself
    neuron = dot([Value(0.3)], [Value(1.5)], Value(0.1))  # w₁·a₁ + b
    loss = penalty + neuron
    for language, word in (("en", "dot"), ("zh", "点积")):
        with picture_language(language):
            words = texts(draw_graph(loss, view="forward").svg())
        assert f"{word} = Σₖ uₖ·vₖ" in words, words
        assert "z = Σₖ wₖ·aₖ + b" in words, words
        assert {"u₁", "u₂", "v₁", "v₂", "w₁", "a₁", "b"} <= set(words), words


def _boxes(root: ET.Element) -> dict[str, tuple[float, float, float, float]]:
    """Each node's bounding box (x0, y0, x1, y1) from the shapes it is drawn with."""
    out = {}
    for g in root.iter(f"{SVG}g"):
        title = g.find(f"{SVG}title")
        if g.get("class") != "node" or title is None or not title.text:
            continue
        xs: list[float] = []
        ys: list[float] = []
        for p in g.iter(f"{SVG}polygon"):
            for pair in (p.get("points") or "").split():
                x, y = pair.split(",")
                xs.append(float(x))
                ys.append(float(y))
        for e in g.iter(f"{SVG}ellipse"):
            cx, cy = float(e.get("cx", "0")), float(e.get("cy", "0"))
            rx, ry = float(e.get("rx", "0")), float(e.get("ry", "0"))
            xs += [cx - rx, cx + rx]
            ys += [cy - ry, cy + ry]
        out[title.text] = (min(xs), min(ys), max(xs), max(ys))
    return out


def _gap(point: tuple[float, float], box: tuple[float, float, float, float]) -> float:
    """How far ``point`` is from ``box`` (0 on or inside it)."""
    x, y = point
    dx = max(box[0] - x, 0.0, x - box[2])
    dy = max(box[1] - y, 0.0, y - box[3])
    return math.hypot(dx, dy)


def _touching_cases() -> list[tuple[str, Value, dict[str, object]]]:
    import nn

    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b + b.tanh()
    model = nn.MLP(2, [3, 1], seed=0)
    out = model([Value(0.5, label="x1"), Value(-1.0, label="x2")])
    assert isinstance(out, Value)
    loss = (out - 1.0) ** 2
    named = nn.MLP(6, [4, 1], seed=0)([Value(0.1 * i, label=f"x{i}") for i in range(6)])
    assert isinstance(named, Value)
    return [
        ("expression", c, {}),
        ("network", loss, {}),
        ("neurons", loss, {"collapse": "neuron"}),
        ("layers of named inputs", named, {"collapse": "layer"}),
        ("backward", loss, {"view": "backward"}),
    ]


@pytest.mark.parametrize(
    ("root", "options"), [c[1:] for c in _touching_cases()], ids=[c[0] for c in _touching_cases()]
)
def test_every_edge_touches_the_boxes_it_joins(root: Value, options: dict[str, object]) -> None:
    """Boxes were drawn as shape=plaintext, whose node is the table plus a margin of
    8 × 4 pt: every edge stopped short of both boxes it joined, and the curved ones
    seemed to start from nothing (a layer fed six named inputs). Oracle: the SVG's own
    geometry — an edge's end points (its path's ends and its arrowhead's corners) lie
    on or within 3 pt of the shapes of its two nodes (an arrowhead's tip stops up to
    2.5 pt short of a table's border line; the margin was 8 pt across, 4 pt down)."""
    svg = parse(draw_graph(root, **options).svg())  # type: ignore[arg-type]
    boxes = _boxes(svg)
    checked = 0
    for g in svg.iter(f"{SVG}g"):
        title = g.find(f"{SVG}title")
        if g.get("class") != "edge" or title is None or not title.text:
            continue
        tail, head = (end.split(":")[0] for end in title.text.split("->"))
        ends: list[tuple[float, float]] = []
        for path in g.iter(f"{SVG}path"):
            numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d", ""))]
            ends += [(numbers[0], numbers[1]), (numbers[-2], numbers[-1])]
        for arrow in g.iter(f"{SVG}polygon"):
            ends += [
                (float(x), float(y))
                for x, y in (p.split(",") for p in (arrow.get("points") or "").split())
            ]
        for node in (tail, head):
            gap = min(_gap(p, boxes[node]) for p in ends)
            assert gap <= 3.0, (title.text, node, gap)
        checked += 1
    assert checked >= 3


def test_a_view_named_in_view_types_is_a_name_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """CONTRIBUTING: "to give it a name, add it to VIEW_TYPES". The name was refused all
    the same: draw.VIEWS, checked by draw_graph, and the command line's --view choices
    each listed forward and backward themselves. Both read VIEW_TYPES now."""
    from autograd_mini.cli import build_parser
    from autograd_mini.views import VIEW_TYPES, ForwardView

    class PlainView(ForwardView):
        name = "plain"

    monkeypatch.setitem(VIEW_TYPES, "plain", PlainView)
    x = Value(2.0, label="x")
    y = x * 3.0
    y.label = "y"
    assert draw_graph(y, view="plain").source == draw_graph(y, view=PlainView()).source
    args = build_parser().parse_args(["graph", "x*3", "--view", "plain"])
    assert args.view == "plain"
    with pytest.raises(ValueError, match=r"view must be one of \('forward', 'backward', 'plain'\)"):
        draw_graph(y, view="plane")


def test_a_view_drawing_its_own_pass_without_gradients_is_refused_by_name_or_object() -> None:
    """show_grad=False with the backward view was refused by comparing the view with the
    string "backward": view=BackwardView() was drawn (every gradient, show_grad or not).
    The view says it: own_pass."""
    from autograd_mini.views import BackwardView, ForwardView

    y = Value(2.0, label="x") * 3.0
    with pytest.raises(ValueError, match=r"show_grad=False hides the gradients, which are what "
                       r"view=BackwardView\(\) draws"):  # fmt: skip
        draw_graph(y, view=BackwardView(), show_grad=False)
    with pytest.raises(ValueError, match=r"which are what view='backward' draws"):
        draw_graph(y, view="backward", show_grad=False)
    draw_graph(y, view=ForwardView(), show_grad=False)  # a forward view without them is drawn
