"""Blameless-language findings across a whole review, for the submit step and the review page."""

from __future__ import annotations

from dataclasses import dataclass

from app.accounts.queries import active_users
from app.incidents.models import Incident
from app.language.checker import Finding, check

SECTION_LABELS = {
    "title": "Title",
    "summary": "Summary",
    "impact": "Impact",
    "went_well": "What went well",
    "got_lucky": "Where we got lucky",
    "surprised": "What surprised us",
}


@dataclass(frozen=True)
class PlacedFinding:
    """A finding and where it is: which section, and the sentence around it."""

    where: str
    excerpt: str
    finding: Finding


def people_names(incident: Incident) -> list[str]:
    """Return names that must not be the subject of a failure: users and participants."""
    names = {u.name for u in active_users()}
    names |= {p.name for p in incident.participants}
    return sorted(names | {n.split()[0] for n in names if n.split()})


def review_findings(incident: Incident) -> list[PlacedFinding]:
    """Check every text a reader sees and say where each finding is."""

    names = people_names(incident)
    texts = [(label, getattr(incident, key)) for key, label in SECTION_LABELS.items()]
    texts += [(f"Timeline {e.occurred_at:%d %b %H:%M} UTC", e.body) for e in incident.timeline]
    texts += [(f"Factor: {f.category.label}", f.description) for f in incident.factors]
    placed = []
    for where, text in texts:
        for finding in check(text or "", names=names):
            placed.append(PlacedFinding(where, _around(text, finding), finding))
    return placed


def _around(text: str, finding: Finding, width: int = 60) -> str:
    start = max(0, finding.start - width)
    end = min(len(text), finding.end + width)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")
