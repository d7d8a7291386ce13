"""Admins manage integrations in the UI and from the command line; secrets are shown once."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from app.catalog import queries as catalog_queries
from app.catalog import services as catalog
from app.extensions import db
from app.integrations.enums import Source
from app.integrations.models import Deploy, Integration
from tests.integrations.factories import make_deploy
from tests.integrations.payloads import am_notification
from tests.integrations.senders import answer, deliver

T0 = dt.datetime(2026, 11, 24, 22, 30, tzinfo=dt.UTC)


def create(client: FlaskClient, **fields: str):
    data = {f"new-{k}": v for k, v in fields.items()}
    return client.post("/integrations/", data=data)


def test_members_cannot_see_or_add_integrations(member_client: FlaskClient) -> None:
    assert member_client.get("/integrations/").status_code == 403
    assert create(member_client, source="github", secret="x" * 20).status_code == 403


def test_a_generated_secret_is_shown_once_with_the_address_and_a_snippet(
    admin_client: FlaskClient, app: Flask
) -> None:
    response = create(admin_client, source="alertmanager", name="prod cluster")
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    integration = db.session.scalar(select(Integration))
    assert integration.name == "prod cluster"
    assert integration.secret is None  # bearer sources keep only a salted hash
    secret = page.split('<code id="hook-secret">')[1].split("</code>")[0]
    assert len(secret) >= 40
    assert "http://127.0.0.1:5000/hooks/alertmanager" in page
    assert f"credentials: &#34;{secret}&#34;" in page  # the YAML snippet, quoted
    listing = admin_client.get("/integrations/").get_data(as_text=True)
    assert "prod cluster" in listing
    assert secret not in listing
    answer(deliver(admin_client, "alertmanager", am_notification(), secret=secret), 202)


def test_an_hmac_secret_is_kept_as_given_to_verify_signatures(
    admin_client: FlaskClient, app: Flask
) -> None:
    page = create(admin_client, source="github", secret="a-github-webhook-secret").get_data(
        as_text=True
    )
    assert "config[secret]=a-github-webhook-secret" in page
    assert db.session.scalar(select(Integration.secret)) == "a-github-webhook-secret"


def test_pagerduty_needs_its_own_secret_pasted(admin_client: FlaskClient, app: Flask) -> None:
    response = create(admin_client, source="pagerduty")
    assert response.status_code == 422
    assert "PagerDuty makes the signing secret itself" in response.get_data(as_text=True)


def test_short_secrets_are_refused(admin_client: FlaskClient, app: Flask) -> None:
    response = create(admin_client, source="grafana", secret="short")
    assert response.status_code == 422
    assert db.session.scalar(select(Integration)) is None


def test_disabling_an_integration_refuses_its_deliveries(
    admin_client: FlaskClient, app: Flask
) -> None:
    create(admin_client, source="deploys", secret="deploy-secret-123")
    integration = db.session.scalar(select(Integration))
    response = admin_client.post(f"/integrations/{integration.id}/disable", follow_redirects=True)
    assert "its deliveries are now refused" in response.get_data(as_text=True)
    body = {
        "service": "checkout",
        "environment": "production",
        "started_at": "2026-11-24T22:00:00Z",
    }
    assert deliver(admin_client, "deploys", body, secret="deploy-secret-123").status_code == 401


def test_mapping_a_tool_name_onto_a_service_moves_its_records(
    admin_client: FlaskClient, app: Flask
) -> None:
    catalog.create_service(name="api")
    make_deploy(service="API Service", started_at=T0)
    db.session.commit()
    api = db.session.scalar(select(Deploy)).service
    assert api.name == "api-service"
    services = {s.name: s.id for s in catalog_queries.services()}
    response = admin_client.post(
        "/integrations/aliases",
        data={"alias-name": "API Service", "alias-service_id": services["api"]},
        follow_redirects=True,
    )
    assert "&#39;api-service&#39; now means api." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(Deploy)).service.name == "api"
    make_deploy(service="API Service", started_at=T0 + dt.timedelta(hours=1))
    assert {d.service.name for d in db.session.scalars(select(Deploy))} == {"api"}


def test_cli_creates_an_integration(runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=[
            "integrations",
            "create",
            "github",
            "--secret",
            "cli-secret-123",
            "--name",
            "monorepo",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Created GitHub integration" in result.output
    assert "/hooks/github" in result.output
    integration = db.session.scalar(select(Integration))
    assert integration.source is Source.GITHUB
    assert integration.name == "monorepo"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nagios", "--secret", "cli-secret-123"], "Unknown source 'nagios'"),
        (["github"], "Give the secret with --secret SECRET."),
        (["github", "--secret", "short"], "A secret needs 8 to 500"),
    ],
)
def test_cli_errors_are_one_clear_line(
    runner: FlaskCliRunner, args: list[str], message: str
) -> None:
    result = runner.invoke(args=["integrations", "create", *args])
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert message in lines[0]
