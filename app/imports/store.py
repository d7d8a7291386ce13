"""Write an imported review through the domain services: create it, update it, or leave it."""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from app.accounts.models import User
from app.audit.services import record
from app.catalog.services import create_service, create_team
from app.errors import PermissionDenied
from app.extensions import db
from app.imports import queries
from app.imports.document import ImportFileError
from app.imports.postmortem import Postmortem
from app.incidents import permissions, services, timeline
from app.incidents.enums import Status
from app.incidents.models import KEY_TIMES, SECTIONS, Incident

SOURCE = "import"  # timeline entries that came from the file, replaced when it is re-imported


def save(pm: Postmortem, *, owner: User) -> tuple[str, Incident]:
    """Create the review, update it from a changed file, or leave it: imported/updated/skipped."""
    incident = queries.incident_by_import_id(pm.import_id)
    if incident is None:
        return "imported", _create(pm, owner)
    if not permissions.can_edit(owner, incident):
        raise PermissionDenied("A review imported from this file exists, and you cannot edit it.")
    if pm.ref and pm.ref != incident.ref:
        pm.warnings.append(f"keeps its ref {incident.ref} (the file says {pm.ref}).")
    if _state(incident) == _wanted(pm):
        return "skipped", incident
    # The file is this review's source of truth. The domain services only edit unpublished
    # reviews, so reopen it for them; _fill sets the file's status again.
    incident.status = Status.DRAFT
    services.update_basics(
        actor=owner, incident=incident, basics=_basics(pm), expected_version=None
    )
    _fill(incident, pm, owner, outcome="updated")
    return "updated", incident


def _create(pm: Postmortem, owner: User) -> Incident:
    if pm.ref and queries.ref_taken(pm.ref):
        raise ImportFileError(
            f"ref {pm.ref} belongs to another review; give the file a uuid, or remove its ref "
            "to number it automatically."
        )
    incident = services.create_incident(actor=owner, basics=_basics(pm), ref=pm.ref)
    incident.import_id = pm.import_id
    _fill(incident, pm, owner, outcome="imported")
    return incident


def _basics(pm: Postmortem) -> services.Basics:
    """Return the basics, creating the team and services the file names that do not exist."""
    team = None
    if pm.team:
        team = queries.team_named(pm.team) or create_team(name=pm.team)
    for name in pm.services:
        if queries.service_named(name) is None:
            create_service(name=name, team=team)
    return services.Basics(
        title=pm.title,
        severity=pm.severity,
        services=pm.services,
        team=team.name if team else None,
        tags=pm.tags,
        is_exercise=pm.is_exercise,
        visibility=pm.visibility,
    )


def _fill(incident: Incident, pm: Postmortem, owner: User, *, outcome: str) -> None:
    services.update_sections(
        actor=owner, incident=incident, sections=pm.sections, expected_version=None
    )
    if _file_entries(incident) != sorted(pm.timeline):
        for entry in [e for e in incident.timeline if e.source == SOURCE]:
            incident.timeline.remove(entry)  # the file's own entries, replaced by its new ones
        for at, body in sorted(pm.timeline):
            data = timeline.EntryInput(occurred_at=at, body=body)
            timeline.add_entry(
                actor=owner, incident=incident, data=data, source=SOURCE, source_ref=pm.import_id
            )
    for name in KEY_TIMES:
        setattr(incident, name, pm.times.get(name))
    incident.source_url = pm.source_url
    # Imported write-ups were already reviewed elsewhere; there is no review workflow to replay.
    incident.status = pm.status
    db.session.flush()
    action = "incident.imported" if outcome == "imported" else "incident.reimported"
    record(action, actor=owner, incident=incident, import_id=pm.import_id)
    _reindex(incident)


def _file_entries(incident: Incident) -> list[tuple[Any, str]]:
    return sorted((e.occurred_at, e.body) for e in incident.timeline if e.source == SOURCE)


def _state(incident: Incident) -> dict[str, Any]:
    return {
        "title": incident.title,
        "severity": incident.severity,
        "status": incident.status,
        "visibility": incident.visibility,
        "is_exercise": incident.is_exercise,
        "team": incident.team.name.lower() if incident.team else None,
        "services": sorted(s.name for s in incident.services),
        "tags": sorted(t.name for t in incident.tags),
        "sections": {name: getattr(incident, name) for name in SECTIONS},
        "times": {name: getattr(incident, name) for name in KEY_TIMES},
        "source_url": incident.source_url,
        "timeline": _file_entries(incident),
    }


def _wanted(pm: Postmortem) -> dict[str, Any]:
    return {
        "title": pm.title,
        "severity": pm.severity,
        "status": pm.status,
        "visibility": pm.visibility,
        "is_exercise": pm.is_exercise,
        "team": pm.team.lower() if pm.team else None,
        "services": sorted(pm.services),
        "tags": sorted(pm.tags),
        "sections": {name: pm.sections.get(name, "") for name in SECTIONS},
        "times": {name: pm.times.get(name) for name in KEY_TIMES},
        "source_url": pm.source_url,
        "timeline": sorted(pm.timeline),
    }


def _reindex(incident: Incident) -> None:
    """Keep the search index in step once search exists; until then there is nothing to do."""
    if importlib.util.find_spec("app.search") and importlib.util.find_spec("app.search.index"):
        importlib.import_module("app.search.index").reindex(incident)
