"""Outgoing mail: SMTP when `SMTP_URL` is set, otherwise written to the log. Never raises."""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from flask import current_app

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    """An email to send after the transaction that caused it has committed."""

    to: list[str]
    subject: str
    text: str
    html: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


def build(message: Message, sender: str) -> EmailMessage:
    """Make a MIME message with a plain-text part and, when given, an HTML alternative."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = ", ".join(message.to)
    email["Subject"] = message.subject
    for name, value in message.headers.items():
        email[name] = value
    email.set_content(message.text)
    if message.html:
        email.add_alternative(message.html, subtype="html")
    return email


def deliver(messages: list[Message]) -> int:
    """Send each message; log instead when no SMTP server is configured. Return how many went."""
    if not messages:
        return 0
    url = current_app.config.get("SMTP_URL", "")
    sender = current_app.config["MAIL_FROM"]
    if not url:
        for message in messages:
            log.info(
                "mail (no SMTP_URL set) to %s: %s\n%s", message.to, message.subject, message.text
            )
        return 0
    sent = 0
    try:
        with connect(url) as smtp:
            for message in messages:
                try:
                    smtp.send_message(build(message, sender))
                    sent += 1
                except smtplib.SMTPException:
                    log.exception("could not send mail to %s", message.to)
    except (OSError, smtplib.SMTPException):
        log.exception("could not reach the mail server at %s", urlsplit(url).hostname)
    return sent


def connect(url: str) -> smtplib.SMTP:
    """Open an SMTP session from `smtp://`, `smtp+starttls://` or `smtps://user:pass@host:port`."""
    parts = urlsplit(url)
    timeout = 10
    if parts.scheme == "smtps":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            parts.hostname,
            parts.port or 465,
            timeout=timeout,
            context=ssl.create_default_context(),
        )
    else:
        smtp = smtplib.SMTP(parts.hostname, parts.port or 25, timeout=timeout)
        if parts.scheme == "smtp+starttls":
            smtp.starttls(context=ssl.create_default_context())
    if parts.username:
        smtp.login(unquote(parts.username), unquote(parts.password or ""))
    return smtp
