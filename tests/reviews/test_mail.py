"""Asking someone to review sends them a real email; mail trouble never fails the request."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.reviews.models import Reviewer
from tests.api import bearer
from tests.factories.accounts import make_user
from tests.factories.incidents import make_incident
from tests.smtp import SmtpServer, free_port

TITLE = "Checkout returned errors after a config change"
BASE_URL = "https://hindsight.example.com"


@pytest.fixture
def ref(app: Flask, member: User, monkeypatch: pytest.MonkeyPatch) -> str:
    """A draft owned by Mo Member, a colleague to ask, and a BASE_URL the links must use."""
    monkeypatch.setitem(app.config, "BASE_URL", BASE_URL)
    make_user(email="rae@example.com", name="Rae Reviewer")
    incident = make_incident(member, title=TITLE)
    db.session.commit()
    return incident.ref


@pytest.fixture
def mail_log(caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch):
    """Capture what app.mail logs (Alembic's fileConfig disables loggers that exist already)."""
    monkeypatch.setattr(logging.getLogger("app.mail"), "disabled", False)
    caplog.set_level(logging.INFO, logger="app.mail")
    return lambda: [r for r in caplog.records if r.name == "app.mail"]


def ask_on_the_page(client: FlaskClient, ref: str, email: str = "rae@example.com") -> int:
    response = client.post(f"/incidents/{ref}/reviewers", data={"email": email})
    return response.status_code


def ask_through_the_api(client: FlaskClient, ref: str, email: str = "rae@example.com") -> int:
    owner = db.session.scalar(select(User).where(User.email == "mo@example.com"))
    response = client.post(
        f"/api/v1/incidents/{ref}/reviewers", headers=bearer(owner), json={"email": email}
    )
    return response.status_code


ASK = {"page": (ask_on_the_page, 302), "api": (ask_through_the_api, 201)}


@pytest.fixture(params=ASK, ids=ASK)
def ask(request: pytest.FixtureRequest) -> tuple[Callable[[FlaskClient, str], int], int]:
    """Ask Rae to review, through the page or the API; return how and the success status."""
    return ASK[request.param]


def reviewers() -> list[str]:
    db.session.commit()
    return [r.user.email for r in db.session.scalars(select(Reviewer))]


def test_asking_someone_to_review_emails_them_a_link(
    app: Flask,
    member_client: FlaskClient,
    ref: str,
    mail_to_smtp: SmtpServer,
    ask,
) -> None:
    how, ok = ask

    assert how(member_client, ref) == ok

    (message,) = mail_to_smtp.wait_for(1)
    (delivery,) = mail_to_smtp.deliveries
    assert delivery.rcpt_tos == ["rae@example.com"]
    assert delivery.mail_from == "hindsight@localhost"
    assert message["To"] == "rae@example.com"
    assert message["From"] == app.config["MAIL_FROM"] == "Hindsight <hindsight@localhost>"
    # The subject is longer than a header line, so it arrives folded; unfold it as clients do.
    assert " ".join(message["Subject"].split()) == f"Review requested: {ref} {TITLE}"
    assert not message.is_multipart()
    plain = message.get_body(preferencelist=("plain",))
    assert plain is not None
    assert plain.get_content_type() == "text/plain"
    lines = plain.get_content().splitlines()  # SMTP carries CRLF line ends
    assert lines[:3] == ["Hi Rae,", "", f"Mo Member asked you to review {ref}: {TITLE}."]
    assert f"{BASE_URL}/incidents/{ref}/review" in lines  # the link alone on its line
    assert reviewers() == ["rae@example.com"]


def test_the_page_says_who_was_asked(
    member_client: FlaskClient,
    ref: str,
    mail_to_smtp: SmtpServer,
) -> None:
    response = member_client.post(
        f"/incidents/{ref}/reviewers", data={"email": "rae@example.com"}, follow_redirects=True
    )

    assert "Asked Rae Reviewer to review; they have been sent an email." in response.get_data(
        as_text=True
    )
    assert len(mail_to_smtp.wait_for(1)) == 1


@pytest.mark.parametrize(
    ("email", "status"), [("nobody@example.com", 422), ("mo@example.com", 422)]
)
def test_a_refused_request_sends_nothing(
    member_client: FlaskClient,
    ref: str,
    mail_to_smtp: SmtpServer,
    email: str,
    status: int,
) -> None:
    assert ask_on_the_page(member_client, ref, email) == status
    assert ask_through_the_api(member_client, ref, email) == status
    assert mail_to_smtp.messages == []
    assert reviewers() == []


def test_without_smtp_the_mail_is_logged_instead(
    app: Flask,
    member_client: FlaskClient,
    ref: str,
    mail_log,
    ask,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(app.config, "SMTP_URL", "")
    how, ok = ask

    assert how(member_client, ref) == ok

    (record,) = mail_log()
    assert record.levelno == logging.INFO
    logged = record.getMessage()
    assert logged.startswith(
        f"mail (no SMTP_URL set) to ['rae@example.com']: Review requested: {ref} {TITLE}\n"
    )
    assert f"{BASE_URL}/incidents/{ref}/review" in logged
    assert reviewers() == ["rae@example.com"]


def test_an_unreachable_mail_server_is_logged_and_the_request_still_succeeds(
    app: Flask,
    member_client: FlaskClient,
    ref: str,
    mail_log,
    ask,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(app.config, "SMTP_URL", f"smtp://127.0.0.1:{free_port()}")  # closed
    how, ok = ask

    assert how(member_client, ref) == ok

    (record,) = mail_log()
    assert record.levelno == logging.ERROR
    assert record.getMessage() == "could not reach the mail server at 127.0.0.1"
    assert isinstance(record.exc_info[1], ConnectionRefusedError)
    assert reviewers() == ["rae@example.com"]  # asked, even though the email did not go


def test_the_page_does_not_claim_an_email_went_when_it_did_not(
    app: Flask, member_client: FlaskClient, ref: str, mail_log, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "SMTP_URL", f"smtp://127.0.0.1:{free_port()}")  # closed

    response = member_client.post(
        f"/incidents/{ref}/reviewers", data={"email": "rae@example.com"}, follow_redirects=True
    )

    assert response.status_code == 200
    assert "they have been sent an email" not in response.get_data(as_text=True)
