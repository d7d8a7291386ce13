"""Fixtures for the digest: the organisation's zone, a gated SMTP server, quick retries."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from flask import Flask

from tests.smtp import HOST, SmtpServer, free_port


@pytest.fixture(autouse=True)
def digest_settings(app: Flask) -> Iterator[Flask]:
    """Berlin time, a public base URL, and retries that do not slow the suite down."""
    keys = ("DIGEST_TIMEZONE", "BASE_URL", "DIGEST_RECIPIENTS", "DIGEST_RETRY_DELAYS")
    before = {key: app.config.get(key) for key in keys}
    app.config.update(
        DIGEST_TIMEZONE="Europe/Berlin",
        BASE_URL="https://hindsight.example.com",
        DIGEST_RECIPIENTS="",
        DIGEST_RETRY_DELAYS=(0.01, 0.01),
    )
    yield app
    app.config.update(before)


class GatedSmtpServer(SmtpServer):
    """An SMTP server that can answer each message with a scripted refusal.

    `script` is consumed one answer per DATA command: None accepts the message, a string
    such as "451 4.3.0 Try later" refuses it. When the script runs out, messages are accepted.
    """

    script: list[str | None]

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        answer = self.script.pop(0) if self.script else None
        if answer is not None:
            return answer
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def smtp(app: Flask) -> Iterator[GatedSmtpServer]:
    """Run a gated SMTP server on loopback and point the app's SMTP_URL at it."""
    server = GatedSmtpServer(port=free_port())
    server.script = []
    controller = Controller(server, hostname=HOST, port=server.port, server_hostname="localhost")
    controller.start()
    before = app.config["SMTP_URL"]
    app.config["SMTP_URL"] = server.url
    try:
        yield server
    finally:
        app.config["SMTP_URL"] = before
        controller.stop()
