"""No body or header a sender can send makes a receiver answer 5xx (the test app re-raises).

Shaped fuzzing starts from each source's real shape and drops keys or swaps any value for
junk of another type; raw fuzzing sends arbitrary bytes, signed, so they reach the parser.
Then: event types nobody subscribes to are accepted and ignored, any service name is created
on first sight (or refused with 422), label sets of any size and shape, any Content-Type.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.catalog.models import Service
from app.extensions import db
from app.integrations.enums import Source
from app.integrations.naming import service_slug
from app.integrations.receivers.opsgenie import ACTIONS
from tests.integrations.factories import make_integration
from tests.integrations.payloads import am_alert, am_notification, gh_deployment, pd_event
from tests.integrations.senders import auth_headers, deliver

FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,  # nothing written into the repository
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SIGNED_ANSWERS = {200, 202, 400, 422}

junk = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
    | st.sampled_from(["", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59-23:59", "\x00", "\ud800"]),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)

SHAPES: dict[str, Any] = {
    "alertmanager": am_notification(),
    "grafana": {**am_notification(), "orgId": 1, "title": "[FIRING:1]", "state": "alerting"},
    "github": gh_deployment(state="success"),
    "pagerduty": pd_event(),
    "opsgenie": {
        "action": "Create",
        "alert": {
            "alertId": "a-1",
            "message": "Disk full",
            "createdAt": 1764000000000,
            "updatedAt": 1764000000000000000,
            "entity": "db",
            "priority": 3,
            "details": {"service": "orders", "environment": "production"},
        },
    },
    "sentry": {
        "action": "critical",
        "data": {
            "metric_alert": {
                "id": "7",
                "date_started": "2026-11-24T22:00:00Z",
                "projects": ["checkout"],
                "alert_rule": {"name": "Errors"},
            },
            "issue": {"id": "1", "title": "TypeError", "firstSeen": "2026-11-24T22:00:00Z"},
            "event": {"event_id": "e1", "datetime": "2026-11-24T22:00:00Z", "tags": [["a", "b"]]},
        },
    },
    "deploys": {
        "id": "d-1",
        "service": "checkout",
        "environment": "production",
        "version": "v1",
        "commit": "abc",
        "status": "success",
        "started_at": "2026-11-24T22:00:00Z",
        "finished_at": "2026-11-24T22:05:00+01:00",
        "production": True,
    },
    "alerts": {
        "id": "a-1",
        "service": "checkout",
        "name": "Errors",
        "status": "resolved",
        "started_at": "2026-11-24T22:00:00Z",
        "ended_at": "2026-11-24T22:05:00Z",
    },
}
HEADERS = {
    "github": st.sampled_from(["deployment", "deployment_status", "ping", "push", "", "x" * 300]),
    "sentry": st.sampled_from(["issue", "event_alert", "metric_alert", "installation", "", "é"]),
}
HEADER_NAMES = {"github": "X-GitHub-Event", "sentry": "Sentry-Hook-Resource"}


def shaped(template: Any) -> st.SearchStrategy:
    """Values shaped like `template`: mostly kept, some keys dropped, some values junk."""
    if isinstance(template, dict):
        keys = {k: shaped(v) for k, v in template.items()}
        whole = st.fixed_dictionaries(keys)
        return st.one_of(whole, whole, whole, st.fixed_dictionaries({}, optional=keys), junk)
    if isinstance(template, list):
        items = st.lists(shaped(template[0]), min_size=1, max_size=3)
        return st.one_of(items, items, items, junk)
    same = st.just(template)
    return st.one_of(same, same, same, same, same, same, junk)


@pytest.fixture
def integrations(app: Flask) -> None:
    for source in Source:
        make_integration(source.value)
    db.session.commit()


@pytest.mark.parametrize("source", list(SHAPES))
@FUZZ
@given(data=st.data())
def test_shaped_junk_never_gets_a_5xx(
    client: FlaskClient, integrations, source: str, data: st.DataObject
) -> None:
    payload = data.draw(shaped(SHAPES[source]), label="payload")
    headers = {}
    if source in HEADER_NAMES:
        headers[HEADER_NAMES[source]] = data.draw(HEADERS[source], label="header")
    response = deliver(client, source, payload, headers=headers)
    event(f"answered {response.status_code}")
    assert response.status_code in SIGNED_ANSWERS, response.get_data(as_text=True)
    assert response.is_json


@pytest.mark.parametrize("source", [s.value for s in Source])
@FUZZ
@given(body=st.binary(max_size=300) | st.text(max_size=200).map(str.encode))
def test_signed_arbitrary_bytes_never_get_a_5xx(
    client: FlaskClient, integrations, source: str, body: bytes
) -> None:
    headers = {"X-GitHub-Event": "deployment"} if source == "github" else {}
    response = deliver(client, source, body=body, headers=headers)
    event(f"answered {response.status_code}")
    assert response.status_code in SIGNED_ANSWERS, response.get_data(as_text=True)


@given(
    source=st.sampled_from([s.value for s in Source]),
    headers=st.dictionaries(
        st.sampled_from(
            [
                "Authorization",
                "X-Hub-Signature-256",
                "X-PagerDuty-Signature",
                "X-Grafana-Alerting-Signature",
                "X-Grafana-Alerting-Timestamp",
                "Sentry-Hook-Signature",
                "Content-Type",
                "X-GitHub-Event",
            ]
        ),
        st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=255), max_size=80),
    ),
)
@FUZZ
def test_unsigned_junk_headers_get_401_or_415_never_a_5xx(
    client: FlaskClient, integrations, source: str, headers: dict[str, str]
) -> None:
    response = client.post(f"/hooks/{source}", data=b'{"a": 1}', headers=headers)
    assert response.status_code == 401, response.get_data(as_text=True)


def test_a_huge_label_set_is_stored(client: FlaskClient, integrations) -> None:
    alert = am_notification()["alerts"][0]
    alert["labels"] |= {f"label_{n}": "v" * 40 for n in range(10_000)}
    body = json.dumps(am_notification(alert)).encode()
    assert len(body) < 1024 * 1024
    response = client.post(
        "/hooks/alertmanager",
        data=body,
        headers={"Content-Type": "application/json", **auth_headers("alertmanager", body)},
    )
    assert response.status_code == 202


def test_deep_nesting_is_refused_politely(client: FlaskClient, integrations) -> None:
    deep: Any = "x"
    for _ in range(200):
        deep = {"a": deep}
    response = deliver(
        client,
        "alerts",
        {
            "service": "s",
            "name": "n",
            "status": "firing",
            "started_at": "2026-11-24T22:00:00Z",
            "extra": deep,
        },
    )
    assert response.status_code == 422


QUICK = settings(FUZZ, max_examples=30)
token = st.from_regex(r"[A-Za-z][A-Za-z0-9_.:-]{0,40}", fullmatch=True)


def unknown_event(source: str, kind: str) -> tuple[dict[str, Any], dict[str, str]] | None:
    """A delivery of an event type `source` sends but Hindsight does not use, else None."""
    if source == "github" and kind not in {"deployment", "deployment_status", "ping"}:
        return gh_deployment(), {"X-GitHub-Event": kind}
    if source == "sentry" and kind not in {"issue", "event_alert", "metric_alert"}:
        return SHAPES["sentry"], {"Sentry-Hook-Resource": kind}
    if source == "pagerduty" and not kind.startswith("incident.") and kind != "pagey.ping":
        payload = pd_event()
        payload["event"]["event_type"] = kind
        return payload, {}
    if source == "opsgenie" and kind.lower() not in ACTIONS:
        return {**SHAPES["opsgenie"], "action": kind}, {}
    return None


@pytest.mark.parametrize("source", ["github", "sentry", "pagerduty", "opsgenie"])
@QUICK
@given(kind=token)
def test_unknown_event_types_are_accepted_and_ignored_with_a_reason(
    client: FlaskClient, integrations, source: str, kind: str
) -> None:
    delivery = unknown_event(source, kind)
    if delivery is None:
        return
    payload, headers = delivery
    response = deliver(client, source, payload, headers=headers)
    assert response.status_code == 202, response.get_data(as_text=True)
    said = response.get_json()
    assert said["status"] == "ignored"
    assert said["reason"]


def with_service(source: str, name: Any) -> dict[str, Any]:
    """A delivery from `source` about the service called `name`."""
    if source == "alertmanager":
        return am_notification(am_alert(service=name))
    return {**SHAPES[source], "service": name}


@pytest.mark.parametrize("source", ["alertmanager", "deploys", "alerts"])
@QUICK
@given(name=st.text(max_size=120), twist=st.sampled_from([str.upper, str.title, " {} !".format]))
def test_any_service_name_is_created_on_first_sight_or_refused(
    client: FlaskClient, integrations, source: str, name: str, twist
) -> None:
    # The same name twisted (case, spaces, punctuation) must find the service, not clash.
    for sent in (name, twist(name)):
        response = deliver(client, source, with_service(source, sent))
        assert response.status_code in {200, 202, 422}, response.get_data(as_text=True)
        slug = service_slug(sent)
        if response.status_code != 422 and slug:
            db.session.rollback()  # see what the request committed
            assert db.session.scalar(select(Service.id).where(Service.name == slug)) is not None


labels = st.dictionaries(st.text(max_size=30), junk | st.text(max_size=200), max_size=20)
fingerprints = itertools.count(1)


@pytest.mark.parametrize("source", ["alertmanager", "grafana"])
@settings(FUZZ, max_examples=20)
@given(odd=labels, many=st.integers(0, 25_000), width=st.integers(0, 60))
def test_label_sets_of_any_size_and_shape_never_get_a_5xx(
    client: FlaskClient, integrations, source: str, odd: dict, many: int, width: int
) -> None:
    notification = {**SHAPES[source]}
    alert = {**notification["alerts"][0], "fingerprint": f"fuzz{next(fingerprints):012x}"}
    alert["labels"] = {**alert["labels"], **odd, **{f"l{n}": "v" * width for n in range(many)}}
    notification["alerts"] = [alert]
    response = deliver(client, source, notification)
    event(f"answered {response.status_code}")
    assert response.status_code in {200, 202, 413, 422}, response.get_data(as_text=True)


content_types = st.sampled_from(
    [
        "application/json",
        "application/json; charset=utf-8",
        "application/json; charset=utf-16",
        "application/vnd.github+json",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "",
    ]
) | st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=60)


@pytest.mark.parametrize("source", list(SHAPES))
@QUICK
@given(content_type=content_types)
def test_signed_shapes_with_any_content_type_never_get_a_5xx(
    client: FlaskClient, integrations, source: str, content_type: str
) -> None:
    headers = {HEADER_NAMES[source]: "deployment"} if source == "github" else {}
    response = deliver(client, source, SHAPES[source], headers=headers, content_type=content_type)
    event(f"answered {response.status_code}")
    assert response.status_code in {200, 202, 400, 415, 422}, response.get_data(as_text=True)
