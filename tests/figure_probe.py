"""Measures every matplotlib figure a notebook shows, inside the notebook's own kernel.

``install()`` (run as an extra first cell by tests/test_figures.py) registers a formatter
for the ``application/json`` MIME type, so the display of each figure carries, next to
the PNG the inline backend draws, what that PNG was drawn from: the figure's dpi, the
size in points of every piece of text actually drawn, and the data a legend hides.

Text is collected while the figure is drawn (``Text.draw`` is wrapped during one
``canvas.draw()`` and put back after it): a tick label outside the axis limits, which
matplotlib keeps but does not draw, is not counted; every legend entry, tick label, axis
label and title that is drawn is.

A legend hides data when a drawn point of a line, a scatter marker or a contour line
lies inside the legend's box: lines are sampled every pixel along each segment, so a
line under a legend is found even when none of its vertices is.

Arrows (``FancyArrowPatch``, an annotation's arrow) are sampled the same way, shaft and
head: a text whose box covers a point of an arrow is drawn over it (a white box hides
it). A text that labels an arrow says so by carrying the arrow's ``gid``
(``ax.text(..., gid=...)``, ``FancyArrowPatch(..., gid=...)``); it must lie nearer its
own arrow than any other, or it reads as another arrow's label.

A CJK font (the Chinese editions' Noto Sans SC) draws some symbols a full em wide that
Unicode gives no wide form, ∂ among them: "∂C/∂w1" then reads "∂ C/ ∂ w1". Each drawn
text's plain part (outside $…$, which mathtext draws in its own fonts) is looked up
glyph by glyph in the fonts matplotlib would use, and such a symbol is reported. So is
TeX in a plain part ("|x_k − 1|"): matplotlib draws it as typed.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.container import BarContainer
from matplotlib.contour import ContourSet
from matplotlib.figure import Figure
from matplotlib.font_manager import fontManager, get_font
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox


def _dense(points: np.ndarray, step: float = 1.0) -> np.ndarray:
    """Points every ``step`` px along a polyline given by its vertices (display coords)."""
    points = points[np.all(np.isfinite(points), axis=1)]
    if len(points) < 2:
        return points
    out = [points[:1]]
    for a, b in itertools.pairwise(points):
        n = max(1, int(np.ceil(np.hypot(*(b - a)) / step)))
        out.append(a + (b - a) * (np.arange(1, n + 1)[:, None] / n))
    return np.concatenate(out)


def _inside(box: Bbox, points: np.ndarray) -> int:
    if len(points) == 0:
        return 0
    x, y = points[:, 0], points[:, 1]
    return int(np.sum((x > box.x0) & (x < box.x1) & (y > box.y0) & (y < box.y1)))


def _under(ax: Axes, box: Bbox) -> list[str]:
    """The data of ``ax`` drawn inside ``box``: lines, scatter markers, contour lines."""
    found = []
    for line in ax.get_lines():
        if not line.get_visible() or len(line.get_xydata()) == 0:
            continue
        pts = line.get_transform().transform_path(line.get_path()).vertices
        if line.get_linestyle() not in ("None", ""):
            pts = _dense(pts)
        pts = np.array([p for p in pts if ax.bbox.contains(*p)]).reshape(-1, 2)
        if n := _inside(box, pts):
            found.append(f"line {line.get_label()!r} ({n} px under the legend)")
    for coll in ax.collections:
        if not coll.get_visible():
            continue
        if isinstance(coll, PathCollection):
            offsets = np.asarray(coll.get_offset_transform().transform(coll.get_offsets()))
            if n := _inside(box, offsets):
                found.append(f"{n} markers of {coll.get_label()!r}")
        elif isinstance(coll, ContourSet) and not coll.filled:
            trans = coll.get_transform()
            n = sum(_inside(box, _dense(trans.transform(p.vertices))) for p in coll.get_paths())
            if n:
                found.append(f"contour lines ({n} px under the legend)")
    return found


def _hidden(fig: Figure) -> list[str]:
    """What each legend drawn over an axes hides: '<axes title>: <artist> (n px)'.

    An axes' own legend and the figure's legends (``fig.legend``) are both looked at.
    """
    problems = []
    for ax in fig.axes:
        legends: list[Legend | None] = [ax.get_legend(), *fig.legends]
        for legend in legends:
            if legend is None or not legend.get_visible():
                continue
            box = Bbox.intersection(legend.get_window_extent(), ax.bbox)
            if box is None:  # the legend is outside the axes: it hides nothing of them
                continue
            where = ax.get_title() or f"axes {fig.axes.index(ax)}"
            problems += [f"{where}: {what}" for what in _under(ax, box)]
    return problems


def _overlapping(boxes: list[tuple[str, Bbox]], least: float = 1.0) -> list[str]:
    """Each pair of drawn texts whose boxes (the text, or the box drawn around it) overlap
    by more than ``least`` px both ways: one is drawn over the other."""
    found = []
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        width = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
        height = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
        if width > least and height > least:
            found.append(f"{a!r} overlaps {b!r} ({width:.0f} × {height:.0f} px)")
    return found


def _arrows(fig: Figure) -> list[tuple[str, np.ndarray]]:
    """Every arrow drawn in the figure's axes: (its gid or "", points every px along it).

    The outline of the shaft and of the head are both sampled (display coordinates).
    """
    found = []
    for ax in fig.axes:
        patches = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
        patches += [t.arrow_patch for t in ax.texts if isinstance(t, Annotation) and t.arrow_patch]
        for patch in patches:
            if not patch.get_visible():
                continue
            path = patch.get_transform().transform_path(patch.get_path())
            polygons = [_dense(np.asarray(p)) for p in path.to_polygons(closed_only=False)]
            if polygons:
                found.append((patch.get_gid() or "", np.concatenate(polygons)))
    return found


def _distance(box: Bbox, points: np.ndarray) -> float:
    """The shortest distance in px from ``box`` to any of ``points`` (0 inside it)."""
    dx = np.maximum(np.maximum(box.x0 - points[:, 0], points[:, 0] - box.x1), 0)
    dy = np.maximum(np.maximum(box.y0 - points[:, 1], points[:, 1] - box.y1), 0)
    return float(np.min(np.hypot(dx, dy)))


def _over_arrows(
    boxes: list[tuple[str, Bbox, str]], arrows: list[tuple[str, np.ndarray]]
) -> list[str]:
    """Texts drawn over an arrow, and arrow labels (a text carrying an arrow's gid) that lie
    nearer another arrow than their own."""
    found = []
    for text, box, gid in boxes:
        for name, points in arrows:
            if n := _inside(box, points):
                arrow = f"the arrow {name!r}" if name else "an arrow"
                found.append(f"{text!r} is drawn over {arrow} ({n} px of it)")
        own = [points for name, points in arrows if gid and name == gid]
        if not gid or not own:
            continue
        mine = min(_distance(box, points) for points in own)
        for name, points in arrows:
            if name != gid and (d := _distance(box, points)) < mine:
                found.append(
                    f"{text!r} labels the arrow {gid!r} ({mine:.0f} px away) but lies nearer "
                    f"the arrow {name!r} ({d:.0f} px)"
                )
    return found


def _plain(text: Text) -> str:
    """The part of a text drawn as plain text: outside pairs of unescaped $ (mathtext)."""
    parts = re.split(r"(?<!\\)\$", text.get_text())
    if not text.get_parse_math() or len(parts) % 2 == 0:  # an odd number of $: no math
        return text.get_text()
    return "".join(parts[::2])


def _full_width(text: Text) -> list[str]:
    """Symbols of a text's plain part, written against a neighbour (∂C, −∇C, not 1 → 8),
    that its font draws a full em wide though Unicode gives them no wide form
    (east_asian_width N or A), with how wide they are drawn.

    matplotlib takes each glyph from the first family of ``font.family`` that has it.
    """
    plain = _plain(text)
    touching = {
        char
        for at, char in enumerate(plain)
        if not char.isspace()
        and unicodedata.east_asian_width(char) in "NA"
        and any(0 <= near < len(plain) and not plain[near].isspace() for near in (at - 1, at + 1))
    }
    prop = text.get_fontproperties()
    size = prop.get_size_in_points()
    found = []
    for char in sorted(touching):
        for family in prop.get_family():
            one = prop.copy()
            one.set_family(family)
            font = get_font(fontManager.findfont(one))
            if font.get_char_index(ord(char)):
                font.set_size(size, 72)  # 72 dpi: lengths in points
                advance = font.load_char(ord(char)).linearHoriAdvance / 65536
                if advance >= 0.95 * size:
                    found.append(f"{char} ({font.family_name}: {advance:.1f} of {size:g} pt)")
                break
    return found


# TeX outside $…$, which matplotlib draws as typed: x_k, a^{2}, \partial.
TEX = re.compile(r"[A-Za-z0-9)\]}][_^][A-Za-z0-9{(\\]|\\[A-Za-z]{2,}")


def _tex_as_typed(text: Text) -> list[str]:
    """TeX in a text's plain part: drawn as typed ("|x_k − 1|"), not typeset."""
    return TEX.findall(_plain(text))


def _drawn_ys(ax: Axes, line: Line2D) -> list[float]:
    """The heights in data coordinates of a line's points inside the axes: a point of
    ``plot`` within both axis limits, ``axhline``'s height within the y limits (its width
    is in axes coordinates). ``axvline`` has none (its height is in axes coordinates), nor
    has a point beyond the x limits (not drawn, though it was read as "a line drawn down
    to" it); a segment running out of the axes is read at its points inside."""
    low, high = sorted(ax.get_ylim())
    ys = np.asarray(line.get_ydata(), dtype=float)
    if line.get_transform() is ax.transData:
        left, right = sorted(ax.get_xlim())
        xs = np.asarray(line.get_xdata(), dtype=float)
        inside = np.isfinite(xs) & (left <= xs) & (xs <= right)
    elif line.get_transform() is ax.get_yaxis_transform(which="grid"):
        inside = np.ones(ys.shape, dtype=bool)
    else:
        return []
    return [float(y) for y in ys[inside] if np.isfinite(y) and low <= y <= high]


def _below_log_ticks(fig: Figure) -> list[str]:
    """A bar on a log-scale y axis whose top lies below the lowest labelled tick: its size
    is read off no number (notebook 02's layer-1 bar at 1.8·10⁻³ under a lowest label 10⁻²).
    Run after the figure is drawn, so the tick labels are the ones shown. Bars are those of
    ``bar`` and ``hist`` drawn upright, read at their tops (a stacked bar's top is its
    bottom plus its height); a shaded band (``axvspan``), sideways bars and an empty bin
    (nothing drawn) are not bars to read off the axis. A line plotted in data coordinates
    is read at its lowest point drawn (inside the axis limits): notebook 04's training
    costs went down to 3.3·10⁻³ under a lowest label 10⁻². A line drawn in axes
    coordinates (``axvline``) and a legend's empty stand-in have no such point; a horizontal
    line (``axhline``) is read at its height (see ``_drawn_ys``)."""
    found = []
    for ax in fig.axes:
        if ax.get_yscale() != "log":
            continue
        low, high = sorted(ax.get_ylim())
        labelled = [
            tick.get_loc()
            for tick in ax.yaxis.get_major_ticks() + ax.yaxis.get_minor_ticks()
            if tick.label1.get_visible()
            and tick.label1.get_text()
            and low <= tick.get_loc() <= high
        ]
        tops = [
            bar.get_y() + bar.get_height()
            for bars in ax.containers
            if isinstance(bars, BarContainer) and bars.orientation == "vertical"
            for bar in bars
            if bar.get_height() > 0
        ]
        if labelled and tops and min(tops) < min(labelled):
            lowest = f"{min(labelled):.2g}"
            found.append(
                f"a bar of height {min(tops):.2g} lies below the lowest labelled tick {lowest}"
            )
        drawn = [y for line in ax.get_lines() if line.get_visible() for y in _drawn_ys(ax, line)]
        if labelled and drawn and min(drawn) < min(labelled):
            lowest = f"{min(labelled):.2g}"
            found.append(
                f"a line drawn down to {min(drawn):.2g} lies below the lowest labelled tick"
                f" {lowest}"
            )
    return found


def measure(fig: Figure) -> dict[str, Any]:
    """The figure as drawn: dpi, [text, size in points] of every drawn text, hidden data,
    the pairs of texts drawn over each other, the texts drawn over an arrow or nearer
    another arrow than the one they label, the symbols a CJK font draws a full em wide
    inside a formula, and TeX written outside $…$."""
    texts: list[tuple[str, float]] = []
    boxes: list[tuple[str, Bbox, str]] = []  # text, its box, its gid
    wide: list[str] = []
    typed: list[str] = []
    draw = Text.draw

    def recording_draw(self: Text, renderer: Any) -> Any:
        result = draw(self, renderer)
        if self.get_visible() and self.get_text().strip():
            texts.append((self.get_text(), float(self.get_fontsize())))
            box = self.get_window_extent(renderer)
            patch = self.get_bbox_patch()
            if patch is not None:  # the white or framed box drawn around it
                box = Bbox.union([box, patch.get_window_extent(renderer)])
            boxes.append((self.get_text(), box, self.get_gid() or ""))
            if symbols := _full_width(self):
                wide.append(f"{self.get_text()!r} draws {', '.join(symbols)} a full em wide")
            if tex := _tex_as_typed(self):
                shown = ", ".join(tex)
                typed.append(f"{self.get_text()!r} shows TeX as typed ({shown}): put it in $…$")
        return result

    Text.draw = recording_draw  # type: ignore[method-assign]
    try:
        fig.canvas.draw()
    finally:
        Text.draw = draw  # type: ignore[method-assign]
    return {
        "dpi": float(fig.dpi),
        "texts": texts,
        "hidden": _hidden(fig),
        "overlaps": _overlapping([(text, box) for text, box, _ in boxes]),
        "over_arrows": _over_arrows(boxes, _arrows(fig)),
        "full_width": wide,
        "tex_as_typed": typed,
        "below_log_ticks": _below_log_ticks(fig),
    }


def install() -> None:
    """Show ``measure(fig)`` as application/json with every figure the kernel displays.

    The inline backend, when pyplot first starts it, drops every formatter registered for
    Figure: it is started here first (one figure made and closed), then the probe is added.
    """
    import matplotlib.pyplot as plt
    from IPython import get_ipython

    plt.close(plt.figure())
    shell = get_ipython()
    shell.display_formatter.formatters["application/json"].for_type(Figure, measure)
