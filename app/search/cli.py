"""`flask search ...`: look after the search index."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.incidents.models import Incident
from app.search import index

search_cli = AppGroup("search", help="Search index.")


@search_cli.command("reindex")
@click.option("--batch", default=1000, show_default=True, help="Reviews read per query.")
def reindex(batch: int) -> None:
    """Rebuild the search index of every review, in one transaction."""
    started = time.monotonic()
    try:
        total = db.session.scalar(select(func.count(Incident.id))) or 0
        with click.progressbar(length=total, label="Indexing reviews") as bar:
            count = index.reindex_all(progress=bar.update, batch=max(batch, 1))
        db.session.commit()
    except SQLAlchemyError as error:
        db.session.rollback()
        reason = str(error.orig if getattr(error, "orig", None) else error).splitlines()[0]
        raise click.ClickException(
            f"Could not rebuild the index ({reason}); has `flask db upgrade` run?"
        ) from error
    noun = "review" if count == 1 else "reviews"
    click.echo(f"Indexed {count:,} {noun} in {time.monotonic() - started:.1f} s.")
