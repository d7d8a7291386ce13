"""Turn an incident into what the index stores: filter columns and four weighted texts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, Table, select

from app.catalog.models import Service, Tag, Team
from app.extensions import db
from app.incidents.enums import FactorCategory
from app.incidents.models import (
    ActionItem,
    ContributingFactor,
    Incident,
    TimelineEntry,
    incident_services,
    incident_tags,
)

# Snippets are cut with these around each matched word, then escaped and turned into
# <mark>; stripping them (and \x04, \x05, which the PostgreSQL snippets borrow for angle
# brackets) from the stored text means no review can forge a mark.
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"
_SCRUB = str.maketrans(dict.fromkeys([MARK_OPEN, MARK_CLOSE, "\x00", "\x04", "\x05"], " "))


@dataclass
class Document:
    """One incident as the index sees it."""

    incident_id: int
    severity: str
    visibility: str
    owner_id: int
    occurred_at: dt.datetime
    team: str = ""
    services: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    factors: list[str] = field(default_factory=list)
    title: str = ""
    overview: str = ""
    details: str = ""
    timeline: str = ""

    def document_row(self) -> dict:
        return {
            "incident_id": self.incident_id,
            "severity": self.severity,
            "visibility": self.visibility,
            "owner_id": self.owner_id,
            "team": self.team,
            "services": " ".join(self.services),
            "tags": " ".join(self.tags),
            "factors": " ".join(dict.fromkeys(self.factors)),
            "occurred_at": self.occurred_at,
        }

    def text_row(self) -> dict:
        return {
            "incident_id": self.incident_id,
            "title": self.title,
            "overview": self.overview,
            "details": self.details,
            "timeline": self.timeline,
        }


def _join(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p).translate(_SCRUB)


@dataclass
class Parts:
    """The parts of a review that the index reads, as plain values."""

    team: str = ""
    services: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    entries: list[str] = field(default_factory=list)
    factors: list[tuple[FactorCategory, str]] = field(default_factory=list)
    actions: list[tuple[str, str]] = field(default_factory=list)


def build(incident: Any, parts: Parts) -> Document:
    """Return the document for an incident (a model or a row with the same names)."""
    return Document(
        incident_id=incident.id,
        severity=incident.severity.value,
        visibility=incident.visibility.value,
        owner_id=incident.owner_id,
        occurred_at=incident.started_at or incident.created_at,
        team=parts.team,
        services=parts.services,
        tags=parts.tags,
        factors=[category.value for category, _ in parts.factors],
        title=_join(incident.title),
        overview=_join(
            incident.summary, incident.impact, " ".join(parts.services), " ".join(parts.tags)
        ),
        details=_join(
            incident.went_well,
            incident.got_lucky,
            incident.surprised,
            *(f"{category.label}: {text}" for category, text in parts.factors),
            *(f"{title}\n{text}" for title, text in parts.actions),
        ),
        timeline=_join(*parts.entries),
    )


def of(incident: Incident) -> Document:
    """Return the document for one incident, from what the session already holds."""
    return build(
        incident,
        Parts(
            team=incident.team.name if incident.team else "",
            services=[s.name for s in incident.services],
            tags=[t.name for t in incident.tags],
            entries=[e.body for e in incident.timeline],
            factors=[(f.category, f.description) for f in incident.factors],
            actions=[(a.title, a.description) for a in incident.actions],
        ),
    )


_COLUMNS = (
    Incident.id, Incident.title, Incident.severity, Incident.visibility, Incident.owner_id,
    Incident.started_at, Incident.created_at, Incident.summary, Incident.impact,
    Incident.went_well, Incident.got_lucky, Incident.surprised, Team.name.label("team"),
)  # fmt: skip


def batch(first_id: int, size: int) -> list[Document]:
    """Return documents for the next `size` incidents from `first_id`, as plain rows.

    A fixed handful of queries per batch and no ORM objects: rebuilding 100,000 reviews
    must not build millions of objects in the session.
    """
    rows = db.session.execute(
        select(*_COLUMNS)
        .outerjoin(Team, Team.id == Incident.team_id)
        .where(Incident.id >= first_id)
        .order_by(Incident.id)
        .limit(size)
    ).all()
    if not rows:
        return []
    low, high = rows[0].id, rows[-1].id
    parts: dict[int, Parts] = defaultdict(Parts)
    for row in rows:
        parts[row.id].team = row.team or ""
    for incident_id, name in _pairs(incident_services, Service, low, high):
        parts[incident_id].services.append(name)
    for incident_id, name in _pairs(incident_tags, Tag, low, high):
        parts[incident_id].tags.append(name)
    for incident_id, body in _children(TimelineEntry, (TimelineEntry.body,), low, high):
        parts[incident_id].entries.append(body)
    factor_columns = (ContributingFactor.category, ContributingFactor.description)
    for incident_id, *factor in _children(ContributingFactor, factor_columns, low, high):
        parts[incident_id].factors.append(tuple(factor))
    for incident_id, *action in _children(
        ActionItem, (ActionItem.title, ActionItem.description), low, high
    ):
        parts[incident_id].actions.append(tuple(action))
    return [build(row, parts[row.id]) for row in rows]


def _pairs(link: Table, model: Any, low: int, high: int) -> Iterable[Row]:
    return db.session.execute(
        select(link.c.incident_id, model.name)
        .join(model, model.id == link.columns[f"{model.__tablename__[:-1]}_id"])
        .where(link.c.incident_id.between(low, high))
        .order_by(link.c.incident_id, model.name)
    )


def _children(model: Any, columns: tuple, low: int, high: int) -> Iterable[Row]:
    order = (model.occurred_at, model.id) if model is TimelineEntry else (model.id,)
    return db.session.execute(
        select(model.incident_id, *columns)
        .where(model.incident_id.between(low, high))
        .order_by(model.incident_id, *order)
    )
