"""Change or remove one timeline entry, contributing factor or action item."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from app.api.auth import actor, visible_incident
from app.api.blueprint import ID, ApiBlueprint
from app.api.schemas_edits import ActionPatch, EntryPatch, FactorPatch
from app.api.schemas_parts import ActionOut, EntryOut, FactorOut
from app.errors import NotFound
from app.extensions import db
from app.incidents import actions, factors, timeline
from app.incidents.models import ActionItem, ContributingFactor, TimelineEntry

bp = ApiBlueprint("part_edits_api", __name__, description="Timeline, factors and action items.")

ENTRY = f"/incidents/<ref>/timeline/<{ID}:entry_id>"
FACTOR = f"/incidents/<ref>/factors/<{ID}:factor_id>"
ACTION = f"/incidents/<ref>/actions/<{ID}:action_id>"


def _part(ref: str, model: type, part_id: int) -> Any:
    """Return a part of a review the caller may see, or 404 as if it did not exist."""
    incident = visible_incident(ref)
    part = db.session.get(model, part_id)
    if part is None or part.incident_id != incident.id:
        raise NotFound(f"{incident.ref} has no such part (it may have been removed).")
    return part


@bp.patch(ENTRY, errors=(403,))
@bp.arguments(EntryPatch)
@bp.response(200, EntryOut)
def patch_entry(changes: dict[str, Any], ref: str, entry_id: int):
    """Change a timeline entry; `version` must be the one you read."""
    entry = _part(ref, TimelineEntry, entry_id)
    version = changes.pop("version")
    current = timeline.EntryInput(
        occurred_at=entry.occurred_at, kind=entry.kind, milestone=entry.milestone, body=entry.body
    )
    timeline.update_entry(
        actor=actor(), entry=entry, data=replace(current, **changes), expected_version=version
    )
    db.session.commit()
    return entry


@bp.delete(ENTRY, errors=(403,))
@bp.response(204)
def delete_entry(ref: str, entry_id: int):
    """Remove a timeline entry (its author, the owner or an admin)."""
    timeline.delete_entry(actor=actor(), entry=_part(ref, TimelineEntry, entry_id))
    db.session.commit()


@bp.patch(FACTOR, errors=(403,))
@bp.arguments(FactorPatch)
@bp.response(200, FactorOut)
def patch_factor(changes: dict[str, Any], ref: str, factor_id: int):
    """Change a contributing factor; `version` must be the one you read."""
    factor = _part(ref, ContributingFactor, factor_id)
    factors.update_factor(
        actor=actor(),
        factor=factor,
        category=changes.get("category", factor.category),
        description=changes.get("description", factor.description),
        expected_version=changes["version"],
    )
    db.session.commit()
    return factor


@bp.delete(FACTOR, errors=(403,))
@bp.response(204)
def delete_factor(ref: str, factor_id: int):
    """Remove a contributing factor."""
    factors.delete_factor(actor=actor(), factor=_part(ref, ContributingFactor, factor_id))
    db.session.commit()


@bp.patch(ACTION, errors=(403,))
@bp.arguments(ActionPatch)
@bp.response(200, ActionOut)
def patch_action(changes: dict[str, Any], ref: str, action_id: int):
    """Update an action item: its status, owner, due date or any other field."""
    item = _part(ref, ActionItem, action_id)
    version = changes.pop("version")
    actions.update_action(
        actor=actor(),
        item=item,
        data=replace(_as_input(item), **changes),
        expected_version=version,
    )
    db.session.commit()
    return item


@bp.delete(ACTION, errors=(403,))
@bp.response(204)
def delete_action(ref: str, action_id: int):
    """Remove an action item."""
    actions.delete_action(actor=actor(), item=_part(ref, ActionItem, action_id))
    db.session.commit()


def _as_input(item: ActionItem) -> actions.ActionInput:
    return actions.ActionInput(
        title=item.title,
        description=item.description,
        kind=item.kind,
        priority=item.priority,
        owner=item.owner,
        due_date=item.due_date,
        status=item.status,
        wont_do_reason=item.wont_do_reason,
        tracker_url=item.tracker_url,
    )
