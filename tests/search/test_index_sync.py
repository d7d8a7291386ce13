"""The index follows every edit in the same transaction, and forgets deleted reviews."""

from __future__ import annotations

import datetime as dt

import pytest

from app.accounts.models import User
from app.extensions import db
from app.incidents import actions, factors, services, timeline
from app.incidents.enums import FactorCategory, Severity
from app.search.models import SearchDocument, SearchText
from tests.factories.incidents import T0, make_action, make_entry, make_factor, make_incident
from tests.search.conftest import find, refs

pytestmark = pytest.mark.usefixtures("filler")


@pytest.fixture
def incident(owner: User):
    made = make_incident(owner, title="Checkout errors after a pool change")
    db.session.commit()
    return made


def _basics(incident, **changes) -> services.Basics:
    values = {"title": incident.title, "severity": incident.severity} | changes
    return services.Basics(**values)


def test_a_new_title_is_found_and_the_old_one_is_not(owner: User, incident) -> None:
    services.update_basics(
        actor=owner, incident=incident, basics=_basics(incident, title="Walrus outage"),
        expected_version=None,
    )  # fmt: skip
    db.session.commit()

    assert refs(find(owner, "walrus")) == [incident.ref]
    assert find(owner, "pool").total == 0


def test_sections_are_indexed_when_saved(owner: User, incident) -> None:
    services.update_sections(
        actor=owner, incident=incident, sections={"got_lucky": "A walrus noticed."},
        expected_version=None,
    )  # fmt: skip
    db.session.commit()

    assert refs(find(owner, "walrus")) == [incident.ref]


def test_timeline_entries_are_indexed_as_they_are_added_changed_and_removed(
    owner, incident
) -> None:
    entry = make_entry(incident, owner, body="The walrus alert fired.")
    db.session.commit()
    assert refs(find(owner, "walrus")) == [incident.ref]

    data = timeline.EntryInput(occurred_at=T0, body="The narwhal alert fired.")
    timeline.update_entry(actor=owner, entry=entry, data=data, expected_version=None)
    db.session.commit()
    assert (find(owner, "walrus").total, find(owner, "narwhal").total) == (0, 1)

    timeline.delete_entry(actor=owner, entry=entry)
    db.session.commit()
    assert find(owner, "narwhal").total == 0


def test_factors_are_indexed_by_category_and_description(owner: User, incident) -> None:
    factor = make_factor(incident, owner, category=FactorCategory.CAPACITY, description="Walrus.")
    db.session.commit()
    assert refs(find(owner, "walrus", factor="capacity")) == [incident.ref]

    factors.update_factor(
        actor=owner, factor=factor, category=FactorCategory.DEPENDENCY, description="Narwhal.",
        expected_version=None,
    )  # fmt: skip
    db.session.commit()
    assert find(owner, "walrus").total == 0
    assert refs(find(owner, "narwhal", factor="dependency")) == [incident.ref]
    assert find(owner, "narwhal", factor="capacity").total == 0

    factors.delete_factor(actor=owner, factor=factor)
    db.session.commit()
    assert find(owner, "narwhal").total == 0


def test_action_items_are_indexed(owner: User, incident) -> None:
    item = make_action(incident, owner, title="Teach the walrus to page", description="Soon.")
    db.session.commit()
    assert refs(find(owner, "walrus")) == [incident.ref]

    data = actions.ActionInput(title="Teach the narwhal to page")
    actions.update_action(actor=owner, item=item, data=data, expected_version=None)
    db.session.commit()
    assert (find(owner, "walrus").total, find(owner, "narwhal").total) == (0, 1)

    actions.delete_action(actor=owner, item=item)
    db.session.commit()
    assert find(owner, "narwhal").total == 0


def test_a_deleted_review_leaves_the_index(owner: User, incident) -> None:
    incident_id = incident.id
    services.delete_incident(actor=owner, incident=incident)
    db.session.commit()

    assert find(owner, "pool").total == 0
    assert db.session.get(SearchDocument, incident_id) is None
    assert db.session.get(SearchText, incident_id) is None


def test_an_edit_and_its_index_entry_commit_or_roll_back_together(owner, incident) -> None:
    services.update_basics(
        actor=owner, incident=incident, basics=_basics(incident, title="Walrus outage"),
        expected_version=None,
    )  # fmt: skip
    assert refs(find(owner, "walrus")) == [incident.ref]  # same transaction: already indexed

    db.session.rollback()

    assert find(owner, "walrus").total == 0
    assert refs(find(owner, "pool")) == [incident.ref]


def test_filters_follow_edits_to_the_basics(owner: User, incident) -> None:
    services.update_basics(
        actor=owner, incident=incident, basics=_basics(incident, severity=Severity.SEV1),
        expected_version=None,
    )  # fmt: skip
    make_entry(incident, owner, at=T0 - dt.timedelta(days=400), body="Started long ago.")
    db.session.commit()

    assert refs(find(owner, "pool", severity="SEV1")) == [incident.ref]
