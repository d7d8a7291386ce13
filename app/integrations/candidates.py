"""Suggestions for an incident: deploys before its start and alerts while it lasted."""

from __future__ import annotations

import datetime as dt
import logging
import math
import os
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.catalog.models import Service
from app.clock import utcnow
from app.errors import NotFound
from app.extensions import db
from app.incidents import permissions
from app.incidents.models import Incident
from app.integrations import suggestions as rank
from app.integrations.enums import Relation
from app.integrations.models import Alert, ChangeLink, Deploy, NoChangeVerdict

log = logging.getLogger(__name__)

DEFAULT_WINDOW_HOURS = 24
AFTER_START = dt.timedelta(minutes=5)
ALERT_LEAD = dt.timedelta(minutes=30)
LONGEST_INCIDENT = dt.timedelta(days=7)
SUGGESTED = 25


def deploy_window() -> dt.timedelta:
    """Return how far before an incident's start deploys are suggested (DEPLOY_WINDOW_HOURS)."""
    raw = current_app.config.get("DEPLOY_WINDOW_HOURS") or os.environ.get("DEPLOY_WINDOW_HOURS")
    try:
        hours = float(raw) if raw not in (None, "") else DEFAULT_WINDOW_HOURS
    except (TypeError, ValueError):
        hours = math.nan
    if not math.isfinite(hours):
        log.warning("DEPLOY_WINDOW_HOURS=%r is not a number; using %s", raw, DEFAULT_WINDOW_HOURS)
        hours = DEFAULT_WINDOW_HOURS
    return dt.timedelta(hours=min(max(hours, 0.25), 24 * 30))


@dataclass(frozen=True)
class Candidate:
    """A deploy or alert suggested for an incident, with its score, reason and decision."""

    kind: str  # "deploy" or "alert"
    record: Deploy | Alert
    score: int
    reason: str
    link: ChangeLink | None

    @property
    def relation(self) -> Relation | None:
        return self.link.relation if self.link else None

    @property
    def production(self) -> bool:
        return isinstance(self.record, Deploy) and self.record.is_production


def candidates(viewer: User, incident: Incident) -> list[Candidate]:
    """Return the deploys (production first) then alerts suggested for `incident`."""
    if not permissions.can_view(viewer, incident):
        raise NotFound(f"No incident {incident.ref}.")
    links = _links(incident)
    start = incident.started_at or incident.detected_at
    match = _matcher(incident)
    deploys = _nearby(Deploy, incident, start, match) + [
        lk.deploy for lk in links.values() if lk.deploy is not None
    ]
    alerts = _nearby(Alert, incident, start, match) + [
        lk.alert for lk in links.values() if lk.alert is not None
    ]
    anchor = start or incident.created_at
    found = [_candidate(d, anchor, match, links) for d in dict.fromkeys(deploys)]
    found.sort(key=lambda c: (not c.production, -c.score, c.record.id))
    noticed = [_candidate(a, anchor, match, links) for a in dict.fromkeys(alerts)]
    noticed.sort(key=lambda c: (-c.score, c.record.id))
    return found + noticed


def verdict(incident: Incident) -> NoChangeVerdict | None:
    """Return the "no change involved" verdict recorded for `incident`, if any."""
    return db.session.get(NoChangeVerdict, incident.id)


def _links(incident: Incident) -> dict[tuple[str, int], ChangeLink]:
    query = select(ChangeLink).where(ChangeLink.incident_id == incident.id)
    query = query.options(selectinload(ChangeLink.deploy), selectinload(ChangeLink.alert))
    found = {}
    for link in db.session.scalars(query):
        found["deploy" if link.deploy_id else "alert", link.deploy_id or link.alert_id] = link
    return found


def _candidate(record, start, match, links) -> Candidate:
    kind = "deploy" if isinstance(record, Deploy) else "alert"
    how = match(record.service) or rank.Match(rank.ELSEWHERE, "linked by hand")
    if kind == "deploy":
        score, reason = (
            rank.deploy_score(record, start, how),
            rank.deploy_reason(record, start, how),
        )
    else:
        score, reason = rank.alert_score(record, start, how), rank.alert_reason(record, start, how)
    return Candidate(kind, record, score, reason, links.get((kind, record.id)))


def _matcher(incident: Incident) -> Callable[[Service | None], rank.Match | None]:
    ids = {s.id for s in incident.services}
    teams = {s.team_id for s in incident.services if s.team_id} | {incident.team_id} - {None}
    names = ", ".join(s.name for s in incident.services)

    def match(service: Service | None) -> rank.Match | None:
        if not ids:
            return rank.Match(rank.ELSEWHERE, "the incident names no services yet")
        if service is None:
            return None
        if service.id in ids:
            return rank.Match(rank.SAME_SERVICE)
        if service.team_id in teams:
            return rank.Match(rank.SAME_TEAM, f"{service.name} shares a team with {names}")
        return None

    return match


def _nearby(model, incident: Incident, start: dt.datetime | None, match) -> list:
    if start is None:
        return []
    window = deploy_window()
    query = select(model).options(selectinload(model.service))
    if model is Deploy:
        query = query.where(Deploy.started_at.between(start - window, start + AFTER_START))
    else:
        end = (
            incident.resolved_at or incident.mitigated_at or min(utcnow(), start + LONGEST_INCIDENT)
        )
        query = query.where(
            Alert.started_at.between(start - window, max(end, start)),
            or_(Alert.ended_at.is_(None), Alert.ended_at >= start - ALERT_LEAD),
        )
    if incident.services:
        teams = {s.team_id for s in incident.services if s.team_id} | {incident.team_id} - {None}
        related = select(Service.id).where(
            or_(Service.id.in_([s.id for s in incident.services]), Service.team_id.in_(teams))
        )
        query = query.where(model.service_id.in_(related))
    rows = db.session.scalars(query.order_by(model.started_at.desc()).limit(SUGGESTED * 4))
    return [r for r in rows if match(r.service) is not None][: SUGGESTED * 2]
