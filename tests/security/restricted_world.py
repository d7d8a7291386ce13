"""The world the restricted-surfaces test walks: a sealed review next to an open one.

Built through the real services (which flush) at named instants in week 49, so that the
review is published, indexed, in the digest and the feed, linked to a deploy and an alert,
and counted by insights and the service page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from freezegun import freeze_time

from app.accounts.models import User
from app.accounts.tokens import create_token
from app.catalog.services import get_or_create_tag
from app.digests import services as digests
from app.extensions import db
from app.incidents.enums import Visibility
from app.incidents.models import Incident
from app.integrations import links
from app.integrations.enums import Relation
from app.reviews import services as reviews
from app.search import index
from tests.digests.builders import WEDNESDAY_1400, incident, published
from tests.factories.accounts import make_user
from tests.factories.incidents import make_action, make_entry, make_factor
from tests.integrations.factories import make_alert, make_deploy

# Words found only in the restricted review: its title, summary, timeline entry and tag.
SECRETS = ("quokkafrost", "zanzibarite", "marmalux", "wombatine")
START = WEDNESDAY_1400 - dt.timedelta(days=2)


@dataclass
class World:
    """Who looks, at what, with which API tokens."""

    secret: Incident
    public: Incident
    owner: User
    outsider: User
    reviewer: User
    tokens: dict[str, str]


def build() -> World:
    """Publish the restricted review and its open neighbour; subscribe both people."""
    owner = make_user(email="olu@example.com", name="Olu Owner", password=None)
    outsider = make_user(email="oscar@example.com", name="Oscar Outsider", password=None)
    reviewer = make_user(email="rae@example.com", name="Rae Reviewer", password=None)
    secret = incident(
        owner,
        started=START,
        title="Turnstile quokkafrost badge leak",
        services=["auth"],
        visibility=Visibility.RESTRICTED,
    )
    _write_and_link(secret, owner)
    _publish(secret, owner)
    public = published(
        owner, at=WEDNESDAY_1400, title="Turnstile latency at the gateway", services=["auth"]
    )
    for person in (owner, outsider):
        digests.set_subscription(actor=person, subscribed=True)
    tokens = {p.email: create_token(user=p, name="surfaces")[1] for p in (owner, outsider)}
    db.session.commit()
    return World(secret, public, owner, outsider, reviewer, tokens)


def _write_and_link(secret: Incident, owner: User) -> None:
    deploy = make_deploy(service="auth", version="v9.9.9", started_at=START - dt.timedelta(hours=1))
    alert = make_alert(
        service="auth", name="AuthErrorRate", started_at=START + dt.timedelta(minutes=3)
    )
    with freeze_time(START + dt.timedelta(hours=2)):
        secret.summary = "Badge secrets were readable by zanzibarite tooling."
        secret.impact = "Nobody outside the team could have used them."
        secret.surprised = "The badge service logged whole requests."
        secret.tags = [get_or_create_tag("wombatine")]
        make_entry(secret, owner, at=START, body="Rotated every marmalux key.")
        make_factor(secret, owner)
        make_action(secret, owner)
        for kind, record, relation in (
            ("deploy", deploy, Relation.SUSPECTED_TRIGGER),
            ("alert", alert, Relation.RELATED),
        ):
            links.decide(
                actor=owner, incident=secret, kind=kind, record_id=record.id, relation=relation
            )
        index.reindex(secret)


def _publish(secret: Incident, owner: User) -> None:
    with freeze_time(WEDNESDAY_1400 - dt.timedelta(minutes=5)):
        peer = make_user(name="Reviewing Peer", password=None)
        reviews.request_reviewer(actor=owner, incident=secret, reviewer=peer)
        reviews.submit(actor=owner, incident=secret, acknowledge_language=True)
        reviews.approve(actor=peer, incident=secret)
    with freeze_time(WEDNESDAY_1400):
        reviews.publish(actor=owner, incident=secret, min_approvals=1)
    secret.started_at = START  # the review's steps set no key times; keep the one we chose
    db.session.flush()
