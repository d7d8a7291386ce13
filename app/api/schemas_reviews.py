"""Schemas of the review workflow, comments, reviewers and the language check."""

from __future__ import annotations

from marshmallow import fields, validate

from app.api.fields import EmailAddress, StrictBoolean, Text, UtcDateTime
from app.api.schemas import Body, Out, person
from app.reviews.models import ReviewerState

LANGUAGE_TEXT_MAX = 200_000


class SubmitIn(Body):
    acknowledge_language = StrictBoolean(
        load_default=False,
        metadata={"description": "I have read the wording findings and submit anyway"},
    )


class ApproveIn(Body):
    comment = Text(load_default="")


class RequestChangesIn(Body):
    comment = Text(required=True)


class PublishIn(Body):
    note = Text(load_default="")


class ReopenIn(Body):
    reason = Text(required=True)


class ReviewerIn(Body):
    email = EmailAddress(required=True)


class ReviewerOut(Out):
    """Someone asked to review, and where their review stands."""

    email = fields.String(attribute="user.email")
    name = fields.String(attribute="user.name")
    state = fields.Enum(ReviewerState, by_value=True)
    created_at = UtcDateTime()
    decided_at = UtcDateTime(allow_none=True)


class ReviewerList(Out):
    items = fields.List(fields.Nested(ReviewerOut))


class CommentIn(Body):
    section = Text(load_default="general", metadata={"description": "general, summary, ..."})
    body = Text(required=True)


class CommentOut(Out):
    """A remark on one section of a review."""

    id = fields.Integer()
    section = fields.String()
    kind = fields.String()
    body = fields.String()
    author = person(allow_none=True)
    created_at = UtcDateTime()
    resolved_at = UtcDateTime(allow_none=True)


class CommentList(Out):
    items = fields.List(fields.Nested(CommentOut))


class LanguageIn(Body):
    text = Text(required=True, validate=validate.Length(max=LANGUAGE_TEXT_MAX))


class FindingOut(Out):
    """Wording to reconsider: where (character offsets), which rule, why, a rewrite."""

    start = fields.Integer()
    end = fields.Integer()
    rule = fields.String()
    message = fields.String()
    suggestion = fields.String()


class LanguageOut(Out):
    findings = fields.List(fields.Nested(FindingOut))
