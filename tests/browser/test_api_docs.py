"""The API docs page in a real Chromium: Swagger UI renders every operation under the CSP."""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

pytestmark = pytest.mark.browser


def test_the_docs_page_lists_the_operations_with_no_csp_violation(page: Page) -> None:
    complaints: list[str] = []
    page.on("console", lambda m: _note(m, complaints))
    page.on("pageerror", lambda error: complaints.append(f"page error: {error}"))
    response = page.goto("/api/v1/docs")
    assert response is not None
    assert response.status == 200
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy

    expect(page.get_by_role("heading", name="Hindsight")).to_be_visible()
    incidents = page.locator(".opblock-summary-path", has_text="/api/v1/incidents/{ref}/timeline")
    expect(incidents.first).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/digests/{week}")).to_be_visible()
    assert page.locator(".opblock").count() >= 35

    # An operation opens to show what it answers, read from the live description.
    page.locator(".opblock-summary-path", has_text="/api/v1/digests/{week}").click()
    expect(page.locator(".opblock.is-open .responses-table").first).to_contain_text("404")
    assert complaints == []


def _note(message: ConsoleMessage, complaints: list[str]) -> None:
    if message.type == "error" or "Content Security Policy" in message.text:
        complaints.append(f"{message.type}: {message.text}")
