"""Writes to an incident's own fields. Services flush, never commit; callers commit once."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.accounts.models import User
from app.audit.services import record
from app.catalog import queries as catalog
from app.catalog.services import get_or_create_tag, slugify
from app.clock import utcnow
from app.errors import EditConflict, InvalidInput, PermissionDenied
from app.extensions import db
from app.incidents import permissions
from app.incidents.enums import Severity, Status, Visibility
from app.incidents.models import SECTIONS, Incident
from app.search import index as search_index

REF_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{1,15}-\d{1,12}$")
TITLE_MAX = 200
TEXT_FIELDS = frozenset({"title", *SECTIONS, "no_action_reason"})


@dataclass
class Basics:
    """The first step of a review: what happened, where, how bad, who can see it."""

    title: str
    severity: Severity
    services: list[str] = field(default_factory=list)
    team: str | None = None
    tags: list[str] = field(default_factory=list)
    is_exercise: bool = False
    visibility: Visibility = Visibility.INTERNAL


def next_ref() -> str:
    """Return the next free `INC-nnnn` reference."""
    refs = db.session.scalars(
        select(Incident.ref)
        .where(Incident.ref.like("INC-%"))
        .order_by(func.length(Incident.ref).desc(), Incident.ref.desc())
        .limit(1)
    ).all()
    number = int(refs[0].split("-", 1)[1]) + 1 if refs and refs[0][4:].isdigit() else 1
    return f"INC-{number:04d}"


def _validate(basics: Basics) -> None:
    errors = {}
    title = basics.title.strip()
    if not title:
        errors["title"] = "Give the incident a title."
    elif len(title) > TITLE_MAX:
        errors["title"] = f"Keep the title under {TITLE_MAX} characters."
    if basics.team and catalog.team_by_name(basics.team) is None:
        errors["team"] = f"There is no team called {basics.team!r}."
    known = {s.name for s in catalog.services_named(basics.services)}
    if unknown := [s for s in basics.services if s not in known]:
        errors["services"] = "Unknown service: " + ", ".join(unknown)
    if errors:
        raise InvalidInput("Some fields need attention.", errors)


def _apply(incident: Incident, basics: Basics) -> None:
    incident.title = basics.title.strip()
    incident.severity = basics.severity
    incident.team = catalog.team_by_name(basics.team) if basics.team else None
    incident.services = catalog.services_named(basics.services)
    names = dict.fromkeys(slugify(t) for t in basics.tags if slugify(t))  # "DB" and "db" are one
    incident.tags = [get_or_create_tag(t) for t in names]
    incident.is_exercise = basics.is_exercise
    incident.visibility = basics.visibility
    # Touch the row so that list-only changes (services, tags) still bump the version.
    incident.updated_at = utcnow()


def create_incident(*, actor: User, basics: Basics, ref: str | None = None) -> Incident:
    """Start a draft review owned by `actor`."""
    _validate(basics)
    if ref is not None and not REF_PATTERN.match(ref):
        raise InvalidInput(f"{ref!r} is not a reference like INC-0042.", {"ref": "Bad format."})
    incident = Incident(ref=ref or next_ref(), owner=actor, status=Status.DRAFT)
    _apply(incident, basics)
    db.session.add(incident)
    db.session.flush()
    search_index.reindex(incident)
    record("incident.created", actor=actor, incident=incident)
    return incident


def check_version(incident: Incident, expected: int | None) -> None:
    """Refuse an edit that began from an older version than the one stored."""
    if expected is not None and expected != incident.version:
        raise EditConflict(
            f"{incident.ref} was changed by someone else while you were editing.",
            current=incident,
            current_version=incident.version,
        )


def update_basics(
    *, actor: User, incident: Incident, basics: Basics, expected_version: int | None
) -> Incident:
    """Change title, severity, services, team, tags, exercise flag and visibility."""
    _require_edit(actor, incident)
    check_version(incident, expected_version)
    _validate(basics)
    before = incident.visibility
    _apply(incident, basics)
    db.session.flush()
    search_index.reindex(incident)
    if expected_version is not None:  # a person's edit, from the version they read
        record_edit(actor=actor, incident=incident, fields=vars(basics))
    if incident.visibility is not before:
        record(
            "incident.visibility",
            actor=actor,
            incident=incident,
            visibility=incident.visibility.value,
        )
    return incident


def update_sections(
    *, actor: User, incident: Incident, sections: dict[str, str], expected_version: int | None
) -> Incident:
    """Change Markdown sections (summary, impact, learnings, no-action reason)."""
    _require_edit(actor, incident)
    allowed = {*SECTIONS, "no_action_reason"}
    if unknown := set(sections) - allowed:
        raise InvalidInput(f"Unknown section(s): {', '.join(sorted(unknown))}.")
    check_version(incident, expected_version)
    for name, text in sections.items():
        setattr(incident, name, (text or "").replace("\r\n", "\n").strip())
    incident.updated_at = utcnow()
    db.session.flush()
    search_index.reindex(incident)
    if expected_version is not None:  # a person's edit, from the version they read
        record_edit(actor=actor, incident=incident, fields=sections)
    return incident


def record_edit(*, actor: User, incident: Incident, fields: Iterable[str]) -> None:
    """Note in the review's history which fields `actor` saved, and the version that made.

    Called after the flush, so `incident.version` is the new one. A digest of the texts as
    stored ties that version to its content without copying the write-up into the log.
    """
    names = sorted(fields)
    texts = {name: getattr(incident, name) for name in names if name in TEXT_FIELDS}
    digest = hashlib.sha256(json.dumps(texts, sort_keys=True).encode()).hexdigest()[:16]
    record(
        "incident.edited",
        actor=actor,
        incident=incident,
        version=incident.version,
        fields=names,
        digest=digest if texts else None,
    )


def add_participant(*, actor: User, incident: Incident, user: User) -> Incident:
    """Invite `user` into a review, so they can read and contribute even when restricted."""
    if not permissions.can_edit(actor, incident):
        raise PermissionDenied("You cannot invite people to this review.")
    if user.id != incident.owner_id and user not in incident.participants:
        incident.participants.append(user)
        db.session.flush()
        record("incident.participant_added", actor=actor, incident=incident, user=user.email)
    return incident


def delete_incident(*, actor: User, incident: Incident) -> str:
    """Delete a review and everything in it; only its owner or an admin may."""
    if not permissions.can_delete(actor, incident):
        raise PermissionDenied("Only the owner or an admin can delete this review.")
    ref = incident.ref
    record("incident.deleted", actor=actor, ref=ref, title=incident.title)
    search_index.remove(incident.id)
    db.session.delete(incident)
    db.session.flush()
    return ref


def _require_edit(actor: User, incident: Incident) -> None:
    permissions.ensure_editable(actor, incident)
