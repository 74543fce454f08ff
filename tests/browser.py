"""Headless Chromium for the tests, through Playwright's Python API.

The browser is the system's (``/usr/bin/chromium``, or ``AGM_CHROMIUM``): Playwright's wheel
brings its driver, never a browser download. Where there is no Chromium (or no Playwright)
the browser tests are skipped with the reason; with ``AGM_REQUIRE_BROWSER=1`` (``.ci/run``
sets it) that skip is a failure instead, so CI never skips them.

``tests/conftest.py`` makes the fixtures here (``chromium``, ``page``) available to every test.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """The Chromium to drive: $AGM_CHROMIUM, /usr/bin/chromium, or chromium on PATH."""
    for candidate in (os.environ.get("AGM_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def browser_required() -> bool:
    return os.environ.get("AGM_REQUIRE_BROWSER", "") not in ("", "0")


def skip_or_fail(reason: str) -> None:
    """Skip saying why; under AGM_REQUIRE_BROWSER=1 the missing browser is a failure."""
    if browser_required():
        pytest.fail(f"AGM_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@dataclass
class PageLog:
    """What a page did while loading: console errors, page errors, failed requests."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"page error: {m}" for m in self.page_errors]
            + [f"failed request: {r}" for r in self.failed_requests]
        )


def watch(page: Any) -> PageLog:
    """Record the console errors, uncaught exceptions and failed requests of ``page``."""
    log = PageLog()
    page.on(
        "console",
        lambda msg: log.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda err: log.page_errors.append(str(err)))
    page.on("requestfailed", lambda req: log.failed_requests.append(f"{req.url} {req.failure}"))
    page.on("request", lambda req: log.requests.append(req.url))

    def finished(response: Any) -> None:
        if response.status >= 400:
            log.failed_requests.append(f"{response.url} HTTP {response.status}")

    page.on("response", finished)
    return log


def open_typeset(page: Any, url: str) -> tuple[Any, PageLog]:
    """Load ``url`` in a fresh tab, wait for MathJax and fonts; return (tab, its log).

    A fresh tab per load (the previous ones closed) means a request an earlier page left in
    flight, its favicon say, is never reported against this one.
    """
    for old in page.context.pages:
        if old is not page:
            old.close()
    tab = page.context.new_page()
    log = watch(tab)
    tab.goto(url, wait_until="load")
    tab.wait_for_load_state("networkidle")
    tab.evaluate(
        """async () => {
            if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
                await MathJax.startup.promise;
            }
            await document.fonts.ready;
        }"""
    )
    return tab, log


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """A headless Chromium for one test module (skipped, or failed, when there is none).

    Module scope, not session: while it is open, Playwright's sync API keeps an event loop
    running in the main thread, and later tests call ``asyncio.run`` themselves.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright is not installed (pip install -e '.[test]')")
    executable = chromium_path()
    if executable is None:
        skip_or_fail("no Chromium at /usr/bin/chromium or on PATH (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def viewport() -> dict[str, int]:
    """The page's size: 1,200 × 900, a laptop's notebook window. A test module that needs
    another defines its own ``viewport`` fixture, which pytest uses instead."""
    return {"width": 1200, "height": 900}


@pytest.fixture
def page(chromium: Any, viewport: dict[str, int]) -> Iterator[Any]:
    """A fresh page of the size ``viewport`` gives."""
    context = chromium.new_context(viewport=viewport)
    try:
        yield context.new_page()
    finally:
        context.close()


#: The search has said it is done (in either language): Sphinx says so once it has listed
#: the last result, before the pages each result quotes have come back.
SEARCH_DONE = (
    "() => /(finished|did not match|完成|没有匹配)/"
    ".test(document.querySelector('#search-results')?.innerText || '')"
)


def wait_for_quotes(tab: Any) -> None:
    """Until the search on ``tab`` is done and every result quotes its page. Sphinx fetches
    each result's page for its quote after saying "Search finished": a fixed 1.5 s after
    that was all the tests waited, and a slower machine (or a busy one) read results
    without quotes."""
    tab.wait_for_function(SEARCH_DONE, timeout=20_000)
    tab.wait_for_function(
        """() => [...document.querySelectorAll('#search-results ul.search li')]
            .every(li => li.querySelector('.context'))""",
        timeout=20_000,
    )


def search_results(page: Any, server: str, edition: str, query: str) -> list[tuple[str, str]]:
    """The results the edition's search page lists for ``query``: (URL, text) each,
    once the search says it is done (in either language)."""
    from urllib.parse import quote

    tab, log = open_typeset(page, f"{server}{edition}search.html?q={quote(query)}")
    tab.wait_for_function(SEARCH_DONE, timeout=20_000)
    assert not log.problems(), log.problems()
    return [
        (href, text)
        for href, text in tab.evaluate(
            """() => [...document.querySelectorAll('#search-results ul.search li')]
                .map(li => [li.querySelector('a').href, li.innerText])"""
        )
    ]


def tab_stops(tab: Any, about: str, limit: int = 400) -> list[dict[str, Any]]:
    """Every Tab stop of the page's text once round: what the script ``about`` says of
    the focused element (a dict whose ``article`` is true for the page's text, not its
    menus and header), with the role and the name Chromium's accessibility tree gives it
    (what a screen reader is handed)."""
    cdp = tab.context.new_cdp_session(tab)
    stops: list[dict[str, Any]] = []
    tab.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    first = None
    for _ in range(limit):
        tab.keyboard.press("Tab")
        handle = tab.evaluate_handle("() => document.activeElement")
        if tab.evaluate("(e) => e === document.body", handle):
            continue
        if first is None:
            first = handle
        elif tab.evaluate("([a, b]) => a === b", [first, handle]):
            break
        info = tab.evaluate(about)
        if info is None or not info["article"]:  # None: focus left it meanwhile (to the body)
            continue
        found = cdp.send("Runtime.evaluate", {"expression": "document.activeElement"})
        node = cdp.send("DOM.describeNode", {"objectId": found["result"]["objectId"]})["node"]
        ax = cdp.send(
            "Accessibility.getPartialAXTree",
            {"backendNodeId": node["backendNodeId"], "fetchRelatives": False},
        )["nodes"][0]
        info["role"] = ax.get("role", {}).get("value", "")
        info["name"] = ax.get("name", {}).get("value", "")
        stops.append(info)
    return stops


#: The page's Tab stops and region names agree with its layout as it is now: each box
#: the theme makes a Tab stop where it scrolls (pydata-sphinx-theme's
#: addTabStopsToScrollableElements, on the site's pages only) has tabIndex 0 exactly when
#: it scrolls, and each block of code, printed output or table agm-formulas.js names is a
#: region exactly when it scrolls (its formulas and pictures are marked in the same pass).
TAB_STOPS_SETTLED = """() => {
    const scrolls = (e) => e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight;
    const themed = !document.querySelector('.bd-article') || [...document.querySelectorAll(
        'pre, .nboutput > .output_area, .cell_output > .output, .jp-RenderedHTMLCommon,'
        + ' .pst-scrollable-table-container')].every((e) => e.tabIndex === (scrolls(e) ? 0 : -1));
    const named = [...document.querySelectorAll(
        '.bd-article pre, .jp-Notebook pre, .bd-article .pst-scrollable-table-container,'
        + ' .jp-Notebook .agm-table-box')]
        .every((e) => (e.scrollWidth > e.clientWidth) === (e.getAttribute('role') === 'region'));
    return themed && named;
}"""


def wait_for_tab_stops(tab: Any) -> None:
    """Until the Tab stops and region names of ``tab`` fit its layout (after a resize):
    the theme sets its Tab stops 300 ms after the last resize, and a fixed 600 ms was all
    the tests waited, a wait a busy machine could outlast."""
    tab.wait_for_function(TAB_STOPS_SETTLED, timeout=10_000)


_Test = TypeVar("_Test", bound=Callable[..., None])


def on_every_view(test: _Test) -> _Test:
    """``test`` run on every view of a notebook page: ``where`` (the "site" or the
    "standalone" file), ``lang`` ("en", "zh") and ``width`` (360 px, a phone's, and
    1,000 px). Marks stacked as the tests wrote them, so the ids stay ``[site-en-360]``."""
    marks = (
        pytest.mark.parametrize("where", ["site", "standalone"]),
        pytest.mark.parametrize("lang", ["en", "zh"]),
        pytest.mark.parametrize("width", [360, 1000]),
    )
    for mark in marks:
        test = mark(test)
    return test
