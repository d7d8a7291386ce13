"""`flask export all` and `flask import jsonl`: backup, restore, and moving between engines."""

from __future__ import annotations

import importlib
import importlib.util
import time
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from app.clock import utcnow
from app.exports import backup, folder, restore
from app.extensions import db

export_cli = AppGroup("export", help="Back up everything, or write every review as Markdown.")


@export_cli.command("all")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "markdown"]), required=True)
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write into (created if missing).",
)
@click.option(
    "--with-password-hashes",
    is_flag=True,
    help="Keep users' password hashes, so people can sign in after a restore.",
)
@click.option(
    "--with-integration-secrets",
    is_flag=True,
    help="Keep webhook secrets (GitHub, Grafana, PagerDuty, Sentry), so hooks keep working.",
)
def export_all(
    fmt: str, out_dir: Path, with_password_hashes: bool, with_integration_secrets: bool
) -> None:
    """Write a lossless backup (jsonl) or one Markdown file per review (markdown)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    if fmt == "markdown":
        with click.progressbar(length=folder.count(), label="Writing reviews") as bar:
            written = folder.write_all(out_dir, progress=bar.update)
        click.echo(f"Wrote {written:,} reviews as Markdown to {out_dir} in {_since(started)}.")
        return
    path = out_dir / f"hindsight-{utcnow():%Y%m%dT%H%M%SZ}.jsonl"
    partial = path.with_name(path.name + ".partial")
    with db.engine.connect() as conn:
        total = sum(backup.count_rows(conn).values())
    with (
        partial.open("w", encoding="utf-8") as out,
        click.progressbar(length=total, label="Backing up") as bar,
    ):
        counts = backup.dump(
            out,
            with_password_hashes=with_password_hashes,
            with_integration_secrets=with_integration_secrets,
            progress=bar.update,
        )
    partial.rename(path)  # only a complete backup gets the real name
    mib = path.stat().st_size / 1024 / 1024
    click.echo(
        f"Wrote {sum(counts.values()):,} rows of {len(counts)} tables to {path} "
        f"({mib:,.1f} MiB) in {_since(started)}."
    )
    if with_password_hashes or with_integration_secrets:
        click.echo("It holds credentials: keep it as private as the database itself.")
    if not with_password_hashes:
        click.echo("Left out password hashes: restored accounts cannot sign in with a password.")
    if not with_integration_secrets:
        click.echo("Left out webhook secrets: set them again after a restore.")


@click.command("jsonl")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_jsonl(file: Path) -> None:
    """Restore a backup made by `export all --format jsonl` into an empty database."""
    started = time.monotonic()
    try:
        with (
            file.open("rb") as lines,
            click.progressbar(length=file.stat().st_size, label="Restoring") as bar,
        ):
            counts = restore.restore(lines, progress=bar.update)
    except restore.RestoreError as error:
        raise click.ClickException(f"Nothing was imported: {error}") from None
    click.echo(
        f"Restored {sum(counts.values()):,} rows of {len(counts)} tables from {file} "
        f"in {_since(started)}."
    )
    _rebuild_search_index()


def _rebuild_search_index() -> None:
    """Build the search index from the restored reviews (a backup leaves it out)."""
    if importlib.util.find_spec("app.search.index") is None:
        return
    index = importlib.import_module("app.search.index")
    try:
        with click.progressbar(length=folder.count(), label="Indexing reviews") as bar:
            indexed = index.reindex_all(progress=bar.update)
        db.session.commit()
    except SQLAlchemyError as error:
        db.session.rollback()
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise click.ClickException(
            f"The data is restored, but the search index was not built ({reason}): "
            "run `flask --app wsgi search reindex`."
        ) from None
    click.echo(f"Search index built for {indexed:,} reviews.")


def _since(started: float) -> str:
    return f"{time.monotonic() - started:.1f} s"
