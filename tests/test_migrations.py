"""The real migrations build the schema the models describe, on every engine."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from sqlalchemy import inspect

from app.extensions import db


def _for_this_engine(dialect: str):
    """Leave out what the models create only on another engine (`ddl_if(dialect=...)`)."""

    def include(obj, name, type_, reflected, compare_to) -> bool:
        only_on = getattr(getattr(obj, "_ddl_if", None), "dialect", None)
        return only_on is None or only_on == dialect

    return include


def test_migrations_reach_head_and_match_the_models(app: Flask) -> None:
    with db.engine.connect() as conn:
        opts = {
            "compare_type": True,
            "render_as_batch": True,
            "include_object": _for_this_engine(conn.dialect.name),
        }
        context = MigrationContext.configure(conn, opts=opts)
        assert context.get_current_revision() is not None
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_every_model_table_exists_after_upgrade(app: Flask) -> None:
    present = set(inspect(db.engine).get_table_names())
    assert {t.name for t in db.metadata.sorted_tables} <= present
