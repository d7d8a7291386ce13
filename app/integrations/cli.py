"""`flask integrations ...`: add integrations from the command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.errors import DomainError
from app.extensions import db
from app.integrations import services

integrations_cli = AppGroup("integrations", help="Webhook integrations.")


@integrations_cli.command("create")
@click.argument("source")
@click.option("--secret", default=None, help="The shared secret the tool signs or sends with.")
@click.option("--name", default="", help="A label, e.g. 'prod cluster'.")
def create(source: str, secret: str | None, name: str) -> None:
    """Add an integration for SOURCE (github, alertmanager, grafana, pagerduty, ...)."""
    if not secret:
        raise click.ClickException("Give the secret with --secret SECRET.")
    try:
        made = services.create_integration(actor=None, source=source, secret=secret, name=name)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    db.session.commit()
    integration = made.integration
    click.echo(
        f"Created {integration.source.label} integration {integration.id} ({integration.name}); "
        f"it posts to /hooks/{integration.source.value}."
    )
