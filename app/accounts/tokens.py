"""API tokens: create (shown once), authenticate, revoke. Flush, never commit."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select

from app.accounts.models import ApiToken, User
from app.audit.services import record
from app.clock import utcnow
from app.errors import InvalidInput, NotFound
from app.extensions import db

PREFIX = "hs_"
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def _digest(token: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough; nothing to brute-force.
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    *,
    user: User,
    name: str = "",
    expires_at: dt.datetime | None = None,
    actor: User | None = None,
) -> tuple[ApiToken, str]:
    """Make a token for `user`; return the record and the token, which is never stored.

    `actor` is who made it (the user themselves on the profile page; None from the CLI).
    """
    if expires_at is not None and expires_at <= utcnow():
        raise InvalidInput("Pick an expiry date in the future.", {"expires": "Already past."})
    token = PREFIX + secrets.token_urlsafe(32)
    found = ApiToken(
        user=user,
        name=name.strip()[:100],
        token_hash=_digest(token),
        prefix=token[:10],
        expires_at=expires_at,
    )
    db.session.add(found)
    db.session.flush()
    record(
        "token.created",
        actor=actor,
        user=user.email,
        token=found.prefix,
        name=found.name or None,
        expires_at=expires_at.isoformat() if expires_at else None,
    )
    return found, token


def authenticate(token: str) -> User | None:
    """Return the active user behind a live token, noting when it was last used."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    record = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if record is None or not record.is_active or not record.user.active:
        return None
    now = utcnow()
    # A minute is precise enough to read, and spares busy clients a write per request.
    if record.last_used_at is None or now - record.last_used_at >= LAST_USED_PRECISION:
        record.last_used_at = now
    return record.user


def revoke_token(*, actor: User | None, token_id: int) -> ApiToken:
    """Revoke one of the actor's tokens (admins may revoke anyone's; None: the CLI may too)."""
    found = db.session.get(ApiToken, token_id)
    if found is None or (actor is not None and found.user_id != actor.id and not actor.is_admin):
        raise NotFound("No such token.")
    if found.revoked_at is None:
        found.revoked_at = utcnow()
        db.session.flush()
        record("token.revoked", actor=actor, user=found.user.email, token=found.prefix)
    return found


def tokens_of(user: User) -> list[ApiToken]:
    """Return a user's tokens, newest first."""
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())
        )
    )
