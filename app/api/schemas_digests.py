"""How the API shows a week's learning digest."""

from __future__ import annotations

from typing import Any

from marshmallow import fields, pre_dump

from app.api.fields import UtcDateTime
from app.api.schemas import Out
from app.incidents.enums import Severity


class LearningOut(Out):
    label = fields.String()
    excerpt = fields.String()


class DigestReviewOut(Out):
    """A review first published in the week, as an excerpt with a link."""

    ref = fields.String()
    title = fields.String()
    severity = fields.Enum(Severity, by_value=True)
    services = fields.List(fields.String())
    tags = fields.List(fields.String())
    summary = fields.String()
    learnings = fields.Method("_learnings", metadata={"type": "array"})
    factors = fields.List(fields.String())
    published_at = UtcDateTime()
    is_exercise = fields.Boolean()
    restricted = fields.Boolean()
    nominations = fields.Integer()

    def _learnings(self, item) -> list[dict[str, str]]:
        return [{"label": label, "excerpt": text} for label, text in item.learnings]


class SpreadOut(Out):
    """How long it took across incidents, in seconds: how many, the median, the 90th centile."""

    count = fields.Integer()
    median = fields.Float(allow_none=True)
    p90 = fields.Float(allow_none=True)


class SeverityCountOut(Out):
    severity = fields.Enum(Severity, by_value=True)
    this_week = fields.Integer()
    previous_4 = fields.Integer(metadata={"description": "Total over the four weeks before"})
    previous_12 = fields.Integer(metadata={"description": "Total over the twelve weeks before"})


class TrendOut(Out):
    """Incidents that started in the week, against the weeks before; durations as spreads."""

    total = fields.Integer()
    counts = fields.List(fields.Nested(SeverityCountOut))
    detect_this_week = fields.Nested(SpreadOut)
    detect_previous_12 = fields.Nested(SpreadOut)
    resolve_this_week = fields.Nested(SpreadOut)
    resolve_previous_12 = fields.Nested(SpreadOut)

    @pre_dump
    def _spread_out(self, trend: Any, **_: Any) -> dict[str, Any]:
        return {
            "total": trend.total,
            "counts": trend.counts,
            "detect_this_week": trend.detect[0],
            "detect_previous_12": trend.detect[1],
            "resolve_this_week": trend.resolve[0],
            "resolve_previous_12": trend.resolve[1],
        }


class OverdueOut(Out):
    title = fields.String()
    ref = fields.String()
    owner = fields.String(allow_none=True, metadata={"description": "The owner's name"})
    due_date = fields.Date()
    days_overdue = fields.Integer()


class TeamOverdueOut(Out):
    team = fields.String()
    total = fields.Integer()
    items = fields.List(fields.Nested(OverdueOut))


class ActionSummaryOut(Out):
    opened = fields.Integer()
    completed = fields.Integer()
    overdue = fields.Integer()
    teams = fields.List(fields.Nested(TeamOverdueOut))


class ThemeOut(Out):
    kind = fields.String(metadata={"enum": ["factor", "service"]})
    label = fields.String()
    reviews = fields.Integer()


class DeployShareOut(Out):
    with_deploy = fields.Integer()
    incidents = fields.Integer()
    share = fields.Float(allow_none=True)


class DigestOut(Out):
    """One ISO week's digest as the caller may read it; `hidden` counts what they may not."""

    week = fields.String()
    label = fields.String(attribute="week.label")
    timezone = fields.String(attribute="tz_name")
    start = UtcDateTime()
    end = UtcDateTime()
    quiet = fields.Boolean()
    reviews = fields.List(fields.Nested(DigestReviewOut))
    hidden = fields.Integer(
        metadata={"description": "Restricted reviews published this week you may not read"}
    )
    highlight = fields.Method("_highlight", metadata={"type": ["object", "null"]})
    trend = fields.Nested(TrendOut)
    actions = fields.Nested(ActionSummaryOut)
    themes = fields.List(fields.Nested(ThemeOut))
    deploys = fields.Nested(DeployShareOut, allow_none=True)

    def _highlight(self, digest) -> dict[str, str] | None:
        if digest.highlight is None:
            return None
        return {"ref": digest.highlight.ref, "reason": digest.highlight_reason}
