"""Time: one place that says what "now" is, and conversions between zones."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


def utcnow() -> dt.datetime:
    """Return the current time, aware, in UTC."""
    return dt.datetime.now(dt.UTC)


def zone(name: str | None) -> ZoneInfo:
    """Return the zone called `name`, or UTC when it is empty or unknown."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def is_valid_zone(name: str) -> bool:
    """Tell whether `name` is an IANA time zone this machine knows."""
    return name in _zone_names()


def zone_choices() -> list[str]:
    """Return every IANA zone name, sorted, for a picker."""
    return sorted(_zone_names())


_ZONES: set[str] = set()


def _zone_names() -> set[str]:
    if not _ZONES:
        _ZONES.update(available_timezones())
    return _ZONES


def to_local(value: dt.datetime, tz_name: str | None) -> dt.datetime:
    """Show an aware UTC time as it was on the wall clock in `tz_name`."""
    return value.astimezone(zone(tz_name))


def from_local(value: dt.datetime, tz_name: str | None) -> dt.datetime:
    """Read a naive wall-clock time in `tz_name` and return it in UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone(tz_name))
    return value.astimezone(dt.UTC)


def humanise_duration(delta: dt.timedelta | None) -> str:
    """Say a duration the way people do: '1 h 12 min', '3 d 4 h', '45 s'."""
    if delta is None:
        return "n/a"
    seconds = int(delta.total_seconds())
    if seconds < 0:
        return "-" + humanise_duration(-delta)
    days, rem = divmod(seconds, 86400)
    hours, rem = divmod(rem, 3600)
    minutes, secs = divmod(rem, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes:
        return f"{minutes} min"
    return f"{secs} s"
