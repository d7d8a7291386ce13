"""ISO weeks in the digest's zone: the year turning over (week 53) and daylight saving."""

from __future__ import annotations

import datetime as dt

import pytest
from freezegun import freeze_time

from app.clock import utcnow
from app.digests.weeks import BadWeek, IsoWeek

NEW_YEARS_EVE_2300_BERLIN = "2026-12-31 22:00:00"  # UTC; Thursday of 2026-W53
NEW_YEAR_MONDAY_0700 = "2027-01-04 06:00:00"  # UTC; the Monday after 2026-W53 ends
DST_ENDS_MONDAY_0700 = "2026-10-26 06:00:00"  # UTC; Berlin left summer time on Sunday 25 Oct


@pytest.mark.parametrize("text", ["2026-49", "2026-W7", "W49-2026", "2026-W00", "", "2026-W49x"])
def test_malformed_weeks_are_refused_with_an_example(text: str) -> None:
    with pytest.raises(BadWeek, match=r"2026-W49|has no week"):
        IsoWeek.parse(text)


def test_week_53_exists_only_in_long_years() -> None:
    assert IsoWeek.parse("2026-W53").monday == dt.date(2026, 12, 28)
    with pytest.raises(BadWeek, match="2025 has no week 53"):
        IsoWeek.parse("2025-W53")


@freeze_time(NEW_YEARS_EVE_2300_BERLIN)
def test_new_years_eve_is_in_week_53_of_the_old_year() -> None:
    week = IsoWeek.containing(utcnow(), "Europe/Berlin")

    assert str(week) == "2026-W53"
    assert week.next() == IsoWeek(2027, 1)
    assert week.label == "Week 53, 28 Dec 2026 to 3 Jan 2027"


@freeze_time(NEW_YEAR_MONDAY_0700)
def test_the_monday_job_after_new_year_sends_week_53() -> None:
    assert str(IsoWeek.last_complete(utcnow(), "Europe/Berlin")) == "2026-W53"


@freeze_time(DST_ENDS_MONDAY_0700)
def test_the_week_daylight_saving_ends_is_an_hour_longer() -> None:
    week = IsoWeek.last_complete(utcnow(), "Europe/Berlin")
    start, end = week.bounds("Europe/Berlin")

    assert str(week) == "2026-W43"
    assert start == dt.datetime(2026, 10, 18, 22, 0, tzinfo=dt.UTC)  # midnight, summer time
    assert end == dt.datetime(2026, 10, 25, 23, 0, tzinfo=dt.UTC)  # midnight, winter time
    assert end - start == dt.timedelta(hours=169)


def test_the_week_daylight_saving_starts_is_an_hour_shorter() -> None:
    start, end = IsoWeek.parse("2026-W13").bounds("Europe/Berlin")

    assert end - start == dt.timedelta(hours=167)


def test_a_week_ends_at_local_midnight_not_utc_midnight() -> None:
    week = IsoWeek.parse("2026-W49")

    assert week.end("UTC") == dt.datetime(2026, 12, 7, tzinfo=dt.UTC)
    assert week.end("America/Los_Angeles") == dt.datetime(2026, 12, 7, 8, tzinfo=dt.UTC)
    assert not week.has_ended(dt.datetime(2026, 12, 7, 7, tzinfo=dt.UTC), "America/Los_Angeles")
