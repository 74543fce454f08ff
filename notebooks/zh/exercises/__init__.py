"""The Chinese notebooks' checks: a copy of notebooks/exercises/ that speaks Chinese.

A notebook in notebooks/zh/ runs with notebooks/zh/ as its working directory (that is where
Jupyter starts its kernel) and says ``from exercises import nb00`` exactly like its English
source. This stub loads notebooks/exercises/__init__.py under this package's name, with
notebooks/exercises/ as the package's folder, and sets the copy's ``LANGUAGE`` to "zh":
``nb00`` and the helpers it imports come from the one English set of files — a check
cannot differ between the two editions — and every message it gives is the Chinese half
of its ``msg(en=..., zh=...)``.

The copy is a module object of its own (the checks import their helpers relatively), so it
can sit next to the English package in one process under another name, as the tests load
it; the English package's language is never touched.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_ENGLISH = Path(__file__).resolve().parent.parent.parent / "exercises"
_spec = importlib.util.spec_from_file_location(
    __name__, _ENGLISH / "__init__.py", submodule_search_locations=[str(_ENGLISH)]
)
if _spec is None or _spec.loader is None:  # pragma: no cover - the file is in the repository
    raise ImportError(f"cannot load the shared checks from {_ENGLISH}")
_module = importlib.util.module_from_spec(_spec)
# The import system hands back whatever sys.modules holds under this name once this file
# has run, so every ``from exercises import …`` gets this copy.
sys.modules[__name__] = _module
_spec.loader.exec_module(_module)
# Before any check module is imported or run: msg() reads it each time it is called.
_module.LANGUAGE = "zh"
