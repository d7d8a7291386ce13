"""Markdown in long text fields is rendered, and sanitised against the classic XSS vectors."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from app.accounts.models import User
from app.extensions import db
from app.markdown import plain_excerpt, render
from tests.factories.incidents import make_entry, make_incident

VECTORS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    '<a href="javascript&#58;alert(1)">x</a>',
    "<svg/onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<body onload=alert(1)>",
    '"><script>alert(1)</script>',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<form action="javascript:alert(1)"><button>x</button></form>',
]
FORBIDDEN = (
    "<script",
    "onerror",
    "onload",
    "javascript:",
    "<iframe",
    "<svg",
    "data:text",
    "style=",
)


@pytest.mark.parametrize("vector", VECTORS)
def test_rendered_markdown_never_carries_script(vector: str) -> None:
    html = str(render(f"Before\n\n{vector}\n\nAfter")).lower()
    for bad in FORBIDDEN:
        assert bad not in html, bad
    assert "before" in html


def test_markdown_formatting_survives() -> None:
    html = str(render("**bold** and `code`\n\n- one\n- two\n\n[docs](https://docs.example/x)"))
    assert "<strong>bold</strong>" in html
    assert "<code>code</code>" in html
    assert "<li>one</li>" in html
    assert 'href="https://docs.example/x"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_excerpt_is_plain_text() -> None:
    assert (
        plain_excerpt("**Checkout** failed & <b>recovered</b>", 100)
        == "Checkout failed & recovered"
    )


def test_vectors_in_every_field_of_a_review_page_stay_inert(
    member_client: FlaskClient, member: User
) -> None:
    payload = "\n\n".join(VECTORS)
    review = make_incident(
        member,
        title='<script>alert("title")</script>',
        summary=payload,
        impact=payload,
        went_well=payload,
        got_lucky=payload,
        surprised=payload,
    )
    make_entry(review, member, body=payload)
    db.session.commit()
    for path in ("/incidents/INC-0001", "/incidents/", "/incidents/INC-0001/edit/timeline"):
        page = member_client.get(path).get_data(as_text=True).lower()
        body = page.split("<main", 1)[1].split("</main>", 1)[0]
        for bad in ("<script", "onerror=", "onload=", "javascript:", "<iframe", "<svg"):
            assert bad not in body, (path, bad)
        scripts = re.findall(r"<script[^>]*>", page)
        assert all('src="/static/' in tag for tag in scripts), scripts  # only our own files
    assert "&lt;script&gt;alert(&#34;title&#34;)" in member_client.get("/incidents/").get_data(
        as_text=True
    )
