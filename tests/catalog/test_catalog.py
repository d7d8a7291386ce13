"""Teams, services and tags: admins maintain them, everyone picks from them."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from app.catalog.models import Service, Tag, Team
from app.extensions import db


def test_admin_adds_a_team_and_a_service_owned_by_it(admin_client: FlaskClient) -> None:
    admin_client.post("/catalog/team", data={"team-name": "Payments", "team-description": "Money"})
    team = db.session.scalar(select(Team))
    response = admin_client.post(
        "/catalog/service", data={"service-name": "Payments Gateway", "service-team_id": team.id}
    )
    assert response.status_code == 302
    db.session.commit()
    service = db.session.scalar(select(Service))
    assert service.name == "payments-gateway"
    assert service.team.name == "Payments"
    page = admin_client.get("/catalog/").get_data(as_text=True)
    assert "payments-gateway" in page


def test_duplicate_names_are_refused_next_to_the_field(admin_client: FlaskClient) -> None:
    admin_client.post("/catalog/tag", data={"tag-name": "database"})
    response = admin_client.post("/catalog/tag", data={"tag-name": "Database"})
    assert response.status_code == 422
    assert b"Already exists." in response.data
    assert len(db.session.scalars(select(Tag)).all()) == 1


def test_members_read_the_lists_but_cannot_change_them(member_client: FlaskClient) -> None:
    assert member_client.get("/catalog/").status_code == 200
    response = member_client.post("/catalog/team", data={"team-name": "Rogue"})
    assert response.status_code == 403
    assert db.session.scalar(select(Team)) is None


def test_removing_a_service_keeps_the_incidents(admin_client: FlaskClient, admin) -> None:
    from tests.factories.incidents import make_incident, make_service

    service = make_service("search")
    incident = make_incident(admin, services_=["search"])
    db.session.commit()
    admin_client.post(f"/catalog/service/{service.id}/delete")
    db.session.commit()
    assert db.session.get(type(incident), incident.id).services == []


def test_unknown_kind_is_a_404(admin_client: FlaskClient) -> None:
    assert admin_client.post("/catalog/planet", data={}).status_code == 404
