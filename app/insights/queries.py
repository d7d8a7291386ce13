"""Reads for the insights page: rows of numbers, aggregated in SQL where the engine can."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import String, and_, case, func, select, type_coerce

from app.catalog.models import Service
from app.extensions import db
from app.incidents.enums import ActionStatus, Severity
from app.incidents.models import ActionItem, ContributingFactor, Incident, incident_services
from app.insights.scope import Scope
from app.insights.sql import epoch, seconds_between, utc_month
from app.reviews.models import Revision

MEASURES = (
    ("Time to detect", Incident.detected_at),
    ("Time to mitigate", Incident.mitigated_at),
    ("Time to resolve", Incident.resolved_at),
)
FOLLOW_THROUGH_DAYS = (30, 60, 90)
TOP_SERVICES = 8


@dataclass(frozen=True)
class IncidentRow:
    severity: Severity
    started: float  # epoch seconds
    durations: tuple[float | None, float | None, float | None]  # detect, mitigate, resolve


def incidents(scope: Scope) -> list[IncidentRow]:
    """Return each incident in scope as numbers: start and the three durations."""
    # The severity as its plain text: converting a year of rows to enums one by one is slow.
    rows = db.session.execute(
        select(
            type_coerce(Incident.severity, String),
            epoch(Incident.started_at),
            *(seconds_between(Incident.started_at, column) for _, column in MEASURES),
        ).where(*scope.conditions(), Incident.started_at.is_not(None))
    ).all()
    severities = {s.value: s for s in Severity}
    return [IncidentRow(severities[r[0]], r[1], (r[2], r[3], r[4])) for r in rows]


def service_durations(scope: Scope) -> dict[str, list[tuple[float | None, ...]]]:
    """Return the durations of incidents per service, for the services with most incidents."""
    count = func.count(incident_services.c.incident_id)
    top = db.session.execute(
        select(Service.id, Service.name)
        .join(incident_services, incident_services.c.service_id == Service.id)
        .join(Incident, Incident.id == incident_services.c.incident_id)
        .where(*scope.conditions())
        .group_by(Service.id, Service.name)
        .order_by(count.desc(), Service.name)
        .limit(TOP_SERVICES)
    ).all()
    names = dict(top)
    rows = db.session.execute(
        select(
            incident_services.c.service_id,
            *(seconds_between(Incident.started_at, column) for _, column in MEASURES),
        )
        .join(Incident, Incident.id == incident_services.c.incident_id)
        .where(*scope.conditions(), incident_services.c.service_id.in_(names))
    ).all()
    found: dict[str, list[tuple[float | None, ...]]] = {name: [] for name in names.values()}
    for service_id, *durations in rows:
        found[names[service_id]].append(tuple(durations))
    return found


def factor_months(scope: Scope) -> dict[str, dict[str, int]]:
    """Count incidents per UTC month and contributing factor category."""
    month = utc_month(Incident.started_at)
    rows = db.session.execute(
        select(month, ContributingFactor.category, func.count(func.distinct(Incident.id)))
        .join(Incident, Incident.id == ContributingFactor.incident_id)
        .where(*scope.conditions())
        .group_by(month, ContributingFactor.category)
    ).all()
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for when, category, count in rows:
        table[category.label][when] = count
    return dict(table)


@dataclass(frozen=True)
class FollowThrough:
    days: int
    done: int
    due: int  # action items at least `days` old: the ones that had the chance

    @property
    def share(self) -> float | None:
        return self.done / self.due if self.due else None


def follow_through(scope: Scope, now: dt.datetime) -> list[FollowThrough]:
    """Return, per window, the share of action items done within that many days of opening."""
    took = seconds_between(ActionItem.created_at, ActionItem.completed_at)
    columns = []
    for days in FOLLOW_THROUGH_DAYS:
        old_enough = ActionItem.created_at <= now - dt.timedelta(days=days)
        done = and_(old_enough, ActionItem.status == ActionStatus.DONE, took <= days * 86400)
        columns += [func.sum(case((done, 1), else_=0)), func.sum(case((old_enough, 1), else_=0))]
    row = db.session.execute(
        select(*columns)
        .join(Incident, Incident.id == ActionItem.incident_id)
        .where(*scope.conditions(dated=False), *_created_in(scope))
    ).one()
    return [
        FollowThrough(days, int(row[2 * i] or 0), int(row[2 * i + 1] or 0))
        for i, days in enumerate(FOLLOW_THROUGH_DAYS)
    ]


def _created_in(scope: Scope) -> list:
    where = []
    if scope.start is not None:
        where.append(ActionItem.created_at >= scope.start)
    if scope.end is not None:
        where.append(ActionItem.created_at < scope.end)
    return where


def time_to_publish(scope: Scope) -> dict[Severity, list[float]]:
    """Return, per severity, the seconds from an incident's end to its first published review."""
    ended = func.coalesce(Incident.resolved_at, Incident.started_at)
    rows = db.session.execute(
        select(Incident.severity, seconds_between(ended, Revision.published_at))
        .join(Revision, and_(Revision.incident_id == Incident.id, Revision.number == 1))
        .where(*scope.conditions())
    ).all()
    found: dict[Severity, list[float]] = {s: [] for s in Severity}
    for severity, seconds in rows:
        if seconds is not None:
            found[severity].append(seconds)
    return found
