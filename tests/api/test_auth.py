"""Bearer tokens: nothing of the API answers without a live token, except its description."""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts.models import ApiToken, User
from app.accounts.tokens import create_token, revoke_token
from app.extensions import db
from tests.api import bearer, problem_of


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Bearer   ",
        "Basic bW9AZXhhbXBsZS5jb206cHc=",
        "Token hs_abc",
        "Bearer not-a-hindsight-token",
        "Bearer hs_" + "x" * 43,
        "Bearer hs_" + "x" * 300,
    ],
)
def test_missing_or_malformed_tokens_get_401_with_a_bearer_challenge(
    client: FlaskClient, member: User, authorization: str | None
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = client.get("/api/v1/incidents", headers=headers)
    body = problem_of(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert body["type"] == "https://hindsight.dev/problems/unauthorized"


def test_a_revoked_token_gets_401(client: FlaskClient, member: User) -> None:
    record, token = create_token(user=member)
    revoke_token(actor=member, token_id=record.id)
    db.session.commit()
    response = client.get("/api/v1/incidents", headers={"Authorization": f"Bearer {token}"})
    problem_of(response, 401)
    assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'


def test_an_expired_token_gets_401(client: FlaskClient, member: User) -> None:
    record, token = create_token(user=member)
    record.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    db.session.commit()
    response = client.get("/api/v1/incidents", headers={"Authorization": f"Bearer {token}"})
    problem_of(response, 401)


def test_a_deactivated_users_token_gets_401(client: FlaskClient, member: User) -> None:
    headers = bearer(member)
    member.active = False
    db.session.commit()
    problem_of(client.get("/api/v1/incidents", headers=headers), 401)


def test_writes_without_a_token_get_401_before_the_body_is_read(
    client: FlaskClient, member: User
) -> None:
    response = client.post("/api/v1/incidents", data="{not json", content_type="text/plain")
    problem_of(response, 401)


def test_a_live_token_works_and_records_when_it_was_used(client: FlaskClient, member: User) -> None:
    headers = bearer(member)
    assert db.session.scalar(select(ApiToken)).last_used_at is None
    response = client.get("/api/v1/incidents", headers=headers)
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.scalar(select(ApiToken)).last_used_at is not None


def test_the_scheme_name_is_case_insensitive(client: FlaskClient, member: User) -> None:
    token = bearer(member)["Authorization"].split()[1]
    response = client.get("/api/v1/incidents", headers={"Authorization": f"bearer {token}"})
    assert response.status_code == 200


def test_the_openapi_description_needs_no_token(client: FlaskClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.get_json()["openapi"] == "3.1.0"


def test_html_pages_keep_their_sign_in_and_error_pages(client: FlaskClient, member: User) -> None:
    # The API's handlers must not leak into the pages: strangers still go to sign-in.
    response = client.get("/incidents/INC-0001")
    assert response.status_code == 302
    assert response.location.startswith("/login")
