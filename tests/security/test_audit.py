"""Permission-relevant actions leave an audit entry; admins read them at /admin/audit."""

from __future__ import annotations

import json

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts.models import User
from app.audit.models import AuditEvent
from app.audit.services import record
from app.extensions import db
from app.incidents import services
from app.incidents.enums import Severity, Visibility
from tests.conftest import sign_in
from tests.factories.accounts import PASSWORD, make_user
from tests.factories.incidents import make_incident

WRONG = "a wrong guess at it"


def events(action: str) -> list[AuditEvent]:
    db.session.commit()  # see what the requests committed
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_sign_ins_are_audited_without_the_password(client: FlaskClient, member: User) -> None:
    client.post("/login", data={"email": "mo@example.com", "password": WRONG})
    client.post("/login", data={"email": "nobody@example.com", "password": WRONG})
    client.post("/login", data={"email": "Mo@Example.com", "password": PASSWORD})

    failed = events("account.sign_in_failed")
    assert [(e.actor, e.detail["email"], e.detail["reason"]) for e in failed] == [
        (None, "mo@example.com", "wrong password"),
        (None, "nobody@example.com", "unknown account"),
    ]
    assert all(e.detail["ip"] == "127.0.0.1" for e in failed)
    [signed_in] = events("account.signed_in")
    assert signed_in.actor_id == member.id
    everything = json.dumps([e.detail for e in db.session.scalars(select(AuditEvent))])
    assert WRONG not in everything
    assert PASSWORD not in everything


def test_a_deactivated_account_is_audited_as_such(client: FlaskClient, member: User) -> None:
    member.active = False
    db.session.commit()
    client.post("/login", data={"email": "mo@example.com", "password": PASSWORD})
    assert [e.detail["reason"] for e in events("account.sign_in_failed")] == ["deactivated"]


def test_password_changes_are_audited(member_client: FlaskClient, member: User) -> None:
    member_client.post(
        "/profile/password", data={"current": PASSWORD, "new": "a brand new passphrase"}
    )
    [changed] = events("account.password_changed")
    assert changed.actor_id == member.id
    assert "passphrase" not in json.dumps(changed.detail)


def test_new_accounts_are_audited_with_their_role(app: Flask) -> None:
    make_user(email="root@example.com", admin=True)
    make_user(email="dev@example.com")
    roles = {e.detail["email"]: e.detail["role"] for e in events("account.created")}
    assert roles == {"root@example.com": "admin", "dev@example.com": "member"}


def test_visibility_changes_show_in_the_review_history(
    member_client: FlaskClient, member: User
) -> None:
    incident = make_incident(member)
    services.update_basics(
        actor=member,
        incident=incident,
        basics=services.Basics(
            title=incident.title,
            severity=Severity.SEV2,
            services=[],
            team=None,
            tags=[],
            visibility=Visibility.RESTRICTED,
        ),
        expected_version=None,
    )
    db.session.commit()
    page = member_client.get(f"/incidents/{incident.ref}/review").get_data(as_text=True)
    assert "Mo Member changed who can read it" in page


def test_admins_see_recent_events_newest_first_with_links_to_reviews(
    admin_client: FlaskClient, admin: User, member: User
) -> None:
    incident = make_incident(member)
    record("account.password_changed", actor=member)
    db.session.commit()
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    assert page.index("changed their password") < page.index("created the review")
    assert f'href="/incidents/{incident.ref}/review"' in page
    assert "role: admin" in page


def test_the_audit_page_is_paginated(admin_client: FlaskClient, admin: User) -> None:
    for n in range(60):
        record("account.signed_in", actor=admin, ip=f"10.0.0.{n}")
    db.session.commit()
    first = admin_client.get("/admin/audit").get_data(as_text=True)
    second = admin_client.get("/admin/audit?page=2").get_data(as_text=True)
    assert "ip: 10.0.0.59" in first
    assert "ip: 10.0.0.0<" not in first
    assert "ip: 10.0.0.0<" in second
    assert "Page 2 of 2" in second


def test_members_cannot_read_the_audit_trail(app: Flask) -> None:
    client = sign_in(app.test_client(), make_user())
    assert client.get("/admin/audit").status_code == 403
