"""``make bench``: run the engine benchmark (autograd-mini vs micrograd); see README.md."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

if __name__ == "__main__":
    # Run as a script: make the project root importable without an install.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    engine = importlib.import_module("benchmarks.engine")
    sys.exit(engine.main())
