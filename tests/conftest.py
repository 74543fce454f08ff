"""Shared fixtures. The headless-browser fixture lives here so every test can use it.

``page`` gives a fresh Playwright page in headless Chromium. Users without Chromium (or
without the ``playwright`` package) get a skip that says why; with the environment
variable ``AGM_REQUIRE_BROWSER=1`` (set by ``.ci/run``) the skip is a failure instead,
so CI never skips the browser tests silently. Playwright's browser download is never
used: the system Chromium is driven through ``executable_path``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

#: Where Chromium is looked for, in order (the first that exists is used).
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def find_chromium() -> str | None:
    """Path of a Chromium executable, or None (``AGM_CHROMIUM`` names one to use)."""
    chosen = os.environ.get("AGM_CHROMIUM")
    for name in (chosen,) if chosen else CHROMIUM_CANDIDATES:
        found = name if Path(name).is_file() and os.access(name, os.X_OK) else shutil.which(name)
        if found:
            return found
    return None


def _unavailable(reason: str) -> None:
    if os.environ.get("AGM_REQUIRE_BROWSER") == "1":
        pytest.fail(f"AGM_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium driven by Playwright, shared by one test module.

    Module scope, not session: Playwright's sync API keeps an event loop running in the
    main thread while it is open, and later tests call ``asyncio.run`` themselves.
    """
    executable = find_chromium()
    if executable is None:
        tried = os.environ.get("AGM_CHROMIUM") or ", ".join(CHROMIUM_CANDIDATES)
        _unavailable(
            f"no Chromium found (tried {tried}); install one (`apt-get install chromium`) "
            "or name it in AGM_CHROMIUM"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page, 1,200 × 900 (a laptop's notebook window)."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()
