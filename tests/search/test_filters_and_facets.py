"""Filters narrow the results; facets count the current results, only those the viewer sees."""

from __future__ import annotations

import datetime as dt

import pytest

from app.accounts.models import User
from app.extensions import db
from app.incidents.enums import FactorCategory, Milestone, Severity, Status, Visibility
from tests.factories.accounts import make_user
from tests.factories.incidents import T0, make_entry, make_factor, make_incident
from tests.search.conftest import find, refs

pytestmark = pytest.mark.usefixtures("filler", "catalog")


@pytest.fixture
def pair(owner: User):
    """Two reviews that both mention a replica, different in every filterable way."""
    first = make_incident(
        owner,
        title="Replica lag on checkout",
        severity=Severity.SEV1,
        services_=["checkout"],
        team="Checkout",
        tags=["database"],
    )
    make_factor(first, owner, category=FactorCategory.CAPACITY, description="Disk was full.")
    make_entry(first, owner, at=T0, milestone=Milestone.STARTED)
    second = make_incident(
        owner,
        title="Replica promoted in payments",
        severity=Severity.SEV3,
        services_=["payments"],
        tags=["failover"],
    )
    make_factor(second, owner, category=FactorCategory.CHANGE, description="A new flag.")
    make_entry(second, owner, at=T0 - dt.timedelta(days=40), milestone=Milestone.STARTED)
    second.status = Status.PUBLISHED  # as the review workflow would, without the ceremony
    db.session.commit()
    return first, second


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("severity", "SEV1", 0),
        ("severity", "sev3", 1),
        ("service", "checkout", 0),
        ("service", "payments", 1),
        ("team", "Checkout", 0),
        ("tag", "failover", 1),
        ("factor", "capacity", 0),
        ("factor", "change", 1),
        ("status", "published", 1),
        ("status", "draft", 0),
        ("date_from", T0.date() - dt.timedelta(days=1), 0),
        ("date_to", T0.date() - dt.timedelta(days=30), 1),
    ],
)
def test_each_filter_keeps_only_matching_reviews(owner, pair, name, value, expected) -> None:
    result = find(owner, "replica", **{name: value})

    assert refs(result) == [pair[expected].ref]
    assert result.message is None


def test_facets_count_the_results_of_the_current_query(owner: User, pair) -> None:
    facets = find(owner, "replica").facets

    assert facets["severity"] == {"SEV1": 1, "SEV3": 1}
    assert facets["service"] == {"checkout": 1, "payments": 1}
    assert facets["team"] == {"Checkout": 1}
    assert facets["tag"] == {"database": 1, "failover": 1}
    assert facets["factor"] == {"capacity": 1, "change": 1}
    assert facets["status"] == {"draft": 1, "published": 1}


def test_facets_follow_the_filters(owner: User, pair) -> None:
    facets = find(owner, "replica", service="payments").facets

    assert facets["service"] == {"payments": 1}
    assert facets["severity"] == {"SEV3": 1}


def test_facets_count_only_reviews_the_viewer_may_see(owner: User, pair) -> None:
    secret = make_incident(
        owner,
        title="Replica credentials leaked",
        services_=["checkout"],
        visibility=Visibility.RESTRICTED,
    )
    db.session.commit()
    outsider = make_user(name="Oscar Outsider", password=None)
    db.session.commit()

    assert find(outsider, "replica").facets["service"] == {"checkout": 1, "payments": 1}
    assert find(owner, "replica").facets["service"] == {"checkout": 2, "payments": 1}
    assert secret.ref in refs(find(owner, "replica"))


@pytest.mark.parametrize(
    ("name", "value"),
    [("severity", "SEV9"), ("status", "archived"), ("factor", "gremlins"), ("service", "nope"),
     ("team", "Nobody"), ("tag", "no-such-tag")],
)  # fmt: skip
def test_an_unknown_filter_value_is_ignored_with_a_clear_message(owner, pair, name, value) -> None:
    result = find(owner, "replica", **{name: value})

    assert len(result.hits) == 2
    assert result.message == f"There is no {name} called “{value}”, so that filter was ignored."


def test_dates_in_the_wrong_order_are_ignored_with_a_message(owner: User, pair) -> None:
    result = find(owner, "replica", date_from=T0.date(), date_to=T0.date() - dt.timedelta(days=9))

    assert len(result.hits) == 2
    assert "“from” date is after the “to” date" in result.message
