"""Reads: integrations, deploys and alerts, and the suggestions for an incident."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Row, Select, bindparam, select
from sqlalchemy.orm import selectinload

from app.catalog.models import Service
from app.extensions import db
from app.integrations.candidates import Candidate, candidates, deploy_window, verdict
from app.integrations.enums import AlertStatus, Source
from app.integrations.models import Alert, Deploy, Integration, ServiceAlias

__all__ = [  # suggestions live in candidates.py; readers find every read here
    "Candidate",
    "active_integrations",
    "aliases",
    "candidates",
    "deploy_window",
    "integrations",
    "recent_alerts",
    "recent_deploys",
    "verdict",
]

# Built once, read as plain rows: this runs for every webhook delivery.
ACTIVE = (
    select(
        Integration.id,
        Integration.secret,
        Integration.secret_hash,
        Integration.last_delivery_at,
    )
    .where(Integration.source == bindparam("source"), Integration.active)
    .order_by(Integration.id)
)


def active_integrations(source: Source) -> list[Row]:
    """Return id, secret, secret_hash and last_delivery_at of `source`'s active integrations."""
    return list(db.session.connection().execute(ACTIVE, {"source": source}))


def integrations() -> list[Integration]:
    """Return every integration, active first, then by source and name."""
    order = (Integration.active.desc(), Integration.source, Integration.name)
    return list(db.session.scalars(select(Integration).order_by(*order)))


def aliases() -> list[ServiceAlias]:
    """Return every service alias by name."""
    query = select(ServiceAlias).options(selectinload(ServiceAlias.service))
    return list(db.session.scalars(query.order_by(ServiceAlias.name)))


def recent_deploys(
    *,
    service: str = "",
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int = 100,
) -> list[Deploy]:
    """Return deploys, newest first, to `service` (by name) between `since` and `until`."""
    query = _narrow(select(Deploy), Deploy, service, since, until)
    return list(db.session.scalars(query.order_by(Deploy.started_at.desc()).limit(limit)))


def recent_alerts(
    *,
    service: str = "",
    status: AlertStatus | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int = 100,
) -> list[Alert]:
    """Return alerts, newest first, narrowed like `recent_deploys` and by status."""
    query = _narrow(select(Alert), Alert, service, since, until)
    if status is not None:
        query = query.where(Alert.status == status)
    return list(db.session.scalars(query.order_by(Alert.started_at.desc()).limit(limit)))


def _narrow(query: Select, model: type[Deploy] | type[Alert], service: str, since, until) -> Select:
    query = query.options(selectinload(model.service))
    if service:
        query = query.join(Service, Service.id == model.service_id).where(Service.name == service)
    if since is not None:
        query = query.where(model.started_at >= since)
    if until is not None:
        query = query.where(model.started_at <= until)
    return query
