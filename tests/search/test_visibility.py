"""A restricted review never reaches someone outside it: not in hits, totals, facets,
snippets or similar incidents. Its participants and admins find it like any other."""

from __future__ import annotations

import pytest
from flask import Flask

from app.extensions import db
from app.incidents import services
from app.incidents.enums import FactorCategory, Visibility
from app.incidents.queries import visible_incidents
from app.search import engine
from app.search.parser import ParsedQuery
from app.search.queries import similar
from tests.factories.accounts import make_user
from tests.factories.incidents import make_entry, make_factor, make_incident, make_service
from tests.search.conftest import find, refs

pytestmark = pytest.mark.usefixtures("filler")


@pytest.fixture
def world(app: Flask):
    make_service("auth")
    owner, invited, author = (
        make_user(name="Olu", password=None),
        make_user(name="Ina", password=None),
        make_user(name="Abe", password=None),
    )
    outsider, admin = (
        make_user(name="Oscar", password=None),
        make_user(name="Ada", admin=True, password=None),
    )
    secret = make_incident(
        owner,
        title="Signing key zebraphrase exposed in logs",
        services_=["auth"],
        tags=["security"],
        visibility=Visibility.RESTRICTED,
    )
    make_factor(secret, owner, category=FactorCategory.SECURITY, description="Keys in logs.")
    services.add_participant(actor=owner, incident=secret, user=invited)
    services.add_participant(actor=owner, incident=secret, user=author)
    make_entry(secret, author, body="Rotated the zebraphrase key.")
    secret.participants.remove(author)  # still sees it: they wrote part of the timeline
    public = make_incident(owner, title="Auth latency after zebraphrase rename", services_=["auth"])
    make_factor(public, owner, category=FactorCategory.SECURITY, description="Keys in logs.")
    db.session.commit()
    return secret, public, {"owner": owner, "invited": invited, "author": author, "admin": admin,
                            "outsider": outsider}  # fmt: skip


def test_outsiders_never_see_a_restricted_review_anywhere_in_search(world) -> None:
    secret, public, people = world
    outsider = people["outsider"]

    result = find(outsider, "zebraphrase")

    assert refs(result) == [public.ref]
    assert result.total == 1
    assert result.facets["tag"] == {}
    assert result.facets["service"] == {"auth": 1}
    assert all("Rotated" not in hit.snippet for hit in result.hits)
    assert find(outsider, '"signing key"').total == 0
    assert find(outsider, "", service="auth").total == 1
    assert secret.ref not in [s.ref for s in similar(outsider, public)]


@pytest.mark.parametrize("who", ["owner", "invited", "author", "admin"])
def test_participants_and_admins_find_a_restricted_review(world, who: str) -> None:
    secret, public, people = world

    result = find(people[who], "zebraphrase")

    assert set(refs(result)) == {secret.ref, public.ref}
    assert result.facets["tag"] == {"security": 1}
    assert secret.ref in [s.ref for s in similar(people[who], public)]


def test_search_applies_the_same_visibility_rule_as_the_incident_list(world) -> None:
    for person in world[2].values():
        listed = {incident.id for incident in db.session.scalars(visible_incidents(person))}
        rows = engine.collect(person, ParsedQuery(), engine.Filters(), limit=100).rows
        assert {row.incident_id for row in rows} == listed, person.name
