"""The real payloads the tools send (../shared/webhooks), delivered signed, become records."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.integrations.enums import AlertStatus, DeployStatus, Source
from app.integrations.models import Alert, Deploy
from tests.integrations.factories import make_integration
from tests.integrations.senders import answer, deliver, shared

AM = "alertmanager/alertmanager-0.25.0."


@pytest.fixture(autouse=True)
def every_source(app: Flask) -> None:
    for source in Source:
        make_integration(source.value)
    db.session.commit()


def alerts() -> list[Alert]:
    return list(db.session.scalars(select(Alert).order_by(Alert.started_at, Alert.dedupe_key)))


def by_key() -> dict[str, Alert]:
    return {a.dedupe_key: a for a in alerts()}


def test_alertmanager_firing_then_resolved_is_one_record_per_alert(client: FlaskClient) -> None:
    answer(deliver(client, "alertmanager", body=shared(AM + "firing.body.json")), 202)
    firing = alerts()
    assert [a.status for a in firing] == [AlertStatus.FIRING, AlertStatus.FIRING]
    assert {a.service.name for a in firing} == {"checkout"}
    assert firing[0].name == "HighErrorRate"
    assert firing[0].summary == "checkout 5xx ratio above 5% for 5m"
    assert firing[0].environment == "prod"
    assert firing[0].severity == "critical"
    assert firing[0].started_at == dt.datetime(2026, 11, 23, 1, 39, 12, tzinfo=dt.UTC)
    assert firing[0].ended_at is None
    assert firing[0].raw["alerts"][0]["fingerprint"] == "80858514cb5193a3"
    assert firing[0].raw["alerts"][0]["labels"]["instance"] == "checkout-7d9f-2:8080"
    assert firing[0].raw["receiver"] == "incident-review"

    answer(deliver(client, "alertmanager", body=shared(AM + "firing.basic-auth.body.json")), 200)
    answer(deliver(client, "alertmanager", body=shared(AM + "resolved.body.json")), 202)
    resolved = alerts()
    assert [a.id for a in resolved] == [a.id for a in firing]
    assert {a.status for a in resolved} == {AlertStatus.RESOLVED}
    assert resolved[0].ended_at == dt.datetime(2026, 11, 23, 1, 39, 19, tzinfo=dt.UTC)


def test_alertmanager_truncated_notifications_update_the_same_record(client: FlaskClient) -> None:
    answer(
        deliver(
            client,
            "alertmanager",
            body=shared(AM + "firing.bearer.max_alerts1-truncated.body.json"),
        ),
        202,
    )
    answer(
        deliver(
            client,
            "alertmanager",
            body=shared(AM + "resolved.bearer.max_alerts1-truncated.body.json"),
        ),
        202,
    )
    (only,) = alerts()
    assert only.status is AlertStatus.RESOLVED


def test_github_deployment_then_its_status_is_one_deploy(client: FlaskClient) -> None:
    body = shared("github/github-deployment.payload.json")
    answer(deliver(client, "github", body=body, headers={"X-GitHub-Event": "deployment"}), 202)
    status_body = shared("github/github-deployment_status.payload.json")
    answer(
        deliver(
            client, "github", body=status_body, headers={"X-GitHub-Event": "deployment_status"}
        ),
        202,
    )
    (deploy,) = db.session.scalars(select(Deploy))
    assert deploy.dedupe_key == "deployment:145988746"
    assert deploy.service.name == "hello-world"
    assert deploy.environment == "production"
    assert deploy.is_production
    assert deploy.status is DeployStatus.SUCCESS
    assert deploy.commit_sha == "f95f852bd8fca8fcc58a9a2d6c842781e32a215e"
    assert deploy.version == "master"
    assert deploy.deployer == "Codertocat"
    assert deploy.started_at == dt.datetime(2019, 5, 15, 15, 20, 53, tzinfo=dt.UTC)
    assert deploy.finished_at == dt.datetime(2019, 5, 15, 15, 20, 55, tzinfo=dt.UTC)
    assert deploy.utc_offset_minutes == 0
    # A redelivery of the older `deployment` event does not undo the status.
    answer(deliver(client, "github", body=body, headers={"X-GitHub-Event": "deployment"}), 200)
    assert db.session.scalar(select(Deploy.status)) is DeployStatus.SUCCESS


def test_github_pages_deploys_are_not_production(client: FlaskClient) -> None:
    body = shared("github/github-deployment_status.gh-pages.payload.json")
    answer(
        deliver(client, "github", body=body, headers={"X-GitHub-Event": "deployment_status"}), 202
    )
    (deploy,) = db.session.scalars(select(Deploy))
    assert deploy.environment == "github-pages"
    assert not deploy.is_production
    assert deploy.status is DeployStatus.IN_PROGRESS
    assert deploy.finished_at is None
    assert deploy.url.startswith("https://github.com/Codertocat/Hello-World/runs/")


def test_github_ping_is_answered_and_workflow_runs_are_ignored(client: FlaskClient) -> None:
    ping = answer(
        deliver(
            client,
            "github",
            body=shared("github/github-ping.payload.json"),
            headers={"X-GitHub-Event": "ping"},
        ),
        200,
    )
    assert ping["status"] == "ignored"
    assert "pong" in ping["reason"]
    body = shared("github/github-workflow_run.completed.payload.json")
    answer(deliver(client, "github", body=body, headers={"X-GitHub-Event": "workflow_run"}), 202)
    assert db.session.scalar(select(Deploy)) is None


def test_grafana_alerts_keep_their_original_offset(client: FlaskClient) -> None:
    answer(
        deliver(
            client, "grafana", body=shared("grafana/grafana-alerting-webhook.firing.payload.json")
        ),
        202,
    )
    first, second = alerts()
    assert first.name == "High memory usage"
    assert second.name == "High CPU usage"
    assert first.started_at == dt.datetime(2021, 10, 12, 7, 51, 3, 157076, tzinfo=dt.UTC)
    assert first.utc_offset_minutes == 120
    assert first.service is None  # no service label: kept, shown under no service
    assert first.url == "https://play.grafana.org/alerting/1afz29v7z/edit"


def test_pagerduty_incident_events_update_one_record_each(client: FlaskClient) -> None:
    answer(
        deliver(
            client,
            "pagerduty",
            body=shared("pagerduty/zulip-fixture.pagerduty-v3-incident.triggered.json"),
        ),
        202,
    )
    answer(
        deliver(
            client,
            "pagerduty",
            body=shared("pagerduty/zulip-fixture.pagerduty-v3-incident.resolved.json"),
        ),
        202,
    )
    answer(
        deliver(
            client,
            "pagerduty",
            body=shared("pagerduty/pagerduty-v3-incident.priority_updated.payload.json"),
        ),
        202,
    )
    found = by_key()
    triggered = found["incident:PFQZPSY"]
    resolved = found["incident:PCPZE64"]
    priority = found["incident:PGR0VU2"]
    assert triggered.dedupe_key == "incident:PFQZPSY"
    assert triggered.status is AlertStatus.FIRING
    assert triggered.service.name == "pig208"
    assert resolved.status is AlertStatus.RESOLVED
    assert resolved.ended_at == dt.datetime(2021, 6, 4, 13, 16, 53, 816000, tzinfo=dt.UTC)
    assert priority.service.name == "api-service"
    assert priority.severity == "P1"
    assert priority.started_at == dt.datetime(2020, 4, 9, 15, 16, 27, tzinfo=dt.UTC)
    again = deliver(
        client,
        "pagerduty",
        body=shared("pagerduty/zulip-fixture.pagerduty-v3-incident.resolved.json"),
    )
    assert answer(again, 200)["status"] == "duplicate"


def test_pagerduty_service_events_are_ignored(client: FlaskClient) -> None:
    body = shared("pagerduty/pagerduty-v3-service.updated.payload.json")
    assert answer(deliver(client, "pagerduty", body=body), 202)["status"] == "ignored"


def test_opsgenie_create_and_close(client: FlaskClient) -> None:
    answer(
        deliver(
            client, "opsgenie", body=shared("opsgenie/zulip-fixture.opsgenie-webhook.create.json")
        ),
        202,
    )
    answer(
        deliver(
            client, "opsgenie", body=shared("opsgenie/zulip-fixture.opsgenie-webhook.close.json")
        ),
        202,
    )
    found = by_key()
    created = found["alert:ec03dad6-62c8-4c94-b38b-d88f398e900f"]
    closed = found["alert:052652ac-5d1c-464a-812a-7dd18bbfba8c"]
    assert created.name == "another alert"
    assert created.service.name == "server"
    assert created.severity == "P3"
    assert created.status is AlertStatus.FIRING
    assert created.started_at == dt.datetime(2017, 8, 14, 11, 25, 56, 288000, tzinfo=dt.UTC)
    assert closed.status is AlertStatus.RESOLVED
    assert closed.service is None


@pytest.mark.parametrize(
    ("name", "resource", "key", "status"),
    [
        ("sentry-issue.created.payload.json", "issue", "issue:1170820242", AlertStatus.FIRING),
        (
            "sentry-event_alert.triggered.payload.json",
            "event_alert",
            "event:e4874d664c3540c1a32eab185f12c5ab",
            AlertStatus.FIRING,
        ),
        (
            "sentry-metric_alert.resolved.payload.json",
            "metric_alert",
            "metric_alert:4",
            AlertStatus.RESOLVED,
        ),
    ],
)
def test_sentry_resources(
    client: FlaskClient, name: str, resource: str, key: str, status: AlertStatus
) -> None:
    body = shared(f"sentry/{name}")
    answer(deliver(client, "sentry", body=body, headers={"Sentry-Hook-Resource": resource}), 202)
    (alert,) = alerts()
    assert alert.dedupe_key == key
    assert alert.status is status
    if resource != "metric_alert":
        assert alert.service.name == "front-end"


def test_sentry_resource_is_guessed_without_the_header(client: FlaskClient) -> None:
    answer(deliver(client, "sentry", body=shared("sentry/sentry-issue.created.payload.json")), 202)
    assert alerts()[0].name == "ReferenceError: blooopy is not defined"
