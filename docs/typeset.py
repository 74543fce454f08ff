"""Line breaks the browser gets wrong on the course's pages, fixed in their HTML.

``docs/build.py`` runs :func:`typeset` on the article of every page Sphinx writes and on
the Markdown of every standalone page:

- a long path or URL in inline code or as a link's text (``notebooks/zh/06_gradient_checking_
  and_second_derivatives.ipynb``) or a call (``nn.fit(compiled=True)``) has no place to
  break: wider than a phone's column, it made the page scroll sideways, or broke anywhere
  ("…=Tru" / "e)"). It gets break points (``<wbr>``) after its ``/``, ``_``, ``(`` and ``=``,
  and a long word of inline code may wrap (agm.css: ``.agm-long``), anywhere only as a last
  resort: breaking it anywhere may break it just before the closing bracket or the
  Chinese comma that follows it, which then starts a line. A short word of inline code
  stays whole, as Sphinx sets it (``overflow-wrap: anywhere`` on all of them let a table
  squeeze its column of code to "nn.Neuro" / "n" at 1,000 px).
- a full stop or comma after an inline formula started a line of its own ("… $x$" / ".
  And"; a Chinese line began with a full-width comma or full stop): Chromium breaks after
  a formula's box whatever follows it. A formula and the marks around it (brackets, then
  a full stop) are kept together in a ``<span class="agm-tie">`` (``white-space: nowrap``
  in agm.css and the standalone template); the formula itself never breaks (MathJax 3
  does not break lines), hence the next point.
  An inline formula is ``<span class="math …">`` on both kinds of page (Sphinx writes it so;
  the standalone pages' Markdown renderer is told to, see docs/build.py).
- a long inline formula could not end a line anywhere, and the theme clips one wider than
  the column: on a phone notebook 07's "(784 + 1)·16 + … = 13,002" lost its "= 13,002".
  It is cut after its relations and binary signs, as TeX breaks a formula in a paragraph,
  into formulas side by side (:func:`break_math`); each sign keeps its spacing.
- a printed table (notebook 06's gradient-check report: "input 0: x = 0.3   numerical …
  analytical …  MISMATCH") wrapped in a phone's or a 1,000 px column lost its columns,
  each row broken at a different place. Printed text wraps (agm.css), but an output whose
  lines start a column at the same place after a gap of two spaces or more, or that
  draws with box-drawing characters, is a table: its <pre> gets ``class="agm-table"``
  and scrolls sideways instead (:func:`printed_tables`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from html import escape, unescape

#: A run of characters with no space this long may be wider than a phone's column.
LONG = 20
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.S)
_CODE = re.compile(r"(<code\b[^>]*>)(.*?)(</code>)", re.S)
_LINK_TEXT = re.compile(r"(<a\b[^>]*>)([^<]*)(</a>)")
_TAG = re.compile(r"(<[^>]*>)")
_RUN = re.compile(r"[^\s<>]+")
#: After a / or _ of a path, after the ( and = of a call (``nn.fit(compiled=True)`` broke
#: as "…=Tru" / "e)" in a phone's heading); never after the last: a mark may follow.
_BREAK_AFTER = re.compile(r"([/_(=])(?=\w)")


def _break_runs(text: str, *, wrap: bool) -> str:
    """``text`` (no tags) with a ``<wbr>`` after each / _ ( = inside its long runs, each
    run in a ``<span class="agm-long">`` when ``wrap``."""

    def one(m: re.Match[str]) -> str:
        if len(unescape(m[0])) < LONG:  # as read: &quot; is one character
            return m[0]
        run = _BREAK_AFTER.sub(r"\1<wbr>", m[0])
        return f'<span class="agm-long">{run}</span>' if wrap else run

    return _RUN.sub(one, text)


def _break_texts(inner: str) -> str:
    """The texts between the tags of ``inner`` through :func:`_break_runs`."""
    parts = _TAG.split(inner)
    return "".join(p if i % 2 else _break_runs(p, wrap=True) for i, p in enumerate(parts))


def breakable(html: str) -> str:
    """Long paths and URLs in inline code and link texts get break points (not in <pre>);
    a long word of inline code is set in a ``<span class="agm-long">``, which may wrap
    (Sphinx sets each word of inline code nowrap, so that --no-memory does not break at
    its hyphens: only the long ones may)."""

    def outside_pre(part: str) -> str:
        part = _CODE.sub(lambda m: m[1] + _break_texts(m[2]) + m[3], part)
        return _LINK_TEXT.sub(lambda m: m[1] + _break_runs(m[2], wrap=False) + m[3], part)

    parts = _PRE.split(html)
    return "".join(p if i % 2 else outside_pre(p) for i, p in enumerate(parts))


#: Marks that belong to the formula before them: no line may start with one.
CLOSING = ".,;:!?)]}。，、；：！？）】」』》〉”’…"
#: Marks that belong to the formula after them: no line may end with one.
OPENING = "([{（【「『《〈“‘"
_MATH = re.compile(
    rf"(?P<before>[{re.escape(OPENING)}]?)"
    # a cut formula's first piece comes after the whole one's <noscript> (break_math)
    r'(?P<math>(?:<noscript><span class="math\b[^"]*">.*?</span></noscript>)?'
    r'<span class="math\b[^"]*">.*?</span>)'
    rf"(?P<after>[{re.escape(CLOSING)}]*)",
    re.S,
)


def tie_math(html: str) -> str:
    """Every inline formula with the marks right before and after it in one unbreakable
    ``<span class="agm-tie">`` (a formula with none is left as it is)."""

    def tie(m: re.Match[str]) -> str:
        if not m["before"] and not m["after"]:
            return m[0]
        return f'<span class="agm-tie">{m[0]}</span>'

    return _MATH.sub(tie, html)


#: An inline formula as Sphinx writes it (``\\(…\\)``) or as the standalone pages'
#: renderer does (``$…$``): its class, its TeX (HTML-escaped) and its delimiters.
_INLINE_MATH = re.compile(
    r'<span class="(?P<cls>math\b[^"]*)">(?P<open>\\\(|\$)(?P<tex>.*?)(?P<close>\\\)|\$)</span>',
    re.S,
)
#: A formula with fewer characters of TeX than this is left whole: it fits a phone's line.
LONG_MATH = 24
#: The class of each piece of a formula :func:`break_math` cut.
PIECE = "agm-piece"
#: What a formula may break after, as TeX breaks an inline formula: a relation, then a
#: binary + or − (never a unary one: "= −η" stays together).
_RELATIONS = frozenset(
    [
        "=",
        "<",
        ">",
        "\\approx",
        "\\le",
        "\\ge",
        "\\leq",
        "\\geq",
        "\\ne",
        "\\neq",
        "\\leftarrow",
        "\\rightarrow",
        "\\to",
        "\\equiv",
        "\\sim",
        "\\propto",
    ]
)
_BINARY = frozenset(["+", "-", r"\pm", r"\mp"])
_TEX_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|.", re.S)
#: What opens and closes a group a formula is never cut inside: braces, brackets, the
#: delimiters TeX writes with an \l… and an \r… (|x| as \lvert x\rvert), \left…\right and
#: an environment.
_OPENS = {"{", "(", "[", r"\{", r"\left", r"\begin"} | {
    rf"\l{name}" for name in ("vert", "Vert", "brace", "brack", "angle", "ceil", "floor", "group")
}
_CLOSES = {"}", ")", "]", r"\}", r"\right", r"\end"} | {
    rf"\r{name}" for name in ("vert", "Vert", "brace", "brack", "angle", "ceil", "floor", "group")
}
#: Delimiters written alike on both sides, |x| and ‖x‖: a formula is never cut while one
#: of them is open (an odd number of them so far), as in "|g_a - g_n| \le …".
_BARS = {"|": "|", r"\vert": "|", r"\|": "‖", r"\Vert": "‖"}
#: The delimiter after one of these is its own (\left. … \right|), not one on its own.
_SIZED = {r"\left", r"\right", r"\middle"}
#: A formula with one of these is never cut: a piece would take the fraction's
#: numerator from its denominator (a \over b + c), or only the first piece would be
#: in the style, colour or font the switch sets.
_WHOLE = {
    *(r"\over", r"\atop", r"\above", r"\choose", r"\brace", r"\brack"),
    *(r"\overwithdelims", r"\atopwithdelims", r"\abovewithdelims"),
    *(r"\displaystyle", r"\textstyle", r"\scriptstyle", r"\scriptscriptstyle", r"\color"),
    *(r"\rm", r"\bf", r"\it", r"\sf", r"\tt", r"\cal", r"\mit"),
    *(r"\tiny", r"\small", r"\normalsize", r"\large", r"\Large", r"\LARGE", r"\huge"),
    r"\Huge",
}
#: Commands that end a term like a letter does: a + or − after one is binary.
_OPERANDS = {
    r"\alpha",
    r"\beta",
    r"\gamma",
    r"\delta",
    r"\epsilon",
    r"\varepsilon",
    r"\zeta",
    r"\eta",
    r"\theta",
    r"\vartheta",
    r"\iota",
    r"\kappa",
    r"\lambda",
    r"\mu",
    r"\nu",
    r"\xi",
    r"\pi",
    r"\varpi",
    r"\rho",
    r"\varrho",
    r"\sigma",
    r"\varsigma",
    r"\tau",
    r"\upsilon",
    r"\phi",
    r"\varphi",
    r"\chi",
    r"\psi",
    r"\omega",
    r"\Gamma",
    r"\Delta",
    r"\Theta",
    r"\Lambda",
    r"\Xi",
    r"\Pi",
    r"\Sigma",
    r"\Upsilon",
    r"\Phi",
    r"\Psi",
    r"\Omega",
    r"\infty",
    r"\ell",
    r"\hbar",
    r"\imath",
    r"\jmath",
    r"\prime",
    r"\dots",
    r"\ldots",
    r"\cdots",
}


def math_pieces(tex: str) -> list[str]:
    """``tex`` cut after each relation and binary + or − outside any group, bracket,
    pair of delimiters (|x|, ‖x‖, ``\\lvert…\\rvert``, ``\\langle…\\rangle``, …),
    ``\\left…\\right`` or environment, as TeX breaks an inline formula at the end of a
    line (a + or − is binary after a letter, digit or closing delimiter only); never a
    formula with ``\\over`` and its kin or a style switch (``\\displaystyle``,
    ``\\color``, ``\\rm``…); each piece but the last ends with ``{}``, so that its
    operator keeps the spacing of an operator between two terms. The pieces keep the
    formula's spaces (TeX ignores them; a search result quotes them: "f(x) = g(x)", not
    "f(x) =g(x)"): without their ``{}`` they are ``tex`` again. One piece when there is
    nowhere to cut."""
    tokens = _TEX_TOKEN.findall(tex)
    if _WHOLE.intersection(tokens):
        return [tex]
    pieces: list[str] = []
    current: list[str] = []
    depth = 0
    bars = {"|": False, "‖": False}  # whether a | or a ‖ is open
    sized = ""  # the last token was \left, \right or \middle: this one is its delimiter
    after_term = False  # the last token ended a term: a + or − now is binary
    for i, token in enumerate(tokens):
        current.append(token)
        if token.isspace():
            continue
        closes = False  # this token closes a group or a pair of delimiters
        if sized:
            closes = sized == r"\right"
        elif token in _OPENS:
            depth += 1
        elif token in _CLOSES:
            depth = max(0, depth - 1)
            closes = True
        elif token in _BARS:
            bars[_BARS[token]] = not bars[_BARS[token]]
            closes = not bars[_BARS[token]]
        sized = token if token in _SIZED else ""
        operator = token in _RELATIONS or token in _BINARY
        rest = "".join(tokens[i + 1 :]).strip()
        outside = depth == 0 and not any(bars.values())
        if outside and operator and rest and (token in _RELATIONS or after_term):
            pieces.append("".join(current) + "{}")
            current = []
        # only a letter, a digit, a prime, a factorial or what closes a group ends a term:
        # after \times, \cdot, \in, \mapsto, a comma or a space a − is unary ("× −1")
        after_term = token.isalnum() or token in ("'", "!") or token in _OPERANDS or closes
    pieces.append("".join(current))
    return pieces


def break_math(html: str) -> str:
    """A long inline formula (:data:`LONG_MATH` characters of TeX or more) as one formula
    per piece of :func:`math_pieces`, side by side: a line may end between them, after
    an "=" or a "+", as in a printed book. MathJax 3 does not break a formula, and the
    theme clips an inline formula at the column's edge: on a phone notebook 07's
    "(784 + 1)·16 + (16 + 1)·16 + (16 + 1)·10 = 13,002" lost its "= 13,002".

    Each piece has the class :data:`PIECE`, and the formula whole is kept before them in
    a ``<noscript>``: with JavaScript off a reader sees the TeX, and saw it as several
    "\\(…\\)" side by side where the notebook has one; agm.css (and the standalone
    pages' style) hide the pieces then, and the ``<noscript>`` shows the formula as
    written. MathJax never reads a ``<noscript>``."""

    def one(m: re.Match[str]) -> str:
        tex = unescape(m["tex"])
        if len("".join(tex.split())) < LONG_MATH:
            return m[0]
        pieces = math_pieces(tex)
        if len(pieces) < 2:
            return m[0]
        # without JavaScript the reader reads the TeX: the formula as written, once
        # (<noscript>), not its pieces (agm.css hides .agm-piece under scripting: none)
        return f"<noscript>{m[0]}</noscript>" + "".join(
            f'<span class="{m["cls"]} {PIECE}">'
            f"{m['open']}{escape(p, quote=False)}{m['close']}</span>"
            for p in pieces
        )

    return _INLINE_MATH.sub(one, html)


def typeset(html: str) -> str:
    """Every fix of this module, on a fragment of a page's HTML."""
    return tie_math(break_math(breakable(html)))


#: A printed output's <pre> (the site's stream and plain-text outputs, a standalone
#: page's text outputs) and its text.
_OUTPUT_PRE = re.compile(
    r'(<div class="(?:output |jp-RenderedText)[^"]*"[^>]*>\s*(?:<div class="highlight">\s*)?)'
    r"<pre>(.*?)</pre>",
    re.S,
)
_BOX_DRAWING = re.compile(r"[\u2500-\u257f]")
#: A gap this wide between two words of a line reads as a gap between columns.
COLUMN_GAP = 2


def _cells(ch: str) -> int:
    """How many columns ``ch`` takes: a wide character (a hanzi) two, as a terminal shows
    it and as the site's code fonts draw it."""
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _columns(line: str) -> set[int]:
    """Where in ``line`` a column starts after a gap of COLUMN_GAP spaces or more (not
    the indent), counting a wide character (a hanzi) as two, as a terminal shows it."""
    starts, at, gap = set(), 0, 0
    for ch in line:
        if ch == " ":
            gap += 1
        else:
            if gap >= COLUMN_GAP and at > gap:
                starts.add(at)
            gap = 0
        at += _cells(ch)
    return starts


def is_table(text: str) -> bool:
    """Whether printed ``text`` is laid out in columns: two of its lines start a column at
    the same place after a gap, or it draws lines with box-drawing characters."""
    if _BOX_DRAWING.search(text):
        return True
    starts = Counter(c for line in text.splitlines() for c in _columns(line))
    return any(count >= 2 for count in starts.values())


def columns_wide(text: str) -> int:
    """How many columns the longest line of ``text`` takes (a hanzi two, :func:`_cells`)."""
    return max((sum(map(_cells, line)) for line in text.splitlines()), default=0)


def printed_tables(html: str) -> str:
    """Every printed output laid out in columns (:func:`is_table`) with its <pre> in
    ``class="agm-table"``, which scrolls sideways rather than wrap, its widest line's
    columns in ``--agm-columns`` (agm.css sets a table that small in print that its
    columns fit the page)."""

    def mark(m: re.Match[str]) -> str:
        text = unescape(_TAG.sub("", m[2]))
        if not is_table(text):
            return m[0]
        wide = f' style="--agm-columns: {columns_wide(text)}"'
        return f'{m[1]}<pre class="agm-table"{wide}>{m[2]}</pre>'

    return _OUTPUT_PRE.sub(mark, html)
