"""Profile settings and the `users` command."""

from __future__ import annotations

from flask.testing import FlaskClient, FlaskCliRunner

from app.accounts.models import User
from app.accounts.queries import user_by_email
from app.extensions import db


def test_member_sets_their_time_zone(member_client: FlaskClient, member: User) -> None:
    response = member_client.post("/profile", data={"name": "Mo M.", "timezone": "Asia/Kolkata"})
    assert response.status_code == 302
    db.session.commit()
    assert db.session.get(User, member.id).timezone == "Asia/Kolkata"


def test_unknown_time_zone_is_refused(member_client: FlaskClient, member: User) -> None:
    response = member_client.post("/profile", data={"name": "Mo", "timezone": "Mars/Olympus"})
    assert b"Not a valid choice" in response.data
    db.session.commit()
    assert db.session.get(User, member.id).timezone == "Europe/Berlin"


def test_users_create_makes_an_admin(runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Root@Example.com",
            "--name",
            "Root",
            "--password",
            "a long passphrase",
            "--admin",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Created admin root@example.com" in result.output
    assert user_by_email("root@example.com").is_admin


def test_users_create_explains_a_weak_password_in_one_line(runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["users", "create", "x@example.com", "--name", "X", "--password", "short"]
    )
    assert result.exit_code == 1
    assert result.output.strip() == "Error: Use at least 10 characters."


def test_users_create_refuses_a_duplicate(runner: FlaskCliRunner, member: User) -> None:
    result = runner.invoke(
        args=[
            "users",
            "create",
            "mo@example.com",
            "--name",
            "Mo",
            "--password",
            "a long passphrase",
        ]
    )
    assert result.exit_code == 1
    assert "already has an account" in result.output


def test_tokens_create_prints_the_token_last(runner: FlaskCliRunner, member: User) -> None:
    from app.accounts.tokens import authenticate

    result = runner.invoke(args=["tokens", "create", "mo@example.com", "--name", "ci"])
    assert result.exit_code == 0
    token = result.output.strip().splitlines()[-1]
    assert authenticate(token).email == "mo@example.com"
