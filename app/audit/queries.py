"""Reading the audit trail."""

from __future__ import annotations

from flask_sqlalchemy.pagination import Pagination
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
    "incident.edited": "edited it",
    "review.submitted": "submitted it for review",
    "review.reviewer_requested": "asked for a review",
    "review.approved": "approved",
    "review.changes_requested": "requested changes",
    "review.published": "published",
    "review.reopened": "reopened it for an amendment",
    "review.language_acknowledged": "kept flagged wording after reading the hints",
    "account.created": "created an account",
    "account.signed_in": "signed in",
    "account.sign_in_failed": "tried to sign in and was refused",
    "account.password_changed": "changed their password",
    "account.sso_linked": "linked their account to single sign-on",
    "account.role_changed": "had their role changed by their SSO groups",
    "token.created": "created an API token",
    "token.revoked": "revoked an API token",
    "catalog.added": "added to the teams, services and tags",
    "catalog.removed": "removed from the teams, services and tags",
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


def recent(*, page: int, per_page: int = 50) -> Pagination:
    """Return one page of the whole site's audit trail, newest first."""
    query = (
        select(AuditEvent)
        .options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def incident_refs(events: list[AuditEvent]) -> dict[int, str]:
    """Return the reference of each review these events are about, by incident id."""
    ids = {event.incident_id for event in events if event.incident_id}
    if not ids:
        return {}
    query = select(Incident.id, Incident.ref).where(Incident.id.in_(ids))
    return dict(db.session.execute(query).all())


def describe(event: AuditEvent) -> str:
    """Say what an event means in plain words."""
    if event.action == "incident.edited" and event.detail.get("fields"):
        fields = ", ".join(name.replace("_", " ") for name in event.detail["fields"])
        return f"edited {fields} (version {event.detail.get('version')})"
    return LABELS.get(event.action, event.action.replace(".", " ").replace("_", " "))
