"""Reads of incidents, always filtered by what the viewer may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from app.accounts.models import User
from app.catalog.models import Service, Tag, Team
from app.errors import NotFound
from app.extensions import db
from app.incidents.enums import Severity, Status
from app.incidents.models import ActionItem, Incident, TimelineEntry, incident_services
from app.incidents.permissions import visible_clause


@dataclass(frozen=True)
class IncidentFilters:
    """What the incident list is narrowed to; empty strings mean 'any'."""

    status: str = ""
    severity: str = ""
    service: str = ""
    team: str = ""

    def active(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v}


def visible_incidents(viewer: User) -> Select[tuple[Incident]]:
    """Return a query of the incidents `viewer` may see."""
    return select(Incident).where(visible_clause(viewer))


def list_incidents(viewer: User, filters: IncidentFilters, page: int, per_page: int) -> Pagination:
    """Return one page of incidents, most recent first, narrowed by `filters`."""
    query = visible_incidents(viewer).options(
        selectinload(Incident.services),
        selectinload(Incident.tags),
        joinedload(Incident.team),
        joinedload(Incident.owner),
    )
    if filters.status in {s.value for s in Status}:
        query = query.where(Incident.status == Status(filters.status))
    if filters.severity in {s.value for s in Severity}:
        query = query.where(Incident.severity == Severity(filters.severity))
    if filters.service:
        query = query.where(
            Incident.id.in_(
                select(incident_services.c.incident_id)
                .join(Service, Service.id == incident_services.c.service_id)
                .where(Service.name == filters.service)
            )
        )
    if filters.team:
        query = query.join(Team, Team.id == Incident.team_id).where(Team.name == filters.team)
    query = query.order_by(
        Incident.started_at.desc().nulls_last(), Incident.created_at.desc(), Incident.id.desc()
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False, max_per_page=100)


def get_visible(viewer: User, ref: str) -> Incident:
    """Return the incident `ref` if `viewer` may see it; otherwise NotFound, as if absent."""
    incident = db.session.scalar(visible_incidents(viewer).where(Incident.ref == ref.upper()))
    if incident is None:
        raise NotFound(f"No incident {ref}.")
    return incident


def get_for_page(viewer: User, ref: str) -> Incident:
    """Like `get_visible`, with everything the read view shows loaded in a few queries."""
    incident = db.session.scalar(
        visible_incidents(viewer)
        .where(Incident.ref == ref.upper())
        .options(
            joinedload(Incident.owner),
            joinedload(Incident.team),
            selectinload(Incident.services),
            selectinload(Incident.tags),
            selectinload(Incident.timeline).joinedload(TimelineEntry.author),
            selectinload(Incident.factors),
            selectinload(Incident.actions).joinedload(ActionItem.owner),
        )
    )
    if incident is None:
        raise NotFound(f"No incident {ref}.")
    return incident


@dataclass(frozen=True)
class Durations:
    """How long each phase took, measured from the start; None where a time is missing."""

    to_detect: dt.timedelta | None
    to_acknowledge: dt.timedelta | None
    to_mitigate: dt.timedelta | None
    to_resolve: dt.timedelta | None


def durations(incident: Incident) -> Durations:
    """Return time to detect, acknowledge, mitigate and resolve for an incident."""

    def since_start(moment: dt.datetime | None) -> dt.timedelta | None:
        if incident.started_at is None or moment is None:
            return None
        return moment - incident.started_at

    return Durations(
        to_detect=since_start(incident.detected_at),
        to_acknowledge=since_start(incident.acknowledged_at),
        to_mitigate=since_start(incident.mitigated_at),
        to_resolve=since_start(incident.resolved_at),
    )


WORKED_EXAMPLE_TAG = "worked-example"


def has_published(user: User) -> bool:
    """Tell whether `user` has owned a review that was published."""
    from app.reviews.models import Revision  # reviews builds on incidents, not the reverse

    return (
        db.session.scalar(
            select(Revision.id)
            .join(Incident, Incident.id == Revision.incident_id)
            .where(Incident.owner_id == user.id)
            .limit(1)
        )
        is not None
    )


def worked_example(viewer: User) -> Incident | None:
    """Return the newest published review tagged as a worked example that `viewer` may read."""
    return db.session.scalar(
        visible_incidents(viewer)
        .where(Incident.status == Status.PUBLISHED)
        .where(Incident.tags.any(Tag.name == WORKED_EXAMPLE_TAG))
        .order_by(Incident.started_at.desc().nulls_last())
        .limit(1)
    )
