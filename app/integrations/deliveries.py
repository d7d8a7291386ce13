"""Which integration delivered, and when it last did (so admins can see it is working)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import update

from app.clock import utcnow
from app.extensions import db
from app.integrations.models import Integration

DELIVERY_NOTE_EVERY = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class Sender:
    """The integration a delivery authenticated as, as far as recording it needs."""

    id: int
    last_delivery_at: dt.datetime | None


def note_delivery(sender: Sender) -> None:
    """Remember when an integration last delivered (at most once a minute, to spare locks)."""
    now = utcnow()
    if sender.last_delivery_at is not None and sender.last_delivery_at > now - DELIVERY_NOTE_EVERY:
        return
    db.session.execute(
        update(Integration)
        .where(Integration.id == sender.id)
        .where(
            (Integration.last_delivery_at.is_(None))
            | (Integration.last_delivery_at < now - DELIVERY_NOTE_EVERY)
        )
        .values(last_delivery_at=now)
        .execution_options(synchronize_session=False)
    )
