"""Screenshots of the top of every notebook page, in both languages, for a person to look at.

    python -m docs.screenshots                   # uses site/ (run make docs first)
    python -m docs.screenshots --site DIR --out build/screenshots --width 1280

Serves the built site on a local port and saves ``<lang>-<NN_slug>.png`` (the first
screenful of each notebook page, 1280×900 by default) plus the two home pages, with the same
headless Chromium as the tests. Nothing is committed: the folder is under build/.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docs.build import DEFAULT_OUT, ROOT, _load, discover

# The tests' Chromium settings and page log (tests/browser.py), loaded by path.
browser = _load(ROOT / "tests" / "browser.py")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def shoot(site: Path, out: Path, width: int = 1280, height: int = 900) -> list[Path]:
    from playwright.sync_api import sync_playwright

    executable = browser.chromium_path()
    if executable is None:
        raise SystemExit("no Chromium found (/usr/bin/chromium or AGM_CHROMIUM)")
    if not (site / "index.html").is_file():
        raise SystemExit(f"no site in {site}: run make docs first")
    pages = [("en-home", "index.html"), ("zh-home", "zh/index.html")]
    pages += [(f"{nb.lang}-{nb.slug}", f"{nb.docname}.html") for nb in discover()]
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=executable, args=browser.CHROMIUM_ARGS
            )
            page = chromium.new_page(viewport={"width": width, "height": height})
            for name, rel in pages:
                if not (site / rel).is_file():
                    continue
                log = browser.watch(page)
                page.goto(base + rel, wait_until="networkidle")
                page.evaluate(
                    "async () => { if (window.MathJax && MathJax.startup)"
                    " await MathJax.startup.promise; await document.fonts.ready; }"
                )
                target = out / f"{name}.png"
                page.screenshot(path=str(target))
                written.append(target)
                problems = log.problems()
                print(f"{target}" + (f"  ({'; '.join(problems)})" if problems else ""))
            chromium.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "screenshots")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args(argv)
    shoot(args.site.resolve(), args.out, args.width, args.height)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
