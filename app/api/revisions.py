"""Who was asked to review, and the revisions a review was published as."""

from __future__ import annotations

from app.api.auth import visible_incident
from app.api.blueprint import ID, ApiBlueprint
from app.api.schemas_edits import RevisionDetail, RevisionList
from app.api.schemas_reviews import ReviewerList
from app.errors import NotFound
from app.reviews import queries

bp = ApiBlueprint("revisions_api", __name__, description="Reviewers and published revisions.")


@bp.get("/incidents/<ref>/reviewers")
@bp.response(200, ReviewerList)
def list_reviewers(ref: str):
    """List who was asked to review and where each review stands."""
    return {"items": queries.review_state(visible_incident(ref)).reviewers}


@bp.get("/incidents/<ref>/revisions")
@bp.response(200, RevisionList)
def list_revisions(ref: str):
    """List the published revisions, newest first."""
    return {"items": queries.revisions(visible_incident(ref))}


@bp.get(f"/incidents/<ref>/revisions/<{ID}:number>")
@bp.response(200, RevisionDetail)
def get_revision(ref: str, number: int):
    """Show one published revision as it was published."""
    incident = visible_incident(ref)
    found = queries.revision(incident, number)
    if found is None:
        raise NotFound(f"{incident.ref} has no revision {number}.")
    return found
