"""Issue 7's bad input the other digest tests leave out: a server that times out, the backoff
between retries, and the email of a week with nothing in it.

(Unparseable weeks on the CLI and the web, refusals, unreachable servers and the crash
half-way are in test_send.py and test_pages.py.)
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from flask import Flask
from freezegun import freeze_time
from sqlalchemy import select

from app.digests import services
from app.digests.models import Delivery, DeliveryState
from app.extensions import db
from tests.digests.builders import NEXT_MONDAY_0700, WEDNESDAY_1400, WEEK, published
from tests.digests.conftest import GatedSmtpServer
from tests.factories.accounts import make_user
from tests.smtp import HOST, free_port

LEADER = "lee@example.com"
CLIENT_TIMEOUT = 10  # seconds: app.mail.connect waits this long for the server to speak


def real_clock() -> float:
    """Monotonic seconds that freezegun leaves running (it freezes time.monotonic)."""
    return time.clock_gettime(time.CLOCK_MONOTONIC)


@pytest.fixture
def leader(app: Flask):
    """A subscribed leader; nobody else gets the digest."""
    user = make_user(email=LEADER, name="Lee Leader", password=None)
    services.set_subscription(actor=user, subscribed=True)
    db.session.commit()
    return user


def send(runner):
    with freeze_time(NEXT_MONDAY_0700):
        return runner.invoke(args=["digest", "send", "--week", WEEK])


def delivery() -> Delivery:
    db.session.expire_all()
    return db.session.scalars(select(Delivery)).one()


class SilentServer:
    """Accepts SMTP connections on loopback and never says a word: the client times out."""

    def __init__(self) -> None:
        self.listener = socket.create_server((HOST, 0))
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:  # closed: the test is over
                return
            self.accepted.append(connection)

    def close(self) -> None:
        self.listener.close()
        for connection in self.accepted:
            connection.close()
        self.thread.join(timeout=5)


@pytest.fixture
def silent(app: Flask) -> Iterator[SilentServer]:
    server = SilentServer()
    before = app.config["SMTP_URL"], app.config["DIGEST_RETRY_DELAYS"]
    app.config.update(SMTP_URL=f"smtp://{HOST}:{server.port}", DIGEST_RETRY_DELAYS=(0.01,))
    try:
        yield server
    finally:
        app.config["SMTP_URL"], app.config["DIGEST_RETRY_DELAYS"] = before
        server.close()


def test_a_server_that_times_out_is_retried_reported_and_nothing_marked_sent(
    runner, member, leader, silent
) -> None:
    published(member, at=WEDNESDAY_1400)
    db.session.commit()
    clock = real_clock()

    result = send(runner)

    took = real_clock() - clock
    assert result.exit_code == 1
    # smtplib reports a silent server as a disconnection "... timed out", per recipient.
    (line,) = [row for row in result.output.splitlines() if LEADER in row]
    assert "FAILED (" in line
    assert "timed out" in line
    assert "1 recipient(s) still miss the digest; run the command again to retry" in result.output
    assert len(silent.accepted) == 2  # the first try and one retry
    assert took >= 2 * CLIENT_TIMEOUT - 1
    failed = delivery()
    assert failed.state is DeliveryState.FAILED
    assert failed.sent_at is None
    assert "timed out" in failed.last_error


class TimedSmtpServer(GatedSmtpServer):
    """A gated server that notes when each message was offered, on a clock that runs."""

    offered: list[float]

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.offered.append(real_clock())
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def timed_smtp(app: Flask) -> Iterator[TimedSmtpServer]:
    server = TimedSmtpServer(port=free_port())
    server.script, server.offered = [], []
    controller = Controller(server, hostname=HOST, port=server.port, server_hostname="localhost")
    controller.start()
    before = app.config["SMTP_URL"], app.config["DIGEST_RETRY_DELAYS"]
    app.config.update(SMTP_URL=server.url, DIGEST_RETRY_DELAYS=(0.3, 0.9))
    try:
        yield server
    finally:
        app.config["SMTP_URL"], app.config["DIGEST_RETRY_DELAYS"] = before
        controller.stop()


def test_refusals_are_retried_after_longer_and_longer_pauses(
    runner, member, leader, timed_smtp
) -> None:
    published(member, at=WEDNESDAY_1400)
    db.session.commit()
    timed_smtp.script = ["451 4.3.0 Mailbox busy", "421 4.7.0 Try again later"]

    result = send(runner)

    assert result.exit_code == 0, result.output
    assert "Sent 1, 0 already had it, 0 failed" in result.output
    assert len(timed_smtp.wait_for(1)) == 1
    first, second, third = timed_smtp.offered
    assert second - first >= 0.3
    assert third - second >= 0.9  # backed off further the second time
    sent = delivery()
    assert sent.state is DeliveryState.SENT
    assert sent.attempts == 1  # one claim by one run; the retries were inside it


def test_a_week_with_nothing_in_it_still_sends_a_short_friendly_email(runner, leader, smtp) -> None:
    result = send(runner)

    assert result.exit_code == 0, result.output
    (mail,) = smtp.wait_for(1)
    assert mail["Subject"] == "Learning digest, week 49 of 2026: a quiet week"
    text = mail.get_body(("plain",)).get_content()
    assert "A quiet week. No incidents started and no reviews were published." in text
    assert "No reviews were published this week." in text
    html = mail.get_body(("html",)).get_content()
    assert "A quiet week" in html
    assert len(text) < 3000  # short: no empty sections padded out
