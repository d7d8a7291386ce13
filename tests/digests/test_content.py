"""What a week's digest says, and to whom: computed from the data, never leaking restricted."""

from __future__ import annotations

import datetime as dt

from freezegun import freeze_time

from app.digests import content
from app.digests.weeks import IsoWeek
from app.extensions import db
from app.incidents.enums import Severity, Visibility
from tests.digests.builders import FRIDAY_1700, MONDAY_0900, WEDNESDAY_1400, WEEK, published
from tests.factories.accounts import make_user

W49 = IsoWeek.parse(WEEK)
BERLIN = "Europe/Berlin"


def build(viewer):
    return content.build(week=W49, tz_name=BERLIN, viewer=viewer)


def test_lists_the_reviews_first_published_that_week(app, member) -> None:
    inside = published(member, at=WEDNESDAY_1400, title="Search timed out", services=["search"])
    published(member, at=MONDAY_0900 - dt.timedelta(days=1), title="Published the week before")
    db.session.commit()

    digest = build(member)

    assert [r.ref for r in digest.reviews] == [inside.ref]
    item = digest.reviews[0]
    assert item.title == "Search timed out"
    assert item.services == ["search"]
    assert item.summary.startswith("Checkout returned errors")
    assert ("What surprised us", "The pool size was read at start-up only.") in item.learnings
    assert item.factors == ["Change"]


def test_restricted_reviews_appear_only_as_a_count_for_outsiders(app, member, admin) -> None:
    owner = make_user(name="Restricted Owner", password=None)
    secret = published(
        owner, at=WEDNESDAY_1400, title="Badge reader outage", visibility=Visibility.RESTRICTED
    )
    published(owner, at=FRIDAY_1700, title="Queue backlog")
    db.session.commit()

    outsider, external = build(member), build(None)
    for digest in (outsider, external):
        assert [r.title for r in digest.reviews] == ["Queue backlog"]
        assert digest.hidden == 1
    insider = build(owner)
    assert {r.title for r in insider.reviews} == {"Badge reader outage", "Queue backlog"}
    assert insider.hidden == 0
    assert [r.ref for r in build(admin).reviews if r.restricted] == [secret.ref]


def test_counts_incidents_by_severity_against_the_4_and_12_weeks_before(app, member) -> None:
    from tests.digests.builders import incident

    for weeks_back, severity in [
        (0, Severity.SEV1),
        (0, Severity.SEV1),
        (2, Severity.SEV1),
        (6, Severity.SEV1),
        (12, Severity.SEV3),
        (13, Severity.SEV1),
    ]:
        incident(member, started=WEDNESDAY_1400 - dt.timedelta(weeks=weeks_back), severity=severity)
    db.session.commit()

    counts = {c.severity: c for c in build(member).trend.counts}

    sev1 = counts[Severity.SEV1]
    assert (sev1.this_week, sev1.previous_4, sev1.previous_12) == (2, 1, 2)  # week 13 is out
    assert sev1.per_week_4 == 0.25
    assert (counts[Severity.SEV3].this_week, counts[Severity.SEV3].previous_12) == (0, 1)


def test_durations_are_medians_and_90th_percentiles_not_means(app, member) -> None:
    from tests.digests.builders import incident

    for minutes in (1, 2, 3, 4, 100):
        incident(member, started=WEDNESDAY_1400, detect=dt.timedelta(minutes=minutes))
    db.session.commit()

    this_week, _ = build(member).trend.detect

    assert this_week.count == 5
    assert this_week.median == 180  # the mean would be 22 minutes
    assert round(this_week.p90) == round(60 * (4 + 0.6 * 96))


def test_week_bounds_follow_the_digest_time_zone(app, member) -> None:
    from tests.digests.builders import incident

    # Sunday 23:30 in Berlin is still week 49 there, though it is Sunday 22:30 UTC.
    incident(member, started=dt.datetime(2026, 12, 6, 22, 30, tzinfo=dt.UTC), title="Late")
    # Monday 00:30 in Berlin (Sunday 23:30 UTC) already belongs to week 50.
    incident(member, started=dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC), title="Next week")
    db.session.commit()

    assert build(member).trend.total == 1


def test_a_week_without_anything_is_a_short_friendly_digest(app, member) -> None:
    digest = build(member)

    assert digest.quiet
    assert digest.reviews == []
    assert digest.highlight is None
    assert len(digest.charts) == 2
    assert all(c.png.startswith(b"\x89PNG") for c in digest.charts)


def test_recurring_themes_are_in_two_or_more_incidents_in_90_days(app, member) -> None:
    from app.incidents.enums import FactorCategory
    from tests.digests.builders import incident

    capacity = [FactorCategory.CAPACITY]
    incident(member, started=WEDNESDAY_1400, services=["search"], factors=capacity)
    incident(
        member,
        started=WEDNESDAY_1400 - dt.timedelta(days=80),
        services=["search"],
        factors=capacity,
    )
    incident(
        member,
        started=WEDNESDAY_1400 - dt.timedelta(days=120),
        services=["billing"],
        factors=capacity,
    )
    incident(member, started=WEDNESDAY_1400, services=["billing"], factors=[FactorCategory.DATA])
    db.session.commit()

    themes = {(t.kind, t.label): t.reviews for t in build(member).themes}

    assert themes == {("factor", "Capacity"): 2, ("service", "search"): 2}


def test_action_items_opened_completed_and_overdue_by_team_oldest_first(app, member) -> None:
    from app.incidents.enums import ActionStatus
    from app.incidents.models import ActionItem
    from tests.digests.builders import incident
    from tests.factories.incidents import make_action

    owner = make_user(name="Olu Owner", password=None)
    payments = incident(member, started=WEDNESDAY_1400 - dt.timedelta(days=40), team="payments")
    search = incident(member, started=WEDNESDAY_1400 - dt.timedelta(days=40), team="search")
    with freeze_time(WEDNESDAY_1400 - dt.timedelta(days=40)):
        late = make_action(
            payments, member, title="Add a canary stage", owner=owner, due_date=dt.date(2026, 11, 1)
        )
        later = make_action(
            payments, member, title="Alert on pool saturation", due_date=dt.date(2026, 11, 20)
        )
        make_action(search, member, title="Document the failover", due_date=dt.date(2026, 11, 25))
        make_action(search, member, title="Not due yet", due_date=dt.date(2026, 12, 24))
    with freeze_time(WEDNESDAY_1400):
        make_action(search, member, title="Opened this week", due_date=dt.date(2027, 1, 10))
        done = make_action(search, member, title="Done this week", due_date=dt.date(2026, 11, 2))
    done.status, done.completed_at = ActionStatus.DONE, FRIDAY_1700
    db.session.commit()

    actions = build(member).actions

    assert (actions.opened, actions.completed, actions.overdue) == (2, 1, 3)
    assert [g.team for g in actions.teams] == ["payments", "search"]
    assert [i.title for i in actions.teams[0].items] == [late.title, later.title]
    assert actions.teams[0].items[0].owner == "Olu Owner"
    assert actions.teams[0].items[0].days_overdue == 36
    assert db.session.get(ActionItem, late.id) is not None


def test_review_of_the_week_is_the_most_nominated_one(app, member) -> None:
    from app.digests import services

    calm = published(member, at=MONDAY_0900, title="Calm one", severity=Severity.SEV4)
    published(member, at=FRIDAY_1700, title="Newest SEV1", severity=Severity.SEV1)
    for name in ("Ann", "Ben"):
        services.toggle_nomination(actor=make_user(name=name, password=None), incident=calm)
    db.session.commit()

    digest = build(member)

    assert digest.highlight is not None
    assert digest.highlight.title == "Calm one"
    assert "2 nominations" in digest.highlight_reason


def test_without_nominations_the_newest_sev1_or_sev2_is_review_of_the_week(app, member) -> None:
    published(member, at=MONDAY_0900, title="Older SEV2", severity=Severity.SEV2)
    published(member, at=FRIDAY_1700, title="Newest SEV1", severity=Severity.SEV1)
    published(member, at=FRIDAY_1700 + dt.timedelta(hours=1), title="SEV3", severity=Severity.SEV3)
    db.session.commit()

    assert build(member).highlight.title == "Newest SEV1"
