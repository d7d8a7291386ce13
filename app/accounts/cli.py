"""`flask users ...`: manage accounts from the command line."""

from __future__ import annotations

import datetime as dt

import click
from flask.cli import AppGroup

from app.accounts import services, tokens
from app.accounts.models import ApiToken
from app.accounts.queries import user_by_email
from app.errors import InvalidInput, NotFound
from app.extensions import db

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Display name.")
@click.option("--password", required=True, help="At least 10 characters.")
@click.option("--admin", is_flag=True, help="Make an admin (manages users and lists).")
@click.option("--timezone", default="UTC", show_default=True, help="IANA zone, e.g. Europe/Berlin.")
def create_user(email: str, name: str, password: str, admin: bool, timezone: str) -> None:
    """Create a local account that can sign in with a password."""
    try:
        user = services.create_user(
            email=email, name=name, password=password, admin=admin, timezone=timezone
        )
    except InvalidInput as error:
        raise click.ClickException(error.message) from error
    db.session.commit()
    role = "admin" if user.is_admin else "member"
    click.echo(f"Created {role} {user.email} ({user.name}).")


tokens_cli = AppGroup("tokens", help="Manage API tokens.")


@tokens_cli.command("create")
@click.argument("email")
@click.option("--name", default="", help="A label, e.g. the script that will use it.")
def create_token(email: str, name: str) -> None:
    """Create an API token for EMAIL; the token is printed once, on the last line."""
    user = user_by_email(email.strip().lower())
    if user is None:
        raise click.ClickException(f"No account with the email {email}.")
    record, token = tokens.create_token(user=user, name=name)
    db.session.commit()
    click.echo(
        f"Created token {record.prefix}… for {user.email}. Store it now: it is not shown again."
    )
    click.echo(token)


@tokens_cli.command("list")
@click.argument("email")
def list_tokens(email: str) -> None:
    """List EMAIL's tokens: id, prefix, name, created, last used, expiry, state."""
    user = user_by_email(email.strip().lower())
    if user is None:
        raise click.ClickException(f"No account with the email {email}.")
    found = tokens.tokens_of(user)
    for token in found:
        click.echo(
            "\t".join(
                [
                    str(token.id),
                    f"{token.prefix}…",
                    token.name or "-",
                    f"created {_when(token.created_at)}",
                    f"last used {_when(token.last_used_at)}",
                    f"expires {_when(token.expires_at)}",
                    _state(token),
                ]
            )
        )
    click.echo(f"{len(found)} token(s) for {user.email}.")


@tokens_cli.command("revoke")
@click.argument("token_id", type=int)
def revoke_token(token_id: int) -> None:
    """Revoke the token with TOKEN_ID (see `tokens list`); it stops working at once."""
    try:
        found = tokens.revoke_token(actor=None, token_id=token_id)
    except NotFound as error:
        raise click.ClickException(f"No token with the id {token_id}.") from error
    db.session.commit()
    click.echo(f"Revoked token {found.prefix}… of {found.user.email}.")


def _when(moment: dt.datetime | None) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else "never"


def _state(token: ApiToken) -> str:
    if token.revoked_at is not None:
        return "revoked"
    return "active" if token.is_active else "expired"
