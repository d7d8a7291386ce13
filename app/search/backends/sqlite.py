"""Search on SQLite: FTS5 with porter stemming, ranked by bm25 with the title weighted most.

The FTS5 table reads its text from `search_texts` (external content) and triggers keep it in
step, so writing `search_texts` in the request's transaction is all indexing needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import (
    ColumnElement,
    Integer,
    column,
    func,
    literal_column,
    select,
    table,
    text,
    union_all,
)
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.sql.schema import Table

from app.extensions import db
from app.search.columns import DETAILS, DETAILS_FROM, SD
from app.search.documents import MARK_CLOSE, MARK_OPEN, Document
from app.search.models import SearchText
from app.search.parser import Clause, ParsedQuery

if TYPE_CHECKING:
    from app.search.engine import Plan

FTS = table("search_fts", column("rowid", Integer))
FTS_NAME = literal_column("search_fts")
# bm25 weights for title, overview, details, timeline: the title counts most.
WEIGHTS = (10.0, 4.0, 2.0, 1.0)
SNIPPET_TOKENS = 24
# Ids at most this far apart are read as one range when cutting snippets (see _runs).
RUN_GAP = 2_000
_UNINDEXED_ROWID = literal_column("+search_fts.rowid", Integer)


def _phrase(clause: Clause) -> str:
    # Words are letters and digits only (see parser), so they cannot close the string;
    # FTS5 tokenises inside the quotes itself, so stemming still applies.
    return '"' + " ".join(clause.words) + '"'


def _any(clauses: Sequence[Clause], joiner: str = " OR ") -> str:
    return "(" + joiner.join(_phrase(c) for c in clauses) + ")"


def expression(query: ParsedQuery, plan: Plan | None = None, *, every: bool = False) -> str:
    """Return the FTS5 MATCH expression: any clause (or every one), none of the excluded.

    With a plan that narrows, rows must also contain one of its required clauses. Both
    passes of a search list the same phrases in the same order, so bm25 scores the same
    review the same way in either and the two can be merged.
    """
    present = plan.present if plan else query.clauses
    found = _any(present, " AND " if every else " OR ")
    if plan and plan.required != plan.present:
        found = f"{_any(plan.required)} AND {found}"
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
    plan: Plan,
    conditions: Sequence[ColumnElement[bool]],
    limit: int,
    *,
    every: bool = False,
) -> list[tuple]:
    """Return (incident id, score, *DETAILS) for the newest `limit` matches; higher scores first."""
    match = FTS_NAME.op("MATCH")(expression(query, plan, every=every))
    if every and not db.session.scalars(select(FTS.c.rowid).where(match).limit(1)).first():
        # Often no review has every word of a long query; finding that out is cheap, while
        # bm25 first reads how common each word is, whether any row is ranked or not.
        return []
    score = -func.bm25(FTS_NAME, *WEIGHTS)
    stmt = (
        select(FTS.c.rowid, score, *DETAILS)
        .select_from(FTS.join(DETAILS_FROM, SD.c.incident_id == FTS.c.rowid))
        .where(match, *conditions)
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
    match = FTS_NAME.op("MATCH")(expression(query))
    parts = [
        select(FTS.c.rowid, *cuts).where(
            match, FTS.c.rowid.between(run[0], run[-1]), _UNINDEXED_ROWID.in_(run)
        )
        for run in _runs(sorted(set(ids)))
    ]
    found = {}
    for rowid, *texts in db.session.execute(union_all(*parts)):
        best = max(texts, key=lambda t: (t or "").count(MARK_OPEN))
        if best and MARK_OPEN in best:
            found[rowid] = best
    return found


def _runs(ids: list[int]) -> list[list[int]]:
    """Group sorted ids into runs of near neighbours.

    FTS5 sets up the whole query again for each id of an `IN` list, which costs more than
    walking past the matches between two ids that are close; so each run is read as one
    range of rowids (the `+` keeps FTS5 from turning the list back into lookups).
    """
    runs = [[ids[0]]]
    for rowid in ids[1:]:
        if rowid - runs[-1][-1] <= RUN_GAP:
            runs[-1].append(rowid)
        else:
            runs.append([rowid])
    return runs


def store(docs: Sequence[Document]) -> None:
    """Write each review's index entry and text; the triggers on `search_texts` update FTS5."""
    if docs:
        _upsert(SD, [d.document_row() for d in docs])
        _upsert(SearchText.__table__, [d.text_row() for d in docs])


def _upsert(target: Table, rows: list[dict]) -> None:
    statement = insert(target)
    changed = {name: statement.excluded[name] for name in rows[0] if name != "incident_id"}
    db.session.execute(
        statement.on_conflict_do_update(index_elements=["incident_id"], set_=changed), rows
    )


def finish_rebuild() -> None:
    """Merge the index's segments after a full rebuild, so searches read fewer pages."""
    db.session.execute(text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))
