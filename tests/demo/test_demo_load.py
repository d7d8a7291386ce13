"""`flask demo load`: the demo organisation, moved in time so that it always looks recent."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from argon2 import PasswordHasher
from click.testing import Result
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from freezegun import freeze_time
from sqlalchemy import func, select

from app.accounts import passwords
from app.accounts.models import User
from app.demo.files import DATA_DIR
from app.demo.services import counts
from app.extensions import db
from app.incidents.enums import ActionStatus, Milestone, Status, Visibility
from app.incidents.models import ActionItem, Incident, TimelineEntry
from app.integrations.candidates import candidates
from app.integrations.models import Alert, Deploy
from tests.conftest import sign_in
from tests.factories.accounts import make_user

WEEK = dt.timedelta(weeks=1)
# A Wednesday months after the dates written in the data files.
NOW = dt.datetime(2027, 2, 10, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash the demo passwords with light Argon2 settings: every test here loads eleven people."""
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024))


def _raw_incidents() -> dict[str, dict[str, Any]]:
    paths = sorted((DATA_DIR / "incidents").glob("*.yaml"))
    docs = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in paths]
    return {doc["ref"]: doc for doc in docs}


def _at(value: str | dt.datetime) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)


def _written_key_time(doc: dict[str, Any], milestone: Milestone) -> dt.datetime | None:
    times = [_at(e["at"]) for e in doc["timeline"] if e.get("milestone") == milestone.value]
    return min(times, default=None)


def _load(runner: FlaskCliRunner, *args: str, now: dt.datetime = NOW) -> Result:
    with freeze_time(now):
        return runner.invoke(args=["demo", "load", *args])


@pytest.fixture
def loaded(runner: FlaskCliRunner) -> Result:
    result = _load(runner)
    assert result.exit_code == 0, result.output
    return result


def _incidents() -> list[Incident]:
    return list(db.session.scalars(select(Incident).order_by(Incident.ref)))


def test_load_reports_what_it_added_and_how_to_sign_in(
    app: Flask, runner: FlaskCliRunner, member: User
) -> None:
    directory = yaml.safe_load((DATA_DIR / "directory.yaml").read_text(encoding="utf-8"))
    docs = _raw_incidents().values()
    result = _load(runner)
    assert result.exit_code == 0, result.output
    assert "Loading incidents" in result.output
    assert (
        f"Loaded {len(directory['users'])} users, {len(directory['teams'])} teams, "
        f"{len(directory['services'])} services, {len(docs)} incidents, "
        f"{sum(len(d['timeline']) for d in docs)} timeline entries, "
        f"{sum(len(d['factors']) for d in docs)} factors, "
        f"{sum(len(d['actions']) for d in docs)} actions, "
        f"{db.session.scalar(select(func.count()).select_from(Deploy))} deploys, "
        f"{db.session.scalar(select(func.count()).select_from(Alert))} alerts.\n"
    ) in result.output
    assert result.output.endswith(
        f"Sign in at {app.config['BASE_URL']}/login as demo@larkspur.example / hindsight-demo"
        " (admin: admin@larkspur.example)\n"
    )
    assert counts()["users"] == len(directory["users"]) + 1


def test_loading_again_says_so_and_adds_nothing(runner: FlaskCliRunner, loaded: Result) -> None:
    before = counts()
    result = _load(runner)
    assert result.exit_code == 0
    assert result.output == "Demo data is already loaded.\n"
    assert counts() == before


def test_demo_people_sign_in_with_the_demo_password(client: FlaskClient, loaded: Result) -> None:
    response = client.post(
        "/login", data={"email": "demo@larkspur.example", "password": "hindsight-demo"}
    )
    assert response.status_code == 302
    assert response.location == "/incidents/"
    assert "Jordan Ellis" in client.get("/incidents/").get_data(as_text=True)


def test_a_chosen_password_replaces_the_default(
    client: FlaskClient, runner: FlaskCliRunner
) -> None:
    assert _load(runner, "--password", "another demo secret").exit_code == 0
    refused = client.post(
        "/login", data={"email": "admin@larkspur.example", "password": "hindsight-demo"}
    )
    assert refused.status_code == 200
    accepted = client.post(
        "/login", data={"email": "admin@larkspur.example", "password": "another demo secret"}
    )
    assert accepted.location == "/incidents/"


def test_a_short_password_is_refused_before_anything_is_written(runner: FlaskCliRunner) -> None:
    result = _load(runner, "--password", "short")
    assert result.exit_code == 1
    assert result.output == (
        "Error: The demo password is not acceptable: Use at least 10 characters.\n"
    )
    assert set(counts().values()) == {0}


def test_times_move_by_whole_weeks_so_the_newest_incident_is_from_the_last_week(
    loaded: Result,
) -> None:
    written = {
        ref: _written_key_time(doc, Milestone.STARTED) for ref, doc in _raw_incidents().items()
    }
    incidents = _incidents()
    shifts = {i.started_at - written[i.ref] for i in incidents}
    assert len(shifts) == 1
    shift = shifts.pop()
    assert shift > dt.timedelta(0)
    assert shift % WEEK == dt.timedelta(0)
    assert NOW - WEEK < max(i.started_at for i in incidents) <= NOW
    for incident in incidents:
        wall_clock = incident.started_at.astimezone(written[incident.ref].tzinfo)
        assert wall_clock.weekday() == written[incident.ref].weekday()
        assert wall_clock.time() == written[incident.ref].time()


def test_due_dates_move_with_the_incidents_and_keep_their_weekday(loaded: Result) -> None:
    raw = _raw_incidents()
    for incident in _incidents():
        shift = incident.started_at - _written_key_time(raw[incident.ref], Milestone.STARTED)
        written = [dt.date.fromisoformat(str(a["due"])) for a in raw[incident.ref]["actions"]]
        assert [a.due_date for a in incident.actions] == [d + shift for d in written]
        assert all((d + shift).weekday() == d.weekday() for d in written)


def test_done_actions_were_completed_near_their_due_date_and_not_in_the_future(
    loaded: Result,
) -> None:
    items = list(db.session.scalars(select(ActionItem)))
    done = [a for a in items if a.status is ActionStatus.DONE]
    assert done
    for item in done:
        assert item.completed_at <= NOW
        assert abs(item.completed_at.date() - item.due_date) <= dt.timedelta(days=2)
    assert all(a.completed_at is None for a in items if a.status is not ActionStatus.DONE)


def test_a_story_that_would_run_past_now_moves_a_week_further_back(
    runner: FlaskCliRunner,
) -> None:
    newest = max(_written_key_time(d, Milestone.STARTED) for d in _raw_incidents().values())
    # A minute after the newest incident started, ten weeks on: it has not ended yet.
    now = newest + 10 * WEEK + dt.timedelta(minutes=1)
    assert _load(runner, now=now).exit_code == 0
    assert max(db.session.scalars(select(TimelineEntry.occurred_at))) <= now
    assert max(i.started_at for i in _incidents()) == newest + 9 * WEEK
    assert all(
        a.completed_at <= now for a in db.session.scalars(select(ActionItem)) if a.completed_at
    )


def test_every_timeline_is_in_time_order_and_told_by_several_people(loaded: Result) -> None:
    raw = _raw_incidents()
    for incident in _incidents():
        entries = list(
            db.session.scalars(
                select(TimelineEntry)
                .where(TimelineEntry.incident_id == incident.id)
                .order_by(TimelineEntry.id)
            )
        )
        assert len(entries) == len(raw[incident.ref]["timeline"])
        times = [e.occurred_at for e in entries]
        assert times == sorted(times), incident.ref
        assert len({e.author_id for e in entries}) >= 2, incident.ref


def test_key_times_and_statuses_come_from_the_files(loaded: Result) -> None:
    raw = _raw_incidents()
    incidents = _incidents()
    shift = incidents[0].started_at - _written_key_time(raw[incidents[0].ref], Milestone.STARTED)
    for incident in incidents:
        doc = raw[incident.ref]
        assert incident.status.value == doc["status"]
        assert incident.started_at is not None
        for milestone in Milestone:
            written = _written_key_time(doc, milestone)
            expected = written + shift if written else None
            assert getattr(incident, milestone.field) == expected, (incident.ref, milestone)


def test_the_restricted_review_is_hidden_from_people_outside_it(
    client: FlaskClient, loaded: Result
) -> None:
    incidents = _incidents()
    restricted = [i for i in incidents if i.visibility is Visibility.RESTRICTED]
    internal = [i for i in incidents if i.visibility is Visibility.INTERNAL]
    assert restricted
    outsider = make_user(name="Olly Outsider")
    db.session.commit()
    sign_in(client, outsider)
    assert client.get(f"/incidents/{restricted[0].ref}").status_code == 404
    assert client.get(f"/incidents/{internal[0].ref}").status_code == 200


def test_every_demo_review_opens_for_the_admin(client: FlaskClient, loaded: Result) -> None:
    client.post("/login", data={"email": "admin@larkspur.example", "password": "hindsight-demo"})
    for incident in _incidents():
        page = client.get(f"/incidents/{incident.ref}")
        assert page.status_code == 200, incident.ref
        assert incident.title in page.get_data(as_text=True)


def _severity(doc: dict) -> None:
    doc["severity"] = "SEV9"


def _stranger(doc: dict) -> None:
    doc["timeline"][2]["author"] = "nobody@larkspur.example"


def _no_summary(doc: dict) -> None:
    del doc["summary"]


def _naive_time(doc: dict) -> None:
    doc["timeline"][0]["at"] = "2026-08-05T08:00:00"


def _wont_do_without_reason(doc: dict) -> None:
    doc["actions"][0].update(status="wont_do", wont_do_reason=None)


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (_severity, "severity: 'SEV9' is not one of SEV1, SEV2, SEV3, SEV4."),
        (_stranger, "timeline[2].author: nobody@larkspur.example is not a user in directory.yaml."),
        (_no_summary, "missing summary."),
        (_naive_time, "timeline[0].at: '2026-08-05T08:00:00' needs a UTC offset, like +01:00."),
        (_wont_do_without_reason, "(wont_do_reason: Say why this will not be done.)"),
    ],
    ids=["bad-severity", "unknown-author", "missing-section", "naive-time", "refused-by-service"],
)
def test_a_broken_file_is_named_and_nothing_is_loaded(
    runner: FlaskCliRunner,
    tmp_path: Path,
    breakage: Callable[[dict], None],
    message: str,
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    broken = data_dir / "incidents" / "inc-0003.yaml"
    doc = yaml.safe_load(broken.read_text(encoding="utf-8"))
    breakage(doc)
    broken.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    result = _load(runner, "--data-dir", str(data_dir))
    assert result.exit_code == 1
    error = result.output.splitlines()[-1]
    assert error.startswith("Error: incidents/inc-0003.yaml: ")
    assert message in error
    assert set(counts().values()) == {0}


def test_a_file_that_is_not_yaml_is_named_with_its_line(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    (data_dir / "directory.yaml").write_text("users: [\nteams: {", encoding="utf-8")
    result = _load(runner, "--data-dir", str(data_dir))
    assert result.exit_code == 1
    assert result.output.startswith("Error: directory.yaml: is not valid YAML at line ")


def test_published_demo_reviews_went_through_the_real_workflow(loaded: Result) -> None:
    from app.reviews.models import Reviewer, ReviewerState, Revision

    for incident in _incidents():
        revisions = db.session.scalars(
            select(Revision).where(Revision.incident_id == incident.id)
        ).all()
        reviewers = db.session.scalars(
            select(Reviewer).where(Reviewer.incident_id == incident.id)
        ).all()
        if incident.status is Status.PUBLISHED:
            assert [r.number for r in revisions] == [1], incident.ref
            assert any(r.state is ReviewerState.APPROVED for r in reviewers), incident.ref
            assert revisions[0].published_at <= NOW
        else:
            assert revisions == [], incident.ref
            expected = 1 if incident.status is Status.IN_REVIEW else 0
            assert len(reviewers) == expected, incident.ref


def test_one_review_is_tagged_as_the_worked_example(loaded: Result) -> None:
    examples = [i for i in _incidents() if "worked-example" in {t.name for t in i.tags}]
    assert len(examples) == 1
    assert examples[0].status is Status.PUBLISHED


def test_every_demo_incident_suggests_the_deploy_just_before_it(
    runner: FlaskCliRunner, admin: User
) -> None:
    assert _load(runner).exit_code == 0
    incidents = db.session.scalars(select(Incident).where(Incident.started_at.is_not(None)))

    for incident in incidents:
        first = candidates(admin, incident)[0]
        assert first.kind == "deploy", incident.ref
        assert "to production" in first.reason
        assert "before the start" in first.reason
    assert db.session.scalar(select(func.count()).select_from(Alert)) > len(_raw_incidents())
