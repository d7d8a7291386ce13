"""Nothing a client sends produces a 500: junk bodies get 4xx problems on every write endpoint.

The test app re-raises unexpected exceptions, so a crash fails here with its traceback.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient

from app.accounts.models import User
from app.extensions import db
from tests.api import PROBLEM, bearer
from tests.factories.accounts import make_user
from tests.factories.incidents import make_complete_review

INC = "/api/v1/incidents/INC-0001"
WRITES: list[tuple[str, str, dict[str, Any]]] = [
    ("POST", "/api/v1/incidents", {"title": "T", "severity": "SEV2", "tags": ["a"], "team": None}),
    ("PATCH", INC, {"version": 1, "title": "T", "services": [], "summary": "S"}),
    ("POST", f"{INC}/timeline", {"occurred_at": "2026-11-24T22:00:00Z", "body": "x"}),
    ("POST", f"{INC}/factors", {"category": "change", "description": "x"}),
    (
        "POST",
        f"{INC}/actions",
        {"title": "x", "owner": "rae@example.com", "due_date": "2026-12-01"},
    ),
    ("POST", f"{INC}/submit", {"acknowledge_language": True}),
    ("POST", f"{INC}/approve", {"comment": "x"}),
    ("POST", f"{INC}/request-changes", {"comment": "x"}),
    ("POST", f"{INC}/publish", {"note": "x"}),
    ("POST", f"{INC}/reopen", {"reason": "x"}),
    ("POST", f"{INC}/reviewers", {"email": "rae@example.com"}),
    ("POST", f"{INC}/comments", {"section": "general", "body": "x"}),
    ("POST", "/api/v1/language/check", {"text": "x"}),
]
RAW_BODIES = [
    b"{",
    b"}",
    b"[",
    b"null",
    b"[]",
    b'"x"',
    b"0",
    b"NaN",
    b'{"a": Infinity}',
    b"{}{}",
    b"\x00",
    b"\xff\xfe{\x00}",
    b"\xef\xbb\xbf{}",
    b"[" * 100_000,
    b'{"a": ' + b"9" * 5000 + b"}",
]
JUNK = [
    None,
    True,
    -1,
    10**40,
    1.5,
    "",
    "\x00",
    "\ud800",
    "x" * 5000,
    "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00:00+23:59",
    "2026-13-45",
    [None],
    {"$ne": 1},
]


@pytest.fixture
def owner(member: User) -> dict[str, str]:
    make_complete_review(member)
    make_user(email="rae@example.com", name="Rae Reviewer")
    db.session.commit()
    return bearer(member)


def _answer(client: FlaskClient, method: str, path: str, headers: dict, data: bytes, ctype: str):
    response = client.open(path, method=method, headers=headers, data=data, content_type=ctype)
    assert response.status_code < 500, (method, path, data[:80], response.status_code)
    if response.status_code >= 400:
        assert response.mimetype == PROBLEM, (method, path, data[:80])
        assert response.get_json(force=True)["status"] == response.status_code
    return response


@pytest.mark.parametrize(("method", "path", "valid"), WRITES, ids=[w[1] for w in WRITES])
def test_junk_bodies_are_4xx_problems(
    client: FlaskClient, owner: dict[str, str], method: str, path: str, valid: dict
) -> None:
    for raw in RAW_BODIES:
        response = _answer(client, method, path, owner, raw, "application/json")
        assert 400 <= response.status_code < 500, raw[:80]
    for ctype in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        response = _answer(client, method, path, owner, json.dumps(valid).encode(), ctype)
        assert response.status_code == 415


@pytest.mark.parametrize(("method", "path", "valid"), WRITES, ids=[w[1] for w in WRITES])
def test_wrong_values_in_any_field_never_crash(
    client: FlaskClient, owner: dict[str, str], method: str, path: str, valid: dict
) -> None:
    for key in [*valid, "unexpected"]:
        for value in JUNK:
            body = json.dumps({**valid, key: value}).encode()
            _answer(client, method, path, owner, body, "application/json")


def test_odd_refs_and_queries_are_404_or_422(client: FlaskClient, owner: dict[str, str]) -> None:
    for ref in ("%00", "INC-" + "9" * 500, "%F0%9F%92%A5", "..%2F..%2Fetc", "inc-0001%00"):
        response = _answer(client, "GET", f"/api/v1/incidents/{ref}", owner, b"", "")
        assert response.status_code == 404, ref
    for query in ("service=%00", "team=%00", "page=99999999999999999999", "per_page=-1"):
        response = _answer(client, "GET", f"/api/v1/incidents?{query}", owner, b"", "")
        assert response.status_code in {200, 422}, query
