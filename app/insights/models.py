"""Indexes the reporting queries (insights and the digest) need on other domains' tables.

They are declared here, next to the queries that rely on them, rather than in the owning
models, so the reporting code says what it needs in one place (migration 0007 makes them).
"""

from __future__ import annotations

from sqlalchemy import Index

from app.incidents.models import ActionItem, Incident, TimelineEntry
from app.reviews.models import Revision

REPORTING_INDEXES = (
    # visible_clause() asks "did this member write part of the timeline?" for every
    # restricted incident a report counts; without it PostgreSQL scans every entry.
    Index("ix_timeline_entries_author_id", TimelineEntry.author_id),
    # ... and answers it with one index lookup per incident: with author_id alone, SQLite
    # walked all of a member's entries for each one (70 s for a week's digest at 100,000).
    Index(
        "ix_timeline_entries_author_incident", TimelineEntry.author_id, TimelineEntry.incident_id
    ),
    Index("ix_incidents_started_at", Incident.started_at),
    Index("ix_revisions_published_at", Revision.published_at),
    Index("ix_action_items_created_at", ActionItem.created_at),
    Index("ix_action_items_completed_at", ActionItem.completed_at),
    # Covers the overdue count, so it never reads the (wide) action item rows themselves.
    Index(
        "ix_action_items_overdue",
        ActionItem.due_date,
        ActionItem.status,
        ActionItem.completed_at,
        ActionItem.created_at,
        ActionItem.incident_id,
    ),
)
