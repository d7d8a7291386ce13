"""POST /language/check: advice for text being written, for signed-in people only."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.accounts.models import User
from app.extensions import db
from app.language.views import MAX_TEXT
from app.language.views import bp as language_bp
from tests.conftest import IsolatedClient, sign_in
from tests.factories.accounts import make_user


def _app_with_language(database_url: str, **config) -> Iterator[Flask]:
    """Build an app over the test database with the language blueprint registered."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SERVER_NAME": None, **config})
    if "language" not in app.blueprints:  # until create_app registers it
        app.register_blueprint(language_bp)
    app.test_client_class = IsolatedClient
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def csrf_app(session_app: Flask, database_url: str) -> Iterator[Flask]:
    yield from _app_with_language(database_url, WTF_CSRF_ENABLED=True)


@pytest.fixture(scope="module")
def own_app(session_app: Flask, database_url: str) -> Iterator[Flask | None]:
    """An app of our own only while the shared one lacks the blueprint (it cannot add one late)."""
    if "language" in session_app.blueprints:
        yield None
    else:
        yield from _app_with_language(database_url, WTF_CSRF_ENABLED=False)


@pytest.fixture
def writer(member_client: FlaskClient, member: User, own_app: Flask | None) -> FlaskClient:
    """A signed-in member's client for an app that serves /language/check."""
    return member_client if own_app is None else sign_in(own_app.test_client(), member)


def post(client: FlaskClient, payload: object):
    return client.post("/language/check", json=payload)


def test_review_text_gets_findings_naming_active_users(writer: FlaskClient) -> None:
    make_user(name="Priya Raman")
    db.session.commit()
    text = "Priya failed to follow the runbook, and Mo forgot to renew the cert."
    response = post(writer, {"text": text, "kind": "review"})
    assert response.status_code == 200
    findings = response.get_json()["findings"]
    assert [(text[f["start"] : f["end"]], f["rule"]) for f in findings] == [
        ("Priya failed to", "named-failure"),
        ("Mo forgot to", "named-failure"),
    ]
    assert set(findings[0]) == {"start", "end", "rule", "message", "suggestion"}


def test_inactive_users_are_not_treated_as_names(writer: FlaskClient) -> None:
    make_user(name="Zanele Dube").active = False
    db.session.commit()
    response = post(writer, {"text": "Zanele forgot to renew the cert."})
    assert response.get_json() == {"findings": []}


def test_kind_defaults_to_review_and_comments_also_get_tone_hints(writer: FlaskClient) -> None:
    text = "Why didn't you roll back?!"
    assert post(writer, {"text": text}).get_json() == {"findings": []}
    rules = [
        f["rule"] for f in post(writer, {"text": text, "kind": "comment"}).get_json()["findings"]
    ]
    assert rules == ["tone-why-didnt-you", "tone-exclamation"]


def test_clean_text_has_no_findings(writer: FlaskClient) -> None:
    response = post(writer, {"text": "The alert fired at 02:10 and the deploy failed to complete."})
    assert response.status_code == 200
    assert response.get_json() == {"findings": []}


@pytest.mark.parametrize(
    "payload",
    [
        {"kind": "review"},
        {"text": 42},
        {"text": None},
        ["text"],
        "text",
        {"text": "x", "kind": "x"},
    ],
)
def test_bad_payloads_get_400_with_a_reason(writer: FlaskClient, payload: object) -> None:
    response = post(writer, payload)
    assert response.status_code == 400
    assert response.get_json()["error"]


def test_a_body_that_is_not_json_gets_400(writer: FlaskClient) -> None:
    response = writer.post("/language/check", data="text=hi", content_type="text/plain")
    assert response.status_code == 400
    assert "text" in response.get_json()["error"]


def test_text_over_the_limit_gets_413(writer: FlaskClient) -> None:
    assert post(writer, {"text": "a" * MAX_TEXT}).status_code == 200
    response = post(writer, {"text": "a" * (MAX_TEXT + 1)})
    assert response.status_code == 413
    assert response.get_json()["error"]


def test_a_body_over_the_request_limit_gets_413_in_json(writer: FlaskClient) -> None:
    limit = writer.application.config["MAX_CONTENT_LENGTH"]
    response = writer.post(
        "/language/check",
        data=b'{"text": "' + b"a" * limit + b'"}',
        content_type="application/json",
    )
    assert response.status_code == 413
    assert response.get_json()["error"]


def test_signed_out_visitors_are_sent_to_sign_in(app: Flask, own_app: Flask | None) -> None:
    client = (own_app or app).test_client()
    response = client.post("/language/check", json={"text": "human error"})
    assert response.status_code in (302, 401)
    assert "findings" not in response.get_data(as_text=True)


def test_the_check_needs_the_csrf_token_from_the_page(csrf_app: Flask, member: User) -> None:
    client = sign_in(csrf_app.test_client(), member)
    assert client.post("/language/check", json={"text": "human error"}).status_code == 400
    page = client.get("/incidents/").get_data(as_text=True)
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    response = client.post(
        "/language/check", json={"text": "It was human error."}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 200
    assert [f["rule"] for f in response.get_json()["findings"]] == ["human-error"]
