"""Step pictures read as their captions say: the names, the notes' width, the titles'
place, the spoken text (the pictures' review of the last session's leftovers)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from readme_neuron import readme_neuron
from test_draw_review import HELVETICA

import autograd_mini.steps as steps_module
import nn
from autograd_mini import (
    Value,
    draw_graph,
    draw_step,
    picture_language,
    step_player,
    write_frames,
)
from autograd_mini.draw import ACTIVE
from autograd_mini.render import px_size, svg_box
from autograd_mini.steps import backward_steps
from autograd_mini.words import Words


def _texts(svg: str) -> list[str]:
    return [
        html.unescape(re.sub("<[^>]+>", "", t))
        for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)
    ]


_STEP = re.compile(r"^step \d+: (.+?) → (.+?): local ")


def _shown(name: str, texts: list[str]) -> bool:
    """Whether the picture writes ``name``: as a box's name, or as a table row's
    ("w₁=0.6265: × 0.4045 = …")."""
    return any(t == name or t.startswith(name + ": ×") for t in texts)


def test_a_backward_step_picture_shows_each_value_as_its_caption_names_it() -> None:
    """The README neuron's step 4 said "add=-6.000 → mul=-6.000" to tell the two
    unlabelled products apart, but the backward view's box read "mul | grad 0.5000":
    the caption named the box by a number the picture did not show. A box whose name
    the graph gives two values now shows the value's data after it, as the caption
    does; a table's row is named by its place in its own table (w₁, b), which says
    which value it is. Oracle: x1·w1 = 2 × −3 = −6, x2·w2 = 0 × 1 = 0, their sum −6,
    and b − 6 = 0.8814 (b = 6.8814), by hand; a 2-2-1 network's output as computed."""
    o = readme_neuron()
    texts = _texts(draw_step(o, 3).svg())
    assert texts[0].startswith("step 4: add=-6.000 → mul=-6.000: ")
    for name in ("mul=-6.000", "mul=0", "add=-6.000", "add=0.8814"):
        assert texts.count(name) == 1, name
    assert "mul" not in texts and "add" not in texts
    assert {"o", "x1", "x2", "w1", "w2", "b"} <= set(texts)  # names no other value has
    model = nn.MLP(2, [2, 1], seed=0)
    out = model([Value(0.3, label="x1"), Value(-0.7, label="x2")])
    n = len(list(backward_steps(out)))
    for i in range(n):
        texts = _texts(draw_step(out, i).svg())
        match = _STEP.match(texts[0])
        assert match is not None, texts[0]
        for name in match.groups():
            assert _shown(name, texts[1:]), (i, name, texts)
    # the output neuron's first weight: every neuron has a w₁, and its table's row says
    # which (the caption names the table's z first); no data after the row's name
    texts = _texts(draw_step(out, 0).svg())
    assert texts[0].startswith(f"step 1: z={out.data:.4f} → w₁: ")
    assert _shown("w₁", texts) and not any(t.startswith("w₁=") for t in texts)
    player = step_player(out)  # the spoken text names the row with its table
    said = re.findall(r'role="img" aria-label="([^"]*)"', player.html())
    assert f"the red row w₁ in the table of z={out.data:.4f}:" in html.unescape(said[1])


def _widths(svg: str) -> list[tuple[str, float]]:
    """Each text of a Graphviz SVG and its width in the SVG's units, from Helvetica's
    advance widths (test_draw_review's table: the face the pictures are laid out in)."""
    out = []
    for attrs, inner in re.findall(r"<text([^>]*)>(.*?)</text>", svg, re.S):
        text = html.unescape(re.sub("<[^>]+>", "", inner))
        size = re.search(r'font-size="([0-9.]+)"', attrs)
        assert size is not None
        out.append((text, sum(HELVETICA.get(c, 600) for c in text) * float(size[1]) / 1000))
    return out


NOTE = (
    "1 value no step reached has gradient 0: a zero gradient passes nothing on "
    "(skip_zero=False steps through it)"
)


def _off_relu() -> tuple[Value, int]:
    """a + relu(a·b) at a = 0.5, b = −2: a·b = −1 < 0, the ReLU passes nothing, so b
    is reached by no step (∂/∂b = a·0 = 0 by hand). Returns the root and its last step."""
    a, b = Value(0.5, label="a"), Value(-2.0, label="b")
    root = (a * b).relu() + a
    return root, len(list(backward_steps(root))) - 1


def test_the_last_steps_note_never_makes_a_picture_wider(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The last step's note ("1 value no step reached has gradient 0: …", 110
    characters on one line) made a narrow picture wider: at column=400 the picture of
    a + relu(a·b) was 416 px without it and 642 px with it. The note is now wrapped to
    the title's width and the column. Oracle: the picture's width with the note
    removed, and every line's width by Helvetica's metrics."""
    root, last = _off_relu()
    for column in (400, 736, 1000):
        svg = draw_step(root, last, column=column).svg()
        (title, title_width), *rest = _widths(svg)
        assert title.startswith("step 3: relu → mul: ")
        lines = []
        while " ".join(t for t, _ in lines) != NOTE:
            lines.append(rest.pop(0))
            assert NOTE.startswith(" ".join(t for t, _ in lines)), lines
        for text, width in lines:
            assert width <= title_width + 1 and width <= column / (4 / 3) + 1, text
        with monkeypatch.context() as m:
            m.setattr(steps_module, "zero_note", lambda n, words: "")
            bare = draw_step(root, last, column=column).svg()
        assert "no step reached" not in bare
        assert px_size(svg)[0] <= px_size(bare)[0], column
        assert svg_box(svg).width <= svg_box(bare).width, column
    with picture_language("zh"):  # the Chinese note breaks at its punctuation
        zh = [t.strip("\u00a0") for t in _texts(draw_step(root, last, column=400).svg())]
    said = Words("zh").count("zero_grads", 1).replace(" ", "")  # the phrase as written
    k = next(i for i in range(2, 8) if "".join(zh[1:i]).replace(" ", "") == said)
    assert k > 2 and zh[1].endswith(("\uff0c", "\uff1a")), zh[1:k]  # a comma or colon


def _title_x(svg: str) -> tuple[float, float, float]:
    """The title's centre x, its width by Helvetica's metrics, and the page's width
    (viewBox), in the SVG's units. The title is the SVG's first text; a frame of a
    sequence at the left edge writes it from its start (text-anchor="start")."""
    text = re.search(
        r'<text[^>]*text-anchor="(middle|start)" x="([-0-9.]+)"[^>]*>([^<]*)</text>', svg
    )
    box = re.search(r'viewBox="0.00 0.00 ([0-9.]+) ', svg)
    assert text is not None and box is not None
    width = sum(HELVETICA.get(c, 600) for c in html.unescape(text[3])) * 14 / 1000
    return float(text[2]) + (width / 2 if text[1] == "start" else 0), width, float(box[1])


def test_a_titled_picture_is_laid_out_once_and_its_title_placed_by_its_width(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A titled picture was laid out centred, and laid out again with its title at the
    left edge when it came out wider than its column (about 1.7× the time). It is now
    laid out once, title at the left, and the title centred in the SVG when the picture
    fits. Oracle: the renderer's calls, counted; the title's place by geometry (its left
    end at the page's margin, or its centre at the page's), and Graphviz's own SVG of
    the picture's DOT."""
    import autograd_mini.render as render_module

    calls: list[str] = []
    real = render_module.render

    def counted(source: str, fmt: str, *args: Any, **kwargs: Any) -> bytes:
        calls.append(fmt)
        return real(source, fmt, *args, **kwargs)

    monkeypatch.setattr(render_module, "render", counted)
    model = nn.MLP(2, [4, 4, 1], seed=0)
    out = model([Value(0.3, label="x1"), Value(-0.7, label="x2")])
    wide = draw_graph(out, title="a network", rankdir="LR", column=500)
    svg = wide.svg()
    assert calls == ["svg"]
    assert px_size(svg)[0] > 500  # wider than its column: it scrolls from the left
    x, width, page = _title_x(svg)
    # x is drawn translated 4 pt right of the page's edge: the title starts 4 pt after it
    assert abs(x - width / 2 - 8) < 1
    calls.clear()
    o = readme_neuron()
    narrow = draw_graph(o, title="the neuron", rankdir="LR", column=2000)
    svg = narrow.svg()
    assert calls == ["svg"]
    x, width, page = _title_x(svg)
    assert abs(x + 4 - page / 2) < 1  # centred on the page (x drawn 4 pt in)
    for picture in (wide, narrow):  # as Graphviz draws the DOT the picture gives
        drawn = real(picture.source, "svg").decode()
        assert abs(_title_x(drawn)[0] - _title_x(picture.natural_svg())[0]) <= 0.011
        assert ("labeljust" in picture.source) is (picture is wide)


def test_a_frame_sequence_places_every_title_alike(tmp_path: Path) -> None:
    """write_frames decided each frame's title alone: at column=600 the README neuron's
    frames whose captions are longest (steps 2 and 4, 707 pt) were too wide to fit and
    had their titles at the left edge, the other eight were centred, and every frame
    is shown at the same width (the widest's), so the title jumped as a student stepped
    through. Now the sequence decides once, from the frames' common width. Oracle: the
    title's place by geometry, and every frame's width read off its SVG."""
    o = readme_neuron()
    paths = write_frames(o, tmp_path, column=600, rankdir="TB")
    svgs = [p.read_text() for p in paths]
    assert len({px_size(s) for s in svgs}) == 1 and px_size(svgs[0])[0] > 600
    places = [_place(s) for s in svgs]
    assert set(places) <= {"left", "either"} and "left" in places, places
    paths = write_frames(o, tmp_path, column=1000, rankdir="TB")  # all fit: all centred
    places = [_place(p.read_text()) for p in paths]
    assert set(places) <= {"centred", "either"} and "centred" in places, places


def _place(svg: str) -> str:
    """Where a frame's title stands: "centred" on the frame's own drawing (its page's
    background polygon, which write_frames leaves as drawn inside the common viewBox),
    "left" when it starts at the margin (its width by Helvetica's metrics, to 5 %),
    "either" when both."""
    x, width, _ = _title_x(svg)
    polygon = re.search(r'<polygon fill="white" stroke="none" points="([^"]*)"', svg)
    assert polygon is not None
    xs = [float(p.split(",")[0]) for p in polygon[1].split()]
    centred = abs(x - (min(xs) + max(xs)) / 2) < 1
    left = abs(x - width / 2 - 8) < 0.05 * width
    # a title as wide as the drawing is both: nothing to tell apart
    return {(True, True): "either", (True, False): "centred", (False, True): "left"}.get(
        (centred, left), f"at {x}"
    )


def _said(page: str) -> list[str]:
    """What a screen reader is told of each frame: its aria-label (the live region says
    the shown frame's, see the player's script)."""
    assert 'live.textContent = frames[i].getAttribute("aria-label")' in page
    return [html.unescape(t) for t in re.findall(r'role="img" aria-label="([^"]*)"', page)]


def test_captions_set_by_hand_are_what_a_screen_reader_hears() -> None:
    """Notebook 05 sets player.captions by hand, to 4 significant digits ("local
    0.3775"), while the player's spoken text kept its own sentences in the picture's
    format: a student listening heard other numbers than the caption a student looking
    read. Captions set by hand are now the spoken text too. Oracle: the captions written
    here, each number by Python's format, and the frames' aria-labels read off the HTML."""
    root = readme_neuron()
    steps = list(backward_steps(root))
    player = step_player(root)
    mine = ["before backward: the gradient of o is the seed 1"] + [
        f"step {s.index + 1}: local {s.local_grad:.4g} × upstream {s.upstream:.4g} = "
        f"{s.contribution:.4g}"
        for s in steps
    ]
    player.captions = mine
    page = player.html()
    assert _said(page) == mine
    shown = re.search(r'class="agm-captions">([^<]*)<', page)
    assert shown is not None and json.loads(shown[1]) == mine  # the captions shown
    player.descriptions = [c + "." for c in mine]  # set after them: said as set
    assert _said(player.html()) == [c + "." for c in mine]
    with pytest.raises(ValueError, match=r"^step_player: one caption per frame"):
        player.captions = mine[:-1]


def _drawing(svg: str) -> dict[str, object]:
    """Where a frame draws its boxes and arrows, read off the SVG as XML: the graph's
    transform, and each node's shapes' coordinates (polygons' points, paths' d,
    ellipses' centres), by the node's id; the texts are left out (a frame's numbers
    change, their places do not), and the edges (the step's own is drawn thicker, its
    arrowhead set back by its pen)."""
    import xml.etree.ElementTree as ET

    ns = "{http://www.w3.org/2000/svg}"
    root = ET.fromstring(svg.split("?>", 1)[-1].split("-->", 1)[-1].lstrip())
    graph = root.find(f"{ns}g")
    assert graph is not None
    out: dict[str, object] = {"transform": graph.get("transform")}
    for g in graph.iter(f"{ns}g"):
        if g.get("class") != "node":
            continue
        shapes = [
            (
                el.tag.removeprefix(ns),
                el.get("points") or el.get("d") or (el.get("cx"), el.get("cy"), el.get("rx")),
            )
            for el in g.iter()
            if el.tag.removeprefix(ns) in ("polygon", "path", "ellipse", "polyline")
        ]
        out[str(g.get("id"))] = shapes
    return out


@pytest.mark.parametrize("case", ["short", "neuron_left", "neuron_centred", "note"])
def test_write_frames_keeps_the_drawing_still_from_frame_to_frame(
    tmp_path: Path, case: str
) -> None:
    """A caption wider than its drawing widened that frame, and Graphviz centres a
    drawing under a wider title: L = a·b's boxes stood 58 pt further right in step 1
    than before backward, and a student flipping the frames saw them jump; the last
    frame's note (values no step reached) moved its drawing down a line. Every frame is
    now laid out with the widest caption and room for the note. Oracle: each node's
    shapes' coordinates and the graph's transform, read off each frame's SVG as XML,
    equal in every frame; the frames differ at all (numbers, colours)."""
    if case == "short":
        a, b = Value(2.0, label="a"), Value(-3.0, label="b")
        root, options = a * b, {}
    elif case == "note":
        root, _ = _off_relu()
        options = {}
    else:
        root = readme_neuron()
        column = 600 if case == "neuron_left" else 1000
        options = {"column": column, "rankdir": "TB"}
    paths = write_frames(root, tmp_path, **options)
    svgs = [p.read_text(encoding="utf-8") for p in paths]
    drawings = [_drawing(s) for s in svgs]
    assert len(drawings[0]) > 3  # the transform and some nodes
    for i, drawing in enumerate(drawings):
        assert drawing == drawings[0], f"frame {i} moved"
    assert len(set(svgs)) == len(svgs)
    if case == "note":
        assert "no step reached" in "".join(_texts(svgs[-1]))
        assert "no step reached" not in "".join(_texts(svgs[0]))


def test_two_values_of_one_name_and_one_number_are_told_apart() -> None:
    """a·b + c·d at 2·3 and 1.5·4: both products are "mul" and both 6, and every caption,
    spoken text and box called both "mul=6.000": "mul=6.000 → c" and "mul=6.000 → a"
    named one box for two. Each now carries its number among them, counted as computed
    (a·b first), in the captions, the spoken text and the boxes alike. Oracle: the
    steps into a and b leave one product, those into c and d the other (the graph as
    built by hand); each name is one box's in the picture."""
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    c, d = Value(1.5, label="c"), Value(4.0, label="d")
    total = a * b + c * d
    total.label = "L"
    player = step_player(total)
    into: dict[str, str] = {}
    for text in player.captions[1:]:
        found = _STEP.match(text)
        assert found is not None, text
        into[found[2]] = found[1]
    ab, cd = into["a"], into["c"]
    assert ab == into["b"] and cd == into["d"] and ab != cd, into
    assert (ab, cd) == ("mul#1=6.000", "mul#2=6.000")
    assert {into[ab], into[cd]} == {"L"}
    said = _said(player.html())
    assert any(f"from L to {ab}:" in s for s in said) and any(f"from L to {cd}:" in s for s in said)
    texts = _texts(draw_step(total, len(player) - 2).svg())
    assert texts.count(ab) == 1 and texts.count(cd) == 1, texts
    assert "mul=6.000" not in texts


_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e[+-]\d+)?(?![\w.])")


def _styles(texts: list[str]) -> set[str]:
    """How the numbers of ``texts`` are written: "scientific" (2.000e+00) or
    "positional" (2.000); exact 0, 1 and -1 are written alike in both, and the step
    counts ("step 3", "Step 1 of 6", "6 steps to come") are no numbers of the pass."""
    found = set()
    for text in texts:
        text = re.sub(r"(?i)step \d+( of \d+)?|\d+ steps", "", text)
        for number in _NUMBER.findall(text):
            if number not in ("0", "1", "-1"):
                found.add("scientific" if "e" in number else "positional")
    return found


@pytest.mark.parametrize("view", ["backward", "forward"])
def test_a_step_caption_writes_its_numbers_as_its_picture_does(view: str) -> None:
    """y = (x + w) + (x + 1) at x = 2, w = 3e-05: every step's numbers are 1 or 2, so
    the captions chose positional ("add=2.000", "grad of x is now 2.000") while the
    pictures, which show w's 3e-05, were scientific ("data 2.000e+00"). Captions and
    pictures now share one format, chosen from all their numbers. Oracle: how each
    number is written, read off the captions, the spoken text and each frame's SVG."""
    x, w = Value(2.0, label="x"), Value(3e-5, label="w")
    y = (x + w) + (x + 1.0)
    y.label = "y"
    player = step_player(y, view=view)
    frames_texts = [_texts(svg) for svg in player.svgs]
    assert any("3.000e-05" in t for t in frames_texts[0]) or view == "backward"
    styles = _styles(player.captions) | _styles(player.descriptions)
    for texts in frames_texts:
        styles |= _styles(texts)
    for i in range(-1, len(player) - 1):
        styles |= _styles(_texts(draw_step(y, i, view=view).svg()))
    assert len(styles) == 1, styles


def test_a_forward_step_frame_counts_its_table_rows_as_draw_graph_does() -> None:
    """z = w·x + b with weights and inputs near 1e-3: its rows' products, 3e-06 and 8e-06,
    are below 1e-4, so draw_graph's forward picture is scientific ("= 3.000e-06"); the
    forward step frames chose their format without the rows and read "= 0.000003000",
    "data 0.1000". Oracle: the numbers as written, read off each frame's source."""
    from autograd_mini import dot

    def neuron() -> Value:
        w = [Value(1e-3, label="w1"), Value(2e-3, label="w2")]
        return dot(w, [Value(3e-3, label="x1"), Value(4e-3, label="x2")], Value(0.1, label="b"))

    z = neuron()
    z.backward()
    rows = re.compile(r"<TD>= ([^<]*)</TD>")
    assert rows.findall(draw_graph(z).source) == ["3.000e-06", "8.000e-06", "1.000e-01"]
    z = neuron()
    for i in range(-1, len(list(backward_steps(z)))):
        frame = draw_step(z, i, view="forward").source
        assert rows.findall(frame) == ["3.000e-06", "8.000e-06", "1.000e-01"], i
        assert "data 1.000e-01" in frame


@pytest.mark.parametrize(("activation", "seed"), [("tanh", 1), ("relu", 0)])
def test_a_2_3_1_step_fits_a_notebook_column_at_readable_text(activation: str, seed: int) -> None:
    """Every neuron of 2-3-1 has a w₁, a w₂ and a b, so the step pictures followed each
    table row's name by the weight's data ("w₁=0.6265: × 0.3000 = ?", "b=0: × 1.000 =
    ?"): the tables widened until the tanh network's step was 1,111 px at the smallest
    readable text, scrolling in a 1,000 px column, and the ReLU one's 1,001 px. A row
    is named by its place in its own table, which says which value it is; the caption
    names it so too, after the table's node ("z=0.4045 → b"). Oracle: the picture's
    width and smallest text in px, read off its SVG; the rows' names as drawn."""
    model = nn.MLP(2, [3, 1], activation=activation, seed=seed)
    out = model([Value(0.3, label="x1"), Value(-0.7, label="x2")])
    steps = list(backward_steps(out))
    for i in (0, 5, len(steps) - 1):
        picture = draw_step(out, i)
        svg = picture.svg()
        width, _ = px_size(svg)
        box = svg_box(svg)
        assert width <= 1000, (i, width)
        assert box.min_font * width / box.width >= 11, i
        texts = _texts(svg)
        rows = [t.split(":")[0] for t in texts if ": × " in t]
        assert {"w₁", "w₂", "b"} <= set(rows) and not any(r[0] in "wb" and "=" in r for r in rows)
    last = _STEP.match(_texts(draw_step(out, len(steps) - 1).svg())[0])
    assert last is not None and last[2] == "b" and last[1].startswith("z="), last


@pytest.mark.parametrize(
    ("language", "row_of", "after"),
    [
        (
            "en",
            r"the red row ([wab][₀-₉]*) in the table of z=[-\d.e+]+",
            r"The gradient of ([wab][₀-₉]*) is now",
        ),
        (
            "zh",
            r"z=[-\d.e+]+ 表格里红色的 ([wab][₀-₉]*) 这一行",
            r"。([wab][₀-₉]*) 的梯度现在是",
        ),
    ],
)
def test_a_row_is_said_with_its_table_once_a_frame(language: str, row_of: str, after: str) -> None:
    """The spoken text names a row of a neuron's table with its table ("the red row w₁
    in the table of z=0.08953") where it names the red row, and by its row alone after that: said
    each time, a 2-3-1 frame named "w₁ of z=…" four times (19 % more words in English,
    29 % more characters in Chinese). The table is said once too: "the red edge from
    z=0.06439 to w₁ of z=0.06439: z=0.06439 uses w₁" named it three times in one
    sentence. Oracle: the frames' aria-labels read off the HTML, the phrases matched by
    the test's own patterns, the neurons' names z=… counted."""
    model = nn.MLP(2, [3, 1], seed=0)
    out = model([Value(0.5), Value(-0.5)])
    with picture_language(language):
        page = step_player(out).html()
    said = [html.unescape(t) for t in re.findall(r'role="img" aria-label="([^"]*)"', page)]
    rows = 0
    for text in said[1:]:
        # no frame names the value the red edge comes from three times (an edge between
        # two values names it twice: "from z=… to relu=…: z=… uses relu=…")
        node = re.search(r"(?:from|从) (\S+) (?:to|到)|table of (\S+):|(\S+) 表格里", text)
        assert node is not None, text
        name = next(g for g in node.groups() if g)
        assert text.count(name) <= 2, text
        named = re.findall(row_of, text)
        assert len(named) <= 1, text
        if named:
            rows += 1
            again = re.search(after, text)
            assert again is not None and named[0] == again[1], text
            assert len(re.findall(r"z=[-\d.e+]+", text)) == 1, text
    assert rows >= 8  # the steps into 2-3-1's weights and biases (4 neurons' rows)


@pytest.mark.parametrize(("language", "edge"), [("en", "edge"), ("zh", "边")])
def test_a_row_without_an_edge_is_not_said_to_have_one(language: str, edge: str) -> None:
    """A weight's or the bias's row in a neuron's table has no edge: its frame reddens the
    row's cell alone, while a screen reader heard "the red edge from z=… to its row w₁"
    (红色的边…). The spoken text says an edge only where the frame draws a red one.
    Oracle: the frames' DOT, the red (ACTIVE) edges counted line by line."""
    model = nn.MLP(2, [3, 1], seed=0)
    out = model([Value(0.5), Value(-0.5)])
    with picture_language(language):
        player = step_player(out)
    frames = [draw_step(out, i).source for i in range(len(player) - 1)]
    rows = 0
    for said, dot in zip(player.descriptions[1:], frames, strict=True):
        red_edge = any("->" in line and ACTIVE in line for line in dot.splitlines())
        if not red_edge:  # (a₁'s row, also an edge out to the input, may say either)
            assert edge not in said, said
            rows += 1
    assert rows >= 6  # w₁, w₂, w₃ and b of the output neuron, the hidden ones' w and b
