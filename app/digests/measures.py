"""The numbers in a digest: incident counts, durations, recurring themes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from app.catalog.models import Service
from app.digests.weeks import IsoWeek
from app.extensions import db
from app.incidents.enums import FactorCategory, Severity
from app.incidents.models import ContributingFactor, Incident, incident_services
from app.insights.scope import Scope
from app.insights.sql import epoch, seconds_between
from app.insights.stats import Spread

HISTORY_WEEKS = 12
THEME_DAYS = 90


@dataclass(frozen=True)
class SeverityCounts:
    """Incidents that started in the week, against the weeks before it."""

    severity: Severity
    this_week: int
    previous_4: int  # total over the four weeks before
    previous_12: int

    @property
    def per_week_4(self) -> float:
        return self.previous_4 / 4

    @property
    def per_week_12(self) -> float:
        return self.previous_12 / 12


@dataclass(frozen=True)
class Trend:
    """Weekly counts per severity for the chart, and the summary table."""

    weeks: list[IsoWeek]  # oldest first; the digest's own week last
    per_week: dict[str, list[float]]
    counts: list[SeverityCounts]
    detect: tuple[Spread, Spread]  # this week, previous 12 weeks
    resolve: tuple[Spread, Spread]
    detect_values: tuple[tuple[float, ...], tuple[float, ...]]
    resolve_values: tuple[tuple[float, ...], tuple[float, ...]]

    @property
    def total(self) -> int:
        return sum(c.this_week for c in self.counts)


def trend(scope: Scope, week: IsoWeek, tz_name: str) -> Trend:
    """Count incidents per week and severity, and their durations, over 13 weeks."""
    weeks = [week.shift(-n) for n in range(HISTORY_WEEKS, -1, -1)]
    start, end = weeks[0].start(tz_name), week.end(tz_name)
    rows = db.session.execute(
        select(
            Incident.severity,
            epoch(Incident.started_at),
            seconds_between(Incident.started_at, Incident.detected_at),
            seconds_between(Incident.started_at, Incident.resolved_at),
        ).where(*scope.between(start, end).conditions())
    ).all()
    index = {w: i for i, w in enumerate(weeks)}
    per_week = {s.value: [0.0] * len(weeks) for s in Severity}
    detect: tuple[list[float], list[float]] = ([], [])
    resolve: tuple[list[float], list[float]] = ([], [])
    for severity, started, to_detect, to_resolve in rows:
        moment = dt.datetime.fromtimestamp(started, dt.UTC)
        position = index.get(IsoWeek.containing(moment, tz_name))
        if position is None:
            continue
        per_week[severity.value][position] += 1
        bucket = 0 if position == len(weeks) - 1 else 1
        if to_detect is not None:
            detect[bucket].append(to_detect)
        if to_resolve is not None:
            resolve[bucket].append(to_resolve)
    counts = [
        SeverityCounts(
            s,
            int(per_week[s.value][-1]),
            int(sum(per_week[s.value][-5:-1])),
            int(sum(per_week[s.value][:-1])),
        )
        for s in Severity
    ]
    return Trend(
        weeks,
        per_week,
        counts,
        (Spread.of(detect[0]), Spread.of(detect[1])),
        (Spread.of(resolve[0]), Spread.of(resolve[1])),
        (tuple(detect[0]), tuple(detect[1])),
        (tuple(resolve[0]), tuple(resolve[1])),
    )


@dataclass(frozen=True)
class Theme:
    kind: str  # "factor" or "service"
    label: str
    reviews: int


def themes(scope: Scope, end: dt.datetime, limit: int = 8) -> list[Theme]:
    """Return factor categories and services in two or more reviews in the last 90 days."""
    where = scope.between(end - dt.timedelta(days=THEME_DAYS), end).conditions()
    reviews = func.count(func.distinct(Incident.id))
    factors = db.session.execute(
        select(ContributingFactor.category, reviews)
        .join(Incident, Incident.id == ContributingFactor.incident_id)
        .where(*where)
        .group_by(ContributingFactor.category)
        .having(reviews >= 2)
        .order_by(reviews.desc())
        .limit(limit)
    ).all()
    services = db.session.execute(
        select(Service.name, reviews)
        .join(incident_services, incident_services.c.service_id == Service.id)
        .join(Incident, Incident.id == incident_services.c.incident_id)
        .where(*where)
        .group_by(Service.name)
        .having(reviews >= 2)
        .order_by(reviews.desc(), Service.name)
        .limit(limit)
    ).all()
    found = [Theme("factor", FactorCategory(c).label, n) for c, n in factors]
    return found + [Theme("service", name, n) for name, n in services]
