"""Write synthetic data with Core `insert()` executemany, bypassing the ORM for speed.

The domain services are the only writers of real reviews; this is for benchmarks, where
100,000 reviews must land in minutes. Like the services, it flushes nothing and commits nothing:
the command commits once per batch.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import Connection, Table, func, insert, select

from app.accounts.models import Role, User, new_session_nonce
from app.catalog.models import Service, Tag, Team
from app.clock import utcnow
from app.extensions import db
from app.incidents.models import (
    ActionItem,
    ContributingFactor,
    Incident,
    TimelineEntry,
    incident_services,
    incident_tags,
)
from app.integrations.models import ChangeLink, Deploy
from app.reviews.models import Revision
from app.seed import directory
from app.seed.generate import Bundle, Ids

REF_PREFIX = "BENCH-"


def prepare_directory() -> Ids:
    """Create the synthetic people, teams, services and tags that are missing; return all ids."""
    conn = db.session.connection()
    emails = [email for email, _, _ in directory.PEOPLE]
    users = dict(conn.execute(select(User.email, User.id).where(User.email.in_(emails))).all())
    missing = [p for p in directory.PEOPLE if p[0] not in users]
    if missing:
        now = utcnow()
        conn.execute(
            insert(User.__table__),
            [
                {
                    "email": email,
                    "name": name,
                    "password_hash": None,  # synthetic people cannot sign in
                    "role": Role.MEMBER,
                    "timezone": zone,
                    "active": True,
                    "session_nonce": new_session_nonce(),
                    "created_at": now,
                }
                for email, name, zone in missing
            ],
        )
        users = dict(conn.execute(select(User.email, User.id).where(User.email.in_(emails))).all())
    teams = _names(Team, [{"name": n, "description": d} for n, (d, _) in directory.TEAMS.items()])
    services = _names(
        Service,
        [
            {"name": name, "description": "", "team_id": teams[team]}
            for name, team in directory.SERVICE_TEAM.items()
        ],
    )
    tags = _names(Tag, [{"name": name} for name in directory.TAGS])
    return Ids([users[e] for e in emails], teams, services, tags)


def _names(model: type, rows: list[dict]) -> dict[str, int]:
    """Insert the rows whose name is not taken (in any case); return ids by the names asked for."""
    conn = db.session.connection()
    lowered = [row["name"].lower() for row in rows]
    query = select(func.lower(model.name), model.id).where(func.lower(model.name).in_(lowered))
    existing = dict(conn.execute(query).all())
    if missing := [row for row in rows if row["name"].lower() not in existing]:
        conn.execute(insert(model.__table__), missing)
        existing = dict(conn.execute(query).all())
    return {row["name"]: existing[row["name"].lower()] for row in rows}


def first_number() -> int:
    """Return the number after the highest BENCH- ref, so new refs never collide."""
    refs = db.session.scalars(
        select(Incident.ref)
        .where(Incident.ref.like(f"{REF_PREFIX}%"))
        .order_by(func.length(Incident.ref).desc(), Incident.ref.desc())
        .limit(1)
    ).all()
    tail = refs[0][len(REF_PREFIX) :] if refs else ""
    return int(tail) + 1 if tail.isdigit() else 1


def ref(number: int) -> str:
    """Return the ref of benchmark incident `number`: BENCH-000042."""
    return f"{REF_PREFIX}{number:06d}"


def write(bundles: list[Bundle]) -> Counter[str]:
    """Insert a batch of incidents and everything in them; return rows written per kind."""
    conn = db.session.connection()
    table = Incident.__table__
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    ids = conn.execute(statement, [b.incident for b in bundles]).scalars().all()
    rows: dict[str, tuple[Table, list[dict]]] = {
        "service links": (incident_services, []),
        "tag links": (incident_tags, []),
        "timeline entries": (TimelineEntry.__table__, []),
        "factors": (ContributingFactor.__table__, []),
        "action items": (ActionItem.__table__, []),
        "published revisions": (Revision.__table__, []),
    }
    for incident_id, bundle in zip(ids, bundles, strict=True):
        links = rows["service links"][1], rows["tag links"][1]
        links[0].extend({"incident_id": incident_id, "service_id": s} for s in bundle.service_ids)
        links[1].extend({"incident_id": incident_id, "tag_id": t} for t in bundle.tag_ids)
        for name, children in (
            ("timeline entries", bundle.timeline),
            ("factors", bundle.factors),
            ("action items", bundle.actions),
            ("published revisions", bundle.revisions),
        ):
            rows[name][1].extend(child | {"incident_id": incident_id} for child in children)
    counts = Counter({"incidents": len(ids)})
    for name, (target, values) in rows.items():
        if values:
            conn.execute(insert(target), values)
        counts[name] = len(values)
    counts.update(_deploys(conn, ids, bundles))
    return counts


def _deploys(conn: Connection, incident_ids: list[int], bundles: list[Bundle]) -> Counter[str]:
    """Insert the deploys before the incidents, and each one's link to its incident."""
    pairs = [(i, b.deploy) for i, b in zip(incident_ids, bundles, strict=True) if b.deploy]
    if not pairs:
        return Counter()
    table = Deploy.__table__
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    deploy_ids = conn.execute(statement, [deploy for _, (deploy, _) in pairs]).scalars().all()
    links = [
        link | {"incident_id": incident_id, "deploy_id": deploy_id}
        for (incident_id, (_, link)), deploy_id in zip(pairs, deploy_ids, strict=True)
    ]
    conn.execute(insert(ChangeLink.__table__), links)
    return Counter({"deploys": len(pairs), "deploy links": len(links)})
