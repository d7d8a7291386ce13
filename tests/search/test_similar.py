"""Similar incidents: the related review first, with a reason a reader can check."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from app.accounts.models import User
from app.extensions import db
from app.incidents import services
from app.incidents.enums import FactorCategory, Visibility
from app.search.queries import similar, similar_to_draft
from tests.conftest import sign_in
from tests.factories.accounts import make_user
from tests.factories.incidents import make_factor, make_incident

pytestmark = pytest.mark.usefixtures("filler", "catalog")


@pytest.fixture
def trio(owner: User):
    def review(title, summary, service, category, **kw):
        incident = make_incident(owner, title=title, summary=summary, services_=[service], **kw)
        make_factor(incident, owner, category=category, description="As the review says.")
        return incident

    target = review(
        "Checkout pool exhausted after a config push",
        "The connection pool limit was lowered by a config change.",
        "checkout", FactorCategory.CONFIGURATION,
    )  # fmt: skip
    related = review(
        "Checkout connection pool limit too low",
        "A config change halved the pool; checkout timed out.",
        "checkout", FactorCategory.CONFIGURATION,
    )  # fmt: skip
    unrelated = review(
        "Payments webhook retries duplicated refunds",
        "A retry storm from the provider.",
        "payments", FactorCategory.EXTERNAL,
    )  # fmt: skip
    db.session.commit()
    return target, related, unrelated


def test_the_related_incident_comes_first_with_a_plain_reason(owner: User, trio) -> None:
    target, related, unrelated = trio

    found = similar(owner, target)

    assert found[0].ref == related.ref
    assert found[0].reason.startswith("same service checkout, both had a configuration factor")
    assert target.ref not in [f.ref for f in found]
    assert unrelated.ref not in [f.ref for f in found]


def test_a_draft_title_and_services_find_the_related_incidents(owner: User, trio) -> None:
    target, related, _ = trio

    found = similar_to_draft(owner, title="Checkout connection pool", services=["checkout"])

    assert {f.ref for f in found[:2]} == {target.ref, related.ref}
    assert similar_to_draft(owner, title="?!", services=[]) == []


def test_similar_never_shows_a_review_the_viewer_cannot_see(owner: User, trio) -> None:
    target, related, _ = trio
    basics = services.Basics(
        title=related.title, severity=related.severity, services=["checkout"],
        visibility=Visibility.RESTRICTED,
    )  # fmt: skip
    services.update_basics(actor=owner, incident=related, basics=basics, expected_version=None)
    db.session.commit()
    outsider = make_user(name="Oscar Outsider", password=None)
    db.session.commit()

    assert related.ref not in [f.ref for f in similar(outsider, target)]
    assert related.ref not in [
        f.ref for f in similar_to_draft(outsider, title=target.title, services=["checkout"])
    ]
    assert related.ref == similar(owner, target)[0].ref


def test_the_similar_endpoint_answers_json(client: FlaskClient, owner: User, trio) -> None:
    target, related, _ = trio
    client = sign_in(client, owner)

    response = client.get(
        "/search/similar",
        query_string={
            "title": "checkout connection pool limit",
            "services": "checkout",
            "ref": target.ref,
        },
    )

    assert response.status_code == 200
    results = response.get_json()["results"]
    assert results[0]["ref"] == related.ref
    assert results[0]["url"] == f"/incidents/{related.ref}"
    assert {"ref", "title", "score", "reason", "url"} == set(results[0])
    assert target.ref not in [r["ref"] for r in results]


def test_the_incident_page_lists_similar_incidents(client: FlaskClient, owner: User, trio) -> None:
    target, related, _ = trio

    page = sign_in(client, owner).get(f"/incidents/{target.ref}").get_data(as_text=True)

    assert "Similar incidents" in page
    assert related.title in page
    assert "both had a configuration factor" in page
