"""A service's recent deploys, alerts and incidents together, and where its alerts recur."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select, tuple_
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.catalog.models import Service
from app.clock import utcnow
from app.errors import NotFound
from app.extensions import db
from app.incidents.models import Incident
from app.incidents.queries import visible_incidents
from app.integrations.models import Alert, Deploy

RECENT = 30
EARLIER_FIRINGS = 500
INCIDENTS_CONSIDERED = 200
LEAD = dt.timedelta(minutes=30)
OPEN_INCIDENT = dt.timedelta(hours=24)


@dataclass
class AlertLine:
    """An alert, the incidents it fired during, and earlier incidents its rule fired during."""

    alert: Alert
    during: list[Incident] = field(default_factory=list)
    earlier: list[Incident] = field(default_factory=list)


@dataclass
class ServiceHistory:
    service: Service
    deploys: list[Deploy]
    alerts: list[AlertLine]
    incidents: list[Incident]


def service_history(viewer: User, name: str) -> ServiceHistory:
    """Return the recent history of the service `name`, with only incidents `viewer` may see."""
    service = db.session.scalar(select(Service).where(Service.name == name))
    if service is None:
        raise NotFound(f"No service {name}.")
    deploys = db.session.scalars(
        select(Deploy)
        .where(Deploy.service_id == service.id)
        .order_by(Deploy.started_at.desc())
        .limit(RECENT)
    )
    alerts = list(
        db.session.scalars(
            select(Alert)
            .where(Alert.service_id == service.id)
            .order_by(Alert.started_at.desc())
            .limit(RECENT)
        )
    )
    incidents = list(
        db.session.scalars(
            visible_incidents(viewer)
            .where(Incident.services.any(Service.id == service.id))
            .where(Incident.started_at.is_not(None))
            .options(selectinload(Incident.services))
            .order_by(Incident.started_at.desc())
            .limit(INCIDENTS_CONSIDERED)
        )
    )
    return ServiceHistory(
        service, list(deploys), _lines(service, alerts, incidents), incidents[:RECENT]
    )


def _span(incident: Incident) -> tuple[dt.datetime, dt.datetime]:
    start = incident.started_at or incident.created_at
    end = incident.resolved_at or incident.mitigated_at or start + OPEN_INCIDENT
    return start - LEAD, max(end, start)


def _overlaps(alert: Alert, incident: Incident, now: dt.datetime) -> bool:
    begin, end = _span(incident)
    return alert.started_at <= end and (alert.ended_at or now) >= begin


def _lines(service: Service, alerts: list[Alert], incidents: list[Incident]) -> list[AlertLine]:
    now = utcnow()
    rules = {(a.source, a.name) for a in alerts}
    fired_during: dict[tuple, dict[int, Incident]] = defaultdict(dict)
    if rules and incidents:
        query = (
            select(Alert)
            .where(Alert.service_id == service.id)
            .where(tuple_(Alert.source, Alert.name).in_(list(rules)))
            .order_by(Alert.started_at.desc())
            .limit(EARLIER_FIRINGS)
        )
        for firing in db.session.scalars(query):
            for incident in incidents:
                if _overlaps(firing, incident, now):
                    fired_during[firing.source, firing.name][incident.id] = incident
    lines = []
    for alert in alerts:
        during = [i for i in incidents if _overlaps(alert, i, now)]
        earlier = [
            i
            for i in fired_during[alert.source, alert.name].values()
            if i not in during and i.started_at < alert.started_at
        ]
        earlier.sort(key=lambda i: i.started_at, reverse=True)
        lines.append(AlertLine(alert, during, earlier))
    return lines
