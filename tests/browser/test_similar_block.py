"""The "Similar incidents" block on an incident page, in a real browser.

The block is computed on the server and reused for a short while (app.search.similar), so
this checks what a reader sees: the related review with its reason, never a restricted one
they may not read, and a review written since their last visit on the next visit.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from app.extensions import db
from app.incidents.enums import FactorCategory, Visibility
from tests.browser.test_drafting import sign_in
from tests.factories.accounts import make_user
from tests.factories.incidents import make_factor, make_incident, make_service

pytestmark = pytest.mark.browser


def review(owner, title: str, summary: str, service: str, **basics):
    """Write a review with one configuration factor."""
    incident = make_incident(owner, title=title, summary=summary, services_=[service], **basics)
    make_factor(incident, owner, category=FactorCategory.CONFIGURATION, description="A push.")
    return incident


@pytest.fixture
def reviews(app: Flask):
    for name in ("checkout", "payments"):
        make_service(name)
    reader = make_user(name="Rhea Reader", email="rhea@example.com")
    other = make_user(name="Oskar Other", email="oskar@example.com")
    target = review(
        reader, "Checkout pool exhausted after a config push",
        "The connection pool limit was lowered by a config change.", "checkout",
    )  # fmt: skip
    related = review(
        reader, "Checkout connection pool limit too low",
        "A config change halved the pool; checkout timed out.", "checkout",
    )  # fmt: skip
    secret = review(
        other, "Checkout pool sealed review of a config push",
        "The pool limit config change, restricted.", "checkout",
        visibility=Visibility.RESTRICTED,
    )  # fmt: skip
    db.session.commit()
    return reader, other, target, related, secret


def similar_block(page: Page):
    return page.locator("section.similar")


def test_the_incident_page_shows_similar_reviews_the_reader_may_open(page: Page, reviews) -> None:
    reader, _, target, related, secret = reviews
    sign_in(page, reader.email)

    page.goto(f"/incidents/{target.ref}")

    block = similar_block(page)
    expect(block.get_by_role("heading", name="Similar incidents")).to_be_visible()
    link = block.get_by_role("link", name=re.compile(re.escape(related.title)))
    expect(link).to_be_visible()
    expect(block).to_contain_text("same service checkout, both had a configuration factor")
    expect(block).not_to_contain_text(secret.title)
    expect(block).not_to_contain_text(secret.ref)

    link.click()
    expect(page).to_have_url(re.compile(rf"/incidents/{related.ref}$"))
    expect(page.get_by_role("heading", name=related.title, level=1)).to_be_visible()


def test_a_review_written_since_the_last_visit_shows_on_the_next(page: Page, reviews) -> None:
    reader, other, target, _, _ = reviews
    sign_in(page, reader.email)
    page.goto(f"/incidents/{target.ref}")
    expect(similar_block(page)).to_be_visible()

    db.session.rollback()  # start afresh: the live server's threads wrote since (sign-in)
    newer = review(
        other, "Checkout pool drained again by a config push",
        "Another config change lowered the checkout pool.", "checkout",
    )  # fmt: skip
    db.session.commit()
    page.reload()

    expect(similar_block(page).get_by_role("link", name=re.compile(newer.title))).to_be_visible()
