"""Recording audit events. Like every service: flush, never commit."""

from __future__ import annotations

from app.accounts.models import User
from app.audit.models import AuditEvent
from app.extensions import db
from app.incidents.models import Incident


def record(
    action: str, *, actor: User | None, incident: Incident | None = None, **detail: object
) -> AuditEvent:
    """Write down that `actor` did `action` (to `incident`), with a few facts as detail."""
    event = AuditEvent(
        actor=actor,
        incident_id=incident.id if incident else None,
        action=action,
        detail={k: v for k, v in detail.items() if v is not None},
    )
    db.session.add(event)
    db.session.flush()
    return event
