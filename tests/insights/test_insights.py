"""The insights page: distributions by severity and service, filters, and no restricted leaks."""

from __future__ import annotations

import datetime as dt

import pytest
from freezegun import freeze_time

from app.digests import settings
from app.extensions import db
from app.incidents.enums import ActionStatus, FactorCategory, Severity, Visibility
from app.insights import panels, queries
from app.insights.filters import Filters
from tests.digests.builders import WEDNESDAY_1400, incident, published
from tests.factories.accounts import make_user
from tests.factories.incidents import make_action

TODAY = dt.date(2026, 12, 7)
NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def berlin(app):
    app.config["DIGEST_TIMEZONE"] = "Europe/Berlin"
    yield
    app.config["DIGEST_TIMEZONE"] = "UTC"


def scope_for(viewer, **args):
    filters, problems = Filters.from_args(args, TODAY)
    assert problems == []
    return filters.scope(viewer, settings.timezone())


def test_restricted_incidents_count_only_for_those_who_may_see_them(app, member, admin) -> None:
    owner = make_user(name="Ola Owner", password=None)
    incident(owner, started=WEDNESDAY_1400, severity=Severity.SEV1)
    incident(
        owner, started=WEDNESDAY_1400, severity=Severity.SEV1, visibility=Visibility.RESTRICTED
    )
    db.session.commit()

    def sev1(viewer) -> int:
        return next(
            r.incidents
            for r in panels.severity_table(scope_for(viewer))
            if r.severity is Severity.SEV1
        )

    assert sev1(member) == 1
    assert sev1(owner) == 2
    assert sev1(admin) == 2


def test_durations_by_severity_are_median_and_p90(app, member) -> None:
    for minutes in (10, 20, 30, 40, 500):
        incident(
            member,
            started=WEDNESDAY_1400,
            severity=Severity.SEV2,
            detect=dt.timedelta(minutes=minutes),
        )
    db.session.commit()

    sev2 = next(r for r in panels.severity_table(scope_for(member)) if r.severity is Severity.SEV2)

    detect, mitigate, resolve = sev2.spreads
    assert (detect.count, detect.median) == (5, 30 * 60)
    assert detect.p90 == pytest.approx(60 * (40 + 0.6 * 460))
    assert resolve.median == 3600
    assert mitigate.median == 1800


def test_filters_narrow_by_team_service_and_dates(app, member) -> None:
    incident(member, started=WEDNESDAY_1400, team="payments", services=["billing"])
    incident(member, started=WEDNESDAY_1400, team="search", services=["search"])
    incident(member, started=WEDNESDAY_1400 - dt.timedelta(days=400), team="payments")
    db.session.commit()

    def total(**args) -> int:
        return len(queries.incidents(scope_for(member, **args)))

    assert total() == 2  # the last 52 weeks by default
    assert total(team="payments") == 1
    assert total(service="search") == 1
    assert total(**{"from": "2025-01-01", "to": "2026-12-31"}) == 3
    assert total(**{"from": "2026-12-03", "to": "2026-12-31"}) == 0


def test_bad_filter_dates_fall_back_and_say_so() -> None:
    filters, problems = Filters.from_args({"from": "yesterday", "to": "2026-02-30"}, TODAY)

    assert (filters.first_day, filters.last_day) == (TODAY - dt.timedelta(days=364), TODAY)
    assert len(problems) == 2
    assert "is not a date" in problems[0]


def test_follow_through_counts_items_done_within_30_60_and_90_days(app, member) -> None:
    found = incident(member, started=NOW - dt.timedelta(days=100))
    with freeze_time(NOW - dt.timedelta(days=100)):
        quick = make_action(found, member, title="Fix quickly")
        slow = make_action(found, member, title="Fix slowly")
        make_action(found, member, title="Never fixed")
    quick.status, quick.completed_at = ActionStatus.DONE, NOW - dt.timedelta(days=90)
    slow.status, slow.completed_at = ActionStatus.DONE, NOW - dt.timedelta(days=50)
    with freeze_time(NOW - dt.timedelta(days=40)):
        make_action(found, member, title="Too recent for 60 days")
    db.session.commit()

    windows = queries.follow_through(scope_for(member), NOW)

    assert [(w.days, w.done, w.due) for w in windows] == [(30, 1, 4), (60, 2, 3), (90, 2, 3)]


def test_factor_categories_are_counted_per_month(app, member) -> None:
    incident(member, started=WEDNESDAY_1400, factors=[FactorCategory.CAPACITY, FactorCategory.DATA])
    incident(
        member, started=WEDNESDAY_1400 - dt.timedelta(days=40), factors=[FactorCategory.CAPACITY]
    )
    db.session.commit()

    table = queries.factor_months(scope_for(member))

    assert table == {"Capacity": {"2026-10": 1, "2026-12": 1}, "Data": {"2026-12": 1}}


def test_time_to_publish_runs_from_resolution_to_first_revision(app, member) -> None:
    published(member, at=WEDNESDAY_1400, started=WEDNESDAY_1400 - dt.timedelta(days=3))
    db.session.commit()

    found = queries.time_to_publish(scope_for(member))

    assert found[Severity.SEV2] == [pytest.approx((3 * 24 - 1) * 3600)]


def test_the_page_and_every_chart_render(app, member_client, member) -> None:
    incident(member, started=WEDNESDAY_1400, services=["search"], factors=[FactorCategory.DATA])
    db.session.commit()

    with freeze_time(NOW):
        page = member_client.get("/insights/?team=&service=search")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        for name in panels.CHARTS:
            assert f"/insights/charts/{name}.png?service=search" in html
            chart = member_client.get(f"/insights/charts/{name}.png?service=search")
            assert chart.status_code == 200
            assert chart.mimetype == "image/png"
            assert chart.data.startswith(b"\x89PNG")
        assert member_client.get("/insights/charts/nope.png").status_code == 404


def test_deploy_share_and_hours_come_from_confirmed_suspected_triggers(app, member) -> None:
    from app.digests import deploys
    from app.integrations.enums import DeployStatus, Relation, Source
    from app.integrations.models import ChangeLink, Deploy

    scope = scope_for(member)
    assert deploys.share(scope) is None  # no deploy ever received: "no deploy data yet"

    after_deploy = incident(member, started=WEDNESDAY_1400)
    incident(member, started=WEDNESDAY_1400)
    dismissed = incident(member, started=WEDNESDAY_1400)
    shipped = [
        Deploy(
            source=Source.DEPLOYS,
            dedupe_key=f"d{n}",
            started_at=WEDNESDAY_1400 - dt.timedelta(minutes=20),
            utc_offset_minutes=60,
            raw={},
            status=DeployStatus.SUCCESS,
        )
        for n in range(2)
    ]
    db.session.add_all(shipped)
    db.session.flush()
    db.session.add_all(
        [
            ChangeLink(
                incident_id=after_deploy.id,
                deploy_id=shipped[0].id,
                relation=Relation.SUSPECTED_TRIGGER,
            ),
            ChangeLink(
                incident_id=dismissed.id, deploy_id=shipped[1].id, relation=Relation.DISMISSED
            ),
        ]
    )
    db.session.commit()

    share = deploys.share(scope)
    assert (share.with_deploy, share.incidents) == (1, 3)
    cells = deploys.weekday_hour(deploys.trigger_moments(scope), "UTC")
    assert cells[2][14] == 1  # Wednesday 14:40 at the deployer's +01:00
    assert sum(map(sum, cells)) == 1
