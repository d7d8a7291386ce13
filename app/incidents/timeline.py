"""Writes to the timeline, and the key times that milestones set."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from app.accounts.models import User
from app.errors import EditConflict, InvalidInput, PermissionDenied
from app.extensions import db
from app.incidents import permissions
from app.incidents.enums import EntryKind, Milestone
from app.incidents.models import Incident, TimelineEntry
from app.search import index as search_index

BODY_MAX = 20_000


@dataclass
class EntryInput:
    """One moment as someone saw it; `occurred_at` is aware (any zone, stored as UTC)."""

    occurred_at: dt.datetime
    kind: EntryKind = EntryKind.NOTE
    body: str = ""
    milestone: Milestone | None = None


def _validate(data: EntryInput) -> None:
    errors = {}
    if data.occurred_at.tzinfo is None:
        errors["occurred_at"] = "Say which time zone this time is in."
    if not data.body.strip():
        errors["body"] = "Say what happened, as you saw it then."
    elif len(data.body) > BODY_MAX:
        errors["body"] = f"Keep an entry under {BODY_MAX:,} characters; split it up."
    if errors:
        raise InvalidInput("The entry needs attention.", errors)


def add_entry(
    *,
    actor: User,
    incident: Incident,
    data: EntryInput,
    author: User | None = None,
    source: str = "manual",
    source_ref: str | None = None,
) -> TimelineEntry:
    """Add an entry, attributed to `author` (default: the actor), and update key times."""
    permissions.ensure_editable(actor, incident)
    _validate(data)
    entry = TimelineEntry(
        incident=incident,
        occurred_at=data.occurred_at.astimezone(dt.UTC),
        kind=data.kind,
        milestone=data.milestone,
        body=data.body.replace("\r\n", "\n").strip(),
        author=author or actor,
        source=source,
        source_ref=source_ref,
    )
    db.session.add(entry)
    db.session.flush()
    sync_key_times(incident, changed={data.milestone})
    search_index.reindex(incident)
    return entry


def update_entry(
    *, actor: User, entry: TimelineEntry, data: EntryInput, expected_version: int | None
) -> TimelineEntry:
    """Change an entry; an edit begun before someone else's save is refused, not merged."""
    permissions.ensure_editable(actor, entry.incident)
    if expected_version is not None and expected_version != entry.version:
        raise EditConflict(
            "This entry was changed by someone else while you were editing.",
            current=entry,
            current_version=entry.version,
        )
    _validate(data)
    previous = entry.milestone
    entry.occurred_at = data.occurred_at.astimezone(dt.UTC)
    entry.kind = data.kind
    entry.milestone = data.milestone
    entry.body = data.body.replace("\r\n", "\n").strip()
    db.session.flush()
    sync_key_times(entry.incident, changed={previous, data.milestone})
    search_index.reindex(entry.incident)
    return entry


def delete_entry(*, actor: User, entry: TimelineEntry) -> None:
    """Remove an entry; only its author, the review owner or an admin may."""
    if not permissions.can_remove_entry(actor, entry):
        raise PermissionDenied("Only the entry's author, the owner or an admin can remove it.")
    incident, milestone = entry.incident, entry.milestone
    incident.timeline.remove(entry)
    db.session.flush()
    sync_key_times(incident, changed={milestone})
    search_index.reindex(incident)


def sync_key_times(incident: Incident, changed: set[Milestone | None]) -> None:
    """Set each changed milestone's key time to its earliest entry (or clear it if none).

    Written without bumping the incident's version: someone adding a timeline entry must not
    turn the owner's summary edit, begun earlier, into a conflict.
    """
    values = {}
    for milestone in changed - {None}:
        times = [e.occurred_at for e in incident.timeline if e.milestone is milestone]
        values[milestone.field] = min(times) if times else None
    if not values:
        return
    db.session.flush()
    db.session.execute(update(Incident).where(Incident.id == incident.id).values(**values))
    for field, value in values.items():
        set_committed_value(incident, field, value)
