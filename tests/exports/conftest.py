"""Reviews to export, and poppler to read the PDFs back (a missing poppler fails, never skips)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.accounts.models import User
from app.catalog import queries as catalog
from app.extensions import db
from app.incidents import services
from app.incidents.enums import ActionKind, ActionStatus, EntryKind, FactorCategory, Milestone
from app.incidents.models import Incident
from app.reviews import services as reviews
from tests.conftest import ARTIFACTS
from tests.factories.accounts import make_user
from tests.factories.incidents import (
    T0,
    make_action,
    make_entry,
    make_factor,
    make_incident,
    make_service,
)

PDFTOTEXT = Path("/usr/bin/pdftotext")
PDFTOPPM = Path("/usr/bin/pdftoppm")
KINDS = [EntryKind.NOTE, EntryKind.ALERT, EntryKind.DECISION, EntryKind.ACTION]
ZONE = "Europe/Berlin"  # T0, 22:30 UTC on 24 November 2026, is 23:30 there


def _poppler(tool: Path) -> Path:
    if not tool.is_file():
        pytest.fail(f"{tool} is missing: install poppler-utils (.ci/system-deps does)")
    return tool


def pdf_pages(pdf: bytes, *, raw: bool = False) -> list[str]:
    """Return the text of each page of a PDF, laid out as on the page or (raw) cell by cell."""
    assert pdf.startswith(b"%PDF-"), pdf[:200]
    out = subprocess.run(  # noqa: S603 - a fixed binary reading bytes from stdin
        [_poppler(PDFTOTEXT), "-raw" if raw else "-layout", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    pages = out.split("\f")
    return pages[:-1] if not pages[-1].strip() else pages


def look_at(pdf: bytes, name: str, pages: int = 2) -> list[Path]:
    """Render the first pages to PNG under test-artifacts/exports/, for a person to look at."""
    folder = ARTIFACTS / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(  # noqa: S603 - a fixed binary reading bytes from stdin
        [_poppler(PDFTOPPM), "-png", "-r", "60", "-f", "1", "-l", str(pages), "-", folder / name],
        input=pdf,
        check=True,
        capture_output=True,
    )
    found = sorted(folder.glob(f"{name}-*.png"))
    assert found, f"pdftoppm wrote nothing under {folder}"
    assert all(p.stat().st_size > 5_000 for p in found), found
    return found


@pytest.fixture
def zone(app: Flask, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the organisation on Berlin time, so UTC and local times differ."""
    monkeypatch.setitem(app.config, "DIGEST_TIMEZONE", ZONE)
    return ZONE


def write_review(owner: User, *, entries: int = 40, actions: int = 3, **basics) -> Incident:
    """A complete draft of a realistic size: a timeline, factors, owned and dated actions."""
    if not catalog.services_named(["checkout"]):
        make_service("checkout", team="Payments")
    incident = make_incident(
        owner,
        services_=["checkout"],
        team="Payments",
        tags=["config", "database"],
        summary="Checkout returned errors for 38 minutes after a pool size change.",
        impact="About 4% of orders failed between 22:40 and 23:18 UTC.",
        went_well="The rollback took four minutes once we chose it.",
        got_lucky="It happened after the evening peak.",
        surprised="The pool limit was per process, not per host.",
        **basics,
    )
    for n in range(entries):
        milestone = {0: Milestone.STARTED, 2: Milestone.DETECTED}.get(n)
        if n == entries - 1:
            milestone = Milestone.RESOLVED
        make_entry(
            incident,
            owner,
            at=T0 + dt.timedelta(minutes=3 * n),
            kind=KINDS[n % len(KINDS)],
            milestone=milestone,
            body=f"Entry {n + 1:03d}: p99 latency on checkout was {1 + n % 7}.{n % 10} s.",
        )
    make_factor(incident, owner)
    make_factor(
        incident,
        owner,
        category=FactorCategory.MONITORING_GAP,
        description="No alert watched connection pool saturation.",
    )
    helper = make_user(name="Priya Responder")
    for n in range(actions):
        make_action(
            incident,
            owner,
            title=f"Add a canary stage to config pushes, step {n + 1:02d}",
            owner=helper if n % 2 else owner,
            due_date=dt.date(2026, 12, 1) + dt.timedelta(days=n),
            kind=ActionKind.DETECT if n % 2 else ActionKind.PREVENT,
            status=ActionStatus.IN_PROGRESS if n % 3 == 1 else ActionStatus.OPEN,
        )
    return incident


def publish(incident: Incident, owner: User) -> Incident:
    """Take a complete draft through review to publication, as the workflow does."""
    reviews.submit(actor=owner, incident=incident, acknowledge_language=True)
    reviewer = make_user(name="Rae Reviewer")
    if incident.is_restricted:
        services.add_participant(actor=owner, incident=incident, user=reviewer)
    reviews.approve(actor=reviewer, incident=incident)
    reviews.publish(actor=owner, incident=incident, min_approvals=1)
    db.session.commit()
    return incident


TARGETS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@contextmanager
def scratch_app(engine: str, folder: Path) -> Iterator[Flask]:
    """A second Hindsight on a new, migrated, empty database of `engine`; dropped afterwards."""
    if engine == "postgresql":
        base = make_url(os.environ["TEST_DATABASE_URL"]).set(drivername="postgresql+psycopg")
        name = f"hindsight_restore_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = base.set(database=name).render_as_string(hide_password=False)
    else:
        url = f"sqlite:///{folder / f'restore-{uuid.uuid4().hex[:8]}.sqlite3'}"
    other = create_app({"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False})
    try:
        with other.app_context():
            upgrade()
        yield other
    finally:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()
        if engine == "postgresql":
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
