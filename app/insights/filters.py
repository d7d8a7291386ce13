"""The insights page's filters: team, service and a date range in the organisation's zone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from app import clock
from app.accounts.models import User
from app.insights.scope import Scope

DEFAULT_DAYS = 364  # 52 weeks
LONGEST_DAYS = 5 * 366


@dataclass(frozen=True)
class Filters:
    team: str
    service: str
    first_day: dt.date
    last_day: dt.date  # inclusive

    @classmethod
    def from_args(cls, args: Mapping[str, str], today: dt.date) -> tuple[Filters, list[str]]:
        """Read the query string; fall back to the last 52 weeks, saying what was wrong."""
        problems: list[str] = []
        last = _day(args.get("to", ""), today, "to", problems)
        first = _day(args.get("from", ""), last - dt.timedelta(days=DEFAULT_DAYS), "from", problems)
        if first > last:
            problems.append("The range ends before it starts; showing the 52 weeks up to its end.")
            first = last - dt.timedelta(days=DEFAULT_DAYS)
        if (last - first).days > LONGEST_DAYS:
            problems.append("Ranges are limited to five years; showing the last five.")
            first = last - dt.timedelta(days=LONGEST_DAYS)
        team, service = args.get("team", "").strip()[:80], args.get("service", "").strip()[:80]
        return cls(team, service, first, last), problems

    def scope(self, viewer: User, tz_name: str) -> Scope:
        """Return the incidents these filters select that `viewer` may see."""
        start = clock.from_local(dt.datetime.combine(self.first_day, dt.time()), tz_name)
        end = clock.from_local(
            dt.datetime.combine(self.last_day + dt.timedelta(days=1), dt.time()), tz_name
        )
        return Scope(viewer, team=self.team, service=self.service, start=start, end=end)

    def args(self) -> dict[str, str]:
        """Return the filters as query arguments, for links and chart addresses."""
        values = {
            "team": self.team,
            "service": self.service,
            "from": self.first_day.isoformat(),
            "to": self.last_day.isoformat(),
        }
        return {k: v for k, v in values.items() if v}


def _day(raw: str, default: dt.date, name: str, problems: list[str]) -> dt.date:
    if not raw.strip():
        return default
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        problems.append(f"'{raw[:20]}' is not a date (use YYYY-MM-DD) for '{name}'; ignored.")
        return default
