"""Sentry integration webhooks: issues, issue (event) alerts and metric alerts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from app.clock import utcnow
from app.integrations.enums import AlertStatus
from app.integrations.events import AlertEvent, Parsed
from app.integrations.payload import Fields

ISSUE_ACTIONS = {
    "created": AlertStatus.FIRING,
    "unresolved": AlertStatus.FIRING,
    "resolved": AlertStatus.RESOLVED,
}
METRIC_ACTIONS = {
    "critical": AlertStatus.FIRING,
    "warning": AlertStatus.FIRING,
    "resolved": AlertStatus.RESOLVED,
}
PROJECT_IN_URL = re.compile(r"/projects/[^/]+/([^/]+)/")


def parse(payload: Any, headers: Mapping[str, str]) -> Parsed:
    """Read one delivery, by its `Sentry-Hook-Resource` (or, failing that, its shape)."""
    f = Fields(payload)
    action = f.text("action", required=True).lower()
    f.obj("data", required=True)
    f.check()
    resource = headers.get("Sentry-Hook-Resource", "").strip() or _guess(f)
    if resource == "issue":
        return _issue(f, action)
    if resource == "event_alert":
        return _event_alert(f)
    if resource == "metric_alert":
        return _metric_alert(f, action)
    return Parsed.ignore(f"'{resource[:60]}' webhooks are not used; nothing recorded.")


def _guess(f: Fields) -> str:
    data = f.obj("data")
    if "event" in data:
        return "event_alert"
    return next((k for k in ("issue", "metric_alert") if k in data), "unknown")


def _issue(f: Fields, action: str) -> Parsed:
    status = ISSUE_ACTIONS.get(action)
    if status is None:
        return Parsed.ignore(f"Issue '{action[:60]}' does not change whether it is firing.")
    ident = f.text("data.issue.id", required=True)
    name = f.text("data.issue.title", required=True)
    started, offset = f.when("data.issue.firstSeen")
    f.check()
    return _one(
        f,
        key=f"issue:{ident}",
        service=f.first("data.issue.project.slug", "data.issue.project.name"),
        name=name,
        status=status,
        started=(started, offset),
        severity=f.text("data.issue.level", limit=40),
        summary=f.first("data.issue.culprit", "data.issue.metadata.value", limit=2000),
        url=f.first("data.issue.permalink", "data.issue.web_url", limit=2000),
    )


def _event_alert(f: Fields) -> Parsed:
    ident = f.text("data.event.event_id", required=True)
    name = f.first("data.event.title", "data.event.message") or "Sentry event"
    started, offset = f.when("data.event.datetime")
    f.check()
    found = PROJECT_IN_URL.search(f.text("data.event.url", limit=2000))
    tags = {
        t[0]: t[1]
        for t in f.items("data.event.tags")
        if isinstance(t, list) and len(t) == 2 and all(isinstance(x, str) for x in t)
    }
    return _one(
        f,
        key=f"event:{ident}",
        service=str(tags.get("service") or (found.group(1) if found else "")),
        name=name,
        status=AlertStatus.FIRING,
        started=(started, offset),
        environment=str(tags.get("environment") or f.text("data.event.environment")),
        severity=f.text("data.event.level", limit=40),
        summary=f"Alert rule: {f.text('data.triggered_rule')}",
        url=f.text("data.event.web_url", limit=2000),
    )


def _metric_alert(f: Fields, action: str) -> Parsed:
    status = METRIC_ACTIONS.get(action)
    if status is None:
        return Parsed.ignore(f"Metric alert '{action[:60]}' is not a state change.")
    ident = f.text("data.metric_alert.id", required=True)
    name = f.first("data.metric_alert.alert_rule.name", "data.description_title")
    started, offset = f.when("data.metric_alert.date_started")
    closed = f.time("data.metric_alert.date_closed")
    f.check()
    projects = f.items("data.metric_alert.projects")
    return _one(
        f,
        key=f"metric_alert:{ident}",
        service=str(projects[0]) if projects and isinstance(projects[0], str) else "",
        name=name or "Sentry metric alert",
        status=status,
        started=(started, offset),
        ended=(closed[0] if closed else utcnow()) if status is AlertStatus.RESOLVED else None,
        environment=f.text("data.metric_alert.alert_rule.environment", limit=80),
        severity=action if status is AlertStatus.FIRING else "",
        summary=f.text("data.description_text", limit=2000),
        url=f.text("data.web_url", limit=2000),
    )


def _one(
    f: Fields,
    *,
    started: tuple[dt.datetime, int],
    status: AlertStatus,
    ended: dt.datetime | None = None,
    **fields: Any,
) -> Parsed:
    if status is AlertStatus.RESOLVED and ended is None:
        ended = utcnow()
    alert = AlertEvent(
        started_at=started[0],
        utc_offset_minutes=started[1],
        status=status,
        ended_at=ended,
        raw=f.data,
        **fields,
    )
    return Parsed(alerts=[alert])
