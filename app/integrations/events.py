"""What a receiver makes of a delivery: normalised deploys and alerts, or a reason to ignore it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from app.integrations.enums import AlertStatus, DeployStatus

PRODUCTION_NAMES = frozenset({"production", "prod", "prd", "live"})


def is_production(environment: str) -> bool:
    """Tell whether an environment name means production ("prod", "production-eu", ...)."""
    name = environment.strip().lower()
    return name in PRODUCTION_NAMES or name.startswith(("prod-", "production-", "prod_"))


def digest(*parts: Any) -> str:
    """Return a stable key for values that have no id of their own."""
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()[:40]


@dataclass
class DeployEvent:
    """One deploy as a source described it, in Hindsight's terms."""

    key: str
    service: str
    environment: str
    status: DeployStatus
    started_at: dt.datetime
    utc_offset_minutes: int | None
    raw: dict[str, Any]
    finished_at: dt.datetime | None = None
    version: str = ""
    commit_sha: str = ""
    deployer: str = ""
    description: str = ""
    url: str = ""
    production: bool | None = None  # None: judge by the environment's name
    event_at: dt.datetime | None = None  # orders updates; older ones do not overwrite newer


@dataclass
class AlertEvent:
    """One alert as a source described it, in Hindsight's terms."""

    key: str
    service: str
    name: str
    status: AlertStatus
    started_at: dt.datetime
    utc_offset_minutes: int | None
    raw: dict[str, Any]
    ended_at: dt.datetime | None = None
    acknowledged_at: dt.datetime | None = None
    environment: str = ""
    severity: str = ""
    summary: str = ""
    url: str = ""
    event_at: dt.datetime | None = None


@dataclass
class Parsed:
    """A delivery's records; `ignored` says in plain words why nothing was recorded."""

    deploys: list[DeployEvent] = field(default_factory=list)
    alerts: list[AlertEvent] = field(default_factory=list)
    ignored: str | None = None
    answer: int | None = None  # a fixed status for pings and the like

    @classmethod
    def ignore(cls, reason: str, answer: int | None = None) -> Parsed:
        return cls(ignored=reason, answer=answer)
