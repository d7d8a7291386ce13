"""Writes to action items: changes to the system, owned, dated, and followed through."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from app.accounts.models import User
from app.clock import utcnow
from app.errors import EditConflict, InvalidInput
from app.extensions import db
from app.incidents import permissions
from app.incidents.enums import ActionKind, ActionStatus, Priority
from app.incidents.models import ActionItem, Incident
from app.search import index as search_index


@dataclass
class ActionInput:
    """What an action item says; `owner` is a user or nobody yet."""

    title: str
    description: str = ""
    kind: ActionKind = ActionKind.PREVENT
    priority: Priority = Priority.P2
    owner: User | None = None
    due_date: dt.date | None = None
    status: ActionStatus = ActionStatus.OPEN
    wont_do_reason: str = ""
    tracker_url: str | None = None


def _validate(data: ActionInput) -> None:
    errors = {}
    if not data.title.strip():
        errors["title"] = "Say what will change, verb first."
    elif len(data.title.strip()) > 200:
        errors["title"] = "Keep the title under 200 characters; details go in the description."
    if data.tracker_url:
        parts = urlsplit(data.tracker_url)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            errors["tracker_url"] = "Use an http:// or https:// link."
    if data.status is ActionStatus.WONT_DO and not data.wont_do_reason.strip():
        errors["wont_do_reason"] = "Say why this will not be done."
    if errors:
        raise InvalidInput("The action item needs attention.", errors)


def _apply(item: ActionItem, data: ActionInput) -> None:
    if data.status is ActionStatus.DONE and item.status is not ActionStatus.DONE:
        item.completed_at = utcnow()
    elif data.status is not ActionStatus.DONE:
        item.completed_at = None
    item.title = data.title.strip()
    item.description = data.description.strip()
    item.kind = data.kind
    item.priority = data.priority
    item.owner = data.owner
    item.due_date = data.due_date
    item.status = data.status
    item.wont_do_reason = data.wont_do_reason.strip()
    item.tracker_url = data.tracker_url or None


def add_action(*, actor: User, incident: Incident, data: ActionInput) -> ActionItem:
    """Add an action item to a review."""
    permissions.ensure_editable(actor, incident)
    _validate(data)
    item = ActionItem(incident=incident, status=ActionStatus.OPEN)
    _apply(item, data)
    db.session.add(item)
    db.session.flush()
    search_index.reindex(incident)
    return item


def update_action(
    *, actor: User, item: ActionItem, data: ActionInput, expected_version: int | None
) -> ActionItem:
    """Change an action item, refusing an edit made over a newer save."""
    permissions.ensure_editable(actor, item.incident)
    if expected_version is not None and expected_version != item.version:
        raise EditConflict(
            "This action item was changed by someone else while you were editing.",
            current=item,
            current_version=item.version,
        )
    _validate(data)
    _apply(item, data)
    db.session.flush()
    search_index.reindex(item.incident)
    return item


def delete_action(*, actor: User, item: ActionItem) -> None:
    """Remove an action item."""
    permissions.ensure_editable(actor, item.incident)
    incident = item.incident
    incident.actions.remove(item)
    db.session.flush()
    search_index.reindex(incident)
