"""Plain words for times and changes. About changes and systems, never about people."""

from __future__ import annotations

import datetime as dt
import re

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>])")


def span(delta: dt.timedelta) -> str:
    """Say a duration the way people do: '12 minutes', '1 hour 5 minutes', '2 days 3 hours'."""
    minutes = int(abs(delta).total_seconds() // 60)
    if minutes < 1:
        return "less than a minute"
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour")] if days else [(hours, "hour"), (minutes, "minute")]
    return " ".join(f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n)


def relative(moment: dt.datetime, start: dt.datetime) -> str:
    """Say where `moment` falls against the incident's start."""
    delta = moment - start
    if abs(delta) < dt.timedelta(minutes=1):
        return "at the start"
    return f"{span(delta)} {'after' if delta > dt.timedelta() else 'before'} the start"


def short_sha(sha: str) -> str:
    """Return the 7-character form of a commit id."""
    return sha[:7]


def escape(text: str) -> str:
    """Keep text from a tool literal inside Markdown."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def link(url: str) -> str:
    """Return a Markdown link to `url` when it is a web address, else nothing."""
    if not url.startswith(("https://", "http://")) or any(c in url for c in " <>()"):
        return ""
    return f" [Details]({url})"
