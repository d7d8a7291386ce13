"""What every export of a review shows: the review, the revision it is, times in one zone.

A published review is read-only until someone reopens it (app/incidents/permissions.py), so
its rows are exactly what its latest revision froze; the revision supplies the number and
date, and keys the cache. Drafts and reviews in review are exported live, marked DRAFT.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select

from app import clock
from app.exports import links
from app.extensions import db
from app.incidents import queries
from app.incidents.enums import Status
from app.incidents.models import Incident
from app.integrations.models import NoChangeVerdict
from app.reviews.models import Revision


@dataclass(frozen=True)
class KeyTime:
    label: str
    at: dt.datetime | None  # on the organisation's wall clock
    since_start: dt.timedelta | None


@dataclass(frozen=True)
class Document:
    """One review as it is exported: its latest revision when published, else live (a draft)."""

    incident: Incident
    revision: Revision | None
    zone: str
    exported_at: dt.datetime
    links: list[links.Linked] = field(default_factory=list)
    no_change: NoChangeVerdict | None = None

    @property
    def draft(self) -> bool:
        """Drafts and reviews in review are not what readers see yet: every page says so."""
        return self.incident.status is not Status.PUBLISHED

    @property
    def cacheable(self) -> bool:
        """Only a published revision is immutable, so only its exports are kept."""
        return not self.draft and self.revision is not None

    @property
    def stamp(self) -> str:
        """Say which version of the review this is, for every page's footer."""
        if self.draft:
            return "DRAFT, not published"
        if self.revision is None:  # published elsewhere, then imported
            return "published, no revision recorded here"
        published = self.local(self.revision.published_at).strftime("%d %B %Y")
        return f"revision {self.revision.number}, published on {published}"

    def local(self, moment: dt.datetime) -> dt.datetime:
        """Show a stored UTC time on the organisation's wall clock."""
        return clock.to_local(moment, self.zone)

    def key_times(self) -> list[KeyTime]:
        """Return each key moment with how long after the start it came."""
        spans = queries.durations(self.incident)
        incident = self.incident
        rows = [
            ("Started", incident.started_at, None),
            ("Detected", incident.detected_at, spans.to_detect),
            ("Acknowledged", incident.acknowledged_at, spans.to_acknowledge),
            ("Mitigated", incident.mitigated_at, spans.to_mitigate),
            ("Resolved", incident.resolved_at, spans.to_resolve),
        ]
        return [KeyTime(label, at and self.local(at), span) for label, at, span in rows]


def organisation_zone() -> str:
    """Return the zone exports show times in: the organisation's, as the digest uses."""
    name = current_app.config.get("DIGEST_TIMEZONE") or "UTC"
    return name if clock.is_valid_zone(name) else "UTC"


def published_revision(incident: Incident) -> Revision | None:
    """Return the revision readers see, for a published review; None for anything else."""
    if incident.status is not Status.PUBLISHED:
        return None
    return db.session.scalar(
        select(Revision)
        .where(Revision.incident_id == incident.id)
        .order_by(Revision.number.desc())
        .limit(1)
    )


def build(incident: Incident, revision: Revision | None, *, with_links: bool = True) -> Document:
    """Gather what an export of `incident` shows."""
    return Document(
        incident=incident,
        revision=revision,
        zone=organisation_zone(),
        exported_at=clock.utcnow(),
        links=links.linked(incident) if with_links else [],
        no_change=links.no_change(incident) if with_links else None,
    )
