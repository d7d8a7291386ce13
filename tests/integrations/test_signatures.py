"""Each source's proof of authenticity, checked against official vectors, in constant time."""

from __future__ import annotations

import base64
import hmac
import json

import pytest

from app.integrations import credentials, signatures
from app.integrations.signatures import hmac_hex, presented_secret
from tests.integrations.senders import shared


def test_github_signature_matches_githubs_own_test_vector() -> None:
    vector = json.loads(shared("github/github-signature-testvector.json"))
    body = vector["payload"].encode()
    assert hmac_hex(vector["secret"], body) == vector["signature_hex"]
    headers = {vector["header"]: vector["header_value"]}
    assert signatures.github(body, headers, vector["secret"])
    assert not signatures.github(body + b" ", headers, vector["secret"])
    assert not signatures.github(body, headers, vector["secret"] + "!")
    assert not signatures.github(
        body, {vector["header"]: vector["signature_hex"]}, vector["secret"]
    )


def test_pagerduty_accepts_any_of_several_signatures_during_rotation() -> None:
    body = b'{"event": {}}'
    old, new = hmac_hex("old-secret", body), hmac_hex("new-secret", body)
    rotating = {"X-PagerDuty-Signature": f"v1={old},v1={new}"}
    assert signatures.pagerduty(body, rotating, "old-secret")
    assert signatures.pagerduty(body, rotating, "new-secret")
    assert not signatures.pagerduty(body, rotating, "other-secret")
    assert not signatures.pagerduty(body, {"X-PagerDuty-Signature": new}, "new-secret")
    assert not signatures.pagerduty(body, {"X-PagerDuty-Signature": f"v2={new}"}, "new-secret")


def test_grafana_signs_the_body_or_timestamp_colon_body() -> None:
    body = b'{"alerts": []}'
    plain = {"X-Grafana-Alerting-Signature": hmac_hex("g-secret", body)}
    assert signatures.grafana(body, plain, "g-secret")
    stamped = {
        "X-Grafana-Alerting-Signature": hmac_hex("g-secret", b"1764000000:" + body),
        "X-Grafana-Alerting-Timestamp": "1764000000",
    }
    assert signatures.grafana(body, stamped, "g-secret")
    assert not signatures.grafana(
        body, {**stamped, "X-Grafana-Alerting-Timestamp": "1"}, "g-secret"
    )


def test_sentry_signs_the_body_with_the_client_secret() -> None:
    body = b'{"action": "created"}'
    assert signatures.sentry(
        body, {"Sentry-Hook-Signature": hmac_hex("c-secret", body)}, "c-secret"
    )
    assert not signatures.sentry(body, {"Sentry-Hook-Signature": "00" * 32}, "c-secret")


def test_every_comparison_goes_through_compare_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(signatures.hmac, "compare_digest", spy)
    monkeypatch.setattr(credentials.hmac, "compare_digest", spy)
    body = b"{}"
    signatures.github(body, {"X-Hub-Signature-256": "sha256=" + hmac_hex("s", body)}, "s")
    signatures.pagerduty(body, {"X-PagerDuty-Signature": "v1=aa,v1=bb"}, "s")
    signatures.grafana(body, {"X-Grafana-Alerting-Signature": "aa"}, "s")
    signatures.sentry(body, {"Sentry-Hook-Signature": "aa"}, "s")
    credentials.matches("s", credentials.hash_secret("s"))
    assert len(calls) == 6
    assert all(isinstance(a, bytes) and isinstance(b, bytes) for a, b in calls)


def test_non_ascii_signature_headers_are_simply_wrong() -> None:
    assert not signatures.sentry(b"{}", {"Sentry-Hook-Signature": "é" * 64}, "s")
    assert not signatures.pagerduty(b"{}", {"X-PagerDuty-Signature": "v1=\u00ff"}, "s")


@pytest.mark.parametrize(
    ("authorization", "secret"),
    [
        ("Bearer abc", "abc"),
        ("bearer   abc  ", "abc"),
        ("Basic " + base64.b64encode(b"am:pw-123").decode(), "pw-123"),
        ("Basic " + base64.b64encode(b"pw-only").decode(), None),
        ("Basic " + base64.b64encode(b"am:").decode(), None),
        ("Basic not-base64!", None),
        ("Basic " + base64.b64encode(b"\xff:\xfe").decode(), None),
        ("Digest abc", None),
        ("", None),
    ],
)
def test_the_secret_is_read_from_bearer_or_basic_auth(
    authorization: str, secret: str | None
) -> None:
    assert presented_secret({"Authorization": authorization}) == secret


def test_bearer_secrets_are_stored_salted_and_hashed() -> None:
    one, two = credentials.hash_secret("same"), credentials.hash_secret("same")
    assert one != two
    assert "same" not in one
    assert credentials.matches("same", one)
    assert credentials.matches("same", two)
    assert not credentials.matches("other", one)
    assert not credentials.matches("same", None)
    assert not credentials.matches("same", "md5$x$y")
