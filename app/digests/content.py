"""Everything a digest says for one week and one reader, computed from the data."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from app.accounts.models import User
from app.digests import actions, deploys, measures, reviews
from app.digests.weeks import IsoWeek
from app.incidents.enums import Severity
from app.insights import charts, charts_dist
from app.insights.scope import Scope


@dataclass(frozen=True)
class Chart:
    """A rendered chart: `name` is its file name and, in email, its Content-ID."""

    name: str
    alt: str
    png: bytes

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode()


@dataclass(frozen=True)
class DigestContent:
    week: IsoWeek
    tz_name: str
    start: dt.datetime
    end: dt.datetime
    reviews: list[reviews.ReviewItem]
    hidden: int  # reviews published this week the reader may not see
    highlight: reviews.ReviewItem | None
    highlight_reason: str
    trend: measures.Trend
    actions: actions.ActionSummary
    themes: list[measures.Theme]
    deploys: deploys.DeployShare | None

    @cached_property
    def charts(self) -> list[Chart]:
        """Render the charts when first asked for: the feed and the numbers do not need them."""
        return _charts(self.trend)

    @property
    def quiet(self) -> bool:
        """A week with nothing published and no incidents: the digest stays short."""
        return not self.reviews and not self.hidden and self.trend.total == 0

    @property
    def title(self) -> str:
        return f"Learning digest · {self.week.label}"


def build(*, week: IsoWeek, tz_name: str, viewer: User | None) -> DigestContent:
    """Compute the digest of `week` as `viewer` may see it (None: internal reviews only)."""
    start, end = week.bounds(tz_name)
    scope = Scope(viewer, start=start, end=end)
    items = reviews.published(viewer, start, end)
    highlight, reason = reviews.review_of_the_week(items)
    trend = measures.trend(scope, week, tz_name)
    return DigestContent(
        week=week,
        tz_name=tz_name,
        start=start,
        end=end,
        reviews=items,
        hidden=reviews.hidden_count(viewer, start, end),
        highlight=highlight,
        highlight_reason=reason,
        trend=trend,
        actions=actions.summary(scope, start, end, week.sunday),
        themes=measures.themes(scope, end),
        deploys=deploys.share(scope),
    )


def _charts(trend: measures.Trend) -> list[Chart]:
    labels = tuple(f"W{w.week:02d}" for w in trend.weeks)
    series = charts.series_of([s.value for s in Severity], trend.per_week)
    weekly = charts.stacked_bars(
        "Incidents per week by severity (this week outlined)",
        labels,
        series,
        highlight=len(labels) - 1,
    )
    this_week, before = "This week", f"{measures.HISTORY_WEEKS} weeks before"
    durations = charts_dist.duration_boxes(
        "Time to detect and to resolve",
        (
            (
                "Time to detect",
                ((this_week, trend.detect_values[0]), (before, trend.detect_values[1])),
            ),
            (
                "Time to resolve",
                ((this_week, trend.resolve_values[0]), (before, trend.resolve_values[1])),
            ),
        ),
    )
    counts = ", ".join(f"{c.severity.value} {c.this_week}" for c in trend.counts)
    return [
        Chart(
            "incidents-per-week.png", f"Incidents per week by severity; this week: {counts}", weekly
        ),
        Chart(
            "time-to-detect-and-resolve.png",
            "Box plots of time to detect and to resolve, this week against the 12 weeks before",
            durations,
        ),
    ]
