"""The search index: one denormalised row per incident, plus the text the engine indexes.

Two narrow tables instead of one wide one: filters, facets and visibility read
`search_documents` (small rows, so scanning many matches stays cheap), while
`search_texts` holds the words, for the engine's index and for snippets. Each engine adds
its own objects in migration 0004 (FTS5 on SQLite, a tsvector column and GIN index on
PostgreSQL); `app.search.autogen` keeps Alembic from mistaking them for drift.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.database import enum_column
from app.extensions import db
from app.incidents.enums import Severity, Visibility
from app.search import autogen  # noqa: F401 - registers the autogenerate filter with Alembic


class SearchDocument(db.Model):
    """What search filters, counts and checks visibility on, copied from the incident."""

    __tablename__ = "search_documents"

    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    severity: Mapped[Severity] = mapped_column(enum_column(Severity))
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility))
    owner_id: Mapped[int] = mapped_column()
    team: Mapped[str] = mapped_column(String(80), default="")
    # Space-separated names: service and tag names are slugs, factor categories are enums.
    services: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[str] = mapped_column(Text, default="")
    factors: Mapped[str] = mapped_column(Text, default="")
    # When it happened: the start if recorded, otherwise when the review was created.
    occurred_at: Mapped[dt.datetime]


class SearchText(db.Model):
    """The words of a review in four fields, weighted from title (most) to timeline (least)."""

    __tablename__ = "search_texts"

    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    title: Mapped[str] = mapped_column(Text, default="")
    # Summary, impact, services and tags.
    overview: Mapped[str] = mapped_column(Text, default="")
    # Learnings, contributing factors and action items.
    details: Mapped[str] = mapped_column(Text, default="")
    timeline: Mapped[str] = mapped_column(Text, default="")
