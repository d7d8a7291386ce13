"""Which incidents a report covers: whose eyes, which team or service, which time span."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select

from app.accounts.models import User
from app.catalog.models import Service, Team
from app.incidents.enums import Visibility
from app.incidents.models import Incident, incident_services
from app.incidents.permissions import visible_clause


def audience_clause(user: User | None) -> ColumnElement[bool]:
    """Return what `user` may see; an address without an account sees internal reviews only."""
    if user is None:
        return Incident.visibility == Visibility.INTERNAL
    return visible_clause(user)


@dataclass(frozen=True)
class Scope:
    """Incidents a reader may see, optionally narrowed to a team, a service and a span."""

    viewer: User | None
    team: str = ""
    service: str = ""
    start: dt.datetime | None = None  # started_at >= start
    end: dt.datetime | None = None  # started_at < end
    include_exercises: bool = False

    def between(self, start: dt.datetime, end: dt.datetime) -> Scope:
        return Scope(self.viewer, self.team, self.service, start, end, self.include_exercises)

    def conditions(self, *, dated: bool = True) -> list[ColumnElement[bool]]:
        """Return the WHERE conditions on Incident; `dated=False` leaves out the span."""
        where: list[ColumnElement[bool]] = [audience_clause(self.viewer)]
        if not self.include_exercises:
            where.append(Incident.is_exercise.is_(False))
        if self.team:
            where.append(Incident.team_id.in_(select(Team.id).where(Team.name == self.team)))
        if self.service:
            where.append(
                Incident.id.in_(
                    select(incident_services.c.incident_id)
                    .join(Service, Service.id == incident_services.c.service_id)
                    .where(Service.name == self.service)
                )
            )
        if dated and self.start is not None:
            where.append(Incident.started_at >= self.start)
        if dated and self.end is not None:
            where.append(Incident.started_at < self.end)
        return where
