"""Marshmallow fields for the API's JSON: safe text, times with offsets, strict booleans."""

from __future__ import annotations

import datetime as dt
from typing import Any

from marshmallow import fields, validate


class Text(fields.String):
    """A string every database can store: no NUL, no unpaired surrogates."""

    default_error_messages = {  # noqa: RUF012 - marshmallow merges this per class
        "unstorable": "Remove NUL and unpaired surrogate characters.",
    }

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise self.make_error("unstorable")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise self.make_error("unstorable") from exc
        return text


class EmailAddress(Text):
    """An email address, compared lower-case, as accounts store them."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(validate=[validate.Email(), validate.Length(max=254)], **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        return super()._deserialize(value, attr, data, **kwargs).strip().lower()


class UtcDateTime(fields.AwareDateTime):
    """ISO 8601 with an offset on input (a naive time is refused); always +00:00 on output."""

    default_error_messages = {  # noqa: RUF012 - marshmallow merges this per class
        "invalid": "Not an ISO 8601 time; write it like 2026-11-24T22:30:00+01:00.",
        "invalid_awareness": "Include a UTC offset, like 2026-11-24T22:30:00+01:00 or ...Z.",
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="iso", **kwargs)

    def _serialize(self, value: dt.datetime | None, attr: str | None, obj: Any, **kwargs: Any):
        return None if value is None else value.astimezone(dt.UTC).isoformat()

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> dt.datetime:
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            return moment.astimezone(dt.UTC)
        except OverflowError as exc:  # year 1 or 9999 pushed past the calendar by the offset
            raise self.make_error("invalid") from exc


class StrictBoolean(fields.Boolean):
    """Only JSON true and false; "yes" or 1 are not booleans in this API."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(truthy={True}, falsy={False}, **kwargs)
