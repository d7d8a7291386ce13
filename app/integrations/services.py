"""Writes by admins: integrations and service aliases. Flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update

from app.accounts.models import User
from app.audit.services import record
from app.catalog.models import Service
from app.clock import utcnow
from app.errors import InvalidInput, NotFound, PermissionDenied
from app.extensions import db
from app.integrations import credentials
from app.integrations.enums import Source
from app.integrations.models import Alert, Deploy, Integration, ServiceAlias
from app.integrations.naming import service_slug

SECRET_MIN, SECRET_MAX = 8, 500


@dataclass(frozen=True)
class Created:
    """A new integration and its secret, which is shown this once and never again."""

    integration: Integration
    secret: str
    generated: bool


def create_integration(
    *, actor: User | None, source: str, secret: str | None = None, name: str = ""
) -> Created:
    """Add an integration for `source`; without a secret, generate one (where the tool allows)."""
    if actor is not None and not actor.is_admin:
        raise PermissionDenied("Only admins can add integrations.")
    kind = Source.named((source or "").strip().lower())
    if kind is None:
        names = ", ".join(s.value for s in Source)
        raise InvalidInput(f"Unknown source {source!r}; use one of {names}.", {"source": names})
    secret = (secret or "").strip()
    generated = not secret
    if generated and kind.makes_its_own_secret:
        message = f"{kind.label} makes the signing secret itself: paste the one it shows you."
        raise InvalidInput(message, {"secret": message})
    secret = secret or credentials.generate()
    if not SECRET_MIN <= len(secret) <= SECRET_MAX or any(ord(c) < 32 for c in secret):
        raise InvalidInput(
            f"A secret needs {SECRET_MIN} to {SECRET_MAX} printable characters.",
            {"secret": "Too short, too long or unprintable."},
        )
    integration = Integration(
        source=kind,
        name=(name or "").strip()[:100] or kind.label,
        secret=secret if kind.signs_with_hmac else None,
        secret_hash=None if kind.signs_with_hmac else credentials.hash_secret(secret),
        created_by=actor,
    )
    db.session.add(integration)
    db.session.flush()
    record("integration.created", actor=actor, source=kind.value, name=integration.name)
    return Created(integration, secret, generated)


def disable_integration(*, actor: User, integration_id: int) -> Integration:
    """Stop accepting deliveries signed with this integration's secret."""
    if not actor.is_admin:
        raise PermissionDenied("Only admins can disable integrations.")
    integration = db.session.get(Integration, integration_id)
    if integration is None:
        raise NotFound(f"No integration {integration_id}.")
    if integration.active:
        integration.active = False
        integration.disabled_at = utcnow()
        db.session.flush()
        record("integration.disabled", actor=actor, source=integration.source.value)
    return integration


def map_service(*, actor: User, name: str, service_id: int) -> ServiceAlias:
    """Map a tool's name for a service onto a catalog service, including records already in."""
    if not actor.is_admin:
        raise PermissionDenied("Only admins can map service names.")
    slug = service_slug(name)
    service = db.session.get(Service, service_id)
    if not slug or service is None:
        raise InvalidInput("Give a name and pick a service.", {"name": "Letters and digits."})
    if slug == service.name:
        raise InvalidInput(f"{slug!r} already is that service's name.", {"name": "Same name."})
    if db.session.scalar(select(ServiceAlias).where(ServiceAlias.name == slug)) is not None:
        raise InvalidInput(f"{slug!r} is already mapped.", {"name": "Already mapped."})
    alias = ServiceAlias(name=slug, service=service)
    db.session.add(alias)
    db.session.flush()
    # Records that arrived under the name before the mapping now count for the service too.
    unmapped = select(Service.id).where(Service.name == slug).scalar_subquery()
    for model in (Deploy, Alert):
        db.session.execute(
            update(model).where(model.service_id == unmapped).values(service_id=service.id)
        )
    record("integration.service_mapped", actor=actor, name=slug, service=service.name)
    return alias
