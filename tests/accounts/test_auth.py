"""Signing in and out, and that nothing but the sign-in page is open to strangers."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.accounts.models import User
from app.extensions import db
from tests.conftest import sign_in
from tests.factories.accounts import PASSWORD, make_user


@pytest.mark.parametrize(
    "path", ["/", "/incidents/", "/incidents/new", "/incidents/INC-0001", "/catalog/", "/profile"]
)
def test_strangers_are_sent_to_sign_in(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.location.startswith("/login")


def test_unknown_address_does_not_reveal_anything_before_sign_in(client: FlaskClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 302
    assert response.location.startswith("/login")


def test_sign_in_with_right_password_lands_on_the_list(client: FlaskClient, member: User) -> None:
    response = client.post(
        "/login", data={"email": "MO@example.com", "password": PASSWORD}, follow_redirects=True
    )
    assert response.status_code == 200
    assert b"Incidents" in response.data
    assert b"Mo Member" in response.data


def test_wrong_password_is_refused_and_keeps_the_email(client: FlaskClient, member: User) -> None:
    response = client.post("/login", data={"email": "mo@example.com", "password": "nope"})
    assert response.status_code == 200
    assert b"do not match an account" in response.data
    assert b'value="mo@example.com"' in response.data


def test_next_parameter_cannot_send_people_off_site(client: FlaskClient, member: User) -> None:
    response = client.post(
        "/login?next=https://evil.example/", data={"email": "mo@example.com", "password": PASSWORD}
    )
    assert response.location == "/incidents/"


def test_next_parameter_returns_to_the_page_asked_for(client: FlaskClient, member: User) -> None:
    response = client.post(
        "/login?next=/catalog/", data={"email": "mo@example.com", "password": PASSWORD}
    )
    assert response.location == "/catalog/"


def test_sign_out_ends_the_session(member_client: FlaskClient) -> None:
    member_client.post("/logout")
    assert member_client.get("/incidents/").status_code == 302


def test_deactivated_account_cannot_sign_in(client: FlaskClient, member: User) -> None:
    member.active = False
    db.session.commit()
    response = client.post("/login", data={"email": "mo@example.com", "password": PASSWORD})
    assert b"do not match an account" in response.data


def test_password_change_signs_out_other_sessions(app: Flask, member: User) -> None:
    other_device = sign_in(app.test_client(), member)
    this_device = sign_in(app.test_client(), member)
    response = this_device.post(
        "/profile/password", data={"current": PASSWORD, "new": "a brand new passphrase"}
    )
    assert response.status_code == 302
    assert this_device.get("/incidents/").status_code == 200
    assert other_device.get("/incidents/").status_code == 302


def test_passwords_are_stored_as_argon2_hashes(app: Flask) -> None:
    user = make_user(password="a long enough password")
    assert user.password_hash.startswith("$argon2id$")
    assert "a long enough password" not in user.password_hash


def test_csrf_token_is_required_on_forms(app: Flask, member: User) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = sign_in(app.test_client(), member)
        response = client.post("/incidents/new", data={"title": "x", "severity": "SEV3"})
        assert response.status_code == 400
        assert b"Form expired" in response.data
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
