"""Single sign-on with OpenID Connect: the provider's button, its way back, first-login accounts.

Configured by the OIDC_* settings (app/config.py). Authlib speaks the protocol: discovery,
state, nonce, PKCE, the code exchange, the ID token's signature and claims. This module
decides who that person is here: the account already linked to the provider's subject, else
the local account with the same verified email (linked now), else a new member. Local
accounts keep signing in with their passwords alongside.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping
from typing import Any

from authlib.integrations.flask_client import FlaskOAuth2App, OAuth, OAuthError
from flask import Blueprint, abort, current_app, flash, redirect, request, session, url_for
from flask.blueprints import BlueprintSetupState
from flask_login import current_user, login_user
from joserfc.errors import JoseError
from requests import RequestException
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from app import clock
from app.accounts.models import Role, User
from app.accounts.queries import user_by_email
from app.accounts.services import create_user, normalise_email
from app.accounts.views import _safe_next
from app.audit.services import record
from app.errors import InvalidInput
from app.extensions import db

bp = Blueprint("sso", __name__)
log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10  # a stalled provider must not hold a worker for long
NEXT = "sso_next"
# What can go wrong talking to the provider: unreachable, odd answers, refusals, bad tokens.
PROVIDER_ERRORS = (RequestException, ValueError, RuntimeError, OAuthError, JoseError)


class SsoRefused(Exception):
    """The provider's answer cannot sign anyone in here; the message says why, in plain words."""

    def __init__(self, message: str, *, reason: str, email: str | None = None) -> None:
        super().__init__(message)
        self.message, self.reason, self.email = message, reason, email


@bp.record_once
def _set_up(state: BlueprintSetupState) -> None:
    OAuth(state.app)  # the registry lives in app.extensions, beside the other extensions'


@bp.app_context_processor
def _button() -> dict[str, str | None]:
    return {"sso_label": current_app.config["OIDC_BUTTON_LABEL"] if enabled() else None}


def enabled() -> bool:
    """Say whether single sign-on is configured."""
    return bool(current_app.config["OIDC_ISSUER"] and current_app.config["OIDC_CLIENT_ID"])


def _client() -> FlaskOAuth2App:
    """Return the Authlib client for the configured provider, one per distinct configuration."""
    config = current_app.config
    settings = {
        "client_id": config["OIDC_CLIENT_ID"],
        "client_secret": config["OIDC_CLIENT_SECRET"],
        "server_metadata_url": config["OIDC_ISSUER"].rstrip("/")
        + "/.well-known/openid-configuration",
        "client_kwargs": {
            "scope": config["OIDC_SCOPES"],
            "code_challenge_method": "S256",
            "default_timeout": TIMEOUT_SECONDS,
        },
    }
    name = "oidc_" + hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:16]
    oauth: OAuth = current_app.extensions["authlib.integrations.flask_client"]
    client = oauth.create_client(name) or oauth.register(name, **settings)
    # OpenID Connect Discovery 1.0, section 4.3: the document must name the issuer we asked.
    issuer = str(client.load_server_metadata().get("issuer", ""))
    if issuer.rstrip("/") != config["OIDC_ISSUER"].rstrip("/"):
        raise RuntimeError(f"discovery names issuer {issuer!r}, not {config['OIDC_ISSUER']!r}")
    return client


@bp.get("/login/sso")
def login() -> Response:
    """Send the browser to the identity provider to sign in."""
    if not enabled():
        abort(404)
    if current_user.is_authenticated:
        return redirect(url_for("incidents.index"))
    if wanted := request.args.get("next"):
        session[NEXT] = _safe_next(wanted)
    try:
        return _client().authorize_redirect(url_for("sso.callback", _external=True))
    except PROVIDER_ERRORS as error:
        log.warning("single sign-on could not start: %r", error)
        return _back_to_login(f"{_label()} cannot be reached right now. Try again in a moment.")


@bp.get("/login/sso/callback")
def callback() -> Response:
    """Sign in the person the identity provider vouches for, creating their account if new."""
    if not enabled():
        abort(404)
    try:
        claims = _verified_claims()
        user = sign_in(
            issuer=claims["iss"],
            claims=claims,
            admin_groups=_admin_groups(),
            ip=request.remote_addr,
        )
        db.session.commit()
    except SsoRefused as refusal:
        return _refused(refusal)
    except IntegrityError:  # the same person finishing two first sign-ins at once
        db.session.rollback()
        return _back_to_login("That sign-in clashed with another one. Please try again.")
    login_user(user)
    return redirect(_safe_next(session.pop(NEXT, None)))


def _verified_claims() -> dict[str, Any]:
    """Finish the code exchange and return the signed-in person's claims, checked."""
    try:
        client = _client()
        token = client.authorize_access_token()
        claims = dict(token.get("userinfo") or {})  # from the ID token Authlib verified
        if not claims.get("sub") or not claims.get("iss"):
            raise SsoRefused(f"{_label()} sent no identity token.", reason="no id token")
        if client.load_server_metadata().get("userinfo_endpoint"):
            extra = client.userinfo(token=token)
            if extra.get("sub") != claims["sub"]:  # OIDC Core 5.3.2: must be the same person
                raise SsoRefused(f"{_label()} sent mismatched claims.", reason="sub mismatch")
            claims |= {k: v for k, v in extra.items() if k not in {"iss", "sub", "aud"}}
    except OAuthError as error:
        log.info("single sign-on refused: %s %s", error.error, error.description)
        raise SsoRefused(_oauth_message(error), reason=error.error or "oauth error") from error
    except PROVIDER_ERRORS as error:
        log.warning("single sign-on failed: %r", error)
        raise SsoRefused(
            f"{_label()} could not confirm who you are right now. Try again in a moment.",
            reason="provider error",
        ) from error
    return claims


def _oauth_message(error: OAuthError) -> str:
    if error.error == "mismatching_state":
        return (
            "That sign-in link has expired or was started in another browser. "
            "Please start again from this page."
        )
    if error.error == "access_denied":
        return f"Signing in with {_label()} was cancelled."
    return f"{_label()} did not let you sign in. Try again, or ask an admin."


def sign_in(
    *, issuer: str, claims: Mapping[str, Any], admin_groups: frozenset[str], ip: str | None
) -> User:
    """Return the account for this provider identity, linking or creating it on first sign-in."""
    subject = str(claims["sub"])
    if len(subject) > 255 or len(issuer) > 255:  # OIDC Core 2: at most 255 ASCII characters
        raise SsoRefused(f"{_label()} sent an identity Hindsight cannot store.", reason="too long")
    user = db.session.scalar(
        select(User).where(User.sso_issuer == issuer, User.sso_subject == subject)
    )
    if user is None:
        user = _first_sign_in(issuer=issuer, subject=subject, claims=claims, admins=admin_groups)
    if not user.active:
        raise SsoRefused(
            "This account is deactivated. Ask an admin if you need access.",
            reason="deactivated",
            email=user.email,
        )
    if admin_groups:
        _follow_groups(user, claims, admin_groups)
    record("account.signed_in", actor=user, ip=ip, via="sso")
    return user


def _first_sign_in(
    *, issuer: str, subject: str, claims: Mapping[str, Any], admins: frozenset[str]
) -> User:
    """Link the local account with this verified email, or create one; audit either way."""
    email = str(claims.get("email") or "")
    if not email:
        raise SsoRefused(f"{_label()} did not share your email address.", reason="no email")
    if claims.get("email_verified") not in (True, "true"):
        raise SsoRefused(
            f"{_label()} has not verified your email address, so Hindsight cannot match it "
            "to an account. Verify it there, then try again.",
            reason="email not verified",
            email=email,
        )
    try:
        address = normalise_email(email)
    except InvalidInput as error:
        raise SsoRefused(error.message, reason="invalid email", email=email) from error
    user = user_by_email(address)
    provisioned = user is None
    if user is None:
        user = create_user(
            email=address,
            name=_display_name(claims, address),
            password=None,  # signs in through the provider only
            admin=bool(admins & _groups(claims)),
            timezone=_zone(claims),
        )
    elif user.sso_subject is not None:
        raise SsoRefused(
            "The account with this email is linked to another single sign-on identity. "
            "Ask an admin to sort it out.",
            reason="linked to another identity",
            email=address,
        )
    user.sso_issuer, user.sso_subject = issuer, subject
    db.session.flush()
    record("account.sso_linked", actor=user, issuer=issuer, subject=subject, new=provisioned)
    return user


def _follow_groups(user: User, claims: Mapping[str, Any], admins: frozenset[str]) -> None:
    """Make the account an admin exactly when the provider puts them in an admin group."""
    role = Role.ADMIN if admins & _groups(claims) else Role.MEMBER
    if user.role is not role:
        user.role = role
        record("account.role_changed", actor=user, role=role.value, via="sso groups")


def _groups(claims: Mapping[str, Any]) -> frozenset[str]:
    groups = claims.get("groups") or []
    return frozenset(str(g) for g in groups) if isinstance(groups, list) else frozenset()


def _display_name(claims: Mapping[str, Any], address: str) -> str:
    given = " ".join(str(claims.get(k) or "").strip() for k in ("given_name", "family_name"))
    for candidate in (claims.get("name"), given, claims.get("preferred_username")):
        if candidate and str(candidate).strip():
            return str(candidate).strip()[:200]
    return address.partition("@")[0]


def _zone(claims: Mapping[str, Any]) -> str:
    zone = str(claims.get("zoneinfo") or "")
    return zone if zone and clock.is_valid_zone(zone) else "UTC"


def _admin_groups() -> frozenset[str]:
    raw = current_app.config["OIDC_ADMIN_GROUPS"]
    return frozenset(g.strip() for g in raw.split(",") if g.strip())


def _label() -> str:
    return current_app.config["OIDC_BUTTON_LABEL"]


def _refused(refusal: SsoRefused) -> Response:
    """Undo whatever the attempt wrote, audit the refusal, and explain it on the login page."""
    db.session.rollback()
    record(
        "account.sign_in_failed",
        actor=None,
        email=refusal.email,
        ip=request.remote_addr,
        reason=refusal.reason,
        via="sso",
    )
    db.session.commit()
    return _back_to_login(refusal.message)


def _back_to_login(message: str) -> Response:
    flash(message, "error")
    return redirect(url_for("accounts.login", next=session.pop(NEXT, None)))
