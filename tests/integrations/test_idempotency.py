"""Redeliveries, repeats, updates and races all land on one record per thing."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.integrations.enums import AlertStatus, DeployStatus
from app.integrations.models import Alert, Deploy
from tests.integrations.factories import make_integration
from tests.integrations.payloads import am_alert, am_notification, gh_deployment, pd_event
from tests.integrations.senders import answer, auth_headers, deliver, post_over_http


@pytest.fixture(autouse=True)
def senders(app: Flask) -> None:
    for source in ("alertmanager", "github", "pagerduty", "deploys", "alerts"):
        make_integration(source)
    db.session.commit()


def count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def test_a_stale_firing_after_the_resolution_does_not_reopen_the_alert(client: FlaskClient) -> None:
    answer(deliver(client, "alertmanager", am_notification(am_alert())), 202)
    resolved = am_alert(status="resolved", ends="2026-11-24T22:41:00Z")
    answer(deliver(client, "alertmanager", am_notification(resolved)), 202)
    answer(deliver(client, "alertmanager", am_notification(am_alert())), 200)
    alert = db.session.scalar(select(Alert))
    assert alert.status is AlertStatus.RESOLVED
    assert alert.ended_at.isoformat() == "2026-11-24T22:41:00+00:00"


def test_the_same_alert_firing_again_later_is_a_new_record(client: FlaskClient) -> None:
    answer(deliver(client, "alertmanager", am_notification(am_alert())), 202)
    answer(
        deliver(client, "alertmanager", am_notification(am_alert(starts="2026-11-25T03:00:00Z"))),
        202,
    )
    assert count(Alert) == 2


def test_a_notification_naming_one_alert_twice_records_it_once(client: FlaskClient) -> None:
    body = answer(deliver(client, "alertmanager", am_notification(am_alert(), am_alert())), 202)
    assert body["created"] == 1
    assert body["unchanged"] == 1
    assert count(Alert) == 1


def test_a_github_status_that_arrives_before_its_deployment_is_kept(client: FlaskClient) -> None:
    answer(
        deliver(
            client,
            "github",
            gh_deployment(state="success"),
            headers={"X-GitHub-Event": "deployment_status"},
        ),
        202,
    )
    answer(
        deliver(client, "github", gh_deployment(), headers={"X-GitHub-Event": "deployment"}), 200
    )
    deploy = db.session.scalar(select(Deploy))
    assert deploy.status is DeployStatus.SUCCESS


def test_a_github_redelivery_is_a_duplicate(client: FlaskClient) -> None:
    payload = gh_deployment(state="failure")
    headers = {"X-GitHub-Event": "deployment_status", "X-GitHub-Delivery": "72d3162e-cc78"}
    answer(deliver(client, "github", payload, headers=headers), 202)
    assert answer(deliver(client, "github", payload, headers=headers), 200)["status"] == "duplicate"
    assert count(Deploy) == 1


def test_pagerduty_events_apply_in_the_order_they_happened(client: FlaskClient) -> None:
    resolved = pd_event(
        event_id="E2", kind="incident.resolved", status="resolved", occurred="2026-11-24T23:10:00Z"
    )
    acknowledged = pd_event(
        event_id="E1",
        kind="incident.acknowledged",
        status="acknowledged",
        occurred="2026-11-24T22:35:00Z",
    )
    answer(deliver(client, "pagerduty", pd_event()), 202)
    answer(deliver(client, "pagerduty", resolved), 202)
    answer(deliver(client, "pagerduty", acknowledged), 200)  # late, older: changes nothing
    alert = db.session.scalar(select(Alert))
    assert alert.status is AlertStatus.RESOLVED
    reopened = pd_event(
        event_id="E3", kind="incident.reopened", status="triggered", occurred="2026-11-24T23:30:00Z"
    )
    answer(deliver(client, "pagerduty", reopened), 202)
    db.session.refresh(alert)
    assert alert.status is AlertStatus.FIRING
    assert alert.ended_at is None
    assert count(Alert) == 1


def test_a_generic_deploy_started_then_finished_is_one_record(client: FlaskClient) -> None:
    started = {
        "service": "checkout",
        "environment": "production",
        "version": "v2.3.1",
        "started_at": "2026-11-24T22:18:00+01:00",
    }
    answer(deliver(client, "deploys", started), 202)
    finished = {**started, "finished_at": "2026-11-24T22:21:00+01:00", "status": "succeeded"}
    answer(deliver(client, "deploys", finished), 202)
    answer(deliver(client, "deploys", started), 200)  # a retried "started" does not undo it
    deploy = db.session.scalar(select(Deploy))
    assert deploy.status is DeployStatus.SUCCESS
    assert deploy.utc_offset_minutes == 60
    assert deploy.started_at.isoformat() == "2026-11-24T21:18:00+00:00"


def test_concurrent_identical_deliveries_make_one_record(live_url: str) -> None:
    body = json.dumps(am_notification(am_alert(service="payments"))).encode()
    headers = {"Content-Type": "application/json", **auth_headers("alertmanager", body)}

    def post(_: int) -> int:
        return post_over_http(f"{live_url}/hooks/alertmanager", body, headers)

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(post, range(16)))
    assert sorted(set(statuses)) in ([200, 202], [202])
    assert statuses.count(202) == 1
    db.session.commit()
    assert count(Alert) == 1
    assert db.session.scalar(select(Alert)).service.name == "payments"


def test_the_senders_wall_clock_is_kept_for_weekday_and_hour_charts(client: FlaskClient) -> None:
    body = {
        "service": "checkout",
        "environment": "production",
        "started_at": "2026-11-29T23:30:00-08:00",
    }
    answer(deliver(client, "deploys", body), 202)
    deploy = db.session.scalar(select(Deploy))
    assert deploy.started_at.isoformat() == "2026-11-30T07:30:00+00:00"  # Monday in UTC
    assert deploy.local_started_at.strftime("%A %H:%M") == "Sunday 23:30"  # as deployed
