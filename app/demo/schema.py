"""The shape of the demo YAML files, checked strictly and turned into Python values.

Each field has a converter `(value, where) -> value` that raises `Invalid` naming the place;
a key ending in "?" may be left out.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from typing import Any

from app.incidents.enums import (
    ActionKind,
    ActionStatus,
    EntryKind,
    FactorCategory,
    Milestone,
    Priority,
    Severity,
    Status,
    Visibility,
)
from app.incidents.models import SECTIONS

Convert = Callable[[Any, str], Any]


class Invalid(ValueError):
    """A value in a demo file does not fit the schema."""


def _fail(where: str, problem: str) -> Invalid:
    return Invalid(f"{where}: {problem}" if where else problem)


def _of(kind: type, label: str, *, nullable: bool = False) -> Convert:
    def convert(value: Any, where: str) -> Any:
        if value is None and nullable:
            return None
        if not isinstance(value, kind):
            raise _fail(where, f"expected {label}, found {value!r}.")
        return value

    return convert


TEXT = _of(str, "text")
TEXT_OR_NULL = _of(str, "text or null", nullable=True)
FLAG = _of(bool, "true or false")
ANY_LIST = _of(list, "a list")


def _enum(cls: type[enum.Enum]) -> Convert:
    def convert(value: Any, where: str) -> enum.Enum:
        try:
            return cls(value)
        except ValueError:
            choices = ", ".join(m.value for m in cls)
            raise _fail(where, f"{value!r} is not one of {choices}.") from None

    return convert


def _moment(value: Any, where: str) -> dt.datetime:
    try:
        moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise _fail(where, f"{value!r} is not an ISO 8601 time.") from None
    if moment.tzinfo is None:
        raise _fail(where, f"{value!r} needs a UTC offset, like +01:00.")
    return moment


def _day(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _fail(where, f"{value!r} is not a date like 2026-10-15.") from None


def _list(item: Convert) -> Convert:
    def convert(value: Any, where: str) -> list[Any]:
        return [item(v, f"{where}[{i}]") for i, v in enumerate(ANY_LIST(value, where))]

    return convert


def _record(fields: dict[str, Convert]) -> Convert:
    required = {k for k in fields if not k.endswith("?")}
    known = {k.rstrip("?"): convert for k, convert in fields.items()}

    def convert(value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise _fail(where, f"expected a mapping of {', '.join(known)}.")
        if missing := sorted(required - value.keys()):
            raise _fail(where, f"missing {', '.join(missing)}.")
        if unknown := sorted(map(str, value.keys() - known.keys())):
            raise _fail(where, f"unknown {', '.join(unknown)}.")
        return {k: known[k](v, f"{where}.{k}" if where else k) for k, v in value.items()}

    return convert


DIRECTORY = _record(
    {
        "users": _list(_record({"email": TEXT, "name": TEXT, "timezone": TEXT, "admin": FLAG})),
        "teams": _list(_record({"name": TEXT, "description": TEXT})),
        "services": _list(_record({"name": TEXT, "team": TEXT, "description": TEXT})),
        "tags": _list(TEXT),
    }
)

ENTRY = _record(
    {
        "at": _moment,
        "kind": _enum(EntryKind),
        "milestone?": _enum(Milestone),
        "author": TEXT,
        "body": TEXT,
    }
)

ACTION = _record(
    {
        "title": TEXT,
        "description?": TEXT,
        "kind": _enum(ActionKind),
        "priority": _enum(Priority),
        "owner": TEXT,
        "due": _day,
        "status": _enum(ActionStatus),
        "wont_do_reason": TEXT_OR_NULL,
        "tracker_url": TEXT_OR_NULL,
    }
)

INCIDENT = _record(
    {
        "ref": TEXT,
        "title": TEXT,
        "severity": _enum(Severity),
        "status": _enum(Status),
        "visibility": _enum(Visibility),
        "owner": TEXT,
        "team": TEXT,
        "services": _list(TEXT),
        "tags": _list(TEXT),
        "is_exercise": FLAG,
        "example": FLAG,  # no column yet; checked so the files stay ready for it
        **dict.fromkeys(SECTIONS, TEXT),
        "no_action_reason": TEXT_OR_NULL,
        "timeline": _list(ENTRY),
        "factors": _list(_record({"category": _enum(FactorCategory), "description": TEXT})),
        "actions": _list(ACTION),
        # No models yet: a later issue loads deploys and alerts.
        "deploys": ANY_LIST,
        "alerts": ANY_LIST,
    }
)
