"""Sign in, sign out, and one's own profile."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from app.accounts import services
from app.accounts.forms import LoginForm, PasswordForm, ProfileForm
from app.errors import InvalidInput
from app.extensions import db

bp = Blueprint("accounts", __name__)


def _safe_next(target: str | None) -> str:
    """Follow `next` only within this site."""
    if target and target.startswith("/") and not urlsplit(target).netloc and "\\" not in target:
        return target
    return url_for("incidents.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("incidents.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(email=form.email.data, password=form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("That email and password do not match an account.")
    return render_template("accounts/login.html", form=form)


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
