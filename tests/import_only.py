"""One package imported only from a test's own folder, installed or not.

A test of what nn says when an optional package (PyTorch, scikit-learn) is missing or
is a stand-in needs Python to find that package where the test put it and nowhere
else: an installed one is found first whenever it is a real package and the test's is
a folder without __init__.py, and ``sys.modules[name] = None`` does not fail as a
missing package does (it raises "'sklearn' is not a package" for ``sklearn.datasets``,
naming the module asked for, not the package). :func:`import_only_from` puts a finder
first in ``sys.meta_path`` that looks for the package in the given folders alone, and
raises what Python raises for a package found nowhere; modules of the package are found
in the package's own folders, as always.
"""

from __future__ import annotations

import importlib.machinery
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType


class _OnlyFrom:
    """A meta-path finder for the top-level module ``name``, searching ``folders``."""

    def __init__(self, name: str, folders: Sequence[str]) -> None:
        self.name = name
        self.folders = list(folders)

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname != self.name:
            return None  # (its modules: by the finders after, in the package's folders)
        spec = importlib.machinery.PathFinder.find_spec(fullname, self.folders)
        if spec is None:  # as the import system says it of a package found nowhere
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return spec


@contextmanager
def import_only_from(name: str, *folders: Path) -> Iterator[None]:
    """Within it, ``import name`` finds the package ``name`` in ``folders`` alone (none:
    not installed); its modules imported before are forgotten, and put back after it,
    those imported within it dropped."""
    saved = {m: sys.modules.pop(m) for m in list(sys.modules) if m.partition(".")[0] == name}
    finder = _OnlyFrom(name, [str(f) for f in folders])
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)
        for module in [m for m in sys.modules if m.partition(".")[0] == name]:
            del sys.modules[module]  # the test's own
        sys.modules.update(saved)
