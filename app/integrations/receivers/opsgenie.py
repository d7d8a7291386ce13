"""Opsgenie's outgoing webhook: Create, Acknowledge, Close and UnAcknowledge update an alert."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.clock import utcnow
from app.integrations.enums import AlertStatus
from app.integrations.events import AlertEvent, Parsed
from app.integrations.payload import Fields, from_epoch

ACTIONS = {
    "create": AlertStatus.FIRING,
    "acknowledge": AlertStatus.ACKNOWLEDGED,
    "unacknowledge": AlertStatus.FIRING,
    "close": AlertStatus.RESOLVED,
}


def parse(payload: Any, headers: Mapping[str, str]) -> Parsed:
    """Read one action; other actions (notes, tags, escalations) are ignored."""
    f = Fields(payload)
    action = f.text("action", required=True)
    f.obj("alert", required=True)
    ident = f.text("alert.alertId", required=True)
    f.check()
    status = ACTIONS.get(action.lower())
    if status is None:
        return Parsed.ignore(f"'{action[:60]}' does not change an alert's state; nothing recorded.")
    # createdAt is in milliseconds, updatedAt in nanoseconds since 1970.
    created = from_epoch(f.raw("alert.createdAt"), scale=1e3)
    updated = from_epoch(f.raw("alert.updatedAt"), scale=1e9) or utcnow()
    started = created or updated
    name = f.first("alert.message", "alert.alias")
    if not name:
        f.fail("alert.message", "Required.")
    f.check()
    priority = f.raw("alert.priority")
    severity = f"P{priority}" if isinstance(priority, int) else f.text("alert.priority", limit=40)
    return Parsed(
        alerts=[
            AlertEvent(
                key=f"alert:{ident}",
                service=f.first("alert.details.service", "alert.entity"),
                name=name,
                status=status,
                started_at=started,
                utc_offset_minutes=0,
                ended_at=updated if status is AlertStatus.RESOLVED else None,
                acknowledged_at=updated if status is AlertStatus.ACKNOWLEDGED else None,
                severity=severity[:40],
                summary=f.first("alert.description", "alert.message", limit=2000),
                environment=f.text("alert.details.environment", limit=80),
                event_at=updated,
                raw=payload,
            )
        ]
    )
