"""Prometheus Alertmanager's webhook (version 4); Grafana alerting sends the same shape.

Alertmanager repeats a group's notification while it fires and sends it once more when it
resolves, always with the same fingerprint and startsAt: that pair is the record's key, so
repeats change nothing and the resolution updates the record that fired.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.clock import utcnow
from app.integrations.enums import AlertStatus
from app.integrations.events import AlertEvent, Parsed, digest
from app.integrations.payload import Fields, text_of

SERVICE_LABELS = ("service", "app", "application", "app_kubernetes_io_name", "job")
ENVIRONMENT_LABELS = ("env", "environment", "stage", "tier")
STATUSES = {"firing": AlertStatus.FIRING, "resolved": AlertStatus.RESOLVED}
MAX_ALERTS = 5000


def parse(payload: Any, headers: Mapping[str, str]) -> Parsed:
    """Read a notification; each alert in it becomes (or updates) one record."""
    return parse_notification(payload, url_fields=("generatorURL",))


def parse_notification(payload: Any, *, url_fields: tuple[str, ...]) -> Parsed:
    """Read an Alertmanager-shaped notification, taking each alert's link from `url_fields`."""
    f = Fields(payload)
    items = f.items("alerts", required=True)
    if len(items) > MAX_ALERTS:
        f.fail("alerts", f"At most {MAX_ALERTS:,} alerts per notification.")
    f.check()
    if not items:
        return Parsed.ignore("The notification holds no alerts.")
    common = f.obj("commonLabels")
    envelope = {k: v for k, v in payload.items() if k != "alerts"}
    alerts = [_alert(item, i, f, common, envelope, url_fields) for i, item in enumerate(items)]
    f.check()
    return Parsed(alerts=[a for a in alerts if a is not None])


def _alert(
    item: Any,
    index: int,
    outer: Fields,
    common: dict[str, Any],
    envelope: dict[str, Any],
    url_fields: tuple[str, ...],
) -> AlertEvent | None:
    f = Fields(item, prefix=f"alerts[{index}].")
    if not isinstance(item, Mapping):
        f.fail("", "Must be an object.")
    labels = f.obj("labels", required=True)
    annotations = f.obj("annotations")
    started, offset = f.when("startsAt")
    state = f.text("status", required=True).lower()
    if state and state not in STATUSES:
        f.fail("status", "Must be 'firing' or 'resolved'.")
    ended = f.time("endsAt")
    fingerprint = f.text("fingerprint", limit=64) or digest(sorted(map(str, labels.items())))
    outer.errors.update(f.errors)
    if f.errors:
        return None
    status = STATUSES[state]
    return AlertEvent(
        key=f"{fingerprint}:{started.isoformat()}",
        service=_label(labels, common, SERVICE_LABELS),
        name=_label(labels, common, ("alertname",)) or "Unnamed alert",
        status=status,
        started_at=started,
        utc_offset_minutes=offset,
        ended_at=((ended[0] if ended else utcnow()) if status is AlertStatus.RESOLVED else None),
        environment=_label(labels, common, ENVIRONMENT_LABELS)[:80],
        severity=_label(labels, common, ("severity", "priority"))[:40],
        summary=_label(annotations, {}, ("summary", "description", "message"))[:2000],
        url=next((f.text(u, limit=2000) for u in url_fields if f.text(u, limit=2000)), ""),
        raw={**envelope, "alerts": [item]},
    )


def _label(labels: Mapping[str, Any], common: Mapping[str, Any], names: tuple[str, ...]) -> str:
    for source in (labels, common):
        for name in names:
            value = source.get(name)
            if isinstance(value, str) and value.strip():
                return text_of(value.strip())[:200]
    return ""
