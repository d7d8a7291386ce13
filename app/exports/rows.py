"""Table rows as JSON values and back, the same way on SQLite and PostgreSQL.

Values are read and written through each column's type, so what goes into the file is what
the application sees (aware UTC times, enum values, JSON documents), never an engine's own
storage form; that is what lets a backup move from one engine to the other.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import decimal
import enum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
    TypeDecorator,
)

# Tables rebuilt from the others rather than copied: the search index (restore rebuilds it,
# as `flask search reindex` does) and any table whose model says `info={"derived": True}`.
DERIVED = frozenset({"search_documents", "search_texts"})
# Credentials a backup leaves out unless asked: password hashes, and the webhook secrets kept
# in clear for HMAC checks. (API tokens and bearer-style secrets are stored only as hashes
# of 256 random bits, useless to a thief, so they travel.)
PASSWORD_HASHES = frozenset({("users", "password_hash")})
INTEGRATION_SECRETS = frozenset({("integrations", "secret")})


class BadValue(ValueError):
    """A value in a backup does not fit its column; the message names the column."""


def is_derived(table: Table) -> bool:
    return table.name in DERIVED or bool(table.info.get("derived"))


def kind(column: Column) -> str:
    """Name how a column's values travel: datetime, date, binary, json, bool, int, or text."""
    type_ = column.type
    if isinstance(type_, TypeDecorator):
        type_ = type_.impl_instance
    for cls, name in (
        (DateTime, "datetime"),
        (Date, "date"),
        (LargeBinary, "binary"),
        (JSON, "json"),
        (Boolean, "bool"),
        (Integer, "int"),
        (Numeric, "decimal"),
        (String, "text"),  # Text and Enum too: an enum travels as its value
    ):
        if isinstance(type_, cls):
            return name
    raise TypeError(f"{column.table.name}.{column.name}: no backup format for {type_!r}")


def encode(value: Any) -> Any:
    """Return a column value as a JSON value."""
    if value is None or isinstance(value, bool | int | str | dict | list):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):  # datetimes too: isoformat keeps the offset
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, decimal.Decimal | float):
        return str(value)
    raise TypeError(f"no backup format for a {type(value).__name__}")


def decode(column: Column, how: str, value: Any) -> Any:
    """Return a JSON value from a backup as the column's Python value; BadValue if it is not."""
    if value is None or how == "json":
        return value
    try:
        return _DECODERS[how](value)
    except (TypeError, ValueError, binascii.Error, decimal.InvalidOperation) as error:
        raise BadValue(f"{column.name}: {value!r:.80} is not {_WORDS[how]}") from error


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError
    return value


def _datetime(value: Any) -> dt.datetime:
    return dt.datetime.fromisoformat(_text(value))


def _date(value: Any) -> dt.date:
    return dt.date.fromisoformat(_text(value))


def _binary(value: Any) -> bytes:
    return base64.b64decode(_text(value), validate=True)


def _decimal(value: Any) -> decimal.Decimal:
    return decimal.Decimal(_text(value))


_WORDS = {
    "int": "a whole number",
    "bool": "true or false",
    "text": "a string",
    "datetime": "an ISO 8601 time",
    "date": "an ISO 8601 date",
    "binary": "base64",
    "decimal": "a decimal number",
}
_DECODERS = {
    "int": _int,
    "bool": _bool,
    "text": _text,
    "datetime": _datetime,
    "date": _date,
    "binary": _binary,
    "decimal": _decimal,
}
