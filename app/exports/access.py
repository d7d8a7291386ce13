"""Who is downloading: someone signed in, or a script sending a bearer token.

The export addresses are exempt from the app-wide sign-in redirect (app/accounts/auth.py)
so that scripts can reach them with a token; this is where they are protected instead.
"""

from __future__ import annotations

from flask import Response, request
from flask_login import current_user

from app.accounts import tokens
from app.accounts.models import User
from app.api.problems import problem
from app.extensions import db, login_manager


def downloader() -> User | Response:
    """Return the user asking, or the answer for a caller who is not signed in."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        user = tokens.authenticate(token.strip())
        if user is None:
            db.session.rollback()
            return _unauthorized(
                "This token is not valid: it is unknown, revoked or expired.", "invalid_token"
            )
        return user
    if current_user.is_authenticated:
        return current_user._get_current_object()
    if "Authorization" in request.headers:  # a script with some other scheme, not a browser
        return _unauthorized("Send an API token as 'Authorization: Bearer <token>'.")
    return login_manager.unauthorized()  # a browser: off to the sign-in page, and back


def _unauthorized(detail: str, error: str | None = None) -> Response:
    challenge = f'Bearer error="{error}"' if error else "Bearer"
    return problem(
        401,
        detail,
        slug="unauthorized",
        title="Unauthorized",
        headers=[("WWW-Authenticate", challenge)],
    )
