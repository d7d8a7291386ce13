"""Bearer tokens: who is calling the API."""

from __future__ import annotations

import logging

from flask import Response, g, request
from sqlalchemy.exc import OperationalError

from app.accounts import tokens
from app.accounts.models import User
from app.api.problems import problem
from app.errors import NotFound
from app.extensions import db
from app.incidents import queries
from app.incidents.models import Incident

log = logging.getLogger(__name__)

REF_MAX = 32  # the column's width; longer is certainly unknown


def require_token() -> Response | None:
    """Find the caller from `Authorization: Bearer <token>`, or answer 401."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return _unauthorized(
            "Send an API token as 'Authorization: Bearer <token>'; "
            "`flask tokens create EMAIL` makes one."
        )
    user = tokens.authenticate(token)
    if user is None:
        db.session.rollback()
        return _unauthorized(
            "This token is not valid: it is unknown, revoked or expired.", error="invalid_token"
        )
    try:
        db.session.commit()  # keep last_used_at, whatever the request does next
    except OperationalError:
        # Bookkeeping only: a busy SQLite must not turn a good token into a failed request.
        db.session.rollback()
        log.warning("could not record when an API token was last used", exc_info=True)
    g.api_user = user
    return None


def actor() -> User:
    """Return the user whose token authenticated this request."""
    return g.api_user


def visible_incident(ref: str) -> Incident:
    """Return the incident `ref` if the caller may see it; otherwise 404, as if absent."""
    if len(ref) > REF_MAX or "\x00" in ref:
        raise NotFound(f"No incident {ref[:REF_MAX]}.")
    return queries.get_visible(actor(), ref)


def _unauthorized(detail: str, *, error: str | None = None) -> Response:
    challenge = f'Bearer error="{error}"' if error else "Bearer"
    return problem(
        401,
        detail,
        slug="unauthorized",
        title="Unauthorized",
        headers=[("WWW-Authenticate", challenge)],
    )
