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
    return _typed_module(list(getattr(sys, "orig_argv", []))) == "autograd_mini"


#: Python's options that take a value (the next word, or the rest of their own):
#: ``-X frozen_modules=off``, ``-Wd``; ``-c`` ends the options with its command
_VALUED = frozenset("XWc")
#: its long options that take the next word as their value
_LONG_VALUED = frozenset({"--check-hash-based-pycs"})


def _typed_module(typed: list[str]) -> str | None:
    """The module ``-m`` names in the interpreter's command line ``typed``
    (``sys.orig_argv``), read as Python reads its options: single letters may be joined
    (``-Im autograd_mini``, ``-bIm``), a value may follow its letter or be the next word
    (``-Xfrozen_modules=off``, ``-X dev``: a ``-m`` there is a value, not the option);
    None when the options end without ``-m`` (a script, ``-c``, ``-``)."""
    i = 1
    while i < len(typed):
        token = typed[i]
        if token.startswith("--"):  # --version; "--" itself ends the options
            if token == "--":
                return None
            i += 2 if token in _LONG_VALUED else 1
            continue
        if not token.startswith("-") or token == "-":  # a script, or standard input
            return None
        for j, letter in enumerate(token[1:], 2):
            if letter == "m":  # the module: the rest of this word, or the next
                rest = token[j:]
                return rest or (typed[i + 1] if i + 1 < len(typed) else None)
            if letter == "c":
                return None
            if letter in _VALUED:
                i += 0 if token[j:] else 1  # its value is the next word
                break
        i += 1
    return None


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
