"""Timeline entries, contributing factors and action items round-trip with the contract's names."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from app.accounts.models import User
from app.extensions import db
from tests.api import bearer, problem_of
from tests.factories.accounts import make_user
from tests.factories.incidents import make_incident


@pytest.fixture
def headers(member: User) -> dict[str, str]:
    make_incident(member)
    db.session.commit()
    return bearer(member)


def test_timeline_entries_round_trip_in_utc_and_set_key_times(
    client: FlaskClient, member: User, headers: dict[str, str]
) -> None:
    response = client.post(
        "/api/v1/incidents/INC-0001/timeline",
        headers=headers,
        json={
            "occurred_at": "2026-11-24T23:30:00+01:00",
            "kind": "detection",
            "milestone": "detected",
            "body": "Paged for checkout 5xx.",
        },
    )
    assert response.status_code == 201, response.json
    entry = response.json
    assert set(entry) == {
        "id",
        "occurred_at",
        "kind",
        "milestone",
        "body",
        "author",
        "source",
        "version",
    }
    assert entry["occurred_at"] == "2026-11-24T22:30:00+00:00"
    assert (entry["kind"], entry["milestone"]) == ("detection", "detected")
    assert (entry["author"], entry["source"]) == ("mo@example.com", "manual")

    client.post(
        "/api/v1/incidents/INC-0001/timeline",
        headers=headers,
        json={"occurred_at": "2026-11-24T22:10:00Z", "body": "Config pushed."},
    )
    listed = client.get("/api/v1/incidents/INC-0001/timeline", headers=headers).json["items"]
    assert [e["body"] for e in listed] == ["Config pushed.", "Paged for checkout 5xx."]
    assert listed[0]["kind"] == "note"
    assert listed[0]["milestone"] is None
    incident = client.get("/api/v1/incidents/INC-0001", headers=headers).json
    assert incident["detected_at"] == "2026-11-24T22:30:00+00:00"


def test_timeline_entries_need_a_body_and_a_known_kind(
    client: FlaskClient, headers: dict[str, str]
) -> None:
    response = client.post(
        "/api/v1/incidents/INC-0001/timeline",
        headers=headers,
        json={"occurred_at": "2026-11-24T22:10:00Z", "kind": "blame", "body": "   "},
    )
    assert set(problem_of(response, 422)["errors"]) == {"kind"}
    response = client.post(
        "/api/v1/incidents/INC-0001/timeline",
        headers=headers,
        json={"occurred_at": "2026-11-24T22:10:00Z", "body": "   "},
    )
    assert set(problem_of(response, 422)["errors"]) == {"body"}


def test_factors_round_trip(client: FlaskClient, headers: dict[str, str]) -> None:
    response = client.post(
        "/api/v1/incidents/INC-0001/factors",
        headers=headers,
        json={"category": "monitoring_gap", "description": "No alert on pool saturation."},
    )
    assert response.status_code == 201
    factor = response.json
    assert set(factor) == {"id", "category", "description", "version"}
    assert factor["category"] == "monitoring_gap"
    listed = client.get("/api/v1/incidents/INC-0001/factors", headers=headers).json
    assert listed == {"items": [factor]}


def test_factor_categories_come_from_the_taxonomy(
    client: FlaskClient, headers: dict[str, str]
) -> None:
    response = client.post(
        "/api/v1/incidents/INC-0001/factors",
        headers=headers,
        json={"category": "root_cause", "description": "Bob."},
    )
    assert set(problem_of(response, 422)["errors"]) == {"category"}


def test_actions_round_trip_with_owner_email_and_date(
    client: FlaskClient, headers: dict[str, str]
) -> None:
    owner = make_user(email="rae@example.com", name="Rae Reviewer")
    db.session.commit()
    response = client.post(
        "/api/v1/incidents/INC-0001/actions",
        headers=headers,
        json={
            "title": "Add a canary stage to config pushes",
            "description": "One region first, then the rest.",
            "kind": "prevent",
            "priority": "P1",
            "owner": "RAE@example.com",
            "due_date": "2026-12-15",
            "status": "in_progress",
            "tracker_url": "https://tracker.example/OPS-1",
        },
    )
    assert response.status_code == 201, response.json
    action = response.json
    assert {
        "id",
        "title",
        "description",
        "kind",
        "priority",
        "owner",
        "due_date",
        "status",
        "tracker_url",
    } <= set(action)
    assert action["owner"] == owner.email
    assert action["due_date"] == "2026-12-15"
    assert (action["kind"], action["priority"], action["status"]) == (
        "prevent",
        "P1",
        "in_progress",
    )
    minimal = client.post(
        "/api/v1/incidents/INC-0001/actions", headers=headers, json={"title": "Write a runbook"}
    ).json
    assert (minimal["owner"], minimal["due_date"], minimal["status"]) == (None, None, "open")
    listed = client.get("/api/v1/incidents/INC-0001/actions", headers=headers).json["items"]
    assert listed == [action, minimal]


def test_action_owners_must_be_people_here_and_dates_real(
    client: FlaskClient, headers: dict[str, str]
) -> None:
    response = client.post(
        "/api/v1/incidents/INC-0001/actions",
        headers=headers,
        json={"title": "Rotate keys", "owner": "ghost@example.com", "due_date": "2026-02-30"},
    )
    assert set(problem_of(response, 422)["errors"]) == {"due_date"}
    response = client.post(
        "/api/v1/incidents/INC-0001/actions",
        headers=headers,
        json={"title": "Rotate keys", "owner": "ghost@example.com"},
    )
    assert set(problem_of(response, 422)["errors"]) == {"owner"}


def test_wont_do_needs_a_reason_and_tracker_links_must_be_web_links(
    client: FlaskClient, headers: dict[str, str]
) -> None:
    response = client.post(
        "/api/v1/incidents/INC-0001/actions",
        headers=headers,
        json={"title": "Retrain", "status": "wont_do", "tracker_url": "javascript:alert(1)"},
    )
    assert set(problem_of(response, 422)["errors"]) == {"wont_do_reason", "tracker_url"}
