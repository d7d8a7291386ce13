"""The weekly digest as JSON: what the page shows, with restricted reviews only as a count."""

from __future__ import annotations

import json

from flask.testing import FlaskClient

from app.accounts.models import User
from app.clock import utcnow
from app.digests import settings
from app.digests.weeks import IsoWeek
from app.extensions import db
from app.incidents.enums import Visibility
from app.reviews import services as reviews
from tests.api import bearer, problem_of
from tests.factories.accounts import make_user
from tests.factories.incidents import make_complete_review, publish_example


def _publish_restricted(owner: User, approver: User):
    incident = make_complete_review(
        owner, title="Payroll export leaked to a shared bucket", visibility=Visibility.RESTRICTED
    )
    reviews.submit(actor=owner, incident=incident, acknowledge_language=True)
    reviews.approve(actor=approver, incident=incident)
    reviews.publish(actor=owner, incident=incident, min_approvals=1)
    return incident


def test_the_digest_lists_the_weeks_reviews_and_counts_restricted_ones_anonymously(
    client: FlaskClient, member: User, admin: User
) -> None:
    shared = publish_example(member)
    owner = make_user(email="rae@example.com")
    sealed = _publish_restricted(owner, admin)
    db.session.commit()
    week = str(IsoWeek.containing(utcnow(), settings.timezone()))

    outsider = client.get(f"/api/v1/digests/{week}", headers=bearer(member))
    assert outsider.status_code == 200, outsider.json
    digest = outsider.json
    assert digest["week"] == week
    assert [r["ref"] for r in digest["reviews"]] == [shared.ref]
    assert digest["hidden"] == 1
    text = json.dumps(digest)
    assert sealed.ref not in text
    assert "Payroll" not in text

    participant = client.get(f"/api/v1/digests/{week}", headers=bearer(owner)).json
    assert {r["ref"] for r in participant["reviews"]} == {shared.ref, sealed.ref}
    assert participant["hidden"] == 0
    assert participant["trend"]["total"] == digest["trend"]["total"] + 1


def test_bad_or_future_weeks_are_404_problems(client: FlaskClient, member: User) -> None:
    headers = bearer(member)
    for week in ("2026-W54", "soon", "2026-w01", "0001-W01", "2999-W01"):
        body = problem_of(client.get(f"/api/v1/digests/{week}", headers=headers), 404)
        assert body["detail"], week
    problem_of(client.get("/api/v1/digests/2026-W48"), 401)
