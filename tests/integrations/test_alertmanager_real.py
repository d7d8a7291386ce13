"""The real Prometheus Alertmanager notifies Hindsight: firing, then resolved, as one record.

Starts the Debian package's binary on loopback with a webhook receiver pointing at the app
served on loopback, authenticated by bearer token and by basic auth (one integration each).
Never skipped: a missing binary fails with a clear message (`.ci/system-deps` installs it).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts.models import User
from app.catalog import services as catalog
from app.extensions import db
from app.incidents.enums import EntryKind, Milestone
from app.integrations.enums import AlertStatus
from app.integrations.models import Alert, Deploy, Integration
from tests.factories.incidents import make_entry, make_incident
from tests.integrations.alertmanager import ROUTE, call, prometheus_alert, running, wait_for
from tests.integrations.factories import make_integration
from tests.integrations.payloads import gh_deployment
from tests.integrations.senders import auth_headers, post_over_http

BEARER, PASSWORD = "am-bearer-secret-for-tests", "am-basic-secret-for-tests"
MINUTE = dt.timedelta(minutes=1)
RECEIVERS = """receivers:
  - name: hindsight
    webhook_configs:
      - url: {url}/hooks/alertmanager
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: {bearer}
      - url: {url}/hooks/alertmanager
        send_resolved: true
        http_config:
          basic_auth:
            username: alertmanager
            password: {password}
"""


@pytest.fixture
def start_alertmanager(live_url: str, tmp_path: Path) -> Iterator[Callable[[str, str], str]]:
    """Start the real Alertmanager against the live app with these secrets; return its URL."""
    with ExitStack() as stack:

        def start(bearer: str, password: str) -> str:
            config = ROUTE + RECEIVERS.format(url=live_url, bearer=bearer, password=password)
            return stack.enter_context(running(config, tmp_path))

        yield start


def stored() -> list[Alert]:
    db.session.rollback()  # a fresh snapshot: the server's threads wrote these
    return list(db.session.scalars(select(Alert)))


def test_real_alertmanager_firing_then_resolved_arrive_authenticated_as_one_record(
    app: Flask, start_alertmanager: Callable[[str, str], str]
) -> None:
    bearer = make_integration("alertmanager", secret=BEARER, name="bearer")
    basic = make_integration("alertmanager", secret=PASSWORD, name="basic auth")
    db.session.commit()
    alertmanager = start_alertmanager(BEARER, PASSWORD)
    starts = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(minutes=2)
    alert = {
        "labels": {
            "alertname": "CheckoutErrorRateHigh",
            "service": "checkout",
            "env": "prod",
            "severity": "page",
        },
        "annotations": {"summary": "5xx ratio above 5% for 5 minutes"},
        "startsAt": starts.isoformat().replace("+00:00", "Z"),
        "generatorURL": "http://prometheus.invalid/graph?g0.expr=errors",
    }
    assert call(f"{alertmanager}/api/v2/alerts", [alert]) == 200

    wait_for(lambda: any(a.status is AlertStatus.FIRING for a in stored()), "the firing alert")
    (firing,) = stored()
    assert firing.name == "CheckoutErrorRateHigh"
    assert firing.service.name == "checkout"
    assert firing.started_at == starts
    assert firing.raw["receiver"] == "hindsight"

    ends = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(seconds=1)
    resolve = {**alert, "endsAt": ends.isoformat().replace("+00:00", "Z")}
    assert call(f"{alertmanager}/api/v2/alerts", [resolve]) == 200

    wait_for(lambda: all(a.status is AlertStatus.RESOLVED for a in stored()), "the resolution")
    (resolved,) = stored()
    assert resolved.id == firing.id
    assert resolved.ended_at == ends
    # Both webhook configs delivered, each authenticated with its own integration's secret.
    delivered = {i.name: i.last_delivery_at for i in db.session.scalars(select(Integration))}
    assert delivered[bearer.name] is not None
    assert delivered[basic.name] is not None


def secret_on(page: str) -> str:
    return page.split('<code id="hook-secret">')[1].split("</code>")[0]


def test_done_when_a_new_admin_connects_alertmanager_and_github_and_confirms_the_deploy(
    app: Flask,
    admin_client: FlaskClient,
    live_url: str,
    start_alertmanager: Callable[[str, str], str],
) -> None:
    # An admin adds both integrations in the UI and copies the secrets shown once.
    created = admin_client.post("/integrations/", data={"new-source": "alertmanager"})
    am_secret = secret_on(created.get_data(as_text=True))
    created = admin_client.post(
        "/integrations/", data={"new-source": "github", "new-secret": "gh-webhook-secret-42"}
    )
    assert secret_on(created.get_data(as_text=True)) == "gh-webhook-secret-42"

    catalog.create_service(name="checkout")
    owner = db.session.scalar(select(User))
    incident = make_incident(owner, services_=["checkout"], title="Checkout returned errors")
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(minutes=20)
    make_entry(incident, owner, at=start, milestone=Milestone.STARTED, body="Errors began.")
    db.session.commit()

    # GitHub sends a signed deployment and its success status, 12 minutes before the start.
    deployed = (start - dt.timedelta(minutes=12)).isoformat().replace("+00:00", "Z")
    for event, state in (("deployment", None), ("deployment_status", "success")):
        payload = gh_deployment(created=deployed, status_created=deployed, state=state)
        body = json.dumps(payload).encode()
        headers = {
            "Content-Type": "application/json",
            "X-GitHub-Event": event,
            **auth_headers("github", body, "gh-webhook-secret-42"),
        }
        assert post_over_http(f"{live_url}/hooks/github", body, headers) == 202

    # The real Alertmanager notifies about an alert that fired a minute after the start.
    alertmanager = start_alertmanager(am_secret, am_secret)
    assert call(f"{alertmanager}/api/v2/alerts", [prometheus_alert(start + MINUTE)]) == 200
    wait_for(lambda: bool(stored()), "the alert from Alertmanager")

    page = admin_client.get(f"/incidents/{incident.ref}").get_data(as_text=True)
    assert "checkout v2.3.1 to production 12 minutes before the start" in page
    assert "CheckoutErrorRateHigh on checkout fired 1 minute after the start" in page

    deploy = db.session.scalar(select(Deploy))
    confirmed = admin_client.post(
        f"/incidents/{incident.ref}/changes/deploy/{deploy.id}",
        data={"relation": "suspected_trigger"},
        follow_redirects=True,
    )
    assert "Marked as a suspected trigger and added to the timeline." in confirmed.get_data(
        as_text=True
    )
    db.session.expire_all()
    (entry,) = [e for e in incident.timeline if e.kind is EntryKind.DEPLOY]
    assert entry.source == "github"
    assert entry.author.email == "ada@example.com"
