"""The timeline text for a confirmed deploy or alert: what changed, never who changed it."""

from __future__ import annotations

from app.integrations.enums import AlertStatus
from app.integrations.models import Alert, Deploy
from app.integrations.wording import escape, link, short_sha, span


def entry_body(record: Deploy | Alert) -> str:
    """Describe a deploy or alert for the timeline, in Markdown."""
    if isinstance(record, Deploy):
        return _deploy(record)
    return _alert(record)


def _service(record: Deploy | Alert) -> str:
    return record.service.name if record.service else record.service_name or "an unnamed service"


def _deploy(deploy: Deploy) -> str:
    sha = short_sha(deploy.commit_sha)
    if deploy.version:
        what = f"{deploy.version} ({sha})" if sha else deploy.version
    else:
        what = sha or "a new version"
    where = escape(deploy.environment or "an unnamed environment")
    text = f"Deploy of {escape(_service(deploy))} {escape(what)} to {where} started"
    text += f" ({deploy.source.label}, status {deploy.status.label.lower()})."
    if deploy.finished_at:
        text += f" It finished after {span(deploy.finished_at - deploy.started_at)}."
    return text + link(deploy.url)


def _alert(alert: Alert) -> str:
    text = f"Alert {escape(alert.name)} fired on {escape(_service(alert))} ({alert.source.label})."
    if alert.summary:
        text += f" {escape(alert.summary[:300])}."
    if alert.status is AlertStatus.RESOLVED and alert.ended_at:
        text += f" It resolved after {span(alert.ended_at - alert.started_at)}."
    return text + link(alert.url)
