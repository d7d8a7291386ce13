"""Changing and removing timeline entries, factors and action items, as the pages can."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from app.accounts.models import User
from app.extensions import db
from app.incidents.enums import Visibility
from tests.api import bearer, problem_of
from tests.factories.accounts import make_user
from tests.factories.incidents import make_complete_review, make_incident

INC = "/api/v1/incidents/INC-0001"


@pytest.fixture
def headers(member: User) -> dict[str, str]:
    make_complete_review(member)
    db.session.commit()
    return bearer(member)


def _first(client: FlaskClient, headers: dict[str, str], part: str) -> dict:
    return client.get(f"{INC}/{part}", headers=headers).json["items"][0]


def test_an_entry_changes_only_the_fields_sent_and_a_stale_version_is_409(
    client: FlaskClient, headers: dict[str, str]
) -> None:
    entry = _first(client, headers, "timeline")
    url = f"{INC}/timeline/{entry['id']}"
    response = client.patch(url, headers=headers, json={"version": entry["version"], "body": "B"})
    assert response.status_code == 200, response.json
    changed = response.json
    assert (changed["body"], changed["occurred_at"]) == ("B", entry["occurred_at"])
    assert changed["version"] == entry["version"] + 1

    stale = client.patch(url, headers=headers, json={"version": entry["version"], "body": "C"})
    assert problem_of(stale, 409)["current_version"] == changed["version"]
    assert _first(client, headers, "timeline")["body"] == "B"


def test_an_action_item_is_updated_to_done_and_reassigned(
    client: FlaskClient, member: User, headers: dict[str, str]
) -> None:
    make_user(email="rae@example.com", name="Rae")
    db.session.commit()
    item = _first(client, headers, "actions")
    response = client.patch(
        f"{INC}/actions/{item['id']}",
        headers=headers,
        json={"version": item["version"], "status": "done", "owner": "RAE@example.com"},
    )
    assert response.status_code == 200, response.json
    assert (response.json["status"], response.json["owner"]) == ("done", "rae@example.com")
    assert response.json["title"] == item["title"]

    unknown = client.patch(
        f"{INC}/actions/{item['id']}",
        headers=headers,
        json={"version": response.json["version"], "owner": "nobody@example.com"},
    )
    assert "owner" in problem_of(unknown, 422)["errors"]
    wont = client.patch(
        f"{INC}/actions/{item['id']}",
        headers=headers,
        json={"version": response.json["version"], "status": "wont_do"},
    )
    assert "wont_do_reason" in problem_of(wont, 422)["errors"]


def test_factors_are_changed_and_parts_removed(
    client: FlaskClient, headers: dict[str, str]
) -> None:
    factor = _first(client, headers, "factors")
    response = client.patch(
        f"{INC}/factors/{factor['id']}",
        headers=headers,
        json={"version": factor["version"], "category": "monitoring_gap"},
    )
    assert response.json["category"] == "monitoring_gap"
    assert response.json["description"] == factor["description"]
    for part in ("factors", "actions", "timeline"):
        found = _first(client, headers, part)
        assert client.delete(f"{INC}/{part}/{found['id']}", headers=headers).status_code == 204
        again = client.delete(f"{INC}/{part}/{found['id']}", headers=headers)
        problem_of(again, 404)
    assert client.get(f"{INC}/factors", headers=headers).json["items"] == []


def test_parts_of_another_review_or_a_hidden_one_are_404(
    client: FlaskClient, member: User, headers: dict[str, str]
) -> None:
    other = make_incident(make_user(), visibility=Visibility.RESTRICTED)
    db.session.commit()
    entry = _first(client, headers, "timeline")
    # The entry exists, but not under this other (and invisible) review.
    response = client.patch(
        f"/api/v1/incidents/{other.ref}/timeline/{entry['id']}",
        headers=headers,
        json={"version": 1, "body": "x"},
    )
    problem_of(response, 404)
    problem_of(client.delete(f"/api/v1/incidents/{other.ref}", headers=headers), 404)


def test_only_the_owner_deletes_a_review(client: FlaskClient, member: User, headers) -> None:
    colleague = bearer(make_user())
    problem_of(client.delete(INC, headers=colleague), 403)
    assert client.delete(INC, headers=headers).status_code == 204
    problem_of(client.get(INC, headers=headers), 404)
