"""A test's id is the same in every collection: ``pytest --lf``, a node id given on the
command line and pytest-xdist's workers (each collects, and all must agree) find a test by
it. tests/test_mnist.py's broken-gzip case was named by its bytes, and a gzip header holds
the second it was written: the id changed from one run to the next.

The oracle: two collections by pytest itself, in processes a second apart.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The files whose parameters are built by code at import (gzip, hashes, random data).
FILES = ("tests/test_mnist.py",)


def _ids() -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *FILES],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return [line for line in done.stdout.splitlines() if "::" in line]


def test_two_collections_name_the_tests_alike() -> None:
    first = _ids()
    time.sleep(1.0)  # a clock that counts seconds has moved on
    second = _ids()
    assert first, "nothing collected"
    assert first == second, sorted(set(first) ^ set(second))
