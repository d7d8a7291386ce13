"""The API: candidates for an incident, deploys and alerts, in the OpenAPI description."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.accounts.models import User
from app.catalog import services as catalog
from app.extensions import db
from app.incidents.enums import Milestone, Visibility
from app.integrations import links
from app.integrations.enums import AlertStatus, Relation
from tests.api import bearer, problem_of
from tests.factories.accounts import make_user
from tests.factories.incidents import T0, make_entry, make_incident
from tests.integrations.factories import make_alert, make_deploy

MIN = dt.timedelta(minutes=1)


@pytest.fixture
def incident(app: Flask, member: User):
    catalog.create_service(name="checkout")
    found = make_incident(member, services_=["checkout"])
    make_entry(found, member, at=T0, milestone=Milestone.STARTED, body="Errors began.")
    db.session.commit()
    return found


def test_candidates_match_the_incident_page(client: FlaskClient, incident, member: User) -> None:
    deploy = make_deploy(service="checkout", started_at=T0 - 12 * MIN)
    alert = make_alert(service="checkout", name="ErrorRate", started_at=T0 + MIN)
    links.decide(
        actor=member, incident=incident, kind="alert", record_id=alert.id, relation=Relation.RELATED
    )
    db.session.commit()
    response = client.get(f"/api/v1/incidents/{incident.ref}/candidates", headers=bearer(member))
    assert response.status_code == 200
    body = response.get_json()
    assert body["window_hours"] == 24
    assert body["no_change"] is None
    first, second = body["items"]
    assert first["kind"] == "deploy"
    assert first["reason"] == "checkout v2.3.1 to production 12 minutes before the start"
    assert first["deploy"]["id"] == deploy.id
    assert first["deploy"]["commit"].startswith("9fceb02")
    assert first["alert"] is None
    assert first["relation"] is None
    assert second["alert"]["name"] == "ErrorRate"
    assert second["relation"] == "related"
    assert second["decision"]["decided_by"] == member.email


def test_candidates_of_a_restricted_incident_are_404_for_outsiders(
    client: FlaskClient, member: User
) -> None:
    incident = make_incident(member, visibility=Visibility.RESTRICTED)
    outsider = make_user(name="Out Sider")
    db.session.commit()
    problem_of(
        client.get(f"/api/v1/incidents/{incident.ref}/candidates", headers=bearer(outsider)), 404
    )


def test_deploys_filter_by_service_and_time(client: FlaskClient, member: User) -> None:
    make_deploy(service="checkout", version="old", started_at=T0 - 60 * MIN)
    make_deploy(service="checkout", version="new", started_at=T0)
    make_deploy(service="search", version="other", started_at=T0)
    db.session.commit()
    headers = bearer(member)
    everything = client.get("/api/v1/deploys", headers=headers).get_json()["items"]
    assert [d["version"] for d in everything][:1] in (["new"], ["other"])
    assert len(everything) == 3
    since = (T0 - 5 * MIN).isoformat()
    narrowed = client.get(
        "/api/v1/deploys", query_string={"service": "checkout", "since": since}, headers=headers
    )
    assert [d["version"] for d in narrowed.get_json()["items"]] == ["new"]
    assert narrowed.get_json()["items"][0]["started_at"] == "2026-11-24T22:30:00+00:00"


def test_alerts_filter_by_status(client: FlaskClient, member: User) -> None:
    make_alert(service="checkout", name="A", started_at=T0)
    make_alert(service="checkout", name="B", started_at=T0, ended_at=T0 + MIN)
    db.session.commit()
    response = client.get(
        "/api/v1/alerts", query_string={"status": "resolved"}, headers=bearer(member)
    )
    assert [a["name"] for a in response.get_json()["items"]] == ["B"]
    assert response.get_json()["items"][0]["status"] == AlertStatus.RESOLVED.value


@pytest.mark.parametrize(
    "query",
    [{"since": "yesterday"}, {"since": "2026-11-24T22:00:00"}, {"status": "on"}, {"limit": "0"}],
)
def test_bad_filters_are_422_problems(
    client: FlaskClient, member: User, query: dict[str, str]
) -> None:
    problem_of(client.get("/api/v1/alerts", query_string=query, headers=bearer(member)), 422)


def test_the_endpoints_need_a_token(client: FlaskClient, app: Flask) -> None:
    problem_of(client.get("/api/v1/deploys"), 401)


def test_the_endpoints_are_described(client: FlaskClient, app: Flask) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"get"} <= set(paths["/api/v1/incidents/{ref}/candidates"])
    assert {"get"} <= set(paths["/api/v1/deploys"])
    assert {"get"} <= set(paths["/api/v1/alerts"])
