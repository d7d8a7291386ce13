"""Export one review: from the cache for a published revision, rendered live for a draft."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.exports import cache, document, json_export, markdown_export
from app.exports.document import Document
from app.incidents.models import Incident

PDF = "application/pdf"


@dataclass(frozen=True)
class Format:
    media_type: str
    render: Callable[[Document], bytes]


def _markdown(doc: Document) -> bytes:
    return markdown_export.render(doc).encode("utf-8", "replace")


def _pdf(doc: Document) -> bytes:
    # WeasyPrint (with Pango and fontconfig) adds about 40 MB to a process: load it only in
    # processes that render a PDF, not in every web worker and command.
    from app.exports import pdf

    return pdf.render(doc)


FORMATS = {
    "pdf": Format(PDF, _pdf),
    "md": Format(markdown_export.MEDIA_TYPE, _markdown),
    "json": Format(json_export.MEDIA_TYPE, json_export.render),
}


@dataclass(frozen=True)
class Export:
    """The bytes of one export and how to serve them."""

    content: bytes
    media_type: str
    filename: str
    etag: str | None  # None: a draft, which is never stored and never revalidated


def export_incident(incident: Incident, fmt: str) -> Export:
    """Return `incident` as "pdf", "md" or "json"; flushes a newly rendered revision's export."""
    chosen = FORMATS[fmt]
    filename = f"{incident.ref}.{fmt}"
    revision = document.published_revision(incident)
    if revision is not None:
        hit = cache.lookup(revision.id, fmt)
        if hit is not None:
            return Export(hit.content, hit.media_type, filename, hit.etag)
    doc = document.build(incident, revision)
    content = chosen.render(doc)
    etag = cache.store(revision.id, fmt, content, chosen.media_type) if doc.cacheable else None
    return Export(content, chosen.media_type, filename, etag)
