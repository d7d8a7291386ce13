"""The generic deploy webhook: one JSON object per deploy, from any pipeline or CD tool."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.integrations.enums import DeployStatus
from app.integrations.events import DeployEvent, Parsed, digest
from app.integrations.payload import Fields

STATUSES = {s.value: s for s in DeployStatus} | {
    "started": DeployStatus.IN_PROGRESS,
    "running": DeployStatus.IN_PROGRESS,
    "succeeded": DeployStatus.SUCCESS,
    "successful": DeployStatus.SUCCESS,
    "failed": DeployStatus.FAILURE,
    "errored": DeployStatus.ERROR,
}


def parse(payload: Any, headers: Mapping[str, str]) -> Parsed:
    """Read `{service, environment, started_at, ...}`; see the README for every field."""
    f = Fields(payload)
    if not isinstance(payload, Mapping):
        f.fail("", "Send one JSON object describing the deploy.")
        f.check()
    service = f.text("service", required=True)
    environment = f.text("environment", required=True, limit=80)
    started = f.time("started_at")
    finished = f.time("finished_at")
    if started is None and finished is None and "started_at" not in f.errors:
        f.fail("started_at", "Required (or give finished_at): ISO 8601 with an offset.")
    status = _status(f, finished is not None)
    production = f.raw("production")
    if production is not None and not isinstance(production, bool):
        f.fail("production", "Must be true or false.")
    f.check()
    begun = started or finished
    if begun is None:  # checked above; keeps type checkers content
        return Parsed.ignore("no time given")
    version, commit = f.text("version"), f.text("commit", limit=80)
    ident = f.text("id")
    key = f"id:{ident}" if ident else digest(service, environment, version, commit, begun[0])
    return Parsed(
        deploys=[
            DeployEvent(
                key=key,
                service=service,
                environment=environment,
                status=status,
                started_at=begun[0],
                utc_offset_minutes=begun[1],
                finished_at=finished[0] if finished else None,
                version=version,
                commit_sha=commit,
                deployer=f.text("deployer"),
                description=f.text("description", limit=2000),
                url=f.text("url", limit=2000),
                production=production if isinstance(production, bool) else None,
                raw=dict(payload),
            )
        ]
    )


def _status(f: Fields, finished: bool) -> DeployStatus:
    given = f.text("status").lower()
    if not given:
        return DeployStatus.SUCCESS if finished else DeployStatus.IN_PROGRESS
    if given not in STATUSES:
        f.fail("status", f"Unknown status; one of {', '.join(STATUSES)}.")
        return DeployStatus.PENDING
    return STATUSES[given]
