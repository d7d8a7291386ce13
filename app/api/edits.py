"""Writes the API makes in one call that the pages make in two steps. Flush, never commit.

A POST may carry the basics and the sections of a new draft at once; a PATCH may change any
subset of both, checked against the version it was made from once, before anything changes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from app.accounts.models import User
from app.catalog.services import slugify
from app.incidents import permissions, services
from app.incidents.models import SECTIONS, Incident

BASICS = ("title", "severity", "services", "team", "tags", "is_exercise", "visibility")


def create_draft(*, actor: User, fields: dict[str, Any]) -> Incident:
    """Start a draft owned by `actor`, with its basics and whichever sections are given."""
    incident = services.create_incident(actor=actor, basics=services.Basics(**_basics(fields)))
    if sections := _sections(fields):
        services.update_sections(
            actor=actor, incident=incident, sections=sections, expected_version=None
        )
    return incident


def patch_incident(
    *, actor: User, incident: Incident, changes: dict[str, Any], expected_version: int
) -> Incident:
    """Apply any subset of the writable fields, if `expected_version` is still the stored one."""
    permissions.ensure_editable(actor, incident)
    services.check_version(incident, expected_version)
    if basics := _basics(changes):
        services.update_basics(
            actor=actor,
            incident=incident,
            basics=replace(current_basics(incident), **basics),
            expected_version=None,
        )
    if sections := _sections(changes):
        services.update_sections(
            actor=actor, incident=incident, sections=sections, expected_version=None
        )
    if basics or sections:  # one history entry per accepted PATCH, with the version it made
        services.record_edit(actor=actor, incident=incident, fields=[*basics, *sections])
    return incident


def current_basics(incident: Incident) -> services.Basics:
    """Return the basics as stored, for a change that names only some of them."""
    return services.Basics(
        title=incident.title,
        severity=incident.severity,
        services=[s.name for s in incident.services],
        team=incident.team.name if incident.team else None,
        tags=[t.name for t in incident.tags],
        is_exercise=incident.is_exercise,
        visibility=incident.visibility,
    )


def _basics(fields: dict[str, Any]) -> dict[str, Any]:
    basics = {name: fields[name] for name in BASICS if name in fields}
    if "tags" in basics:
        basics["tags"] = _distinct_tags(basics["tags"])
    return basics


def _distinct_tags(tags: list[str]) -> list[str]:
    # "DB" and "db" are one tag; naming it twice must not link it twice.
    first_by_slug: dict[str, str] = {}
    for tag in tags:
        first_by_slug.setdefault(slugify(tag), tag)
    return list(first_by_slug.values())


def _sections(fields: dict[str, Any]) -> dict[str, str]:
    return {name: fields[name] or "" for name in SECTIONS if name in fields}
