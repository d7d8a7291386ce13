"""Integration secrets: generate, hash (for bearer and basic auth), and compare in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets

SCHEME = "sha256"


def generate() -> str:
    """Return a new random secret (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    """Return a salted hash of `secret`, for sources that present the secret itself.

    A fast hash is enough for generated secrets, and keeps every delivery cheap to check.
    """
    salt = secrets.token_hex(8)
    return f"{SCHEME}${salt}${_digest(salt, secret)}"


def matches(secret: str, stored: str | None) -> bool:
    """Tell whether `secret` is the one hashed into `stored`, in constant time."""
    scheme, _, rest = (stored or "").partition("$")
    salt, _, digest = rest.partition("$")
    if scheme != SCHEME or not digest:
        return False
    return hmac.compare_digest(_digest(salt, secret).encode(), digest.encode())


def _digest(salt: str, secret: str) -> str:
    return hashlib.sha256(f"{salt}:{secret}".encode("utf-8", "replace")).hexdigest()
