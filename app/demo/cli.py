"""`flask demo load`: fill an empty database with the demo organisation."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from app import clock
from app.demo import changes, files, services
from app.errors import InvalidInput
from app.extensions import db

demo_cli = AppGroup("demo", help="Demo data.")

DEMO_PASSWORD = "hindsight-demo"  # noqa: S105 - the published password of a local demo


@demo_cli.command("load")
@click.option(
    "--password",
    default=DEMO_PASSWORD,
    show_default=True,
    help="Password for every demo account (at least 10 characters).",
)
@click.option(
    "--data-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=files.DATA_DIR,
    help="Folder with directory.yaml and incidents/*.yaml.",
)
def load(password: str, data_dir: Path) -> None:
    """Load the demo organisation, moved in time so its newest incident is from this week."""
    try:
        data = files.read_data(data_dir)
        if services.is_loaded(data):
            click.echo("Demo data is already loaded.")
            return
        now, before = clock.utcnow(), services.counts()
        people = services.load_directory(data, password=password)
        shift = services.week_shift(data, now=now)
        with click.progressbar(data.incidents, label="Loading incidents") as bar:
            incidents = [
                services.load_incident(item, people=people, shift=shift, now=now) for item in bar
            ]
        deploys, alerts = changes.load_changes(incidents, now=now)
    except (files.DemoDataError, InvalidInput) as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    added = {label: n - before[label] for label, n in services.counts().items()}
    added |= {"deploys": deploys, "alerts": alerts}
    click.echo("Loaded " + ", ".join(f"{n} {label}" for label, n in added.items()) + ".")
    admin = next(u["email"] for u in data.directory["users"] if u["admin"])
    click.echo(
        f"Sign in at {current_app.config['BASE_URL']}/login as {files.DEMO_EMAIL} / {password}"
        f" (admin: {admin})"
    )
