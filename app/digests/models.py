"""A digest per ISO week, its deliveries, and who wants it."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.database import created_at, enum_column, intpk
from app.extensions import db


class Digest(db.Model):
    """One ISO week's digest; created when it is first sent."""

    __tablename__ = "digests"

    id: Mapped[intpk]
    week: Mapped[str] = mapped_column(String(8), unique=True)  # "2026-W49"
    created_at: Mapped[created_at]
    completed_at: Mapped[dt.datetime | None]


class DeliveryState(enum.Enum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a run; older than the claim timeout means that run died
    SENT = "sent"
    FAILED = "failed"


class Delivery(db.Model):
    """The digest's journey to one address: claimed, sent at most once, or failed and retried."""

    __tablename__ = "digest_deliveries"
    __table_args__ = (UniqueConstraint("digest_id", "email"),)

    id: Mapped[intpk]
    digest_id: Mapped[int] = mapped_column(ForeignKey("digests.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254))  # lower case
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    state: Mapped[DeliveryState] = mapped_column(
        enum_column(DeliveryState), default=DeliveryState.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_at: Mapped[dt.datetime | None]
    sent_at: Mapped[dt.datetime | None]
    message_id: Mapped[str | None] = mapped_column(String(250))
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[created_at]

    digest: Mapped[Digest] = relationship()


class Subscription(db.Model):
    """A member who asked for the weekly digest by email (off until they ask)."""

    __tablename__ = "digest_subscriptions"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[created_at]

    user: Mapped[User] = relationship()


class DefaultRecipient(db.Model):
    """An address an admin added to every digest, member or not."""

    __tablename__ = "digest_recipients"

    id: Mapped[intpk]
    email: Mapped[str] = mapped_column(String(254), unique=True)  # lower case
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[created_at]


class OptOut(db.Model):
    """An address that used the unsubscribe link: configured lists no longer reach it."""

    __tablename__ = "digest_opt_outs"

    id: Mapped[intpk]
    email: Mapped[str] = mapped_column(String(254), unique=True)  # lower case
    created_at: Mapped[created_at]


class FeedKey(db.Model):
    """The secret part of a member's personal feed link; deleting it revokes the link."""

    __tablename__ = "digest_feed_keys"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[created_at]


class Nomination(db.Model):
    """A peer's vote for a published review as the review of the week."""

    __tablename__ = "digest_nominations"
    __table_args__ = (UniqueConstraint("incident_id", "user_id"),)

    id: Mapped[intpk]
    # The unique (incident_id, user_id) constraint also serves lookups by incident.
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[created_at]
