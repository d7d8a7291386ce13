"""Load balancers can ask whether Hindsight is up without signing in."""

from flask.testing import FlaskClient


def test_healthz_answers_ok_without_signing_in(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}
