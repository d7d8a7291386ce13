"""Signed links: one-click unsubscribe, and the personal feed link (revocable by its key)."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer


def _serializer(salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt)


def unsubscribe_token(email: str) -> str:
    """Return a token that unsubscribes `email`; it never expires, as unsubscribe links must not."""
    return _serializer("digest-unsubscribe").dumps({"e": email.lower()})


def email_of(token: str) -> str | None:
    """Return the address an unsubscribe token was made for, or None if it is not genuine."""
    try:
        data = _serializer("digest-unsubscribe").loads(token)
    except BadSignature:
        return None
    return data.get("e") if isinstance(data, dict) else None


def feed_token(user_id: int, key: str) -> str:
    """Return the token in a member's feed link; rotating `key` revokes it."""
    return _serializer("digest-feed").dumps({"u": user_id, "k": key})


def feed_claim(token: str) -> tuple[int, str] | None:
    """Return (user id, key) from a feed token, or None if it is not genuine."""
    try:
        data = _serializer("digest-feed").loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    return data["u"], str(data.get("k", ""))
