"""What matches and in what order: OR with ranking, stemming, phrases, exclusions, sorting."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask

from app.accounts.models import User
from app.extensions import db
from app.incidents.enums import Milestone
from tests.factories.incidents import T0, make_entry, make_incident
from tests.search.conftest import find, refs

pytestmark = pytest.mark.usefixtures("filler")


def test_an_eight_word_query_ranks_the_review_matching_most_words_first(owner: User) -> None:
    partial = [
        make_incident(owner, title="Database maintenance overran", summary="Replica upgrade."),
        make_incident(owner, title="Checkout latency in us-east", summary="Slow pricing calls."),
        make_incident(owner, title="Region evacuation drill", summary="A planned failover."),
    ]
    target = make_incident(
        owner,
        title="Checkout down during a database failover",
        summary="Replica lag in eu-west meant the failover promoted a stale replica.",
    )
    db.session.commit()

    result = find(owner, "checkout database failover replica lag eu-west region stale")

    assert refs(result)[0] == target.ref
    # Any word is enough to be found (OR, never all words), ranked below the best match.
    assert {i.ref for i in partial} <= set(refs(result)[1:])


def test_stemming_finds_other_forms_of_a_word(owner: User) -> None:
    deleted = make_incident(owner, title="Rows deleted by a cleanup job")
    failovers = make_incident(owner, title="Repeated failovers overnight")
    db.session.commit()

    assert refs(find(owner, "deletion")) == [deleted.ref]
    assert refs(find(owner, "failover")) == [failovers.ref]


def test_a_quoted_phrase_needs_the_words_together_in_order(owner: User) -> None:
    together = make_incident(owner, title="The load balancer dropped connections")
    apart = make_incident(owner, title="Load was high and the balancer kept up")
    db.session.commit()

    assert refs(find(owner, '"load balancer"')) == [together.ref]
    assert set(refs(find(owner, "load balancer"))) == {together.ref, apart.ref}


def test_a_minus_word_excludes_reviews_that_mention_it(owner: User) -> None:
    kept = make_incident(owner, title="Database connection pool exhausted")
    dropped = make_incident(owner, title="Database maintenance window overran")
    db.session.commit()

    result = find(owner, "database -maintenance")

    assert refs(result) == [kept.ref]
    assert dropped.ref not in refs(result)


def test_timeline_factors_and_actions_are_searched_too(owner: User) -> None:
    incident = make_incident(owner, title="Checkout errors")
    make_entry(incident, owner, body="Paged the on-call about the zeppelin alert.")
    db.session.commit()

    assert refs(find(owner, "zeppelin")) == [incident.ref]


def test_an_empty_query_lists_recent_reviews_newest_first(owner: User) -> None:
    old = make_incident(owner, title="Older review")
    make_entry(old, owner, at=T0 - dt.timedelta(days=30), milestone=Milestone.STARTED)
    new = make_incident(owner, title="Newer review")
    make_entry(new, owner, at=T0, milestone=Milestone.STARTED)
    db.session.commit()

    result = find(owner, "")

    assert result.total == 8
    assert refs(result).index(new.ref) < refs(result).index(old.ref)
    assert refs(result)[-1] == old.ref  # the fillers started when they were written: now
    assert result.message is None


def test_sort_by_date_puts_the_most_recent_match_first(owner: User) -> None:
    strong = make_incident(owner, title="Certificate expired; certificate rotation failed")
    make_entry(strong, owner, at=T0 - dt.timedelta(days=60), milestone=Milestone.STARTED)
    recent = make_incident(owner, title="Partner certificate nearly expired")
    make_entry(recent, owner, at=T0, milestone=Milestone.STARTED)
    db.session.commit()

    assert refs(find(owner, "certificate", sort="date")) == [recent.ref, strong.ref]


def test_the_title_weighs_more_than_the_timeline(owner: User, app: Flask) -> None:
    in_timeline = make_incident(owner, title="Checkout errors")
    make_entry(in_timeline, owner, body="We suspected the kafka consumer for a while.")
    in_title = make_incident(owner, title="Kafka consumer lag")
    db.session.commit()

    assert refs(find(owner, "kafka")) == [in_title.ref, in_timeline.ref]
