"""Deciding about suggested deploys and alerts through the API, as the incident page does."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.accounts.models import User
from app.catalog import services as catalog
from app.extensions import db
from app.incidents.enums import Milestone, Visibility
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


def test_a_suspected_trigger_goes_on_the_timeline_and_dismissing_takes_it_off(
    client: FlaskClient, incident, member: User
) -> None:
    deploy = make_deploy(service="checkout", started_at=T0 - 12 * MIN)
    db.session.commit()
    headers, base = bearer(member), f"/api/v1/incidents/{incident.ref}"
    url = f"{base}/deploys/{deploy.id}/decision"

    response = client.put(url, headers=headers, json={"relation": "suspected_trigger"})
    assert response.status_code == 200, response.json
    assert (response.json["relation"], response.json["decided_by"]) == (
        "suspected_trigger",
        member.email,
    )
    kinds = [e["kind"] for e in client.get(f"{base}/timeline", headers=headers).json["items"]]
    assert "deploy" in kinds
    refused = client.put(f"{base}/no-change", headers=headers, json={"note": "config only"})
    assert "suspected trigger" in problem_of(refused, 422)["detail"]

    client.put(url, headers=headers, json={"relation": "dismissed", "note": "other service"})
    kinds = [e["kind"] for e in client.get(f"{base}/timeline", headers=headers).json["items"]]
    assert "deploy" not in kinds
    candidates = client.get(f"{base}/candidates", headers=headers).json
    assert candidates["items"][0]["relation"] == "dismissed"


def test_no_change_is_recorded_and_withdrawn(client: FlaskClient, incident, member) -> None:
    headers, base = bearer(member), f"/api/v1/incidents/{incident.ref}"
    response = client.put(f"{base}/no-change", headers=headers, json={"note": "A disk filled."})
    assert response.status_code == 200
    assert response.json["note"] == "A disk filled."
    candidates = client.get(f"{base}/candidates", headers=headers).json
    assert candidates["no_change"]["decided_by"] == member.email
    assert client.delete(f"{base}/no-change", headers=headers).status_code == 204
    assert client.get(f"{base}/candidates", headers=headers).json["no_change"] is None


def test_unknown_records_and_hidden_incidents_are_404(
    client: FlaskClient, incident, member: User
) -> None:
    alert = make_alert(service="checkout", started_at=T0 + MIN)
    sealed = make_incident(make_user(), visibility=Visibility.RESTRICTED)
    db.session.commit()
    headers = bearer(member)
    missing = client.put(
        f"/api/v1/incidents/{incident.ref}/alerts/{alert.id + 1}/decision",
        headers=headers,
        json={"relation": "related"},
    )
    problem_of(missing, 404)
    hidden = client.put(
        f"/api/v1/incidents/{sealed.ref}/alerts/{alert.id}/decision",
        headers=headers,
        json={"relation": "related"},
    )
    problem_of(hidden, 404)
    bad = client.put(
        f"/api/v1/incidents/{incident.ref}/alerts/{alert.id}/decision",
        headers=headers,
        json={"relation": "root_cause"},
    )
    assert "relation" in problem_of(bad, 422)["errors"]
