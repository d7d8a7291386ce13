"""Incidents: list, create, read and change them."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_sqlalchemy.pagination import Pagination

from app.api import edits
from app.api.auth import actor, visible_incident
from app.api.blueprint import ApiBlueprint
from app.api.schemas import IncidentCreate, IncidentOut, IncidentPage, IncidentPatch, ListArgs
from app.extensions import db
from app.incidents import queries, services

bp = ApiBlueprint("incidents_api", __name__, description="Incident reviews.")

FILTERS = ("status", "severity", "service", "team")


@bp.get("/incidents")
@bp.arguments(ListArgs, location="query")
@bp.response(200, IncidentPage)
def list_incidents(args: dict[str, Any]):
    """List the incidents you may see, most recent first, a page at a time."""
    filters = {k: getattr(args[k], "value", args[k]) for k in FILTERS if k in args}
    page = queries.list_incidents(
        actor(), queries.IncidentFilters(**filters), page=args["page"], per_page=args["per_page"]
    )
    return {
        "items": page.items,
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "links": _links(page, filters),
    }


def _links(page: Pagination, filters: dict[str, str]) -> dict[str, str | None]:
    def to(number: int) -> str:
        return url_for(
            ".list_incidents", page=number, per_page=page.per_page, **filters, _external=True
        )

    return {
        "self": to(page.page),
        "first": to(1),
        "last": to(max(page.pages, 1)),
        "next": to(page.page + 1) if page.page < page.pages else None,
        "prev": to(min(page.page - 1, page.pages)) if page.page > 1 and page.pages else None,
    }


@bp.post("/incidents")
@bp.arguments(IncidentCreate)
@bp.response(201, IncidentOut, headers={"Location": {"schema": {"type": "string"}}})
def create_incident(fields: dict[str, Any]):
    """Start a draft review that you own."""
    incident = edits.create_draft(actor=actor(), fields=fields)
    db.session.commit()
    return incident, {"Location": url_for(".get_incident", ref=incident.ref, _external=True)}


@bp.get("/incidents/<ref>")
@bp.response(200, IncidentOut)
def get_incident(ref: str):
    """Show one incident review."""
    return visible_incident(ref)


@bp.patch("/incidents/<ref>", errors=(403,))
@bp.arguments(IncidentPatch)
@bp.response(200, IncidentOut)
def patch_incident(changes: dict[str, Any], ref: str):
    """Change any of the writable fields; `version` must be the one you read."""
    version = changes.pop("version")
    incident = edits.patch_incident(
        actor=actor(), incident=visible_incident(ref), changes=changes, expected_version=version
    )
    _commit_as_saved()
    return incident


def _commit_as_saved() -> None:
    """Commit without expiring what was saved, so the answer shows this write and its version.

    Reloading after the commit would show whatever another client saved in between.
    """
    session = db.session()
    keep, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = keep


@bp.delete("/incidents/<ref>", errors=(403,))
@bp.response(204)
def delete_incident(ref: str):
    """Delete a review and everything in it (its owner or an admin)."""
    services.delete_incident(actor=actor(), incident=visible_incident(ref))
    db.session.commit()
