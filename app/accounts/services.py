"""Writes to accounts. Services flush, never commit; the caller commits once."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from app import clock
from app.accounts import passwords
from app.accounts.models import Role, User, new_session_nonce
from app.accounts.queries import user_by_email
from app.audit.services import record
from app.errors import InvalidInput
from app.extensions import db


def normalise_email(email: str) -> str:
    """Return the canonical form of an address, or raise InvalidInput."""
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise InvalidInput(str(exc), {"email": str(exc)}) from exc


def create_user(
    *,
    email: str,
    name: str,
    password: str | None,
    admin: bool = False,
    timezone: str = "UTC",
) -> User:
    """Create an account; a None password makes one that cannot sign in locally (SSO, demo)."""
    address = normalise_email(email)
    if user_by_email(address) is not None:
        raise InvalidInput(f"{address} already has an account.", {"email": "Already registered."})
    if not name.strip():
        raise InvalidInput("A name is required.", {"name": "Say what people call you."})
    if not clock.is_valid_zone(timezone):
        raise InvalidInput(f"Unknown time zone {timezone!r}.", {"timezone": "Unknown zone."})
    password_hash = None
    if password is not None:
        if problem := passwords.password_problem(password, email=address, name=name):
            raise InvalidInput(problem, {"password": problem})
        password_hash = passwords.hash_password(password)
    user = User(
        email=address,
        name=name.strip(),
        password_hash=password_hash,
        role=Role.ADMIN if admin else Role.MEMBER,
        timezone=timezone,
    )
    db.session.add(user)
    db.session.flush()
    record("account.created", actor=None, email=address, role=user.role.value)
    return user


def authenticate(*, email: str, password: str, ip: str | None = None) -> User | None:
    """Return the active user with this email and password, or None; audit the attempt."""
    address = email.strip().lower()
    user = user_by_email(address)
    ok = passwords.verify_password(user.password_hash if user else None, password)
    if ok and user is not None and user.active:
        record("account.signed_in", actor=user, ip=ip)
        return user
    # Never the password: only whose account was tried, from where, and why it failed.
    reason = "unknown account" if user is None else "wrong password" if not ok else "deactivated"
    record("account.sign_in_failed", actor=None, email=address, ip=ip, reason=reason)
    return None


def update_profile(*, actor: User, name: str, timezone: str) -> User:
    """Change the actor's display name and time zone."""
    if not clock.is_valid_zone(timezone):
        raise InvalidInput(f"Unknown time zone {timezone!r}.", {"timezone": "Unknown zone."})
    actor.name = name.strip() or actor.name
    actor.timezone = timezone
    db.session.flush()
    return actor


def change_password(*, actor: User, current: str, new: str) -> User:
    """Set a new password and sign the actor out of every other session."""
    if not passwords.verify_password(actor.password_hash, current):
        raise InvalidInput("The current password is not right.", {"current": "Not right."})
    if problem := passwords.password_problem(new, email=actor.email, name=actor.name):
        raise InvalidInput(problem, {"new": problem})
    actor.password_hash = passwords.hash_password(new)
    actor.session_nonce = new_session_nonce()
    db.session.flush()
    record("account.password_changed", actor=actor)
    return actor
