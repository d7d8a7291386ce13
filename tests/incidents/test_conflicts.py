"""No lost edits: a save over someone else's newer save shows both texts instead."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts.models import User
from app.errors import EditConflict
from app.extensions import db
from app.incidents import services
from app.incidents.models import Incident
from tests.conftest import sign_in
from tests.factories.accounts import make_user
from tests.factories.incidents import make_entry, make_incident


def test_stale_section_save_is_refused_with_both_texts(app: Flask, member: User) -> None:
    make_incident(member, summary="Original summary.")
    colleague = make_user(name="Col League")
    db.session.commit()
    started_from = db.session.scalar(select(Incident)).version
    mine, theirs = sign_in(app.test_client(), member), sign_in(app.test_client(), colleague)

    first = theirs.post(
        "/incidents/INC-0001/edit/summary",
        data={"summary": "Their newer summary.", "version": started_from},
    )
    assert first.status_code == 302
    second = mine.post(
        "/incidents/INC-0001/edit/summary",
        data={"summary": "My competing summary.", "version": started_from},
    )
    assert second.status_code == 409
    page = second.get_data(as_text=True)
    assert "Someone else saved a newer version" in page
    assert "Their newer summary." in page
    assert "My competing summary." in page
    db.session.commit()
    assert db.session.scalar(select(Incident)).summary == "Their newer summary."

    # The form now carries the current version: saving again is a deliberate overwrite.
    current = db.session.scalar(select(Incident)).version
    assert f'value="{current}"' in page
    third = mine.post(
        "/incidents/INC-0001/edit/summary",
        data={"summary": "My merged summary.", "version": current},
    )
    assert third.status_code == 302


def test_stale_timeline_entry_edit_is_refused(app: Flask, member: User) -> None:
    review = make_incident(member)
    entry = make_entry(review, member, body="Original.")
    db.session.commit()
    client = sign_in(app.test_client(), member)
    form = {"occurred_at": "2026-11-24T23:00", "kind": "note", "body": "Edit A", "version": "1"}
    assert client.post(f"/incidents/INC-0001/timeline/{entry.id}", data=form).status_code == 302
    form["body"] = "Edit B"
    response = client.post(f"/incidents/INC-0001/timeline/{entry.id}", data=form)
    assert response.status_code == 409
    assert b"Edit A" in response.data


def test_basics_change_of_services_alone_still_bumps_the_version(app: Flask, member: User) -> None:
    review = make_incident(member)
    db.session.commit()
    before = review.version
    services.update_basics(
        actor=member,
        incident=review,
        basics=services.Basics(title=review.title, severity=review.severity, tags=["new-tag"]),
        expected_version=before,
    )
    db.session.commit()
    assert review.version == before + 1
    with pytest.raises(EditConflict):
        services.update_sections(
            actor=member, incident=review, sections={"summary": "x"}, expected_version=before
        )


def test_concurrent_writers_cannot_both_win(app: Flask, member: User) -> None:
    """Two sessions read the same version; the second write fails instead of overwriting."""
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session
    from sqlalchemy.orm.exc import StaleDataError

    make_incident(member)
    db.session.commit()
    with Session(db.engine) as one, Session(db.engine) as two:
        a = one.scalar(select(Incident))
        b = two.scalar(select(Incident))
        a.summary = "from one"
        one.commit()
        b.summary = "from two"
        # PostgreSQL: the version check matches no row. SQLite: the stale read snapshot
        # cannot be upgraded to a write. Either way the second writer is refused.
        with pytest.raises((StaleDataError, OperationalError)):
            two.commit()
    db.session.commit()
    assert db.session.scalar(select(Incident)).summary == "from one"


def test_conflict_via_the_page_for_a_client_in_another_session(
    member_client: FlaskClient, member: User
) -> None:
    make_incident(member)
    db.session.commit()
    response = member_client.post(
        "/incidents/INC-0001/edit/basics",
        data={"title": "New", "severity": "SEV1", "visibility": "internal", "version": "99"},
    )
    assert response.status_code == 409
    assert b"Someone else saved a newer version" in response.data
