"""An incident and the parts of its review."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Date, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.catalog.models import Service, Tag, Team
from app.clock import utcnow
from app.database import Versioned, created_at, enum_column, intpk
from app.extensions import db
from app.incidents.enums import (
    ActionKind,
    ActionStatus,
    EntryKind,
    FactorCategory,
    Milestone,
    Priority,
    Severity,
    Status,
    Visibility,
)

incident_services = Table(
    "incident_services",
    db.metadata,
    Column("incident_id", ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
)

incident_tags = Table(
    "incident_tags",
    db.metadata,
    Column("incident_id", ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
)

# People invited into a review besides its owner and timeline authors.
incident_participants = Table(
    "incident_participants",
    db.metadata,
    Column("incident_id", ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)

SECTIONS = ("summary", "impact", "went_well", "got_lucky", "surprised")
KEY_TIMES = tuple(m.field for m in Milestone)


class Incident(Versioned, db.Model):
    """An incident and the blameless review written about it."""

    __tablename__ = "incidents"

    id: Mapped[intpk]
    ref: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    severity: Mapped[Severity] = mapped_column(enum_column(Severity))
    status: Mapped[Status] = mapped_column(enum_column(Status), default=Status.DRAFT, index=True)
    visibility: Mapped[Visibility] = mapped_column(
        enum_column(Visibility), default=Visibility.INTERNAL
    )
    is_exercise: Mapped[bool] = mapped_column(default=False)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), index=True
    )

    summary: Mapped[str] = mapped_column(Text, default="")
    impact: Mapped[str] = mapped_column(Text, default="")
    went_well: Mapped[str] = mapped_column(Text, default="")
    got_lucky: Mapped[str] = mapped_column(Text, default="")
    surprised: Mapped[str] = mapped_column(Text, default="")
    no_action_reason: Mapped[str] = mapped_column(Text, default="")

    started_at: Mapped[dt.datetime | None]
    detected_at: Mapped[dt.datetime | None]
    acknowledged_at: Mapped[dt.datetime | None]
    mitigated_at: Mapped[dt.datetime | None]
    resolved_at: Mapped[dt.datetime | None]

    import_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    source_url: Mapped[str | None] = mapped_column(String(2000))
    created_at: Mapped[created_at]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    team: Mapped[Team | None] = relationship()
    services: Mapped[list[Service]] = relationship(
        secondary=incident_services, order_by=Service.name
    )
    tags: Mapped[list[Tag]] = relationship(secondary=incident_tags, order_by=Tag.name)
    participants: Mapped[list[User]] = relationship(secondary=incident_participants)
    timeline: Mapped[list[TimelineEntry]] = relationship(
        back_populates="incident",
        cascade="all, delete-orphan",
        order_by="(TimelineEntry.occurred_at, TimelineEntry.id)",
    )
    factors: Mapped[list[ContributingFactor]] = relationship(
        back_populates="incident",
        cascade="all, delete-orphan",
        order_by="ContributingFactor.id",
    )
    actions: Mapped[list[ActionItem]] = relationship(
        back_populates="incident", cascade="all, delete-orphan", order_by="ActionItem.id"
    )

    @property
    def is_restricted(self) -> bool:
        return self.visibility is Visibility.RESTRICTED

    def __repr__(self) -> str:
        return f"<Incident {self.ref}>"


# The incident list's order, so a page of it reads 20 rows instead of sorting every one
# (PostgreSQL; SQLite cannot index NULLS LAST, and its lists sort fast enough in process).
Index(
    "ix_incidents_list_order",
    Incident.started_at.desc().nulls_last(),
    Incident.created_at.desc(),
    Incident.id.desc(),
).ddl_if(dialect="postgresql")


class TimelineEntry(Versioned, db.Model):
    """One moment in the incident, told by someone who was there."""

    __tablename__ = "timeline_entries"

    id: Mapped[intpk]
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    occurred_at: Mapped[dt.datetime]
    kind: Mapped[EntryKind] = mapped_column(enum_column(EntryKind), default=EntryKind.NOTE)
    milestone: Mapped[Milestone | None] = mapped_column(enum_column(Milestone))
    body: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(40), default="manual")
    source_ref: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[created_at]

    incident: Mapped[Incident] = relationship(back_populates="timeline")
    author: Mapped[User | None] = relationship()


class ContributingFactor(Versioned, db.Model):
    """One of the several conditions that together allowed the incident."""

    __tablename__ = "contributing_factors"

    id: Mapped[intpk]
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    category: Mapped[FactorCategory] = mapped_column(enum_column(FactorCategory))
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[created_at]

    incident: Mapped[Incident] = relationship(back_populates="factors")


class ActionItem(Versioned, db.Model):
    """A change to the system agreed in the review, and its follow-through."""

    __tablename__ = "action_items"

    id: Mapped[intpk]
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[ActionKind] = mapped_column(enum_column(ActionKind), default=ActionKind.PREVENT)
    priority: Mapped[Priority] = mapped_column(enum_column(Priority), default=Priority.P2)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus), default=ActionStatus.OPEN, index=True
    )
    wont_do_reason: Mapped[str] = mapped_column(Text, default="")
    tracker_url: Mapped[str | None] = mapped_column(String(2000))
    completed_at: Mapped[dt.datetime | None]
    created_at: Mapped[created_at]

    incident: Mapped[Incident] = relationship(back_populates="actions")
    owner: Mapped[User | None] = relationship()
