"""What a graph's SVG says to a screen reader (autograd_mini/spoken.py), read back from
the SVG's ``aria-label`` and ``<desc>``: against what the picture's boxes show and the
numbers worked out by hand. What Chromium hands a screen reader is checked in
tests/test_browser.py.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import autograd_mini.spoken
from autograd_mini import Value, dot, draw_graph, draw_step, picture_language, write_frames
from autograd_mini.render import Graph
from autograd_mini.steps import caption_name

SVG = "{http://www.w3.org/2000/svg}"


def said(graph: Graph) -> tuple[str, str]:
    """The picture's name and description, as the SVG gives them."""
    root = ET.fromstring(graph.svg().encode("utf-8"))
    desc = root.find(f"{SVG}desc")
    assert desc is not None
    return root.get("aria-label", ""), "".join(desc.itertext())


def test_a_wide_neuron_is_described_naming_only_the_inputs_said(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A dot of 784 weights and inputs is said with six of them ("Σw·x(w1, …, …)"), but
    each of its 1,569 inputs was named first, every call of svg(): 784-16-16-10 folded
    by neuron took 14 ms a call, was 0.45 ms before descriptions. Oracle: the count of
    names asked, at most the inputs said and the values described."""
    ws = [Value(0.001 * i, label=f"w{i}") for i in range(784)]
    xs = [Value(1.0, label=f"x{i}") for i in range(784)]
    z = dot(ws, xs, Value(0.5, label="b"))
    z.label = "z"
    z.backward()
    graph = draw_graph(z, collapse="neuron")
    graph.svg()  # rendered once; what follows is the description's own work
    asked: list[Value] = []

    def counting(v: Value, *args: object, **kwargs: bool) -> str:
        asked.append(v)
        return caption_name(v, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("autograd_mini.spoken.caption_name", counting)
    _, description = said(graph)
    assert description.startswith("z = Σw·x(w0, w1, w2, w3, w4, w5, …)"), description
    assert len(asked) <= 2 * autograd_mini.spoken.MAX_INPUTS, len(asked)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_picture_drawn_without_gradients_is_described_without_them(language: str) -> None:
    """``show_grad=False`` draws no gradient, but the description said each one ("b = a ×
    2: data 6.000, grad 0"), a 0 for every value of a graph never run backward. Oracle:
    b = 2a at a = 3, by hand."""
    a = Value(3.0, label="a")
    b = a * 2
    b.label = "b"
    with picture_language(language):
        _, description = said(draw_graph(b, show_grad=False))
    assert (
        description
        == {
            "en": "b = a × 2: data 6.000. a: data 3.000.",
            "zh": "b = a × 2：data 6.000。a：data 3.000。",
        }[language]
    )
    # drawn with them, they are said
    b.backward()
    with picture_language(language):
        _, description = said(draw_graph(b))
    assert (
        description
        == {
            "en": "b = a × 2: data 6.000, grad 1.000. a: data 3.000, grad 2.000.",
            "zh": "b = a × 2：data 6.000，grad 1.000。a：data 3.000，grad 2.000。",
        }[language]
    )


@pytest.mark.parametrize("x", [1e-7, 123456789.0, 1e-300])
def test_data_a_backward_view_does_not_draw_is_said_in_a_format_that_holds_it(
    x: float,
) -> None:
    """The backward view draws gradients, not data, and its number format is chosen from
    what it draws: here 1 and 1 only, positional. The description says each value's
    data too, in that format: x = 1e-300 was "data 0.000…0001000", 300 zeros read out,
    1.23456789e8 "123500000", digits it does not have. A number the picture's format
    cannot hold is said in its own scientific form. Oracle: Python's "%.3e"."""
    v = Value(x, label="x")
    y = v + 1.0
    y.label = "y"
    y.backward()
    _, description = said(draw_graph(y, view="backward"))
    assert f"x: data {x:.3e}, grad 1.000." in description, description
    assert description.startswith("y = x + 1: data "), description
    assert len(description) < 120, description  # no run of hundreds of digits


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_folded_expression_is_said_as_the_picture_draws_it(language: str) -> None:
    """collapse='expr' draws z = x·y + x − y as one box, "3 ops folded: 1 add, 1 mul, 1
    sub", fed by x and y; the description said "z = add=8.000 − y" (a value the picture
    does not draw) and named one operation, −. Now it says z's operations on the inputs
    drawn, and all of them. Oracle: z at x = 2, y = 3, ∂z/∂x = y + 1, ∂z/∂y = x − 1, by
    hand."""
    x, y = Value(2.0, label="x"), Value(3.0, label="y")
    z = x * y + x - y
    z.label = "z"
    z.backward()
    with picture_language(language):
        graph = draw_graph(z, collapse="expr")
        name, description = said(graph)
    boxes = graph.svg()
    assert {"en": "3 ops folded: 1 add, 1 mul, 1 sub", "zh": "折叠了 3 个运算"}[language] in boxes
    assert (name, description) == {
        "en": (
            "Computation graph of z: 3 values, operations −, +, ×.",
            "z = 3 operations of x, y (1 add, 1 mul, 1 sub): data 5.000, grad 1.000. "
            "x: data 2.000, grad 4.000. y: data 3.000, grad 1.000.",
        ),
        "zh": (
            "z 的计算图：3 个值，运算 −、+、×。",
            "z = 由 x、y 经 3 个运算算出（1 个加法、1 个乘法、1 个减法）：data 5.000，grad 1.000。"
            "x：data 2.000，grad 4.000。y：data 3.000，grad 1.000。",
        ),
    }[language]


def test_frames_written_to_files_are_named_and_described(tmp_path: Path) -> None:
    """write_frames' files are pictures opened on their own (a browser, a file viewer),
    but were written from the renderer's SVG: an image with no name, read by its node
    ids, where draw_step's same frame is named by its caption and described. Oracle:
    y = 3x at x = 2, its one step ∂y/∂x = 3, by hand."""
    x = Value(2.0, label="x")
    y = x * 3
    y.label = "y"
    y.backward()
    paths = write_frames(y, tmp_path)
    names = []
    for path in paths:
        root = ET.parse(path).getroot()
        assert root.get("role") == "img" and root.get("lang") == "en", path.name
        desc = root.find(f"{SVG}desc")
        assert desc is not None and "y = x × 3: data 6.000" in "".join(desc.itertext())
        names.append(root.get("aria-label", ""))
    assert names[-1].startswith("step 1: y → x: local 3.000 × upstream 1.000 = 3.000"), names


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_a_network_folded_by_layer_is_named_by_the_operations_its_boxes_hold(
    activation: str,
) -> None:
    """collapse='layer' draws every neuron inside a layer's box: the name said "one value,
    no operation" of a network of 44 numbers. Oracle: the engine's own graph, walked from
    the output, and the symbols of the ops it holds."""
    import nn
    from autograd_mini.ops import OPS

    out = nn.MLP(3, [4, 4, 1], seed=0, activation=activation)([1.0, 2.0, 3.0])
    out.backward()
    seen, stack = set(), [out]
    while stack:
        v = stack.pop()
        if v not in seen:
            seen.add(v)
            stack.extend(v.parents)
    symbols = {OPS[v.op].symbol for v in seen if v.op in OPS}
    name, _ = said(draw_graph(out, collapse="layer"))
    assert "no operation" not in name, name
    listed = name.split("operations ", 1)[1].rstrip(".").split(", ")
    assert set(listed) == symbols, (listed, symbols)


@pytest.mark.parametrize(
    ("language", "box"), [("en", "{}: one box of 10 values"), ("zh", "{}：一个方框，含 10 个值")]
)
def test_a_wide_neuron_s_weights_and_inputs_boxes_are_said_as_their_boxes_name_them(
    language: str, box: str
) -> None:
    """Σw·x of 10 weights and 10 inputs, each a box ("10 w", "10 x"): both boxes were
    said "inputs: one box of 10 values", the weights' too."""
    w = [Value(0.1 * i) for i in range(10)]
    x = [Value(float(i)) for i in range(10)]
    out = dot(w, x)
    out.backward()
    with picture_language(language):
        graph = draw_graph(out, collapse="inputs")
    texts = "".join(ET.fromstring(graph.svg().encode("utf-8")).itertext())
    assert "10 w" in texts and "10 x" in texts  # what the boxes show
    _, description = said(graph)
    assert box.format("w") in description and box.format("x") in description, description


def _box(page: str) -> tuple[str | None, str | None, str | None, str]:
    """(role, aria-label, tabindex, the role of the SVG inside) of a picture's HTML box."""
    import html as html_module
    import re

    div = re.match(r"<div([^>]*)>", page)
    assert div is not None, page[:200]
    attrs = {k: html_module.unescape(v) for k, v in re.findall(r'([\w-]+)="([^"]*)"', div[1])}
    svg = re.search(r"<svg\b[^>]*>", page)
    assert svg is not None
    inner = re.search(r'\srole="([^"]*)"', svg[0])
    return (
        attrs.get("role"),
        attrs.get("aria-label"),
        attrs.get("tabindex"),
        inner[1] if inner else "",
    )


@pytest.mark.parametrize(
    ("language", "fits", "wide"),
    [
        ("en", "Computation graph of loss", "Computation graph of loss, wider than the column"),
        ("zh", "loss 的计算图", "loss 的计算图，比页面的一栏还宽"),
    ],
)
def test_a_picture_s_box_in_a_notebook_is_a_region_named_in_its_language(
    language: str, fits: str, wide: str
) -> None:
    """Classic Jupyter's 775 px column scrolls a picture drawn for 1,000 px (839 px and
    up): its box, unnamed, was a Tab stop of Chromium said "group" or nothing; and a
    fitting picture was offered as image/svg+xml alone, which JupyterLab shows as an
    <img>, the SVG's name and description perhaps out of a screen reader's reach. Every
    picture is offered as HTML too (what JupyterLab, classic Jupyter and VS Code show
    first): the SVG inline, an image, in a region named by what it draws."""
    x = Value(2.0, label="x")
    loss = (x * 3).tanh()
    loss.label = "loss"
    loss.backward()
    with picture_language(language):
        small = draw_graph(loss)
        big = draw_graph(loss, column=100.0)  # the same picture, too wide for 100 px
    for graph, name, tab in ((small, fits, None), (big, wide, "0")):
        bundle = graph._repr_mimebundle_()
        assert set(bundle) == {"text/html", "image/svg+xml", "text/plain"}
        for page in (bundle["text/html"], graph._repr_html_(), graph.html()):
            role, label, tabindex, inner = _box(page)
            assert (role, tabindex, inner) == ("region", tab, "img")
            assert label is not None and label.startswith(name), label


def test_a_picture_asked_for_again_scans_its_rendering_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each svg() of a 900 KB SVG scanned it with four regular expressions (its font
    sizes, its links, its title, its drawing's group) and copied it five times: 7 ms a
    call. Now once a rendering; a call still says the picture's values as they are.
    Oracle: the SVG as the sizing and the labelling make it step by step."""
    from autograd_mini import render
    from autograd_mini.render import fit_svg

    x = Value(2.0, label="x")
    y = (x * 3).tanh()
    y.label = "y"
    y.backward()
    with picture_language("zh"):
        graph = draw_graph(y, title="标题")
    first = graph.svg()
    scans: list[str] = []
    for module, name in ((render, "svg_box"), (render, "heading_lines"), (render, "unlinked")):
        real = getattr(module, name)

        def counted(*args: object, _real: object = real, _name: str = name) -> object:
            scans.append(_name)
            return _real(*args)  # type: ignore[operator]

        monkeypatch.setattr(module, name, counted)
        monkeypatch.setattr(autograd_mini.spoken, name, counted, raising=False)
    assert [graph.svg() for _ in range(3)] == [first] * 3
    assert scans == [], scans
    monkeypatch.undo()
    assert first == autograd_mini.spoken.labelled(fit_svg(graph.natural_svg()), graph.scene)


def _g(x: float) -> str:
    """A number as the pictures write it here: four significant digits."""
    return f"{x:#.4g}"


@pytest.mark.parametrize("view", ["forward", "backward"])
def test_a_neuron_s_table_is_said_row_by_row(view: str) -> None:
    """A neuron drawn as a table said "dot = Σw·x(w1, w2, x1, x2, b)" and nothing of its
    rows: not a weight's number nor its ∂, which the table shows. Oracle: tanh's
    derivative and the products by hand."""
    import math

    w1, w2 = Value(0.5, label="w1"), Value(-1.5, label="w2")
    x1, x2 = Value(2.0, label="x1"), Value(1.0, label="x2")
    b = Value(0.1, label="b")
    out = dot([w1, w2], [x1, x2], b).tanh()
    out.backward()
    delta = 1 - math.tanh(0.5 * 2.0 - 1.5 * 1.0 + 0.1) ** 2  # ∂out/∂z
    _, description = said(draw_graph(out, view=view))
    if view == "forward":
        rows = [
            f"w1 {_g(0.5)} (∂ {_g(2.0 * delta)}) × x1 {_g(2.0)} (∂ {_g(0.5 * delta)}) = {_g(1.0)}",
            f"w2 {_g(-1.5)} (∂ {_g(delta)}) × x2 {_g(1.0)} (∂ {_g(-1.5 * delta)}) = {_g(-1.5)}",
            f"1 × b {_g(0.1)} (∂ {_g(delta)}) = {_g(0.1)}",
        ]
    else:  # each term's local derivative and what it sends, a pair's two on one row
        rows = [
            f"w1: × {_g(2.0)} = {_g(2.0 * delta)}, x1: × {_g(0.5)} = {_g(0.5 * delta)}",
            f"w2: × {_g(1.0)} = {_g(delta)}, x2: × {_g(-1.5)} = {_g(-1.5 * delta)}",
            f"b: × {_g(1.0)} = {_g(delta)}",
        ]
    assert f"Its rows: {'; '.join(rows)}." in description, description


@pytest.mark.parametrize(("language", "rows"), [("en", "Its rows: "), ("zh", "各行：")])
def test_a_first_layer_neuron_says_the_numbers_it_is_fed(language: str, rows: str) -> None:
    """A neuron fed a row of floats said its weights ("Σw·x(0.3000, -0.5000, 0.1000)")
    but not the numbers it multiplies them with, which its table shows. Oracle: the
    products and tanh's derivative by hand."""
    import math

    w = [Value(0.3), Value(-0.5)]
    out = dot(w, [1.5, 2.0], Value(0.1)).tanh()
    out.backward()
    delta = 1 - math.tanh(0.3 * 1.5 - 0.5 * 2.0 + 0.1) ** 2
    with picture_language(language):
        _, description = said(draw_graph(out))
    sep = "；" if language == "zh" else "; "
    expected = sep.join(
        [
            f"1.5 × w₁ {_g(0.3)} (∂ {_g(1.5 * delta)}) = {_g(0.45)}",
            f"2 × w₂ {_g(-0.5)} (∂ {_g(2.0 * delta)}) = {_g(-1.0)}",
        ]
    )
    assert rows + expected in description, description


@pytest.mark.parametrize("language", ["en", "zh"])
def test_two_boxes_alike_are_said_apart_as_the_backward_view_names_them(language: str) -> None:
    """a·b + a·b: the backward view's two boxes "mul#1=2.000", "mul#2=2.000" were said
    alike, "mul=2.000 = 1.000 × 2.000" twice, and the sum "add = mul=2.000 + mul=2.000".
    Oracle: the names the backward view's boxes show (numbered as computed, views.told).
    The forward view numbers neither of its two alike boxes: its description numbered
    them "mul#1", "mul#2" all the same, numbers a sighted reader finds nowhere in it."""
    a, b = Value(1.0), Value(2.0)
    first = a * b
    second = a * b
    total = first + second
    total.backward()
    with picture_language(language):
        backward = draw_graph(total, view="backward")
        forward = draw_graph(total)
    texts = ET.fromstring(backward.svg().encode("utf-8")).iter(f"{SVG}text")
    boxes = [t.text.strip("\u00a0 ") for t in texts if t.text and "#" in t.text]
    assert len(set(boxes)) == 2, boxes
    one, two = sorted(set(boxes))  # "…#1=2.000", "…#2=2.000": first, then second
    _, description = said(backward)
    assert f"{one} + {two}" in description, description
    assert description.count(f"{one} = ") == 1 and description.count(f"{two} = ") == 1
    drawn = [t.text for t in ET.fromstring(forward.svg().encode("utf-8")).iter(f"{SVG}text")]
    assert not any("#" in t for t in drawn if t), drawn
    _, description = said(forward)
    alike = one.replace("#1", "")  # "mul=2.000": as a step's caption names both
    assert "#" not in description and f"{alike} + {alike}" in description, description
    assert description.count(f"{alike} = ") == 2, description


def test_a_picture_s_size_policy_changed_after_it_was_shown_is_used() -> None:
    """svg() kept its first call's size: a picture shown once (fitted to the column) and
    then set to ``size="natural"`` came out fitted still, and the other way round. Oracle:
    the sizing and the labelling step by step, at each policy."""
    from autograd_mini.render import fit_svg

    x = Value(2.0, label="x")
    y = (x * 3).tanh()
    y.backward()
    graph = draw_graph(y, column=100.0)  # too wide for 100 px: fitting changes its size
    natural = autograd_mini.spoken.labelled(graph.natural_svg(), graph.scene)
    fitted = autograd_mini.spoken.labelled(fit_svg(graph.natural_svg(), 100.0), graph.scene)
    assert natural != fitted
    assert graph.svg() == fitted
    graph.size = "natural"
    assert graph.svg() == natural
    graph.size = "fit"
    assert graph.svg() == fitted


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_backward_view_s_rows_are_said_as_its_table_draws_them(language: str) -> None:
    """The backward view's table draws a row a pair (aₖ's cell beside wₖ's) and a row for
    b; the description said each cell as a row: a neuron of 8 inputs, 9 rows, was said
    as 6 "rows" (w₁ … w₆) and "12 more rows"; and a twin in a row lost the data its cell
    shows ("relu#2:" beside the cell "relu#2=0: …"). Oracle: the rows of the table as
    the picture draws them, read back from the SVG."""
    from autograd_mini.spoken import MAX_INPUTS

    x = Value(-1.0, label="x")
    twins = [(x * float(k)).relu() for k in (1, 2)]  # relu#1=0, relu#2=0: twins
    ws = [Value(0.1 * (k + 1)) for k in range(8)]
    inputs = [*twins, *(Value(0.5 * k) for k in range(6))]
    out = dot(ws, inputs, Value(0.2)).tanh()
    out.backward()
    with picture_language(language):
        graph = draw_graph(out, view="backward")
    svg = graph.svg()
    drawn: list[list[str]] = []
    for node in ET.fromstring(svg.encode("utf-8")).iter(f"{SVG}g"):
        texts = [t.text.strip("\u00a0") for t in node.iter(f"{SVG}text") if t.text is not None]
        if node.get("class") == "node" and any(": × " in t for t in texts):
            for t in texts[2:]:  # below the name and the gradient: rows split by a marker
                if t.strip():
                    drawn[-1].append(t)
                else:
                    drawn.append([])
    assert len(drawn) == 9 and all(len(row) == 2 for row in drawn[:8]), drawn
    assert any("#2=" in row[0] for row in drawn), drawn  # the twin's cell as drawn
    cells = "、" if language == "zh" else ", "
    rows = "；" if language == "zh" else "; "
    shown = rows.join(cells.join(row) for row in drawn[:MAX_INPUTS])
    more = f"另有 {9 - MAX_INPUTS} 行" if language == "zh" else f"{9 - MAX_INPUTS} more rows"
    _, description = said(graph)
    assert shown + rows + more in description, description


def test_one_more_value_or_row_is_said_as_one() -> None:
    """A description past its 40 values said "And 1 more values.", a table one row past
    its six "1 more rows". Oracle: the counts by hand (41 values; 6 pairs and b)."""
    chain = Value(0.5, label="c")
    for _ in range(40):
        chain = chain + 1.0
    _, description = said(draw_graph(chain))
    assert description.endswith("And 1 more value."), description[-80:]
    six = dot([Value(0.1 * k) for k in range(6)], [Value(0.5 * k) for k in range(6)], Value(0.2))
    _, description = said(draw_graph(six))
    assert "; 1 more row." in description, description


@pytest.mark.parametrize(("language", "lang"), [("en", "en"), ("zh", "zh-CN")])
def test_a_picture_s_box_is_named_in_the_language_it_says(language: str, lang: str) -> None:
    """A Chinese picture's box was named "y 的计算图" with no language of its own: in a
    notebook, whose page is English, a screen reader reads it with the English voice,
    while the SVG inside says lang="zh-CN". Oracle: the SVG's own lang attribute."""
    import re

    x = Value(2.0, label="x")
    y = (x * 3).tanh()
    y.label = "y"
    y.backward()
    with picture_language(language):
        small, big = draw_graph(y), draw_graph(y, column=100.0)
    for graph in (small, big):
        page = graph._repr_mimebundle_()["text/html"]
        div = re.match(r"<div[^>]*>", page)
        svg = re.search(r"<svg\b[^>]*>", page)
        assert div is not None and svg is not None
        assert f' lang="{lang}"' in svg[0]
        assert f' lang="{lang}"' in div[0], div[0]


def _assert_said_as_drawn(rows: list[str], graph: Graph) -> None:
    """Each row said is a run of ``graph``'s own texts, in the SVG's order."""
    drawn = [
        t.text.strip("\u00a0 ") for t in ET.fromstring(graph.svg().encode()).iter(f"{SVG}text")
    ]
    drawn = [t for t in drawn if t]
    for row in rows:
        tokens = re.findall(r"∂ \S+(?=\))|= \S+|[^\s()]+", row)
        runs = [drawn[i : i + len(tokens)] for i in range(len(drawn))]
        assert tokens in runs, (row, tokens, drawn)


def test_a_forward_row_is_said_in_the_order_it_is_drawn() -> None:
    """A hidden layer's row is drawn "relu 0.5974 × w₁ 0.6265 ∂ 0.5974 = 0.3743" (the
    value arriving along an edge first) and was said "w₁ 0.6265 (∂ 0.5974) × relu
    0.5974 = 0.3743". Oracle: each row said is a run of the picture's own texts, in
    the SVG's order (a row fed a plain number too, "1.5 × w₁ 0.3000 ∂ 1.500 = 0.4500")."""
    x1, x2 = Value(0.5, label="x1"), Value(-1.0, label="x2")
    w = [Value(c) for c in (0.2739, -0.4604, -0.9181, -0.9669)]
    h = [dot([w[0], w[1]], [x1, x2]).relu(), dot([w[2], w[3]], [x1, x2]).relu()]
    out = dot([Value(0.6265), Value(0.8255)], h)
    fed = dot([Value(0.3), Value(-0.5)], [1.5, 2.0])
    total = out + fed
    total.backward()
    graph = draw_graph(total)
    _, description = said(graph)
    rows = [
        r
        for part in description.split("Its rows: ")[1:]
        for r in part.split(". ")[0].rstrip(".").split("; ")
    ]
    assert len(rows) == 3 * 2 + 2, rows  # two pairs a neuron, no bias
    _assert_said_as_drawn(rows, graph)
    assert any(r.startswith("relu ") for r in rows) and any(r.startswith("1.5 × ") for r in rows)


def test_a_forward_step_frames_row_is_said_as_drawn() -> None:
    """Two hidden ReLUs alike (relu 0.5000) feeding one neuron: a forward step frame's
    rows were said "relu#1=0.5000 0.5000 × w1 …", a number and the data twice, where the
    row draws "relu 0.5000 × w1". Oracle: each row said is a run of the frame's own
    texts, in the SVG's order (as test_a_forward_row_is_said_in_the_order_it_is_drawn)."""
    x = Value(0.5, label="x")
    h = [(x * Value(1.0)).relu(), (x * Value(1.0)).relu()]
    out = dot([Value(0.3, label="w1"), Value(0.7, label="w2")], h)
    graph = draw_step(out, 0, view="forward")
    _, description = said(graph)
    rows = description.split("Its rows: ")[1].split(". ")[0].rstrip(".").split("; ")
    assert len(rows) == 2, rows
    _assert_said_as_drawn(rows, graph)


def test_two_labels_alike_are_said_with_the_data_the_forward_view_draws() -> None:
    """x·y + x with x and y both labelled "x" (2 and 3): the forward view's description
    said "add = mul=6.000 + x" and "mul=6.000 = x × x", naming neither; its step frames'
    captions say "x=2.000", and its boxes draw "x | data 2.000". Oracle: the names
    written by hand from the values, and the forward step frame's caption."""
    a, b = Value(2.0, label="x"), Value(3.0, label="x")
    out = a * b + a
    out.backward()
    _, description = said(draw_graph(out))
    assert "= mul=6.000 + x=2.000:" in description, description
    assert "mul=6.000 = x=2.000 × x=3.000:" in description, description
    assert "#" not in description
    caption, _ = said(draw_step(out, 1, view="forward"))
    assert "→ x=2.000:" in caption, caption  # the frame names it so too


@pytest.mark.parametrize("view", ["forward", "backward"])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_an_unlabelled_neuron_is_said_z_as_its_table_is_headed(language: str, view: str) -> None:
    """An unlabelled neuron's table is headed "z = Σₖ wₖ·aₖ + b" and a step frame's
    caption says "→ z", but its description said "dot=0.5000" ("点积=0.5000"), a name
    drawn nowhere. Oracle: z = 0.5·1 − 0.25·2 + 0.5 = 0.5 and tanh(0.5) by hand, the
    table's heading and the caption read from the frame."""
    import math

    z = dot([Value(0.5), Value(-0.25)], [1.0, 2.0], Value(0.5))
    out = z.tanh()
    with picture_language(language):
        frame = draw_step(out, 0, view=view)
        caption, description = said(frame)
        drawn = frame.svg()
    op = {"en": "dot", "zh": "点积"}[language]
    assert "→ z" in caption and f"→ {op}" not in caption, caption
    if view == "forward":
        assert "z = Σ" in drawn
    z_said = f"z={_g(0.5)}"
    assert f"tanh={_g(math.tanh(0.5))} = tanh({z_said})" in description, description
    assert f"{z_said} = Σw·x(" in description, description
    assert f"{op}=" not in description, description


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_folded_box_s_alike_inputs_are_said_as_the_values_are(language: str) -> None:
    """collapse='expr' folds tanh(a·b), a and b two leaves both labelled x: their
    description names them "x=2.000" and "x=0.5000" (as the forward view's step captions
    do), but the folded box's inputs were said "x, x"; both at 2, two alike boxes
    "x | data 2.000", "x, x" too. Now the box says them as the values are said, alike
    ones counted. Oracle: tanh(1) and tanh(4) by hand."""
    import math

    inputs = {"en": "x=2.000, x=0.5000", "zh": "x=2.000、x=0.5000"}[language]
    alike = {"en": "x=2.000 (2 values)", "zh": "x=2.000（2 个）"}[language]
    for b, listed, product in ((0.5, inputs, 1.0), (2.0, alike, 4.0)):
        out = (Value(2.0, label="x") * Value(b, label="x")).tanh()
        out.backward()
        with picture_language(language):
            _, description = said(draw_graph(out, collapse="expr"))
        head = {
            "en": f"tanh={_g(math.tanh(product))} = 2 operations of {listed} (1 mul, 1 tanh)",
            # no space between a count's closing （…） and 经: both are wide characters
            "zh": f"tanh={_g(math.tanh(product))} = 由 {listed} 经 2 个运算算出".replace(
                "） ", "）"
            ),
        }[language]
        assert description.startswith(head), description


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_folded_box_s_inputs_are_counted_as_many_as_are_drawn(language: str) -> None:
    """(0.5·1 − 0.25·2 + 0.5 − 1)² folded by collapse='expr' is fed three leaf boxes, two
    of them "data 0.5000" (w₁ and b). Once alike inputs were counted, a count before a
    list ("2 values 0.5000, -0.2500", a wording this change had on the way) was heard as
    two inputs where three are drawn. Each said input is a drawn name, followed by its
    count where it stands for several, and the counts add up to the boxes drawn. Oracle:
    the leaf boxes counted in the SVG, by their data; the value (0.5 − 1)² = 0.25 by
    hand."""
    z = dot([Value(0.5), Value(-0.25)], [1.0, 2.0], Value(0.5))
    out = (z - 1.0) ** 2
    out.backward()
    with picture_language(language):
        graph = draw_graph(out, collapse="expr")
        _, description = said(graph)
    drawn = re.findall(r">data (-?[0-9.]+)<", html.unescape(graph.svg()))
    assert drawn[0] == _g(0.25) and sorted(drawn[1:]) == sorted(["0.5000", "-0.2500", "0.5000"])
    fed = {"en": r" = 3 operations of (.*) \(1 dot", "zh": r" = 由 (.*?) ?经 3 个运算算出"}[
        language
    ]
    listed = re.search(fed, description)
    assert listed, description
    counted = {"en": r"(\S+) \((\d+) values\)", "zh": r"(\S+)（(\d+) 个）"}[language]
    said_inputs: list[str] = []
    for item in listed.group(1).split({"en": ", ", "zh": "、"}[language]):
        alike = re.fullmatch(counted, item)
        name, n = (alike.group(1), int(alike.group(2))) if alike else (item, 1)
        said_inputs += [name] * n
    assert sorted(said_inputs) == sorted(drawn[1:]), (said_inputs, description)
