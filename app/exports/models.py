"""Rendered exports of published revisions, kept so a second download costs a lookup."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.database import created_at, intpk
from app.extensions import db


class ExportCache(db.Model):
    """The bytes of one format of one published revision, with their strong ETag.

    A revision never changes, so neither do its exports. `renderer` names the code that made
    them, so a release that draws PDFs differently renders them again instead of serving old
    ones. Derived data: a backup leaves this table out (app/exports/rows.py).
    """

    __tablename__ = "export_cache"
    __table_args__ = (UniqueConstraint("revision_id", "format"), {"info": {"derived": True}})

    id: Mapped[intpk]
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id", ondelete="CASCADE"))
    format: Mapped[str] = mapped_column(String(8))
    renderer: Mapped[int] = mapped_column(Integer)
    etag: Mapped[str] = mapped_column(String(80))
    media_type: Mapped[str] = mapped_column(String(80))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[created_at]
