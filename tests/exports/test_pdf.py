"""The PDF: what a reader sees, on every page, for reviews big, small and broken."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.integrations import links
from app.integrations.enums import Relation
from app.reviews.models import Revision
from tests.exports.conftest import look_at, pdf_pages, publish, write_review
from tests.factories.incidents import T0
from tests.integrations.factories import make_alert, make_deploy


def test_a_published_review_prints_with_title_timeline_and_revision_footer(
    member_client: FlaskClient, member: User, zone: str
) -> None:
    incident = publish(write_review(member, entries=40), member)

    response = member_client.get(f"/incidents/{incident.ref}.pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    pages = pdf_pages(response.data)
    look_at(response.data, "published-review")
    text = "\n".join(pages)
    assert "Checkout returned errors after a config change" in text
    assert f"When ({zone})" in text  # the key times
    assert "Times are in Europe/Berlin." in text
    assert "23:30" in text  # T0, 22:30 UTC, on Berlin's clock
    for n in (1, 20, 40):
        assert f"Entry {n:03d}:" in text
    assert "Mitigated" in text
    assert "Time to" not in text
    assert "No alert watched connection pool saturation." in text
    assert "Priya Responder" in text
    assert "2026-12-01" in text
    assert "In progress" in text
    assert "The rollback took four minutes" in text
    assert "DRAFT" not in text
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Revision 1, published on" in page
    db.session.remove()


def test_a_draft_says_draft_on_every_page_and_is_rendered_live(
    member_client: FlaskClient, member: User
) -> None:
    incident = write_review(member, entries=60)
    db.session.commit()

    first = pdf_pages(member_client.get(f"/incidents/{incident.ref}.pdf").data)
    incident.title = "Checkout errors, retitled while drafting"
    db.session.commit()
    response = member_client.get(f"/incidents/{incident.ref}.pdf")

    pages = pdf_pages(response.data)
    look_at(response.data, "draft-review")
    assert len(pages) >= 3
    for page in pages:
        assert "DRAFT" in page
        assert "DRAFT, not published" in page  # the footer
    assert "retitled while drafting" in pages[0]
    assert "retitled" not in first[0]


def test_a_review_in_review_is_still_a_draft(member_client: FlaskClient, member: User) -> None:
    from app.reviews import services as reviews

    incident = write_review(member, entries=5)
    reviews.submit(actor=member, incident=incident, acknowledge_language=True)
    db.session.commit()

    pages = pdf_pages(member_client.get(f"/incidents/{incident.ref}.pdf").data)

    assert all("DRAFT" in page for page in pages)
    assert "In review" in pages[0]


def test_300_timeline_entries_and_20_actions_break_cleanly_across_pages(
    member_client: FlaskClient, member: User, zone: str
) -> None:
    incident = write_review(member, entries=300, actions=20)
    for entry in incident.timeline[::7]:  # some taller rows, to be kept whole
        entry.body += "\n\nSecond paragraph of the entry.\n\n- a list\n- of notes"
    publish(incident, member)

    response = member_client.get(f"/incidents/{incident.ref}.pdf")

    pages = pdf_pages(response.data)
    look_at(response.data, "long-review", pages=3)
    assert len(pages) >= 10
    text = "\n".join(pages)
    for n in range(1, 301):
        assert text.count(f"Entry {n:03d}:") == 1
    for n in range(1, 21):
        assert f"step {n:02d}" in text
    timeline_pages = [p for p in pages if "Entry " in p]
    assert len(timeline_pages) >= 8
    for page in timeline_pages:  # the header repeats wherever the table continues
        assert "What happened" in page
        assert zone in page
    for entry in incident.timeline[::7]:  # a row is never split between two pages
        number = entry.body[6:9]
        holding = [p for p in pages if f"Entry {number}:" in p]
        assert len(holding) == 1
        assert "of notes" in holding[0].split(f"Entry {number}:")[1]
    assert all(f"Page {n} of {len(pages)}" in p for n, p in enumerate(pages, start=1))


def test_linked_deploys_and_alerts_are_listed_and_dismissed_ones_are_not(
    member_client: FlaskClient, member: User
) -> None:
    incident = write_review(member, entries=2)
    deploy = make_deploy(started_at=T0 - dt.timedelta(minutes=12), version="v2.3.1")
    noise = make_alert(started_at=T0 + dt.timedelta(minutes=1), name="DiskAlmostFull")
    alert = make_alert(started_at=T0 + dt.timedelta(minutes=2))
    for record, kind, relation in [
        (deploy, "deploy", Relation.SUSPECTED_TRIGGER),
        (alert, "alert", Relation.RELATED),
        (noise, "alert", Relation.DISMISSED),
    ]:
        links.decide(
            actor=member, incident=incident, kind=kind, record_id=record.id, relation=relation
        )
    db.session.commit()

    pdf = member_client.get(f"/incidents/{incident.ref}.pdf").data
    text = " ".join(" ".join(pdf_pages(pdf, raw=True)).split())  # a narrow cell may wrap
    exported = member_client.get(f"/incidents/{incident.ref}.json").json

    assert "Linked deploys and alerts" in text
    assert "v2.3.1 to production" in text
    assert "Suspected trigger" in text
    assert "CheckoutErrorRateHigh" in text
    assert "DiskAlmostFull" not in text
    assert [(link["kind"], link["relation"]) for link in exported["links"]] == [
        ("deploy", "Suspected trigger"),
        ("alert", "Related"),
    ]


def test_a_published_pdf_shows_what_its_revision_froze(
    member_client: FlaskClient, member: User
) -> None:
    incident = publish(write_review(member, entries=5, actions=2), member)
    snapshot = db.session.scalar(select(Revision.snapshot))

    pages = pdf_pages(member_client.get(f"/incidents/{incident.ref}.pdf").data, raw=True)
    text = " ".join(" ".join(pages).split())  # raw: each cell's words in order

    assert snapshot["title"] in text
    for key in ("summary", "impact", "went_well", "got_lucky", "surprised"):
        assert snapshot[key] in text
    for entry in snapshot["timeline"]:
        assert entry["body"] in text
    for item in snapshot["actions"]:
        assert item["title"] in text
