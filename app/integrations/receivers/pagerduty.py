"""PagerDuty v3 webhooks: incident events update one alert record per PagerDuty incident.

Each event has its own id, and redeliveries repeat it; events are applied in the order they
happened (`occurred_at`), so a redelivered or late event never undoes a newer one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.integrations.enums import AlertStatus
from app.integrations.events import AlertEvent, Parsed
from app.integrations.payload import Fields

STATUSES = {
    "triggered": AlertStatus.FIRING,
    "acknowledged": AlertStatus.ACKNOWLEDGED,
    "resolved": AlertStatus.RESOLVED,
}


def parse(payload: Any, headers: Mapping[str, str]) -> Parsed:
    """Read one v3 event; non-incident events are acknowledged and ignored."""
    f = Fields(payload)
    f.obj("event", required=True)
    f.text("event.id", required=True)
    kind = f.text("event.event_type", required=True)
    occurred, offset = f.when("event.occurred_at")
    f.check()
    if kind == "pagey.ping":
        return Parsed.ignore("pong: PagerDuty reached Hindsight and the signature is valid.", 200)
    if not kind.startswith("incident.") or f.text("event.data.type") != "incident":
        return Parsed.ignore(f"'{kind[:60]}' events carry no incident state; nothing recorded.")
    ident = f.text("event.data.id", required=True)
    title = f.text("event.data.title", required=True)
    state = f.text("event.data.status", required=True)
    if state and state not in STATUSES:
        f.fail("event.data.status", f"Unknown status; one of {', '.join(STATUSES)}.")
    created = f.time("event.data.created_at")
    f.check()
    status = STATUSES[state]
    started = created or (occurred, offset)
    return Parsed(
        alerts=[
            AlertEvent(
                key=f"incident:{ident}",
                service=f.first("event.data.service.summary", "event.data.service.id"),
                name=title,
                status=status,
                started_at=started[0],
                utc_offset_minutes=started[1],
                ended_at=occurred if status is AlertStatus.RESOLVED else None,
                acknowledged_at=occurred if status is AlertStatus.ACKNOWLEDGED else None,
                severity=f.first("event.data.priority.summary", "event.data.urgency", limit=40),
                summary=title,
                url=f.text("event.data.html_url", limit=2000),
                event_at=occurred,
                raw=payload,
            )
        ]
    )
