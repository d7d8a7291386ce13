"""Incidents that followed a deploy: a person confirmed a deploy as the suspected trigger.

The integrations package records those decisions as ChangeLinks. Before any deploy has
arrived from a pipeline, there is nothing to measure, and the digest and insights say
"no deploy data yet" rather than a misleading 0 %.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, select

from app.clock import zone
from app.extensions import db
from app.incidents.models import Incident
from app.insights.scope import Scope
from app.insights.sql import epoch
from app.integrations.enums import Relation
from app.integrations.models import ChangeLink, Deploy


@dataclass(frozen=True)
class DeployShare:
    with_deploy: int
    incidents: int

    @property
    def share(self) -> float | None:
        return self.with_deploy / self.incidents if self.incidents else None


def available() -> bool:
    """Tell whether any deploy has been received, so a share means something."""
    return db.session.scalar(select(Deploy.id).limit(1)) is not None


def _triggers() -> Select:
    return select(ChangeLink.incident_id, ChangeLink.deploy_id).where(
        ChangeLink.relation == Relation.SUSPECTED_TRIGGER, ChangeLink.deploy_id.is_not(None)
    )


def share(scope: Scope) -> DeployShare | None:
    """Return the share of incidents in scope with a confirmed deploy trigger, or None."""
    if not available():
        return None
    where = scope.conditions()
    total = db.session.scalar(select(func.count(Incident.id)).where(*where)) or 0
    triggered = _triggers().with_only_columns(ChangeLink.incident_id)
    hits = db.session.scalar(
        select(func.count(Incident.id)).where(*where, Incident.id.in_(triggered))
    )
    return DeployShare(hits or 0, total)


def trigger_moments(scope: Scope) -> list[tuple[float, int | None]] | None:
    """Return (epoch seconds, the sender's UTC offset in minutes) of each triggering deploy."""
    if not available():
        return None
    links = _triggers().subquery()
    rows = db.session.execute(
        select(epoch(Deploy.started_at), Deploy.utc_offset_minutes)
        .join(links, links.c.deploy_id == Deploy.id)
        .join(Incident, Incident.id == links.c.incident_id)
        .where(*scope.conditions())
    ).all()
    return [(float(moment), offset) for moment, offset in rows]


def weekday_hour(moments: list[tuple[float, int | None]], tz_name: str) -> list[list[int]]:
    """Count moments by local weekday (rows, Monday first) and hour (columns).

    A deploy's own offset wins when its sender gave one: "Friday 17:00" is the deployer's
    Friday evening, wherever the organisation's digest zone is.
    """
    cells = [[0] * 24 for _ in range(7)]
    fallback = zone(tz_name)
    for moment, offset in moments:
        tz = dt.timezone(dt.timedelta(minutes=offset)) if offset is not None else fallback
        at = dt.datetime.fromtimestamp(moment, tz)
        cells[at.weekday()][at.hour] += 1
    return cells
