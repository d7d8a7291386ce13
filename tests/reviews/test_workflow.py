"""Draft -> in review -> published, and back again for an amendment."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from flask import Flask
from sqlalchemy import select

from app.accounts.models import User
from app.errors import InvalidInput, InvalidTransition, PermissionDenied
from app.extensions import db
from app.incidents import timeline
from app.incidents.enums import Status
from app.incidents.models import Incident
from app.reviews import services
from app.reviews.completeness import gaps
from app.reviews.models import Revision
from tests.factories.accounts import make_user
from tests.factories.incidents import T0, make_complete_review, make_entry, make_incident


@pytest.fixture
def people(app: Flask) -> tuple[User, User, User]:
    owner = make_user(name="Olu Owner")
    reviewer = make_user(name="Rae Reviewer")
    other = make_user(name="Ola Other")
    db.session.commit()
    return owner, reviewer, other


def in_review(owner: User) -> Incident:
    incident = make_complete_review(owner)
    services.submit(actor=owner, incident=incident, acknowledge_language=True)
    return incident


def test_an_empty_draft_lists_every_gap_at_once(people) -> None:
    owner, _, _ = people
    found = gaps(make_incident(owner))
    assert len(found) == 7
    assert any("no summary" in g for g in found)
    assert any("timeline has no entries" in g for g in found)
    assert any("contributing factor" in g for g in found)
    assert any("no reason is given" in g for g in found)
    assert any("started time is missing" in g for g in found)


def test_key_times_out_of_order_are_a_gap(people) -> None:
    from app.incidents.enums import Milestone

    owner, _, _ = people
    incident = make_complete_review(owner)
    make_entry(incident, owner, at=T0 - dt.timedelta(hours=1), milestone=Milestone.MITIGATED)
    assert "Key times are out of order: mitigated is before started." in gaps(incident)


def test_a_reason_for_no_action_items_is_enough(people) -> None:
    owner, _, _ = people
    incident = make_complete_review(owner)
    incident.actions.clear()
    incident.no_action_reason = "The provider fixed it; nothing on our side would have helped."
    assert gaps(incident) == []


def test_submitting_an_incomplete_draft_is_refused_and_changes_nothing(people) -> None:
    owner, _, _ = people
    incident = make_incident(owner)
    with pytest.raises(services.SubmitBlocked) as blocked:
        services.submit(actor=owner, incident=incident)
    assert len(blocked.value.gaps) == 7
    assert incident.status is Status.DRAFT


def test_blameful_wording_must_be_acknowledged_before_submitting(people) -> None:
    owner, _, _ = people
    incident = make_complete_review(owner)
    incident.summary = "The on-call engineer failed to notice the alert. Human error."
    with pytest.raises(services.SubmitBlocked) as blocked:
        services.submit(actor=owner, incident=incident)
    assert blocked.value.gaps == []
    assert blocked.value.findings
    services.submit(actor=owner, incident=incident, acknowledge_language=True)
    assert incident.status is Status.IN_REVIEW


def test_owner_cannot_approve_their_own_review(people) -> None:
    owner, _, _ = people
    incident = in_review(owner)
    with pytest.raises(InvalidTransition, match="your own review"):
        services.approve(actor=owner, incident=incident)


def test_approving_twice_is_refused(people) -> None:
    owner, reviewer, _ = people
    incident = in_review(owner)
    services.approve(actor=reviewer, incident=incident)
    with pytest.raises(InvalidTransition, match="already approved"):
        services.approve(actor=reviewer, incident=incident)
    assert services.approvals(incident) == 1


def test_publishing_a_draft_is_refused(people) -> None:
    owner, _, _ = people
    incident = make_complete_review(owner)
    with pytest.raises(InvalidTransition, match="submit it first"):
        services.publish(actor=owner, incident=incident, min_approvals=1)
    assert db.session.scalar(select(Revision)) is None


def test_publishing_needs_enough_approvals_from_others(people) -> None:
    owner, reviewer, other = people
    incident = in_review(owner)
    services.approve(actor=reviewer, incident=incident)
    with pytest.raises(InvalidTransition, match="needs 2 approval"):
        services.publish(actor=owner, incident=incident, min_approvals=2)
    services.approve(actor=other, incident=incident, comment="Clear and kind. Thanks!")
    revision = services.publish(actor=owner, incident=incident, min_approvals=2)
    assert revision.number == 1
    assert incident.status is Status.PUBLISHED
    assert revision.snapshot["summary"].startswith("Checkout returned errors")


def test_only_owner_or_admin_publishes(people) -> None:
    owner, reviewer, _ = people
    incident = in_review(owner)
    services.approve(actor=reviewer, incident=incident)
    with pytest.raises(PermissionDenied):
        services.publish(actor=reviewer, incident=incident, min_approvals=1)


def test_requesting_changes_needs_a_comment(people) -> None:
    owner, reviewer, _ = people
    incident = in_review(owner)
    with pytest.raises(InvalidInput):
        services.request_changes(actor=reviewer, incident=incident, comment="  ")


def test_published_review_is_read_only_until_reopened(people) -> None:
    owner, reviewer, _ = people
    incident = in_review(owner)
    services.approve(actor=reviewer, incident=incident)
    services.publish(actor=owner, incident=incident, min_approvals=1)
    entry = timeline.EntryInput(occurred_at=T0, body="Late addition")
    with pytest.raises(InvalidTransition, match="Reopen it"):
        timeline.add_entry(actor=owner, incident=incident, data=entry)
    services.reopen(actor=owner, incident=incident, reason="Add the provider's report.")
    timeline.add_entry(actor=owner, incident=incident, data=entry)
    assert incident.status is Status.DRAFT
    assert services.approvals(incident) == 0  # approvals start again for the amendment


def test_republishing_makes_revision_two(people) -> None:
    owner, reviewer, _ = people
    incident = in_review(owner)
    services.approve(actor=reviewer, incident=incident)
    services.publish(actor=owner, incident=incident, min_approvals=1)
    services.reopen(actor=owner, incident=incident, reason="Correct the impact.")
    incident.impact = "About 6% of orders failed."
    services.submit(actor=owner, incident=incident, acknowledge_language=True)
    services.approve(actor=reviewer, incident=incident)
    second = services.publish(actor=owner, incident=incident, min_approvals=1, note="Impact")
    assert second.number == 2
    from app.reviews.snapshots import diff

    first = db.session.scalar(select(Revision).where(Revision.number == 1))
    changes = [line for line in diff(first.snapshot, second.snapshot) if line]
    assert ("removed", "About 4% of orders failed between 22:40 and 23:18 UTC.") in [
        (c.op, c.text) for c in changes
    ]
    assert ("added", "About 6% of orders failed.") in [(c.op, c.text) for c in changes]


def test_empty_comments_are_refused(people) -> None:
    owner, reviewer, _ = people
    incident = in_review(owner)
    with pytest.raises(InvalidInput, match="empty comment"):
        services.add_comment(actor=reviewer, incident=incident, section="summary", body=" \n ")


def test_two_publishers_at_the_same_moment_publish_once(app: Flask, people) -> None:
    owner, reviewer, _ = people
    incident = in_review(owner)
    services.approve(actor=reviewer, incident=incident)
    db.session.commit()
    admin = make_user(name="Ada Admin", admin=True)
    db.session.commit()
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def publish_as(user_id: int) -> None:
        with app.app_context():
            actor = db.session.get(User, user_id)
            target = db.session.scalar(select(Incident))
            barrier.wait()
            try:
                services.publish(actor=actor, incident=target, min_approvals=1)
                db.session.commit()
                outcomes.append("published")
            except (InvalidTransition, Exception) as error:
                db.session.rollback()
                outcomes.append(type(error).__name__)

    threads = [threading.Thread(target=publish_as, args=(u.id,)) for u in (owner, admin)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    db.session.commit()
    assert outcomes.count("published") == 1, outcomes
    assert len(db.session.scalars(select(Revision)).all()) == 1
