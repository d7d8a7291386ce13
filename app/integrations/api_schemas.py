"""How the API shows deploys, alerts, candidates and decisions."""

from __future__ import annotations

from marshmallow import fields

from app.api.fields import UtcDateTime
from app.api.schemas import NameOf, Out, person
from app.integrations.enums import AlertStatus, DeployStatus, Relation, Source


class _Record(Out):
    id = fields.Integer()
    source = fields.Enum(Source, by_value=True)
    service = fields.Pluck(NameOf, "name", allow_none=True)
    service_name = fields.String(metadata={"description": "The name as the tool sent it."})
    environment = fields.String()
    url = fields.String()
    started_at = UtcDateTime()
    utc_offset_minutes = fields.Integer(allow_none=True)


class DeployOut(_Record):
    """A deploy; `deployer` is metadata from the tool, never a finding."""

    version = fields.String()
    commit = fields.String(attribute="commit_sha")
    status = fields.Enum(DeployStatus, by_value=True)
    is_production = fields.Boolean()
    deployer = fields.String()
    description = fields.String()
    finished_at = UtcDateTime(allow_none=True)


class AlertOut(_Record):
    name = fields.String()
    summary = fields.String()
    severity = fields.String()
    status = fields.Enum(AlertStatus, by_value=True)
    ended_at = UtcDateTime(allow_none=True)
    acknowledged_at = UtcDateTime(allow_none=True)


class DeployList(Out):
    items = fields.List(fields.Nested(DeployOut))


class AlertList(Out):
    items = fields.List(fields.Nested(AlertOut))


class LinkOut(Out):
    relation = fields.Enum(Relation, by_value=True)
    note = fields.String()
    decided_by = person(allow_none=True)
    decided_at = UtcDateTime()


class CandidateOut(Out):
    """A suggestion: a hint to check, with a score (0..100) and the reason in plain words."""

    kind = fields.String(metadata={"enum": ["deploy", "alert"]})
    score = fields.Integer()
    reason = fields.String()
    relation = fields.Enum(Relation, by_value=True, allow_none=True)
    decision = fields.Nested(LinkOut, attribute="link", allow_none=True)
    deploy = fields.Method("_deploy", metadata={"type": "object"}, allow_none=True)
    alert = fields.Method("_alert", metadata={"type": "object"}, allow_none=True)

    def _deploy(self, candidate):
        return DeployOut().dump(candidate.record) if candidate.kind == "deploy" else None

    def _alert(self, candidate):
        return AlertOut().dump(candidate.record) if candidate.kind == "alert" else None


class VerdictOut(Out):
    note = fields.String()
    decided_by = person(allow_none=True)
    decided_at = UtcDateTime()


class CandidateList(Out):
    items = fields.List(fields.Nested(CandidateOut))
    no_change = fields.Nested(VerdictOut, allow_none=True)
    window_hours = fields.Float()
