"""`flask bench seed`: synthetic reviews in bulk, realistic, deterministic, and readable."""

from __future__ import annotations

import datetime as dt
import importlib.util
import string

import pytest
from click.testing import Result
from flask.testing import FlaskClient, FlaskCliRunner
from markupsafe import escape
from sqlalchemy import func, select

from app.accounts.models import User
from app.extensions import db
from app.incidents.enums import Milestone, Severity, Status
from app.incidents.models import ActionItem, ContributingFactor, Incident, TimelineEntry
from app.seed import directory, stories
from app.seed.generate import STORIES
from tests.conftest import sign_in
from tests.factories.incidents import make_incident


def seed(runner: FlaskCliRunner, *args: str) -> Result:
    result = runner.invoke(args=["bench", "seed", *args])
    assert result.exit_code == 0, result.output
    return result


def bench_titles() -> list[str]:
    query = select(Incident.title).where(Incident.ref.like("BENCH-%")).order_by(Incident.ref)
    return list(db.session.scalars(query))


def per_incident(model: type) -> list[int]:
    query = (
        select(func.count(model.id))
        .join(Incident, Incident.id == model.incident_id)
        .where(Incident.ref.like("BENCH-%"))
        .group_by(model.incident_id)
    )
    return list(db.session.scalars(query))


def test_seed_makes_50_incidents_within_the_promised_ranges(runner: FlaskCliRunner) -> None:
    result = seed(runner, "--incidents", "50", "--seed", "7", "--end", "2026-11-25")
    assert "Seeded 50 incidents (BENCH-000001 to BENCH-000050): " in result.output
    assert " rows/s)." in result.output
    incidents = list(db.session.scalars(select(Incident).order_by(Incident.ref)))
    assert len(incidents) == 50
    entries = per_incident(TimelineEntry)
    assert len(entries) == 50
    assert min(entries) >= 5
    assert max(entries) <= 40
    factors = per_incident(ContributingFactor)
    assert len(factors) == 50
    assert min(factors) >= 1
    assert max(factors) <= 5
    actions = per_incident(ActionItem)
    assert len(actions) == 50
    assert min(actions) >= 1
    assert max(actions) <= 6
    assert sum(i.status is Status.PUBLISHED for i in incidents) > 30
    assert len({i.severity for i in incidents}) >= 3
    assert len({s.name for i in incidents for s in i.services}) >= 20
    starts = [i.started_at for i in incidents]
    assert starts == sorted(starts)  # refs rise with time, as they do for real
    assert dt.datetime(2023, 11, 20, tzinfo=dt.UTC) < starts[0]
    assert starts[-1] < dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
    assert starts[-1] - starts[0] > dt.timedelta(days=3 * 365 - 60)
    for incident in incidents:
        authors = {e.author_id for e in incident.timeline}
        assert 2 <= len(authors) <= 5, incident.ref
        assert incident.owner_id in authors, incident.ref
        for milestone in Milestone:
            marked = [e.occurred_at for e in incident.timeline if e.milestone is milestone]
            assert getattr(incident, milestone.field) == min(marked), incident.ref
    synthetic = db.session.scalars(select(User).where(User.email.like("%@bench.example.com")))
    assert [u.password_hash for u in synthetic] == [None] * 50


def test_the_same_seed_gives_the_same_reviews_and_refs_never_collide(
    runner: FlaskCliRunner, admin: User
) -> None:
    make_incident(admin, title="Written by hand")
    db.session.add(
        Incident(ref="BENCH-000003", title="Older benchmark", severity=Severity.SEV3, owner=admin)
    )
    db.session.commit()
    seed(runner, "--incidents", "20", "--seed", "7")
    first = bench_titles()[1:]  # BENCH-000003 was there before
    result = seed(runner, "--incidents", "20", "--seed", "7")
    assert "(BENCH-000024 to BENCH-000043)" in result.output
    assert bench_titles()[21:] == first
    seed(runner, "--incidents", "20", "--seed", "8")
    assert bench_titles()[41:] != first
    assert db.session.scalar(select(func.count()).select_from(User)) == 51  # people reused


def test_seeded_reviews_open_for_an_admin(
    runner: FlaskCliRunner, client: FlaskClient, admin: User
) -> None:
    seed(runner, "--incidents", "12", "--seed", "3")
    sign_in(client, admin)
    for incident in db.session.scalars(select(Incident)):
        page = client.get(f"/incidents/{incident.ref}")
        assert page.status_code == 200, incident.ref
        html = page.get_data(as_text=True)
        assert str(escape(incident.title)) in html
        assert str(escape(incident.team.name)) in html
        # Entries are Markdown, rendered: their first words survive as written.
        assert " ".join(incident.timeline[0].body.split()[:2]) in html
    assert client.get("/incidents/").status_code == 200


def test_seed_rebuilds_the_search_index_when_there_is_one(runner: FlaskCliRunner) -> None:
    result = seed(runner, "--incidents", "3")
    if not (
        importlib.util.find_spec("app.search") and importlib.util.find_spec("app.search.index")
    ):
        assert "Note: search is not installed yet" in result.output
        return
    assert "Search index rebuilt: 3 incidents in " in result.output
    documents = importlib.import_module("app.search.models").SearchDocument
    db.session.rollback()  # look from a fresh transaction: the rebuild must be committed
    indexed = db.session.scalar(select(func.count()).select_from(documents))
    assert indexed == 3


def _slots(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_template_names_only_slots_the_generator_fills() -> None:
    from app.seed.generate import Generator, Ids

    generator = Generator(
        seed=1, total=1, end=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), ids=Ids([], {}, {}, {})
    )
    times = {m: dt.datetime(2025, 1, 1, tzinfo=dt.UTC) for m in Milestone}
    known = set(generator._slots("BENCH-000001", times, [0, 1]))
    texts = [
        value
        for module in (stories,)
        for name in dir(module)
        if name.isupper()
        for value in _flatten(getattr(module, name))
    ]
    texts += [
        value for story in STORIES for field in story.__dict__.values() for value in _flatten(field)
    ]
    missing = {t: _slots(t) - known for t in texts if _slots(t) - known}
    assert missing == {}
    assert len(STORIES) >= 12
    assert len(directory.SERVICES) >= 40
    assert len(directory.TEAMS) >= 10


def _flatten(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple | list):
        return [text for item in value for text in _flatten(item)]
    return []


@pytest.mark.parametrize("count", ["0", "-1"])
def test_a_count_below_one_is_refused(runner: FlaskCliRunner, count: str) -> None:
    result = runner.invoke(args=["bench", "seed", "--incidents", count])
    assert result.exit_code == 2
    assert "Invalid value for '--incidents'" in result.output
