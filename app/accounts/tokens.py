"""API tokens: create (shown once), authenticate, revoke. Flush, never commit."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select

from app.accounts.models import ApiToken, User
from app.clock import utcnow
from app.errors import NotFound
from app.extensions import db

PREFIX = "hs_"


def _digest(token: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough; nothing to brute-force.
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Make a token for `user`; return the record and the token, which is never stored."""
    token = PREFIX + secrets.token_urlsafe(32)
    record = ApiToken(
        user=user, name=name.strip()[:100], token_hash=_digest(token), prefix=token[:10]
    )
    db.session.add(record)
    db.session.flush()
    return record, token


def authenticate(token: str) -> User | None:
    """Return the active user behind a live token, noting when it was last used."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    record = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if record is None or not record.is_active or not record.user.active:
        return None
    record.last_used_at = utcnow()
    return record.user


def revoke_token(*, actor: User, token_id: int) -> ApiToken:
    """Revoke one of the actor's tokens (admins may revoke anyone's)."""
    record = db.session.get(ApiToken, token_id)
    if record is None or (record.user_id != actor.id and not actor.is_admin):
        raise NotFound("No such token.")
    record.revoked_at = record.revoked_at or utcnow()
    db.session.flush()
    return record


def tokens_of(user: User) -> list[ApiToken]:
    """Return a user's tokens, newest first."""
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())
        )
    )
