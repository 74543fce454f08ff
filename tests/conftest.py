"""Shared fixtures: the headless browser (``chromium``, ``page`` and its ``viewport``)
from tests/browser.py, and the site built once for the session (``site``, ``server``)
from tests/site_build.py.

Users without Chromium (or without the ``playwright`` package) get a skip that says why;
with ``AGM_REQUIRE_BROWSER=1`` (set by ``.ci/run``) the skip is a failure instead, so CI
never skips the browser tests silently.
"""

from browser import chromium, page, viewport
from site_build import server, site

__all__ = ["chromium", "page", "server", "site", "viewport"]
