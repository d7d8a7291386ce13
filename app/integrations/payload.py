"""Reading untrusted webhook JSON: typed fields with named errors, times with their offsets."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from app.errors import InvalidInput

MAX_DEPTH = 64
GO_ZERO_TIME = dt.datetime(1, 1, 1, tzinfo=dt.UTC)  # Go's "no time" (Alertmanager's endsAt)
EARLIEST, LATEST = 1970, 2999
PLACEHOLDER = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class InvalidPayload(InvalidInput):
    """Valid JSON that lacks fields this source needs, or has them in the wrong shape."""

    def __init__(self, errors: dict[str, str]) -> None:
        names = ", ".join(errors)
        super().__init__(f"Some fields are missing or unusable: {names}.", errors)


def clean(value: Any) -> Any:
    """Return `value` with every string storable (no NUL, no lone surrogate); bound nesting."""
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any, int]] = [(value, root, 0, 0)]
    while stack:
        item, parent, key, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InvalidPayload({"body": f"Nested deeper than {MAX_DEPTH} levels."})
        if isinstance(item, Mapping):
            copy: Any = {}
            for k, v in item.items():
                stack.append((v, copy, text_of(k), depth + 1))
        elif isinstance(item, list):
            copy = [None] * len(item)
            for i, v in enumerate(item):
                stack.append((v, copy, i, depth + 1))
        elif isinstance(item, str):
            copy = text_of(item)
        else:
            copy = item
        parent[key] = copy
    return root[0]


def text_of(value: str) -> str:
    """Drop NUL and replace unpaired surrogates, which no database stores."""
    if "\x00" in value:
        value = value.replace("\x00", "")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value


def parse_time(value: Any) -> tuple[dt.datetime, int] | None:
    """Read an ISO 8601 time with an offset; return it in UTC with the offset in minutes.

    Go's zero time and empty strings mean "no time" and give None. Raise ValueError with a
    sentence for anything else that is not a usable time.
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > 64:
        raise ValueError("Write times as ISO 8601 text, like 2026-11-24T22:30:00+01:00.")
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 time.") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Include a UTC offset, like 2026-11-24T22:30:00+01:00 or ...Z.")
    offset = moment.utcoffset() or dt.timedelta()
    try:
        utc = moment.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError(f"{value!r} is outside the calendar.") from None
    if utc == GO_ZERO_TIME:
        return None
    if not EARLIEST <= utc.year <= LATEST:
        raise ValueError(f"{value!r} is not a plausible time for an event.")
    return utc, int(offset.total_seconds() // 60)


def from_epoch(value: Any, *, scale: float = 1.0) -> dt.datetime | None:
    """Read seconds (or milliseconds with scale=1000) since 1970 as a UTC time."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    seconds = value / scale
    if not math.isfinite(seconds) or not 0 < seconds < 32_503_680_000:  # before year 3000
        return None
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


class Fields:
    """Read typed values from a JSON object by dotted path, collecting every problem.

    Call `check()` after reading: it raises InvalidPayload naming each missing or unusable
    field, so a sender learns all of them at once.
    """

    def __init__(self, data: Any, prefix: str = "") -> None:
        self.data = data
        self.prefix = prefix
        self.errors: dict[str, str] = {}

    def _name(self, path: str) -> str:
        return f"{self.prefix}{path}" if path else self.prefix.rstrip(".") or "body"

    def raw(self, path: str) -> Any:
        """Return the value at `path`, or None when any step is missing or not an object."""
        node = self.data
        for part in path.split(".") if path else []:
            if not isinstance(node, Mapping):
                return None
            node = node.get(part)
        return node

    def fail(self, path: str, message: str) -> None:
        """Note a problem with the field at `path`."""
        self.errors.setdefault(self._name(path), message)

    def obj(self, path: str, *, required: bool = False) -> dict[str, Any]:
        """Return the object at `path` ({} when absent and optional)."""
        value = self.raw(path)
        if isinstance(value, Mapping):
            return dict(value)
        if value is not None or required:
            self.fail(path, "Required: an object." if value is None else "Must be an object.")
        return {}

    def items(self, path: str, *, required: bool = False) -> list[Any]:
        """Return the list at `path` ([] when absent and optional)."""
        value = self.raw(path)
        if isinstance(value, list):
            return value
        if value is not None or required:
            self.fail(path, "Required: a list." if value is None else "Must be a list.")
        return []

    def text(self, path: str, *, required: bool = False, limit: int = 200) -> str:
        """Return the text (or number, as text) at `path`, clipped to `limit` characters."""
        value = self.raw(path)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            if value is not None:
                self.fail(path, "Must be text.")
            elif required:
                self.fail(path, "Required.")
            return ""
        text = text_of(str(value)).strip()
        if required and not text:
            self.fail(path, "Required: must not be empty.")
        return text[:limit]

    def time(self, path: str, *, required: bool = False) -> tuple[dt.datetime, int] | None:
        """Return the time at `path` in UTC with its original offset in minutes."""
        try:
            found = parse_time(self.raw(path))
        except ValueError as error:
            self.fail(path, str(error))
            return None
        if found is None and required:
            self.fail(path, "Required: an ISO 8601 time with an offset.")
        return found

    def when(self, path: str) -> tuple[dt.datetime, int]:
        """Return the required time at `path`; a placeholder if absent (then `check` raises)."""
        return self.time(path, required=True) or (PLACEHOLDER, 0)

    def first(self, *paths: str, limit: int = 200) -> str:
        """Return the first non-empty text among `paths`."""
        return next((t for t in (self.text(p, limit=limit) for p in paths) if t), "")

    def check(self) -> None:
        """Raise InvalidPayload if any field read so far was missing or unusable."""
        if self.errors:
            raise InvalidPayload(self.errors)
