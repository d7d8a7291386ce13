"""At scale, per-row work is bounded: very common words only rank, and huge matches cap.

SEARCH_WORKING_SET is lowered here so that a handful of reviews behaves like 100,000.
"""

from __future__ import annotations

import pytest
from flask import Flask

from app.accounts.models import User
from app.extensions import db
from app.search import index
from tests.factories.incidents import make_incident
from tests.search.conftest import find, refs


@pytest.fixture
def crowded(app: Flask, owner: User, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(app.config, "SEARCH_WORKING_SET", 3)
    made = [make_incident(owner, title=f"Database outage number {n}") for n in range(6)]
    rare = make_incident(owner, title="Database outage in the walrus cluster")
    index.reindex_all()  # on PostgreSQL this also refreshes the statistics search plans with
    db.session.commit()
    return made, rare


def test_a_common_word_only_ranks_when_a_rare_word_is_there(owner: User, crowded) -> None:
    _, rare = crowded

    result = find(owner, "walrus database")

    assert refs(result) == [rare.ref]
    assert "Very common words (database)" in result.message
    assert not result.capped


def test_too_many_matches_cap_the_working_set_at_the_newest(owner: User, crowded) -> None:
    made, rare = crowded

    result = find(owner, "database")

    assert result.capped
    assert result.total == 3
    assert set(refs(result)) == {rare.ref, made[-1].ref, made[-2].ref}
    assert "More than 3 reviews match" in result.message
    assert sum(result.facets["status"].values()) == 3


def test_an_empty_query_is_capped_the_same_way(owner: User, crowded) -> None:
    result = find(owner, "")

    assert result.capped
    assert result.total == 3


def test_a_word_no_review_contains_does_not_hide_the_others(owner: User, crowded) -> None:
    _, rare = crowded

    result = find(owner, "walrus zyzzyvaword")

    assert refs(result) == [rare.ref]


def test_a_long_query_with_an_unknown_word_finds_reviews_with_the_rest(owner: User, crowded):
    _, rare = crowded

    result = find(owner, "walrus cluster outage zyzzyvaword")

    assert refs(result)[0] == rare.ref


def test_reviews_with_every_word_stay_in_a_capped_working_set(
    app: Flask, owner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "SEARCH_WORKING_SET", 3)
    best = make_incident(owner, title="Database failover stalled the checkout queue")
    for n in range(3):  # newer reviews, each with some of the words
        make_incident(owner, title=f"Database upgrade number {n}")
        make_incident(owner, title=f"Checkout queue backlog number {n}")
        make_incident(owner, title=f"Failover drill number {n}")
    index.reindex_all()
    db.session.commit()

    result = find(owner, "database failover checkout queue")

    assert result.capped
    assert refs(result)[0] == best.ref


def test_a_review_written_after_a_capped_search_is_in_the_next_one(owner: User, crowded) -> None:
    made, rare = crowded
    find(owner, "database")  # the engine may keep what it learnt about the table for a while

    newest = make_incident(owner, title="Database outage after the walrus migration")
    db.session.commit()
    result = find(owner, "database")

    assert result.capped
    assert set(refs(result)) == {newest.ref, rare.ref, made[-1].ref}
