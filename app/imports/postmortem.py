"""Turn front matter and a body into the review they describe, noting what was guessed."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from app.catalog.services import slugify
from app.imports import entries, sections, titles, values
from app.incidents.enums import Severity, Status, Visibility
from app.incidents.models import SECTIONS
from app.incidents.services import REF_PATTERN

TIME_KEYS = {
    "started_at": ("started_at", "start_time"),
    "detected_at": ("detected_at",),
    "acknowledged_at": ("acknowledged_at",),
    "mitigated_at": ("mitigated_at",),
    "resolved_at": ("resolved_at", "end_time"),
}
IMPORT_ID_MAX, URL_MAX = 200, 2000
SERVICE_MAX, TAG_MAX, TEAM_MAX = 80, 60, 80
SLUG_JOINS = re.compile(r"[-._]*-[-._]*")


@dataclass
class Postmortem:
    """One review as the file describes it, plus warnings about what had to be guessed."""

    import_id: str
    title: str
    ref: str | None = None
    severity: Severity = Severity.SEV3
    status: Status = Status.PUBLISHED
    visibility: Visibility = Visibility.INTERNAL
    is_exercise: bool = False
    team: str | None = None
    services: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)
    times: dict[str, dt.datetime | None] = field(default_factory=dict)
    timeline: list[tuple[dt.datetime, str]] = field(default_factory=list)
    source_url: str | None = None
    warnings: list[str] = field(default_factory=list)


def build(meta: dict[str, Any], body: str, *, path_id: str, file_name: str) -> Postmortem:
    """Read a document; `path_id` identifies the file when it has neither uuid nor ref."""
    warnings: list[str] = []
    naive: list[str] = []
    times = {name: _time(meta, keys, naive, warnings) for name, keys in TIME_KEYS.items()}
    first_day = next((t.date() for t in times.values() if t), None)
    parsed: list[entries.ParsedTimeline] = []

    def read_timeline(text: str) -> entries.ParsedTimeline | None:
        found = entries.parse(text, first_day)
        if found is not None:
            parsed.append(found)
        return found

    parts = sections.split(body, read_timeline)
    if parsed and parsed[0].naive:
        naive.append("timeline")
    ref = values.text(meta.get("ref")) or None
    if ref and REF_PATTERN.match(ref.upper()):
        ref = ref.upper()
    # Before the sections: a leading heading that is not the title goes back into the body.
    title = titles.title(meta, parts, file_name, warnings)
    pm = Postmortem(
        import_id=_import_id(meta, ref, path_id),
        title=title,
        ref=_ref(ref, warnings),
        team=values.text(meta.get("team"))[:TEAM_MAX] or None,
        services=_slugs(_services(meta), SERVICE_MAX),
        tags=_slugs([*_names(meta, "tags", "categories", "keywords")], TAG_MAX),
        sections=_sections(meta, parts),
        times=times,
        timeline=parsed[0].entries if parsed else [],
        source_url=_url(meta.get("url"), warnings),
        is_exercise=meta.get("is_exercise") is True,
        warnings=warnings,
    )
    _choose(pm, meta)
    if naive:
        warnings.append(f"times without a UTC offset were read as UTC ({', '.join(naive)}).")
    return pm


def _time(
    meta: dict[str, Any], keys: tuple[str, ...], naive: list[str], warnings: list[str]
) -> dt.datetime | None:
    key = next((k for k in keys if meta.get(k) not in (None, "")), keys[0])
    try:
        moment, was_naive = values.moment(meta.get(key), key)
    except values.ValueProblem as problem:
        warnings.append(str(problem))
        return None
    if was_naive:
        naive.append(key)
    return moment


def _choose(pm: Postmortem, meta: dict[str, Any]) -> None:
    for key, read, fallback in (
        ("severity", values.severity, Severity.SEV3),
        ("status", values.status, Status.PUBLISHED),
        ("visibility", values.visibility, Visibility.RESTRICTED),
    ):
        if values.text(meta.get(key)):
            try:
                setattr(pm, key, read(meta[key]))
            except values.ValueProblem as problem:
                pm.warnings.append(str(problem))
                setattr(pm, key, fallback)
    started, resolved = pm.times.get("started_at"), pm.times.get("resolved_at")
    if started and resolved and resolved < started:
        pm.warnings.append("resolved_at is before started_at; kept both as written.")


def _url(value: Any, warnings: list[str]) -> str | None:
    url = values.text(value)
    if not url:
        return None
    if urlsplit(url).scheme not in {"http", "https"} or len(url) > URL_MAX:
        warnings.append(
            f"url {url[:80]!r} is not an http(s) link of up to {URL_MAX} characters; left out."
        )
        return None
    return url


def _import_id(meta: dict[str, Any], ref: str | None, path_id: str) -> str:
    given = values.text(meta.get("uuid"))
    candidate = given or (f"ref:{ref}" if ref else f"path:{path_id}")
    if len(candidate) <= IMPORT_ID_MAX:
        return candidate
    return "sha256:" + hashlib.sha256(candidate.encode()).hexdigest()


def _ref(ref: str | None, warnings: list[str]) -> str | None:
    if ref is None:
        return None
    if REF_PATTERN.match(ref):
        return ref
    warnings.append(f"ref {ref!r} is not like INC-0042; given the next free INC number instead.")
    return None


def _names(meta: dict[str, Any], *keys: str) -> list[str]:
    return [name for key in keys for name in values.names(meta.get(key))]


def _services(meta: dict[str, Any]) -> list[str]:
    given = _names(meta, "services")
    if given:
        return given
    # Without services, the company and each product it names stand in for them.
    return [*_names(meta, "company")[:1], *_names(meta, "product")]


def _slugs(names: list[str], limit: int) -> list[str]:
    slugs = (SLUG_JOINS.sub("-", slugify(name))[:limit].strip("-._") for name in names)
    return list(dict.fromkeys(s for s in slugs if s))


def _sections(meta: dict[str, Any], parts: sections.Body) -> dict[str, str]:
    found = {name: values.text(meta.get(name)) for name in SECTIONS}
    for name, text in parts.sections.items():
        if name != "summary" and text and text not in found[name]:
            found[name] = f"{found[name]}\n\n{text}".strip()
    summary = [found["summary"], parts.sections.get("summary", ""), parts.rest]
    found["summary"] = "\n\n".join(dict.fromkeys(p for p in summary if p))
    return found
