"""Find the working set of a search: matching, visible, filtered rows, bounded in size.

Everything per row (visibility, filters, ranking, facets) is paid only for the working set:
at most `limit` reviews. When a query's words are all rare, that is every match. When some
words are very common, rows must contain one of the rare words or every word (common words
still rank them); a review with only some common words would rank low anyway. When every
word is common, the working set is the newest `limit` matches (those with every word
first), and the result says it was capped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, exists, literal, select
from sqlalchemy.sql.visitors import replacement_traverse

from app.accounts.models import User
from app.clock import from_local
from app.extensions import db
from app.incidents.enums import Severity, Status
from app.incidents.models import Incident
from app.incidents.permissions import visible_clause
from app.search import backends
from app.search.columns import DETAILS, DETAILS_FROM, SD
from app.search.parser import Clause, ParsedQuery

# The incident columns visible_clause reads, and their copies on the search row.
_COPIES = {"id": SD.c.incident_id, "visibility": SD.c.visibility, "owner_id": SD.c.owner_id}


@dataclass(frozen=True)
class Filters:
    """Checked filter values; empty strings and None mean 'any'."""

    severity: str = ""
    service: str = ""
    team: str = ""
    tag: str = ""
    factor: str = ""
    status: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


class Row(NamedTuple):
    """One review in the working set, with what facets and sorting need, read raw.

    A search reads hundreds of these, so nothing is converted: severity and status
    are their stored values, the name lists space-separated strings, `occurred_at` the
    stored value (used only to sort).
    """

    incident_id: int
    score: float
    severity: str
    status: str
    team: str
    services: str
    tags: str
    factors: str
    occurred_at: Any


@dataclass
class WorkingSet:
    rows: list[Row]
    capped: bool = False
    common: list[Clause] = field(default_factory=list)
    every: bool = False  # capped while every row had every word


def visible(viewer: User | None) -> ColumnElement[bool]:
    """Return `visible_clause(viewer)` rewritten onto the search row's copied columns.

    The same rule, not a second copy of it: a column the search row does not copy raises,
    so a change to the rule cannot silently leak restricted reviews into search.
    """
    incidents = Incident.__table__

    def swap(element: Any) -> Any:
        if getattr(element, "table", None) is incidents:
            if element.key not in _COPIES:
                raise LookupError(f"search does not copy incidents.{element.key}")
            return _COPIES[element.key]
        return None

    return replacement_traverse(visible_clause(viewer), {}, swap)


def _has(column: ColumnElement, name: str) -> ColumnElement[bool]:
    return (literal(" ") + column + literal(" ")).contains(f" {name} ", autoescape=True)


def conditions(viewer: User, filters: Filters) -> list[ColumnElement[bool]]:
    """Return the SQL conditions for visibility and every filter, on the search row."""
    found = [visible(viewer)]
    if filters.severity:
        found.append(SD.c.severity == Severity(filters.severity))
    if filters.team:
        found.append(SD.c.team == filters.team)
    for column, name in ((SD.c.services, filters.service), (SD.c.tags, filters.tag)):
        if name:
            found.append(_has(column, name))
    if filters.factor:
        found.append(_has(SD.c.factors, filters.factor))
    if filters.status:
        # The workflow changes status without telling search, so it is read from the incident.
        live = Incident.__table__
        found.append(
            exists(
                select(live.c.id).where(
                    live.c.id == SD.c.incident_id, live.c.status == Status(filters.status).value
                )
            ).correlate_except(live)
        )
    zone = getattr(viewer, "timezone", None)
    if filters.date_from:
        start = from_local(dt.datetime.combine(filters.date_from, dt.time()), zone)
        found.append(SD.c.occurred_at >= start)
    if filters.date_to:
        end = from_local(dt.datetime.combine(filters.date_to, dt.time()), zone)
        found.append(SD.c.occurred_at < end + dt.timedelta(days=1))
    return found


@dataclass(frozen=True)
class Plan:
    """Which clauses can match at all, and which few of them rows must contain."""

    present: list[Clause]
    required: list[Clause]
    common: list[Clause]
    # Reviews containing each present clause (exact up to the working set, else estimated).
    counts: dict[Clause, int] = field(default_factory=dict)


def plan(query: ParsedQuery, limit: int) -> Plan:
    """Drop clauses no review contains; keep rows to the rare clauses when others are common.

    A clause found nowhere neither matches nor narrows: an eight-word query with one unknown
    word still finds the reviews with the other seven.
    """
    counts = backends.current().frequencies(query.clauses, limit)
    found = sorted(
        ((n, c) for n, c in zip(counts, query.clauses, strict=True) if n > 0), key=lambda p: p[0]
    )
    present = [c for _, c in found]
    counted = {c: n for n, c in found}
    rare, total = [], 0
    for count, clause in found:
        if total + count > limit:
            break
        rare.append(clause)
        total += count
    if not rare or len(rare) == len(present):
        return Plan(present, present, [], counted)
    return Plan(present, rare, [c for c in present if c not in rare], counted)


def collect(viewer: User, query: ParsedQuery, filters: Filters, limit: int) -> WorkingSet:
    """Return up to `limit` matching reviews the viewer may see.

    Two passes, both newest first and ranked by the engine: reviews with every word, then
    reviews with any (required) word. The first pass keeps the best matches of a long
    query in the working set however many reviews share only some of its words; when it
    alone fills the working set, the second is not needed.
    """
    where = conditions(viewer, filters)
    if query.is_empty:
        stmt = (
            select(SD.c.incident_id, literal(0.0), *DETAILS)
            .select_from(DETAILS_FROM)
            .where(*where)
            .order_by(SD.c.incident_id.desc())
            .limit(limit + 1)
        )
        found = [tuple(r) for r in db.session.execute(stmt)]
        return WorkingSet([Row._make(r) for r in found[:limit]], capped=len(found) > limit)
    chosen = plan(query, limit)
    if not chosen.present:
        return WorkingSet([])
    backend = backends.current()
    every = (
        backend.candidates(query, chosen, where, limit + 1, every=True)
        if len(chosen.present) > 1
        else []
    )
    if len(every) > limit:
        # More reviews have every word than one search considers: those are the results.
        return WorkingSet([Row._make(r) for r in every[:limit]], capped=True, every=True)
    some = backend.candidates(query, chosen, where, limit + 1, every=False)
    merged = {r[0]: Row._make(r) for r in every}
    for r in some:
        merged.setdefault(r[0], Row._make(r))
    capped = len(some) > limit or len(merged) > limit
    return WorkingSet(list(merged.values())[:limit], capped=capped, common=chosen.common)
