"""Writes for the digest: subscriptions, opt-outs, default recipients, feed keys, nominations.

Like every service: plain values and an explicit actor; flush, never commit.
"""

from __future__ import annotations

import secrets

from sqlalchemy import delete, select

from app.accounts.models import User
from app.accounts.queries import user_by_email
from app.accounts.services import normalise_email
from app.digests.models import DefaultRecipient, FeedKey, Nomination, OptOut, Subscription
from app.errors import InvalidInput, InvalidTransition, PermissionDenied
from app.extensions import db
from app.incidents import permissions
from app.incidents.enums import Status
from app.incidents.models import Incident


def is_subscribed(user: User) -> bool:
    """Tell whether a member asked for the digest by email."""
    return db.session.get(Subscription, user.id) is not None


def set_subscription(*, actor: User, subscribed: bool) -> bool:
    """Subscribe the actor to the weekly email, or stop it; return the new state."""
    if subscribed:
        if db.session.get(Subscription, actor.id) is None:
            db.session.add(Subscription(user_id=actor.id))
        # Asking again on the profile overrides an earlier one-click unsubscribe.
        db.session.execute(delete(OptOut).where(OptOut.email == actor.email.lower()))
    else:
        db.session.execute(delete(Subscription).where(Subscription.user_id == actor.id))
    db.session.flush()
    return subscribed


def unsubscribe(*, email: str) -> None:
    """Stop the digest to `email` from every source: subscription and configured lists."""
    address = email.lower()
    user = user_by_email(address)
    if user is not None:
        db.session.execute(delete(Subscription).where(Subscription.user_id == user.id))
    if db.session.scalar(select(OptOut.id).where(OptOut.email == address)) is None:
        db.session.add(OptOut(email=address))
    db.session.flush()


def add_recipient(*, actor: User, email: str) -> DefaultRecipient:
    """Add an address that receives every digest (admins only)."""
    _require_admin(actor)
    address = normalise_email(email)
    if db.session.scalar(select(DefaultRecipient).where(DefaultRecipient.email == address)):
        raise InvalidInput(f"{address} already receives the digest.", {"email": "Already added."})
    recipient = DefaultRecipient(email=address, added_by_id=actor.id)
    db.session.add(recipient)
    db.session.execute(delete(OptOut).where(OptOut.email == address))
    db.session.flush()
    return recipient


def remove_recipient(*, actor: User, recipient_id: int) -> None:
    """Remove a default recipient (admins only)."""
    _require_admin(actor)
    db.session.execute(delete(DefaultRecipient).where(DefaultRecipient.id == recipient_id))
    db.session.flush()


def _require_admin(actor: User) -> None:
    if not actor.is_admin:
        raise PermissionDenied("Only admins can change who receives the digest.")


def feed_key(user: User) -> FeedKey | None:
    """Return the member's current feed key, if they made a feed link."""
    return db.session.get(FeedKey, user.id)


def renew_feed_key(*, actor: User) -> FeedKey:
    """Make a new personal feed link for the actor; any earlier link stops working."""
    record = db.session.get(FeedKey, actor.id)
    if record is None:
        record = FeedKey(user_id=actor.id)
        db.session.add(record)
    record.key = secrets.token_urlsafe(24)
    db.session.flush()
    return record


def revoke_feed_key(*, actor: User) -> None:
    """Turn the actor's feed link off."""
    db.session.execute(delete(FeedKey).where(FeedKey.user_id == actor.id))
    db.session.flush()


def toggle_nomination(*, actor: User, incident: Incident) -> bool:
    """Nominate a published review as review of the week, or withdraw; return the new state."""
    if not permissions.can_view(actor, incident):
        raise PermissionDenied("You cannot nominate this review.")
    if incident.status is not Status.PUBLISHED:
        raise InvalidTransition("Only published reviews can be nominated.")
    if incident.owner_id == actor.id:
        raise InvalidTransition("Peers nominate reviews; you cannot nominate your own.")
    existing = db.session.scalar(
        select(Nomination).where(
            Nomination.incident_id == incident.id, Nomination.user_id == actor.id
        )
    )
    if existing is not None:
        db.session.delete(existing)
    else:
        db.session.add(Nomination(incident_id=incident.id, user_id=actor.id))
    db.session.flush()
    return existing is None
