"""`export all --format jsonl`: every table to JSON Lines, streamed, from one snapshot.

The file is a header line (format, version, schema revision, each table's columns), one line
per row (`{"table": ..., "row": {...}}`, parents before children), and an end line with the
row counts, so a restore can tell a complete backup from a truncated one. Tables come from
the models' metadata, so tables added later are backed up without anyone remembering to.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import TextIO

from alembic.migration import MigrationContext
from sqlalchemy import Connection, RowMapping, Table, func, select

from app.clock import utcnow
from app.exports import rows
from app.extensions import db

FORMAT = "hindsight-backup"
VERSION = 1
BATCH = 2000


def tables() -> list[Table]:
    """Return the tables a backup holds, parents before children."""
    return [t for t in db.metadata.sorted_tables if not rows.is_derived(t)]


def count_rows(conn: Connection) -> dict[str, int]:
    """Return how many rows each backed-up table has."""
    return {t.name: conn.scalar(select(func.count()).select_from(t)) or 0 for t in tables()}


def schema_revision(conn: Connection) -> str | None:
    """Return the migration the database is at (None if it was never migrated)."""
    return MigrationContext.configure(conn).get_current_revision()


def dump(
    out: TextIO,
    *,
    with_password_hashes: bool = False,
    with_integration_secrets: bool = False,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Write a backup of the whole database to `out`; return the rows written per table."""
    hidden = set()
    if not with_password_hashes:
        hidden |= rows.PASSWORD_HASHES
    if not with_integration_secrets:
        hidden |= rows.INTEGRATION_SECRETS
    with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            # One snapshot of every table, while the app goes on writing.
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():  # on SQLite too: one read transaction is one WAL snapshot
            _line(out, _header(conn, hidden))
            written = {t.name: _dump_table(conn, t, out, hidden, progress) for t in tables()}
    _line(out, {"end": True, "rows": written})
    return written


def _header(conn: Connection, hidden: set[tuple[str, str]]) -> dict:
    derived = [t.name for t in db.metadata.sorted_tables if rows.is_derived(t)]
    return {
        "format": FORMAT,
        "version": VERSION,
        "schema": schema_revision(conn),
        "engine": conn.dialect.name,
        "created_at": utcnow().isoformat(),
        "left_out": sorted(f"{table}.{column}" for table, column in hidden),
        "rebuilt_not_copied": derived,
        "tables": {t.name: [c.name for c in t.columns] for t in tables()},
    }


def _dump_table(
    conn: Connection,
    table: Table,
    out: TextIO,
    hidden: set[tuple[str, str]],
    progress: Callable[[int], None] | None,
) -> int:
    blank = {column for name, column in hidden if name == table.name}
    count = 0
    for batch in _stream(conn, table):
        for row in batch:
            values = {k: None if k in blank else rows.encode(v) for k, v in row.items()}
            _line(out, {"table": table.name, "row": values})
        count += len(batch)
        if progress is not None:
            progress(len(batch))
    return count


def _stream(conn: Connection, table: Table) -> Iterator[list[RowMapping]]:
    """Yield a table's rows in primary-key order, BATCH at a time (a server-side cursor)."""
    query = select(table).order_by(*table.primary_key.columns)
    result = conn.execution_options(yield_per=BATCH).execute(query)
    yield from result.mappings().partitions()


def _line(out: TextIO, value: dict) -> None:
    out.write(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    out.write("\n")
