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
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.contour import ContourSet
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text
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


def measure(fig: Figure) -> dict[str, Any]:
    """The figure as drawn: dpi, [text, size in points] of every drawn text, hidden data,
    and the pairs of texts drawn over each other."""
    texts: list[tuple[str, float]] = []
    boxes: list[tuple[str, Bbox]] = []
    draw = Text.draw

    def recording_draw(self: Text, renderer: Any) -> Any:
        result = draw(self, renderer)
        if self.get_visible() and self.get_text().strip():
            texts.append((self.get_text(), float(self.get_fontsize())))
            box = self.get_window_extent(renderer)
            patch = self.get_bbox_patch()
            if patch is not None:  # the white or framed box drawn around it
                box = Bbox.union([box, patch.get_window_extent(renderer)])
            boxes.append((self.get_text(), box))
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
        "overlaps": _overlapping(boxes),
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
