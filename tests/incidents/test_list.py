"""The incident list: newest first, filters, pagination, helpful empty states."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient

from app.accounts.models import User
from app.catalog import services as catalog
from app.extensions import db
from app.incidents.enums import Milestone, Severity, Status
from tests.factories.incidents import make_entry, make_incident, make_service


def test_empty_list_invites_the_first_review(member_client: FlaskClient) -> None:
    page = member_client.get("/incidents/").get_data(as_text=True)
    assert "No incident reviews yet" in page
    assert "Start the first review" in page


def test_filters_narrow_by_status_severity_service_and_team(
    member_client: FlaskClient, member: User
) -> None:
    make_service("checkout", team="Payments")
    make_service("search")
    catalog.create_team(name="Discovery")
    a = make_incident(
        member, title="Alpha", severity=Severity.SEV1, services_=["checkout"], team="Payments"
    )
    make_incident(
        member, title="Bravo", severity=Severity.SEV3, services_=["search"], team="Discovery"
    )
    a.status = Status.PUBLISHED
    db.session.commit()

    def titles(query: str) -> set[str]:
        page = member_client.get(f"/incidents/?{query}").get_data(as_text=True)
        return {t for t in ("Alpha", "Bravo") if f"</span> {t}</a>" in page}

    assert titles("") == {"Alpha", "Bravo"}
    assert titles("status=published") == {"Alpha"}
    assert titles("severity=SEV3") == {"Bravo"}
    assert titles("service=checkout") == {"Alpha"}
    assert titles("team=Discovery") == {"Bravo"}
    assert titles("team=Discovery&severity=SEV1") == set()
    assert "No incidents match these filters" in member_client.get(
        "/incidents/?team=Discovery&severity=SEV1"
    ).get_data(as_text=True)


def test_list_is_newest_first_and_paginated(member_client: FlaskClient, member: User) -> None:
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for n in range(25):
        incident = make_incident(member, title=f"Incident number {n:02d}")
        make_entry(incident, member, at=start + dt.timedelta(days=n), milestone=Milestone.STARTED)
    db.session.commit()
    first = member_client.get("/incidents/").get_data(as_text=True)
    assert "Page 1 of 2" in first
    assert first.index("Incident number 24") < first.index("Incident number 23")
    assert "Incident number 04" not in first
    second = member_client.get("/incidents/?page=2").get_data(as_text=True)
    assert "Incident number 04" in second
    assert "Incident number 00" in second


def test_nonsense_page_numbers_do_not_break_the_list(member_client: FlaskClient) -> None:
    for query in ("page=abc", "page=-3", "page=99999", "per_page=100000", "severity=<b>"):
        assert member_client.get(f"/incidents/?{query}").status_code == 200
