"""Search reviews and find similar ones: what the search page and the API call."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from flask import current_app
from markupsafe import Markup, escape
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.incidents.models import Incident
from app.markdown import plain_excerpt
from app.search import backends
from app.search.checks import checked_filters
from app.search.engine import Row, WorkingSet, collect
from app.search.highlight import mark
from app.search.parser import ParsedQuery, parse
from app.search.similar import SimilarIncident, similar, similar_to_draft

__all__ = [
    "SearchHit",
    "SearchParams",
    "SearchResult",
    "SimilarIncident",
    "search",
    "similar",
    "similar_to_draft",
]

# Reviews one search considers, by engine: PostgreSQL ranks each by re-reading its vector,
# so it considers fewer (SQLite's FTS5 ranks inside the index).
WORKING_SET = {"sqlite": 500, "postgresql": 200}
MAX_PER_PAGE = 100
FACETS = ("severity", "status", "service", "team", "tag", "factor")


@dataclass
class SearchParams:
    """What someone asked for; strings as typed, checked by `search`."""

    q: str = ""
    severity: str = ""
    service: str = ""
    team: str = ""
    tag: str = ""
    factor: str = ""
    status: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20


@dataclass
class SearchHit:
    """One review found; `snippet` is safe HTML in which only <mark> tags are live."""

    ref: str
    title: str
    score: float
    snippet: Markup
    severity: str
    status: str
    services: list[str]
    started_at: dt.datetime | None


@dataclass
class SearchResult:
    """A page of hits, the total, facet counts, and a message when something needs saying.

    When more than the working set matches (`capped`), `total` and the facets count the
    working set: the newest matches, ranked.
    """

    hits: list[SearchHit]
    total: int
    facets: dict[str, dict[str, int]]
    page: int
    per_page: int
    message: str | None = None
    capped: bool = False
    notes: list[str] = field(default_factory=list)


def search(viewer: User, params: SearchParams) -> SearchResult:
    """Search the reviews `viewer` may see; never raises on what people type."""
    typed = (params.q or "").strip()
    query = parse(typed)
    filters, notes = checked_filters(params)
    notes = [*query.notes, *notes]
    if query.is_empty and typed:
        notes.append(f"“{typed[:80]}” has no words to search for; showing recent reviews.")
    default = WORKING_SET.get(db.engine.dialect.name, 500)
    limit = int(current_app.config.get("SEARCH_WORKING_SET", default))
    found = collect(viewer, query, filters, limit)
    notes.extend(_explain(found, limit))
    by_date = params.sort == "date" or query.is_empty
    ordered = sorted(
        found.rows,
        key=(lambda r: (r.occurred_at, r.incident_id))
        if by_date
        else (lambda r: (r.score, r.incident_id)),
        reverse=True,
    )
    per_page = min(max(params.per_page, 1), MAX_PER_PAGE)
    page = max(params.page, 1)
    shown = ordered[(page - 1) * per_page : page * per_page]
    return SearchResult(
        hits=_hits(shown, query),
        total=len(found.rows),
        facets=_facets(found.rows),
        page=page,
        per_page=per_page,
        message=" ".join(notes) or None,
        capped=found.capped,
        notes=notes,
    )


def _explain(found: WorkingSet, limit: int) -> list[str]:
    notes = []
    if found.common:
        words = ", ".join(str(c) for c in found.common)
        notes.append(f"Very common words ({words}) only help rank reviews that match the others.")
    if found.capped:
        which = "contain every word" if found.every else "match"
        notes.append(
            f"More than {limit:,} reviews {which}: these are the best of the {limit:,} newest. "
            "Add a more specific word or a filter to search them all."
        )
    return notes


def _facets(rows: list[Row]) -> dict[str, dict[str, int]]:
    # One join and one count per facet: this runs over the whole working set.
    counts = {
        "severity": Counter(r.severity for r in rows),
        "status": Counter(r.status for r in rows),
        "service": Counter(" ".join(r.services for r in rows).split()),
        "team": Counter(r.team for r in rows if r.team),
        "tag": Counter(" ".join(r.tags for r in rows).split()),
        "factor": Counter(" ".join(r.factors for r in rows).split()),
    }
    return {
        name: dict(sorted(counts[name].items(), key=lambda kv: (-kv[1], kv[0]))) for name in FACETS
    }


def _hits(rows: list[Row], query: ParsedQuery) -> list[SearchHit]:
    ids = [r.incident_id for r in rows]
    if not ids:
        return []
    heads = {
        h.id: h
        for h in db.session.execute(
            select(
                Incident.id, Incident.ref, Incident.title, Incident.summary, Incident.started_at
            ).where(Incident.id.in_(ids))
        )
    }
    cuts = backends.current().snippets(query, ids)
    hits = []
    for row in rows:
        if (head := heads.get(row.incident_id)) is None:
            continue  # deleted since the working set was read
        cut = cuts.get(row.incident_id)
        hits.append(
            SearchHit(
                ref=head.ref,
                title=head.title,
                score=round(row.score, 6),
                snippet=mark(cut) if cut else escape(plain_excerpt(head.summary, 200)),
                severity=row.severity,
                status=row.status,
                services=row.services.split(),
                started_at=head.started_at,
            )
        )
    return hits
