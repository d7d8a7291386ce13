"""Similar incidents: shared services, factor categories and tags, and similar words.

Candidates come from the same search as the search page (so the viewer's visibility applies
inside the query), using the significant words of the title and summary plus the service
and tag names; then shared attributes are scored and explained in plain words.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import event, func, select

from app.accounts.models import User
from app.extensions import db
from app.incidents.enums import FactorCategory
from app.incidents.models import Incident, TimelineEntry, incident_participants
from app.search.engine import Filters, Row, collect
from app.search.parser import WORD, Clause, ParsedQuery, parse

POOL = 200
MAX_WORDS = 12
# What each shared thing adds to a candidate's score; the text match adds up to TEXT.
SERVICE, FACTOR, TAG, TEXT = 3.0, 2.0, 1.0, 3.0
MINIMUM = 1.0
# How long an incident page reuses its similar-incidents block (seconds); see cached_similar.
CACHE_SECONDS = 30.0
CACHE_ENTRIES = 2000


@dataclass
class SimilarIncident:
    """A review that looks related, and why, in words a reader can check."""

    ref: str
    title: str
    score: float
    reason: str


@dataclass
class _Probe:
    words: list[str]
    services: list[str]
    factors: list[str]
    tags: list[str]
    exclude: int | None = None


def similar(viewer: User, incident: Incident, limit: int = 5) -> list[SimilarIncident]:
    """Return up to `limit` reviews the viewer may see that look like `incident`."""
    probe = _Probe(
        words=significant(f"{incident.title}\n{incident.summary}"),
        services=[s.name for s in incident.services],
        factors=list(dict.fromkeys(f.category.value for f in incident.factors)),
        tags=[t.name for t in incident.tags],
        exclude=incident.id,
    )
    return _rank(viewer, probe, limit)


def similar_to_draft(
    viewer: User, *, title: str, services: list[str], limit: int = 5
) -> list[SimilarIncident]:
    """Return up to `limit` reviews like a draft still being written (title and services)."""
    names = [s.strip().lower() for s in services if s and s.strip()][:20]
    return _rank(
        viewer, _Probe(words=significant(title), services=names, factors=[], tags=[]), limit
    )


def significant(text: str) -> list[str]:
    """Return the words of `text` that say something: no stopwords, numbers or repeats."""
    words = [w for c in parse(text.replace('"', " ")).clauses for w in c.words]
    return [w for w in dict.fromkeys(words) if len(w) > 2 and not w.isdigit()][:MAX_WORDS]


def _rank(viewer: User, probe: _Probe, limit: int) -> list[SimilarIncident]:
    names = [*probe.services, *probe.tags]
    clauses = [Clause((w,)) for w in probe.words]
    clauses += [Clause(tuple(WORD.findall(n))) for n in names if WORD.findall(n)]
    query = ParsedQuery(tuple(dict.fromkeys(clauses)))
    if query.is_empty:
        return []
    pool = int(current_app.config.get("SEARCH_SIMILAR_POOL", POOL))
    rows = [
        r for r in collect(viewer, query, Filters(), pool).rows if r.incident_id != probe.exclude
    ]
    best = max((r.score for r in rows), default=0.0) or 1.0
    scored = sorted(
        ((_score(probe, r, best), r) for r in rows), key=lambda p: (-p[0], -p[1].incident_id)
    )
    chosen = [(s, r) for s, r in scored if s >= MINIMUM][:limit]
    ids = [r.incident_id for _, r in chosen]
    heads = {
        h.id: h
        for h in db.session.execute(
            select(Incident.id, Incident.ref, Incident.title).where(Incident.id.in_(ids))
        )
    }
    return [
        SimilarIncident(
            ref=heads[r.incident_id].ref,
            title=heads[r.incident_id].title,
            score=round(s, 3),
            reason=_reason(probe, r, heads[r.incident_id].title),
        )
        for s, r in chosen
        if r.incident_id in heads
    ]


def _score(probe: _Probe, row: Row, best: float) -> float:
    return (
        SERVICE * len(set(probe.services) & set(row.services.split()))
        + FACTOR * len(set(probe.factors) & set(row.factors.split()))
        + TAG * len(set(probe.tags) & set(row.tags.split()))
        + TEXT * max(row.score, 0.0) / best
    )


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _reason(probe: _Probe, row: Row, title: str) -> str:
    parts = []
    if services := [s for s in probe.services if s in row.services.split()]:
        parts.append(f"same service{'s' if len(services) > 1 else ''} {_listing(services)}")
    if factors := [f for f in probe.factors if f in row.factors.split()]:
        labels = [FactorCategory(f).label.lower() for f in factors]
        noun = "factor" if len(labels) == 1 else "factors"
        article = ("an " if labels[0][0] in "aeiou" else "a ") if len(labels) == 1 else ""
        parts.append(f"both had {article}{_listing(labels)} {noun}")
    if tags := [t for t in probe.tags if t in row.tags.split()]:
        parts.append("both tagged " + _listing([f"#{t}" for t in tags]))
    shared = [w for w in probe.words if w in {x.lower() for x in WORD.findall(title)}]
    if shared:
        parts.append("similar title: " + ", ".join(shared[:4]))
    return ", ".join(parts) or "similar wording"


class _Cache:
    """A small, thread-safe, time-limited memo of similar-incidents blocks for one app.

    Emptied whenever this process commits anything to the database (cheap, and rare on
    reads); other processes' writes are caught by the stamp in the key.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: dict[tuple, tuple[float, list[SimilarIncident]]] = {}

    def clear(self, *_: object) -> None:
        with self.lock:
            self.entries = {}


_SETUP = threading.Lock()


def _cache() -> _Cache:
    """Return this app's cache, creating it (and its commit hook) on first use."""
    with _SETUP:
        cache = current_app.extensions.get("hindsight_similar_cache")
        if cache is None:
            cache = current_app.extensions["hindsight_similar_cache"] = _Cache()
            event.listen(db.engine, "commit", cache.clear)
    return cache


def _stamp() -> tuple:
    """Return what changes whenever any review, its visibility or its readers change."""
    return tuple(
        db.session.execute(
            select(
                select(func.count(Incident.id)).scalar_subquery(),
                select(func.max(Incident.updated_at)).scalar_subquery(),
                select(func.count()).select_from(incident_participants).scalar_subquery(),
                select(func.max(TimelineEntry.id)).scalar_subquery(),
            )
        ).one()
    )


def cached_similar(
    viewer: User,
    incident: Incident,
    compute: Callable[[User, Incident], list[SimilarIncident]],
) -> list[SimilarIncident]:
    """Return `compute(viewer, incident)`, reused for up to CACHE_SECONDS in this process.

    The key holds the incident and its version, the viewer's visibility scope (admins share
    one; anyone else is their own scope) and a stamp of the whole collection (count and
    newest change of reviews, participant count, newest timeline entry), so an edit,
    a new review or a change of who may read a restricted one shows at once. Any commit in
    this process empties the cache too; only a timeline entry deleted by another process
    can wait for the entry to expire.
    """
    seconds = float(current_app.config.get("SIMILAR_CACHE_SECONDS", CACHE_SECONDS))
    if seconds <= 0:
        return compute(viewer, incident)
    scope = "admin" if viewer.is_admin else f"user:{viewer.id}"
    key = (incident.id, incident.version, incident.updated_at, scope, _stamp())
    cache = _cache()
    now = time.monotonic()
    with cache.lock:
        hit = cache.entries.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    found = compute(viewer, incident)
    with cache.lock:
        if len(cache.entries) >= CACHE_ENTRIES:
            cache.entries = {k: v for k, v in cache.entries.items() if v[0] > now}
            if len(cache.entries) >= CACHE_ENTRIES:
                cache.entries.clear()
        cache.entries[key] = (now + seconds, found)
    return found
