"""Choosing the digest: profile toggle, one-click unsubscribe, admins' recipients, nominations."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from app.digests import recipients, services
from app.digests.models import DefaultRecipient, Nomination
from app.digests.tokens import unsubscribe_token
from app.extensions import db
from tests.conftest import sign_in
from tests.digests.builders import WEDNESDAY_1400, published
from tests.factories.accounts import make_user


def addresses(app: Flask) -> list[str]:
    return [r.email for r in recipients.resolve(app.config["DIGEST_RECIPIENTS"]).recipients]


def test_members_are_not_subscribed_until_they_ask_on_their_profile(
    app, member_client, member
) -> None:
    page = member_client.get("/profile").get_data(as_text=True)
    assert "You do not get the digest by email" in page
    assert addresses(app) == []

    response = member_client.post("/digests/subscription", data={"on": "1"})

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/profile#digest")
    assert addresses(app) == [member.email]
    assert "You get the digest by email" in member_client.get("/profile").get_data(as_text=True)

    member_client.post("/digests/subscription", data={"on": "0"})
    assert addresses(app) == []


def test_recipients_are_deduplicated_case_insensitively(app, member) -> None:
    services.set_subscription(actor=member, subscribed=True)
    app.config["DIGEST_RECIPIENTS"] = "MO@example.com; cto@example.com cto@EXAMPLE.com"
    db.session.commit()

    found = recipients.resolve(app.config["DIGEST_RECIPIENTS"]).recipients

    assert [(r.email, r.user.id if r.user else None) for r in found] == [
        ("cto@example.com", None),
        ("mo@example.com", member.id),  # the configured address is the member: sees what they see
    ]


@pytest.fixture
def csrf_on(app: Flask):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_one_click_unsubscribe_works_signed_out_and_without_a_form_token(
    app, client, member, csrf_on
) -> None:
    services.set_subscription(actor=member, subscribed=True)
    app.config["DIGEST_RECIPIENTS"] = member.email
    db.session.commit()
    link = f"/digests/unsubscribe/{unsubscribe_token_for(app, member.email)}"

    confirm = client.get(link)  # a link checker's GET must not unsubscribe anyone
    assert confirm.status_code == 200
    assert "Stop sending it?" in confirm.get_data(as_text=True)
    assert addresses(app) == [member.email]

    # RFC 8058: the mail provider POSTs "List-Unsubscribe=One-Click" to the header's link.
    done = client.post(link, data={"List-Unsubscribe": "One-Click"})

    assert done.status_code == 200
    assert "You are unsubscribed" in done.get_data(as_text=True)
    assert addresses(app) == []  # both the subscription and the configured address
    # The exemption is for this signed link only: the profile toggle still needs its token.
    sign_in(client, member)
    assert client.post("/digests/subscription", data={"on": "1"}).status_code == 400
    assert addresses(app) == []


def unsubscribe_token_for(app: Flask, email: str) -> str:
    with app.test_request_context():
        return unsubscribe_token(email)


def test_a_forged_unsubscribe_link_changes_nothing(app, client, member) -> None:
    services.set_subscription(actor=member, subscribed=True)
    db.session.commit()

    response = client.post("/digests/unsubscribe/eyJlIjoibW9AZXhhbXBsZS5jb20ifQ.forged")

    assert response.status_code == 404
    assert addresses(app) == [member.email]


def test_subscribing_again_overrides_an_earlier_unsubscribe(app, member_client, member) -> None:
    services.unsubscribe(email=member.email)
    db.session.commit()

    member_client.post("/digests/subscription", data={"on": "1"})

    assert addresses(app) == [member.email]


def test_admins_add_and_remove_default_recipients(app, admin_client) -> None:
    added = admin_client.post("/digests/recipients", data={"email": "Board@Example.com"})
    assert added.status_code == 302
    assert addresses(app) == ["board@example.com"]

    again = admin_client.post("/digests/recipients", data={"email": "board@example.com"})
    assert again.status_code == 422
    assert "already receives the digest" in again.get_data(as_text=True)
    bad = admin_client.post("/digests/recipients", data={"email": "not an address"})
    assert bad.status_code == 422

    page = admin_client.get("/digests/recipients").get_data(as_text=True)
    assert "board@example.com" in page
    recipient_id = db.session.scalars(select(DefaultRecipient.id)).one()
    admin_client.post("/digests/recipients", data={"remove": str(recipient_id)})
    assert addresses(app) == []


def test_members_cannot_change_default_recipients(member_client) -> None:
    assert member_client.get("/digests/recipients").status_code == 403
    assert (
        member_client.post("/digests/recipients", data={"email": "x@example.com"}).status_code
        == 403
    )


def test_peers_nominate_a_published_review_from_its_page(app, client, member) -> None:
    owner = make_user(name="Ola Owner", password=None)
    review = published(owner, at=WEDNESDAY_1400)
    db.session.commit()
    sign_in(client, member)

    page = client.get(f"/incidents/{review.ref}").get_data(as_text=True)
    assert "Nominate as review of the week" in page

    response = client.post(f"/digests/nominate/{review.ref}")

    assert response.status_code == 302
    assert db.session.query(Nomination).count() == 1
    page = client.get(f"/incidents/{review.ref}").get_data(as_text=True)
    assert "1 person has nominated this" in page
    assert "Withdraw my nomination" in page
    client.post(f"/digests/nominate/{review.ref}")
    assert db.session.query(Nomination).count() == 0


def test_owners_cannot_nominate_their_own_review(app, member_client, member) -> None:
    review = published(member, at=WEDNESDAY_1400)
    db.session.commit()

    page = member_client.get(f"/incidents/{review.ref}").get_data(as_text=True)
    assert "Nominate as review of the week" not in page

    response = member_client.post(f"/digests/nominate/{review.ref}")

    assert response.status_code == 409
    assert db.session.query(Nomination).count() == 0
