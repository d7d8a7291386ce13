"""Every state change needs proof of intent: a CSRF token on pages, a bearer token in the API."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from app.accounts.models import User
from tests.conftest import sign_in
from tests.security.routes import WRITES, rules, sample_path

# The API and webhooks authenticate every call (bearer token or signature); no cookies there.
EXEMPT = ("/api/", "/hooks/")
# Pages that take a signed token in the link instead of a form token, and why.
SIGNED_LINKS = {
    "digest_members.unsubscribe": "RFC 8058 one-click unsubscribe: mail providers POST the link",
}


def test_every_page_write_without_a_csrf_token_is_refused(
    app: Flask, admin: User, csrf_enabled: None
) -> None:
    client = sign_in(app.test_client(), admin)
    answers = {
        f"{method} {path}": client.open(path, method=method, data={"title": "x"}).status_code
        for rule, method in rules(app, WRITES)
        if not rule.rule.startswith(EXEMPT) and rule.endpoint not in SIGNED_LINKS
        for path in [sample_path(app, rule, method)]
    }
    assert len(answers) >= 20  # the walk really covered the forms
    assert "POST /login" in answers
    assert {write: status for write, status in answers.items() if status != 400} == {}


def test_a_signed_link_with_a_forged_signature_changes_nothing(
    app: Flask, admin: User, csrf_enabled: None
) -> None:
    client = sign_in(app.test_client(), admin)
    answers = {
        f"{method} {path}": client.open(path, method=method).status_code
        for rule, method in rules(app, WRITES)
        if rule.endpoint in SIGNED_LINKS
        for path in [sample_path(app, rule, method)]
    }
    assert {write: status for write, status in answers.items() if status < 400} == {}


def test_the_same_write_with_the_token_goes_through(
    app: Flask, member: User, csrf_enabled: None
) -> None:
    client = sign_in(app.test_client(), member)
    page = client.get("/profile").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    assert client.post("/logout").status_code == 400
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302


def test_every_api_write_without_a_token_is_refused(client: FlaskClient, app: Flask) -> None:
    answers = {
        f"{method} {path}": client.open(path, method=method, json={}).status_code
        for rule, method in rules(app, WRITES)
        if rule.rule.startswith("/api/")
        for path in [sample_path(app, rule, method)]
    }
    assert len(answers) >= 10
    assert {write: status for write, status in answers.items() if status != 401} == {}
