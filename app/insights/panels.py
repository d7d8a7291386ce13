"""Each insights chart: its query, shaped for the shared renderer. Name -> PNG bytes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from app import clock
from app.digests import deploys
from app.digests.weeks import IsoWeek
from app.incidents.enums import Severity
from app.insights import charts, charts_dist, queries
from app.insights.queries import MEASURES
from app.insights.scope import Scope
from app.insights.stats import Spread

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _weeks(scope: Scope, tz_name: str) -> list[IsoWeek]:
    if scope.start is None or scope.end is None:
        raise ValueError("weekly charts need a dated scope")
    first = IsoWeek.containing(scope.start, tz_name)
    last = IsoWeek.containing(scope.end - dt.timedelta(seconds=1), tz_name)
    weeks = [first]
    while weeks[-1] < last:
        weeks.append(weeks[-1].next())
    return weeks


def weekly(scope: Scope, tz_name: str) -> bytes:
    """Incidents per week, stacked by severity."""
    weeks = _weeks(scope, tz_name)
    index = {w: i for i, w in enumerate(weeks)}
    table = {s.value: [0.0] * len(weeks) for s in Severity}
    zone = clock.zone(tz_name)
    for row in queries.incidents(scope):
        local = dt.datetime.fromtimestamp(row.started, zone).date()
        position = index.get(IsoWeek.of(local))
        if position is not None:
            table[row.severity.value][position] += 1
    labels = tuple(w.monday.strftime("%-d %b") for w in weeks)
    series = charts.series_of([s.value for s in Severity], table)
    return charts.stacked_bars("Incidents per week by severity", labels, series)


def _boxes(title: str, groups: dict[str, list[tuple[float | None, ...]]]) -> bytes:
    panels = tuple(
        (name, tuple((label, _clean(r[i] for r in rows)) for label, rows in groups.items()))
        for i, (name, _) in enumerate(MEASURES)
    )
    return charts_dist.duration_boxes(title, panels)


def _clean(values) -> tuple[float, ...]:
    return tuple(v for v in values if v is not None and v >= 0)


def by_severity(scope: Scope, tz_name: str) -> bytes:
    """Time to detect, mitigate and resolve, per severity."""
    groups: dict[str, list[tuple[float | None, ...]]] = {s.value: [] for s in Severity}
    for row in queries.incidents(scope):
        groups[row.severity.value].append(row.durations)
    return _boxes("How long incidents took, by severity", groups)


def by_service(scope: Scope, tz_name: str) -> bytes:
    """Time to detect, mitigate and resolve, for the services with most incidents."""
    return _boxes(
        "How long incidents took, by service (most incidents first)",
        queries.service_durations(scope),
    )


def factors(scope: Scope, tz_name: str) -> bytes:
    """Contributing factor categories per month."""
    table = queries.factor_months(scope)
    months = sorted({m for counts in table.values() for m in counts})
    ranked = sorted(table, key=lambda c: -sum(table[c].values()))
    top, rest = ranked[:6], ranked[6:]
    rows = {c: [float(table[c].get(m, 0)) for m in months] for c in top}
    if rest:
        rows["Other"] = [float(sum(table[c].get(m, 0) for c in rest)) for m in months]
    labels = tuple(dt.date.fromisoformat(m + "-01").strftime("%b %y") for m in months)
    return charts.stacked_bars(
        "Contributing factors per month (incidents)",
        labels,
        charts.series_of([*top, "Other"], rows),
    )


def follow_through(scope: Scope, tz_name: str) -> bytes:
    """Share of action items done within 30, 60 and 90 days."""
    windows = queries.follow_through(scope, clock.utcnow())
    labels = tuple(f"within {w.days} days (of {w.due})" for w in windows)
    series = (("Done", tuple(w.share or 0.0 for w in windows)),)
    return charts.stacked_bars("Action items done in time", labels, series, percent=True)


def deploy_hours(scope: Scope, tz_name: str) -> bytes:
    """Incidents whose suspected trigger was a deploy, by the deploy's weekday and hour."""
    moments = deploys.trigger_moments(scope)
    if moments is None:
        return charts.empty("Incidents after deploys: no deploy data yet")
    cells = deploys.weekday_hour(moments, tz_name)
    hours = tuple(f"{h:02d}" for h in range(24))
    return charts.heatmap(
        "Incidents after deploys, by the deploy's weekday and hour",
        WEEKDAYS,
        hours,
        tuple(map(tuple, cells)),
    )


def time_to_publish(scope: Scope, tz_name: str) -> bytes:
    """Time from an incident's end to its first published review, per severity."""
    found = queries.time_to_publish(scope)
    groups = tuple((s.value, tuple(found[s])) for s in Severity)
    return charts_dist.duration_boxes(
        "From incident to published review", (("Time to publish", groups),)
    )


CHARTS: dict[str, tuple[str, Callable[[Scope, str], bytes]]] = {
    "weekly": ("Incidents per week by severity", weekly),
    "by-severity": ("Time to detect, mitigate and resolve by severity", by_severity),
    "by-service": ("Time to detect, mitigate and resolve by service", by_service),
    "factors": ("Contributing factor categories over time", factors),
    "follow-through": ("Action item follow-through", follow_through),
    "deploys": ("Incidents after deploys by weekday and hour", deploy_hours),
    "time-to-publish": ("Time from incident to published review", time_to_publish),
}


@dataclass(frozen=True)
class SeverityRow:
    severity: Severity
    incidents: int
    spreads: list[Spread]  # detect, mitigate, resolve


def severity_table(scope: Scope) -> list[SeverityRow]:
    """Return the count and each measure's median and p90 per severity, for the page's table."""
    counts = dict.fromkeys(Severity, 0)
    groups: dict[Severity, list[list[float]]] = {s: [[], [], []] for s in Severity}
    for row in queries.incidents(scope):
        counts[row.severity] += 1
        for i, value in enumerate(row.durations):
            if value is not None:
                groups[row.severity][i].append(value)
    return [SeverityRow(s, counts[s], [Spread.of(v) for v in groups[s]]) for s in Severity]
