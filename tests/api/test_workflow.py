"""The review workflow through the API behaves as the services do: same gaps, same rules."""

from __future__ import annotations

import logging

import pytest
from flask.testing import FlaskClient

from app.accounts.models import User
from app.extensions import db
from app.incidents.models import Incident
from app.reviews import queries, services
from app.reviews.models import ReviewerState
from tests.api import bearer, problem_of
from tests.factories.accounts import make_user
from tests.factories.incidents import make_complete_review, make_incident

REF = "/api/v1/incidents/INC-0001"


@pytest.fixture
def mail_log(caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch):
    """Capture what app.mail logs (Alembic's fileConfig disables loggers that exist already)."""
    monkeypatch.setattr(logging.getLogger("app.mail"), "disabled", False)
    caplog.set_level(logging.INFO, logger="app.mail")
    return lambda: [r.getMessage() for r in caplog.records if r.name == "app.mail"]


@pytest.fixture
def people(member: User) -> tuple[dict[str, str], dict[str, str]]:
    reviewer = make_user(email="rae@example.com", name="Rae Reviewer")
    db.session.commit()
    return bearer(member), bearer(reviewer)


def _complete_through_the_api(client: FlaskClient, owner: dict[str, str]) -> None:
    version = client.get(REF, headers=owner).json["version"]
    patched = client.patch(
        REF,
        headers=owner,
        json={
            "version": version,
            "summary": "Checkout returned errors for 38 minutes after a pool size change.",
            "impact": "About 4% of orders failed between 22:40 and 23:18 UTC.",
        },
    )
    assert patched.status_code == 200, patched.json
    for entry in (
        {"occurred_at": "2026-11-24T22:30:00Z", "milestone": "started", "body": "Errors rose."},
        {
            "occurred_at": "2026-11-24T23:08:00Z",
            "milestone": "resolved",
            "kind": "resolution",
            "body": "Error rate back to baseline after the rollback.",
        },
    ):
        assert client.post(f"{REF}/timeline", headers=owner, json=entry).status_code == 201
    factor = {"category": "change", "description": "The change reached every region at once."}
    assert client.post(f"{REF}/factors", headers=owner, json=factor).status_code == 201
    action = {"title": "Add a canary stage to config pushes"}
    assert client.post(f"{REF}/actions", headers=owner, json=action).status_code == 201


def test_the_whole_review_workflow_through_the_api(
    client: FlaskClient, member: User, people
) -> None:
    owner, reviewer = people
    created = client.post(
        "/api/v1/incidents", headers=owner, json={"title": "Checkout errors", "severity": "SEV2"}
    )
    assert created.status_code == 201

    blocked = problem_of(client.post(f"{REF}/submit", headers=owner), 422)
    assert blocked["type"] == "https://hindsight.dev/problems/submit-blocked"
    incident = db.session.scalar(db.select(Incident))
    assert blocked["gaps"] == services.completeness.gaps(incident)
    assert len(blocked["gaps"]) == 7

    _complete_through_the_api(client, owner)
    submitted = client.post(f"{REF}/submit", headers=owner, json={})
    assert submitted.status_code == 200, submitted.json
    assert submitted.json["status"] == "in_review"

    own = problem_of(client.post(f"{REF}/approve", headers=owner), 409)
    assert "your own review" in own["detail"]
    early = problem_of(client.post(f"{REF}/publish", headers=owner), 409)
    assert "approval" in early["detail"]

    approved = client.post(f"{REF}/approve", headers=reviewer, json={"comment": "Clear, thanks."})
    assert approved.status_code == 200
    problem_of(client.post(f"{REF}/publish", headers=reviewer), 403)
    published = client.post(f"{REF}/publish", headers=owner, json={"note": "First version"})
    assert published.status_code == 200, published.json
    assert published.json["status"] == "published"

    locked = client.post(
        f"{REF}/factors", headers=owner, json={"category": "data", "description": "x"}
    )
    problem_of(locked, 409)
    problem_of(client.post(f"{REF}/reopen", headers=owner, json={"reason": " "}), 422)
    reopened = client.post(f"{REF}/reopen", headers=owner, json={"reason": "Correct the impact."})
    assert reopened.json["status"] == "draft"

    version = reopened.json["version"]
    amended = client.patch(REF, headers=owner, json={"version": version, "impact": "About 6%."})
    assert amended.status_code == 200
    assert client.post(f"{REF}/submit", headers=owner).status_code == 200
    assert client.post(f"{REF}/approve", headers=reviewer).status_code == 200
    assert client.post(f"{REF}/publish", headers=owner).status_code == 200

    db.session.expire_all()
    incident = db.session.scalar(db.select(Incident))
    numbers = [r.number for r in queries.revisions(incident)]
    assert numbers == [2, 1]
    assert queries.revisions(incident)[0].snapshot["impact"] == "About 6%."


def test_blameful_wording_must_be_acknowledged_before_submitting(
    client: FlaskClient, member: User, people
) -> None:
    owner, _ = people
    incident = make_complete_review(member)
    incident.summary = "The on-call engineer failed to notice the alert. Human error."
    db.session.commit()
    blocked = problem_of(client.post(f"{REF}/submit", headers=owner), 422)
    assert blocked["gaps"] == []
    assert blocked["findings"]
    assert {"where", "excerpt", "start", "end", "rule", "message", "suggestion"} <= set(
        blocked["findings"][0]
    )
    acknowledged = client.post(f"{REF}/submit", headers=owner, json={"acknowledge_language": True})
    assert acknowledged.json["status"] == "in_review"


def test_requesting_changes_needs_a_comment_and_records_it(
    client: FlaskClient, member: User, people
) -> None:
    owner, reviewer = people
    incident = make_complete_review(member)
    services.submit(actor=member, incident=incident, acknowledge_language=True)
    db.session.commit()
    missing = problem_of(client.post(f"{REF}/request-changes", headers=reviewer, json={}), 422)
    assert set(missing["errors"]) == {"comment"}
    blank = client.post(f"{REF}/request-changes", headers=reviewer, json={"comment": "  "})
    assert set(problem_of(blank, 422)["errors"]) == {"comment"}
    asked = client.post(
        f"{REF}/request-changes", headers=reviewer, json={"comment": "Add the provider's view."}
    )
    assert asked.status_code == 200
    assert asked.json["status"] == "in_review"
    comments = client.get(f"{REF}/comments", headers=owner).json["items"]
    assert [(c["kind"], c["author"]) for c in comments] == [
        ("changes_requested", "rae@example.com")
    ]


def test_asking_a_reviewer_sends_mail_even_without_smtp(
    client: FlaskClient, member: User, people, mail_log
) -> None:
    owner, _ = people
    make_incident(member, title="Checkout errors")
    db.session.commit()
    response = client.post(f"{REF}/reviewers", headers=owner, json={"email": "Rae@Example.com"})
    assert response.status_code == 201, response.json
    assert response.json["email"] == "rae@example.com"
    assert response.json["state"] == "requested"
    mails = mail_log()
    assert len(mails) == 1
    assert "rae@example.com" in mails[0]
    assert "Review requested: INC-0001 Checkout errors" in mails[0]
    incident = db.session.scalar(db.select(Incident))
    assert [r.state for r in queries.review_state(incident).reviewers] == [ReviewerState.REQUESTED]


def test_reviewers_must_exist_and_not_be_the_owner_or_asked_twice(
    client: FlaskClient, member: User, people, mail_log
) -> None:
    owner, _ = people
    make_incident(member)
    db.session.commit()
    for email in ("ghost@example.com", "mo@example.com"):
        response = client.post(f"{REF}/reviewers", headers=owner, json={"email": email})
        assert set(problem_of(response, 422)["errors"]) == {"email"}
    asked = client.post(f"{REF}/reviewers", headers=owner, json={"email": "rae@example.com"})
    assert asked.status_code == 201
    again = client.post(f"{REF}/reviewers", headers=owner, json={"email": "rae@example.com"})
    problem_of(again, 422)
    assert len(mail_log()) == 1


def test_comments_round_trip(client: FlaskClient, member: User, people) -> None:
    owner, reviewer = people
    make_incident(member)
    db.session.commit()
    response = client.post(
        f"{REF}/comments", headers=reviewer, json={"section": "impact", "body": "How many users?"}
    )
    assert response.status_code == 201, response.json
    comment = response.json
    assert set(comment) == {
        "id",
        "section",
        "kind",
        "body",
        "author",
        "created_at",
        "resolved_at",
    }
    assert (comment["section"], comment["kind"]) == ("impact", "comment")
    assert comment["author"] == "rae@example.com"
    assert comment["created_at"].endswith("+00:00")
    assert comment["resolved_at"] is None
    general = client.post(f"{REF}/comments", headers=owner, json={"body": "Thanks all."}).json
    assert general["section"] == "general"
    listed = client.get(f"{REF}/comments", headers=owner).json["items"]
    assert listed == [comment, general]
    bad = client.post(f"{REF}/comments", headers=owner, json={"section": "blame", "body": "x"})
    assert set(problem_of(bad, 422)["errors"]) == {"section"}
