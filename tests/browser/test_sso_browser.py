"""Single sign-on in a real browser: Chromium goes to the loopback OpenID provider and back."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Account, OidcProvider

LABEL = "Loopback ID"
SETTINGS = ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_BUTTON_LABEL")


@pytest.fixture(scope="module")
def provider() -> Iterator[OidcProvider]:
    with OidcProvider().running() as running:
        yield running


@pytest.fixture
def idp(app: Flask, provider: OidcProvider, base_url: str) -> Iterator[OidcProvider]:
    """Single sign-on configured against the loopback provider, calling back to the live server."""
    saved = {key: app.config[key] for key in SETTINGS}
    app.config.update(
        OIDC_ISSUER=provider.issuer,
        OIDC_CLIENT_ID=CLIENT_ID,
        OIDC_CLIENT_SECRET=CLIENT_SECRET,
        OIDC_BUTTON_LABEL=LABEL,
    )
    provider.client.redirect_uris = {f"{base_url}/login/sso/callback"}
    provider.hits.clear()
    yield provider
    app.config.update(saved)


def test_a_new_person_signs_in_with_the_provider_and_lands_where_they_were_going(
    page: Page, idp: OidcProvider
) -> None:
    idp.signed_in = Account(sub="browser-1", email="kai.lund@example.com", name="Kai Lund")

    page.goto("/profile")  # signed out: the sign-in page, which remembers where to go
    expect(page.get_by_role("heading", name="Sign in to Hindsight")).to_be_visible()
    page.get_by_role("button", name=f"Sign in with {LABEL}").click()

    expect(page).to_have_url(re.compile(r"/profile$"))
    expect(page.locator(".topbar summary")).to_have_text("Kai Lund")
    assert any(hit.startswith("GET /authorize") for hit in idp.hits)  # really went there
    db.session.commit()
    [user] = db.session.scalars(select(User))
    assert (user.email, user.sso_subject) == ("kai.lund@example.com", "browser-1")


def test_declining_at_the_provider_brings_the_person_back_to_sign_in(
    page: Page, idp: OidcProvider
) -> None:
    idp.signed_in = None

    page.goto("/login")
    page.get_by_role("button", name=f"Sign in with {LABEL}").click()

    expect(page.get_by_text(f"Signing in with {LABEL} was cancelled.")).to_be_visible()
    expect(page.get_by_role("heading", name="Sign in to Hindsight")).to_be_visible()
