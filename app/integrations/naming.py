"""Which catalog service a tool means: an admin's alias, the service of that name, or a new one."""

from __future__ import annotations

import re

from sqlalchemy import bindparam, or_, select
from sqlalchemy.exc import IntegrityError

from app.catalog import services as catalog
from app.catalog.models import Service
from app.errors import InvalidInput
from app.extensions import db
from app.integrations.models import ServiceAlias

FIRST_SIGHT = "Created when an integration first mentioned it."


def service_slug(name: str) -> str:
    """Return the catalog's form of a tool's service name ('' if nothing usable is left)."""
    slug = catalog.slugify(name)[:80]
    slug = re.sub(r"^[^a-z0-9]+", "", slug).rstrip("-")
    return slug if catalog.SLUG.match(slug) else ""


class ServiceResolver:
    """Find or create services by the names tools use; return their ids; remember for a delivery."""

    def __init__(self) -> None:
        self._known: dict[str, int | None] = {}

    def __call__(self, name: str) -> int | None:
        slug = service_slug(name)
        if slug not in self._known:
            self._known[slug] = _resolve(slug) if slug else None
        return self._known[slug]


# An admin's alias wins over a service of the same name; built once, run per delivery.
KNOWN = (
    select(Service.id)
    .outerjoin(ServiceAlias, ServiceAlias.service_id == Service.id)
    .where(or_(ServiceAlias.name == bindparam("slug"), Service.name == bindparam("slug")))
    .order_by(ServiceAlias.id.is_(None))
    .limit(1)
)


def _resolve(slug: str) -> int:
    found = db.session.connection().scalar(KNOWN, {"slug": slug})
    if found is not None:
        return found
    try:
        # Another delivery may be creating the same service right now: the loser re-reads.
        with db.session.begin_nested():
            return catalog.create_service(name=slug, description=FIRST_SIGHT).id
    except (IntegrityError, InvalidInput):
        found = db.session.scalar(select(Service.id).where(Service.name == slug))
        if found is None:
            raise
        return found
