"""The noise report: alerts that fire and resolve on their own within minutes, week by week."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from app.clock import utcnow, zone
from app.extensions import db
from app.integrations.enums import AlertStatus, Relation
from app.integrations.models import Alert, ChangeLink

MAX_ROWS = 50_000


@dataclass(frozen=True)
class NoisyRule:
    """One alert rule on one service that fired and cleared by itself, `count` times a week."""

    name: str
    service: str
    source: str
    count: int
    longest: dt.timedelta


@dataclass(frozen=True)
class NoisyWeek:
    week: str  # ISO week, e.g. 2026-W48
    total: int
    rules: list[NoisyRule]


def noise_report(
    *, within: dt.timedelta, weeks: int, service: str = "", tz_name: str = "UTC"
) -> list[NoisyWeek]:
    """Return, newest week first, the alerts that resolved within `within` with nobody acting.

    An alert counts when it resolved without being acknowledged and no one linked it to an
    incident as related or a suspected trigger.
    """
    since = utcnow() - dt.timedelta(weeks=weeks)
    confirmed = exists().where(
        ChangeLink.alert_id == Alert.id, ChangeLink.relation != Relation.DISMISSED
    )
    query = (
        select(Alert)
        .options(selectinload(Alert.service))
        .where(Alert.status == AlertStatus.RESOLVED, Alert.started_at >= since)
        .where(Alert.acknowledged_at.is_(None), Alert.ended_at.is_not(None), ~confirmed)
        .order_by(Alert.started_at.desc())
        .limit(MAX_ROWS)
    )
    local = zone(tz_name)
    counts: dict[str, Counter] = defaultdict(Counter)
    longest: dict[tuple, dt.timedelta] = {}
    for alert in db.session.scalars(query):
        lasted = alert.ended_at - alert.started_at
        name = alert.service.name if alert.service else alert.service_name
        if lasted > within or (service and name != service):
            continue
        year, number, _ = alert.started_at.astimezone(local).isocalendar()
        week, rule = f"{year}-W{number:02d}", (alert.name, name, alert.source.label)
        counts[week][rule] += 1
        longest[week, rule] = max(longest.get((week, rule), lasted), lasted)
    return [
        NoisyWeek(
            week,
            sum(counts[week].values()),
            [NoisyRule(*rule, n, longest[week, rule]) for rule, n in counts[week].most_common()],
        )
        for week in sorted(counts, reverse=True)
    ]
