"""Drafting a review in a real browser: every step, local times, kept input, edit conflicts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from flask import Flask
from playwright.sync_api import Locator, Page, Response, expect
from sqlalchemy import select

from app.catalog import services as catalog
from app.extensions import db
from app.incidents.enums import FactorCategory, Milestone, Severity, Visibility
from app.incidents.models import Incident, TimelineEntry
from tests.factories.accounts import PASSWORD, make_user
from tests.factories.incidents import make_incident

LA = "America/Los_Angeles"
KOLKATA = "Asia/Kolkata"
TUESDAY = "Tuesday 24 November 2026"
WEDNESDAY = "Wednesday 25 November 2026"


def utc(day: int, hour: int, minute: int) -> dt.datetime:
    """Return a moment in November 2026, in UTC."""
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=dt.UTC)


def sign_in(page: Page, email: str) -> None:
    """Sign in through the real sign-in form and land on the incident list."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Incidents", exact=True)).to_be_visible()


def is_form_post(response: Response) -> bool:
    """Tell whether a response answers a form post that the page navigates with (not a fetch)."""
    return response.request.method == "POST" and response.request.is_navigation_request()


def submit(page: Page, button: str) -> int:
    """Press a form's submit button, wait for the page that follows, return the post's status."""
    with (
        page.expect_event("load"),
        page.expect_response(is_form_post) as posted,
    ):
        page.get_by_role("button", name=button, exact=True).click()
    return posted.value.status


def flash(page: Page) -> Locator:
    """Return the message the server flashed on this page."""
    return page.locator("main > p.flash[role=status]")


def go_to_next_step(page: Page, title: str) -> None:
    """Follow the step footer's "Next" link to the step called `title`."""
    page.get_by_role("button", name=f"Next: {title} →").click()
    expect(page.locator(".stepper [aria-current=step]")).to_contain_text(title)


def textarea(page: Page, name: str) -> Locator:
    """Return the text area named `name` (by role: its label's text also holds what is typed)."""
    return page.get_by_role("textbox", name=name, exact=True)


def add_entry(page: Page, when: str, kind: str, milestone: str, body: str) -> None:
    """Add a timeline entry at local wall-clock time `when` (YYYY-MM-DDTHH:MM)."""
    before = page.locator(".timeline-entry").count()
    page.get_by_label("When").fill(when)
    page.get_by_label("Kind").select_option(label=kind)
    page.get_by_label("Milestone").select_option(label=milestone)
    textarea(page, "What happened").fill(body)
    assert submit(page, "Add entry") == 302
    expect(page.locator(".timeline-entry")).to_have_count(before + 1)
    expect(flash(page)).to_have_text("Entry added.")


def timeline_rows(page: Page) -> Locator:
    """Return the timeline's day headings and entry times, in page order."""
    return page.locator("ol.timeline > li > h3, ol.timeline > li > time")


def duration(page: Page, name: str) -> Locator:
    """Return the value shown for one duration, e.g. "Time to detect"."""
    return page.locator(".durations > div").filter(has_text=name).locator("dd")


def key_time(page: Page, moment: str) -> Locator:
    """Return the read view's cell for one key time, e.g. "Started"."""
    return page.locator(".key-times-table tr").filter(has_text=moment).locator("td").nth(1)


def section(page: Page, heading: str) -> Locator:
    """Return the read view's section under the heading `heading`."""
    return page.locator("section").filter(has=page.get_by_role("heading", name=heading, exact=True))


def invalid_fields(page: Page) -> list[str]:
    """List the fields a screen reader would announce as invalid, as "id=aria-invalid value"."""
    return page.locator("[aria-invalid]").evaluate_all(
        "elements => elements"
        "  .filter(e => !['false', ''].includes(e.getAttribute('aria-invalid')))"
        "  .map(e => `${e.id || e.tagName}=${e.getAttribute('aria-invalid')}`)"
    )


def stored(ref: str) -> Incident:
    """Read the incident afresh from the database, as the server thread left it."""
    db.session.rollback()  # end the test's transaction: see what the server committed since
    return db.session.scalars(select(Incident).where(Incident.ref == ref)).one()


def test_new_user_drafts_a_review_through_every_step(app: Flask, page: Page) -> None:
    make_user(email="ann@example.com", name="Ann Writer", timezone=LA)
    payments = catalog.create_team(name="Payments")
    catalog.create_service(name="checkout", team=payments)
    catalog.create_service(name="ledger", team=payments)
    db.session.commit()
    title = "Checkout returned errors for 2 h 30 min after a config push"
    summary = "A config push made checkout fail for two and a half hours overnight."

    sign_in(page, "ann@example.com")
    page.get_by_role("button", name="New review").click()

    # Basics
    page.get_by_label("Title").fill(title)
    page.get_by_label("SEV2", exact=True).check()
    page.get_by_label("Services affected").select_option(["checkout"])
    page.get_by_label("Owning team").select_option(label="Payments")
    page.get_by_label("Tags").fill("config, Database")
    page.get_by_label("Everyone in the organisation").check()
    assert submit(page, "Create draft and continue") == 302
    expect(flash(page)).to_contain_text(" created.")
    ref = page.locator(".eyebrow .ref").inner_text()
    assert re.fullmatch(r"INC-\d{4}", ref)
    expect(page.locator(".zone-note")).to_contain_text(f"Times shown in {LA}")

    # Timeline: two calendar days in Los Angeles; 00:20 is added before 23:05 on purpose.
    add_entry(page, "2026-11-24T22:40", "Alert", "Started", "Error rate on checkout rose to 12%.")
    add_entry(page, "2026-11-25T00:20", "Mitigation", "Mitigated", "Rolled the config back.")
    add_entry(page, "2026-11-24T23:05", "Detection", "Detected", "On-call saw the error graph.")
    add_entry(page, "2026-11-25T01:10", "Resolution", "Resolved", "Error rate back to normal.")
    expect(timeline_rows(page)).to_have_text(
        [TUESDAY, "22:40", "23:05", WEDNESDAY, "00:20", "01:10"]
    )
    expect(page.locator(".timeline-entry .md")).to_have_text(
        [
            "Error rate on checkout rose to 12%.",
            "On-call saw the error graph.",
            "Rolled the config back.",
            "Error rate back to normal.",
        ]
    )
    expect(duration(page, "Time to detect")).to_have_text("25 min")
    expect(duration(page, "Time to mitigate")).to_have_text("1 h 40 min")
    expect(duration(page, "Time to resolve")).to_have_text("2 h 30 min")

    # Contributing factors
    go_to_next_step(page, "Contributing factors")
    for category, description in [
        ("Change", "The config push reached every region at once."),
        ("Monitoring gap", "No alert watched checkout's error rate per region."),
    ]:
        page.get_by_label("Category").select_option(label=category)
        textarea(page, "How did the system allow this?").fill(description)
        assert submit(page, "Add factor") == 302
    expect(page.locator(".factor-list .badge")).to_have_text(["Change", "Monitoring gap"])

    # Action items
    go_to_next_step(page, "Action items")
    page.get_by_label("Action", exact=True).fill("Add a canary stage to config pushes")
    page.get_by_label("Priority").select_option(label="P1")
    page.get_by_label("Owner").select_option(label="Ann Writer")
    page.get_by_label("Due").fill("2026-12-15")
    page.get_by_label("Tracker link").fill("https://tracker.example.com/OPS-123")
    assert submit(page, "Add action item") == 302
    expect(page.locator(".actions-table tbody tr")).to_have_count(1)
    expect(page.locator(".actions-table tbody tr")).to_contain_text("Ann Writer")

    # Learnings, then summary and impact
    go_to_next_step(page, "Learnings")
    textarea(page, "What went well").fill("The rollback took one command.")
    textarea(page, "Where we got lucky").fill("It happened at night, with little traffic.")
    textarea(page, "What surprised us").fill("The push skipped the canary region.")
    assert submit(page, "Save and continue") == 302
    textarea(page, "Summary").fill(summary)
    textarea(page, "Impact").fill("About 3,100 checkouts failed; all were retried.")
    assert submit(page, "Save and see the review") == 302

    # The read view
    expect(page).to_have_url(re.compile(rf"/incidents/{ref}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(section(page, "Summary")).to_contain_text(summary)
    expect(section(page, "Impact")).to_contain_text("About 3,100 checkouts failed")
    expect(page.locator(".factor-list .badge")).to_have_text(["Change", "Monitoring gap"])
    actions = section(page, "Action items")
    expect(actions).to_contain_text("Add a canary stage to config pushes")
    expect(actions).to_contain_text("2026-12-15")
    expect(actions.get_by_role("link", name="tracker ↗")).to_have_attribute(
        "href", "https://tracker.example.com/OPS-123"
    )
    expect(timeline_rows(page)).to_have_text(
        [TUESDAY, "22:40", "23:05", WEDNESDAY, "00:20", "01:10"]
    )
    expect(key_time(page, "Started")).to_have_text("Tue 24 Nov 2026, 22:40")
    expect(key_time(page, "Resolved")).to_have_text("Wed 25 Nov 2026, 01:10")
    expect(section(page, "Learnings")).to_contain_text("The rollback took one command.")
    expect(page.locator(".review-meta")).to_contain_text("Payments")
    expect(page.locator(".review-meta .chip")).to_have_text(["checkout", "#config", "#database"])

    # The incident list
    page.get_by_role("link", name="Incidents", exact=True).click()
    row = page.locator(".incident-row").filter(has_text=ref)
    expect(row).to_have_count(1)
    expect(row.locator(".row-title")).to_have_text(f"{ref} {title}")
    expect(row.locator(".row-summary")).to_have_text(summary)
    expect(row.locator(".row-meta")).to_contain_text("SEV2")

    # What the server stored: UTC times, and every part of the review.
    incident = stored(ref)
    assert [e.occurred_at for e in incident.timeline] == [
        utc(25, 6, 40),  # 22:40 in Los Angeles on 24 November (UTC-8)
        utc(25, 7, 5),
        utc(25, 8, 20),
        utc(25, 9, 10),
    ]
    assert all(e.occurred_at.utcoffset() == dt.timedelta(0) for e in incident.timeline)
    assert (incident.started_at, incident.detected_at) == (utc(25, 6, 40), utc(25, 7, 5))
    assert (incident.mitigated_at, incident.resolved_at) == (utc(25, 8, 20), utc(25, 9, 10))
    assert [e.milestone for e in incident.timeline] == [
        Milestone.STARTED,
        Milestone.DETECTED,
        Milestone.MITIGATED,
        Milestone.RESOLVED,
    ]
    assert incident.title == title
    assert incident.severity is Severity.SEV2
    assert incident.visibility is Visibility.INTERNAL
    assert [s.name for s in incident.services] == ["checkout"]
    assert incident.team.name == "Payments"
    assert [t.name for t in incident.tags] == ["config", "database"]
    assert [f.category for f in incident.factors] == [
        FactorCategory.CHANGE,
        FactorCategory.MONITORING_GAP,
    ]
    (action,) = incident.actions
    assert action.owner.email == "ann@example.com"
    assert action.due_date == dt.date(2026, 12, 15)
    assert action.tracker_url == "https://tracker.example.com/OPS-123"
    assert incident.summary == summary
    assert incident.owner.email == "ann@example.com"


@pytest.mark.parametrize("typed", ["", "late on Tuesday"], ids=["empty", "unparseable"])
def test_bad_time_is_shown_beside_the_field_and_keeps_what_was_typed(
    app: Flask, page: Page, typed: str
) -> None:
    writer = make_user(email="ann@example.com", name="Ann Writer", timezone=LA)
    ref = make_incident(writer).ref
    db.session.commit()
    body = "\n\n".join(
        f'Paragraph {n}: the dashboard showed <b>5xx</b> & "timeouts"; we waited {n} min.'
        for n in range(1, 60)
    )

    sign_in(page, "ann@example.com")
    page.goto(f"/incidents/{ref}/edit/timeline")
    when = page.get_by_label("When")
    if typed:  # as a browser without a date-time picker would send it
        when.evaluate("input => { input.type = 'text'; }")
    when.fill(typed)
    page.get_by_label("Kind").select_option(label="Decision")
    textarea(page, "What happened").fill(body)
    assert submit(page, "Add entry") == 422

    when = page.get_by_label("When")
    expect(when).to_have_attribute("aria-invalid", "true")
    expect(when).to_have_attribute("aria-describedby", "occurred_at-help")
    beside_when = page.locator("form .grid > div").filter(has=when).locator(".field-error")
    expect(beside_when).to_have_text("Enter a date and time like 2026-11-25 14:05.")
    expect(beside_when).to_have_id("occurred_at-help")
    expect(page.locator("form .flash-error")).to_contain_text("nothing you typed has been lost")
    expect(textarea(page, "What happened")).to_have_value(body)
    expect(page.get_by_label("Kind")).to_have_value("decision")
    db.session.rollback()
    assert db.session.scalars(select(TimelineEntry)).all() == []


def test_reader_in_another_zone_sees_the_same_entries_in_their_own_time(
    app: Flask, new_page: Callable[[], Page]
) -> None:
    writer = make_user(email="ann@example.com", name="Ann Writer", timezone=LA)
    make_user(email="ravi@example.com", name="Ravi Reader", timezone=KOLKATA)
    ref = make_incident(writer).ref
    db.session.commit()
    ann, ravi = new_page(), new_page()

    sign_in(ann, "ann@example.com")
    ann.goto(f"/incidents/{ref}/edit/timeline")
    add_entry(ann, "2026-11-24T22:40", "Alert", "Started", "Error rate rose to 12%.")
    add_entry(ann, "2026-11-25T01:10", "Resolution", "Resolved", "Error rate back to normal.")

    # 06:40 and 09:10 UTC are 12:10 and 14:40 in Kolkata (UTC+5:30): one day, not two.
    sign_in(ravi, "ravi@example.com")
    ravi.goto(f"/incidents/{ref}")
    expect(ravi.locator(".zone-note")).to_contain_text(f"Times shown in {KOLKATA}")
    expect(timeline_rows(ravi)).to_have_text([WEDNESDAY, "12:10", "14:40"])
    expect(ravi.locator(".timeline-entry .md")).to_have_text(
        ["Error rate rose to 12%.", "Error rate back to normal."]
    )
    expect(key_time(ravi, "Started")).to_have_text("Wed 25 Nov 2026, 12:10")
    expect(key_time(ravi, "Resolved")).to_have_text("Wed 25 Nov 2026, 14:40")
    expect(duration(ravi, "Time to resolve")).to_have_text("2 h 30 min")

    # The reader writes in their own zone too: 13:00 in Kolkata is 23:30 in Los Angeles.
    ravi.goto(f"/incidents/{ref}/edit/timeline")
    add_entry(ravi, "2026-11-25T13:00", "Decision", "None", "Decided to roll back.")
    expect(timeline_rows(ravi)).to_have_text([WEDNESDAY, "12:10", "13:00", "14:40"])
    ann.goto(f"/incidents/{ref}")
    expect(timeline_rows(ann)).to_have_text([TUESDAY, "22:40", "23:30", WEDNESDAY, "01:10"])

    # Both pages point at the same instants.
    instants = ann.locator(".timeline-entry time")
    expect(ravi.locator(".timeline-entry time")).to_have_count(3)
    assert [t.get_attribute("datetime") for t in instants.all()] == [
        t.get_attribute("datetime") for t in ravi.locator(".timeline-entry time").all()
    ]
    decided = stored(ref).timeline[1]
    assert (decided.body, decided.occurred_at) == ("Decided to roll back.", utc(25, 7, 30))


def test_second_save_from_a_stale_page_shows_the_conflict_and_overwrites_nothing(
    app: Flask, new_page: Callable[[], Page]
) -> None:
    writer = make_user(email="ann@example.com", name="Ann Writer", timezone=LA)
    make_user(email="ben@example.com", name="Ben Helper", timezone=KOLKATA)
    ref = make_incident(writer, summary="First draft of the summary.").ref
    db.session.commit()
    ann, ben = new_page(), new_page()
    sign_in(ann, "ann@example.com")
    sign_in(ben, "ben@example.com")
    for page in (ann, ben):
        page.goto(f"/incidents/{ref}/edit/summary")
        expect(textarea(page, "Summary")).to_have_value("First draft of the summary.")

    textarea(ann, "Summary").fill("Ann's summary: the push skipped the canary.")
    assert submit(ann, "Save and see the review") == 302
    textarea(ben, "Summary").fill("Ben's summary: a config push broke checkout.")
    assert submit(ben, "Save and see the review") == 409

    conflict = ben.locator("article.conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("Someone else saved a newer version")
    theirs = conflict.locator(".conflict-grid > div").filter(
        has=ben.get_by_role("heading", name="Saved version: Summary")
    )
    expect(theirs.locator(".conflict-text")).to_have_text(
        "Ann's summary: the push skipped the canary."
    )
    expect(textarea(ben, "Summary")).to_have_value("Ben's summary: a config push broke checkout.")
    assert stored(ref).summary == "Ann's summary: the push skipped the canary."

    assert submit(ben, "Save and see the review") == 302
    expect(section(ben, "Summary")).to_contain_text("Ben's summary: a config push broke checkout.")
    assert stored(ref).summary == "Ben's summary: a config push broke checkout."


def test_a_milestone_added_meanwhile_does_not_turn_a_summary_save_into_a_conflict(
    app: Flask, new_page: Callable[[], Page]
) -> None:
    writer = make_user(email="ann@example.com", name="Ann Writer", timezone=LA)
    make_user(email="ben@example.com", name="Ben Helper", timezone=KOLKATA)
    ref = make_incident(writer, summary="First draft of the summary.").ref
    db.session.commit()
    ann, ben = new_page(), new_page()
    sign_in(ann, "ann@example.com")
    sign_in(ben, "ben@example.com")
    ben.goto(f"/incidents/{ref}/edit/summary")

    ann.goto(f"/incidents/{ref}/edit/timeline")
    add_entry(ann, "2026-11-24T22:40", "Alert", "Started", "Error rate rose to 12%.")
    textarea(ben, "Summary").fill("Ben's summary: a config push broke checkout.")
    status = submit(ben, "Save and see the review")

    assert status == 302, "nobody else changed the summary or impact, yet the save was refused"
    assert stored(ref).summary == "Ben's summary: a config push broke checkout."


def test_fields_are_not_marked_invalid_before_anything_is_submitted(app: Flask, page: Page) -> None:
    writer = make_user(email="ann@example.com", name="Ann Writer", timezone=LA)
    ref = make_incident(writer).ref
    db.session.commit()

    page.goto("/login")
    found = {"/login": invalid_fields(page)}
    sign_in(page, "ann@example.com")
    steps = ("basics", "timeline", "factors", "actions", "learnings", "summary")
    for path in ["/incidents/new", *(f"/incidents/{ref}/edit/{step}" for step in steps)]:
        page.goto(path)
        found[path] = invalid_fields(page)

    assert {path: fields for path, fields in found.items() if fields} == {}
