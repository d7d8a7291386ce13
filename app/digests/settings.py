"""The digest's settings, read from the app config and checked."""

from __future__ import annotations

from flask import current_app

from app import clock
from app.config import ConfigError

# A run that died while sending leaves its claimed deliveries in "sending"; after this long
# another run takes them over (long enough that a slow live run is never doubled).
CLAIM_TIMEOUT_MINUTES = 30


def timezone() -> str:
    """Return DIGEST_TIMEZONE, refusing a zone this machine does not know."""
    name = current_app.config.get("DIGEST_TIMEZONE") or "UTC"
    if not clock.is_valid_zone(name):
        raise ConfigError(f"DIGEST_TIMEZONE {name!r} is not an IANA time zone (e.g. Europe/Berlin)")
    return name


def base_url() -> str:
    return current_app.config.get("BASE_URL", "").rstrip("/")


def claim_timeout_minutes() -> int:
    return int(current_app.config.get("DIGEST_CLAIM_TIMEOUT_MINUTES", CLAIM_TIMEOUT_MINUTES))


def retry_delays() -> tuple[float, ...]:
    """Seconds to wait before each retry of a temporary SMTP failure (tests make them short)."""
    return tuple(current_app.config.get("DIGEST_RETRY_DELAYS", (2.0, 10.0, 30.0)))
