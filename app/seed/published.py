"""What happens to a synthetic review after it is written: published revisions, and deploys.

Digests and insights read published revisions (what a reader sees, and when it came out) and
confirmed deploy triggers. This module makes both for one generated incident, from its own
random stream so that adding it left every earlier seeded incident unchanged.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from app.incidents.enums import Status
from app.integrations.enums import DeployStatus, Relation, Source

Row = dict[str, Any]
DEPLOYED_SHARE = 0.35  # incidents with a deploy shortly before them on the affected service
RELATIONS = ((Relation.SUSPECTED_TRIGGER, Relation.RELATED, Relation.DISMISSED), (70, 15, 15))
# Offsets the deploy pipelines wrote their times in (minutes), None when they sent UTC only.
OFFSETS = (0, 60, 120, -300, -420, 330, None)


def iso(value: dt.datetime | dt.date | None) -> str | None:
    """Format a time the way `app.reviews.snapshots` does."""
    return value.isoformat() if value else None


def snapshot(incident: Row, names: dict[str, Any], bundle: Any) -> Row:
    """Return the revision snapshot of a generated incident, shaped like the real one."""
    people = names["people"]
    return {
        "ref": incident["ref"],
        "title": incident["title"],
        "severity": incident["severity"].value,
        "visibility": incident["visibility"].value,
        "is_exercise": incident["is_exercise"],
        "owner": people[incident["owner_id"]],
        "team": names["team"],
        "services": names["services"],
        "tags": sorted(set(names["tags"])),
        **{k: incident[k] for k in ("summary", "impact", "went_well", "got_lucky", "surprised")},
        "no_action_reason": incident["no_action_reason"],
        **{
            f"{m}_at": iso(incident[f"{m}_at"])
            for m in ("started", "detected", "acknowledged", "mitigated", "resolved")
        },
        "timeline": [
            {
                "occurred_at": iso(e["occurred_at"]),
                "kind": e["kind"].value,
                "milestone": e["milestone"].value if e["milestone"] else None,
                "author": people.get(e["author_id"]),
                "body": e["body"],
            }
            for e in bundle.timeline
        ],
        "factors": [
            {"category": f["category"].value, "description": f["description"]}
            for f in bundle.factors
        ],
        "actions": [
            {
                "title": a["title"],
                "kind": a["kind"].value,
                "priority": a["priority"].value,
                "owner": people.get(a["owner_id"]),
                "due_date": iso(a["due_date"]),
                "status": a["status"].value,
            }
            for a in bundle.actions
        ],
    }


def revisions(rng: random.Random, incident: Row, snap: Row, end: dt.datetime) -> list[Row]:
    """Return the published revisions of a published incident (none for the others).

    The first comes out days after the review was written (median about four); one in ten
    reviews is reopened and published again weeks later.
    """
    if incident["status"] is not Status.PUBLISHED:
        return []
    latest = end - dt.timedelta(minutes=1)
    first = incident["created_at"] + dt.timedelta(hours=min(24 * 45, rng.lognormvariate(4.6, 0.9)))
    if first > latest:  # would come out after the seeded span: somewhere in what is left of it
        first = incident["created_at"] + (latest - incident["created_at"]) * rng.random()
    rows = [_revision(1, snap, first, incident["owner_id"])]
    if rng.random() < 0.1:
        second = first + dt.timedelta(days=rng.randint(3, 60), hours=rng.randint(0, 23))
        if second < latest:
            rows.append(_revision(2, snap, second, incident["owner_id"], "Added a follow-up."))
    return rows


def _revision(number: int, snap: Row, at: dt.datetime, by: int, note: str = "") -> Row:
    return {
        "number": number,
        "snapshot": snap,
        "note": note,
        "published_at": at,
        "published_by_id": by,
    }


def deploy(rng: random.Random, incident: Row, service: tuple[str, int]) -> tuple[Row, Row] | None:
    """Return a production deploy shortly before the incident and a person's verdict on it."""
    if rng.random() >= DEPLOYED_SHARE:
        return None
    started: dt.datetime = incident["started_at"]
    at = started - dt.timedelta(minutes=rng.randint(2, 180))
    name, service_id = service
    major, minor = rng.randint(1, 9), rng.randint(0, 40)
    row = {
        "source": Source.GITHUB,
        "dedupe_key": f"bench:{incident['ref']}",
        "service_name": name,
        "environment": "production",
        "url": f"https://github.example.com/shop/{name}/deployments/{rng.randint(1, 10**6)}",
        "started_at": at,
        "utc_offset_minutes": rng.choice(OFFSETS),
        "event_at": at + dt.timedelta(minutes=4),
        "raw": {},
        "created_at": at,
        "updated_at": at + dt.timedelta(minutes=4),
        "service_id": service_id,
        "is_production": True,
        "version": f"v{major}.{minor}.{rng.randint(0, 12)}",
        "commit_sha": f"{rng.getrandbits(160):040x}",
        "status": DeployStatus.SUCCESS,
        "deployer": "ci-bot",
        "description": "",
        "finished_at": at + dt.timedelta(minutes=4),
    }
    link = {
        "alert_id": None,
        "relation": rng.choices(*RELATIONS)[0],
        "note": "",
        "decided_by_id": incident["owner_id"],
        "decided_at": incident["created_at"],
    }
    return row, link
