"""Reads the importer needs: who owns imports, and what was imported before."""

from __future__ import annotations

from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.catalog.models import Service, Team
from app.extensions import db
from app.incidents.models import Incident


def default_owner() -> User | None:
    """Return the first active admin, who owns imports when nobody else is named."""
    return db.session.scalar(
        select(User).where(User.role == Role.ADMIN, User.active.is_(True)).order_by(User.id)
    )


def incident_by_import_id(import_id: str) -> Incident | None:
    """Return the review imported under this id before."""
    return db.session.scalar(select(Incident).where(Incident.import_id == import_id))


def ref_taken(ref: str) -> bool:
    """Tell whether a review already has this ref."""
    return db.session.scalar(select(Incident.id).where(Incident.ref == ref)) is not None


def team_named(name: str) -> Team | None:
    """Return the team with this name, whatever its case."""
    return db.session.scalar(select(Team).where(func.lower(Team.name) == name.lower()))


def service_named(name: str) -> Service | None:
    """Return the service with this (already slugified) name."""
    return db.session.scalar(select(Service).where(Service.name == name))
