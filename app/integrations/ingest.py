"""Record a delivery's deploys and alerts: one row per thing, whatever the redeliveries.

Like every service: flush, never commit. A new key is inserted with ON CONFLICT DO NOTHING
(both engines), so of two concurrent first deliveries one inserts and the other, finding the
row, locks it and applies its update: no error, no second row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.extensions import db
from app.integrations.enums import AlertStatus, DeployStatus, Source
from app.integrations.events import AlertEvent, DeployEvent, Parsed, is_production
from app.integrations.models import Alert, Deploy
from app.integrations.naming import ServiceResolver
from app.integrations.payload import clean

RANKS: dict[Any, int] = {
    DeployStatus.QUEUED: 0,
    DeployStatus.PENDING: 0,
    DeployStatus.IN_PROGRESS: 1,
    DeployStatus.SUCCESS: 2,
    DeployStatus.FAILURE: 2,
    DeployStatus.ERROR: 2,
    DeployStatus.INACTIVE: 3,
    AlertStatus.FIRING: 0,
    AlertStatus.ACKNOWLEDGED: 1,
    AlertStatus.RESOLVED: 2,
}
LIMITS = {
    "dedupe_key": 255,
    "service_name": 200,
    "environment": 80,
    "url": 2000,
    "version": 200,
    "commit_sha": 80,
    "deployer": 200,
    "name": 200,
    "severity": 40,
}
CLEARABLE = {"ended_at"}  # a reopened alert is no longer over
INSERTS = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}
_INSERTS: dict[tuple[type, str], Any] = {}
# Built once: composing a statement costs more than running it at webhook rates.
FIND = {
    model: select(model)
    .where(model.source == bindparam("source"), model.dedupe_key == bindparam("key"))
    .with_for_update()
    for model in (Deploy, Alert)
}


@dataclass
class Outcome:
    """What a delivery changed; nothing created or updated means it was a duplicate."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ids: dict[str, list[int]] = field(default_factory=lambda: {"deploys": [], "alerts": []})

    @property
    def duplicate(self) -> bool:
        return self.created == 0 and self.updated == 0


def record(*, source: Source, parsed: Parsed) -> Outcome:
    """Store each deploy and alert of a delivery, creating or updating one row per key."""
    outcome = Outcome()
    resolve = ServiceResolver()
    # A stable order, so two deliveries touching the same rows lock them in the same order.
    for event in sorted(parsed.deploys, key=lambda e: e.key):
        row_id, result = _upsert(Deploy, source, event.key, _deploy_values(event, resolve), event)
        _count(outcome, result, "deploys", row_id)
    for event in sorted(parsed.alerts, key=lambda e: e.key):
        row_id, result = _upsert(Alert, source, event.key, _alert_values(event, resolve), event)
        _count(outcome, result, "alerts", row_id)
    return outcome


def _count(outcome: Outcome, result: str, kind: str, row_id: int) -> None:
    setattr(outcome, result, getattr(outcome, result) + 1)
    if row_id not in outcome.ids[kind]:
        outcome.ids[kind].append(row_id)


def _common(event: DeployEvent | AlertEvent, resolve: ServiceResolver) -> dict[str, Any]:
    return {
        "service_id": resolve(event.service),
        "service_name": event.service,
        "environment": event.environment,
        "url": event.url,
        "started_at": event.started_at,
        "utc_offset_minutes": event.utc_offset_minutes,
        "status": event.status,
        "event_at": event.event_at,
    }


def _deploy_values(event: DeployEvent, resolve: ServiceResolver) -> dict[str, Any]:
    production = event.production
    return _common(event, resolve) | {
        "is_production": is_production(event.environment) if production is None else production,
        "version": event.version,
        "commit_sha": event.commit_sha,
        "deployer": event.deployer,
        "description": event.description,
        "finished_at": event.finished_at,
    }


def _alert_values(event: AlertEvent, resolve: ServiceResolver) -> dict[str, Any]:
    return _common(event, resolve) | {
        "name": event.name,
        "summary": event.summary,
        "severity": event.severity,
        "ended_at": event.ended_at,
        "acknowledged_at": event.acknowledged_at,
    }


def _upsert(
    model: type[Deploy] | type[Alert],
    source: Source,
    key: str,
    values: dict[str, Any],
    event: DeployEvent | AlertEvent,
) -> tuple[int, str]:
    values = {
        k: v[: LIMITS[k]] if k in LIMITS and isinstance(v, str) else v for k, v in values.items()
    }
    key = key[: LIMITS["dedupe_key"]]
    created = _insert_new(model, source, key, values, event)
    if created is not None:
        return created, "created"
    # Someone stored this key first (perhaps a moment ago, in another request): update it.
    row = db.session.scalar(FIND[model], {"source": source, "key": key})
    return row.id, ("updated" if _apply(row, values, event) else "unchanged")


def _insert_new(model, source: Source, key: str, values: dict[str, Any], event) -> int | None:
    """Insert the row unless the key exists (then None); one statement on either engine."""
    params = values | {"source": source, "dedupe_key": key, "raw": clean(event.raw)}
    # Core on the session's connection: same transaction, without the ORM's per-call work.
    return db.session.connection().execute(_insert_statement(model), params).scalar()


def _insert_statement(model: type[Deploy] | type[Alert]):
    dialect = db.engine.dialect.name
    if (model, dialect) not in _INSERTS:
        table = model.__table__
        _INSERTS[model, dialect] = (
            INSERTS[dialect](table)
            .on_conflict_do_nothing(index_elements=["source", "dedupe_key"])
            .returning(table.c.id)
        )
    return _INSERTS[model, dialect]


def _apply(row: Deploy | Alert, values: dict[str, Any], event: DeployEvent | AlertEvent) -> bool:
    """Apply a newer (or equally new, not regressing) event to `row`; tell if anything changed."""
    newer = bool(event.event_at and row.event_at and event.event_at > row.event_at)
    older = bool(event.event_at and row.event_at and event.event_at < row.event_at)
    if older or (not newer and RANKS[values["status"]] < RANKS[row.status]):
        return False
    changed = False
    for name, value in values.items():
        if name == "started_at":
            value = min(value, row.started_at)
        elif name == "event_at":
            value = max(filter(None, (value, row.event_at)), default=None)
        elif value in (None, "") and name not in CLEARABLE:
            continue
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    if changed:
        row.raw = clean(event.raw)
        db.session.flush()
    return changed
