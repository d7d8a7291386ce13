"""Who is signed in: the session loader and the rule that everything needs a sign-in."""

from __future__ import annotations

from functools import wraps
from typing import Any

from flask import Flask, abort, redirect, request, url_for
from flask_login import current_user

from app.accounts.models import User
from app.extensions import db, login_manager

# Endpoints anyone may reach without signing in.
PUBLIC_ENDPOINTS = {"accounts.login", "health.healthz", "static"}
# Single sign-on: the hop to the identity provider and the way back (app/accounts/sso.py).
PUBLIC_ENDPOINTS |= {"sso.login", "sso.callback"}
# Downloads for scripts and feed readers: the views accept a session, a bearer token or a
# signed link themselves. One-click unsubscribe is a signed link that must work signed out.
SELF_AUTHENTICATING = {"digests.pdf", "digests.feed", "digest_members.unsubscribe"}
# Review exports (/incidents/<ref>.pdf, .md, .json): a session or a bearer token, checked in
# app/exports/access.py, which sends anyone else to sign in.
SELF_AUTHENTICATING |= {"exports.pdf", "exports.markdown", "exports.json"}


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Find the user for a session id of the form `<id>:<nonce>`."""
    user_id, _, nonce = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_nonce != nonce:
        return None
    return user


def register(app: Flask) -> None:
    """Send anyone who is not signed in to the sign-in page, whatever they asked for."""
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"

    @app.before_request
    def _require_login() -> Any:
        if request.endpoint in PUBLIC_ENDPOINTS | SELF_AUTHENTICATING:
            return None
        if current_user.is_authenticated:
            return None
        if request.path.startswith("/api/"):  # the API authenticates with its own tokens
            return None
        if request.path.startswith("/hooks/"):  # webhooks prove themselves with signatures
            return None
        if request.endpoint is None:  # unknown URL: answer 404 only after sign-in
            return redirect(url_for("accounts.login"))
        return login_manager.unauthorized()


def admin_required(view: Any) -> Any:
    """Allow a view only for admins; everyone else gets a 403 page."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated or not current_user.is_admin:
            abort(403, "Only admins can manage this.")
        return view(*args, **kwargs)

    return wrapper
