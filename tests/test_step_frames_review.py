"""Step frames as a review of the still-frames change found them: a label cannot break
a frame, a frame's number format is chosen from the numbers it shows, a player shows
one frame from the start, and a sequence's direction is its drawing's."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from autograd_mini import Value, draw_step, step_player, write_frames
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
