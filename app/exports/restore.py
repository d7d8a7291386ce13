"""`import jsonl`: a backup into an empty database, all or nothing, on either engine.

Every line is checked and inserted inside one transaction; the first bad line (not JSON, an
unknown table or column, a value that does not fit, a row the database refuses) stops the
restore with its line number and rolls everything back, so the database is as it was.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Table, func, inspect, literal, select
from sqlalchemy.exc import SQLAlchemyError

from app.exports import backup, rows
from app.extensions import db

BATCH = 1000


class RestoreError(Exception):
    """The backup cannot be restored here; the message is one line, fit to show as it is."""


@dataclass
class Pending:
    """Rows of one table waiting to be inserted, with the lines they came from."""

    table: Table | None = None
    lines: list[int] = field(default_factory=list)
    values: list[dict] = field(default_factory=list)


def restore(
    lines: Iterable[bytes], *, progress: Callable[[int], None] | None = None
) -> dict[str, int]:
    """Insert every row of a backup; return the rows restored per table."""
    with db.engine.connect() as conn, conn.begin():
        _refuse_unless_empty(conn)
        counts = _load(conn, lines, progress)
        _fix_sequences(conn)
    return counts


def _refuse_unless_empty(conn: Connection) -> None:
    """A restore is for a new, migrated database: never mix a backup into live data."""
    missing = sorted(set(db.metadata.tables) - set(inspect(conn).get_table_names()))
    if missing:
        raise RestoreError(
            f"The database has no {missing[0]} table: create the tables first with "
            "`flask --app wsgi db upgrade`, then restore."
        )
    for table in db.metadata.sorted_tables:
        if conn.scalar(select(literal(1)).select_from(table).limit(1)):
            raise RestoreError(
                f"The database is not empty ({table.name} has rows): restore into a new "
                "database after `flask --app wsgi db upgrade`."
            )


def _load(
    conn: Connection, lines: Iterable[bytes], progress: Callable[[int], None] | None
) -> dict[str, int]:
    known = {t.name: t for t in backup.tables()}
    pending, counts, end, number = Pending(), dict.fromkeys(known, 0), None, 0
    for number, raw in enumerate(lines, start=1):
        if progress is not None:
            progress(len(raw))
        if end is not None:
            raise RestoreError(f"line {number}: there is more after the end line.")
        item = _parse(number, raw)
        if number == 1:
            _check_header(conn, item)
        elif "end" in item:
            end = item
        else:
            table, values = _row(number, item, known)
            if pending.table is not table or len(pending.values) >= BATCH:
                _insert(conn, pending)
                pending = Pending(table)
            pending.lines.append(number)
            pending.values.append(values)
            counts[table.name] += 1
    _insert(conn, pending)
    if number == 0:
        raise RestoreError("The file is empty.")
    if end is None:
        raise RestoreError(f"The file stops at line {number} without its end line: truncated?")
    expected = end.get("rows") if isinstance(end.get("rows"), dict) else {}
    if {k: v for k, v in expected.items() if v} != {k: v for k, v in counts.items() if v}:
        raise RestoreError("The rows in the file do not add up to the counts on its end line.")
    return counts


def _parse(number: int, raw: bytes) -> dict:
    try:
        item = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RestoreError(f"line {number}: not valid JSON ({error}).") from None
    if not isinstance(item, dict):
        raise RestoreError(f"line {number}: expected a JSON object.")
    return item


def _check_header(conn: Connection, head: dict) -> None:
    if head.get("format") != backup.FORMAT or head.get("version") != backup.VERSION:
        raise RestoreError(
            f"line 1: not a Hindsight backup (format {backup.FORMAT}, version {backup.VERSION})."
        )
    here = backup.schema_revision(conn)
    if here is None:
        raise RestoreError("This database has no tables yet: run `flask --app wsgi db upgrade`.")
    if head.get("schema") != here:
        raise RestoreError(
            f"The backup is of schema {head.get('schema')} and this database is at {here}: "
            "restore with the Hindsight version that made it, then upgrade."
        )


def _row(number: int, item: dict, known: dict[str, Table]) -> tuple[Table, dict]:
    table = known.get(str(item.get("table")))
    values = item.get("row")
    if table is None or not isinstance(values, dict):
        raise RestoreError(f"line {number}: not a row of a table this database has.")
    out = {}
    for name, value in values.items():
        column = table.columns.get(name)
        if column is None:
            raise RestoreError(f"line {number}: {table.name} has no column {name!r}.")
        try:
            out[name] = rows.decode(column, rows.kind(column), value)
        except rows.BadValue as error:
            raise RestoreError(f"line {number}: {table.name}.{error}.") from None
    return table, out


def _insert(conn: Connection, pending: Pending) -> None:
    """Insert a batch; if the database refuses it, find and name the line it refused."""
    if pending.table is None or not pending.values:
        return
    try:
        with conn.begin_nested():
            conn.execute(pending.table.insert(), pending.values)
        return
    except SQLAlchemyError:
        pass  # one of these rows is bad: try them one at a time to say which
    for number, values in zip(pending.lines, pending.values, strict=True):
        try:
            with conn.begin_nested():
                conn.execute(pending.table.insert(), [values])
        except SQLAlchemyError as error:
            reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
            raise RestoreError(f"line {number}: the database refused the row ({reason}).") from None


def _fix_sequences(conn: Connection) -> None:
    """Move PostgreSQL's id sequences past the ids restored, so new rows do not collide."""
    if conn.dialect.name != "postgresql":
        return  # SQLite takes the next id from the table itself
    for table in backup.tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or rows.kind(keys[0]) != "int":
            continue
        key = keys[0]
        highest = func.max(key)
        sequence = func.pg_get_serial_sequence(table.name, key.name)
        conn.execute(select(func.setval(sequence, func.coalesce(highest, 1), highest.is_not(None))))
