"""Reviewers, resolving comments and published revisions, as the review page shows them."""

from __future__ import annotations

from flask.testing import FlaskClient

from app.accounts.models import User
from app.extensions import db
from app.reviews import services as reviews
from tests.api import bearer, problem_of
from tests.factories.incidents import publish_example


def test_reviewers_and_revisions_of_a_published_review(client: FlaskClient, member: User) -> None:
    incident = publish_example(member)
    db.session.commit()
    headers, base = bearer(member), f"/api/v1/incidents/{incident.ref}"
    reviewers = client.get(f"{base}/reviewers", headers=headers).json["items"]
    assert [(r["name"], r["state"]) for r in reviewers] == [("Example Reviewer", "approved")]
    listed = client.get(f"{base}/revisions", headers=headers).json["items"]
    assert [r["number"] for r in listed] == [1]
    assert listed[0]["published_by"] == member.email
    first = client.get(f"{base}/revisions/1", headers=headers).json
    assert first["snapshot"]["ref"] == incident.ref
    assert first["snapshot"]["title"] == incident.title
    problem_of(client.get(f"{base}/revisions/2", headers=headers), 404)
    problem_of(client.get(f"{base}/revisions/99999999999", headers=headers), 404)


def test_a_comment_is_resolved_once(client: FlaskClient, member: User) -> None:
    incident = publish_example(member)
    comment = reviews.add_comment(actor=member, incident=incident, section="summary", body="Why?")
    db.session.commit()
    headers = bearer(member)
    url = f"/api/v1/incidents/{incident.ref}/comments/{comment.id}/resolve"
    response = client.post(url, headers=headers)
    assert response.status_code == 200
    assert response.json["resolved_at"] is not None
    problem_of(client.post(url, headers=headers), 409)
    problem_of(
        client.post(f"/api/v1/incidents/{incident.ref}/comments/0/resolve", headers=headers), 404
    )
