"""The real Prometheus Alertmanager notifies Hindsight: firing, then resolved, as one record.

Starts the Debian package's binary on loopback with a webhook receiver pointing at the app
served on loopback, authenticated by bearer token and by basic auth (one integration each).
Never skipped: a missing binary fails with a clear message (`.ci/system-deps` installs it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
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
from tests.integrations.factories import make_integration
from tests.integrations.payloads import gh_deployment
from tests.integrations.senders import auth_headers, post_over_http

BINARY = Path(os.environ.get("HINDSIGHT_ALERTMANAGER", "/usr/bin/prometheus-alertmanager"))
BEARER, PASSWORD = "am-bearer-secret-for-tests", "am-basic-secret-for-tests"
WAIT = 30.0
MINUTE = dt.timedelta(minutes=1)
CONFIG = """
route:
  receiver: hindsight
  group_by: ['alertname', 'service']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 2s
receivers:
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(url: str, payload: object | None = None) -> int:
    data = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(  # noqa: S310 - a loopback http:// address we built
        url, data=data, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - same
        return response.status


@pytest.fixture
def start_alertmanager(live_url: str, tmp_path: Path) -> Iterator[Callable[[str, str], str]]:
    """Start the real Alertmanager against the live app with these secrets; return its URL."""
    if not BINARY.is_file():
        pytest.fail(
            f"Prometheus Alertmanager not found at {BINARY}. This test runs the real one: "
            "install the Debian package (bash .ci/system-deps, or apt-get install "
            "prometheus-alertmanager), or point HINDSIGHT_ALERTMANAGER at the binary.",
            pytrace=False,
        )
    processes: list[subprocess.Popen] = []

    def start(bearer: str, password: str) -> str:
        config = tmp_path / "alertmanager.yml"
        config.write_text(CONFIG.format(url=live_url, bearer=bearer, password=password))
        port, log = free_port(), tmp_path / "alertmanager.log"
        with log.open("wb") as out:
            processes.append(
                subprocess.Popen(  # noqa: S603 - a fixed binary with our own arguments
                    [
                        str(BINARY),
                        f"--config.file={config}",
                        f"--storage.path={tmp_path / 'data'}",
                        f"--web.listen-address=127.0.0.1:{port}",
                        "--cluster.listen-address=",
                        "--log.level=debug",
                    ],
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
        address = f"http://127.0.0.1:{port}"
        wait_for(lambda: _ready(address), "Alertmanager to start", log)
        return address

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _ready(address: str) -> bool:
    try:
        return call(f"{address}/-/ready") == 200
    except (urllib.error.URLError, ConnectionError):
        return False


def wait_for(check: Callable[[], bool], what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    tail = log.read_text()[-3000:] if log and log.exists() else ""
    pytest.fail(f"Timed out after {WAIT:.0f} s waiting for {what}.\n{tail}", pytrace=False)


def prometheus_alert(starts: dt.datetime) -> dict[str, object]:
    """An alert as Prometheus posts it to Alertmanager's API v2."""
    return {
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
