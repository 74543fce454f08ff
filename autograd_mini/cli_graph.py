"""``autograd-mini graph EXPR --set x=1 … -o out.svg``: draw an expression's graph.

The expression is computed on the engine, ``backward()`` is run from its result, and
the graph is written with data, gradients and local derivatives — a slide in one
command. Parsing goes through the whitelist in :mod:`autograd_mini.expr` (never
``eval``); every user error is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

from autograd_mini.draw import FORMATS, RendererNotFound, RenderError, draw_graph
from autograd_mini.expr import ExpressionError, evaluate, variable_names

__all__ = ["add_parser", "run"]

PROG = "autograd-mini graph"


def prepare_argv(argv: list[str]) -> list[str]:
    """Let an expression start with a minus sign: argparse reads ``-x*2`` as an option.

    A token that starts with ``-`` and holds a character no option name has (an
    operator, a bracket, a dot) is the expression; a leading space makes argparse take
    it as positional, and the parser strips the space again. A lone ``-x`` is still an
    option to argparse: write ``(-x)``.
    """
    out = []
    for token in argv:
        is_expression = (
            token.startswith("-")
            and not token.startswith("--")
            and any(not (c.isalnum() or c in "-_") for c in token)
        )
        out.append(" " + token if is_expression else token)
    return out


def add_parser(subparsers: Any) -> None:
    """Register the ``graph`` sub-command."""
    p = subparsers.add_parser(
        "graph",
        help="draw the computation graph of an expression, with gradients",
        description=(
            "Compute EXPRESSION, run backward from it and draw the graph: each value with "
            "its data and gradient, each edge with its local derivative."
        ),
        epilog='example: autograd-mini graph "tanh(x1*w1 + x2*w2 + b)" '
        "--set x1=2 x2=0 w1=-3 w2=1 b=6.8813735870195432 -o neuron.svg "
        "(an expression that is just a negated name is written (-x))",
    )
    p.add_argument("expression", help="e.g. 'tanh(x1*w1 + x2*w2 + b)'")
    p.add_argument(
        "--set",
        dest="assignments",
        nargs="+",
        default=[],
        metavar="NAME=NUMBER",
        help="values of the variables",
    )
    p.add_argument(
        "-o", "--output", help="output file (.svg, .png or .dot); default: SVG on stdout"
    )
    p.add_argument("--format", choices=FORMATS, help="output format (overrides the suffix)")
    p.add_argument("--rankdir", choices=("LR", "TB", "RL", "BT"), default="LR")
    p.add_argument("--precision", type=int, default=4, help="decimals shown (default 4)")
    p.add_argument("--no-grad", action="store_true", help="do not show gradients")
    p.add_argument("--no-local-grads", action="store_true", help="do not label edges with ∂out/∂in")
    p.add_argument("--color", action="store_true", help="shade gradients by sign")
    p.add_argument(
        "--steps",
        metavar="DIR",
        help="also write one SVG per backward step into DIR",
    )


def _fail(message: str) -> int:
    print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr)
    return 2


def _parse_assignments(items: list[str]) -> dict[str, float]:
    values: dict[str, float] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise ExpressionError(f"--set expects NAME=NUMBER, got {item!r}")
        if name in values:
            raise ExpressionError(f"--set gives {name!r} twice")
        try:
            number = float(text)
        except ValueError:
            raise ExpressionError(f"--set {name}: {text!r} is not a number") from None
        if not math.isfinite(number):
            raise ExpressionError(f"--set {name}: {text!r} is not a finite number")
        values[name] = number
    return values


def run(args: argparse.Namespace) -> int:
    """Compute, differentiate, draw; 0 on success, 2 on any user error."""
    try:
        values = _parse_assignments(args.assignments)
        unknown = [n for n in variable_names(args.expression) if n not in values]
        if unknown:
            names = ", ".join(repr(n) for n in unknown)
            raise ExpressionError(f"unknown name(s) {names}: give each a value with --set")
        fmt = args.format
        if fmt is None:
            suffix = Path(args.output).suffix.lower().lstrip(".") if args.output else "svg"
            fmt = "dot" if suffix == "gv" else suffix
            if fmt not in FORMATS:
                raise ExpressionError(
                    f"cannot tell the format of {args.output!r}: use a .svg, .png or .dot "
                    "name, or --format"
                )
        if not 0 <= args.precision <= 17:
            raise ExpressionError(f"--precision must be from 0 to 17, got {args.precision}")
        root = evaluate(args.expression, values)
        root.backward()
        options: dict[str, Any] = {
            "rankdir": args.rankdir,
            "precision": args.precision,
            "show_grad": not args.no_grad,
            "show_local_grads": not args.no_local_grads,
            "color_grads": args.color,
        }
        graph = draw_graph(root, **options)
        if args.output:
            graph.save(args.output, fmt)
        elif fmt == "dot":
            sys.stdout.write(graph.source)
        elif fmt == "svg":
            sys.stdout.write(graph.svg())
        else:
            sys.stdout.buffer.write(graph.pipe(fmt))
        if args.steps:
            from autograd_mini.steps import write_frames

            write_frames(root, args.steps, **options)
    except (ExpressionError, RendererNotFound, RenderError, ValueError, OSError) as exc:
        return _fail(str(exc))
    return 0
