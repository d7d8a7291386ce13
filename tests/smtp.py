"""A real SMTP server on loopback, for tests that check the mail Hindsight sends.

`smtp_server` runs aiosmtpd on 127.0.0.1 and a free port and collects every message it
receives; `mail_to_smtp` points the app's SMTP_URL at it for the length of one test (the
live browser server serves the same app object, so it sends there too). Load it with
`pytest_plugins = ["tests.smtp"]` in tests/conftest.py, or import both fixtures by name.
"""

from __future__ import annotations

import email
import email.policy
import errno
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from flask import Flask

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Delivery:
    """What one SMTP transaction carried: the envelope's sender and recipients, and the mail."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class SmtpServer:
    """The server's address and what it has received so far (filled from the server thread)."""

    port: int
    deliveries: list[Delivery] = field(default_factory=list)
    _arrived: threading.Condition = field(default_factory=threading.Condition, repr=False)

    @property
    def url(self) -> str:
        return f"smtp://{HOST}:{self.port}"

    @property
    def messages(self) -> list[EmailMessage]:
        with self._arrived:
            return [d.message for d in self.deliveries]

    def wait_for(self, count: int, timeout: float = 5) -> list[EmailMessage]:
        """Wait until at least `count` messages arrived and return them all, or fail saying why."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self.deliveries) >= count, timeout):
                got = [str(d.message["Subject"]) for d in self.deliveries]
                pytest.fail(f"expected {count} message(s) within {timeout} s, got {got}")
            return [d.message for d in self.deliveries]

    # aiosmtpd handler hook: runs in the server's event loop thread.
    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        delivery = Delivery(envelope.mail_from, list(envelope.rcpt_tos), message)
        with self._arrived:
            self.deliveries.append(delivery)
            self._arrived.notify_all()
        return "250 Message accepted for delivery"


def free_port() -> int:
    """Return a loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """Run an SMTP server on loopback for one test; yield what it receives."""
    for attempt in range(5):
        server = SmtpServer(port=free_port())
        # server_hostname spares a reverse DNS lookup (socket.getfqdn) on every start.
        controller = Controller(
            server, hostname=HOST, port=server.port, server_hostname="localhost"
        )
        try:
            controller.start()
        except OSError as error:  # another process took the port between probing and binding
            if error.errno != errno.EADDRINUSE or attempt == 4:
                raise
            controller.loop.close()
            continue
        break
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture
def mail_to_smtp(app: Flask, smtp_server: SmtpServer) -> Iterator[SmtpServer]:
    """Send the app's mail to `smtp_server` during the test, then restore SMTP_URL."""
    before = app.config["SMTP_URL"]
    app.config["SMTP_URL"] = smtp_server.url
    try:
        yield smtp_server
    finally:
        app.config["SMTP_URL"] = before
