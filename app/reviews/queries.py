"""Reads for the review page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.incidents.models import Incident
from app.reviews.models import Comment, Reviewer, Revision


@dataclass(frozen=True)
class ReviewState:
    reviewers: list[Reviewer]
    comments: list[Comment]
    revisions: list[Revision]


def review_state(incident: Incident) -> ReviewState:
    """Return reviewers, comments (oldest first) and revisions (newest first)."""
    reviewers = db.session.scalars(
        select(Reviewer)
        .where(Reviewer.incident_id == incident.id)
        .options(selectinload(Reviewer.user))
        .order_by(Reviewer.created_at)
    )
    comments = db.session.scalars(
        select(Comment)
        .where(Comment.incident_id == incident.id)
        .options(selectinload(Comment.author))
        .order_by(Comment.created_at, Comment.id)
    )
    return ReviewState(list(reviewers), list(comments), revisions(incident))


def revisions(incident: Incident) -> list[Revision]:
    """Return the review's published revisions, newest first."""
    return list(
        db.session.scalars(
            select(Revision)
            .where(Revision.incident_id == incident.id)
            .order_by(Revision.number.desc())
        )
    )


def revision(incident: Incident, number: int) -> Revision | None:
    """Return revision `number` of a review."""
    return db.session.scalar(
        select(Revision).where(Revision.incident_id == incident.id, Revision.number == number)
    )


def comment(incident: Incident, comment_id: int) -> Comment | None:
    """Return a comment of this review."""
    found = db.session.get(Comment, comment_id)
    return found if found is not None and found.incident_id == incident.id else None
