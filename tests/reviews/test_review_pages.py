"""The review workflow through its HTML pages: what each person sees, and what each refusal says."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from app.accounts.models import User
from app.extensions import db
from app.incidents import services as incidents
from app.incidents.enums import Status, Visibility
from app.incidents.models import Incident
from app.reviews import services
from app.reviews.completeness import gaps
from app.reviews.models import Comment, Reviewer, ReviewerState, Revision
from tests.conftest import sign_in
from tests.factories.accounts import make_user
from tests.factories.incidents import make_complete_review, make_incident

BLAMEFUL = "The on-call engineer failed to notice the alert."
SUGGESTION = "Nothing in the runbook or tooling prompted anyone to notice the alert"
OLD_IMPACT = "About 4% of orders failed between 22:40 and 23:18 UTC."
NEW_IMPACT = "About 6% of orders failed between 22:40 and 23:18 UTC; 310 were retried."


# -- reading pages ------------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
SELECTOR = re.compile(r"(?P<tag>[a-z0-9]+)?(?:#(?P<id>[\w-]+))?(?P<classes>(?:\.[\w-]+)*)")


@dataclass(frozen=True)
class Element:
    tag: str
    attrs: dict[str, str]
    text: str  # whitespace collapsed, as a reader sees it


class _Simple:
    """One compound selector: optional tag, optional #id, any number of .classes."""

    def __init__(self, selector: str) -> None:
        parts = SELECTOR.fullmatch(selector)
        assert parts, f"unsupported selector {selector!r}"
        self.tag, self.id = parts["tag"], parts["id"]
        self.classes = set(filter(None, parts["classes"].split(".")))

    def matches(self, tag: str, attrs: dict[str, str]) -> bool:
        return (
            (self.tag is None or tag == self.tag)
            and (self.id is None or attrs.get("id") == self.id)
            and self.classes <= set(attrs.get("class", "").split())
        )


class _Finder(HTMLParser):
    """Collect the elements matching a selector ("ul.gaps li", "small#x-help"), in page order."""

    def __init__(self, selector: str) -> None:
        super().__init__(convert_charrefs=True)
        *self.ancestors, self.target = [_Simple(part) for part in selector.split()]
        self.open: list[tuple[str, dict[str, str], list[str] | None, int]] = []
        self.found: list[tuple[int, Element]] = []
        self.seen = 0

    def matches(self, tag: str, attrs: dict[str, str]) -> bool:
        if not self.target.matches(tag, attrs):
            return False
        wanted = list(self.ancestors)
        for open_tag, open_attrs, *_ in reversed(self.open):
            if wanted and wanted[-1].matches(open_tag, open_attrs):
                wanted.pop()
        return not wanted

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {k: v or "" for k, v in attrs}
        self.seen += 1
        hit = self.matches(tag, named)
        if tag in VOID:
            if hit:
                self.found.append((self.seen, Element(tag, named, "")))
            return
        self.open.append((tag, named, [] if hit else None, self.seen))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        for *_, text, _ in self.open:
            if text is not None:
                text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if all(t != tag for t, *_ in self.open):
            return
        while self.open:
            t, attrs, text, n = self.open.pop()
            if text is not None:
                self.found.append((n, Element(t, attrs, " ".join("".join(text).split()))))
            if t == tag:
                break


def find(response: TestResponse, selector: str) -> list[Element]:
    """Return the page's elements matching `selector`, in page order."""
    finder = _Finder(selector)
    finder.feed(response.get_data(as_text=True))
    finder.close()
    return [element for _, element in sorted(finder.found, key=lambda found: found[0])]


def texts(response: TestResponse, selector: str) -> list[str]:
    return [element.text for element in find(response, selector)]


def text(response: TestResponse, selector: str) -> str:
    (only,) = texts(response, selector)
    return only


def flashes(response: TestResponse) -> list[str]:
    return texts(response, "p.flash")


def alerts(response: TestResponse) -> list[str]:
    """Return the form-level error boxes on the page."""
    return texts(response, "div.flash-error")


def field_error(response: TestResponse, field_id: str) -> str:
    """Return the error shown beside field `field_id`, checking it is tied to the field."""
    (control,) = find(response, f"#{field_id}")
    assert control.attrs.get("aria-invalid") == "true"
    assert control.attrs.get("aria-describedby") == f"{field_id}-help"
    (error,) = find(response, f"small#{field_id}-help.field-error")
    return error.text


def diff_lines(response: TestResponse, op: str) -> list[str]:
    """Return the revision page's added or removed lines, without the mark and spoken label."""
    return [line.split(f"{op}: ", 1)[1] for line in texts(response, f"div.diff-{op}")]


# -- people and states --------------------------------------------------------------------------


@dataclass(frozen=True)
class People:
    owner: User
    reviewer: User
    outsider: User
    owner_client: FlaskClient
    reviewer_client: FlaskClient
    outsider_client: FlaskClient


@pytest.fixture
def people(app: Flask) -> People:
    """An owner, a reviewer and someone else, each signed in on their own test client."""
    owner = make_user(email="olu@example.com", name="Olu Owner")
    reviewer = make_user(email="rae@example.com", name="Rae Reviewer")
    outsider = make_user(email="ola@example.com", name="Ola Other")
    db.session.commit()
    clients = [sign_in(app.test_client(), user) for user in (owner, reviewer, outsider)]
    return People(owner, reviewer, outsider, *clients)


def stored(ref: str) -> Incident:
    """Read the incident afresh, as the last request left it."""
    db.session.commit()
    incident = db.session.scalars(select(Incident).where(Incident.ref == ref)).one()
    db.session.refresh(incident)
    return incident


def complete_draft(owner: User, **basics) -> str:
    incident = make_complete_review(owner, **basics)
    db.session.commit()
    return incident.ref


def in_review(people: People, **basics) -> str:
    incident = make_complete_review(people.owner, **basics)
    services.submit(actor=people.owner, incident=incident)
    db.session.commit()
    return incident.ref


def published(people: People, **basics) -> str:
    incident = make_complete_review(people.owner, **basics)
    services.submit(actor=people.owner, incident=incident)
    services.request_reviewer(actor=people.owner, incident=incident, reviewer=people.reviewer)
    services.approve(actor=people.reviewer, incident=incident)
    services.publish(actor=people.owner, incident=incident, min_approvals=1)
    db.session.commit()
    return incident.ref


def post(client: FlaskClient, url: str, **data: str) -> TestResponse:
    return client.post(url, data=data)


def follow(client: FlaskClient, response: TestResponse) -> TestResponse:
    """Follow a redirect the way a browser does after a form post."""
    assert response.status_code == 302, response.get_data(as_text=True)
    return client.get(response.location)


# -- submitting ---------------------------------------------------------------------------------


def test_an_incomplete_draft_is_refused_with_every_gap_in_plain_words(people: People) -> None:
    draft = make_incident(people.owner)
    db.session.commit()
    expected = gaps(draft)
    ref = draft.ref

    before = people.owner_client.get(f"/incidents/{ref}/review")
    assert before.status_code == 200
    assert texts(before, "ul.gaps li") == expected
    (button,) = [b for b in find(before, "button") if b.text == "Submit for review"]
    assert "disabled" in button.attrs  # the gaps are listed before anyone tries

    refused = post(people.owner_client, f"/incidents/{ref}/submit")

    assert refused.status_code == 422
    assert text(refused, "article#submit p").startswith("Not yet: these gaps need filling")
    listed = texts(refused, "ul.gaps li")
    assert listed == expected
    assert len(listed) == 7
    assert "There is no summary yet (step 6: Summary and impact)." in listed
    assert "The timeline has no entries yet." in listed
    assert "The started time is missing: mark a timeline entry as 'started'." in listed
    assert stored(ref).status is Status.DRAFT


def test_blameful_wording_is_shown_and_must_be_acknowledged_before_submitting(
    people: People,
) -> None:
    ref = complete_draft(people.owner)
    draft = stored(ref)
    incidents.update_sections(
        actor=people.owner,
        incident=draft,
        sections={"summary": f"{BLAMEFUL} Checkout failed for 38 minutes."},
        expected_version=None,
    )
    db.session.commit()

    shown = people.owner_client.get(f"/incidents/{ref}/review")
    assert texts(shown, "ul.gaps li") == []
    (hint,) = texts(shown, "div.language-findings li")
    assert hint.startswith("Summary:")
    assert "failed to notice the alert" in hint  # the flagged words, in their sentence
    assert f'Try: Describe what made it easy to miss, e.g. "{SUGGESTION}"' in hint
    assert find(shown, "input#acknowledge_language")

    refused = post(people.owner_client, f"/incidents/{ref}/submit")
    assert refused.status_code == 422
    assert "failed to notice the alert" in text(refused, "div.language-findings li")
    assert stored(ref).status is Status.DRAFT

    accepted = post(people.owner_client, f"/incidents/{ref}/submit", acknowledge_language="y")
    page = follow(people.owner_client, accepted)
    assert flashes(page) == ["Submitted for review. Ask someone to review it below."]
    assert stored(ref).status is Status.IN_REVIEW
    history = texts(page, "ol.history li")
    assert any("Olu Owner kept flagged wording after reading the hints" in h for h in history)


def test_refusing_a_submit_over_wording_says_why(people: People) -> None:
    ref = complete_draft(people.owner)
    incidents.update_sections(
        actor=people.owner,
        incident=stored(ref),
        sections={"summary": BLAMEFUL},
        expected_version=None,
    )
    db.session.commit()

    refused = post(people.owner_client, f"/incidents/{ref}/submit")

    assert refused.status_code == 422
    said = alerts(refused) + texts(refused, "small#acknowledge_language-help.field-error")
    assert said, "refused with the same page as before, and no word on what to do next"


# -- deciding -----------------------------------------------------------------------------------


def test_another_member_approves_with_a_comment(people: People) -> None:
    ref = in_review(people)

    done = post(people.reviewer_client, f"/incidents/{ref}/approve", comment="Clear and kind.")

    page = follow(people.reviewer_client, done)
    assert flashes(page) == ["Approved. Thank you for reviewing."]
    (comment,) = find(page, "div.comment")
    assert "kind-approval" in comment.attrs["class"].split()
    assert comment.text.startswith("Rae Reviewer approved on The review as a whole")
    assert comment.text.endswith("Clear and kind.")
    assert "Rae Reviewer Approved" in texts(page, "aside p")
    assert text(page, "article#decide p").startswith("1 of 1 approval needed to publish.")
    assert services.approvals(stored(ref)) == 1


def test_the_owner_approving_their_own_review_is_told_why_and_nothing_changes(
    people: People,
) -> None:
    ref = in_review(people)

    refused = post(people.owner_client, f"/incidents/{ref}/approve", comment="Looks good to me.")

    assert refused.status_code == 409
    assert (
        "You cannot approve or reject your own review; ask someone who was not the owner."
        in alerts(refused)
    )
    db.session.commit()
    assert db.session.scalars(select(Reviewer)).all() == []
    assert db.session.scalars(select(Comment)).all() == []
    assert stored(ref).status is Status.IN_REVIEW


def test_approving_twice_is_refused_with_a_clear_message(people: People) -> None:
    ref = in_review(people)
    follow(people.reviewer_client, post(people.reviewer_client, f"/incidents/{ref}/approve"))

    again = post(people.reviewer_client, f"/incidents/{ref}/approve", comment="Still good.")

    assert again.status_code == 409
    assert alerts(again) == ["You have already approved this review."]
    assert again.get_data(as_text=True).count("Still good.") == 1  # kept in the box, not saved
    db.session.commit()
    assert [c.body for c in db.session.scalars(select(Comment))] == []
    assert services.approvals(stored(ref)) == 1


# -- comments -----------------------------------------------------------------------------------


def test_an_empty_comment_is_refused_beside_the_field(people: People) -> None:
    ref = in_review(people)

    refused = post(
        people.reviewer_client, f"/incidents/{ref}/comments", section="impact", body=" \n "
    )

    assert refused.status_code == 422
    assert field_error(refused, "body") == "An empty comment says nothing."
    db.session.commit()
    assert db.session.scalars(select(Comment)).all() == []


def test_a_comment_on_a_section_is_shown_and_then_resolved(people: People) -> None:
    ref = in_review(people)

    added = post(
        people.reviewer_client,
        f"/incidents/{ref}/comments",
        section="impact",
        body="Could we say how many orders were retried?",
    )

    page = follow(people.reviewer_client, added)
    assert flashes(page) == ["Comment added."]
    (shown,) = find(page, "div.comment")
    assert shown.text.startswith("Rae Reviewer on Impact")
    assert "Could we say how many orders were retried?" in shown.text
    assert "resolved" not in shown.attrs["class"].split()
    comment_id = int(shown.attrs["id"].removeprefix("comment-"))

    resolved = post(people.owner_client, f"/incidents/{ref}/comments/{comment_id}/resolve")
    assert resolved.location == f"/incidents/{ref}/review#comment-{comment_id}"
    page = follow(people.owner_client, resolved)
    assert flashes(page) == ["Comment resolved."]
    (shown,) = find(page, f"div#comment-{comment_id}")
    assert "resolved" in shown.attrs["class"].split()
    assert "resolved" in texts(page, f"div#comment-{comment_id} span.badge")
    db.session.commit()
    comment = db.session.get(Comment, comment_id)
    assert comment.resolved_by_id == people.owner.id

    again = post(people.owner_client, f"/incidents/{ref}/comments/{comment_id}/resolve")
    assert flashes(follow(people.owner_client, again)) == ["This comment is already resolved."]


# -- publishing, reopening, republishing --------------------------------------------------------


def test_publishing_makes_revision_one(people: People) -> None:
    ref = in_review(people)
    follow(people.reviewer_client, post(people.reviewer_client, f"/incidents/{ref}/approve"))

    done = post(people.owner_client, f"/incidents/{ref}/publish")

    page = follow(people.owner_client, done)
    assert flashes(page) == ["Published. Everyone who can read it can now learn from it."]
    assert [a.attrs["href"] for a in find(page, "a") if a.text == "Revision 1"] == [
        f"/incidents/{ref}/revisions/1"
    ]
    revision = people.outsider_client.get(f"/incidents/{ref}/revisions/1")
    assert revision.status_code == 200
    assert text(revision, "h1") == "Checkout returned errors after a config change revision 1"
    assert "What changed since" not in revision.get_data(as_text=True)
    assert stored(ref).status is Status.PUBLISHED


def test_the_read_view_links_to_the_published_revision(people: People) -> None:
    ref = published(people)

    read = people.outsider_client.get(f"/incidents/{ref}")

    assert read.status_code == 200
    assert any(t.startswith("Revision 1, published") for t in texts(read, "p.small"))
    links = [a.attrs["href"] for a in find(read, "a")]
    assert f"/incidents/{ref}/revisions/1" in links, "readers cannot reach revision 1"


def test_reopening_needs_a_reason(people: People) -> None:
    ref = published(people)

    refused = post(people.owner_client, f"/incidents/{ref}/reopen", reason="  ")

    assert refused.status_code == 422
    assert field_error(refused, "reason") == "Say what will be amended."
    assert stored(ref).status is Status.PUBLISHED

    done = post(people.owner_client, f"/incidents/{ref}/reopen", reason="Correct the impact.")

    page = follow(people.owner_client, done)
    assert flashes(page) == ["Reopened as a draft. Publish again to make a new revision."]
    assert any(
        h.endswith("Olu Owner reopened it for an amendment: “Correct the impact.”")
        for h in texts(page, "ol.history li")
    )
    assert stored(ref).status is Status.DRAFT
    db.session.commit()
    assert [r.state for r in db.session.scalars(select(Reviewer))] == [ReviewerState.REQUESTED]


def test_republishing_shows_revision_two_and_what_changed(people: People) -> None:
    ref = published(people)
    owner, reviewer = people.owner_client, people.reviewer_client
    follow(owner, post(owner, f"/incidents/{ref}/reopen", reason="Correct the impact."))
    edit = owner.get(f"/incidents/{ref}/edit/summary")
    (version,) = [e.attrs["value"] for e in find(edit, "input#version")]
    saved = post(
        owner,
        f"/incidents/{ref}/edit/summary",
        version=version,
        summary=stored(ref).summary,
        impact=NEW_IMPACT,
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)
    draft_view = owner.get(f"/incidents/{ref}")
    assert any(
        "Readers of revision 1 see the last published version here." in t
        for t in flashes(draft_view)
    )

    follow(owner, post(owner, f"/incidents/{ref}/submit"))
    follow(reviewer, post(reviewer, f"/incidents/{ref}/approve", comment="Thanks for the fix."))
    form = owner.get(f"/incidents/{ref}/review")
    assert "Publish revision 2" in texts(form, "button")
    page = follow(owner, post(owner, f"/incidents/{ref}/publish", note="Corrected the impact."))
    assert [a.text for a in find(page, "a") if a.text.startswith("Revision ")] == [
        "Revision 2",
        "Revision 1",
    ]

    read = people.outsider_client.get(f"/incidents/{ref}")
    (said,) = [t for t in texts(read, "p.small") if t.startswith("Revision ")]
    assert said.startswith("Revision 2, published")
    assert said.endswith("See what changed since revision 1.")
    (what_changed,) = [a for a in find(read, "a") if a.text.startswith("See what changed")]
    assert what_changed.attrs["href"] == f"/incidents/{ref}/revisions/2"

    revision = people.outsider_client.get(what_changed.attrs["href"])
    assert revision.status_code == 200
    assert texts(revision, "article h2")[0] == "What changed since revision 1"
    assert "What changed: “Corrected the impact.”" in text(revision, "p.muted")
    assert diff_lines(revision, "removed") == [OLD_IMPACT]
    assert diff_lines(revision, "added") == [NEW_IMPACT]
    db.session.commit()
    assert [r.number for r in db.session.scalars(select(Revision).order_by(Revision.number))] == [
        1,
        2,
    ]


# -- who can see it, and what happened ----------------------------------------------------------


def test_a_restricted_review_is_not_found_by_outsiders(people: People) -> None:
    ref = published(people, visibility=Visibility.RESTRICTED, title="Leaked credentials rotated")

    for path in ("review", "revisions/1"):
        assert people.reviewer_client.get(f"/incidents/{ref}/{path}").status_code == 200
        hidden = people.outsider_client.get(f"/incidents/{ref}/{path}")
        assert hidden.status_code == 404
        assert "Leaked credentials" not in hidden.get_data(as_text=True)
    for path, data in [("reopen", {"reason": "Peek"}), ("comments", {"body": "Peek"})]:
        assert post(people.outsider_client, f"/incidents/{ref}/{path}", **data).status_code == 404
    db.session.commit()
    assert db.session.scalars(select(Comment)).all() == []
    assert stored(ref).status is Status.PUBLISHED


def test_the_history_says_who_did_what_by_name(people: People) -> None:
    ref = complete_draft(people.owner)
    owner, reviewer = people.owner_client, people.reviewer_client
    follow(owner, post(owner, f"/incidents/{ref}/submit"))
    follow(owner, post(owner, f"/incidents/{ref}/reviewers", email="rae@example.com"))
    follow(reviewer, post(reviewer, f"/incidents/{ref}/approve"))
    follow(owner, post(owner, f"/incidents/{ref}/publish"))

    page = people.outsider_client.get(f"/incidents/{ref}/review")

    said = [re.sub(r"^\d\d \w{3} \d\d:\d\d ", "", line) for line in texts(page, "ol.history li")]
    assert said == [
        "Olu Owner created the review",
        "Olu Owner submitted it for review",
        "Olu Owner asked for a review",
        "Rae Reviewer approved",
        "Olu Owner published",
    ]
