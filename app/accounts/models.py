"""User accounts."""

from __future__ import annotations

import enum
import secrets

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.database import created_at, enum_column, intpk, str200
from app.extensions import db


class Role(enum.Enum):
    MEMBER = "member"
    ADMIN = "admin"


def new_session_nonce() -> str:
    """Return a fresh random value; changing it signs the user out everywhere."""
    return secrets.token_urlsafe(16)


class User(UserMixin, db.Model):
    """Someone who can sign in: a member, or an admin who also manages lists and users."""

    __tablename__ = "users"

    id: Mapped[intpk]
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    name: Mapped[str200]
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.MEMBER)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    active: Mapped[bool] = mapped_column(default=True)
    session_nonce: Mapped[str] = mapped_column(String(32), default=new_session_nonce)
    created_at: Mapped[created_at]

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return self.active

    def get_id(self) -> str:
        # The nonce is part of the session id, so rotating it ends every session.
        return f"{self.id}:{self.session_nonce}"

    def __repr__(self) -> str:
        return f"<User {self.email}>"
