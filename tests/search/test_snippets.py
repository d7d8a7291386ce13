"""Snippets show the matched words marked, and a review's own HTML only as text."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from app.accounts.models import User
from app.extensions import db
from app.search.highlight import mark
from tests.conftest import sign_in
from tests.factories.incidents import make_entry, make_incident
from tests.search.conftest import find

pytestmark = pytest.mark.usefixtures("filler")

HOSTILE = 'The kiwi <script>alert("x")</script> and <img src=x onerror="alert(1)"> broke it.'


def _only_marks_are_live(html: str) -> None:
    assert "<script" not in html
    assert "<img" not in html
    assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_a_snippet_marks_the_matched_words(owner: User) -> None:
    incident = make_incident(
        owner, title="Checkout errors", summary="The kiwi cache expired early."
    )
    db.session.commit()

    hit = find(owner, "kiwi").hits[0]

    assert hit.ref == incident.ref
    assert "<mark>kiwi</mark>" in hit.snippet


def test_html_in_a_review_is_escaped_in_its_snippet(owner: User) -> None:
    incident = make_incident(owner, title="Broken page", summary=HOSTILE)
    make_entry(incident, owner, body=HOSTILE)
    db.session.commit()

    snippet = str(find(owner, "kiwi").hits[0].snippet)

    _only_marks_are_live(snippet)
    assert "&lt;script&gt;" in snippet
    assert "&lt;img src=x onerror=" in snippet
    assert "<mark>kiwi</mark>" in snippet


def test_a_review_cannot_forge_a_mark(owner: User) -> None:
    make_incident(owner, title="Odd bytes", summary="kiwi \x02<b>bold</b>\x03 \x04x\x05 done")
    db.session.commit()

    snippet = str(find(owner, "kiwi").hits[0].snippet)

    _only_marks_are_live(snippet)
    assert snippet.count("<mark>") == 1


def test_the_search_page_shows_the_escaped_snippet(client: FlaskClient, owner: User) -> None:
    make_incident(owner, title="Broken page", summary=HOSTILE)
    db.session.commit()

    page = sign_in(client, owner).get("/search?q=kiwi").get_data(as_text=True)

    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;" in page
    assert "<mark>kiwi</mark>" in page


def test_marks_stay_balanced_whatever_the_engine_returns() -> None:
    assert mark("a \x02b \x02c\x03 d\x03 \x02e") == "a <mark>b c</mark> d <mark>e</mark>"
    assert mark("<i>\x03x") == "&lt;i&gt;x"


def test_words_between_angle_brackets_are_found(owner: User) -> None:
    incident = make_incident(
        owner, title="Slow retries", summary="Latency stayed > 500 ms while kiwi retries < 3."
    )
    db.session.commit()

    assert [hit.ref for hit in find(owner, "kiwi").hits] == [incident.ref]
