"""Deliver webhooks the way each tool does: its body, its headers, its signature."""

from __future__ import annotations

import http.client
import json
import os
import urllib.parse
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app.integrations.signatures import hmac_hex

# The real payloads captured from or published by the tools (read here, never copied):
# ../shared/webhooks next to the repository (or at the workplace's path when the clone is
# elsewhere), or wherever HINDSIGHT_WEBHOOK_SAMPLES says.
_CANDIDATES = [
    Path(__file__).resolve().parents[3] / "shared" / "webhooks",
    Path("/work/shared/webhooks"),
]
SHARED = Path(
    os.environ.get("HINDSIGHT_WEBHOOK_SAMPLES")
    or next((c for c in _CANDIDATES if c.is_dir()), _CANDIDATES[0])
)
SECRET = "hook-secret-for-tests"
JSON = "application/json"


def shared(name: str) -> bytes:
    """Return the bytes of a real payload under ../shared/webhooks."""
    path = SHARED / name
    assert path.is_file(), f"missing shared payload {path}"
    return path.read_bytes()


def auth_headers(source: str, body: bytes, secret: str = SECRET) -> dict[str, str]:
    """Return the headers with which `source` proves a body is genuine."""
    if source == "github":
        return {"X-Hub-Signature-256": "sha256=" + hmac_hex(secret, body)}
    if source == "grafana":
        return {"X-Grafana-Alerting-Signature": hmac_hex(secret, body)}
    if source == "sentry":
        return {"Sentry-Hook-Signature": hmac_hex(secret, body)}
    if source == "pagerduty":
        return {"X-PagerDuty-Signature": "v1=" + hmac_hex(secret, body)}
    return {"Authorization": f"Bearer {secret}"}


def deliver(
    client: FlaskClient,
    source: str,
    payload: Any = None,
    *,
    body: bytes | None = None,
    secret: str = SECRET,
    headers: dict[str, str] | None = None,
    content_type: str = JSON,
) -> TestResponse:
    """POST a signed delivery to /hooks/<source>; `payload` is dumped unless `body` is given."""
    data = body if body is not None else json.dumps(payload).encode()
    sent = {"Content-Type": content_type, **auth_headers(source, data, secret), **(headers or {})}
    return client.post(f"/hooks/{source}", data=data, headers=sent)


def answer(response: TestResponse, status: int) -> dict[str, Any]:
    """Check a delivery's status and return its JSON answer."""
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json(force=True)


def post_over_http(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST `body` to a live server over a real socket; return the status."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("POST", parts.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()
