"""Who receives the digest: subscribed members, DIGEST_RECIPIENTS and admins' default list."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.accounts.models import User
from app.accounts.services import normalise_email
from app.digests.models import DefaultRecipient, OptOut, Subscription
from app.errors import InvalidInput
from app.extensions import db


@dataclass(frozen=True)
class Recipient:
    """An address, and the active account behind it (None: it sees internal reviews only)."""

    email: str
    user: User | None


@dataclass
class RecipientList:
    recipients: list[Recipient] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)  # configured addresses that are not


def configured(raw: str) -> tuple[list[str], list[str]]:
    """Split DIGEST_RECIPIENTS (commas, semicolons or spaces) into valid and invalid addresses."""
    valid, invalid = [], []
    for part in re.split(r"[,;\s]+", raw or ""):
        if not part:
            continue
        try:
            valid.append(normalise_email(part))
        except InvalidInput:
            invalid.append(part)
    return valid, invalid


def resolve(config_value: str) -> RecipientList:
    """Return every recipient once (addresses compared case-insensitively), sorted by address."""
    from_config, invalid = configured(config_value)
    subscribed = db.session.scalars(
        select(User.email)
        .join(Subscription, Subscription.user_id == User.id)
        .where(User.active.is_(True))
    )
    defaults = db.session.scalars(select(DefaultRecipient.email))
    opted_out = set(db.session.scalars(select(OptOut.email)))
    addresses = {a.lower() for a in [*subscribed, *from_config, *defaults]} - opted_out
    users = {
        u.email.lower(): u
        for u in db.session.scalars(
            select(User).where(func.lower(User.email).in_(addresses), User.active.is_(True))
        )
    }
    return RecipientList([Recipient(a, users.get(a)) for a in sorted(addresses)], invalid)
