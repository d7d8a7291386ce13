"""The JSON API, called the way scripts call it: a bearer token and JSON bodies."""

from __future__ import annotations

from typing import Any

from werkzeug.test import TestResponse

from app.accounts.models import User
from app.accounts.tokens import create_token
from app.extensions import db

PROBLEM = "application/problem+json"


def bearer(user: User) -> dict[str, str]:
    """Return headers that authenticate as `user` with a fresh token."""
    _, token = create_token(user=user, name="tests")
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def problem_of(response: TestResponse, status: int) -> dict[str, Any]:
    """Check that `response` is a problem with this status and return its document."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json(force=True)
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    assert body["type"] == "about:blank" or body["type"].startswith("https://hindsight.dev/")
    return body
