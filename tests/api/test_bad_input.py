"""Bad input on every operation of the live description: unknown fields, big bodies, bad tokens.

The operations are read from /api/v1/openapi.json, so one added later is covered too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask.testing import FlaskClient

from app.accounts.models import User
from app.accounts.tokens import create_token, revoke_token
from app.extensions import db
from tests.api import bearer, problem_of
from tests.factories.incidents import make_complete_review

METHODS = {"get", "post", "put", "patch", "delete"}
UNKNOWN = {"root_cause": "Bob", "zz_not_a_field": 1}


def _operations(client: FlaskClient) -> list[tuple[str, str, dict[str, Any]]]:
    spec = client.get("/api/v1/openapi.json").get_json()
    return [
        (method.upper(), path, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def _url(path: str, incident) -> str:
    """Fill a path template with a real review and its first parts."""
    values = {
        "ref": incident.ref,
        "entry_id": incident.timeline[0].id,
        "factor_id": incident.factors[0].id,
        "action_id": incident.actions[0].id,
        "comment_id": 1,
        "deploy_id": 1,
        "alert_id": 1,
        "number": 1,
        "week": "2026-W48",
    }
    for name, value in values.items():
        path = path.replace("{" + name + "}", str(value))
    assert "{" not in path, path
    return path


@pytest.fixture
def review(member: User):
    incident = make_complete_review(member)
    db.session.commit()
    return incident


def test_every_body_refuses_unknown_fields_with_422_naming_them(
    client: FlaskClient, member: User, review
) -> None:
    headers = bearer(member)
    with_bodies = [(m, p) for m, p, op in _operations(client) if "requestBody" in op]
    assert len(with_bodies) >= 19
    for method, path in with_bodies:
        response = client.open(_url(path, review), method=method, headers=headers, json=UNKNOWN)
        body = problem_of(response, 422)
        assert set(UNKNOWN) <= set(body["errors"]), (method, path, body)
        assert "root_cause" in body["detail"], (method, path)
        assert body["errors"]["root_cause"] == ["Unknown field."], (method, path)


def test_every_body_over_the_limit_is_a_413(client: FlaskClient, member: User, review) -> None:
    headers = bearer(member)
    too_big = b'{"text": "' + b"x" * (3 * 1024 * 1024) + b'"}'
    for method, path, operation in _operations(client):
        if "requestBody" not in operation:
            continue
        response = client.open(
            _url(path, review),
            method=method,
            headers=headers,
            data=too_big,
            content_type="application/json",
        )
        assert "MiB" in problem_of(response, 413)["detail"], (method, path)


@pytest.mark.parametrize("kind", ["revoked", "expired", "malformed", "missing"])
def test_every_operation_refuses_a_bad_token_with_401(
    client: FlaskClient, member: User, review, kind: str
) -> None:
    record, token = create_token(user=member, name="ci")
    if kind == "revoked":
        revoke_token(actor=member, token_id=record.id)
    elif kind == "expired":
        record.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    elif kind == "malformed":
        token = token[:-3] + "!!!"
    db.session.commit()
    headers = {} if kind == "missing" else {"Authorization": f"Bearer {token}"}
    for method, path, _ in _operations(client):
        response = client.open(_url(path, review), method=method, headers=headers, json={})
        problem_of(response, 401)
        assert response.headers["WWW-Authenticate"].startswith("Bearer"), (method, path)
    assert review.title  # and nothing changed: the review is still there
