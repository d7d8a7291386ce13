"""A review as JSON: the API's incident representation, with its parts and revision inside.

Built from the API's own marshmallow schemas, so a script that reads
`GET /api/v1/incidents/<ref>` reads this too; the parts are as `.../timeline`, `.../factors`
and `.../actions` show them.
"""

from __future__ import annotations

import json

from marshmallow import fields

from app.api.fields import UtcDateTime
from app.api.schemas import IncidentOut, Out, person
from app.api.schemas_parts import ActionOut, EntryOut, FactorOut
from app.exports.document import Document

MEDIA_TYPE = "application/json"
FORMAT = "hindsight-incident"
VERSION = 1


class RevisionOut(Out):
    """The published revision an export shows."""

    number = fields.Integer()
    published_at = UtcDateTime()
    published_by = person(allow_none=True)
    note = fields.String()


class LinkOut(Out):
    """A deploy or alert a person linked to the incident."""

    kind = fields.String()
    relation = fields.String()
    title = fields.String()
    service = fields.String()
    at = UtcDateTime(allow_none=True)
    url = fields.String(allow_none=True)
    note = fields.String()


class IncidentExport(IncidentOut):
    """The API's incident, with everything a reader of the review sees."""

    no_action_reason = fields.String()
    timeline = fields.List(fields.Nested(EntryOut))
    factors = fields.List(fields.Nested(FactorOut))
    actions = fields.List(fields.Nested(ActionOut))


def data(doc: Document) -> dict:
    """Return the export as plain JSON values."""
    body = IncidentExport().dump(doc.incident)
    body["revision"] = RevisionOut().dump(doc.revision) if doc.cacheable else None
    body["links"] = LinkOut(many=True).dump(doc.links)
    body["no_change_involved"] = doc.no_change is not None
    body["export"] = {"format": FORMAT, "version": VERSION, "draft": doc.draft}
    return body


def render(doc: Document) -> bytes:
    """Return the export as UTF-8 JSON, indented for people reading it."""
    text = json.dumps(data(doc), ensure_ascii=False, indent=2)
    # An unpaired surrogate (only ever from a bad import) becomes its JSON escape, not an error.
    return text.encode("utf-8", "backslashreplace")
