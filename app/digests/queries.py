"""Reads for the digest's member pages: profile state, nominations, the recipient list."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, url_for
from sqlalchemy import select

from app.accounts.models import User
from app.digests import recipients, services
from app.digests import tokens as signed
from app.digests.models import DefaultRecipient, Nomination, OptOut, Subscription
from app.extensions import db
from app.incidents.enums import Status
from app.incidents.models import Incident


@dataclass(frozen=True)
class ProfileState:
    subscribed: bool
    feed_url: str | None  # the personal feed link, while one is on


def profile_state(user: User) -> ProfileState:
    """Return whether `user` gets the email, and their feed link if they made one."""
    key = services.feed_key(user)
    feed_url = None
    if key is not None:
        token = signed.feed_token(user.id, key.key)
        base = current_app.config.get("BASE_URL", "").rstrip("/")
        feed_url = base + url_for("digests.feed", token=token)
    return ProfileState(services.is_subscribed(user), feed_url)


@dataclass(frozen=True)
class NominationState:
    count: int
    mine: bool
    allowed: bool  # published, and not the viewer's own review


def nomination_state(incident: Incident, user: User) -> NominationState:
    """Return how many peers nominated a review, and whether `user` did or may."""
    rows = db.session.scalars(
        select(Nomination.user_id).where(Nomination.incident_id == incident.id)
    ).all()
    allowed = incident.status is Status.PUBLISHED and incident.owner_id != user.id
    return NominationState(len(rows), user.id in rows, allowed)


@dataclass(frozen=True)
class RecipientOverview:
    defaults: list[DefaultRecipient]
    configured: list[str]
    invalid: list[str]
    subscribers: list[User]
    opted_out: list[str]
    total: int


def recipient_overview() -> RecipientOverview:
    """Return every source of recipients, for the admins' page."""
    raw = current_app.config.get("DIGEST_RECIPIENTS", "")
    configured, invalid = recipients.configured(raw)
    subscribers = db.session.scalars(
        select(User).join(Subscription, Subscription.user_id == User.id).order_by(User.name)
    ).all()
    return RecipientOverview(
        defaults=list(
            db.session.scalars(select(DefaultRecipient).order_by(DefaultRecipient.email))
        ),
        configured=configured,
        invalid=invalid,
        subscribers=list(subscribers),
        opted_out=list(db.session.scalars(select(OptOut.email).order_by(OptOut.email))),
        total=len(recipients.resolve(raw).recipients),
    )
