"""The README's pictures are readable in the columns people read the README in.

README.md shows docs/pictures/*.svg as images: GitHub in its README column (about 830 px)
and the course site's home page, whose text column in a 1,000 px window is 736 px
(tests/test_site.py measures it). An image wider than its column is shrunk to it, its text
with it: the backward view, 1,000 px wide for a 1,034-unit drawing with 12-unit text, came
out at 8.5 px on the site. Here the displayed size of every text in every picture the
READMEs link is worked out from the SVG's own numbers, read with an XML parser:

    displayed px = font-size × (transforms' scale) × (shown width / viewBox width)

where the shown width is the SVG's width attribute, or the column when that is narrower.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from columns import GITHUB_COLUMN_PX, MIN_TEXT_PX, SITE_COLUMN_PX
from readme_neuron import readme_neuron

from autograd_mini import draw_graph

ROOT = Path(__file__).resolve().parent.parent
READMES = [ROOT / "README.md", ROOT / "README.zh-CN.md"]
#: Where the README is read, in CSS px: GitHub's README column; the site's at 1,000 px.
COLUMNS = {"GitHub": GITHUB_COLUMN_PX, "the course site": SITE_COLUMN_PX}
SVG = "{http://www.w3.org/2000/svg}"
PX_PER_UNIT = {"px": 1.0, "": 1.0, "pt": 96 / 72}
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+\.svg)\)|<img\s[^>]*src=\"([^\"]+\.svg)\"")


def readme_pictures() -> list[Path]:
    """Every SVG a README shows, by its Markdown or <img> link."""
    found: list[Path] = []
    for readme in READMES:
        if readme.is_file():
            for match in IMAGE.finditer(readme.read_text(encoding="utf-8")):
                path = (readme.parent / (match.group(1) or match.group(2))).resolve()
                if path not in found:
                    found.append(path)
    return found


def _length_px(value: str) -> float:
    match = re.fullmatch(r"([0-9.]+)\s*(px|pt|)", value.strip())
    assert match is not None, f"a length this test does not read: {value!r}"
    return float(match.group(1)) * PX_PER_UNIT[match.group(2)]


def _scale(transform: str) -> float:
    """The vertical scale a transform attribute applies (Graphviz: scale(sx sy) only)."""
    scale = 1.0
    for args in re.findall(r"scale\(([^)]*)\)", transform):
        numbers = [float(x) for x in re.split(r"[\s,]+", args.strip())]
        scale *= numbers[-1]
    if re.search(r"matrix\(|rotate\([^)]*[1-9]", transform):
        raise AssertionError(f"a transform this test does not measure: {transform!r}")
    return scale


def text_sizes(svg: Path) -> tuple[float, float, list[tuple[str, float]]]:
    """(width attribute in px, viewBox width, [(text, font size in viewBox units)])."""
    root = ET.parse(svg).getroot()
    width = _length_px(root.attrib["width"])
    view_width = float(root.attrib["viewBox"].split()[2])
    sizes: list[tuple[str, float]] = []

    def walk(node: ET.Element, scale: float, font: float | None) -> None:
        scale *= _scale(node.attrib.get("transform", ""))
        if "font-size" in node.attrib:
            font = float(node.attrib["font-size"])
        if node.tag == f"{SVG}text" and "".join(node.itertext()).strip():
            assert font is not None, f"{svg.name}: a text with no font-size"
            sizes.append(("".join(node.itertext()).strip(), font * scale))
        for child in node:
            walk(child, scale, font)

    walk(root, 1.0, None)
    return width, view_width, sizes


def displayed(font: float, width: float, view_width: float, column: float) -> float:
    return font * min(width, column) / view_width


def test_displayed_size_by_hand() -> None:
    # The old backward view: width 1,000 px, viewBox 1,034 wide, 12-unit text.
    assert displayed(12, 1000, 1034, 736) == pytest.approx(8.54, abs=0.01)
    assert displayed(12, 1000, 1034, 830) == pytest.approx(9.63, abs=0.01)
    # A 631 px picture of a 473-unit drawing fits both columns: 12 × 631/473 = 16.0 px.
    assert displayed(12, 631, 473, 736) == pytest.approx(16.01, abs=0.01)
    assert _scale("scale(1 1) rotate(0) translate(4 190)") == 1.0
    assert _scale("scale(0.5 0.5)") == 0.5


def test_the_readme_shows_its_pictures() -> None:
    names = {p.name for p in readme_pictures()}
    assert {"neuron_forward.svg", "neuron_backward.svg", "neuron_step.svg"} <= names


@pytest.mark.parametrize("svg", readme_pictures(), ids=lambda p: p.name)
def test_every_readme_picture_is_readable_in_its_columns(svg: Path) -> None:
    width, view_width, sizes = text_sizes(svg)
    assert sizes, f"{svg.name}: no text found"
    problems = []
    for where, column in COLUMNS.items():
        small = [
            (text, round(displayed(font, width, view_width, column), 1))
            for text, font in sizes
            if displayed(font, width, view_width, column) < MIN_TEXT_PX
        ]
        if small:
            problems.append(f"{svg.name} in {where}'s {column:.0f} px column: {small[:4]} …")
    assert not problems, "\n".join(problems)


@pytest.mark.skipif(
    shutil.which("dot") is not None,
    reason="the committed pictures are graphviz-pure's layout; a system dot lays out its own",
)
def test_the_committed_pictures_are_what_make_py_draws_today(tmp_path: Path) -> None:
    """docs/pictures/make.py draws the README's pictures; nothing redrew them when the
    drawing changed, and the committed ones fell behind (neuron_forward.svg at 737 px
    where make.py draws 736; neuron_step.svg without the step's new look). Drawn again
    into a temporary folder, each must be the committed file, byte for byte."""
    spec = importlib.util.spec_from_file_location("make_pictures", ROOT / "docs/pictures/make.py")
    assert spec is not None and spec.loader is not None
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    for drawn in make.main(tmp_path):
        committed = ROOT / "docs/pictures" / drawn.name
        assert drawn.read_bytes() == committed.read_bytes(), (
            f"{committed.relative_to(ROOT)} is not what docs/pictures/make.py draws: "
            f"run .venv/bin/python docs/pictures/make.py"
        )


def _places(svg: str) -> dict[str, tuple[float, float]]:
    """Where each value's name (the bold text of its box) stands: (x, y), y downward."""
    places = {}
    for text in ET.fromstring(svg).iter(f"{SVG}text"):
        if text.get("font-weight") == "bold" and text.text:
            places[text.text] = (float(text.get("x", "0")), float(text.get("y", "0")))
    return places


INPUTS = ("x1", "x2", "w1", "w2", "b")


def test_the_backward_view_lies_as_the_readme_says() -> None:
    """The READMEs said the backward view runs "top to bottom" at 736 px and "left to
    right" at 1,000 px: it is laid out BT and RL, the seed o at the bottom (at the right),
    the inputs at the top (at the left), its arrows pointing up (left) from o toward them.
    The READMEs now say so; this holds the pictures to it. At 1,000 px it stands upright
    too since its boxes name the two products and the two sums by their data
    ("mul=-6.000"): sideways it is wider than the column; rankdir="LR" lays it so."""
    upright = _places((ROOT / "docs/pictures/neuron_backward.svg").read_text(encoding="utf-8"))
    assert all(upright["o"][1] > upright[name][1] for name in INPUTS), upright
    assert draw_graph(readme_neuron(), view="backward").scene.rankdir == "TB"
    sideways = _places(draw_graph(readme_neuron(), view="backward", rankdir="LR").svg())
    assert all(sideways["o"][0] > sideways[name][0] for name in INPUTS), sideways
    for readme, upright_word, sideways_word in [
        (READMES[0], "stands it upright", 'rankdir="LR"` lays it sideways'),
        (READMES[1], "把它竖着画", '`rankdir="LR"` 把它横着画'),
    ]:
        text = readme.read_text(encoding="utf-8")
        assert upright_word in text and sideways_word in text, readme.name
