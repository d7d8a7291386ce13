"""Reads about accounts."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db


def user_by_email(email: str) -> User | None:
    """Return the user with this (already normalised) address."""
    return db.session.scalar(select(User).where(User.email == email.lower()))


def active_users() -> list[User]:
    """Return everyone who can be picked as an owner, author or reviewer, by name."""
    return list(db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name)))


def all_users() -> list[User]:
    """Return every account, by name, for the admin list."""
    return list(db.session.scalars(select(User).order_by(User.name)))
