"""`flask digest send` against a real SMTP server on loopback: the messages, and idempotence."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from app.digests import services
from app.digests.mailer import Mailer
from app.digests.models import Delivery, DeliveryState, Digest
from app.extensions import db
from app.incidents.enums import Visibility
from tests.digests.builders import NEXT_MONDAY_0700, WEDNESDAY_1400, WEEK, published
from tests.factories.accounts import make_user

LEADER = "lee@example.com"
EXTERNAL = "Board@Partner.example"


@pytest.fixture
def week_with_reviews(app, member):
    """Week 49: one internal review, one restricted; a subscribed leader and an outside address."""
    leader = make_user(email=LEADER, name="Lee Leader", password=None)
    services.set_subscription(actor=leader, subscribed=True)
    app.config["DIGEST_RECIPIENTS"] = f"{EXTERNAL}, not-an-address, {LEADER.upper()}"
    published(member, at=WEDNESDAY_1400, title="Search timed out for EU customers")
    published(
        member, at=WEDNESDAY_1400, title="Badge reader outage", visibility=Visibility.RESTRICTED
    )
    db.session.commit()
    return leader


def send(runner, *args: str):
    with freeze_time(NEXT_MONDAY_0700):
        return runner.invoke(args=["digest", "send", *args])


def by_recipient(messages) -> dict[str, object]:
    return {str(m["To"]).lower(): m for m in messages}


def deliveries() -> dict[str, DeliveryState]:
    db.session.expire_all()
    return {d.email: d.state for d in db.session.scalars(select(Delivery))}


def test_sends_each_recipient_one_email_with_both_parts_charts_and_unsubscribe(
    runner, smtp, week_with_reviews
) -> None:
    result = send(runner)

    assert result.exit_code == 0, result.output
    assert "Sent 2, 0 already had it, 0 failed" in result.output
    assert "not-an-address" in result.output  # the bad configured address is reported
    messages = by_recipient(smtp.wait_for(2))
    assert set(messages) == {LEADER, EXTERNAL.lower()}
    mail = messages[LEADER]
    assert mail["Subject"] == "Learning digest, week 49 of 2026: 1 review published"
    assert mail["From"]
    assert mail["Message-ID"]
    unsubscribe = re.fullmatch(
        r"<(https://hindsight\.example\.com/digests/unsubscribe/\S+)>", mail["List-Unsubscribe"]
    )
    assert unsubscribe is not None
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    for part in (text, html):
        assert "Search timed out for EU customers" in part
        assert "Badge reader outage" not in part  # the leader is not a participant
        assert "1 restricted review was also published" in part
        assert "https://hindsight.example.com/incidents/INC-0001" in part
        assert unsubscribe[1] in part.replace("&amp;", "&")
    for unwelcome in ("<script", "<svg", "stylesheet"):
        assert unwelcome not in html
    images = [p for p in mail.walk() if p.get_content_type() == "image/png"]
    assert len(images) == 2
    for image in images:
        cid = image["Content-ID"].strip("<>")
        assert f'src="cid:{cid}"' in html
        assert image.get_content().startswith(b"\x89PNG")


def test_running_twice_sends_nobody_a_second_copy(runner, smtp, week_with_reviews) -> None:
    assert send(runner).exit_code == 0
    smtp.wait_for(2)

    again = send(runner)

    assert again.exit_code == 0, again.output
    assert "Sent 0, 2 already had it" in again.output
    assert len(smtp.messages) == 2
    assert set(deliveries().values()) == {DeliveryState.SENT}
    assert db.session.scalars(select(Digest)).one().completed_at is not None


def test_a_refused_send_is_reported_and_retried_on_the_next_run(
    runner, smtp, week_with_reviews
) -> None:
    # The first message goes through; the server then refuses everything for a while.
    smtp.script = [
        None,
        "451 4.3.0 Mailbox busy",
        "451 4.3.0 Mailbox busy",
        "451 4.3.0 Mailbox busy",
    ]

    first = send(runner)

    assert first.exit_code == 1
    assert "FAILED (451 4.3.0 Mailbox busy)" in first.output
    assert "1 recipient(s) still miss the digest" in first.output
    delivered = str(smtp.wait_for(1)[0]["To"]).lower()
    states = deliveries()
    assert states[delivered] is DeliveryState.SENT
    assert [s for e, s in states.items() if e != delivered] == [DeliveryState.FAILED]

    second = send(runner)

    assert second.exit_code == 0, second.output
    received = [str(m["To"]).lower() for m in smtp.wait_for(2)]
    assert sorted(received) == sorted({LEADER, EXTERNAL.lower()})  # one each, no duplicate
    assert set(deliveries().values()) == {DeliveryState.SENT}


def test_a_temporary_refusal_is_retried_with_backoff_within_the_run(
    runner, smtp, week_with_reviews
) -> None:
    smtp.script = ["421 4.7.0 Try again later"]

    result = send(runner)

    assert result.exit_code == 0, result.output
    assert len(smtp.wait_for(2)) == 2


def test_a_permanent_refusal_is_not_retried_in_the_run(runner, smtp, week_with_reviews) -> None:
    smtp.script = ["554 5.7.1 Rejected by policy"]

    result = send(runner)

    assert result.exit_code == 1
    assert "554 5.7.1 Rejected by policy" in result.output
    assert len(smtp.wait_for(1)) == 1


def test_a_crash_midway_leaves_a_claim_that_a_later_run_takes_over(
    runner, smtp, week_with_reviews, monkeypatch
) -> None:
    real_send, calls = Mailer.send, []

    def crash_after_first(self, message, to):
        calls.append(to)
        if len(calls) == 2:
            raise RuntimeError("the pod was killed")
        return real_send(self, message, to)

    monkeypatch.setattr(Mailer, "send", crash_after_first)
    crashed = send(runner)
    assert crashed.exit_code != 0
    assert isinstance(crashed.exception, RuntimeError)
    assert len(smtp.wait_for(1)) == 1
    assert sorted(deliveries().values(), key=lambda s: s.value) == [
        DeliveryState.SENDING,
        DeliveryState.SENT,
    ]
    monkeypatch.setattr(Mailer, "send", real_send)

    soon = send(runner)  # the claim is fresh: maybe that run is still alive, so leave it
    assert soon.exit_code == 1
    assert "another run is sending it" in soon.output
    assert len(smtp.messages) == 1

    with freeze_time(NEXT_MONDAY_0700 + dt.timedelta(minutes=31)):
        later = runner.invoke(args=["digest", "send", "--week", WEEK])

    assert later.exit_code == 0, later.output
    assert sorted(str(m["To"]).lower() for m in smtp.wait_for(2)) == sorted(
        {LEADER, EXTERNAL.lower()}
    )


def test_each_recipient_sees_only_what_they_may_see(
    runner, smtp, week_with_reviews, member
) -> None:
    services.set_subscription(actor=member, subscribed=True)  # the owner: a participant
    db.session.commit()

    assert send(runner).exit_code == 0

    messages = by_recipient(smtp.wait_for(3))
    owner_text = messages[member.email].get_body(("plain",)).get_content()
    assert "Badge reader outage" in owner_text
    assert "restricted review was" not in owner_text
    external_text = messages[EXTERNAL.lower()].get_body(("plain",)).get_content()
    assert "Badge reader outage" not in external_text
    assert "1 restricted review was also published" in external_text


def test_dry_run_sends_and_records_nothing(runner, smtp, week_with_reviews) -> None:
    result = send(runner, "--dry-run")

    assert result.exit_code == 0, result.output
    assert "would send (1 reviews, 1 restricted hidden)" in result.output
    assert "2 recipient(s) would get the digest" in result.output
    assert smtp.messages == []
    assert db.session.scalars(select(Digest)).all() == []


@pytest.mark.parametrize(
    ("week", "message"),
    [
        ("2026-49", "is not an ISO week"),
        ("2025-W53", "2025 has no week 53"),
        ("2026-W50", "has not ended yet"),
    ],
)
def test_a_week_that_cannot_be_sent_exits_non_zero_with_a_reason(
    runner, smtp, week, message
) -> None:
    result = send(runner, "--week", week)

    assert result.exit_code == 1
    assert message in result.output
    assert smtp.messages == []


def test_without_smtp_url_nothing_is_sent_and_the_run_fails(runner, app, week_with_reviews) -> None:
    app.config["SMTP_URL"] = ""

    result = send(runner)

    assert result.exit_code == 1
    assert "SMTP_URL is not set" in result.output
    assert db.session.scalars(select(Delivery)).all() == []


def test_an_unsubscribed_address_gets_no_more_digests(runner, smtp, week_with_reviews) -> None:
    services.unsubscribe(email=EXTERNAL)
    db.session.commit()

    assert send(runner).exit_code == 0

    assert [str(m["To"]).lower() for m in smtp.wait_for(1)] == [LEADER]


def test_the_monday_after_a_daylight_saving_change_sends_the_long_week(
    runner, smtp, member
) -> None:
    services.set_subscription(actor=member, subscribed=True)
    # Sunday 25 October 23:30 in Berlin: after the clocks went back, still week 43 there.
    published(member, at=dt.datetime(2026, 10, 25, 22, 30, tzinfo=dt.UTC), title="Late Sunday")
    db.session.commit()

    with freeze_time("2026-10-26 06:00:00"):
        result = runner.invoke(args=["digest", "send"])

    assert result.exit_code == 0, result.output
    assert "Digest 2026-W43" in result.output
    assert "Late Sunday" in smtp.wait_for(1)[0].get_body(("plain",)).get_content()


def test_an_unreachable_server_is_reported_per_recipient_and_nothing_is_marked_sent(
    app, runner, week_with_reviews
) -> None:
    from tests.smtp import free_port

    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{free_port()}"  # nobody listens there
    try:
        result = send(runner)
    finally:
        app.config["SMTP_URL"] = ""

    assert result.exit_code == 1
    assert result.output.count("FAILED (ConnectionRefusedError") == 2
    assert set(deliveries().values()) == {DeliveryState.FAILED}
