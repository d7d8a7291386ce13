"""One search interface, two engines: FTS5 on SQLite, a weighted tsvector on PostgreSQL.

Each backend module offers the same functions: `frequencies`, `candidates`, `snippets`,
`store` and `finish_rebuild`. `current()` picks the one for the engine in use.
"""

from __future__ import annotations

from types import ModuleType

from app.extensions import db


def current() -> ModuleType:
    """Return the backend module for the database the app is connected to."""
    name = db.engine.dialect.name
    if name == "sqlite":
        from app.search.backends import sqlite

        return sqlite
    if name == "postgresql":
        from app.search.backends import postgresql

        return postgresql
    raise RuntimeError(f"Search has no backend for the {name!r} database engine.")
