"""Sign-in attempts are limited per client address and per account, with a clear message."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app.accounts import passwords
from app.accounts.models import User
from app.accounts.views import TOO_MANY_ATTEMPTS
from tests.factories.accounts import PASSWORD

WRONG = "not the password at all"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash with light Argon2 settings: these tests make dozens of attempts."""
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024))


def attempt(
    client: FlaskClient, email: str = "mo@example.com", password: str = WRONG, ip: str = "10.0.0.1"
) -> TestResponse:
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": ip},
    )


def test_eleventh_failed_attempt_in_a_minute_is_refused_and_keeps_the_email(
    client: FlaskClient, member: User, login_limit: str
) -> None:
    for _ in range(10):
        assert attempt(client).status_code == 200
    response = attempt(client)
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert TOO_MANY_ATTEMPTS in page
    assert 'value="mo@example.com"' in page
    assert WRONG not in page
    assert int(response.headers["Retry-After"]) <= 60
    # Past the limit even the right password waits: guessing must not be able to tell.
    assert attempt(client, password=PASSWORD).status_code == 429


def test_one_account_is_protected_from_many_addresses(
    client: FlaskClient, member: User, login_limit: str
) -> None:
    for n in range(10):
        assert attempt(client, ip=f"10.0.1.{n}").status_code == 200
    assert attempt(client, ip="10.0.2.1").status_code == 429
    other = attempt(client, email="someone.else@example.com", ip="10.0.2.1")
    assert other.status_code == 200
    assert b"do not match an account" in other.data


def test_one_address_cannot_try_many_accounts(client: FlaskClient, login_limit: str) -> None:
    for n in range(10):
        assert attempt(client, email=f"guess{n}@example.com").status_code == 200
    assert attempt(client, email="guess99@example.com").status_code == 429
    assert attempt(client, email="guess99@example.com", ip="10.0.9.9").status_code == 200


def test_successful_sign_ins_do_not_count(app: Flask, member: User, login_limit: str) -> None:
    for _ in range(12):
        assert attempt(app.test_client(), password=PASSWORD).status_code == 302


def test_resetting_the_limiter_lets_people_try_again(
    client: FlaskClient, member: User, login_limit: str
) -> None:
    from app.extensions import limiter

    for _ in range(11):
        attempt(client)
    assert attempt(client).status_code == 429
    limiter.reset()
    assert attempt(client, password=PASSWORD).status_code == 302


def test_the_rest_of_the_suite_signs_in_without_a_limit(client: FlaskClient, member: User) -> None:
    for _ in range(15):
        assert attempt(client).status_code == 200
