"""Sign in, sign out, and one's own profile."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_limiter import RateLimitExceeded
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from app.accounts import services
from app.accounts.forms import LoginForm, PasswordForm, ProfileForm
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
