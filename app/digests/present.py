"""How the digest says numbers, times and links, the same in every format."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app import clock


@dataclass(frozen=True)
class Presenter:
    """Formatting helpers handed to the templates; `base_url` is empty for on-site links."""

    tz_name: str
    base_url: str = ""

    def duration(self, seconds: float | None) -> str:
        if seconds is None:
            return "n/a"
        return clock.humanise_duration(dt.timedelta(seconds=round(seconds)))

    def per_week(self, value: float) -> str:
        return f"{value:.1f}".rstrip("0").rstrip(".") if value else "0"

    def percent(self, value: float | None) -> str:
        return "n/a" if value is None else f"{value:.0%}"

    def day(self, moment: dt.datetime) -> str:
        return clock.to_local(moment, self.tz_name).strftime("%a %-d %b")

    def review_url(self, ref: str) -> str:
        return f"{self.base_url}/incidents/{ref}"

    def digest_url(self, week: object) -> str:
        return f"{self.base_url}/digests/{week}"

    def plural(self, count: int, noun: str, many: str | None = None) -> str:
        return f"{count} {noun if count == 1 else (many or noun + 's')}"
