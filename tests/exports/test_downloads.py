"""Downloading a review: who may, which address wins, and what is cached for how long."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.accounts.models import ApiToken, User
from app.exports import cache, pdf
from app.exports.models import ExportCache
from app.extensions import db
from app.incidents import services
from app.incidents.enums import Visibility
from app.reviews import services as reviews
from tests.api import bearer, problem_of
from tests.conftest import sign_in
from tests.exports.conftest import pdf_pages, publish, write_review
from tests.factories.accounts import make_user

FORMATS = {"pdf": "application/pdf", "md": "text/markdown", "json": "application/json"}


def stored() -> int:
    return db.session.scalar(select(func.count(ExportCache.id))) or 0


def test_export_addresses_win_over_the_review_page(app: Flask) -> None:
    urls = app.url_map.bind("hindsight.example")

    assert urls.match("/incidents/INC-0042.pdf")[0] == "exports.pdf"
    assert urls.match("/incidents/INC-0042.md")[0] == "exports.markdown"
    assert urls.match("/incidents/INC-0042.json")[0] == "exports.json"
    assert urls.match("/incidents/INC-0042") == ("incidents.show", {"ref": "INC-0042"})


@pytest.mark.parametrize("fmt", FORMATS)
def test_signed_in_people_download_every_format(
    member_client: FlaskClient, member: User, fmt: str
) -> None:
    incident = write_review(member, entries=2)

    response = member_client.get(f"/incidents/{incident.ref.lower()}.{fmt}")

    assert response.status_code == 200
    assert response.mimetype == FORMATS[fmt]
    assert f'filename="{incident.ref}.{fmt}"' in response.headers["Content-Disposition"]


def test_the_read_view_offers_the_three_downloads(member_client: FlaskClient, member: User):
    incident = write_review(member, entries=1)

    page = member_client.get(f"/incidents/{incident.ref}").get_data(as_text=True)

    for fmt in FORMATS:
        assert f'href="/incidents/{incident.ref}.{fmt}"' in page


def test_people_who_are_not_signed_in_are_sent_to_sign_in(client: FlaskClient, member: User):
    incident = write_review(member, entries=1)

    response = client.get(f"/incidents/{incident.ref}.pdf")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_scripts_download_with_a_bearer_token(client: FlaskClient, member: User) -> None:
    incident = write_review(member, entries=2)
    headers = bearer(member)

    response = client.get(f"/incidents/{incident.ref}.json", headers=headers)

    assert response.status_code == 200
    assert json.loads(response.data)["ref"] == incident.ref
    assert db.session.scalar(select(ApiToken.last_used_at)) is not None
    assert "session" not in response.headers.get("Set-Cookie", "")


@pytest.mark.parametrize(
    "authorization",
    ["Bearer hs_" + "x" * 43, "Bearer not-a-token", "Basic bW9AZXhhbXBsZS5jb206cHc=", "Token x"],
)
def test_bad_credentials_get_a_401_problem(
    client: FlaskClient, member: User, authorization: str
) -> None:
    incident = write_review(member, entries=1)

    response = client.get(
        f"/incidents/{incident.ref}.pdf", headers={"Authorization": authorization}
    )

    problem_of(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("fmt", FORMATS)
def test_restricted_reviews_are_not_found_by_people_outside_them(
    client: FlaskClient, member: User, admin: User, fmt: str
) -> None:
    incident = write_review(member, entries=2, visibility=Visibility.RESTRICTED)
    publish(incident, member)
    outsider = make_user(name="Olu Outsider")
    invited = make_user(name="Ines Invited")
    services.add_participant(actor=member, incident=incident, user=invited)
    db.session.commit()
    url = f"/incidents/{incident.ref}.{fmt}"

    assert client.get(url, headers=bearer(outsider)).status_code == 404
    assert sign_in(client, outsider).get(url).status_code == 404
    for reader in (member, invited, admin):
        assert sign_in(client, reader).get(url).status_code == 200
    assert client.get(url, headers=bearer(invited)).status_code == 200


@pytest.mark.parametrize("ref", ["INC-9999", "X" * 200, "INC-0001%00"])
def test_unknown_refs_are_not_found(member_client: FlaskClient, member: User, ref: str) -> None:
    write_review(member, entries=1)

    assert member_client.get(f"/incidents/{ref}.pdf").status_code == 404


def test_published_exports_are_stored_and_revalidated_with_a_strong_etag(
    member_client: FlaskClient, member: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    incident = publish(write_review(member, entries=5), member)
    url = f"/incidents/{incident.ref}.pdf"

    first = member_client.get(url)
    etag = first.headers["ETag"]
    monkeypatch.setattr(pdf, "render", lambda doc: pytest.fail("rendered again"))
    second = member_client.get(url)
    unchanged = member_client.get(url, headers={"If-None-Match": etag})

    assert etag.startswith('"r1-')
    assert not etag.startswith("W/")
    assert first.headers["Cache-Control"] == "private, no-cache"
    assert second.data == first.data
    assert second.headers["ETag"] == etag
    assert unchanged.status_code == 304
    assert unchanged.data == b""
    assert stored() == 1


def test_each_format_is_stored_once_with_its_own_etag(member_client: FlaskClient, member: User):
    incident = publish(write_review(member, entries=5), member)

    tags = {
        fmt: member_client.get(f"/incidents/{incident.ref}.{fmt}").headers["ETag"]
        for fmt in FORMATS
    }
    again = {
        fmt: member_client.get(f"/incidents/{incident.ref}.{fmt}").headers["ETag"]
        for fmt in FORMATS
    }

    assert tags == again
    assert len(set(tags.values())) == 3
    assert stored() == 3


def test_drafts_are_rendered_every_time_and_never_stored(
    member_client: FlaskClient, member: User
) -> None:
    incident = write_review(member, entries=2)
    url = f"/incidents/{incident.ref}.md"

    first = member_client.get(url)
    incident.title = "A new title while drafting"
    db.session.commit()
    second = member_client.get(url, headers={"If-None-Match": "*"})

    assert "ETag" not in first.headers
    assert first.headers["Cache-Control"] == "no-store"
    assert second.status_code == 200
    assert "A new title while drafting" in second.get_data(True)
    assert stored() == 0


def test_republishing_makes_new_exports_and_the_old_etag_no_longer_matches(
    member_client: FlaskClient, member: User
) -> None:
    incident = publish(write_review(member, entries=5), member)
    url = f"/incidents/{incident.ref}.pdf"
    old = member_client.get(url).headers["ETag"]

    reviews.reopen(actor=member, incident=incident, reason="Add the vendor's findings.")
    services.update_sections(
        actor=member, incident=incident, sections={"summary": "Amended."}, expected_version=None
    )
    publish(incident, member)
    response = member_client.get(url, headers={"If-None-Match": old})

    assert response.status_code == 200
    assert response.headers["ETag"] != old
    text = "\n".join(pdf_pages(response.data))
    assert "Revision 2, published on" in text
    assert "Amended." in text
    assert stored() == 2  # one per revision


def test_stored_exports_made_by_older_code_are_made_again(
    member_client: FlaskClient, member: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    incident = publish(write_review(member, entries=2), member)
    url = f"/incidents/{incident.ref}.json"
    member_client.get(url)

    monkeypatch.setattr(cache, "RENDERER", 2)
    response = member_client.get(url)

    assert response.headers["ETag"].startswith('"r2-')
    assert db.session.scalar(select(ExportCache.renderer)) == 2
    assert stored() == 1


def test_the_json_export_is_the_api_representation_with_its_parts(
    client: FlaskClient, member: User
) -> None:
    incident = publish(write_review(member, entries=4, actions=2), member)
    headers = bearer(member)
    api = f"/api/v1/incidents/{incident.ref}"

    exported = json.loads(client.get(f"/incidents/{incident.ref}.json", headers=headers).data)

    assert {k: exported[k] for k in client.get(api, headers=headers).json} == client.get(
        api, headers=headers
    ).json
    for part in ("timeline", "factors", "actions"):
        assert exported[part] == client.get(f"{api}/{part}", headers=headers).json["items"]
    assert exported["revision"]["number"] == 1
    assert exported["revision"]["published_by"] == member.email
    assert exported["export"] == {"format": "hindsight-incident", "version": 1, "draft": False}
