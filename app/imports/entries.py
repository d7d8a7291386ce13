"""Read a Markdown timeline list ("- 17:37 UTC: the deploy started") into timed entries."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,3}[.)])[ \t]+(?P<rest>.*)$")
WHEN = re.compile(
    r"^(?:\*\*|__)?\s*(?:(?P<date>\d{4}-\d{2}-\d{2})(?:[ T]|,\s*))?"
    r"(?P<time>\d{1,2}:\d{2}(?::\d{2})?)\s*(?P<zone>Z|UTC|GMT|[+-]\d{2}:?\d{2})?"
    r"\s*(?:\*\*|__)?\s*[-\u2013\u2014:|]*\s*(?P<text>\S.*)$",
    re.I,
)


@dataclass(frozen=True)
class ParsedTimeline:
    """Entries in the order written, and whether any time lacked an offset (read as UTC)."""

    entries: list[tuple[dt.datetime, str]]
    naive: bool


def parse(text: str, day: dt.date | None) -> ParsedTimeline | None:
    """Return the entries when every list item starts with a time, else None (keep as prose).

    Times without a date take the date of the item above, or `day`; a time earlier than the
    one above, with no date of its own, is on the next day.
    """
    items: list[list[str]] = []
    for line in text.split("\n"):
        if match := ITEM.match(line):
            items.append([match["rest"]])
        elif not line.strip():
            continue
        elif items and line.startswith((" ", "\t")):
            items[-1].append(line.strip())
        else:
            return None
    entries: list[tuple[dt.datetime, str]] = []
    naive = False
    for lines in items:
        match = WHEN.match(lines[0])
        if match is None:
            return None
        when, day, had_zone = _when(match, day, entries[-1][0] if entries else None)
        if when is None:
            return None
        naive = naive or not had_zone
        body = "\n".join([match["text"].strip(), *lines[1:]]).strip()
        entries.append((when, body))
    return ParsedTimeline(entries, naive) if entries else None


def _when(
    match: re.Match[str], day: dt.date | None, previous: dt.datetime | None
) -> tuple[dt.datetime | None, dt.date | None, bool]:
    explicit = match["date"] is not None
    if explicit:
        day = dt.date.fromisoformat(match["date"])
    if day is None:
        return None, None, False
    parts = [int(p) for p in match["time"].split(":")]
    if parts[0] > 23 or parts[1] > 59 or (len(parts) > 2 and parts[2] > 59):
        return None, day, False
    zone = _zone(match["zone"])
    when = dt.datetime.combine(day, dt.time(*parts), tzinfo=zone or dt.UTC).astimezone(dt.UTC)
    if not explicit and previous is not None and when < previous:
        when += dt.timedelta(days=1)  # past midnight since the item above
        day += dt.timedelta(days=1)
    return when, day, zone is not None


def _zone(text: str | None) -> dt.tzinfo | None:
    if not text:
        return None
    if text.upper() in {"Z", "UTC", "GMT"}:
        return dt.UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
