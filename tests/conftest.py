"""Shared fixtures: the headless browser (``chromium``, ``page`` and its ``viewport``)
from tests/browser.py.

Users without Chromium (or without the ``playwright`` package) get a skip that says why;
with ``AGM_REQUIRE_BROWSER=1`` (set by ``.ci/run``) the skip is a failure instead, so CI
never skips the browser tests silently.
"""

from browser import chromium, page, viewport

__all__ = ["chromium", "page", "viewport"]
