"""Freezing a review into a revision, and showing what changed between two revisions."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from app.incidents.models import Incident

SECTION_TITLES = (
    ("summary", "Summary"),
    ("impact", "Impact"),
    ("went_well", "What went well"),
    ("got_lucky", "Where we got lucky"),
    ("surprised", "What surprised us"),
)


def snapshot(incident: Incident) -> dict:
    """Return everything a reader sees of the review, as plain JSON-able values."""

    def iso(value):
        return value.isoformat() if value else None

    return {
        "ref": incident.ref,
        "title": incident.title,
        "severity": incident.severity.value,
        "visibility": incident.visibility.value,
        "is_exercise": incident.is_exercise,
        "owner": incident.owner.name,
        "team": incident.team.name if incident.team else None,
        "services": [s.name for s in incident.services],
        "tags": [t.name for t in incident.tags],
        **{name: getattr(incident, name) for name, _ in SECTION_TITLES},
        "no_action_reason": incident.no_action_reason,
        **{
            f"{m}_at": iso(getattr(incident, f"{m}_at"))
            for m in ("started", "detected", "acknowledged", "mitigated", "resolved")
        },
        "timeline": [
            {
                "occurred_at": iso(e.occurred_at),
                "kind": e.kind.value,
                "milestone": e.milestone.value if e.milestone else None,
                "author": e.author.name if e.author else None,
                "body": e.body,
            }
            for e in incident.timeline
        ],
        "factors": [
            {"category": f.category.value, "description": f.description} for f in incident.factors
        ],
        "actions": [
            {
                "title": a.title,
                "kind": a.kind.value,
                "priority": a.priority.value,
                "owner": a.owner.name if a.owner else None,
                "due_date": a.due_date.isoformat() if a.due_date else None,
                "status": a.status.value,
            }
            for a in incident.actions
        ],
    }


def as_lines(snap: dict) -> list[str]:
    """Lay a snapshot out as a document, one thought per line, so a diff reads naturally."""
    lines = [f"# {snap['ref']}: {snap['title']}", f"Severity: {snap['severity']}"]
    lines.append("Services: " + (", ".join(snap["services"]) or "none"))
    for key, title in SECTION_TITLES:
        lines += ["", f"## {title}", *(snap.get(key) or "").splitlines()]
    lines += ["", "## Timeline (UTC)"]
    for e in snap["timeline"]:
        mark = f" [{e['milestone']}]" if e["milestone"] else ""
        lines.append(
            f"{(e['occurred_at'] or '')[:16]} {e['kind']}{mark} ({e['author']}): "
            + " ".join(e["body"].split())
        )
    lines += ["", "## Contributing factors"]
    lines += [f"- {f['category']}: " + " ".join(f["description"].split()) for f in snap["factors"]]
    lines += ["", "## Action items"]
    lines += [
        f"- [{a['status']}] {a['title']} ({a['priority']}, {a['owner'] or 'no owner'}, "
        f"due {a['due_date'] or 'n/a'})"
        for a in snap["actions"]
    ]
    return lines


@dataclass(frozen=True)
class DiffLine:
    op: str  # "same", "added", "removed"
    text: str


def diff(old: dict, new: dict, context: int = 2) -> list[DiffLine | None]:
    """Return changed lines with a little context; None marks skipped unchanged lines."""
    a, b = as_lines(old), as_lines(new)
    out: list[DiffLine | None] = []
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        if out:
            out.append(None)
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [DiffLine("same", line) for line in a[i1:i2]]
                continue
            out += [DiffLine("removed", line) for line in a[i1:i2]]
            out += [DiffLine("added", line) for line in b[j1:j2]]
    return out
