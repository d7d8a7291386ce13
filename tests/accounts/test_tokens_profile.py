"""API tokens on the profile page and the CLI: made, shown once, listed, revoked, audited."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from flask.testing import FlaskClient, FlaskCliRunner
from freezegun import freeze_time
from sqlalchemy import select

from app.accounts.models import ApiToken, User
from app.accounts.tokens import create_token
from app.audit.models import AuditEvent
from app.extensions import db
from tests.factories.accounts import make_user

TOKEN = re.compile(r'value="(hs_[A-Za-z0-9_-]+)"')


def _api(client: FlaskClient, token: str) -> int:
    return client.get("/api/v1/incidents", headers={"Authorization": f"Bearer {token}"}).status_code


def _cell(page: str, column: str) -> str:
    """Return the text of `column` in the first token row of the profile page."""
    return re.search(rf'<td data-label="{column}">(.*?)</td>', page, re.S)[1].strip()


def _audit(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_member_makes_a_token_that_is_shown_once_and_works(
    member_client: FlaskClient, member: User
) -> None:
    page = member_client.post("/profile/tokens", data={"name": "deploy pipeline"})
    assert page.status_code == 200
    token = TOKEN.search(page.get_data(as_text=True))[1]
    assert "Copy your new token now" in page.get_data(as_text=True)

    again = member_client.get("/profile").get_data(as_text=True)
    assert token not in again
    assert "deploy pipeline" in _cell(again, "Name")
    assert _cell(again, "Last used") == "never"
    assert _cell(again, "Expires") == "never"
    assert _api(member_client, token) == 200
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d",
        _cell(member_client.get("/profile").get_data(as_text=True), "Last used"),
    )
    [event] = _audit("token.created")
    assert (event.actor, event.detail["user"]) == (member, member.email)


def test_an_expiry_date_ends_the_token_at_the_end_of_that_day_in_the_members_zone(
    member_client: FlaskClient, member: User
) -> None:
    berlin = ZoneInfo("Europe/Berlin")  # Mo's zone
    day = dt.datetime.now(berlin).date() + dt.timedelta(days=2)
    page = member_client.post("/profile/tokens", data={"name": "ci", "expires": day.isoformat()})
    token = TOKEN.search(page.get_data(as_text=True))[1]
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=berlin)
    record = db.session.scalar(select(ApiToken))
    assert record.expires_at == end.astimezone(dt.UTC)
    assert _cell(member_client.get("/profile").get_data(as_text=True), "Expires") == (
        f"{end:%Y-%m-%d %H:%M}"
    )
    with freeze_time(end - dt.timedelta(minutes=1)):
        assert _api(member_client, token) == 200
    with freeze_time(end):
        assert _api(member_client, token) == 401
        assert _cell(member_client.get("/profile").get_data(as_text=True), "State") == "expired"


def test_a_past_expiry_is_refused_with_the_name_kept(member_client: FlaskClient) -> None:
    yesterday = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=2)
    page = member_client.post(
        "/profile/tokens", data={"name": "old", "expires": yesterday.isoformat()}
    )
    assert page.status_code == 422
    text = page.get_data(as_text=True)
    assert "in the future" in text
    assert 'value="old"' in text
    assert TOKEN.search(text) is None
    assert db.session.scalar(select(ApiToken)) is None


def test_revoking_stops_the_token_at_once_and_is_audited(
    member_client: FlaskClient, member: User
) -> None:
    record, token = create_token(user=member, name="laptop")
    db.session.commit()
    response = member_client.post(f"/profile/tokens/{record.id}/revoke")
    assert response.status_code == 302
    assert _api(member_client, token) == 401
    page = member_client.get("/profile").get_data(as_text=True)
    assert "revoked" in page
    assert "Revoke laptop" not in page
    [event] = _audit("token.revoked")
    assert event.actor == member


def test_nobody_revokes_someone_elses_token_from_their_profile(
    member_client: FlaskClient, member: User
) -> None:
    record, token = create_token(user=make_user(), name="theirs")
    db.session.commit()
    assert member_client.post(f"/profile/tokens/{record.id}/revoke").status_code == 404
    assert member_client.post("/profile/tokens/99999999999/revoke").status_code == 404
    assert _api(member_client, token) == 200
    assert "theirs" not in member_client.get("/profile").get_data(as_text=True)


def test_the_cli_lists_and_revokes_tokens(
    runner: FlaskCliRunner, client: FlaskClient, member: User
) -> None:
    created = runner.invoke(args=["tokens", "create", "mo@example.com", "--name", "cron"])
    token = created.output.strip().splitlines()[-1]
    record = db.session.scalar(select(ApiToken))
    listed = runner.invoke(args=["tokens", "list", "mo@example.com"])
    assert listed.exit_code == 0
    assert f"{record.id}\t{record.prefix}…\tcron\t" in listed.output
    assert "last used never" in listed.output
    assert "active" in listed.output

    revoked = runner.invoke(args=["tokens", "revoke", str(record.id)])
    assert revoked.exit_code == 0, revoked.output
    assert "Revoked token" in revoked.output
    assert _api(client, token) == 401
    assert "revoked" in runner.invoke(args=["tokens", "list", "mo@example.com"]).output
    assert [e.action for e in _audit("token.revoked")] == ["token.revoked"]
    missing = runner.invoke(args=["tokens", "revoke", "424242"])
    assert missing.exit_code != 0
    assert "No token with the id 424242" in missing.output
