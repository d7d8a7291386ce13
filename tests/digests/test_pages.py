"""The digest on the web: its page, PDF and Atom feed, with the same content and charts."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from xml.etree import ElementTree as ET

import pytest
from freezegun import freeze_time

from app.accounts import tokens
from app.digests import content, services
from app.digests.email import compose
from app.digests.weeks import IsoWeek
from app.extensions import db
from app.incidents.enums import Visibility
from tests.digests.builders import NEXT_MONDAY_0700, WEDNESDAY_1400, WEEK, published
from tests.factories.accounts import make_user

ATOM = "{http://www.w3.org/2005/Atom}"
PDFTOTEXT = "/usr/bin/pdftotext"


@pytest.fixture
def reviews_of_week_49(app, member):
    owner = make_user(name="Ola Owner", password=None)
    published(owner, at=WEDNESDAY_1400, title="Search timed out for EU customers")
    published(
        owner, at=WEDNESDAY_1400, title="Badge reader outage", visibility=Visibility.RESTRICTED
    )
    db.session.commit()
    return owner


def get(client, path: str, **kwargs):
    with freeze_time(NEXT_MONDAY_0700):
        return client.get(path, **kwargs)


def test_the_page_shows_the_week_with_previous_and_next(member_client, reviews_of_week_49) -> None:
    response = get(member_client, f"/digests/{WEEK}")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Week 49, 30 Nov to 6 Dec 2026" in page
    assert "Search timed out for EU customers" in page
    assert "Badge reader outage" not in page
    assert "1 restricted review was also published" in page
    assert 'href="/digests/2026-W48" rel="prev"' in page
    assert 'href="/digests/2026-W50" rel="next"' in page  # the week in progress


def test_the_digest_index_opens_the_last_week_that_ended(member_client) -> None:
    response = get(member_client, "/digests/")

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/digests/{WEEK}")


@pytest.mark.parametrize(
    ("week", "says"),
    [
        ("2026-49", "is not an ISO week"),
        ("2025-W53", "2025 has no week 53"),
        ("2027-W02", "has not started"),
        ("0001-W01", "Digests cover the years 1971 to 9998, not 1."),
    ],
)
def test_a_week_that_does_not_exist_is_a_404_that_says_why(member_client, week, says) -> None:
    response = get(member_client, f"/digests/{week}")

    assert response.status_code == 404
    assert says in response.get_data(as_text=True)


def test_a_quiet_week_still_has_a_short_friendly_page(member_client) -> None:
    page = get(member_client, "/digests/2026-W45").get_data(as_text=True)

    assert "A quiet week" in page
    assert "No reviews were published this week" in page


def test_charts_are_the_same_png_on_the_page_and_in_the_email(
    app, member_client, member, reviews_of_week_49
) -> None:
    page = get(member_client, f"/digests/{WEEK}").get_data(as_text=True)
    on_page = [
        base64.b64decode(b) for b in re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    ]

    with app.test_request_context(), freeze_time(NEXT_MONDAY_0700):
        built = content.build(week=IsoWeek.parse(WEEK), tz_name="Europe/Berlin", viewer=member)
        mail = compose(
            content=built, to=member.email, sender="h@x.example", base_url="https://h.example"
        )
    in_mail = [p.get_content() for p in mail.walk() if p.get_content_type() == "image/png"]

    assert len(on_page) == 2
    assert on_page == in_mail


def test_the_pdf_has_the_same_content_for_a_bearer_token(
    app, client, member, reviews_of_week_49, tmp_path
) -> None:
    if not shutil.which(PDFTOTEXT):
        pytest.fail(f"{PDFTOTEXT} is missing: install poppler-utils (bash .ci/system-deps)")
    _, token = tokens.create_token(user=member, name="digest script")
    db.session.commit()

    response = get(client, f"/digests/{WEEK}.pdf", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    (tmp_path / "digest.pdf").write_bytes(response.data)
    text = subprocess.run(  # noqa: S603 - a fixed binary on a file this test wrote
        [PDFTOTEXT, "-layout", str(tmp_path / "digest.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Week 49, 30 Nov to 6 Dec 2026" in text
    assert "Search timed out for EU customers" in text
    assert "Badge reader outage" not in text
    assert "restricted review was also published" in text


def test_downloads_without_a_session_or_token_are_refused(client) -> None:
    for path in (f"/digests/{WEEK}.pdf", "/digests/feed.atom"):
        response = get(client, path)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == "Bearer"
    assert get(client, f"/digests/{WEEK}").status_code == 302  # the page itself needs sign-in


def test_the_atom_feed_has_an_entry_per_week_for_a_personal_link(
    app, client, member, reviews_of_week_49
) -> None:
    services.renew_feed_key(actor=member)
    db.session.commit()
    with app.test_request_context():
        from app.digests.queries import profile_state

        link = profile_state(member).feed_url
    assert link.startswith("https://hindsight.example.com/digests/feed.atom?token=")

    response = get(client, link.removeprefix("https://hindsight.example.com"))

    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)  # noqa: S314 - our own feed, parsed to check it
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{name}") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 12
    newest = entries[0]
    assert newest.findtext(f"{ATOM}id") == f"https://hindsight.example.com/digests/{WEEK}"
    assert newest.findtext(f"{ATOM}updated") == "2026-12-06T23:00:00Z"  # Monday 00:00 Berlin
    body = newest.findtext(f"{ATOM}content")
    assert "Search timed out for EU customers" in body
    assert "Badge reader outage" not in response.get_data(as_text=True)
    assert "1 restricted review was also published" in body


def test_a_revoked_feed_link_stops_working(app, client, member) -> None:
    services.renew_feed_key(actor=member)
    db.session.commit()
    with app.test_request_context():
        from app.digests.queries import profile_state

        path = profile_state(member).feed_url.removeprefix("https://hindsight.example.com")
    assert get(client, path).status_code == 200

    services.revoke_feed_key(actor=member)
    db.session.commit()

    assert get(client, path).status_code == 404
    assert get(client, "/digests/feed.atom?token=forged").status_code == 404


def test_the_feed_also_works_with_a_session(member_client) -> None:
    response = get(member_client, "/digests/feed.atom")

    assert response.status_code == 200
    assert ET.fromstring(response.data).tag == f"{ATOM}feed"  # noqa: S314 - our own feed
