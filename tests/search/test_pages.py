"""The search page and the search box in the top bar."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from app.accounts.models import User
from app.extensions import db
from tests.conftest import sign_in
from tests.factories.incidents import make_incident

pytestmark = pytest.mark.usefixtures("filler", "catalog")


@pytest.fixture
def signed_in(client: FlaskClient, owner: User) -> FlaskClient:
    make_incident(owner, title="Checkout walrus outage", services_=["checkout"])
    make_incident(owner, title="Payments walrus drill", services_=["payments"])
    db.session.commit()
    return sign_in(client, owner)


def test_every_page_has_a_search_box(signed_in: FlaskClient) -> None:
    page = signed_in.get("/incidents/").get_data(as_text=True)

    assert 'action="/search"' in page
    assert 'name="q"' in page


def test_the_search_page_lists_hits_and_facet_links(signed_in: FlaskClient) -> None:
    response = signed_in.get("/search?q=walrus")
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "2 reviews found" in page
    assert "Checkout walrus outage" in page
    assert "Payments walrus drill" in page
    assert 'href="/search?q=walrus&amp;service=checkout' in page


def test_a_facet_link_narrows_and_shows_how_to_undo_it(signed_in: FlaskClient) -> None:
    page = signed_in.get("/search?q=walrus&service=checkout").get_data(as_text=True)

    assert "1 review found" in page
    assert "Payments walrus drill" not in page
    assert "Service: checkout" in page
    assert "Clear filters" in page


def test_an_empty_search_shows_recent_reviews(signed_in: FlaskClient) -> None:
    page = signed_in.get("/search").get_data(as_text=True)

    assert "Recent reviews" in page
    assert "Checkout walrus outage" in page


def test_no_results_says_what_to_try(signed_in: FlaskClient) -> None:
    page = signed_in.get("/search?q=zzyzx").get_data(as_text=True)

    assert "No reviews found" in page


def test_an_ignored_filter_is_explained_on_the_page(signed_in: FlaskClient) -> None:
    page = signed_in.get("/search?q=walrus&severity=SEV9&from=nonsense").get_data(as_text=True)

    assert "There is no severity called “SEV9”" in page
    assert "“nonsense” is not a date like 2026-01-31" in page


def test_the_drafting_script_is_served(signed_in: FlaskClient) -> None:
    page = signed_in.get("/incidents/new").get_data(as_text=True)

    assert 'src="/static/similar.js"' in page
    assert 'data-similar-url="/search/similar"' in page
    with signed_in.get("/static/similar.js") as script:
        assert script.status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in(client: FlaskClient) -> None:
    assert client.get("/search?q=x").status_code == 302
    assert client.get("/search/similar?title=x").status_code == 302
