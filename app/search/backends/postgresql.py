"""Search on PostgreSQL: a weighted tsvector per review in a GIN index, ranked by ts_rank.

Weights: A title; B summary, impact, services, tags; C learnings, factors, actions;
D timeline. The vector lives on the narrow `search_documents` row and is written here,
in the same transaction as the text it is made from.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, Integer, any_, bindparam, func, literal_column, select, text
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR

from app.extensions import db
from app.search.columns import DETAILS, DETAILS_FROM, SD
from app.search.documents import MARK_CLOSE, MARK_OPEN
from app.search.models import SearchText
from app.search.parser import Clause, ParsedQuery

CONFIG = literal_column("'english'::regconfig")
VECTOR = literal_column("search_documents.document", TSVECTOR)
# ts_rank's weights are listed D, C, B, A.
WEIGHTS = literal_column("'{0.1, 0.2, 0.4, 1.0}'::float4[]")
HEADLINE = (
    f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=30, MinWords=12, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)
HEADLINE_TEXT_MAX = 20_000
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
    WITH stats AS (
        SELECT unnest(most_common_elems::text::text[]) AS elem,
               unnest(most_common_elem_freqs) AS freq
        FROM pg_stats
        WHERE schemaname = current_schema() AND tablename = 'search_documents'
          AND attname = 'document'
    )
    SELECT w.word,
           (SELECT max(s.freq) FROM stats s WHERE s.elem = ANY(w.lexemes)),
           (SELECT min(s.freq) FROM stats s WHERE s.elem IS NOT NULL),
           (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'search_documents'::regclass)
    FROM (SELECT word, tsvector_to_array(to_tsvector('english'::regconfig, word)) AS lexemes
          FROM unnest(CAST(:words AS text[])) AS word) AS w
    """
)


def frequencies(clauses: Sequence[Clause], cap: int) -> list[int]:
    """Estimate how many reviews contain each clause, from the planner's statistics.

    ANALYZE keeps the most common lexemes with their frequencies; a word missing from that
    list is rarer than the rarest listed one. Without statistics every clause counts as rare.
    """
    words = sorted({w for c in clauses for w in c.words})
    if not words:
        return [0 for _ in clauses]
    estimate: dict[str, float] = {}
    for word, freq, floor, rows in db.session.execute(_STATS, {"words": words}):
        estimate[word] = (freq if freq is not None else (floor or 0)) * (rows or 0)
    return [min(int(min(estimate[w] for w in c.words)), cap + 1) for c in clauses]


def candidates(
    query: ParsedQuery,
    narrow: Sequence[Clause],
    conditions: Sequence[ColumnElement[bool]],
    limit: int,
) -> list[tuple]:
    """Return (incident id, score, *DETAILS) for the newest `limit` matches; higher scores first."""
    found = _tsquery("found", expression(narrow or query.clauses, query.excluded))
    ids = db.session.scalars(
        select(SD.c.incident_id)
        .where(VECTOR.op("@@")(found), *conditions)
        .order_by(SD.c.incident_id.desc())
        .limit(limit)
    ).all()
    if not ids:
        return []
    # Ranked in a second step, so ts_rank reads only the vectors of the rows kept.
    rank = func.ts_rank(WEIGHTS, VECTOR, _tsquery("ranked", expression(query.clauses)))
    chosen = bindparam("ids", list(ids), type_=ARRAY(Integer))
    rows = db.session.execute(
        select(SD.c.incident_id, rank, *DETAILS)
        .select_from(DETAILS_FROM)
        .where(SD.c.incident_id == any_(chosen))
    )
    by_id = {row[0]: tuple(row) for row in rows}
    return [by_id[i] for i in ids if i in by_id]


def snippets(query: ParsedQuery, ids: Sequence[int]) -> dict[int, str]:
    """Return a passage of each review around the matched words, marked with sentinels.

    Taken from the body fields (the title is shown anyway). Angle brackets are swapped out
    first: ts_headline drops what looks like an HTML tag, and a review that says "<script>"
    should show that text, escaped, like any other.
    """
    if not ids or query.is_empty:
        return {}
    st = SearchText.__table__
    words = func.concat_ws("\n", st.c.overview, st.c.details, st.c.timeline)
    cut = func.ts_headline(
        CONFIG,
        func.translate(func.left(words, HEADLINE_TEXT_MAX), "<>", _BRACKETS),
        _tsquery("shown", expression(query.clauses)),
        HEADLINE,
    )
    rows = db.session.execute(select(st.c.incident_id, cut).where(st.c.incident_id.in_(ids)))
    return {i: text.translate(_UNSWAP) for i, text in rows if text and MARK_OPEN in text}


_WRITE = text(
    """
    UPDATE search_documents AS d SET document =
        setweight(to_tsvector('english'::regconfig, t.title), 'A')
        || setweight(to_tsvector('english'::regconfig, t.overview), 'B')
        || setweight(to_tsvector('english'::regconfig, t.details), 'C')
        || setweight(to_tsvector('english'::regconfig, t.timeline), 'D')
    FROM search_texts AS t
    WHERE t.incident_id = d.incident_id AND d.incident_id = ANY(:ids)
    """
)


def write(ids: Sequence[int]) -> None:
    """Compute the weighted vectors of these reviews from their stored text."""
    if ids:
        db.session.execute(_WRITE, {"ids": list(ids)})


def finish_rebuild() -> None:
    """Refresh the statistics `frequencies` reads, after a full rebuild."""
    db.session.execute(text("ANALYZE search_documents"))
