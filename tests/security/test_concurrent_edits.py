"""No lost updates: 20 API clients rewrite one review's summary at once, for a minute.

The app runs in a real threaded HTTP server on loopback, over the engine's real database
(a file for SQLite, a server for PostgreSQL). Each client has its own token and loops:
read the version, then PATCH the summary with that version. Afterwards every accepted
write must be in the review's history under the version it made, with the digest of
exactly the text that client sent; every refused one must have been a 409 problem; and
nothing may have answered 5xx.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import requests
from flask import Flask
from sqlalchemy import select

from app.accounts.tokens import create_token
from app.audit.models import AuditEvent
from app.extensions import db
from app.incidents.models import Incident
from tests.conftest import sign_in
from tests.factories.accounts import make_user
from tests.factories.incidents import make_incident
from tests.live_server import serve

CLIENTS = 20
# CI runs the full minute; a local run may shorten it (CONCURRENT_EDIT_SECONDS=5).
DURATION_S = float(os.environ.get("CONCURRENT_EDIT_SECONDS", "60"))
PROBLEM = "application/problem+json"


@dataclass
class Outcome:
    """What one client saw."""

    accepted: list[tuple[int, str]] = field(default_factory=list)  # (version, text sent)
    refused: list[tuple[int, str, str]] = field(default_factory=list)  # (status, type, slug)
    errors: list[str] = field(default_factory=list)


def _digest(text: str) -> str:
    """The digest the history keeps for a summary-only edit."""
    return hashlib.sha256(json.dumps({"summary": text}, sort_keys=True).encode()).hexdigest()[:16]


def _client(base: str, ref: str, token: str, number: int, deadline: float, out: Outcome) -> None:
    """Read, then write from what was read, until the deadline; note every answer."""
    url = f"{base}/api/v1/incidents/{ref}"
    with requests.Session() as http:
        http.headers["Authorization"] = f"Bearer {token}"
        attempt = 0
        while time.monotonic() < deadline:
            attempt += 1
            text = f"Summary by client {number}, attempt {attempt}."
            try:
                read = http.get(url, timeout=30)
                if read.status_code != 200:
                    out.errors.append(f"GET {read.status_code} {read.text[:200]}")
                    continue
                sent = {"version": read.json()["version"], "summary": text}
                answer = http.patch(url, json=sent, timeout=30)
            except requests.RequestException as error:
                out.errors.append(f"{type(error).__name__}: {error}")
                continue
            if answer.status_code == 200:
                body = answer.json()
                if body["summary"] != text or body["version"] <= sent["version"]:
                    out.errors.append(
                        f"200 for {sent} but answered {body['summary']!r} v{body['version']}"
                    )
                out.accepted.append((body["version"], text))
            else:
                kind = answer.headers.get("Content-Type", "")
                slug = answer.json().get("type", "") if kind == PROBLEM else answer.text[:200]
                out.refused.append((answer.status_code, kind, slug))


def _race(base: str, ref: str, tokens: list[str]) -> list[Outcome]:
    outcomes = [Outcome() for _ in tokens]
    deadline = time.monotonic() + DURATION_S
    threads = [
        threading.Thread(target=_client, args=(base, ref, token, n, deadline, outcomes[n]))
        for n, token in enumerate(tokens)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=DURATION_S + 120)
    assert not any(thread.is_alive() for thread in threads), "a client never finished"
    return outcomes


def test_concurrent_edits_are_either_kept_in_the_history_or_refused_with_409(
    app: Flask,
) -> None:
    owner = make_user(name="Olu Owner", password=None)
    incident = make_incident(owner, title="Queue backlog after a broker upgrade")
    writers = [make_user(name=f"Writer {n}", password=None) for n in range(CLIENTS)]
    tokens = [create_token(user=user, name="race")[1] for user in writers]
    db.session.commit()
    start_version = incident.version

    with serve(app) as base:
        outcomes = _race(base, incident.ref, tokens)

    errors = [error for o in outcomes for error in o.errors]
    accepted = {version: (n, text) for n, o in enumerate(outcomes) for version, text in o.accepted}
    refused = [answer for o in outcomes for answer in o.refused]
    print(f"{DURATION_S:.0f} s: {len(accepted)} writes accepted, {len(refused)} refused")
    assert errors == [], errors[:10]
    assert sum(len(o.accepted) for o in outcomes) == len(accepted), "two writes, one version"
    assert accepted, "no write was ever accepted"
    assert refused, "no two writes ever raced: the test proved nothing"
    assert Counter(status for status, _, _ in refused).keys() == {409}, Counter(refused)
    assert {(kind, slug.rsplit("/", 1)[-1]) for _, kind, slug in refused} <= {
        (PROBLEM, "edit-conflict"),
        (PROBLEM, "conflict"),
    }

    db.session.commit()  # end the test's read snapshot (SQLite WAL) to see what was saved
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.incident_id == incident.id, AuditEvent.action == "incident.edited")
        .order_by(AuditEvent.id)
    ).all()
    history = {event.detail["version"]: event for event in events}
    assert len(events) == len(history) == len(accepted)
    # Versions run on without a gap: no write landed unseen between two accepted ones.
    assert sorted(history) == list(range(start_version + 1, start_version + len(accepted) + 1))
    for version, (number, text) in accepted.items():
        event = history[version]
        assert event.actor_id == writers[number].id, version
        assert event.detail["fields"] == ["summary"]
        assert event.detail["digest"] == _digest(text), version

    stored = db.session.get(Incident, incident.id)
    last = max(accepted)
    assert (stored.version, stored.summary) == (last, accepted[last][1])
    page = sign_in(app.test_client(), owner).get(f"/incidents/{incident.ref}/review")
    assert f"Writer {accepted[last][0]} edited summary (version {last})" in page.get_data(
        as_text=True
    )
