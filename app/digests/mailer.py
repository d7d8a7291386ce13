"""One SMTP session for a run of digests, with retries and backoff for temporary failures."""

from __future__ import annotations

import smtplib
import time
from collections.abc import Callable, Sequence
from email.message import EmailMessage

from app.mail import connect


class DeliveryFailed(Exception):
    """The mail server did not take the message; `reason` says what it said, for the report."""

    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


def _is_permanent(error: Exception) -> bool:
    # 5xx answers mean "do not try again"; 4xx and lost connections are worth another go.
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def _describe(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        text = (
            error.smtp_error.decode(errors="replace")
            if isinstance(error.smtp_error, bytes)
            else str(error.smtp_error)
        )
        return f"{error.smtp_code} {text}".strip()
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{code} {msg.decode(errors='replace')}" for code, msg in error.recipients.values()
        )
    return f"{type(error).__name__}: {error}".strip()


class Mailer:
    """Send messages over one connection, reconnecting and backing off when the server stumbles."""

    def __init__(
        self, url: str, delays: Sequence[float], sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.url, self.delays, self.sleep = url, tuple(delays), sleep
        self._smtp: smtplib.SMTP | None = None
        self._unreachable = False

    def send(self, message: EmailMessage, to: str) -> None:
        """Deliver `message` to `to`, or raise DeliveryFailed once retries are used up."""
        # Once the server could not be reached through a full round of backoff, later
        # recipients get one try each: the run reports them all in minutes, not hours.
        delays = () if self._unreachable else self.delays
        for attempt in range(len(delays) + 1):
            try:
                if self._smtp is None:
                    self._smtp = connect(self.url)
                self._smtp.send_message(message, to_addrs=[to])
                self._unreachable = False
                return
            except (smtplib.SMTPException, OSError) as error:
                self.close()
                if _is_permanent(error):
                    raise DeliveryFailed(_describe(error), permanent=True) from error
                if attempt == len(delays):
                    self._unreachable = isinstance(error, OSError | smtplib.SMTPConnectError)
                    raise DeliveryFailed(_describe(error), permanent=False) from error
                self.sleep(delays[attempt])

    def close(self) -> None:
        """Say goodbye to the server, if it is still listening."""
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None
