"""Pictures on a printed page (a notebook's HTML printed or saved as PDF from Chromium).

On screen a picture wider than its column keeps its readable size in a box that scrolls
sideways; paper does not scroll, so there the box clipped the picture at the page's
right margin. In print a picture is shrunk to the page's width instead, whole, and a
step player shows its current frame whole too. Checked by geometry in Chromium with
print media: the drawing's box ends inside the page, and nothing is left to scroll to.
"""

from __future__ import annotations

import re
import zlib
from typing import Any

import pytest

from autograd_mini import Value, draw_graph, step_player

PAGE_PX = 700  # an A4 page's width inside Chromium's default print margins, about 718 px


@pytest.fixture
def viewport() -> dict[str, int]:
    return {"width": PAGE_PX, "height": 900}


def _two_two_one() -> Value:
    """A 2-2-1 sigmoid network's squared error: its drawings are 1,100-1,300 px wide."""
    x1, x2 = Value(1.0, label="x1"), Value(0.5, label="x2")
    v = [Value(c, label=f"v{i}") for i, c in enumerate((0.2, -0.4, 0.3, 0.1))]
    g1, g2, th = Value(0.1, label="g1"), Value(-0.2, label="g2"), Value(0.05, label="t")
    w1, w2 = Value(0.5, label="w1"), Value(-0.3, label="w2")
    b1 = (x1 * v[0] + x2 * v[1] - g1).sigmoid()
    b2 = (x1 * v[2] + x2 * v[3] - g2).sigmoid()
    y = (b1 * w1 + b2 * w2 - th).sigmoid()
    out = 0.5 * (y - 1.0) ** 2
    out.label = "E"
    return out


# the drawing shown (the player's current frame), its box's right edge and how far the
# box could still scroll sideways, and the page's width
_GEOMETRY = """() => {
  const svg = [...document.querySelectorAll("svg")].find(s => s.getClientRects().length);
  const box = svg.parentElement;
  const r = svg.getBoundingClientRect();
  return {svgRight: r.right, svgWidth: r.width, svgHeight: r.height,
          boxBottom: box.getBoundingClientRect().bottom, svgBottom: r.bottom,
          hidden: box.scrollWidth - box.clientWidth,
          natural: svg.viewBox.baseVal.width / svg.viewBox.baseVal.height,
          page: document.documentElement.clientWidth};
}"""


def _printed(page: Any, body: str) -> dict[str, float]:
    page.emulate_media(media="print")
    page.set_content(f"<!doctype html><html><body style='margin:8px'>{body}</body></html>")
    geometry: dict[str, float] = page.evaluate(_GEOMETRY)
    return geometry


def _whole_on_the_page(g: dict[str, float], screen_width: float) -> None:
    assert screen_width > PAGE_PX  # it scrolls on a screen this wide: a case to check
    assert g["svgRight"] <= g["page"] + 0.5, g  # not past the page's right edge
    assert g["hidden"] <= 1, g  # nothing left in the box to scroll to: nothing cut
    assert g["svgBottom"] <= g["boxBottom"] + 0.5, g  # not cut at the bottom either
    # shrunk as a whole: its shape kept, not squeezed sideways
    assert g["svgWidth"] / g["svgHeight"] == pytest.approx(g["natural"], rel=0.02)


def test_a_wide_picture_prints_whole(page: Any) -> None:
    graph = draw_graph(_two_two_one())
    width = float(graph.svg().split('width="', 1)[1].split("px", 1)[0])
    _whole_on_the_page(_printed(page, graph._repr_html_() or ""), width)


def test_a_step_players_frame_prints_whole(page: Any) -> None:
    player = step_player(_two_two_one())
    width = float(player.svgs[0].split('width="', 1)[1].split("px", 1)[0])
    _whole_on_the_page(_printed(page, player.html()), width)


def test_a_step_players_buttons_do_not_print(page: Any) -> None:
    """Its buttons, slider and count did nothing on paper and printed over the frame's
    caption line; printed, they are hidden, the frame's caption is not."""
    player = step_player(_two_two_one())
    _printed(page, player.html())
    shown = page.evaluate(
        """() => [...document.querySelectorAll("button, input, .agm-count, .agm-caption")]
                 .map(e => [e.tagName + "." + e.className, e.getClientRects().length > 0])"""
    )
    assert shown and all(visible == ("agm-caption" in name) for name, visible in shown), shown
    page.emulate_media(media="screen")  # on a screen, they are there
    assert page.evaluate("document.querySelector('button').getClientRects().length") == 1


def test_a_picture_taller_than_a_page_prints_whole_on_one_page(page: Any) -> None:
    """A chain of 14 tanh layers drawn upright is 4,007 px tall and 222 px wide: it fits
    the page's width, so printing shrank nothing and Chromium cut it across five A4
    pages, through its boxes. Printed, it is shrunk to the page's height too, its shape
    kept. Oracles: Chromium's own A4 print (its pages counted) and the drawing's box."""
    x = Value(0.3, label="x")
    y = x
    for _ in range(14):
        y = (y * 1.1).tanh()
    y.backward()
    body = draw_graph(y, rankdir="TB")._repr_html_() or ""
    g = _printed(page, body)
    assert g["svgHeight"] <= page.viewport_size["height"], g
    assert g["svgWidth"] / g["svgHeight"] == pytest.approx(g["natural"], rel=0.02)
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    # a player's frame as tall, its caption above it, on one page as well
    pdf_player = _printed(page, step_player(y, rankdir="TB", max_frames=200).html())
    assert pdf_player["svgHeight"] <= page.viewport_size["height"], pdf_player
    assert len(re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="A4"))) == 1


def _text_objects_by_page(pdf: bytes) -> list[int]:
    """How many text objects (BT … ET) each page of Chromium's PDF draws, in page order
    (the /Pages tree's /Kids): the pages' content streams read by hand."""
    objects = {int(m[1]): m[2] for m in re.finditer(rb"(\d+) 0 obj(.*?)endobj", pdf, re.S)}

    def content(number: int) -> bytes:
        body = objects[number]
        found = re.search(rb"stream\r?\n(.*)\r?\nendstream", body, re.S)
        assert found, number
        data = found[1]
        return zlib.decompress(data) if b"FlateDecode" in body[: found.start()] else data

    def pages(number: int) -> list[bytes]:
        body = objects[number]
        if not re.search(rb"/Type\s*/Pages\b", body):
            return [body]
        kids = re.search(rb"/Kids\s*\[([^\]]*)\]", body)
        assert kids, number
        return [page for kid in re.findall(rb"(\d+) 0 R", kids[1]) for page in pages(int(kid))]

    catalog = next(b for b in objects.values() if re.search(rb"/Type\s*/Catalog", b))
    root = re.search(rb"/Pages\s+(\d+) 0 R", catalog)
    assert root
    counts = []
    for page in pages(int(root[1])):
        streams = re.search(rb"/Contents\s*(\[[^\]]*\]|\d+ 0 R)", page)
        assert streams
        refs = re.findall(rb"(\d+) 0 R", streams[1])
        counts.append(sum(len(re.findall(rb"\bBT\b", content(int(r)))) for r in refs))
    return counts


@pytest.mark.parametrize("scripting", [True, False])
def test_a_printed_frame_keeps_its_caption_on_its_page(chromium: Any, scripting: bool) -> None:
    """A player's frame printed 90 % of a page tall, under something a third of a page
    high, went on to the next page and left its caption at the foot of the page before
    (without scripting, every frame's caption was left on the page of the frame before).
    The caption and its frame are kept together. Oracles: Chromium's own A4 print, each
    page's text objects counted in the PDF by hand, against the frame's SVG <text>
    elements (86) and one caption: the filler's page holds no text."""
    x = Value(0.3, label="x")
    y = x
    for _ in range(14):  # 4,007 px tall upright: printed at the page's height
        y = (y * 1.1).tanh()
    player = step_player(y, rankdir="TB", max_frames=200)
    texts = [svg.count("<text") for svg in player.svgs]
    filler = "<div style='height:300px;border:2px solid #888'></div>"  # no text
    context = chromium.new_context(
        viewport={"width": PAGE_PX, "height": 900}, java_script_enabled=scripting
    )
    try:
        page = context.new_page()
        page.emulate_media(media="print")
        page.set_content(f"<!doctype html><html><body>{filler}{player.html()}</body></html>")
        counts = _text_objects_by_page(page.pdf(format="A4"))
    finally:
        context.close()
    shown = texts[:1] if scripting else texts  # scripted, the first frame alone
    assert counts == [0] + [n + 1 for n in shown], (counts, texts)


#: A4's page box in CSS px (210 × 297 mm at 96 px an inch), less a margin of 1 cm (38
#: px) a side: the viewport a printed page lays out in (its shape is what matters here;
#: pypdfium2's glyph boxes in Chromium's own A4 PDFs gave the same ratios, 0.71, 0.31, 0.44).
A4_PORTRAIT = {"width": 794 - 2 * 38, "height": 1123 - 2 * 38}
A4_LANDSCAPE = {"width": A4_PORTRAIT["height"], "height": A4_PORTRAIT["width"]}


def test_a_picture_taller_than_a_page_prints_largest_upright_on_a_portrait_page(
    chromium: Any,
) -> None:
    """The README's advice for a picture taller than a page, checked: printed whole, it
    is small, and landscape paper or drawing it sideways (rankdir="LR") makes its text
    smaller still (0.7 of portrait's; 0.3-0.45, wider than the page sideways): not
    advice to give. Oracle: the smallest text's size as laid out for print on each page
    (its font size × the drawing's shown width / its viewBox width), and the README."""
    sizes = {}
    for rankdir in ("TB", "LR"):
        x = Value(0.3, label="x")
        y = x
        for _ in range(14):
            y = (y * 1.1).tanh()
        y.backward()
        body = draw_graph(y, rankdir=rankdir)._repr_html_() or ""
        for paper, box in (("portrait", A4_PORTRAIT), ("landscape", A4_LANDSCAPE)):
            context = chromium.new_context(viewport=box)
            try:
                page = context.new_page()
                g = _printed(page, body)
                font = min(float(f) for f in re.findall(r'font-size="([\d.]+)"', body))
                sizes[rankdir, paper] = (
                    font
                    * g["svgWidth"]
                    / page.evaluate("document.querySelector('svg').viewBox.baseVal.width")
                )
            finally:
                context.close()
    best = sizes["TB", "portrait"]
    assert 0.6 < sizes["TB", "landscape"] / best < 0.8, sizes  # the README's 0.7
    assert max(sizes["LR", "portrait"], sizes["LR", "landscape"]) < 0.5 * best, sizes
    root = __file__.rsplit("/tests/", 1)[0]
    for readme, said in (
        ("README.md", 'landscape paper, or the picture drawn sideways (`rankdir="LR"`)'),
        ("README.zh-CN.md", '横向打印，或者把图横着画（`rankdir="LR"`）'),  # noqa: RUF001
    ):
        with open(f"{root}/{readme}", encoding="utf-8") as f:
            assert said in f.read(), readme
