"""Who may see and change a review. Restricted reviews are for participants and admins."""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, false, or_, select, true

from app.accounts.models import User
from app.errors import InvalidTransition, PermissionDenied
from app.incidents.enums import Status, Visibility
from app.incidents.models import Incident, TimelineEntry, incident_participants


def visible_clause(user: User | None) -> ColumnElement[bool]:
    """Return a SQL condition selecting the incidents `user` may see.

    Applied inside every query, so restricted reviews never reach a page, count or facet
    for someone outside them.
    """
    if user is None or not user.is_authenticated:
        return false()
    if user.is_admin:
        return true()
    participant = exists(
        select(incident_participants.c.incident_id).where(
            incident_participants.c.incident_id == Incident.id,
            incident_participants.c.user_id == user.id,
        )
    )
    author = exists(
        select(TimelineEntry.id).where(
            TimelineEntry.incident_id == Incident.id, TimelineEntry.author_id == user.id
        )
    )
    return or_(
        Incident.visibility == Visibility.INTERNAL,
        Incident.owner_id == user.id,
        participant,
        author,
    )


def is_participant(user: User, incident: Incident) -> bool:
    """Tell whether `user` owns, was invited to, or wrote part of the review."""
    return (
        incident.owner_id == user.id
        or any(p.id == user.id for p in incident.participants)
        or any(e.author_id == user.id for e in incident.timeline)
    )


def can_view(user: User | None, incident: Incident) -> bool:
    """Tell whether `user` may read this review."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_admin or incident.visibility is Visibility.INTERNAL:
        return True
    return is_participant(user, incident)


def can_edit(user: User, incident: Incident) -> bool:
    """Anyone who can read a review may contribute to it: experts help, not gatekeep."""
    return can_view(user, incident)


def ensure_editable(user: User, incident: Incident) -> None:
    """Refuse edits from people who cannot edit, and to published reviews (reopen to amend)."""
    if not can_edit(user, incident):
        raise PermissionDenied("You cannot edit this review.")
    if incident.status is Status.PUBLISHED:
        raise InvalidTransition(
            f"{incident.ref} is published, so it is read-only. Reopen it to make an amendment."
        )


def can_delete(user: User, incident: Incident) -> bool:
    """Only the owner or an admin may delete a whole review."""
    return user.is_admin or incident.owner_id == user.id


def can_remove_entry(user: User, entry: TimelineEntry) -> bool:
    """An entry may be removed by its author, the review's owner, or an admin."""
    return user.is_admin or entry.author_id == user.id or entry.incident.owner_id == user.id
