"""Decisions about the deploys and alerts suggested for an incident, and "no change involved"."""

from __future__ import annotations

from typing import Any

from app.api.auth import actor, visible_incident
from app.api.blueprint import ID, ApiBlueprint
from app.api.schemas_edits import DecisionIn, VerdictIn
from app.extensions import db
from app.integrations import links
from app.integrations.api_schemas import LinkOut, VerdictOut

bp = ApiBlueprint("decisions_api", __name__, description="Decide about suggested changes.")


def _decide(ref: str, kind: str, record_id: int, body: dict[str, Any]):
    link = links.decide(
        actor=actor(),
        incident=visible_incident(ref),
        kind=kind,
        record_id=record_id,
        relation=body["relation"],
        note=body["note"],
    )
    db.session.commit()
    return link


@bp.put(f"/incidents/<ref>/deploys/<{ID}:deploy_id>/decision", errors=(403, 422))
@bp.arguments(DecisionIn)
@bp.response(200, LinkOut)
def decide_deploy(body: dict[str, Any], ref: str, deploy_id: int):
    """Mark a deploy as a suspected trigger, related (both add it to the timeline) or dismissed."""
    return _decide(ref, "deploy", deploy_id, body)


@bp.put(f"/incidents/<ref>/alerts/<{ID}:alert_id>/decision", errors=(403, 422))
@bp.arguments(DecisionIn)
@bp.response(200, LinkOut)
def decide_alert(body: dict[str, Any], ref: str, alert_id: int):
    """Mark an alert as a suspected trigger, related (both add it to the timeline) or dismissed."""
    return _decide(ref, "alert", alert_id, body)


@bp.put("/incidents/<ref>/no-change", errors=(403, 422))
@bp.arguments(VerdictIn, required=False)
@bp.response(200, VerdictOut)
def record_no_change(body: dict[str, Any], ref: str):
    """Record that no change was involved (refused while a suspected trigger is marked)."""
    verdict = links.record_no_change(
        actor=actor(), incident=visible_incident(ref), note=body.get("note", "")
    )
    db.session.commit()
    return verdict


@bp.delete("/incidents/<ref>/no-change", errors=(403,))
@bp.response(204)
def clear_no_change(ref: str):
    """Withdraw the "no change involved" answer."""
    links.clear_no_change(actor=actor(), incident=visible_incident(ref))
    db.session.commit()
