"""The pictures in a real browser (headless Chromium, see ``page`` in browser.py).

What people see: the step player moves with its buttons and the arrow keys, its one
caption changes and shows < and & as written, its height holds still from frame to
frame, and two players on one page leave each other alone; a rendered graph fits a
1,000 px notebook column with no text below 11 px.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import pytest

from autograd_mini import Value, draw_graph, step_player
from autograd_mini.draw import ACTIVE, ACTIVE_INK
from autograd_mini.render import COLUMN_PX, MIN_TEXT_PX

B = 6.8813735870195432

#: A page shaped like a notebook: a 1,000 px column in a 1,200 px window.
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"></head>
<body style="margin:0;font-family:sans-serif">
<div id="column" style="width:{column}px;margin:20px">{body}</div></body></html>"""


def fan_out_player_root() -> Value:
    a = Value(0.5, label="a<b & c")  # HTML-special characters in a label
    c = (a * 3 + a * a).tanh()
    c.label = "C"
    return c


def chain_root() -> Value:
    x = Value(1.5, label="x")
    y = (x * 2 + 1).sigmoid()
    y.label = "y"
    return y


def write_page(path: Path, body: str) -> str:
    path.write_text(PAGE.format(column=COLUMN_PX, body=body), encoding="utf-8")
    return path.as_uri()


def state(page: Any, index: int) -> dict[str, Any]:
    """The visible frame, caption and height of the ``index``-th player on the page."""
    result: dict[str, Any] = page.evaluate(
        """(i) => {
        const root = document.querySelectorAll('.agm-player')[i];
        const frames = [...root.querySelectorAll('.agm-frame')];
        const shown = frames.map((f, k) => [f, k]).filter(([f]) => f.offsetParent !== null);
        return {
            shown: shown.map(([f, k]) => k),
            caption: root.querySelector('.agm-caption').textContent,
            height: root.getBoundingClientRect().height,
            slider: root.querySelector('input[type=range]').value,
            id: root.id,
        };
    }""",
        index,
    )
    return result


def test_step_player_buttons_keys_caption_height_and_two_players(page: Any, tmp_path: Path) -> None:
    first = step_player(fan_out_player_root())
    second = step_player(chain_root())
    url = write_page(tmp_path / "players.html", first.html() + "<hr>" + second.html())
    page.goto(url)
    page.screenshot(path=str(tmp_path / "players.png"), full_page=True)

    one, two = state(page, 0), state(page, 1)
    assert one["id"] != two["id"]
    assert one["shown"] == [0] and two["shown"] == [0]
    assert one["caption"].startswith("before backward")
    two_before = two["caption"]

    players = page.locator(".agm-player")
    next_button = players.nth(0).locator('button[data-d="1"]')
    prev_button = players.nth(0).locator('button[data-d="-1"]')
    heights = {one["height"]}
    captions = [one["caption"]]
    for k in range(1, len(first)):
        next_button.click()
        now = state(page, 0)
        assert now["shown"] == [k] and now["slider"] == str(k)
        assert now["caption"] != captions[-1]  # the caption follows the frame
        captions.append(now["caption"])
        heights.add(now["height"])
    assert len(heights) == 1, heights  # the player holds still: no jump between frames
    next_button.click()  # past the end: stays on the last frame
    assert state(page, 0)["shown"] == [len(first) - 1]
    # the label's < and & are shown as written, not as &lt; / &amp;
    shown = " ".join(captions)
    assert "a<b & c" in shown and "&lt;" not in shown and "&amp;" not in shown

    prev_button.click()
    assert state(page, 0)["shown"] == [len(first) - 2]
    # keyboard: focus the player, then ← → Home End
    players.nth(0).focus()
    page.keyboard.press("Home")
    assert state(page, 0)["shown"] == [0]
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert state(page, 0)["shown"] == [2]
    page.keyboard.press("ArrowLeft")
    assert state(page, 0)["shown"] == [1]
    page.keyboard.press("End")
    assert state(page, 0)["shown"] == [len(first) - 1]
    page.screenshot(path=str(tmp_path / "players-end.png"), full_page=True)

    # the frames obey the size policy too: within the column, no text below 11 px
    sizes = text_sizes(page, ".agm-player .agm-frame:not([style*='none']) svg")
    assert sizes["width"] <= COLUMN_PX + 0.5
    assert sizes["minText"] >= MIN_TEXT_PX - 0.05

    # the second player did not move and its caption is its own
    after = state(page, 1)
    assert after["shown"] == [0] and after["caption"] == two_before
    players.nth(1).locator('button[data-d="1"]').click()
    assert state(page, 1)["shown"] == [1] and state(page, 0)["shown"] == [len(first) - 1]


#: What a screen reader is told of chain_root()'s player, y = σ(2x + 1) at x = 1.5: three
#: steps, the last leaving ∂y/∂x = 2σ′(4), σ′(4) = σ(4)(1 − σ(4)) worked out by hand.
SIGMA4 = 1.0 / (1.0 + math.exp(-4.0))
SPOKEN = {
    "en": (
        "Before the backward pass, 3 steps to come",
        "Step {n} of 3, the red edge from",
        f"The gradient of x is now {2 * SIGMA4 * (1 - SIGMA4):#.4g}.",
        ("previous step", "next step"),
    ),
    "zh": (
        "反向传播之前，后面共 3 步",
        "第 {n} 步（共 3 步），红色的边从",
        f"x 的梯度现在是 {2 * SIGMA4 * (1 - SIGMA4):#.4g}。",
        ("上一步", "下一步"),
    ),
}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_screen_reader_hears_each_step_as_the_player_moves(
    page: Any, tmp_path: Path, language: str
) -> None:
    """The frames were unnamed inline SVG: stepping through, a screen reader said
    nothing. The frame shown is an image named by what its step does, and the live
    region says that sentence each time the player moves (silent when the page opens)."""
    from autograd_mini import picture_language

    with picture_language(language):
        player = step_player(chain_root())
    page.goto(write_page(tmp_path / "player.html", player.html()))
    before, step, last, (back, forth) = SPOKEN[language]
    live = page.locator(".agm-live")
    assert live.get_attribute("aria-live") == "polite"
    assert live.text_content() == ""  # nothing said before the student moves

    def shown() -> str:
        """The accessible name of the one image a screen reader finds in the player."""
        images = page.locator(".agm-frame").filter(visible=True)
        assert images.count() == 1
        name = images.first.get_attribute("aria-label")
        assert images.first.get_attribute("role") == "img" and name
        assert page.get_by_role("img", name=name, exact=True).count() == 1
        return str(name)

    assert shown().startswith(before)
    page.get_by_role("button", name=forth).click()
    assert live.text_content() == shown() and shown().startswith(step.format(n=1))
    page.locator(".agm-player").focus()
    page.keyboard.press("End")
    said = live.text_content()
    assert said == shown() and said.startswith(step.format(n=3)) and said.endswith(last)
    page.get_by_role("button", name=back).click()
    assert live.text_content() == shown() and shown().startswith(step.format(n=2))
    page.keyboard.press("Home")
    assert live.text_content() == shown() and shown().startswith(before)


def text_sizes(page: Any, selector: str) -> dict[str, float]:
    """Width of the SVG and the smallest text height as drawn (CSS px, after scaling)."""
    result: dict[str, float] = page.evaluate(
        """(sel) => {
        const svg = document.querySelector(sel);
        const texts = [...svg.querySelectorAll('text')];
        const sizes = texts.map(t => parseFloat(t.getAttribute('font-size') || '14')
                                     * t.getScreenCTM().a);
        return {width: svg.getBoundingClientRect().width, minText: Math.min(...sizes),
                boxWidth: svg.parentElement.getBoundingClientRect().width};
    }""",
        selector,
    )
    return result


@pytest.mark.parametrize("view", ["forward", "backward"])
def test_a_graph_fits_the_column_at_readable_text(page: Any, tmp_path: Path, view: str) -> None:
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    out = (x1 * w1 + x2 * w2 + Value(B, label="b")).tanh()
    out.label = "o"
    out.backward()
    graph = draw_graph(out, view=view)
    page.goto(write_page(tmp_path / "graph.html", graph.html()))
    page.screenshot(path=str(tmp_path / f"graph-{view}.png"), full_page=True)
    sizes = text_sizes(page, "#column svg")
    assert sizes["width"] <= COLUMN_PX + 0.5
    assert sizes["minText"] >= MIN_TEXT_PX - 0.05


def test_a_graph_too_wide_to_fit_scrolls_instead_of_shrinking(page: Any, tmp_path: Path) -> None:
    xs = [Value(0.1 * i, label=f"input number {i}") for i in range(14)]
    total = xs[0]
    for x in xs[1:]:
        total = (total + x).tanh()  # a long chain: far wider than a column left to right
    graph = draw_graph(total, rankdir="LR")
    page.goto(write_page(tmp_path / "wide.html", graph.html()))
    sizes = text_sizes(page, "#column svg")
    assert sizes["width"] > COLUMN_PX  # kept readable …
    assert sizes["minText"] >= MIN_TEXT_PX - 0.05
    assert sizes["boxWidth"] <= COLUMN_PX + 0.5  # … inside a box the width of the column
    scrolls = page.evaluate(
        "() => { const b = document.querySelector('#column svg').parentElement;"
        " return b.scrollWidth > b.clientWidth && getComputedStyle(b).overflowX === 'auto'; }"
    )
    assert scrolls


def test_a_player_wider_than_its_column_scrolls_to_its_far_end(page: Any, tmp_path: Path) -> None:
    """A website's 736 px column holds a 1,000 px frame: the frames scroll sideways, so
    the output node at the far end can be reached (with overflow hidden it was cut off);
    the counter says the step the caption describes; the caption is in the page's font."""
    player = step_player(chain_root())
    path = tmp_path / "narrow.html"
    page_html = PAGE.format(column=736, body=player.html()).replace(
        "font-family:sans-serif", "font-family:Georgia,serif"
    )
    path.write_text(page_html, encoding="utf-8")
    page.goto(path.as_uri())
    box = page.evaluate(
        """() => {
        const f = document.querySelector('.agm-frames');
        const cap = document.querySelector('.agm-caption');
        return {client: f.clientWidth, scroll: f.scrollWidth,
                overflow: getComputedStyle(f).overflowX,
                font: getComputedStyle(cap).fontFamily};
    }"""
    )
    assert box["client"] <= 736 and box["font"].startswith("Georgia")
    assert box["scroll"] > box["client"]  # the frame is wider than this column …
    assert box["overflow"] == "auto"  # … and its far end is reachable, not cut off
    page.locator('.agm-player button[data-d="1"]').click()
    page.locator('.agm-player button[data-d="1"]').click()
    count = page.locator(".agm-count").text_content()
    caption = page.locator(".agm-caption").text_content()
    assert count is not None and caption is not None
    assert count.split(" / ")[0] == "2" and caption.startswith("step 2:")


# --------------------------------------------------------------------------- Chinese words


def cjk_face() -> Path:
    """The Noto Sans SC the Chinese notebooks use (the ``notebooks`` extra), standing in
    for a Chinese reader's system font: this machine may have none."""
    import sys

    zh = Path(__file__).resolve().parent.parent / "notebooks" / "zh"
    sys.path.insert(0, str(zh))
    try:
        import cjk_font

        return Path(cjk_font.regular_font())
    except ModuleNotFoundError as err:
        pytest.skip(f"no Chinese font: {err}")
    finally:
        sys.path.remove(str(zh))


def chinese_page(page: Any, tmp_path: Path, body: str, name: str) -> None:
    """``body`` in a 1,000 px column, inserted once the Chinese face has loaded (an SVG
    text laid out before a fallback face arrives keeps its empty boxes in Chromium)."""
    face = cjk_face().as_uri()
    style = (
        f'<style>@font-face{{font-family:"CJK test";src:url("{face}")}}'
        'body, svg text{font-family:Helvetica,sans-serif,"CJK test" !important}</style>'
    )
    path = tmp_path / f"{name}.html"
    path.write_text(
        PAGE.format(column=COLUMN_PX, body="").replace("</head>", style + "</head>"),
        encoding="utf-8",
    )
    page.goto(path.as_uri())
    page.evaluate(
        """async (body) => {
        await document.fonts.load('12px "CJK test"', '种');
        document.getElementById('column').innerHTML = body;
        for (const s of document.querySelectorAll('#column script')) {  // run the player's
            const run = document.createElement('script');
            for (const a of s.attributes) run.setAttribute(a.name, a.value);
            run.textContent = s.textContent;
            s.replaceWith(run);
        }
    }""",
        body,
    )


#: Every text of a node or cluster whose ink (its non-blank characters) reaches past the
#: box drawn around it: [text, ink left, ink right, box left, box right].
INK_OUTSIDE = """() => {
    const out = [];
    for (const g of document.querySelectorAll('#column g.node, #column g.cluster')) {
        const boxes = [...g.querySelectorAll('polygon, path')].map(p => p.getBBox());
        if (!boxes.length) continue;
        const left = Math.min(...boxes.map(b => b.x));
        const right = Math.max(...boxes.map(b => b.x + b.width));
        for (const t of g.querySelectorAll('text')) {
            const chars = t.textContent;
            let lo = Infinity, hi = -Infinity;
            for (let i = 0; i < t.getNumberOfChars(); i++) {
                if (/\\s/.test(chars[i])) continue;  // no-break spaces are room, not ink
                const e = t.getExtentOfChar(i);
                lo = Math.min(lo, e.x);
                hi = Math.max(hi, e.x + e.width);
            }
            if (lo < left - 0.5 || hi > right + 0.5) out.push([chars, lo, hi, left, right]);
        }
    }
    return out;
}"""


def chinese_layers() -> Value:
    import nn

    model = nn.MLP(3, [4, 4, 1], activation="tanh", seed=0)
    out = model([1.0, -2.0, 0.5])
    assert isinstance(out, Value)
    return (out - 1.0) ** 2


@pytest.mark.parametrize(
    "what", ["layer", "layer-backward", "neuron", "inputs", "step", "step-forward"]
)
def test_chinese_words_stay_inside_their_boxes(page: Any, tmp_path: Path, what: str) -> None:
    """Graphviz lays a Chinese character out narrower than a browser draws it: without
    room for the difference, "第 1 层：4 个神经元，激活函数 tanh" ran past its box."""
    from autograd_mini import draw_step, picture_language, vsum

    with picture_language("zh"):
        if what.startswith("layer"):
            view = "backward" if what.endswith("backward") else "forward"
            graph = draw_graph(chinese_layers(), collapse="layer", view=view)
        elif what == "neuron":
            graph = draw_graph(chinese_layers(), collapse="neuron")
        elif what == "inputs":
            graph = draw_graph(vsum([Value(0.1 * k) for k in range(10)]), collapse="inputs")
        else:
            view = "forward" if what.endswith("forward") else "backward"
            graph = draw_step(chain_root(), 0, view=view)
    chinese_page(page, tmp_path, graph.html(), what)
    page.screenshot(path=str(tmp_path / f"{what}.png"), full_page=True)
    assert page.evaluate("() => document.querySelectorAll('#column text').length") > 3
    assert page.evaluate(INK_OUTSIDE) == []


def test_a_chinese_player_reads_and_moves_in_chinese(page: Any, tmp_path: Path) -> None:
    """The buttons are found by their Chinese names, the caption is Chinese and fits its
    two-line box in a 1,000 px column, and the frames say （种子）."""
    from autograd_mini import picture_language

    with picture_language("zh"):
        player = step_player(fan_out_player_root())
    chinese_page(page, tmp_path, player.html(), "player")
    caption = page.locator(".agm-caption")
    assert caption.text_content() == "反向传播之前：输出的梯度是种子 1.000"
    page.get_by_role("button", name="下一步").click()
    page.get_by_role("button", name="下一步").click()
    page.get_by_role("button", name="上一步").click()
    assert page.get_by_role("slider", name="当前步骤").input_value() == "1"
    d = f"{1 - math.tanh(1.75) ** 2:#.4g}"  # C = tanh(u), u = 3a + a² = 1.75: by hand
    assert caption.text_content() == (
        f"第 1 步：C → 加法：局部导数 {d} × 上游梯度 1.000 = {d}；加法的梯度现在是 {d}"
    )
    room = "c => [c.scrollHeight <= c.clientHeight, c.scrollWidth <= c.clientWidth]"
    assert caption.evaluate(room) == [True, True]  # nothing hidden behind a scroll bar
    page.screenshot(path=str(tmp_path / "player.png"), full_page=True)
    frame = page.locator(".agm-frame").nth(1).text_content()
    assert frame is not None and "grad 1.000（种子）" in frame.replace("\u00a0", "")
    assert page.evaluate(INK_OUTSIDE) == []


#: Every text whose ink reaches past the smallest cell drawn around its middle (a box's
#: label cell, not the whole box): [text, ink left, ink right, cell left, cell right].
INK_OUTSIDE_CELL = """() => {
    const out = [];
    for (const g of document.querySelectorAll('#column g.node')) {
        const cells = [...g.querySelectorAll('polygon')].map(p => p.getBBox());
        for (const t of g.querySelectorAll('text')) {
            const mid = t.getBBox();
            const x = mid.x + mid.width / 2, y = mid.y + mid.height / 2;
            const around = cells.filter(c => c.x <= x && x <= c.x + c.width
                                              && c.y <= y && y <= c.y + c.height);
            if (!around.length) continue;
            const cell = around.reduce((a, b) => a.width * a.height <= b.width * b.height ? a : b);
            let lo = Infinity, hi = -Infinity;
            for (let i = 0; i < t.getNumberOfChars(); i++) {
                if (/\\s/.test(t.textContent[i])) continue;
                const e = t.getExtentOfChar(i);
                lo = Math.min(lo, e.x);
                hi = Math.max(hi, e.x + e.width);
            }
            if (lo < cell.x - 0.5 || hi > cell.x + cell.width + 0.5) {
                out.push([t.textContent, lo, hi, cell.x, cell.x + cell.width]);
            }
        }
    }
    return out;
}"""


@pytest.mark.parametrize("view", ["forward", "backward"])
def test_a_chinese_label_stays_inside_its_cell(page: Any, tmp_path: Path, view: str) -> None:
    """A Value's own label in Chinese (notebook 07's 切向量) ran into the box's data cell:
    Graphviz lays its characters out narrower than the browser draws them (bold, here)."""
    w = Value(2.0, label="w: 切向量 ẇ = 1")
    b = Value(0.5, label="b: 切向量 ḃ = 0")
    z = w * 3.0 + b
    z.label = "z: 切向量 3.0000"
    a = z.sigmoid()
    a.label = "a: 切向量 0.0068"
    a.backward()
    graph = draw_graph(a, show_grad=False) if view == "forward" else draw_graph(a, view=view)
    chinese_page(page, tmp_path, graph.html(), f"labels-{view}")
    page.screenshot(path=str(tmp_path / f"labels-{view}.png"), full_page=True)
    assert page.evaluate("() => document.querySelectorAll('#column text').length") > 8
    assert page.evaluate(INK_OUTSIDE_CELL) == []


#: Pairs of labels of parallel edges (one edge title, tail->head) whose texts touch.
PARALLEL_LABELS_TOUCHING = """() => {
    const groups = new Map();
    for (const g of document.querySelectorAll('#column g.edge')) {
        const title = g.querySelector('title')?.textContent;
        const texts = [...g.querySelectorAll('text')].map(t => [t.textContent, t.getBBox()]);
        if (!groups.has(title)) groups.set(title, []);
        groups.get(title).push(...texts);
    }
    const out = [];
    for (const texts of groups.values()) {
        for (let i = 0; i < texts.length; i++) {
            for (let j = i + 1; j < texts.length; j++) {
                const [a, p] = texts[i], [b, q] = texts[j];
                if (p.x < q.x + q.width + 4 && q.x < p.x + p.width + 4
                    && p.y < q.y + q.height && q.y < p.y + p.height) out.push([a, b]);
            }
        }
    }
    return out;
}"""


@pytest.mark.parametrize("what", ["forward", "backward", "step"])
def test_two_edges_between_the_same_boxes_keep_their_numbers_apart(
    page: Any, tmp_path: Path, what: str
) -> None:
    """d used twice by d·d (notebook 0's squared error): the two edges' local
    derivatives were printed over each other, "0.41820.4182"."""
    from autograd_mini import draw_step

    a = Value(0.459, label="a")
    d = a + (-0.25)
    d.label = "d"
    cost = d * d
    cost.label = "C"
    cost.backward()
    # top to bottom, as the notebook draws it: left to right, the two labels stack
    if what == "step":
        graph = draw_step(cost, 0, rankdir="TB")
    else:
        graph = draw_graph(cost, view=what, rankdir="TB")
    page.goto(write_page(tmp_path / f"{what}.html", graph.html()))
    page.screenshot(path=str(tmp_path / f"{what}.png"), full_page=True)
    texts = page.evaluate("() => [...document.querySelectorAll('#column g.edge text')].length")
    assert texts >= 2
    assert page.evaluate(PARALLEL_LABELS_TOUCHING) == []


def test_parallel_edges_of_a_big_graph_keep_their_numbers_apart(page: Any, tmp_path: Path) -> None:
    """Above 150 boxes edge labels are placed after layout (xlabels), where padding moved
    nothing: t·t at each of 60 steps printed its two numbers over each other."""
    t = Value(0.3, label="t")
    for _ in range(60):
        t = t * t * 0.999 + 0.1
    t.backward()
    graph = draw_graph(t, rankdir="TB")
    page.goto(write_page(tmp_path / "big.html", graph.html()))
    assert page.evaluate("() => document.querySelectorAll('#column g.edge').length") > 150
    assert page.evaluate(PARALLEL_LABELS_TOUCHING) == []


def one_term_neuron() -> tuple[Value, float, float, float]:
    """o = tanh(w·a) with a = tanh(x): the table of w·a has one row, w's cell inlined (a
    private leaf) and a's gradient leaving along an edge. Returns o, a, δ = ∂o/∂z and
    w by hand."""
    from autograd_mini import dot

    w, x = 0.5, 0.3
    a = Value(x, label="x").tanh()
    a.label = "a"
    z = dot([Value(w, label="w")], [a])
    out = z.tanh()
    out.label = "o"
    a_data = math.tanh(x)
    delta = 1 - math.tanh(w * a_data) ** 2
    return out, a_data, delta, w


#: The boxes of every text of the SVG in the column, where the red edge starts and ends,
#: and the boxes of the tinted cells.
STEP_GEOMETRY = """() => {
    const svg = document.querySelector('#column svg');
    const texts = [...svg.querySelectorAll('text')].map(t => {
        const r = t.getBoundingClientRect();
        return {text: t.textContent, left: r.left, right: r.right, top: r.top,
                bottom: r.bottom, fill: t.getAttribute('fill')};
    });
    const red = [...svg.querySelectorAll('g.edge path')].filter(
        p => (p.getAttribute('stroke') || '').toLowerCase() === 'ACTIVE_RED');
    const at = (p, length) => {
        const q = p.getPointAtLength(length), m = p.getScreenCTM();
        return {x: q.x * m.a + q.y * m.c + m.e, y: q.x * m.b + q.y * m.d + m.f};
    };
    const starts = red.map(p => at(p, 0));
    const ends = red.map(p => at(p, p.getTotalLength()));
    const tinted = [...svg.querySelectorAll('polygon')].filter(
        p => (p.getAttribute('fill') || '').toLowerCase() === '#fde0dd').map(p => {
        const r = p.getBoundingClientRect();
        return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
    });
    return {texts, starts, ends, tinted};
}""".replace("ACTIVE_RED", ACTIVE)


def _inside(box: dict[str, float], point: tuple[float, float]) -> bool:
    x, y = point
    return box["left"] <= x <= box["right"] and box["top"] <= y <= box["bottom"]


def _centre(box: dict[str, float]) -> tuple[float, float]:
    return (box["left"] + box["right"]) / 2, (box["top"] + box["bottom"]) / 2


def test_a_steps_red_edge_and_marker_sit_at_the_cell_it_computes(page: Any, tmp_path: Path) -> None:
    """In the backward table of Σ w·a, step 3 sends δ·w into a: its red edge and ◄ left
    from the row's left end, beside "w: × …" (∂C/∂w), while the cell computed was
    "a: × w = …" on the right (notebook 05's draw_step(C, second.index)). Now the edge
    starts at the marker, the marker touches the computed cell and no other cell's text
    stands between them; the step into the inlined w tints w's cell, not a's. Oracle:
    the cells' texts written out from the numbers by hand, positions measured in
    Chromium at the 1,000 px column."""
    from autograd_mini import draw_step

    out, a_data, delta, w = one_term_neuron()
    # steps: o → z, z → w (inlined), z → a, a → x
    into_a = f"a: × {w:.4f} = {w * delta:.4f}"
    into_w = f"w: × {a_data:.4f} = {a_data * delta:.4f}"
    page.goto(write_page(tmp_path / "into_a.html", draw_step(out, 2).html()))
    page.screenshot(path=str(tmp_path / "into_a.png"), full_page=True)
    seen = page.evaluate(STEP_GEOMETRY)
    boxes = {t["text"].strip(): t for t in seen["texts"]}
    assert into_a in boxes and into_w in boxes, boxes
    (start,) = seen["starts"]
    computed, marker = boxes[into_a], boxes["◄"]
    other = next(t for k, t in boxes.items() if k.startswith("w: ×"))
    row = (computed["top"] - 4, computed["bottom"] + 4)
    assert row[0] <= start["y"] <= row[1], (start, computed)
    # marker then computed cell, along the row from where the edge leaves
    assert start["x"] <= marker["left"] < marker["right"] <= computed["left"]
    assert computed["left"] - marker["right"] < 12  # side by side
    assert not other["left"] < computed["left"], "the other cell stands between them"
    assert computed["fill"] and computed["fill"].lower() == ACTIVE_INK
    assert any(_inside(box, _centre(computed)) for box in seen["tinted"])
    assert not any(_inside(box, _centre(other)) for box in seen["tinted"])
    # the step into the inlined w: no edge leaves the table; w's own cell is marked
    page.goto(write_page(tmp_path / "into_w.html", draw_step(out, 1).html()))
    seen = page.evaluate(STEP_GEOMETRY)
    boxes = {t["text"].strip(): t for t in seen["texts"]}
    assert seen["starts"] == [] and "◄" not in boxes
    assert any(_inside(box, _centre(boxes[into_w])) for box in seen["tinted"])
    a_cell = next(t for k, t in boxes.items() if k.startswith("a: ×"))
    assert not any(_inside(box, _centre(a_cell)) for box in seen["tinted"])


def test_a_forward_steps_marker_sits_beside_the_cell_it_computes(page: Any, tmp_path: Path) -> None:
    """The forward view's table of w·a drew w's cells first, so the red edge of the step
    into a (it arrives along an edge) and its ► sat at the row's left end, beside "w
    0.5000 ∂ …", with a's cell on the right; the step into the inlined w lit the same ►.
    Now the value arriving along an edge comes first, beside the ► where its edge
    attaches, the ► lights for that step only, and the step into w tints w's ∂ cell.
    Oracle: the cells' texts written out from the numbers by hand, positions measured in
    Chromium at the 1,000 px column."""
    from autograd_mini import draw_step

    out, a_data, delta, w = one_term_neuron()
    # steps: o → z, z → w (inlined), z → a, a → x
    page.goto(write_page(tmp_path / "into_a.html", draw_step(out, 2, view="forward").html()))
    page.screenshot(path=str(tmp_path / "forward_into_a.png"), full_page=True)
    seen = page.evaluate(STEP_GEOMETRY)
    boxes = {t["text"].strip(): t for t in seen["texts"]}
    marker, a_cell, w_cell = boxes["►"], boxes["a"], boxes["w"]
    (end,) = seen["ends"]  # the edge runs from a's box into the table (drawn reversed)
    row = (a_cell["top"] - 4, a_cell["bottom"] + 4)
    assert row[0] <= end["y"] <= row[1], (end, a_cell)
    assert end["x"] <= marker["left"] < marker["right"] <= a_cell["left"]
    assert a_cell["left"] - marker["right"] < 12  # side by side
    assert a_cell["right"] < w_cell["left"], "w's cell stands between the marker and a"
    assert marker["fill"] and marker["fill"].lower() == ACTIVE_INK
    # the step into the inlined w: no edge, no ►; w's ∂ cell is tinted and red
    page.goto(write_page(tmp_path / "into_w.html", draw_step(out, 1, view="forward").html()))
    page.screenshot(path=str(tmp_path / "forward_into_w.png"), full_page=True)
    seen = page.evaluate(STEP_GEOMETRY)
    boxes = {t["text"].strip(): t for t in seen["texts"]}
    assert seen["ends"] == [] and "►" not in boxes
    partial = boxes[f"∂ {a_data * delta:.4f}"]
    assert partial["fill"] and partial["fill"].lower() == ACTIVE_INK
    assert any(_inside(box, _centre(partial)) for box in seen["tinted"])
    assert not any(_inside(box, _centre(boxes["a"])) for box in seen["tinted"])
    assert f"{w:.4f}" in boxes


def test_a_player_without_scripting_shows_every_frame_and_no_dead_controls(
    chromium: Any, tmp_path: Path
) -> None:
    """With scripting off (a page that blocks it, an untrusted notebook) the player
    showed frame 1 under ◀ ▶ buttons and a slider that did nothing, and the other
    frames never. Now the controls are offered by the script alone, and without it every
    frame is shown, each under its own caption. Oracle: what Chromium lays out with
    JavaScript disabled (visible controls, frames, captions' text) and, with it on,
    the player as before: one frame, the controls, no per-frame caption."""
    player = step_player(chain_root())
    url = write_page(tmp_path / "player.html", player.html())
    seen = """() => {
        const root = document.querySelector('.agm-player');
        const visible = e => e.offsetParent !== null && e.getBoundingClientRect().height > 0;
        return {
            controls: [...root.querySelectorAll('button, input')].filter(visible).length,
            frames: [...root.querySelectorAll('.agm-frame')].filter(visible).length,
            captions: [...root.querySelectorAll('.agm-frame-title')].filter(visible)
                .map(p => p.textContent),
            caption: visible(root.querySelector('.agm-caption')),
        };
    }"""
    for scripting in (False, True):
        context = chromium.new_context(
            viewport={"width": 1200, "height": 900}, java_script_enabled=scripting
        )
        try:
            page = context.new_page()
            page.goto(url)
            page.screenshot(path=str(tmp_path / f"player-js-{scripting}.png"), full_page=True)
            got = page.evaluate(seen) if scripting else None
            if not scripting:  # page.evaluate runs no script in a page that has it off
                got = {
                    "controls": page.locator(".agm-player button:visible, input:visible").count(),
                    "frames": page.locator(".agm-frame:visible").count(),
                    "captions": page.locator(".agm-frame-title:visible").all_text_contents(),
                    "caption": page.locator(".agm-caption").is_visible(),
                }
        finally:
            context.close()
        if scripting:
            assert got == {"controls": 3, "frames": 1, "captions": [], "caption": True}, got
        else:
            assert got["controls"] == 0 and got["caption"] is False, got
            assert got["frames"] == len(player) == len(got["captions"]), got
            assert got["captions"] == player.captions, got


#: A stylesheet's ring for focus, as the site's theme draws one (the page has none in Jupyter:
#: the browser's own ring is drawn then).
THEME_RING = "<style>:focus-visible {outline: 3px solid rgb(193, 50, 175)}</style>"


@pytest.mark.parametrize("ring", ["", THEME_RING], ids=["browser_ring", "theme_ring"])
def test_a_player_reached_with_tab_shows_it_has_the_focus(
    page: Any, tmp_path: Path, ring: str
) -> None:
    """The player is the first stop of Tab, and its arrow keys work only once it has the
    focus: the ring must show. In the site (and JupyterLab) a cell's output is a box that
    scrolls (overflow: auto) exactly the player's size, which cut away a ring drawn
    outside the player's edge: a student tabbing to it saw nothing change."""
    player = step_player(chain_root())
    body = f'{ring}<div id="output" style="overflow:auto">{player.html()}</div>'
    page.goto(write_page(tmp_path / "focus.html", body))
    output = page.locator("#output")
    unfocused = output.screenshot()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('agm-player')")
    assert page.evaluate("document.activeElement.matches(':focus-visible')")
    focused = output.screenshot()
    (tmp_path / "focused.png").write_bytes(focused)
    assert focused != unfocused, "the player has the focus, and nothing on screen says so"
    # the ring, 3 px inside the edge, leaves the step count ("0 / 3") uncovered
    text_right = page.evaluate(
        """() => {
            const range = document.createRange();
            range.selectNodeContents(document.querySelector('.agm-count'));
            return range.getBoundingClientRect().right;
        }"""
    )
    edge = page.locator(".agm-player").bounding_box()
    assert text_right <= edge["x"] + edge["width"] - 3 - 0.5


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_player_reached_with_tab_says_what_it_is_and_how_it_moves(
    page: Any, tmp_path: Path, language: str
) -> None:
    """The player is the first stop of Tab, a box with no role and no name: a screen
    reader landing on it said nothing of what it was, nor that the arrow keys move it."""
    from autograd_mini import picture_language

    with picture_language(language):
        player = step_player(chain_root())
    page.goto(write_page(tmp_path / "player.html", player.html()))
    page.keyboard.press("Tab")
    said = page.evaluate("document.activeElement.getAttribute('aria-label') || ''")
    assert page.evaluate("document.activeElement.classList.contains('agm-player')")
    assert page.get_by_role("group", name=said, exact=True).count() == 1
    arrows = {"en": ("step player", "arrow keys"), "zh": ("播放器", "方向键")}[language]
    assert all(word in said for word in arrows), said


def test_a_player_s_focus_ring_drawn_inside_covers_none_of_its_controls_or_caption(
    page: Any, tmp_path: Path
) -> None:
    """The ring drawn 3 px inside the player's edge kept the step count clear, but ran
    through the ◀ button's left and top edges and the caption's first letter ("before
    backward" read as "pefore"), in Jupyter's page as in the site's."""
    player = step_player(chain_root())
    page.goto(write_page(tmp_path / "ring.html", f"{THEME_RING}{player.html()}"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('agm-player')")
    boxes = page.evaluate(
        """() => {
            const root = document.querySelector('.agm-player');
            const range = document.createRange();
            range.selectNodeContents(root.querySelector('.agm-caption'));
            const box = e => e.getBoundingClientRect();
            return {
                edge: box(root),
                button: box(root.querySelector('button')),
                caption: range.getBoundingClientRect(),
            };
        }"""
    )
    edge, ring = boxes["edge"], 3
    for name in ("button", "caption"):
        assert boxes[name]["left"] >= edge["left"] + ring, (name, boxes)
    assert boxes["button"]["top"] >= edge["top"] + ring, boxes


# --------------------------------------------------------------------------- screen readers


def accessible_images(page: Any) -> list[dict[str, str]]:
    """Every node Chromium's accessibility tree exposes that has a name: its role, name,
    description and the ``lang`` of the element it stands for (what a screen reader is
    given)."""
    cdp = page.context.new_cdp_session(page)
    found = []
    for node in cdp.send("Accessibility.getFullAXTree")["nodes"]:
        name = node.get("name", {}).get("value", "")
        if node.get("ignored") or not name:
            continue
        found.append(
            {
                "role": node.get("role", {}).get("value", ""),
                "name": name,
                "description": node.get("description", {}).get("value", ""),
            }
        )
    return found


#: The neuron o = tanh(x·w + b) at x = 2, w = −0.5, b = 0.25, worked out by hand: xw = −1,
#: n = −0.75, o = tanh(−0.75); ∂o/∂n = 1 − o², which xw and b receive; ∂o/∂x = w·∂o/∂n,
#: ∂o/∂w = x·∂o/∂n.
O_DATA = math.tanh(-0.75)
DO_DN = 1 - O_DATA**2
HEARD = {
    "en": (
        "Computation graph of o: 6 values, operations tanh, +, ×.",
        f"o = tanh(n): data {O_DATA:.4f}, grad 1.000. "
        f"n = xw + b: data -0.7500, grad {DO_DN:.4f}. "
        f"xw = x × w: data -1.000, grad {DO_DN:.4f}. "
        f"x: data 2.000, grad {-0.5 * DO_DN:.4f}. "
        f"w: data -0.5000, grad {2 * DO_DN:.3f}. "
        f"b: data 0.2500, grad {DO_DN:.4f}.",
    ),
    "zh": (
        "o 的计算图：6 个值，运算 tanh、+、×。",
        f"o = tanh(n)：data {O_DATA:.4f}，grad 1.000。"
        f"n = xw + b：data -0.7500，grad {DO_DN:.4f}。"
        f"xw = x × w：data -1.000，grad {DO_DN:.4f}。"
        f"x：data 2.000，grad {-0.5 * DO_DN:.4f}。"
        f"w：data -0.5000，grad {2 * DO_DN:.3f}。"
        f"b：data 0.2500，grad {DO_DN:.4f}。",
    ),
}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_screen_reader_hears_a_graph_s_values_ops_and_gradients(
    page: Any, tmp_path: Path, language: str
) -> None:
    """A graph shown inline (a notebook's output, ``Graph.html()``) was an image with no
    name: Chromium named it by its text run together ("b data 0.2500 grad 0.5966 + 1.000
    w data …") and gave a screen reader Graphviz's groups by node id ("autograd", "v5",
    "v1op", "v5->v1op"), with no language (a Chinese picture read in an English voice).
    Now it is one image in the picture's language, named by what it computes and
    described value by value: its operation and inputs, data and gradient. Oracle: the
    neuron's numbers worked out by hand (HEARD)."""
    from labelled_neuron import neuron

    from autograd_mini import picture_language

    with picture_language(language):
        graph = draw_graph(neuron())
    page.goto(write_page(tmp_path / "graph.html", graph.html()))
    name, description = HEARD[language]
    heard = accessible_images(page)
    # in its box, a region named by the picture (it is a Tab stop where it scrolls)
    box = {"en": "Computation graph of o", "zh": "o 的计算图"}[language]
    assert heard == [
        {"role": "region", "name": box, "description": ""},
        {"role": "image", "name": name, "description": description},
    ], heard
    lang = page.evaluate("() => document.querySelector('#column svg').getAttribute('lang')")
    assert lang == {"en": "en", "zh": "zh-CN"}[language]


def test_a_step_picture_leaves_no_link_to_nowhere_for_tab(page: Any, tmp_path: Path) -> None:
    """The cell a step computes carries its arithmetic as hover text, which Graphviz
    writes as a link to "#": Tab stopped twice inside the picture, on links read as
    numbers, and Enter jumped to the top of the page. Now Tab goes from the button
    before the picture to the button after it; the hover text is still there."""
    from autograd_mini import draw_step

    out, _, delta, w = one_term_neuron()
    frame = draw_step(out, 2)
    body = f"<button>before</button>{frame.html()}<button>after</button>"
    page.goto(write_page(tmp_path / "step.html", body))
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "after"
    tip = f"{w:.4f} × {delta:.4f} = {w * delta:.4f}"  # local × upstream, by hand
    titles = page.evaluate(
        "() => [...document.querySelectorAll('#column a')].map(a => a.getAttribute('xlink:title'))"
    )
    assert tip in titles, titles


#: Every text of the SVG in the column with its colour and the colour drawn under its
#: middle (the smallest filled shape there, else the white page), as CSS rgb() strings.
INKS = """() => {
    const svg = document.querySelector('#column svg');
    const filled = [...svg.querySelectorAll('polygon, ellipse, path, rect')].filter(p => {
        const f = getComputedStyle(p).fill;
        return f !== 'none' && !f.startsWith('rgba(0, 0, 0, 0)');
    });
    return [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
        const r = t.getBoundingClientRect();
        const x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
        let under = 'rgb(255, 255, 255)', area = Infinity;
        for (const p of filled) {
            const q = p.getBoundingClientRect();
            if (q.left <= x && x <= q.right && q.top <= y && y <= q.bottom
                && q.width * q.height < area) {
                under = getComputedStyle(p).fill;
                area = q.width * q.height;
            }
        }
        return [t.textContent, getComputedStyle(t).fill, under];
    });
}"""


def contrast(a: str, b: str) -> float:
    """WCAG 2's contrast ratio of two CSS rgb() colours."""

    def luminance(rgb: str) -> float:
        channels = [float(c) / 255 for c in rgb[rgb.index("(") + 1 : -1].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("view", ["backward", "forward"])
def test_every_text_of_a_step_reads_at_4_5_to_1_against_what_is_under_it(
    page: Any, tmp_path: Path, view: str
) -> None:
    """WCAG AA asks 4.5:1 of small text. The cell a step computes is tinted #fde0dd and
    its numbers were the edge's red #d62728 on it: 4.0:1, at 11 px, the very numbers the
    step is about. Oracle: the colours Chromium draws, WCAG's formula written here."""
    from autograd_mini import draw_step

    out = one_term_neuron()[0]
    seen = []
    for k in range(4):  # o → z, z → w (inlined), z → a, a → x: tinted cells and red edges
        page.goto(write_page(tmp_path / f"{view}{k}.html", draw_step(out, k, view=view).html()))
        seen += page.evaluate(INKS)
    colours = {(ink, under) for _, ink, under in seen}
    assert len(colours) >= 4, colours  # black, grey and red on white, red on the tint
    low = [(text, ink, under) for text, ink, under in seen if contrast(ink, under) < 4.5]
    assert low == []


def test_a_graph_on_a_phone_scrolls_in_its_own_box_not_the_page(
    chromium: Any, tmp_path: Path
) -> None:
    """A graph that fits a 1,000 px column was put in a plain <div>: on a phone's 360 px
    the whole page scrolled sideways, text and all. Now its own box scrolls, at the
    same readable text. A graph wider than the column scrolls everywhere: its box is a
    stop of Tab, named, and the arrow keys scroll it. Oracle: what Chromium lays out."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    out = (x1 * w1 + x2 * w2 + Value(B, label="b")).tanh()
    out.backward()
    xs = [Value(0.1 * i, label=f"input number {i}") for i in range(14)]
    chain = xs[0]
    for x in xs[1:]:
        chain = (chain + x).tanh()
    fits, wide = draw_graph(out), draw_graph(chain, rankdir="LR")
    path = tmp_path / "phone.html"
    path.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width"></head>'
        f'<body style="margin:8px"><button>before</button>{fits.html()}{wide.html()}'
        "</body></html>",
        encoding="utf-8",
    )
    context = chromium.new_context(viewport={"width": 360, "height": 800})
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
        seen = page.evaluate(
            """() => ({
            page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
            boxes: [...document.querySelectorAll('svg')].map(s => [
                s.parentElement.scrollWidth > s.parentElement.clientWidth,
                s.parentElement.getBoundingClientRect().right <= window.innerWidth]),
        })"""
        )
        assert seen["page"][0] <= seen["page"][1], seen  # the page itself does not scroll
        assert seen["boxes"] == [[True, True], [True, True]], seen
        sizes = text_sizes(page, "svg")
        assert sizes["minText"] >= MIN_TEXT_PX - 0.05  # not shrunk to fit the phone
        # every box that scrolls is a Tab stop of Chromium, and a screen reader names it:
        # the fitting one (it scrolls here too) was said "group" or nothing
        stops = []
        for _ in range(3):  # the button, the first box, the wide box
            page.keyboard.press("Tab")
            stops.append(
                page.evaluate(
                    """() => [document.activeElement.getAttribute('role'),
                    document.activeElement.getAttribute('aria-label') || '']"""
                )
            )
        assert stops[0] == [None, ""], stops  # the button
        assert [role for role, _ in stops[1:]] == ["region", "region"], stops
        assert stops[1][1].startswith("Computation graph of "), stops
        assert "wider than the column: scroll sideways" in stops[2][1], stops
        tree = page.locator("body").aria_snapshot()  # what a screen reader is handed
        regions = re.findall(r"^- '?region \"([^\"]*)\"", tree, re.M)
        assert regions == [name for _, name in stops[1:]], tree
        box = page.evaluate("document.activeElement.querySelector('svg') !== null")
        assert box
        page.keyboard.press("ArrowRight")  # scrolls, smoothly: wait for it to move
        page.wait_for_function("document.activeElement.scrollLeft > 0", timeout=5_000)
    finally:
        context.close()


def test_a_player_s_frame_is_one_image_and_tab_passes_through_its_controls_only(
    page: Any, tmp_path: Path
) -> None:
    """A frame is an image its description names, but Chromium read its SVG again as a
    second image ("x grad ? mul grad ? …"), and on a step into a table's cell Tab
    stopped on two links to "#" in the drawing. Now the frame is the one image a screen
    reader finds, and Tab goes player, ◀, slider, ▶, and out. Oracle: Chromium's
    accessibility tree and focus."""
    out = one_term_neuron()[0]
    player = step_player(out)
    body = f"{player.html()}<button>after</button>"
    page.goto(write_page(tmp_path / "player.html", body))
    page.locator(".agm-player").focus()
    page.keyboard.press("End")  # the steps into the table's cells are drawn, red, in it
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # step 3 computes a's cell: the tinted, hovered one
    images = page.locator(".agm-player").get_by_role("img")
    assert images.count() == 1
    assert images.first.get_attribute("aria-label") == player.descriptions[3]
    stops = []
    for _ in range(4):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("document.activeElement.textContent || ''"))
    assert stops == ["◀", "", "▶", "after"], stops


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_step_picture_shown_alone_is_named_by_its_caption_first(
    page: Any, tmp_path: Path, language: str
) -> None:
    """draw_step's picture (notebook 05 shows them one by one) says its step in its
    title; the image a screen reader finds is named by that caption, then by what the
    graph computes. Oracle: y = σ(2x + 1) at x = 1.5, whose first step sends
    σ′(4) = σ(4)(1 − σ(4)) into the sum, worked out by hand."""
    from autograd_mini import draw_step, picture_language

    local = f"{SIGMA4 * (1 - SIGMA4):.4g}"
    with picture_language(language):
        frame = draw_step(chain_root(), 0)
    page.goto(write_page(tmp_path / "step.html", frame.html()))
    caption = {
        "en": f"step 1: y → add: local {local} × upstream 1.000 = {local}; "
        f"grad of add is now {local}. Computation graph of y: 4 values, operations σ, +, ×.",
        "zh": f"第 1 步：y → 加法：局部导数 {local} × 上游梯度 1.000 = {local}；"
        f"加法的梯度现在是 {local}。y 的计算图：4 个值，运算 σ、+、×。",
    }[language]
    (image,) = [n for n in accessible_images(page) if n["role"] == "image"]
    assert image["name"] == caption
