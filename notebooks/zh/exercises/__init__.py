"""The Chinese notebooks' checks are the English ones: this package *is* notebooks/exercises.

A notebook in notebooks/zh/ runs with notebooks/zh/ as its working directory (that is where
Jupyter starts its kernel) and says ``from exercises import nb00`` exactly like its English
source. This stub loads notebooks/exercises/__init__.py under the name ``exercises``, with
notebooks/exercises/ as the package's folder, so ``nb00`` and the helpers it imports come
from the one English copy: a check cannot differ between the two editions.
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
# has run, so every ``from exercises import …`` gets the English package.
sys.modules[__name__] = _module
_spec.loader.exec_module(_module)
