"""GET /api/v1/search and /api/v1/incidents/<ref>/similar, called the way a script calls them."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient

from app.accounts.models import User
from app.extensions import db
from app.incidents import services
from app.incidents.enums import FactorCategory, Milestone, Severity, Visibility
from tests.api import bearer, problem_of
from tests.factories.accounts import make_user
from tests.factories.incidents import T0, make_entry, make_factor, make_incident, make_service

pytestmark = pytest.mark.usefixtures("filler")


def _get(client: FlaskClient, user: User, path: str, **args: Any):
    return client.get(path, query_string=args, headers=bearer(user))


def _search(client: FlaskClient, user: User, **args: Any) -> dict[str, Any]:
    response = _get(client, user, "/api/v1/search", **args)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


def _refs(body: dict[str, Any]) -> list[str]:
    return [item["ref"] for item in body["results"]]


@pytest.fixture
def pair(owner: User, catalog) -> dict[str, Any]:
    """Two replica reviews that differ in every filterable way, a month apart."""
    lag = make_incident(
        owner,
        title="Replica lag broke checkout reads",
        severity=Severity.SEV1,
        services_=["checkout"],
        team="Checkout",
        tags=["database"],
        summary="Reads from the replica returned stale carts for 20 minutes.",
    )
    make_factor(lag, owner, category=FactorCategory.CAPACITY, description="Replica too small.")
    make_entry(lag, owner, at=T0, milestone=Milestone.STARTED)
    dns = make_incident(
        owner,
        title="Internal DNS pointed payments at an old replica",
        severity=Severity.SEV3,
        services_=["payments"],
        tags=["dns"],
        summary="The replica record was stale after a migration.",
    )
    make_factor(dns, owner, category=FactorCategory.CONFIGURATION, description="Old record.")
    make_entry(dns, owner, at=T0 + dt.timedelta(days=30), milestone=Milestone.STARTED)
    db.session.commit()
    return {"lag": lag.ref, "dns": dns.ref}


def test_a_search_answers_ranked_results_with_snippets_facets_and_links(
    client: FlaskClient, owner: User, pair
) -> None:
    body = _search(client, owner, q="stale replica reads checkout")

    assert _refs(body)[0] == pair["lag"]
    assert set(_refs(body)) == {pair["lag"], pair["dns"]}
    first = body["results"][0]
    assert first["title"] == "Replica lag broke checkout reads"
    assert first["severity"] == "SEV1"
    assert first["status"] == "draft"
    assert first["services"] == ["checkout"]
    assert "<mark>" in first["snippet"]
    assert first["score"] > body["results"][1]["score"]
    assert first["url"].endswith(f"/api/v1/incidents/{pair['lag']}")
    assert body["total"] == 2
    assert body["capped"] is False
    assert body["facets"]["severity"] == {"SEV1": 1, "SEV3": 1}
    assert body["facets"]["service"] == {"checkout": 1, "payments": 1}
    assert body["facets"]["factor"] == {"capacity": 1, "configuration": 1}
    assert body["facets"]["team"] == {"Checkout": 1}
    assert body["links"]["next"] is None
    assert body["links"]["prev"] is None
    assert parse_qs(urlsplit(body["links"]["self"]).query)["q"] == ["stale replica reads checkout"]


def test_an_eight_word_query_ranks_the_review_matching_most_words_first(
    client: FlaskClient, owner: User, pair
) -> None:
    body = _search(client, owner, q="stale carts from the replica broke checkout reads yesterday")

    assert _refs(body)[0] == pair["lag"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"severity": "SEV1"}, "lag"),
        ({"service": "payments"}, "dns"),
        ({"service": "PAYMENTS"}, "dns"),
        ({"team": "Checkout"}, "lag"),
        ({"tag": "dns"}, "dns"),
        ({"factor": "capacity"}, "lag"),
        ({"from": "2026-12-01"}, "dns"),
        ({"to": "2026-11-30"}, "lag"),
        ({"from": "2026-11-01", "to": "2026-11-30"}, "lag"),
    ],
)
def test_each_filter_narrows_results_and_facets(
    client: FlaskClient, owner: User, pair, args: dict[str, str], expected: str
) -> None:
    body = _search(client, owner, q="replica", **args)

    assert _refs(body) == [pair[expected]]
    assert body["total"] == 1
    assert sum(body["facets"]["severity"].values()) == 1


def test_status_filters_on_the_reviews_current_status(client: FlaskClient, owner: User, pair):
    assert _search(client, owner, q="replica", status="draft")["total"] == 2
    assert _search(client, owner, q="replica", status="published")["results"] == []


def test_date_sort_and_paging_follow_the_links(client: FlaskClient, owner: User, pair) -> None:
    body = _search(client, owner, q="replica", sort="date", per_page=1)

    assert _refs(body) == [pair["dns"]]
    assert body["sort"] == "date"
    assert body["total"] == 2
    following = client.get(body["links"]["next"], headers=bearer(owner)).get_json()
    assert _refs(following) == [pair["lag"]]
    assert following["links"]["next"] is None
    assert parse_qs(urlsplit(following["links"]["prev"]).query)["page"] == ["1"]
    assert parse_qs(urlsplit(following["links"]["last"]).query)["sort"] == ["date"]


def test_an_empty_query_lists_recent_reviews(client: FlaskClient, owner: User, pair) -> None:
    body = _search(client, owner)

    assert _refs(body)[0] == pair["dns"]  # it started a month after the others were written
    assert pair["lag"] in _refs(body)
    assert {item["score"] for item in body["results"]} == {0.0}
    assert body["total"] == 2 + 6  # the filler reviews too


def test_html_in_a_review_comes_back_escaped_in_its_snippet(
    client: FlaskClient, owner: User
) -> None:
    make_incident(owner, title="Broken page", summary='A <script>alert("kiwi")</script> banner.')
    db.session.commit()

    snippet = _search(client, owner, q="kiwi")["results"][0]["snippet"]

    assert "<script>" not in snippet
    assert "&lt;/script&gt;" in snippet
    assert "<mark>kiwi</mark>" in snippet


@pytest.fixture
def secret_world(owner: User) -> dict[str, Any]:
    make_service("auth")
    invited = make_user(name="Ina", password=None)
    outsider = make_user(name="Oscar", password=None)
    secret = make_incident(
        owner,
        title="Signing key zebraphrase exposed in logs",
        services_=["auth"],
        tags=["security"],
        visibility=Visibility.RESTRICTED,
        summary="The hush-hush zebraphrase key leaked.",
    )
    make_factor(secret, owner, category=FactorCategory.SECURITY, description="Keys in logs.")
    make_entry(secret, owner, body="Rotated the zebraphrase signing key.")
    services.add_participant(actor=owner, incident=secret, user=invited)
    public = make_incident(owner, title="Auth latency after zebraphrase rename", services_=["auth"])
    db.session.commit()
    return {"secret": secret.ref, "public": public.ref, "invited": invited, "outsider": outsider}


def test_outsiders_never_see_a_restricted_review_in_results_counts_facets_or_snippets(
    client: FlaskClient, secret_world
) -> None:
    outsider = secret_world["outsider"]

    for args in ({"q": "zebraphrase"}, {"q": "signing key hush"}, {"q": ""}, {"tag": "security"}):
        body = _search(client, outsider, **args)
        text = str(body["results"])
        assert secret_world["secret"] not in _refs(body), args
        assert "security" not in body["facets"]["tag"], args
        assert "security" not in body["facets"]["factor"], args
        assert "hush" not in text, args
        assert "Rotated" not in text, args
    body = _search(client, outsider, q="zebraphrase")
    assert _refs(body) == [secret_world["public"]]
    assert body["total"] == 1
    assert body["facets"]["service"] == {"auth": 1}
    similar = _get(client, outsider, f"/api/v1/incidents/{secret_world['public']}/similar")
    assert secret_world["secret"] not in str(similar.get_json())
    hidden = _get(client, outsider, f"/api/v1/incidents/{secret_world['secret']}/similar")
    assert problem_of(hidden, 404)["detail"]


def test_participants_find_a_restricted_review(client: FlaskClient, secret_world) -> None:
    body = _search(client, secret_world["invited"], q="zebraphrase")

    assert set(_refs(body)) == {secret_world["secret"], secret_world["public"]}
    assert body["facets"]["tag"] == {"security": 1}


def test_similar_incidents_list_related_reviews_with_reasons(
    client: FlaskClient, owner: User, pair
) -> None:
    third = make_incident(
        owner,
        title="Replica lag broke checkout again",
        services_=["checkout"],
        summary="Stale reads from the replica.",
    )
    make_factor(third, owner, category=FactorCategory.CAPACITY, description="Still small.")
    db.session.commit()

    response = _get(client, owner, f"/api/v1/incidents/{pair['lag']}/similar", limit=3)

    assert response.status_code == 200
    results = response.get_json()["results"]
    assert results[0]["ref"] == third.ref
    assert "same service checkout" in results[0]["reason"]
    assert results[0]["url"].endswith(f"/api/v1/incidents/{third.ref}")
    assert pair["lag"] not in [r["ref"] for r in results]
    assert len(results) <= 3


HOSTILE_QUERIES = [
    "",
    "   ",
    "!!! ??? ...",
    '"unbalanced replica',
    '"',
    '""',
    "*",
    "replica*",
    "NEAR",
    "NEAR(replica lag)",
    "replica NEAR/2 lag",
    ":",
    "title:replica",
    "(",
    "(replica OR",
    "'",
    "o'neil's replica",
    "replica AND OR NOT",
    "- -- -replica",
    "^replica {lag}",
    "replica'); DROP TABLE incidents; --",
    "\\",
    "é ñ 漢字 🙂",
    "replica " * 1700,
    "x" * 10_000,
]


@pytest.mark.parametrize("q", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
def test_any_query_text_is_read_as_text(client: FlaskClient, owner: User, pair, q: str) -> None:
    body = _search(client, owner, q=q)

    assert isinstance(body["results"], list)
    assert isinstance(body["facets"]["severity"], dict)


def test_syntax_characters_still_find_the_words_around_them(
    client: FlaskClient, owner: User, pair
) -> None:
    for q in ('"stale carts', "replica* (lag", "checkout:reads", "NEAR(lag)"):
        assert pair["lag"] in _refs(_search(client, owner, q=q)), q


def test_an_overlong_query_is_shortened_and_says_so(client: FlaskClient, owner: User, pair):
    body = _search(client, owner, q="replica " * 1700)

    assert pair["lag"] in _refs(body)
    assert any("first 500 characters" in note for note in body["notes"])


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"severity": "SEV9"}, "severity"),
        ({"status": "archived"}, "status"),
        ({"factor": "gremlins"}, "factor"),
        ({"service": "nope"}, "service"),
        ({"team": "Nobody"}, "team"),
        ({"tag": "no-such-tag"}, "tag"),
        ({"from": "yesterday"}, "from"),
        ({"to": "2026-02-30"}, "to"),
        ({"from": "2026-05-01", "to": "2026-04-01"}, "from"),
        ({"sort": "random"}, "sort"),
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"per_page": "1000"}, "per_page"),
        ({"service": "x" * 10_000}, "service"),
        ({"q": "replica\x00"}, "q"),
    ],
)
def test_filter_values_that_cannot_apply_are_a_problem_naming_the_field(
    client: FlaskClient, owner: User, pair, args: dict[str, str], field: str
) -> None:
    body = problem_of(_get(client, owner, "/api/v1/search", **args), 422)

    assert field in body["errors"], body
    assert body["type"].endswith("/invalid-input")


def test_unknown_query_parameters_are_ignored(client: FlaskClient, owner: User, pair) -> None:
    assert _search(client, owner, q="replica", colour="blue")["total"] == 2


def test_both_operations_need_a_token(client: FlaskClient, pair) -> None:
    problem_of(client.get("/api/v1/search?q=replica"), 401)
    problem_of(client.get(f"/api/v1/incidents/{pair['lag']}/similar"), 401)


def test_similar_for_an_unknown_ref_is_not_found(client: FlaskClient, owner: User) -> None:
    for ref in ("INC-9999", "x" * 500, "%00"):
        problem_of(_get(client, owner, f"/api/v1/incidents/{ref}/similar"), 404)
    problem_of(_get(client, owner, "/api/v1/incidents/INC-9999/similar", limit=0), 422)


def test_the_openapi_description_documents_both_operations(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    schemas = spec["components"]["schemas"]

    search = spec["paths"]["/api/v1/search"]["get"]
    names = {p["name"] for p in search["parameters"]}
    assert {"q", "severity", "service", "team", "tag", "factor", "status", "from", "to"} <= names
    assert {"sort", "page", "per_page"} <= names
    page = search["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert page.endswith("/SearchPage")
    assert {"results", "total", "facets", "links", "capped"} <= set(
        schemas["SearchPage"]["properties"]
    )
    assert {"ref", "title", "score", "snippet", "severity", "status"} <= set(
        schemas["SearchHitOut"]["properties"]
    )
    assert set(schemas["FacetCounts"]["properties"]) == {
        "severity", "status", "service", "team", "tag", "factor"
    }  # fmt: skip
    assert "422" in search["responses"]
    similar = spec["paths"]["/api/v1/incidents/{ref}/similar"]["get"]
    assert similar["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/SimilarList"
    )
    assert "404" in similar["responses"]
