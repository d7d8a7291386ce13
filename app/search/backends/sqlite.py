"""Search on SQLite: FTS5 with porter stemming, ranked by bm25 with the title weighted most.

The FTS5 table reads its text from `search_texts` (external content) and triggers keep it in
step, so writing `search_texts` in the request's transaction is all indexing needs.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, Integer, column, func, literal_column, select, table, text

from app.extensions import db
from app.search.columns import DETAILS, DETAILS_FROM, SD
from app.search.documents import MARK_CLOSE, MARK_OPEN
from app.search.parser import Clause, ParsedQuery

FTS = table("search_fts", column("rowid", Integer))
FTS_NAME = literal_column("search_fts")
# bm25 weights for title, overview, details, timeline: the title counts most.
WEIGHTS = (10.0, 4.0, 2.0, 1.0)
SNIPPET_TOKENS = 24


def _phrase(clause: Clause) -> str:
    # Words are letters and digits only (see parser), so they cannot close the string;
    # FTS5 tokenises inside the quotes itself, so stemming still applies.
    return '"' + " ".join(clause.words) + '"'


def _any(clauses: Sequence[Clause]) -> str:
    return "(" + " OR ".join(_phrase(c) for c in clauses) + ")"


def expression(query: ParsedQuery, narrow: Sequence[Clause] | None = None) -> str:
    """Return the FTS5 MATCH expression: any clause, none of the excluded ones.

    With `narrow`, rows must contain one of those clauses; the full list still takes part,
    so bm25 ranks the narrowed rows by every word of the query.
    """
    found = _any(query.clauses)
    if narrow and list(narrow) != list(query.clauses):
        found = f"{_any(narrow)} AND {found}"
    if query.excluded:
        found = f"({found}) NOT {_any(query.excluded)}"
    return found


def frequencies(clauses: Sequence[Clause], cap: int) -> list[int]:
    """Count the reviews containing each clause, stopping at `cap + 1` (cheap: no ranking)."""
    if not clauses:
        return []
    probes = [
        select(func.count())
        .select_from(
            select(FTS.c.rowid)
            .where(FTS_NAME.op("MATCH")(_phrase(clause)))
            .limit(cap + 1)
            .subquery()
        )
        .scalar_subquery()
        for clause in clauses
    ]
    return list(db.session.execute(select(*probes)).one())


def candidates(
    query: ParsedQuery,
    narrow: Sequence[Clause],
    conditions: Sequence[ColumnElement[bool]],
    limit: int,
) -> list[tuple]:
    """Return (incident id, score, *DETAILS) for the newest `limit` matches; higher scores first."""
    score = -func.bm25(FTS_NAME, *WEIGHTS)
    stmt = (
        select(FTS.c.rowid, score, *DETAILS)
        .select_from(FTS.join(DETAILS_FROM, SD.c.incident_id == FTS.c.rowid))
        .where(FTS_NAME.op("MATCH")(expression(query, narrow)), *conditions)
        # FTS5 hands rows over in rowid order itself, so the LIMIT stops the scan early.
        .order_by(FTS.c.rowid.desc())
        .limit(limit)
    )
    return [tuple(row) for row in db.session.execute(stmt)]


def snippets(query: ParsedQuery, ids: Sequence[int]) -> dict[int, str]:
    """Return a passage of each review around the matched words, marked with sentinels.

    Taken from the body fields (the title is shown anyway): the one with the most matches.
    """
    if not ids or query.is_empty:
        return {}
    cuts = [
        func.snippet(FTS_NAME, column_number, MARK_OPEN, MARK_CLOSE, "…", SNIPPET_TOKENS)
        for column_number in (1, 2, 3)
    ]
    stmt = select(FTS.c.rowid, *cuts).where(
        FTS_NAME.op("MATCH")(expression(query)), FTS.c.rowid.in_(list(ids))
    )
    found = {}
    for rowid, *texts in db.session.execute(stmt):
        best = max(texts, key=lambda t: (t or "").count(MARK_OPEN))
        if best and MARK_OPEN in best:
            found[rowid] = best
    return found


def write(ids: Sequence[int]) -> None:
    """Nothing to do: the triggers on `search_texts` already updated FTS5."""


def finish_rebuild() -> None:
    """Merge the index's segments after a full rebuild, so searches read fewer pages."""
    db.session.execute(text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))
