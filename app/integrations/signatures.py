"""How each source proves a delivery is genuine: HMACs of the body, or the secret itself.

Every comparison is constant-time (`hmac.compare_digest`) over bytes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Callable, Mapping

from app.integrations.enums import Source

Headers = Mapping[str, str]
Signer = Callable[[bytes, Headers, str], bool]
MAX_HEADER = 4096


def hmac_hex(secret: str, message: bytes) -> str:
    """Return the hex HMAC-SHA256 of `message` under `secret`."""
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def same(expected: str, given: str) -> bool:
    """Compare two signatures in constant time; case-insensitive hex, any header bytes."""
    given_bytes = given.strip().lower().encode("utf-8", "replace")
    return hmac.compare_digest(expected.encode(), given_bytes)


def github(body: bytes, headers: Headers, secret: str) -> bool:
    """Check `X-Hub-Signature-256: sha256=<hex>`."""
    scheme, _, signature = headers.get("X-Hub-Signature-256", "").partition("=")
    return scheme.strip() == "sha256" and same(hmac_hex(secret, body), signature)


def grafana(body: bytes, headers: Headers, secret: str) -> bool:
    """Check `X-Grafana-Alerting-Signature`: hex HMAC of the body, or of `timestamp:body`."""
    signature = headers.get("X-Grafana-Alerting-Signature", "")
    timestamp = headers.get("X-Grafana-Alerting-Timestamp", "")
    if timestamp:
        signed = timestamp.encode("utf-8", "replace") + b":" + body
        if same(hmac_hex(secret, signed), signature):
            return True
    return same(hmac_hex(secret, body), signature)


def sentry(body: bytes, headers: Headers, secret: str) -> bool:
    """Check `Sentry-Hook-Signature`: hex HMAC of the body with the client secret."""
    return same(hmac_hex(secret, body), headers.get("Sentry-Hook-Signature", ""))


def pagerduty(body: bytes, headers: Headers, secret: str) -> bool:
    """Check `X-PagerDuty-Signature: v1=<hex>[,v1=<hex>...]`; any one may match (rotation)."""
    expected = hmac_hex(secret, body)
    matched = False
    for part in headers.get("X-PagerDuty-Signature", "").split(",")[:16]:
        version, _, signature = part.strip().partition("=")
        # No early exit: the time taken does not depend on which signature matched.
        matched |= version == "v1" and same(expected, signature)
    return matched


SIGNERS: dict[Source, tuple[str, Signer]] = {
    Source.GITHUB: ("X-Hub-Signature-256", github),
    Source.GRAFANA: ("X-Grafana-Alerting-Signature", grafana),
    Source.SENTRY: ("Sentry-Hook-Signature", sentry),
    Source.PAGERDUTY: ("X-PagerDuty-Signature", pagerduty),
}


def presented_secret(headers: Headers) -> str | None:
    """Return the secret from `Authorization: Bearer <secret>` or basic auth's password."""
    scheme, _, value = headers.get("Authorization", "").strip().partition(" ")
    value = value.strip()
    if not value or len(value) > MAX_HEADER:
        return None
    if scheme.lower() == "bearer":
        return value
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return None
        _, colon, password = decoded.partition(":")
        return password if colon and password else None
    return None
