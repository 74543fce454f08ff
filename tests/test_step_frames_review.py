"""Step frames as a review of the still-frames change found them: a label cannot break
a frame, a frame's number format is chosen from the numbers it shows, a player shows
one frame from the start, and a sequence's direction is its drawing's."""

from __future__ import annotations

import html
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from test_browser import write_page
from test_step_pictures import _styles

from autograd_mini import Value, draw_graph, draw_step, step_player, write_frames
from autograd_mini.steps import frames

B = 6.8813735870195432


def _texts(svg: str) -> list[str]:
    """The SVG's texts as read (word joiners, which keep an escape's backslash with
    what follows it, left out)."""
    return [
        html.unescape(re.sub("<[^>]+>", "", t)).replace("\u2060", "")
        for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)
    ]


# ------------------------------------------------------------------ 1. the frames' marks


@pytest.mark.parametrize(
    ("mark", "written"),
    [("\u2064", "\\u2064"), ("\u2063\ue000", "\\u2063\ue000")],
    ids=["heading-mark", "number-mark"],
)
def test_a_label_or_title_with_a_frames_mark_is_shown_as_written(
    tmp_path: Path, mark: str, written: str
) -> None:
    """A step frame marks its heading lines with U+2064 and its numbers with U+2063 and
    a private-use character; a label holding them was taken for a mark: "a\\u2064b" cut
    every frame's caption short there ("before backward: …" read to its first mark, the
    rest lost), broke the DOT (PNG: "syntax error in line 7") and a label "\\u2063\\ue000"
    was shown as the frame's first number. They are now escaped, as control characters
    are. Oracle: the names escaped by hand, found whole in each frame's heading (which is
    the frame's caption) and boxes; no raw mark in any frame's SVG or DOT; the PNG made."""
    x, w = Value(2.0, label=f"a{mark}b"), Value(-3.0, label="w")
    m = x * w
    m.label = f"m{mark}n"
    o = m.tanh()
    o.label = "o"
    player = step_player(o)
    paths = write_frames(o, tmp_path)
    assert len(paths) == len(player) == 4
    for i, path in enumerate(paths):
        svg = path.read_text(encoding="utf-8")
        assert "\u2063" not in svg and "\u2064" not in svg, i
        texts = _texts(svg)
        assert texts[0] == player.captions[i].replace("\u2060", ""), (i, texts[0])
        assert f"a{written}b" in texts and f"m{written}n" in texts, (i, texts)
    assert f"o → m{written}n" in player.captions[1]
    assert f"m{written}n → a{written}b" in " ".join(player.captions[2:])
    pictures = frames(o)
    for picture in pictures:
        assert "\u2063" not in picture.source and "\u2064" not in picture.source
    if mark == "\u2064":  # a private-use character has no glyph: PNG refuses it, rightly
        pictures[1].save(tmp_path / "frame.png")
        assert (tmp_path / "frame.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    title = f"t{mark}itle"
    assert _texts(draw_step(o, 0, title=title).svg())[0] == f"t{written}itle"


# ------------------------------------------------------- 2. the numbers a frame shows


def _tanh_times_w() -> tuple[Value, float, float]:
    """o = tanh(x + y)·w at x = 3e-05, y = 2, w = 0.75, with tanh's local derivative
    and what it sends to x + y, by hand."""
    x, y, w = Value(3e-5, label="x"), Value(2.0, label="y"), Value(0.75, label="w")
    o = (x + y).tanh() * w
    o.label = "o"
    local = 1.0 - math.tanh(2.00003) ** 2
    return o, local, local * 0.75


def test_a_backward_frame_writes_its_numbers_as_the_numbers_it_shows() -> None:
    """x = 3e-05 is drawn nowhere in the backward view (its boxes read "x | grad …"),
    yet it turned every caption and box of o = tanh(x + y)·w scientific: "local
    7.065e-02 × upstream 7.500e-01 = 5.299e-02". The format now counts what the frames
    show. Oracle: tanh's derivative 1 − tanh²(2.00003) and its product with w = 0.75,
    by hand, written positionally in the caption; every number of every frame, caption
    and spoken text, and of draw_graph's backward view, positional."""
    o, local, sent = _tanh_times_w()
    caption = _texts(draw_step(o, 2).svg())[0]
    assert caption == (
        f"step 3: tanh → add: local {local:.4g} × upstream 0.7500 = {sent:.4g}; "
        f"grad of add is now {sent:.4g}"
    ), caption
    player = step_player(o)
    styles = _styles(player.captions) | _styles(player.descriptions)
    for svg in player.svgs:
        styles |= _styles(_texts(svg))
    styles |= _styles(_texts(draw_graph(o, view="backward").svg()))
    assert styles == {"positional"}, styles
    # the forward view draws x's data: there every number is scientific, captions too
    forward = step_player(o, view="forward")
    shown = _styles(forward.captions)
    for svg in forward.svgs:
        shown |= _styles(_texts(svg))
    assert shown == {"scientific"} and any("3.000e-05" in t for t in _texts(forward.svgs[0]))


def test_a_backward_frame_counts_the_data_its_names_show() -> None:
    """Where the backward view does write a value's data, the format counts it: an
    unlabelled leaf is named by its data (3.000e-05), and of two unlabelled sums each is
    named "add=" its data. Oracle: the names as written by hand, found in the frames,
    and one format (scientific) for every number of the captions and frames."""
    y = Value(2.0, label="y")
    leaf = (Value(3e-5) + y).tanh()
    leaf.label = "t"
    a, b, c = Value(1e-5, label="a"), Value(2e-5, label="b"), Value(2.0, label="c")
    shared = (a + b) * (c + y)
    shared.label = "L"
    for root, name in ((leaf, "3.000e-05"), (shared, "add=3.000e-05")):
        player = step_player(root)
        texts = [t for svg in player.svgs for t in _texts(svg)]
        assert name in texts, texts
        styles = _styles(player.captions) | _styles(texts)
        assert styles == {"scientific"}, (name, styles)


# ------------------------------------------------------- 3. the player as a page loads


@pytest.mark.parametrize("scripting", [True, False], ids=["js", "no-js"])
def test_a_player_shows_one_frame_while_its_page_loads(
    chromium: Any, tmp_path: Path, scripting: bool
) -> None:
    """The frames are shown all, each under its own caption, without scripting; the
    script at the player's end then hid all but one. A page still loading had not run
    it: the two players of a slow page stood 9 frames tall (3,869 px) for 1.2 s, then
    collapsed. The page is cut where the player's script begins, as a browser has it
    while the rest is on its way. Oracle: the frames and per-frame captions Chromium
    lays out there: with scripting one frame and no caption, without it every frame
    under its own caption (as the whole page shows them)."""
    o, _, _ = _tanh_times_w()
    player = step_player(o)
    page_html = player.html()
    cut = page_html.index("<script>\n(function()")
    url = write_page(tmp_path / "loading.html", page_html[:cut])
    context = chromium.new_context(
        viewport={"width": 1200, "height": 900}, java_script_enabled=scripting
    )
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        shown = page.locator(".agm-frame:visible").count()
        captions = page.locator(".agm-frame-title:visible").count()
    finally:
        context.close()
    if scripting:
        assert (shown, captions) == (1, 0)
    else:
        assert shown == captions == len(player) > 1


# ------------------------------------------------------ 4. a sequence's direction


def _nodes_width(svg: str) -> float:
    """The width the boxes span (pt), headings left out: their polygons' x extent."""
    ns = "{http://www.w3.org/2000/svg}"
    xs: list[float] = []
    for g in ET.fromstring(svg).iter(f"{ns}g"):
        if g.get("class") != "node":
            continue
        for poly in g.iter(f"{ns}polygon"):
            xs += [float(p.split(",")[0]) for p in str(poly.get("points")).split()]
    return max(xs) - min(xs)


def test_a_frame_sequence_turns_as_its_drawing_does_not_as_its_widest_caption() -> None:
    """The frames are laid out with the widest caption, and "auto" chose the direction
    from that layout: a 150-character label, named in a caption wider than any drawing,
    left the README neuron left to right (2,448 × 150 px, the seed 1,400 px right of a
    1,000 px column) because top to bottom did not narrow the caption. The direction is
    the drawing's again. Oracle: the boxes' span, read off frame 1 drawn left to right
    and top to bottom by request: top to bottom is the narrower, and "auto" picks it."""
    x1, x2 = Value(2.0, label="x" * 150), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(B, label="b")
    o = (x1 * w1 + x2 * w2 + b).tanh()
    o.label = "o"
    across = _nodes_width(frames(o, rankdir="LR")[0].svg())
    down = _nodes_width(frames(o, rankdir="TB")[0].svg())
    assert down < across, (down, across)
    auto = frames(o)
    assert {f.scene.rankdir for f in auto} == {"TB"}
    assert _nodes_width(auto[0].svg()) == pytest.approx(down)
