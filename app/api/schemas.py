"""Schemas of incidents as the API reads and writes them, and of its problem documents."""

from __future__ import annotations

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, validate

from app.api.fields import StrictBoolean, Text, UtcDateTime
from app.catalog.services import SLUG, slugify
from app.incidents.enums import Severity, Status, Visibility


class Body(Schema):
    """A request body: a field the API does not know is an error, never silently dropped."""

    class Meta:
        unknown = RAISE


class Out(Schema):
    """A response: documented without `additionalProperties: false`, so fields can be added."""

    class Meta:
        unknown = EXCLUDE


class NameOf(Schema):
    name = fields.String()


class EmailOf(Schema):
    email = fields.String()


def person(**kwargs) -> fields.Pluck:
    """A user shown by their email address."""
    return fields.Pluck(EmailOf, "email", **kwargs)


class IncidentOut(Out):
    """An incident review as the API shows it."""

    ref = fields.String()
    title = fields.String()
    severity = fields.Enum(Severity, by_value=True)
    status = fields.Enum(Status, by_value=True)
    visibility = fields.Enum(Visibility, by_value=True)
    summary = fields.String()
    impact = fields.String()
    went_well = fields.String()
    got_lucky = fields.String()
    surprised = fields.String()
    started_at = UtcDateTime(allow_none=True)
    detected_at = UtcDateTime(allow_none=True)
    acknowledged_at = UtcDateTime(allow_none=True)
    mitigated_at = UtcDateTime(allow_none=True)
    resolved_at = UtcDateTime(allow_none=True)
    services = fields.Pluck(NameOf, "name", many=True)
    team = fields.Pluck(NameOf, "name", allow_none=True)
    tags = fields.Pluck(NameOf, "name", many=True)
    is_exercise = fields.Boolean()
    owner = person()
    version = fields.Integer()


def _tag(name: str) -> None:
    if name.strip() and not SLUG.match(slugify(name)):
        raise ValidationError("Use letters, digits, '.', '_' or '-' (up to 80).")


def _names() -> fields.List:
    return fields.List(Text(validate=validate.Length(max=200)), validate=validate.Length(max=100))


class IncidentCreate(Body):
    """What a new draft needs (title, severity) and may already say."""

    title = Text(required=True, validate=validate.Length(max=10_000))
    severity = fields.Enum(Severity, by_value=True, required=True)
    services = _names()
    team = Text(allow_none=True, validate=validate.Length(max=200))
    tags = fields.List(Text(validate=_tag), validate=validate.Length(max=100))
    is_exercise = StrictBoolean()
    visibility = fields.Enum(Visibility, by_value=True)
    summary = Text(allow_none=True)
    impact = Text(allow_none=True)
    went_well = Text(allow_none=True)
    got_lucky = Text(allow_none=True)
    surprised = Text(allow_none=True)


class IncidentPatch(IncidentCreate):
    """Any subset of the writable fields, and the version the change was made from."""

    version = fields.Integer(required=True, strict=True)
    title = Text(validate=validate.Length(max=10_000))
    severity = fields.Enum(Severity, by_value=True)


class ListArgs(Schema):
    """Filters and paging for the incident list (unknown query parameters are ignored)."""

    status = fields.Enum(Status, by_value=True)
    severity = fields.Enum(Severity, by_value=True)
    service = Text(validate=validate.Length(max=200))
    team = Text(validate=validate.Length(max=200))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


def _link(**kwargs) -> fields.String:
    return fields.String(metadata={"format": "uri"}, **kwargs)


class Links(Out):
    self = _link()
    next = _link(allow_none=True)
    prev = _link(allow_none=True)
    first = _link()
    last = _link()


class IncidentPage(Out):
    """One page of incidents, with links to the others."""

    items = fields.List(fields.Nested(IncidentOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    links = fields.Nested(Links)


class Problem(Out):
    """An RFC 9457 problem document; which extra members appear depends on `type`."""

    type = fields.String(metadata={"description": "A URI naming the kind of problem"})
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    instance = fields.String()
    errors = fields.Dict(metadata={"description": "Messages by field name (422)"})
    gaps = fields.List(fields.String(), metadata={"description": "What submit still needs"})
    findings = fields.List(fields.Dict(), metadata={"description": "Wording to reconsider"})
    current = fields.Nested(IncidentOut, metadata={"description": "State that won (409)"})
    current_version = fields.Integer()
    line = fields.Integer(metadata={"description": "Where malformed JSON stops parsing"})
    column = fields.Integer()
