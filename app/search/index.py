"""Keep the search index in step with the reviews, inside the caller's transaction.

Incident services call `reindex` after they flush and `remove` when a review is deleted, so
an edit and its index entry commit or roll back together. `reindex_all` rebuilds everything
in batches, for a new installation or after a bulk load.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import delete

from app.extensions import db
from app.incidents.models import Incident
from app.search import backends, documents
from app.search.documents import Document
from app.search.models import SearchDocument, SearchText


def reindex(incident: Incident) -> None:
    """Write the index entry of one incident from its current state in the session."""
    _store([documents.of(incident)])


def remove(incident_id: int) -> None:
    """Drop the index entry of an incident (its text leaves the FTS index with it)."""
    for model in (SearchText, SearchDocument):
        db.session.execute(delete(model).where(model.incident_id == incident_id))


def reindex_all(progress: Callable[[int], None] | None = None, batch: int = 1000) -> int:
    """Rebuild the entry of every incident, `batch` at a time; return how many were indexed.

    Flushes only: the caller commits once, so a failed rebuild leaves the old index intact.
    """
    done, next_id = 0, 0
    while docs := documents.batch(next_id, batch):
        _store(docs)
        done += len(docs)
        next_id = docs[-1].incident_id + 1
        if progress is not None:
            progress(len(docs))
    backends.current().finish_rebuild()
    return done


def _store(docs: Sequence[Document]) -> None:
    backends.current().store(docs)
