"""Integrations, the deploys and alerts they send, and what people decided about them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.catalog.models import Service
from app.clock import utcnow
from app.database import created_at, enum_column, intpk
from app.extensions import db
from app.integrations.enums import AlertStatus, DeployStatus, Relation, Source


class Integration(db.Model):
    """A configured sender: its source and the secret its requests are checked against."""

    __tablename__ = "integrations"

    id: Mapped[intpk]
    source: Mapped[Source] = mapped_column(enum_column(Source), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # HMAC sources sign with the secret itself, so it is kept as given (and never shown
    # again); bearer and basic-auth sources only need a salted hash of it.
    secret: Mapped[str | None] = mapped_column(String(500))
    secret_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[created_at]
    disabled_at: Mapped[dt.datetime | None]
    last_delivery_at: Mapped[dt.datetime | None]

    created_by: Mapped[User | None] = relationship()


class ServiceAlias(db.Model):
    """A name a tool uses for a service, mapped by an admin onto a service of the catalog."""

    __tablename__ = "service_aliases"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(80), unique=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    created_at: Mapped[created_at]

    service: Mapped[Service] = relationship()


class _Received:
    """Columns every normalised record has: where it came from and what it said, verbatim."""

    id: Mapped[intpk]
    source: Mapped[Source] = mapped_column(enum_column(Source))
    # Unique per source: redeliveries and updates of the same thing land on one row.
    dedupe_key: Mapped[str] = mapped_column(String(255))
    service_name: Mapped[str] = mapped_column(String(200), default="")
    environment: Mapped[str] = mapped_column(String(80), default="")
    url: Mapped[str] = mapped_column(String(2000), default="")
    started_at: Mapped[dt.datetime]
    # The offset the sender wrote its time in, so local weekday and hour can be charted.
    utc_offset_minutes: Mapped[int | None]
    event_at: Mapped[dt.datetime | None]  # when the last applied event happened, for ordering
    raw: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[created_at]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def local_started_at(self) -> dt.datetime:
        """The start on the sender's wall clock (for charts by weekday and hour there)."""
        if self.utc_offset_minutes is None:
            return self.started_at
        offset = dt.timezone(dt.timedelta(minutes=self.utc_offset_minutes))
        return self.started_at.astimezone(offset)


class Deploy(_Received, db.Model):
    """A change shipped to an environment, as a deploy pipeline reported it."""

    __tablename__ = "deploys"
    __table_args__ = (
        UniqueConstraint("source", "dedupe_key"),
        Index("ix_deploys_service_started", "service_id", "started_at"),
        Index("ix_deploys_started_at", "started_at"),
    )

    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id", ondelete="SET NULL"))
    is_production: Mapped[bool] = mapped_column(default=False)
    version: Mapped[str] = mapped_column(String(200), default="")
    commit_sha: Mapped[str] = mapped_column(String(80), default="")
    status: Mapped[DeployStatus] = mapped_column(enum_column(DeployStatus))
    deployer: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    finished_at: Mapped[dt.datetime | None]

    service: Mapped[Service | None] = relationship()


class Alert(_Received, db.Model):
    """An alert that fired (and perhaps resolved), as the alerting tool reported it."""

    __tablename__ = "alerts"
    __table_args__ = (
        UniqueConstraint("source", "dedupe_key"),
        Index("ix_alerts_service_started", "service_id", "started_at"),
        Index("ix_alerts_started_at", "started_at"),
    )

    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    severity: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[AlertStatus] = mapped_column(enum_column(AlertStatus))
    ended_at: Mapped[dt.datetime | None]
    acknowledged_at: Mapped[dt.datetime | None]

    service: Mapped[Service | None] = relationship()


class ChangeLink(db.Model):
    """A person's decision about one deploy or alert for one incident."""

    __tablename__ = "change_links"
    __table_args__ = (
        UniqueConstraint("incident_id", "deploy_id", name="uq_change_links_incident_deploy"),
        UniqueConstraint("incident_id", "alert_id", name="uq_change_links_incident_alert"),
        CheckConstraint("(deploy_id IS NULL) <> (alert_id IS NULL)", name="one_record"),
    )

    id: Mapped[intpk]
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    deploy_id: Mapped[int | None] = mapped_column(ForeignKey("deploys.id", ondelete="CASCADE"))
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"))
    relation: Mapped[Relation] = mapped_column(enum_column(Relation))
    note: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    deploy: Mapped[Deploy | None] = relationship()
    alert: Mapped[Alert | None] = relationship()
    decided_by: Mapped[User | None] = relationship()


class NoChangeVerdict(db.Model):
    """The answer "no change was involved in this incident", and who gave it."""

    __tablename__ = "no_change_verdicts"

    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    note: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[created_at]

    decided_by: Mapped[User | None] = relationship()
