"""Exports of published revisions, kept in the database so every app process shares them.

A revision never changes, so its exports are made once and then served as stored, with a
strong ETag (a hash of the bytes) for conditional requests. Storing is bookkeeping: when it
cannot happen (another process stored the same export a moment ago, or SQLite is busy), the
export is still served and the next download stores it.
"""

from __future__ import annotations

import hashlib
import logging

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError, OperationalError

from app.exports.models import ExportCache
from app.extensions import db

log = logging.getLogger(__name__)

# Bump when the PDF, Markdown or JSON an export produces changes, so stored copies are remade.
RENDERER = 1


def etag_of(content: bytes) -> str:
    """Return a strong validator for these bytes."""
    return f"r{RENDERER}-" + hashlib.sha256(content).hexdigest()[:40]


def lookup(revision_id: int, fmt: str) -> ExportCache | None:
    """Return the stored export of a revision in `fmt`, if one made by this code exists."""
    return db.session.scalar(
        select(ExportCache).where(
            ExportCache.revision_id == revision_id,
            ExportCache.format == fmt,
            ExportCache.renderer == RENDERER,
        )
    )


def store(revision_id: int, fmt: str, content: bytes, media_type: str) -> str:
    """Keep an export of a revision (replacing one by older code); return its ETag."""
    etag = etag_of(content)
    try:
        with db.session.begin_nested():
            db.session.execute(
                delete(ExportCache).where(
                    ExportCache.revision_id == revision_id, ExportCache.format == fmt
                )
            )
            db.session.add(
                ExportCache(
                    revision_id=revision_id,
                    format=fmt,
                    renderer=RENDERER,
                    etag=etag,
                    media_type=media_type,
                    content=content,
                )
            )
    except (IntegrityError, OperationalError):
        log.info("export of revision %s as %s not stored this time", revision_id, fmt)
    return etag
