"""A picture fitted to a slide's box: ``height`` (px) beside ``column`` (draw_graph,
draw_step, step_player, write_frames). A 2-2-1 network's step frame was 731 px tall,
taller than a 1280×720 slide, with no option to fit it. Oracles: the viewBox's own
size scaled by hand, and the player's box measured in Chromium at 1280×720."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from test_print_pictures import _two_two_one

from autograd_mini import Value, draw_graph, step_player
from autograd_mini.render import px_size, svg_box
from autograd_mini.steps import write_frames

SLIDE = {"width": 1280, "height": 720}


@pytest.fixture
def viewport() -> dict[str, int]:
    return SLIDE


def _scaled(svg: str, height: float) -> tuple[float, float]:
    """The width and height of ``svg`` scaled by hand to be ``height`` px tall."""
    box = svg_box(svg)
    return box.width * height / box.height, height


def test_a_picture_fits_the_height_asked() -> None:
    out = _two_two_one()
    out.backward()
    tall = draw_graph(out, view="backward", column=1240).svg()
    assert px_size(tall)[1] > 600  # a case to check: too tall for the box
    svg = draw_graph(out, view="backward", column=1240, height=600).svg()
    width, height = _scaled(svg, 600)
    assert px_size(svg) == (math.ceil(round(width, 6)), 600)  # its shape kept
    # fitted whole, both ways: a narrow box too, below the 11 px text a column keeps
    narrow = draw_graph(out, view="backward", column=300, height=600).svg()
    width, height = _scaled(narrow, 600)
    assert width > 300
    assert px_size(narrow) == (300, math.ceil(round(height * 300 / width, 6)))


def test_frames_fit_the_height_asked(tmp_path: Path) -> None:
    player = step_player(_two_two_one(), column=1240, height=600)
    assert {px_size(s)[1] for s in player.svgs} == {600}
    paths = write_frames(_two_two_one(), tmp_path, column=1240, height=600)
    assert {px_size(p.read_text(encoding="utf-8"))[1] for p in paths} == {600}


def test_a_player_fits_a_slide(page: Any) -> None:
    """The README's advice: a player with ``height=600`` fits a 1280×720 slide, its
    buttons and caption included (looked at: docs of this change)."""
    player = step_player(_two_two_one(), column=1240, height=600)
    page.set_content(f"<!doctype html><html><body style='margin:8px'>{player.html()}</body></html>")
    bottom = page.evaluate("document.querySelector('.agm-player').getBoundingClientRect().bottom")
    right = page.evaluate("document.querySelector('.agm-frames svg').getBoundingClientRect().right")
    assert bottom <= SLIDE["height"] and right <= SLIDE["width"], (bottom, right)


def test_a_height_with_the_natural_size_is_refused() -> None:
    """draw_graph(y, size="natural", height=600) drew Graphviz's size and ignored the
    height without a word; the pair is refused as show_grad=False with the backward
    view is. Oracle: the two options named, and the function called."""
    y = Value(2.0, label="x") * 3.0
    with pytest.raises(ValueError) as caught:
        draw_graph(y, size="natural", height=600)
    said = str(caught.value)
    assert said.startswith("draw_graph: height= ") and "size='natural'" in said, said
    assert draw_graph(y, size="natural").height is None  # each alone is drawn
    assert draw_graph(y, height=600).height == 600


@pytest.mark.parametrize("bad", [-1, 0, math.nan, math.inf, "600", True])
@pytest.mark.parametrize("name", ["height", "column"])
def test_a_box_that_is_no_size_is_refused(name: str, bad: object) -> None:
    out = _two_two_one()
    with pytest.raises(ValueError, match=re.escape(f"step_player: {name} must be a number")):
        step_player(out, **{name: bad})
    out.backward()
    with pytest.raises(ValueError, match=re.escape(f"draw_graph: {name} must be a number")):
        draw_graph(out, **{name: bad})


@pytest.mark.parametrize("box", [(1e-300, 100), (1000, 1e-300), (0.5, 100), (10.9, 600)])
def test_a_box_too_small_for_any_text_is_refused(tmp_path: Path, box: tuple[float, float]) -> None:
    """``column=1e-300, height=100`` wrote a 0×0 SVG whose PNG the renderer failed on
    ("SVG has an invalid size"), ``--column 1e-300 --height 100`` too: a box below one
    line of readable text (11 px, MIN_TEXT_PX) is refused where it is given, naming
    the minimum. Oracle: the refusal's words; a box of 11 px is still drawn."""
    from autograd_mini.cli import main

    column, height = box
    small = "column" if column < 11 else "height"
    said = f"{small} must be at least 11 px (one line of readable text)"
    out = _two_two_one()
    with pytest.raises(ValueError, match=re.escape(f"step_player: {said}")):
        step_player(out, column=column, height=height)
    out.backward()
    with pytest.raises(ValueError, match=re.escape(f"draw_graph: {said}")):
        draw_graph(out, column=column, height=height)
    png = tmp_path / "a.png"
    shell = ["graph", "x*x", "--set", "x=2", "-o", str(png)]
    with pytest.raises(SystemExit) as refused:  # the command's own check (argparse's exit)
        main([*shell, "--column", repr(column), "--height", repr(height)])
    assert refused.value.code == 2
    assert not png.exists()
    assert main([*shell, "--column", "11", "--height", "11"]) == 0  # the least box drawn
    assert png.read_bytes().startswith(b"\x89PNG")


@pytest.fixture(scope="module")
def in_floats(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[tuple[float, float], list[str], list[str]]:
    """The 1240 × 600 box in floats, drawn once for every kind of number below: the
    backward view's px size, the player's frames, the frames written to files."""
    out = _two_two_one()
    out.backward()
    size = px_size(draw_graph(out, view="backward", column=1240.0, height=600.0).svg())
    svgs = step_player(_two_two_one(), column=1240.0, height=600.0).svgs
    paths = write_frames(_two_two_one(), tmp_path_factory.mktemp("b"), column=1240.0, height=600.0)
    return size, svgs, [p.read_text(encoding="utf-8") for p in paths]


@pytest.mark.parametrize(
    "kind",
    [np.int64, np.float32, Fraction, lambda t: Decimal(str(t)), np.array],
    ids=["int64", "float32", "Fraction", "Decimal", "0-d array"],
)
def test_a_box_of_any_real_number_is_drawn(
    tmp_path: Path,
    kind: Callable[[int], object],
    in_floats: tuple[tuple[float, float], list[str], list[str]],
) -> None:
    """A column and a height of numpy's, a Fraction, a Decimal, a 0-d array: np.int64(1240),
    which worked, was refused as "column must be a number of px above 0, got 1240", and
    a Decimal failed in a division. Oracle: the sizes the same box in floats gives."""
    want, svgs, frames = in_floats
    out = _two_two_one()
    out.backward()
    got = draw_graph(out, view="backward", column=kind(1240), height=kind(600)).svg()
    assert px_size(got) == want
    player = step_player(_two_two_one(), column=kind(1240), height=kind(600))
    assert player.svgs == svgs
    paths = write_frames(_two_two_one(), tmp_path / "a", column=kind(1240), height=kind(600))
    assert [p.read_text(encoding="utf-8") for p in paths] == frames


def _text_px(svg: str) -> float:
    """The smallest text of ``svg`` as shown, in px: its font size scaled by hand."""
    box = svg_box(svg)
    return box.min_font * px_size(svg)[0] / box.width


@pytest.mark.parametrize("view", ["forward", "backward"])
@pytest.mark.parametrize("room", [(1240, 600), (1000, 300)])
def test_auto_chooses_the_direction_with_larger_text_in_the_box(
    view: str, room: tuple[int, int]
) -> None:
    """rankdir="auto" chose by the column alone: the README neuron in a 1240 × 600 box
    was drawn sideways, its text 12.8 px, where upright it is 15.8 px (and 2-2-1's
    forward view in 1000 × 300 upright, 3.0 px, where sideways is 3.8). Oracle: both
    directions drawn and measured."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2, b = Value(-3.0, label="w1"), Value(1.0, label="w2"), Value(6.88, label="b")
    for out in ((x1 * w1 + x2 * w2 + b).tanh(), _two_two_one()):
        out.backward()
        column, height = room
        sizes = [
            _text_px(draw_graph(out, view=view, column=column, height=height, rankdir=d).svg())
            for d in ("LR", "TB")
        ]
        chosen = _text_px(draw_graph(out, view=view, column=column, height=height).svg())
        assert chosen == pytest.approx(max(sizes)), (sizes, chosen)


def test_write_frames_checks_its_box_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """write_frames checked ``column`` and ``height`` itself, then frames() checked them
    again on its copy: two checks of one argument. One now, saying what the other said.
    Oracle: the calls counted; the refusal's words as step_player's (checked above)."""
    import autograd_mini.steps as steps

    checked: list[str] = []
    check = steps.check_room

    def counted(room: object, name: str, where: str) -> float:
        checked.append(name)
        return check(room, name, where)

    monkeypatch.setattr(steps, "check_room", counted)
    write_frames(_two_two_one(), tmp_path / "a", column=1240, height=600)
    assert sorted(checked) == ["column", "height"]
    for name in ("column", "height"):
        with pytest.raises(ValueError, match=re.escape(f"write_frames: {name} must be a number")):
            write_frames(_two_two_one(), tmp_path / "b", **{name: -1})
