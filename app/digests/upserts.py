"""INSERT ... ON CONFLICT DO NOTHING on both engines: rows that several runs may all create."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db


def insert_missing(model: type, rows: list[dict]) -> None:
    """Insert the rows whose unique keys are not taken yet; leave existing rows alone."""
    if not rows:
        return
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.session.execute(insert(model.__table__).on_conflict_do_nothing(), rows)
