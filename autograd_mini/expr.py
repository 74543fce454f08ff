"""Safe arithmetic expressions: ``"tanh(x1*w1 + x2*w2 + b)"`` → a :class:`Value` graph.

The command line takes an expression typed by a person, so it must never reach
``eval``: text is parsed with :func:`ast.parse` (parsing only, nothing is compiled to
code or run) and the tree is accepted only if every node is on a short whitelist —

    numbers · variable names · + − × ÷ ** · unary ± · calls f(arg, …) where f is one of
    the engine's named ops in :data:`~autograd_mini.ops.OPS` (exp, log, sqrt, tanh,
    sigmoid, softplus, relu, leaky_relu, sin, cos, abs, and any op registered later)

Anything else — attribute access, subscripts, lambdas, strings, keywords, ``*args``,
comprehensions, calls of anything but a bare whitelisted name — is refused with an
:class:`ExpressionError` that names the construct and its column. Input length and
nesting depth are bounded so that hostile input cannot exhaust the stack or memory.

Every message is said in the thread's picture language (``graph --lang zh``, a Chinese
notebook): the phrases are in :mod:`autograd_mini.expr_words`.
"""

from __future__ import annotations

import ast
import decimal
import functools
import keyword
import math
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from autograd_mini.expr_words import PYTHON_ARITHMETIC, engine_says, python_says, say
from autograd_mini.grad_mode import no_grad
from autograd_mini.ops import OPS, Op, domain_error
from autograd_mini.value import Value, apply

__all__ = [
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "RAISED",
    "WIDE_SPACE",
    "ExpressionError",
    "evaluate",
    "nonzero",
    "parse_expression",
    "plain_signs",
    "python_name",
    "subscript_hint",
    "variable_names",
]

#: Longest accepted expression, in characters.
MAX_LENGTH = 2000
#: Deepest accepted nesting: each call, unary sign and operator's right operand is one
#: level; a left operand is not, so a chain typed flat (a + b + … + z) is one level.
MAX_DEPTH = 200

Scalar = Value | float


class ExpressionError(ValueError):
    """The expression is not in the accepted language, or cannot be evaluated."""


class _Functions(Mapping[str, tuple[tuple[int, ...], Callable[..., Value]]]):
    """The callable names, read from the op table each time: every ``named`` op, so an
    op registered later is callable too. A two-input op with a ``default`` for its
    second input takes one or two arguments (``leaky_relu(x)``, ``leaky_relu(x, 0.2)``).
    """

    def _ops(self) -> dict[str, Op]:
        # a copy first (one C call): another thread's register() would change the table's
        # size under a Python loop over it ("dictionary changed size during iteration")
        return {name: op for name, op in list(OPS.items()) if op.named and op.arity in (1, 2)}

    def __getitem__(self, name: str) -> tuple[tuple[int, ...], Callable[..., Value]]:
        op = self._ops()[name]
        if op.arity == 1:
            return (1,), functools.partial(apply, op)
        counts = (2,) if op.default is None else (1, 2)
        return counts, functools.partial(_apply_with_default, op)

    def __iter__(self) -> Iterator[str]:
        return iter(self._ops())

    def __len__(self) -> int:
        return len(self._ops())


def _apply_with_default(op: Op, x: Value, *rest: Scalar) -> Value:
    return apply(op, x, *(rest or (op.default,)))


#: Whitelisted function name → (number of arguments accepted, how to apply it to a Value).
FUNCTIONS: Mapping[str, tuple[tuple[int, ...], Callable[..., Value]]] = _Functions()

_BINARY: dict[type[ast.operator], Callable[[Scalar, Scalar], Scalar]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a**b if isinstance(a, Value) or isinstance(b, Value) else _pow(a, b),
}
_SYMBOLS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}


def _pow(a: Scalar, b: Scalar) -> float:
    """A constant power, under the engine's rules: Python's ``(-8.0) ** 0.5`` would be a
    complex number, and ``0.0 ** -1.0`` a ZeroDivisionError without a word of where."""
    x, y = float(a), float(b)
    error = domain_error(OPS["pow"], x, y)
    if error is not None:  # said with where the power is typed (:func:`_at`)
        raise error
    return float(x**y)


def _where(node: ast.AST) -> str:
    """Where a node starts in the text as typed (see :meth:`_Typed.mark`)."""
    typed = getattr(node, "typed", None)
    at = typed.start_of(node) if isinstance(typed, _Typed) else None
    return say("at", place=at) if at else ""


def _refuse(node: ast.AST, what: str) -> ExpressionError:
    return ExpressionError(say("not_allowed", what=what, where=_where(node)))


def _refuse_operator(node: ast.BinOp | ast.UnaryOp, what: str) -> ExpressionError:
    """An operator refused where it is typed (see :meth:`_Typed.operator_of`)."""
    typed = getattr(node, "typed", None)
    at = typed.operator_of(node) if isinstance(typed, _Typed) else None
    if not at:
        return _refuse(node, what)
    return ExpressionError(say("not_allowed", what=what, where=say("at", place=at)))


class _Typed:
    """Positions in the text as typed, from positions in the text the parser saw: the
    text stripped of its outer spaces and newlines (a leading space is an indentation
    error to Python)."""

    def __init__(self, text: str) -> None:
        lead = text[: len(text) - len(text.lstrip())]
        self.lines_before = lead.count("\n")
        self.first_column = len(lead) - (lead.rfind("\n") + 1)  # spaces on the first line
        self.stripped = text.strip()
        self.body = self.stripped.split("\n")
        self.multiline = self.lines_before > 0 or len(self.body) > 1

    def at(self, line: int, column: int) -> str:
        """``line``, ``column`` (from 1, characters) of the stripped text, as typed."""
        if line == 1:
            column += self.first_column
        line += self.lines_before
        if self.multiline:
            return say("line_column", line=line, column=column)
        return say("column", column=column)

    def end(self) -> str:
        return say("end", place=self.at(len(self.body), len(self.body[-1]) + 1))

    def mark(self, tree: ast.AST) -> None:
        """Let every node find its place in the text as typed (``typed``: this object,
        read by :func:`_where` and :func:`_typed`). Positions and sub-expressions are
        worked out only for a node an error names: done for every node, they made a
        1,000-character expression take 30 ms to parse where it took 2."""
        for node in ast.walk(tree):
            node.typed = self  # type: ignore[attr-defined]

    def _chars(self, line: int, col: int) -> int:
        """Characters before UTF-8 byte ``col`` of line ``line`` of the stripped text."""
        return len(self.body[line - 1].encode()[:col].decode(errors="ignore"))

    def start_of(self, node: ast.AST) -> str | None:
        """Where ``node`` starts, in words, from its ``lineno`` and ``col_offset``."""
        line, col = getattr(node, "lineno", None), getattr(node, "col_offset", None)
        if not isinstance(line, int) or not isinstance(col, int):
            return None
        return self.at(line, self._chars(line, col) + 1)

    def segment(self, node: ast.AST) -> str | None:
        """``node``'s own text, as typed."""
        return ast.get_source_segment(self.stripped, node)

    def operator_of(self, node: ast.BinOp | ast.UnaryOp) -> str | None:
        """Where the operator itself is typed: the first character after the left
        operand (a binary operator) or the node's own start (a unary one) that is not a
        space or a bracket — "a + b % c" refuses the % at column 7, not the b at 5 where
        its operation starts. None when it is on another line than that operand's end."""
        start = node.left if isinstance(node, ast.BinOp) else None
        line = getattr(start, "end_lineno", None) if start else node.lineno
        col = getattr(start, "end_col_offset", None) if start else node.col_offset
        if not isinstance(line, int) or not isinstance(col, int):
            return None
        chars = self._chars(line, col)
        rest = self.body[line - 1][chars:]
        skipped = len(rest) - len(rest.lstrip(" \t)"))
        return self.at(line, chars + skipped + 1) if skipped < len(rest) else None


_SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉"
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
#: superscript digits and minus: a power, as a textbook writes x² and x⁻¹ (the command
#: line's --set reads them too)
RAISED = _SUPERSCRIPTS + "⁻"
#: a name's characters but for superscripts (x₁ is the name x1, x² the power x**2)
_NAME_PART = rf"[^\W{_SUPERSCRIPTS}]"
#: a power as a textbook writes it: digits raised, perhaps a raised minus (x⁻¹)
_POWER = re.compile(rf"({_NAME_PART}*)(⁻?[{_SUPERSCRIPTS}]+)")


def _power_base(text: str, power: re.Match[str]) -> tuple[str, int] | None:
    """What ``power``'s superscript raises, as Python reads it, and where it starts in
    ``text``: the name or number before it (x₁ read as x1), or the bracket it closes
    with the name called on it ((x+1)², sin(x)²). None when that is not known: "2x²" is
    not 2x to the power 2."""
    if power.group(1):
        start = power.start()
        if power.group(1).isdigit():  # 3.5²: the digits before a point are the number's
            lead = re.search(r"\d*\.$", text[:start])
            start = lead.start() if lead else start
        base = python_name(text[start : power.end(1)])
        number = re.fullmatch(r"\d+\.?\d*|\.\d+", base)
        return (base, start) if base.isidentifier() or number else None
    end = power.start(2)
    if end == 0 or text[end - 1] != ")":
        return None
    depth = 0
    for start in range(end - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[start], 0)
        if depth == 0:
            called = re.search(rf"{_NAME_PART}*$", text[:start])
            begin = called.start() if called else start
            if re.search(rf"[{_SUPERSCRIPTS}⁻]", text[begin:end]):
                return None  # another power inside: said at that one
            return python_name(text[begin:end]), begin
    return None


def subscript_hint(typed: str) -> str:
    """What to write for a name with a subscript digit (x₁ is x1), in an expression or a
    --set assignment."""
    return say("subscript", name=python_name(typed), typed=typed)


def _script_digit_hint(text: str, why: str) -> str:
    """What to type for a subscript or superscript digit, as a textbook writes x₁ and x²
    (Python refuses both in a name: "invalid character '₁' (U+2081)" said no more)."""
    if not why.startswith("invalid character"):
        return ""
    sub = re.search(rf"{_NAME_PART}*[{_SUBSCRIPTS}]{_NAME_PART}*", text)
    sup = _POWER.search(text)
    if sub and (not sup or sub.start() < sup.start()):
        return say("hint", hint=subscript_hint(sub.group()))
    if sup:
        found = _power_base(text, sup)
        if found is None:  # x²³ was told "x²**3", x⁻¹ "**1"
            return say("power")
        base, begin = found
        power = python_name(sup.group(2).replace("⁻", "-"))
        return say("power_for", base=base, power=power, typed=text[begin : sup.end()])
    return say("power") if "⁻" in text else ""


#: signs a textbook or a Chinese input method types that Python refuses, and what an
#: expression types for them (a full-width sign, U+FF01 to U+FF5E, is its ASCII sign)
_SIGNS = {
    "×": "*",
    "⋅": "*",
    "∙": "*",
    "÷": "/",
    "−": "-",
    "–": "-",
    "—": "-",
    "、": ",",
    "\uff3e": "**",  # a full-width ^
    "√": "sqrt(…)",
}
#: two signs a Chinese input method types for one key, and what that key types on an
#: English keyboard: Shift+6 (^, a power: **) gives ……, Shift+- (_) gives ——
#: (x……2 was told to type ..., leaky——relu to type -, one sign of each pair at a time)
_IME_PAIRS = {"……": "**", "——": "_"}
#: quotes a word processor curls: to the shell they are text, not quotes
_CURLY_QUOTES = "\u201c\u201d\u2018\u2019"


def plain_signs(text: str) -> str:
    """``text`` with each sign an input method or a word processor types for a key of an
    English keyboard (−, ×, full-width digits and signs) as that key types it; the other
    characters as they are, raised and lowered digits too (2² is not 22, as NFKC has it)."""
    plain = []
    for c in text:
        if c in _SUBSCRIPTS + RAISED:
            plain.append(c)
            continue
        sign = _SIGNS.get(c, "")
        wide = unicodedata.normalize("NFKC", c)
        plain.append(
            sign if len(sign) == 1 else wide if wide.isascii() and wide.isprintable() else c
        )
    return "".join(plain)


#: a function as a textbook names it -> the engine's name (ln(x) was told "unknown
#: function 'ln'" and the list, where log is the natural logarithm)
_TEXTBOOK_NAMES = {"ln": "log", "σ": "sigmoid", "sigma": "sigmoid", "th": "tanh"}


def _sign_hint(text: str, why: str) -> str:
    """What to type for the signs Python refuses in ``text``, all at once: (x+1)*2 typed
    with full-width brackets was told "invalid character ... (U+FF08)", then, with that
    one fixed, of the next."""
    if not why.startswith("invalid character"):
        return ""
    if any(c in _CURLY_QUOTES for c in text):
        return say("curly_quotes")
    pairs: dict[str, str] = {}
    for typed in sorted((t for t in _IME_PAIRS if t in text), key=text.index):  # as typed
        pairs[typed] = _IME_PAIRS[typed]
    for typed in pairs:
        text = text.replace(typed, "")  # not told again as two single signs
    for c in text:
        plain = unicodedata.normalize("NFKC", c)
        if c in _SIGNS:
            pairs[c] = _SIGNS[c]
        elif c in _SUBSCRIPTS + _SUPERSCRIPTS + "⁻":  # x₁ and x², told by their own hint
            continue
        elif plain != c and plain.isascii() and plain.isprintable():
            pairs[c] = plain
    if not pairs:
        return ""
    said = say("signs_list").join(
        say("sign_for", typed=typed, sign=c) for c, typed in pairs.items()
    )
    return say("signs", said=said)


#: a whole decimal number as Python reads it (1_000, 2.5, 1.5e-3)
_NUMBER = r"\d(?:_?\d)*(?:\.\d*)?(?:[eE][-+]?\d(?:_?\d)*)?"
#: a number and what follows it
_NUMBER_THEN = re.compile(r"(?<![\w.])(" + _NUMBER + r")(\w*)")


#: a name and what follows it after spaces: a name, or a whole number (1e-5: exp 1e-5
#: was told "exp(1e) for exp 1e")
_NAME_THEN = re.compile(r"(?<![\w.])([^\W\d]\w*)\s+([^\W\d]\w*|" + _NUMBER + r")(?![\w.])")


def _product_hint(text: str, why: str) -> str:
    """2x, as algebra writes a product: Python said "invalid decimal literal". The number
    is read whole (1e5 + 2x was told "1*e5 for 1e5", and 2e3x "2*e3x"), and a name starts
    with a letter (2_x is no product). A lone e after a number begins an exponent, perhaps
    (1e was told "1*e for 1e" only, and 2e+ "2*e for 2e", where 2*e+ is no expression):
    with a sign after it, an exponent without digits."""
    if not why.startswith("invalid decimal literal"):
        return ""
    for found in _NUMBER_THEN.finditer(text):
        number, name = found.groups()
        if name in ("e", "E"):
            sign = text[found.end() : found.end() + 1]
            if sign in ("+", "-"):
                return say("exponent_digits", typed=found.group() + sign)
            return say("exponent_or_product", number=number, e=name)
        if name[:1].isalpha():
            return say("product", number=number, name=name, typed=found.group())
    return ""


def _call_hint(text: str, why: str) -> str:
    """sin x, as a textbook writes a function of x: Python said "invalid syntax" only.
    The first of the engine's functions followed by a name or a number is told how to
    call it."""
    if not why.startswith("invalid syntax"):
        return ""
    for found in _NAME_THEN.finditer(text):
        name, argument = found.groups()
        if name in FUNCTIONS and not keyword.iskeyword(argument):
            return say("call", call=f"{name}({argument})", typed=found.group())
    return ""


def nonzero(text: str) -> bool:
    """Whether ``text``, a number as typed, is not zero as written: 1e-400 is not, though
    a float reads it as 0."""
    try:
        return decimal.Decimal(text.strip().replace("_", "")) != 0
    except decimal.InvalidOperation:
        return False


#: an equals sign that is not part of ==, <=, >=, != or :=
_EQUALS = re.compile(r"(?<![=<>!:])=(?!=)")


#: the space a Chinese input method types in full-width mode
WIDE_SPACE = "\u3000"


def _space_hint(text: str, why: str) -> str:
    """x　+ y, typed with an input method's full-width space: Python said "invalid
    non-printable character U+3000" only."""
    return (
        say("wide_space") if why.startswith("invalid non-printable") and WIDE_SPACE in text else ""
    )


def _equals_hint(text: str, why: str) -> str:
    """x=1 or y = x*2 typed as the expression, or x*y= ended with one: "invalid syntax"."""
    return say("equals") if why.startswith("invalid syntax") and _EQUALS.search(text) else ""


def _syntax_where(text: str, exc: SyntaxError) -> str:
    """Where a syntax error is, in the text as typed. Python gives no column when the
    text ends too soon (``x+``): that is at the end."""
    typed = _Typed(text)
    line, col = exc.lineno or 1, exc.offset or 0
    if not 1 <= line <= len(typed.body) or not 1 <= col <= len(typed.body[line - 1]):
        return typed.end()
    return typed.at(line, col)


#: Python 3.10's tokenizer refusing a number that a non-ASCII character follows
_LITERAL_310 = re.compile(r"invalid (decimal|hexadecimal|octal|binary|imaginary) literal")


def _parse_as_311(text: str, exc: SyntaxError) -> SyntaxError:
    """``exc``, raised by Python 3.10 parsing ``text``, as Python 3.11 and later raise
    it. 3.10 refuses a number followed by any non-ASCII character as "invalid decimal
    literal" at the number's last digit (3.5², 2×3, 2　+1), where 3.11 reads the number
    and then refuses the character ("invalid character '²' (U+00B2)" at the ²), and so
    did this module's hints (3.5² was told no power). The character is set apart by a
    space, as 3.11's tokenizer sets it apart, and the text parsed again; the columns
    are those of ``text``."""
    lines = text.split("\n")
    inserted: list[tuple[int, int]] = []  # where spaces went: (line, column) of ``text``
    while (
        _LITERAL_310.fullmatch(exc.msg)
        and exc.lineno is not None
        and 1 <= exc.lineno <= len(lines)
        and exc.offset is not None
        and 0 <= exc.offset < len(lines[exc.lineno - 1])
        and not lines[exc.lineno - 1][exc.offset].isascii()
    ):
        line = lines[exc.lineno - 1]
        lines[exc.lineno - 1] = line[: exc.offset] + " " + line[exc.offset :]
        inserted.append((exc.lineno, exc.offset))
        try:
            ast.parse("\n".join(lines), mode="eval")
        except SyntaxError as again:
            exc = again
        else:  # pragma: no cover - the character was refused, with a space or not
            break
    if not inserted:
        return exc
    offset = exc.offset
    if offset is not None:
        for lineno, column in reversed(inserted):
            if lineno == exc.lineno and offset > column:
                offset -= 1
    return SyntaxError(exc.msg, (exc.filename, exc.lineno, offset, text, None, None))


def parse_expression(text: str) -> ast.Expression:
    """Parse and validate ``text``; the returned tree holds whitelisted nodes only.

    Validation walks the tree with an explicit stack (no recursion), tracking depth, so
    a deeply nested input is refused with a message instead of a ``RecursionError``.
    """
    if not isinstance(text, str):
        raise ExpressionError(say("not_str", kind=type(text).__name__))
    if len(text) > MAX_LENGTH:
        raise ExpressionError(say("too_long", n=len(text), limit=MAX_LENGTH))
    if not text.strip():
        raise ExpressionError(say("empty"))
    if "\x00" in text:
        raise ExpressionError(say("null", column=text.index(chr(0)) + 1))
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as raised:
        exc = _parse_as_311(text.strip(), raised) if sys.version_info < (3, 11) else raised
        words = [w for w in re.findall(r"[^\W\d]\w*", text) if keyword.iskeyword(w)]
        hint = (
            say("keyword", word=words[0])
            if words
            else (_script_digit_hint(text, exc.msg) + _sign_hint(text, exc.msg))
            or _product_hint(text, exc.msg)
            or _call_hint(text, exc.msg)
            or _equals_hint(text, exc.msg)
            or _space_hint(text, exc.msg)
        )
        where = _syntax_where(text, exc)
        raise ExpressionError(
            say("syntax", place=where, why=python_says(exc.msg), hint=hint)
        ) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionError(say("too_deep", limit=MAX_DEPTH)) from None
    _Typed(text).mark(tree)  # error messages count in the text as typed
    stack: list[tuple[ast.AST, int]] = [(tree.body, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ExpressionError(say("too_deep", limit=MAX_DEPTH))
        children = _checked_children(node)
        if isinstance(node, ast.BinOp):
            # a + b + c is ((a + b) + c) to Python: a chain typed flat, which _eval
            # walks in a loop, so the left operand does not count as a level
            stack += [(children[0], depth), (children[1], depth + 1)]
        else:
            stack.extend((child, depth + 1) for child in children)
    return tree


def _checked_children(node: ast.AST) -> list[ast.AST]:
    """The sub-expressions of an allowed node; raise for a node that is not allowed."""
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _refuse(node, say("constant", value=_typed(node)))
        return []
    if isinstance(node, ast.Name):
        return []
    if isinstance(node, ast.BinOp):
        if type(node.op) not in _BINARY:
            left_out = _LEFT_OUT.get(type(node.op), type(node.op).__name__)
            operator = say("caret") if left_out is _CARET else left_out
            raise _refuse_operator(node, say("operator", operator=operator))
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.USub, ast.UAdd)):
            name = {ast.Not: "not", ast.Invert: "~"}.get(type(node.op), type(node.op).__name__)
            raise _refuse_operator(node, say("unary_operator", operator=name))
        return [node.operand]
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name):
            raise _refuse(node, say("call_of_other"))
        name = node.func.id
        if name not in FUNCTIONS:
            known = say("list").join(sorted(FUNCTIONS))
            other = _TEXTBOOK_NAMES.get(name)
            also = say("engine_name", name=other) if other in FUNCTIONS else ""
            raise ExpressionError(
                say("unknown_function", name=name, where=_where(node), also=also, known=known)
            )
        if node.keywords:
            raise _refuse(node, say("keyword_argument", name=name))
        if any(isinstance(a, ast.Starred) for a in node.args):
            raise _refuse(node, say("starred_argument", name=name))
        counts, _ = FUNCTIONS[name]
        if len(node.args) not in counts:
            want = say("or").join(map(str, counts))
            raise ExpressionError(
                say("arguments", name=name, counts=want, n=len(node.args), where=_where(node))
            )
        return list(node.args)
    if isinstance(node, ast.Tuple) and node.elts:  # `1,5*x`, a decimal comma, was "a Tuple
        # expression at column 1 is not allowed": Python's word, where the tuple starts
        raise ExpressionError(say("comma", where=_comma_where(node)))
    raise _refuse(node, _describe(node))


def _comma_where(node: ast.Tuple) -> str:
    """Where a tuple's first comma is typed: the first after its first element."""
    typed, first = getattr(node, "typed", None), node.elts[0]
    line, col = first.end_lineno, first.end_col_offset
    if isinstance(typed, _Typed) and isinstance(line, int) and isinstance(col, int):
        chars = typed._chars(line, col)
        comma = typed.body[line - 1].find(",", chars)
        if comma >= 0:
            return say("at", place=typed.at(line, comma + 1))
    return _where(node)


#: The operators the language leaves out, as typed (^ is a power in many calculators).
_CARET = "^"  # said with its hint, that a power is written ** ("caret")
_LEFT_OUT: dict[type[ast.operator], str] = {
    ast.BitXor: _CARET,
    ast.Mod: "%",
    ast.FloorDiv: "//",
    ast.MatMult: "@",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.LShift: "<<",
    ast.RShift: ">>",
}


def _describe(node: ast.AST) -> str:
    names = {  # the phrase that names each
        ast.Attribute: "attribute",
        ast.Subscript: "subscripting",
        ast.Lambda: "lambda",
        ast.JoinedStr: "f_string",
        ast.Compare: "comparison",
        ast.BoolOp: "boolean",
        ast.IfExp: "conditional",
        ast.NamedExpr: "assignment",
        ast.Starred: "starred",
        ast.List: "list_display",  # (these were said by their class: "List 表达式")
        ast.Set: "set_display",
        ast.Dict: "dict_display",
        ast.ListComp: "comprehension",
        ast.SetComp: "comprehension",
        ast.DictComp: "comprehension",
        ast.GeneratorExp: "comprehension",
        ast.Await: "await",
    }
    for kind, key in names.items():
        if isinstance(node, kind):
            return say(key)
    return say("other_node", kind=type(node).__name__)


def variable_names(text: str) -> list[str]:
    """Names used as variables in ``text``, in order of first appearance."""
    tree = parse_expression(text)
    found: list[str] = []
    stack: list[ast.AST] = [tree.body]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name) and node.id not in found:
            found.append(node.id)
        elif isinstance(node, ast.Call):
            stack.extend(reversed(node.args))
        elif isinstance(node, ast.BinOp):
            stack.extend((node.right, node.left))
        elif isinstance(node, ast.UnaryOp):
            stack.append(node.operand)
    return found


def python_name(name: str) -> str:
    """``name`` as Python reads it in an expression: in its NFKC form (the micro sign µ
    is the Greek μ, a full-width letter the plain one). The names a caller gives are read
    so too, or µ=2 would be "unknown" in µ*x."""
    return unicodedata.normalize("NFKC", name)


def evaluate(text: str, variables: Mapping[str, Value | float]) -> Value:
    """Compute ``text`` on the engine: each variable becomes (or is) a labelled Value.

    Plain-number variables are wrapped as ``Value(x, label=name)`` so they get
    gradients; Values are used as given. Engine errors (log of a negative, division by
    zero, overflow) come back as :class:`ExpressionError` with the engine's message.
    """
    tree = parse_expression(text)
    env: dict[str, Value] = {}
    given: dict[str, str] = {}
    for name, raw in variables.items():
        if not name.isidentifier():
            raise ExpressionError(say("not_identifier", name=name))
        if keyword.iskeyword(name):  # (a full-width spelling is a name to Python)
            raise ExpressionError(say("keyword_name", name=name))
        key = python_name(name)
        if key in given:
            raise ExpressionError(say("one_name", first=given[key], second=name, same=key))
        given[key] = name
        env[key] = raw if isinstance(raw, Value) else Value(raw, label=name)
    try:
        result = _eval(tree.body, env)
    except ExpressionError:
        raise
    except (ArithmeticError, ValueError, TypeError) as exc:  # (_at names most, and where)
        raise _cannot(exc, "") from None
    if isinstance(result, Value):
        return result
    try:
        return Value(result, label="result")
    except (ValueError, TypeError) as exc:  # a constant expression that is not a float
        raise _cannot(exc, "") from None


def _eval(node: ast.AST, env: Mapping[str, Value]) -> Scalar:
    # Depth was bounded by parse_expression, so this recursion stays shallow.
    if isinstance(node, ast.Constant):
        raw = node.value
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise _refuse(node, say("constant", value=_typed(node)))  # refused by validation
        try:
            value = float(raw)
        except OverflowError:  # an integer literal of 400 digits, say
            value = math.inf
        if not math.isfinite(value):  # 1e999: Python reads it as inf
            largest = f"{sys.float_info.max:.4g}"
            raise ExpressionError(
                say("constant_too_large", typed=_typed(node), where=_where(node), largest=largest)
            )
        if value == 0 and nonzero(_typed(node, limit=MAX_LENGTH)):  # 1e-400 was drawn as 0
            smallest = f"{math.ulp(0.0):.4g}"
            raise ExpressionError(
                say("constant_too_small", typed=_typed(node), where=_where(node), smallest=smallest)
            )
        return value
    if isinstance(node, ast.Name):
        if node.id not in env:
            raise ExpressionError(say("unknown_name", name=node.id, where=_where(node)))
        return env[node.id]
    if isinstance(node, ast.BinOp):
        chain = []  # a + b + c: the left operands' chain in a loop, not by recursion
        while isinstance(node, ast.BinOp):
            chain.append(node)
            node = node.left
        result = _eval(node, env)
        for link in reversed(chain):
            right = _eval(link.right, env)
            result = _at(link, _binary, link, result, right)
        return result
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, env)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        args = [_eval(a, env) for a in node.args]
        return _at(node, _call, node.func.id, args)
    raise _refuse(node, _describe(node))  # unreachable after validation


def _at(node: ast.AST, f: Callable[..., Scalar], *args: Any) -> Scalar:
    """``f(*args)``, an error of the engine's or of Python's arithmetic said with the
    sub-expression it arose in and where that is typed: in (x+1)/(x-1) + log(x), "1/0"
    or "log of 0.0" alone would not say which division or which log."""
    try:
        return f(*args)
    except ExpressionError:
        raise
    except (ArithmeticError, ValueError, TypeError) as exc:
        raise _cannot(exc, _evaluated(node)) from None


def _evaluated(node: ast.AST) -> str:
    """What "cannot evaluate" names: the sub-expression ``node`` as typed, and where."""
    return say("evaluated", typed=_typed(node), where=_where(node))


def _cannot(exc: BaseException, what: str) -> ExpressionError:
    """ "cannot evaluate{what}: why", in the engine's words (which name the op), or for
    Python's own float overflow, which names nothing, in ours."""
    plain_overflow = isinstance(exc, OverflowError) and not isinstance(exc, ValueError)
    why = say("float_overflow") if plain_overflow else engine_says(exc)
    return ExpressionError(say("cannot_evaluate", what=what, why=why))


def _binary(node: ast.BinOp, a: Scalar, b: Scalar) -> Scalar:
    """a ∘ b; of two constants, checked as the engine checks a node: Python's float
    arithmetic would give 1e300·1e300 = inf without a word, and the error would surface
    later, blamed on the next op with a variable. Two constants' division by zero is
    Python's, not the engine's (whose DivisionByZero names the node, quoted by _at)."""
    try:
        result = _BINARY[type(node.op)](a, b)
    except ZeroDivisionError as exc:
        if type(exc) is not ZeroDivisionError:
            raise
        why = python_says(str(exc), PYTHON_ARITHMETIC, "python_arithmetic")
        raise ExpressionError(say("cannot_evaluate", what=_evaluated(node), why=why)) from None
    if type(result) is float and not math.isfinite(result):
        operator, largest = _SYMBOLS[type(node.op)], f"{sys.float_info.max:.4g}"
        why = say("overflows", a=a, operator=operator, b=b, largest=largest)
        raise ExpressionError(say("cannot_evaluate", what=_evaluated(node), why=why))
    return result


def _call(name: str, args: list[Scalar]) -> Scalar:
    _, apply = FUNCTIONS[name]
    first = args[0]
    if not isinstance(first, Value):
        first = Value(first, label=_constant_label(first))  # the op takes a Value first
        if not any(isinstance(a, Value) for a in args[1:]):
            # a function of constants is a constant, as 2·3 is: no leaf of its own,
            # which would get a gradient ("grad of 2 is 14.78" in exp(2)·x)
            with no_grad():
                return apply(first, *args[1:]).data
    return apply(first, *args[1:])


def _typed(node: ast.AST, limit: int = 40) -> str:
    """The sub-expression as typed (set by :meth:`_Typed.mark`), shortened to ``limit``
    characters."""
    typed = getattr(node, "typed", None)
    text = (typed.segment(node) if isinstance(typed, _Typed) else None) or ast.unparse(node)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _constant_label(x: float) -> str:
    return format(x, "g")
