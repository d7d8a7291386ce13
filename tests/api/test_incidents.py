"""Incidents through the API: create, read, list with paging, and change with a version."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.incidents.enums import Severity, Visibility
from app.incidents.models import Incident
from tests.api import bearer, problem_of
from tests.factories.accounts import make_user
from tests.factories.incidents import make_incident, make_service

FIELDS = {
    "ref",
    "title",
    "severity",
    "status",
    "visibility",
    "summary",
    "impact",
    "went_well",
    "got_lucky",
    "surprised",
    "started_at",
    "detected_at",
    "acknowledged_at",
    "mitigated_at",
    "resolved_at",
    "services",
    "team",
    "tags",
    "is_exercise",
    "owner",
    "version",
}


def test_creating_a_draft_answers_201_with_location_and_the_contract_fields(
    client: FlaskClient, member: User
) -> None:
    make_service("checkout", team="Payments")
    db.session.commit()
    response = client.post(
        "/api/v1/incidents",
        headers=bearer(member),
        json={
            "title": "Checkout errors after a pool change",
            "severity": "SEV2",
            "services": ["checkout"],
            "team": "Payments",
            "tags": ["database", "Config Push"],
            "is_exercise": False,
            "summary": "Checkout failed for 38 minutes.",
        },
    )
    assert response.status_code == 201, response.json
    body = response.json
    assert set(body) == FIELDS
    assert body["ref"] == "INC-0001"
    assert response.headers["Location"].endswith("/api/v1/incidents/INC-0001")
    assert body["status"] == "draft"
    assert body["visibility"] == "internal"
    assert body["owner"] == "mo@example.com"
    assert body["services"] == ["checkout"]
    assert body["team"] == "Payments"
    assert body["tags"] == ["config-push", "database"]
    assert body["summary"] == "Checkout failed for 38 minutes."
    assert body["started_at"] is None

    fetched = client.get(response.headers["Location"], headers=bearer(member))
    assert fetched.status_code == 200
    assert fetched.json == body


def test_creating_needs_title_and_severity_and_names_what_is_missing(
    client: FlaskClient, member: User
) -> None:
    response = client.post("/api/v1/incidents", headers=bearer(member), json={})
    errors = problem_of(response, 422)["errors"]
    assert set(errors) == {"title", "severity"}


def test_unknown_values_are_refused_by_the_services_with_field_names(
    client: FlaskClient, member: User
) -> None:
    response = client.post(
        "/api/v1/incidents",
        headers=bearer(member),
        json={"title": "  ", "severity": "SEV9", "team": "Nobody"},
    )
    assert set(problem_of(response, 422)["errors"]) == {"severity"}
    response = client.post(
        "/api/v1/incidents",
        headers=bearer(member),
        json={"title": "  ", "severity": "SEV1", "team": "Nobody", "services": ["ghost"]},
    )
    assert set(problem_of(response, 422)["errors"]) == {"title", "team", "services"}
    assert db.session.scalar(select(Incident)) is None


def test_the_same_tag_twice_in_different_case_is_one_tag(client: FlaskClient, member: User) -> None:
    response = client.post(
        "/api/v1/incidents",
        headers=bearer(member),
        json={"title": "Tags", "severity": "SEV4", "tags": ["DB", "db", " db "]},
    )
    assert response.status_code == 201
    assert response.json["tags"] == ["db"]


def test_the_list_pages_with_links_and_keeps_the_filters(client: FlaskClient, member: User) -> None:
    for n in range(5):
        make_incident(member, title=f"Incident {n}", severity=Severity.SEV2)
    make_incident(member, title="A small one", severity=Severity.SEV4)
    db.session.commit()
    headers = bearer(member)

    first = client.get("/api/v1/incidents?severity=SEV2&per_page=2", headers=headers).json
    assert (first["total"], first["page"], first["per_page"]) == (5, 1, 2)
    assert len(first["items"]) == 2
    assert all(i["severity"] == "SEV2" for i in first["items"])
    links = first["links"]
    assert links["prev"] is None
    assert _query(links["next"]) == {"page": ["2"], "per_page": ["2"], "severity": ["SEV2"]}
    assert _query(links["last"])["page"] == ["3"]
    assert _query(links["first"])["page"] == ["1"]

    last = client.get(links["last"], headers=headers).json
    assert len(last["items"]) == 1
    assert last["links"]["next"] is None
    assert _query(last["links"]["prev"])["page"] == ["2"]
    seen = {i["ref"] for i in first["items"]}
    assert not seen & {i["ref"] for i in last["items"]}


def test_an_empty_list_still_has_first_and_last_links(client: FlaskClient, member: User) -> None:
    body = client.get("/api/v1/incidents", headers=bearer(member)).json
    assert body["items"] == []
    assert body["total"] == 0
    assert _query(body["links"]["last"])["page"] == ["1"]
    assert body["links"]["next"] is None
    assert body["links"]["prev"] is None


def test_paging_beyond_the_limits_is_a_422(client: FlaskClient, member: User) -> None:
    headers = bearer(member)
    for query in ("per_page=101", "per_page=0", "page=0", "page=abc", "status=closed"):
        response = client.get(f"/api/v1/incidents?{query}", headers=headers)
        problem_of(response, 422)


def test_the_list_leaves_out_restricted_reviews_of_others(
    client: FlaskClient, member: User
) -> None:
    owner = make_user(name="Olu Owner")
    make_incident(owner, title="Secret", visibility=Visibility.RESTRICTED)
    make_incident(owner, title="Open")
    db.session.commit()
    body = client.get("/api/v1/incidents", headers=bearer(member)).json
    assert [i["title"] for i in body["items"]] == ["Open"]
    assert body["total"] == 1


def test_patch_with_the_current_version_changes_fields_and_bumps_the_version(
    client: FlaskClient, member: User
) -> None:
    make_incident(member, title="Before", tags=["keep"])
    db.session.commit()
    headers = bearer(member)
    before = client.get("/api/v1/incidents/INC-0001", headers=headers).json
    response = client.patch(
        "/api/v1/incidents/INC-0001",
        headers=headers,
        json={"version": before["version"], "title": "After", "impact": "4% of orders failed."},
    )
    assert response.status_code == 200, response.json
    after = response.json
    assert after["title"] == "After"
    assert after["impact"] == "4% of orders failed."
    assert after["tags"] == ["keep"]  # fields not named are left as they were
    assert after["severity"] == before["severity"]
    assert after["version"] > before["version"]
    assert client.get("/api/v1/incidents/INC-0001", headers=headers).json == after


def test_patch_with_a_stale_version_gets_409_with_the_current_state(
    client: FlaskClient, member: User
) -> None:
    make_incident(member, title="Original")
    colleague = make_user(name="Col League")
    db.session.commit()
    mine, theirs = bearer(member), bearer(colleague)
    started_from = client.get("/api/v1/incidents/INC-0001", headers=mine).json["version"]
    first = client.patch(
        "/api/v1/incidents/INC-0001",
        headers=theirs,
        json={"version": started_from, "summary": "Their summary."},
    )
    assert first.status_code == 200
    second = client.patch(
        "/api/v1/incidents/INC-0001",
        headers=mine,
        json={"version": started_from, "summary": "My summary.", "title": "Mine"},
    )
    body = problem_of(second, 409)
    assert body["type"] == "https://hindsight.dev/problems/edit-conflict"
    assert body["current"] == first.json
    assert body["current_version"] == first.json["version"]
    db.session.expire_all()
    stored = db.session.scalar(select(Incident))
    assert (stored.summary, stored.title) == ("Their summary.", "Original")


def test_patch_needs_a_version(client: FlaskClient, member: User) -> None:
    make_incident(member)
    db.session.commit()
    response = client.patch(
        "/api/v1/incidents/INC-0001", headers=bearer(member), json={"title": "x"}
    )
    assert set(problem_of(response, 422)["errors"]) == {"version"}


def test_patch_cannot_change_what_is_not_writable(client: FlaskClient, member: User) -> None:
    make_incident(member)
    db.session.commit()
    response = client.patch(
        "/api/v1/incidents/INC-0001",
        headers=bearer(member),
        json={"version": 1, "status": "published", "owner": "x@example.com", "ref": "INC-9"},
    )
    assert set(problem_of(response, 422)["errors"]) == {"status", "owner", "ref"}


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)
