"""Each answer of the webhook contract: 202, 200, 400, 401, 404, 405, 413, 415, 422."""

from __future__ import annotations

import io
import json

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.integrations.models import Alert
from tests.api import problem_of
from tests.integrations.factories import make_integration
from tests.integrations.payloads import am_notification, gh_deployment
from tests.integrations.senders import SECRET, answer, auth_headers, deliver


@pytest.fixture
def alertmanager(app: Flask):
    integration = make_integration("alertmanager")
    db.session.commit()
    return integration


def alert_count() -> int:
    return db.session.scalar(select(func.count(Alert.id)))


def test_a_new_delivery_is_accepted_and_its_repeat_is_a_duplicate(
    client: FlaskClient, alertmanager
) -> None:
    first = answer(deliver(client, "alertmanager", am_notification()), 202)
    assert first["status"] == "accepted"
    assert first["created"] == 1
    again = answer(deliver(client, "alertmanager", am_notification()), 200)
    assert again["status"] == "duplicate"
    assert again["alerts"] == first["alerts"]
    assert alert_count() == 1


def test_hooks_need_no_sign_in_and_no_csrf_token(session_app: Flask, alertmanager) -> None:
    session_app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = deliver(session_app.test_client(), "alertmanager", am_notification())
    finally:
        session_app.config["WTF_CSRF_ENABLED"] = False
    answer(response, 202)


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (b'{"alerts": [', "line 1, column 13"),
        (b'{\n  "alerts": [\n    {"status": "firing",}\n  ]\n}', "line 3, column 25"),
        (b"\xff\xfe", "byte 0"),
        (b'{"a": NaN}', "NaN"),
    ],
)
def test_malformed_json_gets_400_saying_where(
    client: FlaskClient, alertmanager, body: bytes, where: str
) -> None:
    problem = problem_of(deliver(client, "alertmanager", body=body), 400)
    assert where in problem["detail"]


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Bearer wrong-secret",
        "Basic !!!",
        "Token " + SECRET,
        "Bearer " + "x" * 5000,
    ],
)
def test_missing_or_wrong_secrets_get_401(
    client: FlaskClient, alertmanager, authorization: str | None
) -> None:
    headers = {"Content-Type": "application/json"}
    if authorization is not None:
        headers["Authorization"] = authorization
    response = client.post("/hooks/alertmanager", data=b"{}", headers=headers)
    problem = problem_of(response, 401)
    assert "secret" in problem["detail"] or "signature" in problem["detail"]
    assert alert_count() == 0


def test_basic_auth_with_the_secret_as_password_is_accepted(
    client: FlaskClient, alertmanager
) -> None:
    import base64

    token = base64.b64encode(f"alertmanager:{SECRET}".encode()).decode()
    response = deliver(
        client, "alertmanager", am_notification(), headers={"Authorization": f"Basic {token}"}
    )
    answer(response, 202)


def test_a_bad_hmac_signature_gets_401_and_names_the_header(client: FlaskClient) -> None:
    make_integration("github")
    db.session.commit()
    body = json.dumps(gh_deployment()).encode()
    missing = client.post(
        "/hooks/github",
        data=body,
        headers={"Content-Type": "application/json", "X-GitHub-Event": "deployment"},
    )
    assert "X-Hub-Signature-256" in problem_of(missing, 401)["detail"]
    wrong = auth_headers("github", body, secret="another-secret")
    response = deliver(
        client, "github", body=body, headers={**wrong, "X-GitHub-Event": "deployment"}
    )
    assert "The signature does not match" in problem_of(response, 401)["detail"]


def test_a_wrong_bearer_secret_is_called_a_secret_not_a_signature(
    client: FlaskClient, alertmanager
) -> None:
    response = client.post(
        "/hooks/alertmanager",
        data=b"{}",
        headers={"Content-Type": "application/json", "Authorization": "Bearer wrong-secret"},
    )

    assert problem_of(response, 401)["detail"] == (
        "The secret does not match any active Prometheus Alertmanager integration's secret."
    )


def test_no_active_integration_is_explained(client: FlaskClient, app: Flask) -> None:
    problem = problem_of(deliver(client, "opsgenie", {"action": "Create"}), 401)
    assert "No active Opsgenie integration" in problem["detail"]


def test_every_active_integration_of_a_source_is_tried(client: FlaskClient) -> None:
    make_integration("alertmanager", secret="first-cluster-secret", name="eu")
    make_integration("alertmanager", secret="second-cluster-secret", name="us")
    db.session.commit()
    answer(deliver(client, "alertmanager", am_notification(), secret="second-cluster-secret"), 202)


def test_a_disabled_integration_is_refused(client: FlaskClient, admin) -> None:
    from app.integrations.services import disable_integration

    integration = make_integration("alertmanager")
    disable_integration(actor=admin, integration_id=integration.id)
    db.session.commit()
    problem_of(deliver(client, "alertmanager", am_notification()), 401)


def test_bodies_over_one_mib_get_413_by_declared_length(client: FlaskClient, alertmanager) -> None:
    body = b'{"pad": "' + b"x" * (1024 * 1024) + b'"}'
    problem = problem_of(deliver(client, "alertmanager", body=body), 413)
    assert "1 MiB" in problem["detail"]


def test_bodies_over_one_mib_get_413_when_streamed_without_a_length(
    client: FlaskClient, alertmanager
) -> None:
    body = b'{"pad": "' + b"x" * (1024 * 1024 + 10) + b'"}'
    response = client.post(
        "/hooks/alertmanager",
        input_stream=io.BytesIO(body),
        headers={"Content-Type": "application/json", **auth_headers("alertmanager", body)},
        environ_overrides={"wsgi.input_terminated": True},
    )
    problem_of(response, 413)
    assert alert_count() == 0


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
def test_bodies_that_are_not_json_get_415(
    client: FlaskClient, alertmanager, content_type: str
) -> None:
    response = deliver(client, "alertmanager", am_notification(), content_type=content_type)
    assert "application/json" in problem_of(response, 415)["detail"]


def test_json_with_a_suffix_media_type_is_json(client: FlaskClient, alertmanager) -> None:
    answer(
        deliver(client, "alertmanager", am_notification(), content_type="application/vnd.am+json"),
        202,
    )


def test_missing_fields_get_422_naming_each(client: FlaskClient, alertmanager) -> None:
    body = {
        "alerts": [{"status": "firing"}, {"labels": "x", "startsAt": "yesterday", "status": "on"}]
    }
    problem = problem_of(deliver(client, "alertmanager", body), 422)
    assert set(problem["errors"]) == {
        "alerts[0].labels",
        "alerts[0].startsAt",
        "alerts[1].labels",
        "alerts[1].startsAt",
        "alerts[1].status",
    }
    assert "alerts[0].labels" in problem["detail"]


def test_an_unknown_source_gets_404_listing_the_sources(client: FlaskClient, app: Flask) -> None:
    problem = problem_of(client.post("/hooks/nagios", data=b"{}"), 404)
    assert "alertmanager" in problem["detail"]


def test_other_methods_get_405_as_a_problem_not_a_sign_in_page(
    client: FlaskClient, app: Flask
) -> None:
    problem_of(client.get("/hooks/alertmanager"), 405)
    problem_of(client.get("/hooks/"), 404)


def test_an_unknown_github_event_is_accepted_and_ignored_with_a_reason(client: FlaskClient) -> None:
    make_integration("github")
    db.session.commit()
    response = deliver(
        client, "github", {"action": "completed"}, headers={"X-GitHub-Event": "workflow_run"}
    )
    body = answer(response, 202)
    assert body["status"] == "ignored"
    assert "workflow_run" in body["reason"]


def test_a_busy_database_asks_the_sender_to_retry(
    client: FlaskClient, alertmanager, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    from app.integrations import ingest

    def locked(**_):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(ingest, "record", locked)
    response = deliver(client, "alertmanager", am_notification())
    assert problem_of(response, 503)["detail"].startswith("The database is busy")
    assert response.headers["Retry-After"] == "5"
