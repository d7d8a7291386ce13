"""Schemas of the parts of a review: timeline entries, contributing factors, action items."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, post_load, validate

from app.accounts.queries import user_by_email
from app.api.fields import EmailAddress, Text, UtcDateTime
from app.api.schemas import Body, Out, person
from app.incidents.actions import ActionInput
from app.incidents.enums import (
    ActionKind,
    ActionStatus,
    EntryKind,
    FactorCategory,
    Milestone,
    Priority,
)
from app.incidents.timeline import EntryInput


class EntryOut(Out):
    """One moment on the timeline, attributed to its author."""

    id = fields.Integer()
    occurred_at = UtcDateTime()
    kind = fields.Enum(EntryKind, by_value=True)
    milestone = fields.Enum(Milestone, by_value=True, allow_none=True)
    body = fields.String()
    author = person(allow_none=True)
    source = fields.String()
    version = fields.Integer()


class EntryIn(Body):
    """A moment as the caller saw it; the caller is its author."""

    occurred_at = UtcDateTime(required=True)
    kind = fields.Enum(EntryKind, by_value=True, load_default=EntryKind.NOTE)
    milestone = fields.Enum(Milestone, by_value=True, allow_none=True, load_default=None)
    body = Text(required=True)

    @post_load
    def _entry(self, data: dict[str, Any], **_: Any) -> EntryInput:
        return EntryInput(**data)


class FactorOut(Out):
    """A contributing factor: one of several conditions that allowed the incident."""

    id = fields.Integer()
    category = fields.Enum(FactorCategory, by_value=True)
    description = fields.String()
    version = fields.Integer()


class FactorIn(Body):
    category = fields.Enum(FactorCategory, by_value=True, required=True)
    description = Text(required=True)


class ActionOut(Out):
    """An action item and its follow-through."""

    id = fields.Integer()
    title = fields.String()
    description = fields.String()
    kind = fields.Enum(ActionKind, by_value=True)
    priority = fields.Enum(Priority, by_value=True)
    owner = person(allow_none=True)
    due_date = fields.Date(allow_none=True)
    status = fields.Enum(ActionStatus, by_value=True)
    tracker_url = fields.String(allow_none=True)
    wont_do_reason = fields.String()
    version = fields.Integer()


class ActionIn(Body):
    """A change to the system: what, who owns it (by email), by when."""

    title = Text(required=True)
    description = Text(load_default="")
    kind = fields.Enum(ActionKind, by_value=True, load_default=ActionKind.PREVENT)
    priority = fields.Enum(Priority, by_value=True, load_default=Priority.P2)
    owner = EmailAddress(allow_none=True, load_default=None)
    due_date = fields.Date(allow_none=True, load_default=None)
    status = fields.Enum(ActionStatus, by_value=True, load_default=ActionStatus.OPEN)
    tracker_url = Text(allow_none=True, load_default=None, validate=validate.Length(max=2000))
    wont_do_reason = Text(load_default="")

    @post_load
    def _action(self, data: dict[str, Any], **_: Any) -> ActionInput:
        email = data.pop("owner")
        owner = user_by_email(email) if email else None
        if email and (owner is None or not owner.active):
            raise ValidationError("Nobody here has that email address.", "owner")
        return ActionInput(owner=owner, **data)


class EntryList(Out):
    items = fields.List(fields.Nested(EntryOut))


class FactorList(Out):
    items = fields.List(fields.Nested(FactorOut))


class ActionList(Out):
    items = fields.List(fields.Nested(ActionOut))
