"""Every matplotlib figure of every notebook is readable where people see it, in both editions.

A notebook's figure is a PNG drawn at the figure's dpi; the page shows it at its own pixel
width, or shrunk to the text column when wider, text included. The course site's column
in a 1,000 px window is 736 px (tests/test_site.py measures it), so a figure 1,014 px wide
with 8-point legend text (notebook 04) showed that text at 8 px. Here each notebook runs
in a fresh kernel with the inline backend, as on the site, with tests/figure_probe.py
installed first: next to each PNG it reports the point size of every text drawn and what
a legend hides. The displayed size of a text is then worked out from the PNG itself:

    displayed px = points × (PNG dpi / 72) × min(1, column / PNG width in px)

and must be at least 11 px; no legend may lie over a line, a marker or a contour line; no
text over an arrow, and an arrow's label nearer its own arrow than any other (notebook
05's reverse network had "× x2 = -0.5" on the w1 arrow); no symbol a CJK font draws a
full em wide inside a formula (zh/05's "∂ C/ ∂ w1"), no TeX drawn as typed (06's
"|x_k − 1|").
Sizes are font sizes (the em), as CSS counts them; a superscript inside a math label
(the exponent of 10⁻¹⁵) is drawn smaller than its label, as in print, and is not counted
separately.
"""

from __future__ import annotations

import base64
import re
import struct
import sys
from pathlib import Path
from typing import Any

import jupytext
import nbformat
import pytest
from columns import MIN_TEXT_PX, SITE_COLUMN_PX

from docs import kernel

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
INCH_PER_M = 39.3701

SOURCES = sorted(ROOT.glob("notebooks/[0-9][0-9]_*.py")) + sorted(
    ROOT.glob("notebooks/zh/[0-9][0-9]_*.py")
)
WITH_FIGURES = [p for p in SOURCES if re.search(r"^import matplotlib", p.read_text(), re.M)]
# Found unreadable when this test was written, in notebooks other sessions were editing:
# 03's two-panel figure is 934 px wide (10.9 px ticks), 06's legend lies over its
# truncation line, 07's contour labels are 7 points (9.7 px) under a legend over its
# contour lines. Remove a name once its notebook passes.
KNOWN: dict[str, str] = {}


def _param(path: Path) -> Any:
    rel = path.relative_to(ROOT).as_posix()
    marks = [pytest.mark.xfail(reason=KNOWN[rel], strict=False)] if rel in KNOWN else []
    return pytest.param(path, id=rel.removeprefix("notebooks/"), marks=marks)


def png_size_and_dpi(png: bytes) -> tuple[int, int, float]:
    """Width and height in pixels (IHDR) and dots per inch (pHYs) of a PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", png[16:24])
    at = 8
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at : at + 8])
        if kind == b"pHYs":
            per_m_x, _, unit = struct.unpack(">IIB", png[at + 8 : at + 17])
            assert unit == 1, "pHYs not in pixels per metre"
            return width, height, per_m_x / INCH_PER_M
        at += 12 + length
    raise AssertionError("the PNG does not say its dpi (no pHYs chunk)")


def displayed_px(
    points: float, dpi: float, css_width: float, column: float = SITE_COLUMN_PX
) -> float:
    """How tall, in CSS px, a font of ``points`` looks in a PNG shown in the column."""
    return points * dpi / 72 * min(1.0, column / css_width)


def test_displayed_px_by_hand() -> None:
    # 10 points at 100 dpi = 13.89 px; a 1,000 px PNG in a 736 px column: × 0.736.
    assert displayed_px(10, 100, 600) == pytest.approx(13.889, abs=1e-3)
    assert displayed_px(8, 100, 1014) == pytest.approx(8 * 100 / 72 * 736 / 1014)
    assert displayed_px(8, 100, 1014) < MIN_TEXT_PX < displayed_px(8, 100, 736)


def _run(path: Path) -> list[tuple[str, bytes, dict[str, Any], dict[str, Any]]]:
    """Execute the notebook with the probe; (cell source, PNG, measurement, metadata)."""
    nb = jupytext.read(path)
    probe = f"import sys\nsys.path.insert(0, {str(TESTS)!r})\nimport figure_probe\n"
    nb.cells.insert(0, nbformat.v4.new_code_cell(probe + "figure_probe.install()"))
    kernel.execute(nb, timeout=300, folder=path.parent)
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "image/png" in data:
                assert "application/json" in data, "a figure the probe did not measure"
                png = base64.b64decode(data["image/png"])
                meta = out.get("metadata", {}).get("image/png", {})
                found.append((cell.source, png, data["application/json"], meta))
    return found


@pytest.mark.parametrize("path", [_param(p) for p in WITH_FIGURES])
def test_every_figure_text_is_readable_and_no_legend_hides_data(
    path: Path, inline_kernel: None
) -> None:
    figures = _run(path)
    assert figures, f"{path.name} imports matplotlib but showed no figure"
    problems = []
    for n, (source, png, measured, meta) in enumerate(figures, start=1):
        width, _, dpi = png_size_and_dpi(png)
        assert dpi == pytest.approx(measured["dpi"], rel=1e-3), "probe and PNG disagree"
        css_width = float(meta.get("width", width))  # a retina PNG says its CSS width
        lines = source.strip().splitlines()
        made = next((line for line in lines if "subplots(" in line or "figure(" in line), lines[0])
        where = f"figure {n} ({width} px wide; {made.strip()!r})"
        assert measured["texts"], f"{where}: no text was drawn"
        small = [
            f"{text!r} {displayed_px(pt, dpi, css_width):.1f} px"
            for text, pt in measured["texts"]
            if displayed_px(pt, dpi, css_width) < MIN_TEXT_PX
        ]
        if small:
            shown = ", ".join(small[:4]) + (f" and {len(small) - 4} more" if len(small) > 4 else "")
            problems.append(f"{where}: text below {MIN_TEXT_PX} px: {shown}")
        problems += [f"{where}: {hidden}" for hidden in measured["hidden"]]
        problems += [f"{where}: {over}" for over in measured["overlaps"]]
        problems += [f"{where}: {over}" for over in measured["over_arrows"]]
        problems += [f"{where}: {wide}" for wide in measured["full_width"]]
        problems += [f"{where}: {typed}" for typed in measured["tex_as_typed"]]
        problems += [f"{where}: {bar}" for bar in measured["below_log_ticks"]]
    assert not problems, "\n".join(problems)


def test_the_probe_finds_a_legend_over_a_line_and_counts_only_drawn_text() -> None:
    """The probe can fail: a legend over a line is reported, one below the axes is not,
    and a tick label outside the axis limits (kept by matplotlib, never drawn) is not text.
    """
    import figure_probe
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 3), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    ax.plot([0, 1], [0.5, 0.5], label="a flat line")
    ax.set_xticks([0, 0.5, 1, 2], ["0", "half", "1", "two"])
    ax.set_xlim(0, 1)  # after the ticks, which would widen the limits to show "two"
    ax.legend(loc="center", fontsize=7)
    over = figure_probe.measure(fig)
    assert len(over["hidden"]) == 1 and "a flat line" in over["hidden"][0], over["hidden"]
    assert ("a flat line", 7.0) in over["texts"] and ("half", 10.0) in over["texts"]
    assert "two" not in [text for text, _ in over["texts"]]

    ax.get_legend().remove()
    fig.set_layout_engine("constrained")
    fig.legend(loc="outside lower center")
    assert figure_probe.measure(fig)["hidden"] == []
    fig.legends[0].set_loc("center")  # a figure's legend over the axes is found too
    assert len(figure_probe.measure(fig)["hidden"]) == 1
    assert figure_probe.measure(fig)["overlaps"] == []  # ticks, labels, legend: apart


def test_the_probe_finds_a_bar_below_every_labelled_tick_of_a_log_axis() -> None:
    """Notebook 02's bars, 1.8·10⁻³ to 8.6·10⁻²: matplotlib labelled 10⁻² and 10⁻¹ only."""
    import figure_probe
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 3.5), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    ax.bar([1, 2, 3, 4], [1.8e-3, 7.3e-3, 1.2e-2, 8.6e-2])
    ax.set_yscale("log")
    found = figure_probe.measure(fig)["below_log_ticks"]
    assert len(found) == 1 and "0.0018" in found[0], found
    ax.set_ylim(1e-3, 1e-1)  # a labelled decade under every bar
    assert figure_probe.measure(fig)["below_log_ticks"] == []


def test_the_probe_reads_only_upright_bars_at_their_tops_on_a_log_axis() -> None:
    """A shaded band (its height is 1 in axes units), a stacked bar's upper part (short,
    but its top is high), an empty bin of a log histogram (nothing drawn): each has a
    number to read it against; a real bar under the lowest label is still found."""
    import figure_probe
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    def axes() -> tuple[Figure, Any]:
        fig = Figure(figsize=(6, 3.5), dpi=100)
        FigureCanvasAgg(fig)
        return fig, fig.subplots()

    fig, ax = axes()
    ax.plot([1, 2, 3], [20, 200, 900])
    ax.set_yscale("log")
    ax.set_ylim(10, 1000)
    ax.axvspan(1.5, 2.5, alpha=0.2)
    assert figure_probe.measure(fig)["below_log_ticks"] == []

    fig, ax = axes()
    ax.bar([1, 2], [0.5, 0.5])
    ax.bar([1, 2], [0.005, 0.5], bottom=[0.5, 0.5])  # tops at 0.505 and 1
    ax.set_yscale("log")
    ax.set_ylim(1e-2, 1e1)
    assert figure_probe.measure(fig)["below_log_ticks"] == []
    ax.bar([3], [0.005])  # on its own: below the lowest label, 10⁻²
    assert len(figure_probe.measure(fig)["below_log_ticks"]) == 1

    fig, ax = axes()
    ax.hist([0.0] * 1000 + [5.0], bins=5, log=True)  # three empty bins
    assert figure_probe.measure(fig)["below_log_ticks"] == []


def test_the_probe_finds_a_line_below_every_labelled_tick_of_a_log_axis() -> None:
    """Notebook 04's training costs, 0.17 down to 3.3·10⁻³: matplotlib labelled 10⁻² and
    10⁻¹ only. A vertical line in axes coordinates (0 to 1 of the height) and a legend's
    empty stand-in are not data to read off the axis."""
    import figure_probe
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3.6, 3.4), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    ax.plot([1, 10, 20, 40], [0.17, 0.02, 0.009, 0.0033])
    ax.plot([], [], "k-", label="a legend entry")
    ax.axvline(5, color="grey")
    ax.set_yscale("log")
    found = figure_probe.measure(fig)["below_log_ticks"]
    assert len(found) == 1 and "0.0033" in found[0] and "0.01" in found[0], found
    ax.set_ylim(1e-3, 1)  # a labelled decade under every point
    assert figure_probe.measure(fig)["below_log_ticks"] == []
    ax.set_ylim(1e-2, 1)  # the points below 10⁻² are cut off, not drawn: nothing to read
    assert figure_probe.measure(fig)["below_log_ticks"] == []


def test_the_probe_reads_a_line_where_it_is_drawn_on_a_log_axis() -> None:
    """A point past the x limits is not drawn: it was reported as "a line drawn down to"
    it. A horizontal line (``axhline``: its width in axes coordinates, its height in data
    coordinates) under every labelled tick was not reported."""
    import figure_probe
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3.6, 3.4), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    ax.plot([1, 10, 20, 40], [0.5, 0.1, 0.05, 0.0033])
    ax.set_yscale("log")
    ax.set_ylim(3e-3, 1)  # labelled 10⁻², 10⁻¹, 10⁰: 0.0033 would lie below them
    ax.set_xlim(0, 25)  # but the point at x = 40 is cut off
    assert figure_probe.measure(fig)["below_log_ticks"] == []
    ax.set_xlim(0, 45)
    assert len(figure_probe.measure(fig)["below_log_ticks"]) == 1
    ax.set_xlim(0, 25)
    ax.axhline(0.004, color="k")  # a threshold drawn across, below 10⁻²
    found = figure_probe.measure(fig)["below_log_ticks"]
    assert len(found) == 1 and "0.004" in found[0] and "0.01" in found[0], found


def test_the_probe_finds_texts_drawn_over_each_other() -> None:
    """A label whose white box runs into a framed box (notebook 05's reverse network had
    two) is reported, by both texts; the same label moved clear of it is not."""
    import figure_probe
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 3), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    ax.set_xlim(0, 4)
    ax.set_ylim(0, 3)
    ax.text(2, 1.5, "∂C/∂a\n-0.6643", ha="center", va="center", bbox={"ec": "k"})
    label = ax.text(2, 1.75, "× σ′(z) = 0.222", ha="center", bbox={"fc": "white"})
    (found,) = figure_probe.measure(fig)["overlaps"]
    assert found.startswith("'∂C/∂a\\n-0.6643' overlaps '× σ′(z) = 0.222'"), found
    label.set_y(2.6)
    assert figure_probe.measure(fig)["overlaps"] == []


def _reverse_network() -> Any:
    """A reverse network as notebook 05 draws it: two arrows from one box, each labelled."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch

    fig = Figure(figsize=(4, 3), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    ax.set_xlim(0, 4)
    ax.set_ylim(0, 3)
    for end, gid in (((0.5, 2.5), "z → w1"), ((0.5, 0.5), "z → b")):
        ax.add_patch(FancyArrowPatch((3, 1.5), end, arrowstyle="-|>", gid=gid))
    return fig, ax


def test_the_probe_finds_a_label_over_an_arrow_or_by_the_wrong_one() -> None:
    """A label with a white box on the middle of its arrow is drawn over it; one beside the
    other arrow is nearer that one; beside its own, off the shaft, it is neither."""
    import figure_probe

    fig, ax = _reverse_network()
    label = ax.text(1.75, 2.0, "× x1 = 1.5", ha="center", va="center", gid="z → w1")
    label.set_bbox({"fc": "white", "ec": "none"})
    (over,) = figure_probe.measure(fig)["over_arrows"]
    assert over.startswith("'× x1 = 1.5' is drawn over the arrow 'z → w1'"), over

    label.set_position((1.75, 0.7))  # below both arrows' fork, beside z → b
    label.set_va("top")
    (stray,) = figure_probe.measure(fig)["over_arrows"]
    assert "labels the arrow 'z → w1'" in stray and "nearer the arrow 'z → b'" in stray, stray

    label.set_position((1.85, 2.15))  # above z → w1, clear of it
    label.set_va("bottom")
    label.set_ha("left")
    assert figure_probe.measure(fig)["over_arrows"] == []


def test_the_probe_finds_a_full_width_symbol_and_tex_drawn_as_typed() -> None:
    """Noto Sans SC, the Chinese editions' font, draws ∂ a full em wide ("∂ C/ ∂ w1"):
    reported in plain text, not in mathtext, nor → between spaces; "|x_k − 1|" is TeX
    drawn as typed, "$|x_k - 1|$" is typeset."""
    import figure_probe
    import matplotlib

    zh = str(ROOT / "notebooks" / "zh")  # not left on the path: it holds a copy of exercises/
    sys.path.insert(0, zh)
    try:
        from cjk_font import regular_font
    finally:
        sys.path.remove(zh)
    with matplotlib.rc_context():
        from matplotlib import font_manager

        font_manager.fontManager.addfont(str(regular_font()))
        matplotlib.rcParams["font.family"] = ["Noto Sans SC", "DejaVu Sans"]
        fig, ax = _reverse_network()
        ax.text(0.2, 0.2, "∂C/∂w1", fontsize=9)
        ax.text(0.2, 1.2, "$\\partial C/\\partial w_1$ 的绝对误差", fontsize=9)
        ax.text(2.2, 0.2, "真实 → 预测", fontsize=9)
        ax.set_ylabel("|x_k − 1|")
        ax.set_xlabel("$|x_k - 1|$")
        measured = figure_probe.measure(fig)
    (wide,) = measured["full_width"]
    assert wide.startswith("'∂C/∂w1' draws ∂ (Noto Sans SC: 9.0 of 9 pt)"), wide
    (typed,) = measured["tex_as_typed"]
    assert typed.startswith("'|x_k − 1|' shows TeX as typed (x_k)"), typed
