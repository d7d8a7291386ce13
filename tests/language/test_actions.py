"""Action item quality hints: owner, due date, verb first, and remedies that change systems."""

from __future__ import annotations

import datetime as dt

import pytest

from app.language.actions import ActionHint, check_action

OWNER = object()  # any value stands for "someone owns it"
DUE = dt.date(2026, 3, 1)


def rules(hints: list[ActionHint]) -> list[tuple[str, str]]:
    return [(h.field, h.rule) for h in hints]


def test_a_good_action_item_gets_no_hints() -> None:
    hints = check_action(
        title="Alert on replication lag above 30 seconds", owner=OWNER, due_date=DUE
    )
    assert hints == []


def test_a_missing_owner_and_due_date_are_pointed_out() -> None:
    hints = check_action(title="Add a canary stage to the pipeline", owner=None, due_date=None)
    assert rules(hints) == [("owner", "action-no-owner"), ("due_date", "action-no-due-date")]
    assert all(h.message and h.suggestion for h in hints)


def test_blank_strings_count_as_missing() -> None:
    hints = check_action(title="Add a canary stage", owner="  ", due_date="")
    assert rules(hints) == [("owner", "action-no-owner"), ("due_date", "action-no-due-date")]


@pytest.mark.parametrize(
    ("title", "example"),
    [
        ("We should add an alert on queue depth", '"Add an alert on queue depth"'),
        ("Adding a canary stage", '"Add a canary stage"'),
        ("Added alerting on lag", '"Add alerting on lag"'),
        ("Better monitoring for the queue", '"Add ..."'),
        ("Investigation of the DNS TTL", '"Add ..."'),
    ],
)
def test_titles_that_do_not_start_with_a_verb_get_a_verb_first_rewrite(
    title: str, example: str
) -> None:
    hints = check_action(title=title, owner=OWNER, due_date=DUE)
    assert rules(hints) == [("title", "action-not-verb-first")]
    assert example in hints[0].suggestion


@pytest.mark.parametrize(
    "title",
    ["Shard the orders table", "Pin the base image version", "Document the failover steps"],
)
def test_unlisted_verbs_are_given_the_benefit_of_the_doubt(title: str) -> None:
    assert check_action(title=title, owner=OWNER, due_date=DUE) == []


@pytest.mark.parametrize(
    "title",
    [
        "Retrain engineers on the deploy tool",
        "Remind engineers to check the canary",
        "Be more careful with production configs",
        "Add another approval for firewall changes",
        "Double-check the config before each deploy",
        "Pay more attention to disk alerts",
        "Require a second reviewer for schema changes",
        "Make sure engineers read the runbook",
        "Don't deploy on Fridays",
    ],
)
def test_remedies_that_put_the_burden_on_people_are_weak(title: str) -> None:
    hints = check_action(title=title, owner=OWNER, due_date=DUE)
    assert rules(hints) == [("title", "action-weak-remedy")]
    assert hints[0].suggestion.count('"') >= 2  # a concrete system change, quoted


def test_blameful_wording_in_a_title_is_flagged_too() -> None:
    hints = check_action(title="Discipline the engineer responsible", owner=OWNER, due_date=DUE)
    assert rules(hints) == [("title", "punitive")]


def test_an_empty_title_asks_what_will_change() -> None:
    hints = check_action(title="  ", owner=OWNER, due_date=DUE)
    assert rules(hints) == [("title", "action-no-title")]
