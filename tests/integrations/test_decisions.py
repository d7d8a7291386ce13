"""People confirm or dismiss suggestions; confirmed ones go on the timeline, attributed."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts.models import User
from app.catalog import services as catalog
from app.errors import InvalidInput, InvalidTransition
from app.extensions import db
from app.incidents.enums import EntryKind, Milestone
from app.incidents.models import TimelineEntry
from app.integrations import links
from app.integrations.enums import Relation
from app.integrations.models import ChangeLink, NoChangeVerdict
from tests.conftest import sign_in
from tests.factories.accounts import make_user
from tests.factories.incidents import T0, make_entry, make_incident
from tests.integrations.factories import make_alert, make_deploy

MIN = dt.timedelta(minutes=1)


@pytest.fixture
def incident(app: Flask, member: User):
    catalog.create_service(name="checkout")
    found = make_incident(member, services_=["checkout"])
    make_entry(found, member, at=T0, milestone=Milestone.STARTED, body="Checkout errors began.")
    db.session.commit()
    return found


@pytest.fixture
def deploy(incident):
    made = make_deploy(
        service="checkout", version="v2.3.1", started_at=T0 - 12 * MIN, deployer="priya"
    )
    db.session.commit()
    return made


def entries(incident, kind: EntryKind) -> list[TimelineEntry]:
    db.session.expire_all()
    return [e for e in incident.timeline if e.kind is kind]


def test_confirming_a_deploy_puts_it_on_the_timeline_attributed_to_who_confirmed(
    incident, deploy, member: User
) -> None:
    reviewer = make_user(name="Rae Reviewer")
    links.decide(
        actor=reviewer,
        incident=incident,
        kind="deploy",
        record_id=deploy.id,
        relation=Relation.SUSPECTED_TRIGGER,
        note="Pool size changed here",
    )
    (entry,) = entries(incident, EntryKind.DEPLOY)
    assert entry.author == reviewer
    assert entry.source == "deploys"
    assert entry.source_ref == str(deploy.id)
    assert entry.occurred_at == deploy.started_at
    assert entry.body.startswith("Deploy of checkout v2.3.1 \\(9fceb02\\) to production started")
    assert "priya" not in entry.body
    link = db.session.scalar(select(ChangeLink))
    assert link.relation is Relation.SUSPECTED_TRIGGER
    assert link.decided_by == reviewer
    assert link.note == "Pool size changed here"


def test_changing_the_relation_keeps_one_link_and_one_entry(incident, deploy, member: User) -> None:
    for relation in (Relation.RELATED, Relation.SUSPECTED_TRIGGER, Relation.RELATED):
        links.decide(
            actor=member, incident=incident, kind="deploy", record_id=deploy.id, relation=relation
        )
    assert len(entries(incident, EntryKind.DEPLOY)) == 1
    assert len(db.session.scalars(select(ChangeLink)).all()) == 1


def test_dismissing_takes_the_entry_off_the_timeline(incident, deploy, member: User) -> None:
    links.decide(
        actor=member,
        incident=incident,
        kind="deploy",
        record_id=deploy.id,
        relation=Relation.RELATED,
    )
    links.decide(
        actor=member,
        incident=incident,
        kind="deploy",
        record_id=deploy.id,
        relation=Relation.DISMISSED,
    )
    assert entries(incident, EntryKind.DEPLOY) == []
    assert db.session.scalar(select(ChangeLink.relation)) is Relation.DISMISSED


def test_confirming_an_alert_adds_an_alert_entry(incident, member: User) -> None:
    alert = make_alert(
        service="checkout", name="ErrorRate", started_at=T0 - 2 * MIN, ended_at=T0 + 30 * MIN
    )
    links.decide(
        actor=member, incident=incident, kind="alert", record_id=alert.id, relation=Relation.RELATED
    )
    (entry,) = entries(incident, EntryKind.ALERT)
    assert entry.source == "alertmanager"
    assert entry.body.startswith("Alert ErrorRate fired on checkout (Prometheus Alertmanager).")
    assert "It resolved after 32 minutes." in entry.body


def test_no_change_involved_can_be_recorded_and_withdrawn(incident, deploy, member: User) -> None:
    links.record_no_change(actor=member, incident=incident, note="Only traffic grew.")
    assert db.session.get(NoChangeVerdict, incident.id).note == "Only traffic grew."
    with pytest.raises(InvalidInput, match="no change"):
        links.decide(
            actor=member,
            incident=incident,
            kind="deploy",
            record_id=deploy.id,
            relation=Relation.SUSPECTED_TRIGGER,
        )
    links.decide(
        actor=member,
        incident=incident,
        kind="deploy",
        record_id=deploy.id,
        relation=Relation.RELATED,
    )
    links.clear_no_change(actor=member, incident=incident)
    assert db.session.get(NoChangeVerdict, incident.id) is None


def test_no_change_is_refused_while_a_change_is_a_suspected_trigger(
    incident, deploy, member: User
) -> None:
    links.decide(
        actor=member,
        incident=incident,
        kind="deploy",
        record_id=deploy.id,
        relation=Relation.SUSPECTED_TRIGGER,
    )
    with pytest.raises(InvalidInput, match="suspected trigger"):
        links.record_no_change(actor=member, incident=incident)


def test_published_reviews_are_read_only(incident, deploy, member: User) -> None:
    from app.incidents.enums import Status

    incident.status = Status.PUBLISHED
    with pytest.raises(InvalidTransition):
        links.decide(
            actor=member,
            incident=incident,
            kind="deploy",
            record_id=deploy.id,
            relation=Relation.RELATED,
        )


def test_the_incident_page_suggests_the_deploy_and_confirming_puts_it_on_the_timeline(
    member_client: FlaskClient, incident, deploy
) -> None:
    page = member_client.get(f"/incidents/{incident.ref}").get_data(as_text=True)
    assert "Deploys and alerts" in page
    assert "checkout v2.3.1 to production 12 minutes before the start" in page
    assert "deployed by priya" in page  # shown as metadata only
    response = member_client.post(
        f"/incidents/{incident.ref}/changes/deploy/{deploy.id}",
        data={"relation": "suspected_trigger", "note": ""},
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/incidents/{incident.ref}#changes")
    page = member_client.get(f"/incidents/{incident.ref}").get_data(as_text=True)
    assert "Suspected trigger" in page
    assert "via Deploy webhook (generic JSON)" in page  # the timeline entry, with its source


def test_no_change_form_and_errors_on_the_page(
    member_client: FlaskClient, incident, deploy
) -> None:
    member_client.post(
        f"/incidents/{incident.ref}/changes/deploy/{deploy.id}",
        data={"relation": "suspected_trigger"},
    )
    response = member_client.post(
        f"/incidents/{incident.ref}/changes/none", data={"note": "x"}, follow_redirects=True
    )
    assert "suspected trigger of this incident" in response.get_data(as_text=True)
    member_client.post(
        f"/incidents/{incident.ref}/changes/deploy/{deploy.id}", data={"relation": "dismissed"}
    )
    response = member_client.post(
        f"/incidents/{incident.ref}/changes/none",
        data={"note": "Traffic only."},
        follow_redirects=True,
    )
    assert "Recorded: no change was involved" in response.get_data(as_text=True)
    response = member_client.post(
        f"/incidents/{incident.ref}/changes/none/clear", follow_redirects=True
    )
    assert "Recorded: no change was involved" not in response.get_data(as_text=True)


def test_unknown_records_and_relations_are_refused(member_client: FlaskClient, incident) -> None:
    assert (
        member_client.post(
            f"/incidents/{incident.ref}/changes/deploy/999", data={"relation": "related"}
        ).status_code
        == 404
    )
    bad = member_client.post(
        f"/incidents/{incident.ref}/changes/deploy/1",
        data={"relation": "blame"},
        follow_redirects=True,
    )
    assert "Pick suspected trigger, related or dismissed" in bad.get_data(as_text=True)
    assert (
        member_client.post(
            f"/incidents/{incident.ref}/changes/person/1", data={"relation": "related"}
        ).status_code
        == 404
    )


def test_outsiders_cannot_decide_on_restricted_incidents(
    client: FlaskClient, app: Flask, member: User
) -> None:
    from app.incidents.enums import Visibility

    incident = make_incident(member, visibility=Visibility.RESTRICTED)
    deploy = make_deploy(started_at=T0)
    outsider = make_user(name="Out Sider")
    db.session.commit()
    sign_in(client, outsider)
    response = client.post(
        f"/incidents/{incident.ref}/changes/deploy/{deploy.id}", data={"relation": "related"}
    )
    assert response.status_code == 404
    assert db.session.scalar(select(ChangeLink)) is None
