"""Writes to the managed lists. Admins add and remove; anyone picks."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from app.catalog.models import Service, Tag, Team
from app.errors import InvalidInput, NotFound
from app.extensions import db

SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
_MODELS = {"team": Team, "service": Service, "tag": Tag}


def slugify(name: str) -> str:
    """Return the lower-kebab form used for service and tag names."""
    return re.sub(r"[^a-z0-9._-]+", "-", name.strip().lower()).strip("-")


def _unique(model: type, name: str) -> None:
    taken = db.session.scalar(select(model).where(func.lower(model.name) == name.lower()))
    if taken is not None:
        raise InvalidInput(f"{name!r} already exists.", {"name": "Already exists."})


def create_team(*, name: str, description: str = "") -> Team:
    """Add a team."""
    name = name.strip()
    if not name or len(name) > 80:
        raise InvalidInput("A team needs a name of up to 80 characters.", {"name": "Required."})
    _unique(Team, name)
    team = Team(name=name, description=description.strip())
    db.session.add(team)
    db.session.flush()
    return team


def create_service(*, name: str, team: Team | None = None, description: str = "") -> Service:
    """Add a service; its name is normalised to lower-kebab-case."""
    slug = slugify(name)
    if not SLUG.match(slug):
        raise InvalidInput("A service needs a short name.", {"name": "Letters and digits."})
    _unique(Service, slug)
    service = Service(name=slug, team=team, description=description.strip())
    db.session.add(service)
    db.session.flush()
    return service


def create_tag(*, name: str) -> Tag:
    """Add a tag; its name is normalised to lower-kebab-case."""
    slug = slugify(name)
    if not SLUG.match(slug):
        raise InvalidInput("A tag needs a short name.", {"name": "Letters and digits."})
    _unique(Tag, slug)
    tag = Tag(name=slug)
    db.session.add(tag)
    db.session.flush()
    return tag


def get_or_create_tag(name: str) -> Tag:
    """Return the tag called `name`, creating it: anyone may coin a tag while writing."""
    slug = slugify(name)
    tag = db.session.scalar(select(Tag).where(Tag.name == slug))
    return tag if tag is not None else create_tag(name=slug)


def delete_item(*, kind: str, item_id: int) -> str:
    """Remove a team, service or tag; incidents keep their text and lose the link."""
    model = _MODELS.get(kind)
    item = db.session.get(model, item_id) if model else None
    if item is None:
        raise NotFound(f"No {kind} with id {item_id}.")
    name = item.name
    db.session.delete(item)
    db.session.flush()
    return name
