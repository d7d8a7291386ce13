"""`export all --format markdown`: every review as a Markdown file in the import format."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import defer, selectinload

from app.exports import document, markdown_export
from app.extensions import db
from app.incidents.enums import Status
from app.incidents.models import ActionItem, Incident, TimelineEntry
from app.reviews.models import Revision

BATCH = 200


def count() -> int:
    """Return how many reviews there are to write."""
    return db.session.scalar(select(func.count(Incident.id))) or 0


def write_all(folder: Path, progress: Callable[[int], None] | None = None) -> int:
    """Write `<ref>.md` for every review into `folder`; return how many were written."""
    written = 0
    for batch in _batches():
        revisions = _latest_revisions([i.id for i in batch])
        for incident in batch:
            revision = revisions.get(incident.id) if incident.status is Status.PUBLISHED else None
            doc = document.build(incident, revision, with_links=False)
            text = markdown_export.render(doc)
            (folder / f"{incident.ref}.md").write_text(text, encoding="utf-8", errors="replace")
        written += len(batch)
        if progress is not None:
            progress(len(batch))
        db.session.expunge_all()  # keep memory flat over 100,000 reviews
    return written


def _batches() -> Iterator[list[Incident]]:
    """Yield reviews by id, BATCH at a time, each with everything its Markdown shows."""
    last = 0
    while True:
        query = (
            select(Incident)
            .where(Incident.id > last)
            .order_by(Incident.id)
            .limit(BATCH)
            .options(
                selectinload(Incident.owner),
                selectinload(Incident.team),
                selectinload(Incident.services),
                selectinload(Incident.tags),
                selectinload(Incident.timeline).selectinload(TimelineEntry.author),
                selectinload(Incident.factors),
                selectinload(Incident.actions).selectinload(ActionItem.owner),
            )
        )
        batch = list(db.session.scalars(query))
        if not batch:
            return
        yield batch
        last = batch[-1].id


def _latest_revisions(incident_ids: list[int]) -> dict[int, Revision]:
    latest = (
        select(Revision.incident_id, func.max(Revision.number).label("number"))
        .where(Revision.incident_id.in_(incident_ids))
        .group_by(Revision.incident_id)
        .subquery()
    )
    found = db.session.scalars(
        select(Revision)
        .options(defer(Revision.snapshot))  # the Markdown needs the number and date only
        .join(
            latest,
            (Revision.incident_id == latest.c.incident_id) & (Revision.number == latest.c.number),
        )
    )
    return {r.incident_id: r for r in found}
