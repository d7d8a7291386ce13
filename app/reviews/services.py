"""The review workflow: draft -> in review -> published, and back for amendments.

Services flush, never commit. Each transition first locks the incident row, so two people
acting at the same moment are serialised: nobody publishes twice or loses an approval.
"""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import User
from app.audit.services import record
from app.clock import utcnow
from app.errors import InvalidInput, InvalidTransition, PermissionDenied
from app.extensions import db
from app.incidents import permissions
from app.incidents.enums import Status
from app.incidents.models import Incident
from app.reviews import completeness, snapshots
from app.reviews.language import review_findings
from app.reviews.models import SECTION_CHOICES, Comment, Reviewer, ReviewerState, Revision

COMMENT_MAX = 20_000


class SubmitBlocked(InvalidInput):
    """The review is not ready; `gaps` and `findings` say why, all at once."""

    def __init__(self, gaps: list[str], findings: list) -> None:
        super().__init__("The review is not ready to submit yet.")
        self.gaps = gaps
        self.findings = findings


def _lock(incident: Incident) -> None:
    """Take the incident's row lock (PostgreSQL) and re-read its state."""
    db.session.execute(select(Incident.id).where(Incident.id == incident.id).with_for_update())
    db.session.refresh(incident)


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise InvalidTransition(message)


def _owner_or_admin(actor: User, incident: Incident, doing: str) -> None:
    if not (actor.is_admin or incident.owner_id == actor.id):
        raise PermissionDenied(f"Only the owner or an admin can {doing}.")


def submit(*, actor: User, incident: Incident, acknowledge_language: bool = False) -> Incident:
    """Send a draft for review once it is complete; blameful wording must be read first."""
    _lock(incident)
    _owner_or_admin(actor, incident, "submit this review")
    _require(incident.status is Status.DRAFT, f"{incident.ref} is not a draft.")
    gaps = completeness.gaps(incident)
    findings = review_findings(incident)
    if gaps or (findings and not acknowledge_language):
        raise SubmitBlocked(gaps, findings)
    incident.status = Status.IN_REVIEW
    db.session.flush()
    if findings:
        record(
            "review.language_acknowledged", actor=actor, incident=incident, findings=len(findings)
        )
    record("review.submitted", actor=actor, incident=incident)
    return incident


def request_reviewer(*, actor: User, incident: Incident, reviewer: User) -> Reviewer:
    """Ask `reviewer` to review; they become a participant and can read it even if restricted."""
    if not permissions.can_edit(actor, incident):
        raise PermissionDenied("You cannot invite reviewers to this review.")
    if reviewer.id == incident.owner_id:
        raise InvalidInput(
            "The owner cannot review their own review.",
            {"email": "Pick someone other than the owner."},
        )
    existing = _reviewer(incident, reviewer)
    if existing is not None:
        raise InvalidInput(f"{reviewer.name} is already a reviewer.", {"email": "Already asked."})
    if reviewer not in incident.participants:
        incident.participants.append(reviewer)
    row = Reviewer(incident=incident, user=reviewer, requested_by_id=actor.id)
    db.session.add(row)
    db.session.flush()
    record("review.reviewer_requested", actor=actor, incident=incident, reviewer=reviewer.email)
    return row


def _reviewer(incident: Incident, user: User) -> Reviewer | None:
    return db.session.scalar(
        select(Reviewer).where(Reviewer.incident_id == incident.id, Reviewer.user_id == user.id)
    )


def _decide(actor: User, incident: Incident, state: ReviewerState, comment: str) -> Reviewer:
    _lock(incident)
    if not permissions.can_view(actor, incident):
        raise PermissionDenied("You cannot review this.")
    _require(incident.status is Status.IN_REVIEW, f"{incident.ref} is not waiting for review.")
    _require(
        actor.id != incident.owner_id,
        "You cannot approve or reject your own review; ask someone who was not the owner.",
    )
    row = _reviewer(incident, actor)
    if row is None:  # anyone who can read it may review: experts help, they do not gatekeep
        row = Reviewer(incident=incident, user=actor)
        db.session.add(row)
    _require(row.state is not state, f"You have already {state.label.lower()} this review.")
    row.state, row.decided_at = state, utcnow()
    if comment.strip():
        kind = "approval" if state is ReviewerState.APPROVED else "changes_requested"
        db.session.add(
            Comment(incident_id=incident.id, author_id=actor.id, kind=kind, body=comment.strip())
        )
    db.session.flush()
    return row


def approve(*, actor: User, incident: Incident, comment: str = "") -> Reviewer:
    """Approve a review that is waiting for review, optionally with a comment."""
    row = _decide(actor, incident, ReviewerState.APPROVED, comment)
    record("review.approved", actor=actor, incident=incident)
    return row


def request_changes(*, actor: User, incident: Incident, comment: str) -> Reviewer:
    """Ask for changes; saying what to change is required."""
    if not comment.strip():
        raise InvalidInput("Say what should change.", {"comment": "Say what should change."})
    row = _decide(actor, incident, ReviewerState.CHANGES_REQUESTED, comment)
    record("review.changes_requested", actor=actor, incident=incident)
    return row


def approvals(incident: Incident) -> int:
    """Count approvals from people other than the owner."""
    rows = db.session.scalars(select(Reviewer).where(Reviewer.incident_id == incident.id))
    return sum(r.state is ReviewerState.APPROVED and r.user_id != incident.owner_id for r in rows)


def publish(*, actor: User, incident: Incident, min_approvals: int, note: str = "") -> Revision:
    """Publish: freeze the review as a new revision that readers see."""
    _lock(incident)
    _owner_or_admin(actor, incident, "publish this review")
    _require(
        incident.status is Status.IN_REVIEW,
        "Only a review that is in review can be published; submit it first."
        if incident.status is Status.DRAFT
        else f"{incident.ref} is already published.",
    )
    have = approvals(incident)
    _require(
        have >= min_approvals,
        f"Publishing needs {min_approvals} approval(s) from someone "
        f"other than the owner; it has {have}.",
    )
    number = (
        db.session.scalar(
            select(Revision.number)
            .where(Revision.incident_id == incident.id)
            .order_by(Revision.number.desc())
            .limit(1)
        )
        or 0
    ) + 1
    revision = Revision(
        incident_id=incident.id,
        number=number,
        snapshot=snapshots.snapshot(incident),
        note=note.strip(),
        published_by_id=actor.id,
    )
    incident.status = Status.PUBLISHED
    db.session.add(revision)
    db.session.flush()
    record("review.published", actor=actor, incident=incident, revision=number)
    return revision


def reopen(*, actor: User, incident: Incident, reason: str) -> Incident:
    """Reopen a published review for an amendment; approvals start again."""
    _lock(incident)
    _owner_or_admin(actor, incident, "reopen this review")
    _require(incident.status is Status.PUBLISHED, f"{incident.ref} is not published.")
    if not reason.strip():
        raise InvalidInput("Say what will be amended.", {"reason": "Say what will be amended."})
    incident.status = Status.DRAFT
    for row in db.session.scalars(select(Reviewer).where(Reviewer.incident_id == incident.id)):
        row.state, row.decided_at = ReviewerState.REQUESTED, None
    db.session.flush()
    record("review.reopened", actor=actor, incident=incident, reason=reason.strip())
    return incident


def add_comment(*, actor: User, incident: Incident, section: str, body: str) -> Comment:
    """Comment on a section of a review."""
    if not permissions.can_view(actor, incident):
        raise PermissionDenied("You cannot comment on this review.")
    if section not in dict(SECTION_CHOICES):
        raise InvalidInput(f"Unknown section {section!r}.", {"section": "Pick a section."})
    if not body.strip():
        raise InvalidInput("An empty comment says nothing.", {"body": "Write something."})
    if len(body) > COMMENT_MAX:
        raise InvalidInput(
            "That comment is too long.", {"body": "Keep it under 20,000 characters."}
        )
    comment = Comment(
        incident_id=incident.id, author_id=actor.id, section=section, body=body.strip()
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def resolve_comment(*, actor: User, comment: Comment, incident: Incident) -> Comment:
    """Mark a comment as addressed."""
    if not permissions.can_view(actor, incident) or comment.incident_id != incident.id:
        raise PermissionDenied("You cannot resolve this comment.")
    _require(comment.resolved_at is None, "This comment is already resolved.")
    comment.resolved_at, comment.resolved_by_id = utcnow(), actor.id
    db.session.flush()
    return comment
