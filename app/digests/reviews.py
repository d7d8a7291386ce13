"""The reviews published in a week, as a reader of the digest sees them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import and_, func, not_, select

from app.accounts.models import User
from app.digests.excerpts import Excerpter
from app.digests.models import Nomination
from app.extensions import db
from app.incidents.enums import FactorCategory, Severity
from app.incidents.models import Incident
from app.insights.scope import audience_clause
from app.reviews.models import Revision

LEARNINGS = (
    ("surprised", "What surprised us"),
    ("got_lucky", "Where we got lucky"),
    ("went_well", "What went well"),
)
SUMMARY_CHARS = 220  # about two lines in the email and on the page
LEARNING_CHARS = 180


@dataclass(frozen=True)
class ReviewItem:
    """One published review, from its latest published revision."""

    ref: str
    title: str
    severity: Severity
    services: list[str]
    summary: str
    learnings: list[tuple[str, str]]
    factors: list[str]
    published_at: dt.datetime
    is_exercise: bool
    restricted: bool
    nominations: int = 0
    tags: list[str] = field(default_factory=list)

    @property
    def is_major(self) -> bool:
        return self.severity in (Severity.SEV1, Severity.SEV2)


def _first_published(start: dt.datetime, end: dt.datetime):
    """Reviews whose first revision was published in [start, end): published *that* week."""
    return and_(
        Revision.number == 1,
        Revision.published_at >= start,
        Revision.published_at < end,
    )


def published(viewer: User | None, start: dt.datetime, end: dt.datetime) -> list[ReviewItem]:
    """Return the reviews first published in the span that `viewer` may read, oldest first."""
    rows = db.session.execute(
        select(Incident.id, Incident.visibility, Revision.published_at)
        .join(Revision, Revision.incident_id == Incident.id)
        .where(_first_published(start, end), audience_clause(viewer))
        .order_by(Revision.published_at, Incident.id)
    ).all()
    if not rows:
        return []
    ids = [row.id for row in rows]
    latest = _latest_snapshots(ids)
    votes = dict(
        db.session.execute(
            select(Nomination.incident_id, func.count())
            .where(Nomination.incident_id.in_(ids))
            .group_by(Nomination.incident_id)
        ).all()
    )
    excerpt = Excerpter()
    return [
        _item(latest[row.id], row.published_at, row.visibility.value, votes.get(row.id, 0), excerpt)
        for row in rows
        if row.id in latest
    ]


def hidden_count(viewer: User | None, start: dt.datetime, end: dt.datetime) -> int:
    """Count reviews published in the span that `viewer` may not read (restricted ones)."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Incident)
            .join(Revision, Revision.incident_id == Incident.id)
            .where(_first_published(start, end), not_(audience_clause(viewer)))
        )
        or 0
    )


def _latest_snapshots(ids: list[int]) -> dict[int, dict]:
    newest = (
        select(Revision.incident_id, func.max(Revision.number).label("number"))
        .where(Revision.incident_id.in_(ids))
        .group_by(Revision.incident_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Revision.incident_id, Revision.snapshot).join(
            newest,
            and_(
                newest.c.incident_id == Revision.incident_id,
                newest.c.number == Revision.number,
            ),
        )
    ).all()
    return {row.incident_id: row.snapshot for row in rows}


def _item(
    snap: dict, published_at: dt.datetime, visibility: str, votes: int, excerpt: Excerpter
) -> ReviewItem:
    categories = dict.fromkeys(f["category"] for f in snap.get("factors", []))
    return ReviewItem(
        ref=snap["ref"],
        title=snap["title"],
        severity=Severity(snap["severity"]),
        services=list(snap.get("services", [])),
        summary=excerpt(snap.get("summary"), SUMMARY_CHARS),
        learnings=[
            (label, excerpt(snap.get(key), LEARNING_CHARS))
            for key, label in LEARNINGS
            if (snap.get(key) or "").strip()
        ],
        factors=[FactorCategory(c).label for c in categories],
        published_at=published_at,
        is_exercise=bool(snap.get("is_exercise")),
        restricted=visibility == "restricted",
        nominations=votes,
        tags=list(snap.get("tags", [])),
    )


def review_of_the_week(items: list[ReviewItem]) -> tuple[ReviewItem | None, str]:
    """Pick the most nominated review; without nominations, the newest SEV1 or SEV2."""
    nominated = [i for i in items if i.nominations and not i.is_exercise]
    if nominated:
        best = max(nominated, key=lambda i: (i.nominations, i.published_at))
        noun = "nomination" if best.nominations == 1 else "nominations"
        return best, f"chosen by peers ({best.nominations} {noun})"
    major = [i for i in items if i.is_major and not i.is_exercise]
    if major:
        return max(major, key=lambda i: i.published_at), "the newest SEV1/SEV2 review this week"
    return None, ""
