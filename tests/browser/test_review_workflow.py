"""The review workflow in a real browser: a first-time author, a reviewer asked by email, a reader.

The reviewer is asked through the page, gets a real email through an SMTP server on loopback,
and opens the link it carries; the reader sees revision 2 and what changed since revision 1.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.incidents.enums import Status
from app.reviews.models import Revision
from tests.browser.test_drafting import (
    add_entry,
    flash,
    go_to_next_step,
    section,
    sign_in,
    stored,
    submit,
    textarea,
)
from tests.factories.accounts import PASSWORD, make_user
from tests.factories.incidents import make_incident
from tests.smtp import SmtpServer

TITLE = "Checkout returned errors for 2 h 30 min after a config push"
BLAMEFUL = "The on-call engineer failed to notice the alert"
SUMMARY = f"A config push made checkout fail for two and a half hours. {BLAMEFUL} for 25 minutes."
OLD_IMPACT = "About 3,100 checkouts failed; all were retried."
NEW_IMPACT = "About 6,200 checkouts failed; 5,900 were retried within the hour."


def stepper_link(page: Page, title: str):
    """Return the drafting stepper's link to the step called `title`."""
    return page.locator(".stepper").get_by_role("link", name=re.compile(re.escape(title)))


def open_review_page(page: Page, ref: str) -> None:
    """From the read view, follow its "Submit for review" button to the review page."""
    page.goto(f"/incidents/{ref}")
    page.get_by_role("button", name="Submit for review").click()
    expect(page).to_have_url(re.compile(rf"/incidents/{ref}/review$"))


def sign_in_here(page: Page, email: str) -> None:
    """Sign in on the sign-in page a signed-out link led to."""
    expect(page.get_by_role("heading", name="Sign in to Hindsight")).to_be_visible()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def approve(page: Page, comment: str = "") -> None:
    """Approve from the review page, optionally with a comment."""
    if comment:
        page.locator("#decide").get_by_role("textbox", name="Comment", exact=True).fill(comment)
    assert submit(page, "Approve") == 302
    expect(flash(page)).to_have_text("Approved. Thank you for reviewing.")


def submit_acknowledging_hints(page: Page) -> None:
    """Submit a complete draft whose summary kept flagged wording on purpose."""
    expect(page.locator("ul.gaps")).to_have_count(0)
    expect(page.locator("#submit")).to_contain_text("Everything a reviewer needs is there.")
    expect(page.locator(".language-findings li")).to_contain_text(["failed to notice the alert"])
    page.get_by_label("I have read the language hints and kept this wording on purpose").check()
    assert submit(page, "Submit for review") == 302
    expect(flash(page)).to_have_text("Submitted for review. Ask someone to review it below.")


def test_a_first_review_goes_from_draft_to_revision_two(
    app: Flask,
    new_page: Callable[[], Page],
    base_url: str,
    mail_to_smtp: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(app.config, "BASE_URL", base_url)  # so the emailed link leads here
    writer = make_user(email="ann@example.com", name="Ann Writer")
    make_user(email="rae@example.com", name="Rae Reviewer")
    make_user(email="ravi@example.com", name="Ravi Reader")
    ref = make_incident(writer, title=TITLE).ref
    db.session.commit()
    ann, rae, ravi = new_page(), new_page(), new_page()

    # The owner's first review: the review page lists what is missing before anything else.
    sign_in(ann, "ann@example.com")
    open_review_page(ann, ref)
    gaps = ann.locator("ul.gaps li")
    expect(gaps).to_have_count(7)
    expect(gaps.first).to_have_text("There is no summary yet (step 6: Summary and impact).")
    expect(ann.locator("ul.gaps")).to_contain_text("The timeline has no entries yet.")
    expect(ann.locator("ul.gaps")).to_contain_text(
        "The started time is missing: mark a timeline entry as 'started'."
    )
    expect(ann.get_by_role("button", name="Submit for review")).to_be_disabled()

    # Fill the gaps through the drafting steps, coached as a first-time author.
    ann.get_by_role("button", name="Edit").click()
    stepper_link(ann, "Timeline").click()
    expect(ann.get_by_test_id("coach")).to_contain_text("First review coach")
    add_entry(ann, "2026-11-24T22:40", "Alert", "Started", "Error rate on checkout rose to 12%.")
    add_entry(ann, "2026-11-25T01:10", "Resolution", "Resolved", "Error rate back to normal.")
    go_to_next_step(ann, "Contributing factors")
    ann.get_by_label("Category").select_option(label="Change")
    textarea(ann, "How did the system allow this?").fill("The push reached every region at once.")
    assert submit(ann, "Add factor") == 302
    go_to_next_step(ann, "Action items")
    ann.get_by_label("Action", exact=True).fill("Add a canary stage to config pushes")
    assert submit(ann, "Add action item") == 302
    stepper_link(ann, "Summary and impact").click()
    textarea(ann, "Summary").fill(SUMMARY)
    textarea(ann, "Impact").fill(OLD_IMPACT)
    assert submit(ann, "Save and see the review") == 302

    # Submit again: complete now, and the flagged wording is kept on purpose.
    ann.get_by_role("button", name="Submit for review").click()
    submit_acknowledging_hints(ann)

    # Ask a colleague; they get an email with a link to the review.
    ann.get_by_label("Ask someone to review").fill("rae@example.com")
    assert submit(ann, "Ask to review") == 302
    expect(flash(ann)).to_have_text("Asked Rae Reviewer to review; they have been sent an email.")
    expect(ann.locator("aside")).to_contain_text("Rae Reviewer Review requested")
    (email,) = mail_to_smtp.wait_for(1)
    assert email["To"] == "rae@example.com"
    link = f"{base_url}/incidents/{ref}/review"
    assert link in email.get_body(preferencelist=("plain",)).get_content().splitlines()

    # The reviewer follows the link, signs in, and approves with a comment.
    rae.goto(link)
    sign_in_here(rae, "rae@example.com")
    expect(rae).to_have_url(link)
    expect(rae.get_by_role("heading", name="Review it")).to_be_visible()
    approve(rae, "The timeline is clear, and the factor is about the system. Thank you!")
    expect(rae.locator(".comment.kind-approval")).to_contain_text("Thank you!")

    # The owner publishes revision 1.
    ann.reload()
    expect(ann.locator("#decide")).to_contain_text("1 of 1 approval needed to publish.")
    assert submit(ann, "Publish") == 302
    expect(flash(ann)).to_have_text("Published. Everyone who can read it can now learn from it.")

    # Reopen with a reason, amend the impact, submit again.
    ann.get_by_label("What will be amended?").fill("More checkouts failed than we first counted.")
    assert submit(ann, "Reopen for amendment") == 302
    expect(flash(ann)).to_have_text("Reopened as a draft. Publish again to make a new revision.")
    ann.get_by_role("button", name="Edit").click()
    stepper_link(ann, "Summary and impact").click()
    expect(textarea(ann, "Impact")).to_have_value(OLD_IMPACT)
    textarea(ann, "Impact").fill(NEW_IMPACT)
    assert submit(ann, "Save and see the review") == 302
    expect(ann.locator(".flash-info")).to_contain_text("Readers of revision 1 see the last")
    ann.get_by_role("button", name="Submit for review").click()
    submit_acknowledging_hints(ann)

    # The reviewer approves the amendment; the owner publishes revision 2 with a note.
    rae.reload()
    expect(rae.locator("#decide")).to_contain_text("0 of 1 approval needed to publish.")
    approve(rae)
    ann.reload()
    ann.get_by_label("What changed (for an amendment)").fill("Corrected the impact.")
    assert submit(ann, "Publish revision 2") == 302
    expect(flash(ann)).to_have_text("Published. Everyone who can read it can now learn from it.")

    # A reader sees revision 2, and what changed since revision 1.
    sign_in(ravi, "ravi@example.com")
    ravi.goto(f"/incidents/{ref}")
    expect(section(ravi, "Impact")).to_contain_text(NEW_IMPACT)
    expect(ravi.locator(".review-head")).to_contain_text("Revision 2, published")
    ravi.get_by_role("link", name="See what changed since revision 1").click()
    expect(ravi).to_have_url(re.compile(rf"/incidents/{ref}/revisions/2$"))
    expect(ravi.get_by_role("heading", name="What changed since revision 1")).to_be_visible()
    expect(ravi.locator(".diff-removed")).to_have_count(1)
    expect(ravi.locator(".diff-removed")).to_contain_text(OLD_IMPACT)
    expect(ravi.locator(".diff-added")).to_have_count(1)
    expect(ravi.locator(".diff-added")).to_contain_text(NEW_IMPACT)
    expect(ravi.locator("main")).to_contain_text("What changed: “Corrected the impact.”")

    # What the server stored, and who was emailed: only the reviewer, once.
    incident = stored(ref)
    assert incident.status is Status.PUBLISHED
    revisions = db.session.scalars(select(Revision).order_by(Revision.number)).all()
    assert [(r.number, r.snapshot["impact"]) for r in revisions] == [
        (1, OLD_IMPACT),
        (2, NEW_IMPACT),
    ]
    assert [m["To"] for m in mail_to_smtp.messages] == ["rae@example.com"]


def test_blameful_wording_gets_a_live_hint_and_still_saves(app: Flask, page: Page) -> None:
    writer = make_user(email="ann@example.com", name="Ann Writer")
    ref = make_incident(writer).ref
    db.session.commit()
    sign_in(page, "ann@example.com")
    page.goto(f"/incidents/{ref}/edit/summary")
    page.evaluate("window.sameDocument = true")  # gone if the page reloads

    textarea(page, "Summary").press_sequentially(BLAMEFUL, delay=10)

    hints = page.locator("textarea[name=summary] + .language-hints")
    expect(hints.locator("li")).to_have_count(1)
    expect(hints.locator("q")).to_have_text("engineer failed to")
    expect(hints.locator(".language-suggestion")).to_contain_text(
        "Try: Describe what made it easy to miss, e.g. "
        '"Nothing in the runbook or tooling prompted anyone to notice the alert"'
    )
    assert page.evaluate("window.sameDocument") is True
    expect(page.locator("textarea[name=impact] + .language-hints")).to_have_count(0)

    assert submit(page, "Save and see the review") == 302
    expect(section(page, "Summary")).to_contain_text(BLAMEFUL)
    assert stored(ref).summary == BLAMEFUL
