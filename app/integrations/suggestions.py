"""Score and explain deploys and alerts near an incident. Correlation is a hint, never blame."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.integrations.enums import AlertStatus, DeployStatus
from app.integrations.models import Alert, Deploy
from app.integrations.wording import relative, short_sha, span

DEPLOY_HALF_LIFE = dt.timedelta(hours=2)
ALERT_HALF_LIFE = dt.timedelta(hours=1)
AFTER_START = 0.7  # recorded starts are approximate: a deploy just after still counts, less
SAME_SERVICE, SAME_TEAM, ELSEWHERE = 1.0, 0.5, 0.25
NON_PRODUCTION = 0.5


@dataclass(frozen=True)
class Match:
    """How a record's service relates to the incident's services."""

    factor: float
    note: str = ""


def deploy_score(deploy: Deploy, start: dt.datetime, match: Match) -> int:
    """Score 0..100: closer before the start, same service and production score higher."""
    before = start - deploy.started_at
    closeness = 0.5 ** (max(before, dt.timedelta()) / DEPLOY_HALF_LIFE)
    if before < dt.timedelta():
        closeness *= AFTER_START
    environment = 1.0 if deploy.is_production else NON_PRODUCTION
    return round(100 * closeness * match.factor * environment)


def deploy_reason(deploy: Deploy, start: dt.datetime, match: Match) -> str:
    """Say why a deploy is suggested: 'checkout v2.3.1 to production 12 minutes before ...'."""
    what = deploy.version or short_sha(deploy.commit_sha) or "a deploy"
    service = deploy.service.name if deploy.service else deploy.service_name or "a service"
    words = f"{service} {what} to {deploy.environment or 'an unnamed environment'}"
    words += f" {relative(deploy.started_at, start)}"
    if deploy.status is DeployStatus.IN_PROGRESS:
        words += ", still in progress at the last update"
    elif deploy.status in {DeployStatus.FAILURE, DeployStatus.ERROR}:
        words += f", which ended in {deploy.status.value}"
    return words + (f"; {match.note}" if match.note else "")


def alert_score(alert: Alert, start: dt.datetime, match: Match) -> int:
    """Score 0..100: alerts that fired close to the start on the same service score higher."""
    closeness = 0.5 ** (abs(alert.started_at - start) / ALERT_HALF_LIFE)
    return round(100 * closeness * match.factor)


def alert_reason(alert: Alert, start: dt.datetime, match: Match) -> str:
    """Say why an alert is suggested: 'HighErrorRate on checkout fired 3 minutes before ...'."""
    service = alert.service.name if alert.service else alert.service_name or "an unknown service"
    words = f"{alert.name} on {service} fired {relative(alert.started_at, start)}"
    if alert.status is AlertStatus.RESOLVED and alert.ended_at:
        words += f" and resolved after {span(alert.ended_at - alert.started_at)}"
    elif alert.status is AlertStatus.ACKNOWLEDGED:
        words += " and was acknowledged"
    else:
        words += " and had not resolved at the last update"
    return words + (f"; {match.note}" if match.note else "")
