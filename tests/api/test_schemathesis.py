"""schemathesis fuzzes every operation of the live OpenAPI description, on both engines.

The description is loaded from the running app (/api/v1/openapi.json), so what is checked is
what clients read. Each operation gets data that fits its schema and data that does not
(positive and negative modes), with a real token for a seeded member and `<ref>` and id
paths drawn from real rows, so the operations reach their real work, not just 404s. Every
answer must be no server error, a documented status code, a documented content type, and
a body that matches the documented schema. The test app re-raises unexpected exceptions,
so a crash fails here with its traceback.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.accounts.models import User
from app.clock import utcnow
from app.digests.weeks import IsoWeek
from app.extensions import db
from app.incidents.enums import Visibility
from app.reviews import queries as review_queries
from app.reviews import services as reviews
from tests.api import bearer
from tests.factories.accounts import make_user
from tests.factories.incidents import (
    T0,
    make_complete_review,
    make_incident,
    make_service,
    publish_example,
)
from tests.integrations.factories import make_alert, make_deploy

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 20  # per operation and mode: about a minute per engine on two busy cores
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,  # the same cases on every run: CI fails for a reason, not by chance
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    print_blob=False,
)
MISSING_ID = 987_654


def _seed(member: User) -> dict[str, list[Any]]:
    """Make reviews in every state the API treats differently; return values for path params."""
    other = make_user(email="rae@example.com", name="Rae Reviewer")
    make_service("checkout")
    draft = make_complete_review(member, services_=["checkout"])
    published = publish_example(member)
    waiting = make_complete_review(other, title="Queue backlog delayed refunds")
    reviews.submit(actor=other, incident=waiting, acknowledge_language=True)
    sealed = make_incident(other, title="Sealed", visibility=Visibility.RESTRICTED)
    reviews.add_comment(actor=member, incident=draft, section="summary", body="Name the pool.")
    deploy = make_deploy(started_at=T0 - dt.timedelta(minutes=20))
    alert = make_alert(started_at=T0 + dt.timedelta(minutes=3))
    db.session.commit()
    incidents = [draft, published, waiting]
    parts = {
        "entry_id": [e.id for i in incidents for e in i.timeline],
        "factor_id": [f.id for i in incidents for f in i.factors],
        "action_id": [a.id for i in incidents for a in i.actions],
        "comment_id": [c.id for i in incidents for c in review_queries.review_state(i).comments],
        "deploy_id": [deploy.id],
        "alert_id": [alert.id],
    }
    this_week = IsoWeek.containing(utcnow(), "UTC")
    return {
        "ref": [i.ref for i in [*incidents, sealed]] + ["INC-9999"],
        "number": [1, 2],
        "week": [
            str(this_week.previous()),
            str(this_week),
            "2026-W48",
            "2026-W54",
            "2099-W01",
            "soon",
        ],
        **{name: [*ids, MISSING_ID] for name, ids in parts.items()},
    }


@pytest.fixture
def fuzzed(app: Flask, member: User) -> tuple[schemathesis.BaseSchema, dict, dict]:
    """The live description, the values path parameters take, and a member's token."""
    values = _seed(member)
    headers = bearer(member)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return schema, values, headers


def _path_parameters(operation, values: dict[str, list[Any]]) -> st.SearchStrategy[dict]:
    names = [p.name for p in operation.path_parameters]
    return st.fixed_dictionaries({n: st.sampled_from(values[n]) for n in names if n in values})


def _fuzz(operation, mode: GenerationMode, values: dict, headers: dict, seen: Counter) -> None:
    cases = _path_parameters(operation, values).flatmap(
        lambda fixed: operation.as_strategy(mode, path_parameters=fixed or None)
    )

    @FUZZ
    @given(case=cases)
    def run(case) -> None:
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        seen[response.status_code // 100] += 1

    run()


def test_every_operation_answers_as_documented(fuzzed, subtests: pytest.Subtests) -> None:
    schema, values, headers = fuzzed
    # Deletions last (a review's parts before reviews), so the rest meet the seeded rows.
    operations = sorted(
        (result.ok() for result in schema.get_all_operations()),
        key=lambda op: (op.method == "delete", op.path.count("/") == 4),
    )
    assert len(operations) >= 24  # the contract's operations, and any added since
    never_succeeded = []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            seen: Counter = Counter()
            with subtests.test(operation=operation.label, mode=str(mode)):
                _fuzz(operation, mode, values, headers, seen)
            if mode is GenerationMode.POSITIVE and operation.method == "get" and not seen[2]:
                never_succeeded.append(operation.label)
    # Reads of seeded data must work; otherwise the fuzzing only ever met 404s and 422s.
    assert never_succeeded == []
