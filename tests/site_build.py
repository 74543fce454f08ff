"""The course website, built once per test session (``site``) and served on a local port
(``server``): tests/test_site.py and tests/test_site_phone.py read the same build.

The notebooks' executions come from the site build's cache when nothing they read has
changed, so a build costs Sphinx only (about three minutes for both editions): two test
modules with a build each doubled it. ``tests/conftest.py`` makes these fixtures
available to every test.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from docs import build


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole site, built once for the session (executions reused from the cache)."""
    out = tmp_path_factory.mktemp("site") / "site"
    try:
        return build.build(out, log=False)
    except build.BuildError as err:
        said = str(err)
    # Every test of the site errs with it: each says the build's own message (the
    # notebook, the cell or the kernel's last words) once, without the process pool's
    # 60-line traceback, which filled the tail of CI's log 436 times over.
    pytest.fail(f"the site could not be built: {said}", pytrace=False)


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
