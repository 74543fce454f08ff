"""``autograd-mini graph EXPR --set x=1 … -o out.svg``: draw an expression's graph.

The expression is computed on the engine, ``backward()`` is run from its result, and
the graph is written with data, gradients and local derivatives — a slide in one
command. Parsing goes through the whitelist in :mod:`autograd_mini.expr` (never
``eval``); every user error is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import difflib
import errno
import keyword
import math
import os
import re
import signal
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from autograd_mini.cli_words import IME_DASHES, HelpFormatter, others_say, say
from autograd_mini.draw import (
    FORMATS,
    RendererNotFound,
    RenderError,
    TooManyNodes,
    draw_graph,
    draws_own_pass,
    option_conflict,
    view_names,
)
from autograd_mini.errors import DomainError, NonFiniteGradient
from autograd_mini.expr import (
    FUNCTIONS,
    RAISED,
    WIDE_SPACE,
    ExpressionError,
    evaluate,
    nonzero,
    plain_signs,
    python_name,
    subscript_hint,
    variable_names,
)
from autograd_mini.expr_words import engine_says
from autograd_mini.files import write_whole
from autograd_mini.render import (
    COLUMN_PX,
    MIN_TEXT_PX,
    FormatMismatch,
    NoGlyphs,
    named_format,
    refuse_mismatch,
)
from autograd_mini.steps import FRAME_NAME, MAX_FRAMES, TooManyFrames, write_frames
from autograd_mini.words import LANGUAGES, picture_language

__all__ = ["OptionError", "add_parser", "run", "whole_number"]

PROG = "autograd-mini graph"
EXAMPLE = (
    'autograd-mini graph "tanh(x1*w1 + x2*w2 + b)" '
    "--set x1=2 x2=0 w1=-3 w2=1 b=6.8813735870195432 -o neuron.svg"
)
#: draw_graph's folds that can change an expression's picture: 'inputs', 'neuron' and
#: 'layer' fold neurons (dot nodes), which no expression the parser reads has
COLLAPSE_CHOICES = ("expr",)


#: options that take a value, and flags: what is neither is the expression (or a value
#: of --set). tests/test_cli_graph.py checks these against the parser.
_TAKES_VALUE = frozenset(
    {
        "-o",
        "--output",
        "--format",
        "--rankdir",
        "--view",
        "--precision",
        "--steps",
        "--max-frames",
        "--lang",
        "--collapse",
        "--height",
        "--column",
    }
)
#: The command's flags for draw_graph's options, in the refusals they share.
CLI_NAMES = {"no_grad": "--no-grad", "view": "--view {}", "color": "--color"}

_FLAGS = frozenset({"-h", "--help", "--no-grad", "--no-local-grads", "--color"})
_OPTION_NAME = re.compile(r"--[A-Za-z][A-Za-z0-9-]*")
#: the long option names, for "did you mean" (the short ones are -o and -h)
_LONG_NAMES = sorted(n for n in _TAKES_VALUE | _FLAGS | {"--set"} if n.startswith("--"))


#: options a student guesses from a value of another: `--svg` is `--format svg`
_VALUE_AS_OPTION = {
    **{f"--{f}": f"--format {f}" for f in ("svg", "png", "dot")},
    **{f"--{lang}": f"--lang {lang}" for lang in LANGUAGES},
}
#: the top level's options, typed after the command (`graph x --version` was told the
#: graph command's options): said as the top level takes them
_TOP_LEVEL = {"--version": "autograd-mini --version"}
#: a short option's shape (-p, -v2): in a split expression, a piece like this is an option
_SHORT_OPTION = re.compile(r"-[A-Za-z][A-Za-z0-9_.]*")
#: -o=FILE, and -oFILE when FILE is a picture's name (before the expression, -ox is the
#: expression "-ox"; after it, any -oFILE is -o FILE)
_GLUED_OUTPUT = re.compile(r"-o=.*|-o.+\.(?i:svg|png|dot|gv)")
#: an option's name after dashes that are not hyphens (an input method's em, en or full-width dash)
_DASHED = re.compile(f"[{IME_DASHES}]+-*([A-Za-z][A-Za-z-]*)")
#: NAME=NUMBER typed without --set in front of it
_ASSIGNMENT = re.compile(r"[^\W\d]\w*=\s*[-+]?(\d[\d_]*\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")


class OptionError(ValueError):
    """The options given cannot be drawn together, or one's value cannot be used
    (--precision 0, -o naming a folder, --max-frames without --steps): the command line's
    error, not the expression's (:class:`~autograd_mini.expr.ExpressionError`)."""


def _unknown_option(
    name: str, before_expression: bool = False, value: str | None = None
) -> argparse.ArgumentError:
    """An option the command does not have, said before its value can be taken for the
    expression: `--precison 3` was "unrecognized arguments: 3 --precison" under the
    top-level usage, the value first. A value typed as an option (--svg) is told its
    option; a name that begins one option only (--prec) is that option; otherwise the
    closest name, if it is close (at 0.6, --svg was "did you mean --set?"). A top-level
    flag given a ``value`` (`graph x --version=1`) is told it takes none, as argparse
    tells `autograd-mini --version=1` ("ignored explicit argument '1'")."""
    close = _closest(name)
    hint = (
        say("did_you_mean_no_value", option=close, value=repr("=" + value))
        if close and value is not None and name in _TOP_LEVEL
        else say("did_you_mean", option=close)
        if close
        else say("its_options", options=say("list").join(_LONG_NAMES))
    )
    if before_expression and not close:  # `graph "--x"`: an expression, maybe
        hint += say("dash_expression", typed=repr(name))
    return argparse.ArgumentError(None, say("no_option", name=name, hint=hint))


def _closest(name: str) -> str | None:
    """The option ``name`` (not one of ours) was likely meant to be (see
    :func:`_unknown_option`), or None."""
    if name in _TOP_LEVEL:
        return _TOP_LEVEL[name]
    if name.lower() in _VALUE_AS_OPTION:
        return _VALUE_AS_OPTION[name.lower()]
    starts = [n for n in _LONG_NAMES if n.startswith(name.lower())] if name.startswith("--") else []
    if len(starts) == 1:
        return starts[0]
    if starts:  # --col: difflib's --color, a flag, for `--col 600` (--column 600 meant)
        return say("either", first=say("list").join(starts[:-1]), last=starts[-1])
    close = difflib.get_close_matches(name, _LONG_NAMES, n=1, cutoff=0.75)
    return close[0] if close else None


def _given_twice(first: str, second: str, one: str, other: str) -> argparse.ArgumentError:
    """An option given two values: `-o a.svg -o b.svg` wrote b.svg only, and `--steps s1
    --steps s2` the frames into s2 only, exit status 0."""
    return argparse.ArgumentError(
        None, say("given_twice", first=first, one=repr(one), second=second, other=repr(other))
    )


def _pieces(expression: list[str]) -> argparse.ArgumentError:
    """An expression the shell split into words: `graph x + y --set …` was
    "unrecognized arguments: + y" under the top-level usage. A piece shaped as an option
    (-p) is said as one; NAME=NUMBER pieces were values given without --set (`graph
    "x*y" x=2 y=3` was told to quote "x*y x=2 y=3")."""
    options = [e for e in expression if _SHORT_OPTION.fullmatch(e)]
    values = [e for e in expression if _ASSIGNMENT.fullmatch(e)]
    words = [e for e in expression if e not in values]
    if options:
        close = _closest(options[0])
        if close is not None:  # one question: "did you mean --set?; if …" read as two
            return argparse.ArgumentError(
                None,
                say(
                    "piece_option_close",
                    name=options[0],
                    option=close,
                    piece=repr(options[0]),
                    words=" ".join(words),
                ),
            )
        unknown = _unknown_option(options[0])
        return argparse.ArgumentError(
            None,
            say(
                "piece_option",
                unknown=unknown.message,
                piece=repr(options[0]),
                words=" ".join(words),
            ),
        )
    said = []
    if values:
        said.append(
            say(
                "without_set",
                values=say("list").join(repr(v) for v in values),
                typed=" ".join(values),
            )
        )
    if len(words) > 1:
        comma = say("list")
        shown = comma.join(repr(e) for e in words[:6]) + (comma + "…" if len(words) > 6 else "")
        said.append(say("split", n=len(words), shown=shown, words=" ".join(words)))
    return argparse.ArgumentError(None, say("and").join(said))


def _two(expression: list[str], at: int) -> argparse.ArgumentError:
    """Another expression besides the one ``--`` gave (``expression[at]``): `graph x --set
    x=1 -- -o` said "there is no option -o", where -o was an expression, as the word
    after -- is."""
    dashed, others = expression[at], expression[:at] + expression[at + 1 :]
    return argparse.ArgumentError(
        None,
        say(
            "after_dashes",
            piece=repr(dashed),
            others=say("list").join(repr(e) for e in others),
            hint=say("dashes_option", piece=dashed)
            if dashed.split("=", 1)[0] in _TAKES_VALUE | _FLAGS | {"--set"}
            else "",
        ),
    )


#: options given twice whose first value was dropped with effect (a file not written, the
#: frames put elsewhere); the display options are last-wins, as usual (an alias may add one)
_ONCE = frozenset({"--output", "--steps"})


def _place(value: str) -> str:
    """Where an -o or --steps value points, as one spelling: `--steps s --steps s/` and
    `-o a.svg -o ./a.svg` name one place each (they were refused as two values). Links
    are followed: `link/../a.svg` is beside the folder link points to, not ./a.svg (read
    as one, only the second file was written, exit status 0)."""
    return os.path.realpath(value) if value not in ("", "-") else value


def prepare_argv(argv: list[str]) -> list[str]:
    """Put the expression first, so that argparse cannot mistake it for something else.

    argparse reads ``-x*2`` as an option and lets ``--set x=1 "x*2"`` swallow the
    expression as one more assignment. Here every token that is not an option, an
    option's value or a NAME=NUMBER after ``--set`` is the expression: it goes first,
    with a leading space when it starts with ``-`` (argparse then takes it as
    positional; the parser strips the space). After ``--`` the next token is the
    expression, whatever it looks like, and options may still follow it.

    Raises :class:`argparse.ArgumentError` for an option the command does not have, for
    -o or --steps given two values and for an expression in more than one argument (the
    shell split it at its spaces) — unless -h or --help is given: the help wins.
    """
    expression: list[str] = []
    rest: list[str] = []
    in_set = False
    helped = False
    refusal: argparse.ArgumentError | None = None  # the first, said if no help is asked
    seen: dict[str, tuple[str, str]] = {}  # option -> (as typed, its value)
    dashed_at: int | None = None  # where in expression the token -- made one is
    i = 0
    while i < len(argv):
        token = argv[i]
        name = token.split("=", 1)[0] if token.startswith("--") else token
        if token == "--":
            # the next token is the expression, whatever it looks like; options may follow
            # it (`-- "-x*2" -o y.svg` printed the top-level usage and "unrecognized
            # arguments: -o y.svg")
            expression.extend(argv[i + 1 : i + 2])
            dashed_at = len(expression) - 1 if i + 1 < len(argv) else dashed_at
            in_set = False
            i += 2
            continue
        dashed = _DASHED.fullmatch(name.split("=", 1)[0])
        if dashed and refusal is None:  # —set: a Chinese input method's dash (it was taken
            # for a piece of the expression, and x=1 for values given without --set)
            option = ("--" if len(dashed.group(1)) > 1 else "-") + dashed.group(1)
            if option in _TAKES_VALUE | _FLAGS | {"--set"}:
                refusal = argparse.ArgumentError(
                    None, say("dashed_option", typed=repr(dashed.group()), option=option)
                )
        if _GLUED_OUTPUT.fullmatch(token) or (expression and re.fullmatch(r"-o.+", token)):
            # -o=f.svg, -of.svg: argparse's forms of -o (after the expression, -oout too:
            # it was "there is no option -oout", argparse reads it as -o out)
            name, token = "-o", "--output=" + token[2:].removeprefix("=")
        if name in _TAKES_VALUE:
            glued = "=" in token and token.startswith("--")
            # the next token an option of ours: this one's value was left out (`--view
            # --precision 3` took --precision for the view and 3 for a second piece of
            # the expression); argparse says "expected one argument"
            taken = not glued and i + 1 < len(argv)
            if taken and argv[i + 1].split("=", 1)[0] in _TAKES_VALUE | _FLAGS | {"--set", "--"}:
                taken = False
            value = token.split("=", 1)[1] if glued else argv[i + 1] if taken else ""
            key = "--output" if name == "-o" else name
            if (
                key in _ONCE
                and (glued or taken)  # (no value: argparse says so)
                and key in seen
                and _place(seen[key][1]) != _place(value)
                and refusal is None
            ):
                refusal = _given_twice(seen[key][0], name, seen[key][1], value)
            if glued or taken:
                seen[key] = (name, value)
            rest.append(token)
            if taken:
                rest.append(value)
                i += 1
            in_set = False
        elif name in _FLAGS:
            helped = helped or name in ("-h", "--help")
            rest.append(token)
            in_set = False
        elif name != "--set" and _OPTION_NAME.fullmatch(name):
            if refusal is None:
                given = token.split("=", 1)[1] if "=" in token else None
                refusal = _unknown_option(name, before_expression=not expression, value=given)
        elif name == "--set":
            rest.append(token)
            in_set = True
        elif in_set and expression and _SHORT_OPTION.fullmatch(token):
            # `--set x=1 -q 2` went on to argparse's top-level "unrecognized arguments"
            if refusal is None:
                refusal = _unknown_option(token, before_expression=False)
        elif in_set and (expression or ("=" in token and not token.startswith("-"))):
            rest.append(token)  # NAME=NUMBER, or anything once the expression is known
        else:
            expression.append(token)
            in_set = False
        i += 1
    if helped:  # `graph x + y -h` said the split expression, exit 2: the help comes first
        return ["--help"]
    if refusal is not None:
        raise refusal
    if len(expression) > 1:
        raise (_pieces(expression) if dashed_at is None else _two(expression, dashed_at))
    return [*(" " + e if e.startswith("-") else e for e in expression), *rest]


def add_parser(subparsers: Any) -> None:
    """Register the ``graph`` sub-command, its help in this thread's picture language."""
    p = subparsers.add_parser(
        "graph",
        allow_abbrev=False,  # prepare_argv knows the full option names only
        help=say("graph_help"),
        description=say("graph_description"),
        epilog=say("graph_epilog", example=EXAMPLE),
        formatter_class=HelpFormatter,  # a Chinese help wrapped by columns, not characters
    )
    p.add_argument(  # which functions there are was said only by an error naming one
        "expression",
        metavar=say("metavar_expression"),
        help=say("expression_help", functions=say("list").join(sorted(FUNCTIONS))),
    )
    p.add_argument(
        "--set",
        dest="assignments",
        nargs="+",
        action="extend",
        default=[],
        metavar=say("metavar_assignments"),
        help=say("set_help"),
    )
    p.add_argument("-o", "--output", metavar=say("metavar_output"), help=say("output_help"))
    p.add_argument("--format", type=_any_case(FORMATS), choices=FORMATS, help=say("format_help"))
    rankdirs = ("auto", "LR", "TB", "RL", "BT")
    p.add_argument(
        "--rankdir",
        type=_any_case(rankdirs),  # --rankdir lr was refused, where --lang ZH is zh
        choices=rankdirs,
        default="auto",
        help=say("rankdir_help"),
    )
    views = view_names()
    p.add_argument(  # not given: the picture forward, the frames of --steps backward
        "--view", type=_any_case(views), choices=views, default=None, help=say("view_help")
    )
    p.add_argument(
        "--precision",
        type=whole_number,
        default=4,
        metavar=say("metavar_precision"),
        help=say("precision_help"),
    )
    p.add_argument(  # the too-large picture's message sent the student to Python for it
        "--collapse",
        type=_any_case(COLLAPSE_CHOICES),
        choices=COLLAPSE_CHOICES,
        help=say("collapse_help"),
    )
    p.add_argument("--no-grad", action="store_true", help=say("no_grad_help"))
    p.add_argument("--no-local-grads", action="store_true", help=say("no_local_grads_help"))
    p.add_argument("--color", action="store_true", help=say("color_help"))
    p.add_argument("--steps", metavar=say("metavar_dir"), help=say("steps_help"))
    p.add_argument(
        "--max-frames",
        type=whole_number,
        default=None,  # given without --steps: refused (it counted nothing, silently)
        metavar=say("metavar_frames"),
        help=say("max_frames_help", n=MAX_FRAMES),
    )
    p.add_argument(  # a slide's picture fitted whole: the library's height= (Python only)
        "--height", type=px_number, default=None, metavar=say("metavar_px"), help=say("height_help")
    )
    p.add_argument(  # the library's column=: a 1280×720 slide's box is 1240 px wide, not 1,000
        "--column", type=px_number, default=COLUMN_PX, metavar=say("metavar_px"),
        help=say("column_help", px=f"{COLUMN_PX:,}"),
    )  # fmt: skip
    p.add_argument(  # a teacher's Chinese slides had no way from the shell (Python only)
        "--lang", type=_any_case(LANGUAGES), choices=LANGUAGES, default="en", help=say("lang_help")
    )  # (--lang ZH, as a shift key types it, was refused in English)


class _Spelled(str):
    """A choice in its own spelling (``svg``) that keeps the user's (``Svg``) as
    ``typed``, for a message that quotes the option as typed (see :func:`typed_as`)."""

    typed: str


def typed_as(value: str) -> str:
    """An option's value as the user typed it (``--format Svg``), where :func:`_any_case`
    read it as a choice spelled otherwise (svg); ``value`` itself else."""
    return value.typed if isinstance(value, _Spelled) else value


def _any_case(choices: Sequence[str]) -> Callable[[str], str]:
    """A choice option's ``type=``: one of ``choices`` typed in any case (``--lang ZH``
    is zh, ``--rankdir lr`` LR, ``--format SVG`` svg: every choice option reads case
    alike); another value as typed, which argparse's refusal quotes (``--lang Fr`` was
    refused as 'fr'). A choice typed in another case keeps how it was typed
    (:func:`typed_as`)."""
    spelled = {c.lower(): c for c in choices}

    def choice(text: str) -> str:
        found = spelled.get(text.lower())
        if found is None or found == text:
            return text
        kept = _Spelled(found)
        kept.typed = text
        return kept

    return choice


def whole_number(text: str) -> int:
    """An option that counts (argparse ``type=``): --precision 2.5 said argparse's
    "invalid int value: '2.5'"; the demo's counting options use it too."""
    try:
        return int(text)
    except ValueError:
        plain = plain_signs(text).strip()
        hint = (
            say("type_plainly", plain=plain) if plain != text.strip() and _reads(plain, int) else ""
        )
        raise argparse.ArgumentTypeError(say("whole_number", text=repr(text)) + hint) from None


def px_number(text: str) -> float:
    """A size in px (argparse ``type=``): a finite number of at least 11 px, one line of
    readable text, as draw_graph's ``height`` and ``column`` take (refused here in the
    option's words and the command's language: ``--column 5`` was draw_graph's English
    refusal under ``--lang zh``)."""
    try:
        size = float(text)
    except ValueError:
        size = math.nan
    if not MIN_TEXT_PX <= size < math.inf:
        raise argparse.ArgumentTypeError(
            say("px_number", text=repr(text), least=f"{MIN_TEXT_PX:g}")
        )
    return size


def _fail(message: str) -> int:
    print(say("error", prog=PROG, message=" ".join(message.split())), file=sys.stderr)
    return 2


def _spaced(items: list[str]) -> list[str] | None:
    """The words of one NAME=NUMBER the shell split at spaces typed around its = (`--set
    y = 2` was told "--set expects NAME=NUMBER, got 'y'"), or None."""
    for i, item in enumerate(items):
        after = items[i + 1 : i + 3]
        if "=" not in item and after[:1] == ["="] and len(after) == 2:
            return [item, *after]  # y = 2
        if "=" not in item and after[:1] and after[0].startswith("="):
            return [item, after[0]]  # y =2
        if item.endswith("=") and item.count("=") == 1 and after and "=" not in after[0]:
            return [item, after[0]]  # y= 2
    return None


def _parse_assignments(items: list[str]) -> dict[str, float]:
    values: dict[str, float] = {}
    spaced = _spaced(items)
    if spaced is not None:
        raise ExpressionError(
            say("spaced", typed=" ".join(spaced), joined="".join(spaced).replace(" ", ""))
        )
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        base = python_name(name.rstrip(RAISED))  # (x₁² is x1**2)
        if sep and name.rstrip(RAISED) != name and base.isidentifier():
            # `--set x²=3` was told "(a subscript …): write x2", where x² is x**2
            raised = name[len(name.rstrip(RAISED)) :]
            power = python_name(raised.replace("⁻", "-"))
            raise ExpressionError(
                say(
                    "raised_power",
                    item=repr(item),
                    name=repr(name),
                    raised=raised,
                    base=base,
                    power=power,
                )
            )
        if sep and not name.isidentifier() and python_name(name).isidentifier():
            # `--set x₁=3` was told "expects NAME=NUMBER", which it looks like
            raise ExpressionError(
                say("not_python_name", item=repr(item), name=repr(name), hint=subscript_hint(name))
            )
        plain = unicodedata.normalize("NFKC", item)
        if not sep and "=" in plain:  # x=1 with a Chinese input method's equals sign
            raise ExpressionError(say("wide_sign", item=repr(item), plain=plain))
        if not sep or not name.isidentifier():
            raise ExpressionError(say("set_expects", item=repr(item)))
        if keyword.iskeyword(name):  # `--set lambda=2` was told lambda is not in the
            # expression, where it can never be
            raise ExpressionError(say("set_keyword", item=repr(item), name=repr(name), plain=name))
        if name in values:
            raise ExpressionError(say("set_twice", name=repr(name)))
        try:
            number = float(text)
        except ValueError:
            plain = plain_signs(text)
            if plain != text and _reads(plain, float):  # x=−1, typed with a minus sign (U+2212)
                raise ExpressionError(
                    say("wide_sign", item=repr(item), plain=f"{name}={plain.strip()}")
                ) from None
            raise ExpressionError(
                say("not_number", name=name, text=repr(text), hint=_comma_hint(name, text.strip()))
            ) from None
        if math.isinf(number) and "inf" not in text.lower():  # 1e309: a number, but
            raise ExpressionError(  # not a float's ("is not a finite number" said)
                say("too_large", name=name, text=repr(text), largest=f"{sys.float_info.max:.4g}")
            )
        if not math.isfinite(number):
            raise ExpressionError(say("not_finite", name=name, text=repr(text)))
        if number == 0 and nonzero(text):  # 1e-400 was drawn as 0, without a word
            raise ExpressionError(
                say("too_small", name=name, text=repr(text), smallest=f"{math.ulp(0.0):.4g}")
            )
        values[name] = number
    return values


def _reads(text: str, kind: type[float] | type[int]) -> bool:
    """Whether ``kind`` (float or int) reads ``text``."""
    try:
        kind(text)
    except ValueError:
        return False
    return True


def _comma_hint(name: str, text: str) -> str:
    """What a comma in a number may have meant: in 1,5 a decimal comma; in 1,000 (three
    digits after each comma) a thousands separator, told a decimal point before; in
    1,y=2 (with a full-width comma too) a list of values, which --set takes apart; in
    1　y=2 values an input method's full-width space keeps together."""
    if WIDE_SPACE in text and any("=" in t for t in text.split(WIDE_SPACE)[1:]):
        apart = " ".join(f"{name}={text}".replace(WIDE_SPACE, " ").split())
        return say("values_wide_space", typed=apart)
    text = text.replace("\uff0c", ",")  # a Chinese input method's comma
    if "," not in text:
        return ""
    head, *tail = text.split(",")
    if any("=" in t for t in tail):
        apart = " ".join(t.strip() for t in [f"{name}={head}", *tail])
        return say("values_apart", typed=apart)
    if all(re.fullmatch(r"\d{3}", t) for t in tail):
        return say("grouping_commas", number=head + "".join(tail))
    return say("decimal_comma")


def _write_stdout(data: str | bytes) -> None:
    """Write the picture to standard output, which may be closed (``>&-``: Python then
    has no ``sys.stdout``) or a pipe whose reader has gone (``| head``: BrokenPipeError,
    which the command ends on quietly, as other Unix tools do).

    On POSIX the bytes go to the descriptor with ``os.write`` until all are written: a
    picture larger than the pipe's buffer (64 KiB on Linux) went through Python's
    buffered writer, whose first write the kernel cut short as the reader left; it
    returned that short count instead of raising, the text layer dropped the rest, and
    ``| head -1`` saw the run end with status 0 where ``cat`` of the same file ends with
    141. Writing again after a short write meets EPIPE, as ``cat`` does.

    Only the process's own standard output, ``sys.__stdout__``, is written so: a stream
    put in its place writes where it means to, and may answer ``fileno()`` with another
    descriptor (ipykernel's stream gives the kernel's original stdout, so the picture
    went to the kernel's log and not to the notebook's cell)."""
    stream = sys.stdout
    if stream is None:
        raise OSError(say("stdout_closed"))
    try:
        stream.flush()  # anything written before the picture goes first
        fd = _descriptor(stream) if stream is sys.__stdout__ else None
        if fd is None or not hasattr(signal, "SIGPIPE"):
            # a stream put in sys.stdout (a test's capture, a Jupyter kernel's), one with
            # no descriptor, or Windows, where a pipe
            # has no SIGPIPE and the text layer turns "\n" into "\r\n"
            if isinstance(data, bytes):
                stream.buffer.write(data)
            else:
                stream.write(data)
            stream.flush()
        else:
            raw = data if isinstance(data, bytes) else _encoded(data, stream)
            left = memoryview(raw)
            while left:  # a short write is followed by another: the rest, or EPIPE
                left = left[os.write(fd, left) :]
    except BrokenPipeError:
        # the reader has gone: point stdout at /dev/null so that the interpreter's own
        # flush at exit does not print a second traceback
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
        raise
    except OSError as exc:  # `> /dev/full` said "[Errno 28] No space left on device"
        raise OSError(say("cannot_write_stdout", why=_why(exc))) from None


def _descriptor(stream: Any) -> int | None:
    """The file descriptor under ``stream``, or None when it has none (pytest's capture,
    an io.StringIO put in sys.stdout)."""
    try:
        fd = stream.fileno()
    except (AttributeError, ValueError, OSError):  # io.UnsupportedOperation is both
        return None
    return fd if isinstance(fd, int) else None


def _encoded(text: str, stream: Any) -> bytes:
    """``text`` as ``stream`` would have encoded it (its encoding and error handler:
    UTF-8 for a pipe in a UTF-8 or C locale, PYTHONIOENCODING when set)."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    errors = getattr(stream, "errors", None) or "strict"
    return text.encode(encoding, errors)


def _why(exc: OSError) -> str:
    """Why the system refused, in the run's language: chosen by the error's number (the
    system's own words, its strerror, are English whatever --lang says)."""
    english = str(exc.strerror or exc)
    return others_say(f"errno_{errno.errorcode.get(exc.errno or 0, '')}", english)


def _write_file(path: str, data: str | bytes) -> None:
    """Write the picture, drawn already, to ``-o``'s file, or say in words why it cannot
    be written (it said "[Errno 21] Is a directory: '/etc'", naming no option)."""
    try:  # whole or not at all: a failed write left half a picture where the old one was
        write_whole(path, data)
    except OSError as exc:
        why = _why(exc)
        raise OSError(say("cannot_write", path=repr(path), why=why)) from None


def _check_folder(path: str) -> None:
    """Say why ``-o``'s file cannot be written when its folder is missing or is a file,
    before the frames of --steps are: the message writing it would give."""
    parent = Path(path).parent
    if parent.exists() and not parent.is_dir():
        code = errno.ENOTDIR
    elif not parent.exists():
        code = errno.ENOENT
    else:
        return
    raise _unwritable(path, code)  # (not the frames')


def _unwritable(path: str, code: int) -> OptionError:
    """``-o``'s file refused before anything is written, for the system's reason
    ``code`` (an errno), in the words writing it would give (:func:`_write_file`)."""
    why = _why(OSError(code, os.strerror(code)))
    return OptionError(say("cannot_write", path=repr(path), why=why))


def _make_steps_folder(path: str, output: str | None) -> None:
    """Make ``--steps``'s folder, or say in words why it cannot be made."""
    if not path:
        raise OSError(say("steps_needs_name"))
    folder = Path(path)
    if output and FRAME_NAME.fullmatch(Path(output).name):
        try:
            inside = Path(output).absolute().parent.resolve() == folder.resolve()
        except OSError:  # a name the system refuses: writing it says so
            inside = False
        if inside:  # the picture replaced frame 0 (or another), exit status 0
            other = str(Path(output).with_name("main.svg"))
            raise OSError(
                say("output_is_frame", output=repr(output), path=repr(path), other=repr(other))
            )
    try:
        same = bool(output) and Path(str(output)).resolve() == folder.resolve()
        occupied = folder.exists() and not folder.is_dir()
        if not (same or occupied):
            folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why = _why(exc)
        raise OSError(say("cannot_make_folder", path=repr(path), why=why)) from None
    if same:
        raise OSError(say("same_place", path=repr(path)))
    if occupied:
        raise OSError(say("steps_is_file", path=repr(path)))


def run(args: argparse.Namespace) -> int:
    """Compute, differentiate, draw; 0 on success, 2 on any user error."""
    with picture_language(args.lang):  # this thread's, put back after (tests call main)
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        if args.expression.startswith(" -"):  # the one space prepare_argv put before a "-"
            args.expression = args.expression[1:]  # (stripping all spaces moved the columns
            # that error messages give: "   x.y" is refused at column 4, as typed)
        values = _parse_assignments(args.assignments)
        given = {python_name(n) for n in values}
        used = variable_names(args.expression)
        unknown = [n for n in used if n not in given]
        bare = [n for n in unknown if n in FUNCTIONS]
        if bare:  # `graph "exp"` was told to give exp a value, which --set then refused
            calls = say("list").join(f"{n}(x)" for n in bare)
            key = "bare_function" if len(bare) == 1 else "bare_functions"
            raise ExpressionError(say(key, names=say("names_and").join(bare), calls=calls))
        if unknown:
            names = say("list").join(repr(n) for n in unknown)
            hints = [  # x·y is one name to Python (· may be part of one); e**x is exp(x)
                say("middle_dot", name=repr(n), product=n.replace("·", "*"))
                for n in unknown
                if "·" in n
            ] + [say("euler") for n in unknown if n == "e"]
            raise ExpressionError(say("unknown_names", names=names) + "".join(hints))
        unused = [n for n in values if python_name(n) not in used]
        functions = [n for n in unused if python_name(n) in FUNCTIONS]
        others = [n for n in unused if n not in functions]
        said = []  # every name at once: one run tells them all, not one a run
        if functions:  # `graph "exp(x)" --set exp=2` was told exp is not in the expression
            comma = say("list")
            said.append(
                say(
                    "set_function",
                    names=comma.join(functions),
                    each=comma.join(say("function_each", name=python_name(n)) for n in functions),
                    used=say("used_names", names=comma.join(used)) if used else "",
                )
            )
        if others:  # a term left out of the expression went unnoticed (exit status 0)
            comma = say("list")
            whose = say("whose_names", names=comma.join(used)) if used else say("no_names")
            said.append(say("set_unused", names=comma.join(others), whose=whose))
        if said:
            raise ExpressionError(say("and").join(said))
        if args.max_frames is not None and args.steps is None:
            raise OptionError(say("max_frames_without_steps"))
        max_frames = MAX_FRAMES if args.max_frames is None else args.max_frames
        if args.steps is not None and max_frames < 1:  # (before the picture is drawn)
            raise OptionError(say("max_frames_low", path=repr(args.steps), n=max_frames))
        if args.output == "":  # was standard output, as though nothing had been given
            raise OptionError(say("output_empty"))
        if args.output is not None and args.output.endswith(("/", os.sep)):
            # a path object drops the slash: a file was written
            raise OptionError(say("output_folder", path=repr(args.output)))
        if args.output == "-":  # the usual spelling of standard output
            args.output = None
        named = named_format(args.output) if args.output else ""  # what -o's name says
        fmt = args.format or (named if args.output else "svg")
        if fmt not in FORMATS and os.path.isdir(args.output):  # -o /tmp: "cannot tell the
            # format of '/tmp'", where what is wrong is that it is a folder (as with --format)
            raise _unwritable(args.output, errno.EISDIR)
        if fmt not in FORMATS:
            raise OptionError(say("unknown_format", path=repr(args.output)))
        if args.output:  # `--format png -o a.svg` wrote a PNG named .svg (a browser
            # showed it as a broken picture), exit status 0: Graph.save's rule
            try:
                refuse_mismatch(args.output, fmt, PROG, typed_as(args.format))
            except FormatMismatch as exc:
                raise OptionError(
                    say(
                        "format_suffix" if exc.writable else "format_suffix_other",
                        path=repr(exc.path),
                        suffix=exc.suffix,
                        named=exc.named.upper(),
                        typed=exc.typed,  # --format Svg quoted as typed
                        fmt=exc.fmt,
                        FMT=exc.fmt.upper(),
                    )
                ) from None
        if not 1 <= args.precision <= 17:
            raise OptionError(say("precision_range", n=args.precision))
        # draw_graph's rule, in the command's words (it drew every gradient of --view
        # backward with --no-grad, and nothing to colour with --color)
        # --view BACKWARD quoted as typed (it said "--view backward")
        picture_view = args.view or "forward"  # draw_graph's
        view = CLI_NAMES["view"].format(typed_as(picture_view))
        conflict = option_conflict(
            not args.no_grad, picture_view, args.color, {**CLI_NAMES, "view": view}
        )
        if conflict is not None:  # which of draw's two rules, in this language
            key = "no_grad_view" if draws_own_pass(picture_view) else "no_grad_color"
            raise OptionError(others_say(key, conflict, view=view))
        if args.collapse is not None and args.steps is not None:
            raise OptionError(say("collapse_steps", fold=typed_as(args.collapse)))
        root = evaluate(args.expression, values)
        root.backward()
        if not args.output and sys.stdout is None:  # before drawing: nowhere to put it
            raise OSError(say("stdout_closed"))
        if not args.output and fmt == "png" and sys.stdout.isatty():  # its bytes filled
            # the terminal with garbage (and could leave it in a strange state)
            raise OptionError(say("png_to_terminal"))
        options: dict[str, Any] = {
            "rankdir": args.rankdir,
            "precision": args.precision,
            "show_grad": not args.no_grad,
            "show_local_grads": not args.no_local_grads,
            "color_grads": args.color,
            "column": args.column,  # the column fitted (1,000 px unless --column)
            "height": args.height,  # a slide's box: column × PX px, the picture whole
        }
        graph = draw_graph(root, view=picture_view, collapse=args.collapse, **options)
        # what its rendering errors name: the option that asked for the picture (a PNG
        # of a Chinese name was refused as "draw_graph: …", a function not called here)
        graph.where = (  # (it named "--format svg" where no --format was typed)
            f"-o {args.output!r}"
            if args.output
            else f"--format {typed_as(args.format)}"  # as typed (--format PNG)
            if args.format
            else say("where_stdout", FMT=fmt.upper())
        )
        graph.folds = ()  # a timeout's advice names draw_graph's collapse=, not --collapse
        # rendered before any frame is written: a PNG refused (Chinese words, say) left
        # the frames of a run that exited 2
        out = graph.drawn(fmt)
        if args.steps is not None:  # the frames first: the main picture is the last thing
            folder = Path(args.steps).absolute()
            try:  # the folders this run makes, deepest first
                made = [f for f in (folder, *folder.parents) if not f.exists()]
            except OSError:  # a name the system refuses: _make_steps_folder says so
                made = []
            _make_steps_folder(args.steps, args.output)  # before anything is written: a
            try:  # bad folder stops it all
                if args.output:  # -o into a folder that is not there: the frames were
                    # written, then the picture refused, exit status 2
                    _check_folder(args.output)
                # the backward pass on its own graph, as step_player and write_frames draw
                # it (it was on the forward graph: --view's default for the picture);
                # --no-grad hides what the backward view draws: the forward graph then
                frames_view = args.view or ("forward" if args.no_grad else "backward")
                write_frames(root, args.steps, view=frames_view, max_frames=max_frames, **options)
            except TooManyFrames as exc:  # its message names write_frames' arguments
                raise ValueError(
                    say(
                        "too_many_frames",
                        path=repr(args.steps),
                        steps=exc.steps,
                        frames=exc.steps + 1,
                        limit=exc.max_frames,
                    )
                ) from None
            except RenderError as exc:  # it named write_frames, and advised its folds
                raise exc.named(f"--steps {args.steps!r}") from None
            except OSError as exc:
                why = _why(exc)
                raise OSError(say("cannot_write_frames", path=repr(args.steps), why=why)) from None
            finally:  # refused (too many steps, say): the folders made for them are not left
                for f in made:
                    if f.is_dir() and not any(f.iterdir()):
                        f.rmdir()
        if args.output:
            _write_file(args.output, out)
        else:
            _write_stdout(out)
    except BrokenPipeError:  # `| head -1` has what it wanted: no word, as cat or grep
        # (it said "error: … broken pipe", exit status 2), and the status a shell gives
        # a program SIGPIPE ended, 128 + 13 (a pipeline under `set -o pipefail` sees it)
        return 128 + signal.SIGPIPE if hasattr(signal, "SIGPIPE") else 1
    except TooManyNodes as exc:  # its message names draw_graph's options, not ours
        fold = "" if args.collapse else say("give_collapse")
        return _fail(say("too_many_nodes", count=exc.count, limit=exc.max_nodes, fold=fold))
    except NoGlyphs as exc:  # a PNG of Chinese words: said in the run's language
        return _fail(
            others_say(
                "no_glyphs",
                str(exc),
                where=exc.where,
                count=len(exc.missing),
                shown=exc.shown,
                fmt=exc.fmt.upper(),
            )
        )
    except (DomainError, NonFiniteGradient) as exc:  # backward's (√x at 0): the engine's
        return _fail(engine_says(exc))
    except RendererNotFound as exc:  # said in the run's language, as NoGlyphs
        return _fail(others_say("no_renderer", str(exc), where=exc.where))
    except RenderError as exc:  # by the failure the renderer's caller found
        return _fail(others_say(f"render_{exc.reason}", str(exc), **exc.fields))
    except (ExpressionError, ValueError, OSError) as exc:
        return _fail(str(exc))
    return 0
