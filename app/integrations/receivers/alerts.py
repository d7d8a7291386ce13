"""The generic alert webhook: one JSON object per alert, from any monitoring tool."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.clock import utcnow
from app.integrations.enums import AlertStatus
from app.integrations.events import AlertEvent, Parsed, digest
from app.integrations.payload import Fields

STATUSES = {s.value: s for s in AlertStatus} | {
    "triggered": AlertStatus.FIRING,
    "ok": AlertStatus.RESOLVED,
    "closed": AlertStatus.RESOLVED,
}


def parse(payload: Any, headers: Mapping[str, str]) -> Parsed:
    """Read `{service, name, status, started_at, ...}`; the same id (or start) updates it."""
    f = Fields(payload)
    if not isinstance(payload, Mapping):
        f.fail("", "Send one JSON object describing the alert.")
        f.check()
    service = f.text("service", required=True)
    name = f.text("name", required=True)
    state = f.text("status", required=True).lower()
    if state and state not in STATUSES:
        f.fail("status", f"Unknown status; one of {', '.join(STATUSES)}.")
    started, offset = f.when("started_at")
    ended = f.time("ended_at")
    f.check()
    status = STATUSES[state]
    ident = f.text("id")
    return Parsed(
        alerts=[
            AlertEvent(
                key=f"id:{ident}" if ident else digest(service, name, started),
                service=service,
                name=name,
                status=status,
                started_at=started,
                utc_offset_minutes=offset,
                ended_at=(ended[0] if ended else utcnow())
                if status is AlertStatus.RESOLVED
                else None,
                acknowledged_at=utcnow() if status is AlertStatus.ACKNOWLEDGED else None,
                environment=f.text("environment", limit=80),
                severity=f.text("severity", limit=40),
                summary=f.text("summary", limit=2000),
                url=f.text("url", limit=2000),
                raw=dict(payload),
            )
        ]
    )
