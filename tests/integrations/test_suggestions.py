"""Deploys before the start and alerts during the incident, scored and explained in plain words."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask

from app.accounts.models import User
from app.catalog import services as catalog
from app.errors import NotFound
from app.extensions import db
from app.incidents.enums import Milestone, Visibility
from app.integrations.enums import AlertStatus, DeployStatus
from app.integrations.queries import candidates, deploy_window
from tests.factories.accounts import make_user
from tests.factories.incidents import T0, make_entry, make_incident
from tests.integrations.factories import make_alert, make_deploy

MIN = dt.timedelta(minutes=1)


@pytest.fixture
def incident(app: Flask, member: User):
    team = catalog.create_team(name="Payments")
    catalog.create_service(name="checkout", team=team)
    catalog.create_service(name="ledger", team=team)
    catalog.create_service(name="search")
    found = make_incident(member, services_=["checkout"], team="Payments")
    make_entry(found, member, at=T0, milestone=Milestone.STARTED, body="Checkout errors began.")
    make_entry(
        found, member, at=T0 + 40 * MIN, milestone=Milestone.RESOLVED, body="Back to normal."
    )
    db.session.commit()
    return found


def reasons(found) -> list[str]:
    return [c.reason for c in found]


def test_a_deploy_just_before_the_start_is_suggested_with_its_reason(
    incident, member: User
) -> None:
    make_deploy(service="checkout", version="v2.3.1", started_at=T0 - 12 * MIN)
    (only,) = candidates(member, incident)
    assert only.kind == "deploy"
    assert only.reason == "checkout v2.3.1 to production 12 minutes before the start"
    assert 90 <= only.score <= 100


def test_production_comes_first_then_closer_and_same_service_score_higher(
    incident, member: User
) -> None:
    staging = make_deploy(service="checkout", environment="staging", started_at=T0 - 2 * MIN)
    far = make_deploy(service="checkout", version="v2.2.0", started_at=T0 - 5 * 60 * MIN)
    near = make_deploy(service="checkout", version="v2.3.1", started_at=T0 - 12 * MIN)
    sibling = make_deploy(service="ledger", version="v9", started_at=T0 - 12 * MIN)
    make_deploy(service="search", started_at=T0 - 12 * MIN)  # another team's service: not suggested
    found = candidates(member, incident)
    assert [c.record.id for c in found] == [near.id, sibling.id, far.id, staging.id]
    scores = {c.record.id: c.score for c in found}
    assert scores[near.id] > scores[sibling.id] > scores[far.id]
    assert found[1].reason.endswith("; ledger shares a team with checkout")
    assert found[2].reason == "checkout v2.2.0 to production 5 hours before the start"


def test_the_window_is_configurable(incident, member: User, app: Flask) -> None:
    make_deploy(service="checkout", started_at=T0 - 30 * 60 * MIN)
    assert candidates(member, incident) == []
    app.config["DEPLOY_WINDOW_HOURS"] = "48"
    try:
        assert deploy_window() == dt.timedelta(hours=48)
        assert len(candidates(member, incident)) == 1
    finally:
        app.config.pop("DEPLOY_WINDOW_HOURS")
    assert deploy_window() == dt.timedelta(hours=24)


def test_the_window_falls_back_to_a_day_when_misconfigured(app: Flask, monkeypatch) -> None:
    for junk in ("a day", "nan", "inf"):
        monkeypatch.setenv("DEPLOY_WINDOW_HOURS", junk)
        assert deploy_window() == dt.timedelta(hours=24)
    monkeypatch.setenv("DEPLOY_WINDOW_HOURS", "6")
    assert deploy_window() == dt.timedelta(hours=6)


def test_deploys_after_the_start_count_only_just_after(incident, member: User) -> None:
    make_deploy(service="checkout", version="v2.3.2", started_at=T0 + 3 * MIN)
    make_deploy(service="checkout", version="v2.3.3", started_at=T0 + 20 * MIN)
    (only,) = candidates(member, incident)
    assert only.reason == "checkout v2.3.2 to production 3 minutes after the start"


def test_failed_and_unfinished_deploys_say_so(incident, member: User) -> None:
    make_deploy(
        service="checkout", version="v1", started_at=T0 - 3 * MIN, status=DeployStatus.FAILURE
    )
    make_deploy(
        service="checkout", version="v2", started_at=T0 - 2 * MIN, status=DeployStatus.IN_PROGRESS
    )
    texts = reasons(candidates(member, incident))
    assert "checkout v1 to production 3 minutes before the start, which ended in failure" in texts
    assert (
        "checkout v2 to production 2 minutes before the start, still in progress at the last update"
        in texts
    )


def test_reasons_are_about_changes_never_people(incident, member: User) -> None:
    make_deploy(service="checkout", started_at=T0 - 12 * MIN, deployer="priya")
    make_alert(service="checkout", started_at=T0 + MIN)
    for candidate in candidates(member, incident):
        assert "priya" not in candidate.reason
        assert " by " not in candidate.reason


def test_alerts_overlapping_the_incident_are_suggested(incident, member: User) -> None:
    make_alert(
        service="checkout", name="ErrorRate", started_at=T0 - 3 * MIN, ended_at=T0 + 38 * MIN
    )
    make_alert(service="checkout", name="StillFiring", started_at=T0 + 5 * MIN)
    make_alert(
        service="checkout", name="Acked", started_at=T0 + 6 * MIN, status=AlertStatus.ACKNOWLEDGED
    )
    make_alert(
        service="checkout", name="LongBefore", started_at=T0 - 300 * MIN, ended_at=T0 - 200 * MIN
    )
    make_alert(service="checkout", name="After", started_at=T0 + 90 * MIN)
    make_alert(service="search", name="Elsewhere", started_at=T0)
    found = candidates(member, incident)
    assert [c.record.name for c in found] == ["ErrorRate", "StillFiring", "Acked"]
    assert found[0].reason == (
        "ErrorRate on checkout fired 3 minutes before the start and resolved after 41 minutes"
    )
    assert found[1].reason.endswith(
        "fired 5 minutes after the start and had not resolved at the last update"
    )
    assert found[2].reason.endswith("and was acknowledged")


def test_an_incident_without_services_sees_every_nearby_deploy_with_a_caveat(
    member: User, app: Flask
) -> None:
    incident = make_incident(member)
    make_entry(incident, member, at=T0, milestone=Milestone.STARTED)
    make_deploy(service="search", started_at=T0 - 12 * MIN)
    (only,) = candidates(member, incident)
    assert only.reason.endswith("; the incident names no services yet")
    assert only.score < 50


def test_without_a_start_nothing_is_suggested(member: User, app: Flask) -> None:
    incident = make_incident(member, services_=[])
    make_deploy(service="checkout", started_at=T0)
    assert candidates(member, incident) == []


def test_restricted_incidents_have_no_candidates_for_outsiders(member: User, app: Flask) -> None:
    incident = make_incident(member, visibility=Visibility.RESTRICTED)
    outsider = make_user(name="Out Sider")
    with pytest.raises(NotFound):
        candidates(outsider, incident)
