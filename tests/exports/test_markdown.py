"""Markdown export in the import format: what comes out goes back in as the same review."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.incidents import services
from app.incidents.enums import Severity, Visibility
from app.incidents.models import KEY_TIMES, SECTIONS, Incident
from tests.exports.conftest import publish, write_review
from tests.factories.incidents import T0, make_entry

TRICKY_SUMMARY = """Checkout returned errors for 38 minutes.

## Details

The pool was sized per process. A `## heading` in code stays code:

```
## not a heading
```"""


def state(incident: Incident) -> dict:
    """Everything the import format carries, as comparable values."""
    return {
        "ref": incident.ref,
        "title": incident.title,
        "severity": incident.severity,
        "status": incident.status,
        "visibility": incident.visibility,
        "is_exercise": incident.is_exercise,
        "team": incident.team.name if incident.team else None,
        "services": sorted(s.name for s in incident.services),
        "tags": sorted(t.name for t in incident.tags),
        "sections": {name: getattr(incident, name) for name in SECTIONS},
        "times": {name: getattr(incident, name) for name in KEY_TIMES},
        "source_url": incident.source_url,
        "timeline": sorted((e.occurred_at, e.body) for e in incident.timeline),
    }


def reimport(runner: FlaskCliRunner, owner: User, *paths: Path) -> None:
    result = runner.invoke(args=["import", "markdown", *map(str, paths), "--owner", owner.email])
    assert result.exit_code == 0, result.output
    assert "failed" not in result.output.split("files:")[-1].replace("0 failed", "")


def forget(*incidents: Incident, actor: User) -> None:
    for incident in incidents:
        services.delete_incident(actor=actor, incident=incident)
    db.session.commit()


def test_an_exported_review_imports_back_as_the_same_review(
    member_client: FlaskClient, member: User, runner: FlaskCliRunner, zone: str, tmp_path: Path
) -> None:
    incident = write_review(member, entries=6, severity=Severity.SEV1)
    services.update_sections(
        actor=member, incident=incident, sections={"summary": TRICKY_SUMMARY}, expected_version=None
    )
    make_entry(
        incident,
        member,
        at=T0 + dt.timedelta(minutes=7, seconds=42),
        body="**Paged** the database on-call.\n- checked the pooler\n- then the replicas",
    )
    incident.visibility = Visibility.RESTRICTED
    incident.is_exercise = True
    incident.source_url = "https://wiki.example.com/pm/42"
    incident.acknowledged_at = T0 + dt.timedelta(minutes=9)
    publish(incident, member)
    expected = state(incident)
    response = member_client.get(f"/incidents/{incident.ref}.md")
    path = tmp_path / "review.md"
    path.write_bytes(response.data)

    forget(incident, actor=member)
    reimport(runner, member, path)

    back = db.session.scalar(select(Incident).where(Incident.ref == expected["ref"]))
    assert state(back) == expected
    assert response.mimetype == "text/markdown"
    assert response.data.decode().startswith("---\ntitle: Checkout returned errors")


def test_the_front_matter_also_carries_factors_actions_owner_and_revision(
    member_client: FlaskClient, member: User
) -> None:
    incident = publish(write_review(member, entries=2, actions=2), member)

    text = member_client.get(f"/incidents/{incident.ref}.md").get_data(as_text=True)
    meta = yaml.safe_load(text.split("---\n")[1])

    assert meta["owner"] == member.email
    assert meta["revision"] == 1
    assert [f["category"] for f in meta["factors"]] == ["change", "monitoring_gap"]
    assert meta["actions"][0]["owner"] == member.email
    assert meta["actions"][1]["owner"].endswith("@example.com")
    assert meta["actions"][0]["due_date"] == "2026-12-01"
    assert "## Timeline\n\n- 2026-11-24 22:30 +00:00: Entry 001:" in text


def test_export_all_as_markdown_writes_one_importable_file_per_review(
    member: User, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    first = publish(write_review(member, entries=3), member)
    second = write_review(member, entries=2, title="Search went stale after a reindex")
    db.session.commit()
    expected = [state(first), state(second)]
    refs = [first.ref, second.ref]

    result = runner.invoke(args=["export", "all", "--format", "markdown", "--out", str(tmp_path)])

    assert result.exit_code == 0, result.output
    assert "Wrote 2 reviews as Markdown" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{ref}.md" for ref in refs]
    # The command lets go of every review it wrote (memory stays flat): read them afresh.
    written = db.session.scalars(select(Incident).where(Incident.ref.in_(refs)))
    forget(*written, actor=db.session.merge(member))
    reimport(runner, member, tmp_path)
    back = db.session.scalars(select(Incident).order_by(Incident.ref))
    assert [state(i) for i in back] == expected
