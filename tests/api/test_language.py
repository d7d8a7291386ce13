"""The language check answers with the contract's shape and finds blameful wording."""

from __future__ import annotations

from flask.testing import FlaskClient

from app.accounts.models import User
from tests.api import bearer, problem_of

CHECK = "/api/v1/language/check"


def test_human_error_is_found_with_offsets_rule_and_a_rewrite(
    client: FlaskClient, member: User
) -> None:
    text = "The outage was caused by human error during the maintenance window."
    response = client.post(CHECK, headers=bearer(member), json={"text": text})
    assert response.status_code == 200
    findings = response.json["findings"]
    assert findings
    assert set(findings[0]) == {"start", "end", "rule", "message", "suggestion"}
    flagged = [text[f["start"] : f["end"]].lower() for f in findings]
    assert any("human error" in span for span in flagged), findings


def test_blameless_text_has_no_findings(client: FlaskClient, member: User) -> None:
    text = "The config change reached every region at once; a canary stage would have caught it."
    response = client.post(CHECK, headers=bearer(member), json={"text": text})
    assert response.json == {"findings": []}


def test_text_is_required_and_bounded(client: FlaskClient, member: User) -> None:
    headers = bearer(member)
    assert set(problem_of(client.post(CHECK, headers=headers, json={}), 422)["errors"]) == {"text"}
    too_long = client.post(CHECK, headers=headers, json={"text": "a" * 200_001})
    assert set(problem_of(too_long, 422)["errors"]) == {"text"}
