"""How the API reads a search and shows its results, facets and similar incidents."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.api.fields import Text, UtcDateTime
from app.api.schemas import Links, Out
from app.incidents.enums import FactorCategory, Severity, Status
from app.search.checks import SORTS
from app.search.queries import MAX_PER_PAGE


class SearchArgs(Schema):
    """What to search for; every filter is optional (unknown query parameters are ignored)."""

    q = Text(
        load_default="",
        metadata={
            "description": 'Words, "quoted phrases" and -excluded words; empty lists recent '
            "reviews. Everything is read as text: no operator syntax."
        },
    )
    severity = fields.Enum(Severity, by_value=True)
    status = fields.Enum(Status, by_value=True)
    factor = fields.Enum(
        FactorCategory, by_value=True, metadata={"description": "A contributing-factor category"}
    )
    service = Text(validate=validate.Length(max=200), metadata={"description": "A service name"})
    team = Text(validate=validate.Length(max=200), metadata={"description": "A team name"})
    tag = Text(validate=validate.Length(max=200), metadata={"description": "A tag name"})
    date_from = fields.Date(
        data_key="from", metadata={"description": "Happened on or after this day (YYYY-MM-DD)"}
    )
    date_to = fields.Date(
        data_key="to", metadata={"description": "Happened on or before this day (YYYY-MM-DD)"}
    )
    sort = fields.String(load_default="relevance", validate=validate.OneOf(SORTS))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PER_PAGE))


class SearchHitOut(Out):
    """One review found."""

    ref = fields.String()
    title = fields.String()
    severity = fields.String(metadata={"enum": [s.value for s in Severity]})
    status = fields.String(metadata={"enum": [s.value for s in Status]})
    services = fields.List(fields.String())
    started_at = UtcDateTime(allow_none=True)
    score = fields.Float(metadata={"description": "Relevance; higher is better (0 by date)"})
    snippet = fields.String(
        metadata={"description": "HTML: the review's own text escaped, matched words in <mark>"}
    )
    url = fields.String(metadata={"format": "uri", "description": "The review in this API"})


def _counts(label: str) -> fields.Dict:
    return fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": f"How many results have each {label}, most first"},
    )


class FacetCounts(Out):
    """Counts per value of each facet, over every result of the query."""

    severity = _counts("severity")
    status = _counts("status")
    service = _counts("service")
    team = _counts("team")
    tag = _counts("tag")
    factor = _counts("contributing-factor category")


class SearchPage(Out):
    """A page of results with facet counts for the whole query (filters included)."""

    results = fields.List(fields.Nested(SearchHitOut))
    total = fields.Integer(metadata={"description": "Reviews found (see `capped`)"})
    capped = fields.Boolean(
        metadata={
            "description": "More matched than one search considers: `total` and the facets "
            "count the best of the newest matches"
        }
    )
    page = fields.Integer()
    per_page = fields.Integer()
    sort = fields.String(metadata={"enum": list(SORTS)})
    facets = fields.Nested(FacetCounts)
    notes = fields.List(
        fields.String(), metadata={"description": "What was ignored or shortened, in words"}
    )
    links = fields.Nested(Links)


class SimilarArgs(Schema):
    """How many similar reviews to list."""

    limit = fields.Integer(load_default=5, validate=validate.Range(min=1, max=20))


class SimilarOut(Out):
    """A review that looks related, and why."""

    ref = fields.String()
    title = fields.String()
    score = fields.Float()
    reason = fields.String(metadata={"description": "What they share, in plain words"})
    url = fields.String(metadata={"format": "uri"})


class SimilarList(Out):
    results = fields.List(fields.Nested(SimilarOut))
