"""Engine settings that make SQLite behave like the production database where it matters."""

from __future__ import annotations

import logging
import threading
from typing import Any

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
TURN_WAIT_S = 30.0
HOLDS_TURN = "hindsight_write_turn"

log = logging.getLogger(__name__)


def _writing() -> bool:
    return has_request_context() and request.method not in READ_METHODS


def register(engine: Engine) -> None:
    """Turn on foreign keys, WAL and real transactions for SQLite; nothing for PostgreSQL."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin, so
        # SAVEPOINTs and row locking behave (SQLAlchemy's documented pysqlite recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        if engine.url.database and engine.url.database != ":memory:":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A request that writes takes the write lock up front. Otherwise two requests that
        # read and then write would find their read snapshot stale and fail with "database
        # is locked" instead of queueing (busy_timeout) and then meeting the version check.
        if not _writing():
            conn.exec_driver_sql("BEGIN")
            return
        _take_turn(conn)
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except Exception:
            _give_turn(conn)
            raise

    # SQLite's busy handler polls, and a newcomer often beats a writer that has waited for
    # seconds, so under load some waited past busy_timeout and failed. Writers of this
    # process queue for their turn on a lock instead; busy_timeout still covers the others.
    turn = threading.Lock()
    holder: dict[str, int | None] = {"thread": None}

    def _take_turn(conn: Any) -> None:
        if holder["thread"] == threading.get_ident():
            return  # this thread already writes on another connection; SQLite decides
        if not turn.acquire(timeout=TURN_WAIT_S):
            log.warning("waited %.0f s for a write turn; trying anyway", TURN_WAIT_S)
            return
        holder["thread"] = threading.get_ident()
        conn.info[HOLDS_TURN] = True

    def _give_turn(conn: Any) -> None:
        if conn.info.pop(HOLDS_TURN, False):
            holder["thread"] = None
            turn.release()

    @event.listens_for(engine, "commit")
    def _on_commit(conn: Any) -> None:
        _give_turn(conn)

    @event.listens_for(engine, "rollback")
    def _on_rollback(conn: Any) -> None:
        _give_turn(conn)
