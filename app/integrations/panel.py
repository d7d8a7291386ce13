"""What the incident page's "Deploys and alerts" section needs, in one call from its view."""

from __future__ import annotations

from typing import Any

from app.accounts.models import User
from app.incidents import permissions
from app.incidents.enums import Status
from app.incidents.models import Incident
from app.integrations import queries
from app.integrations.enums import Relation


def incident_panel(viewer: User, incident: Incident) -> dict[str, Any]:
    """Return the suggestions, decisions and verdict for the incident page's template."""
    found = queries.candidates(viewer, incident)
    hours = queries.deploy_window().total_seconds() / 3600
    return {
        "change_deploys": [c for c in found if c.kind == "deploy"],
        "change_alerts": [c for c in found if c.kind == "alert"],
        "change_verdict": queries.verdict(incident),
        "change_window": f"{hours:g} hour{'s' if hours != 1 else ''}",
        "change_relations": list(Relation),
        "change_can_decide": permissions.can_edit(viewer, incident)
        and incident.status is not Status.PUBLISHED,
    }
