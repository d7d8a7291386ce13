"""Deploys and alerts people confirmed as linked to a review, as the exports list them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.incidents.models import Incident
from app.integrations.enums import Relation
from app.integrations.models import Alert, ChangeLink, Deploy, NoChangeVerdict


@dataclass(frozen=True)
class Linked:
    """A deploy or alert linked to the incident, as a reader needs to see it."""

    kind: str  # "deploy" or "alert"
    relation: str  # "Suspected trigger" or "Related"
    title: str
    service: str
    at: dt.datetime | None
    url: str | None = None
    note: str = ""


def linked(incident: Incident) -> list[Linked]:
    """Return the deploys and alerts confirmed for `incident` (dismissed ones left out)."""
    query = (
        select(ChangeLink)
        .where(ChangeLink.incident_id == incident.id, ChangeLink.relation != Relation.DISMISSED)
        .options(
            selectinload(ChangeLink.deploy).selectinload(Deploy.service),
            selectinload(ChangeLink.alert).selectinload(Alert.service),
        )
    )
    found = [_linked(link) for link in db.session.scalars(query)]
    return sorted(found, key=lambda item: (item.at is None, item.at, item.kind, item.title))


def no_change(incident: Incident) -> NoChangeVerdict | None:
    """Return the recorded answer "no change was involved", if someone gave it."""
    return db.session.get(NoChangeVerdict, incident.id)


def _linked(link: ChangeLink) -> Linked:
    relation = link.relation.label
    if link.deploy is not None:
        deploy = link.deploy
        what = deploy.version or deploy.commit_sha[:12] or "deploy"
        title = f"{what} to {deploy.environment}" if deploy.environment else what
        return Linked(
            "deploy",
            relation,
            title,
            _service(deploy),
            deploy.started_at,
            _web(deploy.url),
            link.note,
        )
    alert = link.alert
    assert alert is not None  # a link is to a deploy or an alert (a CHECK says so)
    return Linked(
        "alert", relation, alert.name, _service(alert), alert.started_at, _web(alert.url), link.note
    )


def _service(record: Deploy | Alert) -> str:
    return record.service.name if record.service else record.service_name


def _web(url: str | None) -> str | None:
    """Keep a link only if it is a web address: it came in a webhook, not from a person."""
    return url if url and url.lower().startswith(("https://", "http://")) else None
