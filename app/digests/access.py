"""Who is asking for a download or a feed: a session, a bearer API token, or a feed link."""

from __future__ import annotations

import logging

from flask import request
from flask_login import current_user
from sqlalchemy.exc import OperationalError

from app.accounts import tokens
from app.accounts.models import User
from app.digests import services
from app.digests import tokens as signed
from app.extensions import db

log = logging.getLogger(__name__)


def bearer_user() -> User | None:
    """Return the user behind `Authorization: Bearer <API token>`, if any."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    user = tokens.authenticate(token.strip())
    try:
        db.session.commit()  # keep the token's last_used_at, as the API does
    except OperationalError:
        db.session.rollback()
        log.warning("could not record when an API token was last used", exc_info=True)
    return user


def feed_user(token: str) -> User | None:
    """Return the member whose live feed link carries `token`."""
    claim = signed.feed_claim(token)
    if claim is None:
        return None
    user = db.session.get(User, claim[0])
    if user is None or not user.active:
        return None
    key = services.feed_key(user)
    return user if key is not None and key.key == claim[1] else None


def downloader(*, feed: bool = False) -> User | None:
    """Return who may download: the signed-in user, a bearer token, or (feeds) a feed link."""
    if current_user.is_authenticated:
        return current_user._get_current_object()
    if feed and request.args.get("token"):
        return feed_user(request.args["token"])
    return bearer_user()
