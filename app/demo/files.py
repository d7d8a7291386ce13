"""Read and check the demo YAML files, so that a mistake is reported before anything is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

from app.demo.schema import DIRECTORY, INCIDENT, Invalid
from app.incidents.enums import Milestone

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO_EMAIL = "demo@larkspur.example"


class DemoDataError(Exception):
    """A demo data file cannot be read, or does not match the schema or the directory."""


@dataclass(frozen=True)
class IncidentFile:
    """One checked incident document and the file it came from."""

    name: str
    doc: dict[str, Any]


@dataclass(frozen=True)
class DemoData:
    """The checked directory and incidents, ready to load."""

    directory: dict[str, Any]
    incidents: list[IncidentFile]


def read_data(data_dir: Path = DATA_DIR) -> DemoData:
    """Read and check every demo file, so that a mistake is reported before anything is written."""
    directory = _read(data_dir, Path("directory.yaml"), DIRECTORY)
    paths = sorted((data_dir / "incidents").glob("*.yaml"))
    if not paths:
        raise DemoDataError(f"{data_dir / 'incidents'}: no incident files (*.yaml) here.")
    incidents = []
    for path in paths:
        name = path.relative_to(data_dir).as_posix()
        incidents.append(IncidentFile(name, _read(data_dir, Path(name), INCIDENT)))
    _check_references(directory, incidents)
    return DemoData(directory, incidents)


def _read(data_dir: Path, name: Path, schema: Any) -> dict[str, Any]:
    try:
        return schema(yaml.safe_load((data_dir / name).read_text(encoding="utf-8")), "")
    except OSError as exc:
        raise DemoDataError(f"{name}: cannot be read ({exc.strerror}).") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise DemoDataError(f"{name}: is not valid YAML{where}.") from exc
    except Invalid as exc:
        raise DemoDataError(f"{name}: {exc}") from exc


def _check_references(directory: dict[str, Any], incidents: list[IncidentFile]) -> None:
    people = {u["email"].lower() for u in directory["users"]}
    if DEMO_EMAIL not in people or not any(u["admin"] for u in directory["users"]):
        raise DemoDataError(f"directory.yaml: users need {DEMO_EMAIL} and at least one admin.")
    teams = {t["name"] for t in directory["teams"]}
    for service in directory["services"]:
        if service["team"] not in teams:
            problem = f"service {service['name']!r} names unknown team {service['team']!r}."
            raise DemoDataError(f"directory.yaml: {problem}")
    known = {
        "team": teams,
        "services": {s["name"] for s in directory["services"]},
        "tags": set(directory["tags"]),
    }
    refs: dict[str, str] = {}
    for item in incidents:
        doc = item.doc
        if doc["ref"] in refs:
            raise DemoDataError(f"{item.name}: ref {doc['ref']} is also in {refs[doc['ref']]}.")
        refs[doc["ref"]] = item.name
        for problem in _problems(doc, people, known):
            raise DemoDataError(f"{item.name}: {problem}")


def _problems(doc: dict[str, Any], people: set[str], known: dict[str, set[str]]) -> Iterator[str]:
    if not doc["timeline"]:
        yield "timeline: an incident needs at least one entry."
        return
    if doc["team"] not in known["team"]:
        yield f"team: {doc['team']!r} is not a team in directory.yaml."
    for key in ("services", "tags"):
        if unknown := sorted(set(doc[key]) - known[key]):
            yield f"{key}: {', '.join(unknown)} not in directory.yaml."
    emails = [("owner", doc["owner"])]
    emails += [(f"timeline[{i}].author", e["author"]) for i, e in enumerate(doc["timeline"])]
    emails += [(f"actions[{i}].owner", a["owner"]) for i, a in enumerate(doc["actions"])]
    for where, email in emails:
        if email.lower() not in people:
            yield f"{where}: {email} is not a user in directory.yaml."
    for i, (before, entry) in enumerate(pairwise(doc["timeline"]), start=1):
        if entry["at"] < before["at"]:
            yield f"timeline[{i}].at: {entry['at'].isoformat()} is before the entry above it."
    for i, action in enumerate(doc["actions"]):
        if action["due"] < start_of(doc).date():
            yield f"actions[{i}].due: {action['due']} is before the incident started."


def start_of(doc: dict[str, Any]) -> dt.datetime:
    """Return when an incident started: its "started" milestone, else its first entry."""
    started = [e["at"] for e in doc["timeline"] if e.get("milestone") is Milestone.STARTED]
    return min(started or [e["at"] for e in doc["timeline"]])
