"""Incidents and the parts of their reviews."""

from __future__ import annotations

import datetime as dt

from app.accounts.models import User
from app.catalog import services as catalog
from app.incidents import actions, factors, services, timeline
from app.incidents.enums import EntryKind, FactorCategory, Milestone, Severity, Visibility
from app.incidents.models import ActionItem, ContributingFactor, Incident, TimelineEntry

T0 = dt.datetime(2026, 11, 24, 22, 30, tzinfo=dt.UTC)


def make_service(name: str = "checkout", team: str | None = None):
    owning = catalog.create_team(name=team) if team else None
    return catalog.create_service(name=name, team=owning)


def make_incident(
    owner: User,
    *,
    title: str = "Checkout returned errors after a config change",
    severity: Severity = Severity.SEV2,
    services_: list[str] | None = None,
    team: str | None = None,
    tags: list[str] | None = None,
    visibility: Visibility = Visibility.INTERNAL,
    **sections: str,
) -> Incident:
    incident = services.create_incident(
        actor=owner,
        basics=services.Basics(
            title=title,
            severity=severity,
            services=services_ or [],
            team=team,
            tags=tags or [],
            visibility=visibility,
        ),
    )
    if sections:
        services.update_sections(
            actor=owner, incident=incident, sections=sections, expected_version=None
        )
    return incident


def make_entry(
    incident: Incident,
    author: User,
    *,
    at: dt.datetime = T0,
    body: str = "Error rate on checkout rose to 12%.",
    kind: EntryKind = EntryKind.NOTE,
    milestone: Milestone | None = None,
) -> TimelineEntry:
    return timeline.add_entry(
        actor=author,
        incident=incident,
        data=timeline.EntryInput(occurred_at=at, kind=kind, body=body, milestone=milestone),
    )


def make_factor(
    incident: Incident,
    actor: User,
    *,
    category: FactorCategory = FactorCategory.CHANGE,
    description: str = "The config change reached every region at once.",
) -> ContributingFactor:
    return factors.add_factor(
        actor=actor, incident=incident, category=category, description=description
    )


def make_action(incident: Incident, actor: User, **fields) -> ActionItem:
    data = actions.ActionInput(title=fields.pop("title", "Add a canary stage to config pushes"))
    for name, value in fields.items():
        setattr(data, name, value)
    return actions.add_action(actor=actor, incident=incident, data=data)


def make_complete_review(owner: User, **basics) -> Incident:
    """A draft with everything submit asks for: sections, timeline, factors, an action."""
    incident = make_incident(
        owner,
        summary="Checkout returned errors for 38 minutes after a pool size change.",
        impact="About 4% of orders failed between 22:40 and 23:18 UTC.",
        **basics,
    )
    make_entry(incident, owner, at=T0, milestone=Milestone.STARTED, body="Error rate rose.")
    make_entry(
        incident,
        owner,
        at=T0 + dt.timedelta(minutes=38),
        milestone=Milestone.RESOLVED,
        kind=EntryKind.RESOLUTION,
        body="Error rate back to baseline after the rollback.",
    )
    make_factor(incident, owner)
    make_action(incident, owner)
    return incident


def publish_example(owner: User) -> Incident:
    """A published review tagged as the worked example for first-time authors."""
    from app.reviews import services as reviews
    from tests.factories.accounts import make_user

    incident = make_complete_review(owner, tags=["worked-example"])
    reviews.submit(actor=owner, incident=incident, acknowledge_language=True)
    reviewer = make_user(name="Example Reviewer")
    reviews.approve(actor=reviewer, incident=incident)
    reviews.publish(actor=owner, incident=incident, min_approvals=1)
    return incident
