"""A review as Markdown in the import format (DESIGN.md), so export then import round-trips.

YAML front matter carries the fields the importer reads (title, ref, uuid, severity, status,
visibility, is_exercise, the key times, services, team, tags, url) and, for readers and for
later importers, what it does not read yet: owner, revision, factors and action items (kept
out of the body, where the importer would take them for summary text). The body holds the
title, the sections under their usual headings, and the timeline as a list of dated times.
"""

from __future__ import annotations

import re

import yaml

from app.exports.document import Document
from app.incidents.models import KEY_TIMES, ActionItem, Incident

MEDIA_TYPE = "text/markdown; charset=utf-8"
SECTIONS = (
    ("summary", "Summary"),
    ("impact", "Impact"),
    ("went_well", "What went well"),
    ("got_lucky", "Where we got lucky"),
    ("surprised", "What surprised us"),
)
# A title the importer would read back differently as a heading: closing #s, several lines.
UNSAFE_TITLE = re.compile(r"[ \t]#+\s*$|\n")
FENCE = re.compile(r"^ {0,3}(```|~~~)")
HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]")


class _Dumper(yaml.SafeDumper):
    """Write text over several lines as a literal block, as a person would."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def render(doc: Document) -> str:
    """Return the review as one Markdown document with YAML front matter."""
    incident = doc.incident
    meta = yaml.dump(
        front_matter(doc),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=1_000_000,  # never fold a long title over two lines
    )
    parts = [f"---\n{meta}---\n"]
    if not UNSAFE_TITLE.search(incident.title):
        parts.append(f"# {incident.title}\n")
    level = "#" if _shallowest_heading(incident) <= 2 else "##"
    for name, heading in SECTIONS[:2]:
        parts += _section(level, heading, getattr(incident, name))
    if incident.timeline:
        parts.append(f"{level} Timeline\n\n" + "\n".join(_entries(doc)) + "\n")
    for name, heading in SECTIONS[2:]:
        parts += _section(level, heading, getattr(incident, name))
    return "\n".join(parts)


def front_matter(doc: Document) -> dict:
    """Return the front matter: the import format's keys first, then the rest of the review."""
    incident = doc.incident
    meta: dict = {"title": incident.title, "ref": incident.ref}
    if incident.import_id:
        meta["uuid"] = incident.import_id
    meta |= {
        "severity": incident.severity.value,
        "status": incident.status.value,
        "visibility": incident.visibility.value,
        "is_exercise": incident.is_exercise,
    }
    meta |= {
        name: getattr(incident, name).isoformat() for name in KEY_TIMES if getattr(incident, name)
    }
    meta["services"] = [s.name for s in incident.services]
    if incident.team:
        meta["team"] = incident.team.name
    meta["tags"] = [t.name for t in incident.tags]
    if incident.source_url:
        meta["url"] = incident.source_url
    meta["owner"] = incident.owner.email
    if doc.revision is not None and not doc.draft:
        meta["revision"] = doc.revision.number
        meta["published_at"] = doc.revision.published_at.isoformat()
    if incident.no_action_reason:
        meta["no_action_reason"] = incident.no_action_reason
    meta["factors"] = [
        {"category": f.category.value, "description": f.description} for f in incident.factors
    ]
    meta["actions"] = [_action(a) for a in incident.actions]
    return meta


def _action(item: ActionItem) -> dict:
    out = {
        "title": item.title,
        "kind": item.kind.value,
        "priority": item.priority.value,
        "owner": item.owner.email if item.owner else None,
        "due_date": item.due_date.isoformat() if item.due_date else None,
        "status": item.status.value,
        "tracker_url": item.tracker_url,
        "description": item.description,
    }
    if item.wont_do_reason:
        out["wont_do_reason"] = item.wont_do_reason
    return out


def _section(level: str, heading: str, text: str) -> list[str]:
    return [f"{level} {heading}\n\n{text.strip()}\n"] if text and text.strip() else []


def _entries(doc: Document) -> list[str]:
    """Each entry as '- 2026-11-24 23:30 +01:00: what happened', more lines indented by four.

    Four spaces keep a continuation line from reading as a new item or a heading to the
    importer, while Markdown still shows it as part of the item.
    """
    lines = []
    for entry in doc.incident.timeline:
        at = doc.local(entry.occurred_at)
        stamp = at.strftime("%Y-%m-%d %H:%M:%S" if at.second else "%Y-%m-%d %H:%M")
        offset = at.strftime("%z")
        first, *more = entry.body.strip().split("\n")
        lines.append(f"- {stamp} {offset[:3]}:{offset[3:]}: {first.strip()}")
        lines += [f"    {line}".rstrip() for line in more]
    return lines


def _shallowest_heading(incident: Incident) -> int:
    """Return the smallest ATX heading level in the sections (7 when there is none).

    Section headings must sit above any heading inside the text, or the importer would end
    a section early; level 2 reads best, level 1 is used when the text has its own level 2.
    """
    found = 7
    for name, _ in SECTIONS:
        fence = None
        for line in (getattr(incident, name) or "").split("\n"):
            if marker := FENCE.match(line):
                fence = marker[1] if fence is None else (None if marker[1] == fence else fence)
            elif fence is None and (match := HEADING.match(line)):
                found = min(found, len(match[1]))
    return found
