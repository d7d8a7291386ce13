"""`flask import markdown PATH...`: import postmortems written elsewhere, one file at a time."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from app.accounts.models import User
from app.accounts.queries import user_by_email
from app.extensions import db
from app.imports import files, queries, report, services

import_cli = AppGroup("import", help="Import reviews written elsewhere.")

NO_ADMIN = (
    "No admin account to own the imported reviews: create one with "
    "`flask --app wsgi users create EMAIL --name NAME --password PW --admin`, "
    "or pass --owner EMAIL."
)


@import_cli.command("markdown")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--owner", "owner_email", help="Email of the owner [default: the first admin].")
@click.option("--dry-run", is_flag=True, help="Read and check every file, but write nothing.")
@click.pass_context
def markdown(
    ctx: click.Context, paths: tuple[Path, ...], owner_email: str | None, dry_run: bool
) -> None:
    """Import Markdown files with YAML front matter, from files or folders (*.md, *.markdown)."""
    owner = _owner(owner_email)
    found = files.collect(paths)
    if not found:
        raise click.ClickException("No Markdown files (*.md, *.markdown) in the paths given.")
    reports = []
    with click.progressbar(found, label=f"Importing {len(found)} files") as bar:
        for item in bar:
            reports.append(services.import_source(item.read(), owner=owner))
            # Each file is its own unit: one that fails never takes the others with it.
            db.session.rollback() if dry_run else db.session.commit()
    for item in reports:
        click.echo(report.line(item))
        for warning in item.warnings:
            click.echo(f"          warning: {warning}")
    click.echo(report.summary(reports, dry_run=dry_run))
    if any(item.failed for item in reports):
        ctx.exit(1)


def _owner(email: str | None) -> User:
    if email is None:
        owner = queries.default_owner()
        if owner is None:
            raise click.ClickException(NO_ADMIN)
        return owner
    owner = user_by_email(email.strip().lower())
    if owner is None or not owner.active:
        raise click.ClickException(f"No active account with the email {email}.")
    return owner
