"""Turning DOT text into pictures, and sizing the pictures for the people who read them.

:class:`Graph` is the picture :func:`autograd_mini.draw.draw_graph` returns: DOT text that
renders itself (SVG, PNG), saves itself, and shows itself in Jupyter.

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

Names: ``__all__`` is the public API; a name without an underscore outside it
(:data:`SVG_TAG`, :func:`px_size`, :func:`reveal`, :data:`PRINT_STYLE` …) is shared by
the package's modules and may change; one with an underscore is this module's own
(but :class:`Graph`'s ``_box`` and ``_shown_width``, its size policy's measurements,
which draw.py reads to place a title).
"""

from __future__ import annotations

import html
import math
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import graphviz

from autograd_mini.files import write_whole
from autograd_mini.locks import fork_safe

__all__ = [
    "COLUMN_PX",
    "FORMATS",
    "MIN_TEXT_PX",
    "EdgeNotRouted",
    "FormatMismatch",
    "Graph",
    "NoGlyphs",
    "RenderError",
    "RendererNotFound",
    "SvgBox",
    "centre_title",
    "find_renderer",
    "fit_svg",
    "named_format",
    "refuse_mismatch",
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
#: Output formats :meth:`Graph.save` understands, by file suffix.
FORMATS = ("svg", "png", "dot")

#: Step frames lay every number out at its final width, so that all frames of a player
#: have the same layout: each number's cell is written as MARK, one private-use character
#: (its index in the frame's list of texts to show) and the text of the end of the pass;
#: :func:`reveal` puts the frame's own text ("?", or a partial sum) in its place in the
#: rendered SVG. The two mark characters have the same estimated width in every frame.
MARK = "\u2063"
PUA = 0xE000
PUA_SIZE = 6400
_MARKED = re.compile(MARK + "([\ue000-\uf8ff])[^<]*(?=<)")


_PORTS = re.compile(r"(\bv\d+(?:op)?):r\d+(?::[nsew])?")


#: A marked text centred on its place (an edge's label, not a table cell's, which starts
#: at its cell's edge): the mark's two characters were laid out 1.4 em wide (graphviz-pure
#: lays a character out as a space per byte of its UTF-8) and are not drawn, so a
#: frame's label, centred, stood 10 pt right of where its text was laid out, away from
#: its edge. The text shown is followed by a no-break space per byte of the mark.
_MARKED_MIDDLE = re.compile(
    r'(<text[^>]*\stext-anchor="middle"[^>]*>)' + MARK + "([\ue000-\uf8ff])[^<]*(?=<)"
)
MARK_ROOM = "\u00a0" * len((MARK + chr(PUA)).encode())


def reveal(svg: str, swaps: list[str]) -> str:
    """The SVG with each marked text replaced by the (XML-escaped) text it stands for
    (centred, followed by :data:`MARK_ROOM`)."""
    if not swaps:
        return svg
    svg = _MARKED_MIDDLE.sub(lambda m: m.group(1) + swaps[ord(m.group(2)) - PUA] + MARK_ROOM, svg)
    return _put(_MARKED, svg, swaps)


def _put(marked: re.Pattern[str], text: str, swaps: list[str]) -> str:
    """Each of ``marked``'s matches in ``text`` replaced by the swap its private-use
    character indexes."""
    if not swaps:
        return text
    return marked.sub(lambda m: swaps[ord(m.group(1)) - PUA], text)


#: A marked text in DOT: inside an HTML-like label (it ends at the next tag) or a quoted
#: label (at the closing quote; Graphviz reads the XML escapes in both).
_MARKED_DOT = re.compile(MARK + '([\ue000-\uf8ff])[^<"]*(?=[<"])')


def reveal_source(source: str, swaps: list[str]) -> str:
    """The DOT text with each marked text replaced by the text it stands for: what a
    step frame shows, for the formats that are laid out from the DOT itself (PNG, and
    the DOT text people read). Only SVG keeps every frame's layout (see :data:`MARK`)."""
    return _put(_MARKED_DOT, source, swaps)


#: A sequence of step frames lays every frame's title and notes out with the same lines
#: (the widest title, the last frame's note), so that the drawing stands at one place in
#: every frame: Graphviz centres a drawing narrower than its title under it, and the
#: boxes moved sideways from frame to frame as the captions' widths changed. Each line
#: is written as HEAD and the line laid out; :func:`reveal_heading` puts the frame's own
#: lines in their places, in order, in the SVG (XML-escaped) and in the DOT
#: (DOT-escaped). One mark and no index: the heading's lines are written in order.
HEAD = "\u2064"
_HEAD_SVG = re.compile(HEAD + "[^<]*(?=<)")
#: in DOT, a heading line ends at a line break (\n, \l) or the label's closing quote
_HEAD_DOT = re.compile(HEAD + r'(?:[^"\\]|\\.)*?(?=\\[nl]|")')


def reveal_heading(text: str, heads: list[tuple[str, str]], svg: bool) -> str:
    """``text`` (an SVG when ``svg``, else DOT) with its marked heading lines replaced,
    in order, by the lines the frame shows (``heads``: each as SVG text and as DOT)."""
    if not heads:
        return text
    lines = iter([svg_text if svg else dot_text for svg_text, dot_text in heads])
    return (_HEAD_SVG if svg else _HEAD_DOT).sub(lambda m: next(lines, ""), text)


class RendererNotFound(RuntimeError):
    """Neither Graphviz's ``dot`` nor the ``graphviz-pure`` program could be found.
    ``where`` is who asked for the picture, as the message names it (for a caller that
    says it in other words: the command line in Chinese)."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(message)
        self.where = where


class RenderError(RuntimeError):
    """The renderer ran but failed (or took too long). ``reason`` says which failure it
    is where that is known ('timeout', 'timeout_folds' — with advice on which fold to
    draw, in English only — and 'failed' in :func:`render`, '' otherwise) and ``fields``
    what its message says (``where``, ``program`` …), for a caller that says it in other
    words (the command line in Chinese); the message is unchanged."""

    def __init__(self, message: str, reason: str = "", **fields: object) -> None:
        super().__init__(message)
        self.reason = reason
        self.fields = fields

    @property
    def timed_out(self) -> bool:
        """The renderer took too long (with or without fold advice)."""
        return self.reason in ("timeout", "timeout_folds")

    def named(self, where: str) -> RenderError:
        """This failure as ``where`` tells it, with no fold advice: a caller that drew
        the picture through a function (the command line's ``--steps``, through
        write_frames) names its own option, and has not the function's folds. A
        failure without a known reason is itself."""
        fields: dict[str, Any] = dict(self.fields)
        if self.timed_out:
            return _timeout(where, fields["program"], fields["timeout"], ())
        if self.reason == "failed":
            return _failed(where, fields["program"], fields["fmt"], fields["detail"])
        return self


class NoGlyphs(RenderError):
    """A raster picture would draw characters as empty boxes: the renderer has no glyph
    for them. ``missing`` (the characters), ``shown`` (the first twelve of them, as the
    message lists them), ``fmt`` (the raster format) and ``where`` (who asked for the
    picture) are what the message says, for a caller that says it in other words (the
    command line in Chinese)."""

    def __init__(self, missing: Sequence[str], fmt: str, where: str) -> None:
        self.missing = tuple(missing)
        self.shown = "".join(self.missing[:12]) + ("…" if len(self.missing) > 12 else "")
        self.fmt = fmt
        self.where = where
        count = len(self.missing)
        super().__init__(
            f"{where}: graphviz-pure has no glyph for {count} character{'s' * (count != 1)} "
            f"of this picture ({self.shown}): in a {fmt.upper()} each would be an empty box. "
            "Write an .svg instead (a browser draws the text with its own fonts), or install "
            "Graphviz's dot with fonts for them (for Chinese, fonts-noto-cjk on Debian)"
        )


class FormatMismatch(ValueError):
    """A file's name says one picture format and the format asked for is another:
    ``save("a.svg", fmt="png")`` wrote a PNG named .svg (a browser shows it as a broken
    picture). ``path``, ``suffix`` (as typed, without its dot), ``named`` (the format the
    suffix says), ``fmt`` and ``typed`` (``fmt`` as the caller spelled it: "gv" for dot,
    "Svg" on the command line) are what the message says, for a caller that says it in
    other words (the command line, in Chinese)."""

    def __init__(
        self, path: str, suffix: str, named: str, fmt: str, where: str, typed: str | None = None
    ) -> None:
        self.path, self.suffix, self.named, self.fmt = path, suffix, named, fmt
        self.typed = fmt if typed is None else typed
        #: whether the suffix's own format is one written here (else leaving fmt out
        #: is no way out: .jpg is an unknown format)
        self.writable = named in FORMATS
        super().__init__(
            f"{where}: {path!r} ends in .{suffix}, a name for {named.upper()}, and "
            f"fmt={self.typed!r} would write {fmt.upper()} into it: give the file a .{fmt} "
            + ("name, or leave fmt out" if self.writable else "name")
        )


def named_format(path: str | os.PathLike[str]) -> str:
    """The picture format a file's name says: its suffix in lower case, .gv as dot; ''
    for a name with no suffix."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return "dot" if suffix == "gv" else suffix


def refuse_mismatch(
    path: str | os.PathLike[str], fmt: str, where: str, typed: str | None = None
) -> None:
    """Raise :class:`FormatMismatch` when ``path``'s suffix names a picture format
    (:data:`FORMATS`, :data:`OTHER_PICTURES`) other than ``fmt``; a suffix naming none
    (.txt, .out) is the caller's. ``typed``: ``fmt`` as the caller spelled it, which the
    message quotes."""
    named = named_format(path)
    if (named in FORMATS or named in OTHER_PICTURES) and named != fmt:
        suffix = Path(path).suffix.lstrip(".")
        raise FormatMismatch(os.fspath(path), suffix, named, fmt, where, typed)


class EdgeNotRouted(RenderError):
    """The renderer could not route an edge (dot: "lost … edge", "unable to … spline"):
    its own class, said where the renderer's output is read, so that a picture can be
    drawn again with its edges attached to whole tables rather than to their rows."""


def find_renderer(where: str = "draw_graph") -> str:
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
    raise RendererNotFound(  # naming where: the function the picture was asked of
        f"{where}: no Graphviz renderer found: neither 'dot' nor 'graphviz-pure' is on "
        "PATH or next to the Python interpreter. Install one: `pip install graphviz-pure` "
        "(no system package needed) or Graphviz from https://graphviz.org/download/",
        where,
    )


#: What each fold of :func:`~autograd_mini.draw.draw_graph` does to a picture that takes
#: too long to lay out, said in the advice of a timeout.
FOLD_ADVICE = {
    "expr": "collapse='expr' keeps only the values used more than once",
    "layer": "collapse='layer' draws a network one box per layer",
    "inputs": "collapse='inputs' draws the many inputs of a wide node as one box",
    "neuron": "collapse='neuron' draws one cluster per neuron, its inputs as one box",
}


def render(
    source: str,
    fmt: str,
    renderer: str | None = None,
    timeout: float = 60.0,
    extra: tuple[str, ...] = (),
    where: str = "draw_graph",
    folds: tuple[str, ...] = ("expr", "layer"),
) -> bytes:
    """Run the renderer on DOT ``source`` and return the ``fmt`` output (svg, png, …);
    an error names ``where``, the function the picture was asked of. A timeout advises
    ``folds`` (keys of :data:`FOLD_ADVICE`): the folds ``where`` accepts that would draw
    the picture smaller (a step picture refuses 'expr' and 'layer')."""
    program = renderer or find_renderer(where)
    try:
        done = subprocess.run(
            [program, f"-T{fmt}", *extra],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise _timeout(where, program, timeout, folds) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else f"exit status {done.returncode}"
        routing = any("lost" in line or "spline" in line for line in message)
        raise _failed(where, program, fmt, detail, EdgeNotRouted if routing else RenderError)
    return done.stdout


def _timeout(where: str, program: str, timeout: float, folds: tuple[str, ...]) -> RenderError:
    """The renderer took longer than ``timeout`` s: advising ``folds`` (see :func:`render`)."""
    fold = ", ".join(FOLD_ADVICE[f] for f in folds)
    return RenderError(
        f"{where}: {program} took longer than {timeout} s to lay the graph out; "
        + (f"draw a smaller graph, or fold it: {fold}" if fold else "draw a smaller graph"),
        "timeout_folds" if fold else "timeout",
        where=where,
        program=program,
        timeout=timeout,
    )


def _failed(
    where: str, program: str, fmt: str, detail: str, kind: type[RenderError] = RenderError
) -> RenderError:
    """The renderer ran and failed, saying ``detail`` (its last line)."""
    return kind(
        f"{where}: {program} -T{fmt} failed: {detail}",
        "failed",
        where=where,
        program=program,
        fmt=fmt,
        detail=detail,
    )


#: Formats the renderer draws as pixels, with its own glyphs (the others keep the text).
RASTER = frozenset({"png", "jpg", "jpe", "jpeg", "gif", "bmp", "tif", "tiff", "webp", "ico"})
#: Suffixes of picture formats not written here (.jpg, .pdf): a name ending in one is
#: refused with another format (`-o out.jpg --format png` wrote a PNG named .jpg)
OTHER_PICTURES = (RASTER | {"pdf", "ps", "eps"}) - set(FORMATS)
#: A character graphviz-pure has no glyph for, one per UTF-8 length: what an empty box
#: looks like for a character of that length (its layout gives every non-ASCII byte the
#: same width, so two characters of one length differ in a picture only by their glyphs).
_NO_GLYPH = {2: "\u0750", 3: "\u6743", 4: "\U0001f600"}
_drawable: dict[tuple[str, str], bool] = {}
_drawable_lock = fork_safe(threading.Lock())


def _drawn(program: str, char: str) -> bytes | None:
    """``char`` drawn after an x, as a PNG (the glyphs are the same in every raster
    format; after a letter, as a combining mark is drawn in a label: alone, a mark gets
    a dotted circle of its own); None if the renderer drew nothing. Run here, not
    through :func:`render`: a probe of the renderer's glyphs, not a picture."""
    label = char.replace("\\", "\\\\").replace('"', '\\"')
    try:
        done = subprocess.run(
            [program, "-Tpng"],
            input=f'digraph{{a [label="x{label}" shape=plaintext]}}'.encode(),
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 and done.stdout else None


def undrawable(source: str, program: str) -> list[str]:
    """The characters of DOT ``source`` that ``program`` would draw as empty boxes in a
    raster picture: each non-ASCII character (entities such as &#26435; decoded) is
    drawn once per process and compared with a character known to have no glyph.
    graphviz-pure has Latin, Greek, Cyrillic and most math signs, but no Chinese (权重
    came out as □□), Thai, Khmer, Arabic or emoji, nor the ▶ of some arrows; the SVG
    keeps the text for a browser's fonts. A probe the renderer fails proves nothing:
    it is not remembered, and the character is not refused."""
    found = []
    for char in sorted({c for c in html.unescape(source) if ord(c) > 127}):
        key = (program, char)
        with _drawable_lock:
            known = _drawable.get(key)
        if known is None:
            nothing = _NO_GLYPH[len(char.encode())]
            box = _drawn(program, nothing)
            mine = _drawn(program, char) if char != nothing else box
            if box is None or mine is None:
                continue
            known = char != nothing and mine != box
            with _drawable_lock:
                _drawable[key] = known
        if not known:
            found.append(char)
    return found


#: A tooltip is shown on hover in an SVG, and never drawn into pixels.
_TOOLTIP = re.compile(r'(?i)tooltip="(?:[^"\\]|\\.)*"')


def _refuse_undrawable(source: str, program: str, fmt: str, where: str = "draw_graph") -> None:
    missing = undrawable(_TOOLTIP.sub("", source), program)
    if missing:
        raise NoGlyphs(missing, fmt, where)


# --------------------------------------------------------------------------- size policy

#: an SVG's ``<svg …>`` tag
SVG_TAG = re.compile(r"<svg\b[^>]*>")
_FONT = re.compile(r'font-size="([0-9.]+)"')


@dataclass(frozen=True)
class SvgBox:
    """An SVG's drawing area (viewBox, in the renderer's units) and smallest font size."""

    width: float
    height: float
    min_font: float


def svg_box(svg: str, where: str = "svg_box") -> SvgBox:
    """The viewBox size and the smallest ``font-size`` of a Graphviz SVG. An error names
    ``where``, the function called (a broken renderer's output was reported as
    "draw_graph: …" whichever picture it was, a step's, a player's or a saved one)."""
    tag = SVG_TAG.search(svg)
    if tag is None:
        raise RenderError(f"{where}: the renderer's output has no <svg> element")
    view = re.search(r'viewBox="([^"]+)"', tag.group(0))
    if view is None:
        raise RenderError(f"{where}: the renderer's SVG has no viewBox")
    _, _, w, h = (float(x) for x in view.group(1).split())
    fonts = [float(f) for f in _FONT.findall(svg)]
    return SvgBox(w, h, min(fonts) if fonts else 14.0)


def _scale(box: SvgBox, column: float, min_text_px: float, height: float | None = None) -> float:
    """CSS pixels per SVG unit: natural size at most, smaller to fit ``column``, never
    below readable. With ``height`` (a slide's box, ``column`` × ``height``) it fits the
    box whole, its text smaller than readable if it must be: a slide is shown whole,
    enlarged to the screen (a 2-2-1 network's step frame, 709 px tall at 11 px text, has
    9.3 px text 600 px tall)."""
    fit = min(PX_PER_PT, column / box.width) if box.width > 0 else PX_PER_PT
    if height is not None:
        return min(fit, height / box.height) if box.height > 0 else fit
    readable = min_text_px / box.min_font
    return max(fit, min(readable, PX_PER_PT))


_WIDTH = re.compile(r'\swidth="[^"]*"')
_HEIGHT = re.compile(r'\sheight="[^"]*"')
_VIEW_BOX = re.compile(r'viewBox="[^"]*"')


def _sized_tag(tag: str, width: float, height: float, view: str | None = None) -> str:
    """The ``<svg …>`` tag ``tag`` with its width and height set in px (and its viewBox
    to ``view``)."""
    # rounded up: rounding down could take the smallest text a hair below readable; but
    # not a float's last bit up (916 units × 1000/916 is 1000.0000000000001: a picture
    # fitted to a 1,000 px column came out 1,001 px wide, one too many to fit it)
    new = _WIDTH.sub(f' width="{_up(width)}px"', tag, count=1)
    new = _HEIGHT.sub(f' height="{_up(height)}px"', new, count=1)
    if view is not None:
        new = _VIEW_BOX.sub(f'viewBox="{view}"', new, count=1)
    return new


def _set_size(svg: str, width: float, height: float, view: str | None = None) -> str:
    tag = SVG_TAG.search(svg)
    assert tag is not None  # svg_box checked it
    new = _sized_tag(tag.group(0), width, height, view)
    return svg[: tag.start()] + new + svg[tag.end() :]


def _up(px: float) -> int:
    """``px`` rounded up to a whole pixel, a millionth of one below counting as it."""
    return math.ceil(round(px, 6))


def fit_svg(
    svg: str,
    column: float = COLUMN_PX,
    min_text_px: float = MIN_TEXT_PX,
    where: str = "fit_svg",
    height: float | None = None,
) -> str:
    """The SVG with width/height in px: fits ``column`` unless text would go below
    readable; with ``height``, fits the box ``column`` × ``height`` whole (see
    :func:`_scale`). An error names ``where``, the function called."""
    return _set_size(svg, *fitted_size(svg_box(svg, where), column, min_text_px, height))


def fitted_size(
    box: SvgBox, column: float, min_text_px: float = MIN_TEXT_PX, height: float | None = None
) -> tuple[int, int]:
    """The width and height in px :func:`fit_svg` gives an SVG whose :func:`svg_box` is
    ``box``."""
    k = _scale(box, column, min_text_px, height)
    return _up(box.width * k), _up(box.height * k)


def unify_frames(
    svgs: list[str],
    column: float = COLUMN_PX,
    min_text_px: float = MIN_TEXT_PX,
    natural: bool = False,
    where: str = "unify_frames",
    height: float | None = None,
) -> list[str]:
    """Give every frame the same viewBox and the same px size (one scale for all), fitted
    to ``column`` (and ``height``, when given) as :func:`fit_svg` fits one picture.

    Graphviz places the drawing in the top-left of the viewBox (its own y axis runs up
    from a translated origin), so enlarging every viewBox to the largest frame's keeps
    each drawing where it was and leaves blank space below and right: the player holds
    still instead of jumping when a frame is a few points taller than the previous one.
    An error names ``where``, the function called.
    """
    boxes = [svg_box(s, where) for s in svgs]
    big = SvgBox(
        max(b.width for b in boxes), max(b.height for b in boxes), min(b.min_font for b in boxes)
    )
    k = PX_PER_PT if natural else _scale(big, column, min_text_px, height)
    view = f"0.00 0.00 {big.width:.2f} {big.height:.2f}"
    return [_set_size(s, big.width * k, big.height * k, view) for s in svgs]


#: The graph's own label in Graphviz's SVG: its lines, the texts right after the page's
#: background polygon (before any node, edge or cluster).
_GRAPH_LABEL = re.compile(
    r'(<polygon fill="[^"]*" stroke="none" points="([^"]*)"/>\n)((?:<text\b[^>]*>[^<]*</text>\n)+)'
)
_X = re.compile(r'\sx="[-0-9.]+"')
_TEXT = re.compile(r"<text\b[^>]*>([^<]*)</text>")


def heading_lines(svg: str) -> list[str]:
    """The lines of a Graphviz SVG's title and the notes under it, as they read."""
    found = _GRAPH_LABEL.search(svg)
    lines = _TEXT.findall(found.group(3)) if found is not None else []
    return [text for line in lines if (text := html.unescape(line).strip("\u00a0 "))]


def centre_title(svg: str) -> str:
    """A Graphviz SVG laid out with its title and notes at the left edge (``labeljust=l``)
    with them centred instead, as Graphviz centres them: in the middle of the page's
    background polygon (the drawing's bounding box and its margin). Where the title
    stands changes nothing else of the layout, so a picture is laid out once, left-aligned,
    and centred afterwards when it turns out to fit its column: a titled picture was
    laid out a second time to be left-aligned when it did not (about 1.7× the time)."""
    found = _GRAPH_LABEL.search(svg)
    if found is None:
        return svg
    # in decimal, from the polygon's own digits: its ends are written to 0.01, and a
    # half-way middle rounded up matches Graphviz's own more often than a float's
    xs = [Decimal(point.split(",")[0]) for point in found.group(2).split()]
    middle = ((min(xs) + max(xs)) / 2).quantize(Decimal("0.01"), ROUND_HALF_UP)
    text = f"{middle:f}".rstrip("0").rstrip(".")
    # a frame of a sequence writes each line from the left edge (see HEAD): centred, it
    # is anchored at its middle
    lines = _X.sub(f' x="{text}"', found.group(3)).replace(
        'text-anchor="start"', 'text-anchor="middle"'
    )
    return svg[: found.start(3)] + lines + svg[found.end(3) :]


def px_size(svg: str, where: str = "px_size") -> tuple[float, float]:
    """The width and height attributes of an SVG in CSS px (``pt`` converted). An error
    names ``where``, the function called."""
    tag = SVG_TAG.search(svg)
    if tag is None:
        raise RenderError(f"{where}: no <svg> element")
    sizes = []
    for attr in ("width", "height"):
        m = re.search(rf'\s{attr}="([0-9.]+)(px|pt)?"', tag.group(0))
        if m is None:
            raise RenderError(f"{where}: the SVG has no {attr}")
        value = float(m.group(1))
        sizes.append(value * PX_PER_PT if m.group(2) == "pt" else value)
    return sizes[0], sizes[1]


#: A table cell's hover text is written as a link to "#" (Graphviz draws a cell's tooltip
#: only with an HREF): Tab stopped on it, unnamed but by its numbers, and Enter jumped
#: to the top of the page.
_NOWHERE = re.compile(r'<a xlink:href="#"(?= )')


def unlinked(svg: str) -> str:
    """``svg`` with its links to "#" made plain anchors: the hover text stays, and the
    keyboard passes them by."""
    return _NOWHERE.sub("<a", svg)


def strip_prolog(svg: str) -> str:
    """Inline SVG must not carry the XML declaration or DOCTYPE."""
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


#: the class of a box holding one picture that scrolls sideways on a screen: on paper,
#: which does not scroll, the box clipped a wide picture at the page's right margin (a
#: 1,238 px step frame printed 576 of its pixels); printed, it is shrunk to the page's
#: width, whole, its shape kept (:data:`PRINT_STYLE`); and to the page's height, less
#: room for a line or two above it (a player's caption): a picture taller than a page
#: (14 tanh layers upright, 4,007 px) was printed across five pages, cut through boxes
PRINT_WHOLE = "agm-print-whole"
PRINT_STYLE = (
    f"<style>@media print {{.{PRINT_WHOLE} {{overflow:visible !important;"
    f"height:auto !important}} .{PRINT_WHOLE} svg {{max-width:100% !important;"
    f"max-height:90vh !important;width:auto !important;height:auto !important}}}}</style>"
)


def scroll_box(
    svg: str,
    column: float = COLUMN_PX,
    where: str = "scroll_box",
    label: str = "",
    lang: str = "",
) -> str:
    """Inline HTML for a picture, in a box that scrolls sideways where the page is
    narrower than the picture.

    ``max-width:none`` stops a notebook's stylesheet from shrinking the SVG below its
    readable size; the box scrolls instead. A picture that fits ``column`` scrolled the
    whole page sideways on a narrower screen (a phone's 360 px): its box scrolls now, not
    the page. The box is a region named ``label``, when given, for a screen reader: one
    that scrolls is a Tab stop in Chromium (classic Jupyter's 775 px column scrolls a
    picture of 839 px), which was said "group" or nothing. A picture wider than
    ``column`` always scrolls: its box is a stop of Tab in every browser (the arrow keys
    scroll it); printed, it is shrunk to the page (:data:`PRINT_STYLE`). ``lang``, when given,
    is the language of the box and its name. An error names ``where``, the function called.
    """
    width, height = px_size(svg, where)
    body = strip_prolog(svg).replace("<svg ", '<svg style="max-width:none;height:auto" ', 1)
    named = f' role="region" aria-label="{html.escape(label)}"' if label else ""
    named += f' lang="{html.escape(lang)}"' if lang else ""
    if width <= column:
        return (
            f'<div{named} class="{PRINT_WHOLE}" style="max-width:100%;overflow-x:auto;'
            f'overflow-y:hidden">{PRINT_STYLE}{body}</div>'
        )
    return (
        f'<div tabindex="0"{named} class="{PRINT_WHOLE}" style="max-width:100%;'
        f'overflow-x:auto;overflow-y:hidden;height:{height + 18:.0f}px">{PRINT_STYLE}{body}</div>'
    )


# --------------------------------------------------------------------------- the picture


class Graph:
    """A drawn graph: DOT text plus rendering; shows itself in Jupyter.

    ``source`` is the DOT text; :meth:`svg` renders it (sized by the size policy);
    :meth:`save` writes .svg, .png or .dot by the file suffix. ``renderer`` is the program
    that did the last rendering (``dot`` or ``graphviz-pure``).

    Size policy (``size="fit"``, the default): the SVG's width and height are set in CSS
    pixels so that it fits a ``column``-px column with no text below ``MIN_TEXT_PX``; a
    drawing too wide for that keeps readable text and scrolls sideways in Jupyter.
    ``height`` (px, default none) fits it whole in a slide's box, ``column`` × ``height``,
    its text below ``MIN_TEXT_PX`` where it must be (a slide is shown enlarged).
    ``size="natural"`` leaves Graphviz's own size (1 pt = 4/3 px).

    ``where`` names what the picture was asked of (``draw_graph``, ``draw_step`` …, or
    a command-line option) in the errors of rendering it, which may come later, from
    :meth:`save`: a draw_step picture saved as a PNG was refused as "draw_graph: …".
    ``folds``: the folds a renderer's timeout advises (see :func:`render`), those the
    function that made the picture accepts and that would draw it smaller.
    """

    def __init__(
        self,
        dot: graphviz.Digraph,
        node_count: int,
        size: str = "fit",
        column: float = COLUMN_PX,
        view: str = "forward",
        scene: Any = None,
        where: str = "draw_graph",
        *,
        folds: tuple[str, ...] = ("expr", "layer"),
        height: float | None = None,
    ) -> None:
        self._dot = dot
        self.where = where
        self.folds = folds
        # a step frame's DOT marks each number it hides (see MARK): the SVG is laid out
        # from the marked text, and everything else from the text the frame shows
        self._marked: str = dot.source
        self._swaps: list[str] = scene.swaps if scene is not None else []
        self._heads: list[tuple[str, str]] = scene.heads if scene is not None else []
        self.source: str = reveal_heading(
            reveal_source(dot.source, self._swaps), self._heads, svg=False
        )
        self.node_count = node_count
        self.size = size
        self.column = column
        self.height = height
        self.view = view
        self.scene = scene
        self.renderer: str | None = None
        self._svg: str | None = None
        #: (the rendering, its parts) and (the rendering, its drawing area): see :meth:`svg`
        self._prepared: tuple[str, Any] | None = None
        self._area: tuple[str, SvgBox] | None = None
        #: a picture drawn with its title at the left edge for a caller to place (a
        #: sequence of frames): the same picture with its title centred, one layout
        self.centred: Callable[[], Graph] | None = None

    def __repr__(self) -> str:
        return f"<autograd_mini Graph: {self.view} view, {self.node_count} nodes>"

    def pipe(self, fmt: str = "svg") -> bytes:
        """The picture in format ``fmt`` as bytes (any format the renderer knows), with
        the numbers the frame shows (a step frame's SVG: see :meth:`natural_svg`)."""
        if fmt == "svg":
            return self.natural_svg().encode("utf-8")
        return self._render(self.source, fmt)

    def _render(self, source: str, fmt: str) -> bytes:
        program = find_renderer(self.where)
        if fmt in RASTER and "graphviz-pure" in os.path.basename(program):
            _refuse_undrawable(source, program, fmt, self.where)
        extra = (f"-Gdpi={self._png_dpi():.6g}",) if fmt == "png" else ()
        try:
            out = render(source, fmt, program, extra=extra, where=self.where, folds=self.folds)
        except EdgeNotRouted:
            # dot's spline router can fail on an edge into a table row; attached to the
            # whole table instead, the edge is drawn (a little less precisely)
            out = render(
                _PORTS.sub(r"\1", source),
                fmt,
                program,
                extra=extra,
                where=self.where,
                folds=self.folds,
            )
        self.renderer = program
        return out

    def _png_dpi(self) -> float:
        """A PNG's dots per inch: the picture at the size :meth:`svg` shows it (Graphviz's
        own, 96 dpi, with ``size="natural"``). A PNG was always Graphviz's size: one fitted
        to a slide's box (``height=``, the command line's ``--height 200``) came out 1547
        × 185 px for a 1,000 × 200 box, and ``--column 600`` 839 px wide."""
        if self.size == "natural":
            return 72 * PX_PER_PT
        try:  # the SVG's drawing area, rendered for it
            box = self._box()
        except RenderError as exc:
            if exc.timed_out:  # the layout: the PNG's takes as long
                raise
            return 72 * PX_PER_PT  # the PNG's own rendering says what failed (-Tpng)
        return 72 * _scale(box, self.column, MIN_TEXT_PX, self.height)

    def natural_svg(self) -> str:
        """The SVG at Graphviz's own size (cached). A step frame is laid out from its
        marked DOT, every number at its final width, and then shows its own numbers: all
        frames of a pass share one layout."""
        if self._svg is None:
            drawn = self._render(self._marked, "svg").decode("utf-8")
            self._svg = reveal_heading(reveal(drawn, self._swaps), self._heads, svg=True)
        return self._svg

    def adopt(self, natural_svg: str, renderer: str | None, box: SvgBox | None = None) -> None:
        """Take ``natural_svg`` as this picture's rendering (what :meth:`natural_svg`
        returns), drawn by ``renderer``: the SVG of a layout already made, changed only
        where this picture's DOT differs from the one it was laid out from (the title's
        place, see :func:`centre_title`), whose :func:`svg_box` is ``box`` if known."""
        self._svg, self.renderer = natural_svg, renderer
        if box is not None:
            self._area = (natural_svg, box)

    def _box(self) -> SvgBox:
        """The :func:`svg_box` of the rendering (cached). Private, as :meth:`_shown_width`:
        the size policy's own measurements, which draw.py reads to place a title."""
        raw = self.natural_svg()
        if self._area is None or self._area[0] is not raw:
            self._area = (raw, svg_box(raw, self.where))
        return self._area[1]

    def _shown_width(self) -> float:
        """The width in CSS px :meth:`svg` shows the picture at, read without making it."""
        if self.size == "natural":
            return px_size(self.natural_svg(), self.where)[0]
        return fitted_size(self._box(), self.column, height=self.height)[0]

    def svg(self) -> str:
        """The picture as SVG text, sized by the size policy: an image a screen reader
        names and describes in the picture's language (:mod:`autograd_mini.spoken`).

        What every call does to the same rendering is done once for it (its drawing
        area and smallest text, its title's lines, the drawing hidden from a screen
        reader): a 900 KB SVG was scanned by four regular expressions and copied five
        times a call (7 ms). A call sizes the ``<svg>`` tag, says the picture (its
        values are read now) and joins the parts."""
        from autograd_mini.spoken import Prepared, said  # it reads the views, which import this

        raw = self.natural_svg()
        # the size policy is read now (g.size = "natural" after a first svg()): only the
        # tag depends on it
        box = None if self.size == "natural" else self._box()
        prepared = self._prepared
        if prepared is None or prepared[0] is not raw:
            prepared = (raw, Prepared.of(raw, spoken=self.scene is not None))
            self._prepared = prepared
        parts = prepared[1]
        size = None if box is None else fitted_size(box, self.column, height=self.height)
        tag = parts.tag if size is None else _sized_tag(parts.tag, *size)
        if self.scene is None:
            return parts.joined(tag)
        return said(parts, tag, self.scene)

    def save(self, path: str | os.PathLike[str], fmt: str | None = None) -> Path:
        """Write the picture; the format comes from the suffix (.svg, .png, .dot) or
        ``fmt``, which must not contradict a suffix naming another
        (:class:`FormatMismatch`). The file is written whole or not at all: a failed
        or interrupted write leaves the old file (see :mod:`autograd_mini.files`)."""
        target = Path(path)
        if target.is_dir() or str(path).endswith(("/", os.sep)):  # "unknown format ''"
            raise IsADirectoryError(
                f"Graph.save: {str(path)!r} is a folder, not a file: give a file name in it "
                f"(.svg, .png or .dot)"
            )
        if not target.parent.is_dir():  # the write's raw FileNotFoundError
            raise FileNotFoundError(
                f"Graph.save: cannot write {str(path)!r}: there is no folder "
                f"{str(target.parent)!r} (make it first)"
            )
        kind = "dot" if fmt == "gv" else fmt or named_format(target)
        if kind not in FORMATS:
            raise ValueError(
                f"Graph.save: unknown format {kind!r} for {str(target)!r}; "
                f"use a .svg, .png or .dot file name"
            )
        refuse_mismatch(target, kind, "Graph.save", fmt)  # fmt="gv" quoted as given
        write_whole(target, self.drawn(kind))
        return target

    def drawn(self, fmt: str) -> str | bytes:
        """The picture as :meth:`save` writes it in format ``fmt`` (one of
        :data:`FORMATS`): DOT text, the sized SVG text, or PNG bytes."""
        return self.source if fmt == "dot" else self.svg() if fmt == "svg" else self.pipe(fmt)

    def html(self) -> str:
        """Inline HTML: the SVG, in a box that scrolls sideways (see :func:`scroll_box`)."""
        return self._scroll_box(self.svg())

    def _scroll_box(self, svg: str) -> str:
        """:func:`scroll_box` of ``svg``, this picture: its box named for a screen reader
        in the picture's language (:func:`~autograd_mini.spoken.box_name`)."""
        lang, label = "", ""
        if self.scene is not None:
            from autograd_mini.spoken import box_name  # it reads the views, which import this

            lang, label = box_name(self.scene, px_size(svg, self.where)[0] > self.column)
        return scroll_box(svg, self.column, self.where, label, lang)

    def _repr_svg_(self) -> str:
        return self.svg()

    def _repr_html_(self) -> str:
        """The picture inline, in its named box (:meth:`html`)."""
        return self.html()

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None, **kwargs: Any
    ) -> dict[str, str]:
        try:
            svg = self.svg()
            # JupyterLab (HTML ranks 50, SVG 80), classic Jupyter and VS Code show HTML
            # first; JupyterLab shows image/svg+xml as an <img>, whose SVG's name and
            # description a screen reader may not reach: the HTML is the SVG inline
            # (role="img", aria-label, <desc>) in a named box, which scrolls sideways
            # rather than the notebook shrinking a picture too wide for the column
            return {
                "text/html": self._scroll_box(svg),
                "image/svg+xml": svg,
                "text/plain": repr(self),
            }
        except (RendererNotFound, RenderError) as exc:
            return {"text/plain": f"{exc}\n\n{self.source}"}
