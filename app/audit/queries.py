"""Reading the audit trail."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.audit.models import AuditEvent
from app.extensions import db
from app.incidents.models import Incident

LABELS = {
    "incident.created": "created the review",
    "incident.deleted": "deleted the review",
    "incident.visibility": "changed who can read it",
    "incident.participant_added": "invited a participant",
    "review.submitted": "submitted it for review",
    "review.reviewer_requested": "asked for a review",
    "review.approved": "approved",
    "review.changes_requested": "requested changes",
    "review.published": "published",
    "review.reopened": "reopened it for an amendment",
    "review.language_acknowledged": "kept flagged wording after reading the hints",
}


def history(incident: Incident) -> list[AuditEvent]:
    """Return the review's audit trail, oldest first."""
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.incident_id == incident.id)
            .options(selectinload(AuditEvent.actor))
            .order_by(AuditEvent.at, AuditEvent.id)
        )
    )


def describe(event: AuditEvent) -> str:
    """Say what an event means in plain words."""
    return LABELS.get(event.action, event.action.replace(".", " ").replace("_", " "))
