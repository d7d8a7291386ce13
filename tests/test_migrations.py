"""The real migrations build the schema the models describe, on every engine."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from sqlalchemy import inspect

from app.extensions import db


def test_migrations_reach_head_and_match_the_models(app: Flask) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_as_batch": True}
        )
        assert context.get_current_revision() is not None
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_every_model_table_exists_after_upgrade(app: Flask) -> None:
    present = set(inspect(db.engine).get_table_names())
    assert {t.name for t in db.metadata.sorted_tables} <= present
