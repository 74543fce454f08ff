"""Ctrl-C before the command's ``main`` runs: while Python imports the package.

``autograd-mini graph …`` (or ``python -m autograd_mini graph …``) spends about half a
second importing the package before :func:`autograd_mini.cli.main`, which says a Ctrl-C
in one line, is called: a Ctrl-C there printed a traceback of whatever module was being
imported. :func:`watch`, called first thing by the package when this process is the
command, makes such an interrupt the same one line (the interpreter still ends as SIGINT
ends it, status 130 in a shell). A program that imports the library is left alone.
"""

from __future__ import annotations

import os
import sys
from types import TracebackType

__all__ = ["is_command", "watch"]

#: the names the ``autograd-mini`` script has (pip writes a .exe on Windows)
SCRIPT_NAMES = frozenset({"autograd-mini", "autograd-mini.exe", "autograd-mini-script.py"})


def is_command() -> bool:
    """Whether this process is the command: the ``autograd-mini`` script, or ``python -m
    autograd_mini`` while Python finds the module (``sys.argv[0]`` is then "-m")."""
    first = sys.argv[0] if sys.argv else ""
    if os.path.basename(first) in SCRIPT_NAMES:
        return True
    if first != "-m":
        return False
    typed: list[str] = list(getattr(sys, "orig_argv", []))
    for i, token in enumerate(typed[1:], 1):
        if token == "-m":
            return typed[i + 1 : i + 2] == ["autograd_mini"]
        if token.startswith("-m") and not token.startswith("--"):
            return token[2:] == "autograd_mini"
    return False


def watch() -> None:
    """In the command's process, say a Ctrl-C that no ``main`` caught (one that fell
    while the package was imported) as ``main`` says it. Other exceptions, and every
    other process, go to the hook there was."""
    if not is_command():
        return
    from autograd_mini.cli import say_interrupted  # stdlib and the word tables only

    before = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            say_interrupted(sys.argv[1:])
        else:
            before(kind, exc, tb)

    sys.excepthook = hook
