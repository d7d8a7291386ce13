"""Search on PostgreSQL: a weighted tsvector per review in a GIN index, ranked by ts_rank.

Weights: A title; B summary, impact, services, tags; C learnings, factors, actions;
D timeline. The vector lives on the narrow `search_documents` row and is written here,
in the same statement (and transaction) as the text it is made from.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import TSVECTOR

from app.extensions import db
from app.search.columns import DETAILS, DETAILS_FROM, SD
from app.search.documents import MARK_CLOSE, MARK_OPEN, Document
from app.search.models import SearchText
from app.search.parser import Clause, ParsedQuery

if TYPE_CHECKING:
    from app.search.engine import Plan

CONFIG = literal_column("'english'::regconfig")
VECTOR = literal_column("search_documents.document", TSVECTOR)
# ts_rank's weights are listed D, C, B, A.
WEIGHTS = literal_column("'{0.1, 0.2, 0.4, 1.0}'::float4[]")
HEADLINE = (
    f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=30, MinWords=12, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)
HEADLINE_TEXT_MAX = 400
# How much longer than the matches' density suggests the first stretch of ids is.
WINDOW, WINDOW_FILTERED = 3, 12
# Matches are read newest first when matches ** 2 > DENSE * rows. Not scaled with the working
# set: rows failing the filters are read too, so the GIN index wins for mid-frequency words.
DENSE = 4_000
_BRACKETS = "\x04\x05"
_UNSWAP = str.maketrans({"\x04": "<", "\x05": ">"})


def _lexeme(word: str) -> str:
    # Quoted, so to_tsquery reads it as one word whatever it contains (it still stems it).
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _any(clauses: Sequence[Clause]) -> str:
    return " | ".join("(" + " <-> ".join(map(_lexeme, c.words)) + ")" for c in clauses)


def expression(clauses: Sequence[Clause], excluded: Sequence[Clause] = ()) -> str:
    """Return to_tsquery text: any clause (phrases with <->), none of the excluded ones."""
    found = _any(clauses)
    return f"({found}) & !({_any(excluded)})" if excluded else found


def _tsquery(name: str, value: str) -> ColumnElement:
    return func.to_tsquery(CONFIG, bindparam(name, value))


_STATS = text(
    """
    SELECT most_common_elems::text::text[], most_common_elem_freqs,
           (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'search_documents'::regclass)
    FROM pg_stats
    WHERE schemaname = current_schema() AND tablename = 'search_documents'
      AND attname = 'document'
    """
)
_LEXEMES = text(
    "SELECT word, tsvector_to_array(to_tsvector('english'::regconfig, word))"
    " FROM unnest(CAST(:words AS text[])) AS word"
)
# The planner's statistics change only when ANALYZE runs: read them once a minute at most.
STATS_SECONDS = 60.0
_stats: dict[str, tuple[float, dict[str, float], float, float]] = {}


def _statistics() -> tuple[dict[str, float], float, float]:
    """Return (frequency by common lexeme, the rarest listed frequency, rows), kept a while."""
    key = str(db.engine.url)
    kept = _stats.get(key)
    if kept is None or time.monotonic() - kept[0] > STATS_SECONDS:
        row = db.session.execute(_STATS).first()
        elems, freqs, rows = row if row else (None, None, 0)
        common = dict(zip(elems or [], freqs or [], strict=False))
        kept = _stats[key] = (time.monotonic(), common, min(common.values(), default=0.0), rows)
    return kept[1], kept[2], kept[3]


def frequencies(clauses: Sequence[Clause], cap: int) -> list[int]:
    """Return how many reviews contain each clause: counted when rare, else estimated.

    ANALYZE keeps the most common lexemes with their frequencies; a word missing from that
    list is rarer than the rarest listed one, and is counted through the GIN index (cheap
    for rare words), so a word no review contains counts 0. Without statistics every clause
    is counted, up to `cap + 1`.
    """
    words = sorted({w for c in clauses for w in c.words})
    if not words:
        return [0 for _ in clauses]
    common, floor, rows = _statistics()
    estimate: dict[str, float] = {}
    for word, lexemes in _lexemes(words).items():
        freq = max((common[x] for x in lexemes or [] if x in common), default=floor)
        estimate[word] = freq * (rows or 0)
    found = [int(min(estimate[w] for w in c.words)) for c in clauses]
    rare = [i for i, n in enumerate(found) if n <= cap * 2]
    if rare:
        probes = [
            select(func.count())
            .select_from(
                select(SD.c.incident_id)
                .where(VECTOR.op("@@")(_tsquery(f"count{i}", expression([clauses[i]]))))
                .limit(cap + 1)
                .subquery()
            )
            .scalar_subquery()
            for i in rare
        ]
        for i, count in zip(rare, db.session.execute(select(*probes)).one(), strict=True):
            found[i] = count
    return found


# A word's lexemes depend only on the text search configuration: ask once per word.
LEXEMES_KEPT = 10_000
_lexeme_cache: dict[str, list[str]] = {}


def _lexemes(words: list[str]) -> dict[str, list[str]]:
    """Return the lexemes of each word, asking PostgreSQL only about words not seen yet."""
    missing = [w for w in words if w not in _lexeme_cache]
    if missing:
        if len(_lexeme_cache) + len(missing) > LEXEMES_KEPT:
            _lexeme_cache.clear()
        for word, lexemes in db.session.execute(_LEXEMES, {"words": missing}):
            _lexeme_cache[word] = list(lexemes or [])
    return {w: _lexeme_cache[w] for w in words}


_BOUNDS = text(
    "SELECT (SELECT max(incident_id) FROM search_documents),"
    " (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'search_documents'::regclass)"
)


_bounds_kept: dict[str, tuple[float, int, float]] = {}


def _bounds() -> tuple[int, float]:
    """Return (the highest id, about how many rows), kept as long as the statistics.

    Both only size the first stretch of ids to look at: a newer review above a kept highest
    id is still inside it (the stretch has no upper end), and a stretch holding too few
    matches is followed by a search of them all.
    """
    key = str(db.engine.url)
    kept = _bounds_kept.get(key)
    if kept is None or time.monotonic() - kept[0] > STATS_SECONDS:
        top, rows = db.session.execute(_BOUNDS).one()
        kept = _bounds_kept[key] = (time.monotonic(), top or 0, max(rows or 0, 1))
    return kept[1], kept[2]


def _newest(
    match: ColumnElement[bool],
    conditions: Sequence[ColumnElement[bool]],
    counts: list[int],
    every: bool,
    limit: int,
    rank: ColumnElement[float],
) -> list[tuple]:
    """Return (id, rank, *DETAILS) of the newest `limit` visible matches, visiting few rows.

    Fetching a match from the table is what costs, and testing a row that the index did
    not pick reads its whole vector (about eight times more). So: when matches are dense,
    test the newest rows one by one (`limit` matches turn up soon); otherwise let the GIN
    index pick the matches, first only among a stretch of the newest ids a few times longer
    than their density suggests (longer when filters thin them out), and among all of them
    only if that stretch holds too few. Either way the rows kept are ranked and read in the
    same statement.
    """
    top, rows = _bounds()
    # Reviews with every word, as if words were independent: rarely true, but it only
    # chooses how to look.
    expected = int(math.prod(n / rows for n in counts) * rows) if every else sum(counts)
    ranked = select(SD.c.incident_id, rank, *DETAILS)
    if expected * expected > DENSE * rows:
        # Dense: read rows newest first. Filters are tested first (their columns are on the
        # row; CASE keeps the planner from reordering), so only rows that pass them have
        # their vector read; only the rows kept are ranked.
        tested = ranked.select_from(DETAILS_FROM).where(
            case((and_(*conditions), match), else_=False)
        )
        _planner("off", "enable_seqscan", "enable_bitmapscan", "jit")
        found = db.session.execute(tested.order_by(SD.c.incident_id.desc()).limit(limit)).all()
        _planner("DEFAULT", "enable_seqscan", "enable_bitmapscan", "jit")
        return [tuple(r) for r in found]
    # Refusing the other plans makes the estimates huge, which would start JIT compiling.
    _planner("off", "enable_seqscan", "enable_indexscan", "jit")
    newest = (
        select(SD.c.incident_id)
        .where(match, *conditions)
        .order_by((SD.c.incident_id + 0).desc())
        .limit(limit)
    )

    def read(ids: Select) -> list[tuple]:
        kept = ids.subquery("kept")
        stmt = ranked.select_from(
            DETAILS_FROM.join(kept, kept.c.incident_id == SD.c.incident_id)
        ).order_by(SD.c.incident_id.desc())
        return [tuple(r) for r in db.session.execute(stmt)]

    filtered = len(conditions) > 1  # visibility, then any filters
    found = []
    if top and expected > limit:
        stretch = int(top * limit / expected * (WINDOW_FILTERED if filtered else WINDOW))
        if stretch < top:
            found = read(newest.where(SD.c.incident_id > top - stretch))
    if len(found) < limit:
        found = read(newest)
    # SET LOCAL would last to the end of the transaction.
    _planner("DEFAULT", "enable_seqscan", "enable_indexscan", "jit")
    return found


def _planner(setting: str, *names: str) -> None:
    # One round trip for all of them.
    db.session.execute(text("; ".join(f"SET LOCAL {name} TO {setting}" for name in names)))


def candidates(
    query: ParsedQuery,
    plan: Plan,
    conditions: Sequence[ColumnElement[bool]],
    limit: int,
    *,
    every: bool = False,
) -> list[tuple]:
    """Return (incident id, score, *DETAILS) for the newest `limit` matches, newest first."""
    clauses = plan.present if every else plan.required
    wanted = " & ".join(f"({_any([c])})" for c in clauses) if every else _any(clauses)
    if query.excluded:
        wanted = f"({wanted}) & !({_any(query.excluded)})"
    match = VECTOR.op("@@")(_tsquery("found", wanted))
    rank = func.ts_rank(WEIGHTS, VECTOR, _tsquery("ranked", expression(plan.present)))
    counts = [plan.counts.get(c, 0) for c in clauses]
    return _newest(match, conditions, counts, every, limit, rank)


def snippets(query: ParsedQuery, ids: Sequence[int]) -> dict[int, str]:
    """Return a passage of each review around the matched words, marked with sentinels.

    Taken from the body fields (the title is shown anyway). Angle brackets are swapped out
    first: ts_headline drops what looks like an HTML tag, and a review that says "<script>"
    should show that text, escaped, like any other.
    """
    if not ids or query.is_empty:
        return {}
    st = SearchText.__table__
    # ts_headline parses all it is given, so each field lends a bounded slice.
    words = func.concat_ws(
        "\n",
        *(func.left(c, HEADLINE_TEXT_MAX) for c in (st.c.overview, st.c.details, st.c.timeline)),
    )
    cut = func.ts_headline(
        CONFIG,
        func.translate(words, "<>", _BRACKETS),
        _tsquery("shown", expression(query.clauses)),
        HEADLINE,
    )
    rows = db.session.execute(select(st.c.incident_id, cut).where(st.c.incident_id.in_(ids)))
    return {i: text.translate(_UNSWAP) for i, text in rows if text and MARK_OPEN in text}


# Angle brackets become spaces before parsing: the parser reads `a <b and c> d` as a tag and
# drops the words inside, and a review saying "latency > 500 ms" must stay findable.
_STORE = text(
    """
    WITH texts AS (
        INSERT INTO search_texts (incident_id, title, overview, details, timeline)
        VALUES (:incident_id, :title, :overview, :details, :timeline)
        ON CONFLICT (incident_id) DO UPDATE SET title = excluded.title,
            overview = excluded.overview, details = excluded.details,
            timeline = excluded.timeline
    )
    INSERT INTO search_documents (incident_id, severity, visibility, owner_id, team, services,
                                  tags, factors, occurred_at, document)
    VALUES (:incident_id, :severity, :visibility, :owner_id, :team, :services, :tags, :factors,
            :occurred_at,
            setweight(to_tsvector('english'::regconfig, translate(:title, '<>', '  ')), 'A')
            || setweight(to_tsvector('english'::regconfig, translate(:overview, '<>', '  ')), 'B')
            || setweight(to_tsvector('english'::regconfig, translate(:details, '<>', '  ')), 'C')
            || setweight(to_tsvector('english'::regconfig, translate(:timeline, '<>', '  ')), 'D'))
    ON CONFLICT (incident_id) DO UPDATE SET severity = excluded.severity,
        visibility = excluded.visibility, owner_id = excluded.owner_id, team = excluded.team,
        services = excluded.services, tags = excluded.tags, factors = excluded.factors,
        occurred_at = excluded.occurred_at, document = excluded.document
    """
)


def store(docs: Sequence[Document]) -> None:
    """Write each review's index entry and weighted vector: one statement per review.

    The text and the vector made from it are written together, so a review's row is
    written once per save (not once for the text and again for the vector).
    """
    if docs:
        db.session.execute(_STORE, [d.document_row() | d.text_row() for d in docs])


def finish_rebuild() -> None:
    """Refresh the statistics `frequencies` reads, after a full rebuild."""
    db.session.execute(text("ANALYZE search_documents"))
    _stats.clear()
    _bounds_kept.clear()
