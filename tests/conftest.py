"""Shared fixtures: the headless browser (``chromium``, ``page`` and its ``viewport``)
from tests/browser.py, and the site built once for the session (``site``, ``server``)
from tests/site_build.py; a student's cell run as IPython runs it (``student_cell``) and
the checks' time limit cut to 0.3 s (``short_limit``), from tests/exercise_cases.py.

Users without Chromium (or without the ``playwright`` package) get a skip that says why;
with ``AGM_REQUIRE_BROWSER=1`` (set by ``.ci/run``) the skip is a failure instead, so CI
never skips the browser tests silently.

No test writes into the user's cache folder: ``_no_user_cache`` points MNIST's default
folder (``nn.mnist.default_root``) into the session's temporary folder, so a test that
forgets ``root=`` or ``--data-dir`` downloads nothing into, and reads nothing from, the
user's MNIST files (test_mnist puts the real one back to check it, under its own
``XDG_CACHE_HOME``).
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import chromium, page, viewport
from exercise_cases import short_limit, student_cell
from site_build import server, site

import nn.mnist

__all__ = ["chromium", "page", "server", "short_limit", "site", "student_cell", "viewport"]


@pytest.fixture(autouse=True, scope="session")
def _no_user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("user-cache") / "mnist"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(nn.mnist, "default_root", lambda: folder)
        yield folder
