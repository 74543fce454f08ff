"""What the site's search reads of a formula: the words a reader sees, in its index and
in the text a result quotes.

Sphinx indexes a page's text as its doctree holds it, and a formula's text there is its
TeX: a search for "frac", "mathbf" or "partial" found every page with a fraction, a bold
letter or a partial derivative, and a search for "∂" or "η" found none. The site's HTML
builder (:class:`FormulasAsReadHTMLBuilder`, made Sphinx's "html" builder by
docs/conf.py) indexes each formula as it reads instead, :func:`plain_tex`: Greek letters
and operators as their characters (η, θ, ∂, Σ), a function as its name (\\tanh x is
"tanh x"), the words of a \\text{…} or \\operatorname{…}, a fraction as a/b; no command's
name that is not shown. The pages themselves are written from the doctree as it was.

A search result quotes its page's text, where each formula is its TeX (MathJax typesets
it in the browser): docs/build.py gives every formula of a page its :func:`plain_tex`
text as ``data-agm-text`` (:func:`formulas_with_text`), and
docs/_static/agm-search-text.js quotes that instead of the TeX. One reading of a formula,
for the index and for the quote: a result quotes the words the index found.

A mathematical sign (∂, ∇, √, ≈: :func:`is_sign`) is a word of its own, in both
editions' indexes (:class:`EnglishKeepingSigns`, :class:`ChineseKeepingLetters`) and in
a query (docs/_static/agm-query-words.js): Sphinx takes a word to be letters, digits
and _ only, and a search for ∂ or ∇, or for ∂C/∂w (found as "C" and "w"), found no page
by its ∂.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from html import escape, unescape
from typing import Any

from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.search.en import SearchEnglish
from sphinx.search.zh import SearchChinese

#: docutils has no type stubs: its nodes are Any here
nodes: Any = importlib.import_module("docutils.nodes")

SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε",
    "varepsilon": "ε", "zeta": "ζ", "eta": "η", "theta": "θ", "lambda": "λ", "mu": "μ",
    "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ",
    "Theta": "Θ", "Lambda": "Λ", "Sigma": "Σ", "Phi": "Φ", "Omega": "Ω", "partial": "∂",
    "nabla": "∇", "sum": "Σ", "prod": "Π", "int": "∫", "infty": "∞", "ell": "ℓ",
    "prime": "′", "top": "⊤", "dots": "…", "ldots": "…", "cdots": "⋯", "lVert": "‖",
    "rVert": "‖", "Vert": "‖", "lvert": "|", "rvert": "|", "vert": "|", "mid": " | ",
    "lbrace": "{", "rbrace": "}", "langle": "⟨", "rangle": "⟩", "lceil": "⌈",
    "rceil": "⌉", "lfloor": "⌊", "rfloor": "⌋", "star": "⋆", "ast": "∗",
    "cdot": " · ", "times": " × ", "odot": " ⊙ ", "circ": " ∘ ", "pm": " ± ",
    "mp": " ∓ ", "approx": " ≈ ", "le": " ≤ ", "leq": " ≤ ", "ge": " ≥ ", "geq": " ≥ ",
    "ne": " ≠ ", "neq": " ≠ ", "ll": " ≪ ", "gg": " ≫ ", "equiv": " ≡ ", "sim": " ∼ ",
    "propto": " ∝ ", "in": " ∈ ", "to": " → ", "rightarrow": " → ", "leftarrow": " ← ",
    "gets": " ← ", "mapsto": " ↦ ", "Rightarrow": " ⇒ ", "implies": " ⇒ ",
    "Leftrightarrow": " ⇔ ", "iff": " ⇔ ", "quad": " ", "qquad": " ", "\\": " ",
    ",": " ", ";": " ", ":": " ", ">": " ", " ": " ", "!": "", "|": "‖",
}  # fmt: skip
#: commands whose argument is the text (a font or an operator's name)
AS_TEXT = frozenset(
    [
        "operatorname",
        "mathrm",
        "text",
        "textrm",
        "textit",
        "textbf",
        "mathit",
        "mathbf",
        "boldsymbol",
        "bm",
        "mathcal",
        "mathbb",
        "mathsf",
        "mathtt",
        "mbox",
        "emph",
        "mathop",
        "mathbin",
        "mathrel",
        "mathord",
    ]
)
ACCENTS = {"hat": "\u0302", "bar": "\u0304", "tilde": "\u0303", "dot": "\u0307", "vec": "\u20d7"}
#: commands that are not the formula's text: size and style switches, \left and \right,
#: braces and lines drawn under or over a part (the part is read)
SILENT = frozenset(
    [
        "displaystyle",
        "textstyle",
        "scriptstyle",
        "scriptscriptstyle",
        "left",
        "right",
        "middle",
        "big",
        "Big",
        "bigg",
        "Bigg",
        "bigl",
        "bigr",
        "Bigl",
        "Bigr",
        "biggl",
        "biggr",
        "Biggl",
        "Biggr",
        "limits",
        "nolimits",
        "rm",
        "bf",
        "it",
        "cal",
        "underbrace",
        "overbrace",
        "underline",
        "overline",
    ]
)
DROP_ARGUMENT = frozenset(["color", "label", "begin", "end"])

_DELIMITERS = (re.compile(r"^\s*(\\\(|\\\[|\$\$?)"), re.compile(r"(\\\)|\\\]|\$\$?)\s*$"))
_TOKEN = re.compile(r"\\[A-Za-z]+|\\[^A-Za-z]|\s+|.", re.S)
_ONE_TERM = re.compile(
    r"^(?:[^\W_]|[\u0300-\u036f\u20d7'′∂.…⊤⋆∗])+"
    r"(?:[_^](?:(?:[^\W_]|[\u0300-\u036f\u20d7'′.⊤⋆∗])+|\([^()]*\)))*$"
)
_OPERATOR = re.compile(r"^[-+=<>/,;:|*]$")
_FRACTION_OPEN, _FRACTION_CLOSE = "\u0001", "\u0002"


def _one_term(s: str) -> bool:
    """x, 12, ∂C, x′, ∂x_1, a^(N), or one bracketed group: reads as one term."""
    if _ONE_TERM.match(s):
        return True
    if not s or s[0] != "(" or s[-1] != ")":
        return False
    depth = 0
    for i, c in enumerate(s):
        depth += 1 if c == "(" else -1 if c == ")" else 0
        if depth == 0 and i < len(s) - 1:
            return False
    return True


def _term(s: str) -> str:
    s = " ".join(s.replace(_FRACTION_OPEN, "").replace(_FRACTION_CLOSE, "").split())
    return s if _one_term(s) else f"({s})"


class _Reader:
    """One formula's tokens, read left to right."""

    def __init__(self, tex: str) -> None:
        self.tokens: list[str] = _TOKEN.findall(tex)
        self.at = 0

    def _blank(self, i: int) -> bool:
        return i < len(self.tokens) and self.tokens[i].isspace()

    def _next(self, i: int) -> str:
        return self.tokens[i] if i < len(self.tokens) else ""

    def space_before_word(self) -> str:
        """A function's name and a letter after it stay two words: "tanh x"."""
        if self.at >= len(self.tokens):
            return ""
        nxt = self.tokens[self.at]
        if nxt[0].isalnum():
            return " "
        name = nxt[1:]
        if not re.match(r"^\\[A-Za-z]", nxt) or name in SILENT:
            return ""
        if name not in SYMBOLS:
            return " "
        first = SYMBOLS[name][:1]
        return " " if first.isalpha() or first in "∂∇" else ""

    def argument(self) -> str:
        while self._blank(self.at):
            self.at += 1
        return self.one() if self.at < len(self.tokens) else ""

    def sequence(self) -> str:
        out = ""
        while self.at < len(self.tokens) and self.tokens[self.at] != "}":
            out += self.one()
        self.at += 1
        return out

    def one(self) -> str:
        token = self.tokens[self.at]
        self.at += 1
        if token == "{":
            return self.sequence()
        if token == "}":
            return ""
        if token in ("^", "_"):
            return token + _term(self.argument()) + self.space_before_word()
        if token in ("&", "~") or token.isspace():
            return " "
        if token[0] != "\\":
            return token
        if not re.match(r"^\\[A-Za-z]", token):
            return SYMBOLS.get(token[1:], token[1:])
        name = token[1:]
        after = self.at
        while self._blank(after):
            after += 1
        if not _OPERATOR.match(self._next(after)):
            self.at = after
        if re.fullmatch(r"[dtc]?frac", name):
            top = self.argument()
            return f"{_FRACTION_OPEN}{_term(top)}/{_term(self.argument())}{_FRACTION_CLOSE}"
        if name == "sqrt":
            if self._next(self.at) == "[":
                index = ""
                self.at += 1
                while self.at < len(self.tokens) and self.tokens[self.at] != "]":
                    index += self.one()
                self.at += 1
                return f"{_term(index)}√{_term(self.argument())}"
            return f"√{_term(self.argument())}"
        if name in AS_TEXT:
            return self.argument() + self.space_before_word()
        if name in ACCENTS:
            base = self.argument()
            return base + ACCENTS[name] if len(base) == 1 else base
        if name in DROP_ARGUMENT:
            self.argument()
            return ""
        if name in SILENT:
            if name in ("left", "right", "middle") and self._next(self.at) == ".":
                self.at += 1
            return ""
        if name in SYMBOLS:
            return SYMBOLS[name]
        return name + self.space_before_word()  # \tanh, \max, \log: the function's name


def plain_tex(tex: str) -> str:
    """``tex`` (with or without its delimiters) as a reader reads it: Greek letters and
    operators as their characters, a function as its name, a fraction as a/b and a sub-
    or superscript of several tokens in brackets (x_(k+1)), no backslash, brace or
    delimiter. A piece of a formula docs/typeset.py's break_math cut keeps the spaces
    around it, so that the pieces read as the formula did ("f(x) = g(x)", not
    "f(x) =g(x)")."""
    inner = _DELIMITERS[1].sub("", _DELIMITERS[0].sub("", tex))
    reader = _Reader(inner)
    text = ""
    while reader.at < len(reader.tokens):
        text += reader.one()
    # a fraction next to a word or a bracket is a word of its own: "1/2 Σ"
    text = re.sub(r"(?<=[^\W_]|[\u0300-\u036f\u20d7)\]'′])\u0001", " ", text)
    text = text.replace(_FRACTION_OPEN, "")
    text = re.sub(r"\u0002(?=[^\W_]|[(∂√Σ∇])", " ", text).replace(_FRACTION_CLOSE, "")
    text = " ".join(text.split())
    if not text:
        return ""
    lead = " " if inner[:1].isspace() else ""
    trail = " " if inner[-1:].isspace() else ""
    return lead + unicodedata.normalize("NFC", text) + trail


#: A sub- or superscript's mark: Sphinx's index takes "σ_h" for one word (_ is a word's
#: character), and a search for σ did not find it.
_SCRIPT_MARK = re.compile(r"[_^]")


def formulas_as_read(doctree: Any) -> Any:
    """A copy of ``doctree`` whose formulas are their :func:`plain_tex` text, each letter
    a word apart from its sub- and superscripts (σ and h of σ_h)."""
    copy = doctree.deepcopy()
    for math in list(copy.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block)))):
        text = _SCRIPT_MARK.sub(" ", plain_tex(math.astext()))
        math.replace_self(nodes.Text(f" {text} "))
    return copy


#: A formula of a page Sphinx wrote: ``<span class="math …">`` (inline, a piece of one
#: break_math cut, or the whole of it in a <noscript>) or ``<div class="math …">``
#: (display; a labelled one has its ``id="equation-…"`` after the class), its TeX
#: inside, HTML-escaped
_FORMULA = re.compile(r'<(span|div) (class="math\b[^"]*")([^>]*)>(.*?)</\1>', re.S)
#: A labelled display formula's number and its link, before its TeX (Sphinx's mathjax
#: writes ``<span class="eqno">(1)<a class="headerlink" …>#</a></span>``)
_NUMBER = re.compile(r'<span class="eqno">.*?</span>', re.S)


def formulas_with_text(html: str) -> str:
    """``html`` with every formula's :func:`plain_tex` text as its ``data-agm-text``:
    what docs/_static/agm-search-text.js quotes of it in a search result (a labelled
    formula's text is its TeX's, without its number)."""

    def one(m: re.Match[str]) -> str:
        text = escape(plain_tex(unescape(_NUMBER.sub("", m[4]))), quote=True)
        return f'<{m[1]} {m[2]}{m[3]} data-agm-text="{text}">{m[4]}</{m[1]}>'

    return _FORMULA.sub(one, html)


class FormulasAsReadHTMLBuilder(StandaloneHTMLBuilder):
    """Sphinx's HTML builder, indexing every formula as it reads (:func:`plain_tex`)."""

    def index_page(self, pagename: str, doctree: Any, title: str) -> None:
        super().index_page(pagename, formulas_as_read(doctree), title)


def is_sign(word: str) -> bool:
    """Whether ``word`` is one mathematical sign (Unicode's category Sm) outside ASCII:
    ∂, ∇, √, ∞, ×, ±, ≈, ≤, →, ∈, ⊙, −. The course's formulas show them, and its text
    writes ∂C/∂w and ∇C as characters; ASCII's + < = > | ~ ^ are in every line of code
    and no reader searches for them."""
    return len(word) == 1 and not word.isascii() and unicodedata.category(word) == "Sm"


#: A word as Sphinx takes it (letters, digits, _), or one other character but a space
_WORD_OR_CHARACTER = re.compile(r"(\w+)|([^\w\s])")


class EnglishKeepingSigns(SearchEnglish):
    """Sphinx's English index, keeping each mathematical sign (:func:`is_sign`) as a
    word of its own: its words are runs of letters, digits and _, and ∂ and ∇ were
    in none (∂C/∂w was indexed as "C" and "w")."""

    def split(self, input: str) -> list[str]:
        return [
            word or character
            for word, character in _WORD_OR_CHARACTER.findall(input)
            if word or is_sign(character)
        ]


#: One letter a formula names a quantity by: Latin, Greek, ℓ (x, w, C, η, σ)
_LETTER = re.compile(r"[A-Za-z\u0370-\u03ff\u2113]")


class ChineseKeepingLetters(SearchChinese):
    """Sphinx's Chinese index, keeping a one-character word when it is a formula's
    letter (x, w, η, σ) or a mathematical sign (∂, ∇: :func:`is_sign`).

    The Chinese index keeps no word of one character (a single hanzi says little), so
    on the Chinese pages a search for η, the learning rate, or σ found nothing, while
    the English pages found the seven and three pages whose formulas show them; ∂ and
    ∇, which jieba gives as words of their own, were left out too, and ∂C/∂w asked
    for "c" and "w", which the index did not hold."""

    def word_filter(self, stemmed_word: str) -> bool:
        if super().word_filter(stemmed_word):
            return True
        return bool(_LETTER.fullmatch(stemmed_word)) or is_sign(stemmed_word)


def setup(app: Any) -> None:
    """Make :class:`FormulasAsReadHTMLBuilder` the "html" builder, and
    :class:`EnglishKeepingSigns` and :class:`ChineseKeepingLetters` the English and the
    Chinese index's languages (docs/conf.py)."""
    app.add_builder(FormulasAsReadHTMLBuilder, override=True)
    app.add_search_language(EnglishKeepingSigns)
    app.add_search_language(ChineseKeepingLetters)
