"""Shared fixtures: the headless browser (``chromium``, ``page`` and its ``viewport``)
from tests/browser.py, and the site built once for the session (``site``, ``server``)
from tests/site_build.py; a student's cell run as IPython runs it (``student_cell``) and
the checks' time limit cut to 0.3 s (``short_limit``), from tests/exercise_cases.py; the
notebooks' kernel (``agg_kernel``, ``inline_kernel``, ``inline_kernel_per_test``) from
tests/notebook_kernel.py; a port that refuses connections (``refusing_port``) from
tests/network.py.

Users without Chromium (or without the ``playwright`` package) get a skip that says why;
with ``AGM_REQUIRE_BROWSER=1`` (set by ``.ci/run``) the skip is a failure instead, so CI
never skips the browser tests silently.

No test writes into the user's cache folder: ``_no_user_cache`` points MNIST's default
folder (``nn.mnist.default_root``) into the session's temporary folder, so a test that
forgets ``root=`` or ``--data-dir`` downloads nothing into, and reads nothing from, the
user's MNIST files (test_mnist puts the real one back to check it, under its own
``XDG_CACHE_HOME``). No test leaves this thread's picture language changed
(``_picture_language_kept``).

Matplotlib draws with Agg for the whole session (``pytest_configure``): the notebooks' cells
that tests run in this process plot, and no window may open. Four test modules set
``MPLBACKEND`` as they were imported, so a module run alone drew with whatever backend
matplotlib chose and a whole run with Agg (tests/test_no_environment_at_import.py keeps
test modules from changing the environment at import). The kernels' backend is the kernel
fixtures' (tests/notebook_kernel.py), which set or unset ``MPLBACKEND`` for their tests.
"""

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import chromium, page, viewport
from exercise_cases import short_limit, student_cell
from network import refusing_port
from notebook_kernel import agg_kernel, inline_kernel, inline_kernel_per_test
from site_build import server, site

import nn.mnist
from autograd_mini import picture_language
from autograd_mini.words import current

# The session's MonkeyPatch of the environment, put back when pytest ends.
_SESSION_ENVIRONMENT = pytest.StashKey[pytest.MonkeyPatch]()

__all__ = [
    "agg_kernel",
    "chromium",
    "inline_kernel",
    "inline_kernel_per_test",
    "page",
    "refusing_port",
    "server",
    "short_limit",
    "site",
    "student_cell",
    "viewport",
]


def pytest_configure(config: pytest.Config) -> None:
    """Agg for matplotlib before any test module is collected: matplotlib reads
    ``MPLBACKEND`` once, when it is first imported, which may be at collection. Imported
    before this runs (by a plugin, or by this file's imports), it has read it already,
    unset, and is told here."""
    mp = pytest.MonkeyPatch()
    mp.setenv("MPLBACKEND", "Agg")
    config.stash[_SESSION_ENVIRONMENT] = mp
    if "matplotlib" in sys.modules:
        sys.modules["matplotlib"].use("Agg")


def pytest_unconfigure(config: pytest.Config) -> None:
    mp = config.stash.get(_SESSION_ENVIRONMENT, None)
    if mp is not None:
        mp.undo()


@pytest.fixture(autouse=True)
def _picture_language_kept() -> Iterator[None]:
    """A test that leaves this thread's picture language changed fails, and the language
    is put back: a notebook's Chinese cell run in-process (``picture_language("zh")``)
    left every later test's pictures Chinese, and 40 tests of pictures failed far from
    the cause."""
    before = current().language
    yield
    after = current().language
    if after != before:
        picture_language(before)
        pytest.fail(f"the test left the picture language {after!r} (it was {before!r})")


@pytest.fixture(autouse=True, scope="session")
def _no_user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("user-cache") / "mnist"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(nn.mnist, "default_root", lambda: folder)
        yield folder
