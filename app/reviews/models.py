"""Reviewers, comments and published revisions."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.database import created_at, enum_column, intpk
from app.extensions import db
from app.incidents.models import Incident


class ReviewerState(enum.Enum):
    REQUESTED = "requested"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"

    @property
    def label(self) -> str:
        return {"requested": "Review requested", "approved": "Approved"}.get(
            self.value, "Changes requested"
        )


class Reviewer(db.Model):
    """Someone reviewing a review: asked to, or who stepped in to help."""

    __tablename__ = "reviewers"
    __table_args__ = (UniqueConstraint("incident_id", "user_id"),)

    id: Mapped[intpk]
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    state: Mapped[ReviewerState] = mapped_column(
        enum_column(ReviewerState), default=ReviewerState.REQUESTED
    )
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[created_at]
    decided_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    incident: Mapped[Incident] = relationship()


SECTION_CHOICES = (
    ("general", "The review as a whole"),
    ("summary", "Summary"),
    ("impact", "Impact"),
    ("timeline", "Timeline"),
    ("factors", "Contributing factors"),
    ("actions", "Action items"),
    ("learnings", "Learnings"),
)


class Comment(db.Model):
    """A remark on one section of a review; resolvable once addressed."""

    __tablename__ = "comments"

    id: Mapped[intpk]
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    section: Mapped[str] = mapped_column(String(20), default="general")
    kind: Mapped[str] = mapped_column(String(20), default="comment")
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[created_at]
    resolved_at: Mapped[dt.datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])

    @property
    def section_label(self) -> str:
        return dict(SECTION_CHOICES).get(self.section, self.section)


class Revision(db.Model):
    """An immutable snapshot of a review, made each time it is published."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("incident_id", "number"),)

    id: Mapped[intpk]
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    snapshot: Mapped[dict] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[created_at]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    published_by: Mapped[User | None] = relationship()
