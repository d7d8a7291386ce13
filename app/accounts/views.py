"""Sign in, sign out, and one's own profile."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_limiter import RateLimitExceeded
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from app import clock
from app.accounts import services, tokens
from app.accounts.forms import LoginForm, PasswordForm, ProfileForm
from app.accounts.models import ApiToken
from app.api.forms import TokenForm
from app.errors import InvalidInput
from app.extensions import db, limiter

bp = Blueprint("accounts", __name__)
TOO_MANY_ATTEMPTS = "Too many sign-in attempts. Try again in a minute."


def _safe_next(target: str | None) -> str:
    """Follow `next` only within this site."""
    if target and target.startswith("/") and not urlsplit(target).netloc and "\\" not in target:
        return target
    return url_for("incidents.index")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]  # empty: no limit


def _attempted_account() -> str:
    return "account:" + request.form.get("email", "").strip().lower()


def _failed(response: Response) -> bool:
    return response.status_code != 302  # a successful sign-in redirects; it does not count


# Failed sign-ins are counted per client address and, so that many addresses cannot guess
# at one account, per account email (see LOGIN_RATE_LIMIT).
_per_address = limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed)
_per_account = limiter.limit(
    _login_limit, key_func=_attempted_account, methods=["POST"], deduct_when=_failed
)


@bp.route("/login", methods=["GET", "POST"])
@_per_address
@_per_account
def login():
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("incidents.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(
            email=form.email.data, password=form.password.data, ip=request.remote_addr
        )
        db.session.commit()  # the attempt's audit entry, whichever way it went
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("That email and password do not match an account.")
    return render_template("accounts/login.html", form=form)


@bp.errorhandler(RateLimitExceeded)
def too_many_attempts(error: RateLimitExceeded):
    """Refuse a sign-in past the limit, keeping the email that was typed."""
    form = LoginForm()
    form.password.errors = [TOO_MANY_ATTEMPTS]
    return render_template("accounts/login.html", form=form), 429


@bp.post("/logout")
def logout():
    """Sign out of this browser."""
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("accounts.login"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    """Show and change the signed-in person's name and time zone."""
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        services.update_profile(
            actor=current_user, name=form.name.data, timezone=form.timezone.data
        )
        db.session.commit()
        flash("Profile saved.", "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form, password_form=PasswordForm())


@bp.post("/profile/password")
@login_required
def change_password():
    """Change the signed-in person's password and end their other sessions."""
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            user = services.change_password(
                actor=current_user, current=form.current.data, new=form.new.data
            )
        except InvalidInput as error:
            for field, message in error.errors.items():
                getattr(form, field).errors.append(message)
        else:
            db.session.commit()
            login_user(user)  # this session carries on; the others end
            flash("Password changed. Other sessions have been signed out.", "success")
            return redirect(url_for("accounts.profile"))
    return render_template(
        "accounts/profile.html", form=ProfileForm(obj=current_user), password_form=form
    ), 422


@bp.app_template_global()
def api_tokens() -> list[ApiToken]:
    """Return the signed-in person's API tokens, newest first, for the profile page."""
    return tokens.tokens_of(current_user)


@bp.app_template_global()
def api_token_form() -> TokenForm:
    """Return an empty form for a new API token."""
    return TokenForm(formdata=None)


@bp.post("/profile/tokens")
@login_required
def create_token():
    """Make an API token for the signed-in person and show it, this once."""
    form = TokenForm()
    if form.validate_on_submit():
        expires_at = None
        if form.expires.data:  # the end of that day on the person's own clock
            day_after = dt.datetime.combine(form.expires.data + dt.timedelta(days=1), dt.time())
            expires_at = clock.from_local(day_after, current_user.timezone)
        try:
            _, token = tokens.create_token(
                user=current_user,
                name=form.name.data or "",
                expires_at=expires_at,
                actor=current_user,
            )
        except InvalidInput as error:
            form.expires.errors = [error.message]
        else:
            db.session.commit()
            return _profile_page(new_token=token)
    return _profile_page(token_form=form), 422


@bp.post("/profile/tokens/<int(max=2147483647):token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    """Revoke one of the signed-in person's API tokens; it stops working at once."""
    if TokenForm().validate_on_submit():
        found = tokens.revoke_token(actor=current_user, token_id=token_id)
        db.session.commit()
        flash(
            f"Token {found.name or found.prefix} revoked: scripts using it now get 401.", "success"
        )
    return redirect(url_for("accounts.profile", _anchor="api-tokens"))


def _profile_page(**context):
    # The token shown once is rendered straight into this answer, never put in the session.
    return render_template(
        "accounts/profile.html",
        form=ProfileForm(obj=current_user),
        password_form=PasswordForm(),
        **context,
    )
