"""Writes to contributing factors: several per incident, never a single root cause."""

from __future__ import annotations

from app.accounts.models import User
from app.errors import EditConflict, InvalidInput
from app.extensions import db
from app.incidents import permissions
from app.incidents.enums import FactorCategory
from app.incidents.models import ContributingFactor, Incident
from app.search import index as search_index


def _check(actor: User, incident: Incident, description: str) -> None:
    permissions.ensure_editable(actor, incident)
    if not description.strip():
        raise InvalidInput(
            "Describe the factor.", {"description": "Say how the system allowed this."}
        )


def add_factor(
    *, actor: User, incident: Incident, category: FactorCategory, description: str
) -> ContributingFactor:
    """Add a contributing factor."""
    _check(actor, incident, description)
    factor = ContributingFactor(
        incident=incident, category=category, description=description.strip()
    )
    db.session.add(factor)
    db.session.flush()
    search_index.reindex(incident)
    return factor


def update_factor(
    *,
    actor: User,
    factor: ContributingFactor,
    category: FactorCategory,
    description: str,
    expected_version: int | None,
) -> ContributingFactor:
    """Change a contributing factor, refusing an edit made over a newer save."""
    _check(actor, factor.incident, description)
    if expected_version is not None and expected_version != factor.version:
        raise EditConflict(
            "This factor was changed by someone else while you were editing.",
            current=factor,
            current_version=factor.version,
        )
    factor.category = category
    factor.description = description.strip()
    db.session.flush()
    search_index.reindex(factor.incident)
    return factor


def delete_factor(*, actor: User, factor: ContributingFactor) -> None:
    """Remove a contributing factor."""
    permissions.ensure_editable(actor, factor.incident)
    incident = factor.incident
    incident.factors.remove(factor)
    db.session.flush()
    search_index.reindex(incident)
