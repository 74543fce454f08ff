"""Alt text for the pictures a notebook draws, in the page's language.

myst-nb writes an image output as ``<img alt="<its file name>">`` (the hash it is stored
under) and nbconvert's lab template writes none: a screen reader said a hash or nothing.
Each picture is described from what it draws:

- a graph of the library (an SVG Graphviz wrote): the value it computes, its labelled
  values and its operations, read from the SVG (nodes, edges, labels);
- a plot (a PNG matplotlib drew): its titles, axis labels and colour bars' labels as the
  figure showed them, which the site's kernel records with the picture
  (docs/plot_words.py: ``f"lr = {lr}"`` is "lr = 0.1"); for an output without them, the
  ones the cell's code gives
  (``set_title``, ``suptitle``, ``set_xlabel`` …: a string constant, or an f-string read
  as its constant parts with each expression written as its source, ``f"lr = {lr}"``
  as "lr = lr"); or, when there are none, the section of the notebook it is in.

:func:`describe_pictures` writes the description into each image output's metadata as
``alt`` (nbconvert's own key, which the standalone template reads) and, unless the cell
already says, into the cell's ``mystnb.image.alt`` (myst-nb's documented image option,
which the site's pages use). A cell's own ``mystnb.image.alt`` wins on both.

**One picture a cell.** myst-nb (1.4) takes one alt per cell, the cell's
``mystnb.image.alt``, and gives it to every picture the cell draws; of an output's own
metadata it reads the width and height only. A cell drawing two pictures would have
each described by both descriptions (or by one written for neither), so
:func:`describe_pictures` refuses such a cell (:class:`ManyPictures`, which the build
reports naming the notebook): draw each picture in a cell of its own. No notebook's cell
draws two today.
"""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from typing import Any

from docs.plot_words import KEY as PLOT_WORDS

SVG = "{http://www.w3.org/2000/svg}"
#: matplotlib calls whose first argument names what a plot shows, by role
TITLE_CALLS = {"suptitle": "title", "set_title": "title", "title": "title"}
AXIS_CALLS = {"set_xlabel": "x", "xlabel": "x", "set_ylabel": "y", "ylabel": "y"}
IMAGE_TYPES = ("image/svg+xml", "image/png", "image/jpeg")


def _join(items: list[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(items)


def _number(token: str) -> bool:
    try:
        float(token.replace("−", "-"))
    except ValueError:
        return False
    return True


def graph_alt(svg: str, lang: str) -> str | None:
    """A description of a computation graph the library drew (None for another SVG): its
    title if it has one, the value it computes, its labelled values, its operations."""
    try:
        root = ET.fromstring(svg.encode("utf-8"))
    except ET.ParseError:
        return None
    labels: dict[str, str] = {}  # value node -> its label ("" when it has none)
    ops: list[str] = []
    shown: list[str] = []  # "data", "grad": what a value's box shows
    tails: set[str] = set()
    heads: set[str] = set()
    backward = False  # the backward view: edges run from the root, "× local = …"
    title = ""
    for g in root.iter(f"{SVG}g"):
        name_node = g.find(f"{SVG}title")
        name = (name_node.text or "") if name_node is not None else ""
        texts = [(t.text or "").strip() for t in g.iter(f"{SVG}text")]
        bold = [(t.text or "").strip() for t in g.iter(f"{SVG}text") if t.get("font-weight")]
        if g.get("class") == "graph":
            title = " ".join(t.text or "" for t in g.findall(f"{SVG}text")).strip()
        elif g.get("class") == "edge":
            tail, _, head = name.partition("->")
            tails.add(tail.split(":")[0])
            heads.add(head.split(":")[0])
            backward = backward or any(t.startswith("×") for t in texts)
        elif g.get("class") == "node" and texts:
            words = [t.split()[0] for t in texts if t.split()]
            if any(w in ("data", "grad") for w in words):
                labels[name] = bold[0] if bold else ""
                shown += [w for w in ("data", "grad") if w in words and w not in shown]
            else:
                tokens = [w for t in texts for w in t.split() if not _number(w)]
                symbol = bold[0] if bold else (tokens[0] if tokens else "")
                if symbol and symbol not in ops:
                    ops.append(symbol)
    if not labels:
        return None
    # Labels that each say "name: <quantity> …" (notebook 07's forward-mode picture,
    # "C: tangent -0.1782"): the value is called by its name, and the quantity is told
    # apart from the data its box shows ("C: tangent -0.1782 的计算图" named the graph
    # by the whole label and said its boxes showed data only).
    said = [label.partition(": ") for label in labels.values() if label]
    kinds = {rest.split()[0] for _, sep, rest in said if sep and rest.split()}
    quantity = kinds.pop() if len(kinds) == 1 and all(sep for _, sep, _ in said) else ""
    names = {n: label.partition(": ")[0] if quantity else label for n, label in labels.items()}
    ends = [n for n in labels if n not in (heads if backward else tails)]
    ends = [names[n] for n in ends if names[n]]
    if quantity:
        open_, close = ("（", "）") if lang == "zh" else (" with ", "")
        named = [f"{name}{open_}{rest}{close}" for name, _, rest in said]
    else:
        named = [label for label in labels.values() if label]
    count = len(labels)
    if lang == "zh":
        head = f"{'、'.join(ends)} 的计算图" if ends else "计算图"
        parts = f"{count} 个值"
        parts += f"（有名字的：{_join(named, lang)}）" if named else ""
        parts += f"，经 {_join(ops, lang)} 运算相连" if ops else ""
        boxes = f"每个方框写着值的 {' 和 '.join(shown)}"
        boxes += f"，名字后面写着它的{quantity}" if quantity else ""
        text = f"{head}：{parts}；{boxes}。"
        return f"{title}。{text}" if title else text
    head = f"Computation graph of {', '.join(ends)}" if ends else "Computation graph"
    parts = f"{count} values" + (f" ({_join(named, lang)} named)" if named else "")
    parts += f", joined by the operations {_join(ops, lang)}" if ops else ""
    boxes = f"each box shows a value's {' and '.join(shown)}"
    boxes += f", and after its name its {quantity}" if quantity else ""
    text = f"{head}: {parts}; {boxes}."
    return f"{title}. {text}" if title else text


def _plain(text: str) -> str:
    """A label as it reads: no TeX dollars, commands or braces (``$\\partial C$`` is
    "∂C"), one line."""
    text = re.sub(r"\\partial\s*", "∂", text.replace("$", ""))
    text = re.sub(r"\\([A-Za-z]+)\s*", r"\1", text).replace("{", "").replace("}", "")
    return " ".join(text.split())


def _text(node: ast.expr, code: str) -> str | None:
    """What a titling call's first argument says: a string constant as it is; an
    f-string as its constant parts with each ``{expression}`` written as the
    expression's source (its conversion and format dropped: ``{acc:.1%}`` is "acc");
    None for anything else (``str(label)``: nothing in the code to read)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if not isinstance(node, ast.JoinedStr):
        return None
    parts = []
    for part in node.values:
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            parts.append(part.value)
        elif isinstance(part, ast.FormattedValue):
            parts.append(ast.get_source_segment(code, part.value) or "")
    return "".join(parts)


def plot_words(code: str) -> dict[str, list[str]]:
    """The titles and axis labels a cell's code gives its plot: the strings passed
    first to matplotlib's titling calls (constants and f-strings, see :func:`_text`), in
    the order written, each once. An f-string title was dropped: ``set_title(f"lr =
    {lr}")`` left the plot described by its axes alone."""
    found: dict[str, list[str]] = {"title": [], "x": [], "y": []}
    try:
        tree = ast.parse(code)
    except SyntaxError:  # a cell with IPython magics
        return found
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        role = TITLE_CALLS.get(name) or AXIS_CALLS.get(name)
        said = _text(node.args[0], code) if role else None
        if role and said is not None:
            text = _plain(said)
            if text and text not in found[role]:
                found[role].append(text)
    return found


def plot_alt(
    code: str, section: str | None, lang: str, drawn: dict[str, list[str]] | None = None
) -> str:
    """A description of a plot: from the words the figure showed when it was drawn
    (``drawn``, docs/plot_words.py), else from its cell's code (see :func:`plot_words`)."""
    zh = lang == "zh"
    # a title's lines, drawn one under the other, are read as clauses of one sentence
    lines = "，" if zh else ", "
    words = (
        {
            role: [_plain(lines.join(t.split("\n"))) for t in drawn.get(role, [])]
            for role in ("title", "x", "y", "colour")
        }
        if drawn is not None
        else plot_words(code)
    )
    sentences = []
    if words["title"]:
        sentences.append(("图：" if zh else "Plot: ") + ("；" if zh else "; ").join(words["title"]))
    axes = []
    if words["x"]:
        axes.append(("横轴：" if zh else "horizontal axis: ") + _join(words["x"], lang))
    if words["y"]:
        axes.append(("纵轴：" if zh else "vertical axis: ") + _join(words["y"], lang))
    if words.get("colour"):
        axes.append(("颜色条：" if zh else "colour bar: ") + _join(words["colour"], lang))
    if axes:
        text = ("；" if zh else "; ").join(axes)
        sentences.append(text if sentences or zh else "Plot: " + text)
    if not sentences:
        if section:
            return f"“{section}”一节的图。" if zh else f"Plot of the section “{section}”."
        return "图。" if zh else "Plot."
    if zh:
        return ("" if words["title"] else "图：") + "。".join(sentences) + "。"
    return ". ".join(s[0].upper() + s[1:] for s in sentences) + "."


HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$", re.M)


class ManyPictures(ValueError):
    """A cell draws more than one picture: the site can give them one alt only."""


def describe_pictures(node: Any, lang: str) -> None:
    """Write an ``alt`` into every image output of notebook ``node`` (see the module).
    A cell that draws more than one picture is refused (:class:`ManyPictures`)."""
    section: str | None = None
    for cell in node.cells:
        if cell.cell_type == "markdown":
            headings = HEADING.findall(cell.source)
            if headings:
                section = _plain(re.sub(r"[`*]", "", headings[-1]))
            continue
        mystnb = cell.metadata.get("mystnb", {})
        given = mystnb.get("image", {}).get("alt") if isinstance(mystnb, dict) else None
        pictures = [
            output
            for output in cell.get("outputs", [])
            if any(k in output.get("data", {}) for k in IMAGE_TYPES)
        ]
        if len(pictures) > 1:
            first = next((line for line in cell.source.splitlines() if line.strip()), "")
            raise ManyPictures(
                f"the code cell that starts {first.strip()!r} draws {len(pictures)} pictures: "
                "the site gives every picture of a cell the cell's one alt text (myst-nb's "
                "mystnb.image.alt), so each would be described by the others' words too. "
                "Draw each picture in a cell of its own"
            )
        alts = []
        for output in pictures:
            data = output.get("data", {})
            kind = next((k for k in IMAGE_TYPES if k in data), None)
            if kind is None:
                continue
            alt = given
            if alt is None and kind == "image/svg+xml":
                alt = graph_alt(data[kind], lang)
            if alt is None:
                drawn = output.get("metadata", {}).get(PLOT_WORDS)
                alt = plot_alt(cell.source, section, lang, drawn)
            output.setdefault("metadata", {}).setdefault(kind, {})["alt"] = alt
            alts.append(alt)
        if alts and given is None:  # one picture: myst-nb's one alt a cell is its own
            cell.metadata.setdefault("mystnb", {}).setdefault("image", {})["alt"] = alts[0]


#: The short name of a description, for the box a picture scrolls in: a graph's head
#: ("Computation graph of out", after its title if it has one), a plot's titles or axes,
#: a section's plot, or an author's alt to its first clause.
#: (the English and Chinese heads in strings of their own: a pattern is no page text, and
#: tests/test_chinese_prose.py reads every string with Chinese in docs/ as page text)
GRAPH_HEAD = re.compile(r"(.*?(?:Computation graph[^:]*|" + "计算图" + r"))[:：]", re.S)
PLOT_HEAD = re.compile(r"(Plot|图)[:：] ?(.*?)(?:\. |。|\.$|$)", re.S)
UNTITLED_AXES = re.compile(
    r"horizontal axis: (.+?); vertical axis: (.+?)(?:; colour bar: .*)?$"
    r"|横轴：(.+?)；纵轴：(.+?)(?:；颜色条：.*)?$",
    re.S,
)
UNTITLED = ("horizontal axis", "vertical axis", "colour bar", "横轴", "纵轴", "颜色条")


def _gap(char: str) -> str:
    """The space Chinese text keeps beside a Latin letter or digit, none beside a hanzi."""
    return " " if char < "\u2e80" else ""


def box_name(alt: str) -> str:
    """The name of the box a picture described by ``alt`` (:func:`graph_alt`,
    :func:`plot_alt` or an author's) is shown in, where it scrolls: a Tab stop, a region
    a screen reader names before it reads the picture's own alt. The whole alt there was
    heard twice, region then image (a graph's runs to 300 characters); its head names it,
    in the alt's language: "Computation graph of out", "out 的计算图" (after the graph's
    title, if any), "Plot: Loss", a plot with no title by its axes ("Plot of f(x) against
    x", in Chinese "f(x) 随 x 变化": a page's untitled plots were all "Plot"), "Plot of
    the section “Data”"; an author's alt to its first comma."""
    alt = " ".join(alt.split())
    graph = GRAPH_HEAD.match(alt)
    if graph:
        return graph[1]
    plot = PLOT_HEAD.match(alt)
    if plot:
        kind, said = plot[1], plot[2]
        axes = UNTITLED_AXES.match(said)
        if axes:  # several plots of a page have no title: they are told apart by axes
            across, up = axes[1] or axes[3], axes[2] or axes[4]
            if kind == "图":
                return f"图：{up}{_gap(up[-1])}随{_gap(across[0])}{across}{_gap(across[-1])}变化"
            return f"Plot of {up} against {across}"
        if not said or said.lower().startswith(UNTITLED):
            return kind
        return f"{kind}：{said}" if kind == "图" else f"{kind}: {said}"
    first = re.split(r"[,，。]|\. ", alt, maxsplit=1)[0]
    return first.rstrip(".") or alt
