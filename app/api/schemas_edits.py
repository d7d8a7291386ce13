"""Schemas of changes to a review's parts, decisions about suggested changes, and revisions."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, post_load, validate

from app.accounts.queries import user_by_email
from app.api.fields import EmailAddress, Text, UtcDateTime
from app.api.schemas import Body, Out, person
from app.incidents.enums import (
    ActionKind,
    ActionStatus,
    EntryKind,
    FactorCategory,
    Milestone,
    Priority,
)
from app.integrations.enums import Relation

NOTE_MAX = 2000


def _version() -> fields.Integer:
    return fields.Integer(
        required=True,
        strict=True,
        metadata={"description": "The version you read; a newer one answers 409"},
    )


class EntryPatch(Body):
    """Any of an entry's fields, and the version the change was made from."""

    version = _version()
    occurred_at = UtcDateTime()
    kind = fields.Enum(EntryKind, by_value=True)
    milestone = fields.Enum(Milestone, by_value=True, allow_none=True)
    body = Text()


class FactorPatch(Body):
    """A factor's category or description, and the version the change was made from."""

    version = _version()
    category = fields.Enum(FactorCategory, by_value=True)
    description = Text()


class ActionPatch(Body):
    """Any of an action item's fields (the owner by email, or null for nobody yet)."""

    version = _version()
    title = Text()
    description = Text()
    kind = fields.Enum(ActionKind, by_value=True)
    priority = fields.Enum(Priority, by_value=True)
    owner = EmailAddress(allow_none=True)
    due_date = fields.Date(allow_none=True)
    status = fields.Enum(ActionStatus, by_value=True)
    tracker_url = Text(allow_none=True, validate=validate.Length(max=2000))
    wont_do_reason = Text()

    @post_load
    def _owner(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        if data.get("owner"):
            owner = user_by_email(data["owner"])
            if owner is None or not owner.active:
                raise ValidationError("Nobody here has that email address.", "owner")
            data["owner"] = owner
        return data


class DecisionIn(Body):
    """What a deploy or alert had to do with the incident, in your judgement."""

    relation = fields.Enum(Relation, by_value=True, required=True)
    note = Text(load_default="", validate=validate.Length(max=NOTE_MAX))


class VerdictIn(Body):
    note = Text(load_default="", validate=validate.Length(max=NOTE_MAX))


class RevisionOut(Out):
    """A published revision: its number, who published it and when, with a note."""

    number = fields.Integer()
    note = fields.String()
    published_at = UtcDateTime()
    published_by = person(allow_none=True)


class RevisionDetail(RevisionOut):
    snapshot = fields.Dict(metadata={"description": "The review as it was published"})


class RevisionList(Out):
    items = fields.List(fields.Nested(RevisionOut))
