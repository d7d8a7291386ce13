"""Drafting a review through the pages: basics, timeline, factors, actions, sections."""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.incidents.enums import ActionStatus, Status
from app.incidents.models import ActionItem, Incident
from tests.factories.incidents import make_entry, make_incident, make_service

UTC = dt.UTC


def incident(ref: str = "INC-0001") -> Incident:
    db.session.commit()  # end the test's read snapshot so the request's writes are visible
    return db.session.scalar(select(Incident).where(Incident.ref == ref))


def test_creating_a_review_starts_a_draft_owned_by_its_author(
    member_client: FlaskClient, member: User
) -> None:
    make_service("checkout")
    db.session.commit()
    response = member_client.post(
        "/incidents/new",
        data={
            "title": "Checkout errors after a pool change",
            "severity": "SEV2",
            "services": ["checkout"],
            "tags": "database, Config Change",
            "visibility": "internal",
        },
    )
    assert response.status_code == 302
    assert response.location == "/incidents/INC-0001/edit/timeline"
    created = incident()
    assert created.status is Status.DRAFT
    assert created.owner_id == member.id
    assert [s.name for s in created.services] == ["checkout"]
    assert [t.name for t in created.tags] == ["config-change", "database"]


def test_refs_count_up(member_client: FlaskClient, member: User) -> None:
    for title in ("First", "Second"):
        member_client.post(
            "/incidents/new", data={"title": title, "severity": "SEV3", "visibility": "internal"}
        )
    assert incident("INC-0002").title == "Second"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "severity": "SEV2"}, b"Give the incident a title."),
        ({"title": "Kept title", "severity": "SEV9"}, b"Not a valid choice"),
        ({"title": "x" * 200_000, "severity": "SEV2"}, b"200 characters"),
    ],
    ids=["empty-title", "unknown-severity", "huge-title"],
)
def test_bad_basics_are_refused_next_to_the_field_and_nothing_is_lost(
    member_client: FlaskClient, data: dict, message: bytes
) -> None:
    data = {"visibility": "internal", "tags": "kept-tag", **data}
    response = member_client.post("/incidents/new", data=data)
    assert response.status_code == 422
    assert message in response.data
    assert b'value="kept-tag"' in response.data
    assert db.session.scalar(select(Incident)) is None


def test_timeline_times_are_read_in_the_writers_zone_and_stored_in_utc(
    member_client: FlaskClient, member: User
) -> None:
    make_incident(member)
    db.session.commit()
    response = member_client.post(
        "/incidents/INC-0001/edit/timeline",
        data={"occurred_at": "2026-11-24T23:30", "kind": "note", "body": "Latency rose."},
    )
    assert response.status_code == 302
    (entry,) = incident().timeline
    assert entry.occurred_at == dt.datetime(2026, 11, 24, 22, 30, tzinfo=UTC)  # Berlin is UTC+1
    assert entry.author_id == member.id


def test_timeline_is_sorted_by_time_and_dated_across_days(
    member_client: FlaskClient, member: User
) -> None:
    review = make_incident(member)
    make_entry(review, member, at=dt.datetime(2026, 11, 25, 1, 0, tzinfo=UTC), body="Third")
    make_entry(review, member, at=dt.datetime(2026, 11, 24, 21, 0, tzinfo=UTC), body="First")
    make_entry(review, member, at=dt.datetime(2026, 11, 24, 23, 30, tzinfo=UTC), body="Second")
    db.session.commit()
    page = member_client.get("/incidents/INC-0001").get_data(as_text=True)
    assert page.index("First") < page.index("Second") < page.index("Third")
    # In Berlin, 23:30 UTC on the 24th is already the 25th.
    assert "Tuesday 24 November 2026" in page
    assert "Wednesday 25 November 2026" in page
    assert page.index("Tuesday 24 November") < page.index("First")
    assert page.index("Second") > page.index("Wednesday 25 November")


def test_unparseable_time_is_refused_and_the_text_is_kept(
    member_client: FlaskClient, member: User
) -> None:
    make_incident(member)
    db.session.commit()
    response = member_client.post(
        "/incidents/INC-0001/edit/timeline",
        data={"occurred_at": "yesterday-ish", "kind": "note", "body": "Paged the on-call."},
    )
    assert response.status_code == 422
    assert b"Enter a date and time like 2026-11-25 14:05." in response.data
    assert b"Paged the on-call." in response.data
    assert incident().timeline == []


def test_milestones_set_key_times_and_durations(member_client: FlaskClient, member: User) -> None:
    make_incident(member)
    db.session.commit()
    for when, milestone in [
        ("2026-11-24T22:00", "started"),
        ("2026-11-24T22:25", "detected"),
        ("2026-11-25T00:30", "resolved"),
    ]:
        member_client.post(
            "/incidents/INC-0001/edit/timeline",
            data={"occurred_at": when, "kind": "note", "milestone": milestone, "body": milestone},
        )
    stored = incident()
    assert stored.started_at == dt.datetime(2026, 11, 24, 21, 0, tzinfo=UTC)
    assert stored.resolved_at == dt.datetime(2026, 11, 24, 23, 30, tzinfo=UTC)
    page = member_client.get("/incidents/INC-0001").get_data(as_text=True)
    assert "25 min" in page
    assert "2 h 30 min" in page


def test_removing_a_milestone_entry_clears_its_key_time(
    member_client: FlaskClient, member: User
) -> None:
    from app.incidents.enums import Milestone

    review = make_incident(member)
    entry = make_entry(review, member, milestone=Milestone.DETECTED)
    db.session.commit()
    assert review.detected_at is not None
    member_client.post(f"/incidents/INC-0001/timeline/{entry.id}/delete")
    assert incident().detected_at is None


def test_editing_an_entry_shows_it_in_the_editors_zone(
    member_client: FlaskClient, member: User
) -> None:
    review = make_incident(member)
    entry = make_entry(review, member, at=dt.datetime(2026, 11, 24, 23, 30, tzinfo=UTC))
    db.session.commit()
    page = member_client.get(f"/incidents/INC-0001/timeline/{entry.id}").get_data(as_text=True)
    assert 'value="2026-11-25T00:30"' in page


def test_contributing_factors_are_several_and_categorised(
    member_client: FlaskClient, member: User
) -> None:
    make_incident(member)
    db.session.commit()
    for category in ("change", "monitoring_gap"):
        response = member_client.post(
            "/incidents/INC-0001/edit/factors",
            data={"category": category, "description": f"About {category}."},
        )
        assert response.status_code == 302
    page = member_client.get("/incidents/INC-0001").get_data(as_text=True)
    assert "Change" in page
    assert "Monitoring gap" in page
    assert "root cause" not in page.lower()


def _action(**overrides: str) -> dict[str, str]:
    return {
        "title": "Add a saturation alert",
        "kind": "detect",
        "priority": "P1",
        "status": "open",
        "due_date": "2026-12-31",
        **overrides,
    }


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"due_date": "31/31/2026"}, b"Enter a date like 2026-12-31."),
        ({"tracker_url": "javascript:alert(1)"}, b"Use an http:// or https:// link."),
        ({"tracker_url": "ftp://files.example/x"}, b"Use an http:// or https:// link."),
        ({"status": "wont_do"}, b"Say why this will not be done."),
        ({"title": ""}, b"Say what will change, verb first."),
    ],
    ids=["nonsense-date", "javascript-url", "ftp-url", "wont-do-without-reason", "no-title"],
)
def test_bad_action_items_are_refused_and_the_form_keeps_its_values(
    member_client: FlaskClient, member: User, overrides: dict, field_message: bytes
) -> None:
    make_incident(member)
    db.session.commit()
    data = _action(description="Keep this description.", **overrides)
    response = member_client.post("/incidents/INC-0001/edit/actions", data=data)
    assert response.status_code == 422
    assert field_message in response.data
    assert b"Keep this description." in response.data
    assert db.session.scalar(select(ActionItem)) is None


def test_completing_an_action_records_when(member_client: FlaskClient, member: User) -> None:
    from freezegun import freeze_time

    make_incident(member)
    db.session.commit()
    member_client.post("/incidents/INC-0001/edit/actions", data=_action(owner=str(member.id)))
    db.session.commit()
    item = db.session.scalar(select(ActionItem))
    with freeze_time("2026-12-01 09:30:00"):
        member_client.post(
            f"/incidents/INC-0001/actions/{item.id}",
            data=_action(owner=str(member.id), status="done", version=str(item.version)),
        )
    db.session.commit()
    item = db.session.scalar(select(ActionItem))
    assert item.status is ActionStatus.DONE
    assert item.completed_at == dt.datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    assert item.owner_id == member.id


def test_learnings_and_summary_steps_save_markdown_sections(
    member_client: FlaskClient, member: User
) -> None:
    make_incident(member)
    db.session.commit()
    version = str(incident().version)
    response = member_client.post(
        "/incidents/INC-0001/edit/learnings",
        data={"went_well": "- Rollback took 3 minutes", "version": version},
    )
    assert response.location == "/incidents/INC-0001/edit/summary"
    response = member_client.post(
        "/incidents/INC-0001/edit/summary",
        data={
            "summary": "Checkout failed.",
            "impact": "4% of orders",
            "version": str(int(version) + 1),
        },
    )
    assert response.location == "/incidents/INC-0001"
    page = member_client.get("/incidents/INC-0001").get_data(as_text=True)
    assert "<li>Rollback took 3 minutes</li>" in page
    assert "4% of orders" in page


def test_unknown_ref_gives_a_friendly_404(member_client: FlaskClient) -> None:
    response = member_client.get("/incidents/INC-9999")
    assert response.status_code == 404
    assert b"There is nothing at this address" in response.data
    assert b"Back to incidents" in response.data


def test_only_owner_or_admin_can_delete_a_review(
    member_client: FlaskClient, member: User, admin: User
) -> None:
    make_incident(admin)
    db.session.commit()
    assert member_client.post("/incidents/INC-0001/delete").status_code == 403
    assert incident() is not None


def test_first_time_authors_are_coached_and_shown_the_worked_example(
    member_client: FlaskClient, member: User, admin: User
) -> None:
    from tests.factories.incidents import publish_example

    example = publish_example(admin)
    make_incident(member)
    db.session.commit()
    page = member_client.get("/incidents/INC-0002/edit/timeline").get_data(as_text=True)
    assert "First review coach" in page
    assert "what people knew and saw" in page or "point of view of the moment" in page
    assert f"{example.ref}: {example.title}" in page


def test_authors_who_have_published_are_not_coached(app, admin: User) -> None:
    from tests.conftest import sign_in
    from tests.factories.incidents import publish_example

    publish_example(admin)
    make_incident(admin)
    db.session.commit()
    page = sign_in(app.test_client(), admin).get("/incidents/INC-0002/edit/timeline")
    assert "First review coach" not in page.get_data(as_text=True)


def test_weak_action_items_get_a_system_focused_hint(
    member_client: FlaskClient, member: User
) -> None:
    make_incident(member)
    db.session.commit()
    member_client.post(
        "/incidents/INC-0001/edit/actions",
        data={
            "title": "Retrain engineers to be more careful",
            "kind": "learn",
            "priority": "P2",
            "status": "open",
        },
    )
    page = member_client.get("/incidents/INC-0001/edit/actions").get_data(as_text=True)
    assert "Suggestions for this action item" in page
    assert "Nobody owns this yet" in page
    assert "no due date" in page
