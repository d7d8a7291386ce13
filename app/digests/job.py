"""`digest send`: deliver one week's digest to every recipient exactly once.

This is the unit of work, as a view is for a request, and it commits step by step, because
mail cannot be rolled back: a delivery is claimed and committed *before* its message goes
out, and marked sent right after. Running twice, or again after a crash, sends nobody a
second copy; everybody still missing one gets it. A claim left by a run that died is taken
over once it is older than the claim timeout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import and_, or_, select, update

from app.clock import utcnow
from app.digests import content, email, settings
from app.digests.mailer import DeliveryFailed, Mailer
from app.digests.models import Delivery, DeliveryState, Digest
from app.digests.recipients import Recipient, resolve
from app.digests.upserts import insert_missing
from app.digests.weeks import IsoWeek
from app.errors import DomainError
from app.extensions import db


class CannotSend(DomainError):
    """The digest cannot be sent now; nothing was sent."""


@dataclass(frozen=True)
class Outcome:
    email: str
    status: str  # sent, already sent, failed, busy (another run holds it), would send
    detail: str = ""


@dataclass
class Report:
    week: IsoWeek
    outcomes: list[Outcome] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)


def send_week(
    *,
    week: IsoWeek,
    dry_run: bool = False,
    progress: Callable[[Outcome, int], None] = lambda outcome, total: None,
) -> Report:
    """Send `week`'s digest to every recipient who does not have it yet."""
    tz_name = settings.timezone()
    if not week.has_ended(utcnow(), tz_name):
        raise CannotSend(f"Week {week} has not ended yet ({tz_name}); send it from next Monday.")
    listing = resolve(current_app.config.get("DIGEST_RECIPIENTS", ""))
    report = Report(week, invalid=listing.invalid)
    cache: dict[object, content.DigestContent] = {}
    if dry_run:
        for recipient in listing.recipients:
            built = _content(week, tz_name, recipient, cache)
            detail = f"{len(built.reviews)} reviews" + (
                f", {built.hidden} restricted hidden" if built.hidden else ""
            )
            report.outcomes.append(Outcome(recipient.email, "would send", detail))
            progress(report.outcomes[-1], len(listing.recipients))
        return report
    url = current_app.config.get("SMTP_URL", "")
    if not url:
        raise CannotSend("SMTP_URL is not set, so no mail can go out; try --dry-run to preview.")
    mailer = Mailer(url, settings.retry_delays())
    digest = _digest(week)
    by_email = {r.email: r for r in listing.recipients}
    deliveries = _deliveries(digest, listing.recipients)
    try:
        for delivery in deliveries:
            outcome = _deliver(delivery, by_email[delivery.email], mailer, cache, week, tz_name)
            report.outcomes.append(outcome)
            progress(outcome, len(deliveries))
    finally:
        mailer.close()
    if all(o.status in ("sent", "already sent") for o in report.outcomes):
        digest.completed_at = digest.completed_at or utcnow()
        db.session.commit()
    return report


def _digest(week: IsoWeek) -> Digest:
    insert_missing(Digest, [{"week": str(week), "created_at": utcnow()}])
    db.session.commit()
    return db.session.scalars(select(Digest).where(Digest.week == str(week))).one()


def _deliveries(digest: Digest, recipients: list[Recipient]) -> list[Delivery]:
    """Make a delivery row for each recipient (once, whoever runs), and return them by address."""
    now = utcnow()
    rows = [
        {
            "digest_id": digest.id,
            "email": r.email,
            "user_id": r.user.id if r.user else None,
            "state": DeliveryState.PENDING,
            "attempts": 0,
            "last_error": "",
            "created_at": now,
        }
        for r in recipients
    ]
    insert_missing(Delivery, rows)
    db.session.commit()
    emails = [r.email for r in recipients]
    found = db.session.scalars(
        select(Delivery).where(Delivery.digest_id == digest.id, Delivery.email.in_(emails))
    )
    return sorted(found, key=lambda d: d.email)


def _claim(delivery: Delivery, now: dt.datetime) -> bool:
    stale = now - dt.timedelta(minutes=settings.claim_timeout_minutes())
    result = db.session.execute(
        update(Delivery)
        .where(
            Delivery.id == delivery.id,
            or_(
                Delivery.state.in_([DeliveryState.PENDING, DeliveryState.FAILED]),
                and_(Delivery.state == DeliveryState.SENDING, Delivery.claimed_at < stale),
            ),
        )
        .values(state=DeliveryState.SENDING, claimed_at=now, attempts=Delivery.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def _deliver(
    delivery: Delivery,
    recipient: Recipient,
    mailer: Mailer,
    cache: dict[object, content.DigestContent],
    week: IsoWeek,
    tz_name: str,
) -> Outcome:
    if delivery.state is DeliveryState.SENT:
        return Outcome(delivery.email, "already sent")
    if not _claim(delivery, utcnow()):
        db.session.refresh(delivery)
        if delivery.state is DeliveryState.SENT:
            return Outcome(delivery.email, "already sent")
        return Outcome(delivery.email, "busy", "another run is sending it right now")
    built = _content(week, tz_name, recipient, cache)
    message = email.compose(
        content=built,
        to=delivery.email,
        sender=current_app.config["MAIL_FROM"],
        base_url=settings.base_url(),
    )
    try:
        mailer.send(message, delivery.email)
    except DeliveryFailed as error:
        _finish(delivery, DeliveryState.FAILED, error=error.reason)
        return Outcome(delivery.email, "failed", error.reason)
    _finish(delivery, DeliveryState.SENT, message_id=str(message["Message-ID"]))
    return Outcome(delivery.email, "sent")


def _finish(
    delivery: Delivery, state: DeliveryState, *, error: str = "", message_id: str | None = None
) -> None:
    db.session.refresh(delivery)
    delivery.state = state
    delivery.last_error = error[:2000]
    if state is DeliveryState.SENT:
        delivery.sent_at, delivery.message_id = utcnow(), message_id
    db.session.commit()


def _content(
    week: IsoWeek, tz_name: str, recipient: Recipient, cache: dict[object, content.DigestContent]
) -> content.DigestContent:
    # Admins all see the same; so do addresses without an account. Members each see their own.
    user = recipient.user
    key = "admin" if user is not None and user.is_admin else (user.id if user else None)
    if key not in cache:
        cache[key] = content.build(week=week, tz_name=tz_name, viewer=user)
    return cache[key]
