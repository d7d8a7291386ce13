"""Portable SQL for reporting: durations and times as numbers, months as text, on both engines.

Numbers come back far faster than datetimes (SQLite stores text that would be parsed row by
row), so aggregates and distributions are computed from seconds.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

UNIX_EPOCH_JULIAN = 2440587.5


class seconds_between(FunctionElement):  # lower case: reads like the SQL function it is
    """`end - start` in seconds, as a float (NULL when either is NULL)."""

    type = Float()
    inherit_cache = True
    name = "seconds_between"


class epoch(FunctionElement):
    """A UTC timestamp as seconds since 1970-01-01."""

    type = Float()
    inherit_cache = True
    name = "epoch"


class utc_month(FunctionElement):
    """The UTC calendar month of a timestamp, as `YYYY-MM`."""

    type = String()
    inherit_cache = True
    name = "utc_month"


def _args(element: Any, compiler: Any, **kw: Any) -> list[str]:
    return [compiler.process(arg, **kw) for arg in element.clauses]


@compiles(seconds_between)
def _seconds_between(element: Any, compiler: Any, **kw: Any) -> str:
    start, end = _args(element, compiler, **kw)
    return f"EXTRACT(EPOCH FROM ({end} - {start}))"


@compiles(seconds_between, "sqlite")
def _seconds_between_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    start, end = _args(element, compiler, **kw)
    # julianday() is a float of days: round away its microsecond noise (179.99998 s is 180 s).
    return f"ROUND((julianday({end}) - julianday({start})) * 86400.0, 3)"


@compiles(epoch)
def _epoch(element: Any, compiler: Any, **kw: Any) -> str:
    (value,) = _args(element, compiler, **kw)
    return f"EXTRACT(EPOCH FROM {value})"


@compiles(epoch, "sqlite")
def _epoch_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    (value,) = _args(element, compiler, **kw)
    return f"ROUND((julianday({value}) - {UNIX_EPOCH_JULIAN}) * 86400.0, 3)"


@compiles(utc_month)
def _utc_month(element: Any, compiler: Any, **kw: Any) -> str:
    (value,) = _args(element, compiler, **kw)
    return f"to_char({value} AT TIME ZONE 'UTC', 'YYYY-MM')"


@compiles(utc_month, "sqlite")
def _utc_month_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    (value,) = _args(element, compiler, **kw)
    return f"strftime('%Y-%m', {value})"
