"""Every error of the API is an RFC 9457 problem, and says what went wrong and where."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.accounts.models import User
from app.api import edits
from app.extensions import db
from app.incidents.enums import Visibility
from tests.api import PROBLEM, bearer, problem_of
from tests.conftest import sign_in
from tests.factories.accounts import make_user
from tests.factories.incidents import make_incident


def test_unknown_addresses_under_the_api_are_404_problems(
    client: FlaskClient, member: User
) -> None:
    for path in ("/api/v1/nothing-here", "/api/v1/incidents/INC-0001/nope", "/api/v2/incidents"):
        problem_of(client.get(path, headers=bearer(member)), 404)
    problem_of(client.post("/api/v1/nothing-here", data="x", content_type="text/plain"), 404)


def test_a_wrong_method_is_a_405_problem_that_says_which_are_allowed(
    client: FlaskClient, member: User
) -> None:
    response = client.delete("/api/v1/incidents", headers=bearer(member))
    body = problem_of(response, 405)
    assert {"GET", "POST"} <= set(response.headers["Allow"].replace(" ", "").split(","))
    assert "GET" in body["detail"]


def test_malformed_json_is_a_400_that_says_where(client: FlaskClient, member: User) -> None:
    response = client.post(
        "/api/v1/incidents",
        headers=bearer(member),
        data='{\n  "title": "Checkout",\n  "severity": "SEV2"\n  "tags": []\n}',
        content_type="application/json",
    )
    body = problem_of(response, 400)
    assert body["type"] == "https://hindsight.dev/problems/malformed-json"
    assert (body["line"], body["column"]) == (4, 3)
    assert "line 4, column 3" in body["detail"]


def test_a_body_that_is_not_json_is_a_415(client: FlaskClient, member: User) -> None:
    response = client.post(
        "/api/v1/incidents",
        headers=bearer(member),
        data={"title": "A form post", "severity": "SEV2"},
    )
    body = problem_of(response, 415)
    assert "application/json" in body["detail"]


def test_a_body_over_the_limit_is_a_413(client: FlaskClient, member: User) -> None:
    too_big = '{"title": "' + "x" * (3 * 1024 * 1024) + '", "severity": "SEV2"}'
    response = client.post(
        "/api/v1/incidents", headers=bearer(member), data=too_big, content_type="application/json"
    )
    assert "2 MiB" in problem_of(response, 413)["detail"]


def test_unknown_fields_are_422_naming_each_of_them(client: FlaskClient, member: User) -> None:
    response = client.post(
        "/api/v1/incidents",
        headers=bearer(member),
        json={"title": "T", "severity": "SEV2", "root_cause": "Bob", "priority": "high"},
    )
    body = problem_of(response, 422)
    assert body["type"] == "https://hindsight.dev/problems/invalid-input"
    assert set(body["errors"]) == {"root_cause", "priority"}
    assert "root_cause" in body["detail"]


def test_a_body_that_is_not_an_object_is_a_422(client: FlaskClient, member: User) -> None:
    for raw in ("[]", '"text"', "42", "null"):
        response = client.post(
            "/api/v1/incidents", headers=bearer(member), data=raw, content_type="application/json"
        )
        assert "_body" in problem_of(response, 422)["errors"], raw


def test_naive_times_are_422_asking_for_a_utc_offset(client: FlaskClient, member: User) -> None:
    make_incident(member)
    db.session.commit()
    response = client.post(
        "/api/v1/incidents/INC-0001/timeline",
        headers=bearer(member),
        json={"occurred_at": "2026-11-24T22:30:00", "body": "Error rate rose."},
    )
    errors = problem_of(response, 422)["errors"]
    assert "UTC offset" in errors["occurred_at"][0]


def test_an_unknown_ref_and_a_restricted_one_are_the_same_404(
    client: FlaskClient, member: User
) -> None:
    owner = make_user(name="Olu Owner")
    make_incident(owner, title="Credential exposed in logs", visibility=Visibility.RESTRICTED)
    db.session.commit()
    outsider = bearer(member)
    for suffix in ("", "/timeline", "/factors", "/actions", "/comments"):
        restricted = client.get(f"/api/v1/incidents/INC-0001{suffix}", headers=outsider)
        missing = client.get(f"/api/v1/incidents/INC-0999{suffix}", headers=outsider)
        problem_of(restricted, 404)
        assert restricted.get_data(as_text=True).replace("INC-0001", "INC-0999") == (
            missing.get_data(as_text=True)
        )
        assert restricted.headers == missing.headers
    hidden = client.post(
        "/api/v1/incidents/INC-0001/factors",
        headers=outsider,
        json={"category": "change", "description": "Curious."},
    )
    problem_of(hidden, 404)
    assert client.get("/api/v1/incidents/INC-0001", headers=bearer(owner)).status_code == 200


def test_editing_a_published_review_is_a_409(client: FlaskClient, member: User) -> None:
    from app.incidents.enums import Status

    incident = make_incident(member)
    incident.status = Status.PUBLISHED
    db.session.commit()
    response = client.post(
        "/api/v1/incidents/INC-0001/factors",
        headers=bearer(member),
        json={"category": "change", "description": "A late addition."},
    )
    body = problem_of(response, 409)
    assert body["type"] == "https://hindsight.dev/problems/invalid-transition"
    assert "Reopen" in body["detail"]


def test_html_pages_still_answer_errors_in_html(client: FlaskClient, member: User) -> None:
    response = sign_in(client, member).get("/incidents/INC-0404")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert response.mimetype != PROBLEM


def test_api_writes_need_no_csrf_token_but_pages_still_do(
    app: Flask, client: FlaskClient, member: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = client.post(
        "/api/v1/incidents", headers=bearer(member), json={"title": "T", "severity": "SEV3"}
    )
    assert response.status_code == 201
    page = sign_in(app.test_client(), member).post(
        "/incidents/new", data={"title": "T", "severity": "SEV3", "visibility": "internal"}
    )
    assert page.status_code == 400


def test_two_saves_racing_is_a_409_with_the_state_that_won(
    client: FlaskClient, member: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_incident(member, title="Won")
    db.session.commit()

    def lose_the_race(**_: object) -> None:
        raise StaleDataError("UPDATE statement on table 'incidents' expected to update 1 row")

    monkeypatch.setattr(edits, "patch_incident", lose_the_race)
    response = client.patch(
        "/api/v1/incidents/INC-0001", headers=bearer(member), json={"version": 1, "title": "x"}
    )
    body = problem_of(response, 409)
    assert body["type"] == "https://hindsight.dev/problems/edit-conflict"
    assert body["current"]["title"] == "Won"


def test_a_uniqueness_race_is_a_409_to_retry(
    client: FlaskClient, member: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def clash(**_: object) -> None:
        raise IntegrityError("INSERT INTO incidents", {}, Exception("UNIQUE constraint failed"))

    monkeypatch.setattr(edits, "create_draft", clash)
    response = client.post(
        "/api/v1/incidents", headers=bearer(member), json={"title": "T", "severity": "SEV3"}
    )
    assert problem_of(response, 409)["type"] == "https://hindsight.dev/problems/conflict"


def test_a_bug_is_still_answered_as_a_problem_outside_tests(
    app: Flask, client: FlaskClient, member: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("a bug")

    headers = bearer(member)
    monkeypatch.setattr("app.language.checker.check", broken)
    monkeypatch.setitem(app.config, "TESTING", False)
    response = client.post("/api/v1/language/check", headers=headers, json={"text": "x"})
    body = problem_of(response, 500)
    assert "a bug" not in body["detail"]
