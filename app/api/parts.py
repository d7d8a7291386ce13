"""The parts of a review: timeline entries, contributing factors, action items."""

from __future__ import annotations

from typing import Any

from app.api.auth import actor, visible_incident
from app.api.blueprint import ApiBlueprint
from app.api.schemas_parts import (
    ActionIn,
    ActionList,
    ActionOut,
    EntryIn,
    EntryList,
    EntryOut,
    FactorIn,
    FactorList,
    FactorOut,
)
from app.extensions import db
from app.incidents import actions, factors, timeline
from app.incidents.actions import ActionInput
from app.incidents.timeline import EntryInput

bp = ApiBlueprint("parts_api", __name__, description="Timeline, factors and action items.")


@bp.get("/incidents/<ref>/timeline")
@bp.response(200, EntryList)
def list_entries(ref: str):
    """List the timeline, earliest first."""
    return {"items": visible_incident(ref).timeline}


@bp.post("/incidents/<ref>/timeline", errors=(403,))
@bp.arguments(EntryIn)
@bp.response(201, EntryOut)
def add_entry(data: EntryInput, ref: str):
    """Add a moment as you saw it; a milestone sets the incident's key time."""
    entry = timeline.add_entry(actor=actor(), incident=visible_incident(ref), data=data)
    db.session.commit()
    return entry


@bp.get("/incidents/<ref>/factors")
@bp.response(200, FactorList)
def list_factors(ref: str):
    """List the contributing factors."""
    return {"items": visible_incident(ref).factors}


@bp.post("/incidents/<ref>/factors", errors=(403,))
@bp.arguments(FactorIn)
@bp.response(201, FactorOut)
def add_factor(fields: dict[str, Any], ref: str):
    """Name a contributing factor."""
    factor = factors.add_factor(actor=actor(), incident=visible_incident(ref), **fields)
    db.session.commit()
    return factor


@bp.get("/incidents/<ref>/actions")
@bp.response(200, ActionList)
def list_actions(ref: str):
    """List the action items."""
    return {"items": visible_incident(ref).actions}


@bp.post("/incidents/<ref>/actions", errors=(403,))
@bp.arguments(ActionIn)
@bp.response(201, ActionOut)
def add_action(data: ActionInput, ref: str):
    """Add an action item; its owner is given by email."""
    item = actions.add_action(actor=actor(), incident=visible_incident(ref), data=data)
    db.session.commit()
    return item
