"""language.js in a real Chromium: debounced checks, hints rendered as text, never blocking.

The page is served by Playwright's router on a made-up origin; its POSTs to /language/check
are answered by the real Flask view (as a signed-in member), so the script and the endpoint
are tested together without a live server.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import Browser, Page, Request, Route, expect

from app import ROOT
from app.accounts.models import User
from tests.conftest import sign_in

pytestmark = pytest.mark.browser

ORIGIN = "http://hindsight.test"
SCRIPT = ROOT / "app" / "static" / "language.js"
PAGE = """<!doctype html><html><head><meta charset="utf-8">
<meta name="csrf-token" content="token-123">
<script src="/static/language.js" defer></script></head><body>
<form method="post" action="/saved">
  <textarea name="body" data-check-language="review"></textarea>
  <textarea name="comment" data-check-language="comment"></textarea>
  <button type="submit">Save</button>
</form></body></html>"""


class Site:
    """The routed page, with a record of every check request and form submission."""

    def __init__(self, page: Page, client: FlaskClient) -> None:
        self.page, self.client = page, client
        self.checks: list[Request] = []
        self.saved: list[str] = []
        page.route(f"{ORIGIN}/**", self.serve)
        page.goto(f"{ORIGIN}/")

    def serve(self, route: Route, request: Request) -> None:
        path = urlsplit(request.url).path
        if path == "/":
            route.fulfill(body=PAGE, content_type="text/html")
        elif path == "/static/language.js":
            route.fulfill(body=SCRIPT.read_text(), content_type="text/javascript")
        elif path == "/language/check":
            self.checks.append(request)
            # Playwright calls routes from its own greenlet, outside the test's app context.
            with self.client.application.app_context():
                answer = self.client.post(
                    path, data=request.post_data, content_type=request.headers["content-type"]
                )
            route.fulfill(
                status=answer.status_code, body=answer.get_data(), content_type="application/json"
            )
        elif path == "/saved":
            self.saved.append(request.post_data or "")
            route.fulfill(body="saved", content_type="text/plain")
        else:
            route.fulfill(status=404, body="")

    def hints(self, name: str):
        return self.page.locator(f"textarea[name={name}] + .language-hints")


@pytest.fixture
def site(app: Flask, browser: Browser, member: User) -> Iterator[Site]:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield Site(page, sign_in(app.test_client(), member))
    context.close()


def test_typing_sends_one_debounced_check_and_shows_the_hint(site: Site) -> None:
    site.page.locator("textarea[name=body]").press_sequentially(
        "Mo forgot to renew the cert.", delay=25
    )
    hint = site.hints("body").locator("li")
    expect(hint).to_have_count(1)
    expect(hint.locator("q")).to_have_text("Mo forgot to")
    expect(hint.locator(".language-suggestion")).to_contain_text("Try: ")
    expect(site.hints("body")).to_have_attribute("aria-live", "polite")
    assert len(site.checks) == 1
    assert site.checks[0].headers["x-csrftoken"] == "token-123"


def test_user_text_is_shown_as_text_never_as_markup(site: Site) -> None:
    text = '<img src=x onerror="window.pwned=1"> Why didn\'t you roll back? 🔥 Mo forgot to'
    site.page.locator("textarea[name=comment]").fill(text)
    quotes = site.hints("comment").locator("q")
    expect(quotes).to_have_text(["Why didn't you", "Mo forgot to"])
    assert site.hints("comment").locator("img").count() == 0
    assert site.page.evaluate("window.pwned") is None


def test_clean_text_shows_nothing(site: Site) -> None:
    area = site.page.locator("textarea[name=body]")
    area.fill("It was human error.")
    expect(site.hints("body").locator("li")).to_have_count(1)
    area.fill("The alert fired at 02:10.")
    expect(site.hints("body")).to_be_hidden()
    expect(site.hints("body").locator("li")).to_have_count(0)


def test_hints_never_block_saving(site: Site) -> None:
    site.page.locator("textarea[name=body]").fill("It was human error.")
    expect(site.hints("body").locator("li")).to_have_count(1)
    site.page.get_by_role("button", name="Save").click()
    expect(site.page.locator("body")).to_have_text("saved")
    assert "human+error" in site.saved[0]
