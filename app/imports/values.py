"""Read front matter values the many ways people write them: severities, statuses, times, lists."""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime
from typing import Any

from app.incidents.enums import Severity, Status, Visibility


class ValueProblem(ValueError):
    """A value could not be read; the message says which and why."""


SEVERITY_WORDS = {
    "critical": Severity.SEV1,
    "blocker": Severity.SEV1,
    "emergency": Severity.SEV1,
    "major": Severity.SEV2,
    "high": Severity.SEV2,
    "medium": Severity.SEV3,
    "moderate": Severity.SEV3,
    "normal": Severity.SEV3,
    "minor": Severity.SEV4,
    "low": Severity.SEV4,
    "trivial": Severity.SEV4,
}
# SEV0 and P0 are the worst there is, like SEV1 and P1; past SEV4 (P5, sev 5) is still SEV4.
SEVERITY_NUMBER = re.compile(r"(?:sev(?:erity)?|s|p(?:riority)?)?[_.-]*(?P<n>\d)")
STATUS_WORDS = {
    "draft": Status.DRAFT,
    "in_review": Status.IN_REVIEW,
    "review": Status.IN_REVIEW,
    "published": Status.PUBLISHED,
    "final": Status.PUBLISHED,
    "complete": Status.PUBLISHED,
    "completed": Status.PUBLISHED,
    "closed": Status.PUBLISHED,
    "done": Status.PUBLISHED,
}
VISIBILITY_WORDS = {
    "internal": Visibility.INTERNAL,
    "public": Visibility.INTERNAL,
    "open": Visibility.INTERNAL,
    "restricted": Visibility.RESTRICTED,
    "private": Visibility.RESTRICTED,
    "confidential": Visibility.RESTRICTED,
    "secret": Visibility.RESTRICTED,
}
UTC_SUFFIX = re.compile(r"\s*(?:Z|UTC|GMT)$", re.I)


def _word(value: Any) -> str:
    return re.sub(r"[\s-]+", "_", str(value).strip().lower())


def severity(value: Any) -> Severity:
    """Map SEV1, sev-2, S3, P1, 2, critical, major, high... to a severity; raise if unknown."""
    text = _word(value)
    if text in SEVERITY_WORDS:
        return SEVERITY_WORDS[text]
    match = SEVERITY_NUMBER.fullmatch(text)
    if match is None:
        raise ValueProblem(f"severity {value!r} is not one I know; imported as SEV3.")
    return Severity(f"SEV{min(max(int(match['n']), 1), 4)}")


def status(value: Any) -> Status:
    """Map draft, in review, published (and final, closed, done) to a status; raise if unknown."""
    found = STATUS_WORDS.get(_word(value))
    if found is None:
        raise ValueProblem(
            f"status {value!r} is not draft, in_review or published; imported as published."
        )
    return found


def visibility(value: Any) -> Visibility:
    """Map internal/public or restricted/private/confidential to a visibility; raise if unknown."""
    found = VISIBILITY_WORDS.get(_word(value))
    if found is None:
        raise ValueProblem(
            f"visibility {value!r} is not internal or restricted; made restricted, to be safe."
        )
    return found


def moment(value: Any, key: str) -> tuple[dt.datetime | None, bool]:
    """Return an aware UTC time (None for blank) and whether it had no offset (read as UTC)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, False
    if isinstance(value, dt.datetime):
        return _aware(value)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC), False
    if isinstance(value, str):
        return _parse(value.strip(), key)
    raise ValueProblem(f"{key}: {value!r} is not a time; left empty.")


def _aware(value: dt.datetime) -> tuple[dt.datetime, bool]:
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC), True
    return value.astimezone(dt.UTC), False


def _parse(text: str, key: str) -> tuple[dt.datetime, bool]:
    stripped = UTC_SUFFIX.sub("", text)
    try:
        parsed = dt.datetime.fromisoformat(stripped if stripped != text else text)
    except ValueError:
        parsed = None
    if parsed is not None:
        if stripped != text:  # "2017-02-28 17:37 UTC" says its zone in words
            return parsed.replace(tzinfo=dt.UTC), False
        return _aware(parsed)
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        raise ValueProblem(f"{key}: {text!r} is not a time I can read; left empty.") from None
    return _aware(parsed)


def names(value: Any) -> list[str]:
    """Return a list of non-empty names from a list, a comma-separated string or a scalar."""
    if value is None or isinstance(value, dict):
        return []
    items = value if isinstance(value, list | tuple) else str(value).split(",")
    out = []
    for item in items:
        if item is None or isinstance(item, dict | list):
            continue
        text = str(item).strip()
        if text:
            out.append(text)
    return out


def text(value: Any) -> str:
    """Return a scalar as stripped text ('' for blank or structured values)."""
    if value is None or isinstance(value, dict | list):
        return ""
    return str(value).strip()
