"""Service pages put deploys, alerts and incidents together; the noise report finds flaky alerts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from freezegun import freeze_time

from app.accounts.models import User
from app.catalog import services as catalog
from app.extensions import db
from app.incidents.enums import Milestone, Visibility
from app.integrations import links
from app.integrations.enums import AlertStatus, Relation
from tests.factories.incidents import T0, make_entry, make_incident
from tests.integrations.factories import make_alert, make_deploy

MIN = dt.timedelta(minutes=1)
DAY = dt.timedelta(days=1)


def incident_at(owner: User, when: dt.datetime, **kwargs):
    found = make_incident(owner, services_=["checkout"], **kwargs)
    make_entry(found, owner, at=when, milestone=Milestone.STARTED, body="Errors began.")
    make_entry(found, owner, at=when + 30 * MIN, milestone=Milestone.RESOLVED, body="Recovered.")
    return found


@pytest.fixture
def checkout(app: Flask) -> None:
    catalog.create_service(name="checkout")
    db.session.commit()


def test_the_service_page_shows_deploys_alerts_and_incidents(
    member_client: FlaskClient, member: User, checkout
) -> None:
    earlier = incident_at(member, T0 - 10 * DAY, title="Checkout timeouts in October")
    now = incident_at(member, T0)
    make_alert(
        service="checkout",
        name="ErrorRate",
        started_at=T0 - 10 * DAY + 2 * MIN,
        ended_at=T0 - 10 * DAY + 20 * MIN,
    )
    make_alert(service="checkout", name="ErrorRate", started_at=T0 + MIN, ended_at=T0 + 25 * MIN)
    make_deploy(
        service="checkout", version="v2.3.1", started_at=T0 - 12 * MIN, deployer="release-bot"
    )
    db.session.commit()
    page = member_client.get("/services/checkout").get_data(as_text=True)
    assert "v2.3.1" in page
    assert "deployed by release-bot" in page
    assert f'Fired during <a href="/incidents/{now.ref}">{now.ref}</a>' in page
    assert f'Also fired during <a href="/incidents/{earlier.ref}">{earlier.ref}</a>' in page
    assert "Checkout timeouts in October" in page


def test_restricted_incidents_stay_hidden_from_outsiders(
    client: FlaskClient, member: User, admin: User, checkout
) -> None:
    from tests.conftest import sign_in

    secret = incident_at(
        admin, T0 - 10 * DAY, title="Card data exposure", visibility=Visibility.RESTRICTED
    )
    incident_at(member, T0)
    make_alert(
        service="checkout",
        name="ErrorRate",
        started_at=T0 - 10 * DAY + 2 * MIN,
        ended_at=T0 - 10 * DAY + 9 * MIN,
    )
    make_alert(service="checkout", name="ErrorRate", started_at=T0 + MIN, ended_at=T0 + 9 * MIN)
    db.session.commit()
    page = sign_in(client, member).get("/services/checkout").get_data(as_text=True)
    assert secret.ref not in page
    assert "Card data exposure" not in page
    assert "Also fired during" not in page
    admin_page = sign_in(client, admin).get("/services/checkout").get_data(as_text=True)
    assert f'Also fired during <a href="/incidents/{secret.ref}">{secret.ref}</a>' in admin_page


def test_an_unknown_service_is_404(member_client: FlaskClient) -> None:
    assert member_client.get("/services/nothing-here").status_code == 404


def week(page: str, name: str) -> str:
    return page.split(f'aria-labelledby="week-{name}"')[1].split("</section>")[0]


@freeze_time(T0 + 2 * DAY)
def test_the_noise_report_lists_self_resolving_alerts_by_week(
    member_client: FlaskClient, member: User, checkout
) -> None:
    for day in (0, 1, 8):
        make_alert(
            service="checkout",
            name="Flappy",
            started_at=T0 - day * DAY,
            ended_at=T0 - day * DAY + 3 * MIN,
        )
    make_alert(
        service="checkout", name="Slow", started_at=T0, ended_at=T0 + 90 * MIN
    )  # lasted: not noise
    make_alert(
        service="checkout",
        name="Acked",
        started_at=T0,
        ended_at=T0 + 2 * MIN,
        acknowledged_at=T0 + MIN,
        status=AlertStatus.RESOLVED,
    )
    linked = make_alert(service="checkout", name="Real", started_at=T0, ended_at=T0 + 2 * MIN)
    incident = incident_at(member, T0)
    links.decide(
        actor=member,
        incident=incident,
        kind="alert",
        record_id=linked.id,
        relation=Relation.RELATED,
    )
    db.session.commit()
    page = member_client.get("/alerts/noise", query_string={"minutes": 10}).get_data(as_text=True)
    assert "2026-W48" in page
    assert "2026-W47" in page
    assert "Flappy" in page
    for quiet in ("Slow", "Acked", "Real"):
        assert f"<td>{quiet}</td>" not in page
    assert re.search(
        r"<td>Flappy</td><td>.*?checkout</a></td><td>Prometheus Alertmanager</td><td>2</td>",
        week(page, "2026-W48"),
    )
    assert re.search(r"<td>Flappy</td><td>.*?</td><td>1</td>", week(page, "2026-W47"))


def test_the_noise_report_narrows_to_a_service(member_client: FlaskClient, checkout) -> None:
    with freeze_time(T0 + DAY):
        make_alert(service="search", name="Other", started_at=T0, ended_at=T0 + MIN)
        db.session.commit()
        page = member_client.get("/alerts/noise", query_string={"service": "checkout"}).get_data(
            as_text=True
        )
    assert "No self-resolving alerts" in page
