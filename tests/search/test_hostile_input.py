"""No query, filter or page number makes search fail: it is read as text or answered."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from app.accounts.models import User
from app.extensions import db
from tests.conftest import sign_in
from tests.factories.incidents import make_incident
from tests.search.conftest import find

QUERIES = [
    '"', "*", "NEAR", ":", "(", "'", "AND", "OR", "^", "NOT", ")", "-", "--", "!", "&", "|",
    "<->", "!x", "x:*", "\\", "%", "_", '""', '"unbalanced quote', 'a"b"c"', "NEAR(a b, 2)",
    "title:secret", "{title overview}: x", "x*", "^start", "a OR b AND c NOT d",
    "' OR 1=1 --", '"; DROP TABLE incidents; --', "(((", ")))", "?!?!", "   ", "😀 🔥",
    "naïve café", "\x00x", "x" * 10_000, "word " * 2_000, "-only -excluded", '-"rolled back"',
    "database AND (failover OR", "col:x AND col:y", "'quoted' 'words'", "a:b:c", "e'\\'",
]  # fmt: skip


@pytest.fixture
def some_reviews(owner: User) -> None:
    make_incident(owner, title="Database failover", summary="Quoted 'words' and NEAR things.")
    make_incident(owner, title="Naïve café outage", summary="Emoji 😀 in the status page.")
    db.session.commit()


@pytest.mark.usefixtures("some_reviews")
@pytest.mark.parametrize("q", QUERIES)
def test_hostile_queries_never_fail(owner: User, q: str) -> None:
    result = find(owner, q)

    assert result.total >= 0
    assert all(hit.ref for hit in result.hits)


@pytest.mark.usefixtures("some_reviews")
@pytest.mark.parametrize("q", QUERIES[:12] + QUERIES[-8:])
def test_hostile_queries_get_a_page_not_an_error(client: FlaskClient, owner: User, q: str) -> None:
    response = sign_in(client, owner).get("/search", query_string={"q": q})

    assert response.status_code == 200


@pytest.mark.usefixtures("some_reviews")
@pytest.mark.parametrize(
    "args",
    [
        {"severity": "'; DROP TABLE incidents; --"},
        {"service": "%"},
        {"tag": "_"},
        {"team": "x" * 10_000},
        {"factor": "NEAR"},
        {"status": "published' OR '1'='1"},
        {"from": "2026-13-45", "to": "yesterday"},
        {"page": "-5", "per_page": "999999"},
        {"page": "9999999999999999999999"},
        {"sort": "bogus"},
        {"q": "failover", "page": "3"},
    ],
)
def test_hostile_filters_get_a_page_not_an_error(client: FlaskClient, owner: User, args) -> None:
    response = sign_in(client, owner).get("/search", query_string=args)

    assert response.status_code == 200


@pytest.mark.usefixtures("some_reviews")
def test_punctuation_only_says_there_is_nothing_to_search_for(owner: User) -> None:
    result = find(owner, "?!*")

    assert result.total == 2
    assert result.message == "“?!*” has no words to search for; showing recent reviews."


@pytest.mark.usefixtures("some_reviews")
def test_operators_are_searched_as_words(owner: User) -> None:
    assert find(owner, "NEAR").total == 1
    assert find(owner, "'words'").total == 1
    assert find(owner, "café").total == 1
