"""Real-browser harness: the app served on loopback, driven by a real Chromium through Playwright.

One live server per database engine (it serves `session_app`, so it sees every row a test
commits), one Chromium per test session, and a fresh browser context (cookies, storage)
for every page a test opens. A failed test leaves a screenshot of each of its pages in
test-artifacts/. A missing Chromium fails the tests loudly: browser tests never skip.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Response,
    expect,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError
from werkzeug.serving import WSGIRequestHandler, make_server

from tests.conftest import ARTIFACTS

HERE = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("HINDSIGHT_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 10_000

REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()
LOG = logging.getLogger("tests.browser")
SERVER_LOG = logging.getLogger("tests.browser.server")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/browser as a browser test."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Keep each phase's report on the item, so fixtures can tell whether the test failed."""
    report = yield
    item.stash.setdefault(REPORTS, {})[report.when] = report
    return report


class LoggedRequestHandler(WSGIRequestHandler):
    """Log requests to pytest's captured log only (shown when a test fails), without colours."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        SERVER_LOG.info("%s -> %s", self.requestline, code)

    def log(self, type: str, message: str, *args: object) -> None:
        getattr(SERVER_LOG, type)(message, *args)


@pytest.fixture(scope="session")
def base_url(session_app: Flask) -> Iterator[str]:
    """Serve the app on a free loopback port in a background thread; yield its address."""
    server = make_server(
        "127.0.0.1", 0, session_app, threaded=True, request_handler=LoggedRequestHandler
    )
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Launch the system Chromium once per test session; fail (never skip) if it is missing."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Browser tests need it: install the 'chromium' "
            "package (apt-get install chromium) or point HINDSIGHT_CHROMIUM at a binary.",
            pytrace=False,
        )
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        except PlaywrightError as error:
            pytest.fail(f"Chromium at {CHROMIUM} would not start:\n{error}", pytrace=False)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(
    app: Flask, browser: Browser, base_url: str, request: pytest.FixtureRequest
) -> Iterator[Callable[[], Page]]:
    """Open pages, each in its own fresh context (a separate person); screenshot them on failure.

    Depends on `app` so that pages close before the tables are emptied. The browser's own
    zone is UTC on purpose: times must follow the user's profile zone, never the browser's.
    Any 5xx answer the pages receive fails the test, even one the test did not look at.
    """
    contexts: list[BrowserContext] = []
    server_errors: list[str] = []

    def note_server_error(response: Response) -> None:
        if response.status >= 500:
            server_errors.append(f"{response.status} {response.request.method} {response.url}")

    def open_page() -> Page:
        context = browser.new_context(base_url=base_url, locale="en-GB", timezone_id="UTC")
        context.set_default_timeout(TIMEOUT_MS)
        context.on("response", note_server_error)
        contexts.append(context)
        return context.new_page()

    yield open_page

    call = request.node.stash.get(REPORTS, {}).get("call")
    if call is not None and call.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
        for n, context in enumerate(contexts, start=1):
            for page in context.pages:
                path = ARTIFACTS / f"{name}{'' if n == 1 else f'-{n}'}.png"
                try:
                    page.screenshot(path=path, full_page=True)
                except PlaywrightError as error:  # a crashed page must not hide the failure
                    LOG.warning("no screenshot for %s: %s", path.name, error)
    for context in contexts:
        context.close()
    if server_errors and call is not None and call.passed:
        pytest.fail("The server answered with errors:\n" + "\n".join(server_errors), pytrace=False)


@pytest.fixture
def page(new_page: Callable[[], Page]) -> Page:
    """A page in a fresh browser context, with a 10 s default timeout."""
    return new_page()
