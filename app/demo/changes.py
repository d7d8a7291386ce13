"""Deploys and alerts around the demo incidents, as the pipelines and alerting would have sent.

They go through the same ingestion as webhooks, so every incident page of the demo shows
suggested deploys and alerts to confirm or dismiss, and the noise report has a flaky alert.
Flush, never commit.
"""

from __future__ import annotations

import datetime as dt
import zlib

from app.incidents.models import Incident
from app.integrations import ingest
from app.integrations.enums import AlertStatus, DeployStatus, Source
from app.integrations.events import AlertEvent, DeployEvent, Parsed

MINUTE = dt.timedelta(minutes=1)
DEPLOYERS = ("release-bot", "argo-cd", "ci-pipeline")


def load_changes(incidents: list[Incident], *, now: dt.datetime) -> tuple[int, int]:
    """Record deploys and alerts around each incident that has begun; return their numbers."""
    deploys: list[DeployEvent] = []
    alerts: list[AlertEvent] = []
    for incident in incidents:
        if incident.started_at is None or not incident.services:
            continue
        deploys += _deploys_before(incident)
        alerts += _alerts_during(incident, now=now)
    alerts += _flaky_alerts(incidents, now=now)
    ingest.record(source=Source.DEPLOYS, parsed=Parsed(deploys=deploys))
    ingest.record(source=Source.ALERTS, parsed=Parsed(alerts=alerts))
    return len(deploys), len(alerts)


def _version(incident: Incident, bump: int) -> str:
    seed = zlib.crc32(incident.ref.encode())
    return f"v{seed % 4 + 1}.{seed // 7 % 20}.{bump}"


def _deploys_before(incident: Incident) -> list[DeployEvent]:
    """A production deploy minutes before the start, its staging run, and an unrelated one."""
    service = incident.services[0].name
    start = incident.started_at
    seed = zlib.crc32(incident.ref.encode())
    lead = dt.timedelta(minutes=8 + seed % 20)
    events = [
        _deploy(incident, service, "production", start - lead, _version(incident, 1)),
        _deploy(incident, service, "staging", start - lead - 55 * MINUTE, _version(incident, 1)),
        _deploy(
            incident, service, "production", start - dt.timedelta(hours=9), _version(incident, 0)
        ),
    ]
    if len(incident.services) > 1:
        other = incident.services[1].name
        events.append(_deploy(incident, other, "production", start - 3 * lead, "v1.8.2"))
    return events


def _deploy(
    incident: Incident, service: str, environment: str, at: dt.datetime, version: str
) -> DeployEvent:
    seed = zlib.crc32(f"{incident.ref}{service}{environment}{at}".encode())
    return DeployEvent(
        key=f"demo-{seed:08x}",
        service=service,
        environment=environment,
        status=DeployStatus.SUCCESS,
        started_at=at,
        finished_at=at + 4 * MINUTE,
        utc_offset_minutes=0,
        raw={"demo": True, "incident": incident.ref},
        version=version,
        commit_sha=f"{seed:08x}{seed ^ 0x5F3759DF:08x}"[:16],
        deployer=DEPLOYERS[seed % len(DEPLOYERS)],
        description=f"Deploy {service} {version}",
    )


def _alerts_during(incident: Incident, *, now: dt.datetime) -> list[AlertEvent]:
    """The alert that paged someone: fired near detection, resolved when the incident was."""
    service = incident.services[0].name
    fired = incident.detected_at or incident.started_at + 3 * MINUTE
    ended = incident.resolved_at if incident.resolved_at and incident.resolved_at < now else None
    name = "".join(part.title() for part in service.split("-")) + "ErrorRateHigh"
    return [
        AlertEvent(
            key=f"demo-{incident.ref}-page",
            service=service,
            name=name,
            status=AlertStatus.RESOLVED if ended else AlertStatus.FIRING,
            started_at=fired - MINUTE,
            ended_at=ended,
            utc_offset_minutes=0,
            raw={"demo": True, "incident": incident.ref},
            environment="production",
            severity="critical",
            summary=f"Error rate on {service} above 5% for 2 minutes",
        )
    ]


def _flaky_alerts(incidents: list[Incident], *, now: dt.datetime) -> list[AlertEvent]:
    """An alert that fires and clears on its own every few days: the noise report's example."""
    services = [i.services[0].name for i in incidents if i.services]
    if not services:
        return []
    service = services[0]
    events = []
    for day in range(2, 60, 3):
        fired = (now - dt.timedelta(days=day)).replace(hour=3, minute=17, second=0, microsecond=0)
        events.append(
            AlertEvent(
                key=f"demo-flaky-{day}",
                service=service,
                name="DiskAlmostFull",
                status=AlertStatus.RESOLVED,
                started_at=fired,
                ended_at=fired + 2 * MINUTE,
                utc_offset_minutes=0,
                raw={"demo": True},
                environment="production",
                severity="warning",
                summary="Disk usage above 90% on one node",
            )
        )
    return events
