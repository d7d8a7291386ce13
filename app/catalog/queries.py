"""Reads of the managed lists."""

from __future__ import annotations

from sqlalchemy import select

from app.catalog.models import Service, Tag, Team
from app.extensions import db


def teams() -> list[Team]:
    """Return every team by name."""
    return list(db.session.scalars(select(Team).order_by(Team.name)))


def services() -> list[Service]:
    """Return every service by name."""
    return list(db.session.scalars(select(Service).order_by(Service.name)))


def tags() -> list[Tag]:
    """Return every tag by name."""
    return list(db.session.scalars(select(Tag).order_by(Tag.name)))


def team_by_name(name: str) -> Team | None:
    """Return the team called `name`."""
    return db.session.scalar(select(Team).where(Team.name == name))


def services_named(names: list[str]) -> list[Service]:
    """Return the services with these names (unknown names are left out)."""
    if not names:
        return []
    return list(db.session.scalars(select(Service).where(Service.name.in_(names))))
