"""The ``autograd-mini`` command (also ``python -m autograd_mini``).

Each sub-command lives in the module of its concept and registers itself here:
``graph`` (drawing an expression's computation graph, in
:mod:`autograd_mini.cli_graph`). Only the engine's own modules: the training demo
belongs to the library built on the engine and has its own command,
``autograd-mini-demo`` (``python -m nn``).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from autograd_mini.cli_words import (
    ArgumentParser,
    HelpFormatter,
    argparse_words,
    argv_language,
    option_word,
    say,
)
from autograd_mini.words import LANGUAGES, picture_language

__all__ = ["main"]

#: sub-command name -> module with ``add_parser(subparsers)`` and ``run(args) -> int``
COMMANDS = {
    "graph": "autograd_mini.cli_graph",
}
#: commands that moved elsewhere -> where they are now (the command, and its other spelling)
MOVED = {"demo": ("autograd-mini-demo", "python -m nn")}
#: what other commands spell --version (pip -V, python -V, git -v)
SHORT_VERSION = ("-v", "-V")


def build_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(  # its choices listed as the language lists them
        prog="autograd-mini",
        description=say("description"),
        formatter_class=HelpFormatter,
    )
    parser.add_argument(  # the version pip installed, as every command says it
        "--version", action="version", version=f"%(prog)s {version()}", help=say("version_help")
    )
    sub = parser.add_subparsers(dest="command", metavar=say("metavar_command"))
    for module_name in COMMANDS.values():
        module = importlib.import_module(module_name)
        module.add_parser(sub)
    return parser


def version() -> str:
    """The package's version: its ``__version__``, which the package's metadata reads
    (pyproject.toml's ``[tool.hatch.version]``). Not ``importlib.metadata``: that is the
    installed copy's, which a checkout run beside it (on ``PYTHONPATH``, or an editable
    install of another tree) is not."""
    from autograd_mini import __version__

    return __version__


def main(argv: Sequence[str] | None = None) -> int:
    tokens = list(sys.argv[1:] if argv is None else argv)
    # the help and every message in the language --lang asks for, wherever it is typed
    language = argv_language(tokens, COMMANDS)
    with picture_language(language), argparse_words(language):
        try:
            return _main(tokens)
        except KeyboardInterrupt:  # Ctrl-C: one line, not a traceback of where it fell
            say_interrupted(tokens)
            return 130  # as a shell reports a program ended by SIGINT (128 + 2)


def say_interrupted(tokens: Sequence[str]) -> None:
    """Say on stderr that Ctrl-C stopped the command run with ``tokens``, in the language
    ``--lang`` asks for, naming the command (`autograd-mini graph: interrupted`); also
    said when Ctrl-C falls while the package is imported (:mod:`autograd_mini.command_start`)."""
    with picture_language(argv_language(tokens, COMMANDS)):
        first = _lang_first(list(tokens))[:1]  # (--lang zh graph …: graph's)
        command = first[0] if first and first[0] in COMMANDS else ""
        prog = f"autograd-mini {command}".strip()
        print(say("interrupted", prog=prog), file=sys.stderr)


def _lang_first(tokens: list[str]) -> list[str]:
    """``tokens`` with a ``--lang`` typed before the command moved after it: `autograd-mini
    --lang zh graph x` was refused as "invalid choice: 'zh'" for the command (the
    language is each command's option, and main has read it); otherwise it is left out
    (`autograd-mini --lang zh` is no command given)."""
    i = 0
    while i < len(tokens) and (tokens[i] == "--lang" or tokens[i].startswith("--lang=")):
        i += 2 if tokens[i] == "--lang" else 1
    if i == 0 or i > len(tokens):  # none, or --lang without its value
        return tokens
    rest = tokens[i:]
    if rest and rest[0] in COMMANDS:
        return [rest[0], *tokens[:i], *rest[1:]]
    return rest  # (argv_language has read it: the top level has no --lang of its own)


def _lang_without_language(tokens: list[str]) -> bool:
    """Whether a ``--lang`` typed before the command has no language: it ends the line
    (`autograd-mini --lang`), its value is the command (`autograd-mini --lang graph
    x`, which took graph for the language and x for the command), or an option follows
    it, which argparse takes for no value, as :func:`argv_language` reads it
    (`autograd-mini --lang --help` took --help for the language, then said "give a
    command")."""
    i = 0
    while i < len(tokens) and (tokens[i] == "--lang" or tokens[i].startswith("--lang=")):
        spaced = tokens[i] == "--lang"
        value = tokens[i + 1 : i + 2] if spaced else [tokens[i].split("=", 1)[1]]
        if not value or value[0] in COMMANDS or (spaced and option_word(value[0])):
            return True
        i += 2 if spaced else 1
    return False


def _error(prog: str, message: str) -> int:
    """Say ``message`` on stderr as argparse says its errors ("prog: error: …", in this
    language), and give the exit status of one, 2."""
    print(say("error", prog=prog, message=message), file=sys.stderr)
    return 2


def _main(tokens: list[str]) -> int:
    parser = build_parser()
    if _lang_without_language(tokens):  # `--lang graph x` said "invalid choice: 'x'"
        languages = say("list").join(LANGUAGES)
        command = next((t for t in tokens if t in COMMANDS), next(iter(COMMANDS)))
        needs = say("lang_needs_language", languages=languages, prog=parser.prog, command=command)
        return _error(parser.prog, needs)
    tokens = _lang_first(tokens)
    if tokens and tokens[0] in SHORT_VERSION:  # "unrecognized arguments: -v"
        asked = say("short_version", name=tokens[0], prog=parser.prog)
        return _error(parser.prog, asked)
    if tokens and tokens[0] in MOVED:
        where, other = MOVED[tokens[0]]
        print(say("moved", prog="autograd-mini", command=repr(tokens[0]), where=where, other=other),
              file=sys.stderr)  # fmt: skip
        return 2
    if tokens and tokens[0] in COMMANDS:  # a command may adjust its own arguments first
        prepare = getattr(importlib.import_module(COMMANDS[tokens[0]]), "prepare_argv", None)
        if prepare is not None:
            try:
                tokens = [tokens[0], *prepare(tokens[1:])]
            except argparse.ArgumentError as exc:  # said as argparse says its own errors
                return _error(f"{parser.prog} {tokens[0]}", exc.message)
    args = parser.parse_args(tokens)
    if args.command is None:  # the help went to standard output, no error was said
        parser.print_usage(sys.stderr)
        commands = say("give_command", commands=say("list").join(COMMANDS), prog=parser.prog)
        return _error(parser.prog, commands)
    module = importlib.import_module(COMMANDS[args.command])
    status: int = module.run(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
