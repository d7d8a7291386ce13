"""Reviews at chosen moments, for digest and insights tests: built through the real services."""

from __future__ import annotations

import datetime as dt

from freezegun import freeze_time
from sqlalchemy import select

from app.accounts.models import User
from app.catalog import services as catalog
from app.catalog.models import Service, Team
from app.extensions import db
from app.incidents.enums import FactorCategory, Severity, Visibility
from app.incidents.models import Incident
from app.reviews import services as reviews
from tests.factories.accounts import make_user
from tests.factories.incidents import make_action, make_entry, make_factor, make_incident

# Named instants (UTC). 2026-W49 runs Monday 30 Nov to Sunday 6 Dec 2026.
MONDAY_0900 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
WEDNESDAY_1400 = dt.datetime(2026, 12, 2, 14, 0, tzinfo=dt.UTC)
FRIDAY_1700 = dt.datetime(2026, 12, 4, 17, 0, tzinfo=dt.UTC)
NEXT_MONDAY_0700 = dt.datetime(2026, 12, 7, 7, 0, tzinfo=dt.UTC)  # cron time: W49 has ended
WEEK = "2026-W49"


def ensure_catalog(*, services: list[str] = (), team: str | None = None) -> None:
    """Create the team and services a test names, if they are not there yet."""
    if team and db.session.scalar(select(Team).where(Team.name == team)) is None:
        catalog.create_team(name=team)
    for name in services:
        if db.session.scalar(select(Service).where(Service.name == name)) is None:
            catalog.create_service(name=name, team=None)


def incident(
    owner: User,
    *,
    started: dt.datetime,
    severity: Severity = Severity.SEV2,
    detect: dt.timedelta | None = dt.timedelta(minutes=10),
    resolve: dt.timedelta | None = dt.timedelta(hours=1),
    services: list[str] = (),
    team: str | None = None,
    visibility: Visibility = Visibility.INTERNAL,
    factors: list[FactorCategory] = (),
    title: str = "Checkout errors after a pool size change",
) -> Incident:
    """A draft incident that started at `started`, with its key times and factors."""
    ensure_catalog(services=list(services), team=team)
    with freeze_time(started):
        found = make_incident(
            owner,
            title=title,
            severity=severity,
            services_=list(services),
            team=team,
            visibility=visibility,
        )
        for category in factors:
            make_factor(found, owner, category=category)
    found.started_at = started
    found.detected_at = started + detect if detect is not None else None
    found.mitigated_at = started + resolve / 2 if resolve is not None else None
    found.resolved_at = started + resolve if resolve is not None else None
    db.session.flush()
    return found


def published(
    owner: User,
    *,
    at: dt.datetime,
    started: dt.datetime | None = None,
    reviewer: User | None = None,
    summary: str = "Checkout returned errors for 38 minutes after a pool size change.",
    surprised: str = "The pool size was read at start-up only.",
    **fields,
) -> Incident:
    """A review first published at `at`, about an incident that started earlier."""
    start = started or at - dt.timedelta(days=2)
    found = incident(owner, started=start, **fields)
    with freeze_time(start + dt.timedelta(hours=2)):
        found.summary, found.impact, found.surprised = (
            summary,
            "About 4% of orders failed.",
            surprised,
        )
        make_entry(found, owner, at=start, body="Error rate rose.")
        if not found.factors:
            make_factor(found, owner)
        make_action(found, owner)
    with freeze_time(at - dt.timedelta(minutes=5)):
        peer = reviewer or make_user(name="Reviewing Peer", password=None)
        reviews.request_reviewer(actor=owner, incident=found, reviewer=peer)  # may read it
        reviews.submit(actor=owner, incident=found, acknowledge_language=True)
        reviews.approve(actor=peer, incident=found)
    with freeze_time(at):
        reviews.publish(actor=owner, incident=found, min_approvals=1)
    # The review's own steps set no key times; put back the ones the test asked for.
    found.started_at = start
    db.session.flush()
    return found
