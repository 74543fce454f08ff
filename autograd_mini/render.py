"""Turning DOT text into pictures, and sizing the pictures for the people who read them.

Rendering runs the system ``dot`` when it is installed and otherwise the ``graphviz-pure``
program from PyPI (installed with this package), so a plain ``pip install`` can draw.

The size policy lives here too, because it is a property of the rendered SVG, not of the
graph. Graphviz writes ``width="741pt"``: a browser shows one point as 4/3 CSS pixels, so
an 11-point label is 14.7 px at natural size, and a notebook column (about 1,000 px)
shrinks anything wider until the text is unreadable. :func:`fit_svg` rewrites the SVG's
width and height in pixels so that it fits a column of ``column`` px while no text is
drawn smaller than ``min_text_px``; a drawing that cannot fit at that text size keeps
the smallest readable scale and is marked for a horizontal scroll box
(:func:`scroll_box`) rather than shrunk further.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "COLUMN_PX",
    "MIN_TEXT_PX",
    "RenderError",
    "RendererNotFound",
    "SvgBox",
    "find_renderer",
    "fit_svg",
    "render",
    "scroll_box",
    "svg_box",
    "unify_frames",
]

#: The width of a notebook column (JupyterLab at 1,200 px shows about 1,000 to 1,080 px).
COLUMN_PX = 1000
#: The smallest text size people can read without zooming, in CSS pixels.
MIN_TEXT_PX = 11.0
#: CSS pixels per point (a point is 1/72 in, a CSS pixel 1/96 in).
PX_PER_PT = 96 / 72


class RendererNotFound(RuntimeError):
    """Neither Graphviz's ``dot`` nor the ``graphviz-pure`` program could be found."""


class RenderError(RuntimeError):
    """The renderer ran but failed (or took too long)."""


def find_renderer() -> str:
    """Path of the program that turns DOT into pictures.

    Tried in order: ``dot`` on PATH (system Graphviz), ``graphviz-pure`` on PATH, and
    ``graphviz-pure`` next to the running Python (a virtualenv's ``bin`` directory, which
    need not be on PATH). Both accept the same flags (``-Tsvg`` …, DOT on stdin).
    """
    for name in ("dot", "graphviz-pure"):
        found = shutil.which(name)
        if found:
            return found
    bindir = Path(sys.executable).parent
    for name in ("graphviz-pure", "graphviz-pure.exe"):
        candidate = bindir / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise RendererNotFound(
        "draw_graph: no Graphviz renderer found: neither 'dot' nor 'graphviz-pure' is on "
        "PATH or next to the Python interpreter. Install one: `pip install graphviz-pure` "
        "(no system package needed) or Graphviz from https://graphviz.org/download/"
    )


def render(
    source: str,
    fmt: str,
    renderer: str | None = None,
    timeout: float = 60.0,
    extra: tuple[str, ...] = (),
) -> bytes:
    """Run the renderer on DOT ``source`` and return the ``fmt`` output (svg, png, …)."""
    program = renderer or find_renderer()
    try:
        done = subprocess.run(
            [program, f"-T{fmt}", *extra],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"draw_graph: {program} took longer than {timeout} s to lay the graph out; "
            "draw a smaller graph, or fold it: collapse='expr' keeps only the values used "
            "more than once, collapse='layer' draws a network one box per layer"
        ) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else f"exit status {done.returncode}"
        raise RenderError(f"draw_graph: {program} -T{fmt} failed: {detail}")
    return done.stdout


# --------------------------------------------------------------------------- size policy

_SVG_TAG = re.compile(r"<svg\b[^>]*>", re.S)
_FONT = re.compile(r'font-size="([0-9.]+)"')


@dataclass(frozen=True)
class SvgBox:
    """An SVG's drawing area (viewBox, in the renderer's units) and smallest font size."""

    width: float
    height: float
    min_font: float


def svg_box(svg: str) -> SvgBox:
    """The viewBox size and the smallest ``font-size`` of a Graphviz SVG."""
    tag = _SVG_TAG.search(svg)
    if tag is None:
        raise RenderError("draw_graph: the renderer's output has no <svg> element")
    view = re.search(r'viewBox="([^"]+)"', tag.group(0))
    if view is None:
        raise RenderError("draw_graph: the renderer's SVG has no viewBox")
    _, _, w, h = (float(x) for x in view.group(1).split())
    fonts = [float(f) for f in _FONT.findall(svg)]
    return SvgBox(w, h, min(fonts) if fonts else 14.0)


def _scale(box: SvgBox, column: float, min_text_px: float) -> float:
    """CSS pixels per SVG unit: natural size at most, smaller to fit, never below readable."""
    fit = min(PX_PER_PT, column / box.width) if box.width > 0 else PX_PER_PT
    readable = min_text_px / box.min_font
    return max(fit, min(readable, PX_PER_PT))


def _set_size(svg: str, width: float, height: float, view: str | None = None) -> str:
    tag = _SVG_TAG.search(svg)
    assert tag is not None  # svg_box checked it
    new = re.sub(r'\swidth="[^"]*"', f' width="{width:.0f}px"', tag.group(0), count=1)
    new = re.sub(r'\sheight="[^"]*"', f' height="{height:.0f}px"', new, count=1)
    if view is not None:
        new = re.sub(r'viewBox="[^"]*"', f'viewBox="{view}"', new, count=1)
    return svg[: tag.start()] + new + svg[tag.end() :]


def fit_svg(svg: str, column: float = COLUMN_PX, min_text_px: float = MIN_TEXT_PX) -> str:
    """The SVG with width/height in px: fits ``column`` unless text would go below readable."""
    box = svg_box(svg)
    k = _scale(box, column, min_text_px)
    return _set_size(svg, box.width * k, box.height * k)


def unify_frames(
    svgs: list[str],
    column: float = COLUMN_PX,
    min_text_px: float = MIN_TEXT_PX,
    natural: bool = False,
) -> list[str]:
    """Give every frame the same viewBox and the same px size (one scale for all).

    Graphviz places the drawing in the top-left of the viewBox (its own y axis runs up
    from a translated origin), so enlarging every viewBox to the largest frame's keeps
    each drawing where it was and leaves blank space below and right: the player holds
    still instead of jumping when a frame is a few points taller than the previous one.
    """
    boxes = [svg_box(s) for s in svgs]
    big = SvgBox(
        max(b.width for b in boxes), max(b.height for b in boxes), min(b.min_font for b in boxes)
    )
    k = PX_PER_PT if natural else _scale(big, column, min_text_px)
    view = f"0.00 0.00 {big.width:.2f} {big.height:.2f}"
    return [_set_size(s, big.width * k, big.height * k, view) for s in svgs]


def px_size(svg: str) -> tuple[float, float]:
    """The width and height attributes of an SVG in CSS px (``pt`` converted)."""
    tag = _SVG_TAG.search(svg)
    if tag is None:
        raise RenderError("draw_graph: no <svg> element")
    sizes = []
    for attr in ("width", "height"):
        m = re.search(rf'\s{attr}="([0-9.]+)(px|pt)?"', tag.group(0))
        if m is None:
            raise RenderError(f"draw_graph: the SVG has no {attr}")
        value = float(m.group(1))
        sizes.append(value * PX_PER_PT if m.group(2) == "pt" else value)
    return sizes[0], sizes[1]


def strip_prolog(svg: str) -> str:
    """Inline SVG must not carry the XML declaration or DOCTYPE."""
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def scroll_box(svg: str, column: float = COLUMN_PX) -> str:
    """Inline HTML for a picture: as is when it fits ``column``, else in a scroll box.

    ``max-width:none`` stops a notebook's stylesheet from shrinking the SVG below its
    readable size; the box scrolls instead.
    """
    width, height = px_size(svg)
    body = strip_prolog(svg).replace("<svg ", '<svg style="max-width:none;height:auto" ', 1)
    if width <= column:
        return f"<div>{body}</div>"
    return (
        f'<div style="max-width:100%;overflow-x:auto;overflow-y:hidden;'
        f'height:{height + 18:.0f}px">{body}</div>'
    )
