"""GitHub `deployment` and `deployment_status` events; `ping` is answered, others ignored."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.integrations.enums import DeployStatus
from app.integrations.events import DeployEvent, Parsed
from app.integrations.payload import Fields, InvalidPayload

USED = ("deployment", "deployment_status")
STATES = {s.value: s for s in DeployStatus}
FINISHED = {DeployStatus.SUCCESS, DeployStatus.FAILURE, DeployStatus.ERROR}
STATUS_URLS = ("target_url", "environment_url", "log_url")


def parse(payload: Any, headers: Mapping[str, str]) -> Parsed:
    """Read one GitHub delivery; a deployment's statuses update the deployment's record."""
    event = headers.get("X-GitHub-Event", "").strip()
    if not event:
        raise InvalidPayload({"X-GitHub-Event": "Required header; GitHub sends it every time."})
    if event == "ping":
        return Parsed.ignore("pong: GitHub reached Hindsight and the signature is valid.", 200)
    if event not in USED:
        return Parsed.ignore(
            f"'{event[:60]}' events are not used; subscribe to Deployments and "
            "Deployment statuses only."
        )
    f = Fields(payload)
    f.obj("deployment", required=True)
    ident = f.text("deployment.id", required=True)
    created, offset = f.when("deployment.created_at")
    deploy = DeployEvent(
        key=f"deployment:{ident}",
        # A deployment's own payload may name the service and version; else the repository.
        service=f.first("deployment.payload.service") or f.text("repository.name", required=True),
        environment=f.text("deployment.environment", required=True, limit=80),
        status=DeployStatus.PENDING,
        started_at=created,
        utc_offset_minutes=offset,
        version=f.first("deployment.payload.version", "deployment.ref"),
        commit_sha=f.text("deployment.sha", limit=80),
        deployer=f.text("deployment.creator.login"),
        description=f.text("deployment.description", limit=2000),
        url=f.text("repository.html_url", limit=2000),
        event_at=created,
        raw=payload,
    )
    production = f.raw("deployment.production_environment")
    if isinstance(production, bool):
        deploy.production = production
    if event == "deployment_status":
        _apply_status(f, deploy)
    f.check()
    return Parsed(deploys=[deploy])


def _apply_status(f: Fields, deploy: DeployEvent) -> None:
    state = f.text("deployment_status.state", required=True).lower()
    if state and state not in STATES:
        f.fail("deployment_status.state", f"Unknown state; one of {', '.join(STATES)}.")
    deploy.status = STATES.get(state, DeployStatus.PENDING)
    at = f.time("deployment_status.created_at")
    deploy.event_at = at[0] if at else deploy.started_at
    deploy.url = f.first(*(f"deployment_status.{u}" for u in STATUS_URLS), limit=2000) or deploy.url
    if deploy.status in FINISHED:
        deploy.finished_at = deploy.event_at
    if description := f.text("deployment_status.description", limit=2000):
        deploy.description = description
