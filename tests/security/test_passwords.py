"""Password rules: long enough, not a common one, not made from one's own name or email."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.accounts.models import User
from app.accounts.passwords import password_problem
from app.accounts.services import create_user
from app.errors import InvalidInput
from tests.factories.accounts import PASSWORD

COMMON = "That password is one of the most common ones; choose another."
PERSONAL = "Use a password that is not made from your name or email address."


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "Use at least 10 characters."),
        ("aaaaaaaaaaaa", "Use a less repetitive password."),
        ("Password123!", COMMON),
        ("qwertyuiop", COMMON),
        ("1234567890", COMMON),
        ("Let.Me.In 2024", COMMON),
        ("JordanEllis1990", PERSONAL),
        ("jordan.ellis@larkspur", PERSONAL),
        ("Larkspur2026!!", PERSONAL),
        ("correct horse battery staple", None),
        ("Jordan's correct horse battery", None),
        ("hindsight-demo", None),
    ],
)
def test_password_rules(password: str, problem: str | None) -> None:
    found = password_problem(password, email="jordan.ellis@larkspur.example", name="Jordan Ellis")
    assert found == problem


def test_a_new_account_cannot_use_its_own_name(app: Flask) -> None:
    with pytest.raises(InvalidInput, match="not made from your name"):
        create_user(email="ravi@example.com", name="Ravi Kumar", password="RaviKumar2026")


def test_changing_to_a_common_password_is_refused(member_client: FlaskClient, member: User) -> None:
    response = member_client.post(
        "/profile/password", data={"current": PASSWORD, "new": "Password2026!"}
    )
    assert response.status_code == 422
    assert COMMON.encode() in response.data


def test_changing_to_ones_own_name_is_refused(member_client: FlaskClient, member: User) -> None:
    response = member_client.post(
        "/profile/password", data={"current": PASSWORD, "new": "Mo Member 2026"}
    )
    assert response.status_code == 422
    assert PERSONAL.encode() in response.data
