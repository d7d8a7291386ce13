"""Restricted reviews are invisible to everyone but participants and admins."""

from __future__ import annotations

from flask import Flask

from app.extensions import db
from app.incidents import services
from app.incidents.enums import Visibility
from tests.conftest import sign_in
from tests.factories.accounts import make_user
from tests.factories.incidents import make_entry, make_incident


def _world(app: Flask):
    owner = make_user(name="Olu Owner")
    responder = make_user(name="Ria Responder")
    outsider = make_user(name="Oscar Outsider")
    admin = make_user(name="Ada Admin", admin=True)
    secret = make_incident(
        owner, title="Credential exposed in logs", visibility=Visibility.RESTRICTED
    )
    services.add_participant(actor=owner, incident=secret, user=responder)
    make_entry(secret, responder, body="Rotated the key.")
    make_incident(owner, title="Open review for everyone")
    db.session.commit()
    return owner, responder, outsider, admin


def test_outsider_neither_lists_nor_opens_a_restricted_review(app: Flask) -> None:
    _, _, outsider, _ = _world(app)
    client = sign_in(app.test_client(), outsider)
    listing = client.get("/incidents/").get_data(as_text=True)
    assert "Open review for everyone" in listing
    assert "Credential exposed" not in listing
    assert "1 incident." in listing
    assert client.get("/incidents/INC-0001").status_code == 404
    assert client.get("/incidents/INC-0001/edit/timeline").status_code == 404


def test_participants_and_admins_see_a_restricted_review(app: Flask) -> None:
    owner, responder, _, admin = _world(app)
    for person in (owner, responder, admin):
        client = sign_in(app.test_client(), person)
        assert client.get("/incidents/INC-0001").status_code == 200, person.name
        assert "Credential exposed" in client.get("/incidents/").get_data(as_text=True)
