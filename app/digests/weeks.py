"""ISO weeks in the organisation's time zone: parsing, boundaries, neighbours."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from app import clock

WEEK_PATTERN = re.compile(r"^(\d{4})-W(\d{2})$")
# A digest compares with the 12 weeks before it and links the week after: stay clear of the
# calendar's ends.
FIRST_YEAR, LAST_YEAR = 1971, 9998


class BadWeek(ValueError):
    """A week string that is not an ISO week such as 2026-W49."""


@dataclass(frozen=True, order=True)
class IsoWeek:
    """An ISO 8601 week: weeks start on Monday; week 1 holds the year's first Thursday."""

    year: int
    week: int

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """Read `2026-W49`; raise BadWeek with a message fit for people otherwise."""
        match = WEEK_PATTERN.match(text.strip())
        if match is None:
            raise BadWeek(f"{text!r} is not an ISO week; write it like 2026-W49.")
        year, week = int(match[1]), int(match[2])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise BadWeek(f"Digests cover the years {FIRST_YEAR} to {LAST_YEAR}, not {year}.")
        try:
            dt.date.fromisocalendar(year, week, 1)
        except ValueError as exc:
            raise BadWeek(f"{year} has no week {week}.") from exc
        return cls(year, week)

    @classmethod
    def of(cls, day: dt.date) -> IsoWeek:
        """Return the week a calendar day belongs to."""
        year, week, _ = day.isocalendar()
        return cls(year, week)

    @classmethod
    def containing(cls, moment: dt.datetime, tz_name: str) -> IsoWeek:
        """Return the week that `moment` falls in on the wall clock of `tz_name`."""
        return cls.of(clock.to_local(moment, tz_name).date())

    @classmethod
    def last_complete(cls, now: dt.datetime, tz_name: str) -> IsoWeek:
        """Return the most recent week that has ended, as the Monday job sends it."""
        return cls.containing(now, tz_name).previous()

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def monday(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    def shift(self, weeks: int) -> IsoWeek:
        return IsoWeek.of(self.monday + dt.timedelta(weeks=weeks))

    def previous(self) -> IsoWeek:
        return self.shift(-1)

    def next(self) -> IsoWeek:
        return self.shift(1)

    def start(self, tz_name: str) -> dt.datetime:
        """Return Monday 00:00 on the local wall clock, in UTC."""
        return _local_midnight(self.monday, tz_name)

    def end(self, tz_name: str) -> dt.datetime:
        """Return the next Monday 00:00 on the local wall clock, in UTC (exclusive)."""
        return _local_midnight(self.monday + dt.timedelta(days=7), tz_name)

    def bounds(self, tz_name: str) -> tuple[dt.datetime, dt.datetime]:
        return self.start(tz_name), self.end(tz_name)

    def has_ended(self, now: dt.datetime, tz_name: str) -> bool:
        return now >= self.end(tz_name)

    @property
    def label(self) -> str:
        """Say the week the way people do: 'Week 49, 30 Nov to 6 Dec 2026'."""
        first, last = self.monday, self.sunday
        left = first.strftime("%-d %b") + (f" {first.year}" if first.year != last.year else "")
        return f"Week {self.week}, {left} to {last.strftime('%-d %b %Y')}"


def _local_midnight(day: dt.date, tz_name: str) -> dt.datetime:
    return clock.from_local(dt.datetime.combine(day, dt.time()), tz_name)
