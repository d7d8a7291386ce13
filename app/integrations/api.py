"""JSON API: candidates for an incident, and the deploys and alerts that arrived."""

from __future__ import annotations

from typing import Any

from flask import Flask
from marshmallow import Schema, fields, validate

from app.api.auth import actor, visible_incident
from app.api.blueprint import ApiBlueprint
from app.api.fields import Text, UtcDateTime
from app.extensions import csrf
from app.integrations import queries
from app.integrations.api_schemas import AlertList, CandidateList, DeployList
from app.integrations.enums import AlertStatus

bp = ApiBlueprint("integrations_api", __name__, description="Deploys, alerts and suggestions.")


class RangeArgs(Schema):
    """Narrow by service name and start time (unknown query parameters are ignored)."""

    service = Text(validate=validate.Length(max=200), load_default="")
    since = UtcDateTime()
    until = UtcDateTime()
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))


class AlertArgs(RangeArgs):
    status = fields.Enum(AlertStatus, by_value=True)


@bp.get("/incidents/<ref>/candidates")
@bp.response(200, CandidateList)
def list_candidates(ref: str):
    """List deploys and alerts suggested for the incident, with score, reason and decision."""
    incident = visible_incident(ref)
    verdict = queries.verdict(incident)
    return {
        "items": queries.candidates(actor(), incident),
        "no_change": verdict,
        "window_hours": queries.deploy_window().total_seconds() / 3600,
    }


@bp.get("/deploys")
@bp.arguments(RangeArgs, location="query")
@bp.response(200, DeployList)
def list_deploys(args: dict[str, Any]):
    """List deploys, newest first."""
    return {"items": queries.recent_deploys(**args)}


@bp.get("/alerts")
@bp.arguments(AlertArgs, location="query")
@bp.response(200, AlertList)
def list_alerts(args: dict[str, Any]):
    """List alerts, newest first."""
    return {"items": queries.recent_alerts(**args)}


def register(app: Flask) -> None:
    """Add these operations to the app's API (call after `app.api.init_api`)."""
    api = app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    csrf.exempt(bp)  # the bearer token is the proof of intent, not a cookie
    api.register_blueprint(bp)
