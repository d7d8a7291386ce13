"""The review workflow: submit, approve, request changes, publish, reopen; reviewers, comments."""

from __future__ import annotations

from typing import Any

from flask import current_app

from app import mail
from app.accounts.queries import user_by_email
from app.api.auth import actor, visible_incident
from app.api.blueprint import ID, ApiBlueprint
from app.api.schemas import IncidentOut
from app.api.schemas_reviews import (
    ApproveIn,
    CommentIn,
    CommentList,
    CommentOut,
    PublishIn,
    ReopenIn,
    RequestChangesIn,
    ReviewerIn,
    ReviewerOut,
    SubmitIn,
)
from app.errors import InvalidInput, NotFound
from app.extensions import db
from app.reviews import notifications, queries, services

bp = ApiBlueprint("workflow_api", __name__, description="Review workflow and comments.")


@bp.post("/incidents/<ref>/submit", errors=(403,))
@bp.arguments(SubmitIn, required=False)
@bp.response(200, IncidentOut)
def submit(body: dict[str, Any], ref: str):
    """Send a complete draft for review; a 422 lists every gap at once."""
    incident = services.submit(actor=actor(), incident=visible_incident(ref), **body)
    db.session.commit()
    return incident


@bp.post("/incidents/<ref>/approve", errors=(403,))
@bp.arguments(ApproveIn, required=False)
@bp.response(200, IncidentOut)
def approve(body: dict[str, Any], ref: str):
    """Approve a review that is waiting for review (not your own)."""
    incident = visible_incident(ref)
    services.approve(actor=actor(), incident=incident, **body)
    db.session.commit()
    return incident


@bp.post("/incidents/<ref>/request-changes", errors=(403,))
@bp.arguments(RequestChangesIn)
@bp.response(200, IncidentOut)
def request_changes(body: dict[str, Any], ref: str):
    """Ask for changes, saying what should change."""
    incident = visible_incident(ref)
    services.request_changes(actor=actor(), incident=incident, **body)
    db.session.commit()
    return incident


@bp.post("/incidents/<ref>/publish", errors=(403,))
@bp.arguments(PublishIn, required=False)
@bp.response(200, IncidentOut)
def publish(body: dict[str, Any], ref: str):
    """Publish the review as a new revision once it has enough approvals."""
    incident = visible_incident(ref)
    services.publish(
        actor=actor(),
        incident=incident,
        min_approvals=current_app.config["REVIEW_MIN_APPROVALS"],
        **body,
    )
    db.session.commit()
    return incident


@bp.post("/incidents/<ref>/reopen", errors=(403,))
@bp.arguments(ReopenIn)
@bp.response(200, IncidentOut)
def reopen(body: dict[str, Any], ref: str):
    """Reopen a published review to amend it; approvals start again."""
    incident = services.reopen(actor=actor(), incident=visible_incident(ref), **body)
    db.session.commit()
    return incident


@bp.post("/incidents/<ref>/reviewers", errors=(403,))
@bp.arguments(ReviewerIn)
@bp.response(201, ReviewerOut)
def add_reviewer(body: dict[str, Any], ref: str):
    """Ask someone to review, then email them once that is saved."""
    incident = visible_incident(ref)
    reviewer = user_by_email(body["email"])
    if reviewer is None or not reviewer.active:
        raise InvalidInput("Nobody here has that email address.", {"email": "Unknown address."})
    row = services.request_reviewer(actor=actor(), incident=incident, reviewer=reviewer)
    db.session.commit()
    mail.deliver(
        [
            notifications.review_requested(
                incident=incident,
                reviewer=reviewer,
                by=actor(),
                base_url=current_app.config["BASE_URL"],
            )
        ]
    )
    return row


@bp.get("/incidents/<ref>/comments")
@bp.response(200, CommentList)
def list_comments(ref: str):
    """List the review's comments, oldest first."""
    return {"items": queries.review_state(visible_incident(ref)).comments}


@bp.post("/incidents/<ref>/comments", errors=(403,))
@bp.arguments(CommentIn)
@bp.response(201, CommentOut)
def add_comment(body: dict[str, Any], ref: str):
    """Comment on a section of the review."""
    comment = services.add_comment(actor=actor(), incident=visible_incident(ref), **body)
    db.session.commit()
    return comment


@bp.post(f"/incidents/<ref>/comments/<{ID}:comment_id>/resolve", errors=(403,))
@bp.response(200, CommentOut)
def resolve_comment(ref: str, comment_id: int):
    """Mark a comment as addressed; a resolved one answers 409."""
    incident = visible_incident(ref)
    comment = queries.comment(incident, comment_id)
    if comment is None:
        raise NotFound(f"{incident.ref} has no comment {comment_id}.")
    services.resolve_comment(actor=actor(), comment=comment, incident=incident)
    db.session.commit()
    return comment
